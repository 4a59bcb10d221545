//! What the recruitment-cost page shows: the filters chosen, and the indicator over the
//! departed workers they select.

use serde::{Deserialize, Serialize};

use crate::domain::recruitment_cost::{Indicator, Lens};
use crate::views::agencies::MarketView;
use crate::views::job_orders::OccupationView;

/// The page's filters, as its GET form sends them (empty for "all").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecruitmentCostQuery {
    /// The year of departure.
    pub year: String,
    pub market: String,
    pub lens: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecruitmentCostView {
    pub year: Option<i32>,
    pub market: Option<String>,
    pub lens: Lens,
    /// Years in which workers in scope departed, newest first.
    pub years: Vec<i32>,
    pub markets: Vec<MarketView>,
    pub occupations: Vec<OccupationView>,
    /// Province names by code, for the rows by province.
    pub provinces: Vec<(String, String)>,
    /// The province a provincial officer sees; none for the whole country.
    pub scope: Option<String>,
    pub indicator: Indicator,
}
