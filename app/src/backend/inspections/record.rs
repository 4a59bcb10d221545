//! The inspection team's records: the plan, the opening on the visit, each violation with the
//! fine range of the rules in force on the day of the act, the one sanction decision (its fine
//! within the violations' ranges, a suspension made through the licence decisions), the
//! remediation tasks, and the closing. Each step moves the inspection by a conditional update
//! on the status it leaves, and is audited.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};

use super::{mail, visible};
use crate::backend::access::require;
use crate::backend::audit::{self, Entry, RequestMeta};
use crate::backend::entity::{
    agency, inspection, inspection_sanction, inspection_violation, remediation_task,
};
use crate::backend::{licences, rules, Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target};
use crate::domain::forms::{FieldErrors, FormProblem, Problem};
use crate::domain::inspections::{
    fine_range, total_range, ExtraSanction, FineRange, InspectionStatus, TaskStatus,
};
use crate::domain::licences::RevocationGround;
use crate::domain::lifecycle::{Refusal, StepError};
use crate::views::inspections::{
    fields as f, CloseInspectionInput, OpenInspectionInput, PlanInspectionInput, SanctionInput,
    TaskInput, ViolationInput,
};
use crate::views::licences::{RevokeLicenceInput, SuspendLicenceInput};

fn field(name: &str, p: Problem) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(name, p);
    ServiceError::Invalid(e)
}

fn unique_violation(e: &DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

async fn team(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    record: String,
) -> Result<(), ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::RecordInspections,
        Target::Nothing,
        ("inspection", record),
    )
    .await
}

pub(super) async fn audited<C: ConnectionTrait>(
    txn: &C,
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    action: &'static str,
    row: &inspection::Model,
    after: serde_json::Value,
) -> Result<(), ServiceError> {
    audit::append(
        txn,
        &backend.keys,
        backend.clock.now(),
        meta,
        Entry::new(action)
            .by(Some(actor))
            .record("inspection", row.id)
            .agency(Some(row.agency_id))
            .after(after),
    )
    .await?;
    Ok(())
}

/// Moves the inspection from `from` to `to` (setting `extra` columns), once.
async fn step(
    txn: &DatabaseTransaction,
    row: &inspection::Model,
    from: InspectionStatus,
    to: InspectionStatus,
    day: (inspection::Column, chrono::NaiveDate),
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    let updated = inspection::Entity::update_many()
        .col_expr(inspection::Column::Status, Expr::value(to.as_str()))
        .col_expr(day.0, Expr::value(Some(day.1)))
        .col_expr(inspection::Column::UpdatedAt, Expr::value(now))
        .filter(inspection::Column::Id.eq(row.id))
        .filter(inspection::Column::Status.eq(from.as_str()))
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::StateChanged));
    }
    Ok(())
}

/// The inspection, in the team's hands, while it is open.
async fn open_one(
    txn: &DatabaseTransaction,
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<inspection::Model, ServiceError> {
    let (row, status) = visible(txn, backend, meta, actor, id).await?;
    if status != InspectionStatus::Open {
        return Err(ServiceError::Problem(FormProblem::StateChanged));
    }
    Ok(row)
}

/// A planned inspection: the agency, scope, team and dates, and why it was chosen. Returns
/// its id. The agency is not told.
pub async fn plan(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: PlanInspectionInput,
) -> Result<i32, ServiceError> {
    team(backend, meta, actor, "new".into()).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    if agency::Entity::find_by_id(input.agency_id)
        .one(&backend.db)
        .await?
        .is_none()
    {
        return Err(field(f::AGENCY_ID, Problem::Choice));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let row = inspection::ActiveModel {
        agency_id: Set(input.agency_id),
        status: Set(InspectionStatus::Planned.as_str().to_owned()),
        scope: Set(input.scope.clone()),
        team: Set(input.team.clone()),
        starts_on: Set(input.starts_on),
        ends_on: Set(input.ends_on),
        basis: Set(input.basis.clone()),
        planned_by: Set(actor.user_id),
        planned_at: Set(now),
        opened_on: Set(None),
        closed_on: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audited(
        &txn,
        backend,
        meta,
        actor,
        "inspection.planned",
        &row,
        serde_json::json!({
            "agency_id": row.agency_id, "scope": row.scope, "team": row.team,
            "starts_on": row.starts_on, "ends_on": row.ends_on, "basis": row.basis,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Opens a planned inspection on the visit: from now the agency sees it, and is told.
pub async fn open(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: OpenInspectionInput,
) -> Result<(), ServiceError> {
    team(backend, meta, actor, input.inspection_id.to_string()).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let today = backend.clock.today();
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let (row, _) = visible(&txn, backend, meta, Some(actor), input.inspection_id).await?;
    step(
        &txn,
        &row,
        InspectionStatus::Planned,
        InspectionStatus::Open,
        (inspection::Column::OpenedOn, today),
        now,
    )
    .await?;
    audited(
        &txn,
        backend,
        meta,
        actor,
        "inspection.opened",
        &row,
        serde_json::json!({ "opened_on": today }),
    )
    .await?;
    mail::tell_agency(&txn, backend, &row, mail::Told::Opened, now).await?;
    txn.commit().await?;
    Ok(())
}

/// A violation found, with its legal clause, witnesses, the workers concerned, and the fine
/// range of the rules in force on the day of the act, kept with it.
pub async fn violation(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: ViolationInput,
) -> Result<(), ServiceError> {
    team(backend, meta, actor, input.inspection_id.to_string()).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let today = backend.clock.today();
    if input.committed_on > today {
        return Err(field(f::COMMITTED_ON, Problem::Future));
    }
    let book = rules::book(backend).await?;
    let range = fine_range(&book, input.code, input.workers, input.committed_on).map_err(|m| {
        ServiceError::Refused(StepError {
            fields: FieldErrors::default(),
            refusals: vec![Refusal::from(m)],
        })
    })?;
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let row = open_one(&txn, backend, meta, Some(actor), input.inspection_id).await?;
    let sanctioned = inspection_sanction::Entity::find()
        .filter(inspection_sanction::Column::InspectionId.eq(row.id))
        .count(&txn)
        .await?
        > 0;
    if sanctioned {
        // The decision fined what was recorded before it.
        return Err(ServiceError::Problem(FormProblem::AlreadyDecided));
    }
    let v = inspection_violation::ActiveModel {
        inspection_id: Set(row.id),
        code: Set(input.code.as_str().to_owned()),
        act: Set(input.act.clone()),
        clause: Set(input.clause.clone()),
        witnesses: Set(input.witnesses.clone()),
        workers: Set(i32::try_from(input.workers).unwrap_or(i32::MAX)),
        committed_on: Set(input.committed_on),
        fine_min_vnd: Set(range.min_vnd),
        fine_max_vnd: Set(range.max_vnd),
        recorded_by: Set(actor.user_id),
        recorded_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audited(
        &txn,
        backend,
        meta,
        actor,
        "inspection.violation_recorded",
        &row,
        serde_json::json!({
            "violation_id": v.id, "code": v.code, "act": v.act, "clause": v.clause,
            "witnesses": v.witnesses, "workers": v.workers, "committed_on": v.committed_on,
            "fine_min_vnd": v.fine_min_vnd, "fine_max_vnd": v.fine_max_vnd,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The sanction decision, once per inspection: its fine within the recorded violations'
/// ranges added up (refused outside, next to the fine), and, where it adds one, a suspension in
/// one market made as a licence decision in force from its date, through the same use case as
/// DOLAB's (bounds, overlaps, the registry, the guards, the agency's email).
pub async fn sanction(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: SanctionInput,
) -> Result<(), ServiceError> {
    team(backend, meta, actor, input.inspection_id.to_string()).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    if input.decision.decided_on > backend.clock.today() {
        return Err(field(f::DECIDED_ON, Problem::Future));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let row = open_one(&txn, backend, meta, Some(actor), input.inspection_id).await?;
    let violations = inspection_violation::Entity::find()
        .filter(inspection_violation::Column::InspectionId.eq(row.id))
        .all(&txn)
        .await?;
    if violations.is_empty() {
        return Err(field(f::FINE_VND, Problem::NoViolation));
    }
    let range = total_range(
        &violations
            .iter()
            .map(|v| FineRange {
                min_vnd: v.fine_min_vnd,
                max_vnd: v.fine_max_vnd,
            })
            .collect::<Vec<_>>(),
    );
    if !range.contains(input.fine_vnd) {
        return Err(field(
            f::FINE_VND,
            Problem::FineOutside {
                min: range.min_vnd,
                max: range.max_vnd,
            },
        ));
    }
    let clauses: Vec<&str> = violations.iter().map(|v| v.clause.as_str()).collect();
    let event = match (&input.extra, &input.suspension) {
        (ExtraSanction::Suspension, Some((market, from, months))) => {
            let acts: Vec<&str> = violations.iter().map(|v| v.act.as_str()).collect();
            let suspension = SuspendLicenceInput {
                agency_id: row.agency_id,
                decision: input.decision.clone(),
                market_code: market.clone(),
                starts_on: *from,
                months: *months,
                clause: clauses.join("; ").chars().take(200).collect(),
                reason: acts.join("; ").chars().take(500).collect(),
            };
            Some(
                licences::suspend_in(&txn, backend, meta, actor, &suspension)
                    .await?
                    .0,
            )
        }
        (ExtraSanction::Revocation, _) => {
            let effective_on = input
                .revoked_on
                .ok_or_else(|| field(f::EFFECTIVE_ON, Problem::Required))?;
            let acts: Vec<&str> = violations.iter().map(|v| v.act.as_str()).collect();
            let revocation = RevokeLicenceInput {
                agency_id: row.agency_id,
                decision: input.decision.clone(),
                effective_on,
                ground: RevocationGround::Sanctioned,
                clause: clauses.join("; ").chars().take(200).collect(),
                note: acts.join("; ").chars().take(500).collect(),
            };
            Some(licences::revoke_in(&txn, backend, meta, actor, &revocation).await?)
        }
        (ExtraSanction::Suspension, None) => {
            return Err(field(f::EFFECTIVE_ON, Problem::Required));
        }
        (ExtraSanction::None, _) => None,
    };
    let s = inspection_sanction::ActiveModel {
        inspection_id: Set(row.id),
        decision_no: Set(input.decision.number.clone()),
        decided_on: Set(input.decision.decided_on),
        signer: Set(input.decision.signer.clone()),
        fine_vnd: Set(input.fine_vnd),
        fine_min_vnd: Set(range.min_vnd),
        fine_max_vnd: Set(range.max_vnd),
        extra: Set(input.extra.as_str().to_owned()),
        licence_event_id: Set(event.as_ref().map(|e| e.id)),
        recorded_by: Set(actor.user_id),
        recorded_at: Set(now),
        ..Default::default()
    };
    let s = match s.insert(&txn).await {
        Ok(s) => s,
        Err(e) if unique_violation(&e) => {
            let taken = inspection_sanction::Entity::find()
                .filter(inspection_sanction::Column::InspectionId.eq(row.id))
                .count(&txn)
                .await
                .unwrap_or(0)
                > 0;
            return Err(if taken {
                ServiceError::Problem(FormProblem::AlreadyDecided)
            } else {
                field(f::DECISION_NO, Problem::Duplicate)
            });
        }
        Err(e) => return Err(e.into()),
    };
    audited(
        &txn,
        backend,
        meta,
        actor,
        "inspection.sanctioned",
        &row,
        serde_json::json!({
            "sanction_id": s.id, "decision_no": s.decision_no, "decided_on": s.decided_on,
            "signer": s.signer, "fine_vnd": s.fine_vnd, "fine_min_vnd": s.fine_min_vnd,
            "fine_max_vnd": s.fine_max_vnd, "extra": s.extra,
            "licence_event_id": s.licence_event_id,
        }),
    )
    .await?;
    mail::tell_agency(&txn, backend, &row, mail::Told::Sanctioned(&s), now).await?;
    txn.commit().await?;
    Ok(())
}

/// A remediation task with its deadline, for the agency to answer.
pub async fn add_task(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: TaskInput,
) -> Result<(), ServiceError> {
    team(backend, meta, actor, input.inspection_id.to_string()).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    if input.due_on < backend.clock.today() {
        return Err(field(f::DUE_ON, Problem::Past));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let row = open_one(&txn, backend, meta, Some(actor), input.inspection_id).await?;
    let t = remediation_task::ActiveModel {
        inspection_id: Set(row.id),
        description: Set(input.description.clone()),
        due_on: Set(input.due_on),
        status: Set(TaskStatus::Open.as_str().to_owned()),
        created_by: Set(actor.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audited(
        &txn,
        backend,
        meta,
        actor,
        "inspection.task_added",
        &row,
        serde_json::json!({ "task_id": t.id, "description": t.description, "due_on": t.due_on }),
    )
    .await?;
    mail::tell_agency(&txn, backend, &row, mail::Told::Task(&t), now).await?;
    txn.commit().await?;
    Ok(())
}

/// Closes an open inspection once every remediation task is accepted.
pub async fn close(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: CloseInspectionInput,
) -> Result<(), ServiceError> {
    team(backend, meta, actor, input.inspection_id.to_string()).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let today = backend.clock.today();
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let row = open_one(&txn, backend, meta, Some(actor), input.inspection_id).await?;
    let outstanding = remediation_task::Entity::find()
        .filter(remediation_task::Column::InspectionId.eq(row.id))
        .filter(remediation_task::Column::Status.ne(TaskStatus::Accepted.as_str()))
        .count(&txn)
        .await?;
    if outstanding > 0 {
        return Err(field(
            f::INSPECTION_ID,
            Problem::TasksOutstanding {
                count: u32::try_from(outstanding).unwrap_or(u32::MAX),
            },
        ));
    }
    step(
        &txn,
        &row,
        InspectionStatus::Open,
        InspectionStatus::Closed,
        (inspection::Column::ClosedOn, today),
        now,
    )
    .await?;
    audited(
        &txn,
        backend,
        meta,
        actor,
        "inspection.closed",
        &row,
        serde_json::json!({ "closed_on": today }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
