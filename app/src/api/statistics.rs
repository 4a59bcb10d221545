//! Server functions of the officers' statistics page and its drill-down list; the exports are
//! plain routes (files), called from the composition root.

use leptos::prelude::*;

use super::AppError;
#[cfg(feature = "ssr")]
use crate::views::statistics::DrillExportForm;
use crate::views::statistics::{DrillQuery, DrillView, StatisticsQuery, StatisticsView};

#[cfg(feature = "ssr")]
use super::ctx::ctx;

#[server(endpoint = "statistics/pivot", input = leptos::server_fn::codec::Json)]
pub async fn statistics(q: StatisticsQuery) -> Result<StatisticsView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::statistics::view(&c.backend, &c.meta, c.actor(), &q).await?)
}

#[server(endpoint = "statistics/cases", input = leptos::server_fn::codec::Json)]
pub async fn statistics_cases(q: DrillQuery) -> Result<DrillView, AppError> {
    let c = ctx()?;
    Ok(crate::backend::statistics::drill(&c.backend, &c.meta, c.actor(), &q).await?)
}

/// The table as a file: `format` is `csv` or `xlsx`.
#[cfg(feature = "ssr")]
pub async fn export_table(
    c: &super::ctx::Ctx,
    query: &str,
    format: &str,
) -> Result<crate::backend::statistics::export::ExportFile, AppError> {
    use crate::backend::statistics::export::{self, Format_};
    let q: StatisticsQuery = serde_urlencoded::from_str(query).map_err(|_| AppError::NotFound)?;
    let format = Format_::parse(format).ok_or(AppError::NotFound)?;
    Ok(export::table(&c.backend, &c.meta, c.actor(), &q, format).await?)
}

/// The cases behind a number as a file, from the export form's fields. A refusal of the form
/// (no purpose, too many rows) is `Err(Ok(form))`, to be shown again with what was typed.
#[cfg(feature = "ssr")]
pub async fn export_cases(
    c: &super::ctx::Ctx,
    fields: &[(String, String)],
) -> Result<
    crate::backend::statistics::export::ExportFile,
    Result<(DrillExportForm, String), AppError>,
> {
    use crate::backend::ServiceError;
    let encoded = serde_urlencoded::to_string(fields).map_err(|_| Err(AppError::NotFound))?;
    let form: DrillExportForm =
        serde_urlencoded::from_str(&encoded).map_err(|_| Err(AppError::NotFound))?;
    match crate::backend::statistics::export::cases(&c.backend, &c.meta, c.actor(), &form).await {
        Ok(file) => Ok(file),
        Err(ServiceError::Invalid(errors)) => {
            use crate::domain::forms::Problem;
            let code = match errors.first_for("purpose") {
                Some(Problem::OverExportCap { .. }) => "over_cap",
                Some(_) => "purpose",
                // Only a crafted form sends a format the select does not offer.
                None => return Err(Err(AppError::NotFound)),
            };
            Err(Ok((form, code.to_owned())))
        }
        Err(e) => Err(Err(e.into())),
    }
}
