//! The two languages of the interface: Vietnamese (default) and English.
//!
//! Texts are fields of a struct rather than string keys, so a missing translation is a compile
//! error. The choice is kept in the `lang` cookie, read by the server when it renders the page
//! and by the browser from `<html lang>` when it hydrates.

use serde::{Deserialize, Serialize};

use crate::domain::agencies::{LicenceEventKind, Standing};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

pub const LANG_COOKIE: &str = "lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// Finds `lang=xx` in a `Cookie:` header value.
    pub fn from_cookie_header(header: &str) -> Option<Lang> {
        header.split(';').find_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            (name.trim() == LANG_COOKIE)
                .then(|| Lang::parse(value))
                .flatten()
        })
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    /// A date as people write it in this language.
    pub fn date(self, d: chrono::NaiveDate) -> String {
        match self {
            Lang::Vi => d.format("%d/%m/%Y").to_string(),
            Lang::En => d.format("%-d %b %Y").to_string(),
        }
    }

    /// An integer with the thousands separator of this language.
    pub fn number(self, n: u64) -> String {
        let sep = match self {
            Lang::Vi => '.',
            Lang::En => ',',
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }
}

pub struct Texts {
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub switch_language: &'static str,
    pub nav_home: &'static str,
    pub nav_registry: &'static str,
    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub home_search_label: &'static str,
    pub home_search_placeholder: &'static str,
    pub home_stats_title: &'static str,
    pub home_stat_active: &'static str,
    pub home_stat_suspended: &'static str,
    pub home_stat_revoked: &'static str,
    pub home_stat_sent: &'static str,
    pub home_roles_title: &'static str,
    pub role_worker: &'static str,
    pub role_worker_desc: &'static str,
    pub role_agency: &'static str,
    pub role_agency_desc: &'static str,
    pub role_inspector: &'static str,
    pub role_inspector_desc: &'static str,
    pub role_officer: &'static str,
    pub role_officer_desc: &'static str,
    pub warning_title: &'static str,
    pub warning_text: &'static str,
    pub registry_title: &'static str,
    pub registry_lead: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub filter_status: &'static str,
    pub filter_market: &'static str,
    pub filter_any: &'static str,
    pub search_button: &'static str,
    pub clear_filters: &'static str,
    pub results_none: &'static str,
    pub results_count: &'static str,
    pub page_of: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub col_licence: &'static str,
    pub col_sent: &'static str,
    pub suspended_in: &'static str,
    pub until: &'static str,
    pub licence_number: &'static str,
    pub licence_date: &'static str,
    pub enterprise_code: &'static str,
    pub address: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub website: &'static str,
    pub province: &'static str,
    pub workers_sent: &'static str,
    pub markets_served: &'static str,
    pub none: &'static str,
    pub suspensions_title: &'static str,
    pub suspension_in_force: &'static str,
    pub suspension_ended: &'static str,
    pub history_title: &'static str,
    pub decision: &'static str,
    pub back_to_registry: &'static str,
    pub revoked_notice: &'static str,
    pub suspended_notice: &'static str,
    pub loading: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub unavailable_title: &'static str,
    pub unavailable_text: &'static str,
    pub error_title: &'static str,
    pub error_text: &'static str,
    pub request_id: &'static str,
    pub go_home: &'static str,
    pub footer: &'static str,
}

impl Texts {
    pub fn standing(&self, s: Standing) -> &'static str {
        match (std::ptr::eq(self, &EN), s) {
            (false, Standing::Active) => "Đang hoạt động",
            (false, Standing::Suspended) => "Bị đình chỉ một phần",
            (false, Standing::Revoked) => "Đã bị thu hồi giấy phép",
            (true, Standing::Active) => "Active",
            (true, Standing::Suspended) => "Partly suspended",
            (true, Standing::Revoked) => "Licence revoked",
        }
    }

    pub fn event_kind(&self, k: LicenceEventKind) -> &'static str {
        match (std::ptr::eq(self, &EN), k) {
            (false, LicenceEventKind::Issued) => "Cấp giấy phép",
            (false, LicenceEventKind::Amended) => "Điều chỉnh giấy phép",
            (false, LicenceEventKind::Reissued) => "Cấp lại giấy phép",
            (false, LicenceEventKind::Suspended) => "Đình chỉ hoạt động tại thị trường",
            (false, LicenceEventKind::Revoked) => "Thu hồi giấy phép",
            (true, LicenceEventKind::Issued) => "Licence issued",
            (true, LicenceEventKind::Amended) => "Licence amended",
            (true, LicenceEventKind::Reissued) => "Licence reissued",
            (true, LicenceEventKind::Suspended) => "Suspended in a market",
            (true, LicenceEventKind::Revoked) => "Licence revoked",
        }
    }
}

pub static VI: Texts = Texts {
    site_name: "Hành Trang",
    tagline: "Đồng hành cùng người lao động đi làm việc ở nước ngoài",
    skip_to_content: "Chuyển đến nội dung chính",
    switch_language: "English",
    nav_home: "Trang chủ",
    nav_registry: "Tra cứu doanh nghiệp",
    home_title: "Doanh nghiệp này có được cấp phép không?",
    home_lead: "Trước khi nộp hồ sơ hay đóng tiền, hãy tra cứu doanh nghiệp trong danh sách doanh nghiệp được cấp giấy phép đưa người lao động đi làm việc ở nước ngoài.",
    home_search_label: "Tên doanh nghiệp, số giấy phép hoặc mã số doanh nghiệp",
    home_search_placeholder: "Ví dụ: Sao Mai, 012/2019, 0101234567",
    home_stats_title: "Danh sách hôm nay",
    home_stat_active: "doanh nghiệp đang hoạt động",
    home_stat_suspended: "bị đình chỉ tại một thị trường",
    home_stat_revoked: "đã bị thu hồi giấy phép",
    home_stat_sent: "người lao động đã xuất cảnh",
    home_roles_title: "Dành cho",
    role_worker: "Người lao động",
    role_worker_desc: "Đăng ký, theo dõi hồ sơ, chi phí, tiền ký quỹ và khiếu nại.",
    role_agency: "Doanh nghiệp dịch vụ",
    role_agency_desc: "Đăng ký hợp đồng cung ứng, quản lý hồ sơ người lao động.",
    role_inspector: "Thanh tra",
    role_inspector_desc: "Quản lý giấy phép, kiểm tra, xử lý vi phạm.",
    role_officer: "Cán bộ quản lý",
    role_officer_desc: "Xác nhận danh sách xuất cảnh, báo cáo thống kê.",
    warning_title: "Cảnh giác với lừa đảo",
    warning_text: "Doanh nghiệp không có tên trong danh sách, hoặc đã bị thu hồi giấy phép, không được phép tuyển người lao động. Không nộp tiền khi chưa ký hợp đồng.",
    registry_title: "Doanh nghiệp được cấp phép",
    registry_lead: "Doanh nghiệp được cấp giấy phép hoạt động dịch vụ đưa người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng.",
    search_label: "Tìm kiếm",
    search_placeholder: "Tên, số giấy phép hoặc mã số doanh nghiệp",
    filter_status: "Tình trạng",
    filter_market: "Thị trường",
    filter_any: "Tất cả",
    search_button: "Tìm",
    clear_filters: "Xóa bộ lọc",
    results_none: "Không tìm thấy doanh nghiệp nào phù hợp.",
    results_count: "doanh nghiệp",
    page_of: "Trang {page} / {pages}",
    previous: "Trang trước",
    next: "Trang sau",
    col_licence: "Giấy phép",
    col_sent: "Đã đưa đi",
    suspended_in: "Đình chỉ tại",
    until: "đến",
    licence_number: "Số giấy phép",
    licence_date: "Ngày cấp",
    enterprise_code: "Mã số doanh nghiệp",
    address: "Địa chỉ",
    phone: "Điện thoại",
    email: "Thư điện tử",
    website: "Trang thông tin điện tử",
    province: "Tỉnh, thành phố",
    workers_sent: "Người lao động đã đưa đi",
    markets_served: "Thị trường",
    none: "Không có",
    suspensions_title: "Đình chỉ theo thị trường",
    suspension_in_force: "Đang đình chỉ",
    suspension_ended: "Đã hết hạn",
    history_title: "Lịch sử giấy phép",
    decision: "Quyết định",
    back_to_registry: "Quay lại danh sách",
    revoked_notice: "Giấy phép của doanh nghiệp này đã bị thu hồi. Doanh nghiệp không được tuyển người lao động mới, nhưng vẫn phải giải quyết quyền lợi cho người lao động đang ở nước ngoài.",
    suspended_notice: "Doanh nghiệp đang bị đình chỉ đưa người lao động đi các thị trường dưới đây.",
    loading: "Đang tải…",
    not_found_title: "Không tìm thấy trang",
    not_found_text: "Trang hoặc hồ sơ bạn tìm không tồn tại, hoặc đã được chuyển đi.",
    unavailable_title: "Hệ thống tạm thời gián đoạn",
    unavailable_text: "Chúng tôi không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút.",
    error_title: "Đã xảy ra lỗi",
    error_text: "Yêu cầu của bạn chưa được xử lý. Nếu cần hỗ trợ, vui lòng cung cấp mã yêu cầu dưới đây.",
    request_id: "Mã yêu cầu",
    go_home: "Về trang chủ",
    footer: "Hành Trang — hệ thống quản lý người lao động đi làm việc ở nước ngoài theo hợp đồng.",
};

pub static EN: Texts = Texts {
    site_name: "Hành Trang",
    tagline: "With Vietnamese workers on their journey abroad",
    skip_to_content: "Skip to main content",
    switch_language: "Tiếng Việt",
    nav_home: "Home",
    nav_registry: "Agency registry",
    home_title: "Is this agency licensed?",
    home_lead: "Before you apply or pay anything, look the agency up in the registry of enterprises licensed to send Vietnamese workers abroad.",
    home_search_label: "Agency name, licence number or enterprise code",
    home_search_placeholder: "For example: Sao Mai, 012/2019, 0101234567",
    home_stats_title: "The registry today",
    home_stat_active: "agencies active",
    home_stat_suspended: "suspended in a market",
    home_stat_revoked: "licences revoked",
    home_stat_sent: "workers departed",
    home_roles_title: "For",
    role_worker: "Workers",
    role_worker_desc: "Register, follow your case, fees, deposit and complaints.",
    role_agency: "Licensed agencies",
    role_agency_desc: "Register supply contracts and manage workers' cases.",
    role_inspector: "Inspectors",
    role_inspector_desc: "Keep the licence registry, inspect, record violations.",
    role_officer: "Officers",
    role_officer_desc: "Confirm departure lists, report statistics.",
    warning_title: "Beware of scams",
    warning_text: "An agency that is not in this registry, or whose licence was revoked, may not recruit workers. Never pay before a contract is signed.",
    registry_title: "Licensed agencies",
    registry_lead: "Enterprises licensed to send Vietnamese workers abroad under contract.",
    search_label: "Search",
    search_placeholder: "Name, licence number or enterprise code",
    filter_status: "Status",
    filter_market: "Market",
    filter_any: "All",
    search_button: "Search",
    clear_filters: "Clear filters",
    results_none: "No agency matches.",
    results_count: "agencies",
    page_of: "Page {page} of {pages}",
    previous: "Previous page",
    next: "Next page",
    col_licence: "Licence",
    col_sent: "Sent",
    suspended_in: "Suspended in",
    until: "until",
    licence_number: "Licence number",
    licence_date: "Issued on",
    enterprise_code: "Enterprise code",
    address: "Address",
    phone: "Phone",
    email: "Email",
    website: "Website",
    province: "Province",
    workers_sent: "Workers sent abroad",
    markets_served: "Markets",
    none: "None",
    suspensions_title: "Market suspensions",
    suspension_in_force: "In force",
    suspension_ended: "Ended",
    history_title: "Licence history",
    decision: "Decision",
    back_to_registry: "Back to the registry",
    revoked_notice: "This agency's licence was revoked. It may not recruit new workers, but must still serve the workers it has abroad.",
    suspended_notice: "This agency is suspended from sending workers to the markets below.",
    loading: "Loading…",
    not_found_title: "Page not found",
    not_found_text: "The page or record you are looking for does not exist or has moved.",
    unavailable_title: "Service temporarily unavailable",
    unavailable_text: "We cannot reach the database right now. Please try again in a few minutes.",
    error_title: "Something went wrong",
    error_text: "Your request was not completed. If you need help, please give us the request id below.",
    request_id: "Request id",
    go_home: "Go to the home page",
    footer: "Hành Trang — case management for Vietnamese workers abroad under contract.",
};

// Texts of the account pages are written in place as `lang.tr(vi, en)`: both languages side by
// side, and still a compile error to leave one out.
impl Lang {
    pub fn tr(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// The name of a place as the account page links to it.
pub fn place_label(lang: Lang, place: crate::domain::navigation::Place) -> &'static str {
    use crate::domain::navigation::Place::*;
    match place {
        AgencyCases => lang.tr("Hồ sơ người lao động", "Workers' cases"),
        JobOrders => lang.tr("Đơn hàng", "Job orders"),
        DepartureLists => lang.tr("Danh sách xuất cảnh", "Departure lists"),
        OrdersToDecide => lang.tr("Hợp đồng cung ứng chờ duyệt", "Orders to decide"),
        FindOrders => lang.tr("Tìm đơn hàng", "Find a job order"),
        Rules => lang.tr("Quy định pháp luật", "Legal rules"),
        AgencyStaff => lang.tr("Nhân viên", "Staff"),
        Accounts => lang.tr("Quản lý tài khoản", "Accounts"),
        AuditTrail => lang.tr("Nhật ký kiểm toán", "Audit trail"),
        ClaimDisputes => lang.tr("Yêu cầu thu hồi hồ sơ", "Claim disputes"),
        Corrections => lang.tr("Yêu cầu điều chỉnh thông tin", "Correction requests"),
        Overview => lang.tr("Tổng quan · Tra cứu hồ sơ", "Overview · Find a case"),
        LicenceDeposits => lang.tr(
            "Tiền ký quỹ giấy phép của doanh nghiệp",
            "Agencies' licence deposits",
        ),
        Support => lang.tr(
            "Hỗ trợ người lao động thuộc hộ nghèo",
            "Poverty-programme support",
        ),
        Statistics => lang.tr(
            "Thống kê người lao động đi làm việc ở nước ngoài",
            "Statistics of workers abroad",
        ),
        RecruitmentCost => lang.tr(
            "Chi phí tuyển dụng người lao động phải chịu (SDG 10.7.1)",
            "Recruitment cost borne by workers (SDG 10.7.1)",
        ),
        Licences => lang.tr(
            "Giấy phép: cấp, sửa đổi, đình chỉ, thu hồi",
            "Licences: issue, amend, suspend, revoke",
        ),
        Inspections => lang.tr(
            "Thanh tra, kiểm tra và khắc phục vi phạm",
            "Inspections and remediation",
        ),
        Complaints => lang.tr("Khiếu nại, tố cáo", "Complaints and denunciations"),
        RiskRanking => lang.tr("Xếp hạng rủi ro doanh nghiệp", "Agencies ranked by risk"),
    }
}

/// The short name of a place, for the header's link to one's work.
pub fn place_short_label(lang: Lang, place: crate::domain::navigation::Place) -> &'static str {
    use crate::domain::navigation::Place::*;
    match place {
        AgencyCases => lang.tr("Hồ sơ", "Cases"),
        OrdersToDecide => lang.tr("Việc chờ duyệt", "To decide"),
        Rules => lang.tr("Quy định", "Rules"),
        Overview => lang.tr("Tổng quan", "Overview"),
        LicenceDeposits => lang.tr("Ký quỹ", "Deposits"),
        Support => lang.tr("Hỗ trợ", "Support"),
        RecruitmentCost => lang.tr("Chi phí tuyển dụng", "Recruitment cost"),
        other => place_label(lang, other),
    }
}

pub fn role_label(lang: Lang, role: crate::domain::accounts::Role) -> &'static str {
    use crate::domain::accounts::Role::*;
    match role {
        Worker => lang.tr("người lao động", "worker"),
        AgencyAdmin => lang.tr("quản trị doanh nghiệp", "agency administrator"),
        AgencyStaff => lang.tr("nhân viên doanh nghiệp", "agency staff"),
        Inspector => lang.tr("thanh tra viên", "inspector"),
        ProvincialOfficer => lang.tr("cán bộ Sở Nội vụ", "provincial officer"),
        NationalOfficer => lang.tr(
            "cán bộ Cục Quản lý lao động ngoài nước",
            "national officer (DOLAB)",
        ),
        SystemAdmin => lang.tr("quản trị hệ thống", "system administrator"),
    }
}

pub mod complaints;
pub mod forms;
pub mod inspections;
pub mod licences;
pub mod lifecycle;
pub mod payments;
pub mod risk;
pub mod settlement;
pub mod statistics;
pub mod support;
pub use forms::{form_problem, problem};

/// An occupation's label in the reader's language.
pub fn occupation_name(lang: Lang, o: &crate::views::job_orders::OccupationView) -> &str {
    match lang {
        Lang::Vi => &o.name_vi,
        Lang::En => &o.name_en,
    }
}

/// A market's name in the reader's language.
pub fn market_name(lang: Lang, m: &crate::views::agencies::MarketView) -> &str {
    match lang {
        Lang::Vi => &m.name_vi,
        Lang::En => &m.name_en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_cookie_is_found_among_other_cookies() {
        assert_eq!(
            Lang::from_cookie_header("a=1; lang=en; b=2"),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_cookie_header("lang=vi"), Some(Lang::Vi));
        assert_eq!(Lang::from_cookie_header("slang=en; lang=xx"), None);
        assert_eq!(Lang::from_cookie_header(""), None);
    }

    #[test]
    fn numbers_use_the_thousands_separator_of_the_language() {
        assert_eq!(Lang::Vi.number(158_588), "158.588");
        assert_eq!(Lang::En.number(158_588), "158,588");
        assert_eq!(Lang::En.number(999), "999");
        assert_eq!(Lang::Vi.number(1_000_000), "1.000.000");
    }

    #[test]
    fn standings_have_words_in_both_languages() {
        assert_eq!(VI.standing(Standing::Revoked), "Đã bị thu hồi giấy phép");
        assert_eq!(EN.standing(Standing::Revoked), "Licence revoked");
        for texts in [&VI, &EN] {
            let words: std::collections::HashSet<&str> = Standing::ALL
                .into_iter()
                .map(|s| texts.standing(s))
                .collect();
            assert_eq!(
                words.len(),
                Standing::ALL.len(),
                "each standing its own words"
            );
            assert!(words.iter().all(|w| !w.is_empty()));
        }
        for s in Standing::ALL {
            assert_ne!(VI.standing(s), EN.standing(s), "{s:?} is translated");
        }
    }
}
