//! The payment ledger of a case: posting a payment (by the agency, or as the worker's
//! statement), reversing an entry, the agency's answer to a statement, and the money page.
//!
//! Every check is the law of the act's day: a payment's flags and a deposit's cap are judged by
//! the rules in force on the day it was paid; the service-fee cap by the rules and the rate of
//! the contract's signing day. The ledger is append-only: nothing here updates an entry except
//! the agency's one answer to a statement, taken once by a conditional update.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::access::require;
use super::attachments;
use super::audit::{self, Entry, RequestMeta};
use super::cases::{case_record, CaseRecord};
use super::decode::{stored, stored_json, stored_opt};
use super::entity::payment;
use super::job_orders::order_terms;
use super::lifecycle::file_of;
use super::{rules, Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, CaseFacts, Decision, Target};
use crate::domain::accounts::Role;
use crate::domain::cases::CaseState;
use crate::domain::forms::{FieldErrors, FormProblem, Problem};
use crate::domain::job_orders::OrderStatus;
use crate::domain::lifecycle::{contract_fee_cap, Refusal, StepError};
use crate::domain::money::{brokerage_cap_on, deposit_cap_on, rate_on};
use crate::domain::payments::{
    deposit_flags, deposit_refusals, fields as f, flags_of, outcome_refusal, Answer, DepositTotals,
    Flag, LedgerFacts, NewPayment, Payee, PaymentKind, RecordedBy, Standing,
};
use crate::domain::rules::{RuleBook, RuleKey};
use crate::domain::settlement::Paid;
use crate::views::forms::UploadedFile;

mod corrections;
mod view;
pub use corrections::{answer, reverse};
pub use view::money;
pub(crate) use view::worker_lens;

pub(super) fn facts_of(rec: &CaseRecord) -> CaseFacts {
    CaseFacts {
        agency_id: rec.case.agency_id,
        worker_id: rec.worker.id,
        worker_province: rec.worker.province_code.clone(),
    }
}

pub(super) fn refused(refusals: Vec<Refusal>) -> ServiceError {
    ServiceError::Refused(StepError {
        fields: FieldErrors::default(),
        refusals,
    })
}

pub(super) fn field(name: &str, problem: Problem) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(name, problem);
    ServiceError::Invalid(e)
}

/// Who records for this actor: the agency's staff, or the worker (a statement).
pub(super) fn recorder_of(actor: &Actor) -> Option<RecordedBy> {
    match actor.role {
        Role::Worker => Some(RecordedBy::Worker),
        Role::AgencyAdmin | Role::AgencyStaff => Some(RecordedBy::Agency),
        _ => None,
    }
}

/// A statement the worker chose to show only to inspectors is hidden from the agency.
pub(super) fn hidden_from(actor: Option<&Actor>, row: &payment::Model) -> bool {
    row.inspectors_only && actor.is_some_and(|a| a.role.is_agency())
}

/// Whether a stored file is a receipt this actor may not see (a hidden statement's photo).
pub async fn attachment_hidden(
    backend: &Backend,
    actor: Option<&Actor>,
    attachment_id: i32,
) -> Result<bool, ServiceError> {
    if !actor.is_some_and(|a| a.role.is_agency()) {
        return Ok(false);
    }
    let hidden = payment::Entity::find()
        .filter(payment::Column::AttachmentId.eq(attachment_id))
        .filter(payment::Column::InspectorsOnly.eq(true))
        .one(&backend.db)
        .await?;
    Ok(hidden.is_some())
}

/// The entries of a case this actor may see, oldest first.
pub(super) async fn entries<C: sea_orm::ConnectionTrait>(
    db: &C,
    actor: Option<&Actor>,
    case_id: i32,
) -> Result<Vec<payment::Model>, ServiceError> {
    Ok(payment::Entity::find()
        .filter(payment::Column::CaseId.eq(case_id))
        .order_by_asc(payment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|p| !hidden_from(actor, p))
        .collect())
}

/// The entries that stand (neither reversed nor a reversal), as the checks see them.
pub(super) fn standing(rows: &[payment::Model]) -> Result<Vec<Standing>, ServiceError> {
    let reversed: Vec<i32> = rows.iter().filter_map(|r| r.reverses_id).collect();
    rows.iter()
        .filter(|r| r.reverses_id.is_none() && !reversed.contains(&r.id))
        .map(|r| {
            Ok(Standing {
                kind: stored("payments.kind", r.id, &r.kind)?,
                payee: stored("payments.payee", r.id, &r.payee)?,
                amount_vnd: r.amount_vnd,
            })
        })
        .collect()
}

/// The day DOLAB approved the case's supply contract, if it did.
fn approved_on(rec: &CaseRecord) -> Result<Option<chrono::NaiveDate>, ServiceError> {
    let status: OrderStatus = stored("job_orders.status", rec.job_order.id, &rec.job_order.status)?;
    Ok((status == OrderStatus::Approved)
        .then_some(rec.job_order.decided_on)
        .flatten())
}

fn payment_json(p: &payment::Model) -> serde_json::Value {
    serde_json::json!({
        "kind": p.kind, "payee": p.payee, "paid_on": p.paid_on, "amount_vnd": p.amount_vnd,
        "foreign_amount": p.foreign_amount, "currency": p.currency, "vnd_per_unit": p.vnd_per_unit,
        "receipt_no": p.receipt_no, "note": p.note, "bank": p.bank, "account": p.account,
        "attachment_id": p.attachment_id, "recorded_by": p.recorded_by,
        "inspectors_only": p.inspectors_only, "flags": p.flags, "reverses_id": p.reverses_id,
        "reason": p.reason,
    })
}

/// A new entry of the ledger: what every entry has, nothing else recorded (no receipt, note,
/// bank, flags, reversal or answer); the caller adds what its entry carries.
pub(super) fn new_entry(
    case_id: i32,
    (kind, payee): (PaymentKind, Payee),
    paid_on: chrono::NaiveDate,
    amount_vnd: i64,
    recorded_by: RecordedBy,
    (created_by, now): (Option<i32>, chrono::DateTime<chrono::Utc>),
) -> payment::ActiveModel {
    payment::ActiveModel {
        case_id: Set(case_id),
        kind: Set(kind.as_str().to_owned()),
        payee: Set(payee.as_str().to_owned()),
        paid_on: Set(paid_on),
        amount_vnd: Set(amount_vnd),
        foreign_amount: Set(None),
        currency: Set(None),
        vnd_per_unit: Set(None),
        receipt_no: Set(None),
        note: Set(String::new()),
        bank: Set(None),
        account: Set(None),
        attachment_id: Set(None),
        recorded_by: Set(recorded_by.as_str().to_owned()),
        inspectors_only: Set(false),
        flags: Set("[]".to_owned()),
        reverses_id: Set(None),
        reason: Set(None),
        answer: Set(None),
        answer_reason: Set(None),
        answered_by: Set(None),
        answered_at: Set(None),
        created_by: Set(created_by),
        created_at: Set(now),
        ..Default::default()
    }
}

/// Inserts an entry in `txn` with its audit entry (`action`, and what it undoes, if anything).
/// The one unique index of the ledger is a reversal's: an entry undone already is told so.
pub(super) async fn insert_audited<C: sea_orm::ConnectionTrait>(
    txn: &C,
    backend: &Backend,
    meta: &RequestMeta,
    (actor, agency_id): (&Actor, i32),
    row: payment::ActiveModel,
    (action, before): (&'static str, Option<&payment::Model>),
) -> Result<payment::Model, ServiceError> {
    let row = match row.insert(txn).await {
        Ok(row) => row,
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            return Err(ServiceError::Problem(FormProblem::AlreadyDecided))
        }
        Err(e) => return Err(e.into()),
    };
    let mut entry = Entry::new(action)
        .by(Some(actor))
        .record("payment", row.id)
        .agency(Some(agency_id))
        .case(row.case_id)
        .after(payment_json(&row));
    if let Some(b) = before {
        entry = entry.before(payment_json(b));
    }
    audit::append(txn, &backend.keys, row.created_at, meta, entry).await?;
    Ok(row)
}

/// Posts a payment to a case's ledger: the agency's record, or the worker's statement. A
/// deposit is refused before the sending contract and the visa, over the programme's cap or
/// the contract's amount, or where no cap rule exists; every other payment is posted with the
/// flags the law raises on it. Returns the entry's id.
pub async fn post(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    case_id: i32,
    mut p: NewPayment,
    receipt: Option<&UploadedFile>,
) -> Result<i32, ServiceError> {
    let rec = case_record(backend, meta, actor, case_id).await?;
    let facts = facts_of(&rec);
    require(
        backend,
        meta,
        actor,
        Action::RecordPayment,
        Target::Case(&facts),
        ("case", case_id.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let recorder = recorder_of(actor).ok_or(ServiceError::Forbidden)?;
    let today = backend.clock.today();
    let state: CaseState = stored("cases.state", rec.case.id, &rec.case.state)?;
    let file = file_of(&rec.case)?;
    let book = rules::book(backend).await?;
    let terms = order_terms(&rec.job_order)?;
    if p.paid_on > today {
        return Err(field(f::PAID_ON, Problem::Future));
    }
    if recorder == RecordedBy::Worker && !p.kind.is_payment() {
        return Err(field(f::KIND, Problem::Choice));
    }
    if p.inspectors_only && (recorder != RecordedBy::Worker || departed(state)) {
        return Err(field(f::INSPECTORS_ONLY, Problem::OnlyBeforeDeparture));
    }
    let mut rate = None;
    if let Some((amount, currency)) = &p.foreign {
        let r = rate_on(&book, currency, p.paid_on).map_err(|m| refused(vec![m.into()]))?;
        p.amount_vnd = amount
            .checked_mul(r)
            .ok_or_else(|| field(f::FOREIGN_AMOUNT, Problem::Amount))?;
        rate = Some(r);
    }
    let checked = receipt
        .map(attachments::checked_or_field_error)
        .transpose()?;
    // The case is locked (on PostgreSQL; SQLite's writers queue) from here to the commit, so two
    // postings at once are judged one after the other: two deposits cannot both fit one cap.
    let txn = backend.begin_write().await?;
    super::entity::case::Entity::find_by_id(case_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // A visible entry is judged with what the agency may see: a statement shown only to
    // inspectors never shows through the flags or refusals of another entry.
    let rows: Vec<payment::Model> = entries(&txn, None, case_id)
        .await?
        .into_iter()
        .filter(|r| p.inspectors_only || !r.inspectors_only)
        .collect();
    let earlier = standing(&rows)?;
    let totals = DepositTotals::of(&earlier);
    let agency = recorder == RecordedBy::Agency;
    if let Some(problem) = outcome_refusal(&p, &totals) {
        return Err(field(f::AMOUNT_VND, problem));
    }
    if agency && p.kind == PaymentKind::Deposit {
        let mut e = FieldErrors::default();
        if p.bank.is_none() {
            e.add(f::BANK, Problem::Required);
        }
        if p.account.is_none() {
            e.add(f::ACCOUNT, Problem::Required);
        }
        if !e.is_empty() {
            return Err(ServiceError::Invalid(e));
        }
    }
    let refusals = deposit_refusals(
        &p,
        file.contract.as_ref(),
        file.visa.as_ref().map(|v| v.granted_on),
        deposit_cap_on(&book, &terms, p.paid_on).map_err(Refusal::from),
        totals.held_vnd(),
    );
    // The agency's record of an unlawful deposit is refused; the worker's statement of one is
    // posted with its flags, so the abuse is on record.
    if agency && !refusals.is_empty() {
        return Err(refused(refusals));
    }
    // A rule the check needs and the book lacks refuses the agency's record and names the rule:
    // a fee is never judged against no cap. A worker's statement is taken all the same, without
    // that flag.
    let missing = |m: crate::domain::rules::MissingRule| refused(vec![m.into()]);
    let worker_fee_cap_vnd = match (&file.contract, p.kind) {
        (Some(c), PaymentKind::ServiceFee) if agency => {
            Some(contract_fee_cap(&book, &terms, c).map_err(missing)?)
        }
        (Some(c), _) => Some(contract_fee_cap(&book, &terms, c).unwrap_or(i64::MAX)),
        (None, _) => None,
    };
    let fund_worker_vnd = match p.kind {
        PaymentKind::Fund if agency => Some(
            book.value(RuleKey::FundWorkerVnd, "", p.paid_on)
                .map_err(missing)?,
        ),
        _ => book.value(RuleKey::FundWorkerVnd, "", p.paid_on).ok(),
    };
    let mut flags = deposit_flags(&refusals);
    flags.extend(flags_of(
        &p,
        &LedgerFacts {
            order_approved_on: approved_on(&rec)?,
            contract: file.contract.as_ref(),
            worker_fee_cap_vnd,
            fund_worker_vnd,
            earlier: &earlier,
        },
    ));
    let flags_text =
        serde_json::to_string(&flags).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
    let now = backend.clock.now();
    let attachment_id = match checked {
        Some(c) => Some(
            attachments::store(&txn, backend, meta, actor, case_id, rec.case.agency_id, c).await?,
        ),
        None => None,
    };
    let mut row = new_entry(
        case_id,
        (p.kind, p.payee),
        p.paid_on,
        p.amount_vnd,
        recorder,
        (Some(actor.user_id), now),
    );
    row.foreign_amount = Set(p.foreign.as_ref().map(|(a, _)| *a));
    row.currency = Set(p.foreign.as_ref().map(|(_, c)| c.clone()));
    row.vnd_per_unit = Set(rate);
    row.receipt_no = Set(p.receipt_no.clone());
    row.note = Set(p.note.clone());
    row.bank = Set(p.bank.clone());
    row.account = Set(p.account.clone());
    row.attachment_id = Set(attachment_id);
    row.inspectors_only = Set(p.inspectors_only);
    row.flags = Set(flags_text);
    let action = if agency {
        "payment.recorded"
    } else {
        "payment.stated"
    };
    let row = insert_audited(
        &txn,
        backend,
        meta,
        (actor, rec.case.agency_id),
        row,
        (action, None),
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// The deposit a visa step records goes into the ledger too, in the step's transaction: the
/// ledger is where the deposit is followed to its release.
pub async fn post_visa_deposit<C: sea_orm::ConnectionTrait>(
    txn: &C,
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    case_id: i32,
    agency_id: i32,
    dep: &crate::domain::lifecycle::DepositPaid,
) -> Result<(), ServiceError> {
    let mut row = new_entry(
        case_id,
        (PaymentKind::Deposit, Payee::Provider),
        dep.paid_on,
        dep.amount_vnd,
        RecordedBy::Agency,
        (Some(actor.user_id), backend.clock.now()),
    );
    row.bank = Set(Some(dep.bank.clone()));
    row.account = Set(Some(dep.account.clone()));
    insert_audited(
        txn,
        backend,
        meta,
        (actor, agency_id),
        row,
        ("payment.recorded", None),
    )
    .await?;
    Ok(())
}

/// What a recorded settlement gives back from the deposit and keeps goes into the ledger in the
/// liquidation's transaction: at most what is held.
#[allow(clippy::too_many_arguments)]
pub async fn post_settlement_moves<C: sea_orm::ConnectionTrait>(
    txn: &C,
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    case_id: i32,
    agency_id: i32,
    (released_vnd, kept_vnd): (i64, i64),
    on: chrono::NaiveDate,
) -> Result<(), ServiceError> {
    let rows = entries(txn, None, case_id).await?;
    let held = DepositTotals::of(&standing(&rows)?).held_vnd();
    let kept = kept_vnd.min(held).max(0);
    let released = released_vnd.min(held - kept).max(0);
    let bank = rows
        .iter()
        .rev()
        .find(|r| r.kind == PaymentKind::Deposit.as_str() && r.reverses_id.is_none());
    for (kind, amount) in [
        (PaymentKind::DepositOffset, kept),
        (PaymentKind::DepositReleased, released),
    ] {
        if amount <= 0 {
            continue;
        }
        let mut row = new_entry(
            case_id,
            (kind, Payee::Provider),
            on,
            amount,
            RecordedBy::Agency,
            (Some(actor.user_id), backend.clock.now()),
        );
        row.note = Set("Theo biên bản thanh lý".to_owned());
        row.bank = Set(bank.and_then(|b| b.bank.clone()));
        row.account = Set(bank.and_then(|b| b.account.clone()));
        insert_audited(
            txn,
            backend,
            meta,
            (actor, agency_id),
            row,
            ("payment.recorded", None),
        )
        .await?;
    }
    Ok(())
}

/// What the worker's deposit holds now, by the ledger.
pub(crate) async fn held_vnd<C: sea_orm::ConnectionTrait>(
    db: &C,
    case_id: i32,
) -> Result<i64, ServiceError> {
    let rows = entries(db, None, case_id).await?;
    Ok(DepositTotals::of(&standing(&rows)?).held_vnd())
}

/// What a settlement is computed from, out of the ledger: what the worker paid the agency (its
/// head office or a branch) that stands, recorded by the agency or confirmed by it (a statement
/// still unanswered or disputed is not settled on, nor one hidden from the agency); each
/// deposit as still held (what was given back or kept comes off the earliest first); and the
/// deposit's bank.
pub(crate) async fn settlement_basis<C: sea_orm::ConnectionTrait>(
    db: &C,
    case_id: i32,
) -> Result<(Vec<Paid>, Vec<Paid>, Option<String>), ServiceError> {
    let rows = entries(db, None, case_id).await?;
    let reversed: Vec<i32> = rows.iter().filter_map(|r| r.reverses_id).collect();
    let mut paid = Vec::new();
    let mut deposits = Vec::new();
    let mut out_vnd = 0i64;
    let mut bank = None;
    for r in rows
        .iter()
        .filter(|r| r.reverses_id.is_none() && !reversed.contains(&r.id) && !r.inspectors_only)
    {
        let kind: PaymentKind = stored("payments.kind", r.id, &r.kind)?;
        let payee: Payee = stored("payments.payee", r.id, &r.payee)?;
        let by: RecordedBy = stored("payments.recorded_by", r.id, &r.recorded_by)?;
        let answer: Option<Answer> = stored_opt("payments.answer", r.id, r.answer.as_deref())?;
        let stands = by == RecordedBy::Agency || answer == Some(Answer::Confirmed);
        if !stands {
            continue;
        }
        let entry = Paid {
            entry_id: r.id,
            kind,
            paid_on: r.paid_on,
            amount_vnd: r.amount_vnd,
        };
        match kind {
            PaymentKind::Deposit => {
                bank = bank.or_else(|| r.bank.clone());
                deposits.push(entry);
            }
            PaymentKind::DepositReleased | PaymentKind::DepositOffset => out_vnd += r.amount_vnd,
            _ if matches!(payee, Payee::Agency | Payee::Branch) => paid.push(entry),
            _ => {}
        }
    }
    for d in &mut deposits {
        let take = out_vnd.min(d.amount_vnd);
        d.amount_vnd -= take;
        out_vnd -= take;
    }
    deposits.retain(|d| d.amount_vnd > 0);
    Ok((paid, deposits, bank))
}

fn departed(state: CaseState) -> bool {
    !matches!(
        state,
        CaseState::Applied
            | CaseState::Screening
            | CaseState::Selected
            | CaseState::Contracted
            | CaseState::Training
            | CaseState::VisaGranted
            | CaseState::ListConfirmed
            | CaseState::Withdrawn
            | CaseState::NotSentInTime
            | CaseState::Rejected
            | CaseState::Cancelled
    )
}

/// The flags of a stored entry, for the inspectors' and the risk ranking's reading.
pub fn flags_of_row(row: &payment::Model) -> Result<Vec<Flag>, ServiceError> {
    stored_json("payments.flags", row.id, &row.flags)
}
