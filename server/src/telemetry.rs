//! Logs through `tracing`: human-readable by default, JSON lines with `LOG_FORMAT=json`.
//! `RUST_LOG` sets the level (default `info`, with the SQL layers quieter).

use tracing_subscriber::{fmt, layer::SubscriberExt, util::SubscriberInitExt, EnvFilter};

pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=info"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = if json {
        registry
            .with(
                fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true),
            )
            .try_init()
    } else {
        registry.with(fmt::layer().compact()).try_init()
    };
    // A second init (tests spawning several apps) is not an error worth stopping for.
    let _ = result;
}
