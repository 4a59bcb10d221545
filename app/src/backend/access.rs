//! Asking the policy (`domain::access`) and recording its refusals in the audit trail.

use super::audit::{self, Entry, RequestMeta};
use super::{Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, Decision, Target};

/// Allows or refuses; a refusal to a signed-in actor is written to the audit trail with what
/// was asked for. One to someone not signed in is logged and counted, not audited: anyone can
/// send those, as fast as they like, and the trail must not be theirs to fill or to hold.
pub async fn require(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    action: Action,
    target: Target<'_>,
    record: (&'static str, String),
) -> Result<(), ServiceError> {
    if decide(actor, action, target) == Decision::Allow {
        return Ok(());
    }
    let Some(actor) = actor else {
        backend
            .refused_anonymously
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tracing::info!(
            request_id = %meta.request_id,
            action = ?action,
            record = %format!("{}:{}", record.0, record.1),
            "refused: not signed in"
        );
        return Err(ServiceError::Unauthenticated);
    };
    let actor = Some(actor);
    let case_id = (record.0 == "case")
        .then(|| record.1.parse::<i32>().ok())
        .flatten();
    let mut entry = Entry::new("access.denied")
        .by(actor)
        .record(record.0, record.1)
        .after(serde_json::json!({ "action": format!("{action:?}") }));
    match target {
        Target::Case(case) => entry = entry.agency(Some(case.agency_id)),
        Target::Agency(agency) => entry = entry.agency(Some(agency)),
        Target::User(user) => entry = entry.agency(user.agency_id),
        Target::Complaint(complaint) => entry = entry.agency(Some(complaint.agency_id)),
        Target::Worker(_) | Target::Nothing => {}
    }
    if let Some(id) = case_id {
        entry = entry.case(id);
    }
    audit::record(&backend.db, &backend.keys, backend.clock.now(), meta, entry).await?;
    Err(ServiceError::Forbidden)
}

/// The actor's own agency, once the policy allows `action` on it. Someone without an agency asks
/// about agency 0, which the policy refuses (and the refusal is audited like any other).
pub async fn require_own_agency(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    action: Action,
) -> Result<i32, ServiceError> {
    let agency_id = actor.and_then(|a| a.agency_id).unwrap_or(0);
    require(
        backend,
        meta,
        actor,
        action,
        Target::Agency(agency_id),
        ("agency", agency_id.to_string()),
    )
    .await?;
    Ok(agency_id)
}
