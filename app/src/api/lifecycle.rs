//! Server functions of the case lifecycle: the agency's case board, one case with its timeline
//! and deadlines, departure lists, and the legal rules in force.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::agencies::MarketView;
use super::job_orders::OrderView;
use super::AppError;
use crate::domain::accounts::Role;
use crate::domain::cases::CaseState;
use crate::domain::job_orders::ListStatus;
use crate::domain::lifecycle::{CaseFile, Deadline, EndReason, Event, NextActor, Step, StepKind};
use crate::domain::rules::{RuleEntry, Rules};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntryView {
    pub on: NaiveDate,
    pub at: DateTime<Utc>,
    /// The application itself (the first entry).
    pub applied: bool,
    pub step: Option<Step>,
    pub event: Option<Event>,
    pub to_state: Option<CaseState>,
    pub by: Option<Role>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub id: i32,
    pub version: i32,
    pub state: CaseState,
    pub applied_on: NaiveDate,
    pub selected_on: Option<NaiveDate>,
    pub departed_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
    pub worker_name: String,
    pub citizen_id: String,
    pub birth_date: NaiveDate,
    pub phone: String,
    pub province: String,
    pub order: OrderView,
    pub file: CaseFile,
    pub timeline: Vec<TimelineEntryView>,
    pub next_actor: NextActor,
    pub next_step: Option<StepKind>,
    pub deadlines: Vec<Deadline>,
    pub today: NaiveDate,
    /// Steps this viewer may try now (the guards still decide).
    pub offered: Vec<StepKind>,
    /// Events (certificate, monthly update, workplace change, incident) this viewer may record.
    pub events: Vec<String>,
    pub list: Option<(i32, ListStatus)>,
    pub certificate_valid_until: Option<NaiveDate>,
    pub fund_worker_vnd: Option<i64>,
    pub viewer: Option<Role>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRowView {
    pub id: i32,
    pub worker: String,
    pub citizen_id: String,
    pub state: CaseState,
    pub order_id: i32,
    pub market: String,
    pub employer: String,
    pub applied_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFilter {
    pub state: Option<String>,
    pub order_id: Option<i32>,
    pub market: Option<String>,
    pub overdue: bool,
    /// Name or citizen ID.
    pub q: Option<String>,
    pub page: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseBoardView {
    pub agency: String,
    pub rows: Vec<CaseRowView>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub orders: Vec<(i32, String)>,
    pub markets: Vec<MarketView>,
    pub today: NaiveDate,
    pub head_office: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartureListView {
    pub id: i32,
    pub agency: String,
    pub order_id: i32,
    pub employer: String,
    pub market: String,
    pub status: ListStatus,
    pub planned_exit_on: NaiveDate,
    pub submitted_on: NaiveDate,
    pub decided_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub reason: Option<String>,
    pub cases: Vec<CaseRowView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadyGroupView {
    pub order_id: i32,
    pub employer: String,
    pub market: String,
    pub cases: Vec<CaseRowView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartureListsView {
    pub today: NaiveDate,
    pub lists: Vec<DepartureListView>,
    /// Agencies: workers with a visa and no list yet, by order.
    pub ready: Vec<ReadyGroupView>,
    pub can_create: bool,
    pub can_decide: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulesView {
    pub today: NaiveDate,
    pub in_force: Option<Rules>,
    pub entries: Vec<RuleEntry>,
    pub can_edit: bool,
}

#[server(endpoint = "cases/board", input = leptos::server_fn::codec::Json)]
pub async fn case_board(filter: CaseFilter) -> Result<CaseBoardView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::lifecycle::board(&c.backend, &c.meta, c.actor(), filter).await?)
}

#[server(endpoint = "cases/view", input = leptos::server_fn::codec::Json)]
pub async fn case_page(id: i32) -> Result<CaseView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::lifecycle::view(&c.backend, &c.meta, c.actor(), id).await?)
}

#[server(endpoint = "lists/all", input = leptos::server_fn::codec::Json)]
pub async fn departure_lists() -> Result<DepartureListsView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::departure_lists::overview(&c.backend, &c.meta, c.actor()).await?)
}

#[server(endpoint = "rules/in-force", input = leptos::server_fn::codec::Json)]
pub async fn legal_rules() -> Result<RulesView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::lifecycle::rules_view(&c.backend, c.actor()).await?)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportProgressView {
    pub total: usize,
    pub done: usize,
    pub finished: bool,
    pub imported: Option<usize>,
    pub errors: Vec<crate::domain::import::RowError>,
}

#[server(endpoint = "cases/import-progress", input = leptos::server_fn::codec::Json)]
pub async fn import_progress(job: String) -> Result<ImportProgressView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::lifecycle::import_progress(&c.backend, &c.meta, c.actor(), &job).await?)
}
