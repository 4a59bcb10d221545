//! Demo data only on purpose: the real server binary on an empty database seeds nothing and
//! creates no account unless demo mode is asked for, refuses to serve the published demo
//! accounts over https, and makes a real install's first administrator from the console.

use std::process::{Command, Output, Stdio};
use std::time::Duration;

use app::backend::entity::user;
use app::backend::seed::DEMO_ACCOUNTS;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

use crate::helpers::{fresh_database_url, spawn_app_on};

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server binary with a clean environment for these tests: no demo mode from the caller.
pub(crate) fn server(url: &str, port: u16) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_server"));
    c.env("DATABASE_URL", url)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env(
            "MAIL_DIR",
            std::env::temp_dir().join("hanh-trang-test-mail"),
        )
        .env("SECRET_KEY", crate::helpers::TEST_SECRET_KEY)
        .env_remove("SECRET_KEY_PREVIOUS")
        .env_remove("DEMO")
        .env_remove("SEED_WORKERS")
        .env_remove("PUBLIC_URL")
        .env_remove("SMTP_URL");
    c
}

pub(crate) fn run(mut c: Command) -> Output {
    c.stdin(Stdio::null())
        .output()
        .expect("the server binary runs")
}

#[test]
fn serve_on_an_empty_database_without_demo_mode_has_no_accounts_and_no_demo_data() {
    crate::helpers::run(async {
        let url = fresh_database_url().await;
        let port = free_port();
        let mut child = server(&url, port)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let mut up = false;
        for _ in 0..300 {
            if let Ok(res) = reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await {
                up = res.status().is_success();
                if up {
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        assert!(up, "the server answered");
        let db = server::startup::connect(&url).await.unwrap();
        assert_eq!(user::Entity::find().count(&db).await.unwrap(), 0);
        assert_eq!(
            app::backend::entity::agency::Entity::find()
                .count(&db)
                .await
                .unwrap(),
            0,
            "no demo agencies either"
        );
    })
}

#[test]
fn seeding_is_refused_outside_demo_mode() {
    crate::helpers::run(async {
        let url = fresh_database_url().await;
        let mut c = server(&url, free_port());
        c.arg("seed");
        let out = run(c);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("DEMO=1"));
    })
}

#[test]
fn the_published_demo_accounts_are_never_served_over_https() {
    crate::helpers::run(async {
        let url = fresh_database_url().await;
        let db = server::startup::connect(&url).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        user::ActiveModel {
            role: Set("system_admin".into()),
            status: Set("active".into()),
            full_name: Set("Demo".into()),
            email: Set(DEMO_ACCOUNTS[0].email.into()),
            lang: Set("vi".into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
        let mut c = server(&url, free_port());
        c.arg("serve")
            .env("PUBLIC_URL", "https://hanhtrang.example.vn");
        let out = run(c);
        assert!(!out.status.success(), "the server refuses to start");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("demo accounts"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    })
}

#[test]
fn the_first_administrator_is_invited_from_the_console_with_a_one_time_link() {
    crate::helpers::run(async {
        let url = fresh_database_url().await;
        let mut c = server(&url, free_port());
        c.args([
            "admin",
            "create",
            "Root@Example.gov.vn",
            "Nguyễn",
            "Văn",
            "An",
        ]);
        let out = run(c);
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let link = stdout
            .lines()
            .find(|l| l.contains("/invitation?token="))
            .unwrap_or_else(|| panic!("a link in {stdout}"))
            .trim()
            .to_owned();
        let db = server::startup::connect(&url).await.unwrap();
        let users = user::Entity::find().all(&db).await.unwrap();
        assert_eq!(users.len(), 1);
        assert_eq!(
            (
                users[0].email.as_str(),
                users[0].role.as_str(),
                users[0].status.as_str(),
                users[0].full_name.as_str()
            ),
            (
                "root@example.gov.vn",
                "system_admin",
                "invited",
                "Nguyễn Văn An"
            )
        );
        // The link opens the invitation page of the app on that database.
        let app = spawn_app_on(db).await;
        let path = &link[link.find("/invitation").unwrap()..];
        let (status, page) = app.page(path).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("root@example.gov.vn"),
            "the invitation is shown"
        );
        // Twice is refused: the address has its invitation.
        let mut again = server(&url, free_port());
        again.args(["admin", "create", "root@example.gov.vn"]);
        assert_eq!(run(again).status.code(), Some(1));
    })
}

#[test]
fn a_real_install_without_a_secret_key_refuses_to_start_and_says_how_to_make_one() {
    crate::helpers::run(async {
        let url = fresh_database_url().await;
        let mut c = server(&url, free_port());
        c.arg("serve").env_remove("SECRET_KEY");
        let out = run(c);
        assert!(!out.status.success(), "the server refuses to start");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("SECRET_KEY is not set"), "{stderr}");
        assert!(stderr.contains("server key new"), "{stderr}");
        let mut c = server(&url, free_port());
        c.args(["key", "new"]);
        let made = String::from_utf8_lossy(&run(c).stdout).trim().to_owned();
        assert!(
            app::backend::keys::Keys::parse(&made, &[]).is_ok(),
            "{made}"
        );
    })
}
