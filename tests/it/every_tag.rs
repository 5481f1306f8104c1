//! The every-tag show (tests/fixtures/every-tag): a site whose one show uses every record key
//! podfeed has. Its feed builds, and the validator finds nothing in it under any profile. The
//! modules that add keys read the feed back and compare it with the records, value by value.

use std::fs;
use std::path::PathBuf;

use super::common::site::{copy_dir, podfeed, root};

/// The show's id and the clock of its builds (after every episode of the fixture).
pub const SHOW: &str = "every-tag";
pub const NOW: &str = "2026-01-01T00:00:00Z";

/// A built copy of the fixture site: its folder, and the feed's text.
pub fn built() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("tests/fixtures/every-tag"), dir.path());
    podfeed(dir.path())
        .env("PODFEED_NOW", NOW)
        .arg("build")
        .assert()
        .success();
    let feed = fs::read_to_string(feed_path(&dir)).expect("feed written");
    (dir, feed)
}

/// The built feed of [`built`]'s folder.
pub fn feed_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("public").join(SHOW).join("feed.xml")
}

#[test]
fn the_every_tag_show_builds_and_validates_clean_under_every_profile() {
    let (dir, _) = built();
    for profile in ["rss", "apple", "podcastindex", "spotify"] {
        let out = podfeed(dir.path())
            .env("PODFEED_NOW", NOW)
            .args([
                "validate",
                "--no-links",
                "--format",
                "json",
                "--profile",
                profile,
            ])
            .arg(feed_path(&dir))
            .output()
            .expect("run validate");
        let report: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("one JSON report");
        let findings = report["diagnostics"].as_array().expect("diagnostics");
        assert!(findings.is_empty(), "{profile}: {findings:#?}");
        assert!(out.status.success(), "{profile}");
    }
}

/// Every tag of the podcast namespace (SPEC.md §2, §4, §5.1, §5.2; the namespace's docs/tags),
/// with the one the builder does not write and why.
const NAMESPACE: &[&str] = &[
    "transcript",
    "guid",
    "chapters",
    "locked",
    "funding",
    "person",
    "season",
    "episode",
    "medium",
    "license",
    "images",
    "image",
    "alternateEnclosure",
    "source",
    "integrity",
    "txt",
    "updateFrequency",
    "podroll",
    "remoteItem",
    "trailer",
    "soundbite",
    "location",
    "block",
    "value",
    "valueRecipient",
    "valueTimeSplit",
    "liveItem",
    "contentLink",
    "socialInteract",
    "chat",
    "publisher",
    "podping",
];

/// Tags the builder never writes: `images` is deprecated, and a generator writes `podcast:image`
/// instead (SPEC.md §5.2); the validator still checks it (and warns).
const NOT_WRITTEN: &[(&str, &str)] = &[("images", "deprecated: podcast:image is written instead")];

#[test]
fn the_builder_writes_every_tag_of_the_namespace_and_the_validator_knows_each() {
    let (_dir, feed) = built();
    let written: Vec<&str> = NAMESPACE
        .iter()
        .copied()
        .filter(|t| !NOT_WRITTEN.iter().any(|(n, _)| n == t))
        .collect();
    let missing: Vec<&&str> = written
        .iter()
        .filter(|t| {
            !feed.contains(&format!("<podcast:{t} ")) && !feed.contains(&format!("<podcast:{t}>"))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "tags the every-tag feed lacks: {missing:?}"
    );
    // The validator knows each tag, the deprecated one included: an unknown tag is a finding.
    let unknown = |tag: &str| {
        let doc = format!(
            "<rss version=\"2.0\" xmlns:podcast=\"https://podcastindex.org/namespace/1.0\"><channel><podcast:{tag}/></channel></rss>"
        );
        podfeed::rules::check_feed(
            "walk.xml",
            doc.as_bytes(),
            &podfeed::rules::Profiles::all(),
            chrono::Utc::now(),
        )
        .iter()
        .any(|d| d.rule.id == "podcast.element.unknown")
    };
    assert!(unknown("notATag"), "the check can tell an unknown tag");
    for tag in NAMESPACE {
        assert!(!unknown(tag), "{tag} is unknown to the validator");
    }
}
