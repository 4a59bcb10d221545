//! Identity conflicts become correction requests.
//!
//! - `correction_requests`: an agency typed a citizen ID that is on record under other details.
//!   Both versions are kept (what is stored, what the agency typed), who asked and why, with an
//!   optional scan of the ID card; the provincial officer of the stored record's province keeps
//!   one version or rejects the request with a reason.
//! - `worker_versions`: every version of a worker record's identity that a correction replaced,
//!   so no version is lost.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CorrectionRequests {
    Table,
    Id,
    WorkerId,
    AgencyId,
    RequestedBy,
    ProvinceCode,
    StoredFullName,
    StoredBirthDate,
    StoredSex,
    ProposedFullName,
    ProposedBirthDate,
    ProposedSex,
    Reason,
    ScanName,
    ScanType,
    ScanBytes,
    CreatedAt,
    DecidedAt,
    DecidedBy,
    Outcome,
    DecisionReason,
}

#[derive(DeriveIden)]
enum WorkerVersions {
    Table,
    Id,
    WorkerId,
    FullName,
    BirthDate,
    Sex,
    ReplacedAt,
    ReplacedBy,
    CorrectionId,
}

#[derive(DeriveIden)]
enum Workers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
}

fn at(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CorrectionRequests::Table)
                    .col(
                        ColumnDef::new(CorrectionRequests::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::WorkerId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::AgencyId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::RequestedBy)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::ProvinceCode)
                            .string_len(2)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::StoredFullName)
                            .string()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::StoredBirthDate)
                            .date()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::StoredSex)
                            .string_len(8)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::ProposedFullName)
                            .string()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::ProposedBirthDate)
                            .date()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::ProposedSex)
                            .string_len(8)
                            .not_null(),
                    )
                    .col(ColumnDef::new(CorrectionRequests::Reason).text().not_null())
                    .col(
                        ColumnDef::new(CorrectionRequests::ScanName)
                            .string_len(160)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::ScanType)
                            .string_len(64)
                            .null(),
                    )
                    .col(ColumnDef::new(CorrectionRequests::ScanBytes).blob().null())
                    .col(at(CorrectionRequests::CreatedAt))
                    .col(
                        ColumnDef::new(CorrectionRequests::DecidedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::DecidedBy)
                            .integer()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::Outcome)
                            .string_len(16)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(CorrectionRequests::DecisionReason)
                            .text()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CorrectionRequests::Table, CorrectionRequests::WorkerId)
                            .to(Workers::Table, Workers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CorrectionRequests::Table, CorrectionRequests::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            (
                "idx_correction_requests_province",
                CorrectionRequests::ProvinceCode,
            ),
            (
                "idx_correction_requests_agency",
                CorrectionRequests::AgencyId,
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(CorrectionRequests::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(WorkerVersions::Table)
                    .col(
                        ColumnDef::new(WorkerVersions::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(WorkerVersions::WorkerId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(WorkerVersions::FullName).string().not_null())
                    .col(ColumnDef::new(WorkerVersions::BirthDate).date().not_null())
                    .col(ColumnDef::new(WorkerVersions::Sex).string_len(8).not_null())
                    .col(at(WorkerVersions::ReplacedAt))
                    .col(
                        ColumnDef::new(WorkerVersions::ReplacedBy)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(WorkerVersions::CorrectionId)
                            .integer()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkerVersions::Table, WorkerVersions::WorkerId)
                            .to(Workers::Table, Workers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkerVersions::Table, WorkerVersions::CorrectionId)
                            .to(CorrectionRequests::Table, CorrectionRequests::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WorkerVersions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CorrectionRequests::Table).to_owned())
            .await
    }
}
