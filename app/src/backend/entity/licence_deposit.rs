use sea_orm::entity::prelude::*;

/// One movement of an agency's licence deposit: paid in, used on the ministry's written order,
/// topped back up.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "licence_deposits")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agency_id: i32,
    pub kind: String,
    pub amount_vnd: i64,
    pub happened_on: Date,
    pub bank: Option<String>,
    pub order_no: Option<String>,
    pub note: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
