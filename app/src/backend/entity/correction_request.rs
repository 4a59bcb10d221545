use sea_orm::entity::prelude::*;

/// A citizen ID typed by an agency under other details than the record's: both versions, who
/// asked and why, an optional scan of the ID card, and the provincial officer's decision.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "correction_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub worker_id: i32,
    pub agency_id: i32,
    pub requested_by: i32,
    /// The stored record's province, whose officer decides.
    pub province_code: String,
    pub stored_full_name: String,
    pub stored_birth_date: Date,
    pub stored_sex: String,
    pub proposed_full_name: String,
    pub proposed_birth_date: Date,
    pub proposed_sex: String,
    pub reason: String,
    pub scan_name: Option<String>,
    pub scan_type: Option<String>,
    pub scan_bytes: Option<Vec<u8>>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<i32>,
    /// `stored`, `proposed` (the version kept) or `rejected`.
    pub outcome: Option<String>,
    pub decision_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
