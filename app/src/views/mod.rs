//! What crosses the wire: the `*View` data a page receives, the typed `*Input` of each form with
//! its field names, and the posted form itself. Imported by `backend`, `api` and `ui` alike;
//! imports only `domain`. Wasm-safe, no IO.

pub mod accounts;
pub mod agencies;
pub mod cases;
pub mod complaints;
pub mod corrections;
pub mod departure_lists;
pub mod forms;
pub mod inspections;
pub mod job_orders;
pub mod licence_deposits;
pub mod licences;
pub mod payments;
pub mod recruitment_cost;
pub mod risk;
pub mod rules;
pub mod settlement;
pub mod statistics;
pub mod support;
