//! The one way use cases read the time, so tests can fix it and pages never read it while
//! rendering (which would break hydration).

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// The calendar day in Vietnam (UTC+7, no daylight saving): legal deadlines count these days.
    fn today(&self) -> NaiveDate {
        day_in_vietnam(self.now())
    }
}

/// The calendar day in Vietnam of a moment.
pub fn day_in_vietnam(at: DateTime<Utc>) -> NaiveDate {
    (at.naive_utc() + TimeDelta::hours(7)).date()
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// A clock tests move by hand, e.g. past a session's idle timeout.
pub struct ManualClock(std::sync::Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> ManualClock {
        ManualClock(std::sync::Mutex::new(at))
    }

    pub fn advance(&self, by: TimeDelta) {
        if let Ok(mut at) = self.0.lock() {
            *at += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
            .lock()
            .map(|at| *at)
            .unwrap_or_else(|e| *e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn today_is_the_vietnamese_calendar_day() {
        let late_utc = Utc
            .with_ymd_and_hms(2026, 11, 23, 18, 30, 0)
            .single()
            .unwrap();
        assert_eq!(
            FixedClock(late_utc).today(),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        let early_utc = Utc
            .with_ymd_and_hms(2026, 11, 23, 16, 59, 0)
            .single()
            .unwrap();
        assert_eq!(
            FixedClock(early_utc).today(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
    }
}
