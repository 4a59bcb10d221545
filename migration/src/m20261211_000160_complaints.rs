//! Complaints and denunciations, on the clocks of the laws.
//!
//! - `complaints`: one complaint (about an agency's act, answered first by the agency, then at
//!   the second level by the inspectors) or denunciation (the inspectors' only). Its level and
//!   status move by conditional updates on the ones they leave; the deadlines in force are kept
//!   with it, computed from the rules on the day each clock starts. The filer is an account
//!   (`filer_user_id`) or someone acting for the worker, who follows it with a tracking code
//!   (only its hash is kept, unique).
//! - `complaint_steps`: its history, step by step, as the filer sees it.
//! - `complaint_files`: the photos and PDFs filed with it (checked, location data stripped).
//! - Rules: the time limits of the Law on Complaints 2011 and the Law on Denunciations 2018,
//!   each with whether it counts working days.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Complaints {
    Table,
    Id,
    Kind,
    Category,
    AgencyId,
    FilerUserId,
    Relation,
    FilerName,
    FilerEmail,
    FilerPhone,
    WorkerName,
    WorkerId,
    WorkerProvince,
    Lang,
    LearnedOn,
    LateReason,
    ForeignElement,
    Description,
    Status,
    Level,
    Remote,
    Extensions,
    ReceivedOn,
    AcceptDue,
    AcceptedOn,
    ResolveDue,
    AnsweredOn,
    AppealDue,
    ClosedOn,
    InspectionId,
    ContactShared,
    TrackingHash,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ComplaintSteps {
    Table,
    Id,
    ComplaintId,
    Level,
    Step,
    Note,
    ByUserId,
    ByRole,
    HappenedOn,
    At,
}

#[derive(DeriveIden)]
enum ComplaintFiles {
    Table,
    Id,
    ComplaintId,
    FileName,
    ContentType,
    Size,
    Sha256,
    Bytes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Inspections {
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

const COMPLAINTS: &str = "Luật Khiếu nại 2011 (số 02/2011/QH13)";
const DENUNCIATIONS: &str = "Luật Tố cáo 2018 (số 25/2018/QH14)";

/// `(step, days, working days?, source)`, in force from the laws' effective dates.
const LIMITS: &[(&str, i64, bool, &str, &str)] = &[
    ("FILE", 90, false, "Điều 9", COMPLAINTS),
    ("ACCEPT", 10, false, "Điều 27, Điều 36", COMPLAINTS),
    ("RESOLVE_1", 30, false, "Điều 28", COMPLAINTS),
    ("RESOLVE_1_COMPLEX", 45, false, "Điều 28", COMPLAINTS),
    ("RESOLVE_1_REMOTE", 45, false, "Điều 28", COMPLAINTS),
    ("RESOLVE_1_REMOTE_COMPLEX", 60, false, "Điều 28", COMPLAINTS),
    ("APPEAL", 30, false, "Điều 33", COMPLAINTS),
    ("APPEAL_REMOTE", 45, false, "Điều 33", COMPLAINTS),
    ("RESOLVE_2", 45, false, "Điều 37", COMPLAINTS),
    ("RESOLVE_2_COMPLEX", 60, false, "Điều 37", COMPLAINTS),
    ("RESOLVE_2_REMOTE", 60, false, "Điều 37", COMPLAINTS),
    ("RESOLVE_2_REMOTE_COMPLEX", 70, false, "Điều 37", COMPLAINTS),
    (
        "DENOUNCE_ACCEPT",
        7,
        true,
        "Điều 24 (ngày làm việc)",
        DENUNCIATIONS,
    ),
    ("DENOUNCE_RESOLVE", 30, false, "Điều 30", DENUNCIATIONS),
    ("DENOUNCE_EXTENSION", 30, false, "Điều 30", DENUNCIATIONS),
];

fn day(s: &str) -> Result<chrono::NaiveDate, DbErr> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| DbErr::Migration(format!("rule date: {e}")))
}

/// `(key, scope, from, value, source)` of every rule this migration adds.
/// (key, scope, effective from, value, source) of a reference rule.
type RuleRow = (&'static str, &'static str, chrono::NaiveDate, i64, String);

fn rules() -> Result<Vec<RuleRow>, DbErr> {
    let mut v = Vec::new();
    for (step, days, working, article, law) in LIMITS {
        let from = day(if *law == COMPLAINTS {
            "2012-07-01"
        } else {
            "2019-01-01"
        })?;
        let source = format!("{law}, {article}");
        v.push(("complaint_days", *step, from, *days, source.clone()));
        v.push((
            "complaint_working_days",
            *step,
            from,
            i64::from(*working),
            source,
        ));
    }
    v.push((
        "denunciation_extensions",
        "",
        day("2019-01-01")?,
        2,
        format!("{DENUNCIATIONS}, Điều 30 (phức tạp: 1 lần; đặc biệt phức tạp: 2 lần)"),
    ));
    Ok(v)
}

fn id_col<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn at<T: IntoIden>(c: T) -> ColumnDef {
    ColumnDef::new(c)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn words<T: IntoIden + Copy + 'static>(c: T, len: u32, allowed: &[&'static str]) -> ColumnDef {
    ColumnDef::new(c)
        .string_len(len)
        .not_null()
        .check(Expr::col(c).is_in(allowed.iter().copied()))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Complaints as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(id_col(C::Id))
                    .col(words(C::Kind, 16, &["complaint", "denunciation"]))
                    .col(words(
                        C::Category,
                        32,
                        &[
                            "OVERCHARGING",
                            "CONTRACT_SUBSTITUTED",
                            "DEPOSIT_NOT_REFUNDED",
                            "WAGE_OR_JOB",
                            "ABUSE",
                            "OTHER",
                        ],
                    ))
                    .col(ColumnDef::new(C::AgencyId).integer().not_null())
                    .col(ColumnDef::new(C::FilerUserId).integer().null())
                    .col(words(
                        C::Relation,
                        16,
                        &["worker", "relative", "labour_attache", "other"],
                    ))
                    .col(ColumnDef::new(C::FilerName).string_len(160).not_null())
                    .col(ColumnDef::new(C::FilerEmail).string_len(254).not_null())
                    .col(ColumnDef::new(C::FilerPhone).string_len(32).not_null())
                    .col(ColumnDef::new(C::WorkerName).string_len(160).not_null())
                    .col(ColumnDef::new(C::WorkerId).integer().null())
                    .col(ColumnDef::new(C::WorkerProvince).string_len(8).null())
                    .col(words(C::Lang, 4, &["vi", "en"]))
                    .col(ColumnDef::new(C::LearnedOn).date().not_null())
                    .col(ColumnDef::new(C::LateReason).text().not_null())
                    .col(ColumnDef::new(C::ForeignElement).boolean().not_null())
                    .col(ColumnDef::new(C::Description).text().not_null())
                    .col(words(
                        C::Status,
                        16,
                        &["received", "accepted", "refused", "answered", "closed"],
                    ))
                    .col(
                        ColumnDef::new(C::Level)
                            .small_integer()
                            .not_null()
                            .check(Expr::col(C::Level).is_in([1, 2])),
                    )
                    .col(ColumnDef::new(C::Remote).boolean().not_null())
                    .col(
                        ColumnDef::new(C::Extensions)
                            .small_integer()
                            .not_null()
                            .check(Expr::col(C::Extensions).gte(0)),
                    )
                    .col(ColumnDef::new(C::ReceivedOn).date().not_null())
                    .col(ColumnDef::new(C::AcceptDue).date().not_null())
                    .col(ColumnDef::new(C::AcceptedOn).date().null())
                    .col(ColumnDef::new(C::ResolveDue).date().null())
                    .col(ColumnDef::new(C::AnsweredOn).date().null())
                    .col(ColumnDef::new(C::AppealDue).date().null())
                    .col(ColumnDef::new(C::ClosedOn).date().null())
                    .col(ColumnDef::new(C::InspectionId).integer().null())
                    .col(ColumnDef::new(C::ContactShared).boolean().not_null())
                    .col(
                        ColumnDef::new(C::TrackingHash)
                            .string_len(64)
                            .null()
                            .unique_key(),
                    )
                    .col(at(C::CreatedAt))
                    .col(at(C::UpdatedAt))
                    // Someone filing without an account can only follow it with a code.
                    .check(
                        Expr::col(C::FilerUserId)
                            .is_not_null()
                            .or(Expr::col(C::TrackingHash).is_not_null()),
                    )
                    // A denunciation has one level, the inspectors'.
                    .check(
                        Expr::col(C::Kind)
                            .eq("complaint")
                            .or(Expr::col(C::Level).eq(1)),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::InspectionId)
                            .to(Inspections::Table, Inspections::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("ix_complaints_agency", C::AgencyId),
            ("ix_complaints_filer", C::FilerUserId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(C::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        use ComplaintSteps as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(id_col(S::Id))
                    .col(ColumnDef::new(S::ComplaintId).integer().not_null())
                    .col(ColumnDef::new(S::Level).small_integer().not_null())
                    .col(ColumnDef::new(S::Step).string_len(16).not_null())
                    .col(ColumnDef::new(S::Note).text().not_null())
                    .col(ColumnDef::new(S::ByUserId).integer().null())
                    .col(ColumnDef::new(S::ByRole).string_len(32).not_null())
                    .col(ColumnDef::new(S::HappenedOn).date().not_null())
                    .col(at(S::At))
                    .foreign_key(
                        ForeignKey::create()
                            .from(S::Table, S::ComplaintId)
                            .to(C::Table, C::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_complaint_steps_complaint")
                    .table(S::Table)
                    .col(S::ComplaintId)
                    .to_owned(),
            )
            .await?;
        use ComplaintFiles as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(id_col(F::Id))
                    .col(ColumnDef::new(F::ComplaintId).integer().not_null())
                    .col(ColumnDef::new(F::FileName).string_len(255).not_null())
                    .col(ColumnDef::new(F::ContentType).string_len(64).not_null())
                    .col(ColumnDef::new(F::Size).integer().not_null())
                    .col(ColumnDef::new(F::Sha256).string_len(64).not_null())
                    .col(ColumnDef::new(F::Bytes).blob().not_null())
                    .col(at(F::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(F::Table, F::ComplaintId)
                            .to(C::Table, C::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_complaint_files_complaint")
                    .table(F::Table)
                    .col(F::ComplaintId)
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
        let epoch = chrono::DateTime::<chrono::Utc>::from_timestamp(1_765_426_400, 0)
            .ok_or_else(|| DbErr::Migration("bad timestamp".into()))?;
        for (key, scope, from, value, source) in rules()? {
            insert.values_panic([
                key.into(),
                scope.into(),
                from.into(),
                value.into(),
                source.into(),
                epoch.into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (key, scope, from, _, _) in rules()? {
            let q = Query::delete()
                .from_table(LegalRules::Table)
                .and_where(Expr::col(LegalRules::Key).eq(key))
                .and_where(Expr::col(LegalRules::Scope).eq(scope))
                .and_where(Expr::col(LegalRules::EffectiveFrom).eq(from))
                .to_owned();
            manager.exec_stmt(q).await?;
        }
        for t in [
            ComplaintFiles::Table.into_iden(),
            ComplaintSteps::Table.into_iden(),
            Complaints::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
