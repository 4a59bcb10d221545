//! Background imports as rows of `import_jobs`: state, progress, result and owner live in the
//! database, so any server process shows a job's progress, after a restart too. The process that
//! runs a job renews its lease while it runs; a running job whose lease ran out belongs to a
//! process that died, and says so: interrupted, nothing written (its write phase is one
//! transaction that also marks it done, so a dead process leaves no half-import). The database
//! allows one running job per agency (a partial unique index).

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, SqlErr,
};

use super::super::audit::RequestMeta;
use super::super::decode::{stored, stored_json, stored_number};
use super::super::entity::import_job;
use super::super::{Backend, ServiceError};
use crate::domain::access::Actor;
use crate::domain::forms::FormProblem;
use crate::domain::import::{ImportRow, ImportState, RowError};
use crate::views::cases::ImportProgressView;

/// Progress is written every this many rows checked.
const PROGRESS_EVERY: usize = 250;

const RUNNING: [&str; 2] = ["checking", "writing"];

/// A job this process runs: its id and this process's runner token, for conditional updates
/// that do nothing once the job is no longer this process's to run.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: String,
    runner: String,
    lease: Duration,
}

/// How a running import reports how far it has come; nothing for an import run at once.
pub struct Progress(pub(super) Option<Job>);

impl Progress {
    pub fn none() -> Progress {
        Progress(None)
    }

    /// `n` rows are checked; written now and then, never failing the import for it.
    pub async fn checked(&self, backend: &Backend, n: usize) -> Result<(), ServiceError> {
        let Some(job) = &self.0 else {
            return Ok(());
        };
        if !n.is_multiple_of(PROGRESS_EVERY) {
            return Ok(());
        }
        let done = i32::try_from(n).unwrap_or(i32::MAX);
        let written = job
            .update(&backend.db, backend.clock.now(), |q| {
                q.col_expr(import_job::Column::Done, Expr::value(done))
            })
            .await;
        // Only the progress bar depends on it (another writer may hold SQLite's lock a while).
        if let Err(e) = written {
            tracing::warn!(error = %e, job = %job.id, "import progress not recorded");
        }
        Ok(())
    }
}

fn lease_end(now: DateTime<Utc>, lease: Duration) -> DateTime<Utc> {
    now + TimeDelta::from_std(lease).unwrap_or(TimeDelta::seconds(15))
}

impl Job {
    /// A conditional update of this job while this process runs it; whether it still did.
    async fn update<C: ConnectionTrait>(
        &self,
        db: &C,
        now: DateTime<Utc>,
        set: impl FnOnce(
            sea_orm::UpdateMany<import_job::Entity>,
        ) -> sea_orm::UpdateMany<import_job::Entity>,
    ) -> Result<bool, ServiceError> {
        let q = import_job::Entity::update_many()
            .col_expr(import_job::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                import_job::Column::LeaseUntil,
                Expr::value(lease_end(now, self.lease)),
            )
            .filter(import_job::Column::Id.eq(self.id.as_str()))
            .filter(import_job::Column::Runner.eq(self.runner.as_str()))
            .filter(import_job::Column::State.is_in(RUNNING));
        Ok(set(q).exec(db).await?.rows_affected == 1)
    }

    /// Inside the write transaction: the job is still this process's, now writing.
    pub async fn start_writing<C: ConnectionTrait>(
        &self,
        db: &C,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let still_ours = self
            .update(db, now, |q| {
                q.col_expr(
                    import_job::Column::State,
                    Expr::value(ImportState::Writing.as_str()),
                )
                .col_expr(
                    import_job::Column::Done,
                    Expr::col(import_job::Column::Total).into(),
                )
            })
            .await?;
        if still_ours {
            Ok(())
        } else {
            Err(ServiceError::Unexpected(
                "the import was taken for interrupted before its write".into(),
            ))
        }
    }

    /// Records the end: done with this many cases, or rejected with these problems.
    pub async fn finish_in<C: ConnectionTrait>(
        &self,
        db: &C,
        now: DateTime<Utc>,
        result: Result<usize, Vec<RowError>>,
    ) -> Result<(), ServiceError> {
        let (state, opened, errors) = match result {
            Ok(n) => (ImportState::Done, i32::try_from(n).ok(), None),
            Err(errors) => (
                ImportState::Rejected,
                None,
                Some(
                    serde_json::to_string(&errors)
                        .map_err(|e| ServiceError::Unexpected(Box::new(e)))?,
                ),
            ),
        };
        self.update(db, now, |q| {
            q.col_expr(import_job::Column::State, Expr::value(state.as_str()))
                .col_expr(import_job::Column::Opened, Expr::value(opened))
                .col_expr(import_job::Column::ErrorsJson, Expr::value(errors))
        })
        .await?;
        Ok(())
    }

    /// The server failed while running it: nothing was written.
    async fn fail(&self, backend: &Backend) -> Result<(), ServiceError> {
        self.update(&backend.db, backend.clock.now(), |q| {
            q.col_expr(
                import_job::Column::State,
                Expr::value(ImportState::Failed.as_str()),
            )
        })
        .await?;
        Ok(())
    }

    /// Renews the lease while the job runs; ends when the job no longer runs here.
    async fn keep_alive(self, backend: Backend) {
        loop {
            tokio::time::sleep(self.lease / 3).await;
            match self.update(&backend.db, backend.clock.now(), |q| q).await {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => tracing::warn!(error = %e, job = %self.id, "import lease not renewed"),
            }
        }
    }
}

/// Marks the agency's running jobs whose lease ran out as interrupted (their process died).
async fn free_stale(backend: &Backend, agency_id: i32, now: DateTime<Utc>) -> Result<(), DbErr> {
    import_job::Entity::update_many()
        .col_expr(
            import_job::Column::State,
            Expr::value(ImportState::Interrupted.as_str()),
        )
        .col_expr(import_job::Column::UpdatedAt, Expr::value(now))
        .filter(import_job::Column::AgencyId.eq(agency_id))
        .filter(import_job::Column::State.is_in(RUNNING))
        .filter(import_job::Column::LeaseUntil.lt(now))
        .exec(&backend.db)
        .await?;
    Ok(())
}

/// Records a new running job for the agency and runs it in the background; its id. Refused
/// while another import of the agency runs (the database's unique index decides).
pub async fn start(
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    agency_id: i32,
    rows: Vec<ImportRow>,
) -> Result<String, ServiceError> {
    let now = backend.clock.now();
    free_stale(backend, agency_id, now).await?;
    let job = Job {
        id: super::super::secrets::new_token(),
        runner: backend.instance.to_string(),
        lease: backend.import_lease,
    };
    let inserted = import_job::ActiveModel {
        id: Set(job.id.clone()),
        agency_id: Set(agency_id),
        owner_user_id: Set(actor.user_id),
        state: Set(ImportState::Checking.as_str().to_owned()),
        total: Set(i32::try_from(rows.len()).unwrap_or(i32::MAX)),
        done: Set(0),
        opened: Set(None),
        errors_json: Set(None),
        runner: Set(job.runner.clone()),
        lease_until: Set(lease_end(now, job.lease)),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&backend.db)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(ServiceError::Problem(FormProblem::ImportRunning));
        }
        Err(e) => return Err(e.into()),
    }
    let heartbeat = tokio::spawn(job.clone().keep_alive(backend.clone()));
    let (backend, meta, actor, id) = (backend.clone(), meta.clone(), actor.clone(), job.id.clone());
    tokio::spawn(async move {
        // The lease lives exactly as long as this task: however the task ends (a result, an
        // error, a panic), the heartbeat stops, so a job that could not record its end shows
        // as interrupted once its lease runs out instead of holding its agency's turn forever.
        let _heartbeat = AbortOnDrop(heartbeat);
        let progress = Progress(Some(job.clone()));
        match super::run(&backend, &meta, &actor, agency_id, rows, &progress).await {
            // Done is recorded inside the write transaction.
            Ok(Ok(_)) => {}
            Ok(Err(errors)) => {
                if let Err(e) = job
                    .finish_in(&backend.db, backend.clock.now(), Err(errors))
                    .await
                {
                    tracing::error!(error = %e, job = %job.id, "import result not recorded");
                }
            }
            Err(e) => {
                tracing::error!(error = %e, job = %job.id, "background import failed");
                if let Err(e) = job.fail(&backend).await {
                    tracing::error!(error = %e, job = %job.id, "import failure not recorded");
                }
            }
        }
    });
    Ok(id)
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// How far a background import has come; only its own agency may ask, from any process.
pub async fn progress(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: &str,
) -> Result<ImportProgressView, ServiceError> {
    let agency_id = super::super::access::require_own_agency(
        backend,
        meta,
        actor,
        crate::domain::access::Action::ManageCases,
    )
    .await?;
    let now = backend.clock.now();
    let find = || {
        import_job::Entity::find_by_id(id.to_owned())
            .filter(import_job::Column::AgencyId.eq(agency_id))
            .one(&backend.db)
    };
    let mut row = find().await?.ok_or(ServiceError::NotFound)?;
    let state = stored_state(&row)?;
    if state.is_running() && row.lease_until < now {
        free_stale(backend, agency_id, now).await?;
        row = find().await?.ok_or(ServiceError::NotFound)?;
    }
    view(&row)
}

fn stored_state(row: &import_job::Model) -> Result<ImportState, ServiceError> {
    stored("import_jobs.state", &row.id, &row.state)
}

fn view(row: &import_job::Model) -> Result<ImportProgressView, ServiceError> {
    let state = stored_state(row)?;
    let errors: Vec<RowError> = match &row.errors_json {
        Some(json) => stored_json("import_jobs.errors_json", &row.id, json)?,
        None => Vec::new(),
    };
    let total: usize = stored_number("import_jobs.total", &row.id, row.total)?;
    let done: usize = stored_number("import_jobs.done", &row.id, row.done)?;
    let imported = row
        .opened
        .map(|n| stored_number("import_jobs.opened", &row.id, n))
        .transpose()?;
    Ok(ImportProgressView {
        state,
        total,
        done: done.min(total),
        finished: !state.is_running(),
        imported,
        errors,
    })
}
