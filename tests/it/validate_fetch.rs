//! `podfeed validate` fetching the feed: failures that leave no feed exit 4 with a message naming
//! the URL, throttling is waited out, and an unchanged feed is answered from the cache.

use std::time::Duration;

use crate::common::example::{self, Example};
use crate::common::server::Fault;

/// Builds the example and serves it with `fault` on the feed; runs `validate --feed`.
fn validate_feed_with(validate: &str, fault: Fault) -> (i32, String, String) {
    let mut ex = Example::new(validate);
    ex.build();
    let _server = ex.serve(ex.site().fault(example::FEED, fault));
    let out = ex.validate(&["--no-links"]);
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_redirect_loop_exits_4_naming_the_url() {
    let (code, _, err) = validate_feed_with("", Fault::Redirect(302, example::FEED.to_owned()));
    assert!(err.contains("redirect loop"), "{err}");
    assert!(err.contains(example::FEED), "{err}");
    assert_eq!(code, 4);
}

#[test]
fn a_server_that_never_answers_times_out_with_exit_4() {
    let (code, _, err) = validate_feed_with("", Fault::Hang(Duration::from_secs(30)));
    assert!(err.contains("timed out"), "{err}");
    assert!(err.contains(example::FEED), "{err}");
    assert_eq!(code, 4);
}

#[test]
fn a_feed_over_the_size_limit_exits_4() {
    let (code, _, err) = validate_feed_with("max_feed_bytes = 1000", Fault::NoLength);
    assert!(err.contains("larger than the limit of 1000 bytes"), "{err}");
    assert_eq!(code, 4);
}

#[test]
fn a_throttled_feed_is_fetched_after_waiting() {
    let (code, out, err) = validate_feed_with(
        "",
        Fault::TooManyRequests {
            n: 1,
            retry_after: "0".into(),
        },
    );
    assert!(
        out.lines()
            .last()
            .unwrap_or_default()
            .starts_with("0 errors"),
        "{out}{err}"
    );
    assert_eq!(code, 0);
}

#[test]
fn a_missing_feed_exits_4_with_the_status() {
    let (code, _, err) = validate_feed_with("", Fault::NotFound);
    assert!(err.contains("404"), "{err}");
    assert_eq!(code, 4);
}

#[test]
fn an_unchanged_feed_is_answered_from_the_cache_on_the_second_run() {
    let mut ex = Example::new("");
    let server = ex.build_and_serve();
    let first = ex
        .podfeed()
        .args(["validate", "--feed", example::SHOW])
        .assert()
        .code(0);
    let first = String::from_utf8_lossy(&first.get_output().stdout).into_owned();
    assert!(!first.contains("unchanged"), "{first}");
    let cache = ex.dir.path().join(".podfeed-cache.json");
    let stored: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cache).expect("cache written")).expect("json");
    assert!(
        stored["feeds"][ex.feed_url()]["etag"].is_string(),
        "{stored}"
    );
    let media_hits = server.hits(example::MEDIA);

    let second = ex
        .podfeed()
        .args(["validate", "--feed", example::SHOW, "--format", "json"])
        .assert()
        .code(0);
    let report = &example::json_lines(&second.get_output().stdout)[0];
    assert_eq!(report["status"], "unchanged");
    assert_eq!(server.hits_by("GET", example::FEED), 2);
    assert_eq!(
        server.hits(example::MEDIA),
        media_hits,
        "links not checked again"
    );

    let human = ex
        .podfeed()
        .args(["validate", "--feed", example::SHOW])
        .assert()
        .code(0);
    let text = String::from_utf8_lossy(&human.get_output().stdout).into_owned();
    assert!(text.contains("unchanged since last run"), "{text}");
}

#[test]
fn records_changed_after_the_last_run_bypass_the_cache() {
    let mut ex = Example::new("");
    let _server = ex.build_and_serve();
    ex.podfeed()
        .args(["validate", "--feed", example::SHOW, "--no-links"])
        .assert()
        .code(0);
    // The records change after the run (and after the build): the unchanged feed is now stale.
    std::thread::sleep(Duration::from_millis(20));
    ex.edit_record(&format!("episodes/{}.toml", example::EPISODE), |t| {
        t.replacen("title = \"Should AI", "title = \"Must AI", 1)
    });
    let out = ex.validate_at("2030-01-02T00:00:00Z", &["--no-links", "--format", "json"]);
    let report = &example::report(&out);
    assert_eq!(report["status"], "checked");
    let rules = example::rule_ids(report);
    assert!(
        rules.contains(&"compare.episode.changed".to_owned()),
        "{rules:?}"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_feed_url_given_alone_is_checked_without_records() {
    let mut ex = Example::new("");
    let _server = ex.build_and_serve();
    let out = ex
        .podfeed()
        .args(["validate", &ex.feed_url(), "--format", "json", "--no-links"])
        .output()
        .expect("run podfeed");
    let report = &example::report(&out);
    assert_eq!(report["target"], ex.feed_url());
    let rules = example::rule_ids(report);
    assert!(
        rules.iter().all(|r| !r.starts_with("compare.")),
        "{rules:?}"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn no_target_validates_every_show_of_the_config_one_json_line_each() {
    let mut ex = Example::new("");
    // A second show: a copy of the first under another id, with its own guid-free records.
    let second = ex.dir.path().join("feeds").join("second-show");
    std::fs::create_dir_all(second.join("episodes")).expect("mkdir");
    std::fs::copy(ex.show_dir().join("show.toml"), second.join("show.toml")).expect("copy");
    let _server = ex.build_and_serve();
    let out = ex
        .podfeed()
        .args(["validate", "--format", "json", "--no-links"])
        .output()
        .expect("run podfeed");
    let lines = example::json_lines(&out.stdout);
    let targets: Vec<&str> = lines
        .iter()
        .map(|l| l["target"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        targets,
        [ex.feed_url(), format!("{}/second-show/feed.xml", ex.base)]
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_unknown_show_is_a_usage_error() {
    let ex = Example::new("");
    ex.podfeed()
        .args(["validate", "--feed", "no-such-show"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("record.show.unknown"));
}

#[test]
fn a_failed_fetch_is_a_json_line_with_status_and_error() {
    let mut ex = Example::new("");
    ex.build();
    let _server = ex.serve(ex.site().fault(example::FEED, Fault::NotFound));
    let out = ex.validate(&["--format", "json"]);
    let report = &example::report(&out);
    assert_eq!(report["status"], "failed");
    assert!(
        report["error"].as_str().unwrap_or_default().contains("404"),
        "{report}"
    );
    assert_eq!(out.status.code(), Some(4));
}

#[test]
fn an_unreadable_feed_file_exits_4_saying_it_cannot_be_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = assert_cmd::Command::cargo_bin("podfeed")
        .expect("binary")
        .current_dir(dir.path())
        .args(["validate", "no-such-feed.xml"])
        .output()
        .expect("run podfeed");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error: cannot read no-such-feed.xml: "),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(4), "{err}");
}
