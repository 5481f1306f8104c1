//! What the cron tests share: a generated site in a temporary folder and the `podfeed` command
//! run in it at a given time. Needs `show` (tests/common/show.rs) declared beside it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use super::show::write_site;

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
