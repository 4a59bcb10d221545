//! Officers' statistics: what may go in a table's rows and columns (dimensions), what is
//! counted (measures) and over which days (periods). Every figure is computed live from the case
//! records; this module holds the vocabulary and the arithmetic on the counts, the backend the
//! one query that both the table and the drill-down list run.
//!
//! Rates say their denominator (DOMAIN.md "Reporting"): the early-return rate is early returns
//! over all returns in the period; the absconding and overstay rates are such cases ended in the
//! period over the workers abroad during it (abroad at its start plus those who left in it); the
//! fee-breach rate is the departures of the period whose ledger shows a fee over the law over
//! all departures of the period.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// What a table's rows or columns, or a filter, break the cases down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dim {
    Year,
    Quarter,
    Month,
    Market,
    Sex,
    /// The worker's province, among the 34 in force since 2025-07-01.
    Province,
    /// The old (63) province of birth registration: the citizen ID's first three digits.
    OldProvince,
    /// The form of going abroad (the order's).
    Form,
    Agency,
    /// The order's occupation code (ISCO-08 unit group).
    Occupation,
    Ethnicity,
    /// The household's standing certified for the year of the act.
    Household,
    /// Why the contract ended (for returns).
    Reason,
}

impl Dim {
    pub const ALL: [Dim; 13] = [
        Dim::Year,
        Dim::Quarter,
        Dim::Month,
        Dim::Market,
        Dim::Sex,
        Dim::Province,
        Dim::OldProvince,
        Dim::Form,
        Dim::Agency,
        Dim::Occupation,
        Dim::Ethnicity,
        Dim::Household,
        Dim::Reason,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dim::Year => "year",
            Dim::Quarter => "quarter",
            Dim::Month => "month",
            Dim::Market => "market",
            Dim::Sex => "sex",
            Dim::Province => "province",
            Dim::OldProvince => "old_province",
            Dim::Form => "form",
            Dim::Agency => "agency",
            Dim::Occupation => "occupation",
            Dim::Ethnicity => "ethnicity",
            Dim::Household => "household",
            Dim::Reason => "reason",
        }
    }

    pub fn parse(s: &str) -> Option<Dim> {
        Dim::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// A slice of time: a case falls in exactly one only for measures counted on one day.
    pub fn is_period(self) -> bool {
        matches!(self, Dim::Year | Dim::Quarter | Dim::Month)
    }

    /// The dimensions a table may filter on with one value (the period has its own field).
    pub const FILTERS: [Dim; 10] = [
        Dim::Market,
        Dim::Sex,
        Dim::Province,
        Dim::OldProvince,
        Dim::Form,
        Dim::Agency,
        Dim::Occupation,
        Dim::Ethnicity,
        Dim::Household,
        Dim::Reason,
    ];
}

/// On which day of a case a measure counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActDay {
    Departure,
    End,
    /// Workers abroad: at the period's last day, or during the period; not one day of the case.
    Span,
}

/// What a table counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Departures,
    /// Contracts ended in the period with the worker back: completed or early.
    Returns,
    EarlyReturns,
    Absconded,
    Overstayed,
    /// Workers abroad at the period's last day.
    Abroad,
    /// Departures whose ledger shows a fee over the law.
    FeeBreaches,
    EarlyReturnRate,
    AbscondRate,
    OverstayRate,
    FeeBreachRate,
}

impl Measure {
    pub const ALL: [Measure; 11] = [
        Measure::Departures,
        Measure::Returns,
        Measure::EarlyReturns,
        Measure::Absconded,
        Measure::Overstayed,
        Measure::Abroad,
        Measure::FeeBreaches,
        Measure::EarlyReturnRate,
        Measure::AbscondRate,
        Measure::OverstayRate,
        Measure::FeeBreachRate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Departures => "departures",
            Measure::Returns => "returns",
            Measure::EarlyReturns => "early_returns",
            Measure::Absconded => "absconded",
            Measure::Overstayed => "overstayed",
            Measure::Abroad => "abroad",
            Measure::FeeBreaches => "fee_breaches",
            Measure::EarlyReturnRate => "early_return_rate",
            Measure::AbscondRate => "abscond_rate",
            Measure::OverstayRate => "overstay_rate",
            Measure::FeeBreachRate => "fee_breach_rate",
        }
    }

    pub fn parse(s: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// A rate: its cases are the denominator, and the numerator a part of them.
    pub fn is_rate(self) -> bool {
        self.denominator().is_some()
    }

    /// The set of cases a rate divides by, counted as a measure of its own.
    pub fn denominator(self) -> Option<Base> {
        match self {
            Measure::EarlyReturnRate => Some(Base::Returns),
            Measure::AbscondRate | Measure::OverstayRate => Some(Base::AbroadDuring),
            Measure::FeeBreachRate => Some(Base::Departures),
            _ => None,
        }
    }

    /// The cases the measure selects (a rate: its denominator's).
    pub fn base(self) -> Base {
        match self {
            Measure::Departures | Measure::FeeBreaches => Base::Departures,
            Measure::Returns | Measure::EarlyReturns => Base::Returns,
            Measure::Absconded => Base::Ended(Part::Absconded),
            Measure::Overstayed => Base::Ended(Part::Overstayed),
            Measure::Abroad => Base::AbroadAt,
            Measure::EarlyReturnRate => Base::Returns,
            Measure::AbscondRate | Measure::OverstayRate => Base::AbroadDuring,
            Measure::FeeBreachRate => Base::Departures,
        }
    }

    /// Within the base, the cases counted (none: all of the base).
    pub fn part(self) -> Option<Part> {
        match self {
            Measure::EarlyReturns | Measure::EarlyReturnRate => Some(Part::Early),
            Measure::AbscondRate => Some(Part::Absconded),
            Measure::OverstayRate => Some(Part::Overstayed),
            Measure::FeeBreaches | Measure::FeeBreachRate => Some(Part::FeeBreach),
            _ => None,
        }
    }

    pub fn act_day(self) -> ActDay {
        match self.base() {
            Base::Departures => ActDay::Departure,
            Base::Returns | Base::Ended(_) => ActDay::End,
            Base::AbroadAt | Base::AbroadDuring => ActDay::Span,
        }
    }

    /// Whether `dim` breaks this measure into parts that add up to its total.
    pub fn allows(self, dim: Dim) -> bool {
        match dim {
            d if d.is_period() => self.act_day() != ActDay::Span,
            Dim::Reason => matches!(self.base(), Base::Returns | Base::Ended(_)),
            _ => true,
        }
    }
}

/// The sets of cases measures count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Base {
    /// Departed in the period.
    Departures,
    /// Contract ended in the period with the worker back (completed or early).
    Returns,
    /// Ended in the period for this reason.
    Ended(Part),
    /// Abroad on the period's last day: departed by then, not ended before it.
    AbroadAt,
    /// Abroad at some time in the period: at its start, or departed in it.
    AbroadDuring,
}

/// A part of a base a measure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Returned early, at fault or not.
    Early,
    /// Ended in the period by absconding.
    Absconded,
    /// Ended in the period by overstaying.
    Overstayed,
    /// A standing payment flagged as a fee over the law.
    FeeBreach,
}

/// The shortest purpose accepted for an export of personal data, in characters.
pub const PURPOSE_MIN: u16 = 10;

/// End reasons of a return (the worker came back).
pub const RETURN_REASONS: [&str; 3] = [
    "completed",
    "early_return_not_at_fault",
    "early_return_at_fault",
];
pub const EARLY_REASONS: [&str; 2] = ["early_return_not_at_fault", "early_return_at_fault"];

/// The period a table covers, as its field writes it: a year (`2024`), a quarter (`2024-Q1`),
/// a month (`2024-03`), or one that stays current (`this-year`, `last-12-months`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Year(i32),
    Quarter(i32, u32),
    Month(i32, u32),
    ThisYear,
    LastYear,
    ThisQuarter,
    LastQuarter,
    ThisMonth,
    /// The twelve whole months before this one.
    Last12Months,
    /// Whole years from the first to the last (`2018-2024`), e.g. every year that holds data.
    Years(i32, i32),
}

impl Period {
    pub const RELATIVE: [Period; 6] = [
        Period::ThisYear,
        Period::LastYear,
        Period::ThisQuarter,
        Period::LastQuarter,
        Period::ThisMonth,
        Period::Last12Months,
    ];

    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        if let Some(p) = Period::RELATIVE.into_iter().find(|p| p.key() == s) {
            return Some(p);
        }
        let year = |y: &str| {
            (y.len() == 4)
                .then(|| y.parse::<i32>().ok())
                .flatten()
                .filter(|y| (1990..=2100).contains(y))
        };
        if let Some((y, q)) = s.split_once("-Q") {
            let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
            return Some(Period::Quarter(year(y)?, q));
        }
        if let Some((a, b)) = s.split_once('-').filter(|(_, b)| b.len() == 4) {
            let (a, b) = (year(a)?, year(b)?);
            return (a <= b).then_some(Period::Years(a, b));
        }
        if let Some((y, m)) = s.split_once('-') {
            let m: u32 = (m.len() == 2)
                .then(|| m.parse().ok())
                .flatten()
                .filter(|m| (1..=12).contains(m))?;
            return Some(Period::Month(year(y)?, m));
        }
        year(s).map(Period::Year)
    }

    pub fn key(self) -> String {
        match self {
            Period::Year(y) => y.to_string(),
            Period::Quarter(y, q) => format!("{y}-Q{q}"),
            Period::Month(y, m) => format!("{y}-{m:02}"),
            Period::ThisYear => "this-year".into(),
            Period::LastYear => "last-year".into(),
            Period::ThisQuarter => "this-quarter".into(),
            Period::LastQuarter => "last-quarter".into(),
            Period::ThisMonth => "this-month".into(),
            Period::Last12Months => "last-12-months".into(),
            Period::Years(a, b) => format!("{a}-{b}"),
        }
    }

    /// The first and last day it covers, as of `today`.
    pub fn days(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let (y, m) = (today.year(), today.month());
        let q = (m - 1) / 3 + 1;
        let quarter_of = |y: i32, q: u32| (month_start(y, 3 * q - 2), month_end(y, 3 * q));
        match self {
            Period::Year(y) => (month_start(y, 1), month_end(y, 12)),
            Period::Years(a, b) => (month_start(a, 1), month_end(b, 12)),
            Period::Quarter(y, q) => quarter_of(y, q),
            Period::Month(y, m) => (month_start(y, m), month_end(y, m)),
            Period::ThisYear => (month_start(y, 1), month_end(y, 12)),
            Period::LastYear => (month_start(y - 1, 1), month_end(y - 1, 12)),
            Period::ThisQuarter => quarter_of(y, q),
            Period::LastQuarter if q == 1 => quarter_of(y - 1, 4),
            Period::LastQuarter => quarter_of(y, q - 1),
            Period::ThisMonth => (month_start(y, m), month_end(y, m)),
            Period::Last12Months => {
                let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
                let (sy, sm) = if pm == 12 { (py, 1) } else { (py - 1, pm + 1) };
                (month_start(sy, sm), month_end(py, pm))
            }
        }
    }
}

fn month_start(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
}

fn month_end(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    month_start(ny, nm).pred_opt().unwrap_or(NaiveDate::MIN)
}

/// A quarter's key (`2024-Q2`) from a month's (`2024-05`).
pub fn quarter_of_month(month: &str) -> Option<String> {
    let (y, m) = month.split_once('-')?;
    let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
    Some(format!("{y}-Q{}", (m - 1) / 3 + 1))
}

/// One cell's count: the cases of the base, and among them the part a rate counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// The cases the measure selects (a rate: its denominator).
    pub base: u64,
    /// The part counted (equal to `base` for a measure that counts all of them).
    pub part: u64,
}

impl Count {
    pub fn add(&mut self, other: Count) {
        self.base += other.base;
        self.part += other.part;
    }

    /// The figure shown: a count, or a rate in basis points (none when nothing to divide by).
    pub fn value(self, measure: Measure) -> Figure {
        if measure.is_rate() {
            if self.base == 0 {
                Figure::NoRate
            } else {
                // Rounded half up to a basis point.
                Figure::Rate {
                    bp: (self.part * 20_000 + self.base) / (2 * self.base),
                    part: self.part,
                    of: self.base,
                }
            }
        } else {
            Figure::Count(if measure.part().is_some() {
                self.part
            } else {
                self.base
            })
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Figure {
    Count(u64),
    Rate { bp: u64, part: u64, of: u64 },
    NoRate,
}

/// A pivot table: the counts by row key and column key, with totals. Keys are the stored codes
/// (a market's code, an agency's id, `2024-03`); an empty key stands for "all" when no dimension
/// was chosen for that side.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pivot {
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    /// Sent as a list of (keys, count) pairs: JSON has no tuple keys.
    #[serde(with = "pairs")]
    pub cells: BTreeMap<(String, String), Count>,
    pub row_totals: BTreeMap<String, Count>,
    pub col_totals: BTreeMap<String, Count>,
    pub total: Count,
}

impl Pivot {
    /// From the grouped counts; every case is in exactly one group, so the totals are the sums.
    pub fn from_groups(groups: impl IntoIterator<Item = ((String, String), Count)>) -> Pivot {
        let mut p = Pivot::default();
        for ((r, c), n) in groups {
            p.cells.entry((r.clone(), c.clone())).or_default().add(n);
            p.row_totals.entry(r).or_default().add(n);
            p.col_totals.entry(c).or_default().add(n);
            p.total.add(n);
        }
        p.rows = p.row_totals.keys().cloned().collect();
        p.cols = p.col_totals.keys().cloned().collect();
        p
    }

    pub fn cell(&self, row: &str, col: &str) -> Count {
        self.cells
            .get(&(row.to_owned(), col.to_owned()))
            .copied()
            .unwrap_or_default()
    }
}

mod pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Count;

    type Cells = BTreeMap<(String, String), Count>;

    pub fn serialize<S: Serializer>(cells: &Cells, s: S) -> Result<S::Ok, S::Error> {
        cells.iter().collect::<Vec<_>>().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Cells, D::Error> {
        Ok(Vec::<((String, String), Count)>::deserialize(d)?
            .into_iter()
            .collect())
    }
}

/// A rate in basis points as a percentage with one decimal (`12,3 %` / `12.3%`).
pub fn percent(bp: u64, decimal: char) -> String {
    let tenths = (bp + 5) / 10;
    format!("{}{decimal}{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_are_read_from_their_keys_and_cover_their_days() {
        let today = d(2026, 12, 7);
        assert_eq!(
            Period::parse("2024").unwrap().days(today),
            (d(2024, 1, 1), d(2024, 12, 31))
        );
        assert_eq!(
            Period::parse("2024-Q1").unwrap().days(today),
            (d(2024, 1, 1), d(2024, 3, 31))
        );
        assert_eq!(
            Period::parse("2024-02").unwrap().days(today),
            (d(2024, 2, 1), d(2024, 2, 29))
        );
        assert_eq!(
            Period::parse("2018-2024").unwrap().days(today),
            (d(2018, 1, 1), d(2024, 12, 31))
        );
        assert_eq!(
            Period::parse(&Period::Years(2018, 2024).key()),
            Some(Period::Years(2018, 2024))
        );
        for bad in [
            "",
            "24",
            "2024-13",
            "2024-Q5",
            "2024-1",
            "x",
            "20245",
            "2024-2018",
            "2018-20x4",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        for p in Period::RELATIVE {
            assert_eq!(Period::parse(&p.key()), Some(p));
        }
    }

    #[test]
    fn relative_periods_stay_current() {
        assert_eq!(
            Period::Last12Months.days(d(2026, 12, 7)),
            (d(2025, 12, 1), d(2026, 11, 30))
        );
        assert_eq!(
            Period::Last12Months.days(d(2026, 1, 15)),
            (d(2025, 1, 1), d(2025, 12, 31))
        );
        assert_eq!(
            Period::LastQuarter.days(d(2026, 2, 1)),
            (d(2025, 10, 1), d(2025, 12, 31))
        );
        assert_eq!(
            Period::ThisQuarter.days(d(2026, 12, 7)),
            (d(2026, 10, 1), d(2026, 12, 31))
        );
        assert_eq!(
            Period::LastYear.days(d(2026, 12, 7)),
            (d(2025, 1, 1), d(2025, 12, 31))
        );
    }

    #[test]
    fn totals_are_the_sums_of_the_cells_and_rates_divide_the_sums() {
        let p = Pivot::from_groups([
            (("JP".into(), "female".into()), Count { base: 10, part: 1 }),
            (("JP".into(), "male".into()), Count { base: 30, part: 2 }),
            (("TW".into(), "female".into()), Count { base: 5, part: 0 }),
        ]);
        assert_eq!(p.rows, vec!["JP", "TW"]);
        assert_eq!(p.row_totals["JP"], Count { base: 40, part: 3 });
        assert_eq!(p.col_totals["female"], Count { base: 15, part: 1 });
        assert_eq!(p.total, Count { base: 45, part: 3 });
        assert_eq!(p.cell("TW", "male"), Count::default());
        assert_eq!(
            p.total.value(Measure::AbscondRate),
            Figure::Rate {
                bp: 667,
                part: 3,
                of: 45
            }
        );
        assert_eq!(p.total.value(Measure::Departures), Figure::Count(45));
        assert_eq!(p.total.value(Measure::FeeBreaches), Figure::Count(3));
        assert_eq!(Count::default().value(Measure::AbscondRate), Figure::NoRate);
        assert_eq!(percent(667, ','), "6,7");
    }

    #[test]
    fn measures_spread_over_time_refuse_a_time_dimension() {
        assert!(Measure::Departures.allows(Dim::Month));
        assert!(!Measure::Abroad.allows(Dim::Month));
        assert!(!Measure::AbscondRate.allows(Dim::Year));
        assert!(Measure::EarlyReturnRate.allows(Dim::Quarter));
        assert!(Measure::EarlyReturns.allows(Dim::Reason));
        assert!(!Measure::Departures.allows(Dim::Reason));
        assert_eq!(quarter_of_month("2024-05").as_deref(), Some("2024-Q2"));
        for m in Measure::ALL {
            assert_eq!(Measure::parse(m.as_str()), Some(m));
        }
        for dim in Dim::ALL {
            assert_eq!(Dim::parse(dim.as_str()), Some(dim));
        }
    }
}
