//! The sanctions on a licence: a suspension in one market for a bounded time, and a revocation,
//! each decided once (the revocation's update matches only an active licence), written with the
//! licence history in one transaction, audited and mailed. Inspections reach them through
//! `suspend_in` and `revoke_in`, inside their own transaction.

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use super::decide::*;
use super::mail;
use crate::backend::audit::RequestMeta;
use crate::backend::entity::{agency, licence_event, market_suspension};
use crate::backend::{rules, Backend, ServiceError};
use crate::domain::access::Actor;
use crate::domain::agencies::{LicenceEventKind, LicenceStatus, Suspension};
use crate::domain::forms::{FormProblem, Problem};
use crate::domain::licences::{overlapping, suspension_bounds, suspension_ends_on};
use crate::domain::lifecycle::Refusal;
use crate::views::licences::{fields as f, RevokeLicenceInput, SuspendLicenceInput};

/// A suspension in one market, from its effective date (today or later) for a number of
/// months the rules in force on the decision's day allow; it ends by itself. A suspension in
/// the same market that shares a day with it is refused: extend one by a new decision after it.
pub async fn suspend(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: SuspendLicenceInput,
) -> Result<NaiveDate, ServiceError> {
    allowed(backend, meta, actor, input.agency_id.to_string()).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let txn = backend.begin_write().await?;
    let (_, ends_on) = suspend_in(&txn, backend, meta, actor, &input).await?;
    txn.commit().await?;
    Ok(ends_on)
}

/// The suspension itself, written in `txn` with its licence decision, audit entry and email,
/// for a use case that has already checked who may decide it: DOLAB's form above, or an
/// inspection's sanction decision that adds a suspension. Returns the decision and last day.
pub(crate) async fn suspend_in(
    txn: &DatabaseTransaction,
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    input: &SuspendLicenceInput,
) -> Result<(licence_event::Model, NaiveDate), ServiceError> {
    signed(&input.decision, backend.clock.today())?;
    let reference = backend.reference.get(&backend.db).await?;
    if !reference
        .markets
        .iter()
        .any(|m| m.code == input.market_code)
    {
        return Err(field(f::MARKET, Problem::Choice));
    }
    if input.starts_on < input.decision.decided_on {
        return Err(field(f::EFFECTIVE_ON, Problem::BeforeDecision));
    }
    let book = rules::book(backend).await?;
    let (min, max) = suspension_bounds(&book, input.decision.decided_on)
        .map_err(|m| refused(Refusal::from(m)))?;
    let months = i64::from(input.months);
    if months < min {
        return Err(field(f::MONTHS, Problem::AtLeast { min }));
    }
    if months > max {
        return Err(field(f::MONTHS, Problem::AtMost { max }));
    }
    let ends_on = suspension_ends_on(input.starts_on, input.months);
    let now = backend.clock.now();
    let a = load(txn, input.agency_id).await?;
    not_revoked(&a)?;
    let existing: Vec<Suspension> = market_suspension::Entity::find()
        .filter(market_suspension::Column::AgencyId.eq(a.id))
        .filter(market_suspension::Column::MarketCode.eq(&input.market_code))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| Suspension {
            market_code: s.market_code,
            starts_on: s.starts_on,
            ends_on: s.ends_on,
        })
        .collect();
    if let Some(s) = overlapping(&existing, &input.market_code, input.starts_on, ends_on) {
        return Err(field(
            f::EFFECTIVE_ON,
            Problem::SuspendedThen {
                from: s.starts_on,
                until: s.ends_on,
            },
        ));
    }
    let event = write_event(
        txn,
        actor,
        now,
        Written {
            agency_id: a.id,
            kind: LicenceEventKind::Suspended,
            effective_on: input.starts_on,
            decision: &input.decision,
            market: Some(input.market_code.clone()),
            until: Some(ends_on),
            clause: Some(input.clause.clone()),
            note: Some(input.reason.clone()),
            details: Some(serde_json::json!({ "months": input.months })),
        },
    )
    .await?;
    market_suspension::ActiveModel {
        agency_id: Set(a.id),
        market_code: Set(input.market_code.clone()),
        starts_on: Set(input.starts_on),
        ends_on: Set(ends_on),
        decision_ref: Set(Some(input.decision.number.clone())),
        reason: Set(input.reason.clone()),
        clause: Set(Some(input.clause.clone())),
        licence_event_id: Set(Some(event.id)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audited(txn, backend, meta, actor, "licence.suspended", &event, None).await?;
    mail::tell_agency(txn, backend, &a, now, &event).await?;
    Ok((event, ends_on))
}

/// A revocation on a ground of the law, in force from its effective date (no later than today:
/// a revocation is recorded on the day it takes effect). It happens once.
pub async fn revoke(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: RevokeLicenceInput,
) -> Result<(), ServiceError> {
    allowed(backend, meta, actor, input.agency_id.to_string()).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let txn = backend.begin_write().await?;
    revoke_in(&txn, backend, meta, actor, &input).await?;
    txn.commit().await?;
    Ok(())
}

/// The revocation itself, written in `txn` with its licence decision, audit entry and email,
/// for a use case that has already checked who may decide it: DOLAB's form above, or an
/// inspection's sanction decision that revokes. Returns the decision.
pub(crate) async fn revoke_in(
    txn: &DatabaseTransaction,
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    input: &RevokeLicenceInput,
) -> Result<licence_event::Model, ServiceError> {
    let today = backend.clock.today();
    signed(&input.decision, today)?;
    if input.effective_on > today {
        return Err(field(f::EFFECTIVE_ON, Problem::Future));
    }
    if input.effective_on < input.decision.decided_on {
        return Err(field(f::EFFECTIVE_ON, Problem::BeforeDecision));
    }
    let now = backend.clock.now();
    let a = load(txn, input.agency_id).await?;
    let updated = agency::Entity::update_many()
        .col_expr(
            agency::Column::LicenceStatus,
            Expr::value(LicenceStatus::Revoked.as_str()),
        )
        .col_expr(
            agency::Column::RevokedOn,
            Expr::value(Some(input.effective_on)),
        )
        .col_expr(agency::Column::UpdatedAt, Expr::value(now))
        .filter(agency::Column::Id.eq(a.id))
        .filter(agency::Column::LicenceStatus.eq(LicenceStatus::Active.as_str()))
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::AlreadyDecided));
    }
    let event = write_event(
        txn,
        actor,
        now,
        Written {
            agency_id: a.id,
            kind: LicenceEventKind::Revoked,
            effective_on: input.effective_on,
            decision: &input.decision,
            market: None,
            until: None,
            clause: Some(input.clause.clone()),
            note: Some(input.note.clone()).filter(|n| !n.is_empty()),
            details: Some(serde_json::json!({ "ground": input.ground })),
        },
    )
    .await?;
    audited(
        txn,
        backend,
        meta,
        actor,
        "licence.revoked",
        &event,
        Some(agency_json(&a)),
    )
    .await?;
    mail::tell_agency(txn, backend, &a, now, &event).await?;
    Ok(event)
}
