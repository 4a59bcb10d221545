//! The emails of a complaint: to the filer in their language at each step, with the deadline
//! that runs next; to the agency's administrators when one is filed against it (without the
//! filer's contact) and when it is taken to the second level.

use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use crate::backend::decode::stored;
use crate::backend::entity::{complaint, user};
use crate::backend::outbox::{self, Message};
use crate::backend::{Backend, ServiceError};
use crate::domain::accounts::Role;
use crate::i18n::Lang;

pub enum Told<'a> {
    /// Filed; with the tracking code for someone without an account (the filer's email only).
    Filed(Option<&'a str>),
    Accepted,
    Refused(&'a str),
    Extended(&'a str),
    Answered(&'a str),
    Escalated,
    Remote,
}

fn deadline_line(lang: Lang, c: &complaint::Model) -> Option<String> {
    let (vi, en, day) = match c.status.as_str() {
        "received" => ("Hạn thụ lý", "To be accepted by", c.accept_due),
        "accepted" => ("Hạn giải quyết", "To be resolved by", c.resolve_due?),
        "answered" | "refused" => (
            "Hạn khiếu nại lần hai",
            "Second complaint possible until",
            c.appeal_due?,
        ),
        _ => return None,
    };
    Some(format!("{}: {}.", lang.tr(vi, en), lang.date(day)))
}

fn to_filer(lang: Lang, c: &complaint::Model, told: &Told<'_>) -> (String, Vec<String>) {
    let n = c.id;
    let mut paras = match (lang, told) {
        (Lang::Vi, Told::Filed(_)) => vec![format!("Đơn số {n} của bạn đã được tiếp nhận ngày {}.", lang.date(c.received_on))],
        (Lang::En, Told::Filed(_)) => vec![format!("Your complaint no. {n} was received on {}.", lang.date(c.received_on))],
        (Lang::Vi, Told::Accepted) => vec![format!("Đơn số {n} đã được thụ lý giải quyết.")],
        (Lang::En, Told::Accepted) => vec![format!("Complaint no. {n} was accepted for resolution.")],
        (Lang::Vi, Told::Refused(r)) => vec![format!("Đơn số {n} không được thụ lý. Lý do: {r}")],
        (Lang::En, Told::Refused(r)) => vec![format!("Complaint no. {n} was refused. Why: {r}")],
        (Lang::Vi, Told::Extended(r)) => vec![format!("Thời hạn giải quyết đơn số {n} được gia hạn. Lý do: {r}")],
        (Lang::En, Told::Extended(r)) => vec![format!("The time to resolve complaint no. {n} was extended. Why: {r}")],
        (Lang::Vi, Told::Answered(a)) => vec![format!("Đơn số {n} đã có trả lời: {a}")],
        (Lang::En, Told::Answered(a)) => vec![format!("Complaint no. {n} has its answer: {a}")],
        (Lang::Vi, Told::Escalated) if c.sanction_id.is_some() => vec![format!("Khiếu nại lần hai của đơn số {n} đã được chuyển tới Bộ Nội vụ.")],
        (Lang::En, Told::Escalated) if c.sanction_id.is_some() => vec![format!("Your second complaint on no. {n} went to the Ministry.")],
        (Lang::Vi, Told::Escalated) => vec![format!("Khiếu nại lần hai của đơn số {n} đã được chuyển tới thanh tra.")],
        (Lang::En, Told::Escalated) => vec![format!("Your second complaint on no. {n} went to the inspectors.")],
        (Lang::Vi, Told::Remote) => vec![format!("Đơn số {n} được xác định thuộc vùng sâu, vùng xa: thời hạn được kéo dài theo luật.")],
        (Lang::En, Told::Remote) => vec![format!("Complaint no. {n} is marked as in a remote area: its limits are longer, as the law says.")],
    };
    if let Told::Filed(Some(code)) = told {
        paras.push(match lang {
            Lang::Vi => format!("Mã theo dõi: {code}. Hãy giữ mã này để theo dõi đơn."),
            Lang::En => format!("Tracking code: {code}. Keep it to follow the complaint."),
        });
    }
    if let Some(line) = deadline_line(lang, c) {
        paras.push(line);
    }
    let subject = match lang {
        Lang::Vi => format!("Đơn khiếu nại, tố cáo số {n}"),
        Lang::En => format!("Complaint no. {n}"),
    };
    (subject, paras)
}

/// Queues the filer's email.
pub async fn tell_filer(
    txn: &DatabaseTransaction,
    backend: &Backend,
    c: &complaint::Model,
    told: Told<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    let lang: Lang = stored("complaints.lang", c.id, &c.lang)?;
    let (subject, paras) = to_filer(lang, c, &told);
    let link = if c.filer_user_id.is_some() {
        format!("{}/complaints/{}", backend.settings.public_url, c.id)
    } else {
        format!("{}/complaints/track", backend.settings.public_url)
    };
    let msg: Message = outbox::message(
        "complaint",
        lang,
        &c.filer_email,
        subject,
        &paras,
        Some((lang.tr("Theo dõi đơn", "Follow the complaint"), &link)),
    );
    outbox::enqueue(txn, now, msg, &backend.settings.mail_domain()).await?;
    Ok(())
}

/// Queues the email to each active administrator of the agency complained about.
pub async fn tell_agency(
    txn: &DatabaseTransaction,
    backend: &Backend,
    c: &complaint::Model,
    told: Told<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    // The agency's own complaint against a sanction: it is the filer, told as such.
    if c.sanction_id.is_some() {
        return Ok(());
    }
    let admins = user::Entity::find()
        .filter(user::Column::AgencyId.eq(c.agency_id))
        .filter(user::Column::Role.eq(Role::AgencyAdmin.as_str()))
        .filter(user::Column::Status.eq("active"))
        .all(txn)
        .await?;
    let link = format!("{}/complaints/{}", backend.settings.public_url, c.id);
    for u in admins {
        let lang: Lang = stored("users.lang", u.id, &u.lang)?;
        let n = c.id;
        let (subject, para) = match (lang, &told) {
            (Lang::Vi, Told::Escalated) => (
                format!("Khiếu nại số {n} được chuyển lên cấp hai"),
                format!("Người khiếu nại đã khiếu nại lần hai đơn số {n} tới thanh tra."),
            ),
            (Lang::En, Told::Escalated) => (
                format!("Complaint no. {n} taken to the second level"),
                format!("The complainant took complaint no. {n} to the inspectors."),
            ),
            (Lang::Vi, _) => (
                format!("Khiếu nại mới số {n}"),
                format!(
                    "Doanh nghiệp nhận được khiếu nại số {n}; hạn thụ lý hoặc từ chối: {}.",
                    lang.date(c.accept_due)
                ),
            ),
            (Lang::En, _) => (
                format!("New complaint no. {n}"),
                format!(
                    "Your agency has a new complaint, no. {n}; accept or refuse it by {}.",
                    lang.date(c.accept_due)
                ),
            ),
        };
        let msg = outbox::message(
            "complaint",
            lang,
            &u.email,
            subject,
            &[para],
            Some((lang.tr("Xem khiếu nại", "Open the complaint"), &link)),
        );
        outbox::enqueue(txn, now, msg, &backend.settings.mail_domain()).await?;
    }
    Ok(())
}
