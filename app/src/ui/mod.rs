//! Leptos views. They render and call `domain` for rules; they decide nothing about access.

pub mod components;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    ParamSegment, SsrMode, StaticSegment,
};

use crate::i18n::Lang;
use components::layout::{Footer, Header};
use pages::account::{AccountPage, AdminUsersPage, AgencyStaffPage, AuditPage, ClaimDisputesPage};
use pages::auth::{
    ForgotPage, InvitationPage, ResetPage, SigninCodePage, SigninPage, SignoutPage,
    SignupConfirmPage, TotpPage, UnlockPage,
};
use pages::cases::{
    CaseMoneyPage, CasePage, CaseSettlementPage, CasesPage, ImportCasesPage, NewCasePage,
    OverviewPage,
};
use pages::complaints::{ComplaintPage, ComplaintsPage, TrackComplaintPage};
use pages::corrections::CorrectionsPage;
use pages::departure_lists::ListsPage;
use pages::deposits::{DepositPage, DepositsPage};
use pages::inspections::{InspectionPage, InspectionRecordPage, InspectionsPage};
use pages::licences::{LicencePage, LicencesPage};
use pages::orders::{NewOrderPage, OrderPage, OrdersPage, PendingOrdersPage, RulesPage};
use pages::recruitment_cost::RecruitmentCostPage;
use pages::risk::{RiskAgencyPage, RiskPage};
use pages::signup::SignupPage;
use pages::statistics::{StatisticsCasesPage, StatisticsPage};
use pages::support::{SupportPage, WorkerSupportPage};
use pages::{agency::AgencyPage, home::HomePage, not_found::NotFound, registry::RegistryPage};

use crate::api::accounts::whoami;
use crate::api::forms::form_outcome;
use crate::views::accounts::MeView;
use crate::views::forms::FormOutcome;

/// The outcome of the form posted with this request (none on a GET or in the browser).
#[derive(Clone, Copy)]
struct Posted(Resource<Option<FormOutcome>>);

/// Who is signed in, for the header and pages.
#[derive(Clone, Copy)]
struct Me(Resource<Option<MeView>>);

pub fn use_outcome() -> Resource<Option<FormOutcome>> {
    expect_context::<Posted>().0
}

pub fn use_me() -> Resource<Option<MeView>> {
    expect_context::<Me>().0
}

/// The pages that hold an island (an `#[island]` component, interactive in the browser). Only
/// they load the island script and the wasm; every other page is HTML and CSS alone.
pub const ISLAND_PAGES: [&str; 2] = ["/agencies", "/signup"];

/// Whether the page at `path` holds an island.
pub fn page_has_islands(path: &str) -> bool {
    let path = match path.trim_end_matches('/') {
        "" => "/",
        p => p,
    };
    ISLAND_PAGES.contains(&path)
}

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    provide_context(lang);
    let scripts = page_has_islands(&request_path())
        .then(|| view! { <HydrationScripts options=options.clone() islands=true /> });
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="stylesheet" href="/pkg/hanh-trang.css" />
                <link rel="icon" href="data:," />
                <AutoReload options />
                {scripts}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The language of this request: the `lang` cookie, else Vietnamese.
fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Lang::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        use_context::<Lang>().unwrap_or_default()
    }
}

/// The path of this request (empty in the browser, where the shell is never rendered).
fn request_path() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| parts.uri.path().to_owned())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

pub use crate::api::response::set_status;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let t = use_lang().texts();
    // Blocking: a posted form must be handled (and may redirect) before the page is sent.
    provide_context(Posted(Resource::new_blocking(|| (), |_| form_outcome())));
    provide_context(Me(Resource::new_blocking(
        || (),
        |_| async { whoami().await.ok().flatten() },
    )));
    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { t.site_name.to_owned() } else { format!("{page} · {}", t.site_name) }
        } />
        <Router>
            <a class="skip-link" href="#main">
                {t.skip_to_content}
            </a>
            <Header />
            <main id="main" class="container">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("agencies") view=RegistryPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("agencies"), ParamSegment("id"))
                        view=AgencyPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("signup") view=SignupPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("signup"), StaticSegment("confirm"))
                        view=SignupConfirmPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("signin") view=SigninPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("signin"), StaticSegment("code"))
                        view=SigninCodePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("signin"), StaticSegment("unlock"))
                        view=UnlockPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("signout") view=SignoutPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("password"), StaticSegment("forgot"))
                        view=ForgotPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("password"), StaticSegment("reset"))
                        view=ResetPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("invitation") view=InvitationPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("account") view=AccountPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("account"), StaticSegment("totp"))
                        view=TotpPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("admin"), StaticSegment("users"))
                        view=AdminUsersPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("agency"), StaticSegment("staff"))
                        view=AgencyStaffPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("audit") view=AuditPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("province"), StaticSegment("claims"))
                        view=ClaimDisputesPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("corrections") view=CorrectionsPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("cases") view=CasesPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("cases"), StaticSegment("new"))
                        view=NewCasePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("cases"), StaticSegment("import"))
                        view=ImportCasesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("cases"), ParamSegment("id"))
                        view=CasePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("cases"), ParamSegment("id"), StaticSegment("money"))
                        view=CaseMoneyPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("cases"), ParamSegment("id"), StaticSegment("settlement"))
                        view=CaseSettlementPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("orders") view=OrdersPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("orders"), StaticSegment("new"))
                        view=NewOrderPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("orders"), StaticSegment("pending"))
                        view=PendingOrdersPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("orders"), ParamSegment("id"))
                        view=OrderPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("lists") view=ListsPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("overview") view=OverviewPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("rules") view=RulesPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("deposits") view=DepositsPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("deposits"), ParamSegment("id"))
                        view=DepositPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("licences") view=LicencesPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("licences"), ParamSegment("id"))
                        view=LicencePage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("complaints") view=ComplaintsPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("complaints"), StaticSegment("track"))
                        view=TrackComplaintPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("complaints"), ParamSegment("id"))
                        view=ComplaintPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("inspections") view=InspectionsPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("inspections"), ParamSegment("id"))
                        view=InspectionPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("inspections"), ParamSegment("id"), StaticSegment("record"))
                        view=InspectionRecordPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("risk") view=RiskPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("risk"), ParamSegment("id"))
                        view=RiskAgencyPage
                        ssr=SsrMode::Async
                    />
                    <Route path=StaticSegment("support") view=SupportPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("statistics") view=StatisticsPage ssr=SsrMode::Async />
                    <Route
                        path=(StaticSegment("statistics"), StaticSegment("cases"))
                        view=StatisticsCasesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("statistics"), StaticSegment("recruitment-cost"))
                        view=RecruitmentCostPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=(StaticSegment("support"), StaticSegment("workers"), ParamSegment("id"))
                        view=WorkerSupportPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
