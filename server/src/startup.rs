//! The database connection and the router with its layers.

use std::collections::HashMap;
use std::time::Duration;

use app::backend::Backend;
use app::i18n::{Lang, LANG_COOKIE};
use app::ui::{shell, App};
use axum::extract::{FromRef, Path, Query, State};
use axum::http::{header, HeaderName, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};

pub use app::backend::auth::Settings;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub backend: Backend,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Connects to SQLite or PostgreSQL, as the URL says.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if let Some(dir) = crate::config::sqlite_parent_dir(url) {
        std::fs::create_dir_all(&dir)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if url.starts_with("sqlite") { 8 } else { 16 })
        .acquire_timeout(Duration::from_secs(3))
        .connect_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    if url.starts_with("sqlite") {
        // Readers do not wait for the writer; the setting persists in the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Ok(db)
}

/// What a server does once it has its keys, before anything else.
///
/// TOTP secrets stored in clear or under a previous key are sealed with the current one.
///
/// Audit rows without a key's seal are a trail from before it was keyed, or one rewritten by
/// someone with the database alone: the two cannot be told apart from inside the database. So
/// a real install seals them only when its operator says so (`server audit seal`, once, after
/// the upgrade) and refuses to start until then; demo mode, whose data is no evidence of
/// anything, seals them itself.
pub async fn secure_at_rest(backend: &Backend, demo: bool) -> anyhow::Result<()> {
    if app::backend::audit::unsealed(&backend.db).await? {
        if !demo {
            anyhow::bail!(
                "the audit trail ends with rows that carry no key's seal. After an upgrade from \
                 a version without SECRET_KEY, seal them once with `server audit seal`; \
                 otherwise the trail has been rewritten in the database: check it against the \
                 head you keep (`server audit verify ID:SEAL`) before anything else"
            );
        }
        seal_audit(backend).await?;
    }
    let sealed = app::backend::auth::reseal_totp_secrets(backend).await?;
    if sealed > 0 {
        tracing::info!(sealed, "second-factor secrets sealed with the current key");
    }
    Ok(())
}

/// Seals audit rows from before the trail was keyed with one keyed cut-over entry.
pub async fn seal_audit(backend: &Backend) -> anyhow::Result<Option<i64>> {
    let id =
        app::backend::audit::seal_unkeyed(&backend.db, &backend.keys, backend.clock.now()).await?;
    if let Some(id) = id {
        tracing::warn!(
            entry = id,
            "audit rows without a key's seal sealed by a cut-over entry"
        );
    }
    Ok(id)
}

pub fn router(leptos_options: LeptosOptions, backend: Backend) -> Router {
    let state = AppState {
        leptos_options: leptos_options.clone(),
        backend: backend.clone(),
    };
    let routes = route_list();
    let public_url = backend.settings.public_url.clone();
    // Behind https, browsers are told to come back only over https.
    let hsts = public_url.starts_with("https://").then(|| {
        SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });
    let context_backend = backend.clone();

    Router::new()
        .route("/lang/{code}", get(switch_language))
        .route("/healthz", get(health))
        .route("/cases/export.csv", get(export_cases))
        .route("/statistics/export.csv", get(export_statistics_csv))
        .route("/statistics/export.xlsx", get(export_statistics_xlsx))
        .route(
            "/statistics/cases/export",
            axum::routing::post(export_statistics_cases),
        )
        .route("/files/{id}", get(attached_file))
        .route("/corrections/{id}/scan", get(correction_scan))
        .route("/evidence/{id}", get(remediation_evidence))
        .route("/complaint-files/{id}", get(complaint_file))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(context_backend.clone());
                crate::security::page_nonce();
            },
            move || shell(leptos_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(crate::security::page_nonce, shell))
        .with_state(state)
        .layer(axum::middleware::from_fn(crate::security::capture_form))
        .layer(axum::middleware::from_fn_with_state(
            backend,
            crate::security::resolve_session,
        ))
        .layer(axum::middleware::from_fn(
            crate::security::require_policy_entry,
        ))
        .layer(axum::middleware::from_fn_with_state(
            public_url,
            crate::security::refuse_cross_origin,
        ))
        // Pages are compressed as they are made: brotli's own default (quality 11) is meant for
        // files compressed once, and costs several times the page's rendering (tower-http#356).
        // Quality 4 is what CDNs use on the fly; the wasm, JS and CSS are precompressed at 11.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(axum::middleware::from_fn(
            crate::security::no_referrer_for_secrets,
        ))
        .layer(axum::middleware::from_fn(crate::security::strict_csp))
        .layer(tower::util::option_layer(hsts))
        .layer(PropagateRequestIdLayer::new(HeaderName::from_static(
            "x-request-id",
        )))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let header = |name: &str| {
                    req.headers()
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-")
                        .to_owned()
                };
                tracing::info_span!(
                    "request",
                    method = %req.method(),
                    uri = %req.uri().path(),
                    request_id = %header("x-request-id"),
                    client_request_id = %header("x-client-request-id"),
                )
            }),
        )
        .layer(SetRequestIdLayer::new(
            HeaderName::from_static("x-request-id"),
            MakeRequestUuid,
        ))
        .layer(axum::middleware::from_fn(
            crate::security::client_request_id,
        ))
}

/// The app's routes, generated once per process. Every page also answers POST: its forms post
/// to the page itself and work without JavaScript.
///
/// Once, because generating them renders the app with a process-wide flag that parks any resource
/// first polled meanwhile, forever (leptos-rs/leptos#4773): a second router built while the
/// first serves pages (as the integration tests do) would hang some of its requests.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES
        .get_or_init(|| {
            generate_route_list(App)
                .into_iter()
                .map(|r| {
                    AxumRouteListing::new(
                        r.path().to_owned(),
                        r.mode().clone(),
                        [leptos_router::Method::Get, leptos_router::Method::Post],
                        Vec::new(),
                    )
                })
                .collect()
        })
        .clone()
}

/// Sets the language cookie and goes back where the reader was. Only local paths are followed,
/// so the route cannot be used to send people to another site.
async fn switch_language(
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(lang) = Lang::parse(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let back = query
        .get("back")
        .and_then(|b| crate::security::local_back(b))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    match (HeaderValue::from_str(&back), HeaderValue::from_str(&cookie)) {
        (Ok(location), Ok(cookie)) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, location), (header::SET_COOKIE, cookie)],
        )
            .into_response(),
        _ => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// 200 when the database answers, 503 when it does not.
async fn health(State(state): State<AppState>) -> Response {
    match state.backend.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// An attached file, to whoever may see its case: always as a download, its type the one its
/// bytes were found to be, never sniffed by the browser nor kept by caches in between.
async fn attached_file(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    request: axum::extract::Request,
) -> Response {
    use app::api::ctx::Ctx;
    let (parts, _body) = request.into_parts();
    let c = Ctx::from_parts(state.backend.clone(), Some(&parts));
    let Ok(id) = id.parse::<i32>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let file = app::api::attachments::download(&c, id).await;
    file_response(file)
}

/// The scan of the ID card attached to a correction request, as `attached_file` gives files.
async fn correction_scan(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    request: axum::extract::Request,
) -> Response {
    use app::api::ctx::Ctx;
    let (parts, _body) = request.into_parts();
    let c = Ctx::from_parts(state.backend.clone(), Some(&parts));
    let Ok(id) = id.parse::<i32>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    file_response(app::api::corrections::scan(&c, id).await)
}

/// A file attached to a complaint, as `attached_file` gives files.
async fn complaint_file(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    request: axum::extract::Request,
) -> Response {
    use app::api::ctx::Ctx;
    let (parts, _body) = request.into_parts();
    let c = Ctx::from_parts(state.backend.clone(), Some(&parts));
    let Ok(id) = id.parse::<i32>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    file_response(app::api::complaints::attachment(&c, id).await)
}

/// An evidence file of a remediation answer, as `attached_file` gives files.
async fn remediation_evidence(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    request: axum::extract::Request,
) -> Response {
    use app::api::ctx::Ctx;
    let (parts, _body) = request.into_parts();
    let c = Ctx::from_parts(state.backend.clone(), Some(&parts));
    let Ok(id) = id.parse::<i32>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    file_response(app::api::inspections::evidence(&c, id).await)
}

fn file_response(
    file: Result<app::backend::attachments::Download, app::api::AppError>,
) -> Response {
    use app::api::AppError;
    match file {
        Ok(file) => {
            let name: String = file
                .file_name
                .chars()
                .map(|ch| {
                    if ch.is_ascii_alphanumeric() || ch == '.' || ch == '-' {
                        ch
                    } else {
                        '_'
                    }
                })
                .collect();
            let encoded = app::domain::agencies::encode_component(&file.file_name);
            let disposition =
                format!("attachment; filename=\"{name}\"; filename*=UTF-8''{encoded}");
            (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, file.content_type),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                    (header::CACHE_CONTROL, "private, no-store".to_owned()),
                ],
                file.bytes,
            )
                .into_response()
        }
        Err(AppError::Unauthenticated) => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, "/signin")]).into_response()
        }
        Err(e) => StatusCode::from_u16(e.status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}

fn download(file: app::backend::statistics::export::ExportFile) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, file.content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file.file_name),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        file.bytes,
    )
        .into_response()
}

fn error_response(e: app::api::AppError) -> Response {
    match e {
        app::api::AppError::Unauthenticated => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, "/signin")]).into_response()
        }
        e => StatusCode::from_u16(e.status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}

/// The statistics table as a file, with the page's query. Plain routes rather than server
/// functions so the browser downloads a file.
async fn export_statistics(
    state: AppState,
    request: axum::extract::Request,
    format: &str,
) -> Response {
    use app::api::ctx::Ctx;
    let (parts, _body) = request.into_parts();
    let query = parts.uri.query().unwrap_or("").to_owned();
    let c = Ctx::from_parts(state.backend.clone(), Some(&parts));
    match app::api::statistics::export_table(&c, &query, format).await {
        Ok(file) => download(file),
        Err(e) => error_response(e),
    }
}

async fn export_statistics_csv(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Response {
    export_statistics(state, request, "csv").await
}

async fn export_statistics_xlsx(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Response {
    export_statistics(state, request, "xlsx").await
}

/// The cases behind a statistic as a file, from the drill-down's export form; a refused form
/// goes back to the list with the reason and what was typed.
async fn export_statistics_cases(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Response {
    use app::api::ctx::Ctx;
    let (parts, _body) = request.into_parts();
    let fields = parts
        .extensions
        .get::<app::views::forms::FormData>()
        .map(|f| f.fields.clone())
        .unwrap_or_default();
    let c = Ctx::from_parts(state.backend.clone(), Some(&parts));
    match app::api::statistics::export_cases(&c, &fields).await {
        Ok(file) => download(file),
        Err(Ok((form, problem))) => {
            let mut pairs = form.drill.pairs();
            pairs.push(("export_error", problem));
            pairs.push(("purpose", form.purpose.clone()));
            pairs.push(("format", form.format.clone()));
            let query = pairs
                .iter()
                .map(|(k, v)| format!("{k}={}", app::domain::agencies::encode_component(v)))
                .collect::<Vec<_>>()
                .join("&");
            (
                StatusCode::SEE_OTHER,
                [(header::LOCATION, format!("/statistics/cases?{query}"))],
            )
                .into_response()
        }
        Err(Err(e)) => error_response(e),
    }
}

/// The agency's case board as a CSV file, with the board's filters. A plain route rather than a
/// server function so the browser downloads it as a file.
async fn export_cases(
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
    request: axum::extract::Request,
) -> Response {
    use app::api::ctx::Ctx;
    use app::api::AppError;
    // Everything owned before the first await: the request body is not Sync.
    let (parts, _body) = request.into_parts();
    let c = Ctx::from_parts(state.backend.clone(), Some(&parts));
    match app::api::cases::export_csv(&c, &query).await {
        Ok(csv) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"ho-so.csv\"",
                ),
            ],
            csv,
        )
            .into_response(),
        Err(AppError::Unauthenticated) => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, "/signin")]).into_response()
        }
        Err(e) => StatusCode::from_u16(e.status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}
