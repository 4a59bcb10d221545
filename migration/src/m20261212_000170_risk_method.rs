//! The method of the agencies' risk ranking, as reference rules: a weight per factor (scope:
//! the factor's code), how far a small agency is drawn toward the average, the most a factor
//! counts for, and the months counted. Not a law's numbers: the inspectorate's method, versioned
//! like one, so the ranking in force on a day is on record.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

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

const SOURCE: &str =
    "Phương pháp xếp hạng rủi ro doanh nghiệp, phiên bản 1 (Thanh tra; trọng số tổng 100 điểm)";

/// (key, scope, value).
const METHOD: &[(&str, &str, i64)] = &[
    ("risk_weight", "COMPLAINTS", 20),
    ("risk_weight", "FEE_BREACHES", 20),
    ("risk_weight", "DEPOSITS_HELD", 10),
    ("risk_weight", "EARLY_RETURNS", 5),
    ("risk_weight", "ABSCONDING", 10),
    ("risk_weight", "OVERSTAY", 10),
    ("risk_weight", "LATE_UPDATES", 5),
    ("risk_weight", "LATE_LIQUIDATIONS", 5),
    ("risk_weight", "OVERDUE_REMEDIATION", 10),
    ("risk_weight", "SANCTIONS", 5),
    // A rate is figured as if the agency had 20 more cases at the average.
    ("risk_prior", "", 20),
    // A factor counts for at most five times the average.
    ("risk_index_cap", "", 5),
    ("risk_window_months", "", 24),
];

fn from() -> Result<chrono::NaiveDate, DbErr> {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 1).ok_or_else(|| DbErr::Migration("rule date".into()))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut insert = Query::insert();
        insert.into_table(LegalRules::Table).columns([
            LegalRules::Key,
            LegalRules::Scope,
            LegalRules::EffectiveFrom,
            LegalRules::Value,
            LegalRules::Source,
            LegalRules::CreatedAt,
        ]);
        let epoch = chrono::DateTime::<chrono::Utc>::from_timestamp(1_765_512_800, 0)
            .ok_or_else(|| DbErr::Migration("bad timestamp".into()))?;
        let from = from()?;
        for (key, scope, value) in METHOD {
            insert.values_panic([
                (*key).into(),
                (*scope).into(),
                from.into(),
                (*value).into(),
                SOURCE.into(),
                epoch.into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let from = from()?;
        for (key, scope, _) in METHOD {
            let q = Query::delete()
                .from_table(LegalRules::Table)
                .and_where(Expr::col(LegalRules::Key).eq(*key))
                .and_where(Expr::col(LegalRules::Scope).eq(*scope))
                .and_where(Expr::col(LegalRules::EffectiveFrom).eq(from))
                .to_owned();
            manager.exec_stmt(q).await?;
        }
        Ok(())
    }
}
