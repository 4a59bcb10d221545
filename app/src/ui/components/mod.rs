pub mod badge;
pub mod browser;
pub mod error_view;
pub mod form;
pub mod layout;
pub mod page;
