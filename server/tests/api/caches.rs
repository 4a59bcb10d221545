//! Two servers on one database: what one changes, the other's caches show within seconds.

use std::time::{Duration, Instant};

use app::backend::entity::legal_rule;
use app::domain::rules::RuleKey;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ActiveModelTrait, Set};

use crate::helpers::{date, fresh_database_url, spawn_app_on};

#[test]
fn a_rule_version_another_process_writes_is_in_force_on_a_server_that_had_cached_the_book_within_seconds(
) {
    crate::helpers::run(async {
        let url = fresh_database_url().await;
        let db = server::startup::connect(&url).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        let one = spawn_app_on(db).await;
        let other = spawn_app_on(server::startup::connect(&url).await.unwrap()).await;
        let day = date(2027, 1, 1);
        let age = |book: &app::domain::rules::RuleBook| book.value(RuleKey::MinWorkerAge, "", day);
        let before = app::backend::rules::book(&other.backend).await.unwrap();
        assert_eq!(
            age(&before),
            Ok(18),
            "the other server has read and cached the book"
        );
        legal_rule::ActiveModel {
            key: Set(RuleKey::MinWorkerAge.as_str().to_owned()),
            scope: Set(String::new()),
            effective_from: Set(day),
            value: Set(19),
            source: Set("Test".to_owned()),
            created_by: Set(None),
            created_at: Set(app::backend::Clock::now(one.clock.as_ref())),
            ..Default::default()
        }
        .insert(&one.db)
        .await
        .unwrap();
        let started = Instant::now();
        loop {
            let book = app::backend::rules::book(&other.backend).await.unwrap();
            if age(&book) == Ok(19) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(6),
                "the other server still shows the old rule after 6 s"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
}
