//! Job-connection claims: a unit (the provincial employment service centre, for example) that
//! connected a poor worker to the job of a case claims its support. The provincial officer of
//! the worker's province records the claim; it becomes payable only once the worker's labour
//! contract is signed and the job has been held for the rule's months, and says why not before.
//! One claim per case and paid once: the database holds both.

use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::access::require;
use super::audit::{self, Entry, RequestMeta};
use super::cases::case_record;
use super::entity::{case, connection_claim, household_status, worker};
use super::lifecycle::file_of;
use super::{rules, Backend, ServiceError};
use crate::domain::access::{Action, Actor, CaseFacts, Target};
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::lifecycle::{Refusal, StepError};
use crate::domain::rules::{RuleBook, RuleKey};
use crate::domain::support::{claim_standing, ClaimFacts, ClaimStanding};
use crate::views::support::{fields, ClaimPaidInput, ClaimView, ConnectionClaimInput};

fn refused(r: Refusal) -> ServiceError {
    ServiceError::Refused(StepError {
        fields: FieldErrors::default(),
        refusals: vec![r],
    })
}

fn field(name: &str, p: Problem) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(name, p);
    ServiceError::Invalid(e)
}

/// Where a claim stands on `today`, from its case: the contract's signing day, the departure
/// (the job's start), the contract's end; the months the rule in force on the start day asks.
fn standing(
    book: &RuleBook,
    claim: &connection_claim::Model,
    c: &case::Model,
    today: NaiveDate,
) -> Result<ClaimStanding, ServiceError> {
    let file = file_of(c)?;
    let facts = ClaimFacts {
        contract_signed_on: file.contract.as_ref().map(|k| k.signed_on),
        job_started_on: c.departed_on,
        ended_on: c.ended_on,
        paid_on: claim.paid_on,
    };
    let months = book
        .value(
            RuleKey::ConnectionConfirmMonths,
            "",
            c.departed_on.unwrap_or(today),
        )
        .map_err(|m| refused(Refusal::from(m)))?;
    Ok(claim_standing(
        &facts,
        u32::try_from(months).unwrap_or(u32::MAX),
        today,
    ))
}

/// The claims of a province (all provinces when `province` is none), newest first, each with
/// where it stands today. The caller has checked the actor may see them.
pub(crate) async fn list(
    backend: &Backend,
    province: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<ClaimView>, ServiceError> {
    let mut q = connection_claim::Entity::find();
    if let Some(p) = province {
        q = q.filter(connection_claim::Column::ProvinceCode.eq(p));
    }
    let claims = q
        .order_by_desc(connection_claim::Column::RecordedAt)
        .order_by_desc(connection_claim::Column::Id)
        .all(&backend.db)
        .await?;
    if claims.is_empty() {
        return Ok(Vec::new());
    }
    let case_ids: Vec<i32> = claims.iter().map(|c| c.case_id).collect();
    let worker_ids: Vec<i32> = claims.iter().map(|c| c.worker_id).collect();
    let cases: std::collections::HashMap<i32, case::Model> = case::Entity::find()
        .filter(case::Column::Id.is_in(case_ids))
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let names: std::collections::HashMap<i32, String> = worker::Entity::find()
        .filter(worker::Column::Id.is_in(worker_ids))
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|w| (w.id, w.full_name))
        .collect();
    let book = rules::book(backend).await?;
    claims
        .iter()
        .map(|claim| {
            let c = cases.get(&claim.case_id).ok_or(ServiceError::NotFound)?;
            Ok(ClaimView {
                id: claim.id,
                case_id: claim.case_id,
                worker_name: names.get(&claim.worker_id).cloned().unwrap_or_default(),
                unit_name: claim.unit_name.clone(),
                amount_vnd: claim.amount_vnd,
                note: claim.note.clone(),
                recorded_on: claim.recorded_at.date_naive(),
                standing: standing(&book, claim, c, today)?,
            })
        })
        .collect()
}

async fn has_status<C: ConnectionTrait>(
    db: &C,
    worker_id: i32,
    years: &[i32],
) -> Result<bool, ServiceError> {
    Ok(household_status::Entity::find()
        .filter(household_status::Column::WorkerId.eq(worker_id))
        .filter(household_status::Column::Year.is_in(years.to_vec()))
        .one(db)
        .await?
        .is_some())
}

/// The provincial officer records a unit's claim for the case of a poor worker of the province
/// (a household status this year, or in the year the contract was signed). One claim per case.
pub async fn record(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: ConnectionClaimInput,
) -> Result<(), ServiceError> {
    // Only a provincial officer records claims; for them, a number that names no case of the
    // province is a mistake in the field, the same whether or not it names another's.
    require(
        backend,
        meta,
        actor,
        Action::ManageSupport,
        Target::Nothing,
        ("case", input.case_id.to_string()),
    )
    .await?;
    let rec = case_record(backend, meta, actor, input.case_id)
        .await
        .map_err(|e| match e {
            ServiceError::NotFound | ServiceError::Forbidden => {
                field(fields::CASE_ID, Problem::UnknownCase)
            }
            other => other,
        })?;
    let facts = CaseFacts {
        agency_id: rec.case.agency_id,
        worker_id: rec.worker.id,
        worker_province: rec.worker.province_code.clone(),
    };
    require(
        backend,
        meta,
        actor,
        Action::ManageSupport,
        Target::Case(&facts),
        ("case", input.case_id.to_string()),
    )
    .await
    .map_err(|e| match e {
        ServiceError::Forbidden => field(fields::CASE_ID, Problem::UnknownCase),
        other => other,
    })?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let today = backend.clock.today();
    let file = file_of(&rec.case)?;
    let mut years = vec![today.year()];
    if let Some(k) = &file.contract {
        years.push(k.signed_on.year());
    }
    if !has_status(&backend.db, rec.worker.id, &years).await? {
        return Err(refused(Refusal::NoHouseholdStatus { year: today.year() }));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let row = connection_claim::ActiveModel {
        case_id: Set(rec.case.id),
        worker_id: Set(rec.worker.id),
        province_code: Set(rec.worker.province_code.clone()),
        unit_name: Set(input.unit_name.clone()),
        amount_vnd: Set(input.amount_vnd),
        note: Set(input.note.clone()),
        recorded_by: Set(Some(actor.user_id)),
        recorded_at: Set(now),
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
            return Err(field(fields::CASE_ID, Problem::Duplicate))
        }
        Err(e) => return Err(e.into()),
    };
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("support.claim_recorded")
            .by(Some(actor))
            .record("connection_claim", row.id)
            .agency(Some(rec.case.agency_id))
            .case(rec.case.id)
            .after(serde_json::json!({
                "case_id": row.case_id, "worker_id": row.worker_id,
                "province": row.province_code, "unit_name": row.unit_name,
                "amount_vnd": row.amount_vnd, "note": row.note,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The provincial officer marks a claim paid, on a day it was payable. Paid once: the update
/// holds only while no payment is recorded, so a second officer at the same moment is refused.
pub async fn mark_paid(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: ClaimPaidInput,
) -> Result<(), ServiceError> {
    // Who may pay claims at all is asked first, and every refusal is "not found", so that a
    // missing claim and another province's answer the same: nobody learns which ids exist.
    require(
        backend,
        meta,
        actor,
        Action::ManageSupport,
        Target::Nothing,
        ("connection_claim", input.claim_id.to_string()),
    )
    .await
    .map_err(ServiceError::hidden)?;
    let Some(claim) = connection_claim::Entity::find_by_id(input.claim_id)
        .one(&backend.db)
        .await?
    else {
        return Err(ServiceError::NotFound);
    };
    let rec = case_record(backend, meta, actor, claim.case_id).await?;
    let facts = CaseFacts {
        agency_id: rec.case.agency_id,
        worker_id: rec.worker.id,
        worker_province: rec.worker.province_code.clone(),
    };
    require(
        backend,
        meta,
        actor,
        Action::ManageSupport,
        Target::Case(&facts),
        ("connection_claim", claim.id.to_string()),
    )
    .await
    .map_err(ServiceError::hidden)?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let today = backend.clock.today();
    if input.paid_on > today {
        return Err(field(fields::PAID_ON, Problem::Future));
    }
    let book = rules::book(backend).await?;
    match standing(&book, &claim, &rec.case, input.paid_on)? {
        ClaimStanding::Payable { .. } => {}
        standing => return Err(refused(Refusal::ClaimNotPayable { standing })),
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let done = connection_claim::Entity::update_many()
        .col_expr(connection_claim::Column::PaidOn, Expr::value(input.paid_on))
        .col_expr(connection_claim::Column::PaidBy, Expr::value(actor.user_id))
        .col_expr(connection_claim::Column::PaidAt, Expr::value(now))
        .filter(connection_claim::Column::Id.eq(claim.id))
        .filter(connection_claim::Column::PaidOn.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        let paid = connection_claim::Entity::find_by_id(claim.id)
            .one(&txn)
            .await?
            .and_then(|c| c.paid_on)
            .unwrap_or(input.paid_on);
        return Err(refused(Refusal::ClaimNotPayable {
            standing: ClaimStanding::Paid { on: paid },
        }));
    }
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("support.claim_paid")
            .by(Some(actor))
            .record("connection_claim", claim.id)
            .agency(Some(rec.case.agency_id))
            .case(rec.case.id)
            .before(serde_json::json!({"paid_on": null}))
            .after(serde_json::json!({"paid_on": input.paid_on, "amount_vnd": claim.amount_vnd})),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
