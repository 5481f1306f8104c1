//! What the cron tests share: a generated site in a temporary folder and the `podfeed` command
//! run in it at a given time. Needs `show` (tests/common/show.rs) declared beside it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use super::show::{SHOW, slug, write_site};

/// Every episode of the generated show is due at this time unless a test says otherwise.
pub const LATE: &str = "2030-01-01T00:00:00Z";

/// `podfeed` run in `dir` with the clock at `now`, no SOURCE_DATE_EPOCH and no RUST_LOG.
pub fn podfeed(dir: &Path, now: &str) -> Command {
    let mut cmd = Command::cargo_bin("podfeed").expect("the podfeed binary");
    cmd.current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RUST_LOG")
        .env("PODFEED_NOW", now);
    cmd
}

/// A generated site of `episodes` episodes with `cues`-cue transcripts; returns the folder and
/// the episodes folder.
pub fn site(episodes: usize, cues: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let eps = write_site(dir.path(), episodes, cues).expect("write the generated site");
    (dir, eps)
}

/// Every file under `root`: its path relative to `root` and its metadata.
pub fn files(root: &Path) -> Vec<(String, PathBuf, fs::Metadata)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("list a folder") {
            let path = entry.expect("a folder entry").path();
            let meta = fs::symlink_metadata(&path).expect("stat a file");
            if meta.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .expect("under root")
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, path, meta));
            }
        }
    }
    out
}

/// Paths whose entry differs between two snapshots, or that exist in only one.
pub fn changed<V: PartialEq>(a: &BTreeMap<String, V>, b: &BTreeMap<String, V>) -> BTreeSet<String> {
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// The five published transcript files of episode `i`.
pub fn transcripts_of(i: usize) -> BTreeSet<String> {
    ["vtt", "srt", "json", "html", "txt"]
        .iter()
        .map(|ext| format!("{SHOW}/transcripts/{}.{ext}", slug(i)))
        .collect()
}
