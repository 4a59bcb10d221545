use sea_orm::entity::prelude::*;

/// A background import: who started it, how far it has come, what became of it, and until when
/// the process running it has promised to say it is still alive.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub agency_id: i32,
    pub owner_user_id: i32,
    pub state: String,
    pub total: i32,
    pub done: i32,
    pub opened: Option<i32>,
    pub errors_json: Option<String>,
    pub runner: String,
    pub lease_until: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
