//! `podfeed validate --feed ID` against a feed built by `podfeed build` and served on 127.0.0.1:
//! the builder and the validator agree, and each way a served feed can drift from the records
//! is named by its rule id and the exit code.

use crate::common::example::{self, EPISODE, Example};

/// Builds the example for a fresh server and returns it with the built feed's text.
fn built() -> (Example, String) {
    let ex = Example::new("");
    ex.build();
    let feed = ex.feed();
    (ex, feed)
}

/// Serves `feed` in place of the built one and validates it against the records without link
/// checks; returns the exit code and the parsed JSON report.
fn validate_served(mut ex: Example, feed: String) -> (i32, serde_json::Value) {
    let _server = ex.serve(ex.site().file(example::FEED, feed, "application/rss+xml"));
    let out = ex.validate(&["--no-links", "--format", "json"]);
    (
        out.status.code().expect("exit code"),
        example::only_report(&out),
    )
}

/// The rule ids of the comparison only (the rules also warn about the test server's http URLs).
fn compare_rules(report: &serde_json::Value) -> Vec<String> {
    example::rule_ids(report)
        .into_iter()
        .filter(|r| r.starts_with("compare."))
        .collect()
}

/// `feed` with the text of its first `<guid>` replaced by `guid`.
fn with_guid(feed: &str, guid: &str) -> String {
    let guid_start = feed.find("<guid").expect("guid");
    let text_start = guid_start + feed[guid_start..].find('>').expect("guid tag end") + 1;
    let text_end = text_start + feed[text_start..].find("</guid>").expect("guid end");
    format!("{}{guid}{}", &feed[..text_start], &feed[text_end..])
}

/// The one `<item>…</item>` of the example feed.
fn item(feed: &str) -> &str {
    let start = feed.find("<item>").expect("an item");
    let end = feed.find("</item>").expect("an item end") + "</item>".len();
    &feed[start..end]
}

#[test]
fn the_builders_feed_validates_without_errors_links_included() {
    let (mut ex, _) = built();
    let server = ex.serve(ex.site());
    let out = ex.validate(&["--format", "json"]);
    let report = &example::report(&out);
    let errors: Vec<&serde_json::Value> = example::diagnostics(report)
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(report["status"], "checked");
    assert_eq!(report["target"], ex.feed_url());
    // Only the plain-http warnings of a local server, and every link was really fetched.
    let rules = example::rule_ids(report);
    assert!(
        rules
            .iter()
            .all(|r| r == "url.http" || r == "podcast.url.http"),
        "{rules:?}"
    );
    assert!(server.hits(example::MEDIA) >= 2, "HEAD and a range GET");
    assert_eq!(server.hits(example::COVER), 1);
    for ext in ["vtt", "srt", "json", "html", "txt"] {
        assert_eq!(server.hits(&example::transcript(ext)), 1, "{ext}");
    }
    // The human report says the same (a fresh cache file, so the feed is checked again).
    let human = ex
        .podfeed()
        .args(["validate", "--feed", example::SHOW, "--no-links"])
        .args(["--cache", "other-cache.json"])
        .assert()
        .code(0);
    let text = String::from_utf8_lossy(&human.get_output().stdout).into_owned();
    let last = text.lines().last().unwrap_or_default();
    assert!(last.starts_with("0 errors, "), "{text}");
    assert!(text.contains("warning[podcast.url.http]"), "{text}");
}

#[test]
fn a_removed_episode_is_missing() {
    let (ex, feed) = built();
    let served = feed.replace(item(&feed), "");
    let (code, report) = validate_served(ex, served);
    assert_eq!(compare_rules(&report), ["compare.episode.missing"]);
    assert_eq!(code, 1);
    let missing = example::finding(&report, "compare.episode.missing");
    assert_eq!(missing["episode"], EPISODE);
}

#[test]
fn an_extra_episode_is_reported_as_a_warning() {
    let (ex, feed) = built();
    let one = item(&feed);
    let extra = with_guid(one, "an-old-episode").replace("should-ai-be-open-source.mp3", "old.mp3");
    assert_ne!(extra, one);
    let served = feed.replace(one, &format!("{one}\n{extra}"));
    let (code, report) = validate_served(ex, served);
    assert_eq!(compare_rules(&report), ["compare.episode.extra"]);
    assert_eq!(code, 0);
}

#[test]
fn a_changed_title_is_a_warning_on_the_episode() {
    let (ex, feed) = built();
    let served = feed.replacen(
        "<title>Should AI be Open-source?",
        "<title>Should AI be Closed?",
        1,
    );
    assert_ne!(served, feed);
    let item_line = served
        .lines()
        .position(|l| l.trim() == "<item>")
        .expect("an item")
        + 1;
    let (code, report) = validate_served(ex, served);
    assert_eq!(compare_rules(&report), ["compare.episode.changed"]);
    let d = example::finding(&report, "compare.episode.changed");
    assert_eq!(d["episode"], EPISODE);
    assert!(
        d["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("title differs"),
        "{d}"
    );
    assert_eq!(d["line"], item_line, "the item's start tag");
    assert_eq!(code, 0);
}

#[test]
fn a_changed_guid_is_an_error() {
    let (ex, feed) = built();
    let (code, report) = validate_served(ex, with_guid(&feed, "not-the-guid"));
    assert_eq!(compare_rules(&report), ["compare.guid.changed"]);
    assert_eq!(code, 1);
}

#[test]
fn an_episode_due_after_the_last_build_makes_the_feed_stale() {
    let (ex, _) = built();
    // A new record, due after the feed was built (lastBuildDate = NOW) but before the validation.
    let dir = ex.show_dir().join("episodes");
    let record = std::fs::read_to_string(dir.join(format!("{EPISODE}.toml")))
        .expect("record")
        .replace(
            "published = 2024-08-07T09:00:00Z",
            "published = 2030-02-01T09:00:00Z",
        )
        .replace("should-ai-be-open-source.mp3", "next.mp3");
    std::fs::write(dir.join("2030-02-01-next.toml"), record).expect("write record");
    let mut ex = ex;
    let _server = ex.serve(ex.site());
    let out = ex.validate_at("2030-03-01T00:00:00Z", &["--no-links", "--format", "json"]);
    let report = &example::report(&out);
    assert_eq!(
        compare_rules(report),
        ["compare.feed.stale", "compare.episode.missing"]
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_json_report_parses_and_names_rules_and_episodes() {
    let (ex, feed) = built();
    let served = feed.replace(item(&feed), "");
    let (_, report) = validate_served(ex, served);
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["status"], "checked");
    let d = example::diagnostics(&report);
    assert!(
        d.iter()
            .all(|d| d["rule"].is_string() && d["severity"].is_string())
    );
}

#[test]
fn a_feed_file_compared_with_a_records_folder() {
    let (ex, feed) = built();
    let file = ex.dir.path().join("served.xml");
    std::fs::write(&file, with_guid(&feed, "not-the-guid")).expect("write feed");
    let out = ex
        .podfeed()
        .arg("validate")
        .arg(&file)
        .arg("--records")
        .arg(ex.show_dir())
        .args(["--format", "json"])
        .output()
        .expect("run podfeed");
    let report = &example::report(&out);
    assert_eq!(report["target"], file.display().to_string());
    assert_eq!(compare_rules(report), ["compare.guid.changed"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_extra_episode_is_named_by_its_guid() {
    let (ex, feed) = built();
    let one = item(&feed);
    let extra = with_guid(one, "an-old-episode").replace("should-ai-be-open-source.mp3", "old.mp3");
    let (_, report) = validate_served(ex, feed.replace(one, &format!("{one}\n{extra}")));
    let d = example::finding(&report, "compare.episode.extra");
    assert_eq!(d["episode"], "an-old-episode");
}

#[test]
fn a_drifted_guid_leaves_every_finding_on_the_item_named_by_the_records_slug() {
    let (ex, feed) = built();
    let (_, report) = validate_served(ex, with_guid(&feed, "not-the-guid"));
    let named: Vec<(&str, &str)> = example::diagnostics(&report)
        .iter()
        .filter_map(|d| Some((d["rule"].as_str()?, d["episode"].as_str()?)))
        .collect();
    // The rules name the item by its guid; matched by its enclosure URL, it is the record's.
    assert!(
        named.iter().any(|(r, _)| !r.starts_with("compare.")),
        "{named:?}"
    );
    assert!(
        named.contains(&("compare.guid.changed", EPISODE)),
        "{named:?}"
    );
    assert!(named.iter().all(|(_, e)| *e == EPISODE), "{named:?}");
}
