//! An agency's complaint against a sanction decision on it, filed from the inspection by its
//! head office within the filing limit of the day it received the decision. The inspectors who
//! decided it answer it first; the agency may take the answer to the ministry (national
//! officers) at the second level. One complaint per decision, held by a unique index.

use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use super::{mail, steps::step_row};
use crate::backend::access::require;
use crate::backend::audit::{self, Entry, RequestMeta};
use crate::backend::decode::stored;
use crate::backend::entity::{agency, complaint, inspection, inspection_sanction, user};
use crate::backend::{rules, Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target};
use crate::domain::complaints::{
    deadline, filing_due, Category, ComplaintKind, ComplaintStatus, Limit, Relation, StepKind,
};
use crate::domain::forms::{FieldErrors, Problem};
use crate::i18n::Lang;
use crate::views::complaints::{fields as f, SanctionComplaintInput};

fn field(name: &str, p: Problem) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(name, p);
    ServiceError::Invalid(e)
}

/// Files it; returns the complaint's id.
pub async fn complain_against_sanction(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: SanctionComplaintInput,
) -> Result<i32, ServiceError> {
    let db = &backend.db;
    let sanction = inspection_sanction::Entity::find_by_id(input.sanction_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let visit = inspection::Entity::find_by_id(sanction.inspection_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // Another agency learns nothing of the decision: not found.
    require(
        backend,
        meta,
        actor,
        Action::FileComplaint,
        Target::Agency(visit.agency_id),
        ("inspection_sanction", sanction.id.to_string()),
    )
    .await
    .map_err(ServiceError::hidden)?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let today = backend.clock.today();
    if input.learned_on > today {
        return Err(field(f::LEARNED_ON, Problem::Future));
    }
    if input.learned_on < sanction.decided_on {
        return Err(field(f::LEARNED_ON, Problem::ReceivedBeforeDecision));
    }
    let book = rules::book(backend).await?;
    let due = filing_due(&book, input.learned_on)?;
    if today > due {
        return Err(field(
            f::LEARNED_ON,
            Problem::SanctionComplaintTooLate { due },
        ));
    }
    let accept_due = deadline(&book, Limit::Accept, today)?;
    let firm = agency::Entity::find_by_id(visit.agency_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let account = user::Entity::find_by_id(actor.user_id)
        .one(db)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    let lang: Lang = stored("users.lang", account.id, &account.lang)?;
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let row = complaint::ActiveModel {
        kind: Set(ComplaintKind::Complaint.as_str().to_owned()),
        category: Set(Category::Sanction.as_str().to_owned()),
        agency_id: Set(firm.id),
        filer_user_id: Set(Some(actor.user_id)),
        relation: Set(Relation::Agency.as_str().to_owned()),
        filer_name: Set(firm.name.clone()),
        filer_email: Set(account.email.clone()),
        filer_phone: Set(firm.phone.clone()),
        worker_name: Set(String::new()),
        worker_id: Set(None),
        worker_province: Set(None),
        lang: Set(lang.code().to_owned()),
        learned_on: Set(input.learned_on),
        late_reason: Set(String::new()),
        foreign_element: Set(false),
        description: Set(input.description.clone()),
        status: Set(ComplaintStatus::Received.as_str().to_owned()),
        level: Set(1),
        remote: Set(false),
        extensions: Set(0),
        received_on: Set(today),
        accept_due: Set(accept_due),
        inspection_id: Set(Some(visit.id)),
        contact_shared: Set(false),
        tracking_hash: Set(None),
        sanction_id: Set(Some(sanction.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let row = match row.insert(&txn).await {
        Ok(row) => row,
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            return Err(field(f::DESCRIPTION, Problem::AlreadyComplained));
        }
        Err(e) => return Err(e.into()),
    };
    step_row(
        &txn,
        &row,
        1,
        StepKind::Filed,
        String::new(),
        None,
        today,
        now,
    )
    .await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("complaint.filed")
            .by(Some(actor))
            .record("complaint", row.id)
            .agency(Some(firm.id))
            .after(serde_json::json!({
                "kind": ComplaintKind::Complaint.as_str(),
                "category": Category::Sanction.as_str(),
                "relation": Relation::Agency.as_str(),
                "sanction_id": sanction.id,
                "decision_no": sanction.decision_no,
                "learned_on": input.learned_on,
                "accept_due": accept_due,
            })),
    )
    .await?;
    mail::tell_filer(&txn, backend, &row, mail::Told::Filed(None), now).await?;
    txn.commit().await?;
    Ok(row.id)
}
