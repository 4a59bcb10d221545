//! Officers' statistics, `/statistics`: a GET form (a view is its URL) choosing the measure,
//! what goes in rows and columns, the period and the filters; the pivot table with totals,
//! each number a link to the cases behind it; the charts drawn on the server as SVG, each with
//! its numbers in a table; CSV and XLSX exports of the table.

mod charts;
mod drill;

pub use drill::StatisticsCasesPage;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::statistics::statistics;
use crate::domain::agencies::encode_component;
use crate::domain::statistics::{percent, Count, Dim, Figure, Measure, Period};
use crate::i18n::{statistics as words, Lang};
use crate::ui::components::page::fetched;
use crate::ui::use_lang;
use crate::views::statistics::{DimLabels, StatisticsQuery, StatisticsView};

/// A query string from pairs.
pub(super) fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub(super) fn read_query(p: &leptos_router::params::ParamsMap) -> StatisticsQuery {
    let g = |k: &str| p.get(k).unwrap_or_default();
    let mut q = StatisticsQuery {
        measure: g("measure"),
        rows: g("rows"),
        cols: g("cols"),
        period: g("period"),
        ..Default::default()
    };
    for d in Dim::FILTERS {
        q.set_filter(d, g(d.as_str()));
    }
    q
}

/// The name of a key of a dimension in the reader's language.
pub(super) fn label(lang: Lang, labels: &[DimLabels], dim: Option<Dim>, key: &str) -> String {
    let Some(dim) = dim else {
        return lang.tr("Tổng", "Total").to_owned();
    };
    labels
        .iter()
        .find(|l| l.dim == dim)
        .and_then(|l| l.labels.iter().find(|x| x.key == key))
        .map(|l| match lang {
            Lang::Vi => l.vi.clone(),
            Lang::En => l.en.clone(),
        })
        .unwrap_or_else(|| {
            if key.is_empty() {
                "—".to_owned()
            } else {
                key.to_owned()
            }
        })
}

fn options(lang: Lang, labels: &[DimLabels], dim: Dim) -> Vec<(String, String)> {
    labels
        .iter()
        .find(|l| l.dim == dim)
        .map(|l| {
            l.labels
                .iter()
                .map(|x| {
                    (
                        x.key.clone(),
                        match lang {
                            Lang::Vi => x.vi.clone(),
                            Lang::En => x.en.clone(),
                        },
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn decimal(lang: Lang) -> char {
    match lang {
        Lang::Vi => ',',
        Lang::En => '.',
    }
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr(
        "Thống kê người lao động đi làm việc ở nước ngoài",
        "Statistics of workers abroad",
    );
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(read_query));
    view! {
        <Title text=title />
        <section data-testid="statistics">
            <h1>{title}</h1>
            <p class="lead">
                {lang.tr(
                    "Mọi con số được tính trực tiếp từ hồ sơ, nên tổng luôn bằng số hồ sơ đứng sau nó: bấm vào một số để xem danh sách hồ sơ.",
                    "Every figure is computed live from the case records, so a total always equals the records behind it: follow a number to see the list of cases.",
                )}
            </p>
            {fetched(move || q.get(), statistics, move |v, _| page(lang, v))}
        </section>
    }
}

fn select(
    lang: Lang,
    label_text: &'static str,
    name: &'static str,
    opts: Vec<(String, String)>,
    value: &str,
    empty: Option<&'static str>,
    issue: Option<String>,
) -> AnyView {
    let error_id = format!("{name}-error");
    let bad = issue.is_some();
    let invalid = bad.then_some("true");
    let described = issue.is_some().then(|| error_id.clone());
    let value = value.to_owned();
    let _ = lang;
    view! {
        <div class="field" class:has-error=bad>
            <label for=name>{label_text}</label>
            <select id=name name=name aria-invalid=invalid aria-describedby=described>
                {empty.map(|e| view! { <option value="">{e}</option> })}
                {opts
                    .into_iter()
                    .map(|(v, text)| {
                        let selected = v == value;
                        view! { <option value=v selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
            {issue.map(|e| view! { <p class="field-error" id=error_id data-testid=format!("error-{name}")>{e}</p> })}
        </div>
    }
    .into_any()
}

fn page(lang: Lang, v: StatisticsView) -> AnyView {
    let issue = |field: &str| {
        v.issues
            .iter()
            .find(|i| i.field == field)
            .map(|i| words::problem(lang, i.problem).to_owned())
    };
    let all = lang.tr("Tất cả", "All");
    let none = lang.tr("(không chia)", "(none)");
    let measures: Vec<(String, String)> = Measure::ALL
        .iter()
        .map(|m| (m.as_str().to_owned(), words::measure(lang, *m).to_owned()))
        .collect();
    let dims: Vec<(String, String)> = Dim::ALL
        .iter()
        .map(|d| (d.as_str().to_owned(), words::dim(lang, *d).to_owned()))
        .collect();
    let mut periods: Vec<(String, String)> = Period::RELATIVE
        .iter()
        .map(|p| (p.key(), words::period(lang, *p)))
        .collect();
    if let (Some(last), Some(first)) = (v.years.first(), v.years.last()) {
        if first < last {
            let all = Period::Years(*first, *last);
            periods.push((all.key(), words::period(lang, all)));
        }
    }
    for y in &v.years {
        periods.push((y.to_string(), words::period(lang, Period::Year(*y))));
        for q in 1..=4 {
            let p = Period::Quarter(*y, q);
            periods.push((p.key(), words::period(lang, p)));
        }
    }
    if !periods.iter().any(|(k, _)| *k == v.query.period) {
        if let Some(p) = Period::parse(&v.query.period) {
            periods.insert(0, (p.key(), words::period(lang, p)));
        }
    }
    let scope = match &v.scope {
        Some(p) => format!(
            "{}{p}.",
            lang.tr("Chỉ người lao động của tỉnh ", "Only workers from ")
        ),
        None => lang
            .tr("Người lao động cả nước.", "Workers from the whole country.")
            .to_owned(),
    };
    let filter_fields = Dim::FILTERS
        .into_iter()
        .filter(|d| *d != Dim::Ethnicity)
        .map(|d| {
            select(
                lang,
                words::dim(lang, d),
                d.as_str(),
                options(lang, &v.labels, d),
                v.query.filter(d),
                Some(all),
                issue(d.as_str()),
            )
        })
        .collect_view();
    let ethnicity_issue = issue("ethnicity");
    let ethnicity_bad = ethnicity_issue.is_some();
    let qs = query_string(&v.query.pairs());
    let table = pivot_table(lang, &v);
    let charts = charts::all(lang, &v);
    view! {
        <form method="get" action="/statistics" class="filters" data-testid="stats-form">
            {select(lang, lang.tr("Chỉ tiêu", "Measure"), "measure", measures, &v.query.measure, None, issue("measure"))}
            {select(lang, lang.tr("Hàng", "Rows"), "rows", dims.clone(), &v.query.rows, Some(none), issue("rows"))}
            {select(lang, lang.tr("Cột", "Columns"), "cols", dims, &v.query.cols, Some(none), issue("cols"))}
            {select(lang, lang.tr("Kỳ báo cáo", "Period"), "period", periods, &v.query.period, None, issue("period"))}
            <details class="more-filters" open=v.query.pairs().iter().any(|(k, _)| Dim::parse(k).is_some())>
                <summary>{lang.tr("Lọc thêm", "More filters")}</summary>
                {filter_fields}
                <div class="field" class:has-error=ethnicity_bad>
                    <label for="ethnicity">{words::dim(lang, Dim::Ethnicity)}</label>
                    <input id="ethnicity" name="ethnicity" type="text" value=v.query.ethnicity.clone() autocomplete="off" />
                    {ethnicity_issue.map(|e| view! { <p class="field-error" data-testid="error-ethnicity">{e}</p> })}
                </div>
            </details>
            <div class="actions">
                <button class="button primary" type="submit" data-testid="submit">{lang.tr("Xem", "Show")}</button>
            </div>
        </form>
        <p data-testid="stats-scope">
            {scope} " " {lang.tr("Kỳ: ", "Period: ")} {lang.date(v.from)} " – " {lang.date(v.to)} "."
        </p>
        <p class="hint" data-testid="stats-denominator">
            <strong>{words::measure(lang, v.measure)}</strong> ": " {words::measure_note(lang, v.measure)}
        </p>
        {table}
        <p class="actions" data-testid="stats-exports">
            <a class="button" href=format!("/statistics/export.csv?{qs}") data-testid="export-csv" download>
                {lang.tr("Tải bảng CSV", "Download the table (CSV)")}
            </a>
            " "
            <a class="button" href=format!("/statistics/export.xlsx?{qs}") data-testid="export-xlsx" download>
                {lang.tr("Tải bảng Excel (XLSX)", "Download the table (XLSX)")}
            </a>
        </p>
        {charts}
    }
    .into_any()
}

/// A link to the cases behind a count, or the count alone for a reader who may not open them.
fn count_link(lang: Lang, v: &StatisticsView, row: &str, col: &str, part: &str, n: u64) -> AnyView {
    let text = lang.number(n);
    if !v.can_drill || n == 0 {
        return view! { <span>{text}</span> }.into_any();
    }
    let mut pairs = v.query.pairs();
    if v.rows.is_some() && !row.is_empty() {
        pairs.push(("row", row.to_owned()));
    }
    if v.cols.is_some() && !col.is_empty() {
        pairs.push(("col", col.to_owned()));
    }
    if !part.is_empty() {
        pairs.push(("part", part.to_owned()));
    }
    let href = format!("/statistics/cases?{}", query_string(&pairs));
    view! { <a href=href data-testid="drill">{text}</a> }.into_any()
}

pub(super) fn figure_view(
    lang: Lang,
    v: &StatisticsView,
    row: &str,
    col: &str,
    c: Count,
) -> AnyView {
    match c.value(v.measure) {
        Figure::Count(n) => count_link(lang, v, row, col, "", n),
        Figure::NoRate => view! { <span>"—"</span> }.into_any(),
        Figure::Rate { bp, part, of } => view! {
            <span>
                {format!("{} %", percent(bp, decimal(lang)))}
                <small>
                    " (" {count_link(lang, v, row, col, "", part)} "/"
                    {count_link(lang, v, row, col, "base", of)} ")"
                </small>
            </span>
        }
        .into_any(),
    }
}

fn pivot_table(lang: Lang, v: &StatisticsView) -> AnyView {
    let p = &v.pivot;
    if p.rows.is_empty() {
        return view! {
            <p data-testid="stats-empty">
                {lang.tr("Không có hồ sơ nào theo lựa chọn này.", "No case matches these choices.")}
            </p>
        }
        .into_any();
    }
    let total_word = lang.tr("Tổng", "Total");
    let cols = if v.cols.is_some() {
        p.cols.clone()
    } else {
        Vec::new()
    };
    let head = cols
        .iter()
        .map(|c| {
            view! { <th scope="col" data-key=c.clone()>{label(lang, &v.labels, v.cols, c)}</th> }
        })
        .collect_view();
    let body = p
        .rows
        .iter()
        .map(|r| {
            let cells = cols
                .iter()
                .map(|c| {
                    view! {
                        <td data-col=c.clone()>{figure_view(lang, v, r, c, p.cell(r, c))}</td>
                    }
                })
                .collect_view();
            view! {
                <tr data-testid="stats-row" data-key=r.clone()>
                    <th scope="row">{label(lang, &v.labels, v.rows, r)}</th>
                    {cells}
                    <td class="total" data-col="total">
                        {figure_view(lang, v, r, "", p.row_totals.get(r).copied().unwrap_or_default())}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let foot = cols
        .iter()
        .map(|c| {
            view! {
                <td data-col=c.clone()>
                    {figure_view(lang, v, "", c, p.col_totals.get(c).copied().unwrap_or_default())}
                </td>
            }
        })
        .collect_view();
    // The row dimension's name heads the first column.
    let corner = v
        .rows
        .map_or_else(String::new, |d| words::dim(lang, d).to_owned());
    let caption = format!(
        "{}{}",
        words::measure(lang, v.measure),
        v.cols
            .map(|d| format!(" · {}", words::dim(lang, d)))
            .unwrap_or_default()
    );
    view! {
        <div class="table-wrap">
            <table data-testid="stats-table" class="pivot">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{corner}</th>
                    {head}
                    <th scope="col">{total_word}</th>
                </tr></thead>
                <tbody>{body}</tbody>
                <tfoot><tr data-testid="stats-total">
                    <th scope="row">{total_word}</th>
                    {foot}
                    <td class="total" data-col="total">{figure_view(lang, v, "", "", p.total)}</td>
                </tr></tfoot>
            </table>
        </div>
    }
    .into_any()
}
