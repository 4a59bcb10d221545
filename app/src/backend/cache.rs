//! In-process caches that another server process cannot leave stale for long: a value is kept
//! for a few seconds, then read again from the database. Another process's change (a rule
//! version, a market a migration adds) is seen within `FRESH_FOR`, without a message between
//! processes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long a cached value is used before it is read again.
pub const FRESH_FOR: Duration = Duration::from_secs(3);

struct Inner<T> {
    /// When the value was read, and the value.
    slot: RwLock<Option<(Instant, Arc<T>)>>,
    /// Bumped by every `clear`, so a read that began before it cannot put back what it read.
    generation: AtomicU64,
}

pub struct Expiring<T> {
    inner: Arc<Inner<T>>,
    fresh_for: Duration,
}

/// A read from the database begun at one generation of the cache.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

impl<T> Clone for Expiring<T> {
    fn clone(&self) -> Self {
        Expiring {
            inner: self.inner.clone(),
            fresh_for: self.fresh_for,
        }
    }
}

impl<T> Default for Expiring<T> {
    fn default() -> Self {
        Expiring::fresh_for(FRESH_FOR)
    }
}

impl<T> Expiring<T> {
    fn fresh_for(fresh_for: Duration) -> Self {
        Expiring {
            inner: Arc::new(Inner {
                slot: RwLock::new(None),
                generation: AtomicU64::new(0),
            }),
            fresh_for,
        }
    }

    /// The value, if it was read less than `fresh_for` ago.
    pub fn get(&self) -> Option<Arc<T>> {
        let slot = self.inner.slot.read().ok()?;
        let (at, value) = slot.as_ref()?;
        (at.elapsed() < self.fresh_for).then(|| value.clone())
    }

    /// Taken before reading the value from the database, and handed to `put`.
    pub fn ticket(&self) -> Ticket {
        Ticket(self.inner.generation.load(Ordering::Acquire))
    }

    /// Keeps a value read under `ticket`, unless the cache was cleared since: that read may
    /// have missed the change the clear was for.
    pub fn put(&self, ticket: Ticket, value: Arc<T>) {
        if let Ok(mut slot) = self.inner.slot.write() {
            if self.inner.generation.load(Ordering::Acquire) == ticket.0 {
                *slot = Some((Instant::now(), value));
            }
        }
    }

    /// Forgets the value, so this process's next read sees its own change at once.
    pub fn clear(&self) {
        if let Ok(mut slot) = self.inner.slot.write() {
            self.inner.generation.fetch_add(1, Ordering::AcqRel);
            *slot = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_served_while_fresh_and_read_again_after() {
        let cache = Expiring::fresh_for(Duration::from_millis(50));
        assert!(cache.get().is_none());
        cache.put(cache.ticket(), Arc::new(7));
        assert_eq!(cache.get().as_deref(), Some(&7));
        std::thread::sleep(Duration::from_millis(60));
        assert!(cache.get().is_none(), "an old value is not served");
        cache.put(cache.ticket(), Arc::new(8));
        cache.clear();
        assert!(cache.get().is_none());
    }

    #[test]
    fn a_read_begun_before_a_clear_does_not_put_its_old_value_back() {
        let cache = Expiring::fresh_for(Duration::from_secs(60));
        let before = cache.ticket();
        // Meanwhile this process writes a new rule version and clears the cache.
        cache.clear();
        cache.put(before, Arc::new("the old book"));
        assert!(cache.get().is_none(), "the stale read is dropped");
        cache.put(cache.ticket(), Arc::new("the new book"));
        assert_eq!(cache.get().as_deref(), Some(&"the new book"));
    }
}
