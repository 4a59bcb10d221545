use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::AppError;
use crate::ui::{set_status, use_lang};

/// Shows an error in the reader's language and gives the page the matching HTTP status.
/// Internals never reach this view: an unexpected failure arrives as a request id only.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    set_status(error.status());
    // A problem about the record (two-step verification already on, say) is told as it is.
    let problem = match &error {
        AppError::Problem(p) => Some(crate::i18n::form_problem(lang, p)),
        _ => None,
    };
    let (title, text, request_id) = match &error {
        AppError::NotFound => (t.not_found_title, t.not_found_text, None),
        AppError::Unavailable => (t.unavailable_title, t.unavailable_text, None),
        AppError::Unexpected { request_id } => {
            (t.error_title, t.error_text, Some(request_id.clone()))
        }
        AppError::Transport(_)
        | AppError::Invalid(_)
        | AppError::Problem(_)
        | AppError::Refused { .. } => (t.error_title, t.error_text, None),
        AppError::Forbidden => (
            lang.tr("Không có quyền truy cập", "Not permitted"),
            lang.tr(
                "Tài khoản của bạn không được xem trang này.",
                "Your account may not see this page.",
            ),
            None,
        ),
        AppError::Unauthenticated => (
            lang.tr("Cần đăng nhập", "Sign-in required"),
            lang.tr(
                "Vui lòng đăng nhập để xem trang này.",
                "Please sign in to see this page.",
            ),
            None,
        ),
    };
    let testid = match &error {
        AppError::NotFound => "not-found",
        AppError::Forbidden => "forbidden",
        AppError::Unauthenticated => "unauthenticated",
        _ => "error",
    };
    let signin = matches!(error, AppError::Unauthenticated);
    view! {
        <Title text=title />
        <section class="error-page" role="alert" data-status=error.status() data-testid=testid>
            <h1>{title}</h1>
            <p>{problem.unwrap_or_else(|| text.to_owned())}</p>
            {request_id
                .map(|id| {
                    view! {
                        <p class="request-id">
                            {t.request_id} ": " <code>{id}</code>
                        </p>
                    }
                })}
            <p>
                {signin
                    .then(|| {
                        view! {
                            <a class="button" href="/signin">
                                {lang.tr("Đăng nhập", "Sign in")}
                            </a>
                            " "
                        }
                    })}
                <a class="button" href="/">
                    {t.go_home}
                </a>
            </p>
        </section>
    }
}
