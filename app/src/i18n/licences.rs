//! Words of licence decisions.

use super::Lang;
use crate::domain::licences::{DetailField, ReissueReason, RevocationGround};

pub fn ground(lang: Lang, g: RevocationGround) -> &'static str {
    match g {
        RevocationGround::ForgedDossier => lang.tr(
            "Giả mạo hồ sơ đề nghị cấp giấy phép",
            "Forged licence dossier",
        ),
        RevocationGround::ConditionsNotKept => lang.tr(
            "Không còn đáp ứng điều kiện cấp giấy phép",
            "Licence conditions no longer met",
        ),
        RevocationGround::NoWorkerSent => lang.tr(
            "Không đưa người lao động đi trong 24 tháng liên tục",
            "No worker sent in 24 consecutive months",
        ),
        RevocationGround::Sanctioned => lang.tr(
            "Bị xử phạt vi phạm hành chính với hình thức tước giấy phép",
            "Revoked as a sanction for a violation",
        ),
        RevocationGround::Dissolved => lang.tr(
            "Doanh nghiệp giải thể, phá sản hoặc đề nghị thu hồi",
            "Enterprise dissolved, bankrupt or asking for it",
        ),
    }
}

pub fn reissue_reason(lang: Lang, r: ReissueReason) -> &'static str {
    match r {
        ReissueReason::Lost => lang.tr("Bị mất", "Lost"),
        ReissueReason::Damaged => lang.tr("Bị hư hỏng", "Damaged"),
    }
}

pub fn detail_field(lang: Lang, d: DetailField) -> &'static str {
    match d {
        DetailField::Name => lang.tr("Tên doanh nghiệp", "Name"),
        DetailField::Address => lang.tr("Địa chỉ trụ sở", "Address"),
        DetailField::Phone => lang.tr("Điện thoại", "Phone"),
        DetailField::Email => lang.tr("Email", "Email"),
        DetailField::Website => lang.tr("Trang thông tin điện tử", "Website"),
        DetailField::Representative => {
            lang.tr("Người đại diện theo pháp luật", "Legal representative")
        }
    }
}
