//! Accounts and sessions: sign-up, sign-in with throttling and a second factor, sessions kept in
//! the database, invitations, password reset. Every change and every refusal goes to the audit
//! trail; every email goes through the outbox in the same transaction.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set, SqlErr,
};
use serde_json::json;

use super::access::require;
use super::audit::{self, Entry, RequestMeta};
use super::decode::{stored, Stored};
use super::entity::{
    old_province, one_time_token, recovery_code, session, sign_in_failure, user, worker,
};
use super::outbox;
use super::secrets;
use super::{Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target, UserFacts};
use crate::domain::accounts::{check_password, AccountStatus, Role, SecondFactor, Signup};
use crate::domain::forms::{FieldErrors, FormProblem, Problem};
use crate::domain::text::fold;
use crate::i18n::Lang;

/// Security settings. Not legal rules: they belong to the operator, so they come from the
/// server's configuration with these defaults.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where links in emails point, e.g. `https://hanhtrang.gov.vn`.
    pub public_url: String,
    pub session_idle: TimeDelta,
    pub session_absolute: TimeDelta,
    /// Failures per account (and per second-factor) within `failure_window` before a lock.
    pub account_failures: i32,
    /// Failures per client address within `failure_window` before a lock.
    pub address_failures: i32,
    pub failure_window: TimeDelta,
    pub lockout: TimeDelta,
    pub invitation_ttl: TimeDelta,
    pub reset_ttl: TimeDelta,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_url: "http://127.0.0.1:3000".into(),
            session_idle: TimeDelta::minutes(30),
            session_absolute: TimeDelta::hours(12),
            account_failures: 5,
            address_failures: 30,
            failure_window: TimeDelta::minutes(15),
            lockout: TimeDelta::minutes(15),
            invitation_ttl: TimeDelta::hours(72),
            reset_ttl: TimeDelta::hours(1),
        }
    }
}

impl Settings {
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The host part of the public URL, for Message-IDs.
    pub fn mail_domain(&self) -> String {
        let rest = self
            .public_url
            .split_once("://")
            .map_or(self.public_url.as_str(), |(_, r)| r);
        let host = rest.split(['/', ':']).next().unwrap_or("localhost");
        if host.is_empty() {
            "localhost".into()
        } else {
            host.to_owned()
        }
    }

    fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }
}

/// How far a session has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Stage {
    /// Signed in completely.
    Full,
    /// Password accepted; the second-factor code is still due.
    Code,
    /// Password accepted; a staff member must set up two-factor before anything else.
    Setup,
}

impl Stage {
    fn as_str(self) -> &'static str {
        match self {
            Stage::Full => "full",
            Stage::Code => "code",
            Stage::Setup => "setup",
        }
    }

    fn parse(s: &str) -> Option<Stage> {
        match s {
            "full" => Some(Stage::Full),
            "code" => Some(Stage::Code),
            "setup" => Some(Stage::Setup),
            _ => None,
        }
    }
}

impl Stored for Stage {
    fn parse_stored(s: &str) -> Option<Self> {
        Stage::parse(s)
    }
}

/// The session behind a request's cookie.
#[derive(Debug, Clone)]
pub struct CurrentSession {
    pub id: String,
    pub stage: Stage,
    pub user_id: i32,
    pub full_name: String,
    pub email: String,
    pub lang: Lang,
    pub actor: Actor,
}

impl CurrentSession {
    /// The actor, only once fully signed in.
    pub fn full_actor(&self) -> Option<&Actor> {
        (self.stage == Stage::Full).then_some(&self.actor)
    }
}

/// A new session: the cookie value (shown once) and where the person goes next.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub stage: Stage,
}

fn actor_of(u: &user::Model) -> Result<Actor, ServiceError> {
    Ok(Actor {
        user_id: u.id,
        role: stored("users.role", u.id, &u.role)?,
        agency_id: u.agency_id,
        head_office: u.branch_name.is_none(),
        province_code: u.province_code.clone(),
        worker_id: u.worker_id,
    })
}

fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

async fn create_session<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    now: DateTime<Utc>,
    meta: &RequestMeta,
    user_id: i32,
    stage: Stage,
) -> Result<NewSession, ServiceError> {
    let token = secrets::new_token();
    session::ActiveModel {
        id: Set(secrets::token_hash(&token)),
        user_id: Set(user_id),
        stage: Set(stage.as_str().to_owned()),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + settings.session_absolute),
        ended_at: Set(None),
        address: Set(meta.address.clone()),
        user_agent: Set(meta
            .user_agent
            .as_ref()
            .map(|ua| ua.chars().take(250).collect())),
    }
    .insert(db)
    .await?;
    Ok(NewSession { token, stage })
}

async fn end_all_sessions<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let result = session::Entity::update_many()
        .col_expr(session::Column::EndedAt, Expr::value(now))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::EndedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Finds the session of a cookie token, ending it if it has been idle or alive too long.
pub async fn resolve_session(
    backend: &Backend,
    token: &str,
) -> Result<Option<CurrentSession>, ServiceError> {
    let db = &backend.db;
    let now = backend.clock.now();
    let Some(s) = session::Entity::find_by_id(secrets::token_hash(token))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if s.ended_at.is_some() {
        return Ok(None);
    }
    if s.expires_at <= now || s.last_seen_at + backend.settings.session_idle <= now {
        session::ActiveModel {
            id: Set(s.id),
            ended_at: Set(Some(now)),
            ..Default::default()
        }
        .update(db)
        .await?;
        return Ok(None);
    }
    let Some(u) = user::Entity::find_by_id(s.user_id).one(db).await? else {
        return Ok(None);
    };
    if u.status != AccountStatus::Active.as_str() {
        return Ok(None);
    }
    // Writing on every request would serialise readers on SQLite; a minute's precision is plenty.
    if now - s.last_seen_at > TimeDelta::seconds(60) {
        session::ActiveModel {
            id: Set(s.id.clone()),
            last_seen_at: Set(now),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    Ok(Some(CurrentSession {
        id: s.id,
        stage: stored("sessions.stage", format_args!("of user {}", u.id), &s.stage)?,
        user_id: u.id,
        full_name: u.full_name.clone(),
        email: u.email.clone(),
        lang: stored("users.lang", u.id, &u.lang)?,
        actor: actor_of(&u)?,
    }))
}

// ---------------------------------------------------------------- throttling

async fn locked_minutes(
    db: &DatabaseConnection,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Option<u32>, ServiceError> {
    let row = sign_in_failure::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?;
    Ok(row
        .and_then(|r| r.locked_until)
        .filter(|until| *until > now)
        .map(|until| {
            let secs = (until - now).num_seconds().max(1);
            u32::try_from((secs + 59) / 60).unwrap_or(u32::MAX)
        }))
}

async fn record_failure(
    db: &DatabaseConnection,
    settings: &Settings,
    key: &str,
    limit: i32,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let existing = sign_in_failure::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?;
    let (failures, window_started_at) = match &existing {
        Some(r) if r.window_started_at + settings.failure_window > now => {
            (r.failures + 1, r.window_started_at)
        }
        _ => (1, now),
    };
    let locked_until = (failures >= limit).then(|| now + settings.lockout);
    let model = sign_in_failure::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(if locked_until.is_some() { 0 } else { failures }),
        window_started_at: Set(window_started_at),
        locked_until: Set(locked_until),
    };
    if existing.is_some() {
        model.update(db).await?;
    } else {
        model.insert(db).await?;
    }
    Ok(())
}

async fn clear_failures(db: &DatabaseConnection, key: &str) -> Result<(), ServiceError> {
    sign_in_failure::Entity::delete_by_id(key.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

/// The form of an identifier that finds an account: an email lower-cased, a citizen ID without
/// spaces. Throttling counts under the same form, so spacing cannot buy extra attempts.
fn normalise_identifier(identifier: &str) -> String {
    let id = identifier.trim();
    if id.contains('@') {
        id.to_lowercase()
    } else {
        id.chars().filter(|c| !c.is_whitespace()).collect()
    }
}

/// Longer than any email or citizen ID: refused before any lookup or counting.
const IDENTIFIER_MAX: usize = 254;

fn account_key(identifier: &str) -> String {
    format!("account:{}", normalise_identifier(identifier))
}

fn address_key(meta: &RequestMeta) -> String {
    format!("address:{}", meta.address.as_deref().unwrap_or("-"))
}

/// The throttle answer for these keys, if any is locked.
async fn throttle(
    db: &DatabaseConnection,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<Option<ServiceError>, ServiceError> {
    for key in keys {
        if let Some(minutes) = locked_minutes(db, key, now).await? {
            return Ok(Some(ServiceError::Problem(FormProblem::Throttled {
                minutes,
            })));
        }
    }
    Ok(None)
}

// ---------------------------------------------------------------- sign-up

/// The sign-up form: checked against the rules in force today (the minimum age), then
/// [`sign_up`].
pub async fn register(
    backend: &Backend,
    meta: &RequestMeta,
    input: crate::domain::accounts::SignupInput,
    lang: Lang,
) -> Result<NewSession, ServiceError> {
    let today = backend.clock.today();
    let min_age = super::rules::on(backend, today).await?.min_worker_age;
    let signup = input
        .validate(today, min_age)
        .map_err(ServiceError::Invalid)?;
    sign_up(backend, meta, signup, lang).await
}

/// Creates a worker account and signs it in. A citizen ID or email already registered is
/// refused without saying whose it is; the holder is told by email.
pub async fn sign_up(
    backend: &Backend,
    meta: &RequestMeta,
    signup: Signup,
    lang: Lang,
) -> Result<NewSession, ServiceError> {
    let now = backend.clock.now();
    let db = &backend.db;
    let hash = backend.hasher.hash(signup.password.clone()).await?;
    let txn = crate::backend::begin_write(db).await?;
    let existing = user::Entity::find()
        .filter(
            user::Column::CitizenId
                .eq(signup.citizen_id.as_str())
                .or(user::Column::Email.eq(signup.email.as_str())),
        )
        .one(&txn)
        .await?;
    if let Some(holder) = existing {
        let message = outbox::signup_attempt(
            stored("users.lang", holder.id, &holder.lang)?,
            &holder.email,
            &backend.settings.link("/signin"),
        );
        outbox::enqueue(&txn, now, message, &backend.settings.mail_domain()).await?;
        audit::append(
            &txn,
            now,
            meta,
            Entry::new("signup.refused").record("user", holder.id),
        )
        .await?;
        txn.commit().await?;
        return Err(ServiceError::Problem(FormProblem::AccountExists));
    }
    let worker_id = link_worker(&txn, &signup, now).await?;
    let created = user::ActiveModel {
        role: Set(Role::Worker.as_str().to_owned()),
        status: Set(AccountStatus::Active.as_str().to_owned()),
        full_name: Set(signup.full_name.clone()),
        email: Set(signup.email.as_str().to_owned()),
        citizen_id: Set(Some(signup.citizen_id.as_str().to_owned())),
        birth_date: Set(Some(signup.birth_date)),
        sex: Set(Some(signup.sex.as_str().to_owned())),
        phone: Set(Some(signup.phone.as_str().to_owned())),
        lang: Set(lang.code().to_owned()),
        worker_id: Set(worker_id),
        password_hash: Set(Some(hash)),
        password_changed_at: Set(Some(now)),
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
        now,
        meta,
        Entry::new("user.created")
            .by_user(created.id, Role::Worker.as_str())
            .record("user", created.id)
            .after(json!({"role": "worker", "email": created.email, "worker_id": worker_id})),
    )
    .await?;
    let session =
        create_session(&txn, &backend.settings, now, meta, created.id, Stage::Full).await?;
    audit::append(
        &txn,
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

/// The worker record of this citizen ID: the existing one when name and birth date agree (an
/// agency may have registered the person first), a new one when there is none.
async fn link_worker<C: ConnectionTrait>(
    db: &C,
    s: &Signup,
    now: DateTime<Utc>,
) -> Result<Option<i32>, ServiceError> {
    if let Some(w) = worker::Entity::find()
        .filter(worker::Column::CitizenId.eq(s.citizen_id.as_str()))
        .one(db)
        .await?
    {
        let same = w.birth_date == s.birth_date && fold(&w.full_name) == fold(&s.full_name);
        return Ok(same.then_some(w.id));
    }
    let old_code = &s.citizen_id.as_str()[1..3];
    let Some(old) = old_province::Entity::find_by_id(old_code.to_owned())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let created = worker::ActiveModel {
        citizen_id: Set(s.citizen_id.as_str().to_owned()),
        full_name: Set(s.full_name.clone()),
        birth_date: Set(s.birth_date),
        sex: Set(s.sex.as_str().to_owned()),
        phone: Set(s.phone.as_str().to_owned()),
        email: Set(Some(s.email.as_str().to_owned())),
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

// ---------------------------------------------------------------- sign-in

async fn find_by_identifier<C: ConnectionTrait>(
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
/// after the same Argon2 work. Failures are counted per identifier and per address.
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
    let keys = [account_key(identifier), address_key(meta)];
    if let Some(refusal) = throttle(db, &keys, now).await? {
        audit::record(
            db,
            now,
            meta,
            Entry::new("signin.throttled").record("identifier", fold(identifier)),
        )
        .await?;
        return Err(refusal);
    }
    let found = find_by_identifier(db, identifier).await?;
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
        record_failure(db, settings, &keys[1], settings.address_failures, now).await?;
        record_failure(db, settings, &keys[0], settings.account_failures, now).await?;
        let mut entry = Entry::new("signin.failed");
        entry = match &found {
            Some(u) => entry.record("user", u.id).agency(u.agency_id),
            None => entry.record("identifier", fold(identifier)),
        };
        audit::record(db, now, meta, entry).await?;
        return Err(ServiceError::Problem(FormProblem::BadCredentials));
    };
    clear_failures(db, &keys[0]).await?;
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
    if let Some(refusal) = throttle(db, std::slice::from_ref(&key), now).await? {
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
            let step = u.totp_secret.as_deref().and_then(|secret| {
                secrets::totp_match(secret, &code, now.timestamp(), u.totp_last_step)
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
        record_failure(
            db,
            &backend.settings,
            &key,
            backend.settings.account_failures,
            now,
        )
        .await?;
        audit::record(
            db,
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
async fn complete_sign_in<C: ConnectionTrait>(
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

// ---------------------------------------------------------------- two-factor set-up

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
        return Err(ServiceError::Problem(FormProblem::NotPermitted));
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
        return Err(ServiceError::Problem(FormProblem::NotPermitted));
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

// ---------------------------------------------------------------- one-time links

async fn issue_token<C: ConnectionTrait>(
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
async fn live_token<C: ConnectionTrait>(
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
async fn spend_token<C: ConnectionTrait>(
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
    if throttle(&backend.db, std::slice::from_ref(&key), now)
        .await?
        .is_some()
    {
        return Ok(());
    }
    // Five reset mails per address per window are plenty; more would let anyone flood an inbox.
    record_failure(
        &backend.db,
        &backend.settings,
        &key,
        backend.settings.account_failures,
        now,
    )
    .await?;
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
        now,
        meta,
        Entry::new("password.reset")
            .by_user(u.id, &u.role)
            .record("user", u.id)
            .after(json!({"sessions_ended": ended})),
    )
    .await?;
    txn.commit().await?;
    clear_failures(&backend.db, &account_key(&u.email)).await?;
    if let Some(cid) = &u.citizen_id {
        clear_failures(&backend.db, &account_key(cid)).await?;
    }
    Ok(())
}

fn check_new_password(password: &str, u: &user::Model) -> Result<(), ServiceError> {
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
    user::ActiveModel {
        id: Set(u.id),
        status: Set(AccountStatus::Active.as_str().to_owned()),
        password_hash: Set(Some(hash)),
        password_changed_at: Set(Some(now)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::append(
        &txn,
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
pub(super) async fn invite(
    backend: &Backend,
    meta: &RequestMeta,
    inviter: &Actor,
    lang: Lang,
    inv: Invitation,
) -> Result<(), ServiceError> {
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
        Some(inviter.user_id),
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
        now,
        meta,
        Entry::new("user.invited")
            .by(Some(inviter))
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
    Ok(())
}

pub async fn agency_exists(backend: &Backend, id: i32) -> Result<bool, ServiceError> {
    Ok(super::entity::agency::Entity::find_by_id(id)
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

// ---------------------------------------------------------------- sessions and accounts

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

async fn end_session(
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
    .map_err(|e| match e {
        ServiceError::Forbidden => ServiceError::NotFound,
        other => other,
    })?;
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
    .map_err(|e| match e {
        ServiceError::Forbidden => ServiceError::NotFound,
        other => other,
    })?;
    set_status(backend, meta, actor, &target, active).await
}

/// Disables or re-enables an account; disabling ends all its sessions. Only through
/// [`set_user_status`], which checks the policy.
async fn set_status(
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    target: &user::Model,
    active: bool,
) -> Result<(), ServiceError> {
    let now = backend.clock.now();
    let new_status = if active {
        AccountStatus::Active
    } else {
        AccountStatus::Disabled
    };
    let txn = backend.begin_write().await?;
    user::ActiveModel {
        id: Set(target.id),
        status: Set(new_status.as_str().to_owned()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let ended = if active {
        0
    } else {
        end_all_sessions(&txn, target.id, now).await?
    };
    audit::append(
        &txn,
        now,
        meta,
        Entry::new(if active {
            "user.enabled"
        } else {
            "user.disabled"
        })
        .by(Some(actor))
        .record("user", target.id)
        .agency(target.agency_id)
        .before(json!({"status": target.status}))
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
