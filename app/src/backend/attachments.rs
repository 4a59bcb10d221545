//! Files attached to a case (identity corrections, payment receipts, complaint and remediation
//! evidence), stored in the database so every server process serves them.
//!
//! What a file is, is decided from its bytes (`infer`), never from the name or the type the
//! browser claims: JPEG, PNG and PDF only, at most `MAX_BYTES`. Photos lose their metadata before
//! they are stored (`img-parts`): EXIF with its GPS position, XMP, comments, text chunks. A file
//! is served only to whom may see its case, and as a download (`Content-Disposition:
//! attachment`, `nosniff`), so a browser never runs it as a page.

use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use super::audit::{self, Entry, RequestMeta};
use super::cases::case_record;
use super::entity::attachment;
use super::secrets::sha256_hex;
use super::{Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, CaseFacts, Decision, Target};
use crate::domain::forms::{FieldErrors, Problem};
use crate::views::forms::UploadedFile;

/// The largest file kept (after metadata is stripped).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// The kinds of file kept, by what their bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    Pdf,
}

impl Kind {
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Pdf => "application/pdf",
        }
    }

    pub fn of(bytes: &[u8]) -> Option<Kind> {
        match infer::get(bytes)?.mime_type() {
            "image/jpeg" => Some(Kind::Jpeg),
            "image/png" => Some(Kind::Png),
            "application/pdf" => Some(Kind::Pdf),
            _ => None,
        }
    }
}

/// A file ready to store: its kind, its bytes without metadata, a name safe to send back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub kind: Kind,
    pub bytes: Vec<u8>,
    pub file_name: String,
}

/// Why a file is refused, as the problem shown next to the file field.
pub fn check(file: &UploadedFile) -> Result<Checked, Problem> {
    if file.bytes.is_empty() {
        return Err(Problem::Required);
    }
    if file.bytes.len() > MAX_BYTES {
        return Err(Problem::FileTooLarge {
            max_mib: u32::try_from(MAX_BYTES / (1024 * 1024)).unwrap_or(u32::MAX),
        });
    }
    let kind = Kind::of(&file.bytes).ok_or(Problem::FileType)?;
    let bytes = match kind {
        Kind::Jpeg => strip_jpeg(&file.bytes).ok_or(Problem::FileType)?,
        Kind::Png => strip_png(&file.bytes).ok_or(Problem::FileType)?,
        Kind::Pdf => file.bytes.clone(),
    };
    Ok(Checked {
        kind,
        bytes,
        file_name: safe_name(&file.file_name, kind),
    })
}

/// The JPEG without its APP1–APP15 segments (EXIF and its GPS position, XMP, vendor data) and
/// comments; the picture itself is left as it was.
fn strip_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    use img_parts::jpeg::{markers, Jpeg};
    let mut jpeg = Jpeg::from_bytes(img_parts::Bytes::copy_from_slice(bytes)).ok()?;
    // Kept: APP0 (JFIF), APP2 (the ICC colour profile) and APP14 (Adobe: how CMYK colours are
    // stored); without them colours change. Dropped with EXIF: its orientation, so a phone photo
    // may show turned (a known cost until EXIF can be rewritten without its GPS).
    jpeg.segments_mut().retain(|s| {
        let m = s.marker();
        let metadata = (markers::APP1..=markers::APP15).contains(&m)
            && m != markers::APP2
            && m != markers::APP14;
        !(metadata || m == markers::COM)
    });
    Some(jpeg.encoder().bytes().to_vec())
}

/// The PNG without EXIF and text chunks (which can carry the same).
fn strip_png(bytes: &[u8]) -> Option<Vec<u8>> {
    use img_parts::png::Png;
    use img_parts::ImageEXIF;
    let mut png = Png::from_bytes(img_parts::Bytes::copy_from_slice(bytes)).ok()?;
    png.set_exif(None);
    for kind in [*b"tEXt", *b"iTXt", *b"zTXt"] {
        png.remove_chunks_by_type(kind);
    }
    Some(png.encoder().bytes().to_vec())
}

/// The sender's file name without folders, quotes or control characters, at most 120
/// characters, ending in the extension of what the file really is.
fn safe_name(name: &str, kind: Kind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let clean: String = stem
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | ';' | '<' | '>'))
        .take(120)
        .collect();
    let stem = if clean.trim().is_empty() {
        "tep-dinh-kem".to_owned()
    } else {
        clean.trim().to_owned()
    };
    let ext = match kind {
        Kind::Jpeg => "jpg",
        Kind::Png => "png",
        Kind::Pdf => "pdf",
    };
    format!("{stem}.{ext}")
}

/// Attaches a file to a case: for whoever may act on the case (its agency's staff, its worker).
/// Someone who may not see the case learns nothing of it (404).
pub async fn attach(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    case_id: i32,
    file: &UploadedFile,
) -> Result<i32, ServiceError> {
    let rec = case_record(backend, meta, actor, case_id).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let facts = CaseFacts {
        agency_id: rec.case.agency_id,
        worker_id: rec.worker.id,
        worker_province: rec.worker.province_code.clone(),
    };
    if decide(Some(actor), Action::ChangeCase, Target::Case(&facts)) != Decision::Allow {
        super::access::require(
            backend,
            meta,
            Some(actor),
            Action::ChangeCase,
            Target::Case(&facts),
            ("case", case_id.to_string()),
        )
        .await?;
    }
    let checked = checked_or_field_error(file)?;
    let txn = backend.begin_write().await?;
    let id = store(
        &txn,
        backend,
        meta,
        actor,
        case_id,
        rec.case.agency_id,
        checked,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// A file checked, or the problem shown next to its field.
pub fn checked_or_field_error(file: &UploadedFile) -> Result<Checked, ServiceError> {
    check(file).map_err(|problem| {
        let mut e = FieldErrors::default();
        e.add(&file.field, problem);
        ServiceError::Invalid(e)
    })
}

/// Stores a checked file on a case in `txn`, with its audit entry, for a use case that has
/// already checked who may attach it (a payment's receipt photo goes in with its payment).
pub async fn store<C: sea_orm::ConnectionTrait>(
    txn: &C,
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    case_id: i32,
    agency_id: i32,
    checked: Checked,
) -> Result<i32, ServiceError> {
    let now = backend.clock.now();
    let size =
        i32::try_from(checked.bytes.len()).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
    let sha256 = sha256_hex(&checked.bytes);
    let row = attachment::ActiveModel {
        case_id: Set(case_id),
        file_name: Set(checked.file_name.clone()),
        content_type: Set(checked.kind.content_type().to_owned()),
        size: Set(size),
        sha256: Set(sha256.clone()),
        bytes: Set(checked.bytes),
        uploaded_by: Set(actor.user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::append(
        txn,
        &backend.keys,
        now,
        meta,
        Entry::new("attachment.added")
            .by(Some(actor))
            .record("attachment", row.id)
            .agency(Some(agency_id))
            .case(case_id)
            .after(serde_json::json!({
                "file_name": checked.file_name,
                "content_type": checked.kind.content_type(),
                "size": size,
                "sha256": sha256,
            })),
    )
    .await?;
    Ok(row.id)
}

/// A stored file as it is sent.
pub struct Download {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A file, for whoever may see its case; anyone else is told it does not exist.
pub async fn download(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<Download, ServiceError> {
    actor.ok_or(ServiceError::Unauthenticated)?;
    let row = attachment::Entity::find_by_id(id)
        .one(&backend.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    case_record(backend, meta, actor, row.case_id).await?;
    // The receipt of a statement the worker showed only to inspectors is not the agency's.
    if super::payments::attachment_hidden(backend, actor, id).await? {
        return Err(ServiceError::NotFound);
    }
    let kind = Kind::of(&row.bytes);
    if kind.map(Kind::content_type) != Some(row.content_type.as_str()) {
        tracing::error!(attachment = id, stored = %row.content_type, "attachment bytes do not match their type");
        return Err(ServiceError::Unexpected(
            format!("attachment {id} does not match its stored type").into(),
        ));
    }
    Ok(Download {
        file_name: row.file_name,
        content_type: row.content_type,
        bytes: row.bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(name: &str, bytes: Vec<u8>) -> UploadedFile {
        UploadedFile {
            field: "file".into(),
            file_name: name.into(),
            content_type: "application/octet-stream".into(),
            bytes,
        }
    }

    /// A tiny JPEG with an EXIF segment holding a GPS tag and a comment.
    pub fn jpeg_with_gps() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        // APP0 JFIF
        b.extend([
            0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
        ]);
        // APP1 Exif with a recognisable "GPS" payload
        let exif = b"Exif\0\0MM\0*\0\0\0\x08GPSLatitude=21.0285N";
        let len = u16::try_from(exif.len() + 2).unwrap();
        b.extend([0xFF, 0xE1]);
        b.extend(len.to_be_bytes());
        b.extend(exif);
        // COM
        b.extend([0xFF, 0xFE, 0x00, 0x07, b'h', b'e', b'l', b'l', b'o']);
        // A minimal picture: DQT-free SOS with entropy data, then EOI
        b.extend([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        b.extend([0x12, 0x34, 0x56]);
        b.extend([0xFF, 0xD9]);
        b
    }

    #[test]
    fn a_jpeg_loses_its_exif_gps_and_comments_and_keeps_its_picture() {
        let original = jpeg_with_gps();
        let checked = check(&upload("ảnh CCCD.jpeg", original.clone())).expect("a JPEG");
        assert_eq!(checked.kind, Kind::Jpeg);
        let text = String::from_utf8_lossy(&checked.bytes);
        assert!(!text.contains("GPSLatitude"), "the GPS position is gone");
        assert!(!text.contains("Exif"));
        assert!(!text.contains("hello"), "the comment is gone");
        assert!(text.contains("JFIF"), "the JFIF header stays");
        assert!(checked.bytes.ends_with(&[0x12, 0x34, 0x56, 0xFF, 0xD9]));
        assert_eq!(checked.file_name, "ảnh CCCD.jpg");
    }

    #[test]
    fn the_type_comes_from_the_bytes_not_the_name() {
        let html = b"<html><script>alert(1)</script></html>".to_vec();
        assert_eq!(check(&upload("receipt.pdf", html)), Err(Problem::FileType));
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec();
        let checked = check(&upload("../../etc/passwd", pdf)).expect("a PDF");
        assert_eq!(checked.kind, Kind::Pdf);
        assert_eq!(checked.file_name, "passwd.pdf");
    }

    #[test]
    fn an_empty_or_oversized_file_is_refused_with_its_reason() {
        assert_eq!(check(&upload("a.pdf", Vec::new())), Err(Problem::Required));
        let mut big = b"%PDF-1.7\n".to_vec();
        big.resize(MAX_BYTES + 1, b' ');
        assert_eq!(
            check(&upload("a.pdf", big)),
            Err(Problem::FileTooLarge { max_mib: 5 })
        );
    }

    #[test]
    fn a_file_name_keeps_no_quotes_or_folders() {
        assert_eq!(safe_name("C:\\Users\\lan\\\"x\";.png", Kind::Png), "x.png");
        assert_eq!(safe_name("", Kind::Pdf), "tep-dinh-kem.pdf");
    }
}
