//! Corrections to the ledger: an entry undone by a reversing entry with its reason, and the
//! agency's one answer to a worker's statement (confirmed, or disputed with its reason).

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};

use super::{
    entries, facts_of, field, hidden_from, insert_audited, new_entry, recorder_of, refused,
    standing,
};
use crate::backend::access::require;
use crate::backend::audit::{self, Entry, RequestMeta};
use crate::backend::cases::case_record;
use crate::backend::decode::stored;
use crate::backend::entity::payment;
use crate::backend::lifecycle::file_of;
use crate::backend::{Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target};
use crate::domain::forms::{FormProblem, Problem};
use crate::domain::lifecycle::Refusal;
use crate::domain::payments::{fields as f, Answer, DepositTotals, PaymentKind, RecordedBy};

/// One entry of a case this actor may see, or not found.
async fn entry_of(
    backend: &Backend,
    actor: &Actor,
    case_id: i32,
    payment_id: i32,
) -> Result<payment::Model, ServiceError> {
    payment::Entity::find_by_id(payment_id)
        .filter(payment::Column::CaseId.eq(case_id))
        .one(&backend.db)
        .await?
        .filter(|p| !hidden_from(Some(actor), p))
        .ok_or(ServiceError::NotFound)
}

/// Undoes an entry by a reversing entry with its reason: the agency its own records, the
/// worker their own statements. An entry is reversed once (a unique index holds it).
pub async fn reverse(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    case_id: i32,
    payment_id: i32,
    reason: &str,
) -> Result<(), ServiceError> {
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
    let original = entry_of(backend, actor, case_id, payment_id).await?;
    let by: RecordedBy = stored("payments.recorded_by", original.id, &original.recorded_by)?;
    if by != recorder || original.reverses_id.is_some() {
        return Err(ServiceError::Problem(FormProblem::NotPermitted));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(field(f::REASON, Problem::Required));
    }
    if reason.chars().count() > 500 {
        return Err(field(f::REASON, Problem::TooLong { max: 500 }));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    crate::backend::entity::case::Entity::find_by_id(case_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // Undoing a deposit, or what became of one, must leave what is held between nothing and
    // what the contract agreed.
    let kind: PaymentKind = stored("payments.kind", original.id, &original.kind)?;
    if matches!(
        kind,
        PaymentKind::Deposit | PaymentKind::DepositReleased | PaymentKind::DepositOffset
    ) {
        let remaining: Vec<payment::Model> = entries(&txn, None, case_id)
            .await?
            .into_iter()
            .filter(|r| r.id != original.id)
            .collect();
        let held = DepositTotals::of(&standing(&remaining)?).held_vnd();
        let agreed = file_of(&rec.case)?.contract.map_or(0, |c| c.deposit_vnd);
        if held < 0 || held > agreed {
            return Err(refused(vec![Refusal::DepositOverCap { cap_vnd: agreed }]));
        }
    }
    let mut row = new_entry(
        case_id,
        (
            kind,
            stored("payments.payee", original.id, &original.payee)?,
        ),
        backend.clock.today(),
        original.amount_vnd,
        by,
        (Some(actor.user_id), now),
    );
    row.foreign_amount = Set(original.foreign_amount);
    row.currency = Set(original.currency.clone());
    row.vnd_per_unit = Set(original.vnd_per_unit);
    row.inspectors_only = Set(original.inspectors_only);
    row.reverses_id = Set(Some(original.id));
    row.reason = Set(Some(reason.to_owned()));
    insert_audited(
        &txn,
        backend,
        meta,
        (actor, rec.case.agency_id),
        row,
        ("payment.reversed", Some(&original)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The agency confirms or disputes a worker's statement, once (a conditional update: a second
/// answer, or one racing it, changes nothing and is told so). A dispute says why.
pub async fn answer(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    case_id: i32,
    payment_id: i32,
    answer: Answer,
    reason: &str,
) -> Result<(), ServiceError> {
    let rec = case_record(backend, meta, actor, case_id).await?;
    let facts = facts_of(&rec);
    require(
        backend,
        meta,
        actor,
        Action::AnswerStatement,
        Target::Case(&facts),
        ("case", case_id.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let original = entry_of(backend, actor, case_id, payment_id).await?;
    let by: RecordedBy = stored("payments.recorded_by", original.id, &original.recorded_by)?;
    if by != RecordedBy::Worker || original.reverses_id.is_some() {
        return Err(ServiceError::Problem(FormProblem::NotPermitted));
    }
    let reason = reason.trim();
    if answer == Answer::Disputed && reason.is_empty() {
        return Err(field(f::REASON, Problem::Required));
    }
    if reason.chars().count() > 1000 {
        return Err(field(f::REASON, Problem::TooLong { max: 1000 }));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let res = payment::Entity::update_many()
        .col_expr(payment::Column::Answer, Expr::value(answer.as_str()))
        .col_expr(
            payment::Column::AnswerReason,
            Expr::value(Some(reason.to_owned()).filter(|r| !r.is_empty())),
        )
        .col_expr(payment::Column::AnsweredBy, Expr::value(actor.user_id))
        .col_expr(payment::Column::AnsweredAt, Expr::value(now))
        .filter(payment::Column::Id.eq(original.id))
        .filter(payment::Column::CaseId.eq(case_id))
        .filter(payment::Column::RecordedBy.eq(RecordedBy::Worker.as_str()))
        .filter(payment::Column::InspectorsOnly.eq(false))
        .filter(payment::Column::Answer.is_null())
        // A statement its worker has taken back is not answered.
        .filter(
            payment::Column::Id.not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(payment::Column::ReversesId)
                    .from(payment::Entity)
                    .and_where(payment::Column::ReversesId.is_not_null())
                    .to_owned(),
            ),
        )
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
        Entry::new("payment.answered")
            .by(Some(actor))
            .record("payment", original.id)
            .agency(Some(rec.case.agency_id))
            .case(case_id)
            .after(serde_json::json!({ "answer": answer.as_str(), "reason": reason })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
