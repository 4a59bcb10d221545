//! Use cases on the server: permission checks, transactions, queries, audit and outbox entries.
//!
//! The only place besides `migration/` that knows SQL. Compiled with the `ssr` feature only.

pub mod agencies;
pub mod clock;
pub mod entity;
pub mod reference;
pub mod seed;

use std::sync::Arc;

use sea_orm::{DatabaseConnection, DbErr};

pub use clock::{Clock, FixedClock, SystemClock};

/// What every use case needs: the database pool, the clock, cached reference data. Cheap to clone.
#[derive(Clone)]
pub struct Backend {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub reference: reference::ReferenceCache,
}

impl Backend {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>) -> Backend {
        Backend {
            db,
            clock,
            reference: reference::ReferenceCache::default(),
        }
    }
}

/// Failures of a use case, before they are turned into what the browser may see.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("not found")]
    NotFound,
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl From<DbErr> for ServiceError {
    fn from(err: DbErr) -> Self {
        match err {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => {
                ServiceError::Unavailable(err.to_string())
            }
            other => ServiceError::Unexpected(other.to_string()),
        }
    }
}
