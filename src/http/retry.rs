//! When to try a request again: `429 Too Many Requests` and `503 Service Unavailable`, after the
//! wait the server asks for in `Retry-After` (RFC 9110 §10.2.3), bounded so a run always ends.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;

/// How often and how long to retry a throttled request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 means never retry.
    pub max_tries: u32,
    /// Wait before the second attempt when the server gives no `Retry-After`; doubled each time.
    pub backoff: Duration,
    /// The longest wait, whatever the server asks: a host asking for an hour gets this.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_tries: 3,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// Whether a response with `status` is worth another try.
    pub fn retries(status: StatusCode) -> bool {
        status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE
    }

    /// The wait before attempt `attempt + 1` (`attempt` counts from 1), given the server's
    /// `Retry-After` value if any and the current time.
    pub fn wait(&self, attempt: u32, retry_after: Option<&str>, now: SystemTime) -> Duration {
        let asked = retry_after.and_then(|v| parse_retry_after(v, now));
        let fallback = self
            .backoff
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
        asked.unwrap_or(fallback).min(self.max_wait)
    }
}

/// A `Retry-After` value as a wait from `now`: either delay-seconds or an HTTP date. A date in the
/// past is no wait; anything else unreadable is `None`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    // IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") is a subset of RFC 2822 dates.
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let when = SystemTime::from(when.with_timezone(&chrono::Utc));
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // 1994-11-06 08:49:37
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn waits_are_capped_and_back_off_without_a_header() {
        let p = RetryPolicy {
            max_tries: 3,
            backoff: Duration::from_millis(100),
            max_wait: Duration::from_secs(2),
        };
        let now = SystemTime::UNIX_EPOCH;
        assert_eq!(p.wait(1, None, now), Duration::from_millis(100));
        assert_eq!(p.wait(2, None, now), Duration::from_millis(200));
        assert_eq!(p.wait(1, Some("3600"), now), Duration::from_secs(2));
        assert_eq!(p.wait(1, Some("1"), now), Duration::from_secs(1));
    }
}
