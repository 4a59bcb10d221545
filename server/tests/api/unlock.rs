//! Anyone who knows an account's address can lock it with wrong passwords; its owner lifts the
//! lock with the link mailed to that address when the lock was set.

use app::backend::entity::outbox;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::accounts::{location, PASSWORD};
use crate::helpers::spawn_app;

fn token_in(text: &str) -> Option<String> {
    let at = text.find("/signin/unlock?token=")? + "/signin/unlock?token=".len();
    Some(text[at..].split_whitespace().next()?.to_owned())
}

#[test]
fn the_owner_lifts_a_lock_with_the_link_mailed_when_it_was_set_and_the_link_works_once() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        app.sign_up("lan@example.vn", "001301012345").await;
        let sign_in = |password: &'static str| {
            let app = &app;
            async move {
                app.post_form(
                    "/signin",
                    &[
                        ("_action", "signin"),
                        ("identifier", "lan@example.vn"),
                        ("password", password),
                    ],
                    None,
                )
                .await
            }
        };
        for _ in 0..7 {
            sign_in("not the password at all").await;
        }
        assert_ne!(location(&sign_in(PASSWORD).await), "/account", "locked");
        let mails = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("unlock"))
            .filter(outbox::Column::Recipient.eq("lan@example.vn"));
        assert_eq!(
            mails.clone().count(&app.db).await.unwrap(),
            1,
            "once per lock"
        );
        let mail = mails.one(&app.db).await.unwrap().unwrap();
        let token = token_in(&mail.body_text).expect("a link");
        let (status, page) = app.page(&format!("/signin/unlock?token={token}")).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("name=\"token\""),
            "a button, not an action on GET"
        );
        assert_ne!(
            location(&sign_in(PASSWORD).await),
            "/account",
            "opening the page changes nothing"
        );
        let unlock = |token: String| {
            let app = &app;
            async move {
                let res = app
                    .post_form(
                        &format!("/signin/unlock?token={token}"),
                        &[("_action", "unlock"), ("token", &token)],
                        None,
                    )
                    .await;
                (res.status().as_u16(), res.text().await.unwrap())
            }
        };
        let (status, page) = unlock(token.clone()).await;
        assert_eq!(status, 200);
        assert!(page.contains("data-testid=\"form-notice\""));
        assert_eq!(location(&sign_in(PASSWORD).await), "/orders", "unlocked");
        let (status, _) = unlock(token).await;
        assert_eq!(status, 422, "the link works once");
    })
}
