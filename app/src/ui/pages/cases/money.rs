//! A case's money, in plain words on a phone: what was paid, what the law allows, the
//! difference, each flag with its legal basis; the deposit and its status; the two lenses side by
//! side; the ledger, and its forms (record a payment, reverse one's own entry, answer a
//! statement).

use super::*;
use crate::api::payments::case_money;
use crate::domain::job_orders::CURRENCIES;
use crate::domain::payments::{fields as pf, Answer, Payee, PaymentKind, RecordedBy};
use crate::i18n::payments as words;
use crate::views::payments::{MoneyView, PaymentView};

#[component]
pub fn CaseMoneyPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_from_path();
    view! {
        {fetched(move || id.get(), |id| by_id(id, case_money), move |m, o| money_view(lang, m, o))}
    }
}

fn money_view(lang: Lang, m: MoneyView, o: FormOutcome) -> impl IntoView {
    let here = format!("/cases/{}/money", m.case_id);
    let title = lang.tr("Tiền và ký quỹ", "Money and deposit");
    let lines = m
        .lines
        .iter()
        .map(|l| {
            let over = l.over_vnd();
            let is_over = over > 0;
            view! {
                <tr data-testid="money-line" data-kind=l.kind.as_str() class:overdue=is_over>
                    <td>{words::kind(lang, l.kind)}</td>
                    <td>{lang.vnd(l.paid_vnd)}</td>
                    <td>
                        {l.allowed_vnd.map_or_else(|| lang.tr("theo chi phí thực tế", "actual cost").to_owned(), |a| lang.vnd(a))}
                        {is_over.then(|| view! { <br /><strong data-testid="line-over">{format!("{} {}", lang.tr("vượt", "over by"), lang.vnd(over))}</strong> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let flags = m
        .flags()
        .map(|(e, f)| {
            let (text, basis) = words::flag(lang, f);
            view! {
                <li data-testid="payment-flag" class="overdue">
                    <strong>{text}</strong>
                    <br />
                    <small>{format!("{} · {} #{}", lang.date(e.paid_on), lang.tr("khoản", "entry"), e.id)}</small>
                    <br />
                    <small data-testid="flag-basis">{lang.tr("Căn cứ: ", "Legal basis: ")}{basis}</small>
                </li>
            }
        })
        .collect_view();
    let has_flags = m.flags().next().is_some();
    let cap_line = match (&m.fee_cap_vnd, &m.fee_cap_missing) {
        (Some(cap), _) => Some(view! {
            <p data-testid="fee-cap">
                {lang.tr("Mức tối đa tiền dịch vụ bạn phải trả theo hợp đồng: ", "Most you may be charged in service fees under your contract: ")}
                <strong>{lang.vnd(*cap)}</strong>
            </p>
        }.into_any()),
        (None, Some(r)) => Some(view! { <p class="overdue">{crate::i18n::lifecycle::refusal(lang, r)}</p> }.into_any()),
        (None, None) => Some(view! {
            <p>{lang.tr("Chưa ký hợp đồng: chưa ai được thu tiền dịch vụ của bạn.", "No contract yet: nobody may take a service fee from you.")}</p>
        }.into_any()),
    };
    let entries = m
        .entries
        .iter()
        .rev()
        .map(|e| entry_view(lang, &m, e, &o, &here))
        .collect_view();
    let deposit = m.deposit;
    let over_law = m.over_law_vnd > 0;
    view! {
        <Title text=format!("{title} · #{}", m.case_id) />
        <section class="case-page" data-testid="money-page">
            <p><a href=format!("/cases/{}", m.case_id)>{lang.tr("← Về hồ sơ", "← Back to the case")}</a></p>
            <h1>{title} " " {format!("#{}", m.case_id)}</h1>
            <p>{m.worker_name.clone()} " · " {state_badge(lang, m.state)}</p>
            <section class="card" aria-labelledby="lenses-title">
                <h2 id="lenses-title">{lang.tr("Tóm tắt", "Summary")}</h2>
                <div class="lenses">
                    <div data-testid="lens-law">
                        <h3>{lang.tr("Theo pháp luật Việt Nam", "Under Vietnamese law")}</h3>
                        <p>{lang.tr("Đã nộp: ", "Paid: ")}<strong>{lang.vnd(m.paid_vnd)}</strong></p>
                        <p class:overdue=over_law data-testid="over-law">
                            {lang.tr("Vượt mức pháp luật cho phép: ", "Over what the law allows: ")}
                            <strong>{lang.vnd(m.over_law_vnd)}</strong>
                        </p>
                    </div>
                    <div data-testid="lens-ilo">
                        <h3>{lang.tr("Tất cả chi phí bạn đã bỏ ra", "Everything you bore")}</h3>
                        <p><strong>{lang.vnd(m.borne_vnd)}</strong></p>
                        <p class="hint">{lang.tr(
                            "Theo nguyên tắc “chủ sử dụng trả phí” của ILO, người lao động không phải trả bất kỳ chi phí tuyển dụng nào, kể cả khoản luật Việt Nam cho phép.",
                            "Under the ILO's employer-pays principle a worker should bear no recruitment cost at all, even one Vietnamese law allows.",
                        )}</p>
                    </div>
                </div>
                {cap_line}
            </section>
            <section class="card" aria-labelledby="flags-title">
                <h2 id="flags-title">{lang.tr("Dấu hiệu sai phạm", "Warnings")}</h2>
                {if has_flags {
                    view! { <ul class="flags" data-testid="payment-flags">{flags}</ul> }.into_any()
                } else {
                    view! { <p>{lang.tr("Không có khoản nào vượt quy định.", "Nothing is over what the law allows.")}</p> }.into_any()
                }}
            </section>
            <section class="card" aria-labelledby="lines-title">
                <h2 id="lines-title">{lang.tr("Đã nộp và mức cho phép", "Paid and allowed")}</h2>
                <div class="table-wrap">
                    <table data-testid="money-lines">
                        <thead><tr>
                            <th>{lang.tr("Khoản", "Item")}</th>
                            <th>{lang.tr("Đã nộp", "Paid")}</th>
                            <th>{lang.tr("Luật cho phép", "Law allows")}</th>
                        </tr></thead>
                        <tbody>{lines}</tbody>
                    </table>
                </div>
                {m.brokerage_cap_vnd.map(|c| view! {
                    <p class="hint">
                        {lang.tr("Người lao động không phải trả tiền môi giới. Doanh nghiệp tự chi cho bên trung gian tối đa ", "You owe no brokerage. The agency itself may pay an intermediary at most ")}
                        {lang.vnd(c)}
                        "."
                    </p>
                })}
            </section>
            <section class="card" aria-labelledby="deposit-title" data-testid="deposit">
                <h2 id="deposit-title">{lang.tr("Tiền ký quỹ của bạn", "Your deposit")}</h2>
                <dl class="facts">
                    <dt>{lang.tr("Tình trạng", "Status")}</dt>
                    <dd data-testid="deposit-status">{words::deposit_status(lang, m.deposit_status)}</dd>
                    <dt>{lang.tr("Đã nộp", "Paid")}</dt><dd>{lang.vnd(deposit.paid_vnd)}</dd>
                    <dt>{lang.tr("Đang giữ", "Held")}</dt><dd>{lang.vnd(deposit.held_vnd())}</dd>
                    <dt>{lang.tr("Đã hoàn trả", "Released")}</dt><dd>{lang.vnd(deposit.released_vnd)}</dd>
                    <dt>{lang.tr("Đã khấu trừ", "Offset")}</dt><dd>{lang.vnd(deposit.offset_vnd)}</dd>
                    {m.deposit_bank.clone().map(|(bank, account)| view! {
                        <dt>{lang.tr("Ngân hàng, tài khoản phong toả", "Bank, blocked account")}</dt>
                        <dd>{format!("{bank} · {account}")}</dd>
                    })}
                    <dt>{lang.tr("Mức tối đa của chương trình", "The programme's cap")}</dt>
                    <dd>{m.deposit_cap_vnd.map_or_else(
                        || lang.tr("không được nhận ký quỹ (chưa có quy định)", "no deposit may be taken (no rule)").to_owned(),
                        |c| lang.vnd(c),
                    )}</dd>
                </dl>
            </section>
            <section class="card" aria-labelledby="ledger-title">
                <h2 id="ledger-title">{lang.tr("Sổ các khoản đã nộp", "Ledger of payments")}</h2>
                {if m.entries.is_empty() {
                    view! { <p>{lang.tr("Chưa có khoản nào.", "Nothing recorded yet.")}</p> }.into_any()
                } else {
                    view! { <ul class="ledger" data-testid="ledger">{entries}</ul> }.into_any()
                }}
            </section>
            {m.recorder.map(|r| record_form(lang, &m, r, &o, &here))}
        </section>
    }
}

fn entry_view(
    lang: Lang,
    m: &MoneyView,
    e: &PaymentView,
    o: &FormOutcome,
    here: &str,
) -> impl IntoView {
    let receipt = match &e.receipt_no {
        Some(r) => format!("{} {r}", lang.tr("Biên lai", "Receipt")),
        None if e.reverses.is_none() => lang
            .tr("Tiền mặt, không có biên lai", "Cash, no receipt")
            .to_owned(),
        None => String::new(),
    };
    let status = match e.recorded_by {
        RecordedBy::Agency => words::recorded_by(lang, e.recorded_by).to_owned(),
        RecordedBy::Worker => format!(
            "{} · {}",
            words::recorded_by(lang, e.recorded_by),
            words::answer(lang, e.answer)
        ),
    };
    let struck = !e.stands();
    let mine = |action: &str| o.is_for(action) && o.value("payment_id") == e.id.to_string();
    let reverse_outcome = if mine("reverse_payment") {
        o.clone()
    } else {
        FormOutcome::default()
    };
    let answer_outcome = if mine("answer_statement") {
        o.clone()
    } else {
        FormOutcome::default()
    };
    let form_id = format!("p{}", e.id);
    let case_id = m.case_id.to_string();
    view! {
        <li class="card" class:struck=struck data-testid="payment-entry" data-kind=e.kind.as_str() data-recorded-by=e.recorded_by.as_str() data-id=e.id.to_string()>
            <p>
                <strong>{words::kind(lang, e.kind)}</strong>
                " · "
                <span data-testid="payment-amount">{lang.vnd(e.amount_vnd)}</span>
                {e.foreign.clone().map(|(a, c, r)| format!(" ({} {c} × {r})", lang.number(a.unsigned_abs())))}
            </p>
            <p>
                {lang.date(e.paid_on)} " · " {words::payee(lang, e.payee)}
                {(!receipt.is_empty()).then(|| format!(" · {receipt}"))}
                {e.receipt_photo.map(|id| view! { " · " <a href=format!("/files/{id}")>{lang.tr("Ảnh biên lai", "Receipt photo")}</a> })}
            </p>
            <p data-testid="payment-status">
                <small>{status}</small>
                {e.inspectors_only.then(|| view! { <small>{lang.tr(" · doanh nghiệp không xem được", " · hidden from the agency")}</small> })}
                {e.answer_reason.clone().map(|r| view! { <small>{format!(" · {r}")}</small> })}
            </p>
            {e.reverses.map(|id| view! {
                <p><small>{match lang {
                    Lang::Vi => format!("Bút toán huỷ khoản #{id}: {}", e.reason.clone().unwrap_or_default()),
                    Lang::En => format!("Reverses entry #{id}: {}", e.reason.clone().unwrap_or_default()),
                }}</small></p>
            })}
            {e.reversed_by.map(|id| view! {
                <p><small>{match lang {
                    Lang::Vi => format!("Đã huỷ bằng bút toán #{id}", ),
                    Lang::En => format!("Reversed by entry #{id}"),
                }}</small></p>
            })}
            {(!e.note.is_empty()).then(|| view! { <p><small>{e.note.clone()}</small></p> })}
            {e.may_answer.then(|| {
                let opened = !answer_outcome.action.is_empty();
                view! {
                    <details open=opened>
                        <summary>{lang.tr("Trả lời lời khai này", "Answer this statement")}</summary>
                        <form method="post" action=here.to_owned() class="stack" novalidate data-testid="answer-form">
                            <FormMessage outcome=answer_outcome.clone() />
                            <ActionField action="answer_statement" />
                            <input type="hidden" name="case_id" value=case_id.clone() />
                            <input type="hidden" name="payment_id" value=e.id.to_string() />
                            <TextAreaField label=lang.tr("Lý do (bắt buộc khi không thừa nhận)", "Reason (required to dispute)") name=pf::REASON value=answer_outcome.value(pf::REASON) error=field_error(&answer_outcome, lang, pf::REASON) form=format!("{form_id}-answer") />
                            <div class="actions">
                                <button type="submit" name=pf::ANSWER value=Answer::Confirmed.as_str()>{lang.tr("Xác nhận đã nhận", "Confirm it was received")}</button>
                                <button type="submit" name=pf::ANSWER value=Answer::Disputed.as_str() data-testid="dispute">{lang.tr("Không thừa nhận", "Dispute it")}</button>
                            </div>
                        </form>
                    </details>
                }
            })}
            {e.may_reverse.then(|| {
                let opened = !reverse_outcome.action.is_empty();
                view! {
                    <details open=opened>
                        <summary>{lang.tr("Ghi nhầm? Huỷ bằng bút toán ngược", "A mistake? Reverse it")}</summary>
                        <form method="post" action=here.to_owned() class="stack" novalidate data-testid="reverse-form">
                            <FormMessage outcome=reverse_outcome.clone() />
                            <ActionField action="reverse_payment" />
                            <input type="hidden" name="case_id" value=case_id.clone() />
                            <input type="hidden" name="payment_id" value=e.id.to_string() />
                            <TextAreaField label=lang.tr("Lý do", "Reason") name=pf::REASON value=reverse_outcome.value(pf::REASON) error=field_error(&reverse_outcome, lang, pf::REASON) form=format!("{form_id}-reverse") required=true />
                            <Submit label=lang.tr("Huỷ khoản này", "Reverse this entry") />
                        </form>
                    </details>
                }
            })}
        </li>
    }
}

fn record_form(
    lang: Lang,
    m: &MoneyView,
    r: RecordedBy,
    o: &FormOutcome,
    here: &str,
) -> impl IntoView {
    let o = if o.is_for("record_payment") {
        o.clone()
    } else {
        FormOutcome::default()
    };
    let kinds: Vec<(String, String)> = PaymentKind::ALL
        .into_iter()
        .filter(|k| r == RecordedBy::Agency || k.is_payment())
        .map(|k| (k.as_str().to_owned(), words::kind(lang, k).to_owned()))
        .collect();
    let payees: Vec<(String, String)> = Payee::ALL
        .into_iter()
        .map(|p| (p.as_str().to_owned(), words::payee(lang, p).to_owned()))
        .collect();
    let currencies: Vec<(String, String)> = std::iter::once(("VND".to_owned(), "VND".to_owned()))
        .chain(
            CURRENCIES
                .iter()
                .map(|c| ((*c).to_owned(), (*c).to_owned())),
        )
        .collect();
    let (heading, hint) = match r {
        RecordedBy::Agency => (
            lang.tr("Ghi một khoản người lao động đã nộp", "Record a payment the worker made"),
            lang.tr(
                "Mỗi khoản ghi vào sổ là vĩnh viễn; ghi nhầm thì huỷ bằng bút toán ngược có lý do.",
                "Every entry is permanent; a mistake is undone by a reversing entry with its reason.",
            ),
        ),
        RecordedBy::Worker => (
            lang.tr("Khai một khoản bạn đã nộp", "State a payment you made"),
            lang.tr(
                "Khai cả những khoản doanh nghiệp không ghi: tiền trả cho người môi giới, tiền mặt không có biên lai. Doanh nghiệp sẽ xác nhận hoặc không thừa nhận; thanh tra xem được mọi lời khai.",
                "State what the agency did not record too: money to a broker, cash without a receipt. The agency confirms or disputes it; inspectors see every statement.",
            ),
        ),
    };
    let no_receipt = !o.value(pf::NO_RECEIPT).is_empty();
    let hidden = !o.value(pf::INSPECTORS_ONLY).is_empty();
    let kind_value = o.value(pf::KIND);
    let payee_value = if o.value(pf::PAYEE).is_empty() {
        "agency".to_owned()
    } else {
        o.value(pf::PAYEE)
    };
    let currency_value = if o.value(pf::CURRENCY).is_empty() {
        "VND".to_owned()
    } else {
        o.value(pf::CURRENCY)
    };
    let may_hide = m.may_hide;
    let receipt_error = field_error(&o, lang, pf::RECEIPT);
    let receipt_bad = receipt_error.is_some();
    let hide_error = field_error(&o, lang, pf::INSPECTORS_ONLY);
    let hide_bad = hide_error.is_some();
    view! {
        <section class="card" aria-labelledby="record-title">
            <h2 id="record-title">{heading}</h2>
            <p class="hint">{hint}</p>
            <form method="post" action=here.to_owned() enctype="multipart/form-data" class="stack" novalidate data-testid="payment-form">
                <FormMessage outcome=o.clone() />
                <ActionField action="record_payment" />
                <input type="hidden" name="case_id" value=m.case_id.to_string() />
                <SelectField label=lang.tr("Khoản tiền", "What for") name=pf::KIND options=kinds value=kind_value empty="—" error=field_error(&o, lang, pf::KIND) form="pay" />
                <SelectField label=lang.tr("Nộp cho ai", "Paid to") name=pf::PAYEE options=payees value=payee_value error=field_error(&o, lang, pf::PAYEE) form="pay" />
                <Field label=lang.tr("Ngày nộp", "Paid on") name=pf::PAID_ON kind="date" value=o.value(pf::PAID_ON) error=field_error(&o, lang, pf::PAID_ON) form="pay" />
                <Field label=lang.tr("Số tiền (đồng)", "Amount (VND)") name=pf::AMOUNT_VND inputmode="numeric" value=o.value(pf::AMOUNT_VND) error=field_error(&o, lang, pf::AMOUNT_VND) required=false form="pay" hint=lang.tr("Nộp bằng ngoại tệ thì chọn loại tiền và nhập số ngoại tệ bên dưới.", "Paid in a foreign currency? Pick it and enter that amount below.") />
                <SelectField label=lang.tr("Loại tiền", "Currency") name=pf::CURRENCY options=currencies value=currency_value error=field_error(&o, lang, pf::CURRENCY) form="pay" />
                <Field label=lang.tr("Số ngoại tệ", "Foreign amount") name=pf::FOREIGN_AMOUNT inputmode="numeric" value=o.value(pf::FOREIGN_AMOUNT) error=field_error(&o, lang, pf::FOREIGN_AMOUNT) required=false form="pay" />
                <Field label=lang.tr("Số biên lai", "Receipt number") name=pf::RECEIPT_NO value=o.value(pf::RECEIPT_NO) error=field_error(&o, lang, pf::RECEIPT_NO) required=false form="pay" />
                <div class="field checkbox">
                    <input id="pay-no_receipt" type="checkbox" name=pf::NO_RECEIPT value="on" checked=no_receipt />
                    <label for="pay-no_receipt">{lang.tr("Tiền mặt, không có biên lai", "Cash, no receipt")}</label>
                </div>
                <div class="field" class:has-error=receipt_bad>
                    <label for="pay-receipt">{lang.tr("Ảnh biên lai (JPEG, PNG, PDF; không bắt buộc)", "Photo of the receipt (JPEG, PNG, PDF; optional)")}</label>
                    <input id="pay-receipt" type="file" name=pf::RECEIPT accept="image/jpeg,image/png,application/pdf" />
                    {receipt_error.map(|e| view! { <p class="error" role="alert">{e}</p> })}
                </div>
                <Field label=lang.tr("Ngân hàng (tiền ký quỹ)", "Bank (deposit)") name=pf::BANK value=o.value(pf::BANK) error=field_error(&o, lang, pf::BANK) required=false form="pay" />
                <Field label=lang.tr("Tài khoản phong toả đứng tên người lao động", "Blocked account in the worker's name") name=pf::ACCOUNT value=o.value(pf::ACCOUNT) error=field_error(&o, lang, pf::ACCOUNT) required=false form="pay" />
                <TextAreaField label=lang.tr("Ghi chú (vd. vay của ai để nộp)", "Note (e.g. who lent the money)") name=pf::NOTE value=o.value(pf::NOTE) error=field_error(&o, lang, pf::NOTE) form="pay" />
                {may_hide.then(|| view! {
                    <div class="field checkbox" class:has-error=hide_bad>
                        <input id="pay-inspectors_only" type="checkbox" name=pf::INSPECTORS_ONLY value="on" checked=hidden />
                        <label for="pay-inspectors_only">{lang.tr(
                            "Chỉ cho thanh tra xem, doanh nghiệp không thấy (trước khi xuất cảnh)",
                            "Show only to inspectors, not the agency (before departure)",
                        )}</label>
                        {hide_error.map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    </div>
                })}
                <Submit label=lang.tr("Ghi vào sổ", "Record it") />
            </form>
        </section>
    }
}
