//! Secrets at rest, tried as someone who can write to the database but does not hold the
//! server's key: a changed audit row fails `server audit verify` however the chain is
//! recomputed, a cut tail fails against the head kept outside the database, and second-factor
//! secrets are stored encrypted for their own row.

use app::backend::audit::{self, Entry, RequestMeta};
use app::backend::entity::{audit_head, audit_log, user};
use app::backend::keys::Keys;
use app::backend::secrets::sha256_hex;
use app::backend::Clock;
use app::domain::accounts::Role;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QueryOrder, Set};
use serde_json::json;

use crate::helpers::{fresh_database_url, spawn_app_on};
use crate::install::{free_port, run, server};

/// A database with a keyed audit trail of a few rows, written through the real server binary
/// (`server admin create`) and a test app configured with the same key.
async fn trail() -> (String, DatabaseConnection) {
    let url = fresh_database_url().await;
    let mut c = server(&url, free_port());
    c.args(["admin", "create", "root@example.gov.vn"]);
    let out = run(c);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let db = server::startup::connect(&url).await.unwrap();
    let app = spawn_app_on(db.clone()).await;
    for i in 0..4 {
        audit::record(
            &app.db,
            &app.backend.keys,
            app.clock.now(),
            &RequestMeta::default(),
            Entry::new("case.step")
                .record("case", i)
                .case(i)
                .after(json!({"state": "selected", "n": i})),
        )
        .await
        .unwrap();
    }
    (url, db)
}

fn verify(url: &str, kept: Option<&str>) -> (bool, String) {
    let mut c = server(url, free_port());
    c.args(["audit", "verify"]);
    if let Some(kept) = kept {
        c.arg(kept);
    }
    let out = run(c);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn head(url: &str) -> String {
    let mut c = server(url, free_port());
    c.args(["audit", "head"]);
    let out = run(c);
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

async fn rows(db: &DatabaseConnection) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await
        .unwrap()
}

/// Changes one row, then rewrites every seal from it to the end the way `reseal` says, links
/// included, and moves the head to match: everything an attacker with the database can do.
async fn rewrite_from(
    db: &DatabaseConnection,
    from_id: i64,
    reseal: impl Fn(&mut audit_log::Model),
) -> i64 {
    let all = rows(db).await;
    let mut prev = all
        .iter()
        .find(|r| r.id == from_id - 1)
        .map_or_else(|| "0".repeat(64), |r| r.hash.clone());
    let mut last = 0;
    for mut row in all.into_iter().filter(|r| r.id >= from_id) {
        if row.id == from_id {
            row.after_json = Some(r#"{"state":"returned"}"#.into());
        }
        row.prev_hash = prev.clone();
        reseal(&mut row);
        prev = row.hash.clone();
        last = row.id;
        let active: audit_log::ActiveModel = row.into();
        active.reset_all().update(db).await.unwrap();
    }
    audit_head::ActiveModel {
        id: Set(1),
        last_id: Set(last),
        last_hash: Set(prev),
    }
    .update(db)
    .await
    .unwrap();
    from_id
}

#[test]
fn the_trail_written_by_the_server_verifies_and_every_row_names_the_key_that_sealed_it() {
    crate::helpers::run(async {
        let (url, db) = trail().await;
        let (ok, text) = verify(&url, None);
        assert!(ok, "{text}");
        assert!(text.contains("audit chain intact"), "{text}");
        let key_id = crate::helpers::test_keys().current_id().to_owned();
        assert!(rows(&db)
            .await
            .iter()
            .all(|r| r.key_id.as_deref() == Some(key_id.as_str())));
        let kept = head(&url);
        let (ok, text) = verify(&url, Some(&kept));
        assert!(ok, "the chain still holds the head kept earlier: {text}");
    })
}

#[test]
fn a_changed_row_fails_verify_when_the_chain_after_it_is_recomputed_with_plain_hashes() {
    crate::helpers::run(async {
        let (url, db) = trail().await;
        // The old, unkeyed recipe: SHA-256 of the row's text, no key id.
        let changed = rewrite_from(&db, 3, |row| {
            row.key_id = None;
            row.hash = sha256_hex(audit::canonical(row).as_bytes());
        })
        .await;
        let (ok, text) = verify(&url, None);
        assert!(!ok, "{text}");
        assert!(
            text.contains(&format!("broken at row {changed}")),
            "the first row rewritten is named: {text}"
        );
    })
}

#[test]
fn a_changed_row_fails_verify_when_the_chain_is_recomputed_with_a_key_of_ones_own() {
    crate::helpers::run(async {
        let (url, db) = trail().await;
        let own = Keys::random();
        rewrite_from(&db, 2, |row| {
            row.key_id = Some(own.current_id().to_owned());
            row.hash = own
                .audit_seal(own.current_id(), audit::canonical(row).as_bytes())
                .unwrap();
        })
        .await;
        let (ok, text) = verify(&url, None);
        assert!(!ok, "{text}");
        assert!(text.contains("broken at row 2"), "{text}");
        assert!(text.contains("key this server does not hold"), "{text}");

        // Keeping the server's key id but sealing with another key fails too.
        let (url, db) = trail().await;
        let server_key = crate::helpers::test_keys().current_id().to_owned();
        rewrite_from(&db, 4, |row| {
            row.key_id = Some(server_key.clone());
            row.hash = own
                .audit_seal(own.current_id(), audit::canonical(row).as_bytes())
                .unwrap();
        })
        .await;
        let (ok, text) = verify(&url, None);
        assert!(!ok, "{text}");
        assert!(text.contains("broken at row 4"), "{text}");
    })
}

#[test]
fn a_trail_rewritten_whole_without_the_key_fails_verify_and_the_server_refuses_to_start_on_it() {
    crate::helpers::run(async {
        let (url, db) = trail().await;
        rewrite_from(&db, 1, |row| {
            row.key_id = None;
            row.hash = sha256_hex(audit::canonical(row).as_bytes());
        })
        .await;
        let (ok, text) = verify(&url, None);
        assert!(!ok, "{text}");
        assert!(
            text.contains("no row carries the server key's seal"),
            "{text}"
        );
        // It looks like a trail from before the key; the server does not seal it by itself.
        let mut c = server(&url, free_port());
        c.arg("serve");
        let out = run(c);
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("server audit seal"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    })
}

#[test]
fn a_cut_tail_passes_alone_but_fails_against_the_head_kept_outside_the_database() {
    crate::helpers::run(async {
        let (url, db) = trail().await;
        let kept = head(&url);
        let all = rows(&db).await;
        let (last, before) = (&all[all.len() - 1], &all[all.len() - 2]);
        audit_log::Entity::delete_by_id(last.id)
            .exec(&db)
            .await
            .unwrap();
        audit_head::ActiveModel {
            id: Set(1),
            last_id: Set(before.id),
            last_hash: Set(before.hash.clone()),
        }
        .update(&db)
        .await
        .unwrap();
        let (ok, text) = verify(&url, None);
        assert!(ok, "what is left is a chain that holds: {text}");
        let (ok, text) = verify(&url, Some(&kept));
        assert!(!ok, "{text}");
        assert!(
            text.contains(&format!("broken at row {}", last.id)),
            "{text}"
        );
        assert!(text.contains("no longer in the chain"), "{text}");
    })
}

#[test]
fn rows_from_before_the_key_are_sealed_once_by_a_cut_over_entry_and_stay_checked() {
    crate::helpers::run(async {
        let (url, db) = trail().await;
        // As an install from before the key: every row unkeyed, chained with plain hashes.
        rewrite_from(&db, 1, |row| {
            row.key_id = None;
            row.hash = sha256_hex(audit::canonical(row).as_bytes());
        })
        .await;
        let mut c = server(&url, free_port());
        c.args(["audit", "seal"]);
        let out = run(c);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (ok, text) = verify(&url, None);
        assert!(ok, "{text}");
        let sealed = rows(&db).await;
        let cut_over = sealed.last().unwrap();
        assert_eq!(cut_over.action, "audit.sealed");
        assert!(cut_over.key_id.is_some());
        let mut c = server(&url, free_port());
        c.args(["audit", "seal"]);
        assert!(String::from_utf8_lossy(&run(c).stdout).contains("nothing to seal"));
        // An unkeyed row changed before the cut-over breaks the chain at the cut-over.
        let mut second: audit_log::ActiveModel = sealed[1].clone().into();
        second.action = Set("user.deleted".into());
        second.hash = Set(sha256_hex(
            audit::canonical(&audit_log::Model {
                action: "user.deleted".into(),
                ..sealed[1].clone()
            })
            .as_bytes(),
        ));
        second.update(&db).await.unwrap();
        let (ok, text) = verify(&url, None);
        assert!(!ok, "{text}");
        assert!(text.contains("broken at row 3"), "{text}");
    })
}

#[test]
fn second_factor_secrets_are_stored_encrypted_and_open_only_on_their_own_row() {
    crate::helpers::run(async {
        let url = fresh_database_url().await;
        let db = server::startup::connect(&url).await.unwrap();
        <migration::Migrator as migration::MigratorTrait>::up(&db, None)
            .await
            .unwrap();
        let app = spawn_app_on(db).await;
        let a = app
            .add_user("a@example.vn", Role::AgencyStaff, None, None, None)
            .await;
        let b = app
            .add_user("b@example.vn", Role::AgencyStaff, None, None, None)
            .await;
        let find = |id| {
            let db = app.db.clone();
            async move {
                user::Entity::find_by_id(id)
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        let stored_a = find(a).await.totp_secret.unwrap();
        assert!(stored_a.starts_with("v1."), "{stored_a}");
        assert!(!stored_a.contains("HANHTRANG"), "not in clear");
        // Copied onto another account, it does not open: an error, never a secret.
        let mut copied: user::ActiveModel = find(b).await.into();
        copied.totp_secret = Set(Some(stored_a.clone()));
        copied.update(&app.db).await.unwrap();
        assert!(app::backend::auth::open_totp_secret(&app.backend, &find(b).await).is_err());
        // A secret kept in clear from before is sealed at start, and then opens.
        let mut clear: user::ActiveModel = find(b).await.into();
        clear.totp_secret = Set(Some("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".into()));
        clear.update(&app.db).await.unwrap();
        assert!(app::backend::auth::open_totp_secret(&app.backend, &find(b).await).is_err());
        server::startup::secure_at_rest(&app.backend, false)
            .await
            .unwrap();
        let resealed = find(b).await;
        assert!(resealed.totp_secret.as_deref().unwrap().starts_with("v1."));
        assert_eq!(
            app::backend::auth::open_totp_secret(&app.backend, &resealed).unwrap(),
            Some("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".to_owned())
        );
        // After a rotation (new key, the old one kept as previous), start seals them anew.
        let rotated = app::backend::Backend::new(
            app.db.clone(),
            app.clock.clone(),
            Keys::parse(&Keys::new_secret(), &[crate::helpers::TEST_SECRET_KEY]).unwrap(),
        );
        server::startup::secure_at_rest(&rotated, false)
            .await
            .unwrap();
        let after = find(a).await;
        assert!(rotated
            .keys
            .is_sealed_with_current(after.totp_secret.as_deref().unwrap()));
        assert!(app::backend::auth::open_totp_secret(&rotated, &after)
            .unwrap()
            .is_some());
    })
}
