//! The money limits of one job order on one day: the exchange rate, the service-fee cap (with a
//! market's or programme's lower cap, seafarers, the foreign partner's share), the deposit cap of
//! its programme, and the brokerage the agency may pay. Each is read from the rule book as in
//! force on the day of the act (a contract's signing day for the fee agreed in it, a payment's
//! day for the payment); a missing rule or rate is an error naming it, never "no limit".

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::job_orders::{Programme, SendingForm};
use super::rules::{FeeBasis, MissingRule, RuleBook, RuleKey};

/// What of an order the money rules look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderTerms {
    pub market: String,
    pub programme: Programme,
    pub form: SendingForm,
    /// ISCO-08 unit group, if coded.
    pub occupation_code: Option<String>,
    pub term_months: u32,
    pub wage_amount: i64,
    pub wage_currency: String,
}

/// ISCO-08 unit groups of seafarers: ships' engineers, deck officers and pilots, deck crews.
pub const SEAFARER_CODES: [&str; 3] = ["3151", "3152", "8350"];

impl OrderTerms {
    pub fn seafarer(&self) -> bool {
        self.occupation_code
            .as_deref()
            .is_some_and(|c| SEAFARER_CODES.contains(&c))
    }

    /// Rule scopes from the most specific: `KR.EPS`, then `KR`.
    pub fn scopes(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(2);
        if let Some(code) = self.programme.scope_code() {
            out.push(format!("{}.{code}", self.market));
        }
        out.push(self.market.clone());
        out
    }
}

/// VND per unit of `currency` in force on `on` (VND itself is 1).
pub fn rate_on(book: &RuleBook, currency: &str, on: NaiveDate) -> Result<i64, MissingRule> {
    if currency == "VND" {
        return Ok(1);
    }
    book.value(RuleKey::VndPerCurrencyUnit, currency, on)
}

fn scoped(book: &RuleBook, key: RuleKey, t: &OrderTerms, on: NaiveDate) -> Option<i64> {
    let scopes = t.scopes();
    let refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    book.value_in(key, &refs, on).ok()
}

/// The wage in VND at `vnd_per_unit`, if it fits.
pub fn wage_vnd(t: &OrderTerms, vnd_per_unit: i64) -> Option<i64> {
    t.wage_amount.checked_mul(vnd_per_unit)
}

/// The highest service fee the agency may agree for this order on `on`, at `vnd_per_unit`:
/// zero under a form that charges none (Korea EPS through the public service unit, for one).
pub fn fee_cap_on(
    book: &RuleBook,
    t: &OrderTerms,
    vnd_per_unit: i64,
    on: NaiveDate,
) -> Result<i64, MissingRule> {
    if t.form.fee_free() {
        return Ok(0);
    }
    let rules = book.on(on)?;
    let basis = if t.seafarer() {
        FeeBasis::Seafarer
    } else {
        FeeBasis::Standard
    };
    let wage = wage_vnd(t, vnd_per_unit).ok_or_else(|| MissingRule {
        key: RuleKey::VndPerCurrencyUnit,
        scope: t.wage_currency.clone(),
        on,
    })?;
    Ok(rules.fee_cap_vnd(
        wage,
        t.term_months,
        basis,
        scoped(book, RuleKey::FeeCapTenthsMarket, t, on),
    ))
}

/// The most the worker may be charged: the cap less what the foreign partner pays of the fee.
pub fn worker_fee_cap(cap_vnd: i64, partner_share_vnd: i64) -> i64 {
    (cap_vnd - partner_share_vnd.max(0)).max(0)
}

/// The worker-deposit cap of the order's programme in its market on `on`. A market with no cap
/// rule has no lawful deposit amount: the error refuses the deposit and names the rule.
pub fn deposit_cap_on(book: &RuleBook, t: &OrderTerms, on: NaiveDate) -> Result<i64, MissingRule> {
    let scopes = t.scopes();
    let refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    book.value_in(RuleKey::DepositCapVnd, &refs, on)
}

/// What the agency may pay an intermediary for this order (the worker pays none).
pub fn brokerage_cap_on(
    book: &RuleBook,
    t: &OrderTerms,
    vnd_per_unit: i64,
    on: NaiveDate,
) -> Result<i64, MissingRule> {
    let rules = book.on(on)?;
    let wage = wage_vnd(t, vnd_per_unit).unwrap_or(i64::MAX);
    Ok(rules.brokerage_cap_vnd(
        wage,
        t.term_months,
        scoped(book, RuleKey::BrokerageCapTenthsMarket, t, on),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::tests::{book, d};
    use crate::domain::rules::RuleEntry;

    fn jp_intern() -> OrderTerms {
        OrderTerms {
            market: "JP".into(),
            programme: Programme::TechnicalIntern,
            form: SendingForm::LicensedAgency,
            occupation_code: Some("7212".into()),
            term_months: 36,
            wage_amount: 160_000,
            wage_currency: "JPY".into(),
        }
    }

    fn rule(key: RuleKey, scope: &str, from: NaiveDate, value: i64) -> RuleEntry {
        RuleEntry {
            key,
            scope: scope.into(),
            effective_from: from,
            value,
            source: "test".into(),
        }
    }

    #[test]
    fn a_fee_is_capped_by_the_rate_of_its_contract_day_not_a_later_one() {
        let mut b = book();
        b.0.push(rule(RuleKey::VndPerCurrencyUnit, "JPY", d(2026, 6, 1), 165));
        let signed = d(2026, 3, 1);
        let rate = rate_on(&b, "JPY", signed).expect("rate");
        assert_eq!(rate, 170);
        // 160,000 JPY × 170 × 3 months = 81,600,000 VND.
        assert_eq!(fee_cap_on(&b, &jp_intern(), rate, signed), Ok(81_600_000));
        assert_eq!(rate_on(&b, "JPY", d(2026, 7, 1)), Ok(165));
    }

    #[test]
    fn no_rate_for_the_currency_is_a_missing_rule_not_no_cap() {
        let mut t = jp_intern();
        t.wage_currency = "XAU".into();
        assert_eq!(
            rate_on(&book(), "XAU", d(2026, 3, 1)),
            Err(MissingRule {
                key: RuleKey::VndPerCurrencyUnit,
                scope: "XAU".into(),
                on: d(2026, 3, 1)
            })
        );
    }

    #[test]
    fn seafarers_get_one_and_a_half_months_and_a_programme_can_have_a_lower_cap() {
        let mut t = jp_intern();
        t.term_months = 12;
        t.wage_amount = 10_000_000;
        t.wage_currency = "VND".into();
        t.occupation_code = Some("8350".into());
        assert_eq!(fee_cap_on(&book(), &t, 1, d(2026, 3, 1)), Ok(15_000_000));
        t.occupation_code = None;
        let mut b = book();
        b.0.push(rule(
            RuleKey::FeeCapTenthsMarket,
            "JP.TITP",
            d(2022, 1, 1),
            5,
        ));
        assert_eq!(fee_cap_on(&b, &t, 1, d(2026, 3, 1)), Ok(5_000_000));
        assert_eq!(worker_fee_cap(5_000_000, 2_000_000), 3_000_000);
    }

    #[test]
    fn a_deposit_cap_is_the_programmes_then_the_markets_and_none_refuses() {
        let mut b = book();
        b.0.push(rule(
            RuleKey::DepositCapVnd,
            "KR.EPS",
            d(2022, 1, 1),
            100_000_000,
        ));
        let mut t = jp_intern();
        assert_eq!(deposit_cap_on(&b, &t, d(2026, 3, 1)), Ok(0));
        t.market = "KR".into();
        t.programme = Programme::Eps;
        assert_eq!(deposit_cap_on(&b, &t, d(2026, 3, 1)), Ok(100_000_000));
        t.market = "DE".into();
        t.programme = Programme::Other;
        let err = deposit_cap_on(&b, &t, d(2026, 3, 1)).unwrap_err();
        assert_eq!(
            (err.key, err.scope.as_str()),
            (RuleKey::DepositCapVnd, "DE")
        );
    }

    #[test]
    fn the_agency_may_pay_an_intermediary_half_a_month_per_year_and_nothing_in_japan() {
        let mut b = book();
        let mut t = jp_intern();
        t.market = "TW".into();
        t.programme = Programme::Other;
        t.term_months = 24;
        t.wage_amount = 10_000_000;
        t.wage_currency = "VND".into();
        assert_eq!(brokerage_cap_on(&b, &t, 1, d(2026, 3, 1)), Ok(10_000_000));
        t.term_months = 36;
        assert_eq!(brokerage_cap_on(&b, &t, 1, d(2026, 3, 1)), Ok(15_000_000));
        b.0.push(rule(
            RuleKey::BrokerageCapTenthsMarket,
            "JP",
            d(2022, 1, 1),
            0,
        ));
        t.market = "JP".into();
        assert_eq!(brokerage_cap_on(&b, &t, 1, d(2026, 3, 1)), Ok(0));
    }
}
