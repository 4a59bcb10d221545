//! `#[server]` functions and each feature's table of form actions; the request context; the one
//! mapping of backend errors to what a browser sees.
//!
//! Each body is a few lines: take the request context, call a use case, map its error. What
//! crosses the wire is in `views`, rules in `domain`, queries and permissions in `backend`.

pub mod accounts;
pub mod agencies;
pub mod attachments;
pub mod cases;
pub mod complaints;
pub mod corrections;
#[cfg(feature = "ssr")]
pub mod ctx;
pub mod departure_lists;
pub mod error;
pub mod forms;
pub mod inspections;
pub mod job_orders;
pub mod licence_deposits;
pub mod licences;
pub mod payments;
pub mod policy;
pub mod recruitment_cost;
pub mod response;
pub mod risk;
pub mod rules;
pub mod settlement;
pub mod statistics;
pub mod support;

pub use error::AppError;
