//! Edge: fetching feeds and checking the links they hold (reqwest on tokio).
//!
//! The public surface is small:
//!
//! - [`client`] builds the one `reqwest::Client` of a run from `[validate]` (timeouts, no
//!   automatic redirects, `User-Agent: podfeed/VERSION`);
//! - [`fetch_feed`] fetches a published feed: redirects are followed here and reported
//!   (`fetch.redirect.temporary`, `fetch.redirect.permanent`), the body is capped at
//!   `max_feed_bytes` while it streams, the Content-Type is checked (`fetch.content-type`), and a
//!   [`CacheEntry`] makes the request conditional so that an unchanged feed is
//!   [`Fetched::NotModified`]. Anything that leaves no feed is a [`FetchError`] (exit 4);
//! - [`read_cache`] / [`write_cache`] keep the cache entries between runs in a JSON file;
//! - [`check_links`] checks enclosures (`HEAD`, byte ranges, length, type), artwork (format,
//!   size, colour space) and transcripts (type, plus the caller's [`TranscriptCheck`]), each
//!   distinct URL once, with a global and a per-host concurrency limit, and retries on 429/503.
//!   Every broken link is a [`Diagnostic`](crate::diagnostic::Diagnostic), never an error.
//!
//! Private addresses ([`is_private`]) are refused only when the caller asks
//! ([`LinkOptions::refuse_private`], for the links of a feed that is itself public): validating
//! a feed on 127.0.0.1 must work (DESIGN.md pitfalls).

mod artwork;
mod cache;
mod client;
mod enclosure;
mod fetch;
mod link_request;
mod links;
mod outcome;
mod private;
mod request;
mod retry;
mod transcript_link;

pub use artwork::{MAX_SIDE, MIN_SIDE, check_image};

pub use cache::{Cache, CacheEntry, CacheError, read_cache, write_cache};
pub use client::{USER_AGENT, client};
pub use fetch::{FeedBody, FetchError, FetchOptions, Fetched, fetch_feed};
pub use links::{LinkOptions, check_links};
// The targets are core values (listed by `validate`); re-exported so callers of `check_links`
// find them beside it.
pub use crate::validate::links::{LinkKind, LinkTarget, TranscriptCheck, TranscriptIssue};
pub use private::is_private;
pub use request::Hop;
pub use retry::{RetryPolicy, parse_retry_after};
