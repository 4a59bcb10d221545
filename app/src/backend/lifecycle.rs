//! Case use cases: applying, opening a case for a worker, taking steps and recording events
//! (each in one transaction with its timeline entry, audit entry and email), the case page, the
//! agency's board and its CSV export.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};

use super::access::{require, require_own_agency};
use super::audit::{self, Entry, RequestMeta};
use super::cases::case_record;
use super::decode::{stored, stored_json, stored_number, stored_opt, unknown};
use super::entity::{
    agency, case, case_event, departure_list, job_order, old_province, user, worker,
};
use super::job_orders::{agency_facts, order_facts};
use super::{outbox, rules, Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, CaseFacts, Decision, Target};
use crate::domain::accounts::Role;
use crate::domain::cases::CaseState;
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::job_orders::{ListStatus, OrderStatus};
use crate::domain::lifecycle::{
    agency_due_on, application_guards, certificate_valid_until, deadlines, next_actor,
    record_event, take_step, takes_a_place, AgencyFacts, CaseFile, Clocks, Event, NewWorker,
    OrderFacts, Party, Refusal, Situation, Step, StepError, StepKind, Transition,
};
use crate::domain::lifecycle::{offered_events, offered_steps};
use crate::domain::rules::{RuleKey, Rules};
use crate::domain::text::fold;
use crate::i18n::{lifecycle as words, Lang};
use crate::views::cases::{CaseBoardView, CaseFilter, CaseRowView, CaseView, TimelineEntryView};

pub const BOARD_PAGE_SIZE: u64 = 50;

fn refused(r: Refusal) -> ServiceError {
    ServiceError::Refused(StepError {
        fields: FieldErrors::default(),
        refusals: vec![r],
    })
}

pub async fn case_of_worker_on_order(
    backend: &Backend,
    worker_id: i32,
    order_id: i32,
) -> Result<Option<i32>, ServiceError> {
    Ok(case::Entity::find()
        .filter(case::Column::WorkerId.eq(worker_id))
        .filter(case::Column::JobOrderId.eq(order_id))
        .order_by_desc(case::Column::Id)
        .one(&backend.db)
        .await?
        .map(|c| c.id))
}

// ------------------------------------------------------------------ opening a case

async fn open_case_count<C: ConnectionTrait>(db: &C, worker_id: i32) -> Result<u64, ServiceError> {
    let closed: Vec<&str> = CaseState::ALL
        .into_iter()
        .filter(|s| s.is_terminal())
        .map(CaseState::as_str)
        .collect();
    Ok(case::Entity::find()
        .filter(case::Column::WorkerId.eq(worker_id))
        .filter(case::Column::State.is_not_in(closed))
        .count(db)
        .await?)
}

/// Takes a place on the order, if one is left: one conditional UPDATE, so two applications
/// racing for the last place cannot both get it.
async fn take_place<C: ConnectionTrait>(db: &C, order_id: i32) -> Result<bool, ServiceError> {
    let res = job_order::Entity::update_many()
        .col_expr(
            job_order::Column::Filled,
            Expr::col(job_order::Column::Filled).add(1),
        )
        .filter(job_order::Column::Id.eq(order_id))
        .filter(Expr::col(job_order::Column::Filled).lt(Expr::col(job_order::Column::Headcount)))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

async fn give_back_place<C: ConnectionTrait>(db: &C, order_id: i32) -> Result<(), ServiceError> {
    job_order::Entity::update_many()
        .col_expr(
            job_order::Column::Filled,
            Expr::col(job_order::Column::Filled).sub(1),
        )
        .filter(job_order::Column::Id.eq(order_id))
        .filter(job_order::Column::Filled.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Creates the case of `w` under `order`, after the application guards. Inside `txn`.
#[allow(clippy::too_many_arguments)]
async fn create_case(
    txn: &DatabaseTransaction,
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    w: &worker::Model,
    order: &job_order::Model,
    rules: &Rules,
    action: &'static str,
) -> Result<i32, ServiceError> {
    let today = backend.clock.today();
    let now = backend.clock.now();
    let agency = agency::Entity::find_by_id(order.agency_id)
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let book = rules::book(backend).await?;
    let facts = agency_facts(txn, &agency, &order.market_code, today).await?;
    let mut refusals = application_guards(
        rules,
        today,
        w.birth_date,
        &facts,
        &order_facts(order, &book, today)?,
    );
    // The count gives the refusal its words; the database's index on open cases is what keeps a
    // second one out when two applications of one worker arrive at once.
    if open_case_count(txn, w.id).await? > 0 {
        refusals.push(Refusal::OpenCaseExists);
    }
    if !refusals.is_empty() {
        return Err(ServiceError::Refused(StepError {
            fields: FieldErrors::default(),
            refusals,
        }));
    }
    if !take_place(txn, order.id).await? {
        return Err(refused(Refusal::HeadcountFull {
            headcount: stored_number("job_orders.headcount", order.id, order.headcount)?,
        }));
    }
    let c = insert_open_case(
        txn,
        case::ActiveModel {
            worker_id: Set(w.id),
            agency_id: Set(order.agency_id),
            job_order_id: Set(order.id),
            state: Set(CaseState::Applied.as_str().to_owned()),
            applied_on: Set(today),
            details: Set("{}".to_owned()),
            version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        },
    )
    .await?;
    case_event::ActiveModel {
        case_id: Set(c.id),
        kind: Set("applied".to_owned()),
        to_state: Set(Some(CaseState::Applied.as_str().to_owned())),
        happened_on: Set(today),
        data: Set("{}".to_owned()),
        user_id: Set(Some(actor.user_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::append(
        txn,
        now,
        meta,
        Entry::new(action)
            .by(Some(actor))
            .record("case", c.id)
            .agency(Some(order.agency_id))
            .case(c.id)
            .after(serde_json::json!({"state": "applied", "job_order": order.id, "worker": w.id})),
    )
    .await?;
    notify_worker(txn, backend, w, c.id, CaseState::Applied, |lang| {
        words::state(lang, CaseState::Applied).to_owned()
    })
    .await?;
    Ok(c.id)
}

/// Inserts a new open case, in a savepoint of `txn`: the unique index on open cases
/// (`idx_cases_one_open_per_worker`) refuses a second one for the worker with the same answer as
/// the count before it, and the savepoint leaves `txn` usable (an import goes on to its other
/// lines). Whoever took the place on the order gives it back when `txn` rolls back.
async fn insert_open_case(
    txn: &DatabaseTransaction,
    c: case::ActiveModel,
) -> Result<case::Model, ServiceError> {
    let savepoint = txn.begin().await?;
    match c.insert(&savepoint).await {
        Ok(c) => {
            savepoint.commit().await?;
            Ok(c)
        }
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            savepoint.rollback().await?;
            Err(refused(Refusal::OpenCaseExists))
        }
        Err(e) => Err(e.into()),
    }
}

/// An order one may apply to or open a case on, as far as this actor may know of it: an order
/// that is not approved, for a worker, or another agency's order, for agency staff, answers as
/// one that does not exist, so nobody learns of orders that are not theirs to see.
async fn visible_order(
    backend: &Backend,
    order_id: i32,
    visible: impl Fn(&job_order::Model, OrderStatus) -> bool,
) -> Result<job_order::Model, ServiceError> {
    let order = job_order::Entity::find_by_id(order_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let status = stored("job_orders.status", order.id, &order.status)?;
    if visible(&order, status) {
        Ok(order)
    } else {
        Err(ServiceError::NotFound)
    }
}

/// A signed-in worker applies to an approved order.
pub async fn apply(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    order_id: i32,
) -> Result<i32, ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::Apply,
        Target::Nothing,
        ("job_order", order_id.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let worker_id = actor.worker_id.ok_or(ServiceError::Forbidden)?;
    let order = visible_order(backend, order_id, |_, status| {
        status == OrderStatus::Approved
    })
    .await?;
    let rules = rules::on(backend, backend.clock.today()).await?;
    let txn = backend.begin_write().await?;
    let w = worker::Entity::find_by_id(worker_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let id = create_case(
        &txn,
        backend,
        meta,
        actor,
        &w,
        &order,
        &rules,
        "case.applied",
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Agency staff open a case for a person found (or first recorded) by citizen ID. The same
/// citizen ID is always the same person: an existing record is used only if the name and birth
/// date agree with it.
pub async fn open_case(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    person: NewWorker,
    order_id: i32,
) -> Result<i32, ServiceError> {
    let agency_id = require_own_agency(backend, meta, actor, Action::ManageCases).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    // The agency's own orders in any status: the guards refuse one that is not approved, and say
    // why.
    let order = visible_order(backend, order_id, |o, _| o.agency_id == agency_id).await?;
    let rules = rules::on(backend, backend.clock.today()).await?;
    let txn = backend.begin_write().await?;
    let w = find_or_create_worker(&txn, backend, &person).await?;
    let id = create_case(
        &txn,
        backend,
        meta,
        actor,
        &w,
        &order,
        &rules,
        "case.opened",
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

async fn find_or_create_worker<C: ConnectionTrait>(
    db: &C,
    backend: &Backend,
    p: &NewWorker,
) -> Result<worker::Model, ServiceError> {
    if let Some(w) = worker::Entity::find()
        .filter(worker::Column::CitizenId.eq(p.citizen_id.as_str()))
        .one(db)
        .await?
    {
        if w.birth_date == p.birth_date && fold(&w.full_name) == fold(&p.full_name) {
            return Ok(w);
        }
        let mut e = FieldErrors::default();
        e.add("citizen_id", Problem::IdentityMismatch);
        return Err(ServiceError::Invalid(e));
    }
    let old_code = &p.citizen_id[1..3];
    let old = old_province::Entity::find_by_id(old_code.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| {
            let mut e = FieldErrors::default();
            e.add(
                "citizen_id",
                Problem::CitizenId(crate::domain::citizen_id::CitizenIdError::Province),
            );
            ServiceError::Invalid(e)
        })?;
    Ok(worker::ActiveModel {
        citizen_id: Set(p.citizen_id.clone()),
        full_name: Set(p.full_name.clone()),
        birth_date: Set(p.birth_date),
        sex: Set(p.sex.as_str().to_owned()),
        phone: Set(p.phone.clone()),
        email: Set(None),
        province_code: Set(old.new_code),
        old_province_code: Set(Some(old.code)),
        ethnicity: Set(String::new()),
        household: Set("unknown".into()),
        created_at: Set(backend.clock.now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

// ------------------------------------------------------------------ steps and events

/// What a change needs in hand: the case with its worker, order and agency, as this actor may
/// change it.
pub struct Loaded {
    pub case: case::Model,
    pub worker: worker::Model,
    pub order: job_order::Model,
    pub agency: agency::Model,
}

pub async fn load_for_change(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<Loaded, ServiceError> {
    let rec = case_record(backend, meta, actor, id).await?;
    let facts = CaseFacts {
        agency_id: rec.case.agency_id,
        worker_id: rec.worker.id,
        worker_province: rec.worker.province_code.clone(),
    };
    require(
        backend,
        meta,
        actor,
        Action::ChangeCase,
        Target::Case(&facts),
        ("case", id.to_string()),
    )
    .await?;
    let order = rec.job_order.ok_or(ServiceError::NotFound)?;
    let agency = agency::Entity::find_by_id(rec.case.agency_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(Loaded {
        case: rec.case,
        worker: rec.worker,
        order,
        agency,
    })
}

async fn list_confirmed<C: ConnectionTrait>(db: &C, c: &case::Model) -> Result<bool, ServiceError> {
    let Some(list_id) = c.departure_list_id else {
        return Ok(false);
    };
    match departure_list::Entity::find_by_id(list_id).one(db).await? {
        Some(l) => Ok(
            stored::<ListStatus>("departure_lists.status", l.id, &l.status)?
                == ListStatus::Confirmed,
        ),
        None => Ok(false),
    }
}

/// What the guards need besides the case file: is its departure list confirmed, the agency's
/// standing in the order's market, the order's facts under today's rules.
async fn guard_facts(
    txn: &DatabaseTransaction,
    backend: &Backend,
    l: &Loaded,
    today: NaiveDate,
) -> Result<(bool, AgencyFacts, OrderFacts), ServiceError> {
    let book = rules::book(backend).await?;
    Ok((
        list_confirmed(txn, &l.case).await?,
        agency_facts(txn, &l.agency, &l.order.market_code, today).await?,
        order_facts(&l.order, &book, today)?,
    ))
}

/// The stored case file. One that cannot be read refuses whatever was asked (the stored text
/// stays as it is), never becomes an empty file that the next step would write back.
pub(crate) fn file_of(c: &case::Model) -> Result<CaseFile, ServiceError> {
    stored_json("cases.details", c.id, &c.details)
}

fn state_of(c: &case::Model) -> Result<CaseState, ServiceError> {
    stored("cases.state", c.id, &c.state)
}

/// Takes a step on a case, as the guards allow. `version` is the case version the form showed.
pub async fn take(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
    version: i32,
    step: Step,
) -> Result<CaseState, ServiceError> {
    // DOLAB confirms cases through their departure list, never one by one.
    if step.kind() == StepKind::ConfirmList {
        return Err(ServiceError::NotFound);
    }
    let l = load_for_change(backend, meta, actor, id).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let party = Party::of(actor).ok_or(ServiceError::Forbidden)?;
    let today = backend.clock.today();
    let rules = rules::on(backend, today).await?;
    let txn = backend.begin_write().await?;
    let file = file_of(&l.case)?;
    let from = state_of(&l.case)?;
    let (departure_list_confirmed, agency, order) = guard_facts(&txn, backend, &l, today).await?;
    let situation = Situation {
        today,
        rules: &rules,
        party,
        state: from,
        file: &file,
        applied_on: l.case.applied_on,
        selected_on: l.case.selected_on,
        departure_list_confirmed,
        agency,
        order,
    };
    let t = take_step(&situation, step.clone()).map_err(ServiceError::Refused)?;
    if version != l.case.version {
        return Err(refused(Refusal::ChangedMeanwhile));
    }
    let to = t.to;
    persist_transition(
        &txn, backend, meta, actor, &l.case, &l.worker, from, t, &step, &rules,
    )
    .await?;
    txn.commit().await?;
    Ok(to)
}

/// Writes a permitted step: the case row (only if nobody changed it meanwhile), the place on the
/// order, the timeline entry, the audit entry and the worker's email, all in `txn`.
#[allow(clippy::too_many_arguments)]
pub async fn persist_transition(
    txn: &DatabaseTransaction,
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    c: &case::Model,
    w: &worker::Model,
    from: CaseState,
    t: Transition,
    step: &Step,
    rules: &Rules,
) -> Result<(), ServiceError> {
    let now = backend.clock.now();
    let list_submitted_on = list_submitted_on(txn, c).await?;
    let clocks = Clocks {
        selected_on: t.selected_on,
        departed_on: t.departed_on.or(c.departed_on),
        ended_on: t.ended_on.or(c.ended_on),
        list_submitted_on,
        last_update_month: c.last_update_month,
    };
    let due_on = agency_due_on(&deadlines(t.to, &t.file, &clocks, rules));
    let details =
        serde_json::to_string(&t.file).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
    let res = case::Entity::update_many()
        .col_expr(case::Column::State, Expr::value(t.to.as_str()))
        .col_expr(case::Column::Details, Expr::value(details))
        .col_expr(case::Column::SelectedOn, Expr::value(t.selected_on))
        .col_expr(
            case::Column::DepartedOn,
            Expr::value(t.departed_on.or(c.departed_on)),
        )
        .col_expr(
            case::Column::EndedOn,
            Expr::value(t.ended_on.or(c.ended_on)),
        )
        .col_expr(
            case::Column::EndReason,
            Expr::value(
                t.end_reason
                    .map(|r| r.as_str().to_owned())
                    .or_else(|| c.end_reason.clone()),
            ),
        )
        .col_expr(case::Column::DueOn, Expr::value(due_on))
        .col_expr(case::Column::Version, Expr::value(c.version + 1))
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .filter(case::Column::Id.eq(c.id))
        .filter(case::Column::Version.eq(c.version))
        .exec(txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(refused(Refusal::ChangedMeanwhile));
    }
    if takes_a_place(from) && !takes_a_place(t.to) {
        give_back_place(txn, c.job_order_id).await?;
    }
    let data = serde_json::to_string(step).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
    case_event::ActiveModel {
        case_id: Set(c.id),
        kind: Set("step".to_owned()),
        step: Set(Some(step.kind().as_str().to_owned())),
        from_state: Set(Some(from.as_str().to_owned())),
        to_state: Set(Some(t.to.as_str().to_owned())),
        happened_on: Set(t.on),
        data: Set(data),
        user_id: Set(Some(actor.user_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::append(
        txn,
        now,
        meta,
        Entry::new("case.step")
            .by(Some(actor))
            .record("case", c.id)
            .agency(Some(c.agency_id))
            .case(c.id)
            .before(serde_json::json!({"state": from.as_str(), "version": c.version}))
            .after(serde_json::json!({
                "state": t.to.as_str(), "version": c.version + 1, "step": step,
            })),
    )
    .await?;
    let to = t.to;
    notify_worker(txn, backend, w, c.id, to, |lang| {
        words::state(lang, to).to_owned()
    })
    .await
}

async fn list_submitted_on<C: ConnectionTrait>(
    db: &C,
    c: &case::Model,
) -> Result<Option<NaiveDate>, ServiceError> {
    let Some(id) = c.departure_list_id else {
        return Ok(None);
    };
    match departure_list::Entity::find_by_id(id).one(db).await? {
        Some(l) => {
            let status: ListStatus = stored("departure_lists.status", l.id, &l.status)?;
            Ok((status == ListStatus::Submitted).then_some(l.submitted_on))
        }
        None => Ok(None),
    }
}

/// Emails the worker (their account's address and language, else the address on the worker
/// record) that the case changed, with what comes next.
pub(crate) async fn notify_worker<C: ConnectionTrait>(
    db: &C,
    backend: &Backend,
    w: &worker::Model,
    case_id: i32,
    state: CaseState,
    what: impl Fn(Lang) -> String,
) -> Result<(), ServiceError> {
    let account = user::Entity::find()
        .filter(user::Column::WorkerId.eq(w.id))
        .one(db)
        .await?;
    let (to, lang) = match (&account, &w.email) {
        (Some(u), _) => (u.email.clone(), stored("users.lang", u.id, &u.lang)?),
        (None, Some(e)) if !e.is_empty() => (e.clone(), Lang::Vi),
        _ => return Ok(()),
    };
    let (who, step) = next_actor(state);
    let next = match step {
        Some(s) => format!(
            "{} — {}",
            words::next_actor(lang, who),
            words::step(lang, s)
        ),
        None => words::next_actor(lang, who).to_owned(),
    };
    let link = format!("{}/cases/{case_id}", backend.settings.public_url);
    let msg = outbox::case_changed(lang, &to, &w.full_name, case_id, &what(lang), &next, &link);
    outbox::enqueue(
        db,
        backend.clock.now(),
        msg,
        &backend.settings.mail_domain(),
    )
    .await
}

/// Records an event (certificate, monthly update, workplace change, incident) on a case.
pub async fn record(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
    version: i32,
    event: Event,
) -> Result<(), ServiceError> {
    let l = load_for_change(backend, meta, actor, id).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let party = Party::of(actor).ok_or(ServiceError::Forbidden)?;
    let today = backend.clock.today();
    let now = backend.clock.now();
    let rules = rules::on(backend, today).await?;
    let txn = backend.begin_write().await?;
    let file = file_of(&l.case)?;
    let state = state_of(&l.case)?;
    let (departure_list_confirmed, agency, order) = guard_facts(&txn, backend, &l, today).await?;
    let situation = Situation {
        today,
        rules: &rules,
        party,
        state,
        file: &file,
        applied_on: l.case.applied_on,
        selected_on: l.case.selected_on,
        departure_list_confirmed,
        agency,
        order,
    };
    let new_file = record_event(&situation, &event).map_err(ServiceError::Refused)?;
    if version != l.case.version {
        return Err(refused(Refusal::ChangedMeanwhile));
    }
    let (on, last_month) = match &event {
        Event::Certificate(c) => (c.issued_on, l.case.last_update_month),
        Event::MonthlyUpdate { month, .. } => (
            *month,
            Some(l.case.last_update_month.map_or(*month, |m| m.max(*month))),
        ),
        Event::WorkplaceChange { changed_on, .. } => (*changed_on, l.case.last_update_month),
        Event::Incident { on, .. } => (*on, l.case.last_update_month),
    };
    let clocks = Clocks {
        selected_on: l.case.selected_on,
        departed_on: l.case.departed_on,
        ended_on: l.case.ended_on,
        list_submitted_on: list_submitted_on(&txn, &l.case).await?,
        last_update_month: last_month,
    };
    let due_on = agency_due_on(&deadlines(state, &new_file, &clocks, &rules));
    let details =
        serde_json::to_string(&new_file).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
    let res = case::Entity::update_many()
        .col_expr(case::Column::Details, Expr::value(details))
        .col_expr(case::Column::LastUpdateMonth, Expr::value(last_month))
        .col_expr(case::Column::DueOn, Expr::value(due_on))
        .col_expr(case::Column::Version, Expr::value(l.case.version + 1))
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .filter(case::Column::Id.eq(id))
        .filter(case::Column::Version.eq(l.case.version))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(refused(Refusal::ChangedMeanwhile));
    }
    let data = serde_json::to_string(&event).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
    case_event::ActiveModel {
        case_id: Set(id),
        kind: Set("event".to_owned()),
        step: Set(Some(event.kind().to_owned())),
        happened_on: Set(on),
        data: Set(data),
        user_id: Set(Some(actor.user_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        now,
        meta,
        Entry::new("case.event")
            .by(Some(actor))
            .record("case", id)
            .agency(Some(l.case.agency_id))
            .case(id)
            .before(serde_json::json!({"version": l.case.version}))
            .after(serde_json::json!({"version": l.case.version + 1, "event": event})),
    )
    .await?;
    let kind = event.kind();
    notify_worker(&txn, backend, &l.worker, id, state, |lang| {
        event_label(lang, kind).to_owned()
    })
    .await?;
    txn.commit().await?;
    Ok(())
}

pub fn event_label(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "certificate" => lang.tr(
            "Đã ghi chứng chỉ bồi dưỡng kiến thức",
            "Orientation certificate recorded",
        ),
        "monthly_update" => lang.tr("Cập nhật tình hình hằng tháng", "Monthly update"),
        "workplace_change" => lang.tr("Thay đổi nơi làm việc", "Change of workplace"),
        "incident" => lang.tr("Ghi nhận sự cố", "Incident recorded"),
        _ => lang.tr("Cập nhật hồ sơ", "Case updated"),
    }
}

// ------------------------------------------------------------------ reading

/// The case page: facts, terms, timeline, deadlines, and what this viewer may do next.
pub async fn view(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<CaseView, ServiceError> {
    let rec = case_record(backend, meta, actor, id).await?;
    let c = rec.case;
    let w = rec.worker;
    let order = rec.job_order.ok_or(ServiceError::NotFound)?;
    let today = backend.clock.today();
    let book = rules::book(backend).await?;
    let rules = book.on(today).ok();
    let state = state_of(&c)?;
    let file = file_of(&c)?;
    let events = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(id))
        .order_by_asc(case_event::Column::Id)
        .all(&backend.db)
        .await?;
    let user_ids: Vec<i32> = events.iter().filter_map(|e| e.user_id).collect();
    let roles: HashMap<i32, Role> = if user_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(user_ids))
            .all(&backend.db)
            .await?
            .into_iter()
            .map(|u| Ok((u.id, stored("users.role", u.id, &u.role)?)))
            .collect::<Result<_, ServiceError>>()?
    };
    let mut timeline: Vec<TimelineEntryView> = events
        .into_iter()
        .map(|e| {
            let (applied, step, event) = match e.kind.as_str() {
                "applied" => (true, None, None),
                "step" => (
                    false,
                    Some(stored_json("case_events.data", e.id, &e.data)?),
                    None,
                ),
                "event" => (
                    false,
                    None,
                    Some(stored_json("case_events.data", e.id, &e.data)?),
                ),
                other => return Err(unknown("case_events.kind", e.id, other)),
            };
            Ok(TimelineEntryView {
                on: e.happened_on,
                at: e.created_at,
                applied,
                step,
                event,
                to_state: stored_opt("case_events.to_state", e.id, e.to_state.as_deref())?,
                by: e.user_id.and_then(|u| roles.get(&u).copied()),
            })
        })
        .collect::<Result<_, ServiceError>>()?;
    if timeline.is_empty() {
        // Cases entered before the timeline existed still show their application.
        timeline.push(TimelineEntryView {
            on: c.applied_on,
            at: c.created_at,
            applied: true,
            step: None,
            event: None,
            to_state: Some(CaseState::Applied),
            by: None,
        });
    }
    let list_row = match c.departure_list_id {
        Some(lid) => {
            departure_list::Entity::find_by_id(lid)
                .one(&backend.db)
                .await?
        }
        None => None,
    };
    let list = match &list_row {
        Some(l) => Some((
            l.id,
            stored::<ListStatus>("departure_lists.status", l.id, &l.status)?,
        )),
        None => None,
    };
    let clocks = Clocks {
        selected_on: c.selected_on,
        departed_on: c.departed_on,
        ended_on: c.ended_on,
        list_submitted_on: list_row
            .filter(|_| list.is_some_and(|(_, s)| s == ListStatus::Submitted))
            .map(|l| l.submitted_on),
        last_update_month: c.last_update_month,
    };
    let (who, next) = next_actor(state);
    let facts = CaseFacts {
        agency_id: c.agency_id,
        worker_id: w.id,
        worker_province: w.province_code.clone(),
    };
    let may_change = decide(actor, Action::ChangeCase, Target::Case(&facts)) == Decision::Allow;
    // What the page offers; the guards decide when a step is taken.
    let viewer = actor.and_then(Party::of).filter(|_| may_change);
    let offered = offered_steps(state, viewer);
    let events = offered_events(state, viewer);
    let order_view = super::job_orders::views(backend, vec![order])
        .await?
        .pop()
        .ok_or(ServiceError::NotFound)?;
    let province = backend
        .reference
        .get(&backend.db)
        .await?
        .province(&w.province_code);
    Ok(CaseView {
        id: c.id,
        version: c.version,
        state,
        applied_on: c.applied_on,
        selected_on: c.selected_on,
        departed_on: c.departed_on,
        ended_on: c.ended_on,
        end_reason: stored_opt("cases.end_reason", c.id, c.end_reason.as_deref())?,
        worker_name: w.full_name,
        citizen_id: w.citizen_id,
        birth_date: w.birth_date,
        phone: w.phone,
        province,
        order: order_view,
        deadlines: rules
            .as_ref()
            .map(|r| deadlines(state, &file, &clocks, r))
            .unwrap_or_default(),
        certificate_valid_until: match (&file.certificate, &rules) {
            (Some(cert), Some(r)) => Some(certificate_valid_until(cert, r)),
            _ => None,
        },
        fund_worker_vnd: book.value(RuleKey::FundWorkerVnd, "", today).ok(),
        file,
        timeline,
        next_actor: who,
        next_step: next,
        today,
        offered,
        events,
        list,
        viewer: actor.map(|a| a.role),
    })
}

fn board_query(agency_id: i32, f: &CaseFilter, today: NaiveDate) -> sea_orm::Select<case::Entity> {
    let mut q = case::Entity::find().filter(case::Column::AgencyId.eq(agency_id));
    if let Some(s) = f.state.as_deref().and_then(CaseState::parse) {
        q = q.filter(case::Column::State.eq(s.as_str()));
    }
    if let Some(o) = f.order_id {
        q = q.filter(case::Column::JobOrderId.eq(o));
    }
    if let Some(m) = f.market.as_deref().filter(|m| !m.is_empty()) {
        q = q.filter(
            case::Column::JobOrderId.in_subquery(
                Query::select()
                    .column(job_order::Column::Id)
                    .from(job_order::Entity)
                    .and_where(job_order::Column::MarketCode.eq(m))
                    .to_owned(),
            ),
        );
    }
    if f.overdue {
        q = q.filter(case::Column::DueOn.lt(today));
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let cond = if digits.len() == 12 {
            Condition::all().add(worker::Column::CitizenId.eq(digits))
        } else {
            Condition::all().add(worker::Column::FullName.contains(text))
        };
        q = q.filter(
            case::Column::WorkerId.in_subquery(
                Query::select()
                    .column(worker::Column::Id)
                    .from(worker::Entity)
                    .cond_where(cond)
                    .to_owned(),
            ),
        );
    }
    q
}

async fn rows_of(
    backend: &Backend,
    cases: Vec<case::Model>,
    today: NaiveDate,
) -> Result<Vec<CaseRowView>, ServiceError> {
    let worker_ids: Vec<i32> = cases.iter().map(|c| c.worker_id).collect();
    let order_ids: Vec<i32> = cases.iter().map(|c| c.job_order_id).collect();
    let workers: HashMap<i32, worker::Model> = worker::Entity::find()
        .filter(worker::Column::Id.is_in(worker_ids))
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|w| (w.id, w))
        .collect();
    let orders: HashMap<i32, job_order::Model> = job_order::Entity::find()
        .filter(job_order::Column::Id.is_in(order_ids))
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    cases
        .into_iter()
        .map(|c| {
            let w = workers.get(&c.worker_id);
            let o = orders.get(&c.job_order_id);
            Ok(CaseRowView {
                id: c.id,
                worker: w.map(|w| w.full_name.clone()).unwrap_or_default(),
                citizen_id: w.map(|w| w.citizen_id.clone()).unwrap_or_default(),
                state: state_of(&c)?,
                order_id: c.job_order_id,
                market: o.map(|o| o.market_code.clone()).unwrap_or_default(),
                employer: o.map(|o| o.employer_name.clone()).unwrap_or_default(),
                applied_on: c.applied_on,
                due_on: c.due_on,
                overdue: c.due_on.is_some_and(|d| d < today),
            })
        })
        .collect()
}

pub async fn rows_by_ids(
    backend: &Backend,
    cases: Vec<case::Model>,
) -> Result<Vec<CaseRowView>, ServiceError> {
    rows_of(backend, cases, backend.clock.today()).await
}

/// The agency's own cases, filtered, newest first.
pub async fn board(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    filter: CaseFilter,
) -> Result<CaseBoardView, ServiceError> {
    let agency_id = require_own_agency(backend, meta, actor, Action::ListAgencyCases).await?;
    let today = backend.clock.today();
    let page = filter.page.max(1);
    let q = board_query(agency_id, &filter, today);
    let total = q.clone().count(&backend.db).await?;
    let cases = q
        .order_by_desc(case::Column::Id)
        .offset((page - 1) * BOARD_PAGE_SIZE)
        .limit(BOARD_PAGE_SIZE)
        .all(&backend.db)
        .await?;
    let orders = job_order::Entity::find()
        .filter(job_order::Column::AgencyId.eq(agency_id))
        .order_by_desc(job_order::Column::Id)
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|o| {
            (
                o.id,
                format!("#{} · {} · {}", o.id, o.market_code, o.employer_name),
            )
        })
        .collect();
    let agency = agency::Entity::find_by_id(agency_id)
        .one(&backend.db)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    Ok(CaseBoardView {
        agency,
        rows: rows_of(backend, cases, today).await?,
        total,
        page,
        pages: total.div_ceil(BOARD_PAGE_SIZE).max(1),
        orders,
        markets: backend.reference.get(&backend.db).await?.markets.clone(),
        today,
        head_office: actor.is_some_and(|a| a.head_office),
    })
}

fn csv_field(s: &str) -> String {
    // Quote everything; a leading formula character is neutralised for spreadsheets.
    let safe = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    format!("\"{}\"", safe.replace('"', "\"\""))
}

/// The board as CSV (UTF-8 with BOM, so spreadsheet programs read Vietnamese correctly).
pub async fn export_csv(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    filter: CaseFilter,
    lang: Lang,
) -> Result<String, ServiceError> {
    let agency_id = require_own_agency(backend, meta, actor, Action::ListAgencyCases).await?;
    let today = backend.clock.today();
    let mut out = String::from("\u{feff}");
    out.push_str(
        "case_id,citizen_id,full_name,state,state_label,job_order_id,market,employer,applied_on,due_on,overdue\r\n",
    );
    let q = board_query(agency_id, &filter, today).order_by_asc(case::Column::Id);
    let mut pages = q.paginate(&backend.db, 1000);
    while let Some(batch) = pages.fetch_and_next().await? {
        for r in rows_of(backend, batch, today).await? {
            let fields = [
                r.id.to_string(),
                r.citizen_id,
                r.worker,
                r.state.as_str().to_owned(),
                words::state(lang, r.state).to_owned(),
                r.order_id.to_string(),
                r.market,
                r.employer,
                r.applied_on.to_string(),
                r.due_on.map(|d| d.to_string()).unwrap_or_default(),
                if r.overdue { "yes" } else { "no" }.to_owned(),
            ];
            out.push_str(
                &fields
                    .iter()
                    .map(|f| csv_field(f))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
        }
    }
    audit::record(
        &backend.db,
        backend.clock.now(),
        meta,
        Entry::new("case.exported")
            .by(actor)
            .record("agency", agency_id)
            .agency(Some(agency_id))
            .after(serde_json::json!({"filter": filter})),
    )
    .await?;
    Ok(out)
}
