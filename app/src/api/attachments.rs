//! Attached files, served by a plain route (`/files/{id}`) so the browser downloads them.

#[cfg(feature = "ssr")]
pub use crate::backend::attachments::Download;

/// The file, for whoever may see its case.
#[cfg(feature = "ssr")]
pub async fn download(c: &super::ctx::Ctx, id: i32) -> Result<Download, super::AppError> {
    Ok(crate::backend::attachments::download(&c.backend, &c.meta, c.actor(), id).await?)
}
