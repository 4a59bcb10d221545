//! Cases: the agency's board, opening a case, one case (timeline, deadlines, next step), and the
//! departure lists.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::cases::{case_board, case_page};
use crate::api::job_orders::agency_orders;
use crate::domain::cases::CaseState;
use crate::domain::job_orders::OrderStatus;
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
use crate::ui::pages::orders::order_terms;
use crate::ui::{use_lang, use_outcome};
use crate::views::cases::{BoardSummaryView, CaseFilter, CaseRowView, CaseView, TimelineEntryView};
use crate::views::forms::FormOutcome;

mod board;
mod case_page;
mod import;
mod money;
mod overview;
mod settlement;
mod step_forms;

pub use board::{CasesPage, NewCasePage};
pub use case_page::CasePage;
pub use import::ImportCasesPage;
pub use money::CaseMoneyPage;
pub use overview::OverviewPage;
pub use settlement::CaseSettlementPage;

pub(super) fn state_badge(lang: Lang, s: CaseState) -> impl IntoView {
    view! {
        <span class=format!("badge badge-state-{}", s.as_str()) data-state=s.as_str() data-testid="case-state">
            {state(lang, s)}
        </span>
    }
}

pub(super) fn case_table(
    lang: Lang,
    rows: &[CaseRowView],
    today: chrono::NaiveDate,
) -> impl IntoView {
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
