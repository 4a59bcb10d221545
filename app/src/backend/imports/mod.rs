//! Importing workers and their cases from a file. The file is read (`read`), its rows checked
//! by the domain's rules, then against the database and the law's guards without writing
//! (`check`), and only a clean file is written, in one short transaction with bulk inserts
//! (`write`). Long files run as background jobs recorded in the database (`jobs`).

pub mod check;
pub mod jobs;
pub mod read;
pub mod write;

use super::audit::RequestMeta;
use super::{Backend, ServiceError};
use crate::domain::access::Actor;
use crate::domain::import::{check_records, ImportRow, RowError};
use crate::views::forms::UploadedFile;

pub use jobs::{progress, Progress};

/// Files with more rows than this import in the background, with progress shown.
pub const BACKGROUND_FROM_ROWS: usize = 100;

/// What became of an import form.
pub enum Imported {
    /// The file was clean; this many cases were opened.
    Opened(usize),
    /// Nothing was written; the problems by line and column.
    Rejected(Vec<RowError>),
    /// A long file runs in the background; its page follows the job.
    Background(String),
}

/// The import form: the file is read and checked whole, then short files are imported at once
/// and long ones in the background. The agency's right to open cases is checked before the
/// file is even read.
pub async fn submit(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    file: &UploadedFile,
) -> Result<Imported, ServiceError> {
    let agency_id = super::access::require_own_agency(
        backend,
        meta,
        actor,
        crate::domain::access::Action::ManageCases,
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let records = match read::read_file(file) {
        Ok(records) => records,
        Err(problem) => {
            return Ok(Imported::Rejected(vec![RowError {
                line: 1,
                column: String::new(),
                problem,
            }]))
        }
    };
    let rows = match check_records(&records) {
        Ok(rows) => rows,
        Err(errors) => return Ok(Imported::Rejected(errors)),
    };
    if rows.len() > BACKGROUND_FROM_ROWS {
        let id = jobs::start(backend, meta, actor, agency_id, rows).await?;
        return Ok(Imported::Background(id));
    }
    Ok(
        match run(backend, meta, actor, agency_id, rows, &Progress::none()).await? {
            Ok(n) => Imported::Opened(n),
            Err(errors) => Imported::Rejected(errors),
        },
    )
}

/// Checks the rows against the database, then writes them if all pass.
pub async fn run(
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    agency_id: i32,
    rows: Vec<ImportRow>,
    progress: &Progress,
) -> Result<Result<usize, Vec<RowError>>, ServiceError> {
    let plan = match check::check(backend, agency_id, rows, progress).await? {
        Ok(plan) => plan,
        Err(rejection) => {
            super::corrections::file_conflicts(
                backend,
                meta,
                actor,
                agency_id,
                &rejection.conflicts,
                "Importing a file of cases",
            )
            .await?;
            return Ok(Err(rejection.errors));
        }
    };
    write::write(backend, meta, actor, agency_id, plan, progress.0.as_ref()).await
}
