//! Officers' statistics against the records: for random choices over the seeded demo, the
//! table's total, the drill-down's count, the CSV and XLSX exports and a count written here in
//! plain SQL agree; a provincial officer's figures never hold another province's workers; the
//! export of the cases behind a number asks its purpose and leaves an audit entry.

use std::io::Cursor;

use app::backend::clock::Clock;
use app::backend::entity::audit_log;
use app::backend::seed;
use app::domain::accounts::Role;
use app::domain::statistics::{Dim, Figure, Measure};
use app::views::statistics::{DrillView, StatisticsQuery, StatisticsView};
use calamine::{Data, Reader, Xlsx};
use rand::{Rng, SeedableRng};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with, TestApp};

struct World {
    app: TestApp,
    national: String,
    provincial: String,
    inspector: String,
    agency: String,
}

/// The province of the provincial officer: Hà Nội, where many demo workers come from.
const PROVINCE: &str = "01";

async fn world() -> World {
    let app = spawn_app().await;
    seed::seed_demo_if_empty(&app.backend, 600)
        .await
        .expect("seed")
        .expect("was empty");
    let national = app
        .add_user(
            "cuc.thongke@test.vn",
            Role::NationalOfficer,
            None,
            None,
            None,
        )
        .await;
    let provincial = app
        .add_user(
            "so.hanoi@test.vn",
            Role::ProvincialOfficer,
            None,
            Some(PROVINCE),
            None,
        )
        .await;
    let inspector = app
        .add_user("thanhtra.tk@test.vn", Role::Inspector, None, None, None)
        .await;
    let agency_id: i32 = app::backend::entity::agency::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let agency = app
        .add_user(
            "dn.tk@test.vn",
            Role::AgencyAdmin,
            Some(agency_id),
            None,
            None,
        )
        .await;
    World {
        national: app.session_for(national).await,
        provincial: app.session_for(provincial).await,
        inspector: app.session_for(inspector).await,
        agency: app.session_for(agency).await,
        app,
    }
}

fn query(measure: Measure, rows: Option<Dim>, cols: Option<Dim>, period: &str) -> StatisticsQuery {
    StatisticsQuery {
        measure: measure.as_str().into(),
        rows: rows.map(|d| d.as_str().into()).unwrap_or_default(),
        cols: cols.map(|d| d.as_str().into()).unwrap_or_default(),
        period: period.into(),
        ..Default::default()
    }
}

async fn pivot(w: &World, q: &StatisticsQuery, cookie: &str) -> StatisticsView {
    let (status, body) = w
        .app
        .call("/api/statistics/pivot", &json!({ "q": q }), Some(cookie))
        .await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("a statistics view")
}

async fn drill(
    w: &World,
    q: &StatisticsQuery,
    row: &str,
    col: &str,
    part: &str,
    cookie: &str,
) -> DrillView {
    let (status, body) = w
        .app
        .call(
            "/api/statistics/cases",
            &json!({ "q": drill_fields(q, row, col, part) }),
            Some(cookie),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("a drill-down view")
}

/// The drill-down's query as it travels: the table's fields flattened beside the cell's keys.
fn drill_fields(q: &StatisticsQuery, row: &str, col: &str, part: &str) -> serde_json::Value {
    let mut v = serde_json::to_value(q).unwrap();
    let m = v.as_object_mut().unwrap();
    for (k, x) in [("row", row), ("col", col), ("part", part), ("page", "")] {
        m.insert(k.into(), json!(x));
    }
    v
}

fn query_string(q: &StatisticsQuery) -> String {
    serde_urlencoded::to_string(q.pairs()).unwrap()
}

async fn download(w: &World, path: &str, cookie: &str) -> (u16, Vec<u8>) {
    let res = w
        .app
        .client
        .get(format!("{}{path}", w.app.address))
        .header("cookie", format!("ht_session={cookie}"))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.bytes().await.unwrap().to_vec())
}

/// The last cell of the last row of a CSV export: the table's grand total.
fn csv_total(bytes: &[u8]) -> String {
    let text = std::str::from_utf8(bytes)
        .unwrap()
        .trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    rows.last().unwrap().iter().next_back().unwrap().to_owned()
}

fn xlsx_rows(bytes: Vec<u8>) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("an xlsx file");
    let range = book.worksheet_range_at(0).expect("a sheet").expect("reads");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn xlsx_total(bytes: Vec<u8>) -> String {
    let rows = xlsx_rows(bytes);
    match rows.last().unwrap().last().unwrap() {
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::String(s) => s.clone(),
        // A rate with nothing to divide by is written as an empty text.
        Data::Empty => String::new(),
        other => panic!("unexpected cell {other:?}"),
    }
}

/// The figure of a count as the exports write it.
fn figure_text(f: Figure) -> String {
    app::backend::statistics::figure_text(f)
}

/// Counted here in plain SQL, from what DOMAIN.md says each measure counts (not through the
/// app's query builder), for the whole table: (base, part).
async fn independent(
    w: &World,
    measure: Measure,
    from: &str,
    to: &str,
    at: &str,
    market: Option<&str>,
    province: Option<&str>,
) -> (u64, u64) {
    let returns = "('completed','early_return_not_at_fault','early_return_at_fault')";
    let early = "c.end_reason IN ('early_return_not_at_fault','early_return_at_fault')";
    let ended = format!("c.departed_on IS NOT NULL AND c.ended_on BETWEEN '{from}' AND '{to}'");
    let abs = format!("{ended} AND c.end_reason = 'absconded'");
    let over = format!("{ended} AND c.end_reason = 'overstayed'");
    let fee = "c.id IN (SELECT p.case_id FROM payments p WHERE p.reverses_id IS NULL \
               AND p.id NOT IN (SELECT r.reverses_id FROM payments r WHERE r.reverses_id IS NOT NULL) \
               AND p.flags LIKE '%\"service_fee_over_cap\"%')";
    let departed = format!("c.departed_on BETWEEN '{from}' AND '{to}'");
    let during =
        format!("c.departed_on <= '{to}' AND (c.ended_on IS NULL OR c.ended_on >= '{from}')");
    let (base, part): (String, String) = match measure {
        Measure::Departures => (departed, "1=1".into()),
        Measure::FeeBreaches | Measure::FeeBreachRate => (departed, fee.into()),
        Measure::Returns => (
            format!("{ended} AND c.end_reason IN {returns}"),
            "1=1".into(),
        ),
        Measure::EarlyReturns | Measure::EarlyReturnRate => (
            format!("{ended} AND c.end_reason IN {returns}"),
            early.into(),
        ),
        Measure::Absconded => (abs, "1=1".into()),
        Measure::Overstayed => (over, "1=1".into()),
        Measure::Abroad => (
            format!("c.departed_on <= '{at}' AND (c.ended_on IS NULL OR c.ended_on > '{at}')"),
            "1=1".into(),
        ),
        Measure::AbscondRate => (during, abs),
        Measure::OverstayRate => (during, over),
    };
    let mut sql = format!(
        "SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN {part} THEN 1 ELSE 0 END), 0) AS k \
         FROM cases c JOIN workers wk ON wk.id = c.worker_id JOIN job_orders o ON o.id = c.job_order_id \
         WHERE {base}"
    );
    if let Some(m) = market {
        sql.push_str(&format!(" AND o.market_code = '{m}'"));
    }
    if let Some(p) = province {
        sql.push_str(&format!(" AND wk.province_code = '{p}'"));
    }
    let db = &w.app.db;
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    let n: i64 = row.try_get("", "n").unwrap();
    let k: i64 = row.try_get("", "k").unwrap();
    (n as u64, k as u64)
}

#[test]
fn for_random_choices_the_table_the_drill_down_the_exports_and_plain_sql_agree() {
    crate::helpers::run(async {
        let w = world().await;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(16);
        let dims = [
            Dim::Market,
            Dim::Sex,
            Dim::Province,
            Dim::OldProvince,
            Dim::Form,
            Dim::Agency,
            Dim::Occupation,
            Dim::Household,
            Dim::Year,
            Dim::Month,
            Dim::Quarter,
            Dim::Reason,
        ];
        let periods = [
            "2025",
            "2026",
            "last-12-months",
            "this-year",
            "2026-Q3",
            "2025-06",
        ];
        let mut non_empty = 0;
        for round in 0..14 {
            let measure = Measure::ALL[rng.gen_range(0..Measure::ALL.len())];
            let allowed: Vec<Dim> = dims
                .iter()
                .copied()
                .filter(|d| measure.allows(*d))
                .collect();
            let rows = allowed[rng.gen_range(0..allowed.len())];
            let cols = allowed
                .iter()
                .copied()
                .filter(|d| *d != rows)
                .nth(rng.gen_range(0..allowed.len() - 1));
            let period = periods[rng.gen_range(0..periods.len())];
            let mut q = query(measure, Some(rows), cols, period);
            let market = rng.gen_bool(0.3).then_some("JP");
            if let Some(m) = market {
                q.market = m.into();
            }
            for (who, cookie, province) in [
                ("national", &w.national, None),
                ("provincial", &w.provincial, Some(PROVINCE)),
            ] {
                let v = pivot(&w, &q, cookie).await;
                let ctx = format!("round {round} {who}: {q:?}");
                assert!(v.issues.is_empty(), "{ctx}: {:?}", v.issues);
                let (from, to) = (v.from.to_string(), v.to.to_string());
                let today = app::backend::clock::day_in_vietnam(w.app.clock.now());
                let at = v.to.min(today).to_string();
                let (base, part) =
                    independent(&w, measure, &from, &to, &at, market, province).await;
                assert_eq!(
                    (v.pivot.total.base, v.pivot.total.part),
                    (base, part),
                    "{ctx}: the table's total and plain SQL"
                );
                // The totals are the sums of the rows and of the columns.
                let rows_sum: u64 = v.pivot.row_totals.values().map(|c| c.base).sum();
                let cells_sum: u64 = v.pivot.cells.values().map(|c| c.part).sum();
                assert_eq!(rows_sum, base, "{ctx}");
                assert_eq!(cells_sum, part, "{ctx}");
                if base > 0 {
                    non_empty += 1;
                }
                // A random cell's cases, and the whole table's, are as many as they say.
                let keys: Vec<(String, String)> = v.pivot.cells.keys().cloned().collect();
                let mut cells = vec![(String::new(), String::new())];
                if !keys.is_empty() {
                    cells.push(keys[rng.gen_range(0..keys.len())].clone());
                }
                for (r, c) in cells {
                    let n = if r.is_empty() {
                        v.pivot.total
                    } else {
                        v.pivot.cell(&r, &c)
                    };
                    let d = drill(&w, &q, &r, &c, "", cookie).await;
                    let shown = match n.value(measure) {
                        Figure::Count(x) => x,
                        Figure::Rate { part, .. } => part,
                        Figure::NoRate => 0,
                    };
                    assert_eq!(d.count, shown, "{ctx}: cell ({r}, {c})");
                    if measure.is_rate() {
                        let d = drill(&w, &q, &r, &c, "base", cookie).await;
                        assert_eq!(d.count, n.base, "{ctx}: denominator of ({r}, {c})");
                    }
                    if let Some(p) = province {
                        let d = drill(&w, &q, &r, &c, "base", cookie).await;
                        let name = w
                            .app
                            .backend
                            .reference
                            .get(&w.app.db)
                            .await
                            .unwrap()
                            .province(p);
                        assert!(
                            d.cases.iter().all(|x| x.province == name),
                            "{ctx}: a case from another province"
                        );
                    }
                }
                // The exports hold the same total.
                let qs = query_string(&v.query);
                let (status, csv) =
                    download(&w, &format!("/statistics/export.csv?{qs}"), cookie).await;
                assert_eq!(status, 200, "{ctx}");
                let (status, xlsx) =
                    download(&w, &format!("/statistics/export.xlsx?{qs}"), cookie).await;
                assert_eq!(status, 200, "{ctx}");
                let total = figure_text(v.pivot.total.value(measure));
                assert_eq!(csv_total(&csv), total, "{ctx}: CSV");
                assert_eq!(xlsx_total(xlsx), total, "{ctx}: XLSX");
            }
        }
        assert!(
            non_empty >= 8,
            "most random tables count something: {non_empty}"
        );
    })
}

#[test]
fn a_provincial_officer_sees_their_province_only_and_the_national_row_of_it_agrees() {
    crate::helpers::run(async {
        let w = world().await;
        let by_province = query(
            Measure::Departures,
            Some(Dim::Province),
            Some(Dim::Sex),
            "last-12-months",
        );
        let national = pivot(&w, &by_province, &w.national).await;
        let provincial = pivot(&w, &by_province, &w.provincial).await;
        assert!(
            provincial.pivot.total.base > 0,
            "the demo has Hà Nội departures"
        );
        assert_eq!(provincial.pivot.rows, vec![PROVINCE.to_owned()]);
        assert_eq!(
            provincial.pivot.total, national.pivot.row_totals[PROVINCE],
            "the province's own figure is the national table's row"
        );
        assert!(provincial.scope.is_some());
        // Asking for another province through the filter gives nothing, not the other's cases.
        let mut other = by_province.clone();
        other.province = "79".into();
        let v = pivot(&w, &other, &w.provincial).await;
        assert_eq!(v.pivot.total.base, 0);
        assert!(
            national.pivot.row_totals.len() > 1,
            "the country has other provinces"
        );
        // An agency may not read statistics at all; an inspector reads the national figures.
        let (status, _) = w
            .app
            .call(
                "/api/statistics/pivot",
                &json!({ "q": by_province }),
                Some(&w.agency),
            )
            .await;
        assert_eq!(status, 403);
        let inspector = pivot(&w, &by_province, &w.inspector).await;
        assert_eq!(inspector.pivot.total, national.pivot.total);
        let (status, _) =
            download(&w, "/statistics/export.csv?measure=departures", &w.agency).await;
        assert_eq!(status, 403);
    })
}

#[test]
fn a_choice_that_cannot_apply_is_named_next_to_its_field_and_the_rest_still_counts() {
    crate::helpers::run(async {
        let w = world().await;
        let mut q = query(Measure::Abroad, Some(Dim::Month), Some(Dim::Market), "2026");
        q.sex = "female".into();
        let (status, body) = w
            .app
            .get_as(&format!("/statistics?{}", query_string(&q)), &w.national)
            .await;
        assert_eq!(status, 200);
        assert!(body.contains("data-testid=\"error-rows\""), "{body}");
        let v = pivot(&w, &q, &w.national).await;
        assert_eq!(v.rows, None);
        assert_eq!(v.cols, Some(Dim::Market));
        assert!(v.pivot.total.base > 0, "workers abroad are still counted");
        let (status, body) = w
            .app
            .get_as("/statistics?period=2026-13&measure=nonsense", &w.national)
            .await;
        assert_eq!(status, 200);
        assert!(body.contains("data-testid=\"error-period\""));
        assert!(body.contains("data-testid=\"error-measure\""));
    })
}

#[test]
fn old_provinces_and_unnamed_ethnicities_have_keys_their_labels_filters_and_drill_downs_agree_with()
{
    crate::helpers::run(async {
        let w = world().await;
        // A worker registered without an ethnicity holds ''.
        w.app
            .db
            .execute_unprepared("UPDATE workers SET ethnicity = '' WHERE id % 7 = 0")
            .await
            .unwrap();
        let q = query(
            Measure::Departures,
            Some(Dim::OldProvince),
            Some(Dim::Ethnicity),
            "this-year",
        );
        let mut q = q;
        q.period = "2018-2026".into();
        let v = pivot(&w, &q, &w.national).await;
        assert!(v.pivot.total.base > 0);
        let names = v
            .labels
            .iter()
            .find(|l| l.dim == Dim::OldProvince)
            .expect("old provinces' names");
        for r in &v.pivot.rows {
            assert!(
                names.labels.iter().any(|l| l.key == *r),
                "old province {r} has a name"
            );
        }
        assert!(
            v.pivot.cols.iter().all(|c| !c.is_empty()),
            "no empty key: {:?}",
            v.pivot.cols
        );
        assert!(
            v.pivot.cols.iter().any(|c| c == "-"),
            "the unnamed ethnicity is a column"
        );
        for ((r, c), n) in v.pivot.cells.iter().take(40) {
            let d = drill(&w, &q, r, c, "", &w.national).await;
            assert_eq!(d.count, n.base, "{r} × {c}");
        }
        // The filter by an old province counts the workers whose citizen ID begins with it.
        let mut f = query(Measure::Departures, None, None, "2018-2026");
        f.old_province = "01".into();
        let v = pivot(&w, &f, &w.national).await;
        let row = w
            .app
            .db
            .query_one(Statement::from_string(
                w.app.db.get_database_backend(),
                "SELECT COUNT(*) FROM cases c JOIN workers k ON k.id = c.worker_id \
                 WHERE c.departed_on BETWEEN '2018-01-01' AND '2026-12-31' \
                 AND k.citizen_id LIKE '001%'",
            ))
            .await
            .unwrap()
            .unwrap();
        let n: i64 = row.try_get_by_index(0).unwrap();
        assert!(n > 0, "Hà Nội's old code holds demo workers");
        assert_eq!(v.pivot.total.base, n as u64);
    })
}

async fn post_export(
    app: &TestApp,
    fields: Vec<(String, String)>,
    cookie: String,
) -> reqwest::Response {
    app.client
        .post(format!("{}/statistics/cases/export", app.address))
        .header("cookie", format!("ht_session={cookie}"))
        .header("origin", app.address.clone())
        .form(&fields)
        .send()
        .await
        .unwrap()
}

#[test]
fn the_cases_behind_a_number_are_exported_only_with_a_purpose_within_the_cap_and_audited() {
    crate::helpers::run(async {
        let w = world().await;
        let q = query(
            Measure::Departures,
            Some(Dim::Market),
            Some(Dim::Sex),
            "last-12-months",
        );
        let v = pivot(&w, &q, &w.national).await;
        // The largest cell, so the cap below it still lets something through.
        let (row, col) = v
            .pivot
            .cells
            .iter()
            .max_by_key(|(_, c)| c.base)
            .map(|(k, _)| k.clone())
            .expect("a cell");
        let expected = v.pivot.cell(&row, &col).base;
        let mut form: Vec<(String, String)> = q
            .pairs()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        form.push(("row".into(), row.clone()));
        form.push(("col".into(), col.clone()));
        form.push(("format".into(), "xlsx".into()));
        let post =
            |fields: Vec<(String, String)>, cookie: String| post_export(&w.app, fields, cookie);
        // No purpose: back to the list, with the reason for the field and what was typed.
        let mut short = form.clone();
        short.push(("purpose".into(), "xem".into()));
        let res = post(short, w.national.clone()).await;
        assert_eq!(res.status().as_u16(), 303);
        let back = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(back.starts_with("/statistics/cases?"), "{back}");
        let (status, body) = w.app.get_as(&back, &w.national).await;
        assert_eq!(status, 200);
        assert!(body.contains("data-testid=\"error-purpose\""), "{body}");
        assert!(body.contains(">xem<"), "the purpose typed is kept");
        let exported = || async {
            audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq("statistics.cases_exported"))
                .all(&w.app.db)
                .await
                .unwrap()
        };
        assert!(exported().await.is_empty());

        // With a purpose: the file holds exactly the cell's cases, and the audit trail says why.
        let purpose = "Đối chiếu số liệu báo cáo quý với Cục";
        let mut good = form.clone();
        good.push(("purpose".into(), purpose.into()));
        let res = post(good.clone(), w.national.clone()).await;
        assert_eq!(res.status().as_u16(), 200);
        let rows = xlsx_rows(res.bytes().await.unwrap().to_vec());
        assert_eq!(
            rows.len() as u64,
            expected + 1,
            "a heading and one row per case"
        );
        let entries = exported().await;
        assert_eq!(entries.len(), 1);
        assert!(entries[0]
            .after_json
            .as_deref()
            .unwrap_or("")
            .contains(purpose));

        // Over the cap (a second server on the same database, with a cap below the cell's
        // count): refused with the reason, nothing written.
        assert!(expected > 1, "the first cell holds several cases");
        let capped = spawn_app_with(w.app.db.clone(), None, |s| {
            s.export_row_cap = expected - 1;
        })
        .await;
        let res = post_export(&capped, good.clone(), w.national.clone()).await;
        assert_eq!(res.status().as_u16(), 303);
        assert!(res.headers()["location"]
            .to_str()
            .unwrap()
            .contains("export_error=over_cap"));
        assert_eq!(exported().await.len(), 1);
        // An agency may not export workers' data through statistics.
        let res = post(good, w.agency.clone()).await;
        assert_eq!(res.status().as_u16(), 403);
    })
}
