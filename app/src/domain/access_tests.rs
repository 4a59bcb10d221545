//! The access policy's answers, role by role and record by record.

use super::*;

fn actor(role: Role) -> Actor {
    Actor {
        user_id: 10,
        role,
        agency_id: role.is_agency().then_some(1),
        head_office: role == Role::AgencyAdmin,
        province_code: (role == Role::ProvincialOfficer).then(|| "01".to_owned()),
        worker_id: (role == Role::Worker).then_some(100),
    }
}

fn case(agency_id: i32, worker_id: i32, province: &str) -> CaseFacts {
    CaseFacts {
        agency_id,
        worker_id,
        worker_province: province.to_owned(),
    }
}

#[test]
fn an_agency_sees_its_own_cases_and_never_another_agencys() {
    for role in [Role::AgencyAdmin, Role::AgencyStaff] {
        let a = actor(role);
        assert_eq!(
            decide(Some(&a), Action::ViewCase, Target::Case(&case(1, 5, "79"))),
            Decision::Allow
        );
        assert_eq!(
            decide(Some(&a), Action::ViewCase, Target::Case(&case(2, 5, "79"))),
            Decision::Deny
        );
    }
}

#[test]
fn a_provincial_officer_sees_only_workers_from_the_province() {
    let a = actor(Role::ProvincialOfficer);
    assert_eq!(
        decide(Some(&a), Action::ViewCase, Target::Case(&case(3, 5, "01"))),
        Decision::Allow
    );
    assert_eq!(
        decide(Some(&a), Action::ViewCase, Target::Case(&case(3, 5, "79"))),
        Decision::Deny
    );
}

#[test]
fn support_is_recorded_by_the_workers_province_and_seen_by_the_worker_and_overseers() {
    let own = WorkerFacts {
        worker_id: 100,
        province: "01".to_owned(),
    };
    let other = WorkerFacts {
        worker_id: 101,
        province: "79".to_owned(),
    };
    let may = |role, action, w: &WorkerFacts| {
        decide(Some(&actor(role)), action, Target::Worker(w)) == Decision::Allow
    };
    for role in Role::ALL {
        assert_eq!(
            may(role, Action::ManageSupport, &own),
            role == Role::ProvincialOfficer,
            "{role:?}"
        );
        assert!(!may(role, Action::ManageSupport, &other), "{role:?}");
        assert_eq!(
            may(role, Action::ViewSupport, &own),
            matches!(
                role,
                Role::Worker | Role::ProvincialOfficer | Role::NationalOfficer | Role::Inspector
            ),
            "{role:?}"
        );
        assert_eq!(
            may(role, Action::ViewSupport, &other),
            matches!(role, Role::NationalOfficer | Role::Inspector),
            "{role:?}"
        );
    }
    let officer = actor(Role::ProvincialOfficer);
    assert_eq!(
        decide(
            Some(&officer),
            Action::ManageSupport,
            Target::Case(&case(3, 5, "79"))
        ),
        Decision::Deny
    );
    assert_eq!(
        decide(None, Action::ViewSupport, Target::Worker(&own)),
        Decision::Deny
    );
}

#[test]
fn a_worker_sees_only_their_own_case() {
    let a = actor(Role::Worker);
    assert_eq!(
        decide(
            Some(&a),
            Action::ViewCase,
            Target::Case(&case(3, 100, "01"))
        ),
        Decision::Allow
    );
    assert_eq!(
        decide(
            Some(&a),
            Action::ViewCase,
            Target::Case(&case(3, 101, "01"))
        ),
        Decision::Deny
    );
}

#[test]
fn nobody_signed_out_gets_past_the_public_pages() {
    assert_eq!(
        decide(None, Action::Public, Target::Nothing),
        Decision::Allow
    );
    assert_eq!(
        decide(None, Action::OwnAccount, Target::Nothing),
        Decision::Deny
    );
    assert_eq!(
        decide(None, Action::ViewCase, Target::Case(&case(1, 1, "01"))),
        Decision::Deny
    );
    let c = case(1, 1, "01");
    let u = UserFacts {
        user_id: 1,
        role: Role::AgencyStaff,
        agency_id: Some(1),
    };
    let targets = [
        Target::Nothing,
        Target::Case(&c),
        Target::User(&u),
        Target::Agency(1),
    ];
    let actions = [
        Action::OwnAccount,
        Action::ViewCase,
        Action::ListAgencyCases,
        Action::ListUsers,
        Action::Invite(Role::AgencyStaff),
        Action::Invite(Role::AgencyAdmin),
        Action::SetUserStatus,
        Action::ViewAudit,
        Action::ManageOrders,
        Action::ViewAgencyWork,
        Action::DecideOrders,
        Action::Apply,
        Action::ChangeCase,
        Action::ManageCases,
        Action::EditRules,
    ];
    for action in actions {
        for target in targets {
            assert_eq!(
                decide(None, action, target),
                Decision::Deny,
                "{action:?} on {target:?}"
            );
        }
    }
}

#[test]
fn agency_admins_invite_only_staff_of_their_own_agency() {
    let a = actor(Role::AgencyAdmin);
    assert_eq!(
        decide(
            Some(&a),
            Action::Invite(Role::AgencyStaff),
            Target::Agency(1)
        ),
        Decision::Allow
    );
    assert_eq!(
        decide(
            Some(&a),
            Action::Invite(Role::AgencyStaff),
            Target::Agency(2)
        ),
        Decision::Deny
    );
    assert_eq!(
        decide(
            Some(&a),
            Action::Invite(Role::AgencyAdmin),
            Target::Agency(1)
        ),
        Decision::Deny
    );
    assert_eq!(
        decide(Some(&a), Action::Invite(Role::Inspector), Target::Nothing),
        Decision::Deny
    );
}

#[test]
fn no_one_disables_their_own_account() {
    let a = actor(Role::SystemAdmin);
    let me = UserFacts {
        user_id: 10,
        role: Role::SystemAdmin,
        agency_id: None,
    };
    assert_eq!(
        decide(Some(&a), Action::SetUserStatus, Target::User(&me)),
        Decision::Deny
    );
    // The same administrator may disable someone else, so the refusal is about the self.
    let other = UserFacts { user_id: 11, ..me };
    assert_eq!(
        decide(Some(&a), Action::SetUserStatus, Target::User(&other)),
        Decision::Allow
    );
    let head = actor(Role::AgencyAdmin);
    // An agency administrator's own account, seen as staff of the agency (the role it may
    // change): refused for being the self, since another such account is allowed.
    let head_self = UserFacts {
        user_id: 10,
        role: Role::AgencyStaff,
        agency_id: Some(1),
    };
    assert_eq!(
        decide(Some(&head), Action::SetUserStatus, Target::User(&head_self)),
        Decision::Deny
    );
    let staff = UserFacts {
        user_id: 11,
        ..head_self
    };
    assert_eq!(
        decide(Some(&head), Action::SetUserStatus, Target::User(&staff)),
        Decision::Allow
    );
}

#[test]
fn only_the_head_office_manages_job_orders_and_only_dolab_decides_them() {
    let admin = actor(Role::AgencyAdmin);
    let mut branch = actor(Role::AgencyStaff);
    branch.head_office = false;
    assert_eq!(
        decide(Some(&admin), Action::ManageOrders, Target::Agency(1)),
        Decision::Allow
    );
    assert_eq!(
        decide(Some(&admin), Action::ManageOrders, Target::Agency(2)),
        Decision::Deny
    );
    assert_eq!(
        decide(Some(&branch), Action::ManageOrders, Target::Agency(1)),
        Decision::Deny
    );
    assert_eq!(
        decide(Some(&admin), Action::DecideOrders, Target::Nothing),
        Decision::Deny
    );
    assert_eq!(
        decide(
            Some(&actor(Role::NationalOfficer)),
            Action::DecideOrders,
            Target::Nothing
        ),
        Decision::Allow
    );
}

#[test]
fn agency_staff_cannot_change_another_agencys_case_and_inspectors_change_none() {
    let a = actor(Role::AgencyStaff);
    assert_eq!(
        decide(
            Some(&a),
            Action::ChangeCase,
            Target::Case(&case(2, 5, "79"))
        ),
        Decision::Deny
    );
    assert_eq!(
        decide(
            Some(&actor(Role::Inspector)),
            Action::ChangeCase,
            Target::Case(&case(1, 5, "79"))
        ),
        Decision::Deny
    );
}

#[test]
fn the_system_administrator_sees_no_case_data() {
    let a = actor(Role::SystemAdmin);
    assert_eq!(
        decide(Some(&a), Action::ViewCase, Target::Case(&case(1, 1, "01"))),
        Decision::Deny
    );
}

fn complaint(agency_id: i32, denunciation: bool, level: u8) -> ComplaintFacts {
    ComplaintFacts {
        agency_id,
        denunciation,
        level,
        filer_user_id: Some(10),
        worker_province: Some("01".to_owned()),
        against_sanction: false,
    }
}

#[test]
fn an_agencys_complaint_against_a_sanction_is_filed_by_its_head_office_and_answered_by_the_inspectors_then_the_ministry(
) {
    let admin = actor(Role::AgencyAdmin);
    let file = |a: &Actor, agency| {
        decide(Some(a), Action::FileComplaint, Target::Agency(agency)) == Decision::Allow
    };
    assert!(file(&admin, 1));
    assert!(!file(&admin, 2), "not for another agency");
    let branch = Actor {
        head_office: false,
        ..admin.clone()
    };
    assert!(!file(&branch, 1), "not from a branch");
    assert!(!file(&actor(Role::Worker), 1));
    let mut c = complaint(1, false, 1);
    c.against_sanction = true;
    let handle = |a: &Actor, c: &ComplaintFacts| {
        decide(Some(a), Action::HandleComplaint, Target::Complaint(c)) == Decision::Allow
    };
    assert!(
        !handle(&admin, &c),
        "the agency does not judge its own complaint"
    );
    assert!(handle(&actor(Role::Inspector), &c));
    assert!(!handle(&actor(Role::NationalOfficer), &c));
    c.level = 2;
    assert!(handle(&actor(Role::NationalOfficer), &c));
    assert!(!handle(&actor(Role::Inspector), &c));
    assert_eq!(
        decide(Some(&admin), Action::ViewComplaints, Target::Complaint(&c)),
        Decision::Allow
    );
    // Any of its head office takes it further, whoever filed it; not a branch, not a rival.
    let colleague = Actor {
        user_id: 99,
        ..admin.clone()
    };
    let follow = |a: &Actor| {
        decide(Some(a), Action::FollowComplaint, Target::Complaint(&c)) == Decision::Allow
    };
    assert!(follow(&colleague));
    assert!(!follow(&Actor {
        head_office: false,
        ..colleague.clone()
    }));
    assert!(!follow(&Actor {
        agency_id: Some(2),
        ..colleague.clone()
    }));
    // An agency has no remote area.
    assert_eq!(
        decide(
            Some(&actor(Role::Inspector)),
            Action::MarkComplaintRemote,
            Target::Complaint(&c)
        ),
        Decision::Deny
    );
}

#[test]
fn an_agency_answers_the_first_level_of_a_complaint_against_it_and_never_sees_a_denunciation() {
    let admin = actor(Role::AgencyAdmin);
    let mine = complaint(1, false, 1);
    let can = |a: &Actor, action, c: &ComplaintFacts| {
        decide(Some(a), action, Target::Complaint(c)) == Decision::Allow
    };
    assert!(can(&admin, Action::ViewComplaints, &mine));
    assert!(can(&admin, Action::HandleComplaint, &mine));
    assert!(!can(
        &admin,
        Action::HandleComplaint,
        &complaint(1, false, 2)
    ));
    assert!(!can(
        &admin,
        Action::ViewComplaints,
        &complaint(2, false, 1)
    ));
    assert!(!can(&admin, Action::ViewComplaints, &complaint(1, true, 1)));
    let branch = Actor {
        head_office: false,
        ..actor(Role::AgencyStaff)
    };
    assert!(!can(&branch, Action::HandleComplaint, &mine));
    let inspector = actor(Role::Inspector);
    assert!(can(
        &inspector,
        Action::HandleComplaint,
        &complaint(1, false, 2)
    ));
    assert!(can(
        &inspector,
        Action::HandleComplaint,
        &complaint(1, true, 1)
    ));
    assert!(!can(&inspector, Action::HandleComplaint, &mine));
}

#[test]
fn only_the_filer_follows_a_complaint_and_the_province_marks_its_own_remote() {
    let worker = actor(Role::Worker);
    let c = complaint(1, false, 1);
    assert_eq!(
        decide(
            Some(&worker),
            Action::FollowComplaint,
            Target::Complaint(&c)
        ),
        Decision::Allow
    );
    let other = Actor {
        user_id: 11,
        ..actor(Role::Worker)
    };
    assert_eq!(
        decide(Some(&other), Action::ViewComplaints, Target::Complaint(&c)),
        Decision::Deny
    );
    let officer = actor(Role::ProvincialOfficer);
    assert_eq!(
        decide(
            Some(&officer),
            Action::MarkComplaintRemote,
            Target::Complaint(&c)
        ),
        Decision::Allow
    );
    let elsewhere = ComplaintFacts {
        worker_province: Some("79".to_owned()),
        ..c.clone()
    };
    assert_eq!(
        decide(
            Some(&officer),
            Action::MarkComplaintRemote,
            Target::Complaint(&elsewhere)
        ),
        Decision::Deny
    );
    let unknown = ComplaintFacts {
        worker_province: None,
        ..c
    };
    assert_eq!(
        decide(
            Some(&officer),
            Action::ViewComplaints,
            Target::Complaint(&unknown)
        ),
        Decision::Deny
    );
}
