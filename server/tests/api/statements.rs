//! What a page costs the database, counted with sea-orm's metric callback: the worker's case page
//! in at most three statements whatever its timeline's length, the agency's board in a number that
//! does not grow with its cases.

use app::backend::entity::user;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::TestApp;
use crate::lifecycle::world;

/// The statements one request for `path` sends, once the caches a first request fills are warm;
/// the page must show `shown` (so an error page cannot pass for a cheap one).
async fn statements_of(
    app: &TestApp,
    path: &str,
    cookie: &str,
    shown: &[&str],
) -> (u64, Vec<String>) {
    let (status, body) = app.get_as(path, cookie).await;
    assert_eq!(status, 200, "{path}: {}", &body[..body.len().min(300)]);
    let before = app.statements.count();
    let (status, body) = app.get_as(path, cookie).await;
    assert_eq!(status, 200, "{path} the second time");
    let n = app.statements.count() - before;
    for s in shown {
        assert!(body.contains(s), "{path} shows {s}");
    }
    assert!(
        n >= 2,
        "{path}: the session and the page are read ({n} counted)"
    );
    (n, app.statements.last(n as usize))
}

/// A signed-up worker's session.
async fn another_worker(app: &TestApp, email: &str, citizen_id: &str) -> String {
    let res = app.sign_up(email, citizen_id).await;
    assert_eq!(res.status().as_u16(), 303, "{email} signs up");
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    app.session_for(u.id).await
}

/// What the case page and the board show when they are read in full.
const CASE_PAGE: &[&str] = &[
    "data-testid=\"timeline-entry\"",
    "Nguyễn Thị Lan",
    "Yamato Seiki",
    "Công ty Sao Mai",
];
const BOARD: &[&str] = &["data-testid=\"case-dashboard\"", "Nguyễn Thị Lan"];

#[test]
fn the_workers_case_page_reads_in_three_statements_however_long_its_timeline() {
    crate::helpers::run(async {
        let w = world().await;
        let id = w.case_in_training().await;
        let page = format!("/cases/{id}");
        let (in_training, sql) = statements_of(&w.app, &page, &w.worker, CASE_PAGE).await;
        assert!(
            in_training <= 3,
            "the case page in training sent {in_training} statements: {sql:#?}"
        );
        w.to_list_confirmed(id).await;
        let (listed, sql) = statements_of(&w.app, &page, &w.worker, CASE_PAGE).await;
        assert!(
            listed <= 3,
            "the case page on a confirmed list sent {listed} statements: {sql:#?}"
        );
        // The agency's view of the same page (it may also issue a claim code) costs no more.
        let (agency, sql) = statements_of(&w.app, &page, &w.agency_admin, CASE_PAGE).await;
        assert!(
            agency <= 3,
            "the agency's case page sent {agency} statements: {sql:#?}"
        );
    })
}

#[test]
fn the_agencys_board_reads_in_the_same_number_of_statements_for_one_case_or_many() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("10").await;
        let (status, ..) = w.apply(order, &w.worker).await;
        assert_eq!(status, 303);
        let (one, sql_one) = statements_of(&w.app, "/cases", &w.agency_admin, BOARD).await;
        for (email, citizen_id) in [
            ("binh@example.vn", "001301012346"),
            ("chi@example.vn", "001301012347"),
            ("dung@example.vn", "001301012348"),
        ] {
            let cookie = another_worker(&w.app, email, citizen_id).await;
            let (status, ..) = w.apply(order, &cookie).await;
            assert_eq!(status, 303, "{email} applies");
        }
        let (four, sql_four) = statements_of(&w.app, "/cases", &w.agency_admin, BOARD).await;
        assert_eq!(
            one, four,
            "one case: {sql_one:#?}\nfour cases: {sql_four:#?}"
        );
        assert!(one <= 6, "the board sent {one} statements: {sql_one:#?}");
    })
}
