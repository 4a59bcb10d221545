//! Server functions of complaints and denunciations, their forms' table, and the files' download.

use leptos::prelude::*;

use super::AppError;
use crate::views::complaints::{ComplaintDeskView, ComplaintView};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

/// One's complaints (a worker's, an agency's, those in an officer's or inspector's scope), and
/// for a worker or someone not signed in, the filing form's choices.
#[server(endpoint = "complaints/desk", input = leptos::server_fn::codec::Json)]
pub async fn complaint_desk() -> Result<ComplaintDeskView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::complaints::desk(&c.backend, &c.meta, c.actor()).await?)
}

#[server(endpoint = "complaints/view", input = leptos::server_fn::codec::Json)]
pub async fn one_complaint(id: i32) -> Result<ComplaintView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::complaints::complaint(&c.backend, &c.meta, c.actor(), id).await?)
}

/// A complaint followed by its tracking code (someone who filed without an account).
#[server(endpoint = "complaints/track", input = leptos::server_fn::codec::Json)]
pub async fn tracked_complaint(code: String) -> Result<ComplaintView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::complaints::tracked(&c.backend, &code).await?)
}

/// A file attached to a complaint, for whoever may see the complaint.
#[cfg(feature = "ssr")]
pub async fn attachment(
    c: &super::ctx::Ctx,
    id: i32,
) -> Result<crate::backend::attachments::Download, AppError> {
    Ok(crate::backend::complaints::download(&c.backend, &c.meta, c.actor(), id).await?)
}

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::{see_other, Ctx};
    use crate::api::forms::FormAction;
    use crate::backend::{complaints, ServiceError};
    use crate::domain::access::Action;
    use crate::form_action;
    use crate::views::complaints::{
        AnswerComplaintInput, CloseComplaintInput, DecideComplaintInput, EscalateComplaintInput,
        ExtendComplaintInput, FileComplaintInput, LinkComplaintInput, RemoteComplaintInput,
        SanctionComplaintInput, ShareContactInput,
    };
    use crate::views::forms::{FormOutcome, Notice};

    pub const FORM_ACTIONS: &[FormAction] = &[
        form_action!(FileComplaintInput, Action::FileComplaint, file),
        form_action!(DecideComplaintInput, Action::HandleComplaint, decide),
        form_action!(ExtendComplaintInput, Action::HandleComplaint, extend),
        form_action!(AnswerComplaintInput, Action::HandleComplaint, answer),
        form_action!(EscalateComplaintInput, Action::FollowComplaint, escalate),
        form_action!(CloseComplaintInput, Action::FollowComplaint, close),
        form_action!(RemoteComplaintInput, Action::MarkComplaintRemote, remote),
        form_action!(LinkComplaintInput, Action::OverseeComplaints, link),
        form_action!(ShareContactInput, Action::OverseeComplaints, share),
        form_action!(
            SanctionComplaintInput,
            Action::FileComplaint,
            against_sanction
        ),
    ];

    async fn against_sanction(
        c: &Ctx,
        input: SanctionComplaintInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id =
            complaints::complain_against_sanction(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    fn page(id: i32) -> String {
        format!("/complaints/{id}")
    }

    /// A signed-in filer goes to the complaint's page; someone with a tracking code stays on
    /// theirs (the code is in the page's address) and is not redirected.
    fn next(id: i32, code: Option<&str>) {
        if code.is_none() {
            see_other(&page(id));
        }
    }

    async fn file(
        c: &Ctx,
        input: FileComplaintInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let filed = complaints::file(&c.backend, &c.meta, c.actor(), c.lang, input).await?;
        match filed.tracking_code {
            // Shown once, on the page that answered the form: it is the only way back in.
            Some(code) => out.tracking_code = Some(code),
            None => see_other(&page(filed.id)),
        }
        Ok(())
    }

    async fn decide(
        c: &Ctx,
        input: DecideComplaintInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = complaints::decide_complaint(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn extend(
        c: &Ctx,
        input: ExtendComplaintInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = complaints::extend(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn answer(
        c: &Ctx,
        input: AnswerComplaintInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = complaints::answer(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn escalate(
        c: &Ctx,
        input: EscalateComplaintInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let code = input.code.clone();
        let id = complaints::escalate(&c.backend, &c.meta, c.actor(), input).await?;
        out.notice = Some(Notice::ComplaintUpdated);
        next(id, code.as_deref());
        Ok(())
    }

    async fn close(
        c: &Ctx,
        input: CloseComplaintInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let code = input.code.clone();
        let id = complaints::close(&c.backend, &c.meta, c.actor(), input).await?;
        out.notice = Some(Notice::ComplaintUpdated);
        next(id, code.as_deref());
        Ok(())
    }

    async fn remote(
        c: &Ctx,
        input: RemoteComplaintInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = complaints::mark_remote(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn link(
        c: &Ctx,
        input: LinkComplaintInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = complaints::link(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn share(
        c: &Ctx,
        input: ShareContactInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = complaints::share(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }
}
