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
    /// The file is in none of the encodings spreadsheets write (UTF-8, UTF-16, Windows-1258).
    Encoding,
    /// Not a file of rows at all: a damaged or password-protected workbook, an image...
    Unreadable,
    /// Between the check and the write, someone recorded one of its workers or opened a case
    /// for one; nothing was written.
    ChangedMeanwhile,
}

/// Where a background import stands. Checking and writing are "running": the process running
/// it renews a lease; a running job whose lease ran out belongs to a process that died.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportState {
    Checking,
    Writing,
    /// Every row written.
    Done,
    /// The check found problems; nothing written.
    Rejected,
    /// The server failed while running it; nothing written.
    Failed,
    /// Its process stopped before the end; nothing written.
    Interrupted,
}

impl ImportState {
    pub const ALL: [ImportState; 6] = [
        ImportState::Checking,
        ImportState::Writing,
        ImportState::Done,
        ImportState::Rejected,
        ImportState::Failed,
        ImportState::Interrupted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ImportState::Checking => "checking",
            ImportState::Writing => "writing",
            ImportState::Done => "done",
            ImportState::Rejected => "rejected",
            ImportState::Failed => "failed",
            ImportState::Interrupted => "interrupted",
        }
    }

    pub fn parse(s: &str) -> Option<ImportState> {
        ImportState::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn is_running(self) -> bool {
        matches!(self, ImportState::Checking | ImportState::Writing)
    }
}

/// One record of the file as its reader found it: the line (or spreadsheet row) it starts on,
/// and its cells. Reading bytes into records is the server's (csv, calamine, encoding_rs); the
/// rules about what the records must hold are here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

impl Record {
    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Checks every record (the first non-blank one is the header); returns the rows when all are
/// right, else every problem found. Blank lines are skipped, keeping every other line's number.
pub fn check_records(records: &[Record]) -> Result<Vec<ImportRow>, Vec<RowError>> {
    let records: Vec<&Record> = records.iter().filter(|r| !r.is_blank()).collect();
    let mut errors = Vec::new();
    let Some((header, rows)) = records.split_first() else {
        return Err(vec![RowError {
            line: 1,
            column: String::new(),
            problem: RowProblem::Empty,
        }]);
    };
    let header_line = header.line;
    let header: Vec<String> = header
        .cells
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut index = Vec::new();
    for col in COLUMNS {
        match header.iter().position(|h| h == col) {
            Some(i) => index.push(i),
            None => errors.push(RowError {
                line: header_line,
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
            line: header_line + 1,
            column: String::new(),
            problem: RowProblem::Empty,
        }]);
    }
    if rows.len() > MAX_ROWS {
        return Err(vec![RowError {
            line: rows[MAX_ROWS].line,
            column: String::new(),
            problem: RowProblem::TooManyRows { max: MAX_ROWS },
        }]);
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for record in rows {
        let (line, cells) = (record.line, &record.cells);
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

    const HEADER: &str = "citizen_id,full_name,birth_date,sex,phone,order_id";

    /// Lines split at commas, numbered from 1: enough for these rules (the real readers, with
    /// quotes and encodings, are tested on the server).
    fn records(lines: &[&str]) -> Vec<Record> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| Record {
                line: i + 1,
                cells: l.split(',').map(str::to_owned).collect(),
            })
            .collect()
    }

    #[test]
    fn every_import_state_reads_back_as_itself_and_nothing_else_reads_and_only_checking_and_writing_count_as_running(
    ) {
        for st in ImportState::ALL {
            assert_eq!(ImportState::parse(st.as_str()), Some(st));
        }
        assert_eq!(ImportState::parse("Done"), None);
        let running: Vec<_> = ImportState::ALL
            .into_iter()
            .filter(|s| s.is_running())
            .collect();
        assert_eq!(running, vec![ImportState::Checking, ImportState::Writing]);
    }

    #[test]
    fn a_clean_file_gives_every_row_with_its_line() {
        let rows = check_records(&records(&[
            HEADER,
            "001301012345,Nguyễn Thị Lan,2001-05-02,female,0912345678,7",
            "",
            "038095001234, Lê Văn Hùng ,1995-03-04,male,0987654321,7",
        ]))
        .expect("clean");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 4, "the blank line keeps its number");
        assert_eq!(rows[1].worker.full_name, "Lê Văn Hùng");
        assert_eq!(rows[0].order_id, 7);
    }

    #[test]
    fn every_bad_cell_is_reported_with_its_line_and_column() {
        let errors = check_records(&records(&[
            HEADER,
            "001301012345,Nguyễn Thị Lan,2001-05-02,female,0912345678,7",
            "12345,Lê Văn Hùng,1995-03-04,male,0987654321,x",
            "001301012345,Nguyễn Thị Lan,2001-05-02,female,0912345678,7",
        ]))
        .expect_err("bad rows");
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
        let errors = check_records(&records(&["citizen_id,full_name", "001301012345,Lan"]))
            .expect_err("columns");
        assert_eq!(errors.len(), 4);
        assert_eq!(errors[0].column, "birth_date");
        assert_eq!(errors[0].problem, RowProblem::MissingColumn);
    }

    #[test]
    fn a_line_with_more_cells_than_the_header_is_named() {
        let errors = check_records(&records(&[
            HEADER,
            "001301012345,Nguyễn Thị Lan,2001-05-02,female,0912345678,7,extra",
        ]))
        .expect_err("cell count");
        assert_eq!(
            errors,
            vec![RowError {
                line: 2,
                column: String::new(),
                problem: RowProblem::CellCount
            }]
        );
    }
}
