//! What the departure-list page shows: lists with their cases, and the workers ready to be listed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::cases::CaseRowView;
use crate::domain::job_orders::ListStatus;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartureListView {
    pub id: i32,
    pub agency: String,
    pub order_id: i32,
    pub employer: String,
    pub market: String,
    pub status: ListStatus,
    pub planned_exit_on: NaiveDate,
    pub submitted_on: NaiveDate,
    pub decided_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub reason: Option<String>,
    pub cases: Vec<CaseRowView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadyGroupView {
    pub order_id: i32,
    pub employer: String,
    pub market: String,
    pub cases: Vec<CaseRowView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartureListsView {
    pub today: NaiveDate,
    pub lists: Vec<DepartureListView>,
    /// Agencies: workers with a visa and no list yet, by order.
    pub ready: Vec<ReadyGroupView>,
    pub can_create: bool,
    pub can_decide: bool,
}

// ---------------------------------------------------------------- the list forms' inputs

use super::forms::{FormData, FormInput, Rejected};
use super::job_orders::DecisionInput;

/// Field names of the departure-list forms, shared by the parsers, the pages and the tests.
pub mod fields {
    pub const LIST_ID: &str = "list_id";
    pub const ORDER_ID: &str = "order_id";
    pub const CASE_ID: &str = "case_id";
    pub const PLANNED_EXIT_ON: &str = "planned_exit_on";
}
use fields as f;

/// The agency lists workers of one order, with the planned day of exit.
#[derive(Debug, Clone)]
pub struct ListCreateInput {
    pub order_id: i32,
    pub case_ids: Vec<i32>,
    pub planned_exit_on: Result<NaiveDate, crate::domain::forms::Problem>,
}

impl FormInput for ListCreateInput {
    const ACTION: &'static str = "list_create";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let order_id = form.id(f::ORDER_ID)?;
        let case_ids = form
            .all(f::CASE_ID)
            .map(|v| v.parse().map_err(|_| Rejected::Tampered))
            .collect::<Result<Vec<i32>, _>>()?;
        Ok(ListCreateInput {
            order_id,
            case_ids,
            planned_exit_on: crate::domain::accounts::parse_date(form.get(f::PLANNED_EXIT_ON)),
        })
    }
}

/// DOLAB confirms or rejects a list.
#[derive(Debug, Clone)]
pub struct ListDecideInput {
    pub list_id: i32,
    pub decision: DecisionInput,
}

impl FormInput for ListDecideInput {
    const ACTION: &'static str = "list_decide";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let list_id = form.id(f::LIST_ID)?;
        Ok(ListDecideInput {
            list_id,
            decision: DecisionInput::parse(form)?,
        })
    }
}
