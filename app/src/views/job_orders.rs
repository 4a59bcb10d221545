//! What the job-order pages show: the public board, one order, the agency's orders, DOLAB's queue.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::agencies::MarketView;
use crate::domain::agencies::{encode_component, Standing};
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::job_orders::{OrderStatus, SendingForm};
use crate::domain::lifecycle::parse_vnd;

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
    pub programme: crate::domain::job_orders::Programme,
    pub status: OrderStatus,
    pub submitted_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    /// DOLAB's deadline while the order waits for a decision.
    pub decision_due: Option<NaiveDate>,
    pub decision_reason: Option<String>,
    /// The legal service-fee cap for this wage and term, when the currency's rate is known.
    pub fee_cap_vnd: Option<i64>,
    /// The monthly wage in VND at the rule's rate for its currency, when the rate is known.
    pub wage_vnd: Option<i64>,
}

/// How the job board is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderSort {
    /// The most recently approved first.
    #[default]
    Newest,
    /// The highest monthly wage in VND first (orders whose currency has no rate last).
    HighestWage,
    LowestFee,
    MostPlacesLeft,
}

impl OrderSort {
    pub const ALL: [OrderSort; 4] = [
        OrderSort::Newest,
        OrderSort::HighestWage,
        OrderSort::LowestFee,
        OrderSort::MostPlacesLeft,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderSort::Newest => "newest",
            OrderSort::HighestWage => "wage",
            OrderSort::LowestFee => "fee",
            OrderSort::MostPlacesLeft => "places",
        }
    }

    pub fn parse(s: &str) -> Option<OrderSort> {
        OrderSort::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// Contract terms a worker chooses between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TermBand {
    /// Up to 12 months.
    UpToOneYear,
    /// 13 to 36 months.
    OneToThreeYears,
    /// More than 36 months.
    OverThreeYears,
}

impl TermBand {
    pub const ALL: [TermBand; 3] = [
        TermBand::UpToOneYear,
        TermBand::OneToThreeYears,
        TermBand::OverThreeYears,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TermBand::UpToOneYear => "12",
            TermBand::OneToThreeYears => "36",
            TermBand::OverThreeYears => "37",
        }
    }

    pub fn parse(s: &str) -> Option<TermBand> {
        TermBand::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The months it covers, both ends included (no upper end for the last).
    pub fn months(self) -> (i32, Option<i32>) {
        match self {
            TermBand::UpToOneYear => (0, Some(12)),
            TermBand::OneToThreeYears => (13, Some(36)),
            TermBand::OverThreeYears => (37, None),
        }
    }
}

/// The job board's search, filters, order and page, as its address carries them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderBoardFilter {
    /// Words of the occupation, its ISCO code, or the employer's name.
    pub q: Option<String>,
    pub market: Option<String>,
    pub form: Option<SendingForm>,
    /// The lowest monthly wage wanted, in VND at the rules' rates.
    pub wage_min_vnd: Option<i64>,
    pub term: Option<TermBand>,
    /// The highest service fee the worker will pay, in VND.
    pub fee_max_vnd: Option<i64>,
    pub sort: OrderSort,
    pub page: u64,
}

/// Pages beyond this are not offered (20 orders a page: far more than are ever approved).
pub const MAX_BOARD_PAGE: u64 = 10_000;

pub mod board_fields {
    pub const Q: &str = "q";
    pub const MARKET: &str = "market";
    pub const FORM: &str = "form";
    pub const WAGE_MIN: &str = "wage_min";
    pub const TERM: &str = "term";
    pub const FEE_MAX: &str = "fee_max";
    pub const SORT: &str = "sort";
    pub const PAGE: &str = "page";
}

impl OrderBoardFilter {
    /// The filter of a board address. A value that cannot be read is left out of the filter and
    /// reported against its field; the rest still apply.
    pub fn from_query(query: &[(String, String)]) -> (OrderBoardFilter, FieldErrors) {
        use board_fields as b;
        let get = |k: &str| {
            query
                .iter()
                .find(|(name, v)| name == k && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_owned())
        };
        let mut errors = FieldErrors::default();
        let form = choice(
            &mut errors,
            b::FORM,
            get(b::FORM).map(|v| SendingForm::parse(&v)),
        );
        let term = choice(
            &mut errors,
            b::TERM,
            get(b::TERM).map(|v| TermBand::parse(&v)),
        );
        let sort = choice(
            &mut errors,
            b::SORT,
            get(b::SORT).map(|v| OrderSort::parse(&v)),
        )
        .unwrap_or_default();
        let mut amount = |field: &str| get(field).and_then(|v| errors.check(field, parse_vnd(&v)));
        let wage_min_vnd = amount(b::WAGE_MIN);
        let fee_max_vnd = amount(b::FEE_MAX);
        let filter = OrderBoardFilter {
            q: get(b::Q),
            market: get(b::MARKET),
            form,
            wage_min_vnd,
            term,
            fee_max_vnd,
            sort,
            page: get(b::PAGE)
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(1),
        };
        (filter.tidy(), errors)
    }

    /// The filter as the board applies it, however it arrived (an address or a JSON call): the
    /// search trimmed and at most 100 characters, empty text as none, the page within bounds.
    pub fn tidy(self) -> OrderBoardFilter {
        let text = |t: Option<String>| {
            t.map(|t| t.trim().chars().take(100).collect::<String>())
                .filter(|t| !t.is_empty())
        };
        OrderBoardFilter {
            q: text(self.q),
            market: text(self.market),
            page: self.page.clamp(1, MAX_BOARD_PAGE),
            ..self
        }
    }

    /// The board's address for this filter on another page (the pager's links).
    pub fn href(&self, page: u64) -> String {
        use board_fields as b;
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(q) = &self.q {
            pairs.push((b::Q, q.clone()));
        }
        if let Some(m) = &self.market {
            pairs.push((b::MARKET, m.clone()));
        }
        if let Some(f) = self.form {
            pairs.push((b::FORM, f.as_str().to_owned()));
        }
        if let Some(w) = self.wage_min_vnd {
            pairs.push((b::WAGE_MIN, w.to_string()));
        }
        if let Some(t) = self.term {
            pairs.push((b::TERM, t.as_str().to_owned()));
        }
        if let Some(f) = self.fee_max_vnd {
            pairs.push((b::FEE_MAX, f.to_string()));
        }
        if self.sort != OrderSort::default() {
            pairs.push((b::SORT, self.sort.as_str().to_owned()));
        }
        if page > 1 {
            pairs.push((b::PAGE, page.to_string()));
        }
        let query = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode_component(v)))
            .collect::<Vec<_>>()
            .join("&");
        if query.is_empty() {
            "/orders".to_owned()
        } else {
            format!("/orders?{query}")
        }
    }
}

/// A choice in an address: none when not given; reported, and left out, when not one of them.
fn choice<T>(errors: &mut FieldErrors, field: &str, parsed: Option<Option<T>>) -> Option<T> {
    match parsed {
        Some(Some(v)) => Some(v),
        Some(None) => {
            errors.add(field, Problem::Choice);
            None
        }
        None => None,
    }
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
    /// DOLAB's other queue: departure lists waiting for confirmation, how many are past their
    /// deadline, and the earliest deadline.
    pub lists_waiting: u64,
    pub lists_overdue: u64,
    pub lists_next_due: Option<NaiveDate>,
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
    pub const PROGRAMME: &str = "programme";
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

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_board_address_reads_into_its_filter_and_back() {
        let (f, errors) = OrderBoardFilter::from_query(&query(&[
            ("q", " thợ hàn "),
            ("market", "JP"),
            ("form", "internship"),
            ("wage_min", "25.000.000"),
            ("term", "36"),
            ("fee_max", "30,000,000"),
            ("sort", "wage"),
            ("page", "2"),
        ]));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(f.q.as_deref(), Some("thợ hàn"));
        assert_eq!(f.form, Some(SendingForm::Internship));
        assert_eq!(f.wage_min_vnd, Some(25_000_000));
        assert_eq!(f.term, Some(TermBand::OneToThreeYears));
        assert_eq!(f.fee_max_vnd, Some(30_000_000));
        assert_eq!(f.sort, OrderSort::HighestWage);
        assert_eq!(
            f.href(3),
            "/orders?q=th%E1%BB%A3%20h%C3%A0n&market=JP&form=internship&wage_min=25000000&term=36&fee_max=30000000&sort=wage&page=3"
        );
        let (again, _) = OrderBoardFilter::from_query(&query(&[
            ("q", "thợ hàn"),
            ("market", "JP"),
            ("form", "internship"),
            ("wage_min", "25000000"),
            ("term", "36"),
            ("fee_max", "30000000"),
            ("sort", "wage"),
            ("page", "3"),
        ]));
        assert_eq!(again, OrderBoardFilter { page: 3, ..f });
    }

    #[test]
    fn an_unreadable_value_is_reported_against_its_field_and_left_out() {
        let (f, errors) = OrderBoardFilter::from_query(&query(&[
            ("wage_min", "nhiều"),
            ("term", "forever"),
            ("sort", "cheapest"),
            ("q", "hàn"),
        ]));
        assert_eq!(errors.first_for("wage_min"), Some(&Problem::Amount));
        assert_eq!(errors.first_for("term"), Some(&Problem::Choice));
        assert_eq!(errors.first_for("sort"), Some(&Problem::Choice));
        assert_eq!(f.wage_min_vnd, None);
        assert_eq!(f.term, None);
        assert_eq!(f.sort, OrderSort::Newest);
        assert_eq!(f.q.as_deref(), Some("hàn"));
        assert_eq!(f.page, 1);
        assert_eq!(OrderBoardFilter::default().href(1), "/orders");
    }

    #[test]
    fn a_filter_from_a_json_call_is_tidied_as_an_address_would_be() {
        let f = OrderBoardFilter {
            q: Some(format!("  hàn{}  ", "x".repeat(200))),
            market: Some(String::new()),
            page: u64::MAX,
            ..OrderBoardFilter::default()
        }
        .tidy();
        assert_eq!(f.q.as_ref().map(|q| q.chars().count()), Some(100));
        assert!(f.q.as_deref().is_some_and(|q| q.starts_with("hàn")));
        assert_eq!(f.market, None, "an empty market is every market");
        assert_eq!(f.page, MAX_BOARD_PAGE);
        assert_eq!(OrderBoardFilter::default().tidy().page, 1);
    }
}
