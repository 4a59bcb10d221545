//! Verified sign-up and claim codes.
//!
//! - `signup_requests`: a sign-up waits here, with its one-time confirmation link (as a hash),
//!   until its address is confirmed; only then does an account exist, so an unconfirmed sign-up
//!   holds no email, citizen ID or worker record.
//! - `users.email_confirmed_at`: when the address was proved (a confirmation or invitation
//!   link). Accounts from before count as confirmed on the day they were made.
//! - `claim_codes`: how an account is linked to a worker record an agency created: a code the
//!   agency prints for the worker, valid 30 days, spent once; kept as a hash.
//! - `claim_disputes`: a worker's request, from their own account, that the provincial office
//!   revoke a claim on their citizen ID that someone else made; the officer revokes it (the
//!   worker shows the ID card in person) and prints a fresh code, or rejects it with a reason.
//! - A worker record is linked to one account at most (a unique index on `users.worker_id`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SignupRequests {
    Table,
    Id,
    TokenHash,
    Email,
    CitizenId,
    FullName,
    BirthDate,
    Sex,
    Phone,
    Lang,
    PasswordHash,
    CreatedAt,
    ExpiresAt,
    ConfirmedAt,
}

#[derive(DeriveIden)]
enum ClaimCodes {
    Table,
    Id,
    WorkerId,
    CodeHash,
    IssuedBy,
    IssuedAt,
    ExpiresAt,
    SpentAt,
    SpentBy,
    RevokedAt,
}

#[derive(DeriveIden)]
enum ClaimDisputes {
    Table,
    Id,
    UserId,
    CitizenId,
    ProvinceCode,
    Note,
    CreatedAt,
    ResolvedAt,
    ResolvedBy,
    Outcome,
    Reason,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    WorkerId,
    EmailConfirmedAt,
}

#[derive(DeriveIden)]
enum Workers {
    Table,
    Id,
}

fn at(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn at_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SignupRequests::Table)
                    .col(
                        ColumnDef::new(SignupRequests::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(SignupRequests::TokenHash)
                            .string_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(SignupRequests::Email)
                            .string_len(254)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SignupRequests::CitizenId)
                            .string_len(12)
                            .not_null(),
                    )
                    .col(ColumnDef::new(SignupRequests::FullName).string().not_null())
                    .col(ColumnDef::new(SignupRequests::BirthDate).date().not_null())
                    .col(ColumnDef::new(SignupRequests::Sex).string_len(8).not_null())
                    .col(
                        ColumnDef::new(SignupRequests::Phone)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SignupRequests::Lang)
                            .string_len(2)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SignupRequests::PasswordHash)
                            .string()
                            .not_null(),
                    )
                    .col(at(SignupRequests::CreatedAt))
                    .col(at(SignupRequests::ExpiresAt))
                    .col(at_null(SignupRequests::ConfirmedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_signup_requests_email")
                    .table(SignupRequests::Table)
                    .col(SignupRequests::Email)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ClaimCodes::Table)
                    .col(
                        ColumnDef::new(ClaimCodes::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ClaimCodes::WorkerId).integer().not_null())
                    .col(
                        ColumnDef::new(ClaimCodes::CodeHash)
                            .string_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(ClaimCodes::IssuedBy).integer().not_null())
                    .col(at(ClaimCodes::IssuedAt))
                    .col(at(ClaimCodes::ExpiresAt))
                    .col(at_null(ClaimCodes::SpentAt))
                    .col(ColumnDef::new(ClaimCodes::SpentBy).integer().null())
                    .col(at_null(ClaimCodes::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ClaimCodes::Table, ClaimCodes::WorkerId)
                            .to(Workers::Table, Workers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ClaimCodes::Table, ClaimCodes::IssuedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_claim_codes_worker")
                    .table(ClaimCodes::Table)
                    .col(ClaimCodes::WorkerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ClaimDisputes::Table)
                    .col(
                        ColumnDef::new(ClaimDisputes::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ClaimDisputes::UserId).integer().not_null())
                    .col(
                        ColumnDef::new(ClaimDisputes::CitizenId)
                            .string_len(12)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ClaimDisputes::ProvinceCode)
                            .string_len(2)
                            .not_null(),
                    )
                    .col(ColumnDef::new(ClaimDisputes::Note).text().not_null())
                    .col(at(ClaimDisputes::CreatedAt))
                    .col(at_null(ClaimDisputes::ResolvedAt))
                    .col(ColumnDef::new(ClaimDisputes::ResolvedBy).integer().null())
                    .col(ColumnDef::new(ClaimDisputes::Outcome).string_len(16).null())
                    .col(ColumnDef::new(ClaimDisputes::Reason).text().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(ClaimDisputes::Table, ClaimDisputes::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_claim_disputes_province")
                    .table(ClaimDisputes::Table)
                    .col(ClaimDisputes::ProvinceCode)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(at_null(Users::EmailConfirmedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE users SET email_confirmed_at = created_at WHERE status <> 'invited'",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_worker_unique")
                    .table(Users::Table)
                    .col(Users::WorkerId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_worker_unique")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::EmailConfirmedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(ClaimDisputes::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ClaimCodes::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SignupRequests::Table).to_owned())
            .await
    }
}
