//! Agencies' licence deposits: the amount due (head office and sending branches, from the
//! rules), the movements national officers record (paid, used on the ministry's written order,
//! topped up), and the top-up owed within the rule's days of a use.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::access::require;
use super::audit::{self, Entry, RequestMeta};
use super::decode::{stored, stored_number};
use super::entity::{agency, licence_deposit};
use super::{rules, Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, Decision, Target};
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::licence_deposits::{standing, DepositStanding, Movement};
use crate::domain::rules::Rules;
use crate::views::licence_deposits::{
    fields, DepositListView, DepositMoveInput, DepositMoveView, DepositRowView, LicenceDepositView,
};

fn movement(m: &licence_deposit::Model) -> Result<Movement, ServiceError> {
    Ok(Movement {
        kind: stored("licence_deposits.kind", m.id, &m.kind)?,
        amount_vnd: m.amount_vnd,
        on: m.happened_on,
    })
}

fn standing_of(
    a: &agency::Model,
    moves: &[Movement],
    rules: &Rules,
    today: chrono::NaiveDate,
) -> Result<DepositStanding, ServiceError> {
    let branches: u32 = stored_number("agencies.sending_branches", a.id, a.sending_branches)?;
    Ok(standing(
        moves,
        rules.licence_deposit_due_vnd(branches),
        rules.licence_deposit_top_up_days,
        today,
    ))
}

/// One agency's licence deposit: its own staff, national officers and inspectors. Anyone else
/// is told it does not exist.
pub async fn view(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    agency_id: i32,
) -> Result<LicenceDepositView, ServiceError> {
    if decide(actor, Action::ViewLicenceDeposit, Target::Agency(agency_id)) != Decision::Allow {
        require(
            backend,
            meta,
            actor,
            Action::ViewLicenceDeposit,
            Target::Agency(agency_id),
            ("agency", agency_id.to_string()),
        )
        .await
        .map_err(ServiceError::hidden)?;
    }
    let a = agency::Entity::find_by_id(agency_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let today = backend.clock.today();
    let rules = rules::on(backend, today).await?;
    let rows = licence_deposit::Entity::find()
        .filter(licence_deposit::Column::AgencyId.eq(agency_id))
        .order_by_asc(licence_deposit::Column::HappenedOn)
        .order_by_asc(licence_deposit::Column::Id)
        .all(&backend.db)
        .await?;
    let moves = rows.iter().map(movement).collect::<Result<Vec<_>, _>>()?;
    Ok(LicenceDepositView {
        agency_id,
        standing: standing_of(&a, &moves, &rules, today)?,
        sending_branches: stored_number("agencies.sending_branches", a.id, a.sending_branches)?,
        agency_name: a.name,
        licence_number: a.licence_number,
        moves: rows
            .into_iter()
            .zip(moves)
            .map(|(r, m)| DepositMoveView {
                id: r.id,
                kind: m.kind,
                amount_vnd: r.amount_vnd,
                on: r.happened_on,
                bank: r.bank,
                order_no: r.order_no,
                note: r.note,
            })
            .collect(),
        may_record: decide(actor, Action::ManageLicenceDeposits, Target::Nothing)
            == Decision::Allow,
        today,
    })
}

/// Every agency's licence deposit, overdue top-ups first, then the shortest: national officers
/// and inspectors.
pub async fn list(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
) -> Result<DepositListView, ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::ViewLicenceDeposit,
        Target::Nothing,
        ("licence_deposits", "all".to_owned()),
    )
    .await?;
    let today = backend.clock.today();
    let rules = rules::on(backend, today).await?;
    let agencies = agency::Entity::find()
        .order_by_asc(agency::Column::Name)
        .all(&backend.db)
        .await?;
    let all = licence_deposit::Entity::find()
        .order_by_asc(licence_deposit::Column::HappenedOn)
        .order_by_asc(licence_deposit::Column::Id)
        .all(&backend.db)
        .await?;
    let mut rows = agencies
        .iter()
        .map(|a| {
            let moves = all
                .iter()
                .filter(|m| m.agency_id == a.id)
                .map(movement)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(DepositRowView {
                agency_id: a.id,
                agency_name: a.name.clone(),
                licence_number: a.licence_number.clone(),
                standing: standing_of(a, &moves, &rules, today)?,
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    rows.sort_by_key(|r| {
        (
            !r.standing.top_up_overdue,
            std::cmp::Reverse(r.standing.short_vnd()),
        )
    });
    Ok(DepositListView { rows, today })
}

/// A national officer records a movement of an agency's licence deposit. A use needs the
/// ministry's written order; more cannot be used than is held.
pub async fn record(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: DepositMoveInput,
) -> Result<(), ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::ManageLicenceDeposits,
        Target::Nothing,
        ("agency", input.agency_id.to_string()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let a = agency::Entity::find_by_id(input.agency_id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let today = backend.clock.today();
    if input.on > today {
        let mut e = FieldErrors::default();
        e.add(fields::ON, Problem::Future);
        return Err(ServiceError::Invalid(e));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    // Locked (on PostgreSQL) so two uses at once cannot both spend what is held once.
    agency::Entity::find_by_id(a.id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if input.kind == crate::domain::licence_deposits::DepositMove::Used {
        let rows = licence_deposit::Entity::find()
            .filter(licence_deposit::Column::AgencyId.eq(a.id))
            .all(&txn)
            .await?;
        let moves = rows.iter().map(movement).collect::<Result<Vec<_>, _>>()?;
        let held = standing(&moves, 0, 0, today).held_vnd;
        if input.amount_vnd > held {
            let mut e = FieldErrors::default();
            e.add(fields::AMOUNT_VND, Problem::AtMost { max: held.max(0) });
            return Err(ServiceError::Invalid(e));
        }
    }
    let row = licence_deposit::ActiveModel {
        agency_id: Set(a.id),
        kind: Set(input.kind.as_str().to_owned()),
        amount_vnd: Set(input.amount_vnd),
        happened_on: Set(input.on),
        bank: Set(input.bank.clone()),
        order_no: Set(input.order_no.clone()),
        note: Set(input.note.clone()),
        created_by: Set(actor.user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("licence_deposit.recorded")
            .by(Some(actor))
            .record("licence_deposit", row.id)
            .agency(Some(a.id))
            .after(serde_json::json!({
                "kind": row.kind, "amount_vnd": row.amount_vnd, "on": row.happened_on,
                "bank": row.bank, "order_no": row.order_no, "note": row.note,
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
