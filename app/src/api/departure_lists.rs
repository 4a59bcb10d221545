//! Server function of the departure lists (the agency's lists and the workers ready for one,
//! DOLAB's queue) and the list forms' table.

use leptos::prelude::*;

use super::AppError;
use crate::views::departure_lists::DepartureListsView;

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "lists/all", input = leptos::server_fn::codec::Json)]
pub async fn departure_lists() -> Result<DepartureListsView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::departure_lists::overview(&c.backend, &c.meta, c.actor()).await?)
}

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::{see_other, Ctx};
    use crate::api::forms::FormAction;
    use crate::backend::{departure_lists, ServiceError};
    use crate::domain::access::Action;
    use crate::form_action;
    use crate::views::departure_lists::{ListCreateInput, ListDecideInput};
    use crate::views::forms::FormOutcome;
    use crate::views::job_orders::DecisionInput;

    pub const FORM_ACTIONS: &[FormAction] = &[
        form_action!(ListCreateInput, Action::ManageCases, create),
        form_action!(ListDecideInput, Action::DecideOrders, decide),
    ];

    async fn create(
        c: &Ctx,
        input: ListCreateInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let ListCreateInput {
            order_id,
            case_ids,
            planned_exit_on,
        } = input;
        departure_lists::create(
            &c.backend,
            &c.meta,
            c.actor(),
            order_id,
            case_ids,
            planned_exit_on,
        )
        .await?;
        see_other("/lists");
        Ok(())
    }

    async fn decide(
        c: &Ctx,
        input: ListDecideInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let DecisionInput { approve, reason } = input.decision;
        departure_lists::decide_list(
            &c.backend,
            &c.meta,
            c.actor(),
            input.list_id,
            approve,
            reason,
        )
        .await?;
        see_other("/lists");
        Ok(())
    }
}
