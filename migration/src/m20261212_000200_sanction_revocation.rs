//! A sanction decision may revoke the licence (`inspection_sanctions.extra = 'revocation'`),
//! made as DOLAB's licence decision in force from its date, as a suspension already is. The
//! column's check widens by the same rebuild as the complaints' columns.

use sea_orm_migration::prelude::*;

use crate::m20261212_000190_sanction_complaints::{batch, is_postgres, rebuild_in};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = rebuild_in(
            is_postgres(manager),
            "inspection_sanctions",
            "extra",
            16,
            &["none", "suspension", "revocation"],
            "none",
        );
        batch(manager, &sql).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
        let db = manager.get_connection();
        let row = db
            .query_one(Statement::from_string(
                manager.get_database_backend(),
                "SELECT COUNT(*) AS n FROM inspection_sanctions WHERE extra = 'revocation'"
                    .to_owned(),
            ))
            .await?
            .ok_or_else(|| DbErr::Migration("COUNT gave no row".into()))?;
        let left: i64 = row.try_get("", "n")?;
        if left > 0 {
            return Err(DbErr::Migration(format!(
                "{left} sanction(s) revoked a licence; the schema before this migration cannot \
                 say so"
            )));
        }
        let sql = rebuild_in(
            is_postgres(manager),
            "inspection_sanctions",
            "extra",
            16,
            &["none", "suspension"],
            "none",
        );
        batch(manager, &sql).await
    }
}
