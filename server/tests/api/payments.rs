//! Money through the real forms and the seeded rules: the payment ledger and its flags, worker
//! statements and the agency's answer, deposits refused before the visa or over the cap, the
//! rate a contract keeps, agencies' licence deposits and their top-up.

use app::backend::entity::{audit_log, legal_rule, payment};
use app::domain::accounts::Role;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::lifecycle::{excerpt, world, World};

/// The cap of the World's order: 165,000 JPY × 170 VND × 3 months (36 months or more).
const CAP: i64 = 84_150_000;

async fn pay(w: &World, case: i32, cookie: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let id = case.to_string();
    let mut all = vec![("_action", "record_payment"), ("case_id", id.as_str())];
    all.extend_from_slice(fields);
    let (status, _, body) = w.post(&format!("/cases/{case}/money"), cookie, &all).await;
    (status, body)
}

/// Owned form fields, borrowed as `World::post` takes them.
fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn entries(w: &World, case: i32) -> Vec<payment::Model> {
    payment::Entity::find()
        .filter(payment::Column::CaseId.eq(case))
        .all(&w.app.db)
        .await
        .unwrap()
}

async fn officer(w: &World, email: &str, role: Role) -> String {
    let id = w.app.add_user(email, role, None, None, None).await;
    w.app.session_for(id).await
}

#[test]
fn a_service_fee_equal_to_the_seeded_cap_raises_nothing_and_one_dong_more_is_flagged_for_worker_and_inspector(
) {
    crate::helpers::run(async {
        let w = world().await;
        let id = w.case_in_training().await;
        let cap = CAP.to_string();
        let (status, body) = pay(
            &w,
            id,
            &w.agency_admin,
            &[
                ("kind", "service_fee"),
                ("payee", "agency"),
                ("paid_on", "2026-11-23"),
                ("amount_vnd", &cap),
                ("receipt_no", "BL-0001"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        assert_eq!(
            entries(&w, id).await[0].flags,
            "[]",
            "the cap itself is allowed"
        );
        let (status, _) = pay(
            &w,
            id,
            &w.agency_admin,
            &[
                ("kind", "service_fee"),
                ("payee", "agency"),
                ("paid_on", "2026-11-23"),
                ("amount_vnd", "1"),
                ("receipt_no", "BL-0002"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let second = entries(&w, id).await.pop().unwrap();
        let flags = app::backend::payments::flags_of_row(&second).unwrap();
        assert_eq!(
            flags,
            vec![app::domain::payments::Flag::ServiceFeeOverCap {
                cap_vnd: CAP,
                paid_vnd: CAP + 1
            }]
        );
        let inspector = officer(&w, "thanhtra@mol.gov.vn", Role::Inspector).await;
        for who in [&w.worker, &inspector] {
            let (status, page) = w.app.get_as(&format!("/cases/{id}/money"), who).await;
            assert_eq!(status, 200);
            assert!(
                page.contains("vượt mức tối đa 84.150.000"),
                "{}",
                excerpt(&page)
            );
            assert!(
                page.contains("Luật 69/2020/QH14, Điều 23"),
                "the legal basis is shown"
            );
        }
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("payment.recorded"))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(audited, 2, "every posting is in the audit trail");
    })
}

#[test]
fn the_worker_states_a_payment_to_a_broker_and_the_agency_disputes_it_once_with_a_reason() {
    crate::helpers::run(async {
        let w = world().await;
        let id = w.case_in_training().await;
        let (status, body) = pay(
            &w,
            id,
            &w.worker,
            &[
                ("kind", "brokerage"),
                ("payee", "broker"),
                ("paid_on", "2026-11-01"),
                ("amount_vnd", "15.000.000"),
                ("no_receipt", "on"),
                ("note", "Đưa tiền mặt cho anh Tùng ở xã"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let stated = entries(&w, id).await.pop().unwrap();
        assert_eq!(stated.recorded_by, "worker");
        let flags = app::backend::payments::flags_of_row(&stated).unwrap();
        use app::domain::payments::Flag;
        assert!(flags.contains(&Flag::RecruitmentMoneyCharged));
        assert!(flags.contains(&Flag::PaidToBroker));
        assert!(flags.contains(&Flag::BeforeContractSigned));
        let pid = stated.id.to_string();
        let ids = id.to_string();
        let answer = |reason: &str| {
            vec![
                ("_action", "answer_statement".to_owned()),
                ("case_id", ids.clone()),
                ("payment_id", pid.clone()),
                ("answer", "disputed".to_owned()),
                ("reason", reason.to_owned()),
            ]
        };
        // A dispute says why.
        let (status, _, body) = w
            .post(
                &format!("/cases/{id}/money"),
                &w.agency_admin,
                &pairs(&answer("")),
            )
            .await;
        assert_eq!(status, 422);
        assert!(body.contains("Trường này là bắt buộc") || body.contains("bắt buộc"));
        let (status, ..) = w
            .post(
                &format!("/cases/{id}/money"),
                &w.agency_admin,
                &pairs(&answer("Công ty không làm việc với người này")),
            )
            .await;
        assert_eq!(status, 303);
        // Once: a second answer changes nothing.
        let (status, _, body) = w
            .post(
                &format!("/cases/{id}/money"),
                &w.agency_admin,
                &pairs(&answer("lần hai")),
            )
            .await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        let row = payment::Entity::find_by_id(stated.id)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (row.answer.as_deref(), row.answer_reason.as_deref()),
            (
                Some("disputed"),
                Some("Công ty không làm việc với người này")
            )
        );
        let (_, page) = w.app.get_as(&format!("/cases/{id}/money"), &w.worker).await;
        assert!(page.contains("doanh nghiệp không thừa nhận"));
        // The worker may not answer for the agency.
        let (status, ..) = w
            .post(
                &format!("/cases/{id}/money"),
                &w.worker,
                &pairs(&answer("tự xác nhận")),
            )
            .await;
        assert_eq!(status, 403);
    })
}

#[test]
fn a_statement_shown_only_to_inspectors_is_hidden_from_the_agency_until_it_is_not_its_business() {
    crate::helpers::run(async {
        let w = world().await;
        let id = w.case_in_training().await;
        let (status, body) = pay(
            &w,
            id,
            &w.worker,
            &[
                ("kind", "other"),
                ("payee", "agency"),
                ("paid_on", "2026-11-23"),
                ("amount_vnd", "20.000.000"),
                ("no_receipt", "on"),
                ("inspectors_only", "on"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let (_, page) = w
            .app
            .get_as(&format!("/cases/{id}/money"), &w.agency_admin)
            .await;
        assert!(!page.contains("20.000.000"), "the agency does not see it");
        let inspector = officer(&w, "thanhtra@mol.gov.vn", Role::Inspector).await;
        let (_, page) = w
            .app
            .get_as(&format!("/cases/{id}/money"), &inspector)
            .await;
        assert!(page.contains("20.000.000"));
        assert!(page.contains("doanh nghiệp không xem được"));
        // The agency cannot answer or learn of it by its id either.
        let hidden = entries(&w, id).await.pop().unwrap().id.to_string();
        let ids = id.to_string();
        let (status, ..) = w
            .post(
                &format!("/cases/{id}/money"),
                &w.agency_admin,
                &[
                    ("_action", "answer_statement"),
                    ("case_id", &ids),
                    ("payment_id", &hidden),
                    ("answer", "confirmed"),
                    ("reason", ""),
                ],
            )
            .await;
        assert_eq!(status, 404);
    })
}

#[test]
fn a_mistake_is_undone_by_one_reversing_entry_with_its_reason_and_the_entry_stays() {
    crate::helpers::run(async {
        let w = world().await;
        let id = w.case_in_training().await;
        pay(
            &w,
            id,
            &w.agency_admin,
            &[
                ("kind", "airfare"),
                ("payee", "agency"),
                ("paid_on", "2026-11-23"),
                ("amount_vnd", "90.000.000"),
                ("receipt_no", "BL-9"),
            ],
        )
        .await;
        let original = entries(&w, id).await.pop().unwrap();
        let (oid, ids) = (original.id.to_string(), id.to_string());
        let reverse = |reason: &str| {
            vec![
                ("_action", "reverse_payment".to_owned()),
                ("case_id", ids.clone()),
                ("payment_id", oid.clone()),
                ("reason", reason.to_owned()),
            ]
        };
        let (status, ..) = w
            .post(
                &format!("/cases/{id}/money"),
                &w.agency_admin,
                &pairs(&reverse("")),
            )
            .await;
        assert_eq!(status, 422, "a reversal needs its reason");
        let (status, ..) = w
            .post(
                &format!("/cases/{id}/money"),
                &w.agency_admin,
                &pairs(&reverse("Gõ thừa một số 0")),
            )
            .await;
        assert_eq!(status, 303);
        let (status, ..) = w
            .post(
                &format!("/cases/{id}/money"),
                &w.agency_admin,
                &pairs(&reverse("lần hai")),
            )
            .await;
        assert_eq!(status, 422, "an entry is reversed once");
        let all = entries(&w, id).await;
        assert_eq!(all.len(), 2, "the entry stays, beside its reversal");
        assert_eq!(all[1].reverses_id, Some(original.id));
        assert_eq!(all[0].amount_vnd, 90_000_000, "nothing was edited");
        let (_, page) = w.app.get_as(&format!("/cases/{id}/money"), &w.worker).await;
        assert!(page.contains("Gõ thừa một số 0"));
        // The worker cannot reverse the agency's record.
        let (status, ..) = w
            .post(
                &format!("/cases/{id}/money"),
                &w.worker,
                &pairs(&reverse("không phải của tôi")),
            )
            .await;
        assert_eq!(status, 403);
    })
}

/// A Korea EPS order through the public service unit: no service fee, a deposit within the
/// seeded 100,000,000 VND cap.
async fn eps_case(w: &World, deposit: &str) -> (i32, u16, String) {
    let (status, to, body) = w
        .post(
            "/orders/new",
            &w.agency_admin,
            &[
                ("_action", "order_draft"),
                ("market_code", "KR"),
                ("employer_name", "Daehan Industrial Co."),
                ("occupation", "7212"),
                ("headcount", "5"),
                ("wage_amount", "2.100.000"),
                ("wage_currency", "KRW"),
                ("term_months", "36"),
                ("service_fee_vnd", "0"),
                ("deposit_vnd", "100.000.000"),
                ("form", "public_service_unit"),
                ("programme", "eps"),
            ],
        )
        .await;
    assert_eq!(status, 303, "{}", excerpt(&body));
    let order: i32 = to.trim_start_matches("/orders/").parse().unwrap();
    let o = order.to_string();
    for (who, fields) in [
        (
            &w.agency_admin,
            vec![("_action", "order_submit"), ("order_id", o.as_str())],
        ),
        (
            &w.dolab,
            vec![
                ("_action", "order_decide"),
                ("order_id", o.as_str()),
                ("decision", "approve"),
                ("reason", ""),
            ],
        ),
    ] {
        let (status, ..) = w.post(&to, who, &fields).await;
        assert_eq!(status, 303);
    }
    let (_, to, _) = w.apply(order, &w.worker).await;
    let id: i32 = to.trim_start_matches("/cases/").parse().unwrap();
    for (step, fields) in [
        (
            "screen",
            vec![
                ("health_certificate_no", "SK-1"),
                ("health_certificate_on", "2026-11-02"),
                ("exam_result", "Đạt EPS-TOPIK"),
                ("language_level", "EPS-TOPIK"),
            ],
        ),
        ("select", vec![("selected_on", "2026-11-23")]),
    ] {
        let (status, body) = w.step(id, &w.agency_admin, step, &fields).await;
        assert_eq!(status, 303, "{step}: {}", excerpt(&body));
    }
    let (status, body) = w
        .step(
            id,
            &w.agency_admin,
            "contract",
            &[
                ("contract_no", "7/HĐ-EPS"),
                ("signed_on", "2026-11-23"),
                ("service_fee_vnd", "0"),
                ("deposit_vnd", deposit),
            ],
        )
        .await;
    (id, status, body)
}

#[test]
fn a_deposit_over_the_seeded_korea_eps_cap_is_refused_at_the_contract_naming_the_cap() {
    crate::helpers::run(async {
        let w = world().await;
        let (id, status, body) = eps_case(&w, "100.000.001").await;
        assert_eq!(status, 422);
        assert!(
            body.contains("Tiền ký quỹ vượt mức tối đa 100.000.000"),
            "{}",
            excerpt(&body)
        );
        assert_eq!(w.case(id).await.state, "selected", "nothing was saved");
    })
}

#[test]
fn a_deposit_before_the_visa_is_refused_with_its_reason_and_one_after_it_is_held() {
    crate::helpers::run(async {
        let w = world().await;
        let (id, status, body) = eps_case(&w, "100.000.000").await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let deposit = |on: &'static str, amount: &'static str| {
            vec![
                ("kind", "deposit"),
                ("payee", "provider"),
                ("paid_on", on),
                ("amount_vnd", amount),
                ("receipt_no", "NHCSXH-1"),
                ("bank", "Ngân hàng Chính sách xã hội"),
                ("account", "7001-0042"),
            ]
        };
        let (status, body) = pay(
            &w,
            id,
            &w.agency_admin,
            &deposit("2026-11-23", "100.000.000"),
        )
        .await;
        assert_eq!(status, 422);
        assert!(
            body.contains("Chỉ được nhận tiền ký quỹ sau khi đã ký hợp đồng và có thị thực"),
            "{}",
            excerpt(&body)
        );
        assert!(entries(&w, id).await.is_empty(), "nothing was posted");
        let (status, body) = w
            .step(
                id,
                &w.agency_admin,
                "train",
                &[("started_on", "2026-11-23")],
            )
            .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let (status, body) = w
            .step(
                id,
                &w.agency_admin,
                "grant_visa",
                &[
                    ("passport_no", "C1234567"),
                    ("visa_no", "E9-2026-1"),
                    ("granted_on", "2026-11-23"),
                ],
            )
            .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let (status, _) = pay(
            &w,
            id,
            &w.agency_admin,
            &deposit("2026-11-23", "100.000.001"),
        )
        .await;
        assert_eq!(status, 422, "over the contract and the programme's cap");
        let (status, body) = pay(
            &w,
            id,
            &w.agency_admin,
            &deposit("2026-11-23", "100.000.000"),
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let (_, page) = w.app.get_as(&format!("/cases/{id}/money"), &w.worker).await;
        assert!(
            page.contains("Đang phong toả trong tài khoản"),
            "the worker sees it held"
        );
        assert!(page.contains("7001-0042"));
    })
}

#[test]
fn a_contract_signed_at_170_yen_keeps_its_cap_after_a_rate_of_165_is_added() {
    crate::helpers::run(async {
        let w = world().await;
        let id = w.case_in_training().await;
        legal_rule::ActiveModel {
            key: Set("vnd_per_currency_unit".to_owned()),
            scope: Set("JPY".to_owned()),
            effective_from: Set(crate::helpers::date(2026, 11, 23)),
            value: Set(165),
            source: Set("test".to_owned()),
            created_by: Set(None),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&w.app.db)
        .await
        .unwrap();
        w.app.backend.rules.clear();
        // The contract was signed on 2026-11-23 too, but the order's board card moves with today.
        let (_, page) = w.app.get_as(&format!("/cases/{id}/money"), &w.worker).await;
        assert!(
            page.contains("84.150.000"),
            "the contract keeps 170: {}",
            excerpt(&page)
        );
        let (_, order_page) = w
            .app
            .get_as(
                &format!("/orders/{}", w.case(id).await.job_order_id),
                &w.worker,
            )
            .await;
        assert!(order_page.contains("81.675.000"), "today's offer is at 165");
    })
}

#[test]
fn a_contract_in_a_currency_with_no_rate_on_its_day_is_refused_naming_the_rate() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("3").await;
        let (_, to, _) = w.apply(order, &w.worker).await;
        let id: i32 = to.trim_start_matches("/cases/").parse().unwrap();
        for (step, fields) in [
            (
                "screen",
                vec![
                    ("health_certificate_no", "SK-1"),
                    ("health_certificate_on", "2026-11-02"),
                    ("exam_result", "Đạt"),
                    ("language_level", "N5"),
                ],
            ),
            ("select", vec![("selected_on", "2026-11-23")]),
        ] {
            assert_eq!(w.step(id, &w.agency_admin, step, &fields).await.0, 303);
        }
        legal_rule::Entity::delete_many()
            .filter(legal_rule::Column::Key.eq("vnd_per_currency_unit"))
            .filter(legal_rule::Column::Scope.eq("JPY"))
            .exec(&w.app.db)
            .await
            .unwrap();
        w.app.backend.rules.clear();
        let (status, body) = w
            .step(
                id,
                &w.agency_admin,
                "contract",
                &[
                    ("contract_no", "1"),
                    ("signed_on", "2026-11-23"),
                    ("service_fee_vnd", "30.000.000"),
                ],
            )
            .await;
        assert_eq!(status, 422);
        assert!(body.contains("Tỷ giá quy đổi"), "{}", excerpt(&body));
        assert!(body.contains("JPY"));
        assert_eq!(w.case(id).await.state, "selected");
    })
}

#[test]
fn a_licence_deposit_used_on_a_ministry_order_is_overdue_for_top_up_after_thirty_days() {
    crate::helpers::run(async {
        let w = world().await;
        let agency = w.agency.to_string();
        let path = format!("/deposits/{agency}");
        let record = |kind: &str, amount: &str, on: &str| {
            vec![
                ("_action", "licence_deposit_move".to_owned()),
                ("agency_id", agency.clone()),
                ("kind", kind.to_owned()),
                ("amount_vnd", amount.to_owned()),
                ("on", on.to_owned()),
                (
                    "order_no",
                    if kind == "used" { "15/QĐ-BNV" } else { "" }.to_owned(),
                ),
                ("bank", "Vietcombank".to_owned()),
                ("note", String::new()),
            ]
        };
        let (status, ..) = w
            .post(
                &path,
                &w.dolab,
                &pairs(&record("paid", "2.000.000.000", "2025-01-10")),
            )
            .await;
        assert_eq!(status, 303);
        // The agency may not record it itself.
        let (status, ..) = w
            .post(
                &path,
                &w.agency_admin,
                &pairs(&record("topped_up", "1", "2026-11-01")),
            )
            .await;
        assert_eq!(status, 403);
        let (status, ..) = w
            .post(
                &path,
                &w.dolab,
                &pairs(&record("used", "300.000.000", "2026-11-23")),
            )
            .await;
        assert_eq!(status, 303);
        let (_, page) = w.app.get_as(&path, &w.dolab).await;
        assert!(
            page.contains("Phải bổ sung trước 23/12/2026"),
            "{}",
            excerpt(&page)
        );
        w.app.clock.advance(chrono::TimeDelta::days(31));
        let inspector = officer(&w, "thanhtra@mol.gov.vn", Role::Inspector).await;
        let (_, page) = w.app.get_as(&path, &inspector).await;
        assert!(
            page.contains("Quá hạn bổ sung từ 23/12/2026"),
            "{}",
            excerpt(&page)
        );
        let (_, list) = w.app.get_as("/deposits", &inspector).await;
        assert!(list.contains("Quá hạn bổ sung"));
        // Its own staff see it; another agency learns nothing of it.
        let other = crate::helpers::AgencyFixture::named("Công ty Khác", "9/GP", "0109999999")
            .insert(&w.app.db)
            .await;
        let stranger = w
            .app
            .add_user("admin@khac.vn", Role::AgencyAdmin, Some(other), None, None)
            .await;
        let stranger = w.app.session_for(stranger).await;
        let (status, _) = w.app.get_as(&path, &stranger).await;
        assert_eq!(status, 404);
    })
}

#[test]
fn a_hidden_statement_never_shows_through_the_flags_of_the_agencys_own_entries() {
    crate::helpers::run(async {
        let w = world().await;
        let id = w.case_in_training().await;
        let (status, _) = pay(
            &w,
            id,
            &w.worker,
            &[
                ("kind", "service_fee"),
                ("payee", "agency"),
                ("paid_on", "2026-11-23"),
                ("amount_vnd", "80.000.000"),
                ("no_receipt", "on"),
                ("inspectors_only", "on"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (status, _) = pay(
            &w,
            id,
            &w.agency_admin,
            &[
                ("kind", "service_fee"),
                ("payee", "agency"),
                ("paid_on", "2026-11-23"),
                ("amount_vnd", "40.000.000"),
                ("receipt_no", "BL-1"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let agency_entry = entries(&w, id).await.pop().unwrap();
        assert_eq!(
            agency_entry.flags, "[]",
            "120,000,000 with the hidden one, but the agency's entry is judged on what it may see"
        );
    })
}

#[test]
fn a_worker_states_an_unlawful_deposit_and_it_is_posted_with_its_flag_not_refused() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("3").await;
        let (_, to, _) = w.apply(order, &w.worker).await;
        let id: i32 = to.trim_start_matches("/cases/").parse().unwrap();
        let (status, body) = pay(
            &w,
            id,
            &w.worker,
            &[
                ("kind", "deposit"),
                ("payee", "agency"),
                ("paid_on", "2026-11-20"),
                ("amount_vnd", "150.000.000"),
                ("no_receipt", "on"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let stated = entries(&w, id).await.pop().unwrap();
        let flags = app::backend::payments::flags_of_row(&stated).unwrap();
        use app::domain::payments::Flag;
        assert!(flags.contains(&Flag::DepositTooEarly), "{flags:?}");
        assert!(
            flags.contains(&Flag::DepositOverCap { cap_vnd: 0 }),
            "{flags:?}"
        );
    })
}

#[test]
fn a_released_deposit_cannot_be_unpaid_by_reversing_it() {
    crate::helpers::run(async {
        let w = world().await;
        let (id, status, _) = eps_case(&w, "100.000.000").await;
        assert_eq!(status, 303);
        for (step, fields) in [
            ("train", vec![("started_on", "2026-11-23")]),
            (
                "grant_visa",
                vec![
                    ("passport_no", "C1234567"),
                    ("visa_no", "E9-1"),
                    ("granted_on", "2026-11-23"),
                    ("deposit_vnd", "100.000.000"),
                    ("deposit_bank", "Ngân hàng Chính sách xã hội"),
                    ("deposit_account", "7001"),
                    ("deposit_paid_on", "2026-11-23"),
                ],
            ),
        ] {
            let (status, body) = w.step(id, &w.agency_admin, step, &fields).await;
            assert_eq!(status, 303, "{step}: {}", excerpt(&body));
        }
        let deposit = entries(&w, id).await.pop().unwrap();
        assert_eq!(
            deposit.kind, "deposit",
            "the visa step's deposit is in the ledger"
        );
        let (status, _) = pay(
            &w,
            id,
            &w.agency_admin,
            &[
                ("kind", "deposit_released"),
                ("payee", "provider"),
                ("paid_on", "2026-11-23"),
                ("amount_vnd", "100.000.000"),
                ("receipt_no", "HT-1"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (ids, did) = (id.to_string(), deposit.id.to_string());
        let (status, ..) = w
            .post(
                &format!("/cases/{id}/money"),
                &w.agency_admin,
                &[
                    ("_action", "reverse_payment"),
                    ("case_id", &ids),
                    ("payment_id", &did),
                    ("reason", "nhầm"),
                ],
            )
            .await;
        assert_eq!(status, 422, "nothing would be held below zero");
    })
}
