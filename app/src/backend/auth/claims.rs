//! Claim codes: the only way an account is linked to a worker record that an agency created.
//!
//! The case's agency prints a code for the worker (the case page shows it once, to print and
//! hand over on paper); it works for 30 days, once, and only from an account whose own email
//! address is confirmed. Printing a new code voids the one before. Every issue and every claim
//! is audited, and the email on the worker record, if any, is told of every claim.

#[allow(unused_imports)]
use super::*;
use crate::backend::entity::claim_code;
use crate::domain::access::CaseFacts;
use crate::domain::claim_codes::{group_claim_code, parse_claim_code};

/// A code just printed: shown once, never stored in clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedClaimCode {
    /// Grouped for reading, `ABCD-EFGH-JKLM`.
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

/// Prints a claim code for the worker of a case: for the case's agency, while the worker's
/// record has no account. Someone who may not see the case learns nothing of it.
pub async fn issue_claim_code(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    case_id: i32,
) -> Result<IssuedClaimCode, ServiceError> {
    let rec = crate::backend::cases::case_record(backend, meta, actor, case_id).await?;
    let facts = CaseFacts {
        agency_id: rec.case.agency_id,
        worker_id: rec.worker.id,
        worker_province: rec.worker.province_code.clone(),
    };
    require(
        backend,
        meta,
        actor,
        Action::IssueClaimCode,
        Target::Case(&facts),
        ("case", case_id.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    if record_has_account(&txn, rec.worker.id).await? {
        return Err(ServiceError::Problem(FormProblem::RecordClaimed));
    }
    // One live code per record: a new one voids the paper handed out before.
    claim_code::Entity::update_many()
        .col_expr(claim_code::Column::RevokedAt, Expr::value(Some(now)))
        .filter(claim_code::Column::WorkerId.eq(rec.worker.id))
        .filter(claim_code::Column::SpentAt.is_null())
        .filter(claim_code::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    let bare = secrets::new_claim_code();
    let expires_at = now + backend.settings.claim_code_ttl;
    let row = claim_code::ActiveModel {
        worker_id: Set(rec.worker.id),
        code_hash: Set(secrets::token_hash(&bare)),
        issued_by: Set(actor.user_id),
        issued_at: Set(now),
        expires_at: Set(expires_at),
        spent_at: Set(None),
        spent_by: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("claim_code.issued")
            .by(Some(actor))
            .record("worker", rec.worker.id)
            .agency(Some(rec.case.agency_id))
            .case(case_id)
            .after(json!({"claim_code": row.id, "expires_at": expires_at})),
    )
    .await?;
    txn.commit().await?;
    Ok(IssuedClaimCode {
        code: group_claim_code(&bare),
        expires_at,
    })
}

async fn record_has_account<C: ConnectionTrait>(
    db: &C,
    worker_id: i32,
) -> Result<bool, ServiceError> {
    Ok(user::Entity::find()
        .filter(user::Column::WorkerId.eq(worker_id))
        .one(db)
        .await?
        .is_some())
}

/// Links the signed-in worker's account to the record of a claim code. A wrong, spent, voided
/// or expired code gets one answer, and attempts are throttled per account like passwords.
pub async fn claim_record(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: &str,
) -> Result<(), ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::ClaimRecord,
        Target::Nothing,
        ("worker", String::new()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let db = &backend.db;
    let now = backend.clock.now();
    let bare = parse_claim_code(input).map_err(|p| {
        let mut e = FieldErrors::default();
        e.add("code", p);
        ServiceError::Invalid(e)
    })?;
    let me = user::Entity::find_by_id(actor.user_id)
        .one(db)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    if me.email_confirmed_at.is_none() {
        return Err(ServiceError::Problem(FormProblem::EmailNotConfirmed));
    }
    let key = format!("claim:{}", actor.user_id);
    let limit = backend.settings.account_failures;
    if let Some(refusal) = reserve_all(db, &backend.settings, &[(key.clone(), limit)], now).await? {
        return Err(refusal);
    }
    let txn = backend.begin_write().await?;
    let code = claim_code::Entity::find()
        .filter(claim_code::Column::CodeHash.eq(secrets::token_hash(&bare)))
        .one(&txn)
        .await?
        .filter(|c| c.spent_at.is_none() && c.revoked_at.is_none() && c.expires_at > now);
    let Some(code) = code else {
        drop(txn);
        lock_if_full(db, &backend.settings, &key, limit, now).await?;
        return Err(ServiceError::Problem(FormProblem::BadCode));
    };
    // Spent once: of two claims with one code, one links and the other changes nothing.
    let spent = claim_code::Entity::update_many()
        .col_expr(claim_code::Column::SpentAt, Expr::value(Some(now)))
        .col_expr(claim_code::Column::SpentBy, Expr::value(Some(me.id)))
        .filter(claim_code::Column::Id.eq(code.id))
        .filter(claim_code::Column::SpentAt.is_null())
        .filter(claim_code::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::BadCode));
    }
    if record_has_account(&txn, code.worker_id).await? {
        return Err(ServiceError::Problem(FormProblem::RecordClaimed));
    }
    let record = worker::Entity::find_by_id(code.worker_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // The citizen ID becomes the account's (to sign in with) unless another account holds it:
    // one from before claim codes, made under someone else's name.
    let id_free = user::Entity::find()
        .filter(user::Column::CitizenId.eq(record.citizen_id.as_str()))
        .one(&txn)
        .await?
        .is_none();
    let mut update = user::Entity::update_many()
        .col_expr(user::Column::WorkerId, Expr::value(Some(record.id)))
        .filter(user::Column::Id.eq(me.id))
        .filter(user::Column::WorkerId.is_null());
    if id_free {
        update = update.col_expr(
            user::Column::CitizenId,
            Expr::value(Some(record.citizen_id.clone())),
        );
    }
    let linked = match update.exec(&txn).await {
        Ok(r) => r.rows_affected == 1,
        // The unique index on users.worker_id: another claim linked the record first.
        Err(e) if is_unique_violation(&e) => false,
        Err(e) => return Err(e.into()),
    };
    if !linked {
        return Err(ServiceError::Problem(FormProblem::RecordClaimed));
    }
    if let Some(to) = record.email.as_deref().filter(|e| !e.is_empty()) {
        let message =
            outbox::record_claimed(stored("users.lang", me.id, &me.lang)?, to, &me.email, now);
        outbox::enqueue(&txn, now, message, &backend.settings.mail_domain()).await?;
    }
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("worker.claimed")
            .by(Some(actor))
            .record("worker", record.id)
            .after(json!({"user_id": me.id, "claim_code": code.id})),
    )
    .await?;
    txn.commit().await?;
    clear_failures(db, &key).await?;
    Ok(())
}
