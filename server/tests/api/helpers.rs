use std::sync::Arc;

use app::backend::entity::{agency, case, job_order, licence_event, market_suspension, worker};
use app::backend::{Backend, ManualClock};
use app::domain::agencies::registry_search_text;
use chrono::{NaiveDate, TimeZone, Utc};
use leptos::config::LeptosOptions;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ConnectionTrait, DatabaseConnection,
    EntityTrait,
};

/// One runtime for every test, as in the one server process the tests stand for. (The suite used
/// `#[tokio::test]`, a runtime per test; while chasing the hang that `startup::route_list`
/// explains, this removed one more way for one test's end to affect another's requests.)
static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        // More threads than cores: the demo seed is CPU-bound async work, and with two threads it
        // starved other tests into connection-pool timeouts on PostgreSQL.
        .worker_threads(8)
        // Debug builds keep whole async state machines on the stack; rendering a case page
        // with its forms overflows tokio's default 2 MiB.
        .thread_stack_size(16 * 1024 * 1024)
        .enable_all()
        .build()
        .expect("the test runtime starts")
});

/// Runs a test's body on the shared runtime.
pub fn run<F: std::future::Future>(test: F) -> F::Output {
    RUNTIME.block_on(test)
}

pub fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0)
            .single()
            .expect("valid time"),
    ))
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// A database of its own for one test: a SQLite file, or a new PostgreSQL database.
pub async fn fresh_database() -> DatabaseConnection {
    let url = fresh_database_url().await;
    server::startup::connect(&url)
        .await
        .expect("connect to the test database")
}

/// The URL of a new, empty database (created on PostgreSQL, a new file name on SQLite).
pub async fn fresh_database_url() -> String {
    let name = format!("test_{}", uuid::Uuid::new_v4().simple());
    let url = match std::env::var("TEST_DATABASE_URL") {
        Ok(base) => {
            let admin = server::startup::connect(&base)
                .await
                .expect("connect to TEST_DATABASE_URL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create test database");
            let (prefix, _) = base.rsplit_once('/').expect("database URL with a path");
            format!("{prefix}/{name}")
        }
        Err(_) => {
            let path = std::env::temp_dir().join(format!("hanh-trang-{name}.db"));
            format!("sqlite://{}?mode=rwc", path.display())
        }
    };
    url
}

pub async fn migrated_database() -> DatabaseConnection {
    let db = fresh_database().await;
    Migrator::up(&db, None).await.expect("migrations apply");
    db
}

pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    pub backend: Backend,
    pub clock: Arc<ManualClock>,
    /// Every statement the app (and `db`) sends, counted.
    pub statements: server::statements::StatementCounter,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    /// The server task would otherwise outlive the test on the shared runtime, keeping its
    /// database connections open until PostgreSQL runs out of them.
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn get_in(&self, path: &str, lang: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .header("cookie", format!("lang={lang}"))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn page(&self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, res.text().await.expect("body"))
    }
}

/// The secret key every test server and test binary is configured with (never a real one).
pub const TEST_SECRET_KEY: &str = "dGVzdHMtb25seS1rZXktdGhhdC1zZWFscy10aGUtYXVkaXQtdHJhaWw";

/// The keys of `TEST_SECRET_KEY`: every test app on one database shares them, as two server
/// processes configured alike do.
pub fn test_keys() -> app::backend::keys::Keys {
    app::backend::keys::Keys::parse(TEST_SECRET_KEY, &[]).expect("the test key parses")
}

pub async fn spawn_app() -> TestApp {
    let db = migrated_database().await;
    spawn_app_on(db).await
}

pub async fn spawn_app_on(db: DatabaseConnection) -> TestApp {
    spawn_app_at(db, None).await
}

/// The app on a free port, telling the world it lives at `public_url` (its own address when
/// none is given).
pub async fn spawn_app_at(db: DatabaseConnection, public_url: Option<&str>) -> TestApp {
    spawn_app_with(db, public_url, |_| {}).await
}

/// The app with settings changed by `change` (e.g. a smaller export cap).
pub async fn spawn_app_with(
    mut db: DatabaseConnection,
    public_url: Option<&str>,
    change: impl FnOnce(&mut server::startup::Settings),
) -> TestApp {
    let statements = server::statements::StatementCounter::attach_keeping_text(&mut db);
    let options = LeptosOptions::builder().output_name("hanh-trang").build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let address = format!("http://{}", listener.local_addr().expect("local address"));
    let clock = clock();
    let mut settings = server::startup::Settings {
        public_url: public_url.map_or_else(|| address.clone(), str::to_owned),
        ..Default::default()
    };
    change(&mut settings);
    let backend = Backend::new(db.clone(), clock.clone(), test_keys()).with_settings(settings);
    let router = server::startup::router(options, backend.clone());
    let server = tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await;
    });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    TestApp {
        address,
        db,
        client,
        backend,
        clock,
        statements,
        server,
    }
}

/// An agency as a test wants it; `insert` fills in the rest plausibly.
pub struct AgencyFixture {
    pub name: &'static str,
    pub licence_number: &'static str,
    pub enterprise_code: &'static str,
    pub revoked: bool,
    /// Code and short name of the province of the head office.
    pub province: (&'static str, &'static str),
    pub suspensions: Vec<(&'static str, NaiveDate, NaiveDate)>,
    pub markets: Vec<&'static str>,
}

impl AgencyFixture {
    pub fn named(
        name: &'static str,
        licence_number: &'static str,
        enterprise_code: &'static str,
    ) -> Self {
        AgencyFixture {
            name,
            licence_number,
            enterprise_code,
            revoked: false,
            province: ("01", "Hà Nội"),
            suspensions: vec![],
            markets: vec![],
        }
    }

    pub async fn insert(self, db: &DatabaseConnection) -> i32 {
        let now = app::backend::Clock::now(clock().as_ref());
        let id = agency::Entity::insert(agency::ActiveModel {
            id: NotSet,
            sending_branches: Set(0),
            name: Set(self.name.to_owned()),
            search_text: Set(registry_search_text(
                self.name,
                self.licence_number,
                self.enterprise_code,
                self.province.1,
            )),
            enterprise_code: Set(self.enterprise_code.to_owned()),
            licence_number: Set(self.licence_number.to_owned()),
            licence_date: Set(date(2019, 4, 12)),
            licence_status: Set(if self.revoked { "revoked" } else { "active" }.to_owned()),
            revoked_on: Set(self.revoked.then(|| date(2025, 2, 1))),
            province_code: Set(self.province.0.to_owned()),
            address: Set("Số 18 phố Trần Duy Hưng".to_owned()),
            phone: Set("024 3555 0101".to_owned()),
            email: Set(None),
            website: Set(Some("https://vidu.vn".to_owned())),
            created_at: Set(now),
            updated_at: Set(now),
            representative: Set(None),
        })
        .exec(db)
        .await
        .expect("insert agency")
        .last_insert_id;
        licence_event::Entity::insert(licence_event::ActiveModel {
            id: NotSet,
            agency_id: Set(id),
            happened_on: Set(date(2019, 4, 12)),
            kind: Set("issued".to_owned()),
            market_code: Set(None),
            until: Set(None),
            decision_ref: Set(Some("12/QĐ-QLLĐNN".to_owned())),
            note: Set(None),
            ..Default::default()
        })
        .exec(db)
        .await
        .expect("insert licence event");
        for (market, from, to) in self.suspensions {
            market_suspension::Entity::insert(market_suspension::ActiveModel {
                id: NotSet,
                agency_id: Set(id),
                market_code: Set(market.to_owned()),
                starts_on: Set(from),
                ends_on: Set(to),
                decision_ref: Set(Some("45/QĐ-XPVPHC".to_owned())),
                reason: Set("Thu tiền dịch vụ vượt mức trần".to_owned()),
                ..Default::default()
            })
            .exec(db)
            .await
            .expect("insert suspension");
        }
        for market in self.markets {
            job_order::Entity::insert(job_order::ActiveModel {
                id: NotSet,
                agency_id: Set(id),
                market_code: Set(market.to_owned()),
                employer_name: Set("Yamato Seiki Co., Ltd.".to_owned()),
                occupation: Set("Chế biến thực phẩm".to_owned()),
                headcount: Set(30),
                wage_amount: Set(180_000),
                wage_currency: Set("JPY".to_owned()),
                term_months: Set(36),
                service_fee_vnd: Set(36_000_000),
                deposit_vnd: Set(0),
                form: Set("licensed_agency".to_owned()),
                status: Set("approved".to_owned()),
                submitted_on: Set(Some(date(2026, 1, 5))),
                decided_on: Set(Some(date(2026, 1, 9))),
                created_at: Set(now),
                ..Default::default()
            })
            .exec(db)
            .await
            .expect("insert job order");
        }
        id
    }
}

static NEXT_SERIAL: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// Adds `count` workers to the agency's first job order, each with a case in `state`.
pub async fn add_cases(db: &DatabaseConnection, agency_id: i32, state: &str, count: u32) {
    let now = app::backend::Clock::now(clock().as_ref());
    let order = job_order::Entity::find()
        .all(db)
        .await
        .expect("job orders")
        .into_iter()
        .find(|o| o.agency_id == agency_id)
        .expect("the agency has a job order");
    for n in 0..count {
        let serial = NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let worker_id = worker::Entity::insert(worker::ActiveModel {
            id: NotSet,
            citizen_id: Set(format!("040000{serial:06}")),
            full_name: Set(format!("Nguyễn Văn Thử {n}")),
            birth_date: Set(date(2000, 3, 4)),
            sex: Set("male".to_owned()),
            phone: Set("0912 345 678".to_owned()),
            email: Set(None),
            province_code: Set("40".to_owned()),
            old_province_code: Set(Some("40".to_owned())),
            ethnicity: Set("Kinh".to_owned()),
            household: Set("none".to_owned()),
            created_at: Set(now),
        })
        .exec(db)
        .await
        .expect("insert worker")
        .last_insert_id;
        case::Entity::insert(case::ActiveModel {
            id: NotSet,
            worker_id: Set(worker_id),
            agency_id: Set(agency_id),
            job_order_id: Set(order.id),
            state: Set(state.to_owned()),
            applied_on: Set(date(2025, 6, 1)),
            selected_on: Set(Some(date(2025, 7, 1))),
            departed_on: Set(Some(date(2025, 11, 1))),
            ended_on: Set(None),
            end_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(db)
        .await
        .expect("insert case");
    }
}

/// One departed case for the agency; returns its id.
/// An inspection of the agency in the given status ("planned", "open"), by the team.
pub async fn add_inspection(db: &DatabaseConnection, agency_id: i32, status: &str) -> i32 {
    let now = Utc::now();
    app::backend::entity::inspection::ActiveModel {
        agency_id: Set(agency_id),
        status: Set(status.to_owned()),
        scope: Set("Thu phí dịch vụ".to_owned()),
        team: Set("Đoàn 1".to_owned()),
        starts_on: Set(date(2026, 11, 20)),
        ends_on: Set(date(2026, 11, 30)),
        basis: Set(String::new()),
        planned_by: Set(1),
        planned_at: Set(now),
        opened_on: Set((status != "planned").then(|| date(2026, 11, 20))),
        closed_on: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// A complaint against the agency, received today (the test clock) and not yet accepted, by
/// `filer` (a worker's account) or by someone without one, about a worker from `province`.
pub async fn add_complaint(
    db: &DatabaseConnection,
    agency_id: i32,
    filer: Option<i32>,
    province: &str,
) -> i32 {
    let now = Utc::now();
    app::backend::entity::complaint::ActiveModel {
        kind: Set("complaint".to_owned()),
        category: Set("OVERCHARGING".to_owned()),
        agency_id: Set(agency_id),
        filer_user_id: Set(filer),
        relation: Set(if filer.is_some() {
            "worker"
        } else {
            "relative"
        }
        .to_owned()),
        filer_name: Set("Nguyễn Thị Hoa".to_owned()),
        filer_email: Set("hoa@example.vn".to_owned()),
        filer_phone: Set("0912345678".to_owned()),
        worker_name: Set("Nguyễn Văn Nam".to_owned()),
        worker_id: Set(None),
        worker_province: Set(Some(province.to_owned())),
        lang: Set("vi".to_owned()),
        learned_on: Set(date(2026, 11, 1)),
        late_reason: Set(String::new()),
        foreign_element: Set(false),
        description: Set("Thu phí dịch vụ 4 tháng lương".to_owned()),
        status: Set("received".to_owned()),
        level: Set(1),
        remote: Set(false),
        extensions: Set(0),
        contact_shared: Set(false),
        received_on: Set(date(2026, 11, 23)),
        accept_due: Set(date(2026, 12, 3)),
        tracking_hash: Set(filer
            .is_none()
            .then(|| format!("matrix-{agency_id}-{province}"))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

pub async fn add_case(db: &DatabaseConnection, agency_id: i32) -> i32 {
    use sea_orm::{QueryOrder, QuerySelect};
    add_cases(db, agency_id, "departed", 1).await;
    case::Entity::find()
        .order_by_desc(case::Column::Id)
        .limit(1)
        .one(db)
        .await
        .expect("cases")
        .expect("the case just added")
        .id
}

/// Who sends a request in the access matrices: nobody signed in, or one account of each role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Who {
    Anonymous,
    Worker,
    AgencyAdmin,
    /// In the form matrix, staff of a branch: may open cases, not sign contracts or manage orders.
    AgencyStaff,
    Inspector,
    Provincial,
    National,
    SysAdmin,
}

pub const EVERYONE: &[Who] = &[
    Who::Anonymous,
    Who::Worker,
    Who::AgencyAdmin,
    Who::AgencyStaff,
    Who::Inspector,
    Who::Provincial,
    Who::National,
    Who::SysAdmin,
];

pub const SIGNED_IN: &[Who] = &[
    Who::Worker,
    Who::AgencyAdmin,
    Who::AgencyStaff,
    Who::Inspector,
    Who::Provincial,
    Who::National,
    Who::SysAdmin,
];
