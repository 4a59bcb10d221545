//! Server function of the legal reference rules (the rules in force, every version) and the
//! rule form's table.

use leptos::prelude::*;

use super::AppError;
use crate::views::rules::RulesView;

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "rules/in-force", input = leptos::server_fn::codec::Json)]
pub async fn legal_rules() -> Result<RulesView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::rules::view(&c.backend, c.actor()).await?)
}

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::{see_other, Ctx};
    use crate::api::forms::FormAction;
    use crate::backend::{rules, ServiceError};
    use crate::domain::access::Action;
    use crate::form_action;
    use crate::views::forms::FormOutcome;
    use crate::views::rules::RuleAddInput;

    pub const FORM_ACTIONS: &[FormAction] = &[form_action!(RuleAddInput, Action::EditRules, add)];

    async fn add(c: &Ctx, input: RuleAddInput, _: &mut FormOutcome) -> Result<(), ServiceError> {
        rules::add_version(&c.backend, &c.meta, c.actor(), input).await?;
        see_other("/rules");
        Ok(())
    }
}
