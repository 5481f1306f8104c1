//! `podfeed build` run as cron runs it: again and again on the same folder, sometimes two at
//! once, sometimes killed half-way (issue 6).

#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use crate::common::cron_site;
use crate::common::show;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use cron_site::{LATE, changed, files, podfeed, site, transcripts_of};
use podfeed::site::{FINGERPRINT_FILE, LOCK_FILE, Lock, MANIFEST_FILE, Manifest, TMP_PREFIX};
use show::{SHOW, slug, write_episode, write_site_with_notes};

/// (inode, mtime s, mtime ns) of every file under `root` but the lock file (whose content, the
/// holder's pid, changes every run).
fn stamps(root: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    files(root)
        .into_iter()
        .filter(|(rel, _, _)| rel != LOCK_FILE)
        .map(|(rel, _, meta)| (rel, (meta.ino(), meta.mtime(), meta.mtime_nsec())))
        .collect()
}

fn feed_path(root: &Path) -> PathBuf {
    root.join("public").join(SHOW).join("feed.xml")
}

/// Parses the feed as XML from start to end; returns its number of `<item>` elements.
fn parse_items(feed: &[u8]) -> Result<usize, String> {
    let mut reader = quick_xml::Reader::from_reader(feed);
    let mut buf = Vec::new();
    let mut items = 0;
    let mut depth = 0usize;
    let mut closed_root = false;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e)) => {
                depth += 1;
                if e.name().as_ref() == b"item" {
                    items += 1;
                }
            }
            Ok(quick_xml::events::Event::End(_)) => {
                depth = depth.checked_sub(1).ok_or("unbalanced end tag")?;
                closed_root |= depth == 0;
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("at byte {}: {e}", reader.buffer_position())),
        }
        buf.clear();
    }
    if depth != 0 || !closed_root {
        return Err("the document ends before </rss>".into());
    }
    Ok(items)
}

#[test]
fn a_second_build_rewrites_nothing_and_says_so_in_one_line() {
    let (dir, _) = site(5, 4);
    podfeed(dir.path(), LATE).arg("build").assert().success();
    let public = dir.path().join("public");
    let before = stamps(&public);
    // The feed, its stylesheet, its transcripts, the manifest, and the fingerprint the next
    // build compares.
    assert_eq!(before.len(), 2 + 5 * 5 + 2, "{before:#?}");
    let out = podfeed(dir.path(), LATE).arg("build").assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout:?}");
    assert!(stdout.contains("nothing changed"), "{stdout:?}");
    assert_eq!(stamps(&public), before);

    podfeed(dir.path(), LATE)
        .args(["build", "--quiet"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    assert_eq!(stamps(&public), before);
}

#[test]
fn the_feeds_last_build_date_moves_only_when_its_content_does() {
    let (dir, eps) = site(3, 2);
    let public = dir.path().join("public");
    let last_build = || {
        let feed = fs::read_to_string(feed_path(dir.path())).unwrap();
        let start = feed.find("<lastBuildDate>").unwrap() + "<lastBuildDate>".len();
        let end = feed.find("</lastBuildDate>").unwrap();
        feed[start..end].to_owned()
    };
    podfeed(dir.path(), LATE).arg("build").assert().success();
    assert_eq!(last_build(), "Tue, 01 Jan 2030 00:00:00 +0000");

    // A day later, nothing changed: the feed keeps its date, so it is not rewritten at all.
    let before = stamps(&public);
    podfeed(dir.path(), "2030-01-02T00:00:00Z")
        .arg("build")
        .assert()
        .success();
    assert_eq!(stamps(&public), before);
    assert_eq!(last_build(), "Tue, 01 Jan 2030 00:00:00 +0000");

    // Two days later, a title changed: the feed is rewritten with that build's date.
    let record = eps.join(format!("{}.toml", slug(1)));
    let text = fs::read_to_string(&record).unwrap();
    fs::write(&record, text.replace("Episode 1\"", "Episode 1, renamed\"")).unwrap();
    podfeed(dir.path(), "2030-01-03T12:30:00Z")
        .arg("build")
        .assert()
        .success();
    assert_eq!(last_build(), "Thu, 03 Jan 2030 12:30:00 +0000");
    let feed = fs::read_to_string(feed_path(dir.path())).unwrap();
    assert!(feed.contains("Episode 1, renamed"), "{feed}");
    assert_eq!(
        feed.matches("Thu, 03 Jan 2030 12:30:00").count(),
        1,
        "{feed}"
    );

    // A date written by hand in another form is not podfeed's: the next build writes its own.
    fs::write(
        feed_path(dir.path()),
        feed.replace(
            "Thu, 03 Jan 2030 12:30:00 +0000",
            "Thu, 3 Jan 2030 12:30:00 GMT",
        ),
    )
    .unwrap();
    podfeed(dir.path(), "2030-01-04T00:00:00Z")
        .arg("build")
        .assert()
        .success();
    assert_eq!(last_build(), "Fri, 04 Jan 2030 00:00:00 +0000");
}

/// The feed's `lastBuildDate` in the output folder.
fn last_build_of(root: &Path) -> String {
    let feed = fs::read_to_string(feed_path(root)).unwrap();
    let start = feed.find("<lastBuildDate>").unwrap() + "<lastBuildDate>".len();
    let end = feed.find("</lastBuildDate>").unwrap();
    feed[start..end].to_owned()
}

#[test]
fn a_manifest_without_the_feeds_input_costs_one_new_date_then_the_date_stays() {
    let (dir, _) = site(2, 2);
    podfeed(dir.path(), LATE).arg("build").assert().success();
    assert_eq!(last_build_of(dir.path()), "Tue, 01 Jan 2030 00:00:00 +0000");
    // As an older podfeed wrote it: no input hash and no date for the feed.
    let manifest_path = dir.path().join("public").join(MANIFEST_FILE);
    let mut manifest = Manifest::from_bytes(&fs::read(&manifest_path).unwrap()).unwrap();
    let feed = manifest.files.get_mut(&format!("{SHOW}/feed.xml")).unwrap();
    assert!(
        feed.input.is_some() && feed.last_build.is_some(),
        "{feed:?}"
    );
    (feed.input, feed.last_build) = (None, None);
    fs::write(&manifest_path, manifest.to_bytes().unwrap()).unwrap();

    podfeed(dir.path(), "2030-01-02T00:00:00Z")
        .arg("build")
        .assert()
        .success();
    assert_eq!(last_build_of(dir.path()), "Wed, 02 Jan 2030 00:00:00 +0000");
    let public = dir.path().join("public");
    let before = stamps(&public);
    podfeed(dir.path(), "2030-01-03T00:00:00Z")
        .arg("build")
        .assert()
        .success();
    assert_eq!(last_build_of(dir.path()), "Wed, 02 Jan 2030 00:00:00 +0000");
    assert_eq!(stamps(&public), before);
}

#[test]
fn a_changed_record_rewrites_only_the_files_it_affects() {
    let (dir, eps) = site(5, 4);
    let public = dir.path().join("public");
    podfeed(dir.path(), LATE).arg("build").assert().success();

    // A new title is in the feed, not in the transcripts.
    let before = stamps(&public);
    let record = eps.join(format!("{}.toml", slug(2)));
    let text = fs::read_to_string(&record).unwrap();
    fs::write(
        &record,
        text.replace("Episode 2\"", "Episode 2, retitled\""),
    )
    .unwrap();
    podfeed(dir.path(), LATE).arg("build").assert().success();
    let after = stamps(&public);
    // Every build that writes also rewrites the manifest and the no-change fingerprint.
    let expected: BTreeSet<String> = [
        format!("{SHOW}/feed.xml"),
        MANIFEST_FILE.to_string(),
        FINGERPRINT_FILE.to_string(),
    ]
    .into();
    assert_eq!(changed(&before, &after), expected);
    let feed = fs::read_to_string(feed_path(dir.path())).unwrap();
    assert!(feed.contains("Episode 2, retitled"));

    // A corrected transcript changes its five published formats only.
    let before = after;
    fs::write(
        eps.join(format!("{}.vtt", slug(3))),
        show::transcript(3, " (corrected)", 4),
    )
    .unwrap();
    podfeed(dir.path(), LATE).arg("build").assert().success();
    let after = stamps(&public);
    let mut expected = transcripts_of(3);
    expected.insert(MANIFEST_FILE.to_string());
    expected.insert(FINGERPRINT_FILE.to_string());
    assert_eq!(changed(&before, &after), expected);
    let vtt =
        fs::read_to_string(public.join(format!("{SHOW}/transcripts/{}.vtt", slug(3)))).unwrap();
    assert!(vtt.contains("Episode 3 (corrected)"));
}

#[test]
fn a_scheduled_episode_appears_once_it_is_due() {
    // Episodes are an hour apart from 2024-01-01T00:00Z: at 03:30, episodes 0–3 are due.
    let (dir, _) = site(6, 3);
    let public = dir.path().join("public");
    podfeed(dir.path(), "2024-01-01T03:30:00Z")
        .arg("build")
        .assert()
        .success()
        .stdout(predicates::str::contains("next due 2024-01-01T04:00:00"));
    let feed = fs::read(feed_path(dir.path())).unwrap();
    assert_eq!(parse_items(&feed), Ok(4));
    assert!(!String::from_utf8_lossy(&feed).contains("Episode 4"));
    assert!(transcripts_of(4).iter().all(|t| !public.join(t).exists()));

    let before = stamps(&public);
    podfeed(dir.path(), "2024-01-01T04:00:00Z")
        .arg("build")
        .assert()
        .success();
    let feed = fs::read(feed_path(dir.path())).unwrap();
    assert_eq!(parse_items(&feed), Ok(5));
    assert!(String::from_utf8_lossy(&feed).contains("Episode 4"));
    let mut expected = transcripts_of(4);
    expected.insert(format!("{SHOW}/feed.xml"));
    expected.insert(MANIFEST_FILE.to_string());
    expected.insert(FINGERPRINT_FILE.to_string());
    assert_eq!(changed(&before, &stamps(&public)), expected);
}

#[test]
fn a_build_finding_the_lock_held_exits_3_naming_the_holder() {
    let (dir, _) = site(3, 2);
    let public = dir.path().join("public");
    let lock = Lock::acquire(&public, None).unwrap();
    podfeed(dir.path(), LATE)
        .arg("build")
        .assert()
        .code(3)
        .stderr(predicates::str::contains(format!(
            "pid {}",
            std::process::id()
        )));
    let written: Vec<_> = fs::read_dir(&public)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, vec![LOCK_FILE.to_string()], "a locked build wrote");

    // --wait outlasts a holder that lets go.
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        drop(lock);
    });
    podfeed(dir.path(), LATE)
        .args(["build", "--wait", "30"])
        .assert()
        .success();
    release.join().unwrap();
    assert!(feed_path(dir.path()).exists());
}

#[test]
fn of_two_builds_started_together_exactly_one_writes() {
    let (dir, _) = site(150, 6);
    let start = |_| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("podfeed"))
            .current_dir(dir.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env("PODFEED_NOW", LATE)
            .args(["build", "--format", "json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..2).map(start).collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let mut writers = 0;
    for out in &outputs {
        match out.status.code() {
            Some(0) => {
                let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                let written = summary["written"].as_array().map_or(0, Vec::len);
                writers += usize::from(written > 0);
            }
            Some(3) => {
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(stderr.contains("pid "), "{stderr}");
            }
            other => panic!("exit {other:?}: {}", String::from_utf8_lossy(&out.stderr)),
        }
    }
    // Either they overlapped (one exits 3) or the second found everything up to date.
    assert_eq!(writers, 1, "{outputs:?}");
    assert_eq!(
        parse_items(&fs::read(feed_path(dir.path())).unwrap()),
        Ok(150)
    );
}

#[test]
fn a_build_killed_at_any_point_never_leaves_a_broken_feed() {
    const EPISODES: usize = 60;
    const CUES: usize = 4;
    // Long show notes (under Apple's 4000-byte limit) make a feed of about 300 KB, so writing it
    // takes long enough for a non-atomic write to be caught.
    const NOTES: usize = 3_600;
    const RUNS: u32 = 10;
    let dir = tempfile::tempdir().unwrap();
    let eps = write_site_with_notes(dir.path(), EPISODES, CUES, NOTES).unwrap();
    podfeed(dir.path(), LATE).arg("build").assert().success();
    let rewrite_all = |variant: &str| {
        for i in 0..EPISODES {
            write_episode(&eps, i, variant, CUES, NOTES).unwrap();
        }
    };
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("podfeed"))
            .current_dir(dir.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env("PODFEED_NOW", LATE)
            .args(["build", "--quiet"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let show_dir = dir.path().join("public").join(SHOW);
    let check = |run: &str| {
        let feed = fs::read(feed_path(dir.path())).unwrap_or_else(|e| panic!("{run}: {e}"));
        assert_eq!(parse_items(&feed), Ok(EPISODES), "{run}");
    };

    // How long a build that rewrites everything takes, to spread kills over it.
    rewrite_all(" v0");
    let started = Instant::now();
    podfeed(dir.path(), LATE).arg("build").assert().success();
    let full = started.elapsed();

    let mut killed_mid_way = 0;
    for k in 1..=RUNS {
        // Kills spread from the start of the build to a little past its usual end.
        rewrite_all(&format!(" a{k}"));
        let mut child = spawn();
        let delay = full.mul_f64(1.2 * f64::from(k) / f64::from(RUNS));
        std::thread::sleep(delay);
        killed_mid_way += usize::from(child.try_wait().unwrap().is_none());
        child.kill().unwrap();
        child.wait().unwrap();
        check(&format!("killed after {delay:?}"));

        // Kills at the moment the feed starts being replaced (its folder changes: a temporary
        // file appears, or the feed itself changes), plus (k-1)/4 ms: the moment a non-atomic write
        // would be caught half-done.
        rewrite_all(&format!(" b{k}"));
        let before = folder_state(&show_dir);
        let mut child = spawn();
        while folder_state(&show_dir) == before && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_micros(100));
        }
        std::thread::sleep(Duration::from_micros(250 * u64::from(k - 1)));
        killed_mid_way += usize::from(child.try_wait().unwrap().is_none());
        child.kill().unwrap();
        child.wait().unwrap();
        check(&format!("killed {}µs into the feed's write", 250 * (k - 1)));
    }
    assert!(killed_mid_way > 0, "no build was killed before it finished");

    // The next build succeeds and leaves exactly what a clean build of the same records gives.
    podfeed(dir.path(), LATE).arg("build").assert().success();
    let clean = tempfile::tempdir().unwrap();
    podfeed(dir.path(), LATE)
        .args(["build", "--out"])
        .arg(clean.path())
        .assert()
        .success();
    let mut published = contents(&dir.path().join("public"));
    assert!(
        published.keys().all(|p| !p.contains(TMP_PREFIX)),
        "temporary files left"
    );
    // The fingerprint holds each folder's own file metadata (inodes, times): present in both,
    // equal in neither by design. Every other file must be byte for byte the same.
    let mut clean_files = contents(clean.path());
    assert!(published.remove(FINGERPRINT_FILE).is_some());
    assert!(clean_files.remove(FINGERPRINT_FILE).is_some());
    assert_eq!(published, clean_files);
}

/// The names in a show folder and the feed's (inode, size, mtime): changes when the feed's
/// replacement begins.
fn folder_state(show_dir: &Path) -> (BTreeSet<String>, Option<(u64, u64, i64)>) {
    let names = fs::read_dir(show_dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let feed = fs::metadata(show_dir.join("feed.xml"))
        .ok()
        .map(|m| (m.ino(), m.len(), m.mtime_nsec()));
    (names, feed)
}

/// Relative path → bytes of every file podfeed publishes under `root` (not its lock or manifest).
fn contents(root: &Path) -> BTreeMap<String, Vec<u8>> {
    stamps(root)
        .into_keys()
        .filter(|p| p != MANIFEST_FILE)
        .map(|p| {
            let bytes = fs::read(root.join(&p)).unwrap();
            (p, bytes)
        })
        .collect()
}
