//! The words of the money pages: kinds of payment, to whom, the flags with their legal basis,
//! the deposit's status, licence-deposit movements.

use super::Lang;
use crate::domain::licence_deposits::DepositMove;
use crate::domain::payments::{Answer, DepositStatus, Flag, Payee, PaymentKind, RecordedBy};

pub fn kind(lang: Lang, k: PaymentKind) -> &'static str {
    use PaymentKind::*;
    match k {
        ServiceFee => lang.tr("Tiền dịch vụ", "Service fee"),
        Fund => lang.tr(
            "Quỹ hỗ trợ việc làm ngoài nước",
            "Overseas Employment Support Fund",
        ),
        Orientation => lang.tr("Bồi dưỡng kiến thức cần thiết", "Orientation training"),
        Language => lang.tr("Học ngoại ngữ", "Language course"),
        Passport => lang.tr("Hộ chiếu", "Passport"),
        Visa => lang.tr("Thị thực", "Visa"),
        CriminalRecord => lang.tr("Lý lịch tư pháp", "Criminal record"),
        HealthCheck => lang.tr("Khám sức khoẻ", "Health check"),
        Kit => lang.tr("Đồng phục, vật dụng", "Kit"),
        Travel => lang.tr("Đi lại, ăn ở khi học", "Travel and board during training"),
        Airfare => lang.tr("Vé máy bay", "Airfare"),
        Deposit => lang.tr("Tiền ký quỹ", "Deposit"),
        Brokerage => lang.tr(
            "Tiền môi giới, tuyển dụng",
            "Brokerage or recruitment money",
        ),
        Other => lang.tr("Khoản khác", "Other"),
        DepositReleased => lang.tr("Hoàn trả tiền ký quỹ", "Deposit released"),
        DepositOffset => lang.tr("Khấu trừ tiền ký quỹ", "Deposit offset"),
    }
}

pub fn payee(lang: Lang, p: Payee) -> &'static str {
    match p {
        Payee::Agency => lang.tr("Doanh nghiệp (trụ sở chính)", "The agency (head office)"),
        Payee::Branch => lang.tr("Chi nhánh của doanh nghiệp", "A branch of the agency"),
        Payee::Broker => lang.tr("Người môi giới, trung gian", "A broker or intermediary"),
        Payee::Lender => lang.tr(
            "Người cho vay (lãi, phí khoản vay)",
            "A lender (loan interest and fees)",
        ),
        Payee::Provider => lang.tr(
            "Nơi cung cấp dịch vụ (bệnh viện, cơ quan, trường, ngân hàng)",
            "The provider (hospital, office, school, bank)",
        ),
    }
}

pub fn recorded_by(lang: Lang, r: RecordedBy) -> &'static str {
    match r {
        RecordedBy::Agency => lang.tr("Doanh nghiệp ghi", "Recorded by the agency"),
        RecordedBy::Worker => lang.tr("Người lao động khai", "The worker's statement"),
    }
}

pub fn answer(lang: Lang, a: Option<Answer>) -> &'static str {
    match a {
        None => lang.tr("chờ doanh nghiệp trả lời", "awaiting the agency's answer"),
        Some(Answer::Confirmed) => lang.tr("doanh nghiệp xác nhận", "confirmed by the agency"),
        Some(Answer::Disputed) => lang.tr("doanh nghiệp không thừa nhận", "disputed by the agency"),
    }
}

pub fn deposit_status(lang: Lang, s: DepositStatus) -> &'static str {
    match s {
        DepositStatus::None => lang.tr("Chưa nộp", "None paid"),
        DepositStatus::Held => lang.tr(
            "Đang phong toả trong tài khoản",
            "Held in the blocked account",
        ),
        DepositStatus::Released => lang.tr("Đã hoàn trả", "Released"),
        DepositStatus::Offset => lang.tr("Đã khấu trừ bồi thường", "Offset against damages"),
    }
}

pub fn deposit_move(lang: Lang, m: DepositMove) -> &'static str {
    match m {
        DepositMove::Paid => lang.tr("Nộp tiền ký quỹ", "Paid in"),
        DepositMove::Used => lang.tr(
            "Sử dụng theo văn bản của Bộ",
            "Used on the ministry's order",
        ),
        DepositMove::ToppedUp => lang.tr("Bổ sung", "Topped up"),
    }
}

/// What a flag says, and the law it rests on.
pub fn flag(lang: Lang, f: &Flag) -> (String, &'static str) {
    use Flag::*;
    match f {
        ServiceFeeOverCap { cap_vnd, paid_vnd } => (
            match lang {
                Lang::Vi => format!(
                    "Tiền dịch vụ đã nộp {} vượt mức tối đa {} cho thị trường, chương trình và thời hạn hợp đồng này.",
                    lang.vnd(*paid_vnd),
                    lang.vnd(*cap_vnd)
                ),
                Lang::En => format!(
                    "Service fees paid, {}, exceed the cap of {} for this market, programme and term.",
                    lang.vnd(*paid_vnd),
                    lang.vnd(*cap_vnd)
                ),
            },
            lang.tr(
                "Luật 69/2020/QH14, Điều 23; Nghị định 112/2021/NĐ-CP",
                "Law 69/2020/QH14, art. 23; Decree 112/2021/ND-CP",
            ),
        ),
        BeforeOrderApproved => (
            lang.tr(
                "Thu tiền trước khi hợp đồng cung ứng được Cục Quản lý lao động ngoài nước chấp thuận.",
                "Money taken before DOLAB approved the supply contract.",
            )
            .into(),
            lang.tr("Luật 69/2020/QH14, Điều 19, 23", "Law 69/2020/QH14, arts. 19, 23"),
        ),
        BeforeContractSigned => (
            lang.tr(
                "Thu tiền trước khi ký hợp đồng đưa người lao động đi làm việc ở nước ngoài.",
                "Money taken before the sending contract was signed.",
            )
            .into(),
            lang.tr("Luật 69/2020/QH14, Điều 23", "Law 69/2020/QH14, art. 23"),
        ),
        RecruitmentMoneyCharged => (
            lang.tr(
                "Thu tiền môi giới hoặc tiền tuyển dụng của người lao động: bị cấm.",
                "Brokerage or recruitment money charged to the worker: prohibited.",
            )
            .into(),
            lang.tr(
                "Luật 69/2020/QH14, Điều 7; Nghị định 283/2026/NĐ-CP",
                "Law 69/2020/QH14, art. 7; Decree 283/2026/ND-CP",
            ),
        ),
        PaidToBroker => (
            lang.tr(
                "Tiền trả cho người môi giới, trung gian: người lao động không phải trả khoản này.",
                "Money paid to a broker or intermediary: the worker owes none of it.",
            )
            .into(),
            lang.tr("Luật 69/2020/QH14, Điều 7, 24", "Law 69/2020/QH14, arts. 7, 24"),
        ),
        BranchTookMoney => (
            lang.tr(
                "Chi nhánh thu tiền: chi nhánh không được thu tiền của người lao động.",
                "A branch took money: branches may not take the worker's money.",
            )
            .into(),
            lang.tr(
                "Luật 69/2020/QH14, Điều 10; Nghị định 112/2021/NĐ-CP",
                "Law 69/2020/QH14, art. 10; Decree 112/2021/ND-CP",
            ),
        ),
        OverContract {
            kind: k,
            agreed_vnd,
            paid_vnd,
        } => (
            match lang {
                Lang::Vi => format!(
                    "{}: đã nộp {} cho doanh nghiệp, hợp đồng chỉ ghi {}.",
                    kind(lang, *k),
                    lang.vnd(*paid_vnd),
                    lang.vnd(*agreed_vnd)
                ),
                Lang::En => format!(
                    "{}: {} paid to the agency, the contract lists {}.",
                    kind(lang, *k),
                    lang.vnd(*paid_vnd),
                    lang.vnd(*agreed_vnd)
                ),
            },
            lang.tr(
                "Luật 69/2020/QH14, Điều 21 (các khoản chi phí ghi trong hợp đồng)",
                "Law 69/2020/QH14, art. 21 (costs itemised in the contract)",
            ),
        ),
        DepositTooEarly => (
            lang.tr(
                "Nhận tiền ký quỹ trước khi ký hợp đồng và có thị thực.",
                "A deposit taken before the contract and the visa.",
            )
            .into(),
            lang.tr(
                "Luật 69/2020/QH14, Điều 25; Nghị định 112/2021/NĐ-CP",
                "Law 69/2020/QH14, art. 25; Decree 112/2021/ND-CP",
            ),
        ),
        DepositOverCap { cap_vnd } => (
            match lang {
                Lang::Vi => format!("Tiền ký quỹ vượt mức tối đa {}.", lang.vnd(*cap_vnd)),
                Lang::En => format!("The deposit is over the maximum of {}.", lang.vnd(*cap_vnd)),
            },
            lang.tr(
                "Nghị định 112/2021/NĐ-CP, Phụ lục II; Nghị định 283/2026/NĐ-CP",
                "Decree 112/2021/ND-CP, Annex II; Decree 283/2026/ND-CP",
            ),
        ),
        DepositWithoutRule => (
            lang.tr(
                "Nhận tiền ký quỹ ở thị trường, chương trình không có quy định cho phép.",
                "A deposit taken where no rule allows one.",
            )
            .into(),
            lang.tr("Nghị định 112/2021/NĐ-CP, Phụ lục II", "Decree 112/2021/ND-CP, Annex II"),
        ),
        FundOverRule { rule_vnd, paid_vnd } => (
            match lang {
                Lang::Vi => format!(
                    "Đóng Quỹ {} trong khi mức quy định là {}.",
                    lang.vnd(*paid_vnd),
                    lang.vnd(*rule_vnd)
                ),
                Lang::En => format!(
                    "{} paid to the Fund; the rule sets {}.",
                    lang.vnd(*paid_vnd),
                    lang.vnd(*rule_vnd)
                ),
            },
            lang.tr("Quyết định 40/2021/QĐ-TTg, Điều 6", "Decision 40/2021/QD-TTg, art. 6"),
        ),
    }
}
