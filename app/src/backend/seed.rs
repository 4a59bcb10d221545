//! Deterministic demo data: about 40 agencies in every licence standing, their job orders, and a
//! few thousand workers whose cases are spread over the lifecycle with plausible dates.
//!
//! Random choices come from a fixed-seed ChaCha generator, so the same size gives the same names,
//! IDs and states on every machine. Dates are placed relative to the clock's today, so the demo
//! stays lively (suspensions in force, cases in progress) whenever it is run.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, TimeDelta};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{NotSet, Set},
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};

use super::entity::{
    agency, case, job_order, licence_event, market_suspension, old_province, worker,
};
use super::{Backend, ServiceError};
use crate::domain::agencies::{registry_search_text, LicenceEventKind, LicenceStatus};
use crate::domain::cases::CaseState;
use crate::domain::citizen_id::{CitizenId, Sex};
use crate::domain::job_orders::{Programme, SendingForm};
use crate::domain::money::{deposit_cap_on, fee_cap_on, rate_on, OrderTerms};
use crate::domain::text::fold;

pub const DEFAULT_WORKERS: usize = 3_000;
/// Legal representatives of the demo agencies.
const REPRESENTATIVES: [&str; 8] = [
    "Nguyễn Văn Hùng",
    "Trần Thị Thu Hà",
    "Lê Minh Tuấn",
    "Phạm Thị Lan",
    "Hoàng Đức Anh",
    "Vũ Thị Hồng",
    "Đặng Quốc Bảo",
    "Bùi Thị Ngọc",
];

pub(super) const SEED: u64 = 0x48_61_6e_68_54_72_61_6e; // "HanhTran"

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub agencies: usize,
    pub job_orders: usize,
    pub workers: usize,
    pub cases: usize,
}

/// Brand names of the demo agencies, in a fixed order: index `i` always gets the same standing
/// (see [`planned_standing`]), which the end-to-end tests rely on.
pub const AGENCY_BRANDS: [&str; 40] = [
    "Sao Mai",
    "Hoàng Long",
    "Việt Nhật Sakura",
    "Thành Đạt",
    "Á Châu",
    "Phú Thịnh",
    "Đông Á",
    "Trường Sơn",
    "Minh Phát",
    "Hồng Hà",
    "Bình Minh",
    "Tân Việt",
    "Hải Đăng",
    "Kim Liên",
    "Phương Nam",
    "Hưng Thịnh",
    "Việt Hàn",
    "Đại Dương",
    "An Khang",
    "Thái Bình Dương",
    "Nam Việt",
    "Hoa Sen",
    "Bắc Hà",
    "Quang Minh",
    "Phúc Lộc",
    "Vạn Xuân",
    "Lạc Hồng",
    "Đức Tín",
    "Thiên Phú",
    "Cửu Long",
    "Tràng An",
    "Sông Lam",
    "Hòa Bình",
    "Việt Đài",
    "Ngọc Lan",
    "Hùng Vương",
    "Thăng Long",
    "Mê Kông",
    "Tây Bắc",
    "Đất Việt",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlannedStanding {
    Active,
    /// Active, with a suspension that ended in the past (it shows in the history).
    ActiveWithPastSuspension,
    Suspended,
    Revoked,
}

pub fn planned_standing(index: usize) -> PlannedStanding {
    if index % 10 == 9 {
        PlannedStanding::Revoked
    } else if index % 6 == 4 {
        PlannedStanding::Suspended
    } else if index % 8 == 1 {
        PlannedStanding::ActiveWithPastSuspension
    } else {
        PlannedStanding::Active
    }
}

const COMPANY_FORMS: [&str; 4] = [
    "Công ty Cổ phần Cung ứng Nhân lực Quốc tế",
    "Công ty TNHH Xuất khẩu Lao động",
    "Công ty Cổ phần Đầu tư và Phát triển Nhân lực",
    "Công ty Cổ phần Hợp tác Lao động và Thương mại",
];

/// (new province code, area code, street names) for agency head offices.
const OFFICE_PLACES: [(&str, &str, [&str; 3]); 8] = [
    (
        "01",
        "024",
        [
            "phố Trần Duy Hưng",
            "đường Phạm Văn Đồng",
            "phố Nguyễn Chí Thanh",
        ],
    ),
    (
        "79",
        "028",
        [
            "đường Nguyễn Văn Trỗi",
            "đường Cộng Hòa",
            "đường Điện Biên Phủ",
        ],
    ),
    (
        "31",
        "0225",
        [
            "đường Lạch Tray",
            "phố Điện Biên Phủ",
            "đường Lê Hồng Phong",
        ],
    ),
    (
        "40",
        "0238",
        ["đường Lê Duẩn", "đại lộ Lê Nin", "đường Nguyễn Văn Cừ"],
    ),
    (
        "38",
        "0237",
        ["đại lộ Lê Lợi", "đường Bà Triệu", "đường Trần Phú"],
    ),
    (
        "42",
        "0239",
        ["đường Trần Phú", "đường Hà Huy Tập", "đường Nguyễn Du"],
    ),
    (
        "48",
        "0236",
        [
            "đường Nguyễn Văn Linh",
            "đường Điện Biên Phủ",
            "đường 2 Tháng 9",
        ],
    ),
    (
        "24",
        "0222",
        [
            "đường Lý Thái Tổ",
            "đường Nguyễn Gia Thiều",
            "đường Trần Hưng Đạo",
        ],
    ),
];

pub(super) struct MarketPlan {
    pub(super) code: &'static str,
    pub(super) weight: u32,
    pub(super) currency: &'static str,
    pub(super) wage: (i64, i64),
    pub(super) fee_vnd: (i64, i64),
    pub(super) deposit_vnd: (i64, i64),
    pub(super) employers: [&'static str; 3],
    /// ISCO-08 codes of the project's occupation list.
    pub(super) occupations: [&'static str; 4],
}

pub(super) const MARKET_PLANS: [MarketPlan; 8] = [
    MarketPlan {
        code: "JP",
        weight: 44,
        currency: "JPY",
        wage: (160_000, 230_000),
        fee_vnd: (30_000_000, 40_000_000),
        deposit_vnd: (0, 0),
        employers: [
            "Yamato Seiki Co., Ltd.",
            "Tohoku Foods K.K.",
            "Chubu Kensetsu Co., Ltd.",
        ],
        occupations: ["8160", "7114", "5321", "7212"],
    },
    MarketPlan {
        code: "TW",
        weight: 34,
        currency: "TWD",
        wage: (27_470, 32_000),
        fee_vnd: (25_000_000, 35_000_000),
        deposit_vnd: (0, 20_000_000),
        employers: [
            "Formosa Precision Co., Ltd.",
            "Taichung Textile Corp.",
            "Kaohsiung Marine Fisheries",
        ],
        occupations: ["8212", "8153", "5322", "6223"],
    },
    MarketPlan {
        code: "KR",
        weight: 7,
        currency: "KRW",
        wage: (2_060_740, 2_400_000),
        fee_vnd: (20_000_000, 30_000_000),
        deposit_vnd: (100_000_000, 100_000_000),
        employers: [
            "Daehan Industrial Co.",
            "Busan Ocean Fisheries",
            "Gyeonggi Agro Co.",
        ],
        occupations: ["9329", "6222", "9211", "9313"],
    },
    MarketPlan {
        code: "CN",
        weight: 2,
        currency: "CNY",
        wage: (5_000, 7_000),
        fee_vnd: (15_000_000, 25_000_000),
        deposit_vnd: (0, 10_000_000),
        employers: [
            "Guangxi Building Materials Co.",
            "Shenzhen Assembly Ltd.",
            "Yunnan Agro Co.",
        ],
        occupations: ["9313", "8212", "9211", "8332"],
    },
    MarketPlan {
        code: "SG",
        weight: 2,
        currency: "SGD",
        wage: (1_600, 2_200),
        fee_vnd: (20_000_000, 30_000_000),
        deposit_vnd: (0, 10_000_000),
        employers: [
            "Lion City Shipyard Pte. Ltd.",
            "Marina F&B Pte. Ltd.",
            "Jurong Precision Pte. Ltd.",
        ],
        occupations: ["7214", "5131", "7223", "9112"],
    },
    MarketPlan {
        code: "HU",
        weight: 3,
        currency: "EUR",
        wage: (700, 1_000),
        fee_vnd: (30_000_000, 45_000_000),
        deposit_vnd: (0, 0),
        employers: [
            "Pannonia Automotive Kft.",
            "Danube Foods Kft.",
            "Budapest Logistics Kft.",
        ],
        occupations: ["8211", "8160", "9333", "7212"],
    },
    MarketPlan {
        code: "RO",
        weight: 4,
        currency: "EUR",
        wage: (650, 900),
        fee_vnd: (30_000_000, 45_000_000),
        deposit_vnd: (0, 0),
        employers: [
            "Carpati Construct S.R.L.",
            "Transilvania Textile S.R.L.",
            "Dobrogea Agro S.R.L.",
        ],
        occupations: ["9313", "8153", "9211", "8332"],
    },
    MarketPlan {
        code: "DE",
        weight: 4,
        currency: "EUR",
        wage: (2_300, 3_000),
        fee_vnd: (40_000_000, 60_000_000),
        deposit_vnd: (0, 0),
        employers: [
            "Rhein Pflege GmbH",
            "Bayern Klinikum Service GmbH",
            "Sachsen Hotel GmbH",
        ],
        occupations: ["3221", "5321", "5131", "5120"],
    },
];

/// Old province codes weighted towards the provinces that send most workers.
const WORKER_PROVINCES: [(&str, u32); 20] = [
    ("40", 14),
    ("38", 12),
    ("42", 9),
    ("30", 6),
    ("34", 6),
    ("36", 5),
    ("24", 5),
    ("33", 4),
    ("25", 4),
    ("44", 4),
    ("35", 3),
    ("26", 3),
    ("27", 3),
    ("19", 3),
    ("22", 2),
    ("01", 4),
    ("31", 3),
    ("45", 2),
    ("92", 2),
    ("79", 2),
];

pub(super) const FAMILY: [(&str, u32); 14] = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Phan", 4),
    ("Vũ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Võ", 4),
];
pub(super) const MIDDLE_MALE: [&str; 8] = [
    "Văn", "Đức", "Hữu", "Minh", "Quang", "Thanh", "Công", "Xuân",
];
pub(super) const MIDDLE_FEMALE: [&str; 7] = ["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Minh"];
pub(super) const GIVEN_MALE: [&str; 16] = [
    "Hùng", "Dũng", "Tuấn", "Nam", "Long", "Quân", "Huy", "Hoàng", "Phúc", "Tài", "Sơn", "Thắng",
    "Cường", "Mạnh", "Đạt", "Khánh",
];
pub(super) const GIVEN_FEMALE: [&str; 14] = [
    "Lan", "Hương", "Trang", "Linh", "Ngọc", "Hà", "Mai", "Thảo", "Nhung", "Yến", "Hằng", "Vân",
    "Huyền", "Ánh",
];
pub(super) const ETHNICITIES: [(&str, u32); 6] = [
    ("Kinh", 88),
    ("Thái", 4),
    ("Mường", 3),
    ("Tày", 2),
    ("Nùng", 2),
    ("H'Mông", 1),
];

/// Households: most none, some poor or near-poor (the poverty programme's support).
pub(super) const HOUSEHOLDS: [(&str, u32); 3] = [("none", 86), ("poor", 6), ("near_poor", 8)];

/// Share of cases in each state, in per mille.
const STATE_MIX: [(CaseState, u32); 15] = [
    (CaseState::Applied, 60),
    (CaseState::Screening, 60),
    (CaseState::Selected, 50),
    (CaseState::Contracted, 50),
    (CaseState::Training, 70),
    (CaseState::VisaGranted, 40),
    (CaseState::ListConfirmed, 30),
    (CaseState::Departed, 350),
    (CaseState::ContractEnded, 40),
    (CaseState::LiquidationPending, 40),
    (CaseState::Liquidated, 120),
    (CaseState::Withdrawn, 30),
    (CaseState::NotSentInTime, 10),
    (CaseState::Rejected, 40),
    (CaseState::Cancelled, 10),
];

const END_REASONS: [(&str, u32); 6] = [
    ("completed", 72),
    ("early_return_not_at_fault", 10),
    ("early_return_at_fault", 5),
    ("absconded", 8),
    ("overstayed", 4),
    ("extended", 1),
];

pub(super) fn weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut pick = rng.gen_range(0..total.max(1));
    for (item, w) in items {
        if pick < *w {
            return item;
        }
        pick -= w;
    }
    &items[items.len() - 1].0
}

pub(super) fn days(n: i64) -> TimeDelta {
    TimeDelta::days(n)
}

pub(super) fn months_later(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(months))
        .unwrap_or(d)
}

pub(super) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

/// Seeds the demo data unless the database already holds agencies. Returns what was inserted,
/// or `None` when the database was not empty.
pub async fn seed_demo_if_empty(
    backend: &Backend,
    workers: usize,
) -> Result<Option<SeedReport>, ServiceError> {
    if agency::Entity::find().count(&backend.db).await? > 0 {
        return Ok(None);
    }
    seed_demo(backend, workers).await.map(Some)
}

pub async fn seed_demo(backend: &Backend, worker_count: usize) -> Result<SeedReport, ServiceError> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let today = backend.clock.today();
    let now = backend.clock.now();
    let reference = backend.reference.get(&backend.db).await?;
    let txn = backend.db.begin().await?;

    // Agencies, their licence history and suspensions.
    let mut agency_ids = Vec::with_capacity(AGENCY_BRANDS.len());
    for (i, brand) in AGENCY_BRANDS.iter().enumerate() {
        let plan = planned_standing(i);
        let form = COMPANY_FORMS[i % COMPANY_FORMS.len()];
        let name = format!("{form} {brand}");
        let (province, area, streets) = &OFFICE_PLACES[(i * 5 + 3) % OFFICE_PLACES.len()];
        let licence_year = 2010 + (i as i32 * 7) % 16;
        let licence_date = NaiveDate::from_ymd_opt(
            licence_year,
            1 + (i as u32 * 5) % 12,
            1 + (i as u32 * 11) % 28,
        )
        .unwrap_or(today);
        let authority = if licence_year >= 2025 {
            "BNV"
        } else {
            "LĐTBXH"
        };
        let licence_number = format!("{:03}/{}/{}-GP", 10 + i * 13 % 500, licence_year, authority);
        let enterprise_code = format!("{}{:08}", province, 1_000_000 + i * 79_193 % 90_000_000);
        let slug: String = fold(brand).replace(' ', "");
        let revoked_on =
            (plan == PlannedStanding::Revoked).then(|| today - days(rng.gen_range(60..700)));
        let model = agency::ActiveModel {
            id: NotSet,
            sending_branches: Set(i32::from(i % 4 == 0)),
            search_text: Set(registry_search_text(
                &name,
                &licence_number,
                &enterprise_code,
                &reference.province(province),
            )),
            name: Set(name),
            enterprise_code: Set(enterprise_code),
            licence_number: Set(licence_number),
            licence_date: Set(licence_date),
            licence_status: Set(if revoked_on.is_some() {
                LicenceStatus::Revoked
            } else {
                LicenceStatus::Active
            }
            .as_str()
            .to_owned()),
            revoked_on: Set(revoked_on),
            province_code: Set((*province).to_owned()),
            address: Set(format!(
                "Số {} {}",
                rng.gen_range(2..300),
                pick(&mut rng, streets)
            )),
            phone: Set(format!(
                "{} {:04} {:04}",
                area,
                rng.gen_range(3000..3999),
                rng.gen_range(0..9999)
            )),
            email: Set(Some(format!("tuyendung@{slug}.vn"))),
            website: Set(Some(format!("https://{slug}.vn"))),
            created_at: Set(now),
            updated_at: Set(now),
            // From the index, not the random source, so the rest of the demo stays as it was.
            representative: Set(Some(REPRESENTATIVES[i % REPRESENTATIVES.len()].to_owned())),
        };
        let id = agency::Entity::insert(model)
            .exec(&txn)
            .await?
            .last_insert_id;
        agency_ids.push((id, plan, licence_date, revoked_on));

        let mut events = vec![(licence_date, LicenceEventKind::Issued, None, None, None)];
        if i % 3 == 0 {
            events.push((
                licence_date + days(rng.gen_range(200..1500)),
                LicenceEventKind::Amended,
                None,
                None,
                Some("Thay đổi địa chỉ trụ sở chính".to_owned()),
            ));
        }
        let suspension = |starts: NaiveDate, months: u32, rng: &mut ChaCha8Rng| {
            let market = *pick(rng, &["JP", "TW", "KR"]);
            let ends = months_later(starts, months) - days(1);
            (market, starts, ends)
        };
        let planned_suspension = match plan {
            PlannedStanding::Suspended => {
                let months = rng.gen_range(3..=18);
                Some(suspension(
                    today - days(rng.gen_range(10..80)),
                    months,
                    &mut rng,
                ))
            }
            PlannedStanding::ActiveWithPastSuspension => {
                let months = rng.gen_range(3..=6);
                Some(suspension(
                    today - days(rng.gen_range(300..700)),
                    months,
                    &mut rng,
                ))
            }
            _ => None,
        };
        if let Some((market, starts, ends)) = planned_suspension {
            let decision = format!("{}/QĐ-XPVPHC", rng.gen_range(100..999));
            let reason = "Thu tiền dịch vụ của người lao động không đúng quy định".to_owned();
            market_suspension::Entity::insert(market_suspension::ActiveModel {
                id: NotSet,
                agency_id: Set(id),
                market_code: Set(market.to_owned()),
                starts_on: Set(starts),
                ends_on: Set(ends),
                decision_ref: Set(Some(decision)),
                reason: Set(reason.clone()),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            events.push((
                starts,
                LicenceEventKind::Suspended,
                Some(market),
                Some(ends),
                Some(reason),
            ));
        }
        if let Some(revoked) = revoked_on {
            let reason = if i % 20 == 9 {
                "Không đưa người lao động đi làm việc ở nước ngoài trong 24 tháng liên tục"
            } else {
                "Giả mạo hồ sơ đề nghị cấp giấy phép"
            };
            events.push((
                revoked,
                LicenceEventKind::Revoked,
                None,
                None,
                Some(reason.to_owned()),
            ));
        }
        for (on, kind, market, until, note) in events {
            licence_event::Entity::insert(licence_event::ActiveModel {
                id: NotSet,
                agency_id: Set(id),
                happened_on: Set(on),
                kind: Set(kind.as_str().to_owned()),
                market_code: Set(market.map(str::to_owned)),
                until: Set(until),
                decision_ref: Set(Some(format!("{}/QĐ-{}", rng.gen_range(100..999), "QLLĐNN"))),
                note: Set(note),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
        }
    }

    // Job orders: two to six per agency, over the weighted markets.
    let book = super::rules::book(backend).await?;
    let market_weights: Vec<(usize, u32)> = MARKET_PLANS
        .iter()
        .enumerate()
        .map(|(i, m)| (i, m.weight))
        .collect();
    let mut approved_orders: HashMap<i32, Vec<(i32, usize, i32)>> = HashMap::new();
    let mut job_order_count = 0;
    for (agency_id, plan, licence_date, revoked_on) in &agency_ids {
        for n in 0..rng.gen_range(2..=6) {
            let m = &MARKET_PLANS[*weighted(&mut rng, &market_weights)];
            let term_months = *pick(&mut rng, &[12, 24, 36, 36, 36, 60]);
            let status = match (n, plan) {
                (_, PlannedStanding::Revoked) => "approved",
                (0 | 1, _) => "approved",
                _ => *pick(
                    &mut rng,
                    &["approved", "approved", "submitted", "draft", "rejected"],
                ),
            };
            let latest = revoked_on.unwrap_or(today) - days(30);
            let span = (latest - *licence_date).num_days().max(31);
            let submitted = *licence_date + days(rng.gen_range(30..span.max(31) + 1).min(span));
            let wage = rng.gen_range(m.wage.0..=m.wage.1) / 10 * 10;
            let code = pick(&mut rng, &m.occupations);
            // Korea's workers go through EPS, the state agreement: no service fee, the
            // programme's deposit. Japan's mostly as technical interns, some as specified
            // skilled workers.
            let (form, programme) = match m.code {
                "KR" => (SendingForm::PublicServiceUnit, Programme::Eps),
                "JP" if n % 3 == 2 => (SendingForm::LicensedAgency, Programme::SpecifiedSkilled),
                "JP" => (SendingForm::LicensedAgency, Programme::TechnicalIntern),
                _ => (SendingForm::LicensedAgency, Programme::Other),
            };
            let terms = OrderTerms {
                market: m.code.to_owned(),
                programme,
                form,
                occupation_code: Some((*code).to_owned()),
                term_months: u32::try_from(term_months).unwrap_or(0),
                wage_amount: wage,
                wage_currency: m.currency.to_owned(),
            };
            // Within the law's cap on the day, except a few deliberate breaches, labelled as
            // such, so the flags have something to show.
            let cap = rate_on(&book, m.currency, today)
                .and_then(|rate| fee_cap_on(&book, &terms, rate, today))
                .map_err(|e| ServiceError::Unexpected(format!("seed rules: {e:?}").into()))?;
            let drawn = if m.fee_vnd.0 == m.fee_vnd.1 {
                m.fee_vnd.0
            } else {
                rng.gen_range(m.fee_vnd.0..=m.fee_vnd.1) / 100_000 * 100_000
            };
            let breach = m.code == "JP" && job_order_count % 9 == 4;
            let fee = if breach {
                cap + 6_000_000
            } else {
                drawn.min(cap)
            };
            let deposit = match deposit_cap_on(&book, &terms, today) {
                Ok(cap) if m.deposit_vnd.0 == m.deposit_vnd.1 => m.deposit_vnd.0.min(cap),
                Ok(cap) if m.deposit_vnd.1 > 0 => {
                    (rng.gen_range(0..=m.deposit_vnd.1) / 1_000_000 * 1_000_000).min(cap)
                }
                _ => 0,
            };
            let headcount = rng.gen_range(10..120);
            let res = job_order::Entity::insert(job_order::ActiveModel {
                id: NotSet,
                agency_id: Set(*agency_id),
                market_code: Set(m.code.to_owned()),
                employer_name: Set(pick(&mut rng, &m.employers).to_string()),
                occupation: Set(occupation_label(&reference, code)?),
                occupation_code: Set(Some((*code).to_owned())),
                headcount: Set(headcount),
                wage_amount: Set(wage),
                wage_currency: Set(m.currency.to_owned()),
                term_months: Set(term_months),
                service_fee_vnd: Set(fee),
                deposit_vnd: Set(deposit),
                form: Set(form.as_str().to_owned()),
                programme: Set(programme.as_str().to_owned()),
                working_conditions: Set(breach.then(|| {
                    "Dữ liệu mẫu: phí dịch vụ cố ý vượt mức trần, để minh hoạ cảnh báo.".to_owned()
                })),
                status: Set(status.to_owned()),
                submitted_on: Set((status != "draft").then_some(submitted)),
                decided_on: Set(matches!(status, "approved" | "rejected")
                    .then(|| submitted + days(rng.gen_range(2..8)))),
                created_at: Set(now),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            job_order_count += 1;
            if status == "approved" {
                approved_orders.entry(*agency_id).or_default().push((
                    res.last_insert_id,
                    MARKET_PLANS
                        .iter()
                        .position(|p| p.code == m.code)
                        .unwrap_or(0),
                    term_months,
                ));
            }
        }
    }

    // Workers.
    let old_to_new: HashMap<String, String> = old_province::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| (p.code, p.new_code))
        .collect();
    let mut seen_ids = HashSet::new();
    let mut workers = Vec::with_capacity(worker_count);
    while workers.len() < worker_count {
        let sex = if rng.gen_bool(0.36) {
            Sex::Female
        } else {
            Sex::Male
        };
        let birth_year = today.year() - rng.gen_range(19..42);
        let birth_date =
            NaiveDate::from_ymd_opt(birth_year, rng.gen_range(1..=12), rng.gen_range(1..=28))
                .unwrap_or(today);
        let old_code = *weighted(&mut rng, &WORKER_PROVINCES);
        let Ok(citizen_id) = CitizenId::compose(
            old_code.parse().unwrap_or(1),
            sex,
            birth_date,
            rng.gen_range(0..1_000_000),
        ) else {
            continue;
        };
        if !seen_ids.insert(citizen_id.clone()) {
            continue;
        }
        let family = weighted(&mut rng, &FAMILY);
        let (middle, given) = match sex {
            Sex::Male => (pick(&mut rng, &MIDDLE_MALE), pick(&mut rng, &GIVEN_MALE)),
            Sex::Female => (
                pick(&mut rng, &MIDDLE_FEMALE),
                pick(&mut rng, &GIVEN_FEMALE),
            ),
        };
        let household = *weighted(&mut rng, &HOUSEHOLDS);
        workers.push(worker::ActiveModel {
            id: NotSet,
            citizen_id: Set(citizen_id.to_string()),
            full_name: Set(format!("{family} {middle} {given}")),
            birth_date: Set(birth_date),
            sex: Set(sex.as_str().to_owned()),
            phone: Set(format!(
                "0{} {:03} {:04}",
                pick(
                    &mut rng,
                    &["86", "96", "97", "98", "32", "33", "35", "39", "91", "94", "88", "77"]
                ),
                rng.gen_range(0..1000),
                rng.gen_range(0..10000)
            )),
            email: Set(rng.gen_bool(0.4).then(|| {
                format!(
                    "{}{}@example.vn",
                    fold(given).replace(' ', ""),
                    rng.gen_range(80..9999)
                )
            })),
            province_code: Set(old_to_new
                .get(old_code)
                .cloned()
                .unwrap_or_else(|| "01".to_owned())),
            old_province_code: Set(Some(old_code.to_owned())),
            ethnicity: Set(weighted(&mut rng, &ETHNICITIES).to_string()),
            household: Set(household.to_owned()),
            created_at: Set(now),
        });
    }
    for chunk in workers.chunks(400) {
        worker::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    let worker_ids: Vec<i32> = worker::Entity::find()
        .select_only()
        .column(worker::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;

    // Cases: one per worker, at an agency with approved orders.
    let recruiting: Vec<i32> = agency_ids
        .iter()
        .filter(|(id, plan, ..)| {
            *plan != PlannedStanding::Revoked && approved_orders.contains_key(id)
        })
        .map(|(id, ..)| *id)
        .collect();
    let revoked: Vec<i32> = agency_ids
        .iter()
        .filter(|(id, plan, ..)| {
            *plan == PlannedStanding::Revoked && approved_orders.contains_key(id)
        })
        .map(|(id, ..)| *id)
        .collect();
    let mut cases = Vec::with_capacity(worker_ids.len());
    for worker_id in worker_ids {
        let state = *weighted(&mut rng, &STATE_MIX);
        // Revoked agencies recruit no one new: they keep only cases already abroad or settled.
        let agency_id = if state.has_departed() && !revoked.is_empty() && rng.gen_bool(0.08) {
            *pick(&mut rng, &revoked)
        } else {
            *pick(&mut rng, &recruiting)
        };
        let Some(orders) = approved_orders.get(&agency_id) else {
            continue;
        };
        let (order_id, _market, term) = *pick(&mut rng, orders);
        let dates = plan_dates(&mut rng, state, today, term);
        let end_reason = matches!(
            state,
            CaseState::ContractEnded | CaseState::LiquidationPending | CaseState::Liquidated
        )
        .then(|| weighted(&mut rng, &END_REASONS).to_string())
        .or_else(|| match state {
            CaseState::Withdrawn => Some("withdrawn_by_worker".to_owned()),
            CaseState::NotSentInTime => Some("not_sent_within_180_days".to_owned()),
            CaseState::Rejected => Some(
                pick(
                    &mut rng,
                    &["failed_exam", "failed_health_check", "visa_refused"],
                )
                .to_string(),
            ),
            CaseState::Cancelled => Some("force_majeure".to_owned()),
            _ => None,
        });
        cases.push(case::ActiveModel {
            id: NotSet,
            worker_id: Set(worker_id),
            agency_id: Set(agency_id),
            job_order_id: Set(order_id),
            state: Set(state.as_str().to_owned()),
            applied_on: Set(dates.applied),
            selected_on: Set(dates.selected),
            departed_on: Set(dates.departed),
            ended_on: Set(dates.ended),
            end_reason: Set(end_reason),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    let case_count = cases.len();
    for chunk in cases.chunks(400) {
        case::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
    }
    let rules = super::rules::on(backend, today).await?;
    super::seed_lifecycle::fill(&txn, &rules, &book, today, now).await?;
    super::seed_payments::fill(&txn, &book, today, now).await?;
    super::seed_settlements::fill(&txn, &book, today, now).await?;
    super::seed_support::fill(&txn, &book, today, now).await?;
    txn.commit().await?;
    seed_accounts(backend).await?;
    // After the accounts: the inspections are the demo inspector's.
    super::seed_inspections::fill(&backend.db, &book, today, backend.clock.now()).await?;
    super::seed_complaints::fill(&backend.db, &book, today, backend.clock.now()).await?;
    Ok(SeedReport {
        agencies: agency_ids.len(),
        job_orders: job_order_count,
        workers: worker_count,
        cases: case_count,
    })
}

struct CaseDates {
    applied: NaiveDate,
    selected: Option<NaiveDate>,
    departed: Option<NaiveDate>,
    ended: Option<NaiveDate>,
}

/// Dates consistent with the state: selection follows application, departure follows selection
/// within the 180-day window, the contract ends after its term (or earlier, for early returns).
fn plan_dates(
    rng: &mut ChaCha8Rng,
    state: CaseState,
    today: NaiveDate,
    term_months: i32,
) -> CaseDates {
    use CaseState::*;
    let term = u32::try_from(term_months).unwrap_or(36);
    match state {
        Applied | Screening | Withdrawn | Rejected => {
            let applied = today - days(rng.gen_range(3..120));
            CaseDates {
                applied,
                selected: None,
                departed: None,
                ended: None,
            }
        }
        Selected | Contracted | Training | VisaGranted | ListConfirmed | Cancelled => {
            let selected = today - days(rng.gen_range(5..170));
            CaseDates {
                applied: selected - days(rng.gen_range(20..60)),
                selected: Some(selected),
                departed: None,
                ended: None,
            }
        }
        NotSentInTime => {
            let selected = today - days(rng.gen_range(185..260));
            CaseDates {
                applied: selected - days(rng.gen_range(20..60)),
                selected: Some(selected),
                departed: None,
                ended: None,
            }
        }
        Departed => {
            // A quarter left within the last three months (the same draw, folded), so every
            // province has workers in their first months abroad whatever the stream gives.
            let k = rng.gen_range(7..(i64::from(term) * 30).max(8));
            let departed = today - days(if k % 4 == 0 { 7 + k % 80 } else { k });
            let selected = departed - days(rng.gen_range(90..175));
            CaseDates {
                applied: selected - days(rng.gen_range(20..60)),
                selected: Some(selected),
                departed: Some(departed),
                ended: None,
            }
        }
        ContractEnded | LiquidationPending | Liquidated => {
            let ended = match state {
                Liquidated => today - days(rng.gen_range(200..900)),
                _ => today - days(rng.gen_range(5..170)),
            };
            let departed = if rng.gen_bool(0.8) {
                ended - days(i64::from(term) * 30)
            } else {
                ended - days(rng.gen_range(60..(i64::from(term) * 30).max(61)))
            };
            let selected = departed - days(rng.gen_range(90..175));
            CaseDates {
                applied: selected - days(rng.gen_range(20..60)),
                selected: Some(selected),
                departed: Some(departed),
                ended: Some(ended),
            }
        }
    }
}

/// Password of every demo account. Demo data only: never seed a real deployment.
pub const DEMO_PASSWORD: &str = "Demo@HanhTrang2026";
/// TOTP secret (base32) of every demo staff account, for an authenticator app.
pub const DEMO_TOTP_SECRET: &str = "HANHTRANGDEMOKEYHANHTRANGDEMOKEY";

/// A demo account: its email, role, and (for some roles) agency, branch and province.
pub struct DemoAccount {
    pub email: &'static str,
    pub role: crate::domain::accounts::Role,
    pub agency: Option<i32>,
    pub branch: Option<&'static str>,
    pub province: Option<&'static str>,
}

const fn demo(
    email: &'static str,
    role: crate::domain::accounts::Role,
    agency: Option<i32>,
    branch: Option<&'static str>,
    province: Option<&'static str>,
) -> DemoAccount {
    DemoAccount {
        email,
        role,
        agency,
        branch,
        province,
    }
}

/// The Vietnamese label of a code of the occupation list; a code missing from it is a bug here.
pub(super) fn occupation_label(
    reference: &super::reference::ReferenceData,
    code: &str,
) -> Result<String, ServiceError> {
    reference
        .occupation(code)
        .map(|o| o.name_vi.clone())
        .ok_or_else(|| {
            ServiceError::Unexpected(format!("occupation {code} is not on the list").into())
        })
}

pub const DEMO_ACCOUNTS: &[DemoAccount] = {
    use crate::domain::accounts::Role::*;
    &[
        demo("admin@hanhtrang.test", SystemAdmin, None, None, None),
        demo("thanhtra@hanhtrang.test", Inspector, None, None, None),
        demo("cuc@hanhtrang.test", NationalOfficer, None, None, None),
        demo(
            "sonoivu.hanoi@hanhtrang.test",
            ProvincialOfficer,
            None,
            None,
            Some("01"),
        ),
        demo(
            "agency1.admin@hanhtrang.test",
            AgencyAdmin,
            Some(1),
            None,
            None,
        ),
        demo(
            "agency1.staff@hanhtrang.test",
            AgencyStaff,
            Some(1),
            Some("Chi nhánh Nghệ An"),
            None,
        ),
        demo(
            "agency2.admin@hanhtrang.test",
            AgencyAdmin,
            Some(2),
            None,
            None,
        ),
        demo(
            "agency3.admin@hanhtrang.test",
            AgencyAdmin,
            Some(3),
            None,
            None,
        ),
        demo("worker@hanhtrang.test", Worker, None, None, None),
    ]
};

const DEMO_STAFF_NAMES: [&str; 8] = [
    "Trần Quốc Hùng",
    "Lê Thị Thu Hà",
    "Phạm Minh Tuấn",
    "Nguyễn Thị Hồng Nhung",
    "Đỗ Văn Nam",
    "Bùi Thị Mai",
    "Hoàng Văn Long",
    "Vũ Thị Hạnh",
];

/// The demo accounts of every role; the worker's is linked to a worker of agency 1.
async fn seed_accounts(backend: &Backend) -> Result<(), ServiceError> {
    use super::entity::user;
    use crate::domain::accounts::Role;
    let now = backend.clock.now();
    let hash = backend.hasher.hash(DEMO_PASSWORD.to_owned()).await?;
    // The demo worker's case is one in progress (in training), so its page shows deadlines and
    // steps still to come; any case of agency 1 otherwise.
    let in_training = case::Entity::find()
        .filter(case::Column::AgencyId.eq(1))
        .filter(case::Column::State.eq(CaseState::Training.as_str()))
        .order_by_asc(case::Column::Id)
        .one(&backend.db)
        .await?;
    let first_case = match in_training {
        Some(c) => Some(c),
        None => {
            case::Entity::find()
                .filter(case::Column::AgencyId.eq(1))
                .order_by_asc(case::Column::Id)
                .one(&backend.db)
                .await?
        }
    };
    let demo_worker = match first_case {
        Some(c) => {
            worker::Entity::find_by_id(c.worker_id)
                .one(&backend.db)
                .await?
        }
        None => None,
    };
    let txn = backend.db.begin().await?;
    for (
        i,
        DemoAccount {
            email,
            role,
            agency,
            branch,
            province,
        },
    ) in DEMO_ACCOUNTS.iter().enumerate()
    {
        let staff = role.is_staff();
        let w = demo_worker.as_ref().filter(|_| *role == Role::Worker);
        let created = user::ActiveModel {
            role: Set(role.as_str().to_owned()),
            status: Set("active".into()),
            full_name: Set(match w {
                Some(w) => w.full_name.clone(),
                None => DEMO_STAFF_NAMES[i % DEMO_STAFF_NAMES.len()].to_owned(),
            }),
            email: Set((*email).to_owned()),
            citizen_id: Set(w.map(|w| w.citizen_id.clone())),
            birth_date: Set(w.map(|w| w.birth_date)),
            sex: Set(w.map(|w| w.sex.clone())),
            phone: Set(w.map(|w| w.phone.clone())),
            lang: Set("vi".into()),
            worker_id: Set(w.map(|w| w.id)),
            agency_id: Set(*agency),
            branch_name: Set(branch.map(str::to_owned)),
            province_code: Set(province.map(str::to_owned)),
            password_hash: Set(Some(hash.clone())),
            password_changed_at: Set(Some(now)),
            totp_secret: Set(None),
            totp_confirmed_at: Set(staff.then_some(now)),
            totp_last_step: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if staff {
            // Sealed for its row, so known only once the row has its id.
            let sealed = backend
                .keys
                .seal(&super::auth::totp_context(created.id), DEMO_TOTP_SECRET);
            user::ActiveModel {
                id: Set(created.id),
                totp_secret: Set(Some(sealed)),
                ..Default::default()
            }
            .update(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_planned_standings_cover_every_standing() {
        let plans: Vec<PlannedStanding> = (0..AGENCY_BRANDS.len()).map(planned_standing).collect();
        for p in [
            PlannedStanding::Active,
            PlannedStanding::ActiveWithPastSuspension,
            PlannedStanding::Suspended,
            PlannedStanding::Revoked,
        ] {
            assert!(plans.contains(&p), "{p:?} missing");
        }
        assert_eq!(planned_standing(0), PlannedStanding::Active);
        assert_eq!(planned_standing(4), PlannedStanding::Suspended);
        assert_eq!(planned_standing(9), PlannedStanding::Revoked);
    }

    #[test]
    fn planned_dates_keep_their_order_for_every_state() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for _ in 0..200 {
            for state in CaseState::ALL {
                let d = plan_dates(&mut rng, state, today, 36);
                assert!(d.applied <= today);
                if let Some(s) = d.selected {
                    assert!(d.applied < s, "{state:?}");
                }
                if let (Some(s), Some(dep)) = (d.selected, d.departed) {
                    assert!(s < dep && (dep - s).num_days() <= 180, "{state:?}");
                }
                if let (Some(dep), Some(end)) = (d.departed, d.ended) {
                    assert!(dep < end && end <= today, "{state:?}");
                }
                assert_eq!(d.departed.is_some(), state.has_departed(), "{state:?}");
            }
        }
    }
}
