//! The settlement of a case, computed line by line from its end reason and its ledger: the
//! service fee paid back pro rata (or in full when the worker never went), interest at the
//! deposit bank's demand rate for each period, the deposit given back with its interest or kept
//! against proven damages, and the range of support the Fund may pay.
//!
//! Integer VND throughout. Rounding is always in the worker's favour: what the worker gets is
//! rounded up, what the worker owes is rounded down. Each line's amount is never negative; its
//! direction says which way the money goes, and the total is exactly the sum of the signed lines.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::forms::{FieldErrors, Problem};
use super::lifecycle::{parse_vnd, EndReason, Refusal};
use super::payments::{Answer, PaymentKind};
use super::rules::{add_months, MissingRule, RuleBook, RuleKey};

pub use super::deposit_interest::{bank_scope, interest, InterestPeriod, RatePeriod, Rates};

/// Why a worker came back early through no fault of their own, or died: what the Fund's
/// support depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    Accident,
    Illness,
    EmployerClosure,
    Abuse,
    ForceMajeure,
    Death,
}

impl Cause {
    pub const ALL: [Cause; 6] = [
        Cause::Accident,
        Cause::Illness,
        Cause::EmployerClosure,
        Cause::Abuse,
        Cause::ForceMajeure,
        Cause::Death,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Accident => "accident",
            Cause::Illness => "illness",
            Cause::EmployerClosure => "employer_closure",
            Cause::Abuse => "abuse",
            Cause::ForceMajeure => "force_majeure",
            Cause::Death => "death",
        }
    }

    pub fn parse(s: &str) -> Option<Cause> {
        Cause::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The scope of the Fund's support rules for this cause; none where the Fund pays none.
    pub fn fund_scope(self) -> Option<&'static str> {
        match self {
            Cause::Accident => Some("ACCIDENT"),
            Cause::Illness => Some("ILLNESS"),
            Cause::EmployerClosure => Some("CLOSURE"),
            Cause::Abuse => Some("ABUSE"),
            Cause::Death => Some("DEATH"),
            Cause::ForceMajeure => None,
        }
    }

    /// The causes a settlement may name for an end reason (none where no cause is asked).
    pub fn for_reason(reason: EndReason) -> &'static [Cause] {
        match reason {
            EndReason::EarlyReturnNotAtFault => &[
                Cause::Accident,
                Cause::Illness,
                Cause::EmployerClosure,
                Cause::Abuse,
                Cause::ForceMajeure,
            ],
            EndReason::DeceasedOrMissing => &[Cause::Death],
            _ => &[],
        }
    }
}

/// Whole months from `from` to `to`, counted down (in the worker's favour: fewer months
/// worked, more of the fee back).
pub fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut m = 0;
    while m < 1200 && add_months(from, m + 1) <= to {
        m += 1;
    }
    m
}

/// A payment of the ledger the settlement is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paid {
    pub entry_id: i32,
    pub kind: PaymentKind,
    pub paid_on: NaiveDate,
    pub amount_vnd: i64,
}

/// What a settlement is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    pub reason: EndReason,
    pub cause: Option<Cause>,
    pub term_months: u32,
    pub departed_on: Option<NaiveDate>,
    pub ended_on: NaiveDate,
    /// The day the money is paid back: interest runs up to it.
    pub settle_on: NaiveDate,
    /// What the worker paid the agency (its head office or branch), standing entries only.
    pub paid: Vec<Paid>,
    /// The worker's deposit as held: each payment into the blocked account, less what was
    /// already given back or kept.
    pub deposits: Vec<Paid>,
    /// The rates of the deposit's bank (or the reference rate when there is no deposit).
    pub rates: Rates,
    /// Damages the agency proves against the worker, for the reasons that allow them.
    pub damages_vnd: i64,
    /// A Korea EPS deposit is forfeited when the worker overstays.
    pub forfeits_deposit_on_overstay: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// The unworked part of the service fee, back to the worker.
    FeeRefund,
    /// Interest on that refund from the day the fee was paid.
    FeeRefundInterest,
    /// A cost paid back in full because the worker never went abroad.
    CostRefund,
    /// The deposit, back from the blocked account.
    DepositRelease,
    /// The deposit's interest.
    DepositInterest,
    /// Part of the deposit kept against proven damages.
    DepositOffset,
    /// Damages beyond the deposit, owed by the worker.
    DamagesOwed,
    /// A deposit forfeited by the programme's rule (Korea EPS, overstaying).
    DepositForfeited,
}

impl LineKind {
    /// Money that goes to the worker (+) or away from the worker (−).
    pub fn to_worker(self) -> bool {
        matches!(
            self,
            LineKind::FeeRefund
                | LineKind::FeeRefundInterest
                | LineKind::CostRefund
                | LineKind::DepositRelease
                | LineKind::DepositInterest
        )
    }
}

/// How a line's amount was reached: shown with the line, so anyone can redo the sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// `paid × remaining / term`, rounded up.
    ProRata {
        paid_vnd: i64,
        remaining_months: u32,
        term_months: u32,
    },
    /// Interest on `principal_vnd`, period by period.
    Interest {
        principal_vnd: i64,
        bank: String,
        periods: Vec<InterestPeriod>,
    },
    /// The whole amount paid.
    Full { paid_vnd: i64 },
    /// Damages the agency proved, as it stated them.
    Damages { damages_vnd: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub kind: LineKind,
    /// The ledger entry the line comes from, and what it was for.
    pub entry_id: Option<i32>,
    pub item: Option<PaymentKind>,
    pub paid_on: Option<NaiveDate>,
    pub amount_vnd: i64,
    pub basis: Basis,
}

impl Line {
    pub fn signed(&self) -> i64 {
        if self.kind.to_worker() {
            self.amount_vnd
        } else {
            -self.amount_vnd
        }
    }
}

/// The range of support the Fund may pay (it decides the amount).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundRange {
    pub cause: Cause,
    pub min_vnd: i64,
    pub max_vnd: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computed {
    pub lines: Vec<Line>,
    pub fund: Option<FundRange>,
    /// What the agency pays the worker (negative: what the worker owes).
    pub total_vnd: i64,
}

/// Why a settlement cannot be computed from what was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComputeError {
    Fields(FieldErrors),
    Missing(MissingRule),
}

impl From<MissingRule> for ComputeError {
    fn from(m: MissingRule) -> Self {
        ComputeError::Missing(m)
    }
}

/// The end reasons where the worker's fault allows the agency to claim damages.
pub fn allows_damages(reason: EndReason) -> bool {
    matches!(
        reason,
        EndReason::EarlyReturnAtFault
            | EndReason::Absconded
            | EndReason::Overstayed
            | EndReason::WithdrawnByWorker
    )
}

/// Reasons where the unworked part of the fee comes back (not the worker's fault, after departure).
fn pro_rata(reason: EndReason) -> bool {
    matches!(
        reason,
        EndReason::EarlyReturnNotAtFault | EndReason::DeceasedOrMissing
    )
}

/// Costs paid back in full when the worker never went: after "not sent in time", the fee, the
/// Fund contribution, visa and air costs; after a rejection or force majeure, the service fee.
fn full_refund_items(reason: EndReason) -> &'static [PaymentKind] {
    match reason {
        EndReason::NotSentWithin180Days => &[
            PaymentKind::ServiceFee,
            PaymentKind::Fund,
            PaymentKind::Visa,
            PaymentKind::Airfare,
        ],
        EndReason::FailedExam
        | EndReason::FailedHealthCheck
        | EndReason::VisaRefused
        | EndReason::ForceMajeure => &[PaymentKind::ServiceFee],
        _ => &[],
    }
}

/// Computes the settlement: every line with its basis, the Fund's range, the total.
pub fn compute(book: &RuleBook, i: &Inputs) -> Result<Computed, ComputeError> {
    let mut e = FieldErrors::default();
    let causes = Cause::for_reason(i.reason);
    match i.cause {
        Some(c) if !causes.contains(&c) => e.add("cause", Problem::Choice),
        None if !causes.is_empty() => e.add("cause", Problem::Required),
        _ => {}
    }
    if i.damages_vnd < 0 {
        e.add("damages_vnd", Problem::Amount);
    } else if i.damages_vnd > 0 && !allows_damages(i.reason) {
        e.add("damages_vnd", Problem::NotAllowedHere);
    }
    if i.settle_on < i.ended_on {
        e.add("settle_on", Problem::BeforeEarlierStep);
    }
    if !e.is_empty() {
        return Err(ComputeError::Fields(e));
    }
    let mut lines = Vec::new();
    if pro_rata(i.reason) && i.term_months > 0 {
        let worked = i
            .departed_on
            .map_or(0, |d| whole_months(d, i.ended_on))
            .min(i.term_months);
        let remaining = i.term_months - worked;
        for p in i.paid.iter().filter(|p| p.kind == PaymentKind::ServiceFee) {
            let num = i128::from(p.amount_vnd) * i128::from(remaining);
            let den = i128::from(i.term_months);
            let refund = i64::try_from((num + den - 1) / den).unwrap_or(p.amount_vnd);
            if refund <= 0 {
                continue;
            }
            lines.push(Line {
                kind: LineKind::FeeRefund,
                entry_id: Some(p.entry_id),
                item: Some(p.kind),
                paid_on: Some(p.paid_on),
                amount_vnd: refund,
                basis: Basis::ProRata {
                    paid_vnd: p.amount_vnd,
                    remaining_months: remaining,
                    term_months: i.term_months,
                },
            });
            let (amount, periods) = interest(refund, p.paid_on, i.settle_on, &i.rates)?;
            lines.push(Line {
                kind: LineKind::FeeRefundInterest,
                entry_id: Some(p.entry_id),
                item: Some(p.kind),
                paid_on: Some(p.paid_on),
                amount_vnd: amount,
                basis: Basis::Interest {
                    principal_vnd: refund,
                    bank: i.rates.scope.clone(),
                    periods,
                },
            });
        }
    }
    let items = full_refund_items(i.reason);
    for p in i.paid.iter().filter(|p| items.contains(&p.kind)) {
        lines.push(Line {
            kind: LineKind::CostRefund,
            entry_id: Some(p.entry_id),
            item: Some(p.kind),
            paid_on: Some(p.paid_on),
            amount_vnd: p.amount_vnd,
            basis: Basis::Full {
                paid_vnd: p.amount_vnd,
            },
        });
    }
    // The deposit: back with its interest, less what is kept.
    let mut held_with_interest = 0i64;
    for d in i.deposits.iter().filter(|d| d.amount_vnd > 0) {
        let (amount, periods) = interest(d.amount_vnd, d.paid_on, i.settle_on, &i.rates)?;
        held_with_interest += d.amount_vnd + amount;
        lines.push(Line {
            kind: LineKind::DepositRelease,
            entry_id: Some(d.entry_id),
            item: Some(PaymentKind::Deposit),
            paid_on: Some(d.paid_on),
            amount_vnd: d.amount_vnd,
            basis: Basis::Full {
                paid_vnd: d.amount_vnd,
            },
        });
        lines.push(Line {
            kind: LineKind::DepositInterest,
            entry_id: Some(d.entry_id),
            item: Some(PaymentKind::Deposit),
            paid_on: Some(d.paid_on),
            amount_vnd: amount,
            basis: Basis::Interest {
                principal_vnd: d.amount_vnd,
                bank: i.rates.scope.clone(),
                periods,
            },
        });
    }
    if i.reason == EndReason::Overstayed && i.forfeits_deposit_on_overstay && held_with_interest > 0
    {
        lines.push(Line {
            kind: LineKind::DepositForfeited,
            entry_id: None,
            item: Some(PaymentKind::Deposit),
            paid_on: None,
            amount_vnd: held_with_interest,
            basis: Basis::Full {
                paid_vnd: held_with_interest,
            },
        });
        held_with_interest = 0;
    }
    if i.damages_vnd > 0 {
        let offset = i.damages_vnd.min(held_with_interest);
        if offset > 0 {
            lines.push(Line {
                kind: LineKind::DepositOffset,
                entry_id: None,
                item: Some(PaymentKind::Deposit),
                paid_on: None,
                amount_vnd: offset,
                basis: Basis::Damages {
                    damages_vnd: i.damages_vnd,
                },
            });
        }
        let owed = i.damages_vnd - offset;
        if owed > 0 {
            lines.push(Line {
                kind: LineKind::DamagesOwed,
                entry_id: None,
                item: None,
                paid_on: None,
                amount_vnd: owed,
                basis: Basis::Damages {
                    damages_vnd: i.damages_vnd,
                },
            });
        }
    }
    let fund = match i.cause.and_then(Cause::fund_scope) {
        Some(scope) => Some(FundRange {
            cause: i.cause.unwrap_or(Cause::Death),
            min_vnd: book.value(RuleKey::FundSupportMinVnd, scope, i.ended_on)?,
            max_vnd: book.value(RuleKey::FundSupportMaxVnd, scope, i.ended_on)?,
        }),
        None => None,
    };
    let total_vnd = lines.iter().map(Line::signed).sum();
    Ok(Computed {
        lines,
        fund,
        total_vnd,
    })
}

/// A line as the agency recorded it: the computed amount, what it recorded, and why they differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedLine {
    pub line: Line,
    pub recorded_vnd: i64,
    pub reason: Option<String>,
}

impl RecordedLine {
    pub fn signed(&self) -> i64 {
        if self.line.kind.to_worker() {
            self.recorded_vnd
        } else {
            -self.recorded_vnd
        }
    }
}

/// Form field of line `i`'s recorded amount, and of the reason it differs.
pub fn amount_field(i: usize) -> String {
    format!("amount_{i}")
}

pub fn reason_field(i: usize) -> String {
    format!("reason_{i}")
}

/// The agency's record of a computed settlement: each line's amount as computed or another
/// one, and a reason for every difference (next to the line when it is missing).
pub fn record_lines(
    computed: &Computed,
    get: &dyn Fn(&str) -> String,
) -> Result<Vec<RecordedLine>, FieldErrors> {
    let mut e = FieldErrors::default();
    let mut out = Vec::with_capacity(computed.lines.len());
    for (i, line) in computed.lines.iter().enumerate() {
        let raw = get(&amount_field(i));
        let amount = if raw.trim().is_empty() {
            Some(line.amount_vnd)
        } else {
            e.check(&amount_field(i), parse_vnd(&raw))
        };
        let reason = get(&reason_field(i)).trim().to_owned();
        if reason.chars().count() > 500 {
            e.add(&reason_field(i), Problem::TooLong { max: 500 });
        }
        let Some(amount) = amount else { continue };
        if amount != line.amount_vnd && reason.is_empty() {
            e.add(&reason_field(i), Problem::ReasonForDifference);
        }
        out.push(RecordedLine {
            line: line.clone(),
            recorded_vnd: amount,
            reason: (!reason.is_empty()).then_some(reason),
        });
    }
    if e.is_empty() {
        Ok(out)
    } else {
        Err(e)
    }
}

/// The total of recorded lines: exactly their signed sum.
pub fn recorded_total(lines: &[RecordedLine]) -> i64 {
    lines.iter().map(RecordedLine::signed).sum()
}

/// The deposit a recorded settlement gives back and keeps, for the ledger: at most what is held.
pub fn deposit_moves(lines: &[RecordedLine], held_vnd: i64) -> (i64, i64) {
    let sum = |k: LineKind| -> i64 {
        lines
            .iter()
            .filter(|l| l.line.kind == k)
            .map(|l| l.recorded_vnd)
            .sum()
    };
    let kept = (sum(LineKind::DepositOffset) + sum(LineKind::DepositForfeited)).min(held_vnd);
    let released = sum(LineKind::DepositRelease).min(held_vnd - kept).max(0);
    (released, kept.max(0))
}

/// A settlement's standing, for the liquidation guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub latest_answer: Option<Answer>,
    /// Whether the worker disputed any version.
    pub ever_disputed: bool,
}

/// A case is liquidated only on a recorded settlement; once the worker disputed one, only when
/// the worker confirmed the latest (a disputed settlement stays open).
pub fn may_liquidate(s: Option<Standing>) -> Result<(), Refusal> {
    match s {
        None => Err(Refusal::SettlementMissing),
        Some(s) if s.latest_answer == Some(Answer::Disputed) => Err(Refusal::SettlementDisputed),
        Some(s) if s.ever_disputed && s.latest_answer != Some(Answer::Confirmed) => {
            Err(Refusal::SettlementDisputed)
        }
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
#[path = "settlement_tests.rs"]
mod tests;
