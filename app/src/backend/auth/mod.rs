//! Accounts and sessions: sign-up, sign-in with throttling and a second factor, sessions kept in
//! the database, invitations, password reset. Every change and every refusal goes to the audit
//! trail; every email goes through the outbox in the same transaction.
//!
//! One room per concern: `throttle`, `signup`, `signin`, `two_factor`, `links` (reset and
//! invitations), `accounts` (sessions and account status); what they share (settings, the
//! session stage, creating and resolving sessions) is here.

mod accounts;
mod claim_disputes;
mod claims;
mod links;
mod signin;
mod signup;
mod throttle;
mod two_factor;

pub use accounts::*;
pub use claim_disputes::*;
pub use claims::*;
pub use links::*;
pub use signin::*;
pub use signup::*;
use throttle::*;
pub use throttle::{release_anonymous, reserve_anonymous, Reserved};
pub use two_factor::*;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, Set, SqlErr,
};
use serde_json::json;

use super::access::require;
use super::audit::{self, Entry, RequestMeta};
use super::decode::{stored, Stored};
use super::entity::{
    old_province, one_time_token, recovery_code, session, sign_in_failure, user, worker,
};
use super::joined;
use super::outbox;
use super::secrets;
use super::{Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target, UserFacts};
use crate::domain::accounts::{
    check_password, switched_status, AccountStatus, Role, SecondFactor, Signup,
};
use crate::domain::forms::{FieldErrors, FormProblem, Problem};
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
    /// Sign-ups per client address within `failure_window`: high, since mobile carriers and
    /// agency offices put many people behind one address (SIGNUP_ADDRESS_LIMIT).
    pub signup_address_limit: i32,
    /// How long a sign-up's confirmation link works.
    pub signup_ttl: TimeDelta,
    /// How long a claim code an agency prints for a worker works.
    pub claim_code_ttl: TimeDelta,
    /// Forms sent without an account (a complaint for a worker, a denunciation) per contact
    /// (email or phone) within `failure_window`.
    pub anonymous_per_contact: i32,
    /// Forms sent without an account per client address within `failure_window`: high, like
    /// sign-ups, since an attaché's desk or a carrier puts many people behind one address
    /// (FILING_ADDRESS_LIMIT).
    pub anonymous_per_address: i32,
    /// The most cases one export of a statistics drill-down may hold (EXPORT_ROW_CAP).
    pub export_row_cap: u64,
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
            signup_address_limit: 100,
            signup_ttl: TimeDelta::hours(24),
            claim_code_ttl: TimeDelta::days(30),
            anonymous_per_contact: 5,
            anonymous_per_address: 100,
            export_row_cap: 50_000,
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
    pub user_id: i32,
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
    Ok(NewSession {
        token,
        stage,
        user_id,
    })
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
    // The session and its person in one statement: every page asks this first.
    let mut q = Query::select();
    joined::columns::<session::Entity>(&mut q, "s_");
    joined::columns::<user::Entity>(&mut q, "u_");
    q.from(session::Entity)
        .inner_join(
            user::Entity,
            Expr::col((user::Entity, user::Column::Id))
                .equals((session::Entity, session::Column::UserId)),
        )
        .and_where(
            Expr::col((session::Entity, session::Column::Id)).eq(secrets::token_hash(token)),
        );
    let Some(row) = db.query_one(db.get_database_backend().build(&q)).await? else {
        return Ok(None);
    };
    let s = session::Model::from_query_result(&row, "s_")?;
    let u = user::Model::from_query_result(&row, "u_")?;
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
