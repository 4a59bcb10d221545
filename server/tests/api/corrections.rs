//! Identity conflicts become correction requests: an agency typing a citizen ID on record under
//! other details, or one whose person has an open case with another agency, gets one answer and
//! learns nothing; the provincial officer of the record's province decides once; every version
//! of the record is kept.

use app::backend::entity::{audit_log, correction_request, outbox, user, worker, worker_version};
use app::domain::accounts::Role;
use chrono::TimeDelta;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::accounts::location;
use crate::helpers::AgencyFixture;
use crate::imports::upload_to;
use crate::lifecycle::{excerpt, world, World};

/// The world's worker, as the record holds them (signed up as Nguyễn Thị Lan, 2001-05-02).
const CID: &str = "001301012345";
const ANSWER: &str = "thông tin của người này cần được điều chỉnh";

struct Rival {
    agency: i32,
    admin: String,
    order: i32,
}

/// A second licensed agency, with its administrator and an approved order.
async fn rival(w: &World) -> Rival {
    let agency = AgencyFixture::named("Công ty Bình Minh", "456/LĐTBXH-GP", "0109876543")
        .insert(&w.app.db)
        .await;
    let id = w
        .app
        .add_user(
            "admin@binhminh.vn",
            Role::AgencyAdmin,
            Some(agency),
            None,
            None,
        )
        .await;
    let admin = w.app.session_for(id).await;
    let order = w.approved_order_of(&admin, "10").await;
    Rival {
        agency,
        admin,
        order,
    }
}

async fn open(w: &World, cookie: &str, order: i32, name: &str) -> (u16, String) {
    let order = order.to_string();
    let (status, _, body) = w
        .post(
            "/cases/new",
            cookie,
            &[
                ("_action", "case_open"),
                ("order_id", &order),
                ("citizen_id", CID),
                ("full_name", name),
                ("birth_date", "2001-05-02"),
                ("sex", "female"),
                ("phone", "0912345678"),
            ],
        )
        .await;
    (status, body)
}

/// The field's message of a refused form, as the page shows it.
fn field_message(body: &str) -> String {
    let at = body
        .find("data-testid=\"error-citizen_id\"")
        .unwrap_or_else(|| panic!("a message next to the citizen ID: {}", excerpt(body)));
    let rest = &body[at..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest.find("</").unwrap();
    rest[start..end].to_owned()
}

async fn attempts_told(w: &World) -> u64 {
    outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("case_attempt"))
        .filter(outbox::Column::Recipient.eq(w.worker_email))
        .count(&w.app.db)
        .await
        .unwrap()
}

#[test]
fn an_agency_gets_one_answer_whatever_is_on_record_and_learns_nothing_of_it() {
    crate::helpers::run(async {
        let w = world().await;
        let b = rival(&w).await;
        // Other details than the record's: a correction request, and the neutral answer.
        let (details_status, details_body) = open(&w, &b.admin, b.order, "Trần Thị Mai").await;
        assert_eq!(details_status, 422, "{}", excerpt(&details_body));
        assert!(details_body.contains(ANSWER), "{}", excerpt(&details_body));
        assert!(
            !details_body.contains("Nguyễn Thị Lan"),
            "the stored name leaks"
        );
        // The agency the worker has an open case with.
        let own_order = w.approved_order("10").await;
        let (status, _) = open(&w, &w.agency_admin, own_order, "Nguyễn Thị Lan").await;
        assert_eq!(status, 303);
        // The same person's right details while that case is open: the same answer, nothing
        // of the other agency, and no correction filed.
        let (elsewhere_status, elsewhere_body) =
            open(&w, &b.admin, b.order, "Nguyễn Thị Lan").await;
        assert_eq!(elsewhere_status, details_status);
        assert_eq!(field_message(&elsewhere_body), field_message(&details_body));
        for leak in ["Sao Mai", "123/LĐTBXH-GP", "0101234567"] {
            assert!(!elsewhere_body.contains(leak), "{leak} leaks");
        }
        let filed = correction_request::Entity::find()
            .all(&w.app.db)
            .await
            .unwrap();
        assert_eq!(filed.len(), 1, "only the details conflict files a request");
        assert_eq!(filed[0].agency_id, b.agency);
        assert_eq!(filed[0].proposed_full_name, "Trần Thị Mai");
        assert_eq!(filed[0].stored_full_name, "Nguyễn Thị Lan");
        // The same details again: still one request.
        let (status, _) = open(&w, &b.admin, b.order, "Trần Thị Mai").await;
        assert_eq!(status, 422);
        assert_eq!(
            correction_request::Entity::find()
                .count(&w.app.db)
                .await
                .unwrap(),
            1
        );
        // The worker is told of the attempt, at most once a day.
        assert_eq!(attempts_told(&w).await, 1);
        open(&w, &b.admin, b.order, "Nguyễn Thị Lan").await;
        assert_eq!(attempts_told(&w).await, 1, "told once a day");
        w.app.clock.advance(TimeDelta::hours(25));
        // Sessions last 12 hours: sign in again.
        let b_admin = session_of(&w, "admin@binhminh.vn").await;
        let a_admin = session_of(&w, "admin@saomai.vn").await;
        open(&w, &b_admin, b.order, "Nguyễn Thị Lan").await;
        assert_eq!(attempts_told(&w).await, 2, "told again the next day");
        // An import gets the same words for the same rows.
        let csv = format!(
            "citizen_id,full_name,birth_date,sex,phone,order_id\n\
             {CID},Trần Thị Mai,2001-05-02,female,0912345678,{}\n",
            b.order
        );
        let (status, _, body) = upload_to(
            &w.app.address,
            &b_admin,
            "workers.csv",
            "text/csv",
            csv.into_bytes(),
        )
        .await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        assert!(body.contains(ANSWER), "{}", excerpt(&body));
        assert!(!body.contains("Nguyễn Thị Lan") && !body.contains("Sao Mai"));
        // The agency's list shows what it typed, never what is stored.
        let (status, page) = w.app.get_as("/corrections", &b_admin).await;
        assert_eq!(status, 200);
        assert!(page.contains("Trần Thị Mai"), "{}", excerpt(&page));
        assert!(!page.contains("Nguyễn Thị Lan"), "the stored name leaks");
        let (status, page) = w.app.get_as("/corrections", &a_admin).await;
        assert_eq!(status, 200);
        assert!(
            !page.contains("Trần Thị Mai"),
            "another agency's request shows"
        );
    })
}

#[test]
fn the_records_provincial_officer_decides_once_and_the_replaced_version_is_kept() {
    crate::helpers::run(async {
        let w = world().await;
        let b = rival(&w).await;
        let (status, _) = open(&w, &b.admin, b.order, "Nguyễn Thị Lanh").await;
        assert_eq!(status, 422);
        let request = correction_request::Entity::find()
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("a correction request");
        let record = worker::Entity::find_by_id(request.worker_id)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        let province = record.province_code.clone();
        let other = if province == "79" { "01" } else { "79" };
        let officer = w
            .app
            .add_user(
                "so@tinh.gov.vn",
                Role::ProvincialOfficer,
                None,
                Some(&province),
                None,
            )
            .await;
        let officer = w.app.session_for(officer).await;
        let stranger = w
            .app
            .add_user(
                "so@khac.gov.vn",
                Role::ProvincialOfficer,
                None,
                Some(other),
                None,
            )
            .await;
        let stranger = w.app.session_for(stranger).await;
        let id = request.id;
        // Another province's officer sees nothing and cannot decide.
        let (_, page) = w.app.get_as("/corrections", &stranger).await;
        assert!(!page.contains("Nguyễn Thị Lanh"), "{}", excerpt(&page));
        let (status, ..) = decide(&w, &stranger, id, "proposed", "").await;
        assert_eq!(status, 404);
        // The record's officer sees both versions and who asked.
        let (status, page) = w.app.get_as("/corrections", &officer).await;
        assert_eq!(status, 200);
        for shown in [
            "Nguyễn Thị Lanh",
            "Nguyễn Thị Lan",
            "Công ty Bình Minh",
            CID,
        ] {
            assert!(page.contains(shown), "{shown}: {}", excerpt(&page));
        }
        // A rejection needs a reason, said next to the field; nothing is decided.
        let (status, _, body) = decide(&w, &officer, id, "rejected", "").await;
        assert_eq!(status, 422);
        assert!(
            body.contains("data-testid=\"error-reason\""),
            "{}",
            excerpt(&body)
        );
        // Keeping the agency's version rewrites the record and keeps the old one.
        let (status, _, body) =
            decide(&w, &officer, id, "proposed", "Đã xem căn cước bản gốc").await;
        assert_eq!(status, 200, "{}", excerpt(&body));
        assert!(
            body.contains("Đã quyết định yêu cầu điều chỉnh"),
            "{}",
            excerpt(&body)
        );
        let now = worker::Entity::find_by_id(record.id)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(now.full_name, "Nguyễn Thị Lanh");
        let kept = worker_version::Entity::find()
            .filter(worker_version::Column::WorkerId.eq(record.id))
            .all(&w.app.db)
            .await
            .unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].full_name, "Nguyễn Thị Lan");
        // The worker's own account shows the same person.
        let account = user::Entity::find()
            .filter(user::Column::Email.eq(w.worker_email))
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.full_name, "Nguyễn Thị Lanh");
        // Taken once: a second decision changes nothing.
        let (status, ..) = decide(&w, &officer, id, "stored", "").await;
        assert_ne!(status, 200);
        let after = correction_request::Entity::find_by_id(request.id)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after.outcome.as_deref(), Some("proposed"));
        // Audited, the worker told, the agency sees the outcome.
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("correction.decided"))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(audited, 1);
        let told = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("correction_decided"))
            .filter(outbox::Column::Recipient.eq(w.worker_email))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(told, 1);
        let (_, page) = w.app.get_as("/corrections", &b.admin).await;
        assert!(page.contains("Đã sửa hồ sơ"), "{}", excerpt(&page));
        // Now the agency's details are the record's: the case opens.
        let (status, _) = open(&w, &b.admin, b.order, "Nguyễn Thị Lanh").await;
        assert_eq!(status, 303);
    })
}

#[test]
fn a_request_filed_against_details_that_changed_since_cannot_be_kept_and_nothing_is_decided() {
    crate::helpers::run(async {
        use sea_orm::{ActiveModelTrait, Set};
        let w = world().await;
        let b = rival(&w).await;
        let (status, _) = open(&w, &b.admin, b.order, "Nguyễn Thị Lanh").await;
        assert_eq!(status, 422);
        let request = correction_request::Entity::find()
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("a correction request");
        // Meanwhile the record changed (another request, decided first).
        worker::ActiveModel {
            id: Set(request.worker_id),
            full_name: Set("Nguyễn Thị Hồng".into()),
            ..Default::default()
        }
        .update(&w.app.db)
        .await
        .unwrap();
        let province = worker::Entity::find_by_id(request.worker_id)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap()
            .province_code;
        let officer = w
            .app
            .add_user(
                "so@tinh.gov.vn",
                Role::ProvincialOfficer,
                None,
                Some(&province),
                None,
            )
            .await;
        let officer = w.app.session_for(officer).await;
        let (status, _, body) = decide(&w, &officer, request.id, "proposed", "").await;
        assert_ne!(status, 200, "{}", excerpt(&body));
        assert!(
            body.contains("data-testid=\"form-error\""),
            "{}",
            excerpt(&body)
        );
        let record = worker::Entity::find_by_id(request.worker_id)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            record.full_name, "Nguyễn Thị Hồng",
            "the newer details stay"
        );
        let after = correction_request::Entity::find_by_id(request.id)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after.outcome, None, "nothing is decided");
        let kept = worker_version::Entity::find()
            .filter(worker_version::Column::WorkerId.eq(request.worker_id))
            .count(&w.app.db)
            .await
            .unwrap();
        assert_eq!(kept, 0);
    })
}

async fn session_of(w: &World, email: &str) -> String {
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&w.app.db)
        .await
        .unwrap()
        .unwrap();
    w.app.session_for(u.id).await
}

async fn decide(
    w: &World,
    cookie: &str,
    id: i32,
    choice: &str,
    reason: &str,
) -> (u16, String, String) {
    let id = id.to_string();
    w.post(
        "/corrections",
        cookie,
        &[
            ("_action", "decide_correction"),
            ("correction_id", &id),
            ("choice", choice),
            ("reason", reason),
        ],
    )
    .await
}

/// The evidence form as a browser sends it (multipart, with a file).
async fn evidence(
    w: &World,
    cookie: &str,
    id: i32,
    reason: &str,
    scan: Option<(&str, &str, Vec<u8>)>,
) -> (u16, String, String) {
    let mut form = reqwest::multipart::Form::new()
        .text("_action", "correction_evidence")
        .text("correction_id", id.to_string())
        .text("reason", reason.to_owned());
    if let Some((name, kind, bytes)) = scan {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str(kind)
            .unwrap();
        form = form.part("scan", part);
    }
    let address = &w.app.address;
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{address}/corrections"))
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
fn the_asking_agency_adds_its_reason_and_a_scan_and_no_other_agency_can() {
    crate::helpers::run(async {
        let w = world().await;
        let b = rival(&w).await;
        open(&w, &b.admin, b.order, "Trần Thị Mai").await;
        let request = correction_request::Entity::find()
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("a correction request");
        let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n".to_vec();
        // Another agency cannot add to it, nor learn it exists.
        let (status, ..) = evidence(
            &w,
            &w.agency_admin,
            request.id,
            "Chúng tôi",
            Some(("cccd.pdf", "application/pdf", pdf.clone())),
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = w
            .app
            .get_as(
                &format!("/corrections/{}/scan", request.id),
                &w.agency_admin,
            )
            .await;
        assert_eq!(status, 404);
        // A reason is needed; said next to the field.
        let (status, _, body) = evidence(&w, &b.admin, request.id, " ", None).await;
        assert_eq!(status, 422);
        assert!(
            body.contains("data-testid=\"error-reason\""),
            "{}",
            excerpt(&body)
        );
        let (status, _, body) = evidence(
            &w,
            &b.admin,
            request.id,
            "Tên trên căn cước là Trần Thị Mai",
            Some(("cccd.pdf", "application/pdf", pdf.clone())),
        )
        .await;
        assert_eq!(status, 200, "{}", excerpt(&body));
        assert!(body.contains("Đã thêm lý do"), "{}", excerpt(&body));
        let stored = correction_request::Entity::find_by_id(request.id)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.reason, "Tên trên căn cước là Trần Thị Mai");
        assert_eq!(stored.scan_bytes.as_deref(), Some(pdf.as_slice()));
        let (status, _) = w
            .app
            .get_as(&format!("/corrections/{}/scan", request.id), &b.admin)
            .await;
        assert_eq!(status, 200);
    })
}
