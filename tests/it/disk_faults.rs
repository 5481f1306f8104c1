//! The disk as an adversary (issue 16): a full disk and a read-only output folder (a small tmpfs
//! the test mounts when it runs as root; skipped with a message otherwise), a corrupt manifest
//! or one from a newer version, and files over the size limits, refused from their size before
//! they are read. Published files stay whole and unchanged, the error names the file and what
//! happened, and the next good run repairs everything.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use crate::common::site::{self, episodes, example_site, podfeed, snapshot, stderr};

/// A tmpfs of `kib` KiB mounted at a new folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// `None` (with a message) when the test cannot mount: not root, or no mount allowed.
    fn mount(kib: u32) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().expect("tempdir");
        let ok = Process::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("skipped: cannot mount a tmpfs (the test needs root)");
            return None;
        }
        Some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, opts: &str) {
        let ok = Process::new("mount")
            .args(["-o", &format!("remount,{opts}")])
            .arg(self.path())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount {opts}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Process::new("umount").arg(self.dir.path()).status();
    }
}

/// `podfeed build` of `site` into `out`.
fn build(site: &Path, out: &Path) -> assert_cmd::assert::Assert {
    podfeed(site)
        .args(["build", "--quiet", "--out"])
        .arg(out)
        .assert()
}

/// Changes the example episode's title, so the next build rewrites the feed.
fn change_a_record(site: &Path) {
    let record = fs::read_dir(episodes(site))
        .expect("episodes")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "toml"))
        .expect("an episode record");
    site::edit(&record, |t| {
        t.replacen("title = \"", "title = \"Changed: ", 1)
    });
}

/// Builds `site` into a fresh folder and returns what it wrote (the repaired state to compare).
fn clean_build(site: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let out = tempfile::tempdir().expect("tempdir");
    build(site, out.path()).success();
    without_manifest(snapshot(out.path()))
}

fn without_manifest(
    mut files: std::collections::BTreeMap<PathBuf, Vec<u8>>,
) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    files.retain(|p, _| !p.to_string_lossy().starts_with(".podfeed"));
    files
}

#[test]
fn a_full_disk_leaves_the_published_files_whole_and_the_next_run_repairs() {
    let Some(fs_) = Tmpfs::mount(1024) else {
        return;
    };
    let out = fs_.path().join("public");
    let site = example_site();
    build(site.path(), &out).success();
    let before = snapshot(&out);
    // Fill the disk, then change a record: the build must write and cannot.
    let filler = fs_.path().join("filler");
    let _ = Process::new("dd")
        .args(["if=/dev/zero", "bs=4k"])
        .arg(format!("of={}", filler.display()))
        .stderr(std::process::Stdio::null())
        .status();
    change_a_record(site.path());
    let a = build(site.path(), &out).code(2);
    let err = stderr(&a);
    assert!(err.contains("No space left on device"), "{err}");
    assert!(
        err.contains(&out.display().to_string()),
        "names the file: {err}"
    );
    assert_eq!(snapshot(&out), before, "published files unchanged");
    fs::remove_file(&filler).expect("free the disk");
    build(site.path(), &out).success();
    assert_eq!(without_manifest(snapshot(&out)), clean_build(site.path()));
}

#[test]
fn a_read_only_output_folder_is_an_error_naming_it_and_the_next_run_repairs() {
    let Some(fs_) = Tmpfs::mount(4096) else {
        return;
    };
    let out = fs_.path().join("public");
    let site = example_site();
    build(site.path(), &out).success();
    let before = snapshot(&out);
    fs_.remount("ro");
    change_a_record(site.path());
    let a = build(site.path(), &out).code(2);
    let err = stderr(&a);
    assert!(err.contains("Read-only file system"), "{err}");
    assert!(
        err.contains(&out.display().to_string()),
        "names the folder: {err}"
    );
    assert_eq!(snapshot(&out), before, "published files unchanged");
    fs_.remount("rw");
    build(site.path(), &out).success();
    assert_eq!(without_manifest(snapshot(&out)), clean_build(site.path()));
}

#[test]
fn a_corrupt_or_newer_manifest_is_ignored_and_the_build_repairs() {
    for manifest in [
        &b"{ not json"[..],
        br#"{"podfeed_version":"99.0.0","format":99,"files":{"x/feed.xml":{"size":1}}}"#,
    ] {
        let site = example_site();
        let out = site.path().join("public");
        build(site.path(), &out).success();
        let good = snapshot(&out);
        let path = out.join(".podfeed-manifest.json");
        assert!(path.exists(), "the manifest's name");
        fs::write(&path, manifest).expect("spoil the manifest");
        build(site.path(), &out).success();
        assert_eq!(
            without_manifest(snapshot(&out)),
            without_manifest(good.clone()),
            "every published file whole"
        );
        let repaired = fs::read(&path).expect("manifest rewritten");
        assert_eq!(
            good.get(Path::new(".podfeed-manifest.json")),
            Some(&repaired)
        );
    }
}

/// A sparse file of `len` bytes: its size says it all, and nothing is on disk.
fn sparse(path: &Path, len: u64) {
    fs::File::create(path)
        .and_then(|f| f.set_len(len))
        .expect("sparse file");
}

#[test]
fn a_300_mb_feed_file_is_refused_from_its_size() {
    let dir = example_site();
    sparse(&dir.path().join("big.xml"), 300_000_000);
    let out = podfeed(dir.path())
        .args(["validate", "big.xml", "--no-links"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(4));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("cannot read big.xml: the file is 300000000 bytes, over the limit of 50000000 bytes (max_feed_bytes)"),
        "{text}"
    );
}

#[test]
fn transcripts_and_chapters_over_their_limits_are_refused_from_their_size() {
    let dir = example_site();
    sparse(&dir.path().join("big.vtt"), 60 * 1024 * 1024);
    sparse(&dir.path().join("big.chapters.json"), 6 * 1024 * 1024);
    let cases: [(&[&str], &str); 2] = [
        (
            &["transcript", "big.vtt", "--to", "srt"],
            "cannot read big.vtt: the file is 62914560 bytes, over the limit of 52428800 bytes",
        ),
        (
            &["chapters", "big.chapters.json", "--to", "txt"],
            "cannot read big.chapters.json: the file is 6291456 bytes, over the limit of 5242880 bytes",
        ),
    ];
    for (args, expected) in cases {
        let out = podfeed(dir.path()).args(args).output().expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}
