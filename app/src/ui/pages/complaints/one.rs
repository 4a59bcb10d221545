//! One complaint: the facts its viewer may see, its clock (the deadlines of the rules in force
//! when each step began), its history, and the forms of the handler, the filer, the officers and
//! the inspectors.

use leptos::prelude::*;
use leptos_meta::Title;

use super::only;
use crate::api::complaints::one_complaint;
use crate::domain::complaints::{Category, ComplaintKind, ComplaintStatus, NoAppeal};
use crate::i18n::complaints::{category, kind, relation, status, step};
use crate::i18n::Lang;
use crate::ui::components::form::{
    field_error, ActionField, FormMessage, SelectField, Submit, TextAreaField,
};
use crate::ui::components::page::{by_id, fetched, id_from_path};
use crate::ui::use_lang;
use crate::views::complaints::{fields as f, ComplaintView, ACCEPT, REFUSE};
use crate::views::forms::FormOutcome;

#[component]
pub fn ComplaintPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_from_path();
    view! {
        {fetched(move || id.get(), |id| by_id(id, one_complaint), move |v, o| page(lang, v, o, None))}
    }
}

/// The page of one complaint; `code` when it is followed by its tracking code (the forms then
/// post back to the tracking page, with the code).
pub fn page(lang: Lang, v: ComplaintView, o: FormOutcome, code: Option<String>) -> impl IntoView {
    let here = match &code {
        Some(c) => format!("/complaints/track?{}={c}", f::CODE),
        None => format!("/complaints/{}", v.id),
    };
    let d = |x: Option<chrono::NaiveDate>| x.map(|x| lang.date(x));
    let who = v.filer_name.clone().map(|name| {
        let contact = [v.filer_email.clone(), v.filer_phone.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        view! {
            <dt>{lang.tr("Người gửi", "Filed by")}</dt>
            <dd data-testid="filer">{format!("{name} ({})", relation(lang, v.relation))}<br /><span data-testid="filer-contact">{contact}</span></dd>
        }
    });
    let facts = view! {
        <dl class="facts">
            <dt>{lang.tr("Doanh nghiệp", "Agency")}</dt>
            <dd><a href=format!("/agencies/{}", v.agency_id)>{v.agency_name.clone()}</a></dd>
            <dt>{lang.tr("Nội dung", "About")}</dt><dd>{category(lang, v.category)}</dd>
            {v.worker_name.clone().filter(|w| !w.is_empty()).map(|w| view! { <dt>{lang.tr("Người lao động", "Worker")}</dt><dd data-testid="worker-name">{w}</dd> })}
            {who}
            <dt>{lang.tr("Biết sự việc ngày", "Learned of it on")}</dt><dd>{lang.date(v.learned_on)}</dd>
            {(!v.late_reason.is_empty()).then(|| view! { <dt>{lang.tr("Lý do nộp muộn", "Why late")}</dt><dd>{v.late_reason.clone()}</dd> })}
            {v.foreign_element.then(|| view! { <dt>{lang.tr("Yếu tố nước ngoài", "Foreign element")}</dt><dd>{lang.tr("Có", "Yes")}</dd> })}
            {v.remote.then(|| view! { <dt>{lang.tr("Vùng sâu, vùng xa", "Remote area")}</dt><dd data-testid="remote">{lang.tr("Có: thời hạn được kéo dài", "Yes: the limits are longer")}</dd> })}
            {v.inspection_id.map(|i| view! { <dt>{lang.tr("Cuộc kiểm tra", "Inspection")}</dt><dd data-testid="linked-inspection">{format!("#{i}")}</dd> })}
        </dl>
    }
    .into_any();
    let clock = view! {
        <section class="card" data-testid="clock">
            <h2>{lang.tr("Thời hạn", "Deadlines")}</h2>
            <dl class="facts">
                <dt>{lang.tr("Nhận đơn", "Received")}</dt><dd>{lang.date(v.received_on)}</dd>
                <dt>{lang.tr("Hạn thụ lý", "To be accepted by")}</dt><dd data-testid="accept-due">{lang.date(v.accept_due)}{d(v.accepted_on).map(|x| format!(" · {} {x}", lang.tr("đã thụ lý", "accepted")))}</dd>
                {v.resolve_due.map(|x| view! { <dt>{lang.tr("Hạn giải quyết", "To be resolved by")}</dt><dd data-testid="resolve-due">{lang.date(x)}{(v.extensions > 0).then(|| format!(" ({} {})", lang.tr("đã gia hạn", "extended"), v.extensions))}</dd> })}
                {v.answered_on.map(|x| view! { <dt>{lang.tr("Đã trả lời", "Answered")}</dt><dd>{lang.date(x)}</dd> })}
                {v.appeal_due.map(|x| view! { <dt>{lang.tr("Hạn khiếu nại lần hai", "To take it further by")}</dt><dd data-testid="appeal-due">{lang.date(x)}</dd> })}
                {v.closed_on.map(|x| view! { <dt>{lang.tr("Kết thúc", "Closed")}</dt><dd>{lang.date(x)}</dd> })}
            </dl>
            {v.overdue.then(|| view! { <p><strong class="badge danger" data-testid="overdue-flag">{lang.tr("Quá hạn: người giải quyết chưa làm đúng hạn", "Overdue: the handler missed the deadline")}</strong></p> })}
        </section>
    }
    .into_any();
    let steps = v
        .steps
        .iter()
        .map(|s| {
            view! {
                <li data-testid="complaint-step" data-step=s.kind.as_str() data-level=s.level.to_string()>
                    <strong>{step(lang, s.kind, s.level)}</strong>
                    {format!(" · {} · {}", lang.date(s.happened_on), s.by.map_or(lang.tr("người gửi đơn", "the filer"), |r| crate::i18n::role_label(lang, r)))}
                    {(!s.note.is_empty()).then(|| view! { <br /><span data-testid="step-note">{s.note.clone()}</span> })}
                </li>
            }
        })
        .collect_view();
    let files = v
        .files
        .iter()
        .map(|(id, name)| {
            if code.is_some() {
                view! { <li>{name.clone()}</li> }.into_any()
            } else {
                view! { <li><a href=format!("/complaint-files/{id}") data-testid="complaint-file">{name.clone()}</a></li> }.into_any()
            }
        })
        .collect_view();
    let title = format!("{} #{}", kind(lang, v.kind), v.id);
    let forms = forms(lang, &v, &o, &here, code.as_deref());
    view! {
        <Title text=title.clone() />
        <section data-testid="complaint-page">
            {code.is_none().then(|| view! { <p class="breadcrumb"><a href="/complaints">{lang.tr("Khiếu nại, tố cáo", "Complaints")}</a></p> })}
            <section class="page-head">
                <h1>{title}</h1>
                <span class="badge" data-testid="complaint-status" data-status=v.status.as_str() data-level=v.level.to_string()>{status(lang, v.status, v.level)}</span>
            </section>
            <FormMessage outcome=o.clone() />
            {facts}
            <section class="card">
                <h2>{lang.tr("Sự việc", "What happened")}</h2>
                <p data-testid="description">{v.description.clone()}</p>
                {(!v.files.is_empty()).then(|| view! { <ul>{files}</ul> })}
            </section>
            {clock}
            <section class="card">
                <h2>{lang.tr("Các bước giải quyết", "Steps")}</h2>
                <ol class="rows" data-testid="complaint-steps">{steps}</ol>
            </section>
            {forms}
        </section>
    }
}

fn hidden(id: i32, code: Option<&str>) -> impl IntoView {
    view! {
        <input type="hidden" name=f::COMPLAINT_ID value=id.to_string() />
        {code.map(|c| view! { <input type="hidden" name=f::CODE value=c.to_owned() /> })}
    }
}

fn forms(
    lang: Lang,
    v: &ComplaintView,
    o: &FormOutcome,
    here: &str,
    code: Option<&str>,
) -> AnyView {
    let id = v.id;
    let second = v.level > 1 || v.kind == ComplaintKind::Denunciation;
    let decide = (v.may_handle && v.status == ComplaintStatus::Received).then(|| {
        let o = only(o, "decide_complaint");
        let verdicts = vec![
            (ACCEPT.to_owned(), lang.tr("Thụ lý giải quyết", "Accept it").to_owned()),
            (REFUSE.to_owned(), lang.tr("Không thụ lý (nêu lý do)", "Refuse it (say why)").to_owned()),
        ];
        view! {
            <section class="card">
                <h2>{lang.tr("Thụ lý đơn", "Accept or refuse")}</h2>
                <form method="post" action=here.to_owned() class="stack" novalidate data-testid="decide-form">
                    <FormMessage outcome=o.clone() />
                    <ActionField action="decide_complaint" />
                    {hidden(id, None)}
                    {view! { <SelectField label=lang.tr("Quyết định", "Decision") name=f::VERDICT options=verdicts value=o.value(f::VERDICT) empty="—" error=field_error(&o, lang, f::VERDICT) form="dec" /> }.into_any()}
                    {view! { <TextAreaField label=lang.tr("Lý do (bắt buộc khi không thụ lý)", "Reason (needed to refuse)") name=f::REASON value=o.value(f::REASON) error=field_error(&o, lang, f::REASON) form="dec" /> }.into_any()}
                    <Submit label=lang.tr("Ghi quyết định", "Record it") />
                </form>
            </section>
        }
        .into_any()
    });
    let answer = (v.may_handle && v.status == ComplaintStatus::Accepted).then(|| {
        let o = only(o, "answer_complaint");
        let label = if second {
            lang.tr("Quyết định giải quyết (kết luận, biện pháp, số tiền phải hoàn trả…)", "Decision (finding, remedy, amount to refund…)")
        } else {
            lang.tr("Trả lời người khiếu nại (kết luận, biện pháp, số tiền hoàn trả…)", "Answer to the filer (finding, remedy, amount refunded…)")
        };
        view! {
            <section class="card">
                <h2>{if second { lang.tr("Ra quyết định giải quyết", "Decide it") } else { lang.tr("Trả lời khiếu nại", "Answer it") }}</h2>
                <form method="post" action=here.to_owned() class="stack" novalidate data-testid="answer-form">
                    <FormMessage outcome=o.clone() />
                    <ActionField action="answer_complaint" />
                    {hidden(id, None)}
                    {view! { <TextAreaField label=label name=f::ANSWER value=o.value(f::ANSWER) error=field_error(&o, lang, f::ANSWER) form="ans" required=true /> }.into_any()}
                    <Submit label=lang.tr("Gửi", "Send it") />
                </form>
            </section>
        }
        .into_any()
    });
    // Shown again with its refusal when one was just refused (the page may have been opened
    // before the deadline passed), so the reason is next to the field.
    let extend = (v.may_extend || (v.may_handle && o.is_for("extend_complaint"))).then(|| {
        let o = only(o, "extend_complaint");
        view! {
            <details class="card" open=!o.errors.0.is_empty() || o.problem.is_some()>
                <summary><h2>{lang.tr("Gia hạn (vụ việc phức tạp)", "Extend (a complex case)")}</h2></summary>
                <form method="post" action=here.to_owned() class="stack" novalidate data-testid="extend-form">
                    <FormMessage outcome=o.clone() />
                    <ActionField action="extend_complaint" />
                    {hidden(id, None)}
                    {view! { <TextAreaField label=lang.tr("Vì sao phức tạp", "Why it is complex") name=f::REASON value=o.value(f::REASON) error=field_error(&o, lang, f::REASON) form="ext" required=true /> }.into_any()}
                    <Submit label=lang.tr("Gia hạn", "Extend") />
                </form>
            </details>
        }
        .into_any()
    });
    let follow = v.may_follow.then(|| follow_forms(lang, v, o, here, code));
    let remote = v.may_mark_remote.then(|| {
        view! {
            <section class="card">
                <h2>{lang.tr("Vùng sâu, vùng xa", "Remote area")}</h2>
                <p class="hint">{lang.tr("Người khiếu nại ở vùng sâu, vùng xa đi lại khó khăn: các thời hạn được kéo dài theo luật.", "The filer lives where travel is hard: the law's limits are longer.")}</p>
                <form method="post" action=here.to_owned() data-testid="remote-form">
                    <FormMessage outcome=only(o, "mark_complaint_remote") />
                    <ActionField action="mark_complaint_remote" />
                    {hidden(id, None)}
                    <Submit label=lang.tr("Xác định vùng sâu, vùng xa", "Mark as remote") />
                </form>
            </section>
        }
        .into_any()
    });
    let oversee = v.may_oversee.then(|| {
        let lo = only(o, "link_complaint");
        let share = (!v.contact_shared && v.kind == ComplaintKind::Complaint).then(|| {
            view! {
                <form method="post" action=here.to_owned() data-testid="share-form">
                    <FormMessage outcome=only(o, "share_complaint_contact") />
                    <ActionField action="share_complaint_contact" />
                    {hidden(id, None)}
                    <p class="hint">{lang.tr("Doanh nghiệp thấy tên người lao động nhưng chưa thấy email, số điện thoại của người gửi đơn, cũng như tên người gửi thay. Chỉ chia sẻ khi cần để giải quyết (ví dụ hoàn trả tiền).", "The agency sees the worker's name, but not the filer's email or phone, nor the name of someone filing for the worker. Share them only when needed to settle it (a refund, say).")}</p>
                    <button class="button" type="submit" data-testid="share-submit">{lang.tr("Chia sẻ liên hệ với doanh nghiệp", "Share the contact with the agency")}</button>
                </form>
            }
        });
        view! {
            <section class="card">
                <h2>{lang.tr("Thanh tra", "Oversight")}</h2>
                <form method="post" action=here.to_owned() class="stack" novalidate data-testid="link-form">
                    <FormMessage outcome=lo.clone() />
                    <ActionField action="link_complaint" />
                    {hidden(id, None)}
                    {view! { <SelectField label=lang.tr("Gắn với cuộc kiểm tra doanh nghiệp", "Link to an inspection of the agency") name=f::INSPECTION_ID options=v.inspections.clone() value=lo.value(f::INSPECTION_ID) empty="—" error=field_error(&lo, lang, f::INSPECTION_ID) form="lnk" /> }.into_any()}
                    <Submit label=lang.tr("Gắn", "Link it") />
                </form>
                {share}
            </section>
        }
        .into_any()
    });
    view! { {decide} {answer} {extend} {follow} {remote} {oversee} }.into_any()
}

/// The filer's choices: take it to the inspectors (once answered, or once the agency missed its
/// deadline, within the appeal limit), or accept the answer.
fn follow_forms(
    lang: Lang,
    v: &ComplaintView,
    o: &FormOutcome,
    here: &str,
    code: Option<&str>,
) -> AnyView {
    let id = v.id;
    // Who answers first and who at the second level: an agency's complaint against a sanction
    // goes to the inspectors who decided it, then to the Ministry.
    let (first, second) = match (v.category == Category::Sanction, lang) {
        (true, Lang::Vi) => ("thanh tra", "Bộ Nội vụ"),
        (true, Lang::En) => ("the inspectors", "the Ministry"),
        (false, Lang::Vi) => ("doanh nghiệp", "thanh tra"),
        (false, Lang::En) => ("the agency", "the inspectors"),
    };
    let why = match &v.appeal {
        Ok(until) => match lang {
            Lang::Vi => format!("Nếu không đồng ý với trả lời (hoặc {first} không trả lời đúng hạn), bạn có thể khiếu nại lần hai đến {second} đến hết ngày {}.", lang.date(*until)),
            Lang::En => format!("If you disagree with the answer (or {first} missed the deadline), you may take it to {second} until {} inclusive.", lang.date(*until)),
        },
        Err(NoAppeal::StillInTime { until }) => match lang {
            Lang::Vi => format!("Hạn giải quyết của {first} là hết ngày {}. Nếu quá hạn mà chưa có trả lời, bạn có thể khiếu nại lần hai đến {second}.", lang.date(*until)),
            Lang::En => format!("Until {} inclusive, {first} has time to resolve it. If there is no answer by then, you may take it to {second}.", lang.date(*until)),
        },
        Err(NoAppeal::WindowClosed { ended }) => match lang {
            Lang::Vi => format!("Thời hạn khiếu nại lần hai đã hết ngày {}.", lang.date(*ended)),
            Lang::En => format!("The time to take it further ended on {}.", lang.date(*ended)),
        },
        Err(NoAppeal::NotFirstLevel) => String::new(),
        Err(NoAppeal::NoRule(_)) => lang
            .tr(
                "Chưa có quy định về thời hạn khiếu nại lần hai có hiệu lực; quản trị hệ thống cần bổ sung.",
                "No rule on the time to take it further is in force; the administrator must add one.",
            )
            .to_owned(),
    };
    let escalate = v.appeal.is_ok().then(|| {
        let eo = only(o, "escalate_complaint");
        view! {
            <form method="post" action=here.to_owned() class="stack" novalidate data-testid="escalate-form">
                <FormMessage outcome=eo.clone() />
                <ActionField action="escalate_complaint" />
                {hidden(id, code)}
                {view! { <TextAreaField label=lang.tr("Vì sao bạn chưa đồng ý", "Why you disagree") name=f::REASON value=eo.value(f::REASON) error=field_error(&eo, lang, f::REASON) form="esc" required=true /> }.into_any()}
                <Submit label=lang.tr("Khiếu nại lần hai đến thanh tra", "Take it to the inspectors") />
            </form>
        }
        .into_any()
    });
    let close = (v.status == ComplaintStatus::Answered).then(|| {
        view! {
            <form method="post" action=here.to_owned() data-testid="close-form">
                <FormMessage outcome=only(o, "accept_complaint_answer") />
                <ActionField action="accept_complaint_answer" />
                {hidden(id, code)}
                <button class="button" type="submit" data-testid="close-submit">{lang.tr("Tôi đồng ý với trả lời, kết thúc đơn", "I accept the answer: close it")}</button>
            </form>
        }
        .into_any()
    });
    view! {
        <section class="card" data-testid="follow">
            <h2>{lang.tr("Bạn muốn làm gì tiếp", "What next")}</h2>
            {(!why.is_empty()).then(|| view! { <p class="hint" data-testid="appeal-hint">{why}</p> })}
            {close}
            {escalate}
        </section>
    }
    .into_any()
}
