//! Sign-in: password, then the second factor for staff; signing out.

#[allow(unused_imports)]
use super::*;

pub(super) async fn find_by_identifier<C: ConnectionTrait>(
    db: &C,
    identifier: &str,
) -> Result<Option<user::Model>, ServiceError> {
    let id = normalise_identifier(identifier);
    let query = if id.contains('@') {
        user::Entity::find().filter(user::Column::Email.eq(id))
    } else {
        user::Entity::find().filter(user::Column::CitizenId.eq(id))
    };
    Ok(query.one(db).await?)
}

/// Checks a password. Unknown people, disabled accounts and wrong passwords get the same answer
/// after the same Argon2 work. Every attempt takes its place in the counters of its account (one
/// for all the account's identifiers) and its address before any Argon2 work, so a burst cannot
/// reach more verifications than the limit; a right password gives its places back.
pub async fn sign_in(
    backend: &Backend,
    meta: &RequestMeta,
    identifier: &str,
    password: &str,
) -> Result<NewSession, ServiceError> {
    let db = &backend.db;
    let settings = &backend.settings;
    let now = backend.clock.now();
    if identifier.chars().count() > IDENTIFIER_MAX {
        return Err(ServiceError::Problem(FormProblem::BadCredentials));
    }
    let found = find_by_identifier(db, identifier).await?;
    let account = found
        .as_ref()
        .map_or_else(|| account_key(identifier), |u| user_key(u.id));
    let address = address_key(meta);
    let keys = [
        (address.clone(), settings.address_failures),
        (account.clone(), settings.account_failures),
    ];
    if let Some(refusal) = reserve_all(db, settings, &keys, now).await? {
        audit::record(
            db,
            &backend.keys,
            now,
            meta,
            // What was typed is kept only when it names an account: a stranger's typing
            // (another person's email, a mistyped password in the wrong field) is not ours.
            match &found {
                Some(u) => Entry::new("signin.throttled").record("user", u.id),
                None => Entry::new("signin.throttled"),
            },
        )
        .await?;
        return Err(refusal);
    }
    let usable = found
        .as_ref()
        .filter(|u| u.status == AccountStatus::Active.as_str());
    let ok = backend
        .hasher
        .verify(
            password.to_owned(),
            usable.and_then(|u| u.password_hash.clone()),
        )
        .await?;
    let Some(u) = usable.filter(|_| ok) else {
        lock_if_full(db, settings, &address, settings.address_failures, now).await?;
        let locked = lock_if_full(db, settings, &account, settings.account_failures, now).await?;
        if let Some(owner) = found.as_ref().filter(|_| locked) {
            send_unlock_link(backend, meta, owner, now).await?;
        }
        let mut entry = Entry::new("signin.failed");
        entry = match &found {
            Some(u) => entry.record("user", u.id).agency(u.agency_id),
            None => entry,
        };
        audit::record(db, &backend.keys, now, meta, entry).await?;
        return Err(ServiceError::Problem(FormProblem::BadCredentials));
    };
    clear_failures(db, &account).await?;
    release(db, &address).await?;
    let role: Role = stored("users.role", u.id, &u.role)?;
    // Staff must use a second factor; a worker who chose to set one up is asked for it too.
    let stage = if u.totp_confirmed_at.is_some() {
        Stage::Code
    } else if role.is_staff() {
        Stage::Setup
    } else {
        Stage::Full
    };
    let txn = crate::backend::begin_write(db).await?;
    let session = create_session(&txn, settings, now, meta, u.id, stage).await?;
    let action = if stage == Stage::Full {
        "signin.ok"
    } else {
        "signin.password_ok"
    };
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new(action)
            .by_user(u.id, &u.role)
            .record("user", u.id)
            .agency(u.agency_id),
    )
    .await?;
    txn.commit().await?;
    Ok(session)
}

/// Completes a sign-in with an authenticator code or a recovery code. The session gets a new id.
pub async fn second_factor(
    backend: &Backend,
    meta: &RequestMeta,
    current: &CurrentSession,
    input: &str,
) -> Result<NewSession, ServiceError> {
    if current.stage != Stage::Code {
        return Err(ServiceError::Unauthenticated);
    }
    let db = &backend.db;
    let now = backend.clock.now();
    let key = format!("code:{}", current.user_id);
    let limit = backend.settings.account_failures;
    if let Some(refusal) = reserve_all(db, &backend.settings, &[(key.clone(), limit)], now).await? {
        return Err(refusal);
    }
    let factor = SecondFactor::parse(input).map_err(|p| {
        let mut e = FieldErrors::default();
        e.add("code", p);
        ServiceError::Invalid(e)
    })?;
    let u = user::Entity::find_by_id(current.user_id)
        .one(db)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    let txn = crate::backend::begin_write(db).await?;
    let accepted = match factor {
        SecondFactor::Totp(code) => {
            let step = open_totp_secret(backend, &u)?.and_then(|secret| {
                secrets::totp_match(&secret, &code, now.timestamp(), u.totp_last_step)
            });
            match step {
                // Conditional, so two requests with the same code cannot both pass.
                Some(step) => {
                    user::Entity::update_many()
                        .col_expr(user::Column::TotpLastStep, Expr::value(step))
                        .filter(user::Column::Id.eq(u.id))
                        .filter(
                            user::Column::TotpLastStep
                                .is_null()
                                .or(user::Column::TotpLastStep.lt(step)),
                        )
                        .exec(&txn)
                        .await?
                        .rows_affected
                        == 1
                }
                None => false,
            }
        }
        SecondFactor::Recovery(code) => {
            let hash = secrets::token_hash(&code);
            let found = recovery_code::Entity::find()
                .filter(recovery_code::Column::UserId.eq(u.id))
                .filter(recovery_code::Column::CodeHash.eq(hash))
                .filter(recovery_code::Column::UsedAt.is_null())
                .one(&txn)
                .await?;
            match &found {
                Some(rc) => {
                    recovery_code::Entity::update_many()
                        .col_expr(recovery_code::Column::UsedAt, Expr::value(now))
                        .filter(recovery_code::Column::Id.eq(rc.id))
                        .filter(recovery_code::Column::UsedAt.is_null())
                        .exec(&txn)
                        .await?
                        .rows_affected
                        == 1
                }
                None => false,
            }
        }
    };
    if !accepted {
        txn.rollback().await?;
        lock_if_full(db, &backend.settings, &key, limit, now).await?;
        audit::record(
            db,
            &backend.keys,
            now,
            meta,
            Entry::new("signin.code_failed")
                .by_user(u.id, &u.role)
                .record("user", u.id),
        )
        .await?;
        return Err(ServiceError::Problem(FormProblem::BadCode));
    }
    let session = complete_sign_in(&txn, backend, meta, current, &u, "signin.ok", now).await?;
    txn.commit().await?;
    clear_failures(db, &key).await?;
    Ok(session)
}

/// Ends the partial session and opens a full one under a new id (no session fixation), with the
/// audit entry saying what completed it.
pub(super) async fn complete_sign_in<C: ConnectionTrait>(
    db: &C,
    backend: &Backend,
    meta: &RequestMeta,
    current: &CurrentSession,
    u: &user::Model,
    action: &'static str,
    now: DateTime<Utc>,
) -> Result<NewSession, ServiceError> {
    session::ActiveModel {
        id: Set(current.id.clone()),
        ended_at: Set(Some(now)),
        ..Default::default()
    }
    .update(db)
    .await?;
    let session = create_session(db, &backend.settings, now, meta, u.id, Stage::Full).await?;
    audit::append(
        db,
        &backend.keys,
        now,
        meta,
        Entry::new(action)
            .by_user(u.id, &u.role)
            .record("user", u.id)
            .agency(u.agency_id),
    )
    .await?;
    Ok(session)
}

pub async fn sign_out(
    backend: &Backend,
    meta: &RequestMeta,
    current: &CurrentSession,
) -> Result<(), ServiceError> {
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    session::ActiveModel {
        id: Set(current.id.clone()),
        ended_at: Set(Some(now)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("signout")
            .by(Some(&current.actor))
            .record("user", current.user_id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Anyone who knows an account's email can lock it with wrong passwords; its owner lifts the lock
/// with a link sent to that email when the lock is set (once per lock).
async fn send_unlock_link(
    backend: &Backend,
    meta: &RequestMeta,
    owner: &user::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if owner.status != AccountStatus::Active.as_str() {
        return Ok(());
    }
    let txn = backend.begin_write().await?;
    let token = issue_token(
        &txn,
        "unlock",
        owner.id,
        None,
        now,
        backend.settings.reset_ttl,
    )
    .await?;
    let link = backend
        .settings
        .link(&format!("/signin/unlock?token={token}"));
    let message = outbox::unlock_link(
        stored("users.lang", owner.id, &owner.lang)?,
        &owner.email,
        &link,
        backend.settings.lockout.num_minutes(),
    );
    outbox::enqueue(&txn, now, message, &backend.settings.mail_domain()).await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("signin.locked").record("user", owner.id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether an unlock link is still good (for the page that asks to use it).
pub async fn unlock_link_is_live(backend: &Backend, token: &str) -> Result<bool, ServiceError> {
    Ok(
        live_token(&backend.db, "unlock", token, backend.clock.now())
            .await?
            .is_some(),
    )
}

/// Lifts the lock on the account of an unlock link: its password and second-factor counters
/// start again. The link works once.
pub async fn unlock(
    backend: &Backend,
    meta: &RequestMeta,
    token: &str,
) -> Result<(), ServiceError> {
    let now = backend.clock.now();
    let t = live_token(&backend.db, "unlock", token, now)
        .await?
        .ok_or(ServiceError::Problem(FormProblem::LinkInvalid))?;
    let owner = user::Entity::find_by_id(t.user_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::Problem(FormProblem::LinkInvalid))?;
    let txn = backend.begin_write().await?;
    spend_token(&txn, t.id, now).await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("signin.unlocked")
            .by_user(owner.id, &owner.role)
            .record("user", owner.id),
    )
    .await?;
    txn.commit().await?;
    clear_failures(&backend.db, &user_key(t.user_id)).await?;
    clear_failures(&backend.db, &format!("code:{}", t.user_id)).await?;
    Ok(())
}

/// Where the person of a new session lands (`domain::navigation::landing`): a worker on their
/// latest case, the orders board without one, their account while unclaimed; staff on their work.
pub async fn landing(backend: &Backend, user_id: i32) -> Result<String, ServiceError> {
    let u = user::Entity::find_by_id(user_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    let role: Role = stored("users.role", u.id, &u.role)?;
    use crate::domain::navigation::{landing as place_for, WorkerRecord};
    let record = match u.worker_id {
        Some(w) if role == Role::Worker => {
            WorkerRecord::Claimed(crate::backend::cases::case_of_worker(backend, w).await?)
        }
        _ => WorkerRecord::Unclaimed,
    };
    Ok(place_for(role, record))
}
