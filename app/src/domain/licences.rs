//! Licence decisions (DOLAB): issue a licence once its conditions are met, amend its details,
//! reissue it, suspend it in one market for a period the rules bound, revoke it on a ground of
//! the law. Pure: the backend reads the rules in force and the records; what a decision may say
//! is decided here.

use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use super::agencies::Suspension;
use super::rules::{add_months, MissingRule, RuleBook, RuleKey};

/// What every decision carries: its number, the day it was signed, and who signed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub number: String,
    pub decided_on: NaiveDate,
    /// Name and title of the competent person who signed.
    pub signer: String,
}

/// The licence's public details: what the registry shows and an amendment may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: Option<String>,
    pub website: Option<String>,
    /// The legal representative (not known for licences from before the system).
    pub representative: Option<String>,
}

/// The conditions of a licence (Law 69/2020, Art. 10; Decree 112/2021), as the dossier shows
/// them and the officer checked them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conditions {
    pub charter_capital_vnd: i64,
    /// Owned by Vietnamese investors only.
    pub domestic_owners: bool,
    pub deposit_vnd: i64,
    pub deposit_bank: String,
    pub deposit_on: NaiveDate,
    /// The legal representative is a Vietnamese citizen with a university degree.
    pub representative_vietnamese_graduate: bool,
    pub representative_years: u32,
    pub staff: u32,
    /// The staff meet the conditions of the law (market languages where a market asks).
    pub staff_qualified: bool,
    pub training_capacity: u32,
}

/// The thresholds of the conditions on a day, from the reference rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub charter_capital_vnd: i64,
    pub deposit_vnd: i64,
    pub representative_years: i64,
    pub training_capacity: i64,
}

impl Thresholds {
    pub fn on(book: &RuleBook, day: NaiveDate) -> Result<Thresholds, MissingRule> {
        Ok(Thresholds {
            charter_capital_vnd: book.value(RuleKey::LicenceCharterCapitalVnd, "", day)?,
            deposit_vnd: book.value(RuleKey::LicenceDepositVnd, "", day)?,
            representative_years: book.value(RuleKey::LicenceRepExperienceYears, "", day)?,
            training_capacity: book.value(RuleKey::LicenceTrainingCapacity, "", day)?,
        })
    }
}

/// A condition the dossier does not meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unmet {
    CharterCapital {
        min: i64,
    },
    DomesticOwners,
    Deposit {
        min: i64,
    },
    Representative,
    RepresentativeYears {
        min: i64,
    },
    Staff,
    TrainingCapacity {
        min: i64,
    },
    /// The website is not under `.vn`.
    Website,
}

/// A website under `.vn`: `https://saomai.com.vn`, `saomai.vn/tuyen-dung`.
pub fn is_vn_website(url: &str) -> bool {
    let rest = url
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host.len() > 3
        && host.ends_with(".vn")
        && host.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Every condition the dossier does not meet, in the form's order; empty: the licence may issue.
pub fn unmet(c: &Conditions, website: Option<&str>, t: &Thresholds) -> Vec<Unmet> {
    let mut out = Vec::new();
    if c.charter_capital_vnd < t.charter_capital_vnd {
        out.push(Unmet::CharterCapital {
            min: t.charter_capital_vnd,
        });
    }
    if !c.domestic_owners {
        out.push(Unmet::DomesticOwners);
    }
    if c.deposit_vnd < t.deposit_vnd {
        out.push(Unmet::Deposit { min: t.deposit_vnd });
    }
    if !c.representative_vietnamese_graduate {
        out.push(Unmet::Representative);
    }
    if i64::from(c.representative_years) < t.representative_years {
        out.push(Unmet::RepresentativeYears {
            min: t.representative_years,
        });
    }
    if c.staff == 0 || !c.staff_qualified {
        out.push(Unmet::Staff);
    }
    if i64::from(c.training_capacity) < t.training_capacity {
        out.push(Unmet::TrainingCapacity {
            min: t.training_capacity,
        });
    }
    if !website.is_some_and(is_vn_website) {
        out.push(Unmet::Website);
    }
    out
}

/// One detail an amendment changes, before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: DetailField,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetailField {
    Name,
    Address,
    Phone,
    Email,
    Website,
    Representative,
}

/// What an amendment changes; empty when it changes nothing (and is then refused).
pub fn changes(before: &Details, after: &Details) -> Vec<Change> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    [
        (DetailField::Name, before.name.clone(), after.name.clone()),
        (
            DetailField::Address,
            before.address.clone(),
            after.address.clone(),
        ),
        (
            DetailField::Phone,
            before.phone.clone(),
            after.phone.clone(),
        ),
        (DetailField::Email, opt(&before.email), opt(&after.email)),
        (
            DetailField::Website,
            opt(&before.website),
            opt(&after.website),
        ),
        (
            DetailField::Representative,
            opt(&before.representative),
            opt(&after.representative),
        ),
    ]
    .into_iter()
    .filter(|(_, b, a)| b != a)
    .map(|(field, before, after)| Change {
        field,
        before,
        after,
    })
    .collect()
}

/// Why a licence is reissued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReissueReason {
    Lost,
    Damaged,
}

impl ReissueReason {
    pub const ALL: [ReissueReason; 2] = [ReissueReason::Lost, ReissueReason::Damaged];

    pub fn as_str(self) -> &'static str {
        match self {
            ReissueReason::Lost => "lost",
            ReissueReason::Damaged => "damaged",
        }
    }

    pub fn parse(s: &str) -> Option<ReissueReason> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The grounds on which the law revokes a licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationGround {
    /// The dossier was forged.
    ForgedDossier,
    /// The conditions of the licence are no longer kept.
    ConditionsNotKept,
    /// No worker sent abroad for 24 consecutive months.
    NoWorkerSent,
    /// Revocation as a sanction for a serious violation.
    Sanctioned,
    /// The enterprise is dissolved, bankrupt, or asked for it.
    Dissolved,
}

impl RevocationGround {
    pub const ALL: [RevocationGround; 5] = [
        RevocationGround::ForgedDossier,
        RevocationGround::ConditionsNotKept,
        RevocationGround::NoWorkerSent,
        RevocationGround::Sanctioned,
        RevocationGround::Dissolved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RevocationGround::ForgedDossier => "forged_dossier",
            RevocationGround::ConditionsNotKept => "conditions_not_kept",
            RevocationGround::NoWorkerSent => "no_worker_sent",
            RevocationGround::Sanctioned => "sanctioned",
            RevocationGround::Dissolved => "dissolved",
        }
    }

    pub fn parse(s: &str) -> Option<RevocationGround> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// How long a suspension may last on a day, in months (both ends allowed).
pub fn suspension_bounds(book: &RuleBook, day: NaiveDate) -> Result<(i64, i64), MissingRule> {
    Ok((
        book.value(RuleKey::SuspensionMinMonths, "", day)?,
        book.value(RuleKey::SuspensionMaxMonths, "", day)?,
    ))
}

/// The last day of a suspension of `months` from `starts_on`: it ends by itself the day before
/// the same date `months` later.
pub fn suspension_ends_on(starts_on: NaiveDate, months: u32) -> NaiveDate {
    add_months(starts_on, months) - TimeDelta::days(1)
}

/// A suspension in the same market that shares a day with the period.
pub fn overlapping<'a>(
    existing: &'a [Suspension],
    market: &str,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> Option<&'a Suspension> {
    existing
        .iter()
        .find(|s| s.market_code == market && s.starts_on <= ends_on && starts_on <= s.ends_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::tests::{book, d};

    fn dossier() -> Conditions {
        Conditions {
            charter_capital_vnd: 5_000_000_000,
            domestic_owners: true,
            deposit_vnd: 2_000_000_000,
            deposit_bank: "Vietcombank".into(),
            deposit_on: d(2026, 11, 2),
            representative_vietnamese_graduate: true,
            representative_years: 5,
            staff: 12,
            staff_qualified: true,
            training_capacity: 100,
        }
    }

    fn thresholds() -> Thresholds {
        Thresholds {
            charter_capital_vnd: 5_000_000_000,
            deposit_vnd: 2_000_000_000,
            representative_years: 5,
            training_capacity: 100,
        }
    }

    #[test]
    fn a_dossier_exactly_at_every_threshold_meets_the_conditions() {
        assert_eq!(
            unmet(&dossier(), Some("https://saomai.com.vn"), &thresholds()),
            vec![]
        );
    }

    #[test]
    fn every_unmet_condition_is_named_with_its_threshold() {
        let c = Conditions {
            charter_capital_vnd: 4_999_999_999,
            domestic_owners: false,
            deposit_vnd: 1_000_000_000,
            representative_vietnamese_graduate: false,
            representative_years: 4,
            staff: 0,
            training_capacity: 99,
            ..dossier()
        };
        assert_eq!(
            unmet(&c, Some("https://saomai.com"), &thresholds()),
            vec![
                Unmet::CharterCapital { min: 5_000_000_000 },
                Unmet::DomesticOwners,
                Unmet::Deposit { min: 2_000_000_000 },
                Unmet::Representative,
                Unmet::RepresentativeYears { min: 5 },
                Unmet::Staff,
                Unmet::TrainingCapacity { min: 100 },
                Unmet::Website,
            ]
        );
        assert_eq!(unmet(&dossier(), None, &thresholds()), vec![Unmet::Website]);
    }

    #[test]
    fn only_a_host_under_vn_is_a_vn_website() {
        for ok in [
            "saomai.vn",
            "https://saomai.com.vn/tuyen-dung",
            "http://a-b.edu.vn:8080",
        ] {
            assert!(is_vn_website(ok), "{ok}");
        }
        for bad in [
            "saomai.com",
            "https://vn.saomai.com",
            ".vn",
            "https://x.vn.evil.com/",
            "sao mai.vn",
            "",
        ] {
            assert!(!is_vn_website(bad), "{bad}");
        }
    }

    #[test]
    fn a_suspension_ends_the_day_before_the_same_date_months_later() {
        assert_eq!(suspension_ends_on(d(2026, 12, 1), 6), d(2027, 5, 31));
        assert_eq!(suspension_ends_on(d(2026, 8, 31), 6), d(2027, 2, 27));
        assert_eq!(suspension_ends_on(d(2026, 1, 15), 18), d(2027, 7, 14));
    }

    #[test]
    fn a_suspension_overlaps_only_in_its_own_market() {
        let s = [Suspension {
            market_code: "JP".into(),
            starts_on: d(2026, 3, 1),
            ends_on: d(2026, 8, 31),
        }];
        assert!(overlapping(&s, "JP", d(2026, 8, 31), d(2027, 1, 1)).is_some());
        assert!(overlapping(&s, "JP", d(2026, 9, 1), d(2027, 1, 1)).is_none());
        assert!(overlapping(&s, "TW", d(2026, 4, 1), d(2026, 5, 1)).is_none());
    }

    #[test]
    fn an_amendment_lists_only_what_it_changes() {
        let before = Details {
            name: "Công ty Sao Mai".into(),
            address: "Hà Nội".into(),
            phone: "0241234567".into(),
            email: None,
            website: Some("saomai.vn".into()),
            representative: Some("Nguyễn Văn A".into()),
        };
        let after = Details {
            address: "Hải Phòng".into(),
            email: Some("lienhe@saomai.vn".into()),
            ..before.clone()
        };
        let got = changes(&before, &after);
        assert_eq!(
            got.iter().map(|c| c.field).collect::<Vec<_>>(),
            vec![DetailField::Address, DetailField::Email]
        );
        assert_eq!(got[1].before, "");
        assert!(changes(&before, &before).is_empty());
    }

    #[test]
    fn the_suspension_bounds_come_from_the_rules_in_force() {
        let mut b = book();
        b.0.extend([
            crate::domain::rules::RuleEntry {
                key: RuleKey::SuspensionMinMonths,
                scope: String::new(),
                effective_from: d(2026, 9, 10),
                value: 3,
                source: "test".into(),
            },
            crate::domain::rules::RuleEntry {
                key: RuleKey::SuspensionMaxMonths,
                scope: String::new(),
                effective_from: d(2026, 9, 10),
                value: 18,
                source: "test".into(),
            },
        ]);
        assert_eq!(suspension_bounds(&b, d(2026, 12, 1)), Ok((3, 18)));
        assert!(suspension_bounds(&b, d(2026, 9, 9)).is_err());
    }
}
