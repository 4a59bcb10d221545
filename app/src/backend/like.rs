//! Matching what someone typed inside stored text, literally: `%` and `_` in it match themselves.

use sea_orm::sea_query::{Expr, Func, LikeExpr, SimpleExpr};

/// `column` contains `text`, ignoring case: the lowered column holds the lowered text, or the
/// column holds the text as typed. SQLite's LOWER lowers ASCII letters only, so there "điều"
/// does not find "Điều" (PostgreSQL's does), but text typed as it is stored always matches.
pub(crate) fn contains(column: impl Into<SimpleExpr>, text: &str) -> SimpleExpr {
    let column = column.into();
    Expr::expr(Func::lower(column.clone()))
        .like(pattern(&text.to_lowercase()))
        .or(contains_as_typed(column, text))
}

/// `column` contains `text` as typed (the database's own comparison).
pub(crate) fn contains_as_typed(column: impl Into<SimpleExpr>, text: &str) -> SimpleExpr {
    Expr::expr(column.into()).like(pattern(text))
}

fn pattern(text: &str) -> LikeExpr {
    let literal = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{literal}%")).escape('\\')
}
