//! What forms say in both languages: the sentence next to a field for each problem, and the
//! message about a whole form.

use super::Lang;

/// The sentence shown next to a field for one problem.
pub fn problem(lang: Lang, p: &crate::domain::forms::Problem) -> String {
    use crate::domain::citizen_id::CitizenIdError as C;
    use crate::domain::forms::Problem::*;
    match p {
        Required => lang
            .tr("Vui lòng điền mục này.", "Please fill this in.")
            .into(),
        FileTooLarge { max_mib } => match lang {
            Lang::Vi => format!("Tệp quá lớn; tối đa {max_mib} MB."),
            Lang::En => format!("The file is too large; at most {max_mib} MB."),
        },
        FileType => lang
            .tr(
                "Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF.",
                "Only JPEG or PNG pictures and PDF files are accepted.",
            )
            .into(),
        TooLong { max } => match lang {
            Lang::Vi => format!("Tối đa {max} ký tự."),
            Lang::En => format!("At most {max} characters."),
        },
        NameShape => lang
            .tr(
                "Họ tên chỉ gồm chữ cái và dấu cách, như trên căn cước.",
                "Use letters and spaces only, as on the citizen ID.",
            )
            .into(),
        Email => lang
            .tr(
                "Email chưa đúng dạng, ví dụ ten@example.vn.",
                "This is not an email address, e.g. name@example.vn.",
            )
            .into(),
        Phone => lang
            .tr(
                "Số điện thoại gồm 10 chữ số bắt đầu bằng 0 (hoặc +84).",
                "A phone number has 10 digits starting with 0 (or +84).",
            )
            .into(),
        Date => lang
            .tr(
                "Ngày chưa đúng (ngày/tháng/năm).",
                "This is not a valid date.",
            )
            .into(),
        TooYoung { min_age } => match lang {
            Lang::Vi => format!("Người lao động phải đủ {min_age} tuổi."),
            Lang::En => format!("Workers must be at least {min_age}."),
        },
        CitizenId(C::Format) => lang
            .tr(
                "Số căn cước gồm đúng 12 chữ số.",
                "A citizen ID has exactly 12 digits.",
            )
            .into(),
        CitizenId(C::Province) => lang
            .tr(
                "Ba chữ số đầu không phải mã tỉnh nơi đăng ký khai sinh.",
                "The first three digits are not a province code.",
            )
            .into(),
        CitizenId(C::SexOrCentury) => lang
            .tr(
                "Chữ số thứ 4 không khớp với giới tính và thế kỷ sinh.",
                "The 4th digit does not match the sex and century of birth.",
            )
            .into(),
        CitizenId(C::BirthYear) => lang
            .tr(
                "Chữ số thứ 5–6 không khớp với năm sinh.",
                "Digits 5–6 do not match the year of birth.",
            )
            .into(),
        PasswordTooShort { min } => match lang {
            Lang::Vi => format!("Mật khẩu cần ít nhất {min} ký tự."),
            Lang::En => format!("Use at least {min} characters."),
        },
        PasswordTooLong { max } => match lang {
            Lang::Vi => format!("Mật khẩu tối đa {max} ký tự."),
            Lang::En => format!("Use at most {max} characters."),
        },
        PasswordCommon => lang
            .tr(
                "Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn một câu dài hơn.",
                "This password is too common. Choose a longer phrase.",
            )
            .into(),
        PasswordContainsIdentity => lang
            .tr(
                "Mật khẩu không được chứa email hay số căn cước của bạn.",
                "The password may not contain your email or citizen ID.",
            )
            .into(),
        Code => lang
            .tr(
                "Nhập 6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng.",
                "Enter the 6 digits from your authenticator app, or a recovery code.",
            )
            .into(),
        Choice => lang
            .tr(
                "Vui lòng chọn một mục trong danh sách.",
                "Please pick one of the choices.",
            )
            .into(),
        Future => lang
            .tr("Ngày này chưa tới.", "This date is in the future.")
            .into(),
        BeforeEarlierStep => lang
            .tr(
                "Ngày này sớm hơn bước trước của hồ sơ.",
                "This date is before the previous step of the case.",
            )
            .into(),
        AtLeast { min } => match lang {
            Lang::Vi => format!("Cần ít nhất {min}."),
            Lang::En => format!("At least {min}."),
        },
        PurposeTooShort { min } => match lang {
            Lang::Vi => format!("Hãy ghi rõ mục đích sử dụng dữ liệu (ít nhất {min} ký tự)."),
            Lang::En => format!("Say what the data is for (at least {min} characters)."),
        },
        OverExportCap { cap } => match lang {
            Lang::Vi => format!(
                "Danh sách quá dài để xuất một lần (tối đa {} hồ sơ); hãy thu hẹp bộ lọc.",
                lang.number(*cap)
            ),
            Lang::En => format!(
                "The list is too long for one export (at most {} cases); narrow the filters.",
                lang.number(*cap)
            ),
        },
        AtMost { max } => match lang {
            Lang::Vi => format!("Nhiều nhất {}.", lang.number(max.unsigned_abs())),
            Lang::En => format!("At most {}.", lang.number(max.unsigned_abs())),
        },
        Amount => lang
            .tr(
                "Nhập số tiền bằng đồng, là số nguyên không âm (ví dụ 40.000.000).",
                "Enter a whole, non-negative amount (for example 40,000,000).",
            )
            .into(),
        Number => lang.tr("Nhập một số nguyên.", "Enter a whole number.").into(),
        Passport => lang
            .tr(
                "Số hộ chiếu gồm 1 chữ cái và 7 chữ số (ví dụ C1234567).",
                "A passport number is a letter and 7 digits (for example C1234567).",
            )
            .into(),
        Month => lang.tr("Tháng chưa đúng (năm-tháng).", "This is not a valid month.").into(),
        TestNotPassed => lang
            .tr(
                "Chỉ cấp chứng chỉ khi người lao động đã đạt bài kiểm tra.",
                "A certificate is issued only after the test is passed.",
            )
            .into(),
        Duplicate => lang.tr("Đã có bản ghi này.", "This already exists.").into(),
        IdentityMismatch => lang
            .tr(
                "Chưa mở được hồ sơ: thông tin của người này cần được điều chỉnh. Những người liên quan đã được báo; yêu cầu điều chỉnh, nếu có, và kết quả sẽ hiện ở trang Yêu cầu điều chỉnh thông tin.",
                "No case was opened: this person's details need a correction. Those concerned have been told; any correction request and its outcome show on the Correction requests page.",
            )
            .into(),
        ReceiptOrCash => lang
            .tr(
                "Nhập số biên lai, hoặc đánh dấu “Tiền mặt, không có biên lai”.",
                "Enter the receipt number, or tick “Cash, no receipt”.",
            )
            .into(),
        OnlyBeforeDeparture => lang
            .tr(
                "Chỉ chọn được trước khi xuất cảnh.",
                "This can be chosen only before departure.",
            )
            .into(),
        NotAllowedHere => lang
            .tr(
                "Không áp dụng cho hồ sơ này.",
                "This does not apply to this case.",
            )
            .into(),
        UnknownCase => match lang {
            Lang::Vi => "Không có hồ sơ với số này trong tỉnh của bạn.".into(),
            Lang::En => "There is no case with this number in your province.".into(),
        },
        EnterpriseCode => lang
            .tr(
                "Mã số doanh nghiệp gồm 10 chữ số (chi nhánh: thêm dấu - và 3 chữ số).",
                "An enterprise code has 10 digits (a branch's: - and 3 more digits).",
            )
            .into(),
        ConditionNotMet => lang
            .tr(
                "Chưa đáp ứng điều kiện này: chưa thể cấp giấy phép.",
                "This condition is not met: the licence cannot issue.",
            )
            .into(),
        ConditionAtLeast { min } => match lang {
            Lang::Vi => format!(
                "Chưa đáp ứng điều kiện: cần ít nhất {} theo quy định đang có hiệu lực.",
                lang.number(min.unsigned_abs())
            ),
            Lang::En => format!(
                "Condition not met: the rules in force ask for at least {}.",
                lang.number(min.unsigned_abs())
            ),
        },
        WebsiteNotVn => lang
            .tr(
                "Doanh nghiệp phải có trang thông tin điện tử dùng tên miền .vn.",
                "The agency needs a website under the .vn domain.",
            )
            .into(),
        NothingChanged => lang
            .tr(
                "Không có thông tin nào thay đổi so với giấy phép hiện tại.",
                "Nothing differs from the licence as it stands.",
            )
            .into(),
        BeforeDecision => lang
            .tr(
                "Ngày có hiệu lực không được trước ngày ký quyết định.",
                "The effective date cannot be before the decision was signed.",
            )
            .into(),
        SuspendedThen { from, until } => match lang {
            Lang::Vi => format!(
                "Doanh nghiệp đã bị đình chỉ tại thị trường này từ {} đến {}; thời hạn mới không được trùng.",
                lang.date(*from),
                lang.date(*until)
            ),
            Lang::En => format!(
                "The agency is already suspended in this market from {} to {}; the periods may not overlap.",
                lang.date(*from),
                lang.date(*until)
            ),
        },
        FineOutside { min, max } => match lang {
            Lang::Vi => format!(
                "Mức phạt phải trong khung của các hành vi vi phạm đã ghi: từ {} đến {} đồng.",
                lang.number(min.unsigned_abs()),
                lang.number(max.unsigned_abs())
            ),
            Lang::En => format!(
                "The fine must lie within the recorded violations' range: {} to {} VND.",
                lang.number(min.unsigned_abs()),
                lang.number(max.unsigned_abs())
            ),
        },
        BeforeStart => lang
            .tr(
                "Ngày kết thúc không được trước ngày bắt đầu.",
                "The end date cannot be before the start date.",
            )
            .into(),
        Past => lang
            .tr(
                "Thời hạn không được là một ngày đã qua.",
                "A deadline cannot be a day already past.",
            )
            .into(),
        NoViolation => lang
            .tr(
                "Chưa ghi hành vi vi phạm nào; ghi vi phạm trước khi ra quyết định xử phạt.",
                "No violation is recorded yet; record one before the sanction.",
            )
            .into(),
        TooLateToComplain { due } => match lang {
            Lang::Vi => format!(
                "Thời hiệu khiếu nại đã hết ngày {}. Nếu vì ốm đau, thiên tai, đi làm việc ở xa hay trở ngại khác mà không khiếu nại được, hãy ghi lý do vào ô bên dưới.",
                lang.date(*due)
            ),
            Lang::En => format!(
                "The time to complain ended on {}. If illness, a disaster, working far away or another obstacle kept you from it, say so in the box below.",
                lang.date(*due)
            ),
        },
        AppealNotYet { until } => match lang {
            Lang::Vi => format!(
                "Cấp giải quyết lần đầu còn thời hạn đến hết ngày {}; sau ngày đó nếu chưa được trả lời, bạn có thể khiếu nại lần hai.",
                lang.date(*until)
            ),
            Lang::En => format!(
                "The first level has until {} to answer; if it has not by then, you can take it to the second level.",
                lang.date(*until)
            ),
        },
        AppealEnded { ended } => match lang {
            Lang::Vi => format!(
                "Thời hạn khiếu nại lần hai đã hết ngày {}.",
                lang.date(*ended)
            ),
            Lang::En => format!(
                "The time to take it to the second level ended on {}.",
                lang.date(*ended)
            ),
        },
        NoMoreExtensions => lang
            .tr(
                "Đã gia hạn hết số lần luật cho phép.",
                "No further extension is allowed.",
            )
            .into(),
        AlreadyComplained => lang
            .tr(
                "Quyết định này đã có đơn khiếu nại; hãy theo dõi đơn đó.",
                "This decision already has a complaint against it; follow that one.",
            )
            .into(),
        ReceivedBeforeDecision => lang
            .tr(
                "Ngày nhận quyết định không được trước ngày ký quyết định.",
                "The decision cannot have been received before it was signed.",
            )
            .into(),
        SanctionComplaintTooLate { due } => match lang {
            Lang::Vi => format!(
                "Thời hiệu khiếu nại quyết định này đã hết ngày {}.",
                lang.date(*due)
            ),
            Lang::En => format!(
                "The time to complain against this decision ended on {}.",
                lang.date(*due)
            ),
        },
        ExtensionTooLate { due } => match lang {
            Lang::Vi => format!(
                "Thời hạn giải quyết đã hết ngày {}: không thể gia hạn sau khi đã quá hạn.",
                lang.date(*due)
            ),
            Lang::En => format!(
                "The time to resolve it ended on {}: it cannot be extended once past.",
                lang.date(*due)
            ),
        },
        TasksOutstanding { count } => match lang {
            Lang::Vi => format!("Còn {count} yêu cầu khắc phục chưa được chấp nhận."),
            Lang::En => format!("{count} remediation task(s) not accepted yet."),
        },
        PaidInPeriod { period } => match lang {
            Lang::Vi => format!(
                "Khoản này đã được chi cho người lao động trong giai đoạn {period}–{}; mỗi khoản chỉ chi một lần.",
                period + 4
            ),
            Lang::En => format!(
                "This item was already paid to the worker in the {period}–{} period; each item is paid once.",
                period + 4
            ),
        },
        ReasonForDifference => lang
            .tr(
                "Số tiền khác với số hệ thống tính: ghi rõ lý do.",
                "The amount differs from the computed one: give the reason.",
            )
            .into(),
        NoFeeUnderThisForm => lang
            .tr(
                "Hình thức này không được thu phí dịch vụ của người lao động.",
                "No service fee may be charged under this form.",
            )
            .into(),
    }
}

/// The sentence for a problem with the whole form.
pub fn form_problem(lang: Lang, p: &crate::domain::forms::FormProblem) -> String {
    use crate::domain::forms::FormProblem::*;
    match p {
        BadCredentials => lang.tr("Sai thông tin đăng nhập.", "Wrong sign-in details.").into(),
        Throttled { minutes } => match lang {
            Lang::Vi => format!("Quá nhiều lần thử trong thời gian ngắn. Vui lòng thử lại sau {minutes} phút."),
            Lang::En => format!("Too many attempts. Please try again in {minutes} minutes."),
        },
        AccountExists => lang
            .tr(
                "Không thể tạo tài khoản với thông tin này. Nếu bạn đã có tài khoản, hãy đăng nhập hoặc đặt lại mật khẩu.",
                "An account cannot be created with these details. If you already have one, sign in or reset your password.",
            )
            .into(),
        LinkInvalid => lang
            .tr("Liên kết không còn hiệu lực (đã dùng hoặc đã hết hạn).", "This link no longer works (used or expired).")
            .into(),
        RecordClaimed => lang
            .tr(
                "Hồ sơ người lao động này đã được liên kết với một tài khoản. Nếu đó không phải của người lao động, họ cần đến Sở Nội vụ với căn cước công dân để thu hồi.",
                "This worker's record is already linked to an account. If it is not the worker's, they should visit their provincial Home Affairs department with their citizen ID card to have it revoked.",
            )
            .into(),
        AlreadyRequested => lang
            .tr(
                "Yêu cầu này đã được gửi và đang chờ trả lời.",
                "This request was already sent and is waiting for an answer.",
            )
            .into(),
        EmailNotConfirmed => lang
            .tr(
                "Hãy xác nhận địa chỉ email của tài khoản trước.",
                "Confirm your account's email address first.",
            )
            .into(),
        BadCode => lang.tr("Mã không đúng hoặc đã được dùng.", "The code is wrong or was already used.").into(),
        EmailTaken => lang.tr("Email này đã có tài khoản hoặc lời mời.", "This email already has an account or invitation.").into(),
        SignInRequired => lang.tr("Vui lòng đăng nhập.", "Please sign in.").into(),
        NotPermitted => lang.tr("Bạn không có quyền làm việc này.", "You are not allowed to do this.").into(),
        AlreadyDecided => lang
            .tr(
                "Hồ sơ này đã được quyết định trước đó (có thể vừa bởi người khác); yêu cầu này không thay đổi gì.",
                "This was already decided (perhaps just now, by someone else); this request changed nothing.",
            )
            .into(),
        NotFound => lang.tr("Không tìm thấy hồ sơ này.", "This record was not found.").into(),
        Unexpected { request_id } => match lang {
            Lang::Vi => format!("Đã có lỗi, chưa có gì thay đổi. Mã yêu cầu: {request_id}"),
            Lang::En => format!("Something went wrong; nothing was changed. Request id: {request_id}"),
        },
        Unavailable => lang
            .tr("Hệ thống tạm thời không truy cập được cơ sở dữ liệu; chưa có gì thay đổi.", "The database is unavailable right now; nothing was changed.")
            .into(),
        StateChanged => lang
            .tr(
                "Việc này không còn làm được: hồ sơ đã thay đổi từ khi trang được mở. Hãy tải lại trang; chưa có gì thay đổi.",
                "This can no longer be done: the record changed since the page was opened. Reload the page; nothing was changed.",
            )
            .into(),
        TwoFactorAlreadyOn => lang
            .tr(
                "Xác thực hai bước đã được bật cho tài khoản này.",
                "Two-step verification is already on for this account.",
            )
            .into(),
        InvitationNotAccepted => lang
            .tr(
                "Tài khoản được mời chỉ hoạt động khi người được mời chấp nhận lời mời và tự đặt mật khẩu.",
                "An invited account becomes active only when its holder accepts the invitation and chooses a password.",
            )
            .into(),
        DisabledBySystemAdmin => lang
            .tr(
                "Tài khoản này do quản trị hệ thống khoá; chỉ quản trị hệ thống mở lại được.",
                "The system administrator disabled this account; only they can re-enable it.",
            )
            .into(),
        ImportRunning => lang
            .tr(
                "Một lần nhập tệp khác của tổ chức đang chạy; hãy đợi nó xong rồi gửi lại tệp.",
                "Another import of your agency is still running; wait for it to end, then send the file again.",
            )
            .into(),
        Refused(reasons) => reasons
            .iter()
            .map(|r| super::lifecycle::refusal(lang, r))
            .collect::<Vec<_>>()
            .join(" "),
    }
}
