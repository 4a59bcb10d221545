//! Words of the poverty-programme support pages: household statuses and items of support.

use super::Lang;
use crate::domain::support::{HouseholdStatus, Measure, SupportItem};

pub fn status_label(lang: Lang, s: HouseholdStatus) -> &'static str {
    match s {
        HouseholdStatus::Poor => lang.tr("Hộ nghèo", "Poor household"),
        HouseholdStatus::NearPoor => lang.tr("Hộ cận nghèo", "Near-poor household"),
        HouseholdStatus::NewlyNonPoor => lang.tr("Hộ mới thoát nghèo", "Newly non-poor household"),
        HouseholdStatus::EthnicMinorityArea => lang.tr(
            "Người dân tộc thiểu số ở vùng được hỗ trợ",
            "Ethnic minority in an eligible area",
        ),
    }
}

pub fn item_label(lang: Lang, i: SupportItem) -> &'static str {
    match i {
        SupportItem::Language => lang.tr("Học ngoại ngữ", "Language course"),
        SupportItem::Meals => lang.tr("Tiền ăn trong thời gian học", "Meals while training"),
        SupportItem::Lodging => lang.tr("Tiền ở trong thời gian học", "Lodging while training"),
        SupportItem::Kit => lang.tr("Đồ dùng cá nhân", "Personal kit"),
        SupportItem::Travel => lang.tr("Tiền đi lại", "Travel"),
        SupportItem::Passport => lang.tr("Lệ phí hộ chiếu", "Passport fee"),
        SupportItem::CriminalRecord => lang.tr("Lệ phí lý lịch tư pháp", "Criminal record fee"),
        SupportItem::Visa => lang.tr("Lệ phí thị thực (visa)", "Visa fee"),
        SupportItem::HealthCheck => lang.tr("Khám sức khỏe", "Health check"),
    }
}

/// How the item's amount is counted, after the amount: "a day", "a month", "at most".
pub fn measure_note(lang: Lang, m: Measure) -> &'static str {
    match m {
        Measure::Capped => lang.tr("tối đa", "at most"),
        Measure::PerDay => lang.tr("mỗi ngày", "a day"),
        Measure::PerMonth => lang.tr("mỗi tháng", "a month"),
        Measure::AtCost => lang.tr("theo chứng từ", "at cost, on the receipt"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_item_has_a_distinct_name_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let mut seen = std::collections::HashSet::new();
            for s in HouseholdStatus::ALL {
                assert!(seen.insert(status_label(lang, s)), "{s:?}");
            }
            for i in SupportItem::ALL {
                assert!(seen.insert(item_label(lang, i)), "{i:?}");
            }
        }
    }
}
