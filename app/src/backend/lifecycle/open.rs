//! Opening a case: a worker applies, or agency staff open one by citizen ID; the place on the order and the one open case are held by the database.

#[allow(unused_imports)]
use super::*;

pub(super) async fn open_case_count<C: ConnectionTrait>(
    db: &C,
    worker_id: i32,
) -> Result<u64, ServiceError> {
    let closed: Vec<&str> = CaseState::ALL
        .into_iter()
        .filter(|s| s.is_terminal())
        .map(CaseState::as_str)
        .collect();
    Ok(case::Entity::find()
        .filter(case::Column::WorkerId.eq(worker_id))
        .filter(case::Column::State.is_not_in(closed))
        .count(db)
        .await?)
}

/// Takes a place on the order, if one is left: one conditional UPDATE, so two applications
/// racing for the last place cannot both get it.
pub(super) async fn take_place<C: ConnectionTrait>(
    db: &C,
    order_id: i32,
) -> Result<bool, ServiceError> {
    let res = job_order::Entity::update_many()
        .col_expr(
            job_order::Column::Filled,
            Expr::col(job_order::Column::Filled).add(1),
        )
        .filter(job_order::Column::Id.eq(order_id))
        .filter(Expr::col(job_order::Column::Filled).lt(Expr::col(job_order::Column::Headcount)))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub(super) async fn give_back_place<C: ConnectionTrait>(
    db: &C,
    order_id: i32,
) -> Result<(), ServiceError> {
    job_order::Entity::update_many()
        .col_expr(
            job_order::Column::Filled,
            Expr::col(job_order::Column::Filled).sub(1),
        )
        .filter(job_order::Column::Id.eq(order_id))
        .filter(job_order::Column::Filled.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Creates the case of `w` under `order`, after the application guards. Inside `txn`.
#[allow(clippy::too_many_arguments)]
pub(super) async fn create_case(
    txn: &DatabaseTransaction,
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    w: &worker::Model,
    order: &job_order::Model,
    rules: &Rules,
    action: &'static str,
) -> Result<i32, ServiceError> {
    let today = backend.clock.today();
    let now = backend.clock.now();
    let agency = agency::Entity::find_by_id(order.agency_id)
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let book = rules::book(backend).await?;
    let facts = agency_facts(txn, &agency, &order.market_code, today).await?;
    let mut refusals = application_guards(
        rules,
        today,
        w.birth_date,
        &facts,
        &order_facts(order, &book, today)?,
    );
    // The count gives the refusal its words; the database's index on open cases is what keeps a
    // second one out when two applications of one worker arrive at once.
    if open_case_count(txn, w.id).await? > 0 {
        refusals.push(Refusal::OpenCaseExists);
    }
    if !refusals.is_empty() {
        return Err(ServiceError::Refused(StepError {
            fields: FieldErrors::default(),
            refusals,
        }));
    }
    if !take_place(txn, order.id).await? {
        return Err(refused(Refusal::HeadcountFull {
            headcount: stored_number("job_orders.headcount", order.id, order.headcount)?,
        }));
    }
    let c = insert_open_case(
        txn,
        case::ActiveModel {
            worker_id: Set(w.id),
            agency_id: Set(order.agency_id),
            job_order_id: Set(order.id),
            state: Set(CaseState::Applied.as_str().to_owned()),
            applied_on: Set(today),
            details: Set("{}".to_owned()),
            version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        },
    )
    .await?;
    case_event::ActiveModel {
        case_id: Set(c.id),
        kind: Set("applied".to_owned()),
        to_state: Set(Some(CaseState::Applied.as_str().to_owned())),
        happened_on: Set(today),
        data: Set("{}".to_owned()),
        user_id: Set(Some(actor.user_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::append(
        txn,
        &backend.keys,
        now,
        meta,
        Entry::new(action)
            .by(Some(actor))
            .record("case", c.id)
            .agency(Some(order.agency_id))
            .case(c.id)
            .after(serde_json::json!({"state": "applied", "job_order": order.id, "worker": w.id})),
    )
    .await?;
    notify_worker(txn, backend, w, c.id, CaseState::Applied, |lang| {
        words::state(lang, CaseState::Applied).to_owned()
    })
    .await?;
    Ok(c.id)
}

/// Inserts a new open case, in a savepoint of `txn`: the unique index on open cases
/// (`idx_cases_one_open_per_worker`) refuses a second one for the worker with the same answer as
/// the count before it, and the savepoint leaves `txn` usable (an import goes on to its other
/// lines). Whoever took the place on the order gives it back when `txn` rolls back.
pub(super) async fn insert_open_case(
    txn: &DatabaseTransaction,
    c: case::ActiveModel,
) -> Result<case::Model, ServiceError> {
    let savepoint = txn.begin().await?;
    match c.insert(&savepoint).await {
        Ok(c) => {
            savepoint.commit().await?;
            Ok(c)
        }
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            savepoint.rollback().await?;
            Err(refused(Refusal::OpenCaseExists))
        }
        Err(e) => Err(e.into()),
    }
}

/// An order one may apply to or open a case on, as far as this actor may know of it: an order
/// that is not approved, for a worker, or another agency's order, for agency staff, answers as
/// one that does not exist, so nobody learns of orders that are not theirs to see.
pub(super) async fn visible_order(
    backend: &Backend,
    order_id: i32,
    visible: impl Fn(&job_order::Model, OrderStatus) -> bool,
) -> Result<job_order::Model, ServiceError> {
    let order = job_order::Entity::find_by_id(order_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let status = stored("job_orders.status", order.id, &order.status)?;
    if visible(&order, status) {
        Ok(order)
    } else {
        Err(ServiceError::NotFound)
    }
}

/// A signed-in worker applies to an approved order.
pub async fn apply(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    order_id: i32,
) -> Result<i32, ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::Apply,
        Target::Nothing,
        ("job_order", order_id.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let worker_id = actor.worker_id.ok_or(ServiceError::Forbidden)?;
    let order = visible_order(backend, order_id, |_, status| {
        status == OrderStatus::Approved
    })
    .await?;
    let rules = rules::on(backend, backend.clock.today()).await?;
    let txn = backend.begin_write().await?;
    let w = worker::Entity::find_by_id(worker_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let id = create_case(
        &txn,
        backend,
        meta,
        actor,
        &w,
        &order,
        &rules,
        "case.applied",
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Agency staff open a case for a person found (or first recorded) by citizen ID. The same
/// citizen ID is always the same person: an existing record is used only if the name and birth
/// date agree with it.
pub async fn open_case(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    person: NewWorker,
    order_id: i32,
) -> Result<i32, ServiceError> {
    let agency_id = require_own_agency(backend, meta, actor, Action::ManageCases).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    // The agency's own orders in any status: the guards refuse one that is not approved, and say
    // why.
    let order = visible_order(backend, order_id, |o, _| o.agency_id == agency_id).await?;
    let rules = rules::on(backend, backend.clock.today()).await?;
    let txn = backend.begin_write().await?;
    let w = match find_or_create_worker(&txn, backend, &person, agency_id).await? {
        Ok(w) => w,
        Err(conflict) => {
            // The refused case's transaction ends here; the conflict is acted on in its own.
            drop(txn);
            let reason = format!("Opening a case for order #{}", order.id);
            corrections::file_conflicts(
                backend,
                meta,
                actor,
                agency_id,
                &[(conflict, person)],
                &reason,
            )
            .await?;
            return Err(corrections::needs_correction());
        }
    };
    let id = create_case(
        &txn,
        backend,
        meta,
        actor,
        &w,
        &order,
        &rules,
        "case.opened",
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

pub(super) async fn find_or_create_worker<C: ConnectionTrait>(
    db: &C,
    backend: &Backend,
    p: &NewWorker,
    agency_id: i32,
) -> Result<Result<worker::Model, Conflict>, ServiceError> {
    if let Some(w) = worker::Entity::find()
        .filter(worker::Column::CitizenId.eq(p.citizen_id.as_str()))
        .one(db)
        .await?
    {
        if !corrections::same_person(&w, p) {
            return Ok(Err(Conflict::Details(w)));
        }
        // An open case with another agency is not this agency's to know of.
        if open_case_agencies(db, w.id)
            .await?
            .iter()
            .any(|a| *a != agency_id)
        {
            return Ok(Err(Conflict::OpenElsewhere(w)));
        }
        return Ok(Ok(w));
    }
    let old_code = &p.citizen_id[1..3];
    let old = old_province::Entity::find_by_id(old_code.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| {
            let mut e = FieldErrors::default();
            e.add(
                "citizen_id",
                Problem::CitizenId(crate::domain::citizen_id::CitizenIdError::Province),
            );
            ServiceError::Invalid(e)
        })?;
    Ok(Ok(worker::ActiveModel {
        citizen_id: Set(p.citizen_id.clone()),
        full_name: Set(p.full_name.clone()),
        birth_date: Set(p.birth_date),
        sex: Set(p.sex.as_str().to_owned()),
        phone: Set(p.phone.clone()),
        email: Set(None),
        province_code: Set(old.new_code),
        old_province_code: Set(Some(old.code)),
        ethnicity: Set(String::new()),
        household: Set("unknown".into()),
        created_at: Set(backend.clock.now()),
        ..Default::default()
    }
    .insert(db)
    .await?))
}

/// The agencies of a worker's open cases (one at most, by the database's index).
async fn open_case_agencies<C: ConnectionTrait>(
    db: &C,
    worker_id: i32,
) -> Result<Vec<i32>, ServiceError> {
    use sea_orm::QuerySelect;
    let closed: Vec<&str> = CaseState::ALL
        .into_iter()
        .filter(|s| s.is_terminal())
        .map(CaseState::as_str)
        .collect();
    Ok(case::Entity::find()
        .select_only()
        .column(case::Column::AgencyId)
        .filter(case::Column::WorkerId.eq(worker_id))
        .filter(case::Column::State.is_not_in(closed))
        .into_tuple()
        .all(db)
        .await?)
}
