//! Publishing an [`Output`] into the output folder, safely enough for cron (DESIGN.md "Output").
//!
//! The steps, in order, each durable (fsynced) before the next:
//!
//! 1. remove `.podfeed-tmp-*` files a killed run left behind;
//! 2. compare every file with the disk: equal bytes are not rewritten (mtime, inode and so the
//!    web server's ETag stay, and pollers get 304s);
//! 3. when files will be written, first save the intent file: the manifest entries of just the
//!    paths about to be written, and the pending pings. [`Manifest::load`] merges a leftover one
//!    with no input hash, so a run killed mid-way leaves no file the next run does not know is
//!    podfeed's, and nothing it would wrongly think fresh; and a one-episode change does not cost
//!    an extra save of the whole manifest;
//! 4. write transcripts and other files, then the feeds that link them;
//! 5. remove files the previous manifest listed and this output no longer has (unless
//!    `keep_removed`), after the feeds stopped linking them, and prune folders left empty;
//! 6. save the final manifest, then remove the intent file.
//!
//! The caller holds the output folder's [`Lock`](super::Lock) for the whole call.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use rayon::iter::{
    IndexedParallelIterator as _, IntoParallelRefIterator as _, ParallelIterator as _,
};
use serde::Serialize;

use super::atomic::{self, TMP_PREFIX, is_safe_relative};
use super::lock::LOCK_FILE;
use super::manifest::{INTENT_FILE, LEGACY_FILES, MANIFEST_FILE, Manifest, ManifestEntry, VERSION};
use super::sorted::Sorted;
use crate::hash::Sha256;
use crate::render::Output;

/// How to publish.
#[derive(Debug, Clone, Default)]
pub struct PublishOptions {
    /// Keep files the previous build published and this one no longer produces (they stay listed
    /// in the manifest, so a later run without this flag removes them).
    pub keep_removed: bool,
    /// Compute the report, write and remove nothing.
    pub dry_run: bool,
    /// When only some shows are built: their ids (a path's first segment is its show). Files of
    /// other shows are neither removed nor touched, and keep their manifest entries.
    pub shows: Option<Vec<String>>,
    /// Output path → hash of the inputs it was rendered from ([`input_hash`](super::input_hash)),
    /// recorded in the manifest for [`Manifest::is_fresh`]. Paths without one are always rendered.
    pub inputs: BTreeMap<String, Sha256>,
    /// Feed path → the `lastBuildDate` it was written with, recorded in the manifest beside its
    /// input hash so that a later build from the same inputs keeps it
    /// ([`Published::last_build`](crate::build::Published::last_build)).
    pub last_build: BTreeMap<String, DateTime<Utc>>,
    /// Paths the builder did not render because [`Manifest::is_fresh`] said they are current:
    /// they count as present (not removed), are reported unchanged, and keep their manifest entry.
    pub kept: BTreeSet<String>,
    /// Feed path → its public URL. When such a feed is written, its URL is added to the manifest's
    /// pending pings (in the same step that writes the feed, so a killed run still pings next
    /// time). Leave empty when no `[notify]` is configured.
    pub feed_urls: BTreeMap<String, String>,
    /// Feeds that passed the builder's self-check: marked so in the manifest, so that a later
    /// build that renders the same bytes with the same podfeed version need not check them again
    /// ([`Manifest::passed_self_check`]). Leave empty to claim nothing.
    pub self_checked: BTreeSet<String>,
    /// The files left by an interrupted build (named [`TMP_PREFIX`]…), when the caller listed the
    /// output folder already; `None`: publish walks the folder to find them.
    pub leftovers: Option<Vec<String>>,
}

/// What [`publish`] did (or, on a dry run, would do). Serialised for `build --format json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PublishReport {
    /// Paths written: in path order, feeds last (the files of each group are written side by
    /// side).
    pub written: Vec<String>,
    /// Paths whose content was already on disk, including kept ones, sorted.
    pub unchanged: Vec<String>,
    /// Paths removed because the output no longer has them, sorted.
    pub removed: Vec<String>,
    /// Feed URLs whose pings are pending after this publish: the caller sends them with
    /// [`notify::ping`](super::notify::ping) and then records the outcome with
    /// [`notify::settle`](super::notify::settle).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending_pings: Vec<String>,
}

impl PublishReport {
    /// Whether any feed was written.
    pub fn feed_written(&self) -> bool {
        self.written.iter().any(|p| Output::is_feed(p))
    }
}

/// Publishes `output` into `out_dir` (see the module documentation for the steps).
pub fn publish(
    out_dir: &Path,
    output: &Output,
    opts: &PublishOptions,
) -> anyhow::Result<PublishReport> {
    publish_with(out_dir, output, opts, &Manifest::load(out_dir))
}

/// [`publish`], with `out_dir`'s manifest as the caller loaded it ([`Manifest::load`]) under the
/// same lock, typically to ask [`Manifest::is_fresh`] first: a manifest of 50,000 files is
/// megabytes, read once per build.
pub fn publish_with(
    out_dir: &Path,
    output: &Output,
    opts: &PublishOptions,
    previous: &Manifest,
) -> anyhow::Result<PublishReport> {
    for path in output.files.keys().chain(&opts.kept) {
        check_path(path)?;
    }
    if !opts.dry_run {
        fs::create_dir_all(out_dir)
            .with_context(|| format!("cannot create {}", out_dir.display()))?;
        let removed = match &opts.leftovers {
            Some(listed) => atomic::remove_listed_leftovers(out_dir, listed)?,
            None => atomic::remove_leftovers(out_dir)?,
        };
        for left in removed {
            tracing::info!("removed {left}, left by an interrupted build");
        }
    }
    let mut plan = plan(out_dir, output, opts, previous)?;
    let mut report = PublishReport {
        written: plan.writes.iter().map(|p| p.to_string()).collect(),
        // Moved, not copied: 50,000 paths for a large show, and the plan needs them no more.
        unchanged: std::mem::take(&mut plan.unchanged),
        removed: plan.removals.clone(),
        pending_pings: plan.manifest.pending_pings.clone(),
    };
    if opts.dry_run {
        return Ok(report);
    }
    // Left by a killed run: merged into `previous` by load, it goes once the manifest is saved.
    let exists = |name: &str| fs::symlink_metadata(out_dir.join(name)).is_ok();
    let had_intent = exists(INTENT_FILE) || exists(LEGACY_FILES[1]);
    // A manifest an earlier version wrote as JSON is saved in the binary form, even unchanged.
    let had_legacy = exists(LEGACY_FILES[0]);
    // Removals need no intent: the previous manifest lists them until the final one is saved.
    if !plan.writes.is_empty() {
        plan.intent().save_intent(out_dir)?;
    }
    let (files, feeds): (Vec<&str>, Vec<&str>) = plan
        .writes
        .iter()
        .copied()
        .partition(|p| !Output::is_feed(p));
    // Each batch's files are written side by side (issue 15: 50,000 transcript files were
    // written one after another, each waiting for its own fsync), the feeds only once the files
    // they link to are written and their folders synced.
    for batch in [files, feeds] {
        let files: Vec<(PathBuf, &[u8])> = batch
            .iter()
            .map(|rel| {
                let bytes = output.files.get(*rel).map(Vec::as_slice);
                (out_dir.join(rel), bytes.unwrap_or_default())
            })
            .collect();
        let dirs: BTreeSet<PathBuf> = files
            .iter()
            .filter_map(|(target, _)| target.parent().map(Path::to_path_buf))
            .collect();
        for dir in &dirs {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        atomic::replace_all(&files)?;
        atomic::sync_dirs(out_dir, &dirs)?;
    }
    report.removed = remove(out_dir, &plan.removals)?;
    if plan.manifest != *previous || had_intent || had_legacy {
        plan.manifest.save(out_dir)?;
    }
    if had_intent || !plan.writes.is_empty() {
        Manifest::clear_intent(out_dir)?;
    }
    Ok(report)
}

/// What publish will do, decided before anything is written.
struct Plan<'a> {
    /// Paths to write, transcripts and other files before feeds.
    writes: Vec<&'a str>,
    unchanged: Vec<String>,
    removals: Vec<String>,
    /// The manifest once everything is done.
    manifest: Manifest,
}

impl Plan<'_> {
    /// The intent saved before writing: the final entries of the paths about to be written, and
    /// the pending pings (which include those of the feeds about to be written).
    fn intent(&self) -> Manifest {
        Manifest {
            podfeed_version: VERSION.to_owned(),
            files: self
                .writes
                .iter()
                .filter_map(|rel| Some((rel.to_string(), self.manifest.files.get(*rel)?.clone())))
                .collect(),
            pending_pings: self.manifest.pending_pings.clone(),
        }
    }
}

/// Files looked at per task of the pool in [`plan`].
const FILES_PER_TASK: usize = 64;

fn plan<'a>(
    out_dir: &Path,
    output: &'a Output,
    opts: &PublishOptions,
    previous: &Manifest,
) -> anyhow::Result<Plan<'a>> {
    let mut manifest = Manifest {
        podfeed_version: VERSION.to_owned(),
        files: BTreeMap::new(),
        pending_pings: previous.pending_pings.clone(),
    };
    let mut writes = Vec::new();
    let mut unchanged = Vec::new();
    // Whether each file is on disk already and its hash, on every core (a `stat`, maybe a read,
    // and a sha256 each: 50,000 transcript files took 200 ms on one core); then in path order.
    let files: Vec<(&String, &Vec<u8>)> = output.files.iter().collect();
    let looked: Vec<anyhow::Result<(bool, Sha256)>> = files
        .par_iter()
        .with_min_len(FILES_PER_TASK)
        .map(|(rel, bytes)| {
            Ok((
                on_disk_equals(&out_dir.join(rel), bytes)?,
                Sha256::of(bytes),
            ))
        })
        .collect();
    for ((rel, bytes), looked) in files.into_iter().zip(looked) {
        let (equal, sha256) = looked?;
        if equal {
            unchanged.push(rel.clone());
        } else {
            writes.push(rel.as_str());
            if let Some(url) = opts.feed_urls.get(rel)
                && !manifest.pending_pings.contains(url)
            {
                manifest.pending_pings.push(url.clone());
            }
        }
        let input = opts.inputs.get(rel).copied();
        let mut entry = ManifestEntry::hashed(sha256, bytes, input);
        entry.checked = opts.self_checked.contains(rel);
        entry.last_build = opts.last_build.get(rel).copied();
        manifest.files.insert(rel.clone(), entry);
    }
    // Feeds last (a stable sort keeps path order within each group).
    writes.sort_by_key(|p| Output::is_feed(p));
    // The kept paths come in order: the previous entries and the input hashes are looked up by
    // walking each map once (issue 15: 50,000 kept paths, with long common prefixes).
    let mut was = Sorted::new(previous.files.iter());
    let mut inputs = Sorted::new(opts.inputs.iter());
    let mut kept = Vec::with_capacity(opts.kept.len());
    for rel in opts.kept.iter().filter(|p| !output.files.contains_key(*p)) {
        let before = was.get(rel).filter(|_| previous.podfeed_version == VERSION);
        let entry = kept_entry(out_dir, rel, before, previous, inputs.get(rel).copied())?;
        kept.push((rel.clone(), entry));
        unchanged.push(rel.clone());
    }
    unchanged.sort();
    let in_scope = |rel: &str| match &opts.shows {
        None => true,
        Some(shows) => shows
            .iter()
            .any(|s| rel.split('/').next() == Some(s.as_str())),
    };
    let mut removals = Vec::new();
    let mut is_kept = Sorted::new(opts.kept.iter().map(|rel| (rel, ())));
    for (rel, entry) in &previous.files {
        if output.files.contains_key(rel) || is_kept.get(rel).is_some() {
            continue;
        }
        if !in_scope(rel) || opts.keep_removed {
            let mut entry = entry.clone();
            // The manifest saved below says this version wrote it: an entry an older version
            // wrote must not pass for this version's work (fresh, or self-checked).
            if previous.podfeed_version != VERSION {
                entry.forget_inputs();
            }
            kept.push((rel.clone(), entry));
        } else if is_safe_relative(rel)
            && fs::symlink_metadata(out_dir.join(rel)).is_ok_and(|m| m.is_file())
        {
            removals.push(rel.clone());
        }
    }
    // Built from the entries at once (sorted runs), not inserted one by one.
    manifest.files = std::mem::take(&mut manifest.files)
        .into_iter()
        .chain(kept)
        .collect();
    Ok(Plan {
        writes,
        unchanged,
        removals,
        manifest,
    })
}

/// The manifest entry of a kept file: the previous one when the file still has its size, else
/// measured from the file (a manifest that was lost or edited must not make a kept file vanish).
/// When the previous entry (`current`: this version's entry for `rel`, if any) is the one
/// [`Manifest::is_fresh`] approved (the same input hash), the builder has just checked the
/// file's size under the same lock: it is not looked at again (one `stat` less per kept file).
fn kept_entry(
    out_dir: &Path,
    rel: &str,
    current: Option<&ManifestEntry>,
    previous: &Manifest,
    input: Option<Sha256>,
) -> anyhow::Result<ManifestEntry> {
    if let (Some(entry), Some(h)) = (current, input)
        && entry.input == Some(h)
    {
        return Ok(entry.clone());
    }
    let path = out_dir.join(rel);
    let meta = fs::symlink_metadata(&path)
        .ok()
        .filter(|m| m.is_file())
        .with_context(|| {
            format!(
                "{} was to be kept as it is, but it is not on disk",
                path.display()
            )
        })?;
    let mut entry = match previous.files.get(rel) {
        Some(e) if e.size == meta.len() => e.clone(),
        _ => {
            let bytes =
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            ManifestEntry::of(&bytes, None)
        }
    };
    if let Some(h) = input {
        entry.input = Some(h);
    }
    Ok(entry)
}

/// Whether `path` is a regular file holding exactly `bytes` (size first, so most changes cost a
/// `stat` only).
fn on_disk_equals(path: &Path, bytes: &[u8]) -> anyhow::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            let disk = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            Ok(disk == bytes)
        }
        Ok(_) => Ok(false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Removes `rels` and prunes the folders they leave empty (never `out_dir` itself). Returns what
/// was removed.
fn remove(out_dir: &Path, rels: &[String]) -> anyhow::Result<Vec<String>> {
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    let mut removed = Vec::new();
    for rel in rels {
        let path = out_dir.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => removed.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", path.display())),
        }
        let mut cur = path.parent();
        while let Some(dir) = cur {
            if dir == out_dir || !dir.starts_with(out_dir) {
                break;
            }
            // Fails (and stops) when the folder still holds something: only empty ones go.
            if fs::remove_dir(dir).is_err() {
                dirs.insert(dir.to_path_buf());
                break;
            }
            cur = dir.parent();
        }
        if cur == Some(out_dir) {
            dirs.insert(out_dir.to_path_buf());
        }
    }
    // A folder noted early may have been pruned by a later removal; its parent was noted then.
    dirs.retain(|d| d.is_dir());
    atomic::sync_dirs(out_dir, &dirs)?;
    Ok(removed)
}

/// Rejects paths that could escape the output folder or clash with podfeed's own files.
fn check_path(rel: &str) -> anyhow::Result<()> {
    if !is_safe_relative(rel) {
        bail!("refusing to publish {rel:?}: not a plain relative path inside the output folder");
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if [MANIFEST_FILE, INTENT_FILE, LOCK_FILE].contains(&rel)
        || LEGACY_FILES.contains(&rel)
        || name.starts_with(TMP_PREFIX)
    {
        bail!("refusing to publish {rel:?}: the name is reserved for podfeed's own files");
    }
    Ok(())
}
