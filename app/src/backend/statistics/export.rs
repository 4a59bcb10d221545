//! Exports of the statistics: a table as CSV or XLSX (no personal data), and the cases behind a
//! number (personal data: the roles that may search those cases, a purpose asked and recorded,
//! a row cap, an audit entry). XLSX is written by rust_xlsxwriter in constant-memory mode on a
//! blocking thread, fed in batches, so a large export neither holds every row nor stalls the
//! async threads.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::query::{self, Spec};
use super::{figure_text, label_of, scope};
use crate::backend::audit::{self, Entry, RequestMeta};
use crate::backend::{Backend, ServiceError};
use crate::domain::access::{Action, Actor};
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::statistics::{Dim, Figure, Pivot, PURPOSE_MIN};
use crate::i18n::{statistics as words, Lang};
use crate::views::statistics::{DimLabels, DrillExportForm, StatisticsQuery};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format_ {
    Csv,
    Xlsx,
}

impl Format_ {
    pub fn parse(s: &str) -> Option<Format_> {
        match s {
            "csv" => Some(Format_::Csv),
            "xlsx" => Some(Format_::Xlsx),
            _ => None,
        }
    }
}

/// A file to download.
pub struct ExportFile {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub file_name: String,
}

fn unexpected(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Unexpected(e.to_string().into())
}

fn xlsx_error(e: XlsxError) -> ServiceError {
    unexpected(e)
}

/// The table as rows of text: a heading row, one row per row key with its total, and the totals.
fn table_rows(spec: &Spec, pivot: &Pivot, labels: &[DimLabels]) -> Vec<Vec<Cell>> {
    let m = spec.measure;
    let head_of = |d: Option<Dim>, key: &str| match d {
        Some(d) => label_of(labels, d, key),
        None => words::measure(Lang::Vi, m).to_owned(),
    };
    let mut out = Vec::with_capacity(pivot.rows.len() + 2);
    let mut head =
        vec![Cell::Text(spec.rows.map_or_else(String::new, |d| {
            words::dim(Lang::Vi, d).to_owned()
        }))];
    if spec.cols.is_some() {
        head.extend(pivot.cols.iter().map(|c| Cell::Text(head_of(spec.cols, c))));
    }
    head.push(Cell::Text("Tổng".into()));
    out.push(head);
    let figure = |f: Figure| match f {
        Figure::Count(n) => Cell::Number(n as f64),
        other => Cell::Text(figure_text(other)),
    };
    for r in &pivot.rows {
        let mut line = vec![Cell::Text(head_of(spec.rows, r))];
        if spec.cols.is_some() {
            line.extend(pivot.cols.iter().map(|c| figure(pivot.cell(r, c).value(m))));
        }
        line.push(figure(pivot.row_totals[r].value(m)));
        out.push(line);
    }
    let mut total = vec![Cell::Text("Tổng".into())];
    if spec.cols.is_some() {
        total.extend(
            pivot
                .cols
                .iter()
                .map(|c| figure(pivot.col_totals[c].value(m))),
        );
    }
    total.push(figure(pivot.total.value(m)));
    out.push(total);
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Number(f64),
}

fn csv_bytes(rows: &[Vec<Cell>]) -> Result<Vec<u8>, ServiceError> {
    // UTF-8 with a BOM, so spreadsheet programs read Vietnamese correctly.
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        w.write_record(row.iter().map(|c| match c {
            Cell::Text(t) => neutralised(t),
            Cell::Number(n) => format!("{n}"),
        }))
        .map_err(unexpected)?;
    }
    w.into_inner().map_err(unexpected)
}

/// A leading formula character is neutralised for spreadsheets.
fn neutralised(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn xlsx_table(rows: Vec<Vec<Cell>>) -> Result<Vec<u8>, ServiceError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet_with_constant_memory();
    for (i, row) in rows.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            let (r, col) = (i as u32, j as u16);
            match c {
                Cell::Text(t) if i == 0 => sheet.write_string_with_format(r, col, t, &bold),
                Cell::Text(t) => sheet.write_string(r, col, t),
                Cell::Number(n) => sheet.write_number(r, col, *n),
            }
            .map_err(xlsx_error)?;
        }
    }
    book.save_to_buffer().map_err(xlsx_error)
}

/// The table of a statistics view as a file.
pub async fn table(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    q: &StatisticsQuery,
    format: Format_,
) -> Result<ExportFile, ServiceError> {
    let province = scope(backend, meta, actor, Action::ViewStatistics).await?;
    let (spec, applied, _) = super::read(q, backend.clock.today(), province);
    let pivot = query::pivot(&backend.db, &spec).await?;
    let labels = super::labels::all(backend, [&pivot], &spec).await?;
    let rows = table_rows(&spec, &pivot, &labels);
    let name = format!("thong-ke-{}", spec.measure.as_str().replace('_', "-"));
    let file = match format {
        Format_::Csv => ExportFile {
            bytes: csv_bytes(&rows)?,
            content_type: "text/csv; charset=utf-8",
            file_name: format!("{name}.csv"),
        },
        Format_::Xlsx => ExportFile {
            bytes: tokio::task::spawn_blocking(move || xlsx_table(rows))
                .await
                .map_err(unexpected)??,
            content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            file_name: format!("{name}.xlsx"),
        },
    };
    audit::record(
        &backend.db,
        &backend.keys,
        backend.clock.now(),
        meta,
        Entry::new("statistics.exported")
            .by(actor)
            .record("statistics", spec.measure.as_str())
            .after(serde_json::json!({"query": applied.pairs(), "format": file.file_name})),
    )
    .await?;
    Ok(file)
}

/// Rows a drill-down export reads per statement.
const BATCH: u64 = 5_000;
/// Rows an XLSX sheet holds below its heading (Excel's limit is 1,048,576 in all); more go on
/// to the next sheet, headed the same.
const XLSX_SHEET_ROWS: u32 = 1_048_575;

const CASE_HEADINGS: [&str; 11] = [
    "case_id",
    "full_name",
    "citizen_id",
    "sex",
    "province",
    "agency",
    "market",
    "state",
    "departed_on",
    "ended_on",
    "end_reason",
];

fn case_fields(c: &crate::views::statistics::DrillCase) -> [String; 11] {
    [
        c.id.to_string(),
        c.worker_name.clone(),
        c.citizen_id.clone(),
        c.sex.clone(),
        c.province.clone(),
        c.agency.clone(),
        c.market.clone(),
        c.state.clone(),
        c.departed_on.map(|d| d.to_string()).unwrap_or_default(),
        c.ended_on.map(|d| d.to_string()).unwrap_or_default(),
        c.end_reason.clone().unwrap_or_default(),
    ]
}

/// Where the blocking writer of a drill-down export puts rows.
enum Sink {
    Csv(Box<csv::Writer<Vec<u8>>>),
    /// The book, its last sheet's index and that sheet's next row.
    Xlsx(Box<Workbook>, usize, u32),
}

/// A new constant-memory sheet with the headings; its first free row is 1.
fn headed_sheet(book: &mut Workbook) -> Result<(), ServiceError> {
    let sheet = book.add_worksheet_with_constant_memory();
    for (j, h) in CASE_HEADINGS.iter().enumerate() {
        sheet.write_string(0, j as u16, *h).map_err(xlsx_error)?;
    }
    Ok(())
}

impl Sink {
    fn new(format: Format_) -> Result<Sink, ServiceError> {
        Ok(match format {
            Format_::Csv => {
                let mut w = Box::new(csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec()));
                w.write_record(CASE_HEADINGS).map_err(unexpected)?;
                Sink::Csv(w)
            }
            Format_::Xlsx => {
                let mut book = Box::new(Workbook::new());
                headed_sheet(&mut book)?;
                Sink::Xlsx(book, 0, 1)
            }
        })
    }

    fn write(&mut self, rows: &[[String; 11]]) -> Result<(), ServiceError> {
        match self {
            Sink::Csv(w) => {
                for r in rows {
                    w.write_record(r.iter().map(|f| neutralised(f)))
                        .map_err(unexpected)?;
                }
            }
            Sink::Xlsx(book, index, next) => {
                for r in rows {
                    if *next > XLSX_SHEET_ROWS {
                        headed_sheet(book)?;
                        *index += 1;
                        *next = 1;
                    }
                    let sheet = book.worksheet_from_index(*index).map_err(xlsx_error)?;
                    for (j, f) in r.iter().enumerate() {
                        if j == 0 {
                            let id: f64 = f.parse().map_err(unexpected)?;
                            sheet.write_number(*next, 0, id).map_err(xlsx_error)?;
                        } else {
                            sheet.write_string(*next, j as u16, f).map_err(xlsx_error)?;
                        }
                    }
                    *next += 1;
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<Vec<u8>, ServiceError> {
        match self {
            Sink::Csv(w) => w.into_inner().map_err(unexpected),
            Sink::Xlsx(mut book, _, _) => book.save_to_buffer().map_err(xlsx_error),
        }
    }
}

/// The cases behind a number as a file, for a stated purpose, within the row cap.
pub async fn cases(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    form: &DrillExportForm,
) -> Result<ExportFile, ServiceError> {
    let province = scope(backend, meta, actor, Action::ExportCaseList).await?;
    let purpose = form.purpose.trim();
    let format = Format_::parse(form.format.trim());
    let mut errors = FieldErrors::default();
    if purpose.chars().count() < usize::from(PURPOSE_MIN) {
        errors.add("purpose", Problem::PurposeTooShort { min: PURPOSE_MIN });
    }
    if format.is_none() {
        errors.add("format", Problem::Choice);
    }
    let Some(format) = format.filter(|_| errors.is_empty()) else {
        return Err(ServiceError::Invalid(errors));
    };
    let dq = &form.drill;
    let (spec, applied, _) = super::read(&dq.q, backend.clock.today(), province);
    let part_only = dq.part != "base";
    let cond = query::cell_condition(&spec, &dq.row, &dq.col, part_only);
    let count = query::count(&backend.db, &spec, cond.clone()).await?;
    let cap = backend.settings.export_row_cap;
    if count > cap {
        let mut errors = FieldErrors::default();
        errors.add("purpose", Problem::OverExportCap { cap });
        return Err(ServiceError::Invalid(errors));
    }
    // The writer runs on a blocking thread; batches reach it over a bounded channel.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<[String; 11]>>(2);
    let writer = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, ServiceError> {
        let mut sink = Sink::new(format)?;
        while let Some(batch) = rx.blocking_recv() {
            sink.write(&batch)?;
        }
        sink.finish()
    });
    let mut after = 0;
    let mut written = 0u64;
    // No more than the rows counted against the cap, even if cases were added since.
    while written < count {
        let limit = BATCH.min(count - written);
        let rows = query::cases(&backend.db, &spec, cond.clone(), after, 0, limit).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        written += rows.len() as u64;
        let batch: Vec<[String; 11]> = super::drill_rows(backend, rows)
            .await?
            .iter()
            .map(case_fields)
            .collect();
        if tx.send(batch).await.is_err() {
            break;
        }
    }
    drop(tx);
    let bytes = writer.await.map_err(unexpected)??;
    audit::record(
        &backend.db,
        &backend.keys,
        backend.clock.now(),
        meta,
        Entry::new("statistics.cases_exported")
            .by(actor)
            .record("statistics", spec.measure.as_str())
            .after(serde_json::json!({
                "query": dq.pairs(),
                "applied": applied.pairs(),
                "purpose": purpose,
                "rows": written,
                "format": form.format.trim(),
            })),
    )
    .await?;
    let (content_type, ext) = match format {
        Format_::Csv => ("text/csv; charset=utf-8", "csv"),
        Format_::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    Ok(ExportFile {
        bytes,
        content_type,
        file_name: format!("ho-so-thong-ke.{ext}"),
    })
}
