//! JSON output: one object per target,
//! `{"target": …, "summary": {"errors", "warnings", "infos"}, "diagnostics": [{"rule",
//! "severity", "message", "file", "line", "column", "end_line", "end_column", "offset",
//! "end_offset", "path", "episode", "help"}]}`; absent fields are omitted. Lines and columns are
//! 1-based (columns count characters); `end_*` is the position just after the finding's bytes,
//! and the offsets are bytes of the decoded text.
//!
//! A run prints JSON Lines ([`write_lines`]): one compact object per target and line, with
//! `"status"` (`"checked"`, `"unchanged"` or `"failed"`) after `target` and, when failed,
//! `"error"`. A single target is one line, which is also one JSON document.

use std::io::Write;

use serde::Serialize;

use super::{Status, TargetReport};
use crate::diagnostic::{Diagnostic, Location, Severity, Sources, Summary};

/// One diagnostic as JSON shows it, its label resolved to lines and columns.
#[derive(Serialize)]
struct Item<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none", flatten)]
    location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    episode: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// The diagnostics of a target as JSON shows them.
fn items<'a>(sources: &Sources, diagnostics: &'a [Diagnostic]) -> Vec<Item<'a>> {
    diagnostics
        .iter()
        .map(|d| Item {
            rule: d.rule.id,
            severity: d.severity(),
            message: &d.message,
            file: d.label().map(|l| l.file.as_str()),
            location: sources.location_of(d),
            path: d.path.as_deref(),
            episode: d.episode.as_deref(),
            help: d.help.as_deref(),
        })
        .collect()
}

/// The object of one target, fields in output order.
#[derive(Serialize)]
struct Report<'a> {
    target: &'a str,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    summary: Summary,
    diagnostics: Vec<Item<'a>>,
}

/// Writes several targets' reports to `out` as JSON Lines, each line ending in a newline. A
/// report streams through `out` rather than being built whole first: 10,000 findings make
/// 4 MB of JSON, which took 16 ms to build as one string and 6.5 ms to stream (BENCHMARKS.md).
pub fn write_lines(reports: &[TargetReport<'_>], out: &mut impl Write) -> std::io::Result<()> {
    for r in reports {
        let sources = r.sources();
        let report = Report {
            target: r.target,
            status: r.status,
            error: r.error,
            summary: Summary::of(r.diagnostics),
            diagnostics: items(&sources, r.diagnostics),
        };
        // Every field serializes (string keys, no maps): only `out` can fail.
        serde_json::to_writer(&mut *out, &report)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;

    /// The JSON Lines of `reports`.
    fn lines(reports: &[TargetReport<'_>]) -> String {
        let mut out = Vec::new();
        write_lines(reports, &mut out).expect("a Vec takes every write");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    #[test]
    fn has_target_summary_and_flat_locations() {
        let text = "<rss>\n<channel>\n    <é>Mon, 1 Jan</é>\n";
        let start = text.find("<é>").expect("element");
        let d = Diagnostic::new(&crate::rules::dates::DATE_WEEKDAY, "m")
            .at(Label::new(
                "f.xml",
                start..start + "<é>Mon, 1 Jan</é>".len(),
            ))
            .episode("ep-1");
        let report = TargetReport {
            target: "f.xml",
            status: Status::Checked,
            source: Some(text),
            diagnostics: &[d],
            error: None,
        };
        let out = lines(&[report]);
        assert_eq!(out.lines().count(), 1, "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["target"], "f.xml");
        assert_eq!(v["summary"]["warnings"], 1);
        let d0 = &v["diagnostics"][0];
        assert_eq!(
            (
                d0["rule"].as_str(),
                d0["line"].as_u64(),
                d0["column"].as_u64()
            ),
            (Some("date.weekday"), Some(3), Some(5))
        );
        assert_eq!(d0["severity"], "warning");
        // The end is counted in characters too, and the offsets in bytes.
        assert_eq!(
            (d0["end_line"].as_u64(), d0["end_column"].as_u64()),
            (Some(3), Some(22))
        );
        assert_eq!(d0["offset"].as_u64(), Some(start as u64));
        assert_eq!(
            d0["end_offset"].as_u64(),
            Some((start + "<é>Mon, 1 Jan</é>".len()) as u64)
        );
        assert_eq!(d0["episode"], "ep-1");
    }

    #[test]
    fn each_target_is_one_line_with_its_status_and_error() {
        let d = [Diagnostic::new(&crate::rules::links::LINK_STATUS, "m")];
        let reports = [
            TargetReport {
                target: "a.xml",
                status: Status::Checked,
                source: Some("<rss/>"),
                diagnostics: &d,
                error: None,
            },
            TargetReport {
                target: "https://h/feed.xml",
                status: Status::Failed,
                source: None,
                diagnostics: &[],
                error: Some("https://h/feed.xml: the server answered 404 Not Found"),
            },
        ];
        let out = lines(&reports);
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(
            out.starts_with(r#"{"target":"a.xml","status":"checked","summary""#),
            "{out}"
        );
        assert_eq!(lines[0]["summary"]["errors"], 1);
        assert!(lines[0].get("error").is_none());
        assert_eq!(lines[1]["status"], "failed");
        assert!(
            lines[1]["error"]
                .as_str()
                .is_some_and(|e| e.contains("404")),
            "{out}"
        );
    }
}
