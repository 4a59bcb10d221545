use sea_orm::entity::prelude::*;

/// One worker's journey under one contract.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub worker_id: i32,
    pub agency_id: i32,
    pub job_order_id: i32,
    pub state: String,
    pub applied_on: Date,
    pub selected_on: Option<Date>,
    pub departed_on: Option<Date>,
    pub ended_on: Option<Date>,
    pub end_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// `domain::lifecycle::CaseFile` as JSON.
    pub details: String,
    /// Bumped on every change, so two people cannot overwrite each other's step.
    pub version: i32,
    pub departure_list_id: Option<i32>,
    /// The agency's earliest deadline on the case, for the overdue filter.
    pub due_on: Option<Date>,
    pub last_update_month: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
