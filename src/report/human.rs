//! Compiler-style output: `error[rule]: message`, `--> FILE:LINE:COL`, the source line with a
//! caret, diagnostics grouped by episode, then a summary line. A run over several targets
//! ([`render_targets`]) gives each its own report under a `==> TARGET` header.
//!
//! A long source line (a minified feed is one line) is shown as a window of [`CONTEXT_CHARS`]
//! characters either side of the column, its cut ends marked `…`: the renderer is handed the
//! window, not the line, so a report of many findings on one huge line stays linear in size and
//! time. The renderer counts the `-->` column within the window; `fix_column` puts the real one
//! back.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Status, TargetReport};
use crate::diagnostic::{Diagnostic, Label, Severity, Source, Sources, Summary};

/// Renders diagnostics for people. Each label is resolved in `sources` (a file not in it is
/// shown without source); the caret line underlines the label's bytes on its first line.
/// `styled` adds ANSI colours.
pub fn render(sources: &Sources, diagnostics: &[Diagnostic], styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for d in diagnostics {
        let episode = d.episode.as_deref();
        if episode != current {
            if let Some(ep) = episode {
                out.push_str(&format!("episode {ep}:\n"));
            }
            current = episode;
        }
        let shown = d
            .label()
            .and_then(|l| Some((l, sources.get(&l.file)?)))
            .map(|(l, source)| shown(l, source));
        let mut rendered = renderer.render(&[group(d, shown.as_ref())]);
        if let Some(shown) = &shown {
            fix_column(&mut rendered, shown);
        }
        out.push_str(&rendered);
        out.push_str("\n\n");
    }
    out.push_str(&summary_line(&Summary::of(diagnostics)));
    out.push('\n');
    out
}

/// What a snippet shows of `label` in `source`: its first line (windowed when long), with the
/// label's bytes on that line underlined. Costs the window's length, not the line's.
fn shown<'a>(label: &'a Label, source: &Source) -> Shown<'a> {
    let at = source.locate(&label.span);
    let line_span = source.line_span(at.line);
    let line = source.text().get(line_span.clone()).unwrap_or_default();
    let start = at.offset.clamp(line_span.start, line_span.end) - line_span.start;
    let end = at.end_offset.clamp(line_span.start, line_span.end) - line_span.start;
    let width = line
        .get(start..end.max(start))
        .map_or(0, |s| s.chars().count());
    let mut shown = window(line, start, width.max(1));
    shown.file = &label.file;
    shown.line = at.line;
    shown.real_column = at.column;
    shown
}

/// Characters shown either side of the column on a line too long to show whole.
pub const CONTEXT_CHARS: usize = 60;

/// Lines of at most this many characters are shown whole.
const WHOLE_LINE_CHARS: usize = 2 * CONTEXT_CHARS + 40;

/// The byte offset `n` characters after byte `from` of `line`, or its end.
fn chars_after(line: &str, from: usize, n: usize) -> usize {
    line.get(from..)
        .and_then(|rest| rest.char_indices().nth(n).map(|(i, _)| from + i))
        .unwrap_or(line.len())
}

/// The byte offset `n` characters before byte `to` of `line`, or its start.
fn chars_before(line: &str, to: usize, n: usize) -> usize {
    if n == 0 {
        return to;
    }
    line.get(..to)
        .and_then(|head| head.char_indices().rev().nth(n - 1).map(|(i, _)| i))
        .unwrap_or(0)
}

/// What a snippet shows of a line: the text and the caret's byte span in it.
struct Shown<'a> {
    /// The file, as the label names it.
    file: &'a str,
    /// The 1-based line shown.
    line: usize,
    text: String,
    caret: Range<usize>,
    /// The 1-based column of the caret in `text`, which the renderer prints after `-->`.
    column: usize,
    /// The column of the label's start in the whole line.
    real_column: usize,
}

/// Puts the real column in the `--> FILE:LINE:COLUMN` line of a snippet rendered from a window
/// of a long line, where the renderer counted the caret's column within the window. The one
/// place output is patched: handing the renderer the whole line instead would cost time in the
/// line's length for every finding on it (a feed written on one line has them by thousands).
fn fix_column(rendered: &mut String, shown: &Shown<'_>) {
    let (file, line) = (shown.file, shown.line);
    if shown.column == shown.real_column {
        return;
    }
    let from = format!("{file}:{line}:{}", shown.column);
    // The origin line follows the title: search from its arrow, so a message that happens to
    // quote the same text is left alone.
    let arrow = rendered.find("-->").unwrap_or(0);
    if let Some(at) = rendered[arrow..].find(&from) {
        let at = arrow + at;
        let real = format!("{file}:{line}:{}", shown.real_column);
        rendered.replace_range(at..at + from.len(), &real);
    }
}

/// The part of `line` shown for a caret at byte `start` covering `width` characters: the whole
/// line when it is short, else [`CONTEXT_CHARS`] characters before the caret and as many after
/// it (or the underline, up to twice that), with `…` where it was cut. Nothing is shown or
/// underlined past the end of the line.
fn window(line: &str, start: usize, width: usize) -> Shown<'static> {
    let mut start = start.min(line.len());
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    // A line of more than 4 bytes a character's worth is long whatever it holds.
    let short = line.len() <= 4 * WHOLE_LINE_CHARS && line.chars().count() <= WHOLE_LINE_CHARS;
    let (from, to) = if short {
        (0, line.len())
    } else {
        let after = 1 + CONTEXT_CHARS.max(width.min(2 * CONTEXT_CHARS));
        (
            chars_before(line, start, CONTEXT_CHARS),
            chars_after(line, start, after),
        )
    };
    let mut text = String::with_capacity(to - from + 6);
    if from > 0 {
        text.push('…');
    }
    let offset = text.len();
    text.push_str(line.get(from..to).unwrap_or_default());
    if to < line.len() {
        text.push('…');
    }
    let caret_start = offset + start - from;
    let caret_end = offset + chars_after(line, start, width.max(1)).min(to) - from;
    let column = text.get(..caret_start).map_or(0, |t| t.chars().count()) + 1;
    Shown {
        file: "",
        line: 0,
        text,
        caret: caret_start..caret_end,
        column,
        real_column: column,
    }
}

/// Renders several targets' reports: each one's findings with its text as the source of the
/// snippets and a summary line, under a `==> TARGET` header when there are several. An unchanged
/// target says so before its (fetch) findings; a failed one says only that it could not be
/// fetched, since the error itself goes to standard error.
/// `styled` adds ANSI colours.
pub fn render_targets(reports: &[TargetReport<'_>], styled: bool) -> String {
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
        let sources = r.sources();
        out.push_str(&render(&sources, r.diagnostics, styled));
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

fn group<'a>(d: &'a Diagnostic, shown: Option<&'a Shown<'a>>) -> Group<'a> {
    let title = level(d.severity())
        .primary_title(d.message.as_str())
        .id(d.rule.id);
    let mut group = match shown {
        Some(shown) => {
            let label = d.path.as_deref().unwrap_or_default();
            title.element(
                Snippet::source(shown.text.as_str())
                    .line_start(shown.line)
                    .path(shown.file)
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

    fn sources(file: &str, text: &str) -> Sources<'static> {
        [(file.to_owned(), text.to_owned())].into_iter().collect()
    }

    #[test]
    fn shows_rule_location_source_line_and_caret() {
        let src = "<rss>\n  <enclosure length=\"x\"/>\n</rss>";
        let at = src.find("length").expect("attribute");
        let d = Diagnostic::new(&crate::rules::item::ITEM_ENCLOSURE_LENGTH, "length \"x\"")
            .at(Label::new("feed.xml", at..at + "length=\"x\"".len()))
            .path("/rss/enclosure");
        let out = render(&sources("feed.xml", src), &[d], false);
        assert!(
            out.contains("error[item.enclosure.length]: length \"x\""),
            "{out}"
        );
        assert!(out.contains("--> feed.xml:2:14"), "{out}");
        assert!(out.contains("<enclosure length=\"x\"/>"), "{out}");
        assert!(out.contains('^'), "{out}");
        assert!(out.ends_with("1 error, 0 warnings, 0 infos\n"), "{out}");
        // The caret line underlines the whole attribute, under it.
        let source = out.lines().find(|l| l.starts_with("2 |")).expect("source");
        let carets = out.lines().find(|l| l.contains('^')).expect("carets");
        let from = carets.find('^').expect("caret");
        let width = carets.matches('^').count();
        assert_eq!(&source[from..from + width], "length=\"x\"", "\n{out}");
    }

    #[test]
    fn a_label_over_several_lines_is_underlined_to_the_end_of_its_first() {
        let src = "<rss>\n<description>one\ntwo</description>\n</rss>";
        let at = src.find("<description>").expect("element");
        let end = src.find("</rss>").expect("end");
        let d = Diagnostic::new(&crate::rules::text::TEXT_TOO_LONG, "long")
            .at(Label::new("f.xml", at..end));
        let out = render(&sources("f.xml", src), &[d], false);
        assert!(out.contains("--> f.xml:2:1"), "{out}");
        assert!(!out.contains("3 |"), "only the first line is shown\n{out}");
        let carets = out.lines().find(|l| l.contains('^')).expect("carets");
        assert_eq!(
            carets.matches('^').count(),
            "<description>one".len(),
            "{out}"
        );
    }

    #[test]
    fn styled_output_has_colours_and_plain_output_none() {
        let src = "<rss/>";
        let d = [
            Diagnostic::new(&crate::rules::channel::RSS_VERSION, "no version")
                .at(Label::new("f.xml", 0..6)),
        ];
        let styled = render(&sources("f.xml", src), &d, true);
        let plain = render(&sources("f.xml", src), &d, false);
        assert!(styled.contains("\u{1b}["), "{styled:?}");
        assert!(!plain.contains('\u{1b}'), "{plain:?}");
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
        let out = render_targets(&reports, false);
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
        assert_eq!(
            render_targets(&reports, false),
            "0 errors, 0 warnings, 0 infos\n"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_column_with_marks_and_the_real_column() {
        let line = format!("{}é<item/>{}", "a".repeat(500), "b".repeat(500));
        let at = line.find("<item/>").expect("item");
        let d = Diagnostic::new(&crate::rules::item::ITEM_ENCLOSURE_MISSING, "m")
            .at(Label::new("min.xml", at..at + "<item/>".len()));
        let out = render(&sources("min.xml", &line), &[d], false);
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
        let short = "<rss>";
        let w = window(short, 1, 1);
        assert_eq!(
            (w.text.as_str(), w.caret.clone(), w.column),
            ("<rss>", 1..2, 2)
        );
        // Past the end of a line: an empty caret at its end.
        assert_eq!(window(short, 40, 1).caret, 5..5);
        let long = "x".repeat(1000);
        let start = window(&long, 0, 1);
        assert!(!start.text.starts_with('…') && start.text.ends_with('…'));
        assert_eq!((start.caret.clone(), start.column), (0..1, 1));
        let end = window(&long, 999, 1);
        assert!(end.text.starts_with('…') && !end.text.ends_with('…'));
        assert_eq!(end.column, CONTEXT_CHARS + 2);
    }
}
