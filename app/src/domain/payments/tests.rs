use super::*;
use crate::domain::rules::tests::d;

fn contract() -> SendingContract {
    SendingContract {
        number: "1/HĐ".into(),
        signed_on: d(2026, 3, 1),
        fees: Fees {
            service_vnd: 30_000_000,
            training_vnd: 5_000_000,
            visa_vnd: 3_000_000,
            airfare_vnd: 8_000_000,
            other_vnd: 2_000_000,
        },
        deposit_vnd: 0,
        guarantor: None,
        vnd_per_unit: 170,
        partner_share_vnd: 0,
    }
}

fn pay(kind: PaymentKind, payee: Payee, on: NaiveDate, amount: i64) -> NewPayment {
    NewPayment {
        kind,
        payee,
        paid_on: on,
        amount_vnd: amount,
        foreign: None,
        receipt_no: Some("R1".into()),
        note: String::new(),
        bank: None,
        account: None,
        inspectors_only: false,
    }
}

fn facts<'a>(c: &'a SendingContract, earlier: &'a [Standing]) -> LedgerFacts<'a> {
    LedgerFacts {
        order_approved_on: Some(d(2026, 1, 1)),
        contract: Some(c),
        worker_fee_cap_vnd: Some(30_000_000),
        fund_worker_vnd: Some(100_000),
        earlier,
    }
}

#[test]
fn a_service_fee_at_the_cap_raises_nothing_and_one_dong_over_is_flagged() {
    let c = contract();
    let at = pay(
        PaymentKind::ServiceFee,
        Payee::Agency,
        d(2026, 3, 2),
        30_000_000,
    );
    assert_eq!(flags_of(&at, &facts(&c, &[])), vec![]);
    let over = pay(
        PaymentKind::ServiceFee,
        Payee::Agency,
        d(2026, 3, 2),
        30_000_001,
    );
    assert_eq!(
        flags_of(&over, &facts(&c, &[])),
        vec![Flag::ServiceFeeOverCap {
            cap_vnd: 30_000_000,
            paid_vnd: 30_000_001
        }]
    );
}

#[test]
fn instalments_are_added_up_against_the_cap() {
    let c = contract();
    let earlier = [Standing {
        kind: PaymentKind::ServiceFee,
        payee: Payee::Agency,
        amount_vnd: 20_000_000,
    }];
    let second = pay(
        PaymentKind::ServiceFee,
        Payee::Agency,
        d(2026, 4, 1),
        10_000_001,
    );
    assert!(matches!(
        flags_of(&second, &facts(&c, &earlier))[..],
        [Flag::ServiceFeeOverCap {
            paid_vnd: 30_000_001,
            ..
        }]
    ));
}

#[test]
fn money_before_the_contract_to_a_broker_is_flagged_for_each_reason() {
    let c = contract();
    let p = pay(
        PaymentKind::Brokerage,
        Payee::Broker,
        d(2026, 2, 1),
        15_000_000,
    );
    assert_eq!(
        flags_of(&p, &facts(&c, &[])),
        vec![
            Flag::BeforeContractSigned,
            Flag::RecruitmentMoneyCharged,
            Flag::PaidToBroker
        ]
    );
    let branch = pay(PaymentKind::Kit, Payee::Branch, d(2026, 3, 5), 1_000_000);
    assert_eq!(
        flags_of(&branch, &facts(&c, &[])),
        vec![Flag::BranchTookMoney]
    );
}

#[test]
fn a_fee_cannot_hide_under_other_items_beyond_the_contract() {
    let c = contract();
    let kit = pay(PaymentKind::Kit, Payee::Agency, d(2026, 3, 5), 20_000_000);
    assert_eq!(
        flags_of(&kit, &facts(&c, &[])),
        vec![Flag::OverContract {
            kind: PaymentKind::Kit,
            agreed_vnd: 2_000_000,
            paid_vnd: 20_000_000
        }]
    );
    // Paid to the hospital itself, a health check is no money of the agency's.
    let health = pay(
        PaymentKind::HealthCheck,
        Payee::Provider,
        d(2026, 2, 5),
        7_000_000,
    );
    assert_eq!(flags_of(&health, &facts(&c, &[])), vec![]);
}

#[test]
fn a_deposit_before_the_visa_or_over_the_cap_is_refused() {
    let mut c = contract();
    c.deposit_vnd = 100_000_000;
    let mut p = pay(
        PaymentKind::Deposit,
        Payee::Provider,
        d(2026, 4, 1),
        100_000_000,
    );
    assert_eq!(
        deposit_refusals(&p, Some(&c), None, Ok(100_000_000), 0),
        vec![Refusal::DepositTooEarly]
    );
    assert_eq!(
        deposit_refusals(&p, Some(&c), Some(d(2026, 3, 20)), Ok(100_000_000), 0),
        vec![]
    );
    p.amount_vnd = 100_000_001;
    assert_eq!(
        deposit_refusals(&p, Some(&c), Some(d(2026, 3, 20)), Ok(100_000_000), 0),
        vec![Refusal::DepositOverCap {
            cap_vnd: 100_000_000
        }]
    );
}

#[test]
fn the_deposit_status_follows_what_was_paid_released_and_kept() {
    let s = |kind, amount_vnd| Standing {
        kind,
        payee: Payee::Provider,
        amount_vnd,
    };
    let mut e = vec![s(PaymentKind::Deposit, 100)];
    assert_eq!(DepositTotals::of(&e).status(), DepositStatus::Held);
    e.push(s(PaymentKind::DepositReleased, 100));
    assert_eq!(DepositTotals::of(&e).status(), DepositStatus::Released);
    e.push(s(PaymentKind::Deposit, 50));
    e.push(s(PaymentKind::DepositOffset, 50));
    assert_eq!(DepositTotals::of(&e).status(), DepositStatus::Offset);
    assert_eq!(DepositTotals::default().status(), DepositStatus::None);
}

#[test]
fn the_form_needs_a_receipt_number_or_says_cash_without_one() {
    let get = |k: &str| -> String {
        match k {
            "kind" => "service_fee".into(),
            "payee" => "agency".into(),
            "paid_on" => "2026-03-02".into(),
            "amount_vnd" => "30.000.000".into(),
            _ => String::new(),
        }
    };
    let e = parse_payment(&get).unwrap_err();
    assert_eq!(
        e.first_for(fields::RECEIPT_NO),
        Some(&Problem::ReceiptOrCash)
    );
    let cash = |k: &str| {
        if k == "no_receipt" {
            "on".into()
        } else {
            get(k)
        }
    };
    let p = parse_payment(&cash).expect("valid");
    assert_eq!((p.amount_vnd, p.receipt_no), (30_000_000, None));
}
