//! What can be wrong with what someone typed, as data: the browser and the server produce the
//! same problems from the same rules, and `i18n` turns them into sentences.

use serde::{Deserialize, Serialize};

use super::citizen_id::CitizenIdError;
use super::lifecycle::Refusal;

/// A reason one field is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    /// An attached file larger than the limit (in MiB).
    FileTooLarge {
        max_mib: u32,
    },
    /// An attached file that is not one of the kinds kept (by its content, not its name).
    FileType,
    TooLong {
        max: usize,
    },
    NameShape,
    Email,
    Phone,
    Date,
    TooYoung {
        min_age: u32,
    },
    CitizenId(CitizenIdError),
    PasswordTooShort {
        min: usize,
    },
    PasswordTooLong {
        max: usize,
    },
    PasswordCommon,
    PasswordContainsIdentity,
    Code,
    Choice,
    /// A date after today for something that has already happened.
    Future,
    /// A date before the step it follows (e.g. selected before applying).
    BeforeEarlierStep,
    AtLeast {
        min: i64,
    },
    AtMost {
        max: i64,
    },
    /// A purpose for taking personal data too short to say anything.
    PurposeTooShort {
        min: u16,
    },
    /// An export of personal data larger than one export may hold.
    OverExportCap {
        cap: u64,
    },
    /// Not a whole, non-negative amount of VND.
    Amount,
    Number,
    Passport,
    Month,
    /// A certificate is issued only after the test is passed.
    TestNotPassed,
    /// No service fee may be charged under this form of going abroad.
    NoFeeUnderThisForm,
    /// Already exists (e.g. a rule version for that day).
    Duplicate,
    /// The citizen ID is on record with another name or birth date.
    IdentityMismatch,
    /// A payment needs its receipt number, or to be marked as cash without a receipt.
    ReceiptOrCash,
    /// Only before departure (a statement hidden from the agency).
    OnlyBeforeDeparture,
    /// Not for this case (e.g. damages claimed where the worker was not at fault).
    NotAllowedHere,
    /// An amount other than the computed one needs its reason.
    ReasonForDifference,
    /// This item of support was already paid to the worker in the programme period.
    PaidInPeriod {
        period: i32,
    },
    /// No case with this number that the user may act on (another province's is not named).
    UnknownCase,
    /// Not a Vietnamese enterprise code (ten digits, a branch's with `-` and three more).
    EnterpriseCode,
    /// A licence condition the dossier does not meet.
    ConditionNotMet,
    /// A licence condition with its least value under the rules in force.
    ConditionAtLeast {
        min: i64,
    },
    /// A licensed agency's website is under `.vn`.
    WebsiteNotVn,
    /// An amendment that changes nothing.
    NothingChanged,
    /// A date before the decision that sets it.
    BeforeDecision,
    /// The agency is already suspended in that market over part of the period.
    SuspendedThen {
        from: chrono::NaiveDate,
        until: chrono::NaiveDate,
    },
    /// An end date before the start date.
    BeforeStart,
    /// A deadline already past.
    Past,
    /// A fine outside the range the violations' rules allow, VND.
    FineOutside {
        min: i64,
        max: i64,
    },
    /// A sanction decided before any violation is recorded.
    NoViolation,
    /// An inspection closed while remediation tasks are not all accepted.
    TasksOutstanding {
        count: u32,
    },
    /// A complaint past its time limit (which ended on `due`), with no obstacle stated.
    TooLateToComplain {
        due: chrono::NaiveDate,
    },
    /// The first level still has time to answer, until this day.
    AppealNotYet {
        until: chrono::NaiveDate,
    },
    /// The time to take the answer further ended on this day.
    AppealEnded {
        ended: chrono::NaiveDate,
    },
    /// No further extension is allowed.
    NoMoreExtensions,
    /// The decision already has a complaint against it.
    AlreadyComplained,
    /// A sanction decision received before the day it was signed.
    ReceivedBeforeDecision,
    /// The time to complain against a sanction decision ended on `due`.
    SanctionComplaintTooLate {
        due: chrono::NaiveDate,
    },
    /// An extension asked after the deadline it would extend had passed (on `due`): the
    /// filer may already take the complaint further.
    ExtensionTooLate {
        due: chrono::NaiveDate,
    },
}

/// A problem with the whole form rather than one field. Messages never say which account exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormProblem {
    /// Wrong identifier or password: one answer for both.
    BadCredentials,
    /// Too many failures for this account or address; try again after this many minutes.
    Throttled { minutes: u32 },
    /// The citizen ID or email is already registered; said without naming the holder.
    AccountExists,
    /// A link (invitation, reset) is unknown, used or expired.
    LinkInvalid,
    /// Wrong or reused two-factor code.
    BadCode,
    /// The email address already has an account or a pending invitation.
    EmailTaken,
    /// Signing in is needed for this form.
    SignInRequired,
    /// The user may not do this.
    NotPermitted,
    /// A decision taken once (an order, a departure list) was already taken, perhaps a moment
    /// ago by someone else; this one changed nothing.
    AlreadyDecided,
    /// The record the form is about does not exist (or is not this user's to know about).
    NotFound,
    /// Something failed on the server; the request id is in the log.
    Unexpected { request_id: String },
    /// The database does not answer; nothing was changed.
    Unavailable,
    /// The law's guards refuse this step; each reason is shown.
    Refused(Vec<Refusal>),
    /// Another import of this agency is still running; one at a time.
    ImportRunning,
    /// The record moved on since the page was shown (an order no longer a draft, say): this
    /// request is allowed in principle but no longer applies, and changed nothing.
    StateChanged,
    /// Two-step verification is already set up; a confirmed authenticator is not replaced here.
    TwoFactorAlreadyOn,
    /// An invited account becomes active only when its holder accepts the invitation.
    InvitationNotAccepted,
    /// The system administrator disabled this account; only they re-enable it.
    DisabledBySystemAdmin,
    /// The worker record already has an account linked to it.
    RecordClaimed,
    /// The same request is already waiting for an answer.
    AlreadyRequested,
    /// This needs an account whose email address is confirmed.
    EmailNotConfirmed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

/// All the problems of one submission, in field order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, problem: Problem) {
        self.0.push(FieldError {
            field: field.to_owned(),
            problem,
        });
    }

    pub fn check<T>(&mut self, field: &str, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(problem) => {
                self.add(field, problem);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn first_for(&self, field: &str) -> Option<&Problem> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.problem)
    }
}
