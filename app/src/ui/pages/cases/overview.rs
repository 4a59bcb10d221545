//! The overview of those who oversee cases (inspectors, provincial and national officers): find a
//! worker's cases by citizen ID or name, within one's scope, and open them.

use super::*;
use crate::api::cases::case_search;
use crate::views::cases::CaseSearchView;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Tổng quan · Tra cứu hồ sơ", "Overview · Find a case");
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|p| p.get("q").unwrap_or_default()));
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            {fetched(move || q.get(), case_search, move |s, _| found(lang, s))}
        </section>
    }
}

fn found(lang: Lang, s: CaseSearchView) -> impl IntoView {
    let scope = match &s.scope {
        Some(p) => format!(
            "{}{p}.",
            lang.tr(
                "Trong phạm vi người lao động của tỉnh ",
                "Within the workers of "
            )
        ),
        None => lang
            .tr(
                "Trong phạm vi cả nước, mọi doanh nghiệp.",
                "Nationwide, every agency.",
            )
            .to_owned(),
    };
    let count = s.rows.len();
    let summary = match (s.searched, count, s.more) {
        (false, _, _) if s.q.is_empty() => None,
        (false, _, _) => Some(
            lang.tr(
                "Hãy nhập ít nhất 2 ký tự, hoặc đủ 12 số căn cước.",
                "Type at least 2 characters, or all 12 digits of a citizen ID.",
            )
            .to_owned(),
        ),
        (true, 0, _) => Some(
            lang.tr(
                "Không tìm thấy hồ sơ nào trong phạm vi của bạn.",
                "No case found within your scope.",
            )
            .to_owned(),
        ),
        (true, n, true) => Some(match lang {
            Lang::Vi => format!("Hiện {n} hồ sơ mới nhất; hãy tìm bằng số căn cước để thu hẹp."),
            Lang::En => format!("The {n} newest cases shown; search by citizen ID to narrow."),
        }),
        (true, n, false) => Some(match lang {
            Lang::Vi => format!("{n} hồ sơ"),
            Lang::En => format!("{n} case(s)"),
        }),
    };
    view! {
        <p class="lead" data-testid="search-scope">{scope}</p>
        <form method="get" action="/overview" class="filters" role="search" data-testid="case-search">
            <Field
                label=lang.tr("Số căn cước hoặc họ tên", "Citizen ID or name")
                name="q"
                value=s.q.clone()
                required=false
                inputmode="search"
            />
            <Submit label=lang.tr("Tìm", "Search") />
        </form>
        {summary.map(|t| view! { <p data-testid="search-summary">{t}</p> })}
        {(!s.rows.is_empty()).then(|| view! {
            <ul class="found-cases">
                {s.rows.into_iter().map(|f| view! {
                    <li class="agency-card" data-testid="found-case">
                        <div class="agency-card-head">
                            <a class="agency-name" href=format!("/cases/{}", f.case.id) data-testid="case-link">
                                {format!("#{} · {}", f.case.id, f.case.worker)}
                            </a>
                            {state_badge(lang, f.case.state)}
                        </div>
                        <p>
                            {lang.tr("Căn cước ", "Citizen ID ")}{f.case.citizen_id.clone()}
                            <br />
                            {f.agency.clone()}
                            <br />
                            {format!("#{} · {} · {}", f.case.order_id, f.case.market, f.case.employer)}
                        </p>
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}
