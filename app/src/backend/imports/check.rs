//! The check phase of an import: every row against the database and the law's guards, reading
//! only. What it needs is loaded in a few queries for the whole file (the agency's orders, the
//! workers already known by citizen ID, which of them have an open case); then each row is judged
//! in memory, as `create_case` would judge it one by one, places on an order counted across the
//! file. Nothing is written, so nothing waits on it.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::super::entity::{agency, case, job_order, old_province, worker};
use super::super::job_orders::{agency_facts, order_facts};
use super::super::{rules, Backend, ServiceError};
use super::Progress;
use crate::backend::corrections::Conflict;
use crate::domain::cases::CaseState;
use crate::domain::citizen_id::CitizenIdError;
use crate::domain::forms::Problem;
use crate::domain::import::{ImportRow, RowError, RowProblem};
use crate::domain::lifecycle::{application_guards, Refusal};

/// Queries take citizen IDs and worker ids in chunks this long (SQLite allows 32,766 parameters).
pub(super) const CHUNK: usize = 500;

/// A row that passed every check, with what the write phase needs.
pub struct Planned {
    pub row: ImportRow,
    /// The worker already on record under this citizen ID, if any.
    pub existing: Option<worker::Model>,
    /// For a new worker: the (new, old) province codes from the citizen ID.
    pub provinces: Option<(String, String)>,
}

/// What the write phase inserts: the rows, and how many places each order gives.
pub struct Plan {
    pub rows: Vec<Planned>,
    pub places: HashMap<i32, u32>,
}

/// Why a file was refused: every problem with its line, and the identity conflicts among them
/// (to be acted on as the case form acts on one: a correction request, or the worker told).
pub struct Rejection {
    pub errors: Vec<RowError>,
    pub conflicts: Vec<(Conflict, crate::domain::lifecycle::NewWorker)>,
}

/// Judges every row; returns the plan when all pass, else every problem with its line.
pub async fn check(
    backend: &Backend,
    agency_id: i32,
    rows: Vec<ImportRow>,
    progress: &Progress,
) -> Result<Result<Plan, Rejection>, ServiceError> {
    let today = backend.clock.today();
    let rules = rules::on(backend, today).await?;
    let book = rules::book(backend).await?;
    let db = &backend.db;
    let agency = agency::Entity::find_by_id(agency_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let order_ids: HashSet<i32> = rows.iter().map(|r| r.order_id).collect();
    // Only this agency's orders: another agency's order is "not a choice", exactly as a missing one.
    let orders: HashMap<i32, job_order::Model> = job_order::Entity::find()
        .filter(job_order::Column::AgencyId.eq(agency_id))
        .filter(job_order::Column::Id.is_in(order_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut facts = HashMap::new();
    for order in orders.values() {
        if !facts.contains_key(&order.market_code) {
            let f = agency_facts(db, &agency, &order.market_code, today).await?;
            facts.insert(order.market_code.clone(), f);
        }
    }
    let known = known_workers(backend, &rows).await?;
    let busy = workers_with_open_cases(backend, known.values().map(|w| w.id)).await?;
    let mut conflicts = Vec::new();
    let provinces: HashMap<String, String> = old_province::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.new_code))
        .collect();

    let mut errors = Vec::new();
    let mut places: HashMap<i32, u32> = HashMap::new();
    let mut planned = Vec::with_capacity(rows.len());
    for (n, row) in rows.into_iter().enumerate() {
        progress.checked(backend, n + 1).await?;
        let line = row.line;
        let field = |column: &str, problem: Problem| RowError {
            line,
            column: column.to_owned(),
            problem: RowProblem::Field(problem),
        };
        let Some(order) = orders.get(&row.order_id) else {
            errors.push(field("order_id", Problem::Choice));
            continue;
        };
        let existing = known.get(&row.worker.citizen_id);
        let mut refusals = Vec::new();
        let mut new_provinces = None;
        match existing {
            Some(w) => {
                // The same answer as the case form's, for either conflict: the agency learns
                // nothing of the record or of another agency's case.
                if !crate::backend::corrections::same_person(w, &row.worker) {
                    errors.push(field("citizen_id", Problem::IdentityMismatch));
                    conflicts.push((Conflict::Details(w.clone()), row.worker.clone()));
                    continue;
                }
                match busy.get(&w.id) {
                    Some(other) if *other != agency_id => {
                        errors.push(field("citizen_id", Problem::IdentityMismatch));
                        conflicts.push((Conflict::OpenElsewhere(w.clone()), row.worker.clone()));
                        continue;
                    }
                    Some(_) => refusals.push(Refusal::OpenCaseExists),
                    None => {}
                }
            }
            None => {
                let old = &row.worker.citizen_id[1..3];
                match provinces.get(old) {
                    Some(new) => new_provinces = Some((new.clone(), old.to_owned())),
                    None => {
                        let problem = Problem::CitizenId(CitizenIdError::Province);
                        errors.push(field("citizen_id", problem));
                        continue;
                    }
                }
            }
        }
        let agency_facts = &facts[&order.market_code];
        refusals.extend(application_guards(
            &rules,
            today,
            row.worker.birth_date,
            agency_facts,
            &order_facts(order, &book, today)?,
        ));
        let taken = places.entry(order.id).or_default();
        if refusals.is_empty() {
            let left = i64::from(order.headcount) - i64::from(order.filled) - i64::from(*taken);
            if left <= 0 {
                refusals.push(Refusal::HeadcountFull {
                    headcount: u32::try_from(order.headcount).unwrap_or(0),
                });
            } else {
                *taken += 1;
            }
        }
        if !refusals.is_empty() {
            errors.extend(refusals.into_iter().map(|r| RowError {
                line,
                column: String::new(),
                problem: RowProblem::Refused(r),
            }));
            continue;
        }
        planned.push(Planned {
            row,
            existing: existing.cloned(),
            provinces: new_provinces,
        });
    }
    if !errors.is_empty() {
        return Ok(Err(Rejection { errors, conflicts }));
    }
    places.retain(|_, n| *n > 0);
    Ok(Ok(Plan {
        rows: planned,
        places,
    }))
}

/// The workers already on record under the file's citizen IDs.
async fn known_workers(
    backend: &Backend,
    rows: &[ImportRow],
) -> Result<HashMap<String, worker::Model>, ServiceError> {
    let ids: Vec<&str> = rows.iter().map(|r| r.worker.citizen_id.as_str()).collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let found = worker::Entity::find()
            .filter(worker::Column::CitizenId.is_in(chunk.iter().copied()))
            .all(&backend.db)
            .await?;
        out.extend(found.into_iter().map(|w| (w.citizen_id.clone(), w)));
    }
    Ok(out)
}

/// Which of these workers have a case that is not closed, and with which agency.
async fn workers_with_open_cases(
    backend: &Backend,
    worker_ids: impl Iterator<Item = i32>,
) -> Result<HashMap<i32, i32>, ServiceError> {
    let ids: Vec<i32> = worker_ids.collect();
    let closed: Vec<&str> = CaseState::ALL
        .into_iter()
        .filter(|s| s.is_terminal())
        .map(CaseState::as_str)
        .collect();
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let found: Vec<(i32, i32)> = case::Entity::find()
            .select_only()
            .column(case::Column::WorkerId)
            .column(case::Column::AgencyId)
            .filter(case::Column::WorkerId.is_in(chunk.iter().copied()))
            .filter(case::Column::State.is_not_in(closed.clone()))
            .into_tuple()
            .all(&backend.db)
            .await?;
        out.extend(found);
    }
    Ok(out)
}
