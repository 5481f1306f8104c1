//! A TOML file being read (`config.toml`, `show.toml`, an episode record): its name and text,
//! so that every problem found in it becomes a diagnostic labelled with the bytes concerned.
//! Used by [`crate::config`] and [`crate::records`]; below both.

use crate::diagnostic::{Diagnostic, Label};
use crate::rule::Rule;
use crate::rules::records::{
    RECORD_CONFIG_FORMATS, RECORD_FIELD_MISSING, RECORD_FIELD_TYPE, RECORD_FIELD_UNKNOWN,
    RECORD_SYNTAX,
};
use crate::rules::text::TEXT_CONTROL_CHARS;

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
    /// A string value holding a control character (U+0000–U+001F but tab, newline and carriage
    /// return) is refused too, at the value.
    pub fn deserialize<T: serde::de::DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        let value = toml::from_str(self.text).map_err(|e| self.toml_error(&e))?;
        self.control_char().map_or(Ok(value), Err)
    }

    /// A string value holding a control character (U+0000–U+001F but tab, newline and carriage
    /// return, written as a TOML escape): XML 1.0 §2.2 cannot carry it, and any record value may
    /// end up in a feed, so it is refused here, where the user can see it, not by the validator.
    fn control_char(&self) -> Option<Diagnostic> {
        use toml::de::{DeTable, DeValue};
        // A string value holds what the file holds, but for its escapes: without a backslash and
        // without a control character in the text, none can hold one, and the file is not parsed
        // a second time (most records).
        let raw_control = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
        let bytes = self.text.as_bytes();
        if memchr::memchr(b'\\', bytes).is_none() && !bytes.iter().any(|&b| raw_control(b)) {
            return None;
        }
        let table = DeTable::parse(self.text).ok()?;
        let mut values: Vec<_> = table.get_ref().values().collect();
        while let Some(v) = values.pop() {
            match v.get_ref() {
                DeValue::String(s) => {
                    let bad = s
                        .chars()
                        .find(|&c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'));
                    if let Some(c) = bad {
                        let message = format!(
                            "the text holds control character U+{:04X}, which a feed cannot carry",
                            u32::from(c)
                        );
                        let d = self.error(&TEXT_CONTROL_CHARS, v.span(), message);
                        return Some(d.help("remove the character (an escape such as \\u0000)"));
                    }
                }
                DeValue::Array(a) => values.extend(a.iter()),
                DeValue::Table(t) => values.extend(t.values()),
                _ => {}
            }
        }
        None
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
    fn a_control_character_in_any_value_is_refused_at_the_value() {
        #[derive(Debug, serde::Deserialize)]
        #[expect(dead_code, reason = "only deserialized")]
        struct T {
            title: String,
            persons: Vec<toml::Table>,
        }
        let src = SourceFile {
            name: "show.toml",
            text: "title = \"a\\tb\\r\\n\"\npersons = [{ name = \"x\\u001by\" }]\n",
        };
        let d = src.deserialize::<T>().unwrap_err();
        assert_eq!(d.rule, "text.control-chars");
        assert!(d.message.contains("U+001B"), "{}", d.message);
        let loc = d.located_in(src.text).unwrap();
        assert_eq!((loc.line, loc.column), (2, 21), "at the value");
        let ok = SourceFile {
            text: "title = \"a\\tb\\r\\n\"\npersons = []\n",
            ..src
        };
        assert!(ok.deserialize::<T>().is_ok());
        // Without any escape, a control character written as it is: refused too, by the TOML
        // reader or by this check.
        let raw = SourceFile {
            text: "title = \"a\u{1}b\"\npersons = []\n",
            ..src
        };
        assert!(raw.deserialize::<T>().is_err());
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
