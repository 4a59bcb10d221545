//! Finding workers' cases across agencies, for those who oversee them: a provincial officer
//! within the workers of the province, national officers and inspectors everywhere.

#[allow(unused_imports)]
use super::*;
use crate::views::cases::{CaseSearchView, FoundCaseView};

/// At most this many cases answer one search; a name shared by more asks for the citizen ID.
pub const SEARCH_LIMIT: u64 = 50;

/// The cases whose worker has this citizen ID (12 digits, spaces allowed) or whose name contains
/// the text, newest first, within the actor's scope.
pub async fn search_in_scope(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    q: &str,
) -> Result<CaseSearchView, ServiceError> {
    require(
        backend,
        meta,
        actor,
        Action::SearchCases,
        Target::Nothing,
        ("cases", "search".into()),
    )
    .await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let province = match actor.role {
        Role::ProvincialOfficer => Some(actor.province_code.clone().ok_or_else(|| {
            ServiceError::Unexpected("provincial officer without a province".into())
        })?),
        _ => None,
    };
    let reference = backend.reference.get(&backend.db).await?;
    let scope = province.as_deref().map(|p| reference.province(p));
    let text = q.trim();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let by_id = digits.len() == 12 && text.chars().all(|c| c.is_ascii_digit() || c == ' ');
    if !by_id && text.chars().count() < 2 {
        return Ok(CaseSearchView {
            q: text.to_owned(),
            scope,
            rows: Vec::new(),
            searched: false,
            more: false,
        });
    }
    let mut who = Condition::all().add(if by_id {
        worker::Column::CitizenId.eq(digits)
    } else {
        // What was typed, literally: `%` and `_` in it match themselves, not any text.
        crate::backend::like::contains_as_typed(
            Expr::col((worker::Entity, worker::Column::FullName)),
            text,
        )
    });
    if let Some(p) = &province {
        who = who.add(worker::Column::ProvinceCode.eq(p.as_str()));
    }
    let found = case::Entity::find()
        .filter(
            case::Column::WorkerId.in_subquery(
                Query::select()
                    .column(worker::Column::Id)
                    .from(worker::Entity)
                    .cond_where(who)
                    .to_owned(),
            ),
        )
        .order_by_desc(case::Column::Id)
        .limit(SEARCH_LIMIT + 1)
        .all(&backend.db)
        .await?;
    let more = found.len() as u64 > SEARCH_LIMIT;
    let found: Vec<case::Model> = found.into_iter().take(SEARCH_LIMIT as usize).collect();
    let agency_ids: Vec<i32> = found.iter().map(|c| c.agency_id).collect();
    let agencies: HashMap<i32, String> = agency::Entity::find()
        .filter(agency::Column::Id.is_in(agency_ids))
        .all(&backend.db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let names: Vec<String> = found
        .iter()
        .map(|c| {
            agencies
                .get(&c.agency_id)
                .cloned()
                .ok_or_else(|| unknown("cases.agency_id", c.id, &c.agency_id.to_string()))
        })
        .collect::<Result<_, _>>()?;
    let rows = rows_of(backend, found, backend.clock.today())
        .await?
        .into_iter()
        .zip(names)
        .map(|(case, agency)| FoundCaseView { case, agency })
        .collect();
    Ok(CaseSearchView {
        q: text.to_owned(),
        scope,
        rows,
        searched: true,
        more,
    })
}
