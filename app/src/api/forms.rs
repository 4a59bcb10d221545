//! HTML forms that work without JavaScript. A form posts to its own page; the server reads the
//! body into `FormData`, and while rendering the page `form_outcome()` runs the use case named
//! by the hidden `_action` field. Success answers 303 to the next page; failure renders the same
//! page with each problem next to its field and everything typed kept (except secrets).

#[cfg(feature = "ssr")]
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::forms::{FieldErrors, FormProblem};

/// The fields of a posted `application/x-www-form-urlencoded` body, in order.
#[derive(Debug, Clone, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Something to tell after a form that stays on its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    ResetRequested,
    InvitationSent,
    StatusChanged,
    SessionRevoked,
}

/// What became of a posted form, to render the page again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormOutcome {
    pub action: String,
    /// What was typed, to put back in the inputs. Passwords and codes are never echoed.
    pub values: Vec<(String, String)>,
    pub errors: FieldErrors,
    pub problem: Option<FormProblem>,
    pub notice: Option<Notice>,
    /// Shown once, right after two-factor set-up.
    pub recovery_codes: Vec<String>,
    /// A CSV import: the problems of its rows, or how many cases it opened.
    pub import_errors: Vec<crate::domain::import::RowError>,
    pub imported: Option<usize>,
}

impl FormOutcome {
    pub fn value(&self, name: &str) -> String {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn is_for(&self, action: &str) -> bool {
        self.action == action
    }
}

#[cfg(feature = "ssr")]
/// Never echoed back: secrets, and uploaded files (large, and shown as row errors instead).
const SECRET_FIELDS: [&str; 3] = ["password", "code", "file"];

/// Runs the posted form of this request, if any; on the browser, nothing.
pub async fn form_outcome() -> Option<FormOutcome> {
    #[cfg(feature = "ssr")]
    {
        let form = use_context::<http::request::Parts>()?
            .extensions
            .get::<FormData>()?
            .clone();
        Some(server::dispatch(form).await)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::api::ctx::{clear_session_cookie, ctx, see_other, set_session_cookie, Ctx};
    use crate::api::error::current_request_id;
    use crate::backend::access::require;
    use crate::backend::auth::{self, Invitation, Stage};
    use crate::backend::ServiceError;
    use crate::backend::{departure_lists, job_orders, lifecycle, rules};
    use crate::domain::access::{Action, Target, UserFacts};
    use crate::domain::accounts::{parse_date, parse_full_name, Email, Role, SignupInput};
    use crate::domain::forms::Problem;
    use crate::domain::job_orders::{parse_decision, parse_order};
    use crate::domain::lifecycle::{parse_event, parse_step, parse_worker, StepKind};

    pub async fn dispatch(form: FormData) -> FormOutcome {
        let action = form.get("_action").to_owned();
        let mut outcome = FormOutcome {
            action: action.clone(),
            values: form
                .0
                .iter()
                .filter(|(k, _)| !SECRET_FIELDS.contains(&k.as_str()))
                .cloned()
                .collect(),
            ..FormOutcome::default()
        };
        let result = match ctx() {
            Ok(c) => run(&c, &action, &form, &mut outcome).await,
            Err(_) => Err(ServiceError::Unavailable("no backend".into())),
        };
        if let Err(err) = result {
            match err {
                ServiceError::Invalid(errors) => outcome.errors = errors,
                ServiceError::Problem(p) => outcome.problem = Some(p),
                ServiceError::Refused(e) => {
                    outcome.errors = e.fields;
                    if !e.refusals.is_empty() {
                        outcome.problem = Some(FormProblem::Refused(e.refusals));
                    }
                }
                ServiceError::Forbidden => outcome.problem = Some(FormProblem::NotPermitted),
                ServiceError::NotFound => outcome.problem = Some(FormProblem::NotPermitted),
                ServiceError::Unauthenticated => {
                    outcome.problem = Some(FormProblem::SignInRequired)
                }
                ServiceError::Unavailable(cause) => {
                    tracing::error!(request_id = %current_request_id(), %cause, "database unavailable");
                    outcome.problem = Some(FormProblem::Unavailable);
                }
                ServiceError::Unexpected(cause) => {
                    let request_id = current_request_id();
                    tracing::error!(%request_id, %cause, "unexpected error in form");
                    outcome.problem = Some(FormProblem::Unexpected { request_id });
                }
            }
            if outcome.problem.is_some() || !outcome.errors.is_empty() {
                crate::ui::set_status(422);
            }
        }
        outcome
    }

    fn invalid(field: &str, problem: Problem) -> ServiceError {
        let mut e = FieldErrors::default();
        e.add(field, problem);
        ServiceError::Invalid(e)
    }

    async fn run(
        c: &Ctx,
        action: &str,
        form: &FormData,
        outcome: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let backend = &c.backend;
        let settings = &backend.settings;
        match action {
            "signup" => {
                let input = SignupInput {
                    full_name: form.get("full_name").into(),
                    citizen_id: form.get("citizen_id").into(),
                    birth_date: form.get("birth_date").into(),
                    sex: form.get("sex").into(),
                    phone: form.get("phone").into(),
                    email: form.get("email").into(),
                    password: form.get("password").into(),
                };
                let today = backend.clock.today();
                let min_age = rules::on(backend, today).await?.min_worker_age;
                let signup = input
                    .validate(today, min_age)
                    .map_err(ServiceError::Invalid)?;
                let session = auth::sign_up(backend, &c.meta, signup, c.lang).await?;
                end_current(c).await;
                set_session_cookie(&session.token, settings);
                see_other("/account");
            }
            "signin" => {
                let identifier = form.get("identifier");
                if identifier.trim().is_empty() {
                    return Err(invalid("identifier", Problem::Required));
                }
                if form.get("password").is_empty() {
                    return Err(invalid("password", Problem::Required));
                }
                let session =
                    auth::sign_in(backend, &c.meta, identifier, form.get("password")).await?;
                end_current(c).await;
                set_session_cookie(&session.token, settings);
                see_other(match session.stage {
                    Stage::Full => "/account",
                    Stage::Code => "/signin/code",
                    Stage::Setup => "/account/totp",
                });
            }
            "signin_code" => {
                let current = c.session.as_ref().ok_or(ServiceError::Unauthenticated)?;
                let session =
                    auth::second_factor(backend, &c.meta, current, form.get("code")).await?;
                set_session_cookie(&session.token, settings);
                see_other("/account");
            }
            "signout" => {
                if let Some(current) = &c.session {
                    auth::sign_out(backend, &c.meta, current).await?;
                }
                clear_session_cookie(settings);
                see_other("/");
            }
            "forgot" => {
                let email = Email::parse(form.get("email")).map_err(|p| invalid("email", p))?;
                auth::request_reset(backend, &c.meta, email.as_str()).await?;
                outcome.notice = Some(Notice::ResetRequested);
            }
            "reset" => {
                auth::reset_password(backend, &c.meta, form.get("token"), form.get("password"))
                    .await?;
                clear_session_cookie(settings);
                see_other("/signin?reset=1");
            }
            "accept_invitation" => {
                let session = auth::accept_invitation(
                    backend,
                    &c.meta,
                    form.get("token"),
                    form.get("password"),
                )
                .await?;
                end_current(c).await;
                set_session_cookie(&session.token, settings);
                see_other("/account/totp");
            }
            "totp_confirm" => {
                let current = c
                    .session
                    .as_ref()
                    .filter(|s| matches!(s.stage, Stage::Setup | Stage::Full))
                    .ok_or(ServiceError::Unauthenticated)?;
                let (session, codes) =
                    auth::confirm_totp(backend, &c.meta, current, form.get("code")).await?;
                set_session_cookie(&session.token, settings);
                outcome.recovery_codes = codes;
            }
            "revoke_session" => {
                let actor = c.actor().ok_or(ServiceError::Unauthenticated)?;
                let target = form.get("session");
                let owner = auth::session_owner(backend, target)
                    .await?
                    .ok_or(ServiceError::NotFound)?;
                let facts = UserFacts {
                    user_id: owner,
                    role: actor.role,
                    agency_id: None,
                };
                require(
                    backend,
                    &c.meta,
                    Some(actor),
                    Action::OwnAccount,
                    Target::User(&facts),
                    ("session", target.chars().take(12).collect()),
                )
                .await?;
                auth::end_session(backend, &c.meta, actor, target).await?;
                if c.session.as_ref().is_some_and(|s| s.id == target) {
                    clear_session_cookie(settings);
                    see_other("/");
                } else {
                    outcome.notice = Some(Notice::SessionRevoked);
                }
            }
            "invite" | "invite_staff" => {
                let actor = c.actor().ok_or(ServiceError::Unauthenticated)?;
                // Only those who may see the user list get as far as checking the email, so the
                // form cannot be used to learn who has an account.
                let scope = match (action, actor.agency_id) {
                    ("invite_staff", Some(agency)) => Target::Agency(agency),
                    ("invite_staff", None) => Target::Agency(0),
                    _ => Target::Nothing,
                };
                require(
                    backend,
                    &c.meta,
                    Some(actor),
                    Action::ListUsers,
                    scope,
                    ("users", action.to_owned()),
                )
                .await?;
                let inv = parse_invitation(c, action, form).await?;
                let target = match inv.agency_id {
                    Some(agency) => Target::Agency(agency),
                    None => Target::Nothing,
                };
                require(
                    backend,
                    &c.meta,
                    Some(actor),
                    Action::Invite(inv.role),
                    target,
                    ("user", inv.email.as_str().to_owned()),
                )
                .await?;
                auth::invite(backend, &c.meta, actor, c.lang, inv).await?;
                outcome.notice = Some(Notice::InvitationSent);
                outcome.values.retain(|(k, _)| k == "_action");
            }
            "set_status" => {
                let actor = c.actor().ok_or(ServiceError::Unauthenticated)?;
                let id: i32 = form
                    .get("user_id")
                    .parse()
                    .map_err(|_| ServiceError::NotFound)?;
                let target = auth::user_by_id(backend, id)
                    .await?
                    .ok_or(ServiceError::NotFound)?;
                let facts = UserFacts {
                    user_id: target.id,
                    role: Role::parse(&target.role).unwrap_or(Role::Worker),
                    agency_id: target.agency_id,
                };
                require(
                    backend,
                    &c.meta,
                    Some(actor),
                    Action::SetUserStatus,
                    Target::User(&facts),
                    ("user", id.to_string()),
                )
                .await?;
                auth::set_status(
                    backend,
                    &c.meta,
                    actor,
                    &target,
                    form.get("status") == "active",
                )
                .await?;
                outcome.notice = Some(Notice::StatusChanged);
            }
            "order_draft" => {
                let markets: Vec<String> = backend
                    .reference
                    .get(&backend.db)
                    .await?
                    .markets
                    .iter()
                    .map(|m| m.code.clone())
                    .collect();
                let draft = parse_order(&|f| form.get(f).to_owned(), &markets)
                    .map_err(ServiceError::Invalid)?;
                let id = job_orders::draft(backend, &c.meta, c.actor(), draft).await?;
                see_other(&format!("/orders/{id}"));
            }
            "order_submit" => {
                let id = id_field(form, "order_id")?;
                job_orders::submit(backend, &c.meta, c.actor(), id).await?;
                see_other(&format!("/orders/{id}"));
            }
            "order_decide" => {
                let id = id_field(form, "order_id")?;
                let (approve, reason) = parse_decision(form.get("decision"), form.get("reason"))
                    .map_err(ServiceError::Invalid)?;
                job_orders::decide_order(backend, &c.meta, c.actor(), id, approve, reason).await?;
                see_other(&format!("/orders/{id}"));
            }
            "apply" => {
                let order = id_field(form, "order_id")?;
                let id = lifecycle::apply(backend, &c.meta, c.actor(), order).await?;
                see_other(&format!("/cases/{id}"));
            }
            "case_open" => {
                let mut errors = FieldErrors::default();
                let order = form.get("order_id").parse::<i32>().ok();
                if order.is_none() {
                    errors.add("order_id", Problem::Choice);
                }
                let person = parse_worker(&|f| form.get(f).to_owned());
                match (person, order) {
                    (Ok(p), Some(order)) => {
                        let id =
                            lifecycle::open_case(backend, &c.meta, c.actor(), p, order).await?;
                        see_other(&format!("/cases/{id}"));
                    }
                    (Err(e), _) => {
                        errors.0.extend(e.0);
                        return Err(ServiceError::Invalid(errors));
                    }
                    (Ok(_), None) => return Err(ServiceError::Invalid(errors)),
                }
            }
            "case_step" => {
                let id = id_field(form, "case_id")?;
                let version = id_field(form, "version")?;
                // DOLAB confirms cases through their departure list, never one by one.
                let kind = StepKind::parse(form.get("step"))
                    .filter(|k| *k != StepKind::ConfirmList)
                    .ok_or(ServiceError::NotFound)?;
                let step =
                    parse_step(kind, &|f| form.get(f).to_owned()).map_err(ServiceError::Invalid)?;
                lifecycle::take(backend, &c.meta, c.actor(), id, version, step).await?;
                see_other(&format!("/cases/{id}"));
            }
            "case_event" => {
                let id = id_field(form, "case_id")?;
                let version = id_field(form, "version")?;
                let event = parse_event(form.get("event"), &|f| form.get(f).to_owned())
                    .map_err(ServiceError::Invalid)?;
                lifecycle::record(backend, &c.meta, c.actor(), id, version, event).await?;
                see_other(&format!("/cases/{id}"));
            }
            "list_create" => {
                let order = id_field(form, "order_id")?;
                let cases: Vec<i32> = form
                    .0
                    .iter()
                    .filter(|(k, _)| k == "case_id")
                    .filter_map(|(_, v)| v.parse().ok())
                    .collect();
                let planned = parse_date(form.get("planned_exit_on"));
                departure_lists::create(backend, &c.meta, c.actor(), order, cases, planned).await?;
                see_other("/lists");
            }
            "list_decide" => {
                let id = id_field(form, "list_id")?;
                let (approve, reason) = parse_decision(form.get("decision"), form.get("reason"))
                    .map_err(ServiceError::Invalid)?;
                departure_lists::decide_list(backend, &c.meta, c.actor(), id, approve, reason)
                    .await?;
                see_other("/lists");
            }
            "case_import" => {
                let text = if form.get("file").trim().is_empty() {
                    form.get("csv")
                } else {
                    form.get("file")
                };
                match crate::domain::import::check_file(text) {
                    Err(errors) => {
                        outcome.import_errors = errors;
                        crate::ui::set_status(422);
                    }
                    Ok(rows) if rows.len() > crate::backend::imports::BACKGROUND_FROM_ROWS => {
                        // Long files run in the background; the page follows the progress.
                        let actor = c.actor().ok_or(ServiceError::Unauthenticated)?;
                        let agency = actor.agency_id.unwrap_or(0);
                        require(
                            backend,
                            &c.meta,
                            Some(actor),
                            Action::ManageCases,
                            Target::Agency(agency),
                            ("agency", agency.to_string()),
                        )
                        .await?;
                        let job = crate::backend::imports::start(backend, &c.meta, actor, rows)?;
                        see_other(&format!("/cases/import?job={job}"));
                    }
                    Ok(rows) => {
                        match lifecycle::import(backend, &c.meta, c.actor(), rows, None).await? {
                            Ok(n) => {
                                outcome.imported = Some(n);
                                outcome.values.retain(|(k, _)| k == "_action");
                            }
                            Err(errors) => {
                                outcome.import_errors = errors;
                                crate::ui::set_status(422);
                            }
                        }
                    }
                }
            }
            "rule_add" => {
                let actor = c.actor().ok_or(ServiceError::Unauthenticated)?;
                require(
                    backend,
                    &c.meta,
                    Some(actor),
                    Action::EditRules,
                    Target::Nothing,
                    ("legal_rule", form.get("key").to_owned()),
                )
                .await?;
                let input = rules::RuleInput {
                    key: form.get("key"),
                    scope: form.get("scope"),
                    effective_from: form.get("effective_from"),
                    value: form.get("value"),
                    source: form.get("source"),
                };
                rules::add_version(backend, &c.meta, actor, input).await?;
                see_other("/rules");
            }
            _ => return Err(ServiceError::NotFound),
        }
        Ok(())
    }

    /// A record id from a hidden field; a tampered one is simply not found.
    fn id_field(form: &FormData, name: &str) -> Result<i32, ServiceError> {
        form.get(name).parse().map_err(|_| ServiceError::NotFound)
    }

    /// A new sign-in replaces whatever session the browser had (no session fixation).
    async fn end_current(c: &Ctx) {
        if let Some(current) = &c.session {
            let _ = auth::sign_out(&c.backend, &c.meta, current).await;
        }
    }

    async fn parse_invitation(
        c: &Ctx,
        action: &str,
        form: &FormData,
    ) -> Result<Invitation, ServiceError> {
        let mut errors = FieldErrors::default();
        let email = errors.check("email", Email::parse(form.get("email")));
        let full_name = errors.check("full_name", parse_full_name(form.get("full_name")));
        let actor = c.actor().ok_or(ServiceError::Unauthenticated)?;
        let role = if action == "invite_staff" {
            Some(Role::AgencyStaff)
        } else {
            errors.check(
                "role",
                Role::parse(form.get("role"))
                    .filter(|r| Role::INVITED_BY_ADMIN.contains(r))
                    .ok_or(Problem::Choice),
            )
        };
        let agency_id = match role {
            Some(Role::AgencyStaff) => actor.agency_id,
            Some(r) if r.needs_agency() => {
                let id = form.get("agency_id").parse::<i32>().ok();
                let known = match id {
                    Some(id) => auth::agency_exists(&c.backend, id).await?,
                    None => false,
                };
                errors.check(
                    "agency_id",
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
                let code = form.get("province_code").trim().to_owned();
                let known = c
                    .backend
                    .reference
                    .get(&c.backend.db)
                    .await?
                    .provinces
                    .contains_key(&code);
                errors.check(
                    "province_code",
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
        let branch_name = Some(form.get("branch_name").trim().to_owned())
            .filter(|b| !b.is_empty() && role == Some(Role::AgencyStaff));
        if let Some(email) = &email {
            if auth::email_taken(&c.backend, email.as_str()).await? {
                errors.add("email", Problem::Choice);
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
}
