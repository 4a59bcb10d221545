//! Inspections of agencies (the specialised check team): planned, opened on the visit (an
//! agency learns of a planned one only then), violations recorded with their legal clause and
//! the penalty range of the rules in force on the day of the act (Decree 283/2026), one sanction
//! decision whose fine lies within the violations' ranges, and remediation tasks the agency
//! answers and the inspector accepts or returns. Pure: the backend reads the rules and records.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::rules::{MissingRule, RuleBook, RuleKey};

macro_rules! words {
    ($name:ident { $($v:ident => $s:literal),* $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),* }
            }
            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}
pub(crate) use words;

/// Where an inspection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InspectionStatus {
    /// Planned by the team: hidden from the agency, so the visit can be unannounced.
    Planned,
    /// Opened on the visit: the agency sees it, its findings and its tasks.
    Open,
    /// Closed: every remediation task accepted.
    Closed,
}
words!(InspectionStatus { Planned => "planned", Open => "open", Closed => "closed" });

/// The violations the penalty decree names for agencies, each with its fine range in the rules
/// (scope: the code). Some are fined per worker concerned, up to a total cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ViolationCode {
    /// A report sent late, or the database not updated.
    ReportLate,
    /// Workers sent without orientation training.
    NoOrientation,
    /// A deposit taken above the cap.
    DepositOverCap,
    /// Fees not itemised to the worker.
    FeesNotItemised,
    /// A contract not liquidated in time.
    NotLiquidated,
    /// A service fee not allowed, or not refunded.
    UnlawfulFee,
    /// Workers sent without an approved supply contract, or to prohibited jobs.
    NoSupplyContract,
    /// The licence lent, or workers sent while suspended.
    WhileSuspended,
}
words!(ViolationCode {
    ReportLate => "REPORT_LATE",
    NoOrientation => "NO_ORIENTATION",
    DepositOverCap => "DEPOSIT_OVER_CAP",
    FeesNotItemised => "FEES_NOT_ITEMISED",
    NotLiquidated => "NOT_LIQUIDATED",
    UnlawfulFee => "UNLAWFUL_FEE",
    NoSupplyContract => "NO_SUPPLY_CONTRACT",
    WhileSuspended => "WHILE_SUSPENDED",
});

impl ViolationCode {
    /// Fined for each worker concerned (the decree's "per worker"), up to the rules' cap.
    pub fn per_worker(self) -> bool {
        matches!(
            self,
            ViolationCode::NoOrientation
                | ViolationCode::DepositOverCap
                | ViolationCode::FeesNotItemised
                | ViolationCode::NotLiquidated
        )
    }
}

/// What the sanction adds to the fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExtraSanction {
    None,
    /// Suspension in one market, as a licence decision in force from its date.
    Suspension,
    /// Revocation of the licence, as a licence decision in force from its date (today at the
    /// latest: a revocation is recorded on the day it takes effect).
    Revocation,
}
words!(ExtraSanction { None => "none", Suspension => "suspension", Revocation => "revocation" });

/// Where a remediation task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskStatus {
    /// Waiting for the agency's answer.
    Open,
    /// Answered with evidence, waiting for the inspector.
    Answered,
    /// Accepted by the inspector: done.
    Accepted,
    /// Returned by the inspector with a reason: the agency answers again.
    Returned,
}
words!(TaskStatus { Open => "open", Answered => "answered", Accepted => "accepted", Returned => "returned" });

impl TaskStatus {
    /// The agency owes an answer.
    pub fn awaits_agency(self) -> bool {
        matches!(self, TaskStatus::Open | TaskStatus::Returned)
    }
}

/// A task is overdue when the agency still owes its answer after its deadline.
pub fn overdue(status: TaskStatus, due_on: NaiveDate, today: NaiveDate) -> bool {
    status.awaits_agency() && due_on < today
}

/// A fine's bounds, VND.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FineRange {
    pub min_vnd: i64,
    pub max_vnd: i64,
}

impl FineRange {
    pub fn contains(self, vnd: i64) -> bool {
        (self.min_vnd..=self.max_vnd).contains(&vnd)
    }
}

/// A violation's fine range under the rules in force on the day of the act: per worker
/// concerned for those fined so, up to the cap when the rules set one.
pub fn fine_range(
    book: &RuleBook,
    code: ViolationCode,
    workers: u32,
    committed_on: NaiveDate,
) -> Result<FineRange, MissingRule> {
    let scope = code.as_str();
    let min = book.value(RuleKey::PenaltyFineMinVnd, scope, committed_on)?;
    let max = book.value(RuleKey::PenaltyFineMaxVnd, scope, committed_on)?;
    if !code.per_worker() {
        return Ok(FineRange {
            min_vnd: min,
            max_vnd: max,
        });
    }
    let n = i64::from(workers.max(1));
    let cap = book
        .value(RuleKey::PenaltyFineCapVnd, scope, committed_on)
        .unwrap_or(i64::MAX);
    Ok(FineRange {
        min_vnd: min.saturating_mul(n).min(cap),
        max_vnd: max.saturating_mul(n).min(cap),
    })
}

/// The range of one decision fining several violations: each is fined within its own range and
/// the fines add up.
pub fn total_range(ranges: &[FineRange]) -> FineRange {
    ranges.iter().fold(FineRange::default(), |t, r| FineRange {
        min_vnd: t.min_vnd.saturating_add(r.min_vnd),
        max_vnd: t.max_vnd.saturating_add(r.max_vnd),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::RuleEntry;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn rule(key: RuleKey, scope: &str, from: NaiveDate, value: i64) -> RuleEntry {
        RuleEntry {
            key,
            scope: scope.into(),
            effective_from: from,
            value,
            source: "Nghị định 283/2026/NĐ-CP".into(),
        }
    }

    fn book() -> RuleBook {
        let from = d(2026, 9, 10);
        RuleBook(vec![
            rule(RuleKey::PenaltyFineMinVnd, "UNLAWFUL_FEE", from, 80_000_000),
            rule(
                RuleKey::PenaltyFineMaxVnd,
                "UNLAWFUL_FEE",
                from,
                100_000_000,
            ),
            rule(
                RuleKey::PenaltyFineMinVnd,
                "NO_ORIENTATION",
                from,
                10_000_000,
            ),
            rule(
                RuleKey::PenaltyFineMaxVnd,
                "NO_ORIENTATION",
                from,
                20_000_000,
            ),
            rule(
                RuleKey::PenaltyFineCapVnd,
                "NO_ORIENTATION",
                from,
                200_000_000,
            ),
        ])
    }

    #[test]
    fn a_violation_is_fined_within_the_range_in_force_on_the_day_of_the_act() {
        let r = fine_range(&book(), ViolationCode::UnlawfulFee, 3, d(2026, 10, 1)).unwrap();
        assert_eq!((r.min_vnd, r.max_vnd), (80_000_000, 100_000_000));
        assert!(r.contains(80_000_000) && r.contains(100_000_000));
        assert!(!r.contains(79_999_999) && !r.contains(100_000_001));
        // Before the decree there is no range: the act cannot be judged by it.
        assert!(fine_range(&book(), ViolationCode::UnlawfulFee, 1, d(2026, 9, 9)).is_err());
    }

    #[test]
    fn a_per_worker_fine_grows_with_the_workers_concerned_up_to_its_cap() {
        let on = d(2026, 10, 1);
        let three = fine_range(&book(), ViolationCode::NoOrientation, 3, on).unwrap();
        assert_eq!((three.min_vnd, three.max_vnd), (30_000_000, 60_000_000));
        let many = fine_range(&book(), ViolationCode::NoOrientation, 15, on).unwrap();
        assert_eq!((many.min_vnd, many.max_vnd), (150_000_000, 200_000_000));
        let none = fine_range(&book(), ViolationCode::NoOrientation, 0, on).unwrap();
        assert_eq!(none.min_vnd, 10_000_000, "at least one worker");
    }

    #[test]
    fn several_violations_add_their_ranges() {
        let t = total_range(&[
            FineRange {
                min_vnd: 80,
                max_vnd: 100,
            },
            FineRange {
                min_vnd: 10,
                max_vnd: 15,
            },
        ]);
        assert_eq!((t.min_vnd, t.max_vnd), (90, 115));
    }

    #[test]
    fn a_task_is_overdue_only_while_the_agency_owes_its_answer() {
        let due = d(2026, 12, 1);
        assert!(!overdue(TaskStatus::Open, due, due));
        assert!(overdue(TaskStatus::Open, due, d(2026, 12, 2)));
        assert!(overdue(TaskStatus::Returned, due, d(2026, 12, 2)));
        assert!(!overdue(TaskStatus::Answered, due, d(2026, 12, 2)));
        assert!(!overdue(TaskStatus::Accepted, due, d(2027, 1, 1)));
    }

    #[test]
    fn every_word_reads_back_as_itself() {
        for c in ViolationCode::ALL {
            assert_eq!(ViolationCode::parse(c.as_str()), Some(*c));
        }
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(InspectionStatus::parse("hidden"), None);
    }
}
