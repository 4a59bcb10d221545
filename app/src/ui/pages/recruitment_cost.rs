//! The recruitment cost indicator (SDG 10.7.1), `/statistics/recruitment-cost`: a GET form of
//! filters (a view is its URL) and the median and mean of cost ÷ first-month earnings by
//! market, corridor, sex and province, each with the number of workers behind it, and the
//! workers left out by reason.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::recruitment_cost::recruitment_cost;
use crate::domain::recruitment_cost::{Exclusion, Lens, Row, Summary};
use crate::i18n::Lang;
use crate::ui::components::form::{SelectField, Submit};
use crate::ui::components::page::fetched;
use crate::ui::use_lang;
use crate::views::recruitment_cost::{RecruitmentCostQuery, RecruitmentCostView};

/// Ten-thousandths as a number of months' earnings with two decimals (1,85 / 1.85).
fn months(lang: Lang, bp: i64) -> String {
    let hundredths = (bp.max(0) + 50) / 100;
    let sep = match lang {
        Lang::Vi => ',',
        Lang::En => '.',
    };
    format!(
        "{}{sep}{:02}",
        lang.number((hundredths / 100).unsigned_abs()),
        hundredths % 100
    )
}

fn pick(lang: Lang, vi: &str, en: &str) -> String {
    match lang {
        Lang::Vi => vi.to_owned(),
        Lang::En => en.to_owned(),
    }
}

fn lens_label(lang: Lang, l: Lens) -> &'static str {
    match l {
        Lens::Borne => lang.tr(
            "Mọi chi phí người lao động đã chịu (theo ILO)",
            "Everything the worker bore (ILO)",
        ),
        Lens::OverLaw => lang.tr(
            "Chỉ phần vượt mức pháp luật Việt Nam cho phép",
            "Only what exceeds what Vietnamese law allows",
        ),
    }
}

fn exclusion_label(lang: Lang, e: Exclusion) -> &'static str {
    match e {
        Exclusion::FirstMonthNotOver => lang.tr(
            "Tháng làm việc đầu tiên chưa kết thúc",
            "First month of work not over yet",
        ),
        Exclusion::NoEarnings => lang.tr(
            "Chưa có báo cáo thu nhập của tháng làm việc đầu tiên",
            "No earnings reported for the first month of work",
        ),
        Exclusion::NoRate => lang.tr(
            "Chưa có tỷ giá của đồng tiền trong tháng đó",
            "No exchange rate for the currency in that month",
        ),
        Exclusion::NoCap => lang.tr(
            "Thiếu mức trần trong quy định nên không tính được phần vượt",
            "A cap is missing from the rules, so the excess is unknown",
        ),
    }
}

fn sex_label(lang: Lang, s: &str) -> &'static str {
    match s {
        "female" => lang.tr("Nữ", "Women"),
        "male" => lang.tr("Nam", "Men"),
        _ => "—",
    }
}

#[component]
pub fn RecruitmentCostPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr(
        "Chi phí tuyển dụng người lao động phải chịu",
        "Recruitment cost borne by workers",
    );
    let query = use_query_map();
    let q = Memo::new(move |_| {
        query.with(|p| RecruitmentCostQuery {
            year: p.get("year").unwrap_or_default(),
            market: p.get("market").unwrap_or_default(),
            lens: p.get("lens").unwrap_or_default(),
        })
    });
    view! {
        <Title text=title />
        <section data-testid="recruitment-cost">
            <h1>{title}</h1>
            <p class="lead">
                {lang.tr(
                    "Chỉ tiêu SDG 10.7.1: số tiền người lao động đã bỏ ra để có việc làm ở nước ngoài, chia cho thu nhập ròng của tháng làm việc đầu tiên. Con số 2,00 nghĩa là chi phí bằng hai tháng thu nhập.",
                    "SDG indicator 10.7.1: what a worker paid to get the job abroad, divided by their net earnings in the first month of that job. A figure of 2.00 means the cost equalled two months' earnings.",
                )}
            </p>
            {fetched(move || q.get(), recruitment_cost, move |v, _| page(lang, v))}
        </section>
    }
}

fn summary_cells(lang: Lang, s: &Summary) -> impl IntoView {
    view! {
        <td data-testid="workers">{lang.number(u64::from(s.workers))}</td>
        <td data-testid="median">{months(lang, s.median_bp)}</td>
        <td data-testid="mean">{months(lang, s.mean_bp)}</td>
        <td>{lang.vnd(s.median_cost_vnd)}</td>
        <td>{lang.vnd(s.median_earnings_vnd)}</td>
    }
}

fn table<K: Clone + 'static>(
    lang: Lang,
    testid: &'static str,
    caption: &'static str,
    heading: &'static str,
    rows: &[Row<K>],
    label: impl Fn(&K) -> (String, String),
) -> impl IntoView {
    let body = rows
        .iter()
        .map(|r| {
            let (id, text) = label(&r.key);
            view! {
                <tr data-testid=format!("{testid}-row") data-key=id>
                    <th scope="row">{text}</th>
                    {summary_cells(lang, &r.summary)}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table data-testid=testid>
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{heading}</th>
                    <th scope="col">{lang.tr("Số người", "Workers")}</th>
                    <th scope="col">{lang.tr("Trung vị", "Median")}</th>
                    <th scope="col">{lang.tr("Trung bình", "Mean")}</th>
                    <th scope="col">{lang.tr("Chi phí (trung vị)", "Cost (median)")}</th>
                    <th scope="col">{lang.tr("Thu nhập tháng đầu (trung vị)", "First month's earnings (median)")}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

fn page(lang: Lang, v: RecruitmentCostView) -> impl IntoView {
    let market_name = {
        let markets = v.markets.clone();
        move |code: &str| {
            markets
                .iter()
                .find(|m| m.code == code)
                .map(|m| pick(lang, &m.name_vi, &m.name_en))
                .unwrap_or_else(|| code.to_owned())
        }
    };
    let occupation_name = {
        let occupations = v.occupations.clone();
        move |code: &Option<String>| match code {
            Some(c) => occupations
                .iter()
                .find(|o| &o.code == c)
                .map(|o| format!("{c} {}", pick(lang, &o.name_vi, &o.name_en)))
                .unwrap_or_else(|| c.clone()),
            None => lang.tr("Chưa có mã nghề", "No occupation code").to_owned(),
        }
    };
    let all = lang.tr("Tất cả", "All");
    let years: Vec<(String, String)> = v
        .years
        .iter()
        .map(|y| (y.to_string(), y.to_string()))
        .collect();
    let markets: Vec<(String, String)> = v
        .markets
        .iter()
        .map(|m| (m.code.clone(), pick(lang, &m.name_vi, &m.name_en)))
        .collect();
    let lenses: Vec<(String, String)> = Lens::ALL
        .iter()
        .map(|l| (l.as_str().to_owned(), lens_label(lang, *l).to_owned()))
        .collect();
    let scope = match &v.scope {
        Some(p) => format!(
            "{}{p}.",
            lang.tr("Người lao động của tỉnh ", "Workers from ")
        ),
        None => lang
            .tr("Người lao động cả nước.", "Workers from the whole country.")
            .to_owned(),
    };
    let ind = v.indicator;
    let overall = match &ind.overall {
        Some(s) => view! {
            <p data-testid="overall">
                {match lang {
                    Lang::Vi => format!(
                        "{} người lao động được tính: trung vị {} tháng thu nhập, trung bình {}.",
                        lang.number(u64::from(s.workers)), months(lang, s.median_bp), months(lang, s.mean_bp)
                    ),
                    Lang::En => format!(
                        "{} workers counted: median {} months of earnings, mean {}.",
                        lang.number(u64::from(s.workers)), months(lang, s.median_bp), months(lang, s.mean_bp)
                    ),
                }}
            </p>
        }
        .into_any(),
        None => view! {
            <p data-testid="overall">
                {lang.tr(
                    "Chưa có người lao động nào đủ dữ liệu để tính.",
                    "No worker has the data to be counted yet.",
                )}
            </p>
        }
        .into_any(),
    };
    let excluded = ind
        .excluded
        .iter()
        .map(|(why, n)| {
            view! {
                <li data-testid="excluded">
                    {exclusion_label(lang, *why)} ": " <strong>{n.to_string()}</strong>
                </li>
            }
        })
        .collect_view();
    let market_name2 = market_name.clone();
    let counted = ind.overall.map_or(0, |s| s.workers);
    view! {
        <form method="get" action="/statistics/recruitment-cost" class="filters" data-testid="rc-filters">
            <SelectField label=lang.tr("Năm xuất cảnh", "Year of departure") name="year" options=years value=v.year.map(|y| y.to_string()).unwrap_or_default() empty=all />
            <SelectField label=lang.tr("Thị trường", "Market") name="market" options=markets value=v.market.clone().unwrap_or_default() empty=all />
            <SelectField label=lang.tr("Cách tính chi phí", "Cost counted") name="lens" options=lenses value=v.lens.as_str().to_owned() />
            <Submit label=lang.tr("Xem", "Show") />
        </form>
        <p data-testid="rc-scope">{scope} " " {lens_label(lang, v.lens)}</p>
        {overall}
        <p>
            {match lang {
                Lang::Vi => format!(
                    "{} người đã xuất cảnh theo bộ lọc; {} người được tính. Không ước lượng bù cho người thiếu dữ liệu.",
                    lang.number(u64::from(ind.departed)), lang.number(u64::from(counted))
                ),
                Lang::En => format!(
                    "{} workers departed within the filters; {} are counted. Nothing is imputed for those without data.",
                    lang.number(u64::from(ind.departed)), lang.number(u64::from(counted))
                ),
            }}
        </p>
        {(!ind.excluded.is_empty()).then(|| view! {
            <section aria-labelledby="excluded-title">
                <h2 id="excluded-title">{lang.tr("Không tính, theo lý do", "Left out, by reason")}</h2>
                <ul>{excluded}</ul>
            </section>
        })}
        {table(
            lang,
            "rc-market",
            lang.tr("Theo thị trường", "By market"),
            lang.tr("Thị trường", "Market"),
            &ind.by_market,
            move |k: &String| (k.clone(), market_name(k)),
        )}
        {table(
            lang,
            "rc-corridor",
            lang.tr("Theo hành lang (thị trường × nghề)", "By corridor (market × occupation)"),
            lang.tr("Hành lang", "Corridor"),
            &ind.by_corridor,
            move |k: &(String, Option<String>)| {
                (
                    format!("{}-{}", k.0, k.1.clone().unwrap_or_default()),
                    format!("{} · {}", market_name2(&k.0), occupation_name(&k.1)),
                )
            },
        )}
        {table(
            lang,
            "rc-sex",
            lang.tr("Theo giới tính", "By sex"),
            lang.tr("Giới tính", "Sex"),
            &ind.by_sex,
            move |k: &String| (k.clone(), sex_label(lang, k).to_owned()),
        )}
        {table(
            lang,
            "rc-province",
            lang.tr("Theo tỉnh, thành phố của người lao động", "By the worker's province"),
            lang.tr("Tỉnh, thành phố", "Province"),
            &ind.by_province,
            {
                let names = v.provinces.clone();
                move |k: &String| {
                    let name = names
                        .iter()
                        .find(|(c, _)| c == k)
                        .map(|(_, n)| n.clone())
                        .unwrap_or_else(|| k.clone());
                    (k.clone(), name)
                }
            },
        )}
        <section aria-labelledby="method-title">
            <h2 id="method-title">{lang.tr("Cách tính", "Method")}</h2>
            <p>
                {lang.tr(
                    "Chi phí: mọi khoản còn hiệu lực trong sổ thu chi của hồ sơ (phí dịch vụ, giấy tờ, khám sức khoẻ, đào tạo, đi lại, tiền môi giới, tiền ký quỹ chưa được hoàn trả), như trang tiền của hồ sơ. Thu nhập: thu nhập ròng của tháng làm việc trọn vẹn đầu tiên (tháng xuất cảnh nếu đi ngày mùng 1, nếu không thì tháng sau), ưu tiên báo cáo của chính người lao động, quy đổi theo tỷ giá hiệu lực ngày cuối tháng đó.",
                    "Cost: every standing entry of the case's ledger (service fee, documents, health check, training, travel, brokerage, deposit not given back), as the case's money page totals it. Earnings: net earnings for the first full month of work (the month of departure if the worker left on the 1st, else the next), the worker's own report preferred, converted at the rate in force on that month's last day.",
                )}
            </p>
        </section>
    }
}
