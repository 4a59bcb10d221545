//! Case use cases: applying, opening a case for a worker, taking steps and recording events
//! (each in one transaction with its timeline entry, audit entry and email), the case page, the
//! agency's board and its CSV export.
//!
//! One room per concern: `open` (applications and cases opened by staff), `steps` (steps and
//! events), `reading` (the case page, the board, the export), `search` (finding
//! cases across agencies, within an overseer's scope).

mod open;
mod reading;
mod search;
mod steps;

pub use open::*;
pub use reading::*;
pub use search::*;
pub use steps::*;

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};

use super::access::{require, require_own_agency};
use super::audit::{self, Entry, RequestMeta};
use super::cases::case_record;
use super::corrections::{self, Conflict};
use super::decode::{stored, stored_json, stored_number, stored_opt, unknown};
use super::entity::{
    agency, case, case_event, departure_list, job_order, old_province, user, worker,
};
use super::job_orders::{agency_facts, order_facts};
use super::{outbox, rules, Backend, ServiceError};
use crate::domain::access::{decide, Action, Actor, CaseFacts, Decision, Target};
use crate::domain::accounts::Role;
use crate::domain::cases::CaseState;
use crate::domain::forms::{FieldErrors, Problem};
use crate::domain::job_orders::{ListStatus, OrderStatus};
use crate::domain::lifecycle::{
    agency_due_on, application_guards, certificate_valid_until, deadlines, next_actor,
    record_event, take_step, takes_a_place, AgencyFacts, CaseFile, Clocks, Event, NewWorker,
    OrderFacts, Party, Refusal, Reporter, Situation, Step, StepError, StepKind, Transition,
};
use crate::domain::lifecycle::{offered_events, offered_steps};
use crate::domain::rules::{RuleKey, Rules};
use crate::i18n::{lifecycle as words, Lang};
use crate::views::cases::{
    BoardSummaryView, CaseBoardView, CaseFilter, CaseRowView, CaseView, TimelineEntryView,
};

pub const BOARD_PAGE_SIZE: u64 = 50;

fn refused(r: Refusal) -> ServiceError {
    ServiceError::Refused(StepError {
        fields: FieldErrors::default(),
        refusals: vec![r],
    })
}

pub async fn case_of_worker_on_order(
    backend: &Backend,
    worker_id: i32,
    order_id: i32,
) -> Result<Option<i32>, ServiceError> {
    Ok(case::Entity::find()
        .filter(case::Column::WorkerId.eq(worker_id))
        .filter(case::Column::JobOrderId.eq(order_id))
        .order_by_desc(case::Column::Id)
        .one(&backend.db)
        .await?
        .map(|c| c.id))
}
