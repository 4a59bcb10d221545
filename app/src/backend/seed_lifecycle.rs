//! Demo data for the lifecycle: each seeded case gets the file and timeline its state implies
//! (health check, contract with itemised fees, training certificate, visa, departure list,
//! departure, monthly updates, return), its deadline, and each order its places taken.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, TimeDelta};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::decode::stored;
use super::entity::{case, case_event, departure_list, job_order};
use super::ServiceError;
use crate::domain::cases::CaseState;
use crate::domain::job_orders::ListStatus;
use crate::domain::lifecycle::{
    agency_due_on, deadlines, takes_a_place, CaseFile, Certificate, Clocks, Departure, DepositPaid,
    EndReason, Event, Fees, SendingContract, Settlement, Step, Visa,
};
use crate::domain::lifecycle::{first_full_month, first_of_month, next_month, Earnings, Reporter};
use crate::domain::rules::Rules;

const WORKPLACES: [&str; 8] = [
    "Aichi, Toyota",
    "Osaka, Higashiosaka",
    "Saitama, Kawaguchi",
    "Đào Viên (Taoyuan)",
    "Đài Trung (Taichung)",
    "Gyeonggi, Ansan",
    "Chungcheong, Cheonan",
    "Hiroshima, Fukuyama",
];

fn days(n: i64) -> TimeDelta {
    TimeDelta::days(n)
}

struct Entry {
    on: NaiveDate,
    step: Option<Step>,
    event: Option<Event>,
    to: Option<CaseState>,
}

/// Fills files, timelines, deadlines, departure lists and places for every case in the database.
pub async fn fill<C: ConnectionTrait>(
    db: &C,
    rules: &Rules,
    book: &crate::domain::rules::RuleBook,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x4c_69_66_65);
    let orders: HashMap<i32, job_order::Model> = job_order::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let cases = case::Entity::find()
        .order_by_asc(case::Column::Id)
        .all(db)
        .await?;
    let mut events: Vec<case_event::ActiveModel> = Vec::new();
    let mut filled: HashMap<i32, i32> = HashMap::new();
    // Cases waiting for, or holding, a departure list: (order, confirmed?) -> case ids.
    let mut listed: HashMap<(i32, bool), Vec<i32>> = HashMap::new();
    for c in &cases {
        let state: CaseState = stored("cases.state", c.id, &c.state)?;
        let Some(order) = orders.get(&c.job_order_id) else {
            continue;
        };
        if takes_a_place(state) {
            *filled.entry(order.id).or_default() += 1;
        }
        let (file, entries, last_month) = plan(&mut rng, c, state, order, book, today);
        if state == CaseState::ListConfirmed {
            listed.entry((order.id, true)).or_default().push(c.id);
        }
        if state == CaseState::VisaGranted && rng.gen_bool(0.5) {
            listed.entry((order.id, false)).or_default().push(c.id);
        }
        let clocks = Clocks {
            selected_on: c.selected_on,
            departed_on: c.departed_on,
            ended_on: c.ended_on,
            list_submitted_on: None,
            last_update_month: last_month,
        };
        let due = agency_due_on(&deadlines(state, &file, &clocks, rules));
        let details =
            serde_json::to_string(&file).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
        case::Entity::update_many()
            .col_expr(case::Column::Details, Expr::value(details))
            .col_expr(case::Column::DueOn, Expr::value(due))
            .col_expr(case::Column::LastUpdateMonth, Expr::value(last_month))
            .filter(case::Column::Id.eq(c.id))
            .exec(db)
            .await?;
        for e in entries {
            let (kind, step, data) = match (&e.step, &e.event) {
                (Some(s), _) => (
                    "step",
                    Some(s.kind().as_str().to_owned()),
                    serde_json::to_string(s),
                ),
                (None, Some(ev)) => (
                    "event",
                    Some(ev.kind().to_owned()),
                    serde_json::to_string(ev),
                ),
                (None, None) => ("applied", None, Ok("{}".to_owned())),
            };
            events.push(case_event::ActiveModel {
                case_id: Set(c.id),
                kind: Set(kind.to_owned()),
                step: Set(step),
                to_state: Set(e.to.map(|s| s.as_str().to_owned())),
                happened_on: Set(e.on),
                data: Set(data.map_err(|e| ServiceError::Unexpected(Box::new(e)))?),
                user_id: Set(None),
                created_at: Set(now),
                ..Default::default()
            });
        }
    }
    for chunk in events.chunks(500) {
        case_event::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    for ((order_id, confirmed), ids) in listed {
        let Some(order) = orders.get(&order_id) else {
            continue;
        };
        let submitted = today
            - days(if confirmed {
                rng.gen_range(6..20)
            } else {
                rng.gen_range(0..4)
            });
        let list = departure_list::ActiveModel {
            agency_id: Set(order.agency_id),
            job_order_id: Set(order_id),
            status: Set(if confirmed {
                ListStatus::Confirmed
            } else {
                ListStatus::Submitted
            }
            .as_str()
            .to_owned()),
            planned_exit_on: Set(today + days(rng.gen_range(5..40))),
            submitted_on: Set(submitted),
            decided_on: Set(confirmed.then(|| submitted + days(2))),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        case::Entity::update_many()
            .col_expr(case::Column::DepartureListId, Expr::value(list.id))
            .filter(case::Column::Id.is_in(ids))
            .exec(db)
            .await?;
    }
    // Places taken; a random headcount below what was seeded grows to fit.
    for (order_id, n) in filled {
        if let Some(o) = orders.get(&order_id) {
            job_order::Entity::update_many()
                .col_expr(job_order::Column::Filled, Expr::value(n))
                .col_expr(
                    job_order::Column::Headcount,
                    Expr::value(o.headcount.max(n + 5)),
                )
                .filter(job_order::Column::Id.eq(order_id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// The file and timeline of one seeded case, with dates between its own milestones.
fn plan(
    rng: &mut ChaCha8Rng,
    c: &case::Model,
    state: CaseState,
    order: &job_order::Model,
    book: &crate::domain::rules::RuleBook,
    today: NaiveDate,
) -> (CaseFile, Vec<Entry>, Option<NaiveDate>) {
    use CaseState::*;
    let mut file = CaseFile::default();
    let mut out = vec![Entry {
        on: c.applied_on,
        step: None,
        event: None,
        to: Some(Applied),
    }];
    let rank = |s: CaseState| -> u8 {
        match s {
            Applied => 0,
            Screening => 1,
            Selected => 2,
            Contracted => 3,
            Training => 4,
            VisaGranted => 5,
            ListConfirmed => 6,
            Departed => 7,
            ContractEnded => 8,
            LiquidationPending => 9,
            Liquidated => 10,
            Withdrawn | Rejected | Cancelled => 1,
            NotSentInTime => 5,
        }
    };
    let reached = rank(state);
    let cap = |d: NaiveDate, limit: NaiveDate| d.min(limit);
    // The last day a pre-departure milestone may fall on.
    let limit = c.departed_on.unwrap_or(today);
    let mut at = c.applied_on;
    let step = |out: &mut Vec<Entry>, on: NaiveDate, s: Step, to: CaseState| {
        out.push(Entry {
            on,
            step: Some(s),
            event: None,
            to: Some(to),
        });
    };
    if reached >= 1 && !matches!(state, Withdrawn | Cancelled) || matches!(state, Rejected) {
        let on = cap(
            at + days(rng.gen_range(5..15)),
            c.selected_on.unwrap_or(limit),
        );
        at = on;
        let s = Step::Screen {
            health_certificate_no: format!("SK-{}", rng.gen_range(10_000..99_999)),
            health_certificate_on: on,
            exam_result: "Đạt thi tay nghề và phỏng vấn".to_owned(),
            language_level: if order.market_code == "JP" {
                "N4"
            } else {
                "Sơ cấp"
            }
            .to_owned(),
        };
        if let Step::Screen {
            health_certificate_no,
            health_certificate_on,
            exam_result,
            language_level,
        } = &s
        {
            file.health_certificate_no = Some(health_certificate_no.clone());
            file.health_certificate_on = Some(*health_certificate_on);
            file.exam_result = Some(exam_result.clone());
            file.language_level = Some(language_level.clone());
        }
        step(&mut out, on, s, Screening);
    }
    if let Some(selected) = c.selected_on {
        at = selected;
        step(
            &mut out,
            selected,
            Step::Select {
                selected_on: selected,
            },
            Selected,
        );
        if reached >= 3 {
            let signed = cap(at + days(rng.gen_range(3..12)), limit);
            at = signed;
            // The rate of the signing day, as the contract step records it.
            let rate =
                crate::domain::money::rate_on(book, &order.wage_currency, signed).unwrap_or(0);
            let contract = SendingContract {
                number: format!("{}/HĐĐĐ-{}", rng.gen_range(100..999), order.agency_id),
                signed_on: signed,
                fees: Fees {
                    service_vnd: order.service_fee_vnd,
                    training_vnd: 5_900_000,
                    visa_vnd: 3_270_000,
                    airfare_vnd: rng.gen_range(6..12) * 1_000_000,
                    other_vnd: 2_000_000,
                },
                deposit_vnd: order.deposit_vnd,
                guarantor: None,
                vnd_per_unit: rate,
                partner_share_vnd: 0,
            };
            file.contract = Some(contract.clone());
            step(&mut out, signed, Step::Contract(contract), Contracted);
        }
        if reached >= 4 {
            let started = cap(at + days(rng.gen_range(2..10)), limit);
            at = started;
            file.training_started_on = Some(started);
            step(
                &mut out,
                started,
                Step::Train {
                    started_on: started,
                },
                Training,
            );
            // Most trainees already hold their certificate; a few are still in class.
            if reached > 4 || rng.gen_bool(0.6) {
                let issued = cap(at + days(rng.gen_range(14..30)), limit);
                at = issued;
                let cert = Certificate {
                    periods: 74,
                    number: format!("GCN-{}", rng.gen_range(10_000..99_999)),
                    issued_on: issued,
                };
                file.certificate = Some(cert.clone());
                out.push(Entry {
                    on: issued,
                    step: None,
                    event: Some(Event::Certificate(cert)),
                    to: None,
                });
            }
        }
        if reached >= 5 && state != NotSentInTime {
            let granted = cap(at + days(rng.gen_range(10..40)), limit);
            at = granted;
            let visa = Visa {
                passport_no: format!("C{:07}", rng.gen_range(1_000_000..9_999_999)),
                visa_no: format!("V{}", rng.gen_range(100_000..999_999)),
                granted_on: granted,
            };
            let deposit = (order.deposit_vnd > 0).then(|| DepositPaid {
                amount_vnd: order.deposit_vnd,
                bank: "Ngân hàng Chính sách xã hội".to_owned(),
                account: format!("{}", rng.gen_range(1_000_000_000u64..9_999_999_999)),
                paid_on: granted,
            });
            file.visa = Some(visa.clone());
            file.deposit = deposit.clone();
            step(
                &mut out,
                granted,
                Step::GrantVisa { visa, deposit },
                VisaGranted,
            );
        }
        if reached >= 6 && state != NotSentInTime {
            let confirmed = cap(at + days(rng.gen_range(2..8)), limit);
            at = confirmed;
            file.list_confirmed_on = Some(confirmed);
            step(
                &mut out,
                confirmed,
                Step::ConfirmList {
                    confirmed_on: confirmed,
                },
                ListConfirmed,
            );
        }
    }
    let mut last_month = None;
    if let Some(exit) = c.departed_on {
        let dep = Departure {
            exit_on: exit,
            fund_paid_on: exit - days(rng.gen_range(5..20)),
            workplace: WORKPLACES[rng.gen_range(0..WORKPLACES.len())].to_owned(),
        };
        file.departure = Some(dep.clone());
        step(&mut out, exit, Step::Depart(dep), Departed);
        // Monthly updates: the latest few, to keep the timeline readable, and the first full
        // month abroad, which the recruitment-cost indicator reads (dated without the random
        // source, so the rest of the demo stays as it was). Most say what the worker earned,
        // net, at 78–89% of the order's wage; one in seven does not.
        let earnings = |month: NaiveDate| {
            let share = 78 + i64::from((c.id + month.month0() as i32).rem_euclid(12));
            (c.id % 7 != 3).then(|| Earnings {
                amount: order.wage_amount * share / 100 / 100 * 100,
                currency: order.wage_currency.clone(),
            })
        };
        let update = |month: NaiveDate, on: NaiveDate| Entry {
            on,
            step: None,
            event: Some(Event::MonthlyUpdate {
                month,
                working: true,
                note: "Làm việc bình thường, nhận lương đủ".to_owned(),
                earnings: earnings(month),
                reported_by: Reporter::Agency,
            }),
            to: None,
        };
        let end = c.ended_on.unwrap_or(today);
        let first_full = first_full_month(exit);
        let months = ((end - exit).num_days() / 30).clamp(0, 3);
        let mut seeded = Vec::new();
        for k in (0..months).rev() {
            let month = end - days(30 * k + 15);
            let first = first_of_month(month);
            if first <= exit {
                continue;
            }
            last_month = Some(first);
            seeded.push(first);
            out.push(update(first, first + days(rng.gen_range(5..19))));
        }
        if next_month(first_full) <= end && !seeded.contains(&first_full) {
            let on = (next_month(first_full) + days(i64::from(c.id.rem_euclid(9)))).min(today);
            out.push(update(first_full, on));
            last_month = last_month.max(Some(first_full));
        }
    }
    if let (Some(ended), Some(reason)) = (
        c.ended_on,
        c.end_reason.as_deref().and_then(EndReason::parse),
    ) {
        match state {
            ContractEnded | LiquidationPending | Liquidated => {
                step(
                    &mut out,
                    ended,
                    Step::EndContract {
                        reason,
                        ended_on: ended,
                    },
                    ContractEnded,
                );
                if reached >= 9 {
                    let settlement = Settlement {
                        fee_refund_vnd: 0,
                        deposit_released_vnd: order.deposit_vnd,
                        damages_vnd: 0,
                    };
                    file.settlement = Some(settlement.clone());
                    let on = (ended + days(rng.gen_range(10..60))).min(today);
                    step(
                        &mut out,
                        on,
                        Step::StartLiquidation(settlement),
                        LiquidationPending,
                    );
                }
                if state == Liquidated {
                    let on = (ended + days(rng.gen_range(60..170))).min(today);
                    file.closing_note = Some("Đã thanh lý, hoàn trả ký quỹ".to_owned());
                    step(
                        &mut out,
                        on,
                        Step::Liquidate {
                            on,
                            note: "Đã thanh lý, hoàn trả ký quỹ".to_owned(),
                        },
                        Liquidated,
                    );
                }
            }
            _ => {}
        }
    }
    let closing = match state {
        Withdrawn => Some(Step::Withdraw {
            note: "Người lao động đổi ý, xin rút hồ sơ".to_owned(),
        }),
        Rejected => Some(Step::Reject {
            reason: c
                .end_reason
                .as_deref()
                .and_then(EndReason::parse)
                .unwrap_or(EndReason::FailedExam),
        }),
        Cancelled => Some(Step::Cancel {
            note: "Chủ sử dụng đóng cửa nhà máy".to_owned(),
        }),
        NotSentInTime => Some(Step::NotSent),
        _ => None,
    };
    if let Some(s) = closing {
        let on = (at + days(rng.gen_range(3..30))).min(today);
        step(&mut out, on, s, state);
    }
    out.sort_by_key(|e| e.on);
    (file, out, last_month)
}
