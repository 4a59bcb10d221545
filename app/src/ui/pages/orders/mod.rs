//! Job orders: the public board (`board`), one order (submit, decide, apply), the agency's orders
//! with the draft form, DOLAB's queue, and the legal rules in force.

mod board;

pub use board::OrdersPage;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::job_orders::{agency_orders, order_page, pending_orders};
use crate::api::rules::legal_rules;
use crate::domain::job_orders::{OrderStatus, Programme, SendingForm, CURRENCIES};
use crate::domain::rules::RuleKey;
use crate::i18n::lifecycle::{order_status, programme_label, rule_key, sending_form};
use crate::i18n::Lang;
use crate::ui::components::badge::StandingBadge;
use crate::ui::components::error_view::ErrorView;
use crate::ui::components::form::{
    field_error, ActionField, Field, FormMessage, SelectField, Submit, TextAreaField,
};
use crate::ui::components::page::{by_id, fetched, id_from_path};
use crate::ui::use_lang;
use crate::views::agencies::MarketView;
use crate::views::forms::FormInput;
use crate::views::forms::FormOutcome;
use crate::views::job_orders::OccupationView;
use crate::views::job_orders::{fields as f, OrderDraftInput, OrderEditInput, OrderView};

pub fn wage(lang: Lang, o: &OrderView) -> String {
    format!(
        "{} {} / {}",
        lang.number(o.wage_amount.unsigned_abs()),
        o.wage_currency,
        lang.tr("tháng", "month")
    )
}

/// The occupation with its ISCO-08 code, or the old free text marked as not coded.
fn occupation(lang: Lang, o: &OrderView) -> String {
    match &o.occupation_code {
        Some(code) => format!("{} (ISCO {code})", o.occupation),
        None => format!("{} ({})", o.occupation, lang.tr("chưa mã hóa", "not coded")),
    }
}

fn market_name(lang: Lang, o: &OrderView) -> String {
    match lang {
        Lang::Vi => o.market.name_vi.clone(),
        Lang::En => o.market.name_en.clone(),
    }
}

/// The terms of an order, as a worker needs to read them before applying.
pub fn order_terms(lang: Lang, o: &OrderView) -> impl IntoView {
    let cap = o.fee_cap_vnd.map(|c| {
        view! {
            <dt>{lang.tr("Mức trần phí dịch vụ theo luật", "Legal service-fee cap")}</dt>
            <dd>{lang.vnd(c)}</dd>
        }
    });
    view! {
        <dl class="facts" data-testid="order-terms">
            <dt>{lang.tr("Thị trường", "Market")}</dt>
            <dd>{market_name(lang, o)}</dd>
            <dt>{lang.tr("Chủ sử dụng", "Employer")}</dt>
            <dd>{o.employer.clone()}</dd>
            <dt>{lang.tr("Ngành nghề", "Occupation")}</dt>
            <dd data-testid="order-occupation">{occupation(lang, o)}</dd>
            <dt>{lang.tr("Lương cơ bản", "Monthly wage")}</dt>
            <dd>{wage(lang, o)}</dd>
            <dt>{lang.tr("Thời hạn hợp đồng", "Contract term")}</dt>
            <dd>{format!("{} {}", o.term_months, lang.tr("tháng", "months"))}</dd>
            <dt>{lang.tr("Phí dịch vụ", "Service fee")}</dt>
            <dd>{lang.vnd(o.service_fee_vnd)}</dd>
            {cap}
            <dt>{lang.tr("Tiền ký quỹ", "Deposit")}</dt>
            <dd>{lang.vnd(o.deposit_vnd)}</dd>
            <dt>{lang.tr("Hình thức", "Form")}</dt>
            <dd>{sending_form(lang, o.form)}</dd>
            <dt>{lang.tr("Chương trình", "Programme")}</dt>
            <dd>{programme_label(lang, o.programme)}</dd>
            <dt>{lang.tr("Chỉ tiêu", "Places")}</dt>
            <dd>{format!("{} / {}", o.filled, o.headcount)}</dd>
            <dt>{lang.tr("Doanh nghiệp", "Agency")}</dt>
            <dd>
                <a href=format!("/agencies/{}", o.agency_id)>{o.agency_name.clone()}</a>
                " · "
                {o.licence_number.clone()}
                " "
                <StandingBadge standing=o.standing />
            </dd>
            {(!o.working_conditions.is_empty())
                .then(|| {
                    view! {
                        <dt>{lang.tr("Điều kiện làm việc", "Working conditions")}</dt>
                        <dd class="prose">{o.working_conditions.clone()}</dd>
                    }
                })}
        </dl>
    }
}

/// Approve or reject, with a reason required to reject: DOLAB's answer to an order or a list.
pub fn decision_form(
    lang: Lang,
    action: &'static str,
    id_name: &'static str,
    id: i32,
    post_to: String,
    testid: String,
    o: &FormOutcome,
) -> impl IntoView {
    let mine = o.is_for(action) && o.value(id_name) == id.to_string();
    let o = if mine {
        o.clone()
    } else {
        FormOutcome::default()
    };
    let choices = vec![
        (
            "approve".to_owned(),
            lang.tr("Chấp thuận", "Approve").to_owned(),
        ),
        ("reject".to_owned(), lang.tr("Từ chối", "Reject").to_owned()),
    ];
    view! {
        <form method="post" action=post_to class="stack" novalidate data-testid=testid>
            <FormMessage outcome=o.clone() />
            <ActionField action />
            <input type="hidden" name=id_name value=id.to_string() />
            <SelectField
                label=lang.tr("Quyết định", "Decision")
                name="decision"
                options=choices
                value=o.value("decision")
                error=field_error(&o, lang, "decision")
                form=format!("{action}-{id}")
            />
            <TextAreaField
                label=lang.tr("Lý do (bắt buộc khi từ chối)", "Reason (required to reject)")
                name="reason"
                value=o.value("reason")
                error=field_error(&o, lang, "reason")
                form=format!("{action}-{id}")
            />
            <Submit label=lang.tr("Ghi quyết định", "Record the decision") />
        </form>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_from_path();
    view! {
            {fetched(move || id.get(), |id| by_id(id, order_page), move |p, o| {
    {
                                let ord = p.order.clone();
                                let id = ord.id;
                                let here = format!("/orders/{id}");
                                let status_line = match (ord.status, ord.decision_due) {
                                    (OrderStatus::Submitted, Some(due)) => {
                                        let days = (due - p.today).num_days();
                                        Some(match lang {
                                            Lang::Vi => format!("Cục trả lời chậm nhất ngày {} (còn {days} ngày).", lang.date(due)),
                                            Lang::En => format!("DOLAB must answer by {} ({days} days left).", lang.date(due)),
                                        })
                                    }
                                    _ => None,
                                };
                                let submit = p.can_submit.then(|| {
                                    let o = if o.is_for("order_submit") { o.clone() } else { FormOutcome::default() };
                                    view! {
                                        <form method="post" action=here.clone() class="stack" data-testid="order-submit-form">
                                            <FormMessage outcome=o />
                                            <ActionField action="order_submit" />
                                            <input type="hidden" name="order_id" value=id.to_string() />
                                            <Submit label=lang.tr("Gửi Cục Quản lý lao động ngoài nước duyệt", "Send to DOLAB for approval") />
                                        </form>
                                    }
                                });
                                let edit = p.can_edit.then(|| {
                                    let mine = o.is_for(OrderEditInput::ACTION);
                                    let values = if mine { o.clone() } else { terms_of(&ord) };
                                    view! {
                                        <details class="step-form" open=mine data-testid="order-edit">
                                            <summary>{lang.tr("Sửa điều khoản trước khi gửi", "Change the terms before sending")}</summary>
                                            <form method="post" action=here.clone() class="stack" novalidate data-testid="order-edit-form">
                                                <FormMessage outcome=if mine { o.clone() } else { FormOutcome::default() } />
                                                <ActionField action=OrderEditInput::ACTION />
                                                <input type="hidden" name=f::ORDER_ID value=id.to_string() />
                                                {order_fields(lang, &p.markets, &p.occupations, &values, "edit")}
                                                <Submit label=lang.tr("Lưu thay đổi", "Save the changes") />
                                            </form>
                                        </details>
                                    }
                                });
                                let decide = p.can_decide.then(|| decision_form(lang, "order_decide", "order_id", id, here.clone(), "order_decide-form".to_owned(), &o));
                                // The answer to a form the page no longer offers (the order was decided or sent
                                // meanwhile, perhaps by someone else) is shown at the top.
                                let offered = [("order_decide", p.can_decide), ("order_submit", p.can_submit), (OrderEditInput::ACTION, p.can_edit), ("apply", p.can_apply)];
                                let orphan = offered.iter().any(|(a, shown)| o.is_for(a) && !shown).then(|| view! { <FormMessage outcome=o.clone() /> });
                                let apply = p.can_apply.then(|| {
                                    let o = if o.is_for("apply") { o.clone() } else { FormOutcome::default() };
                                    view! {
                                        <form method="post" action=here.clone() class="stack" data-testid="apply-form">
                                            <FormMessage outcome=o />
                                            <ActionField action="apply" />
                                            <input type="hidden" name="order_id" value=id.to_string() />
                                            <Submit label=lang.tr("Nộp hồ sơ vào đơn hàng này", "Apply to this order") />
                                        </form>
                                    }
                                });
                                let mine = p.my_case.map(|c| view! {
                                    <p class="notice"><a href=format!("/cases/{c}") data-testid="my-case-link">{lang.tr("Xem hồ sơ của bạn cho đơn hàng này", "Open your case for this order")}</a></p>
                                });
                                view! {
                                    <Title text=format!("#{id} · {}", ord.employer) />
                                    <section data-testid="order-page">
                                        <h1>{format!("{} #{id}", lang.tr("Đơn hàng", "Job order"))}</h1>
                                        <p>
                                            <span class=format!("badge badge-order-{}", ord.status.as_str()) data-testid="order-status">
                                                {order_status(lang, ord.status)}
                                            </span>
                                            {ord.decided_on.map(|d| format!(" · {}", lang.date(d)))}
                                        </p>
                                        {orphan}
                                        {status_line.map(|s| view! { <p class="deadline" data-testid="decision-due">{s}</p> })}
                                        {ord.decision_reason.clone().map(|r| view! { <p class="notice">{lang.tr("Lý do: ", "Reason: ")}{r}</p> })}
                                        {order_terms(lang, &ord)}
                                        {mine}
                                        {apply}
                                        {edit}
                                        {submit}
                                        {decide}
                                    </section>
                                }
                                    .into_any()
                            }
    })}
        }
}

fn status_table(lang: Lang, rows: &[OrderView], today: Option<chrono::NaiveDate>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>
                        <th>"#"</th>
                        <th>{lang.tr("Thị trường · nghề", "Market · job")}</th>
                        <th>{lang.tr("Chủ sử dụng", "Employer")}</th>
                        <th>{lang.tr("Trạng thái", "Status")}</th>
                        <th>{lang.tr("Hạn trả lời", "Answer due")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .iter()
                        .map(|o| {
                            let due = o.decision_due.map(|d| {
                                let late = today.is_some_and(|t| d < t);
                                view! { <span class:overdue=late>{lang.date(d)}</span> }
                            });
                            view! {
                                <tr data-testid="order-row">
                                    <td><a href=format!("/orders/{}", o.id)>{o.id}</a></td>
                                    <td>{format!("{} · {}", o.market.code, o.occupation)}</td>
                                    <td>{o.employer.clone()} <br /> <small>{o.agency_name.clone()}</small></td>
                                    <td>{order_status(lang, o.status)}</td>
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

/// The order's current terms as a form would carry them, to fill the edit form.
fn terms_of(o: &OrderView) -> FormOutcome {
    let values = [
        (f::MARKET_CODE, o.market.code.clone()),
        (f::EMPLOYER_NAME, o.employer.clone()),
        (f::OCCUPATION, o.occupation_code.clone().unwrap_or_default()),
        (f::HEADCOUNT, o.headcount.to_string()),
        (f::WAGE_AMOUNT, o.wage_amount.to_string()),
        (f::WAGE_CURRENCY, o.wage_currency.clone()),
        (f::TERM_MONTHS, o.term_months.to_string()),
        (f::SERVICE_FEE_VND, o.service_fee_vnd.to_string()),
        (f::DEPOSIT_VND, o.deposit_vnd.to_string()),
        (f::WORKING_CONDITIONS, o.working_conditions.clone()),
        (f::FORM, o.form.as_str().to_owned()),
        (f::PROGRAMME, o.programme.as_str().to_owned()),
    ];
    FormOutcome {
        values: values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        ..FormOutcome::default()
    }
}

/// The terms of a supply contract, as fields: the draft form and the edit form share them.
/// `prefix` keeps element ids unique per form.
fn order_fields(
    lang: Lang,
    markets: &[MarketView],
    occupations: &[OccupationView],
    o: &FormOutcome,
    prefix: &'static str,
) -> impl IntoView {
    let occupations: Vec<(String, String)> = occupations
        .iter()
        .map(|x| {
            (
                x.code.clone(),
                crate::i18n::occupation_name(lang, x).to_owned(),
            )
        })
        .collect();
    let markets: Vec<(String, String)> = markets
        .iter()
        .map(|m| (m.code.clone(), crate::i18n::market_name(lang, m).to_owned()))
        .collect();
    let currencies: Vec<(String, String)> = CURRENCIES
        .iter()
        .map(|c| ((*c).to_owned(), (*c).to_owned()))
        .collect();
    let forms: Vec<(String, String)> = SendingForm::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), sending_form(lang, *s).to_owned()))
        .collect();
    let currency = if o.value(f::WAGE_CURRENCY).is_empty() {
        "JPY".to_owned()
    } else {
        o.value(f::WAGE_CURRENCY)
    };
    let programmes: Vec<(String, String)> = Programme::ALL
        .iter()
        .map(|p| (p.as_str().to_owned(), programme_label(lang, *p).to_owned()))
        .collect();
    let programme_value = o.value(f::PROGRAMME);
    let form_value = if o.value(f::FORM).is_empty() {
        "licensed_agency".to_owned()
    } else {
        o.value(f::FORM)
    };
    let p = prefix;
    view! {
        <SelectField label=lang.tr("Thị trường", "Market") name=f::MARKET_CODE options=markets value=o.value(f::MARKET_CODE) empty="—" error=field_error(o, lang, f::MARKET_CODE) form=p />
        <Field label=lang.tr("Chủ sử dụng ở nước ngoài", "Employer abroad") name=f::EMPLOYER_NAME value=o.value(f::EMPLOYER_NAME) error=field_error(o, lang, f::EMPLOYER_NAME) form=p />
        <SelectField label=lang.tr("Ngành nghề (theo danh mục ISCO-08)", "Occupation (ISCO-08 list)") name=f::OCCUPATION options=occupations value=o.value(f::OCCUPATION) empty="—" error=field_error(o, lang, f::OCCUPATION) form=p />
        <Field label=lang.tr("Số người cần tuyển", "Headcount") name=f::HEADCOUNT kind="number" inputmode="numeric" value=o.value(f::HEADCOUNT) error=field_error(o, lang, f::HEADCOUNT) form=p />
        <Field label=lang.tr("Lương cơ bản mỗi tháng", "Monthly wage") name=f::WAGE_AMOUNT inputmode="numeric" value=o.value(f::WAGE_AMOUNT) error=field_error(o, lang, f::WAGE_AMOUNT) form=p />
        <SelectField label=lang.tr("Đơn vị tiền lương", "Wage currency") name=f::WAGE_CURRENCY options=currencies value=currency error=field_error(o, lang, f::WAGE_CURRENCY) form=p />
        <Field label=lang.tr("Thời hạn hợp đồng (tháng)", "Contract term (months)") name=f::TERM_MONTHS kind="number" inputmode="numeric" value=o.value(f::TERM_MONTHS) error=field_error(o, lang, f::TERM_MONTHS) form=p />
        <Field label=lang.tr("Phí dịch vụ (đồng)", "Service fee (VND)") name=f::SERVICE_FEE_VND inputmode="numeric" value=o.value(f::SERVICE_FEE_VND) error=field_error(o, lang, f::SERVICE_FEE_VND) required=false form=p />
        <Field label=lang.tr("Tiền ký quỹ (đồng)", "Deposit (VND)") name=f::DEPOSIT_VND inputmode="numeric" value=o.value(f::DEPOSIT_VND) error=field_error(o, lang, f::DEPOSIT_VND) required=false form=p />
        <SelectField label=lang.tr("Hình thức đi làm việc", "Form of going abroad") name=f::FORM options=forms value=form_value error=field_error(o, lang, f::FORM) form=p />
        <SelectField label=lang.tr("Chương trình", "Programme") name=f::PROGRAMME options=programmes value=programme_value empty="—" error=field_error(o, lang, f::PROGRAMME) form=p />
        <TextAreaField label=lang.tr("Điều kiện làm việc, ăn ở", "Working and living conditions") name=f::WORKING_CONDITIONS value=o.value(f::WORKING_CONDITIONS) error=field_error(o, lang, f::WORKING_CONDITIONS) form=p />
    }
}

/// The agency's orders and the draft form (head office).
#[component]
pub fn NewOrderPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Đơn hàng của doanh nghiệp", "Our job orders");
    view! {
            <Title text=title />
            <section>
                <h1>{title}</h1>
                {fetched(|| (), |_| agency_orders(), move |v, o| {
    let o = Some(o).filter(|o| o.is_for(OrderDraftInput::ACTION)).unwrap_or_default();
    {
                                    let draft = v.may_draft.then(|| {
                                        view! {
                                            <h2>{lang.tr("Đăng ký hợp đồng cung ứng mới", "Register a new supply contract")}</h2>
                                            <form method="post" action="/orders/new" class="stack" novalidate data-testid="order-draft-form">
                                                <FormMessage outcome=o.clone() />
                                                <ActionField action=OrderDraftInput::ACTION />
                                                {order_fields(lang, &v.markets, &v.occupations, &o, "draft")}
                                                <Submit label=lang.tr("Lưu bản nháp", "Save the draft") />
                                            </form>
                                        }
                                    });
                                    view! {
                                        <p>{v.agency.clone()}</p>
                                        {draft}
                                        <h2>{lang.tr("Các đơn hàng", "Orders")}</h2>
                                        {status_table(lang, &v.rows, None)}
                                    }
                                        .into_any()
                                }
    })}
            </section>
        }
}

/// DOLAB's queue of orders waiting for a decision, oldest first, with the deadline.
#[component]
pub fn PendingOrdersPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr(
        "Hợp đồng cung ứng chờ duyệt",
        "Supply contracts awaiting a decision",
    );
    let data = Resource::new(|| (), |_| pending_orders());
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            <Suspense fallback=move || view! { <p>{lang.texts().loading}</p> }>
                {move || {
                    data.get()
                        .map(|r| match r {
                            Ok(v) => view! {
                                <section class="queue-summary" data-testid="lists-queue">
                                    <h2>{lang.tr("Danh sách xuất cảnh chờ xác nhận", "Departure lists awaiting confirmation")}</h2>
                                    <p>
                                        {match lang {
                                            Lang::Vi => format!("{} danh sách chờ, {} quá hạn", v.lists_waiting, v.lists_overdue),
                                            Lang::En => format!("{} waiting, {} overdue", v.lists_waiting, v.lists_overdue),
                                        }}
                                        {v.lists_next_due.map(|d| {
                                            view! {
                                                " · " {lang.tr("hạn sớm nhất", "earliest deadline")} " "
                                                <time datetime=d.to_string()>{lang.date(d)}</time>
                                            }
                                        })}
                                    </p>
                                    <p><a href="/lists">{lang.tr("Mở danh sách xuất cảnh →", "Open the departure lists →")}</a></p>
                                </section>
                                <h2>{lang.tr("Hợp đồng cung ứng", "Supply contracts")}</h2>
                                <p>{format!("{} {}", v.rows.len(), lang.tr("hồ sơ chờ", "waiting"))}</p>
                                {status_table(lang, &v.rows, Some(v.today))}
                            }
                            .into_any(),
                            Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

/// The legal rules with their versions; the system administrator adds a version here.
#[component]
pub fn RulesPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Quy định pháp luật đang áp dụng", "Legal rules in force");
    view! {
            <Title text=title />
            <section>
                <h1>{title}</h1>
                <p class="lead">
                    {lang.tr(
                        "Mỗi mức trần, số tiền và thời hạn có ngày hiệu lực; hồ sơ được xét theo quy định có hiệu lực vào ngày thực hiện.",
                        "Every cap, amount and deadline has an effective date; a case is judged by the rule in force on the day of the act.",
                    )}
                </p>
                {fetched(|| (), |_| legal_rules(), move |v, o| {
    let o = Some(o).filter(|o| o.is_for("rule_add")).unwrap_or_default();
    {
                                    let keys: Vec<(String, String)> = RuleKey::ALL.iter().map(|k| (k.as_str().to_owned(), rule_key(lang, *k).to_owned())).collect();
                                    let edit = v.can_edit.then(|| view! {
                                        <h2>{lang.tr("Thêm phiên bản quy định", "Add a rule version")}</h2>
                                        <form method="post" action="/rules" class="stack" novalidate>
                                            <FormMessage outcome=o.clone() />
                                            <ActionField action="rule_add" />
                                            <SelectField label=lang.tr("Quy định", "Rule") name="key" options=keys value=o.value("key") error=field_error(&o, lang, "key") />
                                            <Field label=lang.tr("Phạm vi (mã thị trường hoặc tiền tệ, nếu có)", "Scope (market or currency code, if any)") name="scope" value=o.value("scope") required=false error=field_error(&o, lang, "scope") />
                                            <Field label=lang.tr("Hiệu lực từ ngày", "Effective from") name="effective_from" kind="date" value=o.value("effective_from") error=field_error(&o, lang, "effective_from") />
                                            <Field label=lang.tr("Giá trị", "Value") name="value" inputmode="numeric" value=o.value("value") error=field_error(&o, lang, "value") />
                                            <Field label=lang.tr("Căn cứ (văn bản, điều)", "Source (instrument, article)") name="source" value=o.value("source") error=field_error(&o, lang, "source") />
                                            <Submit label=lang.tr("Thêm", "Add") />
                                        </form>
                                    });
                                    view! {
                                        <div class="table-wrap">
                                            <table>
                                                <thead>
                                                    <tr>
                                                        <th>{lang.tr("Quy định", "Rule")}</th>
                                                        <th>{lang.tr("Phạm vi", "Scope")}</th>
                                                        <th>{lang.tr("Hiệu lực từ", "From")}</th>
                                                        <th>{lang.tr("Giá trị", "Value")}</th>
                                                        <th>{lang.tr("Căn cứ", "Source")}</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {v.entries.iter().map(|e| view! {
                                                        <tr data-testid="rule-row" data-key=e.key.as_str()>
                                                            <td>{rule_key(lang, e.key)}</td>
                                                            <td>{e.scope.clone()}</td>
                                                            <td>{lang.date(e.effective_from)}</td>
                                                            <td>{lang.number(e.value.unsigned_abs())}</td>
                                                            <td>{e.source.clone()}</td>
                                                        </tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                        {edit}
                                    }
                                        .into_any()
                                }
    })}
            </section>
        }
}
