//! The deadlines a case's state implies (departure window, certificate, list confirmation,
//! updates, settlement) and who acts next.

#[allow(unused_imports)]
use super::*;

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
    /// Documents and money returned after the worker was not sent in time.
    NotSentRefund,
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
                due_on: add_working_days(sent, rules.list_confirm_working_days, &rules.holidays),
                by: NextActor::Dolab,
            });
        }
    }
    // Updates are due from exit until the case is liquidated.
    if matches!(state, Departed | ContractEnded | LiquidationPending) {
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
    if state == NotSentInTime && file.refunded_on.is_none() {
        if let Some(end) = clocks.ended_on {
            out.push(Deadline {
                kind: DeadlineKind::NotSentRefund,
                due_on: add_days(end, rules.not_sent_refund_days),
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
        // The worker finishes the course; the agency records the visa once it is granted.
        Training => (NextActor::Agency, Some(StepKind::GrantVisa)),
        VisaGranted => (NextActor::Dolab, Some(StepKind::ConfirmList)),
        ListConfirmed => (NextActor::Agency, Some(StepKind::Depart)),
        Departed => (NextActor::Agency, Some(StepKind::EndContract)),
        ContractEnded => (NextActor::Agency, Some(StepKind::StartLiquidation)),
        LiquidationPending => (NextActor::Agency, Some(StepKind::Liquidate)),
        Liquidated | Withdrawn | NotSentInTime | Rejected | Cancelled => (NextActor::Nobody, None),
    }
}
