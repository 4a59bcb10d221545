//! What the legal-rules page shows: the rules in force today and every version.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::rules::{RuleEntry, Rules};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulesView {
    pub today: NaiveDate,
    pub in_force: Option<Rules>,
    pub entries: Vec<RuleEntry>,
    pub can_edit: bool,
}

// ---------------------------------------------------------------- the rule form's input

use super::forms::{FormData, FormInput, Rejected};

/// Field names of the rule form.
pub mod fields {
    pub const KEY: &str = "key";
    pub const SCOPE: &str = "scope";
    pub const EFFECTIVE_FROM: &str = "effective_from";
    pub const VALUE: &str = "value";
    pub const SOURCE: &str = "source";
}
use fields as f;

/// A new version of a legal rule as typed; the use case checks it against the rule book.
#[derive(Debug, Clone)]
pub struct RuleAddInput {
    pub key: String,
    pub scope: String,
    pub effective_from: String,
    pub value: String,
    pub source: String,
}

impl FormInput for RuleAddInput {
    const ACTION: &'static str = "rule_add";
    fn parse(form: &FormData) -> Result<Self, Rejected> {
        Ok(RuleAddInput {
            key: form.get(f::KEY).to_owned(),
            scope: form.get(f::SCOPE).to_owned(),
            effective_from: form.get(f::EFFECTIVE_FROM).to_owned(),
            value: form.get(f::VALUE).to_owned(),
            source: form.get(f::SOURCE).to_owned(),
        })
    }
}
