//! Background imports as rows, not process memory: any server process on the database can show a
//! job's progress, and a job whose process died is seen as such once its lease runs out.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ImportJobs {
    Table,
    Id,
    AgencyId,
    OwnerUserId,
    State,
    Total,
    Done,
    Opened,
    ErrorsJson,
    Runner,
    LeaseUntil,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

/// At most one import runs per agency: the database refuses a second running row.
const ONE_RUNNING: &str = "CREATE UNIQUE INDEX ux_import_jobs_one_running_per_agency \
     ON import_jobs (agency_id) WHERE state IN ('checking', 'writing')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImportJobs::Table)
                    .col(
                        ColumnDef::new(ImportJobs::Id)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ImportJobs::AgencyId).integer().not_null())
                    .col(ColumnDef::new(ImportJobs::OwnerUserId).integer().not_null())
                    .col(ColumnDef::new(ImportJobs::State).string_len(16).not_null())
                    .col(ColumnDef::new(ImportJobs::Total).integer().not_null())
                    .col(ColumnDef::new(ImportJobs::Done).integer().not_null())
                    .col(ColumnDef::new(ImportJobs::Opened).integer())
                    .col(ColumnDef::new(ImportJobs::ErrorsJson).text())
                    .col(ColumnDef::new(ImportJobs::Runner).string_len(64).not_null())
                    .col(
                        ColumnDef::new(ImportJobs::LeaseUntil)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ImportJobs::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ImportJobs::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ImportJobs::Table, ImportJobs::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ImportJobs::Table, ImportJobs::OwnerUserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(ONE_RUNNING)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportJobs::Table).to_owned())
            .await
    }
}
