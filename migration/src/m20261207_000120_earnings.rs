//! The monthly update says what the worker earned and who reported it. Updates stored before
//! this were all the agency's and said nothing of earnings: each is rewritten to say so
//! (`"earnings": null, "reported_by": "agency"`), so that every stored update reads as the
//! application's `Event::MonthlyUpdate` without a default. A stored update that is not the
//! expected JSON stops the migration with its id rather than being skipped.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use serde_json::{Map, Value};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CaseEvents {
    Table,
    Id,
    Data,
}

/// The update's fields inside `{"MonthlyUpdate": {...}}`, or why not.
fn fields_of(id: i64, data: &mut Value) -> Result<&mut Map<String, Value>, DbErr> {
    data.get_mut("MonthlyUpdate")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| {
            DbErr::Migration(format!(
                "case_events {id}: a monthly update that is not {{\"MonthlyUpdate\": {{...}}}}"
            ))
        })
}

async fn rewrite(
    manager: &SchemaManager<'_>,
    change: impl Fn(&mut Map<String, Value>),
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let rows = db
        .query_all(Statement::from_string(
            db.get_database_backend(),
            "SELECT id, data FROM case_events WHERE step = 'monthly_update' ORDER BY id",
        ))
        .await?;
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let text: String = row.try_get("", "data")?;
        let mut data: Value = serde_json::from_str(&text)
            .map_err(|e| DbErr::Migration(format!("case_events {id}: {e}")))?;
        change(fields_of(id, &mut data)?);
        manager
            .exec_stmt(
                Query::update()
                    .table(CaseEvents::Table)
                    .value(CaseEvents::Data, data.to_string())
                    .and_where(Expr::col(CaseEvents::Id).eq(id))
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rewrite(manager, |f| {
            f.entry("earnings").or_insert(Value::Null);
            f.entry("reported_by")
                .or_insert(Value::String("agency".to_owned()));
        })
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rewrite(manager, |f| {
            f.remove("earnings");
            f.remove("reported_by");
        })
        .await
    }
}
