//! The case state machine (see domain/README.md, "Case lifecycle" and "Guards"): every step, who
//! may take it, what it records, the law's guards, and the deadlines that follow. Pure: the
//! backend gathers the facts (licence, order, headcount, rules in force) into a `Situation`, asks
//! `take_step`, and stores what it returns.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::accounts::{age_on, parse_date};
use super::agencies::LicenceStatus;
use super::cases::CaseState;
use super::forms::{FieldErrors, Problem};
use super::money::{deposit_cap_on, fee_cap_on, rate_on, worker_fee_cap, OrderTerms};
use super::rules::{
    add_days, add_months, add_working_days, next_monthly_deadline, MissingRule, RuleBook, RuleKey,
    Rules,
};

mod deadlines;
mod events;
mod file;
mod forms;
mod guards;
mod states;
#[cfg(test)]
mod tests;

pub use deadlines::*;
pub use events::*;
pub use file::*;
pub use forms::*;
pub use guards::*;
pub use states::*;
