//! Correction requests: what an agency and a provincial officer see of them, and their forms.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::forms::{FormData, FormInput, Rejected, UploadedFile};
use crate::domain::citizen_id::Sex;

/// The version a provincial officer keeps, or a rejection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CorrectionChoice {
    /// The record stays as it is: the agency's details were wrong.
    Stored,
    /// The record takes the agency's details.
    Proposed,
    /// Neither: the request is rejected with a reason.
    Rejected,
}

impl CorrectionChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            CorrectionChoice::Stored => "stored",
            CorrectionChoice::Proposed => "proposed",
            CorrectionChoice::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<CorrectionChoice> {
        match s {
            "stored" => Some(CorrectionChoice::Stored),
            "proposed" => Some(CorrectionChoice::Proposed),
            "rejected" => Some(CorrectionChoice::Rejected),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectionRowView {
    pub id: i32,
    /// The citizen ID the agency typed (the record's).
    pub citizen_id: String,
    /// Who asked: for the provincial officer (the agency knows it asked).
    pub agency_name: Option<String>,
    /// What the agency typed.
    pub proposed_full_name: String,
    pub proposed_birth_date: NaiveDate,
    pub proposed_sex: Sex,
    /// What is on record: for the provincial officer only.
    pub stored: Option<(String, NaiveDate, Sex)>,
    pub reason: String,
    pub has_scan: bool,
    pub filed_at: DateTime<Utc>,
    pub outcome: Option<CorrectionChoice>,
    pub decision_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectionsView {
    /// The provincial officer's view (both versions, decisions), else the agency's.
    pub officer: bool,
    pub rows: Vec<CorrectionRowView>,
}

/// Field names of the correction forms.
pub mod fields {
    pub const CORRECTION_ID: &str = "correction_id";
    pub const REASON: &str = "reason";
    pub const SCAN: &str = "scan";
    pub const CHOICE: &str = "choice";
}
use fields as f;

/// The agency's reason, and an optional scan of the ID card, for a request of its own.
#[derive(Debug, Clone)]
pub struct CorrectionEvidenceInput {
    pub id: i32,
    pub reason: String,
    pub scan: Option<UploadedFile>,
}

impl FormInput for CorrectionEvidenceInput {
    const ACTION: &'static str = "correction_evidence";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(CorrectionEvidenceInput {
            id: form.id(f::CORRECTION_ID)?,
            reason: form.get(f::REASON).to_owned(),
            scan: form.file(f::SCAN).cloned(),
        })
    }
}

/// The provincial officer's decision on a request.
#[derive(Debug, Clone)]
pub struct DecideCorrectionInput {
    pub id: i32,
    pub choice: CorrectionChoice,
    pub reason: String,
}

impl FormInput for DecideCorrectionInput {
    const ACTION: &'static str = "decide_correction";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(DecideCorrectionInput {
            id: form.id(f::CORRECTION_ID)?,
            choice: CorrectionChoice::parse(form.get(f::CHOICE)).ok_or(Rejected::Tampered)?,
            reason: form.get(f::REASON).to_owned(),
        })
    }
}
