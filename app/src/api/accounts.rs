//! Server functions behind the account pages (who is signed in, their sessions, two-factor
//! set-up, invitations, the user lists, the audit trail) and the account forms' table.

use leptos::prelude::*;

use super::AppError;
use crate::views::accounts::{
    AccountView, AuditPageView, AuditQuery, ClaimDisputesView, InvitationView, MeView,
    TotpSetupView, UsersView,
};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[cfg(feature = "ssr")]
pub use forms::FORM_ACTIONS;

#[cfg(feature = "ssr")]
mod forms {
    use crate::api::ctx::{clear_session_cookie, see_other, set_session_cookie, Ctx};
    use crate::api::forms::FormAction;
    use crate::backend::auth::{self, Stage};
    use crate::backend::{invitations, ServiceError};
    use crate::domain::access::Action;
    use crate::domain::accounts::SignupInput;
    use crate::form_action;
    use crate::views::accounts::*;
    use crate::views::forms::{FormOutcome, Notice};

    pub const FORM_ACTIONS: &[FormAction] = &[
        form_action!(SignupInput, Action::Public, signup),
        form_action!(ConfirmSignupInput, Action::Public, confirm_signup),
        form_action!(UnlockInput, Action::Public, unlock),
        form_action!(ClaimRecordInput, Action::ClaimRecord, claim_record),
        form_action!(DisputeClaimInput, Action::DisputeClaim, dispute_claim),
        form_action!(RevokeClaimInput, Action::ResolveClaims, revoke_claim),
        form_action!(RejectDisputeInput, Action::ResolveClaims, reject_dispute),
        form_action!(SigninInput, Action::Public, signin),
        form_action!(SigninCodeInput, Action::Public, signin_code),
        form_action!(SignoutInput, Action::Public, signout),
        form_action!(ForgotInput, Action::Public, forgot),
        form_action!(ResetInput, Action::Public, reset),
        form_action!(AcceptInvitationInput, Action::Public, accept_invitation),
        form_action!(TotpConfirmInput, Action::OwnAccount, totp_confirm),
        form_action!(RevokeSessionInput, Action::OwnAccount, revoke_session),
        form_action!(
            InviteUserInput,
            Action::Invite(crate::domain::accounts::Role::NationalOfficer),
            invite
        ),
        form_action!(
            InviteStaffInput,
            Action::Invite(crate::domain::accounts::Role::AgencyStaff),
            invite_staff
        ),
        form_action!(SetStatusInput, Action::SetUserStatus, set_status),
    ];

    /// A new sign-in replaces whatever session the browser had (no session fixation).
    async fn end_current(c: &Ctx) {
        if let Some(current) = &c.session {
            let _ = auth::sign_out(&c.backend, &c.meta, current).await;
        }
    }

    /// The same answer whatever is on record: a link is on its way.
    async fn signup(
        c: &Ctx,
        input: SignupInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        auth::register(&c.backend, &c.meta, input, c.lang).await?;
        out.notice = Some(Notice::SignupSent);
        out.values.clear();
        Ok(())
    }

    async fn confirm_signup(
        c: &Ctx,
        input: ConfirmSignupInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let session = auth::confirm_signup(&c.backend, &c.meta, &input.token).await?;
        end_current(c).await;
        set_session_cookie(&session.token, &c.backend.settings);
        see_other(&auth::landing(&c.backend, session.user_id).await?);
        Ok(())
    }

    async fn unlock(
        c: &Ctx,
        input: UnlockInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        auth::unlock(&c.backend, &c.meta, &input.token).await?;
        out.notice = Some(Notice::Unlocked);
        Ok(())
    }

    async fn dispute_claim(
        c: &Ctx,
        input: DisputeClaimInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        auth::dispute_claim(
            &c.backend,
            &c.meta,
            c.actor(),
            &input.citizen_id,
            &input.note,
        )
        .await?;
        out.notice = Some(Notice::DisputeFiled);
        out.values.clear();
        Ok(())
    }

    /// The fresh code is shown once, on the page answering the form, to print.
    async fn revoke_claim(
        c: &Ctx,
        input: RevokeClaimInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let issued = auth::revoke_claim(
            &c.backend,
            &c.meta,
            c.actor(),
            &input.citizen_id,
            input.in_person,
            input.dispute_id,
        )
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

    async fn reject_dispute(
        c: &Ctx,
        input: RejectDisputeInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        auth::reject_dispute(
            &c.backend,
            &c.meta,
            c.actor(),
            input.dispute_id,
            &input.reason,
        )
        .await?;
        out.notice = Some(Notice::DisputeRejected);
        out.values.clear();
        Ok(())
    }

    async fn claim_record(
        c: &Ctx,
        input: ClaimRecordInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        auth::claim_record(&c.backend, &c.meta, c.actor(), &input.0.code).await?;
        out.notice = Some(Notice::RecordClaimed);
        out.values.clear();
        Ok(())
    }

    async fn signin(c: &Ctx, input: SigninInput, _: &mut FormOutcome) -> Result<(), ServiceError> {
        let session =
            auth::sign_in(&c.backend, &c.meta, &input.identifier, &input.password).await?;
        end_current(c).await;
        set_session_cookie(&session.token, &c.backend.settings);
        match session.stage {
            Stage::Full => see_other(&auth::landing(&c.backend, session.user_id).await?),
            Stage::Code => see_other("/signin/code"),
            Stage::Setup => see_other("/account/totp"),
        }
        Ok(())
    }

    async fn signin_code(
        c: &Ctx,
        input: SigninCodeInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let current = c.session.as_ref().ok_or(ServiceError::Unauthenticated)?;
        let session = auth::second_factor(&c.backend, &c.meta, current, &input.0.code).await?;
        set_session_cookie(&session.token, &c.backend.settings);
        see_other(&auth::landing(&c.backend, session.user_id).await?);
        Ok(())
    }

    async fn signout(c: &Ctx, _: SignoutInput, _: &mut FormOutcome) -> Result<(), ServiceError> {
        if let Some(current) = &c.session {
            auth::sign_out(&c.backend, &c.meta, current).await?;
        }
        clear_session_cookie(&c.backend.settings);
        see_other("/");
        Ok(())
    }

    async fn forgot(
        c: &Ctx,
        input: ForgotInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        auth::request_reset(&c.backend, &c.meta, input.email.as_str()).await?;
        out.notice = Some(Notice::ResetRequested);
        Ok(())
    }

    async fn reset(c: &Ctx, input: ResetInput, _: &mut FormOutcome) -> Result<(), ServiceError> {
        let TokenPasswordInput { token, password } = input.0;
        auth::reset_password(&c.backend, &c.meta, &token, &password).await?;
        clear_session_cookie(&c.backend.settings);
        see_other("/signin?reset=1");
        Ok(())
    }

    async fn accept_invitation(
        c: &Ctx,
        input: AcceptInvitationInput,
        _: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let TokenPasswordInput { token, password } = input.0;
        let session = auth::accept_invitation(&c.backend, &c.meta, &token, &password).await?;
        end_current(c).await;
        set_session_cookie(&session.token, &c.backend.settings);
        see_other("/account/totp");
        Ok(())
    }

    async fn totp_confirm(
        c: &Ctx,
        input: TotpConfirmInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        let (session, codes) =
            auth::confirm_totp(&c.backend, &c.meta, c.session.as_ref(), &input.0.code).await?;
        set_session_cookie(&session.token, &c.backend.settings);
        out.recovery_codes = codes;
        out.continue_to = Some(auth::landing(&c.backend, session.user_id).await?);
        Ok(())
    }

    async fn revoke_session(
        c: &Ctx,
        input: RevokeSessionInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        auth::revoke_session(&c.backend, &c.meta, c.actor(), &input.session).await?;
        if c.session.as_ref().is_some_and(|s| s.id == input.session) {
            clear_session_cookie(&c.backend.settings);
            see_other("/");
        } else {
            out.notice = Some(Notice::SessionRevoked);
        }
        Ok(())
    }

    async fn invite(
        c: &Ctx,
        input: InviteUserInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        invitations::invite(&c.backend, &c.meta, c.actor(), c.lang, false, input.0).await?;
        out.notice = Some(Notice::InvitationSent);
        out.values
            .retain(|(k, _)| k == crate::views::forms::ACTION_FIELD);
        Ok(())
    }

    async fn invite_staff(
        c: &Ctx,
        input: InviteStaffInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        invitations::invite(&c.backend, &c.meta, c.actor(), c.lang, true, input.0).await?;
        out.notice = Some(Notice::InvitationSent);
        out.values
            .retain(|(k, _)| k == crate::views::forms::ACTION_FIELD);
        Ok(())
    }

    async fn set_status(
        c: &Ctx,
        input: SetStatusInput,
        out: &mut FormOutcome,
    ) -> Result<(), ServiceError> {
        auth::set_user_status(&c.backend, &c.meta, c.actor(), input.user_id, input.active).await?;
        out.notice = Some(Notice::StatusChanged);
        Ok(())
    }
}

#[server(endpoint = "account/me", input = leptos::server_fn::codec::Json)]
pub async fn whoami() -> Result<Option<MeView>, AppError> {
    let c = ctx()?;
    Ok(c.session.map(|s| MeView {
        full_name: s.full_name.clone(),
        role: s.actor.role,
        signed_in: s.full_actor().is_some(),
    }))
}

#[server(endpoint = "account/view", input = leptos::server_fn::codec::Json)]
pub async fn my_account() -> Result<AccountView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::accounts_view::account(&c.backend, c.session.as_ref(), c.actor()).await?)
}

#[server(endpoint = "account/totp", input = leptos::server_fn::codec::Json)]
pub async fn totp_setup() -> Result<TotpSetupView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::accounts_view::totp_setup(&c.backend, c.session.as_ref()).await?)
}

#[server(endpoint = "account/invitation", input = leptos::server_fn::codec::Json)]
pub async fn invitation(token: String) -> Result<Option<InvitationView>, AppError> {
    let c = ctx()?;
    Ok(crate::backend::auth::invitation_info(&c.backend, &token)
        .await?
        .map(|i| InvitationView {
            email: i.email,
            full_name: i.full_name,
            role: i.role,
        }))
}

#[server(endpoint = "account/reset-link", input = leptos::server_fn::codec::Json)]
pub async fn reset_link_live(token: String) -> Result<bool, AppError> {
    let c = ctx()?;
    Ok(crate::backend::auth::reset_link_is_live(&c.backend, &token).await?)
}

#[server(endpoint = "account/signup-link", input = leptos::server_fn::codec::Json)]
pub async fn signup_link_live(token: String) -> Result<bool, AppError> {
    let c = ctx()?;
    Ok(crate::backend::auth::signup_link_is_live(&c.backend, &token).await?)
}

#[server(endpoint = "account/unlock-link", input = leptos::server_fn::codec::Json)]
pub async fn unlock_link_live(token: String) -> Result<bool, AppError> {
    let c = ctx()?;
    Ok(crate::backend::auth::unlock_link_is_live(&c.backend, &token).await?)
}

#[server(endpoint = "province/claims", input = leptos::server_fn::codec::Json)]
pub async fn claim_disputes() -> Result<ClaimDisputesView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::auth::claim_disputes(&c.backend, &c.meta, c.actor()).await?)
}

#[server(endpoint = "admin/users", input = leptos::server_fn::codec::Json)]
pub async fn users() -> Result<UsersView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::accounts_view::users(&c.backend, &c.meta, c.actor(), None).await?)
}

#[server(endpoint = "agency/staff", input = leptos::server_fn::codec::Json)]
pub async fn agency_staff() -> Result<UsersView, AppError> {
    let c = ctx()?;
    let agency = c.actor().and_then(|a| a.agency_id).unwrap_or(0);
    Ok(crate::backend::accounts_view::users(&c.backend, &c.meta, c.actor(), Some(agency)).await?)
}

#[server(endpoint = "audit/entries", input = leptos::server_fn::codec::Json)]
pub async fn audit_entries(query: AuditQuery) -> Result<AuditPageView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::accounts_view::audit(&c.backend, &c.meta, c.actor(), &query).await?)
}
