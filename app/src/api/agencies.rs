//! The public registry of licensed agencies.

use leptos::prelude::*;

use super::AppError;
use crate::domain::agencies::RegistryFilter;
use crate::views::agencies::{AgencyDetailView, MarketView, RegistryPageView, RegistrySummaryView};

#[cfg(feature = "ssr")]
fn backend() -> Result<crate::backend::Backend, AppError> {
    use_context::<crate::backend::Backend>().ok_or_else(|| {
        AppError::from(crate::backend::ServiceError::Unexpected(
            "no backend in context".into(),
        ))
    })
}

#[server(endpoint = "registry/search", input = leptos::server_fn::codec::Json)]
pub async fn search_registry(filter: RegistryFilter) -> Result<RegistryPageView, AppError> {
    let backend = backend()?;
    Ok(crate::backend::agencies::search(&backend, &filter).await?)
}

#[server(endpoint = "registry/agency", input = leptos::server_fn::codec::Json)]
pub async fn agency_detail(id: i32) -> Result<AgencyDetailView, AppError> {
    let backend = backend()?;
    Ok(crate::backend::agencies::detail(&backend, id).await?)
}

#[server(endpoint = "registry/summary", input = leptos::server_fn::codec::Json)]
pub async fn registry_summary() -> Result<RegistrySummaryView, AppError> {
    let backend = backend()?;
    Ok(crate::backend::agencies::summary(&backend).await?)
}

#[server(endpoint = "registry/markets", input = leptos::server_fn::codec::Json)]
pub async fn registry_markets() -> Result<Vec<MarketView>, AppError> {
    let backend = backend()?;
    Ok(crate::backend::agencies::markets_in_order(&backend).await?)
}
