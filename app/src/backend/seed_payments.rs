//! Demo ledgers: for every case with a sending contract, what its worker paid step by step
//! (health check and passport to whoever provides them, the service fee, training, visa and
//! airfare to the agency, the Fund contribution, the deposit and its release), and, on some
//! cases, what agencies leave out: money to a broker stated by the worker (some disputed), cash
//! without a receipt, a lender's interest. Flags are raised by the same checks as a real posting.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeDelta};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, Set};

use super::decode::stored_json;
use super::entity::{case, job_order, payment};
use super::job_orders::order_terms;
use super::ServiceError;
use crate::domain::job_orders::OrderStatus;
use crate::domain::lifecycle::{contract_fee_cap, CaseFile};
use crate::domain::payments::{
    flags_of, Answer, LedgerFacts, NewPayment, Payee, PaymentKind, RecordedBy, Standing,
};
use crate::domain::rules::{RuleBook, RuleKey};

struct Planned {
    p: NewPayment,
    by: RecordedBy,
    answer: Option<(Answer, &'static str)>,
}

fn entry(
    kind: PaymentKind,
    payee: Payee,
    on: NaiveDate,
    amount: i64,
    receipt: Option<String>,
) -> NewPayment {
    NewPayment {
        kind,
        payee,
        paid_on: on,
        amount_vnd: amount,
        foreign: None,
        receipt_no: receipt,
        note: String::new(),
        bank: None,
        account: None,
        inspectors_only: false,
    }
}

/// Fills the ledger of every case that has a contract.
pub async fn fill<C: ConnectionTrait>(
    db: &C,
    book: &RuleBook,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
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
    let mut rows: Vec<payment::ActiveModel> = Vec::new();
    for c in &cases {
        let file: CaseFile = stored_json("cases.details", c.id, &c.details)?;
        let Some(contract) = file.contract.as_ref() else {
            continue;
        };
        let Some(order) = orders.get(&c.job_order_id) else {
            continue;
        };
        let mut rng = ChaCha8Rng::seed_from_u64(0x50_61_79 ^ u64::from(c.id.unsigned_abs()));
        let at = |d: NaiveDate| d.min(today);
        let days = TimeDelta::days;
        let signed = contract.signed_on;
        let receipt = |rng: &mut ChaCha8Rng, prefix: &str| {
            Some(format!("{prefix}-{}", rng.gen_range(10_000..99_999)))
        };
        let mut plan: Vec<Planned> = Vec::new();
        let agency = |p: NewPayment| Planned {
            p,
            by: RecordedBy::Agency,
            answer: None,
        };
        let checked_on = file.health_certificate_on.unwrap_or(signed - days(20));
        let r = receipt(&mut rng, "KSK");
        plan.push(agency(entry(
            PaymentKind::HealthCheck,
            Payee::Provider,
            at(checked_on),
            7_000_000,
            r,
        )));
        let r = receipt(&mut rng, "HC");
        plan.push(agency(entry(
            PaymentKind::Passport,
            Payee::Provider,
            at(checked_on + days(3)),
            200_000,
            r,
        )));
        if contract.fees.service_vnd > 0 {
            // A third pay the fee in two instalments.
            let fee = contract.fees.service_vnd;
            if c.id % 3 == 0 {
                let half = fee / 2;
                let r = receipt(&mut rng, "PDV");
                plan.push(agency(entry(
                    PaymentKind::ServiceFee,
                    Payee::Agency,
                    at(signed + days(2)),
                    half,
                    r,
                )));
                let r = receipt(&mut rng, "PDV");
                plan.push(agency(entry(
                    PaymentKind::ServiceFee,
                    Payee::Agency,
                    at(signed + days(30)),
                    fee - half,
                    r,
                )));
            } else {
                let r = receipt(&mut rng, "PDV");
                plan.push(agency(entry(
                    PaymentKind::ServiceFee,
                    Payee::Agency,
                    at(signed + days(2)),
                    fee,
                    r,
                )));
            }
        }
        if let Some(started) = file.training_started_on {
            if contract.fees.training_vnd > 0 {
                let r = receipt(&mut rng, "DT");
                plan.push(agency(entry(
                    PaymentKind::Language,
                    Payee::Agency,
                    at(started),
                    contract.fees.training_vnd,
                    r,
                )));
            }
        }
        if c.id % 5 == 0 {
            let mut kit = entry(
                PaymentKind::Kit,
                Payee::Agency,
                at(signed + days(5)),
                1_500_000,
                None,
            );
            kit.note = "Đồng phục, vali: tiền mặt, không có biên lai".to_owned();
            plan.push(agency(kit));
        }
        if let Some(v) = &file.visa {
            if contract.fees.visa_vnd > 0 {
                let r = receipt(&mut rng, "TT");
                plan.push(agency(entry(
                    PaymentKind::Visa,
                    Payee::Agency,
                    at(v.granted_on),
                    contract.fees.visa_vnd,
                    r,
                )));
            }
        }
        if let Some(d) = &file.deposit {
            let mut dep = entry(
                PaymentKind::Deposit,
                Payee::Provider,
                at(d.paid_on),
                d.amount_vnd,
                receipt(&mut rng, "KQ"),
            );
            dep.bank = Some(d.bank.clone());
            dep.account = Some(d.account.clone());
            plan.push(agency(dep));
            if let (Some(s), Some(ended)) = (&file.settlement, c.ended_on) {
                if s.deposit_released_vnd > 0 {
                    plan.push(agency(entry(
                        PaymentKind::DepositReleased,
                        Payee::Provider,
                        at(ended + days(30)),
                        s.deposit_released_vnd.min(d.amount_vnd),
                        receipt(&mut rng, "HT"),
                    )));
                }
            }
        }
        if let Some(dep) = &file.departure {
            let fund = book
                .value(RuleKey::FundWorkerVnd, "", dep.fund_paid_on)
                .unwrap_or(100_000);
            let r = receipt(&mut rng, "QHT");
            plan.push(agency(entry(
                PaymentKind::Fund,
                Payee::Agency,
                at(dep.fund_paid_on),
                fund,
                r,
            )));
            if contract.fees.airfare_vnd > 0 {
                let r = receipt(&mut rng, "VMB");
                plan.push(agency(entry(
                    PaymentKind::Airfare,
                    Payee::Agency,
                    at(dep.exit_on - days(7)),
                    contract.fees.airfare_vnd,
                    r,
                )));
            }
        }
        // What agencies leave out, as the workers state it.
        let before_contract = c.selected_on.unwrap_or(c.applied_on).min(signed);
        if c.id % 7 == 0 {
            let mut broker = entry(
                PaymentKind::Brokerage,
                Payee::Broker,
                at(before_contract),
                rng.gen_range(12..26) * 1_000_000,
                None,
            );
            broker.note = "Đưa tiền mặt cho người giới thiệu ở xã để “chắc suất”".to_owned();
            plan.push(Planned {
                p: broker,
                by: RecordedBy::Worker,
                answer: (c.id % 14 == 0).then_some((
                    Answer::Disputed,
                    "Công ty không làm việc với người giới thiệu này",
                )),
            });
        }
        if c.id % 11 == 0 {
            let mut loan = entry(
                PaymentKind::Other,
                Payee::Lender,
                at(signed + days(40)),
                rng.gen_range(2..6) * 1_000_000,
                None,
            );
            loan.note = "Lãi khoản vay 60 triệu đồng để nộp phí, 2%/tháng".to_owned();
            plan.push(Planned {
                p: loan,
                by: RecordedBy::Worker,
                answer: None,
            });
        }
        plan.sort_by_key(|e| e.p.paid_on);
        let approved_on = (order.status == OrderStatus::Approved.as_str())
            .then_some(order.decided_on)
            .flatten();
        let terms = order_terms(order)?;
        let cap = contract_fee_cap(book, &terms, contract).ok();
        let mut earlier: Vec<Standing> = Vec::new();
        for e in plan {
            let flags = flags_of(
                &e.p,
                &LedgerFacts {
                    order_approved_on: approved_on,
                    contract: Some(contract),
                    worker_fee_cap_vnd: cap,
                    fund_worker_vnd: book.value(RuleKey::FundWorkerVnd, "", e.p.paid_on).ok(),
                    earlier: &earlier,
                },
            );
            earlier.push(Standing {
                kind: e.p.kind,
                payee: e.p.payee,
                amount_vnd: e.p.amount_vnd,
            });
            let flags = serde_json::to_string(&flags)
                .map_err(|err| ServiceError::Unexpected(Box::new(err)))?;
            let answered_at = e.answer.map(|_| now);
            rows.push(payment::ActiveModel {
                case_id: Set(c.id),
                kind: Set(e.p.kind.as_str().to_owned()),
                payee: Set(e.p.payee.as_str().to_owned()),
                paid_on: Set(e.p.paid_on),
                amount_vnd: Set(e.p.amount_vnd),
                foreign_amount: Set(None),
                currency: Set(None),
                vnd_per_unit: Set(None),
                receipt_no: Set(e.p.receipt_no),
                note: Set(e.p.note),
                bank: Set(e.p.bank),
                account: Set(e.p.account),
                attachment_id: Set(None),
                recorded_by: Set(e.by.as_str().to_owned()),
                inspectors_only: Set(false),
                flags: Set(flags),
                reverses_id: Set(None),
                reason: Set(None),
                answer: Set(e.answer.map(|(a, _)| a.as_str().to_owned())),
                answer_reason: Set(e.answer.map(|(_, r)| r.to_owned())),
                answered_by: Set(None),
                answered_at: Set(answered_at),
                created_by: Set(None),
                created_at: Set(now),
                ..Default::default()
            });
        }
    }
    for chunk in rows.chunks(300) {
        payment::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    Ok(())
}
