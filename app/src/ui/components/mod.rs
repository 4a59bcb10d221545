pub mod badge;
pub mod error_view;
pub mod form;
pub mod layout;
pub mod page;
