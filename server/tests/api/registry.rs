use app::domain::agencies::Standing;
use app::views::agencies::RegistryPageView;
use sea_orm::ConnectionTrait;

use crate::helpers::{add_cases, date, spawn_app, AgencyFixture, TestApp};

/// Three agencies, one in each standing on 2026-11-23, plus one whose suspension has ended.
async fn app_with_three_standings() -> (TestApp, [i32; 4]) {
    let app = spawn_app().await;
    let active = AgencyFixture {
        markets: vec!["JP", "TW"],
        ..AgencyFixture::named(
            "Công ty Cổ phần Nhân lực Hà Nội Sao Mai",
            "012/2019/LĐTBXH-GP",
            "0101234567",
        )
    }
    .insert(&app.db)
    .await;
    let suspended = AgencyFixture {
        province: ("79", "Hồ Chí Minh"),
        suspensions: vec![("JP", date(2026, 9, 1), date(2027, 2, 28))],
        markets: vec!["JP"],
        ..AgencyFixture::named(
            "Công ty TNHH Xuất khẩu Lao động Hoàng Long",
            "034/2017/LĐTBXH-GP",
            "2801112223",
        )
    }
    .insert(&app.db)
    .await;
    let revoked = AgencyFixture {
        revoked: true,
        province: ("48", "Đà Nẵng"),
        markets: vec!["KR"],
        ..AgencyFixture::named(
            "Công ty Cổ phần Đông Á Đà Nẵng",
            "101/2012/LĐTBXH-GP",
            "0400998877",
        )
    }
    .insert(&app.db)
    .await;
    let recovered = AgencyFixture {
        province: ("40", "Nghệ An"),
        suspensions: vec![("TW", date(2025, 1, 1), date(2025, 6, 30))],
        markets: vec!["TW"],
        ..AgencyFixture::named(
            "Công ty Cổ phần Phú Thịnh",
            "077/2020/LĐTBXH-GP",
            "0105556667",
        )
    }
    .insert(&app.db)
    .await;
    (app, [active, suspended, revoked, recovered])
}

async fn search(app: &TestApp, body: serde_json::Value) -> RegistryPageView {
    let res = app
        .client
        .post(format!("{}/api/registry/search", app.address))
        .json(&serde_json::json!({ "filter": body }))
        .send()
        .await
        .expect("request sent");
    assert_eq!(res.status().as_u16(), 200);
    res.json().await.expect("a registry page")
}

fn names(page: &RegistryPageView) -> Vec<&str> {
    page.rows.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn search_ignores_accents_and_letter_case() {
    crate::helpers::run(async {
        let (app, _) = app_with_three_standings().await;
        for q in ["ha noi", "HÀ NỘI", "sao mai", "hoang"] {
            let page = search(
                &app,
                serde_json::json!({ "q": q, "standing": null, "market": null, "page": 1 }),
            )
            .await;
            assert_eq!(page.total, 1, "query {q:?} found {:?}", names(&page));
        }
        let page = search(
            &app,
            serde_json::json!({ "q": "cong ty", "standing": null, "market": null, "page": 1 }),
        )
        .await;
        assert_eq!(page.total, 4);
    })
}

#[test]
fn search_finds_agencies_by_the_province_of_their_head_office() {
    crate::helpers::run(async {
        let (app, [.., recovered]) = app_with_three_standings().await;
        let page = search(
            &app,
            serde_json::json!({ "q": "nghe an", "standing": null, "market": null, "page": 1 }),
        )
        .await;
        assert_eq!(
            page.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![recovered]
        );
        assert_eq!(page.rows[0].province, "Nghệ An");
    })
}

#[test]
fn search_finds_an_agency_by_licence_number_or_enterprise_code() {
    crate::helpers::run(async {
        let (app, _) = app_with_three_standings().await;
        let by_licence = search(
            &app,
            serde_json::json!({ "q": "034/2017", "standing": null, "market": null, "page": 1 }),
        )
        .await;
        assert_eq!(
            names(&by_licence),
            vec!["Công ty TNHH Xuất khẩu Lao động Hoàng Long"]
        );
        let by_code = search(
            &app,
            serde_json::json!({ "q": "0400998877", "standing": null, "market": null, "page": 1 }),
        )
        .await;
        assert_eq!(names(&by_code), vec!["Công ty Cổ phần Đông Á Đà Nẵng"]);
        let nothing = search(
            &app,
            serde_json::json!({ "q": "zzz", "standing": null, "market": null, "page": 1 }),
        )
        .await;
        assert_eq!(nothing.total, 0, "a term no agency holds finds none");
        // The licence number typed with other separators finds the same agency.
        let retyped = search(
            &app,
            serde_json::json!({ "q": "034-2017", "standing": null, "market": null, "page": 1 }),
        )
        .await;
        assert_eq!(
            names(&retyped),
            vec!["Công ty TNHH Xuất khẩu Lao động Hoàng Long"]
        );
    })
}

#[test]
fn the_status_filter_separates_active_suspended_and_revoked_agencies() {
    crate::helpers::run(async {
        let (app, [active, suspended, revoked, recovered]) = app_with_three_standings().await;
        let ids = |p: &RegistryPageView| {
            let mut v: Vec<i32> = p.rows.iter().map(|r| r.id).collect();
            v.sort_unstable();
            v
        };
        let page = search(
            &app,
            serde_json::json!({ "q": "", "standing": "active", "market": null, "page": 1 }),
        )
        .await;
        let mut expected = vec![active, recovered];
        expected.sort_unstable();
        assert_eq!(
            ids(&page),
            expected,
            "an ended suspension leaves the agency active"
        );
        let page = search(
            &app,
            serde_json::json!({ "q": "", "standing": "suspended", "market": null, "page": 1 }),
        )
        .await;
        assert_eq!(ids(&page), vec![suspended]);
        assert_eq!(page.rows[0].standing, Standing::Suspended);
        assert_eq!(page.rows[0].suspended[0].0.code, "JP");
        assert_eq!(page.rows[0].suspended[0].1, date(2027, 2, 28));
        let page = search(
            &app,
            serde_json::json!({ "q": "", "standing": "revoked", "market": null, "page": 1 }),
        )
        .await;
        assert_eq!(ids(&page), vec![revoked]);
    })
}

#[test]
fn the_market_filter_keeps_agencies_with_approved_orders_in_that_market() {
    crate::helpers::run(async {
        let (app, [active, _, revoked, _]) = app_with_three_standings().await;
        // A draft order does not make an agency one that sends workers to Korea.
        app.db
            .execute_unprepared(&format!(
                "INSERT INTO job_orders (agency_id, market_code, employer_name, occupation, headcount, \
                 wage_amount, wage_currency, term_months, service_fee_vnd, deposit_vnd, form, status, \
                 created_at) VALUES ({active}, 'KR', 'Daehan Industrial Co.', 'Sản xuất', 10, \
                 2100000, 'KRW', 36, 25000000, 0, 'licensed_agency', 'draft', '2026-11-01T00:00:00Z')"
            ))
            .await
            .expect("insert a draft order");
        let page = search(
            &app,
            serde_json::json!({ "q": "", "standing": null, "market": "KR", "page": 1 }),
        )
        .await;
        assert_eq!(
            page.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![revoked]
        );
        let page = search(
            &app,
            serde_json::json!({ "q": "", "standing": null, "market": "TW", "page": 1 }),
        )
        .await;
        assert_eq!(page.total, 2);
        assert!(page.rows.iter().any(|r| r.id == active));
    })
}

#[test]
fn the_registry_is_paginated_twenty_to_a_page() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        const NAMES: [&str; 25] = [
            "A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A09", "A10", "A11", "A12",
            "A13", "A14", "A15", "A16", "A17", "A18", "A19", "A20", "A21", "A22", "A23", "A24",
            "A25",
        ];
        const LICENCES: [&str; 25] = [
            "L01", "L02", "L03", "L04", "L05", "L06", "L07", "L08", "L09", "L10", "L11", "L12",
            "L13", "L14", "L15", "L16", "L17", "L18", "L19", "L20", "L21", "L22", "L23", "L24",
            "L25",
        ];
        const CODES: [&str; 25] = [
            "C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "C11", "C12",
            "C13", "C14", "C15", "C16", "C17", "C18", "C19", "C20", "C21", "C22", "C23", "C24",
            "C25",
        ];
        for i in 0..25 {
            AgencyFixture::named(NAMES[i], LICENCES[i], CODES[i])
                .insert(&app.db)
                .await;
        }
        let first = search(
            &app,
            serde_json::json!({ "q": "", "standing": null, "market": null, "page": 1 }),
        )
        .await;
        assert_eq!(
            (first.rows.len(), first.total, first.page_count),
            (20, 25, 2)
        );
        assert_eq!(first.rows[0].name, "A01");
        let second = search(
            &app,
            serde_json::json!({ "q": "", "standing": null, "market": null, "page": 2 }),
        )
        .await;
        assert_eq!(names(&second), vec!["A21", "A22", "A23", "A24", "A25"]);
        let beyond = search(
            &app,
            serde_json::json!({ "q": "", "standing": null, "market": null, "page": 9 }),
        )
        .await;
        assert_eq!(beyond.page, 2, "a page past the end shows the last page");

        let (status, html) = app.page("/agencies?page=2").await;
        assert_eq!(status, 200);
        assert!(html.contains("A25") && !html.contains(">A01<"));
        assert!(html.contains("Trang 2 / 2"));
    })
}

#[test]
fn the_registry_page_searches_with_a_plain_get_form() {
    crate::helpers::run(async {
        let (app, _) = app_with_three_standings().await;
        let (status, html) = app.page("/agencies?q=hoang+long").await;
        assert_eq!(status, 200);
        assert!(html.contains("Hoàng Long"));
        assert!(!html.contains("Sao Mai"));
        let filters = html.find(r#"class="filters""#).expect("the filter form");
        let form_at = html[..filters].rfind("<form").expect("a form tag");
        let form = &html[form_at..filters];
        assert!(
            form.contains(r#"method="get""#) && form.contains(r#"action="/agencies""#),
            "{form}"
        );
        assert!(
            html.contains(r#"value="hoang long""#),
            "the query stays in the box"
        );
        assert!(
            html.contains("Bị đình chỉ một phần"),
            "the suspended badge is shown"
        );
    })
}

#[test]
fn the_agency_page_shows_its_licence_suspensions_and_workers_sent() {
    crate::helpers::run(async {
        let (app, [_, suspended, ..]) = app_with_three_standings().await;
        add_cases(&app.db, suspended, "departed", 3).await;
        add_cases(&app.db, suspended, "liquidated", 2).await;
        add_cases(&app.db, suspended, "training", 4).await;

        let (status, html) = app.page(&format!("/agencies/{suspended}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("034/2017/LĐTBXH-GP"));
        assert!(html.contains("Số 18 phố Trần Duy Hưng"));
        assert!(html.contains("https://vidu.vn"));
        assert!(
            html.contains(r#"data-testid="workers-sent">5<"#),
            "only departed cases count as sent"
        );
        assert!(
            html.contains("28/02/2027"),
            "the suspension's end date is shown"
        );
        assert!(html.contains("Đang đình chỉ"));
        assert!(html.contains("Cấp giấy phép"));
    })
}

#[test]
fn an_unknown_agency_gives_a_404_page_in_the_current_language() {
    crate::helpers::run(async {
        let (app, _) = app_with_three_standings().await;
        let (status, html) = app.page("/agencies/987654").await;
        assert_eq!(status, 404);
        assert!(html.contains("Không tìm thấy trang"));
        let res = app.get_in("/agencies/not-a-number", "en").await;
        assert_eq!(res.status().as_u16(), 404);
        let html = res.text().await.expect("body");
        assert!(html.contains("Page not found"));
        assert!(html.contains(r#"<html lang="en""#));
    })
}

#[test]
fn an_unknown_path_gives_a_404_page() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let (status, html) = app.page("/no/such/page").await;
        assert_eq!(status, 404);
        assert!(html.contains("Không tìm thấy trang"));
    })
}

#[test]
fn the_language_switch_sets_a_cookie_and_returns_to_the_page() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let res = app.get("/lang/en?back=%2Fagencies%3Fq%3Dsao").await;
        assert_eq!(res.status().as_u16(), 303);
        assert_eq!(res.headers()["location"], "/agencies?q=sao");
        let cookie = res.headers()["set-cookie"].to_str().expect("ascii");
        assert!(cookie.starts_with("lang=en;") && cookie.contains("SameSite=Lax"));

        let res = app.get("/lang/vi?back=%2F%2Fevil.example").await;
        assert_eq!(
            res.headers()["location"],
            "/",
            "only local paths are followed"
        );
        assert_eq!(app.get("/lang/fr").await.status().as_u16(), 404);

        let (_, html) = app.page("/agencies?q=sao").await;
        assert!(
            html.contains("/lang/en?back=%2Fagencies%3Fq%3Dsao"),
            "the switch link brings the reader back to the same search"
        );

        let html = app.get_in("/", "en").await.text().await.expect("body");
        assert!(html.contains(r#"<html lang="en""#) && html.contains("Is this agency licensed?"));
        let html = app.get("/").await.text().await.expect("body");
        assert!(
            html.contains(r#"<html lang="vi""#)
                && html.contains("Doanh nghiệp này có được cấp phép không?")
        );
    })
}

#[test]
fn responses_carry_a_request_id_and_security_headers() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let mut ids = std::collections::HashSet::new();
        for path in ["/", "/agencies", "/signin"] {
            let res = app.get(path).await;
            assert_eq!(res.status().as_u16(), 200, "{path}");
            let id = res.headers()["x-request-id"].to_str().expect("ascii");
            assert_eq!(id.len(), 36, "{path}: a UUID: {id}");
            assert!(ids.insert(id.to_owned()), "{path}: a new request id");
            assert_eq!(res.headers()["x-content-type-options"], "nosniff", "{path}");
            assert!(
                res.headers()["content-security-policy"]
                    .to_str()
                    .expect("ascii")
                    .contains("frame-ancestors 'none'"),
                "{path}"
            );
        }
    })
}

#[test]
fn a_database_that_is_down_gives_503_not_a_crash() {
    crate::helpers::run(async {
        let (app, _) = app_with_three_standings().await;
        assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
        app.db.clone().close().await.expect("close the pool");

        let (status, html) = app.page("/agencies").await;
        assert_eq!(status, 503);
        assert!(html.contains("Hệ thống tạm thời gián đoạn"));
        assert_eq!(app.get("/healthz").await.status().as_u16(), 503);
        // The server is still there for the next request.
        assert_eq!(app.page("/agencies").await.0, 503);
    })
}

#[test]
fn an_unexpected_failure_shows_a_request_id_and_no_internals() {
    crate::helpers::run(async {
        let (app, [active, ..]) = app_with_three_standings().await;
        app.db
            .execute_unprepared("DROP TABLE licence_events")
            .await
            .expect("drop a table");

        let res = app.get(&format!("/agencies/{active}")).await;
        assert_eq!(res.status().as_u16(), 500);
        let request_id = res.headers()["x-request-id"]
            .to_str()
            .expect("ascii")
            .to_owned();
        let html = res.text().await.expect("body");
        assert!(html.contains("Đã xảy ra lỗi"));
        assert!(html.contains(&request_id), "the page names the request id");
        assert!(
            !html.contains("licence_events"),
            "no SQL or table names leak"
        );
    })
}
