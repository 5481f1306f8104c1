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
//! - [`observe_link`] requests one link as its kind needs (enclosures: `HEAD` and a byte range;
//!   artwork: the first bytes; transcripts: the body, capped) and returns what the server
//!   answered as a [`LinkResult`], a plain core value;
//! - [`check_links`] observes each distinct URL once, with a global and a per-host concurrency
//!   limit and retries on 429/503, and has the core's judge ([`crate::validate::judge`]) turn
//!   each result into findings. Every broken link is a
//!   [`Diagnostic`](crate::diagnostic::Diagnostic), never an error;
//! - [`runtime`] starts the one async runtime of a command, on which its client's requests run
//!   (`validate`'s checks, `build`'s pings).
//!
//! Private addresses ([`is_private`]) are refused only when the caller asks
//! ([`LinkOptions::refuse_private`], for the links of a feed that is itself public): validating
//! a feed on 127.0.0.1 must work (DESIGN.md pitfalls). For a public feed, `validate` also
//! refuses a redirect to a private address ([`FetchOptions::refuse_private`]) and resolves names
//! through a [`Guard`] ([`guarded_client`]), which drops private addresses after DNS, so the
//! fetch cannot be turned inward; `--allow-private` lifts both.

mod cache;
mod client;
mod fetch;
mod links;
mod observe;
mod request;
mod resolve;
mod retry;

pub use cache::{Cache, CacheEntry, CacheError, read_cache, write_cache};
pub use client::{Clients, USER_AGENT, client, guarded_client, runtime};
pub use fetch::{FeedBody, FetchError, FetchOptions, Fetched, fetch_feed};
pub use links::{LinkOptions, check_links, check_links_timed, observe_link};
// The targets, the results and the address check are core values (`validate`); re-exported so
// callers of `check_links` find them beside it.
pub use crate::validate::judge::{LinkResult, is_private};
pub use crate::validate::links::{LinkKind, LinkTarget};
pub use request::Hop;
pub use resolve::Guard;
pub use retry::{RetryPolicy, parse_retry_after};
