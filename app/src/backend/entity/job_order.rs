use sea_orm::entity::prelude::*;

/// A supply contract registered by an agency: the job order workers apply to.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub agency_id: i32,
    pub market_code: String,
    pub employer_name: String,
    /// As the agency wrote it (orders before coding), or the label of the code picked.
    pub occupation: String,
    /// ISCO-08 unit group from `occupations`; none for an old order whose text matched no label.
    pub occupation_code: Option<String>,
    pub headcount: i32,
    pub wage_amount: i64,
    pub wage_currency: String,
    pub term_months: i32,
    pub service_fee_vnd: i64,
    pub deposit_vnd: i64,
    pub form: String,
    pub status: String,
    pub submitted_on: Option<Date>,
    pub decided_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub working_conditions: Option<String>,
    pub decision_reason: Option<String>,
    pub decided_by: Option<i32>,
    /// Places taken by cases that are not closed before departure.
    pub filled: i32,
    /// The programme within the market (`domain::job_orders::Programme`).
    pub programme: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
