//! Licence decisions (DOLAB): the officers' desk, one agency's licence with the conditions it
//! was issued on, and (in `decide`) the decisions themselves. The effects reach every guard
//! through the records they already read: `agencies.licence_status` and `market_suspensions`.

mod decide;
mod mail;
mod sanctions;

pub use decide::{amend, issue, reissue};
pub use sanctions::{revoke, suspend};
pub(crate) use sanctions::{revoke_in, suspend_in};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::access::require;
use super::audit::RequestMeta;
use super::decode::{stored, stored_json};
use super::entity::{agency, licence_event};
use super::{agencies, rules, Backend, ServiceError};
use crate::domain::access::{decide as policy, Action, Actor, Decision as Allowed, Target};
use crate::domain::agencies::LicenceEventKind;
use crate::domain::licences::{suspension_bounds, Conditions};
use crate::views::licences::{DecisionLineView, LicenceDeskView, LicenceView};

const RECENT: u64 = 20;

/// The desk: the latest decisions recorded here, and what the issue form needs. National
/// officers decide; inspectors read.
pub async fn desk(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
) -> Result<LicenceDeskView, ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::ViewLicences,
        Target::Nothing,
        ("licences", String::new()),
    )
    .await?;
    let events = licence_event::Entity::find()
        .filter(licence_event::Column::RecordedAt.is_not_null())
        .order_by_desc(licence_event::Column::RecordedAt)
        .order_by_desc(licence_event::Column::Id)
        .limit(RECENT)
        .all(&backend.db)
        .await?;
    let agencies: Vec<(i32, String)> = agency::Entity::find()
        .select_only()
        .columns([agency::Column::Id, agency::Column::Name])
        .filter(agency::Column::Id.is_in(events.iter().map(|e| e.agency_id)))
        .into_tuple()
        .all(&backend.db)
        .await?;
    let recent = events
        .into_iter()
        .map(|e| {
            Ok(DecisionLineView {
                agency_id: e.agency_id,
                agency_name: agencies
                    .iter()
                    .find(|(id, _)| *id == e.agency_id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default(),
                kind: stored("licence_events.kind", e.id, &e.kind)?,
                number: e.decision_ref,
                decided_on: e.decided_on,
                effective_on: e.happened_on,
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    let reference = backend.reference.get(&backend.db).await?;
    let mut provinces: Vec<(String, String)> = reference
        .provinces
        .iter()
        .map(|(c, n)| (c.clone(), n.clone()))
        .collect();
    provinces.sort();
    Ok(LicenceDeskView {
        recent,
        provinces,
        may_decide: policy(actor, Action::DecideLicences, Target::Nothing) == Allowed::Allow,
        today: backend.clock.today(),
    })
}

/// One agency's licence as the officers see it: the registry's record, the legal
/// representative, the conditions it was issued on here, and the decision forms' choices.
pub async fn licence(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<LicenceView, ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::ViewLicences,
        Target::Nothing,
        ("agency", id.to_string()),
    )
    .await?;
    let today = backend.clock.today();
    let detail = agencies::detail(backend, id).await?;
    let a = agency::Entity::find_by_id(id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let issued = licence_event::Entity::find()
        .filter(licence_event::Column::AgencyId.eq(id))
        .filter(licence_event::Column::Kind.eq(LicenceEventKind::Issued.as_str()))
        .filter(licence_event::Column::Details.is_not_null())
        .order_by_desc(licence_event::Column::Id)
        .one(&backend.db)
        .await?;
    let conditions = match issued {
        Some(e) => match &e.details {
            Some(d) => Some(stored_json::<Conditions>(
                "licence_events.details",
                e.id,
                d,
            )?),
            None => None,
        },
        None => None,
    };
    let book = rules::book(backend).await?;
    Ok(LicenceView {
        agency: detail,
        representative: a.representative,
        conditions,
        markets: backend.reference.get(&backend.db).await?.markets.clone(),
        may_decide: policy(actor, Action::DecideLicences, Target::Nothing) == Allowed::Allow,
        suspension_months: suspension_bounds(&book, today).ok(),
        today,
    })
}
