//! The agencies ranked by risk, through the real pages and server functions: the agency with
//! the most complaints and absconders per departure ranks first and says why; each count on
//! its page is exactly the records listed under it; a small agency with the same rate is drawn
//! toward the average; the filters narrow the agencies; agencies never see the ranking; a
//! missing weight is refused, never read as zero.

use app::backend::entity::{case, legal_rule, payment};
use app::domain::accounts::Role;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{json, Value};

use crate::helpers::{add_cases, add_complaint, date, spawn_app, AgencyFixture, TestApp};

fn q(province: &str, market: &str, sort: &str) -> Value {
    json!({"q": {"province": province, "market": market, "sort": sort}})
}

/// Marks the agency's last `n` cases as absconded on `on`.
async fn abscond(app: &TestApp, agency: i32, n: u64) {
    let rows = case::Entity::find()
        .filter(case::Column::AgencyId.eq(agency))
        .order_by_desc(case::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    for c in rows.into_iter().take(n as usize) {
        let mut m: case::ActiveModel = c.into();
        m.state = Set("contract_ended".to_owned());
        m.ended_on = Set(Some(date(2026, 6, 1)));
        m.end_reason = Set(Some("absconded".to_owned()));
        m.due_on = Set(Some(date(2026, 12, 1)));
        m.update(&app.db).await.unwrap();
    }
}

/// Three agencies: A (Hà Nội, Japan) with 20 departures, 4 complaints and 3 absconders; B (Hồ
/// Chí Minh City, Taiwan) with 40 departures and 1 complaint; C (Hà Nội, Japan), small: 2
/// departures and 1 complaint, A's rate of complaints on a handful of cases.
async fn three(app: &TestApp) -> (i32, i32, i32) {
    let mut f = AgencyFixture::named("Công ty A", "001/2020/GP", "0100000001");
    f.markets = vec!["JP"];
    let a = f.insert(&app.db).await;
    let mut f = AgencyFixture::named("Công ty B", "002/2020/GP", "0100000002");
    f.province = ("79", "Hồ Chí Minh");
    f.markets = vec!["TW"];
    let b = f.insert(&app.db).await;
    let mut f = AgencyFixture::named("Công ty C", "003/2020/GP", "0100000003");
    f.markets = vec!["JP"];
    let c = f.insert(&app.db).await;
    add_cases(&app.db, a, "departed", 20).await;
    add_cases(&app.db, b, "departed", 40).await;
    add_cases(&app.db, c, "departed", 2).await;
    abscond(app, a, 3).await;
    // Each about a worker of another province: the helper's tracking code is per province.
    for province in ["01", "02", "04", "06"] {
        add_complaint(&app.db, a, None, province).await;
    }
    add_complaint(&app.db, b, None, "79").await;
    add_complaint(&app.db, c, None, "01").await;
    (a, b, c)
}

async fn inspector(app: &TestApp) -> String {
    let id = app
        .add_user("thanhtra@example.vn", Role::Inspector, None, None, None)
        .await;
    app.session_for(id).await
}

fn ids(v: &Value) -> Vec<i64> {
    v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["agency_id"].as_i64().unwrap())
        .collect()
}

/// The factor `code` of a row.
fn factor<'a>(row: &'a Value, code: &str) -> &'a Value {
    row["score"]["factors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["factor"] == json!(code_name(code)))
        .unwrap_or_else(|| panic!("factor {code}"))
}

/// The serialized name of a factor (its variant), from its code.
fn code_name(code: &str) -> &'static str {
    match code {
        "COMPLAINTS" => "Complaints",
        "ABSCONDING" => "Absconding",
        "FEE_BREACHES" => "FeeBreaches",
        other => panic!("{other}"),
    }
}

#[test]
fn the_agency_with_most_complaints_and_absconders_ranks_first_and_its_page_lists_each_record() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let (a, b, c) = three(&app).await;
        let cookie = inspector(&app).await;

        let (status, body) = app
            .call("/api/risk/ranking", &q("", "", ""), Some(&cookie))
            .await;
        assert_eq!(status, 200, "{body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        let order = ids(&v);
        assert_eq!(order.first(), Some(&i64::from(a)), "{order:?}");
        let first = &v["rows"][0];
        let complaints = factor(first, "COMPLAINTS");
        assert_eq!(complaints["tally"], json!({"count": 4, "out_of": 20}));
        let absconding = factor(first, "ABSCONDING");
        assert_eq!(absconding["tally"]["count"], 3);
        assert!(first["score"]["score"].as_f64().unwrap() > 1.0);
        // The small agency has A's rate of complaints on its own, but ranks below it.
        let row_c = v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["agency_id"] == json!(c))
            .unwrap();
        let own_a = complaints["own"].as_f64().unwrap();
        let own_c = factor(row_c, "COMPLAINTS")["own"].as_f64().unwrap();
        assert!(own_c > own_a, "C on its own: {own_c}, A: {own_a}");
        assert!(
            factor(row_c, "COMPLAINTS")["adjusted"].as_f64().unwrap()
                < complaints["adjusted"].as_f64().unwrap()
        );
        assert!(order.contains(&i64::from(b)));

        // The page says why, in the row, and the agency's page lists each record counted.
        let (status, page) = app.get_as("/risk", &cookie).await;
        assert_eq!(status, 200);
        let first_row = page.find("data-testid=\"risk-row\"").expect("a row");
        assert!(
            page[first_row..].starts_with(&format!("data-testid=\"risk-row\" data-agency=\"{a}\"")),
            "{}",
            &page[first_row..first_row + 80]
        );
        assert!(page.contains("Khiếu nại, tố cáo"));
        let (status, detail) = app.get_as(&format!("/risk/{a}"), &cookie).await;
        assert_eq!(status, 200);
        for (code, n) in [("COMPLAINTS", 4), ("ABSCONDING", 3)] {
            let marker = format!("data-testid=\"factor-records\" data-factor=\"{code}\"");
            let at = detail.find(&marker).unwrap_or_else(|| panic!("{code}"));
            let section = &detail[at..];
            let section = &section[..section.find("</section>").unwrap()];
            assert_eq!(
                section.matches("data-testid=\"risk-record\"").count(),
                n,
                "{code}"
            );
        }
        // The plan form starts with the ranking as its basis.
        assert!(detail.contains("data-testid=\"plan-form\""));
        assert!(detail.contains("Xếp hạng rủi ro ngày"));
    })
}

#[test]
fn the_filters_narrow_the_agencies_ranked_and_a_factor_sorts_them() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let (a, b, c) = three(&app).await;
        let cookie = inspector(&app).await;
        let ranked = |body: String| ids(&serde_json::from_str::<Value>(&body).unwrap());

        let (_, body) = app
            .call("/api/risk/ranking", &q("79", "", ""), Some(&cookie))
            .await;
        assert_eq!(ranked(body), vec![i64::from(b)]);
        let (_, body) = app
            .call("/api/risk/ranking", &q("", "JP", ""), Some(&cookie))
            .await;
        let mut jp = ranked(body);
        jp.sort_unstable();
        assert_eq!(jp, vec![i64::from(a), i64::from(c)]);
        // Sorted by absconding: A, the only one with absconders, first.
        let (_, body) = app
            .call("/api/risk/ranking", &q("", "", "ABSCONDING"), Some(&cookie))
            .await;
        assert_eq!(ranked(body)[0], i64::from(a));
        // A value not in the form's choices is dropped, not an error.
        let (status, body) = app
            .call("/api/risk/ranking", &q("zz", "XX", "NOPE"), Some(&cookie))
            .await;
        assert_eq!(status, 200);
        assert_eq!(ranked(body).len(), 3);
    })
}

/// A ledger entry of `case_id` paid on 1 June 2026, with `flags`.
async fn pay(app: &TestApp, case_id: i32, flags: &str, reverses: Option<i32>) -> i32 {
    payment::ActiveModel {
        case_id: Set(case_id),
        kind: Set("service_fee".to_owned()),
        payee: Set("agency".to_owned()),
        paid_on: Set(date(2026, 6, 1)),
        amount_vnd: Set(30_000_000),
        note: Set(String::new()),
        recorded_by: Set("agency".to_owned()),
        inspectors_only: Set(false),
        flags: Set(flags.to_owned()),
        reverses_id: Set(reverses),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

#[test]
fn a_payment_entered_by_mistake_and_reversed_counts_neither_as_a_breach_nor_as_a_case_paid() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let (a, _, _) = three(&app).await;
        let cases: Vec<i32> = case::Entity::find()
            .filter(case::Column::AgencyId.eq(a))
            .order_by_asc(case::Column::Id)
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .take(3)
            .collect();
        let over = r#"[{"service_fee_over_cap":{"cap_vnd":20000000,"paid_vnd":30000000}}]"#;
        pay(&app, cases[0], over, None).await;
        pay(&app, cases[1], "[]", None).await;
        let mistaken = pay(&app, cases[2], over, None).await;
        pay(&app, cases[2], "[]", Some(mistaken)).await;
        let cookie = inspector(&app).await;
        let (status, body) = app
            .call("/api/risk/ranking", &q("", "", ""), Some(&cookie))
            .await;
        assert_eq!(status, 200, "{body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        let row = v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["agency_id"] == json!(a))
            .unwrap();
        assert_eq!(
            factor(row, "FEE_BREACHES")["tally"],
            json!({"count": 1, "out_of": 2}),
            "the reversed case is in neither count"
        );
        let (_, detail) = app.get_as(&format!("/risk/{a}"), &cookie).await;
        let marker = "data-testid=\"factor-records\" data-factor=\"FEE_BREACHES\"";
        let section = &detail[detail.find(marker).expect("fee breaches")..];
        let section = &section[..section.find("</section>").unwrap()];
        assert_eq!(section.matches("data-testid=\"risk-record\"").count(), 1);
        assert!(section.contains(&format!("href=\"/cases/{}\"", cases[0])));
    })
}

#[test]
fn an_agency_cannot_open_the_ranking_nor_its_own_page_in_it() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let (a, _, _) = three(&app).await;
        let id = app
            .add_user("admin@a.vn", Role::AgencyAdmin, Some(a), None, None)
            .await;
        let cookie = app.session_for(id).await;
        let (status, body) = app.get_as("/risk", &cookie).await;
        assert_ne!(status, 200, "{body}");
        assert!(!body.contains("data-testid=\"risk-row\""));
        let (status, body) = app.get_as(&format!("/risk/{a}"), &cookie).await;
        assert_ne!(status, 200);
        assert!(!body.contains("factor-records"));
        let (status, _) = app
            .call("/api/risk/ranking", &q("", "", ""), Some(&cookie))
            .await;
        assert_eq!(status, 403);
    })
}

#[test]
fn a_factor_without_a_weight_in_force_refuses_the_ranking_rather_than_counting_it_as_zero() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        three(&app).await;
        legal_rule::Entity::delete_many()
            .filter(legal_rule::Column::Key.eq("risk_weight"))
            .filter(legal_rule::Column::Scope.eq("SANCTIONS"))
            .exec(&app.db)
            .await
            .unwrap();
        let cookie = inspector(&app).await;
        let (status, body) = app
            .call("/api/risk/ranking", &q("", "", ""), Some(&cookie))
            .await;
        assert_ne!(status, 200, "{body}");
        assert!(!body.contains("\"rows\""), "{body}");
    })
}

#[test]
fn the_demo_ranks_every_agency_riskiest_first_each_with_its_reasons() {
    crate::helpers::run(async {
        let b = app::backend::Backend::new(
            crate::helpers::migrated_database().await,
            crate::helpers::clock(),
            crate::helpers::test_keys(),
        );
        app::backend::seed::seed_demo_if_empty(&b, 600)
            .await
            .unwrap();
        let actor = app::domain::access::Actor {
            user_id: 1,
            role: Role::Inspector,
            agency_id: None,
            head_office: false,
            province_code: None,
            worker_id: None,
        };
        let v =
            app::backend::risk::ranking(&b, &Default::default(), Some(&actor), &Default::default())
                .await
                .unwrap();
        assert_eq!(v.rows.len(), 40);
        let scores: Vec<f64> = v.rows.iter().map(|r| r.score.score).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
        let first = &v.rows[0].score;
        assert!(first.score > 1.5, "{}", first.score);
        let reasons = first.factors.iter().filter(|f| f.tally.count > 0).count();
        assert!(reasons >= 3, "{first:?}");
        let shares: f64 = first.factors.iter().map(|f| f.share).sum();
        assert!((shares - 1.0).abs() < 1e-9);
    })
}
