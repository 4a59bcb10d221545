//! The 12-digit citizen ID (căn cước công dân), the key of a person in the worker database.
//!
//! Digits 1-3: province of birth registration (the old 63-province codes, zero-padded);
//! digit 4: sex and century; digits 5-6: the last two digits of the birth year; 7-12 random.
//! There is no check digit, so the best we can do is cross-check with what the person entered.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    pub fn parse(s: &str) -> Option<Sex> {
        match s {
            "male" => Some(Sex::Male),
            "female" => Some(Sex::Female),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CitizenId(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CitizenIdError {
    #[error("a citizen ID has exactly 12 digits")]
    Format,
    #[error("the first three digits are not a province code")]
    Province,
    #[error("the fourth digit does not match the sex and birth century")]
    SexOrCentury,
    #[error("digits 5 and 6 do not match the birth year")]
    BirthYear,
}

/// Province codes of birth registration: the 63 old provinces' statistics codes, 01 to 96.
fn is_old_province_code(code: u32) -> bool {
    const CODES: &[u32] = &[
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36,
        37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74,
        75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    ];
    CODES.contains(&code)
}

fn sex_century_digit(sex: Sex, birth_year: i32) -> Option<u32> {
    let century_index = match birth_year / 100 {
        19 => 0,
        20 => 1,
        21 => 2,
        _ => return None,
    };
    Some(century_index * 2 + u32::from(sex == Sex::Female))
}

impl CitizenId {
    /// Checks the shape only: 12 digits and a known province code. Spaces are tolerated.
    pub fn parse(input: &str) -> Result<CitizenId, CitizenIdError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CitizenIdError::Format);
        }
        let province: u32 = digits[0..3].parse().map_err(|_| CitizenIdError::Format)?;
        if !is_old_province_code(province) {
            return Err(CitizenIdError::Province);
        }
        if digits.as_bytes()[3] > b'5' {
            return Err(CitizenIdError::SexOrCentury);
        }
        Ok(CitizenId(digits))
    }

    /// Parses and cross-checks against the sex and birth date the person entered.
    pub fn parse_for(
        input: &str,
        sex: Sex,
        birth_date: NaiveDate,
    ) -> Result<CitizenId, CitizenIdError> {
        let id = CitizenId::parse(input)?;
        let expected =
            sex_century_digit(sex, birth_date.year()).ok_or(CitizenIdError::SexOrCentury)?;
        if u32::from(id.0.as_bytes()[3] - b'0') != expected {
            return Err(CitizenIdError::SexOrCentury);
        }
        if id.0[4..6] != format!("{:02}", birth_date.year() % 100) {
            return Err(CitizenIdError::BirthYear);
        }
        Ok(id)
    }

    /// Builds the ID a person born in `old_province_code` would hold; used by the demo data.
    pub fn compose(
        old_province_code: u32,
        sex: Sex,
        birth_date: NaiveDate,
        serial: u32,
    ) -> Result<CitizenId, CitizenIdError> {
        let digit =
            sex_century_digit(sex, birth_date.year()).ok_or(CitizenIdError::SexOrCentury)?;
        let raw = format!(
            "{:03}{}{:02}{:06}",
            old_province_code,
            digit,
            birth_date.year() % 100,
            serial % 1_000_000
        );
        CitizenId::parse_for(&raw, sex, birth_date)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CitizenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_well_formed_id_matching_sex_and_birth_year_is_accepted() {
        let id = CitizenId::parse_for("001 3 01 234567", Sex::Female, date(2001, 5, 2));
        assert_eq!(id.map(|i| i.to_string()), Ok("001301234567".to_owned()));
    }

    #[test]
    fn an_id_of_the_wrong_length_or_with_letters_is_refused() {
        assert_eq!(CitizenId::parse("00130123456"), Err(CitizenIdError::Format));
        assert_eq!(
            CitizenId::parse("00130123456a"),
            Err(CitizenIdError::Format)
        );
    }

    #[test]
    fn an_id_with_an_unknown_province_is_refused() {
        assert_eq!(
            CitizenId::parse("003301234567"),
            Err(CitizenIdError::Province)
        );
    }

    #[test]
    fn an_id_whose_sex_digit_disagrees_is_refused() {
        assert_eq!(
            CitizenId::parse_for("001201234567", Sex::Female, date(2001, 5, 2)),
            Err(CitizenIdError::SexOrCentury)
        );
        assert_eq!(
            CitizenId::parse_for("001001234567", Sex::Male, date(2001, 5, 2)),
            Err(CitizenIdError::SexOrCentury)
        );
    }

    #[test]
    fn an_id_whose_year_digits_disagree_is_refused() {
        assert_eq!(
            CitizenId::parse_for("001098234567", Sex::Male, date(1999, 1, 1)),
            Err(CitizenIdError::BirthYear)
        );
    }

    /// The old provinces' codes as the reference data lists them (migration/data), not as this
    /// module's own table does: the oracle for the properties below.
    fn old_province_codes() -> Vec<String> {
        let data: serde_json::Value =
            serde_json::from_str(include_str!("../../../migration/data/provinces.json"))
                .expect("provinces.json parses");
        data["provinces_before_2025"]
            .as_array()
            .expect("old provinces")
            .iter()
            .map(|p| format!("0{}", p["code"].as_str().expect("a code")))
            .collect()
    }

    /// The fourth digit written out as the rule's table gives it (Ministry of Public Security,
    /// the circular on citizen ID numbers): 0/1 for men and women born in the 1900s, 2/3 in the
    /// 2000s, 4/5 in the 2100s.
    fn fourth_digit(female: bool, year: i32) -> char {
        match (year / 100, female) {
            (19, false) => '0',
            (19, true) => '1',
            (20, false) => '2',
            (20, true) => '3',
            (21, false) => '4',
            (21, true) => '5',
            _ => unreachable!("years in the test range only"),
        }
    }

    /// Twelve digits written out by hand from their parts.
    fn by_hand(province: &str, female: bool, year: i32, serial: u32) -> String {
        let yy = year.to_string();
        let mut serial = serial.to_string();
        while serial.len() < 6 {
            serial.insert(0, '0');
        }
        format!(
            "{province}{}{}{serial}",
            fourth_digit(female, year),
            &yy[2..]
        )
    }

    #[test]
    fn the_oracle_knows_the_63_old_provinces_and_this_module_accepts_exactly_them() {
        let codes = old_province_codes();
        assert_eq!(codes.len(), 63);
        for n in 0..1000u32 {
            let code = format!("{n:03}");
            let id = format!("{code}301234567");
            let known = codes.contains(&code);
            assert_eq!(
                CitizenId::parse(&id).is_ok(),
                known,
                "{code} is {}a province code",
                if known { "" } else { "not " }
            );
        }
    }

    proptest! {
        #[test]
        fn an_id_written_by_hand_for_a_person_is_accepted_for_them_and_composed_the_same(
            province in prop::sample::select(old_province_codes()),
            female in any::<bool>(),
            year in 1900i32..2100,
            month in 1u32..=12,
            day in 1u32..=28,
            serial in 0u32..1_000_000,
        ) {
            let sex = if female { Sex::Female } else { Sex::Male };
            let born = date(year, month, day);
            let expected = by_hand(&province, female, year, serial);
            prop_assert_eq!(
                CitizenId::parse_for(&expected, sex, born).map(|i| i.to_string()),
                Ok(expected.clone())
            );
            let code: u32 = province.parse().unwrap_or_default();
            prop_assert_eq!(
                CitizenId::compose(code, sex, born, serial).map(|i| i.to_string()),
                Ok(expected)
            );
        }

        #[test]
        fn an_id_written_for_the_other_sex_or_another_year_is_refused(
            province in prop::sample::select(old_province_codes()),
            female in any::<bool>(),
            year in 1900i32..2100,
            other_year in 1900i32..2100,
            serial in 0u32..1_000_000,
        ) {
            let sex = if female { Sex::Female } else { Sex::Male };
            let born = date(year, 6, 15);
            let other_sex = by_hand(&province, !female, year, serial);
            prop_assert_eq!(
                CitizenId::parse_for(&other_sex, sex, born),
                Err(CitizenIdError::SexOrCentury)
            );
            let other = by_hand(&province, female, other_year, serial);
            let expected = if other_year == year {
                Ok(other.clone())
            } else if other_year / 100 != year / 100 {
                Err(CitizenIdError::SexOrCentury)
            } else {
                Err(CitizenIdError::BirthYear)
            };
            prop_assert_eq!(CitizenId::parse_for(&other, sex, born).map(|i| i.to_string()), expected);
        }
    }
}
