//! Imports as agencies really send them (UTF-16 "Unicode text", Windows-1258, `.xlsx`), and as
//! background jobs that live in the database: followed from another server, interrupted when
//! their process dies, one at a time per agency.

use std::time::Duration;

use app::backend::entity::{case, import_job};
use chrono::TimeDelta;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};

use crate::accounts::location;
use crate::helpers::{fresh_database_url, spawn_app_on};
use crate::lifecycle::{excerpt, world, world_on, World};
use migration::{Migrator, MigratorTrait};

const HEADER: &str = "citizen_id,full_name,birth_date,sex,phone,order_id";

/// `n` plausible rows for the order, citizen IDs from `first`.
fn rows(order: i32, first: u32, n: u32, sep: &str) -> Vec<String> {
    (first..first + n)
        .map(|i| {
            [
                format!("001095{i:06}"),
                "Nguyễn Văn Thử".to_owned(),
                "1995-01-01".to_owned(),
                "male".to_owned(),
                format!("0912{i:06}"),
                order.to_string(),
            ]
            .join(sep)
        })
        .collect()
}

fn csv(order: i32, first: u32, n: u32) -> String {
    let mut text = format!("{HEADER}\n");
    for r in rows(order, first, n, ",") {
        text.push_str(&r);
        text.push('\n');
    }
    text
}

impl World {
    /// The import form with a file, as a browser sends it (multipart).
    async fn upload(
        &self,
        cookie: &str,
        file_name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> (u16, String, String) {
        upload_to(&self.app.address, cookie, file_name, content_type, bytes).await
    }

    async fn cases_on(&self, order: i32) -> u64 {
        case::Entity::find()
            .filter(case::Column::JobOrderId.eq(order))
            .count(&self.app.db)
            .await
            .unwrap()
    }
}

pub(crate) async fn upload_to(
    address: &str,
    cookie: &str,
    file_name: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> (u16, String, String) {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(file_name.to_owned())
        .mime_str(content_type)
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("_action", "case_import")
        .part("file", part);
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{address}/cases/import"))
        .header("origin", address)
        .header("cookie", format!("ht_session={cookie}"))
        .multipart(form)
        .send()
        .await
        .expect("request sent");
    let status = res.status().as_u16();
    let to = location(&res);
    (status, to, res.text().await.unwrap())
}

#[test]
fn excel_unicode_text_utf16_with_tabs_opens_its_cases() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("10").await;
        let mut text = HEADER.replace(',', "\t") + "\r\n";
        for r in rows(order, 1, 3, "\t") {
            text.push_str(&r);
            text.push_str("\r\n");
        }
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (status, _, body) = w
            .upload(&w.agency_admin, "workers.txt", "text/plain", bytes)
            .await;
        assert_eq!(status, 200, "{}", &body[..body.len().min(600)]);
        assert!(body.contains("Đã mở 3 hồ sơ"), "the import reports 3 cases");
        assert_eq!(w.cases_on(order).await, 3);
    })
}

#[test]
fn a_legacy_windows_1258_csv_opens_its_cases_with_the_names_as_written() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("10").await;
        // Vietnamese Windows: "ê" precomposed, tone marks combining.
        let legacy = format!(
            "{HEADER}\n001195000001,Nguy\u{ea}\u{303}n Thi\u{323} Lan,1995-01-01,female,0912000001,{order}\n"
        );
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&legacy);
        assert!(!unmappable);
        let (status, _, body) = w
            .upload(
                &w.agency_admin,
                "workers.csv",
                "text/csv",
                bytes.into_owned(),
            )
            .await;
        assert!(body.contains("Đã mở 1 hồ sơ"), "{}", excerpt(&body));
        assert_eq!(status, 200);
        let worker = app::backend::entity::worker::Entity::find()
            .filter(app::backend::entity::worker::Column::CitizenId.eq("001195000001"))
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("the worker is recorded");
        assert_eq!(worker.full_name, "Nguyễn Thị Lan");
    })
}

#[test]
fn an_xlsx_workbook_opens_its_cases() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("10").await;
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (col, name) in HEADER.split(',').enumerate() {
            sheet.write_string(0, col as u16, name).unwrap();
        }
        for (i, row) in rows(order, 1, 2, ",").iter().enumerate() {
            for (col, cell) in row.split(',').enumerate() {
                let r = i as u32 + 1;
                if col == 5 {
                    sheet.write_number(r, col as u16, f64::from(order)).unwrap();
                } else {
                    sheet.write_string(r, col as u16, cell).unwrap();
                }
            }
        }
        let bytes = book.save_to_buffer().unwrap();
        let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        let (status, _, body) = w.upload(&w.agency_admin, "workers.xlsx", xlsx, bytes).await;
        assert_eq!(status, 200);
        assert!(
            body.contains("Đã mở 2 hồ sơ"),
            "{}",
            &body[..body.len().min(600)]
        );
        assert_eq!(w.cases_on(order).await, 2);
    })
}

#[test]
fn a_file_that_is_not_a_spreadsheet_gets_one_message_and_writes_nothing() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("10").await;
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec();
        let (status, _, body) = w
            .upload(&w.agency_admin, "workers.csv", "text/csv", png)
            .await;
        assert_eq!(status, 422);
        assert_eq!(body.matches("data-testid=\"import-error\"").count(), 1);
        assert!(body.contains("Đây không phải tệp bảng tính đọc được"));
        assert_eq!(w.cases_on(order).await, 0);
    })
}

/// Waits until the import page says the job is finished; the last page.
async fn follow(address: &str, to: &str, cookie: &str) -> String {
    let client = reqwest::Client::new();
    let mut page = String::new();
    for _ in 0..300 {
        let res = client
            .get(format!("{address}{to}"))
            .header("cookie", format!("ht_session={cookie}"))
            .send()
            .await
            .expect("request sent");
        assert_eq!(res.status().as_u16(), 200);
        page = res.text().await.unwrap();
        if page.contains("data-finished=\"true\"") {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the import never finished: {}",
        &page[..page.len().min(400)]
    );
}

#[test]
fn a_long_import_started_on_one_server_is_followed_to_its_end_on_another() {
    crate::helpers::run(async {
        let url = fresh_database_url().await;
        let db = server::startup::connect(&url).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        let w = world_on(spawn_app_on(db).await).await;
        let other = spawn_app_on(server::startup::connect(&url).await.unwrap()).await;
        assert_ne!(w.app.backend.instance, other.backend.instance);
        let order = w.approved_order("300").await;
        let (status, to, _) = w
            .upload(
                &w.agency_admin,
                "workers.csv",
                "text/csv",
                csv(order, 1, 150).into_bytes(),
            )
            .await;
        assert_eq!(status, 303);
        assert!(to.starts_with("/cases/import?job="), "{to}");
        let page = follow(&other.address, &to, &w.agency_admin).await;
        assert!(
            page.contains("Đã mở 150 hồ sơ"),
            "the other server shows the result"
        );
        assert!(page.contains("data-state=\"done\""));
        assert_eq!(w.cases_on(order).await, 150);
    })
}

/// A job row of the agency, running in `state`, by a runner that is not this test's server.
fn job_row(w: &World, owner: i32, state: &str, lease: TimeDelta) -> import_job::ActiveModel {
    let now = app::backend::Clock::now(w.app.clock.as_ref());
    import_job::ActiveModel {
        id: Set(format!("job-{}", uuid::Uuid::new_v4().simple())),
        agency_id: Set(w.agency),
        owner_user_id: Set(owner),
        state: Set(state.to_owned()),
        total: Set(500),
        done: Set(250),
        opened: Set(None),
        errors_json: Set(None),
        runner: Set("a-process-that-died".to_owned()),
        lease_until: Set(now + lease),
        created_at: Set(now - TimeDelta::minutes(1)),
        updated_at: Set(now - TimeDelta::minutes(1)),
    }
}

async fn running_job(w: &World, lease: TimeDelta) -> String {
    let row = job_row(w, owner(w).await, "checking", lease);
    row.insert(&w.app.db).await.unwrap().id
}

async fn owner(w: &World) -> i32 {
    app::backend::entity::user::Entity::find()
        .filter(app::backend::entity::user::Column::Email.eq("admin@saomai.vn"))
        .one(&w.app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[test]
fn a_job_whose_process_died_says_interrupted_nothing_written_and_frees_its_agency() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("300").await;
        let job = running_job(&w, TimeDelta::seconds(-1)).await;
        let page = follow(
            &w.app.address,
            &format!("/cases/import?job={job}"),
            &w.agency_admin,
        )
        .await;
        assert!(page.contains("data-state=\"interrupted\""));
        assert!(
            page.contains("chưa có gì được ghi"),
            "says nothing was written"
        );
        let row = import_job::Entity::find_by_id(job)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.state, "interrupted");
        assert_eq!(w.cases_on(order).await, 0, "nothing was written");
        // The agency may import again.
        let (status, to, _) = w
            .upload(
                &w.agency_admin,
                "workers.csv",
                "text/csv",
                csv(order, 1, 120).into_bytes(),
            )
            .await;
        assert_eq!(status, 303);
        let page = follow(&w.app.address, &to, &w.agency_admin).await;
        assert!(page.contains("Đã mở 120 hồ sơ"));
    })
}

#[test]
fn a_second_long_import_while_one_runs_is_refused_and_the_database_allows_one_running_job() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("300").await;
        running_job(&w, TimeDelta::seconds(60)).await;
        let (status, _, body) = w
            .upload(
                &w.agency_admin,
                "workers.csv",
                "text/csv",
                csv(order, 1, 120).into_bytes(),
            )
            .await;
        assert_eq!(status, 409);
        assert!(body.contains("Một lần nhập tệp khác của tổ chức đang chạy"));
        assert_eq!(w.cases_on(order).await, 0);
        // The database itself refuses a second running job, whatever the code before it checks.
        let again = job_row(&w, owner(&w).await, "writing", TimeDelta::zero())
            .insert(&w.app.db)
            .await;
        let refused = again.expect_err("a second running job for the agency is refused");
        assert!(
            matches!(
                refused.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ),
            "refused by the unique index: {refused}"
        );
    })
}

#[test]
fn an_unreadable_job_state_fails_the_progress_page_with_its_request_id() {
    crate::helpers::run(async {
        let w = world().await;
        let job = running_job(&w, TimeDelta::seconds(60)).await;
        w.app
            .db
            .execute_unprepared(&format!(
                "UPDATE import_jobs SET state = 'bogus' WHERE id = '{job}'"
            ))
            .await
            .unwrap();
        let res = w
            .app
            .client
            .get(format!("{}/cases/import?job={job}", w.app.address))
            .header("cookie", format!("ht_session={}", w.agency_admin))
            .send()
            .await
            .expect("request sent");
        let status = res.status().as_u16();
        let request_id = res.headers()["x-request-id"]
            .to_str()
            .expect("ascii")
            .to_owned();
        let body = res.text().await.expect("body");
        assert_eq!(status, 500, "{}", excerpt(&body));
        assert!(
            body.contains(request_id.as_str()),
            "the page names its request id {request_id}"
        );
        assert!(
            !body.contains("bogus"),
            "the unreadable value does not reach the page"
        );
        assert!(!body.contains("data-testid=\"import-progress\""));
    })
}

/// A real server process on the database at `url`, on a free port; killed when dropped.
struct Process {
    child: std::process::Child,
    address: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn server_process(url: &str) -> Process {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let address = format!("http://127.0.0.1:{port}");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("SECRET_KEY", crate::helpers::TEST_SECRET_KEY)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("PUBLIC_URL", &address)
        .env("SEED_WORKERS", "0")
        .env("IMPORT_LEASE_SECS", "1")
        .env(
            "MAIL_DIR",
            std::env::temp_dir().join("hanh-trang-test-mail"),
        )
        .env_remove("SMTP_URL")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let process = Process { child, address };
    for _ in 0..200 {
        if let Ok(res) = reqwest::get(format!("{}/healthz", process.address)).await {
            if res.status().is_success() {
                return process;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server process never answered");
}

#[test]
fn two_server_processes_share_imports_and_a_killed_one_leaves_its_job_interrupted_with_nothing_written(
) {
    crate::helpers::run(async {
        let url = fresh_database_url().await;
        let db = server::startup::connect(&url).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        let app = spawn_app_on(db).await;
        // The processes run on the real clock: bring the test's clock to now, so the sessions
        // made here are fresh there.
        let now = chrono::Utc::now();
        app.clock
            .advance(now - app::backend::Clock::now(app.clock.as_ref()));
        let w = world_on(app).await;
        let order = w.approved_order("5000").await;
        let first = server_process(&url).await;
        let second = server_process(&url).await;
        let postgres = url.starts_with("postgres");
        // Hold the write phase back, so the first process is surely killed before it could end:
        // PostgreSQL, by locking the orders (its job still starts and reads); SQLite, by taking
        // the write lock right after the job is accepted.
        let blocker = server::startup::connect(&url).await.unwrap();
        let hold = blocker.begin().await.unwrap();
        if postgres {
            hold.execute_unprepared("LOCK TABLE job_orders IN EXCLUSIVE MODE")
                .await
                .unwrap();
        }
        let (status, to, _) = upload_to(
            &first.address,
            &w.agency_admin,
            "workers.csv",
            "text/csv",
            csv(order, 1, 3000).into_bytes(),
        )
        .await;
        if !postgres {
            hold.execute_unprepared("UPDATE audit_head SET last_id = last_id WHERE id = 1")
                .await
                .unwrap();
        }
        assert_eq!(status, 303);
        drop(first);
        hold.rollback().await.unwrap();
        let page = follow(&second.address, &to, &w.agency_admin).await;
        assert!(
            page.contains("data-state=\"interrupted\""),
            "{}",
            &page[..page.len().min(400)]
        );
        assert_eq!(w.cases_on(order).await, 0, "nothing was written");
        let filled = app::backend::entity::job_order::Entity::find_by_id(order)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap()
            .filled;
        assert_eq!(filled, 0, "no place was taken");
        // The second process takes the agency's next import to its end.
        let (status, to, _) = upload_to(
            &second.address,
            &w.agency_admin,
            "workers.csv",
            "text/csv",
            csv(order, 1, 3000).into_bytes(),
        )
        .await;
        assert_eq!(status, 303);
        let page = follow(&second.address, &to, &w.agency_admin).await;
        assert!(
            page.contains("Đã mở 3000 hồ sơ"),
            "{}",
            &page[..page.len().min(400)]
        );
        assert_eq!(w.cases_on(order).await, 3000);
    })
}
