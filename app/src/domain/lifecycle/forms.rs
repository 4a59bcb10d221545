//! Reading the step and event forms, and a person entered by an agency, into typed values.

#[allow(unused_imports)]
use super::*;

/// Text of a required field, trimmed and at most `max` characters.
pub fn required_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, Problem::Required);
    } else if v.chars().count() > max {
        errors.add(field, Problem::TooLong { max });
    }
    v.to_owned()
}

pub fn optional_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.chars().count() > max {
        errors.add(field, Problem::TooLong { max });
    }
    v.to_owned()
}

/// A whole, non-negative amount of VND; spaces, dots and commas as thousands separators are fine.
pub fn parse_vnd(input: &str) -> Result<i64, Problem> {
    let digits: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | ',' | '\u{a0}'))
        .collect();
    if digits.is_empty() {
        return Err(Problem::Required);
    }
    if digits.len() > 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Problem::Amount);
    }
    digits.parse().map_err(|_| Problem::Amount)
}

/// An optional amount: empty means zero.
pub fn parse_vnd_or_zero(input: &str) -> Result<i64, Problem> {
    if input.trim().is_empty() {
        Ok(0)
    } else {
        parse_vnd(input)
    }
}

pub fn parse_count(input: &str, max: u32) -> Result<u32, Problem> {
    let v = input.trim();
    if v.is_empty() {
        return Err(Problem::Required);
    }
    match v.parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(Problem::Number),
    }
}

/// A Vietnamese passport number: one letter and seven digits (C1234567), validated loosely.
pub fn parse_passport(input: &str) -> Result<String, Problem> {
    let v: String = input
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if v.is_empty() {
        return Err(Problem::Required);
    }
    let mut chars = v.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && v.len() == 8
        && chars.all(|c| c.is_ascii_digit());
    if ok {
        Ok(v)
    } else {
        Err(Problem::Passport)
    }
}

/// A month as typed in `<input type="month">`: `2026-11`.
pub fn parse_month(input: &str) -> Result<NaiveDate, Problem> {
    let v = input.trim();
    if v.is_empty() {
        return Err(Problem::Required);
    }
    NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d").map_err(|_| Problem::Month)
}

/// Parses the form of a step. `get` reads a field by name.
pub fn parse_step(kind: StepKind, get: &dyn Fn(&str) -> String) -> Result<Step, FieldErrors> {
    let mut e = FieldErrors::default();
    let date = |e: &mut FieldErrors, f: &str| e.check(f, parse_date(&get(f)));
    let vnd = |e: &mut FieldErrors, f: &str| e.check(f, parse_vnd_or_zero(&get(f)));
    let step = match kind {
        StepKind::Screen => {
            let no = required_text(
                &mut e,
                "health_certificate_no",
                &get("health_certificate_no"),
                64,
            );
            let on = date(&mut e, "health_certificate_on");
            let exam = required_text(&mut e, "exam_result", &get("exam_result"), 200);
            let lang = optional_text(&mut e, "language_level", &get("language_level"), 64);
            on.map(|on| Step::Screen {
                health_certificate_no: no,
                health_certificate_on: on,
                exam_result: exam,
                language_level: lang,
            })
        }
        StepKind::Select => date(&mut e, "selected_on").map(|d| Step::Select { selected_on: d }),
        StepKind::Contract => {
            let number = required_text(&mut e, "contract_no", &get("contract_no"), 64);
            let signed = date(&mut e, "signed_on");
            let service = e.check("service_fee_vnd", parse_vnd(&get("service_fee_vnd")));
            let training = vnd(&mut e, "training_fee_vnd");
            let visa = vnd(&mut e, "visa_fee_vnd");
            let airfare = vnd(&mut e, "airfare_vnd");
            let other = vnd(&mut e, "other_fee_vnd");
            let deposit = vnd(&mut e, "deposit_vnd");
            let partner = vnd(&mut e, "partner_share_vnd");
            let guarantor = optional_text(&mut e, "guarantor", &get("guarantor"), 200);
            match (
                signed, service, training, visa, airfare, other, deposit, partner,
            ) {
                (
                    Some(s),
                    Some(sv),
                    Some(tr),
                    Some(vi),
                    Some(ai),
                    Some(ot),
                    Some(dp),
                    Some(partner),
                ) => {
                    Some(Step::Contract(SendingContract {
                        number,
                        signed_on: s,
                        fees: Fees {
                            service_vnd: sv,
                            training_vnd: tr,
                            visa_vnd: vi,
                            airfare_vnd: ai,
                            other_vnd: ot,
                        },
                        deposit_vnd: dp,
                        guarantor: Some(guarantor).filter(|g| !g.is_empty()),
                        // Set by the contract step from the rule book of the signing day.
                        vnd_per_unit: 0,
                        partner_share_vnd: partner,
                    }))
                }
                _ => None,
            }
        }
        StepKind::Train => date(&mut e, "started_on").map(|d| Step::Train { started_on: d }),
        StepKind::GrantVisa => {
            let passport = e.check("passport_no", parse_passport(&get("passport_no")));
            let visa_no = required_text(&mut e, "visa_no", &get("visa_no"), 64);
            let granted = date(&mut e, "granted_on");
            let amount = vnd(&mut e, "deposit_vnd");
            let deposit = match amount {
                Some(a) if a > 0 => {
                    let bank = required_text(&mut e, "deposit_bank", &get("deposit_bank"), 120);
                    let account =
                        required_text(&mut e, "deposit_account", &get("deposit_account"), 64);
                    date(&mut e, "deposit_paid_on").map(|paid_on| {
                        Some(DepositPaid {
                            amount_vnd: a,
                            bank,
                            account,
                            paid_on,
                        })
                    })
                }
                Some(_) => Some(None),
                None => None,
            };
            match (passport, granted, deposit) {
                (Some(p), Some(g), Some(deposit)) => Some(Step::GrantVisa {
                    visa: Visa {
                        passport_no: p,
                        visa_no,
                        granted_on: g,
                    },
                    deposit,
                }),
                _ => None,
            }
        }
        StepKind::ConfirmList => {
            date(&mut e, "confirmed_on").map(|d| Step::ConfirmList { confirmed_on: d })
        }
        StepKind::Depart => {
            let exit = date(&mut e, "exit_on");
            let fund = date(&mut e, "fund_paid_on");
            let workplace = required_text(&mut e, "workplace", &get("workplace"), 200);
            match (exit, fund) {
                (Some(x), Some(f)) => Some(Step::Depart(Departure {
                    exit_on: x,
                    fund_paid_on: f,
                    workplace,
                })),
                _ => None,
            }
        }
        StepKind::EndContract => {
            let reason = e.check(
                "reason",
                EndReason::parse(&get("reason")).ok_or(Problem::Choice),
            );
            let ended = date(&mut e, "ended_on");
            match (reason, ended) {
                (Some(r), Some(d)) => Some(Step::EndContract {
                    reason: r,
                    ended_on: d,
                }),
                _ => None,
            }
        }
        StepKind::StartLiquidation => {
            let refund = vnd(&mut e, "fee_refund_vnd");
            let released = vnd(&mut e, "deposit_released_vnd");
            let damages = vnd(&mut e, "damages_vnd");
            match (refund, released, damages) {
                (Some(r), Some(d), Some(g)) => Some(Step::StartLiquidation(Settlement {
                    fee_refund_vnd: r,
                    deposit_released_vnd: d,
                    damages_vnd: g,
                })),
                _ => None,
            }
        }
        StepKind::Liquidate => {
            let on = date(&mut e, "liquidated_on");
            let note = optional_text(&mut e, "note", &get("note"), 1000);
            on.map(|on| Step::Liquidate { on, note })
        }
        StepKind::Withdraw => Some(Step::Withdraw {
            note: optional_text(&mut e, "note", &get("note"), 1000),
        }),
        StepKind::Cancel => Some(Step::Cancel {
            note: required_text(&mut e, "note", &get("note"), 1000),
        }),
        StepKind::Reject => e
            .check(
                "reason",
                EndReason::parse(&get("reason")).ok_or(Problem::Choice),
            )
            .map(|reason| Step::Reject { reason }),
        StepKind::NotSent => Some(Step::NotSent),
    };
    match step {
        Some(s) if e.is_empty() => Ok(s),
        _ => Err(e),
    }
}

/// The month's net earnings: none when the amount is left empty; else a whole amount above
/// zero (no decimal part) in one of the currencies the product knows.
fn parse_earnings(e: &mut FieldErrors, get: &dyn Fn(&str) -> String) -> Option<Option<Earnings>> {
    let amount = get("earnings_amount");
    if amount.trim().is_empty() {
        return Some(None);
    }
    // Separators group thousands only: "1.850,50" is a decimal part, not 185,050 units.
    let grouped = amount
        .trim()
        .split(['.', ',', ' ', '\u{a0}'])
        .skip(1)
        .all(|g| g.len() == 3);
    if !grouped {
        e.add("earnings_amount", Problem::Number);
        return None;
    }
    let amount = e.check("earnings_amount", parse_vnd(&amount));
    if amount == Some(0) {
        e.add("earnings_amount", Problem::AtLeast { min: 1 });
    }
    let currency = get("earnings_currency").trim().to_uppercase();
    let currency =
        if currency == "VND" || super::super::job_orders::CURRENCIES.contains(&currency.as_str()) {
            Some(currency)
        } else {
            e.add("earnings_currency", Problem::Choice);
            None
        };
    match (amount, currency) {
        (Some(amount), Some(currency)) if amount > 0 => Some(Some(Earnings { amount, currency })),
        _ => None,
    }
}

/// Parses the form of an event.
pub fn parse_event(kind: &str, get: &dyn Fn(&str) -> String) -> Result<Event, FieldErrors> {
    let mut e = FieldErrors::default();
    let event = match kind {
        "certificate" => {
            let periods = e.check("periods", parse_count(&get("periods"), 1000));
            let number = required_text(&mut e, "certificate_no", &get("certificate_no"), 64);
            let issued = e.check("issued_on", parse_date(&get("issued_on")));
            let passed = get("test_passed") == "yes";
            if !passed {
                e.add("test_passed", Problem::TestNotPassed);
            }
            match (periods, issued) {
                (Some(p), Some(i)) => Some(Event::Certificate(Certificate {
                    periods: p,
                    number,
                    issued_on: i,
                })),
                _ => None,
            }
        }
        "monthly_update" => {
            let month = e.check("month", parse_month(&get("month")));
            let working = get("working") != "no";
            let note = optional_text(&mut e, "note", &get("note"), 1000);
            let earnings = parse_earnings(&mut e, get);
            match (month, earnings) {
                (Some(month), Some(earnings)) => Some(Event::MonthlyUpdate {
                    month,
                    working,
                    note,
                    earnings,
                    // The use case sets who reported it from the account that records it.
                    reported_by: Reporter::Agency,
                }),
                _ => None,
            }
        }
        "workplace_change" => {
            let on = e.check("changed_on", parse_date(&get("changed_on")));
            let workplace = required_text(&mut e, "workplace", &get("workplace"), 200);
            on.map(|changed_on| Event::WorkplaceChange {
                changed_on,
                workplace,
            })
        }
        "refunded" => {
            let on = e.check("on", parse_date(&get("on")));
            let note = optional_text(&mut e, "note", &get("note"), 1000);
            on.map(|on| Event::Refunded { on, note })
        }
        "incident" => {
            let on = e.check("on", parse_date(&get("on")));
            let kind = e.check(
                "incident_kind",
                IncidentKind::parse(&get("incident_kind")).ok_or(Problem::Choice),
            );
            let description = required_text(&mut e, "description", &get("description"), 2000);
            match (on, kind) {
                (Some(on), Some(kind)) => Some(Event::Incident {
                    on,
                    kind,
                    description,
                }),
                _ => None,
            }
        }
        _ => {
            e.add("_event", Problem::Choice);
            None
        }
    };
    match event {
        Some(ev) if e.is_empty() => Ok(ev),
        _ => Err(e),
    }
}

/// A person entered by an agency (or a CSV row): the same identity checks as sign-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWorker {
    pub citizen_id: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub sex: crate::domain::citizen_id::Sex,
    pub phone: String,
}

pub fn parse_worker(get: &dyn Fn(&str) -> String) -> Result<NewWorker, FieldErrors> {
    use crate::domain::accounts::{parse_full_name, Phone};
    use crate::domain::citizen_id::{CitizenId, Sex};
    let mut e = FieldErrors::default();
    let name = e.check("full_name", parse_full_name(&get("full_name")));
    let birth = e.check("birth_date", parse_date(&get("birth_date")));
    let sex = e.check("sex", Sex::parse(&get("sex")).ok_or(Problem::Choice));
    let phone = e.check("phone", Phone::parse(&get("phone")));
    let raw = get("citizen_id");
    let id = match (sex, birth) {
        (Some(sex), Some(birth)) => e.check(
            "citizen_id",
            CitizenId::parse_for(&raw, sex, birth).map_err(Problem::CitizenId),
        ),
        _ => e.check(
            "citizen_id",
            CitizenId::parse(&raw).map_err(Problem::CitizenId),
        ),
    };
    match (id, name, birth, sex, phone) {
        (Some(id), Some(full_name), Some(birth_date), Some(sex), Some(phone)) if e.is_empty() => {
            Ok(NewWorker {
                citizen_id: id.as_str().to_owned(),
                full_name,
                birth_date,
                sex,
                phone: phone.as_str().to_owned(),
            })
        }
        _ => Err(e),
    }
}
