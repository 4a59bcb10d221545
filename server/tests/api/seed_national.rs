//! `server seed national` against the published totals: after the small demo, the national
//! dataset (scaled down a hundredfold) holds exactly the published departures per year, market
//! and women's share, counted here in plain SQL and read on the statistics page; a second run
//! adds nothing; every order it made keeps its places.

use app::backend::seed;
use app::backend::seed_national::{seed_national, NationalPlan, NationalReport, PUBLISHED};
use app::domain::accounts::Role;
use app::domain::published_totals::scaled;
use app::views::statistics::{StatisticsQuery, StatisticsView};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::helpers::spawn_app;

const DIVISOR: u32 = 100;

fn month_end(year: i32, month: u32) -> String {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    (next.expect("a month") - chrono::Days::new(1)).to_string()
}

async fn count(db: &sea_orm::DatabaseConnection, sql: &str) -> u64 {
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("query")
        .expect("a row");
    let n: i64 = row.try_get_by_index(0).expect("a count");
    u64::try_from(n).expect("not negative")
}

fn departures(from: &str, to: &str, market: Option<&str>, women: bool) -> String {
    let mut sql = format!(
        "SELECT COUNT(*) FROM cases c JOIN job_orders o ON o.id = c.job_order_id \
         JOIN workers w ON w.id = c.worker_id \
         WHERE c.departed_on BETWEEN '{from}' AND '{to}'"
    );
    if let Some(m) = market {
        sql.push_str(&format!(" AND o.market_code = '{m}'"));
    }
    if women {
        sql.push_str(" AND w.sex = 'female'");
    }
    sql
}

#[test]
fn the_national_dataset_holds_the_published_totals_and_a_second_run_adds_nothing() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        seed::seed_demo_if_empty(&app.backend, 600)
            .await
            .expect("demo seed")
            .expect("was empty");
        let demo_workers = count(
            &app.db,
            "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM workers",
        )
        .await;
        let demo_orders = count(
            &app.db,
            "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM job_orders",
        )
        .await;
        let plan = NationalPlan::Published { divisor: DIVISOR };
        let report = seed_national(&app.backend, plan).await.expect("national");
        assert!(report.cases > 3_000, "{report:?}");
        assert_eq!(report.workers, report.cases, "one new worker per case");

        for p in PUBLISHED {
            let (y, first, last) = (p.year, p.first_month, p.last_month);
            let from = format!("{y}-{first:02}-01");
            let to = month_end(y, last);
            assert_eq!(
                count(&app.db, &departures(&from, &to, None, false)).await,
                scaled(p.total, DIVISOR),
                "{} total",
                p.label
            );
            for (market, n) in p.by_market {
                assert_eq!(
                    count(&app.db, &departures(&from, &to, Some(market), false)).await,
                    scaled(*n, DIVISOR),
                    "{} {market}",
                    p.label
                );
            }
            if let Some(w) = p.women {
                let through = month_end(y, w.through_month);
                assert_eq!(
                    count(&app.db, &departures(&from, &through, None, false)).await,
                    scaled(w.departures, DIVISOR),
                    "{} departures to month {}",
                    p.label,
                    w.through_month
                );
                assert_eq!(
                    count(&app.db, &departures(&from, &through, None, true)).await,
                    scaled(w.women, DIVISOR),
                    "{} women",
                    p.label
                );
            }
        }

        // No order holds more cases than places, and each order made here counts the cases
        // it holds (all of them departed).
        let overfull = count(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM job_orders o WHERE o.filled > o.headcount \
                 OR (o.id > {demo_orders} AND o.filled <> \
                 (SELECT COUNT(*) FROM cases c WHERE c.job_order_id = o.id))"
            ),
        )
        .await;
        assert_eq!(
            count(
                &app.db,
                &format!("SELECT COUNT(*) FROM job_orders WHERE id > {demo_orders}")
            )
            .await,
            report.job_orders
        );
        assert_eq!(overfull, 0, "orders' places agree with their cases");
        let doubled = count(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM (SELECT worker_id FROM cases WHERE worker_id > {demo_workers} \
                 GROUP BY worker_id HAVING COUNT(*) > 1) t"
            ),
        )
        .await;
        let new_cases = count(
            &app.db,
            &format!("SELECT COUNT(*) FROM cases WHERE worker_id > {demo_workers}"),
        )
        .await;
        assert_eq!(new_cases, report.cases, "each case added is a new worker's");
        assert_eq!(doubled, 0, "every new case has a worker of its own");

        // The statistics page reads the same published figures.
        let officer = app
            .add_user(
                "cuc.quocgia@test.vn",
                Role::NationalOfficer,
                None,
                None,
                None,
            )
            .await;
        let cookie = app.session_for(officer).await;
        let q = StatisticsQuery {
            measure: "departures".into(),
            rows: "market".into(),
            period: "2024".into(),
            ..Default::default()
        };
        let (status, body) = app
            .call("/api/statistics/pivot", &json!({ "q": q }), Some(&cookie))
            .await;
        assert_eq!(status, 200, "{body}");
        let view: StatisticsView = serde_json::from_str(&body).expect("a view");
        let y2024 = PUBLISHED.iter().find(|p| p.year == 2024).expect("2024");
        assert_eq!(view.pivot.total.base, scaled(y2024.total, DIVISOR));
        for (market, n) in y2024.by_market {
            assert_eq!(
                view.pivot.row_totals.get(*market).map(|c| c.base),
                Some(scaled(*n, DIVISOR)),
                "2024 {market} on the page"
            );
        }

        let again = seed_national(&app.backend, plan).await.expect("again");
        assert_eq!(
            again,
            NationalReport::default(),
            "a second run adds nothing"
        );
    });
}
