//! Use cases on the server: permission checks, transactions, queries, audit and outbox entries.
//!
//! The only place besides `migration/` that knows SQL. Compiled with the `ssr` feature only.

pub mod access;
pub mod accounts_view;
pub mod agencies;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod cache;
pub mod cases;
pub mod clock;
pub mod complaints;
pub mod corrections;
pub mod decode;
pub mod departure_lists;
pub mod entity;
pub mod imports;
pub mod inspections;
pub mod invitations;
pub mod job_orders;
pub(crate) mod joined;
pub mod keys;
pub mod licence_deposits;
pub mod licences;
pub mod lifecycle;
pub(crate) mod like;
pub mod outbox;
pub mod payments;
pub mod recruitment_cost;
pub mod reference;
pub mod risk;
pub mod rules;
pub mod secrets;
pub mod seed;
pub mod seed_complaints;
pub mod seed_inspections;
pub mod seed_lifecycle;
pub mod seed_national;
pub mod seed_payments;
pub mod seed_settlements;
pub mod seed_support;
pub mod settlement;
pub mod statistics;
pub mod support;
pub mod support_claims;

use std::sync::Arc;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, TransactionTrait,
};

use crate::domain::forms::{FieldErrors, FormProblem};
use crate::domain::lifecycle::StepError;
use crate::views::forms::Rejected;

pub use clock::{Clock, FixedClock, ManualClock, SystemClock};

/// What every use case needs: the database pool, the clock, cached reference data. Cheap to clone.
#[derive(Clone)]
pub struct Backend {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub reference: reference::ReferenceCache,
    pub rules: rules::RuleCache,
    /// This process, as the runner of the background jobs it starts.
    pub instance: Arc<str>,
    /// How long a background job's lease lasts; the running process renews it at a third.
    pub import_lease: std::time::Duration,
    pub settings: Arc<auth::Settings>,
    pub hasher: secrets::Hasher,
    /// The configured keys that seal the audit trail and encrypt secrets at rest.
    pub keys: keys::Keys,
    /// Requests refused to someone not signed in, counted (and logged) here instead of written
    /// to the audit trail: anyone can send them, and each would be a write holding its lock.
    pub refused_anonymously: Arc<std::sync::atomic::AtomicU64>,
}

impl Backend {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, keys: keys::Keys) -> Backend {
        Backend {
            db,
            clock,
            reference: reference::ReferenceCache::default(),
            rules: rules::RuleCache::default(),
            instance: secrets::new_token().into(),
            import_lease: std::time::Duration::from_secs(15),
            settings: Arc::new(auth::Settings::default()),
            hasher: secrets::Hasher::default(),
            keys,
            refused_anonymously: Arc::new(std::sync::atomic::AtomicU64::new(0)),
        }
    }

    pub fn with_import_lease(mut self, lease: std::time::Duration) -> Backend {
        self.import_lease = lease;
        self
    }

    pub fn with_settings(mut self, settings: auth::Settings) -> Backend {
        self.settings = Arc::new(settings);
        self
    }

    /// A transaction for a use case that reads and then writes under a condition (a decision
    /// taken once, a place on an order, a case joining a list).
    ///
    /// On SQLite it takes the write lock with its first statement, as `BEGIN IMMEDIATE` would:
    /// a transaction that has read cannot wait for the lock, so two such requests at once would
    /// end one of them with "database is locked" instead of a refusal. Queued at the start, each
    /// reads what the one before it committed. PostgreSQL needs no help: the conditional updates
    /// wait on the row and look at it again once the other transaction is done.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, ServiceError> {
        // The rule book is read through the pool, also from inside write transactions: read it
        // now, while this request holds no lock, so the lock holder never waits for a connection
        // that requests queued behind it hold.
        rules::book(self).await?;
        begin_write(&self.db).await
    }
}

/// `Backend::begin_write` on a connection: every use case that writes begins with it, so on
/// SQLite concurrent writers queue for the lock (up to the busy timeout) instead of one failing
/// with "database is locked" when it upgrades from reading to writing.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, ServiceError> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared("UPDATE audit_head SET last_id = last_id WHERE id = 1")
            .await?;
    }
    Ok(txn)
}

/// Failures of a use case, before they are turned into what the browser may see.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("not found")]
    NotFound,
    /// Not allowed: the refusal is already in the audit trail.
    #[error("forbidden")]
    Forbidden,
    #[error("not signed in")]
    Unauthenticated,
    /// Input that breaks a rule, field by field.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// A refusal about the whole request, e.g. wrong credentials.
    #[error("refused: {0:?}")]
    Problem(FormProblem),
    /// A case step refused by the law's guards or with bad fields.
    #[error("step refused: {0:?}")]
    Refused(StepError),
    /// The database does not answer; the cause keeps its source chain for the log.
    #[error("database unavailable: {0}")]
    Unavailable(Cause),
    /// A failure nobody can fix by typing again; logged with its source chain, shown as a
    /// request id.
    #[error("unexpected: {0}")]
    Unexpected(Cause),
}

pub type Cause = Box<dyn std::error::Error + Send + Sync>;

impl ServiceError {
    /// A denial told as "not found": a record one may not touch reads, to them, as one that
    /// does not exist. Other errors pass through.
    pub fn hidden(self) -> ServiceError {
        match self {
            ServiceError::Forbidden => ServiceError::NotFound,
            other => other,
        }
    }
}

impl From<Rejected> for ServiceError {
    fn from(r: Rejected) -> Self {
        match r {
            Rejected::Fields(errors) => ServiceError::Invalid(errors),
            Rejected::Tampered => ServiceError::NotFound,
        }
    }
}

/// A rule with no version in force on the day: the act (or the reading) cannot be judged, so
/// it is refused and says which rule is missing, never read as zero.
impl From<crate::domain::rules::MissingRule> for ServiceError {
    fn from(m: crate::domain::rules::MissingRule) -> Self {
        ServiceError::Refused(StepError {
            fields: FieldErrors::default(),
            refusals: vec![m.into()],
        })
    }
}

impl From<DbErr> for ServiceError {
    fn from(err: DbErr) -> Self {
        match err {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => {
                ServiceError::Unavailable(Box::new(err))
            }
            other => ServiceError::Unexpected(Box::new(other)),
        }
    }
}
