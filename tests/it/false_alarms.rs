//! The classes of false alarm found on real feeds from a dozen hosts (issue 14, item 4), each on a
//! small feed of our own: what a finding says must be what the specs say, once per defect.

use chrono::{DateTime, Utc};
use podfeed::diagnostic::{Diagnostic, Severity};
use podfeed::rules::{Profiles, check_feed};

const MINIMAL: &str = include_str!("../fixtures/feeds/minimal.xml");

fn now() -> DateTime<Utc> {
    "2026-01-01T00:00:00Z".parse().expect("time")
}

/// The findings on the minimal feed with `from` replaced by `to`.
fn findings(from: &str, to: &str) -> Vec<Diagnostic> {
    assert!(MINIMAL.contains(from), "{from}");
    let feed = MINIMAL.replacen(from, to, 1);
    check_feed("feed.xml", feed.as_bytes(), &Profiles::all(), now())
}

fn ids(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.rule.id).collect()
}

#[test]
fn the_unchanged_feed_has_no_finding() {
    assert_eq!(ids(&findings("We start.", "We start.")), Vec::<&str>::new());
}

#[test]
fn lengths_count_a_crlf_line_end_as_one_character() {
    // 255 characters once CR LF is LF, as XML hands it over (XML 1.0 §2.11).
    let title = format!("{}\r\n{}", "a".repeat(200), "b".repeat(54));
    let d = findings(
        "<title>First episode</title>",
        &format!("<title>{title}</title>"),
    );
    assert!(!ids(&d).contains(&"text.too-long"), "{:?}", ids(&d));
    let over = format!("{}\r\n{}", "a".repeat(200), "b".repeat(55));
    let d = findings(
        "<title>First episode</title>",
        &format!("<title>{over}</title>"),
    );
    assert!(
        ids(&d).contains(&"text.too-long"),
        "256 characters is too long"
    );
    // 4000 bytes once CR LF is LF.
    let notes = format!("{}\r\n{}", "x".repeat(3000), "y".repeat(999));
    let d = findings(
        "<description>We start.</description>",
        &format!("<description>{notes}</description>"),
    );
    assert!(
        !ids(&d).contains(&"text.description.too-long"),
        "{:?}",
        ids(&d)
    );
}

#[test]
fn legacy_itunes_fields_are_measured_in_characters_and_never_fail_a_feed() {
    // 3,000 characters, 6,000 bytes: within itunes:summary's 4000 characters.
    let summary = "é".repeat(3000);
    let d = findings(
        "<description>We start.</description>",
        &format!(
            "<description>We start.</description><itunes:summary>&lt;p&gt;{summary}&lt;/p&gt;</itunes:summary>"
        ),
    );
    assert_eq!(ids(&d), Vec::<&str>::new(), "HTML and 6000 bytes are fine");
    let long = "word ".repeat(60);
    let d = findings(
        "<description>We start.</description>",
        &format!("<description>We start.</description><itunes:subtitle>{long}</itunes:subtitle>"),
    );
    assert_eq!(ids(&d), ["text.legacy.too-long"]);
    assert!(d.iter().all(|d| d.severity() == Severity::Warning));
}

#[test]
fn an_owner_without_an_address_is_one_warning() {
    let owner_email = "<itunes:email>ana@example.org</itunes:email>";
    for without in ["", "<itunes:email/>", "<itunes:email> </itunes:email>"] {
        let d = findings(owner_email, without);
        assert_eq!(ids(&d), ["itunes.owner.email.missing"], "{without:?}");
        assert_eq!(d[0].severity(), Severity::Warning);
    }
    // No owner at all: a warning too, never better off than a feed that names its owner.
    let block = "<itunes:owner>\n      <itunes:name>Ana Example</itunes:name>\n      <itunes:email>ana@example.org</itunes:email>\n    </itunes:owner>";
    let d = findings(block, "");
    assert_eq!(ids(&d), ["channel.itunes.owner.missing"]);
    assert_eq!(d[0].severity(), Severity::Warning);
    // A malformed address is that, once.
    let d = findings(owner_email, "<itunes:email>ana at example</itunes:email>");
    assert_eq!(ids(&d), ["contact.email.invalid"]);
}

#[test]
fn an_empty_optional_itunes_element_is_advice_not_an_error() {
    for name in ["episodeType", "season", "episode", "title", "subtitle"] {
        let d = findings(
            "<itunes:duration>1804</itunes:duration>",
            &format!("<itunes:duration>1804</itunes:duration><itunes:{name}></itunes:{name}>"),
        );
        assert_eq!(ids(&d), ["itunes.empty"], "{name}");
        assert_eq!(d[0].severity(), Severity::Info, "{name}");
    }
}

#[test]
fn anything_before_the_xml_declaration_is_an_error() {
    let d = findings("<?xml version", "\n<?xml version");
    assert_eq!(ids(&d), ["xml.declaration.position"]);
    assert_eq!(d[0].severity(), Severity::Error);
    // A byte order mark may come first.
    let d = findings("<?xml version", "\u{feff}<?xml version");
    assert_eq!(ids(&d), Vec::<&str>::new());
}

#[test]
fn dates_rfc_822_does_not_allow_are_read_with_a_warning() {
    let date = "Sat, 07 Sep 2024 09:42:31 GMT";
    for (written, expected) in [
        ("Sat 07 Sep 2024 09:42:31 GMT", 1),
        ("Sat, 07 Sep 2024 09:42:31 UTC", 1),
        ("Sat 07 Sep 2024 09:42:31 UTC", 2),
        ("07 Sep 2024 09:42:31 +0000", 0),
    ] {
        let d = findings(date, written);
        assert_eq!(ids(&d), vec!["date.form"; expected], "{written}");
    }
}

#[test]
fn plain_http_artwork_and_media_are_seen_without_fetching() {
    let d = findings(
        "<itunes:image href=\"https://",
        "<itunes:image href=\"http://",
    );
    assert_eq!(ids(&d), ["url.http"]);
    let d = findings("enclosure url=\"https://", "enclosure url=\"http://");
    assert_eq!(ids(&d), ["url.http"]);
    assert_eq!(d[0].severity(), Severity::Warning);
}
