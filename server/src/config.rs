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
    /// `COUNT_STATEMENTS=1`: count the SQL statements the pages send and answer the count at
    /// `/_statements`, for the benchmark. Off by default.
    pub count_statements: bool,
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
    /// `SECRET_KEY`, and during a rotation `SECRET_KEY_PREVIOUS` (comma-separated): the keys
    /// that seal the audit trail and encrypt TOTP secrets. Required outside demo mode.
    pub keys: Option<app::backend::keys::Keys>,
}

/// Where demo mode keeps the secret key it makes for itself when none is configured.
pub const DEMO_KEY_FILE: &str = "data/secret-key";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("leptos configuration: {0}")]
    Leptos(String),
    #[error("{name} is not valid: {value}")]
    Invalid { name: &'static str, value: String },
    #[error("{name}: {reason}")]
    Key {
        name: &'static str,
        reason: app::backend::keys::KeyError,
    },
    #[error(
        "SECRET_KEY is not set. It seals the audit trail and encrypts second factors, and must \
         never be stored in the database: make one with `server key new`, keep it in the \
         server's environment (see the README's security section), or run the demo with DEMO=1"
    )]
    NoKey,
    #[error("the demo's key file {path}: {reason}")]
    KeyFile { path: String, reason: String },
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A yes/no setting: unset, 0, false or no is off; 1, true or yes is on; anything else an error.
fn flag(name: &'static str) -> Result<bool, ConfigError> {
    match var(name).as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("0" | "false" | "no") => Ok(false),
        Some("1" | "true" | "yes") => Ok(true),
        Some(other) => Err(ConfigError::Invalid {
            name,
            value: other.to_owned(),
        }),
    }
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
        let demo = flag("DEMO")?;
        let count_statements = flag("COUNT_STATEMENTS")?;
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
        if let Some(v) = var("SIGNUP_ADDRESS_LIMIT") {
            auth.signup_address_limit = match v.parse::<i32>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "SIGNUP_ADDRESS_LIMIT",
                        value: v,
                    })
                }
            };
        }
        if let Some(v) = var("FILING_ADDRESS_LIMIT") {
            auth.anonymous_per_address = match v.parse::<i32>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "FILING_ADDRESS_LIMIT",
                        value: v,
                    })
                }
            };
        }
        if let Some(v) = var("EXPORT_ROW_CAP") {
            auth.export_row_cap = match v.parse::<u64>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "EXPORT_ROW_CAP",
                        value: v,
                    })
                }
            };
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
        let keys = match var("SECRET_KEY") {
            Some(current) => {
                let previous = var("SECRET_KEY_PREVIOUS").unwrap_or_default();
                let previous: Vec<&str> = previous
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect();
                Some(
                    app::backend::keys::Keys::parse(&current, &previous).map_err(|reason| {
                        ConfigError::Key {
                            name: "SECRET_KEY",
                            reason,
                        }
                    })?,
                )
            }
            None => None,
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
            keys,
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            bind,
            leptos,
            demo,
            seed_workers,
            count_statements,
            json_logs: var("LOG_FORMAT").is_some_and(|v| v.eq_ignore_ascii_case("json")),
        })
    }
}

impl Config {
    /// The configured keys; in demo mode without `SECRET_KEY`, the demo's own key, made into
    /// `data/secret-key` on first use (readable by its owner only).
    pub fn keys(&self) -> Result<app::backend::keys::Keys, ConfigError> {
        if let Some(keys) = &self.keys {
            return Ok(keys.clone());
        }
        if !self.demo {
            return Err(ConfigError::NoKey);
        }
        let path = std::path::Path::new(DEMO_KEY_FILE);
        let fail = |reason: String| ConfigError::KeyFile {
            path: DEMO_KEY_FILE.to_owned(),
            reason,
        };
        if !path.exists() {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
            }
            write_private(path, &app::backend::keys::Keys::new_secret())
                .map_err(|e| fail(e.to_string()))?;
        }
        let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
        app::backend::keys::Keys::parse(&text, &[]).map_err(|e| fail(e.to_string()))
    }
}

/// Creates a file only its owner can read, failing if it already exists.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")
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
