use sea_orm::entity::prelude::*;

/// An account. Never serialised: it holds the password hash and the TOTP secret.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub role: String,
    pub status: String,
    pub full_name: String,
    #[sea_orm(unique)]
    pub email: String,
    pub citizen_id: Option<String>,
    pub birth_date: Option<Date>,
    pub sex: Option<String>,
    pub phone: Option<String>,
    pub lang: String,
    pub worker_id: Option<i32>,
    pub agency_id: Option<i32>,
    pub branch_name: Option<String>,
    pub province_code: Option<String>,
    pub password_hash: Option<String>,
    pub password_changed_at: Option<DateTimeUtc>,
    pub totp_secret: Option<String>,
    pub totp_confirmed_at: Option<DateTimeUtc>,
    pub totp_last_step: Option<i64>,
    /// The role of whoever disabled the account, while it is disabled.
    pub disabled_by_role: Option<String>,
    /// When the account's address was proved by a link sent to it.
    pub email_confirmed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
