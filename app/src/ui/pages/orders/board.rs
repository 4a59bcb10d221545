//! The public job board: search by occupation or employer, filters (market, form, lowest wage in
//! VND, term, highest fee), sorting and pages, all in the address so it works without JavaScript
//! and can be shared.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{market_name, wage};
use crate::api::job_orders::order_board;
use crate::domain::forms::FieldErrors;
use crate::domain::job_orders::SendingForm;
use crate::i18n::forms::problem;
use crate::i18n::lifecycle::sending_form;
use crate::i18n::Lang;
use crate::ui::components::badge::StandingBadge;
use crate::ui::components::error_view::ErrorView;
use crate::ui::components::form::{Field, SelectField, Submit};
use crate::ui::components::page::pager;
use crate::ui::use_lang;
use crate::views::agencies::MarketView;
use crate::views::job_orders::{OrderBoardFilter, OrderSort, OrderView, TermBand};

/// The wage in its currency, and in VND at the rules' rate when there is one.
fn wage_with_vnd(lang: Lang, o: &OrderView) -> String {
    match o.wage_vnd {
        Some(v) => format!("{} (≈ {})", wage(lang, o), lang.vnd(v)),
        None => wage(lang, o),
    }
}

fn order_card(lang: Lang, o: &OrderView) -> impl IntoView {
    let left = (o.headcount - o.filled).max(0);
    view! {
        <li class="order-card" data-testid="order-card">
            <a href=format!("/orders/{}", o.id) class="order-title">
                {format!("#{} · {} · {}", o.id, market_name(lang, o), o.occupation)}
            </a>
            <p>{o.employer.clone()}</p>
            <p data-testid="order-wage">
                {wage_with_vnd(lang, o)} " · "
                {format!("{} {}", o.term_months, lang.tr("tháng", "months"))}
            </p>
            <p data-testid="order-fee">
                {lang.tr("Phí dịch vụ", "Service fee")} " " {lang.vnd(o.service_fee_vnd)}
                {o.fee_cap_vnd.map(|cap| {
                    view! { " · " {lang.tr("trần theo luật", "legal cap")} " " {lang.vnd(cap)} }
                })}
            </p>
            <p>
                {o.agency_name.clone()} " " <StandingBadge standing=o.standing /> " · "
                {match lang {
                    Lang::Vi => format!("còn {left} chỗ"),
                    Lang::En => format!("{left} places left"),
                }}
            </p>
        </li>
    }
}

fn choices<T: Copy>(
    all: &[T],
    key: fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|t| (key(*t).to_owned(), label(*t)))
        .collect()
}

/// The job board's search form: what the address holds, each problem next to its field.
fn board_filters(
    lang: Lang,
    query: &[(String, String)],
    filter: &OrderBoardFilter,
    errors: &FieldErrors,
    markets: &[MarketView],
) -> impl IntoView {
    use crate::views::job_orders::board_fields as b;
    let error = |field: &str| errors.first_for(field).map(|p| problem(lang, p));
    // What was typed is shown back, also when it could not be read.
    let typed = |field: &str| {
        query
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let markets: Vec<(String, String)> = markets
        .iter()
        .map(|m| {
            let name = match lang {
                Lang::Vi => m.name_vi.clone(),
                Lang::En => m.name_en.clone(),
            };
            (m.code.clone(), name)
        })
        .collect();
    let forms = choices(&SendingForm::ALL, SendingForm::as_str, |f| {
        sending_form(lang, f).to_owned()
    });
    let terms = choices(&TermBand::ALL, TermBand::as_str, |t| {
        match t {
            TermBand::UpToOneYear => lang.tr("Đến 1 năm (12 tháng)", "Up to 1 year (12 months)"),
            TermBand::OneToThreeYears => lang.tr(
                "Trên 1 đến 3 năm (13–36 tháng)",
                "1 to 3 years (13–36 months)",
            ),
            TermBand::OverThreeYears => lang.tr("Trên 3 năm", "Over 3 years"),
        }
        .to_owned()
    });
    let sorts = choices(&OrderSort::ALL, OrderSort::as_str, |o| {
        match o {
            OrderSort::Newest => lang.tr("Mới nhất", "Newest"),
            OrderSort::HighestWage => lang.tr("Lương cao nhất", "Highest wage"),
            OrderSort::LowestFee => lang.tr("Phí thấp nhất", "Lowest fee"),
            OrderSort::MostPlacesLeft => lang.tr("Còn nhiều chỗ nhất", "Most places left"),
        }
        .to_owned()
    });
    // Open when one of its filters is set or could not be read, so nothing chosen is hidden.
    let open_more = [b::FORM, b::WAGE_MIN, b::TERM, b::FEE_MAX]
        .iter()
        .any(|f| !typed(f).trim().is_empty());
    view! {
        <form method="get" action="/orders" class="filters board-filters" data-testid="board-filters">
            <Field
                label=lang.tr("Ngành nghề, mã nghề hoặc chủ sử dụng", "Occupation, code or employer")
                name=b::Q
                kind="search"
                value=typed(b::Q)
                required=false
            />
            <SelectField
                label=lang.tr("Thị trường", "Market")
                name=b::MARKET
                options=markets
                value=filter.market.clone().unwrap_or_default()
                empty=lang.tr("Tất cả", "All")
            />
            <SelectField
                label=lang.tr("Sắp xếp", "Sort by")
                name=b::SORT
                options=sorts
                value=filter.sort.as_str().to_owned()
                error=error(b::SORT)
            />
            <details class="more-filters" open=open_more>
                <summary>{lang.tr("Lọc thêm: hình thức, lương, thời hạn, phí", "More: form, wage, term, fee")}</summary>
                <div class="more-filters-fields">
                    <SelectField
                        label=lang.tr("Hình thức đi làm việc", "Form of going abroad")
                        name=b::FORM
                        options=forms
                        value=typed(b::FORM)
                        error=error(b::FORM)
                        empty=lang.tr("Tất cả", "All")
                    />
                    <Field
                        label=lang.tr("Lương tối thiểu mỗi tháng (đồng)", "Lowest monthly wage (VND)")
                        name=b::WAGE_MIN
                        inputmode="numeric"
                        hint=lang.tr(
                            "Quy ra đồng theo tỷ giá quy định, ví dụ 25.000.000",
                            "In VND at the rules' rate, e.g. 25,000,000",
                        )
                        value=typed(b::WAGE_MIN)
                        error=error(b::WAGE_MIN)
                        required=false
                    />
                    <SelectField
                        label=lang.tr("Thời hạn hợp đồng", "Contract term")
                        name=b::TERM
                        options=terms
                        value=typed(b::TERM)
                        error=error(b::TERM)
                        empty=lang.tr("Tất cả", "All")
                    />
                    <Field
                        label=lang.tr("Phí dịch vụ tối đa (đồng)", "Highest service fee (VND)")
                        name=b::FEE_MAX
                        inputmode="numeric"
                        value=typed(b::FEE_MAX)
                        error=error(b::FEE_MAX)
                        required=false
                    />
                </div>
            </details>
            <Submit label=lang.tr("Tìm", "Search") />
        </form>
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Đơn hàng đã được Cục chấp thuận", "Approved job orders");
    let query = use_query_map();
    let pairs = Memo::new(move |_| {
        query.with(|q| {
            q.clone()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<Vec<(String, String)>>()
        })
    });
    let params = Memo::new(move |_| pairs.with(|p| OrderBoardFilter::from_query(p)));
    let board = Resource::new(move || params.get().0, order_board);
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            <p class="lead">
                {lang.tr(
                    "Chỉ nộp hồ sơ vào đơn hàng có trong danh sách này, của doanh nghiệp còn giấy phép. Không ai được thu tiền của bạn trước khi ký hợp đồng.",
                    "Apply only to orders on this list, from agencies whose licence is in force. Nobody may take money from you before the contract is signed.",
                )}
            </p>
            <Suspense fallback=move || view! { <p>{lang.texts().loading}</p> }>
                {move || {
                    board
                        .get()
                        .map(|r| match r {
                            Ok(b) => {
                                let (filter, errors) = params.get_untracked();
                                let empty = b.rows.is_empty().then(|| {
                                    view! {
                                        <p class="empty" data-testid="board-empty">
                                            {lang.tr(
                                                "Không có đơn hàng nào khớp. Hãy bớt điều kiện tìm.",
                                                "No order matches. Try fewer conditions.",
                                            )}
                                        </p>
                                    }
                                });
                                view! {
                                    {board_filters(lang, &pairs.get_untracked(), &filter, &errors, &b.markets)}
                                    <p data-testid="board-total">
                                        {format!("{} {}", lang.number(b.total), lang.tr("đơn hàng", "orders"))}
                                    </p>
                                    {empty}
                                    <ul class="order-list">
                                        {b.rows.iter().map(|o| order_card(lang, o)).collect_view()}
                                    </ul>
                                    {pager(lang, b.page, b.pages, |p| filter.href(p))}
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
