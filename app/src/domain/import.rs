//! Bulk import of workers and their cases from a CSV file: parsed and checked whole, each problem
//! reported with its row and column, so nothing is written unless every row is right.

use serde::{Deserialize, Serialize};

use super::forms::Problem;
use super::lifecycle::{parse_worker, NewWorker, Refusal};

/// The columns the file must have (in any order); a header row names them.
pub const COLUMNS: [&str; 6] = [
    "citizen_id",
    "full_name",
    "birth_date",
    "sex",
    "phone",
    "order_id",
];

/// The most rows one file may hold.
pub const MAX_ROWS: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// Line number in the file (the header is line 1).
    pub line: usize,
    pub worker: NewWorker,
    pub order_id: i32,
}

/// What is wrong with one cell (or a whole row, when `column` is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub problem: RowProblem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowProblem {
    Field(Problem),
    /// A guard refused the case (licence, order, age, open case, headcount...).
    Refused(Refusal),
    /// The same citizen ID appears on an earlier line of the file.
    DuplicateInFile {
        first_line: usize,
    },
    /// A column named in `COLUMNS` is missing from the header.
    MissingColumn,
    /// The line has a different number of cells than the header.
    CellCount,
    TooManyRows {
        max: usize,
    },
    Empty,
}

/// Splits CSV text into records: commas or semicolons (as spreadsheet programs in Vietnamese
/// locales write), double quotes with `""` escapes, CRLF or LF, a leading BOM ignored.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = match text.lines().next() {
        Some(header) if header.matches(';').count() > header.matches(',').count() => ';',
        _ => ',',
    };
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, c) if c == sep => record.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !record.is_empty() {
        record.push(cell);
        records.push(record);
    }
    records
        .into_iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .collect()
}

/// Checks every row; returns the rows when all are right, else every problem found.
pub fn check_file(text: &str) -> Result<Vec<ImportRow>, Vec<RowError>> {
    let records = parse_csv(text);
    let mut errors = Vec::new();
    let Some((header, rows)) = records.split_first() else {
        return Err(vec![RowError {
            line: 1,
            column: String::new(),
            problem: RowProblem::Empty,
        }]);
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut index = Vec::new();
    for col in COLUMNS {
        match header.iter().position(|h| h == col) {
            Some(i) => index.push(i),
            None => errors.push(RowError {
                line: 1,
                column: col.to_owned(),
                problem: RowProblem::MissingColumn,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if rows.is_empty() {
        return Err(vec![RowError {
            line: 2,
            column: String::new(),
            problem: RowProblem::Empty,
        }]);
    }
    if rows.len() > MAX_ROWS {
        return Err(vec![RowError {
            line: MAX_ROWS + 2,
            column: String::new(),
            problem: RowProblem::TooManyRows { max: MAX_ROWS },
        }]);
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (n, cells) in rows.iter().enumerate() {
        let line = n + 2;
        if cells.len() != header.len() {
            errors.push(RowError {
                line,
                column: String::new(),
                problem: RowProblem::CellCount,
            });
            continue;
        }
        let get = |name: &str| -> String {
            COLUMNS
                .iter()
                .position(|c| *c == name)
                .and_then(|i| cells.get(index[i]))
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        let order = get("order_id").parse::<i32>().ok();
        if order.is_none() {
            errors.push(RowError {
                line,
                column: "order_id".into(),
                problem: RowProblem::Field(Problem::Number),
            });
        }
        match parse_worker(&get) {
            Ok(worker) => {
                if let Some(first) = seen.get(&worker.citizen_id) {
                    errors.push(RowError {
                        line,
                        column: "citizen_id".into(),
                        problem: RowProblem::DuplicateInFile { first_line: *first },
                    });
                } else {
                    seen.insert(worker.citizen_id.clone(), line);
                }
                if let Some(order_id) = order {
                    out.push(ImportRow {
                        line,
                        worker,
                        order_id,
                    });
                }
            }
            Err(e) => errors.extend(e.0.into_iter().map(|fe| RowError {
                line,
                column: fe.field,
                problem: RowProblem::Field(fe.problem),
            })),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::citizen_id::CitizenIdError;

    const HEADER: &str = "citizen_id,full_name,birth_date,sex,phone,order_id\n";

    #[test]
    fn a_clean_file_gives_every_row_with_its_line() {
        let text = format!(
            "\u{feff}{HEADER}001301012345,Nguyễn Thị Lan,2001-05-02,female,0912345678,7\r\n\"038095001234\",\"Lê Văn Hùng\",1995-03-04,male,0987654321,7\r\n"
        );
        let rows = check_file(&text).expect("clean");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].worker.full_name, "Lê Văn Hùng");
        assert_eq!(rows[0].order_id, 7);
    }

    #[test]
    fn every_bad_cell_is_reported_with_its_line_and_column() {
        let text = format!(
            "{HEADER}001301012345,Nguyễn Thị Lan,2001-05-02,female,0912345678,7\n12345,Lê Văn Hùng,1995-03-04,male,0987654321,x\n001301012345,Nguyễn Thị Lan,2001-05-02,female,0912345678,7\n"
        );
        let errors = check_file(&text).expect_err("bad rows");
        assert!(errors.contains(&RowError {
            line: 3,
            column: "citizen_id".into(),
            problem: RowProblem::Field(Problem::CitizenId(CitizenIdError::Format)),
        }));
        assert!(errors.contains(&RowError {
            line: 3,
            column: "order_id".into(),
            problem: RowProblem::Field(Problem::Number),
        }));
        assert!(errors.contains(&RowError {
            line: 4,
            column: "citizen_id".into(),
            problem: RowProblem::DuplicateInFile { first_line: 2 },
        }));
    }

    #[test]
    fn a_missing_column_is_named() {
        let errors = check_file("citizen_id,full_name\n001301012345,Lan\n").expect_err("columns");
        assert_eq!(errors.len(), 4);
        assert_eq!(errors[0].column, "birth_date");
        assert_eq!(errors[0].problem, RowProblem::MissingColumn);
    }

    #[test]
    fn semicolons_and_quoted_commas_are_read_as_spreadsheets_write_them() {
        let records = parse_csv("a;b\n\"x; y\";\"say \"\"hi\"\"\"\n");
        assert_eq!(records[1], vec!["x; y".to_owned(), "say \"hi\"".to_owned()]);
    }
}
