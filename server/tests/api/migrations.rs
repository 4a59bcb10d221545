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
fn every_old_province_maps_to_one_of_the_34_new_ones() {
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
