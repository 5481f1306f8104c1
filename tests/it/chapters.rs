//! Chapters (issue 12, item 1): an episode's chapters file is published as JSON chapters and
//! linked with `<podcast:chapters>`; read back, it equals the source. A bad chapters file stops
//! the build with an error naming the file and line, and nothing is written. `podfeed chapters`
//! converts between JSON chapters and simple lines.

use std::fs;

use podfeed::chapters;
use serde_json::Value;

use super::common::site::{self, EPISODE, SHOW, edit, episodes, example_site, podfeed, snapshot};
use super::every_tag;

/// The `podcast:chapters` attributes of the first item of `channel`: (url, type).
fn chapters_link(channel: &rss::Channel) -> (String, String) {
    let item = channel.items.first().expect("an item");
    let link = &item.extensions()["podcast"]["chapters"];
    assert_eq!(link.len(), 1, "one podcast:chapters per item");
    let attr = |k: &str| link[0].attrs.get(k).cloned().expect("attribute");
    (attr("url"), attr("type"))
}

#[test]
fn the_every_tag_chapters_read_back_equal_to_the_record_field_by_field() {
    let (dir, feed) = every_tag::built();
    let channel = rss::Channel::read_from(feed.as_bytes()).expect("the feed parses");
    let slug = "2025-01-06-first-light";
    let (url, mime) = chapters_link(&channel);
    let published = format!("{}/chapters/{slug}.json", every_tag::SHOW);
    assert_eq!(url, format!("https://podcasts.example.com/{published}"));
    assert_eq!(mime, "application/json+chapters");
    let source_path = root_fixture().join("feeds/every-tag/episodes/first-light.chapters.json");
    let source = fs::read(&source_path).expect("the fixture's chapters");
    let written = fs::read(dir.path().join("public").join(&published)).expect("published");
    // Independently of podfeed's model: the same JSON value, key by key.
    let (a, b): (Value, Value) = (
        serde_json::from_slice(&source).expect("source JSON"),
        serde_json::from_slice(&written).expect("published JSON"),
    );
    assert_eq!(a, b);
    // And through the model: every field the fixture uses is set, so none is lost.
    let c = chapters::read("c.json", &written, None)
        .expect("reads")
        .chapters;
    let first = &c.chapters[0];
    assert!(first.img.is_some() && first.url.is_some() && first.toc.is_some());
    assert!(first.end_time.is_some() && first.location.as_ref().is_some_and(|l| l.osm.is_some()));
    assert!(c.author.is_some() && c.title.is_some() && c.podcast_name.is_some());
    assert!(c.description.is_some() && c.file_name.is_some() && c.waypoints.is_some());
}

fn root_fixture() -> std::path::PathBuf {
    site::root().join("tests/fixtures/every-tag")
}

#[test]
fn the_example_episode_publishes_its_chapter_lines_as_json_chapters() {
    let dir = example_site();
    podfeed(dir.path()).arg("build").assert().success();
    let (url, _) = chapters_link(&site::built_channel(dir.path()));
    let rel = format!("{SHOW}/chapters/{EPISODE}.json");
    assert!(url.ends_with(&rel), "{url}");
    let written = fs::read(dir.path().join("public").join(&rel)).expect("published");
    let lines = fs::read(episodes(dir.path()).join(format!("{EPISODE}.chapters.txt")))
        .expect("the example's chapters");
    let from_lines = chapters::read("c.txt", &lines, None)
        .expect("reads")
        .chapters;
    assert_eq!(
        chapters::read("c.json", &written, None)
            .expect("reads")
            .chapters,
        from_lines
    );
    assert!(from_lines.chapters.len() >= 5, "a few real topic starts");
    assert!(
        from_lines.chapters.iter().all(|c| c.start_time < 425.0),
        "within 7:05"
    );
}

#[test]
fn a_rebuild_touches_nothing_and_a_removed_chapters_file_is_unpublished() {
    let dir = example_site();
    podfeed(dir.path()).arg("build").assert().success();
    let published = dir
        .path()
        .join("public")
        .join(SHOW)
        .join("chapters")
        .join(format!("{EPISODE}.json"));
    let before = fs::metadata(&published)
        .expect("published")
        .modified()
        .expect("mtime");
    let out = podfeed(dir.path()).arg("build").assert().success();
    assert!(
        site::stdout(&out).contains("nothing changed"),
        "{}",
        site::stdout(&out)
    );
    assert_eq!(
        fs::metadata(&published)
            .expect("kept")
            .modified()
            .expect("mtime"),
        before
    );

    fs::remove_file(episodes(dir.path()).join(format!("{EPISODE}.chapters.txt"))).expect("rm");
    podfeed(dir.path()).arg("build").assert().success();
    assert!(
        !published.exists(),
        "the chapters file is removed with its source"
    );
    let feed = String::from_utf8(site::built_feed(dir.path())).expect("UTF-8");
    assert!(!feed.contains("podcast:chapters"), "nor linked");
}

/// Builds the example site with its chapters file replaced by `name` holding `text`; the build
/// must fail writing nothing. Returns standard error.
fn failed_build_with(name: &str, text: &str) -> String {
    let dir = example_site();
    let eps = episodes(dir.path());
    fs::remove_file(eps.join(format!("{EPISODE}.chapters.txt"))).expect("rm");
    fs::write(eps.join(name), text).expect("write chapters");
    let out = podfeed(dir.path()).arg("build").assert().code(2);
    assert!(
        snapshot(&dir.path().join("public")).is_empty(),
        "nothing written"
    );
    site::stderr(&out)
}

#[test]
fn bad_chapters_stop_the_build_naming_the_file_and_line() {
    let txt = format!("{EPISODE}.chapters.txt");
    let err = failed_build_with(&txt, "00:00 Intro\n# a comment\n02:00 Two\n01:00 Back\n");
    assert!(
        err.contains("record.chapters.times") && err.contains("ascending"),
        "{err}"
    );
    assert!(err.contains(&format!("{txt}:4:1")), "{err}");

    let err = failed_build_with(&txt, "00:00 Intro\n07:30 After the end\n");
    assert!(err.contains("past the episode's end (0:07:05)"), "{err}");
    assert!(err.contains(&format!("{txt}:2:1")), "{err}");

    let json = format!("{EPISODE}.chapters.json");
    let err = failed_build_with(
        &json,
        "{\"version\": \"1.2.0\",\n\"chapters\": [{\"startTime\": 0,}]}",
    );
    assert!(err.contains("record.chapters.invalid"), "{err}");
    assert!(err.contains(&format!("{json}:2:")), "{err}");
}

#[test]
fn a_chapters_file_named_in_the_record_must_exist() {
    let dir = example_site();
    let record = episodes(dir.path()).join(format!("{EPISODE}.toml"));
    edit(&record, |t| {
        t.replacen("duration =", "chapters = \"gone.json\"\nduration =", 1)
    });
    let out = podfeed(dir.path()).arg("build").assert().code(2);
    let err = site::stderr(&out);
    assert!(
        err.contains("record.chapters.missing") && err.contains("gone.json"),
        "{err}"
    );
    assert!(err.contains(&format!("{EPISODE}.toml:3:12")), "{err}");
}

#[test]
fn the_cli_converts_lines_to_json_and_back_and_reports_every_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lines = "00:00:00 Intro\n00:01:30.500 Topic <https://example.org/a>\n";
    let src = dir.path().join("ep.chapters.txt");
    fs::write(&src, lines).expect("write");
    let json = dir.path().join("ep.json");
    podfeed(dir.path())
        .arg("chapters")
        .arg(&src)
        .args(["--to", "json", "-o"])
        .arg(&json)
        .assert()
        .success()
        .stdout("");
    let value: Value = serde_json::from_slice(&fs::read(&json).expect("written")).expect("JSON");
    assert_eq!(value["version"], "1.2.0");
    assert_eq!(value["chapters"][1]["startTime"], 90.5);
    let back = podfeed(dir.path())
        .arg("chapters")
        .arg(&json)
        .args(["--to", "txt"])
        .assert()
        .success();
    assert_eq!(site::stdout(&back), lines);

    fs::write(&src, "00:00 Intro\n00:50 Two\n00:40 Back\n").expect("write");
    let out = podfeed(dir.path())
        .arg("chapters")
        .arg(&src)
        .args(["--to", "json", "--duration", "45"])
        .assert()
        .code(2);
    let err = site::stderr(&out);
    let name = src.display();
    assert!(
        err.contains(&format!(
            "error: {name}:2: chapter 2 starts at 0:00:50, past"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("error: {name}:3: chapter 3 starts at 0:00:40 but")),
        "{err}"
    );
    let bad = podfeed(dir.path())
        .arg("chapters")
        .arg(&src)
        .args(["--to", "xml"])
        .assert()
        .code(2);
    assert!(site::stderr(&bad).contains("expected json or txt"));
}

#[test]
fn a_transcript_is_not_taken_for_chapters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let vtt = dir.path().join("ep.vtt");
    fs::write(&vtt, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello.\n").expect("write");
    let out = podfeed(dir.path())
        .arg("chapters")
        .arg(&vtt)
        .args(["--to", "json"])
        .assert()
        .code(2);
    let err = site::stderr(&out);
    assert!(err.contains(":1: expected a chapter line"), "{err}");
    assert!(err.contains("no chapters are derived"), "{err}");
}
