//! Server function of a case's settlement page, and the settlement forms' table.

use leptos::prelude::*;

use super::AppError;
use crate::views::settlement::{SettlementAsk, SettlementView};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "cases/settlement", input = leptos::server_fn::codec::Json)]
pub async fn case_settlement(id: i32, ask: SettlementAsk) -> Result<SettlementView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::settlement::view(&c.backend, &c.meta, c.actor(), id, ask).await?)
}

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::{see_other, Ctx};
    use crate::api::forms::FormAction;
    use crate::backend::{settlement, ServiceError};
    use crate::domain::access::Action;
    use crate::form_action;
    use crate::views::forms::FormOutcome;
    use crate::views::settlement::{AnswerSettlementInput, RecordSettlementInput};

    pub const FORM_ACTIONS: &[FormAction] = &[
        form_action!(RecordSettlementInput, Action::RecordSettlement, record),
        form_action!(AnswerSettlementInput, Action::AnswerSettlement, answer),
    ];

    fn page(case_id: i32) -> String {
        format!("/cases/{case_id}/settlement")
    }

    async fn record(
        c: &Ctx,
        input: RecordSettlementInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.case_id;
        settlement::record(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn answer(
        c: &Ctx,
        input: AnswerSettlementInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        settlement::answer(
            &c.backend,
            &c.meta,
            c.actor(),
            input.case_id,
            input.version,
            input.answer,
            &input.note,
        )
        .await?;
        see_other(&page(input.case_id));
        Ok(())
    }
}
