//! Who acts on a case, the steps of the lifecycle and which states they lead from, and the
//! reasons a case ends.

#[allow(unused_imports)]
use super::*;

/// Who is acting on a case, as far as the law's roles go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Party {
    Worker,
    /// Head office of the licensed agency: every step, contracts and money included.
    AgencyHeadOffice,
    /// A branch: only tasks the head office assigns; never contracts, fees or deposits.
    AgencyBranch,
    /// DOLAB (the national overseas labour department).
    Dolab,
}

impl Party {
    pub(super) fn is_agency(self) -> bool {
        matches!(self, Party::AgencyHeadOffice | Party::AgencyBranch)
    }
}

/// Who must act next, for the worker's view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NextActor {
    Worker,
    Agency,
    Employer,
    Dolab,
    Nobody,
}

/// The steps that change a case's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Screen,
    Select,
    Contract,
    Train,
    GrantVisa,
    ConfirmList,
    Depart,
    EndContract,
    StartLiquidation,
    Liquidate,
    Withdraw,
    Reject,
    Cancel,
    NotSent,
}

impl StepKind {
    pub const ALL: [StepKind; 14] = [
        StepKind::Screen,
        StepKind::Select,
        StepKind::Contract,
        StepKind::Train,
        StepKind::GrantVisa,
        StepKind::ConfirmList,
        StepKind::Depart,
        StepKind::EndContract,
        StepKind::StartLiquidation,
        StepKind::Liquidate,
        StepKind::Withdraw,
        StepKind::Reject,
        StepKind::Cancel,
        StepKind::NotSent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Screen => "screen",
            StepKind::Select => "select",
            StepKind::Contract => "contract",
            StepKind::Train => "train",
            StepKind::GrantVisa => "grant_visa",
            StepKind::ConfirmList => "confirm_list",
            StepKind::Depart => "depart",
            StepKind::EndContract => "end_contract",
            StepKind::StartLiquidation => "start_liquidation",
            StepKind::Liquidate => "liquidate",
            StepKind::Withdraw => "withdraw",
            StepKind::Reject => "reject",
            StepKind::Cancel => "cancel",
            StepKind::NotSent => "not_sent",
        }
    }

    pub fn parse(s: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The state this step leads to from `from`, if it may follow it at all.
    pub fn target(self, from: CaseState) -> Option<CaseState> {
        use CaseState::*;
        let before_departure = matches!(
            from,
            Applied | Screening | Selected | Contracted | Training | VisaGranted | ListConfirmed
        );
        match (self, from) {
            (StepKind::Screen, Applied) => Some(Screening),
            (StepKind::Select, Screening) => Some(Selected),
            (StepKind::Contract, Selected) => Some(Contracted),
            (StepKind::Train, Contracted) => Some(Training),
            (StepKind::GrantVisa, Training) => Some(VisaGranted),
            (StepKind::ConfirmList, VisaGranted) => Some(ListConfirmed),
            (StepKind::Depart, ListConfirmed) => Some(Departed),
            (StepKind::EndContract, Departed) => Some(ContractEnded),
            (StepKind::StartLiquidation, ContractEnded) => Some(LiquidationPending),
            (StepKind::Liquidate, LiquidationPending) => Some(Liquidated),
            (StepKind::Withdraw | StepKind::Cancel, _) if before_departure => Some(match self {
                StepKind::Withdraw => Withdrawn,
                _ => Cancelled,
            }),
            (StepKind::Reject, Applied | Screening | Selected | Contracted | Training) => {
                Some(Rejected)
            }
            (StepKind::NotSent, Selected | Contracted | Training | VisaGranted | ListConfirmed) => {
                Some(NotSentInTime)
            }
            _ => None,
        }
    }

    /// Steps that take money or bind the worker by contract: head office only.
    pub(super) fn needs_head_office(self) -> bool {
        matches!(
            self,
            StepKind::Contract | StepKind::StartLiquidation | StepKind::Liquidate
        )
    }

    pub(super) fn parties(self) -> &'static [Party] {
        match self {
            StepKind::ConfirmList => &[Party::Dolab],
            StepKind::Withdraw => &[Party::Worker, Party::AgencyHeadOffice, Party::AgencyBranch],
            _ => &[Party::AgencyHeadOffice, Party::AgencyBranch],
        }
    }

    /// Steps that bring a worker closer to departure: refused while the agency may not recruit
    /// for the market or the order is not approved.
    pub(super) fn moves_towards_departure(self) -> bool {
        matches!(
            self,
            StepKind::Screen
                | StepKind::Select
                | StepKind::Contract
                | StepKind::Train
                | StepKind::GrantVisa
                | StepKind::ConfirmList
                | StepKind::Depart
        )
    }

    /// The steps an agency may offer on a case in `state`, forward step first. DOLAB confirms
    /// through departure lists; a liquidation starts on the settlement page.
    pub fn offered(state: CaseState) -> Vec<StepKind> {
        StepKind::ALL
            .into_iter()
            .filter(|k| {
                !matches!(k, StepKind::ConfirmList | StepKind::StartLiquidation)
                    && k.target(state).is_some()
            })
            .collect()
    }
}

/// Why a contract ended, or why a case closed before departure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    Completed,
    EarlyReturnNotAtFault,
    EarlyReturnAtFault,
    Absconded,
    Overstayed,
    DeceasedOrMissing,
    Extended,
    Transferred,
    WithdrawnByWorker,
    NotSentWithin180Days,
    FailedExam,
    FailedHealthCheck,
    VisaRefused,
    ForceMajeure,
}

impl EndReason {
    pub const AFTER_DEPARTURE: [EndReason; 8] = [
        EndReason::Completed,
        EndReason::EarlyReturnNotAtFault,
        EndReason::EarlyReturnAtFault,
        EndReason::Absconded,
        EndReason::Overstayed,
        EndReason::DeceasedOrMissing,
        EndReason::Extended,
        EndReason::Transferred,
    ];
    pub const REJECTIONS: [EndReason; 3] = [
        EndReason::FailedExam,
        EndReason::FailedHealthCheck,
        EndReason::VisaRefused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Completed => "completed",
            EndReason::EarlyReturnNotAtFault => "early_return_not_at_fault",
            EndReason::EarlyReturnAtFault => "early_return_at_fault",
            EndReason::Absconded => "absconded",
            EndReason::Overstayed => "overstayed",
            EndReason::DeceasedOrMissing => "deceased_or_missing",
            EndReason::Extended => "extended",
            EndReason::Transferred => "transferred",
            EndReason::WithdrawnByWorker => "withdrawn_by_worker",
            EndReason::NotSentWithin180Days => "not_sent_within_180_days",
            EndReason::FailedExam => "failed_exam",
            EndReason::FailedHealthCheck => "failed_health_check",
            EndReason::VisaRefused => "visa_refused",
            EndReason::ForceMajeure => "force_majeure",
        }
    }

    pub fn parse(s: &str) -> Option<EndReason> {
        EndReason::AFTER_DEPARTURE
            .into_iter()
            .chain(EndReason::REJECTIONS)
            .chain([
                EndReason::WithdrawnByWorker,
                EndReason::NotSentWithin180Days,
                EndReason::ForceMajeure,
            ])
            .find(|r| r.as_str() == s)
    }
}

impl Party {
    /// The lifecycle role of a signed-in person; none for roles that never change cases.
    pub fn of(actor: &crate::domain::access::Actor) -> Option<Party> {
        use crate::domain::accounts::Role;
        match actor.role {
            Role::Worker => Some(Party::Worker),
            Role::AgencyAdmin | Role::AgencyStaff if actor.head_office => {
                Some(Party::AgencyHeadOffice)
            }
            Role::AgencyAdmin | Role::AgencyStaff => Some(Party::AgencyBranch),
            Role::NationalOfficer => Some(Party::Dolab),
            _ => None,
        }
    }
}

/// The steps a case page offers a viewer who may change the case (the guards still decide):
/// the agency every step the state allows, the worker only to withdraw, DOLAB none (it confirms
/// through departure lists).
pub fn offered_steps(state: CaseState, viewer: Option<Party>) -> Vec<StepKind> {
    match viewer {
        Some(Party::AgencyHeadOffice | Party::AgencyBranch) => StepKind::offered(state),
        Some(Party::Worker) => StepKind::offered(state)
            .into_iter()
            .filter(|k| *k == StepKind::Withdraw)
            .collect(),
        _ => Vec::new(),
    }
}

/// The events an agency records in a state: the certificate while the worker prepares, the
/// monthly updates, workplace changes and incidents while abroad, incidents after the contract;
/// and the worker's own monthly update.
pub fn offered_events(state: CaseState, viewer: Option<Party>) -> Vec<String> {
    let names: &[&str] = match (viewer, state) {
        (
            Some(Party::AgencyHeadOffice | Party::AgencyBranch),
            CaseState::Training | CaseState::VisaGranted | CaseState::ListConfirmed,
        ) => &["certificate"],
        (Some(Party::AgencyHeadOffice | Party::AgencyBranch), CaseState::Departed) => {
            &["monthly_update", "workplace_change", "incident"]
        }
        (Some(Party::AgencyHeadOffice | Party::AgencyBranch), CaseState::ContractEnded) => {
            &["monthly_update", "incident"]
        }
        (Some(Party::AgencyHeadOffice | Party::AgencyBranch), CaseState::LiquidationPending) => {
            &["monthly_update"]
        }
        (Some(Party::AgencyHeadOffice | Party::AgencyBranch), CaseState::NotSentInTime) => {
            &["refunded"]
        }
        // The worker reports their own month (and what they earned) while the updates are due.
        (
            Some(Party::Worker),
            CaseState::Departed | CaseState::ContractEnded | CaseState::LiquidationPending,
        ) => &["monthly_update"],
        _ => &[],
    };
    names.iter().map(|n| (*n).to_owned()).collect()
}
