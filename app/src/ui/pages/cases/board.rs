//! The agency's case board with its filters and CSV link, and opening a case by citizen ID.

use super::*;
use crate::ui::components::page::pager;

fn filter_from_query(get: impl Fn(&str) -> Option<String>) -> CaseFilter {
    CaseFilter {
        state: get("state").filter(|s| !s.is_empty()),
        order_id: get("order").and_then(|s| s.parse().ok()),
        market: get("market").filter(|s| !s.is_empty()),
        overdue: get("overdue").is_some_and(|v| v == "1" || v == "on"),
        due_soon: get("due").is_some_and(|v| v == "week"),
        q: get("q").filter(|s| !s.trim().is_empty()),
        page: get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
    }
}

fn filter_query(f: &CaseFilter, page: u64) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &f.state {
        parts.push(format!("state={s}"));
    }
    if let Some(o) = f.order_id {
        parts.push(format!("order={o}"));
    }
    if let Some(m) = &f.market {
        parts.push(format!("market={m}"));
    }
    if f.overdue {
        parts.push("overdue=1".to_owned());
    }
    if f.due_soon {
        parts.push("due=week".to_owned());
    }
    if let Some(q) = &f.q {
        parts.push(format!(
            "q={}",
            crate::domain::agencies::encode_component(q)
        ));
    }
    parts.push(format!("page={page}"));
    parts.join("&")
}

#[component]
pub fn CasesPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Hồ sơ người lao động", "Workers' cases");
    let query = use_query_map();
    let filter =
        Memo::new(move |_| query.with(|q| filter_from_query(|k| q.get_str(k).map(str::to_owned))));
    let board = Resource::new(move || filter.get(), case_board);
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            <nav class="actions">
                <a class="button" href="/cases/new" data-testid="open-case-link">{lang.tr("Mở hồ sơ mới", "Open a case")}</a>
                <a class="button" href="/cases/import">{lang.tr("Nhập từ CSV", "Import CSV")}</a>
                <a class="button" href="/orders/new">{lang.tr("Đơn hàng", "Job orders")}</a>
                <a class="button" href="/lists">{lang.tr("Danh sách xuất cảnh", "Departure lists")}</a>
            </nav>
            <Suspense fallback=move || view! { <p>{lang.texts().loading}</p> }>
                {move || {
                    let f = filter.get_untracked();
                    board
                        .get()
                        .map(|r| match r {
                            Ok(b) => {
                                let states: Vec<(String, String)> = CaseState::ALL.iter().map(|s| (s.as_str().to_owned(), state(lang, *s).to_owned())).collect();
                                let orders: Vec<(String, String)> = b.orders.iter().map(|(id, l)| (id.to_string(), l.clone())).collect();
                                let markets: Vec<(String, String)> = b.markets.iter().map(|m| (m.code.clone(), match lang { Lang::Vi => m.name_vi.clone(), Lang::En => m.name_en.clone() })).collect();
                                let export = format!("/cases/export.csv?{}", filter_query(&f, 1));
                                view! {
                                    <p>{b.agency.clone()}</p>
                                    {dashboard(lang, &b.summary)}
                                    <form method="get" action="/cases" class="filters" data-testid="case-filters">
                                        <Field label=lang.tr("Tên hoặc số căn cước", "Name or citizen ID") name="q" value=f.q.clone().unwrap_or_default() required=false />
                                        <SelectField label=lang.tr("Trạng thái", "State") name="state" options=states value=f.state.clone().unwrap_or_default() empty=lang.tr("Tất cả", "All") />
                                        <SelectField label=lang.tr("Đơn hàng", "Order") name="order" options=orders value=f.order_id.map(|o| o.to_string()).unwrap_or_default() empty=lang.tr("Tất cả", "All") />
                                        <SelectField label=lang.tr("Thị trường", "Market") name="market" options=markets value=f.market.clone().unwrap_or_default() empty=lang.tr("Tất cả", "All") />
                                        <label class="check">
                                            <input type="checkbox" name="overdue" value="1" checked=f.overdue />
                                            {lang.tr("Chỉ hồ sơ quá hạn", "Overdue only")}
                                        </label>
                                        <label class="check">
                                            <input type="checkbox" name="due" value="week" checked=f.due_soon />
                                            {lang.tr("Đến hạn trong 7 ngày", "Due within 7 days")}
                                        </label>
                                        <button class="button" type="submit">{lang.tr("Lọc", "Filter")}</button>
                                    </form>
                                    <p>
                                        <span data-testid="case-total">{format!("{} {}", lang.number(b.total), lang.tr("hồ sơ", "cases"))}</span>
                                        " · "
                                        <a href=export rel="external" download="ho-so.csv" data-testid="export-csv">{lang.tr("Tải CSV", "Download CSV")}</a>
                                    </p>
                                    {case_table(lang, &b.rows, b.today)}
                                    {pager(lang, b.page, b.pages, |p| format!("/cases?{}", filter_query(&f, p)))}
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

/// The agency's cases by state, with what is overdue and what falls due this week, each a link to
/// the board narrowed to it.
fn dashboard(lang: Lang, s: &BoardSummaryView) -> impl IntoView {
    view! {
        <section class="dashboard" aria-label=lang.tr("Tình hình hồ sơ", "Cases at a glance") data-testid="case-dashboard">
            <ul class="stats">
                <li class:alert={s.overdue > 0}>
                    <a href="/cases?overdue=1" data-testid="dash-overdue">
                        <strong>{lang.number(s.overdue)}</strong>
                        <span>{lang.tr("quá hạn", "overdue")}</span>
                    </a>
                </li>
                <li>
                    <a href="/cases?due=week" data-testid="dash-due-week">
                        <strong>{lang.number(s.due_this_week)}</strong>
                        <span>{lang.tr("đến hạn trong 7 ngày", "due within 7 days")}</span>
                    </a>
                </li>
                {s.by_state.iter().map(|(st, n)| view! {
                    <li>
                        <a href=format!("/cases?state={}", st.as_str()) data-testid="dash-state" data-state=st.as_str()>
                            <strong>{lang.number(*n)}</strong>
                            <span>{state(lang, *st)}</span>
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Agency staff open a case for a worker, found by citizen ID (or recorded the first time).
#[component]
pub fn NewCasePage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Mở hồ sơ cho người lao động", "Open a case for a worker");
    let outcome = use_outcome();
    let orders = Resource::new(|| (), |_| agency_orders());
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            <p class="lead">
                {lang.tr(
                    "Mỗi số căn cước là một người: nếu người này đã có trong hệ thống, họ tên và ngày sinh phải khớp.",
                    "One citizen ID is one person: if the person is already on record, the name and birth date must match.",
                )}
            </p>
            <Suspense fallback=move || view! { <p>{lang.texts().loading}</p> }>
                {move || {
                    let o = outcome.get().flatten().filter(|o| o.is_for("case_open")).unwrap_or_default();
                    orders
                        .get()
                        .map(|r| match r {
                            Ok(v) => {
                                let approved: Vec<(String, String)> = v
                                    .rows
                                    .iter()
                                    .filter(|o| o.status == OrderStatus::Approved)
                                    .map(|o| (o.id.to_string(), format!("#{} · {} · {} · {}", o.id, o.market.code, o.employer, o.occupation)))
                                    .collect();
                                let sexes = vec![
                                    ("female".to_owned(), lang.tr("Nữ", "Female").to_owned()),
                                    ("male".to_owned(), lang.tr("Nam", "Male").to_owned()),
                                ];
                                view! {
                                    <form method="post" action="/cases/new" class="stack" novalidate data-testid="case-open-form">
                                        <FormMessage outcome=o.clone() />
                                        <ActionField action="case_open" />
                                        <SelectField label=lang.tr("Đơn hàng", "Job order") name="order_id" options=approved value=o.value("order_id") empty="—" error=field_error(&o, lang, "order_id") />
                                        <Field label=lang.tr("Số căn cước", "Citizen ID") name="citizen_id" inputmode="numeric" value=o.value("citizen_id") error=field_error(&o, lang, "citizen_id") />
                                        <Field label=lang.tr("Họ và tên", "Full name") name="full_name" value=o.value("full_name") error=field_error(&o, lang, "full_name") />
                                        <Field label=lang.tr("Ngày sinh", "Date of birth") name="birth_date" kind="date" value=o.value("birth_date") error=field_error(&o, lang, "birth_date") />
                                        <SelectField label=lang.tr("Giới tính", "Sex") name="sex" options=sexes value=o.value("sex") empty="—" error=field_error(&o, lang, "sex") />
                                        <Field label=lang.tr("Số điện thoại", "Phone") name="phone" kind="tel" value=o.value("phone") error=field_error(&o, lang, "phone") />
                                        <Submit label=lang.tr("Mở hồ sơ", "Open the case") />
                                    </form>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}
