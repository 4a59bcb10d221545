//! The settlement of a case: computed from the end reason and the ledger, recorded by the
//! agency (as computed, or with a reason for each difference), answered once by the worker.
//!
//! The first record on a case whose contract ended starts its liquidation (one transaction with
//! that step). While the worker has not confirmed, the agency may record a new version; once
//! confirmed, the settlement is final. Liquidating needs one the worker did not dispute; it moves
//! the deposit in the ledger as the latest version says (`lifecycle::take_in`).

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::access::require;
use super::audit::{self, Entry, RequestMeta};
use super::cases::case_record;
use super::decode::{stored, stored_json, stored_opt};
use super::entity::{case, settlement};
use super::job_orders::order_terms;
use super::lifecycle::{file_of, load_for_change, notify_worker, take_in};
use super::{payments, rules, Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, CaseFacts, Decision, Target};
use crate::domain::accounts::parse_date;
use crate::domain::cases::CaseState;
use crate::domain::forms::{FieldErrors, FormProblem, Problem};
use crate::domain::job_orders::Programme;
use crate::domain::lifecycle::{
    parse_vnd_or_zero, EndReason, Party, Refusal, Settlement, Step, StepError,
};
use crate::domain::payments::Answer;
use crate::domain::rules::RuleBook;
use crate::domain::settlement::{
    allows_damages, bank_scope, compute, record_lines, recorded_total, Cause, ComputeError,
    Computed, Inputs, LineKind, Rates, RecordedLine, Standing,
};
use crate::views::settlement::{
    BasisEntry, PreviewProblem, RecordSettlementInput, RecordedView, SettlementAsk, SettlementView,
};

fn refused(r: Refusal) -> ServiceError {
    ServiceError::Refused(StepError {
        fields: FieldErrors::default(),
        refusals: vec![r],
    })
}

/// States in which a settlement is computed: the case has ended, or will not go on.
fn ended(state: CaseState) -> bool {
    matches!(
        state,
        CaseState::ContractEnded
            | CaseState::LiquidationPending
            | CaseState::Liquidated
            | CaseState::NotSentInTime
            | CaseState::Withdrawn
            | CaseState::Rejected
            | CaseState::Cancelled
    )
}

/// States in which the agency may record one (never once liquidated).
fn recordable(state: CaseState) -> bool {
    ended(state) && state != CaseState::Liquidated
}

struct Facts {
    reason: EndReason,
    ended_on: chrono::NaiveDate,
    departed_on: Option<chrono::NaiveDate>,
    term_months: u32,
    forfeits: bool,
}

/// The facts of the case that the computation reads; none before the case has ended.
fn facts_of(
    c: &case::Model,
    order: &super::entity::job_order::Model,
) -> Result<Option<Facts>, ServiceError> {
    let state: CaseState = stored("cases.state", c.id, &c.state)?;
    let reason: Option<EndReason> = stored_opt("cases.end_reason", c.id, c.end_reason.as_deref())?;
    let (Some(reason), Some(ended_on)) = (reason, c.ended_on) else {
        return Ok(None);
    };
    if !ended(state) {
        return Ok(None);
    }
    let terms = order_terms(order)?;
    Ok(Some(Facts {
        reason,
        ended_on,
        departed_on: c.departed_on,
        term_months: terms.term_months,
        forfeits: terms.programme == Programme::Eps,
    }))
}

/// The ask as typed, read into the computation's inputs (problems next to their fields).
fn inputs_of(
    f: &Facts,
    ask: &SettlementAsk,
    today: chrono::NaiveDate,
    basis: (
        Vec<crate::domain::settlement::Paid>,
        Vec<crate::domain::settlement::Paid>,
        Option<String>,
    ),
    book: &RuleBook,
) -> Result<Inputs, FieldErrors> {
    let mut e = FieldErrors::default();
    let cause = if ask.cause.trim().is_empty() {
        None
    } else {
        e.check(
            "cause",
            Cause::parse(ask.cause.trim()).ok_or(Problem::Choice),
        )
    };
    let damages = e
        .check("damages_vnd", parse_vnd_or_zero(&ask.damages_vnd))
        .unwrap_or(0);
    if damages > 0 && ask.damages_note.trim().is_empty() {
        e.add("damages_note", Problem::Required);
    }
    if ask.damages_note.chars().count() > 1000 {
        e.add("damages_note", Problem::TooLong { max: 1000 });
    }
    let settle_on = if ask.settle_on.trim().is_empty() {
        Some(today.max(f.ended_on))
    } else {
        e.check("settle_on", parse_date(ask.settle_on.trim()))
    };
    if !e.is_empty() {
        return Err(e);
    }
    let (paid, deposits, bank) = basis;
    Ok(Inputs {
        reason: f.reason,
        cause,
        term_months: f.term_months,
        departed_on: f.departed_on,
        ended_on: f.ended_on,
        settle_on: settle_on.unwrap_or(today),
        paid,
        deposits,
        rates: Rates::of(book, &bank_scope(bank.as_deref().unwrap_or(""))),
        damages_vnd: damages,
        forfeits_deposit_on_overstay: f.forfeits,
    })
}

fn preview(
    book: &RuleBook,
    inputs: Result<Inputs, FieldErrors>,
) -> Result<Computed, PreviewProblem> {
    let inputs = inputs.map_err(PreviewProblem::Fields)?;
    compute(book, &inputs).map_err(|e| match e {
        ComputeError::Fields(f) => PreviewProblem::Fields(f),
        ComputeError::Missing(m) => PreviewProblem::Refused(m.into()),
    })
}

fn recorded_view(row: &settlement::Model) -> Result<RecordedView, ServiceError> {
    let computed: Computed = stored_json("settlements.computed", row.id, &row.computed)?;
    let lines: Vec<RecordedLine> = stored_json("settlements.lines", row.id, &row.lines)?;
    Ok(RecordedView {
        version: row.version,
        recorded_at: row.recorded_at,
        cause: stored_opt("settlements.cause", row.id, row.cause.as_deref())?,
        settle_on: row.settle_on,
        damages_vnd: row.damages_vnd,
        damages_note: row.damages_note.clone(),
        lines,
        fund: computed.fund,
        computed_total_vnd: computed.total_vnd,
        total_vnd: row.total_vnd,
        answer: stored_opt("settlements.answer", row.id, row.answer.as_deref())?,
        answer_note: row.answer_note.clone(),
        answered_at: row.answered_at,
    })
}

async fn versions<C: sea_orm::ConnectionTrait>(
    db: &C,
    case_id: i32,
) -> Result<Vec<settlement::Model>, ServiceError> {
    Ok(settlement::Entity::find()
        .filter(settlement::Column::CaseId.eq(case_id))
        .order_by_desc(settlement::Column::Version)
        .all(db)
        .await?)
}

fn standing_of(rows: &[settlement::Model]) -> Result<Option<Standing>, ServiceError> {
    let Some(latest) = rows.first() else {
        return Ok(None);
    };
    let mut ever_disputed = false;
    for r in rows {
        let a: Option<Answer> = stored_opt("settlements.answer", r.id, r.answer.as_deref())?;
        ever_disputed |= a == Some(Answer::Disputed);
    }
    Ok(Some(Standing {
        latest_answer: stored_opt("settlements.answer", latest.id, latest.answer.as_deref())?,
        ever_disputed,
    }))
}

/// The settlement's standing and the latest version's lines, for the liquidation step.
pub async fn latest_for_liquidation(
    txn: &DatabaseTransaction,
    case_id: i32,
) -> Result<Option<(Standing, Vec<RecordedLine>)>, ServiceError> {
    let rows = versions(txn, case_id).await?;
    let Some(standing) = standing_of(&rows)? else {
        return Ok(None);
    };
    let lines = stored_json("settlements.lines", rows[0].id, &rows[0].lines)?;
    Ok(Some((standing, lines)))
}

/// The settlement page: what the ledger holds, each recorded version, and what the system
/// computes for the ask (the agency's form, or everyone's preview before any is recorded).
pub async fn view(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    case_id: i32,
    ask: SettlementAsk,
) -> Result<SettlementView, ServiceError> {
    let rec = case_record(backend, meta, actor, case_id).await?;
    let facts = CaseFacts {
        agency_id: rec.case.agency_id,
        worker_id: rec.worker.id,
        worker_province: rec.worker.province_code.clone(),
    };
    let today = backend.clock.today();
    let state: CaseState = stored("cases.state", rec.case.id, &rec.case.state)?;
    let file = file_of(&rec.case)?;
    let book = rules::book(backend).await?;
    let rows = versions(&backend.db, case_id).await?;
    let recorded = rows
        .iter()
        .map(recorded_view)
        .collect::<Result<Vec<_>, _>>()?;
    let basis = payments::settlement_basis(&backend.db, case_id).await?;
    let basis_entries: Vec<BasisEntry> = basis
        .0
        .iter()
        .chain(basis.1.iter())
        .map(|p| BasisEntry {
            id: p.entry_id,
            kind: p.kind,
            paid_on: p.paid_on,
            amount_vnd: p.amount_vnd,
        })
        .collect();
    let f = facts_of(&rec.case, &rec.job_order)?;
    let head_office = actor.is_some_and(|a| Party::of(a) == Some(Party::AgencyHeadOffice));
    let latest_confirmed = recorded
        .first()
        .is_some_and(|v| v.answer == Some(Answer::Confirmed));
    let may_record = head_office
        && recordable(state)
        && !latest_confirmed
        && f.is_some()
        && decide(actor, Action::RecordSettlement, Target::Case(&facts)) == Decision::Allow;
    let may_answer = recorded.first().is_some_and(|v| v.answer.is_none())
        && decide(actor, Action::AnswerSettlement, Target::Case(&facts)) == Decision::Allow;
    // Asked afresh, or (before any record) as the latest version was asked.
    let ask = match recorded.first() {
        Some(v) if ask == SettlementAsk::default() => SettlementAsk {
            cause: v.cause.map(|c| c.as_str().to_owned()).unwrap_or_default(),
            damages_vnd: if v.damages_vnd > 0 {
                v.damages_vnd.to_string()
            } else {
                String::new()
            },
            damages_note: v.damages_note.clone(),
            settle_on: v.settle_on.format("%Y-%m-%d").to_string(),
        },
        _ => ask,
    };
    let preview = match &f {
        Some(f) if may_record || recorded.is_empty() => {
            Some(preview(&book, inputs_of(f, &ask, today, basis, &book)))
        }
        _ => None,
    };
    let liquidate_by = match (&f, state) {
        (Some(f), CaseState::ContractEnded | CaseState::LiquidationPending) => book
            .on(f.ended_on)
            .ok()
            .map(|r| crate::domain::rules::add_days(f.ended_on, r.liquidation_days)),
        _ => None,
    };
    Ok(SettlementView {
        case_id,
        case_version: rec.case.version,
        state,
        worker_name: rec.worker.full_name.clone(),
        agency_name: rec.agency.name.clone(),
        order_title: format!(
            "{} — {}",
            rec.job_order.occupation, rec.job_order.employer_name
        ),
        market: rec.job_order.market_code.clone(),
        contract_no: file.contract.as_ref().map(|c| c.number.clone()),
        term_months: f.as_ref().map_or(0, |f| f.term_months),
        departed_on: rec.case.departed_on,
        ended_on: rec.case.ended_on,
        reason: f.as_ref().map(|f| f.reason),
        liquidate_by,
        today,
        basis: basis_entries,
        causes: f
            .as_ref()
            .map(|f| Cause::for_reason(f.reason).to_vec())
            .unwrap_or_default(),
        allows_damages: f.as_ref().is_some_and(|f| allows_damages(f.reason)),
        versions: recorded,
        ask,
        preview,
        may_record,
        may_answer,
    })
}

/// Records a version of the settlement: recomputed here from the ask and the ledger as they
/// stand, each line as computed or with the reason it differs. On a case whose contract ended
/// it starts the liquidation in the same transaction. Head office only; never once the worker
/// confirmed a version or the case is liquidated.
pub async fn record(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: RecordSettlementInput,
) -> Result<i32, ServiceError> {
    let l = load_for_change(backend, meta, actor, input.case_id).await?;
    let facts = CaseFacts {
        agency_id: l.case.agency_id,
        worker_id: l.worker.id,
        worker_province: l.worker.province_code.clone(),
    };
    require(
        backend,
        meta,
        actor,
        Action::RecordSettlement,
        Target::Case(&facts),
        ("case", input.case_id.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    match Party::of(actor) {
        Some(Party::AgencyHeadOffice) => {}
        Some(Party::AgencyBranch) => return Err(refused(Refusal::BranchMayNotHandleMoney)),
        _ => return Err(ServiceError::Forbidden),
    }
    let state: CaseState = stored("cases.state", l.case.id, &l.case.state)?;
    let Some(f) = facts_of(&l.case, &l.order)?.filter(|_| recordable(state)) else {
        return Err(refused(Refusal::NotFromState { state }));
    };
    let today = backend.clock.today();
    let book = rules::book(backend).await?;
    // Locked from here to the commit: two records at once are taken one after the other, and
    // the unique (case, version) index holds if they were not.
    let txn = backend.begin_write().await?;
    case::Entity::find_by_id(l.case.id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let rows = versions(&txn, l.case.id).await?;
    if standing_of(&rows)?.is_some_and(|s| s.latest_answer == Some(Answer::Confirmed)) {
        return Err(refused(Refusal::SettlementAnswered));
    }
    let basis = payments::settlement_basis(&txn, l.case.id).await?;
    let inputs = inputs_of(&f, &input.ask, today, basis, &book).map_err(ServiceError::Invalid)?;
    let computed = compute(&book, &inputs).map_err(|e| match e {
        ComputeError::Fields(f) => ServiceError::Invalid(f),
        ComputeError::Missing(m) => refused(m.into()),
    })?;
    let lines = record_lines(&computed, &|k| input.get(k)).map_err(ServiceError::Invalid)?;
    let total = recorded_total(&lines);
    if state == CaseState::ContractEnded {
        let sum = |kinds: &[LineKind]| -> i64 {
            lines
                .iter()
                .filter(|r| kinds.contains(&r.line.kind))
                .map(|r| r.recorded_vnd)
                .sum()
        };
        let summary = Settlement {
            fee_refund_vnd: sum(&[
                LineKind::FeeRefund,
                LineKind::FeeRefundInterest,
                LineKind::CostRefund,
            ]),
            deposit_released_vnd: sum(&[LineKind::DepositRelease, LineKind::DepositInterest]),
            damages_vnd: inputs.damages_vnd,
        };
        take_in(
            &txn,
            backend,
            meta,
            actor,
            &l,
            input.case_version,
            Step::StartLiquidation(summary),
        )
        .await?;
    } else if input.case_version != l.case.version {
        return Err(refused(Refusal::ChangedMeanwhile));
    }
    let version = rows.first().map_or(1, |r| r.version + 1);
    let now = backend.clock.now();
    let row = settlement::ActiveModel {
        case_id: Set(l.case.id),
        version: Set(version),
        reason: Set(f.reason.as_str().to_owned()),
        cause: Set(inputs.cause.map(|c| c.as_str().to_owned())),
        settle_on: Set(inputs.settle_on),
        damages_vnd: Set(inputs.damages_vnd),
        damages_note: Set(input.ask.damages_note.trim().to_owned()),
        computed: Set(to_json(&computed)?),
        lines: Set(to_json(&lines)?),
        total_vnd: Set(total),
        recorded_by: Set(Some(actor.user_id)),
        recorded_at: Set(now),
        answer: Set(None),
        answer_note: Set(None),
        answered_by: Set(None),
        answered_at: Set(None),
        ..Default::default()
    };
    let row = match row.insert(&txn).await {
        Ok(row) => row,
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            return Err(refused(Refusal::ChangedMeanwhile))
        }
        Err(e) => return Err(e.into()),
    };
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("settlement.recorded")
            .by(Some(actor))
            .record("settlement", row.id)
            .agency(Some(l.case.agency_id))
            .case(l.case.id)
            .after(serde_json::json!({
                "version": version,
                "total_vnd": total,
                "computed_total_vnd": computed.total_vnd,
                "lines": lines,
            })),
    )
    .await?;
    if state != CaseState::ContractEnded {
        let to = state;
        notify_worker(&txn, backend, &l.worker, l.case.id, to, |lang| {
            lang.tr(
                "Doanh nghiệp đã ghi nhận bản quyết toán mới; mời bạn xem và xác nhận",
                "The agency recorded a new settlement; please review and confirm it",
            )
            .to_owned()
        })
        .await?;
    }
    txn.commit().await?;
    Ok(version)
}

/// The worker confirms or disputes a version of the settlement: once, and only the latest (a
/// conditional update holds it, whatever was shown on the page).
pub async fn answer(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    case_id: i32,
    version: i32,
    answer: Answer,
    note: &str,
) -> Result<(), ServiceError> {
    let rec = case_record(backend, meta, actor, case_id).await?;
    let facts = CaseFacts {
        agency_id: rec.case.agency_id,
        worker_id: rec.worker.id,
        worker_province: rec.worker.province_code.clone(),
    };
    require(
        backend,
        meta,
        actor,
        Action::AnswerSettlement,
        Target::Case(&facts),
        ("case", case_id.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let note = note.trim();
    let mut e = FieldErrors::default();
    if answer == Answer::Disputed && note.is_empty() {
        e.add("note", Problem::Required);
    }
    if note.chars().count() > 1000 {
        e.add("note", Problem::TooLong { max: 1000 });
    }
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    let txn = backend.begin_write().await?;
    let latest = settlement::Entity::find()
        .filter(settlement::Column::CaseId.eq(case_id))
        .order_by_desc(settlement::Column::Version)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let now = backend.clock.now();
    let res = settlement::Entity::update_many()
        .col_expr(settlement::Column::Answer, Expr::value(answer.as_str()))
        .col_expr(
            settlement::Column::AnswerNote,
            Expr::value((!note.is_empty()).then(|| note.to_owned())),
        )
        .col_expr(settlement::Column::AnsweredBy, Expr::value(actor.user_id))
        .col_expr(settlement::Column::AnsweredAt, Expr::value(now))
        .filter(settlement::Column::Id.eq(latest.id))
        .filter(settlement::Column::Version.eq(version))
        .filter(settlement::Column::Answer.is_null())
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::AlreadyDecided));
    }
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("settlement.answered")
            .by(Some(actor))
            .record("settlement", latest.id)
            .agency(Some(rec.case.agency_id))
            .case(case_id)
            .after(
                serde_json::json!({"version": version, "answer": answer.as_str(), "note": note}),
            ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A stored document; failing to serialise one is a bug, reported as such.
pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String, ServiceError> {
    serde_json::to_string(v).map_err(|e| ServiceError::Unexpected(Box::new(e)))
}
