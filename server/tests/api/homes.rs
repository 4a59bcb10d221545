//! A home for each role: where each person lands after signing in, the agency's dashboard, and
//! the overview where those who oversee cases find a worker's case within their scope.

use app::backend::clock::Clock;
use app::backend::entity::{case, worker};
use app::domain::accounts::Role;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::accounts::{location, session_cookie, PASSWORD};
use crate::helpers::run;
use crate::lifecycle::world;

const CITIZEN_ID: &str = "001301012345";

#[test]
fn a_worker_lands_on_the_orders_board_until_they_apply_and_then_on_their_case() {
    run(async {
        let w = world().await;
        let res = w.app.sign_in(w.worker_email, PASSWORD).await;
        assert_eq!(location(&res), "/orders");
        let order = w.approved_order("3").await;
        let (status, case_page, _) = w.apply(order, &w.worker).await;
        assert_eq!(status, 303);
        assert!(case_page.starts_with("/cases/"), "{case_page}");
        let res = w.app.sign_in(w.worker_email, PASSWORD).await;
        assert_eq!(location(&res), case_page);
    })
}

#[test]
fn agency_staff_land_on_their_board_after_the_code_with_a_dashboard_of_their_cases() {
    run(async {
        let w = world().await;
        let staff = w
            .app
            .add_user(
                "nv@saomai.vn",
                Role::AgencyStaff,
                Some(w.agency),
                None,
                None,
            )
            .await;
        let res = w.app.sign_in("nv@saomai.vn", PASSWORD).await;
        assert_eq!(location(&res), "/signin/code");
        let (pending, _) = session_cookie(&res).expect("a pending session");
        let code = w.app.code_now();
        let res = w
            .app
            .post_form(
                "/signin/code",
                &[("_action", "signin_code"), ("code", &code)],
                Some(&pending),
            )
            .await;
        assert_eq!(location(&res), "/cases");

        let order = w.approved_order("3").await;
        let (_, case_page, _) = w.apply(order, &w.worker).await;
        // The case's next deadline for the agency, three days from today.
        let case_id: i32 = case_page.trim_start_matches("/cases/").parse().unwrap();
        case::ActiveModel {
            id: Set(case_id),
            due_on: Set(Some(w.app.clock.today() + chrono::Days::new(3))),
            ..Default::default()
        }
        .update(&w.app.db)
        .await
        .unwrap();
        let (status, board) = w.app.get_as("/cases", &w.agency_admin).await;
        assert_eq!(status, 200);
        assert!(board.contains("data-testid=\"case-dashboard\""));
        let applied = board
            .split("data-state=\"applied\"")
            .nth(1)
            .expect("a count of applied cases");
        let count = applied
            .split("<strong>")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .expect("the count");
        assert_eq!(count, "1");
        // The figure due within the week is the board narrowed to it.
        let due_week = |page: &str| -> String {
            page.split("data-testid=\"dash-due-week\"")
                .nth(1)
                .and_then(|s| s.split("<strong>").nth(1))
                .and_then(|s| s.split('<').next())
                .expect("the figure due this week")
                .to_owned()
        };
        let total = |page: &str| -> String {
            page.split("data-testid=\"case-total\">")
                .nth(1)
                .and_then(|s| s.split(' ').next())
                .expect("the board's total")
                .to_owned()
        };
        let figure = due_week(&board);
        assert_eq!(
            figure, "1",
            "the new application's screening falls due this week"
        );
        let (_, narrowed) = w.app.get_as("/cases?due=week", &w.agency_admin).await;
        assert_eq!(total(&narrowed), figure);
        // A week and more later, nothing is due within the week (it is overdue instead).
        w.app.clock.advance(chrono::TimeDelta::days(20));
        let fresh = w.app.session_for(staff).await;
        let (_, later) = w.app.get_as("/cases?due=week", &fresh).await;
        assert_eq!(due_week(&later), "0");
        assert_eq!(total(&later), "0");
    })
}

#[test]
fn an_inspector_lands_on_the_overview_and_finds_a_workers_case_by_citizen_id() {
    run(async {
        let w = world().await;
        let order = w.approved_order("3").await;
        let (_, case_page, _) = w.apply(order, &w.worker).await;
        let inspector = w
            .app
            .add_user("tt@molisa.gov.vn", Role::Inspector, None, None, None)
            .await;
        let inspector = w.app.session_for(inspector).await;
        let (status, page) = w
            .app
            .get_as(&format!("/overview?q={CITIZEN_ID}"), &inspector)
            .await;
        assert_eq!(status, 200);
        assert!(page.contains(&format!("href=\"{case_page}\"")), "{page}");
        assert!(page.contains("Công ty Sao Mai"));
        let (status, _) = w.app.get_as(&case_page, &inspector).await;
        assert_eq!(status, 200, "the case found opens");
        // Part of the name finds it; `%` and `_` match themselves, not every name.
        let (_, page) = w
            .app
            .get_as("/overview?q=Th%E1%BB%8B+Lan", &inspector)
            .await;
        assert!(page.contains(&format!("href=\"{case_page}\"")), "by name");
        for wildcard in ["%25%25", "__", "%25_"] {
            let (_, page) = w
                .app
                .get_as(&format!("/overview?q={wildcard}"), &inspector)
                .await;
            assert!(!page.contains("data-testid=\"found-case\""), "{wildcard}");
        }
        // Too short a text searches nothing and says why.
        let (_, page) = w.app.get_as("/overview?q=a", &inspector).await;
        assert!(!page.contains("data-testid=\"found-case\""));
        assert!(page.contains("ít nhất 2 ký tự"));
    })
}

#[test]
fn a_provincial_officer_finds_the_workers_of_the_province_only() {
    run(async {
        let w = world().await;
        let order = w.approved_order("3").await;
        let (_, case_page, _) = w.apply(order, &w.worker).await;
        let province = worker::Entity::find()
            .filter(worker::Column::CitizenId.eq(CITIZEN_ID))
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("the worker")
            .province_code;
        let other = if province == "79" { "01" } else { "79" };
        let here = w
            .app
            .add_user(
                "so@tinh.gov.vn",
                Role::ProvincialOfficer,
                None,
                Some(&province),
                None,
            )
            .await;
        let there = w
            .app
            .add_user(
                "so@khac.gov.vn",
                Role::ProvincialOfficer,
                None,
                Some(other),
                None,
            )
            .await;
        let (here, there) = (
            w.app.session_for(here).await,
            w.app.session_for(there).await,
        );
        let search = format!("/overview?q={CITIZEN_ID}");
        let (_, page) = w.app.get_as(&search, &here).await;
        assert!(page.contains(&format!("href=\"{case_page}\"")));
        let (status, page) = w.app.get_as(&search, &there).await;
        assert_eq!(status, 200);
        assert!(!page.contains(&format!("href=\"{case_page}\"")));
        assert!(
            !page.contains("Công ty Sao Mai"),
            "nothing of the case shows"
        );
    })
}

#[test]
fn agencies_and_workers_may_not_search_across_agencies() {
    run(async {
        let w = world().await;
        for cookie in [&w.agency_admin, &w.worker] {
            let (status, page) = w
                .app
                .get_as(&format!("/overview?q={CITIZEN_ID}"), cookie)
                .await;
            assert_eq!(status, 403);
            assert!(!page.contains("data-testid=\"found-case\""));
        }
    })
}

#[test]
fn dolab_lands_on_its_queues_with_the_departure_lists_waiting_and_their_deadline() {
    run(async {
        let w = world().await;
        let id = w.case_in_training().await;
        let (status, body) = w.app.get_as("/orders/pending", &w.dolab).await;
        assert_eq!(status, 200);
        let queue = |body: &str| {
            body.split("data-testid=\"lists-queue\"")
                .nth(1)
                .map(|q| q.split("</section>").next().unwrap_or_default().to_owned())
                .expect("the departure-list queue on DOLAB's landing")
        };
        assert!(
            queue(&body).contains("0 danh sách chờ, 0 quá hạn"),
            "{}",
            queue(&body)
        );
        w.to_list_submitted(id).await;
        let (_, body) = w.app.get_as("/orders/pending", &w.dolab).await;
        let q = queue(&body);
        assert!(q.contains("1 danh sách chờ, 0 quá hạn"), "{q}");
        assert!(
            q.contains("hạn sớm nhất"),
            "the earliest deadline is shown: {q}"
        );
        w.app.clock.advance(chrono::TimeDelta::days(30));
        let officer = app::backend::entity::user::Entity::find()
            .filter(app::backend::entity::user::Column::Email.eq("cuc@dolab.gov.vn"))
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        let dolab = w.app.session_for(officer.id).await;
        let (_, body) = w.app.get_as("/orders/pending", &dolab).await;
        assert!(
            queue(&body).contains("1 danh sách chờ, 1 quá hạn"),
            "{}",
            queue(&body)
        );
    })
}
