//! Support paid at cost (passport, criminal record, visa fees) keeps the receipt's amount: what
//! is paid is at most its share for the worker's household status. Payments recorded before
//! have none (null), as do items paid up to a rule's amount.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SupportPayments {
    Table,
    ReceiptAmountVnd,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SupportPayments::Table)
                    .add_column(
                        ColumnDef::new(SupportPayments::ReceiptAmountVnd)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SupportPayments::Table)
                    .drop_column(SupportPayments::ReceiptAmountVnd)
                    .to_owned(),
            )
            .await
    }
}
