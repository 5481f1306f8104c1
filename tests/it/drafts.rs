//! Drafts (issue 17, item 2): a record with `draft = true`, or without an `[enclosure]` yet, is
//! held back with one warning naming it, never an error that stops the other episodes and
//! shows; `build --drafts` lists them; the no-change fast path keeps naming them.

#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use std::fs;
use std::path::Path;

use crate::common::site::{
    EPISODE, SHOW, built_channel, copy_dir, edit, episodes, example_site, podfeed, stderr, stdout,
};

/// A draft marked so; its values are not checked (the duration is not one), since it is not
/// finished.
const MARKED: &str = "title = \"Marked\"\npublished = 2025-01-01T00:00:00Z\ndraft = true\nduration = \"soon\"\n\
[enclosure]\nurl = \"https://podcasts.example.com/good-tech-companies/media/marked.mp3\"\nlength = 1\n";

/// A record without its media file yet.
const NO_MEDIA: &str = "title = \"No media yet\"\npublished = 2025-01-02T00:00:00Z\n";

/// The example site with a second show (a copy of the first) and a draft of each kind in the
/// first show.
fn site_with_drafts() -> tempfile::TempDir {
    let site = example_site();
    let feeds = site.path().join("feeds");
    copy_dir(&feeds.join(SHOW), &feeds.join("other"));
    let eps = episodes(site.path());
    fs::write(eps.join("2025-01-01-marked.toml"), MARKED).unwrap();
    fs::write(eps.join("2025-01-02-no-media.toml"), NO_MEDIA).unwrap();
    site
}

fn titles(site: &Path, show: &str) -> Vec<String> {
    let bytes = fs::read(site.join("public").join(show).join("feed.xml")).unwrap();
    rss::Channel::read_from(&bytes[..])
        .unwrap()
        .items
        .iter()
        .filter_map(|i| i.title.clone())
        .collect()
}

#[test]
fn a_draft_never_stops_the_other_episodes_or_shows() {
    let site = site_with_drafts();
    let a = podfeed(site.path()).arg("build").assert().success();
    let warnings = stderr(&a);
    let lines: Vec<&str> = warnings.lines().collect();
    assert_eq!(lines.len(), 2, "one warning per draft: {warnings}");
    assert!(
        lines[0].starts_with(
            "warning: draft good-tech-companies/2025-01-01-marked held back (draft = true)"
        ),
        "{warnings}"
    );
    assert!(
        lines[0].ends_with("2025-01-01-marked.toml"),
        "names the record: {warnings}"
    );
    assert!(
        lines[1].contains("2025-01-02-no-media held back (no [enclosure] yet)"),
        "{warnings}"
    );
    assert!(
        stdout(&a).contains("2 draft(s) held back"),
        "{}",
        stdout(&a)
    );

    // Both shows are published, each with its finished episode and nothing else.
    let first = titles(site.path(), SHOW);
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(titles(site.path(), "other"), first);
    assert!(site.path().join("public/other/feed.xml").is_file());

    // --drafts lists them; --format json names them.
    let a = podfeed(site.path())
        .args(["build", "--drafts"])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(
        out.contains("  draft  good-tech-companies/2025-01-01-marked (draft = true)"),
        "{out}"
    );
    assert!(
        out.contains("  draft  good-tech-companies/2025-01-02-no-media (no [enclosure] yet)"),
        "{out}"
    );
    let a = podfeed(site.path())
        .args(["build", "--format", "json"])
        .assert()
        .success();
    let summary: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    let reasons: Vec<&str> = summary["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["marked", "no_enclosure"]);
}

#[test]
fn quiet_prints_no_draft_warning() {
    let site = site_with_drafts();
    let a = podfeed(site.path())
        .args(["build", "--quiet"])
        .assert()
        .success();
    assert_eq!(stderr(&a), "");
    assert_eq!(stdout(&a), "");
}

#[test]
fn the_fast_path_names_the_drafts_and_a_finished_draft_is_published() {
    let site = site_with_drafts();
    podfeed(site.path()).arg("build").assert().success();
    let a = podfeed(site.path()).arg("build").assert().success();
    assert!(stdout(&a).starts_with("nothing changed"), "{}", stdout(&a));
    assert_eq!(stderr(&a).lines().count(), 2, "{}", stderr(&a));

    // The podcaster finishes one draft: the next build sees the change and publishes it.
    let marked = episodes(site.path()).join("2025-01-01-marked.toml");
    edit(&marked, |t| {
        t.replace("draft = true\n", "")
            .replace("\"soon\"", "\"1:00\"")
    });
    let a = podfeed(site.path()).arg("build").assert().success();
    assert_eq!(stderr(&a).lines().count(), 1, "{}", stderr(&a));
    let feed = built_channel(site.path());
    let published: Vec<_> = feed
        .items
        .iter()
        .filter_map(|i| i.title.as_deref())
        .collect();
    assert!(published.contains(&"Marked"), "{published:?}");
    assert!(!published.contains(&"No media yet"), "{published:?}");
    assert!(
        feed.items
            .iter()
            .any(|i| i.title.as_deref() != Some("Marked")),
        "the example episode ({EPISODE}) stays"
    );
}

#[test]
fn a_draft_with_a_broken_toml_is_still_an_error() {
    // A record that does not read as TOML cannot say it is a draft: it stops the build as before.
    let site = site_with_drafts();
    fs::write(
        episodes(site.path()).join("2025-01-03-broken.toml"),
        "title = \"x\ndraft = true\n",
    )
    .unwrap();
    let a = podfeed(site.path()).arg("build").assert().code(2);
    assert!(
        stderr(&a).contains("2025-01-03-broken.toml"),
        "{}",
        stderr(&a)
    );
}
