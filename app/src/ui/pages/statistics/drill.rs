//! `/statistics/cases`: the cases behind one number of the statistics table, as many as the
//! number says (the same query with the cell's keys), paged; and the form that exports them,
//! which asks what the personal data is for.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{query_string, read_query};
use crate::api::statistics::statistics_cases;
use crate::domain::cases::CaseState;
use crate::domain::forms::Problem;
use crate::domain::lifecycle::EndReason;
use crate::i18n::{self, Lang};
use crate::ui::components::page::fetched;
use crate::ui::use_lang;
use crate::views::statistics::{DrillQuery, DrillView};

/// Why the export form came back, from the export route's redirect.
#[derive(Clone, PartialEq, Eq)]
struct Returned {
    problem: String,
    purpose: String,
    format: String,
}

#[component]
pub fn StatisticsCasesPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Hồ sơ đứng sau con số", "The cases behind the number");
    let query = use_query_map();
    let q = Memo::new(move |_| {
        query.with(|p| DrillQuery {
            q: read_query(p),
            row: p.get("row").unwrap_or_default(),
            col: p.get("col").unwrap_or_default(),
            part: p.get("part").unwrap_or_default(),
            page: p.get("page").unwrap_or_default(),
        })
    });
    let returned = Memo::new(move |_| {
        query.with(|p| Returned {
            problem: p.get("export_error").unwrap_or_default(),
            purpose: p.get("purpose").unwrap_or_default(),
            format: p.get("format").unwrap_or_default(),
        })
    });
    view! {
        <Title text=title />
        <section data-testid="statistics-cases">
            <h1>{title}</h1>
            {fetched(move || q.get(), statistics_cases, move |v, _| page(lang, v, returned.get_untracked()))}
        </section>
    }
}

fn state_label(lang: Lang, s: &str) -> String {
    CaseState::parse(s).map_or_else(
        || s.to_owned(),
        |s| i18n::lifecycle::state(lang, s).to_owned(),
    )
}

fn reason_label(lang: Lang, r: &Option<String>) -> String {
    match r.as_deref() {
        None => String::new(),
        Some(r) => EndReason::parse(r).map_or_else(
            || r.to_owned(),
            |r| i18n::lifecycle::end_reason(lang, r).to_owned(),
        ),
    }
}

fn page(lang: Lang, v: DrillView, returned: Returned) -> AnyView {
    let title = match lang {
        Lang::Vi => v.title.vi.clone(),
        Lang::En => v.title.en.clone(),
    };
    let back = format!("/statistics?{}", query_string(&v.query.q.pairs()));
    let rows = v
        .cases
        .iter()
        .map(|c| {
            view! {
                <tr data-testid="drill-case">
                    <td><a href=format!("/cases/{}", c.id)>{c.id.to_string()}</a></td>
                    <td>{c.worker_name.clone()}<br /><small>{c.citizen_id.clone()}</small></td>
                    <td>{i18n::statistics::sex(lang, &c.sex)}</td>
                    <td>{c.province.clone()}</td>
                    <td>{c.market.clone()}</td>
                    <td>{c.agency.clone()}</td>
                    <td>{state_label(lang, &c.state)}<br /><small>{reason_label(lang, &c.end_reason)}</small></td>
                    <td>{c.departed_on.map(|d| lang.date(d)).unwrap_or_default()}</td>
                    <td>{c.ended_on.map(|d| lang.date(d)).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let page_link = |n: u64| {
        let mut pairs = v.query.pairs();
        pairs.push(("page", n.to_string()));
        format!("/statistics/cases?{}", query_string(&pairs))
    };
    let prev = (v.page > 1).then(|| view! { <a href=page_link(v.page - 1) rel="prev">{lang.tr("← Trang trước", "← Previous")}</a> });
    let next = (v.page < v.pages).then(|| view! { <a href=page_link(v.page + 1) rel="next" data-testid="next-page">{lang.tr("Trang sau →", "Next →")}</a> });
    let problem = match returned.problem.as_str() {
        "purpose" => Some(Problem::PurposeTooShort {
            min: crate::domain::statistics::PURPOSE_MIN,
        }),
        "over_cap" => Some(Problem::OverExportCap { cap: v.export_cap }),
        _ => None,
    }
    .map(|p| i18n::problem(lang, &p));
    let hidden = v
        .query
        .pairs()
        .into_iter()
        .map(|(k, val)| view! { <input type="hidden" name=k value=val /> })
        .collect_view();
    let over = v.count > v.export_cap;
    let has_problem = problem.is_some();
    let xlsx = returned.format != "csv";
    view! {
        <p data-testid="drill-title">{title}</p>
        <p>
            <strong data-testid="drill-count">{lang.number(v.count)}</strong>
            " " {lang.tr("hồ sơ.", "cases.")} " "
            <a href=back>{lang.tr("← Về bảng thống kê", "← Back to the table")}</a>
        </p>
        <div class="table-wrap">
            <table data-testid="drill-table">
                <thead><tr>
                    <th scope="col">{lang.tr("Hồ sơ", "Case")}</th>
                    <th scope="col">{lang.tr("Người lao động", "Worker")}</th>
                    <th scope="col">{lang.tr("Giới tính", "Sex")}</th>
                    <th scope="col">{lang.tr("Tỉnh", "Province")}</th>
                    <th scope="col">{lang.tr("Thị trường", "Market")}</th>
                    <th scope="col">{lang.tr("Doanh nghiệp", "Agency")}</th>
                    <th scope="col">{lang.tr("Tình trạng", "State")}</th>
                    <th scope="col">{lang.tr("Xuất cảnh", "Left")}</th>
                    <th scope="col">{lang.tr("Kết thúc", "Ended")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label=lang.tr("Trang", "Pages")>
            {prev} " " {format!("{}/{}", v.page, v.pages)} " " {next}
        </nav>
        <section aria-labelledby="export-title">
            <h2 id="export-title">{lang.tr("Xuất danh sách (có dữ liệu cá nhân)", "Export the list (personal data)")}</h2>
            <p class="hint">
                {match lang {
                    Lang::Vi => format!("Danh sách chứa dữ liệu cá nhân: mục đích bạn ghi được lưu vào nhật ký kiểm tra cùng tên bạn. Tối đa {} hồ sơ mỗi lần.", lang.number(v.export_cap)),
                    Lang::En => format!("The list holds personal data: the purpose you give is kept in the audit trail with your name. At most {} cases per export.", lang.number(v.export_cap)),
                }}
            </p>
            {over.then(|| view! {
                <p class="form-error" role="alert" data-testid="export-over-cap">
                    {i18n::problem(lang, &Problem::OverExportCap { cap: v.export_cap })}
                </p>
            })}
            <form method="post" action="/statistics/cases/export" data-testid="drill-export">
                {hidden}
                <div class="field" class:has-error=has_problem>
                    <label for="purpose">{lang.tr("Mục đích sử dụng", "What the data is for")}</label>
                    <textarea id="purpose" name="purpose" rows="2" required aria-invalid=has_problem.then_some("true") aria-describedby=has_problem.then_some("purpose-error")>
                        {returned.purpose.clone()}
                    </textarea>
                    {problem.map(|p| view! { <p class="field-error" id="purpose-error" data-testid="error-purpose">{p}</p> })}
                </div>
                <div class="field">
                    <label for="format">{lang.tr("Định dạng", "Format")}</label>
                    <select id="format" name="format">
                        <option value="xlsx" selected=xlsx>"Excel (XLSX)"</option>
                        <option value="csv" selected=!xlsx>"CSV"</option>
                    </select>
                </div>
                <button class="button primary" type="submit" data-testid="export-cases">
                    {lang.tr("Xuất danh sách", "Export the list")}
                </button>
            </form>
        </section>
    }
    .into_any()
}
