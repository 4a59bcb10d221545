//! The recruitment cost indicator (SDG 10.7.1) over the departed workers an officer may count:
//! a provincial officer the workers of their province, national officers and inspectors every
//! worker. Each worker's cost is their case's ledger as the money page totals it; the first
//! month's earnings come from the monthly updates. The arithmetic is the domain's.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::access::require;
use super::audit::RequestMeta;
use super::decode::{stored, stored_json};
use super::entity::{case, case_event, job_order, payment, worker};
use super::job_orders::order_terms;
use super::lifecycle::file_of;
use super::payments::worker_lens;
use super::{rules, Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target};
use crate::domain::accounts::Role;
use crate::domain::citizen_id::Sex;
use crate::domain::lifecycle::Event;
use crate::domain::recruitment_cost::{indicator, CaseCost, Groups, Lens, MonthReport};
use crate::views::recruitment_cost::{RecruitmentCostQuery, RecruitmentCostView};

/// The filters read from the page's query; a value that is not one of the form's choices is
/// dropped (the form shows what was applied).
struct Filters {
    year: Option<i32>,
    market: Option<String>,
    lens: Lens,
}

fn filters(q: &RecruitmentCostQuery, markets: &[String]) -> Filters {
    Filters {
        year: q
            .year
            .trim()
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y)),
        market: Some(q.market.trim().to_owned()).filter(|m| markets.contains(m)),
        lens: Lens::parse(q.lens.trim()).unwrap_or_default(),
    }
}

/// The ids of the departed cases in scope that the filters select.
fn departed_cases(scope: Option<&str>, f: &Filters) -> SelectStatement {
    let mut cond = Condition::all().add(case::Column::DepartedOn.is_not_null());
    if let Some(y) = f.year {
        if let (Some(from), Some(to)) = (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y, 12, 31),
        ) {
            cond = cond.add(case::Column::DepartedOn.between(from, to));
        }
    }
    if let Some(m) = &f.market {
        cond = cond.add(
            case::Column::JobOrderId.in_subquery(
                Query::select()
                    .column(job_order::Column::Id)
                    .from(job_order::Entity)
                    .and_where(job_order::Column::MarketCode.eq(m.clone()))
                    .to_owned(),
            ),
        );
    }
    if let Some(p) = scope {
        cond = cond.add(in_province(p));
    }
    Query::select()
        .column(case::Column::Id)
        .from(case::Entity)
        .cond_where(cond)
        .to_owned()
}

/// `column` of the cases `ids` selects.
fn of_cases(column: case::Column, ids: &SelectStatement) -> SelectStatement {
    Query::select()
        .column(column)
        .from(case::Entity)
        .and_where(case::Column::Id.in_subquery(ids.clone()))
        .to_owned()
}

fn in_province(p: &str) -> sea_orm::sea_query::SimpleExpr {
    case::Column::WorkerId.in_subquery(
        Query::select()
            .column(worker::Column::Id)
            .from(worker::Entity)
            .and_where(worker::Column::ProvinceCode.eq(p))
            .to_owned(),
    )
}

/// The indicator page for `actor`.
pub async fn view(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    q: &RecruitmentCostQuery,
) -> Result<RecruitmentCostView, ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::ViewStatistics,
        Target::Nothing,
        ("statistics", "recruitment_cost".to_owned()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let scope = match actor.role {
        Role::ProvincialOfficer => {
            Some(actor.province_code.clone().ok_or(ServiceError::Forbidden)?)
        }
        _ => None,
    };
    let db = &backend.db;
    let reference = backend.reference.get(db).await?;
    let codes: Vec<String> = reference.markets.iter().map(|m| m.code.clone()).collect();
    let f = filters(q, &codes);
    let today = backend.clock.today();
    let book = rules::book(backend).await?;

    let mut years_q = case::Entity::find()
        .select_only()
        .column(case::Column::DepartedOn)
        .filter(case::Column::DepartedOn.is_not_null());
    if let Some(p) = &scope {
        years_q = years_q.filter(in_province(p));
    }
    let years: BTreeSet<i32> = years_q
        .into_tuple::<Option<NaiveDate>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .map(|d| d.year())
        .collect();

    let ids = departed_cases(scope.as_deref(), &f);
    let cases = case::Entity::find()
        .filter(case::Column::Id.in_subquery(ids.clone()))
        .all(db)
        .await?;
    let workers: HashMap<i32, worker::Model> = worker::Entity::find()
        .filter(worker::Column::Id.in_subquery(of_cases(case::Column::WorkerId, &ids)))
        .all(db)
        .await?
        .into_iter()
        .map(|w| (w.id, w))
        .collect();
    let orders: HashMap<i32, job_order::Model> = job_order::Entity::find()
        .filter(job_order::Column::Id.in_subquery(of_cases(case::Column::JobOrderId, &ids)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut payments: HashMap<i32, Vec<payment::Model>> = HashMap::new();
    for p in payment::Entity::find()
        .filter(payment::Column::CaseId.in_subquery(ids.clone()))
        .all(db)
        .await?
    {
        payments.entry(p.case_id).or_default().push(p);
    }
    let mut reports: HashMap<i32, Vec<MonthReport>> = HashMap::new();
    for e in case_event::Entity::find()
        .filter(case_event::Column::CaseId.in_subquery(ids))
        .filter(case_event::Column::Kind.eq("event"))
        .filter(case_event::Column::Step.eq("monthly_update"))
        .order_by_asc(case_event::Column::Id)
        .all(db)
        .await?
    {
        match stored_json::<Event>("case_events.data", e.id, &e.data)? {
            Event::MonthlyUpdate {
                month,
                earnings,
                reported_by,
                ..
            } => reports.entry(e.case_id).or_default().push(MonthReport {
                month,
                earnings,
                reported_by,
            }),
            _ => {
                return Err(super::decode::unknown(
                    "case_events.data",
                    e.id,
                    "an event stored as a monthly update that is not one",
                ))
            }
        }
    }

    let mut rows = Vec::with_capacity(cases.len());
    for c in &cases {
        let (Some(departed_on), Some(w), Some(o)) = (
            c.departed_on,
            workers.get(&c.worker_id),
            orders.get(&c.job_order_id),
        ) else {
            return Err(super::decode::unknown(
                "cases.worker_id",
                c.id,
                "a departed case without its worker or order",
            ));
        };
        let sex: Sex = stored("workers.sex", w.id, &w.sex)?;
        let file = file_of(c)?;
        let terms = order_terms(o)?;
        let ledger = payments.remove(&c.id).unwrap_or_default();
        let (borne_vnd, over_law_vnd) =
            worker_lens(&ledger, &book, &terms, file.contract.as_ref(), today)?;
        rows.push((
            Groups {
                market: o.market_code.clone(),
                occupation: o.occupation_code.clone(),
                sex: sex.as_str().to_owned(),
                province: w.province_code.clone(),
            },
            CaseCost {
                departed_on,
                borne_vnd,
                over_law_vnd,
                reports: reports.remove(&c.id).unwrap_or_default(),
            },
        ));
    }
    let ind = indicator(&rows, f.lens, &book, today);
    let used: BTreeSet<&str> = ind
        .by_corridor
        .iter()
        .filter_map(|r| r.key.1.as_deref())
        .collect();
    let provinces: BTreeMap<String, String> = ind
        .by_province
        .iter()
        .map(|r| (r.key.clone(), reference.province(&r.key)))
        .collect();
    Ok(RecruitmentCostView {
        year: f.year,
        market: f.market,
        lens: f.lens,
        years: years.into_iter().rev().collect(),
        markets: reference.markets.clone(),
        occupations: reference
            .occupations
            .iter()
            .filter(|o| used.contains(o.code.as_str()))
            .cloned()
            .collect(),
        provinces: provinces.into_iter().collect(),
        scope: scope.map(|p| reference.province(&p)),
        indicator: ind,
    })
}
