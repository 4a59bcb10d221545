//! An agency's complaint against a sanction decision: `complaints.sanction_id` names the
//! decision complained of, its category is `SANCTION` and its filer the agency itself. One
//! complaint per decision, held by a unique index (rows without a decision, the workers'
//! complaints, are not concerned: NULLs are distinct).
//!
//! The category and relation columns widen their allowed values. SQLite cannot alter a CHECK,
//! so each column is rebuilt the same way on both databases: a new column with the wider check,
//! the values copied, the old column dropped and the new one renamed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

const CATEGORIES: [&str; 6] = [
    "OVERCHARGING",
    "CONTRACT_SUBSTITUTED",
    "DEPOSIT_NOT_REFUNDED",
    "WAGE_OR_JOB",
    "ABUSE",
    "OTHER",
];
const RELATIONS: [&str; 4] = ["worker", "relative", "labour_attache", "other"];

/// The statements rebuilding `<table>.<column>` to allow exactly `allowed`; `fill` is a
/// default existing rows never keep (each gets its own value copied). PostgreSQL then drops
/// the default, so an insert that forgets the column fails as before; SQLite cannot drop a
/// column default, where it stays (every insert of the app names the column).
pub(crate) fn rebuild_in(
    postgres: bool,
    table: &str,
    column: &str,
    len: u32,
    allowed: &[&str],
    fill: &str,
) -> String {
    let list = allowed
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let next = format!("{column}_next");
    format!(
        "ALTER TABLE {table} ADD COLUMN {next} varchar({len}) NOT NULL DEFAULT '{fill}' \
         CHECK ({next} IN ({list}));\n\
         UPDATE {table} SET {next} = {column};\n\
         ALTER TABLE {table} DROP COLUMN {column};\n\
         ALTER TABLE {table} RENAME COLUMN {next} TO {column};\n{}",
        if postgres {
            format!("ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT;\n")
        } else {
            String::new()
        }
    )
}

pub(crate) fn is_postgres(manager: &SchemaManager<'_>) -> bool {
    manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Postgres
}

fn rebuild(pg: bool, column: &str, len: u32, allowed: &[&str], fill: &str) -> String {
    rebuild_in(pg, "complaints", column, len, allowed, fill)
}

/// Runs the statements as one batch on one connection: on SQLite, a pooled connection that
/// did not make a schema change may not see it yet within the migration.
pub(crate) async fn batch(manager: &SchemaManager<'_>, sql: &str) -> Result<(), DbErr> {
    manager.get_connection().execute_unprepared(sql).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let pg = is_postgres(manager);
        let mut categories = CATEGORIES.to_vec();
        categories.push("SANCTION");
        let mut relations = RELATIONS.to_vec();
        relations.push("agency");
        let sql = [
            rebuild(pg, "category", 32, &categories, "OTHER"),
            rebuild(pg, "relation", 16, &relations, "other"),
            "ALTER TABLE complaints ADD COLUMN sanction_id integer NULL \
             REFERENCES inspection_sanctions (id);\n\
             CREATE UNIQUE INDEX ux_complaints_sanction ON complaints (sanction_id);\n"
                .to_owned(),
        ]
        .concat();
        batch(manager, &sql).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let left = db
            .query_one(sea_orm_migration::sea_orm::Statement::from_string(
                manager.get_database_backend(),
                "SELECT COUNT(*) AS n FROM complaints WHERE sanction_id IS NOT NULL".to_owned(),
            ))
            .await?
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        if left > 0 {
            return Err(DbErr::Migration(format!(
                "{left} complaint(s) against a sanction would lose their meaning; \
                 the schema before this migration cannot hold them"
            )));
        }
        let pg = is_postgres(manager);
        let sql = [
            "DROP INDEX ux_complaints_sanction;\n\
             ALTER TABLE complaints DROP COLUMN sanction_id;\n"
                .to_owned(),
            rebuild(pg, "relation", 16, &RELATIONS, "other"),
            rebuild(pg, "category", 32, &CATEGORIES, "OTHER"),
        ]
        .concat();
        batch(manager, &sql).await
    }
}
