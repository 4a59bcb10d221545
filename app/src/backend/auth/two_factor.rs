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
    if let (Some(secret), None) = (&u.totp_secret, u.totp_confirmed_at) {
        return Ok(secret.clone());
    }
    if u.totp_confirmed_at.is_some() {
        // One authenticator at a time, and a confirmed one is never replaced from here: another
        // set-up session left open must not lock the user out.
        return Err(ServiceError::Problem(FormProblem::TwoFactorAlreadyOn));
    }
    let secret = secrets::new_totp_secret();
    // Only while still unconfirmed, so a confirmation that just committed is not undone.
    user::Entity::update_many()
        .col_expr(user::Column::TotpSecret, Expr::value(secret.clone()))
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
    let step = u
        .totp_secret
        .as_deref()
        .and_then(|secret| secrets::totp_match(secret, &code, now.timestamp(), u.totp_last_step))
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
