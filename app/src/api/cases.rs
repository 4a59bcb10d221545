//! Server functions of cases (the agency's board, one case with its timeline and deadlines, the
//! progress of a background import) and the case forms' table.

use leptos::prelude::*;

use super::AppError;
use crate::views::cases::{
    CaseBoardView, CaseFilter, CaseSearchView, CaseView, ImportProgressView,
};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "cases/board", input = leptos::server_fn::codec::Json)]
pub async fn case_board(filter: CaseFilter) -> Result<CaseBoardView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::lifecycle::board(&c.backend, &c.meta, c.actor(), filter).await?)
}

#[server(endpoint = "cases/search", input = leptos::server_fn::codec::Json)]
pub async fn case_search(q: String) -> Result<CaseSearchView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::lifecycle::search_in_scope(&c.backend, &c.meta, c.actor(), &q).await?)
}

#[server(endpoint = "cases/view", input = leptos::server_fn::codec::Json)]
pub async fn case_page(id: i32) -> Result<CaseView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::lifecycle::view(&c.backend, &c.meta, c.actor(), id).await?)
}

#[server(endpoint = "cases/import-progress", input = leptos::server_fn::codec::Json)]
pub async fn import_progress(job: String) -> Result<ImportProgressView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::imports::progress(&c.backend, &c.meta, c.actor(), &job).await?)
}

/// The agency's board as a CSV file, with the board's filters from the query string.
#[cfg(feature = "ssr")]
pub async fn export_csv(
    c: &super::ctx::Ctx,
    query: &[(String, String)],
) -> Result<String, AppError> {
    let filter = CaseFilter::from_query(query);
    Ok(
        crate::backend::lifecycle::export_csv(&c.backend, &c.meta, c.actor(), filter, c.lang)
            .await?,
    )
}

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::{see_other, Ctx};
    use crate::api::forms::FormAction;
    use crate::backend::imports::{self, Imported};
    use crate::backend::{lifecycle, ServiceError};
    use crate::domain::access::Action;
    use crate::form_action;
    use crate::views::cases::*;
    use crate::views::forms::{FormOutcome, ACTION_FIELD};

    pub const FORM_ACTIONS: &[FormAction] = &[
        form_action!(ApplyInput, Action::Apply, apply),
        form_action!(CaseOpenInput, Action::ManageCases, open),
        form_action!(CaseStepInput, Action::ChangeCase, step),
        form_action!(CaseEventInput, Action::ChangeCase, event),
        form_action!(CaseImportInput, Action::ManageCases, import),
        form_action!(
            IssueClaimCodeInput,
            Action::IssueClaimCode,
            issue_claim_code
        ),
    ];

    /// The code is shown once, on the case page answering the form, to print.
    async fn issue_claim_code(
        c: &Ctx,
        input: IssueClaimCodeInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let issued =
            crate::backend::auth::issue_claim_code(&c.backend, &c.meta, c.actor(), input.case_id)
                .await?;
        out.claim_code = Some((
            issued.code,
            issued
                .expires_at
                .date_naive()
                .format("%d/%m/%Y")
                .to_string(),
        ));
        Ok(())
    }

    async fn apply(c: &Ctx, input: ApplyInput, _: &mut FormOutcome) -> Result<(), ServiceError> {
        let id = lifecycle::apply(&c.backend, &c.meta, c.actor(), input.order_id).await?;
        see_other(&format!("/cases/{id}"));
        Ok(())
    }

    async fn open(c: &Ctx, input: CaseOpenInput, _: &mut FormOutcome) -> Result<(), ServiceError> {
        let id = lifecycle::open_case(&c.backend, &c.meta, c.actor(), input.worker, input.order_id)
            .await?;
        see_other(&format!("/cases/{id}"));
        Ok(())
    }

    async fn step(c: &Ctx, input: CaseStepInput, _: &mut FormOutcome) -> Result<(), ServiceError> {
        let CaseStepInput {
            case_id,
            version,
            step,
        } = input;
        lifecycle::take(&c.backend, &c.meta, c.actor(), case_id, version, step).await?;
        see_other(&format!("/cases/{case_id}"));
        Ok(())
    }

    async fn event(
        c: &Ctx,
        input: CaseEventInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let CaseEventInput {
            case_id,
            version,
            event,
        } = input;
        lifecycle::record(&c.backend, &c.meta, c.actor(), case_id, version, event).await?;
        see_other(&format!("/cases/{case_id}"));
        Ok(())
    }

    async fn import(
        c: &Ctx,
        input: CaseImportInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        match imports::submit(&c.backend, &c.meta, c.actor(), &input.file).await? {
            Imported::Opened(n) => {
                out.imported = Some(n);
                out.values.retain(|(k, _)| k == ACTION_FIELD);
            }
            Imported::Rejected(errors) => {
                out.import_errors = errors;
                crate::api::ctx::set_status(422);
            }
            Imported::Background(job) => see_other(&format!("/cases/import?job={job}")),
        }
        Ok(())
    }
}
