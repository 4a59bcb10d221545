//! The worker's case page served by a bare axum handler: the same session lookup and the same use
//! case (`backend::lifecycle::view`) as the Leptos page, rendered with `format!` and no Leptos.
//! The benchmark compares the real page against it, so the figure is the cost of the framework
//! and the page's layers, not of the database work both do.

use std::sync::Arc;

use app::backend::audit::RequestMeta;
use app::backend::{Backend, SystemClock};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let addr = std::env::var("BIND_ADDR").unwrap_or_else(|_| "127.0.0.1:3202".to_owned());
    let url = std::env::var("DATABASE_URL")?;
    let db = server::startup::connect(&url).await?;
    let backend = Backend::new(
        db,
        Arc::new(SystemClock),
        app::backend::keys::Keys::random(),
    );
    let app = axum::Router::new()
        .route("/cases/{id}", axum::routing::get(page))
        .with_state(backend);
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

async fn page(State(b): State<Backend>, Path(id): Path<i32>, headers: HeaderMap) -> Response {
    let token = headers
        .get("cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| {
            c.split(';')
                .find_map(|p| p.trim().strip_prefix("ht_session=").map(str::to_owned))
        })
        .unwrap_or_default();
    let session = app::backend::auth::resolve_session(&b, &token)
        .await
        .ok()
        .flatten();
    let actor = session.as_ref().and_then(|s| s.full_actor());
    let meta = RequestMeta {
        request_id: "-".into(),
        address: None,
        user_agent: None,
    };
    match app::backend::lifecycle::view(&b, &meta, actor, id).await {
        Ok(v) => {
            let timeline: String = v
                .timeline
                .iter()
                .map(|e| format!("<li>{} {:?}</li>", e.on, e.to_state))
                .collect();
            Html(format!(
                "<!DOCTYPE html><html lang=vi><body><h1>Hồ sơ #{}</h1><p>{} · {:?}</p><p>{} · {} · {}</p><ol>{timeline}</ol></body></html>",
                v.id, v.worker_name, v.state, v.order.employer, v.order.occupation, v.order.agency_name
            ))
            .into_response()
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
