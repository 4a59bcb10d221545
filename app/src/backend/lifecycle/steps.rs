//! Steps and events on a case: loaded for the actor, judged by the domain's guards, written with the version check, the timeline, the audit trail and the worker's email.

#[allow(unused_imports)]
use super::*;

/// What a change needs in hand: the case with its worker, order and agency, as this actor may
/// change it.
pub struct Loaded {
    pub case: case::Model,
    pub worker: worker::Model,
    pub order: job_order::Model,
    pub agency: agency::Model,
}

pub async fn load_for_change(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
) -> Result<Loaded, ServiceError> {
    let rec = case_record(backend, meta, actor, id).await?;
    let facts = CaseFacts {
        agency_id: rec.case.agency_id,
        worker_id: rec.worker.id,
        worker_province: rec.worker.province_code.clone(),
    };
    require(
        backend,
        meta,
        actor,
        Action::ChangeCase,
        Target::Case(&facts),
        ("case", id.to_string()),
    )
    .await?;
    Ok(Loaded {
        case: rec.case,
        worker: rec.worker,
        order: rec.job_order,
        agency: rec.agency,
    })
}

pub(super) async fn list_confirmed<C: ConnectionTrait>(
    db: &C,
    c: &case::Model,
) -> Result<bool, ServiceError> {
    let Some(list_id) = c.departure_list_id else {
        return Ok(false);
    };
    match departure_list::Entity::find_by_id(list_id).one(db).await? {
        Some(l) => Ok(
            stored::<ListStatus>("departure_lists.status", l.id, &l.status)?
                == ListStatus::Confirmed,
        ),
        None => Ok(false),
    }
}

/// What the guards need besides the case file: is its departure list confirmed, the agency's
/// standing in the order's market, the order's facts under today's rules.
pub(super) async fn guard_facts(
    txn: &DatabaseTransaction,
    backend: &Backend,
    l: &Loaded,
    today: NaiveDate,
) -> Result<(bool, AgencyFacts, OrderFacts), ServiceError> {
    let book = rules::book(backend).await?;
    Ok((
        list_confirmed(txn, &l.case).await?,
        agency_facts(txn, &l.agency, &l.order.market_code, today).await?,
        order_facts(&l.order, &book, today)?,
    ))
}

/// The stored case file. One that cannot be read refuses whatever was asked (the stored text
/// stays as it is), never becomes an empty file that the next step would write back.
pub fn file_of(c: &case::Model) -> Result<CaseFile, ServiceError> {
    stored_json("cases.details", c.id, &c.details)
}

pub(super) fn state_of(c: &case::Model) -> Result<CaseState, ServiceError> {
    stored("cases.state", c.id, &c.state)
}

/// Takes a step on a case, as the guards allow. `version` is the case version the form showed.
/// The settlement's first record starts the liquidation, so that step is taken only there.
pub async fn take(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
    version: i32,
    step: Step,
) -> Result<CaseState, ServiceError> {
    // DOLAB confirms cases through their departure list, never one by one; a liquidation
    // starts with its settlement recorded.
    if matches!(
        step.kind(),
        StepKind::ConfirmList | StepKind::StartLiquidation
    ) {
        return Err(ServiceError::NotFound);
    }
    let l = load_for_change(backend, meta, actor, id).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let txn = backend.begin_write().await?;
    let to = take_in(&txn, backend, meta, actor, &l, version, step).await?;
    txn.commit().await?;
    Ok(to)
}

/// Takes a step in `txn` on a case already loaded for this actor: judged by the guards under
/// the rules of the act's day, written only if the case is still at `version`. Liquidating
/// needs a settlement the worker did not dispute, and moves the deposit as it says.
pub async fn take_in(
    txn: &DatabaseTransaction,
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    l: &Loaded,
    version: i32,
    step: Step,
) -> Result<CaseState, ServiceError> {
    let party = Party::of(actor).ok_or(ServiceError::Forbidden)?;
    let today = backend.clock.today();
    // Judged by the rules in force on the day of the act, not of the request.
    let book = rules::book(backend).await?;
    let rules = book
        .on(step.act_on().unwrap_or(today))
        .map_err(|m| refused(Refusal::from(m)))?;
    let file = file_of(&l.case)?;
    let from = state_of(&l.case)?;
    let (departure_list_confirmed, agency, order) = guard_facts(txn, backend, l, today).await?;
    let situation = Situation {
        today,
        rules: &rules,
        book: &book,
        party,
        state: from,
        file: &file,
        applied_on: l.case.applied_on,
        selected_on: l.case.selected_on,
        departure_list_confirmed,
        agency,
        order,
    };
    let t = take_step(&situation, step.clone()).map_err(ServiceError::Refused)?;
    let settled = if let Step::Liquidate { .. } = &step {
        let latest = crate::backend::settlement::latest_for_liquidation(txn, l.case.id).await?;
        crate::domain::settlement::may_liquidate(latest.as_ref().map(|(s, _)| *s))
            .map_err(refused)?;
        latest.map(|(_, lines)| lines)
    } else {
        None
    };
    if version != l.case.version {
        return Err(refused(Refusal::ChangedMeanwhile));
    }
    let to = t.to;
    let on = t.on;
    persist_transition(
        txn, backend, meta, actor, &l.case, &l.worker, from, t, &step, &rules,
    )
    .await?;
    if let Step::GrantVisa {
        deposit: Some(dep), ..
    } = &step
    {
        crate::backend::payments::post_visa_deposit(
            txn,
            backend,
            meta,
            actor,
            l.case.id,
            l.case.agency_id,
            dep,
        )
        .await?;
    }
    if let Some(lines) = settled {
        let held = crate::backend::payments::held_vnd(txn, l.case.id).await?;
        crate::backend::payments::post_settlement_moves(
            txn,
            backend,
            meta,
            actor,
            l.case.id,
            l.case.agency_id,
            crate::domain::settlement::deposit_moves(&lines, held),
            on,
        )
        .await?;
    }
    Ok(to)
}

/// Writes a permitted step: the case row (only if nobody changed it meanwhile), the place on the
/// order, the timeline entry, the audit entry and the worker's email, all in `txn`.
#[allow(clippy::too_many_arguments)]
pub async fn persist_transition(
    txn: &DatabaseTransaction,
    backend: &Backend,
    meta: &RequestMeta,
    actor: &Actor,
    c: &case::Model,
    w: &worker::Model,
    from: CaseState,
    t: Transition,
    step: &Step,
    rules: &Rules,
) -> Result<(), ServiceError> {
    let now = backend.clock.now();
    let list_submitted_on = list_submitted_on(txn, c).await?;
    let clocks = Clocks {
        selected_on: t.selected_on,
        departed_on: t.departed_on.or(c.departed_on),
        ended_on: t.ended_on.or(c.ended_on),
        list_submitted_on,
        last_update_month: c.last_update_month,
    };
    let due_on = agency_due_on(&deadlines(t.to, &t.file, &clocks, rules));
    let details =
        serde_json::to_string(&t.file).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
    let res = case::Entity::update_many()
        .col_expr(case::Column::State, Expr::value(t.to.as_str()))
        .col_expr(case::Column::Details, Expr::value(details))
        .col_expr(case::Column::SelectedOn, Expr::value(t.selected_on))
        .col_expr(
            case::Column::DepartedOn,
            Expr::value(t.departed_on.or(c.departed_on)),
        )
        .col_expr(
            case::Column::EndedOn,
            Expr::value(t.ended_on.or(c.ended_on)),
        )
        .col_expr(
            case::Column::EndReason,
            Expr::value(
                t.end_reason
                    .map(|r| r.as_str().to_owned())
                    .or_else(|| c.end_reason.clone()),
            ),
        )
        .col_expr(case::Column::DueOn, Expr::value(due_on))
        .col_expr(case::Column::Version, Expr::value(c.version + 1))
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .filter(case::Column::Id.eq(c.id))
        .filter(case::Column::Version.eq(c.version))
        .exec(txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(refused(Refusal::ChangedMeanwhile));
    }
    if takes_a_place(from) && !takes_a_place(t.to) {
        give_back_place(txn, c.job_order_id).await?;
    }
    let data = serde_json::to_string(step).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
    case_event::ActiveModel {
        case_id: Set(c.id),
        kind: Set("step".to_owned()),
        step: Set(Some(step.kind().as_str().to_owned())),
        from_state: Set(Some(from.as_str().to_owned())),
        to_state: Set(Some(t.to.as_str().to_owned())),
        happened_on: Set(t.on),
        data: Set(data),
        user_id: Set(Some(actor.user_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::append(
        txn,
        &backend.keys,
        now,
        meta,
        Entry::new("case.step")
            .by(Some(actor))
            .record("case", c.id)
            .agency(Some(c.agency_id))
            .case(c.id)
            .before(serde_json::json!({"state": from.as_str(), "version": c.version}))
            .after(serde_json::json!({
                "state": t.to.as_str(), "version": c.version + 1, "step": step,
            })),
    )
    .await?;
    let to = t.to;
    notify_worker(txn, backend, w, c.id, to, |lang| {
        words::state(lang, to).to_owned()
    })
    .await
}

pub(super) async fn list_submitted_on<C: ConnectionTrait>(
    db: &C,
    c: &case::Model,
) -> Result<Option<NaiveDate>, ServiceError> {
    let Some(id) = c.departure_list_id else {
        return Ok(None);
    };
    match departure_list::Entity::find_by_id(id).one(db).await? {
        Some(l) => {
            let status: ListStatus = stored("departure_lists.status", l.id, &l.status)?;
            Ok((status == ListStatus::Submitted).then_some(l.submitted_on))
        }
        None => Ok(None),
    }
}

/// Emails the worker (their account's address and language, else the address on the worker
/// record) that the case changed, with what comes next.
pub(crate) async fn notify_worker<C: ConnectionTrait>(
    db: &C,
    backend: &Backend,
    w: &worker::Model,
    case_id: i32,
    state: CaseState,
    what: impl Fn(Lang) -> String,
) -> Result<(), ServiceError> {
    let account = user::Entity::find()
        .filter(user::Column::WorkerId.eq(w.id))
        .one(db)
        .await?;
    let (to, lang) = match (&account, &w.email) {
        (Some(u), _) => (u.email.clone(), stored("users.lang", u.id, &u.lang)?),
        (None, Some(e)) if !e.is_empty() => (e.clone(), Lang::Vi),
        _ => return Ok(()),
    };
    let (who, step) = next_actor(state);
    let next = match step {
        Some(s) => format!(
            "{} — {}",
            words::next_actor(lang, who),
            words::step(lang, s)
        ),
        None => words::next_actor(lang, who).to_owned(),
    };
    let link = format!("{}/cases/{case_id}", backend.settings.public_url);
    let msg = outbox::case_changed(lang, &to, &w.full_name, case_id, &what(lang), &next, &link);
    outbox::enqueue(
        db,
        backend.clock.now(),
        msg,
        &backend.settings.mail_domain(),
    )
    .await
}

/// Records an event (certificate, monthly update, workplace change, incident) on a case.
pub async fn record(
    backend: &Backend,
    meta: &RequestMeta,
    actor: Option<&Actor>,
    id: i32,
    version: i32,
    event: Event,
) -> Result<(), ServiceError> {
    let l = load_for_change(backend, meta, actor, id).await?;
    let actor = actor.ok_or(ServiceError::Unauthenticated)?;
    let party = Party::of(actor).ok_or(ServiceError::Forbidden)?;
    let event = event.reported(party);
    let today = backend.clock.today();
    let now = backend.clock.now();
    let book = rules::book(backend).await?;
    let rules = book
        .on(event.act_on())
        .map_err(|m| refused(Refusal::from(m)))?;
    let txn = backend.begin_write().await?;
    let file = file_of(&l.case)?;
    let state = state_of(&l.case)?;
    let (departure_list_confirmed, agency, order) = guard_facts(&txn, backend, &l, today).await?;
    let situation = Situation {
        today,
        rules: &rules,
        book: &book,
        party,
        state,
        file: &file,
        applied_on: l.case.applied_on,
        selected_on: l.case.selected_on,
        departure_list_confirmed,
        agency,
        order,
    };
    let new_file = record_event(&situation, &event).map_err(ServiceError::Refused)?;
    if version != l.case.version {
        return Err(refused(Refusal::ChangedMeanwhile));
    }
    let (on, last_month) = match &event {
        Event::Certificate(c) => (c.issued_on, l.case.last_update_month),
        // The worker's own report does not discharge the agency's monthly duty.
        Event::MonthlyUpdate {
            month,
            reported_by: Reporter::Worker,
            ..
        } => (*month, l.case.last_update_month),
        Event::MonthlyUpdate { month, .. } => (
            *month,
            Some(l.case.last_update_month.map_or(*month, |m| m.max(*month))),
        ),
        Event::WorkplaceChange { changed_on, .. } => (*changed_on, l.case.last_update_month),
        Event::Incident { on, .. } | Event::Refunded { on, .. } => (*on, l.case.last_update_month),
    };
    let clocks = Clocks {
        selected_on: l.case.selected_on,
        departed_on: l.case.departed_on,
        ended_on: l.case.ended_on,
        list_submitted_on: list_submitted_on(&txn, &l.case).await?,
        last_update_month: last_month,
    };
    let due_on = agency_due_on(&deadlines(state, &new_file, &clocks, &rules));
    let details =
        serde_json::to_string(&new_file).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
    let res = case::Entity::update_many()
        .col_expr(case::Column::Details, Expr::value(details))
        .col_expr(case::Column::LastUpdateMonth, Expr::value(last_month))
        .col_expr(case::Column::DueOn, Expr::value(due_on))
        .col_expr(case::Column::Version, Expr::value(l.case.version + 1))
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .filter(case::Column::Id.eq(id))
        .filter(case::Column::Version.eq(l.case.version))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(refused(Refusal::ChangedMeanwhile));
    }
    let data = serde_json::to_string(&event).map_err(|e| ServiceError::Unexpected(Box::new(e)))?;
    case_event::ActiveModel {
        case_id: Set(id),
        kind: Set("event".to_owned()),
        step: Set(Some(event.kind().to_owned())),
        happened_on: Set(on),
        data: Set(data),
        user_id: Set(Some(actor.user_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        &backend.keys,
        now,
        meta,
        Entry::new("case.event")
            .by(Some(actor))
            .record("case", id)
            .agency(Some(l.case.agency_id))
            .case(id)
            .before(serde_json::json!({"version": l.case.version}))
            .after(serde_json::json!({"version": l.case.version + 1, "event": event})),
    )
    .await?;
    let kind = event.kind();
    if party != Party::Worker {
        notify_worker(&txn, backend, &l.worker, id, state, |lang| {
            event_label(lang, kind).to_owned()
        })
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

pub fn event_label(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "certificate" => lang.tr(
            "Đã ghi chứng chỉ bồi dưỡng kiến thức",
            "Orientation certificate recorded",
        ),
        "monthly_update" => lang.tr("Cập nhật tình hình hằng tháng", "Monthly update"),
        "workplace_change" => lang.tr("Thay đổi nơi làm việc", "Change of workplace"),
        "incident" => lang.tr("Ghi nhận sự cố", "Incident recorded"),
        "refunded" => lang.tr(
            "Đã hoàn trả giấy tờ và tiền",
            "Documents and money returned",
        ),
        _ => lang.tr("Cập nhật hồ sơ", "Case updated"),
    }
}
