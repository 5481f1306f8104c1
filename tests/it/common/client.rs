//! The settings of the tests that call the library's HTTP client against a local server: short
//! timeouts, and retries quick enough that a throttled or failing path costs milliseconds.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the helpers"
)]

use std::time::Duration;

use podfeed::config::ValidateConfig;
use podfeed::http::RetryPolicy;

/// The validate settings with one-second timeouts.
pub fn config() -> ValidateConfig {
    ValidateConfig {
        timeout_secs: 1,
        connect_timeout_secs: 1,
        ..ValidateConfig::default()
    }
}

/// Three tries, 10 ms apart at first, never waiting more than 200 ms.
pub fn retry() -> RetryPolicy {
    RetryPolicy {
        max_tries: 3,
        backoff: Duration::from_millis(10),
        max_wait: Duration::from_millis(200),
    }
}
