//! The public registry: read-only, open to everyone, so no permission check beyond "published".

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::entity::{agency, case, job_order, licence_event, market, market_suspension, province};
use super::{Backend, ServiceError};
use crate::api::agencies::{
    AgencyDetailView, AgencyRowView, LicenceEventView, MarketView, RegistryPageView,
    RegistrySummaryView, SuspensionView,
};
use crate::domain::agencies::{
    page_count, standing_on, LicenceEventKind, LicenceStatus, RegistryFilter, Standing, Suspension,
    REGISTRY_PAGE_SIZE,
};
use crate::domain::cases::CaseState;
use crate::domain::text::search_terms;

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

async fn markets(backend: &Backend) -> Result<HashMap<String, MarketView>, ServiceError> {
    Ok(market::Entity::find()
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|m| {
            (
                m.code.clone(),
                MarketView {
                    code: m.code,
                    name_vi: m.name_vi,
                    name_en: m.name_en,
                },
            )
        })
        .collect())
}

fn market_view(markets: &HashMap<String, MarketView>, code: &str) -> MarketView {
    markets.get(code).cloned().unwrap_or_else(|| MarketView {
        code: code.to_owned(),
        name_vi: code.to_owned(),
        name_en: code.to_owned(),
    })
}

async fn province_names(backend: &Backend) -> Result<HashMap<String, String>, ServiceError> {
    Ok(province::Entity::find()
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.short_name))
        .collect())
}

async fn sent_counts(
    backend: &Backend,
    agency_ids: &[i32],
) -> Result<HashMap<i32, u64>, ServiceError> {
    let rows: Vec<(i32, i64)> = case::Entity::find()
        .select_only()
        .column(case::Column::AgencyId)
        .column_as(case::Column::Id.count(), "n")
        .filter(case::Column::AgencyId.is_in(agency_ids.iter().copied()))
        .filter(case::Column::State.is_in(sent_states()))
        .group_by(case::Column::AgencyId)
        .into_tuple()
        .all(&backend.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}

fn to_suspension(s: &market_suspension::Model) -> Suspension {
    Suspension {
        market_code: s.market_code.clone(),
        starts_on: s.starts_on,
        ends_on: s.ends_on,
    }
}

/// One page of the registry matching `filter`, ordered by name.
pub async fn search(
    backend: &Backend,
    filter: &RegistryFilter,
) -> Result<RegistryPageView, ServiceError> {
    let today = backend.clock.today();
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
                    .to_owned(),
            ),
        );
    }
    let paginator = select
        .order_by_asc(agency::Column::SearchText)
        .paginate(&backend.db, REGISTRY_PAGE_SIZE);
    let total = paginator.num_items().await?;
    let page = filter.page.min(page_count(total));
    let agencies = paginator.fetch_page(u64::from(page - 1)).await?;

    let ids: Vec<i32> = agencies.iter().map(|a| a.id).collect();
    let suspensions = market_suspension::Entity::find()
        .filter(market_suspension::Column::AgencyId.is_in(ids.iter().copied()))
        .filter(market_suspension::Column::StartsOn.lte(today))
        .filter(market_suspension::Column::EndsOn.gte(today))
        .order_by_asc(market_suspension::Column::MarketCode)
        .all(&backend.db)
        .await?;
    let sent = sent_counts(backend, &ids).await?;
    let markets = markets(backend).await?;
    let provinces = province_names(backend).await?;

    let rows = agencies
        .into_iter()
        .map(|a| {
            let own: Vec<&market_suspension::Model> =
                suspensions.iter().filter(|s| s.agency_id == a.id).collect();
            let status = LicenceStatus::parse(&a.licence_status).unwrap_or(LicenceStatus::Active);
            let own_domain: Vec<Suspension> = own.iter().map(|s| to_suspension(s)).collect();
            AgencyRowView {
                id: a.id,
                standing: standing_on(status, &own_domain, today),
                suspended: if status == LicenceStatus::Revoked {
                    Vec::new()
                } else {
                    own.iter()
                        .map(|s| (market_view(&markets, &s.market_code), s.ends_on))
                        .collect()
                },
                workers_sent: sent.get(&a.id).copied().unwrap_or(0),
                province: provinces.get(&a.province_code).cloned().unwrap_or_default(),
                name: a.name,
                licence_number: a.licence_number,
            }
        })
        .collect();

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
    let markets = markets(backend).await?;
    let province = province::Entity::find_by_id(a.province_code.clone())
        .one(&backend.db)
        .await?
        .map(|p| p.short_name)
        .unwrap_or_default();
    let workers_sent = sent_counts(backend, &[id])
        .await?
        .get(&id)
        .copied()
        .unwrap_or(0);

    let status = LicenceStatus::parse(&a.licence_status).unwrap_or(LicenceStatus::Active);
    let domain_suspensions: Vec<Suspension> = suspensions.iter().map(to_suspension).collect();
    let mut markets_served: Vec<MarketView> =
        served.iter().map(|c| market_view(&markets, c)).collect();
    markets_served.sort_by(|x, y| x.code.cmp(&y.code));

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
                market: market_view(&markets, &s.market_code),
                starts_on: s.starts_on,
                ends_on: s.ends_on,
                in_force: to_suspension(s).in_force_on(today),
                decision_ref: s.decision_ref.clone(),
                reason: s.reason.clone(),
            })
            .collect(),
        history: events
            .into_iter()
            .filter_map(|e| {
                Some(LicenceEventView {
                    happened_on: e.happened_on,
                    kind: LicenceEventKind::parse(&e.kind)?,
                    market: e.market_code.as_deref().map(|c| market_view(&markets, c)),
                    until: e.until,
                    decision_ref: e.decision_ref,
                    note: e.note,
                })
            })
            .collect(),
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
        workers_sent: u64::try_from(workers_sent).unwrap_or(0),
    })
}

/// Destination markets in their display order, for filters.
pub async fn markets_in_order(backend: &Backend) -> Result<Vec<MarketView>, ServiceError> {
    Ok(market::Entity::find()
        .order_by_asc(market::Column::SortOrder)
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|m| MarketView {
            code: m.code,
            name_vi: m.name_vi,
            name_en: m.name_en,
        })
        .collect())
}
