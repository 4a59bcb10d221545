//! Job orders (supply contracts), workers and their cases.

use sea_orm_migration::prelude::*;

use crate::m20261123_000002_agencies::Agencies;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum JobOrders {
    Table,
    Id,
    AgencyId,
    MarketCode,
    EmployerName,
    Occupation,
    Headcount,
    WageAmount,
    WageCurrency,
    TermMonths,
    ServiceFeeVnd,
    DepositVnd,
    Form,
    Status,
    SubmittedOn,
    DecidedOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Workers {
    Table,
    Id,
    CitizenId,
    FullName,
    BirthDate,
    Sex,
    Phone,
    Email,
    ProvinceCode,
    OldProvinceCode,
    Ethnicity,
    Household,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    WorkerId,
    AgencyId,
    JobOrderId,
    State,
    AppliedOn,
    SelectedOn,
    DepartedOn,
    EndedOn,
    EndReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Markets {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Provinces {
    Table,
    Code,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JobOrders::Table)
                    .col(
                        ColumnDef::new(JobOrders::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(JobOrders::AgencyId).integer().not_null())
                    .col(
                        ColumnDef::new(JobOrders::MarketCode)
                            .string_len(2)
                            .not_null(),
                    )
                    .col(ColumnDef::new(JobOrders::EmployerName).string().not_null())
                    .col(ColumnDef::new(JobOrders::Occupation).string().not_null())
                    .col(ColumnDef::new(JobOrders::Headcount).integer().not_null())
                    .col(
                        ColumnDef::new(JobOrders::WageAmount)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(JobOrders::WageCurrency)
                            .string_len(3)
                            .not_null(),
                    )
                    .col(ColumnDef::new(JobOrders::TermMonths).integer().not_null())
                    .col(
                        ColumnDef::new(JobOrders::ServiceFeeVnd)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(JobOrders::DepositVnd)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(JobOrders::Form).string_len(24).not_null())
                    .col(ColumnDef::new(JobOrders::Status).string_len(16).not_null())
                    .col(ColumnDef::new(JobOrders::SubmittedOn).date().null())
                    .col(ColumnDef::new(JobOrders::DecidedOn).date().null())
                    .col(
                        ColumnDef::new(JobOrders::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(JobOrders::Table, JobOrders::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(JobOrders::Table, JobOrders::MarketCode)
                            .to(Markets::Table, Markets::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_job_orders_agency_market")
                    .table(JobOrders::Table)
                    .col(JobOrders::AgencyId)
                    .col(JobOrders::MarketCode)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Workers::Table)
                    .col(
                        ColumnDef::new(Workers::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Workers::CitizenId)
                            .string_len(12)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Workers::FullName).string().not_null())
                    .col(ColumnDef::new(Workers::BirthDate).date().not_null())
                    .col(ColumnDef::new(Workers::Sex).string_len(8).not_null())
                    .col(ColumnDef::new(Workers::Phone).string_len(32).not_null())
                    .col(ColumnDef::new(Workers::Email).string().null())
                    .col(
                        ColumnDef::new(Workers::ProvinceCode)
                            .string_len(2)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Workers::OldProvinceCode)
                            .string_len(2)
                            .null(),
                    )
                    .col(ColumnDef::new(Workers::Ethnicity).string_len(32).not_null())
                    .col(ColumnDef::new(Workers::Household).string_len(16).not_null())
                    .col(
                        ColumnDef::new(Workers::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Workers::Table, Workers::ProvinceCode)
                            .to(Provinces::Table, Provinces::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Cases::Table)
                    .col(
                        ColumnDef::new(Cases::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Cases::WorkerId).integer().not_null())
                    .col(ColumnDef::new(Cases::AgencyId).integer().not_null())
                    .col(ColumnDef::new(Cases::JobOrderId).integer().not_null())
                    .col(ColumnDef::new(Cases::State).string_len(24).not_null())
                    .col(ColumnDef::new(Cases::AppliedOn).date().not_null())
                    .col(ColumnDef::new(Cases::SelectedOn).date().null())
                    .col(ColumnDef::new(Cases::DepartedOn).date().null())
                    .col(ColumnDef::new(Cases::EndedOn).date().null())
                    .col(ColumnDef::new(Cases::EndReason).string_len(32).null())
                    .col(
                        ColumnDef::new(Cases::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Cases::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Cases::Table, Cases::WorkerId)
                            .to(Workers::Table, Workers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Cases::Table, Cases::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Cases::Table, Cases::JobOrderId)
                            .to(JobOrders::Table, JobOrders::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_cases_agency_state")
                    .table(Cases::Table)
                    .col(Cases::AgencyId)
                    .col(Cases::State)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_cases_worker")
                    .table(Cases::Table)
                    .col(Cases::WorkerId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Cases::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Workers::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(JobOrders::Table).to_owned())
            .await
    }
}
