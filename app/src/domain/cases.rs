//! The states of a worker's case, from application to final settlement.
//!
//! Issue 5 adds the transitions and their guards; this module already names every state so the
//! registry can count who was sent and the demo data can spread cases over the lifecycle.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    Applied,
    Screening,
    Selected,
    Contracted,
    Training,
    VisaGranted,
    ListConfirmed,
    Departed,
    ContractEnded,
    LiquidationPending,
    Liquidated,
    // Terminal before departure.
    Withdrawn,
    NotSentInTime,
    Rejected,
    Cancelled,
}

impl CaseState {
    pub const ALL: [CaseState; 15] = [
        CaseState::Applied,
        CaseState::Screening,
        CaseState::Selected,
        CaseState::Contracted,
        CaseState::Training,
        CaseState::VisaGranted,
        CaseState::ListConfirmed,
        CaseState::Departed,
        CaseState::ContractEnded,
        CaseState::LiquidationPending,
        CaseState::Liquidated,
        CaseState::Withdrawn,
        CaseState::NotSentInTime,
        CaseState::Rejected,
        CaseState::Cancelled,
    ];

    /// States in which the worker has left the country under this case (counted as "sent").
    pub const SENT: [CaseState; 4] = [
        CaseState::Departed,
        CaseState::ContractEnded,
        CaseState::LiquidationPending,
        CaseState::Liquidated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Applied => "applied",
            CaseState::Screening => "screening",
            CaseState::Selected => "selected",
            CaseState::Contracted => "contracted",
            CaseState::Training => "training",
            CaseState::VisaGranted => "visa_granted",
            CaseState::ListConfirmed => "list_confirmed",
            CaseState::Departed => "departed",
            CaseState::ContractEnded => "contract_ended",
            CaseState::LiquidationPending => "liquidation_pending",
            CaseState::Liquidated => "liquidated",
            CaseState::Withdrawn => "withdrawn",
            CaseState::NotSentInTime => "not_sent_in_time",
            CaseState::Rejected => "rejected",
            CaseState::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn has_departed(self) -> bool {
        CaseState::SENT.contains(&self)
    }

    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            CaseState::Liquidated
                | CaseState::Withdrawn
                | CaseState::NotSentInTime
                | CaseState::Rejected
                | CaseState::Cancelled
        )
    }
}

/// What the system administrator sees of a case's audit entries: which step or event (the
/// names of the entries' parts), the state, the version and the ids. Every other value (the
/// worker's documents, health, money, guarantor, notes, what happened abroad) is the worker's:
/// whoever keeps the system running sees that something changed, not what.
pub const CASE_AUDIT_SHOWN_TO_ADMIN: &[&str] =
    &["state", "version", "job_order", "worker", "list", "status"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_round_trips_through_its_stored_name() {
        for s in CaseState::ALL {
            assert_eq!(CaseState::parse(s.as_str()), Some(s));
        }
        assert_eq!(CaseState::parse("flying"), None);
    }

    #[test]
    fn only_states_after_departure_count_as_sent() {
        assert!(CaseState::Departed.has_departed());
        assert!(CaseState::Liquidated.has_departed());
        assert!(!CaseState::ListConfirmed.has_departed());
        assert!(!CaseState::Withdrawn.has_departed());
        for s in CaseState::ALL {
            let after_departure = matches!(
                s,
                CaseState::Departed
                    | CaseState::ContractEnded
                    | CaseState::LiquidationPending
                    | CaseState::Liquidated
            );
            assert_eq!(s.has_departed(), after_departure, "{s:?}");
        }
    }
}
