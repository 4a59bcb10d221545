use sea_orm::entity::prelude::*;

/// One entry of a case's payment ledger (`domain::payments`): append-only; a reversal points at
/// the entry it undoes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub kind: String,
    pub payee: String,
    pub paid_on: Date,
    pub amount_vnd: i64,
    pub foreign_amount: Option<i64>,
    pub currency: Option<String>,
    pub vnd_per_unit: Option<i64>,
    pub receipt_no: Option<String>,
    pub note: String,
    pub bank: Option<String>,
    pub account: Option<String>,
    pub attachment_id: Option<i32>,
    pub recorded_by: String,
    pub inspectors_only: bool,
    /// The flags raised when posted, as JSON (`Vec<domain::payments::Flag>`).
    pub flags: String,
    pub reverses_id: Option<i32>,
    pub reason: Option<String>,
    pub answer: Option<String>,
    pub answer_reason: Option<String>,
    pub answered_by: Option<i32>,
    pub answered_at: Option<DateTimeUtc>,
    /// The account that wrote it; none for entries the demo seed or an import wrote.
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
