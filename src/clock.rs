//! The clock, read at the edge only. `PODFEED_NOW` (RFC 3339) overrides the system clock so that
//! cron behaviour (scheduled episodes) can be tested and reproduced; `SOURCE_DATE_EPOCH` pins the
//! feed's `lastBuildDate` for reproducible builds.

use anyhow::Context;
use chrono::{DateTime, Utc};

/// The current time: `PODFEED_NOW` when set, else the system clock.
pub fn now_from_env() -> anyhow::Result<DateTime<Utc>> {
    match std::env::var("PODFEED_NOW") {
        Ok(v) => DateTime::parse_from_rfc3339(v.trim())
            .map(|t| t.with_timezone(&Utc))
            .with_context(|| {
                format!("PODFEED_NOW={v:?} is not an RFC 3339 time such as 2024-08-07T09:00:00Z")
            }),
        Err(_) => Ok(Utc::now()),
    }
}

/// `SOURCE_DATE_EPOCH` as a time, when set (reproducible-builds.org convention).
pub fn source_date_epoch() -> anyhow::Result<Option<DateTime<Utc>>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => {
            let secs: i64 = v.trim().parse().with_context(|| {
                format!("SOURCE_DATE_EPOCH={v:?} is not a whole number of seconds")
            })?;
            DateTime::from_timestamp(secs, 0)
                .map(Some)
                .with_context(|| format!("SOURCE_DATE_EPOCH={v:?} is out of range"))
        }
        Err(_) => Ok(None),
    }
}
