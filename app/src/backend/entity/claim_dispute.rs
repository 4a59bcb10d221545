use sea_orm::entity::prelude::*;

/// A worker's request that the provincial office revoke a claim on their citizen ID.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "claim_disputes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub citizen_id: String,
    /// The province of the citizen ID's place of registration (its first three digits).
    pub province_code: String,
    pub note: String,
    pub created_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
    pub resolved_by: Option<i32>,
    /// `revoked` or `rejected`, once resolved.
    pub outcome: Option<String>,
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
