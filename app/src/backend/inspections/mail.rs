//! The emails an inspection sends the agency's administrators, in their language: when it
//! opens (never while planned), when a sanction is decided, when a task is set or returned.

use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use crate::backend::decode::stored;
use crate::backend::entity::{agency, inspection, inspection_sanction, remediation_task, user};
use crate::backend::outbox::{self, Message};
use crate::backend::{Backend, ServiceError};
use crate::domain::accounts::Role;
use crate::i18n::Lang;

pub enum Told<'a> {
    Opened,
    Sanctioned(&'a inspection_sanction::Model),
    Task(&'a remediation_task::Model),
    Returned(&'a remediation_task::Model),
}

fn message(
    lang: Lang,
    to: &str,
    a: &agency::Model,
    i: &inspection::Model,
    told: &Told<'_>,
    link: &str,
) -> Message {
    let (subject, paras) = match (lang, told) {
        (Lang::Vi, Told::Opened) => (
            "Thông báo kiểm tra doanh nghiệp".to_owned(),
            vec![
                format!(
                    "Đoàn kiểm tra chuyên ngành tiến hành kiểm tra {} từ ngày {} đến ngày {}.",
                    a.name,
                    lang.date(i.starts_on),
                    lang.date(i.ends_on)
                ),
                format!("Nội dung kiểm tra: {}", i.scope),
                format!("Thành phần đoàn: {}", i.team),
            ],
        ),
        (Lang::En, Told::Opened) => (
            "Inspection of your agency".to_owned(),
            vec![
                format!(
                    "The inspection team is inspecting {} from {} to {}.",
                    a.name,
                    lang.date(i.starts_on),
                    lang.date(i.ends_on)
                ),
                format!("Scope: {}", i.scope),
                format!("Team: {}", i.team),
            ],
        ),
        (Lang::Vi, Told::Sanctioned(s)) => (
            format!("Quyết định xử phạt số {}", s.decision_no),
            vec![format!(
                "Quyết định số {} ngày {} ({}) phạt tiền {} đồng đối với {}.",
                s.decision_no,
                lang.date(s.decided_on),
                s.signer,
                lang.number(s.fine_vnd.unsigned_abs()),
                a.name
            )],
        ),
        (Lang::En, Told::Sanctioned(s)) => (
            format!("Sanction decision no. {}", s.decision_no),
            vec![format!(
                "Decision no. {} of {} ({}) fines {} {} VND.",
                s.decision_no,
                lang.date(s.decided_on),
                s.signer,
                a.name,
                lang.number(s.fine_vnd.unsigned_abs())
            )],
        ),
        (Lang::Vi, Told::Task(t)) => (
            "Yêu cầu khắc phục sau kiểm tra".to_owned(),
            vec![format!(
                "Đoàn kiểm tra yêu cầu khắc phục trước ngày {}: {}",
                lang.date(t.due_on),
                t.description
            )],
        ),
        (Lang::En, Told::Task(t)) => (
            "Remediation after the inspection".to_owned(),
            vec![format!(
                "The inspection team asks you to put this right by {}: {}",
                lang.date(t.due_on),
                t.description
            )],
        ),
        (Lang::Vi, Told::Returned(t)) => (
            "Báo cáo khắc phục chưa được chấp nhận".to_owned(),
            vec![
                format!("Yêu cầu: {}", t.description),
                format!("Lý do: {}", t.review_note.clone().unwrap_or_default()),
            ],
        ),
        (Lang::En, Told::Returned(t)) => (
            "Remediation answer returned".to_owned(),
            vec![
                format!("Task: {}", t.description),
                format!("Why: {}", t.review_note.clone().unwrap_or_default()),
            ],
        ),
    };
    outbox::message(
        "inspection",
        lang,
        to,
        subject,
        &paras,
        Some((lang.tr("Xem cuộc kiểm tra", "Open the inspection"), link)),
    )
}

/// Queues the email to each active administrator of the inspected agency.
pub async fn tell_agency(
    txn: &DatabaseTransaction,
    backend: &Backend,
    i: &inspection::Model,
    told: Told<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    let a = agency::Entity::find_by_id(i.agency_id)
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let admins = user::Entity::find()
        .filter(user::Column::AgencyId.eq(a.id))
        .filter(user::Column::Role.eq(Role::AgencyAdmin.as_str()))
        .filter(user::Column::Status.eq("active"))
        .all(txn)
        .await?;
    let link = format!("{}/inspections/{}", backend.settings.public_url, i.id);
    for u in admins {
        let lang: Lang = stored("users.lang", u.id, &u.lang)?;
        let msg = message(lang, &u.email, &a, i, &told, &link);
        outbox::enqueue(txn, now, msg, &backend.settings.mail_domain()).await?;
    }
    Ok(())
}
