//! Sign-up: a plain form posting to its own page (see `api::forms`), rendered on the server with
//! what was typed and each field's problem. With JavaScript, the `SignupChecks` island runs the
//! same domain rules the server applies: a field's problem shows under it once the field was
//! left, all of them on submit (which is then held back). The island ships no view: it reads the
//! server's form and writes the problems into it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::domain::accounts::SignupInput;
use crate::domain::forms::FieldErrors;
use crate::i18n::Lang;
use crate::ui::components::browser::{
    browser_lang, browser_today, form_values, ready_mark, show_field_problems, FieldProblem,
};
use crate::ui::components::form::{
    field_error, ActionField, Field, FormMessage, SelectField, Submit,
};
use crate::ui::components::page::with_outcome;
use crate::ui::use_lang;
use crate::views::forms::FormOutcome;

const SIGNUP_FIELDS: [&str; 8] = [
    "min_worker_age",
    "full_name",
    "citizen_id",
    "birth_date",
    "sex",
    "phone",
    "email",
    "password",
];

/// The sign-up rules run in the browser; `None` when the form could not be read.
fn check_signup(values: &[(String, String)]) -> Option<FieldErrors> {
    let today = browser_today()?;
    if values.is_empty() {
        return None;
    }
    let get = |name: &str| {
        values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let input = SignupInput {
        full_name: get("full_name"),
        citizen_id: get("citizen_id"),
        birth_date: get("birth_date"),
        sex: get("sex"),
        phone: get("phone"),
        email: get("email"),
        password: get("password"),
    };
    // The rule in force, as the server rendered it into the form; without it, no age check here
    // (the server still checks).
    let min_age = get("min_worker_age").parse().unwrap_or(0);
    Some(input.validate(today, min_age).err().unwrap_or_default())
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let lang = use_lang();
    let rules = Resource::new(|| (), |_| crate::api::rules::legal_rules());
    let title = lang.tr(
        "Đăng ký tài khoản người lao động",
        "Create a worker account",
    );
    view! {
        <Title text=title />
        <section class="auth">
            <h1>{title}</h1>
            <p class="lead">
                {lang.tr(
                    "Dùng đúng thông tin trên căn cước công dân. Chúng tôi gửi một liên kết đến email của bạn để xác nhận trước khi tạo tài khoản. Nếu doanh nghiệp đã lập hồ sơ cho bạn, sau đó hãy nhập mã nhận hồ sơ mà doanh nghiệp đưa cho bạn.",
                    "Use the details on your citizen ID card. We send a link to your email to confirm it before the account is made. If an agency already registered you, then enter the claim code the agency gave you.",
                )}
            </p>
            {with_outcome(
                "signup",
                move |o| {
                    let min_age = rules
                        .get()
                        .and_then(Result::ok)
                        .and_then(|r| r.in_force)
                        .map(|r| r.min_worker_age);
                    view! {
                        <SignupChecks>
                            {signup_form(lang, o, min_age)}
                        </SignupChecks>
                    }
                },
            )}
            <p>
                {lang.tr("Đã có tài khoản? ", "Already registered? ")}
                <a href="/signin">{lang.tr("Đăng nhập", "Sign in")}</a>
            </p>
        </section>
    }
}

/// Checks the form inside it as each field is left and on submit.
#[island]
fn SignupChecks(children: Children) -> impl IntoView {
    let ready = ready_mark();
    let touched = StoredValue::new(Vec::<String>::new());
    // A field is left (`focusout`), or a choice made (`change`): its problem shows from then on,
    // and any problem already shown (by the server, or on a held-back submit) follows the field.
    let left = move |ev: &leptos::ev::Event| {
        let (values, changed) = form_values(ev, &SIGNUP_FIELDS);
        if let Some(name) = changed {
            touched.update_value(|t| {
                if !t.contains(&name) {
                    t.push(name)
                }
            });
        }
        if let Some(all) = check_signup(&values) {
            touched.with_value(|t| show(ev, &all, |name| t.iter().any(|f| f == name), false));
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let (values, _) = form_values(&ev, &SIGNUP_FIELDS);
        if let Some(all) = check_signup(&values) {
            if !all.is_empty() {
                ev.prevent_default();
                touched.set_value(SIGNUP_FIELDS.iter().map(|f| (*f).to_owned()).collect());
                show(&ev, &all, |_| true, true);
            }
        }
    };
    view! {
        <div
            data-island-ready=ready
            on:focusout=move |ev: leptos::ev::FocusEvent| left(&ev)
            on:change=move |ev: leptos::ev::Event| left(&ev)
            on:submit=on_submit
        >
            {children()}
        </div>
    }
}

/// Writes the sign-up fields' problems (or none) under them, in the page's language: every
/// `touched` field, and any other that shows a problem already; on a held-back submit, focus
/// goes to the first field with a problem.
fn show(ev: &leptos::ev::Event, found: &FieldErrors, touched: impl Fn(&str) -> bool, focus: bool) {
    let lang = browser_lang();
    let problems: Vec<FieldProblem> = SIGNUP_FIELDS[1..]
        .iter()
        .map(|name| FieldProblem {
            name,
            problem: found.first_for(name).map(|p| crate::i18n::problem(lang, p)),
            touched: touched(name),
        })
        .collect();
    show_field_problems(ev, &problems, focus);
}

/// The sign-up form as the server renders it: what was typed, each field's problem under it.
fn signup_form(lang: Lang, o: FormOutcome, min_age: Option<u32>) -> impl IntoView {
    let value = |name: &str| o.value(name);
    let err = |name: &'static str| field_error(&o, lang, name);
    let sexes = vec![
        ("female".to_owned(), lang.tr("Nữ", "Female").to_owned()),
        ("male".to_owned(), lang.tr("Nam", "Male").to_owned()),
    ];
    view! {
        <form
            method="post"
            action="/signup"
            class="stack"
            novalidate
        >
            <FormMessage outcome=o.clone() />
            <ActionField action="signup" />
            {min_age.map(|a| view! { <input type="hidden" name="min_worker_age" value=a.to_string() /> })}
                            <Field
                label=lang.tr("Họ và tên", "Full name")
                name="full_name"
                autocomplete="name"
                value=value("full_name")
                error=err("full_name")
            />
            <Field
                label=lang.tr("Ngày sinh", "Date of birth")
                name="birth_date"
                kind="date"
                autocomplete="bday"
                value=value("birth_date")
                error=err("birth_date")
            />
            <SelectField
                label=lang.tr("Giới tính", "Sex")
                name="sex"
                options=sexes
                value=value("sex")
                empty=lang.tr("— Chọn —", "— Choose —")
                error=err("sex")
            />
            <Field
                label=lang.tr("Số căn cước công dân", "Citizen ID number")
                name="citizen_id"
                inputmode="numeric"
                hint=lang.tr("12 chữ số, in trên mặt trước thẻ căn cước.", "12 digits, on the front of the card.")
                value=value("citizen_id")
                error=err("citizen_id")
            />
            <Field
                label=lang.tr("Số điện thoại", "Phone")
                name="phone"
                kind="tel"
                autocomplete="tel"
                value=value("phone")
                error=err("phone")
            />
            <Field
                label="Email"
                name="email"
                kind="email"
                autocomplete="email"
                value=value("email")
                error=err("email")
            />
            <Field
                label=lang.tr("Mật khẩu", "Password")
                name="password"
                kind="password"
                autocomplete="new-password"
                hint=lang.tr("Ít nhất 8 ký tự; một câu dễ nhớ là tốt nhất.", "At least 8 characters; a memorable phrase is best.")
                error=err("password")
            />
            <Submit label=lang.tr("Tạo tài khoản", "Create account") />
        </form>
    }
}
