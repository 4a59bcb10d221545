//! What a server function or form handler knows about its request: the backend, the session
//! the server resolved from the cookie, and where the request came from.

use leptos::prelude::*;

use super::AppError;
use crate::backend::audit::RequestMeta;
use crate::backend::auth::{CurrentSession, Settings};
use crate::backend::Backend;
use crate::domain::access::Actor;
use crate::i18n::Lang;

/// Put into the request's extensions by the server's session layer.
#[derive(Debug, Clone, Default)]
pub struct SessionSlot(pub Option<CurrentSession>);

/// The client's address as the server saw it.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

pub const SESSION_COOKIE: &str = "ht_session";

pub struct Ctx {
    pub backend: Backend,
    pub session: Option<CurrentSession>,
    pub meta: RequestMeta,
    pub lang: Lang,
}

impl Ctx {
    /// The actor of a fully signed-in session; none while a second factor is due.
    pub fn actor(&self) -> Option<&Actor> {
        self.session.as_ref().and_then(CurrentSession::full_actor)
    }
}

pub fn ctx() -> Result<Ctx, AppError> {
    let backend = use_context::<Backend>().ok_or(AppError::Unavailable)?;
    let parts = use_context::<http::request::Parts>();
    Ok(Ctx::from_parts(backend, parts.as_ref()))
}

impl Ctx {
    /// The context of a request the server's layers have seen: the session they resolved, the
    /// client's address, the request id and the language cookie.
    pub fn from_parts(backend: Backend, parts: Option<&http::request::Parts>) -> Ctx {
        let header = |name: &str| {
            parts
                .and_then(|p| p.headers.get(name))
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let session = parts
            .and_then(|p| p.extensions.get::<SessionSlot>())
            .and_then(|s| s.0.clone());
        let address = parts
            .and_then(|p| p.extensions.get::<ClientAddress>())
            .map(|a| a.0.clone());
        let lang = header("cookie")
            .and_then(|c| Lang::from_cookie_header(&c))
            .unwrap_or_default();
        Ctx {
            backend,
            session,
            meta: RequestMeta {
                request_id: header("x-request-id").unwrap_or_else(|| "-".into()),
                address,
                user_agent: header("user-agent"),
            },
            lang,
        }
    }
}

/// Sets the session cookie: HttpOnly, SameSite=Lax, Secure when served over HTTPS, and no
/// longer-lived than the session itself.
pub fn set_session_cookie(token: &str, settings: &Settings) {
    let secure = if settings.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        settings.session_absolute.num_seconds()
    );
    append_cookie(&cookie);
}

pub fn clear_session_cookie(settings: &Settings) {
    let secure = if settings.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    append_cookie(&format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ));
}

fn append_cookie(cookie: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(cookie),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

pub use super::response::{see_other, set_status};
