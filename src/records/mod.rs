//! Records → model: `config.toml`, `show.toml` and episode records, parsed with serde + toml.
//!
//! Every problem becomes a [`Diagnostic`] naming the file, line and column and what was expected.
//! Structure (missing or unknown fields, wrong types) is checked by serde, which stops at a file's
//! first such problem; values (URLs, dates, categories, languages, durations) are checked here and
//! all of a file's problems are reported together. [`read`] is the only part that touches the disk.

mod chapters;
mod episode;
mod media;
pub mod memo;
pub mod read;
mod show;
mod show_tags;
mod tags;
mod value;
mod values;

pub use chapters::ChaptersRef;
pub use episode::{
    EpisodeRecord, MediaFile, Parsed, TranscriptRef, default_guid, parse_episode, parse_record,
};
pub use show::{ShowRecord, looks_like_email, parse_show};
pub use values::{MAX_DURATION_SECS, is_language_code, parse_clock};

use crate::diagnostic::{Diagnostic, Label};
use crate::rules::records::RECORD_ENCODING;

/// Keeps the value of `r`, or records its error and gives `None`: so a file's checks all run.
fn keep<T>(errs: &mut Vec<Diagnostic>, r: Result<T, Diagnostic>) -> Option<T> {
    r.map_err(|d| errs.push(d)).ok()
}

/// The names `<slug>.<suffix>` among `files` (the names in a record's folder), in the order of
/// `suffixes`: the files found beside a record by its stem (transcripts, chapters).
fn named_beside(
    files: &std::collections::BTreeSet<String>,
    slug: &str,
    suffixes: &[&str],
) -> Vec<String> {
    suffixes
        .iter()
        .map(|s| format!("{slug}.{s}"))
        .filter(|f| files.contains(f))
        .collect()
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
}
