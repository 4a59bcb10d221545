//! The skeleton every data page shares: wait until the posted form (if any) has run, so the page
//! shows its effect; fetch the page's view; show a loading line while it comes, then the view,
//! or the error with its status.

use std::future::Future;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::AppError;
use crate::i18n::Lang;
use crate::ui::components::error_view::ErrorView;
use crate::ui::{use_lang, use_outcome};
use crate::views::forms::FormOutcome;

/// The view fetched for `key`, rendered with the outcome of the posted form (empty if none).
pub fn fetched<K, T, Fut, V>(
    key: impl Fn() -> K + Send + Sync + 'static,
    fetch: impl Fn(K) -> Fut + Clone + Send + Sync + 'static,
    render: impl Fn(T, FormOutcome) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    K: PartialEq + Clone + Send + Sync + 'static,
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let lang = use_lang();
    let outcome = use_outcome();
    let data = Resource::new(key, move |k| {
        let fetch = fetch.clone();
        async move {
            outcome.await;
            fetch(k).await
        }
    });
    view! {
        <Suspense fallback=move || view! { <p>{lang.texts().loading}</p> }>
            {move || {
                let o = outcome.get().flatten().unwrap_or_default();
                data.get()
                    .map(|r| match r {
                        Ok(v) => render(v, o).into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The record id in the page's path (`/cases/{id}`); none when it is not a number.
pub fn id_from_path() -> Memo<Option<i32>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|s| s.parse::<i32>().ok())))
}

/// Fetches the record whose id is in the path; a path that is no id is not found.
pub async fn by_id<T, Fut>(id: Option<i32>, fetch: impl FnOnce(i32) -> Fut) -> Result<T, AppError>
where
    Fut: Future<Output = Result<T, AppError>>,
{
    match id {
        Some(id) => fetch(id).await,
        None => Err(AppError::NotFound),
    }
}

/// Renders `form` with the outcome of this page's action (or an empty one).
pub fn with_outcome<V: IntoView + 'static>(
    action: &'static str,
    form: impl Fn(FormOutcome) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let outcome = use_outcome();
    let lang = use_lang();
    view! {
        <Suspense fallback=move || view! { <p>{lang.texts().loading}</p> }>
            {move || {
                outcome
                    .get()
                    .map(|o| form(o.filter(|o| o.is_for(action)).unwrap_or_default()))
            }}
        </Suspense>
    }
}

/// Previous and next links around "page / pages"; `href` gives a page's address.
pub fn pager(lang: Lang, page: u64, pages: u64, href: impl Fn(u64) -> String) -> impl IntoView {
    let prev = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    view! {
        <nav class="pager" aria-label=lang.tr("Các trang", "Pages")>
            {prev.map(|h| view! { <a href=h rel="prev">{lang.tr("← Trước", "← Previous")}</a> })}
            <span>{format!("{page} / {pages}")}</span>
            {next.map(|h| view! { <a href=h rel="next">{lang.tr("Sau →", "Next →")}</a> })}
        </nav>
    }
}
