use super::*;
use crate::domain::rules::RuleEntry;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
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

fn book() -> RuleBook {
    let from = d(2020, 1, 1);
    RuleBook(vec![
        rule(RuleKey::DemandDepositRateBps, "VBSP", d(2025, 1, 1), 10),
        rule(RuleKey::FundSupportMinVnd, "CLOSURE", from, 7_000_000),
        rule(RuleKey::FundSupportMaxVnd, "CLOSURE", from, 20_000_000),
        rule(RuleKey::FundSupportMinVnd, "ILLNESS", from, 10_000_000),
        rule(RuleKey::FundSupportMaxVnd, "ILLNESS", from, 30_000_000),
        rule(RuleKey::FundSupportMinVnd, "ACCIDENT", from, 10_000_000),
        rule(RuleKey::FundSupportMaxVnd, "ACCIDENT", from, 30_000_000),
        rule(RuleKey::FundSupportMinVnd, "ABUSE", from, 7_000_000),
        rule(RuleKey::FundSupportMaxVnd, "ABUSE", from, 20_000_000),
        rule(RuleKey::FundSupportMinVnd, "DEATH", from, 40_000_000),
        rule(RuleKey::FundSupportMaxVnd, "DEATH", from, 40_000_000),
    ])
}

fn fee(amount: i64, on: NaiveDate) -> Paid {
    Paid {
        entry_id: 1,
        kind: PaymentKind::ServiceFee,
        paid_on: on,
        amount_vnd: amount,
    }
}

fn deposit(amount: i64, on: NaiveDate) -> Paid {
    Paid {
        entry_id: 2,
        kind: PaymentKind::Deposit,
        paid_on: on,
        amount_vnd: amount,
    }
}

/// The worked example: 36 months, a 40,000,000 fee paid on 2026-01-10, departure on
/// 2026-03-01, back on 2027-03-01 because the employer closed, settled on 2027-03-15.
fn worked_example() -> Inputs {
    Inputs {
        reason: EndReason::EarlyReturnNotAtFault,
        cause: Some(Cause::EmployerClosure),
        term_months: 36,
        departed_on: Some(d(2026, 3, 1)),
        ended_on: d(2027, 3, 1),
        settle_on: d(2027, 3, 15),
        paid: vec![fee(40_000_000, d(2026, 1, 10))],
        deposits: vec![deposit(100_000_000, d(2026, 2, 1))],
        rates: Rates::of(&book(), "VBSP"),
        damages_vnd: 0,
        forfeits_deposit_on_overstay: false,
    }
}

fn line(c: &Computed, kind: LineKind) -> &Line {
    c.lines
        .iter()
        .find(|l| l.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} line in {c:?}"))
}

#[test]
fn the_worked_example_refunds_two_thirds_of_the_fee_rounded_up_with_interest() {
    let c = compute(&book(), &worked_example()).expect("computed");
    let refund = line(&c, LineKind::FeeRefund);
    // 40,000,000 × 24/36 = 26,666,666.67, rounded up in the worker's favour.
    assert_eq!(refund.amount_vnd, 26_666_667);
    assert_eq!(
        refund.basis,
        Basis::ProRata {
            paid_vnd: 40_000_000,
            remaining_months: 24,
            term_months: 36
        }
    );
    // 429 days (2026-01-10 to 2027-03-15) at 0.10%: 26,666,667 × 0.001 × 429 / 365 = 31,342.47.
    assert_eq!(line(&c, LineKind::FeeRefundInterest).amount_vnd, 31_343);
    // The deposit in full, with 407 days of interest: 100,000,000 × 0.001 × 407 / 365 = 111,506.85.
    assert_eq!(line(&c, LineKind::DepositRelease).amount_vnd, 100_000_000);
    assert_eq!(line(&c, LineKind::DepositInterest).amount_vnd, 111_507);
    assert_eq!(
        c.fund,
        Some(FundRange {
            cause: Cause::EmployerClosure,
            min_vnd: 7_000_000,
            max_vnd: 20_000_000
        })
    );
    assert_eq!(c.total_vnd, 26_666_667 + 31_343 + 100_000_000 + 111_507);
}

#[test]
fn interest_follows_each_rate_period_and_counts_actual_days() {
    let mut b = book();
    b.0.push(rule(
        RuleKey::DemandDepositRateBps,
        "VBSP",
        d(2026, 7, 1),
        20,
    ));
    let rates = Rates::of(&b, "VBSP");
    let (amount, periods) = interest(36_500_000, d(2026, 6, 21), d(2026, 7, 11), &rates).unwrap();
    // 10 days at 0.10% and 10 days at 0.20% of 36,500,000: 1,000 + 2,000.
    assert_eq!(amount, 3_000);
    assert_eq!(periods.len(), 2);
    assert_eq!((periods[0].days, periods[0].bps), (10, 10));
    assert_eq!((periods[1].days, periods[1].bps), (10, 20));
}

#[test]
fn interest_before_any_rate_of_the_bank_is_a_missing_rule() {
    let rates = Rates::of(&book(), "VBSP");
    let err = interest(1_000_000, d(2024, 6, 1), d(2026, 1, 1), &rates).unwrap_err();
    assert_eq!(err.key, RuleKey::DemandDepositRateBps);
    assert_eq!(err.scope, "VBSP");
    let other = Rates::of(&book(), "VCB");
    assert!(interest(1_000_000, d(2026, 1, 1), d(2026, 2, 1), &other).is_err());
}

#[test]
fn a_later_rate_does_not_change_interest_for_days_already_past_it() {
    let before = compute(&book(), &worked_example()).unwrap();
    let mut b = book();
    b.0.push(rule(
        RuleKey::DemandDepositRateBps,
        "VBSP",
        d(2027, 6, 1),
        50,
    ));
    let after = compute(&b, &worked_example()).unwrap();
    assert_eq!(before, after);
}

#[test]
fn completed_contracts_give_back_the_deposit_with_interest_and_no_fee() {
    let mut i = worked_example();
    i.reason = EndReason::Completed;
    i.cause = None;
    let c = compute(&book(), &i).unwrap();
    assert!(c.lines.iter().all(|l| l.kind != LineKind::FeeRefund));
    assert_eq!(line(&c, LineKind::DepositRelease).amount_vnd, 100_000_000);
    assert_eq!(c.fund, None);
}

#[test]
fn an_early_return_not_at_fault_needs_its_cause() {
    let mut i = worked_example();
    i.cause = None;
    match compute(&book(), &i) {
        Err(ComputeError::Fields(e)) => assert!(e.0.iter().any(|f| f.field == "cause")),
        other => panic!("{other:?}"),
    }
    i.cause = Some(Cause::Death);
    assert!(matches!(compute(&book(), &i), Err(ComputeError::Fields(_))));
}

#[test]
fn illness_and_death_have_their_fund_ranges_and_force_majeure_none() {
    let mut i = worked_example();
    i.cause = Some(Cause::Illness);
    let c = compute(&book(), &i).unwrap();
    assert_eq!(
        c.fund.map(|f| (f.min_vnd, f.max_vnd)),
        Some((10_000_000, 30_000_000))
    );
    i.cause = Some(Cause::ForceMajeure);
    assert_eq!(compute(&book(), &i).unwrap().fund, None);
    i.reason = EndReason::DeceasedOrMissing;
    i.cause = Some(Cause::Death);
    let c = compute(&book(), &i).unwrap();
    assert_eq!(
        c.fund.map(|f| (f.min_vnd, f.max_vnd)),
        Some((40_000_000, 40_000_000))
    );
    assert_eq!(line(&c, LineKind::FeeRefund).amount_vnd, 26_666_667);
}

#[test]
fn at_fault_returns_keep_proven_damages_from_the_deposit_and_the_rest_is_owed() {
    let mut i = worked_example();
    i.reason = EndReason::EarlyReturnAtFault;
    i.cause = None;
    i.damages_vnd = 30_000_000;
    let c = compute(&book(), &i).unwrap();
    assert!(c.lines.iter().all(|l| l.kind != LineKind::FeeRefund));
    assert_eq!(line(&c, LineKind::DepositOffset).amount_vnd, 30_000_000);
    assert_eq!(c.total_vnd, 100_000_000 + 111_507 - 30_000_000);
    i.damages_vnd = 150_000_000;
    let c = compute(&book(), &i).unwrap();
    assert_eq!(line(&c, LineKind::DepositOffset).amount_vnd, 100_111_507);
    assert_eq!(line(&c, LineKind::DamagesOwed).amount_vnd, 49_888_493);
    assert_eq!(c.total_vnd, -49_888_493);
}

#[test]
fn damages_are_refused_where_the_worker_was_not_at_fault() {
    let mut i = worked_example();
    i.damages_vnd = 1_000_000;
    match compute(&book(), &i) {
        Err(ComputeError::Fields(e)) => assert!(e.0.iter().any(|f| f.field == "damages_vnd")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_eps_worker_who_overstays_forfeits_the_deposit() {
    let mut i = worked_example();
    i.reason = EndReason::Overstayed;
    i.cause = None;
    i.forfeits_deposit_on_overstay = true;
    let c = compute(&book(), &i).unwrap();
    assert_eq!(line(&c, LineKind::DepositForfeited).amount_vnd, 100_111_507);
    assert_eq!(c.total_vnd, 0);
    i.forfeits_deposit_on_overstay = false;
    assert_eq!(compute(&book(), &i).unwrap().total_vnd, 100_111_507);
}

#[test]
fn absconding_keeps_damages_like_any_fault() {
    let mut i = worked_example();
    i.reason = EndReason::Absconded;
    i.cause = None;
    i.damages_vnd = 5_000_000;
    let c = compute(&book(), &i).unwrap();
    assert_eq!(line(&c, LineKind::DepositOffset).amount_vnd, 5_000_000);
}

#[test]
fn extended_and_transferred_contracts_give_the_deposit_back() {
    for reason in [EndReason::Extended, EndReason::Transferred] {
        let mut i = worked_example();
        i.reason = reason;
        i.cause = None;
        let c = compute(&book(), &i).unwrap();
        assert_eq!(c.total_vnd, 100_111_507, "{reason:?}");
    }
}

#[test]
fn not_sent_in_time_pays_back_fee_fund_visa_and_air_in_full_and_the_deposit() {
    let mut i = worked_example();
    i.reason = EndReason::NotSentWithin180Days;
    i.cause = None;
    i.departed_on = None;
    i.paid.push(Paid {
        entry_id: 3,
        kind: PaymentKind::Fund,
        paid_on: d(2026, 1, 10),
        amount_vnd: 100_000,
    });
    i.paid.push(Paid {
        entry_id: 4,
        kind: PaymentKind::HealthCheck,
        paid_on: d(2026, 1, 10),
        amount_vnd: 7_000_000,
    });
    let c = compute(&book(), &i).unwrap();
    let back: Vec<_> = c
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::CostRefund)
        .map(|l| (l.item, l.amount_vnd))
        .collect();
    assert_eq!(
        back,
        vec![
            (Some(PaymentKind::ServiceFee), 40_000_000),
            (Some(PaymentKind::Fund), 100_000)
        ]
    );
    assert_eq!(c.total_vnd, 40_100_000 + 100_111_507);
}

#[test]
fn a_rejected_or_cancelled_worker_gets_the_service_fee_back() {
    for reason in [
        EndReason::FailedExam,
        EndReason::FailedHealthCheck,
        EndReason::VisaRefused,
        EndReason::ForceMajeure,
    ] {
        let mut i = worked_example();
        i.reason = reason;
        i.cause = None;
        i.departed_on = None;
        let c = compute(&book(), &i).unwrap();
        assert_eq!(
            line(&c, LineKind::CostRefund).amount_vnd,
            40_000_000,
            "{reason:?}"
        );
    }
}

#[test]
fn a_worker_who_withdraws_bears_the_costs_and_gets_the_deposit_back_less_damages() {
    let mut i = worked_example();
    i.reason = EndReason::WithdrawnByWorker;
    i.cause = None;
    i.departed_on = None;
    i.damages_vnd = 2_000_000;
    let c = compute(&book(), &i).unwrap();
    assert!(c.lines.iter().all(|l| l.kind != LineKind::CostRefund));
    assert_eq!(c.total_vnd, 100_111_507 - 2_000_000);
}

#[test]
fn the_settlement_day_may_not_be_before_the_end() {
    let mut i = worked_example();
    i.settle_on = d(2027, 2, 1);
    assert!(matches!(compute(&book(), &i), Err(ComputeError::Fields(_))));
}

#[test]
fn months_worked_are_counted_down() {
    assert_eq!(whole_months(d(2026, 3, 1), d(2027, 3, 1)), 12);
    assert_eq!(whole_months(d(2026, 3, 1), d(2027, 2, 28)), 11);
    assert_eq!(whole_months(d(2026, 1, 31), d(2026, 2, 28)), 1);
    assert_eq!(whole_months(d(2026, 3, 1), d(2026, 3, 1)), 0);
}

#[test]
fn banks_are_found_by_the_names_agencies_write() {
    assert_eq!(bank_scope("Ngân hàng Chính sách xã hội"), "VBSP");
    assert_eq!(bank_scope("Vietcombank chi nhánh Hà Nội"), "VCB");
    assert_eq!(bank_scope("Techcombank"), "TECHCOMB");
    assert_eq!(bank_scope("  "), "");
}

fn computed() -> Computed {
    compute(&book(), &worked_example()).unwrap()
}

#[test]
fn the_agency_may_record_another_amount_only_with_its_reason() {
    let c = computed();
    let err = record_lines(&c, &|k: &str| {
        if k == "amount_0" {
            "20.000.000".into()
        } else {
            String::new()
        }
    })
    .unwrap_err();
    assert!(err.0.iter().any(|f| f.field == "reason_0"));
    let ok = record_lines(&c, &|k: &str| match k {
        "amount_0" => "20.000.000".into(),
        "reason_0" => "Đã trả trước một phần".into(),
        _ => String::new(),
    })
    .unwrap();
    assert_eq!(ok[0].recorded_vnd, 20_000_000);
    assert_eq!(ok[1].recorded_vnd, c.lines[1].amount_vnd);
    assert_eq!(recorded_total(&ok), c.total_vnd - (26_666_667 - 20_000_000));
}

#[test]
fn the_deposit_given_back_goes_to_the_ledger_at_most_as_held() {
    let c = computed();
    let lines = record_lines(&c, &|_: &str| String::new()).unwrap();
    assert_eq!(deposit_moves(&lines, 100_000_000), (100_000_000, 0));
    assert_eq!(deposit_moves(&lines, 60_000_000), (60_000_000, 0));
}

#[test]
fn liquidation_waits_for_a_recorded_settlement_and_for_the_worker_after_a_dispute() {
    assert_eq!(may_liquidate(None), Err(Refusal::SettlementMissing));
    let s = |latest_answer, ever_disputed| {
        Some(Standing {
            latest_answer,
            ever_disputed,
        })
    };
    assert_eq!(may_liquidate(s(None, false)), Ok(()));
    assert_eq!(may_liquidate(s(Some(Answer::Confirmed), false)), Ok(()));
    assert_eq!(
        may_liquidate(s(Some(Answer::Disputed), true)),
        Err(Refusal::SettlementDisputed)
    );
    assert_eq!(
        may_liquidate(s(None, true)),
        Err(Refusal::SettlementDisputed)
    );
    assert_eq!(may_liquidate(s(Some(Answer::Confirmed), true)), Ok(()));
}

fn any_reason() -> impl Strategy<Value = EndReason> {
    prop::sample::select(vec![
        EndReason::Completed,
        EndReason::EarlyReturnNotAtFault,
        EndReason::EarlyReturnAtFault,
        EndReason::Absconded,
        EndReason::Overstayed,
        EndReason::DeceasedOrMissing,
        EndReason::Extended,
        EndReason::Transferred,
        EndReason::WithdrawnByWorker,
        EndReason::NotSentWithin180Days,
        EndReason::FailedExam,
        EndReason::VisaRefused,
        EndReason::ForceMajeure,
    ])
}

proptest! {
    #[test]
    fn refunds_never_exceed_what_was_paid_interest_is_never_negative_and_lines_add_up(
        reason in any_reason(),
        term in 1u32..=60,
        worked_days in 0i64..2000,
        fees in prop::collection::vec((1i64..200_000_000, 0i64..400), 0..4),
        deposit_vnd in 0i64..300_000_000,
        damages in 0i64..400_000_000,
        settle_after in 0i64..800,
        forfeits in any::<bool>(),
    ) {
        let departed = d(2026, 3, 1);
        let ended = departed + chrono::TimeDelta::days(worked_days);
        let paid: Vec<Paid> = fees
            .iter()
            .enumerate()
            .map(|(n, (amount, before))| Paid {
                entry_id: i32::try_from(n).unwrap_or(0),
                kind: PaymentKind::ServiceFee,
                paid_on: departed - chrono::TimeDelta::days(*before),
                amount_vnd: *amount,
            })
            .collect();
        let i = Inputs {
            reason,
            cause: Cause::for_reason(reason).first().copied(),
            term_months: term,
            departed_on: Some(departed),
            ended_on: ended,
            settle_on: ended + chrono::TimeDelta::days(settle_after),
            paid: paid.clone(),
            deposits: vec![deposit(deposit_vnd, departed - chrono::TimeDelta::days(30))],
            rates: Rates::of(&book(), "VBSP"),
            damages_vnd: if allows_damages(reason) { damages } else { 0 },
            forfeits_deposit_on_overstay: forfeits,
        };
        let c = compute(&book(), &i).expect("computed");
        let paid_fees: i64 = paid.iter().map(|p| p.amount_vnd).sum();
        let refunded: i64 = c
            .lines
            .iter()
            .filter(|l| matches!(l.kind, LineKind::FeeRefund | LineKind::CostRefund))
            .map(|l| l.amount_vnd)
            .sum();
        prop_assert!(refunded <= paid_fees);
        for p in &paid {
            let back: i64 = c
                .lines
                .iter()
                .filter(|l| {
                    l.entry_id == Some(p.entry_id)
                        && matches!(l.kind, LineKind::FeeRefund | LineKind::CostRefund)
                })
                .map(|l| l.amount_vnd)
                .sum();
            prop_assert!(back <= p.amount_vnd);
        }
        prop_assert!(c.lines.iter().all(|l| l.amount_vnd >= 0));
        prop_assert_eq!(c.total_vnd, c.lines.iter().map(Line::signed).sum::<i64>());
        // What leaves the deposit is never more than it holds with its interest.
        let held: i64 = c
            .lines
            .iter()
            .filter(|l| matches!(l.kind, LineKind::DepositRelease | LineKind::DepositInterest))
            .map(|l| l.amount_vnd)
            .sum();
        let kept: i64 = c
            .lines
            .iter()
            .filter(|l| matches!(l.kind, LineKind::DepositOffset | LineKind::DepositForfeited))
            .map(|l| l.amount_vnd)
            .sum();
        prop_assert!(kept <= held);
        let recorded = record_lines(&c, &|_: &str| String::new()).expect("as computed");
        prop_assert_eq!(recorded_total(&recorded), c.total_vnd);
    }
}
