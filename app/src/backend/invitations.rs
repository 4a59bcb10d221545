//! Inviting staff: the system administrator invites officers, inspectors and agency admins; an
//! agency admin invites staff of their own agency. The policy is asked twice: first whether the
//! inviter may see accounts at all (so the form cannot be used to learn which emails exist),
//! then whether they may invite this role for this agency.

use super::access::require;
use super::audit::RequestMeta;
use super::auth::{self, Invitation};
use super::{Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target};
use crate::domain::accounts::{parse_full_name, Email, Role};
use crate::domain::forms::{FieldErrors, FormProblem, Problem};
use crate::i18n::Lang;
use crate::views::accounts::{fields as f, InviteInput};

/// Sends an invitation; `staff` is an agency admin's invitation of staff to their agency.
pub async fn invite(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    lang: Lang,
    staff: bool,
    input: InviteInput,
) -> Result<(), ServiceError> {
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let scope = match (staff, actor.agency_id) {
        (true, Some(agency)) => Target::Agency(agency),
        (true, None) => Target::Agency(0),
        (false, _) => Target::Nothing,
    };
    let form = if staff { "invite_staff" } else { "invite" };
    require(
        backend,
        meta,
        Some(actor),
        Action::ListUsers,
        scope,
        ("users", form.to_owned()),
    )
    .await?;
    let inv = checked(backend, actor, staff, input).await?;
    let target = match inv.agency_id {
        Some(agency) => Target::Agency(agency),
        None => Target::Nothing,
    };
    require(
        backend,
        meta,
        Some(actor),
        Action::Invite(inv.role),
        target,
        ("user", inv.email.as_str().to_owned()),
    )
    .await?;
    auth::invite(backend, meta, actor, lang, inv).await
}

/// The invitation's fields, checked against what exists: the agency, the province, the email.
async fn checked(
    backend: &Backend,
    actor: &Actor,
    staff: bool,
    input: InviteInput,
) -> Result<Invitation, ServiceError> {
    let mut errors = FieldErrors::default();
    let email = errors.check(f::EMAIL, Email::parse(&input.email));
    let full_name = errors.check(f::FULL_NAME, parse_full_name(&input.full_name));
    let role = if staff {
        Some(Role::AgencyStaff)
    } else {
        errors.check(
            f::ROLE,
            Role::parse(&input.role)
                .filter(|r| Role::INVITED_BY_ADMIN.contains(r))
                .ok_or(Problem::Choice),
        )
    };
    let agency_id = match role {
        Some(Role::AgencyStaff) => actor.agency_id,
        Some(r) if r.needs_agency() => {
            let id = input.agency_id.trim().parse::<i32>().ok();
            let known = match id {
                Some(id) => auth::agency_exists(backend, id).await?,
                None => false,
            };
            errors.check(
                f::AGENCY_ID,
                match id {
                    None => Err(Problem::Required),
                    Some(_) if !known => Err(Problem::Choice),
                    Some(id) => Ok(id),
                },
            )
        }
        _ => None,
    };
    let province_code = match role {
        Some(r) if r.needs_province() => {
            let code = input.province_code.trim().to_owned();
            let known = backend
                .reference
                .get(&backend.db)
                .await?
                .provinces
                .contains_key(&code);
            errors.check(
                f::PROVINCE_CODE,
                if code.is_empty() {
                    Err(Problem::Required)
                } else if known {
                    Ok(code)
                } else {
                    Err(Problem::Choice)
                },
            )
        }
        _ => None,
    };
    let branch_name = Some(input.branch_name.trim().to_owned())
        .filter(|b| !b.is_empty() && role == Some(Role::AgencyStaff));
    if let Some(email) = &email {
        if auth::email_taken(backend, email.as_str()).await? {
            return Err(ServiceError::Problem(FormProblem::EmailTaken));
        }
    }
    match (email, full_name, role) {
        (Some(email), Some(full_name), Some(role)) if errors.is_empty() => Ok(Invitation {
            email,
            full_name,
            role,
            agency_id,
            branch_name,
            province_code,
        }),
        _ => Err(ServiceError::Invalid(errors)),
    }
}
