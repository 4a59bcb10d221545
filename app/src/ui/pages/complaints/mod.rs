//! Complaints and denunciations: the list with the filing form (`/complaints`), one complaint
//! with its clock, history and the forms its viewer may use (`one`), and the page someone
//! without an account follows theirs on with the tracking code (`/complaints/track`).

mod filing;
mod one;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub use one::ComplaintPage;

use crate::api::complaints::{complaint_desk, tracked_complaint};
use crate::api::AppError;
use crate::i18n::complaints::{category, kind, status};
use crate::i18n::Lang;
use crate::ui::components::page::fetched;
use crate::ui::use_lang;
use crate::views::complaints::{fields as f, ComplaintDeskView, ComplaintView};
use crate::views::forms::FormOutcome;

pub(crate) fn only(o: &FormOutcome, action: &str) -> FormOutcome {
    if o.is_for(action) {
        o.clone()
    } else {
        FormOutcome::default()
    }
}

#[component]
pub fn ComplaintsPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Khiếu nại, tố cáo", "Complaints and denunciations");
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            {fetched(|| (), |_| complaint_desk(), move |v, o| desk(lang, v, o))}
        </section>
    }
}

fn desk(lang: Lang, v: ComplaintDeskView, o: FormOutcome) -> impl IntoView {
    let rows = v
        .complaints
        .iter()
        .map(|c| {
            let due = c.due.map(|d| format!(" · {} {}", lang.tr("hạn", "due"), lang.date(d)));
            view! {
                <li data-testid="complaint-row" data-status=c.status.as_str()>
                    <a href=format!("/complaints/{}", c.id)>{format!("{} #{} · {}", kind(lang, c.kind), c.id, category(lang, c.category))}</a>
                    <br />{c.agency_name.clone()}
                    {c.worker_name.clone().map(|w| format!(" · {w}"))}
                    <br /><span class="hint">{format!("{} {} · {}", lang.tr("Nhận ngày", "Received"), lang.date(c.received_on), status(lang, c.status, c.level))}{due}</span>
                    {c.overdue.then(|| view! { " " <strong class="badge danger" data-testid="overdue-flag">{lang.tr("Quá hạn", "Overdue")}</strong> })}
                </li>
            }
        })
        .collect_view();
    let signed_in = v.signed_in_worker || !v.may_file;
    let list = signed_in.then(|| {
        view! {
            <section class="card">
                <h2>{if v.signed_in_worker { lang.tr("Đơn của bạn", "Your complaints") } else { lang.tr("Đơn đã nhận", "Complaints received") }}</h2>
                {if v.complaints.is_empty() {
                    view! { <p data-testid="no-complaints">{lang.tr("Chưa có đơn nào.", "None yet.")}</p> }.into_any()
                } else {
                    view! { <ul class="rows" data-testid="complaints">{rows}</ul> }.into_any()
                }}
            </section>
        }
    });
    let code = o.tracking_code.clone().map(|code| {
        let href = format!("/complaints/track?{}={code}", f::CODE);
        view! {
            <section class="card" role="status" data-testid="tracking-code-card">
                <h2>{lang.tr("Đã gửi đơn", "Your complaint is filed")}</h2>
                <p>{lang.tr(
                    "Hãy ghi lại mã theo dõi dưới đây: đây là cách duy nhất để xem tiến trình và khiếu nại tiếp. Mã cũng đã được gửi đến email bạn nhập.",
                    "Write down the tracking code below: it is the only way to follow the complaint and take it further. It was also emailed to the address you gave.",
                )}</p>
                <p class="code" data-testid="tracking-code">{code.clone()}</p>
                <p><a href=href data-testid="track-link">{lang.tr("Xem tiến trình giải quyết", "Follow it")}</a></p>
            </section>
        }
    });
    // Once filed, the form starts empty again (what was typed is in the complaint).
    let blank = FormOutcome::default();
    let filing = v.may_file.then(|| {
        filing::form(
            lang,
            &v,
            if o.tracking_code.is_some() {
                &blank
            } else {
                &o
            },
        )
    });
    let track = (!v.signed_in_worker && v.may_file).then(|| track_form(lang, ""));
    view! {
        {code}
        {list}
        {filing}
        {track}
    }
}

/// The form that opens a complaint by its tracking code (a GET: it works without JavaScript).
fn track_form(lang: Lang, value: &str) -> AnyView {
    view! {
        <section class="card" aria-labelledby="track-title">
            <h2 id="track-title">{lang.tr("Theo dõi đơn bằng mã theo dõi", "Follow a complaint with its tracking code")}</h2>
            <form method="get" action="/complaints/track" class="stack" data-testid="track-form">
                <div class="field">
                    <label for="track-code">{lang.tr("Mã theo dõi (12 ký tự)", "Tracking code (12 characters)")}</label>
                    <input id="track-code" name=f::CODE value=value.to_owned() autocomplete="off" autocapitalize="characters" spellcheck="false" />
                </div>
                <button class="button" type="submit" data-testid="track-submit">{lang.tr("Xem", "Open")}</button>
            </form>
        </section>
    }
    .into_any()
}

/// The complaint of a tracking code, or `Err(())` when no complaint has that code.
type Tracked = Option<Result<ComplaintView, ()>>;

async fn tracked(code: String) -> Result<Tracked, AppError> {
    if code.trim().is_empty() {
        return Ok(None);
    }
    match tracked_complaint(code).await {
        Ok(v) => Ok(Some(Ok(v))),
        Err(AppError::NotFound) => Ok(Some(Err(()))),
        Err(e) => Err(e),
    }
}

#[component]
pub fn TrackComplaintPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let code = Memo::new(move |_| query.with(|q| q.get(f::CODE).unwrap_or_default()));
    let title = lang.tr("Theo dõi đơn khiếu nại, tố cáo", "Follow a complaint");
    view! {
        <Title text=title />
        {fetched(
            move || code.get(),
            tracked,
            move |t: Tracked, o| match t {
                Some(Ok(v)) => one::page(lang, v, o, Some(code.get_untracked())).into_any(),
                Some(Err(())) => view! {
                    <section>
                        <h1>{title}</h1>
                        <p class="form-error" role="alert" data-testid="error-code">{lang.tr(
                            "Không có đơn nào với mã này. Hãy kiểm tra lại mã trong thư đã nhận.",
                            "No complaint has this code. Check the code in the email you received.",
                        )}</p>
                        {track_form(lang, "")}
                    </section>
                }.into_any(),
                None => view! { <section><h1>{title}</h1>{track_form(lang, "")}</section> }.into_any(),
            },
        )}
    }
}
