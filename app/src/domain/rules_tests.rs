//! The rule book's versions by effective date, and the test helpers other rules' tests share
//! (`d` for a date, `book` for the seeded rules).

use super::*;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn entry(key: RuleKey, from: NaiveDate, value: i64) -> RuleEntry {
    RuleEntry {
        key,
        scope: String::new(),
        effective_from: from,
        value,
        source: "test".into(),
    }
}

/// A complete book with the values of Law 69/2020 and Decree 112/2021, for tests.
pub fn book() -> RuleBook {
    let from = d(2022, 1, 1);
    let mut all: Vec<RuleEntry> = [
        (RuleKey::MinWorkerAge, 18),
        (RuleKey::DepartureWindowDays, 180),
        (RuleKey::OrientationPeriods, 74),
        (RuleKey::CertificateValidMonths, 24),
        (RuleKey::FundBeforeExitDays, 3),
        (RuleKey::FundWorkerVnd, 100_000),
        (RuleKey::OrderDecisionWorkingDays, 5),
        (RuleKey::ListConfirmWorkingDays, 3),
        (RuleKey::LiquidationDays, 180),
        (RuleKey::MonthlyUpdateDay, 20),
        (RuleKey::FirstUpdateDays, 5),
        (RuleKey::FeeCapTenthsPer12Months, 10),
        (RuleKey::LongContractMonths, 36),
        (RuleKey::FeeCapTenthsLongContract, 30),
        (RuleKey::FeeCapTenthsSeafarer, 15),
        (RuleKey::FeeCapTenthsExtension, 5),
        (RuleKey::BrokerageCapTenthsPer12Months, 5),
        (RuleKey::BrokerageCapTenthsLongContract, 15),
        (RuleKey::LicenceDepositVnd, 2_000_000_000),
        (RuleKey::LicenceDepositBranchVnd, 500_000_000),
        (RuleKey::LicenceDepositTopUpDays, 30),
        (RuleKey::FundAgencyVnd, 150_000),
        (RuleKey::NotSentRefundDays, 15),
    ]
    .into_iter()
    .map(|(k, v)| entry(k, from, v))
    .collect();
    all.push(RuleEntry {
        key: RuleKey::DepositCapVnd,
        scope: "JP".into(),
        effective_from: from,
        value: 0,
        source: "test".into(),
    });
    all.push(RuleEntry {
        key: RuleKey::DepositCapVnd,
        scope: "TW".into(),
        effective_from: from,
        value: 35_000_000,
        source: "test".into(),
    });
    all.push(RuleEntry {
        key: RuleKey::VndPerCurrencyUnit,
        scope: "JPY".into(),
        effective_from: from,
        value: 170,
        source: "test".into(),
    });
    RuleBook(all)
}

#[test]
fn an_act_is_judged_by_the_rule_in_force_on_its_day() {
    let mut b = book();
    b.0.push(entry(RuleKey::MinWorkerAge, d(2027, 1, 1), 19));
    assert_eq!(b.value(RuleKey::MinWorkerAge, "", d(2026, 12, 31)), Ok(18));
    assert_eq!(b.value(RuleKey::MinWorkerAge, "", d(2027, 1, 1)), Ok(19));
    assert_eq!(b.on(d(2027, 3, 1)).map(|r| r.min_worker_age), Ok(19));
}

#[test]
fn a_day_before_any_version_has_no_rule_and_says_which() {
    let err = book().on(d(2020, 1, 1)).unwrap_err();
    assert_eq!(err.on, d(2020, 1, 1));
    // The day's rules are looked up in order; the first one asked for is the minimum age.
    assert_eq!(err.key, RuleKey::MinWorkerAge);
    assert_eq!(err.scope, "");
    let err = book()
        .value(RuleKey::DepositCapVnd, "TW", d(2020, 1, 1))
        .unwrap_err();
    assert_eq!(
        err,
        MissingRule {
            key: RuleKey::DepositCapVnd,
            scope: "TW".into(),
            on: d(2020, 1, 1),
        }
    );
}

#[test]
fn the_fee_cap_is_one_month_per_year_and_three_months_for_long_contracts() {
    let r = book().on(d(2026, 1, 1)).expect("rules");
    assert_eq!(r.service_fee_cap_vnd(10_000_000, 12), 10_000_000);
    assert_eq!(r.service_fee_cap_vnd(10_000_000, 24), 20_000_000);
    assert_eq!(r.service_fee_cap_vnd(10_000_000, 36), 30_000_000);
    assert_eq!(r.service_fee_cap_vnd(10_000_000, 60), 30_000_000);
}

#[test]
fn working_days_skip_the_weekend() {
    // Friday 2026-11-20 + 3 working days = Wednesday 2026-11-25.
    assert_eq!(add_working_days(d(2026, 11, 20), 3, &[]), d(2026, 11, 25));
    assert_eq!(add_working_days(d(2026, 11, 23), 5, &[]), d(2026, 11, 30));
}

#[test]
fn working_days_skip_tet_as_the_holiday_rules_list_it() {
    let mut b = book();
    // Tết Bính Ngọ 2026: Monday 16 to Friday 20 February.
    for day in 16..=20 {
        b.0.push(entry(RuleKey::PublicHoliday, d(2026, 2, day), 1));
    }
    let r = b.on(d(2026, 2, 13)).expect("rules");
    // Friday 13 February + 3 working days: Wednesday 25 February, not Wednesday 18.
    assert_eq!(
        add_working_days(d(2026, 2, 13), 3, &r.holidays),
        d(2026, 2, 25)
    );
    // A day recorded as worked (value 0) is no holiday.
    b.0.push(entry(RuleKey::PublicHoliday, d(2026, 5, 4), 0));
    assert!(!b.holidays().contains(&d(2026, 5, 4)));
    assert_eq!(b.holidays().len(), 5);
}

#[test]
fn a_rule_value_outside_its_range_is_refused_with_the_bound_it_crosses() {
    use RuleKey::*;
    assert_eq!(SupportShareBps.check(10_000), Ok(10_000));
    assert_eq!(
        SupportShareBps.check(10_001),
        Err(Problem::AtMost { max: 10_000 })
    );
    assert_eq!(SupportShareBps.check(-1), Err(Problem::AtLeast { min: 0 }));
    assert_eq!(
        ConnectionConfirmMonths.check(0),
        Err(Problem::AtLeast { min: 1 })
    );
    assert_eq!(
        ConnectionConfirmMonths.check(61),
        Err(Problem::AtMost { max: 60 })
    );
    assert_eq!(
        SupportProgrammeYear.check(20_260),
        Err(Problem::AtMost { max: 2100 })
    );
    assert_eq!(
        SupportProgrammeYear.check(1999),
        Err(Problem::AtLeast { min: 2000 })
    );
    assert_eq!(FundWorkerVnd.check(-1), Err(Problem::AtLeast { min: 0 }));
    assert_eq!(MonthlyUpdateDay.check(31), Err(Problem::AtMost { max: 28 }));
}

#[test]
fn every_rule_of_the_test_book_is_within_its_range() {
    for e in book().0 {
        assert_eq!(e.key.check(e.value), Ok(e.value), "{e:?}");
    }
    for key in RuleKey::ALL {
        let r = key.range();
        assert!(r.start() <= r.end() && *r.start() >= 0, "{key:?}");
    }
}

#[test]
fn the_monthly_update_is_due_on_the_twentieth_of_the_next_month() {
    assert_eq!(next_monthly_deadline(d(2026, 12, 3), 20), d(2027, 1, 20));
}
