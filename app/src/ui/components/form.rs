//! Pieces of the HTML forms: a labelled input with its error right under it, the form-level
//! message, the hidden action field. Render only; the rules are in `domain`.

use leptos::prelude::*;

use crate::i18n::{form_problem, problem, Lang};
use crate::ui::use_lang;
use crate::views::forms::{FormOutcome, Notice};

/// The error sentence for one field of an outcome, in the reader's language.
pub fn field_error(o: &FormOutcome, lang: Lang, name: &str) -> Option<String> {
    o.errors.first_for(name).map(|p| problem(lang, p))
}

#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] value: String,
    #[prop(into, default = Signal::stored(None))] error: Signal<Option<String>>,
    #[prop(default = true)] required: bool,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// Prefix of the element ids, when one page has several forms with the same field names.
    #[prop(optional, into)]
    form: Option<String>,
) -> impl IntoView {
    let id = form.map_or_else(|| name.to_owned(), |f| format!("{f}-{name}"));
    let (error_id, hint_id) = (format!("{id}-error"), format!("{id}-hint"));
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || match (hint.is_some(), error.with(Option::is_some)) {
            (true, true) => Some(format!("{hint_id} {error_id}")),
            (false, true) => Some(error_id.clone()),
            (true, false) => Some(hint_id.clone()),
            _ => None,
        }
    };
    let invalid = move || error.with(Option::is_some).then_some("true");
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id.clone()
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                required=required
                inputmode=inputmode
                aria-invalid=invalid
                aria-describedby=described
            />
            <FieldError name id=error_id error />
        </div>
    }
}

/// The problem of one field, right under it, for screen readers tied to the input.
#[component]
pub fn FieldError(name: &'static str, id: String, error: Signal<Option<String>>) -> impl IntoView {
    move || {
        let id = id.clone();
        error.get().map(move |e| {
            view! {
                <p class="field-error" id=id data-testid=format!("error-{name}")>
                    {e}
                </p>
            }
        })
    }
}

#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    #[prop(optional)] value: String,
    #[prop(into, default = Signal::stored(None))] error: Signal<Option<String>>,
    #[prop(optional)] empty: Option<&'static str>,
    #[prop(optional, into)] form: Option<String>,
) -> impl IntoView {
    let invalid = move || error.with(Option::is_some).then_some("true");
    let id = form.map_or_else(|| name.to_owned(), |f| format!("{f}-{name}"));
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            <select id=id.clone() name=name aria-invalid=invalid>
                {empty.map(|e| view! { <option value="">{e}</option> })}
                {options
                    .into_iter()
                    .map(|(v, text)| {
                        let selected = v == value;
                        view! {
                            <option value=v selected=selected>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldError name id=error_id error />
        </div>
    }
}

fn notice_text(lang: Lang, n: &Notice) -> &'static str {
    match n {
        Notice::ResetRequested => lang.tr(
            "Nếu email này có tài khoản, chúng tôi vừa gửi liên kết đặt lại mật khẩu. Liên kết dùng được trong 1 giờ.",
            "If this email has an account, a reset link is on its way. The link works for one hour.",
        ),
        Notice::SignupSent => lang.tr(
            "Chúng tôi vừa gửi một liên kết đến địa chỉ email bạn nhập. Hãy mở thư và bấm liên kết trong 24 giờ để hoàn tất việc đăng ký. Nếu không thấy thư, hãy xem cả mục thư rác.",
            "We have just sent a link to the email address you entered. Open the email and follow the link within 24 hours to finish signing up. If it is not there, look in the spam folder too.",
        ),
        Notice::RecordClaimed => lang.tr(
            "Tài khoản của bạn đã được liên kết với hồ sơ của bạn.",
            "Your account is now linked to your record.",
        ),
        Notice::Unlocked => lang.tr(
            "Đã mở khoá tài khoản. Bạn có thể đăng nhập lại.",
            "The account is unlocked. You may sign in again.",
        ),
        Notice::DisputeFiled => lang.tr(
            "Đã gửi yêu cầu đến Sở Nội vụ tỉnh nơi đăng ký số căn cước. Hãy mang căn cước công dân đến Sở để được giải quyết; bạn sẽ nhận kết quả qua email.",
            "Your request went to the provincial Home Affairs department where the citizen ID was registered. Take your citizen ID card there to settle it; you will get the answer by email.",
        ),
        Notice::DisputeRejected => lang.tr("Đã từ chối yêu cầu và báo lý do cho người lao động.", "The request is rejected and the worker told why."),
        Notice::EvidenceAdded => lang.tr("Đã thêm lý do và bản chụp vào yêu cầu điều chỉnh.", "The reason and scan are added to the correction request."),
        Notice::CorrectionDecided => lang.tr("Đã quyết định yêu cầu điều chỉnh và báo cho người lao động.", "The correction request is decided and the worker told."),
        Notice::InvitationSent => lang.tr("Đã gửi lời mời qua email.", "The invitation has been emailed."),
        Notice::StatusChanged => lang.tr("Đã cập nhật trạng thái tài khoản.", "The account status is updated."),
        Notice::SessionRevoked => lang.tr("Đã kết thúc phiên đăng nhập.", "The session has been ended."),
        Notice::ComplaintUpdated => lang.tr("Đã ghi nhận. Xem tiến trình bên dưới.", "Recorded. See the steps below."),
    }
}

/// The message about the whole form: a problem (role=alert) or a notice (role=status).
#[component]
pub fn FormMessage(outcome: FormOutcome) -> impl IntoView {
    let lang = use_lang();
    let problem = outcome.problem.as_ref().map(|p| form_problem(lang, p));
    let notice = outcome.notice.as_ref().map(|n| notice_text(lang, n));
    let count = outcome.errors.0.len();
    let summary = (count > 0).then(|| match lang {
        Lang::Vi => format!("Có {count} mục cần sửa, xem ghi chú bên dưới từng mục."),
        Lang::En => format!("{count} field(s) need attention; see the notes under each."),
    });
    view! {
        {problem.map(|p| view! { <p class="form-error" role="alert" data-testid="form-error">{p}</p> })}
        {summary.map(|s| view! { <p class="form-error" role="alert">{s}</p> })}
        {notice.map(|n| view! { <p class="form-notice" role="status" data-testid="form-notice">{n}</p> })}
    }
}

#[component]
pub fn ActionField(action: &'static str) -> impl IntoView {
    view! { <input type="hidden" name="_action" value=action /> }
}

#[component]
pub fn Submit(label: &'static str) -> impl IntoView {
    view! {
        <button class="button primary" type="submit" data-testid="submit">
            {label}
        </button>
    }
}

#[component]
pub fn TextAreaField(
    label: &'static str,
    name: &'static str,
    #[prop(optional)] value: String,
    #[prop(into, default = Signal::stored(None))] error: Signal<Option<String>>,
    #[prop(optional, into)] form: Option<String>,
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    let invalid = move || error.with(Option::is_some).then_some("true");
    let id = form.map_or_else(|| name.to_owned(), |f| format!("{f}-{name}"));
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            <textarea id=id.clone() name=name rows="3" required=required aria-invalid=invalid>
                {value}
            </textarea>
            <FieldError name id=error_id error />
        </div>
    }
}
