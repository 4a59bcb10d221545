//! The filing form: a worker from their account, or someone acting for a worker (a relative, a
//! labour attaché) or denouncing without an account, who is given a tracking code.

use leptos::prelude::*;

use super::only;
use crate::domain::complaints::{Category, ComplaintKind, Relation};
use crate::i18n::complaints::{category, kind, relation};
use crate::i18n::Lang;
use crate::ui::components::form::{
    field_error, ActionField, Field, FieldError, FormMessage, SelectField, Submit, TextAreaField,
};
use crate::views::complaints::{fields as f, ComplaintDeskView, AS_OTHER, AS_SELF};
use crate::views::forms::FormOutcome;

pub fn form(lang: Lang, v: &ComplaintDeskView, o: &FormOutcome) -> AnyView {
    let o = only(o, "file_complaint");
    let e = |name| field_error(&o, lang, name);
    let kinds: Vec<(String, String)> = ComplaintKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), kind(lang, *k).to_owned()))
        .collect();
    let categories: Vec<(String, String)> = Category::ALL
        .iter()
        .filter(|c| **c != Category::Sanction)
        .map(|c| (c.as_str().to_owned(), category(lang, *c).to_owned()))
        .collect();
    let relations: Vec<(String, String)> = Relation::ALL
        .iter()
        .filter(|r| !matches!(r, Relation::Worker | Relation::Agency))
        .map(|r| (r.as_str().to_owned(), relation(lang, *r).to_owned()))
        .collect();
    let acting = (!v.signed_in_worker).then(|| {
        view! {
            <fieldset class="stack">
                <legend>{lang.tr("Người gửi đơn", "Who is filing")}</legend>
                <p class="hint">{lang.tr(
                    "Doanh nghiệp không thấy tên và liên hệ của bạn, trừ khi thanh tra cho phép để giải quyết. Người tố cáo được giữ bí mật.",
                    "The agency does not see your name or contact unless an inspector shares them to settle it. A denouncer's identity is kept secret.",
                )}</p>
                {view! { <Field label=lang.tr("Họ và tên của bạn", "Your full name") name=f::FILER_NAME value=o.value(f::FILER_NAME) error=e(f::FILER_NAME) form="cmp" autocomplete="name" /> }.into_any()}
                {view! { <SelectField label=lang.tr("Bạn là", "You are") name=f::RELATION options=relations value=o.value(f::RELATION) empty="—" error=e(f::RELATION) form="cmp" /> }.into_any()}
                {view! { <Field label=lang.tr("Email (để nhận mã theo dõi và kết quả)", "Email (for the tracking code and the answers)") name=f::EMAIL kind="email" value=o.value(f::EMAIL) error=e(f::EMAIL) form="cmp" autocomplete="email" /> }.into_any()}
                {view! { <Field label=lang.tr("Số điện thoại (không bắt buộc)", "Phone (optional)") name=f::PHONE kind="tel" value=o.value(f::PHONE) error=e(f::PHONE) form="cmp" required=false autocomplete="tel" /> }.into_any()}
                {view! { <Field label=lang.tr("Họ tên người lao động (không bắt buộc khi tố cáo)", "The worker's full name (optional for a denunciation)") name=f::WORKER_NAME value=o.value(f::WORKER_NAME) error=e(f::WORKER_NAME) form="cmp" /> }.into_any()}
            </fieldset>
        }
        .into_any()
    });
    let filing_as = if v.signed_in_worker {
        AS_SELF
    } else {
        AS_OTHER
    };
    let file_error = e(f::FILE);
    let bad_file = file_error.is_some();
    let foreign = !o.value(f::FOREIGN_ELEMENT).is_empty();
    let learned = o.value(f::LEARNED_ON);
    let days = v.filing_days;
    let late_hint = match lang {
        Lang::Vi => format!("Khiếu nại trong {days} ngày kể từ ngày bạn biết việc này. Quá hạn vì ốm đau, thiên tai, đi công tác, học tập ở nơi xa hoặc trở ngại khách quan khác: hãy ghi lý do."),
        Lang::En => format!("A complaint is filed within {days} days of learning of it. Late because of illness, disaster, being far away or another obstacle: say why."),
    };
    view! {
        <section class="card" aria-labelledby="file-title">
            <h2 id="file-title">{lang.tr("Gửi đơn khiếu nại hoặc tố cáo", "File a complaint or a denunciation")}</h2>
            <p class="hint">{lang.tr(
                "Khiếu nại: bạn đề nghị doanh nghiệp xem lại việc làm sai với chính bạn (ví dụ thu quá mức phí dịch vụ); nếu không đồng ý với trả lời, bạn khiếu nại lần hai đến thanh tra. Tố cáo: bạn báo cho thanh tra một hành vi vi phạm pháp luật.",
                "A complaint asks the agency to review what it did to you (say, charging over the cap); if you disagree with its answer, you take it to the inspectors. A denunciation reports a breach of the law to the inspectors.",
            )}</p>
            <form method="post" action="/complaints" enctype="multipart/form-data" class="stack" novalidate data-testid="file-form">
                <FormMessage outcome=o.clone() />
                <ActionField action="file_complaint" />
                <input type="hidden" name=f::FILING_AS value=filing_as />
                <FieldError name=f::FILING_AS id="cmp-filing_as-error".to_owned() error=Signal::stored(e(f::FILING_AS)) />
                {view! { <SelectField label=lang.tr("Loại đơn", "Kind") name=f::KIND options=kinds value=o.value(f::KIND) error=e(f::KIND) form="cmp" /> }.into_any()}
                {view! { <SelectField label=lang.tr("Doanh nghiệp bị khiếu nại, tố cáo", "The agency it is about") name=f::AGENCY_ID options=v.agencies.clone() value=o.value(f::AGENCY_ID) empty="—" error=e(f::AGENCY_ID) form="cmp" /> }.into_any()}
                {view! { <SelectField label=lang.tr("Nội dung", "What it is about") name=f::CATEGORY options=categories value=o.value(f::CATEGORY) empty="—" error=e(f::CATEGORY) form="cmp" /> }.into_any()}
                {view! { <Field label=lang.tr("Ngày bạn biết việc này", "When you learned of it") name=f::LEARNED_ON kind="date" value=learned error=e(f::LEARNED_ON) form="cmp" /> }.into_any()}
                <p class="hint" data-testid="filing-limit">{late_hint}</p>
                {view! { <TextAreaField label=lang.tr("Lý do nộp muộn (nếu có)", "Why it is late (if it is)") name=f::LATE_REASON value=o.value(f::LATE_REASON) error=e(f::LATE_REASON) form="cmp" /> }.into_any()}
                {view! { <TextAreaField label=lang.tr("Sự việc (ai, khi nào, bao nhiêu tiền, bạn đề nghị gì)", "What happened (who, when, how much, what you ask for)") name=f::DESCRIPTION value=o.value(f::DESCRIPTION) error=e(f::DESCRIPTION) form="cmp" required=true /> }.into_any()}
                <div class="field">
                    <label><input type="checkbox" name=f::FOREIGN_ELEMENT value="1" checked=foreign data-testid="foreign-element" />" " {lang.tr("Sự việc xảy ra ở nước ngoài hoặc liên quan đến chủ sử dụng nước ngoài", "It happened abroad or involves the foreign employer")}</label>
                </div>
                <div class="field" class:has-error=bad_file>
                    <label for="cmp-file">{lang.tr("Ảnh hoặc tài liệu kèm theo (JPEG, PNG, PDF, tối đa 5 MB; không bắt buộc)", "A photo or document (JPEG, PNG, PDF, at most 5 MB; optional)")}</label>
                    <input id="cmp-file" type="file" name=f::FILE accept="image/jpeg,image/png,application/pdf" />
                    <FieldError name=f::FILE id="cmp-file-error".to_owned() error=Signal::stored(file_error) />
                </div>
                {acting}
                <Submit label=lang.tr("Gửi đơn", "File it") />
            </form>
        </section>
    }
    .into_any()
}
