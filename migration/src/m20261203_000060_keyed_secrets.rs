//! Secrets at rest: each audit row names the key its seal was made with (rows from before have
//! none and are sealed by one keyed cut-over entry the server appends at its first start), and
//! TOTP secrets are stored encrypted, which needs a longer column. Both keys come from the
//! server's configuration (`SECRET_KEY`), never from the database, so this migration cannot
//! encrypt or seal anything itself: the server does it when it starts.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    KeyId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditLog::Table)
                    .add_column(ColumnDef::new(AuditLog::KeyId).string_len(16).null())
                    .to_owned(),
            )
            .await?;
        // SQLite does not enforce a text column's length; PostgreSQL does.
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("ALTER TABLE users ALTER COLUMN totp_secret TYPE varchar(200)")
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditLog::Table)
                    .drop_column(AuditLog::KeyId)
                    .to_owned(),
            )
            .await
    }
}
