//! What the account pages receive: who is signed in, sessions, two-factor set-up, invitations,
//! user lists and the audit trail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::accounts::Role;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeView {
    pub full_name: String,
    pub role: Role,
    /// False while a second factor is still due.
    pub signed_in: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub address: Option<String>,
    pub user_agent: Option<String>,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    pub full_name: String,
    pub email: String,
    pub role: Role,
    pub agency: Option<String>,
    pub branch: Option<String>,
    pub province: Option<String>,
    pub two_factor: bool,
    pub case_id: Option<i32>,
    /// A worker account not yet linked to a worker record: it may claim one with a code.
    pub awaiting_record: bool,
    pub sessions: Vec<SessionView>,
}

/// A worker's request that the provincial office revoke a claim on their citizen ID.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimDisputeView {
    pub id: i32,
    pub citizen_id: String,
    pub filed_by_name: String,
    pub filed_by_email: String,
    pub note: String,
    pub filed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimDisputesView {
    pub open: Vec<ClaimDisputeView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TotpSetupView {
    pub email: String,
    pub secret_grouped: String,
    pub qr_svg: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub email: String,
    pub full_name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRowView {
    pub id: i32,
    pub full_name: String,
    pub email: String,
    pub role: Role,
    pub status: String,
    /// Whether this viewer's switch may re-enable the account (it is disabled, and not by
    /// someone whose disabling this viewer may not undo).
    pub may_enable: bool,
    pub agency: Option<String>,
    pub branch: Option<String>,
    pub province: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsersView {
    pub rows: Vec<UserRowView>,
    /// Choices for the invitation form.
    pub agencies: Vec<(i32, String)>,
    pub provinces: Vec<(String, String)>,
    /// The agency these users belong to, when an agency admin is looking.
    pub agency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRowView {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub record: Option<String>,
    pub agency_id: Option<i32>,
    pub case_id: Option<i32>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub request_id: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub actor: String,
    pub agency: String,
    pub case: String,
    pub page: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPageView {
    pub rows: Vec<AuditRowView>,
    pub total: u64,
    pub page: u64,
    pub page_count: u64,
    /// The actor filter named an email nobody has.
    pub unknown_actor: bool,
}

// ---------------------------------------------------------------- the account forms' inputs

use super::forms::{FormData, FormInput, Rejected};
use crate::domain::accounts::SignupInput;
use crate::domain::forms::{FieldErrors, Problem};

/// Field names of the account forms, shared by the parsers, the pages and the tests.
pub mod fields {
    pub const FULL_NAME: &str = "full_name";
    pub const CITIZEN_ID: &str = "citizen_id";
    pub const BIRTH_DATE: &str = "birth_date";
    pub const SEX: &str = "sex";
    pub const PHONE: &str = "phone";
    pub const EMAIL: &str = "email";
    pub const PASSWORD: &str = "password";
    pub const IDENTIFIER: &str = "identifier";
    pub const CODE: &str = "code";
    pub const TOKEN: &str = "token";
    pub const SESSION: &str = "session";
    pub const ROLE: &str = "role";
    pub const AGENCY_ID: &str = "agency_id";
    pub const PROVINCE_CODE: &str = "province_code";
    pub const BRANCH_NAME: &str = "branch_name";
    pub const USER_ID: &str = "user_id";
    pub const STATUS: &str = "status";
}
use fields as f;

fn required(form: &FormData, name: &'static str, e: &mut FieldErrors) -> String {
    let v = form.get(name);
    if v.trim().is_empty() {
        e.add(name, Problem::Required);
    }
    v.to_owned()
}

impl FormInput for SignupInput {
    const ACTION: &'static str = "signup";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(SignupInput {
            full_name: form.get(f::FULL_NAME).into(),
            citizen_id: form.get(f::CITIZEN_ID).into(),
            birth_date: form.get(f::BIRTH_DATE).into(),
            sex: form.get(f::SEX).into(),
            phone: form.get(f::PHONE).into(),
            email: form.get(f::EMAIL).into(),
            password: form.get(f::PASSWORD).into(),
        })
    }
}

#[derive(Debug, Clone)]
pub struct SigninInput {
    pub identifier: String,
    pub password: String,
}

impl FormInput for SigninInput {
    const ACTION: &'static str = "signin";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let mut e = FieldErrors::default();
        let identifier = required(form, f::IDENTIFIER, &mut e);
        if form.get(f::PASSWORD).is_empty() {
            e.add(f::PASSWORD, Problem::Required);
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        Ok(SigninInput {
            identifier,
            password: form.get(f::PASSWORD).to_owned(),
        })
    }
}

/// The link's token of a sign-up being confirmed.
#[derive(Debug, Clone)]
pub struct ConfirmSignupInput {
    pub token: String,
}

impl FormInput for ConfirmSignupInput {
    const ACTION: &'static str = "confirm_signup";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(ConfirmSignupInput {
            token: form.get(f::TOKEN).to_owned(),
        })
    }
}

/// A worker's request that the provincial office revoke a claim on their citizen ID.
#[derive(Debug, Clone)]
pub struct DisputeClaimInput {
    pub citizen_id: String,
    pub note: String,
}

impl FormInput for DisputeClaimInput {
    const ACTION: &'static str = "dispute_claim";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(DisputeClaimInput {
            citizen_id: form.get(f::CITIZEN_ID).to_owned(),
            note: form.get("note").to_owned(),
        })
    }
}

/// A provincial officer revokes the claim on a citizen ID's record, the worker present.
#[derive(Debug, Clone)]
pub struct RevokeClaimInput {
    pub citizen_id: String,
    pub in_person: bool,
    pub dispute_id: Option<i32>,
}

impl FormInput for RevokeClaimInput {
    const ACTION: &'static str = "revoke_claim";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let dispute = form.get("dispute_id");
        Ok(RevokeClaimInput {
            citizen_id: form.get(f::CITIZEN_ID).to_owned(),
            in_person: form.get("in_person") == "yes",
            dispute_id: if dispute.is_empty() {
                None
            } else {
                Some(form.id("dispute_id")?)
            },
        })
    }
}

/// A provincial officer rejects a claim dispute, with a reason.
#[derive(Debug, Clone)]
pub struct RejectDisputeInput {
    pub dispute_id: i32,
    pub reason: String,
}

impl FormInput for RejectDisputeInput {
    const ACTION: &'static str = "reject_dispute";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(RejectDisputeInput {
            dispute_id: form.id("dispute_id")?,
            reason: form.get("reason").to_owned(),
        })
    }
}

/// The token of an unlock link.
#[derive(Debug, Clone)]
pub struct UnlockInput {
    pub token: String,
}

impl FormInput for UnlockInput {
    const ACTION: &'static str = "unlock";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(UnlockInput {
            token: form.get(f::TOKEN).to_owned(),
        })
    }
}

/// A claim code as typed, to link one's account to one's worker record.
#[derive(Debug, Clone)]
pub struct ClaimRecordInput(pub CodeInput);

impl FormInput for ClaimRecordInput {
    const ACTION: &'static str = "claim_record";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(ClaimRecordInput(code(form)))
    }
}

/// The one-time code of a second factor (sign-in or set-up).
#[derive(Debug, Clone)]
pub struct CodeInput {
    pub code: String,
}

fn code(form: &FormData) -> CodeInput {
    CodeInput {
        code: form.get(f::CODE).to_owned(),
    }
}

#[derive(Debug, Clone)]
pub struct SigninCodeInput(pub CodeInput);

impl FormInput for SigninCodeInput {
    const ACTION: &'static str = "signin_code";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(SigninCodeInput(code(form)))
    }
}

#[derive(Debug, Clone)]
pub struct TotpConfirmInput(pub CodeInput);

impl FormInput for TotpConfirmInput {
    const ACTION: &'static str = "totp_confirm";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(TotpConfirmInput(code(form)))
    }
}

#[derive(Debug, Clone)]
pub struct SignoutInput;

impl FormInput for SignoutInput {
    const ACTION: &'static str = "signout";
    fn parse(_: &FormData) -> Result<Self, Rejected> {
        Ok(SignoutInput)
    }
}

#[derive(Debug, Clone)]
pub struct ForgotInput {
    pub email: crate::domain::accounts::Email,
}

impl FormInput for ForgotInput {
    const ACTION: &'static str = "forgot";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let mut e = FieldErrors::default();
        match e.check(
            f::EMAIL,
            crate::domain::accounts::Email::parse(form.get(f::EMAIL)),
        ) {
            Some(email) => Ok(ForgotInput { email }),
            None => Err(e.into()),
        }
    }
}

/// A one-time link's token and the new password (password reset, accepting an invitation).
#[derive(Debug, Clone)]
pub struct TokenPasswordInput {
    pub token: String,
    pub password: String,
}

fn token_password(form: &FormData) -> TokenPasswordInput {
    TokenPasswordInput {
        token: form.get(f::TOKEN).to_owned(),
        password: form.get(f::PASSWORD).to_owned(),
    }
}

#[derive(Debug, Clone)]
pub struct ResetInput(pub TokenPasswordInput);

impl FormInput for ResetInput {
    const ACTION: &'static str = "reset";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(ResetInput(token_password(form)))
    }
}

#[derive(Debug, Clone)]
pub struct AcceptInvitationInput(pub TokenPasswordInput);

impl FormInput for AcceptInvitationInput {
    const ACTION: &'static str = "accept_invitation";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(AcceptInvitationInput(token_password(form)))
    }
}

#[derive(Debug, Clone)]
pub struct RevokeSessionInput {
    pub session: String,
}

impl FormInput for RevokeSessionInput {
    const ACTION: &'static str = "revoke_session";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(RevokeSessionInput {
            session: form.get(f::SESSION).to_owned(),
        })
    }
}

/// An invitation as typed. Whether the agency and province exist, and whether the email is
/// free, is for the use case to say, after it has checked the inviter may invite at all.
#[derive(Debug, Clone)]
pub struct InviteInput {
    pub email: String,
    pub full_name: String,
    /// Empty for an agency admin's invitation of staff (the role is implied).
    pub role: String,
    pub agency_id: String,
    pub province_code: String,
    pub branch_name: String,
}

fn invite(form: &FormData) -> InviteInput {
    InviteInput {
        email: form.get(f::EMAIL).to_owned(),
        full_name: form.get(f::FULL_NAME).to_owned(),
        role: form.get(f::ROLE).to_owned(),
        agency_id: form.get(f::AGENCY_ID).to_owned(),
        province_code: form.get(f::PROVINCE_CODE).to_owned(),
        branch_name: form.get(f::BRANCH_NAME).to_owned(),
    }
}

/// The system administrator invites officers, inspectors and agency admins.
#[derive(Debug, Clone)]
pub struct InviteUserInput(pub InviteInput);

impl FormInput for InviteUserInput {
    const ACTION: &'static str = "invite";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(InviteUserInput(invite(form)))
    }
}

/// An agency admin invites staff of their own agency.
#[derive(Debug, Clone)]
pub struct InviteStaffInput(pub InviteInput);

impl FormInput for InviteStaffInput {
    const ACTION: &'static str = "invite_staff";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(InviteStaffInput(invite(form)))
    }
}

#[derive(Debug, Clone)]
pub struct SetStatusInput {
    pub user_id: i32,
    pub active: bool,
}

impl FormInput for SetStatusInput {
    const ACTION: &'static str = "set_status";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(SetStatusInput {
            user_id: form.id(f::USER_ID)?,
            active: form.get(f::STATUS) == "active",
        })
    }
}
