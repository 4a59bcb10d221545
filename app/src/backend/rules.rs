//! The legal rule book, read from `legal_rules`. Kept in memory for a few seconds (every case
//! page needs it), and dropped at once when an administrator adds a version here.

use std::sync::Arc;

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::access::require;
use super::audit::{self, Entry, RequestMeta};
use super::decode::stored;
use super::entity::legal_rule;
use super::{Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, Decision, Target};
use crate::domain::forms::{FieldErrors, FormProblem, Problem};
use crate::domain::lifecycle::Refusal;
use crate::domain::rules::{RuleBook, RuleEntry, RuleKey, Rules};
use crate::views::rules::{RuleAddInput, RulesView};

/// The rule book as this process last read it: a few seconds at most (`cache::FRESH_FOR`), so a
/// version another process adds is in force here within seconds.
pub type RuleCache = super::cache::Expiring<RuleBook>;

pub async fn book(backend: &Backend) -> Result<Arc<RuleBook>, ServiceError> {
    if let Some(b) = backend.rules.get() {
        return Ok(b);
    }
    let ticket = backend.rules.ticket();
    let rows = legal_rule::Entity::find().all(&backend.db).await?;
    // A row whose key cannot be read fails the book: a rule silently left out would judge acts
    // by an older version, or not at all.
    let book = Arc::new(RuleBook(
        rows.into_iter()
            .map(|r| {
                Ok(RuleEntry {
                    key: stored("legal_rules.key", r.id, &r.key)?,
                    scope: r.scope,
                    effective_from: r.effective_from,
                    value: r.value,
                    source: r.source,
                })
            })
            .collect::<Result<_, ServiceError>>()?,
    ));
    backend.rules.put(ticket, book.clone());
    Ok(book)
}

/// The rules in force on a day; a missing rule refuses the act (it cannot be judged).
pub async fn on(backend: &Backend, day: NaiveDate) -> Result<Rules, ServiceError> {
    book(backend)
        .await?
        .on(day)
        .map_err(|m| ServiceError::Problem(FormProblem::Refused(vec![Refusal::from(m)])))
}

/// The rules page: what is in force today, every version, and whether this viewer may add one.
pub async fn view(backend: &Backend, actor: Option<&Actor>) -> Result<RulesView, ServiceError> {
    let today = backend.clock.today();
    let book = book(backend).await?;
    Ok(RulesView {
        today,
        in_force: book.on(today).ok(),
        entries: book.listing(),
        can_edit: decide(actor, Action::EditRules, Target::Nothing) == Decision::Allow,
    })
}

/// A new version of a rule, from its effective date. System administrators only; audited.
pub async fn add_version(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    input: RuleAddInput,
) -> Result<(), ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::EditRules,
        Target::Nothing,
        ("legal_rule", input.key.clone()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let RuleAddInput {
        key,
        scope,
        effective_from,
        value,
        source,
    } = input;
    let (key, effective_from, value) = (key.as_str(), effective_from.as_str(), value.as_str());
    let mut e = FieldErrors::default();
    let key = e.check("key", RuleKey::parse(key).ok_or(Problem::Choice));
    let from = e.check(
        "effective_from",
        crate::domain::accounts::parse_date(effective_from),
    );
    // Refused outside the rule's range, next to the value: a bad value is not clamped when the
    // rule is read.
    let value = e.check(
        "value",
        value
            .trim()
            .parse::<i64>()
            .map_err(|_| Problem::Number)
            .and_then(|v| key.map_or(Ok(v), |k| k.check(v))),
    );
    let scope = scope.trim().to_uppercase();
    let source = source.as_str();
    // As long as `legal_rules.scope` holds (32 since the support rules' scopes).
    if scope.chars().count() > 32 {
        e.add("scope", Problem::TooLong { max: 32 });
    }
    let source = source.trim().to_owned();
    if source.is_empty() {
        e.add("source", Problem::Required);
    }
    let (Some(key), Some(from), Some(value)) = (key, from, value) else {
        return Err(ServiceError::Invalid(e));
    };
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    let exists = legal_rule::Entity::find()
        .filter(legal_rule::Column::Key.eq(key.as_str()))
        .filter(legal_rule::Column::Scope.eq(scope.as_str()))
        .filter(legal_rule::Column::EffectiveFrom.eq(from))
        .one(&backend.db)
        .await?;
    if exists.is_some() {
        let mut e = FieldErrors::default();
        e.add("effective_from", Problem::Duplicate);
        return Err(ServiceError::Invalid(e));
    }
    let now = backend.clock.now();
    let txn = sea_orm::TransactionTrait::begin(&backend.db).await?;
    let row = legal_rule::ActiveModel {
        key: Set(key.as_str().to_owned()),
        scope: Set(scope.clone()),
        effective_from: Set(from),
        value: Set(value),
        source: Set(source.clone()),
        created_by: Set(Some(actor.user_id)),
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
        Entry::new("rule.version_added")
            .by(Some(actor))
            .record("legal_rule", row.id)
            .after(serde_json::json!({
                "key": key.as_str(), "scope": scope, "effective_from": from, "value": value, "source": source
            })),
    )
    .await?;
    txn.commit().await?;
    backend.rules.clear();
    Ok(())
}
