//! The case lifecycle through the real forms: job orders, applications, every step to the return,
//! the law's guards, departure lists, tenancy, the audit trail and the worker's emails.

use app::backend::entity::{audit_log, case, case_event, job_order, outbox, user, worker};
use app::domain::accounts::Role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::accounts::location;
use crate::helpers::{spawn_app, AgencyFixture, TestApp};

/// Everyone the journey needs: an agency with its head-office admin, DOLAB, a signed-up worker.
pub(crate) struct World {
    pub app: TestApp,
    pub agency: i32,
    pub agency_admin: String,
    pub dolab: String,
    pub worker: String,
    pub worker_email: &'static str,
}

pub(crate) async fn world() -> World {
    world_on(spawn_app().await).await
}

/// The same people on a server of the test's choosing (e.g. one of two on one database).
pub(crate) async fn world_on(app: TestApp) -> World {
    let agency = AgencyFixture::named("Công ty Sao Mai", "123/LĐTBXH-GP", "0101234567")
        .insert(&app.db)
        .await;
    let admin = app
        .add_user(
            "admin@saomai.vn",
            Role::AgencyAdmin,
            Some(agency),
            None,
            None,
        )
        .await;
    let officer = app
        .add_user("cuc@dolab.gov.vn", Role::NationalOfficer, None, None, None)
        .await;
    let res = app.sign_up("lan@example.vn", "001301012345").await;
    assert_eq!(res.status().as_u16(), 303, "the worker signs up");
    let worker_user = user::Entity::find()
        .filter(user::Column::Email.eq("lan@example.vn"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    World {
        agency,
        agency_admin: app.session_for(admin).await,
        dolab: app.session_for(officer).await,
        worker: app.session_for(worker_user.id).await,
        worker_email: "lan@example.vn",
        app,
    }
}

impl World {
    pub async fn post(
        &self,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
    ) -> (u16, String, String) {
        let res = self.app.post_form(path, fields, Some(cookie)).await;
        let status = res.status().as_u16();
        let to = location(&res);
        (status, to, res.text().await.unwrap())
    }

    /// Drafts, submits and approves an order with `headcount` places; returns its id.
    pub async fn approved_order(&self, headcount: &str) -> i32 {
        self.approved_order_of(&self.agency_admin, headcount).await
    }

    /// The same for the agency whose administrator's session is `admin`.
    pub async fn approved_order_of(&self, admin: &str, headcount: &str) -> i32 {
        let (status, to, body) = self
            .post(
                "/orders/new",
                admin,
                &[
                    ("_action", "order_draft"),
                    ("market_code", "JP"),
                    ("employer_name", "Yamato Seiki Co., Ltd."),
                    ("occupation", "7212"),
                    ("headcount", headcount),
                    ("wage_amount", "165.000"),
                    ("wage_currency", "JPY"),
                    ("term_months", "36"),
                    ("service_fee_vnd", "40.000.000"),
                    ("deposit_vnd", ""),
                    ("form", "licensed_agency"),
                    ("programme", "technical_intern"),
                    ("working_conditions", "Ký túc xá 2 người/phòng"),
                ],
            )
            .await;
        assert_eq!(status, 303, "draft saved: {}", &body[..body.len().min(400)]);
        let id: i32 = to.trim_start_matches("/orders/").parse().unwrap();
        let id_s = id.to_string();
        let (status, ..) = self
            .post(
                &to,
                admin,
                &[("_action", "order_submit"), ("order_id", &id_s)],
            )
            .await;
        assert_eq!(status, 303);
        let (status, ..) = self
            .post(
                &to,
                &self.dolab,
                &[
                    ("_action", "order_decide"),
                    ("order_id", &id_s),
                    ("decision", "approve"),
                    ("reason", ""),
                ],
            )
            .await;
        assert_eq!(status, 303);
        id
    }

    pub(crate) async fn apply(&self, order: i32, cookie: &str) -> (u16, String, String) {
        let id = order.to_string();
        self.post(
            &format!("/orders/{order}"),
            cookie,
            &[("_action", "apply"), ("order_id", &id)],
        )
        .await
    }

    pub(crate) async fn case(&self, id: i32) -> case::Model {
        case::Entity::find_by_id(id)
            .one(&self.app.db)
            .await
            .unwrap()
            .unwrap()
    }

    /// Posts a step as `cookie` with the case's current version.
    pub(crate) async fn step(
        &self,
        id: i32,
        cookie: &str,
        step: &str,
        fields: &[(&str, &str)],
    ) -> (u16, String) {
        let version = self.case(id).await.version.to_string();
        let id_s = id.to_string();
        let mut all = vec![
            ("_action", "case_step"),
            ("case_id", id_s.as_str()),
            ("version", version.as_str()),
            ("step", step),
        ];
        all.extend_from_slice(fields);
        let (status, _, body) = self.post(&format!("/cases/{id}"), cookie, &all).await;
        (status, body)
    }

    async fn event(&self, id: i32, event: &str, fields: &[(&str, &str)]) -> (u16, String) {
        self.event_as(id, &self.agency_admin, event, fields).await
    }

    /// Records an event on the case through its form, as the session `cookie`.
    pub(crate) async fn event_as(
        &self,
        id: i32,
        cookie: &str,
        event: &str,
        fields: &[(&str, &str)],
    ) -> (u16, String) {
        let version = self.case(id).await.version.to_string();
        let id_s = id.to_string();
        let mut all = vec![
            ("_action", "case_event"),
            ("case_id", id_s.as_str()),
            ("version", version.as_str()),
            ("event", event),
        ];
        all.extend_from_slice(fields);
        let (status, _, body) = self.post(&format!("/cases/{id}"), cookie, &all).await;
        (status, body)
    }

    /// Applies and moves the case to "training", without a certificate yet.
    pub(crate) async fn case_in_training(&self) -> i32 {
        let order = self.approved_order("10").await;
        let (status, to, _) = self.apply(order, &self.worker).await;
        assert_eq!(status, 303);
        let id: i32 = to.trim_start_matches("/cases/").parse().unwrap();
        let a = &self.agency_admin;
        for (step, fields) in [
            (
                "screen",
                vec![
                    ("health_certificate_no", "SK-2026-118"),
                    ("health_certificate_on", "2026-11-02"),
                    ("exam_result", "Đạt tay nghề hàn, phỏng vấn tốt"),
                    ("language_level", "N5"),
                ],
            ),
            ("select", vec![("selected_on", "2026-11-23")]),
            (
                "contract",
                vec![
                    ("contract_no", "118/HĐĐĐ-SM"),
                    ("signed_on", "2026-11-23"),
                    ("service_fee_vnd", "40.000.000"),
                    ("training_fee_vnd", "5.900.000"),
                    ("visa_fee_vnd", "3.270.000"),
                    ("airfare_vnd", "9.000.000"),
                    ("other_fee_vnd", ""),
                    ("deposit_vnd", ""),
                    ("guarantor", ""),
                ],
            ),
            ("train", vec![("started_on", "2026-11-23")]),
        ] {
            let (status, body) = self.step(id, a, step, &fields).await;
            assert_eq!(status, 303, "{step}: {}", excerpt(&body));
        }
        id
    }

    /// A case that left on 2026-11-23 (certificate, confirmed list, departure); its id.
    pub(crate) async fn departed_case(&self) -> i32 {
        let id = self.case_in_training().await;
        let (status, body) = self.event(id, "certificate", &CERTIFICATE).await;
        assert_eq!(status, 303, "certificate: {}", excerpt(&body));
        self.to_list_confirmed(id).await;
        let (status, body) = self.step(id, &self.agency_admin, "depart", &DEPART).await;
        assert_eq!(status, 303, "departure: {}", excerpt(&body));
        id
    }

    /// From training to a departure list sent to DOLAB (visa, list sent); the list's id.
    pub(crate) async fn to_list_submitted(&self, id: i32) -> String {
        let (status, body) = self
            .step(
                id,
                &self.agency_admin,
                "grant_visa",
                &[
                    ("passport_no", "C1234567"),
                    ("visa_no", "COE-77812"),
                    ("granted_on", "2026-11-23"),
                    ("deposit_vnd", ""),
                ],
            )
            .await;
        assert_eq!(status, 303, "visa: {}", excerpt(&body));
        let c = self.case(id).await;
        let order = c.job_order_id.to_string();
        let id_s = id.to_string();
        let (status, _, body) = self
            .post(
                "/lists",
                &self.agency_admin,
                &[
                    ("_action", "list_create"),
                    ("order_id", &order),
                    ("case_id", &id_s),
                    ("planned_exit_on", "2026-11-30"),
                ],
            )
            .await;
        assert_eq!(status, 303, "list: {}", excerpt(&body));
        self.case(id).await.departure_list_id.unwrap().to_string()
    }

    /// From training to a confirmed departure list (visa, list sent, DOLAB confirms).
    pub(crate) async fn to_list_confirmed(&self, id: i32) {
        let list = self.to_list_submitted(id).await;
        let (status, _, body) = self
            .post(
                "/lists",
                &self.dolab,
                &[
                    ("_action", "list_decide"),
                    ("list_id", &list),
                    ("decision", "approve"),
                    ("reason", ""),
                ],
            )
            .await;
        assert_eq!(status, 303, "confirm: {}", excerpt(&body));
        assert_eq!(self.case(id).await.state, "list_confirmed");
    }
}

pub(crate) fn excerpt(body: &str) -> String {
    // The form's messages are what matters in a failure.
    body.split("form-error")
        .nth(1)
        .map(|s| s.chars().take(400).collect())
        .unwrap_or_else(|| body.chars().take(300).collect())
}

const DEPART: [(&str, &str); 3] = [
    ("exit_on", "2026-11-23"),
    ("fund_paid_on", "2026-11-19"),
    ("workplace", "Aichi, Toyota"),
];

const CERTIFICATE: [(&str, &str); 4] = [
    ("periods", "74"),
    ("test_passed", "yes"),
    ("certificate_no", "GCN-2026-5531"),
    ("issued_on", "2026-11-23"),
];

#[test]
fn the_whole_journey_from_a_draft_order_to_the_return_is_audited_and_emailed_to_the_worker() {
    crate::helpers::run(async {
        let w = world().await;
        let id = w.case_in_training().await;
        let (status, body) = w.event(id, "certificate", &CERTIFICATE).await;
        assert_eq!(status, 303, "certificate: {}", excerpt(&body));
        w.to_list_confirmed(id).await;
        let (status, body) = w.step(id, &w.agency_admin, "depart", &DEPART).await;
        assert_eq!(status, 303, "departure: {}", excerpt(&body));
        let c = w.case(id).await;
        assert_eq!(c.state, "departed");
        assert_eq!(c.departed_on, Some(crate::helpers::date(2026, 11, 23)));
        // The first update after exit is due within 5 days.
        assert_eq!(c.due_on, Some(crate::helpers::date(2026, 11, 28)));
        let (status, body) = w
            .event(
                id,
                "monthly_update",
                &[
                    ("month", "2026-11"),
                    ("working", "yes"),
                    ("note", "Đã nhận lương tháng đầu"),
                ],
            )
            .await;
        assert_eq!(status, 303, "monthly update: {}", excerpt(&body));
        assert_eq!(
            w.case(id).await.due_on,
            Some(crate::helpers::date(2026, 12, 20)),
            "the next update is due by the 20th of next month"
        );
        let (status, body) = w
            .step(
                id,
                &w.agency_admin,
                "end_contract",
                &[
                    ("reason", "early_return_not_at_fault"),
                    ("ended_on", "2026-11-23"),
                ],
            )
            .await;
        assert_eq!(status, 303, "return: {}", excerpt(&body));
        let c = w.case(id).await;
        assert_eq!(c.state, "contract_ended");
        assert_eq!(c.end_reason.as_deref(), Some("early_return_not_at_fault"));
        // Monthly updates stay due until liquidation; the settlement within 180 days.
        assert_eq!(
            c.due_on,
            Some(crate::helpers::date(2026, 12, 20)),
            "the next monthly update comes first"
        );
        let (_, page) = w.app.get_as(&format!("/cases/{id}"), &w.agency_admin).await;
        assert!(page.contains("Hạn thanh lý hợp đồng"));
        assert!(page.contains("22/05/2027"), "liquidation within 180 days");
        assert!(page.contains("Hạn cập nhật hằng tháng"));

        // Every step is on the timeline and in the audit trail with its before and after.
        let steps = case_event::Entity::find()
            .filter(case_event::Column::CaseId.eq(id))
            .filter(case_event::Column::Kind.eq("step"))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(
            steps, 8,
            "screen, select, contract, train, visa, list, depart, return"
        );
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::CaseId.eq(id))
            .filter(audit_log::Column::Action.eq("case.step"))
            .all(&w.app.db)
            .await
            .unwrap();
        assert_eq!(audited.len(), 8);
        assert!(audited
            .iter()
            .all(|a| a.before_json.is_some() && a.after_json.is_some()));
        // One email per change (application, 8 steps, 2 events) to the worker.
        let mails = outbox::Entity::find()
            .filter(outbox::Column::Recipient.eq(w.worker_email))
            .filter(outbox::Column::Kind.eq("case_changed"))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(mails, 11);

        // The worker sees the journey on their own case page.
        let (status, page) = w.app.get_as(&format!("/cases/{id}"), &w.worker).await;
        assert_eq!(status, 200);
        assert!(page.contains("Đã kết thúc hợp đồng"), "state shown");
        assert!(page.contains("Hạn thanh lý hợp đồng"), "deadline shown");
        assert!(page.contains("GCN-2026-5531"), "certificate shown");
        assert!(page.contains("40.000.000"), "fee shown");
    })
}

#[test]
fn departure_without_a_valid_certificate_is_refused_with_its_reason_and_nothing_changes() {
    crate::helpers::run(async {
        let w = world().await;
        let id = w.case_in_training().await;
        w.to_list_confirmed(id).await;
        let before = w.case(id).await;
        let (status, body) = w.step(id, &w.agency_admin, "depart", &DEPART).await;
        assert_eq!(status, 422);
        assert!(
            body.contains("Chưa có chứng chỉ bồi dưỡng kiến thức cần thiết còn hiệu lực"),
            "{}",
            excerpt(&body)
        );
        assert!(body.contains("Aichi, Toyota"), "what was typed is kept");
        let after = w.case(id).await;
        assert_eq!(after.state, "list_confirmed");
        assert_eq!(after.version, before.version);
        // An expired certificate is refused as such when it is recorded.
        let (status, body) = w
            .event(
                id,
                "certificate",
                &[
                    ("periods", "74"),
                    ("test_passed", "yes"),
                    ("certificate_no", "GCN-OLD"),
                    ("issued_on", "2024-10-01"),
                ],
            )
            .await;
        assert_eq!(status, 422);
        assert!(
            body.contains("đã hết hạn ngày 30/09/2026"),
            "{}",
            excerpt(&body)
        );
        let (status, _) = w.event(id, "certificate", &CERTIFICATE).await;
        assert_eq!(status, 303);
        let (status, body) = w.step(id, &w.agency_admin, "depart", &DEPART).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
    })
}

#[test]
fn another_agency_can_neither_see_nor_move_the_case_and_the_attempt_is_audited() {
    crate::helpers::run(async {
        let w = world().await;
        let id = w.case_in_training().await;
        let other = AgencyFixture::named("Công ty Hoàng Long", "77/LĐTBXH-GP", "0107777777")
            .insert(&w.app.db)
            .await;
        let intruder = w
            .app
            .add_user(
                "admin@hoanglong.vn",
                Role::AgencyAdmin,
                Some(other),
                None,
                None,
            )
            .await;
        let intruder = w.app.session_for(intruder).await;
        let (status, _) = w.app.get_as(&format!("/cases/{id}"), &intruder).await;
        assert_eq!(status, 404);
        let before = w.case(id).await;
        let (status, body) = w
            .step(
                id,
                &intruder,
                "grant_visa",
                &[
                    ("passport_no", "C1234567"),
                    ("visa_no", "X"),
                    ("granted_on", "2026-11-23"),
                ],
            )
            .await;
        // The case answers as unknown to them, form or not.
        assert_eq!(status, 404, "{}", excerpt(&body));
        assert_eq!(w.case(id).await.version, before.version);
        let denied = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("access.denied"))
            .filter(audit_log::Column::CaseId.eq(id))
            .count(&w.app.db)
            .await
            .unwrap();
        assert!(denied >= 2, "both the read and the change are audited");
        // The board and its export hold only the agency's own cases.
        let (_, board) = w.app.get_as("/cases", &intruder).await;
        assert!(!board.contains("001301012345"));
        let (status, csv) = w.app.get_as("/cases/export.csv", &w.agency_admin).await;
        assert_eq!(status, 200);
        assert!(
            csv.contains("001301012345") && csv.contains("training"),
            "{csv}"
        );
        let (_, csv) = w.app.get_as("/cases/export.csv", &intruder).await;
        assert!(!csv.contains("001301012345"));
    })
}

#[test]
fn a_branch_may_not_sign_the_contract_and_a_worker_may_only_withdraw() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("5").await;
        let (_, to, _) = w.apply(order, &w.worker).await;
        let id: i32 = to.trim_start_matches("/cases/").parse().unwrap();
        let branch = w
            .app
            .add_user(
                "nhanvien@saomai.vn",
                Role::AgencyStaff,
                Some(w.agency),
                None,
                None,
            )
            .await;
        let mut u: user::ActiveModel = user::Entity::find_by_id(branch)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap()
            .into();
        u.branch_name = Set(Some("Chi nhánh Nghệ An".into()));
        u.update(&w.app.db).await.unwrap();
        let branch = w.app.session_for(branch).await;
        for (step, fields) in [
            (
                "screen",
                vec![
                    ("health_certificate_no", "SK-1"),
                    ("health_certificate_on", "2026-11-02"),
                    ("exam_result", "Đạt"),
                ],
            ),
            ("select", vec![("selected_on", "2026-11-23")]),
        ] {
            let (status, body) = w.step(id, &branch, step, &fields).await;
            assert_eq!(
                status,
                303,
                "a branch screens and selects: {}",
                excerpt(&body)
            );
        }
        let (status, body) = w
            .step(
                id,
                &branch,
                "contract",
                &[
                    ("contract_no", "1"),
                    ("signed_on", "2026-11-23"),
                    ("service_fee_vnd", "40000000"),
                ],
            )
            .await;
        assert_eq!(status, 422);
        assert!(
            body.contains("Chi nhánh không được ký hợp đồng"),
            "{}",
            excerpt(&body)
        );
        // The worker cannot move their own case forward, only withdraw it.
        let before = w.case(id).await;
        let (status, body) = w
            .step(
                id,
                &w.worker,
                "contract",
                &[
                    ("contract_no", "1"),
                    ("signed_on", "2026-11-23"),
                    ("service_fee_vnd", "1"),
                ],
            )
            .await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        let after = w.case(id).await;
        assert_eq!(
            (after.state.as_str(), after.version),
            (before.state.as_str(), before.version),
            "the worker's contract step changed nothing"
        );
        let (status, _) = w
            .step(id, &w.worker, "withdraw", &[("note", "Đổi ý")])
            .await;
        assert_eq!(status, 303);
        assert_eq!(w.case(id).await.state, "withdrawn");
        let o = job_order::Entity::find_by_id(order)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.filled, 0, "a withdrawn case gives its place back");
    })
}

#[test]
fn a_full_order_takes_no_more_cases_and_a_worker_has_one_open_case() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("1").await;
        let (status, ..) = w.apply(order, &w.worker).await;
        assert_eq!(status, 303);
        // A second application by the same worker: one open case at a time.
        let other_order = w.approved_order("5").await;
        let (status, _, body) = w.apply(other_order, &w.worker).await;
        assert_eq!(status, 422);
        assert!(
            body.contains("đang có một hồ sơ chưa kết thúc"),
            "{}",
            excerpt(&body)
        );
        // Another person, entered by the agency on the full order.
        let order_s = order.to_string();
        let (status, _, body) = w
            .post(
                "/cases/new",
                &w.agency_admin,
                &[
                    ("_action", "case_open"),
                    ("order_id", &order_s),
                    ("citizen_id", "038095001234"),
                    ("full_name", "Lê Văn Hùng"),
                    ("birth_date", "1995-03-04"),
                    ("sex", "male"),
                    ("phone", "0987654321"),
                ],
            )
            .await;
        assert_eq!(status, 422);
        assert!(
            body.contains("Đơn hàng đã đủ 1 người"),
            "{}",
            excerpt(&body)
        );
        let o = job_order::Entity::find_by_id(order)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.filled, 1);
    })
}

#[test]
fn one_citizen_id_is_one_person_whoever_enters_it() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("10").await.to_string();
        let workers_before = worker::Entity::find().count(&w.app.db).await.unwrap();
        let open = |name: &'static str| {
            [
                ("_action", "case_open"),
                ("order_id", order.as_str()),
                ("citizen_id", "001301012345"),
                ("full_name", name),
                ("birth_date", "2001-05-02"),
                ("sex", "female"),
                ("phone", "0912345678"),
            ]
        };
        let (status, _, body) = w
            .post("/cases/new", &w.agency_admin, &open("Trần Thị Mai"))
            .await;
        assert_eq!(status, 422);
        assert!(
            body.contains("thông tin của người này cần được điều chỉnh"),
            "{}",
            excerpt(&body)
        );
        let (status, to, body) = w
            .post("/cases/new", &w.agency_admin, &open("Nguyen Thi Lan"))
            .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        assert_eq!(
            worker::Entity::find().count(&w.app.db).await.unwrap(),
            workers_before
        );
        let id: i32 = to.trim_start_matches("/cases/").parse().unwrap();
        // The worker account linked to that citizen ID sees the case the agency opened.
        let (status, _) = w.app.get_as(&format!("/cases/{id}"), &w.worker).await;
        assert_eq!(status, 200);
    })
}

#[test]
fn a_stale_form_does_not_overwrite_a_newer_step() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("5").await;
        let (_, to, _) = w.apply(order, &w.worker).await;
        let id: i32 = to.trim_start_matches("/cases/").parse().unwrap();
        let id_s = id.to_string();
        let stale = w.case(id).await.version.to_string();
        let (status, _) = w
            .step(
                id,
                &w.agency_admin,
                "screen",
                &[
                    ("health_certificate_no", "SK-1"),
                    ("health_certificate_on", "2026-11-02"),
                    ("exam_result", "Đạt"),
                ],
            )
            .await;
        assert_eq!(status, 303);
        let (status, _, body) = w
            .post(
                &to,
                &w.agency_admin,
                &[
                    ("_action", "case_step"),
                    ("case_id", &id_s),
                    ("version", &stale),
                    ("step", "select"),
                    ("selected_on", "2026-11-23"),
                ],
            )
            .await;
        assert_eq!(status, 422);
        assert!(
            body.contains("vừa được người khác cập nhật"),
            "{}",
            excerpt(&body)
        );
        assert_eq!(w.case(id).await.state, "screening");
    })
}

#[test]
fn dolab_sees_the_decision_deadline_and_a_rejection_needs_a_reason() {
    crate::helpers::run(async {
        let w = world().await;
        let (status, to, _) = w
            .post(
                "/orders/new",
                &w.agency_admin,
                &[
                    ("_action", "order_draft"),
                    ("market_code", "TW"),
                    ("employer_name", ""),
                    ("occupation", "8212"),
                    ("headcount", "0"),
                    ("wage_amount", "28000"),
                    ("wage_currency", "TWD"),
                    ("term_months", "36"),
                    ("service_fee_vnd", "30000000"),
                    ("form", "licensed_agency"),
                    ("programme", "other"),
                ],
            )
            .await;
        assert_eq!(
            (status, to.as_str()),
            (422, ""),
            "a bad draft stays on the form"
        );
        let id = w.approved_order("3").await;
        let (_, page) = w.app.get_as(&format!("/orders/{id}"), &w.worker).await;
        assert!(page.contains("Đã được chấp thuận"));
        // A second order waits: DOLAB sees it with its 5-working-day deadline.
        let (_, to, _) = w
            .post(
                "/orders/new",
                &w.agency_admin,
                &[
                    ("_action", "order_draft"),
                    ("market_code", "TW"),
                    ("employer_name", "Foxlink"),
                    ("occupation", "8212"),
                    ("headcount", "20"),
                    ("wage_amount", "28000"),
                    ("wage_currency", "TWD"),
                    ("term_months", "36"),
                    ("service_fee_vnd", "30000000"),
                    ("form", "licensed_agency"),
                    ("programme", "other"),
                ],
            )
            .await;
        let pending: i32 = to.trim_start_matches("/orders/").parse().unwrap();
        let pending_s = pending.to_string();
        w.post(
            &to,
            &w.agency_admin,
            &[("_action", "order_submit"), ("order_id", &pending_s)],
        )
        .await;
        let (_, queue) = w.app.get_as("/orders/pending", &w.dolab).await;
        assert!(
            queue.contains("Foxlink") && queue.contains("30/11/2026"),
            "due 5 working days after Monday 23/11"
        );
        // Nobody but the agency and DOLAB sees an order that is not approved.
        let (status, _) = w.app.get_as(&to, &w.worker).await;
        assert_eq!(status, 404);
        let (status, _, body) = w
            .post(
                &to,
                &w.dolab,
                &[
                    ("_action", "order_decide"),
                    ("order_id", &pending_s),
                    ("decision", "reject"),
                    ("reason", ""),
                ],
            )
            .await;
        assert_eq!(status, 422);
        assert!(body.contains("error-reason"), "{}", excerpt(&body));
        let (status, ..) = w
            .post(
                &to,
                &w.dolab,
                &[
                    ("_action", "order_decide"),
                    ("order_id", &pending_s),
                    ("decision", "reject"),
                    ("reason", "Thiếu bản dịch hợp đồng"),
                ],
            )
            .await;
        assert_eq!(status, 303);
        let mail = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("order_decided"))
            .order_by_desc(outbox::Column::Id)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(mail.body_text.contains("Thiếu bản dịch hợp đồng"));
        assert_eq!(mail.recipient, "admin@saomai.vn");
    })
}

#[test]
fn a_new_rule_version_is_added_by_the_administrator_only_and_listed_with_its_date() {
    crate::helpers::run(async {
        let w = world().await;
        let admin = w
            .app
            .add_user("root@hanhtrang.vn", Role::SystemAdmin, None, None, None)
            .await;
        let admin = w.app.session_for(admin).await;
        let fields = [
            ("_action", "rule_add"),
            ("key", "fund_worker_vnd"),
            ("scope", ""),
            ("effective_from", "2027-01-01"),
            ("value", "120000"),
            ("source", "Quyết định sửa đổi (thử)"),
        ];
        let (status, _, body) = w.post("/rules", &w.agency_admin, &fields).await;
        assert_eq!(status, 403, "{}", excerpt(&body));
        let (status, _, body) = w.post("/rules", &admin, &fields).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let (_, page) = w.app.get_as("/rules", &w.worker).await;
        assert!(page.contains("01/01/2027") && page.contains("120.000"));
        // The rule in force today is still the old one.
        let rules = app::backend::rules::on(&w.app.backend, crate::helpers::date(2026, 12, 31))
            .await
            .unwrap();
        assert_eq!(rules.fund_worker_vnd, 100_000);
        let later = app::backend::rules::on(&w.app.backend, crate::helpers::date(2027, 1, 1))
            .await
            .unwrap();
        assert_eq!(later.fund_worker_vnd, 120_000);
    })
}

#[test]
fn a_csv_import_is_checked_whole_and_writes_nothing_unless_every_line_is_right() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("10").await;
        let cases_before = case::Entity::find().count(&w.app.db).await.unwrap();
        // Line 3: too young for the rule in force; line 4: not this agency's order.
        let bad = format!(
            "citizen_id,full_name,birth_date,sex,phone,order_id\n\
             038095001234,Lê Văn Hùng,1995-03-04,male,0987654321,{order}\n\
             001309001111,Phạm Thị Hoa,2009-01-01,female,0911222333,{order}\n\
             079098004321,Võ Minh Tâm,1998-07-07,male,0933444555,999\n"
        );
        let (status, _, body) = w
            .post(
                "/cases/import",
                &w.agency_admin,
                &[("_action", "case_import"), ("csv", &bad)],
            )
            .await;
        assert_eq!(status, 422);
        assert!(
            body.contains("Người lao động phải đủ 18 tuổi"),
            "{}",
            excerpt(&body)
        );
        assert!(body.contains("data-testid=\"import-error\""));
        assert!(
            body.split("data-testid=\"import-error\"")
                .skip(1)
                .map(|rest| rest.split("</tr>").next().unwrap_or(rest))
                .any(|row| (row.contains(">4<") || row.contains("Dòng 4 "))
                    && row.contains("order_id")
                    && row.contains("Vui lòng chọn một mục trong danh sách.")),
            "line 4 is named for its order: {}",
            excerpt(&body)
        );
        assert_eq!(
            case::Entity::find().count(&w.app.db).await.unwrap(),
            cases_before,
            "nothing is written"
        );
        assert!(
            worker::Entity::find()
                .filter(worker::Column::CitizenId.eq("038095001234"))
                .one(&w.app.db)
                .await
                .unwrap()
                .is_none(),
            "not even the good line's worker"
        );
        let good = format!(
            "citizen_id;full_name;birth_date;sex;phone;order_id\r\n\
             038095001234;Lê Văn Hùng;1995-03-04;male;0987654321;{order}\r\n\
             079098004321;Võ Minh Tâm;1998-07-07;male;0933444555;{order}\r\n"
        );
        let (status, _, body) = w
            .post(
                "/cases/import",
                &w.agency_admin,
                &[("_action", "case_import"), ("csv", &good)],
            )
            .await;
        assert_eq!(status, 200, "{}", excerpt(&body));
        assert!(body.contains("Đã mở 2 hồ sơ"));
        assert_eq!(
            case::Entity::find().count(&w.app.db).await.unwrap(),
            cases_before + 2
        );
        let imported = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("case.imported"))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(imported, 2);
        // A worker cannot import.
        let (status, _, _) = w
            .post(
                "/cases/import",
                &w.worker,
                &[("_action", "case_import"), ("csv", &good)],
            )
            .await;
        assert_eq!(status, 403);
        assert_eq!(
            case::Entity::find().count(&w.app.db).await.unwrap(),
            cases_before + 2
        );
    })
}

#[test]
fn a_long_import_runs_in_the_background_and_its_page_follows_the_progress() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("300").await;
        let mut csv = String::from("citizen_id,full_name,birth_date,sex,phone,order_id\n");
        for i in 0..150 {
            csv.push_str(&format!(
                "001095{i:06},Nguyễn Văn Thử,1995-01-01,male,0912{i:06},{order}\n"
            ));
        }
        let (status, to, _) = w
            .post(
                "/cases/import",
                &w.agency_admin,
                &[("_action", "case_import"), ("csv", &csv)],
            )
            .await;
        assert_eq!(status, 303);
        assert!(to.starts_with("/cases/import?job="), "{to}");
        let mut page = String::new();
        for _ in 0..100 {
            let (status, body) = w.app.get_as(&to, &w.agency_admin).await;
            assert_eq!(status, 200);
            page = body;
            if page.contains("data-finished=\"true\"") {
                break;
            }
            assert!(
                page.contains("http-equiv=\"refresh\""),
                "the page refreshes itself meanwhile"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(page.contains("Đã mở 150 hồ sơ"), "{}", excerpt(&page));
        assert!(!page.contains("http-equiv=\"refresh\""));
        let opened = case::Entity::find()
            .filter(case::Column::JobOrderId.eq(order))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(opened, 150);
        // Another agency cannot follow this import.
        let other = AgencyFixture::named("Công ty Á Châu", "88/LĐTBXH-GP", "0108888888")
            .insert(&w.app.db)
            .await;
        let other = w
            .app
            .add_user("admin@achau.vn", Role::AgencyAdmin, Some(other), None, None)
            .await;
        let other = w.app.session_for(other).await;
        let (status, _) = w.app.get_as(&to, &other).await;
        assert_eq!(status, 404);
    })
}
