//! Setting up the second factor (TOTP) and its recovery codes.

#[allow(unused_imports)]
use super::*;

/// The secret being set up: made on first visit, kept until confirmed.
pub async fn totp_secret(
    backend: &Backend,
    current: &CurrentSession,
) -> Result<String, ServiceError> {
    let u = user::Entity::find_by_id(current.user_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if let (Some(secret), None) = (open_totp_secret(backend, &u)?, u.totp_confirmed_at) {
        return Ok(secret);
    }
    if u.totp_confirmed_at.is_some() {
        // One authenticator at a time, and a confirmed one is never replaced from here: another
        // set-up session left open must not lock the user out.
        return Err(ServiceError::Problem(FormProblem::TwoFactorAlreadyOn));
    }
    let secret = secrets::new_totp_secret();
    // Only while still unconfirmed, so a confirmation that just committed is not undone.
    user::Entity::update_many()
        .col_expr(
            user::Column::TotpSecret,
            Expr::value(backend.keys.seal(&totp_context(u.id), &secret)),
        )
        .filter(user::Column::Id.eq(u.id))
        .filter(user::Column::TotpConfirmedAt.is_null())
        .exec(&backend.db)
        .await?;
    Ok(secret)
}

/// Confirms the authenticator with a first code; returns a new full session and the recovery
/// codes, which are shown once.
pub async fn confirm_totp(
    backend: &Backend,
    meta: &RequestMeta,
    current: Option<&CurrentSession>,
    input: &str,
) -> Result<(NewSession, Vec<String>), ServiceError> {
    // Set-up is open to a session waiting for it and to a full one, never to one mid-sign-in.
    let current = current
        .filter(|s| matches!(s.stage, Stage::Setup | Stage::Full))
        .ok_or(ServiceError::Unauthenticated)?;
    let now = backend.clock.now();
    let code = match SecondFactor::parse(input) {
        Ok(SecondFactor::Totp(code)) => code,
        Ok(SecondFactor::Recovery(_)) | Err(_) => {
            let mut e = FieldErrors::default();
            e.add("code", Problem::Code);
            return Err(ServiceError::Invalid(e));
        }
    };
    let u = user::Entity::find_by_id(current.user_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if u.totp_confirmed_at.is_some() {
        return Err(ServiceError::Problem(FormProblem::TwoFactorAlreadyOn));
    }
    let step = open_totp_secret(backend, &u)?
        .and_then(|secret| secrets::totp_match(&secret, &code, now.timestamp(), u.totp_last_step))
        .ok_or(ServiceError::Problem(FormProblem::BadCode))?;
    let codes = secrets::new_recovery_codes();
    let txn = backend.begin_write().await?;
    user::ActiveModel {
        id: Set(u.id),
        totp_confirmed_at: Set(Some(now)),
        totp_last_step: Set(Some(step)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(u.id))
        .exec(&txn)
        .await?;
    for code in &codes {
        recovery_code::ActiveModel {
            user_id: Set(u.id),
            code_hash: Set(secrets::token_hash(&code.replace('-', ""))),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let session = complete_sign_in(&txn, backend, meta, current, &u, "totp.enabled", now).await?;
    txn.commit().await?;
    Ok((session, codes))
}

/// Where a user's TOTP secret is kept: a sealed value opens only on its own row.
pub fn totp_context(user_id: i32) -> String {
    format!("users.totp_secret:{user_id}")
}

/// The user's TOTP secret, decrypted with the server's keys. A stored secret that does not open
/// (another key, a changed value, one from before encryption) is an error, never taken as is.
pub fn open_totp_secret(
    backend: &Backend,
    u: &user::Model,
) -> Result<Option<String>, ServiceError> {
    u.totp_secret
        .as_deref()
        .map(|sealed| {
            backend.keys.open(&totp_context(u.id), sealed).map_err(|e| {
                ServiceError::Unexpected(format!("users.totp_secret of user {}: {e}", u.id).into())
            })
        })
        .transpose()
}

/// Seals every TOTP secret that is not sealed with the current key: a secret stored in clear
/// before encryption came, or one sealed with a previous key during a rotation. Run at start;
/// each row is rewritten only if it still holds what was read. Returns how many were sealed.
pub async fn reseal_totp_secrets(backend: &Backend) -> Result<u64, ServiceError> {
    let users = user::Entity::find()
        .filter(user::Column::TotpSecret.is_not_null())
        .all(&backend.db)
        .await?;
    let mut sealed = 0;
    for u in users {
        let Some(stored) = u.totp_secret.as_deref() else {
            continue;
        };
        if backend.keys.is_sealed_with_current(stored) {
            continue;
        }
        let secret = if crate::backend::keys::is_sealed(stored) {
            backend
                .keys
                .open(&totp_context(u.id), stored)
                .map_err(|e| {
                    ServiceError::Unexpected(
                        format!("users.totp_secret of user {}: {e}", u.id).into(),
                    )
                })?
        } else {
            // From before encryption: it must be a secret, not something else in its place.
            let secret = stored.trim().to_uppercase();
            if secrets::totp_code(&secret, 0).is_none() {
                return Err(ServiceError::Unexpected(
                    format!("users.totp_secret of user {} is not a TOTP secret", u.id).into(),
                ));
            }
            secret
        };
        sealed += user::Entity::update_many()
            .col_expr(
                user::Column::TotpSecret,
                Expr::value(backend.keys.seal(&totp_context(u.id), &secret)),
            )
            .filter(user::Column::Id.eq(u.id))
            .filter(user::Column::TotpSecret.eq(stored))
            .exec(&backend.db)
            .await?
            .rows_affected;
    }
    Ok(sealed)
}
