//! Stored values read back. Every enum kept in a text column (case states, licence status,
//! roles, order and list statuses, end reasons, rule keys, languages) is decoded here through the
//! domain's own `parse`, and so are stored JSON documents and stored counts.
//!
//! A value that cannot be read is logged with its table, column, row and value and becomes
//! `ServiceError::Unexpected`: the page fails with the generic error and its request id. It is
//! never replaced by a default, and its row is never silently left out.

use std::fmt;

use serde::de::DeserializeOwned;

use super::ServiceError;
use crate::domain::accounts::{AccountStatus, Role};
use crate::domain::agencies::{LicenceEventKind, LicenceStatus};
use crate::domain::cases::CaseState;
use crate::domain::import::ImportState;
use crate::domain::job_orders::{ListStatus, OrderStatus, SendingForm};
use crate::domain::lifecycle::EndReason;
use crate::domain::rules::RuleKey;
use crate::i18n::Lang;

/// A type kept as text in the database, read back by its own parser.
pub trait Stored: Sized {
    fn parse_stored(s: &str) -> Option<Self>;
}

macro_rules! stored_by_parse {
    ($($t:ty),* $(,)?) => {
        $(impl Stored for $t {
            fn parse_stored(s: &str) -> Option<Self> {
                <$t>::parse(s)
            }
        })*
    };
}

stored_by_parse!(
    AccountStatus,
    crate::domain::citizen_id::Sex,
    crate::views::corrections::CorrectionChoice,
    CaseState,
    EndReason,
    ImportState,
    Lang,
    LicenceEventKind,
    LicenceStatus,
    ListStatus,
    OrderStatus,
    Role,
    RuleKey,
    SendingForm,
    crate::domain::job_orders::Programme,
    crate::domain::payments::PaymentKind,
    crate::domain::payments::Payee,
    crate::domain::payments::RecordedBy,
    crate::domain::payments::Answer,
    crate::domain::settlement::Cause,
    crate::domain::licence_deposits::DepositMove,
    crate::domain::support::HouseholdStatus,
    crate::domain::support::SupportItem,
    crate::domain::inspections::InspectionStatus,
    crate::domain::inspections::ViolationCode,
    crate::domain::inspections::ExtraSanction,
    crate::domain::inspections::TaskStatus,
    crate::domain::complaints::ComplaintKind,
    crate::domain::complaints::Category,
    crate::domain::complaints::Relation,
    crate::domain::complaints::ComplaintStatus,
    crate::domain::complaints::StepKind,
);

/// A stored value that cannot be read: where it is and what it holds, for the log.
#[derive(Debug)]
pub struct Unreadable {
    /// `table.column`.
    pub column: &'static str,
    pub row: String,
    /// The value as stored (shortened), or a description when it must not be logged.
    pub value: String,
    pub why: Option<String>,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} of row {} cannot be read: {}",
            self.column, self.row, self.value
        )?;
        if let Some(why) = &self.why {
            write!(f, " ({why})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Unreadable {}

fn unreadable(
    column: &'static str,
    row: &dyn fmt::Display,
    value: String,
    why: Option<String>,
) -> ServiceError {
    let (table, col) = column.split_once('.').unwrap_or(("", column));
    tracing::error!(
        table,
        column = col,
        row = %row,
        value = %value,
        why = why.as_deref().unwrap_or(""),
        "a stored value cannot be read"
    );
    ServiceError::Unexpected(Box::new(Unreadable {
        column,
        row: row.to_string(),
        value,
        why,
    }))
}

/// The value quoted for the log, cut short: an enum column holds a word, not a document.
fn quoted(value: &str) -> String {
    let mut short: String = value.chars().take(64).collect();
    if short.len() < value.len() {
        short.push('…');
    }
    format!("{short:?}")
}

/// Decodes `value`, read from `column` (`table.column`) of the row `row`.
pub fn stored<T: Stored>(
    column: &'static str,
    row: impl fmt::Display,
    value: &str,
) -> Result<T, ServiceError> {
    T::parse_stored(value).ok_or_else(|| unreadable(column, &row, quoted(value), None))
}

/// The error for a stored word outside the few a column may hold, where no domain type names
/// them (the kinds of timeline entries, the stages of a session).
pub fn unknown(column: &'static str, row: impl fmt::Display, value: &str) -> ServiceError {
    unreadable(column, &row, quoted(value), None)
}

/// Decodes a nullable column: absent stays absent, present must be readable.
pub fn stored_opt<T: Stored>(
    column: &'static str,
    row: impl fmt::Display,
    value: Option<&str>,
) -> Result<Option<T>, ServiceError> {
    value.map(|v| stored(column, &row, v)).transpose()
}

/// Decodes a stored JSON document. The document itself is not logged (it may hold personal
/// data), only its length and where parsing failed.
pub fn stored_json<T: DeserializeOwned>(
    column: &'static str,
    row: impl fmt::Display,
    value: &str,
) -> Result<T, ServiceError> {
    serde_json::from_str(value).map_err(|e| {
        unreadable(
            column,
            &row,
            format!("a JSON document of {} bytes", value.len()),
            Some(e.to_string()),
        )
    })
}

/// A stored integer in the range its meaning allows (a count, a number of months).
pub fn stored_number<T, S>(
    column: &'static str,
    row: impl fmt::Display,
    value: S,
) -> Result<T, ServiceError>
where
    S: Copy + fmt::Display,
    T: TryFrom<S>,
{
    T::try_from(value).map_err(|_| unreadable(column, &row, value.to_string(), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_readable_value_is_decoded_by_the_domains_parser() {
        let s: CaseState = stored("cases.state", 1, "visa_granted").expect("readable");
        assert_eq!(s, CaseState::VisaGranted);
        let none: Option<EndReason> = stored_opt("cases.end_reason", 1, None).expect("absent");
        assert_eq!(none, None);
        let n: u32 = stored_number("job_orders.headcount", 1, 12_i32).expect("in range");
        assert_eq!(n, 12);
    }

    #[test]
    fn an_unreadable_value_is_an_unexpected_error_naming_its_column_and_row() {
        let err = stored::<LicenceStatus>("agencies.licence_status", 7319, "bogus")
            .expect_err("not a status");
        let ServiceError::Unexpected(cause) = err else {
            panic!("not Unexpected: {err:?}");
        };
        let text = cause.to_string();
        assert!(
            text.contains("agencies.licence_status")
                && text.contains("row 7319")
                && text.contains("bogus"),
            "{text}"
        );
        assert!(matches!(
            stored_opt::<EndReason>("cases.end_reason", 1, Some("")),
            Err(ServiceError::Unexpected(_))
        ));
        assert!(matches!(
            stored_number::<u32, i32>("job_orders.headcount", 1, -1),
            Err(ServiceError::Unexpected(_))
        ));
    }

    #[test]
    fn an_unreadable_document_is_an_error_that_does_not_quote_the_document() {
        let err = stored_json::<serde_json::Value>("cases.details", 3, "{\"passport\": \"C12")
            .expect_err("truncated JSON");
        let ServiceError::Unexpected(cause) = err else {
            panic!("not Unexpected: {err:?}");
        };
        let text = cause.to_string();
        assert!(
            text.contains("cases.details") && !text.contains("C12"),
            "{text}"
        );
    }
}
