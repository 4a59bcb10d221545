//! The fields of each step and event form on the case page, as data, and how they render.

use super::*;

/// An input of a step or event form.
pub(super) enum Input {
    Text(&'static str, &'static str, &'static str),
    Optional(&'static str, &'static str, &'static str),
    Choice(&'static str, &'static str, Vec<(String, String)>),
    /// A choice with one option picked until the person picks another.
    Preset(&'static str, &'static str, Vec<(String, String)>, String),
    Long(&'static str, &'static str, bool),
}

fn reasons(lang: Lang, list: &[EndReason]) -> Vec<(String, String)> {
    list.iter()
        .map(|r| (r.as_str().to_owned(), end_reason(lang, *r).to_owned()))
        .collect()
}

fn yes_no(lang: Lang) -> Vec<(String, String)> {
    vec![
        ("yes".to_owned(), lang.tr("Có", "Yes").to_owned()),
        ("no".to_owned(), lang.tr("Không", "No").to_owned()),
    ]
}

pub(super) fn step_inputs(lang: Lang, k: StepKind) -> Vec<Input> {
    use Input::*;
    let date = "date";
    let money = "money";
    match k {
        StepKind::Screen => vec![
            Text(
                "health_certificate_no",
                lang.tr("Số giấy khám sức khoẻ", "Health certificate no."),
                "text",
            ),
            Text(
                "health_certificate_on",
                lang.tr("Ngày khám", "Examined on"),
                date,
            ),
            Text(
                "exam_result",
                lang.tr("Kết quả thi tuyển, phỏng vấn", "Exam and interview result"),
                "text",
            ),
            Optional(
                "language_level",
                lang.tr("Trình độ ngoại ngữ", "Language level"),
                "text",
            ),
        ],
        StepKind::Select => vec![Text(
            "selected_on",
            lang.tr(
                "Ngày trúng tuyển (theo quyết định của chủ sử dụng)",
                "Selected on (employer's decision)",
            ),
            date,
        )],
        StepKind::Contract => vec![
            Text(
                "contract_no",
                lang.tr(
                    "Số hợp đồng đưa đi (mẫu 03)",
                    "Sending contract no. (form 03)",
                ),
                "text",
            ),
            Text("signed_on", lang.tr("Ngày ký", "Signed on"), date),
            Text(
                "service_fee_vnd",
                lang.tr("Phí dịch vụ (đồng)", "Service fee (VND)"),
                money,
            ),
            Optional(
                "training_fee_vnd",
                lang.tr("Chi phí đào tạo, bồi dưỡng (đồng)", "Training (VND)"),
                money,
            ),
            Optional(
                "visa_fee_vnd",
                lang.tr(
                    "Chi phí hộ chiếu, thị thực, lý lịch tư pháp (đồng)",
                    "Passport, visa, records (VND)",
                ),
                money,
            ),
            Optional(
                "airfare_vnd",
                lang.tr("Vé máy bay (đồng)", "Airfare (VND)"),
                money,
            ),
            Optional(
                "other_fee_vnd",
                lang.tr("Chi phí khác (đồng)", "Other costs (VND)"),
                money,
            ),
            Optional(
                "partner_share_vnd",
                lang.tr(
                    "Phần tiền dịch vụ do đối tác nước ngoài trả (đồng)",
                    "Part of the service fee the foreign partner pays (VND)",
                ),
                money,
            ),
            Optional(
                "deposit_vnd",
                lang.tr("Tiền ký quỹ thoả thuận (đồng)", "Agreed deposit (VND)"),
                money,
            ),
            Optional(
                "guarantor",
                lang.tr(
                    "Người bảo lãnh (nếu không ký quỹ)",
                    "Guarantor (instead of a deposit)",
                ),
                "text",
            ),
        ],
        StepKind::Train => vec![Text(
            "started_on",
            lang.tr("Ngày bắt đầu khoá bồi dưỡng", "Course started on"),
            date,
        )],
        StepKind::GrantVisa => vec![
            Text(
                "passport_no",
                lang.tr("Số hộ chiếu", "Passport no."),
                "text",
            ),
            Text(
                "visa_no",
                lang.tr("Số thị thực / COE", "Visa / CoE no."),
                "text",
            ),
            Text(
                "granted_on",
                lang.tr("Ngày cấp thị thực", "Visa granted on"),
                date,
            ),
            Optional(
                "deposit_vnd",
                lang.tr(
                    "Tiền ký quỹ đã nộp (đồng, nếu có)",
                    "Deposit paid (VND, if any)",
                ),
                money,
            ),
            Optional(
                "deposit_bank",
                lang.tr("Ngân hàng nhận ký quỹ", "Deposit bank"),
                "text",
            ),
            Optional(
                "deposit_account",
                lang.tr(
                    "Số tài khoản phong toả đứng tên người lao động",
                    "Blocked account in the worker's name",
                ),
                "text",
            ),
            Optional(
                "deposit_paid_on",
                lang.tr("Ngày nộp ký quỹ", "Deposit paid on"),
                date,
            ),
        ],
        StepKind::ConfirmList => vec![],
        StepKind::Depart => vec![
            Text("exit_on", lang.tr("Ngày xuất cảnh", "Exit date"), date),
            Text(
                "fund_paid_on",
                lang.tr(
                    "Ngày nộp Quỹ hỗ trợ việc làm ngoài nước",
                    "Fund contribution paid on",
                ),
                date,
            ),
            Text("workplace", lang.tr("Nơi làm việc", "Workplace"), "text"),
        ],
        StepKind::EndContract => vec![
            Choice(
                "reason",
                lang.tr("Lý do kết thúc", "Why it ended"),
                reasons(lang, &EndReason::AFTER_DEPARTURE),
            ),
            Text(
                "ended_on",
                lang.tr(
                    "Ngày kết thúc hợp đồng / về nước",
                    "Contract ended / returned on",
                ),
                date,
            ),
        ],
        // Recorded on the settlement page, never through a step form.
        StepKind::StartLiquidation => vec![],
        StepKind::Liquidate => vec![
            Text(
                "liquidated_on",
                lang.tr("Ngày thanh lý", "Settled on"),
                date,
            ),
            Long("note", lang.tr("Kết quả thanh lý", "Outcome"), false),
        ],
        StepKind::Withdraw => vec![Long(
            "note",
            lang.tr("Ghi chú (không bắt buộc)", "Note (optional)"),
            false,
        )],
        StepKind::Cancel => vec![Long(
            "note",
            lang.tr("Sự kiện bất khả kháng", "The force majeure event"),
            true,
        )],
        StepKind::Reject => vec![Choice(
            "reason",
            lang.tr("Lý do", "Reason"),
            reasons(lang, &EndReason::REJECTIONS),
        )],
        StepKind::NotSent => vec![],
    }
}

/// The currencies earnings may be reported in, the order's wage currency first.
fn currencies(wage_currency: &str) -> Vec<(String, String)> {
    std::iter::once(wage_currency)
        .chain(crate::domain::job_orders::CURRENCIES)
        .chain(["VND"])
        .fold(Vec::<(String, String)>::new(), |mut all, c| {
            if !all.iter().any(|(v, _)| v == c) {
                all.push((c.to_owned(), c.to_owned()));
            }
            all
        })
}

/// The inputs of an event form; `wage_currency` is the order's, offered first for earnings.
pub(super) fn event_inputs(lang: Lang, kind: &str, wage_currency: &str) -> Vec<Input> {
    use Input::*;
    match kind {
        "certificate" => vec![
            Text(
                "periods",
                lang.tr("Số tiết đã học", "Periods attended"),
                "number",
            ),
            Choice(
                "test_passed",
                lang.tr("Đạt bài kiểm tra", "Test passed"),
                yes_no(lang),
            ),
            Text(
                "certificate_no",
                lang.tr("Số chứng chỉ (mẫu 06)", "Certificate no. (form 06)"),
                "text",
            ),
            Text("issued_on", lang.tr("Ngày cấp", "Issued on"), "date"),
        ],
        "monthly_update" => vec![
            Text("month", lang.tr("Tháng", "Month"), "month"),
            Choice(
                "working",
                lang.tr("Đang làm việc bình thường", "Working normally"),
                yes_no(lang),
            ),
            Optional(
                "earnings_amount",
                lang.tr(
                    "Thu nhập ròng của tháng (sau thuế và các khoản khấu trừ)",
                    "Net earnings for the month (after tax and deductions)",
                ),
                "money",
            ),
            Preset(
                "earnings_currency",
                lang.tr("Đơn vị tiền", "Currency"),
                currencies(wage_currency),
                wage_currency.to_owned(),
            ),
            Long(
                "note",
                lang.tr(
                    "Tình hình (lương, sức khoẻ, nơi ở)",
                    "Situation (wage, health, lodging)",
                ),
                false,
            ),
        ],
        "workplace_change" => vec![
            Text("changed_on", lang.tr("Ngày chuyển", "Changed on"), "date"),
            Text(
                "workplace",
                lang.tr("Nơi làm việc mới", "New workplace"),
                "text",
            ),
        ],
        "refunded" => vec![
            Text(
                "on",
                lang.tr("Ngày hoàn trả", "Returned on"),
                "date",
            ),
            Long(
                "note",
                lang.tr(
                    "Đã trả những gì (giấy tờ, tiền dịch vụ, tiền Quỹ, thị thực, vé máy bay, ký quỹ)",
                    "What was returned (documents, fee, Fund, visa, airfare, deposit)",
                ),
                false,
            ),
        ],
        "incident" => vec![
            Text("on", lang.tr("Ngày xảy ra", "Happened on"), "date"),
            Choice(
                "incident_kind",
                lang.tr("Loại sự cố", "Kind"),
                IncidentKind::ALL
                    .iter()
                    .map(|k| (k.as_str().to_owned(), incident(lang, *k).to_owned()))
                    .collect(),
            ),
            Long("description", lang.tr("Mô tả", "Description"), true),
        ],
        _ => vec![],
    }
}

pub(super) fn render_inputs(
    lang: Lang,
    form: &'static str,
    inputs: Vec<Input>,
    o: &FormOutcome,
) -> impl IntoView {
    inputs
        .into_iter()
        .map(|i| match i {
            Input::Text(name, label, kind) | Input::Optional(name, label, kind) => {
                let required = matches!(i, Input::Text(..));
                let (kind, mode) = match kind {
                    "money" => ("text", Some("numeric")),
                    "number" => ("number", Some("numeric")),
                    other => (other, None),
                };
                view! {
                    <Field label name kind value=o.value(name) error=field_error(o, lang, name) required form inputmode=mode.unwrap_or("text") />
                }
                .into_any()
            }
            Input::Choice(name, label, options) => view! {
                <SelectField label name options value=o.value(name) empty="—" error=field_error(o, lang, name) form />
            }
            .into_any(),
            Input::Preset(name, label, options, default) => {
                let value = Some(o.value(name)).filter(|v| !v.is_empty()).unwrap_or(default);
                view! {
                    <SelectField label name options value error=field_error(o, lang, name) form />
                }
                .into_any()
            }
            Input::Long(name, label, required) => view! {
                <TextAreaField label name value=o.value(name) error=field_error(o, lang, name) form required />
            }
            .into_any(),
        })
        .collect_view()
}

pub(super) fn event_label(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "certificate" => lang.tr(
            "Ghi chứng chỉ bồi dưỡng kiến thức",
            "Record the orientation certificate",
        ),
        "monthly_update" => lang.tr("Cập nhật hằng tháng", "Monthly update"),
        "workplace_change" => lang.tr("Thay đổi nơi làm việc", "Change of workplace"),
        "incident" => lang.tr("Ghi nhận sự cố", "Record an incident"),
        "refunded" => lang.tr(
            "Đã hoàn trả giấy tờ và tiền",
            "Documents and money returned",
        ),
        _ => "",
    }
}

pub(super) fn event_form_id(kind: &str) -> &'static str {
    match kind {
        "certificate" => "ev-certificate",
        "monthly_update" => "ev-monthly",
        "workplace_change" => "ev-workplace",
        "refunded" => "ev-refunded",
        _ => "ev-incident",
    }
}
