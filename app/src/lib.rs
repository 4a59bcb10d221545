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

/// The browser's entry point: pages are server-rendered HTML, and only their islands (the parts
/// interactive in the browser, `#[island]` components) hydrate, each from the props the server
/// wrote beside it. The island script calls this once the wasm is loaded, then each island.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
