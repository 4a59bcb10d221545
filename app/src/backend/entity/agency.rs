use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agencies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    /// Folded name, licence number and enterprise code, for accent-free search.
    pub search_text: String,
    pub enterprise_code: String,
    pub licence_number: String,
    pub licence_date: Date,
    pub licence_status: String,
    pub revoked_on: Option<Date>,
    pub province_code: String,
    pub address: String,
    pub phone: String,
    pub email: Option<String>,
    pub website: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Branches that send workers: each adds to the licence deposit due.
    pub sending_branches: i32,
    /// The legal representative (none for licences from before the system).
    pub representative: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
