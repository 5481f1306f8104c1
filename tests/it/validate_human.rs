//! The human reports: findings in a feed and in records underline the whole value, styled on
//! request and plain when piped (snapshots); and `podfeed validate` on a minified feed (the whole feed on one line): each
//! finding shows a window of the line around its column, with the caret under the element, so
//! the report stays readable and its cost does not grow with the line's length per finding.

use std::fmt::Write as _;

/// A feed of `n` items on a single line, each item lacking its enclosure and date.
fn minified_feed(n: usize) -> String {
    let mut feed = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>Minified</title><link>https://p.example/</link><description>All on one line ✓</description>",
    );
    for i in 0..n {
        let _ = write!(
            feed,
            "<item><title>Épisode {i}</title><guid isPermaLink=\"false\">g-{i}</guid><description>Notes {i}</description></item>"
        );
    }
    feed.push_str("</channel></rss>");
    feed
}

#[test]
fn a_one_line_feed_gets_short_snippets_with_the_caret_under_each_element() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("min.xml");
    let feed = minified_feed(3000);
    std::fs::write(&path, &feed).expect("write feed");
    let out = assert_cmd::Command::cargo_bin("podfeed")
        .expect("binary")
        .current_dir(dir.path())
        .args(["validate", "min.xml", "--no-links"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("run podfeed");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 300, "a report line of {longest} characters");

    // Each snippet: `--> min.xml:1:COL`, then the source window, then the caret line. The caret
    // sits under the `<` of the element that column names in the feed.
    let line: Vec<char> = feed.chars().collect();
    let lines: Vec<&str> = text.lines().collect();
    let mut checked = 0;
    for (i, l) in lines.iter().enumerate() {
        let Some(col) = l.trim_start().strip_prefix("--> min.xml:1:") else {
            continue;
        };
        let col: usize = col.parse().expect("a column number");
        assert_eq!(
            line.get(col - 1),
            Some(&'<'),
            "column {col} is not a start tag"
        );
        // Skip the ` |` line: the source line starts with `1 |`, the caret line follows it.
        let source = lines.get(i + 2).expect("source line");
        let caret = lines.get(i + 3).expect("caret line");
        assert!(source.trim_start().starts_with("1 |"), "{source}");
        let at = caret.chars().position(|c| c == '^').expect("a caret");
        assert_eq!(source.chars().nth(at), Some('<'), "\n{source}\n{caret}");
        // The window shows the text that follows the column in the feed.
        let after: String = line[col - 1..].iter().take(20).collect();
        let shown: String = source.chars().skip(at).take(20).collect();
        assert_eq!(shown, after);
        checked += 1;
    }
    assert!(checked >= 3000, "only {checked} snippets found");
}

/// The minimal valid feed with three mistakes a podcaster makes: a length with its unit, an
/// explicit flag in words, a podcast tag at the wrong level.
fn feed_with_mistakes() -> String {
    let feed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds/minimal.xml"),
    )
    .expect("minimal feed");
    let edits = [
        ("length=\"1234567\"", "length=\"12 MB\""),
        (
            "<itunes:explicit>false</itunes:explicit>\n      <podcast",
            "<itunes:explicit>maybe</itunes:explicit>\n      <podcast",
        ),
        (
            "    <podcast:guid>",
            "    <podcast:soundbite startTime=\"0\" duration=\"30\"/>\n    <podcast:guid>",
        ),
    ];
    edits.iter().fold(feed, |f, (from, to)| {
        assert!(f.contains(from), "{from}");
        f.replacen(from, to, 1)
    })
}

/// `podfeed validate bad.xml --no-links` with `color` in a folder holding the feed.
fn human_report(color: Option<&str>) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.xml"), feed_with_mistakes()).expect("write feed");
    let mut cmd = assert_cmd::Command::cargo_bin("podfeed").expect("binary");
    cmd.current_dir(dir.path())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .args(["validate", "bad.xml", "--no-links"]);
    if let Some(c) = color {
        cmd.args(["--color", c]);
    }
    let out = cmd.output().expect("run podfeed");
    assert_eq!(out.status.code(), Some(1), "errors fail the run");
    String::from_utf8(out.stdout).expect("UTF-8 report")
}

/// Removes ANSI SGR sequences (`ESC [ … m`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('\u{1b}') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        rest = rest.find('m').map_or("", |m| &rest[m + 1..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn findings_underline_the_whole_value_plain_when_piped() {
    let plain = human_report(None);
    assert!(!plain.contains('\u{1b}'), "piped output is plain");
    assert_eq!(plain, human_report(Some("never")));
    insta::assert_snapshot!(plain);
}

#[test]
fn color_always_styles_the_same_report() {
    let styled = human_report(Some("always"));
    assert!(styled.contains("\u{1b}["), "styled output has colour");
    assert_eq!(strip_ansi(&styled), human_report(Some("never")));
}

#[test]
fn record_errors_underline_the_whole_value() {
    let site = super::common::site::example_site();
    let record = site
        .path()
        .join("feeds/good-tech-companies/episodes/2024-08-07-should-ai-be-open-source.toml");
    let text = std::fs::read_to_string(&record).expect("record");
    let text = text
        .replace("published = 2024-08-07T09:00:00Z", "published = 2024-08-07T09:00:00")
        .replace(
            "url = \"https://podcasts.example.com/good-tech-companies/media/should-ai-be-open-source.mp3\"",
            "url = \"media/should-ai-be-open-source.mp3\"",
        );
    std::fs::write(&record, text).expect("edit record");
    let out = super::common::site::podfeed(site.path())
        .args(["build", "--color", "never"])
        .output()
        .expect("run podfeed");
    assert_eq!(out.status.code(), Some(2), "bad records are a usage error");
    assert!(!site.path().join("public").exists(), "nothing written");
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr));
}
