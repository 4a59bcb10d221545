use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::domain::agencies::encode_component;
use crate::ui::{use_lang, use_me};

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let location = use_location();
    // A plain link to the server's /lang route, so the switch works without JavaScript; `rel=external`
    // keeps the client-side router from intercepting it.
    let switch_href = move || {
        // The router's `search` comes without its leading '?'.
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let path = location.pathname.get();
        let back = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        format!(
            "/lang/{}?back={}",
            lang.other().code(),
            encode_component(&back)
        )
    };
    view! {
        <header class="site-header">
            <div class="container header-row">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">
                        "HT"
                    </span>
                    <span class="brand-text">
                        <strong>{t.site_name}</strong>
                        <small>{t.tagline}</small>
                    </span>
                </a>
                <a
                    class="lang-switch"
                    href=switch_href
                    rel="external"
                    hreflang=lang.other().code()
                    lang=lang.other().code()
                    data-testid="lang-switch"
                >
                    {t.switch_language}
                </a>
                <nav class="site-nav" aria-label=t.nav_home>
                    <a href="/agencies">{t.nav_registry}</a>
                    <a href="/orders" data-testid="orders-link">{lang.tr("Đơn hàng", "Jobs")}</a>
                    <Transition>
                        {move || {
                            use_me()
                                .get()
                                .map(|me| match me {
                                    Some(me) if me.signed_in => {
                                        view! {
                                            {work_link(lang, me.role)}
                                            <a href="/account" data-testid="account-link">
                                                <span data-testid="current-user">{me.full_name}</span>
                                            </a>
                                            <form class="inline" method="post" action="/signout">
                                                <input type="hidden" name="_action" value="signout" />
                                                <button class="link-button" type="submit" data-testid="signout">
                                                    {lang.tr("Đăng xuất", "Sign out")}
                                                </button>
                                            </form>
                                        }
                                            .into_any()
                                    }
                                    _ => {
                                        view! {
                                            <a href="/complaints" data-testid="complaints-link">
                                                {lang.tr("Khiếu nại", "Complain")}
                                            </a>
                                            <a href="/signin" data-testid="signin-link">
                                                {lang.tr("Đăng nhập", "Sign in")}
                                            </a>
                                            <a href="/signup" data-testid="signup-link">
                                                {lang.tr("Đăng ký", "Sign up")}
                                            </a>
                                        }
                                            .into_any()
                                    }
                                })
                        }}
                    </Transition>

                </nav>
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p>{t.footer}</p>
            </div>
        </footer>
    }
}

/// The page where each role's daily work starts.
fn work_link(
    lang: crate::i18n::Lang,
    role: crate::domain::accounts::Role,
) -> Option<impl IntoView> {
    crate::domain::navigation::work_place(role).map(|place| {
        view! {
            <a href=place.path() data-testid="work-link">
                {crate::i18n::place_short_label(lang, place)}
            </a>
        }
    })
}
