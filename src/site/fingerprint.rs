//! The no-change fast path of `podfeed build` (issue 15): after a build that published
//! everything, a fingerprint of its inputs and outputs is saved beside the manifest; the next
//! build compares a fresh fingerprint with it before reading a single record, and when they are
//! equal (and no held-back episode has come due) it is done.
//!
//! The fingerprint is a sha256 over the path and metadata (size, modification time, inode) of every
//! file under the shows' record folders, of `config.toml`, of the local media files the
//! records named, and of every file in the output folder, plus what else decides the output: the
//! podfeed version, the options that change what is published, and `SOURCE_DATE_EPOCH`. A record
//! added, removed or renamed adds, drops or changes a line, so it is seen without reading it; an
//! output edited or deleted by hand changes the outputs' part. Only `stat` calls: no record,
//! transcript or feed is read or parsed.
//!
//! A build that stops half-way, or refuses records, leaves the saved fingerprint as it was; the
//! files it changed (or the records that made it refuse) no longer match it, so the next build
//! does the work.
//!
//! A fingerprint vouches only for what its build saw: the inputs are taken ([`seen`]) *before*
//! the build reads a record, and the saved digest holds them as they were then, with the outputs
//! as they are once published. A record edited while the build runs (after it was read, or
//! between the look and the read) therefore no longer matches, and the next build publishes it.
//! The media files are known only once the records are read: each one the last fingerprint named
//! is taken before the read too; one first named by this build's records is taken just after it,
//! so a media file both newly named and replaced during that read is the one change left unseen. What a fingerprint cannot see is a file rewritten with the same size, inode and
//! modification time (a tool that restores an old time on purpose): the same limit as `make`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::listing::{Listing, Meta};
use super::lock::LOCK_FILE;
use crate::build::HeldBack;
use crate::records::memo::{Stamp, Stamps};

/// The fingerprint's file in the output folder.
pub const FINGERPRINT_FILE: &str = ".podfeed-fingerprint.json";

/// What a fully published build leaves for the next one to compare with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The digest of [`Inputs`] when the build ended.
    pub digest: String,
    /// The local media files the records named (they may lie outside the record folders).
    pub media: Vec<PathBuf>,
    /// The number of files published: the summary's "up to date" count.
    pub files: usize,
    /// The episodes held back then, soonest first: the fast path holds only until the first of
    /// them is due.
    pub held_back: Vec<HeldBack>,
    /// The drafts held back then, named again by a build that takes the fast path; never due.
    #[serde(default)]
    pub drafts: Vec<crate::model::Draft>,
}

/// Where a build's inputs and outputs are, and what else decides its output.
#[derive(Debug, Clone)]
pub struct Inputs<'a> {
    /// The podfeed version, the options that change what is published, `SOURCE_DATE_EPOCH`.
    pub context: String,
    /// `config.toml`.
    pub config: &'a Path,
    /// The record folders to walk: each selected show's folder, or `feeds_dir` for all.
    pub folders: Vec<PathBuf>,
    /// The output folder.
    pub out_dir: &'a Path,
}

/// The inputs as a build saw them before reading a record: what its fingerprint vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The lines of the context, the config and every file under the record folders.
    inputs: String,
    /// The line of each media file taken then (those the saved fingerprint named), by path.
    media: BTreeMap<PathBuf, String>,
    /// The record folders' walks: the stamps the reader compares with its memo's.
    folders: Vec<Listing>,
}

impl Stamps for Seen {
    fn stamp(&self, path: &Path) -> Option<Stamp> {
        self.folders.iter().find_map(|l| l.stamp(path))
    }
}

/// Takes the inputs of `inputs` and the media files `media` (the saved fingerprint's), or `None`
/// when a path cannot be read (then there is no fast path and nothing is vouched for).
pub fn seen(inputs: &Inputs<'_>, media: &[PathBuf]) -> Option<Seen> {
    let mut lines = String::new();
    let _ = writeln!(lines, "context\t{}", inputs.context);
    entry(&mut lines, "config", inputs.config)?;
    let mut folders = Vec::new();
    for folder in &inputs.folders {
        let listing = Listing::walk(folder, &[])?;
        listing.lines(&mut lines);
        folders.push(listing);
    }
    let mut taken = BTreeMap::new();
    for m in media {
        let mut one = String::new();
        entry(&mut one, "media", m)?;
        taken.insert(m.clone(), one);
    }
    Some(Seen {
        inputs: lines,
        media: taken,
        folders,
    })
}

/// The output folder's files as they are now, but for the lock and the fingerprint (the lock
/// comes and goes with every build, and the fingerprint is written after the rest); `None` when
/// the folder cannot be listed (or does not exist).
pub fn outputs(inputs: &Inputs<'_>) -> Option<Listing> {
    Listing::walk(inputs.out_dir, &[LOCK_FILE, FINGERPRINT_FILE])
}

/// The digest of a build that saw `seen`, read the media files `media` and left the output
/// folder as `outputs` lists it: the inputs and media as seen (a media file `seen` did not take
/// is taken now), the outputs as listed.
pub fn digest_seen(seen: &Seen, media: &[PathBuf], outputs: &Listing) -> Option<String> {
    let mut lines = seen.inputs.clone();
    for m in media {
        match seen.media.get(m) {
            Some(line) => lines.push_str(line),
            None => entry(&mut lines, "media", m)?,
        }
    }
    outputs.lines(&mut lines);
    Some(crate::hash::sha256_hex(lines.as_bytes()))
}

/// The digest of `inputs` with `media`, all taken now, or `None` when a path cannot be read.
pub fn digest(inputs: &Inputs<'_>, media: &[PathBuf]) -> Option<String> {
    digest_seen(&seen(inputs, media)?, media, &outputs(inputs)?)
}

fn entry(lines: &mut String, kind: &str, path: &Path) -> Option<()> {
    Meta::of(path)?.line(lines, kind, path);
    Some(())
}

/// The saved fingerprint of `out_dir`, if there is a readable one.
pub fn load(out_dir: &Path) -> Option<Fingerprint> {
    let bytes = std::fs::read(out_dir.join(FINGERPRINT_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Whether nothing changed since `saved` was saved, by what a build `seen` before reading and
/// the `outputs` it listed, and no held-back episode is due at `now`: then the build has nothing
/// to do.
pub fn unchanged(saved: &Fingerprint, seen: &Seen, outputs: &Listing, now: DateTime<Utc>) -> bool {
    if saved.held_back.first().is_some_and(|h| h.published <= now) {
        return false;
    }
    digest_seen(seen, &saved.media, outputs).is_some_and(|d| d == saved.digest)
}

/// Saves the fingerprint of a build that published everything it built.
pub fn save(inputs: &Inputs<'_>, print: Fingerprint) -> anyhow::Result<()> {
    let bytes = serde_json::to_vec(&print)?;
    super::write_atomic(&inputs.out_dir.join(FINGERPRINT_FILE), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        let feeds = dir.path().join("feeds/show/episodes");
        let out = dir.path().join("public");
        std::fs::create_dir_all(&feeds).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(&config, "base_url = \"https://h.example\"\n").unwrap();
        std::fs::write(feeds.join("a.toml"), "title = \"A\"\n").unwrap();
        std::fs::write(out.join("feed.xml"), "<rss/>").unwrap();
        let feeds = dir.path().join("feeds");
        (dir, config, feeds, out)
    }

    fn inputs<'a>(config: &'a Path, feeds: &Path, out: &'a Path) -> Inputs<'a> {
        Inputs {
            context: "v1".into(),
            config,
            folders: vec![feeds.to_path_buf()],
            out_dir: out,
        }
    }

    #[test]
    fn any_change_to_inputs_or_outputs_changes_the_digest() {
        let (dir, config, feeds, out) = site();
        let inputs = inputs(&config, &feeds, &out);
        let first = digest(&inputs, &[]).unwrap();
        assert_eq!(digest(&inputs, &[]), Some(first.clone()), "stable");
        // A lock file comes and goes without changing it.
        std::fs::write(out.join(LOCK_FILE), "1").unwrap();
        assert_eq!(digest(&inputs, &[]), Some(first.clone()));
        let other = Inputs {
            context: "v2".into(),
            ..inputs.clone()
        };
        assert_ne!(digest(&other, &[]), Some(first.clone()), "context");
        std::fs::write(feeds.join("show/episodes/b.toml"), "title = \"B\"\n").unwrap();
        let second = digest(&inputs, &[]).unwrap();
        assert_ne!(second, first, "a new record");
        std::fs::remove_file(out.join("feed.xml")).unwrap();
        assert_ne!(digest(&inputs, &[]).unwrap(), second, "an output deleted");
        let missing = dir.path().join("media/none.mp3");
        assert_eq!(digest(&inputs, &[missing]), None, "a media file gone");
    }

    #[test]
    fn a_linked_record_is_followed_to_its_file() {
        let (dir, config, feeds, out) = site();
        let inputs = inputs(&config, &feeds, &out);
        let target = dir.path().join("elsewhere.toml");
        std::fs::write(&target, "title = \"B\"\n").unwrap();
        std::os::unix::fs::symlink(&target, feeds.join("show/episodes/b.toml")).unwrap();
        let first = digest(&inputs, &[]).unwrap();
        // The link itself stays as it was; the file it names grows.
        std::fs::write(&target, "title = \"B, edited\"\n").unwrap();
        assert_ne!(digest(&inputs, &[]).unwrap(), first);
    }

    #[test]
    fn a_digest_vouches_for_the_inputs_as_seen_before_the_read() {
        let (dir, config, feeds, out) = site();
        let inputs = inputs(&config, &feeds, &out);
        let (old, new) = (dir.path().join("old.mp3"), dir.path().join("new.mp3"));
        std::fs::write(&old, "1").unwrap();
        std::fs::write(&new, "1").unwrap();
        let media = [old.clone(), new.clone()];
        let seen = seen(&inputs, &media[..1]).unwrap();
        // Nothing changed during the build: the same digest as one taken after it.
        let listed = || outputs(&inputs).unwrap();
        assert_eq!(
            digest_seen(&seen, &media, &listed()),
            digest(&inputs, &media)
        );
        let print = Fingerprint {
            digest: digest_seen(&seen, &media, &listed()).unwrap(),
            media: media.to_vec(),
            files: 1,
            held_back: Vec::new(),
            drafts: Vec::new(),
        };
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let fresh = |m: &[PathBuf]| super::seen(&inputs, m).unwrap();
        assert!(unchanged(&print, &fresh(&media), &listed(), now));
        // A record and a known media file edited after they were seen: the digest the build
        // saves holds them as seen, so the next build's look finds the change.
        std::fs::write(feeds.join("show/episodes/a.toml"), "title = \"Changed\"\n").unwrap();
        std::fs::write(&old, "22").unwrap();
        let saved = Fingerprint {
            digest: digest_seen(&seen, &media, &listed()).unwrap(),
            ..print
        };
        assert_eq!(saved.digest, print.digest, "as seen");
        assert!(!unchanged(&saved, &fresh(&media), &listed(), now));
    }
}
