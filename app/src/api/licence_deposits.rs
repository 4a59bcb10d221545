//! Server functions of agencies' licence deposits, and their form's table.

use leptos::prelude::*;

use super::AppError;
use crate::views::licence_deposits::{DepositListView, LicenceDepositView};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "deposits/all", input = leptos::server_fn::codec::Json)]
pub async fn licence_deposits() -> Result<DepositListView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::licence_deposits::list(&c.backend, &c.meta, c.actor()).await?)
}

#[server(endpoint = "deposits/view", input = leptos::server_fn::codec::Json)]
pub async fn licence_deposit(id: i32) -> Result<LicenceDepositView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::licence_deposits::view(&c.backend, &c.meta, c.actor(), id).await?)
}

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::{see_other, Ctx};
    use crate::api::forms::FormAction;
    use crate::backend::{licence_deposits, ServiceError};
    use crate::domain::access::Action;
    use crate::form_action;
    use crate::views::forms::FormOutcome;
    use crate::views::licence_deposits::DepositMoveInput;

    pub const FORM_ACTIONS: &[FormAction] = &[form_action!(
        DepositMoveInput,
        Action::ManageLicenceDeposits,
        record
    )];

    async fn record(
        c: &Ctx,
        input: DepositMoveInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.agency_id;
        licence_deposits::record(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&format!("/deposits/{id}"));
        Ok(())
    }
}
