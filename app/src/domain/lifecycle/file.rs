//! The case file: what each step records (fees, contract, certificate, visa, deposit, departure,
//! settlement), and the steps themselves as data.

#[allow(unused_imports)]
use super::*;

/// Fees written into the sending contract, itemised (VND).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fees {
    pub service_vnd: i64,
    pub training_vnd: i64,
    pub visa_vnd: i64,
    pub airfare_vnd: i64,
    pub other_vnd: i64,
}

impl Fees {
    pub fn total(&self) -> i64 {
        self.service_vnd + self.training_vnd + self.visa_vnd + self.airfare_vnd + self.other_vnd
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendingContract {
    pub number: String,
    pub signed_on: NaiveDate,
    pub fees: Fees,
    pub deposit_vnd: i64,
    /// Who guarantees for a worker who does not pay a deposit.
    pub guarantor: Option<String>,
    /// VND per unit of the order's wage currency in force on the signing day: the fee agreed
    /// is judged at this rate for the whole case, whatever the rate does later.
    pub vnd_per_unit: i64,
    /// The part of the service fee the foreign partner pays (deducted from the worker's cap).
    pub partner_share_vnd: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub periods: u32,
    pub number: String,
    pub issued_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visa {
    pub passport_no: String,
    pub visa_no: String,
    pub granted_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositPaid {
    pub amount_vnd: i64,
    pub bank: String,
    pub account: String,
    pub paid_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Departure {
    pub exit_on: NaiveDate,
    pub fund_paid_on: NaiveDate,
    pub workplace: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    pub fee_refund_vnd: i64,
    pub deposit_released_vnd: i64,
    pub damages_vnd: i64,
}

/// Everything the steps of one case have recorded. Stored as JSON on the case; each step only
/// adds to it, so the timeline and the guards read the same facts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseFile {
    pub health_certificate_no: Option<String>,
    pub health_certificate_on: Option<NaiveDate>,
    pub exam_result: Option<String>,
    pub language_level: Option<String>,
    pub contract: Option<SendingContract>,
    pub training_started_on: Option<NaiveDate>,
    pub certificate: Option<Certificate>,
    pub visa: Option<Visa>,
    pub deposit: Option<DepositPaid>,
    pub list_confirmed_on: Option<NaiveDate>,
    pub departure: Option<Departure>,
    pub settlement: Option<Settlement>,
    pub closing_note: Option<String>,
    /// When documents and money were returned after "not sent in time".
    pub refunded_on: Option<NaiveDate>,
}

/// A step with its data, parsed from a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Screen {
        health_certificate_no: String,
        health_certificate_on: NaiveDate,
        exam_result: String,
        language_level: String,
    },
    Select {
        selected_on: NaiveDate,
    },
    Contract(SendingContract),
    Train {
        started_on: NaiveDate,
    },
    GrantVisa {
        visa: Visa,
        deposit: Option<DepositPaid>,
    },
    ConfirmList {
        confirmed_on: NaiveDate,
    },
    Depart(Departure),
    EndContract {
        reason: EndReason,
        ended_on: NaiveDate,
    },
    StartLiquidation(Settlement),
    Liquidate {
        on: NaiveDate,
        note: String,
    },
    Withdraw {
        note: String,
    },
    Reject {
        reason: EndReason,
    },
    Cancel {
        note: String,
    },
    NotSent,
}

impl Step {
    /// The day of the act the step records, when the form gives one: its rules are the rules
    /// in force that day. Steps without a day of their own are acts of today.
    pub fn act_on(&self) -> Option<NaiveDate> {
        match self {
            Step::Screen {
                health_certificate_on,
                ..
            } => Some(*health_certificate_on),
            Step::Select { selected_on } => Some(*selected_on),
            Step::Contract(c) => Some(c.signed_on),
            Step::Train { started_on } => Some(*started_on),
            Step::GrantVisa { visa, .. } => Some(visa.granted_on),
            Step::ConfirmList { confirmed_on } => Some(*confirmed_on),
            Step::Depart(d) => Some(d.exit_on),
            Step::EndContract { ended_on, .. } => Some(*ended_on),
            Step::Liquidate { on, .. } => Some(*on),
            Step::StartLiquidation(_)
            | Step::Withdraw { .. }
            | Step::Reject { .. }
            | Step::Cancel { .. }
            | Step::NotSent => None,
        }
    }

    pub fn kind(&self) -> StepKind {
        match self {
            Step::Screen { .. } => StepKind::Screen,
            Step::Select { .. } => StepKind::Select,
            Step::Contract(_) => StepKind::Contract,
            Step::Train { .. } => StepKind::Train,
            Step::GrantVisa { .. } => StepKind::GrantVisa,
            Step::ConfirmList { .. } => StepKind::ConfirmList,
            Step::Depart(_) => StepKind::Depart,
            Step::EndContract { .. } => StepKind::EndContract,
            Step::StartLiquidation(_) => StepKind::StartLiquidation,
            Step::Liquidate { .. } => StepKind::Liquidate,
            Step::Withdraw { .. } => StepKind::Withdraw,
            Step::Reject { .. } => StepKind::Reject,
            Step::Cancel { .. } => StepKind::Cancel,
            Step::NotSent => StepKind::NotSent,
        }
    }
}
