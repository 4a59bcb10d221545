//! How many times a complaint's resolution may be extended, as a reference rule: the Law on
//! Complaints gives a complex case one longer limit (45 days instead of 30, 60 instead of 45 in
//! a remote area), so once; before this rule the number was written in the code.

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

const KEY: &str = "complaint_extensions";

fn from() -> Result<chrono::NaiveDate, DbErr> {
    chrono::NaiveDate::from_ymd_opt(2012, 7, 1).ok_or_else(|| DbErr::Migration("rule date".into()))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let epoch = chrono::DateTime::<chrono::Utc>::from_timestamp(1_765_512_900, 0)
            .ok_or_else(|| DbErr::Migration("bad timestamp".into()))?;
        let insert = Query::insert()
            .into_table(LegalRules::Table)
            .columns([
                LegalRules::Key,
                LegalRules::Scope,
                LegalRules::EffectiveFrom,
                LegalRules::Value,
                LegalRules::Source,
                LegalRules::CreatedAt,
            ])
            .values_panic([
                KEY.into(),
                "".into(),
                from()?.into(),
                1i64.into(),
                "Luật Khiếu nại 2011 (số 02/2011/QH13), Điều 28 (vụ việc phức tạp: một thời hạn dài hơn)"
                    .into(),
                epoch.into(),
            ])
            .to_owned();
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let q = Query::delete()
            .from_table(LegalRules::Table)
            .and_where(Expr::col(LegalRules::Key).eq(KEY))
            .and_where(Expr::col(LegalRules::EffectiveFrom).eq(from()?))
            .to_owned();
        manager.exec_stmt(q).await.map(|_| ())
    }
}
