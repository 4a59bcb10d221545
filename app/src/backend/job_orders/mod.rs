//! Job orders: drafts and submissions by the agency's head office, decisions by DOLAB, the public
//! board of approved orders.
//!
//! Reading orders is here (the facts the guards need, the board, a page, an agency's orders,
//! DOLAB's queue); changing them is in `changes`.

mod board;
mod changes;

pub use board::*;
pub use changes::*;

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::access::{require, require_own_agency};
use super::audit::{self, Entry, RequestMeta};
use super::decode::{stored, stored_number};
use super::entity::{agency, departure_list, job_order, market_suspension, user};
use super::outbox;
use super::{rules, Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, Decision, Target};
use crate::domain::accounts::Role;
use crate::domain::agencies::{standing_on, LicenceStatus, Standing, Suspension};
use crate::domain::job_orders::{
    decision_due, list_confirmation_due, ListStatus, OrderDraft, OrderStatus,
};
use crate::domain::lifecycle::{AgencyFacts, OrderFacts};
use crate::domain::money::OrderTerms;
use crate::domain::rules::{RuleBook, RuleKey, Rules};
use crate::views::job_orders::{AgencyOrdersView, OrderPageView, OrderView, PendingOrdersView};

pub const BOARD_PAGE_SIZE: u64 = 20;

/// The agency's standing for one market on a day: licence, and a suspension there in force.
pub async fn agency_facts<C: ConnectionTrait>(
    db: &C,
    agency: &agency::Model,
    market: &str,
    day: NaiveDate,
) -> Result<AgencyFacts, ServiceError> {
    let suspension = market_suspension::Entity::find()
        .filter(market_suspension::Column::AgencyId.eq(agency.id))
        .filter(market_suspension::Column::MarketCode.eq(market))
        .filter(market_suspension::Column::StartsOn.lte(day))
        .filter(market_suspension::Column::EndsOn.gte(day))
        .order_by_desc(market_suspension::Column::EndsOn)
        .one(db)
        .await?;
    Ok(AgencyFacts {
        licence: stored("agencies.licence_status", agency.id, &agency.licence_status)?,
        suspended_until: suspension.map(|s| s.ends_on),
    })
}

/// The order as the guards see it, with the wage in VND and the deposit cap in force on `day`.
pub fn order_facts(
    order: &job_order::Model,
    book: &RuleBook,
    day: NaiveDate,
) -> Result<OrderFacts, ServiceError> {
    let rate = book
        .value(RuleKey::VndPerCurrencyUnit, &order.wage_currency, day)
        .ok();
    let status: OrderStatus = stored("job_orders.status", order.id, &order.status)?;
    let term_months = stored_number("job_orders.term_months", order.id, order.term_months)?;
    Ok(OrderFacts {
        approved: status == OrderStatus::Approved,
        market: order.market_code.clone(),
        term_months,
        // An order from before wages were bounded may not fit: it then has no VND figure.
        wage_vnd: rate.and_then(|r| r.checked_mul(order.wage_amount)),
        terms: order_terms(order)?,
    })
}

/// What the money rules look at in an order.
pub fn order_terms(order: &job_order::Model) -> Result<OrderTerms, ServiceError> {
    Ok(OrderTerms {
        market: order.market_code.clone(),
        programme: stored("job_orders.programme", order.id, &order.programme)?,
        form: stored("job_orders.form", order.id, &order.form)?,
        occupation_code: order.occupation_code.clone(),
        term_months: stored_number("job_orders.term_months", order.id, order.term_months)?,
        wage_amount: order.wage_amount,
        wage_currency: order.wage_currency.clone(),
    })
}

async fn standings(
    backend: &Backend,
    agency_ids: &[i32],
    day: NaiveDate,
) -> Result<HashMap<i32, (agency::Model, Standing)>, ServiceError> {
    let agencies = agency::Entity::find()
        .filter(agency::Column::Id.is_in(agency_ids.iter().copied()))
        .all(&backend.db)
        .await?;
    let suspensions = market_suspension::Entity::find()
        .filter(market_suspension::Column::AgencyId.is_in(agency_ids.iter().copied()))
        .filter(market_suspension::Column::EndsOn.gte(day))
        .all(&backend.db)
        .await?;
    agencies
        .into_iter()
        .map(|a| {
            let own: Vec<Suspension> = suspensions
                .iter()
                .filter(|s| s.agency_id == a.id)
                .map(|s| Suspension {
                    market_code: s.market_code.clone(),
                    starts_on: s.starts_on,
                    ends_on: s.ends_on,
                })
                .collect();
            let status: LicenceStatus = stored("agencies.licence_status", a.id, &a.licence_status)?;
            let standing = standing_on(status, &own, day);
            Ok((a.id, (a, standing)))
        })
        .collect()
}

pub(crate) async fn views(
    backend: &Backend,
    rows: Vec<job_order::Model>,
) -> Result<Vec<OrderView>, ServiceError> {
    let today = backend.clock.today();
    let book = rules::book(backend).await?;
    let mut ids: Vec<i32> = rows.iter().map(|o| o.agency_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let agencies = standings(backend, &ids, today).await?;
    let reference = backend.reference.get(&backend.db).await?;
    rows.into_iter()
        .map(|o| {
            let agency = agencies
                .get(&o.agency_id)
                .map(|(a, s)| (a.name.clone(), a.licence_number.clone(), *s))
                .unwrap_or((String::new(), String::new(), Standing::Revoked));
            view_of(o, agency, &book, today, &reference)
        })
        .collect()
}

/// One order as it is shown, with its agency's name, licence number and standing already read.
pub(crate) fn view_of(
    o: job_order::Model,
    (agency_name, licence_number, standing): (String, String, Standing),
    book: &RuleBook,
    today: NaiveDate,
    reference: &super::reference::ReferenceData,
) -> Result<OrderView, ServiceError> {
    let in_force: Option<Rules> = book.on(today).ok();
    let facts = order_facts(&o, book, today)?;
    let status: OrderStatus = stored("job_orders.status", o.id, &o.status)?;
    let form = stored("job_orders.form", o.id, &o.form)?;
    Ok(OrderView {
        id: o.id,
        agency_id: o.agency_id,
        agency_name,
        licence_number,
        standing,
        market: reference.market(&o.market_code),
        employer: o.employer_name,
        occupation: o.occupation,
        occupation_code: o.occupation_code,
        headcount: o.headcount,
        filled: o.filled,
        wage_amount: o.wage_amount,
        wage_currency: o.wage_currency,
        term_months: o.term_months,
        service_fee_vnd: o.service_fee_vnd,
        deposit_vnd: o.deposit_vnd,
        working_conditions: o.working_conditions.unwrap_or_default(),
        form,
        programme: facts.terms.programme,
        status,
        submitted_on: o.submitted_on,
        decided_on: o.decided_on,
        decision_due: match (status, o.submitted_on, &in_force) {
            (OrderStatus::Submitted, Some(s), Some(r)) => Some(decision_due(s, r)),
            _ => None,
        },
        decision_reason: o.decision_reason,
        // Today's rate and rules: what an order offers now (a contract keeps its own day's).
        fee_cap_vnd: crate::domain::money::rate_on(book, &facts.terms.wage_currency, today)
            .and_then(|rate| crate::domain::money::fee_cap_on(book, &facts.terms, rate, today))
            .ok(),
        wage_vnd: facts.wage_vnd,
    })
}

fn allowed(actor: Option<&Actor>, action: Action, target: Target<'_>) -> bool {
    decide(actor, action, target) == Decision::Allow
}

/// One order. Approved orders are public; others only for their agency and DOLAB.
pub async fn page(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<OrderPageView, ServiceError> {
    let o = job_order::Entity::find_by_id(id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let status: OrderStatus = stored("job_orders.status", o.id, &o.status)?;
    if status != OrderStatus::Approved {
        let own = allowed(actor, Action::ViewAgencyWork, Target::Agency(o.agency_id));
        let dolab = allowed(actor, Action::DecideOrders, Target::Nothing);
        if !own && !dolab {
            // Someone probing unpublished orders: audited, answered as unknown.
            let _ = require(
                backend,
                meta,
                actor,
                Action::ViewAgencyWork,
                Target::Agency(o.agency_id),
                ("job_order", id.to_string()),
            )
            .await;
            return Err(ServiceError::NotFound);
        }
    }
    let agency_id = o.agency_id;
    let order = views(backend, vec![o])
        .await?
        .pop()
        .ok_or(ServiceError::NotFound)?;
    let my_case = match actor.and_then(|a| a.worker_id) {
        Some(w) => super::lifecycle::case_of_worker_on_order(backend, w, id).await?,
        None => None,
    };
    let manages = allowed(actor, Action::ManageOrders, Target::Agency(agency_id));
    let can_edit = status.may_edit() && manages;
    Ok(OrderPageView {
        today: backend.clock.today(),
        can_submit: status.may_submit() && manages,
        can_edit,
        markets: if can_edit {
            backend.reference.get(&backend.db).await?.markets.clone()
        } else {
            Vec::new()
        },
        occupations: if can_edit {
            backend
                .reference
                .get(&backend.db)
                .await?
                .occupations
                .clone()
        } else {
            Vec::new()
        },
        can_decide: status == OrderStatus::Submitted
            && allowed(actor, Action::DecideOrders, Target::Nothing),
        can_apply: status == OrderStatus::Approved
            && my_case.is_none()
            && actor.is_some_and(|a| a.role == Role::Worker),
        my_case,
        order,
    })
}

pub async fn of_agency(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
) -> Result<AgencyOrdersView, ServiceError> {
    let agency_id = require_own_agency(backend, meta, actor, Action::ViewAgencyWork).await?;
    let name = agency::Entity::find_by_id(agency_id)
        .one(&backend.db)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    let rows = job_order::Entity::find()
        .filter(job_order::Column::AgencyId.eq(agency_id))
        .order_by_desc(job_order::Column::Id)
        .all(&backend.db)
        .await?;
    Ok(AgencyOrdersView {
        agency: name,
        rows: views(backend, rows).await?,
        markets: backend.reference.get(&backend.db).await?.markets.clone(),
        occupations: backend
            .reference
            .get(&backend.db)
            .await?
            .occupations
            .clone(),
        may_draft: allowed(actor, Action::ManageOrders, Target::Agency(agency_id)),
    })
}

pub async fn pending(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
) -> Result<PendingOrdersView, ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::DecideOrders,
        Target::Nothing,
        ("job_orders", "pending".into()),
    )
    .await?;
    let rows = job_order::Entity::find()
        .filter(job_order::Column::Status.eq(OrderStatus::Submitted.as_str()))
        .order_by_asc(job_order::Column::SubmittedOn)
        .limit(500)
        .all(&backend.db)
        .await?;
    let today = backend.clock.today();
    let submitted: Vec<NaiveDate> = departure_list::Entity::find()
        .select_only()
        .column(departure_list::Column::SubmittedOn)
        .filter(departure_list::Column::Status.eq(ListStatus::Submitted.as_str()))
        .into_tuple()
        .all(&backend.db)
        .await?;
    let book = rules::book(backend).await?;
    let dues: Vec<NaiveDate> = match book.on(today) {
        Ok(r) => submitted
            .iter()
            .map(|s| list_confirmation_due(*s, &r))
            .collect(),
        Err(_) => Vec::new(),
    };
    Ok(PendingOrdersView {
        today,
        rows: views(backend, rows).await?,
        lists_waiting: submitted.len() as u64,
        lists_overdue: dues.iter().filter(|d| **d < today).count() as u64,
        lists_next_due: dues.iter().min().copied(),
    })
}
