use sea_orm::entity::prelude::*;

/// A province's poverty-programme budget for workers going abroad, for a year.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "support_budgets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub province_code: String,
    pub year: i32,
    pub amount_vnd: i64,
    pub decision_no: String,
    pub recorded_by: Option<i32>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
