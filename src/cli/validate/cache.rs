//! Conditional requests across runs: the `ETag`/`Last-Modified` of each feed URL is kept in a
//! cache file (`--cache FILE`, default `.podfeed-cache.json` beside the config file). An
//! unchanged feed (`304`) is reported as "unchanged since last run" and not checked again.
//!
//! Two guards keep that honest: an entry is stored only after a run that found no errors (so a
//! broken feed is re-checked every time), and it is not used when the show's records changed
//! after the cache file was written (a feed that did not change while the records did is
//! exactly what `compare.feed.stale` is for).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use url::Url;

use super::check::Outcome;
use crate::diagnostic::Summary;
use crate::http::{self, Cache, CacheEntry};

/// The cache file's entries and when the file was last written.
pub(super) struct FeedCache {
    path: PathBuf,
    entries: Cache,
    written: Option<SystemTime>,
}

impl FeedCache {
    /// Reads the cache at `path`; an unreadable cache is reported and replaced, never a reason
    /// to stop monitoring.
    pub(super) fn load(path: &Path) -> Self {
        let (entries, written) = match http::read_cache(path) {
            Ok(c) => (c, std::fs::metadata(path).and_then(|m| m.modified()).ok()),
            Err(e) => {
                eprintln!("warning: {e}; starting a new cache");
                (Cache::default(), None)
            }
        };
        FeedCache {
            path: path.to_owned(),
            entries,
            written,
        }
    }

    /// The entry to make the request for `url` conditional with, unless the records (changed
    /// at `records_modified`) are newer than the cache.
    pub(super) fn conditional(
        &self,
        url: &Url,
        records_modified: Option<SystemTime>,
    ) -> Option<&CacheEntry> {
        let records_newer = records_modified.is_some_and(|m| self.written.is_none_or(|w| m > w));
        if records_newer {
            None
        } else {
            self.entries.get(url)
        }
    }

    /// Stores what the run learnt and writes the file when any feed was fetched; a file that
    /// cannot be written is a warning.
    pub(super) fn save(mut self, outcomes: &[Outcome]) {
        if self.update(outcomes)
            && let Err(e) = http::write_cache(&self.path, &self.entries)
        {
            eprintln!("warning: {e}");
        }
    }

    /// Stores each fetched feed's entry; true when any feed was fetched.
    fn update(&mut self, outcomes: &[Outcome]) -> bool {
        let mut fetched = false;
        for o in outcomes {
            match o {
                Outcome::Checked {
                    diagnostics,
                    cache: Some((url, entry)),
                    ..
                } => {
                    fetched = true;
                    // A feed with errors must be checked in full next time too.
                    if Summary::of(diagnostics).errors == 0 {
                        self.entries.set(url, entry.clone());
                    } else {
                        self.entries.set(url, CacheEntry::default());
                    }
                }
                Outcome::Unchanged { .. } => fetched = true,
                Outcome::Checked { .. } | Outcome::Failed { .. } => {}
            }
        }
        fetched
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn cache(written: Option<SystemTime>) -> (FeedCache, Url) {
        let url = Url::parse("https://h.example/feed.xml").expect("url");
        let mut entries = Cache::default();
        entries.set(
            &url,
            CacheEntry {
                etag: Some("\"v1\"".into()),
                last_modified: None,
            },
        );
        let cache = FeedCache {
            path: PathBuf::from("unused.json"),
            entries,
            written,
        };
        (cache, url)
    }

    #[test]
    fn the_entry_is_used_unless_the_records_changed_after_the_cache_was_written() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let (c, url) = cache(Some(t));
        let etag = |e: Option<&CacheEntry>| e.and_then(|e| e.etag.clone());
        assert_eq!(etag(c.conditional(&url, None)).as_deref(), Some("\"v1\""));
        let older = t - Duration::from_secs(60);
        assert!(c.conditional(&url, Some(older)).is_some());
        let newer = t + Duration::from_secs(60);
        assert!(c.conditional(&url, Some(newer)).is_none());
        // A cache whose age is unknown cannot vouch for records of a known age.
        let (c, url) = cache(None);
        assert!(c.conditional(&url, Some(older)).is_none());
    }

    #[test]
    fn a_feed_with_errors_is_not_cached_and_a_file_alone_writes_nothing() {
        let (mut c, url) = cache(None);
        let read_file = [Outcome::Checked {
            name: "f.xml".into(),
            text: String::new(),
            diagnostics: Vec::new(),
            cache: None,
        }];
        assert!(!c.update(&read_file));
        let broken = [Outcome::Checked {
            name: url.to_string(),
            text: String::new(),
            diagnostics: vec![crate::diagnostic::Diagnostic::error("xml.malformed", "m")],
            cache: Some((
                url.clone(),
                CacheEntry {
                    etag: Some("\"v2\"".into()),
                    last_modified: None,
                },
            )),
        }];
        assert!(c.update(&broken));
        // The old entry is dropped too: the next run fetches the feed whole.
        assert!(c.entries.get(&url).is_none());
    }
}
