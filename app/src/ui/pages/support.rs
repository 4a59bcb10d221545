//! Poverty-programme support: the province's totals against its budget, its workers with a
//! household status and its job-connection claims (`/support`), and one worker's support
//! (`/support/workers/{id}`): statuses, what each item is worth, what was paid, the forms.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::support::{support_totals, worker_support};
use crate::domain::support::{ClaimStanding, HouseholdStatus, Measure, SupportItem};
use crate::i18n::lifecycle::{claim_standing, refusal};
use crate::i18n::support::{item_label, measure_note, status_label};
use crate::i18n::Lang;
use crate::ui::components::form::{
    field_error, ActionField, Field, FormMessage, SelectField, Submit, TextAreaField,
};
use crate::ui::components::page::{by_id, fetched, id_from_path};
use crate::ui::use_lang;
use crate::views::forms::FormOutcome;
use crate::views::support::{
    fields as f, ClaimView, ProvinceYearView, SupportOverview, WorkerSupportView,
};

fn only_for(o: &FormOutcome, action: &str) -> FormOutcome {
    if o.is_for(action) {
        o.clone()
    } else {
        FormOutcome::default()
    }
}

fn percent(bps: i64) -> String {
    if bps % 100 == 0 {
        format!("{}%", bps / 100)
    } else {
        format!("{}.{:02}%", bps / 100, bps % 100)
    }
}

#[component]
pub fn SupportPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr(
        "Hỗ trợ người lao động thuộc hộ nghèo đi làm việc ở nước ngoài",
        "Support for workers from poor households going abroad",
    );
    view! {
        <Title text=title />
        <section data-testid="support-page">
            <h1>{title}</h1>
            <p class="hint">{lang.tr(
                "Chương trình mục tiêu quốc gia giảm nghèo bền vững, tiểu dự án hỗ trợ người lao động đi làm việc ở nước ngoài theo hợp đồng.",
                "The National Target Programme for Sustainable Poverty Reduction, its sub-project for workers going abroad under contract.",
            )}</p>
            {fetched(|| (), |_| support_totals(), move |v: SupportOverview, o| overview(lang, v, o))}
        </section>
    }
}

fn totals_table(lang: Lang, rows: &[ProvinceYearView]) -> impl IntoView {
    let body = rows
        .iter()
        .map(|r| {
            let remaining = r.remaining_vnd();
            let items = r
                .by_item
                .iter()
                .map(|t| {
                    format!(
                        "{}: {} ({})",
                        item_label(lang, t.item),
                        lang.vnd(t.paid_vnd),
                        t.payments
                    )
                })
                .collect::<Vec<_>>()
                .join(" · ");
            view! {
                <tr data-testid="support-total" data-province=r.province_code.clone() data-year=r.year.to_string() class:overdue=remaining.is_some_and(|x| x < 0)>
                    <td>{r.province_name.clone()}</td>
                    <td>{r.year}</td>
                    <td data-testid="support-budget">{match &r.budget_vnd {
                        Some(b) => format!("{} ({} {})", lang.vnd(*b), lang.tr("QĐ", "decision"), r.decision_no.clone().unwrap_or_default()),
                        None => lang.tr("chưa nhập", "not entered").to_owned(),
                    }}</td>
                    <td data-testid="support-paid">{lang.vnd(r.paid_vnd)}</td>
                    <td data-testid="support-remaining">{remaining.map_or_else(|| "—".to_owned(), |x| lang.vnd(x))}</td>
                    <td>{r.workers}</td>
                    <td><small>{items}</small></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table data-testid="support-totals">
                <thead><tr>
                    <th>{lang.tr("Tỉnh", "Province")}</th>
                    <th>{lang.tr("Năm", "Year")}</th>
                    <th>{lang.tr("Kinh phí được giao", "Budget")}</th>
                    <th>{lang.tr("Đã chi", "Paid")}</th>
                    <th>{lang.tr("Còn lại", "Remaining")}</th>
                    <th>{lang.tr("Số người", "Workers")}</th>
                    <th>{lang.tr("Theo khoản", "By item")}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

fn claim_row(lang: Lang, c: &ClaimView, may_pay: bool, o: &FormOutcome) -> impl IntoView {
    let payable = matches!(c.standing, ClaimStanding::Payable { .. });
    let o = if o.is_for("connection_claim_paid") && o.value(f::CLAIM_ID) == c.id.to_string() {
        o.clone()
    } else {
        FormOutcome::default()
    };
    // A claim that is not (or no longer) payable has no form: the refusal of a payment sent
    // for it is shown on its row.
    let refused = (!(may_pay && payable)).then(|| view! { <FormMessage outcome=o.clone() /> });
    let pay = (may_pay && payable).then(|| {
        let form = format!("pay-{}", c.id);
        view! {
            <form method="post" action="/support" class="stack" novalidate data-testid="claim-pay-form">
                <FormMessage outcome=o.clone() />
                <ActionField action="connection_claim_paid" />
                <input type="hidden" name=f::CLAIM_ID value=c.id.to_string() />
                <Field label=lang.tr("Ngày chi", "Paid on") name=f::PAID_ON kind="date" value=o.value(f::PAID_ON) error=field_error(&o, lang, f::PAID_ON) form=form />
                <Submit label=lang.tr("Ghi đã chi", "Record as paid") />
            </form>
        }
    });
    view! {
        <li data-testid="claim" data-case=c.case_id.to_string() class:overdue=matches!(c.standing, ClaimStanding::EndedTooSoon { .. })>
            <strong>{c.unit_name.clone()}</strong>
            {format!(" · {} · ", c.worker_name)}
            <a href=format!("/cases/{}", c.case_id)>{format!("{} {}", lang.tr("hồ sơ", "case"), c.case_id)}</a>
            {format!(" · {}", lang.vnd(c.amount_vnd))}
            <br />
            <span data-testid="claim-standing">{claim_standing(lang, &c.standing)}</span>
            {(!c.note.is_empty()).then(|| view! { <br /><small>{c.note.clone()}</small> })}
            {refused}
            {pay}
        </li>
    }
}

fn overview(lang: Lang, v: SupportOverview, o: FormOutcome) -> impl IntoView {
    let manage = v.province_code.is_some();
    let budget_form = manage.then(|| {
        let o = only_for(&o, "support_budget");
        let year = o.value(f::YEAR);
        let year = if year.is_empty() { v.today.format("%Y").to_string() } else { year };
        view! {
            <section class="card" aria-labelledby="budget-title">
                <h2 id="budget-title">{lang.tr("Kinh phí được giao trong năm", "The province's budget for a year")}</h2>
                <form method="post" action="/support" class="stack" novalidate data-testid="budget-form">
                    <FormMessage outcome=o.clone() />
                    <ActionField action="support_budget" />
                    <Field label=lang.tr("Năm", "Year") name=f::YEAR inputmode="numeric" value=year error=field_error(&o, lang, f::YEAR) form="budget" />
                    <Field label=lang.tr("Kinh phí (đồng)", "Amount (VND)") name=f::AMOUNT_VND inputmode="numeric" value=o.value(f::AMOUNT_VND) error=field_error(&o, lang, f::AMOUNT_VND) form="budget" />
                    <Field label=lang.tr("Số quyết định giao kinh phí", "Decision no.") name=f::DECISION_NO value=o.value(f::DECISION_NO) error=field_error(&o, lang, f::DECISION_NO) form="budget" />
                    <Submit label=lang.tr("Lưu", "Save") />
                </form>
            </section>
        }
    });
    let workers = manage.then(|| {
        let rows = v
            .workers
            .iter()
            .map(|w| {
                let statuses = w
                    .statuses
                    .iter()
                    .map(|s| status_label(lang, *s))
                    .collect::<Vec<_>>()
                    .join(", ");
                view! {
                    <tr data-testid="support-worker">
                        <td><a href=format!("/support/workers/{}", w.worker_id)>{w.worker_name.clone()}</a></td>
                        <td>{if statuses.is_empty() { "—".to_owned() } else { statuses }}</td>
                        <td>{lang.vnd(w.paid_vnd)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card" aria-labelledby="workers-title">
                <h2 id="workers-title">{lang.tr("Người lao động có xác nhận hộ nghèo, cận nghèo", "Workers with a household certificate")}</h2>
                <p class="hint">{lang.tr(
                    "Để ghi xác nhận cho người chưa có trong danh sách, mở hồ sơ của họ (Tổng quan · Tra cứu hồ sơ) và chọn “Hỗ trợ”.",
                    "To record a certificate for someone not listed yet, open their case (Overview · Find a case) and follow “Support”.",
                )}</p>
                <div class="table-wrap">
                    <table data-testid="support-workers">
                        <thead><tr>
                            <th>{lang.tr("Người lao động", "Worker")}</th>
                            <th>{lang.tr("Diện năm nay", "Status this year")}</th>
                            <th>{lang.tr("Đã chi", "Paid")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    });
    let claims = v
        .claims
        .iter()
        .map(|c| claim_row(lang, c, manage, &o))
        .collect_view();
    let claim_form = manage.then(|| {
        let o = only_for(&o, "connection_claim");
        view! {
            <form method="post" action="/support" class="stack" novalidate data-testid="claim-form">
                <h3>{lang.tr("Ghi đề nghị hỗ trợ kết nối việc làm", "Record a job-connection claim")}</h3>
                <FormMessage outcome=o.clone() />
                <ActionField action="connection_claim" />
                <Field label=lang.tr("Số hồ sơ", "Case number") name=f::CASE_ID inputmode="numeric" value=o.value(f::CASE_ID) error=field_error(&o, lang, f::CASE_ID) form="claim" />
                <Field label=lang.tr("Đơn vị kết nối (ví dụ Trung tâm dịch vụ việc làm)", "Connecting unit (e.g. the employment service centre)") name=f::UNIT_NAME value=o.value(f::UNIT_NAME) error=field_error(&o, lang, f::UNIT_NAME) form="claim" />
                <Field label=lang.tr("Số tiền đề nghị (đồng)", "Amount claimed (VND)") name=f::AMOUNT_VND inputmode="numeric" value=o.value(f::AMOUNT_VND) error=field_error(&o, lang, f::AMOUNT_VND) form="claim" />
                <TextAreaField label=lang.tr("Ghi chú", "Note") name=f::NOTE value=o.value(f::NOTE) error=field_error(&o, lang, f::NOTE) form="claim" />
                <Submit label=lang.tr("Ghi đề nghị", "Record the claim") />
            </form>
        }
    });
    view! {
        <section class="card" aria-labelledby="totals-title">
            <h2 id="totals-title">{lang.tr("Kinh phí và số đã chi theo tỉnh, năm", "Budget and support paid by province and year")}</h2>
            {if v.rows.is_empty() {
                view! { <p>{lang.tr("Chưa có khoản chi nào.", "Nothing paid yet.")}</p> }.into_any()
            } else {
                totals_table(lang, &v.rows).into_any()
            }}
        </section>
        {budget_form}
        {workers}
        <section class="card" id="claims" aria-labelledby="claims-title">
            <h2 id="claims-title">{lang.tr("Hỗ trợ kết nối việc làm", "Job-connection claims")}</h2>
            <p class="hint">{lang.tr(
                "Chỉ chi khi hợp đồng của người lao động đã ký và người lao động đã làm việc đủ thời gian quy định (3 tháng).",
                "Paid only once the worker's contract is signed and the job has been held for the rule's months (3).",
            )}</p>
            <ul data-testid="claims">{claims}</ul>
            {claim_form}
        </section>
    }
}

#[component]
pub fn WorkerSupportPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_from_path();
    view! {
        {fetched(move || id.get(), |id| by_id(id, worker_support), move |v, o| worker_view(lang, v, o))}
    }
}

fn item_worth(lang: Lang, item: SupportItem, v: &crate::views::support::ItemView) -> String {
    match (&v.entitlement, &v.refusal) {
        (Some(e), _) => match (e.rate_vnd, e.most_vnd) {
            (Some(rate), Some(most)) if e.share_bps == 10_000 => {
                format!(
                    "{} {}",
                    lang.vnd(most.min(rate)),
                    measure_note(lang, item.measure())
                )
            }
            (Some(rate), Some(most)) => format!(
                "{} {} ({} × {}, {})",
                lang.vnd(most),
                measure_note(lang, item.measure()),
                lang.vnd(rate),
                percent(e.share_bps),
                status_label(lang, e.status)
            ),
            _ if e.share_bps == 10_000 => measure_note(lang, Measure::AtCost).to_owned(),
            _ => format!(
                "{} × {}, {}",
                measure_note(lang, Measure::AtCost),
                percent(e.share_bps),
                status_label(lang, e.status)
            ),
        },
        (None, Some(r)) => refusal(lang, r),
        (None, None) => "—".to_owned(),
    }
}

fn worker_view(lang: Lang, v: WorkerSupportView, o: FormOutcome) -> impl IntoView {
    let here = format!("/support/workers/{}", v.worker_id);
    let statuses = v
        .statuses
        .iter()
        .map(|s| {
            view! {
                <li data-testid="household-status">
                    {format!("{} · {} · {} {}", s.year, status_label(lang, s.status), lang.tr("giấy xác nhận số", "certificate no."), s.certificate_no)}
                </li>
            }
        })
        .collect_view();
    let items = v
        .items
        .iter()
        .map(|i| {
            let paid = i.paid.as_ref().map(|p| {
                format!("{} · {}", lang.vnd(p.amount_vnd), lang.date(p.paid_on))
            });
            view! {
                <tr data-testid="support-item" data-item=i.item.as_str()>
                    <td>{item_label(lang, i.item)}</td>
                    <td data-testid="support-worth">{item_worth(lang, i.item, i)}</td>
                    <td data-testid="support-item-paid">{paid.unwrap_or_else(|| lang.tr("chưa chi", "not paid").to_owned())}</td>
                </tr>
            }
        })
        .collect_view();
    let payments = v
        .payments
        .iter()
        .map(|p| {
            view! {
                <li data-testid="support-payment">
                    <strong>{item_label(lang, p.item)}</strong>
                    {format!(
                        " · {} · {} · {} {}–{}",
                        lang.vnd(p.amount_vnd),
                        lang.date(p.paid_on),
                        lang.tr("giai đoạn", "period"),
                        p.period,
                        p.period + 4
                    )}
                    {p.quantity.map(|q| format!(" · {q} {}", match p.item.measure() {
                        Measure::PerDay => lang.tr("ngày", "days"),
                        _ => lang.tr("tháng", "months"),
                    }))}
                    {format!(" · {} {}", status_label(lang, p.status), percent(i64::from(p.share_bps)))}
                    {p.receipt_no.clone().map(|r| format!(" · {} {r}", lang.tr("chứng từ", "receipt")))}
                    {p.receipt_amount_vnd.map(|a| format!(" · {} {}", lang.tr("số tiền trên chứng từ", "receipt amount"), lang.vnd(a)))}
                    {(!p.note.is_empty()).then(|| format!(" · {}", p.note))}
                </li>
            }
        })
        .collect_view();
    let status_form = v.may_manage.then(|| {
        let o = only_for(&o, "household_status");
        let options: Vec<(String, String)> = HouseholdStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), status_label(lang, *s).to_owned()))
            .collect();
        let year = o.value(f::YEAR);
        let year = if year.is_empty() { v.today.format("%Y").to_string() } else { year };
        view! {
            <form method="post" action=here.clone() class="stack" novalidate data-testid="status-form">
                <h3>{lang.tr("Ghi xác nhận của xã", "Record the commune's certificate")}</h3>
                <FormMessage outcome=o.clone() />
                <ActionField action="household_status" />
                <input type="hidden" name=f::WORKER_ID value=v.worker_id.to_string() />
                <Field label=lang.tr("Năm", "Year") name=f::YEAR inputmode="numeric" value=year error=field_error(&o, lang, f::YEAR) form="status" />
                <SelectField label=lang.tr("Diện", "Status") name=f::STATUS options=options value=o.value(f::STATUS) empty="—" error=field_error(&o, lang, f::STATUS) form="status" />
                <Field label=lang.tr("Số giấy xác nhận", "Certificate no.") name=f::CERTIFICATE_NO value=o.value(f::CERTIFICATE_NO) error=field_error(&o, lang, f::CERTIFICATE_NO) form="status" />
                <Submit label=lang.tr("Ghi", "Record") />
            </form>
        }
    });
    let payment_form = v.may_manage.then(|| {
        let o = only_for(&o, "support_payment");
        let options: Vec<(String, String)> = SupportItem::ALL
            .iter()
            .map(|i| (i.as_str().to_owned(), item_label(lang, *i).to_owned()))
            .collect();
        view! {
            <section class="card" aria-labelledby="pay-title">
                <h2 id="pay-title">{lang.tr("Ghi khoản hỗ trợ đã chi", "Record support paid")}</h2>
                <form method="post" action=here.clone() class="stack" novalidate data-testid="support-payment-form">
                    <FormMessage outcome=o.clone() />
                    <ActionField action="support_payment" />
                    <input type="hidden" name=f::WORKER_ID value=v.worker_id.to_string() />
                    <SelectField label=lang.tr("Khoản hỗ trợ", "Item") name=f::ITEM options=options value=o.value(f::ITEM) empty="—" error=field_error(&o, lang, f::ITEM) form="pay" />
                    <Field label=lang.tr("Ngày chi", "Paid on") name=f::PAID_ON kind="date" value=o.value(f::PAID_ON) error=field_error(&o, lang, f::PAID_ON) form="pay" />
                    <Field label=lang.tr("Số tiền (đồng)", "Amount (VND)") name=f::AMOUNT_VND inputmode="numeric" value=o.value(f::AMOUNT_VND) error=field_error(&o, lang, f::AMOUNT_VND) form="pay" />
                    <Field label=lang.tr("Số tiền trên chứng từ (đồng, bắt buộc với lệ phí)", "Amount on the receipt (VND, required for fees)") hint=lang.tr("Lệ phí được hỗ trợ theo chứng từ, nhiều nhất bằng số tiền trên chứng từ nhân tỷ lệ hỗ trợ của diện hộ.", "Fees are paid at cost: at most the receipt's amount times the household status's share.") name=f::RECEIPT_AMOUNT_VND inputmode="numeric" value=o.value(f::RECEIPT_AMOUNT_VND) error=field_error(&o, lang, f::RECEIPT_AMOUNT_VND) required=false form="pay" />
                    <Field label=lang.tr("Số ngày (tiền ăn) hoặc số tháng (tiền ở)", "Days (meals) or months (lodging)") name=f::QUANTITY inputmode="numeric" value=o.value(f::QUANTITY) error=field_error(&o, lang, f::QUANTITY) required=false form="pay" />
                    <Field label=lang.tr("Số chứng từ (bắt buộc với lệ phí)", "Receipt no. (required for fees)") name=f::RECEIPT_NO value=o.value(f::RECEIPT_NO) error=field_error(&o, lang, f::RECEIPT_NO) required=false form="pay" />
                    <TextAreaField label=lang.tr("Ghi chú", "Note") name=f::NOTE value=o.value(f::NOTE) error=field_error(&o, lang, f::NOTE) form="pay" />
                    <Submit label=lang.tr("Ghi khoản chi", "Record the payment") />
                </form>
            </section>
        }
    });
    let period = v.period.map(|p| match lang {
        Lang::Vi => format!("Giai đoạn {p}–{}: mỗi khoản chỉ được chi một lần.", p + 4),
        Lang::En => format!("Period {p}–{}: each item is paid once.", p + 4),
    });
    view! {
        <Title text=format!("{} · {}", lang.tr("Hỗ trợ", "Support"), v.worker_name) />
        <section data-testid="worker-support">
            <h1>{lang.tr("Hỗ trợ đi làm việc ở nước ngoài", "Support for working abroad")}</h1>
            <p>{v.worker_name.clone()}</p>
            <section class="card" aria-labelledby="status-title">
                <h2 id="status-title">{lang.tr("Diện hộ gia đình theo năm", "Household status by year")}</h2>
                {if v.statuses.is_empty() {
                    view! { <p data-testid="no-status">{lang.tr("Chưa có xác nhận nào.", "No certificate recorded.")}</p> }.into_any()
                } else {
                    view! { <ul>{statuses}</ul> }.into_any()
                }}
                {status_form}
            </section>
            <section class="card" aria-labelledby="items-title">
                <h2 id="items-title">{lang.tr("Các khoản được hỗ trợ hôm nay", "What each item is worth today")}</h2>
                <p class="hint">{period}</p>
                <div class="table-wrap">
                    <table data-testid="support-items">
                        <thead><tr>
                            <th>{lang.tr("Khoản", "Item")}</th>
                            <th>{lang.tr("Mức hỗ trợ", "Support")}</th>
                            <th>{lang.tr("Đã chi trong giai đoạn", "Paid this period")}</th>
                        </tr></thead>
                        <tbody>{items}</tbody>
                    </table>
                </div>
            </section>
            {payment_form}
            <section class="card">
                <h2>{lang.tr("Các khoản đã chi", "Support paid")}</h2>
                <ul>{payments}</ul>
            </section>
        </section>
    }
}
