//! The conditional-request cache: the `ETag` and `Last-Modified` a server sent for a feed, kept
//! between runs in a small JSON file so that the next fetch can ask "changed since?" (RFC 9110 §13).
//!
//! An entry also says when, and with which checks, the feed was last checked in full, so that
//! the caller can tell whether a `304` still vouches for what it is about to check (see
//! `cli/validate/cache.rs`).
//!
//! [`CacheEntry`] and [`Cache`] are plain values; [`read_cache`] and [`write_cache`] are the only
//! functions touching the disk, and writing is atomic (a temporary file renamed into place).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use url::Url;

/// What a server said about one feed URL, enough to make the next request conditional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheEntry {
    /// The `ETag` response header, sent back as `If-None-Match`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` response header, sent back as `If-Modified-Since`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// The clock's value of the run that checked this version of the feed; `None` (an entry
    /// written before this field existed, or not yet stamped) vouches for nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_at: Option<DateTime<Utc>>,
    /// What that run checked, in names the caller chooses (e.g. `links`, `profile:apple`): a
    /// later run that checks something not listed here cannot rely on the entry.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub checks: BTreeSet<String>,
}

impl CacheEntry {
    /// Whether the entry can make a request conditional at all.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// Cache entries by the feed URL the user asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cache {
    /// Entries keyed by URL, sorted so the file is stable.
    pub feeds: BTreeMap<String, CacheEntry>,
}

impl Cache {
    /// The entry for `url`, if any.
    pub fn get(&self, url: &Url) -> Option<&CacheEntry> {
        self.feeds.get(url.as_str())
    }

    /// Records the entry for `url`; an empty entry removes it (nothing to be conditional on).
    pub fn set(&mut self, url: &Url, entry: CacheEntry) {
        if entry.is_empty() {
            self.feeds.remove(url.as_str());
        } else {
            self.feeds.insert(url.as_str().to_owned(), entry);
        }
    }
}

/// A cache file that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// Reading, writing or renaming the file failed.
    #[error("cache file {path}: {source}")]
    Io {
        /// The cache file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not the JSON this module writes.
    #[error("cache file {path}: line {line}, column {column}: {message}")]
    Json {
        /// The cache file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was expected.
        message: String,
    },
}

/// Reads the cache at `path`; a missing file is an empty cache (first run).
pub fn read_cache(path: &Path) -> Result<Cache, CacheError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Cache::default()),
        Err(source) => {
            return Err(CacheError::Io {
                path: path.display().to_string(),
                source,
            });
        }
    };
    serde_json::from_str(&text).map_err(|e| CacheError::Json {
        path: path.display().to_string(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// Writes `cache` to `path` atomically: readers see the old file or the new one, never half.
pub fn write_cache(path: &Path, cache: &Cache) -> Result<(), CacheError> {
    let io = |source| CacheError::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let json = serde_json::to_string_pretty(cache).map_err(|e| io(std::io::Error::other(e)))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(json.as_bytes()).map_err(io)?;
    tmp.write_all(b"\n").map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("https://example.com/feed.xml").expect("valid URL")
    }

    #[test]
    fn cache_round_trips_through_its_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("cache.json");
        assert_eq!(
            read_cache(&path).expect("missing is empty"),
            Cache::default()
        );
        let mut cache = Cache::default();
        let entry = CacheEntry {
            etag: Some("\"abc\"".into()),
            last_modified: None,
            checked_at: Some(DateTime::<Utc>::UNIX_EPOCH),
            checks: BTreeSet::from(["links".to_owned()]),
        };
        cache.set(&url(), entry.clone());
        write_cache(&path, &cache).expect("write");
        let back = read_cache(&path).expect("read");
        assert_eq!(back.get(&url()), Some(&entry));
    }

    #[test]
    fn a_corrupt_cache_names_the_file_and_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("cache.json");
        std::fs::write(&path, "{\n  \"feeds\": [").expect("write");
        let err = read_cache(&path).expect_err("corrupt");
        let text = err.to_string();
        assert!(
            text.contains("cache.json") && text.contains("line 2"),
            "{text}"
        );
    }

    #[test]
    fn an_empty_entry_is_removed() {
        let mut cache = Cache::default();
        cache.set(
            &url(),
            CacheEntry {
                etag: Some("x".into()),
                ..CacheEntry::default()
            },
        );
        cache.set(&url(), CacheEntry::default());
        assert!(cache.feeds.is_empty());
    }
}
