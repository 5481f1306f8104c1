//! `podfeed serve` (issue 17, item 8): the example site served on 127.0.0.1 with the types a
//! browser and a podcast app expect, HEAD and byte ranges, `validate` of the preview passing its
//! link checks, and a change to the records served after the next poll.

use std::time::{Duration, Instant};

use crate::common::example::{Example, FEED, MEDIA, MEDIA_LEN, SHOW, only_report, transcript};
use crate::common::serve::Serving;

#[test]
fn the_preview_is_served_with_types_and_ranges_and_validates_with_links() {
    let mut example = Example::new("");
    let serving = Serving::start(&mut example);

    let feed = serving.get("GET", FEED, "").expect("feed");
    assert_eq!(feed.status, 200);
    assert_eq!(
        feed.header("content-type"),
        Some("application/xml; charset=utf-8"),
        "browsers apply the stylesheet to XML"
    );
    assert!(
        String::from_utf8_lossy(&feed.body)
            .contains("<?xml-stylesheet type=\"text/xsl\" href=\"feed.xsl\"?>")
    );
    let xsl = serving
        .get("GET", &format!("/{SHOW}/feed.xsl"), "")
        .expect("stylesheet");
    assert_eq!(xsl.status, 200);
    assert_eq!(
        xsl.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    let vtt = serving.get("GET", &transcript("vtt"), "").expect("vtt");
    assert_eq!(vtt.header("content-type"), Some("text/vtt; charset=utf-8"));

    let head = serving.get("HEAD", MEDIA, "").expect("HEAD");
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        Some(MEDIA_LEN.to_string().as_str())
    );
    assert!(head.body.is_empty(), "HEAD has no body");
    let range = serving
        .get("GET", MEDIA, "Range: bytes=0-1\r\n")
        .expect("range");
    assert_eq!(range.status, 206);
    assert_eq!(
        range.header("content-range"),
        Some(format!("bytes 0-1/{MEDIA_LEN}").as_str())
    );
    assert_eq!(range.body.len(), 2);

    let out = example.validate(&["--format", "json"]);
    let report = only_report(&out);
    assert_eq!(report["summary"]["errors"], 0, "{report}");
    assert_eq!(out.status.code(), Some(0), "{report}");
    let link_problems: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"].as_str().is_some_and(|r| r.starts_with("link.")))
        .filter(|d| d["severity"] != "info")
        .collect();
    assert!(link_problems.is_empty(), "{link_problems:#?}");
}

#[test]
fn a_changed_record_is_served_after_the_next_poll() {
    let mut example = Example::new("");
    let serving = Serving::start(&mut example);
    example.edit_record(
        &format!("episodes/{}.toml", crate::common::example::EPISODE),
        |t| t.replacen("title = \"Should AI", "title = \"Edited: Should AI", 1),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let feed = serving.get("GET", FEED, "").expect("feed");
        if String::from_utf8_lossy(&feed.body).contains("Edited: Should AI") {
            break;
        }
        assert!(Instant::now() < deadline, "the edit was never served");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn records_with_errors_are_reported_once_until_they_change() {
    let mut example = Example::new("");
    let log = tempfile::NamedTempFile::new().expect("log file");
    let serving = Serving::start_logging(
        &mut example,
        std::process::Stdio::from(log.reopen().expect("log file")),
    );
    let errors = || {
        std::fs::read_to_string(log.path())
            .expect("log")
            .matches("error[record.field.unknown]")
            .count()
    };
    // Waits until the log holds `n` reports, then three more polls (one a second) for any extra.
    let settle = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while errors() < n {
            assert!(Instant::now() < deadline, "the error was never reported");
            std::thread::sleep(Duration::from_millis(200));
        }
        std::thread::sleep(Duration::from_millis(3_500));
        assert_eq!(
            errors(),
            n,
            "reported again while the records stayed the same"
        );
    };
    example.edit_record("show.toml", |t| t.replacen("title = ", "titel = ", 1));
    settle(1);
    // A change to the still broken records is reported once more.
    example.edit_record("show.toml", |t| t.replacen("titel = ", "titel  = ", 1));
    settle(2);
    drop(serving);
}
