//! Editing a draft job order before it is sent: through the form-action table, with the policy
//! checked in the use case, the change audited with its before and after, bad input kept with
//! its message, and orders DOLAB already has left as they are.

use app::backend::entity::{audit_log, job_order};
use app::domain::accounts::Role;
use app::views::forms::FormInput;
use app::views::job_orders::{fields as f, OrderEditInput};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::accounts::location;
use crate::helpers::{spawn_app, AgencyFixture, TestApp};

fn terms<'a>(employer: &'a str, headcount: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        (f::MARKET_CODE, "JP"),
        (f::EMPLOYER_NAME, employer),
        (f::OCCUPATION, "7212"),
        (f::HEADCOUNT, headcount),
        (f::WAGE_AMOUNT, "165.000"),
        (f::WAGE_CURRENCY, "JPY"),
        (f::TERM_MONTHS, "36"),
        (f::SERVICE_FEE_VND, "40.000.000"),
        (f::DEPOSIT_VND, ""),
        (f::FORM, "licensed_agency"),
        (f::PROGRAMME, "technical_intern"),
        (f::WORKING_CONDITIONS, "Ký túc xá 2 người/phòng"),
    ]
}

struct Agencies {
    app: TestApp,
    own_admin: String,
    other_admin: String,
    dolab: String,
}

async fn agencies() -> Agencies {
    let app = spawn_app().await;
    let a = AgencyFixture::named("Công ty Sao Mai", "123/LĐTBXH-GP", "0101234567")
        .insert(&app.db)
        .await;
    let b = AgencyFixture::named("Công ty Bình Minh", "124/LĐTBXH-GP", "0101234568")
        .insert(&app.db)
        .await;
    let own = app
        .add_user("admin@saomai.vn", Role::AgencyAdmin, Some(a), None, None)
        .await;
    let other = app
        .add_user("admin@binhminh.vn", Role::AgencyAdmin, Some(b), None, None)
        .await;
    let dolab = app
        .add_user("cuc@dolab.gov.vn", Role::NationalOfficer, None, None, None)
        .await;
    Agencies {
        own_admin: app.session_for(own).await,
        other_admin: app.session_for(other).await,
        dolab: app.session_for(dolab).await,
        app,
    }
}

impl Agencies {
    async fn draft(&self) -> i32 {
        let mut fields = vec![("_action", "order_draft")];
        fields.extend(terms("Yamato Seiki", "12"));
        let res = self
            .app
            .post_form("/orders/new", &fields, Some(&self.own_admin))
            .await;
        assert_eq!(res.status().as_u16(), 303);
        location(&res)
            .trim_start_matches("/orders/")
            .parse()
            .unwrap()
    }

    async fn edit(&self, id: i32, cookie: &str, employer: &str, headcount: &str) -> (u16, String) {
        let id = id.to_string();
        let mut fields = vec![
            ("_action", OrderEditInput::ACTION),
            (f::ORDER_ID, id.as_str()),
        ];
        fields.extend(terms(employer, headcount));
        let res = self
            .app
            .post_form(&format!("/orders/{id}"), &fields, Some(cookie))
            .await;
        (res.status().as_u16(), res.text().await.unwrap())
    }

    async fn order(&self, id: i32) -> job_order::Model {
        job_order::Entity::find_by_id(id)
            .one(&self.app.db)
            .await
            .unwrap()
            .unwrap()
    }
}

#[test]
fn the_head_office_changes_a_draft_and_the_change_is_audited_with_before_and_after() {
    crate::helpers::run(async {
        let w = agencies().await;
        let id = w.draft().await;
        let (status, _) = w.edit(id, &w.own_admin, "Yamato Seiki Nagoya", "20").await;
        assert_eq!(status, 303);
        let o = w.order(id).await;
        assert_eq!(
            (o.employer_name.as_str(), o.headcount, o.status.as_str()),
            ("Yamato Seiki Nagoya", 20, "draft")
        );
        let entry = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("job_order.edited"))
            .order_by_desc(audit_log::Column::Id)
            .one(&w.app.db)
            .await
            .unwrap()
            .expect("the edit is in the audit trail");
        let (before, after) = (entry.before_json.unwrap(), entry.after_json.unwrap());
        assert!(before.contains("\"headcount\":12") && before.contains("Yamato Seiki\""));
        assert!(after.contains("\"headcount\":20") && after.contains("Yamato Seiki Nagoya"));
        // The order page offers the edit form filled with the saved terms.
        let (_, page) = w.app.get_as(&format!("/orders/{id}"), &w.own_admin).await;
        assert!(page.contains("data-testid=\"order-edit-form\""));
        assert!(page.contains("value=\"Yamato Seiki Nagoya\""));
    })
}

#[test]
fn a_bad_edit_is_shown_next_to_its_field_keeps_what_was_typed_and_changes_nothing() {
    crate::helpers::run(async {
        let w = agencies().await;
        let id = w.draft().await;
        let (status, page) = w.edit(id, &w.own_admin, "Tên mới", "0").await;
        assert_eq!(status, 422);
        assert!(
            page.contains("data-testid=\"error-headcount\""),
            "message at the field"
        );
        assert!(page.contains("value=\"Tên mới\""), "what was typed is kept");
        let o = w.order(id).await;
        assert_eq!(
            (o.employer_name.as_str(), o.headcount),
            ("Yamato Seiki", 12)
        );
    })
}

#[test]
fn an_order_sent_to_dolab_can_no_longer_be_edited_and_keeps_its_terms() {
    crate::helpers::run(async {
        let w = agencies().await;
        let id = w.draft().await;
        let id_s = id.to_string();
        let res = w
            .app
            .post_form(
                &format!("/orders/{id}"),
                &[("_action", "order_submit"), (f::ORDER_ID, &id_s)],
                Some(&w.own_admin),
            )
            .await;
        assert_eq!(res.status().as_u16(), 303);
        let (status, body) = w.edit(id, &w.own_admin, "Đổi sau khi gửi", "99").await;
        assert_eq!(status, 422);
        assert!(
            body.contains("hồ sơ đã thay đổi từ khi trang được mở"),
            "the page says the order moved on, not that the agency may not edit"
        );
        let o = w.order(id).await;
        assert_eq!(
            (o.employer_name.as_str(), o.headcount, o.status.as_str()),
            ("Yamato Seiki", 12, "submitted")
        );
        let (_, page) = w.app.get_as(&format!("/orders/{id}"), &w.own_admin).await;
        assert!(!page.contains("order-edit-form"), "no edit form once sent");
    })
}

#[test]
fn another_agency_and_dolab_cannot_edit_a_draft_and_learn_nothing_about_it() {
    crate::helpers::run(async {
        let w = agencies().await;
        let id = w.draft().await;
        let (status, _) = w.edit(id, &w.other_admin, "Chiếm đơn", "1").await;
        assert_eq!(status, 404, "another agency's draft does not exist for it");
        let (unknown, _) = w.edit(999_999, &w.other_admin, "Chiếm đơn", "1").await;
        assert_eq!(
            unknown, 404,
            "the same answer as for an order that does not exist"
        );
        let (status, _) = w.edit(id, &w.dolab, "Cục sửa", "1").await;
        assert_eq!(status, 404);
        let o = w.order(id).await;
        assert_eq!(
            (o.employer_name.as_str(), o.headcount),
            ("Yamato Seiki", 12)
        );
        let refusals = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("access.denied"))
            .all(&w.app.db)
            .await
            .unwrap();
        assert!(refusals
            .iter()
            .any(|r| r.record_id.as_deref() == Some(id.to_string().as_str())));
    })
}

#[test]
fn an_order_carries_the_picked_occupation_code_and_a_code_off_the_list_is_refused_at_its_field() {
    crate::helpers::run(async {
        let w = agencies().await;
        let id = w.draft().await;
        let o = w.order(id).await;
        assert_eq!(o.occupation_code.as_deref(), Some("7212"));
        assert_eq!(
            o.occupation, "Hàn kim loại",
            "the label is kept beside the code"
        );
        let (_, page) = w.app.get_as(&format!("/orders/{id}"), &w.own_admin).await;
        assert!(page.contains("Hàn kim loại (ISCO 7212)"));
        assert!(
            page.contains("<option value=\"7212\" selected"),
            "the edit form picks it"
        );
        for bad in ["0000", "Hàn kim loại"] {
            let mut fields = vec![("_action", "order_draft")];
            fields.extend(
                terms("Yamato Seiki", "12")
                    .into_iter()
                    .map(|(k, v)| (k, if k == f::OCCUPATION { bad } else { v })),
            );
            let res = w
                .app
                .post_form("/orders/new", &fields, Some(&w.own_admin))
                .await;
            assert_eq!(res.status().as_u16(), 422, "{bad}");
            let body = res.text().await.unwrap();
            assert!(
                body.contains("data-testid=\"error-occupation\""),
                "{bad}: the problem is shown at the occupation field"
            );
        }
    })
}
