//! Correction requests: an agency's own (what it typed, the outcome, its reason and a scan of
//! the ID card), and a provincial officer's to decide (both versions, who asked and why).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::corrections::corrections;
use crate::domain::citizen_id::Sex;
use crate::i18n::Lang;
use crate::ui::components::form::{field_error, ActionField, FormMessage, Submit};
use crate::ui::components::page::fetched;
use crate::ui::use_lang;
use crate::views::corrections::{fields as f, CorrectionChoice, CorrectionRowView};
use crate::views::forms::FormOutcome;

fn sex_label(lang: Lang, s: Sex) -> &'static str {
    match s {
        Sex::Male => lang.tr("Nam", "Male"),
        Sex::Female => lang.tr("Nữ", "Female"),
    }
}

fn outcome_label(lang: Lang, o: Option<CorrectionChoice>) -> &'static str {
    match o {
        None => lang.tr(
            "Đang chờ cán bộ tỉnh quyết định",
            "Waiting for the provincial officer",
        ),
        Some(CorrectionChoice::Stored) => lang.tr(
            "Giữ thông tin đã lưu: thông tin công ty nhập chưa đúng",
            "The record stays as it is: the details typed were wrong",
        ),
        Some(CorrectionChoice::Proposed) => lang.tr(
            "Đã sửa hồ sơ theo thông tin công ty nhập",
            "The record now has the details typed",
        ),
        Some(CorrectionChoice::Rejected) => lang.tr("Bị từ chối", "Rejected"),
    }
}

fn person(lang: Lang, name: &str, birth: chrono::NaiveDate, sex: Sex) -> String {
    format!("{name} · {} · {}", lang.date(birth), sex_label(lang, sex))
}

/// A field's problem, for the row whose form was sent.
fn row_error(o: &FormOutcome, lang: Lang, id: &str, name: &str) -> Option<String> {
    (o.value(f::CORRECTION_ID) == id)
        .then(|| field_error(o, lang, name))
        .flatten()
}

fn error_line(e: Option<String>, testid: &'static str) -> impl IntoView {
    e.map(|e| view! { <p class="field-error" role="alert" data-testid=testid>{e}</p> })
}

#[component]
pub fn CorrectionsPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Yêu cầu sửa thông tin", "Correction requests");
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            {fetched(|| (), |_| corrections(), move |v, o| {
                let sent = if o.is_for("correction_evidence") || o.is_for("decide_correction") {
                    o.clone()
                } else {
                    FormOutcome::default()
                };
                let intro = if v.officer {
                    lang.tr(
                        "Các công ty đã nhập một số căn cước có trong hồ sơ của tỉnh với thông tin khác. Đối chiếu với căn cước bản gốc hoặc bản chụp, rồi giữ một phiên bản hoặc từ chối kèm lý do.",
                        "Agencies typed a citizen ID on record in your province under other details. Check them against the card or its scan, then keep one version or reject with a reason.",
                    )
                } else {
                    lang.tr(
                        "Khi một số căn cước cần sửa thông tin, yêu cầu được gửi cho cán bộ tỉnh. Thêm lý do và bản chụp căn cước để cán bộ quyết định nhanh hơn.",
                        "When a citizen ID's details need a correction, the request goes to the provincial officer. Add a reason and a scan of the ID card to help them decide.",
                    )
                };
                let rows = v.rows.iter().map(|r| row(lang, v.officer, r, &sent)).collect_view();
                view! {
                    <p>{intro}</p>
                    <FormMessage outcome=sent.clone() />
                    {v.rows.is_empty().then(|| view! { <p>{lang.tr("Không có yêu cầu nào.", "No requests.")}</p> })}
                    <ul class="plain">{rows}</ul>
                }
                .into_any()
            })}
        </section>
    }
}

fn row(lang: Lang, officer: bool, r: &CorrectionRowView, sent: &FormOutcome) -> impl IntoView {
    let id = r.id.to_string();
    let filed = (r.filed_at + chrono::TimeDelta::hours(7))
        .format("%d/%m/%Y %H:%M")
        .to_string();
    let proposed = person(
        lang,
        &r.proposed_full_name,
        r.proposed_birth_date,
        r.proposed_sex,
    );
    let stored = r
        .stored
        .as_ref()
        .map(|(name, birth, sex)| person(lang, name, *birth, *sex));
    let scan = r.has_scan.then(|| {
        view! {
            <p><a href=format!("/corrections/{}/scan", r.id) data-testid="scan-link">
                {lang.tr("Tải bản chụp căn cước", "Download the ID card scan")}
            </a></p>
        }
    });
    let open = r.outcome.is_none();
    let form = match (open, officer) {
        (false, _) => None,
        (true, true) => Some(decide_form(lang, &id, sent).into_any()),
        (true, false) => Some(evidence_form(lang, &id, sent).into_any()),
    };
    view! {
        <li class="card" data-testid="correction">
            <p><strong>{r.citizen_id.clone()}</strong> " · " {filed}
                {r.agency_name.clone().map(|a| view! { " · " {a} })}
            </p>
            {stored.map(|s| view! {
                <p data-testid="stored">{lang.tr("Thông tin đã lưu: ", "On record: ")}{s}</p>
            })}
            <p data-testid="proposed">{lang.tr("Thông tin công ty nhập: ", "Typed by the agency: ")}{proposed}</p>
            {(!r.reason.is_empty()).then(|| view! {
                <p class="breakable">{lang.tr("Lý do: ", "Reason: ")}{r.reason.clone()}</p>
            })}
            {scan}
            <p data-testid="outcome">
                <strong>{outcome_label(lang, r.outcome)}</strong>
                {r.decision_reason.clone().map(|d| view! { " — " <span class="breakable">{d}</span> })}
            </p>
            {form}
        </li>
    }
}

fn evidence_form(lang: Lang, id: &str, sent: &FormOutcome) -> impl IntoView {
    let reason_id = format!("reason-{id}");
    let scan_id = format!("scan-{id}");
    let reason_error = row_error(sent, lang, id, f::REASON);
    let reason_bad = reason_error.is_some();
    let scan_error = row_error(sent, lang, id, f::SCAN);
    let scan_bad = scan_error.is_some();
    let typed = if sent.value(f::CORRECTION_ID) == id {
        sent.value(f::REASON)
    } else {
        String::new()
    };
    view! {
        <form method="post" action="/corrections" enctype="multipart/form-data" class="stack" novalidate data-testid="evidence-form">
            <ActionField action="correction_evidence" />
            <input type="hidden" name=f::CORRECTION_ID value=id.to_owned() />
            <div class="field" class:has-error=reason_bad>
                <label for=reason_id.clone()>{lang.tr("Lý do và thông tin đúng", "Reason and the right details")}</label>
                <textarea id=reason_id name=f::REASON rows="3" maxlength="1000">{typed}</textarea>
                {error_line(reason_error, "error-reason")}
            </div>
            <div class="field" class:has-error=scan_bad>
                <label for=scan_id.clone()>{lang.tr("Bản chụp căn cước (PDF, JPEG, PNG; không bắt buộc)", "Scan of the ID card (PDF, JPEG, PNG; optional)")}</label>
                <input id=scan_id type="file" name=f::SCAN accept="application/pdf,image/jpeg,image/png" />
                {error_line(scan_error, "error-scan")}
            </div>
            <Submit label=lang.tr("Gửi cho cán bộ tỉnh", "Send to the provincial officer") />
        </form>
    }
}

fn decide_form(lang: Lang, id: &str, sent: &FormOutcome) -> impl IntoView {
    let reason_id = format!("decision-{id}");
    let reason_error = row_error(sent, lang, id, f::REASON);
    let reason_bad = reason_error.is_some();
    let mine = sent.value(f::CORRECTION_ID) == id;
    let chosen = if mine {
        sent.value(f::CHOICE)
    } else {
        String::new()
    };
    let typed = if mine {
        sent.value(f::REASON)
    } else {
        String::new()
    };
    let choices = [
        (
            CorrectionChoice::Stored,
            lang.tr("Giữ thông tin đã lưu", "Keep the record as it is"),
        ),
        (
            CorrectionChoice::Proposed,
            lang.tr(
                "Sửa theo thông tin công ty nhập",
                "Take the details typed by the agency",
            ),
        ),
        (
            CorrectionChoice::Rejected,
            lang.tr("Từ chối (ghi lý do)", "Reject (give a reason)"),
        ),
    ];
    view! {
        <form method="post" action="/corrections" class="stack" novalidate data-testid="decide-form">
            <ActionField action="decide_correction" />
            <input type="hidden" name=f::CORRECTION_ID value=id.to_owned() />
            <fieldset class="field">
                <legend>{lang.tr("Quyết định", "Decision")}</legend>
                {choices.into_iter().map(|(c, label)| view! {
                    <label class="choice">
                        <input type="radio" name=f::CHOICE value=c.as_str()
                            checked=chosen == c.as_str() || (chosen.is_empty() && c == CorrectionChoice::Stored) />
                        " " {label}
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="field" class:has-error=reason_bad>
                <label for=reason_id.clone()>{lang.tr("Lý do (bắt buộc khi từ chối)", "Reason (required to reject)")}</label>
                <textarea id=reason_id name=f::REASON rows="2" maxlength="1000">{typed}</textarea>
                {error_line(reason_error, "error-reason")}
            </div>
            <Submit label=lang.tr("Lưu quyết định", "Save the decision") />
        </form>
    }
}
