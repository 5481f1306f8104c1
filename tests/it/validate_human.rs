//! The human report of `podfeed validate` on a minified feed (the whole feed on one line): each
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
