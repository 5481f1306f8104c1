//! The one error a transcript reader returns: where (1-based line, column when known) and what
//! was expected there.

use crate::diagnostic::{LineIndex, clip};

/// Input a reader could not accept.
///
/// Displays as `line 12: expected a timing line "HH:MM:SS.mmm --> HH:MM:SS.mmm", found "…"`; the
/// caller prefixes the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}{}: {message}", column.map(|c| format!(", column {c}")).unwrap_or_default())]
pub struct ReadError {
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// What was wrong, usually `expected …, found "…"`.
    pub message: String,
}

impl ReadError {
    /// An error with a free-form message.
    pub fn new(line: usize, message: impl Into<String>) -> ReadError {
        ReadError {
            line: line.max(1),
            column: None,
            message: message.into(),
        }
    }

    /// `expected {what}, found "{found}"` (the quote shortened).
    pub fn expected(line: usize, what: &str, found: &str) -> ReadError {
        ReadError::new(line, format!("expected {what}, found \"{}\"", clip(found)))
    }

    /// The same error, pointing at a column too.
    pub fn at_column(mut self, column: usize) -> ReadError {
        self.column = Some(column.max(1));
        self
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`, by the crate's one
/// [`LineIndex`]. Readers call it only on the way out with an error, so indexing the text
/// anew each time costs nothing on good input.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_col(text, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_line_and_column() {
        let e = ReadError::expected(12, "a timing line", "hello").at_column(3);
        assert_eq!(
            e.to_string(),
            "line 12, column 3: expected a timing line, found \"hello\""
        );
    }
}
