//! The money page of a case: its ledger as the viewer may see it, and the totals both the page
//! and the recruitment-cost indicator read (`worker_lens`), from one computation.

use chrono::NaiveDate;

use super::*;
use crate::domain::lifecycle::SendingContract;
use crate::domain::money::OrderTerms;
use crate::views::payments::{MoneyLine, MoneyView, PaymentView};

/// The money page of a case: the ledger as this viewer may see it, the law's lens beside what
/// was paid, the ILO's lens of everything borne, and the deposit.
pub async fn money(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    case_id: i32,
) -> Result<MoneyView, ServiceError> {
    let rec = case_record(backend, meta, actor, case_id).await?;
    let facts = facts_of(&rec);
    let today = backend.clock.today();
    let state: CaseState = stored("cases.state", rec.case.id, &rec.case.state)?;
    let file = file_of(&rec.case)?;
    let book = rules::book(backend).await?;
    let terms = order_terms(&rec.job_order)?;
    let rows = entries(&backend.db, actor, case_id).await?;
    let may_record = decide(actor, Action::RecordPayment, Target::Case(&facts)) == Decision::Allow;
    let may_answer =
        decide(actor, Action::AnswerStatement, Target::Case(&facts)) == Decision::Allow;
    let recorder = actor.filter(|_| may_record).and_then(recorder_of);
    let reversed: Vec<(i32, i32)> = rows
        .iter()
        .filter_map(|r| r.reverses_id.map(|o| (o, r.id)))
        .collect();
    let views: Vec<PaymentView> = rows
        .iter()
        .map(|r| {
            let recorded_by: RecordedBy = stored("payments.recorded_by", r.id, &r.recorded_by)?;
            let reversed_by = reversed.iter().find(|(o, _)| *o == r.id).map(|(_, by)| *by);
            let answer: Option<Answer> = stored_opt("payments.answer", r.id, r.answer.as_deref())?;
            let open = r.reverses_id.is_none() && reversed_by.is_none();
            Ok(PaymentView {
                id: r.id,
                kind: stored("payments.kind", r.id, &r.kind)?,
                payee: stored("payments.payee", r.id, &r.payee)?,
                paid_on: r.paid_on,
                amount_vnd: r.amount_vnd,
                foreign: match (r.foreign_amount, &r.currency, r.vnd_per_unit) {
                    (Some(a), Some(c), Some(rate)) => Some((a, c.clone(), rate)),
                    (None, None, None) => None,
                    _ => {
                        return Err(crate::backend::decode::unknown(
                            "payments.currency",
                            r.id,
                            "a foreign amount without its currency or rate",
                        ))
                    }
                },
                receipt_no: r.receipt_no.clone(),
                note: r.note.clone(),
                bank: r.bank.clone(),
                account: r.account.clone(),
                receipt_photo: r.attachment_id,
                recorded_by,
                inspectors_only: r.inspectors_only,
                flags: stored_json("payments.flags", r.id, &r.flags)?,
                reverses: r.reverses_id,
                reversed_by,
                reason: r.reason.clone(),
                answer,
                answer_reason: r.answer_reason.clone(),
                created_at: r.created_at,
                may_reverse: open && recorder == Some(recorded_by),
                may_answer: open
                    && may_answer
                    && recorded_by == RecordedBy::Worker
                    && answer.is_none()
                    && !r.inspectors_only,
            })
        })
        .collect::<Result<_, ServiceError>>()?;
    let Totals {
        deposit,
        fee_cap,
        fee_cap_missing,
        lines,
        paid,
        over,
    } = totals(
        &standing(&rows)?,
        &book,
        &terms,
        file.contract.as_ref(),
        today,
    );
    let deposit_bank = rows
        .iter()
        .rev()
        .find(|r| {
            r.kind == PaymentKind::Deposit.as_str()
                && r.reverses_id.is_none()
                && !reversed.iter().any(|(o, _)| *o == r.id)
        })
        .and_then(|r| Some((r.bank.clone()?, r.account.clone()?)));
    let rate_today = rate_on(&book, &terms.wage_currency, today).ok();
    Ok(MoneyView {
        case_id,
        worker_name: rec.worker.full_name.clone(),
        state,
        today,
        market: rec.job_order.market_code.clone(),
        entries: views,
        lines,
        fee_cap_vnd: fee_cap,
        fee_cap_missing,
        brokerage_cap_vnd: file
            .contract
            .as_ref()
            .map(|c| c.vnd_per_unit)
            .or(rate_today)
            .and_then(|rate| brokerage_cap_on(&book, &terms, rate, today).ok()),
        deposit_cap_vnd: deposit_cap_on(&book, &terms, today).ok(),
        deposit,
        deposit_status: deposit.status(),
        deposit_bank,
        paid_vnd: paid,
        over_law_vnd: over,
        borne_vnd: paid - deposit.released_vnd,
        viewer: actor.map(|a| a.role),
        recorder,
        may_hide: recorder == Some(RecordedBy::Worker) && !departed(state),
    })
}

/// What the money page totals from the entries that stand.
struct Totals {
    deposit: DepositTotals,
    fee_cap: Option<i64>,
    /// The rule the fee cap needs and the book lacks, if any.
    fee_cap_missing: Option<Refusal>,
    lines: Vec<MoneyLine>,
    /// Every payment the worker made, the deposit included.
    paid: i64,
    /// What of it is over what the law allows.
    over: i64,
}

fn totals(
    standing: &[Standing],
    book: &RuleBook,
    terms: &OrderTerms,
    contract: Option<&SendingContract>,
    today: NaiveDate,
) -> Totals {
    let (fee_cap, fee_cap_missing) = match contract {
        Some(c) => match contract_fee_cap(book, terms, c) {
            Ok(cap) => (Some(cap), None),
            Err(m) => (None, Some(Refusal::from(m))),
        },
        None => (None, None),
    };
    let lines = lines_of(standing, fee_cap, fee_cap_missing.is_some(), book, today);
    Totals {
        deposit: DepositTotals::of(standing),
        fee_cap,
        paid: standing
            .iter()
            .filter(|s| s.kind.is_payment())
            .map(|s| s.amount_vnd)
            .sum(),
        over: lines.iter().map(MoneyLine::over_vnd).sum(),
        fee_cap_missing,
        lines,
    }
}

/// The ledger's two lenses on a case, as its money page totals them: what the worker bore (every
/// standing payment, the deposit included, less deposit money given back), and what of it was
/// beyond what the law allows; the second is none when the rules lack the contract's fee cap.
pub(crate) fn worker_lens(
    rows: &[payment::Model],
    book: &RuleBook,
    terms: &OrderTerms,
    contract: Option<&SendingContract>,
    today: NaiveDate,
) -> Result<(i64, Option<i64>), ServiceError> {
    let t = totals(&standing(rows)?, book, terms, contract, today);
    Ok((
        t.paid - t.deposit.released_vnd,
        t.fee_cap_missing.is_none().then_some(t.over),
    ))
}

/// Per kind: what was paid, and what the law allows for it where the law sets an amount (the
/// service fee's cap, the Fund contribution, no brokerage at all). Items over what the contract
/// lists are flagged on their entries.
fn lines_of(
    standing: &[Standing],
    fee_cap: Option<i64>,
    cap_unknown: bool,
    book: &RuleBook,
    today: chrono::NaiveDate,
) -> Vec<MoneyLine> {
    PaymentKind::payments()
        .filter(|k| *k != PaymentKind::Deposit)
        .filter_map(|kind| {
            let paid: i64 = standing
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| s.amount_vnd)
                .sum();
            let allowed = match kind {
                // Before a contract no fee may be taken at all.
                PaymentKind::ServiceFee if cap_unknown => None,
                PaymentKind::ServiceFee => Some(fee_cap.unwrap_or(0)),
                PaymentKind::Fund => book.value(RuleKey::FundWorkerVnd, "", today).ok(),
                PaymentKind::Brokerage => Some(0),
                _ => None,
            };
            (paid > 0 || kind == PaymentKind::ServiceFee).then_some(MoneyLine {
                kind,
                paid_vnd: paid,
                allowed_vnd: allowed,
            })
        })
        .collect()
}
