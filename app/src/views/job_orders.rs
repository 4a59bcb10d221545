//! What the job-order pages show: the public board, one order, the agency's orders, DOLAB's queue.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::agencies::MarketView;
use crate::domain::agencies::Standing;
use crate::domain::job_orders::{OrderStatus, SendingForm};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    pub id: i32,
    pub agency_id: i32,
    pub agency_name: String,
    pub licence_number: String,
    pub standing: Standing,
    pub market: MarketView,
    pub employer: String,
    /// The label of its code, or the free text of an order from before coding.
    pub occupation: String,
    /// ISCO-08 unit group; none for an old order whose text matched no label ("not coded").
    pub occupation_code: Option<String>,
    pub headcount: i32,
    pub filled: i32,
    pub wage_amount: i64,
    pub wage_currency: String,
    pub term_months: i32,
    pub service_fee_vnd: i64,
    pub deposit_vnd: i64,
    pub working_conditions: String,
    pub form: SendingForm,
    pub status: OrderStatus,
    pub submitted_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    /// DOLAB's deadline while the order waits for a decision.
    pub decision_due: Option<NaiveDate>,
    pub decision_reason: Option<String>,
    /// The legal service-fee cap for this wage and term, when the currency's rate is known.
    pub fee_cap_vnd: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderBoardView {
    pub rows: Vec<OrderView>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub markets: Vec<MarketView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderPageView {
    pub order: OrderView,
    pub today: NaiveDate,
    pub can_submit: bool,
    /// The head office may still change the terms (a draft, or an order DOLAB rejected).
    pub can_edit: bool,
    /// The markets to choose from, when the terms may be edited.
    pub markets: Vec<MarketView>,
    /// The occupations to choose from, when the terms may be edited.
    pub occupations: Vec<OccupationView>,
    pub can_decide: bool,
    pub can_apply: bool,
    /// The worker's case under this order, if they applied.
    pub my_case: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyOrdersView {
    pub agency: String,
    pub rows: Vec<OrderView>,
    pub markets: Vec<MarketView>,
    pub occupations: Vec<OccupationView>,
    pub may_draft: bool,
}

/// An occupation of the project's list (ISCO-08 unit group) as the order form offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccupationView {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingOrdersView {
    pub today: NaiveDate,
    pub rows: Vec<OrderView>,
}

// ---------------------------------------------------------------- the job-order forms' inputs

use super::forms::{FormData, FormInput, Rejected};
use crate::domain::job_orders::{parse_decision, parse_order, OrderDraft};

/// Field names of the job-order forms, shared by the parsers, the pages and the tests.
pub mod fields {
    pub const ORDER_ID: &str = "order_id";
    pub const MARKET_CODE: &str = "market_code";
    pub const EMPLOYER_NAME: &str = "employer_name";
    pub const OCCUPATION: &str = "occupation";
    pub const HEADCOUNT: &str = "headcount";
    pub const WAGE_AMOUNT: &str = "wage_amount";
    pub const WAGE_CURRENCY: &str = "wage_currency";
    pub const TERM_MONTHS: &str = "term_months";
    pub const SERVICE_FEE_VND: &str = "service_fee_vnd";
    pub const DEPOSIT_VND: &str = "deposit_vnd";
    pub const WORKING_CONDITIONS: &str = "working_conditions";
    pub const FORM: &str = "form";
    pub const DECISION: &str = "decision";
    pub const REASON: &str = "reason";
}
use fields as f;

/// A new draft order. Whether its market exists is checked by the use case.
#[derive(Debug, Clone)]
pub struct OrderDraftInput(pub OrderDraft);

impl FormInput for OrderDraftInput {
    const ACTION: &'static str = "order_draft";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(OrderDraftInput(parse_order(&form.reader(), None)?))
    }
}

/// New terms for a draft (or rejected) order, before it is sent to DOLAB.
#[derive(Debug, Clone)]
pub struct OrderEditInput {
    pub order_id: i32,
    pub draft: OrderDraft,
}

impl FormInput for OrderEditInput {
    const ACTION: &'static str = "order_edit";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let order_id = form.id(f::ORDER_ID)?;
        Ok(OrderEditInput {
            order_id,
            draft: parse_order(&form.reader(), None)?,
        })
    }
}

#[derive(Debug, Clone)]
pub struct OrderSubmitInput {
    pub order_id: i32,
}

impl FormInput for OrderSubmitInput {
    const ACTION: &'static str = "order_submit";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(OrderSubmitInput {
            order_id: form.id(f::ORDER_ID)?,
        })
    }
}

/// DOLAB's decision on an order or a departure list: approve, or reject with a reason.
#[derive(Debug, Clone)]
pub struct DecisionInput {
    pub approve: bool,
    pub reason: String,
}

impl DecisionInput {
    pub fn parse(form: &FormData) -> Result<Self, Rejected> {
        let (approve, reason) = parse_decision(form.get(f::DECISION), form.get(f::REASON))?;
        Ok(DecisionInput { approve, reason })
    }
}

#[derive(Debug, Clone)]
pub struct OrderDecideInput {
    pub order_id: i32,
    pub decision: DecisionInput,
}

impl FormInput for OrderDecideInput {
    const ACTION: &'static str = "order_decide";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let order_id = form.id(f::ORDER_ID)?;
        Ok(OrderDecideInput {
            order_id,
            decision: DecisionInput::parse(form)?,
        })
    }
}
