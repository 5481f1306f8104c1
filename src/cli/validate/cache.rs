//! Conditional requests across runs: the `ETag`/`Last-Modified` of each feed URL is kept in a
//! cache file (`--cache FILE`, default `.podfeed-cache.json` beside the config file). An
//! unchanged feed (`304`) is reported as "unchanged since last run" and not checked again.
//!
//! A `304` says only that the feed's bytes did not change; the findings of checking those bytes
//! can change anyway. So an entry is used only when it vouches for this run ([`vouches`]):
//!
//! - it was stored after a run that found no errors (a broken feed is re-checked every time);
//! - that run checked at least what this one checks ([`checks`]: the profiles, the links, the
//!   comparison with records): a `--no-links` or `--profile apple` run does not excuse a later
//!   full run;
//! - the records did not change after the cache file was written (a feed that did not change
//!   while the records did is exactly what `compare.feed.stale` is for);
//! - no episode became due between that run's clock and this one's: reaching its scheduled time
//!   changes no file, yet the unchanged feed now lacks a due episode. The entry keeps the run's
//!   `now` ([`CacheEntry::checked_at`]), so this holds with a clock set by `PODFEED_NOW` too.
//!
//! With `--db` the entries come from the history instead of the file ([`from_store`]): the last
//! check of each feed keeps its `ETag`, `Last-Modified`, clock and what it covered. Without it the
//! file stays, so validating one feed needs no database.
//!
//! Keeping the feed body to re-check it would also be correct, but costs a copy of every feed on
//! disk; re-fetching in these (rare) cases is simpler.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use url::Url;

use super::plan::Records;
use crate::http::{self, Cache, CacheEntry};
use crate::rules::{Profile, Profiles};

/// The cache file's entries and when the file was last written.
pub(super) struct FeedCache {
    path: PathBuf,
    entries: Cache,
    written: Option<SystemTime>,
}

/// What one target's check leaves for the cache.
pub(super) enum Stored<'a> {
    /// A feed fetched and checked: its URL, the entry the server sent, and whether the check
    /// found errors.
    Fetched {
        url: &'a Url,
        entry: &'a CacheEntry,
        errors: bool,
    },
    /// `304 Not Modified`: the feed was fetched and is unchanged.
    Unchanged,
    /// Nothing fetched: a file, or a fetch that failed.
    Nothing,
}

/// What a run checks of one target: what an entry must vouch for.
pub(super) struct Scope<'a> {
    /// The run's clock.
    pub(super) now: DateTime<Utc>,
    /// The checks made ([`checks`]).
    pub(super) checks: BTreeSet<String>,
    /// The records the feed is compared with, if any.
    pub(super) records: Option<&'a Records>,
}

/// The names of the checks a run makes: one per profile whose rules run, `links` when the links
/// are fetched, `records` when the feed is compared with the records.
pub(super) fn checks(profiles: &Profiles, links: bool, records: bool) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = Profile::ALL
        .into_iter()
        .filter(|p| profiles.has(*p))
        .map(|p| format!("profile:{p}"))
        .collect();
    if links {
        out.insert("links".to_owned());
    }
    if records {
        out.insert("records".to_owned());
    }
    out
}

/// `entry` as stored after a run of `scope` checked the feed it describes.
pub(super) fn stamped(entry: CacheEntry, scope: &Scope<'_>) -> CacheEntry {
    CacheEntry {
        checked_at: Some(scope.now),
        checks: scope.checks.clone(),
        ..entry
    }
}

/// Whether `entry`, in a cache file written at `written`, vouches for a run of `scope` (see the
/// module documentation).
fn vouches(entry: &CacheEntry, scope: &Scope<'_>, written: Option<SystemTime>) -> bool {
    let Some(checked_at) = entry.checked_at else {
        return false;
    };
    // A clock moved back cannot say which episodes were due then and are not now.
    if scope.now < checked_at || !scope.checks.is_subset(&entry.checks) {
        return false;
    }
    let Some(records) = scope.records else {
        return true;
    };
    let records_newer = records
        .modified
        .is_some_and(|m| written.is_none_or(|w| m > w));
    let became_due = records
        .show
        .episodes
        .iter()
        .any(|e| e.published > checked_at && e.published <= scope.now);
    !records_newer && !became_due
}

/// The entry of `url`'s last check in the history, when that check found no errors, the server
/// sent an `ETag` or `Last-Modified`, and the entry vouches for a run of `scope`. The history
/// does not keep when the records last changed, so its checks are stored as covering no
/// comparison with records (`covered`) and vouch for no run that compares them. A history that
/// cannot be read is a warning: the feed is fetched whole.
pub(super) async fn from_store(
    store: &crate::cli::store::Store,
    url: &Url,
    scope: &Scope<'_>,
) -> Option<CacheEntry> {
    let check = match store.last_checked(url.as_str()).await {
        Ok(check) => check?,
        Err(e) => {
            eprintln!("warning: {e:#}");
            return None;
        }
    };
    let entry = CacheEntry {
        etag: check.etag,
        last_modified: check.last_modified,
        checked_at: DateTime::parse_from_rfc3339(&check.checked_at)
            .ok()
            .map(|t| t.with_timezone(&Utc)),
        checks: check
            .covered
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    };
    let fits = check.counts[0] == 0 && !entry.is_empty() && vouches(&entry, scope, None);
    fits.then_some(entry)
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

    /// No entries, for a run that keeps no cache (`--list`: the file would grow with the list).
    pub(super) fn none() -> Self {
        FeedCache {
            path: PathBuf::new(),
            entries: Cache::default(),
            written: None,
        }
    }

    /// The entry to make the request for `url` conditional with, when it vouches for a run of
    /// `scope`.
    pub(super) fn conditional(&self, url: &Url, scope: &Scope<'_>) -> Option<&CacheEntry> {
        self.entries
            .get(url)
            .filter(|e| vouches(e, scope, self.written))
    }

    /// Stores what the run learnt and writes the file when any feed was fetched; a file that
    /// cannot be written is a warning.
    pub(super) fn save<'a>(mut self, stored: impl IntoIterator<Item = Stored<'a>>) {
        if self.update(stored)
            && let Err(e) = http::write_cache(&self.path, &self.entries)
        {
            eprintln!("warning: {e}");
        }
    }

    /// Stores each fetched feed's entry; true when any feed was fetched.
    fn update<'a>(&mut self, stored: impl IntoIterator<Item = Stored<'a>>) -> bool {
        let mut fetched = false;
        for s in stored {
            match s {
                Stored::Fetched { url, entry, errors } => {
                    fetched = true;
                    // A feed with errors must be checked in full next time too.
                    if errors {
                        self.entries.set(url, CacheEntry::default());
                    } else {
                        self.entries.set(url, entry.clone());
                    }
                }
                Stored::Unchanged => fetched = true,
                Stored::Nothing => {}
            }
        }
        fetched
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("test date")
            .with_timezone(&Utc)
    }

    fn entry(checked_at: &str, checks: &BTreeSet<String>) -> CacheEntry {
        CacheEntry {
            etag: Some("\"v1\"".into()),
            checked_at: Some(at(checked_at)),
            checks: checks.clone(),
            ..CacheEntry::default()
        }
    }

    fn records(episode_times: &[&str], modified: Option<SystemTime>) -> Records {
        let url = Url::parse("https://p.example/s/feed.xml").expect("url");
        let show = "title = \"S\"\ndescription = \"D\"\nlink = \"https://p.example\"\n\
                    language = \"en\"\nauthor = \"A\"\nimage = \"https://p.example/c.jpg\"\n\
                    categories = [\"Technology\"]\n";
        let source = crate::toml_file::SourceFile {
            name: "show.toml",
            text: show,
        };
        let mut show = crate::records::parse_show(&source, "s", &url)
            .expect("show")
            .show;
        for (n, time) in episode_times.iter().enumerate() {
            let text = format!(
                "title = \"e{n}\"\npublished = {time}\n[enclosure]\n\
                 url = \"https://p.example/{n}.mp3\"\nlength = 10\ntype = \"audio/mpeg\"\n"
            );
            let source = crate::toml_file::SourceFile {
                name: "e.toml",
                text: &text,
            };
            let slug = format!("e{n}");
            show.episodes.push(Box::new(
                crate::records::parse_episode(&source, "s", &slug)
                    .expect("episode")
                    .episode,
            ));
        }
        Records { show, modified }
    }

    #[test]
    fn an_entry_vouches_only_for_checks_it_made() {
        let all = checks(&Profiles::all(), true, false);
        let fewer = checks(&Profiles::all(), false, false);
        let scope = |checks: &BTreeSet<String>| Scope {
            now: at("2030-01-01T00:00:00Z"),
            checks: checks.clone(),
            records: None,
        };
        let e = entry("2030-01-01T00:00:00Z", &all);
        assert!(vouches(&e, &scope(&fewer), None));
        let e = entry("2030-01-01T00:00:00Z", &fewer);
        assert!(!vouches(&e, &scope(&all), None));
        // An entry with no stamp (an older cache file) vouches for nothing.
        let unstamped = CacheEntry {
            checked_at: None,
            ..entry("2030-01-01T00:00:00Z", &all)
        };
        assert!(!vouches(&unstamped, &scope(&fewer), None));
    }

    #[test]
    fn an_episode_due_since_the_entry_or_newer_records_make_it_useless() {
        let set = checks(&Profiles::all(), false, true);
        let e = entry("2030-01-01T00:00:00Z", &set);
        let written = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let r = records(&["2029-12-01T00:00:00Z", "2030-01-01T12:00:00Z"], None);
        let scope = |now: &str, records| Scope {
            now: at(now),
            checks: set.clone(),
            records: Some(records),
        };
        assert!(vouches(
            &e,
            &scope("2030-01-01T06:00:00Z", &r),
            Some(written)
        ));
        assert!(!vouches(
            &e,
            &scope("2030-01-01T12:00:00Z", &r),
            Some(written)
        ));
        // A clock moved back before the run that stored the entry.
        assert!(!vouches(
            &e,
            &scope("2029-12-31T00:00:00Z", &r),
            Some(written)
        ));
        let newer = records(&[], Some(written + Duration::from_secs(60)));
        assert!(!vouches(
            &e,
            &scope("2030-01-01T06:00:00Z", &newer),
            Some(written)
        ));
        let older = records(&[], Some(written - Duration::from_secs(60)));
        assert!(vouches(
            &e,
            &scope("2030-01-01T06:00:00Z", &older),
            Some(written)
        ));
        // A cache whose age is unknown cannot vouch for records of a known age.
        assert!(!vouches(&e, &scope("2030-01-01T06:00:00Z", &older), None));
    }

    #[test]
    fn a_feed_with_errors_is_not_cached_and_a_file_alone_writes_nothing() {
        let url = Url::parse("https://h.example/feed.xml").expect("url");
        let mut c = FeedCache {
            path: PathBuf::from("unused.json"),
            entries: Cache::default(),
            written: None,
        };
        c.entries
            .set(&url, entry("2030-01-01T00:00:00Z", &BTreeSet::new()));
        assert!(!c.update([Stored::Nothing]));
        let stored = entry("2030-01-01T00:00:00Z", &BTreeSet::new());
        let broken = Stored::Fetched {
            url: &url,
            entry: &stored,
            errors: true,
        };
        assert!(c.update([broken]));
        // The old entry is dropped too: the next run fetches the feed whole.
        assert!(c.entries.get(&url).is_none());
    }
}
