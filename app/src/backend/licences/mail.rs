//! The email each licence decision sends the agency's administrators, in their language.

use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use crate::backend::decode::stored;
use crate::backend::entity::{agency, licence_event, user};
use crate::backend::outbox::{self, Message};
use crate::backend::{Backend, ServiceError};
use crate::domain::accounts::Role;
use crate::domain::agencies::LicenceEventKind;
use crate::i18n::Lang;

fn message(
    lang: Lang,
    to: &str,
    a: &agency::Model,
    e: &licence_event::Model,
    kind: LicenceEventKind,
    market: Option<String>,
    link: &str,
) -> Message {
    let number = e.decision_ref.clone().unwrap_or_default();
    let on = lang.date(e.happened_on);
    let until = e.until.map(|u| lang.date(u)).unwrap_or_default();
    let market = market.unwrap_or_default();
    let (subject, mut paras) = match (lang, kind) {
        (Lang::Vi, LicenceEventKind::Issued) => (
            format!("Giấy phép {} đã được cấp", a.licence_number),
            vec![format!("Cục Quản lý lao động ngoài nước đã cấp giấy phép {} cho {} (quyết định số {number}).", a.licence_number, a.name)],
        ),
        (Lang::Vi, LicenceEventKind::Amended) => (
            format!("Giấy phép {} đã được sửa đổi, bổ sung", a.licence_number),
            vec![format!("Quyết định số {number} sửa đổi, bổ sung giấy phép {} từ ngày {on}.", a.licence_number)],
        ),
        (Lang::Vi, LicenceEventKind::Reissued) => (
            format!("Giấy phép {} đã được cấp lại", a.licence_number),
            vec![format!("Quyết định số {number} cấp lại giấy phép {} ngày {on}.", a.licence_number)],
        ),
        (Lang::Vi, LicenceEventKind::Suspended) => (
            format!("Đình chỉ hoạt động tại thị trường {market}"),
            vec![format!("Theo quyết định số {number}, {} bị đình chỉ hoạt động đưa người lao động đi làm việc tại {market} từ ngày {on} đến hết ngày {until}. Trong thời gian này không được tuyển chọn, mở hồ sơ mới hay đưa người lao động đi thị trường này; người lao động đang ở nước ngoài vẫn phải được quản lý, hỗ trợ.", a.name)],
        ),
        (Lang::Vi, LicenceEventKind::Revoked) => (
            format!("Giấy phép {} bị thu hồi", a.licence_number),
            vec![format!("Theo quyết định số {number}, giấy phép {} bị thu hồi từ ngày {on}. Doanh nghiệp không được tuyển chọn hay đưa người lao động đi nữa, nhưng vẫn phải giải quyết quyền lợi của người lao động đang làm việc ở nước ngoài.", a.licence_number)],
        ),
        (Lang::En, LicenceEventKind::Issued) => (
            format!("Licence {} is issued", a.licence_number),
            vec![format!("DOLAB issued licence {} to {} (decision no. {number}).", a.licence_number, a.name)],
        ),
        (Lang::En, LicenceEventKind::Amended) => (
            format!("Licence {} is amended", a.licence_number),
            vec![format!("Decision no. {number} amends licence {} from {on}.", a.licence_number)],
        ),
        (Lang::En, LicenceEventKind::Reissued) => (
            format!("Licence {} is reissued", a.licence_number),
            vec![format!("Decision no. {number} reissued licence {} on {on}.", a.licence_number)],
        ),
        (Lang::En, LicenceEventKind::Suspended) => (
            format!("Suspended in the {market} market"),
            vec![format!("Under decision no. {number}, {} may not send workers to {market} from {on} to {until} inclusive: no recruiting, no new cases, no departures there. Workers already abroad must still be served.", a.name)],
        ),
        (Lang::En, LicenceEventKind::Revoked) => (
            format!("Licence {} is revoked", a.licence_number),
            vec![format!("Under decision no. {number}, licence {} is revoked from {on}. The agency may no longer recruit or send workers, and must still settle the rights of its workers abroad.", a.licence_number)],
        ),
    };
    if let Some(clause) = &e.clause {
        paras.push(match lang {
            Lang::Vi => format!("Căn cứ: {clause}"),
            Lang::En => format!("Legal ground: {clause}"),
        });
    }
    outbox::message(
        "licence_decision",
        lang,
        to,
        subject,
        &paras,
        Some((lang.tr("Xem giấy phép", "Open the licence"), link)),
    )
}

/// Queues the decision's email to each active administrator of the agency.
pub async fn tell_agency(
    txn: &DatabaseTransaction,
    backend: &Backend,
    a: &agency::Model,
    now: chrono::DateTime<chrono::Utc>,
    e: &licence_event::Model,
) -> Result<(), ServiceError> {
    let kind: LicenceEventKind = stored("licence_events.kind", e.id, &e.kind)?;
    let admins = user::Entity::find()
        .filter(user::Column::AgencyId.eq(a.id))
        .filter(user::Column::Role.eq(Role::AgencyAdmin.as_str()))
        .filter(user::Column::Status.eq("active"))
        .all(txn)
        .await?;
    let reference = backend.reference.get(&backend.db).await?;
    let link = format!("{}/agencies/{}", backend.settings.public_url, a.id);
    for u in admins {
        let lang: Lang = stored("users.lang", u.id, &u.lang)?;
        let market = e
            .market_code
            .as_deref()
            .map(|c| crate::i18n::market_name(lang, &reference.market(c)).to_owned());
        let msg = message(lang, &u.email, a, e, kind, market, &link);
        outbox::enqueue(txn, now, msg, &backend.settings.mail_domain()).await?;
    }
    Ok(())
}
