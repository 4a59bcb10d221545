//! The national departure totals the ministry published (DOMAIN.md, "Reporting"), as data: the
//! national demo dataset reproduces them, and a statistics page may show them beside the system's
//! own figures. Pure data, so it compiles for the browser too.

/// Departures in one published period: a calendar year, or a year's first months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishedPeriod {
    /// How the source names the period: "2024", "Q1 2025".
    pub label: &'static str,
    pub year: i32,
    pub first_month: u32,
    pub last_month: u32,
    /// All departures in the period. For 2022 and 2023 the source says "about" and "over": the
    /// figures are its round numbers.
    pub total: u32,
    /// Departures to the markets the source names (ISO codes as in the `markets` table); the
    /// other markets share the rest. Empty when the source names none.
    pub by_market: &'static [(&'static str, u32)],
    /// Women, where the source gives them.
    pub women: Option<PublishedWomen>,
}

/// Women among the departures of a period's first months (to `through_month`): the source
/// gives 2024's for January to November only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishedWomen {
    pub through_month: u32,
    /// All departures of those months.
    pub departures: u32,
    pub women: u32,
}

pub const PUBLISHED: [PublishedPeriod; 4] = [
    PublishedPeriod {
        label: "2022",
        year: 2022,
        first_month: 1,
        last_month: 12,
        total: 143_000,
        by_market: &[("JP", 67_000), ("TW", 58_000), ("KR", 10_000)],
        women: None,
    },
    PublishedPeriod {
        label: "2023",
        year: 2023,
        first_month: 1,
        last_month: 12,
        total: 159_000,
        by_market: &[("JP", 80_000), ("TW", 58_600), ("KR", 11_600)],
        women: None,
    },
    PublishedPeriod {
        label: "2024",
        year: 2024,
        first_month: 1,
        last_month: 12,
        total: 158_588,
        by_market: &[("JP", 69_188), ("TW", 53_271), ("KR", 11_273)],
        women: Some(PublishedWomen {
            through_month: 11,
            departures: 143_160,
            women: 45_350,
        }),
    },
    PublishedPeriod {
        label: "Q1 2025",
        year: 2025,
        first_month: 1,
        last_month: 3,
        total: 37_027,
        by_market: &[],
        women: Some(PublishedWomen {
            through_month: 3,
            departures: 37_027,
            women: 7_061,
        }),
    },
];

/// A published figure divided by `divisor` and rounded half up: the scaled-down datasets of
/// tests keep the published shape. A divisor of 0 is read as 1.
pub fn scaled(figure: u32, divisor: u32) -> u64 {
    let d = u64::from(divisor.max(1));
    (u64::from(figure) + d / 2) / d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_period_holds_its_named_markets_and_women() {
        for p in PUBLISHED {
            let named: u32 = p.by_market.iter().map(|(_, n)| n).sum();
            assert!(named <= p.total, "{}", p.label);
            if let Some(w) = p.women {
                assert!(
                    w.women <= w.departures && w.departures <= p.total,
                    "{}",
                    p.label
                );
                assert!((p.first_month..=p.last_month).contains(&w.through_month));
            }
        }
    }

    #[test]
    fn scaling_rounds_half_up() {
        assert_eq!(scaled(45_350, 100), 454);
        assert_eq!(scaled(158_588, 100), 1_586);
        assert_eq!(scaled(11_273, 100), 113);
        assert_eq!(scaled(7, 0), 7);
    }
}
