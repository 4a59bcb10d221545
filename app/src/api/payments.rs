//! Server function of a case's money page, and the payment forms' table.

use leptos::prelude::*;

use super::AppError;
use crate::views::payments::MoneyView;

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "cases/money", input = leptos::server_fn::codec::Json)]
pub async fn case_money(id: i32) -> Result<MoneyView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::payments::money(&c.backend, &c.meta, c.actor(), id).await?)
}

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::{see_other, Ctx};
    use crate::api::forms::FormAction;
    use crate::backend::{payments, ServiceError};
    use crate::domain::access::Action;
    use crate::form_action;
    use crate::views::forms::FormOutcome;
    use crate::views::payments::{AnswerStatementInput, PaymentInput, ReversePaymentInput};

    pub const FORM_ACTIONS: &[FormAction] = &[
        form_action!(PaymentInput, Action::RecordPayment, record),
        form_action!(ReversePaymentInput, Action::RecordPayment, reverse),
        form_action!(AnswerStatementInput, Action::AnswerStatement, answer),
    ];

    fn money_page(case_id: i32) -> String {
        format!("/cases/{case_id}/money")
    }

    async fn record(c: &Ctx, input: PaymentInput, _: &mut FormOutcome) -> Result<(), ServiceError> {
        payments::post(
            &c.backend,
            &c.meta,
            c.actor(),
            input.case_id,
            input.payment,
            input.receipt.as_ref(),
        )
        .await?;
        see_other(&money_page(input.case_id));
        Ok(())
    }

    async fn reverse(
        c: &Ctx,
        input: ReversePaymentInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        payments::reverse(
            &c.backend,
            &c.meta,
            c.actor(),
            input.case_id,
            input.payment_id,
            &input.reason,
        )
        .await?;
        see_other(&money_page(input.case_id));
        Ok(())
    }

    async fn answer(
        c: &Ctx,
        input: AnswerStatementInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        payments::answer(
            &c.backend,
            &c.meta,
            c.actor(),
            input.case_id,
            input.payment_id,
            input.answer,
            &input.reason,
        )
        .await?;
        see_other(&money_page(input.case_id));
        Ok(())
    }
}
