use sea_orm::entity::prelude::*;

/// What a province paid a worker for one item of poverty-programme support.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "support_payments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub worker_id: i32,
    pub province_code: String,
    pub period: i32,
    pub item: String,
    pub amount_vnd: i64,
    pub quantity: Option<i32>,
    pub status: String,
    pub share_bps: i32,
    pub rate_vnd: Option<i64>,
    pub paid_on: Date,
    pub receipt_no: Option<String>,
    /// The receipt's amount of an item paid at cost.
    pub receipt_amount_vnd: Option<i64>,
    pub note: String,
    pub recorded_by: Option<i32>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
