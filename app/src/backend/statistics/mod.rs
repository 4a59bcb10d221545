//! Officers' statistics, computed live from the case records: the pivot table a GET form asks
//! for, its charts, the list of cases behind any number and the exports. A provincial officer
//! sees the workers of their province; national officers and inspectors every worker. The
//! province is added to the query here, in the use case, whatever the form sends.

pub mod export;
mod labels;
pub mod query;

use chrono::{Datelike, NaiveDate};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::access::require;
use super::audit::RequestMeta;
use super::entity::{agency, case};
use super::{Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target};
use crate::domain::accounts::Role;
use crate::domain::statistics::{Dim, Figure, Measure, Period};
use crate::views::statistics::{
    DrillCase, DrillQuery, DrillView, FieldIssue, Label, StatisticsProblem, StatisticsQuery,
    StatisticsView,
};
pub use query::Spec;

/// Rows of a drill-down page.
pub const PAGE_SIZE: u64 = 50;

/// The province a reader is limited to (none: the whole country), after the access check.
async fn scope(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    action: Action,
) -> Result<Option<String>, ServiceError> {
    require(
        backend,
        meta,
        actor,
        action,
        Target::Nothing,
        ("statistics", "pivot".to_owned()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    Ok(match actor.role {
        Role::ProvincialOfficer => {
            Some(actor.province_code.clone().ok_or(ServiceError::Forbidden)?)
        }
        _ => None,
    })
}

/// The form's fields read into a spec; what cannot be applied is dropped from the applied
/// query and named, field by field.
pub fn read(
    q: &StatisticsQuery,
    today: NaiveDate,
    province: Option<String>,
) -> (Spec, StatisticsQuery, Vec<FieldIssue>) {
    let mut issues = Vec::new();
    let mut applied = q.clone();
    let mut issue = |field: &str, problem| {
        issues.push(FieldIssue {
            field: field.to_owned(),
            problem,
        })
    };
    let measure = match q.measure.trim() {
        "" => Measure::Departures,
        m => Measure::parse(m).unwrap_or_else(|| {
            issue("measure", StatisticsProblem::UnknownChoice);
            Measure::Departures
        }),
    };
    applied.measure = measure.as_str().to_owned();
    let period = match q.period.trim() {
        "" => Period::ThisYear,
        p => Period::parse(p).unwrap_or_else(|| {
            issue("period", StatisticsProblem::UnknownChoice);
            Period::ThisYear
        }),
    };
    applied.period = period.key();
    let mut dim = |field: &str, value: &str, other: Option<Dim>| -> Option<Dim> {
        let d = match value.trim() {
            "" => return None,
            v => match Dim::parse(v) {
                Some(d) => d,
                None => {
                    issue(field, StatisticsProblem::UnknownChoice);
                    return None;
                }
            },
        };
        if !measure.allows(d) {
            issue(
                field,
                if d.is_period() {
                    StatisticsProblem::SpansTime
                } else {
                    StatisticsProblem::NotEnded
                },
            );
            return None;
        }
        if other == Some(d) {
            issue(field, StatisticsProblem::SameAsRows);
            return None;
        }
        Some(d)
    };
    let rows = dim("rows", &q.rows, None);
    let cols = dim("cols", &q.cols, rows);
    applied.rows = rows.map(|d| d.as_str().to_owned()).unwrap_or_default();
    applied.cols = cols.map(|d| d.as_str().to_owned()).unwrap_or_default();
    let mut filters = Vec::new();
    for d in Dim::FILTERS {
        let v = q.filter(d).trim();
        if v.is_empty() {
            continue;
        }
        if v.len() > 64 {
            issue(d.as_str(), StatisticsProblem::UnknownChoice);
            applied.set_filter(d, String::new());
            continue;
        }
        if !measure.allows(d) {
            issue(d.as_str(), StatisticsProblem::NotEnded);
            applied.set_filter(d, String::new());
            continue;
        }
        filters.push((d, v.to_owned()));
        applied.set_filter(d, v.to_owned());
    }
    let (from, to) = period.days(today);
    let spec = Spec {
        measure,
        rows,
        cols,
        filters,
        from,
        to,
        at: to.min(today),
        province,
    };
    (spec, applied, issues)
}

/// The statistics page for `actor`.
/// What the statistics page counts for a table of `spec`: the table itself, then its charts
/// (departures by month and market, departures by province, the absconding rate by agency), each
/// with the table's filters that its measure allows. The benchmark runs the same statements raw.
pub fn page_specs(spec: &Spec) -> [Spec; 4] {
    let chart = |measure: Measure, rows, cols| Spec {
        measure,
        rows: Some(rows),
        cols,
        filters: spec
            .filters
            .iter()
            .filter(|(d, _)| measure.allows(*d))
            .cloned()
            .collect(),
        ..spec.clone()
    };
    [
        spec.clone(),
        chart(Measure::Departures, Dim::Month, Some(Dim::Market)),
        chart(Measure::Departures, Dim::Province, None),
        chart(Measure::AbscondRate, Dim::Agency, None),
    ]
}

/// The statements the page runs for a query string (as its address holds it), with their values
/// inlined, for `server statistics sql`: to run raw, or under EXPLAIN, beside the page. The whole
/// country's, as a national officer sees it.
pub fn page_sql(
    db: &sea_orm::DatabaseConnection,
    query_string: &str,
    today: NaiveDate,
) -> Result<Vec<String>, String> {
    let q: StatisticsQuery =
        serde_urlencoded::from_str(query_string).map_err(|e| format!("not a query string: {e}"))?;
    let (spec, _, issues) = read(&q, today, None);
    if let Some(i) = issues.first() {
        return Err(format!(
            "the field {} cannot apply: {:?}",
            i.field, i.problem
        ));
    }
    Ok(page_specs(&spec)
        .iter()
        .map(|s| query::as_sql(db, s).replace('\n', " "))
        .collect())
}

pub async fn view(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    q: &StatisticsQuery,
) -> Result<StatisticsView, ServiceError> {
    let province = scope(backend, meta, actor, Action::ViewStatistics).await?;
    let db = &backend.db;
    let today = backend.clock.today();
    let (spec, applied, issues) = read(q, today, province.clone());
    let [main, months, provinces, agencies] = page_specs(&spec);
    let pivot = query::pivot(db, &main).await?;
    let chart_months = query::pivot(db, &months).await?;
    let chart_provinces = query::pivot(db, &provinces).await?;
    let chart_agencies = query::pivot(db, &agencies).await?;
    let years = years(backend, province.as_deref()).await?;
    let labels = labels::all(
        backend,
        [&pivot, &chart_months, &chart_provinces, &chart_agencies],
        &spec,
    )
    .await?;
    let reference = backend.reference.get(db).await?;
    let can_drill = actor.is_some_and(|a| {
        crate::domain::access::decide(Some(a), Action::SearchCases, Target::Nothing)
            == crate::domain::access::Decision::Allow
    });
    Ok(StatisticsView {
        query: applied,
        issues,
        measure: spec.measure,
        rows: spec.rows,
        cols: spec.cols,
        from: spec.from,
        to: spec.to,
        years,
        scope: province.map(|p| reference.province(&p)),
        pivot,
        labels,
        chart_months,
        chart_provinces,
        chart_agencies,
        can_drill,
    })
}

/// Years in which cases in scope left or ended, newest first.
async fn years(backend: &Backend, province: Option<&str>) -> Result<Vec<i32>, ServiceError> {
    let db = &backend.db;
    let mut out = std::collections::BTreeSet::new();
    for col in [case::Column::DepartedOn, case::Column::EndedOn] {
        for agg in [true, false] {
            let mut q = case::Entity::find().select_only();
            q = if agg {
                q.expr(sea_orm::sea_query::Func::min(
                    sea_orm::sea_query::Expr::col(col),
                ))
            } else {
                q.expr(sea_orm::sea_query::Func::max(
                    sea_orm::sea_query::Expr::col(col),
                ))
            };
            if let Some(p) = province {
                q = q.filter(
                    case::Column::WorkerId.in_subquery(
                        sea_orm::sea_query::Query::select()
                            .column(super::entity::worker::Column::Id)
                            .from(super::entity::worker::Entity)
                            .and_where(super::entity::worker::Column::ProvinceCode.eq(p))
                            .to_owned(),
                    ),
                );
            }
            if let Some(Some(d)) = q.into_tuple::<Option<NaiveDate>>().one(db).await? {
                out.insert(d.year());
            }
        }
    }
    let (Some(first), Some(last)) = (out.first().copied(), out.last().copied()) else {
        return Ok(vec![backend.clock.today().year()]);
    };
    let last = last.max(backend.clock.today().year());
    Ok((first..=last).rev().collect())
}

/// The drill-down list: the cases behind one number of the table.
pub async fn drill(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    dq: &DrillQuery,
) -> Result<DrillView, ServiceError> {
    let province = scope(backend, meta, actor, Action::SearchCases).await?;
    let db = &backend.db;
    let today = backend.clock.today();
    let (spec, applied, _) = read(&dq.q, today, province);
    let part_only = dq.part != "base";
    let cond = query::cell_condition(&spec, &dq.row, &dq.col, part_only);
    let count = query::count(db, &spec, cond.clone()).await?;
    let pages = count.div_ceil(PAGE_SIZE).max(1);
    let page = dq.page.trim().parse::<u64>().unwrap_or(1).clamp(1, pages);
    let rows = query::cases(db, &spec, cond, 0, (page - 1) * PAGE_SIZE, PAGE_SIZE).await?;
    let cases = drill_rows(backend, rows).await?;
    let title = labels::cell_title(backend, &spec, &dq.row, &dq.col, part_only).await?;
    Ok(DrillView {
        query: DrillQuery {
            q: applied,
            row: dq.row.clone(),
            col: dq.col.clone(),
            part: if part_only {
                String::new()
            } else {
                "base".into()
            },
            page: page.to_string(),
        },
        measure: spec.measure,
        title,
        count,
        page,
        pages,
        cases,
        export_cap: backend.settings.export_row_cap,
    })
}

/// The rows with the names of their agency, province and market.
pub(crate) async fn drill_rows(
    backend: &Backend,
    rows: Vec<query::CaseRow>,
) -> Result<Vec<DrillCase>, ServiceError> {
    let reference = backend.reference.get(&backend.db).await?;
    let ids: Vec<i32> = rows.iter().map(|r| r.agency_id).collect();
    let names: std::collections::HashMap<i32, String> = agency::Entity::find()
        .select_only()
        .column(agency::Column::Id)
        .column(agency::Column::Name)
        .filter(agency::Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(&backend.db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| DrillCase {
            id: r.id,
            agency: names.get(&r.agency_id).cloned().unwrap_or_default(),
            province: reference.province(&r.province_code),
            market: reference.market(&r.market_code).name_vi,
            worker_name: r.full_name,
            citizen_id: r.citizen_id,
            sex: r.sex,
            state: r.state,
            departed_on: r.departed_on,
            ended_on: r.ended_on,
            end_reason: r.end_reason,
        })
        .collect())
}

/// A figure as plain text for the exports (a rate as a percentage with its part and base).
pub fn figure_text(f: Figure) -> String {
    match f {
        Figure::Count(n) => n.to_string(),
        Figure::Rate { bp, part, of } => format!(
            "{}% ({part}/{of})",
            crate::domain::statistics::percent(bp, '.')
        ),
        Figure::NoRate => String::new(),
    }
}

/// A label for a key, in Vietnamese, for the exports' headings.
pub fn label_of(labels: &[crate::views::statistics::DimLabels], dim: Dim, key: &str) -> String {
    labels
        .iter()
        .find(|l| l.dim == dim)
        .and_then(|l| l.labels.iter().find(|x| x.key == key))
        .map_or_else(|| key.to_owned(), |l: &Label| l.vi.clone())
}
