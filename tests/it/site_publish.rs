//! Publishing into an output folder: what is rewritten, what is removed, what is never touched.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use podfeed::hash::Sha256;
use podfeed::render::Output;
use podfeed::site::{
    self, INTENT_FILE, LEGACY_FILES, MANIFEST_FILE, Manifest, PublishOptions, input_hash,
};

const FEED: &str = "show/feed.xml";
const T1: &str = "show/transcripts/ep1.vtt";
const T2: &str = "show/transcripts/ep2.vtt";
const T2_TXT: &str = "show/transcripts/ep2.txt";

/// A stand-in input hash, named.
fn h(name: &str) -> Sha256 {
    input_hash(&[name.as_bytes()])
}

fn output(files: &[(&str, &str)]) -> Output {
    let mut o = Output::default();
    for (p, b) in files {
        o.insert(*p, *b);
    }
    o
}

fn two_episodes() -> Output {
    output(&[
        (FEED, "<rss>ep1 ep2</rss>"),
        (T1, "WEBVTT\n\n00:00.000 --> 00:01.000\none\n"),
        (T2, "WEBVTT\n\n00:00.000 --> 00:01.000\ntwo\n"),
        (T2_TXT, "two\n"),
    ])
}

/// (inode, mtime seconds, mtime nanoseconds): changes when a file is replaced or rewritten.
fn stamp(path: &Path) -> (u64, i64, i64) {
    let m = fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (m.ino(), m.mtime(), m.mtime_nsec())
}

fn stamps(root: &Path, rels: &[&str]) -> BTreeMap<String, (u64, i64, i64)> {
    rels.iter()
        .map(|r| (r.to_string(), stamp(&root.join(r))))
        .collect()
}

fn publish(root: &Path, out: &Output, opts: &PublishOptions) -> site::PublishReport {
    site::publish(root, out, opts).expect("publish")
}

#[test]
fn first_publish_writes_everything_with_the_feed_last() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("public");
    let report = publish(&root, &two_episodes(), &PublishOptions::default());
    assert_eq!(report.written, vec![T1, T2_TXT, T2, FEED]);
    assert!(report.unchanged.is_empty() && report.removed.is_empty());
    for (rel, bytes) in &two_episodes().files {
        assert_eq!(&fs::read(root.join(rel)).expect("read"), bytes, "{rel}");
    }
    // The feed's rename came after every transcript's: its mtime is not older than theirs.
    let feed_time = fs::metadata(root.join(FEED))
        .and_then(|m| m.modified())
        .expect("mtime");
    for t in [T1, T2, T2_TXT] {
        let t_time = fs::metadata(root.join(t))
            .and_then(|m| m.modified())
            .expect("mtime");
        assert!(t_time <= feed_time, "{t} written after the feed");
    }
    let manifest = Manifest::load(&root);
    assert_eq!(manifest.podfeed_version, env!("CARGO_PKG_VERSION"));
    let listed: Vec<&str> = manifest.files.keys().map(String::as_str).collect();
    assert_eq!(listed, vec![FEED, T1, T2_TXT, T2]);
}

#[test]
fn unchanged_output_rewrites_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    publish(root, &two_episodes(), &PublishOptions::default());
    let all = [FEED, T1, T2, T2_TXT, MANIFEST_FILE];
    let before = stamps(root, &all);
    let report = publish(root, &two_episodes(), &PublishOptions::default());
    assert!(report.written.is_empty(), "{report:?}");
    assert_eq!(report.unchanged.len(), 4);
    assert_eq!(stamps(root, &all), before);
}

#[test]
fn a_changed_file_rewrites_only_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    publish(root, &two_episodes(), &PublishOptions::default());
    let before = stamps(root, &[FEED, T1, T2, T2_TXT]);
    let mut out = two_episodes();
    out.insert(T1, "WEBVTT\n\n00:00.000 --> 00:01.000\nONE\n");
    let report = publish(root, &out, &PublishOptions::default());
    assert_eq!(report.written, vec![T1]);
    let after = stamps(root, &[FEED, T1, T2, T2_TXT]);
    assert_ne!(after[T1], before[T1]);
    for rel in [FEED, T2, T2_TXT] {
        assert_eq!(after[rel], before[rel], "{rel} was rewritten");
    }
    assert!(
        fs::read_to_string(root.join(T1))
            .expect("read")
            .contains("ONE")
    );
}

#[test]
fn removed_outputs_are_removed_and_empty_folders_pruned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    publish(root, &two_episodes(), &PublishOptions::default());
    let report = publish(
        root,
        &output(&[(FEED, "<rss>ep1</rss>"), (T1, "WEBVTT\n")]),
        &PublishOptions::default(),
    );
    assert_eq!(report.written, vec![T1, FEED]);
    assert_eq!(report.removed, vec![T2_TXT, T2]);
    assert!(!root.join(T2).exists() && !root.join(T2_TXT).exists());
    assert!(root.join(T1).exists());
    assert!(!Manifest::load(root).files.contains_key(T2));

    // Dropping the last episode prunes the emptied transcripts folder.
    let report = publish(
        root,
        &output(&[(FEED, "<rss/>")]),
        &PublishOptions::default(),
    );
    assert_eq!(report.removed, vec![T1]);
    assert!(!root.join("show/transcripts").exists());
    assert!(root.join(FEED).exists());
}

#[test]
fn keep_removed_keeps_them_until_a_run_without_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    publish(root, &two_episodes(), &PublishOptions::default());
    let fewer = output(&[(FEED, "<rss>ep1</rss>"), (T1, "WEBVTT\n")]);
    let keep = PublishOptions {
        keep_removed: true,
        ..PublishOptions::default()
    };
    let report = publish(root, &fewer, &keep);
    assert!(report.removed.is_empty());
    assert!(root.join(T2).exists() && root.join(T2_TXT).exists());
    // Still listed, so still podfeed's to remove later.
    let report = publish(root, &fewer, &PublishOptions::default());
    assert_eq!(report.removed, vec![T2_TXT, T2]);
    assert!(!root.join(T2).exists());
}

#[test]
fn user_files_are_never_touched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::create_dir_all(root.join("show/transcripts")).expect("mkdir");
    fs::write(root.join("index.html"), "<h1>my site</h1>").expect("write");
    fs::write(root.join("show/transcripts/notes.md"), "mine").expect("write");
    publish(root, &two_episodes(), &PublishOptions::default());
    let before = stamps(root, &["index.html", "show/transcripts/notes.md"]);
    let report = publish(
        root,
        &output(&[(FEED, "<rss/>")]),
        &PublishOptions::default(),
    );
    assert_eq!(report.removed, vec![T1, T2_TXT, T2]);
    assert_eq!(
        stamps(root, &["index.html", "show/transcripts/notes.md"]),
        before
    );
    // The folder still holds the user's file, so it stays.
    assert!(root.join("show/transcripts").is_dir());
}

#[test]
fn a_file_with_the_same_bytes_but_no_manifest_is_not_rewritten() {
    // A lost or corrupt manifest costs nothing but a comparison: equal files stay.
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    publish(root, &two_episodes(), &PublishOptions::default());
    fs::write(root.join(MANIFEST_FILE), "garbage").expect("write");
    let before = stamps(root, &[FEED, T1]);
    let report = publish(root, &two_episodes(), &PublishOptions::default());
    assert!(report.written.is_empty());
    assert_eq!(stamps(root, &[FEED, T1]), before);
    assert_eq!(Manifest::load(root).files.len(), 4);
}

/// Publishes two episodes in `root`, then leaves two temporary files as a killed run would.
fn published_with_leftovers(root: &Path) -> [&'static str; 2] {
    publish(root, &two_episodes(), &PublishOptions::default());
    let leftovers = [".podfeed-tmp-a1b2", "show/transcripts/.podfeed-tmp-zz9"];
    for l in leftovers {
        fs::write(root.join(l), "half a fi").expect("write");
    }
    leftovers
}

#[test]
fn leftover_temporary_files_are_cleaned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let leftovers = published_with_leftovers(root);
    fs::write(root.join(".podfeed-tmpish"), "not ours").expect("write");
    publish(root, &two_episodes(), &PublishOptions::default());
    for l in leftovers {
        assert!(!root.join(l).exists(), "{l} still there");
    }
    assert!(root.join(".podfeed-tmpish").exists());
}

#[test]
fn leftovers_a_listing_found_are_cleaned_without_a_walk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let leftovers = published_with_leftovers(root);
    // One the listing saw that is gone since (its build finished), one it did not see.
    let gone = "show/.podfeed-tmp-done".to_owned();
    fs::write(root.join(".podfeed-tmp-unlisted"), "later").expect("write");
    let listed: Vec<String> = leftovers
        .iter()
        .map(|l| (*l).to_owned())
        .chain([gone])
        .collect();
    let opts = PublishOptions {
        leftovers: Some(listed),
        ..PublishOptions::default()
    };
    publish(root, &two_episodes(), &opts);
    for l in leftovers {
        assert!(!root.join(l).exists(), "{l} still there");
    }
    assert!(
        root.join(".podfeed-tmp-unlisted").exists(),
        "only what was listed is removed"
    );
}

#[test]
fn dry_run_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("public");
    let dry = PublishOptions {
        dry_run: true,
        ..PublishOptions::default()
    };
    let report = publish(&root, &two_episodes(), &dry);
    assert_eq!(report.written, vec![T1, T2_TXT, T2, FEED]);
    assert!(!root.exists(), "dry run created the output folder");

    publish(&root, &two_episodes(), &PublishOptions::default());
    fs::write(root.join("show/transcripts/.podfeed-tmp-x"), "").expect("write");
    let all = [FEED, T1, T2, T2_TXT, MANIFEST_FILE];
    let before = stamps(&root, &all);
    let manifest = fs::read(root.join(MANIFEST_FILE)).expect("read");
    let report = publish(&root, &output(&[(FEED, "<rss>new</rss>")]), &dry);
    assert_eq!(report.written, vec![FEED]);
    assert_eq!(report.removed, vec![T1, T2_TXT, T2]);
    assert_eq!(stamps(&root, &all), before);
    assert_eq!(fs::read(root.join(MANIFEST_FILE)).expect("read"), manifest);
    assert!(root.join("show/transcripts/.podfeed-tmp-x").exists());
}

#[test]
fn building_some_shows_leaves_the_others_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let mut both = two_episodes();
    both.insert("other/feed.xml", "<rss>other</rss>");
    both.insert("other/transcripts/x.vtt", "WEBVTT\n");
    publish(root, &both, &PublishOptions::default());
    let before = stamps(root, &["other/feed.xml", "other/transcripts/x.vtt"]);
    let only_show = PublishOptions {
        shows: Some(vec!["show".into()]),
        ..PublishOptions::default()
    };
    let report = publish(root, &output(&[(FEED, "<rss>ep1 ep2</rss>")]), &only_show);
    assert_eq!(report.removed, vec![T1, T2_TXT, T2]);
    assert_eq!(
        stamps(root, &["other/feed.xml", "other/transcripts/x.vtt"]),
        before
    );
    // Still listed: a later full build that drops "other" removes its files.
    let manifest = Manifest::load(root);
    assert!(manifest.files.contains_key("other/transcripts/x.vtt"));
    let report = publish(
        root,
        &output(&[(FEED, "<rss/>")]),
        &PublishOptions::default(),
    );
    assert_eq!(
        report.removed,
        vec!["other/feed.xml", "other/transcripts/x.vtt"]
    );
    assert!(!root.join("other").exists());
}

#[test]
fn kept_files_are_fresh_unchanged_and_not_removed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let h1 = input_hash(&[b"ep1.toml bytes", b"ep1.txt bytes"]);
    let h2 = input_hash(&[b"ep2.toml bytes", b"ep2.txt bytes"]);
    let inputs: BTreeMap<String, Sha256> = [(T1, h1), (T2, h2), (T2_TXT, h2)]
        .into_iter()
        .map(|(p, h)| (p.to_string(), h))
        .collect();
    let opts = PublishOptions {
        inputs: inputs.clone(),
        ..PublishOptions::default()
    };
    publish(root, &two_episodes(), &opts);

    let m = Manifest::load(root);
    assert!(m.is_fresh(root, T1, h1));
    assert!(m.is_fresh(root, T2_TXT, h2));
    assert!(!m.is_fresh(root, T1, h2), "another input");
    assert!(!m.is_fresh(root, FEED, h1), "feed has no input hash");

    // Next build: the builder skips what is fresh and hands only the feed.
    let kept: BTreeSet<String> = [T1, T2, T2_TXT]
        .into_iter()
        .filter(|p| m.is_fresh(root, p, inputs[*p]))
        .map(String::from)
        .collect();
    assert_eq!(kept.len(), 3);
    let before = stamps(root, &[FEED, T1, T2, T2_TXT, MANIFEST_FILE]);
    let report = publish(
        root,
        &output(&[(FEED, "<rss>ep1 ep2</rss>")]),
        &PublishOptions {
            kept,
            ..opts.clone()
        },
    );
    assert!(report.written.is_empty() && report.removed.is_empty());
    assert_eq!(report.unchanged, vec![FEED, T1, T2_TXT, T2]);
    assert_eq!(stamps(root, &[FEED, T1, T2, T2_TXT, MANIFEST_FILE]), before);
    assert!(Manifest::load(root).is_fresh(root, T1, h1));

    // Someone edits a published file: it is no longer fresh.
    fs::write(root.join(T1), "WEBVTT\n\nedited by hand\n").expect("write");
    assert!(!Manifest::load(root).is_fresh(root, T1, h1));
}

#[test]
fn a_kept_file_that_is_missing_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let opts = PublishOptions {
        kept: [T1.to_string()].into(),
        ..PublishOptions::default()
    };
    let err = site::publish(dir.path(), &output(&[(FEED, "<rss/>")]), &opts)
        .expect_err("kept file missing");
    assert!(err.to_string().contains("ep1.vtt"), "{err:#}");
    assert!(
        !dir.path().join(FEED).exists(),
        "feed written despite the error"
    );
}

#[test]
fn paths_outside_the_folder_or_reserved_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("public");
    for bad in [
        "../escape.xml",
        "/etc/x",
        "show/../../x",
        MANIFEST_FILE,
        INTENT_FILE,
        ".podfeed.lock",
        "show/.podfeed-tmp-1",
    ] {
        let err = site::publish(&root, &output(&[(bad, "x")]), &PublishOptions::default())
            .expect_err(bad);
        assert!(err.to_string().contains("refusing"), "{bad}: {err:#}");
    }
    assert!(!dir.path().join("escape.xml").exists());
}

#[test]
fn a_tampered_manifest_cannot_make_publish_delete_outside_the_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("public");
    fs::write(dir.path().join("precious.txt"), "keep me").expect("write");
    fs::create_dir_all(&root).expect("mkdir");
    fs::write(
        root.join(MANIFEST_FILE),
        format!(
            r#"{{"podfeed_version":"{}","files":{{"../precious.txt":{{"sha256":"","size":7}}}}}}"#,
            env!("CARGO_PKG_VERSION")
        ),
    )
    .expect("write");
    let report = publish(
        &root,
        &output(&[(FEED, "<rss/>")]),
        &PublishOptions::default(),
    );
    assert!(report.removed.is_empty());
    assert!(dir.path().join("precious.txt").exists());
}

#[test]
fn an_intent_left_by_a_killed_build_is_merged_then_removed() {
    const T3: &str = "show/transcripts/ep3.vtt";
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let out = two_episodes();
    let opts = PublishOptions {
        inputs: [(T1.to_owned(), h("h1"))].into(),
        ..PublishOptions::default()
    };
    publish(root, &out, &opts);
    assert!(Manifest::load(root).is_fresh(root, T1, h("h1")));
    assert!(
        !root.join(INTENT_FILE).exists(),
        "a finished build left its intent"
    );

    // A build that meant to write a new T3 and a same-size T1 is killed after writing both.
    let t1_other = "WEBVTT\n\n00:00.000 --> 00:01.000\nONE\n";
    let killed = output(&[(T1, t1_other), (T3, "WEBVTT\n")]);
    let mut intent = Manifest {
        podfeed_version: env!("CARGO_PKG_VERSION").to_owned(),
        pending_pings: vec!["https://pods.example.com/show/feed.xml".to_owned()],
        ..Manifest::default()
    };
    for (rel, bytes) in &killed.files {
        intent
            .files
            .insert(rel.clone(), site::ManifestEntry::of(bytes, Some(h("h2"))));
        fs::write(root.join(rel), bytes).expect("write");
    }
    fs::write(root.join(INTENT_FILE), intent.to_bytes().expect("encode")).expect("write");

    // T1 on disk is not what "h1" renders, though its size is: it must not be thought fresh.
    let loaded = Manifest::load(root);
    assert!(!loaded.is_fresh(root, T1, h("h1")));
    assert!(!loaded.is_fresh(root, T1, h("h2")));
    assert_eq!(loaded.files[T3].input, None);
    assert_eq!(loaded.pending_pings, intent.pending_pings);

    // The next build puts T1 back, removes T3 (podfeed's, though never in a finished manifest),
    // keeps the ping owed, and clears the intent.
    let report = publish(root, &out, &opts);
    assert_eq!(report.written, vec![T1.to_owned()]);
    assert_eq!(report.removed, vec![T3.to_owned()]);
    assert_eq!(report.pending_pings, intent.pending_pings);
    assert!(!root.join(T3).exists());
    assert!(!root.join(INTENT_FILE).exists());
    let manifest = Manifest::load(root);
    assert!(manifest.is_fresh(root, T1, h("h1")));
    assert_eq!(manifest.pending_pings, intent.pending_pings);

    // A corrupt intent: nothing is trusted fresh.
    fs::write(root.join(INTENT_FILE), "{ not json").expect("write");
    assert!(!Manifest::load(root).is_fresh(root, T1, h("h1")));
}

#[test]
fn a_self_checked_feed_is_known_to_pass_with_the_same_bytes_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let opts = PublishOptions {
        self_checked: [FEED.to_string()].into(),
        ..PublishOptions::default()
    };
    publish(root, &two_episodes(), &opts);
    let m = Manifest::load(root);
    let feed = &two_episodes().files[FEED];
    assert!(m.passed_self_check(FEED, feed));
    assert!(
        !m.passed_self_check(FEED, b"<rss>ep1 ep3</rss>"),
        "same size"
    );
    assert!(!m.passed_self_check(FEED, b"<rss>ep1</rss>"), "other bytes");
    assert!(
        !m.passed_self_check(T1, &two_episodes().files[T1]),
        "not checked"
    );

    // Published without the claim (say the builder could not check it): no longer known to pass.
    publish(root, &two_episodes(), &PublishOptions::default());
    assert!(!Manifest::load(root).passed_self_check(FEED, feed));
}

#[test]
fn entries_an_older_version_wrote_are_carried_over_without_their_hashes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let h1 = input_hash(&[b"ep1"]);
    let opts = PublishOptions {
        inputs: [(T1.to_string(), h1)].into(),
        self_checked: [FEED.to_string()].into(),
        ..PublishOptions::default()
    };
    publish(root, &two_episodes(), &opts);
    // As if an older podfeed had written the manifest.
    let mut m = Manifest::load(root);
    m.podfeed_version = "0.0.1".into();
    fs::write(root.join(MANIFEST_FILE), m.to_bytes().expect("encode")).expect("write");

    // This version builds another show only: `show` is out of scope and its entries stay…
    let other = output(&[("other/feed.xml", "<rss/>")]);
    let report = publish(
        root,
        &other,
        &PublishOptions {
            shows: Some(vec!["other".into()]),
            ..PublishOptions::default()
        },
    );
    assert!(report.removed.is_empty());
    let m = Manifest::load(root);
    assert!(m.files.contains_key(T1) && m.files.contains_key(FEED));
    // …but this version's manifest must not vouch for the older version's work.
    assert!(!m.is_fresh(root, T1, h1));
    assert!(!m.passed_self_check(FEED, &two_episodes().files[FEED]));
}

#[test]
fn a_json_manifest_of_an_earlier_version_is_read_then_saved_binary() {
    const T3: &str = "show/transcripts/ep3.vtt";
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let opts = PublishOptions {
        inputs: [(T1.to_owned(), h("h1"))].into(),
        ..PublishOptions::default()
    };
    publish(root, &two_episodes(), &opts);
    let saved = fs::read(root.join(MANIFEST_FILE)).expect("read");
    assert!(saved.starts_with(b"podfeed manifest 1\n"), "binary");
    let manifest = Manifest::load(root);

    // As an earlier version left the folder: the manifest as JSON, and the intent of a killed
    // build with the fields it left out when empty.
    fs::remove_file(root.join(MANIFEST_FILE)).expect("remove");
    fs::write(
        root.join(LEGACY_FILES[0]),
        serde_json::to_vec(&manifest).expect("json"),
    )
    .expect("write");
    let t3 = site::ManifestEntry::of(b"WEBVTT\n", None);
    fs::write(
        root.join(LEGACY_FILES[1]),
        format!(
            r#"{{"podfeed_version":"{}","files":{{"{T3}":{{"sha256":"{}","size":7}}}}}}"#,
            manifest.podfeed_version, t3.sha256
        ),
    )
    .expect("write");
    fs::write(root.join(T3), "WEBVTT\n").expect("write");
    let loaded = Manifest::load(root);
    assert!(
        loaded.is_fresh(root, T1, h("h1")),
        "the JSON manifest is read"
    );
    assert_eq!(loaded.files.get(T3), Some(&t3), "the JSON intent is merged");

    // The next build removes T3 (podfeed's, from the intent) and leaves the binary files only.
    let report = publish(root, &two_episodes(), &opts);
    assert_eq!(report.removed, vec![T3.to_owned()]);
    assert_eq!(fs::read(root.join(MANIFEST_FILE)).expect("read"), saved);
    for legacy in LEGACY_FILES {
        assert!(!root.join(legacy).exists(), "{legacy} removed");
    }

    // An earlier podfeed run since wrote only the JSON manifest (here: without T2's entry): being
    // the newer file, it is the one read, and the next save replaces the binary one with it.
    let mut older = manifest.clone();
    older.files.remove(T2);
    fs::write(
        root.join(LEGACY_FILES[0]),
        serde_json::to_vec(&older).expect("json"),
    )
    .expect("write");
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(root.join(MANIFEST_FILE))
        .and_then(|f| f.set_modified(an_hour_ago))
        .expect("age the binary manifest");
    assert_eq!(Manifest::load(root), older);
    publish(root, &two_episodes(), &opts);
    assert_eq!(Manifest::load(root).files.len(), manifest.files.len());
    assert!(!root.join(LEGACY_FILES[0]).exists());

    // With nothing to change, a JSON manifest is still replaced.
    fs::remove_file(root.join(MANIFEST_FILE)).expect("remove");
    fs::write(
        root.join(LEGACY_FILES[0]),
        serde_json::to_vec(&manifest).expect("json"),
    )
    .expect("write");
    let report = publish(root, &two_episodes(), &opts);
    assert!(report.written.is_empty() && report.removed.is_empty());
    assert_eq!(fs::read(root.join(MANIFEST_FILE)).expect("read"), saved);
    assert!(!root.join(LEGACY_FILES[0]).exists());
}
