//! Demo poverty-programme support: each worker the seed made poor or near-poor gets the
//! commune's certificate for last year and this one; those with a signed contract are paid
//! their language course and health check (the most their status allows, computed by the same
//! rules as a real payment); a few provinces get a budget; Hà Nội's employment service centre
//! has job-connection claims in every standing (payable, waiting, not started).

use chrono::{Datelike, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::decode::stored_json;
use super::entity::{
    case, connection_claim, household_status, support_budget, support_payment, worker,
};
use super::ServiceError;
use crate::domain::cases::CaseState;
use crate::domain::lifecycle::CaseFile;
use crate::domain::rules::{add_days, RuleBook};
use crate::domain::support::{entitlement, period_of, HouseholdStatus, SupportItem};

const BUDGETS: &[(&str, i64, &str)] = &[
    ("01", 2_400_000_000, "3120/QĐ-UBND"),
    ("38", 3_600_000_000, "1875/QĐ-UBND"),
    ("40", 4_200_000_000, "2210/QĐ-UBND"),
];

pub async fn fill<C: ConnectionTrait>(
    db: &C,
    book: &RuleBook,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    let year = today.year();
    let workers = worker::Entity::find()
        .filter(worker::Column::Household.is_in(["poor", "near_poor"]))
        .order_by_asc(worker::Column::Id)
        .all(db)
        .await?;
    let mut statuses = Vec::new();
    for w in &workers {
        let status = if w.household == "poor" {
            HouseholdStatus::Poor
        } else {
            HouseholdStatus::NearPoor
        };
        for y in [year - 1, year] {
            statuses.push(household_status::ActiveModel {
                worker_id: Set(w.id),
                year: Set(y),
                status: Set(status.as_str().to_owned()),
                certificate_no: Set(format!("{:02}/XN-UBND-{y}", w.id % 97 + 1)),
                recorded_by: Set(None),
                recorded_at: Set(now),
                ..Default::default()
            });
        }
    }
    for chunk in statuses.chunks(400) {
        household_status::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    let ids: Vec<i32> = workers.iter().map(|w| w.id).collect();
    let cases = case::Entity::find()
        .filter(case::Column::WorkerId.is_in(ids))
        .order_by_asc(case::Column::Id)
        .all(db)
        .await?;
    let mut payments = Vec::new();
    let mut paid = std::collections::HashSet::new();
    let mut claims = Vec::new();
    let (mut payable, mut waiting, mut not_started) = (0, 0, 0);
    for c in &cases {
        let Some(w) = workers.iter().find(|w| w.id == c.worker_id) else {
            continue;
        };
        let file: CaseFile = stored_json("cases.details", c.id, &c.details)?;
        let Some(contract) = file.contract else {
            continue;
        };
        // Paid in this year, a few days after the contract (or early in the year).
        let paid_on = add_days(contract.signed_on, 5)
            .max(NaiveDate::from_ymd_opt(year, 1, 10).unwrap_or(today))
            .min(today);
        let status = if w.household == "poor" {
            HouseholdStatus::Poor
        } else {
            HouseholdStatus::NearPoor
        };
        let Ok(period) = period_of(book, paid_on) else {
            continue;
        };
        if payments.len() < 400 {
            for item in [SupportItem::Language, SupportItem::HealthCheck] {
                if !paid.insert((w.id, item, period)) {
                    continue;
                }
                let Ok(e) = entitlement(book, item, &[status], 0, paid_on) else {
                    continue;
                };
                let Some(amount) = e.most_vnd else { continue };
                payments.push(support_payment::ActiveModel {
                    worker_id: Set(w.id),
                    province_code: Set(w.province_code.clone()),
                    period: Set(period),
                    item: Set(item.as_str().to_owned()),
                    amount_vnd: Set(amount),
                    quantity: Set(None),
                    status: Set(e.status.as_str().to_owned()),
                    share_bps: Set(i32::try_from(e.share_bps).unwrap_or(i32::MAX)),
                    rate_vnd: Set(e.rate_vnd),
                    paid_on: Set(paid_on),
                    receipt_no: Set(None),
                    note: Set(String::new()),
                    recorded_by: Set(None),
                    recorded_at: Set(now),
                    ..Default::default()
                });
            }
        }
        if w.province_code != "01" {
            continue;
        }
        let state = CaseState::parse(&c.state);
        let kind = match (state, c.departed_on) {
            (Some(CaseState::Departed), Some(d)) if add_days(d, 92) <= today => &mut payable,
            (Some(CaseState::Departed), Some(d)) if add_days(d, 92) > today => &mut waiting,
            (Some(CaseState::Contracted | CaseState::Training | CaseState::VisaGranted), None) => {
                &mut not_started
            }
            _ => continue,
        };
        if *kind >= 2 {
            continue;
        }
        *kind += 1;
        claims.push(connection_claim::ActiveModel {
            case_id: Set(c.id),
            worker_id: Set(w.id),
            province_code: Set(w.province_code.clone()),
            unit_name: Set("Trung tâm Dịch vụ việc làm Hà Nội".to_owned()),
            amount_vnd: Set(1_500_000),
            note: Set(String::new()),
            recorded_by: Set(None),
            recorded_at: Set(now),
            ..Default::default()
        });
    }
    for chunk in payments.chunks(400) {
        support_payment::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    if !claims.is_empty() {
        connection_claim::Entity::insert_many(claims)
            .exec(db)
            .await?;
    }
    let budgets: Vec<_> = BUDGETS
        .iter()
        .map(|(province, amount, decision)| support_budget::ActiveModel {
            province_code: Set((*province).to_owned()),
            year: Set(year),
            amount_vnd: Set(*amount),
            decision_no: Set((*decision).to_owned()),
            recorded_by: Set(None),
            recorded_at: Set(now),
            ..Default::default()
        })
        .collect();
    support_budget::Entity::insert_many(budgets)
        .exec(db)
        .await?;
    Ok(())
}
