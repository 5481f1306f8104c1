//! A TOML file being read (`config.toml`, `show.toml`, an episode record): its name and text,
//! so that every problem found in it becomes a diagnostic labelled with the bytes concerned.
//! Used by [`crate::config`] and [`crate::records`]; below both.

use crate::diagnostic::{Diagnostic, Label};
use crate::rule::Rule;
use crate::rules::records::{
    RECORD_CONFIG_FORMATS, RECORD_FIELD_MISSING, RECORD_FIELD_TYPE, RECORD_FIELD_UNKNOWN,
    RECORD_SYNTAX,
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

#[cfg(test)]
mod tests {
    use super::*;

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
