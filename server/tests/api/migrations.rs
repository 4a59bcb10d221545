use app::backend::entity::{market, old_province, province};
use migration::{Migrator, MigratorTrait};
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::fresh_database;

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
        let mut fixture = crate::helpers::AgencyFixture::named("Công ty Cũ", "1/GP", "0100000001");
        fixture.markets = vec!["JP", "TW", "KR"];
        fixture.insert(&db).await;
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
