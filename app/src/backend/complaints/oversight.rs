//! The steps others take on a complaint besides its handler and its filer: an officer marks
//! it as in a remote area; an inspector links it to an inspection or shares the filer's
//! contact with the agency. Each is a conditional update, in the history and the audit trail.

use crate::backend::decode::stored_number;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::steps::{audited, field, missing, moved, resolve_for, step_row};
use super::{clock, mail, moved_on, visible};
use crate::backend::access::require;
use crate::backend::audit::RequestMeta;
use crate::backend::entity::{complaint, inspection};
use crate::backend::{rules, Backend, ServiceError};
use crate::domain::access::{Action, Actor, ComplaintFacts, Target};
use crate::domain::complaints::{appeal_limit, deadline, Clock, ComplaintStatus, StepKind};
use crate::domain::forms::Problem;
use crate::views::complaints::{
    fields as f, LinkComplaintInput, RemoteComplaintInput, ShareContactInput,
};

/// An officer marks the complaint as in a remote area: the limits the law lengthens for it
/// (to resolve, to take it further) are counted again from their start.
pub async fn mark_remote(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: RemoteComplaintInput,
) -> Result<i32, ServiceError> {
    let (row, facts) = visible(backend, meta, actor, input.complaint_id).await?;
    require(
        backend,
        meta,
        actor,
        Action::MarkComplaintRemote,
        Target::Complaint(&facts),
        ("complaint", row.id.to_string()),
    )
    .await?;
    let c = clock(&row)?;
    if row.remote || facts.denunciation || c.is_over() {
        return Err(moved_on());
    }
    let book = rules::book(backend).await?;
    let remote = Clock { remote: true, ..c };
    let mut sets = vec![(complaint::Column::Remote, Expr::value(true))];
    if let (ComplaintStatus::Accepted, Some(from)) = (remote.status, row.accepted_on) {
        let due =
            deadline(&book, resolve_for(&remote, row.extensions > 0), from).map_err(missing)?;
        sets.push((complaint::Column::ResolveDue, Expr::value(Some(due))));
    }
    if let (ComplaintStatus::Answered | ComplaintStatus::Refused, Some(from), 1) =
        (remote.status, row.answered_on, remote.level)
    {
        let due = deadline(&book, appeal_limit(true), from).map_err(missing)?;
        sets.push((complaint::Column::AppealDue, Expr::value(Some(due))));
    }
    let today = backend.clock.today();
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let row = moved(&txn, &row, sets, now).await?;
    step_row(
        &txn,
        &row,
        remote.level,
        StepKind::MarkedRemote,
        String::new(),
        actor,
        today,
        now,
    )
    .await?;
    audited(
        &txn,
        backend,
        meta,
        actor,
        "complaint.marked_remote",
        &row,
        serde_json::json!({ "resolve_due": row.resolve_due, "appeal_due": row.appeal_due }),
    )
    .await?;
    mail::tell_filer(&txn, backend, &row, mail::Told::Remote, now).await?;
    txn.commit().await?;
    Ok(row.id)
}

async fn overseen(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<(complaint::Model, ComplaintFacts), ServiceError> {
    let (row, facts) = visible(backend, meta, actor, id).await?;
    require(
        backend,
        meta,
        actor,
        Action::OverseeComplaints,
        Target::Complaint(&facts),
        ("complaint", id.to_string()),
    )
    .await?;
    Ok((row, facts))
}

/// Links the complaint to an inspection of its agency.
pub async fn link(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: LinkComplaintInput,
) -> Result<i32, ServiceError> {
    let (row, _) = overseen(backend, meta, actor, input.complaint_id).await?;
    let i = inspection::Entity::find_by_id(input.inspection_id)
        .one(&backend.db)
        .await?
        .filter(|i| i.agency_id == row.agency_id)
        .ok_or_else(|| field(f::INSPECTION_ID, Problem::Choice))?;
    let today = backend.clock.today();
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let row = moved(
        &txn,
        &row,
        vec![(complaint::Column::InspectionId, Expr::value(Some(i.id)))],
        now,
    )
    .await?;
    step_row(
        &txn,
        &row,
        stored_number("complaints.level", row.id, row.level)?,
        StepKind::Linked,
        format!("#{}", i.id),
        actor,
        today,
        now,
    )
    .await?;
    audited(
        &txn,
        backend,
        meta,
        actor,
        "complaint.linked",
        &row,
        serde_json::json!({ "inspection_id": i.id }),
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Shares the filer's contact with the agency (a complaint's; a denouncer's never).
pub async fn share(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: ShareContactInput,
) -> Result<i32, ServiceError> {
    let (row, facts) = overseen(backend, meta, actor, input.complaint_id).await?;
    if facts.denunciation || row.contact_shared {
        return Err(moved_on());
    }
    let today = backend.clock.today();
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let done = complaint::Entity::update_many()
        .col_expr(complaint::Column::ContactShared, Expr::value(true))
        .col_expr(complaint::Column::UpdatedAt, Expr::value(now))
        .filter(complaint::Column::Id.eq(row.id))
        .filter(complaint::Column::ContactShared.eq(false))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(moved_on());
    }
    step_row(
        &txn,
        &row,
        stored_number("complaints.level", row.id, row.level)?,
        StepKind::ContactShared,
        String::new(),
        actor,
        today,
        now,
    )
    .await?;
    audited(
        &txn,
        backend,
        meta,
        actor,
        "complaint.contact_shared",
        &row,
        serde_json::json!({ "contact_shared": true }),
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}
