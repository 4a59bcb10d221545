//! Sign-in throttling: failures counted per account and per address, in the database.

#[allow(unused_imports)]
use super::*;

pub(super) async fn locked_minutes(
    db: &DatabaseConnection,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Option<u32>, ServiceError> {
    let row = sign_in_failure::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?;
    Ok(row
        .and_then(|r| r.locked_until)
        .filter(|until| *until > now)
        .map(|until| {
            let secs = (until - now).num_seconds().max(1);
            u32::try_from((secs + 59) / 60).unwrap_or(u32::MAX)
        }))
}

pub(super) async fn record_failure(
    db: &DatabaseConnection,
    settings: &Settings,
    key: &str,
    limit: i32,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let existing = sign_in_failure::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?;
    let (failures, window_started_at) = match &existing {
        Some(r) if r.window_started_at + settings.failure_window > now => {
            (r.failures + 1, r.window_started_at)
        }
        _ => (1, now),
    };
    let locked_until = (failures >= limit).then(|| now + settings.lockout);
    let model = sign_in_failure::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(if locked_until.is_some() { 0 } else { failures }),
        window_started_at: Set(window_started_at),
        locked_until: Set(locked_until),
    };
    if existing.is_some() {
        model.update(db).await?;
    } else {
        model.insert(db).await?;
    }
    Ok(())
}

pub(super) async fn clear_failures(db: &DatabaseConnection, key: &str) -> Result<(), ServiceError> {
    sign_in_failure::Entity::delete_by_id(key.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

/// The form of an identifier that finds an account: an email lower-cased, a citizen ID without
/// spaces. Throttling counts under the same form, so spacing cannot buy extra attempts.
pub(super) fn normalise_identifier(identifier: &str) -> String {
    let id = identifier.trim();
    if id.contains('@') {
        id.to_lowercase()
    } else {
        id.chars().filter(|c| !c.is_whitespace()).collect()
    }
}

/// Longer than any email or citizen ID: refused before any lookup or counting.
pub(super) const IDENTIFIER_MAX: usize = 254;

pub(super) fn account_key(identifier: &str) -> String {
    format!("account:{}", normalise_identifier(identifier))
}

pub(super) fn address_key(meta: &RequestMeta) -> String {
    format!("address:{}", meta.address.as_deref().unwrap_or("-"))
}

/// The throttle answer for these keys, if any is locked.
pub(super) async fn throttle(
    db: &DatabaseConnection,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<Option<ServiceError>, ServiceError> {
    for key in keys {
        if let Some(minutes) = locked_minutes(db, key, now).await? {
            return Ok(Some(ServiceError::Problem(FormProblem::Throttled {
                minutes,
            })));
        }
    }
    Ok(None)
}
