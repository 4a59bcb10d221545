//! Several tables' rows read in one statement: each table's columns are selected under a prefix
//! (`c_id`, `w_id`, …) and read back into its model under the same prefix, so a page that needs a
//! case, its worker and its order asks the database once, in the same SQL on SQLite and PostgreSQL.

use sea_orm::sea_query::{Alias, Expr, SelectStatement, SimpleExpr};
use sea_orm::{
    DbErr, EntityTrait, FromQueryResult, IdenStatic, Iterable, PrimaryKeyToColumn, QueryResult,
};

/// Selects every column of `E` as `{prefix}{column}`.
pub(crate) fn columns<E: EntityTrait>(q: &mut SelectStatement, prefix: &str) {
    for c in E::Column::iter() {
        q.expr_as(
            Expr::col((E::default(), c)),
            Alias::new(format!("{prefix}{}", c.as_str())),
        );
    }
}

/// `1` when the subquery finds a row, else `0`: one type on both databases (read with [`flag`]).
pub(crate) fn exists(subquery: SelectStatement) -> SimpleExpr {
    Expr::case(Expr::exists(subquery), 1).finally(0).into()
}

/// A column made by [`exists`].
pub(crate) fn flag(row: &QueryResult, name: &str) -> Result<bool, DbErr> {
    match row.try_get::<i32>("", name)? {
        0 => Ok(false),
        1 => Ok(true),
        other => Err(DbErr::Type(format!("{name}: {other} is not 0 or 1"))),
    }
}

/// The model of an outer-joined table: none when the join found no row (its key is null), and an
/// error, never none, when a row is there but cannot be read.
pub(crate) fn optional<E: EntityTrait>(
    row: &QueryResult,
    prefix: &str,
) -> Result<Option<E::Model>, DbErr>
where
    E::Model: FromQueryResult,
{
    let key = E::PrimaryKey::iter()
        .next()
        .ok_or_else(|| DbErr::Type(format!("{} has no primary key", E::default().table_name())))?
        .into_column();
    let present: Option<i32> = row.try_get(prefix, key.as_str())?;
    match present {
        Some(_) => Ok(Some(E::Model::from_query_result(row, prefix)?)),
        None => Ok(None),
    }
}
