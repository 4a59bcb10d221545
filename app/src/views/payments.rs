//! The money of a case: its payment ledger, what the law allows beside what was paid, the
//! worker's deposit, and the payment forms.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::forms::{FormData, FormInput, Rejected, UploadedFile};
use crate::domain::accounts::Role;
use crate::domain::cases::CaseState;
use crate::domain::lifecycle::Refusal;
use crate::domain::payments::{
    fields as f, parse_payment, Answer, DepositStatus, DepositTotals, Flag, NewPayment, Payee,
    PaymentKind, RecordedBy,
};

/// One entry of the ledger as this viewer may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentView {
    pub id: i32,
    pub kind: PaymentKind,
    pub payee: Payee,
    pub paid_on: NaiveDate,
    pub amount_vnd: i64,
    /// Paid in a foreign currency: the amount, its currency, the VND rate recorded.
    pub foreign: Option<(i64, String, i64)>,
    pub receipt_no: Option<String>,
    pub note: String,
    pub bank: Option<String>,
    pub account: Option<String>,
    /// The receipt photo's attachment, to download.
    pub receipt_photo: Option<i32>,
    pub recorded_by: RecordedBy,
    pub inspectors_only: bool,
    pub flags: Vec<Flag>,
    /// This entry undoes that one.
    pub reverses: Option<i32>,
    /// This entry was undone by that one.
    pub reversed_by: Option<i32>,
    pub reason: Option<String>,
    pub answer: Option<Answer>,
    pub answer_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub may_reverse: bool,
    pub may_answer: bool,
}

impl PaymentView {
    /// Counted in the totals: neither reversed nor a reversal.
    pub fn stands(&self) -> bool {
        self.reverses.is_none() && self.reversed_by.is_none()
    }
}

/// One line of the law's lens: what was paid for a kind, what the law or the contract allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyLine {
    pub kind: PaymentKind,
    pub paid_vnd: i64,
    /// None: the law sets no amount for it (a cost paid to whoever provides the service).
    pub allowed_vnd: Option<i64>,
}

impl MoneyLine {
    pub fn over_vnd(&self) -> i64 {
        self.allowed_vnd.map_or(0, |a| (self.paid_vnd - a).max(0))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoneyView {
    pub case_id: i32,
    pub worker_name: String,
    pub state: CaseState,
    pub today: NaiveDate,
    pub market: String,
    pub entries: Vec<PaymentView>,
    /// Per kind of payment, in the order of `PaymentKind::ALL`.
    pub lines: Vec<MoneyLine>,
    /// The worker's service-fee cap of the contract (its signing day's rules and rate).
    pub fee_cap_vnd: Option<i64>,
    /// Why there is no cap to show (no contract yet, or a rule missing).
    pub fee_cap_missing: Option<Refusal>,
    /// What the agency may pay an intermediary for this worker.
    pub brokerage_cap_vnd: Option<i64>,
    /// The deposit cap of the programme in its market today; none: no deposit may be taken.
    pub deposit_cap_vnd: Option<i64>,
    pub deposit: DepositTotals,
    pub deposit_status: DepositStatus,
    pub deposit_bank: Option<(String, String)>,
    /// Everything paid that stands (the deposit counted as paid).
    pub paid_vnd: i64,
    /// What of it is over what Vietnamese law allows.
    pub over_law_vnd: i64,
    /// Everything the worker bore to get the job (the ILO's employer-pays lens): every payment
    /// except deposit money given back.
    pub borne_vnd: i64,
    pub viewer: Option<Role>,
    /// This viewer may record payments, as the agency or as the worker.
    pub recorder: Option<RecordedBy>,
    /// The worker may still hide a statement from the agency (before departure).
    pub may_hide: bool,
}

impl MoneyView {
    pub fn flags(&self) -> impl Iterator<Item = (&PaymentView, &Flag)> {
        self.entries
            .iter()
            .filter(|e| e.stands())
            .flat_map(|e| e.flags.iter().map(move |f| (e, f)))
    }
}

/// A payment posted from the form, with its receipt photo if one was sent.
#[derive(Debug, Clone)]
pub struct PaymentInput {
    pub case_id: i32,
    pub payment: NewPayment,
    pub receipt: Option<UploadedFile>,
}

impl FormInput for PaymentInput {
    const ACTION: &'static str = "record_payment";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(PaymentInput {
            case_id: form.id("case_id")?,
            payment: parse_payment(&form.reader())?,
            receipt: form.file(f::RECEIPT).cloned(),
        })
    }
}

/// A reversing entry for a mistake, with its reason.
#[derive(Debug, Clone)]
pub struct ReversePaymentInput {
    pub case_id: i32,
    pub payment_id: i32,
    pub reason: String,
}

impl FormInput for ReversePaymentInput {
    const ACTION: &'static str = "reverse_payment";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(ReversePaymentInput {
            case_id: form.id("case_id")?,
            payment_id: form.id("payment_id")?,
            reason: form.get(f::REASON).to_owned(),
        })
    }
}

/// The agency's answer to a worker's statement.
#[derive(Debug, Clone)]
pub struct AnswerStatementInput {
    pub case_id: i32,
    pub payment_id: i32,
    pub answer: Answer,
    pub reason: String,
}

impl FormInput for AnswerStatementInput {
    const ACTION: &'static str = "answer_statement";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(AnswerStatementInput {
            case_id: form.id("case_id")?,
            payment_id: form.id("payment_id")?,
            answer: Answer::parse(form.get(f::ANSWER)).ok_or(Rejected::Tampered)?,
            reason: form.get(f::REASON).to_owned(),
        })
    }
}
