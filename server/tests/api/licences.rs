//! Licence decisions through the real forms: issuing only when every condition is met, a
//! suspension in one market that the guards and the public registry follow, a revocation taken
//! once, a decision number recorded once, and who may decide.

use app::backend::entity::{agency, audit_log, licence_deposit, market_suspension, outbox};
use app::domain::accounts::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::lifecycle::{excerpt, world, World};

/// The text of a field's error on the page, if it has one.
fn field_error(body: &str, name: &str) -> Option<String> {
    let marker = format!("data-testid=\"error-{name}\"");
    let at = body.find(&marker)?;
    let rest = &body[at + marker.len()..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find("</p>")?;
    Some(rest[start..start + end].trim().to_owned())
}

fn issue_form(no: &str, code: &str, licence: &str) -> Vec<(&'static str, String)> {
    [
        ("_action", "issue_licence"),
        ("decision_no", no),
        ("decided_on", "2026-11-20"),
        ("signer", "Nguyễn Văn Cục, Cục trưởng"),
        ("licence_number", licence),
        ("name", "Công ty Cổ phần Nhân lực Hoa Sen"),
        ("enterprise_code", code),
        ("province", "01"),
        ("address", "Số 5 Láng Hạ, Hà Nội"),
        ("phone", "024 3777 1234"),
        ("email", "lienhe@hoasen.vn"),
        ("website", "https://hoasen.com.vn"),
        ("charter_capital_vnd", "5.000.000.000"),
        ("domestic_owners", "yes"),
        ("deposit_vnd", "2.000.000.000"),
        ("deposit_bank", "Vietcombank"),
        ("deposit_on", "2026-11-02"),
        ("representative", "Trần Văn Sen"),
        ("representative_graduate", "yes"),
        ("representative_years", "5"),
        ("staff", "12"),
        ("staff_qualified", "yes"),
        ("training_capacity", "100"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

fn with(
    mut form: Vec<(&'static str, String)>,
    key: &str,
    value: &str,
) -> Vec<(&'static str, String)> {
    form.retain(|(k, _)| *k != key);
    if !value.is_empty() {
        form.push((Box::leak(key.to_owned().into_boxed_str()), value.to_owned()));
    }
    form
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn suspend_form(
    agency: i32,
    no: &str,
    market: &str,
    from: &str,
    months: &str,
) -> Vec<(&'static str, String)> {
    [
        ("_action", "suspend_licence"),
        ("agency_id", agency.to_string().as_str()),
        ("decision_no", no),
        ("decided_on", "2026-11-23"),
        ("signer", "Nguyễn Văn Cục, Cục trưởng"),
        ("market", market),
        ("effective_on", from),
        ("months", months),
        ("clause", "Điểm b khoản 3 Điều 43 Nghị định 283/2026/NĐ-CP"),
        ("reason", "Thu tiền dịch vụ vượt mức trần"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

fn revoke_form(agency: i32, no: &str, effective: &str) -> Vec<(&'static str, String)> {
    [
        ("_action", "revoke_licence"),
        ("agency_id", agency.to_string().as_str()),
        ("decision_no", no),
        ("decided_on", "2026-11-23"),
        ("signer", "Nguyễn Văn Cục, Cục trưởng"),
        ("effective_on", effective),
        ("ground", "forged_dossier"),
        ("clause", "Điểm a khoản 1 Điều 14 Luật 69/2020/QH14"),
        ("note", ""),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

async fn draft_order(w: &World, market: &str) -> (u16, String) {
    let (status, _, body) = w
        .post(
            "/orders/new",
            &w.agency_admin,
            &[
                ("_action", "order_draft"),
                ("market_code", market),
                ("employer_name", "Yamato Seiki Co., Ltd."),
                ("occupation", "7212"),
                ("headcount", "3"),
                ("wage_amount", "165.000"),
                ("wage_currency", if market == "JP" { "JPY" } else { "TWD" }),
                ("term_months", "36"),
                ("service_fee_vnd", "10.000.000"),
                ("deposit_vnd", ""),
                ("form", "licensed_agency"),
                (
                    "programme",
                    if market == "JP" {
                        "technical_intern"
                    } else {
                        "other"
                    },
                ),
                ("working_conditions", ""),
            ],
        )
        .await;
    (status, body)
}

#[test]
fn a_licence_issues_only_when_every_condition_is_met_and_its_decision_is_public() {
    crate::helpers::run(async {
        let w = world().await;
        let form = issue_form("101/QĐ-QLLĐNN", "0109998887", "201/2026/BNV-GP");
        let short = with(form.clone(), "charter_capital_vnd", "4.999.999.999");
        let short = with(short, "website", "https://hoasen.com");
        let short = with(short, "staff_qualified", "");
        let (status, _, body) = w.post("/licences", &w.dolab, &pairs(&short)).await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        let capital = field_error(&body, "charter_capital_vnd").unwrap_or_default();
        assert!(capital.contains("5.000.000.000"), "{capital}");
        assert!(field_error(&body, "website")
            .unwrap_or_default()
            .contains(".vn"));
        assert!(field_error(&body, "staff_qualified").is_some());
        assert!(
            field_error(&body, "domestic_owners").is_none(),
            "ticked, so met"
        );
        // What was typed is kept.
        assert!(body.contains("Trần Văn Sen"));
        assert_eq!(
            agency::Entity::find()
                .filter(agency::Column::EnterpriseCode.eq("0109998887"))
                .one(&w.app.db)
                .await
                .unwrap(),
            None
        );

        let (status, to, body) = w.post("/licences", &w.dolab, &pairs(&form)).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let id: i32 = to
            .trim_start_matches("/licences/")
            .parse()
            .expect("licence page");
        let a = agency::Entity::find_by_id(id)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(a.licence_status, "active");
        assert_eq!(a.licence_date.to_string(), "2026-11-20");
        assert_eq!(a.representative.as_deref(), Some("Trần Văn Sen"));
        let deposit = licence_deposit::Entity::find()
            .filter(licence_deposit::Column::AgencyId.eq(id))
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("the deposit is recorded as paid");
        assert_eq!(
            (deposit.kind.as_str(), deposit.amount_vnd),
            ("paid", 2_000_000_000)
        );
        let (status, page) = w.app.page(&format!("/agencies/{id}")).await;
        assert_eq!(status, 200);
        assert!(page.contains(
            "Quyết định số 101/QĐ-QLLĐNN ngày 20/11/2026, Nguyễn Văn Cục, Cục trưởng ký"
        ));
        let (_, officers) = w.app.get_as(&to, &w.dolab).await;
        assert!(officers.contains("data-testid=\"licence-conditions\""));

        // The same enterprise, or the same number, is not licensed twice.
        let again = issue_form("102/QĐ-QLLĐNN", "0109998887", "201/2026/BNV-GP");
        let (status, _, body) = w.post("/licences", &w.dolab, &pairs(&again)).await;
        assert_eq!(status, 422);
        assert!(field_error(&body, "enterprise_code").is_some());
        assert!(field_error(&body, "licence_number").is_some());
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("licence.issued"))
            .all(&w.app.db)
            .await
            .unwrap();
        assert_eq!(audited.len(), 1);
    })
}

#[test]
fn a_six_month_suspension_in_japan_stops_orders_and_applications_there_and_the_registry_says_so() {
    crate::helpers::run(async {
        let w = world().await;
        let order = w.approved_order("5").await;
        let path = format!("/licences/{}", w.agency);
        for (months, bound) in [("2", "3"), ("19", "18")] {
            let f = suspend_form(w.agency, "77/QĐ-XPVPHC", "JP", "2026-11-23", months);
            let (status, _, body) = w.post(&path, &w.dolab, &pairs(&f)).await;
            assert_eq!(status, 422, "{months} months");
            let e = field_error(&body, "months").unwrap_or_default();
            assert!(e.contains(bound), "{months}: {e}");
        }
        let f = suspend_form(w.agency, "77/QĐ-XPVPHC", "JP", "2026-11-23", "6");
        let (status, _, body) = w.post(&path, &w.dolab, &pairs(&f)).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let s = market_suspension::Entity::find()
            .filter(market_suspension::Column::AgencyId.eq(w.agency))
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("suspension");
        assert_eq!(
            (s.starts_on.to_string(), s.ends_on.to_string()),
            ("2026-11-23".into(), "2027-05-22".into())
        );

        // No new order in Japan; Taiwan is not touched.
        let (status, body) = draft_order(&w, "JP").await;
        let i = body.find("data-testid=\"error-").unwrap_or(0);
        assert_eq!(status, 422);
        assert_eq!(
            i,
            0,
            "no field error: {}",
            &body[i..(i + 300).min(body.len())]
        );
        let refusal = &body[body
            .find("data-testid=\"form-error\"")
            .expect("the refusal")..];
        assert!(
            refusal[..600.min(refusal.len())].contains("22/05/2027"),
            "{}",
            excerpt(&body)
        );
        let (status, body) = draft_order(&w, "TW").await;
        let i = body.find("data-testid=\"error-").unwrap_or(0);
        assert_eq!(status, 303, "{}", &body[i..(i + 300).min(body.len())]);
        // Nobody applies to the order approved before it.
        let (status, _, body) = w.apply(order, &w.worker).await;
        assert_eq!(status, 422, "{}", excerpt(&body));
        assert!(body.contains("22/05/2027"));

        // The public registry publishes it with its legal clause.
        let (_, page) = w.app.page(&format!("/agencies/{}", w.agency)).await;
        assert!(page.contains("data-standing=\"suspended\""));
        assert!(page.contains("Điểm b khoản 3 Điều 43 Nghị định 283/2026/NĐ-CP"));
        assert!(page.contains("77/QĐ-XPVPHC"));

        // A second suspension over the same days is refused; the agency's admin was told.
        let f = suspend_form(w.agency, "78/QĐ-XPVPHC", "JP", "2027-05-01", "3");
        let (status, _, body) = w.post(&path, &w.dolab, &pairs(&f)).await;
        assert_eq!(status, 422);
        assert!(field_error(&body, "effective_on")
            .unwrap_or_default()
            .contains("22/05/2027"));
        let mails = outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("licence_decision"))
            .all(&w.app.db)
            .await
            .unwrap();
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].recipient, "admin@saomai.vn");
        assert!(
            mails[0].subject.contains("Nhật Bản"),
            "{}",
            mails[0].subject
        );

        // It ends by itself.
        w.app.clock.advance(chrono::TimeDelta::days(181));
        let admin = w
            .app
            .add_user(
                "admin2@saomai.vn",
                Role::AgencyAdmin,
                Some(w.agency),
                None,
                None,
            )
            .await;
        let w2 = World {
            agency_admin: w.app.session_for(admin).await,
            ..w
        };
        let (status, body) = draft_order(&w2, "JP").await;
        assert_eq!(status, 303, "{}", excerpt(&body));
    })
}

#[test]
fn a_licence_is_revoked_once_and_the_agency_then_drafts_no_order() {
    crate::helpers::run(async {
        let w = world().await;
        let path = format!("/licences/{}", w.agency);
        let f = revoke_form(w.agency, "90/QĐ-QLLĐNN", "2026-12-01");
        let (status, _, body) = w.post(&path, &w.dolab, &pairs(&f)).await;
        assert_eq!(status, 422);
        assert!(
            field_error(&body, "effective_on").is_some(),
            "not in the future"
        );
        let f = revoke_form(w.agency, "90/QĐ-QLLĐNN", "2026-11-23");
        let (status, _, body) = w.post(&path, &w.dolab, &pairs(&f)).await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let f = revoke_form(w.agency, "91/QĐ-QLLĐNN", "2026-11-23");
        let (status, _, body) = w.post(&path, &w.dolab, &pairs(&f)).await;
        assert_eq!(status, 422);
        assert!(
            body.contains("data-testid=\"form-error\""),
            "{}",
            &body[body.find("<main").unwrap_or(0)..][..2000]
        );
        let a = agency::Entity::find_by_id(w.agency)
            .one(&w.app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                a.licence_status.as_str(),
                a.revoked_on.map(|d| d.to_string())
            ),
            ("revoked", Some("2026-11-23".into()))
        );
        let (status, body) = draft_order(&w, "TW").await;
        assert_eq!(status, 422);
        assert!(body.contains("thu hồi"), "{}", excerpt(&body));
        let (_, page) = w.app.page(&format!("/agencies/{}", w.agency)).await;
        assert!(page.contains("Giả mạo hồ sơ đề nghị cấp giấy phép"));
        assert!(page.contains("Điểm a khoản 1 Điều 14 Luật 69/2020/QH14"));
    })
}

#[test]
fn a_decision_number_is_recorded_once_and_an_amendment_must_change_something() {
    crate::helpers::run(async {
        let w = world().await;
        let path = format!("/licences/{}", w.agency);
        let reissue: Vec<(&str, String)> = [
            ("_action", "reissue_licence"),
            ("agency_id", w.agency.to_string().as_str()),
            ("decision_no", "55/QĐ-QLLĐNN"),
            ("decided_on", "2026-11-23"),
            ("signer", "Lê Thị Phó, Phó Cục trưởng"),
            ("reason", "lost"),
            ("note", ""),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_owned()))
        .collect();
        let (status, ..) = w.post(&path, &w.dolab, &pairs(&reissue)).await;
        assert_eq!(status, 303);
        let (status, _, body) = w.post(&path, &w.dolab, &pairs(&reissue)).await;
        assert_eq!(status, 422);
        assert!(
            field_error(&body, "decision_no").is_some(),
            "{}",
            excerpt(&body)
        );

        let amend = |name: &str| -> Vec<(&'static str, String)> {
            [
                ("_action", "amend_licence"),
                ("agency_id", w.agency.to_string().as_str()),
                ("decision_no", "56/QĐ-QLLĐNN"),
                ("decided_on", "2026-11-23"),
                ("signer", "Lê Thị Phó, Phó Cục trưởng"),
                ("name", name),
                ("address", "Số 18 phố Trần Duy Hưng"),
                ("phone", "024 3555 0101"),
                ("email", ""),
                ("website", "https://vidu.vn"),
                ("representative", "Phạm Văn Mới"),
            ]
            .into_iter()
            .map(|(k, v)| (k, v.to_owned()))
            .collect()
        };
        let (status, _, body) = w
            .post(&path, &w.dolab, &pairs(&amend("Công ty Sao Mai Mới")))
            .await;
        assert_eq!(status, 303, "{}", excerpt(&body));
        let (_, page) = w.app.page(&format!("/agencies/{}", w.agency)).await;
        assert!(
            page.contains("Công ty Sao Mai → Công ty Sao Mai Mới"),
            "the history says what changed"
        );
        let same = with(amend("Công ty Sao Mai Mới"), "decision_no", "57/QĐ-QLLĐNN");
        let (status, _, body) = w.post(&path, &w.dolab, &pairs(&same)).await;
        assert_eq!(status, 422);
        assert!(field_error(&body, "name")
            .unwrap_or_default()
            .contains("thay đổi"));
    })
}

#[test]
fn only_national_officers_decide_inspectors_read_and_agencies_see_only_the_public_page() {
    crate::helpers::run(async {
        let w = world().await;
        let inspector_id = w
            .app
            .add_user("thanhtra@mol.gov.vn", Role::Inspector, None, None, None)
            .await;
        let inspector = w.app.session_for(inspector_id).await;
        let path = format!("/licences/{}", w.agency);
        let f = suspend_form(w.agency, "70/QĐ-XPVPHC", "JP", "2026-11-23", "6");
        for who in [&w.agency_admin, &inspector, &w.worker] {
            let (status, ..) = w.post(&path, who, &pairs(&f)).await;
            assert_eq!(status, 403);
        }
        assert_eq!(
            market_suspension::Entity::find()
                .filter(market_suspension::Column::AgencyId.eq(w.agency))
                .all(&w.app.db)
                .await
                .unwrap(),
            vec![]
        );
        let (status, page) = w.app.get_as(&path, &inspector).await;
        assert_eq!(status, 200);
        assert!(
            !page.contains("data-testid=\"suspend-form\""),
            "inspectors read only"
        );
        let (_, page) = w.app.get_as(&path, &w.dolab).await;
        assert!(page.contains("data-testid=\"suspend-form\""));
        let (status, _) = w.app.get_as(&path, &w.agency_admin).await;
        assert_eq!(status, 403);
        let (status, _) = w.app.get_as("/licences", &w.worker).await;
        assert_eq!(status, 403);
    })
}
