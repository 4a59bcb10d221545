//! Who may take which step, and the rules of money and deadlines along the way: licences and
//! suspensions, branches, deposits, applicants, lists, terminal states, certificates, amounts
//! and rates. The departure guards and the shared fixtures are in the parent module.

use super::*;

#[test]
fn a_revoked_licence_stops_every_agency_step_towards_departure() {
    let r = rules();
    let f = ready_file();
    let contract = ready_file().contract.expect("contract");
    let visa = ready_file().visa.expect("visa");
    // Every step towards departure the agency takes; DOLAB's list confirmation is not the
    // agency's step.
    let steps = [
        (
            CaseState::Applied,
            Step::Screen {
                health_certificate_no: "SK-123".into(),
                health_certificate_on: d(2026, 11, 1),
                exam_result: "đạt".into(),
                language_level: String::new(),
            },
        ),
        (
            CaseState::Screening,
            Step::Select {
                selected_on: d(2026, 11, 1),
            },
        ),
        (CaseState::Selected, Step::Contract(contract)),
        (
            CaseState::Contracted,
            Step::Train {
                started_on: d(2026, 11, 1),
            },
        ),
        (
            CaseState::Training,
            Step::GrantVisa {
                visa,
                deposit: None,
            },
        ),
        (CaseState::ListConfirmed, departure(d(2026, 11, 20))),
    ];
    let kinds: Vec<StepKind> = steps.iter().map(|(_, step)| step.kind()).collect();
    let towards: Vec<StepKind> = StepKind::ALL
        .into_iter()
        .filter(|k| k.moves_towards_departure() && *k != StepKind::ConfirmList)
        .collect();
    assert_eq!(kinds, towards);
    for (state, step) in steps {
        let kind = step.kind();
        let mut s = situation(&r, &f, state);
        s.agency.licence = LicenceStatus::Revoked;
        assert_eq!(
            refusals(take_step(&s, step)),
            vec![Refusal::LicenceRevoked],
            "{kind:?} from {state:?}"
        );
    }
}

#[test]
fn a_revoked_licence_still_lets_the_agency_close_a_case_abroad() {
    let r = rules();
    let f = ready_file();
    let mut s = situation(&r, &f, CaseState::Departed);
    s.agency.licence = LicenceStatus::Revoked;
    let t = take_step(
        &s,
        Step::EndContract {
            reason: EndReason::Completed,
            ended_on: d(2026, 11, 22),
        },
    )
    .expect("allowed");
    assert_eq!(t.to, CaseState::ContractEnded);
}

#[test]
fn a_market_suspension_refuses_screening_naming_the_market_and_end_date() {
    let r = rules();
    let f = CaseFile::default();
    let mut s = situation(&r, &f, CaseState::Applied);
    s.agency.suspended_until = Some(d(2027, 5, 1));
    let got = refusals(take_step(
        &s,
        Step::Screen {
            health_certificate_no: "x".into(),
            health_certificate_on: d(2026, 11, 1),
            exam_result: "đạt".into(),
            language_level: String::new(),
        },
    ));
    assert_eq!(
        got,
        vec![Refusal::SuspendedInMarket {
            market: "JP".into(),
            until: d(2027, 5, 1)
        }]
    );
}

#[test]
fn a_step_on_an_order_that_is_not_approved_is_refused() {
    let r = rules();
    let f = CaseFile::default();
    let mut s = situation(&r, &f, CaseState::Screening);
    s.order.approved = false;
    assert_eq!(
        refusals(take_step(
            &s,
            Step::Select {
                selected_on: d(2026, 11, 1)
            }
        )),
        vec![Refusal::OrderNotApproved]
    );
}

#[test]
fn a_branch_may_not_sign_the_sending_contract() {
    let r = rules();
    let f = CaseFile::default();
    let mut s = situation(&r, &f, CaseState::Selected);
    s.party = Party::AgencyBranch;
    let contract = ready_file().contract.expect("contract");
    assert_eq!(
        refusals(take_step(&s, Step::Contract(contract))),
        vec![Refusal::BranchMayNotHandleMoney]
    );
}

#[test]
fn a_branch_may_not_take_a_deposit() {
    let r = rules();
    let f = ready_file();
    let mut s = situation(&r, &f, CaseState::Training);
    s.party = Party::AgencyBranch;
    let step = Step::GrantVisa {
        visa: Visa {
            passport_no: "C1234567".into(),
            visa_no: "V".into(),
            granted_on: d(2026, 11, 1),
        },
        deposit: Some(DepositPaid {
            amount_vnd: 1,
            bank: "VBSP".into(),
            account: "1".into(),
            paid_on: d(2026, 11, 2),
        }),
    };
    assert_eq!(
        refusals(take_step(&s, step)),
        vec![Refusal::BranchMayNotHandleMoney]
    );
}

#[test]
fn a_deposit_is_refused_before_the_visa_and_over_the_market_cap() {
    let r = rules();
    let mut f = ready_file();
    if let Some(c) = f.contract.as_mut() {
        c.deposit_vnd = 20_000_000;
    }
    let mut s = situation(&r, &f, CaseState::Training);
    // Taiwan's cap in the test book is 35,000,000; the contract agreed 20,000,000.
    s.order.terms.market = "TW".into();
    s.order.terms.programme = crate::domain::job_orders::Programme::Other;
    let step = Step::GrantVisa {
        visa: Visa {
            passport_no: "C1234567".into(),
            visa_no: "V".into(),
            granted_on: d(2026, 11, 10),
        },
        deposit: Some(DepositPaid {
            amount_vnd: 25_000_000,
            bank: "VBSP".into(),
            account: "1".into(),
            paid_on: d(2026, 11, 5),
        }),
    };
    assert_eq!(
        refusals(take_step(&s, step)),
        vec![
            Refusal::DepositTooEarly,
            Refusal::DepositOverCap {
                cap_vnd: 20_000_000
            }
        ]
    );
}

#[test]
fn a_contract_with_a_deposit_in_a_no_deposit_market_is_refused() {
    let r = rules();
    let f = CaseFile::default();
    let mut contract = ready_file().contract.expect("contract");
    contract.deposit_vnd = 10_000_000;
    assert_eq!(
        refusals(take_step(
            &situation(&r, &f, CaseState::Selected),
            Step::Contract(contract)
        )),
        vec![Refusal::DepositOverCap { cap_vnd: 0 }]
    );
}

#[test]
fn an_applicant_under_eighteen_is_refused() {
    let r = rules();
    let got = application_guards(&r, d(2026, 11, 23), d(2009, 1, 1), &active(), &order());
    assert_eq!(got, vec![Refusal::TooYoung { min_age: 18 }]);
}

#[test]
fn nobody_applies_to_an_order_that_is_not_approved_or_of_a_revoked_agency() {
    let r = rules();
    let mut o = order();
    o.approved = false;
    let agency = AgencyFacts {
        licence: LicenceStatus::Revoked,
        suspended_until: None,
    };
    let got = application_guards(&r, d(2026, 11, 23), d(1995, 1, 1), &agency, &o);
    assert_eq!(
        got,
        vec![Refusal::OrderNotApproved, Refusal::LicenceRevoked]
    );
}

#[test]
fn only_dolab_confirms_a_departure_list_and_a_worker_may_only_withdraw() {
    let r = rules();
    let f = ready_file();
    let mut s = situation(&r, &f, CaseState::VisaGranted);
    assert_eq!(
        refusals(take_step(
            &s,
            Step::ConfirmList {
                confirmed_on: d(2026, 11, 23)
            }
        )),
        vec![Refusal::NotYourStep]
    );
    s.party = Party::Worker;
    assert_eq!(
        refusals(take_step(
            &s,
            Step::ConfirmList {
                confirmed_on: d(2026, 11, 23)
            }
        )),
        vec![Refusal::NotYourStep]
    );
    assert_eq!(
        take_step(
            &s,
            Step::Withdraw {
                note: String::new()
            }
        )
        .map(|t| t.to)
        .expect("worker may withdraw"),
        CaseState::Withdrawn
    );
    s.party = Party::Dolab;
    assert_eq!(
        take_step(
            &s,
            Step::ConfirmList {
                confirmed_on: d(2026, 11, 23)
            }
        )
        .map(|t| t.to)
        .expect("dolab confirms"),
        CaseState::ListConfirmed
    );
}

#[test]
fn not_sent_in_time_is_refused_while_the_window_is_open() {
    let r = rules();
    let f = ready_file();
    let mut s = situation(&r, &f, CaseState::Training);
    s.selected_on = Some(d(2026, 10, 1));
    assert_eq!(
        refusals(take_step(&s, Step::NotSent)),
        vec![Refusal::DepartureWindowOpen {
            deadline: d(2027, 3, 30)
        }]
    );
    s.selected_on = Some(d(2026, 5, 1));
    assert_eq!(
        take_step(&s, Step::NotSent).map(|t| t.to),
        Ok(CaseState::NotSentInTime)
    );
}

#[test]
fn no_step_leaves_a_terminal_state() {
    for state in CaseState::ALL.into_iter().filter(|s| s.is_terminal()) {
        for kind in StepKind::ALL {
            assert_eq!(kind.target(state), None, "{kind:?} from {state:?}");
        }
        assert!(StepKind::offered(state).is_empty());
    }
}

#[test]
fn every_non_terminal_state_has_a_next_step_and_someone_to_take_it() {
    for state in CaseState::ALL.into_iter().filter(|s| !s.is_terminal()) {
        let (who, step) = next_actor(state);
        assert_ne!(who, NextActor::Nobody);
        let step = step.expect("a next step");
        assert!(step.target(state).is_some(), "{step:?} from {state:?}");
    }
}

#[test]
fn a_certificate_needs_the_full_course_and_a_passed_test() {
    let got = parse_event("certificate", &|f| {
        match f {
            "periods" => "60",
            "certificate_no" => "GCN",
            "issued_on" => "2026-11-01",
            "test_passed" => "no",
            _ => "",
        }
        .to_owned()
    });
    let errors = got.expect_err("refused");
    assert_eq!(
        errors.first_for("test_passed"),
        Some(&Problem::TestNotPassed)
    );
    let r = rules();
    let f = ready_file();
    let s = situation(&r, &f, CaseState::Training);
    let short = Event::Certificate(Certificate {
        periods: 60,
        number: "GCN".into(),
        issued_on: d(2026, 11, 1),
    });
    let err = record_event(&s, &short).expect_err("too few periods");
    assert_eq!(
        err.fields.first_for("periods"),
        Some(&Problem::AtLeast { min: 74 })
    );
}

#[test]
fn the_deadlines_follow_the_state() {
    let r = rules();
    let f = ready_file();
    let clocks = Clocks {
        selected_on: Some(d(2026, 6, 1)),
        departed_on: Some(d(2026, 11, 20)),
        ..Clocks::default()
    };
    let before = deadlines(CaseState::Training, &f, &clocks, &r);
    assert_eq!(before[0].kind, DeadlineKind::Departure);
    assert_eq!(before[0].due_on, d(2026, 11, 28));
    let abroad = deadlines(CaseState::Departed, &f, &clocks, &r);
    assert_eq!(
        abroad,
        vec![Deadline {
            kind: DeadlineKind::FirstUpdate,
            due_on: d(2026, 11, 25),
            by: NextActor::Agency
        }]
    );
    let updated = Clocks {
        last_update_month: Some(d(2026, 12, 1)),
        ..clocks
    };
    assert_eq!(
        deadlines(CaseState::Departed, &f, &updated, &r)[0].due_on,
        d(2027, 1, 20)
    );
}

#[test]
fn amounts_accept_thousands_separators_and_refuse_other_text() {
    assert_eq!(parse_vnd("40.000.000"), Ok(40_000_000));
    assert_eq!(parse_vnd("40 000 000"), Ok(40_000_000));
    assert_eq!(parse_vnd("-5"), Err(Problem::Amount));
    assert_eq!(parse_vnd("năm triệu"), Err(Problem::Amount));
}

#[test]
fn a_passport_number_is_upper_cased_without_spaces_and_needs_its_letter() {
    assert_eq!(parse_passport("c 1234567"), Ok("C1234567".into()));
    assert_eq!(parse_passport("1234567"), Err(Problem::Passport));
}

#[test]
fn a_fee_agreed_at_170_yen_keeps_its_cap_at_departure_after_the_rate_falls_to_165() {
    let mut b = book();
    b.0.push(crate::domain::rules::RuleEntry {
        key: RuleKey::VndPerCurrencyUnit,
        scope: "JPY".into(),
        effective_from: d(2026, 9, 1),
        value: 165,
        source: "test".into(),
    });
    let r = rules();
    let mut f = ready_file();
    if let Some(c) = f.contract.as_mut() {
        // 160,000 JPY × 170 × 3 months, the cap on the signing day.
        c.fees.service_vnd = 81_600_000;
    }
    let mut s = situation(&r, &f, CaseState::ListConfirmed);
    s.book = &b;
    assert!(take_step(&s, departure(d(2026, 11, 20))).is_ok());
    // Judged at today's 165, the same fee would be over the cap: the rate it keeps matters.
    let mut at_165 = f.clone();
    if let Some(c) = at_165.contract.as_mut() {
        c.vnd_per_unit = 165;
    }
    let mut s = situation(&r, &at_165, CaseState::ListConfirmed);
    s.book = &b;
    assert_eq!(
        refusals(take_step(&s, departure(d(2026, 11, 20)))),
        vec![Refusal::FeeOverCap {
            cap_vnd: 79_200_000,
            charged_vnd: 81_600_000
        }]
    );
}

#[test]
fn a_contract_in_a_currency_with_no_rate_is_refused_naming_the_rate() {
    let r = rules();
    let f = CaseFile::default();
    let mut s = situation(&r, &f, CaseState::Selected);
    s.order.terms.wage_currency = "CHF".into();
    let contract = ready_file().contract.expect("contract");
    assert_eq!(
        refusals(take_step(&s, Step::Contract(contract))),
        vec![Refusal::MissingRule {
            key: RuleKey::VndPerCurrencyUnit,
            scope: "CHF".into()
        }]
    );
}

#[test]
fn the_contract_records_the_rate_of_its_signing_day() {
    let r = rules();
    let f = CaseFile::default();
    let s = situation(&r, &f, CaseState::Selected);
    let mut contract = ready_file().contract.expect("contract");
    contract.vnd_per_unit = 0;
    let t = take_step(&s, Step::Contract(contract)).expect("allowed");
    assert_eq!(t.file.contract.map(|c| c.vnd_per_unit), Some(170));
}

#[test]
fn monthly_updates_stay_due_after_the_contract_ends_until_liquidation() {
    let r = rules();
    let f = ready_file();
    let clocks = Clocks {
        departed_on: Some(d(2026, 1, 10)),
        ended_on: Some(d(2026, 11, 1)),
        last_update_month: Some(d(2026, 10, 1)),
        ..Clocks::default()
    };
    for state in [CaseState::ContractEnded, CaseState::LiquidationPending] {
        let kinds: Vec<DeadlineKind> = deadlines(state, &f, &clocks, &r)
            .into_iter()
            .map(|d| d.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![DeadlineKind::MonthlyUpdate, DeadlineKind::Liquidation],
            "{state:?}"
        );
    }
    assert!(deadlines(CaseState::Liquidated, &f, &clocks, &r).is_empty());
}

#[test]
fn a_worker_not_sent_in_time_is_owed_a_refund_within_fifteen_days_until_it_is_recorded() {
    let r = rules();
    let mut f = CaseFile::default();
    let clocks = Clocks {
        ended_on: Some(d(2026, 11, 1)),
        ..Clocks::default()
    };
    let due = deadlines(CaseState::NotSentInTime, &f, &clocks, &r);
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].kind, due[0].due_on, due[0].by),
        (
            DeadlineKind::NotSentRefund,
            d(2026, 11, 16),
            NextActor::Agency
        )
    );
    let mut s = situation(&r, &f, CaseState::NotSentInTime);
    s.today = d(2026, 11, 10);
    let event = Event::Refunded {
        on: d(2026, 11, 10),
        note: "Trả hộ chiếu, tiền dịch vụ, tiền Quỹ".into(),
    };
    f = record_event(&s, &event).expect("recorded");
    assert!(deadlines(CaseState::NotSentInTime, &f, &clocks, &r).is_empty());
    let s = situation(&r, &f, CaseState::NotSentInTime);
    assert!(record_event(&s, &event).is_err(), "recorded once");
}
