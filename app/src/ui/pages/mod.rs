pub mod account;
pub mod agency;
pub mod auth;
pub mod cases;
pub mod home;
pub mod not_found;
pub mod orders;
pub mod registry;
