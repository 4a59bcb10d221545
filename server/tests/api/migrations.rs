use app::backend::entity::{market, old_province, province};
use migration::{Migrator, MigratorTrait};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::fresh_database;

/// An agency as the schema before this issue's migrations stores it (raw SQL: the entities
/// describe today's schema).
async fn old_agency(db: &sea_orm::DatabaseConnection) -> i32 {
    use sea_orm::ConnectionTrait;
    db.execute_unprepared(
        "INSERT INTO agencies (name, search_text, enterprise_code, licence_number, licence_date, \
         licence_status, province_code, address, phone, created_at, updated_at) VALUES \
         ('Công ty Cũ', 'cong ty cu', '0100000001', '1/GP', '2019-04-12', 'active', '01', \
         'Số 1', '024 1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    )
    .await
    .expect("insert an agency");
    last_id(db, "agencies").await
}

async fn old_order(
    db: &sea_orm::DatabaseConnection,
    agency: i32,
    market: &str,
    currency: &str,
) -> i32 {
    use sea_orm::ConnectionTrait;
    db.execute_unprepared(&format!(
        "INSERT INTO job_orders (agency_id, market_code, employer_name, occupation, headcount, \
         wage_amount, wage_currency, term_months, service_fee_vnd, deposit_vnd, form, status, \
         submitted_on, decided_on, created_at) VALUES ({agency}, '{market}', 'Yamato Seiki', \
         'Chế biến thực phẩm', 30, 160000, '{currency}', 36, 40000000, 0, 'licensed_agency', \
         'approved', '2026-01-05', '2026-01-09', '2026-01-01T00:00:00Z')"
    ))
    .await
    .expect("insert a job order");
    last_id(db, "job_orders").await
}

async fn last_id(db: &sea_orm::DatabaseConnection, table: &str) -> i32 {
    use sea_orm::{ConnectionTrait, Statement};
    let row = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT MAX(id) AS id FROM {table}"),
        ))
        .await
        .expect("select")
        .expect("a row");
    row.try_get::<i32>("", "id").expect("an id")
}

#[test]
fn contracts_recorded_before_rates_were_kept_get_the_rate_of_their_signing_day() {
    use sea_orm::ConnectionTrait;
    crate::helpers::run(async {
        let db = fresh_database().await;
        let before = Migrator::migrations()
            .iter()
            .position(|m| m.name() == "m20261204_000090_money")
            .expect("the money migration is listed");
        Migrator::up(&db, Some(u32::try_from(before).unwrap()))
            .await
            .expect("every migration before the money one");
        let agency = old_agency(&db).await;
        let order = old_order(&db, agency, "JP", "JPY").await;
        db.execute_unprepared(
            "INSERT INTO workers (citizen_id, full_name, birth_date, sex, phone, province_code, \
             ethnicity, household, created_at) VALUES ('001301012345', 'Nguyễn Thị Lan', \
             '2000-03-04', 'female', '0912', '01', 'Kinh', 'none', '2026-01-01T00:00:00Z')",
        )
        .await
        .expect("insert a worker");
        let worker = last_id(&db, "workers").await;
        let deposit =
            r#"{"amount_vnd":100000000,"bank":"NHCSXH","account":"7001","paid_on":"2026-03-20"}"#;
        let contract = r#"{"number":"1/HĐ","signed_on":"2026-03-01","fees":{"service_vnd":81600000,"training_vnd":0,"visa_vnd":0,"airfare_vnd":0,"other_vnd":0},"deposit_vnd":0,"guarantor":null}"#;
        db.execute_unprepared(&format!(
            "INSERT INTO cases (worker_id, agency_id, job_order_id, state, applied_on, details, \
             version, created_at, updated_at) VALUES ({worker}, {agency}, {order}, 'contracted', \
             '2026-02-01', '{{\"contract\":{contract},\"deposit\":{deposit}}}', 1, \
             '2026-01-01T00:00:00Z', \
             '2026-01-01T00:00:00Z')"
        ))
        .await
        .expect("insert a case");
        let case = last_id(&db, "cases").await;
        db.execute_unprepared(&format!(
            "INSERT INTO case_events (case_id, kind, step, from_state, to_state, happened_on, data, \
             created_at) VALUES ({case}, 'step', 'contract', 'selected', 'contracted', '2026-03-01', \
             '{{\"Contract\":{contract}}}', '2026-03-01T00:00:00Z')"
        ))
        .await
        .expect("insert its timeline entry");
        Migrator::up(&db, None).await.expect("the money migration");
        let c = app::backend::entity::case::Entity::find_by_id(case)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let file = app::backend::lifecycle::file_of(&c).expect("the case file reads");
        let k = file.contract.expect("its contract");
        assert_eq!((k.vnd_per_unit, k.partner_share_vnd), (170, 0));
        let e = app::backend::entity::case_event::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .pop()
            .unwrap();
        let step: app::domain::lifecycle::Step =
            serde_json::from_str(&e.data).expect("the timeline entry reads");
        assert!(matches!(step, app::domain::lifecycle::Step::Contract(k) if k.vnd_per_unit == 170));
        let o = app::backend::entity::job_order::Entity::find_by_id(order)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            o.programme, "technical_intern",
            "a Japanese order of then was an intern's"
        );
        let deposits = app::backend::entity::payment::Entity::find()
            .all(&db)
            .await
            .unwrap();
        assert_eq!(
            deposits
                .iter()
                .map(|p| (p.case_id, p.kind.clone(), p.amount_vnd, p.paid_on))
                .collect::<Vec<_>>(),
            vec![(
                case,
                "deposit".to_owned(),
                100_000_000,
                crate::helpers::date(2026, 3, 20)
            )],
            "the visa step's deposit is in the ledger"
        );
    })
}

#[test]
fn migrations_roll_back_and_apply_again_cleanly() {
    crate::helpers::run(async {
        let db = fresh_database().await;
        Migrator::up(&db, None).await.expect("up");
        assert_eq!(
            province::Entity::find().count(&db).await.expect("count"),
            34
        );
        Migrator::down(&db, None).await.expect("down");
        assert!(
            province::Entity::find().count(&db).await.is_err(),
            "tables are gone after down"
        );
        Migrator::up(&db, None).await.expect("up again");
        assert_eq!(
            province::Entity::find().count(&db).await.expect("count"),
            34
        );
        assert!(Migrator::get_pending_migrations(&db)
            .await
            .expect("pending")
            .is_empty());
    })
}

#[test]
fn every_old_province_maps_to_one_of_the_34_new_ones_and_at_least_12_markets_are_seeded() {
    crate::helpers::run(async {
        let db = fresh_database().await;
        Migrator::up(&db, None).await.expect("up");
        let new: Vec<String> = province::Entity::find()
            .all(&db)
            .await
            .expect("provinces")
            .into_iter()
            .map(|p| p.code)
            .collect();
        assert_eq!(new.len(), 34);
        let old = old_province::Entity::find()
            .all(&db)
            .await
            .expect("old provinces");
        assert_eq!(old.len(), 63);
        for p in old {
            assert!(
                new.contains(&p.new_code),
                "{} maps to unknown {}",
                p.name,
                p.new_code
            );
        }
        assert!(market::Entity::find().count(&db).await.expect("markets") >= 12);
    })
}

#[test]
fn free_text_occupations_of_existing_orders_are_mapped_to_a_code_or_left_not_coded() {
    use app::backend::entity::job_order;
    use sea_orm::{ConnectionTrait, QueryOrder};
    crate::helpers::run(async {
        let db = fresh_database().await;
        let before = Migrator::migrations()
            .iter()
            .position(|m| m.name() == "m20261202_000040_occupations")
            .expect("the occupations migration is listed");
        Migrator::up(&db, Some(u32::try_from(before).unwrap()))
            .await
            .expect("every migration before the occupations'");
        let agency = old_agency(&db).await;
        for market in ["JP", "TW", "KR"] {
            old_order(&db, agency, market, "JPY").await;
        }
        // Three orders as agencies wrote them: a label, a common way of writing one, anything.
        for (n, text) in [
            "  chế biến thực phẩm ",
            "Xây dựng",
            "Nghề chưa có trong danh mục",
        ]
        .into_iter()
        .enumerate()
        {
            db.execute_unprepared(&format!(
                "UPDATE job_orders SET occupation = '{text}' WHERE id = (SELECT MIN(id) FROM job_orders) + {n}"
            ))
            .await
            .unwrap();
        }
        Migrator::up(&db, None)
            .await
            .expect("the occupations migration");
        let codes: Vec<Option<String>> = job_order::Entity::find()
            .order_by_asc(job_order::Column::Id)
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.occupation_code)
            .collect();
        assert_eq!(
            codes,
            vec![Some("8160".to_owned()), Some("9313".to_owned()), None]
        );
        let listed = app::backend::entity::occupation::Entity::find()
            .count(&db)
            .await
            .unwrap();
        assert_eq!(listed, 49, "every occupation of data/occupations.json");
    })
}
