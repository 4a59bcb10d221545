//! The agencies ranked by risk, for inspectors and national officers: each factor counted live
//! from the records (complaints, the payment ledger, the cases, inspections), scored by the
//! method in force today (`domain::risk`, its numbers reference rules). The page of one agency
//! lists the records behind each count from the same computation, so a count and its list
//! cannot disagree.

use std::collections::{BTreeMap, HashMap};

use chrono::Months;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

mod factors;

use factors::{factor, orders_in, Window};

use super::access::require;
use super::audit::RequestMeta;
use super::decode::unknown;
use super::entity::{agency, case};
use super::{rules, Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, Decision, Target};
use crate::domain::risk::{rank, score, Factor, Method, Score, Tallies, Tally};
use crate::views::risk::{FactorRecords, RiskAgencyView, RiskQuery, RiskRecord, RiskRow, RiskView};

/// The records behind a factor's count, by agency.
type Found = BTreeMap<i32, Vec<RiskRecord>>;
/// What a rate is out of, by agency.
type OutOf = HashMap<i32, u64>;

/// The most records listed under one factor on an agency's page; the count is whole.
const LISTED: usize = 100;

/// The ranking as computed for a query: the agencies in it, riskiest first, and each factor's
/// records.
struct Ranked {
    method: Method,
    window: Window,
    province: Option<String>,
    sort: Option<Factor>,
    agencies: HashMap<i32, agency::Model>,
    scores: Vec<Score>,
    found: Vec<Found>,
}

async fn compute(backend: &Backend, q: &RiskQuery) -> Result<Ranked, ServiceError> {
    let db = &backend.db;
    let today = backend.clock.today();
    let book = rules::book(backend).await?;
    let method = Method::in_force(&book, today)?;
    let months = u32::try_from(method.window_months.value)
        .map_err(|_| unknown("legal_rules.value", "risk_window_months", "out of range"))?;
    let from = today
        .checked_sub_months(Months::new(months))
        .ok_or_else(|| unknown("legal_rules.value", "risk_window_months", "out of range"))?;
    let reference = backend.reference.get(db).await?;
    let market =
        Some(q.market.trim().to_owned()).filter(|m| reference.markets.iter().any(|x| &x.code == m));
    let province =
        Some(q.province.trim().to_owned()).filter(|p| reference.provinces.contains_key(p));
    let sort = Factor::parse(q.sort.trim());
    let window = Window {
        from,
        today,
        market,
    };

    let mut agencies = agency::Entity::find();
    if let Some(p) = &province {
        agencies = agencies.filter(agency::Column::ProvinceCode.eq(p.clone()));
    }
    if let Some(m) = &window.market {
        agencies = agencies.filter(
            agency::Column::Id.in_subquery(
                Query::select()
                    .column(case::Column::AgencyId)
                    .from(case::Entity)
                    .and_where(case::Column::JobOrderId.in_subquery(orders_in(m)))
                    .to_owned(),
            ),
        );
    }
    let agencies: HashMap<i32, agency::Model> = agencies
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();

    let mut found = Vec::new();
    let mut out_of = Vec::new();
    for f in Factor::ALL {
        let (mut records, d) = factor(db, &window, f).await?;
        records.retain(|a, _| agencies.contains_key(a));
        found.push(records);
        out_of.push(d);
    }
    let mut ids: Vec<i32> = agencies.keys().copied().collect();
    ids.sort_unstable();
    let tallies: Vec<Tallies> = ids
        .iter()
        .map(|id| Tallies {
            agency_id: *id,
            tallies: (0..Factor::ALL.len())
                .map(|i| Tally {
                    count: found[i].get(id).map_or(0, |v| v.len() as u64),
                    out_of: out_of[i].get(id).copied().unwrap_or(0),
                })
                .collect(),
        })
        .collect();
    let mut scores = score(&method, &tallies);
    rank(&mut scores, sort);
    Ok(Ranked {
        method,
        window,
        province,
        sort,
        agencies,
        scores,
        found,
    })
}

fn row(r: &Ranked, place: usize, s: &Score) -> Result<RiskRow, ServiceError> {
    let a = r
        .agencies
        .get(&s.agency_id)
        .ok_or_else(|| unknown("agencies.id", s.agency_id, "not loaded"))?;
    Ok(RiskRow {
        rank: u32::try_from(place + 1).unwrap_or(u32::MAX),
        agency_id: a.id,
        name: a.name.clone(),
        licence_number: a.licence_number.clone(),
        province: a.province_code.clone(),
        licence_status: a.licence_status.clone(),
        score: s.clone(),
    })
}

async fn allowed(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    what: String,
) -> Result<(), ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::ViewRiskRanking,
        Target::Nothing,
        ("risk_ranking", what),
    )
    .await
}

/// The ranking page.
pub async fn ranking(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    q: &RiskQuery,
) -> Result<RiskView, ServiceError> {
    allowed(backend, meta, actor, "all".to_owned()).await?;
    let r = compute(backend, q).await?;
    let rows = r
        .scores
        .iter()
        .enumerate()
        .map(|(i, s)| row(&r, i, s))
        .collect::<Result<Vec<_>, _>>()?;
    let reference = backend.reference.get(&backend.db).await?;
    let mut provinces: Vec<(String, String)> = reference
        .provinces
        .iter()
        .map(|(c, n)| (c.clone(), n.clone()))
        .collect();
    provinces.sort();
    Ok(RiskView {
        from: r.window.from,
        today: r.window.today,
        province: r.province,
        market: r.window.market,
        sort: r.sort,
        method: r.method,
        provinces,
        markets: reference.markets.clone(),
        rows,
    })
}

/// One agency's place in the ranking, and the records behind each of its counts.
pub async fn agency(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    agency_id: i32,
    q: &RiskQuery,
) -> Result<RiskAgencyView, ServiceError> {
    allowed(backend, meta, actor, agency_id.to_string()).await?;
    let r = compute(backend, q).await?;
    let place = r
        .scores
        .iter()
        .position(|s| s.agency_id == agency_id)
        .ok_or(ServiceError::NotFound)?;
    let row = row(&r, place, &r.scores[place])?;
    let records = Factor::ALL
        .iter()
        .zip(&r.found)
        .map(|(f, found)| {
            let mut all = found.get(&agency_id).cloned().unwrap_or_default();
            all.sort_by(|a, b| b.on.cmp(&a.on).then(b.id.cmp(&a.id)));
            let count = all.len() as u64;
            all.truncate(LISTED);
            FactorRecords {
                factor: *f,
                count,
                records: all,
            }
        })
        .collect();
    Ok(RiskAgencyView {
        ranked: u32::try_from(r.scores.len()).unwrap_or(u32::MAX),
        row,
        method: r.method,
        from: r.window.from,
        today: r.window.today,
        market: r.window.market,
        records,
        may_plan: decide(actor, Action::RecordInspections, Target::Nothing) == Decision::Allow,
        may_open_inspections: decide(actor, Action::ViewInspections, Target::Nothing)
            == Decision::Allow,
    })
}
