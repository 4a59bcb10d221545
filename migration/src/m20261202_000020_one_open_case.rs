//! One open case per worker, kept by the database: a partial unique index on `cases(worker_id)`
//! over the cases that are not closed. The use case checks first for the refusal's words; the
//! index is what holds when two applications of one worker arrive at once.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "idx_cases_one_open_per_worker";

/// The states that close a case, as `domain::cases::CaseState::is_terminal` names them
/// (written out: migrations do not import the application). A test in `server/tests/api/`
/// checks the index against the domain's list, state by state.
const CLOSED_STATES: [&str; 5] = [
    "liquidated",
    "withdrawn",
    "not_sent_in_time",
    "rejected",
    "cancelled",
];

fn closed_list() -> String {
    CLOSED_STATES
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let closed = closed_list();
        // A database that already breaks the rule cannot take the index: name the workers, so
        // someone closes the extra cases, rather than fail with the engine's message alone.
        let doubles = db
            .query_all(Statement::from_string(
                db.get_database_backend(),
                format!(
                    "SELECT worker_id FROM cases WHERE state NOT IN ({closed}) \
                     GROUP BY worker_id HAVING COUNT(*) > 1 ORDER BY worker_id LIMIT 20"
                ),
            ))
            .await?;
        if !doubles.is_empty() {
            let ids = doubles
                .iter()
                .map(|r| r.try_get::<i32>("", "worker_id").map(|id| id.to_string()))
                .collect::<Result<Vec<_>, _>>()?;
            return Err(DbErr::Migration(format!(
                "workers with more than one open case (close all but one first): {}",
                ids.join(", ")
            )));
        }
        // Partial indexes are the same SQL on SQLite and PostgreSQL.
        db.execute_unprepared(&format!(
            "CREATE UNIQUE INDEX {INDEX} ON cases (worker_id) WHERE state NOT IN ({closed})"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(INDEX).table(Cases::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Cases {
    Table,
}
