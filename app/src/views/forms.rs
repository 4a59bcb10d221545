//! What a posted HTML form carries in (its fields) and what the page renders back (the outcome:
//! values kept, problems by field, a notice).

use serde::{Deserialize, Serialize};

use crate::domain::forms::{FieldErrors, FormProblem};

/// A posted form: its text fields in order (from an `application/x-www-form-urlencoded` or
/// `multipart/form-data` body) and, for multipart, its uploaded files as bytes.
#[derive(Debug, Clone, Default)]
pub struct FormData {
    pub fields: Vec<(String, String)>,
    pub files: Vec<UploadedFile>,
}

/// One uploaded file, as the browser sent it. The name and type are the client's claims; what
/// the file really is, is decided from its bytes by whoever stores or reads it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct UploadedFile {
    /// The form field it came in.
    pub field: String,
    /// The file's name on the sender's machine (may be empty).
    pub file_name: String,
    /// The content type the browser claimed (may be empty).
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for UploadedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadedFile")
            .field("field", &self.field)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl FormData {
    /// Text fields only, as an urlencoded body gives them.
    pub fn from_fields(fields: Vec<(String, String)>) -> FormData {
        FormData {
            fields,
            files: Vec::new(),
        }
    }

    /// The first non-empty file sent in this field, if any.
    pub fn file(&self, name: &str) -> Option<&UploadedFile> {
        self.files
            .iter()
            .find(|f| f.field == name && !f.bytes.is_empty())
    }

    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Something to tell after a form that stays on its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    ResetRequested,
    /// A sign-up was taken: a confirmation link is on its way (said the same whatever is on
    /// record).
    SignupSent,
    /// The account is now linked to the worker's record.
    RecordClaimed,
    /// The lock on the account is lifted.
    Unlocked,
    /// A claim dispute went to the provincial office.
    DisputeFiled,
    /// A claim dispute was rejected (and the worker told why).
    DisputeRejected,
    /// The agency's reason and scan were added to its correction request.
    EvidenceAdded,
    /// A correction request was decided (and the worker told).
    CorrectionDecided,
    InvitationSent,
    StatusChanged,
    SessionRevoked,
    /// A complaint followed by its tracking code moved on (taken further, or its answer accepted).
    ComplaintUpdated,
}

/// What became of a posted form, to render the page again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormOutcome {
    pub action: String,
    /// What was typed, to put back in the inputs. Passwords and codes are never echoed.
    pub values: Vec<(String, String)>,
    pub errors: FieldErrors,
    pub problem: Option<FormProblem>,
    pub notice: Option<Notice>,
    /// Shown once, right after two-factor set-up.
    pub recovery_codes: Vec<String>,
    /// Where the page's "continue" goes: the person's landing, once two-factor set-up is done.
    pub continue_to: Option<String>,
    /// A CSV import: the problems of its rows, or how many cases it opened.
    pub import_errors: Vec<crate::domain::import::RowError>,
    pub imported: Option<usize>,
    /// A claim code just printed for a case's worker, shown once, and until when it works.
    pub claim_code: Option<(String, String)>,
    /// The tracking code of a complaint just filed by someone without an account, shown once.
    pub tracking_code: Option<String>,
}

impl FormOutcome {
    pub fn value(&self, name: &str) -> String {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn is_for(&self, action: &str) -> bool {
        self.action == action
    }
}

/// The hidden field naming the form's action.
pub const ACTION_FIELD: &str = "_action";

/// Why a posted form could not become its typed input.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejected {
    /// Fields a person typed wrongly: shown next to each.
    Fields(FieldErrors),
    /// A hidden field no page of ours writes (an id that is not a number): the record is simply
    /// not found.
    Tampered,
}

impl From<FieldErrors> for Rejected {
    fn from(e: FieldErrors) -> Self {
        Rejected::Fields(e)
    }
}

/// A form's typed input: the name of its action and how it is read from the posted fields,
/// once. Parsing is pure; what needs the database (does the record exist, may this actor touch
/// it) is the use case's.
pub trait FormInput: Sized {
    const ACTION: &'static str;
    fn parse(form: &FormData) -> Result<Self, Rejected>;
}

impl FormData {
    /// A record id from a hidden field; a tampered one is not found.
    pub fn id(&self, name: &str) -> Result<i32, Rejected> {
        self.get(name)
            .trim()
            .parse()
            .map_err(|_| Rejected::Tampered)
    }

    /// Every value of a repeated field (checkboxes), in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The field reader the domain's parsers take.
    pub fn reader(&self) -> impl Fn(&str) -> String + '_ {
        move |name| self.get(name).to_owned()
    }
}
