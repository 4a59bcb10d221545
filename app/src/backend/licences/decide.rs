//! The decisions: each checks the policy, the decision's dates and the law's bounds, writes the
//! licence history and the records the guards read in one transaction, audits it, and tells the
//! agency's administrators by email. A decision's number is recorded once (a unique index holds
//! it when the form is sent twice); a revocation happens once (the update matches only an
//! active licence).

use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, Set,
};

use super::mail;
use crate::backend::access::require;
use crate::backend::audit::{self, Entry, RequestMeta};
use crate::backend::decode::stored;
use crate::backend::entity::{agency, licence_deposit, licence_event};
use crate::backend::{rules, Backend, ServiceError};
use crate::domain::access::{Action, Actor, Target};
use crate::domain::agencies::{registry_search_text, LicenceEventKind, LicenceStatus};
use crate::domain::forms::{FieldErrors, FormProblem, Problem};
use crate::domain::licence_deposits::DepositMove;
use crate::domain::licences::{changes, unmet, Decision, Details, Thresholds, Unmet};
use crate::domain::lifecycle::{Refusal, StepError};
use crate::views::licences::{
    fields as f, AmendLicenceInput, IssueLicenceInput, ReissueLicenceInput,
};

pub(super) fn field(name: &str, p: Problem) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(name, p);
    ServiceError::Invalid(e)
}

pub(super) fn refused(r: Refusal) -> ServiceError {
    ServiceError::Refused(StepError {
        fields: FieldErrors::default(),
        refusals: vec![r],
    })
}

pub(super) fn unique_violation(e: &DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

pub(super) async fn allowed(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    record: String,
) -> Result<(), ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::DecideLicences,
        Target::Nothing,
        ("agency", record),
    )
    .await
}

/// A decision is signed today or earlier.
pub(super) fn signed(d: &Decision, today: NaiveDate) -> Result<(), ServiceError> {
    if d.decided_on > today {
        return Err(field(f::DECIDED_ON, Problem::Future));
    }
    Ok(())
}

pub(super) async fn load(
    txn: &DatabaseTransaction,
    id: i32,
) -> Result<agency::Model, ServiceError> {
    agency::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub(super) fn details_of(a: &agency::Model) -> Details {
    Details {
        name: a.name.clone(),
        address: a.address.clone(),
        phone: a.phone.clone(),
        email: a.email.clone(),
        website: a.website.clone(),
        representative: a.representative.clone(),
    }
}

/// A licence that is revoked takes no further decision.
pub(super) fn not_revoked(a: &agency::Model) -> Result<(), ServiceError> {
    let status: LicenceStatus = stored("agencies.licence_status", a.id, &a.licence_status)?;
    if status == LicenceStatus::Revoked {
        return Err(refused(Refusal::LicenceRevoked));
    }
    Ok(())
}

/// One entry of the licence's history, as a decision recorded here.
pub(super) struct Written<'a> {
    pub(super) agency_id: i32,
    pub(super) kind: LicenceEventKind,
    pub(super) effective_on: NaiveDate,
    pub(super) decision: &'a Decision,
    pub(super) market: Option<String>,
    pub(super) until: Option<NaiveDate>,
    pub(super) clause: Option<String>,
    pub(super) note: Option<String>,
    pub(super) details: Option<serde_json::Value>,
}

pub(super) async fn write_event(
    txn: &DatabaseTransaction,
    actor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
    w: Written<'_>,
) -> Result<licence_event::Model, ServiceError> {
    let row = licence_event::ActiveModel {
        agency_id: Set(w.agency_id),
        happened_on: Set(w.effective_on),
        kind: Set(w.kind.as_str().to_owned()),
        market_code: Set(w.market),
        until: Set(w.until),
        decision_ref: Set(Some(w.decision.number.clone())),
        note: Set(w.note),
        decided_on: Set(Some(w.decision.decided_on)),
        signer: Set(Some(w.decision.signer.clone())),
        clause: Set(w.clause),
        details: Set(w.details.map(|d| d.to_string())),
        recorded_by: Set(Some(actor.user_id)),
        recorded_at: Set(Some(now)),
        ..Default::default()
    };
    match row.insert(txn).await {
        Ok(row) => Ok(row),
        Err(e) if unique_violation(&e) => Err(field(f::DECISION_NO, Problem::Duplicate)),
        Err(e) => Err(e.into()),
    }
}

pub(super) fn event_json(e: &licence_event::Model) -> serde_json::Value {
    serde_json::json!({
        "kind": e.kind, "effective_on": e.happened_on, "decision_no": e.decision_ref,
        "decided_on": e.decided_on, "signer": e.signer, "market": e.market_code,
        "until": e.until, "clause": e.clause, "note": e.note,
        "details": e.details.as_deref().map(serde_json::from_str::<serde_json::Value>).transpose().ok().flatten(),
    })
}

pub(super) fn agency_json(a: &agency::Model) -> serde_json::Value {
    serde_json::json!({
        "name": a.name, "enterprise_code": a.enterprise_code, "licence_number": a.licence_number,
        "licence_date": a.licence_date, "licence_status": a.licence_status,
        "revoked_on": a.revoked_on, "province": a.province_code, "address": a.address,
        "phone": a.phone, "email": a.email, "website": a.website,
        "representative": a.representative,
    })
}

pub(super) async fn audited<C: ConnectionTrait>(
    txn: &C,
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    action: &'static str,
    event: &licence_event::Model,
    before: Option<serde_json::Value>,
) -> Result<(), ServiceError> {
    let mut entry = Entry::new(action)
        .by(Some(actor))
        .record("licence_event", event.id)
        .agency(Some(event.agency_id))
        .after(event_json(event));
    if let Some(b) = before {
        entry = entry.before(b);
    }
    audit::append(txn, &backend.keys, backend.clock.now(), meta, entry).await?;
    Ok(())
}

pub(super) fn unmet_errors(list: &[Unmet]) -> FieldErrors {
    let mut e = FieldErrors::default();
    for u in list {
        match *u {
            Unmet::CharterCapital { min } => e.add(f::CAPITAL, Problem::ConditionAtLeast { min }),
            Unmet::DomesticOwners => e.add(f::DOMESTIC_OWNERS, Problem::ConditionNotMet),
            Unmet::Deposit { min } => e.add(f::DEPOSIT_VND, Problem::ConditionAtLeast { min }),
            Unmet::Representative => e.add(f::REP_GRADUATE, Problem::ConditionNotMet),
            Unmet::RepresentativeYears { min } => {
                e.add(f::REP_YEARS, Problem::ConditionAtLeast { min })
            }
            Unmet::Staff => e.add(f::STAFF_QUALIFIED, Problem::ConditionNotMet),
            Unmet::TrainingCapacity { min } => {
                e.add(f::TRAINING_CAPACITY, Problem::ConditionAtLeast { min })
            }
            Unmet::Website => e.add(f::WEBSITE, Problem::WebsiteNotVn),
        }
    }
    e
}

/// A new licence, once every condition is met under the rules in force on the decision's day:
/// the agency enters the registry, its licence deposit is recorded as paid, the decision and
/// the conditions as checked go into its history. Returns the agency's id.
pub async fn issue(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: IssueLicenceInput,
) -> Result<i32, ServiceError> {
    allowed(backend, meta, actor, "new".into()).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let today = backend.clock.today();
    signed(&input.decision, today)?;
    if input.conditions.deposit_on > today {
        return Err(field(f::DEPOSIT_ON, Problem::Future));
    }
    let reference = backend.reference.get(&backend.db).await?;
    if !reference.provinces.contains_key(&input.province_code) {
        return Err(field(f::PROVINCE, Problem::Choice));
    }
    let book = rules::book(backend).await?;
    let t =
        Thresholds::on(&book, input.decision.decided_on).map_err(|m| refused(Refusal::from(m)))?;
    let missing = unmet(&input.conditions, input.details.website.as_deref(), &t);
    if !missing.is_empty() {
        return Err(ServiceError::Invalid(unmet_errors(&missing)));
    }
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let mut taken = FieldErrors::default();
    let code_taken = agency::Entity::find()
        .filter(agency::Column::EnterpriseCode.eq(&input.enterprise_code))
        .one(&txn)
        .await?
        .is_some();
    if code_taken {
        taken.add(f::ENTERPRISE_CODE, Problem::Duplicate);
    }
    let number_taken = agency::Entity::find()
        .filter(agency::Column::LicenceNumber.eq(&input.licence_number))
        .one(&txn)
        .await?
        .is_some();
    if number_taken {
        taken.add(f::LICENCE_NUMBER, Problem::Duplicate);
    }
    if !taken.is_empty() {
        return Err(ServiceError::Invalid(taken));
    }
    let d = &input.details;
    let province = reference.province(&input.province_code);
    let row = agency::ActiveModel {
        name: Set(d.name.clone()),
        search_text: Set(registry_search_text(
            &d.name,
            &input.licence_number,
            &input.enterprise_code,
            &province,
        )),
        enterprise_code: Set(input.enterprise_code.clone()),
        licence_number: Set(input.licence_number.clone()),
        licence_date: Set(input.decision.decided_on),
        licence_status: Set(LicenceStatus::Active.as_str().to_owned()),
        revoked_on: Set(None),
        province_code: Set(input.province_code.clone()),
        address: Set(d.address.clone()),
        phone: Set(d.phone.clone()),
        email: Set(d.email.clone()),
        website: Set(d.website.clone()),
        representative: Set(d.representative.clone()),
        sending_branches: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let a = match row.insert(&txn).await {
        Ok(a) => a,
        // Another officer issued the same enterprise or number a moment ago.
        Err(e) if unique_violation(&e) => {
            return Err(field(f::ENTERPRISE_CODE, Problem::Duplicate))
        }
        Err(e) => return Err(e.into()),
    };
    let event = write_event(
        &txn,
        actor,
        now,
        Written {
            agency_id: a.id,
            kind: LicenceEventKind::Issued,
            effective_on: input.decision.decided_on,
            decision: &input.decision,
            market: None,
            until: None,
            clause: None,
            note: None,
            details: Some(
                serde_json::to_value(&input.conditions)
                    .map_err(|e| ServiceError::Unexpected(Box::new(e)))?,
            ),
        },
    )
    .await?;
    let deposit = licence_deposit::ActiveModel {
        agency_id: Set(a.id),
        kind: Set(DepositMove::Paid.as_str().to_owned()),
        amount_vnd: Set(input.conditions.deposit_vnd),
        happened_on: Set(input.conditions.deposit_on),
        bank: Set(Some(input.conditions.deposit_bank.clone())),
        order_no: Set(None),
        note: Set(format!("Ký quỹ khi cấp giấy phép {}", input.licence_number)),
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
        Entry::new("licence.issued")
            .by(Some(actor))
            .record("agency", a.id)
            .agency(Some(a.id))
            .after(serde_json::json!({
                "agency": agency_json(&a), "decision": event_json(&event),
                "deposit": {"id": deposit.id, "amount_vnd": deposit.amount_vnd,
                            "on": deposit.happened_on, "bank": deposit.bank},
            })),
    )
    .await?;
    txn.commit().await?;
    Ok(a.id)
}

/// An amendment of the licence's details (name, address, contacts, legal representative): the
/// registry shows the new details from now on, the history what changed.
pub async fn amend(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: AmendLicenceInput,
) -> Result<(), ServiceError> {
    allowed(backend, meta, actor, input.agency_id.to_string()).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let today = backend.clock.today();
    signed(&input.decision, today)?;
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let a = load(&txn, input.agency_id).await?;
    not_revoked(&a)?;
    let list = changes(&details_of(&a), &input.details);
    if list.is_empty() {
        return Err(field(f::NAME, Problem::NothingChanged));
    }
    let reference = backend.reference.get(&backend.db).await?;
    let d = &input.details;
    let updated = agency::Entity::update_many()
        .col_expr(agency::Column::Name, Expr::value(d.name.clone()))
        .col_expr(
            agency::Column::SearchText,
            Expr::value(registry_search_text(
                &d.name,
                &a.licence_number,
                &a.enterprise_code,
                &reference.province(&a.province_code),
            )),
        )
        .col_expr(agency::Column::Address, Expr::value(d.address.clone()))
        .col_expr(agency::Column::Phone, Expr::value(d.phone.clone()))
        .col_expr(agency::Column::Email, Expr::value(d.email.clone()))
        .col_expr(agency::Column::Website, Expr::value(d.website.clone()))
        .col_expr(
            agency::Column::Representative,
            Expr::value(d.representative.clone()),
        )
        .col_expr(agency::Column::UpdatedAt, Expr::value(now))
        .filter(agency::Column::Id.eq(a.id))
        .filter(agency::Column::UpdatedAt.eq(a.updated_at))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Problem(FormProblem::StateChanged));
    }
    let event = write_event(
        &txn,
        actor,
        now,
        Written {
            agency_id: a.id,
            kind: LicenceEventKind::Amended,
            effective_on: input.decision.decided_on,
            decision: &input.decision,
            market: None,
            until: None,
            clause: None,
            note: None,
            details: Some(serde_json::json!({ "changes": list })),
        },
    )
    .await?;
    audited(
        &txn,
        backend,
        meta,
        actor,
        "licence.amended",
        &event,
        Some(agency_json(&a)),
    )
    .await?;
    mail::tell_agency(&txn, backend, &a, now, &event).await?;
    txn.commit().await?;
    Ok(())
}

/// A reissue of a lost or damaged licence: the same number and details, a new decision.
pub async fn reissue(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: ReissueLicenceInput,
) -> Result<(), ServiceError> {
    allowed(backend, meta, actor, input.agency_id.to_string()).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    signed(&input.decision, backend.clock.today())?;
    let now = backend.clock.now();
    let txn = backend.begin_write().await?;
    let a = load(&txn, input.agency_id).await?;
    not_revoked(&a)?;
    let event = write_event(
        &txn,
        actor,
        now,
        Written {
            agency_id: a.id,
            kind: LicenceEventKind::Reissued,
            effective_on: input.decision.decided_on,
            decision: &input.decision,
            market: None,
            until: None,
            clause: None,
            note: Some(input.note.clone()).filter(|n| !n.is_empty()),
            details: Some(serde_json::json!({ "reason": input.reason })),
        },
    )
    .await?;
    audited(&txn, backend, meta, actor, "licence.reissued", &event, None).await?;
    mail::tell_agency(&txn, backend, &a, now, &event).await?;
    txn.commit().await?;
    Ok(())
}
