//! Changing job orders: a head office drafts, edits and submits; DOLAB decides, once. Each
//! write reads and writes the status in one transaction and is audited.

#[allow(unused_imports)]
use super::*;

pub(super) fn order_json(o: &job_order::Model) -> serde_json::Value {
    serde_json::json!({
        "status": o.status, "market": o.market_code, "employer": o.employer_name,
        "occupation": o.occupation, "occupation_code": o.occupation_code, "headcount": o.headcount, "wage": o.wage_amount,
        "currency": o.wage_currency, "term_months": o.term_months,
        "service_fee_vnd": o.service_fee_vnd, "deposit_vnd": o.deposit_vnd, "form": o.form,
        "programme": o.programme,
    })
}

/// The draft's market and occupation must be on our lists (the form's parser could not ask the
/// database); the occupation's Vietnamese label, stored beside its code.
pub(super) async fn check_market(
    backend: &Backend,
    d: &OrderDraft,
) -> Result<String, ServiceError> {
    use crate::views::job_orders::fields;
    let reference = backend.reference.get(&backend.db).await?;
    let mut e = crate::domain::forms::FieldErrors::default();
    if !reference.markets.iter().any(|m| m.code == d.market_code) {
        e.add(fields::MARKET_CODE, crate::domain::forms::Problem::Choice);
    }
    let label = reference
        .occupation(&d.occupation_code)
        .map(|o| o.name_vi.clone());
    if label.is_none() {
        e.add(fields::OCCUPATION, crate::domain::forms::Problem::Choice);
    }
    match label {
        Some(label) if e.is_empty() => Ok(label),
        _ => Err(ServiceError::Invalid(e)),
    }
}

/// A revoked agency drafts, sends and gets approved no order; a suspended one none for the
/// market it is suspended in (on `day`).
pub(super) async fn may_recruit<C: ConnectionTrait>(
    db: &C,
    agency_id: i32,
    market: &str,
    day: NaiveDate,
) -> Result<(), ServiceError> {
    use crate::domain::lifecycle::{Refusal, StepError};
    let a = agency::Entity::find_by_id(agency_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let facts = agency_facts(db, &a, market, day).await?;
    let mut refusals = Vec::new();
    if facts.licence == LicenceStatus::Revoked {
        refusals.push(Refusal::LicenceRevoked);
    }
    if let Some(until) = facts.suspended_until {
        refusals.push(Refusal::SuspendedInMarket {
            market: market.to_owned(),
            until,
        });
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Refused(StepError {
            fields: crate::domain::forms::FieldErrors::default(),
            refusals,
        }))
    }
}

/// A new draft of the actor's agency. Returns its id.
pub async fn draft(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    d: OrderDraft,
) -> Result<i32, ServiceError> {
    let agency_id = require_own_agency(backend, meta, actor, Action::ManageOrders).await?;
    let label = check_market(backend, &d).await?;
    may_recruit(
        &backend.db,
        agency_id,
        &d.market_code,
        backend.clock.today(),
    )
    .await?;
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let mut o = job_order::ActiveModel {
        agency_id: Set(agency_id),
        status: Set(OrderStatus::Draft.as_str().to_owned()),
        filled: Set(0),
        created_at: Set(now),
        ..Default::default()
    };
    set_terms(&mut o, d, label);
    let o = o.insert(&txn).await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("job_order.drafted")
            .by(actor)
            .record("job_order", o.id)
            .agency(Some(agency_id))
            .after(order_json(&o)),
    )
    .await?;
    txn.commit().await?;
    Ok(o.id)
}

/// The terms a head office writes on a draft.
pub(super) fn set_terms(o: &mut job_order::ActiveModel, d: OrderDraft, occupation_label: String) {
    o.market_code = Set(d.market_code);
    o.employer_name = Set(d.employer_name);
    o.occupation = Set(occupation_label);
    o.occupation_code = Set(Some(d.occupation_code));
    o.headcount = Set(i32::try_from(d.headcount).unwrap_or(i32::MAX));
    o.wage_amount = Set(d.wage_amount);
    o.wage_currency = Set(d.wage_currency);
    o.term_months = Set(i32::try_from(d.term_months).unwrap_or(0));
    o.service_fee_vnd = Set(d.service_fee_vnd);
    o.deposit_vnd = Set(d.deposit_vnd);
    o.form = Set(d.form.as_str().to_owned());
    o.programme = Set(d.programme.as_str().to_owned());
    o.working_conditions = Set(Some(d.working_conditions).filter(|w| !w.is_empty()));
}

/// The head office changes the terms of a draft (or of an order DOLAB rejected) before sending
/// it. An order DOLAB has before it, or has approved, is not changed. The status is read inside
/// the transaction (locked, on PostgreSQL) and the update matches only while it is still the
/// status that was read, so a submit or a decision racing an edit cannot slip changed terms past
/// DOLAB, and the audit's "before" is what the edit replaced.
pub async fn edit(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
    d: OrderDraft,
) -> Result<(), ServiceError> {
    load_managed(backend, meta, actor, id).await?;
    let label = check_market(backend, &d).await?;
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let (o, status) = locked(&txn, id).await?;
    if !status.may_edit() {
        return Err(ServiceError::Problem(
            crate::domain::forms::FormProblem::StateChanged,
        ));
    }
    let before = order_json(&o);
    let mut m: job_order::ActiveModel = Default::default();
    set_terms(&mut m, d, label);
    let updated = job_order::Entity::update_many()
        .set(m)
        .filter(job_order::Column::Id.eq(id))
        .filter(job_order::Column::Status.eq(status.as_str()))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Problem(
            crate::domain::forms::FormProblem::StateChanged,
        ));
    }
    let o = load(&txn, id).await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("job_order.edited")
            .by(actor)
            .record("job_order", id)
            .agency(Some(o.agency_id))
            .before(before)
            .after(order_json(&o)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub(super) async fn load<C: ConnectionTrait>(
    db: &C,
    id: i32,
) -> Result<job_order::Model, ServiceError> {
    job_order::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The order and its status, read inside `txn` and locked there (on PostgreSQL) until it ends;
/// a status that cannot be read is an error, never a draft.
pub(super) async fn locked(
    txn: &DatabaseTransaction,
    id: i32,
) -> Result<(job_order::Model, OrderStatus), ServiceError> {
    let o = job_order::Entity::find_by_id(id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let status = stored("job_orders.status", o.id, &o.status)?;
    Ok((o, status))
}

/// Asks the policy whether the actor's head office manages this order (outside any
/// transaction: a refusal is audited, and an order never changes agency). Another agency's
/// order is not found.
pub(super) async fn load_managed(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<(), ServiceError> {
    let o = load(&backend.db, id).await?;
    require(
        backend,
        meta,
        actor,
        Action::ManageOrders,
        Target::Agency(o.agency_id),
        ("job_order", id.to_string()),
    )
    .await
    .map_err(ServiceError::hidden)
}

/// The head office sends a draft (or a rejected order) to DOLAB. A new submission carries no
/// decision: the date, the officer and the reason of an earlier rejection are cleared (the
/// rejection stays in the audit trail).
pub async fn submit(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<(), ServiceError> {
    load_managed(backend, meta, actor, id).await?;
    let now = backend.clock.now();
    let today = backend.clock.today();
    let txn = backend.begin_write().await?;
    let (o, status) = locked(&txn, id).await?;
    if !status.may_submit() {
        return Err(ServiceError::Problem(
            crate::domain::forms::FormProblem::StateChanged,
        ));
    }
    may_recruit(&txn, o.agency_id, &o.market_code, today).await?;
    let before = order_json(&o);
    let updated = job_order::Entity::update_many()
        .col_expr(
            job_order::Column::Status,
            Expr::value(OrderStatus::Submitted.as_str()),
        )
        .col_expr(job_order::Column::SubmittedOn, Expr::value(Some(today)))
        .col_expr(
            job_order::Column::DecidedOn,
            Expr::value(Option::<NaiveDate>::None),
        )
        .col_expr(
            job_order::Column::DecidedBy,
            Expr::value(Option::<i32>::None),
        )
        .col_expr(
            job_order::Column::DecisionReason,
            Expr::value(Option::<String>::None),
        )
        .filter(job_order::Column::Id.eq(id))
        .filter(job_order::Column::Status.eq(status.as_str()))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Problem(
            crate::domain::forms::FormProblem::StateChanged,
        ));
    }
    let o = load(&txn, id).await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("job_order.submitted")
            .by(actor)
            .record("job_order", id)
            .agency(Some(o.agency_id))
            .before(before)
            .after(order_json(&o)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// DOLAB approves or rejects a submitted order, once: the update matches only while the order
/// is still submitted, so of two decisions at once exactly one is taken and the other is told
/// it was already decided. The agency's administrators are told by email.
pub async fn decide_order(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
    approve: bool,
    reason: String,
) -> Result<(), ServiceError> {
    use crate::domain::forms::FormProblem;
    require(
        backend,
        meta,
        actor,
        Action::DecideOrders,
        Target::Nothing,
        ("job_order", id.to_string()),
    )
    .await?;
    let now = backend.clock.now();
    let today = backend.clock.today();
    let txn = backend.begin_write().await?;
    let (o, current) = locked(&txn, id).await?;
    match current {
        OrderStatus::Submitted => {}
        OrderStatus::Approved | OrderStatus::Rejected => {
            return Err(ServiceError::Problem(FormProblem::AlreadyDecided))
        }
        // DOLAB never sees a draft: deciding one is deciding nothing that exists for it.
        OrderStatus::Draft => return Err(ServiceError::NotFound),
    }
    if approve {
        may_recruit(&txn, o.agency_id, &o.market_code, today).await?;
    }
    let before = order_json(&o);
    let status = if approve {
        OrderStatus::Approved
    } else {
        OrderStatus::Rejected
    };
    let updated = job_order::Entity::update_many()
        .col_expr(job_order::Column::Status, Expr::value(status.as_str()))
        .col_expr(job_order::Column::DecidedOn, Expr::value(Some(today)))
        .col_expr(
            job_order::Column::DecidedBy,
            Expr::value(actor.map(|a| a.user_id)),
        )
        .col_expr(
            job_order::Column::DecisionReason,
            Expr::value(Some(reason.clone()).filter(|r| !r.is_empty())),
        )
        .filter(job_order::Column::Id.eq(id))
        .filter(job_order::Column::Status.eq(OrderStatus::Submitted.as_str()))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::AlreadyDecided));
    }
    let o = load(&txn, id).await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new(if approve {
            "job_order.approved"
        } else {
            "job_order.rejected"
        })
        .by(actor)
        .record("job_order", id)
        .agency(Some(o.agency_id))
        .before(before)
        .after(order_json(&o)),
    )
    .await?;
    let admins = user::Entity::find()
        .filter(user::Column::AgencyId.eq(o.agency_id))
        .filter(user::Column::Role.eq(Role::AgencyAdmin.as_str()))
        .filter(user::Column::Status.eq("active"))
        .all(&txn)
        .await?;
    let link = format!("{}/orders/{id}", backend.settings.public_url);
    for a in admins {
        let lang = stored("users.lang", a.id, &a.lang)?;
        let msg = outbox::order_decided(
            lang,
            &a.email,
            id,
            &o.employer_name,
            approve,
            &reason,
            &link,
        );
        outbox::enqueue(&txn, now, msg, &backend.settings.mail_domain()).await?;
    }
    txn.commit().await?;
    Ok(())
}
