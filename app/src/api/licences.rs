//! Server functions of licence decisions, and their forms' table.

use leptos::prelude::*;

use super::AppError;
use crate::views::licences::{LicenceDeskView, LicenceView};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "licences/desk", input = leptos::server_fn::codec::Json)]
pub async fn licence_desk() -> Result<LicenceDeskView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::licences::desk(&c.backend, &c.meta, c.actor()).await?)
}

#[server(endpoint = "licences/view", input = leptos::server_fn::codec::Json)]
pub async fn agency_licence(id: i32) -> Result<LicenceView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::licences::licence(&c.backend, &c.meta, c.actor(), id).await?)
}

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::{see_other, Ctx};
    use crate::api::forms::FormAction;
    use crate::backend::{licences, ServiceError};
    use crate::domain::access::Action;
    use crate::form_action;
    use crate::views::forms::FormOutcome;
    use crate::views::licences::{
        AmendLicenceInput, IssueLicenceInput, ReissueLicenceInput, RevokeLicenceInput,
        SuspendLicenceInput,
    };

    pub const FORM_ACTIONS: &[FormAction] = &[
        form_action!(IssueLicenceInput, Action::DecideLicences, issue),
        form_action!(AmendLicenceInput, Action::DecideLicences, amend),
        form_action!(ReissueLicenceInput, Action::DecideLicences, reissue),
        form_action!(SuspendLicenceInput, Action::DecideLicences, suspend),
        form_action!(RevokeLicenceInput, Action::DecideLicences, revoke),
    ];

    fn page(id: i32) -> String {
        format!("/licences/{id}")
    }

    async fn issue(
        c: &Ctx,
        input: IssueLicenceInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = licences::issue(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn amend(
        c: &Ctx,
        input: AmendLicenceInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.agency_id;
        licences::amend(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn reissue(
        c: &Ctx,
        input: ReissueLicenceInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.agency_id;
        licences::reissue(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn suspend(
        c: &Ctx,
        input: SuspendLicenceInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.agency_id;
        licences::suspend(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }

    async fn revoke(
        c: &Ctx,
        input: RevokeLicenceInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let id = input.agency_id;
        licences::revoke(&c.backend, &c.meta, c.actor(), input).await?;
        see_other(&page(id));
        Ok(())
    }
}
