//! The public job board: approved orders, searched, filtered, ordered and paged in the database.
//! Wages are compared in VND at the rules' rate for each currency on the day, so a wage in yen
//! and one in won can be filtered and ordered together.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, NullOrdering, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::{rules, views, Backend, ServiceError, BOARD_PAGE_SIZE};
use crate::backend::entity::job_order;
use crate::backend::like;
use crate::domain::job_orders::{OrderStatus, CURRENCIES};
use crate::domain::rules::{RuleBook, RuleKey};
use crate::views::job_orders::{OrderBoardFilter, OrderBoardView, OrderSort};

/// Approved orders matching the filter, in its order; anyone may read them.
pub async fn board(
    backend: &Backend,
    filter: OrderBoardFilter,
) -> Result<OrderBoardView, ServiceError> {
    let filter = filter.tidy();
    let page = filter.page;
    let today = backend.clock.today();
    let book = rules::book(backend).await?;
    let wage_vnd = wage_in_vnd(&book, today);
    let mut q = job_order::Entity::find()
        .filter(job_order::Column::Status.eq(OrderStatus::Approved.as_str()));
    if let Some(m) = filter.market.as_deref() {
        q = q.filter(job_order::Column::MarketCode.eq(m));
    }
    if let Some(f) = filter.form {
        q = q.filter(job_order::Column::Form.eq(f.as_str()));
    }
    if let Some(text) = filter.q.as_deref() {
        q = q.filter(
            Condition::any()
                .add(like::contains(
                    Expr::col((job_order::Entity, job_order::Column::Occupation)),
                    text,
                ))
                .add(like::contains(
                    Expr::col((job_order::Entity, job_order::Column::EmployerName)),
                    text,
                ))
                .add(job_order::Column::OccupationCode.eq(text)),
        );
    }
    if let Some(min) = filter.wage_min_vnd {
        q = q.filter(Expr::expr(wage_vnd.clone()).gte(min));
    }
    if let Some(term) = filter.term {
        let (from, to) = term.months();
        q = q.filter(job_order::Column::TermMonths.gte(from));
        if let Some(to) = to {
            q = q.filter(job_order::Column::TermMonths.lte(to));
        }
    }
    if let Some(max) = filter.fee_max_vnd {
        q = q.filter(job_order::Column::ServiceFeeVnd.lte(max));
    }
    let total = q.clone().count(&backend.db).await?;
    let places_left =
        Expr::col(job_order::Column::Headcount).sub(Expr::col(job_order::Column::Filled));
    q = match filter.sort {
        OrderSort::Newest => q.order_by_desc(job_order::Column::DecidedOn),
        OrderSort::HighestWage => q.order_by_with_nulls(wage_vnd, Order::Desc, NullOrdering::Last),
        OrderSort::LowestFee => q.order_by_asc(job_order::Column::ServiceFeeVnd),
        OrderSort::MostPlacesLeft => q.order_by(places_left, Order::Desc),
    };
    let rows = q
        .order_by_desc(job_order::Column::Id)
        .offset((page - 1) * BOARD_PAGE_SIZE)
        .limit(BOARD_PAGE_SIZE)
        .all(&backend.db)
        .await?;
    let markets = backend.reference.get(&backend.db).await?.markets.clone();
    Ok(OrderBoardView {
        rows: views(backend, rows).await?,
        total,
        page,
        pages: total.div_ceil(BOARD_PAGE_SIZE).max(1),
        markets,
    })
}

/// The monthly wage in VND at the rate in force on `day` for the order's currency; null for a
/// currency without a rate (such an order matches no wage filter and sorts last by wage).
fn wage_in_vnd(book: &RuleBook, day: NaiveDate) -> SimpleExpr {
    let mut rated = CURRENCIES.iter().filter_map(|c| {
        book.value(RuleKey::VndPerCurrencyUnit, c, day)
            .ok()
            .map(|rate| (*c, rate))
    });
    let Some((first, rate)) = rated.next() else {
        return Expr::value(Option::<i64>::None);
    };
    // In floating point, so no stored wage can overflow the multiplication (exact up to 2^53).
    let in_vnd = |currency: &str, rate: i64| {
        (
            job_order::Column::WageCurrency.eq(currency),
            Expr::col(job_order::Column::WageAmount)
                .cast_as(Alias::new("DOUBLE PRECISION"))
                .mul(rate),
        )
    };
    let (cond, then) = in_vnd(first, rate);
    let mut case = Expr::case(cond, then);
    for (currency, rate) in rated {
        let (cond, then) = in_vnd(currency, rate);
        case = case.case(cond, then);
    }
    case.finally(Expr::value(Option::<i64>::None)).into()
}
