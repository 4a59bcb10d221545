use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "licence_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agency_id: i32,
    pub happened_on: Date,
    pub kind: String,
    pub market_code: Option<String>,
    pub until: Option<Date>,
    pub decision_ref: Option<String>,
    pub note: Option<String>,
    pub decided_on: Option<Date>,
    pub signer: Option<String>,
    pub clause: Option<String>,
    /// JSON: the conditions checked (issue), the changes (amendment), the reason (reissue), the
    /// months (suspension), the ground (revocation).
    pub details: Option<String>,
    pub recorded_by: Option<i32>,
    pub recorded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
