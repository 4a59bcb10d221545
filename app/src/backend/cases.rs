//! Reading cases, within the policy's data scope. (The lifecycle itself arrives with issue 5.)

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::access::require;
use super::audit::RequestMeta;
use super::entity::{agency, case, job_order, worker};
use super::{Backend, ServiceError};
use crate::domain::access::{Action, Actor, CaseFacts, Target};

/// One case with its worker, agency and job order, as the policy allowed it to be read.
#[derive(Debug, Clone)]
pub struct CaseRecord {
    pub case: case::Model,
    pub worker: worker::Model,
    pub agency_name: String,
    pub job_order: Option<job_order::Model>,
}

/// Reads a case for this actor. A case outside the actor's scope is reported as not found (its
/// existence is nobody else's business) and the refusal is audited.
pub async fn case_record(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<CaseRecord, ServiceError> {
    let db = &backend.db;
    let found = case::Entity::find_by_id(id).one(db).await?;
    let Some(c) = found else {
        // Still audited: probing for ids is worth knowing about.
        if actor.is_some() {
            let facts = CaseFacts {
                agency_id: 0,
                worker_id: 0,
                worker_province: String::new(),
            };
            let _ = require(
                backend,
                meta,
                actor,
                Action::ViewCase,
                Target::Case(&facts),
                ("case", id.to_string()),
            )
            .await;
        }
        return Err(ServiceError::NotFound);
    };
    let w = worker::Entity::find_by_id(c.worker_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let facts = CaseFacts {
        agency_id: c.agency_id,
        worker_id: w.id,
        worker_province: w.province_code.clone(),
    };
    match require(
        backend,
        meta,
        actor,
        Action::ViewCase,
        Target::Case(&facts),
        ("case", id.to_string()),
    )
    .await
    {
        Ok(()) => {}
        Err(ServiceError::Forbidden) => return Err(ServiceError::NotFound),
        Err(other) => return Err(other),
    }
    let agency_name = agency::Entity::find_by_id(c.agency_id)
        .one(db)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    let job_order = job_order::Entity::find_by_id(c.job_order_id)
        .one(db)
        .await?;
    Ok(CaseRecord {
        case: c,
        worker: w,
        agency_name,
        job_order,
    })
}

/// The case of a worker account, if it has one.
pub async fn case_of_worker(
    backend: &Backend,
    worker_id: i32,
) -> Result<Option<i32>, ServiceError> {
    Ok(case::Entity::find()
        .filter(case::Column::WorkerId.eq(worker_id))
        .order_by_desc(case::Column::Id)
        .one(&backend.db)
        .await?
        .map(|c| c.id))
}
