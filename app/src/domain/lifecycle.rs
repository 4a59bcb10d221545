//! The case state machine: every step of DOMAIN.md, who may take it, what it records, the law's
//! guards, and the deadlines that follow. Pure: the backend gathers the facts (licence, order,
//! headcount, rules in force) into a `Situation`, asks `take_step`, and stores what it returns.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::accounts::{age_on, parse_date};
use super::agencies::LicenceStatus;
use super::cases::CaseState;
use super::forms::{FieldErrors, Problem};
use super::rules::{
    add_days, add_months, add_working_days, next_monthly_deadline, MissingRule, RuleKey, Rules,
};

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
    fn is_agency(self) -> bool {
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
    fn needs_head_office(self) -> bool {
        matches!(
            self,
            StepKind::Contract | StepKind::StartLiquidation | StepKind::Liquidate
        )
    }

    fn parties(self) -> &'static [Party] {
        match self {
            StepKind::ConfirmList => &[Party::Dolab],
            StepKind::Withdraw => &[Party::Worker, Party::AgencyHeadOffice, Party::AgencyBranch],
            _ => &[Party::AgencyHeadOffice, Party::AgencyBranch],
        }
    }

    /// Steps that bring a worker closer to departure: refused while the agency may not recruit
    /// for the market or the order is not approved.
    fn moves_towards_departure(self) -> bool {
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

    /// The steps an agency may offer on a case in `state`, forward step first.
    pub fn offered(state: CaseState) -> Vec<StepKind> {
        StepKind::ALL
            .into_iter()
            .filter(|k| *k != StepKind::ConfirmList && k.target(state).is_some())
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

/// Fees written into the sending contract, itemised (VND).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fees {
    pub service_vnd: i64,
    pub training_vnd: i64,
    pub visa_vnd: i64,
    pub airfare_vnd: i64,
    pub other_vnd: i64,
}

impl Fees {
    pub fn total(&self) -> i64 {
        self.service_vnd + self.training_vnd + self.visa_vnd + self.airfare_vnd + self.other_vnd
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendingContract {
    pub number: String,
    pub signed_on: NaiveDate,
    pub fees: Fees,
    pub deposit_vnd: i64,
    /// Who guarantees for a worker who does not pay a deposit.
    pub guarantor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub periods: u32,
    pub number: String,
    pub issued_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visa {
    pub passport_no: String,
    pub visa_no: String,
    pub granted_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositPaid {
    pub amount_vnd: i64,
    pub bank: String,
    pub account: String,
    pub paid_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Departure {
    pub exit_on: NaiveDate,
    pub fund_paid_on: NaiveDate,
    pub workplace: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    pub fee_refund_vnd: i64,
    pub deposit_released_vnd: i64,
    pub damages_vnd: i64,
}

/// Everything the steps of one case have recorded. Stored as JSON on the case; each step only
/// adds to it, so the timeline and the guards read the same facts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseFile {
    pub health_certificate_no: Option<String>,
    pub health_certificate_on: Option<NaiveDate>,
    pub exam_result: Option<String>,
    pub language_level: Option<String>,
    pub contract: Option<SendingContract>,
    pub training_started_on: Option<NaiveDate>,
    pub certificate: Option<Certificate>,
    pub visa: Option<Visa>,
    pub deposit: Option<DepositPaid>,
    pub list_confirmed_on: Option<NaiveDate>,
    pub departure: Option<Departure>,
    pub settlement: Option<Settlement>,
    pub closing_note: Option<String>,
}

/// A step with its data, parsed from a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Screen {
        health_certificate_no: String,
        health_certificate_on: NaiveDate,
        exam_result: String,
        language_level: String,
    },
    Select {
        selected_on: NaiveDate,
    },
    Contract(SendingContract),
    Train {
        started_on: NaiveDate,
    },
    GrantVisa {
        visa: Visa,
        deposit: Option<DepositPaid>,
    },
    ConfirmList {
        confirmed_on: NaiveDate,
    },
    Depart(Departure),
    EndContract {
        reason: EndReason,
        ended_on: NaiveDate,
    },
    StartLiquidation(Settlement),
    Liquidate {
        on: NaiveDate,
        note: String,
    },
    Withdraw {
        note: String,
    },
    Reject {
        reason: EndReason,
    },
    Cancel {
        note: String,
    },
    NotSent,
}

impl Step {
    pub fn kind(&self) -> StepKind {
        match self {
            Step::Screen { .. } => StepKind::Screen,
            Step::Select { .. } => StepKind::Select,
            Step::Contract(_) => StepKind::Contract,
            Step::Train { .. } => StepKind::Train,
            Step::GrantVisa { .. } => StepKind::GrantVisa,
            Step::ConfirmList { .. } => StepKind::ConfirmList,
            Step::Depart(_) => StepKind::Depart,
            Step::EndContract { .. } => StepKind::EndContract,
            Step::StartLiquidation(_) => StepKind::StartLiquidation,
            Step::Liquidate { .. } => StepKind::Liquidate,
            Step::Withdraw { .. } => StepKind::Withdraw,
            Step::Reject { .. } => StepKind::Reject,
            Step::Cancel { .. } => StepKind::Cancel,
            Step::NotSent => StepKind::NotSent,
        }
    }
}

/// A guard's refusal, as data; `i18n::refusal` says it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The step cannot follow the case's current state.
    NotFromState {
        state: CaseState,
    },
    /// This party may not take this step (e.g. a worker signing for the agency).
    NotYourStep,
    /// Branches may not sign contracts or take fees or deposits.
    BranchMayNotHandleMoney,
    LicenceRevoked,
    SuspendedInMarket {
        market: String,
        until: NaiveDate,
    },
    OrderNotApproved,
    HeadcountFull {
        headcount: u32,
    },
    TooYoung {
        min_age: u32,
    },
    NoCertificate,
    CertificateExpired {
        expired_on: NaiveDate,
    },
    NoHealthCertificate,
    NoPassport,
    NoVisa,
    FundPaidTooLate {
        latest: NaiveDate,
    },
    FeeOverCap {
        cap_vnd: i64,
        charged_vnd: i64,
    },
    DepositOverCap {
        cap_vnd: i64,
    },
    /// A deposit may be taken only after the contract and the employer's acceptance or visa.
    DepositTooEarly,
    ListNotConfirmed,
    DepartureWindowPassed {
        deadline: NaiveDate,
    },
    DepartureWindowOpen {
        deadline: NaiveDate,
    },
    MissingRule {
        key: RuleKey,
        scope: String,
    },
    /// Someone else changed the case meanwhile; nothing was saved.
    ChangedMeanwhile,
    /// The worker already has a case that is not closed.
    OpenCaseExists,
}

impl From<MissingRule> for Refusal {
    fn from(m: MissingRule) -> Refusal {
        Refusal::MissingRule {
            key: m.key,
            scope: m.scope,
        }
    }
}

/// What a step was refused for: problems with fields, and guards about the case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepError {
    pub fields: FieldErrors,
    pub refusals: Vec<Refusal>,
}

impl StepError {
    fn refuse(r: Refusal) -> StepError {
        StepError {
            fields: FieldErrors::default(),
            refusals: vec![r],
        }
    }
}

/// The facts of the supply contract (job order) a case hangs on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFacts {
    pub approved: bool,
    pub market: String,
    pub term_months: u32,
    /// The monthly wage in VND at the rate in force, if a rate is known for its currency.
    pub wage_vnd: Option<i64>,
    pub deposit_cap_vnd: Option<i64>,
}

/// The agency's standing for the case's market on the day of the act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyFacts {
    pub licence: LicenceStatus,
    /// The end of a suspension in the case's market in force today, if any.
    pub suspended_until: Option<NaiveDate>,
}

/// Everything a guard may look at. Built by the backend from the database and the rule book.
#[derive(Debug, Clone)]
pub struct Situation<'a> {
    pub today: NaiveDate,
    pub rules: &'a Rules,
    pub party: Party,
    pub state: CaseState,
    pub file: &'a CaseFile,
    pub applied_on: NaiveDate,
    pub selected_on: Option<NaiveDate>,
    pub departure_list_confirmed: bool,
    pub agency: AgencyFacts,
    pub order: OrderFacts,
}

/// What a permitted step changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub to: CaseState,
    pub file: CaseFile,
    pub selected_on: Option<NaiveDate>,
    pub departed_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
    /// The day of the act, for the timeline.
    pub on: NaiveDate,
}

/// The last day an orientation certificate is valid.
pub fn certificate_valid_until(c: &Certificate, rules: &Rules) -> NaiveDate {
    add_months(c.issued_on, rules.certificate_valid_months) - chrono::TimeDelta::days(1)
}

/// The guards common to every agency step: licence, market suspension, approved order.
fn agency_guards(s: &Situation<'_>, kind: StepKind) -> Vec<Refusal> {
    let mut out = Vec::new();
    if !s.party.is_agency() || !kind.moves_towards_departure() {
        return out;
    }
    if s.agency.licence == LicenceStatus::Revoked {
        out.push(Refusal::LicenceRevoked);
    }
    if let Some(until) = s.agency.suspended_until {
        out.push(Refusal::SuspendedInMarket {
            market: s.order.market.clone(),
            until,
        });
    }
    if !s.order.approved {
        out.push(Refusal::OrderNotApproved);
    }
    out
}

/// Decides a step: Ok with what changes, or every reason it is refused.
pub fn take_step(s: &Situation<'_>, step: Step) -> Result<Transition, StepError> {
    let kind = step.kind();
    let Some(to) = kind.target(s.state) else {
        return Err(StepError::refuse(Refusal::NotFromState { state: s.state }));
    };
    if !kind.parties().contains(&s.party) {
        return Err(StepError::refuse(Refusal::NotYourStep));
    }
    let money = kind.needs_head_office()
        || matches!(
            &step,
            Step::GrantVisa {
                deposit: Some(_),
                ..
            }
        );
    if money && s.party == Party::AgencyBranch {
        return Err(StepError::refuse(Refusal::BranchMayNotHandleMoney));
    }
    let mut err = StepError {
        fields: FieldErrors::default(),
        refusals: agency_guards(s, kind),
    };
    let mut t = Transition {
        to,
        file: s.file.clone(),
        selected_on: s.selected_on,
        departed_on: None,
        ended_on: None,
        end_reason: None,
        on: s.today,
    };
    let not_future = |err: &mut StepError, field: &str, d: NaiveDate| {
        if d > s.today {
            err.fields.add(field, Problem::Future);
        }
    };
    match step {
        Step::Screen {
            health_certificate_no,
            health_certificate_on,
            exam_result,
            language_level,
        } => {
            not_future(&mut err, "health_certificate_on", health_certificate_on);
            t.file.health_certificate_no = Some(health_certificate_no);
            t.file.health_certificate_on = Some(health_certificate_on);
            t.file.exam_result = Some(exam_result);
            t.file.language_level = Some(language_level);
        }
        Step::Select { selected_on } => {
            not_future(&mut err, "selected_on", selected_on);
            if selected_on < s.applied_on {
                err.fields.add("selected_on", Problem::BeforeEarlierStep);
            }
            t.selected_on = Some(selected_on);
            t.on = selected_on;
        }
        Step::Contract(contract) => {
            not_future(&mut err, "signed_on", contract.signed_on);
            if let Some(wage) = s.order.wage_vnd {
                let cap = s.rules.service_fee_cap_vnd(wage, s.order.term_months);
                if contract.fees.service_vnd > cap {
                    err.refusals.push(Refusal::FeeOverCap {
                        cap_vnd: cap,
                        charged_vnd: contract.fees.service_vnd,
                    });
                }
            }
            if let Some(cap) = s.order.deposit_cap_vnd {
                if contract.deposit_vnd > cap {
                    err.refusals.push(Refusal::DepositOverCap { cap_vnd: cap });
                }
            }
            t.on = contract.signed_on;
            t.file.contract = Some(contract);
        }
        Step::Train { started_on } => {
            not_future(&mut err, "started_on", started_on);
            t.file.training_started_on = Some(started_on);
            t.on = started_on;
        }
        Step::GrantVisa { visa, deposit } => {
            not_future(&mut err, "granted_on", visa.granted_on);
            if let Some(dep) = &deposit {
                not_future(&mut err, "deposit_paid_on", dep.paid_on);
                let signed = s.file.contract.as_ref().map(|c| c.signed_on);
                if signed.is_none_or(|signed| dep.paid_on < signed) || dep.paid_on < visa.granted_on
                {
                    err.refusals.push(Refusal::DepositTooEarly);
                }
                let agreed = s.file.contract.as_ref().map_or(0, |c| c.deposit_vnd);
                let cap = s.order.deposit_cap_vnd.map_or(agreed, |c| c.min(agreed));
                if dep.amount_vnd > cap {
                    err.refusals.push(Refusal::DepositOverCap { cap_vnd: cap });
                }
            }
            t.on = visa.granted_on;
            t.file.visa = Some(visa);
            t.file.deposit = deposit;
        }
        Step::ConfirmList { confirmed_on } => {
            t.file.list_confirmed_on = Some(confirmed_on);
            t.on = confirmed_on;
        }
        Step::Depart(dep) => {
            err.refusals.extend(departure_guards(s, &dep));
            not_future(&mut err, "exit_on", dep.exit_on);
            not_future(&mut err, "fund_paid_on", dep.fund_paid_on);
            t.departed_on = Some(dep.exit_on);
            t.on = dep.exit_on;
            t.file.departure = Some(dep);
        }
        Step::EndContract { reason, ended_on } => {
            if !EndReason::AFTER_DEPARTURE.contains(&reason) {
                err.fields.add("reason", Problem::Choice);
            }
            not_future(&mut err, "ended_on", ended_on);
            if s.file
                .departure
                .as_ref()
                .is_some_and(|d| ended_on < d.exit_on)
            {
                err.fields.add("ended_on", Problem::BeforeEarlierStep);
            }
            t.ended_on = Some(ended_on);
            t.end_reason = Some(reason);
            t.on = ended_on;
        }
        Step::StartLiquidation(settlement) => {
            t.file.settlement = Some(settlement);
        }
        Step::Liquidate { on, note } => {
            not_future(&mut err, "on", on);
            t.on = on;
            t.file.closing_note = Some(note);
        }
        Step::Withdraw { note } | Step::Cancel { note } => {
            t.end_reason = Some(if kind == StepKind::Withdraw {
                EndReason::WithdrawnByWorker
            } else {
                EndReason::ForceMajeure
            });
            t.ended_on = Some(s.today);
            t.file.closing_note = Some(note).filter(|n| !n.is_empty());
        }
        Step::Reject { reason } => {
            if !EndReason::REJECTIONS.contains(&reason) {
                err.fields.add("reason", Problem::Choice);
            }
            t.end_reason = Some(reason);
            t.ended_on = Some(s.today);
        }
        Step::NotSent => {
            let deadline = departure_deadline(s.selected_on, s.rules);
            match deadline {
                Some(d) if s.today > d => {}
                Some(d) => err
                    .refusals
                    .push(Refusal::DepartureWindowOpen { deadline: d }),
                None => err.refusals.push(Refusal::NotFromState { state: s.state }),
            }
            t.end_reason = Some(EndReason::NotSentWithin180Days);
            t.ended_on = Some(s.today);
        }
    }
    if err.fields.is_empty() && err.refusals.is_empty() {
        Ok(t)
    } else {
        Err(err)
    }
}

/// The last day the agency may send a worker selected on `selected_on`.
pub fn departure_deadline(selected_on: Option<NaiveDate>, rules: &Rules) -> Option<NaiveDate> {
    selected_on.map(|d| add_days(d, rules.departure_window_days))
}

/// Departure needs: a confirmed list; a valid orientation certificate; health certificate,
/// passport and visa; the Fund contribution paid in time; the service fee within the cap; the
/// 180-day window still open.
fn departure_guards(s: &Situation<'_>, dep: &Departure) -> Vec<Refusal> {
    let mut out = Vec::new();
    let f = s.file;
    if !s.departure_list_confirmed {
        out.push(Refusal::ListNotConfirmed);
    }
    match &f.certificate {
        None => out.push(Refusal::NoCertificate),
        Some(c) => {
            let until = certificate_valid_until(c, s.rules);
            if dep.exit_on > until {
                out.push(Refusal::CertificateExpired { expired_on: until });
            }
        }
    }
    if f.health_certificate_no.as_deref().is_none_or(str::is_empty) {
        out.push(Refusal::NoHealthCertificate);
    }
    match &f.visa {
        None => {
            out.push(Refusal::NoPassport);
            out.push(Refusal::NoVisa);
        }
        Some(v) => {
            if v.passport_no.is_empty() {
                out.push(Refusal::NoPassport);
            }
            if v.visa_no.is_empty() {
                out.push(Refusal::NoVisa);
            }
        }
    }
    let latest = dep.exit_on - chrono::TimeDelta::days(i64::from(s.rules.fund_before_exit_days));
    if dep.fund_paid_on > latest {
        out.push(Refusal::FundPaidTooLate { latest });
    }
    if let (Some(c), Some(wage)) = (&f.contract, s.order.wage_vnd) {
        let cap = s.rules.service_fee_cap_vnd(wage, s.order.term_months);
        if c.fees.service_vnd > cap {
            out.push(Refusal::FeeOverCap {
                cap_vnd: cap,
                charged_vnd: c.fees.service_vnd,
            });
        }
    }
    if let Some(deadline) = departure_deadline(s.selected_on, s.rules) {
        if dep.exit_on > deadline {
            out.push(Refusal::DepartureWindowPassed { deadline });
        }
    }
    out
}

/// May this person apply (or be entered) under this order today?
pub fn application_guards(
    rules: &Rules,
    today: NaiveDate,
    birth_date: NaiveDate,
    agency: &AgencyFacts,
    order: &OrderFacts,
) -> Vec<Refusal> {
    let mut out = Vec::new();
    if !order.approved {
        out.push(Refusal::OrderNotApproved);
    }
    if agency.licence == LicenceStatus::Revoked {
        out.push(Refusal::LicenceRevoked);
    }
    if let Some(until) = agency.suspended_until {
        out.push(Refusal::SuspendedInMarket {
            market: order.market.clone(),
            until,
        });
    }
    if age_on(birth_date, today) < rules.min_worker_age {
        out.push(Refusal::TooYoung {
            min_age: rules.min_worker_age,
        });
    }
    out
}

/// States whose case takes a place of the order's headcount (everything but the ends before
/// departure).
pub fn takes_a_place(state: CaseState) -> bool {
    !matches!(
        state,
        CaseState::Withdrawn
            | CaseState::NotSentInTime
            | CaseState::Rejected
            | CaseState::Cancelled
    )
}

/// A deadline on the case, for the worker's and the agency's view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadlineKind {
    /// Send the worker within 180 days of selection.
    Departure,
    /// The orientation certificate's last valid day.
    CertificateExpiry,
    /// DOLAB's confirmation of the departure list.
    ListConfirmation,
    /// The agency's first database update after exit.
    FirstUpdate,
    /// The monthly update, by the 20th.
    MonthlyUpdate,
    /// Liquidation of the contract.
    Liquidation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due_on: NaiveDate,
    pub by: NextActor,
}

impl Deadline {
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.due_on - today).num_days()
    }
}

/// What the deadlines depend on besides the case file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clocks {
    pub selected_on: Option<NaiveDate>,
    pub departed_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    /// When the departure list holding this case was sent to DOLAB, if not yet confirmed.
    pub list_submitted_on: Option<NaiveDate>,
    /// The month (first day) of the last monthly update recorded.
    pub last_update_month: Option<NaiveDate>,
}

/// The deadlines in force for a case in `state`, soonest first.
pub fn deadlines(
    state: CaseState,
    file: &CaseFile,
    clocks: &Clocks,
    rules: &Rules,
) -> Vec<Deadline> {
    use CaseState::*;
    let mut out = Vec::new();
    let before_departure = matches!(
        state,
        Selected | Contracted | Training | VisaGranted | ListConfirmed
    );
    if before_departure {
        if let Some(d) = departure_deadline(clocks.selected_on, rules) {
            out.push(Deadline {
                kind: DeadlineKind::Departure,
                due_on: d,
                by: NextActor::Agency,
            });
        }
        if let Some(c) = &file.certificate {
            out.push(Deadline {
                kind: DeadlineKind::CertificateExpiry,
                due_on: certificate_valid_until(c, rules),
                by: NextActor::Worker,
            });
        }
    }
    if state == VisaGranted {
        if let Some(sent) = clocks.list_submitted_on {
            out.push(Deadline {
                kind: DeadlineKind::ListConfirmation,
                due_on: add_working_days(sent, rules.list_confirm_working_days),
                by: NextActor::Dolab,
            });
        }
    }
    if state == Departed {
        if let Some(exit) = clocks.departed_on {
            match clocks.last_update_month {
                None => out.push(Deadline {
                    kind: DeadlineKind::FirstUpdate,
                    due_on: add_days(exit, rules.first_update_days),
                    by: NextActor::Agency,
                }),
                Some(month) => out.push(Deadline {
                    kind: DeadlineKind::MonthlyUpdate,
                    due_on: next_monthly_deadline(month, rules.monthly_update_day),
                    by: NextActor::Agency,
                }),
            }
        }
    }
    if matches!(state, ContractEnded | LiquidationPending) {
        if let Some(end) = clocks.ended_on {
            out.push(Deadline {
                kind: DeadlineKind::Liquidation,
                due_on: add_days(end, rules.liquidation_days),
                by: NextActor::Agency,
            });
        }
    }
    out.sort_by_key(|d| d.due_on);
    out
}

/// The earliest deadline the agency must meet, stored on the case so the board can filter
/// overdue cases with an index.
pub fn agency_due_on(deadlines: &[Deadline]) -> Option<NaiveDate> {
    deadlines
        .iter()
        .filter(|d| d.by == NextActor::Agency)
        .map(|d| d.due_on)
        .min()
}

/// Who acts next in `state`, and with which step.
pub fn next_actor(state: CaseState) -> (NextActor, Option<StepKind>) {
    use CaseState::*;
    match state {
        Applied => (NextActor::Agency, Some(StepKind::Screen)),
        Screening => (NextActor::Employer, Some(StepKind::Select)),
        Selected => (NextActor::Agency, Some(StepKind::Contract)),
        Contracted => (NextActor::Agency, Some(StepKind::Train)),
        Training => (NextActor::Worker, Some(StepKind::GrantVisa)),
        VisaGranted => (NextActor::Dolab, Some(StepKind::ConfirmList)),
        ListConfirmed => (NextActor::Agency, Some(StepKind::Depart)),
        Departed => (NextActor::Agency, Some(StepKind::EndContract)),
        ContractEnded => (NextActor::Agency, Some(StepKind::StartLiquidation)),
        LiquidationPending => (NextActor::Agency, Some(StepKind::Liquidate)),
        Liquidated | Withdrawn | NotSentInTime | Rejected | Cancelled => (NextActor::Nobody, None),
    }
}

/// Events abroad (not state changes): monthly updates, workplace changes, incidents; and the
/// orientation certificate, which may be recorded (or renewed) any time before departure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    Certificate(Certificate),
    MonthlyUpdate {
        month: NaiveDate,
        working: bool,
        note: String,
    },
    WorkplaceChange {
        changed_on: NaiveDate,
        workplace: String,
    },
    Incident {
        on: NaiveDate,
        kind: IncidentKind,
        description: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    Accident,
    Illness,
    Dispute,
    Abuse,
    Other,
}

impl IncidentKind {
    pub const ALL: [IncidentKind; 5] = [
        IncidentKind::Accident,
        IncidentKind::Illness,
        IncidentKind::Dispute,
        IncidentKind::Abuse,
        IncidentKind::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentKind::Accident => "accident",
            IncidentKind::Illness => "illness",
            IncidentKind::Dispute => "dispute",
            IncidentKind::Abuse => "abuse",
            IncidentKind::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<IncidentKind> {
        IncidentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl Event {
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Certificate(_) => "certificate",
            Event::MonthlyUpdate { .. } => "monthly_update",
            Event::WorkplaceChange { .. } => "workplace_change",
            Event::Incident { .. } => "incident",
        }
    }
}

/// May this event be recorded on a case in `state`? Returns the updated file.
pub fn record_event(s: &Situation<'_>, event: &Event) -> Result<CaseFile, StepError> {
    use CaseState::*;
    if !s.party.is_agency() {
        return Err(StepError::refuse(Refusal::NotYourStep));
    }
    let mut file = s.file.clone();
    let mut err = StepError::default();
    match event {
        Event::Certificate(c) => {
            if !matches!(s.state, Training | VisaGranted | ListConfirmed) {
                return Err(StepError::refuse(Refusal::NotFromState { state: s.state }));
            }
            if c.periods < s.rules.orientation_periods {
                err.fields.add(
                    "periods",
                    Problem::AtLeast {
                        min: i64::from(s.rules.orientation_periods),
                    },
                );
            }
            if c.issued_on > s.today {
                err.fields.add("issued_on", Problem::Future);
            }
            if s.file.training_started_on.is_some_and(|t| c.issued_on < t) {
                err.fields.add("issued_on", Problem::BeforeEarlierStep);
            }
            let until = certificate_valid_until(c, s.rules);
            if until < s.today {
                err.refusals
                    .push(Refusal::CertificateExpired { expired_on: until });
            }
            file.certificate = Some(c.clone());
        }
        Event::MonthlyUpdate { month, .. } => {
            if s.state != Departed {
                return Err(StepError::refuse(Refusal::NotFromState { state: s.state }));
            }
            if *month > s.today {
                err.fields.add("month", Problem::Future);
            }
        }
        Event::WorkplaceChange {
            changed_on,
            workplace,
        } => {
            if s.state != Departed {
                return Err(StepError::refuse(Refusal::NotFromState { state: s.state }));
            }
            if *changed_on > s.today {
                err.fields.add("changed_on", Problem::Future);
            }
            if let Some(d) = file.departure.as_mut() {
                d.workplace = workplace.clone();
            }
        }
        Event::Incident { on, .. } => {
            if !matches!(s.state, Departed | ContractEnded) {
                return Err(StepError::refuse(Refusal::NotFromState { state: s.state }));
            }
            if *on > s.today {
                err.fields.add("on", Problem::Future);
            }
        }
    }
    if err.fields.is_empty() && err.refusals.is_empty() {
        Ok(file)
    } else {
        Err(err)
    }
}

// ----- Parsing forms -----

/// Text of a required field, trimmed and at most `max` characters.
pub fn required_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, Problem::Required);
    } else if v.chars().count() > max {
        errors.add(field, Problem::TooLong { max });
    }
    v.to_owned()
}

pub fn optional_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.chars().count() > max {
        errors.add(field, Problem::TooLong { max });
    }
    v.to_owned()
}

/// A whole, non-negative amount of VND; spaces, dots and commas as thousands separators are fine.
pub fn parse_vnd(input: &str) -> Result<i64, Problem> {
    let digits: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | ',' | '\u{a0}'))
        .collect();
    if digits.is_empty() {
        return Err(Problem::Required);
    }
    if digits.len() > 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Problem::Amount);
    }
    digits.parse().map_err(|_| Problem::Amount)
}

/// An optional amount: empty means zero.
pub fn parse_vnd_or_zero(input: &str) -> Result<i64, Problem> {
    if input.trim().is_empty() {
        Ok(0)
    } else {
        parse_vnd(input)
    }
}

pub fn parse_count(input: &str, max: u32) -> Result<u32, Problem> {
    let v = input.trim();
    if v.is_empty() {
        return Err(Problem::Required);
    }
    match v.parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(Problem::Number),
    }
}

/// A Vietnamese passport number: one letter and seven digits (C1234567), validated loosely.
pub fn parse_passport(input: &str) -> Result<String, Problem> {
    let v: String = input
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if v.is_empty() {
        return Err(Problem::Required);
    }
    let mut chars = v.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && v.len() == 8
        && chars.all(|c| c.is_ascii_digit());
    if ok {
        Ok(v)
    } else {
        Err(Problem::Passport)
    }
}

/// A month as typed in `<input type="month">`: `2026-11`.
pub fn parse_month(input: &str) -> Result<NaiveDate, Problem> {
    let v = input.trim();
    if v.is_empty() {
        return Err(Problem::Required);
    }
    NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d").map_err(|_| Problem::Month)
}

/// Parses the form of a step. `get` reads a field by name.
pub fn parse_step(kind: StepKind, get: &dyn Fn(&str) -> String) -> Result<Step, FieldErrors> {
    let mut e = FieldErrors::default();
    let date = |e: &mut FieldErrors, f: &str| e.check(f, parse_date(&get(f)));
    let vnd = |e: &mut FieldErrors, f: &str| e.check(f, parse_vnd_or_zero(&get(f)));
    let step = match kind {
        StepKind::Screen => {
            let no = required_text(
                &mut e,
                "health_certificate_no",
                &get("health_certificate_no"),
                64,
            );
            let on = date(&mut e, "health_certificate_on");
            let exam = required_text(&mut e, "exam_result", &get("exam_result"), 200);
            let lang = optional_text(&mut e, "language_level", &get("language_level"), 64);
            on.map(|on| Step::Screen {
                health_certificate_no: no,
                health_certificate_on: on,
                exam_result: exam,
                language_level: lang,
            })
        }
        StepKind::Select => date(&mut e, "selected_on").map(|d| Step::Select { selected_on: d }),
        StepKind::Contract => {
            let number = required_text(&mut e, "contract_no", &get("contract_no"), 64);
            let signed = date(&mut e, "signed_on");
            let service = e.check("service_fee_vnd", parse_vnd(&get("service_fee_vnd")));
            let training = vnd(&mut e, "training_fee_vnd");
            let visa = vnd(&mut e, "visa_fee_vnd");
            let airfare = vnd(&mut e, "airfare_vnd");
            let other = vnd(&mut e, "other_fee_vnd");
            let deposit = vnd(&mut e, "deposit_vnd");
            let guarantor = optional_text(&mut e, "guarantor", &get("guarantor"), 200);
            match (signed, service, training, visa, airfare, other, deposit) {
                (Some(s), Some(sv), Some(tr), Some(vi), Some(ai), Some(ot), Some(dp)) => {
                    Some(Step::Contract(SendingContract {
                        number,
                        signed_on: s,
                        fees: Fees {
                            service_vnd: sv,
                            training_vnd: tr,
                            visa_vnd: vi,
                            airfare_vnd: ai,
                            other_vnd: ot,
                        },
                        deposit_vnd: dp,
                        guarantor: Some(guarantor).filter(|g| !g.is_empty()),
                    }))
                }
                _ => None,
            }
        }
        StepKind::Train => date(&mut e, "started_on").map(|d| Step::Train { started_on: d }),
        StepKind::GrantVisa => {
            let passport = e.check("passport_no", parse_passport(&get("passport_no")));
            let visa_no = required_text(&mut e, "visa_no", &get("visa_no"), 64);
            let granted = date(&mut e, "granted_on");
            let amount = vnd(&mut e, "deposit_vnd");
            let deposit = match amount {
                Some(a) if a > 0 => {
                    let bank = required_text(&mut e, "deposit_bank", &get("deposit_bank"), 120);
                    let account =
                        required_text(&mut e, "deposit_account", &get("deposit_account"), 64);
                    date(&mut e, "deposit_paid_on").map(|paid_on| {
                        Some(DepositPaid {
                            amount_vnd: a,
                            bank,
                            account,
                            paid_on,
                        })
                    })
                }
                Some(_) => Some(None),
                None => None,
            };
            match (passport, granted, deposit) {
                (Some(p), Some(g), Some(deposit)) => Some(Step::GrantVisa {
                    visa: Visa {
                        passport_no: p,
                        visa_no,
                        granted_on: g,
                    },
                    deposit,
                }),
                _ => None,
            }
        }
        StepKind::ConfirmList => {
            date(&mut e, "confirmed_on").map(|d| Step::ConfirmList { confirmed_on: d })
        }
        StepKind::Depart => {
            let exit = date(&mut e, "exit_on");
            let fund = date(&mut e, "fund_paid_on");
            let workplace = required_text(&mut e, "workplace", &get("workplace"), 200);
            match (exit, fund) {
                (Some(x), Some(f)) => Some(Step::Depart(Departure {
                    exit_on: x,
                    fund_paid_on: f,
                    workplace,
                })),
                _ => None,
            }
        }
        StepKind::EndContract => {
            let reason = e.check(
                "reason",
                EndReason::parse(&get("reason")).ok_or(Problem::Choice),
            );
            let ended = date(&mut e, "ended_on");
            match (reason, ended) {
                (Some(r), Some(d)) => Some(Step::EndContract {
                    reason: r,
                    ended_on: d,
                }),
                _ => None,
            }
        }
        StepKind::StartLiquidation => {
            let refund = vnd(&mut e, "fee_refund_vnd");
            let released = vnd(&mut e, "deposit_released_vnd");
            let damages = vnd(&mut e, "damages_vnd");
            match (refund, released, damages) {
                (Some(r), Some(d), Some(g)) => Some(Step::StartLiquidation(Settlement {
                    fee_refund_vnd: r,
                    deposit_released_vnd: d,
                    damages_vnd: g,
                })),
                _ => None,
            }
        }
        StepKind::Liquidate => {
            let on = date(&mut e, "liquidated_on");
            let note = optional_text(&mut e, "note", &get("note"), 1000);
            on.map(|on| Step::Liquidate { on, note })
        }
        StepKind::Withdraw => Some(Step::Withdraw {
            note: optional_text(&mut e, "note", &get("note"), 1000),
        }),
        StepKind::Cancel => Some(Step::Cancel {
            note: required_text(&mut e, "note", &get("note"), 1000),
        }),
        StepKind::Reject => e
            .check(
                "reason",
                EndReason::parse(&get("reason")).ok_or(Problem::Choice),
            )
            .map(|reason| Step::Reject { reason }),
        StepKind::NotSent => Some(Step::NotSent),
    };
    match step {
        Some(s) if e.is_empty() => Ok(s),
        _ => Err(e),
    }
}

/// Parses the form of an event.
pub fn parse_event(kind: &str, get: &dyn Fn(&str) -> String) -> Result<Event, FieldErrors> {
    let mut e = FieldErrors::default();
    let event = match kind {
        "certificate" => {
            let periods = e.check("periods", parse_count(&get("periods"), 1000));
            let number = required_text(&mut e, "certificate_no", &get("certificate_no"), 64);
            let issued = e.check("issued_on", parse_date(&get("issued_on")));
            let passed = get("test_passed") == "yes";
            if !passed {
                e.add("test_passed", Problem::TestNotPassed);
            }
            match (periods, issued) {
                (Some(p), Some(i)) => Some(Event::Certificate(Certificate {
                    periods: p,
                    number,
                    issued_on: i,
                })),
                _ => None,
            }
        }
        "monthly_update" => {
            let month = e.check("month", parse_month(&get("month")));
            let working = get("working") != "no";
            let note = optional_text(&mut e, "note", &get("note"), 1000);
            month.map(|month| Event::MonthlyUpdate {
                month,
                working,
                note,
            })
        }
        "workplace_change" => {
            let on = e.check("changed_on", parse_date(&get("changed_on")));
            let workplace = required_text(&mut e, "workplace", &get("workplace"), 200);
            on.map(|changed_on| Event::WorkplaceChange {
                changed_on,
                workplace,
            })
        }
        "incident" => {
            let on = e.check("on", parse_date(&get("on")));
            let kind = e.check(
                "incident_kind",
                IncidentKind::parse(&get("incident_kind")).ok_or(Problem::Choice),
            );
            let description = required_text(&mut e, "description", &get("description"), 2000);
            match (on, kind) {
                (Some(on), Some(kind)) => Some(Event::Incident {
                    on,
                    kind,
                    description,
                }),
                _ => None,
            }
        }
        _ => {
            e.add("_event", Problem::Choice);
            None
        }
    };
    match event {
        Some(ev) if e.is_empty() => Ok(ev),
        _ => Err(e),
    }
}

/// A person entered by an agency (or a CSV row): the same identity checks as sign-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWorker {
    pub citizen_id: String,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub sex: super::citizen_id::Sex,
    pub phone: String,
}

pub fn parse_worker(get: &dyn Fn(&str) -> String) -> Result<NewWorker, FieldErrors> {
    use super::accounts::{parse_full_name, Phone};
    use super::citizen_id::{CitizenId, Sex};
    let mut e = FieldErrors::default();
    let name = e.check("full_name", parse_full_name(&get("full_name")));
    let birth = e.check("birth_date", parse_date(&get("birth_date")));
    let sex = e.check("sex", Sex::parse(&get("sex")).ok_or(Problem::Choice));
    let phone = e.check("phone", Phone::parse(&get("phone")));
    let raw = get("citizen_id");
    let id = match (sex, birth) {
        (Some(sex), Some(birth)) => e.check(
            "citizen_id",
            CitizenId::parse_for(&raw, sex, birth).map_err(Problem::CitizenId),
        ),
        _ => e.check(
            "citizen_id",
            CitizenId::parse(&raw).map_err(Problem::CitizenId),
        ),
    };
    match (id, name, birth, sex, phone) {
        (Some(id), Some(full_name), Some(birth_date), Some(sex), Some(phone)) if e.is_empty() => {
            Ok(NewWorker {
                citizen_id: id.as_str().to_owned(),
                full_name,
                birth_date,
                sex,
                phone: phone.as_str().to_owned(),
            })
        }
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::tests::{book, d};

    fn rules() -> Rules {
        book().on(d(2026, 11, 23)).expect("rules")
    }

    fn order() -> OrderFacts {
        OrderFacts {
            approved: true,
            market: "JP".into(),
            term_months: 36,
            wage_vnd: Some(27_200_000),
            deposit_cap_vnd: Some(0),
        }
    }

    fn active() -> AgencyFacts {
        AgencyFacts {
            licence: LicenceStatus::Active,
            suspended_until: None,
        }
    }

    fn ready_file() -> CaseFile {
        CaseFile {
            health_certificate_no: Some("SK-123".into()),
            health_certificate_on: Some(d(2026, 5, 1)),
            contract: Some(SendingContract {
                number: "HĐ-01".into(),
                signed_on: d(2026, 6, 1),
                fees: Fees {
                    service_vnd: 40_000_000,
                    ..Fees::default()
                },
                deposit_vnd: 0,
                guarantor: None,
            }),
            training_started_on: Some(d(2026, 6, 10)),
            certificate: Some(Certificate {
                periods: 74,
                number: "GCN-1".into(),
                issued_on: d(2026, 8, 1),
            }),
            visa: Some(Visa {
                passport_no: "C1234567".into(),
                visa_no: "V-9".into(),
                granted_on: d(2026, 10, 1),
            }),
            list_confirmed_on: Some(d(2026, 11, 2)),
            ..CaseFile::default()
        }
    }

    fn situation<'a>(rules: &'a Rules, file: &'a CaseFile, state: CaseState) -> Situation<'a> {
        Situation {
            today: d(2026, 11, 23),
            rules,
            party: Party::AgencyHeadOffice,
            state,
            file,
            applied_on: d(2026, 3, 1),
            selected_on: Some(d(2026, 6, 1)),
            departure_list_confirmed: true,
            agency: active(),
            order: order(),
        }
    }

    fn departure(exit: NaiveDate) -> Step {
        Step::Depart(Departure {
            exit_on: exit,
            fund_paid_on: exit - chrono::TimeDelta::days(5),
            workplace: "Aichi".into(),
        })
    }

    fn refusals(r: Result<Transition, StepError>) -> Vec<Refusal> {
        r.expect_err("the step should be refused").refusals
    }

    #[test]
    fn a_ready_case_departs_and_records_the_exit_date() {
        let r = rules();
        let f = ready_file();
        let t = take_step(
            &situation(&r, &f, CaseState::ListConfirmed),
            departure(d(2026, 11, 20)),
        )
        .expect("departure allowed");
        assert_eq!(t.to, CaseState::Departed);
        assert_eq!(t.departed_on, Some(d(2026, 11, 20)));
    }

    #[test]
    fn departure_is_refused_without_a_certificate() {
        let r = rules();
        let mut f = ready_file();
        f.certificate = None;
        let got = refusals(take_step(
            &situation(&r, &f, CaseState::ListConfirmed),
            departure(d(2026, 11, 20)),
        ));
        assert_eq!(got, vec![Refusal::NoCertificate]);
    }

    #[test]
    fn departure_is_refused_when_the_certificate_expired() {
        let r = rules();
        let mut f = ready_file();
        f.certificate = Some(Certificate {
            periods: 74,
            number: "old".into(),
            issued_on: d(2024, 11, 1),
        });
        let got = refusals(take_step(
            &situation(&r, &f, CaseState::ListConfirmed),
            departure(d(2026, 11, 20)),
        ));
        assert_eq!(
            got,
            vec![Refusal::CertificateExpired {
                expired_on: d(2026, 10, 31)
            }]
        );
    }

    #[test]
    fn departure_is_refused_without_health_certificate_passport_or_visa() {
        let r = rules();
        let mut f = ready_file();
        f.health_certificate_no = None;
        f.visa = None;
        let got = refusals(take_step(
            &situation(&r, &f, CaseState::ListConfirmed),
            departure(d(2026, 11, 20)),
        ));
        assert_eq!(
            got,
            vec![
                Refusal::NoHealthCertificate,
                Refusal::NoPassport,
                Refusal::NoVisa
            ]
        );
    }

    #[test]
    fn departure_is_refused_when_the_fund_was_paid_less_than_three_days_before_exit() {
        let r = rules();
        let f = ready_file();
        let step = Step::Depart(Departure {
            exit_on: d(2026, 11, 20),
            fund_paid_on: d(2026, 11, 18),
            workplace: "Aichi".into(),
        });
        let got = refusals(take_step(
            &situation(&r, &f, CaseState::ListConfirmed),
            step,
        ));
        assert_eq!(
            got,
            vec![Refusal::FundPaidTooLate {
                latest: d(2026, 11, 17)
            }]
        );
    }

    #[test]
    fn departure_is_refused_without_a_confirmed_departure_list() {
        let r = rules();
        let f = ready_file();
        let mut s = situation(&r, &f, CaseState::ListConfirmed);
        s.departure_list_confirmed = false;
        assert_eq!(
            refusals(take_step(&s, departure(d(2026, 11, 20)))),
            vec![Refusal::ListNotConfirmed]
        );
    }

    #[test]
    fn departure_is_refused_after_the_180_day_window_from_selection() {
        let r = rules();
        let f = ready_file();
        let mut s = situation(&r, &f, CaseState::ListConfirmed);
        s.selected_on = Some(d(2026, 5, 1));
        assert_eq!(
            refusals(take_step(&s, departure(d(2026, 11, 20)))),
            vec![Refusal::DepartureWindowPassed {
                deadline: d(2026, 10, 28)
            }]
        );
    }

    #[test]
    fn departure_is_refused_when_the_service_fee_is_over_the_cap() {
        let r = rules();
        let mut f = ready_file();
        if let Some(c) = f.contract.as_mut() {
            c.fees.service_vnd = 90_000_000;
        }
        assert_eq!(
            refusals(take_step(
                &situation(&r, &f, CaseState::ListConfirmed),
                departure(d(2026, 11, 20))
            )),
            vec![Refusal::FeeOverCap {
                cap_vnd: 81_600_000,
                charged_vnd: 90_000_000
            }]
        );
    }

    #[test]
    fn a_departure_before_the_list_is_confirmed_cannot_follow_from_visa_granted() {
        let r = rules();
        let f = ready_file();
        assert_eq!(
            refusals(take_step(
                &situation(&r, &f, CaseState::VisaGranted),
                departure(d(2026, 11, 20))
            )),
            vec![Refusal::NotFromState {
                state: CaseState::VisaGranted
            }]
        );
    }

    #[test]
    fn a_revoked_licence_stops_every_step_towards_departure() {
        let r = rules();
        let f = CaseFile::default();
        let mut s = situation(&r, &f, CaseState::Screening);
        s.agency.licence = LicenceStatus::Revoked;
        assert_eq!(
            refusals(take_step(
                &s,
                Step::Select {
                    selected_on: d(2026, 11, 1)
                }
            )),
            vec![Refusal::LicenceRevoked]
        );
    }

    #[test]
    fn a_revoked_licence_still_lets_the_agency_close_a_case_abroad() {
        let r = rules();
        let f = ready_file();
        let mut s = situation(&r, &f, CaseState::Departed);
        s.agency.licence = LicenceStatus::Revoked;
        let t = take_step(
            &s,
            Step::EndContract {
                reason: EndReason::Completed,
                ended_on: d(2026, 11, 22),
            },
        )
        .expect("allowed");
        assert_eq!(t.to, CaseState::ContractEnded);
    }

    #[test]
    fn a_market_suspension_stops_steps_towards_departure() {
        let r = rules();
        let f = CaseFile::default();
        let mut s = situation(&r, &f, CaseState::Applied);
        s.agency.suspended_until = Some(d(2027, 5, 1));
        let got = refusals(take_step(
            &s,
            Step::Screen {
                health_certificate_no: "x".into(),
                health_certificate_on: d(2026, 11, 1),
                exam_result: "đạt".into(),
                language_level: String::new(),
            },
        ));
        assert_eq!(
            got,
            vec![Refusal::SuspendedInMarket {
                market: "JP".into(),
                until: d(2027, 5, 1)
            }]
        );
    }

    #[test]
    fn a_step_on_an_order_that_is_not_approved_is_refused() {
        let r = rules();
        let f = CaseFile::default();
        let mut s = situation(&r, &f, CaseState::Screening);
        s.order.approved = false;
        assert_eq!(
            refusals(take_step(
                &s,
                Step::Select {
                    selected_on: d(2026, 11, 1)
                }
            )),
            vec![Refusal::OrderNotApproved]
        );
    }

    #[test]
    fn a_branch_may_not_sign_the_sending_contract() {
        let r = rules();
        let f = CaseFile::default();
        let mut s = situation(&r, &f, CaseState::Selected);
        s.party = Party::AgencyBranch;
        let contract = ready_file().contract.expect("contract");
        assert_eq!(
            refusals(take_step(&s, Step::Contract(contract))),
            vec![Refusal::BranchMayNotHandleMoney]
        );
    }

    #[test]
    fn a_branch_may_not_take_a_deposit() {
        let r = rules();
        let f = ready_file();
        let mut s = situation(&r, &f, CaseState::Training);
        s.party = Party::AgencyBranch;
        let step = Step::GrantVisa {
            visa: Visa {
                passport_no: "C1234567".into(),
                visa_no: "V".into(),
                granted_on: d(2026, 11, 1),
            },
            deposit: Some(DepositPaid {
                amount_vnd: 1,
                bank: "VBSP".into(),
                account: "1".into(),
                paid_on: d(2026, 11, 2),
            }),
        };
        assert_eq!(
            refusals(take_step(&s, step)),
            vec![Refusal::BranchMayNotHandleMoney]
        );
    }

    #[test]
    fn a_deposit_is_refused_before_the_visa_and_over_the_market_cap() {
        let r = rules();
        let mut f = ready_file();
        if let Some(c) = f.contract.as_mut() {
            c.deposit_vnd = 30_000_000;
        }
        let mut s = situation(&r, &f, CaseState::Training);
        s.order.deposit_cap_vnd = Some(20_000_000);
        let step = Step::GrantVisa {
            visa: Visa {
                passport_no: "C1234567".into(),
                visa_no: "V".into(),
                granted_on: d(2026, 11, 10),
            },
            deposit: Some(DepositPaid {
                amount_vnd: 25_000_000,
                bank: "VBSP".into(),
                account: "1".into(),
                paid_on: d(2026, 11, 5),
            }),
        };
        assert_eq!(
            refusals(take_step(&s, step)),
            vec![
                Refusal::DepositTooEarly,
                Refusal::DepositOverCap {
                    cap_vnd: 20_000_000
                }
            ]
        );
    }

    #[test]
    fn a_contract_with_a_deposit_in_a_no_deposit_market_is_refused() {
        let r = rules();
        let f = CaseFile::default();
        let mut contract = ready_file().contract.expect("contract");
        contract.deposit_vnd = 10_000_000;
        assert_eq!(
            refusals(take_step(
                &situation(&r, &f, CaseState::Selected),
                Step::Contract(contract)
            )),
            vec![Refusal::DepositOverCap { cap_vnd: 0 }]
        );
    }

    #[test]
    fn an_applicant_under_eighteen_is_refused() {
        let r = rules();
        let got = application_guards(&r, d(2026, 11, 23), d(2009, 1, 1), &active(), &order());
        assert_eq!(got, vec![Refusal::TooYoung { min_age: 18 }]);
    }

    #[test]
    fn nobody_applies_to_an_order_that_is_not_approved_or_of_a_revoked_agency() {
        let r = rules();
        let mut o = order();
        o.approved = false;
        let agency = AgencyFacts {
            licence: LicenceStatus::Revoked,
            suspended_until: None,
        };
        let got = application_guards(&r, d(2026, 11, 23), d(1995, 1, 1), &agency, &o);
        assert_eq!(
            got,
            vec![Refusal::OrderNotApproved, Refusal::LicenceRevoked]
        );
    }

    #[test]
    fn only_dolab_confirms_a_departure_list_and_a_worker_may_only_withdraw() {
        let r = rules();
        let f = ready_file();
        let mut s = situation(&r, &f, CaseState::VisaGranted);
        assert_eq!(
            refusals(take_step(
                &s,
                Step::ConfirmList {
                    confirmed_on: d(2026, 11, 23)
                }
            )),
            vec![Refusal::NotYourStep]
        );
        s.party = Party::Worker;
        assert_eq!(
            take_step(
                &s,
                Step::Withdraw {
                    note: String::new()
                }
            )
            .map(|t| t.to)
            .expect("worker may withdraw"),
            CaseState::Withdrawn
        );
        s.party = Party::Dolab;
        assert_eq!(
            take_step(
                &s,
                Step::ConfirmList {
                    confirmed_on: d(2026, 11, 23)
                }
            )
            .map(|t| t.to)
            .expect("dolab confirms"),
            CaseState::ListConfirmed
        );
    }

    #[test]
    fn not_sent_in_time_is_refused_while_the_window_is_open() {
        let r = rules();
        let f = ready_file();
        let mut s = situation(&r, &f, CaseState::Training);
        s.selected_on = Some(d(2026, 10, 1));
        assert_eq!(
            refusals(take_step(&s, Step::NotSent)),
            vec![Refusal::DepartureWindowOpen {
                deadline: d(2027, 3, 30)
            }]
        );
        s.selected_on = Some(d(2026, 5, 1));
        assert_eq!(
            take_step(&s, Step::NotSent).map(|t| t.to),
            Ok(CaseState::NotSentInTime)
        );
    }

    #[test]
    fn no_step_leaves_a_terminal_state() {
        let r = rules();
        let f = ready_file();
        for state in CaseState::ALL.into_iter().filter(|s| s.is_terminal()) {
            for kind in StepKind::ALL {
                assert_eq!(kind.target(state), None, "{kind:?} from {state:?}");
            }
            assert!(StepKind::offered(state).is_empty());
            let _ = situation(&r, &f, state);
        }
    }

    #[test]
    fn every_non_terminal_state_has_a_next_step_and_someone_to_take_it() {
        for state in CaseState::ALL.into_iter().filter(|s| !s.is_terminal()) {
            let (who, step) = next_actor(state);
            assert_ne!(who, NextActor::Nobody);
            let step = step.expect("a next step");
            assert!(step.target(state).is_some(), "{step:?} from {state:?}");
        }
    }

    #[test]
    fn a_certificate_needs_the_full_course_and_a_passed_test() {
        let got = parse_event("certificate", &|f| {
            match f {
                "periods" => "60",
                "certificate_no" => "GCN",
                "issued_on" => "2026-11-01",
                "test_passed" => "no",
                _ => "",
            }
            .to_owned()
        });
        let errors = got.expect_err("refused");
        assert_eq!(
            errors.first_for("test_passed"),
            Some(&Problem::TestNotPassed)
        );
        let r = rules();
        let f = ready_file();
        let s = situation(&r, &f, CaseState::Training);
        let short = Event::Certificate(Certificate {
            periods: 60,
            number: "GCN".into(),
            issued_on: d(2026, 11, 1),
        });
        let err = record_event(&s, &short).expect_err("too few periods");
        assert_eq!(
            err.fields.first_for("periods"),
            Some(&Problem::AtLeast { min: 74 })
        );
    }

    #[test]
    fn the_deadlines_follow_the_state() {
        let r = rules();
        let f = ready_file();
        let clocks = Clocks {
            selected_on: Some(d(2026, 6, 1)),
            departed_on: Some(d(2026, 11, 20)),
            ..Clocks::default()
        };
        let before = deadlines(CaseState::Training, &f, &clocks, &r);
        assert_eq!(before[0].kind, DeadlineKind::Departure);
        assert_eq!(before[0].due_on, d(2026, 11, 28));
        let abroad = deadlines(CaseState::Departed, &f, &clocks, &r);
        assert_eq!(
            abroad,
            vec![Deadline {
                kind: DeadlineKind::FirstUpdate,
                due_on: d(2026, 11, 25),
                by: NextActor::Agency
            }]
        );
        let updated = Clocks {
            last_update_month: Some(d(2026, 12, 1)),
            ..clocks
        };
        assert_eq!(
            deadlines(CaseState::Departed, &f, &updated, &r)[0].due_on,
            d(2027, 1, 20)
        );
    }

    #[test]
    fn amounts_accept_thousands_separators_and_refuse_other_text() {
        assert_eq!(parse_vnd("40.000.000"), Ok(40_000_000));
        assert_eq!(parse_vnd("40 000 000"), Ok(40_000_000));
        assert_eq!(parse_vnd("-5"), Err(Problem::Amount));
        assert_eq!(parse_vnd("năm triệu"), Err(Problem::Amount));
        assert_eq!(parse_passport("c 1234567"), Ok("C1234567".into()));
        assert_eq!(parse_passport("1234567"), Err(Problem::Passport));
    }
}
