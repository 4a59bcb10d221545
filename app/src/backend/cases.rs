//! Reading cases, within the policy's data scope.

use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
};

use super::access::require;
use super::audit::RequestMeta;
use super::entity::{agency, case, departure_list, job_order, market_suspension, user, worker};
use super::joined;
use super::{Backend, ServiceError};
use crate::domain::access::{Action, Actor, CaseFacts, Target};

/// One case with its worker, agency, job order and departure list, as the policy allowed it to be
/// read, and what its page shows about them: whether the worker's record has an account and
/// whether the agency is suspended in a market today.
#[derive(Debug, Clone)]
pub struct CaseRecord {
    pub case: case::Model,
    pub worker: worker::Model,
    pub agency: agency::Model,
    pub job_order: job_order::Model,
    pub departure_list: Option<departure_list::Model>,
    pub record_claimed: bool,
    pub agency_suspended_today: bool,
}

/// Reads a case for this actor, in one statement. A case outside the actor's scope is reported
/// as not found (its existence is nobody else's business) and the refusal is audited.
pub async fn case_record(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<CaseRecord, ServiceError> {
    let db = &backend.db;
    let today = backend.clock.today();
    let mut q = Query::select();
    joined::columns::<case::Entity>(&mut q, "c_");
    joined::columns::<worker::Entity>(&mut q, "w_");
    joined::columns::<job_order::Entity>(&mut q, "o_");
    joined::columns::<agency::Entity>(&mut q, "a_");
    joined::columns::<departure_list::Entity>(&mut q, "l_");
    q.expr_as(
        joined::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(user::Entity)
                .and_where(
                    Expr::col((user::Entity, user::Column::WorkerId))
                        .equals((worker::Entity, worker::Column::Id)),
                )
                .to_owned(),
        ),
        Alias::new("record_claimed"),
    )
    .expr_as(
        joined::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(market_suspension::Entity)
                .and_where(
                    Expr::col((
                        market_suspension::Entity,
                        market_suspension::Column::AgencyId,
                    ))
                    .equals((agency::Entity, agency::Column::Id)),
                )
                .and_where(
                    Expr::col((
                        market_suspension::Entity,
                        market_suspension::Column::StartsOn,
                    ))
                    .lte(today),
                )
                .and_where(
                    Expr::col((market_suspension::Entity, market_suspension::Column::EndsOn))
                        .gte(today),
                )
                .to_owned(),
        ),
        Alias::new("agency_suspended_today"),
    )
    .from(case::Entity)
    .inner_join(
        worker::Entity,
        Expr::col((worker::Entity, worker::Column::Id))
            .equals((case::Entity, case::Column::WorkerId)),
    )
    .inner_join(
        job_order::Entity,
        Expr::col((job_order::Entity, job_order::Column::Id))
            .equals((case::Entity, case::Column::JobOrderId)),
    )
    .inner_join(
        agency::Entity,
        Expr::col((agency::Entity, agency::Column::Id))
            .equals((case::Entity, case::Column::AgencyId)),
    )
    .left_join(
        departure_list::Entity,
        Expr::col((departure_list::Entity, departure_list::Column::Id))
            .equals((case::Entity, case::Column::DepartureListId)),
    )
    .and_where(Expr::col((case::Entity, case::Column::Id)).eq(id));
    let row = db.query_one(db.get_database_backend().build(&q)).await?;
    let Some(row) = row else {
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
    let c = case::Model::from_query_result(&row, "c_")?;
    let w = worker::Model::from_query_result(&row, "w_")?;
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
    Ok(CaseRecord {
        case: c,
        worker: w,
        agency: agency::Model::from_query_result(&row, "a_")?,
        job_order: job_order::Model::from_query_result(&row, "o_")?,
        departure_list: joined::optional::<departure_list::Entity>(&row, "l_")?,
        record_claimed: joined::flag(&row, "record_claimed")?,
        agency_suspended_today: joined::flag(&row, "agency_suspended_today")?,
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
