//! Integrity: stored values that cannot be read fail loudly (the generic error with its request
//! id, the stored row left as it was), and the races the database closes: a decision taken
//! once, one open case per worker, one list per case. The races only truly run at once on
//! PostgreSQL (SQLite queues writers), but the outcome asserted is the same on both.

use app::backend::entity::{
    audit_log, case, case_event, departure_list, job_order, legal_rule, outbox, user,
};
use app::backend::Clock;
use app::domain::accounts::Role;
use app::domain::cases::CaseState;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, SqlErr, TransactionTrait,
};

use crate::helpers::{add_cases, date, run, spawn_app, AgencyFixture, TestApp};
use crate::lifecycle::{excerpt, world, World};

const ALREADY_DECIDED: &str = "đã được quyết định trước đó";
const OPEN_CASE_EXISTS: &str = "đang có một hồ sơ chưa kết thúc";
const NOT_FOUND: &str = "Không tìm thấy hồ sơ này.";

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

const ORDER_TERMS: [(&str, &str); 11] = [
    ("market_code", "JP"),
    ("employer_name", "Yamato Seiki Co., Ltd."),
    ("occupation", "7212"),
    ("headcount", "5"),
    ("wage_amount", "165.000"),
    ("wage_currency", "JPY"),
    ("term_months", "36"),
    ("service_fee_vnd", "40.000.000"),
    ("deposit_vnd", ""),
    ("form", "licensed_agency"),
    ("programme", "technical_intern"),
];

/// A draft of `cookie`'s agency; returns its id.
async fn draft(app: &TestApp, cookie: &str) -> i32 {
    let mut fields = vec![("_action", "order_draft")];
    fields.extend(ORDER_TERMS);
    let res = app.post_form("/orders/new", &fields, Some(cookie)).await;
    assert_eq!(res.status().as_u16(), 303, "draft saved");
    crate::accounts::location(&res)
        .trim_start_matches("/orders/")
        .parse()
        .expect("the new order's id")
}

/// A draft of the world's agency, sent to DOLAB.
async fn submitted_order(w: &World) -> i32 {
    let id = draft(&w.app, &w.agency_admin).await;
    let id_s = id.to_string();
    let (status, ..) = w
        .post(
            &format!("/orders/{id}"),
            &w.agency_admin,
            &[("_action", "order_submit"), ("order_id", &id_s)],
        )
        .await;
    assert_eq!(status, 303, "submitted");
    id
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

async fn worker_id_of(app: &TestApp, email: &str) -> i32 {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .expect("users")
        .and_then(|u| u.worker_id)
        .expect("a worker account")
}

async fn order(app: &TestApp, id: i32) -> job_order::Model {
    job_order::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("job orders")
        .expect("the order")
}

/// Every order's `filled` equals the cases on it that hold a place.
async fn assert_places_consistent(app: &TestApp, orders: &[i32]) {
    for &id in orders {
        let holding = case::Entity::find()
            .filter(case::Column::JobOrderId.eq(id))
            .all(&app.db)
            .await
            .expect("cases")
            .into_iter()
            .filter(|c| {
                CaseState::parse(&c.state).is_some_and(app::domain::lifecycle::takes_a_place)
            })
            .count();
        let filled = order(app, id).await.filled;
        assert_eq!(
            usize::try_from(filled).expect("non-negative"),
            holding,
            "order {id}: places taken match its cases"
        );
    }
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

// ------------------------------------------------------------------ one open case per worker

#[test]
fn the_database_keeps_one_open_case_per_worker_in_exactly_the_states_the_domain_keeps_open() {
    run(async {
        let app = spawn_app().await;
        let mut fixture = AgencyFixture::named("Công ty Sao Mai", "123/LĐTBXH-GP", "0101234567");
        fixture.markets = vec!["JP"];
        let agency = fixture.insert(&app.db).await;
        add_cases(&app.db, agency, "applied", 1).await;
        let first = case::Entity::find()
            .order_by_desc(case::Column::Id)
            .one(&app.db)
            .await
            .expect("cases")
            .expect("the case just added");
        let now = app.clock.now();
        let another = |state: CaseState| case::ActiveModel {
            worker_id: Set(first.worker_id),
            agency_id: Set(first.agency_id),
            job_order_id: Set(first.job_order_id),
            state: Set(state.as_str().to_owned()),
            applied_on: Set(date(2026, 1, 5)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        for state in CaseState::ALL {
            let res = case::Entity::insert(another(state)).exec(&app.db).await;
            if state.is_terminal() {
                assert!(
                    res.is_ok(),
                    "a closed {state:?} case sits beside the open one: {res:?}"
                );
            } else {
                let err = res.expect_err("a second open case is refused");
                assert!(
                    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))),
                    "{state:?}: {err}"
                );
            }
        }
        // Once the open case is closed, the worker may have a new one.
        app.db
            .execute_unprepared(&format!(
                "UPDATE cases SET state = 'withdrawn' WHERE id = {}",
                first.id
            ))
            .await
            .expect("close the case");
        case::Entity::insert(another(CaseState::Applied))
            .exec(&app.db)
            .await
            .expect("a new open case after the old one closed");
    })
}

#[test]
fn two_applications_of_one_worker_at_once_open_exactly_one_case() {
    run(async {
        let w = world().await;
        let (a, b) = (w.approved_order("5").await, w.approved_order("5").await);
        let ((sa, _, body_a), (sb, _, body_b)) =
            tokio::join!(w.apply(a, &w.worker), w.apply(b, &w.worker));
        let mut statuses = [sa, sb];
        statuses.sort_unstable();
        assert_eq!(
            statuses,
            [303, 422],
            "one wins, one is refused: {} / {}",
            excerpt(&body_a),
            excerpt(&body_b)
        );
        let refused = if sa == 422 { &body_a } else { &body_b };
        assert!(refused.contains(OPEN_CASE_EXISTS), "{}", excerpt(refused));
        let worker = worker_id_of(&w.app, w.worker_email).await;
        let cases = case::Entity::find()
            .filter(case::Column::WorkerId.eq(worker))
            .all(&w.app.db)
            .await
            .expect("cases");
        assert_eq!(cases.len(), 1, "no second case");
        let winner = if sa == 303 { a } else { b };
        assert_eq!(cases[0].job_order_id, winner);
        assert_places_consistent(&w.app, &[a, b]).await;
        let applied = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("case.applied"))
            .count(&w.app.db)
            .await
            .expect("audit");
        assert_eq!(applied, 1);
    })
}

#[test]
fn an_application_waiting_on_an_open_case_not_yet_committed_is_refused_when_it_commits() {
    run(async {
        let w = world().await;
        let (a, b) = (w.approved_order("5").await, w.approved_order("5").await);
        let worker = worker_id_of(&w.app, w.worker_email).await;
        // Another transaction has opened a case for the worker and not committed yet: the
        // application cannot see it, so only the index can stop the second case (on SQLite the
        // application waits for the writer and then sees it).
        let txn = w.app.db.begin().await.expect("begin");
        let now = w.app.clock.now();
        case::ActiveModel {
            worker_id: Set(worker),
            agency_id: Set(w.agency),
            job_order_id: Set(a),
            state: Set("applied".to_owned()),
            applied_on: Set(date(2026, 11, 23)),
            details: Set("{}".to_owned()),
            version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .expect("an open case, uncommitted");
        let ((status, _, body), ()) = tokio::join!(w.apply(b, &w.worker), async {
            tokio::time::sleep(std::time::Duration::from_millis(600)).await;
            txn.commit().await.expect("commit");
        });
        assert_eq!(status, 422, "{}", excerpt(&body));
        assert!(body.contains(OPEN_CASE_EXISTS), "{}", excerpt(&body));
        let cases = case::Entity::find()
            .filter(case::Column::WorkerId.eq(worker))
            .count(&w.app.db)
            .await
            .expect("cases");
        assert_eq!(cases, 1);
        assert_eq!(
            order(&w.app, b).await.filled,
            0,
            "the place taken is given back"
        );
    })
}

// ------------------------------------------------------------------ decisions taken once

#[test]
fn confirming_and_rejecting_one_list_at_once_takes_exactly_one_decision() {
    run(async {
        let w = world().await;
        let (id, list) = listed_case(&w).await;
        let steps_before = case_steps(&w.app, id).await;
        let list_s = list.to_string();
        let decide = |decision: &'static str, reason: &'static str| {
            let list_s = list_s.clone();
            let w = &w;
            async move {
                w.post(
                    "/lists",
                    &w.dolab,
                    &[
                        ("_action", "list_decide"),
                        ("list_id", &list_s),
                        ("decision", decision),
                        ("reason", reason),
                    ],
                )
                .await
            }
        };
        let ((sc, _, body_c), (sr, _, body_r)) = tokio::join!(
            decide("approve", ""),
            decide("reject", "Thiếu giấy khám sức khỏe")
        );
        let mut statuses = [sc, sr];
        statuses.sort_unstable();
        assert_eq!(
            statuses,
            [303, 422],
            "{} / {}",
            excerpt(&body_c),
            excerpt(&body_r)
        );
        let loser = if sc == 422 { &body_c } else { &body_r };
        assert!(loser.contains(ALREADY_DECIDED), "{}", excerpt(loser));
        let l = departure_list::Entity::find_by_id(list)
            .one(&w.app.db)
            .await
            .expect("lists")
            .expect("the list");
        let c = w.case(id).await;
        let (events, audited) = case_steps(&w.app, id).await;
        if sc == 303 {
            assert_eq!(l.status, "confirmed");
            assert_eq!(
                (c.state.as_str(), c.departure_list_id),
                ("list_confirmed", Some(list))
            );
            assert_eq!((events, audited), (steps_before.0 + 1, steps_before.1 + 1));
        } else {
            assert_eq!(l.status, "rejected");
            assert_eq!(
                l.decision_reason.as_deref(),
                Some("Thiếu giấy khám sức khỏe")
            );
            assert_eq!(
                (c.state.as_str(), c.departure_list_id),
                ("visa_granted", None)
            );
            assert_eq!((events, audited), steps_before, "no step for a rejection");
        }
        assert_eq!(
            audit_count(
                &w.app,
                &["departure_list.confirmed", "departure_list.rejected"],
                ("departure_list", list)
            )
            .await,
            1,
            "one decision in the audit trail"
        );
    })
}

#[test]
fn approving_and_rejecting_one_order_at_once_takes_exactly_one_decision() {
    run(async {
        let w = world().await;
        let id = submitted_order(&w).await;
        let id_s = id.to_string();
        let path = format!("/orders/{id}");
        let decide = |decision: &'static str, reason: &'static str| {
            let (id_s, path) = (id_s.clone(), path.clone());
            let w = &w;
            async move {
                w.post(
                    &path,
                    &w.dolab,
                    &[
                        ("_action", "order_decide"),
                        ("order_id", &id_s),
                        ("decision", decision),
                        ("reason", reason),
                    ],
                )
                .await
            }
        };
        let ((sa, _, body_a), (sr, _, body_r)) = tokio::join!(
            decide("approve", ""),
            decide("reject", "Thiếu bản dịch hợp đồng")
        );
        let mut statuses = [sa, sr];
        statuses.sort_unstable();
        assert_eq!(
            statuses,
            [303, 422],
            "{} / {}",
            excerpt(&body_a),
            excerpt(&body_r)
        );
        let loser = if sa == 422 { &body_a } else { &body_r };
        assert!(loser.contains(ALREADY_DECIDED), "{}", excerpt(loser));
        let o = order(&w.app, id).await;
        assert_eq!(o.status, if sa == 303 { "approved" } else { "rejected" });
        assert_eq!(
            audit_count(
                &w.app,
                &["job_order.approved", "job_order.rejected"],
                ("job_order", id)
            )
            .await,
            1
        );
        let mails = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("order_decided"))
            .count(&w.app.db)
            .await
            .expect("outbox");
        assert_eq!(mails, 1, "the agency is told once");
    })
}

#[test]
fn one_case_sent_on_two_lists_at_once_joins_exactly_one() {
    run(async {
        let w = world().await;
        let id = case_with_visa(&w).await;
        let ((s1, _, body1), (s2, _, body2)) = tokio::join!(send_list(&w, id), send_list(&w, id));
        let mut statuses = [s1, s2];
        statuses.sort_unstable();
        assert_eq!(
            statuses,
            [303, 422],
            "{} / {}",
            excerpt(&body1),
            excerpt(&body2)
        );
        let lists = departure_list::Entity::find()
            .all(&w.app.db)
            .await
            .expect("lists");
        assert_eq!(lists.len(), 1, "the losing list is not left behind, empty");
        let c = w.case(id).await;
        assert_eq!(c.departure_list_id, Some(lists[0].id));
        let submitted = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("departure_list.submitted"))
            .count(&w.app.db)
            .await
            .expect("audit");
        assert_eq!(submitted, 1);
    })
}

#[test]
fn a_rejected_order_sent_again_carries_no_old_rejection_reason() {
    run(async {
        let w = world().await;
        let id = submitted_order(&w).await;
        let id_s = id.to_string();
        let path = format!("/orders/{id}");
        let (status, ..) = w
            .post(
                &path,
                &w.dolab,
                &[
                    ("_action", "order_decide"),
                    ("order_id", &id_s),
                    ("decision", "reject"),
                    ("reason", "Thiếu bản dịch hợp đồng"),
                ],
            )
            .await;
        assert_eq!(status, 303);
        // The agency fixes the terms; the order stays rejected, with its reason, until sent.
        let mut fields = vec![("_action", "order_edit"), ("order_id", id_s.as_str())];
        fields.extend(ORDER_TERMS);
        fields.retain(|(k, _)| *k != "headcount");
        fields.push(("headcount", "8"));
        let (status, _, body) = w.post(&path, &w.agency_admin, &fields).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let o = order(&w.app, id).await;
        assert_eq!(
            (o.status.as_str(), o.headcount, o.decision_reason.as_deref()),
            ("rejected", 8, Some("Thiếu bản dịch hợp đồng"))
        );
        let (status, ..) = w
            .post(
                &path,
                &w.agency_admin,
                &[("_action", "order_submit"), ("order_id", &id_s)],
            )
            .await;
        assert_eq!(status, 303);
        let o = order(&w.app, id).await;
        assert_eq!(
            (
                o.status.as_str(),
                o.decided_on,
                o.decided_by,
                o.decision_reason
            ),
            ("submitted", None, None, None)
        );
        let (_, page) = w.app.get_as(&path, &w.dolab).await;
        assert!(
            !page.contains("Thiếu bản dịch hợp đồng"),
            "DOLAB sees a fresh submission"
        );
        // Deciding it twice: the second is told it was already decided.
        for (decision, expected) in [("approve", 303), ("approve", 422)] {
            let (status, _, body) = w
                .post(
                    &path,
                    &w.dolab,
                    &[
                        ("_action", "order_decide"),
                        ("order_id", &id_s),
                        ("decision", decision),
                        ("reason", ""),
                    ],
                )
                .await;
            assert_eq!(status, expected, "{}", excerpt(&body));
            if expected == 422 {
                assert!(body.contains(ALREADY_DECIDED), "{}", excerpt(&body));
            }
        }
    })
}

// ------------------------------------------------------------------ what an agency may learn

#[test]
fn another_agencys_order_answers_like_a_missing_one_to_opening_a_case_and_to_applying() {
    run(async {
        let w = world().await;
        let other = AgencyFixture::named("Công ty Hoàng Long", "77/LĐTBXH-GP", "0107777777")
            .insert(&w.app.db)
            .await;
        let other_admin = w
            .app
            .add_user(
                "admin@hoanglong.vn",
                Role::AgencyAdmin,
                Some(other),
                None,
                None,
            )
            .await;
        let other_admin = w.app.session_for(other_admin).await;
        let foreign_draft = draft(&w.app, &other_admin).await;
        let foreign_approved = {
            let id = draft(&w.app, &other_admin).await;
            let id_s = id.to_string();
            let path = format!("/orders/{id}");
            let (s1, ..) = w
                .post(
                    &path,
                    &other_admin,
                    &[("_action", "order_submit"), ("order_id", &id_s)],
                )
                .await;
            let (s2, ..) = w
                .post(
                    &path,
                    &w.dolab,
                    &[
                        ("_action", "order_decide"),
                        ("order_id", &id_s),
                        ("decision", "approve"),
                        ("reason", ""),
                    ],
                )
                .await;
            assert_eq!((s1, s2), (303, 303));
            id
        };
        let cases_before = case::Entity::find().count(&w.app.db).await.expect("cases");
        let open = |order: String| {
            let w = &w;
            async move {
                w.post(
                    "/cases/new",
                    &w.agency_admin,
                    &[
                        ("_action", "case_open"),
                        ("order_id", &order),
                        ("citizen_id", "038095001234"),
                        ("full_name", "Lê Văn Hùng"),
                        ("birth_date", "1995-03-04"),
                        ("sex", "male"),
                        ("phone", "0987654321"),
                    ],
                )
                .await
            }
        };
        for (what, order) in [
            ("another agency's approved order", foreign_approved),
            ("another agency's draft", foreign_draft),
            ("an order that does not exist", 999_999),
        ] {
            let (status, _, body) = open(order.to_string()).await;
            assert_eq!(status, 404, "opening a case on {what}: {}", excerpt(&body));
            assert!(body.contains(NOT_FOUND), "{what}: {}", excerpt(&body));
        }
        for (what, order) in [
            ("another agency's draft", foreign_draft),
            ("an order that does not exist", 999_999),
        ] {
            let (status, _, body) = w.apply(order, &w.worker).await;
            assert_eq!(status, 404, "applying to {what}: {}", excerpt(&body));
            // The order's page itself answers as not found, as for any unpublished order.
            assert!(
                body.contains("data-testid=\"not-found\""),
                "{what}: {}",
                excerpt(&body)
            );
        }
        assert_eq!(
            case::Entity::find().count(&w.app.db).await.expect("cases"),
            cases_before
        );
        // The agency's own approved order still opens a case.
        let own = w.approved_order("5").await;
        let (status, _, body) = open(own.to_string()).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
    })
}
