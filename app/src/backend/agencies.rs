//! The public registry: read-only, open to everyone, so no permission check beyond "published".

use sea_orm::sea_query::{Expr, Query, SelectStatement, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::decode::{stored, stored_json, stored_number};
use super::entity::{agency, case, job_order, licence_event, market_suspension};
use super::{Backend, ServiceError};
use crate::domain::agencies::{
    page_count, standing_on, LicenceEventKind, LicenceStatus, RegistryFilter, Standing, Suspension,
    REGISTRY_PAGE_SIZE,
};
use crate::domain::cases::CaseState;
use crate::domain::text::search_terms;
use crate::views::agencies::{
    AgencyDetailView, AgencyRowView, LicenceEventView, MarketView, RegistryPageView,
    RegistrySummaryView, SuspensionView,
};

fn suspended_agency_ids(day: chrono::NaiveDate) -> SelectStatement {
    Query::select()
        .column(market_suspension::Column::AgencyId)
        .from(market_suspension::Entity)
        .and_where(market_suspension::Column::StartsOn.lte(day))
        .and_where(market_suspension::Column::EndsOn.gte(day))
        .to_owned()
}

fn standing_condition(standing: Standing, day: chrono::NaiveDate) -> Condition {
    let active = agency::Column::LicenceStatus.eq(LicenceStatus::Active.as_str());
    match standing {
        Standing::Revoked => {
            Condition::all().add(agency::Column::LicenceStatus.eq(LicenceStatus::Revoked.as_str()))
        }
        Standing::Suspended => Condition::all()
            .add(active)
            .add(agency::Column::Id.in_subquery(suspended_agency_ids(day))),
        Standing::Active => Condition::all()
            .add(active)
            .add(agency::Column::Id.not_in_subquery(suspended_agency_ids(day))),
    }
}

fn sent_states() -> Vec<&'static str> {
    CaseState::SENT.iter().map(|s| s.as_str()).collect()
}

fn to_suspension(s: &market_suspension::Model) -> Suspension {
    Suspension {
        market_code: s.market_code.clone(),
        starts_on: s.starts_on,
        ends_on: s.ends_on,
    }
}

/// The number of workers an agency has sent abroad, as a correlated subquery on `agencies`.
fn workers_sent_expr() -> SimpleExpr {
    SimpleExpr::SubQuery(
        None,
        Box::new(
            Query::select()
                .expr(Expr::col((case::Entity, case::Column::Id)).count())
                .from(case::Entity)
                .and_where(
                    Expr::col((case::Entity, case::Column::AgencyId))
                        .equals((agency::Entity, agency::Column::Id)),
                )
                .and_where(case::Column::State.is_in(sent_states()))
                .to_owned()
                .into_sub_query_statement(),
        ),
    )
}

/// The ground a revocation recorded here names.
#[derive(Debug, serde::Deserialize)]
struct Revoked {
    ground: crate::domain::licences::RevocationGround,
}

/// What an amendment recorded here changed.
#[derive(Debug, serde::Deserialize)]
struct Amended {
    changes: Vec<crate::domain::licences::Change>,
}

#[derive(Debug, FromQueryResult)]
struct RegistryRow {
    id: i32,
    name: String,
    licence_number: String,
    licence_status: String,
    province_code: String,
    workers_sent: i64,
}

/// One page of the registry matching `filter`, ordered by name: three queries (count, page with
/// the sent counts, suspensions in force on the page).
pub async fn search(
    backend: &Backend,
    filter: &RegistryFilter,
) -> Result<RegistryPageView, ServiceError> {
    let today = backend.clock.today();
    let reference = backend.reference.get(&backend.db).await?;
    let mut select = agency::Entity::find();
    for term in search_terms(&filter.q) {
        select = select.filter(agency::Column::SearchText.contains(&term));
    }
    if let Some(standing) = filter.standing {
        select = select.filter(standing_condition(standing, today));
    }
    if let Some(code) = &filter.market {
        select = select.filter(
            agency::Column::Id.in_subquery(
                Query::select()
                    .column(job_order::Column::AgencyId)
                    .from(job_order::Entity)
                    .and_where(job_order::Column::MarketCode.eq(code.as_str()))
                    .and_where(job_order::Column::Status.eq("approved"))
                    .to_owned(),
            ),
        );
    }
    let total = select.clone().count(&backend.db).await?;
    let page = filter.page.max(1).min(page_count(total).max(1));
    let rows: Vec<RegistryRow> = select
        .select_only()
        .columns([
            agency::Column::Id,
            agency::Column::Name,
            agency::Column::LicenceNumber,
            agency::Column::LicenceStatus,
            agency::Column::ProvinceCode,
        ])
        .column_as(workers_sent_expr(), "workers_sent")
        .order_by_asc(agency::Column::SearchText)
        .offset(u64::from(page.saturating_sub(1)) * REGISTRY_PAGE_SIZE)
        .limit(REGISTRY_PAGE_SIZE)
        .into_model()
        .all(&backend.db)
        .await?;

    let suspensions = market_suspension::Entity::find()
        .filter(market_suspension::Column::AgencyId.is_in(rows.iter().map(|r| r.id)))
        .filter(market_suspension::Column::StartsOn.lte(today))
        .filter(market_suspension::Column::EndsOn.gte(today))
        .order_by_asc(market_suspension::Column::MarketCode)
        .all(&backend.db)
        .await?;

    let rows = rows
        .into_iter()
        .map(|a| {
            let own: Vec<&market_suspension::Model> =
                suspensions.iter().filter(|s| s.agency_id == a.id).collect();
            let status: LicenceStatus = stored("agencies.licence_status", a.id, &a.licence_status)?;
            let in_force: Vec<Suspension> = own.iter().map(|s| to_suspension(s)).collect();
            Ok(AgencyRowView {
                id: a.id,
                standing: standing_on(status, &in_force, today),
                suspended: if status == LicenceStatus::Revoked {
                    Vec::new()
                } else {
                    own.iter()
                        .map(|s| (reference.market(&s.market_code), s.ends_on))
                        .collect()
                },
                workers_sent: stored_number("cases.count", a.id, a.workers_sent)?,
                province: reference.province(&a.province_code),
                name: a.name,
                licence_number: a.licence_number,
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;

    Ok(RegistryPageView {
        rows,
        total,
        page,
        page_count: page_count(total),
    })
}

/// Everything the public may know about one agency.
pub async fn detail(backend: &Backend, id: i32) -> Result<AgencyDetailView, ServiceError> {
    let today = backend.clock.today();
    let a = agency::Entity::find_by_id(id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let suspensions = market_suspension::Entity::find()
        .filter(market_suspension::Column::AgencyId.eq(id))
        .order_by_desc(market_suspension::Column::StartsOn)
        .all(&backend.db)
        .await?;
    let events = licence_event::Entity::find()
        .filter(licence_event::Column::AgencyId.eq(id))
        .order_by_desc(licence_event::Column::HappenedOn)
        .order_by_desc(licence_event::Column::Id)
        .all(&backend.db)
        .await?;
    let served: Vec<String> = job_order::Entity::find()
        .select_only()
        .column(job_order::Column::MarketCode)
        .distinct()
        .filter(job_order::Column::AgencyId.eq(id))
        .filter(job_order::Column::Status.eq("approved"))
        .into_tuple()
        .all(&backend.db)
        .await?;
    let reference = backend.reference.get(&backend.db).await?;
    let province = reference.province(&a.province_code);
    let workers_sent = case::Entity::find()
        .filter(case::Column::AgencyId.eq(id))
        .filter(case::Column::State.is_in(sent_states()))
        .count(&backend.db)
        .await?;

    let status: LicenceStatus = stored("agencies.licence_status", a.id, &a.licence_status)?;
    let domain_suspensions: Vec<Suspension> = suspensions.iter().map(to_suspension).collect();
    let mut markets_served: Vec<MarketView> = served.iter().map(|c| reference.market(c)).collect();
    markets_served.sort_by(|x, y| x.code.cmp(&y.code));
    let history = events
        .into_iter()
        .map(|e| {
            let kind: LicenceEventKind = stored("licence_events.kind", e.id, &e.kind)?;
            const COLUMN: &str = "licence_events.details";
            let (ground, changes) = match (kind, e.details.as_deref()) {
                (LicenceEventKind::Revoked, Some(d)) => (
                    Some(stored_json::<Revoked>(COLUMN, e.id, d)?.ground),
                    Vec::new(),
                ),
                (LicenceEventKind::Amended, Some(d)) => {
                    (None, stored_json::<Amended>(COLUMN, e.id, d)?.changes)
                }
                _ => (None, Vec::new()),
            };
            Ok(LicenceEventView {
                decided_on: e.decided_on,
                signer: e.signer,
                clause: e.clause,
                ground,
                changes,
                happened_on: e.happened_on,
                kind,
                market: e.market_code.as_deref().map(|c| reference.market(c)),
                until: e.until,
                decision_ref: e.decision_ref,
                note: e.note,
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;

    Ok(AgencyDetailView {
        id: a.id,
        standing: standing_on(status, &domain_suspensions, today),
        revoked_on: a.revoked_on,
        province,
        workers_sent,
        markets_served,
        suspensions: suspensions
            .iter()
            .map(|s| SuspensionView {
                market: reference.market(&s.market_code),
                starts_on: s.starts_on,
                ends_on: s.ends_on,
                in_force: to_suspension(s).in_force_on(today),
                decision_ref: s.decision_ref.clone(),
                reason: s.reason.clone(),
                clause: s.clause.clone(),
            })
            .collect(),
        history,
        name: a.name,
        enterprise_code: a.enterprise_code,
        licence_number: a.licence_number,
        licence_date: a.licence_date,
        address: a.address,
        phone: a.phone,
        email: a.email,
        website: a.website,
    })
}

/// Counts for the home page.
pub async fn summary(backend: &Backend) -> Result<RegistrySummaryView, ServiceError> {
    let today = backend.clock.today();
    let count = |standing: Standing| {
        agency::Entity::find()
            .filter(standing_condition(standing, today))
            .count(&backend.db)
    };
    // An agency whose licence status cannot be read would be in none of the three counts.
    let unreadable = agency::Entity::find()
        .filter(agency::Column::LicenceStatus.is_not_in([
            LicenceStatus::Active.as_str(),
            LicenceStatus::Revoked.as_str(),
        ]))
        .one(&backend.db)
        .await?;
    if let Some(a) = unreadable {
        stored::<LicenceStatus>("agencies.licence_status", a.id, &a.licence_status)?;
    }
    let active = count(Standing::Active).await?;
    let suspended = count(Standing::Suspended).await?;
    let revoked = count(Standing::Revoked).await?;
    let workers_sent = case::Entity::find()
        .select_only()
        .column_as(Expr::col(case::Column::WorkerId).count_distinct(), "n")
        .filter(case::Column::State.is_in(sent_states()))
        .into_tuple::<i64>()
        .one(&backend.db)
        .await?
        .unwrap_or(0);
    Ok(RegistrySummaryView {
        active,
        suspended,
        revoked,
        workers_sent: stored_number("cases.count", "all", workers_sent)?,
    })
}

/// Destination markets in their display order, for filters.
pub async fn markets_in_order(backend: &Backend) -> Result<Vec<MarketView>, ServiceError> {
    Ok(backend.reference.get(&backend.db).await?.markets.clone())
}
