//! Words of the case lifecycle in both languages: states, steps, reasons, deadlines, refusals.

use super::Lang;
use crate::domain::cases::CaseState;
use crate::domain::job_orders::{ListStatus, OrderStatus, SendingForm};
use crate::domain::lifecycle::{
    DeadlineKind, EndReason, IncidentKind, NextActor, Refusal, StepKind,
};
use crate::domain::rules::RuleKey;

impl Lang {
    /// An amount of VND, e.g. "40.000.000 ₫".
    pub fn vnd(self, amount: i64) -> String {
        let sign = if amount < 0 { "-" } else { "" };
        format!("{sign}{} ₫", self.number(amount.unsigned_abs()))
    }
}

pub fn state(lang: Lang, s: CaseState) -> &'static str {
    use CaseState::*;
    match s {
        Applied => lang.tr("Đã nộp hồ sơ", "Applied"),
        Screening => lang.tr("Đang sơ tuyển", "Screening"),
        Selected => lang.tr("Trúng tuyển", "Selected"),
        Contracted => lang.tr("Đã ký hợp đồng", "Contract signed"),
        Training => lang.tr("Đang bồi dưỡng kiến thức", "In orientation training"),
        VisaGranted => lang.tr("Đã có thị thực", "Visa granted"),
        ListConfirmed => lang.tr(
            "Danh sách xuất cảnh đã được xác nhận",
            "Departure list confirmed",
        ),
        Departed => lang.tr("Đã xuất cảnh, đang làm việc", "Departed, working abroad"),
        ContractEnded => lang.tr("Đã kết thúc hợp đồng", "Contract ended"),
        LiquidationPending => lang.tr("Đang thanh lý hợp đồng", "Settlement in progress"),
        Liquidated => lang.tr("Đã thanh lý hợp đồng", "Settled"),
        Withdrawn => lang.tr("Đã rút hồ sơ", "Withdrawn"),
        NotSentInTime => lang.tr("Không được đưa đi trong thời hạn", "Not sent in time"),
        Rejected => lang.tr("Không đạt", "Not accepted"),
        Cancelled => lang.tr("Đã huỷ (bất khả kháng)", "Cancelled (force majeure)"),
    }
}

pub fn step(lang: Lang, k: StepKind) -> &'static str {
    use StepKind::*;
    match k {
        Screen => lang.tr("Ghi kết quả sơ tuyển", "Record screening"),
        Select => lang.tr("Ghi trúng tuyển", "Record selection"),
        Contract => lang.tr("Ký hợp đồng đưa đi", "Sign the sending contract"),
        Train => lang.tr("Bắt đầu bồi dưỡng kiến thức", "Start orientation training"),
        GrantVisa => lang.tr("Ghi thị thực", "Record the visa"),
        ConfirmList => lang.tr("Xác nhận danh sách xuất cảnh", "Confirm the departure list"),
        Depart => lang.tr("Ghi xuất cảnh", "Record departure"),
        EndContract => lang.tr("Ghi kết thúc hợp đồng, về nước", "Record the return"),
        StartLiquidation => lang.tr("Lập biên bản thanh lý", "Draw up the settlement"),
        Liquidate => lang.tr("Hoàn tất thanh lý", "Close the settlement"),
        Withdraw => lang.tr("Rút hồ sơ", "Withdraw"),
        Reject => lang.tr("Ghi không đạt", "Record as not accepted"),
        Cancel => lang.tr("Huỷ do bất khả kháng", "Cancel (force majeure)"),
        NotSent => lang.tr(
            "Ghi không đưa đi được trong thời hạn",
            "Record as not sent in time",
        ),
    }
}

pub fn end_reason(lang: Lang, r: EndReason) -> &'static str {
    use EndReason::*;
    match r {
        Completed => lang.tr("Hoàn thành hợp đồng, về nước", "Completed and returned"),
        EarlyReturnNotAtFault => lang.tr(
            "Về trước hạn, không do lỗi người lao động",
            "Early return, not the worker's fault",
        ),
        EarlyReturnAtFault => lang.tr(
            "Về trước hạn do lỗi người lao động",
            "Early return, worker's fault",
        ),
        Absconded => lang.tr("Bỏ trốn khỏi nơi làm việc", "Absconded"),
        Overstayed => lang.tr("Ở lại quá hạn", "Overstayed"),
        DeceasedOrMissing => lang.tr("Chết hoặc mất tích", "Deceased or missing"),
        Extended => lang.tr("Gia hạn hoặc ký hợp đồng mới", "Extended or new contract"),
        Transferred => lang.tr(
            "Chuyển giao cho doanh nghiệp khác",
            "Transferred to another agency",
        ),
        WithdrawnByWorker => lang.tr("Người lao động rút hồ sơ", "Withdrawn by the worker"),
        NotSentWithin180Days => lang.tr(
            "Không được đưa đi trong thời hạn kể từ khi trúng tuyển",
            "Not sent within the legal time after selection",
        ),
        FailedExam => lang.tr("Không đạt thi tuyển", "Failed the exam"),
        FailedHealthCheck => lang.tr("Không đạt sức khoẻ", "Failed the health check"),
        VisaRefused => lang.tr("Bị từ chối thị thực", "Visa refused"),
        ForceMajeure => lang.tr("Bất khả kháng", "Force majeure"),
    }
}

pub fn deadline(lang: Lang, k: DeadlineKind) -> &'static str {
    use DeadlineKind::*;
    match k {
        Departure => lang.tr(
            "Hạn đưa đi (tính từ ngày trúng tuyển)",
            "Departure deadline (counted from selection)",
        ),
        CertificateExpiry => lang.tr(
            "Chứng chỉ bồi dưỡng hết hạn",
            "Orientation certificate expires",
        ),
        ListConfirmation => lang.tr(
            "Hạn Cục xác nhận danh sách xuất cảnh",
            "DOLAB must confirm the departure list by",
        ),
        FirstUpdate => lang.tr(
            "Hạn cập nhật cơ sở dữ liệu sau xuất cảnh",
            "First database update after exit due",
        ),
        MonthlyUpdate => lang.tr("Hạn cập nhật hằng tháng", "Monthly update due"),
        Liquidation => lang.tr("Hạn thanh lý hợp đồng", "Settlement deadline"),
        NotSentRefund => lang.tr(
            "Hạn hoàn trả giấy tờ và tiền (không đưa đi được)",
            "Deadline to return documents and money (not sent)",
        ),
    }
}

/// What happens next in a case in `state`, in words a worker understands: who acts and what they
/// do (the step's name, "Record the visa", says what the agency clicks, not what happens).
pub fn next_in_plain_words(lang: Lang, state: CaseState) -> &'static str {
    use CaseState::*;
    match state {
        Applied => lang.tr(
            "Doanh nghiệp xem hồ sơ và hẹn người lao động sơ tuyển (phỏng vấn, kiểm tra sức khoẻ, tay nghề).",
            "The agency reviews the application and invites the worker to screening (interview, health and skills checks).",
        ),
        Screening => lang.tr(
            "Chủ sử dụng ở nước ngoài chọn người; doanh nghiệp báo kết quả trúng tuyển.",
            "The employer abroad chooses whom to hire; the agency records who was selected.",
        ),
        Selected => lang.tr(
            "Doanh nghiệp ký hợp đồng đưa đi làm việc với người lao động; hãy đọc kỹ các khoản tiền trước khi ký.",
            "The agency signs the sending contract with the worker; read every amount before signing.",
        ),
        Contracted => lang.tr(
            "Doanh nghiệp mở lớp bồi dưỡng kiến thức cần thiết trước khi đi.",
            "The agency starts the orientation training the worker must take before leaving.",
        ),
        Training => lang.tr(
            "Người lao động học hết khoá bồi dưỡng và nhận chứng chỉ; doanh nghiệp làm thủ tục thị thực và ghi lại khi có thị thực.",
            "The worker finishes the orientation course and gets the certificate; the agency applies for the visa and records it once granted.",
        ),
        VisaGranted => lang.tr(
            "Doanh nghiệp gửi danh sách xuất cảnh; Cục Quản lý lao động ngoài nước xác nhận danh sách.",
            "The agency sends the departure list; DOLAB confirms it.",
        ),
        ListConfirmed => lang.tr(
            "Doanh nghiệp đưa người lao động xuất cảnh và ghi ngày bay.",
            "The agency sees the worker off and records the day of departure.",
        ),
        Departed => lang.tr(
            "Người lao động làm việc ở nước ngoài; khi hợp đồng kết thúc, doanh nghiệp ghi ngày về nước.",
            "The worker works abroad; when the contract ends, the agency records the return.",
        ),
        ContractEnded => lang.tr(
            "Doanh nghiệp lập biên bản thanh lý hợp đồng với người lao động (tiền đã nộp, tiền ký quỹ).",
            "The agency draws up the settlement of the contract with the worker (what was paid, the deposit).",
        ),
        LiquidationPending => lang.tr(
            "Doanh nghiệp hoàn tất thanh lý và trả lại tiền ký quỹ nếu có.",
            "The agency closes the settlement and returns the deposit, if any.",
        ),
        Liquidated | Withdrawn | NotSentInTime | Rejected | Cancelled => {
            lang.tr("Không còn việc gì: hồ sơ đã đóng.", "Nothing more: the case is closed.")
        }
    }
}

pub fn next_actor(lang: Lang, a: NextActor) -> &'static str {
    match a {
        NextActor::Worker => lang.tr("Người lao động", "The worker"),
        NextActor::Agency => lang.tr("Doanh nghiệp", "The agency"),
        NextActor::Employer => lang.tr("Chủ sử dụng ở nước ngoài", "The employer abroad"),
        NextActor::Dolab => lang.tr("Cục Quản lý lao động ngoài nước", "DOLAB"),
        NextActor::Nobody => lang.tr("Không ai: hồ sơ đã đóng", "Nobody: the case is closed"),
    }
}

pub fn order_status(lang: Lang, s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::Draft => lang.tr("Bản nháp", "Draft"),
        OrderStatus::Submitted => lang.tr("Chờ Cục duyệt", "Awaiting DOLAB"),
        OrderStatus::Approved => lang.tr("Đã được chấp thuận", "Approved"),
        OrderStatus::Rejected => lang.tr("Bị từ chối", "Rejected"),
    }
}

pub fn list_status(lang: Lang, s: ListStatus) -> &'static str {
    match s {
        ListStatus::Submitted => lang.tr("Chờ Cục xác nhận", "Awaiting DOLAB"),
        ListStatus::Confirmed => lang.tr("Đã xác nhận", "Confirmed"),
        ListStatus::Rejected => lang.tr("Bị từ chối", "Rejected"),
    }
}

pub fn programme_label(lang: Lang, p: crate::domain::job_orders::Programme) -> &'static str {
    use crate::domain::job_orders::Programme::*;
    match p {
        TechnicalIntern => lang.tr("Nhật Bản: thực tập sinh kỹ năng", "Japan: technical intern"),
        SpecifiedSkilled => lang.tr(
            "Nhật Bản: kỹ năng đặc định",
            "Japan: specified skilled worker",
        ),
        Engineer => lang.tr(
            "Nhật Bản: kỹ sư, chuyên gia",
            "Japan: engineer or specialist",
        ),
        Eps => lang.tr("Hàn Quốc: chương trình EPS", "Korea: EPS"),
        Other => lang.tr("Chương trình khác", "Other programme"),
    }
}

pub fn sending_form(lang: Lang, f: SendingForm) -> &'static str {
    match f {
        SendingForm::LicensedAgency => {
            lang.tr("Qua doanh nghiệp dịch vụ", "Through a licensed agency")
        }
        SendingForm::PublicServiceUnit => lang.tr(
            "Đơn vị sự nghiệp công (thoả thuận nhà nước, EPS)",
            "Public service unit (state agreement, EPS)",
        ),
        SendingForm::ContractWinner => lang.tr(
            "Doanh nghiệp trúng thầu ở nước ngoài",
            "Enterprise with a contract abroad",
        ),
        SendingForm::OutwardInvestor => {
            lang.tr("Doanh nghiệp đầu tư ra nước ngoài", "Outward investor")
        }
        SendingForm::Internship => lang.tr("Thực tập nâng cao tay nghề", "Internship"),
    }
}

pub fn incident(lang: Lang, k: IncidentKind) -> &'static str {
    match k {
        IncidentKind::Accident => lang.tr("Tai nạn lao động", "Accident"),
        IncidentKind::Illness => lang.tr("Ốm đau, bệnh tật", "Illness"),
        IncidentKind::Dispute => lang.tr("Tranh chấp", "Dispute"),
        IncidentKind::Abuse => lang.tr("Bị ngược đãi, cưỡng bức", "Abuse or forced labour"),
        IncidentKind::Other => lang.tr("Khác", "Other"),
    }
}

pub fn rule_key(lang: Lang, k: RuleKey) -> &'static str {
    use RuleKey::*;
    match k {
        MinWorkerAge => lang.tr("Tuổi tối thiểu của người lao động", "Minimum worker age"),
        DepartureWindowDays => lang.tr(
            "Số ngày phải đưa đi kể từ khi trúng tuyển",
            "Days to send after selection",
        ),
        OrientationPeriods => lang.tr(
            "Số tiết bồi dưỡng kiến thức cần thiết",
            "Orientation periods required",
        ),
        CertificateValidMonths => lang.tr(
            "Thời hạn chứng chỉ bồi dưỡng (tháng)",
            "Certificate validity (months)",
        ),
        FundBeforeExitDays => lang.tr(
            "Nộp Quỹ trước xuất cảnh ít nhất (ngày)",
            "Fund paid at least (days) before exit",
        ),
        FundWorkerVnd => lang.tr(
            "Mức đóng Quỹ của người lao động (đồng)",
            "Worker's Fund contribution (VND)",
        ),
        OrderDecisionWorkingDays => lang.tr(
            "Hạn duyệt hợp đồng cung ứng (ngày làm việc)",
            "Supply-contract decision (working days)",
        ),
        ListConfirmWorkingDays => lang.tr(
            "Hạn xác nhận danh sách xuất cảnh (ngày làm việc)",
            "Departure-list confirmation (working days)",
        ),
        LiquidationDays => lang.tr("Hạn thanh lý hợp đồng (ngày)", "Settlement deadline (days)"),
        MonthlyUpdateDay => lang.tr("Ngày cập nhật hằng tháng", "Monthly update day"),
        FirstUpdateDays => lang.tr(
            "Cập nhật sau xuất cảnh trong (ngày)",
            "First update after exit within (days)",
        ),
        FeeCapTenthsPer12Months => lang.tr(
            "Trần phí dịch vụ (phần mười tháng lương / 12 tháng)",
            "Service-fee cap (tenths of a month's wage per 12 months)",
        ),
        LongContractMonths => lang.tr("Hợp đồng dài hạn từ (tháng)", "Long contract from (months)"),
        FeeCapTenthsLongContract => lang.tr(
            "Trần phí hợp đồng dài hạn (phần mười tháng lương)",
            "Long-contract fee cap (tenths of a month's wage)",
        ),
        DepositCapVnd => lang.tr(
            "Trần tiền ký quỹ theo thị trường (đồng)",
            "Deposit cap by market (VND)",
        ),
        VndPerCurrencyUnit => lang.tr(
            "Tỷ giá quy đổi (đồng / đơn vị)",
            "Exchange rate (VND per unit)",
        ),
        FeeCapTenthsSeafarer => lang.tr(
            "Trần phí dịch vụ của thuyền viên (phần mười tháng lương / 12 tháng)",
            "Seafarers' service-fee cap (tenths of a month's wage per 12 months)",
        ),
        FeeCapTenthsExtension => lang.tr(
            "Trần phí khi gia hạn hợp đồng (phần mười tháng lương / 12 tháng)",
            "Extension fee cap (tenths of a month's wage per 12 months)",
        ),
        FeeCapTenthsMarket => lang.tr(
            "Trần phí thấp hơn theo thị trường, chương trình (phần mười / 12 tháng)",
            "Lower fee cap by market or programme (tenths per 12 months)",
        ),
        BrokerageCapTenthsPer12Months => lang.tr(
            "Tiền môi giới doanh nghiệp được chi (phần mười tháng lương / 12 tháng)",
            "Brokerage the agency may pay (tenths of a month's wage per 12 months)",
        ),
        BrokerageCapTenthsLongContract => lang.tr(
            "Tiền môi giới hợp đồng dài hạn (phần mười tháng lương)",
            "Brokerage for long contracts (tenths of a month's wage)",
        ),
        BrokerageCapTenthsMarket => lang.tr(
            "Tiền môi giới theo thị trường (phần mười / 12 tháng)",
            "Brokerage by market (tenths per 12 months)",
        ),
        LicenceDepositVnd => lang.tr(
            "Tiền ký quỹ giấy phép của trụ sở chính (đồng)",
            "Head office's licence deposit (VND)",
        ),
        LicenceDepositBranchVnd => lang.tr(
            "Ký quỹ thêm cho mỗi chi nhánh đưa người đi (đồng)",
            "Added per sending branch (VND)",
        ),
        LicenceDepositTopUpDays => lang.tr(
            "Hạn bổ sung tiền ký quỹ sau khi sử dụng (ngày)",
            "Days to top up the licence deposit after a use",
        ),
        FundAgencyVnd => lang.tr(
            "Mức đóng Quỹ của doanh nghiệp (đồng / người)",
            "Agency's Fund contribution (VND per worker)",
        ),
        PublicHoliday => lang.tr(
            "Ngày nghỉ lễ, Tết (1 = nghỉ, 0 = bỏ)",
            "Public holiday (1 = day off, 0 = withdrawn)",
        ),
        NotSentRefundDays => lang.tr(
            "Hạn hoàn trả khi không đưa đi được (ngày)",
            "Days to refund when not sent in time",
        ),
        DemandDepositRateBps => lang.tr(
            "Lãi suất tiền gửi không kỳ hạn của ngân hàng (phần vạn / năm; 10 = 0,10%)",
            "Bank's demand-deposit rate (hundredths of a percent a year; 10 = 0.10%)",
        ),
        FundSupportMinVnd => lang.tr(
            "Mức hỗ trợ thấp nhất của Quỹ theo trường hợp (đồng)",
            "Least Fund support for a cause (VND)",
        ),
        FundSupportMaxVnd => lang.tr(
            "Mức hỗ trợ cao nhất của Quỹ theo trường hợp (đồng)",
            "Most Fund support for a cause (VND)",
        ),
        SupportProgrammeYear => lang.tr(
            "Năm đầu giai đoạn của Chương trình giảm nghèo bền vững",
            "First year of the poverty-reduction programme's period",
        ),
        SupportRateVnd => lang.tr(
            "Mức hỗ trợ giảm nghèo theo khoản (đồng; bữa ăn: một ngày, chỗ ở: một tháng)",
            "Poverty-programme support per item (VND; meals a day, lodging a month)",
        ),
        SupportShareBps => lang.tr(
            "Tỷ lệ hỗ trợ theo loại hộ (phần vạn; 7000 = 70%)",
            "Share of support by household status (hundredths of a percent; 7000 = 70%)",
        ),
        ConnectionConfirmMonths => lang.tr(
            "Số tháng người lao động phải làm việc trước khi chi hỗ trợ kết nối việc làm",
            "Months in the job before job-connection support is paid",
        ),
        LicenceCharterCapitalVnd => lang.tr(
            "Vốn điều lệ tối thiểu để được cấp giấy phép (đồng)",
            "Least charter capital for a licence (VND)",
        ),
        LicenceRepExperienceYears => lang.tr(
            "Số năm kinh nghiệm tối thiểu của người đại diện theo pháp luật",
            "Least years of experience of the legal representative",
        ),
        LicenceTrainingCapacity => lang.tr(
            "Số học viên tối thiểu cơ sở bồi dưỡng kiến thức phải nhận cùng lúc",
            "Least trainees the orientation facility must hold at once",
        ),
        SuspensionMinMonths => lang.tr(
            "Thời hạn đình chỉ hoạt động tại một thị trường ngắn nhất (tháng)",
            "Shortest suspension in a market (months)",
        ),
        SuspensionMaxMonths => lang.tr(
            "Thời hạn đình chỉ hoạt động tại một thị trường dài nhất (tháng)",
            "Longest suspension in a market (months)",
        ),
        PenaltyFineMinVnd => lang.tr(
            "Mức phạt tiền thấp nhất của một hành vi vi phạm (đồng; theo từng người lao động nếu phạt theo người)",
            "Least fine for a violation (VND; per worker for those fined so)",
        ),
        PenaltyFineMaxVnd => lang.tr(
            "Mức phạt tiền cao nhất của một hành vi vi phạm (đồng; theo từng người lao động nếu phạt theo người)",
            "Most fine for a violation (VND; per worker for those fined so)",
        ),
        PenaltyFineCapVnd => lang.tr(
            "Tổng mức phạt tối đa của hành vi phạt theo từng người lao động (đồng)",
            "Total cap of a per-worker fine (VND)",
        ),
        ComplaintDays => lang.tr(
            "Thời hạn của một bước khiếu nại, tố cáo (ngày)",
            "Time limit of a step of a complaint or denunciation (days)",
        ),
        ComplaintWorkingDays => lang.tr(
            "Thời hạn đó tính theo ngày làm việc (1) hay ngày lịch (0)",
            "That limit counts working days (1) or calendar days (0)",
        ),
        DenunciationExtensions => lang.tr(
            "Số lần gia hạn giải quyết tố cáo phức tạp tối đa",
            "Most extensions of a complex denunciation",
        ),
        ComplaintExtensions => lang.tr(
            "Số lần gia hạn giải quyết khiếu nại tối đa (đến thời hạn của vụ việc phức tạp)",
            "Most extensions of a complaint (to the limit of a complex case)",
        ),
        RiskWeight => lang.tr(
            "Trọng số của một yếu tố trong điểm rủi ro của doanh nghiệp (điểm)",
            "Weight of a factor in an agency's risk score (points)",
        ),
        RiskPrior => lang.tr(
            "Số hồ sơ ở mức trung bình cộng thêm khi tính tỷ lệ, để doanh nghiệp nhỏ không bị xếp hạng theo vài hồ sơ",
            "Cases at the average rate added when figuring a rate, so a small agency is not ranked on a handful",
        ),
        RiskIndexCap => lang.tr(
            "Một yếu tố được tính tối đa bao nhiêu lần mức trung bình",
            "Most times the average a factor counts for",
        ),
        RiskWindowMonths => lang.tr(
            "Số tháng gần nhất được tính khi xếp hạng rủi ro",
            "Months back the risk ranking counts",
        ),
    }
}

/// Where a job-connection claim stands, as a sentence (why it is not payable yet, or since
/// when it is).
pub fn claim_standing(lang: Lang, s: &crate::domain::support::ClaimStanding) -> String {
    use crate::domain::support::ClaimStanding::*;
    match (s, lang) {
        (NoContract, Lang::Vi) => "Chưa chi được: hợp đồng của người lao động chưa được ký.".into(),
        (NoContract, Lang::En) => "Not payable yet: the worker's contract is not signed.".into(),
        (NotStarted, Lang::Vi) => "Chưa chi được: người lao động chưa bắt đầu làm việc (chưa xuất cảnh).".into(),
        (NotStarted, Lang::En) => "Not payable yet: the worker has not started the job (not departed).".into(),
        (Waiting { from }, Lang::Vi) => format!("Chưa chi được: người lao động chưa làm việc đủ thời gian quy định; được chi từ ngày {}.", lang.date(*from)),
        (Waiting { from }, Lang::En) => format!("Not payable yet: the job has not been held long enough; payable from {}.", lang.date(*from)),
        (EndedTooSoon { ended_on }, Lang::Vi) => format!("Không chi được: công việc đã chấm dứt ngày {}, trước khi đủ thời gian quy định.", lang.date(*ended_on)),
        (EndedTooSoon { ended_on }, Lang::En) => format!("Not payable: the job ended on {}, before it had been held long enough.", lang.date(*ended_on)),
        (Payable { from }, Lang::Vi) => format!("Được chi từ ngày {}.", lang.date(*from)),
        (Payable { from }, Lang::En) => format!("Payable since {}.", lang.date(*from)),
        (Paid { on }, Lang::Vi) => format!("Đã chi ngày {}.", lang.date(*on)),
        (Paid { on }, Lang::En) => format!("Paid on {}.", lang.date(*on)),
    }
}

/// The reason a guard gives, as the user reads it.
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    use Refusal::*;
    match r {
        NotFromState { state: s } => match lang {
            Lang::Vi => format!("Bước này không thực hiện được khi hồ sơ ở trạng thái “{}”.", state(lang, *s)),
            Lang::En => format!("This step cannot be taken while the case is “{}”.", state(lang, *s)),
        },
        NotYourStep => lang.tr("Bước này không thuộc quyền của bạn.", "This step is not yours to take.").into(),
        BranchMayNotHandleMoney => lang
            .tr(
                "Chi nhánh không được ký hợp đồng hay thu phí, tiền ký quỹ; việc này do trụ sở chính làm.",
                "A branch may not sign contracts or take fees or deposits; the head office must.",
            )
            .into(),
        LicenceRevoked => lang
            .tr(
                "Giấy phép của doanh nghiệp đã bị thu hồi: không được tuyển hay đưa người lao động mới đi.",
                "The agency's licence is revoked: it may not recruit or send new workers.",
            )
            .into(),
        SuspendedInMarket { market, until } => match lang {
            Lang::Vi => format!("Doanh nghiệp đang bị đình chỉ đưa người lao động đi thị trường {market} đến {}.", lang.date(*until)),
            Lang::En => format!("The agency is suspended from sending workers to {market} until {}.", lang.date(*until)),
        },
        OrderNotApproved => lang
            .tr(
                "Hợp đồng cung ứng chưa được Cục chấp thuận.",
                "The supply contract has not been approved by DOLAB.",
            )
            .into(),
        HeadcountFull { headcount } => match lang {
            Lang::Vi => format!("Đơn hàng đã đủ {headcount} người."),
            Lang::En => format!("The order is full ({headcount} workers)."),
        },
        TooYoung { min_age } => match lang {
            Lang::Vi => format!("Người lao động phải đủ {min_age} tuổi."),
            Lang::En => format!("Workers must be at least {min_age}."),
        },
        NoCertificate => lang
            .tr(
                "Chưa có chứng chỉ bồi dưỡng kiến thức cần thiết còn hiệu lực: người lao động chưa được xuất cảnh.",
                "There is no valid orientation certificate: the worker may not depart.",
            )
            .into(),
        CertificateExpired { expired_on } => match lang {
            Lang::Vi => format!("Chứng chỉ bồi dưỡng kiến thức đã hết hạn ngày {}; cần học và thi lại.", lang.date(*expired_on)),
            Lang::En => format!("The orientation certificate expired on {}; a new course and test are needed.", lang.date(*expired_on)),
        },
        NoHealthCertificate => lang.tr("Chưa có giấy khám sức khoẻ.", "There is no health certificate.").into(),
        NoPassport => lang.tr("Chưa có hộ chiếu.", "There is no passport.").into(),
        NoVisa => lang.tr("Chưa có thị thực.", "There is no visa.").into(),
        FundPaidTooLate { latest } => match lang {
            Lang::Vi => format!("Phải nộp Quỹ hỗ trợ việc làm ngoài nước chậm nhất ngày {}.", lang.date(*latest)),
            Lang::En => format!("The Fund contribution had to be paid by {}.", lang.date(*latest)),
        },
        FeeOverCap { cap_vnd, charged_vnd } => match lang {
            Lang::Vi => format!("Phí dịch vụ {} vượt mức trần {}.", lang.vnd(*charged_vnd), lang.vnd(*cap_vnd)),
            Lang::En => format!("The service fee of {} is over the cap of {}.", lang.vnd(*charged_vnd), lang.vnd(*cap_vnd)),
        },
        DepositOverCap { cap_vnd } => match lang {
            Lang::Vi => format!("Tiền ký quỹ vượt mức tối đa {}.", lang.vnd(*cap_vnd)),
            Lang::En => format!("The deposit is over the maximum of {}.", lang.vnd(*cap_vnd)),
        },
        DepositTooEarly => lang
            .tr(
                "Chỉ được nhận tiền ký quỹ sau khi đã ký hợp đồng và có thị thực hoặc chấp thuận của chủ sử dụng.",
                "A deposit may be taken only after the contract is signed and the visa or employer's acceptance is granted.",
            )
            .into(),
        ListNotConfirmed => lang
            .tr("Danh sách xuất cảnh chưa được Cục xác nhận.", "The departure list has not been confirmed by DOLAB.")
            .into(),
        DepartureWindowPassed { deadline } => match lang {
            Lang::Vi => format!("Đã quá hạn đưa đi ({}).", lang.date(*deadline)),
            Lang::En => format!("The departure deadline ({}) has passed.", lang.date(*deadline)),
        },
        DepartureWindowOpen { deadline } => match lang {
            Lang::Vi => format!("Thời hạn đưa đi còn đến ngày {}.", lang.date(*deadline)),
            Lang::En => format!("The departure window is open until {}.", lang.date(*deadline)),
        },
        MissingRule { key, scope } => match lang {
            Lang::Vi => format!("Chưa có quy định “{}” {scope} áp dụng cho ngày này; báo quản trị hệ thống.", rule_key(lang, *key)),
            Lang::En => format!("No rule “{}” {scope} is in force for that day; tell the administrator.", rule_key(lang, *key)),
        },
        OpenCaseExists => lang
            .tr(
                "Người lao động đang có một hồ sơ chưa kết thúc; không mở thêm hồ sơ mới.",
                "The worker already has an open case; no second one is opened.",
            )
            .into(),
        SettlementMissing => lang
            .tr(
                "Chưa ghi nhận biên bản thanh lý (bảng tính quyết toán); ghi nhận ở trang Thanh lý trước.",
                "No settlement has been recorded; record it on the Settlement page first.",
            )
            .into(),
        SettlementDisputed => lang
            .tr(
                "Người lao động không đồng ý với quyết toán: hồ sơ còn mở cho đến khi người lao động xác nhận một bản quyết toán.",
                "The worker disputed the settlement: the case stays open until the worker confirms one.",
            )
            .into(),
        SettlementAnswered => lang
            .tr(
                "Bản quyết toán này đã được trả lời, hoặc đã có bản mới hơn.",
                "This settlement was already answered, or a newer one was recorded.",
            )
            .into(),
        NoHouseholdStatus { year } => match lang {
            Lang::Vi => format!("Chưa ghi nhận tình trạng hộ (nghèo, cận nghèo…) của người lao động cho năm {year}, nên chưa tính được khoản hỗ trợ."),
            Lang::En => format!("No household status (poor, near-poor…) is recorded for the worker for {year}, so no support can be counted."),
        },
        ClaimNotPayable { standing } => claim_standing(lang, standing),
        ChangedMeanwhile => lang
            .tr(
                "Hồ sơ vừa được người khác cập nhật; chưa có gì được lưu. Hãy xem lại rồi thử lại.",
                "Someone else changed the case meanwhile; nothing was saved. Review it and try again.",
            )
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn every_refusal() -> Vec<Refusal> {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        vec![
            Refusal::NotFromState {
                state: CaseState::Applied,
            },
            Refusal::NotYourStep,
            Refusal::BranchMayNotHandleMoney,
            Refusal::LicenceRevoked,
            Refusal::SuspendedInMarket {
                market: "JP".into(),
                until: d,
            },
            Refusal::OrderNotApproved,
            Refusal::HeadcountFull { headcount: 3 },
            Refusal::TooYoung { min_age: 18 },
            Refusal::NoCertificate,
            Refusal::CertificateExpired { expired_on: d },
            Refusal::NoHealthCertificate,
            Refusal::NoPassport,
            Refusal::NoVisa,
            Refusal::FundPaidTooLate { latest: d },
            Refusal::FeeOverCap {
                cap_vnd: 1,
                charged_vnd: 2,
            },
            Refusal::DepositOverCap { cap_vnd: 0 },
            Refusal::DepositTooEarly,
            Refusal::ListNotConfirmed,
            Refusal::DepartureWindowPassed { deadline: d },
            Refusal::DepartureWindowOpen { deadline: d },
            Refusal::MissingRule {
                key: RuleKey::MinWorkerAge,
                scope: String::new(),
            },
            Refusal::ChangedMeanwhile,
            Refusal::OpenCaseExists,
            Refusal::SettlementMissing,
            Refusal::SettlementDisputed,
            Refusal::SettlementAnswered,
            Refusal::NoHouseholdStatus { year: 2026 },
            Refusal::ClaimNotPayable {
                standing: crate::domain::support::ClaimStanding::NoContract,
            },
        ]
    }

    #[test]
    fn every_refusal_has_its_own_sentence_in_both_languages() {
        let mut seen = std::collections::HashSet::new();
        let mut seen_en = std::collections::HashSet::new();
        for r in every_refusal() {
            let vi = refusal(Lang::Vi, &r);
            let en = refusal(Lang::En, &r);
            assert!(vi.ends_with('.') && en.ends_with('.'), "{r:?}");
            assert_ne!(vi, en, "{r:?}");
            assert!(seen.insert(vi), "{r:?} says the same as another refusal");
            assert!(
                seen_en.insert(en),
                "{r:?} says the same as another refusal in English"
            );
        }
    }

    #[test]
    fn money_is_written_with_the_separator_of_the_language() {
        assert_eq!(Lang::Vi.vnd(40_000_000), "40.000.000 ₫");
        assert_eq!(Lang::En.vnd(-5_000), "-5,000 ₫");
    }
}
