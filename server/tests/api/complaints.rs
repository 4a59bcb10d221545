//! Complaints and denunciations through the real forms: a worker files with a photo, the agency
//! accepts and answers without seeing the filer's contact, another agency learns nothing, the
//! worker takes it to the inspectors who decide it; someone without an account files for a
//! worker and follows it with the tracking code; a denunciation's author stays hidden and it
//! goes to the inspectors; the deadlines come from the rules; a late filing is refused next to
//! its date unless it says why.

use app::backend::entity::{audit_log, complaint, complaint_file, complaint_step, outbox};
use app::domain::accounts::Role;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::accounts::location;
use crate::helpers::{date, AgencyFixture};
use crate::inspections::jpeg_with_gps;
use crate::lifecycle::{excerpt, world, World};

fn field_error(body: &str, name: &str) -> Option<String> {
    let marker = format!("data-testid=\"error-{name}\"");
    let at = body.find(&marker)?;
    let rest = &body[at + marker.len()..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find("</p>")?;
    Some(rest[start..start + end].trim().to_owned())
}

/// The filing form as a browser sends it: multipart, with a photo when given.
async fn file(
    w: &World,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
    photo: Option<Vec<u8>>,
) -> (u16, String, String) {
    let mut form = reqwest::multipart::Form::new().text("_action", "file_complaint");
    for (k, v) in fields {
        form = form.text((*k).to_owned(), (*v).to_owned());
    }
    if let Some(bytes) = photo {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name("bien-lai.jpg")
            .mime_str("image/jpeg")
            .unwrap();
        form = form.part("file", part);
    }
    let address = &w.app.address;
    let mut req = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{address}/complaints"))
        .header("origin", address.as_str())
        .multipart(form);
    if let Some(c) = cookie {
        req = req.header("cookie", format!("ht_session={c}"));
    }
    let res = req.send().await.expect("request sent");
    let status = res.status().as_u16();
    let to = location(&res);
    (status, to, res.text().await.unwrap())
}

async fn worker_files(w: &World, photo: Option<Vec<u8>>) -> i32 {
    let agency = w.agency.to_string();
    let (status, to, body) = file(
        w,
        Some(&w.worker),
        &[
            ("filing_as", "self"),
            ("kind", "complaint"),
            ("agency_id", agency.as_str()),
            ("category", "OVERCHARGING"),
            ("learned_on", "2026-11-01"),
            (
                "description",
                "Công ty thu 4 tháng lương tiền dịch vụ, quá mức trần",
            ),
        ],
        photo,
    )
    .await;
    assert_eq!(status, 303, "{}", excerpt(&body));
    to.trim_start_matches("/complaints/")
        .parse()
        .expect("the complaint's page")
}

async fn step(w: &World, cookie: &str, id: i32, fields: &[(&str, &str)]) -> (u16, String) {
    let i = id.to_string();
    let mut all = vec![("complaint_id", i.as_str())];
    all.extend_from_slice(fields);
    let (status, _, body) = w.post(&format!("/complaints/{id}"), cookie, &all).await;
    (status, body)
}

async fn row(w: &World, id: i32) -> complaint::Model {
    complaint::Entity::find_by_id(id)
        .one(&w.app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn inspector(w: &World) -> String {
    let id = w
        .app
        .add_user("thanhtra@bnv.gov.vn", Role::Inspector, None, None, None)
        .await;
    w.app.session_for(id).await
}

async fn rival(w: &World) -> String {
    let other = AgencyFixture::named("Công ty Bình Minh", "9/LĐTBXH-GP", "0109876543")
        .insert(&w.app.db)
        .await;
    let id = w
        .app
        .add_user(
            "admin@binhminh.vn",
            Role::AgencyAdmin,
            Some(other),
            None,
            None,
        )
        .await;
    w.app.session_for(id).await
}

#[test]
fn a_worker_files_with_a_photo_and_the_agency_accepts_and_answers_without_the_filers_contact() {
    crate::helpers::run(async {
        let w = world().await;
        let id = worker_files(&w, Some(jpeg_with_gps())).await;
        let page = format!("/complaints/{id}");

        // The deadlines are the rules': 10 days to accept from receipt.
        let c = row(&w, id).await;
        assert_eq!(c.received_on, date(2026, 11, 23));
        assert_eq!(c.accept_due, date(2026, 12, 3));
        assert_eq!(c.status, "received");
        let (status, mine) = w.app.get_as(&page, &w.worker).await;
        assert_eq!(status, 200, "{}", excerpt(&mine));
        assert!(mine.contains("03/12/2026"), "the accept deadline is shown");
        assert!(
            mine.contains("lan@example.vn"),
            "the filer sees their own contact"
        );

        // The photo is kept without its location.
        let stored = complaint_file::Entity::find()
            .filter(complaint_file::Column::ComplaintId.eq(id))
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("the photo is kept");
        assert!(!String::from_utf8_lossy(&stored.bytes).contains("GPSLatitude"));
        let (status, _) = w
            .app
            .get_as(&format!("/complaint-files/{}", stored.id), &w.worker)
            .await;
        assert_eq!(status, 200);

        // The agency sees it, and what happened, but not how to reach the filer.
        let (status, list) = w.app.get_as("/complaints", &w.agency_admin).await;
        assert_eq!(status, 200, "{}", excerpt(&list));
        assert!(list.contains(&format!("/complaints/{id}\"")));
        let (status, theirs) = w.app.get_as(&page, &w.agency_admin).await;
        assert_eq!(status, 200, "{}", excerpt(&theirs));
        assert!(theirs.contains("quá mức trần"));
        assert!(!theirs.contains("lan@example.vn"), "the contact is hidden");
        assert!(!theirs.contains("data-testid=\"filer-contact\""));

        // Another agency learns nothing of it.
        let rival = rival(&w).await;
        let (status, _) = w.app.get_as(&page, &rival).await;
        assert_eq!(status, 404);
        let (_, rival_list) = w.app.get_as("/complaints", &rival).await;
        assert!(!rival_list.contains(&format!("/complaints/{id}\"")));
        let (status, _) = w
            .app
            .get_as(&format!("/complaint-files/{}", stored.id), &rival)
            .await;
        assert_eq!(status, 404);
        let (status, _) = step(
            &w,
            &rival,
            id,
            &[("_action", "decide_complaint"), ("verdict", "accept")],
        )
        .await;
        assert_eq!(status, 404, "nor may it act on it");

        // A refusal needs its reasons; then the agency accepts and answers.
        let (status, body) = step(
            &w,
            &w.agency_admin,
            id,
            &[("_action", "decide_complaint"), ("verdict", "refuse")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(field_error(&body, "reason").is_some(), "{}", excerpt(&body));
        let (status, body) = step(
            &w,
            &w.agency_admin,
            id,
            &[("_action", "decide_complaint"), ("verdict", "accept")],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let c = row(&w, id).await;
        assert_eq!(c.status, "accepted");
        assert_eq!(
            c.resolve_due,
            Some(date(2026, 12, 23)),
            "30 days to resolve"
        );
        let (status, _) = step(
            &w,
            &w.agency_admin,
            id,
            &[("_action", "decide_complaint"), ("verdict", "accept")],
        )
        .await;
        assert_eq!(status, 422, "a decision is taken once");
        let (status, body) = step(
            &w,
            &w.agency_admin,
            id,
            &[
                ("_action", "answer_complaint"),
                ("answer", "Công ty hoàn trả 30 triệu đồng trong 10 ngày"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let c = row(&w, id).await;
        assert_eq!(c.status, "answered");
        assert_eq!(
            c.appeal_due,
            Some(date(2026, 12, 23)),
            "30 days to go further"
        );

        // The worker was told at each step, and each step is in the audit trail.
        let mails = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("complaint"))
            .filter(outbox::Column::Recipient.eq("lan@example.vn"))
            .count(&w.app.db)
            .await
            .unwrap();
        assert!(mails >= 3, "filed, accepted, answered: {mails}");
        for action in [
            "complaint.filed",
            "complaint.accepted",
            "complaint.answered",
        ] {
            let n = audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq(action))
                .count(&w.app.db)
                .await
                .unwrap();
            assert_eq!(n, 1, "{action}");
        }
        let (_, mine) = w.app.get_as(&page, &w.worker).await;
        assert!(mine.contains("hoàn trả 30 triệu"));
        assert!(mine.contains("data-testid=\"escalate-form\""));
        assert!(mine.contains("23/12/2026"), "until when it may go further");
    })
}

#[test]
fn the_worker_takes_the_answer_to_the_inspectors_who_decide_it_and_the_complaint_closes() {
    crate::helpers::run(async {
        let w = world().await;
        let team = inspector(&w).await;
        let id = worker_files(&w, None).await;
        for fields in [
            vec![("_action", "decide_complaint"), ("verdict", "accept")],
            vec![
                ("_action", "answer_complaint"),
                ("answer", "Không có căn cứ"),
            ],
        ] {
            let (status, body) = step(&w, &w.agency_admin, id, &fields).await;
            assert_eq!(status, 303, "{}", excerpt(&body));
        }
        // Only the filer takes it further, with a reason.
        let (status, _) = step(
            &w,
            &w.agency_admin,
            id,
            &[("_action", "escalate_complaint"), ("reason", "x")],
        )
        .await;
        assert_eq!(status, 403);
        let (status, body) = step(&w, &w.worker, id, &[("_action", "escalate_complaint")]).await;
        assert_eq!(status, 422);
        assert!(field_error(&body, "reason").is_some());
        let (status, body) = step(
            &w,
            &w.worker,
            id,
            &[
                ("_action", "escalate_complaint"),
                ("reason", "Công ty chưa hoàn lại tiền"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let c = row(&w, id).await;
        assert_eq!((c.level, c.status.as_str()), (2, "received"));

        // The agency no longer handles it; the inspectors do.
        let (status, _) = step(
            &w,
            &w.agency_admin,
            id,
            &[("_action", "decide_complaint"), ("verdict", "accept")],
        )
        .await;
        assert_eq!(status, 403);
        let (_, desk) = w.app.get_as("/complaints", &team).await;
        assert!(desk.contains(&format!("/complaints/{id}\"")));
        let (_, page) = w.app.get_as(&format!("/complaints/{id}"), &team).await;
        assert!(
            page.contains("lan@example.vn"),
            "the inspectors see the filer"
        );
        for fields in [
            vec![("_action", "decide_complaint"), ("verdict", "accept")],
            vec![
                ("_action", "answer_complaint"),
                ("answer", "Buộc công ty hoàn trả 30 triệu đồng"),
            ],
        ] {
            let (status, body) = step(&w, &team, id, &fields).await;
            assert_eq!(status, 303, "{}", excerpt(&body));
        }
        let c = row(&w, id).await;
        assert_eq!(c.status, "closed");
        assert_eq!(c.closed_on, Some(date(2026, 11, 23)));
        let (status, _) = step(
            &w,
            &w.worker,
            id,
            &[("_action", "escalate_complaint"), ("reason", "again")],
        )
        .await;
        assert!(matches!(status, 403 | 422), "no third level: {status}");
        let c2 = row(&w, id).await;
        assert_eq!(c2.level, 2);
    })
}

#[test]
fn a_complaint_filed_after_the_limit_is_refused_next_to_its_date_unless_it_says_why() {
    crate::helpers::run(async {
        let w = world().await;
        let agency = w.agency.to_string();
        let mut fields = vec![
            ("filing_as", "self"),
            ("agency_id", agency.as_str()),
            ("category", "DEPOSIT_NOT_REFUNDED"),
            ("learned_on", "2026-07-01"),
            ("description", "Chưa hoàn tiền ký quỹ sau khi về nước"),
        ];
        let (status, _, body) = file(&w, Some(&w.worker), &fields, None).await;
        assert_eq!(status, 422);
        let e = field_error(&body, "learned_on").expect("next to the date");
        assert!(e.contains("29/09/2026"), "says when the limit ended: {e}");
        assert!(
            body.contains("Chưa hoàn tiền ký quỹ"),
            "what was typed is kept"
        );
        assert_eq!(complaint::Entity::find().count(&w.app.db).await.unwrap(), 0);

        fields.push(("late_reason", "Đang làm việc ở Nhật, không liên lạc được"));
        let (status, _, body) = file(&w, Some(&w.worker), &fields, None).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
    })
}

#[test]
fn someone_without_an_account_files_for_a_worker_and_follows_it_with_the_tracking_code() {
    crate::helpers::run(async {
        let w = world().await;
        let agency = w.agency.to_string();
        let (status, _, body) = file(
            &w,
            None,
            &[
                ("filing_as", "other"),
                ("agency_id", agency.as_str()),
                ("category", "CONTRACT_SUBSTITUTED"),
                ("learned_on", "2026-11-10"),
                ("description", "Hợp đồng ở Đài Loan khác hợp đồng đã ký"),
                ("filer_name", "Trần Văn Bố"),
                ("relation", "relative"),
                ("email", "bo@example.vn"),
                ("phone", "0987 654 321"),
                ("worker_name", "Trần Thị Con"),
            ],
            None,
        )
        .await;
        assert_eq!(status, 200, "{}", excerpt(&body));
        let marker = "data-testid=\"tracking-code\"";
        let at = body.find(marker).expect("the tracking code is shown") + marker.len();
        let at = at + body[at..].find('>').unwrap() + 1;
        let code = body[at..at + body[at..].find('<').unwrap()].to_owned();
        assert_eq!(code.replace('-', "").len(), 12, "{code}");
        let mail = outbox::Entity::find()
            .filter(outbox::Column::Recipient.eq("bo@example.vn"))
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("the filer is emailed");
        assert!(mail.body_text.contains(&code), "the email holds the code");
        let c = complaint::Entity::find()
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c.filer_user_id, None);
        assert!(
            c.tracking_hash
                .as_deref()
                .is_some_and(|h| !h.contains(&code)),
            "only a hash of the code is kept"
        );

        let track = format!("/complaints/track?code={code}");
        let res = w.app.get(&track).await;
        assert_eq!(
            res.headers()
                .get("referrer-policy")
                .and_then(|v| v.to_str().ok()),
            Some("no-referrer"),
            "the code in the address goes to no other page"
        );
        let (status, page) = w.app.page(&track).await;
        assert_eq!(status, 200);
        assert!(page.contains("khác hợp đồng đã ký"));
        let (_, wrong) = w.app.page("/complaints/track?code=ABCD-EFGH-JKMN").await;
        assert!(wrong.contains("data-testid=\"error-code\""));
        assert!(!wrong.contains("khác hợp đồng đã ký"));

        // The agency answers; the filer, with the code, takes it to the inspectors.
        for fields in [
            vec![("_action", "decide_complaint"), ("verdict", "accept")],
            vec![("_action", "answer_complaint"), ("answer", "Hợp đồng đúng")],
        ] {
            let (status, body) = step(&w, &w.agency_admin, c.id, &fields).await;
            assert_eq!(status, 303, "{}", excerpt(&body));
        }
        let id = c.id.to_string();
        let res = w
            .app
            .post_form(
                &track,
                &[
                    ("_action", "escalate_complaint"),
                    ("complaint_id", id.as_str()),
                    ("code", "ABCD-EFGH-JKMN"),
                    ("reason", "Không đúng"),
                ],
                None,
            )
            .await;
        assert_eq!(res.status().as_u16(), 404, "a wrong code may not act");
        let res = w
            .app
            .post_form(
                &track,
                &[
                    ("_action", "escalate_complaint"),
                    ("complaint_id", id.as_str()),
                    ("code", code.as_str()),
                    ("reason", "Hợp đồng khác hẳn, có bản chụp"),
                ],
                None,
            )
            .await;
        assert_eq!(res.status().as_u16(), 200);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("data-testid=\"form-notice\""),
            "{}",
            excerpt(&body)
        );
        assert!(
            !body.contains(&format!("value=\"{code}\" name")),
            "never echoed"
        );
        assert_eq!(row(&w, c.id).await.level, 2);
    })
}

#[test]
fn a_denunciation_hides_its_author_from_the_agency_and_officers_and_goes_to_the_inspectors() {
    crate::helpers::run(async {
        let w = world().await;
        let team = inspector(&w).await;
        let agency = w.agency.to_string();
        let (status, _, body) = file(
            &w,
            None,
            &[
                ("filing_as", "other"),
                ("kind", "denunciation"),
                ("agency_id", agency.as_str()),
                ("category", "ABUSE"),
                ("learned_on", "2026-11-20"),
                ("description", "Công ty giữ hộ chiếu của người lao động"),
                ("filer_name", "Người tố cáo Bí Mật"),
                ("relation", "other"),
                ("email", "to-cao@example.vn"),
            ],
            None,
        )
        .await;
        assert_eq!(status, 200, "{}", excerpt(&body));
        let c = complaint::Entity::find()
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c.kind, "denunciation");
        // 7 working days from Monday 23 November: Wednesday 2 December.
        assert_eq!(c.accept_due, date(2026, 12, 2));
        let page = format!("/complaints/{}", c.id);

        let (status, _) = w.app.get_as(&page, &w.agency_admin).await;
        assert_eq!(status, 404, "the agency does not learn of it");
        let (_, list) = w.app.get_as("/complaints", &w.agency_admin).await;
        assert!(!list.contains(&page));
        let (status, officer) = w.app.get_as(&page, &w.dolab).await;
        assert_eq!(status, 200, "{}", excerpt(&officer));
        assert!(!officer.contains("Bí Mật") && !officer.contains("to-cao@example.vn"));
        let (_, theirs) = w.app.get_as(&page, &team).await;
        assert!(theirs.contains("Bí Mật"), "the inspectors know who it is");
        assert!(
            !theirs.contains("data-testid=\"share-form\""),
            "a denouncer's contact is never shared"
        );

        let (status, _) = step(
            &w,
            &w.agency_admin,
            c.id,
            &[("_action", "decide_complaint"), ("verdict", "accept")],
        )
        .await;
        assert_eq!(status, 404);
        let (status, body) = step(
            &w,
            &team,
            c.id,
            &[("_action", "decide_complaint"), ("verdict", "accept")],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        assert_eq!(row(&w, c.id).await.resolve_due, Some(date(2026, 12, 23)));

        // From a worker's account too, the trail and the history name no one.
        let (status, to, body) = file(
            &w,
            Some(&w.worker),
            &[
                ("filing_as", "self"),
                ("kind", "denunciation"),
                ("agency_id", agency.as_str()),
                ("category", "ABUSE"),
                ("learned_on", "2026-11-20"),
                ("description", "Công ty thu tiền đặt cọc trái phép"),
            ],
            None,
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let id: i32 = to.trim_start_matches("/complaints/").parse().unwrap();
        let filed = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("complaint.filed"))
            .filter(audit_log::Column::RecordId.eq(id.to_string()))
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("audited");
        assert_eq!(filed.actor_user_id, None);
        assert_eq!(filed.address, None);
        assert_eq!(row(&w, id).await.worker_province, None);
        let (_, officer) = w.app.get_as(&format!("/complaints/{id}"), &w.dolab).await;
        assert!(!officer.contains("lan@example.vn"));
        let step = complaint_step::Entity::find()
            .filter(complaint_step::Column::ComplaintId.eq(id))
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((step.by_role.as_str(), step.by_user_id), ("filer", None));
    })
}

#[test]
fn a_remote_area_lengthens_the_time_to_resolve_and_an_inspector_may_share_the_contact() {
    crate::helpers::run(async {
        let w = world().await;
        let team = inspector(&w).await;
        let id = worker_files(&w, None).await;
        let (status, _) = step(
            &w,
            &w.agency_admin,
            id,
            &[("_action", "decide_complaint"), ("verdict", "accept")],
        )
        .await;
        assert_eq!(status, 303);
        assert_eq!(row(&w, id).await.resolve_due, Some(date(2026, 12, 23)));
        let (status, body) = step(&w, &w.dolab, id, &[("_action", "mark_complaint_remote")]).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        assert_eq!(
            row(&w, id).await.resolve_due,
            Some(date(2027, 1, 7)),
            "45 days in a remote area"
        );
        let (status, _) = step(&w, &w.dolab, id, &[("_action", "mark_complaint_remote")]).await;
        assert_eq!(status, 422, "once");

        let (status, body) = step(&w, &team, id, &[("_action", "share_complaint_contact")]).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let (_, theirs) = w
            .app
            .get_as(&format!("/complaints/{id}"), &w.agency_admin)
            .await;
        assert!(theirs.contains("lan@example.vn"), "shared by the inspector");
    })
}

#[test]
fn an_agency_past_its_deadline_cannot_extend_it_and_the_worker_may_take_it_further() {
    crate::helpers::run(async {
        let w = world().await;
        let id = worker_files(&w, None).await;
        let (status, body) = step(
            &w,
            &w.agency_admin,
            id,
            &[("_action", "decide_complaint"), ("verdict", "accept")],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        // Its deadline passes unanswered.
        let mut c: complaint::ActiveModel = row(&w, id).await.into();
        c.resolve_due = sea_orm::Set(Some(date(2026, 11, 22)));
        sea_orm::ActiveModelTrait::update(c, &w.app.db)
            .await
            .unwrap();

        let page = format!("/complaints/{id}");
        let (_, theirs) = w.app.get_as(&page, &w.agency_admin).await;
        assert!(!theirs.contains("data-testid=\"extend-form\""));
        let (status, body) = step(
            &w,
            &w.agency_admin,
            id,
            &[
                ("_action", "extend_complaint"),
                ("reason", "Vụ việc phức tạp, cần xác minh thêm"),
            ],
        )
        .await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        let said = field_error(&body, "reason").expect("next to the reason");
        assert!(said.contains("22/11/2026"), "{said}");
        let c = row(&w, id).await;
        assert_eq!(c.extensions, 0);
        assert_eq!(c.resolve_due, Some(date(2026, 11, 22)));
        let (_, mine) = w.app.get_as(&page, &w.worker).await;
        assert!(mine.contains("data-testid=\"escalate-form\""));
    })
}

/// A sanction decided on 20/11/2026 on an opened inspection of the world's agency.
async fn sanctioned(w: &World) -> i32 {
    use sea_orm::ActiveModelTrait;
    let inspection = crate::helpers::add_inspection(&w.app.db, w.agency, "open").await;
    app::backend::entity::inspection_sanction::ActiveModel {
        inspection_id: sea_orm::Set(inspection),
        decision_no: sea_orm::Set("12/QĐ-XPHC".to_owned()),
        decided_on: sea_orm::Set(date(2026, 11, 20)),
        signer: sea_orm::Set("Chánh Thanh tra".to_owned()),
        fine_vnd: sea_orm::Set(90_000_000),
        fine_min_vnd: sea_orm::Set(80_000_000),
        fine_max_vnd: sea_orm::Set(100_000_000),
        extra: sea_orm::Set("none".to_owned()),
        licence_event_id: sea_orm::Set(None),
        recorded_by: sea_orm::Set(1),
        recorded_at: sea_orm::Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&w.app.db)
    .await
    .unwrap();
    inspection
}

#[test]
fn an_agency_complains_against_its_sanction_to_the_inspectors_and_then_the_ministry() {
    crate::helpers::run(async {
        let w = world().await;
        let inspection = sanctioned(&w).await;
        let page = format!("/inspections/{inspection}");
        let (status, body) = w.app.get_as(&page, &w.agency_admin).await;
        assert_eq!(status, 200);
        assert!(body.contains("data-testid=\"sanction-complaint-form\""));
        let sanction_id = app::backend::entity::inspection_sanction::Entity::find()
            .filter(app::backend::entity::inspection_sanction::Column::InspectionId.eq(inspection))
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap()
            .id
            .to_string();
        let filing = |learned_on: &'static str| {
            vec![
                ("_action", "complain_sanction"),
                ("sanction_id", sanction_id.as_str()),
                ("learned_on", learned_on),
                (
                    "description",
                    "Mức phạt không tương xứng với số người lao động",
                ),
            ]
        };
        // Received before it was decided: refused next to the date, what was typed kept.
        let (status, _, body) = w.post(&page, &w.agency_admin, &filing("2026-11-19")).await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        assert!(field_error(&body, "learned_on").is_some());
        assert!(body.contains("Mức phạt không tương xứng"));
        // Another agency learns nothing of the decision.
        let (status, _, _) = w.post(&page, &rival(&w).await, &filing("2026-11-21")).await;
        assert_eq!(status, 404);
        let (status, to, body) = w.post(&page, &w.agency_admin, &filing("2026-11-21")).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let id: i32 = to.rsplit('/').next().unwrap().parse().unwrap();
        let c = row(&w, id).await;
        assert_eq!(c.category, "SANCTION");
        assert_eq!(c.relation, "agency");
        assert_eq!(c.agency_id, w.agency);
        assert_eq!(c.accept_due, date(2026, 12, 3));
        // Once per decision, held by the database.
        let (status, _, body) = w.post(&page, &w.agency_admin, &filing("2026-11-21")).await;
        assert_eq!(status, 422);
        assert!(
            body.contains("Quyết định này đã có đơn khiếu nại"),
            "{}",
            excerpt(&body)
        );
        assert!(body.contains(&format!("href=\"/complaints/{id}\"")));
        let (_, body) = w.app.get_as(&page, &w.agency_admin).await;
        assert!(body.contains(&format!("href=\"/complaints/{id}\"")));

        // The agency does not judge its own complaint; the inspectors do.
        let (status, _) = step(
            &w,
            &w.agency_admin,
            id,
            &[("_action", "decide_complaint"), ("verdict", "accept")],
        )
        .await;
        assert_ne!(status, 303);
        let team = inspector(&w).await;
        for fields in [
            vec![("_action", "decide_complaint"), ("verdict", "accept")],
            vec![
                ("_action", "answer_complaint"),
                ("answer", "Giữ nguyên quyết định"),
            ],
        ] {
            let (status, body) = step(&w, &team, id, &fields).await;
            assert_eq!(status, 303, "{}", excerpt(&body));
        }
        assert_eq!(row(&w, id).await.status, "answered");
        // The agency takes it to the ministry, whose national officer decides it.
        let (status, body) = step(
            &w,
            &w.agency_admin,
            id,
            &[
                ("_action", "escalate_complaint"),
                ("reason", "Thanh tra chưa xem xét số người lao động"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        assert_eq!(row(&w, id).await.level, 2);
        let (status, _) = step(
            &w,
            &team,
            id,
            &[("_action", "decide_complaint"), ("verdict", "accept")],
        )
        .await;
        assert_ne!(status, 303, "the second level is not the inspectors'");
        let national = {
            let u = w
                .app
                .add_user(
                    "bo.khieunai@dolab.gov.vn",
                    Role::NationalOfficer,
                    None,
                    None,
                    None,
                )
                .await;
            w.app.session_for(u).await
        };
        for fields in [
            vec![("_action", "decide_complaint"), ("verdict", "accept")],
            vec![
                ("_action", "answer_complaint"),
                ("answer", "Giảm mức phạt xuống 80 triệu đồng"),
            ],
        ] {
            let (status, body) = step(&w, &national, id, &fields).await;
            assert_eq!(status, 303, "{}", excerpt(&body));
        }
        assert_eq!(row(&w, id).await.status, "closed");
    })
}

#[test]
fn no_remote_mark_is_offered_nor_taken_once_the_inspectors_refuse_it_finally() {
    crate::helpers::run(async {
        let w = world().await;
        let team = inspector(&w).await;
        let id = worker_files(&w, None).await;
        for fields in [
            vec![("_action", "decide_complaint"), ("verdict", "accept")],
            vec![
                ("_action", "answer_complaint"),
                ("answer", "Không có căn cứ"),
            ],
        ] {
            let (status, body) = step(&w, &w.agency_admin, id, &fields).await;
            assert_eq!(status, 303, "{}", excerpt(&body));
        }
        let (status, body) = step(
            &w,
            &w.worker,
            id,
            &[
                ("_action", "escalate_complaint"),
                ("reason", "Công ty chưa hoàn lại tiền"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let (_, before) = w.app.get_as(&format!("/complaints/{id}"), &w.dolab).await;
        assert!(
            before.contains("data-testid=\"remote-form\""),
            "offered while the second level may still take it up"
        );
        let (status, body) = step(
            &w,
            &team,
            id,
            &[
                ("_action", "decide_complaint"),
                ("verdict", "refuse"),
                ("reason", "Đã được giải quyết bằng quyết định có hiệu lực"),
            ],
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        assert_eq!(row(&w, id).await.status, "refused");
        let (_, after) = w.app.get_as(&format!("/complaints/{id}"), &w.dolab).await;
        assert!(!after.contains("data-testid=\"remote-form\""));
        let due = row(&w, id).await.resolve_due;
        let (status, _) = step(&w, &w.dolab, id, &[("_action", "mark_complaint_remote")]).await;
        assert_eq!(status, 422, "a final refusal has no time left to lengthen");
        let c = row(&w, id).await;
        assert!(!c.remote);
        assert_eq!(c.resolve_due, due);
    })
}

#[test]
fn someone_without_an_account_files_a_few_times_then_waits_and_what_they_typed_stays() {
    crate::helpers::run(async {
        let w = world().await;
        let agency = w.agency.to_string();
        let filing = |description: &'static str| {
            vec![
                ("filing_as", "other"),
                ("agency_id", agency.as_str()),
                ("category", "OTHER"),
                ("learned_on", "2026-11-10"),
                ("description", description),
                ("filer_name", "Trần Văn Bố"),
                ("relation", "relative"),
                ("email", "Bo@Example.vn"),
                ("worker_name", "Trần Thị Con"),
            ]
        };
        // A mistake corrected takes no place: only whole filings count.
        let mut early = filing("Ngày biết sai");
        early.retain(|(k, _)| *k != "learned_on");
        early.push(("learned_on", "2099-01-01"));
        let (status, _, _) = file(&w, None, &early, None).await;
        assert_eq!(status, 422);
        for n in ["Lần một", "Lần hai", "Lần ba", "Lần bốn", "Lần năm"] {
            let (status, _, body) = file(&w, None, &filing(n), None).await;
            assert_eq!(status, 200, "{n}: {}", excerpt(&body));
        }
        let mut again = filing("Lần sáu: công ty vẫn giữ hộ chiếu");
        for (k, v) in again.iter_mut() {
            if *k == "email" {
                *v = "bo@example.vn";
            }
        }
        let (status, _, body) = file(&w, None, &again, None).await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        assert!(body.contains("Quá nhiều lần thử"), "{}", excerpt(&body));
        assert!(
            body.contains("Lần sáu: công ty vẫn giữ hộ chiếu"),
            "what was typed is kept"
        );
        assert_eq!(complaint::Entity::find().count(&w.app.db).await.unwrap(), 5);
        // A worker filing from their account is not held by strangers' filings.
        worker_files(&w, None).await;
        assert_eq!(complaint::Entity::find().count(&w.app.db).await.unwrap(), 6);
    })
}
