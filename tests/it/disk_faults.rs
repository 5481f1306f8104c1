//! The disk as an adversary (issue 16): a full disk and a read-only output folder (a small tmpfs
//! the test mounts when it runs as root; skipped with a message otherwise), a corrupt manifest
//! or one from a newer version, and files over the size limits, refused from their size before
//! they are read, and a record edited while a build runs. Published files stay whole and
//! unchanged, the error names the file and what happened, and the next good run repairs
//! everything.

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
    site::edit(&an_episode_record(site), |t| {
        t.replacen("title = \"", "title = \"Changed: ", 1)
    });
}

/// The example's episode record.
fn an_episode_record(site: &Path) -> PathBuf {
    fs::read_dir(episodes(site))
        .expect("episodes")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "toml"))
        .expect("an episode record")
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
        b"podfeed manifest 1\n\x05",
    ] {
        let site = example_site();
        let out = site.path().join("public");
        build(site.path(), &out).success();
        let good = snapshot(&out);
        let path = out.join(podfeed::site::MANIFEST_FILE);
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
            good.get(Path::new(podfeed::site::MANIFEST_FILE)),
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

/// Whether the process `pid` has `file` open (Linux `/proc`).
fn has_open(pid: u32, file: &Path) -> bool {
    fs::read_dir(format!("/proc/{pid}/fd"))
        .into_iter()
        .flatten()
        .flatten()
        .any(|fd| fs::read_link(fd.path()).is_ok_and(|target| target == file))
}

#[test]
fn a_record_edited_while_a_build_runs_is_published_by_the_next_build() {
    let site = example_site();
    let dir = site.path();
    let out = dir.join("public");
    build(dir, &out).success();
    change_a_record(dir);
    // The test holds the output folder's lock, so the build reads every record and then waits
    // for the lock: the moment it opens the lock file, its records are read.
    let lock = podfeed::site::Lock::acquire(&out, None).expect("take the lock");
    let lock_file = fs::canonicalize(lock.path()).expect("the lock file");
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("podfeed"))
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("PODFEED_NOW", site::NOW)
        .args(["build", "--quiet", "--wait", "120", "--out"])
        .arg(&out)
        .spawn()
        .expect("start a build");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !has_open(child.id(), &lock_file) {
        assert!(
            child.try_wait().expect("the build's state").is_none(),
            "the build ended before it waited for the lock"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "the build never took the lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // Edited after the build read it: that build publishes what it read, the next one this.
    site::edit(&an_episode_record(dir), |t| {
        t.replacen("Changed: ", "Edited mid-build: ", 1)
    });
    drop(lock);
    assert!(child.wait().expect("the build ends").success());
    let titles = |out: &Path| -> Vec<String> {
        let bytes = fs::read(out.join(site::SHOW).join("feed.xml")).expect("the feed");
        let channel = rss::Channel::read_from(&bytes[..]).expect("a whole feed");
        channel
            .items()
            .iter()
            .filter_map(|i| i.title().map(str::to_owned))
            .collect()
    };
    let read = titles(&out);
    assert!(read.iter().any(|t| t.starts_with("Changed: ")), "{read:?}");
    let next = podfeed(dir)
        .args(["build", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(
        site::stdout(&next).contains("files written"),
        "{}",
        site::stdout(&next)
    );
    let now = titles(&out);
    assert!(
        now.iter().any(|t| t.starts_with("Edited mid-build: ")),
        "{now:?}"
    );
    assert_eq!(without_manifest(snapshot(&out)), clean_build(dir));
}
