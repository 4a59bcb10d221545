use leptos::prelude::*;

use crate::api::AppError;
use crate::ui::components::error_view::ErrorView;

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <ErrorView error=AppError::NotFound /> }
}
