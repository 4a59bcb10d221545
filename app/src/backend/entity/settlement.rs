use sea_orm::entity::prelude::*;

/// One version of a case's settlement (`domain::settlement`), as the agency recorded it, with
/// the worker's answer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "settlements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub version: i32,
    pub reason: String,
    pub cause: Option<String>,
    pub settle_on: Date,
    pub damages_vnd: i64,
    pub damages_note: String,
    /// The computed settlement, as JSON (`domain::settlement::Computed`).
    pub computed: String,
    /// The recorded lines, as JSON (`Vec<domain::settlement::RecordedLine>`).
    pub lines: String,
    pub total_vnd: i64,
    pub recorded_by: Option<i32>,
    pub recorded_at: DateTimeUtc,
    pub answer: Option<String>,
    pub answer_note: Option<String>,
    pub answered_by: Option<i32>,
    pub answered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
