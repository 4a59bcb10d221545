use sea_orm::entity::prelude::*;

/// A version of a worker record's identity that a correction replaced.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "worker_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub worker_id: i32,
    pub full_name: String,
    pub birth_date: Date,
    pub sex: String,
    pub replaced_at: DateTimeUtc,
    pub replaced_by: i32,
    pub correction_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
