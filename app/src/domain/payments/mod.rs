//! The payment ledger of a case: every amount the worker paid, to whom, with what proof, and the
//! flags the law raises on it. Append-only: a mistake is undone by a reversing entry with its
//! reason. A payment the worker states and the agency did not record is the worker's statement
//! until the agency confirms or disputes it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::forms::{FieldErrors, Problem};
use super::lifecycle::{optional_text, parse_vnd, Fees, Refusal, SendingContract};

/// What a payment was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    ServiceFee,
    /// The worker's contribution to the Overseas Employment Support Fund.
    Fund,
    Orientation,
    Language,
    Passport,
    Visa,
    CriminalRecord,
    HealthCheck,
    Kit,
    Travel,
    Airfare,
    /// The worker's deposit, into a blocked account in the worker's name.
    Deposit,
    /// Recruitment or brokerage money: never lawfully charged to the worker.
    Brokerage,
    Other,
    /// Deposit money given back to the worker (recorded by the agency).
    DepositReleased,
    /// Deposit money kept against proven damages (recorded by the agency).
    DepositOffset,
}

impl PaymentKind {
    pub const ALL: [PaymentKind; 16] = [
        PaymentKind::ServiceFee,
        PaymentKind::Fund,
        PaymentKind::Orientation,
        PaymentKind::Language,
        PaymentKind::Passport,
        PaymentKind::Visa,
        PaymentKind::CriminalRecord,
        PaymentKind::HealthCheck,
        PaymentKind::Kit,
        PaymentKind::Travel,
        PaymentKind::Airfare,
        PaymentKind::Deposit,
        PaymentKind::Brokerage,
        PaymentKind::Other,
        PaymentKind::DepositReleased,
        PaymentKind::DepositOffset,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentKind::ServiceFee => "service_fee",
            PaymentKind::Fund => "fund",
            PaymentKind::Orientation => "orientation",
            PaymentKind::Language => "language",
            PaymentKind::Passport => "passport",
            PaymentKind::Visa => "visa",
            PaymentKind::CriminalRecord => "criminal_record",
            PaymentKind::HealthCheck => "health_check",
            PaymentKind::Kit => "kit",
            PaymentKind::Travel => "travel",
            PaymentKind::Airfare => "airfare",
            PaymentKind::Deposit => "deposit",
            PaymentKind::Brokerage => "brokerage",
            PaymentKind::Other => "other",
            PaymentKind::DepositReleased => "deposit_released",
            PaymentKind::DepositOffset => "deposit_offset",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentKind> {
        PaymentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Money the worker paid (the rest say what became of the deposit).
    pub fn is_payment(self) -> bool {
        !matches!(
            self,
            PaymentKind::DepositReleased | PaymentKind::DepositOffset
        )
    }

    /// Kinds a worker may state; the deposit's outcome is the agency's to record.
    pub fn payments() -> impl Iterator<Item = PaymentKind> {
        PaymentKind::ALL.into_iter().filter(|k| k.is_payment())
    }

    /// The item of the sending contract that covers this kind, if the contract itemises it.
    pub fn contract_item(self, fees: &Fees) -> Option<i64> {
        match self {
            PaymentKind::ServiceFee => Some(fees.service_vnd),
            PaymentKind::Orientation | PaymentKind::Language => Some(fees.training_vnd),
            PaymentKind::Passport | PaymentKind::Visa => Some(fees.visa_vnd),
            PaymentKind::Airfare => Some(fees.airfare_vnd),
            PaymentKind::Other
            | PaymentKind::CriminalRecord
            | PaymentKind::HealthCheck
            | PaymentKind::Kit
            | PaymentKind::Travel => Some(fees.other_vnd),
            _ => None,
        }
    }

    /// Kinds that share one contract item are counted together against it.
    fn same_item(self, other: PaymentKind) -> bool {
        let group = |k: PaymentKind| match k {
            PaymentKind::Orientation | PaymentKind::Language => 1,
            PaymentKind::Passport | PaymentKind::Visa => 2,
            PaymentKind::Other
            | PaymentKind::CriminalRecord
            | PaymentKind::HealthCheck
            | PaymentKind::Kit
            | PaymentKind::Travel => 3,
            _ => 10 + k as u8,
        };
        group(self) == group(other)
    }
}

/// To whom the money went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payee {
    /// The agency's head office.
    Agency,
    /// A branch of the agency: branches may not take money.
    Branch,
    /// A broker or intermediary.
    Broker,
    /// A lender: the interest and fees of a loan taken to pay.
    Lender,
    /// Whoever provides the service itself: a hospital, an embassy, a school, an airline, the
    /// bank of the blocked account.
    Provider,
}

impl Payee {
    pub const ALL: [Payee; 5] = [
        Payee::Agency,
        Payee::Branch,
        Payee::Broker,
        Payee::Lender,
        Payee::Provider,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Payee::Agency => "agency",
            Payee::Branch => "branch",
            Payee::Broker => "broker",
            Payee::Lender => "lender",
            Payee::Provider => "provider",
        }
    }

    pub fn parse(s: &str) -> Option<Payee> {
        Payee::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Money into the agency's hands (its head office, its branch, someone collecting for it).
    fn collected_for_agency(self) -> bool {
        matches!(self, Payee::Agency | Payee::Branch | Payee::Broker)
    }
}

/// Who wrote an entry into the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordedBy {
    Agency,
    /// The worker's statement: stands as stated until the agency confirms or disputes it.
    Worker,
}

impl RecordedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordedBy::Agency => "agency",
            RecordedBy::Worker => "worker",
        }
    }

    pub fn parse(s: &str) -> Option<RecordedBy> {
        match s {
            "agency" => Some(RecordedBy::Agency),
            "worker" => Some(RecordedBy::Worker),
            _ => None,
        }
    }
}

/// The agency's answer to a worker's statement, given once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Confirmed,
    Disputed,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Confirmed => "confirmed",
            Answer::Disputed => "disputed",
        }
    }

    pub fn parse(s: &str) -> Option<Answer> {
        match s {
            "confirmed" => Some(Answer::Confirmed),
            "disputed" => Some(Answer::Disputed),
            _ => None,
        }
    }
}

/// What the law says about a payment, raised when it is posted. Shown to the worker and to
/// inspectors, and kept for the agency's risk ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// The service fees paid exceed the cap for this market, programme and term.
    ServiceFeeOverCap { cap_vnd: i64, paid_vnd: i64 },
    /// Money taken before DOLAB approved the supply contract.
    BeforeOrderApproved,
    /// Money taken before the sending contract was signed.
    BeforeContractSigned,
    /// Recruitment or brokerage money charged to the worker.
    RecruitmentMoneyCharged,
    /// Money paid to a broker or intermediary.
    PaidToBroker,
    /// Money taken by a branch of the agency.
    BranchTookMoney,
    /// More paid for an item than the sending contract lists for it.
    OverContract {
        kind: PaymentKind,
        agreed_vnd: i64,
        paid_vnd: i64,
    },
    /// A Fund contribution above the amount the rule sets.
    FundOverRule { rule_vnd: i64, paid_vnd: i64 },
    /// A deposit taken before the sending contract and the visa (a worker's statement: the
    /// agency's own record of one is refused).
    DepositTooEarly,
    /// A deposit over the programme's cap or the contract's amount.
    DepositOverCap { cap_vnd: i64 },
    /// A deposit in a market whose deposits no rule allows.
    DepositWithoutRule,
}

/// What a worker's statement of a deposit raises where the agency's record would be refused:
/// the worker tells what happened, lawful or not.
pub fn deposit_flags(refusals: &[Refusal]) -> Vec<Flag> {
    refusals
        .iter()
        .map(|r| match r {
            Refusal::DepositTooEarly => Flag::DepositTooEarly,
            Refusal::DepositOverCap { cap_vnd } => Flag::DepositOverCap { cap_vnd: *cap_vnd },
            _ => Flag::DepositWithoutRule,
        })
        .collect()
}

/// An entry that stands (not reversed, not a reversal), as the checks see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub kind: PaymentKind,
    pub payee: Payee,
    pub amount_vnd: i64,
}

/// A payment about to be posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPayment {
    pub kind: PaymentKind,
    pub payee: Payee,
    pub paid_on: NaiveDate,
    pub amount_vnd: i64,
    /// A foreign-currency amount, with its currency; the VND amount is at the recorded rate.
    pub foreign: Option<(i64, String)>,
    pub receipt_no: Option<String>,
    /// The worker's loan taken to pay this (the lender's name), if any.
    pub note: String,
    /// Deposits: the bank and the blocked account in the worker's name.
    pub bank: Option<String>,
    pub account: Option<String>,
    /// A worker's statement shown only to inspectors (and officers), not the agency.
    pub inspectors_only: bool,
}

/// What the checks of a payment need to know about its case, on the payment's day.
#[derive(Debug, Clone)]
pub struct LedgerFacts<'a> {
    /// The day DOLAB approved the supply contract.
    pub order_approved_on: Option<NaiveDate>,
    pub contract: Option<&'a SendingContract>,
    /// The most the worker may pay in service fees (cap less the partner's share), from the
    /// rules of the contract's day; none before a contract.
    pub worker_fee_cap_vnd: Option<i64>,
    /// The Fund contribution the rule sets on the payment's day.
    pub fund_worker_vnd: Option<i64>,
    /// The entries that stand before this one.
    pub earlier: &'a [Standing],
}

/// The flags a payment raises, with everything that stands before it.
pub fn flags_of(p: &NewPayment, f: &LedgerFacts<'_>) -> Vec<Flag> {
    let mut out = Vec::new();
    if !p.kind.is_payment() {
        return out;
    }
    let for_agency = p.payee.collected_for_agency();
    if for_agency && f.order_approved_on.is_none_or(|d| p.paid_on < d) {
        out.push(Flag::BeforeOrderApproved);
    }
    if for_agency && f.contract.is_none_or(|c| p.paid_on < c.signed_on) {
        out.push(Flag::BeforeContractSigned);
    }
    if p.kind == PaymentKind::Brokerage {
        out.push(Flag::RecruitmentMoneyCharged);
    }
    if p.payee == Payee::Broker {
        out.push(Flag::PaidToBroker);
    }
    if p.payee == Payee::Branch {
        out.push(Flag::BranchTookMoney);
    }
    let so_far = |pred: &dyn Fn(&Standing) -> bool| -> i64 {
        f.earlier
            .iter()
            .filter(|s| pred(s))
            .map(|s| s.amount_vnd)
            .sum::<i64>()
            + p.amount_vnd
    };
    if p.kind == PaymentKind::ServiceFee {
        let paid = so_far(&|s| s.kind == PaymentKind::ServiceFee);
        match f.worker_fee_cap_vnd {
            Some(cap) if paid > cap => out.push(Flag::ServiceFeeOverCap {
                cap_vnd: cap,
                paid_vnd: paid,
            }),
            // No contract: no fee was lawfully agreed, so all of it is over.
            None if paid > 0 => out.push(Flag::ServiceFeeOverCap {
                cap_vnd: 0,
                paid_vnd: paid,
            }),
            _ => {}
        }
    }
    if p.kind == PaymentKind::Fund {
        let paid = so_far(&|s| s.kind == PaymentKind::Fund);
        if let Some(rule) = f.fund_worker_vnd.filter(|r| paid > *r) {
            out.push(Flag::FundOverRule {
                rule_vnd: rule,
                paid_vnd: paid,
            });
        }
    }
    if for_agency && p.kind != PaymentKind::ServiceFee {
        if let Some(agreed) = f.contract.and_then(|c| p.kind.contract_item(&c.fees)) {
            let paid = so_far(&|s| s.payee.collected_for_agency() && p.kind.same_item(s.kind));
            if paid > agreed {
                out.push(Flag::OverContract {
                    kind: p.kind,
                    agreed_vnd: agreed,
                    paid_vnd: paid,
                });
            }
        }
    }
    out
}

/// A deposit is refused (not posted) before the sending contract and the visa, over the
/// programme's cap or the contract's amount, or when the market has no cap rule.
pub fn deposit_refusals(
    p: &NewPayment,
    contract: Option<&SendingContract>,
    visa_granted_on: Option<NaiveDate>,
    cap: Result<i64, Refusal>,
    held_vnd: i64,
) -> Vec<Refusal> {
    let mut out = Vec::new();
    if p.kind != PaymentKind::Deposit {
        return out;
    }
    let signed = contract.map(|c| c.signed_on);
    if signed.is_none_or(|s| p.paid_on < s) || visa_granted_on.is_none_or(|v| p.paid_on < v) {
        out.push(Refusal::DepositTooEarly);
    }
    match cap {
        Err(r) => out.push(r),
        Ok(cap) => {
            let agreed = contract.map_or(0, |c| c.deposit_vnd);
            let cap = cap.min(agreed);
            if held_vnd + p.amount_vnd > cap {
                out.push(Refusal::DepositOverCap { cap_vnd: cap });
            }
        }
    }
    out
}

/// The worker's deposit as the ledger shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DepositStatus {
    None,
    Held,
    Released,
    Offset,
}

/// Paid, given back, kept; and what is held now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositTotals {
    pub paid_vnd: i64,
    pub released_vnd: i64,
    pub offset_vnd: i64,
}

impl DepositTotals {
    pub fn of(entries: &[Standing]) -> DepositTotals {
        let sum = |k| {
            entries
                .iter()
                .filter(|s| s.kind == k)
                .map(|s| s.amount_vnd)
                .sum()
        };
        DepositTotals {
            paid_vnd: sum(PaymentKind::Deposit),
            released_vnd: sum(PaymentKind::DepositReleased),
            offset_vnd: sum(PaymentKind::DepositOffset),
        }
    }

    pub fn held_vnd(&self) -> i64 {
        self.paid_vnd - self.released_vnd - self.offset_vnd
    }

    pub fn status(&self) -> DepositStatus {
        if self.paid_vnd == 0 {
            DepositStatus::None
        } else if self.held_vnd() > 0 {
            DepositStatus::Held
        } else if self.offset_vnd > 0 {
            DepositStatus::Offset
        } else {
            DepositStatus::Released
        }
    }
}

/// Releasing or offsetting more than is held is refused.
pub fn outcome_refusal(p: &NewPayment, totals: &DepositTotals) -> Option<Problem> {
    let outcome = matches!(
        p.kind,
        PaymentKind::DepositReleased | PaymentKind::DepositOffset
    );
    (outcome && p.amount_vnd > totals.held_vnd()).then_some(Problem::AtMost {
        max: totals.held_vnd(),
    })
}

/// The field names of the payment forms.
pub mod fields {
    pub const KIND: &str = "kind";
    pub const PAYEE: &str = "payee";
    pub const PAID_ON: &str = "paid_on";
    pub const AMOUNT_VND: &str = "amount_vnd";
    pub const FOREIGN_AMOUNT: &str = "foreign_amount";
    pub const CURRENCY: &str = "currency";
    pub const RECEIPT_NO: &str = "receipt_no";
    pub const NO_RECEIPT: &str = "no_receipt";
    pub const NOTE: &str = "note";
    pub const BANK: &str = "bank";
    pub const ACCOUNT: &str = "account";
    pub const INSPECTORS_ONLY: &str = "inspectors_only";
    pub const RECEIPT: &str = "receipt";
    pub const REASON: &str = "reason";
    pub const ANSWER: &str = "answer";
}

/// Parses the payment form. The VND amount of a foreign-currency payment is left 0 here: the
/// use case sets it at the rate in force on the payment's day.
pub fn parse_payment(get: &dyn Fn(&str) -> String) -> Result<NewPayment, FieldErrors> {
    use fields as f;
    let mut e = FieldErrors::default();
    let kind = e.check(
        f::KIND,
        PaymentKind::parse(&get(f::KIND)).ok_or(Problem::Choice),
    );
    let payee = e.check(
        f::PAYEE,
        Payee::parse(&get(f::PAYEE)).ok_or(Problem::Choice),
    );
    let paid_on = e.check(f::PAID_ON, super::accounts::parse_date(&get(f::PAID_ON)));
    let currency = get(f::CURRENCY).trim().to_uppercase();
    let foreign_text = get(f::FOREIGN_AMOUNT);
    let amount_text = get(f::AMOUNT_VND);
    let (amount, foreign) = if currency.is_empty() || currency == "VND" {
        (e.check(f::AMOUNT_VND, parse_vnd(&amount_text)), None)
    } else {
        if !super::job_orders::CURRENCIES.contains(&currency.as_str()) {
            e.add(f::CURRENCY, Problem::Choice);
        }
        let foreign = e.check(f::FOREIGN_AMOUNT, parse_vnd(&foreign_text));
        (Some(0), foreign.map(|a| (a, currency.clone())))
    };
    if amount == Some(0) && foreign.is_none() {
        e.add(f::AMOUNT_VND, Problem::AtLeast { min: 1 });
    }
    if foreign.as_ref().is_some_and(|(a, _)| *a == 0) {
        e.add(f::FOREIGN_AMOUNT, Problem::AtLeast { min: 1 });
    }
    let receipt = optional_text(&mut e, f::RECEIPT_NO, &get(f::RECEIPT_NO), 64);
    let no_receipt = !get(f::NO_RECEIPT).is_empty();
    if receipt.is_empty() && !no_receipt {
        e.add(f::RECEIPT_NO, Problem::ReceiptOrCash);
    }
    let note = optional_text(&mut e, f::NOTE, &get(f::NOTE), 500);
    // Required of the agency's record of a deposit (the use case asks); a worker may not know.
    let (bank, account) = if kind == Some(PaymentKind::Deposit) {
        (
            Some(optional_text(&mut e, f::BANK, &get(f::BANK), 120)).filter(|b| !b.is_empty()),
            Some(optional_text(&mut e, f::ACCOUNT, &get(f::ACCOUNT), 64)).filter(|a| !a.is_empty()),
        )
    } else {
        (None, None)
    };
    match (kind, payee, paid_on, amount) {
        (Some(kind), Some(payee), Some(paid_on), Some(amount)) if e.is_empty() => Ok(NewPayment {
            kind,
            payee,
            paid_on,
            amount_vnd: amount,
            foreign,
            receipt_no: Some(receipt).filter(|r| !r.is_empty()),
            note,
            bank,
            account,
            inspectors_only: !get(f::INSPECTORS_ONLY).is_empty(),
        }),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests;
