//! Server functions behind the account pages: who is signed in, their sessions, two-factor
//! set-up, invitations, the user lists, the audit trail, and cases within one's scope.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
use crate::domain::accounts::Role;

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeView {
    pub full_name: String,
    pub role: Role,
    /// False while a second factor is still due.
    pub signed_in: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub address: Option<String>,
    pub user_agent: Option<String>,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    pub full_name: String,
    pub email: String,
    pub role: Role,
    pub agency: Option<String>,
    pub branch: Option<String>,
    pub province: Option<String>,
    pub two_factor: bool,
    pub case_id: Option<i32>,
    pub sessions: Vec<SessionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TotpSetupView {
    pub email: String,
    pub secret_grouped: String,
    pub qr_svg: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub email: String,
    pub full_name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRowView {
    pub id: i32,
    pub full_name: String,
    pub email: String,
    pub role: Role,
    pub status: String,
    pub agency: Option<String>,
    pub branch: Option<String>,
    pub province: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsersView {
    pub rows: Vec<UserRowView>,
    /// Choices for the invitation form.
    pub agencies: Vec<(i32, String)>,
    pub provinces: Vec<(String, String)>,
    /// The agency these users belong to, when an agency admin is looking.
    pub agency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRowView {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub record: Option<String>,
    pub agency_id: Option<i32>,
    pub case_id: Option<i32>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub request_id: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub actor: String,
    pub agency: String,
    pub case: String,
    pub page: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPageView {
    pub rows: Vec<AuditRowView>,
    pub total: u64,
    pub page: u64,
    pub page_count: u64,
    /// The actor filter named an email nobody has.
    pub unknown_actor: bool,
}

#[server(endpoint = "account/me", input = leptos::server_fn::codec::Json)]
pub async fn whoami() -> Result<Option<MeView>, AppError> {
    let c = ctx()?;
    Ok(c.session.map(|s| MeView {
        full_name: s.full_name.clone(),
        role: s.actor.role,
        signed_in: s.full_actor().is_some(),
    }))
}

#[server(endpoint = "account/view", input = leptos::server_fn::codec::Json)]
pub async fn my_account() -> Result<AccountView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::accounts_view::account(&c.backend, c.session.as_ref(), c.actor()).await?)
}

#[server(endpoint = "account/totp", input = leptos::server_fn::codec::Json)]
pub async fn totp_setup() -> Result<TotpSetupView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::accounts_view::totp_setup(&c.backend, c.session.as_ref()).await?)
}

#[server(endpoint = "account/invitation", input = leptos::server_fn::codec::Json)]
pub async fn invitation(token: String) -> Result<Option<InvitationView>, AppError> {
    let c = ctx()?;
    Ok(crate::backend::auth::invitation_info(&c.backend, &token)
        .await?
        .map(|i| InvitationView {
            email: i.email,
            full_name: i.full_name,
            role: i.role,
        }))
}

#[server(endpoint = "account/reset-link", input = leptos::server_fn::codec::Json)]
pub async fn reset_link_live(token: String) -> Result<bool, AppError> {
    let c = ctx()?;
    Ok(crate::backend::auth::reset_link_is_live(&c.backend, &token).await?)
}

#[server(endpoint = "admin/users", input = leptos::server_fn::codec::Json)]
pub async fn users() -> Result<UsersView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::accounts_view::users(&c.backend, &c.meta, c.actor(), None).await?)
}

#[server(endpoint = "agency/staff", input = leptos::server_fn::codec::Json)]
pub async fn agency_staff() -> Result<UsersView, AppError> {
    let c = ctx()?;
    let agency = c.actor().and_then(|a| a.agency_id).unwrap_or(0);
    Ok(crate::backend::accounts_view::users(&c.backend, &c.meta, c.actor(), Some(agency)).await?)
}

#[server(endpoint = "audit/entries", input = leptos::server_fn::codec::Json)]
pub async fn audit_entries(query: AuditQuery) -> Result<AuditPageView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::accounts_view::audit(&c.backend, &c.meta, c.actor(), &query).await?)
}
