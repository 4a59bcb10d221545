//! Each factor of the ranking counted live from the records: the records behind its count and,
//! for a rate, what it is out of, by agency.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use super::{Found, OutOf};
use crate::backend::decode::{stored, unknown};
use crate::backend::entity::{case, complaint, inspection, inspection_sanction, job_order};
use crate::backend::entity::{payment, remediation_task};
use crate::backend::payments::flags_of_row;
use crate::backend::ServiceError;
use crate::domain::cases::CaseState;
use crate::domain::inspections::{overdue, TaskStatus};
use crate::domain::lifecycle::EndReason;
use crate::domain::payments::PaymentKind;
use crate::domain::risk::{fee_breach, Factor};
use crate::views::risk::{RecordKind, RiskRecord};

/// What the ranking counts over: the window's days and, for the case-based factors, a market.
pub(super) struct Window {
    pub(super) from: NaiveDate,
    pub(super) today: NaiveDate,
    pub(super) market: Option<String>,
}

impl Window {
    /// The cases a factor counts: those of the market, when it is narrowed by one.
    fn cases(&self, f: Factor) -> Condition {
        let mut c = Condition::all();
        if let (true, Some(m)) = (f.by_market(), &self.market) {
            c = c.add(case::Column::JobOrderId.in_subquery(orders_in(m)));
        }
        c
    }

    fn within(&self, col: case::Column) -> sea_orm::sea_query::SimpleExpr {
        col.between(self.from, self.today)
    }
}

pub(super) fn orders_in(market: &str) -> SelectStatement {
    Query::select()
        .column(job_order::Column::Id)
        .from(job_order::Entity)
        .and_where(job_order::Column::MarketCode.eq(market))
        .to_owned()
}

fn states(list: &[CaseState]) -> Vec<&'static str> {
    list.iter().map(|s| s.as_str()).collect()
}

fn reasons(list: &[EndReason]) -> Vec<&'static str> {
    list.iter().map(|r| r.as_str()).collect()
}

const RETURNS: [EndReason; 3] = [
    EndReason::Completed,
    EndReason::EarlyReturnNotAtFault,
    EndReason::EarlyReturnAtFault,
];
const EARLY: [EndReason; 2] = [
    EndReason::EarlyReturnNotAtFault,
    EndReason::EarlyReturnAtFault,
];
const CLOSED: [CaseState; 5] = [
    CaseState::Liquidated,
    CaseState::Withdrawn,
    CaseState::NotSentInTime,
    CaseState::Rejected,
    CaseState::Cancelled,
];
const AWAITING_LIQUIDATION: [CaseState; 2] =
    [CaseState::ContractEnded, CaseState::LiquidationPending];

/// Cases per agency under `cond`.
async fn count_cases(db: &DatabaseConnection, cond: Condition) -> Result<OutOf, ServiceError> {
    let rows: Vec<(i32, i64)> = case::Entity::find()
        .select_only()
        .column(case::Column::AgencyId)
        .column_as(case::Column::Id.count(), "n")
        .filter(cond)
        .group_by(case::Column::AgencyId)
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(a, n)| {
            u64::try_from(n)
                .map(|n| (a, n))
                .map_err(|_| unknown("count(cases)", a, &n.to_string()))
        })
        .collect()
}

/// The cases under `cond`, each with the day `on` says and its end reason.
async fn case_records(
    db: &DatabaseConnection,
    cond: Condition,
    on: case::Column,
) -> Result<Found, ServiceError> {
    let rows: Vec<(i32, i32, Option<NaiveDate>, Option<String>)> = case::Entity::find()
        .select_only()
        .column(case::Column::Id)
        .column(case::Column::AgencyId)
        .column(on)
        .column(case::Column::EndReason)
        .filter(cond)
        .into_tuple()
        .all(db)
        .await?;
    let mut found = Found::new();
    for (id, agency_id, on, reason) in rows {
        found.entry(agency_id).or_default().push(RiskRecord {
            kind: RecordKind::Case,
            id,
            parent: None,
            on,
            detail: reason.unwrap_or_default(),
        });
    }
    Ok(found)
}

/// The standing entries (neither reversed nor a reversal) of the cases `cases` selects.
async fn standing_payments(
    db: &DatabaseConnection,
    cases: SelectStatement,
    extra: Condition,
) -> Result<Vec<payment::Model>, ServiceError> {
    Ok(payment::Entity::find()
        .filter(payment::Column::CaseId.in_subquery(cases))
        .filter(standing())
        .filter(extra)
        .all(db)
        .await?)
}

/// A ledger entry that stands: neither a reversal nor reversed.
fn standing() -> Condition {
    Condition::all()
        .add(payment::Column::ReversesId.is_null())
        .add(
            payment::Column::Id.not_in_subquery(
                Query::select()
                    .column(payment::Column::ReversesId)
                    .from(payment::Entity)
                    .and_where(payment::Column::ReversesId.is_not_null())
                    .to_owned(),
            ),
        )
}

fn case_ids(cond: Condition) -> SelectStatement {
    Query::select()
        .column(case::Column::Id)
        .from(case::Entity)
        .cond_where(cond)
        .to_owned()
}

/// The agency of each case of `ids`.
async fn agencies_of(
    db: &DatabaseConnection,
    ids: &HashSet<i32>,
) -> Result<HashMap<i32, i32>, ServiceError> {
    let mut out = HashMap::new();
    let ids: Vec<i32> = ids.iter().copied().collect();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i32, i32)> = case::Entity::find()
            .select_only()
            .column(case::Column::Id)
            .column(case::Column::AgencyId)
            .filter(case::Column::Id.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// Cases with a standing payment the ledger flags as a fee breach, paid in the window; out of
/// the cases with a standing payment in it.
async fn fee_breaches(db: &DatabaseConnection, w: &Window) -> Result<(Found, OutOf), ServiceError> {
    let f = Factor::FeeBreaches;
    let flagged = standing_payments(
        db,
        case_ids(w.cases(f)),
        Condition::all()
            .add(payment::Column::PaidOn.between(w.from, w.today))
            .add(payment::Column::Flags.ne("[]")),
    )
    .await?;
    // The first breach of each case, by day.
    let mut first: BTreeMap<i32, (NaiveDate, &'static str)> = BTreeMap::new();
    for p in &flagged {
        if let Some(code) = flags_of_row(p)?.iter().find_map(fee_breach) {
            let e = first.entry(p.case_id).or_insert((p.paid_on, code));
            if p.paid_on < e.0 {
                *e = (p.paid_on, code);
            }
        }
    }
    let owners = agencies_of(db, &first.keys().copied().collect()).await?;
    let mut found = Found::new();
    for (case_id, (on, code)) in first {
        let agency_id = *owners
            .get(&case_id)
            .ok_or_else(|| unknown("payments.case_id", case_id, "no such case"))?;
        found.entry(agency_id).or_default().push(RiskRecord {
            kind: RecordKind::Case,
            id: case_id,
            parent: None,
            on: Some(on),
            detail: code.to_owned(),
        });
    }
    // Out of the cases with a standing payment in the window: a payment entered by mistake and
    // reversed puts no case in the count.
    let paid = Query::select()
        .column(payment::Column::CaseId)
        .from(payment::Entity)
        .cond_where(standing().add(payment::Column::PaidOn.between(w.from, w.today)))
        .to_owned();
    let out_of = count_cases(db, w.cases(f).add(case::Column::Id.in_subquery(paid))).await?;
    Ok((found, out_of))
}

/// Closed cases whose worker's deposit is still held, out of the closed cases that took one.
async fn deposits_held(
    db: &DatabaseConnection,
    w: &Window,
) -> Result<(Found, OutOf), ServiceError> {
    let closed = w
        .cases(Factor::DepositsHeld)
        .add(case::Column::State.is_in(states(&CLOSED)));
    let kinds = [
        PaymentKind::Deposit,
        PaymentKind::DepositReleased,
        PaymentKind::DepositOffset,
    ];
    let entries = standing_payments(
        db,
        case_ids(closed),
        Condition::all().add(payment::Column::Kind.is_in(kinds.map(|k| k.as_str()))),
    )
    .await?;
    // (paid, held, last day) per case.
    let mut held: BTreeMap<i32, (i64, i64, NaiveDate)> = BTreeMap::new();
    for p in &entries {
        let kind: PaymentKind = stored("payments.kind", p.id, &p.kind)?;
        let e = held.entry(p.case_id).or_insert((0, 0, p.paid_on));
        match kind {
            PaymentKind::Deposit => {
                e.0 += p.amount_vnd;
                e.1 += p.amount_vnd;
            }
            _ => e.1 -= p.amount_vnd,
        }
        e.2 = e.2.max(p.paid_on);
    }
    let owners = agencies_of(db, &held.keys().copied().collect()).await?;
    let (mut found, mut out_of) = (Found::new(), OutOf::new());
    for (case_id, (paid, left, on)) in held {
        if paid <= 0 {
            continue;
        }
        let agency_id = *owners
            .get(&case_id)
            .ok_or_else(|| unknown("payments.case_id", case_id, "no such case"))?;
        *out_of.entry(agency_id).or_default() += 1;
        if left > 0 {
            found.entry(agency_id).or_default().push(RiskRecord {
                kind: RecordKind::Case,
                id: case_id,
                parent: None,
                on: Some(on),
                detail: left.to_string(),
            });
        }
    }
    Ok((found, out_of))
}

async fn complaints(db: &DatabaseConnection, w: &Window) -> Result<(Found, OutOf), ServiceError> {
    let rows: Vec<(i32, i32, NaiveDate, String)> = complaint::Entity::find()
        .select_only()
        .column(complaint::Column::Id)
        .column(complaint::Column::AgencyId)
        .column(complaint::Column::ReceivedOn)
        .column(complaint::Column::Kind)
        .filter(complaint::Column::ReceivedOn.between(w.from, w.today))
        // The agency's own complaints against its sanctions are not complaints about it.
        .filter(complaint::Column::SanctionId.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let mut found = Found::new();
    for (id, agency_id, on, kind) in rows {
        found.entry(agency_id).or_default().push(RiskRecord {
            kind: RecordKind::Complaint,
            id,
            parent: None,
            on: Some(on),
            detail: kind,
        });
    }
    let departures = Condition::all().add(w.within(case::Column::DepartedOn));
    Ok((found, count_cases(db, departures).await?))
}

/// The inspections' agencies.
async fn inspection_agencies(db: &DatabaseConnection) -> Result<HashMap<i32, i32>, ServiceError> {
    let rows: Vec<(i32, i32)> = inspection::Entity::find()
        .select_only()
        .column(inspection::Column::Id)
        .column(inspection::Column::AgencyId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

async fn overdue_tasks(db: &DatabaseConnection, w: &Window) -> Result<Found, ServiceError> {
    let owners = inspection_agencies(db).await?;
    let tasks = remediation_task::Entity::find()
        .filter(remediation_task::Column::DueOn.lt(w.today))
        .all(db)
        .await?;
    let mut found = Found::new();
    for t in tasks {
        let status: TaskStatus = stored("remediation_tasks.status", t.id, &t.status)?;
        if !overdue(status, t.due_on, w.today) {
            continue;
        }
        let agency_id = *owners.get(&t.inspection_id).ok_or_else(|| {
            unknown(
                "remediation_tasks.inspection_id",
                t.id,
                "no such inspection",
            )
        })?;
        found.entry(agency_id).or_default().push(RiskRecord {
            kind: RecordKind::Task,
            id: t.id,
            parent: Some(t.inspection_id),
            on: Some(t.due_on),
            detail: status.as_str().to_owned(),
        });
    }
    Ok(found)
}

async fn sanctions(db: &DatabaseConnection, w: &Window) -> Result<Found, ServiceError> {
    let owners = inspection_agencies(db).await?;
    let rows = inspection_sanction::Entity::find()
        .filter(inspection_sanction::Column::DecidedOn.between(w.from, w.today))
        .all(db)
        .await?;
    let mut found = Found::new();
    for s in rows {
        let agency_id = *owners.get(&s.inspection_id).ok_or_else(|| {
            unknown(
                "inspection_sanctions.inspection_id",
                s.id,
                "no such inspection",
            )
        })?;
        found.entry(agency_id).or_default().push(RiskRecord {
            kind: RecordKind::Sanction,
            id: s.id,
            parent: Some(s.inspection_id),
            on: Some(s.decided_on),
            detail: s.decision_no,
        });
    }
    Ok(found)
}

/// One factor: the records behind its count, and what it is out of (empty for a count).
pub(super) async fn factor(
    db: &DatabaseConnection,
    w: &Window,
    f: Factor,
) -> Result<(Found, OutOf), ServiceError> {
    let cases = w.cases(f);
    let ended_in = |list: &[EndReason]| {
        cases
            .clone()
            .add(w.within(case::Column::EndedOn))
            .add(case::Column::EndReason.is_in(reasons(list)))
    };
    // Workers abroad during the window: abroad at its start, or left within it.
    let abroad = cases
        .clone()
        .add(case::Column::DepartedOn.lte(w.today))
        .add(
            Condition::any()
                .add(case::Column::EndedOn.is_null())
                .add(case::Column::EndedOn.gte(w.from)),
        );
    let late = |list: &[CaseState]| {
        cases
            .clone()
            .add(case::Column::State.is_in(states(list)))
            .add(case::Column::DueOn.lt(w.today))
    };
    Ok(match f {
        Factor::Complaints => complaints(db, w).await?,
        Factor::FeeBreaches => fee_breaches(db, w).await?,
        Factor::DepositsHeld => deposits_held(db, w).await?,
        Factor::EarlyReturns => (
            case_records(db, ended_in(&EARLY), case::Column::EndedOn).await?,
            count_cases(db, ended_in(&RETURNS)).await?,
        ),
        Factor::Absconding | Factor::Overstay => {
            let reason = if f == Factor::Absconding {
                EndReason::Absconded
            } else {
                EndReason::Overstayed
            };
            (
                case_records(db, ended_in(&[reason]), case::Column::EndedOn).await?,
                count_cases(db, abroad).await?,
            )
        }
        Factor::LateUpdates => (
            case_records(db, late(&[CaseState::Departed]), case::Column::DueOn).await?,
            count_cases(
                db,
                cases.add(case::Column::State.eq(CaseState::Departed.as_str())),
            )
            .await?,
        ),
        Factor::LateLiquidations => (
            case_records(db, late(&AWAITING_LIQUIDATION), case::Column::DueOn).await?,
            count_cases(
                db,
                cases.add(
                    Condition::any()
                        .add(case::Column::State.is_in(states(&AWAITING_LIQUIDATION)))
                        .add(
                            Condition::all()
                                .add(case::Column::State.eq(CaseState::Liquidated.as_str()))
                                .add(w.within(case::Column::EndedOn)),
                        ),
                ),
            )
            .await?,
        ),
        Factor::OverdueRemediation => (overdue_tasks(db, w).await?, OutOf::new()),
        Factor::Sanctions => (sanctions(db, w).await?, OutOf::new()),
    })
}
