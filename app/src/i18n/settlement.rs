//! The words of the settlement page: the lines, how each was reached and the law behind it, the
//! causes of an early return, the worker's answer.

use super::Lang;
use crate::domain::payments::Answer;
use crate::domain::settlement::{Basis, Cause, Line, LineKind};

pub fn cause(lang: Lang, c: Cause) -> &'static str {
    match c {
        Cause::Accident => lang.tr("Tai nạn lao động", "Accident"),
        Cause::Illness => lang.tr("Ốm đau, bệnh tật", "Illness"),
        Cause::EmployerClosure => lang.tr(
            "Chủ sử dụng đóng cửa, phá sản, cắt giảm",
            "The employer closed or cut jobs",
        ),
        Cause::Abuse => lang.tr(
            "Bị ngược đãi, xâm hại, cưỡng bức lao động",
            "Abuse or forced labour",
        ),
        Cause::ForceMajeure => lang.tr(
            "Thiên tai, dịch bệnh, chiến tranh (bất khả kháng)",
            "Force majeure (disaster, epidemic, war)",
        ),
        Cause::Death => lang.tr("Chết hoặc mất tích", "Death or missing"),
    }
}

pub fn line_kind(lang: Lang, k: LineKind) -> &'static str {
    match k {
        LineKind::FeeRefund => lang.tr(
            "Hoàn trả tiền dịch vụ cho thời gian chưa làm việc",
            "Service fee back for the months not worked",
        ),
        LineKind::FeeRefundInterest => lang.tr(
            "Tiền lãi trên khoản hoàn trả tiền dịch vụ",
            "Interest on the fee refund",
        ),
        LineKind::CostRefund => lang.tr("Hoàn trả toàn bộ khoản đã nộp", "Paid back in full"),
        LineKind::DepositRelease => lang.tr("Hoàn trả tiền ký quỹ", "Deposit given back"),
        LineKind::DepositInterest => lang.tr("Tiền lãi của tiền ký quỹ", "Interest on the deposit"),
        LineKind::DepositOffset => lang.tr(
            "Khấu trừ tiền ký quỹ để bồi thường thiệt hại",
            "Deposit kept against proven damages",
        ),
        LineKind::DamagesOwed => lang.tr(
            "Người lao động còn phải bồi thường",
            "Damages the worker still owes",
        ),
        LineKind::DepositForfeited => lang.tr(
            "Tiền ký quỹ không được hoàn trả (ở lại trái phép)",
            "Deposit forfeited (overstayed)",
        ),
    }
}

/// The law behind a line.
pub fn law(lang: Lang, k: LineKind) -> &'static str {
    match k {
        LineKind::FeeRefund | LineKind::FeeRefundInterest => lang.tr(
            "Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng (69/2020/QH14), Điều 23: về nước trước hạn không do lỗi của người lao động thì được hoàn trả tiền dịch vụ tương ứng thời gian còn lại của hợp đồng, kèm tiền lãi.",
            "Law 69/2020/QH14 on Vietnamese workers abroad, art. 23: a worker who returns early through no fault of their own gets back the service fee for the rest of the contract, with interest.",
        ),
        LineKind::CostRefund => lang.tr(
            "Luật 69/2020/QH14: không đưa được người lao động đi (trong 180 ngày kể từ khi trúng tuyển, bị từ chối, bất khả kháng) thì hoàn trả các khoản đã thu.",
            "Law 69/2020/QH14: a worker who is not sent (within 180 days of selection, refused, or force majeure) gets back what was collected.",
        ),
        LineKind::DepositRelease | LineKind::DepositInterest => lang.tr(
            "Luật 69/2020/QH14 và Nghị định 112/2021/NĐ-CP: tiền ký quỹ gửi tài khoản phong toả đứng tên người lao động, hoàn trả cả gốc và lãi khi thanh lý hợp đồng.",
            "Law 69/2020/QH14 and Decree 112/2021/ND-CP: the deposit is held in a blocked account in the worker's name and given back with its interest at liquidation.",
        ),
        LineKind::DepositOffset | LineKind::DamagesOwed => lang.tr(
            "Luật 69/2020/QH14: người lao động vi phạm hợp đồng thì tiền ký quỹ được dùng để bù đắp thiệt hại đã được chứng minh; phần còn lại hoàn trả người lao động.",
            "Law 69/2020/QH14: when the worker breached the contract, the deposit covers proven damages; the rest goes back to the worker.",
        ),
        LineKind::DepositForfeited => lang.tr(
            "Chương trình EPS (Hàn Quốc): người lao động ở lại trái phép không được hoàn trả tiền ký quỹ tại Ngân hàng Chính sách xã hội.",
            "Korea's EPS: a worker who overstays forfeits the deposit held at the Bank for Social Policies.",
        ),
    }
}

/// How the amount was reached, so anyone can redo the sum.
pub fn basis(lang: Lang, l: &Line) -> String {
    match &l.basis {
        Basis::ProRata {
            paid_vnd,
            remaining_months,
            term_months,
        } => match lang {
            Lang::Vi => format!(
                "{} × {remaining_months}/{term_months} tháng còn lại, làm tròn lên",
                lang.vnd(*paid_vnd)
            ),
            Lang::En => format!(
                "{} × {remaining_months}/{term_months} months left, rounded up",
                lang.vnd(*paid_vnd)
            ),
        },
        Basis::Interest {
            principal_vnd,
            bank,
            periods,
        } => {
            let bank = if bank.is_empty() {
                lang.tr("lãi suất tham chiếu", "reference rate").to_owned()
            } else {
                bank.clone()
            };
            let parts: Vec<String> = periods
                .iter()
                .map(|p| {
                    let rate = format!("{},{:02}%", p.bps / 100, p.bps % 100);
                    let rate = if lang == Lang::En {
                        rate.replace(',', ".")
                    } else {
                        rate
                    };
                    match lang {
                        Lang::Vi => format!(
                            "{} ngày ({} – {}) × {rate}/năm",
                            p.days,
                            lang.date(p.from),
                            lang.date(p.to.pred_opt().unwrap_or(p.to))
                        ),
                        Lang::En => format!(
                            "{} days ({} – {}) × {rate} a year",
                            p.days,
                            lang.date(p.from),
                            lang.date(p.to.pred_opt().unwrap_or(p.to))
                        ),
                    }
                })
                .collect();
            match lang {
                Lang::Vi => format!(
                    "{} × [{}] / 365, lãi không kỳ hạn {bank}, làm tròn lên",
                    lang.vnd(*principal_vnd),
                    parts.join(" + ")
                ),
                Lang::En => format!(
                    "{} × [{}] / 365, {bank} demand rate, rounded up",
                    lang.vnd(*principal_vnd),
                    parts.join(" + ")
                ),
            }
        }
        Basis::Full { paid_vnd } => match lang {
            Lang::Vi => format!("toàn bộ {}", lang.vnd(*paid_vnd)),
            Lang::En => format!("all of {}", lang.vnd(*paid_vnd)),
        },
        Basis::Damages { damages_vnd } => match lang {
            Lang::Vi => format!("thiệt hại được chứng minh {}", lang.vnd(*damages_vnd)),
            Lang::En => format!("proven damages of {}", lang.vnd(*damages_vnd)),
        },
    }
}

pub fn answer(lang: Lang, a: Option<Answer>) -> &'static str {
    match a {
        None => lang.tr(
            "Chờ người lao động xác nhận",
            "Waiting for the worker to confirm",
        ),
        Some(Answer::Confirmed) => lang.tr("Người lao động đã xác nhận", "Confirmed by the worker"),
        Some(Answer::Disputed) => lang.tr("Người lao động không đồng ý", "Disputed by the worker"),
    }
}
