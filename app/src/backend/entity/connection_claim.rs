use sea_orm::entity::prelude::*;

/// A unit's claim for connecting a poor worker to the job of a case.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "connection_claims")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub worker_id: i32,
    pub province_code: String,
    pub unit_name: String,
    pub amount_vnd: i64,
    pub note: String,
    pub recorded_by: Option<i32>,
    pub recorded_at: DateTimeUtc,
    pub paid_on: Option<Date>,
    pub paid_by: Option<i32>,
    pub paid_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
