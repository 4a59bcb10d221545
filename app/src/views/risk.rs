//! What the risk-ranking pages show: the agencies riskiest first, each factor's share, counts
//! and average, and for one agency the records behind each count.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::risk::{Factor, Method, Score};
use crate::views::agencies::MarketView;

/// The ranking's filters, as its GET form sends them (empty for "all").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskQuery {
    /// The agency's head-office province.
    pub province: String,
    /// The destination market of the cases counted.
    pub market: String,
    /// A factor's code to sort by; empty for the score.
    pub sort: String,
}

/// One agency in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskRow {
    /// Its place in the ranking, from 1.
    pub rank: u32,
    pub agency_id: i32,
    pub name: String,
    pub licence_number: String,
    pub province: String,
    pub licence_status: String,
    pub score: Score,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskView {
    pub method: Method,
    /// The first day counted (the window's start) and today.
    pub from: NaiveDate,
    pub today: NaiveDate,
    pub province: Option<String>,
    pub market: Option<String>,
    pub sort: Option<Factor>,
    pub provinces: Vec<(String, String)>,
    pub markets: Vec<MarketView>,
    pub rows: Vec<RiskRow>,
}

/// What a record behind a count is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordKind {
    Case,
    Complaint,
    /// A remediation task (its inspection is `parent`).
    Task,
    /// A sanction decision (its inspection is `parent`).
    Sanction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskRecord {
    pub kind: RecordKind,
    pub id: i32,
    pub parent: Option<i32>,
    /// The day that put it in the count (received, ended, due, decided...).
    pub on: Option<NaiveDate>,
    /// A short code of what it is (an end reason, a flag, a decision's number).
    pub detail: String,
}

impl RiskRecord {
    /// Where it is read.
    pub fn href(&self) -> String {
        match (self.kind, self.parent) {
            (RecordKind::Case, _) => format!("/cases/{}", self.id),
            (RecordKind::Complaint, _) => format!("/complaints/{}", self.id),
            (RecordKind::Task | RecordKind::Sanction, Some(p)) => format!("/inspections/{p}"),
            (RecordKind::Task | RecordKind::Sanction, None) => "/inspections".to_owned(),
        }
    }
}

/// The records behind one factor's count: `count` of them, the latest listed (at most 100).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactorRecords {
    pub factor: Factor,
    pub count: u64,
    pub records: Vec<RiskRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskAgencyView {
    pub row: RiskRow,
    /// Agencies ranked with the same filters.
    pub ranked: u32,
    pub method: Method,
    pub from: NaiveDate,
    pub today: NaiveDate,
    pub market: Option<String>,
    pub records: Vec<FactorRecords>,
    /// The inspectors may plan an inspection from here.
    pub may_plan: bool,
    /// The viewer may open inspections (their tasks and sanctions are linked only then).
    pub may_open_inspections: bool,
}
