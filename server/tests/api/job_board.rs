//! The public job board: search by occupation, code or employer; filters by market, form,
//! lowest wage (in VND at the rules' rates), term and highest fee; sorting; pages. Only approved
//! orders are ever listed.

use app::backend::entity::{job_order, legal_rule};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, NotSet, QueryFilter, Set};

use crate::helpers::{date, spawn_app, AgencyFixture, TestApp};

struct Order {
    market: &'static str,
    occupation: &'static str,
    code: Option<&'static str>,
    employer: &'static str,
    wage: (i64, &'static str),
    term: i32,
    fee: i64,
    places: (i32, i32),
    form: &'static str,
    decided_on: NaiveDate,
    status: &'static str,
}

async fn insert(app: &TestApp, agency: i32, o: Order) -> i32 {
    job_order::Entity::insert(job_order::ActiveModel {
        id: NotSet,
        agency_id: Set(agency),
        market_code: Set(o.market.to_owned()),
        employer_name: Set(o.employer.to_owned()),
        occupation: Set(o.occupation.to_owned()),
        occupation_code: Set(o.code.map(str::to_owned)),
        headcount: Set(o.places.0),
        filled: Set(o.places.1),
        wage_amount: Set(o.wage.0),
        wage_currency: Set(o.wage.1.to_owned()),
        term_months: Set(o.term),
        service_fee_vnd: Set(o.fee),
        deposit_vnd: Set(0),
        form: Set(o.form.to_owned()),
        status: Set(o.status.to_owned()),
        submitted_on: Set(Some(date(2026, 1, 2))),
        decided_on: Set(Some(o.decided_on)),
        created_at: Set(app::backend::Clock::now(app.clock.as_ref())),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .expect("insert job order")
    .last_insert_id
}

/// Four approved orders in four currencies (one, SGD, without a rate here) and a draft.
async fn board() -> (TestApp, [i32; 4]) {
    let app = spawn_app().await;
    // A currency the rules give no rate for yet.
    legal_rule::Entity::delete_many()
        .filter(legal_rule::Column::Key.eq("vnd_per_currency_unit"))
        .filter(legal_rule::Column::Scope.eq("SGD"))
        .exec(&app.db)
        .await
        .expect("the SGD rate removed");
    let agency = AgencyFixture::named("Công ty Sao Mai", "123/LĐTBXH-GP", "0101234567")
        .insert(&app.db)
        .await;
    let welding = insert(
        &app,
        agency,
        Order {
            market: "JP",
            occupation: "Thợ hàn kim loại",
            code: Some("7212"),
            employer: "Yamato Seiki Co., Ltd.",
            wage: (165_000, "JPY"), // 28,050,000 VND at 170
            term: 36,
            fee: 40_000_000,
            places: (10, 0),
            form: "licensed_agency",
            decided_on: date(2026, 1, 9),
            status: "approved",
        },
    )
    .await;
    let care = insert(
        &app,
        agency,
        Order {
            market: "TW",
            occupation: "Điều dưỡng viên",
            code: Some("5322"),
            employer: "Formosa Care",
            wage: (30_000, "TWD"), // 23,700,000 VND at 790
            term: 12,
            fee: 20_000_000,
            places: (5, 4),
            form: "public_service_unit",
            decided_on: date(2026, 2, 1),
            status: "approved",
        },
    )
    .await;
    let farm = insert(
        &app,
        agency,
        Order {
            market: "KR",
            occupation: "Lao động nông nghiệp",
            code: Some("9211"),
            employer: "Jeju Farm",
            wage: (2_000_000, "KRW"), // 36,000,000 VND at 18
            term: 60,
            fee: 0,
            places: (20, 0),
            form: "contract_winner",
            decided_on: date(2026, 3, 1),
            status: "approved",
        },
    )
    .await;
    let building = insert(
        &app,
        agency,
        Order {
            market: "JP",
            occupation: "Thợ xây",
            code: Some("7112"),
            employer: "Marina Build",
            wage: (2_500, "SGD"), // no rate for SGD
            term: 24,
            fee: 30_000_000,
            places: (8, 0),
            form: "licensed_agency",
            decided_on: date(2026, 1, 20),
            status: "approved",
        },
    )
    .await;
    insert(
        &app,
        agency,
        Order {
            market: "JP",
            occupation: "Thợ hàn kim loại",
            code: Some("7212"),
            employer: "Hidden Draft K.K.",
            wage: (500_000, "JPY"),
            term: 36,
            fee: 0,
            places: (10, 0),
            form: "licensed_agency",
            decided_on: date(2026, 4, 1),
            status: "draft",
        },
    )
    .await;
    (app, [welding, care, farm, building])
}

/// The ids of the order cards on the board at `path`, in their order.
async fn listed(app: &TestApp, path: &str) -> (Vec<i32>, String) {
    let (status, body) = app.page(path).await;
    assert_eq!(status, 200, "{path}");
    let ids = body
        .split("class=\"order-title\"")
        .filter_map(|before| {
            let href = before.rsplit("href=\"/orders/").next()?;
            href.split('"').next()?.parse().ok()
        })
        .collect();
    (ids, body)
}

#[test]
fn a_worker_finds_orders_by_occupation_code_or_employer_and_never_a_draft() {
    crate::helpers::run(async {
        let (app, [welding, care, ..]) = board().await;
        assert_eq!(listed(&app, "/orders?q=h%C3%A0n").await.0, vec![welding]);
        assert_eq!(listed(&app, "/orders?q=formosa").await.0, vec![care]);
        // Typed as it is written, an accented capital matches on both databases.
        assert_eq!(
            listed(&app, "/orders?q=%C4%90i%E1%BB%81u+d%C6%B0%E1%BB%A1ng")
                .await
                .0,
            vec![care]
        );
        assert_eq!(listed(&app, "/orders?q=7212").await.0, vec![welding]);
        let (ids, body) = listed(&app, "/orders?q=hidden").await;
        assert!(ids.is_empty(), "a draft is never on the board: {ids:?}");
        assert!(body.contains("data-testid=\"board-empty\""));
        // What is typed is matched literally.
        assert!(listed(&app, "/orders?q=%25").await.0.is_empty());
    })
}

#[test]
fn filters_compare_wages_in_vnd_at_the_rules_rates_and_terms_forms_and_fees_as_chosen() {
    crate::helpers::run(async {
        let (app, [welding, care, farm, building]) = board().await;
        let mut ids = listed(&app, "/orders?wage_min=25.000.000").await.0;
        ids.sort_unstable();
        assert_eq!(
            ids,
            vec![welding, farm],
            "28.05 and 36 million VND, not 23.7 nor unrated"
        );
        assert_eq!(listed(&app, "/orders?term=12").await.0, vec![care]);
        assert_eq!(listed(&app, "/orders?term=37").await.0, vec![farm]);
        assert_eq!(
            listed(&app, "/orders?form=public_service_unit").await.0,
            vec![care]
        );
        let mut ids = listed(&app, "/orders?fee_max=30000000").await.0;
        ids.sort_unstable();
        assert_eq!(ids, vec![care, farm, building]);
        assert_eq!(
            listed(&app, "/orders?market=JP&fee_max=35.000.000").await.0,
            vec![building]
        );
    })
}

#[test]
fn the_board_sorts_by_wage_fee_places_left_or_newest() {
    crate::helpers::run(async {
        let (app, [welding, care, farm, building]) = board().await;
        assert_eq!(
            listed(&app, "/orders?sort=wage").await.0,
            vec![farm, welding, care, building],
            "highest wage in VND first, the order without a rate last"
        );
        assert_eq!(
            listed(&app, "/orders?sort=fee").await.0,
            vec![farm, care, building, welding]
        );
        assert_eq!(
            listed(&app, "/orders?sort=places").await.0,
            vec![farm, welding, building, care]
        );
        assert_eq!(
            listed(&app, "/orders").await.0,
            vec![farm, care, building, welding],
            "newest decision first by default"
        );
    })
}

#[test]
fn each_card_shows_the_wage_in_vnd_and_the_legal_fee_cap_beside_the_fee() {
    crate::helpers::run(async {
        let (app, [welding, _, _, building]) = board().await;
        let (_, body) = listed(&app, "/orders?sort=wage").await;
        let card = |id: i32| {
            body.split("data-testid=\"order-card\"")
                .find(|c| c.contains(&format!("href=\"/orders/{id}\"")))
                .unwrap_or_default()
                .to_owned()
        };
        let w = card(welding);
        assert!(w.contains("28.050.000"), "the wage in VND: {w}");
        assert!(
            w.contains("trần theo luật"),
            "the legal cap beside the fee: {w}"
        );
        let b = card(building);
        assert!(!b.contains("≈"), "no VND figure without a rate: {b}");
        assert!(!b.contains("trần theo luật"), "no cap without a rate: {b}");
    })
}

#[test]
fn an_unreadable_filter_is_named_next_to_its_field_and_the_rest_still_apply() {
    crate::helpers::run(async {
        let (app, [welding, ..]) = board().await;
        let (ids, body) = listed(&app, "/orders?wage_min=nhi%E1%BB%81u&q=yamato").await;
        assert_eq!(ids, vec![welding], "the search still applies");
        let error = body
            .split("id=\"wage_min-error\"")
            .nth(1)
            .expect("a message next to the wage field");
        assert!(
            error.contains("số tiền") || error.contains("Số tiền"),
            "{error:.200}"
        );
        assert!(
            body.contains("value=\"nhiều\""),
            "what was typed is shown back"
        );
    })
}

#[test]
fn pages_keep_the_search_and_filters() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let agency = AgencyFixture::named("Công ty Sao Mai", "123/LĐTBXH-GP", "0101234567")
            .insert(&app.db)
            .await;
        for n in 0..23 {
            insert(
                &app,
                agency,
                Order {
                    market: "JP",
                    occupation: "Chế biến thực phẩm",
                    code: Some("7511"),
                    employer: "Paging Foods",
                    wage: (170_000 + n, "JPY"),
                    term: 36,
                    fee: 30_000_000,
                    places: (5, 0),
                    form: "licensed_agency",
                    decided_on: date(2026, 1, 9),
                    status: "approved",
                },
            )
            .await;
        }
        let (first, body) = listed(&app, "/orders?q=paging&sort=wage").await;
        assert_eq!(first.len(), 20);
        assert!(
            body.contains("href=\"/orders?q=paging&amp;sort=wage&amp;page=2\""),
            "the next page keeps the search and the order"
        );
        let (second, _) = listed(&app, "/orders?q=paging&sort=wage&page=2").await;
        assert_eq!(second.len(), 3);
        assert!(second.iter().all(|id| !first.contains(id)));
    })
}
