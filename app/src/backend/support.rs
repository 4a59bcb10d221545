//! Poverty-programme support: a worker's household statuses, what each item is worth to them
//! on the act's day, the support paid (once per item and programme period, the database holds
//! it), the province's budget and what remains, by province and year. Job-connection claims
//! are in `support_claims`.

use std::collections::BTreeMap;

use chrono::Datelike;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::access::require;
use super::audit::{self, Entry, RequestMeta};
use super::decode::stored;
use super::entity::{household_status, province, support_budget, support_payment, worker};
use super::{rules, Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, Decision, Target, WorkerFacts};
use crate::domain::forms::{FieldErrors, FormProblem, Problem};
use crate::domain::lifecycle::{Refusal, StepError};
use crate::domain::rules::RuleBook;
use crate::domain::support::{
    entitlement, period_of, HouseholdStatus, Measure, NotEntitled, SupportItem,
};
use crate::views::support::{
    fields, HouseholdStatusInput, ItemTotal, ItemView, ProvinceYearView, StatusView,
    SupportBudgetInput, SupportOverview, SupportPaymentInput, SupportPaymentView, WorkerRowView,
    WorkerSupportView,
};

pub(crate) fn worker_facts(w: &worker::Model) -> WorkerFacts {
    WorkerFacts {
        worker_id: w.id,
        province: w.province_code.clone(),
    }
}

fn refused(r: Refusal) -> ServiceError {
    ServiceError::Refused(StepError {
        fields: FieldErrors::default(),
        refusals: vec![r],
    })
}

fn field(name: &str, p: Problem) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(name, p);
    ServiceError::Invalid(e)
}

fn not_entitled(n: NotEntitled) -> Refusal {
    match n {
        NotEntitled::NoStatus { year } => Refusal::NoHouseholdStatus { year },
        NotEntitled::Missing(m) => Refusal::from(m),
    }
}

/// A worker the actor may act on with `action`; anyone else is told it does not exist, and the
/// refusal is audited.
async fn worker_for(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    action: Action,
    worker_id: i32,
) -> Result<worker::Model, ServiceError> {
    let w = worker::Entity::find_by_id(worker_id)
        .one(&backend.db)
        .await?;
    let facts = w.as_ref().map(worker_facts).unwrap_or(WorkerFacts {
        worker_id,
        province: String::new(),
    });
    require(
        backend,
        meta,
        actor,
        action,
        Target::Worker(&facts),
        ("worker", worker_id.to_string()),
    )
    .await
    .map_err(|e| match e {
        // Someone who may see this worker's support is told they may not do this; anyone else
        // that the worker does not exist.
        ServiceError::Forbidden
            if w.is_some()
                && decide(actor, Action::ViewSupport, Target::Worker(&facts))
                    == Decision::Allow =>
        {
            ServiceError::Forbidden
        }
        ServiceError::Forbidden => ServiceError::NotFound,
        other => other,
    })?;
    w.ok_or(ServiceError::NotFound)
}

fn status_of(m: &household_status::Model) -> Result<HouseholdStatus, ServiceError> {
    stored("household_statuses.status", m.id, &m.status)
}

async fn statuses_in<C: ConnectionTrait>(
    db: &C,
    worker_id: i32,
    year: i32,
) -> Result<Vec<HouseholdStatus>, ServiceError> {
    household_status::Entity::find()
        .filter(household_status::Column::WorkerId.eq(worker_id))
        .filter(household_status::Column::Year.eq(year))
        .all(db)
        .await?
        .iter()
        .map(status_of)
        .collect()
}

fn payment_view(p: &support_payment::Model) -> Result<SupportPaymentView, ServiceError> {
    Ok(SupportPaymentView {
        id: p.id,
        item: stored("support_payments.item", p.id, &p.item)?,
        period: p.period,
        amount_vnd: p.amount_vnd,
        quantity: p.quantity,
        status: stored("support_payments.status", p.id, &p.status)?,
        share_bps: p.share_bps,
        rate_vnd: p.rate_vnd,
        paid_on: p.paid_on,
        receipt_no: p.receipt_no.clone(),
        receipt_amount_vnd: p.receipt_amount_vnd,
        note: p.note.clone(),
    })
}

/// A worker's support: their statuses, what each item is worth today (one day or month where
/// it counts them) at the highest rate that applies, and what was paid. The worker, the
/// province's officer, national officers and inspectors.
pub async fn worker_view(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    worker_id: i32,
) -> Result<WorkerSupportView, ServiceError> {
    let w = worker_for(backend, meta, actor, Action::ViewSupport, worker_id).await?;
    let today = backend.clock.today();
    let book = rules::book(backend).await?;
    let statuses = household_status::Entity::find()
        .filter(household_status::Column::WorkerId.eq(w.id))
        .order_by_desc(household_status::Column::Year)
        .order_by_asc(household_status::Column::Status)
        .all(&backend.db)
        .await?;
    let this_year = statuses
        .iter()
        .filter(|s| s.year == today.year())
        .map(status_of)
        .collect::<Result<Vec<_>, _>>()?;
    let payments = support_payment::Entity::find()
        .filter(support_payment::Column::WorkerId.eq(w.id))
        .order_by_desc(support_payment::Column::PaidOn)
        .order_by_desc(support_payment::Column::Id)
        .all(&backend.db)
        .await?
        .iter()
        .map(payment_view)
        .collect::<Result<Vec<_>, _>>()?;
    let period = period_of(&book, today).ok();
    let items = SupportItem::ALL
        .into_iter()
        .map(|item| {
            let (entitlement, refusal) = match entitlement(&book, item, &this_year, 1, today) {
                Ok(e) => (Some(e), None),
                Err(n) => (None, Some(not_entitled(n))),
            };
            ItemView {
                item,
                entitlement,
                refusal,
                paid: payments
                    .iter()
                    .find(|p| p.item == item && Some(p.period) == period)
                    .cloned(),
            }
        })
        .collect();
    let facts = worker_facts(&w);
    Ok(WorkerSupportView {
        worker_id: w.id,
        worker_name: w.full_name,
        province_code: w.province_code,
        today,
        period,
        statuses: statuses
            .iter()
            .map(|s| {
                Ok(StatusView {
                    year: s.year,
                    status: status_of(s)?,
                    certificate_no: s.certificate_no.clone(),
                })
            })
            .collect::<Result<_, ServiceError>>()?,
        items,
        payments,
        may_manage: decide(actor, Action::ManageSupport, Target::Worker(&facts)) == Decision::Allow,
    })
}

/// The provincial officer records a household status for a year from the commune's
/// certificate. The same status twice for a year is refused (a unique index).
pub async fn record_status(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: HouseholdStatusInput,
) -> Result<(), ServiceError> {
    let w = worker_for(backend, meta, actor, Action::ManageSupport, input.worker_id).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let today = backend.clock.today();
    if input.year > today.year() {
        return Err(field(fields::YEAR, Problem::Future));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let row = household_status::ActiveModel {
        worker_id: Set(w.id),
        year: Set(input.year),
        status: Set(input.status.as_str().to_owned()),
        certificate_no: Set(input.certificate_no.clone()),
        recorded_by: Set(Some(actor.user_id)),
        recorded_at: Set(now),
        ..Default::default()
    };
    let row = match row.insert(&txn).await {
        Ok(row) => row,
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            return Err(field(fields::STATUS, Problem::Duplicate))
        }
        Err(e) => return Err(e.into()),
    };
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("support.status_recorded")
            .by(Some(actor))
            .record("worker", w.id)
            .after(serde_json::json!({
                "id": row.id, "year": row.year, "status": row.status,
                "certificate_no": row.certificate_no,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What the item is worth for this payment, judged on its day: the statuses of its year, the
/// rules in force then.
fn most_for(
    book: &RuleBook,
    input: &SupportPaymentInput,
    statuses: &[HouseholdStatus],
) -> Result<crate::domain::support::Entitlement, ServiceError> {
    entitlement(book, input.item, statuses, input.quantity, input.paid_on)
        .map_err(|n| refused(not_entitled(n)))
}

/// The provincial officer records an item of support paid to a worker of the province: within
/// the item's most at the highest rate the worker's statuses give on the day, once per item and
/// programme period (a unique index holds it when two officers record at once).
pub async fn record_payment(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: SupportPaymentInput,
) -> Result<(), ServiceError> {
    let w = worker_for(backend, meta, actor, Action::ManageSupport, input.worker_id).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    if input.paid_on > backend.clock.today() {
        return Err(field(fields::PAID_ON, Problem::Future));
    }
    let book = rules::book(backend).await?;
    let period = period_of(&book, input.paid_on).map_err(|m| refused(Refusal::from(m)))?;
    let statuses = statuses_in(&backend.db, w.id, input.paid_on.year()).await?;
    let e = most_for(&book, &input, &statuses)?;
    // At cost: the receipt's amount at the share. The form asks for it; a payment without one
    // has no most, and is refused rather than taken as unbounded.
    let Some(most) = e.most_payable(input.receipt_amount_vnd) else {
        return Err(field(fields::RECEIPT_AMOUNT_VND, Problem::Required));
    };
    if input.amount_vnd > most {
        return Err(field(fields::AMOUNT_VND, Problem::AtMost { max: most }));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let counted = matches!(input.item.measure(), Measure::PerDay | Measure::PerMonth);
    let row = support_payment::ActiveModel {
        worker_id: Set(w.id),
        province_code: Set(w.province_code.clone()),
        period: Set(period),
        item: Set(input.item.as_str().to_owned()),
        amount_vnd: Set(input.amount_vnd),
        quantity: Set(counted.then(|| i32::try_from(input.quantity).unwrap_or(i32::MAX))),
        status: Set(e.status.as_str().to_owned()),
        share_bps: Set(i32::try_from(e.share_bps).unwrap_or(i32::MAX)),
        rate_vnd: Set(e.rate_vnd),
        paid_on: Set(input.paid_on),
        receipt_no: Set(input.receipt_no.clone()),
        receipt_amount_vnd: Set(input.receipt_amount_vnd),
        note: Set(input.note.clone()),
        recorded_by: Set(Some(actor.user_id)),
        recorded_at: Set(now),
        ..Default::default()
    };
    let row = match row.insert(&txn).await {
        Ok(row) => row,
        Err(err)
            if matches!(
                err.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            return Err(field(fields::ITEM, Problem::PaidInPeriod { period }))
        }
        Err(err) => return Err(err.into()),
    };
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("support.paid")
            .by(Some(actor))
            .record("support_payment", row.id)
            .after(serde_json::json!({
                "worker_id": row.worker_id, "province": row.province_code, "period": row.period,
                "item": row.item, "amount_vnd": row.amount_vnd, "quantity": row.quantity,
                "status": row.status, "share_bps": row.share_bps, "rate_vnd": row.rate_vnd,
                "paid_on": row.paid_on, "receipt_no": row.receipt_no,
                "receipt_amount_vnd": row.receipt_amount_vnd, "note": row.note,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The provincial officer enters (or revises) the province's budget for a year; the audit
/// trail keeps each earlier figure. Two first saves at once: the one that loses the race for the
/// unique index is saved again as a revision of the other's figure, so neither answers with an
/// error page and the audit trail keeps both.
pub async fn record_budget(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: SupportBudgetInput,
) -> Result<(), ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::ManageSupport,
        Target::Nothing,
        ("support_budget", input.year.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let province = actor.province_code.clone().ok_or(ServiceError::Forbidden)?;
    match save_budget(backend, meta, actor, &province, &input).await? {
        BudgetSaved::Saved => Ok(()),
        // The row that won is there now: this save revises it.
        BudgetSaved::LostRace => {
            match save_budget(backend, meta, actor, &province, &input).await? {
                BudgetSaved::Saved => Ok(()),
                BudgetSaved::LostRace => Err(ServiceError::Problem(FormProblem::StateChanged)),
            }
        }
    }
}

enum BudgetSaved {
    Saved,
    /// Another first save of the same province and year committed between this one's look-up
    /// and its insert; nothing was written.
    LostRace,
}

async fn save_budget(
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    province: &str,
    input: &SupportBudgetInput,
) -> Result<BudgetSaved, ServiceError> {
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let before = support_budget::Entity::find()
        .filter(support_budget::Column::ProvinceCode.eq(province))
        .filter(support_budget::Column::Year.eq(input.year))
        .one(&txn)
        .await?;
    let before_json = before
        .as_ref()
        .map(|b| serde_json::json!({"amount_vnd": b.amount_vnd, "decision_no": b.decision_no}));
    let row = match before {
        Some(b) => {
            let mut m: support_budget::ActiveModel = b.into();
            m.amount_vnd = Set(input.amount_vnd);
            m.decision_no = Set(input.decision_no.clone());
            m.recorded_by = Set(Some(actor.user_id));
            m.recorded_at = Set(now);
            m.update(&txn).await?
        }
        None => {
            let inserted = support_budget::ActiveModel {
                province_code: Set(province.to_owned()),
                year: Set(input.year),
                amount_vnd: Set(input.amount_vnd),
                decision_no: Set(input.decision_no.clone()),
                recorded_by: Set(Some(actor.user_id)),
                recorded_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await;
            match inserted {
                Ok(row) => row,
                Err(err)
                    if matches!(
                        err.sql_err(),
                        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                    ) =>
                {
                    // PostgreSQL has aborted the transaction: roll it back, to try again anew.
                    txn.rollback().await?;
                    return Ok(BudgetSaved::LostRace);
                }
                Err(err) => return Err(err.into()),
            }
        }
    };
    let mut entry = Entry::new("support.budget_recorded")
        .by(Some(actor))
        .record("support_budget", row.id)
        .after(serde_json::json!({
            "province": row.province_code, "year": row.year,
            "amount_vnd": row.amount_vnd, "decision_no": row.decision_no,
        }));
    if let Some(b) = before_json {
        entry = entry.before(b);
    }
    audit::append(&txn, &backend.keys, now, meta, entry).await?;
    txn.commit().await?;
    Ok(BudgetSaved::Saved)
}

/// Totals by province and year (of the payment's day): the budget, what was paid, to how many
/// workers, by item. A provincial officer's province only; everyone's for national officers
/// and inspectors.
async fn totals(
    backend: &Backend,
    province: Option<&str>,
) -> Result<Vec<ProvinceYearView>, ServiceError> {
    let mut pay = support_payment::Entity::find();
    let mut bud = support_budget::Entity::find();
    if let Some(p) = province {
        pay = pay.filter(support_payment::Column::ProvinceCode.eq(p));
        bud = bud.filter(support_budget::Column::ProvinceCode.eq(p));
    }
    let payments = pay.all(&backend.db).await?;
    let budgets = bud.all(&backend.db).await?;
    let names: BTreeMap<String, String> = province::Entity::find()
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect();
    let mut rows: BTreeMap<(String, i32), ProvinceYearView> = BTreeMap::new();
    let mut workers: BTreeMap<(String, i32), std::collections::BTreeSet<i32>> = BTreeMap::new();
    let blank = |code: &str, year: i32| ProvinceYearView {
        province_code: code.to_owned(),
        province_name: names.get(code).cloned().unwrap_or_else(|| code.to_owned()),
        year,
        budget_vnd: None,
        decision_no: None,
        paid_vnd: 0,
        workers: 0,
        by_item: Vec::new(),
    };
    for b in &budgets {
        let row = rows
            .entry((b.province_code.clone(), b.year))
            .or_insert_with(|| blank(&b.province_code, b.year));
        row.budget_vnd = Some(b.amount_vnd);
        row.decision_no = Some(b.decision_no.clone());
    }
    for p in &payments {
        let item: SupportItem = stored("support_payments.item", p.id, &p.item)?;
        let key = (p.province_code.clone(), p.paid_on.year());
        let row = rows
            .entry(key.clone())
            .or_insert_with(|| blank(&p.province_code, p.paid_on.year()));
        row.paid_vnd += p.amount_vnd;
        match row.by_item.iter_mut().find(|t| t.item == item) {
            Some(t) => {
                t.payments += 1;
                t.paid_vnd += p.amount_vnd;
            }
            None => row.by_item.push(ItemTotal {
                item,
                payments: 1,
                paid_vnd: p.amount_vnd,
            }),
        }
        workers.entry(key).or_default().insert(p.worker_id);
    }
    for (key, row) in rows.iter_mut() {
        row.workers = workers.get(key).map_or(0, |w| w.len() as u32);
        row.by_item
            .sort_by_key(|t| SupportItem::ALL.iter().position(|i| *i == t.item));
    }
    let mut out: Vec<ProvinceYearView> = rows.into_values().collect();
    out.sort_by(|a, b| {
        b.year
            .cmp(&a.year)
            .then(a.province_name.cmp(&b.province_name))
    });
    Ok(out)
}

/// The support page: totals by province and year against budgets; for a provincial officer
/// also the province's workers with a household status, and its job-connection claims.
pub async fn overview(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
) -> Result<SupportOverview, ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::ViewSupport,
        Target::Nothing,
        ("support", "overview".to_owned()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let scope = match actor.role {
        crate::domain::accounts::Role::ProvincialOfficer => {
            Some(actor.province_code.clone().ok_or(ServiceError::Forbidden)?)
        }
        _ => None,
    };
    let today = backend.clock.today();
    let rows = totals(backend, scope.as_deref()).await?;
    let mut workers = Vec::new();
    if let Some(p) = &scope {
        let in_province: BTreeMap<i32, worker::Model> = worker::Entity::find()
            .filter(worker::Column::ProvinceCode.eq(p))
            .filter(
                worker::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(household_status::Column::WorkerId)
                        .from(household_status::Entity)
                        .to_owned(),
                ),
            )
            .all(&backend.db)
            .await?
            .into_iter()
            .map(|w| (w.id, w))
            .collect();
        let ids: Vec<i32> = in_province.keys().copied().collect();
        let statuses = household_status::Entity::find()
            .filter(household_status::Column::WorkerId.is_in(ids.clone()))
            .filter(household_status::Column::Year.eq(today.year()))
            .all(&backend.db)
            .await?;
        let paid = support_payment::Entity::find()
            .filter(support_payment::Column::WorkerId.is_in(ids))
            .all(&backend.db)
            .await?;
        for (id, w) in in_province {
            workers.push(WorkerRowView {
                worker_id: id,
                worker_name: w.full_name,
                statuses: statuses
                    .iter()
                    .filter(|s| s.worker_id == id)
                    .map(status_of)
                    .collect::<Result<_, _>>()?,
                paid_vnd: paid
                    .iter()
                    .filter(|p| p.worker_id == id)
                    .map(|p| p.amount_vnd)
                    .sum(),
            });
        }
        workers.sort_by(|a, b| a.worker_name.cmp(&b.worker_name));
    }
    let claims = super::support_claims::list(backend, scope.as_deref(), today).await?;
    Ok(SupportOverview {
        today,
        rows,
        workers,
        claims,
        province_code: scope,
    })
}
