use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};

use crate::api::agencies::{registry_markets, search_registry};
use crate::domain::agencies::{RegistryFilter, Standing};
use crate::ui::components::{badge::StandingBadge, error_view::ErrorView};
use crate::ui::use_lang;
use crate::views::agencies::RegistryPageView;

#[component]
pub fn RegistryPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| RegistryFilter::from_params(|k| q.get_str(k))));
    let results = Resource::new(move || filter.get(), search_registry);
    let markets = Resource::new(|| (), |_| registry_markets());

    // With JavaScript the list narrows as one types or picks a filter; without it, the form is a
    // plain GET and the server renders the same URL.
    let navigate = use_navigate();
    let go = move |f: RegistryFilter| {
        navigate(
            &format!("/agencies{}", f.query_string_for_page(1)),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let on_query = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let mut f = filter.get_untracked();
            f.q = event_target_value(&ev).trim().to_owned();
            go(f);
        }
    };
    let on_status = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let mut f = filter.get_untracked();
            f.standing = Standing::parse(&event_target_value(&ev));
            go(f);
        }
    };
    let on_market = move |ev: leptos::ev::Event| {
        let mut f = filter.get_untracked();
        let code = event_target_value(&ev);
        f.market = (!code.is_empty()).then_some(code);
        go(f);
    };

    view! {
        <Title text=t.registry_title />
        <section class="page-head">
            <h1>{t.registry_title}</h1>
            <p class="lead">{t.registry_lead}</p>
        </section>
        <form class="filters" method="get" action="/agencies" role="search">
            <div class="field field-q">
                <label for="q">{t.search_label}</label>
                <input
                    id="q"
                    name="q"
                    type="search"
                    value=move || filter.get().q
                    placeholder=t.search_placeholder
                    autocomplete="off"
                    on:input=on_query
                />
            </div>
            <div class="field">
                <label for="status">{t.filter_status}</label>
                <select id="status" name="status" on:change=on_status>
                    <option value="">{t.filter_any}</option>
                    {Standing::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option
                                    value=s.as_str()
                                    selected=move || filter.get().standing == Some(s)
                                >
                                    {t.standing(s)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="market">{t.filter_market}</label>
                <select id="market" name="market" on:change=on_market>
                    <option value="">{t.filter_any}</option>
                    <Suspense>
                        {move || {
                            markets
                                .get()
                                .and_then(Result::ok)
                                .map(|list| {
                                    list.into_iter()
                                        .map(|m| {
                                            let code = m.code.clone();
                                            view! {
                                                <option
                                                    value=m.code.clone()
                                                    selected=move || {
                                                        filter.get().market.as_deref() == Some(code.as_str())
                                                    }
                                                >
                                                    {crate::i18n::market_name(lang, &m).to_owned()}
                                                </option>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </Suspense>
                </select>
            </div>
            <div class="actions">
                <button type="submit">{t.search_button}</button>
                <a href="/agencies" class="link-quiet">
                    {t.clear_filters}
                </a>
            </div>
        </form>
        <Transition fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                results
                    .get()
                    .map(|r| match r {
                        Ok(page) => view! { <Results page filter=filter.get_untracked() /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Results(page: RegistryPageView, filter: RegistryFilter) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    if page.rows.is_empty() {
        return view! {
            <p class="empty" data-testid="no-results">
                {t.results_none}
            </p>
        }
        .into_any();
    }
    let page_label = t
        .page_of
        .replace("{page}", &page.page.to_string())
        .replace("{pages}", &page.page_count.to_string());
    let prev = (page.page > 1).then(|| filter.query_string_for_page(page.page - 1));
    let next = (page.page < page.page_count).then(|| filter.query_string_for_page(page.page + 1));
    view! {
        <p class="result-count" data-testid="result-count">
            <strong>{lang.number(page.total)}</strong>
            " "
            {t.results_count}
        </p>
        <ul class="agency-list" data-testid="agency-list">
            {page
                .rows
                .into_iter()
                .map(|a| {
                    view! {
                        <li class="agency-card">
                            <div class="agency-card-head">
                                <a class="agency-name" href=format!("/agencies/{}", a.id)>
                                    {a.name}
                                </a>
                                <StandingBadge standing=a.standing />
                            </div>
                            <dl class="facts">
                                <div>
                                    <dt>{t.col_licence}</dt>
                                    <dd>{a.licence_number}</dd>
                                </div>
                                <div>
                                    <dt>{t.province}</dt>
                                    <dd>{a.province}</dd>
                                </div>
                                <div>
                                    <dt>{t.col_sent}</dt>
                                    <dd>{lang.number(a.workers_sent)}</dd>
                                </div>
                            </dl>
                            {(!a.suspended.is_empty())
                                .then(|| {
                                    view! {
                                        <p class="suspended-in">
                                            {t.suspended_in} ": "
                                            {a
                                                .suspended
                                                .iter()
                                                .map(|(m, until)| {
                                                    format!("{} ({} {})", crate::i18n::market_name(lang, m), t.until, lang.date(*until))
                                                })
                                                .collect::<Vec<_>>()
                                                .join(", ")}
                                        </p>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <nav class="pager" aria-label=page_label.clone()>
            {prev.map(|q| view! { <a href=format!("/agencies{q}") rel="prev">{t.previous}</a> })}
            <span>{page_label.clone()}</span>
            {next.map(|q| view! { <a href=format!("/agencies{q}") rel="next">{t.next}</a> })}
        </nav>
    }
        .into_any()
}
