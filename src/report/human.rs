//! Compiler-style output: `error[rule]: message`, `--> FILE:LINE:COL`, the source line with a
//! caret, diagnostics grouped by episode, then a summary line. A run over several targets
//! ([`render_targets`]) gives each its own report under a `==> TARGET` header.
//!
//! A long source line (a minified feed is one line) is shown as a window of [`CONTEXT_CHARS`]
//! characters either side of the column, its cut ends marked `…`: the renderer is handed the
//! window, not the line, so a report of many findings on one huge line stays linear in size and
//! time. The renderer counts the `-->` column within the window; `fix_column` puts the real one
//! back.

use std::collections::BTreeMap;
use std::ops::Range;

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
    // Each source is split into lines once, when a diagnostic first points into it, and each
    // line pointed at is indexed by character once.
    let mut split: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut indexed: BTreeMap<(&str, usize), Chars<'_>> = BTreeMap::new();
    for d in diagnostics {
        let episode = d.episode.as_deref();
        if episode != current {
            if let Some(ep) = episode {
                out.push_str(&format!("episode {ep}:\n"));
            }
            current = episode;
        }
        let shown = d.location.as_ref().map(|l| {
            let chars = indexed.entry((l.file.as_str(), l.line)).or_insert_with(|| {
                let lines = split.entry(l.file.as_str()).or_insert_with(|| {
                    sources
                        .get(&l.file)
                        .map_or_else(Vec::new, |s| s.split('\n').collect())
                });
                let line = lines.get(l.line.saturating_sub(1)).copied();
                Chars::new(line.unwrap_or_default().trim_end_matches('\r'))
            });
            window(chars, l.column)
        });
        let mut rendered = renderer.render(&[group(d, shown.as_ref())]);
        if let (Some(l), Some(shown)) = (&d.location, &shown) {
            fix_column(&mut rendered, &l.file, l.line, shown.column, l.column);
        }
        out.push_str(&rendered);
        out.push_str("\n\n");
    }
    out.push_str(&summary_line(&Summary::of(diagnostics)));
    out.push('\n');
    out
}

/// Characters shown either side of the column on a line too long to show whole.
pub const CONTEXT_CHARS: usize = 60;

/// Lines of at most this many characters are shown whole.
const WHOLE_LINE_CHARS: usize = 2 * CONTEXT_CHARS + 40;

/// A line with the byte offset of each character, so that a column (in characters) is found
/// without walking the line again for every finding on it.
struct Chars<'a> {
    text: &'a str,
    /// Byte offset of each character; `None` for an ASCII line, where they are equal.
    starts: Option<Vec<usize>>,
}

impl<'a> Chars<'a> {
    fn new(text: &'a str) -> Self {
        let starts = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        Chars { text, starts }
    }

    fn count(&self) -> usize {
        self.starts.as_ref().map_or(self.text.len(), Vec::len)
    }

    /// The byte offset of character `n`, or the line's length past its end.
    fn byte(&self, n: usize) -> usize {
        match &self.starts {
            None => n.min(self.text.len()),
            Some(s) => s.get(n).copied().unwrap_or(self.text.len()),
        }
    }
}

/// What a snippet shows of a line: the text and the caret's byte span in it.
struct Shown {
    text: String,
    caret: Range<usize>,
    /// The 1-based column of the caret in `text`, which the renderer prints after `-->`.
    column: usize,
}

/// Puts the real column in the `--> FILE:LINE:COLUMN` line of a snippet rendered from a window,
/// where the renderer counted the caret's column `shown` within the window.
fn fix_column(rendered: &mut String, file: &str, line: usize, shown: usize, real: usize) {
    if shown == real {
        return;
    }
    let from = format!("{file}:{line}:{shown}");
    // The origin line follows the title: search from its arrow, so a message that happens to
    // quote the same text is left alone.
    let arrow = rendered.find("-->").unwrap_or(0);
    if let Some(at) = rendered[arrow..].find(&from) {
        let at = arrow + at;
        rendered.replace_range(at..at + from.len(), &format!("{file}:{line}:{real}"));
    }
}

/// The part of `line` shown for 1-based character `column`: the whole line when it is short,
/// else [`CONTEXT_CHARS`] characters either side with `…` where it was cut. The caret covers the
/// column's character (nothing past the end of the line).
fn window(line: &Chars<'_>, column: usize) -> Shown {
    let count = line.count();
    let at = column.saturating_sub(1).min(count);
    let (from, to) = if count <= WHOLE_LINE_CHARS {
        (0, count)
    } else {
        (
            at.saturating_sub(CONTEXT_CHARS),
            (at + CONTEXT_CHARS + 1).min(count),
        )
    };
    let (start, end) = (line.byte(from), line.byte(to));
    let mut text = String::with_capacity(end - start + 6);
    if from > 0 {
        text.push('…');
    }
    let offset = text.len();
    text.push_str(line.text.get(start..end).unwrap_or_default());
    if to < count {
        text.push('…');
    }
    let caret_start = offset + line.byte(at) - start;
    let caret_end = offset + line.byte((at + 1).min(to)) - start;
    let column = text.get(..caret_start).map_or(0, |t| t.chars().count()) + 1;
    Shown {
        text,
        caret: caret_start..caret_end,
        column,
    }
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

fn group<'a>(d: &'a Diagnostic, shown: Option<&'a Shown>) -> Group<'a> {
    let title = level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.rule.id);
    let mut group = match (&d.location, shown) {
        (Some(loc), Some(shown)) => {
            let label = d.path.as_deref().unwrap_or_default();
            title.element(
                Snippet::source(shown.text.as_str())
                    .line_start(loc.line)
                    .path(loc.file.as_str())
                    .annotation(
                        AnnotationKind::Primary
                            .span(shown.caret.clone())
                            .label(label),
                    ),
            )
        }
        _ => Group::with_title(title),
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
        let d = Diagnostic::new(&crate::rules::item::ITEM_ENCLOSURE_LENGTH, "length \"x\"")
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
        let d = [Diagnostic::new(
            &crate::rules::links::FETCH_REDIRECT_TEMPORARY,
            "moved",
        )];
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

    #[test]
    fn a_long_line_is_cut_around_the_column_with_marks_and_the_real_column() {
        let line = format!("{}é<item/>{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::new(&crate::rules::item::ITEM_ENCLOSURE_MISSING, "m").at(Location {
            file: "min.xml".into(),
            line: 1,
            column: 502,
        });
        let out = render(
            &BTreeMap::from([("min.xml".to_owned(), line.clone())]),
            &[d],
            false,
        );
        assert!(out.contains("--> min.xml:1:502\n"), "{out}");
        let source = out
            .lines()
            .find(|l| l.starts_with("1 |"))
            .expect("source line");
        let caret = out.lines().find(|l| l.contains('^')).expect("caret line");
        assert!(
            source.contains("…aaa") && source.ends_with("bbb…"),
            "{source}"
        );
        assert!(source.chars().count() < 2 * CONTEXT_CHARS + 10, "{source}");
        let at = caret.chars().position(|c| c == '^').expect("caret");
        assert_eq!(source.chars().nth(at), Some('<'), "\n{source}\n{caret}");
    }

    #[test]
    fn windows_keep_short_lines_whole_and_clamp_at_both_ends() {
        let short = Chars::new("<rss>");
        let w = window(&short, 2);
        assert_eq!(
            (w.text.as_str(), w.caret.clone(), w.column),
            ("<rss>", 1..2, 2)
        );
        // Past the end of a line: an empty caret at its end.
        assert_eq!(window(&short, 40).caret, 5..5);
        let long = "x".repeat(1000);
        let long = Chars::new(&long);
        let start = window(&long, 1);
        assert!(!start.text.starts_with('…') && start.text.ends_with('…'));
        assert_eq!((start.caret.clone(), start.column), (0..1, 1));
        let end = window(&long, 1000);
        assert!(end.text.starts_with('…') && !end.text.ends_with('…'));
        assert_eq!(end.column, CONTEXT_CHARS + 2);
    }
}
