use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agency_id: i32,
    pub status: String,
    pub scope: String,
    pub team: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub basis: String,
    pub planned_by: i32,
    pub planned_at: DateTimeUtc,
    pub opened_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
