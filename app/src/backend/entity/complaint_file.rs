use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub complaint_id: i32,
    pub file_name: String,
    pub content_type: String,
    pub size: i32,
    pub sha256: String,
    pub bytes: Vec<u8>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
