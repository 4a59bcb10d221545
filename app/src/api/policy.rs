//! Every server function and the policy action it is checked against. The server refuses a call
//! to any `/api/` path missing here, and the access-matrix test fails on it, so a new function
//! cannot ship without a decision about who may call it.

use crate::domain::access::Action;

/// (path, action). Actions that depend on the record are checked again in the backend with the
/// record's facts; this table states the kind of check each endpoint makes.
pub const ENDPOINTS: &[(&str, Action)] = &[
    ("/api/registry/search", Action::Public),
    ("/api/registry/agency", Action::Public),
    ("/api/registry/summary", Action::Public),
    ("/api/registry/markets", Action::Public),
    ("/api/account/me", Action::Public),
    ("/api/account/invitation", Action::Public),
    ("/api/account/reset-link", Action::Public),
    ("/api/account/signup-link", Action::Public),
    ("/api/account/unlock-link", Action::Public),
    ("/api/province/claims", Action::ResolveClaims),
    ("/api/account/view", Action::OwnAccount),
    ("/api/account/totp", Action::OwnAccount),
    ("/api/admin/users", Action::ListUsers),
    ("/api/agency/staff", Action::ListUsers),
    ("/api/audit/entries", Action::ViewAudit),
    ("/api/cases/board", Action::ListAgencyCases),
    ("/api/cases/view", Action::ViewCase),
    ("/api/cases/money", Action::ViewCase),
    ("/api/cases/settlement", Action::ViewCase),
    ("/api/deposits/all", Action::ViewLicenceDeposit),
    ("/api/licences/desk", Action::ViewLicences),
    ("/api/licences/view", Action::ViewLicences),
    ("/api/inspections/desk", Action::ViewInspections),
    ("/api/inspections/view", Action::ViewInspections),
    ("/api/complaints/desk", Action::Public),
    ("/api/complaints/view", Action::ViewComplaints),
    ("/api/complaints/track", Action::Public),
    ("/api/deposits/view", Action::ViewLicenceDeposit),
    ("/api/cases/search", Action::SearchCases),
    ("/api/cases/import-progress", Action::ManageCases),
    ("/api/lists/all", Action::ViewAgencyWork),
    ("/api/corrections/all", Action::ViewAgencyWork),
    ("/api/rules/in-force", Action::Public),
    ("/api/orders/board", Action::Public),
    ("/api/orders/view", Action::Public),
    ("/api/orders/mine", Action::ViewAgencyWork),
    ("/api/orders/pending", Action::DecideOrders),
    ("/api/statistics/recruitment-cost", Action::ViewStatistics),
    ("/api/statistics/pivot", Action::ViewStatistics),
    ("/api/statistics/cases", Action::SearchCases),
    ("/api/risk/ranking", Action::ViewRiskRanking),
    ("/api/risk/agency", Action::ViewRiskRanking),
    ("/api/support/overview", Action::ViewSupport),
    ("/api/support/worker", Action::ViewSupport),
];

pub fn endpoint_action(path: &str) -> Option<Action> {
    ENDPOINTS.iter().find(|(p, _)| *p == path).map(|(_, a)| *a)
}
