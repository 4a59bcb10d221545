//! Integrity: stored values that cannot be read fail loudly (the generic error with its request
//! id, the stored row left as it was), and the races the database closes: a decision taken
//! once, one open case per worker, one list per case. The races only truly run at once on
//! PostgreSQL (SQLite queues writers), but the outcome asserted is the same on both.

use app::backend::entity::{audit_log, case_event, departure_list, legal_rule};
use app::backend::Clock;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use crate::helpers::{date, run, spawn_app, AgencyFixture, TestApp};
use crate::lifecycle::{excerpt, world, World};

fn request_id(res: &reqwest::Response) -> String {
    res.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_owned()
}

/// A form POST, with the request id the server gave it.
async fn post(
    app: &TestApp,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let res = app.post_form(path, fields, Some(cookie)).await;
    let status = res.status().as_u16();
    let id = request_id(&res);
    (status, id, res.text().await.expect("body"))
}

/// A page, with the request id the server gave it.
async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> (u16, String, String) {
    let mut req = app.client.get(format!("{}{path}", app.address));
    if let Some(c) = cookie {
        req = req.header("cookie", format!("ht_session={c}"));
    }
    let res = req.send().await.expect("request sent");
    let status = res.status().as_u16();
    let id = request_id(&res);
    (status, id, res.text().await.expect("body"))
}

/// The generic error: status 500, the request id on the page, nothing of the stored value.
fn assert_generic_error(what: &str, (status, id, body): &(u16, String, String), stored: &str) {
    assert_eq!(*status, 500, "{what}: {}", excerpt(body));
    assert!(
        body.contains(id.as_str()),
        "{what}: the page names its request id {id}"
    );
    assert!(
        !body.contains(stored),
        "{what}: the unreadable value does not reach the page"
    );
}

/// A case of the world's worker with its visa, ready to be listed.
async fn case_with_visa(w: &World) -> i32 {
    let id = w.case_in_training().await;
    let (status, body) = w
        .step(
            id,
            &w.agency_admin,
            "grant_visa",
            &[
                ("passport_no", "C1234567"),
                ("visa_no", "COE-77812"),
                ("granted_on", "2026-11-23"),
                ("deposit_vnd", ""),
            ],
        )
        .await;
    assert_eq!(status, 303, "visa: {}", excerpt(&body));
    id
}

fn list_fields(order: &str, case: &str) -> Vec<(&'static str, String)> {
    vec![
        ("_action", "list_create".to_owned()),
        ("order_id", order.to_owned()),
        ("case_id", case.to_owned()),
        ("planned_exit_on", "2026-11-30".to_owned()),
    ]
}

async fn send_list(w: &World, case_id: i32) -> (u16, String, String) {
    let order = w.case(case_id).await.job_order_id.to_string();
    let fields = list_fields(&order, &case_id.to_string());
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    w.post("/lists", &w.agency_admin, &pairs).await
}

/// A case of the world's worker on a list sent to DOLAB; returns (case, list).
async fn listed_case(w: &World) -> (i32, i32) {
    let id = case_with_visa(w).await;
    let (status, _, body) = send_list(w, id).await;
    assert_eq!(status, 303, "list: {}", excerpt(&body));
    let list = w.case(id).await.departure_list_id.expect("on the list");
    (id, list)
}

async fn audit_count(app: &TestApp, actions: &[&str], record: (&str, i32)) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.is_in(actions.iter().copied()))
        .filter(audit_log::Column::RecordType.eq(record.0))
        .filter(audit_log::Column::RecordId.eq(record.1.to_string()))
        .count(&app.db)
        .await
        .expect("audit count")
}

async fn case_steps(app: &TestApp, case_id: i32) -> (u64, u64) {
    let events = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case_id))
        .filter(case_event::Column::Kind.eq("step"))
        .count(&app.db)
        .await
        .expect("timeline");
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::CaseId.eq(case_id))
        .filter(audit_log::Column::Action.eq("case.step"))
        .count(&app.db)
        .await
        .expect("audit");
    (events, audited)
}

// ------------------------------------------------------------------ nothing decoded silently

#[test]
fn an_unreadable_licence_status_fails_the_registry_with_a_request_id_and_never_reads_as_active() {
    run(async {
        let app = spawn_app().await;
        let id = AgencyFixture::named("Công ty Sao Mai", "123/LĐTBXH-GP", "0101234567")
            .insert(&app.db)
            .await;
        let (status, html) = app.page("/agencies").await;
        assert_eq!(status, 200);
        assert!(html.contains("Công ty Sao Mai"), "readable: listed");

        app.db
            .execute_unprepared(&format!(
                "UPDATE agencies SET licence_status = 'bogus' WHERE id = {id}"
            ))
            .await
            .expect("corrupt the licence status");

        for path in [
            "/agencies".to_owned(),
            format!("/agencies/{id}"),
            "/".to_owned(),
        ] {
            let answer = page(&app, &path, None).await;
            assert_generic_error(&path, &answer, "bogus");
            assert!(
                !answer.2.contains("Công ty Sao Mai"),
                "{path}: the agency is not shown, in any standing"
            );
        }
        // The registry's server function answers the same way, with the request id only.
        let res = app
            .client
            .post(format!("{}/api/registry/search", app.address))
            .json(&serde_json::json!({
                "filter": { "q": "", "standing": null, "market": null, "page": 1 }
            }))
            .send()
            .await
            .expect("request sent");
        assert_eq!(res.status().as_u16(), 500);
        let id = request_id(&res);
        let body = res.text().await.expect("body");
        assert!(body.contains(&id), "{body}");
        assert!(
            !body.contains("active") && !body.contains("bogus"),
            "{body}"
        );
    })
}

#[test]
fn an_unreadable_case_file_refuses_the_step_and_leaves_the_stored_text_as_it_was() {
    run(async {
        let w = world().await;
        let order = w.approved_order("5").await;
        let (status, to, _) = w.apply(order, &w.worker).await;
        assert_eq!(status, 303);
        let id: i32 = to.trim_start_matches("/cases/").parse().expect("case id");
        // Cut short, as a failed write or a hand edit might leave it.
        let corrupt = r#"{"screening":{"health_certificate_no":"SK-HONG-77","#;
        w.app
            .db
            .execute_unprepared(&format!(
                "UPDATE cases SET details = '{corrupt}' WHERE id = {id}"
            ))
            .await
            .expect("corrupt the case file");
        let before = w.case(id).await;
        let version = before.version.to_string();
        let id_s = id.to_string();
        let answer = post(
            &w.app,
            &to,
            &w.agency_admin,
            &[
                ("_action", "case_step"),
                ("case_id", &id_s),
                ("version", &version),
                ("step", "screen"),
                ("health_certificate_no", "SK-2026-118"),
                ("health_certificate_on", "2026-11-02"),
                ("exam_result", "Đạt"),
                ("language_level", "N5"),
            ],
        )
        .await;
        assert_generic_error("the step", &answer, "SK-HONG-77");
        let after = w.case(id).await;
        assert_eq!(
            after.details, corrupt,
            "the stored text is byte for byte as it was"
        );
        assert_eq!(
            (after.state.as_str(), after.version),
            (before.state.as_str(), before.version)
        );
        assert_eq!(
            case_steps(&w.app, id).await,
            (0, 0),
            "no step on the timeline or audited"
        );
        // The case page fails the same way instead of showing an empty file.
        let answer = page(&w.app, &to, Some(&w.agency_admin)).await;
        assert_generic_error("the case page", &answer, "SK-HONG-77");
    })
}

#[test]
fn an_unreadable_case_file_on_a_list_refuses_the_confirmation_and_the_list_stays_submitted() {
    run(async {
        let w = world().await;
        let (id, list) = listed_case(&w).await;
        let corrupt = "not json at all";
        w.app
            .db
            .execute_unprepared(&format!(
                "UPDATE cases SET details = '{corrupt}' WHERE id = {id}"
            ))
            .await
            .expect("corrupt the case file");
        let list_s = list.to_string();
        let answer = post(
            &w.app,
            "/lists",
            &w.dolab,
            &[
                ("_action", "list_decide"),
                ("list_id", &list_s),
                ("decision", "approve"),
                ("reason", ""),
            ],
        )
        .await;
        assert_eq!(answer.0, 500, "{}", excerpt(&answer.2));
        assert!(answer.2.contains(&answer.1), "the request id is shown");
        let l = departure_list::Entity::find_by_id(list)
            .one(&w.app.db)
            .await
            .expect("lists")
            .expect("the list");
        assert_eq!((l.status.as_str(), l.decided_on), ("submitted", None));
        let c = w.case(id).await;
        assert_eq!(
            (c.details.as_str(), c.state.as_str()),
            (corrupt, "visa_granted")
        );
        assert_eq!(
            audit_count(
                &w.app,
                &["departure_list.confirmed"],
                ("departure_list", list)
            )
            .await,
            0
        );
    })
}

#[test]
fn an_unreadable_case_state_fails_the_step_and_the_board_instead_of_passing_for_another_state() {
    run(async {
        let w = world().await;
        let order = w.approved_order("5").await;
        let (_, to, _) = w.apply(order, &w.worker).await;
        let id: i32 = to.trim_start_matches("/cases/").parse().expect("case id");
        w.app
            .db
            .execute_unprepared(&format!(
                "UPDATE cases SET state = 'flying' WHERE id = {id}"
            ))
            .await
            .expect("corrupt the state");
        let (status, body) = w
            .step(id, &w.worker, "withdraw", &[("note", "Đổi ý")])
            .await;
        assert_eq!(status, 500, "{}", excerpt(&body));
        assert_eq!(w.case(id).await.state, "flying", "left as it was");
        let answer = page(&w.app, "/cases", Some(&w.agency_admin)).await;
        assert_generic_error("the board", &answer, "flying");
    })
}

#[test]
fn a_rule_row_with_an_unknown_key_fails_the_rules_page_instead_of_being_left_out() {
    run(async {
        let app = spawn_app().await;
        legal_rule::ActiveModel {
            key: Set("bogus_rule_key".to_owned()),
            scope: Set(String::new()),
            effective_from: Set(date(2022, 1, 1)),
            value: Set(7),
            source: Set("Không rõ".to_owned()),
            created_by: Set(None),
            created_at: Set(app.clock.now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("a rule row the application cannot read");
        let answer = page(&app, "/rules", None).await;
        assert_generic_error("the rules page", &answer, "bogus_rule_key");
        assert!(
            app::backend::rules::on(&app.backend, date(2026, 11, 23))
                .await
                .is_err(),
            "no act is judged by a book with a row left out"
        );
    })
}
