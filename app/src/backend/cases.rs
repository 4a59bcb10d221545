//! Reading cases, within the policy's data scope. (The lifecycle itself arrives with issue 5.)

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

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

pub const CASES_PAGE_SIZE: u64 = 50;

/// An agency's own cases, newest first.
pub async fn agency_cases(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    page: u64,
) -> Result<(Vec<(case::Model, String)>, u64), ServiceError> {
    let agency_id = actor.and_then(|a| a.agency_id).unwrap_or(0);
    require(
        backend,
        meta,
        actor,
        Action::ListAgencyCases,
        Target::Agency(agency_id),
        ("agency", agency_id.to_string()),
    )
    .await?;
    let query = case::Entity::find().filter(case::Column::AgencyId.eq(agency_id));
    let total = query.clone().count(&backend.db).await?;
    let rows = query
        .order_by_desc(case::Column::Id)
        .offset(page.saturating_sub(1) * CASES_PAGE_SIZE)
        .limit(CASES_PAGE_SIZE)
        .all(&backend.db)
        .await?;
    let names: std::collections::HashMap<i32, String> = worker::Entity::find()
        .filter(worker::Column::Id.is_in(rows.iter().map(|c| c.worker_id)))
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|w| (w.id, w.full_name))
        .collect();
    Ok((
        rows.into_iter()
            .map(|c| {
                let name = names.get(&c.worker_id).cloned().unwrap_or_default();
                (c, name)
            })
            .collect(),
        total,
    ))
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
