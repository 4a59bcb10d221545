//! How many departures the national dataset holds in each month × market × sex of a period, so
//! that every published figure comes out exact, and no cell holds fewer than the database
//! already has there. Pure arithmetic: no IO, no randomness.

use std::cmp::Reverse;
use std::ops::Range;

use super::NationalPlan;
use crate::domain::published_totals::{scaled, PUBLISHED};

/// Women's share where the source gives none (2022, 2023): (numerator, denominator).
const DEFAULT_WOMEN_SHARE: (u64, u64) = (30, 100);

/// Departures by calendar month: fewer around Tết, more at the year's end, when agencies send
/// the groups they trained over the year.
const MONTH_WEIGHTS: [u64; 12] = [7, 7, 9, 9, 9, 8, 9, 9, 8, 9, 9, 10];

/// The published shapes the scale mode repeats over earlier years, newest first.
const SCALE_SHAPES: [usize; 3] = [2, 1, 0];
const SCALE_FIRST_YEAR: i32 = 2010;

/// Women among a market's departures, per mille (care work to Germany, domestic work to Saudi
/// Arabia and Macau; Korea's EPS mostly men).
fn women_per_mille(code: &str) -> u64 {
    match code {
        "JP" => 350,
        "TW" => 380,
        "KR" => 120,
        "CN" => 200,
        "SG" => 350,
        "HU" | "PL" => 200,
        "RO" => 250,
        "DE" => 550,
        "SA" => 800,
        "MY" => 300,
        "MO" => 550,
        _ => 300,
    }
}

/// The share of a market among those the source does not name.
fn rest_weight(code: &str) -> u64 {
    match code {
        "CN" => 300,
        "RO" => 120,
        "DE" => 120,
        "SA" => 90,
        "HU" => 80,
        "SG" => 60,
        "MY" => 60,
        "MO" => 50,
        "PL" => 40,
        _ => 10,
    }
}

/// One period to fill, its figures already scaled, markets by index into the market list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PeriodTarget {
    pub label: String,
    pub year: i32,
    pub first_month: u32,
    pub last_month: u32,
    pub total: u64,
    /// Departures per market the source names.
    pub fixed: Vec<(usize, u64)>,
    /// Every market's weight in what the named markets leave.
    pub rest_weights: Vec<u64>,
    /// Published women: (through month, departures of those months, women among them).
    pub women: Option<(u32, u64, u64)>,
    /// Women's share in months the source gives no women for.
    pub women_share: (u64, u64),
}

impl PeriodTarget {
    pub fn months(&self) -> usize {
        (self.last_month + 1 - self.first_month) as usize
    }

    /// Each market's departures, without regard to what the database holds: fixed ones as
    /// published, the rest shared by weight.
    pub fn ideal_markets(&self) -> Vec<u64> {
        let n = self.rest_weights.len();
        let mut totals = vec![0; n];
        let mut free: Vec<usize> = (0..n).collect();
        for &(k, count) in &self.fixed {
            totals[k] = count;
            free.retain(|&i| i != k);
        }
        let rest = self.total.saturating_sub(totals.iter().sum());
        let weights: Vec<u64> = free.iter().map(|&k| self.rest_weights[k]).collect();
        let zeros = vec![0; free.len()];
        let open = vec![u64::MAX; free.len()];
        if let Some(split) = apportion(rest, &weights, &zeros, &open) {
            for (&k, count) in free.iter().zip(split) {
                totals[k] = count;
            }
        }
        totals
    }

    /// Consecutive month ranges (indices from the period's first month), each with its
    /// departures and, where published, its women.
    fn segments(&self) -> Vec<(Range<usize>, u64, Option<u64>)> {
        let months = self.months();
        match self.women {
            Some((through, departures, women)) if through < self.last_month => {
                let cut = (through + 1 - self.first_month) as usize;
                vec![
                    (0..cut, departures, Some(women)),
                    (cut..months, self.total.saturating_sub(departures), None),
                ]
            }
            Some((_, _, women)) => vec![(0..months, self.total, Some(women))],
            None => vec![(0..months, self.total, None)],
        }
    }
}

/// Counts per (month, market, sex) of one period; sex 0 is men, 1 women.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Grid {
    markets: usize,
    cells: Vec<u64>,
}

impl Grid {
    pub fn new(months: usize, markets: usize) -> Grid {
        Grid {
            markets,
            cells: vec![0; months * markets * 2],
        }
    }

    fn index(&self, month: usize, market: usize, sex: usize) -> usize {
        (month * self.markets + market) * 2 + sex
    }

    pub fn get(&self, month: usize, market: usize, sex: usize) -> u64 {
        self.cells[self.index(month, market, sex)]
    }

    pub fn add(&mut self, month: usize, market: usize, sex: usize, n: u64) {
        let i = self.index(month, market, sex);
        self.cells[i] += n;
    }

    pub fn total(&self) -> u64 {
        self.cells.iter().sum()
    }

    /// The sum over `months`, one market or all, one sex or both.
    pub fn sum(&self, months: Range<usize>, market: Option<usize>, sex: Option<usize>) -> u64 {
        let mut n = 0;
        for m in months {
            for k in (0..self.markets).filter(|k| market.is_none_or(|x| x == *k)) {
                for s in (0..2).filter(|s| sex.is_none_or(|x| x == *s)) {
                    n += self.get(m, k, s);
                }
            }
        }
        n
    }

    /// What `self` holds beyond `base`, cell by cell (`self` is never below it here).
    pub fn minus(&self, base: &Grid) -> Grid {
        Grid {
            markets: self.markets,
            cells: self
                .cells
                .iter()
                .zip(&base.cells)
                .map(|(a, b)| a.saturating_sub(*b))
                .collect(),
        }
    }
}

/// `total` shared in proportion to `weights` (equally if all are zero), each share within
/// `lo..=hi`, by largest remainders; `None` when the bounds cannot hold the total.
pub(crate) fn apportion(total: u64, weights: &[u64], lo: &[u64], hi: &[u64]) -> Option<Vec<u64>> {
    let n = weights.len();
    let lo_sum: u64 = lo.iter().sum();
    let hi_sum = hi.iter().fold(0u64, |a, h| a.saturating_add(*h));
    if lo_sum > total || hi_sum < total || lo.iter().zip(hi).any(|(l, h)| l > h) {
        return None;
    }
    let equal = vec![1; n];
    let weights = if weights.iter().all(|w| *w == 0) {
        &equal[..]
    } else {
        weights
    };
    let w_sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    let ideal = |i: usize| u128::from(total) * u128::from(weights[i]);
    let mut x: Vec<u64> = (0..n)
        .map(|i| {
            u64::try_from(ideal(i) / w_sum)
                .unwrap_or(u64::MAX)
                .clamp(lo[i], hi[i])
        })
        .collect();
    // How far a share is below its ideal, in units of 1 / w_sum.
    let short = |x: &[u64], i: usize| ideal(i) as i128 - i128::from(x[i]) * w_sum as i128;
    let mut sum: u64 = x.iter().sum();
    while sum < total {
        let i = (0..n)
            .filter(|&i| x[i] < hi[i])
            .max_by_key(|&i| (short(&x, i), Reverse(i)))?;
        x[i] += 1;
        sum += 1;
    }
    while sum > total {
        let i = (0..n)
            .filter(|&i| x[i] > lo[i])
            .min_by_key(|&i| (short(&x, i), i))?;
        x[i] -= 1;
        sum -= 1;
    }
    Some(x)
}

/// The periods a plan fills, over the markets `codes` (as the `markets` table lists them).
pub(crate) fn targets(plan: &NationalPlan, codes: &[String]) -> Result<Vec<PeriodTarget>, String> {
    match *plan {
        NationalPlan::Published { divisor } => published(divisor, codes),
        NationalPlan::Scale { cases } => {
            let exact = published(1, codes)?;
            let exact_total: u64 = exact.iter().map(|t| t.total).sum();
            if cases <= exact_total {
                // Fewer than published: the published shape, divided as far as still reaches.
                let mut divisor = u32::try_from(exact_total / cases.max(1)).unwrap_or(u32::MAX);
                loop {
                    let periods = published(divisor, codes)?;
                    if divisor <= 1 || periods.iter().map(|t| t.total).sum::<u64>() >= cases {
                        return Ok(periods);
                    }
                    divisor -= 1;
                }
            }
            let mut periods = exact;
            let mut total = exact_total;
            let mut year = PUBLISHED[0].year - 1;
            let mut shape = 0;
            while total < cases {
                if year < SCALE_FIRST_YEAR {
                    return Err(format!(
                        "{cases} cases would need years before {SCALE_FIRST_YEAR}, when no demo \
                         agency held a licence; at most {total} fit"
                    ));
                }
                let like = &periods[SCALE_SHAPES[shape % SCALE_SHAPES.len()]];
                let mut earlier = like.clone();
                earlier.label = year.to_string();
                earlier.year = year;
                earlier.first_month = 1;
                earlier.last_month = 12;
                earlier.women = None;
                total += earlier.total;
                periods.push(earlier);
                year -= 1;
                shape += 1;
            }
            Ok(periods)
        }
    }
}

fn published(divisor: u32, codes: &[String]) -> Result<Vec<PeriodTarget>, String> {
    let index = |code: &str| {
        codes
            .iter()
            .position(|c| c == code)
            .ok_or_else(|| format!("market {code} is not in the markets table"))
    };
    let mut periods: Vec<PeriodTarget> = Vec::with_capacity(PUBLISHED.len());
    for p in PUBLISHED {
        let total = scaled(p.total, divisor);
        let fixed = p
            .by_market
            .iter()
            .map(|(code, n)| Ok((index(code)?, scaled(*n, divisor))))
            .collect::<Result<Vec<_>, String>>()?;
        // A period whose source names no market follows the latest one that does.
        let rest_weights = match periods.iter().rev().find(|t| !t.fixed.is_empty()) {
            Some(before) if fixed.is_empty() => before.ideal_markets(),
            _ => codes.iter().map(|c| rest_weight(c)).collect(),
        };
        let women = p.women.map(|w| {
            let departures = if w.departures == p.total {
                total
            } else {
                scaled(w.departures, divisor)
            };
            (w.through_month, departures, scaled(w.women, divisor))
        });
        let women_share = p.women.map_or(DEFAULT_WOMEN_SHARE, |w| {
            (u64::from(w.women), u64::from(w.departures))
        });
        periods.push(PeriodTarget {
            label: p.label.to_owned(),
            year: p.year,
            first_month: p.first_month,
            last_month: p.last_month,
            total,
            fixed,
            rest_weights,
            women,
            women_share,
        });
    }
    Ok(periods)
}

/// The counts a period ends with: every figure of `t` exact, each cell at least what `existing`
/// holds, the rest spread by market weight, month and each market's share of women. An
/// error says which figure the existing departures already exceed.
pub(crate) fn allocate(
    t: &PeriodTarget,
    codes: &[String],
    existing: &Grid,
) -> Result<Grid, String> {
    let months = t.months();
    let markets = codes.len();
    let held = |range: Range<usize>, k: Option<usize>, s: Option<usize>| existing.sum(range, k, s);

    // Each market's departures in the period.
    let mut market_total = vec![0; markets];
    let mut named = vec![false; markets];
    for &(k, n) in &t.fixed {
        let has = held(0..months, Some(k), None);
        if has > n {
            return Err(format!(
                "{}: the database already holds {has} departures to {}, more than the {n} \
                 published",
                t.label, codes[k]
            ));
        }
        market_total[k] = n;
        named[k] = true;
    }
    let rest = t
        .total
        .checked_sub(market_total.iter().sum())
        .ok_or_else(|| format!("{}: the named markets exceed the total", t.label))?;
    let free: Vec<usize> = (0..markets).filter(|k| !named[*k]).collect();
    let weights: Vec<u64> = free.iter().map(|&k| t.rest_weights[k]).collect();
    let lo: Vec<u64> = free
        .iter()
        .map(|&k| held(0..months, Some(k), None))
        .collect();
    let split = apportion(rest, &weights, &lo, &vec![u64::MAX; free.len()]).ok_or_else(|| {
        format!(
            "{}: the database already holds {} departures to the markets the source does not \
             name, more than the {rest} left to them",
            t.label,
            lo.iter().sum::<u64>()
        )
    })?;
    for (&k, n) in free.iter().zip(split) {
        market_total[k] = n;
    }

    let segments = t.segments();
    let mut left = market_total.clone();
    let mut grid = Grid::new(months, markets);
    for (i, (range, departures, women)) in segments.iter().enumerate() {
        let lo: Vec<u64> = (0..markets)
            .map(|k| held(range.clone(), Some(k), None))
            .collect();
        let in_segment = if i + 1 == segments.len() {
            left.clone()
        } else {
            // What later segments already hold stays theirs.
            let hi: Vec<u64> = (0..markets)
                .map(|k| {
                    let later: u64 = segments[i + 1..]
                        .iter()
                        .map(|(r, ..)| held(r.clone(), Some(k), None))
                        .sum();
                    left[k].saturating_sub(later)
                })
                .collect();
            apportion(*departures, &market_total, &lo, &hi).ok_or_else(|| {
                format!(
                    "{} months {}–{}: {departures} departures cannot be shared over the markets \
                     around the {} the database already holds",
                    t.label,
                    t.first_month + range.start as u32,
                    t.first_month + range.end as u32 - 1,
                    lo.iter().sum::<u64>()
                )
            })?
        };
        for k in 0..markets {
            left[k] -= in_segment[k];
        }

        // Women per market.
        let f_lo: Vec<u64> = (0..markets)
            .map(|k| held(range.clone(), Some(k), Some(1)))
            .collect();
        let f_hi: Vec<u64> = (0..markets)
            .map(|k| in_segment[k].saturating_sub(held(range.clone(), Some(k), Some(0))))
            .collect();
        let women = match women {
            Some(w) => *w,
            None => {
                let (num, den) = t.women_share;
                let plausible = (in_segment.iter().sum::<u64>() * num + den / 2) / den.max(1);
                plausible.clamp(f_lo.iter().sum(), f_hi.iter().sum())
            }
        };
        let weights: Vec<u64> = (0..markets)
            .map(|k| in_segment[k] * women_per_mille(&codes[k]))
            .collect();
        let f = apportion(women, &weights, &f_lo, &f_hi).ok_or_else(|| {
            format!(
                "{}: {women} women cannot hold beside the {} women and {} men the database \
                 already holds in those months",
                t.label,
                f_lo.iter().sum::<u64>(),
                held(range.clone(), None, Some(0))
            )
        })?;

        // Each market and sex over the months.
        let month_weights: Vec<u64> = range
            .clone()
            .map(|m| MONTH_WEIGHTS[(t.first_month as usize - 1 + m) % 12])
            .collect();
        for k in 0..markets {
            for (s, count) in [(0, in_segment[k] - f[k]), (1, f[k])] {
                let lo: Vec<u64> = range.clone().map(|m| existing.get(m, k, s)).collect();
                let per_month = apportion(count, &month_weights, &lo, &vec![u64::MAX; lo.len()])
                    .ok_or_else(|| format!("{}: months cannot hold {}", t.label, codes[k]))?;
                for (m, n) in range.clone().zip(per_month) {
                    grid.add(m, k, s, n);
                }
            }
        }
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes() -> Vec<String> {
        [
            "JP", "TW", "KR", "CN", "SG", "HU", "RO", "PL", "DE", "SA", "MY", "MO",
        ]
        .iter()
        .map(|c| (*c).to_owned())
        .collect()
    }

    /// Every published figure, read back from the grids.
    fn assert_published(periods: &[PeriodTarget], grids: &[Grid], divisor: u32) {
        let codes = codes();
        for (p, (t, g)) in PUBLISHED.iter().zip(periods.iter().zip(grids)) {
            let months = t.months();
            assert_eq!(g.total(), scaled(p.total, divisor), "{}", p.label);
            for (code, n) in p.by_market {
                let k = codes.iter().position(|c| c == code).expect("market");
                assert_eq!(
                    g.sum(0..months, Some(k), None),
                    scaled(*n, divisor),
                    "{} {code}",
                    p.label
                );
            }
            if let Some(w) = p.women {
                let through = (w.through_month + 1 - p.first_month) as usize;
                assert_eq!(
                    g.sum(0..through, None, None),
                    scaled(w.departures, divisor),
                    "{}",
                    p.label
                );
                assert_eq!(
                    g.sum(0..through, None, Some(1)),
                    scaled(w.women, divisor),
                    "{}",
                    p.label
                );
            }
        }
    }

    #[test]
    fn the_cells_sum_exactly_to_every_published_figure() {
        let codes = codes();
        for divisor in [1, 7, 100] {
            let periods = targets(&NationalPlan::Published { divisor }, &codes).expect("targets");
            let grids: Vec<Grid> = periods
                .iter()
                .map(|t| allocate(t, &codes, &Grid::new(t.months(), codes.len())).expect("fits"))
                .collect();
            assert_published(&periods, &grids, divisor);
        }
        // Exact: 2024's December is what January to November leave.
        let periods = targets(&NationalPlan::Published { divisor: 1 }, &codes).expect("targets");
        let g = allocate(&periods[2], &codes, &Grid::new(12, codes.len())).expect("fits");
        assert_eq!(g.sum(11..12, None, None), 15_428);
        assert_eq!(g.sum(0..11, None, Some(1)), 45_350);
    }

    #[test]
    fn existing_departures_are_topped_up_not_exceeded() {
        let codes = codes();
        let periods = targets(&NationalPlan::Published { divisor: 100 }, &codes).expect("targets");
        let mut grids = Vec::new();
        for t in &periods {
            // An uneven existing spread: Korea's women heavy in one month, other markets light.
            let mut existing = Grid::new(t.months(), codes.len());
            for m in 0..t.months() {
                for k in 0..codes.len() {
                    let n = match k {
                        0..=2 => (m * 3 + k * 5) % 4,
                        _ => usize::from((m + k) % 6 == 0),
                    };
                    existing.add(m, k, (m + k) % 2, n as u64);
                }
            }
            existing.add(0, 2, 1, 9);
            let g = allocate(t, &codes, &existing).expect("fits");
            for m in 0..t.months() {
                for k in 0..codes.len() {
                    for s in 0..2 {
                        assert!(g.get(m, k, s) >= existing.get(m, k, s));
                    }
                }
            }
            assert_eq!(g.minus(&existing).total(), g.total() - existing.total());
            grids.push(g);
        }
        assert_published(&periods, &grids, 100);
    }

    #[test]
    fn a_market_already_over_its_figure_is_an_error() {
        let codes = codes();
        let periods = targets(&NationalPlan::Published { divisor: 100 }, &codes).expect("targets");
        let mut existing = Grid::new(12, codes.len());
        existing.add(3, 2, 0, 101); // Korea 2022: 100 at this scale
        let err = allocate(&periods[0], &codes, &existing).expect_err("over");
        assert!(err.contains("KR"), "{err}");
        // Too many women for January to November 2024.
        let mut existing = Grid::new(12, codes.len());
        existing.add(0, 0, 1, 455);
        assert!(allocate(&periods[2], &codes, &existing).is_err());
    }

    #[test]
    fn the_scale_plan_repeats_the_shape_over_earlier_years_until_reached() {
        let codes = codes();
        let periods = targets(&NationalPlan::Scale { cases: 1_000_000 }, &codes).expect("targets");
        let total: u64 = periods.iter().map(|t| t.total).sum();
        assert!(total >= 1_000_000);
        assert_eq!(periods.last().map(|t| t.year), Some(2018));
        let small = targets(&NationalPlan::Scale { cases: 5_000 }, &codes).expect("targets");
        let total: u64 = small.iter().map(|t| t.total).sum();
        assert!((5_000..10_000).contains(&total), "{total}");
        assert!(targets(&NationalPlan::Scale { cases: 50_000_000 }, &codes).is_err());
    }

    #[test]
    fn shares_keep_their_bounds_and_total() {
        assert_eq!(
            apportion(10, &[1, 1, 1], &[0, 0, 0], &[10, 10, 10]),
            Some(vec![4, 3, 3])
        );
        assert_eq!(apportion(10, &[1, 1], &[8, 0], &[10, 10]), Some(vec![8, 2]));
        assert_eq!(apportion(10, &[0, 0], &[0, 0], &[3, 3]), None);
        assert_eq!(apportion(5, &[9, 1], &[0, 0], &[2, 9]), Some(vec![2, 3]));
    }
}
