//! Request guards in front of the app: cross-origin refusal (CSRF), the server-function policy
//! table, reading posted forms, and resolving the session cookie.

use std::net::SocketAddr;

use app::api::ctx::{ClientAddress, SessionSlot, SESSION_COOKIE};
use app::api::policy::endpoint_action;
use app::backend::Backend;
use app::views::forms::{FormData, UploadedFile};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const FORM_LIMIT: usize = 64 * 1024;

fn refuse(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{status}</title></head><body><h1>{status}</h1><p>{text}</p><p><a href=\"/\">Hành Trang</a></p></body></html>"),
    )
        .into_response()
}

/// The origin a browser would send for this server: scheme and the Host header.
fn same_origin(headers: &HeaderMap, origin: &str, public_url: &str) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin = origin.trim_end_matches('/');
    origin == public_url.trim_end_matches('/')
        || origin == format!("http://{host}")
        || origin == format!("https://{host}")
}

/// Refuses state-changing requests sent by another site. Browsers send `Origin` on every POST and
/// `Sec-Fetch-Site` on every request; either showing another origin is enough to refuse. Requests
/// with neither (curl, scripts) carry no browser's cookies by accident and are let through.
pub async fn refuse_cross_origin(
    State(public_url): State<String>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let cross_site = matches!(fetch_site, Some("cross-site" | "same-site"));
    let bad_origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|o| !same_origin(headers, o, &public_url));
    if cross_site || bad_origin {
        tracing::warn!(path = %request.uri().path(), ?fetch_site, "cross-origin request refused");
        return refuse(
            StatusCode::FORBIDDEN,
            "Yêu cầu từ trang khác bị từ chối. / A request from another site was refused.",
        );
    }
    next.run(request).await
}

/// A server function missing from the policy table is never run.
pub async fn require_policy_entry(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.starts_with("/api/") && endpoint_action(path).is_none() {
        tracing::error!(%path, "server function without a policy entry refused");
        return refuse(StatusCode::FORBIDDEN, "No policy for this endpoint.");
    }
    next.run(request).await
}

/// An `application/x-www-form-urlencoded` body, decoded by `form_urlencoded` (plus as space,
/// percent escapes, invalid UTF-8 replaced).
pub fn parse_form(body: &[u8]) -> FormData {
    FormData::from_fields(form_urlencoded::parse(body).into_owned().collect())
}

/// Why a posted body could not be read as a form.
enum BadForm {
    TooLarge,
    Malformed,
}

/// A `multipart/form-data` body, read by `multer` as it streams in: text fields as text, files
/// as bytes with their name and claimed type. The whole body may not exceed `UPLOAD_LIMIT`.
async fn parse_multipart(body: Body, boundary: String) -> Result<FormData, BadForm> {
    let constraints = multer::Constraints::new()
        .size_limit(multer::SizeLimit::new().whole_stream(UPLOAD_LIMIT as u64));
    let mut multipart =
        multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    let mut form = FormData::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(bad_multipart(&e)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let content_type = field
                    .content_type()
                    .map(|m| m.essence_str().to_owned())
                    .unwrap_or_default();
                let bytes = field.bytes().await.map_err(|e| bad_multipart(&e))?;
                form.files.push(UploadedFile {
                    field: name,
                    file_name,
                    content_type,
                    bytes: bytes.to_vec(),
                });
            }
            None => {
                let text = field.text().await.map_err(|e| bad_multipart(&e))?;
                form.fields.push((name, text));
            }
        }
    }
    Ok(form)
}

fn bad_multipart(e: &multer::Error) -> BadForm {
    match e {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            BadForm::TooLarge
        }
        other => {
            tracing::info!(error = %other, "malformed multipart form refused");
            BadForm::Malformed
        }
    }
}

/// Reads a posted HTML form into the request's extensions, where the page rendering it finds it.
pub async fn capture_form(request: Request, next: Next) -> Response {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let page_post = request.method() == Method::POST && !request.uri().path().starts_with("/api/");
    let boundary = content_type
        .starts_with("multipart/form-data")
        .then(|| multer::parse_boundary(&content_type).ok())
        .flatten();
    let urlencoded = content_type.starts_with("application/x-www-form-urlencoded");
    if !page_post || (!urlencoded && boundary.is_none()) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let form = match boundary {
        Some(boundary) => parse_multipart(body, boundary).await,
        None => match axum::body::to_bytes(body, FORM_LIMIT).await {
            Ok(bytes) => Ok(parse_form(&bytes)),
            Err(_) => Err(BadForm::TooLarge),
        },
    };
    let form = match form {
        Ok(form) => form,
        Err(BadForm::TooLarge) => {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Biểu mẫu hoặc tệp quá lớn. / The form or file is too large.",
            )
        }
        Err(BadForm::Malformed) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "Không đọc được biểu mẫu. / The form could not be read.",
            )
        }
    };
    parts.extensions.insert(form);
    next.run(Request::from_parts(parts, Body::empty())).await
}

/// Uploads (a file of workers, an attachment) may be larger than ordinary forms.
pub const UPLOAD_LIMIT: usize = 8 * 1024 * 1024;

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name && !v.is_empty()).then_some(v)
        })
}

/// Finds the session of the cookie (if any) and the client's address, for everything after.
pub async fn resolve_session(
    State(backend): State<Backend>,
    mut request: Request,
    next: Next,
) -> Response {
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "-".into());
    request.extensions_mut().insert(ClientAddress(address));
    let is_static = request.uri().path().starts_with("/pkg/");
    let token = cookie_value(request.headers(), SESSION_COOKIE).map(str::to_owned);
    let session = match token {
        Some(token) if !is_static => {
            match app::backend::auth::resolve_session(&backend, &token).await {
                Ok(s) => s,
                Err(e) => {
                    // Not "signed out": that would answer a signed-in user's request as a
                    // stranger's (a 404 for their own record). Ask them to try again.
                    tracing::error!(error = %e, "session lookup failed");
                    return (
                        StatusCode::SERVICE_UNAVAILABLE,
                        [(header::RETRY_AFTER, "2")],
                        "Hệ thống đang bận, vui lòng thử lại sau giây lát. \
                         The service is busy; please try again in a moment.",
                    )
                        .into_response();
                }
            }
        }
        _ => None,
    };
    request.extensions_mut().insert(SessionSlot(session));
    next.run(request).await
}

/// The policy every response carries. Pages allow only their own scripts: the nonce is made
/// here, once per request, handed to the page through the request (see [`page_nonce`]) and
/// written into this header, so the header and the page's scripts can never disagree.
fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )
}

/// Makes this request's script nonce and sets the Content-Security-Policy on its response,
/// unless the handler set a stricter one of its own.
pub async fn strict_csp(mut request: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new();
    let policy = content_security_policy(&nonce);
    request.extensions_mut().insert(nonce);
    let mut response = next.run(request).await;
    if !response
        .headers()
        .contains_key(header::CONTENT_SECURITY_POLICY)
    {
        if let Ok(value) = header::HeaderValue::from_str(&policy) {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

/// A page reached by a secret in its address (a complaint's tracking code) sends no referrer,
/// so the code goes neither to another site nor into this one's own logs of where a visitor
/// came from. Every other response keeps the house policy.
pub async fn no_referrer_for_secrets(request: Request, next: Next) -> Response {
    let secret = request.uri().path().starts_with("/complaints/track");
    let mut response = next.run(request).await;
    if secret {
        response.headers_mut().insert(
            header::REFERRER_POLICY,
            header::HeaderValue::from_static("no-referrer"),
        );
    }
    response
}

/// Provides the nonce [`strict_csp`] made for this request to the page being rendered; called in
/// the Leptos context of every page, after the request's parts are provided.
pub fn page_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let Some(parts) = use_context::<axum::http::request::Parts>() else {
        return; // rendering without a request (route generation): no page goes out
    };
    match parts.extensions.get::<leptos::nonce::Nonce>() {
        Some(nonce) => provide_context(nonce.clone()),
        None => tracing::error!(
            "a page rendered without the strict_csp layer: its scripts will be refused"
        ),
    }
}

/// Where the language switch may send the reader back to: a path on this site only, written
/// so that no browser can read it as another site. A path starts with one `/` (not `//`, not
/// `/\`), holds no backslash and no control character (browsers drop tabs and newlines, so
/// `/%09/evil.example` would become `//evil.example`); anything outside visible ASCII is
/// percent-encoded for the Location header.
pub fn local_back(back: &str) -> Option<String> {
    let mut chars = back.chars();
    let local = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !back.chars().any(|c| c == '\\' || c.is_control());
    if !local {
        return None;
    }
    let mut out = String::with_capacity(back.len());
    for b in back.bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

/// A client's own `x-request-id` is kept, as `x-client-request-id`, for the log; the id the
/// server answers with and writes to the audit trail is always its own.
pub async fn client_request_id(mut request: Request, next: Next) -> Response {
    if let Some(theirs) = request.headers_mut().remove("x-request-id") {
        let kept = theirs
            .to_str()
            .ok()
            .filter(|v| v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic()))
            .and_then(|v| header::HeaderValue::from_str(v).ok());
        if let Some(value) = kept {
            request.headers_mut().insert("x-client-request-id", value);
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_is_a_path_on_this_site_and_nothing_a_browser_reads_as_another() {
        assert_eq!(
            local_back("/agencies?q=sao").as_deref(),
            Some("/agencies?q=sao")
        );
        assert_eq!(local_back("/").as_deref(), Some("/"));
        assert_eq!(
            local_back("/agencies?q=Hà Nội").as_deref(),
            Some("/agencies?q=H%C3%A0%20N%E1%BB%99i")
        );
        for other in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/%09/evil.example/\\",
            "https://evil.example",
            "evil.example",
            "",
        ] {
            assert_eq!(local_back(other), None, "{other:?}");
        }
    }

    fn multipart(body: &'static str) -> Result<FormData, BadForm> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        rt.block_on(parse_multipart(Body::from(body), "XyZ".to_owned()))
    }

    #[test]
    fn a_multipart_upload_gives_its_text_fields_and_the_file_as_bytes_with_name_and_type() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"_action\"\r\n\r\ncase_import\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\ncitizen_id,full_name\r\n001301012345,Nguyễn Thị Lan\r\n\r\n--XyZ--\r\n";
        let Ok(f) = multipart(body) else {
            panic!("the body is a well-formed multipart form")
        };
        assert_eq!(f.get("_action"), "case_import");
        let file = f.file("file").expect("the file is there");
        assert_eq!(file.file_name, "a.csv");
        assert_eq!(file.content_type, "text/csv");
        assert_eq!(
            file.bytes,
            "citizen_id,full_name\r\n001301012345,Nguyễn Thị Lan\r\n".as_bytes()
        );
    }

    #[test]
    fn a_multipart_body_without_its_closing_boundary_is_refused_as_malformed() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"_action\"\r\n\r\ncase_import";
        assert!(matches!(multipart(body), Err(BadForm::Malformed)));
    }

    #[test]
    fn forms_decode_plus_percent_and_utf8() {
        let f =
            parse_form(b"full_name=Nguy%E1%BB%85n+Th%E1%BB%8B+Lan&_action=signup&empty=&bad=%zz");
        assert_eq!(f.get("full_name"), "Nguyễn Thị Lan");
        assert_eq!(f.get("_action"), "signup");
        assert_eq!(f.get("empty"), "");
        assert_eq!(f.get("bad"), "%zz");
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "lang=en; ht_session=abc; x=1".parse().unwrap(),
        );
        assert_eq!(cookie_value(&h, "ht_session"), Some("abc"));
    }
}
