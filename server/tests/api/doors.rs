//! The small doors: the language switch never leads off-site, https installs send HSTS, a
//! client's request id is never taken for ours, and an agency administrator cannot activate what
//! is not theirs to activate.

use app::backend::entity::{audit_log, user};
use app::domain::accounts::Role;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::helpers::{migrated_database, spawn_app, spawn_app_at, AgencyFixture};

#[test]
fn the_language_switch_never_sends_the_reader_to_another_site() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        for back in [
            "/%09/evil.example",
            "/%0A/evil.example",
            "/%0D%0A/evil.example",
            "//evil.example",
            "/%5Cevil.example",
            "%2F%2Fevil.example",
            "https://evil.example",
            "/ok%5C..%5C%5Cevil.example",
        ] {
            let res = app.get(&format!("/lang/en?back={back}")).await;
            assert_eq!(res.status().as_u16(), 303, "{back}");
            assert_eq!(res.headers()["location"], "/", "back={back}");
        }
        // A local way back with Vietnamese in it survives, encoded.
        let res = app
            .get("/lang/en?back=%2Fagencies%3Fq%3DH%C3%A0%20N%E1%BB%99i")
            .await;
        assert_eq!(
            res.headers()["location"],
            "/agencies?q=H%C3%A0%20N%E1%BB%99i"
        );
    })
}

#[test]
fn an_https_install_tells_browsers_to_stay_on_https_and_a_plain_http_one_does_not() {
    crate::helpers::run(async {
        let plain = spawn_app().await;
        let res = plain.get("/").await;
        assert!(res.headers().get("strict-transport-security").is_none());
        let secure = spawn_app_at(
            migrated_database().await,
            Some("https://hanhtrang.example.vn"),
        )
        .await;
        for path in ["/", "/signin", "/no-such-page"] {
            let res = secure.get(path).await;
            let hsts = res
                .headers()
                .get("strict-transport-security")
                .unwrap_or_else(|| panic!("HSTS on {path}"))
                .to_str()
                .unwrap();
            assert!(hsts.contains("max-age=31536000"), "{hsts}");
        }
    })
}

#[test]
fn a_clients_request_id_is_kept_out_of_our_answers_and_our_audit_trail() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let chosen = "chosen-by-the-client";
        let res = app
            .client
            .post(format!("{}/signin", app.address))
            .header("origin", &app.address)
            .header("x-request-id", chosen)
            .form(&[
                ("_action", "signin"),
                ("identifier", "nobody@example.vn"),
                ("password", "whatever it is"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 422);
        let ours = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert_ne!(ours, chosen);
        assert_eq!(ours.len(), 36, "a UUID of ours: {ours}");
        let row = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("signin.failed"))
            .one(&app.db)
            .await
            .unwrap()
            .expect("the failed sign-in is audited");
        assert_eq!(row.request_id.as_deref(), Some(ours.as_str()));
    })
}

#[test]
fn an_agency_administrator_neither_activates_an_invitation_nor_undoes_a_system_disabling_even_in_two_steps(
) {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let agency = AgencyFixture::named("Công ty A", "001/2020/GP", "0100000001")
            .insert(&app.db)
            .await;
        let head = app
            .add_user("head@a.vn", Role::AgencyAdmin, Some(agency), None, None)
            .await;
        let sysadmin = app
            .add_user("root@hanhtrang.vn", Role::SystemAdmin, None, None, None)
            .await;
        let invited = app
            .add_user("invited@a.vn", Role::AgencyStaff, Some(agency), None, None)
            .await;
        let mut u: user::ActiveModel = user::Entity::find_by_id(invited)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into();
        u.status = Set("invited".into());
        u.password_hash = Set(None);
        u.update(&app.db).await.unwrap();
        let staff = app
            .add_user("staff@a.vn", Role::AgencyStaff, Some(agency), None, None)
            .await;
        let head_session = app.session_for(head).await;
        let root_session = app.session_for(sysadmin).await;
        let switch = |id: i32, status: &'static str| {
            vec![
                ("_action".to_owned(), "set_status".to_owned()),
                ("user_id".to_owned(), id.to_string()),
                ("status".to_owned(), status.to_owned()),
            ]
        };
        // Each administrator posts from their own accounts page.
        let post = |cookie: String, fields: Vec<(String, String)>| {
            let app = &app;
            let page = if cookie == root_session {
                "/admin/users"
            } else {
                "/agency/staff"
            };
            async move {
                let pairs: Vec<(&str, &str)> = fields
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let res = app.post_form(page, &pairs, Some(&cookie)).await;
                (res.status().as_u16(), res.text().await.unwrap())
            }
        };
        let status_of = |id: i32| {
            let app = &app;
            async move {
                user::Entity::find_by_id(id)
                    .one(&app.db)
                    .await
                    .unwrap()
                    .unwrap()
                    .status
            }
        };

        // An invitation becomes active only by being accepted.
        let (code, body) = post(head_session.clone(), switch(invited, "active")).await;
        assert_eq!(code, 422);
        assert!(body.contains("chỉ hoạt động khi người được mời chấp nhận lời mời"));
        assert_eq!(status_of(invited).await, "invited");
        // Withdrawn and switched back on, it is an invitation again, never an active account.
        let (code, _) = post(head_session.clone(), switch(invited, "disabled")).await;
        assert!(matches!(code, 200 | 303), "{code}");
        assert_eq!(status_of(invited).await, "disabled");
        let (code, _) = post(head_session.clone(), switch(invited, "active")).await;
        assert!(matches!(code, 200 | 303), "{code}");
        assert_eq!(status_of(invited).await, "invited");

        // The system administrator disables a staff account; the agency cannot undo it...
        let (code, _) = post(root_session.clone(), switch(staff, "disabled")).await;
        assert!(matches!(code, 200 | 303), "{code}");
        assert_eq!(status_of(staff).await, "disabled");
        let (_, page) = app.get_as("/agency/staff", &head_session).await;
        assert!(
            !page.contains(&format!("name=\"user_id\" value=\"{staff}\"")),
            "the agency is offered no switch on that account"
        );
        let (code, body) = post(head_session.clone(), switch(staff, "active")).await;
        assert_eq!(code, 422);
        assert!(body.contains("chỉ quản trị hệ thống mở lại được"));
        assert_eq!(status_of(staff).await, "disabled");
        // ...not even by disabling it again first, to become the one who disabled it.
        let (code, _) = post(head_session.clone(), switch(staff, "disabled")).await;
        assert_eq!(code, 422);
        let (code, _) = post(head_session.clone(), switch(staff, "active")).await;
        assert_eq!(code, 422);
        assert_eq!(status_of(staff).await, "disabled");

        // ...and the system administrator can; what the agency disables, it may re-enable.
        let (code, _) = post(root_session.clone(), switch(staff, "active")).await;
        assert!(matches!(code, 200 | 303), "{code}");
        assert_eq!(status_of(staff).await, "active");
        let (code, _) = post(head_session.clone(), switch(staff, "disabled")).await;
        assert!(matches!(code, 200 | 303), "{code}");
        let (code, _) = post(head_session, switch(staff, "active")).await;
        assert!(matches!(code, 200 | 303), "{code}");
        assert_eq!(status_of(staff).await, "active");
    })
}
