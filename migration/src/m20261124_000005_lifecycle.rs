//! The case lifecycle: legal reference rules with effective dates, job-order decisions, the
//! case file and its timeline (case events), departure lists.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LegalRules {
    Table,
    Id,
    Key,
    Scope,
    EffectiveFrom,
    Value,
    Source,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum JobOrders {
    Table,
    WorkingConditions,
    DecisionReason,
    DecidedBy,
    Filled,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    Details,
    Version,
    DepartureListId,
    DueOn,
    LastUpdateMonth,
    AgencyId,
    JobOrderId,
    State,
}

#[derive(DeriveIden)]
enum CaseEvents {
    Table,
    Id,
    CaseId,
    Kind,
    Step,
    FromState,
    ToState,
    HappenedOn,
    Data,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DepartureLists {
    Table,
    Id,
    AgencyId,
    JobOrderId,
    Status,
    PlannedExitOn,
    SubmittedOn,
    DecidedOn,
    DecidedBy,
    DecisionReason,
    CreatedBy,
    CreatedAt,
}

/// The rules in force since Law 69/2020/QH14 took effect (2022-01-01). Amounts and deadlines
/// from the law, Decree 112/2021, Decision 40/2021 and Circular 21/2021; exchange rates are
/// reference values for the fee-cap check that an administrator updates.
const RULES: &[(&str, &str, &str, i64, &str)] = &[
    (
        "min_worker_age",
        "",
        "2022-01-01",
        18,
        "Luật 69/2020/QH14, Điều 44",
    ),
    (
        "departure_window_days",
        "",
        "2022-01-01",
        180,
        "Luật 69/2020/QH14, Điều 20, 22",
    ),
    (
        "orientation_periods",
        "",
        "2022-01-01",
        74,
        "Thông tư 21/2021/TT-BLĐTBXH, Điều 20",
    ),
    (
        "certificate_valid_months",
        "",
        "2022-01-01",
        24,
        "Thông tư 21/2021/TT-BLĐTBXH, Điều 23",
    ),
    (
        "fund_before_exit_days",
        "",
        "2022-01-01",
        3,
        "Quyết định 40/2021/QĐ-TTg, Điều 7",
    ),
    (
        "fund_worker_vnd",
        "",
        "2022-01-01",
        100_000,
        "Quyết định 40/2021/QĐ-TTg, Điều 6",
    ),
    (
        "order_decision_working_days",
        "",
        "2022-01-01",
        5,
        "Luật 69/2020/QH14, Điều 19",
    ),
    (
        "list_confirm_working_days",
        "",
        "2022-01-01",
        3,
        "Nghị định 112/2021/NĐ-CP",
    ),
    (
        "liquidation_days",
        "",
        "2022-01-01",
        180,
        "Luật 69/2020/QH14, Điều 26",
    ),
    (
        "monthly_update_day",
        "",
        "2022-01-01",
        20,
        "Thông tư 21/2021/TT-BLĐTBXH",
    ),
    (
        "first_update_days",
        "",
        "2022-01-01",
        5,
        "Thông tư 21/2021/TT-BLĐTBXH",
    ),
    (
        "fee_cap_tenths_per_12_months",
        "",
        "2022-01-01",
        10,
        "Luật 69/2020/QH14, Điều 23",
    ),
    (
        "long_contract_months",
        "",
        "2022-01-01",
        36,
        "Luật 69/2020/QH14, Điều 23",
    ),
    (
        "fee_cap_tenths_long_contract",
        "",
        "2022-01-01",
        30,
        "Luật 69/2020/QH14, Điều 23",
    ),
    (
        "deposit_cap_vnd",
        "JP",
        "2022-01-01",
        0,
        "Nghị định 112/2021/NĐ-CP, Phụ lục II (thực tập sinh kỹ năng)",
    ),
    (
        "deposit_cap_vnd",
        "KR",
        "2022-01-01",
        100_000_000,
        "Chương trình EPS, Ngân hàng Chính sách xã hội",
    ),
    (
        "vnd_per_currency_unit",
        "JPY",
        "2026-01-01",
        170,
        "Tỷ giá tham chiếu (cập nhật theo Ngân hàng Nhà nước)",
    ),
    (
        "vnd_per_currency_unit",
        "TWD",
        "2026-01-01",
        790,
        "Tỷ giá tham chiếu (cập nhật theo Ngân hàng Nhà nước)",
    ),
    (
        "vnd_per_currency_unit",
        "KRW",
        "2026-01-01",
        18,
        "Tỷ giá tham chiếu (cập nhật theo Ngân hàng Nhà nước)",
    ),
    (
        "vnd_per_currency_unit",
        "USD",
        "2026-01-01",
        25_400,
        "Tỷ giá tham chiếu (cập nhật theo Ngân hàng Nhà nước)",
    ),
    (
        "vnd_per_currency_unit",
        "EUR",
        "2026-01-01",
        27_500,
        "Tỷ giá tham chiếu (cập nhật theo Ngân hàng Nhà nước)",
    ),
    (
        "vnd_per_currency_unit",
        "SGD",
        "2026-01-01",
        19_500,
        "Tỷ giá tham chiếu (cập nhật theo Ngân hàng Nhà nước)",
    ),
];

fn id_col<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LegalRules::Table)
                    .col(id_col(LegalRules::Id))
                    .col(ColumnDef::new(LegalRules::Key).string_len(48).not_null())
                    .col(
                        ColumnDef::new(LegalRules::Scope)
                            .string_len(8)
                            .not_null()
                            .default(""),
                    )
                    .col(ColumnDef::new(LegalRules::EffectiveFrom).date().not_null())
                    .col(ColumnDef::new(LegalRules::Value).big_integer().not_null())
                    .col(ColumnDef::new(LegalRules::Source).string().not_null())
                    .col(ColumnDef::new(LegalRules::CreatedBy).integer().null())
                    .col(
                        ColumnDef::new(LegalRules::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_legal_rules_version")
                    .table(LegalRules::Table)
                    .col(LegalRules::Key)
                    .col(LegalRules::Scope)
                    .col(LegalRules::EffectiveFrom)
                    .unique()
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert();
        insert.into_table(LegalRules::Table).columns([
            LegalRules::Key,
            LegalRules::Scope,
            LegalRules::EffectiveFrom,
            LegalRules::Value,
            LegalRules::Source,
            LegalRules::CreatedAt,
        ]);
        let epoch = chrono::DateTime::<chrono::Utc>::from_timestamp(1_764_000_000, 0)
            .ok_or_else(|| DbErr::Migration("bad timestamp".into()))?;
        for (key, scope, from, value, source) in RULES {
            let from = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d")
                .map_err(|e| DbErr::Migration(format!("rule date: {e}")))?;
            insert.values_panic([
                (*key).into(),
                (*scope).into(),
                from.into(),
                (*value).into(),
                (*source).into(),
                epoch.into(),
            ]);
        }
        manager.exec_stmt(insert).await?;

        // SQLite takes one column per ALTER TABLE.
        for col in [
            ColumnDef::new(JobOrders::WorkingConditions)
                .text()
                .null()
                .to_owned(),
            ColumnDef::new(JobOrders::DecisionReason)
                .text()
                .null()
                .to_owned(),
            ColumnDef::new(JobOrders::DecidedBy)
                .integer()
                .null()
                .to_owned(),
            ColumnDef::new(JobOrders::Filled)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(JobOrders::Table)
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
        }
        for col in [
            ColumnDef::new(Cases::Details)
                .text()
                .not_null()
                .default("{}")
                .to_owned(),
            ColumnDef::new(Cases::Version)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(Cases::DepartureListId)
                .integer()
                .null()
                .to_owned(),
            ColumnDef::new(Cases::DueOn).date().null().to_owned(),
            ColumnDef::new(Cases::LastUpdateMonth)
                .date()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Cases::Table)
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
        }
        // Places taken on each order by cases already in the database.
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE job_orders SET filled = (SELECT COUNT(*) FROM cases WHERE cases.job_order_id = job_orders.id \
             AND cases.state NOT IN ('withdrawn', 'not_sent_in_time', 'rejected', 'cancelled'))",
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_cases_agency_due")
                    .table(Cases::Table)
                    .col(Cases::AgencyId)
                    .col(Cases::DueOn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_cases_order_state")
                    .table(Cases::Table)
                    .col(Cases::JobOrderId)
                    .col(Cases::State)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CaseEvents::Table)
                    .col(
                        ColumnDef::new(CaseEvents::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(CaseEvents::CaseId).integer().not_null())
                    .col(ColumnDef::new(CaseEvents::Kind).string_len(24).not_null())
                    .col(ColumnDef::new(CaseEvents::Step).string_len(32).null())
                    .col(ColumnDef::new(CaseEvents::FromState).string_len(24).null())
                    .col(ColumnDef::new(CaseEvents::ToState).string_len(24).null())
                    .col(ColumnDef::new(CaseEvents::HappenedOn).date().not_null())
                    .col(ColumnDef::new(CaseEvents::Data).text().not_null())
                    .col(ColumnDef::new(CaseEvents::UserId).integer().null())
                    .col(
                        ColumnDef::new(CaseEvents::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseEvents::Table, CaseEvents::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_case_events_case")
                    .table(CaseEvents::Table)
                    .col(CaseEvents::CaseId)
                    .col(CaseEvents::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DepartureLists::Table)
                    .col(id_col(DepartureLists::Id))
                    .col(
                        ColumnDef::new(DepartureLists::AgencyId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DepartureLists::JobOrderId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DepartureLists::Status)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DepartureLists::PlannedExitOn)
                            .date()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DepartureLists::SubmittedOn)
                            .date()
                            .not_null(),
                    )
                    .col(ColumnDef::new(DepartureLists::DecidedOn).date().null())
                    .col(ColumnDef::new(DepartureLists::DecidedBy).integer().null())
                    .col(ColumnDef::new(DepartureLists::DecisionReason).text().null())
                    .col(ColumnDef::new(DepartureLists::CreatedBy).integer().null())
                    .col(
                        ColumnDef::new(DepartureLists::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_departure_lists_status")
                    .table(DepartureLists::Table)
                    .col(DepartureLists::Status)
                    .col(DepartureLists::AgencyId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DepartureLists::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CaseEvents::Table).to_owned())
            .await?;
        for index in ["idx_cases_agency_due", "idx_cases_order_state"] {
            manager
                .drop_index(Index::drop().name(index).table(Cases::Table).to_owned())
                .await?;
        }
        for col in [
            Cases::Details,
            Cases::Version,
            Cases::DepartureListId,
            Cases::DueOn,
            Cases::LastUpdateMonth,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Cases::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        for col in [
            JobOrders::WorkingConditions,
            JobOrders::DecisionReason,
            JobOrders::DecidedBy,
            JobOrders::Filled,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(JobOrders::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(LegalRules::Table).to_owned())
            .await
    }
}
