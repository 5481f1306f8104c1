//! The one diagnostic type shared by record loading, the builder's self-check and the validator.
//!
//! A diagnostic is data, not an error: a run collects all of them and reports them together.
//! Positions are 1-based line and column, computed from byte offsets with [`LineIndex`].

use std::borrow::Cow;

use serde::Serialize;

use crate::rules::Rule;

/// How serious a finding is. Ordered so that `Error` is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Should be fixed; never fails a run.
    Warning,
    /// Must be fixed: validation fails, a build is refused.
    Error,
}

impl Severity {
    /// The lower-case word used in human and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a diagnostic points: a file (path or URL as the user named it) and a 1-based position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// The file's path or URL, as shown to the user.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// One finding: the rule it breaks, a severity, what was found and expected, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule, e.g. `item.enclosure.length` or `record.field.unknown`; serialized as its id.
    pub rule: &'static Rule,
    /// How serious it is: always the rule's severity ([`Diagnostic::new`] takes it from there).
    pub severity: Severity,
    /// What was found and what was expected.
    pub message: String,
    /// Where it is, when it has a place in a file.
    #[serde(skip_serializing_if = "Option::is_none", flatten)]
    pub location: Option<Location>,
    /// An XPath-like path to the element concerned, e.g. `/rss/channel/item[3]/enclosure`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The episode (slug, or guid when no slug is known) the diagnostic concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub episode: Option<String>,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new finding of `rule`, with the rule's severity, and no location, path, episode or
    /// help. There is no other constructor: a finding cannot have another severity than its
    /// rule's.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            location: None,
            path: None,
            episode: None,
            help: None,
        }
    }

    /// The rule's id, e.g. `item.enclosure.length`.
    pub fn rule_id(&self) -> &'static str {
        self.rule.id
    }

    /// Sets the location.
    #[must_use]
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets the location from a file name, its text and a byte offset into it.
    #[must_use]
    pub fn at_offset(self, file: &str, text: &str, offset: usize) -> Self {
        let (line, column) = LineIndex::new(text).line_col(text, offset);
        self.at(Location {
            file: file.to_owned(),
            line,
            column,
        })
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
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
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

/// Bytes between two character-count marks of a [`LineIndex`].
const MARK_BYTES: usize = 4096;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{dates, links, xml};

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
    fn a_finding_has_its_rules_severity_and_shows_its_id() {
        for rule in [
            &xml::XML_MALFORMED,
            &dates::DATE_WEEKDAY,
            &links::FETCH_REDIRECT_PERMANENT,
        ] {
            let d = Diagnostic::new(rule, "m");
            assert_eq!(d.severity, rule.severity, "{rule}");
            assert_eq!(d.rule_id(), rule.id);
            let json = serde_json::to_value(&d).expect("serializes");
            assert_eq!(json["rule"], rule.id);
            assert_eq!(json["severity"], rule.severity.as_str());
        }
        let d = Diagnostic::new(&links::FETCH_REDIRECT_PERMANENT, "m");
        assert_eq!(d.severity, Severity::Info);
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
