//! The steps of a complaint after filing. The handler of its level (the agency at the first,
//! the inspectors at the second and for denunciations) accepts or refuses it, extends the time
//! for a complex case with the reason, and answers; the filer takes a first answer, a refusal
//! or a missed deadline to the second level, or accepts the answer; an officer marks it as in
//! a remote area; an inspector links it to an inspection or shares the filer's contact with
//! the agency. Each step is a conditional update on the exact state it was read in (status,
//! level, extensions, remoteness), so a decision is taken once; each is in the complaint's
//! history, the audit trail and, where it concerns them, the filer's and agency's email.

use crate::backend::decode::stored_number;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::{by_code, clock, mail, moved_on, visible};
use crate::backend::access::require;
use crate::backend::audit::{self, Entry, RequestMeta};
use crate::backend::entity::{complaint, complaint_step};
use crate::backend::{rules, Backend, ServiceError};
use crate::domain::access::{Action, Actor, ComplaintFacts, Target};
use crate::domain::complaints::{
    appeal_limit, deadline, denunciation_due, extensions_allowed, resolve_limit, Clock,
    ComplaintKind, ComplaintStatus, Limit, NoAppeal, StepKind,
};
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::rules::MissingRule;
use crate::views::complaints::{
    fields as f, AnswerComplaintInput, CloseComplaintInput, DecideComplaintInput,
    EscalateComplaintInput, ExtendComplaintInput,
};

pub(super) fn field(name: &str, p: Problem) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(name, p);
    ServiceError::Invalid(e)
}

pub(super) fn missing(e: MissingRule) -> ServiceError {
    // Refused, naming the rule, like every other rule missing on the day it is needed.
    ServiceError::from(e)
}

/// One line of a complaint's history.
#[allow(clippy::too_many_arguments)]
pub(super) async fn step_row<C: ConnectionTrait>(
    txn: &C,
    row: &complaint::Model,
    level: u8,
    kind: StepKind,
    note: String,
    actor: Option<&Actor>,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    complaint_step::ActiveModel {
        complaint_id: Set(row.id),
        level: Set(i16::from(level)),
        step: Set(kind.as_str().to_owned()),
        note: Set(note),
        by_user_id: Set(actor.map(|a| a.user_id)),
        by_role: Set(actor.map_or("filer", |a| a.role.as_str()).to_owned()),
        happened_on: Set(day),
        at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Moves the complaint from the exact state it was read in; none moved means someone else
/// moved it first.
pub(super) async fn moved<C: ConnectionTrait>(
    txn: &C,
    row: &complaint::Model,
    sets: Vec<(complaint::Column, SimpleExpr)>,
    now: DateTime<Utc>,
) -> Result<complaint::Model, ServiceError> {
    let mut q = complaint::Entity::update_many();
    for (c, v) in sets {
        q = q.col_expr(c, v);
    }
    let done = q
        .col_expr(complaint::Column::UpdatedAt, Expr::value(now))
        .filter(complaint::Column::Id.eq(row.id))
        .filter(complaint::Column::Status.eq(row.status.clone()))
        .filter(complaint::Column::Level.eq(row.level))
        .filter(complaint::Column::Extensions.eq(row.extensions))
        .filter(complaint::Column::Remote.eq(row.remote))
        .exec(txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(moved_on());
    }
    complaint::Entity::find_by_id(row.id)
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub(super) async fn audited<C: ConnectionTrait>(
    txn: &C,
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    action: &'static str,
    row: &complaint::Model,
    after: serde_json::Value,
) -> Result<(), ServiceError> {
    audit::append(
        txn,
        &backend.keys,
        backend.clock.now(),
        meta,
        Entry::new(action)
            .by(actor)
            .record("complaint", row.id)
            .agency(Some(row.agency_id))
            .after(after),
    )
    .await?;
    Ok(())
}

/// The complaint, for its handler at its current level.
async fn handled(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<(complaint::Model, ComplaintFacts, Clock), ServiceError> {
    let (row, facts) = visible(backend, meta, actor, id).await?;
    require(
        backend,
        meta,
        actor,
        Action::HandleComplaint,
        Target::Complaint(&facts),
        ("complaint", id.to_string()),
    )
    .await?;
    let c = clock(&row)?;
    Ok((row, facts, c))
}

pub(super) fn resolve_for(c: &Clock, complex: bool) -> Limit {
    match c.kind {
        ComplaintKind::Complaint => resolve_limit(c.level, c.remote, complex),
        ComplaintKind::Denunciation => Limit::DenounceResolve,
    }
}

/// Accept (take up) or refuse, at the handler's level. Refused at the first level, the filer
/// may take it further; at the second, or a denunciation, it ends there.
pub async fn decide(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: DecideComplaintInput,
) -> Result<i32, ServiceError> {
    let (row, _, c) = handled(backend, meta, actor, input.complaint_id).await?;
    if c.status != ComplaintStatus::Received {
        return Err(moved_on());
    }
    let today = backend.clock.today();
    let now = backend.clock.now();
    let book = rules::book(backend).await?;
    let txn = backend.begin_write().await?;
    let (row, told, kind) = if input.accept {
        let due = deadline(&book, resolve_for(&c, false), today).map_err(missing)?;
        let row = moved(
            &txn,
            &row,
            vec![
                (
                    complaint::Column::Status,
                    Expr::value(ComplaintStatus::Accepted.as_str()),
                ),
                (complaint::Column::AcceptedOn, Expr::value(Some(today))),
                (complaint::Column::ResolveDue, Expr::value(Some(due))),
            ],
            now,
        )
        .await?;
        (row, mail::Told::Accepted, StepKind::Accepted)
    } else {
        let further = c.kind == ComplaintKind::Complaint && c.level == 1;
        let appeal = if further {
            Some(deadline(&book, appeal_limit(c.remote), today).map_err(missing)?)
        } else {
            None
        };
        let row = moved(
            &txn,
            &row,
            vec![
                (
                    complaint::Column::Status,
                    Expr::value(ComplaintStatus::Refused.as_str()),
                ),
                (complaint::Column::AnsweredOn, Expr::value(Some(today))),
                (complaint::Column::AppealDue, Expr::value(appeal)),
                (
                    complaint::Column::ClosedOn,
                    Expr::value((!further).then_some(today)),
                ),
            ],
            now,
        )
        .await?;
        (row, mail::Told::Refused(&input.reason), StepKind::Refused)
    };
    step_row(
        &txn,
        &row,
        c.level,
        kind,
        input.reason.clone(),
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
        if input.accept {
            "complaint.accepted"
        } else {
            "complaint.refused"
        },
        &row,
        serde_json::json!({
            "level": c.level, "reason": input.reason, "resolve_due": row.resolve_due,
            "appeal_due": row.appeal_due,
        }),
    )
    .await?;
    mail::tell_filer(&txn, backend, &row, told, now).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Extends the time to resolve a complex case, with its reason: a complaint once, to its
/// level's complex limit; a denunciation by the extension limit, as many times as the rules
/// allow.
pub async fn extend(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: ExtendComplaintInput,
) -> Result<i32, ServiceError> {
    let (row, _, c) = handled(backend, meta, actor, input.complaint_id).await?;
    if c.status != ComplaintStatus::Accepted {
        return Err(moved_on());
    }
    let accepted_on = row.accepted_on.ok_or_else(|| {
        ServiceError::Unexpected(format!("complaint {} accepted without a date", row.id).into())
    })?;
    let resolve_due = row.resolve_due.ok_or_else(|| {
        ServiceError::Unexpected(format!("complaint {} accepted without a deadline", row.id).into())
    })?;
    let today = backend.clock.today();
    // Once the deadline has passed the filer may take it further: an extension then would
    // take that right away.
    if today > resolve_due {
        return Err(field(
            f::REASON,
            Problem::ExtensionTooLate { due: resolve_due },
        ));
    }
    let book = rules::book(backend).await?;
    let max = extensions_allowed(&book, c.kind, accepted_on).map_err(missing)?;
    if i64::from(row.extensions) >= max {
        return Err(field(f::REASON, Problem::NoMoreExtensions));
    }
    let due = match c.kind {
        ComplaintKind::Complaint => {
            deadline(&book, resolve_for(&c, true), accepted_on).map_err(missing)?
        }
        ComplaintKind::Denunciation => {
            let done: u32 = stored_number("complaints.extensions", row.id, row.extensions)?;
            denunciation_due(&book, accepted_on, done + 1).map_err(missing)?
        }
    };
    // A complaint's extension is the complex case's limit from its acceptance: once reached,
    // another extension would move nothing.
    if due <= resolve_due {
        return Err(field(f::REASON, Problem::NoMoreExtensions));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let row = moved(
        &txn,
        &row,
        vec![
            (complaint::Column::ResolveDue, Expr::value(Some(due))),
            (
                complaint::Column::Extensions,
                Expr::value(row.extensions + 1),
            ),
        ],
        now,
    )
    .await?;
    step_row(
        &txn,
        &row,
        c.level,
        StepKind::Extended,
        input.reason.clone(),
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
        "complaint.extended",
        &row,
        serde_json::json!({ "level": c.level, "reason": input.reason, "resolve_due": due }),
    )
    .await?;
    mail::tell_filer(
        &txn,
        backend,
        &row,
        mail::Told::Extended(&input.reason),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// The answer of the handler's level: at the first, the agency's answer, after which the
/// filer has the appeal limit to take it further; at the second (or a denunciation), the
/// decision that closes it.
pub async fn answer(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: AnswerComplaintInput,
) -> Result<i32, ServiceError> {
    let (row, _, c) = handled(backend, meta, actor, input.complaint_id).await?;
    if c.status != ComplaintStatus::Accepted {
        return Err(moved_on());
    }
    let today = backend.clock.today();
    let now = backend.clock.now();
    let first = c.kind == ComplaintKind::Complaint && c.level == 1;
    let book = rules::book(backend).await?;
    let sets = if first {
        let appeal = deadline(&book, appeal_limit(c.remote), today).map_err(missing)?;
        vec![
            (
                complaint::Column::Status,
                Expr::value(ComplaintStatus::Answered.as_str()),
            ),
            (complaint::Column::AnsweredOn, Expr::value(Some(today))),
            (complaint::Column::AppealDue, Expr::value(Some(appeal))),
        ]
    } else {
        vec![
            (
                complaint::Column::Status,
                Expr::value(ComplaintStatus::Closed.as_str()),
            ),
            (complaint::Column::AnsweredOn, Expr::value(Some(today))),
            (complaint::Column::ClosedOn, Expr::value(Some(today))),
        ]
    };
    let txn = backend.begin_write().await?;
    let row = moved(&txn, &row, sets, now).await?;
    step_row(
        &txn,
        &row,
        c.level,
        StepKind::Answered,
        input.answer.clone(),
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
        "complaint.answered",
        &row,
        serde_json::json!({ "level": c.level, "answer": input.answer, "appeal_due": row.appeal_due }),
    )
    .await?;
    mail::tell_filer(
        &txn,
        backend,
        &row,
        mail::Told::Answered(&input.answer),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// The complaint, for the one who filed it: their account, or the holder of its code.
async fn as_filer(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
    code: Option<&str>,
) -> Result<complaint::Model, ServiceError> {
    match (actor, code) {
        (_, Some(code)) => {
            let row = by_code(backend, code).await?;
            if row.id != id {
                return Err(ServiceError::NotFound);
            }
            Ok(row)
        }
        (Some(_), None) => {
            let (row, facts) = visible(backend, meta, actor, id).await?;
            require(
                backend,
                meta,
                actor,
                Action::FollowComplaint,
                Target::Complaint(&facts),
                ("complaint", id.to_string()),
            )
            .await?;
            Ok(row)
        }
        (None, None) => Err(ServiceError::Unauthenticated),
    }
}

/// The filer takes the complaint to the second level: after the first answer or a refusal
/// within the appeal limit, or once the agency let its deadline pass. The second level's clock
/// to accept starts today.
pub async fn escalate(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: EscalateComplaintInput,
) -> Result<i32, ServiceError> {
    let row = as_filer(
        backend,
        meta,
        actor,
        input.complaint_id,
        input.code.as_deref(),
    )
    .await?;
    let c = clock(&row)?;
    let today = backend.clock.today();
    let book = rules::book(backend).await?;
    match c.appeal_until(&book, today) {
        Ok(_) => {}
        Err(NoAppeal::NotFirstLevel) => return Err(moved_on()),
        Err(NoAppeal::StillInTime { until }) => {
            return Err(field(f::REASON, Problem::AppealNotYet { until }))
        }
        Err(NoAppeal::WindowClosed { ended }) => {
            return Err(field(f::REASON, Problem::AppealEnded { ended }))
        }
        Err(NoAppeal::NoRule(m)) => return Err(missing(m)),
    }
    let accept_due = deadline(&book, Limit::Accept, today).map_err(missing)?;
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let none: Option<NaiveDate> = None;
    let row = moved(
        &txn,
        &row,
        vec![
            (complaint::Column::Level, Expr::value(2i16)),
            (
                complaint::Column::Status,
                Expr::value(ComplaintStatus::Received.as_str()),
            ),
            (complaint::Column::AcceptDue, Expr::value(accept_due)),
            (complaint::Column::AcceptedOn, Expr::value(none)),
            (complaint::Column::ResolveDue, Expr::value(none)),
            (complaint::Column::AnsweredOn, Expr::value(none)),
            (complaint::Column::AppealDue, Expr::value(none)),
            (complaint::Column::Extensions, Expr::value(0i16)),
        ],
        now,
    )
    .await?;
    step_row(
        &txn,
        &row,
        2,
        StepKind::Escalated,
        input.reason.clone(),
        None,
        today,
        now,
    )
    .await?;
    audited(
        &txn,
        backend,
        meta,
        actor,
        "complaint.escalated",
        &row,
        serde_json::json!({ "reason": input.reason, "accept_due": accept_due }),
    )
    .await?;
    mail::tell_filer(&txn, backend, &row, mail::Told::Escalated, now).await?;
    mail::tell_agency(&txn, backend, &row, mail::Told::Escalated, now).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// The filer accepts the first answer: the complaint closes.
pub async fn close(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: CloseComplaintInput,
) -> Result<i32, ServiceError> {
    let row = as_filer(
        backend,
        meta,
        actor,
        input.complaint_id,
        input.code.as_deref(),
    )
    .await?;
    let c = clock(&row)?;
    if c.status != ComplaintStatus::Answered || c.level != 1 {
        return Err(moved_on());
    }
    let today = backend.clock.today();
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let row = moved(
        &txn,
        &row,
        vec![
            (
                complaint::Column::Status,
                Expr::value(ComplaintStatus::Closed.as_str()),
            ),
            (complaint::Column::ClosedOn, Expr::value(Some(today))),
        ],
        now,
    )
    .await?;
    step_row(
        &txn,
        &row,
        1,
        StepKind::Closed,
        String::new(),
        None,
        today,
        now,
    )
    .await?;
    audited(
        &txn,
        backend,
        meta,
        actor,
        "complaint.closed",
        &row,
        serde_json::json!({ "by": "filer" }),
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}
