//! Read models for the account pages, each behind the policy.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::access::require;
use super::audit::{self, RequestMeta};
use super::auth::{self, CurrentSession, Stage};
use super::cases;
use super::decode::{stored, stored_opt};
use super::entity::{agency, user};
use super::{secrets, Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target};
use crate::domain::accounts::{switched_status, AccountStatus, Role};
use crate::views::accounts::*;

async fn agency_names(
    backend: &Backend,
) -> Result<std::collections::HashMap<i32, String>, ServiceError> {
    Ok(agency::Entity::find()
        .order_by_asc(agency::Column::Name)
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect())
}

pub async fn account(
    backend: &Backend,
    session: Option<&CurrentSession>,
    actor: Option<&Actor>,
) -> Result<AccountView, ServiceError> {
    let (Some(session), Some(actor)) = (session, actor) else {
        return Err(ServiceError::Unauthenticated);
    };
    let u = auth::user_by_id(backend, actor.user_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let agency = match u.agency_id {
        Some(id) => agency::Entity::find_by_id(id)
            .one(&backend.db)
            .await?
            .map(|a| a.name),
        None => None,
    };
    let province = match &u.province_code {
        Some(code) => Some(backend.reference.get(&backend.db).await?.province(code)),
        None => None,
    };
    let case_id = match u.worker_id {
        Some(w) => cases::case_of_worker(backend, w).await?,
        None => None,
    };
    let sessions = auth::sessions_of(backend, u.id)
        .await?
        .into_iter()
        .map(|s| SessionView {
            current: s.id == session.id,
            id: s.id,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            address: s.address,
            user_agent: s.user_agent,
        })
        .collect();
    Ok(AccountView {
        awaiting_record: u.role == Role::Worker.as_str() && u.worker_id.is_none(),
        full_name: u.full_name,
        email: u.email,
        role: actor.role,
        agency,
        branch: u.branch_name,
        province,
        two_factor: u.totp_confirmed_at.is_some(),
        case_id,
        sessions,
    })
}

pub async fn totp_setup(
    backend: &Backend,
    session: Option<&CurrentSession>,
) -> Result<TotpSetupView, ServiceError> {
    let session = session
        .filter(|s| matches!(s.stage, Stage::Setup | Stage::Full))
        .ok_or(ServiceError::Unauthenticated)?;
    let secret = auth::totp_secret(backend, session).await?;
    let uri = secrets::otpauth_uri(&secret, &session.email);
    Ok(TotpSetupView {
        email: session.email.clone(),
        secret_grouped: secrets::group_secret(&secret),
        qr_svg: secrets::qr_svg(&uri).unwrap_or_default(),
    })
}

pub async fn users(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    agency: Option<i32>,
) -> Result<UsersView, ServiceError> {
    let target = match agency {
        Some(id) => Target::Agency(id),
        None => Target::Nothing,
    };
    require(
        backend,
        meta,
        actor,
        Action::ListUsers,
        target,
        ("users", agency.map_or("all".into(), |a| a.to_string())),
    )
    .await?;
    let names = agency_names(backend).await?;
    let reference = backend.reference.get(&backend.db).await?;
    let rows = auth::list_users(backend, agency)
        .await?
        .into_iter()
        .map(|u| {
            let status: AccountStatus = stored("users.status", u.id, &u.status)?;
            let disabled_by: Option<Role> = stored_opt(
                "users.disabled_by_role",
                u.id,
                u.disabled_by_role.as_deref(),
            )?;
            let may_enable = status == AccountStatus::Disabled
                && actor.is_some_and(|a| {
                    let accepted = u.password_hash.is_some();
                    switched_status(status, true, accepted, a.role, disabled_by).is_ok()
                });
            Ok(UserRowView {
                id: u.id,
                role: stored("users.role", u.id, &u.role)?,
                full_name: u.full_name,
                email: u.email,
                status: u.status,
                may_enable,
                agency: u.agency_id.and_then(|a| names.get(&a).cloned()),
                branch: u.branch_name,
                province: u.province_code.map(|p| reference.province(&p)),
            })
        })
        .collect::<Result<_, ServiceError>>()?;
    let mut agencies: Vec<(i32, String)> = names.into_iter().collect();
    agencies.sort_by(|a, b| a.1.cmp(&b.1));
    let mut provinces: Vec<(String, String)> = reference
        .provinces
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    provinces.sort();
    let agency_name = agency.and_then(|a| {
        agencies
            .iter()
            .find(|(id, _)| *id == a)
            .map(|(_, n)| n.clone())
    });
    Ok(UsersView {
        rows,
        agencies: if agency.is_some() {
            Vec::new()
        } else {
            agencies
        },
        provinces,
        agency: agency_name,
    })
}

pub async fn audit(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    query: &AuditQuery,
) -> Result<AuditPageView, ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::ViewAudit,
        Target::Nothing,
        ("audit", "browse".into()),
    )
    .await?;
    let mut filter = audit::Filter {
        agency_id: query.agency.trim().parse().ok(),
        case_id: query.case.trim().trim_start_matches('#').parse().ok(),
        ..Default::default()
    };
    if let Some(a) = actor.filter(|a| a.role == Role::ProvincialOfficer) {
        filter.province_code = Some(a.province_code.clone().unwrap_or_default());
    }
    let mut unknown_actor = false;
    if !query.actor.trim().is_empty() {
        match auth::user_by_email(backend, &query.actor).await? {
            Some(u) => filter.actor_user_id = Some(u.id),
            None => {
                unknown_actor = true;
                filter.actor_user_id = Some(-1);
            }
        }
    }
    let page = query.page.max(1);
    let (rows, total) = audit::browse(&backend.db, &filter, page).await?;
    // The system administrator sees who did what to which record, not the worker's documents.
    let hide = actor.is_some_and(|a| a.role == Role::SystemAdmin);
    let shown =
        |id: i64, case: bool, json: Option<String>| -> Result<Option<String>, ServiceError> {
            match json {
                Some(text) if hide && case => {
                    let mut value: serde_json::Value =
                        super::decode::stored_json("audit_log.json", id, &text)?;
                    hide_personal(&mut value);
                    Ok(Some(value.to_string()))
                }
                other => Ok(other),
            }
        };
    // The actors' emails in one query, not one per row.
    let emails: std::collections::HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.actor_user_id)))
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    Ok(AuditPageView {
        rows: rows
            .into_iter()
            .map(|r| {
                Ok(AuditRowView {
                    id: r.id,
                    at: r.at,
                    actor: r.actor_user_id.and_then(|id| emails.get(&id).cloned()),
                    actor_role: r.actor_role,
                    action: r.action,
                    record: r
                        .record_type
                        .map(|t| format!("{t} #{}", r.record_id.unwrap_or_default())),
                    agency_id: r.agency_id,
                    case_id: r.case_id,
                    before: shown(r.id, r.case_id.is_some(), r.before_json)?,
                    after: shown(r.id, r.case_id.is_some(), r.after_json)?,
                    request_id: r.request_id,
                    address: r.address,
                })
            })
            .collect::<Result<_, ServiceError>>()?,
        total,
        page,
        page_count: total.div_ceil(audit::PAGE_SIZE).max(1),
        unknown_actor,
    })
}

/// Keeps, at any depth, the values of the fields the administrator may see of a case, and marks
/// every other value as hidden (the names of the parts stay: which step, which event).
fn hide_personal(value: &mut serde_json::Value) {
    use crate::domain::cases::CASE_AUDIT_SHOWN_TO_ADMIN;
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                let leaf = !matches!(
                    v,
                    serde_json::Value::Object(_) | serde_json::Value::Array(_)
                );
                if leaf && !CASE_AUDIT_SHOWN_TO_ADMIN.contains(&key.as_str()) {
                    *v = serde_json::Value::String("(ẩn · hidden)".to_owned());
                } else if !leaf {
                    hide_personal(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(hide_personal),
        _ => *value = serde_json::Value::String("(ẩn · hidden)".to_owned()),
    }
}
