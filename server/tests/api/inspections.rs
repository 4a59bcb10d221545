//! Inspections through the real forms: a planned inspection the agency cannot see until it
//! opens, a violation with the fine range of the rules in force on the day of the act, a
//! sanction whose fine is refused outside the range and whose suspension takes effect through
//! the licence decisions, remediation answered with evidence and accepted or returned, the
//! overdue flag, and the closing.

use app::backend::entity::{
    agency, audit_log, inspection, inspection_sanction, inspection_violation, licence_event,
    market_suspension, outbox, remediation_file, remediation_task,
};
use app::domain::accounts::Role;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::accounts::location;
use crate::helpers::AgencyFixture;
use crate::lifecycle::{excerpt, world, World};

fn field_error(body: &str, name: &str) -> Option<String> {
    let marker = format!("data-testid=\"error-{name}\"");
    let at = body.find(&marker)?;
    let rest = &body[at + marker.len()..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find("</p>")?;
    Some(rest[start..start + end].trim().to_owned())
}

/// A small JPEG whose EXIF segment holds a GPS position.
pub(crate) fn jpeg_with_gps() -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8];
    b.extend([
        0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    ]);
    let exif = b"Exif\0\0MM\0*\0\0\0\x08GPSLatitude=21.0285N";
    b.extend([0xFF, 0xE1]);
    b.extend(u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
    b.extend(exif);
    b.extend([
        0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34,
    ]);
    b.extend([0xFF, 0xD9]);
    b
}

async fn inspector(w: &World) -> String {
    let id = w
        .app
        .add_user("thanhtra@bnv.gov.vn", Role::Inspector, None, None, None)
        .await;
    w.app.session_for(id).await
}

async fn plan(w: &World, cookie: &str) -> i32 {
    let agency = w.agency.to_string();
    let (status, to, body) = w
        .post(
            "/inspections",
            cookie,
            &[
                ("_action", "plan_inspection"),
                ("agency_id", agency.as_str()),
                (
                    "scope",
                    "Thu tiền dịch vụ và tiền ký quỹ của người lao động đi Nhật Bản",
                ),
                ("team", "Nguyễn Thanh Tra (trưởng đoàn), Lê Kiểm"),
                ("starts_on", "2026-11-23"),
                ("ends_on", "2026-11-27"),
                (
                    "basis",
                    "Đứng đầu bảng xếp hạng rủi ro: 4 khiếu nại trên 100 người đi",
                ),
            ],
        )
        .await;
    assert_eq!(status, 303, "{}", excerpt(&body));
    to.trim_start_matches("/inspections/")
        .parse()
        .expect("the inspection's page")
}

async fn open_and_find(w: &World, cookie: &str, id: i32) {
    let i = id.to_string();
    let (status, _, body) = w
        .post(
            &format!("/inspections/{id}"),
            cookie,
            &[
                ("_action", "open_inspection"),
                ("inspection_id", i.as_str()),
            ],
        )
        .await;
    assert_eq!(status, 303, "{}", excerpt(&body));
    let (status, _, body) = w
        .post(
            &format!("/inspections/{id}"),
            cookie,
            &[
                ("_action", "record_violation"),
                ("inspection_id", i.as_str()),
                ("code", "UNLAWFUL_FEE"),
                (
                    "act",
                    "Thu tiền dịch vụ 3 tháng lương của 3 người lao động đi Nhật Bản",
                ),
                ("clause", "Điểm a khoản 2 Điều 43 Nghị định 283/2026/NĐ-CP"),
                ("witnesses", "Trần Văn Chứng"),
                ("workers", "3"),
                ("committed_on", "2026-10-15"),
            ],
        )
        .await;
    assert_eq!(status, 303, "{}", excerpt(&body));
}

fn sanction_form(id: i32, no: &str, fine: &str) -> Vec<(&'static str, String)> {
    [
        ("_action", "record_sanction"),
        ("inspection_id", id.to_string().as_str()),
        ("decision_no", no),
        ("decided_on", "2026-11-23"),
        ("signer", "Phạm Chánh, Chánh Thanh tra Bộ Nội vụ"),
        ("fine_vnd", fine),
        ("extra", "suspension"),
        ("market", "JP"),
        ("effective_on", "2026-11-23"),
        ("months", "6"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The answer form as a browser sends it (multipart, with a photo when given).
async fn answer(
    w: &World,
    cookie: &str,
    inspection: i32,
    task: i32,
    text: &str,
    photo: Option<Vec<u8>>,
) -> (u16, String, String) {
    let mut form = reqwest::multipart::Form::new()
        .text("_action", "answer_remediation_task")
        .text("task_id", task.to_string())
        .text("answer", text.to_owned());
    if let Some(bytes) = photo {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name("bien-lai-hoan-tien.jpg")
            .mime_str("image/jpeg")
            .unwrap();
        form = form.part("evidence", part);
    }
    let address = &w.app.address;
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{address}/inspections/{inspection}"))
        .header("origin", address.as_str())
        .header("cookie", format!("ht_session={cookie}"))
        .multipart(form)
        .send()
        .await
        .expect("request sent");
    let status = res.status().as_u16();
    let to = location(&res);
    (status, to, res.text().await.unwrap())
}

#[test]
fn a_planned_inspection_is_invisible_to_the_agency_until_the_team_opens_it() {
    crate::helpers::run(async {
        let w = world().await;
        let team = inspector(&w).await;
        let id = plan(&w, &team).await;
        let page = format!("/inspections/{id}");

        let (status, body) = w.app.get_as(&page, &w.agency_admin).await;
        assert_eq!(status, 404, "{}", excerpt(&body));
        let (status, body) = w.app.get_as("/inspections", &w.agency_admin).await;
        assert_eq!(status, 200, "{}", excerpt(&body));
        assert!(
            !body.contains(&format!("/inspections/{id}\"")),
            "not listed"
        );
        assert!(!body.contains("Thu tiền dịch vụ và tiền ký quỹ"));
        let told = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("inspection"))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(told, 0, "nobody is told of a planned visit");
        // The team's list has it, with why it was chosen on its page.
        let (_, list) = w.app.get_as("/inspections", &team).await;
        assert!(list.contains(&format!("/inspections/{id}\"")));
        let (_, mine) = w.app.get_as(&page, &team).await;
        assert!(mine.contains("Đứng đầu bảng xếp hạng rủi ro"));

        open_and_find(&w, &team, id).await;
        let (status, body) = w.app.get_as(&page, &w.agency_admin).await;
        assert_eq!(status, 200, "{}", excerpt(&body));
        assert!(body.contains("data-status=\"open\""));
        assert!(
            !body.contains("Đứng đầu bảng xếp hạng rủi ro"),
            "why the agency was chosen is the team's"
        );
        let mails = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("inspection"))
            .all(&w.app.db)
            .await
            .unwrap();
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].recipient, "admin@saomai.vn");

        // Another agency learns nothing of it, and the agency may not record for the team.
        let other = AgencyFixture::named("Công ty Bình Minh", "9/LĐTBXH-GP", "0109876543")
            .insert(&w.app.db)
            .await;
        let rival = w
            .app
            .add_user(
                "admin@binhminh.vn",
                Role::AgencyAdmin,
                Some(other),
                None,
                None,
            )
            .await;
        let rival = w.app.session_for(rival).await;
        let (status, _) = w.app.get_as(&page, &rival).await;
        assert_eq!(status, 404);
        let (status, _, _) = w
            .post(
                &page,
                &w.agency_admin,
                &[
                    ("_action", "close_inspection"),
                    ("inspection_id", &id.to_string()),
                ],
            )
            .await;
        assert_eq!(status, 403);
        let planned = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("inspection.planned"))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(planned, 1);
    })
}

#[test]
fn a_fine_outside_the_range_is_refused_and_a_six_month_suspension_in_japan_takes_effect() {
    crate::helpers::run(async {
        let w = world().await;
        let team = inspector(&w).await;
        let id = plan(&w, &team).await;
        open_and_find(&w, &team, id).await;
        let page = format!("/inspections/{id}");
        let v = inspection_violation::Entity::find()
            .filter(inspection_violation::Column::InspectionId.eq(id))
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("the violation");
        assert_eq!((v.fine_min_vnd, v.fine_max_vnd), (80_000_000, 100_000_000));

        for fine in ["79.999.999", "100.000.001"] {
            let f = sanction_form(id, "15/QĐ-XPHC", fine);
            let (status, _, body) = w.post(&page, &team, &pairs(&f)).await;
            assert_eq!(status, 422, "{fine}");
            let e = field_error(&body, "fine_vnd").unwrap_or_default();
            assert!(e.contains("80.000.000") && e.contains("100.000.000"), "{e}");
            assert!(body.contains("Phạm Chánh"), "what was typed is kept");
        }
        assert_eq!(
            inspection_sanction::Entity::find()
                .count(&w.app.db)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            market_suspension::Entity::find()
                .count(&w.app.db)
                .await
                .unwrap(),
            0,
            "a refused decision suspends nothing"
        );

        let f = sanction_form(id, "15/QĐ-XPHC", "90.000.000");
        let (status, _, body) = w.post(&page, &team, &pairs(&f)).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let s = market_suspension::Entity::find()
            .filter(market_suspension::Column::AgencyId.eq(w.agency))
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("the suspension");
        assert_eq!(
            (s.market_code.as_str(), s.ends_on.to_string()),
            ("JP", "2027-05-22".to_owned())
        );
        let e = licence_event::Entity::find_by_id(s.licence_event_id.expect("its decision"))
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(e.decision_ref.as_deref(), Some("15/QĐ-XPHC"));
        assert_eq!(
            e.clause.as_deref(),
            Some("Điểm a khoản 2 Điều 43 Nghị định 283/2026/NĐ-CP")
        );

        // The decision is taken once.
        let again = sanction_form(id, "16/QĐ-XPHC", "90.000.000");
        let (status, _, _) = w.post(&page, &team, &pairs(&again)).await;
        assert_eq!(status, 422);
        assert_eq!(
            inspection_sanction::Entity::find()
                .count(&w.app.db)
                .await
                .unwrap(),
            1
        );

        // No new order in Japan; the public registry says so with the clause.
        let (status, _, body) = w
            .post(
                "/orders/new",
                &w.agency_admin,
                &[
                    ("_action", "order_draft"),
                    ("market_code", "JP"),
                    ("employer_name", "Yamato Seiki Co., Ltd."),
                    ("occupation", "7212"),
                    ("headcount", "3"),
                    ("wage_amount", "165.000"),
                    ("wage_currency", "JPY"),
                    ("term_months", "36"),
                    ("service_fee_vnd", "10.000.000"),
                    ("deposit_vnd", ""),
                    ("form", "licensed_agency"),
                    ("programme", "technical_intern"),
                    ("working_conditions", ""),
                ],
            )
            .await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        assert!(body.contains("22/05/2027"));
        let (_, public) = w.app.page(&format!("/agencies/{}", w.agency)).await;
        assert!(public.contains("data-standing=\"suspended\""));
        assert!(public.contains("15/QĐ-XPHC"));
        let (_, seen) = w.app.get_as(&page, &w.agency_admin).await;
        assert!(seen.contains("data-testid=\"sanction-suspension\""));
        assert!(seen.contains("90.000.000"));
        let sanctioned = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("inspection.sanctioned"))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(sanctioned, 1);
    })
}

#[test]
fn a_sanction_that_revokes_the_licence_takes_effect_on_its_day_and_the_agency_drafts_no_order() {
    crate::helpers::run(async {
        let w = world().await;
        let team = inspector(&w).await;
        let id = plan(&w, &team).await;
        open_and_find(&w, &team, id).await;
        let page = format!("/inspections/{id}");
        let revoking = |effective_on: &'static str| {
            let mut f = sanction_form(id, "21/QĐ-XPHC", "95.000.000");
            f.retain(|(k, _)| !matches!(*k, "extra" | "market" | "months" | "effective_on"));
            f.push(("extra", "revocation".to_owned()));
            f.push(("effective_on", effective_on.to_owned()));
            f
        };
        // A revocation is recorded on the day it takes effect, not ahead of it.
        let f = revoking("2026-12-01");
        let (status, _, body) = w.post(&page, &team, &pairs(&f)).await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        assert!(field_error(&body, "effective_on").is_some());
        assert!(body.contains("21/QĐ-XPHC"), "what was typed is kept");
        let a = agency::Entity::find_by_id(w.agency)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            a.licence_status, "active",
            "a refused decision revokes nothing"
        );

        let f = revoking("2026-11-23");
        let (status, _, body) = w.post(&page, &team, &pairs(&f)).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let a = agency::Entity::find_by_id(w.agency)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(a.licence_status, "revoked");
        assert_eq!(a.revoked_on, Some(crate::helpers::date(2026, 11, 23)));
        let s = inspection_sanction::Entity::find()
            .filter(inspection_sanction::Column::InspectionId.eq(id))
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("the sanction");
        assert_eq!(s.extra, "revocation");
        let e = licence_event::Entity::find_by_id(s.licence_event_id.expect("its decision"))
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(e.kind, "revoked");
        assert_eq!(e.decision_ref.as_deref(), Some("21/QĐ-XPHC"));

        let (status, _, body) = w
            .post(
                "/orders/new",
                &w.agency_admin,
                &[
                    ("_action", "order_draft"),
                    ("market_code", "JP"),
                    ("employer_name", "Yamato Seiki Co., Ltd."),
                    ("occupation", "7212"),
                    ("headcount", "3"),
                    ("wage_amount", "165.000"),
                    ("wage_currency", "JPY"),
                    ("term_months", "36"),
                    ("service_fee_vnd", "10.000.000"),
                    ("deposit_vnd", ""),
                    ("form", "licensed_agency"),
                    ("programme", "technical_intern"),
                    ("working_conditions", ""),
                ],
            )
            .await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        assert!(
            body.contains("Giấy phép của doanh nghiệp đã bị thu hồi"),
            "{}",
            excerpt(&body)
        );
        let (_, public) = w.app.page(&format!("/agencies/{}", w.agency)).await;
        assert!(
            public.contains("data-standing=\"revoked\""),
            "{}",
            excerpt(&public)
        );
        assert!(public.contains("21/QĐ-XPHC"));
        let (_, seen) = w.app.get_as(&page, &w.agency_admin).await;
        assert!(seen.contains("data-testid=\"sanction-revocation\""));
        let revoked = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("licence.revoked"))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(revoked, 1);
    })
}

#[test]
fn the_agency_answers_a_task_with_a_photo_the_team_returns_it_then_accepts_it_and_closes() {
    crate::helpers::run(async {
        let w = world().await;
        let team = inspector(&w).await;
        let id = plan(&w, &team).await;
        open_and_find(&w, &team, id).await;
        let page = format!("/inspections/{id}");
        let i = id.to_string();
        let (status, _, body) = w
            .post(
                &page,
                &team,
                &[
                    ("_action", "add_remediation_task"),
                    ("inspection_id", i.as_str()),
                    (
                        "description",
                        "Hoàn trả tiền dịch vụ thu vượt cho 3 người lao động",
                    ),
                    ("due_on", "2026-12-07"),
                ],
            )
            .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let task = remediation_task::Entity::find()
            .filter(remediation_task::Column::InspectionId.eq(id))
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("the task");

        // Closing waits for the task.
        let (status, _, body) = w
            .post(
                &page,
                &team,
                &[
                    ("_action", "close_inspection"),
                    ("inspection_id", i.as_str()),
                ],
            )
            .await;
        assert_eq!(status, 422);
        assert!(field_error(&body, "inspection_id")
            .unwrap_or_default()
            .contains('1'));

        // A file that is not a photo or PDF is refused next to its field; nothing is saved.
        let (status, _, body) = answer(
            &w,
            &w.agency_admin,
            id,
            task.id,
            "Đã hoàn trả",
            Some(b"MZ not a photo".to_vec()),
        )
        .await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        assert!(field_error(&body, "evidence").is_some());
        let (status, _, body) = answer(
            &w,
            &w.agency_admin,
            id,
            task.id,
            "Đã hoàn trả qua ngân hàng",
            Some(jpeg_with_gps()),
        )
        .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let file = remediation_file::Entity::find()
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("the evidence");
        assert!(
            !String::from_utf8_lossy(&file.bytes).contains("GPSLatitude"),
            "the photo lost its location"
        );
        let (status, body) = w.app.get_as(&format!("/evidence/{}", file.id), &team).await;
        assert_eq!(status, 200, "{}", excerpt(&body));

        let t = task.id.to_string();
        let (status, _, body) = w
            .post(
                &page,
                &team,
                &[
                    ("_action", "review_remediation_task"),
                    ("task_id", t.as_str()),
                    ("verdict", "return"),
                    ("note", "Thiếu chứng từ của người lao động thứ ba"),
                ],
            )
            .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let (_, seen) = w.app.get_as(&page, &w.agency_admin).await;
        assert!(seen.contains("data-status=\"returned\""));
        assert!(seen.contains("Thiếu chứng từ của người lao động thứ ba"));
        let (status, _, _) = answer(
            &w,
            &w.agency_admin,
            id,
            task.id,
            "Đã bổ sung chứng từ",
            None,
        )
        .await;
        assert_eq!(status, 303);
        let (status, _, _) = w
            .post(
                &page,
                &team,
                &[
                    ("_action", "review_remediation_task"),
                    ("task_id", t.as_str()),
                    ("verdict", "accept"),
                    ("note", ""),
                ],
            )
            .await;
        assert_eq!(status, 303);
        // An accepted task is not answered again.
        let (status, _, _) = answer(&w, &w.agency_admin, id, task.id, "Lần nữa", None).await;
        assert_eq!(status, 422);

        let (status, _, body) = w
            .post(
                &page,
                &team,
                &[
                    ("_action", "close_inspection"),
                    ("inspection_id", i.as_str()),
                ],
            )
            .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let row = inspection::Entity::find_by_id(id)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.status, "closed");
        let (_, record) = w.app.get_as(&format!("{page}/record"), &team).await;
        assert!(record.contains("BIÊN BẢN KIỂM TRA"));
        assert!(
            !record.contains("data-testid=\"close-form\""),
            "no forms on the record"
        );
        let returned = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("inspection"))
            .filter(outbox::Column::Subject.contains("chưa được chấp nhận"))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(returned, 1, "the agency is told why it was returned");
    })
}

#[test]
fn a_task_past_its_deadline_without_an_answer_is_flagged_overdue() {
    crate::helpers::run(async {
        let w = world().await;
        let team = inspector(&w).await;
        let id = plan(&w, &team).await;
        open_and_find(&w, &team, id).await;
        let i = id.to_string();
        let (status, _, _) = w
            .post(
                &format!("/inspections/{id}"),
                &team,
                &[
                    ("_action", "add_remediation_task"),
                    ("inspection_id", i.as_str()),
                    ("description", "Thanh lý hợp đồng còn tồn"),
                    ("due_on", "2026-11-25"),
                ],
            )
            .await;
        assert_eq!(status, 303);
        let (_, before) = w.app.get_as("/inspections", &team).await;
        assert!(!before.contains("data-testid=\"overdue-flag\""));
        w.app.clock.advance(chrono::TimeDelta::days(3));
        let team = w
            .app
            .session_for(
                app::backend::entity::user::Entity::find()
                    .filter(app::backend::entity::user::Column::Email.eq("thanhtra@bnv.gov.vn"))
                    .one(&w.app.db)
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
            )
            .await;
        let (_, after) = w.app.get_as("/inspections", &team).await;
        assert!(
            after.contains("data-testid=\"overdue-flag\""),
            "{}",
            excerpt(&after)
        );
        let (_, page) = w.app.get_as(&format!("/inspections/{id}"), &team).await;
        assert!(page.contains("data-overdue=\"true\""));
    })
}
