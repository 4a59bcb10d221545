//! `server [serve|migrate [up|down|fresh|status]|seed]`: run the web app or manage its database.

use std::sync::Arc;

use anyhow::Context;
use app::backend::{seed, Backend, SystemClock};
use migration::{Migrator, MigratorTrait};
use server::config::Config;
use server::startup;

const USAGE: &str = "usage: server [serve | migrate [up|down|fresh|status] | seed]";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
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
            let db = startup::connect(&config.database_url).await?;
            Migrator::up(&db, None).await?;
            let backend = Backend::new(db, Arc::new(SystemClock));
            report_seed(seed::seed_demo_if_empty(&backend, config.seed_workers.max(1)).await?);
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    }
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
    if config.seed_workers > 0 {
        let backend = Backend::new(db.clone(), clock.clone());
        report_seed(seed::seed_demo_if_empty(&backend, config.seed_workers).await?);
    }
    let app = startup::router(config.leptos.clone(), db, clock);
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("binding {}", config.bind))?;
    let url = format!("http://{}", listener.local_addr()?);
    println!();
    println!("Hành Trang is running at {url}");
    println!("  public agency registry: {url}/agencies");
    println!("  database: {}", redact(&config.database_url));
    println!("  demo accounts: none yet; the registry is public (sign-in arrives with accounts).");
    println!("Press Ctrl+C to stop.");
    tracing::info!(%url, "listening");
    axum::serve(listener, app)
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
