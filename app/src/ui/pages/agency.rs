use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::agencies::agency_detail;
use crate::api::AppError;
use crate::domain::agencies::Standing;
use crate::i18n::licences::{detail_field, ground};
use crate::i18n::Lang;
use crate::ui::components::{badge::StandingBadge, error_view::ErrorView};
use crate::ui::use_lang;
use crate::views::agencies::AgencyDetailView;

#[component]
pub fn AgencyPage() -> impl IntoView {
    let t = use_lang().texts();
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|s| s.parse::<i32>().ok())));
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => agency_detail(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                detail
                    .get()
                    .map(|r| match r {
                        Ok(a) => view! { <AgencyDetail a /> }.into_any(),
                        Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn AgencyDetail(a: AgencyDetailView) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let notice = match a.standing {
        Standing::Revoked => Some(("notice notice-danger", t.revoked_notice)),
        Standing::Suspended => Some(("notice notice-warning", t.suspended_notice)),
        Standing::Active => None,
    };
    let optional = move |v: Option<String>| v.unwrap_or_else(|| t.none.to_owned());
    let website = a.website.clone();
    view! {
        <Title text=a.name.clone() />
        <p class="breadcrumb">
            <a href="/agencies">{t.back_to_registry}</a>
        </p>
        <section class="page-head">
            <h1>{a.name.clone()}</h1>
            <StandingBadge standing=a.standing />
        </section>
        {notice.map(|(class, text)| view! { <p class=class role="status">{text}</p> })}
        <section class="card">
            <dl class="facts facts-wide">
                <div>
                    <dt>{t.licence_number}</dt>
                    <dd data-testid="licence-number">{a.licence_number.clone()}</dd>
                </div>
                <div>
                    <dt>{t.licence_date}</dt>
                    <dd>{lang.date(a.licence_date)}</dd>
                </div>
                <div>
                    <dt>{t.enterprise_code}</dt>
                    <dd>{a.enterprise_code.clone()}</dd>
                </div>
                <div>
                    <dt>{t.province}</dt>
                    <dd>{a.province.clone()}</dd>
                </div>
                <div>
                    <dt>{t.address}</dt>
                    <dd>{a.address.clone()}</dd>
                </div>
                <div>
                    <dt>{t.phone}</dt>
                    <dd>
                        <a href=format!("tel:{}", a.phone.replace(' ', ""))>{a.phone.clone()}</a>
                    </dd>
                </div>
                <div>
                    <dt>{t.email}</dt>
                    <dd>{optional(a.email.clone())}</dd>
                </div>
                <div>
                    <dt>{t.website}</dt>
                    <dd>
                        {match website {
                            Some(w) => {
                                view! {
                                    <a href=w.clone() rel="external nofollow noopener">
                                        {w.clone()}
                                    </a>
                                }
                                    .into_any()
                            }
                            None => t.none.into_any(),
                        }}
                    </dd>
                </div>
                <div>
                    <dt>{t.workers_sent}</dt>
                    <dd data-testid="workers-sent">{lang.number(a.workers_sent)}</dd>
                </div>
                <div>
                    <dt>{t.markets_served}</dt>
                    <dd>
                        {if a.markets_served.is_empty() {
                            t.none.to_owned()
                        } else {
                            a.markets_served.iter().map(|m| crate::i18n::market_name(lang, m).to_owned()).collect::<Vec<_>>().join(", ")
                        }}
                    </dd>
                </div>
            </dl>
        </section>
        <section aria-labelledby="suspensions-title">
            <h2 id="suspensions-title">{t.suspensions_title}</h2>
            {if a.suspensions.is_empty() {
                view! { <p>{t.none}</p> }.into_any()
            } else {
                view! {
                    <ul class="timeline">
                        {a
                            .suspensions
                            .iter()
                            .map(|s| {
                                view! {
                                    <li class:in-force=s.in_force>
                                        <strong>{crate::i18n::market_name(lang, &s.market).to_owned()}</strong>
                                        ": "
                                        {lang.date(s.starts_on)}
                                        " – "
                                        {lang.date(s.ends_on)}
                                        " · "
                                        <span class="tag">
                                            {if s.in_force { t.suspension_in_force } else { t.suspension_ended }}
                                        </span>
                                        <br />
                                        <small>
                                            {s.reason.clone()}
                                            {s.decision_ref.clone().map(|d| format!(" ({} {d})", t.decision))}
                                            {s.clause.clone().map(|c| format!(" · {} {c}", lang.tr("Căn cứ:", "Under")))}
                                        </small>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
        <section aria-labelledby="history-title">
            <h2 id="history-title">{t.history_title}</h2>
            <ol class="timeline" data-testid="licence-history">
                {a
                    .history
                    .iter()
                    .map(|e| {
                        let market = e.market.as_ref().map(|m| format!(" — {}", crate::i18n::market_name(lang, m)));
                        let until = e.until.map(|u| format!(" ({} {})", t.until, lang.date(u)));
                        let signed = match (&e.decision_ref, e.decided_on, &e.signer) {
                            (Some(no), Some(on), Some(by)) => Some(match lang {
                                Lang::Vi => format!("Quyết định số {no} ngày {}, {by} ký", lang.date(on)),
                                Lang::En => format!("Decision no. {no} of {}, signed by {by}", lang.date(on)),
                            }),
                            (Some(no), _, _) => Some(format!("{} {no}", t.decision)),
                            _ => None,
                        };
                        let changes = e.changes.iter().map(|c| format!(
                            "{}: {} → {}",
                            detail_field(lang, c.field),
                            if c.before.is_empty() { "—" } else { &c.before },
                            if c.after.is_empty() { "—" } else { &c.after },
                        )).collect::<Vec<_>>();
                        view! {
                            <li data-testid="licence-decision" data-kind=e.kind.as_str()>
                                <time datetime=e.happened_on.to_string()>{lang.date(e.happened_on)}</time>
                                " · "
                                <strong>{t.event_kind(e.kind)}</strong>
                                {market}
                                {until}
                                {e.ground.map(|g| view! { <br /><span>{ground(lang, g)}</span> })}
                                {e.note.clone().map(|n| view! { <br /><small>{n}</small> })}
                                {(!changes.is_empty()).then(|| view! { <br /><small>{changes.join("; ")}</small> })}
                                {e.clause.clone().map(|c| view! { <br /><small>{lang.tr("Căn cứ: ", "Legal ground: ")}{c}</small> })}
                                {signed.map(|s| view! { <br /><small data-testid="decision-ref">{s}</small> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
