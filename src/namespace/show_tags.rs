//! Values of the show-level tags (SPEC.md §5.2): `podcast:remoteItem feedGuid`,
//! `podcast:liveItem` status and times, `podcast:block` and the like.

/// `feedGuid`: the remote feed's `podcast:guid`, a UUID (8-4-4-4-12 hex digits).
pub fn feed_guid(s: &str) -> Result<uuid::Uuid, String> {
    let t = s.trim();
    (t.len() == 36)
        .then(|| uuid::Uuid::try_parse(t).ok())
        .flatten()
        .ok_or_else(|| "expected a UUID such as 917393e3-1b1e-5cef-ace4-edaa54e1f810".to_owned())
}

/// The state of a live item: `status` of `podcast:liveItem`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LiveStatus {
    /// Announced, not started.
    Pending,
    /// On air.
    Live,
    /// Over.
    Ended,
}

impl LiveStatus {
    /// The value written in the feed.
    pub fn as_str(self) -> &'static str {
        match self {
            LiveStatus::Pending => "pending",
            LiveStatus::Live => "live",
            LiveStatus::Ended => "ended",
        }
    }
}

/// A live item's `start` or `end`: an ISO 8601 date-time with a zone, the offset written
/// `+HH:MM`, `+HHMM` (as the tag's own example, `2021-09-26T07:30:00.000-0600`) or `Z`.
pub fn live_time(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    let t = s.trim();
    chrono::DateTime::parse_from_rfc3339(t)
        .or_else(|_| chrono::DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .map_err(|_| {
            "expected an ISO 8601 date-time with a zone, such as 2025-01-06T08:00:00Z".to_owned()
        })
}

/// A live item's `start` and `end` together: the end after the start.
pub fn live_span(start: &str, end: &str) -> Result<(), String> {
    let (s, e) = (live_time(start)?, live_time(end)?);
    if e > s {
        Ok(())
    } else {
        Err(format!("end {end:?} is not after start {start:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_guids_and_live_times() {
        assert!(feed_guid("917393e3-1b1e-5cef-ace4-edaa54e1f810").is_ok());
        assert!(feed_guid("917393e31b1e5cefaceedaa54e1f810").is_err());
        assert!(feed_guid("https://example.com/feed.xml").is_err());
        assert!(live_time("2021-09-26T07:30:00.000-0600").is_ok());
        assert!(live_time("2021-09-26 07:30").is_err());
        assert!(live_time("2021-09-26T07:30:00.000-06:00").is_ok());
        assert!(live_span("2025-01-06T08:00:00Z", "2025-01-06T09:00:00Z").is_ok());
        assert!(live_span("2025-01-06T08:00:00Z", "2025-01-06T08:00:00Z").is_err());
    }
}
