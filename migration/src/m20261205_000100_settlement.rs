//! Money, part two: the settlement.
//!
//! - `settlements`: each version of a case's settlement as the agency recorded it, with the
//!   lines the system computed beside the amounts recorded (and the reason for each difference);
//!   the worker's answer, given once per version. `(case_id, version)` is unique, so two
//!   agencies' staff recording at once cannot both write version 2.
//! - Rules: banks' demand-deposit rates (settlement interest), the Fund's support ranges.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Settlements {
    Table,
    Id,
    CaseId,
    Version,
    Reason,
    Cause,
    SettleOn,
    DamagesVnd,
    DamagesNote,
    Computed,
    Lines,
    TotalVnd,
    RecordedBy,
    RecordedAt,
    Answer,
    AnswerNote,
    AnsweredBy,
    AnsweredAt,
}

#[derive(DeriveIden)]
enum Cases {
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

const RATE_SOURCE: &str =
    "Lãi suất tiền gửi không kỳ hạn niêm yết của ngân hàng (dữ liệu tham chiếu; cán bộ Cục cập nhật theo từng kỳ)";
const FUND_SOURCE: &str = "Quyết định 40/2021/QĐ-TTg về Quỹ Hỗ trợ việc làm ngoài nước";

/// New rules: `(key, scope, effective from, value, source)`.
const RULES: &[(&str, &str, &str, i64, &str)] = &[
    // Demand-deposit rates, hundredths of a percent a year; empty scope is the reference
    // rate for a refund when the worker has no deposit bank.
    ("demand_deposit_rate_bps", "", "2022-01-01", 10, RATE_SOURCE),
    (
        "demand_deposit_rate_bps",
        "VBSP",
        "2022-01-01",
        10,
        RATE_SOURCE,
    ),
    (
        "demand_deposit_rate_bps",
        "VCB",
        "2022-01-01",
        10,
        RATE_SOURCE,
    ),
    (
        "demand_deposit_rate_bps",
        "BIDV",
        "2022-01-01",
        10,
        RATE_SOURCE,
    ),
    (
        "demand_deposit_rate_bps",
        "AGRIBANK",
        "2022-01-01",
        20,
        RATE_SOURCE,
    ),
    (
        "demand_deposit_rate_bps",
        "CTG",
        "2022-01-01",
        10,
        RATE_SOURCE,
    ),
    (
        "demand_deposit_rate_bps",
        "MB",
        "2022-01-01",
        10,
        RATE_SOURCE,
    ),
    (
        "fund_support_min_vnd",
        "ACCIDENT",
        "2021-12-01",
        10_000_000,
        FUND_SOURCE,
    ),
    (
        "fund_support_max_vnd",
        "ACCIDENT",
        "2021-12-01",
        30_000_000,
        FUND_SOURCE,
    ),
    (
        "fund_support_min_vnd",
        "ILLNESS",
        "2021-12-01",
        10_000_000,
        FUND_SOURCE,
    ),
    (
        "fund_support_max_vnd",
        "ILLNESS",
        "2021-12-01",
        30_000_000,
        FUND_SOURCE,
    ),
    (
        "fund_support_min_vnd",
        "CLOSURE",
        "2021-12-01",
        7_000_000,
        FUND_SOURCE,
    ),
    (
        "fund_support_max_vnd",
        "CLOSURE",
        "2021-12-01",
        20_000_000,
        FUND_SOURCE,
    ),
    (
        "fund_support_min_vnd",
        "ABUSE",
        "2021-12-01",
        7_000_000,
        FUND_SOURCE,
    ),
    (
        "fund_support_max_vnd",
        "ABUSE",
        "2021-12-01",
        20_000_000,
        FUND_SOURCE,
    ),
    (
        "fund_support_min_vnd",
        "DEATH",
        "2021-12-01",
        40_000_000,
        FUND_SOURCE,
    ),
    (
        "fund_support_max_vnd",
        "DEATH",
        "2021-12-01",
        40_000_000,
        FUND_SOURCE,
    ),
];

fn date(s: &str) -> Result<chrono::NaiveDate, DbErr> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| DbErr::Migration(format!("rule date: {e}")))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Settlements::Table)
                    .col(
                        ColumnDef::new(Settlements::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Settlements::CaseId).integer().not_null())
                    .col(
                        ColumnDef::new(Settlements::Version)
                            .integer()
                            .not_null()
                            .check(Expr::col(Settlements::Version).gt(0)),
                    )
                    .col(
                        ColumnDef::new(Settlements::Reason)
                            .string_len(40)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Settlements::Cause).string_len(24).null())
                    .col(ColumnDef::new(Settlements::SettleOn).date().not_null())
                    .col(
                        ColumnDef::new(Settlements::DamagesVnd)
                            .big_integer()
                            .not_null()
                            .check(Expr::col(Settlements::DamagesVnd).gte(0)),
                    )
                    .col(ColumnDef::new(Settlements::DamagesNote).text().not_null())
                    .col(ColumnDef::new(Settlements::Computed).text().not_null())
                    .col(ColumnDef::new(Settlements::Lines).text().not_null())
                    .col(
                        ColumnDef::new(Settlements::TotalVnd)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Settlements::RecordedBy).integer().null())
                    .col(
                        ColumnDef::new(Settlements::RecordedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Settlements::Answer).string_len(16).null())
                    .col(ColumnDef::new(Settlements::AnswerNote).text().null())
                    .col(ColumnDef::new(Settlements::AnsweredBy).integer().null())
                    .col(
                        ColumnDef::new(Settlements::AnsweredAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Settlements::Table, Settlements::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_settlements_case_version")
                    .table(Settlements::Table)
                    .col(Settlements::CaseId)
                    .col(Settlements::Version)
                    .unique()
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
        let epoch = chrono::DateTime::<chrono::Utc>::from_timestamp(1_764_900_000, 0)
            .ok_or_else(|| DbErr::Migration("bad timestamp".into()))?;
        for (key, scope, from, value, source) in RULES {
            insert.values_panic([
                (*key).into(),
                (*scope).into(),
                date(from)?.into(),
                (*value).into(),
                (*source).into(),
                epoch.into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Settlements::Table).to_owned())
            .await?;
        for (key, scope, from, _, _) in RULES {
            let q = Query::delete()
                .from_table(LegalRules::Table)
                .and_where(Expr::col(LegalRules::Key).eq(*key))
                .and_where(Expr::col(LegalRules::Scope).eq(*scope))
                .and_where(Expr::col(LegalRules::EffectiveFrom).eq(date(from)?))
                .to_owned();
            manager.exec_stmt(q).await?;
        }
        Ok(())
    }
}
