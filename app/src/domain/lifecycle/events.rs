//! Events on a case that do not change its state: certificate, monthly update, change of
//! workplace, incident.

#[allow(unused_imports)]
use super::*;

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
    /// After "not sent in time": documents, the fee, the Fund contribution, visa and air costs
    /// returned and the deposit released, within the rule's days.
    Refunded {
        on: NaiveDate,
        note: String,
    },
}

impl Event {
    /// The day the event happened: its rules are the rules in force that day.
    pub fn act_on(&self) -> NaiveDate {
        match self {
            Event::Certificate(c) => c.issued_on,
            Event::MonthlyUpdate { month, .. } => *month,
            Event::WorkplaceChange { changed_on, .. } => *changed_on,
            Event::Incident { on, .. } => *on,
            Event::Refunded { on, .. } => *on,
        }
    }
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
            Event::Refunded { .. } => "refunded",
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
            // Due until liquidation, not only while abroad.
            if !matches!(s.state, Departed | ContractEnded | LiquidationPending) {
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
        Event::Refunded { on, .. } => {
            if s.state != NotSentInTime || s.file.refunded_on.is_some() {
                return Err(StepError::refuse(Refusal::NotFromState { state: s.state }));
            }
            if *on > s.today {
                err.fields.add("on", Problem::Future);
            }
            file.refunded_on = Some(*on);
        }
    }
    if err.fields.is_empty() && err.refusals.is_empty() {
        Ok(file)
    } else {
        Err(err)
    }
}
