//! What each generated row looks like: where the worker was born, who they are, what their
//! order pays, how their contract ended.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use sea_orm::ActiveValue::{NotSet, Set};

use super::refused;
use crate::backend::entity::worker;
use crate::backend::seed::{
    days, months_later, pick, weighted, MarketPlan, ETHNICITIES, FAMILY, GIVEN_FEMALE, GIVEN_MALE,
    HOUSEHOLDS, MARKET_PLANS, MIDDLE_FEMALE, MIDDLE_MALE,
};
use crate::backend::ServiceError;
use crate::domain::cases::CaseState;
use crate::domain::citizen_id::{CitizenId, Sex};
use crate::domain::lifecycle::EndReason;

/// The 63 old provinces (the citizen ID's first digits) by population in thousands, rough GSO
/// figures for 2023. The working-age share is close to two thirds everywhere, so these weigh
/// the provinces as their working-age populations would.
pub(super) const OLD_PROVINCE_WEIGHTS: [(&str, u32); 63] = [
    ("01", 8_500),
    ("02", 900),
    ("04", 545),
    ("06", 320),
    ("08", 800),
    ("10", 770),
    ("11", 640),
    ("12", 480),
    ("14", 1_300),
    ("15", 850),
    ("17", 880),
    ("19", 1_340),
    ("20", 800),
    ("22", 1_380),
    ("24", 1_900),
    ("25", 1_500),
    ("26", 1_200),
    ("27", 1_500),
    ("30", 1_950),
    ("31", 2_100),
    ("33", 1_300),
    ("34", 1_880),
    ("35", 880),
    ("36", 1_880),
    ("37", 1_010),
    ("38", 3_740),
    ("40", 3_440),
    ("42", 1_330),
    ("44", 920),
    ("45", 650),
    ("46", 1_170),
    ("48", 1_240),
    ("49", 1_520),
    ("51", 1_250),
    ("52", 1_500),
    ("54", 880),
    ("56", 1_260),
    ("58", 600),
    ("60", 1_260),
    ("62", 580),
    ("64", 1_600),
    ("66", 1_930),
    ("67", 680),
    ("68", 1_330),
    ("70", 1_040),
    ("72", 1_190),
    ("74", 2_800),
    ("75", 3_300),
    ("77", 1_200),
    ("79", 9_460),
    ("80", 1_730),
    ("82", 1_790),
    ("83", 1_300),
    ("84", 1_020),
    ("86", 1_030),
    ("87", 1_600),
    ("89", 1_910),
    ("91", 1_750),
    ("92", 1_250),
    ("93", 730),
    ("94", 1_200),
    ("95", 920),
    ("96", 1_200),
];

/// Orders to the markets the small demo does not send to; the last one stands for any market
/// added to the table later.
const MORE_MARKETS: [MarketPlan; 5] = [
    MarketPlan {
        code: "PL",
        weight: 0,
        currency: "EUR",
        wage: (800, 1_100),
        fee_vnd: (30_000_000, 45_000_000),
        deposit_vnd: (0, 0),
        employers: [
            "Wisła Logistics Sp. z o.o.",
            "Mazovia Foods Sp. z o.o.",
            "Gdańsk Stocznia S.A.",
        ],
        occupations: ["9333", "8160", "7214", "9313"],
    },
    MarketPlan {
        code: "SA",
        weight: 0,
        currency: "USD",
        wage: (400, 600),
        fee_vnd: (15_000_000, 25_000_000),
        deposit_vnd: (0, 0),
        employers: [
            "Al Noor Manpower Co.",
            "Riyadh Home Services",
            "Jeddah Facilities Co.",
        ],
        occupations: ["9111", "5120", "9112", "9111"],
    },
    MarketPlan {
        code: "MY",
        weight: 0,
        currency: "USD",
        wage: (350, 500),
        fee_vnd: (15_000_000, 25_000_000),
        deposit_vnd: (0, 0),
        employers: [
            "Selangor Electronics Sdn. Bhd.",
            "Penang Plastics Sdn. Bhd.",
            "Johor Agro Sdn. Bhd.",
        ],
        occupations: ["8212", "8142", "9211", "9313"],
    },
    MarketPlan {
        code: "MO",
        weight: 0,
        currency: "USD",
        wage: (700, 1_000),
        fee_vnd: (20_000_000, 30_000_000),
        deposit_vnd: (0, 0),
        employers: [
            "Cotai Hospitality Ltd.",
            "Macau Household Services",
            "Taipa Catering Ltd.",
        ],
        occupations: ["5120", "9111", "5131", "9112"],
    },
    MarketPlan {
        code: "",
        weight: 0,
        currency: "USD",
        wage: (500, 900),
        fee_vnd: (20_000_000, 30_000_000),
        deposit_vnd: (0, 0),
        employers: [
            "Overseas Manufacturing Ltd.",
            "Global Services Ltd.",
            "United Works Ltd.",
        ],
        occupations: ["8212", "9313", "9211", "9333"],
    },
];

pub(super) fn profile(code: &str) -> &'static MarketPlan {
    MARKET_PLANS
        .iter()
        .chain(&MORE_MARKETS)
        .find(|m| m.code == code)
        .unwrap_or(&MORE_MARKETS[MORE_MARKETS.len() - 1])
}

/// How a departed case has ended by `today`, if its term has passed: most completed, a few
/// early (mid-term), absconding mostly in Korea and Japan.
pub(super) fn ending(
    rng: &mut ChaCha8Rng,
    code: &str,
    departed: NaiveDate,
    term_months: u32,
    today: NaiveDate,
) -> (CaseState, Option<NaiveDate>, Option<EndReason>) {
    let term_end = months_later(departed, term_months);
    if term_end > today {
        return (CaseState::Departed, None, None);
    }
    let absconding = match code {
        "KR" => 120,
        "JP" => 80,
        "TW" => 50,
        _ => 20,
    };
    let reason = *weighted(
        rng,
        &[
            (EndReason::Completed, 800),
            (EndReason::EarlyReturnNotAtFault, 60),
            (EndReason::EarlyReturnAtFault, 30),
            (EndReason::Absconded, absconding),
            (EndReason::Overstayed, 30),
            (EndReason::Extended, 10),
        ],
    );
    let ended = match reason {
        EndReason::EarlyReturnNotAtFault | EndReason::EarlyReturnAtFault | EndReason::Absconded => {
            let span = (term_end - departed).num_days();
            departed + days(rng.gen_range(60..(span - 30).max(61)))
        }
        _ => term_end,
    };
    let state = if (today - ended).num_days() <= 180 {
        CaseState::ContractEnded
    } else {
        CaseState::Liquidated
    };
    (state, Some(ended), Some(reason))
}

/// A worker aged 19 to 40 on `departed`, with a citizen ID no one else holds.
pub(super) fn new_worker(
    rng: &mut ChaCha8Rng,
    sex: Sex,
    departed: NaiveDate,
    seen: &mut HashSet<u64>,
    old_to_new: &HashMap<String, String>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(worker::ActiveModel, String), ServiceError> {
    // Younger more often: the lower of two draws.
    let age = 19 + rng.gen_range(0..22u32).min(rng.gen_range(0..22u32));
    let birth_date = departed
        .checked_sub_months(chrono::Months::new(age * 12))
        .unwrap_or(departed)
        - days(rng.gen_range(0..365));
    let (old_code, citizen_id) = loop {
        let old_code = *weighted(rng, &OLD_PROVINCE_WEIGHTS);
        let province = old_code
            .parse()
            .map_err(|_| refused(format!("old province code {old_code}")))?;
        let id = CitizenId::compose(province, sex, birth_date, rng.gen_range(0..1_000_000))
            .map_err(|e| refused(format!("citizen ID: {e}")))?;
        let number = id
            .as_str()
            .parse()
            .map_err(|_| refused(format!("citizen ID {id} is not a number")))?;
        if seen.insert(number) {
            break (old_code, id.to_string());
        }
    };
    let new_code = old_to_new
        .get(old_code)
        .cloned()
        .ok_or_else(|| refused(format!("old province {old_code} has no new province")))?;
    let family = weighted(rng, &FAMILY);
    let (middle, given) = match sex {
        Sex::Male => (pick(rng, &MIDDLE_MALE), pick(rng, &GIVEN_MALE)),
        Sex::Female => (pick(rng, &MIDDLE_FEMALE), pick(rng, &GIVEN_FEMALE)),
    };
    let phone = format!(
        "0{} {:03} {:04}",
        pick(
            rng,
            &["86", "96", "97", "98", "32", "33", "35", "39", "91", "94", "88", "77"]
        ),
        rng.gen_range(0..1000),
        rng.gen_range(0..10000)
    );
    let email = rng.gen_bool(0.3).then(|| {
        format!(
            "{}{}@example.vn",
            crate::domain::text::fold(given).replace(' ', ""),
            rng.gen_range(80..9999)
        )
    });
    let worker = worker::ActiveModel {
        id: NotSet,
        citizen_id: Set(citizen_id.clone()),
        full_name: Set(format!("{family} {middle} {given}")),
        birth_date: Set(birth_date),
        sex: Set(sex.as_str().to_owned()),
        phone: Set(phone),
        email: Set(email),
        province_code: Set(new_code),
        old_province_code: Set(Some(old_code.to_owned())),
        ethnicity: Set(weighted(rng, &ETHNICITIES).to_string()),
        household: Set(weighted(rng, &HOUSEHOLDS).to_string()),
        created_at: Set(now),
    };
    Ok((worker, citizen_id))
}
