//! Server functions of job orders (supply contracts): the public board, one order, the agency's
//! orders and DOLAB's queue.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::agencies::MarketView;
use super::AppError;
use crate::domain::agencies::Standing;
use crate::domain::job_orders::{OrderStatus, SendingForm};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    pub id: i32,
    pub agency_id: i32,
    pub agency_name: String,
    pub licence_number: String,
    pub standing: Standing,
    pub market: MarketView,
    pub employer: String,
    pub occupation: String,
    pub headcount: i32,
    pub filled: i32,
    pub wage_amount: i64,
    pub wage_currency: String,
    pub term_months: i32,
    pub service_fee_vnd: i64,
    pub deposit_vnd: i64,
    pub working_conditions: String,
    pub form: SendingForm,
    pub status: OrderStatus,
    pub submitted_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    /// DOLAB's deadline while the order waits for a decision.
    pub decision_due: Option<NaiveDate>,
    pub decision_reason: Option<String>,
    /// The legal service-fee cap for this wage and term, when the currency's rate is known.
    pub fee_cap_vnd: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderBoardView {
    pub rows: Vec<OrderView>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub markets: Vec<MarketView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderPageView {
    pub order: OrderView,
    pub today: NaiveDate,
    pub can_submit: bool,
    pub can_decide: bool,
    pub can_apply: bool,
    /// The worker's case under this order, if they applied.
    pub my_case: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyOrdersView {
    pub agency: String,
    pub rows: Vec<OrderView>,
    pub markets: Vec<MarketView>,
    pub may_draft: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingOrdersView {
    pub today: NaiveDate,
    pub rows: Vec<OrderView>,
}

#[server(endpoint = "orders/board", input = leptos::server_fn::codec::Json)]
pub async fn order_board(market: Option<String>, page: u64) -> Result<OrderBoardView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::job_orders::board(&c.backend, market, page).await?)
}

#[server(endpoint = "orders/view", input = leptos::server_fn::codec::Json)]
pub async fn order_page(id: i32) -> Result<OrderPageView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::job_orders::page(&c.backend, &c.meta, c.actor(), id).await?)
}

#[server(endpoint = "orders/mine", input = leptos::server_fn::codec::Json)]
pub async fn agency_orders() -> Result<AgencyOrdersView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::job_orders::of_agency(&c.backend, &c.meta, c.actor()).await?)
}

#[server(endpoint = "orders/pending", input = leptos::server_fn::codec::Json)]
pub async fn pending_orders() -> Result<PendingOrdersView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::job_orders::pending(&c.backend, &c.meta, c.actor()).await?)
}
