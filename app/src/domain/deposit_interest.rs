//! Interest on a deposit: each bank's demand-deposit rate as rule versions by date, and simple
//! interest over the periods of those rates, for the settlement of a case.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::rules::{MissingRule, RuleBook, RuleKey};

/// Known banks by the names agencies write, so a deposit's bank finds its rate rules
/// (scope = the code). Any other name is its own scope: its first eight letters, upper case.
const BANKS: [(&str, &[&str]); 6] = [
    ("VBSP", &["chính sách xã hội", "nhcsxh", "vbsp"]),
    ("VCB", &["vietcombank", "ngoại thương"]),
    ("BIDV", &["bidv", "đầu tư và phát triển"]),
    ("AGRIBANK", &["agribank", "nông nghiệp"]),
    ("CTG", &["vietinbank", "công thương"]),
    ("MB", &["mbbank", "mb bank", "quân đội"]),
];

/// The rule scope of a bank's demand-deposit rate, from the name written on the deposit. An
/// empty name is the reference rate (scope empty), for a refund with no deposit bank.
pub fn bank_scope(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    if lower.is_empty() {
        return String::new();
    }
    if let Some((code, _)) = BANKS.iter().find(|(code, names)| {
        lower == code.to_lowercase() || names.iter().any(|n| lower.contains(n))
    }) {
        return (*code).to_owned();
    }
    lower
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect::<String>()
        .to_uppercase()
}

/// A bank's demand-deposit rate from a day on, in hundredths of a percent a year (10 = 0.10%).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatePeriod {
    pub from: NaiveDate,
    pub bps: i64,
}

/// Every version of one bank's rate, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rates {
    pub scope: String,
    pub periods: Vec<RatePeriod>,
}

impl Rates {
    pub fn of(book: &RuleBook, scope: &str) -> Rates {
        let mut periods: Vec<RatePeriod> = book
            .0
            .iter()
            .filter(|e| e.key == RuleKey::DemandDepositRateBps && e.scope == scope)
            .map(|e| RatePeriod {
                from: e.effective_from,
                bps: e.value.max(0),
            })
            .collect();
        periods.sort_by_key(|p| p.from);
        Rates {
            scope: scope.to_owned(),
            periods,
        }
    }
}

/// One stretch of days at one rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestPeriod {
    pub from: NaiveDate,
    /// The first day not counted.
    pub to: NaiveDate,
    pub days: i64,
    pub bps: i64,
}

/// Simple interest on `principal` from `from` up to (not including) `to`: actual days over 365
/// at the rate of each period, summed exactly and rounded up once. A day before the first rate
/// is a missing rule, never a rate of nothing.
pub fn interest(
    principal: i64,
    from: NaiveDate,
    to: NaiveDate,
    rates: &Rates,
) -> Result<(i64, Vec<InterestPeriod>), MissingRule> {
    if principal <= 0 || to <= from {
        return Ok((0, Vec::new()));
    }
    let missing = || MissingRule {
        key: RuleKey::DemandDepositRateBps,
        scope: rates.scope.clone(),
        on: from,
    };
    if rates.periods.first().is_none_or(|p| p.from > from) {
        return Err(missing());
    }
    let mut out = Vec::new();
    let mut sum: i128 = 0;
    for (i, p) in rates.periods.iter().enumerate() {
        let end = rates.periods.get(i + 1).map_or(to, |n| n.from.min(to));
        let start = p.from.max(from);
        if end <= start {
            continue;
        }
        let days = (end - start).num_days();
        sum += i128::from(principal) * i128::from(p.bps) * i128::from(days);
        out.push(InterestPeriod {
            from: start,
            to: end,
            days,
            bps: p.bps,
        });
    }
    let denominator: i128 = 10_000 * 365;
    let amount = (sum + denominator - 1) / denominator;
    Ok((i64::try_from(amount).unwrap_or(i64::MAX), out))
}
