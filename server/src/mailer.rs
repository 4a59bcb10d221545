//! The email sender: takes due messages from the outbox and delivers them over SMTP (or writes
//! them as .eml files when no SMTP server is configured). A failure leaves the message in the
//! outbox with a later attempt time; a restart picks up where it stopped.

use std::path::PathBuf;
use std::time::Duration;

use app::backend::entity::outbox;
use app::backend::{outbox as queue, Backend};
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};

/// Where mail goes.
#[derive(Clone)]
pub enum Delivery {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl Delivery {
    pub fn from_config(smtp_url: Option<&str>, mail_dir: PathBuf) -> anyhow::Result<Delivery> {
        Ok(match smtp_url {
            Some(url) => Delivery::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
                    .timeout(Some(Duration::from_secs(10)))
                    .build(),
            ),
            None => {
                std::fs::create_dir_all(&mail_dir)?;
                Delivery::Files(mail_dir)
            }
        })
    }

    pub fn describe(&self) -> String {
        match self {
            Delivery::Smtp(_) => "SMTP".into(),
            Delivery::Files(dir) => format!(".eml files in {}", dir.display()),
        }
    }
}

/// The Message-ID fixed when the message entered the outbox, so a retry is the same message.
#[derive(Clone)]
struct FixedMessageId(String);

impl Header for FixedMessageId {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Message-ID")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(FixedMessageId(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

fn build(row: &outbox::Model, from: &Mailbox) -> anyhow::Result<Message> {
    Ok(Message::builder()
        .from(from.clone())
        .to(row.recipient.parse()?)
        .subject(row.subject.clone())
        .header(FixedMessageId(row.message_id.clone()))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(row.body_text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(row.body_html.clone()),
                ),
        )?)
}

async fn deliver(delivery: &Delivery, message: Message) -> anyhow::Result<()> {
    match delivery {
        Delivery::Smtp(transport) => {
            transport.send(message).await?;
        }
        Delivery::Files(dir) => {
            AsyncFileTransport::<Tokio1Executor>::new(dir)
                .send(message)
                .await?;
        }
    }
    Ok(())
}

/// Sends what is due once; returns how many went out.
pub async fn send_due(
    backend: &Backend,
    delivery: &Delivery,
    from: &Mailbox,
) -> anyhow::Result<usize> {
    let now = backend.clock.now();
    let mut sent = 0;
    for row in queue::due(&backend.db, now, 20).await? {
        if !queue::claim(&backend.db, &row, backend.clock.now()).await? {
            continue;
        }
        let result = match build(&row, from) {
            Ok(message) => deliver(delivery, message).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                queue::mark_sent(&backend.db, row.id, backend.clock.now()).await?;
                tracing::info!(id = row.id, kind = %row.kind, "email sent");
                sent += 1;
            }
            Err(e) => {
                // The address is personal data: log the outbox id, not the recipient.
                tracing::warn!(id = row.id, kind = %row.kind, attempts = row.attempts + 1, error = %e, "email not sent; will retry");
                queue::mark_failed(&backend.db, &row, backend.clock.now(), &e.to_string()).await?;
            }
        }
    }
    Ok(sent)
}

/// Runs the sender forever, polling every `every`.
pub async fn run(backend: Backend, delivery: Delivery, from: Mailbox, every: Duration) {
    loop {
        if let Err(e) = send_due(&backend, &delivery, &from).await {
            tracing::error!(error = %e, "outbox sender failed; retrying");
        }
        tokio::time::sleep(every).await;
    }
}
