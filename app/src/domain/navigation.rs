//! Where each role's work goes: the places its account page links to, and the one the header
//! offers as "my work". The policy (`access`) decides what a role may open; this decides what
//! it is shown, and the tests below hold the two together.

use super::accounts::Role;

/// A page of the product that some role's work starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    AgencyCases,
    JobOrders,
    DepartureLists,
    OrdersToDecide,
    FindOrders,
    Rules,
    AgencyStaff,
    Accounts,
    AuditTrail,
    ClaimDisputes,
    Corrections,
    Overview,
    LicenceDeposits,
    Support,
    RecruitmentCost,
    Statistics,
    Licences,
    Inspections,
    Complaints,
    RiskRanking,
}

impl Place {
    pub fn path(self) -> &'static str {
        match self {
            Place::AgencyCases => "/cases",
            Place::JobOrders => "/orders/new",
            Place::DepartureLists => "/lists",
            Place::OrdersToDecide => "/orders/pending",
            Place::FindOrders => "/orders",
            Place::Rules => "/rules",
            Place::AgencyStaff => "/agency/staff",
            Place::Accounts => "/admin/users",
            Place::AuditTrail => "/audit",
            Place::ClaimDisputes => "/province/claims",
            Place::Corrections => "/corrections",
            Place::Overview => "/overview",
            Place::LicenceDeposits => "/deposits",
            Place::Support => "/support",
            Place::RecruitmentCost => "/statistics/recruitment-cost",
            Place::Statistics => "/statistics",
            Place::Licences => "/licences",
            Place::Inspections => "/inspections",
            Place::Complaints => "/complaints",
            Place::RiskRanking => "/risk",
        }
    }
}

/// The places a role's account page links to, in the order shown.
pub fn account_links(role: Role) -> &'static [Place] {
    use Place::*;
    match role {
        Role::Worker => &[FindOrders, Complaints],
        Role::AgencyAdmin => &[
            AgencyCases,
            JobOrders,
            DepartureLists,
            Corrections,
            Inspections,
            Complaints,
            AgencyStaff,
        ],
        Role::AgencyStaff => &[
            AgencyCases,
            JobOrders,
            DepartureLists,
            Corrections,
            Inspections,
            Complaints,
        ],
        Role::Inspector => &[
            Overview,
            RiskRanking,
            Inspections,
            Complaints,
            Licences,
            LicenceDeposits,
            Support,
            Statistics,
            RecruitmentCost,
            AuditTrail,
        ],
        Role::ProvincialOfficer => &[
            Overview,
            Complaints,
            Support,
            Statistics,
            RecruitmentCost,
            Corrections,
            ClaimDisputes,
            AuditTrail,
        ],
        Role::NationalOfficer => &[
            OrdersToDecide,
            DepartureLists,
            Overview,
            Licences,
            LicenceDeposits,
            RiskRanking,
            Complaints,
            Support,
            Statistics,
            RecruitmentCost,
            AuditTrail,
        ],
        Role::SystemAdmin => &[Rules, Accounts, AuditTrail],
    }
}

/// The page where a role's daily work starts, linked from the header and where its people land
/// after signing in; none for a worker, whose work is their own case (see `worker_home`).
pub fn work_place(role: Role) -> Option<Place> {
    match role {
        Role::AgencyAdmin | Role::AgencyStaff => Some(Place::AgencyCases),
        Role::NationalOfficer => Some(Place::OrdersToDecide),
        Role::SystemAdmin => Some(Place::Rules),
        Role::ProvincialOfficer | Role::Inspector => Some(Place::Overview),
        Role::Worker => None,
    }
}

/// A worker account's standing, for where it lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerRecord {
    /// Not linked to a record yet: the account page asks for the claim code.
    Unclaimed,
    /// Linked, with its latest case if any.
    Claimed(Option<i32>),
}

/// Where a person lands after signing in: a worker on their latest case, on the orders board
/// when they have none, on their account (to claim their record) when not linked to one yet;
/// everyone else on their work place.
pub fn landing(role: Role, worker: WorkerRecord) -> String {
    match (role, worker) {
        (Role::Worker, WorkerRecord::Claimed(Some(id))) => format!("/cases/{id}"),
        (Role::Worker, WorkerRecord::Claimed(None)) => Place::FindOrders.path().to_owned(),
        (Role::Worker, WorkerRecord::Unclaimed) => "/account".to_owned(),
        (role, _) => work_place(role).map_or("/account", Place::path).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::{decide, Action, Actor, Decision, Target};

    /// An account of the role; agency roles in agency 1, at its head office or a branch.
    fn actor(role: Role, head_office: bool) -> Actor {
        Actor {
            user_id: 10,
            role,
            agency_id: role.is_agency().then_some(1),
            head_office: role.is_agency() && head_office,
            province_code: (role == Role::ProvincialOfficer).then(|| "01".to_owned()),
            worker_id: (role == Role::Worker).then_some(100),
        }
    }

    /// May this actor open the place, by the policy alone? The agency places are the actor's
    /// own agency's, so an account without an agency has none of them.
    fn may_open(actor: &Actor, place: Place) -> bool {
        let allowed = |action, target| decide(Some(actor), action, target) == Decision::Allow;
        let own = |action| {
            actor
                .agency_id
                .is_some_and(|id| allowed(action, Target::Agency(id)))
        };
        match place {
            Place::AgencyCases => own(Action::ListAgencyCases),
            // The page lists the agency's orders to all its staff; only the head office drafts.
            Place::JobOrders => own(Action::ViewAgencyWork),
            Place::DepartureLists => {
                own(Action::ViewAgencyWork) || allowed(Action::DecideOrders, Target::Nothing)
            }
            Place::OrdersToDecide => allowed(Action::DecideOrders, Target::Nothing),
            Place::FindOrders => allowed(Action::Apply, Target::Nothing),
            Place::Rules => allowed(Action::EditRules, Target::Nothing),
            Place::AgencyStaff => own(Action::ListUsers),
            Place::Accounts => allowed(Action::ListUsers, Target::Nothing),
            Place::AuditTrail => allowed(Action::ViewAudit, Target::Nothing),
            Place::ClaimDisputes => allowed(Action::ResolveClaims, Target::Nothing),
            Place::Corrections => {
                own(Action::ViewAgencyWork) || allowed(Action::DecideCorrections, Target::Nothing)
            }
            Place::Overview => allowed(Action::SearchCases, Target::Nothing),
            Place::LicenceDeposits => allowed(Action::ViewLicenceDeposit, Target::Nothing),
            Place::Support => allowed(Action::ViewSupport, Target::Nothing),
            Place::RecruitmentCost | Place::Statistics => {
                allowed(Action::ViewStatistics, Target::Nothing)
            }
            Place::Licences => allowed(Action::ViewLicences, Target::Nothing),
            Place::Inspections => {
                own(Action::ViewInspections) || allowed(Action::ViewInspections, Target::Nothing)
            }
            Place::Complaints => allowed(Action::ViewComplaints, Target::Nothing),
            Place::RiskRanking => allowed(Action::ViewRiskRanking, Target::Nothing),
        }
    }

    const PLACES: [Place; 20] = [
        Place::AgencyCases,
        Place::JobOrders,
        Place::DepartureLists,
        Place::OrdersToDecide,
        Place::FindOrders,
        Place::Rules,
        Place::AgencyStaff,
        Place::Accounts,
        Place::AuditTrail,
        Place::ClaimDisputes,
        Place::Corrections,
        Place::Overview,
        Place::LicenceDeposits,
        Place::Support,
        Place::RecruitmentCost,
        Place::Statistics,
        Place::Licences,
        Place::Inspections,
        Place::Complaints,
        Place::RiskRanking,
    ];

    #[test]
    fn every_role_is_linked_to_exactly_the_places_its_policy_lets_it_open() {
        for role in Role::ALL {
            for head_office in [true, false] {
                let a = actor(role, head_office);
                for place in PLACES {
                    assert_eq!(
                        account_links(role).contains(&place),
                        may_open(&a, place),
                        "{role:?} (head office: {head_office}) and {place:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_header_work_link_is_one_of_the_roles_own_places() {
        for role in Role::ALL {
            if let Some(place) = work_place(role) {
                assert!(account_links(role).contains(&place), "{role:?}");
            }
        }
        assert_eq!(work_place(Role::Worker), None);
    }

    #[test]
    fn a_worker_lands_on_their_case_or_the_orders_board_and_staff_on_their_work() {
        use WorkerRecord::*;
        assert_eq!(landing(Role::Worker, Claimed(Some(7))), "/cases/7");
        assert_eq!(landing(Role::Worker, Claimed(None)), "/orders");
        assert_eq!(landing(Role::Worker, Unclaimed), "/account");
        assert_eq!(landing(Role::AgencyStaff, Unclaimed), "/cases");
        assert_eq!(landing(Role::Inspector, Unclaimed), "/overview");
        assert_eq!(landing(Role::ProvincialOfficer, Unclaimed), "/overview");
        assert_eq!(landing(Role::NationalOfficer, Unclaimed), "/orders/pending");
        for role in Role::ALL.into_iter().filter(|r| *r != Role::Worker) {
            assert_ne!(
                landing(role, Unclaimed),
                "/account",
                "{role:?} lands on its account page"
            );
        }
    }

    #[test]
    fn places_have_distinct_local_paths() {
        let mut seen = std::collections::HashSet::new();
        for place in PLACES {
            assert!(place.path().starts_with('/'));
            assert!(seen.insert(place.path()), "{place:?}");
        }
    }
}
