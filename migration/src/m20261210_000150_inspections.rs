//! Inspections of agencies, from the plan to the last remediation task accepted.
//!
//! - `inspections`: one visit of one agency (scope, team, dates); `planned` until the team
//!   opens it on the visit (the agency sees none before), then `open`, then `closed`. Each step
//!   is a conditional update on the status it leaves.
//! - `inspection_violations`: what was found, with its legal clause and the fine range of the
//!   rules in force on the day of the act, kept as it was when recorded.
//! - `inspection_sanctions`: one sanction decision per inspection (`inspection_id` unique), its
//!   number once (`decision_no` unique), the fine (a check holds it within the range kept with
//!   it) and, for a suspension, the licence decision it made.
//! - `remediation_tasks` and `remediation_files`: what the agency must put right by when, its
//!   answers with evidence, and the inspector's acceptance or return.
//! - Rules: the Decree 283/2026 fine ranges per violation, from its effective date.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Inspections {
    Table,
    Id,
    AgencyId,
    Status,
    Scope,
    Team,
    StartsOn,
    EndsOn,
    Basis,
    PlannedBy,
    PlannedAt,
    OpenedOn,
    ClosedOn,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum InspectionViolations {
    Table,
    Id,
    InspectionId,
    Code,
    Act,
    Clause,
    Witnesses,
    Workers,
    CommittedOn,
    FineMinVnd,
    FineMaxVnd,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum InspectionSanctions {
    Table,
    Id,
    InspectionId,
    DecisionNo,
    DecidedOn,
    Signer,
    FineVnd,
    FineMinVnd,
    FineMaxVnd,
    Extra,
    LicenceEventId,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum RemediationTasks {
    Table,
    Id,
    InspectionId,
    Description,
    DueOn,
    Status,
    Answer,
    AnsweredBy,
    AnsweredAt,
    ReviewNote,
    ReviewedBy,
    ReviewedAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RemediationFiles {
    Table,
    Id,
    TaskId,
    FileName,
    ContentType,
    Size,
    Sha256,
    Bytes,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LegalRules {
    Table,
    Key,
    Scope,
    EffectiveFrom,
    Value,
    Source,
    CreatedAt,
}

const DECREE: &str = "Nghị định 283/2026/NĐ-CP (xử phạt vi phạm hành chính về người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng)";

/// `(violation code, least fine, most fine, cap of a per-worker fine)`, VND, from 2026-09-10.
const FINES: &[(&str, i64, i64, Option<i64>)] = &[
    ("REPORT_LATE", 10_000_000, 15_000_000, None),
    ("NO_ORIENTATION", 10_000_000, 20_000_000, Some(200_000_000)),
    (
        "DEPOSIT_OVER_CAP",
        10_000_000,
        20_000_000,
        Some(200_000_000),
    ),
    (
        "FEES_NOT_ITEMISED",
        10_000_000,
        20_000_000,
        Some(200_000_000),
    ),
    ("NOT_LIQUIDATED", 10_000_000, 20_000_000, Some(200_000_000)),
    ("UNLAWFUL_FEE", 80_000_000, 100_000_000, None),
    ("NO_SUPPLY_CONTRACT", 150_000_000, 180_000_000, None),
    ("WHILE_SUSPENDED", 180_000_000, 200_000_000, None),
];
const FROM: &str = "2026-09-10";

fn rules() -> Vec<(&'static str, &'static str, i64)> {
    let mut v = Vec::new();
    for (code, min, max, cap) in FINES {
        v.push(("penalty_fine_min_vnd", *code, *min));
        v.push(("penalty_fine_max_vnd", *code, *max));
        if let Some(cap) = cap {
            v.push(("penalty_fine_cap_vnd", *code, *cap));
        }
    }
    v
}

fn from() -> Result<chrono::NaiveDate, DbErr> {
    chrono::NaiveDate::parse_from_str(FROM, "%Y-%m-%d")
        .map_err(|e| DbErr::Migration(format!("rule date: {e}")))
}

fn id_col<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn at<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Inspections as I;
        manager
            .create_table(
                Table::create()
                    .table(I::Table)
                    .col(id_col(I::Id))
                    .col(ColumnDef::new(I::AgencyId).integer().not_null())
                    .col(
                        ColumnDef::new(I::Status)
                            .string_len(16)
                            .not_null()
                            .check(Expr::col(I::Status).is_in(["planned", "open", "closed"])),
                    )
                    .col(ColumnDef::new(I::Scope).text().not_null())
                    .col(ColumnDef::new(I::Team).text().not_null())
                    .col(ColumnDef::new(I::StartsOn).date().not_null())
                    .col(ColumnDef::new(I::EndsOn).date().not_null())
                    .col(ColumnDef::new(I::Basis).text().not_null())
                    .col(ColumnDef::new(I::PlannedBy).integer().not_null())
                    .col(at(I::PlannedAt))
                    .col(ColumnDef::new(I::OpenedOn).date().null())
                    .col(ColumnDef::new(I::ClosedOn).date().null())
                    .col(at(I::UpdatedAt))
                    .check(Expr::col(I::EndsOn).gte(Expr::col(I::StartsOn)))
                    .foreign_key(
                        ForeignKey::create()
                            .from(I::Table, I::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_inspections_agency")
                    .table(I::Table)
                    .col(I::AgencyId)
                    .to_owned(),
            )
            .await?;

        use InspectionViolations as V;
        manager
            .create_table(
                Table::create()
                    .table(V::Table)
                    .col(id_col(V::Id))
                    .col(ColumnDef::new(V::InspectionId).integer().not_null())
                    .col(ColumnDef::new(V::Code).string_len(32).not_null())
                    .col(ColumnDef::new(V::Act).text().not_null())
                    .col(ColumnDef::new(V::Clause).string_len(200).not_null())
                    .col(ColumnDef::new(V::Witnesses).text().not_null())
                    .col(ColumnDef::new(V::Workers).integer().not_null())
                    .col(ColumnDef::new(V::CommittedOn).date().not_null())
                    .col(ColumnDef::new(V::FineMinVnd).big_integer().not_null())
                    .col(ColumnDef::new(V::FineMaxVnd).big_integer().not_null())
                    .col(ColumnDef::new(V::RecordedBy).integer().not_null())
                    .col(at(V::RecordedAt))
                    .check(Expr::col(V::FineMaxVnd).gte(Expr::col(V::FineMinVnd)))
                    .foreign_key(
                        ForeignKey::create()
                            .from(V::Table, V::InspectionId)
                            .to(I::Table, I::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_inspection_violations_inspection")
                    .table(V::Table)
                    .col(V::InspectionId)
                    .to_owned(),
            )
            .await?;

        use InspectionSanctions as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(id_col(S::Id))
                    .col(
                        ColumnDef::new(S::InspectionId)
                            .integer()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(S::DecisionNo)
                            .string_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(S::DecidedOn).date().not_null())
                    .col(ColumnDef::new(S::Signer).string_len(160).not_null())
                    .col(ColumnDef::new(S::FineVnd).big_integer().not_null())
                    .col(ColumnDef::new(S::FineMinVnd).big_integer().not_null())
                    .col(ColumnDef::new(S::FineMaxVnd).big_integer().not_null())
                    .col(
                        ColumnDef::new(S::Extra)
                            .string_len(16)
                            .not_null()
                            .check(Expr::col(S::Extra).is_in(["none", "suspension"])),
                    )
                    .col(ColumnDef::new(S::LicenceEventId).integer().null())
                    .col(ColumnDef::new(S::RecordedBy).integer().not_null())
                    .col(at(S::RecordedAt))
                    .check(
                        Expr::col(S::FineVnd)
                            .gte(Expr::col(S::FineMinVnd))
                            .and(Expr::col(S::FineVnd).lte(Expr::col(S::FineMaxVnd))),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(S::Table, S::InspectionId)
                            .to(I::Table, I::Id),
                    )
                    .to_owned(),
            )
            .await?;

        use RemediationTasks as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(id_col(T::Id))
                    .col(ColumnDef::new(T::InspectionId).integer().not_null())
                    .col(ColumnDef::new(T::Description).text().not_null())
                    .col(ColumnDef::new(T::DueOn).date().not_null())
                    .col(ColumnDef::new(T::Status).string_len(16).not_null().check(
                        Expr::col(T::Status).is_in(["open", "answered", "accepted", "returned"]),
                    ))
                    .col(ColumnDef::new(T::Answer).text().null())
                    .col(ColumnDef::new(T::AnsweredBy).integer().null())
                    .col(
                        ColumnDef::new(T::AnsweredAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(T::ReviewNote).text().null())
                    .col(ColumnDef::new(T::ReviewedBy).integer().null())
                    .col(
                        ColumnDef::new(T::ReviewedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(T::CreatedBy).integer().not_null())
                    .col(at(T::CreatedAt))
                    .col(at(T::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(T::Table, T::InspectionId)
                            .to(I::Table, I::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_remediation_tasks_inspection")
                    .table(T::Table)
                    .col(T::InspectionId)
                    .to_owned(),
            )
            .await?;

        use RemediationFiles as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(id_col(F::Id))
                    .col(ColumnDef::new(F::TaskId).integer().not_null())
                    .col(ColumnDef::new(F::FileName).string_len(200).not_null())
                    .col(ColumnDef::new(F::ContentType).string_len(64).not_null())
                    .col(ColumnDef::new(F::Size).integer().not_null())
                    .col(ColumnDef::new(F::Sha256).string_len(64).not_null())
                    .col(ColumnDef::new(F::Bytes).blob().not_null())
                    .col(ColumnDef::new(F::UploadedBy).integer().not_null())
                    .col(at(F::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(F::Table, F::TaskId)
                            .to(T::Table, T::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_remediation_files_task")
                    .table(F::Table)
                    .col(F::TaskId)
                    .to_owned(),
            )
            .await?;

        let mut insert = Query::insert();
        insert.into_table(LegalRules::Table).columns([
            LegalRules::Key,
            LegalRules::Scope,
            LegalRules::EffectiveFrom,
            LegalRules::Value,
            LegalRules::Source,
            LegalRules::CreatedAt,
        ]);
        let epoch = chrono::DateTime::<chrono::Utc>::from_timestamp(1_765_340_000, 0)
            .ok_or_else(|| DbErr::Migration("bad timestamp".into()))?;
        for (key, scope, value) in rules() {
            insert.values_panic([
                key.into(),
                scope.into(),
                from()?.into(),
                value.into(),
                DECREE.into(),
                epoch.into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (key, scope, _) in rules() {
            let q = Query::delete()
                .from_table(LegalRules::Table)
                .and_where(Expr::col(LegalRules::Key).eq(key))
                .and_where(Expr::col(LegalRules::Scope).eq(scope))
                .and_where(Expr::col(LegalRules::EffectiveFrom).eq(from()?))
                .to_owned();
            manager.exec_stmt(q).await?;
        }
        for t in [
            RemediationFiles::Table.into_iden(),
            RemediationTasks::Table.into_iden(),
            InspectionSanctions::Table.into_iden(),
            InspectionViolations::Table.into_iden(),
            Inspections::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
