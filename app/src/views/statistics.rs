//! What the statistics page sends and shows: the GET form's fields (a view is its URL), the
//! pivot table with its labels, the charts' counts, and the drill-down list behind a number.

use serde::{Deserialize, Serialize};

use crate::domain::statistics::{Dim, Measure, Pivot};

/// The page's fields as its GET form sends them; empty means "all" (or the default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatisticsQuery {
    pub measure: String,
    pub rows: String,
    pub cols: String,
    pub period: String,
    pub market: String,
    pub sex: String,
    pub province: String,
    pub old_province: String,
    pub form: String,
    pub agency: String,
    pub occupation: String,
    pub ethnicity: String,
    pub household: String,
    pub reason: String,
}

impl StatisticsQuery {
    /// The value of a filter field.
    pub fn filter(&self, dim: Dim) -> &str {
        match dim {
            Dim::Market => &self.market,
            Dim::Sex => &self.sex,
            Dim::Province => &self.province,
            Dim::OldProvince => &self.old_province,
            Dim::Form => &self.form,
            Dim::Agency => &self.agency,
            Dim::Occupation => &self.occupation,
            Dim::Ethnicity => &self.ethnicity,
            Dim::Household => &self.household,
            Dim::Reason => &self.reason,
            Dim::Year | Dim::Quarter | Dim::Month => "",
        }
    }

    pub fn set_filter(&mut self, dim: Dim, value: String) {
        let slot = match dim {
            Dim::Market => &mut self.market,
            Dim::Sex => &mut self.sex,
            Dim::Province => &mut self.province,
            Dim::OldProvince => &mut self.old_province,
            Dim::Form => &mut self.form,
            Dim::Agency => &mut self.agency,
            Dim::Occupation => &mut self.occupation,
            Dim::Ethnicity => &mut self.ethnicity,
            Dim::Household => &mut self.household,
            Dim::Reason => &mut self.reason,
            Dim::Year | Dim::Quarter | Dim::Month => return,
        };
        *slot = value;
    }

    /// The fields and values of the URL's query, in a fixed order, empty ones left out.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![
            ("measure", self.measure.clone()),
            ("rows", self.rows.clone()),
            ("cols", self.cols.clone()),
            ("period", self.period.clone()),
        ];
        for d in Dim::FILTERS {
            out.push((d.as_str(), self.filter(d).to_owned()));
        }
        out.retain(|(_, v)| !v.is_empty());
        out
    }
}

/// A code with its names in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub key: String,
    pub vi: String,
    pub en: String,
}

/// The choices of one dimension, in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimLabels {
    pub dim: Dim,
    pub labels: Vec<Label>,
}

/// A field the page could not apply, with why, shown next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldIssue {
    pub field: String,
    pub problem: StatisticsProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatisticsProblem {
    /// Not one of the field's choices.
    UnknownChoice,
    /// The measure spans time (workers abroad, a rate over those abroad), so a time dimension
    /// would count one worker in several columns.
    SpansTime,
    /// An end reason only breaks down returns and ended contracts.
    NotEnded,
    /// Rows and columns are the same dimension.
    SameAsRows,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatisticsView {
    /// The fields as applied (what the form shows).
    pub query: StatisticsQuery,
    pub issues: Vec<FieldIssue>,
    pub measure: Measure,
    pub rows: Option<Dim>,
    pub cols: Option<Dim>,
    /// The period's first and last day.
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// Years that hold departures or ends, newest first, for the period field.
    pub years: Vec<i32>,
    /// The province a provincial officer sees; none for the whole country.
    pub scope: Option<String>,
    pub pivot: Pivot,
    /// Names of the codes of every dimension, for the table, the filters and the charts.
    pub labels: Vec<DimLabels>,
    /// Departures by month and market in the period.
    pub chart_months: Pivot,
    /// Departures by province in the period.
    pub chart_provinces: Pivot,
    /// Absconding rate by agency in the period.
    pub chart_agencies: Pivot,
    /// Whether the reader may open the list of cases behind a number.
    pub can_drill: bool,
}

/// The list of cases behind a number: the table's fields and the cell's keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DrillQuery {
    #[serde(flatten)]
    pub q: StatisticsQuery,
    /// The cell's row key (empty with no row dimension).
    pub row: String,
    pub col: String,
    /// Which count of a rate's cell: "part" (the numerator) or "base" (its denominator).
    pub part: String,
    pub page: String,
}

impl DrillQuery {
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = self.q.pairs();
        for (k, v) in [("row", &self.row), ("col", &self.col), ("part", &self.part)] {
            if !v.is_empty() {
                out.push((k, v.clone()));
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillCase {
    pub id: i32,
    pub worker_name: String,
    pub citizen_id: String,
    pub sex: String,
    pub province: String,
    pub agency: String,
    pub market: String,
    pub state: String,
    pub departed_on: Option<chrono::NaiveDate>,
    pub ended_on: Option<chrono::NaiveDate>,
    pub end_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillView {
    pub query: DrillQuery,
    pub measure: Measure,
    /// What the cell says, in words, in both languages.
    pub title: Label,
    /// The cases behind the number: the same count the table shows.
    pub count: u64,
    pub page: u64,
    pub pages: u64,
    pub cases: Vec<DrillCase>,
    /// The most rows an export of the list may hold.
    pub export_cap: u64,
}

/// The drill-down export's form: the list's fields, the format and why the data is taken.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DrillExportForm {
    #[serde(flatten)]
    pub drill: DrillQuery,
    pub format: String,
    pub purpose: String,
}
