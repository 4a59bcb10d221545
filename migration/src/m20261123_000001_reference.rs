//! Provinces (34 since 2025-07-01, the 63 before, and the mapping) and destination markets.

use sea_orm_migration::prelude::*;
use serde::Deserialize;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Provinces {
    Table,
    Code,
    Name,
    ShortName,
}

#[derive(DeriveIden)]
enum OldProvinces {
    Table,
    Code,
    Name,
    ShortName,
    NewCode,
}

#[derive(DeriveIden)]
enum Markets {
    Table,
    Code,
    NameVi,
    NameEn,
    SortOrder,
}

#[derive(Deserialize)]
struct ProvinceFile {
    provinces_2025: Vec<ProvinceRow>,
    provinces_before_2025: Vec<ProvinceRow>,
    old_to_new: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct ProvinceRow {
    code: String,
    name: String,
    short: String,
}

/// Destination markets named in the domain notes: ISO 3166 code, Vietnamese and English names.
const MARKETS: &[(&str, &str, &str)] = &[
    ("JP", "Nhật Bản", "Japan"),
    ("TW", "Đài Loan (Trung Quốc)", "Taiwan (China)"),
    ("KR", "Hàn Quốc", "Korea"),
    ("CN", "Trung Quốc", "China"),
    ("SG", "Singapore", "Singapore"),
    ("HU", "Hungary", "Hungary"),
    ("RO", "Romania", "Romania"),
    ("PL", "Ba Lan", "Poland"),
    ("DE", "Đức", "Germany"),
    ("SA", "Ả Rập Xê Út", "Saudi Arabia"),
    ("MY", "Malaysia", "Malaysia"),
    ("MO", "Ma Cao (Trung Quốc)", "Macau (China)"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Provinces::Table)
                    .col(
                        ColumnDef::new(Provinces::Code)
                            .string_len(2)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Provinces::Name).string().not_null())
                    .col(ColumnDef::new(Provinces::ShortName).string().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OldProvinces::Table)
                    .col(
                        ColumnDef::new(OldProvinces::Code)
                            .string_len(2)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(OldProvinces::Name).string().not_null())
                    .col(ColumnDef::new(OldProvinces::ShortName).string().not_null())
                    .col(
                        ColumnDef::new(OldProvinces::NewCode)
                            .string_len(2)
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OldProvinces::Table, OldProvinces::NewCode)
                            .to(Provinces::Table, Provinces::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Markets::Table)
                    .col(
                        ColumnDef::new(Markets::Code)
                            .string_len(2)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Markets::NameVi).string().not_null())
                    .col(ColumnDef::new(Markets::NameEn).string().not_null())
                    .col(ColumnDef::new(Markets::SortOrder).integer().not_null())
                    .to_owned(),
            )
            .await?;

        let file: ProvinceFile = serde_json::from_str(include_str!("../data/provinces.json"))
            .map_err(|e| DbErr::Migration(format!("provinces.json: {e}")))?;

        let mut insert = Query::insert();
        insert.into_table(Provinces::Table).columns([
            Provinces::Code,
            Provinces::Name,
            Provinces::ShortName,
        ]);
        for p in &file.provinces_2025 {
            insert.values_panic([
                p.code.clone().into(),
                p.name.clone().into(),
                p.short.clone().into(),
            ]);
        }
        manager.exec_stmt(insert).await?;

        let mut insert = Query::insert();
        insert.into_table(OldProvinces::Table).columns([
            OldProvinces::Code,
            OldProvinces::Name,
            OldProvinces::ShortName,
            OldProvinces::NewCode,
        ]);
        for p in &file.provinces_before_2025 {
            let new_code = file.old_to_new.get(&p.code).ok_or_else(|| {
                DbErr::Migration(format!("no new province for old code {}", p.code))
            })?;
            insert.values_panic([
                p.code.clone().into(),
                p.name.clone().into(),
                p.short.clone().into(),
                new_code.clone().into(),
            ]);
        }
        manager.exec_stmt(insert).await?;

        let mut insert = Query::insert();
        insert.into_table(Markets::Table).columns([
            Markets::Code,
            Markets::NameVi,
            Markets::NameEn,
            Markets::SortOrder,
        ]);
        for (i, (code, vi, en)) in MARKETS.iter().enumerate() {
            insert.values_panic([
                (*code).into(),
                (*vi).into(),
                (*en).into(),
                (i as i32).into(),
            ]);
        }
        manager.exec_stmt(insert).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Markets::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(OldProvinces::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Provinces::Table).to_owned())
            .await
    }
}
