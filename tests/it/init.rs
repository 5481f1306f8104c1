//! `podfeed init` and `podfeed new episode` (issue 17, item 1): a new site builds with no warning
//! into a feed with no finding; neither command ever overwrites a file.

use std::fs;
use std::path::Path;

use crate::common::site::{podfeed, snapshot, stderr, stdout};

/// The sample show `init` writes.
const SHOW: &str = "my-show";

/// The sample episode's slug at the tests' clock (`site::NOW`).
const SAMPLE: &str = "2026-01-01-welcome";

fn init(dir: &Path) -> assert_cmd::assert::Assert {
    podfeed(dir).arg("init").assert()
}

#[test]
fn init_in_an_empty_folder_then_build_gives_a_clean_feed_with_no_warning() {
    let dir = tempfile::tempdir().unwrap();
    let a = init(dir.path()).success();
    assert!(stdout(&a).contains("created"), "{}", stdout(&a));
    let episodes = dir.path().join("feeds").join(SHOW).join("episodes");
    assert!(episodes.join(format!("{SAMPLE}.toml")).is_file());
    assert!(episodes.join(format!("{SAMPLE}.vtt")).is_file());
    // Every key written is explained by a comment line just above it (or a heading above a
    // group of them), so a podcaster can read the files as documentation.
    for rel in ["config.toml", "feeds/my-show/show.toml"] {
        let text = fs::read_to_string(dir.path().join(rel)).unwrap();
        assert!(
            text.lines().filter(|l| l.starts_with('#')).count() >= 10,
            "{rel}"
        );
    }

    let a = podfeed(dir.path()).arg("build").assert().success();
    assert_eq!(stderr(&a), "", "no warning, no progress off a terminal");
    let feed = dir.path().join("public").join(SHOW).join("feed.xml");
    let text = fs::read_to_string(&feed).unwrap();
    assert!(text.contains("<title>Welcome to My Show</title>"), "{text}");
    assert!(
        text.contains(&format!("{SHOW}/transcripts/{SAMPLE}.vtt")),
        "the transcript is linked"
    );
    assert!(
        dir.path()
            .join("public")
            .join(SHOW)
            .join("transcripts")
            .join(format!("{SAMPLE}.srt"))
            .is_file()
    );

    // The built feed validates with no finding at all (every profile, spec rules only).
    let out = podfeed(dir.path())
        .args(["validate", "--no-links", "--format", "json"])
        .arg(&feed)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report:#}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_second_init_refuses_names_the_file_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path()).success();
    let before = snapshot(dir.path());
    let a = init(dir.path()).code(2);
    assert!(
        stderr(&a).contains("config.toml already exists"),
        "{}",
        stderr(&a)
    );
    assert_eq!(snapshot(dir.path()), before);

    // One file of the site in the way is enough: nothing else is written either.
    let other = tempfile::tempdir().unwrap();
    let show = other.path().join("feeds").join(SHOW);
    fs::create_dir_all(&show).unwrap();
    fs::write(show.join("show.toml"), "mine").unwrap();
    let a = podfeed(other.path()).args(["init", "."]).assert().code(2);
    assert!(
        stderr(&a).contains("show.toml already exists"),
        "{}",
        stderr(&a)
    );
    assert!(!other.path().join("config.toml").exists());
    assert_eq!(fs::read_to_string(show.join("show.toml")).unwrap(), "mine");
}

#[test]
fn init_writes_into_a_named_folder() {
    let dir = tempfile::tempdir().unwrap();
    podfeed(dir.path())
        .args(["init", "site"])
        .assert()
        .success();
    podfeed(&dir.path().join("site"))
        .arg("build")
        .assert()
        .success();
    assert!(dir.path().join("site/public/my-show/feed.xml").is_file());
}

#[test]
fn new_episode_writes_a_dated_draft_with_the_next_number_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path()).success();
    let new = |title: &str| {
        podfeed(dir.path())
            .args(["new", "episode", "--feed", SHOW, title])
            .assert()
    };
    let a = new("Crème brûlée: part 2").success();
    let path = dir
        .path()
        .join("feeds")
        .join(SHOW)
        .join("episodes")
        .join("2026-01-01-creme-brulee-part-2.toml");
    assert!(
        stdout(&a).contains("2026-01-01-creme-brulee-part-2.toml"),
        "{}",
        stdout(&a)
    );
    let record: toml::Table = fs::read_to_string(&path).unwrap().parse().unwrap();
    assert_eq!(record["title"].as_str(), Some("Crème brûlée: part 2"));
    assert_eq!(
        record["episode"].as_integer(),
        Some(2),
        "after the sample's 1"
    );
    assert_eq!(record["published"].to_string(), "2026-01-01T00:00:00Z");
    // The sample's media folder is suggested for the enclosure, left to fill in.
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("# url = \"https://podcasts.example.com/my-show/media/2026-01-01-creme-brulee-part-2.mp3\""),
        "{text}"
    );

    // Until its enclosure is filled in it is a draft: the build succeeds and names it.
    let a = podfeed(dir.path()).arg("build").assert().success();
    assert!(
        stderr(&a).contains("warning: draft my-show/2026-01-01-creme-brulee-part-2"),
        "{}",
        stderr(&a)
    );

    // The same title again: refused, the record untouched.
    let before = fs::read(&path).unwrap();
    let a = new("Crème brûlée: part 2").code(2);
    assert!(stderr(&a).contains("already exists"), "{}", stderr(&a));
    assert_eq!(fs::read(&path).unwrap(), before);

    let a = podfeed(dir.path())
        .args(["new", "episode", "--feed", "nope", "T"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("no show \"nope\""), "{}", stderr(&a));
}
