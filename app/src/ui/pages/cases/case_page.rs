//! One case: where it stands, what comes next, deadlines, money, the timeline, and the step and
//! event forms this viewer may use.

use super::step_forms::{event_form_id, event_inputs, event_label, render_inputs, step_inputs};
use super::*;
use crate::domain::accounts::Role;
use crate::domain::lifecycle::{fee_over_cap, Reporter};
use crate::i18n::lifecycle::next_in_plain_words;

/// One line of the timeline: what happened, with the facts worth reading.
fn timeline_text(lang: Lang, e: &TimelineEntryView) -> (String, Option<String>) {
    if e.applied {
        return (state(lang, CaseState::Applied).to_owned(), None);
    }
    if let Some(s) = &e.step {
        let title = e
            .to_state
            .map(|st| state(lang, st).to_owned())
            .unwrap_or_else(|| step(lang, s.kind()).to_owned());
        let detail = match s {
            Step::Screen { exam_result, .. } => Some(exam_result.clone()),
            Step::Contract(c) => Some(match lang {
                Lang::Vi => format!(
                    "Hợp đồng {} · phí dịch vụ {}",
                    c.number,
                    lang.vnd(c.fees.service_vnd)
                ),
                Lang::En => format!(
                    "Contract {} · service fee {}",
                    c.number,
                    lang.vnd(c.fees.service_vnd)
                ),
            }),
            Step::GrantVisa { visa, .. } => {
                Some(format!("{} · {}", visa.visa_no, visa.passport_no))
            }
            Step::Depart(d) => Some(d.workplace.clone()),
            Step::EndContract { reason, .. } | Step::Reject { reason } => {
                Some(end_reason(lang, *reason).to_owned())
            }
            Step::Withdraw { note } | Step::Cancel { note } | Step::Liquidate { note, .. } => {
                Some(note.clone()).filter(|n| !n.is_empty())
            }
            _ => None,
        };
        return (title, detail);
    }
    if let Some(ev) = &e.event {
        let detail = match ev {
            Event::Certificate(c) => Some(format!(
                "{} · {} {}",
                c.number,
                c.periods,
                lang.tr("tiết", "periods")
            )),
            Event::MonthlyUpdate {
                month,
                note,
                earnings,
                reported_by,
                ..
            } => {
                let earned = earnings.as_ref().map(|e| {
                    format!(
                        " · {} {} {}",
                        lang.tr("thu nhập ròng", "net earnings"),
                        lang.number(e.amount.unsigned_abs()),
                        e.currency
                    )
                });
                let by = match reported_by {
                    Reporter::Worker => {
                        lang.tr(" · người lao động tự báo", " · reported by the worker")
                    }
                    Reporter::Agency => "",
                };
                Some(format!(
                    "{}{}{} {}",
                    month.format("%m/%Y"),
                    earned.unwrap_or_default(),
                    by,
                    note
                ))
            }
            Event::WorkplaceChange { workplace, .. } => Some(workplace.clone()),
            Event::Incident {
                kind, description, ..
            } => Some(format!("{}: {description}", incident(lang, *kind))),
            Event::Refunded { note, .. } => Some(note.clone()).filter(|n| !n.is_empty()),
        };
        return (event_label(lang, ev.kind()).to_owned(), detail);
    }
    (String::new(), None)
}

fn money_section(lang: Lang, c: &CaseView) -> impl IntoView {
    let contract = c.file.contract.clone();
    let cap = c.contract_fee_cap_vnd;
    let money_link = view! {
        <p>
            <a href=format!("/cases/{}/money", c.id) data-testid="money-link">
                {lang.tr(
                    "Xem sổ các khoản đã nộp, mức luật cho phép và tiền ký quỹ →",
                    "See every payment, what the law allows, and the deposit →",
                )}
            </a>
        </p>
    };
    let settlement_link = c.end_reason.is_some().then(|| {
        view! {
            <p>
                <a href=format!("/cases/{}/settlement", c.id) data-testid="settlement-link">
                    {lang.tr(
                        "Thanh lý hợp đồng: quyết toán từng khoản, biên bản in được →",
                        "Settlement: every line computed, the printable record →",
                    )}
                </a>
            </p>
        }
    });
    let support_link = matches!(
        c.viewer,
        Some(Role::Worker | Role::ProvincialOfficer | Role::NationalOfficer | Role::Inspector)
    )
    .then(|| {
        view! {
            <p>
                <a href=format!("/support/workers/{}", c.worker_id) data-testid="support-link">
                    {lang.tr(
                        "Hỗ trợ cho người lao động thuộc hộ nghèo, cận nghèo →",
                        "Support for workers from poor and near-poor households →",
                    )}
                </a>
            </p>
        }
    });
    view! {
        <section aria-labelledby="money-title" class="card">
            <h2 id="money-title">{lang.tr("Chi phí và tiền ký quỹ", "Costs and deposit")}</h2>
            {money_link}
            {settlement_link}
            {support_link}
            {match contract {
                None => view! {
                    <p>
                        {lang.tr(
                            "Chưa ký hợp đồng: không ai được thu tiền của bạn ở bước này.",
                            "No contract yet: nobody may take money from you at this stage.",
                        )}
                    </p>
                }
                .into_any(),
                Some(k) => {
                    let over = cap.is_some_and(|cap| fee_over_cap(k.fees.service_vnd, cap).is_some());
                    view! {
                        <dl class="facts" data-testid="fees">
                            <dt>{lang.tr("Phí dịch vụ", "Service fee")}</dt>
                            <dd class:overdue=over>
                                {lang.vnd(k.fees.service_vnd)}
                                {cap.map(|cap| format!(" ({} {})", lang.tr("trần", "cap"), lang.vnd(cap)))}
                            </dd>
                            <dt>{lang.tr("Đào tạo", "Training")}</dt>
                            <dd>{lang.vnd(k.fees.training_vnd)}</dd>
                            <dt>{lang.tr("Hộ chiếu, thị thực", "Passport, visa")}</dt>
                            <dd>{lang.vnd(k.fees.visa_vnd)}</dd>
                            <dt>{lang.tr("Vé máy bay", "Airfare")}</dt>
                            <dd>{lang.vnd(k.fees.airfare_vnd)}</dd>
                            <dt>{lang.tr("Khác", "Other")}</dt>
                            <dd>{lang.vnd(k.fees.other_vnd)}</dd>
                            <dt>{lang.tr("Tổng cộng", "Total")}</dt>
                            <dd><strong>{lang.vnd(k.fees.total())}</strong></dd>
                            <dt>{lang.tr("Tiền ký quỹ thoả thuận", "Agreed deposit")}</dt>
                            <dd>{lang.vnd(k.deposit_vnd)}</dd>
                            {c.file.deposit.clone().map(|d| view! {
                                <dt>{lang.tr("Đã nộp ký quỹ", "Deposit paid")}</dt>
                                <dd>{format!("{} · {} · {} · {}", lang.vnd(d.amount_vnd), d.bank, d.account, lang.date(d.paid_on))}</dd>
                            })}
                            {c.fund_worker_vnd.map(|f| view! {
                                <dt>{lang.tr("Đóng Quỹ hỗ trợ việc làm ngoài nước", "Overseas Employment Support Fund")}</dt>
                                <dd>{lang.vnd(f)}</dd>
                            })}
                        </dl>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let lang = use_lang();
    let id = id_from_path();
    view! {
        {fetched(move || id.get(), |id| by_id(id, case_page), move |c, o| { case_view(lang, c, o) })}
    }
}

fn case_view(lang: Lang, c: CaseView, o: FormOutcome) -> impl IntoView {
    let here = format!("/cases/{}", c.id);
    let today = c.today;
    let next = c.next_step;
    // The words name who acts and what they do.
    let next_text = next_in_plain_words(lang, c.state);
    let deadlines = c
        .deadlines
        .iter()
        .map(|d| {
            let left = d.days_left(today);
            let late = left < 0;
            let when = match (lang, late) {
                (Lang::Vi, false) => format!("còn {left} ngày"),
                (Lang::Vi, true) => format!("quá hạn {} ngày", -left),
                (Lang::En, false) => format!("{left} days left"),
                (Lang::En, true) => format!("{} days overdue", -left),
            };
            view! {
                <li class:overdue=late data-testid="deadline" data-kind=format!("{:?}", d.kind)>
                    <strong>{deadline(lang, d.kind)}</strong>
                    ": "
                    {lang.date(d.due_on)}
                    " · "
                    {when}
                    " · "
                    {next_actor(lang, d.by)}
                </li>
            }
        })
        .collect_view();
    let timeline = c
        .timeline
        .iter()
        .map(|e| {
            let (title, detail) = timeline_text(lang, e);
            view! {
                <li data-testid="timeline-entry">
                    <time datetime=e.on.to_string()>{lang.date(e.on)}</time>
                    " "
                    <strong>{title}</strong>
                    {detail.map(|d| view! { <span class="detail">{format!(" · {d}")}</span> })}
                    {e.by.map(|r| view! { <small>{format!(" ({})", role_label(lang, r))}</small> })}
                </li>
            }
        })
        .collect_view();
    let cert = c.file.certificate.clone().map(|cert| {
        let until = c.certificate_valid_until;
        let expired = until.is_some_and(|u| u < today);
        view! {
            <p data-testid="certificate" class:overdue=expired>
                {lang.tr("Chứng chỉ bồi dưỡng kiến thức: ", "Orientation certificate: ")}
                {format!("{} · {}", cert.number, lang.date(cert.issued_on))}
                {until.map(|u| match lang {
                    Lang::Vi => format!(" · hiệu lực đến {}", lang.date(u)),
                    Lang::En => format!(" · valid until {}", lang.date(u)),
                })}
            </p>
        }
    });
    let step_forms = c
        .offered
        .iter()
        .map(|k| {
            let k = *k;
            let form_id = k.as_str();
            let mine = o.is_for("case_step") && o.value("step") == form_id;
            let fo = if mine { o.clone() } else { FormOutcome::default() };
            let primary = Some(k) == next;
            view! {
                <details class="step-form" open=mine || primary data-step=form_id>
                    <summary>{step(lang, k)}</summary>
                    <form method="post" action=here.clone() class="stack" novalidate data-testid=format!("step-{form_id}")>
                        <FormMessage outcome=fo.clone() />
                        <ActionField action="case_step" />
                        <input type="hidden" name="case_id" value=c.id.to_string() />
                        <input type="hidden" name="version" value=c.version.to_string() />
                        <input type="hidden" name="step" value=form_id />
                        {render_inputs(lang, form_id, step_inputs(lang, k), &fo)}
                        <Submit label=step(lang, k) />
                    </form>
                </details>
            }
        })
        .collect_view();
    let event_forms = c
        .events
        .iter()
        .map(|kind| {
            let form_id = event_form_id(kind);
            let mine = o.is_for("case_event") && o.value("event") == *kind;
            let fo = if mine { o.clone() } else { FormOutcome::default() };
            view! {
                <details class="step-form" open=mine data-event=kind.clone()>
                    <summary>{event_label(lang, kind)}</summary>
                    <form method="post" action=here.clone() class="stack" novalidate data-testid=format!("event-{kind}")>
                        <FormMessage outcome=fo.clone() />
                        <ActionField action="case_event" />
                        <input type="hidden" name="case_id" value=c.id.to_string() />
                        <input type="hidden" name="version" value=c.version.to_string() />
                        <input type="hidden" name="event" value=kind.clone() />
                        {render_inputs(lang, form_id, event_inputs(lang, kind, &c.order.wage_currency), &fo)}
                        <Submit label=event_label(lang, kind) />
                    </form>
                </details>
            }
        })
        .collect_view();
    let has_actions = !c.offered.is_empty() || !c.events.is_empty();
    let list = c.list.map(|(id, s)| view! {
        <p>{lang.tr("Danh sách xuất cảnh", "Departure list")} {format!(" #{id}: ")} {list_status(lang, s)}</p>
    });
    view! {
        <Title text=format!("#{} · {}", c.id, c.worker_name) />
        <section data-testid="case-page" class="case-page">
            <h1>{format!("{} #{}", lang.tr("Hồ sơ", "Case"), c.id)} " " {state_badge(lang, c.state)}</h1>
            <p>{c.worker_name.clone()} " · " {c.citizen_id.clone()}</p>
            <section class="card now" aria-labelledby="now-title">
                <h2 id="now-title">{lang.tr("Bây giờ", "Now")}</h2>
                <p data-testid="next-step"><strong>{lang.tr("Bước tiếp theo: ", "Next: ")}</strong>{next_text}</p>
                <ul class="deadlines">{deadlines}</ul>
                {cert}
                {list}
                {c.end_reason.map(|r| view! { <p>{lang.tr("Lý do kết thúc: ", "End reason: ")}{end_reason(lang, r)}</p> })}
            </section>
            {has_actions.then(|| view! {
                <section class="card" aria-labelledby="act-title">
                    <h2 id="act-title">{lang.tr("Cập nhật hồ sơ", "Update the case")}</h2>
                    {step_forms}
                    {event_forms}
                </section>
            })}
            <section class="card" aria-labelledby="timeline-title">
                <h2 id="timeline-title">{lang.tr("Các bước đã qua", "Steps so far")}</h2>
                <ol class="timeline" data-testid="timeline">{timeline}</ol>
            </section>
            {money_section(lang, &c)}
            <section class="card" aria-labelledby="order-title">
                <h2 id="order-title">{lang.tr("Đơn hàng và doanh nghiệp", "Job order and agency")}</h2>
                {order_terms(lang, &c.order)}
            </section>
            <section class="card" aria-labelledby="worker-title">
                <h2 id="worker-title">{lang.tr("Người lao động", "Worker")}</h2>
                <dl class="facts">
                    <dt>{lang.tr("Họ tên", "Name")}</dt><dd>{c.worker_name.clone()}</dd>
                    <dt>{lang.tr("Ngày sinh", "Born")}</dt><dd>{lang.date(c.birth_date)}</dd>
                    <dt>{lang.tr("Điện thoại", "Phone")}</dt><dd>{c.phone.clone()}</dd>
                    <dt>{lang.tr("Tỉnh/thành", "Province")}</dt><dd>{c.province.clone()}</dd>
                    <dt>{lang.tr("Ngày nộp hồ sơ", "Applied on")}</dt><dd>{lang.date(c.applied_on)}</dd>
                </dl>
                {claim_code_section(lang, &c, &o, &here)}
            </section>
        </section>
    }
}

/// For the case's agency, while the worker has no account: print a claim code for the worker to
/// link their account to this record. The code is shown once, on the answer to the form.
fn claim_code_section(lang: Lang, c: &CaseView, o: &FormOutcome, here: &str) -> impl IntoView {
    let issued = o
        .claim_code
        .clone()
        .filter(|_| o.is_for("issue_claim_code"));
    let fo = if o.is_for("issue_claim_code") {
        o.clone()
    } else {
        FormOutcome::default()
    };
    let worker = c.worker_name.clone();
    let citizen_id = c.citizen_id.clone();
    c.may_issue_claim_code.then(|| view! {
        <div class="claim-code" data-testid="claim-code-section">
            <h3>{lang.tr("Mã nhận hồ sơ cho người lao động", "Claim code for the worker")}</h3>
            {match issued {
                Some((code, until)) => view! {
                    <div class="printable" data-testid="claim-code">
                        <p>{lang.tr("Mã nhận hồ sơ Hành Trang của", "Hành Trang claim code of")} " " <strong>{worker}</strong> " · " {citizen_id}</p>
                        <p class="code">{code}</p>
                        <p>
                            {lang.tr("Dùng được một lần, đến hết ngày ", "Works once, until ")}{until}
                            {lang.tr(
                                ". Đăng ký tài khoản tại Hành Trang, xác nhận email, rồi nhập mã này ở trang Tài khoản của tôi. Không đưa mã này cho ai khác.",
                                ". Sign up at Hành Trang, confirm your email, then enter this code on the My account page. Give this code to no one else.",
                            )}
                        </p>
                        <p class="hint no-print">{lang.tr("Mã chỉ hiện một lần: hãy in trang này và trao tận tay người lao động. In mã mới sẽ huỷ mã cũ.", "The code is shown only once: print this page and hand it to the worker in person. Printing a new code voids the old one.")}</p>
                    </div>
                }
                    .into_any(),
                None => view! {
                    <p>{lang.tr(
                        "Người lao động chưa có tài khoản gắn với hồ sơ này. In mã nhận hồ sơ và trao tận tay để họ tự theo dõi hồ sơ trên điện thoại.",
                        "The worker has no account linked to this record. Print a claim code and hand it over in person, so they can follow their case on their phone.",
                    )}</p>
                }
                    .into_any(),
            }}
            <form method="post" action=here.to_owned() class="stack no-print">
                <FormMessage outcome=fo />
                <ActionField action="issue_claim_code" />
                <input type="hidden" name="case_id" value=c.id.to_string() />
                <Submit label=lang.tr("In mã nhận hồ sơ mới", "Print a new claim code") />
            </form>
        </div>
    })
}
