//! Long CSV imports run in the background; the page that started one follows its progress.
//! The registry is in memory: an import belongs to the server process that runs it, and its
//! result waits there for its agency until the process ends.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::audit::RequestMeta;
use super::{lifecycle, Backend, ServiceError};
use crate::domain::access::Actor;
use crate::domain::import::{ImportRow, RowError};

/// Files with more rows than this import in the background, with progress shown.
pub const BACKGROUND_FROM_ROWS: usize = 100;

pub struct ImportJob {
    pub agency_id: i32,
    pub total: usize,
    pub done: AtomicUsize,
    pub result: Mutex<Option<Result<usize, Vec<RowError>>>>,
}

#[derive(Clone, Default)]
pub struct ImportJobs(Arc<Mutex<HashMap<String, Arc<ImportJob>>>>);

impl ImportJobs {
    pub fn get(&self, id: &str) -> Option<Arc<ImportJob>> {
        self.0.lock().ok().and_then(|m| m.get(id).cloned())
    }

    fn insert(&self, id: String, job: Arc<ImportJob>) {
        if let Ok(mut m) = self.0.lock() {
            m.insert(id, job);
        }
    }
}

/// Starts the import of checked rows in the background; returns the job's id.
pub fn start(
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    rows: Vec<ImportRow>,
) -> Result<String, ServiceError> {
    let agency_id = actor.agency_id.ok_or(ServiceError::Forbidden)?;
    let id = super::secrets::new_token();
    let job = Arc::new(ImportJob {
        agency_id,
        total: rows.len(),
        done: AtomicUsize::new(0),
        result: Mutex::new(None),
    });
    backend.imports.insert(id.clone(), job.clone());
    let (backend, meta, actor) = (backend.clone(), meta.clone(), actor.clone());
    tokio::spawn(async move {
        let outcome = lifecycle::import(&backend, &meta, Some(&actor), rows, Some(&job.done)).await;
        let stored = match outcome {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "background import failed");
                Err(Vec::new())
            }
        };
        if let Ok(mut slot) = job.result.lock() {
            *slot = Some(stored);
        }
    });
    Ok(id)
}

/// Counts one processed row.
pub fn tick(progress: Option<&AtomicUsize>) {
    if let Some(p) = progress {
        p.fetch_add(1, Ordering::Relaxed);
    }
}

/// What became of an import form.
pub enum Imported {
    /// The file was clean; this many cases were opened.
    Opened(usize),
    /// Nothing was written; the problems by line and column.
    Rejected(Vec<RowError>),
    /// A long file runs in the background; its page follows the job.
    Background(String),
}

/// The import form: the whole file is checked, then short files are imported at once and long
/// ones in the background. The agency's right to open cases is checked before anything runs.
pub async fn submit(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    text: &str,
) -> Result<Imported, ServiceError> {
    super::access::require_own_agency(
        backend,
        meta,
        actor,
        crate::domain::access::Action::ManageCases,
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let rows = match crate::domain::import::check_file(text) {
        Err(errors) => return Ok(Imported::Rejected(errors)),
        Ok(rows) => rows,
    };
    if rows.len() > BACKGROUND_FROM_ROWS {
        return Ok(Imported::Background(start(backend, meta, actor, rows)?));
    }
    Ok(
        match lifecycle::import(backend, meta, Some(actor), rows, None).await? {
            Ok(n) => Imported::Opened(n),
            Err(errors) => Imported::Rejected(errors),
        },
    )
}
