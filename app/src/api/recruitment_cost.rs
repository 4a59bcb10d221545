//! Server function of the recruitment-cost indicator page.

use leptos::prelude::*;

use super::AppError;
use crate::views::recruitment_cost::{RecruitmentCostQuery, RecruitmentCostView};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "statistics/recruitment-cost", input = leptos::server_fn::codec::Json)]
pub async fn recruitment_cost(q: RecruitmentCostQuery) -> Result<RecruitmentCostView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::recruitment_cost::view(&c.backend, &c.meta, c.actor(), &q).await?)
}
