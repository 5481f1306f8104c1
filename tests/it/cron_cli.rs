//! `podfeed build` from the command line, as cron runs it (issue 6): directory pings, `--dry-run`,
//! `--format json`, `--quiet`, removed episodes and where the logs go. Each test runs the real
//! binary on a generated show; pings go to a local server on 127.0.0.1.

#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use crate::common::cron_site;
use crate::common::server;
use crate::common::show;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use cron_site::{LATE, changed, files, podfeed, site, transcripts_of};
use podfeed::site::{FINGERPRINT_FILE, MANIFEST_FILE, Manifest, TMP_PREFIX};
use server::{Seen, Server, Site};
use show::{SHOW, slug};

/// The public URL of the generated show's feed (`base_url` + `/bench-show/feed.xml`).
const FEED: &str = "https://podcasts.example.com/bench-show/feed.xml";

/// Runs `podfeed build` with `args`; returns (exit code, stdout, stderr).
fn build(dir: &Path, now: &str, args: &[&str]) -> (i32, String, String) {
    let out = podfeed(dir, now).arg("build").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Relative path → (inode, mtime s, mtime ns, bytes) of every file under `root`, the lock file
/// included.
type Snapshot = BTreeMap<String, (u64, i64, i64, Vec<u8>)>;

fn snapshot(root: &Path) -> Snapshot {
    files(root)
        .into_iter()
        .map(|(rel, path, meta)| {
            let bytes = fs::read(&path).unwrap();
            (rel, (meta.ino(), meta.mtime(), meta.mtime_nsec(), bytes))
        })
        .collect()
}

fn feed_of(dir: &Path) -> String {
    fs::read_to_string(dir.join("public").join(SHOW).join("feed.xml")).unwrap()
}

/// Changes episode `i`'s title in its record (only the feed depends on it).
fn retitle(eps: &Path, i: usize, title: &str) {
    let record = eps.join(format!("{}.toml", slug(i)));
    let text = fs::read_to_string(&record).unwrap();
    let old = format!("title = \"Episode {i}\"");
    let start = text.find("title = \"").unwrap();
    let end = start + text[start..].find('\n').unwrap();
    assert!(
        text[start..end].starts_with(&old[..old.len() - 1]),
        "{text}"
    );
    fs::write(
        &record,
        format!("{}title = \"{title}\"{}", &text[..start], &text[end..]),
    )
    .unwrap();
}

/// Deletes episode `i`'s record and transcript.
fn delete_episode(eps: &Path, i: usize) {
    fs::remove_file(eps.join(format!("{}.toml", slug(i)))).unwrap();
    fs::remove_file(eps.join(format!("{}.vtt", slug(i)))).unwrap();
}

/// A ping server (WebSub hub at `/hub`, Podcast Index style at `/pubnotify`) on its own runtime,
/// which keeps serving while the test waits for the binary.
struct Pings {
    server: Server,
    _rt: tokio::runtime::Runtime,
}

impl Pings {
    fn start() -> Pings {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let server = rt.block_on(
            Site::new()
                .file("/hub", "", "text/plain")
                .file("/pubnotify", "", "text/plain")
                .start(),
        );
        Pings { server, _rt: rt }
    }

    fn hub(&self) -> String {
        self.server.url("/hub").to_string()
    }

    /// The pubnotify endpoint, with a query parameter of its own (as an API key would be).
    fn pubnotify(&self) -> String {
        format!("{}?key=k1", self.server.url("/pubnotify"))
    }

    /// Adds `[notify]` for this server to the site's config.toml.
    fn configure(&self, dir: &Path) {
        let config = dir.join("config.toml");
        let mut text = fs::read_to_string(&config).unwrap();
        text.push_str(&format!(
            "\n[notify]\nwebsub_hub = \"{}\"\npubnotify = \"{}\"\ntimeout_secs = 5\n",
            self.hub(),
            self.pubnotify()
        ));
        fs::write(config, text).unwrap();
    }

    /// The requests received since the last call, sorted by path (pings are sent concurrently).
    fn take(&self) -> Vec<Seen> {
        let mut seen = self.server.take_requests();
        seen.sort_by(|a, b| a.path.cmp(&b.path));
        seen
    }
}

fn pair(k: &str, v: &str) -> (String, String) {
    (k.to_owned(), v.to_owned())
}

/// The two pings announcing the generated show's feed, as the server sees them.
fn one_ping_each() -> Vec<Seen> {
    vec![
        Seen {
            method: "POST".into(),
            path: "/hub".into(),
            query: vec![],
            form: vec![pair("hub.mode", "publish"), pair("hub.url", FEED)],
        },
        Seen {
            method: "GET".into(),
            path: "/pubnotify".into(),
            query: vec![pair("key", "k1"), pair("url", FEED)],
            form: vec![],
        },
    ]
}

#[test]
fn build_pings_each_endpoint_once_per_feed_change_and_retries_a_failed_ping() {
    let pings = Pings::start();
    let (dir, eps) = site(3, 2);
    pings.configure(dir.path());

    // First build: the feed is new, so each endpoint hears of it once.
    let (code, stdout, stderr) = build(dir.path(), LATE, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(stdout.lines().count(), 1, "{stdout:?}");
    assert_eq!(pings.take(), one_ping_each());

    // Nothing changed: no ping.
    let (code, stdout, _) = build(dir.path(), LATE, &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("nothing changed"), "{stdout:?}");
    assert_eq!(pings.take(), vec![]);

    // A record changed, so did the feed: pinged again, once each.
    retitle(&eps, 1, "Episode 1, retitled");
    assert_eq!(build(dir.path(), LATE, &[]).0, 0);
    assert_eq!(pings.take(), one_ping_each());

    // The hub fails: the build still succeeds, and says so once, on stderr, naming feed and hub.
    pings.server.set_status("/hub", Some(500));
    retitle(&eps, 1, "Episode 1, retitled again");
    let (code, stdout, stderr) = build(dir.path(), LATE, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(pings.take(), one_ping_each());
    assert_eq!(stdout.lines().count(), 1, "{stdout:?}");
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(stderr.starts_with("warning: "), "{stderr:?}");
    for part in [FEED, pings.hub().as_str(), "500"] {
        assert!(stderr.contains(part), "{part} not in {stderr:?}");
    }
    assert!(!stderr.contains("/pubnotify"), "{stderr:?}");
    assert_eq!(
        Manifest::load(&dir.path().join("public")).pending_pings,
        vec![FEED.to_owned()]
    );

    // Nothing changed, but the ping is still owed: retried, and reported again while it fails.
    let (code, _, stderr) = build(dir.path(), LATE, &[]);
    assert_eq!(code, 0);
    assert_eq!(pings.take(), one_ping_each());
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");

    // --quiet: the retry happens, and nothing is printed (cron would mail it every run).
    podfeed(dir.path(), LATE)
        .args(["build", "--quiet"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    assert_eq!(pings.take(), one_ping_each());

    // The hub is back: the owed ping gets through, silently, and is not sent again.
    pings.server.set_status("/hub", None);
    let (code, _, stderr) = build(dir.path(), LATE, &[]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(pings.take(), one_ping_each());
    assert!(
        Manifest::load(&dir.path().join("public"))
            .pending_pings
            .is_empty()
    );
    assert_eq!(build(dir.path(), LATE, &[]).0, 0);
    assert_eq!(pings.take(), vec![]);
}

#[test]
fn dry_run_writes_nothing_and_lists_changes_and_the_next_episode() {
    // Episodes are an hour apart from 2024-01-01T00:00Z: at 03:30, episodes 0–3 are due.
    const NOW: &str = "2024-01-01T03:30:00Z";
    let pings = Pings::start();
    let (dir, eps) = site(6, 2);
    pings.configure(dir.path());
    let public = dir.path().join("public");

    // On a folder that does not exist yet: not even the folder is created.
    let (code, stdout, stderr) = build(dir.path(), NOW, &["--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!public.exists(), "a dry run created the output folder");
    assert!(
        stdout.contains(&format!("write  {SHOW}/feed.xml")),
        "{stdout}"
    );
    assert_eq!(pings.take(), vec![], "a dry run pinged");

    assert_eq!(build(dir.path(), NOW, &[]).0, 0);
    pings.take();
    retitle(&eps, 1, "Episode 1, retitled");
    delete_episode(&eps, 0);
    let before = snapshot(&public);
    let (code, stdout, stderr) = build(dir.path(), NOW, &["--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(snapshot(&public), before, "a dry run changed the folder");
    assert_eq!(pings.take(), vec![], "a dry run pinged");

    let listed = |verb: &str| -> BTreeSet<String> {
        stdout
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix(verb))
            .map(|p| p.trim().to_owned())
            .collect()
    };
    assert_eq!(listed("write "), [format!("{SHOW}/feed.xml")].into());
    assert_eq!(listed("remove "), transcripts_of(0));
    let summary = stdout.lines().next().unwrap();
    assert!(
        summary.contains("1 files would be written, 5 would be removed"),
        "{summary}"
    );
    assert!(
        summary.contains(&format!(
            "next due 2024-01-01T04:00:00+00:00 ({SHOW}/{})",
            slug(4)
        )),
        "{summary}"
    );

    // The real build does what the dry run said, and no more.
    assert_eq!(build(dir.path(), NOW, &[]).0, 0);
    let mut expected = listed("write ");
    expected.extend(listed("remove "));
    expected.insert(MANIFEST_FILE.to_owned());
    expected.insert(FINGERPRINT_FILE.to_owned());
    expected.insert(".podfeed.lock".to_owned()); // its holder's pid was written and cleared
    assert_eq!(changed(&before, &snapshot(&public)), expected);
}

#[test]
fn json_summary_is_one_object_with_what_was_done_and_what_is_scheduled() {
    const NOW: &str = "2024-01-01T03:30:00Z";
    let (dir, _) = site(6, 2);
    let (code, stdout, stderr) = build(dir.path(), NOW, &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let written: BTreeSet<&str> = summary["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut expected: BTreeSet<String> = (0..4).flat_map(transcripts_of).collect();
    expected.insert(format!("{SHOW}/feed.xml"));
    expected.insert(format!("{SHOW}/feed.xsl"));
    assert_eq!(written, expected.iter().map(String::as_str).collect());
    assert_eq!(summary["unchanged"], 0);
    assert_eq!(summary["removed"], serde_json::json!([]));
    assert_eq!(summary["next_due"], "2024-01-01T04:00:00Z");
    let held: Vec<(&str, &str, &str)> = summary["held_back"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["show"].as_str().unwrap(),
                h["episode"].as_str().unwrap(),
                h["published"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        held,
        vec![
            (SHOW, "ep-00004", "2024-01-01T04:00:00Z"),
            (SHOW, "ep-00005", "2024-01-01T05:00:00Z")
        ]
    );

    // Again, once everything is due: nothing held back, everything else unchanged.
    let (_, stdout, _) = build(dir.path(), LATE, &["--format", "json"]);
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["written"].as_array().unwrap().len(), 1 + 2 * 5);
    // The four due episodes' transcripts and the feed's stylesheet.
    assert_eq!(summary["unchanged"], 4 * 5 + 1);
    assert_eq!(summary["held_back"], serde_json::json!([]));
    assert_eq!(summary["next_due"], serde_json::Value::Null);
}

#[test]
fn quiet_prints_nothing_on_success_and_bad_records_print_only_errors() {
    let (dir, eps) = site(3, 2);
    podfeed(dir.path(), LATE)
        .args(["build", "--quiet"])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    let feed = feed_of(dir.path());
    let before = snapshot(&dir.path().join("public"));

    // A record with a date that is not one: exit 2, the error names the file and line, nothing
    // on stdout whatever the flags, and nothing written.
    let record = eps.join(format!("{}.toml", slug(1)));
    let text = fs::read_to_string(&record).unwrap();
    let start = text.find("published = ").unwrap();
    let end = start + text[start..].find('\n').unwrap();
    fs::write(
        &record,
        format!(
            "{}published = \"next tuesday\"{}",
            &text[..start],
            &text[end..]
        ),
    )
    .unwrap();
    for args in [&[][..], &["--quiet"], &["--format", "json"]] {
        let (code, stdout, stderr) = build(dir.path(), LATE, args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
        assert!(stderr.contains("ep-00001.toml"), "{args:?}: {stderr}");
        assert!(stderr.contains("error"), "{args:?}: {stderr}");
        assert!(
            stderr.lines().all(|l| !l.starts_with("warning")),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(feed_of(dir.path()), feed);
    let after = snapshot(&dir.path().join("public"));
    let mut differing = changed(&before, &after);
    differing.remove(".podfeed.lock");
    assert_eq!(differing, BTreeSet::new());
}

#[test]
fn a_deleted_episode_loses_its_item_and_transcripts_unless_kept() {
    let (dir, eps) = site(4, 2);
    let public = dir.path().join("public");
    assert_eq!(build(dir.path(), LATE, &[]).0, 0);
    assert!(transcripts_of(2).iter().all(|t| public.join(t).is_file()));
    assert!(feed_of(dir.path()).contains("<title>Episode 2</title>"));

    delete_episode(&eps, 2);
    let (code, stdout, stderr) = build(dir.path(), LATE, &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let removed: BTreeSet<String> = summary["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(removed, transcripts_of(2));
    assert!(transcripts_of(2).iter().all(|t| !public.join(t).exists()));
    let feed = feed_of(dir.path());
    assert!(!feed.contains("Episode 2"), "{feed}");
    assert_eq!(feed.matches("<item>").count(), 3);
    let manifest = Manifest::load(&public);
    assert!(
        transcripts_of(2)
            .iter()
            .all(|t| !manifest.files.contains_key(t))
    );

    // --keep-removed: the files stay, the feed drops the item all the same.
    delete_episode(&eps, 1);
    let (code, stdout, stderr) = build(dir.path(), LATE, &["--keep-removed"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("0 removed"), "{stdout}");
    assert!(transcripts_of(1).iter().all(|t| public.join(t).is_file()));
    let feed = feed_of(dir.path());
    assert!(!feed.contains("Episode 1"), "{feed}");
    assert_eq!(feed.matches("<item>").count(), 2);

    // Still podfeed's: a later build without the flag removes them.
    let (code, stdout, _) = build(dir.path(), LATE, &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("5 removed"), "{stdout}");
    assert!(transcripts_of(1).iter().all(|t| !public.join(t).exists()));
}

#[test]
fn logs_go_to_stderr_and_stdout_holds_only_the_summary() {
    let pings = Pings::start();
    let (dir, eps) = site(3, 2);
    pings.configure(dir.path());
    assert_eq!(build(dir.path(), LATE, &[]).0, 0);
    assert_eq!(pings.take(), one_ping_each());

    // A temporary file left by a killed run is cleaned up with an info log; with every log level
    // on (the HTTP client's too, as the pings go out), stdout is still the one summary line.
    fs::write(
        dir.path()
            .join("public")
            .join(SHOW)
            .join(format!("{TMP_PREFIX}x")),
        b"half",
    )
    .unwrap();
    retitle(&eps, 0, "Episode 0, retitled");
    let out = podfeed(dir.path(), LATE)
        .env("RUST_LOG", "trace")
        .arg("build")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout:?}");
    assert!(
        stdout.starts_with("1 files written, 0 removed, 16 unchanged"),
        "{stdout:?}"
    );
    assert!(stderr.contains("left by an interrupted build"), "{stderr}");
    assert!(
        !stderr.contains('\x1b'),
        "colour codes in a log that is not a terminal"
    );
    assert_eq!(pings.take(), one_ping_each());

    // Without RUST_LOG: the summary line only, and nothing on stderr.
    retitle(&eps, 0, "Episode 0, retitled again");
    let (code, stdout, stderr) = build(dir.path(), LATE, &[]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout, "1 files written, 0 removed, 16 unchanged\n");
    assert_eq!(pings.take(), one_ping_each());
    retitle(&eps, 0, "Episode 0, retitled once more");
    let (code, stdout, stderr) = build(dir.path(), LATE, &["--quiet"]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    assert_eq!(pings.take(), one_ping_each());
}
