//! The recruitment cost indicator (SDG 10.7.1) through the real forms: the monthly update's net
//! earnings and who reported them, the worker's own report (preferred, and not the agency's
//! duty done), the figure of cost ÷ first-month earnings on the officers' page within their
//! scope, and the stored updates of before rewritten by the migration.

use app::backend::entity::{case_event, payment, user};
use app::domain::accounts::Role;
use app::domain::lifecycle::{Event, Reporter};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::lifecycle::{excerpt, world, World};

async fn officer(w: &World, email: &str, role: Role, province: Option<&str>) -> String {
    let id = w.app.add_user(email, role, None, province, None).await;
    w.app.session_for(id).await
}

async fn page(w: &World, path: &str, cookie: &str) -> (u16, String) {
    w.app.get_as(path, cookie).await
}

/// A new session of the account `email` (the old ones lapse while the clock moves on).
async fn session(w: &World, email: &str) -> String {
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&w.app.db)
        .await
        .unwrap()
        .expect("the account");
    w.app.session_for(u.id).await
}

fn update<'a>(month: &'a str, amount: &'a str, note: &'a str) -> [(&'a str, &'a str); 5] {
    [
        ("month", month),
        ("working", "yes"),
        ("earnings_amount", amount),
        ("earnings_currency", "JPY"),
        ("note", note),
    ]
}

async fn updates(w: &World, case: i32) -> Vec<Event> {
    case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case))
        .filter(case_event::Column::Step.eq("monthly_update"))
        .order_by_asc(case_event::Column::Id)
        .all(&w.app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| serde_json::from_str(&e.data).expect("a stored update reads back"))
        .collect()
}

/// The row of `key` in the table `table` of the page, as text.
fn row<'a>(body: &'a str, table: &str, key: &str) -> Option<&'a str> {
    let marker = format!("data-testid=\"{table}-row\" data-key=\"{key}\"");
    let start = body.find(&marker)?;
    let end = body[start..].find("</tr>")? + start;
    Some(&body[start..end])
}

#[test]
fn the_first_months_earnings_the_worker_reports_divide_what_they_bore_for_officers_in_scope() {
    crate::helpers::run(async {
        let w = world().await;
        let id = w.case_in_training().await;
        // The worker paid a broker 15,000,000 VND in the village: they bore it.
        let ids = id.to_string();
        let (status, _, body) = w
            .post(
                &format!("/cases/{id}/money"),
                &w.worker,
                &[
                    ("_action", "record_payment"),
                    ("case_id", &ids),
                    ("kind", "brokerage"),
                    ("payee", "broker"),
                    ("paid_on", "2026-11-01"),
                    ("amount_vnd", "15.000.000"),
                    ("no_receipt", "on"),
                    ("note", ""),
                ],
            )
            .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let borne: i64 = payment::Entity::find()
            .filter(payment::Column::CaseId.eq(id))
            .all(&w.app.db)
            .await
            .unwrap()
            .iter()
            .map(|p| p.amount_vnd)
            .sum();
        assert_eq!(
            borne, 15_000_000,
            "the ledger holds the broker's money only"
        );

        let id = {
            // Certificate, list and departure on 2026-11-23, as the world's departed case.
            let (status, body) = w
                .event_as(
                    id,
                    &w.agency_admin,
                    "certificate",
                    &[
                        ("periods", "74"),
                        ("test_passed", "yes"),
                        ("certificate_no", "GCN-2026-5531"),
                        ("issued_on", "2026-11-23"),
                    ],
                )
                .await;
            assert_eq!(status, 303, "{}", excerpt(&body));
            w.to_list_confirmed(id).await;
            let (status, body) = w
                .step(
                    id,
                    &w.agency_admin,
                    "depart",
                    &[
                        ("exit_on", "2026-11-23"),
                        ("fund_paid_on", "2026-11-19"),
                        ("workplace", "Aichi, Toyota"),
                    ],
                )
                .await;
            assert_eq!(status, 303, "{}", excerpt(&body));
            id
        };
        let national = officer(&w, "thongke@dolab.gov.vn", Role::NationalOfficer, None).await;
        let path = "/statistics/recruitment-cost";

        // December is the first full month abroad; until it is over the worker is left out.
        let (status, body) = page(&w, path, &national).await;
        assert_eq!(status, 200, "{}", excerpt(&body));
        assert!(
            row(&body, "rc-market", "JP").is_none(),
            "{}",
            excerpt(&body)
        );
        assert!(body.contains("Tháng làm việc đầu tiên chưa kết thúc"));

        w.app.clock.advance(chrono::TimeDelta::days(40)); // 2027-01-02
        let worker = session(&w, w.worker_email).await;
        let agency = session(&w, "admin@saomai.vn").await;
        let national = session(&w, "thongke@dolab.gov.vn").await;

        // The worker's own report: a bad amount is refused next to its field, the note kept.
        let (status, body) = w
            .event_as(
                id,
                &worker,
                "monthly_update",
                &update("2026-12", "mười lăm vạn", "Lương tháng đầu"),
            )
            .await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        assert!(
            body.contains("data-testid=\"error-earnings_amount\""),
            "{}",
            excerpt(&body)
        );
        assert!(body.contains("Lương tháng đầu"), "the note is kept");
        assert!(updates(&w, id).await.is_empty());

        let (status, body) = w
            .event_as(
                id,
                &worker,
                "monthly_update",
                &update("2026-12", "150.000", "Lương tháng đầu"),
            )
            .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        // The worker's report is marked as theirs and does not do the agency's monthly duty.
        assert_eq!(w.case(id).await.last_update_month, None);
        let (status, body) = w
            .event_as(
                id,
                &agency,
                "monthly_update",
                &update("2026-12", "200.000", ""),
            )
            .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        assert_eq!(
            w.case(id).await.last_update_month,
            Some(crate::helpers::date(2026, 12, 1))
        );
        let who: Vec<Reporter> = updates(&w, id)
            .await
            .into_iter()
            .map(|e| match e {
                Event::MonthlyUpdate { reported_by, .. } => reported_by,
                other => panic!("not an update: {other:?}"),
            })
            .collect();
        assert_eq!(who, vec![Reporter::Worker, Reporter::Agency]);

        // A worker records nothing else on the case.
        let (status, body) = w
            .event_as(
                id,
                &worker,
                "incident",
                &[
                    ("on", "2026-12-20"),
                    ("incident_kind", "other"),
                    ("description", "x"),
                ],
            )
            .await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        assert_eq!(updates(&w, id).await.len(), 2);

        // 15,000,000 ÷ (150,000 JPY × 170 VND) = 0.588…: the worker's figure, not the agency's.
        let (status, body) = page(&w, path, &national).await;
        assert_eq!(status, 200);
        let jp = row(&body, "rc-market", "JP").unwrap_or_else(|| panic!("{}", excerpt(&body)));
        assert!(jp.contains("data-testid=\"workers\">1<"), "{jp}");
        assert!(jp.contains("data-testid=\"median\">0,59<"), "{jp}");
        assert!(jp.contains("data-testid=\"mean\">0,59<"), "{jp}");
        assert!(row(&body, "rc-corridor", "JP-7212").is_some());
        assert!(row(&body, "rc-sex", "female").is_some() || row(&body, "rc-sex", "male").is_some());
        // Brokerage is beyond what the law allows, so the law's lens counts it all too.
        let (_, body) = page(&w, &format!("{path}?lens=over_law"), &national).await;
        let jp = row(&body, "rc-market", "JP").expect("JP under the law's lens");
        assert!(jp.contains("data-testid=\"median\">0,59<"), "{jp}");
        // Another year of departure has nobody.
        let (_, body) = page(&w, &format!("{path}?year=2025"), &national).await;
        assert!(row(&body, "rc-market", "JP").is_none());

        // Hà Nội's officer counts the worker (citizen ID 001…); Nghệ An's does not.
        let hanoi = officer(&w, "so@hanoi.gov.vn", Role::ProvincialOfficer, Some("01")).await;
        let (_, body) = page(&w, path, &hanoi).await;
        assert!(
            row(&body, "rc-province", "01").is_some(),
            "{}",
            excerpt(&body)
        );
        let nghean = officer(&w, "so@nghean.gov.vn", Role::ProvincialOfficer, Some("40")).await;
        let (_, body) = page(&w, path, &nghean).await;
        assert!(
            row(&body, "rc-market", "JP").is_none(),
            "{}",
            excerpt(&body)
        );
        assert!(row(&body, "rc-province", "01").is_none());
        assert!(body.contains("data-testid=\"overall\""));

        // The agency has no statistics page.
        let (_, body) = page(&w, path, &agency).await;
        assert!(row(&body, "rc-market", "JP").is_none());
        assert!(
            !body.contains("data-testid=\"overall\""),
            "{}",
            excerpt(&body)
        );
    });
}

#[test]
fn updates_stored_before_earnings_were_asked_read_as_the_agencys_after_the_migration() {
    crate::helpers::run(async {
        let w = world().await;
        let id = w.departed_case().await;
        let (status, body) = w
            .event_as(
                id,
                &w.agency_admin,
                "monthly_update",
                &update("2026-11", "", "Ổn định"),
            )
            .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        // Back to the shape of before: no earnings, no reporter.
        // Down to before the earnings migration, however many came after it.
        let names: Vec<String> = Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect();
        let at = names
            .iter()
            .position(|n| n == "m20261207_000120_earnings")
            .expect("the earnings migration");
        let steps = u32::try_from(names.len() - at).expect("few migrations");
        Migrator::down(&w.app.db, Some(steps)).await.expect("down");
        let stored = case_event::Entity::find()
            .filter(case_event::Column::Step.eq("monthly_update"))
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("the update");
        assert!(!stored.data.contains("reported_by"), "{}", stored.data);
        assert!(serde_json::from_str::<Event>(&stored.data).is_err());
        Migrator::up(&w.app.db, None).await.expect("up");
        match updates(&w, id).await.as_slice() {
            [Event::MonthlyUpdate {
                earnings: None,
                reported_by: Reporter::Agency,
                note,
                ..
            }] => assert_eq!(note, "Ổn định"),
            other => panic!("{other:?}"),
        }
        let (status, body) = page(&w, &format!("/cases/{id}"), &w.agency_admin).await;
        assert_eq!(status, 200, "the case page reads it: {}", excerpt(&body));
    });
}
