//! Sessions and accounts: listing and ending sessions, disabling and re-enabling accounts.

#[allow(unused_imports)]
use super::*;

pub async fn sessions_of(
    backend: &Backend,
    user_id: i32,
) -> Result<Vec<session::Model>, ServiceError> {
    let now = backend.clock.now();
    let idle_since = now - backend.settings.session_idle;
    Ok(session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::EndedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now))
        .filter(session::Column::LastSeenAt.gt(idle_since))
        .order_by_desc(session::Column::LastSeenAt)
        .all(&backend.db)
        .await?)
}

pub async fn session_owner(
    backend: &Backend,
    session_id: &str,
) -> Result<Option<i32>, ServiceError> {
    Ok(session::Entity::find_by_id(session_id.to_owned())
        .one(&backend.db)
        .await?
        .map(|s| s.user_id))
}

pub(super) async fn end_session(
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    session_id: &str,
) -> Result<(), ServiceError> {
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    session::Entity::update_many()
        .col_expr(session::Column::EndedAt, Expr::value(now))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::EndedAt.is_null())
        .exec(&txn)
        .await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("session.revoked")
            .by(Some(actor))
            .record("session", &session_id[..12.min(session_id.len())]),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn user_by_id(backend: &Backend, id: i32) -> Result<Option<user::Model>, ServiceError> {
    Ok(user::Entity::find_by_id(id).one(&backend.db).await?)
}

pub async fn user_by_email(
    backend: &Backend,
    email: &str,
) -> Result<Option<user::Model>, ServiceError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(&backend.db)
        .await?)
}

/// Ends one session: one's own, and nobody else's. An unknown session is not found.
pub async fn revoke_session(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    session_id: &str,
) -> Result<(), ServiceError> {
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let owner = session_owner(backend, session_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let facts = UserFacts {
        user_id: owner,
        role: actor.role,
        agency_id: None,
    };
    require(
        backend,
        meta,
        Some(actor),
        Action::OwnAccount,
        Target::User(&facts),
        ("session", session_id.chars().take(12).collect()),
    )
    .await
    // Someone else's session is, to this user, a session that does not exist.
    .map_err(ServiceError::hidden)?;
    end_session(backend, meta, actor, session_id).await
}

/// The administrator's switch on an account: checked against the policy with the account's
/// facts, then [`set_status`].
pub async fn set_user_status(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    user_id: i32,
    active: bool,
) -> Result<(), ServiceError> {
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let target = user_by_id(backend, user_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let role = stored("users.role", target.id, &target.role)?;
    let facts = UserFacts {
        user_id: target.id,
        role,
        agency_id: target.agency_id,
    };
    require(
        backend,
        meta,
        Some(actor),
        Action::SetUserStatus,
        Target::User(&facts),
        ("user", user_id.to_string()),
    )
    .await
    // An account this user may not manage is, to them, an account that does not exist.
    .map_err(ServiceError::hidden)?;
    set_status(backend, meta, actor, &target, active).await
}

/// Disables or re-enables an account; disabling ends all its sessions. Only through
/// [`set_user_status`], which checks the policy; the switch itself follows the domain's
/// [`switched_status`], and is written only while the account is as it was read, so two
/// administrators switching at once cannot undo each other unseen.
pub(super) async fn set_status(
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    target: &user::Model,
    active: bool,
) -> Result<(), ServiceError> {
    let now = backend.clock.now();
    let current: AccountStatus = stored("users.status", target.id, &target.status)?;
    let disabled_by: Option<Role> = super::super::decode::stored_opt(
        "users.disabled_by_role",
        target.id,
        target.disabled_by_role.as_deref(),
    )?;
    let new_status = switched_status(
        current,
        active,
        target.password_hash.is_some(),
        actor.role,
        disabled_by,
    )
    .map_err(ServiceError::Problem)?;
    let txn = backend.begin_write().await?;
    let updated = user::Entity::update_many()
        .col_expr(user::Column::Status, Expr::value(new_status.as_str()))
        .col_expr(
            user::Column::DisabledByRole,
            Expr::value((new_status == AccountStatus::Disabled).then(|| actor.role.as_str())),
        )
        .filter(user::Column::Id.eq(target.id))
        .filter(user::Column::Status.eq(current.as_str()))
        // The decision read who disabled it: it holds only while that is still so.
        .filter(match &target.disabled_by_role {
            Some(role) => user::Column::DisabledByRole.eq(role.as_str()),
            None => user::Column::DisabledByRole.is_null(),
        })
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::StateChanged));
    }
    let ended = if new_status != AccountStatus::Disabled {
        0
    } else {
        end_all_sessions(&txn, target.id, now).await?
    };
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new(if new_status != AccountStatus::Disabled {
            "user.enabled"
        } else {
            "user.disabled"
        })
        .by(Some(actor))
        .record("user", target.id)
        .agency(target.agency_id)
        .before(json!({"status": current.as_str(), "disabled_by": target.disabled_by_role}))
        .after(json!({"status": new_status.as_str(), "sessions_ended": ended})),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Accounts, newest first; of one agency when given.
pub async fn list_users(
    backend: &Backend,
    agency_id: Option<i32>,
) -> Result<Vec<user::Model>, ServiceError> {
    let mut query = user::Entity::find().filter(user::Column::Role.ne(Role::Worker.as_str()));
    if let Some(agency) = agency_id {
        query = query.filter(user::Column::AgencyId.eq(agency));
    }
    Ok(query
        .order_by_desc(user::Column::Id)
        .all(&backend.db)
        .await?)
}
