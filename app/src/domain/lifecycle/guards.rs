//! The law's guards: the facts a step is judged on (`Situation`), what a refusal says, and
//! `take_step`, which checks every guard and returns the new state and file.

#[allow(unused_imports)]
use super::*;

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
    /// A case is liquidated only on a recorded settlement.
    SettlementMissing,
    /// The worker disputed the settlement: it stays open until the worker confirms one.
    SettlementDisputed,
    /// The worker already answered this settlement, or a newer one was recorded.
    SettlementAnswered,
    /// Poverty-programme support needs the household's status for the act's year.
    NoHouseholdStatus {
        year: i32,
    },
    /// A job-connection claim is paid only once payable; says where it stands.
    ClaimNotPayable {
        standing: crate::domain::support::ClaimStanding,
    },
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
    pub(super) fn refuse(r: Refusal) -> StepError {
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
    /// The monthly wage in VND at today's rate, if one is known (shown, never judged by).
    pub wage_vnd: Option<i64>,
    /// What the money rules look at, each judged on the act's day.
    pub terms: OrderTerms,
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
    /// The unscoped rules in force on the day of the act.
    pub rules: &'a Rules,
    /// Every version of every rule, for what is judged on another day (the fee agreed in the
    /// contract is judged by the rules of its signing day) or per market.
    pub book: &'a RuleBook,
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
        Step::Contract(mut contract) => {
            not_future(&mut err, "signed_on", contract.signed_on);
            let on = contract.signed_on;
            match rate_on(s.book, &s.order.terms.wage_currency, on) {
                Ok(rate) => {
                    contract.vnd_per_unit = rate;
                    err.refusals.extend(contract_fee_refusal(s, &contract));
                }
                Err(m) => err.refusals.push(m.into()),
            }
            if contract.deposit_vnd > 0 {
                match deposit_cap_on(s.book, &s.order.terms, on) {
                    Ok(cap) if contract.deposit_vnd > cap => {
                        err.refusals.push(Refusal::DepositOverCap { cap_vnd: cap })
                    }
                    Ok(_) => {}
                    Err(m) => err.refusals.push(m.into()),
                }
            }
            t.on = on;
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
                match deposit_cap_on(s.book, &s.order.terms, dep.paid_on) {
                    Ok(cap) if dep.amount_vnd > cap.min(agreed) => {
                        err.refusals.push(Refusal::DepositOverCap {
                            cap_vnd: cap.min(agreed),
                        })
                    }
                    Ok(_) => {}
                    Err(m) => err.refusals.push(m.into()),
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
    if let Some(c) = &f.contract {
        out.extend(contract_fee_refusal(s, c));
    }
    if let Some(deadline) = departure_deadline(s.selected_on, s.rules) {
        if dep.exit_on > deadline {
            out.push(Refusal::DepartureWindowPassed { deadline });
        }
    }
    out
}

/// The fee agreed in a contract judged by the rules and the rate of its signing day, less what
/// the foreign partner pays: over the cap, or a missing rule named.
fn contract_fee_refusal(s: &Situation<'_>, c: &SendingContract) -> Option<Refusal> {
    match fee_cap_on(s.book, &s.order.terms, c.vnd_per_unit, c.signed_on) {
        Ok(cap) => fee_over_cap(c.fees.service_vnd, worker_fee_cap(cap, c.partner_share_vnd)),
        Err(m) => Some(m.into()),
    }
}

/// The worker's service-fee cap of a contract (the partner's share deducted), by the rules and
/// rate of its signing day.
pub fn contract_fee_cap(
    book: &RuleBook,
    terms: &OrderTerms,
    c: &SendingContract,
) -> Result<i64, MissingRule> {
    fee_cap_on(book, terms, c.vnd_per_unit, c.signed_on)
        .map(|cap| worker_fee_cap(cap, c.partner_share_vnd))
}

/// A service fee judged against its legal cap: the refusal when it is over, nothing when it is
/// within (the cap itself is allowed). The contract step, the departure guards and the case
/// page all ask this one question.
pub fn fee_over_cap(charged_vnd: i64, cap_vnd: i64) -> Option<Refusal> {
    (charged_vnd > cap_vnd).then_some(Refusal::FeeOverCap {
        cap_vnd,
        charged_vnd,
    })
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

#[cfg(test)]
mod fee_cap_tests {
    use super::*;

    #[test]
    fn a_fee_at_the_cap_is_allowed_and_one_dong_over_is_refused_naming_both_amounts() {
        assert_eq!(fee_over_cap(30_000_000, 30_000_000), None);
        assert_eq!(fee_over_cap(29_000_000, 30_000_000), None);
        assert_eq!(
            fee_over_cap(30_000_001, 30_000_000),
            Some(Refusal::FeeOverCap {
                cap_vnd: 30_000_000,
                charged_vnd: 30_000_001
            })
        );
    }
}
