use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::agencies::registry_summary;
use crate::ui::components::error_view::ErrorView;
use crate::ui::use_lang;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let summary = Resource::new(|| (), |_| registry_summary());
    // What each role can do today, and where it starts.
    let roles = [
        (
            t.role_worker,
            t.role_worker_desc,
            "worker",
            "/orders",
            lang.tr("Xem đơn hàng đã được duyệt", "See approved job orders"),
        ),
        (
            t.role_agency,
            t.role_agency_desc,
            "agency",
            "/signin",
            lang.tr("Đăng nhập để quản lý hồ sơ", "Sign in to manage cases"),
        ),
        (
            t.role_inspector,
            t.role_inspector_desc,
            "inspector",
            "/signin",
            lang.tr("Đăng nhập để tra cứu hồ sơ", "Sign in to look up cases"),
        ),
        (
            t.role_officer,
            t.role_officer_desc,
            "officer",
            "/signin",
            lang.tr(
                "Đăng nhập để duyệt và báo cáo",
                "Sign in to approve and report",
            ),
        ),
    ];
    view! {
        <Title text="" />
        <section class="hero">
            <h1>{t.home_title}</h1>
            <p class="lead">{t.home_lead}</p>
            <form class="hero-search" method="get" action="/agencies" role="search">
                <label for="home-q">{t.home_search_label}</label>
                <div class="input-row">
                    <input
                        id="home-q"
                        name="q"
                        type="search"
                        placeholder=t.home_search_placeholder
                        autocomplete="off"
                    />
                    <button type="submit">{t.search_button}</button>
                </div>
            </form>
        </section>
        <aside class="notice notice-warning">
            <h2>{t.warning_title}</h2>
            <p>{t.warning_text}</p>
        </aside>
        <section aria-labelledby="stats-title">
            <h2 id="stats-title">{t.home_stats_title}</h2>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || {
                    summary
                        .get()
                        .map(|r| match r {
                            Ok(s) => {
                                view! {
                                    <ul class="stats">
                                        <li>
                                            <a href="/agencies?status=active">
                                                <strong>{lang.number(s.active)}</strong>
                                                <span>{t.home_stat_active}</span>
                                            </a>
                                        </li>
                                        <li>
                                            <a href="/agencies?status=suspended">
                                                <strong>{lang.number(s.suspended)}</strong>
                                                <span>{t.home_stat_suspended}</span>
                                            </a>
                                        </li>
                                        <li>
                                            <a href="/agencies?status=revoked">
                                                <strong>{lang.number(s.revoked)}</strong>
                                                <span>{t.home_stat_revoked}</span>
                                            </a>
                                        </li>
                                        <li>
                                            <strong>{lang.number(s.workers_sent)}</strong>
                                            <span>{t.home_stat_sent}</span>
                                        </li>
                                    </ul>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
        <section aria-labelledby="roles-title">
            <h2 id="roles-title">{t.home_roles_title}</h2>
            <ul class="roles">
                {roles
                    .into_iter()
                    .map(|(name, desc, key, href, action)| {
                        view! {
                            <li class="role-card" data-role=key>
                                <h3>{name}</h3>
                                <p>{desc}</p>
                                <a class="role-action" href=href>{action}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
