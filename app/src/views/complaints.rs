//! Complaints and denunciations: the filing form (a worker from their account, or someone
//! acting for a worker with a tracking code), the handlers' forms (accept or refuse, extend,
//! answer), the filer's (take it further, accept the answer), the officers' and inspectors'
//! (remote area, link to an inspection, share the contact), and the pages that show them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::forms::{FormData, FormInput, Rejected, UploadedFile};
use crate::domain::accounts::{parse_date, Email};
use crate::domain::claim_codes::parse_claim_code;
use crate::domain::complaints::{
    Category, ComplaintKind, ComplaintStatus, NoAppeal, Relation, StepKind,
};
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::lifecycle::{optional_text, required_text};

pub mod fields {
    pub const COMPLAINT_ID: &str = "complaint_id";
    pub const KIND: &str = "kind";
    pub const AGENCY_ID: &str = "agency_id";
    pub const CATEGORY: &str = "category";
    pub const LEARNED_ON: &str = "learned_on";
    pub const LATE_REASON: &str = "late_reason";
    pub const DESCRIPTION: &str = "description";
    pub const FOREIGN_ELEMENT: &str = "foreign_element";
    pub const FILING_AS: &str = "filing_as";
    pub const FILER_NAME: &str = "filer_name";
    pub const RELATION: &str = "relation";
    pub const EMAIL: &str = "email";
    pub const PHONE: &str = "phone";
    pub const WORKER_NAME: &str = "worker_name";
    pub const FILE: &str = "file";
    pub const VERDICT: &str = "verdict";
    pub const REASON: &str = "reason";
    pub const ANSWER: &str = "answer";
    pub const INSPECTION_ID: &str = "inspection_id";
    pub const SANCTION_ID: &str = "sanction_id";
    /// The tracking code (a secret: never echoed back into a form).
    pub const CODE: &str = "code";
}
use fields as f;

/// Filing as oneself (a worker's account) or for someone.
pub const AS_SELF: &str = "self";
pub const AS_OTHER: &str = "other";
pub const ACCEPT: &str = "accept";
pub const REFUSE: &str = "refuse";

/// Someone filing for a worker (or a denouncer without an account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActingFor {
    pub filer_name: String,
    pub relation: Relation,
    pub email: String,
    pub phone: String,
    pub worker_name: String,
}

#[derive(Debug, Clone)]
pub struct FileComplaintInput {
    pub kind: ComplaintKind,
    pub agency_id: i32,
    pub category: Category,
    pub learned_on: NaiveDate,
    pub late_reason: String,
    pub description: String,
    pub foreign_element: bool,
    /// None when the worker files from their own account.
    pub acting: Option<ActingFor>,
    pub file: Option<UploadedFile>,
}

/// A phone as typed, in any country's format: digits, spaces, dashes, dots, a leading `+`.
fn phone(e: &mut FieldErrors, value: &str) -> String {
    let v = value.trim();
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let shape = v
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " -.".contains(c) || (i == 0 && c == '+'));
    if !v.is_empty() && (!shape || !(8..=15).contains(&digits) || v.len() > 32) {
        e.add(f::PHONE, Problem::Phone);
    }
    v.to_owned()
}

impl FormInput for FileComplaintInput {
    const ACTION: &'static str = "file_complaint";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let mut e = FieldErrors::default();
        let kind = e.check(
            f::KIND,
            ComplaintKind::parse(match form.get(f::KIND).trim() {
                "" => "complaint",
                v => v,
            })
            .ok_or(Problem::Choice),
        );
        let agency_id = e.check(
            f::AGENCY_ID,
            form.get(f::AGENCY_ID)
                .trim()
                .parse::<i32>()
                .map_err(|_| Problem::Required),
        );
        let category = e.check(
            f::CATEGORY,
            // A complaint against a sanction is the agency's, filed from its inspection.
            Category::parse(form.get(f::CATEGORY).trim())
                .filter(|c| *c != Category::Sanction)
                .ok_or(Problem::Required),
        );
        let learned_on = e.check(f::LEARNED_ON, parse_date(form.get(f::LEARNED_ON)));
        let late_reason = optional_text(&mut e, f::LATE_REASON, form.get(f::LATE_REASON), 2000);
        let description = required_text(&mut e, f::DESCRIPTION, form.get(f::DESCRIPTION), 8000);
        let acting = match form.get(f::FILING_AS) {
            AS_OTHER => {
                let filer_name = required_text(&mut e, f::FILER_NAME, form.get(f::FILER_NAME), 160);
                let relation = e.check(
                    f::RELATION,
                    Relation::parse(form.get(f::RELATION).trim())
                        .filter(|r| !matches!(r, Relation::Worker | Relation::Agency))
                        .ok_or(Problem::Required),
                );
                let email = e.check(f::EMAIL, Email::parse(form.get(f::EMAIL)));
                let phone = phone(&mut e, form.get(f::PHONE));
                let worker_name = if kind == Some(ComplaintKind::Denunciation) {
                    optional_text(&mut e, f::WORKER_NAME, form.get(f::WORKER_NAME), 160)
                } else {
                    required_text(&mut e, f::WORKER_NAME, form.get(f::WORKER_NAME), 160)
                };
                match (relation, email) {
                    (Some(relation), Some(email)) => Some(ActingFor {
                        filer_name,
                        relation,
                        email: email.as_str().to_owned(),
                        phone,
                        worker_name,
                    }),
                    _ => None,
                }
            }
            _ => None,
        };
        match (kind, agency_id, category, learned_on) {
            (Some(kind), Some(agency_id), Some(category), Some(learned_on)) if e.is_empty() => {
                Ok(FileComplaintInput {
                    kind,
                    agency_id,
                    category,
                    learned_on,
                    late_reason,
                    description,
                    foreign_element: !form.get(f::FOREIGN_ELEMENT).is_empty(),
                    acting,
                    file: form
                        .file(f::FILE)
                        .filter(|file| !(file.bytes.is_empty() && file.file_name.is_empty()))
                        .cloned(),
                })
            }
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// The tracking code of the form, when it has one (someone acting for a worker).
fn code(form: &FormData, e: &mut FieldErrors) -> Option<String> {
    let raw = form.get(f::CODE);
    if raw.trim().is_empty() {
        None
    } else {
        e.check(f::CODE, parse_claim_code(raw))
    }
}

/// Accept (take up) or refuse a complaint at its level, with the reasons for a refusal.
#[derive(Debug, Clone)]
pub struct DecideComplaintInput {
    pub complaint_id: i32,
    pub accept: bool,
    pub reason: String,
}

impl FormInput for DecideComplaintInput {
    const ACTION: &'static str = "decide_complaint";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let complaint_id = form.id(f::COMPLAINT_ID)?;
        let mut e = FieldErrors::default();
        let accept = match form.get(f::VERDICT) {
            ACCEPT => Some(true),
            REFUSE => Some(false),
            _ => {
                e.add(f::VERDICT, Problem::Choice);
                None
            }
        };
        let reason = optional_text(&mut e, f::REASON, form.get(f::REASON), 4000);
        if accept == Some(false) && reason.is_empty() {
            e.add(f::REASON, Problem::Required);
        }
        match accept {
            Some(accept) if e.is_empty() => Ok(DecideComplaintInput {
                complaint_id,
                accept,
                reason,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// An agency's complaint against a sanction decision on it: when it received the decision
/// (the filing limit runs from then) and why it disagrees.
#[derive(Debug, Clone)]
pub struct SanctionComplaintInput {
    pub sanction_id: i32,
    pub learned_on: NaiveDate,
    pub description: String,
}

impl FormInput for SanctionComplaintInput {
    const ACTION: &'static str = "complain_sanction";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let sanction_id = form.id(f::SANCTION_ID)?;
        let mut e = FieldErrors::default();
        let learned_on = e.check(f::LEARNED_ON, parse_date(form.get(f::LEARNED_ON)));
        let description = required_text(&mut e, f::DESCRIPTION, form.get(f::DESCRIPTION), 8000);
        match learned_on {
            Some(learned_on) if e.is_empty() => Ok(SanctionComplaintInput {
                sanction_id,
                learned_on,
                description,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// Extend the time to resolve, for a complex case: the reason is recorded and shown.
#[derive(Debug, Clone)]
pub struct ExtendComplaintInput {
    pub complaint_id: i32,
    pub reason: String,
}

impl FormInput for ExtendComplaintInput {
    const ACTION: &'static str = "extend_complaint";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let complaint_id = form.id(f::COMPLAINT_ID)?;
        let mut e = FieldErrors::default();
        let reason = required_text(&mut e, f::REASON, form.get(f::REASON), 4000);
        if !e.is_empty() {
            return Err(Rejected::Fields(e));
        }
        Ok(ExtendComplaintInput {
            complaint_id,
            reason,
        })
    }
}

/// The answer (the first level's) or the decision (the second level's, a denunciation's
/// conclusion).
#[derive(Debug, Clone)]
pub struct AnswerComplaintInput {
    pub complaint_id: i32,
    pub answer: String,
}

impl FormInput for AnswerComplaintInput {
    const ACTION: &'static str = "answer_complaint";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let complaint_id = form.id(f::COMPLAINT_ID)?;
        let mut e = FieldErrors::default();
        let answer = required_text(&mut e, f::ANSWER, form.get(f::ANSWER), 8000);
        if !e.is_empty() {
            return Err(Rejected::Fields(e));
        }
        Ok(AnswerComplaintInput {
            complaint_id,
            answer,
        })
    }
}

/// The filer takes the complaint to the second level, saying why.
#[derive(Debug, Clone)]
pub struct EscalateComplaintInput {
    pub complaint_id: i32,
    pub reason: String,
    pub code: Option<String>,
}

impl FormInput for EscalateComplaintInput {
    const ACTION: &'static str = "escalate_complaint";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let complaint_id = form.id(f::COMPLAINT_ID)?;
        let mut e = FieldErrors::default();
        let reason = required_text(&mut e, f::REASON, form.get(f::REASON), 4000);
        let code = code(form, &mut e);
        if !e.is_empty() {
            return Err(Rejected::Fields(e));
        }
        Ok(EscalateComplaintInput {
            complaint_id,
            reason,
            code,
        })
    }
}

/// The filer accepts the first answer: the complaint closes.
#[derive(Debug, Clone)]
pub struct CloseComplaintInput {
    pub complaint_id: i32,
    pub code: Option<String>,
}

impl FormInput for CloseComplaintInput {
    const ACTION: &'static str = "accept_complaint_answer";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let complaint_id = form.id(f::COMPLAINT_ID)?;
        let mut e = FieldErrors::default();
        let code = code(form, &mut e);
        if !e.is_empty() {
            return Err(Rejected::Fields(e));
        }
        Ok(CloseComplaintInput { complaint_id, code })
    }
}

/// Mark a complaint as in a remote area (its limits lengthen).
#[derive(Debug, Clone)]
pub struct RemoteComplaintInput {
    pub complaint_id: i32,
}

impl FormInput for RemoteComplaintInput {
    const ACTION: &'static str = "mark_complaint_remote";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(RemoteComplaintInput {
            complaint_id: form.id(f::COMPLAINT_ID)?,
        })
    }
}

/// Link a complaint to an inspection of its agency.
#[derive(Debug, Clone)]
pub struct LinkComplaintInput {
    pub complaint_id: i32,
    pub inspection_id: i32,
}

impl FormInput for LinkComplaintInput {
    const ACTION: &'static str = "link_complaint";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let complaint_id = form.id(f::COMPLAINT_ID)?;
        let mut e = FieldErrors::default();
        let inspection_id = e.check(
            f::INSPECTION_ID,
            form.get(f::INSPECTION_ID)
                .trim()
                .parse::<i32>()
                .map_err(|_| Problem::Required),
        );
        match inspection_id {
            Some(inspection_id) if e.is_empty() => Ok(LinkComplaintInput {
                complaint_id,
                inspection_id,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// Share the filer's contact with the agency (the inspector's choice, e.g. to settle).
#[derive(Debug, Clone)]
pub struct ShareContactInput {
    pub complaint_id: i32,
}

impl FormInput for ShareContactInput {
    const ACTION: &'static str = "share_complaint_contact";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(ShareContactInput {
            complaint_id: form.id(f::COMPLAINT_ID)?,
        })
    }
}

/// One complaint in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintLineView {
    pub id: i32,
    pub kind: ComplaintKind,
    pub category: Category,
    pub agency_name: String,
    /// None where the viewer may not know who it is about (a denunciation's, for officers).
    pub worker_name: Option<String>,
    pub status: ComplaintStatus,
    pub level: u8,
    pub received_on: NaiveDate,
    /// The handler's next deadline, and whether it has passed.
    pub due: Option<NaiveDate>,
    pub overdue: bool,
}

/// The complaints page: one's own (a worker, with the filing form), those against one's agency,
/// or all within one's scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintDeskView {
    pub complaints: Vec<ComplaintLineView>,
    /// The filing form is offered (a worker, or someone not signed in).
    pub may_file: bool,
    /// Filing from one's own account (a worker) rather than for someone.
    pub signed_in_worker: bool,
    /// Agencies a complaint may be about (id, name · licence), the worker's own first.
    pub agencies: Vec<(String, String)>,
    /// Days a complaint may be filed in after learning of it (the rule in force today).
    pub filing_days: i64,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintStepView {
    pub kind: StepKind,
    pub level: u8,
    pub note: String,
    /// Who took the step: None for the filer.
    pub by: Option<crate::domain::accounts::Role>,
    pub happened_on: NaiveDate,
}

/// One complaint as its viewer may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub id: i32,
    pub kind: ComplaintKind,
    pub category: Category,
    pub agency_id: i32,
    pub agency_name: String,
    pub status: ComplaintStatus,
    pub level: u8,
    pub relation: Relation,
    /// Who filed and how to reach them: the filer and the inspectors; the agency only once an
    /// inspector shares it (a denunciation's, never).
    pub filer_name: Option<String>,
    pub filer_email: Option<String>,
    pub filer_phone: Option<String>,
    pub worker_name: Option<String>,
    pub learned_on: NaiveDate,
    pub late_reason: String,
    pub foreign_element: bool,
    pub description: String,
    pub received_on: NaiveDate,
    pub accept_due: NaiveDate,
    pub accepted_on: Option<NaiveDate>,
    pub resolve_due: Option<NaiveDate>,
    pub answered_on: Option<NaiveDate>,
    pub appeal_due: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub remote: bool,
    pub extensions: u8,
    pub overdue: bool,
    /// Until when the filer may take it to the second level, or why not.
    pub appeal: Result<NaiveDate, NoAppeal>,
    pub inspection_id: Option<i32>,
    pub contact_shared: bool,
    pub steps: Vec<ComplaintStepView>,
    pub files: Vec<(i32, String)>,
    pub may_handle: bool,
    pub may_extend: bool,
    pub may_follow: bool,
    pub may_mark_remote: bool,
    pub may_oversee: bool,
    /// The agency's inspections, to link to (the inspectors').
    pub inspections: Vec<(String, String)>,
    pub today: NaiveDate,
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
    fn someone_filing_for_a_worker_gives_their_name_relation_email_and_the_workers_name() {
        let got = fields(FileComplaintInput::parse(&form(&[
            ("agency_id", "3"),
            ("category", "OVERCHARGING"),
            ("learned_on", "2026-11-01"),
            ("description", "Thu 150 triệu"),
            ("filing_as", "other"),
            ("phone", "abc"),
        ])));
        assert_eq!(
            got,
            vec![
                f::FILER_NAME,
                f::RELATION,
                f::EMAIL,
                f::PHONE,
                f::WORKER_NAME
            ]
        );
        let ok = FileComplaintInput::parse(&form(&[
            ("agency_id", "3"),
            ("category", "OVERCHARGING"),
            ("learned_on", "2026-11-01"),
            ("description", "Thu 150 triệu"),
            ("filing_as", "other"),
            ("filer_name", "Nguyễn Văn An"),
            ("relation", "labour_attache"),
            ("email", "attache@mofa.gov.vn"),
            ("phone", "+81 3-3466-3311"),
            ("worker_name", "Trần Thị Mai"),
        ]))
        .unwrap();
        assert_eq!(ok.acting.unwrap().relation, Relation::LabourAttache);
    }

    #[test]
    fn a_complaint_names_its_agency_category_date_and_what_happened() {
        let got = fields(FileComplaintInput::parse(&form(&[("filing_as", "self")])));
        assert_eq!(
            got,
            vec![f::AGENCY_ID, f::CATEGORY, f::LEARNED_ON, f::DESCRIPTION]
        );
    }

    #[test]
    fn a_refusal_gives_its_reasons_and_a_mistyped_tracking_code_is_shown() {
        let got = fields(DecideComplaintInput::parse(&form(&[
            ("complaint_id", "1"),
            ("verdict", "refuse"),
        ])));
        assert_eq!(got, vec![f::REASON]);
        let got = fields(EscalateComplaintInput::parse(&form(&[
            ("complaint_id", "1"),
            ("reason", "Chưa hoàn tiền"),
            ("code", "ABC"),
        ])));
        assert_eq!(got, vec![f::CODE]);
    }
}
