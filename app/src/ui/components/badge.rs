use leptos::prelude::*;

use crate::domain::agencies::Standing;
use crate::ui::use_lang;

#[component]
pub fn StandingBadge(standing: Standing) -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <span class=format!("badge badge-{}", standing.as_str()) data-standing=standing.as_str()>
            {t.standing(standing)}
        </span>
    }
}
