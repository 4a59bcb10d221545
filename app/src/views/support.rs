//! Poverty-programme support and job-connection claims, as they cross the wire: a worker's
//! statuses and entitlements, a province's totals against its budget, the claims, and the
//! provincial officer's forms.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::forms::{FormData, FormInput, Rejected};
use crate::domain::accounts::parse_date;
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::lifecycle::{optional_text, parse_count, parse_vnd, required_text, Refusal};
use crate::domain::support::{ClaimStanding, Entitlement, HouseholdStatus, SupportItem};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusView {
    pub year: i32,
    pub status: HouseholdStatus,
    pub certificate_no: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportPaymentView {
    pub id: i32,
    pub item: SupportItem,
    pub period: i32,
    pub amount_vnd: i64,
    pub quantity: Option<i32>,
    pub status: HouseholdStatus,
    pub share_bps: i32,
    pub rate_vnd: Option<i64>,
    pub paid_on: NaiveDate,
    pub receipt_no: Option<String>,
    /// The receipt's amount of an item paid at cost (the fee the worker paid).
    pub receipt_amount_vnd: Option<i64>,
    pub note: String,
}

/// One item for a worker today: what it is worth (for one day or month where it counts them),
/// or why nothing is due, and its payment in the current period if made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    pub item: SupportItem,
    pub entitlement: Option<Entitlement>,
    /// Why nothing can be paid (no status this year, a missing rule).
    pub refusal: Option<Refusal>,
    pub paid: Option<SupportPaymentView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerSupportView {
    pub worker_id: i32,
    pub worker_name: String,
    pub province_code: String,
    pub today: NaiveDate,
    /// The first year of the programme period in force today.
    pub period: Option<i32>,
    pub statuses: Vec<StatusView>,
    pub items: Vec<ItemView>,
    pub payments: Vec<SupportPaymentView>,
    pub may_manage: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemTotal {
    pub item: SupportItem,
    pub payments: u32,
    pub paid_vnd: i64,
}

/// A province's support in a year: its budget, what was paid, what remains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvinceYearView {
    pub province_code: String,
    pub province_name: String,
    pub year: i32,
    pub budget_vnd: Option<i64>,
    pub decision_no: Option<String>,
    pub paid_vnd: i64,
    pub workers: u32,
    pub by_item: Vec<ItemTotal>,
}

impl ProvinceYearView {
    pub fn remaining_vnd(&self) -> Option<i64> {
        self.budget_vnd.map(|b| b - self.paid_vnd)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimView {
    pub id: i32,
    pub case_id: i32,
    pub worker_name: String,
    pub unit_name: String,
    pub amount_vnd: i64,
    pub note: String,
    pub recorded_on: NaiveDate,
    pub standing: ClaimStanding,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerRowView {
    pub worker_id: i32,
    pub worker_name: String,
    pub statuses: Vec<HouseholdStatus>,
    pub paid_vnd: i64,
}

/// The support page: totals by province and year; for a provincial officer, the province's
/// workers with a status, its claims and the forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportOverview {
    pub today: NaiveDate,
    pub rows: Vec<ProvinceYearView>,
    pub workers: Vec<WorkerRowView>,
    pub claims: Vec<ClaimView>,
    /// The officer's own province, where they may record.
    pub province_code: Option<String>,
}

pub mod fields {
    pub const WORKER_ID: &str = "worker_id";
    pub const YEAR: &str = "year";
    pub const STATUS: &str = "status";
    pub const CERTIFICATE_NO: &str = "certificate_no";
    pub const ITEM: &str = "item";
    pub const PAID_ON: &str = "paid_on";
    pub const AMOUNT_VND: &str = "amount_vnd";
    pub const QUANTITY: &str = "quantity";
    pub const RECEIPT_NO: &str = "receipt_no";
    pub const RECEIPT_AMOUNT_VND: &str = "receipt_amount_vnd";
    pub const NOTE: &str = "note";
    pub const DECISION_NO: &str = "decision_no";
    pub const CASE_ID: &str = "case_id";
    pub const UNIT_NAME: &str = "unit_name";
    pub const CLAIM_ID: &str = "claim_id";
}
use fields as f;

fn year_of(e: &mut FieldErrors, input: &str) -> Option<i32> {
    let y = e.check(f::YEAR, parse_count(input, 2200))?;
    if y < 2000 {
        e.add(f::YEAR, Problem::AtLeast { min: 2000 });
        return None;
    }
    i32::try_from(y).ok()
}

/// A household status for a year, from the commune's certificate.
#[derive(Debug, Clone)]
pub struct HouseholdStatusInput {
    pub worker_id: i32,
    pub year: i32,
    pub status: HouseholdStatus,
    pub certificate_no: String,
}

impl FormInput for HouseholdStatusInput {
    const ACTION: &'static str = "household_status";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let worker_id = form.id(f::WORKER_ID)?;
        let mut e = FieldErrors::default();
        let year = year_of(&mut e, form.get(f::YEAR));
        let status = e.check(
            f::STATUS,
            HouseholdStatus::parse(form.get(f::STATUS)).ok_or(Problem::Choice),
        );
        let certificate_no =
            required_text(&mut e, f::CERTIFICATE_NO, form.get(f::CERTIFICATE_NO), 64);
        match (year, status) {
            (Some(year), Some(status)) if e.is_empty() => Ok(HouseholdStatusInput {
                worker_id,
                year,
                status,
                certificate_no,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// A payment of one item of support to a worker.
#[derive(Debug, Clone)]
pub struct SupportPaymentInput {
    pub worker_id: i32,
    pub item: SupportItem,
    pub paid_on: NaiveDate,
    pub amount_vnd: i64,
    /// Days (meals) or months (lodging); 0 for other items.
    pub quantity: u32,
    pub receipt_no: Option<String>,
    /// The receipt's amount, for an item paid at cost (none for other items): what is paid is
    /// at most its share.
    pub receipt_amount_vnd: Option<i64>,
    pub note: String,
}

impl FormInput for SupportPaymentInput {
    const ACTION: &'static str = "support_payment";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        use crate::domain::support::Measure;
        let worker_id = form.id(f::WORKER_ID)?;
        let mut e = FieldErrors::default();
        let item = e.check(
            f::ITEM,
            SupportItem::parse(form.get(f::ITEM)).ok_or(Problem::Choice),
        );
        let paid_on = e.check(f::PAID_ON, parse_date(form.get(f::PAID_ON)));
        let amount = e.check(f::AMOUNT_VND, parse_vnd(form.get(f::AMOUNT_VND)));
        if amount == Some(0) {
            e.add(f::AMOUNT_VND, Problem::AtLeast { min: 1 });
        }
        let counted =
            item.is_some_and(|i| matches!(i.measure(), Measure::PerDay | Measure::PerMonth));
        let quantity = if counted {
            let q = e.check(f::QUANTITY, parse_count(form.get(f::QUANTITY), 3650));
            if q == Some(0) {
                e.add(f::QUANTITY, Problem::AtLeast { min: 1 });
            }
            q
        } else {
            Some(0)
        };
        let at_cost = item.is_some_and(|i| i.measure() == Measure::AtCost);
        let receipt_no = optional_text(&mut e, f::RECEIPT_NO, form.get(f::RECEIPT_NO), 64);
        if at_cost && receipt_no.is_empty() {
            e.add(f::RECEIPT_NO, Problem::Required);
        }
        // Other items are paid up to their rule's amount: the receipt's amount is not asked.
        let receipt_amount = if at_cost {
            let r = e.check(
                f::RECEIPT_AMOUNT_VND,
                parse_vnd(form.get(f::RECEIPT_AMOUNT_VND)),
            );
            if r == Some(0) {
                e.add(f::RECEIPT_AMOUNT_VND, Problem::AtLeast { min: 1 });
            }
            r.map(Some)
        } else {
            Some(None)
        };
        let note = optional_text(&mut e, f::NOTE, form.get(f::NOTE), 500);
        match (item, paid_on, amount, quantity, receipt_amount) {
            (
                Some(item),
                Some(paid_on),
                Some(amount_vnd),
                Some(quantity),
                Some(receipt_amount_vnd),
            ) if e.is_empty() => Ok(SupportPaymentInput {
                worker_id,
                item,
                paid_on,
                amount_vnd,
                quantity,
                receipt_no: Some(receipt_no).filter(|r| !r.is_empty()),
                receipt_amount_vnd,
                note,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// The province's budget for a year (the officer's own province).
#[derive(Debug, Clone)]
pub struct SupportBudgetInput {
    pub year: i32,
    pub amount_vnd: i64,
    pub decision_no: String,
}

impl FormInput for SupportBudgetInput {
    const ACTION: &'static str = "support_budget";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let mut e = FieldErrors::default();
        let year = year_of(&mut e, form.get(f::YEAR));
        let amount = e.check(f::AMOUNT_VND, parse_vnd(form.get(f::AMOUNT_VND)));
        let decision_no = required_text(&mut e, f::DECISION_NO, form.get(f::DECISION_NO), 64);
        match (year, amount) {
            (Some(year), Some(amount_vnd)) if e.is_empty() => Ok(SupportBudgetInput {
                year,
                amount_vnd,
                decision_no,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// A unit's claim for connecting the worker of a case to its job.
#[derive(Debug, Clone)]
pub struct ConnectionClaimInput {
    pub case_id: i32,
    pub unit_name: String,
    pub amount_vnd: i64,
    pub note: String,
}

impl FormInput for ConnectionClaimInput {
    const ACTION: &'static str = "connection_claim";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let mut e = FieldErrors::default();
        let case_id = e.check(
            f::CASE_ID,
            parse_count(form.get(f::CASE_ID), i32::MAX as u32),
        );
        let unit_name = required_text(&mut e, f::UNIT_NAME, form.get(f::UNIT_NAME), 200);
        let amount = e.check(f::AMOUNT_VND, parse_vnd(form.get(f::AMOUNT_VND)));
        if amount == Some(0) {
            e.add(f::AMOUNT_VND, Problem::AtLeast { min: 1 });
        }
        let note = optional_text(&mut e, f::NOTE, form.get(f::NOTE), 500);
        match (case_id.and_then(|c| i32::try_from(c).ok()), amount) {
            (Some(case_id), Some(amount_vnd)) if e.is_empty() => Ok(ConnectionClaimInput {
                case_id,
                unit_name,
                amount_vnd,
                note,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// A claim paid, on a day.
#[derive(Debug, Clone)]
pub struct ClaimPaidInput {
    pub claim_id: i32,
    pub paid_on: NaiveDate,
}

impl FormInput for ClaimPaidInput {
    const ACTION: &'static str = "connection_claim_paid";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let claim_id = form.id(f::CLAIM_ID)?;
        let mut e = FieldErrors::default();
        match e.check(f::PAID_ON, parse_date(form.get(f::PAID_ON))) {
            Some(paid_on) if e.is_empty() => Ok(ClaimPaidInput { claim_id, paid_on }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}
