//! Server functions of the poverty-programme support pages, and their forms' table.

use leptos::prelude::*;

use super::AppError;
use crate::views::support::{SupportOverview, WorkerSupportView};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "support/overview", input = leptos::server_fn::codec::Json)]
pub async fn support_totals() -> Result<SupportOverview, AppError> {
    let c = ctx()?;
    Ok(crate::backend::support::overview(&c.backend, &c.meta, c.actor()).await?)
}

#[server(endpoint = "support/worker", input = leptos::server_fn::codec::Json)]
pub async fn worker_support(id: i32) -> Result<WorkerSupportView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::support::worker_view(&c.backend, &c.meta, c.actor(), id).await?)
}

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::{see_other, Ctx};
    use crate::api::forms::FormAction;
    use crate::backend::{support, support_claims, ServiceError};
    use crate::domain::access::Action;
    use crate::form_action;
    use crate::views::forms::FormOutcome;
    use crate::views::support::{
        ClaimPaidInput, ConnectionClaimInput, HouseholdStatusInput, SupportBudgetInput,
        SupportPaymentInput,
    };

    pub const FORM_ACTIONS: &[FormAction] = &[
        form_action!(HouseholdStatusInput, Action::ManageSupport, status),
        form_action!(SupportPaymentInput, Action::ManageSupport, payment),
        form_action!(SupportBudgetInput, Action::ManageSupport, budget),
        form_action!(ConnectionClaimInput, Action::ManageSupport, claim),
        form_action!(ClaimPaidInput, Action::ManageSupport, claim_paid),
    ];

    fn worker_page(id: i32) -> String {
        format!("/support/workers/{id}")
    }

    async fn status(
        c: &Ctx,
        input: HouseholdStatusInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.worker_id;
        support::record_status(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&worker_page(id));
        Ok(())
    }

    async fn payment(
        c: &Ctx,
        input: SupportPaymentInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.worker_id;
        support::record_payment(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&worker_page(id));
        Ok(())
    }

    async fn budget(
        c: &Ctx,
        input: SupportBudgetInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        support::record_budget(&c.backend, &c.meta, c.actor(), input).await?;
        see_other("/support");
        Ok(())
    }

    async fn claim(
        c: &Ctx,
        input: ConnectionClaimInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        support_claims::record(&c.backend, &c.meta, c.actor(), input).await?;
        see_other("/support#claims");
        Ok(())
    }

    async fn claim_paid(
        c: &Ctx,
        input: ClaimPaidInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        support_claims::mark_paid(&c.backend, &c.meta, c.actor(), input).await?;
        see_other("/support#claims");
        Ok(())
    }
}
