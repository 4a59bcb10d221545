use sea_orm::entity::prelude::*;

/// A list of ready workers of one order, sent to DOLAB for confirmation before departure.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "departure_lists")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agency_id: i32,
    pub job_order_id: i32,
    pub status: String,
    pub planned_exit_on: Date,
    pub submitted_on: Date,
    pub decided_on: Option<Date>,
    pub decided_by: Option<i32>,
    pub decision_reason: Option<String>,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
