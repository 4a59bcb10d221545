//! sea-orm entities: one file per table, mirroring what `migration/` creates.

pub mod agency;
pub mod attachment;
pub mod audit_head;
pub mod audit_log;
pub mod case;
pub mod case_event;
pub mod claim_code;
pub mod claim_dispute;
pub mod departure_list;
pub mod import_job;
pub mod job_order;
pub mod legal_rule;
pub mod licence_event;
pub mod market;
pub mod market_suspension;
pub mod occupation;
pub mod old_province;
pub mod one_time_token;
pub mod outbox;
pub mod province;
pub mod recovery_code;
pub mod session;
pub mod sign_in_failure;
pub mod signup_request;
pub mod user;
pub mod worker;
