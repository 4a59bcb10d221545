//! Cases: the agency's board, opening a case, one case (timeline, deadlines, next step), and the
//! departure lists.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::cases::{case_board, case_page};
use crate::api::departure_lists::departure_lists;
use crate::api::job_orders::agency_orders;
use crate::domain::cases::CaseState;
use crate::domain::job_orders::{ListStatus, OrderStatus};
use crate::domain::lifecycle::{EndReason, Event, IncidentKind, Step, StepKind};
use crate::i18n::lifecycle::{
    deadline, end_reason, incident, list_status, next_actor, state, step,
};
use crate::i18n::{role_label, Lang};
use crate::ui::components::error_view::ErrorView;
use crate::ui::components::form::{
    field_error, ActionField, Field, FormMessage, SelectField, Submit, TextAreaField,
};
use crate::ui::components::page::{by_id, fetched, id_from_path};
use crate::ui::pages::orders::{decision_form, order_terms};
use crate::ui::{use_lang, use_outcome};
use crate::views::cases::{CaseFilter, CaseRowView, CaseView, TimelineEntryView};
use crate::views::forms::FormOutcome;

fn state_badge(lang: Lang, s: CaseState) -> impl IntoView {
    view! {
        <span class=format!("badge badge-state-{}", s.as_str()) data-state=s.as_str() data-testid="case-state">
            {state(lang, s)}
        </span>
    }
}

fn filter_from_query(get: impl Fn(&str) -> Option<String>) -> CaseFilter {
    CaseFilter {
        state: get("state").filter(|s| !s.is_empty()),
        order_id: get("order").and_then(|s| s.parse().ok()),
        market: get("market").filter(|s| !s.is_empty()),
        overdue: get("overdue").is_some_and(|v| v == "1" || v == "on"),
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
    if let Some(q) = &f.q {
        parts.push(format!("q={}", urlencoding(q)));
    }
    parts.push(format!("page={page}"));
    parts.join("&")
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn case_table(lang: Lang, rows: &[CaseRowView], today: chrono::NaiveDate) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table data-testid="case-table">
                <thead>
                    <tr>
                        <th>"#"</th>
                        <th>{lang.tr("Người lao động", "Worker")}</th>
                        <th>{lang.tr("Trạng thái", "State")}</th>
                        <th>{lang.tr("Đơn hàng", "Order")}</th>
                        <th>{lang.tr("Hạn kế tiếp", "Next deadline")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .iter()
                        .map(|c| {
                            let due = c.due_on.map(|d| {
                                let days = (d - today).num_days();
                                view! {
                                    <span class:overdue=c.overdue data-testid="due">
                                        {lang.date(d)}
                                        {c.overdue.then(|| match lang {
                                            Lang::Vi => format!(" · quá hạn {} ngày", -days),
                                            Lang::En => format!(" · {} days overdue", -days),
                                        })}
                                    </span>
                                }
                            });
                            view! {
                                <tr data-testid="case-row">
                                    <td><a href=format!("/cases/{}", c.id) data-testid="case-link">{c.id}</a></td>
                                    <td>{c.worker.clone()} <br /> <small>{c.citizen_id.clone()}</small></td>
                                    <td>{state_badge(lang, c.state)}</td>
                                    <td>{format!("#{} · {} · {}", c.order_id, c.market, c.employer)}</td>
                                    <td>{due}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
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
                                let prev = (b.page > 1).then(|| format!("/cases?{}", filter_query(&f, b.page - 1)));
                                let next = (b.page < b.pages).then(|| format!("/cases?{}", filter_query(&f, b.page + 1)));
                                view! {
                                    <p>{b.agency.clone()}</p>
                                    <form method="get" action="/cases" class="filters" data-testid="case-filters">
                                        <Field label=lang.tr("Tên hoặc số căn cước", "Name or citizen ID") name="q" value=f.q.clone().unwrap_or_default() required=false />
                                        <SelectField label=lang.tr("Trạng thái", "State") name="state" options=states value=f.state.clone().unwrap_or_default() empty=lang.tr("Tất cả", "All") />
                                        <SelectField label=lang.tr("Đơn hàng", "Order") name="order" options=orders value=f.order_id.map(|o| o.to_string()).unwrap_or_default() empty=lang.tr("Tất cả", "All") />
                                        <SelectField label=lang.tr("Thị trường", "Market") name="market" options=markets value=f.market.clone().unwrap_or_default() empty=lang.tr("Tất cả", "All") />
                                        <label class="check">
                                            <input type="checkbox" name="overdue" value="1" checked=f.overdue />
                                            {lang.tr("Chỉ hồ sơ quá hạn", "Overdue only")}
                                        </label>
                                        <button class="button" type="submit">{lang.tr("Lọc", "Filter")}</button>
                                    </form>
                                    <p>
                                        <span data-testid="case-total">{format!("{} {}", lang.number(b.total), lang.tr("hồ sơ", "cases"))}</span>
                                        " · "
                                        <a href=export rel="external" download="ho-so.csv" data-testid="export-csv">{lang.tr("Tải CSV", "Download CSV")}</a>
                                    </p>
                                    {case_table(lang, &b.rows, b.today)}
                                    <nav class="pager">
                                        {prev.map(|h| view! { <a href=h rel="prev">{lang.tr("← Trước", "← Previous")}</a> })}
                                        <span>{format!("{} / {}", b.page, b.pages)}</span>
                                        {next.map(|h| view! { <a href=h rel="next">{lang.tr("Sau →", "Next →")}</a> })}
                                    </nav>
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

/// An input of a step or event form.
enum Input {
    Text(&'static str, &'static str, &'static str),
    Optional(&'static str, &'static str, &'static str),
    Choice(&'static str, &'static str, Vec<(String, String)>),
    Long(&'static str, &'static str, bool),
}

fn reasons(lang: Lang, list: &[EndReason]) -> Vec<(String, String)> {
    list.iter()
        .map(|r| (r.as_str().to_owned(), end_reason(lang, *r).to_owned()))
        .collect()
}

fn yes_no(lang: Lang) -> Vec<(String, String)> {
    vec![
        ("yes".to_owned(), lang.tr("Có", "Yes").to_owned()),
        ("no".to_owned(), lang.tr("Không", "No").to_owned()),
    ]
}

fn step_inputs(lang: Lang, k: StepKind) -> Vec<Input> {
    use Input::*;
    let date = "date";
    let money = "money";
    match k {
        StepKind::Screen => vec![
            Text(
                "health_certificate_no",
                lang.tr("Số giấy khám sức khoẻ", "Health certificate no."),
                "text",
            ),
            Text(
                "health_certificate_on",
                lang.tr("Ngày khám", "Examined on"),
                date,
            ),
            Text(
                "exam_result",
                lang.tr("Kết quả thi tuyển, phỏng vấn", "Exam and interview result"),
                "text",
            ),
            Optional(
                "language_level",
                lang.tr("Trình độ ngoại ngữ", "Language level"),
                "text",
            ),
        ],
        StepKind::Select => vec![Text(
            "selected_on",
            lang.tr(
                "Ngày trúng tuyển (theo quyết định của chủ sử dụng)",
                "Selected on (employer's decision)",
            ),
            date,
        )],
        StepKind::Contract => vec![
            Text(
                "contract_no",
                lang.tr(
                    "Số hợp đồng đưa đi (mẫu 03)",
                    "Sending contract no. (form 03)",
                ),
                "text",
            ),
            Text("signed_on", lang.tr("Ngày ký", "Signed on"), date),
            Text(
                "service_fee_vnd",
                lang.tr("Phí dịch vụ (đồng)", "Service fee (VND)"),
                money,
            ),
            Optional(
                "training_fee_vnd",
                lang.tr("Chi phí đào tạo, bồi dưỡng (đồng)", "Training (VND)"),
                money,
            ),
            Optional(
                "visa_fee_vnd",
                lang.tr(
                    "Chi phí hộ chiếu, thị thực, lý lịch tư pháp (đồng)",
                    "Passport, visa, records (VND)",
                ),
                money,
            ),
            Optional(
                "airfare_vnd",
                lang.tr("Vé máy bay (đồng)", "Airfare (VND)"),
                money,
            ),
            Optional(
                "other_fee_vnd",
                lang.tr("Chi phí khác (đồng)", "Other costs (VND)"),
                money,
            ),
            Optional(
                "deposit_vnd",
                lang.tr("Tiền ký quỹ thoả thuận (đồng)", "Agreed deposit (VND)"),
                money,
            ),
            Optional(
                "guarantor",
                lang.tr(
                    "Người bảo lãnh (nếu không ký quỹ)",
                    "Guarantor (instead of a deposit)",
                ),
                "text",
            ),
        ],
        StepKind::Train => vec![Text(
            "started_on",
            lang.tr("Ngày bắt đầu khoá bồi dưỡng", "Course started on"),
            date,
        )],
        StepKind::GrantVisa => vec![
            Text(
                "passport_no",
                lang.tr("Số hộ chiếu", "Passport no."),
                "text",
            ),
            Text(
                "visa_no",
                lang.tr("Số thị thực / COE", "Visa / CoE no."),
                "text",
            ),
            Text(
                "granted_on",
                lang.tr("Ngày cấp thị thực", "Visa granted on"),
                date,
            ),
            Optional(
                "deposit_vnd",
                lang.tr(
                    "Tiền ký quỹ đã nộp (đồng, nếu có)",
                    "Deposit paid (VND, if any)",
                ),
                money,
            ),
            Optional(
                "deposit_bank",
                lang.tr("Ngân hàng nhận ký quỹ", "Deposit bank"),
                "text",
            ),
            Optional(
                "deposit_account",
                lang.tr(
                    "Số tài khoản phong toả đứng tên người lao động",
                    "Blocked account in the worker's name",
                ),
                "text",
            ),
            Optional(
                "deposit_paid_on",
                lang.tr("Ngày nộp ký quỹ", "Deposit paid on"),
                date,
            ),
        ],
        StepKind::ConfirmList => vec![],
        StepKind::Depart => vec![
            Text("exit_on", lang.tr("Ngày xuất cảnh", "Exit date"), date),
            Text(
                "fund_paid_on",
                lang.tr(
                    "Ngày nộp Quỹ hỗ trợ việc làm ngoài nước",
                    "Fund contribution paid on",
                ),
                date,
            ),
            Text("workplace", lang.tr("Nơi làm việc", "Workplace"), "text"),
        ],
        StepKind::EndContract => vec![
            Choice(
                "reason",
                lang.tr("Lý do kết thúc", "Why it ended"),
                reasons(lang, &EndReason::AFTER_DEPARTURE),
            ),
            Text(
                "ended_on",
                lang.tr(
                    "Ngày kết thúc hợp đồng / về nước",
                    "Contract ended / returned on",
                ),
                date,
            ),
        ],
        StepKind::StartLiquidation => vec![
            Optional(
                "fee_refund_vnd",
                lang.tr("Hoàn trả phí dịch vụ (đồng)", "Fee refunded (VND)"),
                money,
            ),
            Optional(
                "deposit_released_vnd",
                lang.tr("Hoàn trả tiền ký quỹ (đồng)", "Deposit released (VND)"),
                money,
            ),
            Optional(
                "damages_vnd",
                lang.tr("Bồi thường (đồng)", "Damages (VND)"),
                money,
            ),
        ],
        StepKind::Liquidate => vec![
            Text(
                "liquidated_on",
                lang.tr("Ngày thanh lý", "Settled on"),
                date,
            ),
            Long("note", lang.tr("Kết quả thanh lý", "Outcome"), false),
        ],
        StepKind::Withdraw => vec![Long(
            "note",
            lang.tr("Ghi chú (không bắt buộc)", "Note (optional)"),
            false,
        )],
        StepKind::Cancel => vec![Long(
            "note",
            lang.tr("Sự kiện bất khả kháng", "The force majeure event"),
            true,
        )],
        StepKind::Reject => vec![Choice(
            "reason",
            lang.tr("Lý do", "Reason"),
            reasons(lang, &EndReason::REJECTIONS),
        )],
        StepKind::NotSent => vec![],
    }
}

fn event_inputs(lang: Lang, kind: &str) -> Vec<Input> {
    use Input::*;
    match kind {
        "certificate" => vec![
            Text(
                "periods",
                lang.tr("Số tiết đã học", "Periods attended"),
                "number",
            ),
            Choice(
                "test_passed",
                lang.tr("Đạt bài kiểm tra", "Test passed"),
                yes_no(lang),
            ),
            Text(
                "certificate_no",
                lang.tr("Số chứng chỉ (mẫu 06)", "Certificate no. (form 06)"),
                "text",
            ),
            Text("issued_on", lang.tr("Ngày cấp", "Issued on"), "date"),
        ],
        "monthly_update" => vec![
            Text("month", lang.tr("Tháng", "Month"), "month"),
            Choice(
                "working",
                lang.tr("Đang làm việc bình thường", "Working normally"),
                yes_no(lang),
            ),
            Long(
                "note",
                lang.tr(
                    "Tình hình (lương, sức khoẻ, nơi ở)",
                    "Situation (wage, health, lodging)",
                ),
                false,
            ),
        ],
        "workplace_change" => vec![
            Text("changed_on", lang.tr("Ngày chuyển", "Changed on"), "date"),
            Text(
                "workplace",
                lang.tr("Nơi làm việc mới", "New workplace"),
                "text",
            ),
        ],
        "incident" => vec![
            Text("on", lang.tr("Ngày xảy ra", "Happened on"), "date"),
            Choice(
                "incident_kind",
                lang.tr("Loại sự cố", "Kind"),
                IncidentKind::ALL
                    .iter()
                    .map(|k| (k.as_str().to_owned(), incident(lang, *k).to_owned()))
                    .collect(),
            ),
            Long("description", lang.tr("Mô tả", "Description"), true),
        ],
        _ => vec![],
    }
}

fn render_inputs(
    lang: Lang,
    form: &'static str,
    inputs: Vec<Input>,
    o: &FormOutcome,
) -> impl IntoView {
    inputs
        .into_iter()
        .map(|i| match i {
            Input::Text(name, label, kind) | Input::Optional(name, label, kind) => {
                let required = matches!(i, Input::Text(..));
                let (kind, mode) = match kind {
                    "money" => ("text", Some("numeric")),
                    "number" => ("number", Some("numeric")),
                    other => (other, None),
                };
                view! {
                    <Field label name kind value=o.value(name) error=field_error(o, lang, name) required form inputmode=mode.unwrap_or("text") />
                }
                .into_any()
            }
            Input::Choice(name, label, options) => view! {
                <SelectField label name options value=o.value(name) empty="—" error=field_error(o, lang, name) form />
            }
            .into_any(),
            Input::Long(name, label, required) => view! {
                <TextAreaField label name value=o.value(name) error=field_error(o, lang, name) form required />
            }
            .into_any(),
        })
        .collect_view()
}

fn event_label(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "certificate" => lang.tr(
            "Ghi chứng chỉ bồi dưỡng kiến thức",
            "Record the orientation certificate",
        ),
        "monthly_update" => lang.tr("Cập nhật hằng tháng", "Monthly update"),
        "workplace_change" => lang.tr("Thay đổi nơi làm việc", "Change of workplace"),
        "incident" => lang.tr("Ghi nhận sự cố", "Record an incident"),
        _ => "",
    }
}

fn event_form_id(kind: &str) -> &'static str {
    match kind {
        "certificate" => "ev-certificate",
        "monthly_update" => "ev-monthly",
        "workplace_change" => "ev-workplace",
        _ => "ev-incident",
    }
}

/// One line of the timeline: what happened, with the facts worth reading.
fn timeline_text(lang: Lang, e: &TimelineEntryView) -> (String, Option<String>) {
    if e.applied {
        return (state(lang, CaseState::Applied).to_owned(), None);
    }
    if let Some(s) = &e.step {
        let title = e
            .to_state
            .map(|st| state(lang, st).to_owned())
            .unwrap_or_else(|| step(lang, s.kind()).to_owned());
        let detail = match s {
            Step::Screen { exam_result, .. } => Some(exam_result.clone()),
            Step::Contract(c) => Some(match lang {
                Lang::Vi => format!(
                    "Hợp đồng {} · phí dịch vụ {}",
                    c.number,
                    lang.vnd(c.fees.service_vnd)
                ),
                Lang::En => format!(
                    "Contract {} · service fee {}",
                    c.number,
                    lang.vnd(c.fees.service_vnd)
                ),
            }),
            Step::GrantVisa { visa, .. } => {
                Some(format!("{} · {}", visa.visa_no, visa.passport_no))
            }
            Step::Depart(d) => Some(d.workplace.clone()),
            Step::EndContract { reason, .. } | Step::Reject { reason } => {
                Some(end_reason(lang, *reason).to_owned())
            }
            Step::Withdraw { note } | Step::Cancel { note } | Step::Liquidate { note, .. } => {
                Some(note.clone()).filter(|n| !n.is_empty())
            }
            _ => None,
        };
        return (title, detail);
    }
    if let Some(ev) = &e.event {
        let detail = match ev {
            Event::Certificate(c) => Some(format!(
                "{} · {} {}",
                c.number,
                c.periods,
                lang.tr("tiết", "periods")
            )),
            Event::MonthlyUpdate { month, note, .. } => {
                Some(format!("{} {}", month.format("%m/%Y"), note))
            }
            Event::WorkplaceChange { workplace, .. } => Some(workplace.clone()),
            Event::Incident {
                kind, description, ..
            } => Some(format!("{}: {description}", incident(lang, *kind))),
        };
        return (event_label(lang, ev.kind()).to_owned(), detail);
    }
    (String::new(), None)
}

fn money_section(lang: Lang, c: &CaseView) -> impl IntoView {
    let contract = c.file.contract.clone();
    let cap = c.order.fee_cap_vnd;
    view! {
        <section aria-labelledby="money-title" class="card">
            <h2 id="money-title">{lang.tr("Chi phí và tiền ký quỹ", "Costs and deposit")}</h2>
            {match contract {
                None => view! {
                    <p>
                        {lang.tr(
                            "Chưa ký hợp đồng: không ai được thu tiền của bạn ở bước này.",
                            "No contract yet: nobody may take money from you at this stage.",
                        )}
                    </p>
                }
                .into_any(),
                Some(k) => {
                    let over = cap.is_some_and(|cap| k.fees.service_vnd > cap);
                    view! {
                        <dl class="facts" data-testid="fees">
                            <dt>{lang.tr("Phí dịch vụ", "Service fee")}</dt>
                            <dd class:overdue=over>
                                {lang.vnd(k.fees.service_vnd)}
                                {cap.map(|cap| format!(" ({} {})", lang.tr("trần", "cap"), lang.vnd(cap)))}
                            </dd>
                            <dt>{lang.tr("Đào tạo", "Training")}</dt>
                            <dd>{lang.vnd(k.fees.training_vnd)}</dd>
                            <dt>{lang.tr("Hộ chiếu, thị thực", "Passport, visa")}</dt>
                            <dd>{lang.vnd(k.fees.visa_vnd)}</dd>
                            <dt>{lang.tr("Vé máy bay", "Airfare")}</dt>
                            <dd>{lang.vnd(k.fees.airfare_vnd)}</dd>
                            <dt>{lang.tr("Khác", "Other")}</dt>
                            <dd>{lang.vnd(k.fees.other_vnd)}</dd>
                            <dt>{lang.tr("Tổng cộng", "Total")}</dt>
                            <dd><strong>{lang.vnd(k.fees.total())}</strong></dd>
                            <dt>{lang.tr("Tiền ký quỹ thoả thuận", "Agreed deposit")}</dt>
                            <dd>{lang.vnd(k.deposit_vnd)}</dd>
                            {c.file.deposit.clone().map(|d| view! {
                                <dt>{lang.tr("Đã nộp ký quỹ", "Deposit paid")}</dt>
                                <dd>{format!("{} · {} · {} · {}", lang.vnd(d.amount_vnd), d.bank, d.account, lang.date(d.paid_on))}</dd>
                            })}
                            {c.fund_worker_vnd.map(|f| view! {
                                <dt>{lang.tr("Đóng Quỹ hỗ trợ việc làm ngoài nước", "Overseas Employment Support Fund")}</dt>
                                <dd>{lang.vnd(f)}</dd>
                            })}
                        </dl>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let lang = use_lang();
    let id = id_from_path();
    view! {
        {fetched(move || id.get(), |id| by_id(id, case_page), move |c, o| { case_view(lang, c, o) })}
    }
}

fn case_view(lang: Lang, c: CaseView, o: FormOutcome) -> impl IntoView {
    let here = format!("/cases/{}", c.id);
    let today = c.today;
    let (who, next) = (c.next_actor, c.next_step);
    let next_text = match next {
        Some(s) => format!("{} — {}", next_actor(lang, who), step(lang, s)),
        None => next_actor(lang, who).to_owned(),
    };
    let deadlines = c
        .deadlines
        .iter()
        .map(|d| {
            let left = d.days_left(today);
            let late = left < 0;
            let when = match (lang, late) {
                (Lang::Vi, false) => format!("còn {left} ngày"),
                (Lang::Vi, true) => format!("quá hạn {} ngày", -left),
                (Lang::En, false) => format!("{left} days left"),
                (Lang::En, true) => format!("{} days overdue", -left),
            };
            view! {
                <li class:overdue=late data-testid="deadline" data-kind=format!("{:?}", d.kind)>
                    <strong>{deadline(lang, d.kind)}</strong>
                    ": "
                    {lang.date(d.due_on)}
                    " · "
                    {when}
                    " · "
                    {next_actor(lang, d.by)}
                </li>
            }
        })
        .collect_view();
    let timeline = c
        .timeline
        .iter()
        .map(|e| {
            let (title, detail) = timeline_text(lang, e);
            view! {
                <li data-testid="timeline-entry">
                    <time datetime=e.on.to_string()>{lang.date(e.on)}</time>
                    " "
                    <strong>{title}</strong>
                    {detail.map(|d| view! { <span class="detail">{format!(" · {d}")}</span> })}
                    {e.by.map(|r| view! { <small>{format!(" ({})", role_label(lang, r))}</small> })}
                </li>
            }
        })
        .collect_view();
    let cert = c.file.certificate.clone().map(|cert| {
        let until = c.certificate_valid_until;
        let expired = until.is_some_and(|u| u < today);
        view! {
            <p data-testid="certificate" class:overdue=expired>
                {lang.tr("Chứng chỉ bồi dưỡng kiến thức: ", "Orientation certificate: ")}
                {format!("{} · {}", cert.number, lang.date(cert.issued_on))}
                {until.map(|u| match lang {
                    Lang::Vi => format!(" · hiệu lực đến {}", lang.date(u)),
                    Lang::En => format!(" · valid until {}", lang.date(u)),
                })}
            </p>
        }
    });
    let step_forms = c
        .offered
        .iter()
        .map(|k| {
            let k = *k;
            let form_id = k.as_str();
            let mine = o.is_for("case_step") && o.value("step") == form_id;
            let fo = if mine { o.clone() } else { FormOutcome::default() };
            let primary = Some(k) == next;
            view! {
                <details class="step-form" open=mine || primary data-step=form_id>
                    <summary>{step(lang, k)}</summary>
                    <form method="post" action=here.clone() class="stack" novalidate data-testid=format!("step-{form_id}")>
                        <FormMessage outcome=fo.clone() />
                        <ActionField action="case_step" />
                        <input type="hidden" name="case_id" value=c.id.to_string() />
                        <input type="hidden" name="version" value=c.version.to_string() />
                        <input type="hidden" name="step" value=form_id />
                        {render_inputs(lang, form_id, step_inputs(lang, k), &fo)}
                        <Submit label=step(lang, k) />
                    </form>
                </details>
            }
        })
        .collect_view();
    let event_forms = c
        .events
        .iter()
        .map(|kind| {
            let form_id = event_form_id(kind);
            let mine = o.is_for("case_event") && o.value("event") == *kind;
            let fo = if mine { o.clone() } else { FormOutcome::default() };
            view! {
                <details class="step-form" open=mine data-event=kind.clone()>
                    <summary>{event_label(lang, kind)}</summary>
                    <form method="post" action=here.clone() class="stack" novalidate data-testid=format!("event-{kind}")>
                        <FormMessage outcome=fo.clone() />
                        <ActionField action="case_event" />
                        <input type="hidden" name="case_id" value=c.id.to_string() />
                        <input type="hidden" name="version" value=c.version.to_string() />
                        <input type="hidden" name="event" value=kind.clone() />
                        {render_inputs(lang, form_id, event_inputs(lang, kind), &fo)}
                        <Submit label=event_label(lang, kind) />
                    </form>
                </details>
            }
        })
        .collect_view();
    let has_actions = !c.offered.is_empty() || !c.events.is_empty();
    let list = c.list.map(|(id, s)| view! {
        <p>{lang.tr("Danh sách xuất cảnh", "Departure list")} {format!(" #{id}: ")} {list_status(lang, s)}</p>
    });
    view! {
        <Title text=format!("#{} · {}", c.id, c.worker_name) />
        <section data-testid="case-page" class="case-page">
            <h1>{format!("{} #{}", lang.tr("Hồ sơ", "Case"), c.id)} " " {state_badge(lang, c.state)}</h1>
            <p>{c.worker_name.clone()} " · " {c.citizen_id.clone()}</p>
            <section class="card now" aria-labelledby="now-title">
                <h2 id="now-title">{lang.tr("Bây giờ", "Now")}</h2>
                <p data-testid="next-step"><strong>{lang.tr("Bước tiếp theo: ", "Next: ")}</strong>{next_text}</p>
                <ul class="deadlines">{deadlines}</ul>
                {cert}
                {list}
                {c.end_reason.map(|r| view! { <p>{lang.tr("Lý do kết thúc: ", "End reason: ")}{end_reason(lang, r)}</p> })}
            </section>
            {has_actions.then(|| view! {
                <section class="card" aria-labelledby="act-title">
                    <h2 id="act-title">{lang.tr("Cập nhật hồ sơ", "Update the case")}</h2>
                    {step_forms}
                    {event_forms}
                </section>
            })}
            <section class="card" aria-labelledby="timeline-title">
                <h2 id="timeline-title">{lang.tr("Các bước đã qua", "Steps so far")}</h2>
                <ol class="timeline" data-testid="timeline">{timeline}</ol>
            </section>
            {money_section(lang, &c)}
            <section class="card" aria-labelledby="order-title">
                <h2 id="order-title">{lang.tr("Đơn hàng và doanh nghiệp", "Job order and agency")}</h2>
                {order_terms(lang, &c.order)}
            </section>
            <section class="card" aria-labelledby="worker-title">
                <h2 id="worker-title">{lang.tr("Người lao động", "Worker")}</h2>
                <dl class="facts">
                    <dt>{lang.tr("Họ tên", "Name")}</dt><dd>{c.worker_name.clone()}</dd>
                    <dt>{lang.tr("Ngày sinh", "Born")}</dt><dd>{lang.date(c.birth_date)}</dd>
                    <dt>{lang.tr("Điện thoại", "Phone")}</dt><dd>{c.phone.clone()}</dd>
                    <dt>{lang.tr("Tỉnh/thành", "Province")}</dt><dd>{c.province.clone()}</dd>
                    <dt>{lang.tr("Ngày nộp hồ sơ", "Applied on")}</dt><dd>{lang.date(c.applied_on)}</dd>
                </dl>
            </section>
        </section>
    }
}

/// Departure lists: an agency groups workers with a visa and sends the list; DOLAB confirms.
#[component]
pub fn ListsPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Danh sách xuất cảnh", "Departure lists");
    view! {
            <Title text=title />
            <section>
                <h1>{title}</h1>
                {fetched(|| (), |_| departure_lists(), move |v, o| {
    {
                                    let today = v.today;
                                    let create_o = if o.is_for("list_create") { o.clone() } else { FormOutcome::default() };
                                    let ready = v.can_create.then(|| {
                                        let groups = v.ready.iter().map(|g| {
                                            let boxes = g.cases.iter().map(|c| view! {
                                                <li>
                                                    <label class="check">
                                                        <input type="checkbox" name="case_id" value=c.id.to_string() checked=true />
                                                        {format!("#{} · {} · {}", c.id, c.worker, c.citizen_id)}
                                                    </label>
                                                </li>
                                            }).collect_view();
                                            let mine = create_o.value("order_id") == g.order_id.to_string();
                                            let fo = if mine { create_o.clone() } else { FormOutcome::default() };
                                            view! {
                                                <form method="post" action="/lists" class="stack card" novalidate data-testid=format!("list-create-{}", g.order_id)>
                                                    <h3>{format!("#{} · {} · {}", g.order_id, g.market, g.employer)}</h3>
                                                    <FormMessage outcome=fo.clone() />
                                                    <ActionField action="list_create" />
                                                    <input type="hidden" name="order_id" value=g.order_id.to_string() />
                                                    <ul class="plain">{boxes}</ul>
                                                    {field_error(&fo, lang, "case_ids").map(|e| view! { <p class="field-error">{e}</p> })}
                                                    <Field label=lang.tr("Ngày dự kiến xuất cảnh", "Planned exit date") name="planned_exit_on" kind="date" value=fo.value("planned_exit_on") error=field_error(&fo, lang, "planned_exit_on") form=format!("list-{}", g.order_id) />
                                                    <Submit label=lang.tr("Gửi Cục xác nhận", "Send to DOLAB") />
                                                </form>
                                            }
                                        }).collect_view();
                                        view! {
                                            <h2>{lang.tr("Người lao động đã có thị thực, chưa vào danh sách", "Workers with a visa, not yet listed")}</h2>
                                            {if v.ready.is_empty() {
                                                view! { <p>{lang.tr("Không có.", "None.")}</p> }.into_any()
                                            } else {
                                                groups.into_any()
                                            }}
                                        }
                                    });
                                    let lists = v.lists.iter().map(|l| {
                                        let decide = (v.can_decide && l.status == ListStatus::Submitted).then(|| {
                                            decision_form(lang, "list_decide", "list_id", l.id, "/lists".to_owned(), format!("list-decide-{}", l.id), &o)
                                        });
                                        let due = l.due_on.map(|d| {
                                            let left = (d - today).num_days();
                                            view! {
                                                <p class="deadline" class:overdue=left < 0 data-testid="list-due">
                                                    {match lang {
                                                        Lang::Vi => format!("Cục xác nhận chậm nhất ngày {} (còn {left} ngày)", lang.date(d)),
                                                        Lang::En => format!("DOLAB confirms by {} ({left} days left)", lang.date(d)),
                                                    }}
                                                </p>
                                            }
                                        });
                                        view! {
                                            <article class="card" data-testid="departure-list" data-list=l.id.to_string()>
                                                <h3>{format!("{} #{} · {} · #{} {}", lang.tr("Danh sách", "List"), l.id, l.agency, l.order_id, l.employer)}</h3>
                                                <p>
                                                    <span class="badge" data-testid="list-status">{list_status(lang, l.status)}</span>
                                                    {format!(" · {} {}", lang.tr("dự kiến xuất cảnh", "planned exit"), lang.date(l.planned_exit_on))}
                                                </p>
                                                {due}
                                                {l.reason.clone().map(|r| view! { <p>{lang.tr("Lý do: ", "Reason: ")}{r}</p> })}
                                                {case_table(lang, &l.cases, today)}
                                                {decide}
                                            </article>
                                        }
                                    }).collect_view();
                                    view! {
                                        {ready}
                                        <h2>{lang.tr("Các danh sách", "Lists")}</h2>
                                        {lists}
                                    }
                                        .into_any()
                                }
    })}
            </section>
        }
}

fn row_problem(lang: Lang, p: &crate::domain::import::RowProblem) -> String {
    use crate::domain::import::RowProblem::*;
    match p {
        Field(problem) => crate::i18n::problem(lang, problem),
        Refused(r) => crate::i18n::lifecycle::refusal(lang, r),
        DuplicateInFile { first_line } => match lang {
            Lang::Vi => format!("Số căn cước này đã có ở dòng {first_line} của tệp."),
            Lang::En => format!("This citizen ID is already on line {first_line} of the file."),
        },
        MissingColumn => lang
            .tr(
                "Thiếu cột này ở dòng tiêu đề.",
                "The header lacks this column.",
            )
            .to_owned(),
        CellCount => lang
            .tr(
                "Số ô của dòng khác với dòng tiêu đề.",
                "The line has a different number of cells than the header.",
            )
            .to_owned(),
        TooManyRows { max } => match lang {
            Lang::Vi => format!("Tệp có hơn {max} dòng; hãy chia nhỏ."),
            Lang::En => format!("The file has more than {max} rows; split it."),
        },
        Empty => lang
            .tr("Tệp không có dữ liệu.", "The file holds no data.")
            .to_owned(),
    }
}

/// Bulk import of workers and cases from a CSV file: checked whole, nothing written unless clean.
#[component]
pub fn ImportCasesPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Nhập hồ sơ từ tệp CSV", "Import cases from a CSV file");
    let outcome = use_outcome();
    let query = use_query_map();
    let job = query.with_untracked(|q| q.get_str("job").map(str::to_owned));
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            {job.map(|job| view! { <ImportProgress job /> })}
            <p class="lead">
                {lang.tr(
                    "Mỗi dòng là một người lao động và đơn hàng của họ. Cả tệp được kiểm tra trước; nếu có dòng sai, không hồ sơ nào được tạo và từng lỗi được chỉ rõ dòng, cột.",
                    "Each line is one worker and their job order. The whole file is checked first; if any line is wrong, no case is created and each problem is shown with its line and column.",
                )}
            </p>
            <p>
                {lang.tr("Các cột: ", "Columns: ")}
                <code>{crate::domain::import::COLUMNS.join(",")}</code>
                {lang.tr(" (ngày sinh dạng năm-tháng-ngày, giới tính male/female, mã đơn hàng là số).", " (birth date as year-month-day, sex male/female, order id a number).")}
            </p>
            <Suspense fallback=move || view! { <p>{lang.texts().loading}</p> }>
                {move || {
                    outcome
                        .get()
                        .map(|o| {
                            let o = o.filter(|o| o.is_for("case_import")).unwrap_or_default();
                            let done = o.imported.map(|n| view! {
                                <p class="form-notice" role="status" data-testid="import-done">
                                    {match lang {
                                        Lang::Vi => format!("Đã mở {n} hồ sơ."),
                                        Lang::En => format!("{n} cases opened."),
                                    }}
                                    " " <a href="/cases">{lang.tr("Xem danh sách hồ sơ", "See the cases")}</a>
                                </p>
                            });
                            let errors = (!o.import_errors.is_empty()).then(|| view! {
                                <p class="form-error" role="alert" data-testid="import-failed">
                                    {match lang {
                                        Lang::Vi => format!("Tệp có {} lỗi; chưa hồ sơ nào được tạo.", o.import_errors.len()),
                                        Lang::En => format!("The file has {} problems; no case was created.", o.import_errors.len()),
                                    }}
                                </p>
                                <div class="table-wrap">
                                    <table data-testid="import-errors">
                                        <thead>
                                            <tr>
                                                <th>{lang.tr("Dòng", "Line")}</th>
                                                <th>{lang.tr("Cột", "Column")}</th>
                                                <th>{lang.tr("Lỗi", "Problem")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {o.import_errors.iter().take(500).map(|e| view! {
                                                <tr data-testid="import-error">
                                                    <td>{e.line}</td>
                                                    <td>{e.column.clone()}</td>
                                                    <td>{row_problem(lang, &e.problem)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            });
                            view! {
                                {done}
                                {errors}
                                <FormMessage outcome=o.clone() />
                                <form method="post" action="/cases/import" enctype="multipart/form-data" class="stack" data-testid="import-form">
                                    <ActionField action="case_import" />
                                    <div class="field">
                                        <label for="import-file">{lang.tr("Tệp CSV", "CSV file")}</label>
                                        <input id="import-file" type="file" name="file" accept=".csv,text/csv" />
                                    </div>
                                    <TextAreaField
                                        label=lang.tr("Hoặc dán nội dung CSV", "Or paste the CSV text")
                                        name="csv"
                                        value=o.value("csv")
                                    />
                                    <Submit label=lang.tr("Kiểm tra và nhập", "Check and import") />
                                </form>
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}

/// A background import's progress. Until it ends, the page reloads itself every second (a meta
/// refresh, so it works without JavaScript too).
#[component]
fn ImportProgress(job: String) -> impl IntoView {
    let lang = use_lang();
    let progress = Resource::new(move || job.clone(), crate::api::cases::import_progress);
    view! {
        <Suspense fallback=move || view! { <p>{lang.texts().loading}</p> }>
            {move || {
                progress
                    .get()
                    .map(|r| match r {
                        Ok(p) => {
                            let errors = (!p.errors.is_empty()).then(|| {
                                view! {
                                    <p class="form-error" role="alert" data-testid="import-failed">
                                        {match lang {
                                            Lang::Vi => format!("Tệp có {} lỗi; chưa hồ sơ nào được tạo.", p.errors.len()),
                                            Lang::En => format!("The file has {} problems; no case was created.", p.errors.len()),
                                        }}
                                    </p>
                                    <ul>
                                        {p.errors.iter().take(500).map(|e| view! {
                                            <li data-testid="import-error">{format!("{} {} {}: ", lang.tr("Dòng", "Line"), e.line, e.column)}{row_problem(lang, &e.problem)}</li>
                                        }).collect_view()}
                                    </ul>
                                }
                            });
                            view! {
                                {(!p.finished).then(|| view! { <leptos_meta::Meta http_equiv="refresh" content="1" /> })}
                                <p role="status" data-testid="import-progress" data-finished=p.finished.to_string()>
                                    <progress max=p.total.to_string() value=p.done.to_string()></progress>
                                    {format!(" {} / {} ", p.done, p.total)}
                                    {if p.finished { lang.tr("dòng đã kiểm tra.", "lines checked.") } else { lang.tr("dòng đang kiểm tra…", "lines being checked…") }}
                                </p>
                                {p.imported.map(|n| view! {
                                    <p class="form-notice" role="status" data-testid="import-done">
                                        {match lang {
                                            Lang::Vi => format!("Đã mở {n} hồ sơ."),
                                            Lang::En => format!("{n} cases opened."),
                                        }}
                                        " " <a href="/cases">{lang.tr("Xem danh sách hồ sơ", "See the cases")}</a>
                                    </p>
                                })}
                                {errors}
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}
