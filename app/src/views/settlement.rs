//! The settlement of a case: the lines the system computes from the end reason and the ledger,
//! each version the agency recorded (with the reason for each amount it changed), the worker's
//! answer, and the forms that record and answer it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::forms::{FormData, FormInput, Rejected};
use crate::domain::cases::CaseState;
use crate::domain::forms::FieldErrors;
use crate::domain::lifecycle::{EndReason, Refusal};
use crate::domain::payments::{Answer, PaymentKind};
use crate::domain::settlement::{Cause, Computed, FundRange, RecordedLine};

/// What the computation is asked with: the cause of an early return, proven damages, the day
/// of payment. Read from the page's query (a GET form) and carried by the record form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementAsk {
    pub cause: String,
    pub damages_vnd: String,
    pub damages_note: String,
    pub settle_on: String,
}

/// An entry of the ledger the settlement is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasisEntry {
    pub id: i32,
    pub kind: PaymentKind,
    pub paid_on: NaiveDate,
    pub amount_vnd: i64,
}

/// Why there is no computed settlement to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PreviewProblem {
    /// A field of the ask is wrong (shown next to it).
    Fields(FieldErrors),
    /// A rule the computation needs is missing (named).
    Refused(Refusal),
}

/// One version the agency recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedView {
    pub version: i32,
    pub recorded_at: DateTime<Utc>,
    pub cause: Option<Cause>,
    pub settle_on: NaiveDate,
    pub damages_vnd: i64,
    pub damages_note: String,
    pub lines: Vec<RecordedLine>,
    pub fund: Option<FundRange>,
    pub computed_total_vnd: i64,
    pub total_vnd: i64,
    pub answer: Option<Answer>,
    pub answer_note: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettlementView {
    pub case_id: i32,
    pub case_version: i32,
    pub state: CaseState,
    pub worker_name: String,
    pub agency_name: String,
    pub order_title: String,
    pub market: String,
    pub contract_no: Option<String>,
    pub term_months: u32,
    pub departed_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub reason: Option<EndReason>,
    /// The last day the case may be liquidated (180 days after the contract's end).
    pub liquidate_by: Option<NaiveDate>,
    pub today: NaiveDate,
    pub basis: Vec<BasisEntry>,
    /// Newest first.
    pub versions: Vec<RecordedView>,
    pub ask: SettlementAsk,
    /// The causes the ask may name, and whether damages may be claimed.
    pub causes: Vec<Cause>,
    pub allows_damages: bool,
    /// What the system computes for the ask; none before the case has ended.
    pub preview: Option<Result<Computed, PreviewProblem>>,
    pub may_record: bool,
    pub may_answer: bool,
}

impl SettlementView {
    pub fn latest(&self) -> Option<&RecordedView> {
        self.versions.first()
    }
}

/// The agency's record of the settlement: the ask it was computed with, and each line's amount
/// and reason (`amount_{i}`, `reason_{i}`).
#[derive(Debug, Clone)]
pub struct RecordSettlementInput {
    pub case_id: i32,
    pub case_version: i32,
    pub ask: SettlementAsk,
    pub fields: Vec<(String, String)>,
}

impl RecordSettlementInput {
    pub fn get(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

pub fn ask_of(get: &dyn Fn(&str) -> String) -> SettlementAsk {
    SettlementAsk {
        cause: get("cause"),
        damages_vnd: get("damages_vnd"),
        damages_note: get("damages_note"),
        settle_on: get("settle_on"),
    }
}

impl FormInput for RecordSettlementInput {
    const ACTION: &'static str = "record_settlement";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(RecordSettlementInput {
            case_id: form.id("case_id")?,
            case_version: form.id("case_version")?,
            ask: ask_of(&form.reader()),
            fields: form.fields.clone(),
        })
    }
}

/// The worker's answer to a version of the settlement.
#[derive(Debug, Clone)]
pub struct AnswerSettlementInput {
    pub case_id: i32,
    pub version: i32,
    pub answer: Answer,
    pub note: String,
}

impl FormInput for AnswerSettlementInput {
    const ACTION: &'static str = "answer_settlement";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(AnswerSettlementInput {
            case_id: form.id("case_id")?,
            version: form.id("version")?,
            answer: Answer::parse(form.get("answer")).ok_or(Rejected::Tampered)?,
            note: form.get("note").to_owned(),
        })
    }
}
