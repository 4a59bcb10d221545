//! Licence decisions: the desk (the latest decisions and the form that issues a licence), and
//! one agency's licence with its history and the forms that amend, reissue, suspend and revoke
//! it (national officers; inspectors read).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::licences::{agency_licence, licence_desk};
use crate::domain::licences::{ReissueReason, RevocationGround};
use crate::i18n::licences::{ground, reissue_reason};
use crate::i18n::Lang;
use crate::ui::components::badge::StandingBadge;
use crate::ui::components::form::{
    field_error, ActionField, Field, FormMessage, SelectField, Submit, TextAreaField,
};
use crate::ui::components::page::{by_id, fetched, id_from_path};
use crate::ui::use_lang;
use crate::views::forms::FormOutcome;
use crate::views::licences::{fields as f, LicenceDeskView, LicenceView, YES};

/// A condition the officer ticks, with its problem under it.
#[component]
fn CheckField(
    label: &'static str,
    name: &'static str,
    checked: bool,
    error: Option<String>,
    form: &'static str,
) -> impl IntoView {
    let id = format!("{form}-{name}");
    let error_id = format!("{id}-error");
    let has_error = error.is_some();
    let invalid = has_error.then_some("true");
    let described = has_error.then(|| error_id.clone());
    view! {
        <div class="field check" class:has-error=has_error>
            <label for=id.clone()>
                <input id=id.clone() type="checkbox" name=name value=YES checked=checked aria-invalid=invalid aria-describedby=described />
                " " {label}
            </label>
            {error.map(|e| view! { <p class="field-error" id=error_id data-testid=format!("error-{name}")>{e}</p> })}
        </div>
    }
}

/// The decision's number, signing date and signer: every decision form starts with them.
fn decision_fields(lang: Lang, o: &FormOutcome, form: &'static str, today: String) -> AnyView {
    let decided = o.value(f::DECIDED_ON);
    let decided = if decided.is_empty() { today } else { decided };
    view! {
        {view! { <Field label=lang.tr("Số quyết định", "Decision no.") name=f::DECISION_NO value=o.value(f::DECISION_NO) error=field_error(o, lang, f::DECISION_NO) form=form /> }.into_any()}
        {view! { <Field label=lang.tr("Ngày ký", "Signed on") name=f::DECIDED_ON kind="date" value=decided error=field_error(o, lang, f::DECIDED_ON) form=form /> }.into_any()}
        {view! { <Field label=lang.tr("Người ký (họ tên, chức vụ)", "Signed by (name, title)") name=f::SIGNER value=o.value(f::SIGNER) error=field_error(o, lang, f::SIGNER) form=form /> }.into_any()}
    }
    .into_any()
}

fn only(o: &FormOutcome, action: &str) -> FormOutcome {
    if o.is_for(action) {
        o.clone()
    } else {
        FormOutcome::default()
    }
}

#[component]
pub fn LicencesPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr(
        "Giấy phép dịch vụ đưa người lao động đi làm việc ở nước ngoài",
        "Licences to send workers abroad",
    );
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            {fetched(|| (), |_| licence_desk(), move |v, o| desk(lang, v, o))}
        </section>
    }
}

fn desk(lang: Lang, v: LicenceDeskView, o: FormOutcome) -> impl IntoView {
    let t = lang.texts();
    let recent = v
        .recent
        .iter()
        .map(|d| {
            view! {
                <li data-testid="recent-decision">
                    <a href=format!("/licences/{}", d.agency_id)>{d.agency_name.clone()}</a>
                    " · " <strong>{t.event_kind(d.kind)}</strong>
                    {d.number.clone().map(|n| format!(" · {n}"))}
                    {format!(" · {}", lang.date(d.effective_on))}
                </li>
            }
        })
        .collect_view();
    let o = only(&o, "issue_licence");
    let today = v.today.to_string();
    let form = v.may_decide.then(|| {
        let e = |name| field_error(&o, lang, name);
        let ticked = |name| o.value(name) == YES;
        view! {
            <section class="card" aria-labelledby="issue-title">
                <h2 id="issue-title">{lang.tr("Cấp giấy phép mới", "Issue a licence")}</h2>
                <p class="hint">{lang.tr(
                    "Giấy phép chỉ được cấp khi hồ sơ đáp ứng mọi điều kiện theo quy định đang có hiệu lực vào ngày ký; điều kiện chưa đáp ứng được ghi ngay dưới mục đó.",
                    "A licence issues only when the dossier meets every condition of the rules in force on the day it is signed; a condition not met is shown under its field.",
                )}</p>
                <form method="post" action="/licences" class="stack" novalidate data-testid="issue-form">
                    <FormMessage outcome=o.clone() />
                    <ActionField action="issue_licence" />
                    {decision_fields(lang, &o, "iss", today.clone())}
                    {view! { <Field label=lang.tr("Số giấy phép", "Licence no.") name=f::LICENCE_NUMBER value=o.value(f::LICENCE_NUMBER) error=e(f::LICENCE_NUMBER) form="iss" /> }.into_any()}
                    <h3>{lang.tr("Doanh nghiệp", "Enterprise")}</h3>
                    {view! { <Field label=lang.tr("Tên doanh nghiệp", "Name") name=f::NAME value=o.value(f::NAME) error=e(f::NAME) form="iss" /> }.into_any()}
                    {view! { <Field label=lang.tr("Mã số doanh nghiệp", "Enterprise code") name=f::ENTERPRISE_CODE inputmode="numeric" value=o.value(f::ENTERPRISE_CODE) error=e(f::ENTERPRISE_CODE) form="iss" /> }.into_any()}
                    {view! { <SelectField label=lang.tr("Tỉnh, thành phố nơi đặt trụ sở", "Province of the head office") name=f::PROVINCE options=v.provinces.clone() value=o.value(f::PROVINCE) empty="—" error=e(f::PROVINCE) form="iss" /> }.into_any()}
                    {view! { <Field label=lang.tr("Địa chỉ trụ sở", "Address") name=f::ADDRESS value=o.value(f::ADDRESS) error=e(f::ADDRESS) form="iss" /> }.into_any()}
                    {view! { <Field label=lang.tr("Điện thoại", "Phone") name=f::PHONE kind="tel" value=o.value(f::PHONE) error=e(f::PHONE) form="iss" /> }.into_any()}
                    {view! { <Field label=lang.tr("Email", "Email") name=f::EMAIL kind="email" value=o.value(f::EMAIL) error=e(f::EMAIL) required=false form="iss" /> }.into_any()}
                    {view! { <Field label=lang.tr("Trang thông tin điện tử (tên miền .vn)", "Website (under .vn)") name=f::WEBSITE value=o.value(f::WEBSITE) error=e(f::WEBSITE) form="iss" /> }.into_any()}
                    <h3>{lang.tr("Điều kiện cấp giấy phép", "Conditions of the licence")}</h3>
                    {view! { <Field label=lang.tr("Vốn điều lệ (đồng)", "Charter capital (VND)") name=f::CAPITAL inputmode="numeric" value=o.value(f::CAPITAL) error=e(f::CAPITAL) form="iss" /> }.into_any()}
                    {view! { <CheckField label=lang.tr("Chủ sở hữu, thành viên, cổ đông đều là nhà đầu tư trong nước", "Owned by domestic investors only") name=f::DOMESTIC_OWNERS checked=ticked(f::DOMESTIC_OWNERS) error=e(f::DOMESTIC_OWNERS) form="iss" /> }.into_any()}
                    {view! { <Field label=lang.tr("Tiền ký quỹ đã nộp (đồng)", "Licence deposit paid (VND)") name=f::DEPOSIT_VND inputmode="numeric" value=o.value(f::DEPOSIT_VND) error=e(f::DEPOSIT_VND) form="iss" /> }.into_any()}
                    {view! { <Field label=lang.tr("Ngân hàng nhận ký quỹ", "Bank holding the deposit") name=f::DEPOSIT_BANK value=o.value(f::DEPOSIT_BANK) error=e(f::DEPOSIT_BANK) form="iss" /> }.into_any()}
                    {view! { <Field label=lang.tr("Ngày nộp ký quỹ", "Deposit paid on") name=f::DEPOSIT_ON kind="date" value=o.value(f::DEPOSIT_ON) error=e(f::DEPOSIT_ON) form="iss" /> }.into_any()}
                    {view! { <Field label=lang.tr("Người đại diện theo pháp luật", "Legal representative") name=f::REPRESENTATIVE value=o.value(f::REPRESENTATIVE) error=e(f::REPRESENTATIVE) form="iss" /> }.into_any()}
                    {view! { <CheckField label=lang.tr("Người đại diện là công dân Việt Nam, có trình độ đại học trở lên", "The representative is a Vietnamese citizen with a university degree") name=f::REP_GRADUATE checked=ticked(f::REP_GRADUATE) error=e(f::REP_GRADUATE) form="iss" /> }.into_any()}
                    {view! { <Field label=lang.tr("Số năm kinh nghiệm của người đại diện", "Representative's years of experience") name=f::REP_YEARS inputmode="numeric" value=o.value(f::REP_YEARS) error=e(f::REP_YEARS) form="iss" /> }.into_any()}
                    {view! { <Field label=lang.tr("Số nhân viên nghiệp vụ", "Staff for the service") name=f::STAFF inputmode="numeric" value=o.value(f::STAFF) error=e(f::STAFF) form="iss" /> }.into_any()}
                    {view! { <CheckField label=lang.tr("Nhân viên nghiệp vụ đáp ứng điều kiện (kể cả ngoại ngữ của thị trường)", "The staff meet the conditions (market languages included)") name=f::STAFF_QUALIFIED checked=ticked(f::STAFF_QUALIFIED) error=e(f::STAFF_QUALIFIED) form="iss" /> }.into_any()}
                    {view! { <Field label=lang.tr("Cơ sở bồi dưỡng kiến thức: số học viên cùng lúc", "Training facility: trainees at once") name=f::TRAINING_CAPACITY inputmode="numeric" value=o.value(f::TRAINING_CAPACITY) error=e(f::TRAINING_CAPACITY) form="iss" /> }.into_any()}
                    <Submit label=lang.tr("Cấp giấy phép", "Issue the licence") />
                </form>
            </section>
        }
        .into_any()
    });
    view! {
        <p><a href="/agencies">{lang.tr("Tìm một doanh nghiệp trong danh bạ công khai", "Find an agency in the public registry")}</a></p>
        {form}
        <section class="card">
            <h2>{lang.tr("Quyết định gần đây", "Recent decisions")}</h2>
            {if v.recent.is_empty() {
                view! { <p>{lang.tr("Chưa có quyết định nào được ghi trong hệ thống.", "No decision recorded in the system yet.")}</p> }.into_any()
            } else {
                view! { <ul data-testid="recent-decisions">{recent}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn LicencePage() -> impl IntoView {
    let lang = use_lang();
    let id = id_from_path();
    view! {
        {fetched(move || id.get(), |id| by_id(id, agency_licence), move |v, o| licence(lang, v, o))}
    }
}

fn licence(lang: Lang, v: LicenceView, o: FormOutcome) -> impl IntoView {
    let t = lang.texts();
    let a = &v.agency;
    let here = format!("/licences/{}", a.id);
    let today = v.today.to_string();
    let revoked = a.revoked_on.is_some();
    let conditions = v.conditions.as_ref().map(|c| {
        let yes_no = |b: bool| if b { lang.tr("đạt", "met") } else { lang.tr("không đạt", "not met") };
        view! {
            <section class="card" data-testid="licence-conditions">
                <h2>{lang.tr("Điều kiện khi cấp giấy phép", "Conditions at issue")}</h2>
                <dl class="facts">
                    <dt>{lang.tr("Vốn điều lệ", "Charter capital")}</dt><dd>{lang.vnd(c.charter_capital_vnd)}</dd>
                    <dt>{lang.tr("Chủ sở hữu trong nước", "Domestic owners")}</dt><dd>{yes_no(c.domestic_owners)}</dd>
                    <dt>{lang.tr("Ký quỹ", "Deposit")}</dt><dd>{format!("{} · {} · {}", lang.vnd(c.deposit_vnd), c.deposit_bank, lang.date(c.deposit_on))}</dd>
                    <dt>{lang.tr("Người đại diện", "Representative")}</dt><dd>{format!("{} · {} {}", yes_no(c.representative_vietnamese_graduate), c.representative_years, lang.tr("năm kinh nghiệm", "years' experience"))}</dd>
                    <dt>{lang.tr("Nhân viên nghiệp vụ", "Staff")}</dt><dd>{format!("{} · {}", c.staff, yes_no(c.staff_qualified))}</dd>
                    <dt>{lang.tr("Cơ sở bồi dưỡng", "Training facility")}</dt><dd>{format!("{} {}", c.training_capacity, lang.tr("học viên", "trainees"))}</dd>
                </dl>
            </section>
        }
        .into_any()
    });
    let forms = (v.may_decide && !revoked).then(|| {
        let markets: Vec<(String, String)> = v.markets.iter().map(|m| (m.code.clone(), crate::i18n::market_name(lang, m).to_owned())).collect();
        let (min, max) = v.suspension_months.unwrap_or((0, 0));
        let months_hint: &'static str = match lang {
            Lang::Vi => "Theo quy định đang có hiệu lực.",
            Lang::En => "As the rules in force allow.",
        };
        let am = only(&o, "amend_licence");
        let keep = |name: &str, current: &str| if am.is_for("amend_licence") { am.value(name) } else { current.to_owned() };
        let rs = only(&o, "reissue_licence");
        let su = only(&o, "suspend_licence");
        let rv = only(&o, "revoke_licence");
        let reasons: Vec<(String, String)> = ReissueReason::ALL.iter().map(|r| (r.as_str().to_owned(), reissue_reason(lang, *r).to_owned())).collect();
        let grounds: Vec<(String, String)> = RevocationGround::ALL.iter().map(|g| (g.as_str().to_owned(), ground(lang, *g).to_owned())).collect();
        let open = |x: &FormOutcome| !x.errors.0.is_empty() || x.problem.is_some();
        view! {
            {view! {
            <details class="card" open=open(&su) data-testid="suspend-card">
                <summary><h2>{lang.tr("Đình chỉ hoạt động tại một thị trường", "Suspend in one market")}</h2></summary>
                <p class="hint">{match lang {
                    Lang::Vi => format!("Từ {min} đến {max} tháng, tính từ ngày có hiệu lực; hết thời hạn thì tự chấm dứt."),
                    Lang::En => format!("From {min} to {max} months from the effective date; it ends by itself."),
                }}</p>
                <form method="post" action=here.clone() class="stack" novalidate data-testid="suspend-form">
                    <FormMessage outcome=su.clone() />
                    <ActionField action="suspend_licence" />
                    <input type="hidden" name=f::AGENCY_ID value=a.id.to_string() />
                    {decision_fields(lang, &su, "sus", today.clone())}
                    {view! { <SelectField label=lang.tr("Thị trường", "Market") name=f::MARKET options=markets value=su.value(f::MARKET) empty="—" error=field_error(&su, lang, f::MARKET) form="sus" /> }.into_any()}
                    {view! { <Field label=lang.tr("Có hiệu lực từ ngày", "In force from") name=f::EFFECTIVE_ON kind="date" value=su.value(f::EFFECTIVE_ON) error=field_error(&su, lang, f::EFFECTIVE_ON) form="sus" /> }.into_any()}
                    {view! { <Field label=lang.tr("Số tháng", "Months") name=f::MONTHS inputmode="numeric" hint=months_hint value=su.value(f::MONTHS) error=field_error(&su, lang, f::MONTHS) form="sus" /> }.into_any()}
                    {view! { <Field label=lang.tr("Căn cứ pháp lý (điều, khoản)", "Legal clause") name=f::CLAUSE value=su.value(f::CLAUSE) error=field_error(&su, lang, f::CLAUSE) form="sus" /> }.into_any()}
                    {view! { <TextAreaField label=lang.tr("Hành vi vi phạm", "The violation") name=f::REASON value=su.value(f::REASON) error=field_error(&su, lang, f::REASON) form="sus" required=true /> }.into_any()}
                    <Submit label=lang.tr("Đình chỉ", "Suspend") />
                </form>
            </details>
            }.into_any()}
            {view! {
            <details class="card" open=open(&rv) data-testid="revoke-card">
                <summary><h2>{lang.tr("Thu hồi giấy phép", "Revoke the licence")}</h2></summary>
                <p class="hint">{lang.tr(
                    "Sau khi thu hồi, doanh nghiệp không được tuyển chọn, mở hồ sơ hay đưa người lao động đi, nhưng vẫn phải giải quyết quyền lợi của người lao động đang ở nước ngoài.",
                    "Once revoked, the agency may not recruit, open cases or send workers, but must still serve its workers abroad.",
                )}</p>
                <form method="post" action=here.clone() class="stack" novalidate data-testid="revoke-form">
                    <FormMessage outcome=rv.clone() />
                    <ActionField action="revoke_licence" />
                    <input type="hidden" name=f::AGENCY_ID value=a.id.to_string() />
                    {decision_fields(lang, &rv, "rev", today.clone())}
                    {view! { <Field label=lang.tr("Có hiệu lực từ ngày", "In force from") name=f::EFFECTIVE_ON kind="date" value=rv.value(f::EFFECTIVE_ON) error=field_error(&rv, lang, f::EFFECTIVE_ON) form="rev" /> }.into_any()}
                    {view! { <SelectField label=lang.tr("Lý do thu hồi", "Ground") name=f::GROUND options=grounds value=rv.value(f::GROUND) empty="—" error=field_error(&rv, lang, f::GROUND) form="rev" /> }.into_any()}
                    {view! { <Field label=lang.tr("Căn cứ pháp lý (điều, khoản)", "Legal clause") name=f::CLAUSE value=rv.value(f::CLAUSE) error=field_error(&rv, lang, f::CLAUSE) form="rev" /> }.into_any()}
                    {view! { <TextAreaField label=lang.tr("Ghi chú", "Note") name=f::NOTE value=rv.value(f::NOTE) error=field_error(&rv, lang, f::NOTE) form="rev" /> }.into_any()}
                    <Submit label=lang.tr("Thu hồi", "Revoke") />
                </form>
            </details>
            }.into_any()}
            {view! {
            <details class="card" open=open(&am) data-testid="amend-card">
                <summary><h2>{lang.tr("Sửa đổi, bổ sung giấy phép", "Amend the licence")}</h2></summary>
                <form method="post" action=here.clone() class="stack" novalidate data-testid="amend-form">
                    <FormMessage outcome=am.clone() />
                    <ActionField action="amend_licence" />
                    <input type="hidden" name=f::AGENCY_ID value=a.id.to_string() />
                    {decision_fields(lang, &am, "am", today.clone())}
                    {view! { <Field label=lang.tr("Tên doanh nghiệp", "Name") name=f::NAME value=keep(f::NAME, &a.name) error=field_error(&am, lang, f::NAME) form="am" /> }.into_any()}
                    {view! { <Field label=lang.tr("Địa chỉ trụ sở", "Address") name=f::ADDRESS value=keep(f::ADDRESS, &a.address) error=field_error(&am, lang, f::ADDRESS) form="am" /> }.into_any()}
                    {view! { <Field label=lang.tr("Điện thoại", "Phone") name=f::PHONE kind="tel" value=keep(f::PHONE, &a.phone) error=field_error(&am, lang, f::PHONE) form="am" /> }.into_any()}
                    {view! { <Field label=lang.tr("Email", "Email") name=f::EMAIL kind="email" value=keep(f::EMAIL, a.email.as_deref().unwrap_or("")) error=field_error(&am, lang, f::EMAIL) required=false form="am" /> }.into_any()}
                    {view! { <Field label=lang.tr("Trang thông tin điện tử", "Website") name=f::WEBSITE value=keep(f::WEBSITE, a.website.as_deref().unwrap_or("")) error=field_error(&am, lang, f::WEBSITE) required=false form="am" /> }.into_any()}
                    {view! { <Field label=lang.tr("Người đại diện theo pháp luật", "Legal representative") name=f::REPRESENTATIVE value=keep(f::REPRESENTATIVE, v.representative.as_deref().unwrap_or("")) error=field_error(&am, lang, f::REPRESENTATIVE) form="am" /> }.into_any()}
                    <Submit label=lang.tr("Ghi sửa đổi", "Record the amendment") />
                </form>
            </details>
            }.into_any()}
            {view! {
            <details class="card" open=open(&rs) data-testid="reissue-card">
                <summary><h2>{lang.tr("Cấp lại giấy phép", "Reissue the licence")}</h2></summary>
                <form method="post" action=here.clone() class="stack" novalidate data-testid="reissue-form">
                    <FormMessage outcome=rs.clone() />
                    <ActionField action="reissue_licence" />
                    <input type="hidden" name=f::AGENCY_ID value=a.id.to_string() />
                    {decision_fields(lang, &rs, "re", today.clone())}
                    {view! { <SelectField label=lang.tr("Lý do", "Reason") name=f::REASON options=reasons value=rs.value(f::REASON) empty="—" error=field_error(&rs, lang, f::REASON) form="re" /> }.into_any()}
                    {view! { <TextAreaField label=lang.tr("Ghi chú", "Note") name=f::NOTE value=rs.value(f::NOTE) error=field_error(&rs, lang, f::NOTE) form="re" /> }.into_any()}
                    <Submit label=lang.tr("Cấp lại", "Reissue") />
                </form>
            </details>
            }.into_any()}
        }
        .into_any()
    });
    let history = a
        .history
        .iter()
        .map(|e| {
            view! {
                <li data-testid="licence-decision" data-kind=e.kind.as_str()>
                    <time datetime=e.happened_on.to_string()>{lang.date(e.happened_on)}</time>
                    " · " <strong>{t.event_kind(e.kind)}</strong>
                    {e.market.as_ref().map(|m| format!(" — {}", crate::i18n::market_name(lang, m)))}
                    {e.until.map(|u| format!(" ({} {})", t.until, lang.date(u)))}
                    {e.decision_ref.clone().map(|n| format!(" · {n}"))}
                    {e.signer.clone().map(|s| format!(" · {s}"))}
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("{} · {}", lang.tr("Giấy phép", "Licence"), a.name) />
        <section data-testid="licence-page">
            <p class="breadcrumb"><a href="/licences">{lang.tr("Giấy phép", "Licences")}</a></p>
            <section class="page-head">
                <h1>{a.name.clone()}</h1>
                <StandingBadge standing=a.standing />
            </section>
            <p>
                {format!("{} {} · {} {}", lang.tr("Giấy phép số", "Licence no."), a.licence_number, lang.tr("ngày", "of"), lang.date(a.licence_date))}
                " · " <a href=format!("/agencies/{}", a.id)>{lang.tr("Trang công khai", "Public page")}</a>
            </p>
            {conditions}
            {(revoked && o.problem.is_some()).then(|| view! { <FormMessage outcome=o.clone() /> })}
            {forms}
            <section class="card">
                <h2>{t.history_title}</h2>
                <ol class="timeline">{history}</ol>
            </section>
        </section>
    }
}
