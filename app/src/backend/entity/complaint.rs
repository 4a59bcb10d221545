use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaints")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: String,
    pub category: String,
    pub agency_id: i32,
    pub filer_user_id: Option<i32>,
    pub relation: String,
    pub filer_name: String,
    pub filer_email: String,
    pub filer_phone: String,
    pub worker_name: String,
    pub worker_id: Option<i32>,
    pub worker_province: Option<String>,
    pub lang: String,
    pub learned_on: Date,
    pub late_reason: String,
    pub foreign_element: bool,
    pub description: String,
    pub status: String,
    pub level: i16,
    pub remote: bool,
    pub extensions: i16,
    pub received_on: Date,
    pub accept_due: Date,
    pub accepted_on: Option<Date>,
    pub resolve_due: Option<Date>,
    pub answered_on: Option<Date>,
    pub appeal_due: Option<Date>,
    pub closed_on: Option<Date>,
    pub inspection_id: Option<i32>,
    pub contact_shared: bool,
    pub tracking_hash: Option<String>,
    pub created_at: DateTimeUtc,
    /// An agency's complaint against a sanction decision: the decision.
    pub sanction_id: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
