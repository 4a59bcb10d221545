//! Departure lists: the agency groups workers of one order who have their visa; DOLAB confirms
//! the list (each case moves to "list confirmed") or rejects it with a reason.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::access::{require, require_own_agency};
use super::audit::{self, Entry, RequestMeta};
use super::decode::stored;
use super::entity::{agency, case, departure_list, job_order, worker};
use super::job_orders::{agency_facts, order_facts};
use super::lifecycle::{file_of, persist_transition, rows_by_ids};
use super::{rules, Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, Decision, Target};
use crate::domain::cases::CaseState;
use crate::domain::forms::{FieldErrors, FormProblem, Problem};
use crate::domain::job_orders::{list_confirmation_due, ListStatus, OrderStatus};
use crate::domain::lifecycle::{take_step, Party, Situation, Step, StepError};
use crate::views::departure_lists::{DepartureListView, DepartureListsView, ReadyGroupView};

/// The lists with their order, agency and workers, in a fixed number of queries however many
/// lists there are.
async fn list_views(
    backend: &Backend,
    lists: Vec<departure_list::Model>,
) -> Result<Vec<DepartureListView>, ServiceError> {
    let today = backend.clock.today();
    let rules = rules::book(backend).await?.on(today).ok();
    let orders: HashMap<i32, job_order::Model> = job_order::Entity::find()
        .filter(job_order::Column::Id.is_in(lists.iter().map(|l| l.job_order_id)))
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let agencies: HashMap<i32, String> = agency::Entity::find()
        .filter(agency::Column::Id.is_in(lists.iter().map(|l| l.agency_id)))
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let cases = case::Entity::find()
        .filter(case::Column::DepartureListId.is_in(lists.iter().map(|l| l.id)))
        .order_by_asc(case::Column::Id)
        .all(&backend.db)
        .await?;
    let list_of: HashMap<i32, i32> = cases
        .iter()
        .filter_map(|c| Some((c.id, c.departure_list_id?)))
        .collect();
    let mut rows_by_list: HashMap<i32, Vec<_>> = HashMap::new();
    for row in rows_by_ids(backend, cases).await? {
        if let Some(list) = list_of.get(&row.id) {
            rows_by_list.entry(*list).or_default().push(row);
        }
    }
    lists
        .into_iter()
        .map(|l| {
            let order = orders.get(&l.job_order_id);
            let status: ListStatus = stored("departure_lists.status", l.id, &l.status)?;
            Ok(DepartureListView {
                id: l.id,
                agency: agencies.get(&l.agency_id).cloned().unwrap_or_default(),
                order_id: l.job_order_id,
                employer: order.map(|o| o.employer_name.clone()).unwrap_or_default(),
                market: order.map(|o| o.market_code.clone()).unwrap_or_default(),
                status,
                planned_exit_on: l.planned_exit_on,
                submitted_on: l.submitted_on,
                decided_on: l.decided_on,
                due_on: match (status, &rules) {
                    (ListStatus::Submitted, Some(r)) => {
                        Some(list_confirmation_due(l.submitted_on, r))
                    }
                    _ => None,
                },
                reason: l.decision_reason,
                cases: rows_by_list.remove(&l.id).unwrap_or_default(),
            })
        })
        .collect()
}

/// Agencies see their lists and the workers ready to be listed; DOLAB sees every list waiting
/// for confirmation, then the latest decided ones.
pub async fn overview(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
) -> Result<DepartureListsView, ServiceError> {
    let today = backend.clock.today();
    let dolab = decide(actor, Action::DecideOrders, Target::Nothing) == Decision::Allow;
    if dolab {
        let mut lists = departure_list::Entity::find()
            .filter(departure_list::Column::Status.eq(ListStatus::Submitted.as_str()))
            .order_by_asc(departure_list::Column::SubmittedOn)
            .limit(200)
            .all(&backend.db)
            .await?;
        lists.extend(
            departure_list::Entity::find()
                .filter(departure_list::Column::Status.ne(ListStatus::Submitted.as_str()))
                .order_by_desc(departure_list::Column::Id)
                .limit(20)
                .all(&backend.db)
                .await?,
        );
        return Ok(DepartureListsView {
            today,
            lists: list_views(backend, lists).await?,
            ready: Vec::new(),
            can_create: false,
            can_decide: true,
        });
    }
    let agency_id = require_own_agency(backend, meta, actor, Action::ViewAgencyWork).await?;
    let lists = departure_list::Entity::find()
        .filter(departure_list::Column::AgencyId.eq(agency_id))
        .order_by_desc(departure_list::Column::Id)
        .limit(50)
        .all(&backend.db)
        .await?;
    let ready_cases = case::Entity::find()
        .filter(case::Column::AgencyId.eq(agency_id))
        .filter(case::Column::State.eq(CaseState::VisaGranted.as_str()))
        .filter(case::Column::DepartureListId.is_null())
        .order_by_asc(case::Column::Id)
        .limit(2000)
        .all(&backend.db)
        .await?;
    let rows = rows_by_ids(backend, ready_cases).await?;
    let mut groups: BTreeMap<i32, ReadyGroupView> = BTreeMap::new();
    for r in rows {
        groups
            .entry(r.order_id)
            .or_insert_with(|| ReadyGroupView {
                order_id: r.order_id,
                employer: r.employer.clone(),
                market: r.market.clone(),
                cases: Vec::new(),
            })
            .cases
            .push(r);
    }
    Ok(DepartureListsView {
        today,
        lists: list_views(backend, lists).await?,
        ready: groups.into_values().collect(),
        can_create: decide(actor, Action::ManageCases, Target::Agency(agency_id))
            == Decision::Allow,
        can_decide: false,
    })
}

/// The agency sends a list of its workers with a visa, all of one approved order, to DOLAB.
pub async fn create(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    order_id: i32,
    case_ids: Vec<i32>,
    planned_exit_on: Result<NaiveDate, Problem>,
) -> Result<i32, ServiceError> {
    let agency_id = require_own_agency(backend, meta, actor, Action::ManageCases).await?;
    let today = backend.clock.today();
    let mut e = FieldErrors::default();
    let planned = e.check("planned_exit_on", planned_exit_on);
    if planned.is_some_and(|p| p < today) {
        e.add("planned_exit_on", Problem::BeforeEarlierStep);
    }
    if case_ids.is_empty() {
        e.add("case_ids", Problem::Required);
    }
    let order = job_order::Entity::find_by_id(order_id)
        .one(&backend.db)
        .await?;
    let approved = match &order {
        Some(o) => {
            stored::<OrderStatus>("job_orders.status", o.id, &o.status)? == OrderStatus::Approved
        }
        None => false,
    };
    let order = match order {
        Some(o) if o.agency_id == agency_id && approved => Some(o),
        _ => {
            e.add("order_id", Problem::Choice);
            None
        }
    };
    let (Some(planned), Some(order)) = (planned, order) else {
        return Err(ServiceError::Invalid(e));
    };
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    let now = backend.clock.now();
    let not_fitting = || {
        let mut e = FieldErrors::default();
        e.add("case_ids", Problem::Choice);
        ServiceError::Invalid(e)
    };
    let txn = backend.begin_write().await?;
    let list = departure_list::ActiveModel {
        agency_id: Set(agency_id),
        job_order_id: Set(order.id),
        status: Set(ListStatus::Submitted.as_str().to_owned()),
        planned_exit_on: Set(planned),
        submitted_on: Set(today),
        created_by: Set(actor.map(|a| a.user_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let rules = rules::on(backend, today).await?;
    let due = crate::domain::rules::add_working_days(
        today,
        rules.list_confirm_working_days,
        &rules.holidays,
    );
    // A case joins only while it is free, has its visa and belongs to this agency's order: the
    // conditions are in the update, so of two lists taking the same case at once one gets it
    // and the other takes nothing (its transaction, list and all, rolls back).
    let joined = case::Entity::update_many()
        .col_expr(case::Column::DepartureListId, Expr::value(list.id))
        .col_expr(
            case::Column::Version,
            Expr::col(case::Column::Version).add(1),
        )
        .filter(case::Column::Id.is_in(case_ids.clone()))
        .filter(case::Column::AgencyId.eq(agency_id))
        .filter(case::Column::JobOrderId.eq(order.id))
        .filter(case::Column::State.eq(CaseState::VisaGranted.as_str()))
        .filter(case::Column::DepartureListId.is_null())
        .exec(&txn)
        .await?;
    if usize::try_from(joined.rows_affected).ok() != Some(case_ids.len()) {
        return Err(not_fitting());
    }
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("departure_list.submitted")
            .by(actor)
            .record("departure_list", list.id)
            .agency(Some(agency_id))
            .after(serde_json::json!({
                "job_order": order.id, "cases": case_ids, "planned_exit_on": planned, "due": due
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(list.id)
}

/// DOLAB confirms a list (every case on it moves to "list confirmed", each audited and emailed)
/// or rejects it with a reason (the cases are free to be listed again). A list is decided once:
/// the update matches only while it is still submitted, so of a confirmation and a rejection at
/// once exactly one is taken and the other is told the list was already decided.
pub async fn decide_list(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
    approve: bool,
    reason: String,
) -> Result<(), ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::DecideOrders,
        Target::Nothing,
        ("departure_list", id.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let list = departure_list::Entity::find_by_id(id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let current: ListStatus = stored("departure_lists.status", list.id, &list.status)?;
    if current != ListStatus::Submitted {
        return Err(ServiceError::Problem(FormProblem::AlreadyDecided));
    }
    let today = backend.clock.today();
    let now = backend.clock.now();
    let rules = rules::on(backend, today).await?;
    let book = rules::book(backend).await?;
    let order = job_order::Entity::find_by_id(list.job_order_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let agency = agency::Entity::find_by_id(list.agency_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let status = if approve {
        ListStatus::Confirmed
    } else {
        ListStatus::Rejected
    };
    let txn = backend.begin_write().await?;
    let decided = departure_list::Entity::update_many()
        .col_expr(departure_list::Column::Status, Expr::value(status.as_str()))
        .col_expr(departure_list::Column::DecidedOn, Expr::value(Some(today)))
        .col_expr(
            departure_list::Column::DecidedBy,
            Expr::value(Some(actor.user_id)),
        )
        .col_expr(
            departure_list::Column::DecisionReason,
            Expr::value(Some(reason.clone()).filter(|r| !r.is_empty())),
        )
        .filter(departure_list::Column::Id.eq(id))
        .filter(departure_list::Column::Status.eq(ListStatus::Submitted.as_str()))
        .exec(&txn)
        .await?;
    if decided.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::AlreadyDecided));
    }
    // Read once the list is ours to decide: no other decision can move these cases meanwhile.
    let cases = case::Entity::find()
        .filter(case::Column::DepartureListId.eq(id))
        .all(&txn)
        .await?;
    if approve {
        let party = Party::of(actor).ok_or(ServiceError::Forbidden)?;
        let facts = agency_facts(&txn, &agency, &order.market_code, today).await?;
        let order_facts = order_facts(&order, &book, today)?;
        let mut refusals = Vec::new();
        for c in &cases {
            let w = worker::Entity::find_by_id(c.worker_id)
                .one(&txn)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let file = file_of(c)?;
            let state: CaseState = stored("cases.state", c.id, &c.state)?;
            let s = Situation {
                today,
                rules: &rules,
                book: &book,
                party,
                state,
                file: &file,
                applied_on: c.applied_on,
                selected_on: c.selected_on,
                departure_list_confirmed: false,
                agency: facts.clone(),
                order: order_facts.clone(),
            };
            let step = Step::ConfirmList {
                confirmed_on: today,
            };
            match take_step(&s, step.clone()) {
                Ok(t) => {
                    persist_transition(&txn, backend, meta, actor, c, &w, state, t, &step, &rules)
                        .await?
                }
                Err(e) => refusals.extend(e.refusals),
            }
        }
        if !refusals.is_empty() {
            // Nothing is confirmed unless every worker on the list may be.
            return Err(ServiceError::Refused(StepError {
                fields: FieldErrors::default(),
                refusals,
            }));
        }
    } else {
        case::Entity::update_many()
            .col_expr(
                case::Column::DepartureListId,
                Expr::value(Option::<i32>::None),
            )
            .col_expr(
                case::Column::Version,
                Expr::col(case::Column::Version).add(1),
            )
            .filter(case::Column::DepartureListId.eq(id))
            .exec(&txn)
            .await?;
    }
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new(if approve {
            "departure_list.confirmed"
        } else {
            "departure_list.rejected"
        })
        .by(Some(actor))
        .record("departure_list", id)
        .agency(Some(list.agency_id))
        .before(serde_json::json!({"status": list.status}))
        .after(serde_json::json!({"status": status.as_str(), "reason": reason, "cases": cases.iter().map(|c| c.id).collect::<Vec<_>>()})),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
