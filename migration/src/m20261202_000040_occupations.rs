//! Coded occupations: the list the project owns (`data/occupations.json`: ISCO-08 unit groups
//! with Vietnamese and English labels) as reference data, and an occupation code on every job
//! order. Orders written before this carried free text; each is mapped to a code when its text
//! is one of the labels (or a common way of writing one), and left without a code ("not coded")
//! otherwise. The free text stays as it was written. The list grows by a migration that inserts
//! rows, never in code.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Occupations {
    Table,
    Code,
    NameVi,
    NameEn,
    SortOrder,
}

#[derive(DeriveIden)]
enum JobOrders {
    Table,
    Id,
    OccupationCode,
}

#[derive(serde::Deserialize)]
struct OccupationFile {
    occupations: Vec<Occupation>,
}

#[derive(serde::Deserialize)]
struct Occupation {
    isco: String,
    vi: String,
    en: String,
}

/// Ways agencies commonly write an occupation that are not a label of the list, with the code
/// they mean (compared lower-cased and trimmed).
const ALSO_WRITTEN: &[(&str, &str)] = &[
    ("xây dựng", "9313"),
    ("nông nghiệp", "9211"),
    ("ngư nghiệp", "6222"),
    ("thủy sản", "6222"),
    ("may mặc", "8153"),
    ("lái xe", "8332"),
    ("lắp ráp điện tử", "8212"),
    ("điện tử", "8212"),
    ("sản xuất chế tạo", "9329"),
    ("chế tạo", "9329"),
    ("điều dưỡng, hộ lý", "5321"),
    ("hộ lý", "5321"),
    ("chăn nuôi bò sữa", "6121"),
    ("cơ khí", "7223"),
    ("hàn", "7212"),
    ("giúp việc gia đình", "9111"),
    ("thuyền viên", "6223"),
    ("thuyền viên đánh cá", "6223"),
    ("dệt may", "8153"),
    ("khán hộ công", "5322"),
    ("nhà hàng, khách sạn", "5131"),
    ("chăm sóc người cao tuổi", "5321"),
    ("xây dựng cốp pha", "7114"),
    ("công nhân nhà máy điện tử", "8212"),
    ("đóng tàu", "7214"),
    ("kho vận", "9333"),
    ("vệ sinh công nghiệp", "9112"),
    ("lắp ráp linh kiện ô tô", "8211"),
];

fn normalized(s: &str) -> String {
    s.trim().to_lowercase()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Occupations::Table)
                    .col(
                        ColumnDef::new(Occupations::Code)
                            .string_len(4)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Occupations::NameVi).string().not_null())
                    .col(ColumnDef::new(Occupations::NameEn).string().not_null())
                    .col(ColumnDef::new(Occupations::SortOrder).integer().not_null())
                    .to_owned(),
            )
            .await?;
        let file: OccupationFile =
            serde_json::from_str(include_str!("../data/occupations.json"))
                .map_err(|e| DbErr::Migration(format!("occupations.json: {e}")))?;
        let mut insert = Query::insert();
        insert.into_table(Occupations::Table).columns([
            Occupations::Code,
            Occupations::NameVi,
            Occupations::NameEn,
            Occupations::SortOrder,
        ]);
        for (i, o) in file.occupations.iter().enumerate() {
            if o.isco.len() != 4 || !o.isco.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DbErr::Migration(format!("bad ISCO code {:?}", o.isco)));
            }
            let order = <i32 as TryFrom<usize>>::try_from(i)
                .map_err(|e| DbErr::Migration(e.to_string()))?;
            insert.values_panic([
                o.isco.clone().into(),
                o.vi.clone().into(),
                o.en.clone().into(),
                order.into(),
            ]);
        }
        manager.exec_stmt(insert).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(JobOrders::Table)
                    .add_column(
                        ColumnDef::new(JobOrders::OccupationCode)
                            .string_len(4)
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;

        // Existing free text: a label (either language) or a common way of writing one.
        let mut codes: Vec<(String, String)> = Vec::new();
        for o in &file.occupations {
            codes.push((normalized(&o.vi), o.isco.clone()));
            codes.push((normalized(&o.en), o.isco.clone()));
        }
        codes.extend(
            ALSO_WRITTEN
                .iter()
                .map(|(text, code)| ((*text).to_owned(), (*code).to_owned())),
        );
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        let rows = db
            .query_all(Statement::from_string(
                backend,
                "SELECT id, occupation FROM job_orders",
            ))
            .await?;
        for row in rows {
            let id: i32 = row.try_get("", "id")?;
            let text: String = row.try_get("", "occupation")?;
            let text = normalized(&text);
            let Some((_, code)) = codes.iter().find(|(label, _)| *label == text) else {
                continue;
            };
            let update = Query::update()
                .table(JobOrders::Table)
                .value(JobOrders::OccupationCode, code.clone())
                .and_where(Expr::col(JobOrders::Id).eq(id))
                .to_owned();
            manager.exec_stmt(update).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(JobOrders::Table)
                    .drop_column(JobOrders::OccupationCode)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Occupations::Table).to_owned())
            .await
    }
}
