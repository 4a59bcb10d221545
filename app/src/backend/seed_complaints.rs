//! Demo complaints, on the law's clock of the rules in force: the demo worker's against agency
//! 1, just received (the agency's to accept); a relative's against agency 4, accepted and being
//! resolved; one against agency 2 answered, which the worker may take further; one against
//! agency 3 never accepted, past its deadline; and a denunciation against agency 4, for the
//! inspectors only.

use chrono::{NaiveDate, TimeDelta};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::entity::{agency, complaint, complaint_step, user, worker};
use super::secrets::{new_claim_code, token_hash};
use super::ServiceError;
use crate::domain::complaints::{
    appeal_limit, deadline, resolve_limit, Category, ComplaintKind, ComplaintStatus, Limit,
    Relation, StepKind,
};
use crate::domain::rules::RuleBook;

struct Demo {
    agency: i32,
    kind: ComplaintKind,
    category: Category,
    /// From the demo worker's account, or someone else's with a tracking code.
    own: bool,
    received: i64,
    status: ComplaintStatus,
    description: &'static str,
    answer: &'static str,
}

const DEMOS: [Demo; 5] = [
    Demo {
        agency: 1,
        kind: ComplaintKind::Complaint,
        category: Category::Overcharging,
        own: true,
        received: -2,
        status: ComplaintStatus::Received,
        description: "Công ty thu tiền dịch vụ 4 tháng lương, cao hơn mức trần 3 tháng lương; có giấy biên nhận.",
        answer: "",
    },
    Demo {
        agency: 4,
        kind: ComplaintKind::Complaint,
        category: Category::DepositNotRefunded,
        own: false,
        received: -12,
        status: ComplaintStatus::Accepted,
        description: "Con tôi về nước đúng hạn hợp đồng từ 3 tháng trước nhưng công ty chưa hoàn trả tiền ký quỹ.",
        answer: "",
    },
    Demo {
        agency: 2,
        kind: ComplaintKind::Complaint,
        category: Category::WageOrJob,
        own: false,
        received: -40,
        status: ComplaintStatus::Answered,
        description: "Công việc thực tế ở xưởng đúc, không phải chế biến thực phẩm như hợp đồng.",
        answer: "Công ty đã làm việc với bên môi giới Đài Loan; người lao động được chuyển đúng công việc từ tháng sau.",
    },
    Demo {
        agency: 3,
        kind: ComplaintKind::Complaint,
        category: Category::ContractSubstituted,
        own: false,
        received: -16,
        status: ComplaintStatus::Received,
        description: "Hợp đồng ký ở Hà Nội khác hợp đồng đưa ký khi đến Hàn Quốc.",
        answer: "",
    },
    Demo {
        agency: 4,
        kind: ComplaintKind::Denunciation,
        category: Category::Abuse,
        own: false,
        received: -3,
        status: ComplaintStatus::Received,
        description: "Công ty giữ hộ chiếu của nhiều người lao động để buộc nộp thêm tiền.",
        answer: "",
    },
];

fn missing(e: crate::domain::rules::MissingRule) -> ServiceError {
    ServiceError::Unexpected(format!("no rule in force: {e:?}").into())
}

pub async fn fill<C: ConnectionTrait>(
    db: &C,
    book: &RuleBook,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    let account = user::Entity::find()
        .filter(user::Column::Email.eq("worker@hanhtrang.test"))
        .one(db)
        .await?;
    let worker_row = match account.as_ref().and_then(|u| u.worker_id) {
        Some(w) => worker::Entity::find_by_id(w).one(db).await?,
        None => None,
    };
    for d in DEMOS {
        if agency::Entity::find_by_id(d.agency)
            .one(db)
            .await?
            .is_none()
        {
            continue;
        }
        let received = today + TimeDelta::days(d.received);
        let accept_limit = match d.kind {
            ComplaintKind::Complaint => Limit::Accept,
            ComplaintKind::Denunciation => Limit::DenounceAccept,
        };
        let accept_due = deadline(book, accept_limit, received).map_err(missing)?;
        let accepted =
            (d.status != ComplaintStatus::Received).then(|| received + TimeDelta::days(3));
        let resolve_due = accepted
            .map(|a| deadline(book, resolve_limit(1, false, false), a))
            .transpose()
            .map_err(missing)?;
        let answered =
            (d.status == ComplaintStatus::Answered).then(|| received + TimeDelta::days(25));
        let appeal_due = answered
            .map(|a| deadline(book, appeal_limit(false), a))
            .transpose()
            .map_err(missing)?;
        let own = d.own.then_some(()).and(account.as_ref());
        let (relation, filer_name, filer_email, filer_phone, worker_name) = match (own, &worker_row)
        {
            (Some(u), Some(w)) => (
                Relation::Worker,
                w.full_name.clone(),
                u.email.clone(),
                w.phone.clone(),
                w.full_name.clone(),
            ),
            _ => (
                if d.kind == ComplaintKind::Denunciation {
                    Relation::Other
                } else {
                    Relation::Relative
                },
                "Phạm Văn Thành".to_owned(),
                format!("nguoithan{}@example.vn", d.agency),
                "0987 000 111".to_owned(),
                if d.kind == ComplaintKind::Denunciation {
                    String::new()
                } else {
                    "Phạm Thị Thu".to_owned()
                },
            ),
        };
        let row = complaint::ActiveModel {
            kind: Set(d.kind.as_str().to_owned()),
            category: Set(d.category.as_str().to_owned()),
            agency_id: Set(d.agency),
            filer_user_id: Set(own.map(|u| u.id)),
            relation: Set(relation.as_str().to_owned()),
            filer_name: Set(filer_name),
            filer_email: Set(filer_email),
            filer_phone: Set(filer_phone),
            worker_name: Set(worker_name),
            worker_id: Set(own.and(worker_row.as_ref()).map(|w| w.id)),
            worker_province: Set(own
                .and(worker_row.as_ref())
                .map(|w| w.province_code.clone())),
            lang: Set("vi".to_owned()),
            learned_on: Set(received - TimeDelta::days(10)),
            late_reason: Set(String::new()),
            foreign_element: Set(d.category == Category::WageOrJob),
            description: Set(d.description.to_owned()),
            status: Set(d.status.as_str().to_owned()),
            level: Set(1),
            remote: Set(false),
            extensions: Set(0),
            contact_shared: Set(false),
            received_on: Set(received),
            accept_due: Set(accept_due),
            accepted_on: Set(accepted),
            resolve_due: Set(resolve_due),
            answered_on: Set(answered),
            appeal_due: Set(appeal_due),
            closed_on: Set(None),
            inspection_id: Set(None),
            tracking_hash: Set(own.is_none().then(|| token_hash(&new_claim_code()))),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let handler = match d.kind {
            ComplaintKind::Complaint => "agency_admin",
            ComplaintKind::Denunciation => "inspector",
        };
        let mut steps = vec![(StepKind::Filed, received, "filer", String::new())];
        if let Some(a) = accepted {
            steps.push((StepKind::Accepted, a, handler, String::new()));
        }
        if let Some(a) = answered {
            steps.push((StepKind::Answered, a, handler, d.answer.to_owned()));
        }
        for (kind, day, by_role, note) in steps {
            complaint_step::ActiveModel {
                complaint_id: Set(row.id),
                level: Set(1),
                step: Set(kind.as_str().to_owned()),
                note: Set(note),
                by_user_id: Set(None),
                by_role: Set(by_role.to_owned()),
                happened_on: Set(day),
                at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}
