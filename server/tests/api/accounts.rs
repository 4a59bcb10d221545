//! Accounts, sessions, throttling, two-factor, reset and invitation mail, CSRF, the access
//! matrix and the audit chain, against the real router and a real SMTP server.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use app::backend::audit::{self, Verification};
use app::backend::entity::{audit_log, outbox, session, user};
use app::backend::{secrets, Clock};
use app::domain::accounts::Role;
use chrono::TimeDelta;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::{json, Value};

use crate::helpers::{add_case, spawn_app, AgencyFixture, TestApp, Who, EVERYONE, SIGNED_IN};

pub const PASSWORD: &str = "hoa sen trong đầm 2026";
const SECRET: &str = "HANHTRANGDEMOKEYHANHTRANGDEMOKEY";

impl TestApp {
    /// A form POST as a browser on this site sends it.
    pub async fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self
            .client
            .post(format!("{}{path}", self.address))
            .header("origin", &self.address)
            .form(fields);
        if let Some(c) = cookie {
            req = req.header("cookie", format!("ht_session={c}"));
        }
        req.send().await.expect("request sent")
    }

    /// Signs up and confirms from the link the outbox holds, as the person would: the answer to
    /// the confirmation (303 to /account, with a session).
    pub async fn sign_up(&self, email: &str, citizen_id: &str) -> reqwest::Response {
        let res = self
            .post_form("/signup", &signup_fields(email, citizen_id), None)
            .await;
        assert_eq!(res.status().as_u16(), 200, "the sign-up is taken");
        let token = self
            .confirmation_token(email)
            .await
            .expect("a confirmation link");
        self.confirm(&token).await
    }

    pub async fn confirm(&self, token: &str) -> reqwest::Response {
        self.post_form(
            &format!("/signup/confirm?token={token}"),
            &[("_action", "confirm_signup"), ("token", token)],
            None,
        )
        .await
    }

    /// The token of the newest confirmation link mailed to `email`.
    pub async fn confirmation_token(&self, email: &str) -> Option<String> {
        let mail = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("signup_confirmation"))
            .filter(outbox::Column::Recipient.eq(email))
            .order_by_desc(outbox::Column::Id)
            .one(&self.db)
            .await
            .unwrap()?;
        let at = mail.body_text.find("/signup/confirm?token=")? + "/signup/confirm?token=".len();
        Some(mail.body_text[at..].split_whitespace().next()?.to_owned())
    }

    pub async fn sign_in(&self, identifier: &str, password: &str) -> reqwest::Response {
        self.post_form(
            "/signin",
            &[
                ("_action", "signin"),
                ("identifier", identifier),
                ("password", password),
            ],
            None,
        )
        .await
    }

    pub async fn get_as(&self, path: &str, cookie: &str) -> (u16, String) {
        let res = self
            .client
            .get(format!("{}{path}", self.address))
            .header("cookie", format!("ht_session={cookie}"))
            .send()
            .await
            .expect("request sent");
        (res.status().as_u16(), res.text().await.expect("body"))
    }

    pub async fn call(&self, path: &str, body: &Value, cookie: Option<&str>) -> (u16, String) {
        let mut req = self
            .client
            .post(format!("{}{path}", self.address))
            .json(body);
        if let Some(c) = cookie {
            req = req.header("cookie", format!("ht_session={c}"));
        }
        let res = req.send().await.expect("request sent");
        (res.status().as_u16(), res.text().await.expect("body"))
    }

    /// A staff or worker account with the test password (and TOTP for staff).
    pub async fn add_user(
        &self,
        email: &str,
        role: Role,
        agency: Option<i32>,
        province: Option<&str>,
        worker: Option<i32>,
    ) -> i32 {
        let hash = self.backend.hasher.hash(PASSWORD.into()).await.unwrap();
        let now = self.clock.now();
        let id = user::ActiveModel {
            role: Set(role.as_str().into()),
            status: Set("active".into()),
            full_name: Set(format!("Người {}", role.as_str())),
            email: Set(email.into()),
            lang: Set("vi".into()),
            agency_id: Set(agency),
            province_code: Set(province.map(Into::into)),
            worker_id: Set(worker),
            password_hash: Set(Some(hash)),
            totp_confirmed_at: Set(role.is_staff().then_some(now)),
            email_confirmed_at: Set(Some(now)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id;
        if role.is_staff() {
            // Sealed for its row, as the server stores every second factor.
            let sealed = self
                .backend
                .keys
                .seal(&app::backend::auth::totp_context(id), SECRET);
            user::ActiveModel {
                id: Set(id),
                totp_secret: Set(Some(sealed)),
                ..Default::default()
            }
            .update(&self.db)
            .await
            .unwrap();
        }
        id
    }

    /// A fully signed-in session for a user, straight in the database.
    pub async fn session_for(&self, user_id: i32) -> String {
        let token = secrets::new_token();
        let now = self.clock.now();
        session::ActiveModel {
            id: Set(secrets::token_hash(&token)),
            user_id: Set(user_id),
            stage: Set("full".into()),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(now + TimeDelta::hours(12)),
            ended_at: Set(None),
            address: Set(None),
            user_agent: Set(None),
        }
        .insert(&self.db)
        .await
        .unwrap();
        token
    }

    pub fn code_now(&self) -> String {
        secrets::totp_code(SECRET, self.clock.now().timestamp() / 30).unwrap()
    }
}

pub fn session_cookie(res: &reqwest::Response) -> Option<(String, String)> {
    res.headers().get_all("set-cookie").iter().find_map(|v| {
        let s = v.to_str().ok()?;
        let value = s.strip_prefix("ht_session=")?.split(';').next()?.to_owned();
        (!value.is_empty()).then(|| (value, s.to_owned()))
    })
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

pub fn signup_fields<'a>(email: &'a str, citizen_id: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_action", "signup"),
        ("full_name", "Nguyễn Thị Lan"),
        ("citizen_id", citizen_id),
        ("birth_date", "2001-05-02"),
        ("sex", "female"),
        ("phone", "0912345678"),
        ("email", email),
        ("password", PASSWORD),
    ]
}

#[test]
fn a_worker_signs_up_and_gets_an_http_only_same_site_session() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let res = app.sign_up("lan@example.vn", "001301012345").await;
        assert_eq!(res.status().as_u16(), 303);
        assert_eq!(location(&res), "/orders");
        let (token, raw) = session_cookie(&res).expect("a session cookie");
        assert!(
            raw.contains("HttpOnly") && raw.contains("SameSite=Lax"),
            "{raw}"
        );
        assert!(!raw.contains("Secure"), "no Secure flag over plain http");
        let (status, body) = app.get_as("/account", &token).await;
        assert_eq!(status, 200);
        assert!(body.contains("lan@example.vn"));
    })
}

#[test]
fn bad_sign_up_fields_are_shown_next_to_them_and_what_was_typed_is_kept() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let mut fields = signup_fields("lan@example.vn", "001201012345");
        fields.retain(|(k, _)| *k != "phone");
        fields.push(("phone", "12"));
        let res = app.post_form("/signup", &fields, None).await;
        assert_eq!(res.status().as_u16(), 422);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("data-testid=\"error-citizen_id\""),
            "citizen ID disagrees with the sex"
        );
        assert!(body.contains("data-testid=\"error-phone\""));
        assert!(
            body.contains("value=\"lan@example.vn\""),
            "the email is kept"
        );
        assert!(!body.contains(PASSWORD), "the password is never echoed");
        assert_eq!(user::Entity::find().count(&app.db).await.unwrap(), 0);
    })
}

#[test]
fn a_second_sign_up_with_the_same_citizen_id_does_not_name_the_holder_and_tells_them() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        app.sign_up("lan@example.vn", "001301012345").await;
        let res = app
            .post_form(
                "/signup",
                &signup_fields("other@example.vn", "001301012345"),
                None,
            )
            .await;
        assert_eq!(
            res.status().as_u16(),
            200,
            "the answer says nothing of the holder"
        );
        let body = res.text().await.unwrap();
        assert!(body.contains("data-testid=\"form-notice\""));
        assert!(!body.contains("lan@example.vn"));
        // The new address proves itself; the account made has no record and no citizen ID.
        let confirmed = app
            .confirm(&app.confirmation_token("other@example.vn").await.unwrap())
            .await;
        assert_eq!(location(&confirmed), "/account");
        let other = user::Entity::find()
            .filter(user::Column::Email.eq("other@example.vn"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((other.worker_id, other.citizen_id), (None, None));
        let told = || async {
            outbox::Entity::find()
                .filter(outbox::Column::Kind.eq("signup_attempt"))
                .filter(outbox::Column::Recipient.eq("lan@example.vn"))
                .count(&app.db)
                .await
                .unwrap()
        };
        assert_eq!(told().await, 1, "the holder is told");
        // Again the same day: told at most once a day.
        app.post_form(
            "/signup",
            &signup_fields("third@example.vn", "001301012345"),
            None,
        )
        .await;
        app.confirm(&app.confirmation_token("third@example.vn").await.unwrap())
            .await;
        assert_eq!(told().await, 1, "at most once a day");
    })
}

#[test]
fn a_sign_up_answers_the_same_whatever_is_on_record_and_makes_no_account_before_its_link() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        app.sign_up("lan@example.vn", "001301012345").await;
        let answer = |email: &'static str, cid: &'static str| {
            let app = &app;
            async move {
                let res = app
                    .post_form("/signup", &signup_fields(email, cid), None)
                    .await;
                let status = res.status().as_u16();
                let body = res.text().await.unwrap();
                let notice = body
                    .find("data-testid=\"form-notice\"")
                    .map(|at| body[at..].split('<').next().unwrap_or_default().to_owned());
                (status, notice)
            }
        };
        let fresh = answer("new@example.vn", "001301012346").await;
        let id_taken = answer("new2@example.vn", "001301012345").await;
        let email_taken = answer("lan@example.vn", "001301012347").await;
        assert_eq!(fresh.0, 200);
        assert!(fresh.1.is_some(), "a notice is shown");
        assert_eq!(fresh, id_taken);
        assert_eq!(fresh, email_taken);
        // Nothing exists until the link is used: no account, no worker record.
        for email in ["new@example.vn", "new2@example.vn"] {
            assert!(user::Entity::find()
                .filter(user::Column::Email.eq(email))
                .one(&app.db)
                .await
                .unwrap()
                .is_none());
        }
        assert!(app::backend::entity::worker::Entity::find()
            .filter(app::backend::entity::worker::Column::CitizenId.eq("001301012346"))
            .one(&app.db)
            .await
            .unwrap()
            .is_none());
        // Each new address received a confirmation link; the taken one only a word to its holder.
        assert!(app.confirmation_token("new@example.vn").await.is_some());
        assert!(app.confirmation_token("new2@example.vn").await.is_some());
        let to_holder = outbox::Entity::find()
            .filter(outbox::Column::Recipient.eq("lan@example.vn"))
            .filter(outbox::Column::Kind.eq("signup_confirmation"))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(to_holder, 1, "only the holder's own first sign-up link");
        // A link works once.
        let token = app.confirmation_token("new@example.vn").await.unwrap();
        assert_eq!(location(&app.confirm(&token).await), "/orders");
        let again = app.confirm(&token).await;
        assert_ne!(location(&again), "/orders");
    })
}

#[test]
fn an_unknown_user_and_a_wrong_password_get_the_same_answer() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        app.sign_up("lan@example.vn", "001301012345").await;
        let wrong = app.sign_in("lan@example.vn", "not it at all").await;
        let unknown = app.sign_in("nobody@example.vn", "not it at all").await;
        assert_eq!(wrong.status(), unknown.status());
        let a = wrong.text().await.unwrap();
        let b = unknown.text().await.unwrap();
        let message = |s: &str| {
            let rest = &s[s.find("data-testid=\"form-error\"")?..];
            let text = &rest[rest.find('>')? + 1..];
            Some(text.split('<').next().unwrap_or("").to_owned())
        };
        assert!(message(&a).is_some());
        assert_eq!(message(&a), message(&b));
    })
}

#[test]
fn a_worker_signs_in_with_the_citizen_id_too() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        app.sign_up("lan@example.vn", "001301012345").await;
        let res = app.sign_in("0013 0101 2345", PASSWORD).await;
        assert_eq!(location(&res), "/orders");
        assert!(session_cookie(&res).is_some());
    })
}

#[test]
fn five_wrong_passwords_lock_the_account_even_against_the_right_one() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        app.sign_up("lan@example.vn", "001301012345").await;
        for _ in 0..5 {
            let res = app.sign_in("lan@example.vn", "wrong password").await;
            assert!(res
                .text()
                .await
                .unwrap()
                .contains("Sai thông tin đăng nhập"));
        }
        let res = app.sign_in("lan@example.vn", PASSWORD).await;
        assert!(session_cookie(&res).is_none());
        assert!(res.text().await.unwrap().contains("Quá nhiều lần"));
        // After the lockout the right password works again.
        app.clock.advance(TimeDelta::minutes(16));
        let res = app.sign_in("lan@example.vn", PASSWORD).await;
        assert!(session_cookie(&res).is_some());
    })
}

#[test]
fn staff_need_a_code_after_the_password_and_a_code_works_once() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        app.add_user("thanhtra@example.vn", Role::Inspector, None, None, None)
            .await;
        let res = app.sign_in("thanhtra@example.vn", PASSWORD).await;
        assert_eq!(location(&res), "/signin/code");
        let (pending, _) = session_cookie(&res).unwrap();
        let (status, _) = app
            .call(
                "/api/audit/entries",
                &json!({"query": {"actor": "", "agency": "", "case": "", "page": 1}}),
                Some(&pending),
            )
            .await;
        assert_eq!(status, 401, "a half-signed-in session is not signed in");
        let code = app.code_now();
        let res = app
            .post_form(
                "/signin/code",
                &[("_action", "signin_code"), ("code", &code)],
                Some(&pending),
            )
            .await;
        assert_eq!(location(&res), "/overview");
        let (full, _) = session_cookie(&res).unwrap();
        assert_ne!(full, pending, "a new session id once signed in");
        let (status, _) = app
            .call(
                "/api/audit/entries",
                &json!({"query": {"actor": "", "agency": "", "case": "", "page": 1}}),
                Some(&full),
            )
            .await;
        assert_eq!(status, 200);
        // The same code again is a replay.
        let res = app.sign_in("thanhtra@example.vn", PASSWORD).await;
        let (pending, _) = session_cookie(&res).unwrap();
        let res = app
            .post_form(
                "/signin/code",
                &[("_action", "signin_code"), ("code", &code)],
                Some(&pending),
            )
            .await;
        assert!(session_cookie(&res).is_none());
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("data-testid=\"form-error\""));
    })
}

#[test]
fn a_cross_origin_post_is_refused() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let res = app
            .client
            .post(format!("{}/signin", app.address))
            .header("origin", "https://evil.example")
            .form(&[
                ("_action", "signin"),
                ("identifier", "x@y.vn"),
                ("password", "whatever1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 403);
        let res = app
            .client
            .post(format!("{}/api/account/me", app.address))
            .header("sec-fetch-site", "cross-site")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 403);
        let res = app.sign_in("x@y.vn", "whatever1").await;
        assert_eq!(
            res.status().as_u16(),
            422,
            "the same POST from the site itself is answered"
        );
    })
}

/// The nonce a page's Content-Security-Policy allows, and every nonce its scripts carry.
fn nonces(res_csp: &str, html: &str) -> (String, Vec<String>) {
    let allowed = res_csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {res_csp}"))
        .to_owned();
    let used = html
        .split("nonce=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect();
    (allowed, used)
}

#[test]
fn the_sign_in_registry_404_and_422_pages_allow_exactly_the_nonce_their_scripts_carry_a_new_one_each_time(
) {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let mut seen = std::collections::HashSet::new();
        // A plain page, the registry, a page that does not exist, and a form answered with 422.
        let mut answers = Vec::new();
        for path in ["/signin", "/agencies", "/no-such-page", "/signin"] {
            answers.push(app.get(path).await);
        }
        answers.push(app.sign_in("x@y.vn", "whatever1").await);
        for res in answers {
            let status = res.status().as_u16();
            let csp = res
                .headers()
                .get("content-security-policy")
                .expect("a policy on every page")
                .to_str()
                .expect("ascii")
                .to_owned();
            assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
            assert!(!csp.contains("unsafe-inline"), "{csp}");
            let html = res.text().await.expect("body");
            let (allowed, used) = nonces(&csp, &html);
            assert!(
                !used.is_empty(),
                "status {status}: the page has nonced scripts"
            );
            assert!(
                used.iter().all(|n| *n == allowed),
                "status {status}: scripts carry {used:?}, the policy allows {allowed}"
            );
            assert!(seen.insert(allowed), "a nonce is never reused");
        }
    })
}

#[test]
fn an_idle_session_ends_and_so_does_a_disabled_users() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let worker = app
            .add_user("w@example.vn", Role::Worker, None, None, None)
            .await;
        let token = app.session_for(worker).await;
        assert_eq!(
            app.call("/api/account/view", &json!({}), Some(&token))
                .await
                .0,
            200
        );
        app.clock.advance(TimeDelta::minutes(31));
        assert_eq!(
            app.call("/api/account/view", &json!({}), Some(&token))
                .await
                .0,
            401
        );

        let admin = app
            .add_user("admin@example.vn", Role::SystemAdmin, None, None, None)
            .await;
        let admin_session = app.session_for(admin).await;
        let staff = app
            .add_user("staff@example.vn", Role::Inspector, None, None, None)
            .await;
        let staff_session = app.session_for(staff).await;
        assert_eq!(
            app.call("/api/account/view", &json!({}), Some(&staff_session))
                .await
                .0,
            200
        );
        let staff_id = staff.to_string();
        let res = app
            .post_form(
                "/admin/users",
                &[
                    ("_action", "set_status"),
                    ("user_id", &staff_id),
                    ("status", "disabled"),
                ],
                Some(&admin_session),
            )
            .await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(
            app.call("/api/account/view", &json!({}), Some(&staff_session))
                .await
                .0,
            401
        );
    })
}

#[test]
fn one_can_end_ones_own_session_but_not_someone_elses() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let a = app
            .add_user("a@example.vn", Role::Worker, None, None, None)
            .await;
        let b = app
            .add_user("b@example.vn", Role::Worker, None, None, None)
            .await;
        let a1 = app.session_for(a).await;
        let a2 = app.session_for(a).await;
        let b1 = app.session_for(b).await;
        let b1_id = secrets::token_hash(&b1);
        app.post_form(
            "/account",
            &[("_action", "revoke_session"), ("session", &b1_id)],
            Some(&a1),
        )
        .await;
        assert_eq!(
            app.call("/api/account/view", &json!({}), Some(&b1)).await.0,
            200,
            "another's session survives"
        );
        let a2_id = secrets::token_hash(&a2);
        app.post_form(
            "/account",
            &[("_action", "revoke_session"), ("session", &a2_id)],
            Some(&a1),
        )
        .await;
        assert_eq!(
            app.call("/api/account/view", &json!({}), Some(&a2)).await.0,
            401
        );
        assert_eq!(
            app.call("/api/account/view", &json!({}), Some(&a1)).await.0,
            200
        );
    })
}

/// A real SMTP server (end2end/smtp-sink.mjs) on a free loopback port.
struct SmtpSink {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl SmtpSink {
    fn start(fail_first: u32) -> SmtpSink {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end");
        assert!(
            root.join("node_modules/smtp-server").exists(),
            "run `npm ci` in end2end/ first: the tests' SMTP server is nodemailer's smtp-server"
        );
        let dir =
            std::env::temp_dir().join(format!("hanh-trang-mail-{}", uuid::Uuid::new_v4().simple()));
        let mut child = Command::new("node")
            .arg(root.join("smtp-sink.mjs"))
            .args(["--port", "0", "--dir"])
            .arg(&dir)
            .args(["--fail-first", &fail_first.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("node runs the SMTP sink");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("listening ")
            .unwrap()
            .parse()
            .unwrap();
        SmtpSink { child, port, dir }
    }

    fn delivery(&self) -> server::mailer::Delivery {
        server::mailer::Delivery::from_config(
            Some(&format!("smtp://127.0.0.1:{}", self.port)),
            self.dir.clone(),
        )
        .unwrap()
    }

    fn received(&self) -> Vec<Value> {
        let mut files: Vec<_> = std::fs::read_dir(&self.dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "json"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

async fn send_mail(app: &TestApp, sink: &SmtpSink) -> usize {
    let from = "Hành Trang <no-reply@hanhtrang.test>".parse().unwrap();
    server::mailer::send_due(&app.backend, &sink.delivery(), &from)
        .await
        .unwrap()
}

fn link(mail: &Value, path: &str) -> String {
    let text = mail["text"].as_str().unwrap();
    let start = text.find(path).expect("the link is in the mail");
    let rest = &text[start..];
    rest.split_whitespace().next().unwrap().to_owned()
}

#[test]
fn a_reset_link_arrives_over_smtp_works_once_ends_every_session_and_is_cleared_from_the_outbox() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let sink = SmtpSink::start(0);
        let res = app.sign_up("lan@example.vn", "001301012345").await;
        // The sign-up's confirmation link is not this test's mail.
        outbox::Entity::delete_many().exec(&app.db).await.unwrap();
        let (old_session, _) = session_cookie(&res).unwrap();
        // A second session of the same person, as from another device.
        let lan = user::Entity::find()
            .filter(user::Column::Email.eq("lan@example.vn"))
            .one(&app.db)
            .await
            .unwrap()
            .expect("the worker signed up")
            .id;
        let other_session = app.session_for(lan).await;
        assert_eq!(
            app.call("/api/account/view", &json!({}), Some(&other_session))
                .await
                .0,
            200
        );
        let res = app
            .post_form(
                "/password/forgot",
                &[("_action", "forgot"), ("email", "lan@example.vn")],
                None,
            )
            .await;
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("data-testid=\"form-notice\""));
        let unknown = app
            .post_form(
                "/password/forgot",
                &[("_action", "forgot"), ("email", "nobody@example.vn")],
                None,
            )
            .await;
        assert!(
            unknown
                .text()
                .await
                .unwrap()
                .contains("data-testid=\"form-notice\""),
            "the same answer for an unknown address"
        );
        assert_eq!(send_mail(&app, &sink).await, 1);
        let mails = sink.received();
        assert_eq!(mails.len(), 1);
        // Sent, the stored copy keeps its metadata but no longer the link.
        let stored = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("password_reset"))
            .one(&app.db)
            .await
            .unwrap()
            .expect("the reset mail is on record");
        assert!(stored.sent_at.is_some());
        assert_eq!(stored.recipient, "lan@example.vn");
        assert_eq!(
            (stored.body_text.as_str(), stored.body_html.as_str()),
            (app::backend::outbox::CLEARED, app::backend::outbox::CLEARED)
        );
        assert_eq!(mails[0]["to"], "lan@example.vn");
        assert!(mails[0]["subject"].as_str().unwrap().contains("mật khẩu"));
        let path = link(&mails[0], "/password/reset?token=");
        let token = path.split("token=").nth(1).unwrap().to_owned();
        let stored: Vec<String> = app::backend::entity::one_time_token::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.token_hash)
            .collect();
        assert!(
            !stored.contains(&token) && stored.contains(&secrets::token_hash(&token)),
            "only the hash is stored"
        );
        let new_password = "một mật khẩu mới hoàn toàn";
        let res = app
            .post_form(
                &path,
                &[
                    ("_action", "reset"),
                    ("token", &token),
                    ("password", new_password),
                ],
                None,
            )
            .await;
        assert_eq!(location(&res), "/signin?reset=1");
        assert_eq!(
            app.call("/api/account/view", &json!({}), Some(&old_session))
                .await
                .0,
            401,
            "sessions end on reset"
        );
        assert_eq!(
            app.call("/api/account/view", &json!({}), Some(&other_session))
                .await
                .0,
            401,
            "every session of the person ends on reset"
        );
        let res = app
            .post_form(
                &path,
                &[
                    ("_action", "reset"),
                    ("token", &token),
                    ("password", "yet another passphrase"),
                ],
                None,
            )
            .await;
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("data-testid=\"form-error\""),
            "the link works once"
        );
        let res = app.sign_in("lan@example.vn", new_password).await;
        assert!(session_cookie(&res).is_some());
    })
}

#[test]
fn an_invitation_arrives_over_smtp_and_leads_through_two_factor_setup() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let sink = SmtpSink::start(0);
        let admin = app
            .add_user("admin@example.vn", Role::SystemAdmin, None, None, None)
            .await;
        let admin_session = app.session_for(admin).await;
        let res = app
            .post_form(
                "/admin/users",
                &[
                    ("_action", "invite"),
                    ("email", "hung@example.vn"),
                    ("full_name", "Trần Quốc Hùng"),
                    ("role", "inspector"),
                    ("agency_id", ""),
                    ("province_code", ""),
                ],
                Some(&admin_session),
            )
            .await;
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("data-testid=\"form-notice\""));
        send_mail(&app, &sink).await;
        let mails = sink.received();
        assert_eq!(mails[0]["to"], "hung@example.vn");
        let path = link(&mails[0], "/invitation?token=");
        let token = path.split("token=").nth(1).unwrap().to_owned();
        let (status, page) = app.page(&path).await;
        assert_eq!(status, 200);
        assert!(page.contains("hung@example.vn"));
        let res = app
            .post_form(
                &path,
                &[
                    ("_action", "accept_invitation"),
                    ("token", &token),
                    ("password", PASSWORD),
                ],
                None,
            )
            .await;
        assert_eq!(location(&res), "/account/totp");
        let (setup_session, _) = session_cookie(&res).unwrap();
        let (status, _) = app
            .call("/api/account/view", &json!({}), Some(&setup_session))
            .await;
        assert_eq!(
            status, 401,
            "nothing but two-factor set-up before it is done"
        );
        let (status, body) = app
            .call("/api/account/totp", &json!({}), Some(&setup_session))
            .await;
        assert_eq!(status, 200);
        let setup: Value = serde_json::from_str(&body).unwrap();
        let secret = setup["secret_grouped"].as_str().unwrap().replace(' ', "");
        let code = secrets::totp_code(&secret, app.clock.now().timestamp() / 30).unwrap();
        let res = app
            .post_form(
                "/account/totp",
                &[("_action", "totp_confirm"), ("code", &code)],
                Some(&setup_session),
            )
            .await;
        let (full, _) = session_cookie(&res).unwrap();
        let body = res.text().await.unwrap();
        assert_eq!(body.matches("<li><code>").count(), 10, "ten recovery codes");
        assert_eq!(
            app.call("/api/account/view", &json!({}), Some(&full))
                .await
                .0,
            200
        );
        // A recovery code signs in once.
        let recovery = body
            .split("<li><code>")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned();
        for expected_ok in [true, false] {
            let res = app.sign_in("hung@example.vn", PASSWORD).await;
            let (pending, _) = session_cookie(&res).unwrap();
            let res = app
                .post_form(
                    "/signin/code",
                    &[("_action", "signin_code"), ("code", &recovery)],
                    Some(&pending),
                )
                .await;
            assert_eq!(session_cookie(&res).is_some(), expected_ok);
        }
        // The invitation link is spent.
        let res = app
            .post_form(
                &path,
                &[
                    ("_action", "accept_invitation"),
                    ("token", &token),
                    ("password", PASSWORD),
                ],
                None,
            )
            .await;
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("data-testid=\"form-error\""));
    })
}

#[test]
fn mail_survives_an_smtp_refusal_and_is_resent_with_the_same_message_id() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let sink = SmtpSink::start(1);
        app.sign_up("lan@example.vn", "001301012345").await;
        // The sign-up's confirmation link is not this test's mail.
        outbox::Entity::delete_many().exec(&app.db).await.unwrap();
        app.post_form(
            "/password/forgot",
            &[("_action", "forgot"), ("email", "lan@example.vn")],
            None,
        )
        .await;
        assert_eq!(
            send_mail(&app, &sink).await,
            0,
            "the server refused the first try"
        );
        let row = outbox::Entity::find().one(&app.db).await.unwrap().unwrap();
        assert_eq!(row.attempts, 1);
        assert!(row.sent_at.is_none());
        assert_eq!(
            send_mail(&app, &sink).await,
            0,
            "not due again before the backoff"
        );
        app.clock.advance(TimeDelta::seconds(6));
        assert_eq!(send_mail(&app, &sink).await, 1);
        assert_eq!(send_mail(&app, &sink).await, 0, "never sent twice");
        let mails = sink.received();
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0]["messageId"].as_str().unwrap(), row.message_id);
    })
}

#[test]
fn an_agency_user_gets_404_for_another_agencys_case_and_the_refusal_is_audited() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let a = {
            let mut f = AgencyFixture::named("Công ty A", "001/2020/GP", "0100000001");
            f.markets = vec!["JP"];
            f
        }
        .insert(&app.db)
        .await;
        let b = {
            let mut f = AgencyFixture::named("Công ty B", "002/2020/GP", "0100000002");
            f.markets = vec!["TW"];
            f
        }
        .insert(&app.db)
        .await;
        let own = add_case(&app.db, a).await;
        let foreign = add_case(&app.db, b).await;
        let user = app
            .add_user("a.admin@example.vn", Role::AgencyAdmin, Some(a), None, None)
            .await;
        let token = app.session_for(user).await;
        let (status, body) = app.get_as(&format!("/cases/{}", own), &token).await;
        assert_eq!(status, 200);
        assert!(body.contains("data-testid=\"case-page\""));
        let (status, body) = app.get_as(&format!("/cases/{}", foreign), &token).await;
        assert_eq!(status, 404);
        assert!(!body.contains("data-testid=\"case-page\""));
        let denied = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("access.denied"))
            .filter(audit_log::Column::CaseId.eq(foreign))
            .filter(audit_log::Column::ActorUserId.eq(user))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(denied, 1);
        // An inspector browsing the trail sees who was refused, by email.
        let inspector = app
            .add_user("ins@example.vn", Role::Inspector, None, None, None)
            .await;
        let inspector = app.session_for(inspector).await;
        let query =
            json!({"query": {"actor": "a.admin@example.vn", "agency": "", "case": "", "page": 1}});
        let (status, body) = app
            .call("/api/audit/entries", &query, Some(&inspector))
            .await;
        assert_eq!(status, 200);
        let page: Value = serde_json::from_str(&body).unwrap();
        let rows = page["rows"].as_array().unwrap();
        assert!(rows.iter().any(|r| r["action"] == "access.denied"
            && r["case_id"] == foreign
            && r["actor"] == "a.admin@example.vn"));
    })
}

#[test]
fn the_audit_chain_verifies_and_names_the_first_altered_row() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        for i in 0..3 {
            let email = format!("w{i}@example.vn");
            let cid = format!("00130101234{i}");
            app.sign_up(&email, &cid).await;
        }
        let rows = audit_log::Entity::find().count(&app.db).await.unwrap();
        assert!(rows >= 6);
        assert_eq!(
            audit::verify(&app.db, &app.backend.keys, None)
                .await
                .unwrap(),
            Verification::Intact { rows }
        );
        let victim = audit_log::Entity::find()
            .order_by_asc(audit_log::Column::Id)
            .all(&app.db)
            .await
            .unwrap()[2]
            .clone();
        let mut altered: audit_log::ActiveModel = victim.clone().into();
        altered.action = Set("user.deleted".into());
        altered.update(&app.db).await.unwrap();
        match audit::verify(&app.db, &app.backend.keys, None)
            .await
            .unwrap()
        {
            Verification::Broken { row_id, .. } => assert_eq!(row_id, victim.id),
            other => panic!("tampering not found: {other:?}"),
        }
    })
}

// ------------------------------------------------------------------ the access matrix

/// One server function called against one's own record and (where records have owners) another
/// tenant's, with who may do each. Written out by hand, independently of the policy module.
struct Row {
    path: &'static str,
    own: Value,
    own_allowed: &'static [Who],
    foreign: Option<(Value, &'static [Who])>,
}

#[test]
fn every_server_function_allows_and_denies_every_role_as_the_policy_says() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let mut a = AgencyFixture::named("Công ty A", "001/2020/GP", "0100000001");
        a.province = ("01", "Hà Nội");
        a.markets = vec!["JP"];
        let a = a.insert(&app.db).await;
        let b = {
            let mut f = AgencyFixture::named("Công ty B", "002/2020/GP", "0100000002");
            f.markets = vec!["TW"];
            f
        }
        .insert(&app.db)
        .await;
        let own_case = add_case(&app.db, a).await;
        let foreign_case = add_case(&app.db, b).await;
        let own_case_row = app::backend::entity::case::Entity::find_by_id(own_case)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let own_order = own_case_row.job_order_id;
        let foreign_worker = app::backend::entity::case::Entity::find_by_id(foreign_case)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .worker_id;
        // The own case's worker is from Hà Nội (01), the foreign one from elsewhere.
        let mut w: app::backend::entity::worker::ActiveModel =
            app::backend::entity::worker::Entity::find_by_id(own_case_row.worker_id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .into();
        w.province_code = Set("01".into());
        w.update(&app.db).await.unwrap();
        let mut w: app::backend::entity::worker::ActiveModel =
            app::backend::entity::worker::Entity::find_by_id(foreign_worker)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .into();
        w.province_code = Set("79".into());
        w.update(&app.db).await.unwrap();

        let own_inspection = crate::helpers::add_inspection(&app.db, a, "open").await;
        let planned_inspection = crate::helpers::add_inspection(&app.db, a, "planned").await;
        let foreign_inspection = crate::helpers::add_inspection(&app.db, b, "open").await;

        let mut sessions = std::collections::BTreeMap::new();
        for (who, role, agency, province, worker) in [
            (
                Who::Worker,
                Role::Worker,
                None,
                None,
                Some(own_case_row.worker_id),
            ),
            (Who::AgencyAdmin, Role::AgencyAdmin, Some(a), None, None),
            (Who::AgencyStaff, Role::AgencyStaff, Some(a), None, None),
            (Who::Inspector, Role::Inspector, None, None, None),
            (
                Who::Provincial,
                Role::ProvincialOfficer,
                None,
                Some("01"),
                None,
            ),
            (Who::National, Role::NationalOfficer, None, None, None),
            (Who::SysAdmin, Role::SystemAdmin, None, None, None),
        ] {
            let id = app
                .add_user(
                    &format!("{who:?}@example.vn").to_lowercase(),
                    role,
                    agency,
                    province,
                    worker,
                )
                .await;
            // Matrix users have no second factor confirmed, so two-factor set-up is open to all.
            let mut u: user::ActiveModel = user::Entity::find_by_id(id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .into();
            u.totp_confirmed_at = Set(None);
            u.update(&app.db).await.unwrap();
            sessions.insert(who, app.session_for(id).await);
        }

        let audit_query = json!({"query": {"actor": "", "agency": "", "case": "", "page": 1}});
        // The own agency's complaint by the worker's account (from Hà Nội), another's by someone
        // without one, followed with a tracking code.
        let worker_user = user::Entity::find()
            .filter(user::Column::Email.eq("worker@example.vn"))
            .one(&app.db)
            .await
            .unwrap()
            .map(|u| u.id);
        let own_complaint = crate::helpers::add_complaint(&app.db, a, worker_user, "01").await;
        let foreign_complaint = crate::helpers::add_complaint(&app.db, b, None, "79").await;
        let tracking_code = app::backend::secrets::new_claim_code();
        let mut tracked: app::backend::entity::complaint::ActiveModel =
            app::backend::entity::complaint::Entity::find_by_id(foreign_complaint)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .into();
        tracked.tracking_hash = Set(Some(app::backend::secrets::token_hash(&tracking_code)));
        tracked.update(&app.db).await.unwrap();
        let rows = vec![
            Row {
                path: "/api/registry/search",
                own: json!({"filter": app::domain::agencies::RegistryFilter::default()}),
                own_allowed: EVERYONE,
                foreign: None,
            },
            Row {
                path: "/api/registry/agency",
                own: json!({"id": a}),
                own_allowed: EVERYONE,
                foreign: None,
            },
            Row {
                path: "/api/registry/summary",
                own: json!({}),
                own_allowed: EVERYONE,
                foreign: None,
            },
            Row {
                path: "/api/registry/markets",
                own: json!({}),
                own_allowed: EVERYONE,
                foreign: None,
            },
            Row {
                path: "/api/account/me",
                own: json!({}),
                own_allowed: EVERYONE,
                foreign: None,
            },
            Row {
                path: "/api/account/invitation",
                own: json!({"token": "nothing"}),
                own_allowed: EVERYONE,
                foreign: None,
            },
            Row {
                path: "/api/account/reset-link",
                own: json!({"token": "nothing"}),
                own_allowed: EVERYONE,
                foreign: None,
            },
            Row {
                path: "/api/account/signup-link",
                own: json!({"token": "nothing"}),
                own_allowed: EVERYONE,
                foreign: None,
            },
            Row {
                path: "/api/account/unlock-link",
                own: json!({"token": "nothing"}),
                own_allowed: EVERYONE,
                foreign: None,
            },
            Row {
                path: "/api/account/view",
                own: json!({}),
                own_allowed: SIGNED_IN,
                foreign: None,
            },
            Row {
                path: "/api/account/totp",
                own: json!({}),
                own_allowed: SIGNED_IN,
                foreign: None,
            },
            Row {
                path: "/api/province/claims",
                own: json!({}),
                own_allowed: &[Who::Provincial],
                foreign: None,
            },
            Row {
                path: "/api/admin/users",
                own: json!({}),
                own_allowed: &[Who::SysAdmin],
                foreign: None,
            },
            Row {
                path: "/api/agency/staff",
                own: json!({}),
                own_allowed: &[Who::AgencyAdmin, Who::SysAdmin],
                foreign: None,
            },
            Row {
                path: "/api/audit/entries",
                own: audit_query,
                own_allowed: &[
                    Who::Inspector,
                    Who::Provincial,
                    Who::National,
                    Who::SysAdmin,
                ],
                foreign: None,
            },
            Row {
                path: "/api/cases/board",
                own: json!({"filter": {"state": null, "order_id": null, "market": null, "overdue": false, "q": null, "page": 1}}),
                own_allowed: &[Who::AgencyAdmin, Who::AgencyStaff],
                foreign: None,
            },
            Row {
                path: "/api/cases/view",
                own: json!({"id": own_case}),
                own_allowed: &[
                    Who::Worker,
                    Who::AgencyAdmin,
                    Who::AgencyStaff,
                    Who::Inspector,
                    Who::Provincial,
                    Who::National,
                ],
                foreign: Some((
                    json!({"id": foreign_case}),
                    &[Who::Inspector, Who::National],
                )),
            },
            Row {
                // Overseers search within their scope; agencies and workers may not search.
                path: "/api/cases/search",
                own: json!({"q": "001301012345"}),
                own_allowed: &[Who::Inspector, Who::Provincial, Who::National],
                foreign: None,
            },
            Row {
                // No job by that id exists: everyone is refused or told it is not found.
                path: "/api/cases/import-progress",
                own: json!({"job": "nothing"}),
                own_allowed: &[],
                foreign: None,
            },
            Row {
                path: "/api/lists/all",
                own: json!({}),
                own_allowed: &[Who::AgencyAdmin, Who::AgencyStaff, Who::National],
                foreign: None,
            },
            Row {
                // An agency's own requests, or the officer's province's to decide.
                path: "/api/corrections/all",
                own: json!({}),
                own_allowed: &[Who::AgencyAdmin, Who::AgencyStaff, Who::Provincial],
                foreign: None,
            },
            Row {
                path: "/api/rules/in-force",
                own: json!({}),
                own_allowed: EVERYONE,
                foreign: None,
            },
            Row {
                path: "/api/orders/board",
                own: json!({"filter": {"q": "hàn", "sort": "HighestWage", "page": 1}}),
                own_allowed: EVERYONE,
                foreign: None,
            },
            Row {
                path: "/api/orders/view",
                own: json!({"id": own_order}),
                own_allowed: EVERYONE,
                foreign: None,
            },
            Row {
                path: "/api/orders/mine",
                own: json!({}),
                own_allowed: &[Who::AgencyAdmin, Who::AgencyStaff],
                foreign: None,
            },
            Row {
                path: "/api/orders/pending",
                own: json!({}),
                own_allowed: &[Who::National],
                foreign: None,
            },
            Row {
                path: "/api/cases/money",
                own: json!({"id": own_case}),
                own_allowed: &[
                    Who::Worker,
                    Who::AgencyAdmin,
                    Who::AgencyStaff,
                    Who::Inspector,
                    Who::Provincial,
                    Who::National,
                ],
                foreign: Some((
                    json!({"id": foreign_case}),
                    &[Who::Inspector, Who::National],
                )),
            },
            Row {
                path: "/api/cases/settlement",
                own: json!({"id": own_case, "ask": {"cause": "", "damages_vnd": "", "damages_note": "", "settle_on": ""}}),
                own_allowed: &[
                    Who::Worker,
                    Who::AgencyAdmin,
                    Who::AgencyStaff,
                    Who::Inspector,
                    Who::Provincial,
                    Who::National,
                ],
                foreign: Some((
                    json!({"id": foreign_case, "ask": {"cause": "", "damages_vnd": "", "damages_note": "", "settle_on": ""}}),
                    &[Who::Inspector, Who::National],
                )),
            },
            Row {
                // The indicator over the workers in the reader's scope (a province's officer:
                // their province's workers only, checked in the recruitment-cost tests).
                path: "/api/statistics/recruitment-cost",
                own: json!({"q": {"year": "", "market": "", "lens": ""}}),
                own_allowed: &[Who::Inspector, Who::Provincial, Who::National],
                foreign: None,
            },
            Row {
                // Officers' statistics over the cases in the reader's scope (a province's
                // officer: their province's workers only, checked in the statistics tests).
                path: "/api/statistics/pivot",
                own: json!({"q": {"measure": "departures", "rows": "market", "period": "this-year"}}),
                own_allowed: &[Who::Inspector, Who::Provincial, Who::National],
                foreign: None,
            },
            Row {
                // The cases behind a statistic: names and citizen IDs, the overseers only.
                path: "/api/statistics/cases",
                own: json!({"q": {"measure": "departures", "period": "this-year"}}),
                own_allowed: &[Who::Inspector, Who::Provincial, Who::National],
                foreign: None,
            },
            Row {
                // The ranking names workers' cases behind each count: the overseers only.
                path: "/api/risk/ranking",
                own: json!({"q": {"province": "", "market": "", "sort": ""}}),
                own_allowed: &[Who::Inspector, Who::National],
                foreign: None,
            },
            Row {
                // One agency's records behind its counts: not even the agency's own staff.
                path: "/api/risk/agency",
                own: json!({"id": a, "q": {"province": "", "market": "", "sort": ""}}),
                own_allowed: &[Who::Inspector, Who::National],
                foreign: Some((
                    json!({"id": b, "q": {"province": "", "market": "", "sort": ""}}),
                    &[Who::Inspector, Who::National],
                )),
            },
            Row {
                path: "/api/support/overview",
                own: json!({}),
                own_allowed: &[Who::Inspector, Who::Provincial, Who::National],
                foreign: None,
            },
            Row {
                // A worker's support: their own, their province's officer's, the overseers'.
                path: "/api/support/worker",
                own: json!({"id": own_case_row.worker_id}),
                own_allowed: &[Who::Worker, Who::Inspector, Who::Provincial, Who::National],
                foreign: Some((
                    json!({"id": foreign_worker}),
                    &[Who::Inspector, Who::National],
                )),
            },
            Row {
                path: "/api/licences/desk",
                own: json!({}),
                own_allowed: &[Who::Inspector, Who::National],
                foreign: None,
            },
            Row {
                // Everyone with inspections to see: the team all, an agency its own opened ones.
                path: "/api/inspections/desk",
                own: json!({}),
                own_allowed: &[Who::Inspector, Who::AgencyAdmin, Who::AgencyStaff],
                foreign: None,
            },
            Row {
                // The agency's own once opened; another agency's is not to be known.
                path: "/api/inspections/view",
                own: json!({"id": own_inspection}),
                own_allowed: &[Who::Inspector, Who::AgencyAdmin, Who::AgencyStaff],
                foreign: Some((json!({"id": foreign_inspection}), &[Who::Inspector])),
            },
            Row {
                // Planned: the team's only, so the visit can be unannounced.
                path: "/api/inspections/view",
                own: json!({"id": planned_inspection}),
                own_allowed: &[Who::Inspector],
                foreign: None,
            },
            Row {
                // Anyone: one's own complaints, or for someone not signed in, the filing form.
                path: "/api/complaints/desk",
                own: json!({}),
                own_allowed: &[
                    Who::Anonymous,
                    Who::Worker,
                    Who::AgencyAdmin,
                    Who::AgencyStaff,
                    Who::Inspector,
                    Who::Provincial,
                    Who::National,
                ],
                foreign: None,
            },
            Row {
                // The filer's, the agency's (never another agency's), its province's officers'.
                path: "/api/complaints/view",
                own: json!({"id": own_complaint}),
                own_allowed: &[
                    Who::Worker,
                    Who::AgencyAdmin,
                    Who::AgencyStaff,
                    Who::Inspector,
                    Who::Provincial,
                    Who::National,
                ],
                foreign: Some((
                    json!({"id": foreign_complaint}),
                    &[Who::Inspector, Who::National],
                )),
            },
            Row {
                // Whoever holds the code; a code nobody was given opens nothing.
                path: "/api/complaints/track",
                own: json!({"code": tracking_code}),
                own_allowed: EVERYONE,
                foreign: Some((json!({"code": "ABCD-EFGH-JKMN"}), &[])),
            },
            Row {
                // An agency reads its licence on the public registry, not the officers' page.
                path: "/api/licences/view",
                own: json!({"id": a}),
                own_allowed: &[Who::Inspector, Who::National],
                foreign: None,
            },
            Row {
                path: "/api/deposits/all",
                own: json!({}),
                own_allowed: &[Who::Inspector, Who::National],
                foreign: None,
            },
            Row {
                // An agency sees its own licence deposit, never another's.
                path: "/api/deposits/view",
                own: json!({"id": a}),
                own_allowed: &[
                    Who::AgencyAdmin,
                    Who::AgencyStaff,
                    Who::Inspector,
                    Who::National,
                ],
                foreign: Some((json!({"id": b}), &[Who::Inspector, Who::National])),
            },
        ];

        // Every registered server function has a row here and an entry in the policy table.
        let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
            .map(|(p, _)| p.to_owned())
            .collect();
        let tested: BTreeSet<String> = rows.iter().map(|r| r.path.to_owned()).collect();
        assert_eq!(
            registered, tested,
            "a server function without an access-matrix row"
        );
        let in_policy: BTreeSet<String> = app::api::policy::ENDPOINTS
            .iter()
            .map(|(p, _)| (*p).to_owned())
            .collect();
        assert_eq!(
            registered, in_policy,
            "a server function without a policy entry"
        );

        let mut failures = Vec::new();
        for row in &rows {
            let mut cases = vec![(&row.own, row.own_allowed, "own")];
            if let Some((body, allowed)) = &row.foreign {
                cases.push((body, allowed, "foreign"));
            }
            for (body, allowed, label) in cases {
                for who in EVERYONE {
                    let cookie = sessions.get(who).map(String::as_str);
                    let (status, text) = app.call(row.path, body, cookie).await;
                    let expect_allowed = allowed.contains(who);
                    let denied = matches!(status, 401 | 403 | 404);
                    if expect_allowed != (status == 200) || (!expect_allowed && !denied) {
                        failures.push(format!(
                            "{} ({label}) as {who:?}: got {status} {}",
                            row.path,
                            text.chars().take(80).collect::<String>()
                        ));
                    }
                }
            }
        }
        assert!(
            failures.is_empty(),
            "access matrix mismatches:\n{}",
            failures.join("\n")
        );
    })
}

#[test]
fn the_audit_verify_command_passes_and_then_names_the_altered_row() {
    crate::helpers::run(async {
        use migration::{Migrator, MigratorTrait};
        let url = crate::helpers::fresh_database_url().await;
        let db = server::startup::connect(&url).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        let app = crate::helpers::spawn_app_on(db).await;
        app.sign_up("lan@example.vn", "001301012345").await;
        let verify = || {
            Command::new(env!("CARGO_BIN_EXE_server"))
                .args(["audit", "verify"])
                .env("DATABASE_URL", &url)
                .env("SECRET_KEY", crate::helpers::TEST_SECRET_KEY)
                .output()
                .expect("the server binary runs")
        };
        let ok = verify();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
        assert!(String::from_utf8_lossy(&ok.stdout).contains("audit chain intact"));
        let second = audit_log::Entity::find_by_id(2i64)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let mut altered: audit_log::ActiveModel = second.into();
        altered.after_json = Set(Some("{\"role\":\"system_admin\"}".into()));
        altered.update(&app.db).await.unwrap();
        let broken = verify();
        assert_eq!(broken.status.code(), Some(1));
        assert!(
            String::from_utf8_lossy(&broken.stderr).contains("broken at row 2"),
            "{}",
            String::from_utf8_lossy(&broken.stderr)
        );
    })
}

#[test]
fn spacing_a_citizen_id_differently_does_not_buy_more_attempts() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        app.sign_up("lan@example.vn", "001301012345").await;
        for spaced in [
            "0013 01012345",
            "001 301012345",
            "00 1301 012345",
            " 001301012345",
            "0013010 12345",
        ] {
            let res = app.sign_in(spaced, "wrong password").await;
            assert!(res
                .text()
                .await
                .unwrap()
                .contains("Sai thông tin đăng nhập"));
        }
        let res = app.sign_in("001301012345", PASSWORD).await;
        assert!(session_cookie(&res).is_none());
        assert!(res.text().await.unwrap().contains("Quá nhiều lần"));
    })
}

#[test]
fn an_oversized_identifier_or_request_id_gets_a_clean_422_and_the_long_request_id_attempt_is_audited(
) {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let long = format!("{}@example.vn", "a".repeat(300));
        let res = app.sign_in(&long, "whatever it is").await;
        assert_eq!(res.status().as_u16(), 422);
        let res = app
            .client
            .post(format!("{}/signin", app.address))
            .header("origin", &app.address)
            .header("x-request-id", "r".repeat(200))
            .form(&[
                ("_action", "signin"),
                ("identifier", "nobody@example.vn"),
                ("password", "whatever it is"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status().as_u16(),
            422,
            "a long request id must not break the audit insert"
        );
        let failed = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("signin.failed"))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(failed, 1);
    })
}

#[test]
fn someone_who_may_not_invite_learns_nothing_about_which_emails_exist() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        app.add_user("taken@example.vn", Role::Inspector, None, None, None)
            .await;
        let worker = app
            .add_user("w@example.vn", Role::Worker, None, None, None)
            .await;
        let session = app.session_for(worker).await;
        for email in ["taken@example.vn", "free@example.vn"] {
            let res = app
                .post_form(
                    "/admin/users",
                    &[
                        ("_action", "invite"),
                        ("email", email),
                        ("full_name", "Trần Văn Ba"),
                        ("role", "inspector"),
                    ],
                    Some(&session),
                )
                .await;
            let body = res.text().await.unwrap();
            assert!(!body.contains("đã có tài khoản hoặc lời mời"), "{email}");
            assert!(body.contains("data-testid=\"forbidden\""), "{email}");
        }
        let refused = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("access.denied"))
            .filter(audit_log::Column::ActorUserId.eq(worker))
            .count(&app.db)
            .await
            .unwrap();
        assert!(refused >= 2, "both attempts are in the audit trail");
    })
}

#[test]
fn a_confirmed_authenticator_is_not_replaced_by_another_open_set_up_and_the_page_says_so() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let id = app
            .add_user("ins@example.vn", Role::Inspector, None, None, None)
            .await;
        let setup = app.session_for(id).await;
        // A session in the set-up stage, as after accepting an invitation.
        let mut s: session::ActiveModel = session::Entity::find_by_id(secrets::token_hash(&setup))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into();
        s.stage = Set("setup".into());
        s.update(&app.db).await.unwrap();
        let (status, _) = app
            .call("/api/account/totp", &json!({}), Some(&setup))
            .await;
        assert_eq!(status, 422, "TOTP is confirmed already");
        let (status, page) = app.get_as("/account/totp", &setup).await;
        assert_eq!(status, 422);
        assert!(
            page.contains("Xác thực hai bước đã được bật cho tài khoản này."),
            "the set-up page says why it shows no new secret"
        );
        let u = user::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            app::backend::auth::open_totp_secret(&app.backend, &u).unwrap(),
            Some(SECRET.to_owned()),
            "the confirmed secret is still the one in use"
        );
    })
}

#[test]
fn sixty_wrong_passwords_at_once_reach_at_most_five_password_checks_and_lock_the_account() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        app.sign_up("lan@example.vn", "001301012345").await;
        let before = app.backend.hasher.verifications();
        // Half by email, half by citizen ID: one person, one counter.
        let attempts = (0..60).map(|i| {
            let app = &app;
            async move {
                let who = if i % 2 == 0 {
                    "lan@example.vn"
                } else {
                    "001301012345"
                };
                app.sign_in(who, "wrong password").await.status().as_u16()
            }
        });
        let statuses = futures::future::join_all(attempts).await;
        let checks = app.backend.hasher.verifications() - before;
        assert!(
            (1..=5).contains(&checks),
            "{checks} password checks for 60 attempts"
        );
        assert!(statuses.iter().all(|s| *s == 422), "{statuses:?}");
        let res = app.sign_in("lan@example.vn", PASSWORD).await;
        assert!(session_cookie(&res).is_none());
        assert!(res.text().await.unwrap().contains("Quá nhiều lần"));
        assert_eq!(
            app.backend.hasher.verifications() - before,
            checks,
            "a locked account costs no password check, even with the right password"
        );
    })
}

#[test]
fn a_failed_sign_in_keeps_what_was_typed_only_when_it_names_an_account() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        app.sign_up("lan@example.vn", "001301012345").await;
        app.sign_in("someone.else@example.vn", "wrong password")
            .await;
        app.sign_in("lan@example.vn", "wrong password").await;
        let failed = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("signin.failed"))
            .order_by_asc(audit_log::Column::Id)
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(failed.len(), 2);
        assert_eq!(
            (
                failed[0].record_type.as_deref(),
                failed[0].record_id.as_deref()
            ),
            (None, None),
            "a stranger's typing is not kept"
        );
        let everything = audit_log::Entity::find().all(&app.db).await.unwrap();
        assert!(!format!("{everything:?}").contains("someone.else"));
        assert_eq!(failed[1].record_type.as_deref(), Some("user"));
    })
}

#[test]
fn requests_refused_to_someone_not_signed_in_are_counted_not_written_to_the_audit_trail() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let mut agency = AgencyFixture::named("Công ty A", "001/2020/GP", "0100000001");
        agency.markets = vec!["JP"];
        let agency = agency.insert(&app.db).await;
        let case_id = add_case(&app.db, agency).await;
        let rows = || async { audit_log::Entity::find().count(&app.db).await.unwrap() };
        let before = rows().await;
        let counted = app
            .backend
            .refused_anonymously
            .load(std::sync::atomic::Ordering::Relaxed);
        for _ in 0..20 {
            let (status, _) = app
                .call("/api/cases/view", &json!({ "id": case_id }), None)
                .await;
            assert_eq!(status, 401);
        }
        assert_eq!(
            rows().await,
            before,
            "nothing written for anonymous refusals"
        );
        assert_eq!(
            app.backend
                .refused_anonymously
                .load(std::sync::atomic::Ordering::Relaxed)
                - counted,
            20
        );
        // A signed-in stranger to the case is still audited.
        let worker = app
            .add_user("w@example.vn", Role::Worker, None, None, None)
            .await;
        let token = app.session_for(worker).await;
        let (status, _) = app
            .call("/api/cases/view", &json!({ "id": case_id }), Some(&token))
            .await;
        assert_eq!(status, 404);
        assert_eq!(rows().await, before + 1);
    })
}

#[test]
fn the_system_administrator_sees_who_changed_a_case_but_not_the_workers_documents() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let entry = app::backend::audit::Entry::new("case.step")
            .record("case", 41)
            .case(41)
            .after(json!({
                "state": "visa_granted",
                "step": {"grant_visa": {"passport_no": "C1234567", "visa_no": "V7654321", "granted_on": "2026-03-01"}},
            }));
        app::backend::audit::record(
            &app.db,
            &app.backend.keys,
            app.clock.now(),
            &app::backend::audit::RequestMeta::default(),
            entry,
        )
        .await
        .unwrap();
        let query = json!({"query": {"actor": "", "agency": "", "case": "41", "page": 1}});
        let admin = app
            .add_user("root@example.vn", Role::SystemAdmin, None, None, None)
            .await;
        let (status, body) = app
            .call(
                "/api/audit/entries",
                &query,
                Some(&app.session_for(admin).await),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert!(
            body.contains("case.step") && body.contains("visa_granted"),
            "{body}"
        );
        assert!(
            !body.contains("C1234567") && !body.contains("V7654321"),
            "{body}"
        );
        assert!(body.contains("hidden"));
        let inspector = app
            .add_user("ins@example.vn", Role::Inspector, None, None, None)
            .await;
        let (status, body) = app
            .call(
                "/api/audit/entries",
                &query,
                Some(&app.session_for(inspector).await),
            )
            .await;
        assert_eq!(status, 200);
        assert!(
            body.contains("C1234567"),
            "inspectors see what they inspect"
        );
    })
}
