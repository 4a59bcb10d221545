//! Legal reference rules: caps, amounts and deadlines that the law sets and changes. Each value
//! is a row with an effective-from date (table `legal_rules`); an act is judged by the rule in
//! force on the day of the act. Nothing here hard-codes a legal number: the numbers live in the
//! table (seeded by a migration, editable by an administrator), and this module only looks up.

use std::ops::RangeInclusive;

use chrono::{Datelike, Months, NaiveDate, TimeDelta, Weekday};
use serde::{Deserialize, Serialize};

use super::forms::Problem;

/// The kinds of rule the product reads. The stored key is `as_str()`; some are per market or per
/// currency (the `scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RuleKey {
    /// Minimum age of a worker on the day of application (years).
    MinWorkerAge,
    /// Days from selection within which the agency must send the worker.
    DepartureWindowDays,
    /// Periods of orientation training required for a certificate.
    OrientationPeriods,
    /// Months an orientation certificate stays valid.
    CertificateValidMonths,
    /// Days before exit by which the Fund contribution must be paid.
    FundBeforeExitDays,
    /// The worker's Overseas Employment Support Fund contribution (VND).
    FundWorkerVnd,
    /// Working days DOLAB has to decide on a supply-contract registration.
    OrderDecisionWorkingDays,
    /// Working days DOLAB has to confirm a departure list.
    ListConfirmWorkingDays,
    /// Days after the labour contract ends within which the case must be liquidated.
    LiquidationDays,
    /// Day of the month by which the monthly update is due.
    MonthlyUpdateDay,
    /// Days after exit within which the first database update is due.
    FirstUpdateDays,
    /// Service-fee cap in tenths of a month's wage per 12 months worked (10 = one month).
    FeeCapTenthsPer12Months,
    /// Contract length (months) from which the total cap applies.
    LongContractMonths,
    /// Total service-fee cap for long contracts, in tenths of a month's wage.
    FeeCapTenthsLongContract,
    /// Worker deposit cap per market (scope: market code), VND.
    DepositCapVnd,
    /// VND per unit of a foreign currency (scope: ISO currency code), for the fee cap.
    VndPerCurrencyUnit,
    /// Service-fee cap for seafarers, tenths of a month's wage per 12 months.
    FeeCapTenthsSeafarer,
    /// Service-fee cap for an extension or a new contract abroad, tenths per 12 months.
    FeeCapTenthsExtension,
    /// A lower service-fee cap for a market or a programme in it (scope `JP` or `KR.EPS`),
    /// tenths of a month's wage per 12 months.
    FeeCapTenthsMarket,
    /// What the agency may pay an intermediary, tenths of a month's wage per 12 months.
    BrokerageCapTenthsPer12Months,
    /// The same for long contracts, in total.
    BrokerageCapTenthsLongContract,
    /// A lower brokerage cap for a market (Japan: none may be paid).
    BrokerageCapTenthsMarket,
    /// The licence deposit of an agency's head office (VND).
    LicenceDepositVnd,
    /// The licence deposit added for each branch that sends workers (VND).
    LicenceDepositBranchVnd,
    /// Days the agency has to top its licence deposit back up after a use.
    LicenceDepositTopUpDays,
    /// The agency's Fund contribution per worker and contract (VND).
    FundAgencyVnd,
    /// Days after "not sent in time" within which documents and money are returned.
    NotSentRefundDays,
    /// A public holiday: each version is one day (its effective date): value 1 a day off, so
    /// working-day deadlines skip Tết; 0 a day that is worked.
    PublicHoliday,
    /// A bank's demand-deposit interest rate (scope: the bank's code, empty for the reference
    /// rate), in hundredths of a percent a year: settlement interest runs at it, period by period.
    DemandDepositRateBps,
    /// The least support the Fund pays for a cause (scope: `ACCIDENT`, `ILLNESS`, `CLOSURE`,
    /// `ABUSE`, `DEATH`), VND.
    FundSupportMinVnd,
    /// The most it pays for that cause, VND.
    FundSupportMaxVnd,
    /// The first year of the poverty-reduction programme's period in force (support is paid
    /// once per worker, item and period).
    SupportProgrammeYear,
    /// A support item's amount (scope: the item, e.g. `LANGUAGE`): its cap, or its rate a day
    /// (`MEALS`) or a month (`LODGING`), VND.
    SupportRateVnd,
    /// The share of an item's amount a household status gives (scope: the status, e.g.
    /// `NEAR_POOR`, or the status and item, `NEAR_POOR:LANGUAGE`), in hundredths of a percent.
    SupportShareBps,
    /// Months a poor worker's job must have been held before the unit that found it is paid
    /// its job-connection support.
    ConnectionConfirmMonths,
    /// The charter capital a licence needs (VND).
    LicenceCharterCapitalVnd,
    /// Years of experience the agency's legal representative needs.
    LicenceRepExperienceYears,
    /// Trainees the agency's orientation facility must hold at once.
    LicenceTrainingCapacity,
    /// The shortest and longest suspension in a market, in months.
    SuspensionMinMonths,
    SuspensionMaxMonths,
    /// The least fine for a violation (scope: its code, e.g. `UNLAWFUL_FEE`), VND; per worker
    /// concerned for the violations fined so.
    PenaltyFineMinVnd,
    /// The most fine for it, VND (per worker concerned for those fined so).
    PenaltyFineMaxVnd,
    /// The total cap of a per-worker fine (scope: the violation's code), VND.
    PenaltyFineCapVnd,
    /// A time limit of the laws on complaints and denunciations (scope: the step, e.g.
    /// `RESOLVE_1`), in days.
    ComplaintDays,
    /// Whether that limit counts working days (1) or calendar days (0) (same scope).
    ComplaintWorkingDays,
    /// How many times the resolution of a complex denunciation may be extended.
    DenunciationExtensions,
    /// How many times the resolution of a complaint may be extended (to its complex limit).
    ComplaintExtensions,
    /// The weight of a factor in the agencies' risk score (scope: the factor's code, e.g.
    /// `COMPLAINTS`), in points.
    RiskWeight,
    /// How far a small agency's rates are drawn toward the average: the rate is figured as if
    /// the agency had this many more cases (or departures) at the average rate.
    RiskPrior,
    /// The most times the average a factor may count for, so one factor cannot swamp the rest.
    RiskIndexCap,
    /// Months back from today that the risk ranking counts events over.
    RiskWindowMonths,
}

impl RuleKey {
    pub const ALL: [RuleKey; 51] = [
        RuleKey::MinWorkerAge,
        RuleKey::DepartureWindowDays,
        RuleKey::OrientationPeriods,
        RuleKey::CertificateValidMonths,
        RuleKey::FundBeforeExitDays,
        RuleKey::FundWorkerVnd,
        RuleKey::OrderDecisionWorkingDays,
        RuleKey::ListConfirmWorkingDays,
        RuleKey::LiquidationDays,
        RuleKey::MonthlyUpdateDay,
        RuleKey::FirstUpdateDays,
        RuleKey::FeeCapTenthsPer12Months,
        RuleKey::LongContractMonths,
        RuleKey::FeeCapTenthsLongContract,
        RuleKey::DepositCapVnd,
        RuleKey::VndPerCurrencyUnit,
        RuleKey::FeeCapTenthsSeafarer,
        RuleKey::FeeCapTenthsExtension,
        RuleKey::FeeCapTenthsMarket,
        RuleKey::BrokerageCapTenthsPer12Months,
        RuleKey::BrokerageCapTenthsLongContract,
        RuleKey::BrokerageCapTenthsMarket,
        RuleKey::LicenceDepositVnd,
        RuleKey::LicenceDepositBranchVnd,
        RuleKey::LicenceDepositTopUpDays,
        RuleKey::FundAgencyVnd,
        RuleKey::NotSentRefundDays,
        RuleKey::PublicHoliday,
        RuleKey::DemandDepositRateBps,
        RuleKey::FundSupportMinVnd,
        RuleKey::FundSupportMaxVnd,
        RuleKey::SupportProgrammeYear,
        RuleKey::SupportRateVnd,
        RuleKey::SupportShareBps,
        RuleKey::ConnectionConfirmMonths,
        RuleKey::LicenceCharterCapitalVnd,
        RuleKey::LicenceRepExperienceYears,
        RuleKey::LicenceTrainingCapacity,
        RuleKey::SuspensionMinMonths,
        RuleKey::SuspensionMaxMonths,
        RuleKey::PenaltyFineMinVnd,
        RuleKey::PenaltyFineMaxVnd,
        RuleKey::PenaltyFineCapVnd,
        RuleKey::ComplaintDays,
        RuleKey::ComplaintWorkingDays,
        RuleKey::DenunciationExtensions,
        RuleKey::ComplaintExtensions,
        RuleKey::RiskWeight,
        RuleKey::RiskPrior,
        RuleKey::RiskIndexCap,
        RuleKey::RiskWindowMonths,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleKey::MinWorkerAge => "min_worker_age",
            RuleKey::DepartureWindowDays => "departure_window_days",
            RuleKey::OrientationPeriods => "orientation_periods",
            RuleKey::CertificateValidMonths => "certificate_valid_months",
            RuleKey::FundBeforeExitDays => "fund_before_exit_days",
            RuleKey::FundWorkerVnd => "fund_worker_vnd",
            RuleKey::OrderDecisionWorkingDays => "order_decision_working_days",
            RuleKey::ListConfirmWorkingDays => "list_confirm_working_days",
            RuleKey::LiquidationDays => "liquidation_days",
            RuleKey::MonthlyUpdateDay => "monthly_update_day",
            RuleKey::FirstUpdateDays => "first_update_days",
            RuleKey::FeeCapTenthsPer12Months => "fee_cap_tenths_per_12_months",
            RuleKey::LongContractMonths => "long_contract_months",
            RuleKey::FeeCapTenthsLongContract => "fee_cap_tenths_long_contract",
            RuleKey::DepositCapVnd => "deposit_cap_vnd",
            RuleKey::VndPerCurrencyUnit => "vnd_per_currency_unit",
            RuleKey::FeeCapTenthsSeafarer => "fee_cap_tenths_seafarer",
            RuleKey::FeeCapTenthsExtension => "fee_cap_tenths_extension",
            RuleKey::FeeCapTenthsMarket => "fee_cap_tenths_market",
            RuleKey::BrokerageCapTenthsPer12Months => "brokerage_cap_tenths_per_12_months",
            RuleKey::BrokerageCapTenthsLongContract => "brokerage_cap_tenths_long_contract",
            RuleKey::BrokerageCapTenthsMarket => "brokerage_cap_tenths_market",
            RuleKey::LicenceDepositVnd => "licence_deposit_vnd",
            RuleKey::LicenceDepositBranchVnd => "licence_deposit_branch_vnd",
            RuleKey::LicenceDepositTopUpDays => "licence_deposit_top_up_days",
            RuleKey::FundAgencyVnd => "fund_agency_vnd",
            RuleKey::NotSentRefundDays => "not_sent_refund_days",
            RuleKey::PublicHoliday => "public_holiday",
            RuleKey::DemandDepositRateBps => "demand_deposit_rate_bps",
            RuleKey::FundSupportMinVnd => "fund_support_min_vnd",
            RuleKey::FundSupportMaxVnd => "fund_support_max_vnd",
            RuleKey::SupportProgrammeYear => "support_programme_year",
            RuleKey::SupportRateVnd => "support_rate_vnd",
            RuleKey::SupportShareBps => "support_share_bps",
            RuleKey::ConnectionConfirmMonths => "connection_confirm_months",
            RuleKey::LicenceCharterCapitalVnd => "licence_charter_capital_vnd",
            RuleKey::LicenceRepExperienceYears => "licence_rep_experience_years",
            RuleKey::LicenceTrainingCapacity => "licence_training_capacity",
            RuleKey::SuspensionMinMonths => "suspension_min_months",
            RuleKey::SuspensionMaxMonths => "suspension_max_months",
            RuleKey::PenaltyFineMinVnd => "penalty_fine_min_vnd",
            RuleKey::PenaltyFineMaxVnd => "penalty_fine_max_vnd",
            RuleKey::PenaltyFineCapVnd => "penalty_fine_cap_vnd",
            RuleKey::ComplaintDays => "complaint_days",
            RuleKey::ComplaintWorkingDays => "complaint_working_days",
            RuleKey::DenunciationExtensions => "denunciation_extensions",
            RuleKey::ComplaintExtensions => "complaint_extensions",
            RuleKey::RiskWeight => "risk_weight",
            RuleKey::RiskPrior => "risk_prior",
            RuleKey::RiskIndexCap => "risk_index_cap",
            RuleKey::RiskWindowMonths => "risk_window_months",
        }
    }

    pub fn parse(s: &str) -> Option<RuleKey> {
        RuleKey::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The values a version of this rule may have. A value outside is refused when it is
    /// entered, rather than clamped where it is read: counts of days and months fit the `u32`
    /// the deadlines take, a share is at most the whole, a programme year is a year.
    pub fn range(self) -> RangeInclusive<i64> {
        use RuleKey::*;
        match self {
            MinWorkerAge => 15..=65,
            DepartureWindowDays | LiquidationDays => 1..=3_650,
            OrientationPeriods => 1..=1_000,
            CertificateValidMonths | LongContractMonths => 1..=600,
            FundBeforeExitDays
            | OrderDecisionWorkingDays
            | ListConfirmWorkingDays
            | FirstUpdateDays
            | LicenceDepositTopUpDays
            | NotSentRefundDays => 0..=3_650,
            // The deadline falls on that day of every month, February too.
            MonthlyUpdateDay => 1..=28,
            PublicHoliday | ComplaintWorkingDays => 0..=1,
            ComplaintDays => 0..=3_650,
            DenunciationExtensions | ComplaintExtensions => 0..=10,
            RiskWeight => 0..=1_000,
            RiskPrior => 0..=100_000,
            RiskIndexCap => 1..=100,
            RiskWindowMonths => 1..=120,
            VndPerCurrencyUnit => 1..=i64::MAX,
            DemandDepositRateBps | SupportShareBps => 0..=10_000,
            SupportProgrammeYear => 2000..=2100,
            ConnectionConfirmMonths => 1..=60,
            LicenceRepExperienceYears => 0..=60,
            LicenceTrainingCapacity => 0..=100_000,
            SuspensionMinMonths | SuspensionMaxMonths => 1..=120,
            LicenceCharterCapitalVnd => 0..=i64::MAX,
            FeeCapTenthsPer12Months
            | FeeCapTenthsLongContract
            | FeeCapTenthsSeafarer
            | FeeCapTenthsExtension
            | FeeCapTenthsMarket
            | BrokerageCapTenthsPer12Months
            | BrokerageCapTenthsLongContract
            | BrokerageCapTenthsMarket
            | FundWorkerVnd
            | DepositCapVnd
            | LicenceDepositVnd
            | LicenceDepositBranchVnd
            | FundAgencyVnd
            | FundSupportMinVnd
            | FundSupportMaxVnd
            | SupportRateVnd
            | PenaltyFineMinVnd
            | PenaltyFineMaxVnd
            | PenaltyFineCapVnd => 0..=i64::MAX,
        }
    }

    /// Whether `value` may be a version of this rule, and if not the bound it crosses.
    pub fn check(self, value: i64) -> Result<i64, Problem> {
        let range = self.range();
        if value < *range.start() {
            Err(Problem::AtLeast {
                min: *range.start(),
            })
        } else if value > *range.end() {
            Err(Problem::AtMost { max: *range.end() })
        } else {
            Ok(value)
        }
    }
}

/// One version of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleEntry {
    pub key: RuleKey,
    /// Market or currency code for scoped rules; empty otherwise.
    pub scope: String,
    pub effective_from: NaiveDate,
    pub value: i64,
    /// Where the value comes from (decree, article), shown to administrators and auditors.
    pub source: String,
}

/// Every version of every rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleBook(pub Vec<RuleEntry>);

/// A rule the book has no version of on that day: the act cannot be judged, so it is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingRule {
    pub key: RuleKey,
    pub scope: String,
    pub on: NaiveDate,
}

impl RuleBook {
    /// The value in force on `on`: the version with the latest effective date not after it.
    pub fn value(&self, key: RuleKey, scope: &str, on: NaiveDate) -> Result<i64, MissingRule> {
        self.0
            .iter()
            .filter(|e| e.key == key && e.scope == scope && e.effective_from <= on)
            .max_by_key(|e| e.effective_from)
            .map(|e| e.value)
            .ok_or_else(|| MissingRule {
                key,
                scope: scope.to_owned(),
                on,
            })
    }

    /// The version in force on `on`, with its date and source (for a method that shows where
    /// each of its numbers comes from).
    pub fn entry(
        &self,
        key: RuleKey,
        scope: &str,
        on: NaiveDate,
    ) -> Result<&RuleEntry, MissingRule> {
        self.0
            .iter()
            .filter(|e| e.key == key && e.scope == scope && e.effective_from <= on)
            .max_by_key(|e| e.effective_from)
            .ok_or_else(|| MissingRule {
                key,
                scope: scope.to_owned(),
                on,
            })
    }

    /// The most specific of `scopes` (e.g. `["KR.EPS", "KR"]`) that has a version in force on
    /// `on`, with its value; none when no scope has one (the error names the first scope).
    pub fn value_in(
        &self,
        key: RuleKey,
        scopes: &[&str],
        on: NaiveDate,
    ) -> Result<i64, MissingRule> {
        scopes
            .iter()
            .find_map(|scope| self.value(key, scope, on).ok())
            .ok_or_else(|| MissingRule {
                key,
                scope: scopes.first().map(|s| (*s).to_owned()).unwrap_or_default(),
                on,
            })
    }

    /// Where a rule in force on a day comes from (its `source`), for a flag's legal basis.
    pub fn source_of(&self, key: RuleKey, scope: &str, on: NaiveDate) -> Option<&str> {
        self.0
            .iter()
            .filter(|e| e.key == key && e.scope == scope && e.effective_from <= on)
            .max_by_key(|e| e.effective_from)
            .map(|e| e.source.as_str())
    }

    /// The unscoped rules in force on a day, as one value to pass around.
    pub fn on(&self, on: NaiveDate) -> Result<Rules, MissingRule> {
        let v = |key| self.value(key, "", on);
        let small = |key| v(key).map(|n| u32::try_from(n.max(0)).unwrap_or(u32::MAX));
        Ok(Rules {
            on,
            min_worker_age: small(RuleKey::MinWorkerAge)?,
            departure_window_days: small(RuleKey::DepartureWindowDays)?,
            orientation_periods: small(RuleKey::OrientationPeriods)?,
            certificate_valid_months: small(RuleKey::CertificateValidMonths)?,
            fund_before_exit_days: small(RuleKey::FundBeforeExitDays)?,
            fund_worker_vnd: v(RuleKey::FundWorkerVnd)?,
            order_decision_working_days: small(RuleKey::OrderDecisionWorkingDays)?,
            list_confirm_working_days: small(RuleKey::ListConfirmWorkingDays)?,
            liquidation_days: small(RuleKey::LiquidationDays)?,
            monthly_update_day: small(RuleKey::MonthlyUpdateDay)?,
            first_update_days: small(RuleKey::FirstUpdateDays)?,
            fee_cap_tenths_per_12_months: v(RuleKey::FeeCapTenthsPer12Months)?,
            long_contract_months: small(RuleKey::LongContractMonths)?,
            fee_cap_tenths_long_contract: v(RuleKey::FeeCapTenthsLongContract)?,
            fee_cap_tenths_seafarer: v(RuleKey::FeeCapTenthsSeafarer)?,
            fee_cap_tenths_extension: v(RuleKey::FeeCapTenthsExtension)?,
            brokerage_cap_tenths_per_12_months: v(RuleKey::BrokerageCapTenthsPer12Months)?,
            brokerage_cap_tenths_long_contract: v(RuleKey::BrokerageCapTenthsLongContract)?,
            licence_deposit_vnd: v(RuleKey::LicenceDepositVnd)?,
            licence_deposit_branch_vnd: v(RuleKey::LicenceDepositBranchVnd)?,
            licence_deposit_top_up_days: small(RuleKey::LicenceDepositTopUpDays)?,
            fund_agency_vnd: v(RuleKey::FundAgencyVnd)?,
            not_sent_refund_days: small(RuleKey::NotSentRefundDays)?,
            holidays: self.holidays(),
        })
    }

    /// The public holidays in the book, in order, each once.
    pub fn holidays(&self) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = self
            .0
            .iter()
            .filter(|e| e.key == RuleKey::PublicHoliday && e.value != 0)
            .map(|e| e.effective_from)
            .collect();
        days.sort_unstable();
        days.dedup();
        days
    }

    /// The versions of every rule, newest first within a key, for the rules page.
    pub fn listing(&self) -> Vec<RuleEntry> {
        let mut all = self.0.clone();
        all.sort_by(|a, b| {
            (
                a.key.as_str(),
                &a.scope,
                std::cmp::Reverse(a.effective_from),
            )
                .cmp(&(
                    b.key.as_str(),
                    &b.scope,
                    std::cmp::Reverse(b.effective_from),
                ))
        });
        all
    }
}

/// The unscoped rules in force on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub on: NaiveDate,
    pub min_worker_age: u32,
    pub departure_window_days: u32,
    pub orientation_periods: u32,
    pub certificate_valid_months: u32,
    pub fund_before_exit_days: u32,
    pub fund_worker_vnd: i64,
    pub order_decision_working_days: u32,
    pub list_confirm_working_days: u32,
    pub liquidation_days: u32,
    pub monthly_update_day: u32,
    pub first_update_days: u32,
    pub fee_cap_tenths_per_12_months: i64,
    pub long_contract_months: u32,
    pub fee_cap_tenths_long_contract: i64,
    pub fee_cap_tenths_seafarer: i64,
    pub fee_cap_tenths_extension: i64,
    pub brokerage_cap_tenths_per_12_months: i64,
    pub brokerage_cap_tenths_long_contract: i64,
    pub licence_deposit_vnd: i64,
    pub licence_deposit_branch_vnd: i64,
    pub licence_deposit_top_up_days: u32,
    pub fund_agency_vnd: i64,
    pub not_sent_refund_days: u32,
    /// Public holidays, in order, for working-day deadlines.
    pub holidays: Vec<NaiveDate>,
}

/// Which service-fee cap a contract falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeeBasis {
    /// One month's wage per 12 months (Law 69/2020, art. 23).
    Standard,
    /// Seafarers: one and a half months per 12.
    Seafarer,
    /// An extension or a new contract abroad: half a month per 12.
    Extension,
}

/// `wage × tenths × months / 120`, in i128 so no wage overflows it; floored (in the worker's
/// favour, for a cap).
fn months_of_wage(wage_vnd: i64, tenths: i64, months: u32) -> i64 {
    let v = i128::from(wage_vnd) * i128::from(tenths) * i128::from(months) / 120;
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl Rules {
    /// The highest service fee (VND) for a contract of `term_months` at a monthly wage of
    /// `wage_vnd`: the per-12-months cap pro rata, and never more than the long-contract total.
    pub fn service_fee_cap_vnd(&self, wage_vnd: i64, term_months: u32) -> i64 {
        self.fee_cap_vnd(wage_vnd, term_months, FeeBasis::Standard, None)
    }

    /// The service-fee cap for a basis, with a market's lower cap per 12 months if it has one.
    pub fn fee_cap_vnd(
        &self,
        wage_vnd: i64,
        term_months: u32,
        basis: FeeBasis,
        market_tenths: Option<i64>,
    ) -> i64 {
        let per_12 = match basis {
            FeeBasis::Standard => self.fee_cap_tenths_per_12_months,
            FeeBasis::Seafarer => self.fee_cap_tenths_seafarer,
            FeeBasis::Extension => self.fee_cap_tenths_extension,
        };
        let per_12 = market_tenths.map_or(per_12, |m| m.min(per_12));
        let pro_rata = months_of_wage(wage_vnd, per_12, term_months);
        if term_months >= self.long_contract_months {
            pro_rata.min(months_of_wage(
                wage_vnd,
                self.fee_cap_tenths_long_contract,
                12,
            ))
        } else {
            pro_rata
        }
    }

    /// The most the agency may pay an intermediary for one worker, with a market's own cap.
    pub fn brokerage_cap_vnd(
        &self,
        wage_vnd: i64,
        term_months: u32,
        market_tenths: Option<i64>,
    ) -> i64 {
        let cap = if term_months >= self.long_contract_months {
            months_of_wage(wage_vnd, self.brokerage_cap_tenths_long_contract, 12)
        } else {
            months_of_wage(
                wage_vnd,
                self.brokerage_cap_tenths_per_12_months,
                term_months,
            )
        };
        market_tenths.map_or(cap, |m| cap.min(months_of_wage(wage_vnd, m, term_months)))
    }

    /// The licence deposit an agency must hold: the head office's and each sending branch's.
    pub fn licence_deposit_due_vnd(&self, sending_branches: u32) -> i64 {
        self.licence_deposit_vnd + self.licence_deposit_branch_vnd * i64::from(sending_branches)
    }
}

pub fn add_days(day: NaiveDate, days: u32) -> NaiveDate {
    day + TimeDelta::days(i64::from(days))
}

pub fn add_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months)).unwrap_or(day)
}

/// Whether `day` is a working day: not a Saturday, a Sunday or one of the public `holidays`
/// (the rule book's, in order).
pub fn is_working_day(day: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && holidays.binary_search(&day).is_err()
}

/// The day `n` working days after `day`: Saturdays, Sundays and the public `holidays` (the
/// rule book's, in order) do not count.
pub fn add_working_days(day: NaiveDate, n: u32, holidays: &[NaiveDate]) -> NaiveDate {
    let mut d = day;
    let mut left = n;
    while left > 0 {
        d += TimeDelta::days(1);
        if is_working_day(d, holidays) {
            left -= 1;
        }
    }
    d
}

/// The day of the monthly update for the month after `day`'s month.
pub fn next_monthly_deadline(day: NaiveDate, update_day: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(day.year(), day.month(), 1).unwrap_or(day);
    let next = add_months(first, 1);
    NaiveDate::from_ymd_opt(next.year(), next.month(), update_day.clamp(1, 28)).unwrap_or(next)
}

#[cfg(test)]
#[path = "rules_tests.rs"]
pub mod tests;
