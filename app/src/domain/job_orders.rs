//! Job orders (supply contracts registered with DOLAB) and departure lists: their states, the
//! draft form's rules, and who decides what.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::forms::{FieldErrors, Problem};
use super::lifecycle::{optional_text, parse_count, parse_vnd, parse_vnd_or_zero, required_text};
use super::rules::{add_working_days, Rules};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Draft,
    /// Sent to DOLAB, which answers within 5 working days.
    Submitted,
    Approved,
    Rejected,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 4] = [
        OrderStatus::Draft,
        OrderStatus::Submitted,
        OrderStatus::Approved,
        OrderStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Draft => "draft",
            OrderStatus::Submitted => "submitted",
            OrderStatus::Approved => "approved",
            OrderStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// An agency may send a draft, or a rejected order after changing it.
    pub fn may_submit(self) -> bool {
        matches!(self, OrderStatus::Draft | OrderStatus::Rejected)
    }

    pub fn may_edit(self) -> bool {
        self.may_submit()
    }
}

/// The forms of going abroad (Law 69, art. 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendingForm {
    LicensedAgency,
    PublicServiceUnit,
    ContractWinner,
    OutwardInvestor,
    Internship,
}

impl SendingForm {
    pub const ALL: [SendingForm; 5] = [
        SendingForm::LicensedAgency,
        SendingForm::PublicServiceUnit,
        SendingForm::ContractWinner,
        SendingForm::OutwardInvestor,
        SendingForm::Internship,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SendingForm::LicensedAgency => "licensed_agency",
            SendingForm::PublicServiceUnit => "public_service_unit",
            SendingForm::ContractWinner => "contract_winner",
            SendingForm::OutwardInvestor => "outward_investor",
            SendingForm::Internship => "internship",
        }
    }

    pub fn parse(s: &str) -> Option<SendingForm> {
        SendingForm::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// Forms under which no service fee may be charged to the worker.
    pub fn fee_free(self) -> bool {
        matches!(
            self,
            SendingForm::PublicServiceUnit
                | SendingForm::ContractWinner
                | SendingForm::OutwardInvestor
        )
    }
}

/// The programme an order sends workers under, within its market: deposit caps (and some fee
/// caps) differ by programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Programme {
    /// Japan: technical intern training (no deposit may be taken).
    TechnicalIntern,
    /// Japan: specified skilled worker.
    SpecifiedSkilled,
    /// Japan: engineers and specialists in humanities and international services.
    Engineer,
    /// Korea: the Employment Permit System, under the state agreement.
    Eps,
    /// Any other programme.
    Other,
}

impl Programme {
    pub const ALL: [Programme; 5] = [
        Programme::TechnicalIntern,
        Programme::SpecifiedSkilled,
        Programme::Engineer,
        Programme::Eps,
        Programme::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Programme::TechnicalIntern => "technical_intern",
            Programme::SpecifiedSkilled => "specified_skilled",
            Programme::Engineer => "engineer",
            Programme::Eps => "eps",
            Programme::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Programme> {
        Programme::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The market a programme belongs to; `Other` belongs to every market.
    pub fn market(self) -> Option<&'static str> {
        match self {
            Programme::TechnicalIntern | Programme::SpecifiedSkilled | Programme::Engineer => {
                Some("JP")
            }
            Programme::Eps => Some("KR"),
            Programme::Other => None,
        }
    }

    /// The code of the programme in a rule's scope (`JP.TITP`).
    pub fn scope_code(self) -> Option<&'static str> {
        match self {
            Programme::TechnicalIntern => Some("TITP"),
            Programme::SpecifiedSkilled => Some("SSW"),
            Programme::Engineer => Some("ENG"),
            Programme::Eps => Some("EPS"),
            Programme::Other => None,
        }
    }

    /// Programmes that may be picked for an order to this market. Japan's own programmes cover
    /// every route there, so an order to Japan names one: an intern's zero deposit cap cannot
    /// be sidestepped by calling the order "other".
    pub fn for_market(market: &str) -> Vec<Programme> {
        Programme::ALL
            .into_iter()
            .filter(|p| p.market().is_none_or(|m| m == market))
            .filter(|p| !(market == "JP" && *p == Programme::Other))
            .collect()
    }
}

/// The largest monthly wage an order may state, in units of its currency.
pub const MAX_WAGE_AMOUNT: i64 = 100_000_000;

/// Currencies wages are paid in on the main markets.
pub const CURRENCIES: [&str; 7] = ["JPY", "TWD", "KRW", "USD", "EUR", "SGD", "CNY"];

/// An occupation code has the shape of an ISCO-08 unit group: four digits.
pub fn is_occupation_code(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A validated job order draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDraft {
    pub market_code: String,
    pub employer_name: String,
    /// An ISCO-08 unit group of the project's list (the use case checks it is on the list).
    pub occupation_code: String,
    pub headcount: u32,
    pub wage_amount: i64,
    pub wage_currency: String,
    pub term_months: u32,
    pub service_fee_vnd: i64,
    pub deposit_vnd: i64,
    pub working_conditions: String,
    pub form: SendingForm,
    pub programme: Programme,
}

/// Parses the draft form. `markets` are the known market codes, when the caller has them; the
/// use case checks the code against the database otherwise.
pub fn parse_order(
    get: &dyn Fn(&str) -> String,
    markets: Option<&[String]>,
) -> Result<OrderDraft, FieldErrors> {
    let mut e = FieldErrors::default();
    let market = get("market_code");
    if market.is_empty() {
        e.add("market_code", Problem::Required);
    } else if markets.is_some_and(|m| !m.contains(&market)) {
        e.add("market_code", Problem::Choice);
    }
    let employer = required_text(&mut e, "employer_name", &get("employer_name"), 200);
    let occupation = get("occupation").trim().to_owned();
    if occupation.is_empty() {
        e.add("occupation", Problem::Required);
    } else if !is_occupation_code(&occupation) {
        e.add("occupation", Problem::Choice);
    }
    let headcount = e.check("headcount", parse_count(&get("headcount"), 10_000));
    if headcount == Some(0) {
        e.add("headcount", Problem::AtLeast { min: 1 });
    }
    let wage = e.check("wage_amount", parse_vnd(&get("wage_amount")));
    if wage == Some(0) {
        e.add("wage_amount", Problem::AtLeast { min: 1 });
    }
    // No monthly wage in any currency comes near this; it keeps the wage in VND within range.
    if wage.is_some_and(|w| w > MAX_WAGE_AMOUNT) {
        e.add(
            "wage_amount",
            Problem::AtMost {
                max: MAX_WAGE_AMOUNT,
            },
        );
    }
    let currency = get("wage_currency");
    if !CURRENCIES.contains(&currency.as_str()) {
        e.add("wage_currency", Problem::Choice);
    }
    let term = e.check("term_months", parse_count(&get("term_months"), 120));
    if term == Some(0) {
        e.add("term_months", Problem::AtLeast { min: 1 });
    }
    let fee = e.check(
        "service_fee_vnd",
        parse_vnd_or_zero(&get("service_fee_vnd")),
    );
    let deposit = e.check("deposit_vnd", parse_vnd_or_zero(&get("deposit_vnd")));
    let conditions = optional_text(
        &mut e,
        "working_conditions",
        &get("working_conditions"),
        4000,
    );
    let form = e.check(
        "form",
        SendingForm::parse(&get("form")).ok_or(Problem::Choice),
    );
    let programme = e.check(
        "programme",
        Programme::parse(&get("programme")).ok_or(Problem::Choice),
    );
    if programme.is_some_and(|p| !Programme::for_market(&market).contains(&p)) {
        e.add("programme", Problem::Choice);
    }
    if let (Some(f), Some(fee)) = (form, fee) {
        if f.fee_free() && fee > 0 {
            e.add("service_fee_vnd", Problem::NoFeeUnderThisForm);
        }
    }
    match (headcount, wage, term, fee, deposit, form, programme) {
        (Some(h), Some(w), Some(t), Some(fee), Some(dep), Some(form), Some(programme))
            if e.is_empty() =>
        {
            Ok(OrderDraft {
                market_code: market,
                employer_name: employer,
                occupation_code: occupation,
                headcount: h,
                wage_amount: w,
                wage_currency: currency,
                term_months: t,
                service_fee_vnd: fee,
                deposit_vnd: dep,
                working_conditions: conditions,
                form,
                programme,
            })
        }
        _ => Err(e),
    }
}

/// The day DOLAB must answer a registration sent on `submitted_on`.
pub fn decision_due(submitted_on: NaiveDate, rules: &Rules) -> NaiveDate {
    add_working_days(
        submitted_on,
        rules.order_decision_working_days,
        &rules.holidays,
    )
}

/// A rejection must say why; an approval may carry a note.
pub fn parse_decision(approve: &str, reason: &str) -> Result<(bool, String), FieldErrors> {
    let mut e = FieldErrors::default();
    let approve = match approve {
        "approve" => true,
        "reject" => false,
        _ => {
            e.add("decision", Problem::Choice);
            false
        }
    };
    let reason = reason.trim().to_owned();
    if !approve && reason.is_empty() {
        e.add("reason", Problem::Required);
    }
    if reason.chars().count() > 2000 {
        e.add("reason", Problem::TooLong { max: 2000 });
    }
    if e.is_empty() {
        Ok((approve, reason))
    } else {
        Err(e)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListStatus {
    /// Sent to DOLAB, confirmed within 3 working days.
    Submitted,
    Confirmed,
    Rejected,
}

impl ListStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ListStatus::Submitted => "submitted",
            ListStatus::Confirmed => "confirmed",
            ListStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ListStatus> {
        [
            ListStatus::Submitted,
            ListStatus::Confirmed,
            ListStatus::Rejected,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

/// The day DOLAB must confirm a list sent on `submitted_on`.
pub fn list_confirmation_due(submitted_on: NaiveDate, rules: &Rules) -> NaiveDate {
    add_working_days(
        submitted_on,
        rules.list_confirm_working_days,
        &rules.holidays,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::tests::{book, d};

    fn form(field: &str) -> String {
        match field {
            "market_code" => "JP",
            "employer_name" => "Toyota Kogyo",
            "occupation" => "7212",
            "headcount" => "20",
            "wage_amount" => "165.000",
            "wage_currency" => "JPY",
            "term_months" => "36",
            "service_fee_vnd" => "40.000.000",
            "deposit_vnd" => "",
            "form" => "licensed_agency",
            "programme" => "technical_intern",
            _ => "",
        }
        .to_owned()
    }

    #[test]
    fn a_programme_of_another_market_is_refused_and_an_order_to_japan_names_its_own() {
        for bad in ["eps", "other"] {
            let get = |k: &str| {
                if k == "programme" {
                    bad.to_owned()
                } else {
                    form(k)
                }
            };
            let e = parse_order(&get, Some(&["JP".to_owned()])).expect_err(bad);
            assert_eq!(e.first_for("programme"), Some(&Problem::Choice), "{bad}");
        }
    }

    #[test]
    fn a_complete_draft_parses_with_amounts_as_integers() {
        let draft = parse_order(&form, Some(&["JP".to_owned()])).expect("valid");
        assert_eq!(draft.wage_amount, 165_000);
        assert_eq!(draft.service_fee_vnd, 40_000_000);
        assert_eq!(draft.deposit_vnd, 0);
    }

    #[test]
    fn a_wage_past_any_real_one_is_refused_so_its_vnd_figure_stays_in_range() {
        let get = |f: &str| match f {
            "wage_amount" => "100.000.001".to_owned(),
            other => form(other),
        };
        let errors = parse_order(&get, Some(&["JP".to_owned()])).expect_err("too large");
        assert_eq!(
            errors.first_for("wage_amount"),
            Some(&Problem::AtMost {
                max: MAX_WAGE_AMOUNT
            })
        );
    }

    #[test]
    fn a_draft_names_each_bad_field() {
        let get = |f: &str| match f {
            "headcount" => "0".to_owned(),
            "market_code" => "XX".to_owned(),
            "form" => "public_service_unit".to_owned(),
            other => form(other),
        };
        let e = parse_order(&get, Some(&["JP".to_owned()])).expect_err("invalid");
        assert_eq!(e.first_for("market_code"), Some(&Problem::Choice));
        assert_eq!(e.first_for("headcount"), Some(&Problem::AtLeast { min: 1 }));
        assert_eq!(
            e.first_for("service_fee_vnd"),
            Some(&Problem::NoFeeUnderThisForm)
        );
    }

    #[test]
    fn dolab_decides_an_order_within_five_working_days_and_confirms_a_list_within_three() {
        let rules = book().on(d(2026, 11, 23)).expect("rules");
        assert_eq!(decision_due(d(2026, 11, 23), &rules), d(2026, 11, 30));
        assert_eq!(
            list_confirmation_due(d(2026, 11, 26), &rules),
            d(2026, 12, 1)
        );
    }

    #[test]
    fn a_rejection_without_a_reason_is_refused() {
        let e = parse_decision("reject", "  ").expect_err("needs reason");
        assert_eq!(e.first_for("reason"), Some(&Problem::Required));
        assert_eq!(parse_decision("approve", ""), Ok((true, String::new())));
    }
}
