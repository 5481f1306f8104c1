//! Edge: the output folder on disk, made safe to rebuild from cron every few minutes.
//!
//! - [`Lock`]: one build per output folder at a time (`.podfeed.lock`, an `flock`).
//! - [`publish`]: writes an [`Output`](crate::render::Output) atomically (temporary file, fsync,
//!   rename), rewrites nothing that did not change, writes transcripts before the feeds that link
//!   them, removes what podfeed published before and no longer produces, and never touches a file
//!   it did not publish.
//! - [`Manifest`]: `.podfeed-manifest`, the record of what was published, from which input and
//!   by which podfeed version; its answers, handed to the builder as plain data
//!   ([`Manifest::published`]), let it skip re-rendering what did not change and keep a feed's
//!   `lastBuildDate`; it keeps pings that still have to be sent; `.podfeed-intent` exists
//!   while a build writes, listing what it is about to write.
//! - [`notify`]: WebSub and Podcast Index pings after a feed changed.
//!
//! A typical build holds the lock around the whole read–render–publish cycle:
//!
//! ```no_run
//! # fn main() -> anyhow::Result<()> {
//! use std::path::Path;
//! use podfeed::render::Output;
//! use podfeed::site::{self, Lock, Manifest, PublishOptions};
//!
//! let out = Path::new("public");
//! let _lock = Lock::acquire(out, None)?;           // exit code 3 on LockError::Held
//! let previous = Manifest::load(out);               // previous.published(..) tells the build
//! let mut output = Output::default();
//! output.insert("show/feed.xml", "<rss/>");
//! let report = site::publish(out, &output, &PublishOptions::default())?;
//! println!("{} written, {} unchanged", report.written.len(), report.unchanged.len());
//! # Ok(()) }
//! ```

// One-way: `atomic`, `listing` and `lock` name no sibling; `manifest` builds on `atomic` and
// `listing`; `fingerprint` on `atomic`, `listing` and `lock`; `publish` on `atomic`, `lock` and
// `manifest`.
mod atomic;
pub mod fingerprint;
pub mod listing;
mod lock;
mod manifest;
pub mod notify;
mod publish;
mod sorted;

pub use atomic::{TMP_PREFIX, write_atomic};
pub use fingerprint::FINGERPRINT_FILE;
pub use lock::{LOCK_FILE, Lock, LockError};
pub use manifest::{INTENT_FILE, LEGACY_FILES, MANIFEST_FILE, Manifest, ManifestEntry};
// The hash is computed by the (pure) build; re-exported for the callers that fill a manifest.
pub use crate::hash::input_hash;
pub use publish::{PublishOptions, PublishReport, publish, publish_with};
