//! A copy of the shipped example site (config.toml and feeds/) in a temporary folder, the
//! `podfeed` binary run in it with a fixed clock, and the helpers the build and import tests
//! use to look at and change its files.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the helpers"
)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The example show's id: its folder under `feeds/` and under `public/`.
pub const SHOW: &str = "good-tech-companies";
/// The example's one episode's slug.
pub const EPISODE: &str = "2024-08-07-should-ai-be-open-source";
/// The clock of [`podfeed`]: after the example episode, so it is published.
pub const NOW: &str = "2026-01-01T00:00:00Z";

/// The repository's root, where config.toml, feeds/ and tests/ are.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the repository's config.toml and feeds/ in a temporary folder.
pub fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(root().join("config.toml"), dir.path().join("config.toml")).expect("copy config");
    copy_dir(&root().join("feeds"), &dir.path().join("feeds"));
    dir
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy file");
        }
    }
}

/// `podfeed` in `dir` with the clock at [`NOW`] and no `SOURCE_DATE_EPOCH` from the caller.
pub fn podfeed(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("podfeed").expect("binary");
    cmd.current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("PODFEED_NOW", NOW);
    cmd
}

/// The example show's episodes folder in the site at `site`.
pub fn episodes(site: &Path) -> PathBuf {
    site.join("feeds").join(SHOW).join("episodes")
}

/// The built feed of the example show, as bytes.
pub fn built_feed(site: &Path) -> Vec<u8> {
    fs::read(site.join("public").join(SHOW).join("feed.xml")).expect("built feed")
}

/// The built feed of the example show, parsed by the rss crate.
pub fn built_channel(site: &Path) -> rss::Channel {
    rss::Channel::read_from(&built_feed(site)[..]).expect("the built feed parses")
}

/// Rewrites the text file at `path` with `edit`.
pub fn edit(path: &Path, edit: impl FnOnce(&str) -> String) {
    let text = fs::read_to_string(path).expect("read file to edit");
    fs::write(path, edit(&text)).expect("write edited file");
}

/// Every file under `dir`, relative path → bytes (empty when `dir` does not exist).
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("read folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .expect("under the root")
                    .to_path_buf();
                files.insert(rel, fs::read(&path).expect("read file"));
            }
        }
    }
    let mut files = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut files);
    }
    files
}

/// Every published file under `dir/public` (the build's own state files left out), by path.
pub fn published(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = snapshot(&dir.join("public"));
    files.retain(|path, _| !path.to_string_lossy().starts_with(".podfeed"));
    files
}

/// Asserts that two builds published the same files with the same bytes (`what`: which case).
pub fn assert_same_published(
    rebuilt: &BTreeMap<PathBuf, Vec<u8>>,
    from_scratch: &BTreeMap<PathBuf, Vec<u8>>,
    what: &str,
) {
    assert_eq!(
        rebuilt.keys().collect::<Vec<_>>(),
        from_scratch.keys().collect::<Vec<_>>(),
        "{what}: the same files"
    );
    let differing: Vec<_> = rebuilt
        .iter()
        .filter(|(path, bytes)| from_scratch.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        differing.is_empty(),
        "{what}: files that differ: {differing:?}"
    );
}

/// Standard error of a finished run, as text.
pub fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// Standard output of a finished run, as text.
pub fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}
