use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub citizen_id: String,
    pub full_name: String,
    pub birth_date: Date,
    pub sex: String,
    pub phone: String,
    pub email: Option<String>,
    pub province_code: String,
    pub old_province_code: Option<String>,
    pub ethnicity: String,
    pub household: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
