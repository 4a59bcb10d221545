//! The email outbox. A message is written in the same transaction as the change that causes it;
//! the server's sender delivers it later, retrying with backoff. Its Message-ID is fixed when it
//! is written, so a resend after a crash is recognisably the same message.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::entity::outbox;
use super::secrets::new_token;
use super::ServiceError;
use crate::i18n::Lang;

/// A message as the templates build it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    message: Message,
    domain: &str,
) -> Result<(), ServiceError> {
    outbox::ActiveModel {
        message_id: Set(format!("<{}@{domain}>", new_token())),
        kind: Set(message.kind.to_owned()),
        recipient: Set(message.to),
        subject: Set(message.subject),
        body_text: Set(message.text),
        body_html: Set(message.html),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Messages due now, oldest first.
pub async fn due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox::Model>, ServiceError> {
    Ok(outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Takes a due message for this process for two minutes, so several server processes never send
/// the same message at once. False when another process took it first.
pub async fn claim(
    db: &DatabaseConnection,
    message: &outbox::Model,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    use sea_orm::sea_query::Expr;
    let taken = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::NextAttemptAt,
            Expr::value(now + TimeDelta::minutes(2)),
        )
        .filter(outbox::Column::Id.eq(message.id))
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::NextAttemptAt.eq(message.next_attempt_at))
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// Kinds of message whose body holds a one-time link (an invitation, a password reset): once
/// sent, the body is of no use to anyone but whoever reads the database, so it is cleared.
pub const CARRIES_A_LINK: &[&str] = &[
    "invitation",
    "password_reset",
    "signup_confirmation",
    "unlock",
];

/// What a cleared body says instead.
pub const CLEARED: &str = "(cleared once sent: it held a one-time link)";

/// Marks a message sent; a message that carried a one-time link keeps only its metadata
/// (recipient, subject, kind, times).
pub async fn mark_sent(
    db: &DatabaseConnection,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use sea_orm::sea_query::Expr;
    outbox::ActiveModel {
        id: Set(id),
        sent_at: Set(Some(now)),
        last_error: Set(None),
        ..Default::default()
    }
    .update(db)
    .await?;
    outbox::Entity::update_many()
        .col_expr(outbox::Column::BodyText, Expr::value(CLEARED))
        .col_expr(outbox::Column::BodyHtml, Expr::value(CLEARED))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Kind.is_in(CARRIES_A_LINK.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}

/// Backoff after the n-th failed attempt: 5 s, 10 s, 20 s … capped at one hour.
pub fn backoff(attempts: i32) -> TimeDelta {
    let exp = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    TimeDelta::seconds((5i64 << exp.min(10)).min(3600))
}

pub async fn mark_failed(
    db: &DatabaseConnection,
    message: &outbox::Model,
    now: DateTime<Utc>,
    error: &str,
) -> Result<(), ServiceError> {
    let attempts = message.attempts + 1;
    outbox::ActiveModel {
        id: Set(message.id),
        attempts: Set(attempts),
        next_attempt_at: Set(now + backoff(attempts)),
        last_error: Set(Some(error.chars().take(250).collect())),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html_page(lang: Lang, paragraphs: &[String], link: Option<(&str, &str)>) -> String {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(&format!("<p>{}</p>\n", escape(p)));
    }
    if let Some((label, href)) = link {
        body.push_str(&format!(
            "<p><a href=\"{}\" style=\"display:inline-block;padding:10px 16px;background:#0b5cad;color:#fff;text-decoration:none;border-radius:6px\">{}</a></p>\n<p style=\"font-size:13px;color:#555\">{}</p>\n",
            escape(href),
            escape(label),
            escape(href)
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"></head><body style=\"font-family:sans-serif;line-height:1.5\">\n{body}<p style=\"color:#555\">Hành Trang</p>\n</body></html>\n",
        lang.code()
    )
}

fn text_page(paragraphs: &[String], link: Option<&str>) -> String {
    let mut out = paragraphs.join("\n\n");
    if let Some(href) = link {
        out.push_str(&format!("\n\n{href}"));
    }
    out.push_str("\n\n-- \nHành Trang\n");
    out
}

/// An invitation to a staff account.
pub fn invitation(
    lang: Lang,
    to: &str,
    name: &str,
    role_label: &str,
    link: &str,
    hours: i64,
) -> Message {
    let (subject, paras, button) = match lang {
        Lang::Vi => (
            "Lời mời tham gia Hành Trang".to_owned(),
            vec![
                format!("Xin chào {name},"),
                format!("Bạn được mời sử dụng Hành Trang với vai trò {role_label}. Hãy mở liên kết dưới đây để đặt mật khẩu và xác thực hai bước."),
                format!("Liên kết chỉ dùng được một lần và hết hạn sau {hours} giờ. Nếu bạn không chờ lời mời này, hãy bỏ qua thư."),
            ],
            "Nhận lời mời",
        ),
        Lang::En => (
            "Your invitation to Hành Trang".to_owned(),
            vec![
                format!("Hello {name},"),
                format!("You are invited to use Hành Trang as {role_label}. Open the link below to set your password and two-step verification."),
                format!("The link works once and expires in {hours} hours. If you did not expect this invitation, ignore this email."),
            ],
            "Accept the invitation",
        ),
    };
    Message {
        kind: "invitation",
        to: to.to_owned(),
        subject,
        text: text_page(&paras, Some(link)),
        html: html_page(lang, &paras, Some((button, link))),
    }
}

/// A password-reset link.
pub fn password_reset(lang: Lang, to: &str, link: &str, minutes: i64) -> Message {
    let (subject, paras, button) = match lang {
        Lang::Vi => (
            "Đặt lại mật khẩu Hành Trang".to_owned(),
            vec![
                "Có người (hy vọng là bạn) đã yêu cầu đặt lại mật khẩu tài khoản Hành Trang của bạn.".to_owned(),
                format!("Liên kết dùng được một lần, trong {minutes} phút. Khi đặt mật khẩu mới, mọi phiên đăng nhập của bạn sẽ kết thúc. Nếu không phải bạn yêu cầu, hãy bỏ qua thư này."),
            ],
            "Đặt mật khẩu mới",
        ),
        Lang::En => (
            "Reset your Hành Trang password".to_owned(),
            vec![
                "Someone (hopefully you) asked to reset the password of your Hành Trang account.".to_owned(),
                format!("The link works once, for {minutes} minutes. Setting a new password ends all your sessions. If this was not you, ignore this email."),
            ],
            "Set a new password",
        ),
    };
    Message {
        kind: "password_reset",
        to: to.to_owned(),
        subject,
        text: text_page(&paras, Some(link)),
        html: html_page(lang, &paras, Some((button, link))),
    }
}

/// The link that confirms a sign-up's address.
pub fn signup_confirmation(lang: Lang, to: &str, link: &str, hours: i64) -> Message {
    let (subject, paras, button) = match lang {
        Lang::Vi => (
            "Xác nhận email để hoàn tất đăng ký Hành Trang".to_owned(),
            vec![
                "Có người (hy vọng là bạn) vừa đăng ký tài khoản người lao động Hành Trang bằng địa chỉ email này.".to_owned(),
                format!("Mở liên kết dưới đây để xác nhận và hoàn tất việc đăng ký. Liên kết dùng được một lần, trong {hours} giờ. Nếu không phải bạn, hãy bỏ qua thư này: không có tài khoản nào được tạo."),
            ],
            "Xác nhận email",
        ),
        Lang::En => (
            "Confirm your email to finish signing up to Hành Trang".to_owned(),
            vec![
                "Someone (hopefully you) just signed up for a Hành Trang worker account with this email address.".to_owned(),
                format!("Open the link below to confirm it and finish signing up. The link works once, for {hours} hours. If this was not you, ignore this email: no account has been made."),
            ],
            "Confirm the email",
        ),
    };
    Message {
        kind: "signup_confirmation",
        to: to.to_owned(),
        subject,
        text: text_page(&paras, Some(link)),
        html: html_page(lang, &paras, Some((button, link))),
    }
}

/// The link that lifts a lock someone set on the account with wrong passwords.
pub fn unlock_link(lang: Lang, to: &str, link: &str, minutes: i64) -> Message {
    let (subject, paras, button) = match lang {
        Lang::Vi => (
            "Tài khoản Hành Trang của bạn tạm bị khoá".to_owned(),
            vec![
                format!("Tài khoản của bạn vừa bị khoá {minutes} phút vì có nhiều lần đăng nhập sai mật khẩu. Nếu đó là bạn, hãy mở liên kết dưới đây để mở khoá ngay."),
                "Nếu không phải bạn: có người đang thử mật khẩu của bạn. Mở liên kết để mở khoá, và nên đổi sang một mật khẩu dài hơn. Liên kết dùng được một lần, trong 1 giờ.".to_owned(),
            ],
            "Mở khoá tài khoản",
        ),
        Lang::En => (
            "Your Hành Trang account is locked for now".to_owned(),
            vec![
                format!("Your account was just locked for {minutes} minutes after several wrong passwords. If that was you, open the link below to unlock it now."),
                "If it was not you, someone is trying your password. Open the link to unlock, and consider a longer password. The link works once, for one hour.".to_owned(),
            ],
            "Unlock my account",
        ),
    };
    Message {
        kind: "unlock",
        to: to.to_owned(),
        subject,
        text: text_page(&paras, Some(link)),
        html: html_page(lang, &paras, Some((button, link))),
    }
}

/// Told to an account whose link to a worker record a provincial officer revoked.
pub fn claim_revoked(lang: Lang, to: &str) -> Message {
    let (subject, paras) = match lang {
        Lang::Vi => (
            "Tài khoản của bạn không còn gắn với hồ sơ người lao động".to_owned(),
            vec![
                "Theo yêu cầu của người lao động, có mặt trực tiếp với căn cước công dân, Sở Nội vụ đã thu hồi liên kết giữa tài khoản Hành Trang này và hồ sơ người lao động.".to_owned(),
                "Nếu đó là hồ sơ của bạn, hãy đến Sở Nội vụ tỉnh của bạn với căn cước công dân.".to_owned(),
            ],
        ),
        Lang::En => (
            "Your account is no longer linked to a worker record".to_owned(),
            vec![
                "At the request of the worker, in person with their citizen ID card, the provincial Home Affairs department revoked the link between this Hành Trang account and the worker record.".to_owned(),
                "If the record is yours, visit your provincial Home Affairs department with your citizen ID card.".to_owned(),
            ],
        ),
    };
    Message {
        kind: "claim_revoked",
        to: to.to_owned(),
        subject,
        text: text_page(&paras, None),
        html: html_page(lang, &paras, None),
    }
}

/// Told to a worker whose claim dispute the provincial office rejected, with its reason.
pub fn dispute_rejected(lang: Lang, to: &str, reason: &str) -> Message {
    let (subject, paras) = match lang {
        Lang::Vi => (
            "Sở Nội vụ đã trả lời yêu cầu thu hồi hồ sơ của bạn".to_owned(),
            vec![
                "Yêu cầu thu hồi liên kết hồ sơ của bạn không được chấp nhận.".to_owned(),
                format!("Lý do: {reason}"),
                "Bạn có thể đến Sở Nội vụ tỉnh với căn cước công dân để được giải quyết trực tiếp.".to_owned(),
            ],
        ),
        Lang::En => (
            "Your provincial office answered your claim dispute".to_owned(),
            vec![
                "Your request to revoke the claim on your record was not accepted.".to_owned(),
                format!("Reason: {reason}"),
                "You may visit your provincial Home Affairs department with your citizen ID card to settle it in person.".to_owned(),
            ],
        ),
    };
    Message {
        kind: "dispute_rejected",
        to: to.to_owned(),
        subject,
        text: text_page(&paras, None),
        html: html_page(lang, &paras, None),
    }
}

/// Told to a worker when an agency tried to open a case for them while they have one open.
pub fn case_attempt(lang: Lang, to: &str) -> Message {
    let (subject, paras) = match lang {
        Lang::Vi => (
            "Có doanh nghiệp vừa thử mở hồ sơ mới cho bạn".to_owned(),
            vec![
                "Một doanh nghiệp vừa thử mở hồ sơ đi làm việc ở nước ngoài mới bằng số căn cước của bạn, trong khi bạn đang có một hồ sơ chưa kết thúc. Hồ sơ mới không được mở; hồ sơ hiện tại của bạn không thay đổi.".to_owned(),
                "Nếu bạn không nhờ doanh nghiệp nào làm việc này, hãy báo cho Sở Nội vụ tỉnh của bạn.".to_owned(),
            ],
        ),
        Lang::En => (
            "An agency just tried to open a new case for you".to_owned(),
            vec![
                "An agency just tried to open a new case for work abroad with your citizen ID while you have a case still open. No new case was opened; your current case is unchanged.".to_owned(),
                "If you did not ask an agency to do this, tell your provincial Home Affairs department.".to_owned(),
            ],
        ),
    };
    Message {
        kind: "case_attempt",
        to: to.to_owned(),
        subject,
        text: text_page(&paras, None),
        html: html_page(lang, &paras, None),
    }
}

/// Told to a worker when the provincial office decided a correction of their record.
pub fn correction_decided(
    lang: Lang,
    to: &str,
    choice: crate::views::corrections::CorrectionChoice,
    reason: &str,
) -> Message {
    use crate::views::corrections::CorrectionChoice::*;
    let outcome = match (lang, choice) {
        (Lang::Vi, Stored) => "Thông tin trong hồ sơ của bạn được giữ nguyên.",
        (Lang::Vi, Proposed) => "Họ tên, ngày sinh hoặc giới tính trong hồ sơ của bạn đã được điều chỉnh theo giấy tờ doanh nghiệp gửi.",
        (Lang::Vi, Rejected) => "Yêu cầu điều chỉnh không được chấp nhận; hồ sơ của bạn giữ nguyên.",
        (Lang::En, Stored) => "The details on your record stay as they are.",
        (Lang::En, Proposed) => "The name, birth date or sex on your record were corrected to the agency's documents.",
        (Lang::En, Rejected) => "The correction request was not accepted; your record stays as it is.",
    };
    let mut paras = vec![match lang {
        Lang::Vi => "Sở Nội vụ đã xem xét yêu cầu điều chỉnh thông tin hồ sơ người lao động của bạn.".to_owned(),
        Lang::En => "The provincial Home Affairs department reviewed a request to correct your worker record.".to_owned(),
    }];
    paras.push(outcome.to_owned());
    if !reason.is_empty() {
        paras.push(match lang {
            Lang::Vi => format!("Lý do: {reason}"),
            Lang::En => format!("Reason: {reason}"),
        });
    }
    let subject = match lang {
        Lang::Vi => "Kết quả yêu cầu điều chỉnh thông tin hồ sơ".to_owned(),
        Lang::En => "The outcome of a correction to your record".to_owned(),
    };
    Message {
        kind: "correction_decided",
        to: to.to_owned(),
        subject,
        text: text_page(&paras, None),
        html: html_page(lang, &paras, None),
    }
}

/// Told to the email on a worker record whenever an account claims the record.
pub fn record_claimed(
    lang: Lang,
    to: &str,
    account_email: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Message {
    let when = at.format("%Y-%m-%d %H:%M UTC");
    let (subject, paras) = match lang {
        Lang::Vi => (
            "Hồ sơ người lao động của bạn vừa được liên kết với một tài khoản".to_owned(),
            vec![
                format!("Lúc {when}, hồ sơ người lao động của bạn trên Hành Trang đã được liên kết với tài khoản {account_email} bằng mã nhận hồ sơ do doanh nghiệp cấp."),
                "Nếu đó không phải bạn, hãy mang căn cước công dân đến Sở Nội vụ tỉnh của bạn để thu hồi liên kết và nhận mã mới.".to_owned(),
            ],
        ),
        Lang::En => (
            "Your worker record was just linked to an account".to_owned(),
            vec![
                format!("At {when}, your worker record on Hành Trang was linked to the account {account_email} with the claim code your agency issued."),
                "If that was not you, take your citizen ID card to your provincial Home Affairs department to have the link revoked and get a new code.".to_owned(),
            ],
        ),
    };
    Message {
        kind: "record_claimed",
        to: to.to_owned(),
        subject,
        text: text_page(&paras, None),
        html: html_page(lang, &paras, None),
    }
}

/// Told to an account holder when someone tries to sign up again with their citizen ID or email.
pub fn signup_attempt(lang: Lang, to: &str, signin_link: &str) -> Message {
    let (subject, paras) = match lang {
        Lang::Vi => (
            "Có người thử đăng ký bằng thông tin của bạn".to_owned(),
            vec![
                "Vừa có yêu cầu đăng ký tài khoản Hành Trang mới bằng số căn cước hoặc email của bạn. Tài khoản của bạn không thay đổi.".to_owned(),
                "Nếu đó là bạn, hãy đăng nhập hoặc đặt lại mật khẩu. Nếu không, hãy báo cho Sở Nội vụ nơi bạn ở.".to_owned(),
            ],
        ),
        Lang::En => (
            "Someone tried to sign up with your details".to_owned(),
            vec![
                "A new Hành Trang sign-up was just attempted with your citizen ID or email. Your account is unchanged.".to_owned(),
                "If that was you, sign in or reset your password. If not, tell your provincial Home Affairs department.".to_owned(),
            ],
        ),
    };
    Message {
        kind: "signup_attempt",
        to: to.to_owned(),
        subject,
        text: text_page(&paras, Some(signin_link)),
        html: html_page(lang, &paras, None),
    }
}

/// Told to the agency's administrators when DOLAB decides on a job order.
/// A message of `kind` with its paragraphs and, optionally, a button (label, link).
pub fn message(
    kind: &'static str,
    lang: Lang,
    to: &str,
    subject: String,
    paragraphs: &[String],
    button: Option<(&str, &str)>,
) -> Message {
    Message {
        kind,
        to: to.to_owned(),
        subject,
        text: text_page(paragraphs, button.map(|(_, link)| link)),
        html: html_page(lang, paragraphs, button),
    }
}

pub fn order_decided(
    lang: Lang,
    to: &str,
    id: i32,
    employer: &str,
    approved: bool,
    reason: &str,
    link: &str,
) -> Message {
    let (subject, mut paras, button) = match (lang, approved) {
        (Lang::Vi, true) => (
            format!("Đơn hàng #{id} đã được chấp thuận"),
            vec![format!("Cục Quản lý lao động ngoài nước đã chấp thuận hợp đồng cung ứng #{id} ({employer}). Người lao động có thể nộp hồ sơ từ hôm nay.")],
            "Xem đơn hàng",
        ),
        (Lang::Vi, false) => (
            format!("Đơn hàng #{id} bị từ chối"),
            vec![format!("Cục Quản lý lao động ngoài nước không chấp thuận hợp đồng cung ứng #{id} ({employer}).")],
            "Xem đơn hàng",
        ),
        (Lang::En, true) => (
            format!("Job order #{id} is approved"),
            vec![format!("DOLAB approved supply contract #{id} ({employer}). Workers may apply from today.")],
            "Open the order",
        ),
        (Lang::En, false) => (
            format!("Job order #{id} was rejected"),
            vec![format!("DOLAB did not approve supply contract #{id} ({employer}).")],
            "Open the order",
        ),
    };
    if !reason.is_empty() {
        paras.push(match lang {
            Lang::Vi => format!("Lý do: {reason}"),
            Lang::En => format!("Reason: {reason}"),
        });
    }
    Message {
        kind: "order_decided",
        to: to.to_owned(),
        subject,
        text: text_page(&paras, Some(link)),
        html: html_page(lang, &paras, Some((button, link))),
    }
}

/// Told to the worker on every change of their case: where it stands and what comes next.
pub fn case_changed(
    lang: Lang,
    to: &str,
    name: &str,
    case_id: i32,
    what: &str,
    next: &str,
    link: &str,
) -> Message {
    let (subject, paras, button) = match lang {
        Lang::Vi => (
            format!("Hồ sơ #{case_id}: {what}"),
            vec![
                format!("Xin chào {name},"),
                format!("Hồ sơ đi làm việc ở nước ngoài của bạn vừa được cập nhật: {what}."),
                format!("Bước tiếp theo: {next}"),
                "Bạn có thể xem toàn bộ các bước, thời hạn và chi phí trên trang hồ sơ.".to_owned(),
            ],
            "Xem hồ sơ",
        ),
        Lang::En => (
            format!("Case #{case_id}: {what}"),
            vec![
                format!("Hello {name},"),
                format!("Your case for work abroad was just updated: {what}."),
                format!("Next: {next}"),
                "Every step, deadline and cost is on your case page.".to_owned(),
            ],
            "Open my case",
        ),
    };
    Message {
        kind: "case_changed",
        to: to.to_owned(),
        subject,
        text: text_page(&paras, Some(link)),
        html: html_page(lang, &paras, Some((button, link))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_five_seconds_and_stops_at_an_hour() {
        assert_eq!(backoff(1), TimeDelta::seconds(5));
        assert_eq!(backoff(2), TimeDelta::seconds(10));
        assert_eq!(backoff(4), TimeDelta::seconds(40));
        assert_eq!(backoff(30), TimeDelta::seconds(3600));
    }

    #[test]
    fn html_bodies_escape_what_people_typed() {
        let m = invitation(
            Lang::En,
            "a@b.vn",
            "<script>",
            "inspector",
            "http://x/invitation?token=a&b",
            72,
        );
        assert!(!m.html.contains("<script>"));
        assert!(m.html.contains("&lt;script&gt;"));
        assert!(m.text.contains("http://x/invitation?token=a&b"));
    }
}
