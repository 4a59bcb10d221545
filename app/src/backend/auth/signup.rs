//! Sign-up: a worker registers with their citizen ID and proves their email address.
//!
//! A sign-up creates nothing but a request waiting for its address to be confirmed, and its
//! answer is the same whatever is on record: the page says a link is on its way, the new address
//! gets a confirmation link (or, when the address already has an account, its holder is told).
//! Only the confirmed request becomes an account, and only then is the citizen ID looked at:
//! one not on record gets a fresh worker record; one on record waits for the claim code the
//! agency gives the worker on paper (`claims`); one that already has an account gets nothing
//! and its holder is told, at most once a day. Matching a name and birth date is never enough.

#[allow(unused_imports)]
use super::*;
use crate::backend::entity::signup_request;

/// Sign-ups per citizen ID and per email within the throttle window.
const SIGNUPS_PER_IDENTITY: i32 = 3;

/// The sign-up form: checked against the rules in force today (the minimum age), then
/// [`sign_up`].
pub async fn register(
    backend: &Backend,
    meta: &RequestMeta,
    input: crate::domain::accounts::SignupInput,
    lang: Lang,
) -> Result<(), ServiceError> {
    let today = backend.clock.today();
    let min_age = crate::backend::rules::on(backend, today)
        .await?
        .min_worker_age;
    let signup = input
        .validate(today, min_age)
        .map_err(ServiceError::Invalid)?;
    sign_up(backend, meta, signup, lang).await
}

/// Takes a sign-up: a confirmation link to the address, or a word to the holder of an account
/// that already has it. The same answer (`Ok`) either way.
pub async fn sign_up(
    backend: &Backend,
    meta: &RequestMeta,
    signup: Signup,
    lang: Lang,
) -> Result<(), ServiceError> {
    let now = backend.clock.now();
    let db = &backend.db;
    let settings = &backend.settings;
    let keys = [
        (
            format!("signup-id:{}", signup.citizen_id.as_str()),
            SIGNUPS_PER_IDENTITY,
        ),
        (
            format!("signup-email:{}", signup.email.as_str()),
            SIGNUPS_PER_IDENTITY,
        ),
        (
            format!("signup-{}", address_key(meta)),
            settings.signup_address_limit,
        ),
    ];
    if let Some(refusal) = reserve_all(db, settings, &keys, now).await? {
        return Err(refusal);
    }
    // The same Argon2 work whatever is on record, so timing tells nothing either.
    let hash = backend.hasher.hash(signup.password.clone()).await?;
    let txn = backend.begin_write().await?;
    let holder = user::Entity::find()
        .filter(user::Column::Email.eq(signup.email.as_str()))
        .one(&txn)
        .await?;
    if let Some(holder) = holder {
        tell_holder(backend, &txn, &holder, now).await?;
        audit::append(
            &txn,
            &backend.keys,
            now,
            meta,
            Entry::new("signup.refused").record("user", holder.id),
        )
        .await?;
        txn.commit().await?;
        return Ok(());
    }
    let token = secrets::new_token();
    let request = signup_request::ActiveModel {
        token_hash: Set(secrets::token_hash(&token)),
        email: Set(signup.email.as_str().to_owned()),
        citizen_id: Set(signup.citizen_id.as_str().to_owned()),
        full_name: Set(signup.full_name.clone()),
        birth_date: Set(signup.birth_date),
        sex: Set(signup.sex.as_str().to_owned()),
        phone: Set(signup.phone.as_str().to_owned()),
        lang: Set(lang.code().to_owned()),
        password_hash: Set(hash),
        created_at: Set(now),
        expires_at: Set(now + settings.signup_ttl),
        confirmed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let link = settings.link(&format!("/signup/confirm?token={token}"));
    let message = outbox::signup_confirmation(
        lang,
        signup.email.as_str(),
        &link,
        settings.signup_ttl.num_hours(),
    );
    outbox::enqueue(&txn, now, message, &settings.mail_domain()).await?;
    // Who signs up is not known yet: the trail keeps the request, not what was typed.
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("signup.requested").record("signup_request", request.id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Tells the holder of an account that someone signed up with their address or citizen ID, at
/// most once a day: anyone can send sign-ups, and each must not become an email.
async fn tell_holder<C: ConnectionTrait>(
    backend: &Backend,
    db: &C,
    holder: &user::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use sea_orm::PaginatorTrait;
    let told_today = crate::backend::entity::outbox::Entity::find()
        .filter(crate::backend::entity::outbox::Column::Kind.eq("signup_attempt"))
        .filter(crate::backend::entity::outbox::Column::Recipient.eq(holder.email.as_str()))
        .filter(crate::backend::entity::outbox::Column::CreatedAt.gt(now - TimeDelta::days(1)))
        .count(db)
        .await?;
    if told_today > 0 {
        return Ok(());
    }
    let message = outbox::signup_attempt(
        stored("users.lang", holder.id, &holder.lang)?,
        &holder.email,
        &backend.settings.link("/signin"),
    );
    outbox::enqueue(db, now, message, &backend.settings.mail_domain()).await?;
    Ok(())
}

/// Whether a confirmation link is still good (for the page that asks to confirm).
pub async fn signup_link_is_live(backend: &Backend, token: &str) -> Result<bool, ServiceError> {
    Ok(live_request(&backend.db, token, backend.clock.now())
        .await?
        .is_some())
}

async fn live_request<C: ConnectionTrait>(
    db: &C,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<signup_request::Model>, ServiceError> {
    Ok(signup_request::Entity::find()
        .filter(signup_request::Column::TokenHash.eq(secrets::token_hash(token.trim())))
        .one(db)
        .await?
        .filter(|r| r.confirmed_at.is_none() && r.expires_at > now))
}

/// Confirms a sign-up from its link: the account is made, with its address proved, and signed
/// in. The link works once.
pub async fn confirm_signup(
    backend: &Backend,
    meta: &RequestMeta,
    token: &str,
) -> Result<NewSession, ServiceError> {
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let request = live_request(&txn, token, now)
        .await?
        .ok_or(ServiceError::Problem(FormProblem::LinkInvalid))?;
    let spent = signup_request::Entity::update_many()
        .col_expr(signup_request::Column::ConfirmedAt, Expr::value(now))
        .filter(signup_request::Column::Id.eq(request.id))
        .filter(signup_request::Column::ConfirmedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::LinkInvalid));
    }
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(request.email.as_str()))
        .one(&txn)
        .await?;
    if taken.is_some() {
        // Another sign-up of this address was confirmed first; the mailbox's owner may know.
        return Err(ServiceError::Problem(FormProblem::AccountExists));
    }
    let holder = user::Entity::find()
        .filter(user::Column::CitizenId.eq(request.citizen_id.as_str()))
        .one(&txn)
        .await?;
    let on_record = worker::Entity::find()
        .filter(worker::Column::CitizenId.eq(request.citizen_id.as_str()))
        .one(&txn)
        .await?;
    let worker_id = match (&holder, &on_record) {
        (Some(holder), _) => {
            tell_holder(backend, &txn, holder, now).await?;
            None
        }
        // On record without an account: only the agency's claim code links it.
        (None, Some(_)) => None,
        (None, None) => new_worker(&txn, &request, now).await?,
    };
    let lang: Lang = stored("signup_requests.lang", request.id, &request.lang)?;
    let created = user::ActiveModel {
        role: Set(Role::Worker.as_str().to_owned()),
        status: Set(AccountStatus::Active.as_str().to_owned()),
        full_name: Set(request.full_name.clone()),
        email: Set(request.email.clone()),
        // The citizen ID is the account's only once it is the account's record.
        citizen_id: Set(worker_id.map(|_| request.citizen_id.clone())),
        birth_date: Set(Some(request.birth_date)),
        sex: Set(Some(request.sex.clone())),
        phone: Set(Some(request.phone.clone())),
        lang: Set(lang.code().to_owned()),
        worker_id: Set(worker_id),
        password_hash: Set(Some(request.password_hash.clone())),
        password_changed_at: Set(Some(now)),
        email_confirmed_at: Set(Some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let created = match created {
        Ok(u) => u,
        Err(e) if is_unique_violation(&e) => {
            return Err(ServiceError::Problem(FormProblem::AccountExists))
        }
        Err(e) => return Err(e.into()),
    };
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("user.created")
            .by_user(created.id, Role::Worker.as_str())
            .record("user", created.id)
            .after(json!({
                "role": "worker",
                "email": created.email,
                "email_confirmed": true,
                "worker_id": worker_id,
                "signup_request": request.id,
            })),
    )
    .await?;
    let session =
        create_session(&txn, &backend.settings, now, meta, created.id, Stage::Full).await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("signin.ok")
            .by_user(created.id, Role::Worker.as_str())
            .record("user", created.id),
    )
    .await?;
    txn.commit().await?;
    Ok(session)
}

/// A fresh worker record for a citizen ID not on record, from the confirmed sign-up.
async fn new_worker<C: ConnectionTrait>(
    db: &C,
    s: &signup_request::Model,
    now: DateTime<Utc>,
) -> Result<Option<i32>, ServiceError> {
    let old_code = s.citizen_id.get(1..3).unwrap_or_default();
    let Some(old) = old_province::Entity::find_by_id(old_code.to_owned())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let created = worker::ActiveModel {
        citizen_id: Set(s.citizen_id.clone()),
        full_name: Set(s.full_name.clone()),
        birth_date: Set(s.birth_date),
        sex: Set(s.sex.clone()),
        phone: Set(s.phone.clone()),
        email: Set(Some(s.email.clone())),
        province_code: Set(old.new_code.clone()),
        old_province_code: Set(Some(old.code.clone())),
        ethnicity: Set(String::new()),
        household: Set("unknown".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Some(created.id))
}
