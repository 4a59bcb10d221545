//! What the case pages show: the agency's board and its filter, one case with its timeline and
//! deadlines, and the progress of a background import.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::agencies::MarketView;
use super::job_orders::OrderView;
use crate::domain::accounts::Role;
use crate::domain::cases::CaseState;
use crate::domain::job_orders::ListStatus;
use crate::domain::lifecycle::{CaseFile, Deadline, EndReason, Event, NextActor, Step, StepKind};

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
    pub worker_id: i32,
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
    /// The worker's service-fee cap of the contract, by its signing day's rules and rate.
    pub contract_fee_cap_vnd: Option<i64>,
    pub fund_worker_vnd: Option<i64>,
    pub viewer: Option<Role>,
    /// For the case's agency: the worker's record has no account yet, so the agency may print
    /// a claim code for the worker.
    pub may_issue_claim_code: bool,
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
    /// Only cases whose next deadline falls within the next seven days.
    #[serde(default)]
    pub due_soon: bool,
    /// Name or citizen ID.
    pub q: Option<String>,
    pub page: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseBoardView {
    pub agency: String,
    pub summary: BoardSummaryView,
    pub rows: Vec<CaseRowView>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub orders: Vec<(i32, String)>,
    pub markets: Vec<MarketView>,
    pub today: NaiveDate,
    pub head_office: bool,
}

/// The agency's dashboard: its cases by state, how many are overdue and how many fall due
/// within seven days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardSummaryView {
    pub by_state: Vec<(CaseState, u64)>,
    pub overdue: u64,
    pub due_this_week: u64,
}

/// A case found by an overseer's search, with the agency that holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundCaseView {
    pub case: CaseRowView,
    pub agency: String,
}

/// An overseer's search for workers' cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseSearchView {
    pub q: String,
    /// The province searched within; none for a national scope.
    pub scope: Option<String>,
    pub rows: Vec<FoundCaseView>,
    /// False when the text was too short to search.
    pub searched: bool,
    /// More cases matched than are shown.
    pub more: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportProgressView {
    pub state: crate::domain::import::ImportState,
    pub total: usize,
    pub done: usize,
    pub finished: bool,
    pub imported: Option<usize>,
    pub errors: Vec<crate::domain::import::RowError>,
}

// ---------------------------------------------------------------- the case forms' inputs

use super::forms::{FormData, FormInput, Rejected, UploadedFile};
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::lifecycle::{parse_event, parse_step, parse_worker, NewWorker};

/// Field names of the case forms, shared by the parsers, the pages and the tests.
pub mod fields {
    pub const CASE_ID: &str = "case_id";
    pub const ORDER_ID: &str = "order_id";
    pub const VERSION: &str = "version";
    pub const STEP: &str = "step";
    pub const EVENT: &str = "event";
    pub const FILE: &str = "file";
    pub const CSV: &str = "csv";
}
use fields as f;

/// The case's agency prints a claim code for the case's worker.
#[derive(Debug, Clone)]
pub struct IssueClaimCodeInput {
    pub case_id: i32,
}

impl FormInput for IssueClaimCodeInput {
    const ACTION: &'static str = "issue_claim_code";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(IssueClaimCodeInput {
            case_id: form.id(f::CASE_ID)?,
        })
    }
}

/// A worker applies to an approved order.
#[derive(Debug, Clone)]
pub struct ApplyInput {
    pub order_id: i32,
}

impl FormInput for ApplyInput {
    const ACTION: &'static str = "apply";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(ApplyInput {
            order_id: form.id(f::ORDER_ID)?,
        })
    }
}

/// Agency staff open a case for a person, by citizen ID, under one of their orders.
#[derive(Debug, Clone)]
pub struct CaseOpenInput {
    pub order_id: i32,
    pub worker: NewWorker,
}

impl FormInput for CaseOpenInput {
    const ACTION: &'static str = "case_open";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let mut errors = FieldErrors::default();
        let order = form.get(f::ORDER_ID).parse::<i32>().ok();
        if order.is_none() {
            errors.add(f::ORDER_ID, Problem::Choice);
        }
        match (parse_worker(&form.reader()), order) {
            (Ok(worker), Some(order_id)) => Ok(CaseOpenInput { order_id, worker }),
            (Err(e), _) => {
                errors.0.extend(e.0);
                Err(errors.into())
            }
            (Ok(_), None) => Err(errors.into()),
        }
    }
}

/// A step of the lifecycle, against the version of the case the form was shown with.
#[derive(Debug, Clone)]
pub struct CaseStepInput {
    pub case_id: i32,
    pub version: i32,
    pub step: Step,
}

impl FormInput for CaseStepInput {
    const ACTION: &'static str = "case_step";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let case_id = form.id(f::CASE_ID)?;
        let version = form.id(f::VERSION)?;
        let kind = StepKind::parse(form.get(f::STEP)).ok_or(Rejected::Tampered)?;
        // DOLAB confirms cases through their departure list; no case page offers this step.
        if kind == StepKind::ConfirmList {
            return Err(Rejected::Tampered);
        }
        Ok(CaseStepInput {
            case_id,
            version,
            step: parse_step(kind, &form.reader())?,
        })
    }
}

/// An event on a case (certificate, monthly update, workplace change, incident).
#[derive(Debug, Clone)]
pub struct CaseEventInput {
    pub case_id: i32,
    pub version: i32,
    pub event: Event,
}

impl FormInput for CaseEventInput {
    const ACTION: &'static str = "case_event";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let case_id = form.id(f::CASE_ID)?;
        let version = form.id(f::VERSION)?;
        Ok(CaseEventInput {
            case_id,
            version,
            event: parse_event(form.get(f::EVENT), &form.reader())?,
        })
    }
}

/// A file of cases to open: uploaded (CSV, Excel's "Unicode text" or `.xlsx`), or CSV pasted
/// into the text box, which then stands for a UTF-8 file.
#[derive(Debug, Clone)]
pub struct CaseImportInput {
    pub file: UploadedFile,
}

impl FormInput for CaseImportInput {
    const ACTION: &'static str = "case_import";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let file = match form.file(f::FILE) {
            Some(file) => file.clone(),
            None => UploadedFile {
                field: f::CSV.to_owned(),
                content_type: "text/csv".to_owned(),
                bytes: form.get(f::CSV).as_bytes().to_vec(),
                ..UploadedFile::default()
            },
        };
        Ok(CaseImportInput { file })
    }
}

impl CaseFilter {
    /// The board's filters from a query string (the CSV export's link carries them).
    pub fn from_query(query: &[(String, String)]) -> CaseFilter {
        let get = |k: &str| {
            query
                .iter()
                .find(|(name, v)| name == k && !v.is_empty())
                .map(|(_, v)| v.clone())
        };
        CaseFilter {
            state: get("state"),
            order_id: get("order").and_then(|o| o.parse().ok()),
            market: get("market"),
            overdue: get("overdue").is_some_and(|v| v == "1" || v == "on"),
            due_soon: get("due").is_some_and(|v| v == "week"),
            q: get("q"),
            page: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData {
            fields: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            files: Vec::new(),
        }
    }

    #[test]
    fn a_case_step_form_naming_the_departure_list_confirmation_is_tampered() {
        let posted = form(&[
            (f::CASE_ID, "7"),
            (f::VERSION, "0"),
            (f::STEP, "confirm_list"),
            ("confirmed_on", "2026-03-01"),
        ]);
        assert_eq!(
            CaseStepInput::parse(&posted).unwrap_err(),
            Rejected::Tampered
        );
    }

    #[test]
    fn a_case_step_form_with_a_known_step_is_read_with_its_case_and_version() {
        let posted = form(&[
            (f::CASE_ID, "7"),
            (f::VERSION, "3"),
            (f::STEP, "withdraw"),
            ("note", "Lý do gia đình"),
        ]);
        let input = CaseStepInput::parse(&posted).expect("a withdrawal");
        assert_eq!((input.case_id, input.version), (7, 3));
        assert_eq!(input.step.kind(), StepKind::Withdraw);
    }
}
