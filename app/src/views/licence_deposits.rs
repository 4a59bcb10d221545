//! Agencies' licence deposits: what each holds against what is due, its movements, the top-up
//! owed after a use, and the form national officers record movements with.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::forms::{FormData, FormInput, Rejected};
use crate::domain::accounts::parse_date;
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::licence_deposits::{DepositMove, DepositStanding};
use crate::domain::lifecycle::{optional_text, parse_vnd};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepositMoveView {
    pub id: i32,
    pub kind: DepositMove,
    pub amount_vnd: i64,
    pub on: NaiveDate,
    pub bank: Option<String>,
    pub order_no: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenceDepositView {
    pub agency_id: i32,
    pub agency_name: String,
    pub licence_number: String,
    pub sending_branches: u32,
    pub standing: DepositStanding,
    pub moves: Vec<DepositMoveView>,
    pub may_record: bool,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepositRowView {
    pub agency_id: i32,
    pub agency_name: String,
    pub licence_number: String,
    pub standing: DepositStanding,
}

/// Every agency's licence deposit, the overdue top-ups first (national officers, inspectors).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepositListView {
    pub rows: Vec<DepositRowView>,
    pub today: NaiveDate,
}

pub mod fields {
    pub const AGENCY_ID: &str = "agency_id";
    pub const KIND: &str = "kind";
    pub const AMOUNT_VND: &str = "amount_vnd";
    pub const ON: &str = "on";
    pub const BANK: &str = "bank";
    pub const ORDER_NO: &str = "order_no";
    pub const NOTE: &str = "note";
}
use fields as f;

/// A movement of an agency's licence deposit, as a national officer records it.
#[derive(Debug, Clone)]
pub struct DepositMoveInput {
    pub agency_id: i32,
    pub kind: DepositMove,
    pub amount_vnd: i64,
    pub on: NaiveDate,
    pub bank: Option<String>,
    /// The ministry's written order a use is made on (required for a use).
    pub order_no: Option<String>,
    pub note: String,
}

impl FormInput for DepositMoveInput {
    const ACTION: &'static str = "licence_deposit_move";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let agency_id = form.id(f::AGENCY_ID)?;
        let mut e = FieldErrors::default();
        let kind = e.check(
            f::KIND,
            DepositMove::parse(form.get(f::KIND)).ok_or(Problem::Choice),
        );
        let amount = e.check(f::AMOUNT_VND, parse_vnd(form.get(f::AMOUNT_VND)));
        if amount == Some(0) {
            e.add(f::AMOUNT_VND, Problem::AtLeast { min: 1 });
        }
        let on = e.check(f::ON, parse_date(form.get(f::ON)));
        let bank = optional_text(&mut e, f::BANK, form.get(f::BANK), 120);
        let order_no = optional_text(&mut e, f::ORDER_NO, form.get(f::ORDER_NO), 64);
        if kind == Some(DepositMove::Used) && order_no.is_empty() {
            e.add(f::ORDER_NO, Problem::Required);
        }
        let note = optional_text(&mut e, f::NOTE, form.get(f::NOTE), 500);
        match (kind, amount, on) {
            (Some(kind), Some(amount_vnd), Some(on)) if e.is_empty() => Ok(DepositMoveInput {
                agency_id,
                kind,
                amount_vnd,
                on,
                bank: Some(bank).filter(|b| !b.is_empty()),
                order_no: Some(order_no).filter(|o| !o.is_empty()),
                note,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}
