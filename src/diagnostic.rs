//! The one diagnostic type shared by record loading, the builder's self-check and the validator.
//!
//! A diagnostic is data, not an error: a run collects all of them and reports them together.
//! It points into a file with [`Label`]s: byte ranges, not lines. The texts a run's labels point
//! into are kept once in [`Sources`], each with its [`LineIndex`], which turns a label into a
//! 1-based [`Location`] only when a report is rendered.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::rule::Rule;
pub use crate::rule::Severity;

/// A place a diagnostic points at: a byte range of one source (a file's path or URL, as the
/// user named it, which is its key in [`Sources`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label {
    /// The file's path or URL, as shown to the user.
    pub file: String,
    /// The bytes concerned in the file's (decoded) text; empty for a point.
    pub span: Range<usize>,
}

impl Label {
    /// A label over `span` of `file`.
    pub fn new(file: impl Into<String>, span: Range<usize>) -> Self {
        Label {
            file: file.into(),
            span,
        }
    }

    /// A label at one byte offset of `file`.
    pub fn point(file: impl Into<String>, offset: usize) -> Self {
        Label::new(file, offset..offset)
    }
}

impl Ord for Label {
    /// By file, then start, then end.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&self.file, self.span.start, self.span.end).cmp(&(
            &other.file,
            other.span.start,
            other.span.end,
        ))
    }
}

impl PartialOrd for Label {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A label resolved against its source: 1-based lines and columns (columns count characters)
/// of its start and end, and its byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, counted in characters.
    pub column: usize,
    /// 1-based line of the end (the position just after the last byte).
    pub end_line: usize,
    /// 1-based column of the end.
    pub end_column: usize,
    /// Byte offset of the start in the decoded text.
    pub offset: usize,
    /// Byte offset of the end.
    pub end_offset: usize,
}

/// One finding: the rule it breaks, a severity, what was found and expected, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule, e.g. `item.enclosure.length` or `record.field.unknown`.
    pub rule: &'static Rule,
    /// What was found and what was expected.
    pub message: String,
    /// Where it is, when it has a place in a file: the primary label first.
    pub labels: Vec<Label>,
    /// An XPath-like path to the element concerned, e.g. `/rss/channel/item[3]/enclosure`.
    pub path: Option<String>,
    /// The episode (slug, or guid when no slug is known) the diagnostic concerns.
    pub episode: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// How serious it is: always its rule's severity.
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    /// A new finding of `rule`, with the rule's severity, and no location, path, episode or
    /// help. There is no other constructor: a finding cannot have another severity than its
    /// rule's.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            message: message.into(),
            labels: Vec::new(),
            path: None,
            episode: None,
            help: None,
        }
    }

    /// The rule's id, e.g. `item.enclosure.length`.
    pub fn rule_id(&self) -> &'static str {
        self.rule.id
    }

    /// Sets the primary label: where the finding is.
    #[must_use]
    pub fn at(mut self, label: Label) -> Self {
        self.labels.insert(0, label);
        self
    }

    /// The primary label, if the finding has a place.
    pub fn label(&self) -> Option<&Label> {
        self.labels.first()
    }

    /// Where the primary label is in `text`, the text of its file: for one-off use (a single
    /// error, a test). Indexes `text` on each call; a report resolves labels through [`Sources`].
    pub fn located_in(&self, text: &str) -> Option<Location> {
        self.label()
            .map(|l| Source::new(text.to_owned()).locate(&l.span))
    }

    /// Sets the element path.
    #[must_use]
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sets the episode.
    #[must_use]
    pub fn episode(mut self, episode: impl Into<String>) -> Self {
        self.episode = Some(episode.into());
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The most characters of a value a message quotes: a finding on a huge value (a megabyte of
/// `<language>`) stays one readable line, and a report stays proportional to the number of
/// findings, not to the size of the input.
pub const QUOTE_CHARS: usize = 60;

/// `v` as a message quotes it: `v`, or its first [`QUOTE_CHARS`] characters followed by `…`
/// when it is longer.
pub fn clip(v: &str) -> Cow<'_, str> {
    match v.char_indices().nth(QUOTE_CHARS) {
        None => Cow::Borrowed(v),
        Some((end, _)) => Cow::Owned(format!("{}…", &v[..end])),
    }
}

/// The one order of findings, used wherever a list of them is made: channel findings first, then
/// by episode (the human report groups by it), position, rule and message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.episode
            .cmp(&b.episode)
            .then_with(|| a.label().cmp(&b.label()))
            .then_with(|| a.rule.cmp(b.rule))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Counts of diagnostics by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of infos.
    pub infos: usize,
}

impl Summary {
    /// Counts the diagnostics of a run.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut s = Summary::default();
        for d in diagnostics {
            match d.severity() {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// The texts a run's labels point into, each indexed once: one table per run. A text is
/// borrowed when its owner outlives the table (a checked feed's text is not copied to report on
/// it), else owned.
#[derive(Debug, Clone, Default)]
pub struct Sources<'t> {
    files: BTreeMap<String, Source<'t>>,
}

/// One text of [`Sources`] with its line index, made when first needed: a clean feed's report
/// locates nothing, and indexing 19 MB costs as much as a tenth of checking it.
#[derive(Debug, Clone)]
pub struct Source<'t> {
    text: Cow<'t, str>,
    lines: std::sync::OnceLock<LineIndex>,
}

impl<'t> Source<'t> {
    /// `text`, to be indexed when first asked where something is.
    pub fn new(text: impl Into<Cow<'t, str>>) -> Self {
        Source {
            text: text.into(),
            lines: std::sync::OnceLock::new(),
        }
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where `span` is in this text. A span reaching past the text ends at its end.
    pub fn locate(&self, span: &Range<usize>) -> Location {
        let offset = span.start.min(self.text.len());
        let end_offset = span.end.clamp(offset, self.text.len());
        let (line, column) = self.lines().line_col(&self.text, offset);
        let (end_line, end_column) = if end_offset == offset {
            (line, column)
        } else {
            self.lines()
                .line_col_after(&self.text, (offset, line, column), end_offset)
        };
        Location {
            line,
            column,
            end_line,
            end_column,
            offset,
            end_offset,
        }
    }

    /// The byte range of 1-based line `line`, without its line break.
    pub fn line_span(&self, line: usize) -> Range<usize> {
        self.lines().line_span(&self.text, line)
    }

    /// The byte offset of 1-based `line` and `column` (in characters), clamped to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let span = self.line_span(line);
        let within = self.text.get(span.clone()).unwrap_or_default();
        span.start
            + within
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(within.len(), |(i, _)| i)
    }
}

impl FromIterator<(String, String)> for Sources<'_> {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut sources = Sources::new();
        for (file, text) in iter {
            sources.insert(file, text);
        }
        sources
    }
}

impl<'t> Sources<'t> {
    /// An empty table.
    pub fn new() -> Self {
        Sources::default()
    }

    /// Adds (or replaces) the text of `file`, indexing it.
    pub fn insert(&mut self, file: impl Into<String>, text: impl Into<Cow<'t, str>>) {
        self.files.insert(file.into(), Source::new(text));
    }

    /// Whether `file` is in the table.
    pub fn contains(&self, file: &str) -> bool {
        self.files.contains_key(file)
    }

    /// The text of `file` with its index.
    pub fn get(&self, file: &str) -> Option<&Source<'t>> {
        self.files.get(file)
    }

    /// Where `label` is, when its file is in the table.
    pub fn locate(&self, label: &Label) -> Option<Location> {
        self.get(&label.file).map(|s| s.locate(&label.span))
    }

    /// Where a diagnostic's primary label is, when it has one in a file of the table.
    pub fn location_of(&self, d: &Diagnostic) -> Option<Location> {
        d.label().and_then(|l| self.locate(l))
    }
}

/// Maps byte offsets of one text to 1-based line and column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
    /// `(byte offset, characters before it)` about every [`MARK_BYTES`] bytes, so a column is
    /// counted from the nearest mark, not from the line start: a feed written on one line (16 MB
    /// for 10,000 episodes) would otherwise cost the whole line for each finding.
    marks: Vec<(usize, usize)>,
}

/// Bytes between two character-count marks of a [`LineIndex`]: a column costs at most this
/// many bytes counted (10,000 findings on a feed written on one line: 4096 took 7 ms to locate),
/// and the marks take 16 bytes per mark, 1.6 % of the text.
const MARK_BYTES: usize = 1024;

impl LineIndex {
    /// Indexes the line starts (and character counts) of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut marks = vec![(0, 0)];
        let (mut at, mut chars) = (0, 0);
        while at < text.len() {
            let mut next = at.saturating_add(MARK_BYTES).min(text.len());
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text.get(at..next).map_or(0, |s| s.chars().count());
            marks.push((next, chars));
            at = next;
        }
        LineIndex { starts, marks }
    }

    /// Characters of `text` before byte `offset`, counted from the nearest mark; `None` when
    /// `offset` is not on a character boundary.
    fn chars_before(&self, text: &str, offset: usize) -> Option<usize> {
        let i = self.marks.partition_point(|&(b, _)| b <= offset);
        let (byte, chars) = self.marks.get(i.checked_sub(1)?).copied()?;
        Some(chars + text.get(byte..offset)?.chars().count())
    }

    /// The 1-based line and column (in characters) of byte `offset` in `text`, the text the
    /// index was made from. An offset past the end points just after the last character.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = match (
            self.chars_before(text, offset),
            self.chars_before(text, start),
        ) {
            (Some(end), Some(begin)) if end >= begin => end - begin,
            _ => offset - start,
        };
        (line + 1, column + 1)
    }

    /// [`Self::line_col`] of `end`, knowing that of `start` (its byte offset, line and column)
    /// before it: a finding's end is usually close after its start on the same line, so its
    /// characters are counted on from the start rather than again from a mark.
    pub fn line_col_after(
        &self,
        text: &str,
        (start, line, column): (usize, usize, usize),
        end: usize,
    ) -> (usize, usize) {
        let end = end.min(text.len());
        // `line` is 1-based, so `starts[line]` is where the next line starts.
        let same_line = self.starts.get(line).is_none_or(|&next| end < next);
        match text.get(start..end) {
            Some(between) if same_line && end - start <= MARK_BYTES => {
                (line, column + between.chars().count())
            }
            _ => self.line_col(text, end),
        }
    }

    /// The byte range of 1-based line `line` of `text` (the text the index was made from),
    /// without its `\n` or `\r\n`; an empty range at the end past the last line.
    pub fn line_span(&self, text: &str, line: usize) -> Range<usize> {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len()..text.len();
        };
        let end = self
            .starts
            .get(line)
            .map_or(text.len(), |&next| next.saturating_sub(1));
        let end = if text.as_bytes().get(end.saturating_sub(1)) == Some(&b'\r') && end > start {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{dates, links, xml};

    #[test]
    fn a_finding_has_its_rules_severity_and_shows_its_id() {
        for rule in [
            &xml::XML_MALFORMED,
            &dates::DATE_WEEKDAY,
            &links::FETCH_REDIRECT_PERMANENT,
        ] {
            let d = Diagnostic::new(rule, "m");
            assert_eq!(d.severity(), rule.severity, "{rule}");
            assert_eq!(d.rule_id(), rule.id);
        }
        let d = Diagnostic::new(&links::FETCH_REDIRECT_PERMANENT, "m");
        assert_eq!(d.severity(), Severity::Info);
        assert!(d.rule == "fetch.redirect.permanent");
    }

    #[test]
    fn clip_keeps_short_values_and_cuts_long_ones_on_a_character_boundary() {
        assert_eq!(clip("en-us"), "en-us");
        let exact = "é".repeat(QUOTE_CHARS);
        assert_eq!(clip(&exact), exact);
        let long = "é".repeat(10_000);
        let shown = clip(&long);
        assert_eq!(shown.chars().count(), QUOTE_CHARS + 1);
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn line_col_counts_from_one_and_in_characters() {
        let text = "ab\nçd\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        // 'ç' is two bytes: 'd' is the second character of line 2
        assert_eq!(idx.line_col(text, 5), (2, 2));
        assert_eq!(idx.line_col(text, 8), (4, 1));
        assert_eq!(idx.line_col(text, 99), (4, 2));
    }

    #[test]
    fn columns_on_a_long_line_count_characters_across_marks() {
        // One line far longer than the mark spacing, with multi-byte characters straddling marks.
        let text = format!("x\n{}<b>", "é日🎙".repeat(3 * MARK_BYTES));
        let idx = LineIndex::new(&text);
        let at = text.len() - 3;
        assert_eq!(idx.line_col(&text, at), (2, 3 * 3 * MARK_BYTES + 1));
        // Inside a character: falls back to bytes from the line start, without panicking.
        assert_eq!(idx.line_col(&text, 3), (2, 2));
    }

    #[test]
    fn an_end_counted_on_from_its_start_is_where_the_index_puts_it() {
        // Short and long lines, multi-byte characters, CRLF, a span across lines, one longer
        // than a mark, and ends inside a character.
        let text = format!("a\r\nçé日🎙 <x>\n{}\n\nz", "é<b>🎙x".repeat(MARK_BYTES / 2));
        let source = Source::new(text.as_str());
        let idx = LineIndex::new(&text);
        let starts = (0..text.len()).step_by(7).chain([1, 2, 3, 4, 5]);
        for start in starts {
            for len in [
                1,
                2,
                3,
                5,
                13,
                200,
                MARK_BYTES - 1,
                MARK_BYTES + 1,
                3 * MARK_BYTES,
            ] {
                let end = (start + len).min(text.len() + 2);
                let at = source.locate(&(start..end));
                assert_eq!(
                    (at.end_line, at.end_column),
                    idx.line_col(&text, end.min(text.len())),
                    "span {start}..{end}"
                );
            }
        }
    }

    #[test]
    fn summary_counts_each_severity() {
        let d = vec![
            Diagnostic::new(&xml::XML_MALFORMED, "x"),
            Diagnostic::new(&dates::DATE_WEEKDAY, "y"),
            Diagnostic::new(&links::FETCH_REDIRECT_TEMPORARY, "z"),
        ];
        let s = Summary::of(&d);
        assert_eq!((s.errors, s.warnings, s.infos), (1, 2, 0));
    }
}
