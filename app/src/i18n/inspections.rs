//! Words of inspections.

use super::Lang;
use crate::domain::inspections::{InspectionStatus, TaskStatus, ViolationCode};

pub fn violation(lang: Lang, c: ViolationCode) -> &'static str {
    use ViolationCode::*;
    match c {
        ReportLate => lang.tr(
            "Báo cáo chậm, không cập nhật cơ sở dữ liệu",
            "Report late or database not updated",
        ),
        NoOrientation => lang.tr(
            "Đưa người lao động đi mà không bồi dưỡng kiến thức cần thiết",
            "Workers sent without orientation training",
        ),
        DepositOverCap => lang.tr(
            "Thu tiền ký quỹ vượt mức quy định",
            "Deposit taken above the cap",
        ),
        FeesNotItemised => lang.tr(
            "Không thông báo công khai, chi tiết các khoản tiền người lao động phải nộp",
            "Fees not itemised to the worker",
        ),
        NotLiquidated => lang.tr(
            "Không thanh lý hợp đồng đúng hạn",
            "Contract not liquidated in time",
        ),
        UnlawfulFee => lang.tr(
            "Thu tiền dịch vụ trái quy định hoặc không hoàn trả",
            "Unlawful service fee, or not refunded",
        ),
        NoSupplyContract => lang.tr(
            "Đưa người lao động đi khi hợp đồng cung ứng chưa được chấp thuận, hoặc làm công việc bị cấm",
            "Workers sent without an approved supply contract, or to prohibited jobs",
        ),
        WhileSuspended => lang.tr(
            "Cho mượn giấy phép, hoạt động khi đang bị đình chỉ",
            "Licence lent, or operating while suspended",
        ),
    }
}

pub fn status(lang: Lang, s: InspectionStatus) -> &'static str {
    match s {
        InspectionStatus::Planned => {
            lang.tr("Đã lập kế hoạch (chưa công bố)", "Planned (not announced)")
        }
        InspectionStatus::Open => lang.tr("Đang tiến hành", "Open"),
        InspectionStatus::Closed => lang.tr("Đã kết thúc", "Closed"),
    }
}

pub fn task_status(lang: Lang, s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Open => lang.tr("Chờ doanh nghiệp khắc phục", "Awaiting the agency"),
        TaskStatus::Answered => lang.tr(
            "Doanh nghiệp đã báo cáo, chờ xem xét",
            "Answered, awaiting review",
        ),
        TaskStatus::Accepted => lang.tr("Đã khắc phục", "Accepted"),
        TaskStatus::Returned => lang.tr("Yêu cầu khắc phục lại", "Returned to the agency"),
    }
}
