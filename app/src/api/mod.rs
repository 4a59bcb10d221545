//! `#[server]` functions and the data they carry (`*View`, `*Input`), and the HTML form handler.
//!
//! Each body is a few lines: take the request context, call a use case, map its error.
//! Rules live in `domain`, queries and permissions in `backend`.

pub mod accounts;
pub mod agencies;
#[cfg(feature = "ssr")]
pub mod ctx;
pub mod error;
pub mod forms;
pub mod job_orders;
pub mod lifecycle;
pub mod policy;

pub use error::AppError;
