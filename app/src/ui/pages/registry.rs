//! The public registry: a search form and its results, rendered on the server. With JavaScript,
//! the `RegistryNarrowing` island narrows the list as one types or picks a filter: it asks the
//! server for the same page at the new address and shows that page's list, rewriting the address
//! so it can be shared. The list is the server's rendering either way, and the island ships no
//! view of it. Without JavaScript, the form is a plain GET to the same address.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::agencies::{registry_markets, search_registry};
use crate::domain::agencies::{RegistryFilter, Standing};
use crate::ui::components::browser::{narrow_to, ready_mark};
use crate::ui::components::{badge::StandingBadge, error_view::ErrorView};
use crate::ui::use_lang;
use crate::views::agencies::{MarketView, RegistryPageView};

/// Marks the element whose content the island replaces with the server's newer rendering.
const RESULTS: &str = "data-registry-results";

#[component]
pub fn RegistryPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| RegistryFilter::from_params(|k| q.get_str(k))));
    let results = Resource::new(move || filter.get(), search_registry);
    let markets = Resource::new(|| (), |_| registry_markets());
    view! {
        <Title text=t.registry_title />
        <section class="page-head">
            <h1>{t.registry_title}</h1>
            <p class="lead">{t.registry_lead}</p>
        </section>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                let markets = markets.get()?.unwrap_or_default();
                let results = results.get()?;
                let filter = filter.get();
                Some(view! {
                    <RegistryNarrowing>
                        <SearchForm filter=filter.clone() markets />
                        <div data-registry-results="">
                            {match results {
                                Ok(page) => view! { <Results page filter /> }.into_any(),
                                Err(e) => view! { <ErrorView error=e /> }.into_any(),
                            }}
                        </div>
                    </RegistryNarrowing>
                })
            }}
        </Suspense>
    }
}

/// Listens to the form inside it: each change asks for the page at the form's address.
#[island]
fn RegistryNarrowing(children: Children) -> impl IntoView {
    let ready = ready_mark();
    // The address last asked for: a select fires both `input` and `change`, and typing a space
    // at the end changes nothing the server reads.
    let asked = StoredValue::new(String::new());
    let on_change = move |ev: leptos::ev::Event| {
        narrow_to(&ev, "/agencies", &["q", "status", "market"], RESULTS, asked)
    };
    view! {
        <div data-island-ready=ready on:input=on_change on:change=on_change>
            {children()}
        </div>
    }
}

#[component]
fn SearchForm(filter: RegistryFilter, markets: Vec<MarketView>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    view! {
        <form class="filters" method="get" action="/agencies" role="search">
            <div class="field field-q">
                <label for="q">{t.search_label}</label>
                <input
                    id="q"
                    name="q"
                    type="search"
                    value=filter.q.clone()
                    placeholder=t.search_placeholder
                    autocomplete="off"
                />
            </div>
            <div class="field">
                <label for="status">{t.filter_status}</label>
                <select id="status" name="status">
                    <option value="">{t.filter_any}</option>
                    {Standing::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() selected=filter.standing == Some(s)>
                                    {t.standing(s)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="market">{t.filter_market}</label>
                <select id="market" name="market">
                    <option value="">{t.filter_any}</option>
                    {markets
                        .into_iter()
                        .map(|m| {
                            let selected = filter.market.as_deref() == Some(m.code.as_str());
                            view! {
                                <option value=m.code.clone() selected=selected>
                                    {crate::i18n::market_name(lang, &m).to_owned()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="actions">
                <button type="submit">{t.search_button}</button>
                <a href="/agencies" class="link-quiet">
                    {t.clear_filters}
                </a>
            </div>
        </form>
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
