use super::*;
use crate::domain::lifecycle::Event;
use crate::domain::rules::{RuleEntry, RuleKey};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// JPY at 170 VND from 2022; at 160 from 2026-06-01.
fn book() -> RuleBook {
    let rate = |from, value| RuleEntry {
        key: RuleKey::VndPerCurrencyUnit,
        scope: "JPY".into(),
        effective_from: from,
        value,
        source: "test".into(),
    };
    RuleBook(vec![rate(d(2022, 1, 1), 170), rate(d(2026, 6, 1), 160)])
}

fn report(month: NaiveDate, amount: Option<i64>, by: Reporter) -> MonthReport {
    MonthReport {
        month,
        earnings: amount.map(|amount| Earnings {
            amount,
            currency: "JPY".into(),
        }),
        reported_by: by,
    }
}

fn case(departed_on: NaiveDate, borne: i64, reports: Vec<MonthReport>) -> CaseCost {
    CaseCost {
        departed_on,
        borne_vnd: borne,
        over_law_vnd: Some(borne / 4),
        reports,
    }
}

const TODAY: (i32, u32, u32) = (2026, 11, 23);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

#[test]
fn the_ratio_is_the_cost_over_the_first_full_months_earnings_at_that_months_rate() {
    // Left on 10 March: the first full month is April, at 170 VND per yen.
    let c = case(
        d(2026, 3, 10),
        68_000_000,
        vec![
            report(d(2026, 3, 1), Some(50_000), Reporter::Agency),
            report(d(2026, 4, 1), Some(200_000), Reporter::Agency),
            report(d(2026, 5, 1), Some(10), Reporter::Agency),
        ],
    );
    let m = measure(&c, Lens::Borne, &book(), today()).expect("measured");
    assert_eq!(m.earnings_vnd, 34_000_000);
    assert_eq!(m.cost_vnd, 68_000_000);
    assert_eq!(m.ratio_bp, 20_000);
    // The law's lens counts only what was over it.
    let m = measure(&c, Lens::OverLaw, &book(), today()).expect("measured");
    assert_eq!(m.ratio_bp, 5_000);
}

#[test]
fn a_worker_who_left_on_the_first_has_that_month_as_the_first_and_the_rate_of_its_last_day() {
    // June 2026 at 160 VND per yen (the rate in force on 30 June).
    let c = case(
        d(2026, 6, 1),
        32_000_000,
        vec![report(d(2026, 6, 1), Some(100_000), Reporter::Agency)],
    );
    let m = measure(&c, Lens::Borne, &book(), today()).expect("measured");
    assert_eq!(m.earnings_vnd, 16_000_000);
    assert_eq!(m.ratio_bp, 20_000);
}

#[test]
fn the_workers_own_report_of_the_month_is_preferred_to_the_agencys() {
    let month = d(2026, 4, 1);
    let c = case(
        d(2026, 3, 10),
        34_000_000,
        vec![
            report(month, Some(200_000), Reporter::Agency),
            report(month, Some(100_000), Reporter::Worker),
            report(month, None, Reporter::Worker),
        ],
    );
    let m = measure(&c, Lens::Borne, &book(), today()).expect("measured");
    assert_eq!(m.earnings_vnd, 17_000_000);
    assert_eq!(m.ratio_bp, 20_000);
}

#[test]
fn workers_without_a_known_first_month_are_left_out_by_reason_not_imputed() {
    let recent = case(d(2026, 10, 25), 1, vec![]);
    assert_eq!(
        first_month(&recent, today()).err(),
        Some(Exclusion::FirstMonthNotOver)
    );
    let later_only = case(
        d(2026, 3, 10),
        1,
        vec![
            report(d(2026, 4, 1), None, Reporter::Agency),
            report(d(2026, 5, 1), Some(200_000), Reporter::Agency),
        ],
    );
    assert_eq!(
        measure(&later_only, Lens::Borne, &book(), today()).err(),
        Some(Exclusion::NoEarnings)
    );
    let mut won = case(
        d(2026, 3, 10),
        1,
        vec![report(d(2026, 4, 1), Some(2_000_000), Reporter::Agency)],
    );
    won.reports[0].earnings.as_mut().expect("earnings").currency = "KRW".into();
    assert_eq!(
        measure(&won, Lens::Borne, &book(), today()).err(),
        Some(Exclusion::NoRate)
    );
    let mut no_cap = case(
        d(2026, 3, 10),
        1,
        vec![report(d(2026, 4, 1), Some(2_000), Reporter::Agency)],
    );
    no_cap.over_law_vnd = None;
    assert!(measure(&no_cap, Lens::Borne, &book(), today()).is_ok());
    assert_eq!(
        measure(&no_cap, Lens::OverLaw, &book(), today()).err(),
        Some(Exclusion::NoCap)
    );
    let groups = |market: &str| Groups {
        market: market.into(),
        occupation: None,
        sex: "female".into(),
        province: "01".into(),
    };
    let all = vec![
        (groups("JP"), recent),
        (groups("JP"), later_only),
        (groups("KR"), won),
        (groups("JP"), no_cap),
    ];
    let ind = indicator(&all, Lens::Borne, &book(), today());
    assert_eq!(ind.departed, 4);
    assert_eq!(ind.overall.map(|s| s.workers), Some(1));
    assert_eq!(
        ind.excluded,
        vec![
            (Exclusion::FirstMonthNotOver, 1),
            (Exclusion::NoEarnings, 1),
            (Exclusion::NoRate, 1)
        ]
    );
    assert!(ind.by_market.iter().all(|r| r.key == "JP"));
}

#[test]
fn groups_give_the_median_and_mean_with_the_count_behind_each() {
    let month = d(2026, 4, 1);
    let one = |borne: i64, market: &str, sex: &str, code: Option<&str>| {
        (
            Groups {
                market: market.into(),
                occupation: code.map(Into::into),
                sex: sex.into(),
                province: "38".into(),
            },
            case(
                d(2026, 3, 10),
                borne,
                vec![report(month, Some(100_000), Reporter::Agency)],
            ),
        )
    };
    // Earnings are 17,000,000 VND each: ratios 1.0, 2.0, 4.0 for Japan, 0.5 for Taiwan.
    let all = vec![
        one(17_000_000, "JP", "female", Some("7212")),
        one(34_000_000, "JP", "male", Some("7212")),
        one(68_000_000, "JP", "female", Some("9333")),
        one(8_500_000, "TW", "female", None),
    ];
    let ind = indicator(&all, Lens::Borne, &book(), today());
    let jp = ind.by_market.iter().find(|r| r.key == "JP").expect("JP");
    assert_eq!(jp.summary.workers, 3);
    assert_eq!(jp.summary.median_bp, 20_000);
    assert_eq!(jp.summary.mean_bp, 23_333);
    assert_eq!(jp.summary.median_cost_vnd, 34_000_000);
    let welders = ind
        .by_corridor
        .iter()
        .find(|r| r.key == ("JP".to_owned(), Some("7212".to_owned())))
        .expect("corridor");
    assert_eq!(welders.summary.workers, 2);
    assert_eq!(welders.summary.median_bp, 15_000);
    let women = ind
        .by_sex
        .iter()
        .find(|r| r.key == "female")
        .expect("women");
    assert_eq!(women.summary.workers, 3);
    // 0.5, 1.0, 4.0
    assert_eq!(women.summary.median_bp, 10_000);
    assert_eq!(ind.overall.map(|s| s.workers), Some(4));
    assert_eq!(ind.by_province.len(), 1);
}

#[test]
fn earnings_are_whole_units_with_thousands_separators_and_a_decimal_part_is_refused() {
    use crate::domain::lifecycle::parse_event;
    let form = |amount: &'static str| {
        move |k: &str| match k {
            "month" => "2026-04".to_owned(),
            "earnings_amount" => amount.to_owned(),
            "earnings_currency" => "EUR".to_owned(),
            _ => String::new(),
        }
    };
    let earned = |amount| match parse_event("monthly_update", &form(amount)) {
        Ok(Event::MonthlyUpdate { earnings, .. }) => earnings.map(|e| e.amount),
        other => panic!("{other:?}"),
    };
    assert_eq!(earned("1.850"), Some(1_850));
    assert_eq!(earned("150 000"), Some(150_000));
    assert_eq!(earned(""), None);
    for decimal in ["1.850,50", "1850.5", "1,850.50"] {
        let errors = parse_event("monthly_update", &form(decimal)).expect_err(decimal);
        assert_eq!(
            errors.first_for("earnings_amount"),
            Some(&crate::domain::forms::Problem::Number),
            "{decimal}"
        );
    }
}

proptest! {
    #[test]
    fn the_median_and_mean_lie_between_the_smallest_and_largest_figure(
        ratios in prop::collection::vec(0i64..1_000_000, 1..40)
    ) {
        let figures: Vec<Measured> = ratios
            .iter()
            .map(|r| Measured { cost_vnd: *r, earnings_vnd: 1, ratio_bp: *r })
            .collect();
        let s = summarise(&figures).expect("non-empty");
        let (lo, hi) = (*ratios.iter().min().unwrap(), *ratios.iter().max().unwrap());
        prop_assert_eq!(s.workers as usize, ratios.len());
        prop_assert!(lo <= s.median_bp && s.median_bp <= hi);
        prop_assert!(lo <= s.mean_bp && s.mean_bp <= hi);
        // Half the figures (or more) lie on each side of the median.
        let below = ratios.iter().filter(|r| **r <= s.median_bp).count();
        let above = ratios.iter().filter(|r| **r >= s.median_bp).count();
        prop_assert!(2 * below >= ratios.len() && 2 * above >= ratios.len());
    }

    #[test]
    fn every_departed_worker_is_either_counted_or_excluded_for_a_reason(
        cases in prop::collection::vec((0i64..100_000_000, prop::option::of(1i64..1_000_000), 0u32..28, 1u32..12), 0..30)
    ) {
        let all: Vec<(Groups, CaseCost)> = cases
            .iter()
            .map(|(borne, amount, day, month)| {
                let departed = d(2026, *month, day + 1);
                let first = first_full_month(departed);
                (
                    Groups { market: "JP".into(), occupation: None, sex: "male".into(), province: "01".into() },
                    case(departed, *borne, vec![report(first, *amount, Reporter::Agency)]),
                )
            })
            .collect();
        let ind = indicator(&all, Lens::Borne, &book(), today());
        let counted = ind.overall.map_or(0, |s| s.workers);
        let left_out: u32 = ind.excluded.iter().map(|(_, n)| n).sum();
        prop_assert_eq!(counted + left_out, all.len() as u32);
        let by_market: u32 = ind.by_market.iter().map(|r| r.summary.workers).sum();
        prop_assert_eq!(by_market, counted);
    }
}
