//! Accounts, sessions, one-time tokens, sign-in throttling, the hash-chained audit trail and the
//! email outbox.

use sea_orm_migration::prelude::*;

use crate::m20261123_000002_agencies::Agencies;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Role,
    Status,
    FullName,
    Email,
    CitizenId,
    BirthDate,
    Sex,
    Phone,
    Lang,
    WorkerId,
    AgencyId,
    BranchName,
    ProvinceCode,
    PasswordHash,
    PasswordChangedAt,
    TotpSecret,
    TotpConfirmedAt,
    TotpLastStep,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    Stage,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    EndedAt,
    Address,
    UserAgent,
}

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    Id,
    TokenHash,
    Kind,
    UserId,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum SignInFailures {
    Table,
    Key,
    Failures,
    WindowStartedAt,
    LockedUntil,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorUserId,
    ActorRole,
    Action,
    RecordType,
    RecordId,
    AgencyId,
    CaseId,
    BeforeJson,
    AfterJson,
    RequestId,
    Address,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    LastId,
    LastHash,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    MessageId,
    Kind,
    Recipient,
    Subject,
    BodyText,
    BodyHtml,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    SentAt,
    LastError,
}

#[derive(DeriveIden)]
enum Workers {
    Table,
    Id,
}

fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
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

/// The hash the chain starts from: the audit log's first row links to it.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(id(Users::Id))
                    .col(ColumnDef::new(Users::Role).string_len(24).not_null())
                    .col(ColumnDef::new(Users::Status).string_len(12).not_null())
                    .col(ColumnDef::new(Users::FullName).string().not_null())
                    .col(
                        ColumnDef::new(Users::Email)
                            .string_len(254)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Users::CitizenId)
                            .string_len(12)
                            .null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Users::BirthDate).date().null())
                    .col(ColumnDef::new(Users::Sex).string_len(8).null())
                    .col(ColumnDef::new(Users::Phone).string_len(32).null())
                    .col(ColumnDef::new(Users::Lang).string_len(2).not_null())
                    .col(ColumnDef::new(Users::WorkerId).integer().null())
                    .col(ColumnDef::new(Users::AgencyId).integer().null())
                    .col(ColumnDef::new(Users::BranchName).string().null())
                    .col(ColumnDef::new(Users::ProvinceCode).string_len(2).null())
                    .col(ColumnDef::new(Users::PasswordHash).string().null())
                    .col(at_null(Users::PasswordChangedAt))
                    .col(ColumnDef::new(Users::TotpSecret).string_len(64).null())
                    .col(at_null(Users::TotpConfirmedAt))
                    .col(ColumnDef::new(Users::TotpLastStep).big_integer().null())
                    .col(at(Users::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, Users::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, Users::WorkerId)
                            .to(Workers::Table, Workers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_agency")
                    .table(Users::Table)
                    .col(Users::AgencyId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecoveryCodes::Table)
                    .col(id(RecoveryCodes::Id))
                    .col(ColumnDef::new(RecoveryCodes::UserId).integer().not_null())
                    .col(
                        ColumnDef::new(RecoveryCodes::CodeHash)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(at_null(RecoveryCodes::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RecoveryCodes::Table, RecoveryCodes::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(
                        ColumnDef::new(Sessions::Id)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Sessions::UserId).integer().not_null())
                    .col(ColumnDef::new(Sessions::Stage).string_len(8).not_null())
                    .col(at(Sessions::CreatedAt))
                    .col(at(Sessions::LastSeenAt))
                    .col(at(Sessions::ExpiresAt))
                    .col(at_null(Sessions::EndedAt))
                    .col(ColumnDef::new(Sessions::Address).string_len(64).null())
                    .col(ColumnDef::new(Sessions::UserAgent).string_len(256).null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_user")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OneTimeTokens::Table)
                    .col(id(OneTimeTokens::Id))
                    .col(
                        ColumnDef::new(OneTimeTokens::TokenHash)
                            .string_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(OneTimeTokens::Kind)
                            .string_len(12)
                            .not_null(),
                    )
                    .col(ColumnDef::new(OneTimeTokens::UserId).integer().not_null())
                    .col(ColumnDef::new(OneTimeTokens::CreatedBy).integer().null())
                    .col(at(OneTimeTokens::CreatedAt))
                    .col(at(OneTimeTokens::ExpiresAt))
                    .col(at_null(OneTimeTokens::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OneTimeTokens::Table, OneTimeTokens::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SignInFailures::Table)
                    .col(
                        ColumnDef::new(SignInFailures::Key)
                            .string_len(128)
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(SignInFailures::Failures)
                            .integer()
                            .not_null(),
                    )
                    .col(at(SignInFailures::WindowStartedAt))
                    .col(at_null(SignInFailures::LockedUntil))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(
                        ColumnDef::new(AuditLog::Id)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(at(AuditLog::At))
                    .col(ColumnDef::new(AuditLog::ActorUserId).integer().null())
                    .col(ColumnDef::new(AuditLog::ActorRole).string_len(24).null())
                    .col(ColumnDef::new(AuditLog::Action).string_len(48).not_null())
                    .col(ColumnDef::new(AuditLog::RecordType).string_len(24).null())
                    .col(ColumnDef::new(AuditLog::RecordId).string_len(40).null())
                    .col(ColumnDef::new(AuditLog::AgencyId).integer().null())
                    .col(ColumnDef::new(AuditLog::CaseId).integer().null())
                    .col(ColumnDef::new(AuditLog::BeforeJson).text().null())
                    .col(ColumnDef::new(AuditLog::AfterJson).text().null())
                    .col(ColumnDef::new(AuditLog::RequestId).string_len(64).null())
                    .col(ColumnDef::new(AuditLog::Address).string_len(64).null())
                    .col(ColumnDef::new(AuditLog::PrevHash).string_len(64).not_null())
                    .col(ColumnDef::new(AuditLog::Hash).string_len(64).not_null())
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_audit_agency", AuditLog::AgencyId),
            ("idx_audit_case", AuditLog::CaseId),
            ("idx_audit_actor", AuditLog::ActorUserId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(AuditLog::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(AuditHead::Table)
                    .col(
                        ColumnDef::new(AuditHead::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(AuditHead::LastId).big_integer().not_null())
                    .col(
                        ColumnDef::new(AuditHead::LastHash)
                            .string_len(64)
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(AuditHead::Table)
                    .columns([AuditHead::Id, AuditHead::LastId, AuditHead::LastHash])
                    .values_panic([1.into(), 0i64.into(), GENESIS.into()])
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(id(Outbox::Id))
                    .col(
                        ColumnDef::new(Outbox::MessageId)
                            .string_len(128)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Outbox::Kind).string_len(24).not_null())
                    .col(ColumnDef::new(Outbox::Recipient).string_len(254).not_null())
                    .col(ColumnDef::new(Outbox::Subject).string().not_null())
                    .col(ColumnDef::new(Outbox::BodyText).text().not_null())
                    .col(ColumnDef::new(Outbox::BodyHtml).text().not_null())
                    .col(at(Outbox::CreatedAt))
                    .col(ColumnDef::new(Outbox::Attempts).integer().not_null())
                    .col(at(Outbox::NextAttemptAt))
                    .col(at_null(Outbox::SentAt))
                    .col(ColumnDef::new(Outbox::LastError).string().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_pending")
                    .table(Outbox::Table)
                    .col(Outbox::SentAt)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Outbox::Table.into_iden(),
            AuditHead::Table.into_iden(),
            AuditLog::Table.into_iden(),
            SignInFailures::Table.into_iden(),
            OneTimeTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            RecoveryCodes::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
