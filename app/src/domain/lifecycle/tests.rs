//! The state machine's guards, each shown refusing with the value its user reads.

use super::*;
use crate::domain::rules::tests::{book, d};

mod steps;

fn rules() -> Rules {
    book().on(d(2026, 11, 23)).expect("rules")
}

static BOOK: std::sync::LazyLock<crate::domain::rules::RuleBook> = std::sync::LazyLock::new(book);

fn order() -> OrderFacts {
    OrderFacts {
        approved: true,
        market: "JP".into(),
        term_months: 36,
        wage_vnd: Some(27_200_000),
        terms: crate::domain::money::OrderTerms {
            market: "JP".into(),
            programme: crate::domain::job_orders::Programme::TechnicalIntern,
            form: crate::domain::job_orders::SendingForm::LicensedAgency,
            occupation_code: Some("7212".into()),
            term_months: 36,
            wage_amount: 160_000,
            wage_currency: "JPY".into(),
        },
    }
}

fn active() -> AgencyFacts {
    AgencyFacts {
        licence: LicenceStatus::Active,
        suspended_until: None,
    }
}

fn ready_file() -> CaseFile {
    CaseFile {
        health_certificate_no: Some("SK-123".into()),
        health_certificate_on: Some(d(2026, 5, 1)),
        contract: Some(SendingContract {
            number: "HĐ-01".into(),
            signed_on: d(2026, 6, 1),
            fees: Fees {
                service_vnd: 40_000_000,
                ..Fees::default()
            },
            deposit_vnd: 0,
            guarantor: None,
            vnd_per_unit: 170,
            partner_share_vnd: 0,
        }),
        training_started_on: Some(d(2026, 6, 10)),
        certificate: Some(Certificate {
            periods: 74,
            number: "GCN-1".into(),
            issued_on: d(2026, 8, 1),
        }),
        visa: Some(Visa {
            passport_no: "C1234567".into(),
            visa_no: "V-9".into(),
            granted_on: d(2026, 10, 1),
        }),
        list_confirmed_on: Some(d(2026, 11, 2)),
        ..CaseFile::default()
    }
}

fn situation<'a>(rules: &'a Rules, file: &'a CaseFile, state: CaseState) -> Situation<'a> {
    Situation {
        today: d(2026, 11, 23),
        rules,
        book: &BOOK,
        party: Party::AgencyHeadOffice,
        state,
        file,
        applied_on: d(2026, 3, 1),
        selected_on: Some(d(2026, 6, 1)),
        departure_list_confirmed: true,
        agency: active(),
        order: order(),
    }
}

fn departure(exit: NaiveDate) -> Step {
    Step::Depart(Departure {
        exit_on: exit,
        fund_paid_on: exit - chrono::TimeDelta::days(5),
        workplace: "Aichi".into(),
    })
}

fn refusals(r: Result<Transition, StepError>) -> Vec<Refusal> {
    r.expect_err("the step should be refused").refusals
}

#[test]
fn a_ready_case_departs_and_records_the_exit_date() {
    let r = rules();
    let f = ready_file();
    let t = take_step(
        &situation(&r, &f, CaseState::ListConfirmed),
        departure(d(2026, 11, 20)),
    )
    .expect("departure allowed");
    assert_eq!(t.to, CaseState::Departed);
    assert_eq!(t.departed_on, Some(d(2026, 11, 20)));
}

#[test]
fn departure_is_refused_without_a_certificate() {
    let r = rules();
    let mut f = ready_file();
    f.certificate = None;
    let got = refusals(take_step(
        &situation(&r, &f, CaseState::ListConfirmed),
        departure(d(2026, 11, 20)),
    ));
    assert_eq!(got, vec![Refusal::NoCertificate]);
}

#[test]
fn departure_is_refused_when_the_certificate_expired() {
    let r = rules();
    let mut f = ready_file();
    f.certificate = Some(Certificate {
        periods: 74,
        number: "old".into(),
        issued_on: d(2024, 11, 1),
    });
    let got = refusals(take_step(
        &situation(&r, &f, CaseState::ListConfirmed),
        departure(d(2026, 11, 20)),
    ));
    assert_eq!(
        got,
        vec![Refusal::CertificateExpired {
            expired_on: d(2026, 10, 31)
        }]
    );
}

#[test]
fn departure_is_refused_without_health_certificate_passport_or_visa() {
    let r = rules();
    let mut f = ready_file();
    f.health_certificate_no = None;
    f.visa = None;
    let got = refusals(take_step(
        &situation(&r, &f, CaseState::ListConfirmed),
        departure(d(2026, 11, 20)),
    ));
    assert_eq!(
        got,
        vec![
            Refusal::NoHealthCertificate,
            Refusal::NoPassport,
            Refusal::NoVisa
        ]
    );
}

#[test]
fn departure_is_refused_when_the_fund_was_paid_less_than_three_days_before_exit() {
    let r = rules();
    let f = ready_file();
    let step = Step::Depart(Departure {
        exit_on: d(2026, 11, 20),
        fund_paid_on: d(2026, 11, 18),
        workplace: "Aichi".into(),
    });
    let got = refusals(take_step(
        &situation(&r, &f, CaseState::ListConfirmed),
        step,
    ));
    assert_eq!(
        got,
        vec![Refusal::FundPaidTooLate {
            latest: d(2026, 11, 17)
        }]
    );
}

#[test]
fn departure_is_refused_without_a_confirmed_departure_list() {
    let r = rules();
    let f = ready_file();
    let mut s = situation(&r, &f, CaseState::ListConfirmed);
    s.departure_list_confirmed = false;
    assert_eq!(
        refusals(take_step(&s, departure(d(2026, 11, 20)))),
        vec![Refusal::ListNotConfirmed]
    );
}

#[test]
fn departure_is_refused_after_the_180_day_window_from_selection() {
    let r = rules();
    let f = ready_file();
    let mut s = situation(&r, &f, CaseState::ListConfirmed);
    s.selected_on = Some(d(2026, 5, 1));
    assert_eq!(
        refusals(take_step(&s, departure(d(2026, 11, 20)))),
        vec![Refusal::DepartureWindowPassed {
            deadline: d(2026, 10, 28)
        }]
    );
}

#[test]
fn departure_is_refused_when_the_service_fee_is_over_the_cap() {
    let r = rules();
    let mut f = ready_file();
    if let Some(c) = f.contract.as_mut() {
        c.fees.service_vnd = 90_000_000;
    }
    assert_eq!(
        refusals(take_step(
            &situation(&r, &f, CaseState::ListConfirmed),
            departure(d(2026, 11, 20))
        )),
        vec![Refusal::FeeOverCap {
            cap_vnd: 81_600_000,
            charged_vnd: 90_000_000
        }]
    );
}

#[test]
fn a_departure_before_the_list_is_confirmed_cannot_follow_from_visa_granted() {
    let r = rules();
    let f = ready_file();
    assert_eq!(
        refusals(take_step(
            &situation(&r, &f, CaseState::VisaGranted),
            departure(d(2026, 11, 20))
        )),
        vec![Refusal::NotFromState {
            state: CaseState::VisaGranted
        }]
    );
}
