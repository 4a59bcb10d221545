//! Inspections: the forms of the inspection team (plan, open, violation, sanction, remediation
//! task, review, close) and of the agency (answer a task), and the pages that show them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::agencies::MarketView;
use super::forms::{FormData, FormInput, Rejected, UploadedFile};
use crate::domain::accounts::parse_date;
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::inspections::{
    ExtraSanction, FineRange, InspectionStatus, TaskStatus, ViolationCode,
};
use crate::domain::licences::Decision;
use crate::domain::lifecycle::{optional_text, parse_count, parse_vnd, required_text};

pub mod fields {
    pub const AGENCY_ID: &str = "agency_id";
    pub const INSPECTION_ID: &str = "inspection_id";
    pub const TASK_ID: &str = "task_id";
    pub const SCOPE: &str = "scope";
    pub const TEAM: &str = "team";
    pub const STARTS_ON: &str = "starts_on";
    pub const ENDS_ON: &str = "ends_on";
    pub const BASIS: &str = "basis";
    pub const CODE: &str = "code";
    pub const ACT: &str = "act";
    pub const CLAUSE: &str = "clause";
    pub const WITNESSES: &str = "witnesses";
    pub const WORKERS: &str = "workers";
    pub const COMMITTED_ON: &str = "committed_on";
    pub const DECISION_NO: &str = "decision_no";
    pub const DECIDED_ON: &str = "decided_on";
    pub const SIGNER: &str = "signer";
    pub const FINE_VND: &str = "fine_vnd";
    pub const EXTRA: &str = "extra";
    pub const MARKET: &str = "market";
    pub const EFFECTIVE_ON: &str = "effective_on";
    pub const MONTHS: &str = "months";
    pub const DESCRIPTION: &str = "description";
    pub const DUE_ON: &str = "due_on";
    pub const ANSWER: &str = "answer";
    pub const EVIDENCE: &str = "evidence";
    pub const VERDICT: &str = "verdict";
    pub const NOTE: &str = "note";
}
use fields as f;

/// The inspector's verdicts on an answer.
pub const ACCEPT: &str = "accept";
pub const RETURN: &str = "return";

/// One inspection in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InspectionLineView {
    pub id: i32,
    pub agency_id: i32,
    pub agency_name: String,
    pub status: InspectionStatus,
    pub scope: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Remediation tasks the agency still owes, and those past their deadline.
    pub owed_tasks: u32,
    pub overdue_tasks: u32,
}

/// The inspections page: every inspection for the team, with the plan form; an agency's own
/// opened ones for its staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InspectionDeskView {
    pub inspections: Vec<InspectionLineView>,
    /// Agencies that may be planned for (id, name · licence), for the team; empty otherwise.
    pub agencies: Vec<(String, String)>,
    pub may_record: bool,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViolationView {
    pub id: i32,
    pub code: ViolationCode,
    pub act: String,
    pub clause: String,
    pub witnesses: String,
    pub workers: u32,
    pub committed_on: NaiveDate,
    pub fine: FineRange,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SanctionView {
    pub id: i32,
    pub decision_no: String,
    pub decided_on: NaiveDate,
    pub signer: String,
    pub fine_vnd: i64,
    pub fine: FineRange,
    pub extra: ExtraSanction,
    /// The suspension the decision made: market code, first and last day.
    pub suspension: Option<(String, NaiveDate, NaiveDate)>,
    /// The day the licence revocation the decision made took effect.
    pub revoked_on: Option<NaiveDate>,
    /// The agency's complaint against it, if it filed one.
    pub complaint_id: Option<i32>,
    /// The agency's head office may complain against it (none filed yet).
    pub may_complain: bool,
    /// The last day to complain for a decision received the day it was signed (the limit runs
    /// from the day it was received, which only the agency knows).
    pub complain_by: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskView {
    pub id: i32,
    pub description: String,
    pub due_on: NaiveDate,
    pub status: TaskStatus,
    pub overdue: bool,
    pub answer: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub review_note: Option<String>,
    /// Evidence files: id and name, downloaded from `/evidence/{id}`.
    pub files: Vec<(i32, String)>,
}

/// A violation's fine range as the form hints it, under the rules in force today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FineHint {
    pub code: ViolationCode,
    pub fine: FineRange,
    pub per_worker: bool,
    /// The rule's source: the clause the inspector starts from.
    pub source: String,
}

/// One inspection: its plan, what was found, the sanction and the remediation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InspectionView {
    pub id: i32,
    pub agency_id: i32,
    pub agency_name: String,
    pub licence_number: String,
    pub status: InspectionStatus,
    pub scope: String,
    pub team: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Why the agency was chosen; the team's only.
    pub basis: Option<String>,
    pub opened_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub violations: Vec<ViolationView>,
    /// The range a sanction's fine must lie in: the violations' ranges added.
    pub fine_range: FineRange,
    pub sanction: Option<SanctionView>,
    pub tasks: Vec<TaskView>,
    pub may_record: bool,
    pub may_answer: bool,
    pub markets: Vec<MarketView>,
    pub hints: Vec<FineHint>,
    pub suspension_months: Option<(i64, i64)>,
    pub today: NaiveDate,
}

fn date(form: &FormData, e: &mut FieldErrors, name: &str) -> Option<NaiveDate> {
    e.check(name, parse_date(form.get(name)))
}

#[derive(Debug, Clone)]
pub struct PlanInspectionInput {
    pub agency_id: i32,
    pub scope: String,
    pub team: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub basis: String,
}

impl FormInput for PlanInspectionInput {
    const ACTION: &'static str = "plan_inspection";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let mut e = FieldErrors::default();
        let agency_id = match form.get(f::AGENCY_ID).trim() {
            "" => {
                e.add(f::AGENCY_ID, Problem::Required);
                None
            }
            v => v.parse::<i32>().ok().or_else(|| {
                e.add(f::AGENCY_ID, Problem::Choice);
                None
            }),
        };
        let scope = required_text(&mut e, f::SCOPE, form.get(f::SCOPE), 1000);
        let team = required_text(&mut e, f::TEAM, form.get(f::TEAM), 500);
        let starts_on = date(form, &mut e, f::STARTS_ON);
        let ends_on = date(form, &mut e, f::ENDS_ON);
        if let (Some(s), Some(t)) = (starts_on, ends_on) {
            if t < s {
                e.add(f::ENDS_ON, Problem::BeforeStart);
            }
        }
        let basis = optional_text(&mut e, f::BASIS, form.get(f::BASIS), 1000);
        match (agency_id, starts_on, ends_on) {
            (Some(agency_id), Some(starts_on), Some(ends_on)) if e.is_empty() => {
                Ok(PlanInspectionInput {
                    agency_id,
                    scope,
                    team,
                    starts_on,
                    ends_on,
                    basis,
                })
            }
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// Opens a planned inspection on the visit, or closes an open one.
#[derive(Debug, Clone)]
pub struct OpenInspectionInput {
    pub inspection_id: i32,
}

impl FormInput for OpenInspectionInput {
    const ACTION: &'static str = "open_inspection";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(OpenInspectionInput {
            inspection_id: form.id(f::INSPECTION_ID)?,
        })
    }
}

#[derive(Debug, Clone)]
pub struct CloseInspectionInput {
    pub inspection_id: i32,
}

impl FormInput for CloseInspectionInput {
    const ACTION: &'static str = "close_inspection";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(CloseInspectionInput {
            inspection_id: form.id(f::INSPECTION_ID)?,
        })
    }
}

#[derive(Debug, Clone)]
pub struct ViolationInput {
    pub inspection_id: i32,
    pub code: ViolationCode,
    pub act: String,
    pub clause: String,
    pub witnesses: String,
    pub workers: u32,
    pub committed_on: NaiveDate,
}

impl FormInput for ViolationInput {
    const ACTION: &'static str = "record_violation";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let inspection_id = form.id(f::INSPECTION_ID)?;
        let mut e = FieldErrors::default();
        let code = e.check(
            f::CODE,
            match form.get(f::CODE).trim() {
                "" => Err(Problem::Required),
                v => ViolationCode::parse(v).ok_or(Problem::Choice),
            },
        );
        let act = required_text(&mut e, f::ACT, form.get(f::ACT), 2000);
        let clause = required_text(&mut e, f::CLAUSE, form.get(f::CLAUSE), 200);
        let witnesses = optional_text(&mut e, f::WITNESSES, form.get(f::WITNESSES), 500);
        let workers = match form.get(f::WORKERS).trim() {
            "" => Some(0),
            v => e.check(f::WORKERS, parse_count(v, 100_000)),
        };
        let committed_on = date(form, &mut e, f::COMMITTED_ON);
        match (code, workers, committed_on) {
            (Some(code), Some(workers), Some(committed_on)) if e.is_empty() => Ok(ViolationInput {
                inspection_id,
                code,
                act,
                clause,
                witnesses,
                workers,
                committed_on,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// The sanction decision: its number, date and competent person, the fine, and a suspension in
/// one market when the decision adds one.
#[derive(Debug, Clone)]
pub struct SanctionInput {
    pub inspection_id: i32,
    pub decision: Decision,
    pub fine_vnd: i64,
    pub extra: ExtraSanction,
    /// For a suspension: the market, its first day, its months.
    pub suspension: Option<(String, NaiveDate, u32)>,
    /// For a revocation: the day it takes effect.
    pub revoked_on: Option<NaiveDate>,
}

impl FormInput for SanctionInput {
    const ACTION: &'static str = "record_sanction";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let inspection_id = form.id(f::INSPECTION_ID)?;
        let mut e = FieldErrors::default();
        let number = required_text(&mut e, f::DECISION_NO, form.get(f::DECISION_NO), 64);
        let decided_on = date(form, &mut e, f::DECIDED_ON);
        let signer = required_text(&mut e, f::SIGNER, form.get(f::SIGNER), 160);
        let fine_vnd = e.check(f::FINE_VND, parse_vnd(form.get(f::FINE_VND)));
        let extra = e.check(
            f::EXTRA,
            ExtraSanction::parse(match form.get(f::EXTRA).trim() {
                "" => "none",
                v => v,
            })
            .ok_or(Problem::Choice),
        );
        let mut suspension = None;
        if extra == Some(ExtraSanction::Suspension) {
            let market = form.get(f::MARKET).trim().to_owned();
            if market.is_empty() {
                e.add(f::MARKET, Problem::Required);
            }
            let from = date(form, &mut e, f::EFFECTIVE_ON);
            let months = e.check(f::MONTHS, parse_count(form.get(f::MONTHS), 999));
            if let (Some(from), Some(months)) = (from, months) {
                suspension = Some((market, from, months));
            }
        }
        let revoked_on = match extra {
            Some(ExtraSanction::Revocation) => date(form, &mut e, f::EFFECTIVE_ON),
            _ => None,
        };
        match (decided_on, fine_vnd, extra) {
            (Some(decided_on), Some(fine_vnd), Some(extra)) if e.is_empty() => Ok(SanctionInput {
                inspection_id,
                decision: Decision {
                    number,
                    decided_on,
                    signer,
                },
                fine_vnd,
                extra,
                suspension,
                revoked_on,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct TaskInput {
    pub inspection_id: i32,
    pub description: String,
    pub due_on: NaiveDate,
}

impl FormInput for TaskInput {
    const ACTION: &'static str = "add_remediation_task";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let inspection_id = form.id(f::INSPECTION_ID)?;
        let mut e = FieldErrors::default();
        let description = required_text(&mut e, f::DESCRIPTION, form.get(f::DESCRIPTION), 2000);
        let due_on = date(form, &mut e, f::DUE_ON);
        match due_on {
            Some(due_on) if e.is_empty() => Ok(TaskInput {
                inspection_id,
                description,
                due_on,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// The agency's answer to a task, with an evidence file (photo or PDF) when it has one.
#[derive(Debug, Clone)]
pub struct AnswerTaskInput {
    pub task_id: i32,
    pub answer: String,
    pub evidence: Option<UploadedFile>,
}

impl FormInput for AnswerTaskInput {
    const ACTION: &'static str = "answer_remediation_task";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let task_id = form.id(f::TASK_ID)?;
        let mut e = FieldErrors::default();
        let answer = required_text(&mut e, f::ANSWER, form.get(f::ANSWER), 4000);
        if !e.is_empty() {
            return Err(Rejected::Fields(e));
        }
        Ok(AnswerTaskInput {
            task_id,
            answer,
            evidence: form
                .file(f::EVIDENCE)
                .filter(|file| !(file.bytes.is_empty() && file.file_name.is_empty()))
                .cloned(),
        })
    }
}

/// The inspector's verdict on an answer: accepted, or returned with the reason.
#[derive(Debug, Clone)]
pub struct ReviewTaskInput {
    pub task_id: i32,
    pub accept: bool,
    pub note: String,
}

impl FormInput for ReviewTaskInput {
    const ACTION: &'static str = "review_remediation_task";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let task_id = form.id(f::TASK_ID)?;
        let mut e = FieldErrors::default();
        let accept = match form.get(f::VERDICT) {
            ACCEPT => Some(true),
            RETURN => Some(false),
            _ => {
                e.add(f::VERDICT, Problem::Choice);
                None
            }
        };
        let note = optional_text(&mut e, f::NOTE, form.get(f::NOTE), 2000);
        if accept == Some(false) && note.is_empty() {
            e.add(f::NOTE, Problem::Required);
        }
        match accept {
            Some(accept) if e.is_empty() => Ok(ReviewTaskInput {
                task_id,
                accept,
                note,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData::from_fields(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    fn fields(r: Result<impl std::fmt::Debug, Rejected>) -> Vec<String> {
        match r {
            Err(Rejected::Fields(e)) => e.0.into_iter().map(|x| x.field).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_plan_ending_before_it_starts_is_refused_at_its_end_date() {
        let got = fields(PlanInspectionInput::parse(&form(&[
            ("agency_id", "3"),
            ("scope", "Thu phí dịch vụ"),
            ("team", "Đoàn 1"),
            ("starts_on", "2026-12-10"),
            ("ends_on", "2026-12-01"),
        ])));
        assert_eq!(got, vec![f::ENDS_ON]);
    }

    #[test]
    fn a_suspension_in_a_sanction_needs_its_market_date_and_months() {
        let got = fields(SanctionInput::parse(&form(&[
            ("inspection_id", "1"),
            ("decision_no", "12/QĐ-XPHC"),
            ("decided_on", "2026-11-23"),
            ("signer", "Chánh Thanh tra"),
            ("fine_vnd", "90.000.000"),
            ("extra", "suspension"),
        ])));
        assert_eq!(got, vec![f::MARKET, f::EFFECTIVE_ON, f::MONTHS]);
    }

    #[test]
    fn a_returned_answer_says_why() {
        let got = fields(ReviewTaskInput::parse(&form(&[
            ("task_id", "1"),
            ("verdict", "return"),
        ])));
        assert_eq!(got, vec![f::NOTE]);
        assert!(ReviewTaskInput::parse(&form(&[("task_id", "1"), ("verdict", "accept")])).is_ok());
    }
}
