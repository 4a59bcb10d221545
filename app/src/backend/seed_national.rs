//! `server seed national`: a national demo dataset whose departures reproduce the published
//! national totals (DOMAIN.md, "Reporting") month by month, market by market, women included,
//! for the statistics pages and for benchmarks at national scale.
//!
//! It tops up rather than duplicates: the departures already in the database (the small demo's,
//! or an earlier run's) are counted per period, month, market and sex, and only the difference
//! is written, so a second run adds nothing. Each new case has a new worker of its own and sits
//! on an approved order, made here, of an agency licensed and not suspended in that market at
//! the time. Random choices come from a fixed-seed generator, as in [`super::seed`].

mod allocation;
mod rows;

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::sea_query::{Alias, Expr, Func, Query};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};

use super::entity::{agency, case, job_order, market, market_suspension, old_province, worker};
use super::seed::{days, months_later, occupation_label, pick, SEED};
use super::{Backend, ServiceError};
use crate::domain::agencies::LicenceStatus;
use crate::domain::citizen_id::Sex;
use crate::domain::job_orders::{Programme, SendingForm};
use crate::domain::money::{deposit_cap_on, fee_cap_on, rate_on, OrderTerms};
use allocation::{apportion, Grid, PeriodTarget};
use rows::{ending, new_worker, profile};

pub use crate::domain::published_totals::{PublishedPeriod, PublishedWomen, PUBLISHED};

/// What `server seed national` fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NationalPlan {
    /// The published national totals (DOMAIN.md), each divided by `divisor` (1 = exact; tests
    /// use e.g. 100) and rounded.
    Published { divisor: u32 },
    /// At least `cases` cases in total for benchmarks: the published years' shape repeated over
    /// earlier years (2021, 2020, … back to 2018 for a million) until reached.
    Scale { cases: u64 },
}

/// What a run added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NationalReport {
    pub workers: u64,
    pub cases: u64,
    pub job_orders: u64,
}

const NATIONAL_SEED: u64 = SEED ^ 0x4e_41_54_49_4f_4e_41_4c; // "NATIONAL"
/// Rows written per transaction.
const BATCH: usize = 20_000;
/// Rows per INSERT: 1,000 rows of 11 columns stay under SQLite's 32,766 and PostgreSQL's
/// 65,535 bound parameters.
const CHUNK: usize = 1_000;
const PROGRESS_EVERY: u64 = 100_000;
/// Markets every eligible agency sends to; the others go through a few agencies each.
const MAIN_MARKETS: [&str; 3] = ["JP", "TW", "KR"];
const AGENCIES_PER_OTHER_MARKET: usize = 4;

fn refused(message: String) -> ServiceError {
    ServiceError::Unexpected(message.into())
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, ServiceError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| refused(format!("no date {y}-{m}-{d}")))
}

fn month_end(year: i32, month: u32) -> Result<NaiveDate, ServiceError> {
    Ok(months_later(date(year, month, 1)?, 1) - days(1))
}

/// Seeds departures until every figure of `plan` holds, counting those already there. The
/// demo's agencies must exist (`seed_demo_if_empty` first): the orders are theirs.
pub async fn seed_national(
    backend: &Backend,
    plan: NationalPlan,
) -> Result<NationalReport, ServiceError> {
    let today = backend.clock.today();
    let codes: Vec<String> = market::Entity::find()
        .order_by_asc(market::Column::SortOrder)
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|m| m.code)
        .collect();
    let periods = allocation::targets(&plan, &codes).map_err(refused)?;
    for t in &periods {
        if month_end(t.year, t.last_month)? >= today {
            return Err(refused(format!("{} has not ended by {today}", t.label)));
        }
    }
    let existing = existing_departures(&backend.db, &periods, &codes).await?;
    let mut additions = Vec::with_capacity(periods.len());
    for (t, held) in periods.iter().zip(&existing) {
        additions.push(
            allocation::allocate(t, &codes, held)
                .map_err(refused)?
                .minus(held),
        );
    }
    if additions.iter().all(|g| g.total() == 0) {
        return Ok(NationalReport::default());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(NATIONAL_SEED);
    let (orders, groups) = place_orders(backend, &mut rng, &periods, &codes, &additions).await?;
    let job_orders = orders.len() as u64;
    let cases = write_cases(
        backend, &mut rng, &periods, &codes, &additions, orders, groups,
    )
    .await?;
    Ok(NationalReport {
        workers: cases,
        cases,
        job_orders,
    })
}

/// Departures in the database per period, month, market and sex.
async fn existing_departures(
    db: &DatabaseConnection,
    periods: &[PeriodTarget],
    codes: &[String],
) -> Result<Vec<Grid>, ServiceError> {
    let mut grids: Vec<Grid> = periods
        .iter()
        .map(|t| Grid::new(t.months(), codes.len()))
        .collect();
    let mut spans = Vec::with_capacity(periods.len());
    for t in periods {
        spans.push((
            date(t.year, t.first_month, 1)?,
            month_end(t.year, t.last_month)?,
        ));
    }
    let (Some(from), Some(to)) = (
        spans.iter().map(|s| s.0).min(),
        spans.iter().map(|s| s.1).max(),
    ) else {
        return Ok(grids);
    };
    let departed = (case::Entity, case::Column::DepartedOn);
    let market = (job_order::Entity, job_order::Column::MarketCode);
    let sex = (worker::Entity, worker::Column::Sex);
    let query = Query::select()
        .column(departed)
        .column(market)
        .column(sex)
        .expr_as(
            Func::count(Expr::col((case::Entity, case::Column::Id))),
            Alias::new("n"),
        )
        .from(case::Entity)
        .inner_join(
            job_order::Entity,
            Expr::col((job_order::Entity, job_order::Column::Id))
                .equals((case::Entity, case::Column::JobOrderId)),
        )
        .inner_join(
            worker::Entity,
            Expr::col((worker::Entity, worker::Column::Id))
                .equals((case::Entity, case::Column::WorkerId)),
        )
        .and_where(Expr::col(departed).between(from, to))
        .group_by_col(departed)
        .group_by_col(market)
        .group_by_col(sex)
        .to_owned();
    for row in db
        .query_all(db.get_database_backend().build(&query))
        .await?
    {
        let on: NaiveDate = row.try_get("", "departed_on")?;
        let code: String = row.try_get("", "market_code")?;
        let sex: String = row.try_get("", "sex")?;
        let n: i64 = row.try_get("", "n")?;
        let Some(p) = spans.iter().position(|(a, b)| (*a..=*b).contains(&on)) else {
            continue;
        };
        let k = codes
            .iter()
            .position(|c| *c == code)
            .ok_or_else(|| refused(format!("a case's order goes to {code}, not a market")))?;
        let s = match Sex::parse(&sex) {
            Some(Sex::Male) => 0,
            Some(Sex::Female) => 1,
            None => return Err(refused(format!("a worker's sex reads {sex}"))),
        };
        let month = (on.month() - periods[p].first_month) as usize;
        let n = u64::try_from(n).map_err(|_| refused(format!("a count reads {n}")))?;
        grids[p].add(month, k, s, n);
    }
    Ok(grids)
}

/// An order made for this run and what its cases need of it.
struct Order {
    id: i32,
    agency_id: i32,
    term_months: u32,
    decided_on: NaiveDate,
}

/// The orders of one period's market with the places each still has for this run.
#[derive(Default)]
struct Places {
    orders: Vec<(usize, u64)>,
    left: u64,
}

impl Places {
    /// An order drawn in proportion to its places left, which it then has one fewer of.
    fn take(&mut self, rng: &mut ChaCha8Rng) -> Option<usize> {
        if self.left == 0 {
            return None;
        }
        let mut r = rng.gen_range(0..self.left);
        for (order, places) in &mut self.orders {
            if r < *places {
                *places -= 1;
                self.left -= 1;
                return Some(*order);
            }
            r -= *places;
        }
        None
    }
}

/// Approved orders for every period × market that gets cases, shared over the agencies that
/// held an active licence a year before and no suspension in that market over the period.
async fn place_orders(
    backend: &Backend,
    rng: &mut ChaCha8Rng,
    periods: &[PeriodTarget],
    codes: &[String],
    additions: &[Grid],
) -> Result<(Vec<Order>, HashMap<(usize, usize), Places>), ServiceError> {
    let today = backend.clock.today();
    let now = backend.clock.now();
    let reference = backend.reference.get(&backend.db).await?;
    let book = super::rules::book(backend).await?;
    let agencies: Vec<agency::Model> = agency::Entity::find()
        .filter(agency::Column::LicenceStatus.eq(LicenceStatus::Active.as_str()))
        .filter(agency::Column::RevokedOn.is_null())
        .order_by_asc(agency::Column::Id)
        .all(&backend.db)
        .await?;
    let suspensions = market_suspension::Entity::find().all(&backend.db).await?;
    // Some agencies send many, some few.
    let sizes: Vec<u64> = agencies.iter().map(|_| rng.gen_range(1..=8)).collect();
    let mut orders = Vec::new();
    let mut groups: HashMap<(usize, usize), Places> = HashMap::new();
    let txn = backend.db.begin().await?;
    for (p, t) in periods.iter().enumerate() {
        let licensed_by = date(t.year - 1, 1, 15)?;
        let recruits_from = date(t.year - 1, 2, 15)?;
        let sends_until = month_end(t.year, t.last_month)?;
        for (k, code) in codes.iter().enumerate() {
            let wanted = additions[p].sum(0..t.months(), Some(k), None);
            if wanted == 0 {
                continue;
            }
            let mut eligible: Vec<usize> = (0..agencies.len())
                .filter(|&i| {
                    let a = &agencies[i];
                    a.licence_date <= licensed_by
                        && !suspensions.iter().any(|s| {
                            s.agency_id == a.id
                                && s.market_code == *code
                                && s.starts_on <= sends_until
                                && s.ends_on >= recruits_from
                        })
                })
                .collect();
            if eligible.is_empty() {
                return Err(refused(format!(
                    "{}: no active agency licensed by {licensed_by} may send to {code}",
                    t.label
                )));
            }
            if !MAIN_MARKETS.contains(&code.as_str()) {
                let turn = (k * 3) % eligible.len();
                eligible.rotate_left(turn);
                eligible.truncate(AGENCIES_PER_OTHER_MARKET);
            }
            let weights: Vec<u64> = eligible.iter().map(|&i| sizes[i]).collect();
            let shares = apportion(
                wanted,
                &weights,
                &vec![0; weights.len()],
                &vec![u64::MAX; weights.len()],
            )
            .ok_or_else(|| refused(format!("{}: orders cannot hold {wanted}", t.label)))?;
            let plan = profile(code);
            for (&i, share) in eligible.iter().zip(shares) {
                // Korea through EPS, the state agreement; Japan mostly technical interns, a
                // quarter specified skilled workers.
                let kinds: Vec<(SendingForm, Programme, u32, u64)> = match code.as_str() {
                    "KR" => vec![(SendingForm::PublicServiceUnit, Programme::Eps, 36, share)],
                    "JP" => vec![
                        (
                            SendingForm::LicensedAgency,
                            Programme::TechnicalIntern,
                            36,
                            share - share / 4,
                        ),
                        (
                            SendingForm::LicensedAgency,
                            Programme::SpecifiedSkilled,
                            60,
                            share / 4,
                        ),
                    ],
                    "TW" => vec![(SendingForm::LicensedAgency, Programme::Other, 36, share)],
                    _ => {
                        let term = *pick(rng, &[12, 24, 24, 36]);
                        vec![(SendingForm::LicensedAgency, Programme::Other, term, share)]
                    }
                };
                for (form, programme, term_months, count) in kinds {
                    if count == 0 {
                        continue;
                    }
                    let wage = rng.gen_range(plan.wage.0..=plan.wage.1) / 10 * 10;
                    let occupation = *pick(rng, &plan.occupations);
                    let terms = OrderTerms {
                        market: code.clone(),
                        programme,
                        form,
                        occupation_code: Some(occupation.to_owned()),
                        term_months,
                        wage_amount: wage,
                        wage_currency: plan.currency.to_owned(),
                    };
                    // The caps as the rule book has them today: its rates start in 2022.
                    let cap = rate_on(&book, plan.currency, today)
                        .and_then(|rate| fee_cap_on(&book, &terms, rate, today))
                        .map_err(|e| refused(format!("seed rules: {e:?}")))?;
                    let fee = (rng.gen_range(plan.fee_vnd.0..=plan.fee_vnd.1) / 100_000 * 100_000)
                        .min(cap);
                    let deposit = match deposit_cap_on(&book, &terms, today) {
                        Ok(cap) if plan.deposit_vnd.1 > 0 => {
                            (rng.gen_range(plan.deposit_vnd.0..=plan.deposit_vnd.1) / 1_000_000
                                * 1_000_000)
                                .min(cap)
                        }
                        _ => 0,
                    };
                    let submitted = recruits_from + days(rng.gen_range(0..20));
                    let decided = submitted + days(rng.gen_range(2..8));
                    let headcount = i32::try_from(count + count / 20)
                        .map_err(|_| refused(format!("an order of {count} places")))?;
                    let id = job_order::Entity::insert(job_order::ActiveModel {
                        id: NotSet,
                        agency_id: Set(agencies[i].id),
                        market_code: Set(code.clone()),
                        employer_name: Set(pick(rng, &plan.employers).to_string()),
                        occupation: Set(occupation_label(&reference, occupation)?),
                        occupation_code: Set(Some(occupation.to_owned())),
                        headcount: Set(headcount),
                        wage_amount: Set(wage),
                        wage_currency: Set(plan.currency.to_owned()),
                        term_months: Set(i32::try_from(term_months)
                            .map_err(|_| refused(format!("a term of {term_months} months")))?),
                        service_fee_vnd: Set(fee),
                        deposit_vnd: Set(deposit),
                        form: Set(form.as_str().to_owned()),
                        programme: Set(programme.as_str().to_owned()),
                        status: Set("approved".to_owned()),
                        submitted_on: Set(Some(submitted)),
                        decided_on: Set(Some(decided)),
                        filled: Set(0),
                        created_at: Set(now),
                        ..Default::default()
                    })
                    .exec(&txn)
                    .await?
                    .last_insert_id;
                    let places = groups.entry((p, k)).or_default();
                    places.orders.push((orders.len(), count));
                    places.left += count;
                    orders.push(Order {
                        id,
                        agency_id: agencies[i].id,
                        term_months,
                        decided_on: decided,
                    });
                }
            }
        }
    }
    txn.commit().await?;
    Ok((orders, groups))
}

/// A case waiting for its worker's id.
struct Pending {
    worker: worker::ActiveModel,
    citizen_id: String,
    case: case::ActiveModel,
    order: usize,
}

/// Writes the new workers and their cases, cell by cell, in transactions of [`BATCH`] rows.
async fn write_cases(
    backend: &Backend,
    rng: &mut ChaCha8Rng,
    periods: &[PeriodTarget],
    codes: &[String],
    additions: &[Grid],
    orders: Vec<Order>,
    mut groups: HashMap<(usize, usize), Places>,
) -> Result<u64, ServiceError> {
    let today = backend.clock.today();
    let now = backend.clock.now();
    let old_to_new: HashMap<String, String> = old_province::Entity::find()
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.new_code))
        .collect();
    let mut seen: HashSet<u64> = worker::Entity::find()
        .select_only()
        .column(worker::Column::CitizenId)
        .into_tuple::<String>()
        .all(&backend.db)
        .await?
        .iter()
        .filter_map(|id| id.parse().ok())
        .collect();
    let wanted: u64 = additions.iter().map(Grid::total).sum();
    let mut written = 0;
    let mut batch = Vec::with_capacity(BATCH);
    for (p, t) in periods.iter().enumerate() {
        for m in 0..t.months() {
            let month = t.first_month + m as u32;
            let last_day = month_end(t.year, month)?.day();
            for (k, code) in codes.iter().enumerate() {
                for (s, sex) in [(0, Sex::Male), (1, Sex::Female)] {
                    for _ in 0..additions[p].get(m, k, s) {
                        let order = groups
                            .get_mut(&(p, k))
                            .and_then(|g| g.take(rng))
                            .ok_or_else(|| {
                                refused(format!("{}: no order left for {code}", t.label))
                            })?;
                        let departed = date(t.year, month, rng.gen_range(1..=last_day))?;
                        let (worker, citizen_id) =
                            new_worker(rng, sex, departed, &mut seen, &old_to_new, now)?;
                        let o = &orders[order];
                        let selected = departed - days(rng.gen_range(45..=175));
                        let applied =
                            (selected - days(rng.gen_range(20..=60))).max(o.decided_on + days(1));
                        let (state, ended, reason) =
                            ending(rng, code, departed, o.term_months, today);
                        let case = case::ActiveModel {
                            id: NotSet,
                            worker_id: NotSet,
                            agency_id: Set(o.agency_id),
                            job_order_id: Set(o.id),
                            state: Set(state.as_str().to_owned()),
                            applied_on: Set(applied),
                            selected_on: Set(Some(selected)),
                            departed_on: Set(Some(departed)),
                            ended_on: Set(ended),
                            end_reason: Set(reason.map(|r| r.as_str().to_owned())),
                            created_at: Set(now),
                            updated_at: Set(now),
                            ..Default::default()
                        };
                        batch.push(Pending {
                            worker,
                            citizen_id,
                            case,
                            order,
                        });
                        if batch.len() == BATCH {
                            written += flush(&backend.db, &mut batch, &orders).await?;
                            if written % PROGRESS_EVERY < BATCH as u64 {
                                tracing::info!(written, wanted, "national seed: cases written");
                            }
                        }
                    }
                }
            }
        }
    }
    written += flush(&backend.db, &mut batch, &orders).await?;
    tracing::info!(written, wanted, "national seed: done");
    Ok(written)
}

/// One transaction: the batch's workers, their ids read back in one query, their cases, and
/// the places they fill on their orders.
async fn flush(
    db: &DatabaseConnection,
    batch: &mut Vec<Pending>,
    orders: &[Order],
) -> Result<u64, ServiceError> {
    if batch.is_empty() {
        return Ok(0);
    }
    let txn = db.begin().await?;
    let before: Option<i32> = worker::Entity::find()
        .select_only()
        .expr(Expr::col(worker::Column::Id).max())
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let workers: Vec<worker::ActiveModel> = batch.iter().map(|p| p.worker.clone()).collect();
    for chunk in workers.chunks(CHUNK) {
        worker::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    let ids: HashMap<String, i32> = worker::Entity::find()
        .select_only()
        .column(worker::Column::CitizenId)
        .column(worker::Column::Id)
        .filter(worker::Column::Id.gt(before.unwrap_or(0)))
        .into_tuple::<(String, i32)>()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let mut filled: HashMap<usize, i32> = HashMap::new();
    let mut cases = Vec::with_capacity(batch.len());
    for p in batch.drain(..) {
        let worker_id = *ids
            .get(&p.citizen_id)
            .ok_or_else(|| refused(format!("worker {} not read back", p.citizen_id)))?;
        *filled.entry(p.order).or_default() += 1;
        let mut case = p.case;
        case.worker_id = Set(worker_id);
        cases.push(case);
    }
    let count = cases.len() as u64;
    for chunk in cases.chunks(CHUNK) {
        case::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    let mut filled: Vec<(usize, i32)> = filled.into_iter().collect();
    filled.sort_unstable();
    for (order, n) in filled {
        job_order::Entity::update_many()
            .col_expr(
                job_order::Column::Filled,
                Expr::col(job_order::Column::Filled).add(n),
            )
            .filter(job_order::Column::Id.eq(orders[order].id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(count)
}
