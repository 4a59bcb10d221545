//! Server functions of job orders (supply contracts): the public board, one order, the agency's
//! orders and DOLAB's queue.

use leptos::prelude::*;

use super::AppError;
use crate::views::job_orders::{
    AgencyOrdersView, OrderBoardFilter, OrderBoardView, OrderPageView, PendingOrdersView,
};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::{see_other, Ctx};
    use crate::api::forms::FormAction;
    use crate::backend::{job_orders, ServiceError};
    use crate::domain::access::Action;
    use crate::form_action;
    use crate::views::forms::FormOutcome;
    use crate::views::job_orders::*;

    pub const FORM_ACTIONS: &[FormAction] = &[
        form_action!(OrderDraftInput, Action::ManageOrders, draft),
        form_action!(OrderEditInput, Action::ManageOrders, edit),
        form_action!(OrderSubmitInput, Action::ManageOrders, submit),
        form_action!(OrderDecideInput, Action::DecideOrders, decide),
    ];

    async fn draft(
        c: &Ctx,
        input: OrderDraftInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = job_orders::draft(&c.backend, &c.meta, c.actor(), input.0).await?;
        see_other(&format!("/orders/{id}"));
        Ok(())
    }

    async fn edit(c: &Ctx, input: OrderEditInput, _: &mut FormOutcome) -> Result<(), ServiceError> {
        let id = input.order_id;
        job_orders::edit(&c.backend, &c.meta, c.actor(), id, input.draft).await?;
        see_other(&format!("/orders/{id}"));
        Ok(())
    }

    async fn submit(
        c: &Ctx,
        input: OrderSubmitInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.order_id;
        job_orders::submit(&c.backend, &c.meta, c.actor(), id).await?;
        see_other(&format!("/orders/{id}"));
        Ok(())
    }

    async fn decide(
        c: &Ctx,
        input: OrderDecideInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.order_id;
        let DecisionInput { approve, reason } = input.decision;
        job_orders::decide_order(&c.backend, &c.meta, c.actor(), id, approve, reason).await?;
        see_other(&format!("/orders/{id}"));
        Ok(())
    }
}

#[server(endpoint = "orders/board", input = leptos::server_fn::codec::Json)]
pub async fn order_board(filter: OrderBoardFilter) -> Result<OrderBoardView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::job_orders::board(&c.backend, filter).await?)
}

#[server(endpoint = "orders/view", input = leptos::server_fn::codec::Json)]
pub async fn order_page(id: i32) -> Result<OrderPageView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::job_orders::page(&c.backend, &c.meta, c.actor(), id).await?)
}

#[server(endpoint = "orders/mine", input = leptos::server_fn::codec::Json)]
pub async fn agency_orders() -> Result<AgencyOrdersView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::job_orders::of_agency(&c.backend, &c.meta, c.actor()).await?)
}

#[server(endpoint = "orders/pending", input = leptos::server_fn::codec::Json)]
pub async fn pending_orders() -> Result<PendingOrdersView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::job_orders::pending(&c.backend, &c.meta, c.actor()).await?)
}
