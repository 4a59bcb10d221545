//! Importing cases from a file, and following a long import in the background.

use super::*;

fn row_problem(lang: Lang, p: &crate::domain::import::RowProblem) -> String {
    use crate::domain::import::RowProblem::*;
    match p {
        Field(problem) => crate::i18n::problem(lang, problem),
        Refused(r) => crate::i18n::lifecycle::refusal(lang, r),
        DuplicateInFile { first_line } => match lang {
            Lang::Vi => format!("Số căn cước này đã có ở dòng {first_line} của tệp."),
            Lang::En => format!("This citizen ID is already on line {first_line} of the file."),
        },
        MissingColumn => lang
            .tr(
                "Thiếu cột này ở dòng tiêu đề.",
                "The header lacks this column.",
            )
            .to_owned(),
        CellCount => lang
            .tr(
                "Số ô của dòng khác với dòng tiêu đề.",
                "The line has a different number of cells than the header.",
            )
            .to_owned(),
        TooManyRows { max } => match lang {
            Lang::Vi => format!("Tệp có hơn {max} dòng; hãy chia nhỏ."),
            Lang::En => format!("The file has more than {max} rows; split it."),
        },
        Empty => lang
            .tr("Tệp không có dữ liệu.", "The file holds no data.")
            .to_owned(),
        Encoding => lang
            .tr(
                "Không đọc được bảng mã của tệp. Hãy lưu lại bằng \"CSV UTF-8\" hoặc gửi tệp .xlsx.",
                "The file's encoding cannot be read. Save it again as \"CSV UTF-8\", or send the .xlsx file.",
            )
            .to_owned(),
        ChangedMeanwhile => lang
            .tr(
                "Trong lúc kiểm tra, một người lao động trong tệp vừa được ghi nhận hoặc mở hồ sơ ở nơi khác; chưa có gì được ghi. Hãy gửi lại tệp.",
                "While the file was checked, one of its workers was recorded or given a case elsewhere; nothing was written. Send the file again.",
            )
            .to_owned(),
        Unreadable => lang
            .tr(
                "Đây không phải tệp bảng tính đọc được (CSV, văn bản Unicode hoặc .xlsx).",
                "This is not a spreadsheet file that can be read (CSV, Unicode text or .xlsx).",
            )
            .to_owned(),
    }
}

/// Bulk import of workers and cases from a CSV file: checked whole, nothing written unless clean.
#[component]
pub fn ImportCasesPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Nhập hồ sơ từ tệp", "Import cases from a file");
    let outcome = use_outcome();
    let query = use_query_map();
    let job = query.with_untracked(|q| q.get_str("job").map(str::to_owned));
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            {job.map(|job| view! { <ImportProgress job /> })}
            <p class="lead">
                {lang.tr(
                    "Mỗi dòng là một người lao động và đơn hàng của họ. Cả tệp được kiểm tra trước; nếu có dòng sai, không hồ sơ nào được tạo và từng lỗi được chỉ rõ dòng, cột.",
                    "Each line is one worker and their job order. The whole file is checked first; if any line is wrong, no case is created and each problem is shown with its line and column.",
                )}
            </p>
            <p>
                {lang.tr("Các cột: ", "Columns: ")}
                <code>{crate::domain::import::COLUMNS.join(",")}</code>
                {lang.tr(" (ngày sinh dạng năm-tháng-ngày, giới tính male/female, mã đơn hàng là số).", " (birth date as year-month-day, sex male/female, order id a number).")}
            </p>
            <Suspense fallback=move || view! { <p>{lang.texts().loading}</p> }>
                {move || {
                    outcome
                        .get()
                        .map(|o| {
                            let o = o.filter(|o| o.is_for("case_import")).unwrap_or_default();
                            let done = o.imported.map(|n| view! {
                                <p class="form-notice" role="status" data-testid="import-done">
                                    {match lang {
                                        Lang::Vi => format!("Đã mở {n} hồ sơ."),
                                        Lang::En => format!("{n} cases opened."),
                                    }}
                                    " " <a href="/cases">{lang.tr("Xem danh sách hồ sơ", "See the cases")}</a>
                                </p>
                            });
                            let errors = (!o.import_errors.is_empty()).then(|| view! {
                                <p class="form-error" role="alert" data-testid="import-failed">
                                    {match lang {
                                        Lang::Vi => format!("Tệp có {} lỗi; chưa hồ sơ nào được tạo.", o.import_errors.len()),
                                        Lang::En => format!("The file has {} problems; no case was created.", o.import_errors.len()),
                                    }}
                                </p>
                                <div class="table-wrap">
                                    <table data-testid="import-errors">
                                        <thead>
                                            <tr>
                                                <th>{lang.tr("Dòng", "Line")}</th>
                                                <th>{lang.tr("Cột", "Column")}</th>
                                                <th>{lang.tr("Lỗi", "Problem")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {o.import_errors.iter().take(500).map(|e| view! {
                                                <tr data-testid="import-error">
                                                    <td>{e.line}</td>
                                                    <td>{e.column.clone()}</td>
                                                    <td>{row_problem(lang, &e.problem)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            });
                            view! {
                                {done}
                                {errors}
                                <FormMessage outcome=o.clone() />
                                <form method="post" action="/cases/import" enctype="multipart/form-data" class="stack" data-testid="import-form">
                                    <ActionField action="case_import" />
                                    <div class="field">
                                        <label for="import-file">{lang.tr("Tệp CSV, văn bản Unicode hoặc Excel (.xlsx)", "CSV, Unicode text or Excel (.xlsx) file")}</label>
                                        <input id="import-file" type="file" name="file" accept=".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
                                    </div>
                                    <TextAreaField
                                        label=lang.tr("Hoặc dán nội dung CSV", "Or paste the CSV text")
                                        name="csv"
                                        value=o.value("csv")
                                    />
                                    <Submit label=lang.tr("Kiểm tra và nhập", "Check and import") />
                                </form>
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}

/// A background import's progress. Until it ends, the page reloads itself every second (a meta
/// refresh, so it works without JavaScript too).
#[component]
fn ImportProgress(job: String) -> impl IntoView {
    let lang = use_lang();
    let progress = Resource::new(move || job.clone(), crate::api::cases::import_progress);
    view! {
        <Suspense fallback=move || view! { <p>{lang.texts().loading}</p> }>
            {move || {
                progress
                    .get()
                    .map(|r| match r {
                        Ok(p) => {
                            let errors = (!p.errors.is_empty()).then(|| {
                                view! {
                                    <p class="form-error" role="alert" data-testid="import-failed">
                                        {match lang {
                                            Lang::Vi => format!("Tệp có {} lỗi; chưa hồ sơ nào được tạo.", p.errors.len()),
                                            Lang::En => format!("The file has {} problems; no case was created.", p.errors.len()),
                                        }}
                                    </p>
                                    <ul>
                                        {p.errors.iter().take(500).map(|e| view! {
                                            <li data-testid="import-error">{format!("{} {} {}: ", lang.tr("Dòng", "Line"), e.line, e.column)}{row_problem(lang, &e.problem)}</li>
                                        }).collect_view()}
                                    </ul>
                                }
                            });
                            use crate::domain::import::ImportState;
                            let stopped = match p.state {
                                ImportState::Interrupted => Some(lang.tr(
                                    "Lần nhập đã bị gián đoạn (máy chủ dừng giữa chừng); chưa có gì được ghi. Hãy gửi lại tệp.",
                                    "The import was interrupted (its server stopped); nothing was written. Send the file again.",
                                )),
                                ImportState::Failed => Some(lang.tr(
                                    "Lần nhập gặp lỗi trên máy chủ; chưa có gì được ghi. Hãy gửi lại tệp.",
                                    "The import failed on the server; nothing was written. Send the file again.",
                                )),
                                _ => None,
                            };
                            let stopped = stopped.map(|text| view! {
                                <p class="form-error" role="alert" data-testid="import-stopped">{text}</p>
                            });
                            view! {
                                {(!p.finished).then(|| view! { <leptos_meta::Meta http_equiv="refresh" content="1" /> })}
                                <p role="status" data-testid="import-progress" data-finished=p.finished.to_string() data-state=p.state.as_str()>
                                    <progress max=p.total.to_string() value=p.done.to_string()></progress>
                                    {format!(" {} / {} ", p.done, p.total)}
                                    {if p.finished { lang.tr("dòng đã kiểm tra.", "lines checked.") } else { lang.tr("dòng đang kiểm tra…", "lines being checked…") }}
                                </p>
                                {p.imported.map(|n| view! {
                                    <p class="form-notice" role="status" data-testid="import-done">
                                        {match lang {
                                            Lang::Vi => format!("Đã mở {n} hồ sơ."),
                                            Lang::En => format!("{n} cases opened."),
                                        }}
                                        " " <a href="/cases">{lang.tr("Xem danh sách hồ sơ", "See the cases")}</a>
                                    </p>
                                })}
                                {errors}
                                {stopped}
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}
