//! Remediation: the agency answers a task with what it did and its evidence (a photo or PDF,
//! checked by its bytes and stripped of its location data by the attachment store's rules);
//! the team accepts the answer or returns it with the reason. Each answer and verdict moves the
//! task by a conditional update on the status it leaves.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::record::audited;
use super::{mail, visible};
use crate::backend::access::require;
use crate::backend::attachments::{checked_or_field_error, Download, Kind};
use crate::backend::audit::RequestMeta;
use crate::backend::entity::{remediation_file, remediation_task};
use crate::backend::secrets::sha256_hex;
use crate::backend::{Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target};
use crate::domain::forms::FormProblem;
use crate::domain::inspections::{InspectionStatus, TaskStatus};
use crate::views::inspections::{AnswerTaskInput, ReviewTaskInput};

async fn task(backend: &Backend, id: i32) -> Result<remediation_task::Model, ServiceError> {
    remediation_task::Entity::find_by_id(id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The agency's answer to a task it owes (open, or returned), with its evidence. Returns the
/// inspection's id.
pub async fn answer(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: AnswerTaskInput,
) -> Result<i32, ServiceError> {
    actor.ok_or(ServiceError::Unauthenticated)?;
    let t = task(backend, input.task_id).await?;
    let (row, status) = visible(&backend.db, backend, meta, actor, t.inspection_id).await?;
    require(
        backend,
        meta,
        actor,
        Action::AnswerRemediation,
        Target::Agency(row.agency_id),
        ("remediation_task", t.id.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    if status != InspectionStatus::Open {
        return Err(ServiceError::Problem(FormProblem::StateChanged));
    }
    let checked = match &input.evidence {
        Some(file) => Some(checked_or_field_error(file)?),
        None => None,
    };
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let updated = remediation_task::Entity::update_many()
        .col_expr(
            remediation_task::Column::Status,
            Expr::value(TaskStatus::Answered.as_str()),
        )
        .col_expr(
            remediation_task::Column::Answer,
            Expr::value(Some(input.answer.clone())),
        )
        .col_expr(
            remediation_task::Column::AnsweredBy,
            Expr::value(Some(actor.user_id)),
        )
        .col_expr(remediation_task::Column::AnsweredAt, Expr::value(Some(now)))
        .col_expr(remediation_task::Column::UpdatedAt, Expr::value(now))
        .filter(remediation_task::Column::Id.eq(t.id))
        .filter(
            remediation_task::Column::Status
                .is_in([TaskStatus::Open.as_str(), TaskStatus::Returned.as_str()]),
        )
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::StateChanged));
    }
    let mut file = None;
    if let Some(c) = checked {
        let size =
            i32::try_from(c.bytes.len()).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
        let f = remediation_file::ActiveModel {
            task_id: Set(t.id),
            file_name: Set(c.file_name.clone()),
            content_type: Set(c.kind.content_type().to_owned()),
            size: Set(size),
            sha256: Set(sha256_hex(&c.bytes)),
            bytes: Set(c.bytes),
            uploaded_by: Set(actor.user_id),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        file = Some(serde_json::json!({
            "id": f.id, "file_name": f.file_name, "content_type": f.content_type,
            "size": f.size, "sha256": f.sha256,
        }));
    }
    audited(
        &txn,
        backend,
        meta,
        actor,
        "inspection.task_answered",
        &row,
        serde_json::json!({ "task_id": t.id, "answer": input.answer, "file": file }),
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// The team's verdict on an answered task: accepted (done), or returned with the reason (the
/// agency answers again, and is told). Returns the inspection's id.
pub async fn review(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: ReviewTaskInput,
) -> Result<i32, ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::RecordInspections,
        Target::Nothing,
        ("remediation_task", input.task_id.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let t = task(backend, input.task_id).await?;
    let (row, status) = visible(&backend.db, backend, meta, Some(actor), t.inspection_id).await?;
    if status != InspectionStatus::Open {
        return Err(ServiceError::Problem(FormProblem::StateChanged));
    }
    let to = if input.accept {
        TaskStatus::Accepted
    } else {
        TaskStatus::Returned
    };
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let updated = remediation_task::Entity::update_many()
        .col_expr(remediation_task::Column::Status, Expr::value(to.as_str()))
        .col_expr(
            remediation_task::Column::ReviewNote,
            Expr::value(Some(input.note.clone()).filter(|n| !n.is_empty())),
        )
        .col_expr(
            remediation_task::Column::ReviewedBy,
            Expr::value(Some(actor.user_id)),
        )
        .col_expr(remediation_task::Column::ReviewedAt, Expr::value(Some(now)))
        .col_expr(remediation_task::Column::UpdatedAt, Expr::value(now))
        .filter(remediation_task::Column::Id.eq(t.id))
        .filter(remediation_task::Column::Status.eq(TaskStatus::Answered.as_str()))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::StateChanged));
    }
    audited(
        &txn,
        backend,
        meta,
        actor,
        if input.accept {
            "inspection.task_accepted"
        } else {
            "inspection.task_returned"
        },
        &row,
        serde_json::json!({ "task_id": t.id, "note": input.note }),
    )
    .await?;
    if !input.accept {
        let t = remediation_task::Model {
            review_note: Some(input.note.clone()),
            ..t
        };
        mail::tell_agency(&txn, backend, &row, mail::Told::Returned(&t), now).await?;
    }
    txn.commit().await?;
    Ok(row.id)
}

/// An evidence file, for whoever may see its inspection; anyone else is told it does not exist.
pub async fn download(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<Download, ServiceError> {
    actor.ok_or(ServiceError::Unauthenticated)?;
    let f = remediation_file::Entity::find_by_id(id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let t = task(backend, f.task_id).await?;
    visible(&backend.db, backend, meta, actor, t.inspection_id).await?;
    let kind = Kind::of(&f.bytes);
    if kind.map(Kind::content_type) != Some(f.content_type.as_str()) {
        return Err(ServiceError::Unexpected(
            format!("remediation file {id} does not match its stored type").into(),
        ));
    }
    Ok(Download {
        file_name: f.file_name,
        content_type: f.content_type,
        bytes: f.bytes,
    })
}
