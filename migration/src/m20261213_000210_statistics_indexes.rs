//! Officers' statistics count cases by the day they left and the day their contract ended:
//! indexes on both days, so a year's breakdown reads that year's cases, not every case.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cases {
    Table,
    DepartedOn,
    EndedOn,
}

const DEPARTED: &str = "idx_cases_departed_on";
const ENDED: &str = "idx_cases_ended_on";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(DEPARTED)
                    .table(Cases::Table)
                    .col(Cases::DepartedOn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(ENDED)
                    .table(Cases::Table)
                    .col(Cases::EndedOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [ENDED, DEPARTED] {
            manager
                .drop_index(Index::drop().name(name).table(Cases::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
