//! Names of the codes a table, its filters and its charts show, in both languages.

use std::collections::BTreeSet;

use sea_orm::{EntityTrait, QueryOrder, QuerySelect};

use super::query::Spec;
use crate::backend::entity::{agency, old_province};
use crate::backend::{Backend, ServiceError};
use crate::domain::job_orders::SendingForm;
use crate::domain::lifecycle::EndReason;
use crate::domain::statistics::{Dim, Measure, Period, Pivot};
use crate::domain::support::HouseholdStatus;
use crate::i18n::{self, Lang};
use crate::views::statistics::{DimLabels, Label};

fn both(key: impl Into<String>, f: impl Fn(Lang) -> String) -> Label {
    Label {
        key: key.into(),
        vi: f(Lang::Vi),
        en: f(Lang::En),
    }
}

/// Every dimension's labels: the fixed lists in full, the periods and ethnicities the tables hold.
pub async fn all<'a>(
    backend: &Backend,
    pivots: impl IntoIterator<Item = &'a Pivot>,
    spec: &Spec,
) -> Result<Vec<DimLabels>, ServiceError> {
    let db = &backend.db;
    let reference = backend.reference.get(db).await?;
    let mut out = Vec::new();
    let mut keys = BTreeSet::new();
    for p in pivots {
        keys.extend(p.rows.iter().cloned());
        keys.extend(p.cols.iter().cloned());
    }
    out.push(DimLabels {
        dim: Dim::Market,
        labels: reference
            .markets
            .iter()
            .map(|m| Label {
                key: m.code.clone(),
                vi: m.name_vi.clone(),
                en: m.name_en.clone(),
            })
            .collect(),
    });
    out.push(DimLabels {
        dim: Dim::Sex,
        labels: ["female", "male"]
            .into_iter()
            .map(|s| both(s, |l| i18n::statistics::sex(l, s).to_owned()))
            .collect(),
    });
    let mut provinces: Vec<(&String, &String)> = reference.provinces.iter().collect();
    provinces.sort();
    out.push(DimLabels {
        dim: Dim::Province,
        labels: provinces
            .into_iter()
            .map(|(k, v)| Label {
                key: k.clone(),
                vi: v.clone(),
                en: v.clone(),
            })
            .collect(),
    });
    out.push(DimLabels {
        dim: Dim::OldProvince,
        labels: old_province::Entity::find()
            .order_by_asc(old_province::Column::Code)
            .all(db)
            .await?
            .into_iter()
            .map(|p| Label {
                key: p.code.clone(),
                vi: format!("{} {}", p.code, p.short_name),
                en: format!("{} {}", p.code, p.short_name),
            })
            .collect(),
    });
    out.push(DimLabels {
        dim: Dim::Form,
        labels: SendingForm::ALL
            .into_iter()
            .map(|f| {
                both(f.as_str(), |l| {
                    i18n::lifecycle::sending_form(l, f).to_owned()
                })
            })
            .collect(),
    });
    out.push(DimLabels {
        dim: Dim::Agency,
        labels: agency::Entity::find()
            .select_only()
            .column(agency::Column::Id)
            .column(agency::Column::Name)
            .order_by_asc(agency::Column::Name)
            .into_tuple::<(i32, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, name)| Label {
                key: id.to_string(),
                vi: name.clone(),
                en: name,
            })
            .collect(),
    });
    let mut occupations: Vec<Label> = reference
        .occupations
        .iter()
        .map(|o| Label {
            key: o.code.clone(),
            vi: format!("{} {}", o.code, o.name_vi),
            en: format!("{} {}", o.code, o.name_en),
        })
        .collect();
    occupations.push(both(super::query::NO_KEY, |l| {
        l.tr("Chưa có mã nghề", "No occupation code").to_owned()
    }));
    out.push(DimLabels {
        dim: Dim::Occupation,
        labels: occupations,
    });
    out.push(DimLabels {
        dim: Dim::Household,
        labels: HouseholdStatus::ALL
            .into_iter()
            .map(|s| both(s.as_str(), |l| i18n::support::status_label(l, s).to_owned()))
            .chain([both("none", |l| {
                l.tr("Không thuộc diện nào", "None certified").to_owned()
            })])
            .collect(),
    });
    out.push(DimLabels {
        dim: Dim::Reason,
        labels: EndReason::AFTER_DEPARTURE
            .into_iter()
            .map(|r| both(r.as_str(), |l| i18n::lifecycle::end_reason(l, r).to_owned()))
            .collect(),
    });
    // Periods and ethnicities: the keys the tables hold.
    let mut periods = Vec::new();
    for k in &keys {
        if let Some(p) =
            Period::parse(k).filter(|_| k.len() >= 4 && k.as_bytes()[0].is_ascii_digit())
        {
            periods.push(both(k.clone(), |l| i18n::statistics::period(l, p)));
        }
    }
    for dim in [Dim::Year, Dim::Quarter, Dim::Month] {
        out.push(DimLabels {
            dim,
            labels: periods.clone(),
        });
    }
    let ethnic = spec.rows == Some(Dim::Ethnicity) || spec.cols == Some(Dim::Ethnicity);
    out.push(DimLabels {
        dim: Dim::Ethnicity,
        labels: if ethnic {
            keys.iter()
                .map(|k| Label {
                    key: k.clone(),
                    vi: k.clone(),
                    en: k.clone(),
                })
                .collect()
        } else {
            Vec::new()
        },
    });
    Ok(out)
}

/// What one cell counts, in words: the measure, the cell's keys and the period.
pub async fn cell_title(
    backend: &Backend,
    spec: &Spec,
    row: &str,
    col: &str,
    part_only: bool,
) -> Result<Label, ServiceError> {
    let labels = all(backend, std::iter::empty(), spec).await?;
    let name = |dim: Option<Dim>, key: &str, lang: Lang| -> Option<String> {
        let dim = dim?;
        let found = labels
            .iter()
            .find(|l| l.dim == dim)
            .and_then(|l| l.labels.iter().find(|x| x.key == key));
        let text = match (found, Period::parse(key)) {
            (Some(l), _) => match lang {
                Lang::Vi => l.vi.clone(),
                Lang::En => l.en.clone(),
            },
            (None, Some(p)) if dim.is_period() => i18n::statistics::period(lang, p),
            _ => key.to_owned(),
        };
        Some(format!("{}: {text}", i18n::statistics::dim(lang, dim)))
    };
    let words = |lang: Lang| {
        let what = match (spec.measure.denominator(), part_only) {
            (Some(_), false) => format!(
                "{} ({})",
                i18n::statistics::measure(lang, spec.measure),
                lang.tr("mẫu số", "denominator")
            ),
            (Some(_), true) => format!(
                "{} ({})",
                i18n::statistics::measure(lang, spec.measure),
                lang.tr("tử số", "numerator")
            ),
            _ => i18n::statistics::measure(lang, spec.measure).to_owned(),
        };
        let mut parts = vec![what];
        parts.extend(name(spec.rows, row, lang));
        parts.extend(name(spec.cols, col, lang));
        for (d, v) in &spec.filters {
            parts.extend(name(Some(*d), v, lang));
        }
        parts.push(format!(
            "{} – {}",
            lang.date(spec.from),
            lang.date(if spec.measure == Measure::Abroad {
                spec.at
            } else {
                spec.to
            })
        ));
        parts.join(" · ")
    };
    Ok(both("", words))
}
