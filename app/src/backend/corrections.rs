//! Identity conflicts become correction requests.
//!
//! An agency that opens a case (or imports a row) with a citizen ID on record under other
//! details learns nothing about that record: the answer is that the person's details need a
//! correction, and a correction request goes to the provincial officer of the stored record's
//! province, with both versions, who asked and why; the agency may add its reason and a scan of
//! the ID card. The officer keeps one version or rejects the request with a reason; the agency
//! and the worker see the outcome, and the version a correction replaced is kept.
//!
//! A citizen ID whose person has an open case with another agency gets the same answer (same
//! status, same words, nothing of the other agency) but files no correction: the worker is told.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;

use super::access::{require, require_own_agency};
use super::attachments::Download;
use super::audit::{self, Entry, RequestMeta};
use super::decode::stored;
use super::entity::{
    agency, correction_request, outbox as outbox_row, user, worker, worker_version,
};
use super::{outbox, Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target};
use crate::domain::citizen_id::Sex;
use crate::domain::forms::{FieldErrors, FormProblem, Problem};
use crate::domain::lifecycle::NewWorker;
use crate::i18n::Lang;
use crate::views::corrections::{CorrectionChoice, CorrectionRowView, CorrectionsView};
use crate::views::forms::UploadedFile;

/// Why an agency's typed details could not open a case.
#[derive(Debug, Clone)]
pub enum Conflict {
    /// The citizen ID is on record with another name, birth date or sex.
    Details(worker::Model),
    /// The person has an open case with another agency.
    OpenElsewhere(worker::Model),
}

/// The one answer an agency gets for either conflict, next to the citizen ID field.
pub fn needs_correction() -> ServiceError {
    let mut e = FieldErrors::default();
    e.add("citizen_id", Problem::IdentityMismatch);
    ServiceError::Invalid(e)
}

/// Whether an agency's typed details agree with the record (the same person).
pub fn same_person(w: &worker::Model, p: &NewWorker) -> bool {
    w.birth_date == p.birth_date
        && crate::domain::text::fold(&w.full_name) == crate::domain::text::fold(&p.full_name)
        && w.sex == p.sex.as_str()
}

/// Acts on conflicts found while opening cases for `agency_id`, each in this short transaction
/// of its own (the refused case's transaction is gone): files a correction request for each
/// details conflict (one per record, agency and typed version while it is open), and tells the
/// worker of each attempt while a case is open elsewhere (at most once a day).
pub async fn file_conflicts(
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    agency_id: i32,
    conflicts: &[(Conflict, NewWorker)],
    reason: &str,
) -> Result<(), ServiceError> {
    if conflicts.is_empty() {
        return Ok(());
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    for (conflict, typed) in conflicts {
        match conflict {
            Conflict::Details(w) => {
                let open = correction_request::Entity::find()
                    .filter(correction_request::Column::WorkerId.eq(w.id))
                    .filter(correction_request::Column::AgencyId.eq(agency_id))
                    .filter(
                        correction_request::Column::ProposedFullName.eq(typed.full_name.as_str()),
                    )
                    .filter(correction_request::Column::ProposedBirthDate.eq(typed.birth_date))
                    .filter(correction_request::Column::ProposedSex.eq(typed.sex.as_str()))
                    .filter(correction_request::Column::DecidedAt.is_null())
                    .count(&txn)
                    .await?;
                if open > 0 {
                    continue;
                }
                let row = correction_request::ActiveModel {
                    worker_id: Set(w.id),
                    agency_id: Set(agency_id),
                    requested_by: Set(actor.user_id),
                    province_code: Set(w.province_code.clone()),
                    stored_full_name: Set(w.full_name.clone()),
                    stored_birth_date: Set(w.birth_date),
                    stored_sex: Set(w.sex.clone()),
                    proposed_full_name: Set(typed.full_name.clone()),
                    proposed_birth_date: Set(typed.birth_date),
                    proposed_sex: Set(typed.sex.as_str().to_owned()),
                    reason: Set(reason.to_owned()),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                audit::append(
                    &txn,
                    &backend.keys,
                    now,
                    meta,
                    Entry::new("correction.filed")
                        .by(Some(actor))
                        .record("correction_request", row.id)
                        .agency(Some(agency_id))
                        .after(json!({"worker_id": w.id, "province": w.province_code})),
                )
                .await?;
            }
            Conflict::OpenElsewhere(w) => {
                tell_worker_of_attempt(backend, &txn, w, now).await?;
                audit::append(
                    &txn,
                    &backend.keys,
                    now,
                    meta,
                    Entry::new("case.refused_open_elsewhere")
                        .by(Some(actor))
                        .record("worker", w.id)
                        .agency(Some(agency_id)),
                )
                .await?;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Where a worker is reached: the email on the record, else the linked account's.
async fn worker_address<C: ConnectionTrait>(
    db: &C,
    w: &worker::Model,
) -> Result<Option<(String, Lang)>, ServiceError> {
    let account = user::Entity::find()
        .filter(user::Column::WorkerId.eq(w.id))
        .one(db)
        .await?;
    let lang = match &account {
        Some(u) => stored("users.lang", u.id, &u.lang)?,
        None => Lang::Vi,
    };
    let to = w
        .email
        .clone()
        .filter(|e| !e.is_empty())
        .or(account.map(|u| u.email));
    Ok(to.map(|to| (to, lang)))
}

async fn tell_worker_of_attempt<C: ConnectionTrait>(
    backend: &Backend,
    db: &C,
    w: &worker::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let Some((to, lang)) = worker_address(db, w).await? else {
        return Ok(());
    };
    let told_today = outbox_row::Entity::find()
        .filter(outbox_row::Column::Kind.eq("case_attempt"))
        .filter(outbox_row::Column::Recipient.eq(to.as_str()))
        .filter(outbox_row::Column::CreatedAt.gt(now - TimeDelta::days(1)))
        .count(db)
        .await?;
    if told_today == 0 {
        let message = outbox::case_attempt(lang, &to);
        outbox::enqueue(db, now, message, &backend.settings.mail_domain()).await?;
    }
    Ok(())
}

fn row_view(
    r: &correction_request::Model,
    for_officer: bool,
    citizen_ids: &HashMap<i32, String>,
    agencies: &HashMap<i32, String>,
) -> Result<CorrectionRowView, ServiceError> {
    let sex = |col: &'static str, v: &str| stored::<Sex>(col, r.id, v);
    Ok(CorrectionRowView {
        id: r.id,
        citizen_id: citizen_ids
            .get(&r.worker_id)
            .cloned()
            .ok_or(ServiceError::NotFound)?,
        agency_name: if for_officer {
            Some(
                agencies
                    .get(&r.agency_id)
                    .cloned()
                    .ok_or(ServiceError::NotFound)?,
            )
        } else {
            None
        },
        proposed_full_name: r.proposed_full_name.clone(),
        proposed_birth_date: r.proposed_birth_date,
        proposed_sex: sex("correction_requests.proposed_sex", &r.proposed_sex)?,
        // The agency never sees what is stored: it learns nothing about the record.
        stored: if for_officer {
            Some((
                r.stored_full_name.clone(),
                r.stored_birth_date,
                sex("correction_requests.stored_sex", &r.stored_sex)?,
            ))
        } else {
            None
        },
        reason: r.reason.clone(),
        has_scan: r.scan_bytes.is_some(),
        filed_at: r.created_at,
        outcome: crate::backend::decode::stored_opt(
            "correction_requests.outcome",
            r.id,
            r.outcome.as_deref(),
        )?,
        decision_reason: r.decision_reason.clone(),
    })
}

/// The requests an agency filed (its own, with only what it typed), or those a provincial
/// officer decides (their province's, both versions).
pub async fn corrections(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
) -> Result<CorrectionsView, ServiceError> {
    let officer = actor.is_some_and(|a| a.role == crate::domain::accounts::Role::ProvincialOfficer);
    let query = if officer {
        require(
            backend,
            meta,
            actor,
            Action::DecideCorrections,
            Target::Nothing,
            ("correction_request", String::new()),
        )
        .await?;
        let province = actor
            .and_then(|a| a.province_code.clone())
            .ok_or(ServiceError::Forbidden)?;
        correction_request::Entity::find()
            .filter(correction_request::Column::ProvinceCode.eq(province))
    } else {
        let agency = require_own_agency(backend, meta, actor, Action::ViewAgencyWork).await?;
        correction_request::Entity::find().filter(correction_request::Column::AgencyId.eq(agency))
    };
    let rows = query
        .order_by_desc(correction_request::Column::Id)
        .all(&backend.db)
        .await?;
    let worker_ids: Vec<i32> = rows.iter().map(|r| r.worker_id).collect();
    let citizen_ids: HashMap<i32, String> = worker::Entity::find()
        .filter(worker::Column::Id.is_in(worker_ids))
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|w| (w.id, w.citizen_id))
        .collect();
    let agencies: HashMap<i32, String> = if officer {
        let ids: Vec<i32> = rows.iter().map(|r| r.agency_id).collect();
        agency::Entity::find()
            .filter(agency::Column::Id.is_in(ids))
            .all(&backend.db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect()
    } else {
        HashMap::new()
    };
    Ok(CorrectionsView {
        officer,
        rows: rows
            .iter()
            .map(|r| row_view(r, officer, &citizen_ids, &agencies))
            .collect::<Result<_, _>>()?,
    })
}

const REASON_MAX: usize = 1000;

fn reason_field(text: &str, required: bool) -> Result<String, ServiceError> {
    let text = text.trim();
    let mut e = FieldErrors::default();
    if required && text.is_empty() {
        e.add("reason", Problem::Required);
    } else if text.chars().count() > REASON_MAX {
        e.add("reason", Problem::TooLong { max: REASON_MAX });
    }
    if e.is_empty() {
        Ok(text.to_owned())
    } else {
        Err(ServiceError::Invalid(e))
    }
}

/// The agency adds its reason, and a scan of the ID card, to a request of its own still open.
pub async fn add_evidence(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
    reason: &str,
    scan: Option<&UploadedFile>,
) -> Result<(), ServiceError> {
    let agency = require_own_agency(backend, meta, actor, Action::ManageCases).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let reason = reason_field(reason, true)?;
    let scan = match scan.filter(|f| !f.bytes.is_empty()) {
        Some(f) => Some(super::attachments::check(f).map_err(|p| {
            let mut e = FieldErrors::default();
            e.add("scan", p);
            ServiceError::Invalid(e)
        })?),
        None => None,
    };
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let r = correction_request::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|r| r.agency_id == agency)
        .ok_or(ServiceError::NotFound)?;
    let mut update = correction_request::Entity::update_many()
        .col_expr(
            correction_request::Column::Reason,
            Expr::value(reason.clone()),
        )
        .filter(correction_request::Column::Id.eq(r.id))
        .filter(correction_request::Column::DecidedAt.is_null());
    if let Some(s) = &scan {
        update = update
            .col_expr(
                correction_request::Column::ScanName,
                Expr::value(Some(s.file_name.clone())),
            )
            .col_expr(
                correction_request::Column::ScanType,
                Expr::value(Some(s.kind.content_type().to_owned())),
            )
            .col_expr(
                correction_request::Column::ScanBytes,
                Expr::value(Some(s.bytes.clone())),
            );
    }
    if update.exec(&txn).await?.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::AlreadyDecided));
    }
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("correction.evidence")
            .by(Some(actor))
            .record("correction_request", r.id)
            .agency(Some(agency))
            .after(json!({"reason": reason, "scan": scan.as_ref().map(|s| s.file_name.clone())})),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The provincial officer keeps one version, or rejects the request with a reason. Taken once.
/// Keeping the agency's version rewrites the record and keeps the version it replaced.
pub async fn decide(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
    choice: CorrectionChoice,
    reason: &str,
) -> Result<(), ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::DecideCorrections,
        Target::Nothing,
        ("correction_request", id.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let province = actor.province_code.clone().ok_or(ServiceError::Forbidden)?;
    let reason = reason_field(reason, choice == CorrectionChoice::Rejected)?;
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let r = correction_request::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|r| r.province_code == province)
        .ok_or(ServiceError::NotFound)?;
    let done = correction_request::Entity::update_many()
        .col_expr(
            correction_request::Column::DecidedAt,
            Expr::value(Some(now)),
        )
        .col_expr(
            correction_request::Column::DecidedBy,
            Expr::value(Some(actor.user_id)),
        )
        .col_expr(
            correction_request::Column::Outcome,
            Expr::value(Some(choice.as_str())),
        )
        .col_expr(
            correction_request::Column::DecisionReason,
            Expr::value(Some(reason.clone()).filter(|r| !r.is_empty())),
        )
        .filter(correction_request::Column::Id.eq(r.id))
        .filter(correction_request::Column::DecidedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::AlreadyDecided));
    }
    let w = worker::Entity::find_by_id(r.worker_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let before = json!({"full_name": w.full_name, "birth_date": w.birth_date, "sex": w.sex});
    let mut after = before.clone();
    if choice == CorrectionChoice::Proposed {
        worker_version::ActiveModel {
            worker_id: Set(w.id),
            full_name: Set(w.full_name.clone()),
            birth_date: Set(w.birth_date),
            sex: Set(w.sex.clone()),
            replaced_at: Set(now),
            replaced_by: Set(actor.user_id),
            correction_id: Set(r.id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        // The record is rewritten only if it still holds the version the request was filed
        // against: a decision taken on details that changed since is refused, and nothing of it
        // (the request's decision included) is kept.
        let rewritten = worker::Entity::update_many()
            .col_expr(
                worker::Column::FullName,
                Expr::value(r.proposed_full_name.clone()),
            )
            .col_expr(
                worker::Column::BirthDate,
                Expr::value(r.proposed_birth_date),
            )
            .col_expr(worker::Column::Sex, Expr::value(r.proposed_sex.clone()))
            .filter(worker::Column::Id.eq(w.id))
            .filter(worker::Column::FullName.eq(r.stored_full_name.clone()))
            .filter(worker::Column::BirthDate.eq(r.stored_birth_date))
            .filter(worker::Column::Sex.eq(r.stored_sex.clone()))
            .exec(&txn)
            .await?;
        if rewritten.rows_affected != 1 {
            return Err(ServiceError::Problem(FormProblem::StateChanged));
        }
        // The worker's own account shows the same person.
        user::Entity::update_many()
            .col_expr(
                user::Column::FullName,
                Expr::value(r.proposed_full_name.clone()),
            )
            .col_expr(
                user::Column::BirthDate,
                Expr::value(Some(r.proposed_birth_date)),
            )
            .col_expr(user::Column::Sex, Expr::value(Some(r.proposed_sex.clone())))
            .filter(user::Column::WorkerId.eq(w.id))
            .exec(&txn)
            .await?;
        after = json!({
            "full_name": r.proposed_full_name,
            "birth_date": r.proposed_birth_date,
            "sex": r.proposed_sex,
        });
    }
    if let Some((to, lang)) = worker_address(&txn, &w).await? {
        let message = outbox::correction_decided(lang, &to, choice, &reason);
        outbox::enqueue(&txn, now, message, &backend.settings.mail_domain()).await?;
    }
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("correction.decided")
            .by(Some(actor))
            .record("worker", w.id)
            .agency(Some(r.agency_id))
            .before(before)
            .after(json!({
                "record": after,
                "correction_request": r.id,
                "outcome": choice.as_str(),
                "reason": reason,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The scan of a request, for the agency that filed it and the officer who decides it.
pub async fn scan(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<Download, ServiceError> {
    let r = correction_request::Entity::find_by_id(id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let officer = actor.is_some_and(|a| {
        a.role == crate::domain::accounts::Role::ProvincialOfficer
            && a.province_code.as_deref() == Some(r.province_code.as_str())
    });
    let own_agency = actor.is_some_and(|a| a.role.is_agency() && a.agency_id == Some(r.agency_id));
    if !officer && !own_agency {
        // Logged and, for someone signed in, audited; the answer is "not found" either way.
        let _ = require(
            backend,
            meta,
            actor,
            Action::DecideCorrections,
            Target::Agency(r.agency_id),
            ("correction_request", id.to_string()),
        )
        .await;
        return Err(ServiceError::NotFound);
    }
    match (r.scan_name, r.scan_type, r.scan_bytes) {
        (Some(file_name), Some(content_type), Some(bytes)) => Ok(Download {
            file_name,
            content_type,
            bytes,
        }),
        _ => Err(ServiceError::NotFound),
    }
}
