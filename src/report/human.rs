//! Compiler-style output: `error[rule]: message`, `--> FILE:LINE:COL`, the source line with a
//! caret, diagnostics grouped by episode, then a summary line. A run over several targets
//! ([`render_targets`]) gives each its own report under a `==> TARGET` header.

use std::collections::BTreeMap;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Status, TargetReport};
use crate::diagnostic::{Diagnostic, Severity, Summary};

/// Renders diagnostics for people. `sources` maps each file named in a location to its decoded
/// text, from which the line under the caret is shown (a file not in it is shown without source).
/// `styled` adds ANSI colours.
pub fn render(
    sources: &BTreeMap<String, String>,
    diagnostics: &[Diagnostic],
    styled: bool,
) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let mut current: Option<&str> = None;
    // Each source is split into lines once, when a diagnostic first points into it.
    let mut split: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for d in diagnostics {
        let episode = d.episode.as_deref();
        if episode != current {
            if let Some(ep) = episode {
                out.push_str(&format!("episode {ep}:\n"));
            }
            current = episode;
        }
        let line = d.location.as_ref().map_or("", |l| {
            let lines = split.entry(l.file.as_str()).or_insert_with(|| {
                sources
                    .get(&l.file)
                    .map_or_else(Vec::new, |s| s.split('\n').collect())
            });
            lines
                .get(l.line.saturating_sub(1))
                .copied()
                .unwrap_or_default()
        });
        out.push_str(&renderer.render(&[group(d, line)]));
        out.push_str("\n\n");
    }
    out.push_str(&summary_line(&Summary::of(diagnostics)));
    out.push('\n');
    out
}

/// Renders several targets' reports: each one's findings with its text as the source of the
/// snippets and a summary line, under a `==> TARGET` header when there are several. An unchanged
/// target says so before its (fetch) findings; a failed one says only that it could not be
/// fetched, since the error itself goes to standard error.
pub fn render_targets(reports: &[TargetReport<'_>]) -> String {
    let mut out = String::new();
    for r in reports {
        let name = r.target;
        if reports.len() > 1 {
            out.push_str(&format!("==> {name}\n"));
        }
        match r.status {
            Status::Checked => {}
            Status::Unchanged => out.push_str(&format!(
                "{name}: unchanged since last run (304 Not Modified); not checked again\n"
            )),
            Status::Failed => {
                out.push_str(&format!("{name}: could not be fetched\n"));
                continue;
            }
        }
        let sources = r
            .source
            .map(|t| BTreeMap::from([(name.to_owned(), t.to_owned())]))
            .unwrap_or_default();
        out.push_str(&render(&sources, r.diagnostics, false));
    }
    out
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn group<'a>(d: &'a Diagnostic, line: &'a str) -> Group<'a> {
    let title = level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.rule);
    let mut group = match &d.location {
        Some(loc) => {
            let line = line.trim_end_matches('\r');
            // Column is in characters; the span is in bytes.
            let start = line
                .char_indices()
                .nth(loc.column.saturating_sub(1))
                .map_or(line.len(), |(i, _)| i);
            let end = line[start..]
                .char_indices()
                .nth(1)
                .map_or(line.len(), |(i, _)| start + i);
            let label = d.path.as_deref().unwrap_or_default();
            title.element(
                Snippet::source(line)
                    .line_start(loc.line)
                    .path(loc.file.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end).label(label)),
            )
        }
        None => Group::with_title(title),
    };
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    group
}

/// `N errors, N warnings, N infos`.
pub fn summary_line(s: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;

    #[test]
    fn shows_rule_location_source_line_and_caret() {
        let src = "<rss>\n  <enclosure length=\"x\"/>\n</rss>";
        let d = Diagnostic::error("item.enclosure.length", "length \"x\"")
            .at(Location {
                file: "feed.xml".into(),
                line: 2,
                column: 14,
            })
            .path("/rss/enclosure");
        let out = render(
            &BTreeMap::from([("feed.xml".to_owned(), src.to_owned())]),
            &[d],
            false,
        );
        assert!(
            out.contains("error[item.enclosure.length]: length \"x\""),
            "{out}"
        );
        assert!(out.contains("--> feed.xml:2:14"), "{out}");
        assert!(out.contains("<enclosure length=\"x\"/>"), "{out}");
        assert!(out.contains('^'), "{out}");
        assert!(out.ends_with("1 error, 0 warnings, 0 infos\n"), "{out}");
    }

    #[test]
    fn several_targets_get_headers_and_a_failed_one_no_summary() {
        let d = [Diagnostic::warning("fetch.redirect.temporary", "moved")];
        let reports = [
            TargetReport {
                target: "a.xml",
                status: Status::Checked,
                source: Some("<rss/>"),
                diagnostics: &[],
                error: None,
            },
            TargetReport {
                target: "https://h/b.xml",
                status: Status::Unchanged,
                source: None,
                diagnostics: &d,
                error: None,
            },
            TargetReport {
                target: "https://h/c.xml",
                status: Status::Failed,
                source: None,
                diagnostics: &[],
                error: Some("https://h/c.xml: the server answered 404 Not Found"),
            },
        ];
        let out = render_targets(&reports);
        assert!(
            out.starts_with("==> a.xml\n0 errors, 0 warnings, 0 infos\n==> https://h/b.xml\n"),
            "{out}"
        );
        assert!(
            out.contains("https://h/b.xml: unchanged since last run (304 Not Modified)"),
            "{out}"
        );
        assert!(
            out.contains("warning[fetch.redirect.temporary]: moved"),
            "{out}"
        );
        assert!(
            out.ends_with("==> https://h/c.xml\nhttps://h/c.xml: could not be fetched\n"),
            "{out}"
        );
    }

    #[test]
    fn a_single_target_has_no_header() {
        let reports = [TargetReport {
            target: "a.xml",
            status: Status::Checked,
            source: Some("<rss/>"),
            diagnostics: &[],
            error: None,
        }];
        assert_eq!(render_targets(&reports), "0 errors, 0 warnings, 0 infos\n");
    }
}
