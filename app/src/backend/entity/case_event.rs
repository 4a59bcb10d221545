use sea_orm::entity::prelude::*;

/// One entry of a case's timeline: a step (state change) or an event (update, incident...).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i32,
    pub kind: String,
    pub step: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub happened_on: Date,
    pub data: String,
    pub user_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
