//! Claiming a worker record, tried as a stranger who holds a copy of the worker's ID card would:
//! a confirmed sign-up with the worker's name, citizen ID and birth date links to nothing; only
//! the claim code the agency prints links an account to the record, once, within 30 days, and
//! the email on the record is told.

use app::backend::entity::{audit_log, case, outbox, user, worker};
use app::domain::accounts::Role;
use chrono::TimeDelta;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::accounts::{location, PASSWORD};
use crate::helpers::{add_case, spawn_app, AgencyFixture, TestApp};

struct Setting {
    app: TestApp,
    case_id: i32,
    worker: worker::Model,
    agency_admin: String,
    admin_id: i32,
}

/// An agency's case for a worker the agency registered, with an email on the record.
async fn setting() -> Setting {
    let app = spawn_app().await;
    let agency = AgencyFixture {
        markets: vec!["JP"],
        ..AgencyFixture::named("Công ty Sao Mai", "123/LĐTBXH-GP", "0101234567")
    }
    .insert(&app.db)
    .await;
    let case_id = add_case(&app.db, agency).await;
    let c = case::Entity::find_by_id(case_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut w: worker::ActiveModel = worker::Entity::find_by_id(c.worker_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    w.email = Set(Some("thu.that@example.vn".into()));
    // Details a person can type at sign-up: a name without digits, and a citizen ID that agrees
    // with the sex and birth year (a man born in 2000).
    w.full_name = Set("Nguyễn Văn Thử".into());
    w.citizen_id = Set(format!("0402001{:05}", c.worker_id));
    let worker = w.update(&app.db).await.unwrap();
    let admin = app
        .add_user(
            "admin@saomai.vn",
            Role::AgencyAdmin,
            Some(agency),
            None,
            None,
        )
        .await;
    let agency_admin = app.session_for(admin).await;
    Setting {
        app,
        case_id,
        worker,
        agency_admin,
        admin_id: admin,
    }
}

/// Signs up with exactly the details on the worker's ID card, and confirms the address.
async fn sign_up_as(app: &TestApp, w: &worker::Model, email: &str) -> String {
    let birth = w.birth_date.to_string();
    let fields = [
        ("_action", "signup"),
        ("full_name", w.full_name.as_str()),
        ("citizen_id", w.citizen_id.as_str()),
        ("birth_date", birth.as_str()),
        ("sex", w.sex.as_str()),
        ("phone", "0912345678"),
        ("email", email),
        ("password", PASSWORD),
    ];
    let res = app.post_form("/signup", &fields, None).await;
    assert_eq!(res.status().as_u16(), 200);
    let token = app.confirmation_token(email).await.expect("a link");
    let res = app.confirm(&token).await;
    assert_eq!(location(&res), "/account");
    crate::accounts::session_cookie(&res).expect("signed in").0
}

async fn account(app: &TestApp, email: &str) -> user::Model {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

fn printed_code(page: &str) -> Option<String> {
    let at = page.find("data-testid=\"claim-code\"")?;
    let rest = &page[at..];
    let start = rest.find("class=\"code\">")? + "class=\"code\">".len();
    Some(rest[start..].split('<').next()?.trim().to_owned())
}

async fn print_code(s: &Setting) -> String {
    let (status, page) = {
        let res = s
            .app
            .post_form(
                &format!("/cases/{}", s.case_id),
                &[
                    ("_action", "issue_claim_code"),
                    ("case_id", &s.case_id.to_string()),
                ],
                Some(&s.agency_admin),
            )
            .await;
        (res.status().as_u16(), res.text().await.unwrap())
    };
    assert_eq!(status, 200, "{page}");
    printed_code(&page).unwrap_or_else(|| panic!("a code on the page"))
}

async fn claim(app: &TestApp, cookie: &str, code: &str) -> (u16, String) {
    let res = app
        .post_form(
            "/account",
            &[("_action", "claim_record"), ("code", code)],
            Some(cookie),
        )
        .await;
    (res.status().as_u16(), res.text().await.unwrap())
}

#[test]
fn a_stranger_with_the_workers_name_citizen_id_and_birth_date_gets_no_access_to_the_case() {
    crate::helpers::run(async {
        let s = setting().await;
        let stranger = sign_up_as(&s.app, &s.worker, "broker@example.vn").await;
        let account_row = account(&s.app, "broker@example.vn").await;
        assert_eq!(
            (account_row.worker_id, account_row.citizen_id.as_deref()),
            (None, None),
            "matching details link nothing"
        );
        let (status, page) = s
            .app
            .get_as(&format!("/cases/{}", s.case_id), &stranger)
            .await;
        assert_eq!(status, 404);
        assert!(!page.contains(&s.worker.citizen_id));
        let (status, page) = s.app.get_as("/account", &stranger).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("data-testid=\"claim-record\""),
            "asked for a code"
        );
        // Guessing codes: one answer for each, then the account is throttled.
        for guess in [
            "ABCD-EFGH-JKLM",
            "ZZZZ-ZZZZ-ZZZZ",
            "2345-6789-ABCD",
            "QRST-UVWX-YZ23",
        ] {
            let (status, page) = claim(&s.app, &stranger, guess).await;
            assert_eq!(status, 422);
            assert!(page.contains("data-testid=\"form-error\""));
        }
        for _ in 0..3 {
            claim(&s.app, &stranger, "ABCD-EFGH-JKLN").await;
        }
        let code = print_code(&s).await;
        let (_, page) = claim(&s.app, &stranger, &code).await;
        assert!(
            page.contains("Quá nhiều lần") || page.contains("Too many"),
            "throttled even with the right code"
        );
        assert_eq!(account(&s.app, "broker@example.vn").await.worker_id, None);
    })
}

#[test]
fn the_agencys_printed_code_links_the_workers_account_once_and_the_record_email_is_told() {
    crate::helpers::run(async {
        let s = setting().await;
        let (_, page) = s
            .app
            .get_as(&format!("/cases/{}", s.case_id), &s.agency_admin)
            .await;
        assert!(page.contains("data-testid=\"claim-code-section\""));
        assert!(
            printed_code(&page).is_none(),
            "no code before one is printed"
        );
        let code = print_code(&s).await;
        assert_eq!(code.len(), 14, "{code}");
        let stored = app::backend::entity::claim_code::Entity::find()
            .one(&s.app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(
            !stored.code_hash.contains(&code.replace('-', "")),
            "kept as a hash"
        );

        let worker = sign_up_as(&s.app, &s.worker, "thu@example.vn").await;
        let (status, page) = claim(&s.app, &worker, &code.to_lowercase()).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("data-testid=\"form-notice\""));
        let linked = account(&s.app, "thu@example.vn").await;
        assert_eq!(linked.worker_id, Some(s.worker.id));
        assert_eq!(
            linked.citizen_id.as_deref(),
            Some(s.worker.citizen_id.as_str())
        );
        let (status, _) = s
            .app
            .get_as(&format!("/cases/{}", s.case_id), &worker)
            .await;
        assert_eq!(status, 200, "the worker now follows the case");
        let told = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("record_claimed"))
            .filter(outbox::Column::Recipient.eq("thu.that@example.vn"))
            .one(&s.app.db)
            .await
            .unwrap()
            .expect("the record's email is told");
        assert!(told.body_text.contains("thu@example.vn"));
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.is_in(["claim_code.issued", "worker.claimed"]))
            .count(&s.app.db)
            .await
            .unwrap();
        assert_eq!(audited, 2);

        // Spent: nobody else can use it, and the agency may print no more for this record.
        let other = sign_up_as(&s.app, &s.worker, "other@example.vn").await;
        let (status, _) = claim(&s.app, &other, &code).await;
        assert_eq!(status, 422);
        assert_eq!(account(&s.app, "other@example.vn").await.worker_id, None);
        let (_, page) = s
            .app
            .get_as(&format!("/cases/{}", s.case_id), &s.agency_admin)
            .await;
        assert!(!page.contains("data-testid=\"claim-code-section\""));
    })
}

#[test]
fn a_new_code_voids_the_old_and_a_code_expires_after_thirty_days() {
    crate::helpers::run(async {
        let s = setting().await;
        let first = print_code(&s).await;
        let second = print_code(&s).await;
        assert_ne!(first, second);
        let worker = sign_up_as(&s.app, &s.worker, "thu@example.vn").await;
        let (status, _) = claim(&s.app, &worker, &first).await;
        assert_eq!(status, 422, "the first paper is void");
        s.app
            .clock
            .advance(TimeDelta::days(30) + TimeDelta::minutes(1));
        // Sessions do not last a month; both sign in again.
        let worker = s
            .app
            .session_for(account(&s.app, "thu@example.vn").await.id)
            .await;
        let s = Setting {
            agency_admin: s.app.session_for(s.admin_id).await,
            ..s
        };
        let (status, _) = claim(&s.app, &worker, &second).await;
        assert_eq!(status, 422, "past 30 days");
        let third = print_code(&s).await;
        let (status, page) = claim(&s.app, &worker, &third).await;
        assert_eq!(status, 200, "{page}");
        let issued = app::backend::entity::claim_code::Entity::find()
            .order_by_asc(app::backend::entity::claim_code::Column::Id)
            .all(&s.app.db)
            .await
            .unwrap();
        assert_eq!(issued.len(), 3);
        assert!(issued[0].revoked_at.is_some());
        assert!(issued[2].spent_at.is_some());
    })
}

#[test]
fn another_agency_cannot_print_a_code_for_a_case_it_does_not_have() {
    crate::helpers::run(async {
        let s = setting().await;
        let other = AgencyFixture::named("Công ty Khác", "999/LĐTBXH-GP", "0109999999")
            .insert(&s.app.db)
            .await;
        let admin = s
            .app
            .add_user("admin@khac.vn", Role::AgencyAdmin, Some(other), None, None)
            .await;
        let cookie = s.app.session_for(admin).await;
        let res = s
            .app
            .post_form(
                &format!("/cases/{}", s.case_id),
                &[
                    ("_action", "issue_claim_code"),
                    ("case_id", &s.case_id.to_string()),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(res.status().as_u16(), 404);
        assert_eq!(
            app::backend::entity::claim_code::Entity::find()
                .count(&s.app.db)
                .await
                .unwrap(),
            0
        );
    })
}

#[test]
fn a_provincial_officer_revokes_a_brokers_claim_with_the_worker_in_person_and_prints_a_fresh_code()
{
    crate::helpers::run(async {
        let s = setting().await;
        // The broker took the paper and claimed the record.
        let stolen = print_code(&s).await;
        let broker = sign_up_as(&s.app, &s.worker, "broker@example.vn").await;
        assert_eq!(claim(&s.app, &broker, &stolen).await.0, 200);
        // The worker signs up, finds no record, and asks the provincial office from the account.
        let worker = sign_up_as(&s.app, &s.worker, "thu@example.vn").await;
        let res = s
            .app
            .post_form(
                "/account",
                &[
                    ("_action", "dispute_claim"),
                    ("citizen_id", &s.worker.citizen_id),
                    ("note", "Tôi chưa từng đăng ký tài khoản này."),
                ],
                Some(&worker),
            )
            .await;
        assert_eq!(res.status().as_u16(), 200);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("data-testid=\"form-notice\""));

        let province = s.worker.province_code.clone();
        let officer = s
            .app
            .add_user(
                "so.noivu@example.gov.vn",
                Role::ProvincialOfficer,
                None,
                Some(&province),
                None,
            )
            .await;
        let officer = s.app.session_for(officer).await;
        let (status, page) = s.app.get_as("/province/claims", &officer).await;
        assert_eq!(status, 200);
        assert!(page.contains("data-testid=\"dispute\""), "{page}");
        assert!(page.contains(&s.worker.citizen_id));

        let revoke = |in_person: bool, cookie: String| {
            let app = &s.app;
            let cid = s.worker.citizen_id.clone();
            async move {
                let mut fields = vec![("_action", "revoke_claim".to_owned()), ("citizen_id", cid)];
                if in_person {
                    fields.push(("in_person", "yes".to_owned()));
                }
                let fields: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let res = app
                    .post_form("/province/claims", &fields, Some(&cookie))
                    .await;
                (res.status().as_u16(), res.text().await.unwrap())
            }
        };
        let (status, page) = revoke(false, officer.clone()).await;
        assert_eq!(status, 422, "the ID card must be checked in person");
        assert!(page.contains("data-testid=\"error-in_person\""));
        assert_eq!(
            account(&s.app, "broker@example.vn").await.worker_id,
            Some(s.worker.id)
        );

        // An officer of another province learns nothing of the record.
        let elsewhere = s
            .app
            .add_user(
                "khac@example.gov.vn",
                Role::ProvincialOfficer,
                None,
                Some(if province == "01" { "79" } else { "01" }),
                None,
            )
            .await;
        let elsewhere = s.app.session_for(elsewhere).await;
        assert_eq!(revoke(true, elsewhere).await.0, 404);

        let (status, page) = revoke(true, officer.clone()).await;
        assert_eq!(status, 200, "{page}");
        let fresh = printed_code(&page).expect("a fresh code to print");
        assert_eq!(account(&s.app, "broker@example.vn").await.worker_id, None);
        assert!(outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("claim_revoked"))
            .filter(outbox::Column::Recipient.eq("broker@example.vn"))
            .one(&s.app.db)
            .await
            .unwrap()
            .is_some());
        let (_, page) = s.app.get_as("/province/claims", &officer).await;
        assert!(
            !page.contains("data-testid=\"dispute\""),
            "the request is resolved"
        );
        // The worker, handed the fresh paper, links their own account.
        assert_eq!(claim(&s.app, &worker, &fresh).await.0, 200);
        assert_eq!(
            account(&s.app, "thu@example.vn").await.worker_id,
            Some(s.worker.id)
        );
        assert_eq!(
            claim(&s.app, &broker, &stolen).await.0,
            422,
            "the stolen code is spent"
        );
    })
}
