//! Demo inspections, by the demo inspector: one open at agency 4 with a violation, a task past
//! its deadline and one answered waiting for review; one planned at agency 6 (the agency sees
//! nothing of it); one closed at agency 7 with its sanction (a fine, no suspension) and its task
//! accepted. Fine ranges come from the rules in force on the day of each act.

use chrono::{NaiveDate, TimeDelta};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::entity::{
    agency, inspection, inspection_sanction, inspection_violation, remediation_task, user,
};
use super::ServiceError;
use crate::domain::inspections::{fine_range, InspectionStatus, TaskStatus, ViolationCode};
use crate::domain::rules::RuleBook;

const DECREE: &str = "Nghị định 283/2026/NĐ-CP";

struct Plan {
    agency: i32,
    status: InspectionStatus,
    starts: i64,
    scope: &'static str,
    basis: &'static str,
}

const PLANS: [Plan; 3] = [
    Plan {
        agency: 4,
        status: InspectionStatus::Open,
        starts: -10,
        scope: "Việc thu tiền dịch vụ, tiền ký quỹ và cập nhật cơ sở dữ liệu người lao động",
        basis: "Khiếu nại của người lao động về tiền dịch vụ; cập nhật hằng tháng chậm",
    },
    Plan {
        agency: 6,
        status: InspectionStatus::Planned,
        starts: 7,
        scope: "Việc bồi dưỡng kiến thức cần thiết trước khi xuất cảnh",
        basis: "Kế hoạch kiểm tra định kỳ năm",
    },
    Plan {
        agency: 7,
        status: InspectionStatus::Closed,
        starts: -75,
        scope: "Việc báo cáo định kỳ và thanh lý hợp đồng",
        basis: "Báo cáo năm nộp chậm",
    },
];

pub async fn fill<C: ConnectionTrait>(
    db: &C,
    book: &RuleBook,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    let Some(team) = user::Entity::find()
        .filter(user::Column::Email.eq("thanhtra@hanhtrang.test"))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let day = |n: i64| today + TimeDelta::days(n);
    for p in PLANS {
        if agency::Entity::find_by_id(p.agency)
            .one(db)
            .await?
            .is_none()
        {
            continue;
        }
        let started = p.status != InspectionStatus::Planned;
        let i = inspection::ActiveModel {
            agency_id: Set(p.agency),
            status: Set(p.status.as_str().to_owned()),
            scope: Set(p.scope.to_owned()),
            team: Set("Nguyễn Thanh Tra (trưởng đoàn), Lê Minh Kiểm, Phạm Thu Hằng".to_owned()),
            starts_on: Set(day(p.starts)),
            ends_on: Set(day(p.starts + 4)),
            basis: Set(p.basis.to_owned()),
            planned_by: Set(team.id),
            planned_at: Set(now),
            opened_on: Set(started.then(|| day(p.starts))),
            closed_on: Set((p.status == InspectionStatus::Closed).then(|| day(p.starts + 40))),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if !started {
            continue;
        }
        let committed = day(p.starts - 20);
        let code = ViolationCode::ReportLate;
        let Ok(range) = fine_range(book, code, 1, committed) else {
            continue;
        };
        inspection_violation::ActiveModel {
            inspection_id: Set(i.id),
            code: Set(code.as_str().to_owned()),
            act: Set(
                "Không cập nhật thông tin người lao động vào cơ sở dữ liệu đúng hạn".to_owned(),
            ),
            clause: Set(format!("{DECREE} (báo cáo, cập nhật cơ sở dữ liệu)")),
            witnesses: Set("Đại diện doanh nghiệp".to_owned()),
            workers: Set(0),
            committed_on: Set(committed),
            fine_min_vnd: Set(range.min_vnd),
            fine_max_vnd: Set(range.max_vnd),
            recorded_by: Set(team.id),
            recorded_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let task = |description: &str, due: i64, status: TaskStatus, answer: Option<&str>| {
            remediation_task::ActiveModel {
                inspection_id: Set(i.id),
                description: Set(description.to_owned()),
                due_on: Set(day(due)),
                status: Set(status.as_str().to_owned()),
                answer: Set(answer.map(str::to_owned)),
                answered_at: Set(answer.map(|_| now)),
                created_by: Set(team.id),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        };
        if p.status == InspectionStatus::Closed {
            inspection_sanction::ActiveModel {
                inspection_id: Set(i.id),
                decision_no: Set(format!("{}/QĐ-XPHC", 100 + i.id)),
                decided_on: Set(day(p.starts + 10)),
                signer: Set("Phạm Văn Chánh, Chánh Thanh tra Bộ Nội vụ".to_owned()),
                fine_vnd: Set(range.min_vnd),
                fine_min_vnd: Set(range.min_vnd),
                fine_max_vnd: Set(range.max_vnd),
                extra: Set("none".to_owned()),
                licence_event_id: Set(None),
                recorded_by: Set(team.id),
                recorded_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            task(
                "Cập nhật đầy đủ dữ liệu người lao động đã xuất cảnh",
                p.starts + 30,
                TaskStatus::Accepted,
                Some("Đã cập nhật 42 hồ sơ"),
            )
            .insert(db)
            .await?;
        } else {
            task(
                "Hoàn trả tiền dịch vụ thu vượt mức trần cho người lao động",
                -2,
                TaskStatus::Open,
                None,
            )
            .insert(db)
            .await?;
            task(
                "Cập nhật dữ liệu người lao động đã xuất cảnh",
                10,
                TaskStatus::Answered,
                Some("Đã cập nhật 17 hồ sơ còn thiếu"),
            )
            .insert(db)
            .await?;
        }
    }
    Ok(())
}
