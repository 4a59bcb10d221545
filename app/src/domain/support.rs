//! Poverty-programme support for workers going abroad (the National Target Programme for
//! Sustainable Poverty Reduction, its sub-project for work abroad), and the job-connection
//! claims of the units that find poor workers a job.
//!
//! A worker's household status is recorded per year from the commune's certificate; an act is
//! judged on the statuses of its own year. Each item of support is paid once per worker and
//! programme period, up to its cap at the highest rate any of the worker's statuses gives. Caps,
//! rates, shares and the programme's periods are reference rules with their effective dates.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::rules::{add_months, MissingRule, RuleBook, RuleKey};

/// A household's standing for the programme, as the commune certified it for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdStatus {
    Poor,
    NearPoor,
    NewlyNonPoor,
    /// An ethnic-minority household in an area the programme covers.
    EthnicMinorityArea,
}

impl HouseholdStatus {
    pub const ALL: [HouseholdStatus; 4] = [
        HouseholdStatus::Poor,
        HouseholdStatus::NearPoor,
        HouseholdStatus::NewlyNonPoor,
        HouseholdStatus::EthnicMinorityArea,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HouseholdStatus::Poor => "poor",
            HouseholdStatus::NearPoor => "near_poor",
            HouseholdStatus::NewlyNonPoor => "newly_non_poor",
            HouseholdStatus::EthnicMinorityArea => "ethnic_minority_area",
        }
    }

    pub fn parse(s: &str) -> Option<HouseholdStatus> {
        HouseholdStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The scope of its share rules.
    pub fn scope(self) -> &'static str {
        match self {
            HouseholdStatus::Poor => "POOR",
            HouseholdStatus::NearPoor => "NEAR_POOR",
            HouseholdStatus::NewlyNonPoor => "NEWLY_NON_POOR",
            HouseholdStatus::EthnicMinorityArea => "ETHNIC_AREA",
        }
    }
}

/// How an item's most is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Measure {
    /// Up to the rule's amount.
    Capped,
    /// The rule's amount a day, times the days.
    PerDay,
    /// The rule's amount a month, times the months.
    PerMonth,
    /// The fee actually paid, on its receipt.
    AtCost,
}

/// An item of support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportItem {
    Language,
    Meals,
    Lodging,
    Kit,
    Travel,
    Passport,
    CriminalRecord,
    Visa,
    HealthCheck,
}

impl SupportItem {
    pub const ALL: [SupportItem; 9] = [
        SupportItem::Language,
        SupportItem::Meals,
        SupportItem::Lodging,
        SupportItem::Kit,
        SupportItem::Travel,
        SupportItem::Passport,
        SupportItem::CriminalRecord,
        SupportItem::Visa,
        SupportItem::HealthCheck,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SupportItem::Language => "language",
            SupportItem::Meals => "meals",
            SupportItem::Lodging => "lodging",
            SupportItem::Kit => "kit",
            SupportItem::Travel => "travel",
            SupportItem::Passport => "passport",
            SupportItem::CriminalRecord => "criminal_record",
            SupportItem::Visa => "visa",
            SupportItem::HealthCheck => "health_check",
        }
    }

    pub fn parse(s: &str) -> Option<SupportItem> {
        SupportItem::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The scope of its amount and share rules.
    pub fn scope(self) -> &'static str {
        match self {
            SupportItem::Language => "LANGUAGE",
            SupportItem::Meals => "MEALS",
            SupportItem::Lodging => "LODGING",
            SupportItem::Kit => "KIT",
            SupportItem::Travel => "TRAVEL",
            SupportItem::Passport => "PASSPORT",
            SupportItem::CriminalRecord => "CRIMINAL_RECORD",
            SupportItem::Visa => "VISA",
            SupportItem::HealthCheck => "HEALTH_CHECK",
        }
    }

    pub fn measure(self) -> Measure {
        match self {
            SupportItem::Meals => Measure::PerDay,
            SupportItem::Lodging => Measure::PerMonth,
            SupportItem::Passport | SupportItem::CriminalRecord | SupportItem::Visa => {
                Measure::AtCost
            }
            _ => Measure::Capped,
        }
    }
}

/// The first year of the programme period in force on a day (a rule, so the next programme is
/// a new version, not a code change).
pub fn period_of(book: &RuleBook, on: NaiveDate) -> Result<i32, MissingRule> {
    let year = book.value(RuleKey::SupportProgrammeYear, "", on)?;
    Ok(i32::try_from(year).unwrap_or(i32::MAX))
}

/// What an item is worth to a worker on a day: the most, and the status and share it is
/// counted at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entitlement {
    pub item: SupportItem,
    /// The rule's amount (a cap, a day's or a month's rate); none for an item paid at cost.
    pub rate_vnd: Option<i64>,
    /// The share of it the best status gives, in hundredths of a percent.
    pub share_bps: i64,
    pub status: HouseholdStatus,
    /// The most that may be paid for `quantity` days or months (at cost: none, it depends on
    /// the receipt; see `most_payable`).
    pub most_vnd: Option<i64>,
}

impl Entitlement {
    /// The most that may be paid: for an item paid at cost, the receipt's amount
    /// (`receipt_vnd`) at the status's share, rounded up (in the worker's favour), none without
    /// a receipt; for other items `most_vnd`, whatever the receipt says.
    pub fn most_payable(&self, receipt_vnd: Option<i64>) -> Option<i64> {
        match self.item.measure() {
            Measure::AtCost => receipt_vnd.map(|r| share_of(r, self.share_bps)),
            _ => self.most_vnd,
        }
    }
}

/// Why an item cannot be paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotEntitled {
    /// No household status recorded for the act's year.
    NoStatus {
        year: i32,
    },
    Missing(MissingRule),
}

/// `amount × share / 10000`, rounded up (in the worker's favour).
fn share_of(amount: i64, share_bps: i64) -> i64 {
    let n = i128::from(amount) * i128::from(share_bps);
    i64::try_from((n + 9_999) / 10_000).unwrap_or(i64::MAX)
}

/// The entitlement of a worker with `statuses` (those of the act's year) to `item` on `on`,
/// for `quantity` days or months where the item counts them (ignored otherwise): the highest
/// the statuses give.
pub fn entitlement(
    book: &RuleBook,
    item: SupportItem,
    statuses: &[HouseholdStatus],
    quantity: u32,
    on: NaiveDate,
) -> Result<Entitlement, NotEntitled> {
    if statuses.is_empty() {
        return Err(NotEntitled::NoStatus { year: on.year() });
    }
    let rate = match item.measure() {
        Measure::AtCost => None,
        _ => Some(
            book.value(RuleKey::SupportRateVnd, item.scope(), on)
                .map_err(NotEntitled::Missing)?,
        ),
    };
    let units = match item.measure() {
        Measure::PerDay | Measure::PerMonth => i64::from(quantity),
        _ => 1,
    };
    let mut best: Option<Entitlement> = None;
    for status in statuses {
        let specific = format!("{}:{}", status.scope(), item.scope());
        let share = book
            .value_in(RuleKey::SupportShareBps, &[&specific, status.scope()], on)
            .map_err(NotEntitled::Missing)?;
        let e = Entitlement {
            item,
            rate_vnd: rate,
            share_bps: share,
            status: *status,
            most_vnd: rate.map(|r| share_of(r.saturating_mul(units), share)),
        };
        if best.is_none_or(|b| e.share_bps > b.share_bps) {
            best = Some(e);
        }
    }
    best.ok_or(NotEntitled::NoStatus { year: on.year() })
}

/// A province's spending against its budget for a year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetStanding {
    pub budget_vnd: Option<i64>,
    pub paid_vnd: i64,
}

impl BudgetStanding {
    /// What remains (negative when spent past the budget); none without a budget.
    pub fn remaining_vnd(&self) -> Option<i64> {
        self.budget_vnd.map(|b| b - self.paid_vnd)
    }
}

/// Where a job-connection claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimStanding {
    /// The worker's labour contract is not signed yet.
    NoContract,
    /// Signed, but the worker has not started the job (not departed).
    NotStarted,
    /// In the job; payable from `from`.
    Waiting {
        from: NaiveDate,
    },
    /// The job ended on `ended_on`, before it had been confirmed for the months the rule asks.
    EndedTooSoon {
        ended_on: NaiveDate,
    },
    Payable {
        from: NaiveDate,
    },
    Paid {
        on: NaiveDate,
    },
}

/// The facts of a claim's case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimFacts {
    pub contract_signed_on: Option<NaiveDate>,
    pub job_started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub paid_on: Option<NaiveDate>,
}

/// A claim is payable once the labour contract is signed and the job has been held for the
/// rule's months (`confirm_months`, in force on the day the job started).
pub fn claim_standing(f: &ClaimFacts, confirm_months: u32, today: NaiveDate) -> ClaimStanding {
    if let Some(on) = f.paid_on {
        return ClaimStanding::Paid { on };
    }
    if f.contract_signed_on.is_none() {
        return ClaimStanding::NoContract;
    }
    let Some(started) = f.job_started_on else {
        return ClaimStanding::NotStarted;
    };
    let from = add_months(started, confirm_months);
    match f.ended_on {
        Some(ended_on) if ended_on < from => ClaimStanding::EndedTooSoon { ended_on },
        _ if today >= from => ClaimStanding::Payable { from },
        _ => ClaimStanding::Waiting { from },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::RuleEntry;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rule(key: RuleKey, scope: &str, from: NaiveDate, value: i64) -> RuleEntry {
        RuleEntry {
            key,
            scope: scope.to_owned(),
            effective_from: from,
            value,
            source: "test".to_owned(),
        }
    }

    fn book() -> RuleBook {
        let from = d(2021, 1, 1);
        let mut v = vec![
            rule(RuleKey::SupportProgrammeYear, "", from, 2021),
            rule(RuleKey::SupportProgrammeYear, "", d(2026, 1, 1), 2026),
            rule(RuleKey::SupportRateVnd, "LANGUAGE", from, 4_000_000),
            rule(RuleKey::SupportRateVnd, "MEALS", from, 50_000),
            rule(RuleKey::SupportRateVnd, "LODGING", from, 400_000),
            rule(RuleKey::SupportRateVnd, "HEALTH_CHECK", from, 750_000),
            rule(RuleKey::SupportShareBps, "NEAR_POOR:LANGUAGE", from, 7_000),
        ];
        for s in HouseholdStatus::ALL {
            v.push(rule(RuleKey::SupportShareBps, s.scope(), from, 10_000));
        }
        RuleBook(v)
    }

    #[test]
    fn a_near_poor_worker_gets_seventy_percent_of_the_language_course() {
        let e = entitlement(
            &book(),
            SupportItem::Language,
            &[HouseholdStatus::NearPoor],
            0,
            d(2026, 3, 1),
        )
        .unwrap();
        assert_eq!(e.most_vnd, Some(2_800_000));
        assert_eq!(e.share_bps, 7_000);
    }

    #[test]
    fn the_highest_rate_that_applies_is_the_one_paid() {
        let e = entitlement(
            &book(),
            SupportItem::Language,
            &[
                HouseholdStatus::NearPoor,
                HouseholdStatus::EthnicMinorityArea,
            ],
            0,
            d(2026, 3, 1),
        )
        .unwrap();
        assert_eq!(e.most_vnd, Some(4_000_000));
        assert_eq!(e.status, HouseholdStatus::EthnicMinorityArea);
    }

    #[test]
    fn meals_and_lodging_count_days_and_months_and_fees_are_paid_at_cost() {
        let b = book();
        let poor = [HouseholdStatus::Poor];
        let meals = entitlement(&b, SupportItem::Meals, &poor, 90, d(2026, 3, 1)).unwrap();
        assert_eq!(meals.most_vnd, Some(4_500_000));
        let lodging = entitlement(&b, SupportItem::Lodging, &poor, 3, d(2026, 3, 1)).unwrap();
        assert_eq!(lodging.most_vnd, Some(1_200_000));
        let passport = entitlement(&b, SupportItem::Passport, &poor, 0, d(2026, 3, 1)).unwrap();
        assert_eq!(passport.most_vnd, None);
    }

    #[test]
    fn without_a_status_for_the_year_or_a_rule_nothing_is_due() {
        let b = book();
        assert_eq!(
            entitlement(&b, SupportItem::Language, &[], 0, d(2026, 3, 1)),
            Err(NotEntitled::NoStatus { year: 2026 })
        );
        let kit = entitlement(
            &b,
            SupportItem::Kit,
            &[HouseholdStatus::Poor],
            0,
            d(2026, 3, 1),
        );
        assert!(matches!(kit, Err(NotEntitled::Missing(m)) if m.key == RuleKey::SupportRateVnd));
    }

    #[test]
    fn a_fee_paid_at_cost_is_paid_at_most_at_the_statuss_share_of_its_receipt() {
        let mut b = book();
        b.0.push(rule(
            RuleKey::SupportShareBps,
            "NEAR_POOR:PASSPORT",
            d(2021, 1, 1),
            5_000,
        ));
        let near_poor = [HouseholdStatus::NearPoor];
        let e = entitlement(&b, SupportItem::Passport, &near_poor, 0, d(2026, 3, 1)).unwrap();
        assert_eq!(e.share_bps, 5_000);
        assert_eq!(e.most_payable(Some(200_001)), Some(100_001), "rounded up");
        let poor = [HouseholdStatus::Poor];
        let e = entitlement(&b, SupportItem::Visa, &poor, 0, d(2026, 3, 1)).unwrap();
        assert_eq!(e.most_payable(Some(1_300_000)), Some(1_300_000));
        assert_eq!(e.most_payable(None), None, "not without its receipt");
        // A receipt does not raise a capped item's amount.
        let e = entitlement(&b, SupportItem::Language, &near_poor, 0, d(2026, 3, 1)).unwrap();
        assert_eq!(e.most_payable(Some(9_000_000)), Some(2_800_000));
    }

    #[test]
    fn a_share_is_rounded_up_for_the_worker() {
        assert_eq!(share_of(1_000_001, 7_000), 700_001);
        assert_eq!(share_of(1_000_000, 7_000), 700_000);
    }

    #[test]
    fn the_programme_period_follows_its_rule() {
        assert_eq!(period_of(&book(), d(2025, 12, 31)), Ok(2021));
        assert_eq!(period_of(&book(), d(2026, 1, 1)), Ok(2026));
    }

    #[test]
    fn a_claim_is_payable_three_months_after_the_job_started_and_says_why_not_before() {
        let mut f = ClaimFacts {
            contract_signed_on: None,
            job_started_on: None,
            ended_on: None,
            paid_on: None,
        };
        let today = d(2026, 6, 1);
        assert_eq!(claim_standing(&f, 3, today), ClaimStanding::NoContract);
        f.contract_signed_on = Some(d(2026, 1, 5));
        assert_eq!(claim_standing(&f, 3, today), ClaimStanding::NotStarted);
        f.job_started_on = Some(d(2026, 3, 2));
        assert_eq!(
            claim_standing(&f, 3, today),
            ClaimStanding::Waiting {
                from: d(2026, 6, 2)
            }
        );
        assert_eq!(
            claim_standing(&f, 3, d(2026, 6, 2)),
            ClaimStanding::Payable {
                from: d(2026, 6, 2)
            }
        );
        f.ended_on = Some(d(2026, 5, 1));
        assert_eq!(
            claim_standing(&f, 3, d(2026, 7, 1)),
            ClaimStanding::EndedTooSoon {
                ended_on: d(2026, 5, 1)
            }
        );
        f.paid_on = Some(d(2026, 7, 1));
        assert_eq!(
            claim_standing(&f, 3, d(2026, 7, 1)),
            ClaimStanding::Paid { on: d(2026, 7, 1) }
        );
    }
}
