//! What the public registry of licensed agencies shows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::agencies::{LicenceEventKind, Standing};
use crate::domain::licences::{Change, RevocationGround};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketView {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyRowView {
    pub id: i32,
    pub name: String,
    pub licence_number: String,
    pub province: String,
    pub standing: Standing,
    /// Markets in which the agency is suspended today, with the last day of suspension.
    pub suspended: Vec<(MarketView, NaiveDate)>,
    pub workers_sent: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistryPageView {
    pub rows: Vec<AgencyRowView>,
    pub total: u64,
    pub page: u32,
    pub page_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuspensionView {
    pub market: MarketView,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub in_force: bool,
    pub decision_ref: Option<String>,
    pub reason: String,
    /// The legal clause the suspension rests on (none for the registry's import).
    pub clause: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenceEventView {
    pub happened_on: NaiveDate,
    pub kind: LicenceEventKind,
    pub market: Option<MarketView>,
    pub until: Option<NaiveDate>,
    pub decision_ref: Option<String>,
    pub note: Option<String>,
    /// The day the decision was signed, and who signed it (decisions recorded here).
    pub decided_on: Option<NaiveDate>,
    pub signer: Option<String>,
    pub clause: Option<String>,
    pub ground: Option<RevocationGround>,
    /// What an amendment changed.
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyDetailView {
    pub id: i32,
    pub name: String,
    pub enterprise_code: String,
    pub licence_number: String,
    pub licence_date: NaiveDate,
    pub standing: Standing,
    pub revoked_on: Option<NaiveDate>,
    pub province: String,
    pub address: String,
    pub phone: String,
    pub email: Option<String>,
    pub website: Option<String>,
    pub workers_sent: u64,
    pub markets_served: Vec<MarketView>,
    pub suspensions: Vec<SuspensionView>,
    pub history: Vec<LicenceEventView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrySummaryView {
    pub active: u64,
    pub suspended: u64,
    pub revoked: u64,
    pub workers_sent: u64,
}
