//! Inspections of agencies: the lists and one inspection as each may see it (here), the team's
//! records (`record`), the remediation the agency answers (`remediation`) and the emails
//! (`mail`). A planned inspection is the team's only: to the agency it does not exist until the
//! team opens it on the visit, so the visit can be unannounced.

mod mail;
mod record;
mod remediation;

pub use record::{add_task, close, open, plan, sanction, violation};
pub use remediation::{answer, download, review};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::access::require;
use super::audit::RequestMeta;
use super::decode::stored;
use super::entity::{
    agency, complaint, inspection, inspection_sanction, inspection_violation, licence_event,
    remediation_file, remediation_task,
};
use super::{rules, Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, Decision, Target};
use crate::domain::complaints::filing_due;
use crate::domain::inspections::{
    fine_range, overdue, total_range, ExtraSanction, FineRange, InspectionStatus, TaskStatus,
    ViolationCode,
};
use crate::domain::licences::suspension_bounds;
use crate::views::inspections::{
    FineHint, InspectionDeskView, InspectionLineView, InspectionView, SanctionView, TaskView,
    ViolationView,
};

fn is_team(actor: Option<&Actor>) -> bool {
    decide(actor, Action::RecordInspections, Target::Nothing) == Decision::Allow
}

/// The inspection, if this actor may see it: the team sees every one, the agency's staff their
/// own once opened; to anyone else it does not exist.
pub(super) async fn visible<C: sea_orm::ConnectionTrait>(
    db: &C,
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<(inspection::Model, InspectionStatus), ServiceError> {
    actor.ok_or(ServiceError::Unauthenticated)?;
    let row = inspection::Entity::find_by_id(id).one(db).await?;
    let agency_id = row.as_ref().map_or(0, |r| r.agency_id);
    require(
        backend,
        meta,
        actor,
        Action::ViewInspections,
        Target::Agency(agency_id),
        ("inspection", id.to_string()),
    )
    .await
    .map_err(ServiceError::hidden)?;
    let row = row.ok_or(ServiceError::NotFound)?;
    let status: InspectionStatus = stored("inspections.status", row.id, &row.status)?;
    if status == InspectionStatus::Planned && !is_team(actor) {
        return Err(ServiceError::NotFound);
    }
    Ok((row, status))
}

/// Tasks the agency still owes, and those of them past their deadline, per inspection.
fn owed(
    tasks: &[remediation_task::Model],
    today: chrono::NaiveDate,
) -> Result<(u32, u32), ServiceError> {
    let mut n = (0u32, 0u32);
    for t in tasks {
        let s: TaskStatus = stored("remediation_tasks.status", t.id, &t.status)?;
        if s.awaits_agency() {
            n.0 += 1;
        }
        if overdue(s, t.due_on, today) {
            n.1 += 1;
        }
    }
    Ok(n)
}

/// The inspections page: every inspection for the team with the agencies to plan for; an
/// agency's own opened ones for its staff.
pub async fn desk(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
) -> Result<InspectionDeskView, ServiceError> {
    let a = actor.ok_or(ServiceError::Unauthenticated)?;
    let team = is_team(actor);
    let target = if team {
        Target::Nothing
    } else {
        Target::Agency(a.agency_id.unwrap_or(0))
    };
    require(
        backend,
        meta,
        actor,
        Action::ViewInspections,
        target,
        ("inspections", String::new()),
    )
    .await?;
    let mut q = inspection::Entity::find();
    if !team {
        q = q
            .filter(inspection::Column::AgencyId.eq(a.agency_id.unwrap_or(0)))
            .filter(inspection::Column::Status.ne(InspectionStatus::Planned.as_str()));
    }
    let rows = q
        .order_by_desc(inspection::Column::StartsOn)
        .order_by_desc(inspection::Column::Id)
        .limit(200)
        .all(&backend.db)
        .await?;
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
    let tasks = remediation_task::Entity::find()
        .filter(remediation_task::Column::InspectionId.is_in(rows.iter().map(|r| r.id)))
        .all(&backend.db)
        .await?;
    let today = backend.clock.today();
    let mut inspections = Vec::with_capacity(rows.len());
    for r in rows {
        let mine: Vec<_> = tasks
            .iter()
            .filter(|t| t.inspection_id == r.id)
            .cloned()
            .collect();
        let (owed_tasks, overdue_tasks) = owed(&mine, today)?;
        inspections.push(InspectionLineView {
            id: r.id,
            agency_id: r.agency_id,
            agency_name: names
                .iter()
                .find(|(id, _, _)| *id == r.agency_id)
                .map(|(_, n, _)| n.clone())
                .unwrap_or_default(),
            status: stored("inspections.status", r.id, &r.status)?,
            scope: r.scope,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            owed_tasks,
            overdue_tasks,
        });
    }
    let agencies = if team {
        names
            .into_iter()
            .map(|(id, name, licence)| (id.to_string(), format!("{name} · {licence}")))
            .collect()
    } else {
        Vec::new()
    };
    Ok(InspectionDeskView {
        inspections,
        agencies,
        may_record: team,
        today,
    })
}

/// One inspection as this actor may see it.
pub async fn inspection(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<InspectionView, ServiceError> {
    let (row, status) = visible(&backend.db, backend, meta, actor, id).await?;
    let team = is_team(actor);
    let today = backend.clock.today();
    let a = agency::Entity::find_by_id(row.agency_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let violations = inspection_violation::Entity::find()
        .filter(inspection_violation::Column::InspectionId.eq(id))
        .order_by_asc(inspection_violation::Column::Id)
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|v| {
            Ok(ViolationView {
                id: v.id,
                code: stored("inspection_violations.code", v.id, &v.code)?,
                act: v.act,
                clause: v.clause,
                witnesses: v.witnesses,
                workers: u32::try_from(v.workers).unwrap_or(0),
                committed_on: v.committed_on,
                fine: FineRange {
                    min_vnd: v.fine_min_vnd,
                    max_vnd: v.fine_max_vnd,
                },
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    let total = total_range(&violations.iter().map(|v| v.fine).collect::<Vec<_>>());
    let sanction = match inspection_sanction::Entity::find()
        .filter(inspection_sanction::Column::InspectionId.eq(id))
        .one(&backend.db)
        .await?
    {
        Some(s) => {
            let extra = stored::<ExtraSanction>("inspection_sanctions.extra", s.id, &s.extra)?;
            let event = match s.licence_event_id {
                Some(e) => Some(
                    licence_event::Entity::find_by_id(e)
                        .one(&backend.db)
                        .await?
                        .ok_or(ServiceError::NotFound)?,
                ),
                None => None,
            };
            let (suspension, revoked_on) = match (extra, event) {
                (ExtraSanction::Suspension, Some(e)) => match (e.market_code, e.until) {
                    (Some(m), Some(until)) => (Some((m, e.happened_on, until)), None),
                    _ => {
                        return Err(ServiceError::Unexpected(
                            format!("licence event {} is a suspension without a market", e.id)
                                .into(),
                        ))
                    }
                },
                (ExtraSanction::Revocation, Some(e)) => (None, Some(e.happened_on)),
                _ => (None, None),
            };
            let complaint_id = complaint::Entity::find()
                .select_only()
                .column(complaint::Column::Id)
                .filter(complaint::Column::SanctionId.eq(s.id))
                .into_tuple::<i32>()
                .one(&backend.db)
                .await?;
            let may_complain = complaint_id.is_none()
                && decide(actor, Action::FileComplaint, Target::Agency(row.agency_id))
                    == Decision::Allow;
            let complain_by = match may_complain {
                true => Some(filing_due(&*rules::book(backend).await?, s.decided_on)?),
                false => None,
            };
            Some(SanctionView {
                id: s.id,
                complaint_id,
                may_complain,
                complain_by,
                decision_no: s.decision_no,
                decided_on: s.decided_on,
                signer: s.signer,
                fine_vnd: s.fine_vnd,
                fine: FineRange {
                    min_vnd: s.fine_min_vnd,
                    max_vnd: s.fine_max_vnd,
                },
                extra,
                suspension,
                revoked_on,
            })
        }
        None => None,
    };
    let task_rows = remediation_task::Entity::find()
        .filter(remediation_task::Column::InspectionId.eq(id))
        .order_by_asc(remediation_task::Column::DueOn)
        .order_by_asc(remediation_task::Column::Id)
        .all(&backend.db)
        .await?;
    let files: Vec<(i32, i32, String)> = remediation_file::Entity::find()
        .select_only()
        .columns([
            remediation_file::Column::Id,
            remediation_file::Column::TaskId,
            remediation_file::Column::FileName,
        ])
        .filter(remediation_file::Column::TaskId.is_in(task_rows.iter().map(|t| t.id)))
        .order_by_asc(remediation_file::Column::Id)
        .into_tuple()
        .all(&backend.db)
        .await?;
    let tasks = task_rows
        .into_iter()
        .map(|t| {
            let status: TaskStatus = stored("remediation_tasks.status", t.id, &t.status)?;
            Ok(TaskView {
                id: t.id,
                overdue: overdue(status, t.due_on, today),
                status,
                description: t.description,
                due_on: t.due_on,
                answer: t.answer,
                answered_on: t.answered_at.map(super::clock::day_in_vietnam),
                review_note: t.review_note,
                files: files
                    .iter()
                    .filter(|(_, task, _)| *task == t.id)
                    .map(|(id, _, name)| (*id, name.clone()))
                    .collect(),
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    let book = rules::book(backend).await?;
    let hints = if team {
        ViolationCode::ALL
            .iter()
            .filter_map(|c| {
                let fine = fine_range(&book, *c, 1, today).ok()?;
                Some(FineHint {
                    code: *c,
                    fine,
                    per_worker: c.per_worker(),
                    source: book
                        .source_of(
                            crate::domain::rules::RuleKey::PenaltyFineMinVnd,
                            c.as_str(),
                            today,
                        )
                        .unwrap_or_default()
                        .to_owned(),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let may_answer = decide(
        actor,
        Action::AnswerRemediation,
        Target::Agency(row.agency_id),
    ) == Decision::Allow
        && status == InspectionStatus::Open;
    Ok(InspectionView {
        id: row.id,
        agency_id: row.agency_id,
        agency_name: a.name,
        licence_number: a.licence_number,
        status,
        scope: row.scope,
        team: row.team,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        basis: team.then_some(row.basis),
        opened_on: row.opened_on,
        closed_on: row.closed_on,
        violations,
        fine_range: total,
        sanction,
        tasks,
        may_record: team,
        may_answer,
        markets: backend.reference.get(&backend.db).await?.markets.clone(),
        hints,
        suspension_months: suspension_bounds(&book, today).ok(),
        today,
    })
}
