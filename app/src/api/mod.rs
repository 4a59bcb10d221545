//! `#[server]` functions and the data they carry (`*View`, `*Input`).
//!
//! Each body is a few lines: take the backend from context, call a use case, map its error.
//! Rules live in `domain`, queries and permissions in `backend`.

pub mod agencies;
pub mod error;

pub use error::AppError;
