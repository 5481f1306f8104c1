//! The fuzz targets' inputs replayed on stable Rust (issue 16): every seed and saved input of
//! `fuzz/corpus/TARGET/`, and every input that once crashed, hung or blew up memory, kept in
//! `tests/fixtures/fuzz/TARGET/`. Each goes through the very function its target runs under
//! libFuzzer (`fuzz/src/lib.rs`, included here), so a fix that regresses fails `cargo test`.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod harness;

/// The files of `dir`, sorted; none when it does not exist.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs each input of `folder/TARGET` through its target; a panic names the file.
fn replay(folder: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut count = 0;
    for (target, run) in harness::TARGETS {
        for file in inputs(&root.join(target)) {
            let bytes = std::fs::read(&file).expect("read a fuzz input");
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(outcome.is_ok(), "{target} panics on {}", file.display());
            count += 1;
        }
    }
    count
}

#[test]
fn every_target_has_seeds_and_replays_them_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (target, _) in harness::TARGETS {
        assert!(
            !inputs(&root.join(target)).is_empty(),
            "fuzz/corpus/{target} holds no seed"
        );
    }
    assert!(replay("fuzz/corpus") >= 5);
    // Inputs that once failed (none yet: the runs so far found nothing).
    replay("tests/fixtures/fuzz");
}
