//! Reference data that only migrations change (markets, provinces), kept in memory for a few
//! seconds, so a registry page does not spend queries on lists that rarely move.

use std::collections::HashMap;
use std::sync::Arc;

use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

use super::entity::{market, occupation, province};
use super::ServiceError;
use crate::views::agencies::MarketView;
use crate::views::job_orders::OccupationView;

#[derive(Debug, Default)]
pub struct ReferenceData {
    /// In display order.
    pub markets: Vec<MarketView>,
    /// Short names of the 34 provinces, by code.
    pub provinces: HashMap<String, String>,
    /// The project's occupation list, in display order.
    pub occupations: Vec<OccupationView>,
}

impl ReferenceData {
    pub fn market(&self, code: &str) -> MarketView {
        self.markets
            .iter()
            .find(|m| m.code == code)
            .cloned()
            .unwrap_or_else(|| MarketView {
                code: code.to_owned(),
                name_vi: code.to_owned(),
                name_en: code.to_owned(),
            })
    }

    pub fn occupation(&self, code: &str) -> Option<&OccupationView> {
        self.occupations.iter().find(|o| o.code == code)
    }

    pub fn province(&self, code: &str) -> String {
        self.provinces.get(code).cloned().unwrap_or_default()
    }
}

/// Loaded on use and kept a few seconds (`cache::FRESH_FOR`), so what a migration run by another
/// process adds is seen here soon; a failed load is not cached.
#[derive(Clone, Default)]
pub struct ReferenceCache(super::cache::Expiring<ReferenceData>);

impl ReferenceCache {
    pub async fn get(&self, db: &DatabaseConnection) -> Result<Arc<ReferenceData>, ServiceError> {
        if let Some(data) = self.0.get() {
            return Ok(data);
        }
        let ticket = self.0.ticket();
        let data = Arc::new(load(db).await?);
        self.0.put(ticket, data.clone());
        Ok(data)
    }
}

async fn load(db: &DatabaseConnection) -> Result<ReferenceData, ServiceError> {
    let markets = market::Entity::find()
        .order_by_asc(market::Column::SortOrder)
        .all(db)
        .await?
        .into_iter()
        .map(|m| MarketView {
            code: m.code,
            name_vi: m.name_vi,
            name_en: m.name_en,
        })
        .collect();
    let provinces = province::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.short_name))
        .collect();
    let occupations = occupation::Entity::find()
        .order_by_asc(occupation::Column::SortOrder)
        .all(db)
        .await?
        .into_iter()
        .map(|o| OccupationView {
            code: o.code,
            name_vi: o.name_vi,
            name_en: o.name_en,
        })
        .collect();
    Ok(ReferenceData {
        markets,
        provinces,
        occupations,
    })
}
