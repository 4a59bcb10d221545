//! Words of complaints and denunciations.

use super::Lang;
use crate::domain::complaints::{Category, ComplaintKind, ComplaintStatus, Relation, StepKind};

pub fn category(lang: Lang, c: Category) -> &'static str {
    use Category::*;
    match c {
        Overcharging => lang.tr("Thu tiền quá mức quy định", "Overcharging"),
        ContractSubstituted => lang.tr("Bị đánh tráo hợp đồng", "Contract substituted"),
        DepositNotRefunded => lang.tr("Không hoàn trả tiền ký quỹ", "Deposit not refunded"),
        WageOrJob => lang.tr(
            "Tiền lương, công việc không đúng hợp đồng",
            "Wage or job not as contracted",
        ),
        Abuse => lang.tr("Bị ngược đãi, xâm hại", "Abuse"),
        Other => lang.tr("Khác", "Other"),
        Sanction => lang.tr(
            "Khiếu nại quyết định xử phạt",
            "Against a sanction decision",
        ),
    }
}

pub fn kind(lang: Lang, k: ComplaintKind) -> &'static str {
    match k {
        ComplaintKind::Complaint => lang.tr("Khiếu nại", "Complaint"),
        ComplaintKind::Denunciation => lang.tr("Tố cáo", "Denunciation"),
    }
}

pub fn relation(lang: Lang, r: Relation) -> &'static str {
    match r {
        Relation::Worker => lang.tr("Người lao động", "The worker"),
        Relation::Relative => lang.tr("Người thân", "A relative"),
        Relation::LabourAttache => lang.tr("Tùy viên lao động", "A labour attaché"),
        Relation::Other => lang.tr("Người khác", "Someone else"),
        Relation::Agency => lang.tr("Doanh nghiệp bị xử phạt", "The sanctioned agency"),
    }
}

pub fn status(lang: Lang, s: ComplaintStatus, level: u8) -> &'static str {
    use ComplaintStatus::*;
    match (s, level) {
        (Received, 1) => lang.tr("Đã nhận, chờ thụ lý", "Received, to be accepted"),
        (Received, _) => lang.tr(
            "Khiếu nại lần hai đã nhận, chờ thụ lý",
            "Second complaint received, to be accepted",
        ),
        (Accepted, 1) => lang.tr("Đã thụ lý, đang giải quyết", "Accepted, being resolved"),
        (Accepted, _) => lang.tr(
            "Khiếu nại lần hai đã thụ lý, đang giải quyết",
            "Second complaint accepted, being resolved",
        ),
        (Refused, _) => lang.tr("Không thụ lý", "Refused"),
        (Answered, _) => lang.tr("Đã trả lời lần đầu", "First answer given"),
        (Closed, _) => lang.tr("Đã kết thúc", "Closed"),
    }
}

pub fn step(lang: Lang, s: StepKind, level: u8) -> &'static str {
    use StepKind::*;
    match (s, level) {
        (Filed, _) => lang.tr("Gửi đơn", "Filed"),
        (Accepted, _) => lang.tr("Thụ lý", "Accepted"),
        (Refused, _) => lang.tr("Không thụ lý", "Refused"),
        (Extended, _) => lang.tr("Gia hạn giải quyết", "Extended"),
        (Answered, 1) => lang.tr("Trả lời lần đầu", "First answer"),
        (Answered, _) => lang.tr("Quyết định giải quyết", "Decision"),
        (Escalated, _) => lang.tr("Khiếu nại lần hai", "Taken to the second level"),
        (MarkedRemote, _) => lang.tr(
            "Xác định vùng sâu, vùng xa, đi lại khó khăn",
            "Marked as a remote area",
        ),
        (Linked, _) => lang.tr("Gắn với cuộc kiểm tra", "Linked to an inspection"),
        (ContactShared, _) => lang.tr(
            "Chia sẻ liên hệ với doanh nghiệp",
            "Contact shared with the agency",
        ),
        (Closed, _) => lang.tr("Kết thúc", "Closed"),
    }
}
