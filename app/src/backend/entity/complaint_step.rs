use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint_steps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub complaint_id: i32,
    pub level: i16,
    pub step: String,
    pub note: String,
    pub by_user_id: Option<i32>,
    pub by_role: String,
    pub happened_on: Date,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
