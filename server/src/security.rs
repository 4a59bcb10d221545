//! Request guards in front of the app: cross-origin refusal (CSRF), the server-function policy
//! table, reading posted forms, and resolving the session cookie.

use std::net::SocketAddr;

use app::api::ctx::{ClientAddress, SessionSlot, SESSION_COOKIE};
use app::api::policy::endpoint_action;
use app::backend::Backend;
use app::views::forms::FormData;
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

fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn parse_form(body: &str) -> FormData {
    FormData(
        body.split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode_component(k), decode_component(v))
            })
            .collect(),
    )
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
    let multipart = multipart_boundary(&content_type);
    let urlencoded = content_type.starts_with("application/x-www-form-urlencoded");
    if !page_post || (!urlencoded && multipart.is_none()) {
        return next.run(request).await;
    }
    let limit = if multipart.is_some() {
        UPLOAD_LIMIT
    } else {
        FORM_LIMIT
    };
    let (mut parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => return refuse(StatusCode::PAYLOAD_TOO_LARGE, "Form too large."),
    };
    let form = match multipart {
        Some(boundary) => parse_multipart(&bytes, &boundary),
        None => parse_form(&String::from_utf8_lossy(&bytes)),
    };
    parts.extensions.insert(form);
    next.run(Request::from_parts(parts, Body::empty())).await
}

/// Uploads (a CSV of workers) may be larger than ordinary forms.
const UPLOAD_LIMIT: usize = 4 * 1024 * 1024;

fn multipart_boundary(content_type: &str) -> Option<String> {
    let rest = content_type.strip_prefix("multipart/form-data")?;
    rest.split(';').find_map(|p| {
        p.trim()
            .strip_prefix("boundary=")
            .map(|b| b.trim_matches('"').to_owned())
    })
}

/// A `multipart/form-data` body as fields; a file's content is read as UTF-8 text.
pub fn parse_multipart(body: &[u8], boundary: &str) -> FormData {
    let text = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let mut fields = Vec::new();
    for part in text.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n").unwrap_or(part);
        let Some((head, content)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let name = head.lines().find_map(|line| {
            let lower = line.to_ascii_lowercase();
            if !lower.starts_with("content-disposition:") {
                return None;
            }
            line.split(';').find_map(|p| {
                p.trim()
                    .strip_prefix("name=")
                    .map(|n| n.trim_matches('"').to_owned())
            })
        });
        if let Some(name) = name {
            let value = content.strip_suffix("\r\n").unwrap_or(content);
            fields.push((name, value.to_owned()));
        }
    }
    FormData(fields)
}

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
                    tracing::error!(error = %e, "session lookup failed");
                    None
                }
            }
        }
        _ => None,
    };
    request.extensions_mut().insert(SessionSlot(session));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multipart_upload_gives_its_fields_and_the_file_as_text() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"_action\"\r\n\r\ncase_import\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\ncitizen_id,full_name\r\n001301012345,Nguyễn Thị Lan\r\n\r\n--XyZ--\r\n";
        let boundary = multipart_boundary("multipart/form-data; boundary=XyZ").unwrap();
        let f = parse_multipart(body.as_bytes(), &boundary);
        assert_eq!(f.get("_action"), "case_import");
        assert_eq!(
            f.get("file"),
            "citizen_id,full_name\r\n001301012345,Nguyễn Thị Lan\r\n"
        );
    }

    #[test]
    fn forms_decode_plus_percent_and_utf8() {
        let f =
            parse_form("full_name=Nguy%E1%BB%85n+Th%E1%BB%8B+Lan&_action=signup&empty=&bad=%zz");
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
