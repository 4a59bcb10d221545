//! Pages are server-rendered HTML; only the pages that hold an island load the island script and
//! the wasm; an island wraps what the server rendered and carries no props.

use crate::helpers::{run, spawn_app};

async fn html(app: &crate::helpers::TestApp, path: &str, lang: &str) -> String {
    let res = app.get_in(path, lang).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.expect("body")
}

fn loads_wasm(page: &str) -> bool {
    page.contains(".wasm") || page.contains("<script type=\"module\"")
}

#[test]
fn a_page_without_an_island_ships_no_script_and_no_wasm() {
    run(async {
        let app = spawn_app().await;
        for path in ["/", "/signin", "/orders", "/password/forgot", "/agencies/1"] {
            let res = app.get(path).await;
            let page = res.text().await.expect("body");
            assert!(!loads_wasm(&page), "{path} loads the wasm");
            assert!(!page.contains("<leptos-island"), "{path} holds an island");
        }
    })
}

#[test]
fn the_registry_and_sign_up_hold_one_island_each_and_load_the_island_script() {
    run(async {
        let app = spawn_app().await;
        for (path, island) in [
            ("/agencies", "RegistryNarrowing"),
            ("/signup", "SignupChecks"),
        ] {
            let page = html(&app, path, "vi").await;
            assert!(loads_wasm(&page), "{path} does not load the wasm");
            assert_eq!(page.matches("<leptos-island").count(), 1, "{path}");
            assert!(page.contains(island), "{path} lacks the {island} island");
        }
    })
}

#[test]
fn an_island_carries_no_props_its_content_is_the_servers_rendering_in_the_pages_language() {
    run(async {
        let app = spawn_app().await;
        let page = html(&app, "/signup", "en").await;
        let start = page.find("<leptos-island").expect("an island");
        let tag = page[start..].split('>').next().expect("the island's tag");
        assert!(
            !tag.contains("data-props"),
            "the island carries props: {tag}"
        );
        let island = &page[start..page.find("</leptos-island>").expect("its end")];
        assert!(
            island.contains("Create account"),
            "the form is inside the island"
        );
        assert!(island.contains("name=\"citizen_id\""));
    })
}
