//! The write phase of an import: one short transaction with bulk inserts. The places on each
//! order are taken first with one conditional UPDATE per order, so a file racing another
//! application for the last places cannot overfill an order; then the new workers, the cases,
//! their first timeline entries and the audit entries go in as multi-row inserts. Anything that
//! changed since the check (a place gone, an open case appeared) fails the whole transaction:
//! nothing is written.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set};

use super::super::audit::{self, Entry, RequestMeta};
use super::super::entity::{case, case_event, job_order, worker};
use super::super::{lifecycle, Backend, ServiceError};
use super::check::{Plan, CHUNK};
use super::jobs::Job;
use crate::domain::access::Actor;
use crate::domain::cases::CaseState;
use crate::domain::import::{RowError, RowProblem};
use crate::domain::lifecycle::Refusal;
use crate::i18n::lifecycle as words;

/// Rows per multi-row INSERT: at most 15 columns a row stays under SQLite's 32,766 parameters.
const INSERT_ROWS: usize = 1_000;

/// Writes the plan; the cases opened, or the rows refused because the database changed since
/// the check (nothing written then). `job`, for a background import, is marked done in the same
/// transaction, so a job is never "done" without its cases nor its cases there without "done".
pub async fn write(
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    agency_id: i32,
    plan: Plan,
    job: Option<&Job>,
) -> Result<Result<usize, Vec<RowError>>, ServiceError> {
    let started = std::time::Instant::now();
    let now = backend.clock.now();
    let today = backend.clock.today();
    let txn = backend.begin_write().await?;
    if let Some(job) = job {
        job.start_writing(&txn, now).await?;
    }
    let mut orders: Vec<(&i32, &u32)> = plan.places.iter().collect();
    orders.sort();
    for (&order_id, &n) in orders {
        if !take_places(&txn, order_id, n).await? {
            let headcount = headcount(&txn, order_id).await?;
            txn.rollback().await?;
            let line = plan
                .rows
                .iter()
                .find(|p| p.row.order_id == order_id)
                .map_or(1, |p| p.row.line);
            return Ok(Err(vec![RowError {
                line,
                column: "order_id".into(),
                problem: RowProblem::Refused(Refusal::HeadcountFull { headcount }),
            }]));
        }
    }

    // New workers, then every worker's id by citizen ID.
    let new_workers: Vec<worker::ActiveModel> = plan
        .rows
        .iter()
        .filter(|p| p.existing.is_none())
        .filter_map(|p| {
            let (new_code, old_code) = p.provinces.clone()?;
            let w = &p.row.worker;
            Some(worker::ActiveModel {
                citizen_id: Set(w.citizen_id.clone()),
                full_name: Set(w.full_name.clone()),
                birth_date: Set(w.birth_date),
                sex: Set(w.sex.as_str().to_owned()),
                phone: Set(w.phone.clone()),
                email: Set(None),
                province_code: Set(new_code),
                old_province_code: Set(Some(old_code)),
                ethnicity: Set(String::new()),
                household: Set("unknown".into()),
                created_at: Set(now),
                ..Default::default()
            })
        })
        .collect();
    insert_chunks(&txn, new_workers, |chunk, db| async move {
        worker::Entity::insert_many(chunk)
            .exec(db)
            .await
            .map(|_| ())
    })
    .await?;
    let mut worker_ids: HashMap<String, i32> = HashMap::new();
    let citizen_ids: Vec<&str> = plan
        .rows
        .iter()
        .filter(|p| p.existing.is_none())
        .map(|p| p.row.worker.citizen_id.as_str())
        .collect();
    for chunk in citizen_ids.chunks(CHUNK) {
        let found: Vec<(i32, String)> = worker::Entity::find()
            .select_only()
            .column(worker::Column::Id)
            .column(worker::Column::CitizenId)
            .filter(worker::Column::CitizenId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(&txn)
            .await?;
        worker_ids.extend(found.into_iter().map(|(id, cid)| (cid, id)));
    }
    let worker_of = |p: &super::check::Planned| -> Result<i32, ServiceError> {
        match &p.existing {
            Some(w) => Ok(w.id),
            None => worker_ids
                .get(&p.row.worker.citizen_id)
                .copied()
                .ok_or_else(|| {
                    ServiceError::Unexpected("an imported worker was not stored".into())
                }),
        }
    };

    // The cases; a worker has at most one open case, so the open case of each is the new one.
    let mut cases = Vec::with_capacity(plan.rows.len());
    let mut workers = Vec::with_capacity(plan.rows.len());
    for p in &plan.rows {
        let worker_id = worker_of(p)?;
        workers.push(worker_id);
        cases.push(case::ActiveModel {
            worker_id: Set(worker_id),
            agency_id: Set(agency_id),
            job_order_id: Set(p.row.order_id),
            state: Set(CaseState::Applied.as_str().to_owned()),
            applied_on: Set(today),
            details: Set("{}".to_owned()),
            version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    let inserted = insert_chunks(&txn, cases, |chunk, db| async move {
        case::Entity::insert_many(chunk).exec(db).await.map(|_| ())
    })
    .await;
    if let Err(e) = inserted {
        return changed_meanwhile(txn, e).await;
    }
    let applied = CaseState::Applied.as_str();
    let mut case_of_worker: HashMap<i32, i32> = HashMap::new();
    for chunk in workers.chunks(CHUNK) {
        let found: Vec<(i32, i32)> = case::Entity::find()
            .select_only()
            .column(case::Column::Id)
            .column(case::Column::WorkerId)
            .filter(case::Column::WorkerId.is_in(chunk.iter().copied()))
            .filter(case::Column::AgencyId.eq(agency_id))
            .filter(case::Column::State.eq(applied))
            .into_tuple()
            .all(&txn)
            .await?;
        case_of_worker.extend(found.into_iter().map(|(id, w)| (w, id)));
    }
    if case_of_worker.len() != plan.rows.len() {
        return Err(ServiceError::Unexpected(
            "the imported cases could not be found again".into(),
        ));
    }

    let mut events = Vec::with_capacity(plan.rows.len());
    let mut entries = Vec::with_capacity(plan.rows.len());
    for (p, worker_id) in plan.rows.iter().zip(&workers) {
        let case_id = case_of_worker[worker_id];
        events.push(case_event::ActiveModel {
            case_id: Set(case_id),
            kind: Set("applied".to_owned()),
            to_state: Set(Some(applied.to_owned())),
            happened_on: Set(today),
            data: Set("{}".to_owned()),
            user_id: Set(Some(actor.user_id)),
            created_at: Set(now),
            ..Default::default()
        });
        entries.push(
            Entry::new("case.imported")
                .by(Some(actor))
                .record("case", case_id)
                .agency(Some(agency_id))
                .case(case_id)
                .after(serde_json::json!({
                    "state": applied,
                    "job_order": p.row.order_id,
                    "worker": worker_id,
                    "line": p.row.line,
                })),
        );
    }
    insert_chunks(&txn, events, |chunk, db| async move {
        case_event::Entity::insert_many(chunk)
            .exec(db)
            .await
            .map(|_| ())
    })
    .await?;
    audit::append_many(&txn, &backend.keys, now, meta, entries).await?;
    // Workers already on record may have an account or an address: tell them, as one by one.
    for p in &plan.rows {
        if let Some(w) = &p.existing {
            let case_id = case_of_worker[&w.id];
            lifecycle::notify_worker(&txn, backend, w, case_id, CaseState::Applied, |lang| {
                words::state(lang, CaseState::Applied).to_owned()
            })
            .await?;
        }
    }
    let opened = plan.rows.len();
    if let Some(job) = job {
        job.finish_in(&txn, now, Ok(opened)).await?;
    }
    txn.commit().await?;
    tracing::info!(
        rows = opened,
        ms = started.elapsed().as_millis() as u64,
        "import written"
    );
    Ok(Ok(opened))
}

/// Takes `n` places on the order in one conditional UPDATE: all of them, or none.
async fn take_places(
    txn: &DatabaseTransaction,
    order_id: i32,
    n: u32,
) -> Result<bool, ServiceError> {
    let n = i32::try_from(n).map_err(|_| ServiceError::Unexpected("too many places".into()))?;
    let res = job_order::Entity::update_many()
        .col_expr(
            job_order::Column::Filled,
            Expr::col(job_order::Column::Filled).add(n),
        )
        .filter(job_order::Column::Id.eq(order_id))
        .filter(
            Expr::col(job_order::Column::Headcount)
                .gte(Expr::col(job_order::Column::Filled).add(n)),
        )
        .exec(txn)
        .await?;
    Ok(res.rows_affected == 1)
}

async fn headcount(txn: &DatabaseTransaction, order_id: i32) -> Result<u32, ServiceError> {
    let order = job_order::Entity::find_by_id(order_id)
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    u32::try_from(order.headcount).map_err(|e| ServiceError::Unexpected(Box::new(e)))
}

/// A worker recorded or a case opened by someone else since the check (the database's unique
/// indexes refuse the insert): nothing is written, and the file is to be sent again.
async fn changed_meanwhile(
    txn: DatabaseTransaction,
    e: sea_orm::DbErr,
) -> Result<Result<usize, Vec<RowError>>, ServiceError> {
    if !matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    ) {
        return Err(e.into());
    }
    txn.rollback().await?;
    Ok(Err(vec![RowError {
        line: 1,
        column: String::new(),
        problem: RowProblem::ChangedMeanwhile,
    }]))
}

/// Inserts the models in chunks of `INSERT_ROWS`.
async fn insert_chunks<'a, M, F, Fut>(
    txn: &'a DatabaseTransaction,
    models: Vec<M>,
    insert: F,
) -> Result<(), sea_orm::DbErr>
where
    F: Fn(Vec<M>, &'a DatabaseTransaction) -> Fut,
    Fut: std::future::Future<Output = Result<(), sea_orm::DbErr>>,
{
    let mut models = models.into_iter().peekable();
    while models.peek().is_some() {
        let chunk: Vec<M> = models.by_ref().take(INSERT_ROWS).collect();
        insert(chunk, txn).await?;
    }
    Ok(())
}
