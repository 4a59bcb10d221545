use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_sanctions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub inspection_id: i32,
    pub decision_no: String,
    pub decided_on: Date,
    pub signer: String,
    pub fine_vnd: i64,
    pub fine_min_vnd: i64,
    pub fine_max_vnd: i64,
    pub extra: String,
    pub licence_event_id: Option<i32>,
    pub recorded_by: i32,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
