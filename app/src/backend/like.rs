//! Matching what someone typed inside stored text, literally: `%` and `_` in it match themselves.

use sea_orm::sea_query::{Expr, Func, LikeExpr, SimpleExpr};

/// `column` contains `text`, ignoring case (on SQLite, the case of ASCII letters only).
pub(crate) fn contains(column: impl Into<SimpleExpr>, text: &str) -> SimpleExpr {
    Expr::expr(Func::lower(column.into())).like(pattern(&text.to_lowercase()))
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
