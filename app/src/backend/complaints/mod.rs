//! Complaints and denunciations: the lists and one complaint as each may see it (here), the
//! filing (`file`), the handlers' and filer's steps (`steps`) and the emails (`mail`).
//!
//! Who sees what: the filer everything of their own; the agency the complaints against it
//! (never a denunciation), without the filer's contact unless an inspector shares it; the
//! provincial officer those of the province's workers and national officers all, without the
//! contact or a denouncer's identity; inspectors everything. To anyone else a complaint does
//! not exist. Someone acting for a worker follows theirs with its tracking code.

mod file;
mod mail;
mod oversight;
mod sanction;
mod steps;

pub use file::file;
pub use oversight::{link, mark_remote, share};
pub use sanction::complain_against_sanction;
pub use steps::{answer, close, decide as decide_complaint, escalate, extend};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::access::require;
use super::audit::RequestMeta;
use super::decode::{stored, stored_number};
use super::entity::{agency, case, complaint, complaint_file, complaint_step, inspection};
use super::secrets::token_hash;
use super::{rules, Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, ComplaintFacts, Decision, Target};
use crate::domain::accounts::Role;
use crate::domain::claim_codes::parse_claim_code;
use crate::domain::complaints::{Clock, ComplaintKind, ComplaintStatus, Relation};
use crate::domain::forms::FormProblem;
use crate::views::complaints::{
    ComplaintDeskView, ComplaintLineView, ComplaintStepView, ComplaintView,
};

/// How the one looking at a complaint stands to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Viewer {
    /// Who filed it: their account, or the holder of its tracking code.
    Filer,
    /// The inspectors.
    Team,
    /// The agency it is about.
    Agency,
    /// Provincial and national officers.
    Officer,
}

pub(super) fn facts(row: &complaint::Model) -> Result<ComplaintFacts, ServiceError> {
    let kind: ComplaintKind = stored("complaints.kind", row.id, &row.kind)?;
    Ok(ComplaintFacts {
        agency_id: row.agency_id,
        denunciation: kind == ComplaintKind::Denunciation,
        level: stored_number("complaints.level", row.id, row.level)?,
        filer_user_id: row.filer_user_id,
        worker_province: row.worker_province.clone(),
        against_sanction: row.sanction_id.is_some(),
    })
}

pub(super) fn clock(row: &complaint::Model) -> Result<Clock, ServiceError> {
    Ok(Clock {
        kind: stored("complaints.kind", row.id, &row.kind)?,
        level: stored_number("complaints.level", row.id, row.level)?,
        status: stored("complaints.status", row.id, &row.status)?,
        remote: row.remote,
        accept_due: row.accept_due,
        resolve_due: row.resolve_due,
        appeal_due: row.appeal_due,
    })
}

fn viewer_of(actor: Option<&Actor>, row: &complaint::Model) -> Viewer {
    match actor {
        None => Viewer::Filer,
        Some(a) if row.filer_user_id == Some(a.user_id) => Viewer::Filer,
        // An agency's complaint against a sanction is its head office's, whoever filed it.
        Some(a)
            if row.sanction_id.is_some()
                && crate::domain::access::agency_head_office(a, row.agency_id) =>
        {
            Viewer::Filer
        }
        Some(a) if a.role == Role::Inspector => Viewer::Team,
        Some(a) if a.role.is_agency() => Viewer::Agency,
        Some(_) => Viewer::Officer,
    }
}

/// The complaint, if this actor may see it; to anyone else it does not exist.
pub(super) async fn visible(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<(complaint::Model, ComplaintFacts), ServiceError> {
    actor.ok_or(ServiceError::Unauthenticated)?;
    let row = complaint::Entity::find_by_id(id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let f = facts(&row)?;
    require(
        backend,
        meta,
        actor,
        Action::ViewComplaints,
        Target::Complaint(&f),
        ("complaint", id.to_string()),
    )
    .await
    .map_err(ServiceError::hidden)?;
    Ok((row, f))
}

/// The complaint whose tracking code this is (as typed); none for a wrong one.
pub(super) async fn by_code(
    backend: &Backend,
    code: &str,
) -> Result<complaint::Model, ServiceError> {
    let bare = parse_claim_code(code).map_err(|_| ServiceError::NotFound)?;
    complaint::Entity::find()
        .filter(complaint::Column::TrackingHash.eq(token_hash(&bare)))
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The complaints page as this actor may see it (someone not signed in: the filing form only).
pub async fn desk(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
) -> Result<ComplaintDeskView, ServiceError> {
    let today = backend.clock.today();
    let mut q = complaint::Entity::find();
    let signed_in_worker = actor.is_some_and(|a| a.role == Role::Worker);
    if let Some(a) = actor {
        require(
            backend,
            meta,
            actor,
            Action::ViewComplaints,
            Target::Nothing,
            ("complaints", String::new()),
        )
        .await?;
        q = match a.role {
            Role::Worker => q.filter(complaint::Column::FilerUserId.eq(a.user_id)),
            Role::AgencyAdmin | Role::AgencyStaff => q
                .filter(complaint::Column::AgencyId.eq(a.agency_id.unwrap_or(0)))
                .filter(complaint::Column::Kind.eq(ComplaintKind::Complaint.as_str())),
            Role::ProvincialOfficer => q.filter(
                complaint::Column::WorkerProvince.eq(a.province_code.clone().unwrap_or_default()),
            ),
            _ => q,
        };
    }
    let rows = if actor.is_some() {
        q.order_by_desc(complaint::Column::ReceivedOn)
            .order_by_desc(complaint::Column::Id)
            .limit(300)
            .all(&backend.db)
            .await?
    } else {
        Vec::new()
    };
    let names: Vec<(i32, String, String)> = agency::Entity::find()
        .select_only()
        .columns([
            agency::Column::Id,
            agency::Column::Name,
            agency::Column::LicenceNumber,
        ])
        .order_by_asc(agency::Column::Name)
        .into_tuple()
        .all(&backend.db)
        .await?;
    let name_of = |id: i32| {
        names
            .iter()
            .find(|(a, _, _)| *a == id)
            .map(|(_, n, _)| n.clone())
            .unwrap_or_default()
    };
    let mut complaints = Vec::with_capacity(rows.len());
    for r in &rows {
        let c = clock(r)?;
        let viewer = viewer_of(actor, r);
        let hidden = c.kind == ComplaintKind::Denunciation
            && !matches!(viewer, Viewer::Filer | Viewer::Team);
        complaints.push(ComplaintLineView {
            id: r.id,
            kind: c.kind,
            category: stored("complaints.category", r.id, &r.category)?,
            agency_name: name_of(r.agency_id),
            worker_name: (!hidden).then(|| r.worker_name.clone()),
            status: c.status,
            level: c.level,
            received_on: r.received_on,
            due: c.due(),
            overdue: c.overdue(today),
        });
    }
    let may_file = actor.is_none() || signed_in_worker;
    let agencies = if may_file {
        // The worker's own agencies first: a complaint is most often about one's own.
        let own: Vec<i32> = match actor.and_then(|a| a.worker_id) {
            Some(w) => {
                case::Entity::find()
                    .select_only()
                    .column(case::Column::AgencyId)
                    .filter(case::Column::WorkerId.eq(w))
                    .into_tuple()
                    .all(&backend.db)
                    .await?
            }
            None => Vec::new(),
        };
        let mut list: Vec<(String, String)> = names
            .iter()
            .filter(|(id, _, _)| own.contains(id))
            .chain(names.iter().filter(|(id, _, _)| !own.contains(id)))
            .map(|(id, name, licence)| (id.to_string(), format!("{name} · {licence}")))
            .collect();
        list.dedup();
        list
    } else {
        Vec::new()
    };
    let filing_days = rules::book(backend)
        .await?
        .value(
            crate::domain::rules::RuleKey::ComplaintDays,
            crate::domain::complaints::Limit::File.as_str(),
            today,
        )
        .map_err(|e| ServiceError::Unexpected(format!("no rule in force: {e:?}").into()))?;
    Ok(ComplaintDeskView {
        complaints,
        may_file,
        signed_in_worker,
        agencies,
        filing_days,
        today,
    })
}

/// One complaint as this actor may see it.
pub async fn complaint(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<ComplaintView, ServiceError> {
    let (row, f) = visible(backend, meta, actor, id).await?;
    view(backend, actor, row, &f).await
}

/// A complaint as the holder of its tracking code sees it: as its filer.
pub async fn tracked(backend: &Backend, code: &str) -> Result<ComplaintView, ServiceError> {
    let row = by_code(backend, code).await?;
    let f = facts(&row)?;
    view(backend, None, row, &f).await
}

async fn view(
    backend: &Backend,
    actor: Option<&Actor>,
    row: complaint::Model,
    f: &ComplaintFacts,
) -> Result<ComplaintView, ServiceError> {
    let today = backend.clock.today();
    let viewer = viewer_of(actor, &row);
    let c = clock(&row)?;
    let book = rules::book(backend).await?;
    let a = agency::Entity::find_by_id(row.agency_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let denunciation = f.denunciation;
    let identity = match viewer {
        Viewer::Filer | Viewer::Team => true,
        Viewer::Agency => row.contact_shared && !denunciation,
        Viewer::Officer => false,
    };
    let worker_known = !denunciation || matches!(viewer, Viewer::Filer | Viewer::Team);
    let relation: Relation = stored("complaints.relation", row.id, &row.relation)?;
    let steps = complaint_step::Entity::find()
        .filter(complaint_step::Column::ComplaintId.eq(row.id))
        .order_by_asc(complaint_step::Column::Id)
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|s| {
            Ok(ComplaintStepView {
                kind: stored("complaint_steps.step", s.id, &s.step)?,
                level: stored_number("complaint_steps.level", s.id, s.level)?,
                note: s.note,
                by: match s.by_role.as_str() {
                    "filer" => None,
                    r => Some(stored("complaint_steps.by_role", s.id, r)?),
                },
                happened_on: s.happened_on,
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    let files: Vec<(i32, String)> = if matches!(viewer, Viewer::Filer | Viewer::Team)
        || (viewer == Viewer::Agency && !denunciation)
    {
        complaint_file::Entity::find()
            .select_only()
            .columns([complaint_file::Column::Id, complaint_file::Column::FileName])
            .filter(complaint_file::Column::ComplaintId.eq(row.id))
            .order_by_asc(complaint_file::Column::Id)
            .into_tuple()
            .all(&backend.db)
            .await?
    } else {
        Vec::new()
    };
    let allowed =
        |action| actor.is_some() && decide(actor, action, Target::Complaint(f)) == Decision::Allow;
    let open = matches!(
        c.status,
        ComplaintStatus::Received | ComplaintStatus::Accepted
    );
    let may_handle = allowed(Action::HandleComplaint) && open;
    // Only an accepted complaint is extended, by the rule of the day it was accepted, and not
    // once its deadline has passed (the filer may take it further then).
    let may_extend = match (c.status, row.accepted_on, row.resolve_due) {
        (ComplaintStatus::Accepted, Some(accepted_on), Some(due)) if may_handle && today <= due => {
            let max = crate::domain::complaints::extensions_allowed(&book, c.kind, accepted_on)
                .map_err(|e| ServiceError::Unexpected(format!("no rule in force: {e:?}").into()))?;
            i64::from(row.extensions) < max
        }
        _ => false,
    };
    let filer = viewer == Viewer::Filer && (actor.is_none() || allowed(Action::FollowComplaint));
    let may_follow = filer && !denunciation && c.level == 1 && c.status != ComplaintStatus::Closed;
    let may_oversee = allowed(Action::OverseeComplaints);
    let inspections = if may_oversee {
        inspection::Entity::find()
            .filter(inspection::Column::AgencyId.eq(row.agency_id))
            .order_by_desc(inspection::Column::StartsOn)
            .all(&backend.db)
            .await?
            .into_iter()
            .map(|i| {
                (
                    i.id.to_string(),
                    format!("#{} · {} · {}", i.id, i.starts_on, i.scope),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(ComplaintView {
        id: row.id,
        kind: c.kind,
        category: stored("complaints.category", row.id, &row.category)?,
        agency_id: row.agency_id,
        agency_name: a.name,
        status: c.status,
        level: c.level,
        relation,
        filer_name: identity.then(|| row.filer_name.clone()),
        filer_email: identity.then(|| row.filer_email.clone()),
        filer_phone: identity
            .then(|| row.filer_phone.clone())
            .filter(|p| !p.is_empty()),
        worker_name: worker_known.then(|| row.worker_name.clone()),
        learned_on: row.learned_on,
        late_reason: row.late_reason,
        foreign_element: row.foreign_element,
        description: row.description,
        received_on: row.received_on,
        accept_due: row.accept_due,
        accepted_on: row.accepted_on,
        resolve_due: row.resolve_due,
        answered_on: row.answered_on,
        appeal_due: row.appeal_due,
        closed_on: row.closed_on,
        remote: row.remote,
        extensions: stored_number("complaints.extensions", row.id, row.extensions)?,
        overdue: c.overdue(today),
        appeal: c.appeal_until(&book, today),
        inspection_id: row.inspection_id,
        contact_shared: row.contact_shared,
        steps,
        files,
        may_handle,
        may_extend,
        may_follow,
        may_mark_remote: allowed(Action::MarkComplaintRemote)
            && !row.remote
            && !denunciation
            && !c.is_over(),
        may_oversee,
        inspections,
        today,
    })
}

/// A file filed with a complaint, for whoever may see the complaint's files.
pub async fn download(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<crate::backend::attachments::Download, ServiceError> {
    use crate::backend::attachments::Kind;
    actor.ok_or(ServiceError::Unauthenticated)?;
    let file = complaint_file::Entity::find_by_id(id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (row, f) = visible(backend, meta, actor, file.complaint_id).await?;
    if f.denunciation && !matches!(viewer_of(actor, &row), Viewer::Filer | Viewer::Team) {
        return Err(ServiceError::NotFound);
    }
    if viewer_of(actor, &row) == Viewer::Officer {
        return Err(ServiceError::NotFound);
    }
    if Kind::of(&file.bytes).map(Kind::content_type) != Some(file.content_type.as_str()) {
        return Err(ServiceError::Unexpected(
            format!("complaint file {id} does not match its stored type").into(),
        ));
    }
    Ok(crate::backend::attachments::Download {
        file_name: file.file_name,
        content_type: file.content_type,
        bytes: file.bytes,
    })
}

/// A step that finds the complaint already moved on.
pub(super) fn moved_on() -> ServiceError {
    ServiceError::Problem(FormProblem::StateChanged)
}
