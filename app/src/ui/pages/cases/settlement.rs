//! A case's settlement, printable as its liquidation record: every line with how it was reached
//! and the law behind it, the ledger entries it comes from, the Fund's range; the agency's form
//! (ask, recompute, record each line as computed or with a reason) and the worker's answer.

use super::*;
use crate::api::settlement::case_settlement;
use crate::domain::payments::Answer;
use crate::domain::settlement::{amount_field, reason_field, Computed};
use crate::i18n::payments::kind as payment_kind;
use crate::i18n::settlement as words;
use crate::views::settlement::{PreviewProblem, RecordedView, SettlementAsk, SettlementView};

fn ask_from_query(get: impl Fn(&str) -> Option<String>) -> SettlementAsk {
    let v = |k: &str| get(k).unwrap_or_default();
    SettlementAsk {
        cause: v("cause"),
        damages_vnd: v("damages_vnd"),
        damages_note: v("damages_note"),
        settle_on: v("settle_on"),
    }
}

fn query_of(ask: &SettlementAsk) -> String {
    let pairs = [
        ("cause", &ask.cause),
        ("damages_vnd", &ask.damages_vnd),
        ("damages_note", &ask.damages_note),
        ("settle_on", &ask.settle_on),
    ];
    let mut s = url_encoded(&pairs);
    if !s.is_empty() {
        s.insert(0, '?');
    }
    s
}

fn url_encoded(pairs: &[(&str, &String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| {
            let enc: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={enc}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[component]
pub fn CaseSettlementPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_from_path();
    let query = use_query_map();
    let ask =
        Memo::new(move |_| query.with(|q| ask_from_query(|k| q.get_str(k).map(str::to_owned))));
    view! {
        {fetched(
            move || (id.get(), ask.get()),
            |(id, ask)| by_id(id, move |id| case_settlement(id, ask)),
            move |s, o| settlement_view(lang, s, o),
        )}
    }
}

fn settlement_view(lang: Lang, s: SettlementView, o: FormOutcome) -> impl IntoView {
    let title = lang.tr("Thanh lý hợp đồng", "Settlement");
    let latest = s.latest().cloned();
    let record = latest.as_ref().map(|v| record_view(lang, &s, v));
    let answer = latest
        .as_ref()
        .filter(|_| s.may_answer)
        .map(|v| answer_form(lang, &s, v, &o));
    let earlier = s
        .versions
        .iter()
        .skip(1)
        .map(|v| {
            view! {
                <li data-testid="earlier-version">
                    {format!("{} {} · {} · ", lang.tr("Bản", "Version"), v.version, lang.vnd(v.total_vnd))}
                    {words::answer(lang, v.answer)}
                    {v.answer_note.clone().map(|n| format!(" · {n}"))}
                </li>
            }
        })
        .collect_view();
    let has_earlier = s.versions.len() > 1;
    let preview = s.preview.clone().map(|p| preview_view(lang, &s, p, &o));
    view! {
        <Title text=format!("{title} · #{}", s.case_id) />
        <section class="case-page settlement" data-testid="settlement-page">
            <p class="no-print"><a href=format!("/cases/{}", s.case_id)>{lang.tr("← Về hồ sơ", "← Back to the case")}</a>
                " · " <a href=format!("/cases/{}/money", s.case_id)>{lang.tr("Sổ các khoản đã nộp", "Ledger of payments")}</a></p>
            <h1>{title} " " {format!("#{}", s.case_id)}</h1>
            <p>{s.worker_name.clone()} " · " {state_badge(lang, s.state)}</p>
            <dl class="facts" data-testid="settlement-facts">
                <dt>{lang.tr("Doanh nghiệp", "Agency")}</dt><dd>{s.agency_name.clone()}</dd>
                <dt>{lang.tr("Công việc", "Job")}</dt><dd>{format!("{} · {}", s.order_title, s.market)}</dd>
                {s.contract_no.clone().map(|n| view! { <dt>{lang.tr("Hợp đồng số", "Contract no.")}</dt><dd>{n}</dd> })}
                {(s.term_months > 0).then(|| view! { <dt>{lang.tr("Thời hạn", "Term")}</dt><dd>{format!("{} {}", s.term_months, lang.tr("tháng", "months"))}</dd> })}
                {s.departed_on.map(|d| view! { <dt>{lang.tr("Xuất cảnh", "Departed")}</dt><dd>{lang.date(d)}</dd> })}
                {s.ended_on.map(|d| view! { <dt>{lang.tr("Kết thúc", "Ended")}</dt><dd>{lang.date(d)}</dd> })}
                {s.reason.map(|r| view! { <dt>{lang.tr("Lý do", "Reason")}</dt><dd data-testid="end-reason">{end_reason(lang, r)}</dd> })}
                {s.liquidate_by.map(|d| {
                    let late = s.today > d;
                    view! {
                        <dt>{lang.tr("Hạn thanh lý", "Liquidate by")}</dt>
                        <dd class:overdue=late data-testid="liquidate-by">{lang.date(d)}</dd>
                    }
                })}
            </dl>
            {match (s.reason, latest.is_some(), s.preview.is_some()) {
                (None, _, _) => Some(view! {
                    <p data-testid="not-ended">{lang.tr(
                        "Hồ sơ chưa kết thúc: quyết toán được tính khi hợp đồng kết thúc hoặc khi không đưa đi được.",
                        "The case has not ended: the settlement is computed when the contract ends or the worker cannot be sent.",
                    )}</p>
                }.into_any()),
                (Some(_), false, false) => Some(view! {
                    <p>{lang.tr("Chưa có bản quyết toán.", "No settlement yet.")}</p>
                }.into_any()),
                _ => None,
            }}
            {record}
            {answer}
            {has_earlier.then(|| view! {
                <section class="card no-print" aria-labelledby="earlier-title">
                    <h2 id="earlier-title">{lang.tr("Các bản trước", "Earlier versions")}</h2>
                    <ul>{earlier}</ul>
                </section>
            })}
            {basis_view(lang, &s)}
            {preview}
        </section>
    }
}

/// The ledger entries the settlement comes from: its lines name them by number.
fn basis_view(lang: Lang, s: &SettlementView) -> impl IntoView {
    let rows = s
        .basis
        .iter()
        .map(|b| {
            view! {
                <tr data-testid="basis-entry" data-id=b.id.to_string()>
                    <td>{format!("#{}", b.id)}</td>
                    <td>{payment_kind(lang, b.kind)}<br /><small>{lang.date(b.paid_on)}</small></td>
                    <td>{lang.vnd(b.amount_vnd)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="basis-title">
            <h2 id="basis-title">{lang.tr("Căn cứ: các khoản trong sổ", "From the ledger")}</h2>
            <p class="hint">{lang.tr(
                "Khoản doanh nghiệp ghi hoặc đã xác nhận; tiền ký quỹ đang giữ.",
                "What the agency recorded or confirmed; the deposit as held.",
            )}</p>
            <div class="table-wrap">
                <table data-testid="basis">
                    <thead><tr><th>"#"</th><th>{lang.tr("Khoản", "Item")}</th><th>{lang.tr("Số tiền", "Amount")}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

fn fund_line(lang: Lang, fund: Option<crate::domain::settlement::FundRange>) -> impl IntoView {
    fund.map(|f| {
        let range = if f.min_vnd == f.max_vnd {
            lang.vnd(f.min_vnd)
        } else {
            format!("{} – {}", lang.vnd(f.min_vnd), lang.vnd(f.max_vnd))
        };
        view! {
            <p data-testid="fund-range">
                <strong>{lang.tr("Quỹ Hỗ trợ việc làm ngoài nước: ", "Overseas Employment Support Fund: ")}</strong>
                {range}
                " (" {words::cause(lang, f.cause)} "). "
                <small>{lang.tr(
                    "Quỹ quyết định số tiền hỗ trợ (Quyết định 40/2021/QĐ-TTg); khoản này không nằm trong tổng doanh nghiệp trả.",
                    "The Fund decides the amount (Decision 40/2021/QD-TTg); it is not part of what the agency pays.",
                )}</small>
            </p>
        }
    })
}

fn signed(lang: Lang, to_worker: bool, amount: i64) -> String {
    if to_worker {
        format!("+{}", lang.vnd(amount))
    } else {
        format!("−{}", lang.vnd(amount))
    }
}

/// The recorded settlement, as the liquidation record prints it.
fn record_view(lang: Lang, s: &SettlementView, v: &RecordedView) -> impl IntoView {
    let lines = v
        .lines
        .iter()
        .map(|r| {
            let l = &r.line;
            let differs = r.recorded_vnd != l.amount_vnd;
            view! {
                <li class="card" data-testid="settlement-line" data-kind=format!("{:?}", l.kind) data-entry=l.entry_id.map(|i| i.to_string()).unwrap_or_default()>
                    <p>
                        <strong>{words::line_kind(lang, l.kind)}</strong>
                        {l.item.map(|k| format!(" · {}", payment_kind(lang, k)))}
                        {l.entry_id.map(|i| format!(" · {} #{i}", lang.tr("khoản", "entry")))}
                    </p>
                    <p class="amount" data-testid="line-amount">{signed(lang, l.kind.to_worker(), r.recorded_vnd)}</p>
                    <p><small data-testid="line-basis">{words::basis(lang, l)}</small></p>
                    {differs.then(|| view! {
                        <p class="overdue" data-testid="line-difference"><small>
                            {format!("{} {} · ", lang.tr("Hệ thống tính", "Computed"), lang.vnd(l.amount_vnd))}
                            {r.reason.clone().unwrap_or_default()}
                        </small></p>
                    })}
                    <p><small class="hint">{words::law(lang, l.kind)}</small></p>
                </li>
            }
        })
        .collect_view();
    let disputed = v.answer == Some(Answer::Disputed);
    view! {
        <section class="card record" aria-labelledby="record-title" data-testid="settlement-record">
            <h2 id="record-title">
                {lang.tr("Biên bản thanh lý", "Liquidation record")} " · "
                {format!("{} {}", lang.tr("bản", "version"), v.version)}
            </h2>
            <p>
                {format!("{} {} · {} {}", lang.tr("Ghi nhận", "Recorded"), lang.date(v.recorded_at.date_naive()),
                    lang.tr("ngày trả", "paid on"), lang.date(v.settle_on))}
                {v.cause.map(|c| format!(" · {}", words::cause(lang, c)))}
            </p>
            {(v.damages_vnd > 0).then(|| view! {
                <p>{format!("{} {} — {}", lang.tr("Thiệt hại doanh nghiệp nêu:", "Damages the agency states:"), lang.vnd(v.damages_vnd), v.damages_note)}</p>
            })}
            <ol class="ledger settlement-lines" data-testid="settlement-lines">{lines}</ol>
            <p class="total" data-testid="settlement-total">
                <strong>{if v.total_vnd >= 0 {
                    lang.tr("Doanh nghiệp trả người lao động: ", "The agency pays the worker: ")
                } else {
                    lang.tr("Người lao động còn phải trả: ", "The worker owes: ")
                }}{lang.vnd(v.total_vnd.abs())}</strong>
                {(v.total_vnd != v.computed_total_vnd).then(|| format!(" ({} {})", lang.tr("hệ thống tính", "computed"), lang.vnd(v.computed_total_vnd)))}
            </p>
            {fund_line(lang, v.fund)}
            <p data-testid="settlement-answer" class:overdue=disputed>
                <strong>{words::answer(lang, v.answer)}</strong>
                {v.answer_note.clone().map(|n| format!(" — {n}"))}
                {v.answered_at.map(|t| format!(" ({})", lang.date(t.date_naive())))}
            </p>
            <div class="signatures print-only">
                <p>{lang.tr("Đại diện doanh nghiệp", "For the agency")}<br />{s.agency_name.clone()}</p>
                <p>{lang.tr("Người lao động", "The worker")}<br />{s.worker_name.clone()}</p>
            </div>
            <p class="hint no-print">{lang.tr(
                "In biên bản: dùng lệnh In của trình duyệt (trang in chỉ gồm biên bản).",
                "To print the record, use the browser's Print (the printout holds only the record).",
            )}</p>
        </section>
    }
}

fn answer_form(lang: Lang, s: &SettlementView, v: &RecordedView, o: &FormOutcome) -> impl IntoView {
    let o = if o.is_for("answer_settlement") {
        o.clone()
    } else {
        FormOutcome::default()
    };
    view! {
        <section class="card no-print" aria-labelledby="answer-title">
            <h2 id="answer-title">{lang.tr("Bạn có đồng ý với bản quyết toán này?", "Do you agree with this settlement?")}</h2>
            <form method="post" action=format!("/cases/{}/settlement", s.case_id) class="stack" novalidate data-testid="answer-settlement-form">
                <FormMessage outcome=o.clone() />
                <ActionField action="answer_settlement" />
                <input type="hidden" name="case_id" value=s.case_id.to_string() />
                <input type="hidden" name="version" value=v.version.to_string() />
                <TextAreaField label=lang.tr("Ý kiến (bắt buộc khi không đồng ý)", "Your comment (required to dispute)") name="note" value=o.value("note") error=field_error(&o, lang, "note") form="answer" />
                <div class="actions">
                    <button class="button primary" type="submit" name="answer" value=Answer::Confirmed.as_str() data-testid="confirm-settlement">{lang.tr("Tôi đồng ý", "I agree")}</button>
                    <button class="button" type="submit" name="answer" value=Answer::Disputed.as_str() data-testid="dispute-settlement">{lang.tr("Tôi không đồng ý", "I dispute it")}</button>
                </div>
            </form>
        </section>
    }
}

/// What the system computes: for the agency, the ask and the record form; for everyone else
/// before any record, what the worker may expect.
fn preview_view(
    lang: Lang,
    s: &SettlementView,
    p: Result<Computed, PreviewProblem>,
    o: &FormOutcome,
) -> impl IntoView {
    let ask_errors = match &p {
        Err(PreviewProblem::Fields(f)) => FormOutcome {
            errors: f.clone(),
            ..Default::default()
        },
        _ => FormOutcome::default(),
    };
    let here = format!("/cases/{}/settlement", s.case_id);
    let causes: Vec<(String, String)> = s
        .causes
        .iter()
        .map(|c| (c.as_str().to_owned(), words::cause(lang, *c).to_owned()))
        .collect();
    let ask = s.ask.clone();
    let ask_form = s.may_record.then(|| view! {
        <form method="get" action=here.clone() class="stack" data-testid="settlement-ask">
            {(!causes.is_empty()).then(|| view! {
                <SelectField label=lang.tr("Nguyên nhân về nước trước hạn", "Why the worker came back early") name="cause" options=causes.clone() value=ask.cause.clone() empty="—" error=field_error(&ask_errors, lang, "cause") form="ask" />
            })}
            {s.allows_damages.then(|| view! {
                <Field label=lang.tr("Thiệt hại được chứng minh (đồng)", "Proven damages (VND)") name="damages_vnd" inputmode="numeric" value=ask.damages_vnd.clone() error=field_error(&ask_errors, lang, "damages_vnd") required=false form="ask" />
                <TextAreaField label=lang.tr("Chứng cứ thiệt hại", "Evidence of the damages") name="damages_note" value=ask.damages_note.clone() error=field_error(&ask_errors, lang, "damages_note") form="ask" />
            })}
            <Field label=lang.tr("Ngày trả tiền (tính lãi đến ngày này)", "Day of payment (interest runs to it)") name="settle_on" kind="date" value=ask.settle_on.clone() error=field_error(&ask_errors, lang, "settle_on") required=false form="ask" />
            <button class="button" type="submit" data-testid="recompute">{lang.tr("Tính lại", "Recompute")}</button>
        </form>
    });
    let body = match p {
        Err(PreviewProblem::Refused(r)) => view! {
            <p class="overdue" role="alert" data-testid="settlement-refused">{crate::i18n::lifecycle::refusal(lang, &r)}</p>
        }
        .into_any(),
        Err(PreviewProblem::Fields(_)) => view! {
            <p class="overdue" role="alert">{lang.tr("Sửa các ô báo lỗi rồi tính lại.", "Fix the fields marked, then recompute.")}</p>
        }
        .into_any(),
        Ok(c) => computed_view(lang, s, &c, o, &here).into_any(),
    };
    let heading = if s.may_record {
        lang.tr(
            "Tính và ghi nhận quyết toán",
            "Compute and record the settlement",
        )
    } else {
        lang.tr("Quyết toán hệ thống tính", "The settlement as computed")
    };
    view! {
        <section class="card no-print" aria-labelledby="preview-title" data-testid="settlement-preview">
            <h2 id="preview-title">{heading}</h2>
            {ask_form}
            {body}
        </section>
    }
}

fn computed_view(
    lang: Lang,
    s: &SettlementView,
    c: &Computed,
    o: &FormOutcome,
    here: &str,
) -> impl IntoView {
    let o = if o.is_for("record_settlement") {
        o.clone()
    } else {
        FormOutcome::default()
    };
    let may_record = s.may_record;
    let lines = c
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (af, rf) = (amount_field(i), reason_field(i));
            let a_err = field_error(&o, lang, &af);
            let r_err = field_error(&o, lang, &rf);
            let amount_value = if o.value(&af).is_empty() {
                l.amount_vnd.to_string()
            } else {
                o.value(&af)
            };
            let (a_id, r_id) = (format!("rec-{af}"), format!("rec-{rf}"));
            view! {
                <li class="card" data-testid="computed-line" data-kind=format!("{:?}", l.kind)>
                    <p>
                        <strong>{words::line_kind(lang, l.kind)}</strong>
                        {l.item.map(|k| format!(" · {}", payment_kind(lang, k)))}
                        {l.entry_id.map(|i| format!(" · {} #{i}", lang.tr("khoản", "entry")))}
                    </p>
                    <p class="amount" data-testid="computed-amount">{signed(lang, l.kind.to_worker(), l.amount_vnd)}</p>
                    <p><small data-testid="computed-basis">{words::basis(lang, l)}</small></p>
                    <p><small class="hint">{words::law(lang, l.kind)}</small></p>
                    {may_record.then(|| view! {
                        <div class="field" class:has-error=a_err.is_some()>
                            <label for=a_id.clone()>{lang.tr("Số tiền ghi nhận (đồng)", "Amount recorded (VND)")}</label>
                            <input id=a_id.clone() name=af.clone() inputmode="numeric" value=amount_value form="record-settlement" aria-invalid=a_err.is_some().then_some("true") />
                            {a_err.clone().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                        </div>
                        <div class="field" class:has-error=r_err.is_some()>
                            <label for=r_id.clone()>{lang.tr("Lý do nếu khác số hệ thống tính", "Reason, if it differs from the computed amount")}</label>
                            <input id=r_id.clone() name=rf.clone() value=o.value(&rf) form="record-settlement" aria-invalid=r_err.is_some().then_some("true") />
                            {r_err.clone().map(|e| view! { <p class="error" role="alert" data-testid="reason-error">{e}</p> })}
                        </div>
                    })}
                </li>
            }
        })
        .collect_view();
    let empty = c.lines.is_empty();
    let ask = s.ask.clone();
    let action = format!("{here}{}", query_of(&ask));
    view! {
        {if empty {
            view! { <p>{lang.tr("Không có khoản nào phải hoàn trả.", "Nothing is owed either way.")}</p> }.into_any()
        } else {
            view! { <ol class="ledger" data-testid="computed-lines">{lines}</ol> }.into_any()
        }}
        <p class="total" data-testid="computed-total">
            <strong>{if c.total_vnd >= 0 {
                lang.tr("Doanh nghiệp trả người lao động: ", "The agency pays the worker: ")
            } else {
                lang.tr("Người lao động còn phải trả: ", "The worker owes: ")
            }}{lang.vnd(c.total_vnd.abs())}</strong>
        </p>
        {fund_line(lang, c.fund)}
        {may_record.then(|| view! {
            <form id="record-settlement" method="post" action=action class="stack" novalidate data-testid="record-settlement-form">
                <FormMessage outcome=o.clone() />
                <ActionField action="record_settlement" />
                <input type="hidden" name="case_id" value=s.case_id.to_string() />
                <input type="hidden" name="case_version" value=s.case_version.to_string() />
                <input type="hidden" name="cause" value=ask.cause.clone() />
                <input type="hidden" name="damages_vnd" value=ask.damages_vnd.clone() />
                <input type="hidden" name="damages_note" value=ask.damages_note.clone() />
                <input type="hidden" name="settle_on" value=ask.settle_on.clone() />
                {field_error(&o, lang, "cause").map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <p class="hint">{lang.tr(
                    "Ghi nhận gửi bản quyết toán cho người lao động xác nhận; hợp đồng chỉ thanh lý khi người lao động không phản đối.",
                    "Recording sends the settlement to the worker to confirm; the case is liquidated only if the worker does not dispute it.",
                )}</p>
                <Submit label=lang.tr("Ghi nhận quyết toán", "Record the settlement") />
            </form>
        })}
    }
}
