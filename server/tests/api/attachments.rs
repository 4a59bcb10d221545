//! Attached files: stored with their metadata stripped, served only to whom may see the case,
//! always as a download.

use app::backend::audit::RequestMeta;
use app::backend::entity::{audit_log, user};
use app::backend::{attachments, ServiceError};
use app::domain::access::Actor;
use app::domain::accounts::Role;
use app::views::forms::UploadedFile;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{add_case, AgencyFixture};
use crate::lifecycle::world;

/// A small JPEG whose EXIF segment holds a GPS position.
fn jpeg_with_gps() -> Vec<u8> {
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

fn file(name: &str, bytes: Vec<u8>) -> UploadedFile {
    UploadedFile {
        field: "file".into(),
        file_name: name.into(),
        content_type: "image/jpeg".into(),
        bytes,
    }
}

async fn agency_admin(db: &sea_orm::DatabaseConnection, email: &str) -> Actor {
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    Actor {
        user_id: u.id,
        role: Role::AgencyAdmin,
        agency_id: u.agency_id,
        head_office: true,
        province_code: None,
        worker_id: None,
    }
}

#[test]
fn an_attached_photo_is_served_without_its_gps_only_to_its_case_and_only_as_a_download() {
    crate::helpers::run(async {
        let w = world().await;
        let db = &w.app.db;
        w.approved_order("10").await;
        let case_id = add_case(db, w.agency).await;
        let owner = agency_admin(db, "admin@saomai.vn").await;
        let meta = RequestMeta::default();
        let id = attachments::attach(
            &w.app.backend,
            &meta,
            Some(&owner),
            case_id,
            &file("biên lai \"phí\".jpeg", jpeg_with_gps()),
        )
        .await
        .expect("the agency attaches a photo to its case");
        let res = w
            .app
            .client
            .get(format!("{}/files/{id}", w.app.address))
            .header("cookie", format!("ht_session={}", w.agency_admin))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let h = res.headers().clone();
        assert_eq!(h["content-type"], "image/jpeg");
        assert_eq!(h["x-content-type-options"], "nosniff");
        // The quotes of the sent name are gone; an ASCII name for old clients, the real one
        // percent-encoded beside it.
        assert_eq!(
            h["content-disposition"].to_str().unwrap(),
            format!(
                "attachment; filename=\"bi_n_lai_ph_.jpg\"; filename*=UTF-8''{}",
                app::domain::agencies::encode_component("biên lai phí.jpg")
            )
        );
        assert_eq!(h["cache-control"], "private, no-store");
        let body = res.bytes().await.unwrap();
        assert!(body.starts_with(&[0xFF, 0xD8]));
        assert!(
            !String::from_utf8_lossy(&body).contains("GPSLatitude"),
            "no GPS position is served"
        );
        assert_eq!(
            audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq("attachment.added"))
                .count(db)
                .await
                .unwrap(),
            1
        );

        // Another agency: as if it did not exist, to download or to attach.
        let other = AgencyFixture::named("Công ty Á Châu", "88/LĐTBXH-GP", "0108888888")
            .insert(db)
            .await;
        let other_user = w
            .app
            .add_user("admin@achau.vn", Role::AgencyAdmin, Some(other), None, None)
            .await;
        let other_session = w.app.session_for(other_user).await;
        let (status, _) = w.app.get_as(&format!("/files/{id}"), &other_session).await;
        assert_eq!(status, 404);
        let (status, _) = w.app.get_as("/files/999999", &w.agency_admin).await;
        assert_eq!(status, 404, "a missing file answers the same");
        let other_actor = agency_admin(db, "admin@achau.vn").await;
        let refused = attachments::attach(
            &w.app.backend,
            &meta,
            Some(&other_actor),
            case_id,
            &file("x.jpg", jpeg_with_gps()),
        )
        .await;
        assert!(
            matches!(refused, Err(ServiceError::NotFound)),
            "{refused:?}"
        );
        // Signed out: to the sign-in page.
        let res = w.app.get(&format!("/files/{id}")).await;
        assert_eq!(res.status().as_u16(), 303);
    })
}

#[test]
fn a_page_disguised_as_a_pdf_is_refused_by_its_content_and_nothing_is_stored() {
    crate::helpers::run(async {
        let w = world().await;
        let db = &w.app.db;
        w.approved_order("10").await;
        let case_id = add_case(db, w.agency).await;
        let owner = agency_admin(db, "admin@saomai.vn").await;
        let html = b"<html><script>alert(document.cookie)</script></html>".to_vec();
        let refused = attachments::attach(
            &w.app.backend,
            &RequestMeta::default(),
            Some(&owner),
            case_id,
            &file("receipt.pdf", html),
        )
        .await;
        assert!(
            matches!(refused, Err(ServiceError::Invalid(_))),
            "{refused:?}"
        );
        assert_eq!(
            app::backend::entity::attachment::Entity::find()
                .count(db)
                .await
                .unwrap(),
            0
        );
    })
}
