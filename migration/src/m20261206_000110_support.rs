//! Money, part three: poverty-programme support and job-connection claims.
//!
//! - `household_statuses`: a worker's household status for a year, from the commune's
//!   certificate; `(worker_id, year, status)` is unique.
//! - `support_payments`: what a province paid a worker for an item of support, with the status
//!   and the rule it was counted at; `(worker_id, item, period)` is unique, so an item is paid
//!   once per worker and programme period however many officers record it at once.
//! - `support_budgets`: a province's budget for a year, one row per province and year.
//! - `connection_claims`: a unit's claim for connecting a poor worker to a job, one per case;
//!   paid once (`paid_on` set by a conditional update).
//! - Rules: the programme's period, each item's amount, the share each status gives, the months
//!   a job is held before a claim is paid.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HouseholdStatuses {
    Table,
    Id,
    WorkerId,
    Year,
    Status,
    CertificateNo,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum SupportPayments {
    Table,
    Id,
    WorkerId,
    ProvinceCode,
    Period,
    Item,
    AmountVnd,
    Quantity,
    Status,
    ShareBps,
    RateVnd,
    PaidOn,
    ReceiptNo,
    Note,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum SupportBudgets {
    Table,
    Id,
    ProvinceCode,
    Year,
    AmountVnd,
    DecisionNo,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum ConnectionClaims {
    Table,
    Id,
    CaseId,
    WorkerId,
    ProvinceCode,
    UnitName,
    AmountVnd,
    Note,
    RecordedBy,
    RecordedAt,
    PaidOn,
    PaidBy,
    PaidAt,
}

#[derive(DeriveIden)]
enum Workers {
    Table,
    Id,
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

const PROGRAMME: &str =
    "Quyết định 90/QĐ-TTg (Chương trình MTQG giảm nghèo bền vững 2021-2025), Dự án 4, Tiểu dự án 2";
const NEXT_PROGRAMME: &str =
    "Chương trình MTQG giảm nghèo bền vững giai đoạn 2026-2030 (dữ liệu tham chiếu; đối chiếu văn bản)";
const RATES: &str =
    "Thông tư 46/2022/TT-BTC, Điều 18 (mức hỗ trợ người lao động đi làm việc ở nước ngoài)";

/// New rules: `(key, scope, effective from, value, source)`.
const RULES: &[(&str, &str, &str, i64, &str)] = &[
    ("support_programme_year", "", "2021-01-01", 2021, PROGRAMME),
    (
        "support_programme_year",
        "",
        "2026-01-01",
        2026,
        NEXT_PROGRAMME,
    ),
    (
        "support_rate_vnd",
        "LANGUAGE",
        "2021-01-01",
        4_000_000,
        RATES,
    ),
    ("support_rate_vnd", "MEALS", "2021-01-01", 50_000, RATES),
    ("support_rate_vnd", "LODGING", "2021-01-01", 400_000, RATES),
    ("support_rate_vnd", "KIT", "2021-01-01", 600_000, RATES),
    ("support_rate_vnd", "TRAVEL", "2021-01-01", 300_000, RATES),
    (
        "support_rate_vnd",
        "HEALTH_CHECK",
        "2021-01-01",
        750_000,
        RATES,
    ),
    ("support_share_bps", "POOR", "2021-01-01", 10_000, RATES),
    (
        "support_share_bps",
        "ETHNIC_AREA",
        "2021-01-01",
        10_000,
        RATES,
    ),
    (
        "support_share_bps",
        "NEAR_POOR",
        "2021-01-01",
        10_000,
        RATES,
    ),
    (
        "support_share_bps",
        "NEAR_POOR:LANGUAGE",
        "2021-01-01",
        7_000,
        RATES,
    ),
    (
        "support_share_bps",
        "NEWLY_NON_POOR",
        "2021-01-01",
        10_000,
        RATES,
    ),
    (
        "support_share_bps",
        "NEWLY_NON_POOR:LANGUAGE",
        "2021-01-01",
        7_000,
        RATES,
    ),
    (
        "connection_confirm_months",
        "",
        "2021-01-01",
        3,
        "Thông tư 46/2022/TT-BTC, Điều 18 khoản 2",
    ),
];

fn date(s: &str) -> Result<chrono::NaiveDate, DbErr> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
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
        use HouseholdStatuses as H;
        manager
            .create_table(
                Table::create()
                    .table(H::Table)
                    .col(id_col(H::Id))
                    .col(ColumnDef::new(H::WorkerId).integer().not_null())
                    .col(ColumnDef::new(H::Year).integer().not_null())
                    .col(ColumnDef::new(H::Status).string_len(24).not_null())
                    .col(ColumnDef::new(H::CertificateNo).string_len(64).not_null())
                    .col(ColumnDef::new(H::RecordedBy).integer().null())
                    .col(at(H::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(H::Table, H::WorkerId)
                            .to(Workers::Table, Workers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_household_statuses_worker_year_status")
                    .table(H::Table)
                    .col(H::WorkerId)
                    .col(H::Year)
                    .col(H::Status)
                    .unique()
                    .to_owned(),
            )
            .await?;
        use SupportPayments as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(id_col(P::Id))
                    .col(ColumnDef::new(P::WorkerId).integer().not_null())
                    .col(ColumnDef::new(P::ProvinceCode).string_len(8).not_null())
                    .col(ColumnDef::new(P::Period).integer().not_null())
                    .col(ColumnDef::new(P::Item).string_len(24).not_null())
                    .col(
                        ColumnDef::new(P::AmountVnd)
                            .big_integer()
                            .not_null()
                            .check(Expr::col(P::AmountVnd).gt(0)),
                    )
                    .col(ColumnDef::new(P::Quantity).integer().null())
                    .col(ColumnDef::new(P::Status).string_len(24).not_null())
                    .col(ColumnDef::new(P::ShareBps).integer().not_null())
                    .col(ColumnDef::new(P::RateVnd).big_integer().null())
                    .col(ColumnDef::new(P::PaidOn).date().not_null())
                    .col(ColumnDef::new(P::ReceiptNo).string_len(64).null())
                    .col(ColumnDef::new(P::Note).text().not_null())
                    .col(ColumnDef::new(P::RecordedBy).integer().null())
                    .col(at(P::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(P::Table, P::WorkerId)
                            .to(Workers::Table, Workers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_support_payments_once_per_period")
                    .table(P::Table)
                    .col(P::WorkerId)
                    .col(P::Item)
                    .col(P::Period)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_support_payments_province")
                    .table(P::Table)
                    .col(P::ProvinceCode)
                    .col(P::PaidOn)
                    .to_owned(),
            )
            .await?;
        use SupportBudgets as B;
        manager
            .create_table(
                Table::create()
                    .table(B::Table)
                    .col(id_col(B::Id))
                    .col(ColumnDef::new(B::ProvinceCode).string_len(8).not_null())
                    .col(ColumnDef::new(B::Year).integer().not_null())
                    .col(
                        ColumnDef::new(B::AmountVnd)
                            .big_integer()
                            .not_null()
                            .check(Expr::col(B::AmountVnd).gte(0)),
                    )
                    .col(ColumnDef::new(B::DecisionNo).string_len(64).not_null())
                    .col(ColumnDef::new(B::RecordedBy).integer().null())
                    .col(at(B::RecordedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_support_budgets_province_year")
                    .table(B::Table)
                    .col(B::ProvinceCode)
                    .col(B::Year)
                    .unique()
                    .to_owned(),
            )
            .await?;
        use ConnectionClaims as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(id_col(C::Id))
                    .col(ColumnDef::new(C::CaseId).integer().not_null())
                    .col(ColumnDef::new(C::WorkerId).integer().not_null())
                    .col(ColumnDef::new(C::ProvinceCode).string_len(8).not_null())
                    .col(ColumnDef::new(C::UnitName).string_len(200).not_null())
                    .col(
                        ColumnDef::new(C::AmountVnd)
                            .big_integer()
                            .not_null()
                            .check(Expr::col(C::AmountVnd).gt(0)),
                    )
                    .col(ColumnDef::new(C::Note).text().not_null())
                    .col(ColumnDef::new(C::RecordedBy).integer().null())
                    .col(at(C::RecordedAt))
                    .col(ColumnDef::new(C::PaidOn).date().null())
                    .col(ColumnDef::new(C::PaidBy).integer().null())
                    .col(ColumnDef::new(C::PaidAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::WorkerId)
                            .to(Workers::Table, Workers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_connection_claims_case")
                    .table(C::Table)
                    .col(C::CaseId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The items' scopes (`HEALTH_CHECK`, `NEAR_POOR:LANGUAGE`) are longer than the 8
        // characters rule scopes had; SQLite does not enforce a length, PostgreSQL does.
        scope_len(manager, 32).await?;
        let mut insert = Query::insert();
        insert.into_table(LegalRules::Table).columns([
            LegalRules::Key,
            LegalRules::Scope,
            LegalRules::EffectiveFrom,
            LegalRules::Value,
            LegalRules::Source,
            LegalRules::CreatedAt,
        ]);
        let epoch = chrono::DateTime::<chrono::Utc>::from_timestamp(1_764_990_000, 0)
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
        for t in [
            ConnectionClaims::Table.into_iden(),
            SupportBudgets::Table.into_iden(),
            SupportPayments::Table.into_iden(),
            HouseholdStatuses::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        for (key, scope, from, _, _) in RULES {
            let q = Query::delete()
                .from_table(LegalRules::Table)
                .and_where(Expr::col(LegalRules::Key).eq(*key))
                .and_where(Expr::col(LegalRules::Scope).eq(*scope))
                .and_where(Expr::col(LegalRules::EffectiveFrom).eq(date(from)?))
                .to_owned();
            manager.exec_stmt(q).await?;
        }
        scope_len(manager, 8).await
    }
}

async fn scope_len(manager: &SchemaManager<'_>, len: u32) -> Result<(), DbErr> {
    if manager.get_database_backend() != sea_orm_migration::sea_orm::DbBackend::Postgres {
        return Ok(());
    }
    manager
        .alter_table(
            Table::alter()
                .table(LegalRules::Table)
                .modify_column(ColumnDef::new(LegalRules::Scope).string_len(len).not_null())
                .to_owned(),
        )
        .await
}
