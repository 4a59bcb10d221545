//! An agency's licence deposit: what is due (the head office's and each sending branch's, from
//! the rules), what is held after each movement, and the top-up owed within the rule's days of
//! a use on the ministry's written order.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::rules::add_days;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DepositMove {
    /// Paid into the blocked account.
    Paid,
    /// Used on the ministry's written order (its number is recorded).
    Used,
    /// Topped back up after a use.
    ToppedUp,
}

impl DepositMove {
    pub const ALL: [DepositMove; 3] = [DepositMove::Paid, DepositMove::Used, DepositMove::ToppedUp];

    pub fn as_str(self) -> &'static str {
        match self {
            DepositMove::Paid => "paid",
            DepositMove::Used => "used",
            DepositMove::ToppedUp => "topped_up",
        }
    }

    pub fn parse(s: &str) -> Option<DepositMove> {
        DepositMove::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Movement {
    pub kind: DepositMove,
    pub amount_vnd: i64,
    pub on: NaiveDate,
}

/// Where an agency's licence deposit stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositStanding {
    pub due_vnd: i64,
    pub held_vnd: i64,
    /// The day the agency must have topped up by, after a use left the deposit short.
    pub top_up_by: Option<NaiveDate>,
    /// That day has passed and the deposit is still short.
    pub top_up_overdue: bool,
}

impl DepositStanding {
    pub fn short_vnd(&self) -> i64 {
        (self.due_vnd - self.held_vnd).max(0)
    }
}

/// The standing after `moves` (any order), judged on `today`.
pub fn standing(
    moves: &[Movement],
    due_vnd: i64,
    top_up_days: u32,
    today: NaiveDate,
) -> DepositStanding {
    let mut sorted: Vec<&Movement> = moves.iter().filter(|m| m.on <= today).collect();
    sorted.sort_by_key(|m| m.on);
    let mut held = 0i64;
    let mut short_since: Option<NaiveDate> = None;
    for m in sorted {
        match m.kind {
            DepositMove::Paid | DepositMove::ToppedUp => held += m.amount_vnd,
            DepositMove::Used => {
                held -= m.amount_vnd;
                if held < due_vnd && short_since.is_none() {
                    short_since = Some(m.on);
                }
            }
        }
        if held >= due_vnd {
            short_since = None;
        }
    }
    let top_up_by = short_since.map(|d| add_days(d, top_up_days));
    DepositStanding {
        due_vnd,
        held_vnd: held,
        top_up_by,
        top_up_overdue: top_up_by.is_some_and(|d| today > d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::tests::d;

    fn m(kind: DepositMove, amount_vnd: i64, on: NaiveDate) -> Movement {
        Movement {
            kind,
            amount_vnd,
            on,
        }
    }

    #[test]
    fn a_use_must_be_topped_up_within_thirty_days_or_it_is_overdue() {
        let moves = [
            m(DepositMove::Paid, 2_000_000_000, d(2025, 1, 10)),
            m(DepositMove::Used, 300_000_000, d(2026, 10, 1)),
        ];
        let s = standing(&moves, 2_000_000_000, 30, d(2026, 10, 31));
        assert_eq!(s.top_up_by, Some(d(2026, 10, 31)));
        assert!(!s.top_up_overdue);
        let s = standing(&moves, 2_000_000_000, 30, d(2026, 11, 1));
        assert!(s.top_up_overdue);
        assert_eq!(s.short_vnd(), 300_000_000);
        let mut topped = moves.to_vec();
        topped.push(m(DepositMove::ToppedUp, 300_000_000, d(2026, 10, 20)));
        let s = standing(&topped, 2_000_000_000, 30, d(2026, 12, 1));
        assert_eq!(
            (s.top_up_by, s.top_up_overdue, s.short_vnd()),
            (None, false, 0)
        );
    }

    #[test]
    fn a_deposit_never_paid_in_full_is_short_without_a_top_up_deadline() {
        let moves = [m(DepositMove::Paid, 1_000_000_000, d(2025, 1, 10))];
        let s = standing(&moves, 2_500_000_000, 30, d(2026, 12, 1));
        assert_eq!((s.short_vnd(), s.top_up_by), (1_500_000_000, None));
    }
}
