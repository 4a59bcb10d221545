//! The errors a browser may see. Nothing here carries an internal message: an unexpected failure
//! is logged on the server with its cause and shown to the user only as a request id.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::forms::{FieldErrors, FormProblem};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("sign-in required")]
    Unauthenticated,
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("refused")]
    Problem(FormProblem),
    /// The law's guards refuse a step: the reasons, and any fields at fault.
    #[error("refused by the guards")]
    Refused {
        fields: FieldErrors,
        refusals: Vec<crate::domain::lifecycle::Refusal>,
    },
    #[error("service unavailable")]
    Unavailable,
    #[error("unexpected error (request {request_id})")]
    Unexpected { request_id: String },
    /// Transport and encoding failures raised by the server-function machinery itself.
    #[error("request failed")]
    Transport(ServerFnErrorErr),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value)
    }
}

impl AppError {
    /// The HTTP status a page showing this error should carry.
    pub fn status(&self) -> u16 {
        match self {
            // A denial is a denial however it is carried: never a 422 that reads as "allowed".
            AppError::NotFound | AppError::Problem(FormProblem::NotFound) => 404,
            AppError::Forbidden | AppError::Problem(FormProblem::NotPermitted) => 403,
            AppError::Unauthenticated | AppError::Problem(FormProblem::SignInRequired) => 401,
            // Someone else's import holds the agency's turn: try again later.
            AppError::Problem(FormProblem::ImportRunning) => 409,
            AppError::Invalid(_) | AppError::Problem(_) | AppError::Refused { .. } => 422,
            AppError::Unavailable => 503,
            AppError::Unexpected { .. } | AppError::Transport(_) => 500,
        }
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::AppError;
    use crate::backend::ServiceError;
    use crate::domain::forms::FormProblem;
    use crate::views::forms::FormOutcome;

    /// The request id set by the server's request-id layer, for logs and error pages.
    pub fn current_request_id() -> String {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "-".to_owned())
    }

    impl From<ServiceError> for AppError {
        fn from(err: ServiceError) -> Self {
            let app = AppError::from_service(err);
            // Server functions answer with the status of their error, not a blanket 500.
            if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                if let Ok(code) = http::StatusCode::from_u16(app.status()) {
                    response.set_status(code);
                }
            }
            app
        }
    }

    /// An error with every source under it, for the log.
    struct Chain<'a>(&'a (dyn std::error::Error + 'static));

    impl std::fmt::Display for Chain<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{}", self.0)?;
            let mut source = self.0.source();
            while let Some(s) = source {
                write!(f, ": {s}")?;
                source = s.source();
            }
            Ok(())
        }
    }

    impl AppError {
        /// Puts the error on the form's page: problems by field, or one message about the whole
        /// form, and the page's status.
        pub fn show_in(self, outcome: &mut FormOutcome) {
            crate::api::ctx::set_status(self.status());
            match self {
                AppError::Invalid(errors) => outcome.errors = errors,
                AppError::Problem(p) => outcome.problem = Some(p),
                AppError::Refused { fields, refusals } => {
                    outcome.errors = fields;
                    outcome.problem = Some(FormProblem::Refused(refusals));
                }
                AppError::NotFound => outcome.problem = Some(FormProblem::NotFound),
                AppError::Forbidden => outcome.problem = Some(FormProblem::NotPermitted),
                AppError::Unauthenticated => outcome.problem = Some(FormProblem::SignInRequired),
                AppError::Unavailable => outcome.problem = Some(FormProblem::Unavailable),
                AppError::Unexpected { request_id } => {
                    outcome.problem = Some(FormProblem::Unexpected { request_id })
                }
                AppError::Transport(_) => {
                    outcome.problem = Some(FormProblem::Unexpected {
                        request_id: current_request_id(),
                    })
                }
            }
        }

        fn from_service(err: ServiceError) -> Self {
            match err {
                ServiceError::NotFound => AppError::NotFound,
                ServiceError::Forbidden => AppError::Forbidden,
                ServiceError::Unauthenticated => AppError::Unauthenticated,
                ServiceError::Invalid(errors) => AppError::Invalid(errors),
                // A denial carried as a form problem is a denial, shown as one.
                ServiceError::Problem(FormProblem::NotFound) => AppError::NotFound,
                ServiceError::Problem(FormProblem::NotPermitted) => AppError::Forbidden,
                ServiceError::Problem(FormProblem::SignInRequired) => AppError::Unauthenticated,
                ServiceError::Problem(problem) => AppError::Problem(problem),
                ServiceError::Refused(e) if e.refusals.is_empty() => AppError::Invalid(e.fields),
                ServiceError::Refused(e) => AppError::Refused {
                    fields: e.fields,
                    refusals: e.refusals,
                },
                ServiceError::Unavailable(cause) => {
                    tracing::error!(request_id = %current_request_id(), cause = %Chain(&*cause), "database unavailable");
                    AppError::Unavailable
                }
                ServiceError::Unexpected(cause) => {
                    let request_id = current_request_id();
                    tracing::error!(%request_id, cause = %Chain(&*cause), "unexpected error");
                    AppError::Unexpected { request_id }
                }
            }
        }
    }
}

#[cfg(feature = "ssr")]
pub use server::current_request_id;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_denial_answers_401_403_or_404_whether_it_comes_as_an_error_or_a_form_problem() {
        for (error, status) in [
            (AppError::NotFound, 404),
            (AppError::Problem(FormProblem::NotFound), 404),
            (AppError::Forbidden, 403),
            (AppError::Problem(FormProblem::NotPermitted), 403),
            (AppError::Unauthenticated, 401),
            (AppError::Problem(FormProblem::SignInRequired), 401),
        ] {
            assert_eq!(error.status(), status, "{error:?}");
        }
    }

    #[test]
    fn a_record_that_moved_on_is_a_422_about_the_form_not_a_denial() {
        assert_eq!(AppError::Problem(FormProblem::StateChanged).status(), 422);
        assert_eq!(AppError::Problem(FormProblem::AlreadyDecided).status(), 422);
        assert_eq!(AppError::Problem(FormProblem::ImportRunning).status(), 409);
    }
}
