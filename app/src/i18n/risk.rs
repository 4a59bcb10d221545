//! Words of the risk ranking.

use super::Lang;
use crate::domain::risk::Factor;

/// A factor's name.
pub fn factor(lang: Lang, f: Factor) -> &'static str {
    use Factor::*;
    match f {
        Complaints => lang.tr("Khiếu nại, tố cáo", "Complaints and denunciations"),
        FeeBreaches => lang.tr(
            "Thu tiền vượt mức trần hoặc trái quy định",
            "Money taken over the cap or unlawfully",
        ),
        DepositsHeld => lang.tr(
            "Tiền ký quỹ chưa hoàn trả khi hồ sơ đã kết thúc",
            "Deposits still held on closed cases",
        ),
        EarlyReturns => lang.tr("Về nước trước hạn", "Early returns"),
        Absconding => lang.tr("Bỏ trốn khỏi nơi làm việc", "Absconding"),
        Overstay => lang.tr("Ở lại quá hạn", "Overstay"),
        LateUpdates => lang.tr(
            "Chậm cập nhật tình hình người lao động ở nước ngoài",
            "Late updates on workers abroad",
        ),
        LateLiquidations => lang.tr("Thanh lý hợp đồng quá hạn", "Liquidations overdue"),
        OverdueRemediation => lang.tr("Yêu cầu khắc phục quá hạn", "Remediation tasks overdue"),
        Sanctions => lang.tr("Quyết định xử phạt", "Sanction decisions"),
    }
}

/// What a factor's count is out of, for its denominator's label; none for a plain count.
pub fn out_of(lang: Lang, f: Factor) -> Option<&'static str> {
    use Factor::*;
    Some(match f {
        Complaints => lang.tr("lượt xuất cảnh", "departures"),
        FeeBreaches => lang.tr("hồ sơ có khoản nộp tiền", "cases with payments"),
        DepositsHeld => lang.tr(
            "hồ sơ đã kết thúc có ký quỹ",
            "closed cases that took a deposit",
        ),
        EarlyReturns => lang.tr("lượt về nước", "returns"),
        Absconding | Overstay => lang.tr(
            "người lao động ở nước ngoài trong kỳ",
            "workers abroad in the period",
        ),
        LateUpdates => lang.tr("người lao động đang ở nước ngoài", "workers abroad now"),
        LateLiquidations => lang.tr(
            "hợp đồng chờ thanh lý hoặc đã thanh lý trong kỳ",
            "contracts awaiting or liquidated in the period",
        ),
        OverdueRemediation | Sanctions => return None,
    })
}

/// How a factor is counted, in a sentence, for the method section.
pub fn counted(lang: Lang, f: Factor) -> &'static str {
    use Factor::*;
    match f {
        Complaints => lang.tr(
            "Khiếu nại và tố cáo về doanh nghiệp nhận trong kỳ (dù kết quả thế nào), trên 100 lượt xuất cảnh của doanh nghiệp trong kỳ, mọi thị trường.",
            "Complaints and denunciations about the agency received in the period (whatever their outcome), per 100 of its departures in the period, all markets.",
        ),
        FeeBreaches => lang.tr(
            "Hồ sơ có khoản nộp trong kỳ bị sổ thu chi gắn cờ vượt trần phí dịch vụ, thu tiền môi giới, vượt hợp đồng, vượt mức Quỹ hoặc ký quỹ vượt trần (kể cả lời khai của người lao động), trên số hồ sơ có khoản nộp trong kỳ.",
            "Cases with a payment in the period that the ledger flags as over the service-fee cap, recruitment money, over the contract, over the Fund amount or a deposit over its cap (the worker's statements included), out of the cases with payments in the period.",
        ),
        DepositsHeld => lang.tr(
            "Hồ sơ đã kết thúc mà tiền ký quỹ của người lao động vẫn chưa được hoàn trả hoặc khấu trừ hết, trên số hồ sơ đã kết thúc có ký quỹ.",
            "Closed cases whose worker's deposit is not yet wholly given back or offset, out of the closed cases that took one.",
        ),
        EarlyReturns => lang.tr(
            "Người về nước trước hạn trong kỳ (mọi lý do), trên tổng số người về nước trong kỳ.",
            "Early returns in the period (every reason), out of all returns in the period.",
        ),
        Absconding => lang.tr(
            "Người bỏ trốn trong kỳ, trên số người ở nước ngoài trong kỳ (đang ở nước ngoài đầu kỳ cộng xuất cảnh trong kỳ).",
            "Workers who absconded in the period, out of those abroad during it (abroad at its start plus departures in it).",
        ),
        Overstay => lang.tr(
            "Người ở lại quá hạn trong kỳ, trên số người ở nước ngoài trong kỳ.",
            "Workers who overstayed in the period, out of those abroad during it.",
        ),
        LateUpdates => lang.tr(
            "Người lao động đang ở nước ngoài mà doanh nghiệp đã quá hạn cập nhật thông tin, trên số người đang ở nước ngoài.",
            "Workers abroad now whose update the agency owes past its deadline, out of those abroad now.",
        ),
        LateLiquidations => lang.tr(
            "Hợp đồng đã chấm dứt quá hạn thanh lý, trên số hợp đồng chờ thanh lý và đã thanh lý trong kỳ.",
            "Ended contracts past their liquidation deadline, out of those awaiting liquidation and those liquidated in the period.",
        ),
        OverdueRemediation => lang.tr(
            "Số yêu cầu khắc phục đã quá hạn mà doanh nghiệp chưa hoàn thành, so với mức trung bình của các doanh nghiệp.",
            "Remediation tasks past their deadline that the agency still owes, against the mean of the agencies.",
        ),
        Sanctions => lang.tr(
            "Số quyết định xử phạt trong kỳ, so với mức trung bình của các doanh nghiệp.",
            "Sanction decisions in the period, against the mean of the agencies.",
        ),
    }
}

/// A number with two decimals, in the language's way (1,85 / 1.85).
pub fn fixed2(lang: Lang, x: f64) -> String {
    let s = format!("{:.2}", if x.is_finite() { x } else { 0.0 });
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A share as a whole percent.
pub fn percent(share: f64) -> String {
    let p = if share.is_finite() {
        share * 100.0
    } else {
        0.0
    };
    format!("{p:.0}%")
}

/// A rate per 100, with one decimal.
pub fn per_100(lang: Lang, rate: f64) -> String {
    let s = format!("{:.1}", if rate.is_finite() { rate * 100.0 } else { 0.0 });
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}
