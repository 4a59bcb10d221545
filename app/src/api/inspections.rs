//! Server functions of inspections, their forms' table, and the evidence files' download.

use leptos::prelude::*;

use super::AppError;
use crate::views::inspections::{InspectionDeskView, InspectionView};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "inspections/desk", input = leptos::server_fn::codec::Json)]
pub async fn inspection_desk() -> Result<InspectionDeskView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::inspections::desk(&c.backend, &c.meta, c.actor()).await?)
}

#[server(endpoint = "inspections/view", input = leptos::server_fn::codec::Json)]
pub async fn one_inspection(id: i32) -> Result<InspectionView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::inspections::inspection(&c.backend, &c.meta, c.actor(), id).await?)
}

/// An evidence file, for whoever may see its inspection.
#[cfg(feature = "ssr")]
pub async fn evidence(
    c: &super::ctx::Ctx,
    id: i32,
) -> Result<crate::backend::attachments::Download, AppError> {
    Ok(crate::backend::inspections::download(&c.backend, &c.meta, c.actor(), id).await?)
}

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::{see_other, Ctx};
    use crate::api::forms::FormAction;
    use crate::backend::{inspections, ServiceError};
    use crate::domain::access::Action;
    use crate::form_action;
    use crate::views::forms::FormOutcome;
    use crate::views::inspections::{
        AnswerTaskInput, CloseInspectionInput, OpenInspectionInput, PlanInspectionInput,
        ReviewTaskInput, SanctionInput, TaskInput, ViolationInput,
    };

    pub const FORM_ACTIONS: &[FormAction] = &[
        form_action!(PlanInspectionInput, Action::RecordInspections, plan),
        form_action!(OpenInspectionInput, Action::RecordInspections, open),
        form_action!(ViolationInput, Action::RecordInspections, violation),
        form_action!(SanctionInput, Action::RecordInspections, sanction),
        form_action!(TaskInput, Action::RecordInspections, add_task),
        form_action!(ReviewTaskInput, Action::RecordInspections, review),
        form_action!(CloseInspectionInput, Action::RecordInspections, close),
        form_action!(AnswerTaskInput, Action::AnswerRemediation, answer),
    ];

    fn page(id: i32) -> String {
        format!("/inspections/{id}")
    }

    async fn plan(
        c: &Ctx,
        input: PlanInspectionInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = inspections::plan(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn open(
        c: &Ctx,
        input: OpenInspectionInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.inspection_id;
        inspections::open(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn violation(
        c: &Ctx,
        input: ViolationInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.inspection_id;
        inspections::violation(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn sanction(
        c: &Ctx,
        input: SanctionInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.inspection_id;
        inspections::sanction(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn add_task(c: &Ctx, input: TaskInput, _: &mut FormOutcome) -> Result<(), ServiceError> {
        let id = input.inspection_id;
        inspections::add_task(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn review(
        c: &Ctx,
        input: ReviewTaskInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = inspections::review(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn close(
        c: &Ctx,
        input: CloseInspectionInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.inspection_id;
        inspections::close(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn answer(
        c: &Ctx,
        input: AnswerTaskInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = inspections::answer(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }
}
