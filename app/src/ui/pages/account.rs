//! Signed-in pages: one's account and sessions, user administration, the audit trail, and the
//! cases within one's scope.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::accounts::{agency_staff, audit_entries, claim_disputes, my_account, users};
use crate::domain::accounts::Role;
use crate::domain::navigation::account_links;
use crate::i18n::{place_label, role_label};
use crate::ui::components::error_view::ErrorView;
use crate::ui::components::form::{
    field_error, ActionField, Field, FormMessage, SelectField, Submit,
};
use crate::ui::components::page::fetched;
use crate::ui::use_lang;
use crate::views::accounts::{AuditQuery, UsersView};

fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    // Shown in Vietnam's time, whoever reads it.
    (at + chrono::TimeDelta::hours(7))
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Tài khoản của tôi", "My account");
    view! {
            <Title text=title />
            <section>
                <h1>{title}</h1>
                {fetched(|| (), |_| my_account(), move |a, o| {
    {
                                    view! {
                                        <FormMessage outcome=o.clone() />
                                        <dl class="facts">
                                            <dt>{lang.tr("Họ tên", "Name")}</dt>
                                            <dd>{a.full_name.clone()}</dd>
                                            <dt>"Email"</dt>
                                            <dd>{a.email.clone()}</dd>
                                            <dt>{lang.tr("Vai trò", "Role")}</dt>
                                            <dd data-testid="account-role">{role_label(lang, a.role)}</dd>
                                            {a.agency.clone().map(|n| view! { <dt>{lang.tr("Doanh nghiệp", "Agency")}</dt><dd>{n}</dd> })}
                                            {a.agency.as_ref().map(|_| {
                                                let unit = a.branch.clone().unwrap_or_else(|| lang.tr("Trụ sở chính", "Head office").to_owned());
                                                view! { <dt>{lang.tr("Đơn vị", "Unit")}</dt><dd>{unit}</dd> }
                                            })}
                                            {a.province.clone().map(|p| view! { <dt>{lang.tr("Tỉnh/thành", "Province")}</dt><dd>{p}</dd> })}
                                            <dt>{lang.tr("Xác thực hai bước", "Two-step verification")}</dt>
                                            <dd>{if a.two_factor { lang.tr("Đang bật", "On") } else { lang.tr("Chưa bật", "Off") }}</dd>
                                        </dl>
                                        <nav class="actions">
                                            {a.case_id.map(|id| view! { <a class="button" href=format!("/cases/{id}")>{lang.tr("Hồ sơ của tôi", "My case")}</a> })}
                                            {account_links(a.role)
                                                .iter()
                                                .map(|place| view! { <a class="button" href=place.path()>{place_label(lang, *place)}</a> })
                                                .collect_view()}
                                        </nav>
                                        {a.awaiting_record.then(|| {
                                            let claim = if o.is_for("claim_record") { o.clone() } else { Default::default() };
                                            view! {
                                                <section class="card" data-testid="claim-record">
                                                    <h2>{lang.tr("Liên kết hồ sơ của bạn", "Link your record")}</h2>
                                                    <p>
                                                        {lang.tr(
                                                            "Tài khoản của bạn chưa gắn với hồ sơ người lao động nào. Nếu doanh nghiệp đã lập hồ sơ cho bạn, hãy nhập mã nhận hồ sơ in trên giấy doanh nghiệp đưa cho bạn (12 ký tự, dùng được 30 ngày).",
                                                            "Your account is not linked to a worker record yet. If an agency registered you, enter the claim code printed on the paper the agency gave you (12 characters, valid for 30 days).",
                                                        )}
                                                    </p>
                                                    <form method="post" action="/account" class="stack" novalidate>
                                                        <ActionField action="claim_record" />
                                                        <Field
                                                            label=lang.tr("Mã nhận hồ sơ", "Claim code")
                                                            name="code"
                                                            autocomplete="off"
                                                            hint=lang.tr("Ví dụ: ABCD-EFGH-JKLM", "For example: ABCD-EFGH-JKLM")
                                                            error=field_error(&claim, lang, "code")
                                                        />
                                                        <Submit label=lang.tr("Liên kết hồ sơ", "Link my record") />
                                                    </form>
                                                    <p class="hint">
                                                        {lang.tr(
                                                            "Không có mã? Hãy hỏi doanh nghiệp đã lập hồ sơ cho bạn.",
                                                            "No code? Ask the agency that registered you.",
                                                        )}
                                                    </p>
                                                </section>
                                            }
                                        })}
                                        {(a.role == Role::Worker).then(|| {
                                            let dispute = if o.is_for("dispute_claim") { o.clone() } else { Default::default() };
                                            view! {
                                                <details class="card" open=dispute.action == "dispute_claim" data-testid="dispute-claim">
                                                    <summary>{lang.tr("Có người khác đã dùng số căn cước của tôi", "Someone else has used my citizen ID")}</summary>
                                                    <p>
                                                        {lang.tr(
                                                            "Nếu người khác đã nhận hồ sơ của bạn, Sở Nội vụ tỉnh nơi đăng ký số căn cước có thể thu hồi và cấp mã mới khi bạn đến trực tiếp với căn cước công dân. Gửi yêu cầu để Sở chuẩn bị trước.",
                                                            "If someone else claimed your record, the provincial Home Affairs department where your citizen ID was registered can revoke it and give you a new code when you come in person with your citizen ID card. Send a request so they can prepare.",
                                                        )}
                                                    </p>
                                                    <form method="post" action="/account" class="stack" novalidate>
                                                        <ActionField action="dispute_claim" />
                                                        <Field
                                                            label=lang.tr("Số căn cước công dân của bạn", "Your citizen ID number")
                                                            name="citizen_id"
                                                            inputmode="numeric"
                                                            value=dispute.value("citizen_id")
                                                            error=field_error(&dispute, lang, "citizen_id")
                                                        />
                                                        <Field
                                                            label=lang.tr("Ghi chú cho Sở (không bắt buộc)", "A note for the office (optional)")
                                                            name="note"
                                                            required=false
                                                            value=dispute.value("note")
                                                            error=field_error(&dispute, lang, "note")
                                                        />
                                                        <Submit label=lang.tr("Gửi yêu cầu", "Send the request") />
                                                    </form>
                                                </details>
                                            }
                                        })}
                                        <h2>{lang.tr("Phiên đăng nhập đang mở", "Active sessions")}</h2>
                                        <div class="table-wrap">
                                            <table>
                                                <thead>
                                                    <tr>
                                                        <th>{lang.tr("Bắt đầu", "Started")}</th>
                                                        <th>{lang.tr("Lần cuối", "Last seen")}</th>
                                                        <th>{lang.tr("Thiết bị", "Device")}</th>
                                                        <th></th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {a.sessions.iter().map(|s| {
                                                        let device = format!("{} · {}", s.address.clone().unwrap_or_default(), s.user_agent.clone().unwrap_or_default().chars().take(60).collect::<String>());
                                                        view! {
                                                            <tr data-testid="session-row">
                                                                <td>{time(s.created_at)}</td>
                                                                <td>{time(s.last_seen_at)}</td>
                                                                <td class="breakable">
                                                                    {device}
                                                                    {s.current.then(|| view! { " " <strong data-testid="this-session">{lang.tr("(phiên này)", "(this session)")}</strong> })}
                                                                </td>
                                                                <td>
                                                                    <form method="post" action="/account">
                                                                        <ActionField action="revoke_session" />
                                                                        <input type="hidden" name="session" value=s.id.clone() />
                                                                        <button class="button" type="submit" data-testid="submit">{lang.tr("Kết thúc", "End")}</button>
                                                                    </form>
                                                                </td>
                                                            </tr>
                                                        }
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }
                                        .into_any()
                                }
    })}
            </section>
        }
}

/// The claim disputes of a provincial officer's province, and the form to revoke a claim for a
/// worker who came in person. A fresh code is shown once, on the answer, to print.
#[component]
pub fn ClaimDisputesPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Yêu cầu thu hồi hồ sơ", "Claim disputes");
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            {fetched(|| (), |_| claim_disputes(), move |v, o| {
                let revoke = if o.is_for("revoke_claim") { o.clone() } else { Default::default() };
                let issued = revoke.claim_code.clone().map(|(code, until)| view! {
                    <div class="claim-code printable card" data-testid="claim-code">
                        <p>{lang.tr("Mã nhận hồ sơ Hành Trang mới cho số căn cước", "New Hành Trang claim code for citizen ID")} " " <strong>{revoke.value("citizen_id")}</strong></p>
                        <p class="code">{code}</p>
                        <p>{lang.tr("Dùng được một lần, đến hết ngày ", "Works once, until ")}{until}{lang.tr(". Mã cũ và liên kết cũ đã bị thu hồi.", ". The old code and link are revoked.")}</p>
                        <p class="hint no-print">{lang.tr("Mã chỉ hiện một lần: in và trao tận tay người lao động.", "The code is shown only once: print it and hand it to the worker in person.")}</p>
                    </div>
                });
                let revoke_form = (revoke.claim_code.is_none()).then(|| view! {
                    <form method="post" action="/province/claims" class="stack card no-print" novalidate data-testid="revoke-form">
                        <h2>{lang.tr("Thu hồi và cấp mã mới", "Revoke and issue a new code")}</h2>
                        <FormMessage outcome=revoke.clone() />
                        <ActionField action="revoke_claim" />
                        <Field
                            label=lang.tr("Số căn cước công dân", "Citizen ID number")
                            name="citizen_id"
                            inputmode="numeric"
                            value=revoke.value("citizen_id")
                            error=field_error(&revoke, lang, "citizen_id")
                        />
                        <div class="field">
                            <label>
                                <input type="checkbox" name="in_person" value="yes" />
                                " "
                                {lang.tr("Người lao động có mặt và tôi đã đối chiếu căn cước công dân bản gốc", "The worker is here and I checked the original citizen ID card")}
                            </label>
                            {field_error(&revoke, lang, "in_person").map(|e| view! { <p class="field-error" role="alert" data-testid="error-in_person">{e}</p> })}
                        </div>
                        <Submit label=lang.tr("Thu hồi và in mã mới", "Revoke and print a new code") />
                    </form>
                });
                let reject = if o.is_for("reject_dispute") { o.clone() } else { Default::default() };
                let rows = v.open.iter().map(|d| {
                    let id = d.id.to_string();
                    view! {
                        <li data-testid="dispute" class="card">
                            <p><strong>{d.citizen_id.clone()}</strong> " · " {d.filed_by_name.clone()} " · " {d.filed_by_email.clone()}</p>
                            <p>{(d.filed_at + chrono::TimeDelta::hours(7)).format("%d/%m/%Y %H:%M").to_string()}</p>
                            {(!d.note.is_empty()).then(|| view! { <p class="breakable">{d.note.clone()}</p> })}
                            <form method="post" action="/province/claims" class="stack" novalidate>
                                <ActionField action="reject_dispute" />
                                <input type="hidden" name="dispute_id" value=id.clone() />
                                <Field
                                    label=lang.tr("Lý do từ chối", "Reason for rejecting")
                                    name="reason"
                                    error=if reject.value("dispute_id") == id { field_error(&reject, lang, "reason") } else { None }
                                />
                                <Submit label=lang.tr("Từ chối", "Reject") />
                            </form>
                        </li>
                    }
                }).collect_view();
                view! {
                    <FormMessage outcome=reject.clone() />
                    {issued}
                    {revoke_form}
                    <h2>{lang.tr("Yêu cầu đang chờ", "Open requests")}</h2>
                    {v.open.is_empty().then(|| view! { <p>{lang.tr("Không có yêu cầu nào.", "No open requests.")}</p> })}
                    <ul class="plain">{rows}</ul>
                }
                .into_any()
            })}
        </section>
    }
}

fn user_table(v: &UsersView, lang: crate::i18n::Lang, page: &'static str) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>
                        <th>{lang.tr("Họ tên", "Name")}</th>
                        <th>"Email"</th>
                        <th>{lang.tr("Vai trò", "Role")}</th>
                        <th>{lang.tr("Đơn vị", "Unit")}</th>
                        <th>{lang.tr("Trạng thái", "Status")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {v.rows.iter().map(|u| {
                        let unit = [u.agency.clone(), u.branch.clone(), u.province.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                        let switch = match (u.status.as_str(), u.may_enable) {
                            ("disabled", true) => Some(("active", lang.tr("Mở lại", "Enable"))),
                            ("disabled", false) => None,
                            _ => Some(("disabled", lang.tr("Khoá", "Disable"))),
                        };
                        let status = match u.status.as_str() {
                            "invited" => lang.tr("Đã mời", "Invited"),
                            "disabled" => lang.tr("Đã khoá", "Disabled"),
                            _ => lang.tr("Hoạt động", "Active"),
                        };
                        view! {
                            <tr data-testid="user-row">
                                <td>{u.full_name.clone()}</td>
                                <td class="breakable">{u.email.clone()}</td>
                                <td>{role_label(lang, u.role)}</td>
                                <td>{unit}</td>
                                <td>{status}</td>
                                <td>
                                    {switch.map(|(next, label)| view! {
                                        <form method="post" action=page>
                                            <ActionField action="set_status" />
                                            <input type="hidden" name="user_id" value=u.id />
                                            <input type="hidden" name="status" value=next />
                                            <button class="button" type="submit">{label}</button>
                                        </form>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Quản lý tài khoản", "Accounts");
    view! {
            <Title text=title />
            <section>
                <h1>{title}</h1>
                {fetched(|| (), |_| users(), move |v, o| {
    {
                                    let roles: Vec<(String, String)> = Role::INVITED_BY_ADMIN
                                        .iter()
                                        .map(|r| (r.as_str().to_owned(), role_label(lang, *r).to_owned()))
                                        .collect();
                                    let agencies: Vec<(String, String)> = v.agencies.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
                                    let provinces = v.provinces.clone();
                                    view! {
                                        <h2>{lang.tr("Mời người dùng", "Invite someone")}</h2>
                                        <form method="post" action="/admin/users" class="stack" novalidate>
                                            <FormMessage outcome=o.clone() />
                                            <ActionField action="invite" />
                                            <Field label=lang.tr("Họ tên", "Full name") name="full_name" value=o.value("full_name") error=field_error(&o, lang, "full_name") />
                                            <Field label="Email" name="email" kind="email" value=o.value("email") error=field_error(&o, lang, "email") />
                                            <SelectField label=lang.tr("Vai trò", "Role") name="role" options=roles value=o.value("role") error=field_error(&o, lang, "role") />
                                            <SelectField
                                                label=lang.tr("Doanh nghiệp (với quản trị doanh nghiệp)", "Agency (for agency administrators)")
                                                name="agency_id"
                                                options=agencies
                                                value=o.value("agency_id")
                                                empty="—"
                                                error=field_error(&o, lang, "agency_id")
                                            />
                                            <SelectField
                                                label=lang.tr("Tỉnh/thành (với cán bộ Sở Nội vụ)", "Province (for provincial officers)")
                                                name="province_code"
                                                options=provinces
                                                value=o.value("province_code")
                                                empty="—"
                                                error=field_error(&o, lang, "province_code")
                                            />
                                            <Submit label=lang.tr("Gửi lời mời", "Send invitation") />
                                        </form>
                                        <h2>{lang.tr("Tài khoản cán bộ và doanh nghiệp", "Staff accounts")}</h2>
                                        {user_table(&v, lang, "/admin/users")}
                                    }
                                        .into_any()
                                }
    })}
            </section>
        }
}

#[component]
pub fn AgencyStaffPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Nhân viên doanh nghiệp", "Agency staff");
    view! {
            <Title text=title />
            <section>
                <h1>{title}</h1>
                {fetched(|| (), |_| agency_staff(), move |v, o| {
    view! {
                                    <p>{v.agency.clone()}</p>
                                    <h2>{lang.tr("Mời nhân viên", "Invite a staff member")}</h2>
                                    <form method="post" action="/agency/staff" class="stack" novalidate>
                                        <FormMessage outcome=o.clone() />
                                        <ActionField action="invite_staff" />
                                        <Field label=lang.tr("Họ tên", "Full name") name="full_name" value=o.value("full_name") error=field_error(&o, lang, "full_name") />
                                        <Field label="Email" name="email" kind="email" value=o.value("email") error=field_error(&o, lang, "email") />
                                        <Field
                                            label=lang.tr("Chi nhánh (để trống nếu ở trụ sở chính)", "Branch (empty for the head office)")
                                            name="branch_name"
                                            required=false
                                            hint=lang.tr("Nhân viên chi nhánh không được ký hợp đồng hay thu tiền.", "Branch staff may not sign contracts or take money.")
                                            value=o.value("branch_name")
                                        />
                                        <Submit label=lang.tr("Gửi lời mời", "Send invitation") />
                                    </form>
                                    <h2>{lang.tr("Tài khoản", "Accounts")}</h2>
                                    {user_table(&v, lang, "/agency/staff")}
                                }
                                .into_any()
    })}
            </section>
        }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.tr("Nhật ký kiểm toán", "Audit trail");
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| AuditQuery {
            actor: q.get_str("actor").unwrap_or_default().to_owned(),
            agency: q.get_str("agency").unwrap_or_default().to_owned(),
            case: q.get_str("case").unwrap_or_default().to_owned(),
            page: q.get_str("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        })
    });
    let entries = Resource::new(move || filter.get(), audit_entries);
    view! {
        <Title text=title />
        <section>
            <h1>{title}</h1>
            <form method="get" action="/audit" class="filters">
                <div class="field">
                    <label for="actor">{lang.tr("Người thực hiện (email)", "Actor (email)")}</label>
                    <input id="actor" name="actor" type="search" value=move || filter.get().actor />
                </div>
                <div class="field">
                    <label for="agency">{lang.tr("Mã doanh nghiệp", "Agency id")}</label>
                    <input id="agency" name="agency" inputmode="numeric" value=move || filter.get().agency />
                </div>
                <div class="field">
                    <label for="case">{lang.tr("Mã hồ sơ", "Case id")}</label>
                    <input id="case" name="case" inputmode="numeric" value=move || filter.get().case />
                </div>
                <button class="button" type="submit">{lang.tr("Lọc", "Filter")}</button>
            </form>
            <Suspense fallback=move || view! { <p>{lang.texts().loading}</p> }>
                {move || {
                    entries
                        .get()
                        .map(|r| match r {
                            Ok(p) => view! {
                                <p>{format!("{} {}", p.total, lang.tr("mục", "entries"))}</p>
                                <div class="table-wrap">
                                    <table class="audit">
                                        <thead>
                                            <tr>
                                                <th>"#"</th>
                                                <th>{lang.tr("Thời điểm", "When")}</th>
                                                <th>{lang.tr("Người thực hiện", "Actor")}</th>
                                                <th>{lang.tr("Hành động", "Action")}</th>
                                                <th>{lang.tr("Đối tượng", "Record")}</th>
                                                <th>{lang.tr("Thay đổi", "Change")}</th>
                                                <th>{lang.tr("Yêu cầu / địa chỉ", "Request / address")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {p.rows.iter().map(|r| view! {
                                                <tr data-testid="audit-row">
                                                    <td>{r.id}</td>
                                                    <td>{time(r.at)}</td>
                                                    <td>{r.actor.clone().unwrap_or_else(|| "—".into())} " " <small>{r.actor_role.clone()}</small></td>
                                                    <td><code>{r.action.clone()}</code></td>
                                                    <td>{r.record.clone()} {r.case_id.map(|c| format!(" (case #{c})"))} {r.agency_id.map(|a| format!(" · agency {a}"))}</td>
                                                    <td><small>{r.before.clone()} {r.after.as_ref().map(|a| format!(" → {a}"))}</small></td>
                                                    <td><small>{r.request_id.clone()} " " {r.address.clone()}</small></td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                            .into_any(),
                            Err(e) => view! { <ErrorView error=e /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}
