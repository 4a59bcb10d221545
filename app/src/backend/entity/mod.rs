//! sea-orm entities: one file per table, mirroring what `migration/` creates.

pub mod agency;
pub mod case;
pub mod job_order;
pub mod licence_event;
pub mod market;
pub mod market_suspension;
pub mod old_province;
pub mod province;
pub mod worker;
