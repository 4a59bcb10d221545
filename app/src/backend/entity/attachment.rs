use sea_orm::entity::prelude::*;

/// A file attached to a case, as stored: its type decided from its bytes, metadata stripped.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub file_name: String,
    pub content_type: String,
    pub size: i32,
    pub sha256: String,
    pub bytes: Vec<u8>,
    pub uploaded_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
