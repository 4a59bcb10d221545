//! Complaints (khiếu nại) about an agency's act and denunciations (tố cáo) of a violation, on the
//! clocks of the Law on Complaints 2011 and the Law on Denunciations 2018. Every time limit is a
//! versioned rule (`ComplaintDays`, scope: the step) that also says whether it counts calendar
//! or working days (`ComplaintWorkingDays`, same scope), read on the day the clock starts.
//!
//! A complaint goes first to the agency (level 1: accepted or refused within its limit, then
//! answered); the worker may take the answer, a refusal, or a silence past the deadline to the
//! inspectors (level 2) within the appeal limit. An extension to the complex case's limit needs
//! a recorded reason, and an officer may mark the case as in a remote area, which lengthens the
//! limits the law lengthens. A denunciation goes to the inspectors only; its resolution may be
//! extended a bounded number of times (`DenunciationExtensions`), each with its reason.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::inspections::words;
use super::rules::{add_days, add_working_days, is_working_day, MissingRule, RuleBook, RuleKey};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComplaintKind {
    /// A complaint about an act of the agency that harmed the worker.
    Complaint,
    /// A denunciation of a violation; the denouncer's identity is the inspectors' only.
    Denunciation,
}
words!(ComplaintKind { Complaint => "complaint", Denunciation => "denunciation" });

/// What the complaint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Category {
    Overcharging,
    ContractSubstituted,
    DepositNotRefunded,
    WageOrJob,
    Abuse,
    Other,
    /// An agency's complaint against a sanction decision (filed from the inspection).
    Sanction,
}
words!(Category {
    Overcharging => "OVERCHARGING",
    ContractSubstituted => "CONTRACT_SUBSTITUTED",
    DepositNotRefunded => "DEPOSIT_NOT_REFUNDED",
    WageOrJob => "WAGE_OR_JOB",
    Abuse => "ABUSE",
    Other => "OTHER",
    Sanction => "SANCTION",
});

/// Who filed, for the worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Relation {
    /// The worker, from their own account.
    Worker,
    Relative,
    /// A labour attaché of a Vietnamese mission abroad.
    LabourAttache,
    Other,
    /// The agency itself, complaining against a sanction decision.
    Agency,
}
words!(Relation {
    Worker => "worker",
    Relative => "relative",
    LabourAttache => "labour_attache",
    Other => "other",
    Agency => "agency",
});

/// Where a complaint stands at its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComplaintStatus {
    /// Received, to be accepted or refused.
    Received,
    /// Accepted: being resolved.
    Accepted,
    /// Refused, with the reasons.
    Refused,
    /// Answered at level 1: the worker may accept it or take it further.
    Answered,
    /// Over: answered at level 2, accepted by the worker, or concluded (a denunciation).
    Closed,
}
words!(ComplaintStatus {
    Received => "received",
    Accepted => "accepted",
    Refused => "refused",
    Answered => "answered",
    Closed => "closed",
});

/// What happened to a complaint, in its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepKind {
    Filed,
    Accepted,
    Refused,
    Extended,
    Answered,
    Escalated,
    MarkedRemote,
    Linked,
    ContactShared,
    Closed,
}
words!(StepKind {
    Filed => "filed",
    Accepted => "accepted",
    Refused => "refused",
    Extended => "extended",
    Answered => "answered",
    Escalated => "escalated",
    MarkedRemote => "remote",
    Linked => "linked",
    ContactShared => "shared",
    Closed => "closed",
});

/// A time limit of the laws, the scope of its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Limit {
    /// To file a complaint, from knowing of the act.
    File,
    /// To accept or refuse, from receipt (both levels).
    Accept,
    Resolve1,
    Resolve1Complex,
    Resolve1Remote,
    Resolve1RemoteComplex,
    /// To take the first answer further, from it (or from the missed deadline).
    Appeal,
    AppealRemote,
    Resolve2,
    Resolve2Complex,
    Resolve2Remote,
    Resolve2RemoteComplex,
    /// To accept a denunciation, from receipt.
    DenounceAccept,
    /// To resolve it, from acceptance.
    DenounceResolve,
    /// Each extension of a complex one.
    DenounceExtension,
}
words!(Limit {
    File => "FILE",
    Accept => "ACCEPT",
    Resolve1 => "RESOLVE_1",
    Resolve1Complex => "RESOLVE_1_COMPLEX",
    Resolve1Remote => "RESOLVE_1_REMOTE",
    Resolve1RemoteComplex => "RESOLVE_1_REMOTE_COMPLEX",
    Appeal => "APPEAL",
    AppealRemote => "APPEAL_REMOTE",
    Resolve2 => "RESOLVE_2",
    Resolve2Complex => "RESOLVE_2_COMPLEX",
    Resolve2Remote => "RESOLVE_2_REMOTE",
    Resolve2RemoteComplex => "RESOLVE_2_REMOTE_COMPLEX",
    DenounceAccept => "DENOUNCE_ACCEPT",
    DenounceResolve => "DENOUNCE_RESOLVE",
    DenounceExtension => "DENOUNCE_EXTENSION",
});

/// The last day of a time limit that starts on `from`, by the rules in force that day: so many
/// calendar days, or working days (weekends and the book's public holidays skipped). A limit in
/// calendar days that would end on a weekend or a public holiday ends on the next working day
/// (Civil Code 2015, Art. 148(5)).
pub fn deadline(book: &RuleBook, limit: Limit, from: NaiveDate) -> Result<NaiveDate, MissingRule> {
    Ok(on_working_day(book, raw_end(book, limit, from, from)?))
}

/// The last day of a denunciation's time to resolve, accepted on `accepted_on` and extended
/// `extensions` times: each extension runs from the end of the time before it as the law counts
/// it, not from the working day that end was moved to (Law on Denunciations 2018, Art. 30);
/// every length by the rules in force on the day it was accepted, like how often it may be.
pub fn denunciation_due(
    book: &RuleBook,
    accepted_on: NaiveDate,
    extensions: u32,
) -> Result<NaiveDate, MissingRule> {
    let mut end = raw_end(book, Limit::DenounceResolve, accepted_on, accepted_on)?;
    for _ in 0..extensions {
        end = raw_end(book, Limit::DenounceExtension, end, accepted_on)?;
    }
    Ok(on_working_day(book, end))
}

/// The end of a limit counted from `from` before a day off moves it: so many calendar days, or
/// working days, by the rules in force on `rules_on`.
fn raw_end(
    book: &RuleBook,
    limit: Limit,
    from: NaiveDate,
    rules_on: NaiveDate,
) -> Result<NaiveDate, MissingRule> {
    let days = book.value(RuleKey::ComplaintDays, limit.as_str(), rules_on)?;
    let working = book.value(RuleKey::ComplaintWorkingDays, limit.as_str(), rules_on)? != 0;
    // The rule's range (0..=3650) is checked when a version is entered.
    let n = u32::try_from(days).unwrap_or(0);
    Ok(if working {
        add_working_days(from, n, &book.holidays())
    } else {
        add_days(from, n)
    })
}

/// `day`, or the next working day when it is a weekend or a public holiday.
fn on_working_day(book: &RuleBook, day: NaiveDate) -> NaiveDate {
    let holidays = book.holidays();
    if is_working_day(day, &holidays) {
        day
    } else {
        add_working_days(day, 1, &holidays)
    }
}

/// The limit to resolve a complaint at its level.
pub fn resolve_limit(level: u8, remote: bool, complex: bool) -> Limit {
    match (level, remote, complex) {
        (1, false, false) => Limit::Resolve1,
        (1, false, true) => Limit::Resolve1Complex,
        (1, true, false) => Limit::Resolve1Remote,
        (1, true, true) => Limit::Resolve1RemoteComplex,
        (_, false, false) => Limit::Resolve2,
        (_, false, true) => Limit::Resolve2Complex,
        (_, true, false) => Limit::Resolve2Remote,
        (_, true, true) => Limit::Resolve2RemoteComplex,
    }
}

pub fn appeal_limit(remote: bool) -> Limit {
    if remote {
        Limit::AppealRemote
    } else {
        Limit::Appeal
    }
}

/// Why a complaint cannot be taken to the second level now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoAppeal {
    /// Only a complaint at the first level goes further; a denunciation has one level.
    NotFirstLevel,
    /// The agency still has time to accept and answer it.
    StillInTime { until: NaiveDate },
    /// The time to take it further ended on this day.
    WindowClosed { ended: NaiveDate },
    /// No rule of the appeal limit was in force on the day its clock started: it cannot be
    /// judged, which is not the same as its window being closed.
    NoRule(MissingRule),
}

/// What the policy and the clocks need of a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub kind: ComplaintKind,
    pub level: u8,
    pub status: ComplaintStatus,
    pub remote: bool,
    pub accept_due: NaiveDate,
    pub resolve_due: Option<NaiveDate>,
    pub appeal_due: Option<NaiveDate>,
}

impl Clock {
    /// The day by which the one who holds it must act next, if it is theirs to act.
    pub fn due(&self) -> Option<NaiveDate> {
        match self.status {
            ComplaintStatus::Received => Some(self.accept_due),
            ComplaintStatus::Accepted => self.resolve_due,
            _ => None,
        }
    }

    /// Nothing more happens to it: closed, or refused where there is no level above (at the
    /// second level, or a denunciation).
    pub fn is_over(&self) -> bool {
        match self.status {
            ComplaintStatus::Closed => true,
            ComplaintStatus::Refused => self.kind != ComplaintKind::Complaint || self.level > 1,
            _ => false,
        }
    }

    /// The handler is past its deadline.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.due().is_some_and(|d| d < today)
    }

    /// Until when the worker may take this complaint to the second level, and whether they may
    /// today: after the first answer or a refusal, within the appeal limit (kept when they were
    /// given); when the agency let its deadline pass, within the appeal limit from that day.
    pub fn appeal_until(&self, book: &RuleBook, today: NaiveDate) -> Result<NaiveDate, NoAppeal> {
        if self.kind != ComplaintKind::Complaint || self.level != 1 {
            return Err(NoAppeal::NotFirstLevel);
        }
        let until = match (self.status, self.appeal_due, self.due()) {
            (ComplaintStatus::Answered | ComplaintStatus::Refused, Some(d), _) => d,
            (ComplaintStatus::Received | ComplaintStatus::Accepted, _, Some(missed)) => {
                if missed >= today {
                    return Err(NoAppeal::StillInTime { until: missed });
                }
                deadline(book, appeal_limit(self.remote), missed).map_err(NoAppeal::NoRule)?
            }
            _ => return Err(NoAppeal::NotFirstLevel),
        };
        if today > until {
            Err(NoAppeal::WindowClosed { ended: until })
        } else {
            Ok(until)
        }
    }
}

/// How many times a complaint or a denunciation accepted on `accepted_on` may be extended,
/// by the rule in force that day.
pub fn extensions_allowed(
    book: &RuleBook,
    kind: ComplaintKind,
    accepted_on: NaiveDate,
) -> Result<i64, MissingRule> {
    let key = match kind {
        ComplaintKind::Complaint => RuleKey::ComplaintExtensions,
        ComplaintKind::Denunciation => RuleKey::DenunciationExtensions,
    };
    book.value(key, "", accepted_on)
}

/// Whether a complaint about an act known on `learned_on` may still be filed on `today`, and
/// the last day it could be: later only with the obstacle that kept the worker from it (the
/// law does not count illness, disaster or being far away for work against the limit).
pub fn filing_due(book: &RuleBook, learned_on: NaiveDate) -> Result<NaiveDate, MissingRule> {
    deadline(book, Limit::File, learned_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::tests::d;
    use crate::domain::rules::RuleEntry;

    fn rule(key: RuleKey, scope: Limit, value: i64) -> RuleEntry {
        RuleEntry {
            key,
            scope: scope.as_str().to_owned(),
            effective_from: d(2020, 1, 1),
            value,
            source: String::new(),
        }
    }

    /// The limits of the laws, calendar days except the denunciation's acceptance.
    fn book() -> RuleBook {
        let days = [
            (Limit::File, 90),
            (Limit::Accept, 10),
            (Limit::Resolve1, 30),
            (Limit::Resolve1Complex, 45),
            (Limit::Resolve1Remote, 45),
            (Limit::Resolve1RemoteComplex, 60),
            (Limit::Appeal, 30),
            (Limit::AppealRemote, 45),
            (Limit::Resolve2, 45),
            (Limit::Resolve2Complex, 60),
            (Limit::Resolve2Remote, 60),
            (Limit::Resolve2RemoteComplex, 70),
            (Limit::DenounceAccept, 7),
            (Limit::DenounceResolve, 30),
            (Limit::DenounceExtension, 30),
        ];
        let mut v = Vec::new();
        for (limit, n) in days {
            v.push(rule(RuleKey::ComplaintDays, limit, n));
            v.push(rule(
                RuleKey::ComplaintWorkingDays,
                limit,
                i64::from(limit == Limit::DenounceAccept),
            ));
        }
        v.push(RuleEntry {
            key: RuleKey::PublicHoliday,
            scope: String::new(),
            effective_from: d(2026, 12, 4),
            value: 1,
            source: String::new(),
        });
        RuleBook(v)
    }

    #[test]
    fn a_calendar_limit_counts_weekends_and_a_working_day_limit_skips_them_and_holidays() {
        let b = book();
        // Monday 30 November 2026: ten calendar days is Thursday 10 December.
        assert_eq!(
            deadline(&b, Limit::Accept, d(2026, 11, 30)),
            Ok(d(2026, 12, 10))
        );
        // Seven working days from Monday 30 November, with Friday 4 December a holiday:
        // 1, 2, 3 Dec, (4 off), 7, 8, 9, 10 Dec.
        assert_eq!(
            deadline(&b, Limit::DenounceAccept, d(2026, 11, 30)),
            Ok(d(2026, 12, 10))
        );
        assert_eq!(
            deadline(&b, Limit::DenounceAccept, d(2026, 11, 23)),
            Ok(d(2026, 12, 2))
        );
    }

    #[test]
    fn a_calendar_limit_ending_on_a_day_off_ends_on_the_next_working_day() {
        let b = book();
        // Ten days from Tuesday 24 November is Friday 4 December, a holiday in this book: the
        // limit runs to Monday 7 December.
        assert_eq!(
            deadline(&b, Limit::Accept, d(2026, 11, 24)),
            Ok(d(2026, 12, 7))
        );
        // Ten days from Wednesday 25 November is Saturday 5 December: Monday 7 December too.
        assert_eq!(
            deadline(&b, Limit::Accept, d(2026, 11, 25)),
            Ok(d(2026, 12, 7))
        );
    }

    #[test]
    fn the_resolution_limit_grows_with_complexity_remoteness_and_the_second_level() {
        let b = book();
        // Monday 5 January 2026: none of the limits ends on a day off.
        let from = d(2026, 1, 5);
        let got: Vec<NaiveDate> = [
            (1, false, false),
            (1, false, true),
            (1, true, false),
            (1, true, true),
            (2, false, false),
            (2, true, true),
        ]
        .into_iter()
        .map(|(l, r, c)| deadline(&b, resolve_limit(l, r, c), from).unwrap())
        .collect();
        assert_eq!(
            got,
            vec![
                d(2026, 2, 4),
                d(2026, 2, 19),
                d(2026, 2, 19),
                d(2026, 3, 6),
                d(2026, 2, 19),
                d(2026, 3, 16)
            ]
        );
    }

    #[test]
    fn a_limit_the_book_does_not_have_refuses_rather_than_guesses() {
        let b = RuleBook(Vec::new());
        assert!(deadline(&b, Limit::Accept, d(2026, 1, 1)).is_err());
    }

    fn clock(status: ComplaintStatus) -> Clock {
        Clock {
            kind: ComplaintKind::Complaint,
            level: 1,
            status,
            remote: false,
            accept_due: d(2026, 11, 10),
            resolve_due: Some(d(2026, 12, 10)),
            appeal_due: None,
        }
    }

    #[test]
    fn the_worker_takes_an_answer_further_within_its_window_and_not_after() {
        let b = book();
        let answered = Clock {
            appeal_due: Some(d(2026, 12, 30)),
            ..clock(ComplaintStatus::Answered)
        };
        assert_eq!(
            answered.appeal_until(&b, d(2026, 12, 30)),
            Ok(d(2026, 12, 30))
        );
        assert_eq!(
            answered.appeal_until(&b, d(2026, 12, 31)),
            Err(NoAppeal::WindowClosed {
                ended: d(2026, 12, 30)
            })
        );
    }

    #[test]
    fn a_missing_appeal_rule_is_said_as_such_and_not_as_a_closed_window() {
        let mut b = book();
        b.0.retain(|e| e.scope != Limit::Appeal.as_str());
        let accepted = clock(ComplaintStatus::Accepted);
        match accepted.appeal_until(&b, d(2026, 12, 11)) {
            Err(NoAppeal::NoRule(m)) => assert_eq!(m.scope, Limit::Appeal.as_str()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_denunciations_extension_runs_from_the_end_the_law_counts_not_from_the_day_off_it_moved_to()
    {
        let b = book();
        // Accepted Friday 20 November 2026: thirty days end on Sunday 20 December, so Monday.
        assert_eq!(
            denunciation_due(&b, d(2026, 11, 20), 0),
            Ok(d(2026, 12, 21))
        );
        // Extended once: thirty days from Sunday 20 December, Tuesday 19 January 2027.
        assert_eq!(denunciation_due(&b, d(2026, 11, 20), 1), Ok(d(2027, 1, 19)));
        assert_eq!(denunciation_due(&b, d(2026, 11, 20), 2), Ok(d(2027, 2, 18)));
    }

    #[test]
    fn how_often_a_complaint_or_a_denunciation_may_be_extended_is_a_rule() {
        let mut b = book();
        assert!(extensions_allowed(&b, ComplaintKind::Complaint, d(2026, 1, 1)).is_err());
        for (key, value) in [
            (RuleKey::ComplaintExtensions, 1),
            (RuleKey::DenunciationExtensions, 2),
        ] {
            b.0.push(RuleEntry {
                key,
                scope: String::new(),
                effective_from: d(2020, 1, 1),
                value,
                source: String::new(),
            });
        }
        assert_eq!(
            extensions_allowed(&b, ComplaintKind::Complaint, d(2026, 1, 1)),
            Ok(1)
        );
        assert_eq!(
            extensions_allowed(&b, ComplaintKind::Denunciation, d(2026, 1, 1)),
            Ok(2)
        );
    }

    #[test]
    fn a_silent_agency_can_be_passed_over_only_once_its_deadline_is_missed() {
        let b = book();
        let accepted = clock(ComplaintStatus::Accepted);
        assert_eq!(
            accepted.appeal_until(&b, d(2026, 12, 10)),
            Err(NoAppeal::StillInTime {
                until: d(2026, 12, 10)
            })
        );
        assert_eq!(
            // Thirty days from the missed 10 December is Saturday 9 January: Monday 11.
            accepted.appeal_until(&b, d(2026, 12, 11)),
            Ok(d(2027, 1, 11))
        );
        assert!(accepted.overdue(d(2026, 12, 11)));
        let unanswered = clock(ComplaintStatus::Received);
        assert_eq!(
            unanswered.appeal_until(&b, d(2026, 11, 11)),
            Ok(d(2026, 12, 10))
        );
    }

    #[test]
    fn a_second_level_complaint_or_a_denunciation_goes_no_further() {
        let b = book();
        let second = Clock {
            level: 2,
            appeal_due: Some(d(2027, 1, 1)),
            ..clock(ComplaintStatus::Answered)
        };
        assert_eq!(
            second.appeal_until(&b, d(2026, 12, 1)),
            Err(NoAppeal::NotFirstLevel)
        );
        let denunciation = Clock {
            kind: ComplaintKind::Denunciation,
            ..clock(ComplaintStatus::Accepted)
        };
        assert_eq!(
            denunciation.appeal_until(&b, d(2027, 1, 1)),
            Err(NoAppeal::NotFirstLevel)
        );
    }

    #[test]
    fn a_refusal_is_over_only_where_there_is_no_level_above() {
        assert!(!clock(ComplaintStatus::Refused).is_over());
        assert!(Clock {
            level: 2,
            ..clock(ComplaintStatus::Refused)
        }
        .is_over());
        assert!(Clock {
            kind: ComplaintKind::Denunciation,
            ..clock(ComplaintStatus::Refused)
        }
        .is_over());
        assert!(clock(ComplaintStatus::Closed).is_over());
        assert!(!clock(ComplaintStatus::Answered).is_over());
    }

    #[test]
    fn a_complaint_is_filed_within_ninety_days_of_learning_of_the_act() {
        assert_eq!(filing_due(&book(), d(2026, 9, 1)), Ok(d(2026, 11, 30)));
    }
}
