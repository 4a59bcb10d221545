//! When a broker took the paper: a provincial officer revokes a claim at the worker's request,
//! with the worker and their ID card in front of them, and prints a fresh code. A worker whose
//! citizen ID someone else claimed starts the request from their own account; the officer of
//! the province the citizen ID was registered in sees it, and revokes or rejects it.
//!
//! What the officer learns is what their office may know of its own province's records; a
//! citizen ID from another province is answered as one not on record.

#[allow(unused_imports)]
use super::*;
use crate::backend::entity::{claim_code, claim_dispute};
use crate::domain::citizen_id::CitizenId;
use crate::domain::claim_codes::group_claim_code;
use crate::views::accounts::{ClaimDisputeView, ClaimDisputesView};

const NOTE_MAX: usize = 1000;

fn note_field(note: &str, field: &'static str) -> Result<String, ServiceError> {
    let note = note.trim();
    if note.chars().count() > NOTE_MAX {
        let mut e = FieldErrors::default();
        e.add(field, Problem::TooLong { max: NOTE_MAX });
        return Err(ServiceError::Invalid(e));
    }
    Ok(note.to_owned())
}

fn citizen_id_field(input: &str) -> Result<CitizenId, ServiceError> {
    CitizenId::parse(input).map_err(|p| {
        let mut e = FieldErrors::default();
        e.add("citizen_id", Problem::CitizenId(p));
        ServiceError::Invalid(e)
    })
}

/// The province a citizen ID was registered in (its 2nd and 3rd digits name the old province).
async fn province_of<C: ConnectionTrait>(db: &C, id: &CitizenId) -> Result<String, ServiceError> {
    let old = id.as_str().get(1..3).unwrap_or_default().to_owned();
    match old_province::Entity::find_by_id(old).one(db).await? {
        Some(p) => Ok(p.new_code),
        None => {
            let mut e = FieldErrors::default();
            e.add(
                "citizen_id",
                Problem::CitizenId(crate::domain::citizen_id::CitizenIdError::Province),
            );
            Err(ServiceError::Invalid(e))
        }
    }
}

/// A worker asks their provincial office to revoke a claim on their citizen ID.
pub async fn dispute_claim(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    citizen_id: &str,
    note: &str,
) -> Result<(), ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::DisputeClaim,
        Target::Nothing,
        ("claim_dispute", String::new()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let id = citizen_id_field(citizen_id)?;
    let note = note_field(note, "note")?;
    let now = backend.clock.now();
    let me = user::Entity::find_by_id(actor.user_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    if me.email_confirmed_at.is_none() {
        return Err(ServiceError::Problem(FormProblem::EmailNotConfirmed));
    }
    let txn = backend.begin_write().await?;
    let province = province_of(&txn, &id).await?;
    let open = claim_dispute::Entity::find()
        .filter(claim_dispute::Column::UserId.eq(me.id))
        .filter(claim_dispute::Column::CitizenId.eq(id.as_str()))
        .filter(claim_dispute::Column::ResolvedAt.is_null())
        .one(&txn)
        .await?;
    if open.is_some() {
        return Err(ServiceError::Problem(FormProblem::AlreadyRequested));
    }
    let row = claim_dispute::ActiveModel {
        user_id: Set(me.id),
        citizen_id: Set(id.as_str().to_owned()),
        province_code: Set(province.clone()),
        note: Set(note),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("claim_dispute.filed")
            .by(Some(actor))
            .record("claim_dispute", row.id)
            .after(json!({"province": province})),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The officer's province, or a refusal.
async fn officer_province(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
) -> Result<String, ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::ResolveClaims,
        Target::Nothing,
        ("claim_dispute", String::new()),
    )
    .await?;
    actor
        .and_then(|a| a.province_code.clone())
        .ok_or(ServiceError::Forbidden)
}

/// The open disputes of the officer's province, oldest first.
pub async fn claim_disputes(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
) -> Result<ClaimDisputesView, ServiceError> {
    use sea_orm::QueryOrder;
    let province = officer_province(backend, meta, actor).await?;
    let rows = claim_dispute::Entity::find()
        .filter(claim_dispute::Column::ProvinceCode.eq(province.as_str()))
        .filter(claim_dispute::Column::ResolvedAt.is_null())
        .order_by_asc(claim_dispute::Column::Id)
        .all(&backend.db)
        .await?;
    let mut open = Vec::with_capacity(rows.len());
    for d in rows {
        let by = user::Entity::find_by_id(d.user_id)
            .one(&backend.db)
            .await?
            .ok_or_else(|| {
                ServiceError::Unexpected(format!("claim_disputes {}: no user", d.id).into())
            })?;
        open.push(ClaimDisputeView {
            id: d.id,
            citizen_id: d.citizen_id,
            filed_by_name: by.full_name,
            filed_by_email: by.email,
            note: d.note,
            filed_at: d.created_at,
        });
    }
    Ok(ClaimDisputesView { open })
}

/// Revokes whatever claim is on a citizen ID's record and prints a fresh code, the worker and
/// their ID card in front of the officer: the account linked to the record (if any) is unlinked
/// and told, live codes are voided, a dispute about it is resolved. A citizen ID not on record,
/// or one of another province, is answered as not found.
pub async fn revoke_claim(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    citizen_id: &str,
    in_person: bool,
    dispute_id: Option<i32>,
) -> Result<IssuedClaimCode, ServiceError> {
    let province = officer_province(backend, meta, actor).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let id = citizen_id_field(citizen_id)?;
    if !in_person {
        let mut e = FieldErrors::default();
        e.add("in_person", Problem::Required);
        return Err(ServiceError::Invalid(e));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let record = worker::Entity::find()
        .filter(worker::Column::CitizenId.eq(id.as_str()))
        .filter(worker::Column::ProvinceCode.eq(province.as_str()))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let holder = user::Entity::find()
        .filter(user::Column::WorkerId.eq(record.id))
        .one(&txn)
        .await?;
    if let Some(holder) = &holder {
        user::Entity::update_many()
            .col_expr(user::Column::WorkerId, Expr::value(Option::<i32>::None))
            .col_expr(user::Column::CitizenId, Expr::value(Option::<String>::None))
            .filter(user::Column::Id.eq(holder.id))
            .exec(&txn)
            .await?;
        let message = outbox::claim_revoked(
            stored("users.lang", holder.id, &holder.lang)?,
            &holder.email,
        );
        outbox::enqueue(&txn, now, message, &backend.settings.mail_domain()).await?;
    }
    claim_code::Entity::update_many()
        .col_expr(claim_code::Column::RevokedAt, Expr::value(Some(now)))
        .filter(claim_code::Column::WorkerId.eq(record.id))
        .filter(claim_code::Column::SpentAt.is_null())
        .filter(claim_code::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    let bare = secrets::new_claim_code();
    let expires_at = now + backend.settings.claim_code_ttl;
    let code = claim_code::ActiveModel {
        worker_id: Set(record.id),
        code_hash: Set(secrets::token_hash(&bare)),
        issued_by: Set(actor.user_id),
        issued_at: Set(now),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // Resolves the dispute named, and any other open one about this citizen ID.
    claim_dispute::Entity::update_many()
        .col_expr(claim_dispute::Column::ResolvedAt, Expr::value(Some(now)))
        .col_expr(
            claim_dispute::Column::ResolvedBy,
            Expr::value(Some(actor.user_id)),
        )
        .col_expr(claim_dispute::Column::Outcome, Expr::value(Some("revoked")))
        .filter(claim_dispute::Column::CitizenId.eq(id.as_str()))
        .filter(claim_dispute::Column::ResolvedAt.is_null())
        .exec(&txn)
        .await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("worker.claim_revoked")
            .by(Some(actor))
            .record("worker", record.id)
            .before(json!({"user_id": holder.as_ref().map(|h| h.id)}))
            .after(json!({
                "user_id": null,
                "claim_code": code.id,
                "dispute": dispute_id,
                "in_person": true,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(IssuedClaimCode {
        code: group_claim_code(&bare),
        expires_at,
    })
}

/// Rejects a dispute of the officer's province, with the reason the worker is shown.
pub async fn reject_dispute(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    dispute_id: i32,
    reason: &str,
) -> Result<(), ServiceError> {
    let province = officer_province(backend, meta, actor).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let reason = note_field(reason, "reason")?;
    if reason.is_empty() {
        let mut e = FieldErrors::default();
        e.add("reason", Problem::Required);
        return Err(ServiceError::Invalid(e));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let d = claim_dispute::Entity::find_by_id(dispute_id)
        .one(&txn)
        .await?
        .filter(|d| d.province_code == province)
        .ok_or(ServiceError::NotFound)?;
    // A decision taken once.
    let done = claim_dispute::Entity::update_many()
        .col_expr(claim_dispute::Column::ResolvedAt, Expr::value(Some(now)))
        .col_expr(
            claim_dispute::Column::ResolvedBy,
            Expr::value(Some(actor.user_id)),
        )
        .col_expr(
            claim_dispute::Column::Outcome,
            Expr::value(Some("rejected")),
        )
        .col_expr(
            claim_dispute::Column::Reason,
            Expr::value(Some(reason.clone())),
        )
        .filter(claim_dispute::Column::Id.eq(d.id))
        .filter(claim_dispute::Column::ResolvedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::AlreadyDecided));
    }
    let by = user::Entity::find_by_id(d.user_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let message =
        outbox::dispute_rejected(stored("users.lang", by.id, &by.lang)?, &by.email, &reason);
    outbox::enqueue(&txn, now, message, &backend.settings.mail_domain()).await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("claim_dispute.rejected")
            .by(Some(actor))
            .record("claim_dispute", d.id)
            .after(json!({"reason": reason})),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
