//! Money, part one.
//!
//! - `payments`: the ledger of each case, append-only (a reversal points at the entry it undoes,
//!   once: `reverses_id` is unique); a worker's statement is answered once by the agency.
//! - `licence_deposits`: each agency's licence deposit: paid, used on the ministry's written
//!   order, topped back up.
//! - Job orders gain their programme (Japan's technical interns, specified skilled workers,
//!   engineers; Korea EPS; other), agencies the number of their branches that send workers.
//! - Rules: fee caps for seafarers, extensions and per market or programme; brokerage caps;
//!   deposit caps per programme; the licence deposit; the agency's Fund contribution; the refund
//!   deadline after "not sent in time"; exchange rates from 2022; public holidays 2026–2027
//!   (working-day deadlines skip Tết).
//! - Every sending contract already recorded (on the case and in its timeline) gets the
//!   exchange rate in force on its signing day, and a foreign partner's share of zero.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement, TryGetable};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Payments {
    Table,
    Id,
    CaseId,
    Kind,
    Payee,
    PaidOn,
    AmountVnd,
    ForeignAmount,
    Currency,
    VndPerUnit,
    ReceiptNo,
    Note,
    Bank,
    Account,
    AttachmentId,
    RecordedBy,
    InspectorsOnly,
    Flags,
    ReversesId,
    Reason,
    Answer,
    AnswerReason,
    AnsweredBy,
    AnsweredAt,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LicenceDeposits {
    Table,
    Id,
    AgencyId,
    Kind,
    AmountVnd,
    HappenedOn,
    Bank,
    OrderNo,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
    SendingBranches,
}

#[derive(DeriveIden)]
enum JobOrders {
    Table,
    Programme,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LegalRules {
    Table,
    Key,
    Scope,
    EffectiveFrom,
    Value,
    Source,
    CreatedAt,
}

const RATE_SOURCE: &str = "Tỷ giá tham chiếu (cập nhật theo Ngân hàng Nhà nước)";

/// New rules. Amounts from Law 69/2020/QH14, Decree 112/2021/NĐ-CP (amended by Decree
/// 372/2025/NĐ-CP) and Decision 40/2021/QĐ-TTg, as the domain notes give them.
const RULES: &[(&str, &str, &str, i64, &str)] = &[
    (
        "fee_cap_tenths_seafarer",
        "",
        "2022-01-01",
        15,
        "Luật 69/2020/QH14, Điều 23 (thuyền viên)",
    ),
    (
        "fee_cap_tenths_extension",
        "",
        "2022-01-01",
        5,
        "Luật 69/2020/QH14, Điều 23 (gia hạn hợp đồng)",
    ),
    (
        "fee_cap_tenths_market",
        "KR.EPS",
        "2022-01-01",
        0,
        "Chương trình EPS theo thoả thuận nhà nước: không thu tiền dịch vụ",
    ),
    (
        "brokerage_cap_tenths_per_12_months",
        "",
        "2022-01-01",
        5,
        "Luật 69/2020/QH14, Điều 24; Nghị định 112/2021/NĐ-CP",
    ),
    (
        "brokerage_cap_tenths_long_contract",
        "",
        "2022-01-01",
        15,
        "Luật 69/2020/QH14, Điều 24; Nghị định 112/2021/NĐ-CP",
    ),
    (
        "brokerage_cap_tenths_market",
        "JP",
        "2022-01-01",
        0,
        "Thông tư 21/2021/TT-BLĐTBXH (thị trường Nhật Bản: không chi tiền môi giới)",
    ),
    (
        "licence_deposit_vnd",
        "",
        "2022-01-01",
        2_000_000_000,
        "Nghị định 112/2021/NĐ-CP, Điều 24",
    ),
    (
        "licence_deposit_branch_vnd",
        "",
        "2022-01-01",
        500_000_000,
        "Nghị định 112/2021/NĐ-CP, Điều 24 (mỗi chi nhánh đưa người lao động đi)",
    ),
    (
        "licence_deposit_top_up_days",
        "",
        "2022-01-01",
        30,
        "Nghị định 112/2021/NĐ-CP, Điều 26",
    ),
    (
        "fund_agency_vnd",
        "",
        "2022-01-01",
        150_000,
        "Quyết định 40/2021/QĐ-TTg, Điều 6",
    ),
    (
        "not_sent_refund_days",
        "",
        "2022-01-01",
        15,
        "Luật 69/2020/QH14, Điều 20 (hoàn trả trong 15 ngày)",
    ),
    (
        "deposit_cap_vnd",
        "JP",
        "2022-01-01",
        100_000_000,
        "Nghị định 112/2021/NĐ-CP, Phụ lục II (Nhật Bản, trừ thực tập sinh)",
    ),
    (
        "vnd_per_currency_unit",
        "JPY",
        "2022-01-01",
        170,
        RATE_SOURCE,
    ),
    (
        "vnd_per_currency_unit",
        "TWD",
        "2022-01-01",
        790,
        RATE_SOURCE,
    ),
    (
        "vnd_per_currency_unit",
        "KRW",
        "2022-01-01",
        18,
        RATE_SOURCE,
    ),
    (
        "vnd_per_currency_unit",
        "USD",
        "2022-01-01",
        25_400,
        RATE_SOURCE,
    ),
    (
        "vnd_per_currency_unit",
        "EUR",
        "2022-01-01",
        27_500,
        RATE_SOURCE,
    ),
    (
        "vnd_per_currency_unit",
        "SGD",
        "2022-01-01",
        19_500,
        RATE_SOURCE,
    ),
    (
        "vnd_per_currency_unit",
        "CNY",
        "2022-01-01",
        3_500,
        RATE_SOURCE,
    ),
];

const HOLIDAY_SOURCE: &str =
    "Bộ luật Lao động 2019, Điều 112; ngày cụ thể theo thông báo nghỉ lễ, Tết hằng năm";
const HOLIDAY_2027: &str =
    "Bộ luật Lao động 2019, Điều 112; năm 2027 dự kiến, cần đối chiếu thông báo chính thức";

/// Public holidays that fall on working days (weekends already do not count), 2026 and 2027.
const HOLIDAYS: &[(&str, &str)] = &[
    ("2026-01-01", HOLIDAY_SOURCE),
    ("2026-02-16", HOLIDAY_SOURCE),
    ("2026-02-17", HOLIDAY_SOURCE),
    ("2026-02-18", HOLIDAY_SOURCE),
    ("2026-02-19", HOLIDAY_SOURCE),
    ("2026-02-20", HOLIDAY_SOURCE),
    ("2026-04-27", HOLIDAY_SOURCE),
    ("2026-04-30", HOLIDAY_SOURCE),
    ("2026-05-01", HOLIDAY_SOURCE),
    ("2026-09-01", HOLIDAY_SOURCE),
    ("2026-09-02", HOLIDAY_SOURCE),
    ("2027-01-01", HOLIDAY_2027),
    ("2027-02-04", HOLIDAY_2027),
    ("2027-02-05", HOLIDAY_2027),
    ("2027-02-08", HOLIDAY_2027),
    ("2027-02-09", HOLIDAY_2027),
    ("2027-02-10", HOLIDAY_2027),
    ("2027-04-16", HOLIDAY_2027),
    ("2027-04-30", HOLIDAY_2027),
    ("2027-05-03", HOLIDAY_2027),
    ("2027-09-02", HOLIDAY_2027),
    ("2027-09-03", HOLIDAY_2027),
];

fn id_col<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn get<T: TryGetable>(
    row: &sea_orm_migration::sea_orm::QueryResult,
    col: &str,
) -> Result<T, DbErr> {
    row.try_get::<T>("", col)
}

/// A row's id, whether the table keeps it as a 32- or a 64-bit integer.
fn row_id(row: &sea_orm_migration::sea_orm::QueryResult) -> Result<i64, DbErr> {
    get::<i64>(row, "id").or_else(|_| get::<i32>(row, "id").map(i64::from))
}

/// The rate in force on `on` for `currency`, from the rules as they stand in this migration.
async fn rate_on<C: ConnectionTrait>(db: &C, currency: &str, on: &str) -> Result<i64, DbErr> {
    let backend = db.get_database_backend();
    let day = chrono::NaiveDate::parse_from_str(on, "%Y-%m-%d")
        .map_err(|e| DbErr::Migration(format!("a contract's signing day {on}: {e}")))?;
    let q = Query::select()
        .column(LegalRules::Value)
        .from(LegalRules::Table)
        .and_where(Expr::col(LegalRules::Key).eq("vnd_per_currency_unit"))
        .and_where(Expr::col(LegalRules::Scope).eq(currency))
        .and_where(Expr::col(LegalRules::EffectiveFrom).lte(day))
        .order_by(LegalRules::EffectiveFrom, Order::Desc)
        .limit(1)
        .to_owned();
    let row = db.query_one(backend.build(&q)).await?;
    match row {
        Some(r) => get::<i64>(&r, "value"),
        None if currency == "VND" => Ok(1),
        None => Err(DbErr::Migration(format!(
            "no exchange rate for {currency} on {on}: add one to legal_rules first"
        ))),
    }
}

/// The rate this migration itself adds for `currency` on `on`, if any.
fn own_rate(currency: &str, on: &str) -> Option<i64> {
    RULES
        .iter()
        .filter(|(k, s, from, _, _)| *k == "vnd_per_currency_unit" && *s == currency && *from <= on)
        .max_by_key(|(_, _, from, _, _)| *from)
        .map(|(_, _, _, v, _)| *v)
}

/// Adds the rate and the partner's share to a stored contract object, if it lacks them.
async fn fill_contract<C: ConnectionTrait>(
    db: &C,
    contract: &mut serde_json::Value,
    currency: &str,
) -> Result<bool, DbErr> {
    let Some(obj) = contract.as_object_mut() else {
        return Err(DbErr::Migration(
            "a stored contract is not an object".into(),
        ));
    };
    if obj.contains_key("vnd_per_unit") {
        return Ok(false);
    }
    let signed = obj
        .get("signed_on")
        .and_then(|v| v.as_str())
        .ok_or_else(|| DbErr::Migration("a stored contract has no signing day".into()))?
        .to_owned();
    // The book's rate; before this migration's own rates are in it (the dry run), theirs.
    let rate = match rate_on(db, currency, &signed).await {
        Ok(r) => r,
        Err(e) => own_rate(currency, &signed).ok_or(e)?,
    };
    obj.insert("vnd_per_unit".into(), rate.into());
    obj.insert("partner_share_vnd".into(), 0.into());
    Ok(true)
}

/// Gives every stored contract its signing day's rate. With `dry`, only checks that each can
/// get one, before anything is changed: SQLite runs a migration outside a transaction, so one
/// failing halfway would leave its columns behind.
async fn fill_contracts<C: ConnectionTrait>(db: &C, dry: bool) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all(Statement::from_string(
            backend,
            "SELECT c.id AS id, c.details AS details, o.wage_currency AS currency \
             FROM cases c JOIN job_orders o ON o.id = c.job_order_id",
        ))
        .await?;
    for row in rows {
        let id = row_id(&row)?;
        let currency: String = get(&row, "currency")?;
        let text: String = get(&row, "details")?;
        let mut details: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| DbErr::Migration(format!("cases.details of case {id}: {e}")))?;
        let changed = match details.get_mut("contract") {
            Some(c) if !c.is_null() => fill_contract(db, c, &currency).await?,
            _ => false,
        };
        if changed && !dry {
            let q = Query::update()
                .table(Cases::Table)
                .value(Alias::new("details"), details.to_string())
                .and_where(Expr::col(Cases::Id).eq(id))
                .to_owned();
            db.execute(backend.build(&q)).await?;
        }
    }
    let rows = db
        .query_all(Statement::from_string(
            backend,
            "SELECT e.id AS id, e.data AS data, o.wage_currency AS currency \
             FROM case_events e JOIN cases c ON c.id = e.case_id \
             JOIN job_orders o ON o.id = c.job_order_id \
             WHERE e.kind = 'step' AND e.step = 'contract'",
        ))
        .await?;
    for row in rows {
        let id = row_id(&row)?;
        let currency: String = get(&row, "currency")?;
        let text: String = get(&row, "data")?;
        let mut data: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| DbErr::Migration(format!("case_events.data of event {id}: {e}")))?;
        let changed = match data.get_mut("Contract") {
            Some(c) => fill_contract(db, c, &currency).await?,
            None => false,
        };
        if changed && !dry {
            let q = Query::update()
                .table(Alias::new("case_events"))
                .value(Alias::new("data"), data.to_string())
                .and_where(Expr::col(Alias::new("id")).eq(id))
                .to_owned();
            db.execute(backend.build(&q)).await?;
        }
    }
    Ok(())
}

/// Deposits recorded at the visa step before the ledger existed go into it, with their release
/// where a settlement recorded one, so the ledger is where every deposit is followed.
async fn backfill_deposits<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let rows = db
        .query_all(Statement::from_string(
            backend,
            "SELECT id, details, ended_on FROM cases",
        ))
        .await?;
    let now = chrono::Utc::now();
    for row in rows {
        let id = row_id(&row)?;
        let case_id = <i32 as std::convert::TryFrom<i64>>::try_from(id)
            .map_err(|e| DbErr::Migration(format!("case id: {e}")))?;
        let text: String = get(&row, "details")?;
        let ended: Option<chrono::NaiveDate> = get(&row, "ended_on")?;
        let details: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| DbErr::Migration(format!("cases.details of case {id}: {e}")))?;
        let Some(dep) = details.get("deposit").filter(|d| !d.is_null()) else {
            continue;
        };
        let field = |name: &str| {
            dep.get(name)
                .ok_or_else(|| DbErr::Migration(format!("case {id}: its deposit has no {name}")))
        };
        let amount = field("amount_vnd")?
            .as_i64()
            .ok_or_else(|| DbErr::Migration(format!("case {id}: a deposit amount")))?;
        let paid_on = field("paid_on")?
            .as_str()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .ok_or_else(|| DbErr::Migration(format!("case {id}: a deposit date")))?;
        let text_of = |name: &str| field(name).map(|v| v.as_str().map(str::to_owned));
        let (bank, account) = (text_of("bank")?, text_of("account")?);
        let released = details
            .get("settlement")
            .and_then(|s| s.get("deposit_released_vnd"))
            .and_then(serde_json::Value::as_i64)
            .filter(|r| *r > 0)
            .map(|r| r.min(amount));
        let mut moves = vec![("deposit", amount, paid_on, bank.clone(), account.clone())];
        if let (Some(r), Some(on)) = (released, ended) {
            moves.push(("deposit_released", r, on.max(paid_on), bank, account));
        }
        for (kind, amount, on, bank, account) in moves {
            let q = Query::insert()
                .into_table(Payments::Table)
                .columns([
                    Payments::CaseId,
                    Payments::Kind,
                    Payments::Payee,
                    Payments::PaidOn,
                    Payments::AmountVnd,
                    Payments::Note,
                    Payments::Bank,
                    Payments::Account,
                    Payments::RecordedBy,
                    Payments::InspectorsOnly,
                    Payments::Flags,
                    Payments::CreatedAt,
                ])
                .values_panic([
                    case_id.into(),
                    kind.into(),
                    "provider".into(),
                    on.into(),
                    amount.into(),
                    "Ghi từ bước cấp thị thực trước khi có sổ thu chi".into(),
                    bank.into(),
                    account.into(),
                    "agency".into(),
                    false.into(),
                    "[]".into(),
                    now.into(),
                ])
                .to_owned();
            db.execute(backend.build(&q)).await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        fill_contracts(manager.get_connection(), true).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(JobOrders::Table)
                    .add_column(
                        ColumnDef::new(JobOrders::Programme)
                            .string_len(24)
                            .not_null()
                            .default("other"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Agencies::Table)
                    .add_column(
                        ColumnDef::new(Agencies::SendingBranches)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for sql in [
            "UPDATE job_orders SET programme = 'technical_intern' WHERE market_code = 'JP'",
            "UPDATE job_orders SET programme = 'eps' \
             WHERE market_code = 'KR' AND form = 'public_service_unit'",
            // The two deposit caps seeded per market were each one programme's, as their
            // sources say: Japan's technical interns, Korea's EPS.
            "UPDATE legal_rules SET scope = 'JP.TITP' \
             WHERE key = 'deposit_cap_vnd' AND scope = 'JP'",
            "UPDATE legal_rules SET scope = 'KR.EPS' \
             WHERE key = 'deposit_cap_vnd' AND scope = 'KR'",
        ] {
            db.execute_unprepared(sql).await?;
        }
        let mut insert = Query::insert();
        insert.into_table(LegalRules::Table).columns([
            LegalRules::Key,
            LegalRules::Scope,
            LegalRules::EffectiveFrom,
            LegalRules::Value,
            LegalRules::Source,
            LegalRules::CreatedAt,
        ]);
        let epoch = chrono::DateTime::<chrono::Utc>::from_timestamp(1_764_800_000, 0)
            .ok_or_else(|| DbErr::Migration("bad timestamp".into()))?;
        let holidays = HOLIDAYS
            .iter()
            .map(|(day, source)| ("public_holiday", "", *day, 1_i64, *source));
        let all = RULES
            .iter()
            .map(|(k, s, d, v, src)| (*k, *s, *d, *v, *src))
            .chain(holidays);
        for (key, scope, from, value, source) in all {
            let from = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d")
                .map_err(|e| DbErr::Migration(format!("rule date: {e}")))?;
            insert.values_panic([
                key.into(),
                scope.into(),
                from.into(),
                value.into(),
                source.into(),
                epoch.into(),
            ]);
        }
        manager.exec_stmt(insert).await?;

        manager
            .create_table(
                Table::create()
                    .table(Payments::Table)
                    .col(id_col(Payments::Id))
                    .col(ColumnDef::new(Payments::CaseId).integer().not_null())
                    .col(ColumnDef::new(Payments::Kind).string_len(24).not_null())
                    .col(ColumnDef::new(Payments::Payee).string_len(16).not_null())
                    .col(ColumnDef::new(Payments::PaidOn).date().not_null())
                    .col(
                        ColumnDef::new(Payments::AmountVnd)
                            .big_integer()
                            .not_null()
                            .check(Expr::col(Payments::AmountVnd).gt(0)),
                    )
                    .col(ColumnDef::new(Payments::ForeignAmount).big_integer().null())
                    .col(ColumnDef::new(Payments::Currency).string_len(3).null())
                    .col(ColumnDef::new(Payments::VndPerUnit).big_integer().null())
                    .col(ColumnDef::new(Payments::ReceiptNo).string_len(64).null())
                    .col(ColumnDef::new(Payments::Note).text().not_null())
                    .col(ColumnDef::new(Payments::Bank).string_len(120).null())
                    .col(ColumnDef::new(Payments::Account).string_len(64).null())
                    .col(ColumnDef::new(Payments::AttachmentId).integer().null())
                    .col(
                        ColumnDef::new(Payments::RecordedBy)
                            .string_len(8)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Payments::InspectorsOnly)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(ColumnDef::new(Payments::Flags).text().not_null())
                    .col(ColumnDef::new(Payments::ReversesId).integer().null())
                    .col(ColumnDef::new(Payments::Reason).text().null())
                    .col(ColumnDef::new(Payments::Answer).string_len(16).null())
                    .col(ColumnDef::new(Payments::AnswerReason).text().null())
                    .col(ColumnDef::new(Payments::AnsweredBy).integer().null())
                    .col(
                        ColumnDef::new(Payments::AnsweredAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(Payments::CreatedBy).integer().null())
                    .col(
                        ColumnDef::new(Payments::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Payments::Table, Payments::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Payments::Table, Payments::AttachmentId)
                            .to(Attachments::Table, Attachments::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Payments::Table, Payments::ReversesId)
                            .to(Payments::Table, Payments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_payments_case")
                    .table(Payments::Table)
                    .col(Payments::CaseId)
                    .to_owned(),
            )
            .await?;
        // An entry is reversed at most once.
        manager
            .create_index(
                Index::create()
                    .name("ux_payments_reverses")
                    .table(Payments::Table)
                    .col(Payments::ReversesId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LicenceDeposits::Table)
                    .col(id_col(LicenceDeposits::Id))
                    .col(
                        ColumnDef::new(LicenceDeposits::AgencyId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LicenceDeposits::Kind)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LicenceDeposits::AmountVnd)
                            .big_integer()
                            .not_null()
                            .check(Expr::col(LicenceDeposits::AmountVnd).gt(0)),
                    )
                    .col(
                        ColumnDef::new(LicenceDeposits::HappenedOn)
                            .date()
                            .not_null(),
                    )
                    .col(ColumnDef::new(LicenceDeposits::Bank).string_len(120).null())
                    .col(
                        ColumnDef::new(LicenceDeposits::OrderNo)
                            .string_len(64)
                            .null(),
                    )
                    .col(ColumnDef::new(LicenceDeposits::Note).text().not_null())
                    .col(
                        ColumnDef::new(LicenceDeposits::CreatedBy)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(LicenceDeposits::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LicenceDeposits::Table, LicenceDeposits::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_licence_deposits_agency")
                    .table(LicenceDeposits::Table)
                    .col(LicenceDeposits::AgencyId)
                    .to_owned(),
            )
            .await?;

        fill_contracts(db, false).await?;
        backfill_deposits(db).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LicenceDeposits::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Payments::Table).to_owned())
            .await?;
        let db = manager.get_connection();
        let holidays = HOLIDAYS.iter().map(|(day, _)| ("public_holiday", "", *day));
        let all = RULES
            .iter()
            .map(|(k, s, d, _, _)| (*k, *s, *d))
            .chain(holidays);
        for (key, scope, from) in all {
            let from = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d")
                .map_err(|e| DbErr::Migration(format!("rule date: {e}")))?;
            let q = Query::delete()
                .from_table(LegalRules::Table)
                .and_where(Expr::col(LegalRules::Key).eq(key))
                .and_where(Expr::col(LegalRules::Scope).eq(scope))
                .and_where(Expr::col(LegalRules::EffectiveFrom).eq(from))
                .to_owned();
            manager.exec_stmt(q).await?;
        }
        for sql in [
            "UPDATE legal_rules SET scope = 'JP' WHERE key = 'deposit_cap_vnd' AND scope = 'JP.TITP'",
            "UPDATE legal_rules SET scope = 'KR' WHERE key = 'deposit_cap_vnd' AND scope = 'KR.EPS'",
        ] {
            db.execute_unprepared(sql).await?;
        }
        // The rate and partner's share added to stored contracts stay: older code ignores them.
        manager
            .alter_table(
                Table::alter()
                    .table(Agencies::Table)
                    .drop_column(Agencies::SendingBranches)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(JobOrders::Table)
                    .drop_column(JobOrders::Programme)
                    .to_owned(),
            )
            .await
    }
}
