//! Integration tests: the real router on a real port, against a fresh database that the
//! migrations built. SQLite by default; PostgreSQL when `TEST_DATABASE_URL` is set.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod accounts;
mod attachments;
mod caches;
mod claims;
mod complaints;
mod corrections;
mod doors;
mod form_matrix;
mod helpers;
mod homes;
mod imports;
mod inspections;
mod install;
mod integrity;
mod islands;
mod job_board;
mod job_orders;
mod licences;
mod lifecycle;
mod migrations;
mod payments;
mod recruitment_cost;
mod registry;
mod risk;
mod secrets_at_rest;
mod seed;
mod seed_national;
mod settlement;
mod statements;
mod statistics;
mod support;
mod unlock;
