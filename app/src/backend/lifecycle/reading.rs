//! Reading cases: the case page, the agency's board and its CSV export.

#[allow(unused_imports)]
use super::*;

use sea_orm::sea_query::IntoIden;
use sea_orm::sea_query::{Alias, Func, Order, SimpleExpr};
use sea_orm::{FromQueryResult, QueryTrait, Select};

use crate::backend::joined;
use crate::domain::agencies::standing_of;

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
    let order = rec.job_order;
    let today = backend.clock.today();
    let book = rules::book(backend).await?;
    let rules = book.on(today).ok();
    let state = state_of(&c)?;
    let file = file_of(&c)?;
    let events = timeline_of(backend, id).await?;
    let mut timeline: Vec<TimelineEntryView> = events
        .into_iter()
        .map(|(e, by)| {
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
                by: match (e.user_id, by) {
                    (Some(u), Some(role)) => Some(stored("users.role", u, &role)?),
                    _ => None,
                },
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
    let list_row = rec.departure_list;
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
    let may_issue_claim_code = decide(actor, Action::IssueClaimCode, Target::Case(&facts))
        == Decision::Allow
        && !rec.record_claimed;
    // What the page offers; the guards decide when a step is taken.
    let viewer = actor.and_then(Party::of).filter(|_| may_change);
    let offered = offered_steps(state, viewer);
    let events = offered_events(state, viewer);
    let reference = backend.reference.get(&backend.db).await?;
    let licence = stored(
        "agencies.licence_status",
        rec.agency.id,
        &rec.agency.licence_status,
    )?;
    let terms = crate::backend::job_orders::order_terms(&order)?;
    let order_view = crate::backend::job_orders::view_of(
        order,
        (
            rec.agency.name,
            rec.agency.licence_number,
            standing_of(licence, rec.agency_suspended_today),
        ),
        &book,
        today,
        &reference,
    )?;
    let province = reference.province(&w.province_code);
    Ok(CaseView {
        id: c.id,
        version: c.version,
        state,
        applied_on: c.applied_on,
        selected_on: c.selected_on,
        departed_on: c.departed_on,
        ended_on: c.ended_on,
        end_reason: stored_opt("cases.end_reason", c.id, c.end_reason.as_deref())?,
        worker_id: w.id,
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
        contract_fee_cap_vnd: match &file.contract {
            Some(k) => crate::domain::lifecycle::contract_fee_cap(&book, &terms, k).ok(),
            None => None,
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
        may_issue_claim_code,
    })
}

/// A case's timeline, oldest first, each entry with the role of whoever made it, in one statement.
async fn timeline_of(
    backend: &Backend,
    case_id: i32,
) -> Result<Vec<(case_event::Model, Option<String>)>, ServiceError> {
    let mut q = Query::select();
    joined::columns::<case_event::Entity>(&mut q, "e_");
    q.expr_as(
        Expr::col((user::Entity, user::Column::Role)),
        Alias::new("by_role"),
    )
    .from(case_event::Entity)
    .left_join(
        user::Entity,
        Expr::col((user::Entity, user::Column::Id))
            .equals((case_event::Entity, case_event::Column::UserId)),
    )
    .and_where(Expr::col((case_event::Entity, case_event::Column::CaseId)).eq(case_id))
    .order_by((case_event::Entity, case_event::Column::Id), Order::Asc);
    let db = &backend.db;
    db.query_all(db.get_database_backend().build(&q))
        .await?
        .iter()
        .map(|row| {
            Ok((
                case_event::Model::from_query_result(row, "e_")?,
                row.try_get::<Option<String>>("", "by_role")?,
            ))
        })
        .collect()
}

pub(super) fn board_query(
    agency_id: i32,
    f: &CaseFilter,
    today: NaiveDate,
) -> sea_orm::Select<case::Entity> {
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
    if f.due_soon {
        q = q.filter(case::Column::DueOn.between(today, due_soon_until(today)));
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let cond = if digits.len() == 12 {
            Condition::all().add(worker::Column::CitizenId.eq(digits))
        } else {
            Condition::all().add(crate::backend::like::contains_as_typed(
                Expr::col((worker::Entity, worker::Column::FullName)),
                text,
            ))
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

pub(super) async fn rows_of(
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
            // A case's worker and order are foreign keys: one missing is a broken record.
            let w = workers
                .get(&c.worker_id)
                .ok_or_else(|| unknown("cases.worker_id", c.id, &c.worker_id.to_string()))?;
            let o = orders
                .get(&c.job_order_id)
                .ok_or_else(|| unknown("cases.job_order_id", c.id, &c.job_order_id.to_string()))?;
            let (worker, order) = (
                (w.full_name.clone(), w.citizen_id.clone()),
                (o.market_code.clone(), o.employer_name.clone()),
            );
            row_view(c, worker, order, today)
        })
        .collect()
}

fn row_view(
    c: case::Model,
    (worker, citizen_id): (String, String),
    (market, employer): (String, String),
    today: NaiveDate,
) -> Result<CaseRowView, ServiceError> {
    Ok(CaseRowView {
        id: c.id,
        worker,
        citizen_id,
        state: state_of(&c)?,
        order_id: c.job_order_id,
        market,
        employer,
        applied_on: c.applied_on,
        due_on: c.due_on,
        overdue: c.due_on.is_some_and(|d| d < today),
    })
}

/// The rows a board query selects, with their workers and orders, in one statement (outer joins:
/// a case whose worker or order is missing is an error, not a row left out).
async fn rows_joined(
    backend: &Backend,
    cases: Select<case::Entity>,
    today: NaiveDate,
) -> Result<Vec<CaseRowView>, ServiceError> {
    let mut q = cases.into_query();
    for (table, column, alias) in [
        (
            worker::Entity.into_iden(),
            worker::Column::FullName.into_iden(),
            "w_full_name",
        ),
        (
            worker::Entity.into_iden(),
            worker::Column::CitizenId.into_iden(),
            "w_citizen_id",
        ),
        (
            job_order::Entity.into_iden(),
            job_order::Column::MarketCode.into_iden(),
            "o_market",
        ),
        (
            job_order::Entity.into_iden(),
            job_order::Column::EmployerName.into_iden(),
            "o_employer",
        ),
    ] {
        q.expr_as(Expr::col((table, column)), Alias::new(alias));
    }
    q.left_join(
        worker::Entity,
        Expr::col((worker::Entity, worker::Column::Id))
            .equals((case::Entity, case::Column::WorkerId)),
    )
    .left_join(
        job_order::Entity,
        Expr::col((job_order::Entity, job_order::Column::Id))
            .equals((case::Entity, case::Column::JobOrderId)),
    );
    let db = &backend.db;
    db.query_all(db.get_database_backend().build(&q))
        .await?
        .iter()
        .map(|row| {
            let text = |name: &str| row.try_get::<String>("", name);
            row_view(
                case::Model::from_query_result(row, "")?,
                (text("w_full_name")?, text("w_citizen_id")?),
                (text("o_market")?, text("o_employer")?),
                today,
            )
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
    let rows = rows_joined(
        backend,
        q.order_by_desc(case::Column::Id)
            .offset((page - 1) * BOARD_PAGE_SIZE)
            .limit(BOARD_PAGE_SIZE),
        today,
    )
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
    let summary = board_summary(backend, agency_id, today).await?;
    Ok(CaseBoardView {
        agency,
        summary,
        rows,
        total,
        page,
        pages: total.div_ceil(BOARD_PAGE_SIZE).max(1),
        orders,
        markets: backend.reference.get(&backend.db).await?.markets.clone(),
        today,
        head_office: actor.is_some_and(|a| a.head_office),
    })
}

/// The last day of "due within the week": today and the seven days after it.
fn due_soon_until(today: NaiveDate) -> NaiveDate {
    today + chrono::Days::new(7)
}

/// The dashboard above the agency's board: open cases by state, what is overdue and what falls
/// due within the week.
async fn board_summary(
    backend: &Backend,
    agency_id: i32,
    today: NaiveDate,
) -> Result<BoardSummaryView, ServiceError> {
    // One statement: per state, its cases, those overdue and those due within the week.
    let due = |cond: SimpleExpr| -> SimpleExpr { Func::sum(Expr::case(cond, 1).finally(0)).into() };
    let counted: Vec<(String, i64, i64, i64)> = case::Entity::find()
        .select_only()
        .column(case::Column::State)
        .column_as(case::Column::Id.count(), "n")
        .column_as(due(case::Column::DueOn.lt(today)), "overdue")
        .column_as(
            due(case::Column::DueOn.between(today, due_soon_until(today))),
            "due_soon",
        )
        .filter(case::Column::AgencyId.eq(agency_id))
        .group_by(case::Column::State)
        .into_tuple()
        .all(&backend.db)
        .await?;
    let count = |n: i64| u64::try_from(n).map_err(|_| unknown("count(cases)", 0, &n.to_string()));
    let (mut by_state, mut overdue, mut due_this_week) = (Vec::new(), 0, 0);
    for (state, n, late, soon) in counted {
        let s = CaseState::parse(&state).ok_or_else(|| unknown("cases.state", 0, &state))?;
        by_state.push((s, count(n)?));
        overdue += count(late)?;
        due_this_week += count(soon)?;
    }
    by_state.sort_by_key(|(s, _)| CaseState::ALL.iter().position(|x| x == s));
    Ok(BoardSummaryView {
        by_state,
        overdue,
        due_this_week,
    })
}

pub(super) fn csv_field(s: &str) -> String {
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
    // In batches of 1,000, each one statement with its workers and orders.
    let mut offset = 0;
    loop {
        let batch = rows_joined(
            backend,
            board_query(agency_id, &filter, today)
                .order_by_asc(case::Column::Id)
                .offset(offset)
                .limit(1000),
            today,
        )
        .await?;
        if batch.is_empty() {
            break;
        }
        offset += batch.len() as u64;
        for r in batch {
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
        &backend.keys,
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
