//! HTML forms that work without JavaScript. A form posts to its own page; the server reads the
//! body into `FormData`, and while rendering the page `form_outcome()` runs the action named by
//! the hidden `_action` field. Success answers 303 to the next page; failure renders the same
//! page with each problem next to its field and everything typed kept (except secrets).
//!
//! Each feature's module holds its table of actions: the typed input (`views::*::*Input`), the
//! policy action the access matrix expects, and the handler, which calls one use case that checks
//! the policy itself. Adding a form is adding a row in its feature's table.

use crate::views::forms::FormOutcome;

#[cfg(feature = "ssr")]
pub use server::{find, tables, FormAction, Handled};

/// Runs the posted form of this request, if any; on the browser, nothing.
pub async fn form_outcome() -> Option<FormOutcome> {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        let form = use_context::<http::request::Parts>()?
            .extensions
            .get::<crate::views::forms::FormData>()?
            .clone();
        Some(server::dispatch(form).await)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// One row of a feature's table: `form_action!(Input, policy, handler)`, where the handler is
/// `async fn(&Ctx, Input, &mut FormOutcome) -> Result<(), ServiceError>`.
#[cfg(feature = "ssr")]
#[macro_export]
macro_rules! form_action {
    ($input:ty, $policy:expr, $handler:path) => {
        $crate::api::forms::FormAction {
            name: <$input as $crate::views::forms::FormInput>::ACTION,
            policy: $policy,
            run: {
                fn run<'a>(
                    c: &'a $crate::api::ctx::Ctx,
                    form: &'a $crate::views::forms::FormData,
                    outcome: &'a mut $crate::views::forms::FormOutcome,
                ) -> $crate::api::forms::Handled<'a> {
                    Box::pin(async move {
                        let input = <$input as $crate::views::forms::FormInput>::parse(form)
                            .map_err($crate::backend::ServiceError::from)?;
                        $handler(c, input, outcome).await
                    })
                }
                run
            },
        }
    };
}

#[cfg(feature = "ssr")]
mod server {
    use std::future::Future;
    use std::pin::Pin;

    use crate::api::ctx::{ctx, Ctx};
    use crate::api::AppError;
    use crate::backend::ServiceError;
    use crate::domain::access::Action;
    use crate::views::forms::{FormData, FormOutcome, ACTION_FIELD};

    pub type Handled<'a> = Pin<Box<dyn Future<Output = Result<(), ServiceError>> + Send + 'a>>;

    /// A form action: its name (the `_action` field), the policy action the access matrix expects
    /// of it, and how it runs. The use case it calls checks the policy with the record in hand.
    pub struct FormAction {
        pub name: &'static str,
        pub policy: Action,
        pub run: for<'a> fn(&'a Ctx, &'a FormData, &'a mut FormOutcome) -> Handled<'a>,
    }

    /// Every feature's table of form actions.
    pub fn tables() -> [&'static [FormAction]; 13] {
        [
            crate::api::settlement::FORM_ACTIONS,
            crate::api::payments::FORM_ACTIONS,
            crate::api::licence_deposits::FORM_ACTIONS,
            crate::api::accounts::FORM_ACTIONS,
            crate::api::job_orders::FORM_ACTIONS,
            crate::api::cases::FORM_ACTIONS,
            crate::api::corrections::FORM_ACTIONS,
            crate::api::departure_lists::FORM_ACTIONS,
            crate::api::rules::FORM_ACTIONS,
            crate::api::support::FORM_ACTIONS,
            crate::api::licences::FORM_ACTIONS,
            crate::api::inspections::FORM_ACTIONS,
            crate::api::complaints::FORM_ACTIONS,
        ]
    }

    pub fn find(name: &str) -> Option<&'static FormAction> {
        tables().into_iter().flatten().find(|a| a.name == name)
    }

    /// Never echoed back: secrets. (Uploaded files are not text fields, so never echoed either.)
    const SECRET_FIELDS: [&str; 2] = ["password", "code"];

    pub async fn dispatch(form: FormData) -> FormOutcome {
        let action = form.get(ACTION_FIELD).to_owned();
        let mut outcome = FormOutcome {
            action: action.clone(),
            values: form
                .fields
                .iter()
                .filter(|(k, _)| !SECRET_FIELDS.contains(&k.as_str()))
                .cloned()
                .collect(),
            ..FormOutcome::default()
        };
        let result = match (ctx(), find(&action)) {
            (Ok(c), Some(a)) => (a.run)(&c, &form, &mut outcome)
                .await
                .map_err(AppError::from),
            (Ok(_), None) => Err(AppError::from(ServiceError::NotFound)),
            (Err(e), _) => Err(e),
        };
        if let Err(err) = result {
            err.show_in(&mut outcome);
        }
        outcome
    }
}
