//! Server function of the correction requests (an agency's own, or a provincial officer's to
//! decide), the scan's download, and the correction forms' table.

use leptos::prelude::*;

use super::AppError;
use crate::views::corrections::CorrectionsView;

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "corrections/all", input = leptos::server_fn::codec::Json)]
pub async fn corrections() -> Result<CorrectionsView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::corrections::corrections(&c.backend, &c.meta, c.actor()).await?)
}

/// The scan of the ID card attached to a request, for its agency and its province's officer.
#[cfg(feature = "ssr")]
pub async fn scan(
    c: &super::ctx::Ctx,
    id: i32,
) -> Result<crate::backend::attachments::Download, AppError> {
    Ok(crate::backend::corrections::scan(&c.backend, &c.meta, c.actor(), id).await?)
}

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::Ctx;
    use crate::api::forms::FormAction;
    use crate::backend::{corrections, ServiceError};
    use crate::domain::access::Action;
    use crate::form_action;
    use crate::views::corrections::{CorrectionEvidenceInput, DecideCorrectionInput};
    use crate::views::forms::{FormOutcome, Notice};

    pub const FORM_ACTIONS: &[FormAction] = &[
        form_action!(CorrectionEvidenceInput, Action::ManageCases, evidence),
        form_action!(DecideCorrectionInput, Action::DecideCorrections, decide),
    ];

    async fn evidence(
        c: &Ctx,
        input: CorrectionEvidenceInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        corrections::add_evidence(
            &c.backend,
            &c.meta,
            c.actor(),
            input.id,
            &input.reason,
            input.scan.as_ref(),
        )
        .await?;
        out.notice = Some(Notice::EvidenceAdded);
        out.values.clear();
        Ok(())
    }

    async fn decide(
        c: &Ctx,
        input: DecideCorrectionInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        corrections::decide(
            &c.backend,
            &c.meta,
            c.actor(),
            input.id,
            input.choice,
            &input.reason,
        )
        .await?;
        out.notice = Some(Notice::CorrectionDecided);
        out.values.clear();
        Ok(())
    }
}
