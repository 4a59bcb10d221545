//! Server functions of the risk-ranking pages.

use leptos::prelude::*;

use super::AppError;
use crate::views::risk::{RiskAgencyView, RiskQuery, RiskView};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "risk/ranking", input = leptos::server_fn::codec::Json)]
pub async fn risk_ranking(q: RiskQuery) -> Result<RiskView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::risk::ranking(&c.backend, &c.meta, c.actor(), &q).await?)
}

#[server(endpoint = "risk/agency", input = leptos::server_fn::codec::Json)]
pub async fn risk_agency(id: i32, q: RiskQuery) -> Result<RiskAgencyView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::risk::agency(&c.backend, &c.meta, c.actor(), id, &q).await?)
}
