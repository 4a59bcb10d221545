//! Pure rules of the domain: validated values, state machines, arithmetic on dates and money.
//!
//! No IO, no async, no leptos, no sea-orm: this module compiles for the browser too, so forms
//! validate with the same code the server runs.

pub mod access;
pub mod accounts;
pub mod agencies;
pub mod cases;
pub mod citizen_id;
pub mod claim_codes;
pub mod complaints;
pub mod deposit_interest;
pub mod forms;
pub mod import;
pub mod inspections;
pub mod job_orders;
pub mod licence_deposits;
pub mod licences;
pub mod lifecycle;
pub mod money;
pub mod navigation;
pub mod payments;
pub mod published_totals;
pub mod recruitment_cost;
pub mod risk;
pub mod rules;
pub mod settlement;
pub mod statistics;
pub mod support;
pub mod text;
