//! Settings from the environment, with defaults that make `run` work on a fresh clone.

use std::net::SocketAddr;

use leptos::config::{get_configuration, Env, LeptosOptions};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/hanh-trang.db?mode=rwc";

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: SocketAddr,
    pub leptos: LeptosOptions,
    /// Demo mode (`DEMO=1`): an empty database gets the demo data and its published accounts.
    /// Off by default, so a real install never has them.
    pub demo: bool,
    /// How many demo workers to seed into an empty database in demo mode (0: seed nothing).
    pub seed_workers: usize,
    pub json_logs: bool,
    /// Where links in emails point, e.g. `https://hanhtrang.gov.vn`; https also makes cookies Secure.
    pub public_url: String,
    /// `smtp://host:port` (plain, e.g. a relay on loopback) or `smtps://user:pass@host:465`,
    /// `smtp+starttls://…`; without it, mail is written as .eml files into `mail_dir`.
    pub smtp_url: Option<String>,
    pub mail_dir: std::path::PathBuf,
    pub mail_from: String,
    pub auth: app::backend::auth::Settings,
    /// How long a background import's lease lasts (IMPORT_LEASE_SECS): a job whose process died
    /// shows as interrupted this long after its last renewal.
    pub import_lease: std::time::Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("leptos configuration: {0}")]
    Leptos(String),
    #[error("{name} is not valid: {value}")]
    Invalid { name: &'static str, value: String },
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        let mut leptos = get_configuration(None)
            .map_err(|e| ConfigError::Leptos(e.to_string()))?
            .leptos_options;
        if leptos.output_name.is_empty() {
            leptos.output_name = "hanh-trang".into();
        }
        // Outside `cargo leptos watch`, no live-reload script: production unless said otherwise.
        if var("LEPTOS_ENV").is_none() {
            leptos.env = Env::PROD;
        }
        let bind = match var("BIND_ADDR") {
            Some(v) => v.parse().map_err(|_| ConfigError::Invalid {
                name: "BIND_ADDR",
                value: v,
            })?,
            None => leptos.site_addr,
        };
        let seed_workers = match var("SEED_WORKERS") {
            Some(v) => v.parse().map_err(|_| ConfigError::Invalid {
                name: "SEED_WORKERS",
                value: v,
            })?,
            None => app::backend::seed::DEFAULT_WORKERS,
        };
        let demo = match var("DEMO")
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("0" | "false" | "no") => false,
            Some("1" | "true" | "yes") => true,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "DEMO",
                    value: other.to_owned(),
                })
            }
        };
        let public_url = var("PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}"));
        let mut auth = app::backend::auth::Settings {
            public_url: public_url.clone(),
            ..Default::default()
        };
        if let Some(v) = var("SIGNIN_ADDRESS_LIMIT") {
            auth.address_failures = v.parse().map_err(|_| ConfigError::Invalid {
                name: "SIGNIN_ADDRESS_LIMIT",
                value: v,
            })?;
        }
        let import_lease = match var("IMPORT_LEASE_SECS") {
            Some(v) => match v.parse::<u64>() {
                Ok(secs) if secs >= 1 => std::time::Duration::from_secs(secs),
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "IMPORT_LEASE_SECS",
                        value: v,
                    })
                }
            },
            None => std::time::Duration::from_secs(15),
        };
        let mail_from = var("MAIL_FROM")
            .unwrap_or_else(|| format!("Hành Trang <no-reply@{}>", auth.mail_domain()));
        Ok(Config {
            public_url,
            smtp_url: var("SMTP_URL"),
            mail_dir: var("MAIL_DIR").map_or_else(|| "data/mail".into(), Into::into),
            mail_from,
            auth,
            import_lease,
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            bind,
            leptos,
            demo,
            seed_workers,
            json_logs: var("LOG_FORMAT").is_some_and(|v| v.eq_ignore_ascii_case("json")),
        })
    }
}

/// For SQLite URLs naming a file, the folder that must exist before connecting.
pub fn sqlite_parent_dir(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    if path.is_empty() || path.starts_with(":memory:") {
        return None;
    }
    std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(|p| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_of_a_sqlite_file_is_found_in_its_url() {
        assert_eq!(sqlite_parent_dir(DEFAULT_DATABASE_URL), Some("data".into()));
        assert_eq!(
            sqlite_parent_dir("sqlite:/tmp/x/y.db"),
            Some("/tmp/x".into())
        );
        assert_eq!(sqlite_parent_dir("sqlite::memory:"), None);
        assert_eq!(sqlite_parent_dir("postgres://u@h/db"), None);
    }
}
