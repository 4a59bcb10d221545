//! Licensed agencies, their licence history and their market suspensions.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub(crate) enum Agencies {
    Table,
    Id,
    Name,
    SearchText,
    EnterpriseCode,
    LicenceNumber,
    LicenceDate,
    LicenceStatus,
    RevokedOn,
    ProvinceCode,
    Address,
    Phone,
    Email,
    Website,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LicenceEvents {
    Table,
    Id,
    AgencyId,
    HappenedOn,
    Kind,
    MarketCode,
    Until,
    DecisionRef,
    Note,
}

#[derive(DeriveIden)]
enum MarketSuspensions {
    Table,
    Id,
    AgencyId,
    MarketCode,
    StartsOn,
    EndsOn,
    DecisionRef,
    Reason,
}

#[derive(DeriveIden)]
enum Provinces {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Markets {
    Table,
    Code,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Agencies::Table)
                    .col(
                        ColumnDef::new(Agencies::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Agencies::Name).string().not_null())
                    .col(ColumnDef::new(Agencies::SearchText).string().not_null())
                    .col(
                        ColumnDef::new(Agencies::EnterpriseCode)
                            .string_len(14)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Agencies::LicenceNumber)
                            .string_len(40)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Agencies::LicenceDate).date().not_null())
                    .col(
                        ColumnDef::new(Agencies::LicenceStatus)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Agencies::RevokedOn).date().null())
                    .col(
                        ColumnDef::new(Agencies::ProvinceCode)
                            .string_len(2)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Agencies::Address).string().not_null())
                    .col(ColumnDef::new(Agencies::Phone).string_len(32).not_null())
                    .col(ColumnDef::new(Agencies::Email).string().null())
                    .col(ColumnDef::new(Agencies::Website).string().null())
                    .col(
                        ColumnDef::new(Agencies::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Agencies::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Agencies::Table, Agencies::ProvinceCode)
                            .to(Provinces::Table, Provinces::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_agencies_name")
                    .table(Agencies::Table)
                    .col(Agencies::Name)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LicenceEvents::Table)
                    .col(
                        ColumnDef::new(LicenceEvents::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(LicenceEvents::AgencyId).integer().not_null())
                    .col(ColumnDef::new(LicenceEvents::HappenedOn).date().not_null())
                    .col(
                        ColumnDef::new(LicenceEvents::Kind)
                            .string_len(24)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LicenceEvents::MarketCode)
                            .string_len(2)
                            .null(),
                    )
                    .col(ColumnDef::new(LicenceEvents::Until).date().null())
                    .col(
                        ColumnDef::new(LicenceEvents::DecisionRef)
                            .string_len(64)
                            .null(),
                    )
                    .col(ColumnDef::new(LicenceEvents::Note).string().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(LicenceEvents::Table, LicenceEvents::AgencyId)
                            .to(Agencies::Table, Agencies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_licence_events_agency")
                    .table(LicenceEvents::Table)
                    .col(LicenceEvents::AgencyId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MarketSuspensions::Table)
                    .col(
                        ColumnDef::new(MarketSuspensions::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(MarketSuspensions::AgencyId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(MarketSuspensions::MarketCode)
                            .string_len(2)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(MarketSuspensions::StartsOn)
                            .date()
                            .not_null(),
                    )
                    .col(ColumnDef::new(MarketSuspensions::EndsOn).date().not_null())
                    .col(
                        ColumnDef::new(MarketSuspensions::DecisionRef)
                            .string_len(64)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(MarketSuspensions::Reason)
                            .string()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MarketSuspensions::Table, MarketSuspensions::AgencyId)
                            .to(Agencies::Table, Agencies::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MarketSuspensions::Table, MarketSuspensions::MarketCode)
                            .to(Markets::Table, Markets::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_market_suspensions_agency")
                    .table(MarketSuspensions::Table)
                    .col(MarketSuspensions::AgencyId)
                    .col(MarketSuspensions::EndsOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MarketSuspensions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(LicenceEvents::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Agencies::Table).to_owned())
            .await
    }
}
