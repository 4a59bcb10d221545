//! What islands need from the browser: the values of the form an event happened in, today in
//! the browser's calendar, the address bar rewritten in place, and the mark end-to-end tests wait
//! for. On the server (where no event fires and no island hydrates) each answers "nothing".

use leptos::prelude::*;

/// Marks an island's root element as hydrated: `data-island-ready` appears once the island runs
/// in the browser (effects never run on the server), which is what end-to-end tests wait for
/// before they type.
pub fn ready_mark() -> Signal<Option<&'static str>> {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    Signal::derive(move || ready.get().then_some(""))
}

/// Replaces the address bar's path and query without loading, so the address can be shared and
/// the back button leaves the page rather than stepping through each keystroke.
pub fn replace_url(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = path;
    }
}

/// Narrows a list as its form changes: the named `fields` of the form the event happened in are
/// read as a GET would send them (empty ones left out), the address bar is set to `path?query`, and the element
/// marked with the `results` attribute is replaced by the same element of the server's page at
/// that address. An answer overtaken by a later question is dropped.
pub fn narrow_to(
    ev: &leptos::ev::Event,
    path: &'static str,
    fields: &'static [&'static str],
    results: &'static str,
    asked: StoredValue<String>,
) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        // A letter still being composed (Telex, VNI) is not yet what the person typed.
        if ev
            .dyn_ref::<web_sys::InputEvent>()
            .is_some_and(web_sys::InputEvent::is_composing)
        {
            return;
        }
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("form").ok().flatten())
            .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let (Ok(data), Ok(params)) = (
            web_sys::FormData::new_with_form(&form),
            web_sys::UrlSearchParams::new(),
        ) else {
            return;
        };
        for name in fields {
            if let Some(value) = data.get(name).as_string() {
                if !value.trim().is_empty() {
                    params.append(name, value.trim());
                }
            }
        }
        let query = String::from(params.to_string());
        let url = if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        };
        if asked.with_value(|a| *a == url) {
            return;
        }
        asked.set_value(url.clone());
        // Asked once typing pauses: each keystroke would otherwise render a page for nothing.
        set_timeout(
            move || {
                if asked.with_value(|a| *a != url) {
                    return;
                }
                replace_url(&url);
                follow_language_switch(&url);
                leptos::task::spawn_local(async move {
                    let Some(html) = fetch_text(&url).await else {
                        // Typing the same again asks again.
                        if asked.with_value(|a| *a == url) {
                            asked.set_value(String::new());
                        }
                        return;
                    };
                    if asked.with_value(|a| *a != url) {
                        return;
                    }
                    let selector = format!("[{results}]");
                    let fresh = web_sys::DomParser::new()
                        .and_then(|p| p.parse_from_string(&html, web_sys::SupportedType::TextHtml))
                        .ok()
                        .and_then(|doc| doc.query_selector(&selector).ok().flatten());
                    let shown = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.query_selector(&selector).ok().flatten());
                    if let (Some(fresh), Some(shown)) = (fresh, shown) {
                        shown.set_inner_html(&fresh.inner_html());
                    }
                });
            },
            std::time::Duration::from_millis(NARROW_AFTER_MS),
        );
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ev, path, fields, results, asked);
    }
}

/// How long typing must pause before the list is asked for.
#[cfg(feature = "hydrate")]
const NARROW_AFTER_MS: u64 = 200;

/// The header's language switch comes back to the page's current address.
#[cfg(feature = "hydrate")]
fn follow_language_switch(url: &str) {
    let Some(link) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("a.lang-switch").ok().flatten())
    else {
        return;
    };
    if let Some(href) = link.get_attribute("href") {
        let base = href.split("?back=").next().unwrap_or(&href).to_owned();
        let back = String::from(js_sys::encode_uri_component(url));
        let _ = link.set_attribute("href", &format!("{base}?back={back}"));
    }
}

/// The body of a GET to `url` on this site, if it answered 200.
#[cfg(feature = "hydrate")]
async fn fetch_text(url: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if response.status() != 200 {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// The language the server rendered the page in, as `<html lang>` says.
pub fn browser_lang() -> crate::i18n::Lang {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| crate::i18n::Lang::parse(&code))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        crate::i18n::Lang::default()
    }
}

/// One field's problem as the browser found it: shown if the field was `touched`, or if it
/// shows a problem already (which then follows the field).
pub struct FieldProblem<'a> {
    pub name: &'a str,
    pub problem: Option<String>,
    pub touched: bool,
}

/// Writes each field's problem under it (or takes it away), in the form the event happened in,
/// as the `Field` component renders one on the server: the `.field` wrapper marked `has-error`,
/// a `p.field-error` with its id and test id, the input `aria-invalid` and described by its hint
/// and the problem. With `focus`, the first field with a problem takes the focus.
pub fn show_field_problems(ev: &leptos::ev::Event, problems: &[FieldProblem<'_>], focus: bool) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("form").ok().flatten())
        else {
            return;
        };
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let mut focused = !focus;
        for FieldProblem {
            name,
            problem,
            touched,
        } in problems
        {
            let Some(input) = form
                .query_selector(&format!("[name=\"{name}\"]"))
                .ok()
                .flatten()
            else {
                continue;
            };
            let Some(field) = input.closest(".field").ok().flatten() else {
                continue;
            };
            let id = input.id();
            let error_id = format!("{id}-error");
            let hint_id = format!("{id}-hint");
            let shown = field.query_selector(".field-error").ok().flatten();
            if !touched && shown.is_none() {
                continue;
            }
            let has_hint = field
                .query_selector(&format!("#{hint_id}"))
                .ok()
                .flatten()
                .is_some();
            match problem {
                Some(text) => {
                    let p = shown.or_else(|| {
                        let p = doc.create_element("p").ok()?;
                        p.set_class_name("field-error");
                        p.set_id(&error_id);
                        let _ = p.set_attribute("data-testid", &format!("error-{name}"));
                        field.append_child(&p).ok()?;
                        Some(p)
                    });
                    if let Some(p) = p {
                        p.set_text_content(Some(text));
                    }
                    let _ = field.class_list().add_1("has-error");
                    let _ = input.set_attribute("aria-invalid", "true");
                    let described = if has_hint {
                        format!("{hint_id} {error_id}")
                    } else {
                        error_id.clone()
                    };
                    let _ = input.set_attribute("aria-describedby", &described);
                    if !focused {
                        if let Ok(el) = input.clone().dyn_into::<web_sys::HtmlElement>() {
                            let _ = el.focus();
                        }
                        focused = true;
                    }
                }
                None => {
                    if let Some(p) = shown {
                        p.remove();
                    }
                    let _ = field.class_list().remove_1("has-error");
                    let _ = input.remove_attribute("aria-invalid");
                    if field
                        .query_selector(&format!("#{hint_id}"))
                        .ok()
                        .flatten()
                        .is_some()
                    {
                        let _ = input.set_attribute("aria-describedby", &hint_id);
                    } else {
                        let _ = input.remove_attribute("aria-describedby");
                    }
                }
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ev, problems, focus);
    }
}

/// The values of the named fields of the form an event happened in, and the name of the field
/// that changed. In the browser only; on the server (where no event fires) it is empty.
pub fn form_values(
    ev: &leptos::ev::Event,
    names: &[&str],
) -> (Vec<(String, String)>, Option<String>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let changed = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.get_attribute("name"));
        // The form the event happened in: the event's own target (a submit), or the form around
        // the field that changed.
        let data = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("form").ok().flatten())
            .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
            .and_then(|form| web_sys::FormData::new_with_form(&form).ok());
        let values = data
            .map(|d| {
                names
                    .iter()
                    .map(|n| ((*n).to_owned(), d.get(n).as_string().unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        (values, changed)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ev, names);
        (Vec::new(), None)
    }
}

/// Today in the browser's calendar, for the same date rules the server applies.
pub fn browser_today() -> Option<chrono::NaiveDate> {
    #[cfg(feature = "hydrate")]
    {
        let d = js_sys::Date::new_0();
        chrono::NaiveDate::from_ymd_opt(
            i32::try_from(d.get_full_year()).ok()?,
            d.get_month() + 1,
            d.get_date(),
        )
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}
