//! People who use the system: their roles, and the rules for what they type when they sign up,
//! sign in or set a password.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::citizen_id::{CitizenId, Sex};
use super::forms::{FieldErrors, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Worker,
    /// Head of an agency's accounts; may invite its staff.
    AgencyAdmin,
    AgencyStaff,
    Inspector,
    ProvincialOfficer,
    NationalOfficer,
    SystemAdmin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Worker,
        Role::AgencyAdmin,
        Role::AgencyStaff,
        Role::Inspector,
        Role::ProvincialOfficer,
        Role::NationalOfficer,
        Role::SystemAdmin,
    ];

    /// Roles the system administrator may invite.
    pub const INVITED_BY_ADMIN: [Role; 5] = [
        Role::AgencyAdmin,
        Role::Inspector,
        Role::ProvincialOfficer,
        Role::NationalOfficer,
        Role::SystemAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Worker => "worker",
            Role::AgencyAdmin => "agency_admin",
            Role::AgencyStaff => "agency_staff",
            Role::Inspector => "inspector",
            Role::ProvincialOfficer => "provincial_officer",
            Role::NationalOfficer => "national_officer",
            Role::SystemAdmin => "system_admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Everyone but workers acts for an institution and must use a second factor.
    pub fn is_staff(self) -> bool {
        self != Role::Worker
    }

    pub fn is_agency(self) -> bool {
        matches!(self, Role::AgencyAdmin | Role::AgencyStaff)
    }

    /// What the role needs besides itself: an agency, a province, or nothing.
    pub fn needs_agency(self) -> bool {
        self.is_agency()
    }

    pub fn needs_province(self) -> bool {
        self == Role::ProvincialOfficer
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// Invited, no password yet.
    Invited,
    Active,
    Disabled,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Invited => "invited",
            AccountStatus::Active => "active",
            AccountStatus::Disabled => "disabled",
        }
    }

    pub fn parse(s: &str) -> Option<AccountStatus> {
        match s {
            "invited" => Some(AccountStatus::Invited),
            "active" => Some(AccountStatus::Active),
            "disabled" => Some(AccountStatus::Disabled),
            _ => None,
        }
    }
}

/// What an administrator's switch on an account leads to, or why it may not: an invitation
/// becomes active only by being accepted (its holder chooses the password), so a withdrawn one
/// switched back on is an invitation again; an account the system administrator disabled is
/// re-enabled only by a system administrator; and a disabled account is not disabled again
/// (which would make the second switch its owner's).
pub fn switched_status(
    current: AccountStatus,
    active: bool,
    accepted: bool,
    by: Role,
    disabled_by: Option<Role>,
) -> Result<AccountStatus, super::forms::FormProblem> {
    use super::forms::FormProblem;
    match (current, active) {
        (AccountStatus::Invited, true) => Err(FormProblem::InvitationNotAccepted),
        (AccountStatus::Disabled, true)
            if disabled_by == Some(Role::SystemAdmin) && by != Role::SystemAdmin =>
        {
            Err(FormProblem::DisabledBySystemAdmin)
        }
        (AccountStatus::Disabled, true) if !accepted => Ok(AccountStatus::Invited),
        (_, true) => Ok(AccountStatus::Active),
        (AccountStatus::Disabled, false) => Err(FormProblem::StateChanged),
        (_, false) => Ok(AccountStatus::Disabled),
    }
}

/// An email address, trimmed and lower-cased. Checked loosely: one `@`, a dot in the domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX: usize = 254;

    pub fn parse(input: &str) -> Result<Email, Problem> {
        let s = input.trim().to_lowercase();
        if s.is_empty() {
            return Err(Problem::Required);
        }
        if s.len() > Email::MAX {
            return Err(Problem::TooLong { max: Email::MAX });
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(Problem::Email);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[],;:\"@\\".contains(c));
        if domain_ok && local_ok {
            Ok(Email(s))
        } else {
            Err(Problem::Email)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Vietnamese phone number: 10 digits starting with 0, or +84 and 9 digits. Stored as 0xxxxxxxxx.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, Problem> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
            .collect();
        if compact.is_empty() {
            return Err(Problem::Required);
        }
        let national = if let Some(rest) = compact.strip_prefix("+84") {
            format!("0{rest}")
        } else {
            compact
        };
        if national.len() == 10
            && national.starts_with('0')
            && national.bytes().all(|b| b.is_ascii_digit())
        {
            Ok(Phone(national))
        } else {
            Err(Problem::Phone)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's full name as written on the citizen ID.
pub fn parse_full_name(input: &str) -> Result<String, Problem> {
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Problem::Required);
    }
    if name.chars().count() > 100 {
        return Err(Problem::TooLong { max: 100 });
    }
    if name.chars().count() < 2
        || !name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '-' || c == '.')
    {
        return Err(Problem::NameShape);
    }
    Ok(name)
}

pub fn parse_date(input: &str) -> Result<NaiveDate, Problem> {
    let s = input.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .map_err(|_| Problem::Date)
}

/// Age in whole years on `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years.max(0)).unwrap_or(0)
}

pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON_PASSWORDS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l == lower)
}

/// The password rule: 8 to 128 characters, not a well-known password, and not the person's own
/// email name or citizen ID. Any character is allowed; nothing about character classes.
pub fn check_password(password: &str, identities: &[&str]) -> Result<(), Problem> {
    let len = password.chars().count();
    if len == 0 {
        return Err(Problem::Required);
    }
    if len < PASSWORD_MIN {
        return Err(Problem::PasswordTooShort { min: PASSWORD_MIN });
    }
    if len > PASSWORD_MAX {
        return Err(Problem::PasswordTooLong { max: PASSWORD_MAX });
    }
    if is_common(password) {
        return Err(Problem::PasswordCommon);
    }
    let lower = password.to_lowercase();
    let contains_identity = identities
        .iter()
        .map(|i| i.trim().to_lowercase())
        .filter(|i| i.chars().count() >= 4)
        .any(|i| lower.contains(&i));
    if contains_identity {
        return Err(Problem::PasswordContainsIdentity);
    }
    Ok(())
}

/// What a worker types to sign up, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupInput {
    pub full_name: String,
    pub citizen_id: String,
    pub birth_date: String,
    pub sex: String,
    pub phone: String,
    pub email: String,
    pub password: String,
}

/// A sign-up that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signup {
    pub full_name: String,
    pub citizen_id: CitizenId,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub phone: Phone,
    pub email: Email,
    pub password: String,
}

impl SignupInput {
    /// Checks every field and reports every problem at once, each against its field.
    /// `min_age` is the minimum worker age in force today (reference rule `min_worker_age`).
    pub fn validate(&self, today: NaiveDate, min_age: u32) -> Result<Signup, FieldErrors> {
        let mut errors = FieldErrors::default();
        let full_name = errors.check("full_name", parse_full_name(&self.full_name));
        let birth_date = errors.check(
            "birth_date",
            parse_date(&self.birth_date).and_then(|d| {
                if d > today {
                    Err(Problem::Date)
                } else if age_on(d, today) < min_age {
                    Err(Problem::TooYoung { min_age })
                } else {
                    Ok(d)
                }
            }),
        );
        let sex = errors.check(
            "sex",
            match self.sex.trim() {
                "" => Err(Problem::Required),
                s => Sex::parse(s).ok_or(Problem::Choice),
            },
        );
        let citizen_id = errors.check(
            "citizen_id",
            if self.citizen_id.trim().is_empty() {
                Err(Problem::Required)
            } else {
                match (sex, birth_date) {
                    (Some(sex), Some(birth)) => CitizenId::parse_for(&self.citizen_id, sex, birth)
                        .map_err(Problem::CitizenId),
                    _ => CitizenId::parse(&self.citizen_id).map_err(Problem::CitizenId),
                }
            },
        );
        let phone = errors.check("phone", Phone::parse(&self.phone));
        let email = errors.check("email", Email::parse(&self.email));
        let local = self.email.split('@').next().unwrap_or_default();
        errors.check(
            "password",
            check_password(&self.password, &[local, self.citizen_id.trim()]),
        );
        match (full_name, citizen_id, birth_date, sex, phone, email) {
            (
                Some(full_name),
                Some(citizen_id),
                Some(birth_date),
                Some(sex),
                Some(phone),
                Some(email),
            ) if errors.is_empty() => Ok(Signup {
                full_name,
                citizen_id,
                birth_date,
                sex,
                phone,
                email,
                password: self.password.clone(),
            }),
            _ => Err(errors),
        }
    }
}

/// A six-digit authenticator code or a recovery code (`xxxxx-xxxxx`), spaces ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondFactor {
    Totp(String),
    Recovery(String),
}

impl SecondFactor {
    pub fn parse(input: &str) -> Result<SecondFactor, Problem> {
        let s: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        if s.is_empty() {
            return Err(Problem::Required);
        }
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(SecondFactor::Totp(s));
        }
        let bare: String = s.chars().filter(|c| *c != '-').collect();
        if bare.len() == 10 && bare.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Ok(SecondFactor::Recovery(bare));
        }
        Err(Problem::Code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_is_not_activated_by_a_switch_and_a_system_disabling_holds_against_agencies() {
        use crate::domain::forms::FormProblem;
        use AccountStatus::*;
        assert_eq!(
            switched_status(Invited, true, false, Role::AgencyAdmin, None),
            Err(FormProblem::InvitationNotAccepted)
        );
        assert_eq!(
            switched_status(Invited, true, false, Role::SystemAdmin, None),
            Err(FormProblem::InvitationNotAccepted)
        );
        assert_eq!(
            switched_status(Invited, false, false, Role::AgencyAdmin, None),
            Ok(Disabled),
            "an invitation may be withdrawn"
        );
        assert_eq!(
            switched_status(
                Disabled,
                true,
                true,
                Role::AgencyAdmin,
                Some(Role::SystemAdmin)
            ),
            Err(FormProblem::DisabledBySystemAdmin)
        );
        assert_eq!(
            switched_status(
                Disabled,
                true,
                true,
                Role::SystemAdmin,
                Some(Role::SystemAdmin)
            ),
            Ok(Active)
        );
        assert_eq!(
            switched_status(
                Disabled,
                true,
                true,
                Role::AgencyAdmin,
                Some(Role::AgencyAdmin)
            ),
            Ok(Active)
        );
        assert_eq!(
            switched_status(Active, false, true, Role::AgencyAdmin, None),
            Ok(Disabled)
        );
        // Disabling again would make the agency the one who disabled it: refused.
        assert_eq!(
            switched_status(
                Disabled,
                false,
                true,
                Role::AgencyAdmin,
                Some(Role::SystemAdmin)
            ),
            Err(FormProblem::StateChanged)
        );
        // A withdrawn invitation switched back on is an invitation again, never active.
        assert_eq!(
            switched_status(
                Disabled,
                true,
                false,
                Role::AgencyAdmin,
                Some(Role::AgencyAdmin)
            ),
            Ok(Invited)
        );
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn good() -> SignupInput {
        SignupInput {
            full_name: "  Nguyễn   Thị Lan ".into(),
            citizen_id: "001301012345".into(),
            birth_date: "2001-05-02".into(),
            sex: "female".into(),
            phone: "+84 912 345 678".into(),
            email: "Lan.Nguyen@Example.VN".into(),
            password: "hoa sen trong đầm".into(),
        }
    }

    #[test]
    fn a_complete_sign_up_is_accepted_and_normalised() {
        let s = good().validate(today(), 18).unwrap();
        assert_eq!(s.full_name, "Nguyễn Thị Lan");
        assert_eq!(s.phone.as_str(), "0912345678");
        assert_eq!(s.email.as_str(), "lan.nguyen@example.vn");
    }

    #[test]
    fn a_citizen_id_that_disagrees_with_the_sex_is_reported_against_the_citizen_id() {
        let input = SignupInput {
            sex: "male".into(),
            ..good()
        };
        let errors = input.validate(today(), 18).unwrap_err();
        assert!(matches!(
            errors.first_for("citizen_id"),
            Some(Problem::CitizenId(_))
        ));
        assert_eq!(errors.0.len(), 1);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let input = SignupInput {
            full_name: "".into(),
            phone: "12".into(),
            email: "not-an-email".into(),
            password: "short".into(),
            ..good()
        };
        let errors = input.validate(today(), 18).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["full_name", "phone", "email", "password"]);
    }

    #[test]
    fn minors_cannot_sign_up() {
        let input = SignupInput {
            birth_date: "2010-01-01".into(),
            citizen_id: "001310012345".into(),
            ..good()
        };
        let errors = input.validate(today(), 18).unwrap_err();
        assert_eq!(
            errors.first_for("birth_date"),
            Some(&Problem::TooYoung { min_age: 18 })
        );
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(
            check_password("PassWord123", &[]),
            Err(Problem::PasswordCommon)
        );
        assert_eq!(
            check_password("matkhau123", &[]),
            Err(Problem::PasswordCommon)
        );
        assert_eq!(check_password("Bình minh trên sông Hồng", &[]), Ok(()));
    }

    #[test]
    fn a_password_may_not_contain_the_email_name_or_citizen_id() {
        assert_eq!(
            check_password("lan.nguyen2026", &["lan.nguyen"]),
            Err(Problem::PasswordContainsIdentity)
        );
        assert_eq!(
            check_password("mã 001301012345 của tôi", &["lan.nguyen", "001301012345"]),
            Err(Problem::PasswordContainsIdentity)
        );
        // Sign-up checks the password against the email name and the citizen ID it was given.
        for password in ["LAN.NGUYEN sông Hồng", "mã 001301012345 của tôi"] {
            let input = SignupInput {
                password: password.into(),
                ..good()
            };
            let errors = input.validate(today(), 18).unwrap_err();
            assert_eq!(
                errors.first_for("password"),
                Some(&Problem::PasswordContainsIdentity),
                "{password}"
            );
        }
    }

    #[test]
    fn passwords_are_counted_in_characters_not_bytes() {
        assert_eq!(
            check_password("ểểểểểểể", &[]),
            Err(Problem::PasswordTooShort { min: 8 })
        );
        assert_eq!(check_password("ểểểểểểểể", &[]), Ok(()));
    }

    #[test]
    fn second_factor_accepts_six_digits_or_a_recovery_code() {
        assert_eq!(
            SecondFactor::parse(" 123 456 "),
            Ok(SecondFactor::Totp("123456".into()))
        );
        assert_eq!(
            SecondFactor::parse("ABCDE-12345"),
            Ok(SecondFactor::Recovery("abcde12345".into()))
        );
        assert_eq!(SecondFactor::parse("12345"), Err(Problem::Code));
    }

    #[test]
    fn roles_round_trip_through_their_names_and_workers_are_not_staff() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(!Role::Worker.is_staff());
        assert!(Role::AgencyStaff.is_staff());
    }

    #[test]
    fn age_counts_the_birthday_itself() {
        let birth = NaiveDate::from_ymd_opt(2008, 11, 23).unwrap();
        assert_eq!(age_on(birth, today()), 18);
        assert_eq!(age_on(birth, today().pred_opt().unwrap()), 17);
    }
}
