//! The settlement through the real forms and the seeded rules: computed line by line from the
//! end reason and the ledger, recorded by the agency (a different amount only with its reason),
//! confirmed or disputed once by the worker, and the liquidation it holds open.

use app::backend::entity::{audit_log, legal_rule, payment, settlement, user};
use app::domain::settlement::{LineKind, RecordedLine};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::lifecycle::{excerpt, world, World};

const DEPART: [(&str, &str); 3] = [
    ("exit_on", "2026-11-23"),
    ("fund_paid_on", "2026-11-19"),
    ("workplace", "Aichi, Toyota"),
];

/// A case that left on 2026-11-23 with a 40,000,000 VND service fee paid that day (36-month
/// contract) and came back a year later because the employer closed: today is 2027-11-23.
/// Fresh sessions for the agency's admin and the worker (a year later the old ones expired).
async fn sign_in_again(w: &mut World) {
    for (email, agency) in [("admin@saomai.vn", true), (w.worker_email, false)] {
        let u = user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        let cookie = w.app.session_for(u.id).await;
        if agency {
            w.agency_admin = cookie;
        } else {
            w.worker = cookie;
        }
    }
}

async fn returned_early(w: &mut World) -> i32 {
    let id = w.case_in_training().await;
    let ids = id.to_string();
    let (status, _, body) = w
        .post(
            &format!("/cases/{id}/money"),
            &w.agency_admin,
            &[
                ("_action", "record_payment"),
                ("case_id", &ids),
                ("kind", "service_fee"),
                ("payee", "agency"),
                ("paid_on", "2026-11-23"),
                ("amount_vnd", "40.000.000"),
                ("receipt_no", "BL-0118"),
            ],
        )
        .await;
    assert_eq!(status, 303, "fee: {}", excerpt(&body));
    let (status, _, body) = w
        .post(
            &format!("/cases/{id}"),
            &w.agency_admin,
            &[
                ("_action", "case_event"),
                ("case_id", &ids),
                ("version", &w.case(id).await.version.to_string()),
                ("event", "certificate"),
                ("periods", "74"),
                ("test_passed", "yes"),
                ("certificate_no", "GCN-2026-5531"),
                ("issued_on", "2026-11-23"),
            ],
        )
        .await;
    assert_eq!(status, 303, "certificate: {}", excerpt(&body));
    w.to_list_confirmed(id).await;
    let (status, body) = w.step(id, &w.agency_admin, "depart", &DEPART).await;
    assert_eq!(status, 303, "departure: {}", excerpt(&body));
    w.app.clock.advance(chrono::TimeDelta::days(365));
    sign_in_again(w).await;
    let (status, body) = w
        .step(
            id,
            &w.agency_admin,
            "end_contract",
            &[
                ("reason", "early_return_not_at_fault"),
                ("ended_on", "2027-11-23"),
            ],
        )
        .await;
    assert_eq!(status, 303, "return: {}", excerpt(&body));
    id
}

async fn record(w: &World, id: i32, extra: &[(&str, &str)]) -> (u16, String) {
    let ids = id.to_string();
    let version = w.case(id).await.version.to_string();
    let mut all = vec![
        ("_action", "record_settlement"),
        ("case_id", ids.as_str()),
        ("case_version", version.as_str()),
        ("cause", "employer_closure"),
        ("damages_vnd", ""),
        ("damages_note", ""),
        ("settle_on", ""),
    ];
    all.extend_from_slice(extra);
    // The page's form posts to the page with the ask in its query, as the browser does.
    let (status, _, body) = w
        .post(
            &format!("/cases/{id}/settlement?cause=employer_closure"),
            &w.agency_admin,
            &all,
        )
        .await;
    (status, body)
}

async fn answer(w: &World, id: i32, version: i32, answer: &str, note: &str) -> (u16, String) {
    let (ids, v) = (id.to_string(), version.to_string());
    let (status, _, body) = w
        .post(
            &format!("/cases/{id}/settlement"),
            &w.worker,
            &[
                ("_action", "answer_settlement"),
                ("case_id", &ids),
                ("version", &v),
                ("answer", answer),
                ("note", note),
            ],
        )
        .await;
    (status, body)
}

async fn liquidate(w: &World, id: i32) -> (u16, String) {
    w.step(
        id,
        &w.agency_admin,
        "liquidate",
        &[("liquidated_on", "2027-11-23"), ("note", "")],
    )
    .await
}

async fn versions(w: &World, id: i32) -> Vec<settlement::Model> {
    settlement::Entity::find()
        .filter(settlement::Column::CaseId.eq(id))
        .all(&w.app.db)
        .await
        .unwrap()
}

fn lines(row: &settlement::Model) -> Vec<RecordedLine> {
    serde_json::from_str(&row.lines).unwrap()
}

#[test]
fn an_early_return_through_no_fault_is_settled_line_by_line_and_the_worker_confirms_it() {
    crate::helpers::run(async {
        let mut w = world().await;
        let id = returned_early(&mut w).await;
        // Everyone concerned sees what the system computes before anything is recorded.
        let (status, page) = w
            .app
            .get_as(
                &format!("/cases/{id}/settlement?cause=employer_closure"),
                &w.agency_admin,
            )
            .await;
        assert_eq!(status, 200);
        // 40,000,000 × 24/36 = 26,666,666.67, rounded up in the worker's favour.
        assert!(page.contains("26.666.667"), "{}", excerpt(&page));
        assert!(page.contains("× 24/36"), "the basis is shown");
        let (status, body) = record(&w, id, &[]).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let c = w.case(id).await;
        assert_eq!(
            c.state, "liquidation_pending",
            "the record starts the liquidation"
        );
        let rows = versions(&w, id).await;
        assert_eq!(rows.len(), 1);
        let l = lines(&rows[0]);
        assert_eq!(l[0].line.kind, LineKind::FeeRefund);
        assert_eq!(l[0].recorded_vnd, 26_666_667);
        // A year at the reference demand rate of 0.10%: 26,666.67, rounded up.
        assert_eq!(l[1].line.kind, LineKind::FeeRefundInterest);
        assert_eq!(l[1].recorded_vnd, 26_667);
        assert_eq!(rows[0].total_vnd, 26_666_667 + 26_667);
        let fee_entry = payment::Entity::find()
            .filter(payment::Column::CaseId.eq(id))
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            l[0].line.entry_id,
            Some(fee_entry.id),
            "the line names its ledger entry"
        );

        let (status, page) = w
            .app
            .get_as(&format!("/cases/{id}/settlement"), &w.worker)
            .await;
        assert_eq!(status, 200);
        assert!(page.contains("Biên bản thanh lý"));
        assert!(page.contains("26.693.334"), "the total: {}", excerpt(&page));
        assert!(
            page.contains("7.000.000 ₫ – 20.000.000 ₫"),
            "the Fund's range"
        );
        assert!(page.contains(&format!("#{}", fee_entry.id)));
        let (status, body) = answer(&w, id, 1, "confirmed", "").await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let (status, _) = answer(&w, id, 1, "disputed", "Đổi ý").await;
        assert_ne!(status, 303, "an answer is given once");
        assert_eq!(
            versions(&w, id).await[0].answer.as_deref(),
            Some("confirmed")
        );
        let (status, _) = record(&w, id, &[]).await;
        assert_eq!(status, 422, "a confirmed settlement is final");
        let (status, body) = liquidate(&w, id).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        for action in ["settlement.recorded", "settlement.answered"] {
            let n = audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq(action))
                .count(&w.app.db)
                .await
                .unwrap();
            assert_eq!(n, 1, "{action} is audited");
        }
    })
}

#[test]
fn another_amount_needs_its_reason_and_without_one_nothing_is_recorded() {
    crate::helpers::run(async {
        let mut w = world().await;
        let id = returned_early(&mut w).await;
        let (status, body) = record(&w, id, &[("amount_0", "20.000.000")]).await;
        assert_eq!(status, 422);
        assert!(body.contains("ghi rõ lý do"), "{}", excerpt(&body));
        assert!(body.contains("20.000.000"), "what was typed is kept");
        assert!(versions(&w, id).await.is_empty());
        assert_eq!(w.case(id).await.state, "contract_ended");
        let (status, body) = record(
            &w,
            id,
            &[
                ("amount_0", "20.000.000"),
                ("reason_0", "Đã hoàn trước 6.666.667 đồng bằng tiền mặt"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let rows = versions(&w, id).await;
        let l = lines(&rows[0]);
        assert_eq!(l[0].recorded_vnd, 20_000_000);
        assert_eq!(
            l[0].line.amount_vnd, 26_666_667,
            "the computed amount is kept beside it"
        );
        assert_eq!(rows[0].total_vnd, 20_000_000 + 26_667);
    })
}

#[test]
fn a_disputed_settlement_keeps_the_case_open_until_the_worker_confirms_a_new_version() {
    crate::helpers::run(async {
        let mut w = world().await;
        let id = returned_early(&mut w).await;
        let (status, _) = liquidate(&w, id).await;
        assert_eq!(
            status, 422,
            "no liquidation before a settlement is recorded"
        );
        let (status, body) = record(&w, id, &[]).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let (status, body) = answer(&w, id, 1, "disputed", "").await;
        assert_eq!(
            status,
            422,
            "a dispute needs its reason: {}",
            excerpt(&body)
        );
        let (status, _) = answer(&w, id, 1, "disputed", "Chưa tính tiền lãi ký quỹ").await;
        assert_eq!(status, 303);
        let (status, body) = liquidate(&w, id).await;
        assert_eq!(status, 422);
        assert!(
            body.contains("không đồng ý với quyết toán"),
            "{}",
            excerpt(&body)
        );
        let (status, body) = record(
            &w,
            id,
            &[
                ("amount_1", "30.000"),
                ("reason_1", "Tính lãi đến ngày chuyển khoản"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let (status, _) = liquidate(&w, id).await;
        assert_eq!(
            status, 422,
            "still open until the worker confirms the new version"
        );
        let (status, _) = answer(&w, id, 1, "confirmed", "").await;
        assert_ne!(status, 303, "only the latest version is answered");
        let (status, _) = answer(&w, id, 2, "confirmed", "").await;
        assert_eq!(status, 303);
        let (status, body) = liquidate(&w, id).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        assert_eq!(w.case(id).await.state, "liquidated");
    })
}

#[test]
fn a_rule_changed_later_does_not_change_a_recorded_settlement() {
    crate::helpers::run(async {
        let mut w = world().await;
        let id = returned_early(&mut w).await;
        let (status, _) = record(&w, id, &[]).await;
        assert_eq!(status, 303);
        let before = versions(&w, id).await[0].clone();
        for (key, scope, value) in [
            ("demand_deposit_rate_bps", "", 50),
            ("fund_support_max_vnd", "CLOSURE", 25_000_000),
        ] {
            legal_rule::ActiveModel {
                key: Set(key.into()),
                scope: Set(scope.into()),
                effective_from: Set(crate::helpers::date(2026, 1, 1)),
                value: Set(value),
                source: Set("Sửa đổi giả định".into()),
                created_by: Set(None),
                created_at: Set(chrono::Utc::now()),
                ..Default::default()
            }
            .insert(&w.app.db)
            .await
            .unwrap();
        }
        w.app.backend.rules.clear();
        let (_, page) = w
            .app
            .get_as(&format!("/cases/{id}/settlement"), &w.worker)
            .await;
        assert!(page.contains("26.693.334"), "the recorded total stands");
        assert!(
            page.contains("20.000.000 ₫"),
            "with the Fund's range of its day"
        );
        assert!(!page.contains("25.000.000"));
        assert_eq!(versions(&w, id).await[0], before);
        // A computation asked today follows the new rules: only what was recorded stands.
        let (_, page) = w
            .app
            .get_as(
                &format!("/cases/{id}/settlement?cause=employer_closure"),
                &w.agency_admin,
            )
            .await;
        assert!(page.contains("25.000.000"));
    })
}

#[test]
fn another_agency_never_sees_a_settlement_and_the_worker_cannot_record_one() {
    crate::helpers::run(async {
        let mut w = world().await;
        let id = returned_early(&mut w).await;
        let other =
            crate::helpers::AgencyFixture::named("Công ty Khác", "999/LĐTBXH-GP", "0109999999")
                .insert(&w.app.db)
                .await;
        let admin = w
            .app
            .add_user(
                "admin@khac.vn",
                app::domain::accounts::Role::AgencyAdmin,
                Some(other),
                None,
                None,
            )
            .await;
        let cookie = w.app.session_for(admin).await;
        let (status, _) = w
            .app
            .get_as(&format!("/cases/{id}/settlement"), &cookie)
            .await;
        assert_eq!(status, 404);
        let ids = id.to_string();
        let version = w.case(id).await.version.to_string();
        let (status, _, _) = w
            .post(
                &format!("/cases/{id}/settlement"),
                &w.worker,
                &[
                    ("_action", "record_settlement"),
                    ("case_id", &ids),
                    ("case_version", &version),
                    ("cause", "employer_closure"),
                ],
            )
            .await;
        assert_eq!(status, 403);
        assert!(versions(&w, id).await.is_empty());
    })
}
