//! Hành Trang's application crate: the domain rules, the server functions, the server-side use
//! cases (feature `ssr`) and the Leptos views, compiled for the server and for the browser.
//!
//! Rooms: `domain` (pure rules, no IO), `api` (`#[server]` functions and DTOs), `backend` (ssr
//! only: queries, transactions, permissions), `ui` (views), `i18n` (the two languages).
//! Nothing here knows axum's router or reads configuration; that is the `server` crate.

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod domain;
pub mod i18n;
pub mod ui;
pub mod views;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::provide_context;

    console_error_panic_hook::set_once();
    // The server rendered the page in the language of the `lang` cookie and said so in
    // `<html lang>`; hydrate in that same language.
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    let lang = root
        .as_ref()
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|code| i18n::Lang::parse(&code))
        .unwrap_or_default();
    leptos::mount::hydrate_body(move || {
        provide_context(lang);
        leptos::prelude::view! { <ui::App /> }
    });
    // A mark for end-to-end tests (and curious readers) that the page is now interactive.
    if let Some(root) = root {
        let _ = root.set_attribute("data-hydrated", "");
    }
}
