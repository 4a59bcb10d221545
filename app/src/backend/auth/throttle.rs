//! Sign-in throttling: failures counted per account and per address, in the database.

#[allow(unused_imports)]
use super::*;

/// Minutes left on a lock, rounded up.
fn minutes_until(until: DateTime<Utc>, now: DateTime<Utc>) -> u32 {
    let secs = (until - now).num_seconds().max(1);
    u32::try_from((secs + 59) / 60).unwrap_or(u32::MAX)
}

/// Takes one attempt's place in the counter `key` before the attempt does any costly work
/// (Argon2): `None` when the place was taken, the minutes to wait when the key is locked or
/// its places are all taken. Each step is one statement the database decides, so a burst of
/// simultaneous attempts gets at most `limit` places, however many arrive at once. Places taken
/// by attempts still running are not failures: only failures lock (`lock_if_full`).
pub(super) async fn reserve(
    db: &DatabaseConnection,
    settings: &Settings,
    key: &str,
    limit: i32,
    now: DateTime<Utc>,
) -> Result<Option<u32>, ServiceError> {
    // Twice at most: a right password may delete the row between our insert and our take.
    for _ in 0..2 {
        if take_place(db, settings, key, limit, now).await? {
            return Ok(None);
        }
        let Some(row) = sign_in_failure::Entity::find_by_id(key.to_owned())
            .one(db)
            .await?
        else {
            continue;
        };
        let until = match row.locked_until {
            Some(until) if until > now => until,
            _ => row.window_started_at + settings.failure_window,
        };
        return Ok(Some(minutes_until(until, now)));
    }
    Ok(None)
}

/// The insert-if-absent, the new window, and the conditional increment of [`reserve`].
async fn take_place(
    db: &DatabaseConnection,
    settings: &Settings,
    key: &str,
    limit: i32,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    use sea_orm::sea_query::{Expr, OnConflict};
    let _ = sign_in_failure::Entity::insert(sign_in_failure::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(0),
        window_started_at: Set(now),
        locked_until: Set(None),
    })
    .on_conflict(
        OnConflict::column(sign_in_failure::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    // A lock that ran out, or a window that closed without one, starts a new window.
    let window_start = now - settings.failure_window;
    sign_in_failure::Entity::update_many()
        .col_expr(sign_in_failure::Column::Failures, Expr::value(0))
        .col_expr(sign_in_failure::Column::WindowStartedAt, Expr::value(now))
        .col_expr(
            sign_in_failure::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(sign_in_failure::Column::Key.eq(key))
        .filter(
            sign_in_failure::Column::LockedUntil
                .lte(now)
                .or(sign_in_failure::Column::LockedUntil
                    .is_null()
                    .and(sign_in_failure::Column::WindowStartedAt.lte(window_start))),
        )
        .exec(db)
        .await?;
    let taken = sign_in_failure::Entity::update_many()
        .col_expr(
            sign_in_failure::Column::Failures,
            Expr::col(sign_in_failure::Column::Failures).add(1),
        )
        .filter(sign_in_failure::Column::Key.eq(key))
        .filter(sign_in_failure::Column::Failures.lt(limit))
        .filter(sign_in_failure::Column::LockedUntil.is_null())
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// After a failed attempt: the key locks once its places are used up. True when this attempt
/// set the lock (once per lock, however many attempts fail together).
pub(super) async fn lock_if_full(
    db: &DatabaseConnection,
    settings: &Settings,
    key: &str,
    limit: i32,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    use sea_orm::sea_query::Expr;
    let locked = sign_in_failure::Entity::update_many()
        .col_expr(
            sign_in_failure::Column::LockedUntil,
            Expr::value(Some(now + settings.lockout)),
        )
        .filter(sign_in_failure::Column::Key.eq(key))
        .filter(sign_in_failure::Column::Failures.gte(limit))
        .filter(sign_in_failure::Column::LockedUntil.is_null())
        .exec(db)
        .await?;
    Ok(locked.rows_affected == 1)
}

/// Gives back the place an attempt took, when it was not a failure (a right password from an
/// address shared by many).
pub(super) async fn release(db: &DatabaseConnection, key: &str) -> Result<(), ServiceError> {
    use sea_orm::sea_query::Expr;
    sign_in_failure::Entity::update_many()
        .col_expr(
            sign_in_failure::Column::Failures,
            Expr::col(sign_in_failure::Column::Failures).sub(1),
        )
        .filter(sign_in_failure::Column::Key.eq(key))
        .filter(sign_in_failure::Column::Failures.gt(0))
        .filter(sign_in_failure::Column::LockedUntil.is_null())
        .exec(db)
        .await?;
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

/// The key of one account's attempts: one counter however it is named (a worker's email and
/// citizen ID are one person); an identifier that names no account counts under itself.
pub(super) fn user_key(user_id: i32) -> String {
    format!("user:{user_id}")
}

/// Reserves a place under each key in turn; the first refusal is the answer, and the places
/// already taken for this attempt are given back (it did not fail, it was not made).
pub(super) async fn reserve_all(
    db: &DatabaseConnection,
    settings: &Settings,
    keys: &[(String, i32)],
    now: DateTime<Utc>,
) -> Result<Option<ServiceError>, ServiceError> {
    for (i, (key, limit)) in keys.iter().enumerate() {
        if let Some(minutes) = reserve(db, settings, key, *limit, now).await? {
            for (taken, _) in &keys[..i] {
                release(db, taken).await?;
            }
            return Ok(Some(ServiceError::Problem(FormProblem::Throttled {
                minutes,
            })));
        }
    }
    Ok(None)
}

/// The places a form sent without an account took, to give back if it is not saved after all.
#[must_use]
pub struct Reserved(Vec<String>);

/// Places a form anyone may send without an account takes (a complaint filed for a worker, a
/// denunciation): so many per contact (an email or a phone) and per client address within the
/// failure window, so nobody floods an agency's or the inspectors' desk, nor a stranger's inbox
/// with receipts. The keys are keyed hashes under the server's secret: a denouncer's address
/// cannot be read back from the counters, nor tied to the filing.
pub async fn reserve_anonymous(
    backend: &Backend,
    meta: &RequestMeta,
    form: &str,
    contact: &str,
) -> Result<Reserved, ServiceError> {
    let settings = &backend.settings;
    let contact = backend.keys.throttle_key(&contact.trim().to_lowercase());
    let address = backend.keys.throttle_key(&address_key(meta));
    let keys = [
        (
            format!("{form}-contact:{contact}"),
            settings.anonymous_per_contact,
        ),
        (
            format!("{form}-address:{address}"),
            settings.anonymous_per_address,
        ),
    ];
    match reserve_all(&backend.db, settings, &keys, backend.clock.now()).await? {
        Some(refusal) => Err(refusal),
        None => Ok(Reserved(keys.into_iter().map(|(k, _)| k).collect())),
    }
}

/// Gives back the places of a form that was not saved (the write failed): it was not made.
pub async fn release_anonymous(backend: &Backend, places: Reserved) -> Result<(), ServiceError> {
    for key in &places.0 {
        release(&backend.db, key).await?;
    }
    Ok(())
}
