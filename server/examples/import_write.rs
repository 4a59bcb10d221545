//! Times the two phases of a 5,000-row import on a fresh database (SQLite by default, or
//! DATABASE_URL): the check against the database and the guards, which only reads, and the
//! write, one transaction with bulk inserts, which is how long other writers may wait.
//! `.dev/bench.sh` prints its line; the aim is a write phase under 2 s on SQLite.

use std::sync::Arc;
use std::time::Instant;

use app::backend::audit::RequestMeta;
use app::backend::entity::{agency, job_order, user};
use app::backend::imports::{check, write, Progress};
use app::backend::{seed, Backend, SystemClock};
use app::domain::access::Actor;
use app::domain::accounts::Role;
use app::domain::import::{check_records, Record};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

const ROWS: u32 = 5_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("hanh-trang-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/import.db?mode=rwc", dir.display()));
    let db = server::startup::connect(&url).await?;
    Migrator::up(&db, None).await?;
    let backend = Backend::new(
        db.clone(),
        Arc::new(SystemClock),
        app::backend::keys::Keys::random(),
    );
    seed::seed_demo_if_empty(&backend, 200).await?;
    let admin = user::Entity::find()
        .filter(user::Column::Email.eq(seed::DEMO_ACCOUNTS[4].email))
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo agency admin"))?;
    let agency_id = admin
        .agency_id
        .ok_or_else(|| anyhow::anyhow!("the demo admin has no agency"))?;
    let agency = agency::Entity::find_by_id(agency_id)
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no agency"))?;
    let market = job_order::Entity::find()
        .filter(job_order::Column::AgencyId.eq(agency.id))
        .one(&db)
        .await?
        .map_or_else(|| "JP".to_owned(), |o| o.market_code);
    let now = chrono::Utc::now();
    let order = job_order::ActiveModel {
        agency_id: Set(agency.id),
        market_code: Set(market),
        employer_name: Set("Benchmark Co., Ltd.".to_owned()),
        occupation: Set("Chế biến thực phẩm".to_owned()),
        headcount: Set(i32::try_from(ROWS)?),
        wage_amount: Set(180_000),
        wage_currency: Set("JPY".to_owned()),
        term_months: Set(36),
        service_fee_vnd: Set(36_000_000),
        deposit_vnd: Set(0),
        form: Set("licensed_agency".to_owned()),
        status: Set("approved".to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await?;
    let mut records = vec![Record {
        line: 1,
        cells: [
            "citizen_id",
            "full_name",
            "birth_date",
            "sex",
            "phone",
            "order_id",
        ]
        .map(str::to_owned)
        .to_vec(),
    }];
    for i in 0..ROWS {
        records.push(Record {
            line: usize::try_from(i)? + 2,
            cells: vec![
                format!("001095{:06}", 900_000 + i),
                "Nguyễn Văn Thử".to_owned(),
                "1995-01-01".to_owned(),
                "male".to_owned(),
                format!("0912{i:06}"),
                order.id.to_string(),
            ],
        });
    }
    let rows = check_records(&records).map_err(|e| anyhow::anyhow!("rows refused: {e:?}"))?;
    let actor = Actor {
        user_id: admin.id,
        role: Role::AgencyAdmin,
        agency_id: Some(agency.id),
        head_office: true,
        province_code: None,
        worker_id: None,
    };
    let t = Instant::now();
    let plan = check::check(&backend, agency.id, rows, &Progress::none())
        .await?
        .map_err(|e| {
            anyhow::anyhow!(
                "check refused {} rows: {:?}",
                e.errors.len(),
                e.errors.first()
            )
        })?;
    let checked = t.elapsed();
    let t = Instant::now();
    let opened = write::write(
        &backend,
        &RequestMeta::default(),
        &actor,
        agency.id,
        plan,
        None,
    )
    .await?
    .map_err(|e| anyhow::anyhow!("write refused: {e:?}"))?;
    let written = t.elapsed();
    let kind = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "import of {opened} rows ({kind}): check {:.2} s (reads only), write phase {:.2} s (one transaction; aim < 2 s)",
        checked.as_secs_f64(),
        written.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
