//! Atomic file replacement and the path checks that keep writes and removals inside the output
//! folder.
//!
//! A file is written to `.podfeed-tmp-<random>` in its own folder, flushed and fsynced, then renamed
//! over the target: readers (a web server, a podcast app polling the feed) see the old bytes or the
//! new bytes, never a mix. Same folder, so the rename never crosses file systems.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;

// This module names no other module of `site`: the manifest and publish build on it.

/// Name prefix of temporary files; anything under the output folder named so is podfeed's to
/// delete.
pub const TMP_PREFIX: &str = ".podfeed-tmp-";

/// Mode of a newly published file: readable by the web server. `tempfile` creates files 0600.
const NEW_FILE_MODE: u32 = 0o644;

/// Writes `bytes` to `target` atomically. Keeps the permissions of the file it replaces, else 0644.
/// The caller fsyncs the folder afterwards (`sync_dirs`) so that many renames in one folder
/// cost one folder fsync.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = parent(target)?;
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    replace(target, bytes)
}

/// [`write_atomic`] into a folder that exists: publish creates each folder once, not once per
/// file (a `mkdir` and a `stat` each, 13 % of writing 50,000 transcript files).
pub(crate) fn replace(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = parent(target)?;
    let mode = fs::metadata(target)
        .map(|m| m.permissions().mode() & 0o7777)
        .unwrap_or(NEW_FILE_MODE);
    let mut tmp = tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    let werr = || format!("cannot write {}", tmp_name(target));
    tmp.write_all(bytes).with_context(werr)?;
    tmp.flush().with_context(werr)?;
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(mode))
        .with_context(werr)?;
    tmp.as_file().sync_all().with_context(werr)?;
    tmp.persist(target)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot rename a temporary file onto {}", target.display()))?;
    Ok(())
}

/// Files written side by side at most by [`replace_all`]. A write mostly waits for its fsync,
/// so more writers than cores keep a disk's queue fuller (BENCHMARKS.md, "Published files
/// written side by side").
const WRITERS: usize = 8;

/// A writer is started for every this many files, up to [`WRITERS`]: a thread for one small
/// file costs more than it saves.
const FILES_PER_WRITER: usize = 8;

/// [`replace`]s each of `files` (target, bytes; their folders exist), up to [`WRITERS`] at a
/// time. Once a write fails no writer starts another file (those already begun are finished),
/// and of the files that failed the first in order gives the error, as one writer would.
pub(crate) fn replace_all(files: &[(PathBuf, &[u8])]) -> anyhow::Result<()> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let writers = files.len().div_ceil(FILES_PER_WRITER).min(WRITERS);
    if writers <= 1 {
        return files
            .iter()
            .try_for_each(|(target, bytes)| replace(target, bytes));
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let failed: Mutex<Option<(usize, anyhow::Error)>> = Mutex::new(None);
    let write = || {
        while !stop.load(Ordering::Relaxed) {
            let at = next.fetch_add(1, Ordering::Relaxed);
            let Some((target, bytes)) = files.get(at) else {
                break;
            };
            if let Err(e) = replace(target, bytes) {
                stop.store(true, Ordering::Relaxed);
                let mut first = failed
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if first.as_ref().is_none_or(|(before, _)| at < *before) {
                    *first = Some((at, e));
                }
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..writers {
            scope.spawn(write);
        }
        write();
    });
    match failed
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}

fn parent(target: &Path) -> anyhow::Result<&Path> {
    target
        .parent()
        .with_context(|| format!("{} has no parent folder", target.display()))
}

fn tmp_name(target: &Path) -> String {
    format!("a temporary file for {}", target.display())
}

/// Fsyncs every folder in `dirs` and each of their ancestors up to and including `root`, so that
/// renames and newly created folders are durable before the next step (feeds after transcripts,
/// the manifest last).
pub(crate) fn sync_dirs(root: &Path, dirs: &BTreeSet<PathBuf>) -> anyhow::Result<()> {
    let mut all = BTreeSet::new();
    for d in dirs {
        let mut cur = Some(d.as_path());
        while let Some(p) = cur {
            if !p.starts_with(root) || !all.insert(p.to_path_buf()) {
                break;
            }
            cur = p.parent();
        }
    }
    // Deepest first: a child's entry is durable before its parent's fsync covers the child folder.
    for d in all.iter().rev() {
        File::open(d)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("cannot fsync folder {}", d.display()))?;
    }
    Ok(())
}

/// Whether `rel` is a plain relative path (`a/b.vtt`): no root, no `..`, no `.`, no empty part,
/// no backslash. Anything else could reach outside the output folder, so it is neither written
/// nor removed.
pub(crate) fn is_safe_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\\')
        && !rel.contains('\0')
        && rel.split('/').all(|part| !part.is_empty())
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Removes `.podfeed-tmp-*` files that a killed run left anywhere under `root` (symlinks are not
/// followed). Returns the removed paths, relative to `root`.
pub(crate) fn remove_leftovers(root: &Path) -> anyhow::Result<Vec<String>> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot list {}", dir.display())),
        };
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
            let ty = entry
                .file_type()
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            if ty.is_dir() {
                stack.push(entry.path());
            } else if ty.is_file() && entry.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
                let path = entry.path();
                let rel = path.strip_prefix(root).unwrap_or(&path);
                found.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    remove_listed_leftovers(root, &found)
}

/// Removes the leftovers `listed` (paths relative to `root`, by [`remove_leftovers`]'s walk or a
/// listing of `root` taken before): each is removed when it is still a regular file named
/// `.podfeed-tmp-*` (one gone since, its build having finished, is passed over). Returns the
/// removed paths, sorted.
pub(crate) fn remove_listed_leftovers(
    root: &Path,
    listed: &[String],
) -> anyhow::Result<Vec<String>> {
    let mut removed = Vec::new();
    for rel in listed {
        let path = root.join(rel);
        let is_leftover = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(TMP_PREFIX));
        if !is_leftover || !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            continue;
        }
        match fs::remove_file(&path) {
            Ok(()) => removed.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot remove leftover {}", path.display()));
            }
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_safe() {
        for ok in ["feed.xml", "show/feed.xml", "show/transcripts/a b.vtt"] {
            assert!(is_safe_relative(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "show/../../x",
            "show//x",
            "./x",
            "show/",
            "a\\b",
        ] {
            assert!(!is_safe_relative(bad), "{bad:?}");
        }
    }

    #[test]
    fn atomic_write_creates_folders_and_a_readable_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("show/transcripts/a.vtt");
        write_atomic(&target, b"WEBVTT\n").expect("write");
        assert_eq!(fs::read(&target).expect("read"), b"WEBVTT\n");
        let mode = fs::metadata(&target).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
        let names: Vec<_> = fs::read_dir(target.parent().expect("parent"))
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.vtt")]);
    }

    #[test]
    fn many_files_written_side_by_side_each_hold_their_own_bytes() {
        let dir = tempfile::tempdir().expect("tempdir");
        // More files than the writers take at once, so each writer takes several.
        let n = WRITERS * FILES_PER_WRITER * 3 + 1;
        let texts: Vec<String> = (0..n).map(|i| format!("WEBVTT\n\nNOTE {i}\n")).collect();
        let files: Vec<(PathBuf, &[u8])> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (dir.path().join(format!("{i}.vtt")), t.as_bytes()))
            .collect();
        replace_all(&files).expect("written");
        for (path, bytes) in &files {
            assert_eq!(fs::read(path).expect("read"), *bytes, "{}", path.display());
        }
        let left = fs::read_dir(dir.path()).expect("ls").count();
        assert_eq!(left, n, "no temporary file is left behind");
    }

    #[test]
    fn a_file_that_cannot_be_written_fails_the_whole_and_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut files: Vec<(PathBuf, &[u8])> = (0..WRITERS * FILES_PER_WRITER * 2)
            .map(|i| (dir.path().join(format!("{i}.vtt")), b"WEBVTT\n".as_slice()))
            .collect();
        // Two files fail; the first in order gives the error, whichever writer failed first.
        files.insert(5, (dir.path().join("first-missing/x.vtt"), b"WEBVTT\n"));
        let later = files.len() - 3;
        files.insert(later, (dir.path().join("later-missing/x.vtt"), b"WEBVTT\n"));
        for _ in 0..20 {
            let err = replace_all(&files).expect_err("a folder is missing");
            let message = format!("{err:#}");
            assert!(message.contains("first-missing"), "{message}");
            assert!(!message.contains("later-missing"), "{message}");
        }
    }
}
