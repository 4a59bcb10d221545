//! The recruitment cost indicator (SDG 10.7.1): what a worker bore to get the job abroad,
//! divided by what they earned, net, in their first month of that job. Reported per corridor
//! (market × occupation), by sex and by province, as median and mean with the number of workers
//! behind each figure. A worker whose first month is not known is left out and counted by
//! reason: nothing is imputed.
//!
//! Two lenses, as the domain asks: everything the worker bore (the ILO's employer-pays view,
//! fees within the Vietnamese cap and a deposit still held included), and only what the worker
//! paid beyond what Vietnamese law allows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::lifecycle::{first_full_month, next_month, Earnings, Reporter};
use super::money::rate_on;
use super::rules::RuleBook;

/// Which cost the ratio counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lens {
    /// Everything the worker paid to get and reach the job, less deposit money given back.
    #[default]
    Borne,
    /// Only what the worker paid beyond what Vietnamese law allows.
    OverLaw,
}

impl Lens {
    pub const ALL: [Lens; 2] = [Lens::Borne, Lens::OverLaw];
    pub fn as_str(self) -> &'static str {
        match self {
            Lens::Borne => "borne",
            Lens::OverLaw => "over_law",
        }
    }
    pub fn parse(s: &str) -> Option<Lens> {
        Lens::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// One monthly update, as the indicator reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthReport {
    pub month: NaiveDate,
    pub earnings: Option<Earnings>,
    pub reported_by: Reporter,
}

/// One departed worker's case, as the indicator reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseCost {
    pub departed_on: NaiveDate,
    /// What the worker bore (the ledger's standing payments, less deposit money released).
    pub borne_vnd: i64,
    /// What the worker paid beyond what the law allows; none when a cap the ledger needs to say
    /// so is missing from the rules.
    pub over_law_vnd: Option<i64>,
    pub reports: Vec<MonthReport>,
}

/// Why a departed worker is not in the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Exclusion {
    /// The first full month abroad is not over yet.
    FirstMonthNotOver,
    /// No update for the first full month says what the worker earned.
    NoEarnings,
    /// The rules have no exchange rate for the earnings' currency in that month.
    NoRate,
    /// The law's cap for a payment is missing from the rules, so what is over it is unknown.
    NoCap,
}

impl Exclusion {
    pub const ALL: [Exclusion; 4] = [
        Exclusion::FirstMonthNotOver,
        Exclusion::NoEarnings,
        Exclusion::NoRate,
        Exclusion::NoCap,
    ];
}

/// One worker's figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    pub cost_vnd: i64,
    pub earnings_vnd: i64,
    /// Cost ÷ first-month earnings, in ten-thousandths, rounded half up.
    pub ratio_bp: i64,
}

/// The first full month's earnings: the worker's own report if they made one, else the
/// agency's; the latest of several (reports are in the order they were recorded).
pub fn first_month(c: &CaseCost, today: NaiveDate) -> Result<(NaiveDate, &Earnings), Exclusion> {
    let month = first_full_month(c.departed_on);
    if next_month(month) > today {
        return Err(Exclusion::FirstMonthNotOver);
    }
    let of = |who: Reporter| {
        c.reports
            .iter()
            .filter(|r| r.month == month && r.reported_by == who)
            .filter_map(|r| r.earnings.as_ref())
            .next_back()
    };
    of(Reporter::Worker)
        .or_else(|| of(Reporter::Agency))
        .map(|e| (month, e))
        .ok_or(Exclusion::NoEarnings)
}

/// `n / d` rounded half up, for non-negative `n` and positive `d`.
fn div_round(n: i128, d: i128) -> i128 {
    (2 * n + d) / (2 * d)
}

/// The worker's figure under `lens`: earnings converted at the rate in force on the last day
/// of their month.
pub fn measure(
    c: &CaseCost,
    lens: Lens,
    book: &RuleBook,
    today: NaiveDate,
) -> Result<Measured, Exclusion> {
    let (month, earnings) = first_month(c, today)?;
    let last_day = next_month(month).pred_opt().unwrap_or(month);
    let rate = rate_on(book, &earnings.currency, last_day).map_err(|_| Exclusion::NoRate)?;
    let cost = match lens {
        Lens::Borne => c.borne_vnd,
        Lens::OverLaw => c.over_law_vnd.ok_or(Exclusion::NoCap)?,
    }
    .max(0);
    let earnings_vnd = i128::from(earnings.amount) * i128::from(rate);
    if earnings_vnd <= 0 {
        return Err(Exclusion::NoEarnings);
    }
    let ratio = div_round(i128::from(cost) * 10_000, earnings_vnd);
    Ok(Measured {
        cost_vnd: cost,
        earnings_vnd: i64::try_from(earnings_vnd).unwrap_or(i64::MAX),
        ratio_bp: i64::try_from(ratio).unwrap_or(i64::MAX),
    })
}

/// Median and mean over a group, with the count behind them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub workers: u32,
    pub median_bp: i64,
    pub mean_bp: i64,
    pub median_cost_vnd: i64,
    pub median_earnings_vnd: i64,
}

/// The median of sorted values: the middle one, or the two middles' mean rounded half up.
fn median(sorted: &[i64]) -> i64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        let sum = i128::from(sorted[n / 2 - 1]) + i128::from(sorted[n / 2]);
        i64::try_from(div_round(sum, 2)).unwrap_or(i64::MAX)
    }
}

/// The group's summary; none for an empty group.
pub fn summarise(figures: &[Measured]) -> Option<Summary> {
    if figures.is_empty() {
        return None;
    }
    let sorted = |f: fn(&Measured) -> i64| {
        let mut v: Vec<i64> = figures.iter().map(f).collect();
        v.sort_unstable();
        v
    };
    let ratios = sorted(|m| m.ratio_bp);
    let sum: i128 = ratios.iter().map(|r| i128::from(*r)).sum();
    let n = figures.len();
    Some(Summary {
        workers: u32::try_from(n).unwrap_or(u32::MAX),
        median_bp: median(&ratios),
        mean_bp: i64::try_from(div_round(sum, n as i128)).unwrap_or(i64::MAX),
        median_cost_vnd: median(&sorted(|m| m.cost_vnd)),
        median_earnings_vnd: median(&sorted(|m| m.earnings_vnd)),
    })
}

/// What a worker is grouped by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Groups {
    pub market: String,
    /// The order's ISCO-08 code, if it has one.
    pub occupation: Option<String>,
    pub sex: String,
    pub province: String,
}

/// A figure of one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row<K> {
    pub key: K,
    pub summary: Summary,
}

/// The indicator over a set of departed workers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub overall: Option<Summary>,
    pub by_market: Vec<Row<String>>,
    pub by_corridor: Vec<Row<(String, Option<String>)>>,
    pub by_sex: Vec<Row<String>>,
    pub by_province: Vec<Row<String>>,
    /// Departed workers left out, by reason, with their number.
    pub excluded: Vec<(Exclusion, u32)>,
    pub departed: u32,
}

fn rows<K: Ord + Clone>(figures: &[(Groups, Measured)], key: impl Fn(&Groups) -> K) -> Vec<Row<K>> {
    let mut groups: std::collections::BTreeMap<K, Vec<Measured>> = Default::default();
    for (g, m) in figures {
        groups.entry(key(g)).or_default().push(*m);
    }
    groups
        .into_iter()
        .filter_map(|(key, ms)| summarise(&ms).map(|summary| Row { key, summary }))
        .collect()
}

/// The indicator under `lens` over the departed workers given.
pub fn indicator(
    cases: &[(Groups, CaseCost)],
    lens: Lens,
    book: &RuleBook,
    today: NaiveDate,
) -> Indicator {
    let mut figures = Vec::new();
    let mut excluded: std::collections::BTreeMap<Exclusion, u32> = Default::default();
    for (g, c) in cases {
        match measure(c, lens, book, today) {
            Ok(m) => figures.push((g.clone(), m)),
            Err(why) => *excluded.entry(why).or_default() += 1,
        }
    }
    let all: Vec<Measured> = figures.iter().map(|(_, m)| *m).collect();
    Indicator {
        overall: summarise(&all),
        by_market: rows(&figures, |g| g.market.clone()),
        by_corridor: rows(&figures, |g| (g.market.clone(), g.occupation.clone())),
        by_sex: rows(&figures, |g| g.sex.clone()),
        by_province: rows(&figures, |g| g.province.clone()),
        excluded: excluded.into_iter().collect(),
        departed: u32::try_from(cases.len()).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
#[path = "recruitment_cost_tests.rs"]
mod tests;
