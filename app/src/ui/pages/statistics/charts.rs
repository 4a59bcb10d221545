//! The charts of the statistics page, drawn as SVG while the page renders on the server (no
//! script needed), each with its numbers in a table beside it for screen readers and print.

use leptos::prelude::*;

use super::{decimal, label};
use crate::domain::statistics::{percent, Dim, Figure, Measure, Pivot};
use crate::i18n::{statistics as words, Lang};
use crate::views::statistics::StatisticsView;

const W: u32 = 640;
/// Colours of the series (the rest share the last), readable on white and for colour blindness.
const COLOURS: [&str; 5] = ["#1b4f72", "#d35400", "#117a65", "#7d3c98", "#7f8c8d"];

pub fn all(lang: Lang, v: &StatisticsView) -> AnyView {
    view! {
        <section aria-labelledby="charts-title" class="charts">
            <h2 id="charts-title">{lang.tr("Biểu đồ", "Charts")}</h2>
            {months(lang, v)}
            {bars(
                lang,
                v,
                "chart-provinces",
                lang.tr("Số người xuất cảnh theo tỉnh, thành phố", "Departures by province"),
                &v.chart_provinces,
                Dim::Province,
                Measure::Departures,
            )}
            {bars(
                lang,
                v,
                "chart-agencies",
                lang.tr(
                    "Tỷ lệ bỏ trốn theo doanh nghiệp (mẫu số: người ở nước ngoài trong kỳ)",
                    "Absconding rate by agency (denominator: workers abroad during the period)",
                ),
                &v.chart_agencies,
                Dim::Agency,
                Measure::AbscondRate,
            )}
        </section>
    }
    .into_any()
}

/// The main series of a months × markets pivot: the four largest markets and the rest.
fn series(p: &Pivot) -> Vec<Vec<String>> {
    let mut markets: Vec<(&String, u64)> = p.col_totals.iter().map(|(k, c)| (k, c.base)).collect();
    markets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut out: Vec<Vec<String>> = markets
        .iter()
        .take(4)
        .map(|(k, _)| vec![(*k).clone()])
        .collect();
    let rest: Vec<String> = markets.iter().skip(4).map(|(k, _)| (*k).clone()).collect();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Departures by month, stacked by market.
fn months(lang: Lang, v: &StatisticsView) -> AnyView {
    let p = &v.chart_months;
    let title = lang.tr(
        "Số người xuất cảnh theo tháng và thị trường",
        "Departures by month and market",
    );
    if p.rows.is_empty() {
        return view! { <figure data-testid="chart-months"><figcaption>{title}</figcaption><p>{lang.tr("Chưa có số liệu.", "No data yet.")}</p></figure> }.into_any();
    }
    let groups = series(p);
    let name = |g: &Vec<String>| {
        if g.len() == 1 {
            label(lang, &v.labels, Some(Dim::Market), &g[0])
        } else {
            lang.tr("Thị trường khác", "Other markets").to_owned()
        }
    };
    let sum = |r: &str, g: &Vec<String>| g.iter().map(|c| p.cell(r, c).base).sum::<u64>();
    let max = p
        .row_totals
        .values()
        .map(|c| c.base)
        .max()
        .unwrap_or(1)
        .max(1);
    let (h, top, left, bottom) = (220u32, 10u32, 48u32, 40u32);
    let n = p.rows.len() as u32;
    let slot = (W - left - 10) / n.max(1);
    let bar = slot.saturating_sub(4).max(2);
    let scale = |x: u64| ((x as f64 / max as f64) * f64::from(h - top - bottom)).round() as u32;
    let mut rects = Vec::new();
    for (i, r) in p.rows.iter().enumerate() {
        let x = left + i as u32 * slot + 2;
        let mut y = h - bottom;
        for (j, g) in groups.iter().enumerate() {
            let n = sum(r, g);
            let bh = scale(n);
            y -= bh;
            rects.push(view! {
                <rect x=x y=y width=bar height=bh fill=COLOURS[j.min(4)]>
                    <title>{format!("{} · {}: {}", label(lang, &v.labels, Some(Dim::Month), r), name(g), lang.number(n))}</title>
                </rect>
            });
        }
    }
    let ticks = p
        .rows
        .iter()
        .enumerate()
        .filter(|(i, _)| n <= 12 || i % 3 == 0)
        .map(|(i, r)| {
            let x = left + i as u32 * slot + slot / 2;
            view! { <text x=x y=h - bottom + 14 text-anchor="middle" font-size="10">{r.get(5..).unwrap_or(r).to_owned()}</text> }
        })
        .collect_view();
    let legend = groups
        .iter()
        .enumerate()
        .map(|(j, g)| {
            let x = left + j as u32 * 118;
            view! {
                <rect x=x y=h - 14 width=10 height=10 fill=COLOURS[j.min(4)] />
                <text x=x + 14 y=h - 5 font-size="11">{name(g)}</text>
            }
        })
        .collect_view();
    let head = groups
        .iter()
        .map(|g| view! { <th scope="col">{name(g)}</th> })
        .collect_view();
    let body = p
        .rows
        .iter()
        .map(|r| {
            let cells = groups
                .iter()
                .map(|g| view! { <td>{lang.number(sum(r, g))}</td> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{label(lang, &v.labels, Some(Dim::Month), r)}</th>
                    {cells}
                    <td>{lang.number(p.row_totals[r].base)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" data-testid="chart-months">
            <figcaption id="chart-months-title">{title}</figcaption>
            <svg viewBox=format!("0 0 {W} {h}") role="img" aria-labelledby="chart-months-title" width="100%">
                <line x1=left y1=h - bottom x2=W - 10 y2=h - bottom stroke="#555" />
                <text x=left - 4 y=top + 10 text-anchor="end" font-size="10">{lang.number(max)}</text>
                <text x=left - 4 y=h - bottom text-anchor="end" font-size="10">"0"</text>
                {rects}
                {ticks}
                {legend}
            </svg>
            <details open>
                <summary>{lang.tr("Số liệu của biểu đồ", "The chart's numbers")}</summary>
                <div class="table-wrap">
                    <table data-testid="chart-months-table">
                        <thead><tr><th scope="col">{words::dim(lang, Dim::Month)}</th>{head}<th scope="col">{lang.tr("Tổng", "Total")}</th></tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
    .into_any()
}

/// Horizontal bars of one dimension, largest first (a rate: the largest rates among rows with
/// at least 20 workers in the denominator).
fn bars(
    lang: Lang,
    v: &StatisticsView,
    testid: &'static str,
    title: &'static str,
    p: &Pivot,
    dim: Dim,
    measure: Measure,
) -> AnyView {
    let mut rows: Vec<(String, u64, String)> = p
        .rows
        .iter()
        .filter_map(|r| {
            let c = p.row_totals[r];
            match c.value(measure) {
                Figure::Count(n) => Some((r.clone(), n, lang.number(n))),
                Figure::Rate { bp, part, of } if of >= 20 => Some((
                    r.clone(),
                    bp,
                    format!("{} % ({part}/{of})", percent(bp, decimal(lang))),
                )),
                _ => None,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    rows.truncate(if measure.is_rate() { 15 } else { 34 });
    let title_id = format!("{testid}-title");
    if rows.is_empty() {
        return view! { <figure data-testid=testid><figcaption>{title}</figcaption><p>{lang.tr("Chưa có số liệu.", "No data yet.")}</p></figure> }.into_any();
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let (line, left) = (18u32, 170u32);
    let h = line * rows.len() as u32 + 8;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (k, n, text))| {
            let y = 4 + i as u32 * line;
            let w = ((*n as f64 / max as f64) * f64::from(W - left - 120)).round() as u32;
            let name = label(lang, &v.labels, Some(dim), k);
            let short: String = name.chars().take(26).collect();
            view! {
                <text x=left - 6 y=y + 12 text-anchor="end" font-size="11">{short}</text>
                <rect x=left y=y + 2 width=w.max(1) height=line - 5 fill=COLOURS[0]>
                    <title>{format!("{name}: {text}")}</title>
                </rect>
                <text x=left + w + 4 y=y + 12 font-size="11">{text.clone()}</text>
            }
        })
        .collect_view();
    let table = rows
        .iter()
        .map(|(k, _, text)| {
            view! { <tr><th scope="row">{label(lang, &v.labels, Some(dim), k)}</th><td>{text.clone()}</td></tr> }
        })
        .collect_view();
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption id=title_id.clone()>{title}</figcaption>
            <svg viewBox=format!("0 0 {W} {h}") role="img" aria-labelledby=title_id width="100%">
                {bars}
            </svg>
            <details open>
                <summary>{lang.tr("Số liệu của biểu đồ", "The chart's numbers")}</summary>
                <div class="table-wrap">
                    <table data-testid=format!("{testid}-table")>
                        <thead><tr><th scope="col">{words::dim(lang, dim)}</th><th scope="col">{words::measure(lang, measure)}</th></tr></thead>
                        <tbody>{table}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
    .into_any()
}
