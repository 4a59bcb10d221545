//! In-process caches that another server process cannot leave stale for long: a value is kept
//! for a few seconds, then read again from the database. Another process's change (a rule
//! version, a market a migration adds) is seen within `FRESH_FOR`, without a message between
//! processes.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long a cached value is used before it is read again.
pub const FRESH_FOR: Duration = Duration::from_secs(3);

/// When the value was read, and the value.
type Slot<T> = Arc<RwLock<Option<(Instant, Arc<T>)>>>;

pub struct Expiring<T> {
    slot: Slot<T>,
    fresh_for: Duration,
}

impl<T> Clone for Expiring<T> {
    fn clone(&self) -> Self {
        Expiring {
            slot: self.slot.clone(),
            fresh_for: self.fresh_for,
        }
    }
}

impl<T> Default for Expiring<T> {
    fn default() -> Self {
        Expiring {
            slot: Arc::new(RwLock::new(None)),
            fresh_for: FRESH_FOR,
        }
    }
}

impl<T> Expiring<T> {
    /// The value, if it was read less than `fresh_for` ago.
    pub fn get(&self) -> Option<Arc<T>> {
        let slot = self.slot.read().ok()?;
        let (at, value) = slot.as_ref()?;
        (at.elapsed() < self.fresh_for).then(|| value.clone())
    }

    pub fn put(&self, value: Arc<T>) {
        if let Ok(mut slot) = self.slot.write() {
            *slot = Some((Instant::now(), value));
        }
    }

    /// Forgets the value, so this process's next read sees its own change at once.
    pub fn clear(&self) {
        if let Ok(mut slot) = self.slot.write() {
            *slot = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_served_while_fresh_and_read_again_after() {
        let cache = Expiring {
            slot: Arc::new(RwLock::new(None)),
            fresh_for: Duration::from_millis(50),
        };
        assert!(cache.get().is_none());
        cache.put(Arc::new(7));
        assert_eq!(cache.get().as_deref(), Some(&7));
        std::thread::sleep(Duration::from_millis(60));
        assert!(cache.get().is_none(), "an old value is not served");
        cache.put(Arc::new(8));
        cache.clear();
        assert!(cache.get().is_none());
    }
}
