//! Composition root: configuration, telemetry, the HTTP router and its layers, the command line.
//!
//! This crate knows axum and the process environment; it knows no business rule. Use cases live
//! in `app::backend`, rules in `app::domain`.

pub mod config;
pub mod mailer;
pub mod security;
pub mod startup;
pub mod statements;
pub mod telemetry;
