//! Demo settlements: every seeded case whose liquidation has started gets the settlement the
//! system computes from its end reason and ledger, recorded as computed; a liquidated case's is
//! confirmed by its worker. Computed by the same code as a real record.

use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::decode::stored;
use super::entity::{case, job_order, settlement};
use super::job_orders::order_terms;
use super::payments::settlement_basis;
use super::settlement::to_json;
use super::ServiceError;
use crate::domain::cases::CaseState;
use crate::domain::job_orders::Programme;
use crate::domain::lifecycle::EndReason;
use crate::domain::payments::Answer;
use crate::domain::rules::{add_days, RuleBook};
use crate::domain::settlement::{
    bank_scope, compute, recorded_total, Cause, Inputs, Rates, RecordedLine,
};

pub async fn fill<C: ConnectionTrait>(
    db: &C,
    book: &RuleBook,
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    use sea_orm::ColumnTrait;
    let cases = case::Entity::find()
        .filter(case::Column::State.is_in([
            CaseState::LiquidationPending.as_str(),
            CaseState::Liquidated.as_str(),
        ]))
        .all(db)
        .await?;
    let mut rows = Vec::new();
    for c in cases {
        let (Some(reason), Some(ended_on)) = (
            c.end_reason.as_deref().and_then(EndReason::parse),
            c.ended_on,
        ) else {
            continue;
        };
        let Some(order) = job_order::Entity::find_by_id(c.job_order_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let terms = order_terms(&order)?;
        let state: CaseState = stored("cases.state", c.id, &c.state)?;
        let (paid, deposits, bank) = settlement_basis(db, c.id).await?;
        let cause = match reason {
            EndReason::EarlyReturnNotAtFault => Some(Cause::EmployerClosure),
            EndReason::DeceasedOrMissing => Some(Cause::Death),
            _ => None,
        };
        let inputs = Inputs {
            reason,
            cause,
            term_months: terms.term_months,
            departed_on: c.departed_on,
            ended_on,
            settle_on: add_days(ended_on, 30).min(today).max(ended_on),
            paid,
            deposits,
            rates: Rates::of(book, &bank_scope(bank.as_deref().unwrap_or(""))),
            damages_vnd: 0,
            forfeits_deposit_on_overstay: terms.programme == Programme::Eps,
        };
        // A case the rules cannot settle (a rate missing for its days) is left for the agency.
        let Ok(computed) = compute(book, &inputs) else {
            continue;
        };
        let lines: Vec<RecordedLine> = computed
            .lines
            .iter()
            .map(|l| RecordedLine {
                line: l.clone(),
                recorded_vnd: l.amount_vnd,
                reason: None,
            })
            .collect();
        let confirmed = state == CaseState::Liquidated;
        rows.push(settlement::ActiveModel {
            case_id: Set(c.id),
            version: Set(1),
            reason: Set(reason.as_str().to_owned()),
            cause: Set(cause.map(|c| c.as_str().to_owned())),
            settle_on: Set(inputs.settle_on),
            damages_vnd: Set(0),
            damages_note: Set(String::new()),
            computed: Set(to_json(&computed)?),
            lines: Set(to_json(&lines)?),
            total_vnd: Set(recorded_total(&lines)),
            recorded_by: Set(None),
            recorded_at: Set(now),
            answer: Set(confirmed.then(|| Answer::Confirmed.as_str().to_owned())),
            answer_note: Set(None),
            answered_by: Set(None),
            answered_at: Set(confirmed.then_some(now)),
            ..Default::default()
        });
    }
    for chunk in rows.chunks(200) {
        settlement::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    Ok(())
}
