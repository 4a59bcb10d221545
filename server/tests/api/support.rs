//! Poverty-programme support and job-connection claims through the real forms and the seeded
//! rules: a worker's household status, each item paid once per programme period within its cap
//! at the highest rate that applies, the province's totals against its budget, claims payable
//! only once the job has been held for the rule's months, and nobody outside the province
//! learning the worker exists.

use app::backend::entity::{
    audit_log, connection_claim, legal_rule, support_budget, support_payment, worker,
};
use app::domain::accounts::Role;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::lifecycle::{excerpt, world, World};

/// The worker of the world (citizen ID 001…, so Hà Nội, province 01).
async fn the_worker(w: &World) -> worker::Model {
    worker::Entity::find()
        .filter(worker::Column::CitizenId.eq("001301012345"))
        .one(&w.app.db)
        .await
        .unwrap()
        .expect("the signed-up worker has a record")
}

/// The text of the element with `data-testid="<testid>"` in a page (none without one): the
/// message next to a field (`error-<field>`) or about the whole form (`form-error`), so an
/// assertion reads what the refusal says, not what the page shows anyway.
fn testid_text(body: &str, testid: &str) -> Option<String> {
    let rest = &body[body.find(&format!("data-testid=\"{testid}\""))?..];
    let text = &rest[rest.find('>')? + 1..];
    Some(text[..text.find("</")?].to_owned())
}

fn field_error(body: &str, field: &str) -> String {
    testid_text(body, &format!("error-{field}"))
        .unwrap_or_else(|| panic!("a message next to {field}: {}", excerpt(body)))
}

fn form_error(body: &str) -> String {
    testid_text(body, "form-error")
        .unwrap_or_else(|| panic!("a message about the form: {}", excerpt(body)))
}

async fn officer(w: &World, email: &str, province: &str) -> String {
    let id = w
        .app
        .add_user(email, Role::ProvincialOfficer, None, Some(province), None)
        .await;
    w.app.session_for(id).await
}

async fn record_status(w: &World, cookie: &str, worker_id: i32, status: &str) -> (u16, String) {
    let id = worker_id.to_string();
    let (code, _, body) = w
        .post(
            &format!("/support/workers/{worker_id}"),
            cookie,
            &[
                ("_action", "household_status"),
                ("worker_id", &id),
                ("year", "2026"),
                ("status", status),
                ("certificate_no", "15/XN-UBND"),
            ],
        )
        .await;
    (code, body)
}

async fn pay(
    w: &World,
    cookie: &str,
    worker_id: i32,
    item: &str,
    amount: &str,
    quantity: &str,
) -> (u16, String) {
    pay_with_receipt(w, cookie, worker_id, item, amount, quantity, ("", "")).await
}

/// A payment with its receipt's number and amount.
async fn pay_with_receipt(
    w: &World,
    cookie: &str,
    worker_id: i32,
    item: &str,
    amount: &str,
    quantity: &str,
    (receipt_no, receipt_amount): (&str, &str),
) -> (u16, String) {
    let id = worker_id.to_string();
    let (code, _, body) = w
        .post(
            &format!("/support/workers/{worker_id}"),
            cookie,
            &[
                ("_action", "support_payment"),
                ("worker_id", &id),
                ("item", item),
                ("paid_on", "2026-11-20"),
                ("amount_vnd", amount),
                ("quantity", quantity),
                ("receipt_no", receipt_no),
                ("receipt_amount_vnd", receipt_amount),
                ("note", ""),
            ],
        )
        .await;
    (code, body)
}

async fn system_admin(w: &World) -> String {
    let id = w
        .app
        .add_user("root@hanhtrang.vn", Role::SystemAdmin, None, None, None)
        .await;
    w.app.session_for(id).await
}

async fn add_rule(
    w: &World,
    cookie: &str,
    key: &str,
    scope: &str,
    from: &str,
    value: &str,
) -> (u16, String) {
    let (code, _, body) = w
        .post(
            "/rules",
            cookie,
            &[
                ("_action", "rule_add"),
                ("key", key),
                ("scope", scope),
                ("effective_from", from),
                ("value", value),
                ("source", "Văn bản thử"),
            ],
        )
        .await;
    (code, body)
}

async fn payments_of(w: &World, worker_id: i32) -> Vec<support_payment::Model> {
    support_payment::Entity::find()
        .filter(support_payment::Column::WorkerId.eq(worker_id))
        .all(&w.app.db)
        .await
        .unwrap()
}

async fn audited(w: &World, action: &str) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .count(&w.app.db)
        .await
        .unwrap()
}

#[test]
fn a_near_poor_worker_is_paid_each_item_once_within_its_share_and_it_counts_against_the_budget() {
    crate::helpers::run(async {
        let w = world().await;
        let so = officer(&w, "so@hanoi.gov.vn", "01").await;
        let worker = the_worker(&w).await;

        // Without the commune's certificate for the year, nothing is due.
        let (code, body) = pay(&w, &so, worker.id, "language", "2.800.000", "").await;
        assert_eq!(code, 422, "{}", excerpt(&body));
        assert!(
            form_error(&body).contains("năm 2026"),
            "says which year: {}",
            excerpt(&body)
        );
        assert!(payments_of(&w, worker.id).await.is_empty());

        let (code, body) = record_status(&w, &so, worker.id, "near_poor").await;
        assert_eq!(code, 303, "{}", excerpt(&body));
        let (code, body) = record_status(&w, &so, worker.id, "near_poor").await;
        assert_eq!(
            code,
            422,
            "the same status twice for a year: {}",
            excerpt(&body)
        );

        // Near-poor: 70% of the 4,000,000 VND language course.
        let (code, body) = pay(&w, &so, worker.id, "language", "3.000.000", "").await;
        assert_eq!(code, 422);
        assert!(
            field_error(&body, "amount_vnd").contains("2.800.000"),
            "the most is named next to the amount: {}",
            excerpt(&body)
        );
        assert!(
            body.contains("3.000.000"),
            "what was typed is kept in the form"
        );
        let (code, body) = pay(&w, &so, worker.id, "language", "2.800.000", "").await;
        assert_eq!(code, 303, "{}", excerpt(&body));
        // Meals count days: 50,000 a day for 30 days at most.
        let (code, _) = pay(&w, &so, worker.id, "meals", "1.600.000", "30").await;
        assert_eq!(code, 422);
        let (code, body) = pay(&w, &so, worker.id, "meals", "1.500.000", "30").await;
        assert_eq!(code, 303, "{}", excerpt(&body));

        // Once per item and programme period.
        let (code, body) = pay(&w, &so, worker.id, "language", "100.000", "").await;
        assert_eq!(code, 422);
        assert!(
            field_error(&body, "item").contains("2026–2030"),
            "{}",
            excerpt(&body)
        );
        let paid = payments_of(&w, worker.id).await;
        assert_eq!(paid.len(), 2);
        let language = paid.iter().find(|p| p.item == "language").unwrap();
        assert_eq!(
            (language.amount_vnd, language.share_bps, language.period),
            (2_800_000, 7_000, 2026)
        );
        // The database holds it too, whatever a use case checked before.
        let mut twice: support_payment::ActiveModel = language.clone().into();
        twice = twice.reset_all();
        twice.id = sea_orm::ActiveValue::NotSet;
        assert!(twice.insert(&w.app.db).await.is_err());

        // The province's budget, and what remains of it.
        let (code, _, body) = w
            .post(
                "/support",
                &so,
                &[
                    ("_action", "support_budget"),
                    ("year", "2026"),
                    ("amount_vnd", "100.000.000"),
                    ("decision_no", "3120/QĐ-UBND"),
                ],
            )
            .await;
        assert_eq!(code, 303, "{}", excerpt(&body));
        let (code, page) = w.app.get_as("/support", &so).await;
        assert_eq!(code, 200);
        assert!(page.contains("4.300.000"), "paid: {}", excerpt(&page));
        assert!(page.contains("95.700.000"), "remaining");
        assert!(page.contains(&worker.full_name), "the worker is listed");

        // National officers see every province's totals; the worker sees their own support.
        let (code, page) = w.app.get_as("/support", &w.dolab).await;
        assert_eq!(code, 200);
        assert!(page.contains("95.700.000"));
        let (code, page) = w
            .app
            .get_as(&format!("/support/workers/{}", worker.id), &w.worker)
            .await;
        assert_eq!(code, 200);
        assert!(page.contains("2.800.000"));

        assert_eq!(audited(&w, "support.status_recorded").await, 1);
        assert_eq!(audited(&w, "support.paid").await, 2);
        assert_eq!(audited(&w, "support.budget_recorded").await, 1);
    })
}

#[test]
fn nobody_outside_the_workers_province_learns_the_worker_exists_or_can_record_support() {
    crate::helpers::run(async {
        let w = world().await;
        let worker = the_worker(&w).await;
        let elsewhere = officer(&w, "so@hue.gov.vn", "46").await;
        let page = format!("/support/workers/{}", worker.id);
        let (code, _) = w.app.get_as(&page, &elsewhere).await;
        assert_eq!(code, 404, "another province's officer");
        let (code, _) = w.app.get_as(&page, &w.agency_admin).await;
        assert_eq!(code, 404, "an agency");
        let (code, _) = w.app.get_as("/support/workers/999999", &elsewhere).await;
        assert_eq!(code, 404, "the same answer as for no worker at all");
        let (code, _) = record_status(&w, &elsewhere, worker.id, "poor").await;
        assert_eq!(code, 404);
        let (code, _) = record_status(&w, &w.dolab, worker.id, "poor").await;
        assert_eq!(code, 403, "national officers see, they do not record");
        let (code, _) = record_status(&w, &w.worker, worker.id, "poor").await;
        assert_eq!(code, 403, "nor does the worker");
        let (code, _) = w.app.get_as("/support", &w.agency_admin).await;
        assert_eq!(code, 403);
        // A Huế officer's totals never include Hà Nội's payments.
        let so = officer(&w, "so@hanoi.gov.vn", "01").await;
        let (code, _) = record_status(&w, &so, worker.id, "poor").await;
        assert_eq!(code, 303);
        let (code, _) = pay(&w, &so, worker.id, "kit", "600.000", "").await;
        assert_eq!(code, 303);
        let (_, page) = w.app.get_as("/support", &elsewhere).await;
        assert!(!page.contains("600.000"), "{}", excerpt(&page));
        assert!(!page.contains(&worker.full_name));
    })
}

async fn claim(w: &World, cookie: &str, case_id: &str) -> (u16, String) {
    let (code, _, body) = w
        .post(
            "/support",
            cookie,
            &[
                ("_action", "connection_claim"),
                ("case_id", case_id),
                ("unit_name", "Trung tâm Dịch vụ việc làm Hà Nội"),
                ("amount_vnd", "1.500.000"),
                ("note", ""),
            ],
        )
        .await;
    (code, body)
}

async fn mark_paid(w: &World, cookie: &str, claim_id: i32, on: &str) -> (u16, String) {
    let id = claim_id.to_string();
    let (code, _, body) = w
        .post(
            "/support",
            cookie,
            &[
                ("_action", "connection_claim_paid"),
                ("claim_id", &id),
                ("paid_on", on),
            ],
        )
        .await;
    (code, body)
}

#[test]
fn a_job_connection_claim_is_payable_three_months_into_the_job_and_paid_once() {
    crate::helpers::run(async {
        let w = world().await;
        let so = officer(&w, "so@hanoi.gov.vn", "01").await;
        let worker = the_worker(&w).await;
        let id = w.departed_case().await;
        let ids = id.to_string();

        let (code, body) = claim(&w, &so, "999999").await;
        assert_eq!(code, 422);
        assert!(
            field_error(&body, "case_id").contains("Không có hồ sơ"),
            "{}",
            excerpt(&body)
        );
        let (code, body) = claim(&w, &so, &ids).await;
        assert_eq!(code, 422, "only for a worker of a poor household");
        assert!(form_error(&body).contains("năm 2026"), "{}", excerpt(&body));
        let (code, _) = record_status(&w, &so, worker.id, "poor").await;
        assert_eq!(code, 303);
        let elsewhere = officer(&w, "so@hue.gov.vn", "46").await;
        let (code, body) = claim(&w, &elsewhere, &ids).await;
        assert_eq!(code, 422, "another province's case is not named");
        assert!(field_error(&body, "case_id").contains("Không có hồ sơ"));

        let (code, body) = claim(&w, &so, &ids).await;
        assert_eq!(code, 303, "{}", excerpt(&body));
        let (code, _) = claim(&w, &so, &ids).await;
        assert_eq!(code, 422, "one claim per case");
        let row = connection_claim::Entity::find()
            .filter(connection_claim::Column::CaseId.eq(id))
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();

        // Nobody else learns which claims exist: an existing claim and a missing one answer
        // alike, to the worker, the agency, a national officer and another province's officer.
        for cookie in [&w.worker, &w.agency_admin, &w.dolab, &elsewhere] {
            let (existing, _) = mark_paid(&w, cookie, row.id, "2026-11-23").await;
            let (missing, _) = mark_paid(&w, cookie, row.id + 1000, "2026-11-23").await;
            assert_eq!(
                existing, missing,
                "the same answer with or without the claim"
            );
            assert!(matches!(existing, 403 | 404), "refused: {existing}");
        }

        // Departed on 2026-11-23: payable from 2027-02-23, and says so before.
        let (_, page) = w.app.get_as("/support", &so).await;
        assert!(
            testid_text(&page, "claim-standing").is_some_and(|s| s.contains("23/02/2027")),
            "{}",
            excerpt(&page)
        );
        let (code, body) = mark_paid(&w, &so, row.id, "2026-11-23").await;
        assert_eq!(code, 422, "{}", excerpt(&body));
        assert!(
            form_error(&body).contains("23/02/2027"),
            "{}",
            excerpt(&body)
        );

        w.app.clock.advance(chrono::TimeDelta::days(92));
        let so = officer(&w, "so2@hanoi.gov.vn", "01").await;
        let (code, body) = mark_paid(&w, &so, row.id, "2027-02-22").await;
        assert_eq!(code, 422, "not before the day: {}", excerpt(&body));
        let (code, body) = mark_paid(&w, &so, row.id, "2027-02-23").await;
        assert_eq!(code, 303, "{}", excerpt(&body));
        let (code, _) = mark_paid(&w, &so, row.id, "2027-02-24").await;
        assert_eq!(code, 422, "paid once");
        let row = connection_claim::Entity::find_by_id(row.id)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.paid_on, chrono::NaiveDate::from_ymd_opt(2027, 2, 23));
        assert_eq!(audited(&w, "support.claim_recorded").await, 1);
        assert_eq!(audited(&w, "support.claim_paid").await, 1);
    })
}

#[test]
fn a_fee_paid_at_cost_is_paid_at_most_the_statuss_share_of_its_receipt() {
    crate::helpers::run(async {
        let w = world().await;
        let so = officer(&w, "so@hanoi.gov.vn", "01").await;
        let worker = the_worker(&w).await;
        let (code, _) = record_status(&w, &so, worker.id, "near_poor").await;
        assert_eq!(code, 303);
        // Half of the passport fee for a near-poor household, from this year.
        let admin = system_admin(&w).await;
        let (code, body) = add_rule(
            &w,
            &admin,
            "support_share_bps",
            "NEAR_POOR:PASSPORT",
            "2026-01-01",
            "5000",
        )
        .await;
        assert_eq!(code, 303, "{}", excerpt(&body));

        let receipt = ("BL-0042", "");
        let (code, body) =
            pay_with_receipt(&w, &so, worker.id, "passport", "150.000", "", receipt).await;
        assert_eq!(code, 422, "the receipt's amount is asked for");
        assert!(
            field_error(&body, "receipt_amount_vnd").contains("Vui lòng"),
            "{}",
            excerpt(&body)
        );
        let receipt = ("BL-0042", "300.000");
        let (code, body) =
            pay_with_receipt(&w, &so, worker.id, "passport", "200.000", "", receipt).await;
        assert_eq!(code, 422, "more than half the receipt");
        assert!(
            field_error(&body, "amount_vnd").contains("150.000"),
            "{}",
            excerpt(&body)
        );
        assert!(payments_of(&w, worker.id).await.is_empty());
        let (code, body) =
            pay_with_receipt(&w, &so, worker.id, "passport", "150.000", "", receipt).await;
        assert_eq!(code, 303, "{}", excerpt(&body));

        let paid = payments_of(&w, worker.id).await;
        assert_eq!(paid.len(), 1);
        assert_eq!(
            (
                paid[0].amount_vnd,
                paid[0].receipt_amount_vnd,
                paid[0].share_bps
            ),
            (150_000, Some(300_000), 5_000)
        );
        let entry = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("support.paid"))
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        let after: serde_json::Value = serde_json::from_str(&entry.after_json.unwrap()).unwrap();
        assert_eq!(after["receipt_amount_vnd"], 300_000);
    })
}

#[test]
fn a_rule_value_outside_its_range_is_refused_next_to_the_value_and_not_stored() {
    crate::helpers::run(async {
        let w = world().await;
        let admin = system_admin(&w).await;
        for (key, value, says) in [
            ("support_share_bps", "12000", "10.000"),
            ("support_share_bps", "-1", "0"),
            ("connection_confirm_months", "0", "1"),
            ("connection_confirm_months", "61", "60"),
            ("support_programme_year", "20260", "2.100"),
        ] {
            let (code, body) = add_rule(&w, &admin, key, "", "2027-01-01", value).await;
            assert_eq!(code, 422, "{key} = {value}: {}", excerpt(&body));
            assert!(
                field_error(&body, "value").contains(says),
                "{key} = {value} names its bound {says}: {}",
                excerpt(&body)
            );
        }
        let stored = legal_rule::Entity::find()
            .filter(legal_rule::Column::Key.is_in([
                "support_share_bps",
                "connection_confirm_months",
                "support_programme_year",
            ]))
            .filter(legal_rule::Column::EffectiveFrom.eq(crate::helpers::date(2027, 1, 1)))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(stored, 0);
        let (code, body) = add_rule(
            &w,
            &admin,
            "connection_confirm_months",
            "",
            "2027-01-01",
            "6",
        )
        .await;
        assert_eq!(code, 303, "within its range: {}", excerpt(&body));
        // Every rule the migrations seed is within its range.
        let book = app::backend::rules::book(&w.app.backend).await.unwrap();
        for e in &book.0 {
            assert_eq!(e.key.check(e.value), Ok(e.value), "{e:?}");
        }
    })
}

#[test]
fn two_first_saves_of_a_provinces_budget_at_once_both_succeed_and_the_audit_keeps_both() {
    crate::helpers::run(async {
        let w = world().await;
        let a = officer(&w, "so@hanoi.gov.vn", "01").await;
        let b = officer(&w, "so2@hanoi.gov.vn", "01").await;
        let save = |cookie: String, amount: &'static str| {
            let w = &w;
            async move {
                w.post(
                    "/support",
                    &cookie,
                    &[
                        ("_action", "support_budget"),
                        ("year", "2026"),
                        ("amount_vnd", amount),
                        ("decision_no", "3120/QĐ-UBND"),
                    ],
                )
                .await
            }
        };
        let ((one, _, body_one), (two, _, body_two)) =
            tokio::join!(save(a, "100.000.000"), save(b, "120.000.000"));
        assert_eq!(one, 303, "{}", excerpt(&body_one));
        assert_eq!(two, 303, "{}", excerpt(&body_two));
        let rows = support_budget::Entity::find()
            .filter(support_budget::Column::ProvinceCode.eq("01"))
            .filter(support_budget::Column::Year.eq(2026))
            .all(&w.app.db)
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert!([100_000_000, 120_000_000].contains(&rows[0].amount_vnd));
        assert_eq!(audited(&w, "support.budget_recorded").await, 2);
    })
}
