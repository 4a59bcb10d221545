//! Agency licences: standing on a given day, licence history, and the public registry's filter.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the licence itself says. Licences have no expiry date; they end only by revocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenceStatus {
    Active,
    Revoked,
}

impl LicenceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LicenceStatus::Active => "active",
            LicenceStatus::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<LicenceStatus> {
        match s {
            "active" => Some(LicenceStatus::Active),
            "revoked" => Some(LicenceStatus::Revoked),
            _ => None,
        }
    }
}

/// What a worker needs to know on a given day: may this agency recruit, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Licensed and not suspended in any market.
    Active,
    /// Licensed, but suspended in at least one market today (a penalty of 3 to 18 months).
    Suspended,
    /// Licence revoked: no new recruiting; workers already abroad must still be served.
    Revoked,
}

impl Standing {
    pub const ALL: [Standing; 3] = [Standing::Active, Standing::Suspended, Standing::Revoked];

    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Active => "active",
            Standing::Suspended => "suspended",
            Standing::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<Standing> {
        Standing::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A suspension of the right to send workers to one market, for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    pub market_code: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl Suspension {
    /// Both ends of the period are days of suspension.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.starts_on <= day && day <= self.ends_on
    }
}

pub fn standing_on(status: LicenceStatus, suspensions: &[Suspension], day: NaiveDate) -> Standing {
    standing_of(status, suspensions.iter().any(|s| s.in_force_on(day)))
}

/// The standing of a licence, knowing whether a suspension in some market is in force.
pub fn standing_of(status: LicenceStatus, suspended: bool) -> Standing {
    match status {
        LicenceStatus::Revoked => Standing::Revoked,
        LicenceStatus::Active if suspended => Standing::Suspended,
        LicenceStatus::Active => Standing::Active,
    }
}

/// Kinds of entries in a licence's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenceEventKind {
    Issued,
    Amended,
    Reissued,
    Suspended,
    Revoked,
}

impl LicenceEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LicenceEventKind::Issued => "issued",
            LicenceEventKind::Amended => "amended",
            LicenceEventKind::Reissued => "reissued",
            LicenceEventKind::Suspended => "suspended",
            LicenceEventKind::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<LicenceEventKind> {
        [
            LicenceEventKind::Issued,
            LicenceEventKind::Amended,
            LicenceEventKind::Reissued,
            LicenceEventKind::Suspended,
            LicenceEventKind::Revoked,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// What the registry search looks in: the name, licence number, enterprise code and province,
/// folded so that accents and case do not matter ("Ha Noi" finds "Hà Nội").
pub fn registry_search_text(
    name: &str,
    licence_number: &str,
    enterprise_code: &str,
    province: &str,
) -> String {
    crate::domain::text::fold(&format!(
        "{name} {licence_number} {enterprise_code} {province}"
    ))
}

/// The public registry's search, as it travels in a URL query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryFilter {
    pub q: String,
    pub standing: Option<Standing>,
    pub market: Option<String>,
    /// 1-based.
    pub page: u32,
}

pub const REGISTRY_PAGE_SIZE: u64 = 20;
const MAX_QUERY_CHARS: usize = 100;

impl RegistryFilter {
    /// Reads the filter from query parameters; anything unknown or malformed is ignored rather
    /// than refused, because these URLs are typed, shared and bookmarked by people.
    pub fn from_params<'a>(get: impl Fn(&str) -> Option<&'a str>) -> RegistryFilter {
        let q: String = get("q")
            .unwrap_or_default()
            .trim()
            .chars()
            .take(MAX_QUERY_CHARS)
            .collect();
        let standing = get("status").and_then(Standing::parse);
        let market = get("market")
            .map(str::trim)
            .filter(|m| m.len() == 2 && m.bytes().all(|b| b.is_ascii_alphabetic()))
            .map(str::to_ascii_uppercase);
        let page = get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1);
        RegistryFilter {
            q,
            standing,
            market,
            page,
        }
    }

    /// The same filter on another page, as a query string starting with `?`.
    pub fn query_string_for_page(&self, page: u32) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode_component(&self.q)));
        }
        if let Some(s) = self.standing {
            parts.push(format!("status={}", s.as_str()));
        }
        if let Some(m) = &self.market {
            parts.push(format!("market={m}"));
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// Number of pages needed for `total` rows (at least one, so "page 1 of 1" reads right).
pub fn page_count(total: u64) -> u32 {
    u32::try_from(total.div_ceil(REGISTRY_PAGE_SIZE).max(1)).unwrap_or(u32::MAX)
}

/// Percent-encodes a URL query component (RFC 3986 unreserved characters pass through).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn suspension(from: NaiveDate, to: NaiveDate) -> Suspension {
        Suspension {
            market_code: "JP".into(),
            starts_on: from,
            ends_on: to,
        }
    }

    #[test]
    fn an_agency_is_suspended_only_while_a_suspension_is_in_force() {
        let s = [suspension(d(2026, 3, 1), d(2026, 8, 31))];
        assert_eq!(
            standing_on(LicenceStatus::Active, &s, d(2026, 2, 28)),
            Standing::Active
        );
        assert_eq!(
            standing_on(LicenceStatus::Active, &s, d(2026, 3, 1)),
            Standing::Suspended
        );
        assert_eq!(
            standing_on(LicenceStatus::Active, &s, d(2026, 8, 31)),
            Standing::Suspended
        );
        assert_eq!(
            standing_on(LicenceStatus::Active, &s, d(2026, 9, 1)),
            Standing::Active
        );
    }

    #[test]
    fn a_revoked_licence_stays_revoked_whatever_the_suspensions() {
        let s = [suspension(d(2026, 3, 1), d(2026, 8, 31))];
        assert_eq!(
            standing_on(LicenceStatus::Revoked, &s, d(2026, 4, 1)),
            Standing::Revoked
        );
        assert_eq!(
            standing_on(LicenceStatus::Revoked, &[], d(2026, 4, 1)),
            Standing::Revoked
        );
    }

    #[test]
    fn the_registry_filter_reads_and_writes_its_query_string() {
        let params = [
            ("q", " Sao Mai "),
            ("status", "suspended"),
            ("market", "jp"),
            ("page", "3"),
        ];
        let get = |k: &str| params.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
        let f = RegistryFilter::from_params(get);
        assert_eq!(f.q, "Sao Mai");
        assert_eq!(f.standing, Some(Standing::Suspended));
        assert_eq!(f.market.as_deref(), Some("JP"));
        assert_eq!(f.page, 3);
        assert_eq!(
            f.query_string_for_page(4),
            "?q=Sao%20Mai&status=suspended&market=JP&page=4"
        );
        assert_eq!(
            f.query_string_for_page(1),
            "?q=Sao%20Mai&status=suspended&market=JP"
        );
    }

    #[test]
    fn malformed_registry_parameters_are_ignored_not_refused() {
        let params = [("status", "bogus"), ("market", "Japan"), ("page", "-2")];
        let get = |k: &str| params.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
        assert_eq!(
            RegistryFilter::from_params(get),
            RegistryFilter {
                page: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn the_search_text_holds_every_searchable_field_folded() {
        assert_eq!(
            registry_search_text(
                "Công ty Sao Mai",
                "012/2019/LĐTBXH-GP",
                "0101234567",
                "Hà Nội"
            ),
            "cong ty sao mai 012 2019 ldtbxh gp 0101234567 ha noi"
        );
    }

    #[test]
    fn page_count_rounds_up_and_is_never_zero() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(20), 1);
        assert_eq!(page_count(21), 2);
    }
}
