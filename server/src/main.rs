//! `server [serve|migrate [up|down|fresh|status]|seed [national]]`: run the web app or manage its database.

use std::sync::Arc;

use anyhow::Context;
use app::backend::seed_national::{self, NationalPlan};
use app::backend::{seed, Backend, SystemClock};
use migration::{Migrator, MigratorTrait};
use server::config::Config;
use server::startup;

const USAGE: &str = "usage: server [serve | migrate [up|down|fresh|status] | seed [national [--cases N]] | admin create EMAIL [FULL NAME] | audit verify [ID:SEAL] | audit head | audit seal | statistics sql QUERY-STRING | key new | outbox send]";

fn main() -> anyhow::Result<()> {
    // Page rendering nests deep async state machines; debug builds need more than tokio's 2 MiB.
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    server::telemetry::init(config.json_logs);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] | ["serve"] => serve(config).await,
        ["migrate"] | ["migrate", "up"] => {
            let db = startup::connect(&config.database_url).await?;
            Migrator::up(&db, None).await.context("migrating up")?;
            println!("migrations applied");
            Ok(())
        }
        ["migrate", "down"] => {
            let db = startup::connect(&config.database_url).await?;
            Migrator::down(&db, None).await.context("migrating down")?;
            println!("all migrations rolled back");
            Ok(())
        }
        ["migrate", "fresh"] => {
            let db = startup::connect(&config.database_url).await?;
            Migrator::fresh(&db)
                .await
                .context("recreating the schema")?;
            println!("schema recreated");
            Ok(())
        }
        ["migrate", "status"] => {
            let db = startup::connect(&config.database_url).await?;
            Migrator::status(&db)
                .await
                .context("reading migration status")?;
            Ok(())
        }
        ["seed"] => {
            let backend = demo_backend(&config).await?;
            report_seed(seed::seed_demo_if_empty(&backend, config.seed_workers.max(1)).await?);
            Ok(())
        }
        ["seed", "national", rest @ ..] => {
            let plan = match rest {
                [] => NationalPlan::Published { divisor: 1 },
                ["--cases", n] => NationalPlan::Scale {
                    cases: n
                        .replace(['_', ','], "")
                        .parse()
                        .map_err(|_| anyhow::anyhow!("not a number of cases: {n}"))?,
                },
                _ => {
                    eprintln!("{USAGE}");
                    std::process::exit(2);
                }
            };
            let backend = demo_backend(&config).await?;
            report_seed(seed::seed_demo_if_empty(&backend, config.seed_workers.max(1)).await?);
            let started = std::time::Instant::now();
            let r = seed_national::seed_national(&backend, plan)
                .await
                .context("seeding the national dataset")?;
            println!(
                "national data: {} workers, {} cases and {} job orders added in {:.1} s",
                r.workers,
                r.cases,
                r.job_orders,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        ["admin", "create", email, name @ ..] => {
            let email = app::domain::accounts::Email::parse(email)
                .map_err(|_| anyhow::anyhow!("not an email address: {email}"))?;
            let full_name = if name.is_empty() {
                "Quản trị hệ thống".to_owned()
            } else {
                app::domain::accounts::parse_full_name(&name.join(" "))
                    .map_err(|_| anyhow::anyhow!("not a full name: {}", name.join(" ")))?
            };
            let db = startup::connect(&config.database_url).await?;
            Migrator::up(&db, None).await?;
            let backend = Backend::new(db, Arc::new(SystemClock), config.keys()?)
                .with_settings(config.auth.clone());
            startup::secure_at_rest(&backend, config.demo).await?;
            match app::backend::auth::invite_first_administrator(&backend, email, full_name).await {
                Ok(link) => {
                    println!("system administrator invited; the one-time link (also mailed):");
                    println!("{link}");
                    Ok(())
                }
                Err(app::backend::ServiceError::Problem(
                    app::domain::forms::FormProblem::EmailTaken,
                )) => {
                    eprintln!("that email already has an account or an invitation");
                    std::process::exit(1);
                }
                Err(e) => Err(anyhow::anyhow!("inviting the administrator: {e:?}")),
            }
        }
        ["audit", "verify", kept @ ..] if kept.len() <= 1 => {
            let kept = match kept.first() {
                Some(text) => Some(text.parse::<app::backend::audit::Head>().map_err(|()| {
                    anyhow::anyhow!("not a head as `server audit head` prints it: {text}")
                })?),
                None => None,
            };
            let keys = config.keys()?;
            let db = startup::connect(&config.database_url).await?;
            match app::backend::audit::verify(&db, &keys, kept.as_ref()).await? {
                app::backend::audit::Verification::Intact { rows } => {
                    println!("audit chain intact: {rows} rows verified");
                    Ok(())
                }
                app::backend::audit::Verification::Broken { row_id, reason } => {
                    eprintln!("audit chain broken at row {row_id}: {reason}");
                    std::process::exit(1);
                }
            }
        }
        ["audit", "seal"] => {
            let db = startup::connect(&config.database_url).await?;
            Migrator::up(&db, None).await?;
            let backend = Backend::new(db, Arc::new(SystemClock), config.keys()?);
            match startup::seal_audit(&backend).await? {
                Some(id) => println!("audit rows without a key's seal sealed by entry {id}"),
                None => println!("nothing to seal: the newest audit row carries the key's seal"),
            }
            Ok(())
        }
        ["audit", "head"] => {
            let db = startup::connect(&config.database_url).await?;
            println!("{}", app::backend::audit::head(&db).await?);
            Ok(())
        }
        ["statistics", "sql", query_string] => {
            let db = startup::connect(&config.database_url).await?;
            let today = chrono::Utc::now().date_naive();
            let statements = app::backend::statistics::page_sql(&db, query_string, today)
                .map_err(|e| anyhow::anyhow!(e))?;
            for s in statements {
                println!("{s};");
            }
            Ok(())
        }
        ["key", "new"] => {
            println!("{}", app::backend::keys::Keys::new_secret());
            Ok(())
        }
        ["outbox", "send"] => {
            let db = startup::connect(&config.database_url).await?;
            let backend = Backend::new(db, Arc::new(SystemClock), config.keys()?)
                .with_settings(config.auth.clone());
            let delivery = server::mailer::Delivery::from_config(
                config.smtp_url.as_deref(),
                config.mail_dir.clone(),
            )?;
            let sent =
                server::mailer::send_due(&backend, &delivery, &config.mail_from.parse()?).await?;
            println!("{sent} messages sent");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    }
}

/// The database for the demo's seeds: demo mode only, never over https, migrated and keyed.
async fn demo_backend(config: &Config) -> anyhow::Result<Backend> {
    if !config.demo {
        eprintln!("demo data is seeded only in demo mode: run with DEMO=1");
        std::process::exit(2);
    }
    refuse_demo_over_https(config)?;
    let db = startup::connect(&config.database_url).await?;
    Migrator::up(&db, None).await?;
    let backend = Backend::new(db, Arc::new(SystemClock), config.keys()?);
    startup::secure_at_rest(&backend, true).await?;
    Ok(backend)
}

/// The demo's accounts have a published password and second factor: never behind https, where
/// a real install lives.
fn refuse_demo_over_https(config: &Config) -> anyhow::Result<()> {
    if config.public_url.starts_with("https://") {
        anyhow::bail!(
            "refusing demo mode at {}: the demo accounts' password and second factor are \
             published; serve the demo over plain http",
            config.public_url
        );
    }
    Ok(())
}

fn report_seed(report: Option<seed::SeedReport>) {
    match report {
        Some(r) => println!(
            "demo data seeded: {} agencies, {} job orders, {} workers, {} cases",
            r.agencies, r.job_orders, r.workers, r.cases
        ),
        None => println!("database already holds data; demo data not seeded"),
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let db = startup::connect(&config.database_url)
        .await
        .context("connecting to the database")?;
    Migrator::up(&db, None)
        .await
        .context("migrating the database")?;
    let clock = Arc::new(SystemClock);
    if config.demo {
        refuse_demo_over_https(&config)?;
    }
    let keys = config.keys()?;
    let backend = Backend::new(db, clock, keys)
        .with_settings(config.auth.clone())
        .with_import_lease(config.import_lease);
    startup::secure_at_rest(&backend, config.demo).await?;
    if config.demo && config.seed_workers > 0 {
        report_seed(seed::seed_demo_if_empty(&backend, config.seed_workers).await?);
    }
    let delivery =
        server::mailer::Delivery::from_config(config.smtp_url.as_deref(), config.mail_dir.clone())
            .context("setting up mail delivery")?;
    let from: lettre::message::Mailbox = config.mail_from.parse().context("MAIL_FROM")?;
    println!("  mail: {}", delivery.describe());
    tokio::spawn(server::mailer::run(
        backend.clone(),
        delivery,
        from,
        std::time::Duration::from_secs(1),
    ));
    let mut demo = false;
    for account in seed::DEMO_ACCOUNTS {
        demo |= app::backend::auth::user_by_email(&backend, account.email)
            .await?
            .is_some();
    }
    if demo && config.public_url.starts_with("https://") {
        anyhow::bail!(
            "refusing to serve {}: the database holds the demo accounts, whose password and \
             second factor are published; remove them, or serve the demo over plain http",
            config.public_url
        );
    }
    let app = if config.count_statements {
        // Only what the pages send is counted, not the mail sender's polling.
        let mut web = backend.clone();
        let counter = server::statements::StatementCounter::attach(&mut web.db);
        println!("  counting SQL statements: GET /_statements");
        startup::router(config.leptos.clone(), web).route(
            "/_statements",
            axum::routing::get(move || {
                let counter = counter.clone();
                async move { counter.count().to_string() }
            }),
        )
    } else {
        startup::router(config.leptos.clone(), backend)
    };
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("binding {}", config.bind))?;
    let url = format!("http://{}", listener.local_addr()?);
    println!();
    println!("Hành Trang is running at {url}");
    println!("  public agency registry: {url}/agencies");
    println!("  database: {}", redact(&config.database_url));
    if demo {
        println!("  demo accounts (password {}):", seed::DEMO_PASSWORD);
        for account in seed::DEMO_ACCOUNTS {
            let role = app::i18n::role_label(app::i18n::Lang::En, account.role);
            println!("    {:<32} {role}", account.email);
        }
        println!(
            "  staff sign in with a second factor: add TOTP secret {} to an authenticator app",
            seed::DEMO_TOTP_SECRET
        );
        println!("  (e.g. `oathtool --totp -b {}`).", seed::DEMO_TOTP_SECRET);
    }
    println!("Press Ctrl+C to stop.");
    tracing::info!(%url, "listening");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

/// Hides the password in a database URL before printing it.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
