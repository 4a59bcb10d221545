//! Events on a case that do not change its state: certificate, monthly update, change of
//! workplace, incident.

#[allow(unused_imports)]
use super::*;

/// Events abroad (not state changes): monthly updates, workplace changes, incidents; and the
/// orientation certificate, which may be recorded (or renewed) any time before departure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    Certificate(Certificate),
    /// How the worker is doing in a month abroad. The agency owes one a month; the worker may
    /// add their own, which the statistics prefer for the month's earnings.
    MonthlyUpdate {
        month: NaiveDate,
        working: bool,
        note: String,
        /// Net earnings for the month (after the host country's taxes and deductions).
        earnings: Option<Earnings>,
        /// Set from who records it, never from the form.
        reported_by: Reporter,
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

/// The first day of the date's month: a monthly update's month is stored as its first day.
pub fn first_of_month(d: NaiveDate) -> NaiveDate {
    chrono::Datelike::with_day(&d, 1).unwrap_or(d)
}

/// The first day of the month after the date's.
pub fn next_month(d: NaiveDate) -> NaiveDate {
    first_of_month(first_of_month(d) + chrono::Days::new(32))
}

/// The first whole month of work abroad: the month of departure when the worker left on its
/// first day, else the next one.
pub fn first_full_month(departed_on: NaiveDate) -> NaiveDate {
    if chrono::Datelike::day(&departed_on) == 1 {
        departed_on
    } else {
        next_month(departed_on)
    }
}

/// An amount in a currency's whole units, as earned abroad.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Earnings {
    pub amount: i64,
    pub currency: String,
}

/// Who reported a monthly update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reporter {
    Agency,
    Worker,
}

impl Reporter {
    pub fn of(party: Party) -> Reporter {
        if party == Party::Worker {
            Reporter::Worker
        } else {
            Reporter::Agency
        }
    }
}

impl Event {
    /// The event as `party` records it: a monthly update says who reported it.
    pub fn reported(mut self, party: Party) -> Event {
        if let Event::MonthlyUpdate { reported_by, .. } = &mut self {
            *reported_by = Reporter::of(party);
        }
        self
    }

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
    // The worker reports on their own month abroad; everything else is the agency's record.
    let worker_may = s.party == Party::Worker && matches!(event, Event::MonthlyUpdate { .. });
    if !s.party.is_agency() && !worker_may {
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
        Event::MonthlyUpdate {
            month, reported_by, ..
        } => {
            // Due until liquidation, not only while abroad.
            if !matches!(s.state, Departed | ContractEnded | LiquidationPending) {
                return Err(StepError::refuse(Refusal::NotFromState { state: s.state }));
            }
            if *reported_by != Reporter::of(s.party) {
                return Err(StepError::refuse(Refusal::NotYourStep));
            }
            if *month > s.today {
                err.fields.add("month", Problem::Future);
            }
            // A month before the one of departure is not a month abroad.
            if let Some(d) = s.file.departure.as_ref() {
                if *month < first_of_month(d.exit_on) {
                    err.fields.add("month", Problem::BeforeEarlierStep);
                }
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
