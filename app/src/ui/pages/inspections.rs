//! Inspections: the list (the team's with the plan form; an agency's own opened ones), one
//! inspection with the team's forms or the agency's answers, and its printable record.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::inspections::{inspection_desk, one_inspection};
use crate::domain::inspections::{ExtraSanction, InspectionStatus, TaskStatus, ViolationCode};
use crate::i18n::inspections::{status, task_status, violation};
use crate::i18n::Lang;
use crate::ui::components::form::{
    field_error, ActionField, Field, FieldError, FormMessage, SelectField, Submit, TextAreaField,
};
use crate::ui::components::page::{by_id, fetched, id_from_path};
use crate::ui::use_lang;
use crate::views::forms::FormOutcome;
use crate::views::inspections::{
    fields as f, InspectionDeskView, InspectionView, SanctionView, TaskView, ACCEPT, RETURN,
};

fn only(o: &FormOutcome, action: &str) -> FormOutcome {
    if o.is_for(action) {
        o.clone()
    } else {
        FormOutcome::default()
    }
}

/// The outcome of a per-task form, for the task it was sent for only.
fn only_task(o: &FormOutcome, action: &str, task: i32) -> FormOutcome {
    if o.is_for(action) && o.value(f::TASK_ID) == task.to_string() {
        o.clone()
    } else {
        FormOutcome::default()
    }
}

#[component]
pub fn InspectionsPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr(
        "Thanh tra, kiểm tra doanh nghiệp",
        "Inspections of agencies",
    );
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            {fetched(|| (), |_| inspection_desk(), move |v, o| desk(lang, v, o))}
        </section>
    }
}

/// The team's form to plan an inspection, posted to `/inspections`; `agency` and `basis` are
/// filled in beforehand when it is planned from the risk ranking (what was typed wins).
pub fn plan_form(
    lang: Lang,
    agencies: Vec<(String, String)>,
    o: &FormOutcome,
    agency: &str,
    basis: &str,
) -> AnyView {
    let o = only(o, "plan_inspection");
    let e = |name| field_error(&o, lang, name);
    let or = |name: &str, preset: &str| {
        if o.is_for("plan_inspection") {
            o.value(name)
        } else {
            preset.to_owned()
        }
    };
    let (agency, basis) = (or(f::AGENCY_ID, agency), or(f::BASIS, basis));
    view! {
        <section class="card" aria-labelledby="plan-title">
            <h2 id="plan-title">{lang.tr("Lập kế hoạch kiểm tra", "Plan an inspection")}</h2>
            <p class="hint">{lang.tr(
                "Doanh nghiệp không thấy cuộc kiểm tra đã lập kế hoạch cho đến khi đoàn mở cuộc kiểm tra khi đến làm việc.",
                "The agency does not see a planned inspection until the team opens it on the visit.",
            )}</p>
            <form method="post" action="/inspections" class="stack" novalidate data-testid="plan-form">
                <FormMessage outcome=o.clone() />
                <ActionField action="plan_inspection" />
                {view! { <SelectField label=lang.tr("Doanh nghiệp", "Agency") name=f::AGENCY_ID options=agencies value=agency empty="—" error=e(f::AGENCY_ID) form="plan" /> }.into_any()}
                {view! { <TextAreaField label=lang.tr("Nội dung, phạm vi kiểm tra", "Scope") name=f::SCOPE value=o.value(f::SCOPE) error=e(f::SCOPE) form="plan" required=true /> }.into_any()}
                {view! { <Field label=lang.tr("Thành phần đoàn kiểm tra", "Team") name=f::TEAM value=o.value(f::TEAM) error=e(f::TEAM) form="plan" /> }.into_any()}
                {view! { <Field label=lang.tr("Từ ngày", "From") name=f::STARTS_ON kind="date" value=o.value(f::STARTS_ON) error=e(f::STARTS_ON) form="plan" /> }.into_any()}
                {view! { <Field label=lang.tr("Đến ngày", "To") name=f::ENDS_ON kind="date" value=o.value(f::ENDS_ON) error=e(f::ENDS_ON) form="plan" /> }.into_any()}
                {view! { <TextAreaField label=lang.tr("Căn cứ lựa chọn (vd. xếp hạng rủi ro, khiếu nại)", "Why this agency (e.g. risk ranking, complaints)") name=f::BASIS value=basis error=e(f::BASIS) form="plan" /> }.into_any()}
                <Submit label=lang.tr("Lập kế hoạch", "Plan it") />
            </form>
        </section>
    }
    .into_any()
}

fn desk(lang: Lang, v: InspectionDeskView, o: FormOutcome) -> impl IntoView {
    let rows = v
        .inspections
        .iter()
        .map(|i| {
            let owed = (i.owed_tasks > 0).then(|| match lang {
                Lang::Vi => format!(" · còn {} yêu cầu khắc phục", i.owed_tasks),
                Lang::En => format!(" · {} task(s) owed", i.owed_tasks),
            });
            let late = (i.overdue_tasks > 0).then(|| {
                view! {
                    " " <strong class="badge danger" data-testid="overdue-flag">{match lang {
                        Lang::Vi => format!("{} quá hạn", i.overdue_tasks),
                        Lang::En => format!("{} overdue", i.overdue_tasks),
                    }}</strong>
                }
            });
            view! {
                <li data-testid="inspection-row" data-status=i.status.as_str()>
                    <a href=format!("/inspections/{}", i.id)>{i.agency_name.clone()}</a>
                    " · " {status(lang, i.status)}
                    {format!(" · {} – {}", lang.date(i.starts_on), lang.date(i.ends_on))}
                    {owed}
                    {late}
                    <br /><span class="hint">{i.scope.clone()}</span>
                </li>
            }
        })
        .collect_view();
    let plan = v
        .may_record
        .then(|| plan_form(lang, v.agencies.clone(), &o, "", ""));
    let ranking = v.may_record.then(|| {
        view! {
            <p><a href="/risk" data-testid="risk-link">{lang.tr(
                "Xem doanh nghiệp xếp theo rủi ro, và lý do, trước khi lập kế hoạch",
                "See the agencies ranked by risk, and why, before planning",
            )}</a></p>
        }
    });
    view! {
        {ranking}
        {plan}
        <section class="card">
            <h2>{lang.tr("Các cuộc kiểm tra", "Inspections")}</h2>
            {if v.inspections.is_empty() {
                view! { <p data-testid="no-inspections">{lang.tr("Chưa có cuộc kiểm tra nào.", "No inspection yet.")}</p> }.into_any()
            } else {
                view! { <ul class="rows" data-testid="inspections">{rows}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn InspectionPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_from_path();
    view! {
        {fetched(move || id.get(), |id| by_id(id, one_inspection), move |v, o| page(lang, v, o, false))}
    }
}

/// The inspection's record, to print: the facts, findings, sanction and remediation, no forms.
#[component]
pub fn InspectionRecordPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_from_path();
    view! {
        {fetched(move || id.get(), |id| by_id(id, one_inspection), move |v, o| page(lang, v, o, true))}
    }
}

/// The agency's complaint against the sanction: a link to it once filed, or (for its head
/// office) the form to file it, answered by the inspectors and then, if need be, the ministry.
fn sanction_complaint(
    lang: Lang,
    s: &SanctionView,
    o: &FormOutcome,
    here: &str,
) -> Option<AnyView> {
    if let Some(id) = s.complaint_id {
        // A second filing (from a page opened before the first) is refused here, by the link.
        let o = only(o, "complain_sanction");
        let refused = field_error(&o, lang, "description");
        return Some(
            view! {
                {refused.map(|r| view! { <p class="form-error" role="alert" data-testid="form-error">{r}</p> })}
                <p data-testid="sanction-complaint"><a href=format!("/complaints/{id}")>{match lang {
                    Lang::Vi => format!("Đơn khiếu nại quyết định này: số {id}"),
                    Lang::En => format!("The complaint against this decision: no. {id}"),
                }}</a></p>
            }
            .into_any(),
        );
    }
    if !s.may_complain {
        return None;
    }
    let o = only(o, "complain_sanction");
    let e = |name| field_error(&o, lang, name);
    let open = o.is_for("complain_sanction");
    Some(
        view! {
            <details open=open data-testid="sanction-complaint-card">
                <summary>{lang.tr("Khiếu nại quyết định xử phạt", "Complain against this decision")}</summary>
                <p class="hint">{lang.tr(
                    "Đơn được gửi tới thanh tra đã ra quyết định; nếu không đồng ý với trả lời, doanh nghiệp có thể khiếu nại lần hai tới Bộ. Thời hạn khiếu nại tính từ ngày nhận quyết định.",
                    "It goes to the inspectors who decided it; if you disagree with their answer, you may take it to the ministry. The time to complain runs from the day you received the decision.",
                )}</p>
                {s.complain_by.map(|by| view! { <p class="hint" data-testid="sanction-complain-by">{match lang {
                    Lang::Vi => format!("Nếu nhận quyết định ngay ngày ký, hạn khiếu nại là hết ngày {}.", lang.date(by)),
                    Lang::En => format!("For a decision received the day it was signed, the last day to complain is {}.", lang.date(by)),
                }}</p> })}
                <form method="post" action=here.to_owned() class="stack" novalidate data-testid="sanction-complaint-form">
                    <FormMessage outcome=o.clone() />
                    <ActionField action="complain_sanction" />
                    <input type="hidden" name="sanction_id" value=s.id.to_string() />
                    {view! { <Field label=lang.tr("Ngày nhận quyết định", "Day the decision was received") name="learned_on" kind="date" value=o.value("learned_on") error=e("learned_on") form="sc" /> }.into_any()}
                    {view! { <TextAreaField label=lang.tr("Lý do khiếu nại", "Why you disagree") name="description" value=o.value("description") error=e("description") form="sc" required=true /> }.into_any()}
                    <Submit label=lang.tr("Gửi đơn khiếu nại", "File the complaint") />
                </form>
            </details>
        }
        .into_any(),
    )
}

fn page(lang: Lang, v: InspectionView, o: FormOutcome, printable: bool) -> impl IntoView {
    let here = format!("/inspections/{}", v.id);
    let facts = view! {
        <dl class="facts">
            <dt>{lang.tr("Doanh nghiệp", "Agency")}</dt>
            <dd><a href=format!("/agencies/{}", v.agency_id)>{v.agency_name.clone()}</a>{format!(" · {} {}", lang.tr("giấy phép", "licence"), v.licence_number)}</dd>
            <dt>{lang.tr("Nội dung kiểm tra", "Scope")}</dt><dd>{v.scope.clone()}</dd>
            <dt>{lang.tr("Đoàn kiểm tra", "Team")}</dt><dd>{v.team.clone()}</dd>
            <dt>{lang.tr("Thời gian", "Dates")}</dt><dd>{format!("{} – {}", lang.date(v.starts_on), lang.date(v.ends_on))}</dd>
            {v.basis.clone().filter(|b| !b.is_empty()).map(|b| view! { <dt>{lang.tr("Căn cứ lựa chọn", "Why this agency")}</dt><dd>{b}</dd> })}
            {v.opened_on.map(|d| view! { <dt>{lang.tr("Mở ngày", "Opened on")}</dt><dd>{lang.date(d)}</dd> })}
            {v.closed_on.map(|d| view! { <dt>{lang.tr("Kết thúc ngày", "Closed on")}</dt><dd>{lang.date(d)}</dd> })}
        </dl>
    }
    .into_any();
    let violations = v
        .violations
        .iter()
        .map(|x| {
            view! {
                <li data-testid="violation" data-code=x.code.as_str()>
                    <strong>{violation(lang, x.code)}</strong>
                    {format!(" · {} {}", lang.tr("ngày", "on"), lang.date(x.committed_on))}
                    <br />{x.act.clone()}
                    <br /><span class="hint">{format!("{}: {}", lang.tr("Căn cứ", "Clause"), x.clause)}</span>
                    {(x.workers > 0).then(|| view! { <br /><span class="hint">{format!("{}: {}", lang.tr("Số người lao động liên quan", "Workers concerned"), x.workers)}</span> })}
                    {(!x.witnesses.is_empty()).then(|| view! { <br /><span class="hint">{format!("{}: {}", lang.tr("Người chứng kiến", "Witnesses"), x.witnesses)}</span> })}
                    <br /><span class="hint" data-testid="violation-range">{format!("{}: {} – {}", lang.tr("Khung phạt", "Fine range"), lang.vnd(x.fine.min_vnd), lang.vnd(x.fine.max_vnd))}</span>
                </li>
            }
        })
        .collect_view();
    let sanction = v.sanction.as_ref().map(|s| {
        let markets = v.markets.clone();
        let complaint = (!printable).then(|| sanction_complaint(lang, s, &o, &here));
        view! {
            <section class="card" data-testid="sanction">
                <h2>{lang.tr("Quyết định xử phạt", "Sanction decision")}</h2>
                <p>{match lang {
                    Lang::Vi => format!("Quyết định số {} ngày {}, {} ký.", s.decision_no, lang.date(s.decided_on), s.signer),
                    Lang::En => format!("Decision no. {} of {}, signed by {}.", s.decision_no, lang.date(s.decided_on), s.signer),
                }}</p>
                <p data-testid="sanction-fine">{format!("{}: {} ({} {} – {})", lang.tr("Phạt tiền", "Fine"), lang.vnd(s.fine_vnd), lang.tr("khung", "range"), lang.vnd(s.fine.min_vnd), lang.vnd(s.fine.max_vnd))}</p>
                {s.suspension.clone().map(|(m, from, until)| {
                    let name = markets.iter().find(|x| x.code == m).map(|x| crate::i18n::market_name(lang, x).to_owned()).unwrap_or(m);
                    view! { <p data-testid="sanction-suspension">{match lang {
                        Lang::Vi => format!("Hình thức bổ sung: đình chỉ hoạt động tại thị trường {name} từ {} đến hết {}.", lang.date(from), lang.date(until)),
                        Lang::En => format!("Additional sanction: suspended in {name} from {} to {} inclusive.", lang.date(from), lang.date(until)),
                    }}</p> }
                })}
                {s.revoked_on.map(|d| view! { <p data-testid="sanction-revocation">{match lang {
                    Lang::Vi => format!("Hình thức bổ sung: thu hồi giấy phép từ ngày {}.", lang.date(d)),
                    Lang::En => format!("Additional sanction: licence revoked from {}.", lang.date(d)),
                }}</p> })}
                {complaint}
            </section>
        }
        .into_any()
    });
    let tasks = v
        .tasks
        .iter()
        .map(|t| task(lang, &v, t, &o, &here, printable))
        .collect_view();
    let forms = (!printable && v.may_record).then(|| team_forms(lang, &v, &o, &here));
    let title = format!("{} · {}", lang.tr("Kiểm tra", "Inspection"), v.agency_name);
    view! {
        <Title text=title.clone() />
        <section data-testid="inspection-page" class:printable=printable>
            {(!printable).then(|| view! { <p class="breadcrumb"><a href="/inspections">{lang.tr("Thanh tra, kiểm tra", "Inspections")}</a></p> })}
            {printable.then(|| view! { <p class="record-head">{lang.tr("BIÊN BẢN KIỂM TRA", "INSPECTION RECORD")}</p> })}
            <section class="page-head">
                <h1>{title}</h1>
                <span class="badge" data-testid="inspection-status" data-status=v.status.as_str()>{status(lang, v.status)}</span>
            </section>
            {facts}
            {(!printable).then(|| view! { <p><a href=format!("{here}/record") data-testid="record-link">{lang.tr("Biên bản kiểm tra (bản in)", "Inspection record (to print)")}</a></p> })}
            {(!printable).then(|| view! { <FormMessage outcome=only(&o, "open_inspection") /> })}
            {view! {
            <section class="card">
                <h2>{lang.tr("Hành vi vi phạm", "Violations")}</h2>
                {if v.violations.is_empty() {
                    view! { <p>{lang.tr("Chưa ghi hành vi vi phạm nào.", "No violation recorded.")}</p> }.into_any()
                } else {
                    view! { <ol data-testid="violations">{violations}</ol> }.into_any()
                }}
            </section>
            }.into_any()}
            {sanction}
            {view! {
            <section class="card">
                <h2>{lang.tr("Yêu cầu khắc phục", "Remediation")}</h2>
                {if v.tasks.is_empty() {
                    view! { <p>{lang.tr("Chưa có yêu cầu khắc phục.", "No remediation task.")}</p> }.into_any()
                } else {
                    view! { <ol class="rows" data-testid="tasks">{tasks}</ol> }.into_any()
                }}
            </section>
            }.into_any()}
            {forms}
        </section>
    }
}

fn task(
    lang: Lang,
    v: &InspectionView,
    t: &TaskView,
    o: &FormOutcome,
    here: &str,
    printable: bool,
) -> AnyView {
    let files = t
        .files
        .iter()
        .map(|(id, name)| view! { <li><a href=format!("/evidence/{id}") data-testid="evidence-file">{name.clone()}</a></li> })
        .collect_view();
    let answer_form = (!printable && v.may_answer && t.status.awaits_agency()).then(|| {
        let ao = only_task(o, "answer_remediation_task", t.id);
        let file_id = format!("ans-{}-evidence", t.id);
        let file_error = field_error(&ao, lang, f::EVIDENCE);
        let bad = file_error.is_some();
        view! {
            <form method="post" action=here.to_owned() enctype="multipart/form-data" class="stack" novalidate data-testid="answer-form">
                <FormMessage outcome=ao.clone() />
                <ActionField action="answer_remediation_task" />
                <input type="hidden" name=f::TASK_ID value=t.id.to_string() />
                {view! { <TextAreaField label=lang.tr("Đã khắc phục như thế nào", "What was done") name=f::ANSWER value=ao.value(f::ANSWER) error=field_error(&ao, lang, f::ANSWER) form=format!("ans-{}", t.id) required=true /> }.into_any()}
                <div class="field" class:has-error=bad>
                    <label for=file_id.clone()>{lang.tr("Tài liệu chứng minh (ảnh JPEG, PNG hoặc PDF, tối đa 5 MB; không bắt buộc)", "Evidence (JPEG, PNG or PDF photo, at most 5 MB; optional)")}</label>
                    <input id=file_id.clone() type="file" name=f::EVIDENCE accept="image/jpeg,image/png,application/pdf" />
                    <FieldError name=f::EVIDENCE id=format!("{file_id}-error") error=Signal::stored(file_error) />
                </div>
                <Submit label=lang.tr("Gửi báo cáo khắc phục", "Send the answer") />
            </form>
        }
        .into_any()
    });
    let review_form = (!printable && v.may_record && t.status == TaskStatus::Answered).then(|| {
        let ro = only_task(o, "review_remediation_task", t.id);
        let verdicts = vec![
            (ACCEPT.to_owned(), lang.tr("Chấp nhận: đã khắc phục", "Accept: put right").to_owned()),
            (RETURN.to_owned(), lang.tr("Trả lại: chưa đạt", "Return: not yet").to_owned()),
        ];
        view! {
            <form method="post" action=here.to_owned() class="stack" novalidate data-testid="review-form">
                <FormMessage outcome=ro.clone() />
                <ActionField action="review_remediation_task" />
                <input type="hidden" name=f::TASK_ID value=t.id.to_string() />
                {view! { <SelectField label=lang.tr("Kết luận", "Verdict") name=f::VERDICT options=verdicts value=ro.value(f::VERDICT) empty="—" error=field_error(&ro, lang, f::VERDICT) form=format!("rev-{}", t.id) /> }.into_any()}
                {view! { <TextAreaField label=lang.tr("Lý do (bắt buộc khi trả lại)", "Why (needed to return it)") name=f::NOTE value=ro.value(f::NOTE) error=field_error(&ro, lang, f::NOTE) form=format!("rev-{}", t.id) /> }.into_any()}
                <Submit label=lang.tr("Ghi kết luận", "Record the verdict") />
            </form>
        }
        .into_any()
    });
    view! {
        <li data-testid="task" data-status=t.status.as_str() data-overdue=t.overdue.to_string()>
            <strong>{t.description.clone()}</strong>
            <br />{format!("{} {}", lang.tr("Hạn:", "Due:"), lang.date(t.due_on))}
            " · " {task_status(lang, t.status)}
            {t.overdue.then(|| view! { " " <strong class="badge danger" data-testid="overdue-flag">{lang.tr("Quá hạn", "Overdue")}</strong> })}
            {t.answer.clone().map(|a| view! { <p data-testid="task-answer">{format!("{} {}", lang.tr("Báo cáo của doanh nghiệp:", "Agency's answer:"), a)}{t.answered_on.map(|d| format!(" ({})", lang.date(d)))}</p> })}
            {(!t.files.is_empty()).then(|| view! { <ul>{files}</ul> })}
            {t.review_note.clone().map(|n| view! { <p class="hint" data-testid="task-review">{format!("{} {}", lang.tr("Ý kiến của đoàn kiểm tra:", "Team's note:"), n)}</p> })}
            {answer_form}
            {review_form}
        </li>
    }
    .into_any()
}

fn team_forms(lang: Lang, v: &InspectionView, o: &FormOutcome, here: &str) -> AnyView {
    let id = v.id.to_string();
    if v.status == InspectionStatus::Planned {
        return view! {
            <section class="card">
                <h2>{lang.tr("Mở cuộc kiểm tra", "Open the inspection")}</h2>
                <p class="hint">{lang.tr("Khi đoàn đến làm việc: từ lúc này doanh nghiệp thấy cuộc kiểm tra và được báo qua email.", "On the visit: from now the agency sees the inspection and is emailed.")}</p>
                <form method="post" action=here.to_owned() data-testid="open-form">
                    <ActionField action="open_inspection" />
                    <input type="hidden" name=f::INSPECTION_ID value=id.clone() />
                    <Submit label=lang.tr("Mở cuộc kiểm tra", "Open it") />
                </form>
            </section>
        }
        .into_any();
    }
    if v.status != InspectionStatus::Open {
        return ().into_any();
    }
    let vo = only(o, "record_violation");
    let codes: Vec<(String, String)> = ViolationCode::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), violation(lang, *c).to_owned()))
        .collect();
    let hints = v
        .hints
        .iter()
        .map(|h| view! {
            <li data-testid="fine-hint" data-code=h.code.as_str()>
                {format!("{}: {} – {}{}", violation(lang, h.code), lang.vnd(h.fine.min_vnd), lang.vnd(h.fine.max_vnd), if h.per_worker { lang.tr(" mỗi người lao động", " per worker") } else { "" })}
                <br /><span class="hint">{h.source.clone()}</span>
            </li>
        })
        .collect_view();
    let violation_form = view! {
        <details class="card" open=!vo.errors.0.is_empty() || vo.problem.is_some() data-testid="violation-card">
            <summary><h2>{lang.tr("Ghi hành vi vi phạm", "Record a violation")}</h2></summary>
            <details><summary>{lang.tr("Khung phạt theo quy định đang có hiệu lực", "Fine ranges of the rules in force")}</summary><ul>{hints}</ul></details>
            <form method="post" action=here.to_owned() class="stack" novalidate data-testid="violation-form">
                <FormMessage outcome=vo.clone() />
                <ActionField action="record_violation" />
                <input type="hidden" name=f::INSPECTION_ID value=id.clone() />
                {view! { <SelectField label=lang.tr("Hành vi", "Violation") name=f::CODE options=codes value=vo.value(f::CODE) empty="—" error=field_error(&vo, lang, f::CODE) form="vio" /> }.into_any()}
                {view! { <TextAreaField label=lang.tr("Mô tả hành vi", "What was done") name=f::ACT value=vo.value(f::ACT) error=field_error(&vo, lang, f::ACT) form="vio" required=true /> }.into_any()}
                {view! { <Field label=lang.tr("Căn cứ pháp lý (điều, khoản, điểm)", "Legal clause") name=f::CLAUSE value=vo.value(f::CLAUSE) error=field_error(&vo, lang, f::CLAUSE) form="vio" /> }.into_any()}
                {view! { <Field label=lang.tr("Ngày thực hiện hành vi", "Committed on") name=f::COMMITTED_ON kind="date" value=vo.value(f::COMMITTED_ON) error=field_error(&vo, lang, f::COMMITTED_ON) form="vio" /> }.into_any()}
                {view! { <Field label=lang.tr("Số người lao động liên quan", "Workers concerned") name=f::WORKERS inputmode="numeric" value=vo.value(f::WORKERS) error=field_error(&vo, lang, f::WORKERS) required=false form="vio" /> }.into_any()}
                {view! { <Field label=lang.tr("Người chứng kiến", "Witnesses") name=f::WITNESSES value=vo.value(f::WITNESSES) error=field_error(&vo, lang, f::WITNESSES) required=false form="vio" /> }.into_any()}
                <Submit label=lang.tr("Ghi vi phạm", "Record it") />
            </form>
        </details>
    }
    .into_any();
    let sanction_form = (v.sanction.is_none() && !v.violations.is_empty()).then(|| {
        let so = only(o, "record_sanction");
        let markets: Vec<(String, String)> = v.markets.iter().map(|m| (m.code.clone(), crate::i18n::market_name(lang, m).to_owned())).collect();
        let extras = vec![
            (ExtraSanction::None.as_str().to_owned(), lang.tr("Không", "None").to_owned()),
            (ExtraSanction::Suspension.as_str().to_owned(), lang.tr("Đình chỉ hoạt động tại một thị trường", "Suspension in one market").to_owned()),
            (ExtraSanction::Revocation.as_str().to_owned(), lang.tr("Thu hồi giấy phép", "Revocation of the licence").to_owned()),
        ];
        let (min, max) = v.suspension_months.unwrap_or((0, 0));
        let range = match lang {
            Lang::Vi => format!("Khung phạt của các vi phạm đã ghi: {} – {}. Đình chỉ: {min} đến {max} tháng.", lang.vnd(v.fine_range.min_vnd), lang.vnd(v.fine_range.max_vnd)),
            Lang::En => format!("Range of the violations recorded: {} – {}. Suspension: {min} to {max} months.", lang.vnd(v.fine_range.min_vnd), lang.vnd(v.fine_range.max_vnd)),
        };
        let decided = if so.value(f::DECIDED_ON).is_empty() { v.today.to_string() } else { so.value(f::DECIDED_ON) };
        view! {
            <section class="card" aria-labelledby="sanction-title">
                <h2 id="sanction-title">{lang.tr("Quyết định xử phạt", "Sanction decision")}</h2>
                <p class="hint" data-testid="fine-range">{range}</p>
                <form method="post" action=here.to_owned() class="stack" novalidate data-testid="sanction-form">
                    <FormMessage outcome=so.clone() />
                    <ActionField action="record_sanction" />
                    <input type="hidden" name=f::INSPECTION_ID value=id.clone() />
                    {view! { <Field label=lang.tr("Số quyết định", "Decision no.") name=f::DECISION_NO value=so.value(f::DECISION_NO) error=field_error(&so, lang, f::DECISION_NO) form="san" /> }.into_any()}
                    {view! { <Field label=lang.tr("Ngày ký", "Signed on") name=f::DECIDED_ON kind="date" value=decided error=field_error(&so, lang, f::DECIDED_ON) form="san" /> }.into_any()}
                    {view! { <Field label=lang.tr("Người có thẩm quyền ký (họ tên, chức vụ)", "Competent person (name, title)") name=f::SIGNER value=so.value(f::SIGNER) error=field_error(&so, lang, f::SIGNER) form="san" /> }.into_any()}
                    {view! { <Field label=lang.tr("Số tiền phạt (đồng)", "Fine (VND)") name=f::FINE_VND inputmode="numeric" value=so.value(f::FINE_VND) error=field_error(&so, lang, f::FINE_VND) form="san" /> }.into_any()}
                    {view! { <SelectField label=lang.tr("Hình thức xử phạt bổ sung", "Additional sanction") name=f::EXTRA options=extras value=so.value(f::EXTRA) error=field_error(&so, lang, f::EXTRA) form="san" /> }.into_any()}
                    {view! { <SelectField label=lang.tr("Thị trường bị đình chỉ", "Market suspended") name=f::MARKET options=markets value=so.value(f::MARKET) empty="—" error=field_error(&so, lang, f::MARKET) form="san" /> }.into_any()}
                    {view! { <Field label=lang.tr("Hiệu lực từ ngày (đình chỉ, thu hồi)", "In force from (suspension, revocation)") name=f::EFFECTIVE_ON kind="date" value=so.value(f::EFFECTIVE_ON) error=field_error(&so, lang, f::EFFECTIVE_ON) required=false form="san" /> }.into_any()}
                    {view! { <Field label=lang.tr("Số tháng đình chỉ", "Months suspended") name=f::MONTHS inputmode="numeric" value=so.value(f::MONTHS) error=field_error(&so, lang, f::MONTHS) required=false form="san" /> }.into_any()}
                    <Submit label=lang.tr("Ghi quyết định xử phạt", "Record the decision") />
                </form>
            </section>
        }
        .into_any()
    });
    let to = only(o, "add_remediation_task");
    let task_form = view! {
        <section class="card" aria-labelledby="task-title">
            <h2 id="task-title">{lang.tr("Thêm yêu cầu khắc phục", "Add a remediation task")}</h2>
            <form method="post" action=here.to_owned() class="stack" novalidate data-testid="task-form">
                <FormMessage outcome=to.clone() />
                <ActionField action="add_remediation_task" />
                <input type="hidden" name=f::INSPECTION_ID value=id.clone() />
                {view! { <TextAreaField label=lang.tr("Việc phải khắc phục", "What to put right") name=f::DESCRIPTION value=to.value(f::DESCRIPTION) error=field_error(&to, lang, f::DESCRIPTION) form="task" required=true /> }.into_any()}
                {view! { <Field label=lang.tr("Hạn khắc phục", "Due on") name=f::DUE_ON kind="date" value=to.value(f::DUE_ON) error=field_error(&to, lang, f::DUE_ON) form="task" /> }.into_any()}
                <Submit label=lang.tr("Thêm yêu cầu", "Add it") />
            </form>
        </section>
    }
    .into_any();
    let co = only(o, "close_inspection");
    let close_error = field_error(&co, lang, f::INSPECTION_ID);
    let close_form = view! {
        <section class="card">
            <h2>{lang.tr("Kết thúc cuộc kiểm tra", "Close the inspection")}</h2>
            <form method="post" action=here.to_owned() class="stack" data-testid="close-form">
                <FormMessage outcome=co.clone() />
                <ActionField action="close_inspection" />
                <input type="hidden" name=f::INSPECTION_ID value=id />
                <FieldError name=f::INSPECTION_ID id="close-error".to_owned() error=Signal::stored(close_error) />
                <Submit label=lang.tr("Kết thúc", "Close it") />
            </form>
        </section>
    }
    .into_any();
    view! { {violation_form} {sanction_form} {task_form} {close_form} }.into_any()
}
