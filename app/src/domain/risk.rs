//! The agencies' risk ranking, explained: which agency to inspect first, and why.
//!
//! Each factor is a count of records (complaints, cases whose worker was overcharged, open
//! remediation past its deadline...) and, for a rate, the count it is out of (departures,
//! returns, workers abroad). A rate is drawn toward the average of all agencies ranked, as if
//! each agency had `prior` more cases at that average (empirical-Bayes shrinkage), so a small
//! agency is not ranked on a handful of cases. Each factor then counts as its times the average
//! (capped), weighted; the score is the weighted mean, so 1.00 is an average agency and 2.00 is
//! twice the average. The weights, the prior, the cap and the window are reference rules, so the
//! method in force on a day is on record with the numbers it used.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::payments::Flag;
use super::rules::{MissingRule, RuleBook, RuleKey};

/// The code of a ledger flag that counts as a fee breach (money taken over the cap or against
/// the law); none for the flags that do not (timing, who took it).
pub fn fee_breach(flag: &Flag) -> Option<&'static str> {
    match flag {
        Flag::ServiceFeeOverCap { .. } => Some("service_fee_over_cap"),
        Flag::RecruitmentMoneyCharged => Some("recruitment_money_charged"),
        Flag::OverContract { .. } => Some("over_contract"),
        Flag::FundOverRule { .. } => Some("fund_over_rule"),
        Flag::DepositOverCap { .. } => Some("deposit_over_cap"),
        Flag::BeforeOrderApproved
        | Flag::BeforeContractSigned
        | Flag::PaidToBroker
        | Flag::BranchTookMoney
        | Flag::DepositTooEarly
        | Flag::DepositWithoutRule => None,
    }
}

/// What a factor counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Factor {
    /// Complaints and denunciations received about the agency, per 100 departures.
    Complaints,
    /// Cases with a payment the ledger flags as over the cap or unlawful, out of the cases
    /// with payments.
    FeeBreaches,
    /// Cases closed with the worker's deposit still held, out of the closed cases that took one.
    DepositsHeld,
    /// Early returns, out of all returns (DOMAIN: early-return rate).
    EarlyReturns,
    /// Workers who absconded, out of the workers abroad during the window.
    Absconding,
    /// Workers who overstayed, out of the workers abroad during the window.
    Overstay,
    /// Workers abroad whose database update is past its deadline, out of those abroad now.
    LateUpdates,
    /// Ended contracts past their liquidation deadline, out of those awaiting liquidation and
    /// those liquidated in the window.
    LateLiquidations,
    /// Remediation tasks past their deadline and not accepted (a count).
    OverdueRemediation,
    /// Sanction decisions taken in the window (a count).
    Sanctions,
}

/// How a factor is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Measure {
    /// A count out of a denominator, shown per `per`.
    Rate { per: u32 },
    /// A count per agency, compared with the mean count of the agencies ranked.
    Count,
}

impl Factor {
    pub const ALL: [Factor; 10] = [
        Factor::Complaints,
        Factor::FeeBreaches,
        Factor::DepositsHeld,
        Factor::EarlyReturns,
        Factor::Absconding,
        Factor::Overstay,
        Factor::LateUpdates,
        Factor::LateLiquidations,
        Factor::OverdueRemediation,
        Factor::Sanctions,
    ];

    /// Its code: the scope of its weight rule, and its name in URLs.
    pub fn code(self) -> &'static str {
        match self {
            Factor::Complaints => "COMPLAINTS",
            Factor::FeeBreaches => "FEE_BREACHES",
            Factor::DepositsHeld => "DEPOSITS_HELD",
            Factor::EarlyReturns => "EARLY_RETURNS",
            Factor::Absconding => "ABSCONDING",
            Factor::Overstay => "OVERSTAY",
            Factor::LateUpdates => "LATE_UPDATES",
            Factor::LateLiquidations => "LATE_LIQUIDATIONS",
            Factor::OverdueRemediation => "OVERDUE_REMEDIATION",
            Factor::Sanctions => "SANCTIONS",
        }
    }

    pub fn parse(s: &str) -> Option<Factor> {
        Factor::ALL.into_iter().find(|f| f.code() == s)
    }

    pub fn measure(self) -> Measure {
        match self {
            Factor::OverdueRemediation | Factor::Sanctions => Measure::Count,
            _ => Measure::Rate { per: 100 },
        }
    }

    /// Whether a market filter narrows it: the case-based factors count the market's cases;
    /// complaints, remediation and sanctions are the agency's, whatever the market.
    pub fn by_market(self) -> bool {
        !matches!(
            self,
            Factor::Complaints | Factor::OverdueRemediation | Factor::Sanctions
        )
    }
}

/// One number of the method, with the rule version it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodPart {
    pub value: i64,
    pub effective_from: NaiveDate,
    pub source: String,
}

/// The method in force on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Method {
    pub on: NaiveDate,
    /// Each factor's weight, in the order of `Factor::ALL`.
    pub weights: Vec<(Factor, MethodPart)>,
    pub prior: MethodPart,
    pub cap: MethodPart,
    pub window_months: MethodPart,
}

impl Method {
    /// The method in force on `on`: a factor or a number with no rule then is an error, never
    /// a weight of zero.
    pub fn in_force(book: &RuleBook, on: NaiveDate) -> Result<Method, MissingRule> {
        let part = |key, scope: &str| {
            book.entry(key, scope, on).map(|e| MethodPart {
                value: e.value,
                effective_from: e.effective_from,
                source: e.source.clone(),
            })
        };
        let weights = Factor::ALL
            .into_iter()
            .map(|f| part(RuleKey::RiskWeight, f.code()).map(|p| (f, p)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Method {
            on,
            weights,
            prior: part(RuleKey::RiskPrior, "")?,
            cap: part(RuleKey::RiskIndexCap, "")?,
            window_months: part(RuleKey::RiskWindowMonths, "")?,
        })
    }

    /// The latest version among its numbers: the method's own version date.
    pub fn version(&self) -> NaiveDate {
        self.weights
            .iter()
            .map(|(_, p)| p)
            .chain([&self.prior, &self.cap, &self.window_months])
            .map(|p| p.effective_from)
            .max()
            .unwrap_or(self.on)
    }

    fn weight(&self, f: Factor) -> f64 {
        self.weights
            .iter()
            .find(|(g, _)| *g == f)
            .map_or(0.0, |(_, p)| p.value as f64)
    }
}

/// A factor's count for one agency, and (for a rate) what it is out of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub count: u64,
    pub out_of: u64,
}

/// One agency's tallies, one per factor in the order of `Factor::ALL`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tallies {
    pub agency_id: i32,
    pub tallies: Vec<Tally>,
}

/// How one factor scores for one agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorScore {
    pub factor: Factor,
    pub tally: Tally,
    /// The agency's own rate (count ÷ out of), if it has a denominator; for a count, the count.
    pub own: Option<f64>,
    /// The rate after drawing toward the average (for a count, the count).
    pub adjusted: f64,
    /// The average over the agencies ranked (pooled rate, or mean count).
    pub average: f64,
    /// Times the average, capped.
    pub index: f64,
    /// Weight × index: its part of the score.
    pub points: f64,
    /// Its share of the agency's points, 0–1.
    pub share: f64,
}

/// One agency's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub agency_id: i32,
    /// Weighted mean of the indices of the factors in play (those some agency has records
    /// of): 1.00 is an average agency.
    pub score: f64,
    pub factors: Vec<FactorScore>,
}

impl Score {
    pub fn factor(&self, f: Factor) -> Option<&FactorScore> {
        self.factors.iter().find(|s| s.factor == f)
    }
}

fn ratio(n: f64, d: f64) -> f64 {
    if d > 0.0 {
        n / d
    } else {
        0.0
    }
}

/// Scores every agency of `rows` against the others, in the order given.
pub fn score(method: &Method, rows: &[Tallies]) -> Vec<Score> {
    let prior = method.prior.value.max(0) as f64;
    let cap = method.cap.value.max(1) as f64;
    let agencies = rows.len() as f64;
    let averages: Vec<f64> = Factor::ALL
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let n: u64 = rows.iter().map(|r| tally(r, i).count).sum();
            match f.measure() {
                Measure::Rate { .. } => {
                    let d: u64 = rows.iter().map(|r| tally(r, i).out_of).sum();
                    ratio(n as f64, d as f64)
                }
                Measure::Count => ratio(n as f64, agencies),
            }
        })
        .collect();
    // The weighted mean is over the factors in play: one that no agency has any record of
    // says nothing about any of them, so it does not pull every score down.
    let total_weight: f64 = Factor::ALL
        .iter()
        .zip(&averages)
        .filter(|(_, a)| **a > 0.0)
        .map(|(f, _)| method.weight(*f))
        .sum();
    rows.iter()
        .map(|r| {
            let mut factors: Vec<FactorScore> = Factor::ALL
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let t = tally(r, i);
                    let average = averages[i];
                    let (own, adjusted) = match f.measure() {
                        // An agency with nothing to count a rate on, and nothing counted, is
                        // taken at the average, whatever the prior: no cases say neither
                        // better nor worse (a rate of 0 would rank it among the safest). One
                        // with complaints but no departures keeps the shrinkage, on a prior of
                        // at least one, so it stands out rather than hides.
                        Measure::Rate { .. } if t.out_of == 0 && t.count == 0 => (None, average),
                        Measure::Rate { .. } if t.out_of == 0 => (
                            None,
                            ratio(t.count as f64 + prior.max(1.0) * average, prior.max(1.0)),
                        ),
                        Measure::Rate { .. } => (
                            Some(ratio(t.count as f64, t.out_of as f64)),
                            ratio(t.count as f64 + prior * average, t.out_of as f64 + prior),
                        ),
                        Measure::Count => (Some(t.count as f64), t.count as f64),
                    };
                    let index = ratio(adjusted, average).min(cap);
                    FactorScore {
                        factor: *f,
                        tally: t,
                        own,
                        adjusted,
                        average,
                        index,
                        points: method.weight(*f) * index,
                        share: 0.0,
                    }
                })
                .collect();
            let points: f64 = factors.iter().map(|f| f.points).sum();
            for f in &mut factors {
                f.share = ratio(f.points, points);
            }
            Score {
                agency_id: r.agency_id,
                score: ratio(points, total_weight),
                factors,
            }
        })
        .collect()
}

fn tally(r: &Tallies, i: usize) -> Tally {
    r.tallies.get(i).copied().unwrap_or_default()
}

/// Riskiest first: by the score, or by one factor's index; ties by the larger count, then
/// the agency's id, so the order is stable.
pub fn rank(scores: &mut [Score], by: Option<Factor>) {
    let key = |s: &Score| match by {
        Some(f) => s.factor(f).map_or((0.0, 0), |x| (x.index, x.tally.count)),
        None => (s.score, 0),
    };
    scores.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        kb.0.total_cmp(&ka.0)
            .then(kb.1.cmp(&ka.1))
            .then(a.agency_id.cmp(&b.agency_id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::RuleEntry;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn book(weight: i64, prior: i64, cap: i64) -> RuleBook {
        let entry = |key, scope: &str, value| RuleEntry {
            key,
            scope: scope.to_owned(),
            effective_from: d("2026-01-01"),
            value,
            source: "test".to_owned(),
        };
        let mut v: Vec<RuleEntry> = Factor::ALL
            .iter()
            .map(|f| entry(RuleKey::RiskWeight, f.code(), weight))
            .collect();
        v.push(entry(RuleKey::RiskPrior, "", prior));
        v.push(entry(RuleKey::RiskIndexCap, "", cap));
        v.push(entry(RuleKey::RiskWindowMonths, "", 24));
        RuleBook(v)
    }

    fn only(agency_id: i32, f: Factor, count: u64, out_of: u64) -> Tallies {
        let mut tallies = vec![Tally::default(); Factor::ALL.len()];
        let i = Factor::ALL.iter().position(|g| *g == f).unwrap();
        tallies[i] = Tally { count, out_of };
        Tallies { agency_id, tallies }
    }

    #[test]
    fn a_method_without_a_weight_for_a_factor_is_an_error_not_a_zero() {
        let mut b = book(10, 20, 5);
        b.0.retain(|e| e.scope != "SANCTIONS");
        let err = Method::in_force(&b, d("2026-06-01")).unwrap_err();
        assert_eq!(err.key, RuleKey::RiskWeight);
        assert_eq!(err.scope, "SANCTIONS");
    }

    #[test]
    fn an_average_agency_scores_one_and_twice_the_average_scores_more() {
        let m = Method::in_force(&book(10, 0, 5), d("2026-06-01")).unwrap();
        let rows = vec![
            only(1, Factor::Complaints, 1, 100),
            only(2, Factor::Complaints, 3, 100),
        ];
        let s = score(&m, &rows);
        let c = |i: usize| s[i].factor(Factor::Complaints).unwrap().index;
        assert!((c(0) - 0.5).abs() < 1e-9, "{}", c(0));
        assert!((c(1) - 1.5).abs() < 1e-9, "{}", c(1));
        // Only one factor has any record: its share is the whole of the points.
        assert!((s[1].factor(Factor::Complaints).unwrap().share - 1.0).abs() < 1e-9);
        assert!(s[1].score > s[0].score);
        // The other nine factors, of which nobody has a record, do not dilute the score: the
        // two agencies average 1.00.
        assert!((s[0].score + s[1].score - 2.0).abs() < 1e-9);
    }

    #[test]
    fn a_small_agency_is_drawn_toward_the_average_and_ranks_below_a_large_one_with_the_same_rate() {
        let m = Method::in_force(&book(10, 20, 5), d("2026-06-01")).unwrap();
        let rows = vec![
            // 1 complaint on 2 departures: 50 per 100 on its own.
            only(1, Factor::Complaints, 1, 2),
            // 100 complaints on 200 departures: the same rate, on solid ground.
            only(2, Factor::Complaints, 100, 200),
            only(3, Factor::Complaints, 10, 1_000),
        ];
        let mut s = score(&m, &rows);
        let small = s[0].factor(Factor::Complaints).unwrap().clone();
        let large = s[1].factor(Factor::Complaints).unwrap().clone();
        assert_eq!(small.own, large.own);
        assert!(small.adjusted < large.adjusted);
        assert!(small.adjusted > small.average);
        rank(&mut s, None);
        assert_eq!(
            s.iter().map(|x| x.agency_id).collect::<Vec<_>>(),
            vec![2, 1, 3]
        );
    }

    #[test]
    fn one_factor_cannot_count_for_more_than_the_cap() {
        let m = Method::in_force(&book(10, 0, 3), d("2026-06-01")).unwrap();
        let rows = vec![
            only(1, Factor::Sanctions, 9, 0),
            only(2, Factor::Sanctions, 0, 0),
            only(3, Factor::Sanctions, 0, 0),
        ];
        let s = score(&m, &rows);
        // Mean 3 sanctions; 9 is three times the mean, at the cap.
        assert_eq!(s[0].factor(Factor::Sanctions).unwrap().index, 3.0);
        let m = Method::in_force(&book(10, 0, 2), d("2026-06-01")).unwrap();
        let s = score(&m, &rows);
        assert_eq!(s[0].factor(Factor::Sanctions).unwrap().index, 2.0);
    }

    #[test]
    fn a_factor_nobody_has_counts_zero_rather_than_dividing_by_zero() {
        let m = Method::in_force(&book(10, 20, 5), d("2026-06-01")).unwrap();
        let s = score(&m, &[only(1, Factor::Overstay, 0, 0)]);
        assert!(s[0]
            .factors
            .iter()
            .all(|f| f.index == 0.0 && f.share == 0.0));
        assert_eq!(s[0].score, 0.0);
    }

    #[test]
    fn an_agency_with_nothing_to_count_a_rate_on_is_taken_at_the_average_even_without_a_prior() {
        let m = Method::in_force(&book(10, 0, 5), d("2026-06-01")).unwrap();
        let rows = vec![
            only(1, Factor::Complaints, 2, 100),
            only(2, Factor::Complaints, 0, 0),
        ];
        let s = score(&m, &rows);
        let none = s[1].factor(Factor::Complaints).unwrap();
        assert_eq!(none.own, None);
        assert!((none.index - 1.0).abs() < 1e-9, "{}", none.index);
        assert!((s[1].score - 1.0).abs() < 1e-9, "{}", s[1].score);
        // Complaints with no departures at all: far above the average, not at it.
        let rows = vec![
            only(1, Factor::Complaints, 2, 100),
            only(2, Factor::Complaints, 3, 0),
        ];
        let s = score(&m, &rows);
        assert!(s[1].factor(Factor::Complaints).unwrap().index > 1.0);
    }

    #[test]
    fn ranking_by_a_factor_puts_its_highest_first() {
        let m = Method::in_force(&book(10, 0, 5), d("2026-06-01")).unwrap();
        let mut rows = vec![
            only(1, Factor::Complaints, 50, 100),
            only(2, Factor::Overstay, 5, 100),
        ];
        rows[0].tallies[5] = Tally {
            count: 1,
            out_of: 100,
        };
        let mut s = score(&m, &rows);
        rank(&mut s, Some(Factor::Overstay));
        assert_eq!(s[0].agency_id, 2);
        rank(&mut s, Some(Factor::Complaints));
        assert_eq!(s[0].agency_id, 1);
    }

    #[test]
    fn the_method_version_is_its_newest_rule() {
        let mut b = book(10, 20, 5);
        b.0.push(RuleEntry {
            key: RuleKey::RiskWeight,
            scope: "COMPLAINTS".to_owned(),
            effective_from: d("2026-09-01"),
            value: 30,
            source: "v2".to_owned(),
        });
        let before = Method::in_force(&b, d("2026-08-31")).unwrap();
        let after = Method::in_force(&b, d("2026-09-01")).unwrap();
        assert_eq!(before.version(), d("2026-01-01"));
        assert_eq!(after.version(), d("2026-09-01"));
        assert_eq!(after.weights[0].1.value, 30);
    }
}
