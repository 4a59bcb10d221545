//! The access policy: who may do what to which record. One module decides; the backend asks it
//! before every read or change, with the facts of the record in hand. Pure, so it is tested on
//! its own and the same answers hold in every use case.
//!
//! Data scope (see domain/README.md, "Actors and access"): an agency sees only its own cases; a
//! provincial officer sees the cases of workers from that province; national officers and
//! inspectors see all, read-only; a worker sees their own case. The system administrator manages
//! accounts and sees no personal case data.

use serde::{Deserialize, Serialize};

use super::accounts::Role;

/// Who is acting, as the session says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: i32,
    pub role: Role,
    pub agency_id: Option<i32>,
    /// Agency users only: false for staff of a branch, who may not sign contracts or take money.
    pub head_office: bool,
    pub province_code: Option<String>,
    /// Worker accounts linked to a worker record.
    pub worker_id: Option<i32>,
}

/// What a case looks like to the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub agency_id: i32,
    pub worker_id: i32,
    pub worker_province: String,
}

/// What a user account looks like to the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFacts {
    pub user_id: i32,
    pub role: Role,
    pub agency_id: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// The public registry, sign-in and sign-up forms: anyone, signed in or not.
    Public,
    /// One's own account, sessions and second factor.
    OwnAccount,
    ViewCase,
    /// The list of an agency's cases (the agency's own, by construction).
    ListAgencyCases,
    /// Find workers' cases by name or citizen ID across agencies, within one's scope (a
    /// provincial officer: workers of the province; national officers and inspectors: all).
    SearchCases,
    /// Export the cases behind a statistic (personal data, with a purpose recorded): whoever
    /// may search those cases, within the same scope.
    ExportCaseList,
    /// See the accounts of the system, or of an agency.
    ListUsers,
    /// Invite a user with the given role.
    Invite(Role),
    /// Disable or re-enable an account.
    SetUserStatus,
    ViewAudit,
    /// Draft and submit the agency's job orders (head office).
    ManageOrders,
    /// See the agency's own job orders and departure lists (any of its staff).
    ViewAgencyWork,
    /// Approve or reject job orders, confirm or reject departure lists (DOLAB).
    DecideOrders,
    /// Apply to an approved order (a worker with a worker record).
    Apply,
    /// Take a step or record an event on a case; the lifecycle decides which steps.
    ChangeCase,
    /// Open cases and group departure lists for the agency.
    ManageCases,
    /// Add a version of a legal reference rule.
    EditRules,
    /// Print a claim code for the worker of a case, so the worker's account can be linked to
    /// the record (the case's agency).
    IssueClaimCode,
    /// Link one's own account to a worker record with a claim code (a worker with none yet).
    ClaimRecord,
    /// Ask the provincial office to revoke a claim someone else made on one's citizen ID.
    DisputeClaim,
    /// See the province's claim disputes, revoke a claim at the worker's request (the ID card
    /// shown in person) and print a fresh code, or reject a dispute (provincial officer).
    ResolveClaims,
    /// Decide the correction requests of one's province (provincial officer).
    DecideCorrections,
    /// Record a payment in a case's ledger, or reverse one's own entry: the case's agency, or
    /// its worker (whose entries are the worker's statements).
    RecordPayment,
    /// Confirm or dispute a worker's statement of a payment (the case's agency).
    AnswerStatement,
    /// See an agency's licence deposit: its own staff, national officers, inspectors.
    ViewLicenceDeposit,
    /// Record a licence deposit's payment, its use on the ministry's order, its top-up
    /// (national officers).
    ManageLicenceDeposits,
    /// Record the settlement of a case, as computed or with a reason for each difference (the
    /// case's agency; the lifecycle keeps it to the head office).
    RecordSettlement,
    /// Confirm or dispute the settlement of one's own case (the worker).
    AnswerSettlement,
    /// See poverty-programme support: a worker's own; a province's (its provincial officer);
    /// every province's (national officers, inspectors).
    ViewSupport,
    /// Record household statuses, support paid, the province's budget and job-connection
    /// claims (the provincial officer of the worker's province).
    ManageSupport,
    /// Officers' statistics, such as the recruitment-cost indicator: a provincial officer's
    /// for workers of the province; national officers and inspectors all.
    ViewStatistics,
    /// See the licence desk and an agency's licence with the conditions it was issued on
    /// (national officers, inspectors).
    ViewLicences,
    /// Issue, amend, reissue, suspend and revoke licences (national officers: DOLAB).
    DecideLicences,
    /// See inspections: every one (inspectors); an agency's own once opened (its staff; the
    /// backend hides a planned one, so a visit can be unannounced).
    ViewInspections,
    /// Plan, open and close inspections, record violations, the sanction decision and
    /// remediation tasks, accept or return the agency's answers (inspectors).
    RecordInspections,
    /// See the agencies ranked by risk, each factor with the records behind it (inspectors,
    /// national officers). It names workers' cases, so agencies and provincial officers do not.
    ViewRiskRanking,
    /// Answer a remediation task of one's own agency with evidence (its staff).
    AnswerRemediation,
    /// File a complaint or a denunciation from one's account (a worker; someone not signed in
    /// files for a worker with a tracking code, which the use case handles).
    FileComplaint,
    /// See complaints: one's own (the worker who filed), those against one's agency (its
    /// staff; never a denunciation), the province's workers' (its officer), all (national
    /// officers, inspectors).
    ViewComplaints,
    /// Accept or refuse, extend and answer a complaint at its level: the agency's head office
    /// at the first; the inspectors at the second, and every denunciation.
    HandleComplaint,
    /// The filer's own acts on their complaint: take it to the second level, accept an answer
    /// (the account that filed it; someone acting for a worker holds its tracking code).
    FollowComplaint,
    /// Mark a complaint as in a remote area, lengthening its limits: the officer of the
    /// worker's province, national officers, inspectors.
    MarkComplaintRemote,
    /// Link a complaint to an inspection, share the filer's contact with the agency
    /// (inspectors).
    OverseeComplaints,
}

/// The record an action touches, with the facts the policy needs.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    Nothing,
    Case(&'a CaseFacts),
    User(&'a UserFacts),
    /// An agency, e.g. the one an invitation is for.
    Agency(i32),
    /// A worker's record, e.g. their poverty-programme support.
    Worker(&'a WorkerFacts),
    Complaint(&'a ComplaintFacts),
}

/// What a complaint looks like to the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintFacts {
    pub agency_id: i32,
    pub denunciation: bool,
    pub level: u8,
    /// The account that filed it, if one did.
    pub filer_user_id: Option<i32>,
    /// The worker's province, when the worker is on record.
    pub worker_province: Option<String>,
    /// The agency's own complaint against a sanction decision: the inspectors answer it
    /// first, the ministry (national officers) at the second level.
    pub against_sanction: bool,
}

/// What a worker record looks like to the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerFacts {
    pub worker_id: i32,
    pub province: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny,
}

fn allow(yes: bool) -> Decision {
    if yes {
        Decision::Allow
    } else {
        Decision::Deny
    }
}

fn same_agency(actor: &Actor, agency: Option<i32>) -> bool {
    actor.agency_id.is_some() && actor.agency_id == agency
}

/// Someone of this agency's head office (where its decisions are taken).
pub fn agency_head_office(actor: &Actor, agency: i32) -> bool {
    actor.role.is_agency() && actor.head_office && same_agency(actor, Some(agency))
}

/// The single decision point. `actor` is `None` for someone not signed in.
pub fn decide(actor: Option<&Actor>, action: Action, target: Target<'_>) -> Decision {
    if action == Action::Public {
        return Decision::Allow;
    }
    let Some(actor) = actor else {
        return Decision::Deny;
    };
    use Role::*;
    match (action, target) {
        (Action::Public, _) => Decision::Allow,
        (Action::OwnAccount, Target::Nothing) => Decision::Allow,
        (Action::OwnAccount, Target::User(user)) => allow(user.user_id == actor.user_id),
        (Action::ViewCase, Target::Case(case)) => allow(match actor.role {
            Worker => actor.worker_id == Some(case.worker_id),
            AgencyAdmin | AgencyStaff => same_agency(actor, Some(case.agency_id)),
            ProvincialOfficer => actor.province_code.as_deref() == Some(&case.worker_province),
            NationalOfficer | Inspector => true,
            SystemAdmin => false,
        }),
        (Action::SearchCases | Action::ExportCaseList, Target::Nothing) => {
            allow(match actor.role {
                ProvincialOfficer => actor.province_code.is_some(),
                NationalOfficer | Inspector => true,
                _ => false,
            })
        }
        (Action::ListAgencyCases, Target::Agency(agency)) => {
            allow(actor.role.is_agency() && same_agency(actor, Some(agency)))
        }
        (Action::ListUsers, Target::Nothing) => allow(actor.role == SystemAdmin),
        (Action::ListUsers, Target::Agency(agency)) => allow(
            actor.role == SystemAdmin
                || (actor.role == AgencyAdmin && same_agency(actor, Some(agency))),
        ),
        (Action::Invite(role), Target::Agency(agency)) => allow(match actor.role {
            SystemAdmin => role == AgencyAdmin,
            AgencyAdmin => role == AgencyStaff && same_agency(actor, Some(agency)),
            _ => false,
        }),
        (Action::Invite(role), Target::Nothing) => allow(
            actor.role == SystemAdmin
                && Role::INVITED_BY_ADMIN.contains(&role)
                && !role.is_agency(),
        ),
        (Action::SetUserStatus, Target::User(user)) => allow(
            user.user_id != actor.user_id
                && match actor.role {
                    SystemAdmin => true,
                    AgencyAdmin => user.role == AgencyStaff && same_agency(actor, user.agency_id),
                    _ => false,
                },
        ),
        (Action::ManageOrders, Target::Agency(agency)) => {
            allow(actor.role.is_agency() && actor.head_office && same_agency(actor, Some(agency)))
        }
        (Action::ViewAgencyWork | Action::ManageCases, Target::Agency(agency)) => {
            allow(actor.role.is_agency() && same_agency(actor, Some(agency)))
        }
        (Action::DecideOrders, Target::Nothing) => allow(actor.role == NationalOfficer),
        (Action::Apply, Target::Nothing) => {
            allow(actor.role == Worker && actor.worker_id.is_some())
        }
        (Action::ChangeCase, Target::Case(case)) => allow(match actor.role {
            Worker => actor.worker_id == Some(case.worker_id),
            AgencyAdmin | AgencyStaff => same_agency(actor, Some(case.agency_id)),
            NationalOfficer => true,
            _ => false,
        }),
        (Action::EditRules, Target::Nothing) => allow(actor.role == SystemAdmin),
        (Action::RecordPayment, Target::Case(case)) => allow(match actor.role {
            Worker => actor.worker_id == Some(case.worker_id),
            AgencyAdmin | AgencyStaff => same_agency(actor, Some(case.agency_id)),
            _ => false,
        }),
        (Action::AnswerStatement, Target::Case(case)) => {
            allow(actor.role.is_agency() && same_agency(actor, Some(case.agency_id)))
        }
        (Action::ViewLicenceDeposit, Target::Agency(agency)) => allow(match actor.role {
            NationalOfficer | Inspector => true,
            AgencyAdmin | AgencyStaff => same_agency(actor, Some(agency)),
            _ => false,
        }),
        (Action::ViewLicenceDeposit, Target::Nothing) => {
            allow(matches!(actor.role, NationalOfficer | Inspector))
        }
        (Action::ManageLicenceDeposits, Target::Nothing) => allow(actor.role == NationalOfficer),
        (Action::RecordSettlement, Target::Case(case)) => {
            allow(actor.role.is_agency() && same_agency(actor, Some(case.agency_id)))
        }
        (Action::AnswerSettlement, Target::Case(case)) => {
            allow(actor.role == Worker && actor.worker_id == Some(case.worker_id))
        }
        (Action::ViewSupport, Target::Worker(w)) => allow(match actor.role {
            Worker => actor.worker_id == Some(w.worker_id),
            ProvincialOfficer => actor.province_code.as_deref() == Some(&w.province),
            NationalOfficer | Inspector => true,
            _ => false,
        }),
        (Action::ViewSupport | Action::ViewStatistics, Target::Nothing) => {
            allow(match actor.role {
                ProvincialOfficer => actor.province_code.is_some(),
                NationalOfficer | Inspector => true,
                _ => false,
            })
        }
        (Action::ManageSupport, Target::Worker(w)) => allow(
            actor.role == ProvincialOfficer && actor.province_code.as_deref() == Some(&w.province),
        ),
        (Action::ManageSupport, Target::Case(case)) => allow(
            actor.role == ProvincialOfficer
                && actor.province_code.as_deref() == Some(&case.worker_province),
        ),
        (Action::ManageSupport, Target::Nothing) => {
            allow(actor.role == ProvincialOfficer && actor.province_code.is_some())
        }
        (Action::IssueClaimCode, Target::Case(case)) => {
            allow(actor.role.is_agency() && same_agency(actor, Some(case.agency_id)))
        }
        (Action::ClaimRecord, Target::Nothing) => {
            allow(actor.role == Worker && actor.worker_id.is_none())
        }
        (Action::DisputeClaim, Target::Nothing) => allow(actor.role == Worker),
        (Action::ResolveClaims | Action::DecideCorrections, Target::Nothing) => {
            allow(actor.role == ProvincialOfficer && actor.province_code.is_some())
        }
        (Action::ViewLicences, Target::Nothing) => {
            allow(matches!(actor.role, NationalOfficer | Inspector))
        }
        (Action::DecideLicences, Target::Nothing) => allow(actor.role == NationalOfficer),
        (Action::ViewRiskRanking, Target::Nothing) => {
            allow(matches!(actor.role, NationalOfficer | Inspector))
        }
        (Action::ViewInspections | Action::RecordInspections, Target::Nothing) => {
            allow(actor.role == Inspector)
        }
        (Action::ViewInspections, Target::Agency(agency)) => allow(
            actor.role == Inspector || (actor.role.is_agency() && same_agency(actor, Some(agency))),
        ),
        (Action::AnswerRemediation, Target::Agency(agency)) => {
            allow(actor.role.is_agency() && same_agency(actor, Some(agency)))
        }
        (Action::FileComplaint, Target::Nothing) => allow(actor.role == Worker),
        // An agency complains against a sanction on it from its head office.
        (Action::FileComplaint, Target::Agency(agency)) => {
            allow(actor.role.is_agency() && actor.head_office && same_agency(actor, Some(agency)))
        }
        (Action::ViewComplaints, Target::Nothing) => allow(match actor.role {
            ProvincialOfficer => actor.province_code.is_some(),
            Worker | AgencyAdmin | AgencyStaff | NationalOfficer | Inspector => true,
            SystemAdmin => false,
        }),
        (Action::ViewComplaints, Target::Complaint(c)) => allow(match actor.role {
            Worker => c.filer_user_id == Some(actor.user_id),
            AgencyAdmin | AgencyStaff => !c.denunciation && same_agency(actor, Some(c.agency_id)),
            ProvincialOfficer => {
                actor.province_code.is_some()
                    && actor.province_code.as_deref() == c.worker_province.as_deref()
            }
            NationalOfficer | Inspector => true,
            SystemAdmin => false,
        }),
        (Action::HandleComplaint, Target::Complaint(c)) => allow(if c.against_sanction {
            actor.role
                == if c.level > 1 {
                    NationalOfficer
                } else {
                    Inspector
                }
        } else if c.denunciation || c.level > 1 {
            actor.role == Inspector
        } else {
            actor.role.is_agency() && actor.head_office && same_agency(actor, Some(c.agency_id))
        }),
        // The filer follows it; an agency's complaint against a sanction is its head office's,
        // whoever of them filed it.
        (Action::FollowComplaint, Target::Complaint(c)) => allow(
            !c.denunciation
                && (c.filer_user_id == Some(actor.user_id)
                    || (c.against_sanction && agency_head_office(actor, c.agency_id))),
        ),
        // An agency has no remote area: its complaint against a sanction runs the usual limits.
        (Action::MarkComplaintRemote, Target::Complaint(c)) if !c.against_sanction => {
            allow(match actor.role {
                ProvincialOfficer => {
                    actor.province_code.is_some()
                        && actor.province_code.as_deref() == c.worker_province.as_deref()
                }
                NationalOfficer | Inspector => true,
                _ => false,
            })
        }
        (Action::OverseeComplaints, Target::Nothing | Target::Complaint(_)) => {
            allow(actor.role == Inspector)
        }
        (Action::ViewAudit, Target::Nothing) => allow(matches!(
            actor.role,
            Inspector | NationalOfficer | ProvincialOfficer | SystemAdmin
        )),
        _ => Decision::Deny,
    }
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
