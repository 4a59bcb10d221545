//! Filing a complaint or a denunciation: by a worker from their account, or by someone acting
//! for a worker (a relative, a labour attaché) who follows it with a tracking code shown once.
//! A complaint is filed within the time limit from learning of the act, or later with the
//! obstacle that prevented it; the clock to accept it starts on the day it is received.

use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use super::{mail, steps::step_row};
use crate::backend::access::require;
use crate::backend::attachments::checked_or_field_error;
use crate::backend::audit::{self, Entry, RequestMeta};
use crate::backend::auth::{release_anonymous, reserve_anonymous};
use crate::backend::entity::{agency, complaint, complaint_file, user, worker};
use crate::backend::secrets::{new_claim_code, sha256_hex, token_hash};
use crate::backend::{rules, Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target};
use crate::domain::accounts::Role;
use crate::domain::claim_codes::group_claim_code;
use crate::domain::complaints::{
    deadline, filing_due, ComplaintKind, ComplaintStatus, Limit, Relation, StepKind,
};
use crate::domain::forms::{FieldErrors, Problem};
use crate::i18n::Lang;
use crate::views::complaints::{fields as f, FileComplaintInput};

/// What filing gives back: the complaint, and the tracking code of one filed without an
/// account (shown once, grouped for reading).
pub struct Filed {
    pub id: i32,
    pub tracking_code: Option<String>,
}

fn field(name: &str, p: Problem) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(name, p);
    ServiceError::Invalid(e)
}

fn missing(e: crate::domain::rules::MissingRule) -> ServiceError {
    // Refused, naming the rule, like every other rule missing on the day it is needed.
    ServiceError::from(e)
}

pub async fn file(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    lang: Lang,
    input: FileComplaintInput,
) -> Result<Filed, ServiceError> {
    // A worker files from their account; anyone else signed in has their own channels, and
    // someone not signed in files for a worker (or denounces) with a tracking code.
    if let Some(a) = actor {
        if a.role != Role::Worker {
            require(
                backend,
                meta,
                actor,
                Action::FileComplaint,
                Target::Nothing,
                ("complaint", String::new()),
            )
            .await?;
        }
    } else if input.acting.is_none() {
        return Err(field(f::FILING_AS, Problem::Required));
    }
    let today = backend.clock.today();
    let agency = agency::Entity::find_by_id(input.agency_id)
        .one(&backend.db)
        .await?
        .ok_or_else(|| field(f::AGENCY_ID, Problem::Choice))?;
    if input.learned_on > today {
        return Err(field(f::LEARNED_ON, Problem::Future));
    }
    let book = rules::book(backend).await?;
    if input.kind == ComplaintKind::Complaint {
        let due = filing_due(&book, input.learned_on).map_err(missing)?;
        if today > due && input.late_reason.is_empty() {
            return Err(field(f::LEARNED_ON, Problem::TooLateToComplain { due }));
        }
    }
    let checked = match &input.file {
        Some(file) => Some(checked_or_field_error(file)?),
        None => None,
    };
    let accept_limit = match input.kind {
        ComplaintKind::Complaint => Limit::Accept,
        ComplaintKind::Denunciation => Limit::DenounceAccept,
    };
    let accept_due = deadline(&book, accept_limit, today).map_err(missing)?;

    // Who files, and about whom.
    let account = match actor {
        Some(a) => Some(
            user::Entity::find_by_id(a.user_id)
                .one(&backend.db)
                .await?
                .ok_or(ServiceError::Unauthenticated)?,
        ),
        None => None,
    };
    let worker_row = match actor.and_then(|a| a.worker_id) {
        Some(w) => worker::Entity::find_by_id(w).one(&backend.db).await?,
        None => None,
    };
    let (relation, filer_name, filer_email, filer_phone, worker_name, worker_id, province, lang) =
        match (&input.acting, &account) {
            (Some(x), _) => (
                x.relation,
                x.filer_name.clone(),
                x.email.clone(),
                x.phone.clone(),
                x.worker_name.clone(),
                None,
                None,
                match &account {
                    Some(u) => crate::backend::decode::stored("users.lang", u.id, &u.lang)?,
                    None => lang,
                },
            ),
            (None, Some(u)) => (
                Relation::Worker,
                u.full_name.clone(),
                u.email.clone(),
                u.phone.clone().unwrap_or_default(),
                u.full_name.clone(),
                worker_row.as_ref().map(|w| w.id),
                // A denunciation is about the agency: the denouncer's province would point at them.
                worker_row
                    .as_ref()
                    .filter(|_| input.kind == ComplaintKind::Complaint)
                    .map(|w| w.province_code.clone()),
                crate::backend::decode::stored("users.lang", u.id, &u.lang)?,
            ),
            (None, None) => return Err(field(f::FILING_AS, Problem::Required)),
        };
    // Someone without an account takes a place once the form is whole, so a mistake corrected
    // costs nothing: so many per contact (email, else phone) and per address.
    let places = match actor {
        Some(_) => None,
        None => {
            let contact = if filer_email.is_empty() {
                &filer_phone
            } else {
                &filer_email
            };
            Some(reserve_anonymous(backend, meta, "complaint", contact).await?)
        }
    };
    let code = actor.is_none().then(new_claim_code);
    let now = backend.clock.now();
    let written = async {
        let txn = backend.begin_write().await?;
        let row = complaint::ActiveModel {
            kind: Set(input.kind.as_str().to_owned()),
            category: Set(input.category.as_str().to_owned()),
            agency_id: Set(agency.id),
            filer_user_id: Set(actor.map(|a| a.user_id)),
            relation: Set(relation.as_str().to_owned()),
            filer_name: Set(filer_name),
            filer_email: Set(filer_email),
            filer_phone: Set(filer_phone),
            worker_name: Set(worker_name),
            worker_id: Set(worker_id),
            worker_province: Set(province),
            lang: Set(lang.code().to_owned()),
            learned_on: Set(input.learned_on),
            late_reason: Set(input.late_reason.clone()),
            foreign_element: Set(input.foreign_element),
            description: Set(input.description.clone()),
            status: Set(ComplaintStatus::Received.as_str().to_owned()),
            level: Set(1),
            remote: Set(false),
            extensions: Set(0),
            received_on: Set(today),
            accept_due: Set(accept_due),
            accepted_on: Set(None),
            resolve_due: Set(None),
            answered_on: Set(None),
            appeal_due: Set(None),
            closed_on: Set(None),
            inspection_id: Set(None),
            contact_shared: Set(false),
            tracking_hash: Set(code.as_deref().map(token_hash)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        step_row(
            &txn,
            &row,
            1,
            StepKind::Filed,
            String::new(),
            // The filer's steps name no account: whether a denouncer has one is itself a clue.
            None,
            today,
            now,
        )
        .await?;
        let mut file = None;
        if let Some(c) = checked {
            let size =
                i32::try_from(c.bytes.len()).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
            let saved = complaint_file::ActiveModel {
                complaint_id: Set(row.id),
                file_name: Set(c.file_name.clone()),
                content_type: Set(c.kind.content_type().to_owned()),
                size: Set(size),
                sha256: Set(sha256_hex(&c.bytes)),
                bytes: Set(c.bytes),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            file = Some(serde_json::json!({
                "id": saved.id, "content_type": saved.content_type, "size": saved.size,
                "sha256": saved.sha256,
            }));
        }
        // No name or contact in the trail: officers read it. A denouncer is the team's only, so
        // its filing names no account and keeps no address (the row itself holds who it is).
        let denounced = input.kind == ComplaintKind::Denunciation;
        let anonymous = RequestMeta {
            request_id: meta.request_id.clone(),
            address: None,
            user_agent: None,
        };
        audit::append(
            &txn,
            &backend.keys,
            now,
            if denounced { &anonymous } else { meta },
            Entry::new("complaint.filed")
                .by(if denounced { None } else { actor })
                .record("complaint", row.id)
                .agency(Some(agency.id))
                .after(serde_json::json!({
                    "kind": input.kind.as_str(),
                    "category": input.category.as_str(),
                    "relation": relation.as_str(),
                    "learned_on": input.learned_on,
                    "late_reason": input.late_reason,
                    "accept_due": accept_due,
                    "file": file,
                })),
        )
        .await?;
        let grouped = code.as_deref().map(group_claim_code);
        mail::tell_filer(
            &txn,
            backend,
            &row,
            mail::Told::Filed(grouped.as_deref()),
            now,
        )
        .await?;
        if input.kind == ComplaintKind::Complaint {
            mail::tell_agency(&txn, backend, &row, mail::Told::Filed(None), now).await?;
        }
        txn.commit().await?;
        Ok::<_, ServiceError>(Filed {
            id: row.id,
            tracking_code: grouped,
        })
    }
    .await;
    // A filing that was not saved was not made: its places are given back.
    if let (Err(_), Some(p)) = (&written, places) {
        release_anonymous(backend, p).await?;
    }
    written
}
