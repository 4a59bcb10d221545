use std::collections::HashSet;

use app::backend::entity::{agency, case, worker};
use app::backend::{seed, Backend};
use app::domain::agencies::Standing;
use app::domain::cases::CaseState;
use app::domain::citizen_id::{CitizenId, Sex};
use sea_orm::{EntityTrait, QueryOrder};

use crate::helpers::{clock, migrated_database};

#[test]
fn the_demo_seed_is_deterministic_and_covers_every_state_and_standing() {
    crate::helpers::run(async {
        let first = Backend::new(
            migrated_database().await,
            clock(),
            crate::helpers::test_keys(),
        );
        let second = Backend::new(
            migrated_database().await,
            clock(),
            crate::helpers::test_keys(),
        );
        let report = seed::seed_demo_if_empty(&first, 600)
            .await
            .expect("seed")
            .expect("was empty");
        seed::seed_demo_if_empty(&second, 600)
            .await
            .expect("seed")
            .expect("was empty");
        assert_eq!(report.agencies, 40);
        assert_eq!(report.workers, 600);

        let ids = |b: &Backend| {
            let db = b.db.clone();
            async move {
                worker::Entity::find()
                    .order_by_asc(worker::Column::Id)
                    .all(&db)
                    .await
                    .expect("workers")
                    .into_iter()
                    .map(|w| (w.citizen_id, w.full_name))
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(
            ids(&first).await,
            ids(&second).await,
            "same seed, same people"
        );

        let workers = worker::Entity::find()
            .all(&first.db)
            .await
            .expect("workers");
        for w in &workers {
            let sex = Sex::parse(&w.sex).expect("stored sex");
            assert!(
                CitizenId::parse_for(&w.citizen_id, sex, w.birth_date).is_ok(),
                "{} is valid",
                w.citizen_id
            );
        }

        let states: HashSet<String> = case::Entity::find()
            .all(&first.db)
            .await
            .expect("cases")
            .into_iter()
            .map(|c| c.state)
            .collect();
        for s in CaseState::ALL {
            assert!(states.contains(s.as_str()), "no case in {s:?}");
        }

        let summary = app::backend::agencies::summary(&first)
            .await
            .expect("summary");
        assert!(
            summary.active > 0 && summary.suspended > 0 && summary.revoked > 0,
            "{summary:?}"
        );
        assert_eq!(summary.active + summary.suspended + summary.revoked, 40);

        // The inspections page has one of each: planned (hidden from its agency), open with a
        // task past its deadline, and closed with its sanction.
        let inspections: HashSet<String> = app::backend::entity::inspection::Entity::find()
            .all(&first.db)
            .await
            .expect("inspections")
            .into_iter()
            .map(|i| i.status)
            .collect();
        for s in ["planned", "open", "closed"] {
            assert!(inspections.contains(s), "no inspection {s}");
        }
        let overdue = app::backend::entity::remediation_task::Entity::find()
            .all(&first.db)
            .await
            .expect("tasks")
            .into_iter()
            .filter(|t| t.status == "open" && t.due_on < first.clock.today())
            .count();
        assert_eq!(overdue, 1, "one task past its deadline");

        let again = seed::seed_demo_if_empty(&first, 600)
            .await
            .expect("second run");
        assert!(again.is_none(), "a database with data is not seeded twice");
        assert_eq!(
            agency::Entity::find()
                .all(&first.db)
                .await
                .expect("agencies")
                .len(),
            40
        );
    })
}

#[test]
fn revoked_demo_agencies_hold_no_case_that_has_not_departed() {
    crate::helpers::run(async {
        let backend = Backend::new(
            migrated_database().await,
            clock(),
            crate::helpers::test_keys(),
        );
        seed::seed_demo(&backend, 600).await.expect("seed");
        let page = app::backend::agencies::search(
            &backend,
            &app::domain::agencies::RegistryFilter {
                standing: Some(Standing::Revoked),
                page: 1,
                ..Default::default()
            },
        )
        .await
        .expect("search");
        let revoked: HashSet<i32> = page.rows.iter().map(|r| r.id).collect();
        assert!(!revoked.is_empty());
        for c in case::Entity::find().all(&backend.db).await.expect("cases") {
            if revoked.contains(&c.agency_id) {
                let state = CaseState::parse(&c.state).expect("known state");
                assert!(
                    state.has_departed(),
                    "case {} of a revoked agency is {state:?}",
                    c.id
                );
            }
        }
    })
}

#[test]
fn demo_orders_keep_within_the_fee_cap_except_labelled_breaches_and_ledgers_show_what_agencies_leave_out(
) {
    use app::backend::entity::{job_order, payment};
    use app::domain::payments::Flag;
    crate::helpers::run(async {
        let backend = Backend::new(
            migrated_database().await,
            clock(),
            crate::helpers::test_keys(),
        );
        seed::seed_demo_if_empty(&backend, 600)
            .await
            .expect("seed")
            .expect("was empty");
        let book = app::backend::rules::book(&backend).await.expect("rules");
        let today = crate::helpers::date(2026, 11, 23);
        let orders = job_order::Entity::find().all(&backend.db).await.unwrap();
        let mut breaches = 0;
        for o in &orders {
            let terms = app::backend::job_orders::order_terms(o).expect("terms");
            let rate = app::domain::money::rate_on(&book, &o.wage_currency, today).expect("rate");
            let cap = app::domain::money::fee_cap_on(&book, &terms, rate, today).expect("cap");
            let labelled = o
                .working_conditions
                .as_deref()
                .is_some_and(|w| w.contains("cố ý vượt mức trần"));
            assert_eq!(o.service_fee_vnd > cap, labelled, "order {}", o.id);
            breaches += usize::from(labelled);
            if o.market_code == "KR" {
                assert_eq!(
                    (o.service_fee_vnd, o.programme.as_str()),
                    (0, "eps"),
                    "Korea EPS charges no fee"
                );
            }
        }
        assert!(breaches > 0, "a few deliberate breaches to show");
        let entries = payment::Entity::find().all(&backend.db).await.unwrap();
        let flagged = |f: &dyn Fn(&Flag) -> bool| {
            entries.iter().any(|e| {
                app::backend::payments::flags_of_row(e)
                    .unwrap()
                    .iter()
                    .any(f)
            })
        };
        assert!(flagged(&|f| matches!(f, Flag::PaidToBroker)));
        assert!(flagged(&|f| matches!(f, Flag::ServiceFeeOverCap { .. })));
        assert!(entries
            .iter()
            .any(|e| e.recorded_by == "worker" && e.answer.as_deref() == Some("disputed")));
        assert!(
            entries.iter().any(|e| e.receipt_no.is_none()),
            "cash, no receipt"
        );
        assert!(entries.iter().any(|e| e.kind == "deposit"));
        assert!(entries.iter().any(|e| e.payee == "lender"));
    })
}
