//! The access matrix of every write: each form action posted through the real router by someone
//! not signed in and by each role, against a record of their own tenant and (where records have
//! owners) another tenant's. The expected table is written out here by hand, independently of
//! the policy module and of the action tables; an action without a row fails the test.
//!
//! "Allowed" means the policy let the request through: the use case ran and answered with a
//! redirect, a notice, or a refusal about the input, the guards or the record's state (422).
//! "Denied" is 401, 403 or 404, and another tenant's record is always 404 (it is not to be known
//! that it exists). With the well-formed bodies below, a 422 can only mean "allowed": a denial
//! answers 401/403/404 however the use case carries it (`AppError::status`), so cells may share
//! one world and a record an earlier cell changed (a case already withdrawn) still tells the
//! policy's answer apart. (A malformed body is refused at parsing, before the policy: 422.)

use std::collections::{BTreeMap, BTreeSet};

use app::backend::entity::{departure_list, job_order, session, user};
use app::domain::access::Action;
use app::domain::accounts::Role;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::helpers::{
    add_case, add_complaint, date, spawn_app, AgencyFixture, TestApp, Who, EVERYONE, SIGNED_IN,
};

use Who::*;

const NOBODY: &[Who] = &[];

/// The records the rows point at, own tenant and foreign.
struct World {
    own_order: i32,
    own_draft: i32,
    foreign_draft: i32,
    submitted_order: i32,
    own_case: i32,
    foreign_case: i32,
    own_list: i32,
    /// An entry of the own case's ledger recorded by the agency, and one stated by its worker.
    agency_entry: i32,
    worker_statement: i32,
    own_agency: i32,
    own_staff_user: i32,
    foreign_staff_user: i32,
    /// A case of the own agency whose worker is from the provincial officer's province (01),
    /// and a job-connection claim on it; another claim on the own case (province 40).
    province_case: i32,
    province_worker: i32,
    province_claim: i32,
    foreign_claim: i32,
    /// The foreign case's worker, from province 40.
    other_province_worker: i32,
    /// An open inspection of the own agency and of the other one, each with a task owed.
    own_inspection: i32,
    own_task: i32,
    foreign_task: i32,
    /// A complaint against the own agency filed by the worker (province 01), and one against
    /// the other agency by someone without an account (province 40).
    own_complaint: i32,
    foreign_complaint: i32,
    /// A sanction decision on the own agency (of another inspection) and one on the other.
    own_sanction: i32,
    foreign_sanction: i32,
    users: BTreeMap<Who, i32>,
}

/// A sanction decided today on the inspection.
async fn sanction(app: &TestApp, inspection_id: i32) -> i32 {
    app::backend::entity::inspection_sanction::ActiveModel {
        inspection_id: Set(inspection_id),
        decision_no: Set(format!("{inspection_id}/QĐ-XPHC")),
        decided_on: Set(date(2026, 11, 20)),
        signer: Set("Chánh Thanh tra".to_owned()),
        fine_vnd: Set(10_000_000),
        fine_min_vnd: Set(10_000_000),
        fine_max_vnd: Set(15_000_000),
        extra: Set("none".to_owned()),
        licence_event_id: Set(None),
        recorded_by: Set(1),
        recorded_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

type Body = Box<dyn Fn(&World, Who, usize) -> Vec<(String, String)>>;

struct Row {
    action: &'static str,
    /// The policy action the action table must name for this form.
    policy: Action,
    own: Body,
    own_allowed: &'static [Who],
    foreign: Option<(Body, &'static [Who])>,
}

fn body(f: impl Fn(&World, Who, usize) -> Vec<(&'static str, String)> + 'static) -> Body {
    Box::new(move |w, who, n| {
        f(w, who, n)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect()
    })
}

fn order_terms(id: Option<i32>) -> Vec<(&'static str, String)> {
    let mut v = vec![
        ("market_code", "JP".to_owned()),
        ("employer_name", "Nagoya Foods".to_owned()),
        ("occupation", "8160".to_owned()),
        ("headcount", "5".to_owned()),
        ("wage_amount", "180000".to_owned()),
        ("wage_currency", "JPY".to_owned()),
        ("term_months", "36".to_owned()),
        ("service_fee_vnd", "1000000".to_owned()),
        ("deposit_vnd", "0".to_owned()),
        ("form", "licensed_agency".to_owned()),
        ("programme", "technical_intern".to_owned()),
        ("working_conditions", "Ký túc xá".to_owned()),
    ];
    if let Some(id) = id {
        v.push(("order_id", id.to_string()));
    }
    v
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            action: "signup",
            policy: Action::Public,
            own: body(|_, _, n| {
                vec![
                    ("full_name", "Trần Thị Mai".to_owned()),
                    ("citizen_id", format!("0013010{n:05}")),
                    ("birth_date", "2001-01-01".to_owned()),
                    ("sex", "female".to_owned()),
                    ("phone", "0912345678".to_owned()),
                    ("email", format!("matrix.signup{n}@example.vn")),
                    ("password", "hoa sen trong đầm 2026".to_owned()),
                ]
            }),
            own_allowed: EVERYONE,
            foreign: None,
        },
        Row {
            action: "confirm_signup",
            policy: Action::Public,
            own: body(|_, _, _| vec![("token", "nothing".to_owned())]),
            own_allowed: EVERYONE,
            foreign: None,
        },
        Row {
            action: "unlock",
            policy: Action::Public,
            own: body(|_, _, _| vec![("token", "nothing".to_owned())]),
            own_allowed: EVERYONE,
            foreign: None,
        },
        Row {
            // Only a worker account linked to no record may claim one; the matrix's worker is
            // linked to its record (the unlinked worker is `claims.rs`'s).
            action: "claim_record",
            policy: Action::ClaimRecord,
            own: body(|_, _, _| vec![("code", "ABCD-EFGH-JKLM".to_owned())]),
            own_allowed: NOBODY,
            foreign: None,
        },
        Row {
            action: "dispute_claim",
            policy: Action::DisputeClaim,
            own: body(|_, _, _| {
                vec![
                    ("citizen_id", "001301099999".to_owned()),
                    ("note", String::new()),
                ]
            }),
            own_allowed: &[Worker],
            foreign: None,
        },
        Row {
            // Without the in-person check the use case refuses the input (422) once the policy
            // let the officer through.
            action: "revoke_claim",
            policy: Action::ResolveClaims,
            own: body(|_, _, _| vec![("citizen_id", "001301099999".to_owned())]),
            own_allowed: &[Provincial],
            foreign: None,
        },
        Row {
            action: "reject_dispute",
            policy: Action::ResolveClaims,
            own: body(|_, _, _| vec![("dispute_id", "1".to_owned()), ("reason", String::new())]),
            own_allowed: &[Provincial],
            foreign: None,
        },
        Row {
            // An empty reason is refused (422) once the policy let the agency through.
            action: "correction_evidence",
            policy: Action::ManageCases,
            own: body(|_, _, _| vec![("correction_id", "1".to_owned()), ("reason", String::new())]),
            own_allowed: &[AgencyAdmin, AgencyStaff],
            foreign: None,
        },
        Row {
            // A rejection without a reason is refused (422) once the policy let the officer in.
            action: "decide_correction",
            policy: Action::DecideCorrections,
            own: body(|_, _, _| {
                vec![
                    ("correction_id", "1".to_owned()),
                    ("choice", "rejected".to_owned()),
                    ("reason", String::new()),
                ]
            }),
            own_allowed: &[Provincial],
            foreign: None,
        },
        Row {
            // A payment to whoever issues passports: posted (303) for the case's agency and its
            // worker; everyone else is refused, another agency's case is not found.
            action: "record_payment",
            policy: Action::RecordPayment,
            own: body(|w, _, _| {
                vec![
                    ("case_id", w.own_case.to_string()),
                    ("kind", "passport".to_owned()),
                    ("payee", "provider".to_owned()),
                    ("paid_on", "2026-01-05".to_owned()),
                    ("amount_vnd", "200.000".to_owned()),
                    ("no_receipt", "on".to_owned()),
                ]
            }),
            own_allowed: &[Worker, AgencyAdmin, AgencyStaff],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("case_id", w.foreign_case.to_string()),
                        ("kind", "passport".to_owned()),
                        ("payee", "provider".to_owned()),
                        ("paid_on", "2026-01-05".to_owned()),
                        ("amount_vnd", "200.000".to_owned()),
                        ("no_receipt", "on".to_owned()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            // The agency's own entry, without a reason: refused at the reason (422) for its
            // staff. The worker may reverse only their own statements (403 here).
            action: "reverse_payment",
            policy: Action::RecordPayment,
            own: body(|w, _, _| {
                vec![
                    ("case_id", w.own_case.to_string()),
                    ("payment_id", w.agency_entry.to_string()),
                    ("reason", String::new()),
                ]
            }),
            own_allowed: &[AgencyAdmin, AgencyStaff],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("case_id", w.foreign_case.to_string()),
                        ("payment_id", w.agency_entry.to_string()),
                        ("reason", "x".to_owned()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            // A dispute without a reason: refused at the reason (422) for the agency's staff.
            action: "answer_statement",
            policy: Action::AnswerStatement,
            own: body(|w, _, _| {
                vec![
                    ("case_id", w.own_case.to_string()),
                    ("payment_id", w.worker_statement.to_string()),
                    ("answer", "disputed".to_owned()),
                    ("reason", String::new()),
                ]
            }),
            own_allowed: &[AgencyAdmin, AgencyStaff],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("case_id", w.foreign_case.to_string()),
                        ("payment_id", w.worker_statement.to_string()),
                        ("answer", "confirmed".to_owned()),
                        ("reason", String::new()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            // The own case has not ended: the agency's head office is refused by the lifecycle
            // (422) once the policy let it in; everyone else is denied; another agency's case is
            // not found.
            action: "record_settlement",
            policy: Action::RecordSettlement,
            own: body(|w, _, _| {
                vec![
                    ("case_id", w.own_case.to_string()),
                    ("case_version", "1".to_owned()),
                    ("cause", String::new()),
                ]
            }),
            own_allowed: &[AgencyAdmin, AgencyStaff],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("case_id", w.foreign_case.to_string()),
                        ("case_version", "1".to_owned()),
                        ("cause", String::new()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            // A dispute without its reason: refused at the note (422) for the case's worker.
            action: "answer_settlement",
            policy: Action::AnswerSettlement,
            own: body(|w, _, _| {
                vec![
                    ("case_id", w.own_case.to_string()),
                    ("version", "1".to_owned()),
                    ("answer", "disputed".to_owned()),
                    ("note", String::new()),
                ]
            }),
            own_allowed: &[Worker],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("case_id", w.foreign_case.to_string()),
                        ("version", "1".to_owned()),
                        ("answer", "confirmed".to_owned()),
                        ("note", String::new()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            // Poverty-programme support is recorded by the officer of the worker's province;
            // another province's worker is not found.
            action: "household_status",
            policy: Action::ManageSupport,
            own: body(|w, _, n| {
                vec![
                    ("worker_id", w.province_worker.to_string()),
                    ("year", "2026".to_owned()),
                    ("status", "poor".to_owned()),
                    ("certificate_no", format!("XN-{n}")),
                ]
            }),
            own_allowed: &[Provincial],
            foreign: Some((
                body(|w, _, n| {
                    vec![
                        ("worker_id", w.other_province_worker.to_string()),
                        ("year", "2026".to_owned()),
                        ("status", "poor".to_owned()),
                        ("certificate_no", format!("XN-{n}")),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            action: "support_payment",
            policy: Action::ManageSupport,
            own: body(|w, _, _| {
                vec![
                    ("worker_id", w.province_worker.to_string()),
                    ("item", "kit".to_owned()),
                    ("paid_on", "2026-01-20".to_owned()),
                    ("amount_vnd", "600000".to_owned()),
                    ("quantity", String::new()),
                    ("receipt_no", String::new()),
                    ("note", String::new()),
                ]
            }),
            own_allowed: &[Provincial],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("worker_id", w.other_province_worker.to_string()),
                        ("item", "kit".to_owned()),
                        ("paid_on", "2026-01-20".to_owned()),
                        ("amount_vnd", "600000".to_owned()),
                        ("quantity", String::new()),
                        ("receipt_no", String::new()),
                        ("note", String::new()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            // The officer's own province's budget; there is no other to name.
            action: "support_budget",
            policy: Action::ManageSupport,
            own: body(|_, _, _| {
                vec![
                    ("year", "2026".to_owned()),
                    ("amount_vnd", "1000000000".to_owned()),
                    ("decision_no", "12/QĐ-UBND".to_owned()),
                ]
            }),
            own_allowed: &[Provincial],
            foreign: None,
        },
        Row {
            // The case number is typed in: another province's case answers at the field exactly
            // as a number that names no case (422, "no case with this number in your
            // province"), so nothing is learned; `support.rs` holds that. Here, the own one.
            action: "connection_claim",
            policy: Action::ManageSupport,
            own: body(|w, _, _| {
                vec![
                    ("case_id", w.province_case.to_string()),
                    ("unit_name", "Trung tâm Dịch vụ việc làm".to_owned()),
                    ("amount_vnd", "1500000".to_owned()),
                    ("note", String::new()),
                ]
            }),
            own_allowed: &[Provincial],
            foreign: None,
        },
        Row {
            action: "connection_claim_paid",
            policy: Action::ManageSupport,
            own: body(|w, _, _| {
                vec![
                    ("claim_id", w.province_claim.to_string()),
                    ("paid_on", "2026-11-20".to_owned()),
                ]
            }),
            own_allowed: &[Provincial],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("claim_id", w.foreign_claim.to_string()),
                        ("paid_on", "2026-11-20".to_owned()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            // A use of more than is held: refused at the amount (422) for a national officer.
            action: "licence_deposit_move",
            policy: Action::ManageLicenceDeposits,
            own: body(|w, _, _| {
                vec![
                    ("agency_id", w.own_agency.to_string()),
                    ("kind", "used".to_owned()),
                    ("amount_vnd", "1.000.000".to_owned()),
                    ("on", "2026-01-05".to_owned()),
                    ("order_no", "12/QĐ-BNV".to_owned()),
                ]
            }),
            own_allowed: &[National],
            foreign: None,
        },
        Row {
            // A dossier short of capital: refused at the condition (422) for a national officer.
            action: "issue_licence",
            policy: Action::DecideLicences,
            own: body(|_, _, n| {
                vec![
                    ("decision_no", format!("{n}/QĐ-QLLĐNN")),
                    ("decided_on", "2026-11-20".to_owned()),
                    ("signer", "Cục trưởng".to_owned()),
                    ("licence_number", format!("{n}/2026/BNV-GP")),
                    ("name", "Công ty Ma Trận".to_owned()),
                    ("enterprise_code", format!("01{n:08}")),
                    ("province", "01".to_owned()),
                    ("address", "Hà Nội".to_owned()),
                    ("phone", "024 3777 1234".to_owned()),
                    ("website", "https://matran.vn".to_owned()),
                    ("charter_capital_vnd", "1".to_owned()),
                    ("deposit_vnd", "2.000.000.000".to_owned()),
                    ("deposit_bank", "Vietcombank".to_owned()),
                    ("deposit_on", "2026-11-02".to_owned()),
                    ("representative", "Trần Văn A".to_owned()),
                    ("representative_years", "5".to_owned()),
                    ("staff", "3".to_owned()),
                    ("training_capacity", "100".to_owned()),
                ]
            }),
            own_allowed: &[National],
            foreign: None,
        },
        Row {
            // Signed in the future: refused at the date (422) for a national officer.
            action: "amend_licence",
            policy: Action::DecideLicences,
            own: body(|w, _, _| {
                vec![
                    ("agency_id", w.own_agency.to_string()),
                    ("decision_no", "1/QĐ".to_owned()),
                    ("decided_on", "2027-01-01".to_owned()),
                    ("signer", "Cục trưởng".to_owned()),
                    ("name", "Công ty Mới".to_owned()),
                    ("address", "Hà Nội".to_owned()),
                    ("phone", "024 3777 1234".to_owned()),
                    ("representative", "Trần Văn A".to_owned()),
                ]
            }),
            own_allowed: &[National],
            foreign: None,
        },
        Row {
            action: "reissue_licence",
            policy: Action::DecideLicences,
            own: body(|w, _, _| {
                vec![
                    ("agency_id", w.own_agency.to_string()),
                    ("decision_no", "2/QĐ".to_owned()),
                    ("decided_on", "2027-01-01".to_owned()),
                    ("signer", "Cục trưởng".to_owned()),
                    ("reason", "lost".to_owned()),
                ]
            }),
            own_allowed: &[National],
            foreign: None,
        },
        Row {
            // One month is shorter than the rules allow (422) for a national officer.
            action: "suspend_licence",
            policy: Action::DecideLicences,
            own: body(|w, _, _| {
                vec![
                    ("agency_id", w.own_agency.to_string()),
                    ("decision_no", "3/QĐ".to_owned()),
                    ("decided_on", "2026-11-20".to_owned()),
                    ("signer", "Cục trưởng".to_owned()),
                    ("market", "JP".to_owned()),
                    ("effective_on", "2026-11-23".to_owned()),
                    ("months", "1".to_owned()),
                    ("clause", "Điều 43".to_owned()),
                    ("reason", "Thu phí sai".to_owned()),
                ]
            }),
            own_allowed: &[National],
            foreign: None,
        },
        Row {
            // In force in the future: refused at the date (422) for a national officer.
            action: "revoke_licence",
            policy: Action::DecideLicences,
            own: body(|w, _, _| {
                vec![
                    ("agency_id", w.own_agency.to_string()),
                    ("decision_no", "4/QĐ".to_owned()),
                    ("decided_on", "2026-11-20".to_owned()),
                    ("signer", "Cục trưởng".to_owned()),
                    ("effective_on", "2027-01-01".to_owned()),
                    ("ground", "forged_dossier".to_owned()),
                    ("clause", "Điều 14".to_owned()),
                ]
            }),
            own_allowed: &[National],
            foreign: None,
        },
        Row {
            action: "plan_inspection",
            policy: Action::RecordInspections,
            own: body(|w, _, _| {
                vec![
                    ("agency_id", w.own_agency.to_string()),
                    ("scope", "Thu phí dịch vụ".to_owned()),
                    ("team", "Đoàn 2".to_owned()),
                    ("starts_on", "2026-12-01".to_owned()),
                    ("ends_on", "2026-12-03".to_owned()),
                ]
            }),
            own_allowed: &[Inspector],
            foreign: None,
        },
        Row {
            // Already open: the state has moved on (422) for the team.
            action: "open_inspection",
            policy: Action::RecordInspections,
            own: body(|w, _, _| vec![("inspection_id", w.own_inspection.to_string())]),
            own_allowed: &[Inspector],
            foreign: None,
        },
        Row {
            // Committed in the future: refused at the date (422) for the team.
            action: "record_violation",
            policy: Action::RecordInspections,
            own: body(|w, _, _| {
                vec![
                    ("inspection_id", w.own_inspection.to_string()),
                    ("code", "REPORT_LATE".to_owned()),
                    ("act", "Báo cáo chậm".to_owned()),
                    ("clause", "Điều 40".to_owned()),
                    ("committed_on", "2027-01-01".to_owned()),
                ]
            }),
            own_allowed: &[Inspector],
            foreign: None,
        },
        Row {
            // Signed in the future: refused at the date (422) for the team.
            action: "record_sanction",
            policy: Action::RecordInspections,
            own: body(|w, _, _| {
                vec![
                    ("inspection_id", w.own_inspection.to_string()),
                    ("decision_no", "1/QĐ-XPHC".to_owned()),
                    ("decided_on", "2027-01-01".to_owned()),
                    ("signer", "Chánh Thanh tra".to_owned()),
                    ("fine_vnd", "10.000.000".to_owned()),
                    ("extra", "none".to_owned()),
                ]
            }),
            own_allowed: &[Inspector],
            foreign: None,
        },
        Row {
            // Due in the past: refused at the date (422) for the team.
            action: "add_remediation_task",
            policy: Action::RecordInspections,
            own: body(|w, _, _| {
                vec![
                    ("inspection_id", w.own_inspection.to_string()),
                    ("description", "Thanh lý hợp đồng".to_owned()),
                    ("due_on", "2026-01-01".to_owned()),
                ]
            }),
            own_allowed: &[Inspector],
            foreign: None,
        },
        Row {
            // Answered by the agency's rows or not, the team may review (303 or 422).
            action: "review_remediation_task",
            policy: Action::RecordInspections,
            own: body(|w, _, _| {
                vec![
                    ("task_id", w.own_task.to_string()),
                    ("verdict", "return".to_owned()),
                    ("note", "Thiếu chứng từ".to_owned()),
                ]
            }),
            own_allowed: &[Inspector],
            foreign: None,
        },
        Row {
            // A task is owed: refused (422) for the team.
            action: "close_inspection",
            policy: Action::RecordInspections,
            own: body(|w, _, _| vec![("inspection_id", w.own_inspection.to_string())]),
            own_allowed: &[Inspector],
            foreign: None,
        },
        Row {
            // The first answer is recorded (303); the next finds it answered (422).
            action: "answer_remediation_task",
            policy: Action::AnswerRemediation,
            own: body(|w, _, _| {
                vec![
                    ("task_id", w.own_task.to_string()),
                    ("answer", "Đã hoàn trả".to_owned()),
                ]
            }),
            own_allowed: &[AgencyAdmin, AgencyStaff],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("task_id", w.foreign_task.to_string()),
                        ("answer", "Đã hoàn trả".to_owned()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            // The worker from their account; someone not signed in for a worker (303 or the
            // tracking code); anyone else signed in has their own channels.
            action: "file_complaint",
            policy: Action::FileComplaint,
            own: body(|w, who, _| {
                let mut v = vec![
                    ("agency_id", w.own_agency.to_string()),
                    ("category", "OVERCHARGING".to_owned()),
                    ("learned_on", "2026-11-01".to_owned()),
                    ("description", "Thu phí quá mức".to_owned()),
                ];
                if who == Anonymous {
                    v.extend([
                        ("filing_as", "other".to_owned()),
                        ("filer_name", "Trần Văn Bố".to_owned()),
                        ("relation", "relative".to_owned()),
                        ("email", "bo@example.vn".to_owned()),
                        ("worker_name", "Trần Văn Con".to_owned()),
                    ]);
                } else {
                    v.push(("filing_as", "self".to_owned()));
                }
                v
            }),
            own_allowed: &[Anonymous, Worker],
            foreign: None,
        },
        Row {
            // The head office accepts the first complaint (303); afterwards it has moved on (422).
            action: "decide_complaint",
            policy: Action::HandleComplaint,
            own: body(|w, _, _| {
                vec![
                    ("complaint_id", w.own_complaint.to_string()),
                    ("verdict", "accept".to_owned()),
                ]
            }),
            own_allowed: &[AgencyAdmin],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("complaint_id", w.foreign_complaint.to_string()),
                        ("verdict", "accept".to_owned()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            // The agency's head office against a sanction on it; the other agency learns
            // nothing of it (404).
            action: "complain_sanction",
            policy: Action::FileComplaint,
            own: body(|w, _, _| {
                vec![
                    ("sanction_id", w.own_sanction.to_string()),
                    ("learned_on", "2026-11-21".to_owned()),
                    ("description", "Mức phạt không tương xứng".to_owned()),
                ]
            }),
            own_allowed: &[AgencyAdmin],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("sanction_id", w.foreign_sanction.to_string()),
                        ("learned_on", "2026-11-21".to_owned()),
                        ("description", "Mức phạt không tương xứng".to_owned()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            action: "extend_complaint",
            policy: Action::HandleComplaint,
            own: body(|w, _, _| {
                vec![
                    ("complaint_id", w.own_complaint.to_string()),
                    ("reason", "Cần xác minh tại Nhật Bản".to_owned()),
                ]
            }),
            own_allowed: &[AgencyAdmin],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("complaint_id", w.foreign_complaint.to_string()),
                        ("reason", "Phức tạp".to_owned()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            action: "answer_complaint",
            policy: Action::HandleComplaint,
            own: body(|w, _, _| {
                vec![
                    ("complaint_id", w.own_complaint.to_string()),
                    ("answer", "Hoàn trả 20 triệu đồng".to_owned()),
                ]
            }),
            own_allowed: &[AgencyAdmin],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("complaint_id", w.foreign_complaint.to_string()),
                        ("answer", "Không có căn cứ".to_owned()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            // The filer takes the answer further (303); it is then at the second level.
            action: "escalate_complaint",
            policy: Action::FollowComplaint,
            own: body(|w, _, _| {
                vec![
                    ("complaint_id", w.own_complaint.to_string()),
                    ("reason", "Chưa hoàn đủ".to_owned()),
                ]
            }),
            own_allowed: &[Worker],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("complaint_id", w.foreign_complaint.to_string()),
                        ("reason", "Chưa hoàn đủ".to_owned()),
                    ]
                }),
                NOBODY,
            )),
        },
        Row {
            // At the second level there is no first answer to accept: moved on (422).
            action: "accept_complaint_answer",
            policy: Action::FollowComplaint,
            own: body(|w, _, _| vec![("complaint_id", w.own_complaint.to_string())]),
            own_allowed: &[Worker],
            foreign: Some((
                body(|w, _, _| vec![("complaint_id", w.foreign_complaint.to_string())]),
                NOBODY,
            )),
        },
        Row {
            // Officers of the worker's province, national officers and inspectors.
            action: "mark_complaint_remote",
            policy: Action::MarkComplaintRemote,
            own: body(|w, _, _| vec![("complaint_id", w.own_complaint.to_string())]),
            own_allowed: &[Inspector, Provincial, National],
            foreign: Some((
                body(|w, _, _| vec![("complaint_id", w.foreign_complaint.to_string())]),
                &[Inspector, National],
            )),
        },
        Row {
            action: "link_complaint",
            policy: Action::OverseeComplaints,
            own: body(|w, _, _| {
                vec![
                    ("complaint_id", w.own_complaint.to_string()),
                    ("inspection_id", w.own_inspection.to_string()),
                ]
            }),
            own_allowed: &[Inspector],
            foreign: None,
        },
        Row {
            action: "share_complaint_contact",
            policy: Action::OverseeComplaints,
            own: body(|w, _, _| vec![("complaint_id", w.own_complaint.to_string())]),
            own_allowed: &[Inspector],
            foreign: None,
        },
        Row {
            action: "issue_claim_code",
            policy: Action::IssueClaimCode,
            own: body(|w, _, _| vec![("case_id", w.own_case.to_string())]),
            own_allowed: &[AgencyAdmin, AgencyStaff],
            foreign: Some((
                body(|w, _, _| vec![("case_id", w.foreign_case.to_string())]),
                NOBODY,
            )),
        },
        Row {
            action: "signin",
            policy: Action::Public,
            own: body(|_, _, n| {
                vec![
                    ("identifier", format!("nobody{n}@example.vn")),
                    ("password", "wrong".to_owned()),
                ]
            }),
            own_allowed: EVERYONE,
            foreign: None,
        },
        Row {
            // Only a session waiting for its second factor may send a code; every session here
            // is already complete, and someone not signed in has no session at all.
            action: "signin_code",
            policy: Action::Public,
            own: body(|_, _, _| vec![("code", "123456".to_owned())]),
            own_allowed: NOBODY,
            foreign: None,
        },
        Row {
            action: "signout",
            policy: Action::Public,
            own: body(|_, _, _| vec![]),
            own_allowed: EVERYONE,
            foreign: None,
        },
        Row {
            action: "forgot",
            policy: Action::Public,
            own: body(|_, _, _| vec![("email", "someone@example.vn".to_owned())]),
            own_allowed: EVERYONE,
            foreign: None,
        },
        Row {
            action: "reset",
            policy: Action::Public,
            own: body(|_, _, _| {
                vec![
                    ("token", "nothing".to_owned()),
                    ("password", "hoa sen trong đầm 2026".to_owned()),
                ]
            }),
            own_allowed: EVERYONE,
            foreign: None,
        },
        Row {
            action: "accept_invitation",
            policy: Action::Public,
            own: body(|_, _, _| {
                vec![
                    ("token", "nothing".to_owned()),
                    ("password", "hoa sen trong đầm 2026".to_owned()),
                ]
            }),
            own_allowed: EVERYONE,
            foreign: None,
        },
        Row {
            action: "totp_confirm",
            policy: Action::OwnAccount,
            own: body(|_, _, _| vec![("code", "000000".to_owned())]),
            own_allowed: SIGNED_IN,
            foreign: None,
        },
        Row {
            action: "revoke_session",
            policy: Action::OwnAccount,
            // Filled in per request: the id of the session the request itself carries.
            own: body(|_, _, _| vec![("session", "OWN".to_owned())]),
            own_allowed: SIGNED_IN,
            foreign: Some((
                body(|_, _, _| vec![("session", "FOREIGN".to_owned())]),
                NOBODY,
            )),
        },
        Row {
            action: "invite",
            policy: Action::Invite(Role::NationalOfficer),
            own: body(|_, _, n| {
                vec![
                    ("email", format!("invited{n}@example.vn")),
                    ("full_name", "Lê Văn Cục".to_owned()),
                    ("role", "national_officer".to_owned()),
                ]
            }),
            own_allowed: &[SysAdmin],
            foreign: None,
        },
        Row {
            action: "invite_staff",
            policy: Action::Invite(Role::AgencyStaff),
            own: body(|_, _, n| {
                vec![
                    ("email", format!("staff{n}@example.vn")),
                    ("full_name", "Phạm Văn Nhân".to_owned()),
                    ("branch_name", "Chi nhánh Nghệ An".to_owned()),
                ]
            }),
            own_allowed: &[AgencyAdmin],
            foreign: None,
        },
        Row {
            action: "set_status",
            policy: Action::SetUserStatus,
            own: body(|w, _, _| {
                vec![
                    ("user_id", w.own_staff_user.to_string()),
                    ("status", "active".to_owned()),
                ]
            }),
            own_allowed: &[AgencyAdmin, SysAdmin],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("user_id", w.foreign_staff_user.to_string()),
                        ("status", "active".to_owned()),
                    ]
                }),
                &[SysAdmin],
            )),
        },
        Row {
            action: "order_draft",
            policy: Action::ManageOrders,
            own: body(|_, _, _| order_terms(None)),
            own_allowed: &[AgencyAdmin],
            foreign: None,
        },
        Row {
            action: "order_edit",
            policy: Action::ManageOrders,
            own: body(|w, _, _| order_terms(Some(w.own_draft))),
            own_allowed: &[AgencyAdmin],
            foreign: Some((body(|w, _, _| order_terms(Some(w.foreign_draft))), NOBODY)),
        },
        Row {
            action: "order_submit",
            policy: Action::ManageOrders,
            own: body(|w, _, _| vec![("order_id", w.own_draft.to_string())]),
            own_allowed: &[AgencyAdmin],
            foreign: Some((
                body(|w, _, _| vec![("order_id", w.foreign_draft.to_string())]),
                NOBODY,
            )),
        },
        Row {
            action: "order_decide",
            policy: Action::DecideOrders,
            own: body(|w, _, _| {
                vec![
                    ("order_id", w.submitted_order.to_string()),
                    ("decision", "reject".to_owned()),
                    ("reason", "Thiếu hợp đồng".to_owned()),
                ]
            }),
            own_allowed: &[National],
            foreign: None,
        },
        Row {
            action: "apply",
            policy: Action::Apply,
            own: body(|w, _, _| vec![("order_id", w.own_order.to_string())]),
            own_allowed: &[Worker],
            foreign: None,
        },
        Row {
            action: "case_open",
            policy: Action::ManageCases,
            own: body(|w, _, n| {
                vec![
                    ("order_id", w.own_order.to_string()),
                    ("citizen_id", format!("0013010{:05}", 50_000 + n)),
                    ("full_name", "Đỗ Thị Hương".to_owned()),
                    ("birth_date", "2001-01-01".to_owned()),
                    ("sex", "female".to_owned()),
                    ("phone", "0912345678".to_owned()),
                ]
            }),
            own_allowed: &[AgencyAdmin, AgencyStaff],
            foreign: None,
        },
        Row {
            action: "case_step",
            policy: Action::ChangeCase,
            own: body(|w, _, _| {
                vec![
                    ("case_id", w.own_case.to_string()),
                    ("version", "0".to_owned()),
                    ("step", "withdraw".to_owned()),
                    ("note", "Lý do gia đình".to_owned()),
                ]
            }),
            own_allowed: &[Worker, AgencyAdmin, AgencyStaff, National],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("case_id", w.foreign_case.to_string()),
                        ("version", "0".to_owned()),
                        ("step", "withdraw".to_owned()),
                        ("note", "Lý do gia đình".to_owned()),
                    ]
                }),
                &[National],
            )),
        },
        Row {
            action: "case_event",
            policy: Action::ChangeCase,
            own: body(|w, _, _| {
                vec![
                    ("case_id", w.own_case.to_string()),
                    ("version", "0".to_owned()),
                    ("event", "incident".to_owned()),
                    ("on", "2026-03-01".to_owned()),
                    ("incident_kind", "other".to_owned()),
                    ("description", "Đau lưng".to_owned()),
                ]
            }),
            own_allowed: &[Worker, AgencyAdmin, AgencyStaff, National],
            foreign: Some((
                body(|w, _, _| {
                    vec![
                        ("case_id", w.foreign_case.to_string()),
                        ("version", "0".to_owned()),
                        ("event", "incident".to_owned()),
                        ("on", "2026-03-01".to_owned()),
                        ("incident_kind", "other".to_owned()),
                        ("description", "Đau lưng".to_owned()),
                    ]
                }),
                &[National],
            )),
        },
        Row {
            action: "case_import",
            policy: Action::ManageCases,
            own: body(|_, _, _| vec![("csv", "citizen_id,full_name\n".to_owned())]),
            own_allowed: &[AgencyAdmin, AgencyStaff],
            foreign: None,
        },
        Row {
            action: "list_create",
            policy: Action::ManageCases,
            own: body(|w, _, _| {
                vec![
                    ("order_id", w.own_order.to_string()),
                    ("case_id", w.own_case.to_string()),
                    ("planned_exit_on", "2027-01-10".to_owned()),
                ]
            }),
            own_allowed: &[AgencyAdmin, AgencyStaff],
            foreign: None,
        },
        Row {
            action: "list_decide",
            policy: Action::DecideOrders,
            own: body(|w, _, _| {
                vec![
                    ("list_id", w.own_list.to_string()),
                    ("decision", "reject".to_owned()),
                    ("reason", "Thiếu hộ chiếu".to_owned()),
                ]
            }),
            own_allowed: &[National],
            foreign: None,
        },
        Row {
            action: "rule_add",
            policy: Action::EditRules,
            own: body(|_, _, n| {
                vec![
                    ("key", "min_worker_age".to_owned()),
                    ("scope", String::new()),
                    ("effective_from", format!("2030-01-{:02}", 1 + n % 28)),
                    ("value", "18".to_owned()),
                    ("source", "Luật 69/2020/QH14, Điều 44".to_owned()),
                ]
            }),
            own_allowed: &[SysAdmin],
            foreign: None,
        },
    ]
}

async fn order(app: &TestApp, agency: i32, status: &str) -> i32 {
    job_order::ActiveModel {
        agency_id: Set(agency),
        market_code: Set("JP".to_owned()),
        employer_name: Set("Osaka Metal".to_owned()),
        occupation: Set("Hàn kim loại".to_owned()),
        headcount: Set(10),
        wage_amount: Set(180_000),
        wage_currency: Set("JPY".to_owned()),
        term_months: Set(36),
        service_fee_vnd: Set(1_000_000),
        deposit_vnd: Set(0),
        form: Set("licensed_agency".to_owned()),
        status: Set(status.to_owned()),
        submitted_on: Set((status == "submitted").then(|| date(2026, 2, 1))),
        filled: Set(0),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// An open inspection of the agency with one remediation task owed: (inspection, task).
async fn inspection(app: &TestApp, agency: i32) -> (i32, i32) {
    let now = chrono::Utc::now();
    let i = crate::helpers::add_inspection(&app.db, agency, "open").await;
    let t = app::backend::entity::remediation_task::ActiveModel {
        inspection_id: Set(i),
        description: Set("Hoàn trả phí".to_owned()),
        due_on: Set(date(2026, 12, 31)),
        status: Set("open".to_owned()),
        created_by: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    (i, t)
}

async fn world(app: &TestApp) -> World {
    let mut a = AgencyFixture::named("Công ty A", "001/2020/GP", "0100000001");
    a.markets = vec!["JP"];
    let a = a.insert(&app.db).await;
    let mut b = AgencyFixture::named("Công ty B", "002/2020/GP", "0100000002");
    b.markets = vec!["JP"];
    let b = b.insert(&app.db).await;
    let own_case = add_case(&app.db, a).await;
    let foreign_case = add_case(&app.db, b).await;
    let own_case_row = app::backend::entity::case::Entity::find_by_id(own_case)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let own_list = departure_list::ActiveModel {
        agency_id: Set(a),
        job_order_id: Set(own_case_row.job_order_id),
        status: Set("submitted".to_owned()),
        planned_exit_on: Set(date(2027, 1, 10)),
        submitted_on: Set(date(2026, 2, 1)),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id;
    let mut users = BTreeMap::new();
    for (who, role, agency, province, worker) in [
        (
            Worker,
            Role::Worker,
            None,
            None,
            Some(own_case_row.worker_id),
        ),
        (AgencyAdmin, Role::AgencyAdmin, Some(a), None, None),
        (AgencyStaff, Role::AgencyStaff, Some(a), None, None),
        (Inspector, Role::Inspector, None, None, None),
        (Provincial, Role::ProvincialOfficer, None, Some("01"), None),
        (National, Role::NationalOfficer, None, None, None),
        (SysAdmin, Role::SystemAdmin, None, None, None),
    ] {
        let email = format!("{who:?}@matrix.vn").to_lowercase();
        let id = app.add_user(&email, role, agency, province, worker).await;
        if who == AgencyStaff {
            let mut u: user::ActiveModel = user::Entity::find_by_id(id)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap()
                .into();
            u.branch_name = Set(Some("Chi nhánh Nghệ An".to_owned()));
            u.update(&app.db).await.unwrap();
        }
        users.insert(who, id);
    }
    let own_staff_user = app
        .add_user("target.a@matrix.vn", Role::AgencyStaff, Some(a), None, None)
        .await;
    let foreign_staff_user = app
        .add_user("target.b@matrix.vn", Role::AgencyStaff, Some(b), None, None)
        .await;
    let entry = |recorded_by: &str| app::backend::entity::payment::ActiveModel {
        case_id: Set(own_case),
        kind: Set("passport".to_owned()),
        payee: Set("provider".to_owned()),
        paid_on: Set(date(2026, 1, 5)),
        amount_vnd: Set(200_000),
        note: Set(String::new()),
        recorded_by: Set(recorded_by.to_owned()),
        inspectors_only: Set(false),
        flags: Set("[]".to_owned()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    let agency_entry = entry("agency").insert(&app.db).await.unwrap().id;
    let worker_statement = entry("worker").insert(&app.db).await.unwrap().id;
    let province_case = add_case(&app.db, a).await;
    let province_worker = app::backend::entity::case::Entity::find_by_id(province_case)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .worker_id;
    let mut pw: app::backend::entity::worker::ActiveModel =
        app::backend::entity::worker::Entity::find_by_id(province_worker)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into();
    pw.province_code = Set("01".to_owned());
    pw.update(&app.db).await.unwrap();
    let claim = |case_id: i32, worker_id: i32, province: &str| {
        app::backend::entity::connection_claim::ActiveModel {
            case_id: Set(case_id),
            worker_id: Set(worker_id),
            province_code: Set(province.to_owned()),
            unit_name: Set("Trung tâm Dịch vụ việc làm".to_owned()),
            amount_vnd: Set(1_500_000),
            note: Set(String::new()),
            recorded_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
    };
    let province_claim = claim(province_case, province_worker, "01")
        .insert(&app.db)
        .await
        .unwrap()
        .id;
    let foreign_claim = claim(own_case, own_case_row.worker_id, "40")
        .insert(&app.db)
        .await
        .unwrap()
        .id;
    let (own_inspection, own_task) = inspection(app, a).await;
    let (_, foreign_task) = inspection(app, b).await;
    let own_complaint = add_complaint(&app.db, a, users.get(&Worker).copied(), "01").await;
    let foreign_complaint = add_complaint(&app.db, b, None, "40").await;
    let own_sanction = sanction(app, inspection(app, a).await.0).await;
    let foreign_sanction = sanction(app, inspection(app, b).await.0).await;
    World {
        own_sanction,
        foreign_sanction,
        own_complaint,
        foreign_complaint,
        own_inspection,
        own_task,
        foreign_task,
        province_case,
        province_worker,
        province_claim,
        foreign_claim,
        other_province_worker: app::backend::entity::case::Entity::find_by_id(foreign_case)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .worker_id,
        agency_entry,
        worker_statement,
        own_agency: a,
        own_order: own_case_row.job_order_id,
        own_draft: order(app, a, "draft").await,
        foreign_draft: order(app, b, "draft").await,
        submitted_order: order(app, a, "submitted").await,
        own_case,
        foreign_case,
        own_list,
        own_staff_user,
        foreign_staff_user,
        users,
    }
}

#[test]
fn every_form_action_allows_and_denies_every_role_and_tenant_as_written_here() {
    crate::helpers::run(async {
        let app = spawn_app().await;
        let w = world(&app).await;
        let rows = rows();

        // Every action in the tables has a row here, with the policy the table names.
        let registered: BTreeMap<&str, Action> = app::api::forms::tables()
            .into_iter()
            .flatten()
            .map(|a| (a.name, a.policy))
            .collect();
        let tested: BTreeMap<&str, Action> = rows.iter().map(|r| (r.action, r.policy)).collect();
        let missing: BTreeSet<&&str> = registered
            .keys()
            .filter(|k| !tested.contains_key(*k))
            .collect();
        let unknown: BTreeSet<&&str> = tested
            .keys()
            .filter(|k| !registered.contains_key(*k))
            .collect();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "form actions without a matrix row: {missing:?}; rows without a form action: {unknown:?}"
        );
        assert_eq!(
            registered, tested,
            "a form action's policy differs from the matrix"
        );

        let mut failures = Vec::new();
        let mut n = 0usize;
        for row in &rows {
            let mut cases = vec![(&row.own, row.own_allowed, "own")];
            if let Some((b, allowed)) = &row.foreign {
                cases.push((b, *allowed, "foreign"));
            }
            for (make, allowed, label) in cases {
                for who in EVERYONE {
                    n += 1;
                    // A fresh session per request: some actions end the session they came with.
                    let (cookie, session_id) = match w.users.get(who) {
                        Some(&id) => {
                            let token = app.session_for(id).await;
                            (
                                Some(token.clone()),
                                app::backend::secrets::token_hash(&token),
                            )
                        }
                        None => (None, String::new()),
                    };
                    let mut fields = make(&w, *who, n);
                    for (k, v) in fields.iter_mut() {
                        if k == "session" && v == "OWN" {
                            *v = session_id.clone();
                        } else if k == "session" && v == "FOREIGN" {
                            *v = foreign_session(&app, &w, *who).await;
                        }
                    }
                    fields.insert(0, ("_action".to_owned(), row.action.to_owned()));
                    let pairs: Vec<(&str, &str)> = fields
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    let res = app.post_form("/", &pairs, cookie.as_deref()).await;
                    let status = res.status().as_u16();
                    let expect_allowed = allowed.contains(who);
                    let denied = matches!(status, 401 | 403 | 404);
                    // Someone with a tenant of their own (a worker, an agency, a province) must not
                    // learn that another tenant's record exists: 404, as for a record that does not.
                    let has_tenant = matches!(who, Worker | AgencyAdmin | AgencyStaff | Provincial);
                    let foreign_not_404 =
                        label == "foreign" && !expect_allowed && has_tenant && status != 404;
                    if expect_allowed == denied || foreign_not_404 || status >= 500 {
                        failures.push(format!(
                            "{} ({label}) as {who:?}: got {status}, expected {}",
                            row.action,
                            if expect_allowed { "allowed" } else { "denied" }
                        ));
                    }
                }
            }
        }
        assert!(
            failures.is_empty(),
            "form access matrix mismatches:\n{}",
            failures.join("\n")
        );
    })
}

/// A live session of somebody else than `who`.
async fn foreign_session(app: &TestApp, w: &World, who: Who) -> String {
    let other = if who == SysAdmin { Inspector } else { SysAdmin };
    let token = app.session_for(w.users[&other]).await;
    let id = app::backend::secrets::token_hash(&token);
    assert!(session::Entity::find_by_id(id.clone())
        .one(&app.db)
        .await
        .unwrap()
        .is_some());
    id
}
