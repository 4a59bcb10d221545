//! The departure lists: the agency groups workers with a visa and sends the list; DOLAB confirms
//! or rejects it within its deadline.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::departure_lists::departure_lists;
use crate::domain::job_orders::ListStatus;
use crate::i18n::lifecycle::list_status;
use crate::i18n::Lang;
use crate::ui::components::form::{field_error, ActionField, Field, FormMessage, Submit};
use crate::ui::components::page::fetched;
use crate::ui::pages::orders::decision_form;
use crate::ui::use_lang;
use crate::views::forms::FormOutcome;

use super::cases::case_table;

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
                                    // The answer to a form the page no longer offers (the list was decided, or the
                                    // workers listed, meanwhile) is shown at the top.
                                    let create_shown = v.can_create && v.ready.iter().any(|g| create_o.value("order_id") == g.order_id.to_string());
                                    let decide_shown = v.can_decide && v.lists.iter().any(|l| l.status == ListStatus::Submitted && o.value("list_id") == l.id.to_string());
                                    let orphan = ((o.is_for("list_create") && !create_shown) || (o.is_for("list_decide") && !decide_shown)).then(|| view! {
                                        <FormMessage outcome=o.clone() />
                                        {field_error(&o, lang, "case_ids").map(|e| view! { <p class="field-error">{e}</p> })}
                                    });
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
                                        {orphan}
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
