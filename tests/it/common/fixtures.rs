//! The transcript fixtures under tests/fixtures/transcripts, and the words of a transcript: what
//! a conversion must keep whatever the format.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the helpers"
)]

use std::path::{Path, PathBuf};

use podfeed::transcript::Transcript;

/// The path of the transcript fixture `name`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/transcripts")
        .join(name)
}

/// Every word of `t`, in order, across its segments.
pub fn words(t: &Transcript) -> Vec<String> {
    t.segments
        .iter()
        .flat_map(|s| {
            s.text
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The shared transcript corpus, or `None` (with a message) in a clone without `../shared`.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/transcripts");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/corpus not found");
        None
    }
}

/// The real feeds of the shared corpus, sorted, or `None` (with a message) in a clone without
/// `../shared`.
pub fn real_feeds() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-feeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: ../shared/corpus not found");
        return None;
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    Some(files)
}
