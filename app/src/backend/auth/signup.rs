//! Sign-up: a worker registers with their citizen ID.

#[allow(unused_imports)]
use super::*;

/// The sign-up form: checked against the rules in force today (the minimum age), then
/// [`sign_up`].
pub async fn register(
    backend: &Backend,
    meta: &RequestMeta,
    input: crate::domain::accounts::SignupInput,
    lang: Lang,
) -> Result<NewSession, ServiceError> {
    let today = backend.clock.today();
    let min_age = crate::backend::rules::on(backend, today)
        .await?
        .min_worker_age;
    let signup = input
        .validate(today, min_age)
        .map_err(ServiceError::Invalid)?;
    sign_up(backend, meta, signup, lang).await
}

/// Creates a worker account and signs it in. A citizen ID or email already registered is
/// refused without saying whose it is; the holder is told by email.
pub async fn sign_up(
    backend: &Backend,
    meta: &RequestMeta,
    signup: Signup,
    lang: Lang,
) -> Result<NewSession, ServiceError> {
    let now = backend.clock.now();
    let db = &backend.db;
    let hash = backend.hasher.hash(signup.password.clone()).await?;
    let txn = crate::backend::begin_write(db).await?;
    let existing = user::Entity::find()
        .filter(
            user::Column::CitizenId
                .eq(signup.citizen_id.as_str())
                .or(user::Column::Email.eq(signup.email.as_str())),
        )
        .one(&txn)
        .await?;
    if let Some(holder) = existing {
        let message = outbox::signup_attempt(
            stored("users.lang", holder.id, &holder.lang)?,
            &holder.email,
            &backend.settings.link("/signin"),
        );
        outbox::enqueue(&txn, now, message, &backend.settings.mail_domain()).await?;
        audit::append(
            &txn,
            now,
            meta,
            Entry::new("signup.refused").record("user", holder.id),
        )
        .await?;
        txn.commit().await?;
        return Err(ServiceError::Problem(FormProblem::AccountExists));
    }
    let worker_id = link_worker(&txn, &signup, now).await?;
    let created = user::ActiveModel {
        role: Set(Role::Worker.as_str().to_owned()),
        status: Set(AccountStatus::Active.as_str().to_owned()),
        full_name: Set(signup.full_name.clone()),
        email: Set(signup.email.as_str().to_owned()),
        citizen_id: Set(Some(signup.citizen_id.as_str().to_owned())),
        birth_date: Set(Some(signup.birth_date)),
        sex: Set(Some(signup.sex.as_str().to_owned())),
        phone: Set(Some(signup.phone.as_str().to_owned())),
        lang: Set(lang.code().to_owned()),
        worker_id: Set(worker_id),
        password_hash: Set(Some(hash)),
        password_changed_at: Set(Some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let created = match created {
        Ok(u) => u,
        Err(e) if is_unique_violation(&e) => {
            return Err(ServiceError::Problem(FormProblem::AccountExists))
        }
        Err(e) => return Err(e.into()),
    };
    audit::append(
        &txn,
        now,
        meta,
        Entry::new("user.created")
            .by_user(created.id, Role::Worker.as_str())
            .record("user", created.id)
            .after(json!({"role": "worker", "email": created.email, "worker_id": worker_id})),
    )
    .await?;
    let session =
        create_session(&txn, &backend.settings, now, meta, created.id, Stage::Full).await?;
    audit::append(
        &txn,
        now,
        meta,
        Entry::new("signin.ok")
            .by_user(created.id, Role::Worker.as_str())
            .record("user", created.id),
    )
    .await?;
    txn.commit().await?;
    Ok(session)
}

/// The worker record of this citizen ID: the existing one when name and birth date agree (an
/// agency may have registered the person first), a new one when there is none.
pub(super) async fn link_worker<C: ConnectionTrait>(
    db: &C,
    s: &Signup,
    now: DateTime<Utc>,
) -> Result<Option<i32>, ServiceError> {
    if let Some(w) = worker::Entity::find()
        .filter(worker::Column::CitizenId.eq(s.citizen_id.as_str()))
        .one(db)
        .await?
    {
        let same = w.birth_date == s.birth_date && fold(&w.full_name) == fold(&s.full_name);
        return Ok(same.then_some(w.id));
    }
    let old_code = &s.citizen_id.as_str()[1..3];
    let Some(old) = old_province::Entity::find_by_id(old_code.to_owned())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let created = worker::ActiveModel {
        citizen_id: Set(s.citizen_id.as_str().to_owned()),
        full_name: Set(s.full_name.clone()),
        birth_date: Set(s.birth_date),
        sex: Set(s.sex.as_str().to_owned()),
        phone: Set(s.phone.as_str().to_owned()),
        email: Set(Some(s.email.as_str().to_owned())),
        province_code: Set(old.new_code.clone()),
        old_province_code: Set(Some(old.code.clone())),
        ethnicity: Set(String::new()),
        household: Set("unknown".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(Some(created.id))
}
