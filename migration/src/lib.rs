//! Database schema, as an ordered list of sea-orm migrations.
//!
//! Self-contained on purpose: migrations never import the application's entities, so an old
//! migration keeps compiling and meaning the same thing when the entities change. Reference data
//! that every database needs (provinces, markets) is inserted here too; demo data is not.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_reference;
mod m20261123_000002_agencies;
mod m20261123_000003_cases;
mod m20261123_000004_accounts;
mod m20261124_000005_lifecycle;
mod m20261202_000010_import_jobs;
mod m20261202_000020_one_open_case;
mod m20261202_000030_attachments;
mod m20261202_000040_occupations;
mod m20261202_000050_disabled_by;
mod m20261203_000060_keyed_secrets;
mod m20261203_000070_verified_signup;
mod m20261203_000080_corrections;
mod m20261204_000090_money;
mod m20261205_000100_settlement;
mod m20261206_000110_support;
mod m20261207_000120_earnings;
mod m20261208_000130_support_receipts;
mod m20261209_000140_licence_decisions;
mod m20261210_000150_inspections;
mod m20261211_000160_complaints;
mod m20261212_000170_risk_method;
mod m20261212_000180_complaint_extensions;
mod m20261212_000190_sanction_complaints;
mod m20261212_000200_sanction_revocation;
mod m20261213_000210_statistics_indexes;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_reference::Migration),
            Box::new(m20261123_000002_agencies::Migration),
            Box::new(m20261123_000003_cases::Migration),
            Box::new(m20261123_000004_accounts::Migration),
            Box::new(m20261124_000005_lifecycle::Migration),
            Box::new(m20261202_000010_import_jobs::Migration),
            Box::new(m20261202_000020_one_open_case::Migration),
            Box::new(m20261202_000030_attachments::Migration),
            Box::new(m20261202_000040_occupations::Migration),
            Box::new(m20261202_000050_disabled_by::Migration),
            Box::new(m20261203_000060_keyed_secrets::Migration),
            Box::new(m20261203_000070_verified_signup::Migration),
            Box::new(m20261203_000080_corrections::Migration),
            Box::new(m20261204_000090_money::Migration),
            Box::new(m20261205_000100_settlement::Migration),
            Box::new(m20261206_000110_support::Migration),
            Box::new(m20261207_000120_earnings::Migration),
            Box::new(m20261208_000130_support_receipts::Migration),
            Box::new(m20261209_000140_licence_decisions::Migration),
            Box::new(m20261210_000150_inspections::Migration),
            Box::new(m20261211_000160_complaints::Migration),
            Box::new(m20261212_000170_risk_method::Migration),
            Box::new(m20261212_000180_complaint_extensions::Migration),
            Box::new(m20261212_000190_sanction_complaints::Migration),
            Box::new(m20261212_000200_sanction_revocation::Migration),
            Box::new(m20261213_000210_statistics_indexes::Migration),
        ]
    }
}
