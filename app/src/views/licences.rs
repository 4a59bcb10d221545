//! Licence decisions (national officers): the forms that issue, amend, reissue, suspend and
//! revoke a licence, and the pages that show an agency's licence with its decisions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::agencies::{AgencyDetailView, MarketView};
use super::forms::{FormData, FormInput, Rejected};
use crate::domain::accounts::{parse_date, Email};
use crate::domain::agencies::LicenceEventKind;
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::licences::{Conditions, Decision, Details, ReissueReason, RevocationGround};
use crate::domain::lifecycle::{optional_text, parse_count, parse_vnd, required_text};

pub mod fields {
    pub const AGENCY_ID: &str = "agency_id";
    pub const DECISION_NO: &str = "decision_no";
    pub const DECIDED_ON: &str = "decided_on";
    pub const SIGNER: &str = "signer";
    pub const EFFECTIVE_ON: &str = "effective_on";
    pub const NAME: &str = "name";
    pub const ENTERPRISE_CODE: &str = "enterprise_code";
    pub const LICENCE_NUMBER: &str = "licence_number";
    pub const PROVINCE: &str = "province";
    pub const ADDRESS: &str = "address";
    pub const PHONE: &str = "phone";
    pub const EMAIL: &str = "email";
    pub const WEBSITE: &str = "website";
    pub const REPRESENTATIVE: &str = "representative";
    pub const CAPITAL: &str = "charter_capital_vnd";
    pub const DOMESTIC_OWNERS: &str = "domestic_owners";
    pub const DEPOSIT_VND: &str = "deposit_vnd";
    pub const DEPOSIT_BANK: &str = "deposit_bank";
    pub const DEPOSIT_ON: &str = "deposit_on";
    pub const REP_GRADUATE: &str = "representative_graduate";
    pub const REP_YEARS: &str = "representative_years";
    pub const STAFF: &str = "staff";
    pub const STAFF_QUALIFIED: &str = "staff_qualified";
    pub const TRAINING_CAPACITY: &str = "training_capacity";
    pub const MARKET: &str = "market";
    pub const MONTHS: &str = "months";
    pub const CLAUSE: &str = "clause";
    pub const REASON: &str = "reason";
    pub const GROUND: &str = "ground";
    pub const NOTE: &str = "note";
}
use fields as f;

/// A checkbox's value when ticked.
pub const YES: &str = "yes";

/// One decision in a licence's history, as the public registry and the officers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionLineView {
    pub agency_id: i32,
    pub agency_name: String,
    pub kind: LicenceEventKind,
    pub number: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub effective_on: NaiveDate,
}

/// The officers' licence desk: the latest decisions, and the form that issues a new licence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenceDeskView {
    pub recent: Vec<DecisionLineView>,
    /// Province codes and names, for the issue form.
    pub provinces: Vec<(String, String)>,
    pub may_decide: bool,
    pub today: NaiveDate,
}

/// One agency's licence for the officers: what the registry shows, the conditions it was issued
/// on (when issued here), and the decision forms for national officers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenceView {
    pub agency: AgencyDetailView,
    pub representative: Option<String>,
    pub conditions: Option<Conditions>,
    pub markets: Vec<MarketView>,
    pub may_decide: bool,
    /// The suspension's bounds in months under the rules in force today.
    pub suspension_months: Option<(i64, i64)>,
    pub today: NaiveDate,
}

fn decision(form: &FormData, e: &mut FieldErrors) -> Option<Decision> {
    let number = required_text(e, f::DECISION_NO, form.get(f::DECISION_NO), 64);
    let decided_on = e.check(f::DECIDED_ON, parse_date(form.get(f::DECIDED_ON)));
    let signer = required_text(e, f::SIGNER, form.get(f::SIGNER), 160);
    decided_on.map(|decided_on| Decision {
        number,
        decided_on,
        signer,
    })
}

fn ticked(form: &FormData, name: &str) -> bool {
    form.get(name) == YES
}

/// A phone line: digits with the usual separators, 9 to 12 digits (landlines have 11).
fn phone_line(e: &mut FieldErrors, value: &str) -> String {
    let v = value.trim();
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if v.is_empty() {
        e.add(f::PHONE, Problem::Required);
    } else if !(9..=12).contains(&digits)
        || !v
            .chars()
            .all(|c| c.is_ascii_digit() || " +.-()".contains(c))
    {
        e.add(f::PHONE, Problem::Phone);
    }
    v.to_owned()
}

fn details(form: &FormData, e: &mut FieldErrors) -> Details {
    let name = required_text(e, f::NAME, form.get(f::NAME), 200);
    let address = required_text(e, f::ADDRESS, form.get(f::ADDRESS), 300);
    let phone = phone_line(e, form.get(f::PHONE));
    let email = match form.get(f::EMAIL).trim() {
        "" => None,
        v => e
            .check(f::EMAIL, Email::parse(v))
            .map(|m| m.as_str().to_owned()),
    };
    let website =
        Some(optional_text(e, f::WEBSITE, form.get(f::WEBSITE), 200)).filter(|w| !w.is_empty());
    let representative = required_text(e, f::REPRESENTATIVE, form.get(f::REPRESENTATIVE), 160);
    Details {
        name,
        address,
        phone,
        email,
        website,
        representative: Some(representative),
    }
}

/// A new licence: the decision, the enterprise, and the conditions as checked.
#[derive(Debug, Clone)]
pub struct IssueLicenceInput {
    pub decision: Decision,
    pub enterprise_code: String,
    pub licence_number: String,
    pub province_code: String,
    pub details: Details,
    pub conditions: Conditions,
}

impl FormInput for IssueLicenceInput {
    const ACTION: &'static str = "issue_licence";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let mut e = FieldErrors::default();
        let decision = decision(form, &mut e);
        let code: String = form
            .get(f::ENTERPRISE_CODE)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if code.is_empty() {
            e.add(f::ENTERPRISE_CODE, Problem::Required);
        } else if !(code.len() == 10 || (code.len() == 14 && code.as_bytes()[10] == b'-'))
            || !code
                .bytes()
                .enumerate()
                .all(|(i, b)| b.is_ascii_digit() || (i == 10 && b == b'-'))
        {
            e.add(f::ENTERPRISE_CODE, Problem::EnterpriseCode);
        }
        let licence_number =
            required_text(&mut e, f::LICENCE_NUMBER, form.get(f::LICENCE_NUMBER), 40);
        let province_code = form.get(f::PROVINCE).trim().to_owned();
        if province_code.is_empty() {
            e.add(f::PROVINCE, Problem::Required);
        }
        let details = details(form, &mut e);
        let capital = e.check(f::CAPITAL, parse_vnd(form.get(f::CAPITAL)));
        let deposit = e.check(f::DEPOSIT_VND, parse_vnd(form.get(f::DEPOSIT_VND)));
        let deposit_bank = required_text(&mut e, f::DEPOSIT_BANK, form.get(f::DEPOSIT_BANK), 120);
        let deposit_on = e.check(f::DEPOSIT_ON, parse_date(form.get(f::DEPOSIT_ON)));
        let years = e.check(f::REP_YEARS, parse_count(form.get(f::REP_YEARS), 80));
        let staff = e.check(f::STAFF, parse_count(form.get(f::STAFF), 100_000));
        let capacity = e.check(
            f::TRAINING_CAPACITY,
            parse_count(form.get(f::TRAINING_CAPACITY), 100_000),
        );
        match (
            decision, capital, deposit, deposit_on, years, staff, capacity,
        ) {
            (
                Some(decision),
                Some(capital),
                Some(deposit),
                Some(deposit_on),
                Some(years),
                Some(staff),
                Some(capacity),
            ) if e.is_empty() => Ok(IssueLicenceInput {
                decision,
                enterprise_code: code,
                licence_number,
                province_code,
                details,
                conditions: Conditions {
                    charter_capital_vnd: capital,
                    domestic_owners: ticked(form, f::DOMESTIC_OWNERS),
                    deposit_vnd: deposit,
                    deposit_bank,
                    deposit_on,
                    representative_vietnamese_graduate: ticked(form, f::REP_GRADUATE),
                    representative_years: years,
                    staff,
                    staff_qualified: ticked(form, f::STAFF_QUALIFIED),
                    training_capacity: capacity,
                },
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// An amendment of the licence's details.
#[derive(Debug, Clone)]
pub struct AmendLicenceInput {
    pub agency_id: i32,
    pub decision: Decision,
    pub details: Details,
}

impl FormInput for AmendLicenceInput {
    const ACTION: &'static str = "amend_licence";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let agency_id = form.id(f::AGENCY_ID)?;
        let mut e = FieldErrors::default();
        let decision = decision(form, &mut e);
        let details = details(form, &mut e);
        match decision {
            Some(decision) if e.is_empty() => Ok(AmendLicenceInput {
                agency_id,
                decision,
                details,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReissueLicenceInput {
    pub agency_id: i32,
    pub decision: Decision,
    pub reason: ReissueReason,
    pub note: String,
}

impl FormInput for ReissueLicenceInput {
    const ACTION: &'static str = "reissue_licence";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let agency_id = form.id(f::AGENCY_ID)?;
        let mut e = FieldErrors::default();
        let decision = decision(form, &mut e);
        let reason = e.check(
            f::REASON,
            ReissueReason::parse(form.get(f::REASON)).ok_or(Problem::Choice),
        );
        let note = optional_text(&mut e, f::NOTE, form.get(f::NOTE), 500);
        match (decision, reason) {
            (Some(decision), Some(reason)) if e.is_empty() => Ok(ReissueLicenceInput {
                agency_id,
                decision,
                reason,
                note,
            }),
            _ => Err(Rejected::Fields(e)),
        }
    }
}

/// A suspension of the licence in one market, from its effective date for a number of months.
#[derive(Debug, Clone)]
pub struct SuspendLicenceInput {
    pub agency_id: i32,
    pub decision: Decision,
    pub market_code: String,
    pub starts_on: NaiveDate,
    pub months: u32,
    pub clause: String,
    pub reason: String,
}

impl FormInput for SuspendLicenceInput {
    const ACTION: &'static str = "suspend_licence";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let agency_id = form.id(f::AGENCY_ID)?;
        let mut e = FieldErrors::default();
        let decision = decision(form, &mut e);
        let market_code = form.get(f::MARKET).trim().to_owned();
        if market_code.is_empty() {
            e.add(f::MARKET, Problem::Required);
        }
        let starts_on = e.check(f::EFFECTIVE_ON, parse_date(form.get(f::EFFECTIVE_ON)));
        let months = e.check(f::MONTHS, parse_count(form.get(f::MONTHS), 999));
        let clause = required_text(&mut e, f::CLAUSE, form.get(f::CLAUSE), 200);
        let reason = required_text(&mut e, f::REASON, form.get(f::REASON), 500);
        match (decision, starts_on, months) {
            (Some(decision), Some(starts_on), Some(months)) if e.is_empty() => {
                Ok(SuspendLicenceInput {
                    agency_id,
                    decision,
                    market_code,
                    starts_on,
                    months,
                    clause,
                    reason,
                })
            }
            _ => Err(Rejected::Fields(e)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RevokeLicenceInput {
    pub agency_id: i32,
    pub decision: Decision,
    pub effective_on: NaiveDate,
    pub ground: RevocationGround,
    pub clause: String,
    pub note: String,
}

impl FormInput for RevokeLicenceInput {
    const ACTION: &'static str = "revoke_licence";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        let agency_id = form.id(f::AGENCY_ID)?;
        let mut e = FieldErrors::default();
        let decision = decision(form, &mut e);
        let effective_on = e.check(f::EFFECTIVE_ON, parse_date(form.get(f::EFFECTIVE_ON)));
        let ground = e.check(
            f::GROUND,
            RevocationGround::parse(form.get(f::GROUND)).ok_or(Problem::Choice),
        );
        let clause = required_text(&mut e, f::CLAUSE, form.get(f::CLAUSE), 200);
        let note = optional_text(&mut e, f::NOTE, form.get(f::NOTE), 500);
        match (decision, effective_on, ground) {
            (Some(decision), Some(effective_on), Some(ground)) if e.is_empty() => {
                Ok(RevokeLicenceInput {
                    agency_id,
                    decision,
                    effective_on,
                    ground,
                    clause,
                    note,
                })
            }
            _ => Err(Rejected::Fields(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData::from_fields(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    fn errors(r: Result<impl std::fmt::Debug, Rejected>) -> Vec<(String, Problem)> {
        match r {
            Err(Rejected::Fields(e)) => e.0.into_iter().map(|x| (x.field, x.problem)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_suspension_without_its_decision_number_clause_or_months_is_refused_field_by_field() {
        let got = errors(SuspendLicenceInput::parse(&form(&[
            ("agency_id", "3"),
            ("decided_on", "2026-11-20"),
            ("signer", "Cục trưởng"),
            ("market", "JP"),
            ("effective_on", "2026-12-01"),
            ("months", "sáu"),
        ])));
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            vec![f::DECISION_NO, f::MONTHS, f::CLAUSE, f::REASON]
        );
    }

    #[test]
    fn an_enterprise_code_has_ten_digits_or_a_branch_suffix() {
        let base = [
            ("decision_no", "1/QĐ-QLLĐNN"),
            ("decided_on", "2026-11-20"),
            ("signer", "Cục trưởng"),
        ];
        for (code, ok) in [
            ("0101234567", true),
            ("0101234567-001", true),
            ("010123456", false),
            ("01012345x7", false),
        ] {
            let mut pairs = base.to_vec();
            pairs.push(("enterprise_code", code));
            let got = errors(IssueLicenceInput::parse(&form(&pairs)));
            let flagged = got
                .iter()
                .any(|(f, p)| f == "enterprise_code" && *p == Problem::EnterpriseCode);
            assert_eq!(flagged, !ok, "{code}");
        }
    }
}
