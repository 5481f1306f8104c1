//! The files of a folder as one walk saw them: path, size, modification time, inode. The
//! fingerprint lists the record folders with it, and (issue 15: one `stat` per output file per
//! build) the output folder once a build, before a record is read: the fingerprint's comparison,
//! the manifest's freshness check ([`Manifest::published`](super::Manifest::published)) and the
//! fingerprint saved after publishing all read that walk, the last one with the files the build
//! itself wrote or removed looked at again ([`Listing::refresh`]).
//!
//! A file changed by someone else between the walk and the end of the build is held as the walk
//! saw it: the fingerprint then saved does not match the folder, so the next build does the work
//! (never the other way round); the manifest's check of a file's size is as old as the walk, one
//! `stat` earlier than it was.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::records::memo::Stamp;
use rayon::iter::{
    IndexedParallelIterator as _, IntoParallelRefIterator as _, ParallelIterator as _,
};

/// What the fingerprint and the manifest need of one file's metadata (a symbolic link followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    /// Size, modification time, inode: what the records' memo compares too.
    stamp: Stamp,
    /// A regular file, not reached through a symbolic link: a file podfeed may have published.
    own_file: bool,
}

impl Meta {
    /// The metadata of `path`, a symbolic link followed; `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<Meta> {
        let (meta, own_file) = followed(path)?;
        Some(Meta::from(&meta, own_file))
    }

    fn from(meta: &std::fs::Metadata, own_file: bool) -> Meta {
        Meta {
            stamp: crate::records::read::stamp(meta),
            own_file,
        }
    }

    /// The fingerprint's line for the file at `path`: kind, path, size, time, inode.
    pub fn line(&self, lines: &mut String, kind: &str, path: &Path) {
        let _ = write!(lines, "{kind}\t{}", path.display());
        self.fields(lines);
    }

    /// The end of the file's line after its path: `\tsize\tsecs.nanos\tinode\n`, the numbers
    /// written without the formatting machinery (70,000 lines per build of a large show).
    fn fields(&self, lines: &mut String) {
        let mut n = itoa::Buffer::new();
        let s = &self.stamp;
        lines.push('\t');
        lines.push_str(n.format(s.len));
        lines.push('\t');
        lines.push_str(n.format(s.mtime));
        lines.push('.');
        lines.push_str(n.format(s.mtime_nsec));
        lines.push('\t');
        lines.push_str(n.format(s.ino));
        lines.push('\n');
    }
}

/// Every file under a folder (recursively; folders themselves are not listed), by path relative
/// to it, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    root: PathBuf,
    files: BTreeMap<String, Meta>,
}

impl Listing {
    /// Walks `root`, leaving out files whose name is in `skip`; `None` when a folder or a file
    /// cannot be read (or `root` does not exist).
    pub fn walk(root: &Path, skip: &[&str]) -> Option<Listing> {
        let mut files = BTreeMap::new();
        collect(root, "", skip, &mut files)?;
        Some(Listing {
            root: root.to_path_buf(),
            files,
        })
    }

    /// The stamp of the file at `path` (under the root), as the walk saw it.
    pub fn stamp(&self, path: &Path) -> Option<Stamp> {
        let rel = path.strip_prefix(&self.root).ok()?.to_str()?;
        self.files.get(rel).map(|m| m.stamp)
    }

    /// Every file by path, in path order, with its size when it is a regular file (not a
    /// symbolic link), as the walk saw it.
    pub fn file_lens(&self) -> impl Iterator<Item = (&String, Option<u64>)> {
        self.files
            .iter()
            .map(|(rel, m)| (rel, m.own_file.then_some(m.stamp.len)))
    }

    /// One line per file, in path order: [`Meta::line`] of the file's path under the root, with
    /// the root written once, not joined to each path.
    pub fn lines(&self, lines: &mut String) {
        let root = self.root.display().to_string();
        // `Path::join` adds a separator only between a non-empty root and the file.
        let separator = if root.is_empty() || root.ends_with('/') {
            ""
        } else {
            "/"
        };
        for (rel, meta) in &self.files {
            lines.push_str("file\t");
            lines.push_str(&root);
            lines.push_str(separator);
            lines.push_str(rel);
            meta.fields(lines);
        }
    }

    /// The files whose name starts with `prefix` (at any depth).
    pub fn named_with_prefix(&self, prefix: &str) -> Vec<String> {
        self.files
            .keys()
            .filter(|rel| {
                rel.rsplit('/')
                    .next()
                    .is_some_and(|n| n.starts_with(prefix))
            })
            .cloned()
            .collect()
    }

    /// Looks again at the files `rels` (those the build wrote or removed): one `stat` each, on
    /// every core (a first build writes 50,000 transcript files).
    pub fn refresh<'a>(&mut self, rels: impl IntoIterator<Item = &'a str>) {
        let rels: Vec<&str> = rels.into_iter().collect();
        let seen: Vec<Option<Meta>> = rels
            .par_iter()
            .with_min_len(ENTRIES_PER_TASK)
            .map(|rel| match followed(&self.root.join(rel)) {
                Some((meta, own_file)) if !meta.is_dir() => Some(Meta::from(&meta, own_file)),
                _ => None,
            })
            .collect();
        for (rel, meta) in rels.into_iter().zip(seen) {
            match meta {
                Some(meta) => {
                    self.files.insert(rel.to_owned(), meta);
                }
                None => {
                    self.files.remove(rel);
                }
            }
        }
    }
}

/// The metadata of `path`, a symbolic link followed, and whether it is a regular file of its own.
fn followed(path: &Path) -> Option<(std::fs::Metadata, bool)> {
    follow(std::fs::symlink_metadata(path).ok()?, || path.to_path_buf())
}

/// `own`, the metadata of a file itself, with a symbolic link followed, and whether it is a
/// regular file of its own. `path` gives the file's path, asked for only to follow a link.
fn follow(
    own: std::fs::Metadata,
    path: impl FnOnce() -> PathBuf,
) -> Option<(std::fs::Metadata, bool)> {
    if own.file_type().is_symlink() {
        Some((std::fs::metadata(path()).ok()?, false))
    } else {
        let file = own.is_file();
        Some((own, file))
    }
}

/// Adds every file under `dir` (whose path relative to the walk's root is `rel`) to `files`.
/// A folder's entries are looked at on rayon's pool (issue 15: an output folder holds 50,000
/// transcript files, and a `stat` is the walk's cost); its subfolders are walked after.
fn collect(dir: &Path, rel: &str, skip: &[&str], files: &mut BTreeMap<String, Meta>) -> Option<()> {
    let entries = std::fs::read_dir(dir)
        .ok()?
        .collect::<std::io::Result<Vec<_>>>()
        .ok()?;
    let seen: Vec<Option<Entry>> = entries
        .par_iter()
        .with_min_len(ENTRIES_PER_TASK)
        .map(|entry| look(entry, rel, skip))
        .collect();
    let mut folders = Vec::new();
    for entry in seen {
        match entry? {
            Entry::Skipped => {}
            Entry::File(child, meta) => {
                files.insert(child, meta);
            }
            Entry::Folder(path, child) => folders.push((path, child)),
        }
    }
    for (path, child) in folders {
        collect(&path, &child, skip, files)?;
    }
    Some(())
}

/// Entries of one folder looked at per task of the pool: a `stat` takes about a microsecond.
const ENTRIES_PER_TASK: usize = 512;

/// One folder entry as the walk saw it.
enum Entry {
    /// Its name is one the walk leaves out.
    Skipped,
    /// A file (or a link to one): its path relative to the root, its metadata.
    File(String, Meta),
    /// A folder (or a link to one), to walk: where it is, its path relative to the root.
    Folder(PathBuf, String),
}

/// Looks at `entry` of the folder at `rel`; `None` when it cannot be read.
fn look(entry: &std::fs::DirEntry, rel: &str, skip: &[&str]) -> Option<Entry> {
    let name = entry
        .file_name()
        .into_string()
        .unwrap_or_else(|name| name.to_string_lossy().into_owned());
    if skip.contains(&name.as_str()) {
        return Some(Entry::Skipped);
    }
    // The entry's own `stat` is made relative to the open folder, so the kernel does not walk
    // the whole path again for each file; a symbolic link is followed.
    let (meta, own_file) = follow(entry.metadata().ok()?, || entry.path())?;
    let child = if rel.is_empty() {
        name
    } else {
        format!("{rel}/{name}")
    };
    Some(if meta.is_dir() {
        Entry::Folder(entry.path(), child)
    } else {
        Entry::File(child, Meta::from(&meta, own_file))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The size [`Listing::file_lens`] gives for `rel`, if it lists it.
    fn file_len(listed: &Listing, rel: &str) -> Option<u64> {
        listed
            .file_lens()
            .find(|(r, _)| *r == rel)
            .and_then(|(_, len)| len)
    }

    #[test]
    fn a_listing_refreshed_for_the_files_changed_is_a_new_listing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("s/transcripts")).expect("mkdir");
        for (rel, text) in [
            ("s/feed.xml", "<rss/>"),
            ("s/transcripts/a.vtt", "WEBVTT\n"),
        ] {
            std::fs::write(root.join(rel), text).expect("write");
        }
        std::fs::write(root.join(".lock"), "1").expect("write");
        let mut listed = Listing::walk(root, &[".lock"]).expect("walk");
        assert_eq!(file_len(&listed, "s/feed.xml"), Some(6));
        assert_eq!(file_len(&listed, ".lock"), None, "skipped");
        assert_eq!(file_len(&listed, "s"), None, "folders are not listed");

        // One file rewritten (a new inode), one removed, one added, a link in place of a file.
        std::fs::write(root.join("s/new.tmp"), "x").expect("write");
        std::fs::rename(root.join("s/new.tmp"), root.join("s/feed.xml")).expect("rename");
        std::fs::remove_file(root.join("s/transcripts/a.vtt")).expect("remove");
        std::fs::write(root.join("s/transcripts/b.vtt"), "WEBVTT\n\n").expect("write");
        assert_ne!(listed, Listing::walk(root, &[".lock"]).expect("walk"));
        listed.refresh(["s/feed.xml", "s/transcripts/a.vtt", "s/transcripts/b.vtt"]);
        assert_eq!(listed, Listing::walk(root, &[".lock"]).expect("walk"));
        assert_eq!(file_len(&listed, "s/feed.xml"), Some(1));

        std::fs::remove_file(root.join("s/feed.xml")).expect("remove");
        std::os::unix::fs::symlink(root.join(".lock"), root.join("s/feed.xml")).expect("link");
        listed.refresh(["s/feed.xml"]);
        assert_eq!(
            file_len(&listed, "s/feed.xml"),
            None,
            "a link is not a file of its own"
        );
        let (mut a, mut b) = (String::new(), String::new());
        listed.lines(&mut a);
        Listing::walk(root, &[".lock"]).expect("walk").lines(&mut b);
        assert_eq!(a, b);
        assert_eq!(listed.named_with_prefix("fee"), ["s/feed.xml"]);
    }

    #[test]
    fn a_folder_looked_at_in_several_tasks_lists_every_file_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = ENTRIES_PER_TASK * 3 + 7;
        std::fs::create_dir_all(dir.path().join("s/t")).expect("mkdir");
        for i in 0..files {
            std::fs::write(dir.path().join(format!("s/t/{i}.vtt")), "x".repeat(i)).expect("write");
        }
        std::fs::write(dir.path().join("s/.lock"), "1").expect("write");
        let listed = Listing::walk(dir.path(), &[".lock"]).expect("walk");
        assert_eq!(listed.files.len(), files);
        for i in 0..files {
            assert_eq!(file_len(&listed, &format!("s/t/{i}.vtt")), Some(i as u64));
        }
        assert_eq!(file_len(&listed, "s/.lock"), None, "skipped");
    }

    #[test]
    fn the_lines_are_each_files_line_under_its_joined_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("s/t")).expect("mkdir");
        std::fs::write(dir.path().join("s/t/a.vtt"), "WEBVTT\n").expect("write");
        std::fs::write(dir.path().join("b.xml"), "<rss/>").expect("write");
        for root in [dir.path().to_path_buf(), dir.path().join("")] {
            let listed = Listing::walk(&root, &[]).expect("walk");
            let mut expected = String::new();
            for rel in ["b.xml", "s/t/a.vtt"] {
                let path = root.join(rel);
                Meta::of(&path)
                    .expect("meta")
                    .line(&mut expected, "file", &path);
            }
            let mut lines = String::new();
            listed.lines(&mut lines);
            assert_eq!(lines, expected);
        }
    }
}
