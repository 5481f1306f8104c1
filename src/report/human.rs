//! Compiler-style output: `error[rule]: message`, `--> FILE:LINE:COL`, the source line with a
//! caret, diagnostics grouped by episode, then a summary line.

use std::collections::BTreeMap;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

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
}
