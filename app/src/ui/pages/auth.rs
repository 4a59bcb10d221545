//! Sign-up's confirmation, sign-in (password, then code), sign-out, password reset, invitations
//! and two-factor set-up. Plain forms posting to their own page; see `api::forms`. The sign-up
//! form itself is in `signup`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::accounts::{
    invitation, reset_link_live, signup_link_live, totp_setup, unlock_link_live,
};
use crate::ui::components::error_view::ErrorView;
use crate::ui::components::form::{field_error, ActionField, Field, FormMessage, Submit};
use crate::ui::components::page::with_outcome;
use crate::ui::use_lang;

#[component]
pub fn SigninPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Đăng nhập", "Sign in");
    let query = use_query_map();
    let reset = move || query.with(|q| q.get_str("reset").is_some());
    view! {
        <Title text=title />
        <section class="auth">
            <h1>{title}</h1>
            <Show when=reset>
                <p class="form-notice" role="status" data-testid="form-notice">
                    {lang.tr("Đã đặt mật khẩu mới. Hãy đăng nhập lại.", "Your new password is set. Please sign in.")}
                </p>
            </Show>
            {with_outcome(
                "signin",
                move |o| {
                    view! {
                        <form method="post" action="/signin" class="stack" novalidate>
                            <FormMessage outcome=o.clone() />
                            <ActionField action="signin" />
                            <Field
                                label=lang.tr("Email hoặc số căn cước", "Email or citizen ID")
                                name="identifier"
                                autocomplete="username"
                                value=o.value("identifier")
                                error=field_error(&o, lang, "identifier")
                            />
                            <Field
                                label=lang.tr("Mật khẩu", "Password")
                                name="password"
                                kind="password"
                                autocomplete="current-password"
                                error=field_error(&o, lang, "password")
                            />
                            <Submit label=lang.tr("Đăng nhập", "Sign in") />
                        </form>
                    }
                },
            )}
            <p>
                <a href="/password/forgot">{lang.tr("Quên mật khẩu?", "Forgot your password?")}</a>
                " · "
                <a href="/signup">{lang.tr("Đăng ký tài khoản người lao động", "Create a worker account")}</a>
            </p>
        </section>
    }
}

#[component]
pub fn SigninCodePage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Xác thực hai bước", "Two-step verification");
    view! {
        <Title text=title />
        <section class="auth">
            <h1>{title}</h1>
            <p>
                {lang.tr(
                    "Nhập mã 6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng.",
                    "Enter the 6-digit code from your authenticator app, or a recovery code.",
                )}
            </p>
            {with_outcome(
                "signin_code",
                move |o| {
                    view! {
                        <form method="post" action="/signin/code" class="stack" novalidate>
                            <FormMessage outcome=o.clone() />
                            <ActionField action="signin_code" />
                            <Field
                                label=lang.tr("Mã xác thực", "Code")
                                name="code"
                                autocomplete="one-time-code"
                                inputmode="numeric"
                                error=field_error(&o, lang, "code")
                            />
                            <Submit label=lang.tr("Xác nhận", "Verify") />
                        </form>
                    }
                },
            )}
        </section>
    }
}

#[component]
pub fn SignoutPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Đăng xuất", "Sign out");
    view! {
        <Title text=title />
        <section class="auth">
            <h1>{title}</h1>
            {with_outcome(
                "signout",
                move |o| {
                    view! {
                        <form method="post" action="/signout" class="stack">
                            <FormMessage outcome=o />
                            <ActionField action="signout" />
                            <Submit label=lang.tr("Đăng xuất", "Sign out") />
                        </form>
                    }
                },
            )}
        </section>
    }
}

#[component]
pub fn ForgotPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Quên mật khẩu", "Forgot your password");
    view! {
        <Title text=title />
        <section class="auth">
            <h1>{title}</h1>
            {with_outcome(
                "forgot",
                move |o| {
                    view! {
                        <form method="post" action="/password/forgot" class="stack" novalidate>
                            <FormMessage outcome=o.clone() />
                            <ActionField action="forgot" />
                            <Field
                                label="Email"
                                name="email"
                                kind="email"
                                autocomplete="email"
                                value=o.value("email")
                                error=field_error(&o, lang, "email")
                            />
                            <Submit label=lang.tr("Gửi liên kết đặt lại", "Send a reset link") />
                        </form>
                    }
                },
            )}
        </section>
    }
}

fn token_param() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get_str("token").unwrap_or_default().to_owned()))
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Đặt mật khẩu mới", "Set a new password");
    let token = token_param();
    let live = Resource::new(move || token.get(), reset_link_live);
    view! {
        <Title text=title />
        <section class="auth">
            <h1>{title}</h1>
            {with_outcome(
                "reset",
                move |o| {
                    let token = token.get();
                    view! {
                        <Suspense>
                            {move || {
                                let o = o.clone();
                                let token = token.clone();
                                live.get()
                                    .map(move |ok| {
                                        if !matches!(ok, Ok(true)) && o.action.is_empty() {
                                            let msg = crate::i18n::form_problem(lang, &crate::domain::forms::FormProblem::LinkInvalid);
                                            return view! {
                                                <p class="form-error" role="alert" data-testid="form-error">{msg}</p>
                                                <p><a href="/password/forgot">{lang.tr("Yêu cầu liên kết mới", "Ask for a new link")}</a></p>
                                            }
                                                .into_any();
                                        }
                                        view! {
                                            <form method="post" class="stack" novalidate>
                                                <FormMessage outcome=o.clone() />
                                                <ActionField action="reset" />
                                                <input type="hidden" name="token" value=token />
                                                <Field
                                                    label=lang.tr("Mật khẩu mới", "New password")
                                                    name="password"
                                                    kind="password"
                                                    autocomplete="new-password"
                                                    error=field_error(&o, lang, "password")
                                                />
                                                <Submit label=lang.tr("Lưu mật khẩu", "Save password") />
                                            </form>
                                        }
                                            .into_any()
                                    })
                            }}
                        </Suspense>
                    }
                },
            )}
        </section>
    }
}

/// The page an unlock link opens: one button, since mail scanners open links.
#[component]
pub fn UnlockPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Mở khoá tài khoản", "Unlock your account");
    let token = token_param();
    let live = Resource::new(move || token.get(), unlock_link_live);
    view! {
        <Title text=title />
        <section class="auth">
            <h1>{title}</h1>
            {with_outcome(
                "unlock",
                move |o| {
                    let token = token.get();
                    view! {
                        <Suspense>
                            {move || {
                                let o = o.clone();
                                let token = token.clone();
                                live.get()
                                    .map(move |ok| {
                                        if o.notice.is_some() {
                                            return view! {
                                                <FormMessage outcome=o.clone() />
                                                <p><a href="/signin">{lang.tr("Đăng nhập", "Sign in")}</a></p>
                                            }
                                                .into_any();
                                        }
                                        if !matches!(ok, Ok(true)) && o.action.is_empty() {
                                            let msg = crate::i18n::form_problem(lang, &crate::domain::forms::FormProblem::LinkInvalid);
                                            return view! {
                                                <p class="form-error" role="alert" data-testid="form-error">{msg}</p>
                                            }
                                                .into_any();
                                        }
                                        view! {
                                            <form method="post" class="stack" novalidate>
                                                <FormMessage outcome=o.clone() />
                                                <ActionField action="unlock" />
                                                <input type="hidden" name="token" value=token />
                                                <Submit label=lang.tr("Mở khoá tài khoản", "Unlock my account") />
                                            </form>
                                        }
                                            .into_any()
                                    })
                            }}
                        </Suspense>
                    }
                },
            )}
        </section>
    }
}

/// The page a sign-up's confirmation link opens: one button, since mail scanners open links.
#[component]
pub fn SignupConfirmPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Xác nhận email", "Confirm your email");
    let token = token_param();
    let live = Resource::new(move || token.get(), signup_link_live);
    view! {
        <Title text=title />
        <section class="auth">
            <h1>{title}</h1>
            {with_outcome(
                "confirm_signup",
                move |o| {
                    let token = token.get();
                    view! {
                        <Suspense>
                            {move || {
                                let o = o.clone();
                                let token = token.clone();
                                live.get()
                                    .map(move |ok| {
                                        if !matches!(ok, Ok(true)) && o.action.is_empty() {
                                            let msg = crate::i18n::form_problem(lang, &crate::domain::forms::FormProblem::LinkInvalid);
                                            return view! {
                                                <p class="form-error" role="alert" data-testid="form-error">{msg}</p>
                                                <p><a href="/signup">{lang.tr("Đăng ký lại", "Sign up again")}</a></p>
                                            }
                                                .into_any();
                                        }
                                        view! {
                                            <form method="post" class="stack" novalidate>
                                                <FormMessage outcome=o.clone() />
                                                <ActionField action="confirm_signup" />
                                                <input type="hidden" name="token" value=token />
                                                <p>{lang.tr("Bấm nút dưới đây để xác nhận địa chỉ email và tạo tài khoản.", "Press the button below to confirm your email address and make your account.")}</p>
                                                <Submit label=lang.tr("Xác nhận và tạo tài khoản", "Confirm and make my account") />
                                            </form>
                                        }
                                            .into_any()
                                    })
                            }}
                        </Suspense>
                    }
                },
            )}
        </section>
    }
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Nhận lời mời", "Accept your invitation");
    let token = token_param();
    let info = Resource::new(move || token.get(), invitation);
    view! {
        <Title text=title />
        <section class="auth">
            <h1>{title}</h1>
            {with_outcome(
                "accept_invitation",
                move |o| {
                    view! {
                        <Suspense>
                            {move || {
                                let o = o.clone();
                                info.get()
                                    .map(move |r| match r {
                                        Ok(Some(inv)) => {
                                            view! {
                                                <p>
                                                    {lang.tr("Tài khoản: ", "Account: ")}
                                                    <strong data-testid="invitee-email">{inv.email.clone()}</strong>
                                                    " · "
                                                    {inv.full_name.clone()}
                                                    " · "
                                                    {crate::i18n::role_label(lang, inv.role)}
                                                </p>
                                                <form method="post" class="stack" novalidate>
                                                    <FormMessage outcome=o.clone() />
                                                    <ActionField action="accept_invitation" />
                                                    <input type="hidden" name="token" value=token.get() />
                                                    <Field
                                                        label=lang.tr("Đặt mật khẩu", "Choose a password")
                                                        name="password"
                                                        kind="password"
                                                        autocomplete="new-password"
                                                        hint=lang.tr("Ít nhất 8 ký tự; một câu dễ nhớ là tốt nhất.", "At least 8 characters; a memorable phrase is best.")
                                                        error=field_error(&o, lang, "password")
                                                    />
                                                    <Submit label=lang.tr("Tiếp tục", "Continue") />
                                                </form>
                                            }
                                                .into_any()
                                        }
                                        Ok(None) => {
                                            let msg = crate::i18n::form_problem(lang, &crate::domain::forms::FormProblem::LinkInvalid);
                                            view! { <p class="form-error" role="alert" data-testid="form-error">{msg}</p> }.into_any()
                                        }
                                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                                    })
                            }}
                        </Suspense>
                    }
                },
            )}
        </section>
    }
}

#[component]
pub fn TotpPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Bật xác thực hai bước", "Set up two-step verification");
    let setup = Resource::new(|| (), |_| totp_setup());
    view! {
        <Title text=title />
        <section class="auth">
            <h1>{title}</h1>
            {with_outcome(
                "totp_confirm",
                move |o| {
                    if !o.recovery_codes.is_empty() {
                        return view! {
                            <p class="form-notice" role="status">
                                {lang.tr("Đã bật xác thực hai bước.", "Two-step verification is on.")}
                            </p>
                            <h2>{lang.tr("Mã dự phòng", "Recovery codes")}</h2>
                            <p>
                                {lang.tr(
                                    "Mỗi mã dùng được một lần khi bạn không có điện thoại. Hãy in hoặc chép lại ngay: mã chỉ hiện một lần.",
                                    "Each code works once when you do not have your phone. Print or copy them now: they are shown only once.",
                                )}
                            </p>
                            <ul class="codes" data-testid="recovery-codes">
                                {o.recovery_codes.iter().map(|c| view! { <li><code>{c.clone()}</code></li> }).collect_view()}
                            </ul>
                            <p><a class="button primary" href=o.continue_to.clone().unwrap_or_else(|| "/account".to_owned()) rel="external" data-testid="continue">{lang.tr("Tiếp tục", "Continue")}</a></p>
                        }
                            .into_any();
                    }
                    view! {
                        <Suspense>
                            {move || {
                                let o = o.clone();
                                setup.get()
                                    .map(move |r| match r {
                                        Ok(s) => {
                                            view! {
                                                <ol class="steps">
                                                    <li>{lang.tr("Cài một ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, 2FAS…).", "Install an authenticator app (Google Authenticator, Microsoft Authenticator, 2FAS…).")}</li>
                                                    <li>{lang.tr("Quét mã QR, hoặc nhập khoá bí mật:", "Scan the QR code, or type the secret key:")}</li>
                                                </ol>
                                                <div class="qr" inner_html=s.qr_svg.clone()></div>
                                                <p><code class="secret" data-testid="totp-secret">{s.secret_grouped.clone()}</code></p>
                                                <form method="post" class="stack" novalidate>
                                                    <FormMessage outcome=o.clone() />
                                                    <ActionField action="totp_confirm" />
                                                    <Field
                                                        label=lang.tr("Mã 6 chữ số trong ứng dụng", "The 6-digit code from the app")
                                                        name="code"
                                                        autocomplete="one-time-code"
                                                        inputmode="numeric"
                                                        error=field_error(&o, lang, "code")
                                                    />
                                                    <Submit label=lang.tr("Bật xác thực hai bước", "Turn on") />
                                                </form>
                                            }
                                                .into_any()
                                        }
                                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                                    })
                            }}
                        </Suspense>
                    }
                        .into_any()
                },
            )}
        </section>
    }
}
