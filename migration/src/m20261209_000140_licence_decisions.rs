//! Licence decisions made in the system (DOLAB): each entry of a licence's history says who
//! signed it and when, the legal clause it rests on, and what it decided (the conditions checked
//! for an issue, the changes of an amendment), and who recorded it. Entries from before (the
//! registry's import) have none of these and show as such. A decision's number is recorded once:
//! a unique index over the decisions recorded here holds it when the form is sent twice.
//!
//! An agency's legal representative is kept with its details (amendments change it).
//! A suspension names the decision that imposed it and its legal clause. The licensing
//! conditions' thresholds and the suspension's length are reference rules.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LicenceEvents {
    Table,
    DecidedOn,
    Signer,
    Clause,
    Details,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Representative,
}

#[derive(DeriveIden)]
enum MarketSuspensions {
    Table,
    Clause,
    LicenceEventId,
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

const RULES: &[(&str, &str, &str, i64, &str)] = &[
    (
        "licence_charter_capital_vnd",
        "",
        "2022-01-01",
        5_000_000_000,
        "Luật 69/2020/QH14, Điều 10; Nghị định 112/2021/NĐ-CP, Điều 14 (vốn điều lệ)",
    ),
    (
        "licence_rep_experience_years",
        "",
        "2022-01-01",
        5,
        "Nghị định 112/2021/NĐ-CP, Điều 15 (người đại diện theo pháp luật)",
    ),
    (
        "licence_training_capacity",
        "",
        "2022-01-01",
        100,
        "Nghị định 112/2021/NĐ-CP, Điều 18 (cơ sở vật chất bồi dưỡng kiến thức)",
    ),
    (
        "suspension_min_months",
        "",
        "2026-09-10",
        3,
        "Nghị định 283/2026/NĐ-CP (đình chỉ hoạt động đưa người lao động đi làm việc ở nước ngoài)",
    ),
    (
        "suspension_max_months",
        "",
        "2026-09-10",
        18,
        "Nghị định 283/2026/NĐ-CP (đình chỉ hoạt động đưa người lao động đi làm việc ở nước ngoài)",
    ),
];

fn date(s: &str) -> Result<chrono::NaiveDate, DbErr> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| DbErr::Migration(format!("rule date {s}: {e}")))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        let columns = [
            ColumnDef::new(LicenceEvents::DecidedOn)
                .date()
                .null()
                .to_owned(),
            ColumnDef::new(LicenceEvents::Signer)
                .string_len(160)
                .null()
                .to_owned(),
            ColumnDef::new(LicenceEvents::Clause)
                .string_len(200)
                .null()
                .to_owned(),
            ColumnDef::new(LicenceEvents::Details)
                .text()
                .null()
                .to_owned(),
            ColumnDef::new(LicenceEvents::RecordedBy)
                .integer()
                .null()
                .to_owned(),
            ColumnDef::new(LicenceEvents::RecordedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ];
        for mut c in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(LicenceEvents::Table)
                        .add_column(&mut c)
                        .to_owned(),
                )
                .await?;
        }
        for mut c in [
            ColumnDef::new(MarketSuspensions::Clause)
                .string_len(200)
                .null()
                .to_owned(),
            ColumnDef::new(MarketSuspensions::LicenceEventId)
                .integer()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(MarketSuspensions::Table)
                        .add_column(&mut c)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Agencies::Table)
                    .add_column(
                        ColumnDef::new(Agencies::Representative)
                            .string_len(160)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        // Both SQLite and PostgreSQL take a partial index: the imported history's numbers are
        // not ours to judge, the decisions recorded here are unique.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_licence_events_decision ON licence_events (decision_ref) \
                 WHERE recorded_at IS NOT NULL",
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
        let epoch = chrono::DateTime::<chrono::Utc>::from_timestamp(1_765_250_000, 0)
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
        for (key, scope, from, _, _) in RULES {
            let q = Query::delete()
                .from_table(LegalRules::Table)
                .and_where(Expr::col(LegalRules::Key).eq(*key))
                .and_where(Expr::col(LegalRules::Scope).eq(*scope))
                .and_where(Expr::col(LegalRules::EffectiveFrom).eq(date(from)?))
                .to_owned();
            manager.exec_stmt(q).await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("ux_licence_events_decision")
                    .table(LicenceEvents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Agencies::Table)
                    .drop_column(Agencies::Representative)
                    .to_owned(),
            )
            .await?;
        for c in [MarketSuspensions::Clause, MarketSuspensions::LicenceEventId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(MarketSuspensions::Table)
                        .drop_column(c)
                        .to_owned(),
                )
                .await?;
        }
        for c in [
            LicenceEvents::DecidedOn,
            LicenceEvents::Signer,
            LicenceEvents::Clause,
            LicenceEvents::Details,
            LicenceEvents::RecordedBy,
            LicenceEvents::RecordedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(LicenceEvents::Table)
                        .drop_column(c)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
