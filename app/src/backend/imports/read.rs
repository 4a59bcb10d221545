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

use calamine::{DataRef, Reader, Xlsx};
use unicode_normalization::UnicodeNormalization;

use crate::domain::import::{Record, RowProblem, MAX_ROWS};
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
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // One record past what a file may hold is enough for the rules to name the limit.
        if out.len() > MAX_ROWS + 1 {
            break;
        }
        out.push(Record {
            line,
            cells: record.iter().map(str::to_owned).collect(),
        });
    }
    Ok(out)
}

/// Bounds a workbook must keep before calamine reads it: calamine trusts the counts a file
/// states (it reserves room for every shared string the file announces), so a few kilobytes
/// could ask for gigabytes. What agencies send is far below these. Neither the sizes in the
/// archive's headers nor the counts in its XML are believed: every entry is unpacked once,
/// into nothing, counting its bytes, and the shared strings are counted as they are.
const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
const MAX_ENTRIES: usize = 2_000;
const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// Cells right of this column are not read (the file needs six).
const MAX_COLUMNS: u32 = 64;

fn guard_workbook(bytes: &[u8]) -> Result<(), RowProblem> {
    guard_workbook_within(bytes, MAX_UNPACKED_BYTES)
}

/// [`guard_workbook`] with the unpacked-size limit as a parameter, so tests need not build a
/// 64 MiB archive to cross it.
fn guard_workbook_within(bytes: &[u8], max_unpacked: u64) -> Result<(), RowProblem> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        tracing::info!(error = %e, "an uploaded workbook is not a zip archive");
        RowProblem::Unreadable
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(RowProblem::Unreadable);
    }
    // What the headers say first, since it is free; then what the entries really unpack to.
    let mut announced = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| RowProblem::Unreadable)?;
        announced = announced.saturating_add(entry.size());
    }
    if announced > max_unpacked {
        return Err(RowProblem::Unreadable);
    }
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|_| RowProblem::Unreadable)?;
        let left = max_unpacked - unpacked;
        unpacked += std::io::copy(&mut entry.take(left + 1), &mut std::io::sink())
            .map_err(|_| RowProblem::Unreadable)?;
        if unpacked > max_unpacked {
            return Err(RowProblem::Unreadable);
        }
    }
    let Ok(strings) = zip.by_name("xl/sharedStrings.xml") else {
        return Ok(());
    };
    let mut xml =
        quick_xml::Reader::from_reader(std::io::BufReader::new(strings.take(max_unpacked)));
    let mut buf = Vec::new();
    let mut held = 0u64;
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                for name in ["uniqueCount", "count"] {
                    if let Ok(Some(attr)) = e.try_get_attribute(name) {
                        let n: u64 = attr
                            .value
                            .trim()
                            .parse()
                            .map_err(|_| RowProblem::Unreadable)?;
                        if n > MAX_SHARED_STRINGS {
                            return Err(RowProblem::Unreadable);
                        }
                    }
                }
            }
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == "si" =>
            {
                held += 1;
                if held > MAX_SHARED_STRINGS {
                    return Err(RowProblem::Unreadable);
                }
            }
            Ok(quick_xml::events::Event::Eof) => return Ok(()),
            Err(_) => return Err(RowProblem::Unreadable),
            Ok(_) => {}
        }
        buf.clear();
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Record>, RowProblem> {
    guard_workbook(bytes)?;
    let unreadable = |e: calamine::XlsxError| {
        tracing::info!(error = %e, "an uploaded workbook could not be read");
        RowProblem::Unreadable
    };
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let first = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(RowProblem::Empty)?;
    // Cell by cell, as the sheet lists them, so an announced size allocates nothing; reading
    // stops one row past what a file may hold (the rules then name the limit).
    let mut cells = workbook
        .worksheet_cells_reader(&first)
        .map_err(unreadable)?;
    let mut out: Vec<Record> = Vec::new();
    let mut numbers: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        if col >= MAX_COLUMNS {
            continue;
        }
        let line = row as usize + 1;
        if out.last().is_none_or(|r| r.line != line) {
            if out.len() > MAX_ROWS + 1 {
                break;
            }
            out.push(Record {
                line,
                cells: Vec::new(),
            });
        }
        let row_index = out.len() - 1;
        let Some(record) = out.last_mut() else {
            break;
        };
        let col = col as usize;
        if record.cells.len() <= col {
            record.cells.resize(col + 1, String::new());
        }
        let value = cell.get_value();
        if matches!(value, DataRef::Int(_) | DataRef::Float(_)) {
            numbers.insert((row_index, col));
        }
        record.cells[col] = cell_text(value);
    }
    restore_leading_zeros(&mut out, &numbers);
    // Every row as wide as the widest, as a grid shows it.
    let width = out.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    for r in &mut out {
        r.cells.resize(width, String::new());
    }
    Ok(out)
}

/// Excel drops the leading zero of a number, and a citizen ID (12 digits, from province 001) or
/// a mobile number (10 digits) typed as a number loses it: put back the zeros such a cell of
/// those columns lost, so the rules judge what the person typed.
fn restore_leading_zeros(
    records: &mut [Record],
    numbers: &std::collections::HashSet<(usize, usize)>,
) {
    let Some(header) = records.first() else {
        return;
    };
    let widths: Vec<(usize, usize)> = header
        .cells
        .iter()
        .enumerate()
        .filter_map(|(col, name)| match name.trim().to_lowercase().as_str() {
            "citizen_id" => Some((col, 12)),
            "phone" => Some((col, 10)),
            _ => None,
        })
        .collect();
    for (row, record) in records.iter_mut().enumerate().skip(1) {
        for &(col, width) in &widths {
            let Some(cell) = record.cells.get_mut(col) else {
                continue;
            };
            if numbers.contains(&(row, col))
                && cell.len() < width
                && cell.bytes().all(|b| b.is_ascii_digit())
            {
                *cell = format!("{cell:0>width$}");
            }
        }
    }
}

/// A cell as the text a person sees in it: dates as year-month-day, whole numbers without ".0".
fn cell_text(cell: &DataRef<'_>) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => d
            .as_datetime()
            .map(|dt| dt.date().to_string())
            .unwrap_or_else(|| d.to_string()),
        DataRef::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_owned(),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
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
    fn utf16_tab_separated_text_as_excel_saves_it_is_read_with_its_lines() {
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
    fn an_xlsx_sheet_gives_dates_whole_numbers_and_leading_zeros_as_typed() {
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
        sheet.write_string(0, 3, "phone").expect("cell");
        sheet.write_number(1, 3, 912_345_678.0).expect("cell");
        sheet.write_number(2, 0, 1_301_012_345.0).expect("cell");
        let bytes = book.save_to_buffer().expect("workbook");
        let records = read_file(&file(bytes)).expect("readable");
        assert_eq!(
            cells(&records),
            vec![
                vec!["citizen_id", "birth_date", "order_id", "phone"],
                vec!["001301012345", "2001-05-02", "7", "0912345678"],
                vec!["001301012345", "", "", ""],
            ],
            "a citizen ID or phone typed as a number gets back the zeros Excel dropped"
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
    fn a_workbook_announcing_a_billion_shared_strings_is_refused_before_it_is_read() {
        use std::io::Write;
        let announcing = |count: u64| {
            let mut bytes = Vec::new();
            {
                let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
                let opts = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Stored);
                zip.start_file("xl/sharedStrings.xml", opts).expect("entry");
                let xml = format!(
                    "<?xml version=\"1.0\"?><sst \
                     xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
                     count=\"{count}\" uniqueCount=\"{count}\"></sst>"
                );
                zip.write_all(xml.as_bytes()).expect("write");
                zip.finish().expect("zip");
            }
            bytes
        };
        // The guard itself refuses the announced count; the same archive announcing one string
        // passes it, so the count is what is refused.
        assert_eq!(
            guard_workbook(&announcing(1_000_000_000)),
            Err(RowProblem::Unreadable)
        );
        assert_eq!(guard_workbook(&announcing(1)), Ok(()));
        assert_eq!(
            read_file(&file(announcing(1_000_000_000))),
            Err(RowProblem::Unreadable)
        );
    }

    #[test]
    fn a_workbook_holding_more_shared_strings_than_it_announces_is_refused() {
        use std::io::Write;
        let holding = |held: u64| {
            let mut bytes = Vec::new();
            {
                let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
                let opts = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated);
                zip.start_file("xl/sharedStrings.xml", opts).expect("entry");
                zip.write_all(b"<?xml version=\"1.0\"?><sst count=\"1\" uniqueCount=\"1\">")
                    .expect("write");
                for _ in 0..held {
                    zip.write_all(b"<si/>").expect("write");
                }
                zip.write_all(b"</sst>").expect("write");
                zip.finish().expect("zip");
            }
            bytes
        };
        let lying = holding(MAX_SHARED_STRINGS + 1);
        assert!(
            lying.len() < 64 * 1024,
            "a small file: {} bytes",
            lying.len()
        );
        assert_eq!(guard_workbook(&lying), Err(RowProblem::Unreadable));
        assert_eq!(guard_workbook(&holding(3)), Ok(()));
    }

    #[test]
    fn a_workbook_that_unpacks_past_the_limit_is_refused_whatever_its_headers_say() {
        use std::io::Write;
        let unpacking_to = |size: u64| {
            let mut bytes = Vec::new();
            {
                let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
                let opts = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated);
                zip.start_file("xl/worksheets/sheet1.xml", opts)
                    .expect("entry");
                let block = vec![b' '; 1 << 20];
                let mut left = size;
                while left > 0 {
                    let n = left.min(block.len() as u64) as usize;
                    zip.write_all(&block[..n]).expect("write");
                    left -= n as u64;
                }
                zip.finish().expect("zip");
            }
            bytes
        };
        const LIMIT: u64 = 4 << 20;
        let mut bomb = unpacking_to(LIMIT + 1);
        assert_eq!(
            guard_workbook_within(&bomb, LIMIT),
            Err(RowProblem::Unreadable)
        );
        // The same archive with its headers lying about the unpacked size (a few bytes) is
        // refused all the same, once unpacked.
        lie_about_sizes(&mut bomb, 100);
        assert_eq!(
            guard_workbook_within(&bomb, LIMIT),
            Err(RowProblem::Unreadable)
        );
        assert_eq!(guard_workbook_within(&unpacking_to(LIMIT), LIMIT), Ok(()));
    }

    /// Overwrites the uncompressed size in every local and central header of a zip.
    fn lie_about_sizes(zip: &mut [u8], size: u32) {
        let (local, central) = (b"PK\x03\x04", b"PK\x01\x02");
        let mut i = 0;
        while i + 4 <= zip.len() {
            let at = if &zip[i..i + 4] == local {
                Some(i + 22)
            } else if &zip[i..i + 4] == central {
                Some(i + 24)
            } else {
                None
            };
            if let Some(at) = at {
                zip[at..at + 4].copy_from_slice(&size.to_le_bytes());
            }
            i += 1;
        }
    }

    #[test]
    fn reading_stops_one_record_past_the_most_a_file_may_hold() {
        let text = "a\n".repeat(MAX_ROWS * 3);
        let records = read_file(&file(text.into_bytes())).expect("readable");
        assert_eq!(records.len(), MAX_ROWS + 2);
    }

    #[test]
    fn a_damaged_workbook_is_unreadable() {
        let bytes = b"PK\x03\x04 not really a zip archive".to_vec();
        assert_eq!(read_file(&file(bytes)), Err(RowProblem::Unreadable));
    }
}
