//! Agencies' licence deposits: every agency's, overdue top-ups first (national officers and
//! inspectors), and one agency's with its movements and, for national officers, the form.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::licence_deposits::{licence_deposit, licence_deposits};
use crate::domain::licence_deposits::{DepositMove, DepositStanding};
use crate::i18n::payments::deposit_move;
use crate::i18n::Lang;
use crate::ui::components::form::{
    field_error, ActionField, Field, FormMessage, SelectField, Submit, TextAreaField,
};
use crate::ui::components::page::{by_id, fetched, id_from_path};
use crate::ui::use_lang;
use crate::views::forms::FormOutcome;
use crate::views::licence_deposits::{fields as f, DepositListView, LicenceDepositView};

fn standing_text(lang: Lang, s: &DepositStanding) -> impl IntoView {
    let short = s.short_vnd();
    let overdue = s.top_up_overdue;
    view! {
        <span class:overdue=overdue data-testid="deposit-standing">
            {match (s.top_up_by, overdue, short > 0) {
                (Some(by), true, _) => match lang {
                    Lang::Vi => format!("Quá hạn bổ sung từ {} · thiếu {}", lang.date(by), lang.vnd(short)),
                    Lang::En => format!("Top-up overdue since {} · {} short", lang.date(by), lang.vnd(short)),
                },
                (Some(by), false, _) => match lang {
                    Lang::Vi => format!("Phải bổ sung trước {} · thiếu {}", lang.date(by), lang.vnd(short)),
                    Lang::En => format!("Top-up due by {} · {} short", lang.date(by), lang.vnd(short)),
                },
                (None, _, true) => match lang {
                    Lang::Vi => format!("Chưa đủ · thiếu {}", lang.vnd(short)),
                    Lang::En => format!("Not in full · {} short", lang.vnd(short)),
                },
                (None, _, false) => lang.tr("Đủ", "In full").to_owned(),
            }}
        </span>
    }
}

#[component]
pub fn DepositsPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr(
        "Tiền ký quỹ giấy phép của doanh nghiệp",
        "Agencies' licence deposits",
    );
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            {fetched(|| (), |_| licence_deposits(), move |v: DepositListView, _| {
                let rows = v.rows.iter().map(|r| view! {
                    <tr data-testid="deposit-row" class:overdue=r.standing.top_up_overdue>
                        <td><a href=format!("/deposits/{}", r.agency_id)>{r.agency_name.clone()}</a><br /><small>{r.licence_number.clone()}</small></td>
                        <td>{lang.vnd(r.standing.held_vnd)} " / " {lang.vnd(r.standing.due_vnd)}</td>
                        <td>{standing_text(lang, &r.standing)}</td>
                    </tr>
                }).collect_view();
                view! {
                    <div class="table-wrap">
                        <table data-testid="deposit-table">
                            <thead><tr>
                                <th>{lang.tr("Doanh nghiệp", "Agency")}</th>
                                <th>{lang.tr("Đang giữ / phải có", "Held / due")}</th>
                                <th>{lang.tr("Tình trạng", "Standing")}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
            })}
        </section>
    }
}

#[component]
pub fn DepositPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_from_path();
    view! {
        {fetched(move || id.get(), |id| by_id(id, licence_deposit), move |v, o| deposit_view(lang, v, o))}
    }
}

fn deposit_view(lang: Lang, v: LicenceDepositView, o: FormOutcome) -> impl IntoView {
    let here = format!("/deposits/{}", v.agency_id);
    let moves = v
        .moves
        .iter()
        .map(|m| {
            view! {
                <li data-testid="deposit-move">
                    <strong>{deposit_move(lang, m.kind)}</strong>
                    {format!(" · {} · {}", lang.date(m.on), lang.vnd(m.amount_vnd))}
                    {m.order_no.clone().map(|n| format!(" · {} {n}", lang.tr("văn bản số", "order no.")))}
                    {m.bank.clone().map(|b| format!(" · {b}"))}
                    {(!m.note.is_empty()).then(|| format!(" · {}", m.note))}
                </li>
            }
        })
        .collect_view();
    let o = if o.is_for("licence_deposit_move") {
        o
    } else {
        FormOutcome::default()
    };
    let kinds: Vec<(String, String)> = DepositMove::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), deposit_move(lang, *k).to_owned()))
        .collect();
    let form = v.may_record.then(|| {
        view! {
            <section class="card" aria-labelledby="move-title">
                <h2 id="move-title">{lang.tr("Ghi một lần nộp, sử dụng hoặc bổ sung", "Record a payment, a use or a top-up")}</h2>
                <form method="post" action=here.clone() class="stack" novalidate data-testid="deposit-form">
                    <FormMessage outcome=o.clone() />
                    <ActionField action="licence_deposit_move" />
                    <input type="hidden" name=f::AGENCY_ID value=v.agency_id.to_string() />
                    <SelectField label=lang.tr("Loại", "Kind") name=f::KIND options=kinds value=o.value(f::KIND) empty="—" error=field_error(&o, lang, f::KIND) form="dep" />
                    <Field label=lang.tr("Số tiền (đồng)", "Amount (VND)") name=f::AMOUNT_VND inputmode="numeric" value=o.value(f::AMOUNT_VND) error=field_error(&o, lang, f::AMOUNT_VND) form="dep" />
                    <Field label=lang.tr("Ngày", "Date") name=f::ON kind="date" value=o.value(f::ON) error=field_error(&o, lang, f::ON) form="dep" />
                    <Field label=lang.tr("Số văn bản của Bộ (khi sử dụng)", "The ministry's order no. (for a use)") name=f::ORDER_NO value=o.value(f::ORDER_NO) error=field_error(&o, lang, f::ORDER_NO) required=false form="dep" />
                    <Field label=lang.tr("Ngân hàng", "Bank") name=f::BANK value=o.value(f::BANK) error=field_error(&o, lang, f::BANK) required=false form="dep" />
                    <TextAreaField label=lang.tr("Ghi chú", "Note") name=f::NOTE value=o.value(f::NOTE) error=field_error(&o, lang, f::NOTE) form="dep" />
                    <Submit label=lang.tr("Ghi", "Record") />
                </form>
            </section>
        }
    });
    view! {
        <Title text=format!("{} · {}", lang.tr("Ký quỹ", "Deposit"), v.agency_name) />
        <section data-testid="licence-deposit">
            <h1>{lang.tr("Tiền ký quỹ giấy phép", "Licence deposit")}</h1>
            <p>{v.agency_name.clone()} " · " {v.licence_number.clone()}</p>
            <section class="card">
                <dl class="facts">
                    <dt>{lang.tr("Phải có", "Due")}</dt>
                    <dd>{lang.vnd(v.standing.due_vnd)} {match lang {
                        Lang::Vi => format!(" (trụ sở chính và {} chi nhánh đưa người đi)", v.sending_branches),
                        Lang::En => format!(" (head office and {} sending branches)", v.sending_branches),
                    }}</dd>
                    <dt>{lang.tr("Đang giữ", "Held")}</dt>
                    <dd>{lang.vnd(v.standing.held_vnd)}</dd>
                    <dt>{lang.tr("Tình trạng", "Standing")}</dt>
                    <dd>{standing_text(lang, &v.standing)}</dd>
                </dl>
            </section>
            {form}
            <section class="card">
                <h2>{lang.tr("Các lần nộp, sử dụng, bổ sung", "Movements")}</h2>
                <ul>{moves}</ul>
            </section>
        </section>
    }
}
