//! The one query behind every figure: the cases a measure selects in a period, with the
//! filters and the reader's scope, grouped by the chosen dimensions. The drill-down list runs
//! the same condition with the cell's keys added (`cell_condition`), so its count is the cell's
//! by construction.

use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, Expr, Func, IntoCondition, JoinType, Order, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, Statement};

use crate::backend::entity::{case, job_order, payment, worker};
use crate::backend::ServiceError;
use crate::domain::statistics::{
    ActDay, Base, Count, Dim, Measure, Part, Pivot, EARLY_REASONS, RETURN_REASONS,
};

/// The stored tag of the flag of a service fee over the legal cap (see the unit test that ties
/// it to `domain::payments::Flag`).
pub const FEE_OVER_CAP_TAG: &str = "\"service_fee_over_cap\"";

/// The key of a case without the value (no occupation code): keys are never empty, so an empty
/// key of a drill-down means the whole row or column.
pub const NO_KEY: &str = "-";

/// What one table counts, over which cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub measure: Measure,
    pub rows: Option<Dim>,
    pub cols: Option<Dim>,
    /// One value per filtered dimension.
    pub filters: Vec<(Dim, String)>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Workers abroad are counted on this day (the period's last day, or today if sooner).
    pub at: NaiveDate,
    /// A provincial officer's province: the workers from it only.
    pub province: Option<String>,
}

/// The day column of the act a measure counts on.
fn act_column(measure: Measure) -> &'static str {
    match measure.act_day() {
        ActDay::Departure => "cases.departed_on",
        ActDay::End | ActDay::Span => "cases.ended_on",
    }
}

/// The SQL of a dimension's key, as text. Only fixed column names go in; values are bound.
fn dim_sql(dim: Dim, spec: &Spec) -> String {
    let day = act_column(spec.measure);
    let year = format!("SUBSTR(CAST({day} AS TEXT), 1, 4)");
    match dim {
        Dim::Year => year,
        Dim::Month => format!("SUBSTR(CAST({day} AS TEXT), 1, 7)"),
        Dim::Quarter => format!(
            "{year} || '-Q' || CAST((CAST(SUBSTR(CAST({day} AS TEXT), 6, 2) AS INTEGER) + 2) / 3 AS TEXT)"
        ),
        Dim::Market => "job_orders.market_code".into(),
        Dim::Sex => "workers.sex".into(),
        Dim::Province => "workers.province_code".into(),
        // The citizen ID's first three digits are the old province's code with a leading 0
        // (every code is 96 or lower); the `old_provinces` table keys them by two digits.
        Dim::OldProvince => "SUBSTR(workers.citizen_id, 2, 2)".into(),
        Dim::Form => "job_orders.form".into(),
        Dim::Agency => "CAST(cases.agency_id AS TEXT)".into(),
        Dim::Occupation => format!("COALESCE(job_orders.occupation_code, '{NO_KEY}')"),
        // A worker registered without it holds '': a key is never empty (empty means a total).
        Dim::Ethnicity => format!("COALESCE(NULLIF(workers.ethnicity, ''), '{NO_KEY}')"),
        Dim::Reason => format!("COALESCE(cases.end_reason, '{NO_KEY}')"),
        Dim::Household => {
            // The status certified for the act's year; the programme's order when several.
            let act_year = match spec.measure.act_day() {
                ActDay::Span => spec.at.format("%Y").to_string(),
                _ => format!("CAST({year} AS INTEGER)"),
            };
            let has = |status: &str| {
                format!(
                    "EXISTS (SELECT 1 FROM household_statuses hs WHERE hs.worker_id = cases.worker_id \
                     AND hs.year = {act_year} AND hs.status = '{status}')"
                )
            };
            format!(
                "CASE WHEN {} THEN 'poor' WHEN {} THEN 'near_poor' WHEN {} THEN 'ethnic_minority_area' \
                 WHEN {} THEN 'newly_non_poor' ELSE 'none' END",
                has("poor"),
                has("near_poor"),
                has("ethnic_minority_area"),
                has("newly_non_poor")
            )
        }
    }
}

fn dim_expr(dim: Dim, spec: &Spec) -> SimpleExpr {
    Expr::cust(dim_sql(dim, spec))
}

/// Whether a dimension reads the worker's or the order's columns.
fn needs(dim: Dim) -> (bool, bool) {
    match dim {
        Dim::Sex | Dim::Province | Dim::OldProvince | Dim::Ethnicity => (true, false),
        Dim::Market | Dim::Form | Dim::Occupation => (false, true),
        _ => (false, false),
    }
}

fn ended_in(from: NaiveDate, to: NaiveDate) -> Condition {
    Condition::all()
        .add(case::Column::DepartedOn.is_not_null())
        .add(case::Column::EndedOn.between(from, to))
}

/// The cases of a measure's base in the period.
fn base_condition(spec: &Spec) -> Condition {
    let (from, to) = (spec.from, spec.to);
    match spec.measure.base() {
        Base::Departures => Condition::all().add(case::Column::DepartedOn.between(from, to)),
        Base::Returns => ended_in(from, to).add(case::Column::EndReason.is_in(RETURN_REASONS)),
        Base::Ended(part) => ended_in(from, to).add(part_condition(part, spec)),
        Base::AbroadAt => Condition::all()
            .add(case::Column::DepartedOn.lte(spec.at))
            .add(
                Condition::any()
                    .add(case::Column::EndedOn.is_null())
                    .add(case::Column::EndedOn.gt(spec.at)),
            ),
        Base::AbroadDuring => Condition::all().add(case::Column::DepartedOn.lte(to)).add(
            Condition::any()
                .add(case::Column::EndedOn.is_null())
                .add(case::Column::EndedOn.gte(from)),
        ),
    }
}

/// The part of the base a measure counts.
fn part_condition(part: Part, spec: &Spec) -> Condition {
    match part {
        Part::Early => Condition::all().add(case::Column::EndReason.is_in(EARLY_REASONS)),
        Part::Absconded | Part::Overstayed => {
            let reason = if part == Part::Absconded {
                "absconded"
            } else {
                "overstayed"
            };
            ended_in(spec.from, spec.to).add(case::Column::EndReason.eq(reason))
        }
        Part::FeeBreach => Condition::all().add(
            case::Column::Id.in_subquery(
                Query::select()
                    .column(payment::Column::CaseId)
                    .from(payment::Entity)
                    .and_where(payment::Column::ReversesId.is_null())
                    .and_where(
                        payment::Column::Id.not_in_subquery(
                            Query::select()
                                .column(payment::Column::ReversesId)
                                .from(payment::Entity)
                                .and_where(payment::Column::ReversesId.is_not_null())
                                .to_owned(),
                        ),
                    )
                    .and_where(payment::Column::Flags.like(format!("%{FEE_OVER_CAP_TAG}%")))
                    .to_owned(),
            ),
        ),
    }
}

/// The base with the filters and the scope: the cases a whole table counts.
fn table_condition(spec: &Spec) -> Condition {
    let mut cond = base_condition(spec);
    for (dim, value) in &spec.filters {
        cond = cond.add(Expr::expr(dim_expr(*dim, spec)).eq(value.clone()));
    }
    if let Some(p) = &spec.province {
        cond = cond.add(worker::Column::ProvinceCode.eq(p.clone()));
    }
    cond
}

/// The cases behind one cell: the table's condition, the cell's keys (an empty key: the whole
/// row or column, i.e. a total), and for the part of a rate (or a measure that counts a part)
/// the part's condition.
pub fn cell_condition(spec: &Spec, row: &str, col: &str, part_only: bool) -> Condition {
    let mut cond = table_condition(spec);
    for (dim, key) in [(spec.rows, row), (spec.cols, col)] {
        if let Some(dim) = dim.filter(|_| !key.is_empty()) {
            cond = cond.add(Expr::expr(dim_expr(dim, spec)).eq(key.to_owned()));
        }
    }
    if let Some(part) = spec.measure.part().filter(|_| part_only) {
        cond = cond.add(part_condition(part, spec));
    }
    cond
}

/// `FROM cases` with the joins the spec's dimensions, filters and scope read.
fn from_cases(spec: &Spec, also: &[Dim]) -> SelectStatement {
    let dims = spec
        .rows
        .iter()
        .chain(spec.cols.iter())
        .chain(spec.filters.iter().map(|(d, _)| d))
        .chain(also.iter());
    let (mut w, mut o) = (spec.province.is_some(), false);
    for d in dims {
        let (nw, no) = needs(*d);
        w |= nw;
        o |= no;
    }
    let mut q = Query::select();
    q.from(case::Entity);
    if w {
        q.join(
            JoinType::InnerJoin,
            worker::Entity,
            Expr::col((worker::Entity, worker::Column::Id))
                .equals((case::Entity, case::Column::WorkerId)),
        );
    }
    if o {
        q.join(
            JoinType::InnerJoin,
            job_order::Entity,
            Expr::col((job_order::Entity, job_order::Column::Id))
                .equals((case::Entity, case::Column::JobOrderId)),
        );
    }
    q
}

/// The grouped counts as one statement: keys `r` and `c`, the base `n` and the part `k`.
pub fn pivot_statement(spec: &Spec) -> SelectStatement {
    let mut q = from_cases(spec, &[]);
    let key = |d: Option<Dim>| d.map_or_else(|| Expr::cust("''"), |d| dim_expr(d, spec));
    q.expr_as(key(spec.rows), Alias::new("r"))
        .expr_as(key(spec.cols), Alias::new("c"))
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("n"));
    let part = match spec.measure.part() {
        Some(p) => Expr::case(part_condition(p, spec).into_condition(), 1)
            .finally(0)
            .into(),
        None => Expr::cust("1"),
    };
    q.expr_as(
        Func::coalesce([Func::sum(part).into(), Expr::val(0).into()]),
        Alias::new("k"),
    );
    q.cond_where(table_condition(spec));
    for d in [spec.rows, spec.cols].into_iter().flatten() {
        q.add_group_by([dim_expr(d, spec)]);
    }
    q
}

use sea_orm::sea_query::Asterisk;

/// The table a spec describes.
pub async fn pivot(db: &DatabaseConnection, spec: &Spec) -> Result<Pivot, ServiceError> {
    let backend = db.get_database_backend();
    let rows = db.query_all(backend.build(&pivot_statement(spec))).await?;
    let mut groups = Vec::with_capacity(rows.len());
    for r in rows {
        let n: i64 = r.try_get("", "n")?;
        if n == 0 {
            continue;
        }
        let k: i64 = r.try_get("", "k")?;
        groups.push((
            (r.try_get::<String>("", "r")?, r.try_get::<String>("", "c")?),
            Count {
                base: n.unsigned_abs(),
                part: k.unsigned_abs(),
            },
        ));
    }
    Ok(Pivot::from_groups(groups))
}

/// How many cases a condition selects.
pub async fn count(
    db: &DatabaseConnection,
    spec: &Spec,
    cond: Condition,
) -> Result<u64, ServiceError> {
    let mut q = from_cases(spec, &[]);
    q.expr_as(Func::count(Expr::col(Asterisk)), Alias::new("n"))
        .cond_where(cond);
    let row = db
        .query_one(db.get_database_backend().build(&q))
        .await?
        .ok_or_else(|| ServiceError::Unexpected("COUNT gave no row".into()))?;
    let n: i64 = row.try_get("", "n")?;
    Ok(n.unsigned_abs())
}

/// One row of the cases behind a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i32,
    pub agency_id: i32,
    pub state: String,
    pub departed_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub full_name: String,
    pub citizen_id: String,
    pub sex: String,
    pub province_code: String,
    pub market_code: String,
}

/// The cases a condition selects, by id: `limit` of them with an id above `after`, skipping
/// `offset` (a page), or none skipped and the next batch (an export).
pub async fn cases(
    db: &DatabaseConnection,
    spec: &Spec,
    cond: Condition,
    after: i32,
    offset: u64,
    limit: u64,
) -> Result<Vec<CaseRow>, ServiceError> {
    // Every column the rows show: both joins.
    let mut q = from_cases(spec, &[Dim::Sex, Dim::Market]);
    q.columns([
        (case::Entity, case::Column::Id),
        (case::Entity, case::Column::AgencyId),
        (case::Entity, case::Column::State),
        (case::Entity, case::Column::DepartedOn),
        (case::Entity, case::Column::EndedOn),
        (case::Entity, case::Column::EndReason),
    ])
    .columns([
        (worker::Entity, worker::Column::FullName),
        (worker::Entity, worker::Column::CitizenId),
        (worker::Entity, worker::Column::Sex),
        (worker::Entity, worker::Column::ProvinceCode),
    ])
    .column((job_order::Entity, job_order::Column::MarketCode))
    .cond_where(cond.add(case::Column::Id.gt(after)))
    .order_by((case::Entity, case::Column::Id), Order::Asc)
    .offset(offset)
    .limit(limit);
    let rows = db.query_all(db.get_database_backend().build(&q)).await?;
    rows.into_iter()
        .map(|r| {
            Ok(CaseRow {
                id: r.try_get("", "id")?,
                agency_id: r.try_get("", "agency_id")?,
                state: r.try_get("", "state")?,
                departed_on: r.try_get("", "departed_on")?,
                ended_on: r.try_get("", "ended_on")?,
                end_reason: r.try_get("", "end_reason")?,
                full_name: r.try_get("", "full_name")?,
                citizen_id: r.try_get("", "citizen_id")?,
                sex: r.try_get("", "sex")?,
                province_code: r.try_get("", "province_code")?,
                market_code: r.try_get("", "market_code")?,
            })
        })
        .collect()
}

/// The statement as SQL text with its values inlined, for the benchmark's raw run.
pub fn as_sql(db: &DatabaseConnection, spec: &Spec) -> String {
    let st: Statement = db.get_database_backend().build(&pivot_statement(spec));
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            pivot_statement(spec).to_string(sea_orm::sea_query::PostgresQueryBuilder)
        }
        sea_orm::DatabaseBackend::Sqlite => {
            pivot_statement(spec).to_string(sea_orm::sea_query::SqliteQueryBuilder)
        }
        sea_orm::DatabaseBackend::MySql => st.sql,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::payments::Flag;

    #[test]
    fn the_fee_over_cap_tag_is_how_the_flag_is_stored() {
        let stored = serde_json::to_string(&vec![Flag::ServiceFeeOverCap {
            cap_vnd: 1,
            paid_vnd: 2,
        }])
        .unwrap();
        assert!(stored.contains(FEE_OVER_CAP_TAG), "{stored}");
        let other = serde_json::to_string(&vec![Flag::PaidToBroker]).unwrap();
        assert!(!other.contains(FEE_OVER_CAP_TAG));
    }
}
