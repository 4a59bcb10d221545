//! The append-only audit trail. Every row carries the seal of the row before it, so a row
//! changed or removed in the database breaks the chain at that point; `verify` finds it.
//!
//! A row's seal is an HMAC-SHA256 of its contents under the server's audit key (`keys.rs`),
//! which is not in the database, and the row names that key's id. Someone who can write to the
//! database alone cannot make a changed row's seal, nor recompute the chain after it. Rows from
//! before the trail was keyed carry a plain SHA-256 and no key id; the server seals them with
//! one keyed cut-over entry at its first start (`seal_unkeyed`), after which an unkeyed row is a
//! break. A cut tail leaves a chain that holds; `head` gives what operators keep outside the
//! database to catch it (`verify` with that head).

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use serde_json::Value;

use super::entity::{audit_head, audit_log};
use super::keys::Keys;
use super::secrets::sha256_hex;
use super::ServiceError;
use crate::domain::access::Actor;

/// Where a request came from, for the audit trail and throttling.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub request_id: String,
    pub address: Option<String>,
    pub user_agent: Option<String>,
}

/// One thing that happened.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub actor_user_id: Option<i32>,
    pub actor_role: Option<String>,
    pub action: &'static str,
    pub record_type: Option<&'static str>,
    pub record_id: Option<String>,
    pub agency_id: Option<i32>,
    pub case_id: Option<i32>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Entry {
    pub fn new(action: &'static str) -> Entry {
        Entry {
            action,
            ..Entry::default()
        }
    }

    pub fn by(mut self, actor: Option<&Actor>) -> Entry {
        if let Some(a) = actor {
            self.actor_user_id = Some(a.user_id);
            self.actor_role = Some(a.role.as_str().to_owned());
        }
        self
    }

    pub fn by_user(mut self, user_id: i32, role: &str) -> Entry {
        self.actor_user_id = Some(user_id);
        self.actor_role = Some(role.to_owned());
        self
    }

    /// The record acted on. Its id is cut to the column's 40 characters: it may come from what
    /// someone typed (an identifier that failed to sign in).
    pub fn record(mut self, kind: &'static str, id: impl ToString) -> Entry {
        self.record_type = Some(kind);
        self.record_id = Some(id.to_string().chars().take(40).collect());
        self
    }

    pub fn agency(mut self, agency_id: Option<i32>) -> Entry {
        self.agency_id = agency_id;
        self
    }

    pub fn case(mut self, case_id: i32) -> Entry {
        self.case_id = Some(case_id);
        self
    }

    pub fn before(mut self, value: Value) -> Entry {
        self.before = Some(value);
        self
    }

    pub fn after(mut self, value: Value) -> Entry {
        self.after = Some(value);
        self
    }
}

/// The bytes a row's hash covers: every field, each prefixed by its length so no two different
/// rows can produce the same text.
pub fn canonical(row: &audit_log::Model) -> String {
    fn field(out: &mut String, value: Option<&str>) {
        match value {
            Some(v) => out.push_str(&format!("{}:{v};", v.len())),
            None => out.push_str("-;"),
        }
    }
    let mut out = String::new();
    let at = row.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    field(&mut out, Some(&row.prev_hash));
    field(&mut out, Some(&row.id.to_string()));
    field(&mut out, Some(&at));
    field(
        &mut out,
        row.actor_user_id.map(|v| v.to_string()).as_deref(),
    );
    field(&mut out, row.actor_role.as_deref());
    field(&mut out, Some(&row.action));
    field(&mut out, row.record_type.as_deref());
    field(&mut out, row.record_id.as_deref());
    field(&mut out, row.agency_id.map(|v| v.to_string()).as_deref());
    field(&mut out, row.case_id.map(|v| v.to_string()).as_deref());
    field(&mut out, row.before_json.as_deref());
    field(&mut out, row.after_json.as_deref());
    field(&mut out, row.request_id.as_deref());
    field(&mut out, row.address.as_deref());
    // Rows from before the trail was keyed have no key id and a text that ends here.
    if let Some(key_id) = &row.key_id {
        field(&mut out, Some(key_id));
    }
    out
}

/// Seals a row under the current key: its key id, then its HMAC.
fn seal(keys: &Keys, row: &mut audit_log::Model) {
    row.key_id = Some(keys.current_id().to_owned());
    row.hash = keys
        .audit_seal(keys.current_id(), canonical(row).as_bytes())
        .unwrap_or_default();
}

/// Appends an entry inside the caller's transaction (or connection). Taking the head row's
/// lock first serialises writers, so the chain never forks.
pub async fn append<C: ConnectionTrait>(
    db: &C,
    keys: &Keys,
    now: DateTime<Utc>,
    meta: &RequestMeta,
    entry: Entry,
) -> Result<i64, ServiceError> {
    // Both SQLite and PostgreSQL take the write lock on this UPDATE.
    db.execute(Statement::from_string(
        db.get_database_backend(),
        "UPDATE audit_head SET last_id = last_id + 1 WHERE id = 1",
    ))
    .await?;
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::Unexpected("audit head missing".into()))?;
    let at = now
        .duration_trunc(TimeDelta::microseconds(1))
        .unwrap_or(now);
    let mut row = model(head.last_id, at, meta, entry, head.last_hash.clone());
    seal(keys, &mut row);
    let id = row.id;
    let hash = row.hash.clone();
    audit_log::ActiveModel::from(row).insert(db).await?;
    audit_head::ActiveModel {
        id: Set(1),
        last_id: Set(id),
        last_hash: Set(hash),
    }
    .update(db)
    .await?;
    Ok(id)
}

/// Appends many entries at once inside the caller's transaction, chained in order: one lock on
/// the head, one multi-row insert per chunk. For bulk writes (an import of thousands of cases),
/// where one `append` per entry would hold the write lock many times longer.
pub async fn append_many<C: ConnectionTrait>(
    db: &C,
    keys: &Keys,
    now: DateTime<Utc>,
    meta: &RequestMeta,
    entries: Vec<Entry>,
) -> Result<(), ServiceError> {
    let Ok(count) = i64::try_from(entries.len()) else {
        return Err(ServiceError::Unexpected("too many audit entries".into()));
    };
    if count == 0 {
        return Ok(());
    }
    db.execute(Statement::from_sql_and_values(
        db.get_database_backend(),
        match db.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "UPDATE audit_head SET last_id = last_id + $1 WHERE id = 1"
            }
            _ => "UPDATE audit_head SET last_id = last_id + ? WHERE id = 1",
        },
        [count.into()],
    ))
    .await?;
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::Unexpected("audit head missing".into()))?;
    let at = now
        .duration_trunc(TimeDelta::microseconds(1))
        .unwrap_or(now);
    let first_id = head.last_id - count + 1;
    let mut prev_hash = head.last_hash;
    let mut rows = Vec::with_capacity(entries.len());
    for (id, entry) in (first_id..).zip(entries) {
        let mut row = model(id, at, meta, entry, prev_hash);
        seal(keys, &mut row);
        prev_hash = row.hash.clone();
        rows.push(audit_log::ActiveModel::from(row));
    }
    // 16 columns a row: 1,000 rows stay under SQLite's 32,766 bound parameters.
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(1_000).collect();
        audit_log::Entity::insert_many(chunk).exec(db).await?;
    }
    audit_head::ActiveModel {
        id: Set(1),
        last_id: Set(head.last_id),
        last_hash: Set(prev_hash),
    }
    .update(db)
    .await?;
    Ok(())
}

fn model(
    id: i64,
    at: DateTime<Utc>,
    meta: &RequestMeta,
    entry: Entry,
    prev_hash: String,
) -> audit_log::Model {
    audit_log::Model {
        id,
        at,
        actor_user_id: entry.actor_user_id,
        actor_role: entry.actor_role,
        action: entry.action.to_owned(),
        record_type: entry.record_type.map(str::to_owned),
        record_id: entry.record_id,
        agency_id: entry.agency_id,
        case_id: entry.case_id,
        before_json: entry.before.map(|v| v.to_string()),
        after_json: entry.after.map(|v| v.to_string()),
        // A client may send its own x-request-id; keep what fits the columns.
        request_id: Some(meta.request_id.chars().take(64).collect::<String>())
            .filter(|r| !r.is_empty() && r != "-"),
        address: meta.address.as_ref().map(|a| a.chars().take(64).collect()),
        key_id: None,
        prev_hash,
        hash: String::new(),
    }
}

/// Appends an entry in its own short transaction, for events that change nothing else (a
/// refused access, a failed sign-in).
pub async fn record(
    db: &DatabaseConnection,
    keys: &Keys,
    now: DateTime<Utc>,
    meta: &RequestMeta,
    entry: Entry,
) -> Result<(), ServiceError> {
    let txn = crate::backend::begin_write(db).await?;
    append(&txn, keys, now, meta, entry).await?;
    txn.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Intact {
        rows: u64,
    },
    /// The first row whose stored seal or link does not match.
    Broken {
        row_id: i64,
        reason: &'static str,
    },
}

/// The newest row's id and seal: what operators keep outside the database (`server audit
/// head`), so that a tail cut off the chain, and the head row rewritten to match, is caught.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub last_id: i64,
    pub last_hash: String,
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.last_id, self.last_hash)
    }
}

impl std::str::FromStr for Head {
    type Err = ();
    /// `ID:SEAL`, as `Display` writes it.
    fn from_str(text: &str) -> Result<Head, ()> {
        let (id, hash) = text.trim().split_once(':').ok_or(())?;
        let last_id = id.parse().map_err(|_| ())?;
        let valid = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        valid
            .then(|| Head {
                last_id,
                last_hash: hash.to_ascii_lowercase(),
            })
            .ok_or(())
    }
}

/// The chain's current head, as the database holds it.
pub async fn head(db: &DatabaseConnection) -> Result<Head, ServiceError> {
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::Unexpected("audit head missing".into()))?;
    Ok(Head {
        last_id: head.last_id,
        last_hash: head.last_hash,
    })
}

/// Walks the chain from the first row and names the first row that does not hold. With a head
/// kept from earlier (`head`), the chain must still contain that row with that seal.
pub async fn verify(
    db: &DatabaseConnection,
    keys: &Keys,
    kept: Option<&Head>,
) -> Result<Verification, ServiceError> {
    let mut prev = "0".repeat(64);
    let mut expected_id = 1i64;
    let mut pages = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .paginate(db, 2000);
    let mut rows = 0u64;
    let mut keyed = false;
    let mut kept_found = false;
    while let Some(page) = pages.fetch_and_next().await? {
        for row in page {
            let broken = |reason| {
                Ok(Verification::Broken {
                    row_id: row.id,
                    reason,
                })
            };
            if row.id != expected_id {
                return Ok(Verification::Broken {
                    row_id: expected_id,
                    reason: "row missing",
                });
            }
            if row.prev_hash != prev {
                return broken("link to the previous row does not match");
            }
            match &row.key_id {
                None if keyed => {
                    return broken("a row without a key's seal after the keyed cut-over");
                }
                None => {
                    if sha256_hex(canonical(&row).as_bytes()) != row.hash {
                        return broken("contents do not match the row's hash");
                    }
                }
                Some(key_id) => {
                    match keys.audit_seal_matches(key_id, canonical(&row).as_bytes(), &row.hash) {
                        None => return broken("sealed with a key this server does not hold"),
                        Some(false) => return broken("contents do not match the row's seal"),
                        Some(true) => keyed = true,
                    }
                }
            }
            if let Some(kept) = kept {
                if kept.last_id == row.id {
                    if kept.last_hash != row.hash {
                        return broken("the row differs from the head kept outside the database");
                    }
                    kept_found = true;
                }
            }
            prev = row.hash;
            expected_id += 1;
            rows += 1;
        }
    }
    if rows > 0 && !keyed {
        return Ok(Verification::Broken {
            row_id: expected_id - 1,
            reason: "no row carries the server key's seal (`server audit seal` after an upgrade)",
        });
    }
    if let Some(kept) = kept {
        if !kept_found && kept.last_id > 0 {
            return Ok(Verification::Broken {
                row_id: kept.last_id,
                reason: "the head kept outside the database is no longer in the chain",
            });
        }
    }
    let head = audit_head::Entity::find_by_id(1).one(db).await?;
    if let Some(head) = head {
        if head.last_id != expected_id - 1 || head.last_hash != prev {
            return Ok(Verification::Broken {
                row_id: expected_id,
                reason: "rows after this point were removed",
            });
        }
    }
    Ok(Verification::Intact { rows })
}

/// Whether the newest row carries no key's seal (rows from before the trail was keyed, not yet
/// sealed by a cut-over entry).
pub async fn unsealed(db: &DatabaseConnection) -> Result<bool, ServiceError> {
    let Some(head) = audit_head::Entity::find_by_id(1).one(db).await? else {
        return Err(ServiceError::Unexpected("audit head missing".into()));
    };
    Ok(audit_log::Entity::find_by_id(head.last_id)
        .one(db)
        .await?
        .is_some_and(|row| row.key_id.is_none()))
}

/// Seals rows written before the trail was keyed: when the newest row has no key id, appends
/// one keyed cut-over entry after it, so none of them can change without breaking that entry's
/// seal. Returns the entry's id; nothing when there is nothing to seal.
pub async fn seal_unkeyed(
    db: &DatabaseConnection,
    keys: &Keys,
    now: DateTime<Utc>,
) -> Result<Option<i64>, ServiceError> {
    let txn = crate::backend::begin_write(db).await?;
    let head = audit_head::Entity::find_by_id(1)
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::Unexpected("audit head missing".into()))?;
    let newest = audit_log::Entity::find_by_id(head.last_id)
        .one(&txn)
        .await?;
    let Some(newest) = newest.filter(|row| row.key_id.is_none()) else {
        return Ok(None);
    };
    let unkeyed = audit_log::Entity::find()
        .filter(audit_log::Column::KeyId.is_null())
        .count(&txn)
        .await?;
    let entry = Entry::new("audit.sealed").after(serde_json::json!({
        "unkeyed_rows": unkeyed,
        "through_id": newest.id,
        "key_id": keys.current_id(),
    }));
    let id = append(&txn, keys, now, &RequestMeta::default(), entry).await?;
    txn.commit().await?;
    Ok(Some(id))
}

/// What an auditor filters by.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor_user_id: Option<i32>,
    pub agency_id: Option<i32>,
    pub case_id: Option<i32>,
    /// Provincial officers: only rows about cases of workers from this province.
    pub province_code: Option<String>,
}

pub const PAGE_SIZE: u64 = 50;

pub async fn browse(
    db: &DatabaseConnection,
    filter: &Filter,
    page: u64,
) -> Result<(Vec<audit_log::Model>, u64), ServiceError> {
    let mut query = audit_log::Entity::find();
    if let Some(actor) = filter.actor_user_id {
        query = query.filter(audit_log::Column::ActorUserId.eq(actor));
    }
    if let Some(agency) = filter.agency_id {
        query = query.filter(audit_log::Column::AgencyId.eq(agency));
    }
    if let Some(case) = filter.case_id {
        query = query.filter(audit_log::Column::CaseId.eq(case));
    }
    if let Some(province) = &filter.province_code {
        use sea_orm::sea_query::{Expr, Query};
        let in_province = Query::select()
            .column((super::entity::case::Entity, super::entity::case::Column::Id))
            .from(super::entity::case::Entity)
            .inner_join(
                super::entity::worker::Entity,
                Expr::col((
                    super::entity::worker::Entity,
                    super::entity::worker::Column::Id,
                ))
                .equals((
                    super::entity::case::Entity,
                    super::entity::case::Column::WorkerId,
                )),
            )
            .and_where(
                Expr::col((
                    super::entity::worker::Entity,
                    super::entity::worker::Column::ProvinceCode,
                ))
                .eq(province.clone()),
            )
            .to_owned();
        query = query.filter(audit_log::Column::CaseId.in_subquery(in_province));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(audit_log::Column::Id)
        .offset(page.saturating_sub(1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok((rows, total))
}
