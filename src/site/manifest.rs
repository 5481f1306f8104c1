//! `.podfeed-manifest`: what podfeed published in an output folder.
//!
//! For every published file: the sha256 and size of its content and, when the builder gave one, a
//! hash of the inputs it was rendered from; plus the podfeed version that wrote it and the pings
//! still to be sent. Three uses:
//!
//! - removal: a file listed here and no longer produced is podfeed's to remove; a file not listed
//!   here (a user's `index.html`, `robots.txt`) is never touched;
//! - incremental builds: [`Manifest::published`] tells the builder which files need not be
//!   rendered again, which `lastBuildDate` a feed keeps and which feeds passed the self-check;
//! - pings that failed are kept in `pending_pings` and retried by the next run.
//!
//! A missing manifest is an empty one; so is a corrupt one (with a warning), which costs one full
//! rebuild and never removes anything.
//!
//! The file is binary: a header line, then the manifest in postcard's encoding (issue 15: at
//! 50,000 files the JSON it replaced was 10 MB, read and written again by every build that
//! changed anything). The JSON manifest of earlier versions ([`LEGACY_FILES`]) is read in place of
//! the binary one when that is missing or older (an earlier podfeed ran since), and removed when
//! a manifest is saved; a JSON intent file is merged as the binary one is, and removed with it.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::atomic;
use super::listing::Listing;
use super::sorted::Sorted;
use crate::build::{Digest, Published};
use crate::hash::Sha256;

/// Name of the manifest inside the output folder.
pub const MANIFEST_FILE: &str = ".podfeed-manifest";

/// Name of the intent file, present only while a build writes (or after one was killed).
pub const INTENT_FILE: &str = ".podfeed-intent";

/// The manifest and the intent file as JSON, as podfeed wrote them before they were binary: see
/// [`Manifest::load`].
pub const LEGACY_FILES: [&str; 2] = [".podfeed-manifest.json", ".podfeed-intent.json"];

/// The first bytes of a manifest or intent file: what it is and the version of its encoding.
/// postcard's encoding is not self-describing: a field added, removed or reordered in
/// [`Manifest`] or [`ManifestEntry`] (`#[serde(default)]` does not help) needs a new version here,
/// and the tests pin the bytes of one manifest to say so.
const HEADER: &[u8] = b"podfeed manifest 1\n";

/// Manifests larger than this are treated as corrupt rather than read (hostile or broken file).
const MAX_MANIFEST_BYTES: u64 = 1 << 30;

/// The podfeed version recorded in manifests this build writes.
pub(crate) const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The record of one output folder's published files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The podfeed version that wrote this manifest; a different version renders everything again.
    pub podfeed_version: String,
    /// Published path (relative, `/`-separated) → what was published there.
    #[serde(deserialize_with = "map_in_one_pass")]
    pub files: BTreeMap<String, ManifestEntry>,
    /// Feed URLs whose WebSub / Podcast Index pings have not succeeded yet.
    #[serde(default)]
    pub pending_pings: Vec<String>,
}

/// One published file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// sha256 of the content.
    pub sha256: Sha256,
    /// Length of the content in bytes.
    pub size: u64,
    /// The builder's hash of the inputs this file was rendered from (see
    /// [`input_hash`](crate::hash::input_hash)).
    #[serde(default)]
    pub input: Option<Sha256>,
    /// A feed that passed the builder's self-check (the rules of the manifest's podfeed version)
    /// before it was published: the same bytes need not be checked again by the same version
    /// ([`Manifest::passed_self_check`]).
    #[serde(default)]
    pub checked: bool,
    /// A feed's `lastBuildDate`, which a build from the same `input` keeps. Absent in manifests of
    /// versions before it was recorded: such a feed gets a new date once.
    #[serde(default)]
    pub last_build: Option<DateTime<Utc>>,
}

impl ManifestEntry {
    /// Drops what lets a build skip work (the input hash, the self-check's verdict): for an entry
    /// whose file may not hold what it says, or that an older podfeed version wrote.
    pub(crate) fn forget_inputs(&mut self) {
        self.input = None;
        self.checked = false;
        self.last_build = None;
    }

    /// The entry for `bytes` rendered from `input`.
    pub fn of(bytes: &[u8], input: Option<Sha256>) -> ManifestEntry {
        ManifestEntry::hashed(Sha256::of(bytes), bytes, input)
    }

    /// [`ManifestEntry::of`], with the hash of `bytes` computed already.
    pub fn hashed(sha256: Sha256, bytes: &[u8], input: Option<Sha256>) -> ManifestEntry {
        ManifestEntry {
            sha256,
            size: bytes.len() as u64,
            input,
            checked: false,
            last_build: None,
        }
    }
}

impl Manifest {
    /// Reads `out_dir`'s manifest. Missing → empty; unreadable or corrupt → empty, with a warning.
    /// The JSON manifest of an earlier version is read instead when it is the newer of the two
    /// (or the only one): an earlier podfeed that ran after this one wrote only that. An intent
    /// file left by a build that was killed mid-way is merged in (see `Manifest::save_intent`),
    /// binary or JSON: its paths are podfeed's, and none of them is fresh.
    pub fn load(out_dir: &Path) -> Manifest {
        let path = newest(out_dir, [MANIFEST_FILE, LEGACY_FILES[0]]);
        let mut manifest = match read(&path) {
            Ok(m) => m.unwrap_or_default(),
            Err(e) => {
                tracing::warn!(
                    "{}: {e:#}; ignoring it (everything is rendered again; no file is removed)",
                    path.display()
                );
                Manifest::default()
            }
        };
        for name in [INTENT_FILE, LEGACY_FILES[1]] {
            let path = out_dir.join(name);
            match read(&path) {
                Ok(None) => {}
                Ok(Some(intent)) => manifest.merge_intent(intent),
                Err(e) => {
                    // Which files the killed build was writing is unknown: trust none to be fresh.
                    tracing::warn!(
                        "{}: {e:#}; ignoring it (everything is rendered again)",
                        path.display()
                    );
                    for entry in manifest.files.values_mut() {
                        entry.forget_inputs();
                    }
                }
            }
        }
        manifest
    }

    /// Adds an interrupted build's intent: its entries without input hash, its pending pings.
    fn merge_intent(&mut self, intent: Manifest) {
        for (path, mut entry) in intent.files {
            entry.forget_inputs();
            self.files.insert(path, entry);
        }
        for url in intent.pending_pings {
            if !self.pending_pings.contains(&url) {
                self.pending_pings.push(url);
            }
        }
    }

    /// The input hash of the file at `path` (relative to `out_dir`), when this podfeed version
    /// rendered it and it is still on disk with the size it was published with (one `stat`, no
    /// read).
    fn fresh_input(&self, out_dir: &Path, path: &str) -> Option<Sha256> {
        let entry = self.files.get(path)?;
        self.input_if(on_disk(out_dir, path, entry), entry)
    }

    /// The input hash of `entry`, when this podfeed version wrote it and its file is `on_disk`
    /// with the size it was published with.
    fn input_if(&self, on_disk: bool, entry: &ManifestEntry) -> Option<Sha256> {
        (self.podfeed_version == VERSION && on_disk)
            .then_some(entry.input)
            .flatten()
    }

    /// The digest of the feed at `path`, when it passed the self-check of this podfeed version.
    fn checked_digest(&self, path: &str) -> Option<Digest> {
        self.entry_digest(self.files.get(path)?)
    }

    /// [`Manifest::checked_digest`] of `entry`.
    fn entry_digest(&self, entry: &ManifestEntry) -> Option<Digest> {
        (self.podfeed_version == VERSION && entry.checked).then_some(Digest {
            size: entry.size,
            sha256: entry.sha256,
        })
    }

    /// Whether the file at `path` (relative to `out_dir`) was rendered from `input_hash` by this
    /// podfeed version and is still on disk with the size it was published with: the answer
    /// [`Manifest::published`] gives for it.
    pub fn is_fresh(&self, out_dir: &Path, path: &str, input_hash: Sha256) -> bool {
        self.fresh_input(out_dir, path) == Some(input_hash)
    }

    /// The manifest's answers for a build of the shows `shows` (a path's first segment is its
    /// show), as plain data: the files of those shows that this podfeed version published and
    /// that are still on disk with their size, with their input hashes and feeds' dates, and the
    /// feeds that passed the self-check. An older version's manifest answers nothing: everything
    /// is rendered and checked again. Each file's size is taken from `listed`, the output folder
    /// as the build listed it, when given; else one `stat` per file with an input hash.
    pub fn published(
        &self,
        out_dir: &Path,
        shows: &[String],
        listed: Option<&Listing>,
    ) -> Published {
        if self.podfeed_version != VERSION {
            return Published::default();
        }
        let of_shows = |path: &str| shows.iter().any(|s| path.split('/').next() == Some(s));
        // Gathered in path order, so each map is built in one pass (no search per insertion),
        // and the listing's sizes are read in the same order, walking it once.
        let (mut inputs, mut last_build, mut self_checked) = (Vec::new(), Vec::new(), Vec::new());
        let mut sizes = listed.map(|l| Sorted::new(l.file_lens()));
        for (path, entry) in self.files.iter().filter(|(p, _)| of_shows(p)) {
            if let Some(digest) = self.entry_digest(entry) {
                self_checked.push((path.clone(), digest));
            }
            let on_disk = match &mut sizes {
                Some(sizes) => {
                    atomic::is_safe_relative(path) && sizes.get(path).flatten() == Some(entry.size)
                }
                None => on_disk(out_dir, path, entry),
            };
            if let Some(input) = self.input_if(on_disk, entry) {
                inputs.push((path.clone(), input));
                if let Some(date) = entry.last_build {
                    last_build.push((path.clone(), date));
                }
            }
        }
        Published {
            inputs: inputs.into_iter().collect(),
            last_build: last_build.into_iter().collect(),
            self_checked: self_checked.into_iter().collect(),
        }
    }

    /// Whether the feed at `path` was published with exactly `bytes` after it passed the self-check
    /// of this podfeed version (the answer [`Manifest::published`] gives for it): then checking it
    /// again would give the same verdict (the rules that can refuse a feed depend on its bytes
    /// only; the clock only shapes warnings). Pure: the bytes are compared by size, then sha256.
    pub fn passed_self_check(&self, path: &str, bytes: &[u8]) -> bool {
        self.checked_digest(path).is_some_and(|d| d.matches(bytes))
    }

    /// Writes the manifest atomically into `out_dir`, unless the file already holds these bytes.
    /// Call it with the output folder's [`Lock`](super::Lock) held.
    pub fn save(&self, out_dir: &Path) -> anyhow::Result<()> {
        let bytes = self.to_bytes()?;
        let path = out_dir.join(MANIFEST_FILE);
        if !fs::read(&path).is_ok_and(|old| old == bytes) {
            atomic::write_atomic(&path, &bytes)?;
            atomic::sync_dirs(out_dir, &[out_dir.to_path_buf()].into_iter().collect())?;
        }
        // The saved manifest holds what the JSON one held: it is not read again.
        remove_if_present(&out_dir.join(LEGACY_FILES[0]))
    }

    /// Writes `self`, the entries a build is about to write (and its pending pings), as
    /// `out_dir`'s intent file, durably, before the build writes them. Much smaller than the whole
    /// manifest when few files change: a killed build leaves it behind, and [`Manifest::load`]
    /// merges it, so no file the build wrote is unknown or wrongly fresh.
    pub(crate) fn save_intent(&self, out_dir: &Path) -> anyhow::Result<()> {
        atomic::write_atomic(&out_dir.join(INTENT_FILE), &self.to_bytes()?)?;
        atomic::sync_dirs(out_dir, &[out_dir.to_path_buf()].into_iter().collect())
    }

    /// Removes `out_dir`'s intent file, once the complete manifest is saved. Not synced: should
    /// the removal be lost, the next build only renders those files again.
    pub(crate) fn clear_intent(out_dir: &Path) -> anyhow::Result<()> {
        remove_if_present(&out_dir.join(INTENT_FILE))?;
        remove_if_present(&out_dir.join(LEGACY_FILES[1]))
    }

    /// The file's bytes: a header line (`podfeed manifest 1`), then the manifest in postcard's
    /// encoding (the file is for podfeed alone; at 50,000 files JSON took four times as long to
    /// write and twice as long to read).
    pub fn to_bytes(&self) -> anyhow::Result<Vec<u8>> {
        postcard::to_extend(self, HEADER.to_vec()).context("cannot encode the manifest")
    }

    /// A manifest from [`Manifest::to_bytes`]'s bytes, or from the JSON of earlier versions.
    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<Manifest> {
        match bytes.strip_prefix(HEADER) {
            Some(encoded) => match postcard::take_from_bytes(encoded) {
                Ok((manifest, [])) => Ok(manifest),
                Ok(_) => anyhow::bail!("not a podfeed manifest: bytes after its end"),
                Err(e) => Err(e).context("not a podfeed manifest"),
            },
            None => serde_json::from_slice(bytes).context("not a podfeed manifest"),
        }
    }
}

/// A map read as its list of entries, then made in one pass (`BTreeMap`'s `FromIterator` sorts
/// the list, which a saved manifest has in order already, and builds the tree from it). serde's
/// own reading inserts the entries one by one, each from the root: for 50,000 paths with long
/// common prefixes, most of the time a build took to load its manifest. The same encoding, and
/// the same map (a path given twice keeps its last entry, as inserting did).
fn map_in_one_pass<'de, D, V>(deserializer: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Entries<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
        type Value = Vec<(String, V)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map of paths")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            // Bounded: a hostile length is not taken at its word.
            let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1 << 16));
            while let Some(entry) = map.next_entry()? {
                entries.push(entry);
            }
            Ok(entries)
        }
    }
    let entries = deserializer.deserialize_map(Entries(std::marker::PhantomData))?;
    Ok(entries.into_iter().collect())
}

/// Of `out_dir`'s files `[name, legacy]`, the one modified last (`name` on a tie, or when
/// neither can be looked at).
fn newest(out_dir: &Path, [name, legacy]: [&str; 2]) -> std::path::PathBuf {
    let modified = |name: &str| {
        fs::metadata(out_dir.join(name))
            .and_then(|m| m.modified())
            .ok()
    };
    match (modified(name), modified(legacy)) {
        (None, Some(_)) => out_dir.join(legacy),
        (Some(binary), Some(json)) if json > binary => out_dir.join(legacy),
        _ => out_dir.join(name),
    }
}

/// Removes the file at `path`, if there is one.
fn remove_if_present(path: &Path) -> anyhow::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Whether `path` is still a regular file of the size `entry` records (and a path podfeed may
/// touch at all).
fn on_disk(out_dir: &Path, path: &str, entry: &ManifestEntry) -> bool {
    atomic::is_safe_relative(path)
        && fs::symlink_metadata(out_dir.join(path))
            .is_ok_and(|m| m.is_file() && m.len() == entry.size)
}

/// Reads a manifest-shaped file: `None` when it does not exist.
fn read(path: &Path) -> anyhow::Result<Option<Manifest>> {
    match fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Ok(m) if m.len() > MAX_MANIFEST_BYTES => {
            anyhow::bail!("larger than {MAX_MANIFEST_BYTES} bytes")
        }
        _ => {}
    }
    let bytes = fs::read(path).context("cannot read it")?;
    Manifest::from_bytes(&bytes).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in input hash, named.
    fn h(name: &str) -> Sha256 {
        crate::hash::input_hash(&[name.as_bytes()])
    }

    #[test]
    fn missing_or_corrupt_manifest_is_empty() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(Manifest::load(dir.path()), Manifest::default());
        fs::write(dir.path().join(MANIFEST_FILE), b"{ not json").expect("write");
        assert_eq!(Manifest::load(dir.path()), Manifest::default());
    }

    #[test]
    fn is_fresh_checks_input_version_and_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(dir.path().join("s/transcripts")).expect("mkdir");
        fs::write(dir.path().join("s/transcripts/a.vtt"), b"WEBVTT\n").expect("write");
        let mut m = Manifest {
            podfeed_version: VERSION.to_owned(),
            ..Manifest::default()
        };
        m.files.insert(
            "s/transcripts/a.vtt".into(),
            ManifestEntry::of(b"WEBVTT\n", Some(h("h1"))),
        );
        m.save(dir.path()).expect("save");
        let m = Manifest::load(dir.path());
        assert!(m.is_fresh(dir.path(), "s/transcripts/a.vtt", h("h1")));
        assert!(!m.is_fresh(dir.path(), "s/transcripts/a.vtt", h("h2")));
        assert!(!m.is_fresh(dir.path(), "s/transcripts/b.vtt", h("h1")));

        fs::write(dir.path().join("s/transcripts/a.vtt"), b"WEBVTT\n\n").expect("write");
        assert!(
            !m.is_fresh(dir.path(), "s/transcripts/a.vtt", h("h1")),
            "size"
        );

        fs::write(dir.path().join("s/transcripts/a.vtt"), b"WEBVTT\n").expect("write");
        let old = Manifest {
            podfeed_version: "0.0.0-old".into(),
            ..m
        };
        assert!(
            !old.is_fresh(dir.path(), "s/transcripts/a.vtt", h("h1")),
            "version"
        );
    }

    #[test]
    fn published_answers_for_files_still_on_disk_of_the_shows_built() {
        let dir = tempfile::tempdir().expect("tempdir");
        let date = DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z")
            .expect("date")
            .with_timezone(&Utc);
        let mut m = Manifest {
            podfeed_version: VERSION.to_owned(),
            ..Manifest::default()
        };
        for (path, bytes) in [("s/feed.xml", "<rss/>"), ("t/feed.xml", "<rss/>")] {
            fs::create_dir_all(dir.path().join(path).parent().expect("parent")).expect("mkdir");
            fs::write(dir.path().join(path), bytes).expect("write");
            let mut entry = ManifestEntry::of(bytes.as_bytes(), Some(h("h")));
            entry.checked = true;
            entry.last_build = Some(date);
            m.files.insert(path.into(), entry);
        }
        m.files.insert(
            "s/transcripts/gone.vtt".into(),
            ManifestEntry::of(b"WEBVTT\n", Some(h("g"))),
        );
        // The same answers from a `stat` per file and from the build's listing of the folder.
        let answers = |m: &Manifest, shows: &[String], listed: bool| {
            let listing = listed.then(|| Listing::walk(dir.path(), &[]).expect("listing"));
            m.published(dir.path(), shows, listing.as_ref())
        };
        let s = ["s".to_owned()];
        for listed in [false, true] {
            let p = answers(&m, &s, listed);
            assert_eq!(p.inputs, BTreeMap::from([("s/feed.xml".into(), h("h"))]));
            assert_eq!(p.last_build, BTreeMap::from([("s/feed.xml".into(), date)]));
            assert_eq!(
                p.self_checked,
                BTreeMap::from([("s/feed.xml".into(), Digest::of(b"<rss/>"))])
            );
        }

        fs::write(dir.path().join("s/feed.xml"), "<rss />").expect("edit by hand");
        for listed in [false, true] {
            let p = answers(&m, &s, listed);
            assert!(p.inputs.is_empty() && p.last_build.is_empty(), "{p:?}");
        }
        // A link in place of a published file, to a file of the published size: not podfeed's.
        fs::write(dir.path().join("elsewhere"), "<rss/>").expect("write");
        fs::remove_file(dir.path().join("s/feed.xml")).expect("remove");
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), dir.path().join("s/feed.xml"))
            .expect("link");
        for listed in [false, true] {
            assert!(answers(&m, &s, listed).inputs.is_empty(), "a link");
        }

        let old = Manifest {
            podfeed_version: "0.0.0-old".into(),
            ..m
        };
        assert_eq!(
            old.published(dir.path(), &["t".to_owned()], None),
            Published::default()
        );
    }

    #[test]
    fn the_encoding_is_pinned_by_its_header_version() {
        let mut m = Manifest {
            podfeed_version: "9.9.9".into(),
            pending_pings: vec!["https://h.example/s/feed.xml".into()],
            ..Manifest::default()
        };
        let mut entry = ManifestEntry::of(b"<rss/>", Some(h("h")));
        entry.checked = true;
        entry.last_build = Some(DateTime::UNIX_EPOCH);
        m.files.insert("s/feed.xml".into(), entry);
        let bytes = m.to_bytes().expect("encode");
        // A change to these bytes is a new encoding: give HEADER a new version with it.
        assert_eq!(
            crate::hash::Sha256::of(&bytes).to_string(),
            "edeb3fc7a6087f020205da8f04537cee60595354b7d7ff7f28480f74863469a8"
        );
        assert_eq!(Manifest::from_bytes(&bytes).expect("decode"), m);
        let cut = &bytes[..bytes.len() - 1];
        assert!(Manifest::from_bytes(cut).is_err(), "a cut file is corrupt");
        let longer = [&bytes[..], b"x"].concat();
        assert!(
            Manifest::from_bytes(&longer).is_err(),
            "so is one with bytes after its end"
        );
    }

    #[test]
    fn a_manifest_of_many_files_reads_back_as_written_binary_or_json() {
        let mut m = Manifest {
            podfeed_version: VERSION.into(),
            ..Manifest::default()
        };
        for i in 0..1000 {
            let path = format!("s/transcripts/ep-{i:05}.vtt");
            m.files.insert(
                path.clone(),
                ManifestEntry::of(path.as_bytes(), Some(h(&path))),
            );
        }
        let bytes = m.to_bytes().expect("encode");
        assert_eq!(Manifest::from_bytes(&bytes).expect("decode"), m);
        let json = serde_json::to_vec(&m).expect("json");
        assert_eq!(Manifest::from_bytes(&json).expect("decode json"), m);
    }
}
