//! The agencies ranked by risk, `/risk`: a GET form of filters (a view is its URL), the agencies
//! riskiest first with the factors that make their score; and `/risk/:id`, one agency's every
//! factor with its counts, average and share, the records behind each count, and the form to
//! plan an inspection with the ranking as its basis.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::risk::{risk_agency, risk_ranking};
use crate::domain::complaints::ComplaintKind;
use crate::domain::inspections::TaskStatus;
use crate::domain::lifecycle::EndReason;
use crate::domain::risk::{Factor, FactorScore, Measure, Method, Score};
use crate::i18n::risk::{counted, factor, fixed2, out_of, per_100, percent};
use crate::i18n::Lang;
use crate::ui::components::form::{SelectField, Submit};
use crate::ui::components::page::{fetched, id_from_path};
use crate::ui::pages::inspections::plan_form;
use crate::ui::use_lang;
use crate::views::risk::{
    FactorRecords, RecordKind, RiskAgencyView, RiskQuery, RiskRecord, RiskRow, RiskView,
};

fn query() -> Memo<RiskQuery> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|p| RiskQuery {
            province: p.get("province").unwrap_or_default(),
            market: p.get("market").unwrap_or_default(),
            sort: p.get("sort").unwrap_or_default(),
        })
    })
}

/// The filters as a query string, for links that keep them (codes are letters and digits).
fn keep(province: &Option<String>, market: &Option<String>) -> String {
    let parts: Vec<String> = [("province", province), ("market", market)]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}")))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// A factor's count, with what it is out of: "12 / 300 lượt xuất cảnh", or "3".
fn tally_text(lang: Lang, s: &FactorScore) -> String {
    match (s.factor.measure(), out_of(lang, s.factor)) {
        (Measure::Rate { .. }, Some(of)) => format!(
            "{} / {} {of}",
            lang.number(s.tally.count),
            lang.number(s.tally.out_of)
        ),
        _ => lang.number(s.tally.count),
    }
}

/// The factors that make most of a score, biggest first (those with any points).
fn top(score: &Score, n: usize) -> Vec<&FactorScore> {
    let mut f: Vec<&FactorScore> = score.factors.iter().filter(|f| f.points > 0.0).collect();
    f.sort_by(|a, b| b.points.total_cmp(&a.points));
    f.truncate(n);
    f
}

/// "Khiếu nại, tố cáo 45% (12 / 300 lượt xuất cảnh)".
fn why(lang: Lang, score: &Score, n: usize) -> String {
    top(score, n)
        .iter()
        .map(|f| {
            format!(
                "{} {} ({})",
                factor(lang, f.factor),
                percent(f.share),
                tally_text(lang, f)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[component]
pub fn RiskPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Doanh nghiệp xếp theo rủi ro", "Agencies ranked by risk");
    let q = query();
    view! {
        <Title text=title />
        <section data-testid="risk-ranking">
            <h1>{title}</h1>
            <p class="lead">{lang.tr(
                "Doanh nghiệp nên kiểm tra trước, và vì sao: mỗi điểm số tính trực tiếp từ hồ sơ, khiếu nại, sổ thu chi và các cuộc kiểm tra. Điểm 1,00 là mức trung bình; 2,00 là gấp đôi mức trung bình.",
                "Which agency to inspect first, and why: every score is computed live from the cases, complaints, payment ledger and inspections. A score of 1.00 is the average; 2.00 is twice the average.",
            )}</p>
            {fetched(move || q.get(), risk_ranking, move |v, _| ranking(lang, v))}
        </section>
    }
}

fn ranking(lang: Lang, v: RiskView) -> impl IntoView {
    let all = lang.tr("Tất cả", "All");
    let markets: Vec<(String, String)> = v
        .markets
        .iter()
        .map(|m| {
            (
                m.code.clone(),
                match lang {
                    Lang::Vi => m.name_vi.clone(),
                    Lang::En => m.name_en.clone(),
                },
            )
        })
        .collect();
    let sorts: Vec<(String, String)> = Factor::ALL
        .iter()
        .map(|f| (f.code().to_owned(), factor(lang, *f).to_owned()))
        .collect();
    let link = keep(&v.province, &v.market);
    let rows = v
        .rows
        .iter()
        .map(|r| row(lang, r, &link, v.sort))
        .collect_view();
    let empty = v.rows.is_empty().then(|| {
        view! { <p data-testid="no-agencies">{lang.tr("Không có doanh nghiệp nào theo bộ lọc.", "No agency within the filters.")}</p> }
    });
    view! {
        <form method="get" action="/risk" class="filters" data-testid="risk-filters">
            <SelectField label=lang.tr("Tỉnh, thành phố (trụ sở doanh nghiệp)", "Province (agency's head office)") name="province" options=v.provinces.clone() value=v.province.clone().unwrap_or_default() empty=all />
            <SelectField label=lang.tr("Thị trường", "Market") name="market" options=markets value=v.market.clone().unwrap_or_default() empty=all />
            <SelectField label=lang.tr("Xếp theo", "Sort by") name="sort" options=sorts value=v.sort.map(|f| f.code().to_owned()).unwrap_or_default() empty=lang.tr("Điểm rủi ro", "Risk score") />
            <Submit label=lang.tr("Xem", "Show") />
        </form>
        <p data-testid="risk-window">{match lang {
            Lang::Vi => format!("Tính từ {} đến {}.", lang.date(v.from), lang.date(v.today)),
            Lang::En => format!("Counted from {} to {}.", lang.date(v.from), lang.date(v.today)),
        }}
        {v.market.as_ref().map(|_| lang.tr(
            " Thị trường đã chọn chỉ áp dụng cho các yếu tố tính theo hồ sơ; khiếu nại, khắc phục và xử phạt là của cả doanh nghiệp.",
            " The market chosen narrows the case-based factors; complaints, remediation and sanctions are the whole agency's.",
        ))}</p>
        {empty}
        <div class="table-wrap">
            <table data-testid="risk-table">
                <caption>{lang.tr("Rủi ro cao nhất trước", "Riskiest first")}</caption>
                <thead><tr>
                    <th scope="col">"#"</th>
                    <th scope="col">{lang.tr("Doanh nghiệp", "Agency")}</th>
                    <th scope="col">{lang.tr("Điểm", "Score")}</th>
                    <th scope="col">{lang.tr("Vì sao (phần của điểm; số đếm)", "Why (share of the score; counts)")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {method(lang, &v.method)}
    }
}

fn row(lang: Lang, r: &RiskRow, link: &str, sort: Option<Factor>) -> impl IntoView {
    let sorted = sort.and_then(|f| r.score.factor(f)).map(|f| {
        view! {
            <br /><span class="hint">{format!(
                "{}: {} × {}",
                factor(lang, f.factor),
                fixed2(lang, f.index),
                lang.tr("mức trung bình", "the average"),
            )}</span>
        }
    });
    view! {
        <tr data-testid="risk-row" data-agency=r.agency_id.to_string()>
            <td>{r.rank.to_string()}</td>
            <th scope="row">
                <a href=format!("/risk/{}{link}", r.agency_id) data-testid="risk-agency">{r.name.clone()}</a>
                <br /><span class="hint">{r.licence_number.clone()}</span>
            </th>
            <td data-testid="risk-score"><strong>{fixed2(lang, r.score.score)}</strong></td>
            <td data-testid="risk-why">{why(lang, &r.score, 3)}{sorted}</td>
        </tr>
    }
}

fn method(lang: Lang, m: &Method) -> impl IntoView {
    let weights = m
        .weights
        .iter()
        .map(|(f, p)| {
            view! {
                <tr>
                    <th scope="row">{factor(lang, *f)}</th>
                    <td>{p.value.to_string()}</td>
                    <td>{counted(lang, *f)}</td>
                </tr>
            }
        })
        .collect_view();
    let source = m.prior.source.clone();
    view! {
        <section aria-labelledby="method-title" data-testid="risk-method">
            <h2 id="method-title">{lang.tr("Cách tính", "Method")}</h2>
            <p>{match lang {
                Lang::Vi => format!(
                    "Phương pháp có hiệu lực từ {} ({source}). Mỗi tỷ lệ được kéo về mức trung bình như thể doanh nghiệp có thêm {} hồ sơ ở mức trung bình, để doanh nghiệp nhỏ không bị xếp hạng theo vài hồ sơ. Mỗi yếu tố được tính bằng số lần so với mức trung bình, tối đa {} lần, nhân trọng số; điểm là trung bình có trọng số. Kỳ tính: {} tháng gần nhất. Các con số này là quy định tham chiếu, có lịch sử phiên bản.",
                    lang.date(m.version()), m.prior.value, m.cap.value, m.window_months.value
                ),
                Lang::En => format!(
                    "Method in force since {} ({source}). Each rate is drawn toward the average as if the agency had {} more cases at the average, so a small agency is not ranked on a handful of cases. Each factor counts as its times the average, at most {}, times its weight; the score is the weighted mean. Period: the last {} months. These numbers are reference rules, with their history of versions.",
                    lang.date(m.version()), m.prior.value, m.cap.value, m.window_months.value
                ),
            }}</p>
            <p class="hint">{lang.tr(
                "Báo cáo năm nộp chậm sẽ là một yếu tố khi có chức năng báo cáo định kỳ.",
                "Late annual reports join as a factor when the statutory reports exist.",
            )}</p>
            <div class="table-wrap">
                <table>
                    <caption>{lang.tr("Các yếu tố và trọng số", "Factors and weights")}</caption>
                    <thead><tr>
                        <th scope="col">{lang.tr("Yếu tố", "Factor")}</th>
                        <th scope="col">{lang.tr("Trọng số", "Weight")}</th>
                        <th scope="col">{lang.tr("Cách đếm", "What is counted")}</th>
                    </tr></thead>
                    <tbody>{weights}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
pub fn RiskAgencyPage() -> impl IntoView {
    let lang = use_lang();
    let id = id_from_path();
    let q = query();
    view! {
        <Title text=lang.tr("Rủi ro của doanh nghiệp", "An agency's risk") />
        <section data-testid="risk-agency-page">
            {fetched(
                move || (id.get(), q.get()),
                |(id, q)| async move {
                    match id {
                        Some(id) => risk_agency(id, q).await,
                        None => Err(crate::api::AppError::NotFound),
                    }
                },
                move |v, o| agency_page(lang, v, o),
            )}
        </section>
    }
}

fn rate(lang: Lang, s: &FactorScore, x: Option<f64>) -> String {
    match (s.factor.measure(), x) {
        (Measure::Rate { .. }, Some(x)) => per_100(lang, x),
        (Measure::Count, Some(x)) => fixed2(lang, x),
        (_, None) => "—".to_owned(),
    }
}

/// The basis the plan form starts with: the ranking on its day and its main factors.
fn basis(lang: Lang, v: &RiskAgencyView) -> String {
    match lang {
        Lang::Vi => format!(
            "Xếp hạng rủi ro ngày {} (phương pháp từ {}): hạng {}/{}, điểm {}. Yếu tố chính: {}.",
            lang.date(v.today),
            lang.date(v.method.version()),
            v.row.rank,
            v.ranked,
            fixed2(lang, v.row.score.score),
            why(lang, &v.row.score, 3)
        ),
        Lang::En => format!(
            "Risk ranking of {} (method of {}): rank {}/{}, score {}. Main factors: {}.",
            lang.date(v.today),
            lang.date(v.method.version()),
            v.row.rank,
            v.ranked,
            fixed2(lang, v.row.score.score),
            why(lang, &v.row.score, 3)
        ),
    }
}

fn agency_page(lang: Lang, v: RiskAgencyView, o: crate::views::forms::FormOutcome) -> AnyView {
    let name = v.row.name.clone();
    let factors = v
        .row
        .score
        .factors
        .iter()
        .map(|s| {
            view! {
                <tr data-testid="factor-row" data-factor=s.factor.code()>
                    <th scope="row"><a href=format!("#f-{}", s.factor.code())>{factor(lang, s.factor)}</a></th>
                    <td data-testid="factor-count">{tally_text(lang, s)}</td>
                    <td>{rate(lang, s, s.own)}</td>
                    <td>{rate(lang, s, Some(s.adjusted))}</td>
                    <td>{rate(lang, s, Some(s.average))}</td>
                    <td>{fixed2(lang, s.index)}</td>
                    <td data-testid="factor-share">{percent(s.share)}</td>
                </tr>
            }
        })
        .collect_view();
    let records = v
        .records
        .iter()
        .filter(|r| r.count > 0)
        .map(|r| records(lang, r, v.may_open_inspections))
        .collect_view();
    let plan = v.may_plan.then(|| {
        plan_form(
            lang,
            vec![(v.row.agency_id.to_string(), v.row.name.clone())],
            &o,
            &v.row.agency_id.to_string(),
            &basis(lang, &v),
        )
    });
    view! {
        <p><a href="/risk">{lang.tr("← Bảng xếp hạng", "← The ranking")}</a></p>
        <h1>{name}</h1>
        <p class="lead" data-testid="risk-summary">{match lang {
            Lang::Vi => format!(
                "Hạng {} trên {} doanh nghiệp, điểm {} (1,00 là mức trung bình). Tính từ {} đến {}.",
                v.row.rank, v.ranked, fixed2(lang, v.row.score.score), lang.date(v.from), lang.date(v.today)
            ),
            Lang::En => format!(
                "Rank {} of {} agencies, score {} (1.00 is the average). Counted from {} to {}.",
                v.row.rank, v.ranked, fixed2(lang, v.row.score.score), lang.date(v.from), lang.date(v.today)
            ),
        }}</p>
        <div class="table-wrap">
            <table data-testid="factor-table">
                <caption>{lang.tr("Từng yếu tố (tỷ lệ tính trên 100)", "Each factor (rates per 100)")}</caption>
                <thead><tr>
                    <th scope="col">{lang.tr("Yếu tố", "Factor")}</th>
                    <th scope="col">{lang.tr("Số đếm", "Count")}</th>
                    <th scope="col">{lang.tr("Tỷ lệ riêng", "Own rate")}</th>
                    <th scope="col">{lang.tr("Sau khi kéo về trung bình", "Drawn toward the average")}</th>
                    <th scope="col">{lang.tr("Trung bình", "Average")}</th>
                    <th scope="col">{lang.tr("Số lần trung bình", "Times the average")}</th>
                    <th scope="col">{lang.tr("Phần của điểm", "Share of the score")}</th>
                </tr></thead>
                <tbody>{factors}</tbody>
            </table>
        </div>
        <h2>{lang.tr("Hồ sơ đứng sau mỗi số đếm", "The records behind each count")}</h2>
        {records}
        {plan}
    }
    .into_any()
}

fn records(lang: Lang, r: &FactorRecords, inspections: bool) -> impl IntoView {
    let items = r
        .records
        .iter()
        .map(|x| {
            let linked = inspections || !matches!(x.kind, RecordKind::Task | RecordKind::Sanction);
            let name = record_name(lang, x);
            view! {
                <li data-testid="risk-record">
                    {if linked { view! { <a href=x.href()>{name}</a> }.into_any() } else { view! { <span>{name}</span> }.into_any() }}
                    {x.on.map(|d| format!(" · {}", lang.date(d)))}
                    {detail(lang, r.factor, x).map(|d| format!(" · {d}"))}
                </li>
            }
        })
        .collect_view();
    let more = (r.count > r.records.len() as u64).then(|| match lang {
        Lang::Vi => format!("… và {} hồ sơ khác.", r.count - r.records.len() as u64),
        Lang::En => format!("… and {} more.", r.count - r.records.len() as u64),
    });
    view! {
        <section class="card" id=format!("f-{}", r.factor.code()) data-testid="factor-records" data-factor=r.factor.code()>
            <h3>{format!("{} ({})", factor(lang, r.factor), lang.number(r.count))}</h3>
            <ul class="rows">{items}</ul>
            {more.map(|m| view! { <p class="hint">{m}</p> })}
        </section>
    }
}

fn record_name(lang: Lang, r: &RiskRecord) -> String {
    let word = match r.kind {
        RecordKind::Case => lang.tr("Hồ sơ", "Case"),
        RecordKind::Complaint => lang.tr("Đơn", "Filing"),
        RecordKind::Task => lang.tr("Yêu cầu khắc phục", "Remediation task"),
        RecordKind::Sanction => lang.tr("Quyết định xử phạt", "Sanction decision"),
    };
    match r.kind {
        RecordKind::Sanction => format!("{word} {}", r.detail),
        _ => format!("{word} #{}", r.id),
    }
}

fn detail(lang: Lang, f: Factor, r: &RiskRecord) -> Option<String> {
    match f {
        Factor::Complaints => ComplaintKind::parse(&r.detail)
            .map(|k| crate::i18n::complaints::kind(lang, k).to_owned()),
        Factor::FeeBreaches => Some(breach(lang, &r.detail).to_owned()),
        Factor::DepositsHeld => r.detail.parse::<i64>().ok().map(|held| match lang {
            Lang::Vi => format!("còn giữ {}", lang.vnd(held)),
            Lang::En => format!("{} still held", lang.vnd(held)),
        }),
        Factor::EarlyReturns | Factor::Absconding | Factor::Overstay => EndReason::parse(&r.detail)
            .map(|e| crate::i18n::lifecycle::end_reason(lang, e).to_owned()),
        Factor::LateUpdates | Factor::LateLiquidations => {
            Some(lang.tr("quá hạn", "past its deadline").to_owned())
        }
        Factor::OverdueRemediation => TaskStatus::parse(&r.detail)
            .map(|s| crate::i18n::inspections::task_status(lang, s).to_owned()),
        Factor::Sanctions => None,
    }
}

fn breach(lang: Lang, code: &str) -> &'static str {
    match code {
        "service_fee_over_cap" => lang.tr("phí dịch vụ vượt mức trần", "service fee over the cap"),
        "recruitment_money_charged" => lang.tr("thu tiền môi giới", "recruitment money charged"),
        "over_contract" => lang.tr("thu vượt hợp đồng", "more than the contract lists"),
        "fund_over_rule" => lang.tr("thu Quỹ vượt mức", "Fund contribution over the rule"),
        "deposit_over_cap" => lang.tr("ký quỹ vượt mức trần", "deposit over the cap"),
        _ => lang.tr("vi phạm về thu tiền", "a money breach"),
    }
}
