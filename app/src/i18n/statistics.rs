//! Words of the statistics page: measures with their denominators, dimensions, periods.

use crate::domain::statistics::{Dim, Measure, Period};
use crate::i18n::Lang;
use crate::views::statistics::StatisticsProblem;

pub fn measure(lang: Lang, m: Measure) -> &'static str {
    use Measure::*;
    match m {
        Departures => lang.tr("Số người xuất cảnh", "Departures"),
        Returns => lang.tr("Số người về nước", "Returns"),
        EarlyReturns => lang.tr("Số người về nước trước hạn", "Early returns"),
        Absconded => lang.tr("Số người bỏ trốn", "Absconded"),
        Overstayed => lang.tr("Số người ở lại quá hạn", "Overstayed"),
        Abroad => lang.tr("Số người đang ở nước ngoài", "Workers abroad"),
        FeeBreaches => lang.tr(
            "Người xuất cảnh bị thu phí dịch vụ vượt mức trần",
            "Departures charged a service fee over the cap",
        ),
        EarlyReturnRate => lang.tr("Tỷ lệ về nước trước hạn", "Early-return rate"),
        AbscondRate => lang.tr("Tỷ lệ bỏ trốn", "Absconding rate"),
        OverstayRate => lang.tr("Tỷ lệ ở lại quá hạn", "Overstay rate"),
        FeeBreachRate => lang.tr("Tỷ lệ bị thu phí vượt trần", "Fee-cap breach rate"),
    }
}

/// What a measure counts and, for a rate, what it divides by.
pub fn measure_note(lang: Lang, m: Measure) -> &'static str {
    use Measure::*;
    match m {
        Departures => lang.tr("Hồ sơ có ngày xuất cảnh trong kỳ.", "Cases that left in the period."),
        Returns => lang.tr(
            "Hợp đồng kết thúc trong kỳ và người lao động về nước (hoàn thành hoặc về trước hạn).",
            "Contracts ended in the period with the worker back (completed or early).",
        ),
        EarlyReturns => lang.tr(
            "Về nước trước hạn trong kỳ, do lỗi hoặc không do lỗi người lao động.",
            "Early returns in the period, the worker's fault or not.",
        ),
        Absconded => lang.tr("Hợp đồng kết thúc trong kỳ vì bỏ trốn.", "Contracts ended in the period by absconding."),
        Overstayed => lang.tr("Hợp đồng kết thúc trong kỳ vì ở lại quá hạn.", "Contracts ended in the period by overstaying."),
        Abroad => lang.tr(
            "Đã xuất cảnh và chưa kết thúc hợp đồng vào ngày cuối kỳ (hoặc hôm nay nếu kỳ chưa hết).",
            "Left and not yet ended on the period's last day (or today, if sooner).",
        ),
        FeeBreaches => lang.tr(
            "Người xuất cảnh trong kỳ có khoản phí dịch vụ còn hiệu lực vượt mức trần pháp luật.",
            "Departures of the period with a standing service fee over the legal cap.",
        ),
        EarlyReturnRate => lang.tr(
            "Mẫu số: mọi người về nước trong kỳ. Tử số: người về trước hạn.",
            "Denominator: all returns in the period. Numerator: early returns.",
        ),
        AbscondRate => lang.tr(
            "Mẫu số: người ở nước ngoài trong kỳ (đang ở nước ngoài đầu kỳ cộng người xuất cảnh trong kỳ). Tử số: người bỏ trốn trong kỳ.",
            "Denominator: workers abroad during the period (abroad at its start plus departures in it). Numerator: absconded in the period.",
        ),
        OverstayRate => lang.tr(
            "Mẫu số: người ở nước ngoài trong kỳ (đang ở nước ngoài đầu kỳ cộng người xuất cảnh trong kỳ). Tử số: người ở lại quá hạn trong kỳ.",
            "Denominator: workers abroad during the period (abroad at its start plus departures in it). Numerator: overstayed in the period.",
        ),
        FeeBreachRate => lang.tr(
            "Mẫu số: người xuất cảnh trong kỳ. Tử số: người bị thu phí dịch vụ vượt trần.",
            "Denominator: departures in the period. Numerator: those charged a fee over the cap.",
        ),
    }
}

pub fn dim(lang: Lang, d: Dim) -> &'static str {
    match d {
        Dim::Year => lang.tr("Năm", "Year"),
        Dim::Quarter => lang.tr("Quý", "Quarter"),
        Dim::Month => lang.tr("Tháng", "Month"),
        Dim::Market => lang.tr("Thị trường", "Market"),
        Dim::Sex => lang.tr("Giới tính", "Sex"),
        Dim::Province => lang.tr("Tỉnh, thành phố (34)", "Province (34)"),
        Dim::OldProvince => lang.tr(
            "Tỉnh cũ nơi đăng ký khai sinh (63)",
            "Old province of birth (63)",
        ),
        Dim::Form => lang.tr("Hình thức đi làm việc", "Form of going abroad"),
        Dim::Agency => lang.tr("Doanh nghiệp", "Agency"),
        Dim::Occupation => lang.tr("Nghề", "Occupation"),
        Dim::Ethnicity => lang.tr("Dân tộc", "Ethnicity"),
        Dim::Household => lang.tr(
            "Hộ gia đình (năm của sự việc)",
            "Household (year of the act)",
        ),
        Dim::Reason => lang.tr("Lý do kết thúc", "End reason"),
    }
}

pub fn period(lang: Lang, p: Period) -> String {
    match p {
        Period::Year(y) => match lang {
            Lang::Vi => format!("Năm {y}"),
            Lang::En => y.to_string(),
        },
        Period::Quarter(y, q) => match lang {
            Lang::Vi => format!("Quý {q}/{y}"),
            Lang::En => format!("Q{q} {y}"),
        },
        Period::Month(y, m) => format!("{m:02}/{y}"),
        Period::ThisYear => lang.tr("Năm nay", "This year").into(),
        Period::LastYear => lang.tr("Năm trước", "Last year").into(),
        Period::ThisQuarter => lang.tr("Quý này", "This quarter").into(),
        Period::LastQuarter => lang.tr("Quý trước", "Last quarter").into(),
        Period::ThisMonth => lang.tr("Tháng này", "This month").into(),
        Period::Last12Months => lang.tr("12 tháng gần nhất", "Last 12 months").into(),
        Period::Years(a, b) => match lang {
            Lang::Vi => format!("Các năm {a}–{b}"),
            Lang::En => format!("{a}–{b}"),
        },
    }
}

pub fn problem(lang: Lang, p: StatisticsProblem) -> &'static str {
    match p {
        StatisticsProblem::UnknownChoice => lang.tr(
            "Giá trị này không có trong danh sách; đã bỏ qua.",
            "This value is not one of the choices; it was left out.",
        ),
        StatisticsProblem::SpansTime => lang.tr(
            "Chỉ tiêu này tính trên cả một khoảng thời gian nên không chia theo năm, quý, tháng được; hãy chọn kỳ ở ô Kỳ báo cáo.",
            "This measure spans time, so it cannot be split by year, quarter or month; choose the period in the Period field.",
        ),
        StatisticsProblem::NotEnded => lang.tr(
            "Lý do kết thúc chỉ dùng cho số người về nước và hợp đồng đã kết thúc.",
            "The end reason only applies to returns and ended contracts.",
        ),
        StatisticsProblem::SameAsRows => lang.tr(
            "Cột phải khác hàng.",
            "Columns must differ from rows.",
        ),
    }
}

pub fn sex(lang: Lang, s: &str) -> &'static str {
    match s {
        "female" => lang.tr("Nữ", "Women"),
        "male" => lang.tr("Nam", "Men"),
        _ => "—",
    }
}
