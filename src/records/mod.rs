//! Records → model: `config.toml`, `show.toml` and episode records, parsed with serde + toml.
//!
//! Every problem becomes a [`Diagnostic`] naming the file, line and column and what was expected.
//! Structure (missing or unknown fields, wrong types) is checked by serde, which stops at a file's
//! first such problem; values (URLs, dates, categories, languages, durations) are checked here and
//! all of a file's problems are reported together. [`read`] is the only part that touches the disk.

mod episode;
mod media;
pub mod read;
mod show;
mod values;

pub use episode::{EpisodeRecord, MediaFile, TranscriptRef, default_guid, parse_episode};
pub use show::{ShowRecord, parse_show};
pub use values::parse_clock;

use crate::diagnostic::{Diagnostic, Label};
use crate::rules::Rule;
use crate::rules::records::{
    RECORD_CONFIG_FORMATS, RECORD_ENCODING, RECORD_FIELD_MISSING, RECORD_FIELD_TYPE,
    RECORD_FIELD_UNKNOWN, RECORD_SYNTAX,
};

/// Where in a record file a problem is: a byte range, or one byte offset (an empty range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span(pub std::ops::Range<usize>);

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span(r)
    }
}

impl From<usize> for Span {
    fn from(offset: usize) -> Self {
        Span(offset..offset)
    }
}

/// A span-aware view of one record file, used to place diagnostics.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    /// The path shown to the user, e.g. `feeds/show/episodes/ep.toml`.
    pub name: &'a str,
    /// The file's text.
    pub text: &'a str,
}

impl SourceFile<'_> {
    /// A label at byte `offset`.
    pub fn location(&self, offset: usize) -> Label {
        Label::point(self.name, offset)
    }

    /// A label over the bytes `span`.
    pub fn label(&self, span: std::ops::Range<usize>) -> Label {
        Label::new(self.name, span)
    }

    /// An error over `at`: the bytes of the value concerned, or one offset.
    pub fn error(
        &self,
        rule: &'static Rule,
        at: impl Into<Span>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(rule, message).at(self.label(at.into().0))
    }

    /// Parses the whole file with serde, turning a toml error into a located diagnostic.
    pub fn deserialize<T: serde::de::DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        toml::from_str(self.text).map_err(|e| self.toml_error(&e))
    }

    fn toml_error(&self, e: &toml::de::Error) -> Diagnostic {
        let message = e.message().trim().to_owned();
        let rule = if message.starts_with("missing field") {
            &RECORD_FIELD_MISSING
        } else if message.starts_with("unknown field") {
            &RECORD_FIELD_UNKNOWN
        } else if message.starts_with("invalid type") || message.starts_with("unknown variant") {
            &RECORD_FIELD_TYPE
        } else if message.starts_with("`transcript_formats`") {
            &RECORD_CONFIG_FORMATS
        } else {
            &RECORD_SYNTAX
        };
        let span = e.span().unwrap_or(0..0);
        let help = if *rule == RECORD_FIELD_UNKNOWN {
            Some("check the spelling; see the README's record reference")
        } else if *rule == RECORD_FIELD_MISSING {
            Some("add the field; see the README's record reference")
        } else {
            None
        };
        let d = Diagnostic::new(rule, message).at(self.label(span));
        match help {
            Some(h) => d.help(h),
            None => d,
        }
    }
}

/// Keeps the value of `r`, or records its error and gives `None`: so a file's checks all run.
fn keep<T>(errs: &mut Vec<Diagnostic>, r: Result<T, Diagnostic>) -> Option<T> {
    r.map_err(|d| errs.push(d)).ok()
}

/// Decodes a record or transcript file as UTF-8, or says at which line it is not.
pub fn decode_utf8<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        // The bytes before `good` are valid, so the offset is the same in the text a report
        // shows (the file decoded with replacement characters).
        let good = e.valid_up_to();
        Diagnostic::new(
            &RECORD_ENCODING,
            format!(
                "the file is not UTF-8: byte 0x{:02x} is not valid here",
                bytes[good]
            ),
        )
        .at(Label::point(name, good))
        .help("save the file as UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_utf8_names_line_and_column() {
        let d = decode_utf8("x.toml", b"a = 1\nb = \"\xff\"\n").unwrap_err();
        let loc = d.located_in("a = 1\nb = \"\u{fffd}\"\n").unwrap();
        assert_eq!((loc.line, loc.column), (2, 6));
        assert_eq!(d.rule, "record.encoding");
    }

    #[test]
    fn unknown_field_is_located_at_the_key() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[expect(dead_code, reason = "only deserialized")]
        struct T {
            title: String,
        }
        let src = SourceFile {
            name: "show.toml",
            text: "title = \"x\"\ntitel = \"y\"\n",
        };
        let d = src.deserialize::<T>().unwrap_err();
        assert_eq!(d.rule, "record.field.unknown");
        let loc = d.located_in(src.text).unwrap();
        assert_eq!(d.label().unwrap().file, "show.toml");
        assert_eq!((loc.line, loc.column), (2, 1));
        // The whole key is underlined, not one character.
        assert_eq!((loc.end_line, loc.end_column), (2, 6));
    }
}
