//! Counting the SQL statements a server sends, with sea-orm's metric callback: the benchmark and
//! the tests read how many statements a page costs instead of estimating it.
//!
//! Off unless asked for (`COUNT_STATEMENTS=1`, or a test attaching a counter); a count is only
//! meaningful between requests made one at a time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use sea_orm::DatabaseConnection;

/// How many statements to remember the text of, for a test's failure message.
const KEPT: usize = 64;

#[derive(Clone, Default)]
pub struct StatementCounter {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    count: AtomicU64,
    /// Whether to keep the statements' text (tests do; a server only counts).
    keeps_text: bool,
    recent: Mutex<Vec<String>>,
}

impl StatementCounter {
    /// Counts every statement sent through `db` (and through its clones made after this).
    pub fn attach(db: &mut DatabaseConnection) -> StatementCounter {
        StatementCounter::attach_with(db, false)
    }

    /// Counts, and keeps the text of the last 64 statements for [`StatementCounter::last`].
    pub fn attach_keeping_text(db: &mut DatabaseConnection) -> StatementCounter {
        StatementCounter::attach_with(db, true)
    }

    fn attach_with(db: &mut DatabaseConnection, keeps_text: bool) -> StatementCounter {
        let counter = StatementCounter {
            inner: Arc::new(Inner {
                keeps_text,
                ..Inner::default()
            }),
        };
        let inner = counter.inner.clone();
        db.set_metric_callback(move |info| {
            inner.count.fetch_add(1, Ordering::Relaxed);
            if !inner.keeps_text {
                return;
            }
            if let Ok(mut recent) = inner.recent.lock() {
                if recent.len() == KEPT {
                    recent.remove(0);
                }
                recent.push(info.statement.sql.clone());
            }
        });
        counter
    }

    /// Statements sent so far.
    pub fn count(&self) -> u64 {
        self.inner.count.load(Ordering::Relaxed)
    }

    /// The text of the last `n` statements (at most the last 64), oldest first.
    pub fn last(&self, n: usize) -> Vec<String> {
        let recent = self
            .inner
            .recent
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default();
        let from = recent.len().saturating_sub(n);
        recent[from..].to_vec()
    }
}
