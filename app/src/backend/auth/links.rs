//! One-time links: password reset and invitations, and the checks an invitation needs.

#[allow(unused_imports)]
use super::*;

pub(super) async fn issue_token<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    user_id: i32,
    created_by: Option<i32>,
    now: DateTime<Utc>,
    ttl: TimeDelta,
) -> Result<String, ServiceError> {
    let token = secrets::new_token();
    one_time_token::ActiveModel {
        token_hash: Set(secrets::token_hash(&token)),
        kind: Set(kind.to_owned()),
        user_id: Set(user_id),
        created_by: Set(created_by),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// A live token of this kind, or nothing.
pub(super) async fn live_token<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<one_time_token::Model>, ServiceError> {
    Ok(one_time_token::Entity::find()
        .filter(one_time_token::Column::TokenHash.eq(secrets::token_hash(token.trim())))
        .filter(one_time_token::Column::Kind.eq(kind))
        .one(db)
        .await?
        .filter(|t| t.used_at.is_none() && t.expires_at > now))
}

/// Marks a link used, only if it still is unused, so two submissions cannot both succeed.
pub(super) async fn spend_token<C: ConnectionTrait>(
    db: &C,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let spent = one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::Id.eq(id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if spent.rows_affected == 1 {
        Ok(())
    } else {
        Err(ServiceError::Problem(FormProblem::LinkInvalid))
    }
}

/// Sends a reset link if the address has an active account. Answers the same either way.
pub async fn request_reset(
    backend: &Backend,
    meta: &RequestMeta,
    email: &str,
) -> Result<(), ServiceError> {
    let now = backend.clock.now();
    let key = format!("reset:{}", email.trim().to_lowercase());
    // Five reset mails per address per window are plenty; more would let anyone flood an inbox.
    let limit = backend.settings.account_failures;
    if reserve(&backend.db, &backend.settings, &key, limit, now)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let Some(u) = user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .filter(user::Column::Status.eq(AccountStatus::Active.as_str()))
        .one(&backend.db)
        .await?
    else {
        return Ok(());
    };
    let txn = backend.begin_write().await?;
    let token = issue_token(&txn, "reset", u.id, None, now, backend.settings.reset_ttl).await?;
    let link = backend
        .settings
        .link(&format!("/password/reset?token={token}"));
    let message = outbox::password_reset(
        stored("users.lang", u.id, &u.lang)?,
        &u.email,
        &link,
        backend.settings.reset_ttl.num_minutes(),
    );
    outbox::enqueue(&txn, now, message, &backend.settings.mail_domain()).await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("password.reset_requested")
            .by_user(u.id, &u.role)
            .record("user", u.id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn reset_link_is_live(backend: &Backend, token: &str) -> Result<bool, ServiceError> {
    Ok(live_token(&backend.db, "reset", token, backend.clock.now())
        .await?
        .is_some())
}

/// Sets a new password from a reset link; the link is spent and every session of the account ends.
pub async fn reset_password(
    backend: &Backend,
    meta: &RequestMeta,
    token: &str,
    password: &str,
) -> Result<(), ServiceError> {
    let now = backend.clock.now();
    let t = live_token(&backend.db, "reset", token, now)
        .await?
        .ok_or(ServiceError::Problem(FormProblem::LinkInvalid))?;
    let u = user::Entity::find_by_id(t.user_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    check_new_password(password, &u)?;
    let hash = backend.hasher.hash(password.to_owned()).await?;
    let txn = backend.begin_write().await?;
    spend_token(&txn, t.id, now).await?;
    user::ActiveModel {
        id: Set(u.id),
        password_hash: Set(Some(hash)),
        password_changed_at: Set(Some(now)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let ended = end_all_sessions(&txn, u.id, now).await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("password.reset")
            .by_user(u.id, &u.role)
            .record("user", u.id)
            .after(json!({"sessions_ended": ended})),
    )
    .await?;
    txn.commit().await?;
    clear_failures(&backend.db, &user_key(u.id)).await?;
    clear_failures(&backend.db, &account_key(&u.email)).await?;
    if let Some(cid) = &u.citizen_id {
        clear_failures(&backend.db, &account_key(cid)).await?;
    }
    Ok(())
}

pub(super) fn check_new_password(password: &str, u: &user::Model) -> Result<(), ServiceError> {
    let local = u.email.split('@').next().unwrap_or_default();
    check_password(
        password,
        &[local, u.citizen_id.as_deref().unwrap_or_default()],
    )
    .map_err(|p| {
        let mut e = FieldErrors::default();
        e.add("password", p);
        ServiceError::Invalid(e)
    })
}

/// What an invitation link shows before it is accepted.
#[derive(Debug, Clone)]
pub struct InvitationInfo {
    pub email: String,
    pub full_name: String,
    pub role: Role,
}

pub async fn invitation_info(
    backend: &Backend,
    token: &str,
) -> Result<Option<InvitationInfo>, ServiceError> {
    let Some(t) = live_token(&backend.db, "invitation", token, backend.clock.now()).await? else {
        return Ok(None);
    };
    let u = user::Entity::find_by_id(t.user_id).one(&backend.db).await?;
    u.filter(|u| u.status == AccountStatus::Invited.as_str())
        .map(|u| {
            Ok(InvitationInfo {
                role: stored("users.role", u.id, &u.role)?,
                email: u.email,
                full_name: u.full_name,
            })
        })
        .transpose()
}

/// Sets the invited person's password and signs them in to set up two-factor.
pub async fn accept_invitation(
    backend: &Backend,
    meta: &RequestMeta,
    token: &str,
    password: &str,
) -> Result<NewSession, ServiceError> {
    let now = backend.clock.now();
    let t = live_token(&backend.db, "invitation", token, now)
        .await?
        .ok_or(ServiceError::Problem(FormProblem::LinkInvalid))?;
    let u = user::Entity::find_by_id(t.user_id)
        .one(&backend.db)
        .await?
        .filter(|u| u.status == AccountStatus::Invited.as_str())
        .ok_or(ServiceError::Problem(FormProblem::LinkInvalid))?;
    check_new_password(password, &u)?;
    let hash = backend.hasher.hash(password.to_owned()).await?;
    let txn = backend.begin_write().await?;
    spend_token(&txn, t.id, now).await?;
    // Only while still invited: an invitation withdrawn during the hashing stays withdrawn.
    let accepted = user::Entity::update_many()
        .col_expr(
            user::Column::Status,
            Expr::value(AccountStatus::Active.as_str()),
        )
        .col_expr(user::Column::PasswordHash, Expr::value(Some(hash)))
        .col_expr(user::Column::PasswordChangedAt, Expr::value(Some(now)))
        // The link came to the address: it is proved.
        .col_expr(user::Column::EmailConfirmedAt, Expr::value(Some(now)))
        .col_expr(
            user::Column::DisabledByRole,
            Expr::value(Option::<String>::None),
        )
        .filter(user::Column::Id.eq(u.id))
        .filter(user::Column::Status.eq(AccountStatus::Invited.as_str()))
        .exec(&txn)
        .await?;
    if accepted.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::LinkInvalid));
    }
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("invitation.accepted")
            .by_user(u.id, &u.role)
            .record("user", u.id)
            .agency(u.agency_id)
            .before(json!({"status": "invited"}))
            .after(json!({"status": "active"})),
    )
    .await?;
    let session = create_session(&txn, &backend.settings, now, meta, u.id, Stage::Setup).await?;
    txn.commit().await?;
    Ok(session)
}

/// What an administrator (or agency admin) types to invite someone.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub email: crate::domain::accounts::Email,
    pub full_name: String,
    pub role: Role,
    pub agency_id: Option<i32>,
    pub branch_name: Option<String>,
    pub province_code: Option<String>,
}

/// Creates the invited account and queues the email with its one-time link. Only through
/// `invitations::invite`, which checks the policy.
pub(crate) async fn invite(
    backend: &Backend,
    meta: &RequestMeta,
    inviter: &Actor,
    lang: Lang,
    inv: Invitation,
) -> Result<(), ServiceError> {
    invite_as(backend, meta, Some(inviter), lang, inv)
        .await
        .map(|_| ())
}

/// A real install's first system administrator, invited by the operator at the server's
/// console (`server admin create EMAIL`), since no account exists yet to invite them: the
/// invitation is audited as the operator's, and its one-time link is returned to be printed
/// (it is also mailed).
pub async fn invite_first_administrator(
    backend: &Backend,
    email: crate::domain::accounts::Email,
    full_name: String,
) -> Result<String, ServiceError> {
    let meta = RequestMeta {
        request_id: "server admin create".to_owned(),
        ..Default::default()
    };
    let inv = Invitation {
        email,
        full_name,
        role: Role::SystemAdmin,
        agency_id: None,
        branch_name: None,
        province_code: None,
    };
    invite_as(backend, &meta, None, Lang::Vi, inv).await
}

/// [`invite`], by an account or (for the first administrator) by the operator; the link.
async fn invite_as(
    backend: &Backend,
    meta: &RequestMeta,
    inviter: Option<&Actor>,
    lang: Lang,
    inv: Invitation,
) -> Result<String, ServiceError> {
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let created = user::ActiveModel {
        role: Set(inv.role.as_str().to_owned()),
        status: Set(AccountStatus::Invited.as_str().to_owned()),
        full_name: Set(inv.full_name.clone()),
        email: Set(inv.email.as_str().to_owned()),
        lang: Set(lang.code().to_owned()),
        agency_id: Set(inv.agency_id),
        branch_name: Set(inv.branch_name.clone()),
        province_code: Set(inv.province_code.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let created = match created {
        Ok(u) => u,
        Err(e) if is_unique_violation(&e) => {
            return Err(ServiceError::Problem(FormProblem::EmailTaken))
        }
        Err(e) => return Err(e.into()),
    };
    let token = issue_token(
        &txn,
        "invitation",
        created.id,
        inviter.map(|i| i.user_id),
        now,
        backend.settings.invitation_ttl,
    )
    .await?;
    let link = backend.settings.link(&format!("/invitation?token={token}"));
    let message = outbox::invitation(
        lang,
        &created.email,
        &created.full_name,
        crate::i18n::role_label(lang, inv.role),
        &link,
        backend.settings.invitation_ttl.num_hours(),
    );
    outbox::enqueue(&txn, now, message, &backend.settings.mail_domain()).await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("user.invited")
            .by(inviter)
            .record("user", created.id)
            .agency(inv.agency_id)
            .after(json!({
                "email": created.email,
                "role": inv.role.as_str(),
                "agency_id": inv.agency_id,
                "branch": inv.branch_name,
                "province": inv.province_code,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(link)
}

pub async fn agency_exists(backend: &Backend, id: i32) -> Result<bool, ServiceError> {
    Ok(crate::backend::entity::agency::Entity::find_by_id(id)
        .one(&backend.db)
        .await?
        .is_some())
}

pub async fn email_taken(backend: &Backend, email: &str) -> Result<bool, ServiceError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&backend.db)
        .await?
        .is_some())
}
