//! Reads an uploaded file into records, with kept libraries: `calamine` for `.xlsx` workbooks,
//! `encoding_rs` for the encodings spreadsheet programs save text in, and the `csv` crate for
//! the text itself. What the records must hold is the domain's (`domain::import`).
//!
//! What agencies' spreadsheets really write:
//! - `.xlsx` (the first sheet; dates as dates, whole numbers without a decimal point);
//! - CSV in UTF-8, with or without the BOM Excel puts in front ("CSV UTF-8");
//! - Excel's "Unicode text": UTF-16 with its BOM, tab-separated;
//! - legacy CSV from Vietnamese Windows, in Windows-1258 (tone marks as combining characters,
//!   composed here to the precomposed letters everyone else uses).
//!
//! Commas, semicolons (Excel in locales whose decimal mark is a comma) and tabs separate cells;
//! the header line decides which.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use unicode_normalization::UnicodeNormalization;

use crate::domain::import::{Record, RowProblem};
use crate::views::forms::UploadedFile;

/// A `.xlsx` workbook is a zip archive; every zip starts with these bytes.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// The file's records, or the one problem that keeps it from being read at all.
pub fn read_file(file: &UploadedFile) -> Result<Vec<Record>, RowProblem> {
    let bytes = file.bytes.as_slice();
    if bytes.starts_with(ZIP_MAGIC) {
        return read_xlsx(bytes);
    }
    read_text(&decode(bytes)?)
}

/// The text of a file in UTF-8, UTF-16 (by its BOM) or, when it is not UTF-8, Windows-1258.
fn decode(bytes: &[u8]) -> Result<String, RowProblem> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, malformed) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return if malformed {
            Err(RowProblem::Encoding)
        } else {
            Ok(text.into_owned())
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    if bytes.contains(&0) {
        // UTF-16 without its BOM, or not text at all (an image, a PDF).
        return Err(RowProblem::Unreadable);
    }
    encoding_rs::WINDOWS_1258
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.nfc().collect())
        .ok_or(RowProblem::Encoding)
}

/// The separator the header line uses most: tab, semicolon or comma.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|&sep| header.matches(char::from(sep)).count())
        .filter(|&sep| header.contains(char::from(sep)))
        .unwrap_or(b',')
}

fn read_text(text: &str) -> Result<Vec<Record>, RowProblem> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(text))
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    // The line a record starts on, from its byte offset: newlines counted as the reader moves.
    let (mut line, mut counted) = (1, 0);
    for record in reader.records() {
        let record = record.map_err(|e| {
            tracing::info!(error = %e, "an uploaded CSV file could not be read");
            RowProblem::Unreadable
        })?;
        let mut start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(counted)
            .min(text.len());
        // After a CRLF the reader's position is the LF; the record itself starts after it.
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += text.as_bytes()[counted..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = start;
        out.push(Record {
            line,
            cells: record.iter().map(str::to_owned).collect(),
        });
    }
    Ok(out)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Record>, RowProblem> {
    let unreadable = |e: calamine::XlsxError| {
        tracing::info!(error = %e, "an uploaded workbook could not be read");
        RowProblem::Unreadable
    };
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let sheet = workbook
        .worksheet_range_at(0)
        .ok_or(RowProblem::Empty)?
        .map_err(unreadable)?;
    let first_row = sheet.start().map_or(0, |(row, _)| row as usize);
    Ok(sheet
        .rows()
        .enumerate()
        .map(|(i, row)| Record {
            line: first_row + i + 1,
            cells: row.iter().map(cell_text).collect(),
        })
        .collect())
}

/// A cell as the text a person sees in it: dates as year-month-day, whole numbers without ".0".
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|dt| dt.date().to_string())
            .unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: Vec<u8>) -> UploadedFile {
        UploadedFile {
            field: "file".into(),
            file_name: "workers.csv".into(),
            content_type: "text/csv".into(),
            bytes,
        }
    }

    fn cells(records: &[Record]) -> Vec<Vec<&str>> {
        records
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect()
    }

    const TEXT: &str = "citizen_id,full_name\n001301012345,Nguyễn Thị Lan\n";

    #[test]
    fn utf8_with_the_bom_excel_writes_reads_like_utf8_without_it() {
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(TEXT.as_bytes());
        let a = read_file(&file(with_bom)).expect("readable");
        let b = read_file(&file(TEXT.as_bytes().to_vec())).expect("readable");
        assert_eq!(a, b);
        assert_eq!(cells(&a)[0], vec!["citizen_id", "full_name"]);
        assert_eq!(cells(&a)[1], vec!["001301012345", "Nguyễn Thị Lan"]);
    }

    #[test]
    fn excel_unicode_text_is_utf16_with_tabs() {
        let text = "citizen_id\tfull_name\r\n001301012345\tNguyễn Thị Lan\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let records = read_file(&file(bytes)).expect("readable");
        assert_eq!(cells(&records)[1], vec!["001301012345", "Nguyễn Thị Lan"]);
        assert_eq!(records[1].line, 2);
    }

    #[test]
    fn windows_1258_csv_is_decoded_and_its_tone_marks_composed() {
        // As Vietnamese Windows writes it: ê precomposed, the tone marks as combining characters.
        let legacy = "citizen_id,full_name\n001301012345,Nguye\u{302}\u{303}n Thi\u{323} Lan\n"
            .replace("e\u{302}", "\u{ea}");
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&legacy);
        assert!(!unmappable, "the sample text exists in Windows-1258");
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "the sample is not UTF-8"
        );
        let records = read_file(&file(bytes.into_owned())).expect("readable");
        assert_eq!(records[1].cells[1], "Nguyễn Thị Lan");
    }

    #[test]
    fn an_xlsx_workbook_gives_its_first_sheet_with_dates_and_whole_numbers_as_typed() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        sheet.write_string(0, 0, "citizen_id").expect("cell");
        sheet.write_string(0, 1, "birth_date").expect("cell");
        sheet.write_string(0, 2, "order_id").expect("cell");
        sheet.write_string(1, 0, "001301012345").expect("cell");
        let born = ExcelDateTime::from_ymd(2001, 5, 2).expect("date");
        sheet
            .write_datetime_with_format(1, 1, &born, &date)
            .expect("cell");
        sheet.write_number(1, 2, 7.0).expect("cell");
        let bytes = book.save_to_buffer().expect("workbook");
        let records = read_file(&file(bytes)).expect("readable");
        assert_eq!(
            cells(&records),
            vec![
                vec!["citizen_id", "birth_date", "order_id"],
                vec!["001301012345", "2001-05-02", "7"],
            ]
        );
        assert_eq!(records[1].line, 2);
    }

    #[test]
    fn semicolons_quotes_and_quoted_newlines_are_read_as_spreadsheets_write_them() {
        let text = "a;b\n\"x; y\";\"say \"\"hi\"\"\"\n\"two\nlines\";z\nlast;row\n";
        let records = read_file(&file(text.as_bytes().to_vec())).expect("readable");
        assert_eq!(
            cells(&records),
            vec![
                vec!["a", "b"],
                vec!["x; y", "say \"hi\""],
                vec!["two\nlines", "z"],
                vec!["last", "row"],
            ]
        );
        assert_eq!(
            records[3].line, 5,
            "the line a record starts on, after a quoted newline"
        );
    }

    #[test]
    fn bytes_that_are_not_text_are_unreadable_not_a_list_of_bad_rows() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        assert_eq!(read_file(&file(png)), Err(RowProblem::Unreadable));
    }

    #[test]
    fn a_damaged_workbook_is_unreadable() {
        let bytes = b"PK\x03\x04 not really a zip archive".to_vec();
        assert_eq!(read_file(&file(bytes)), Err(RowProblem::Unreadable));
    }
}
