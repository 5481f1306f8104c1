//! Where each rendered file is published, relative to the output folder. Both the feed (which
//! links the transcripts) and the build (which writes them) read these, so they cannot disagree.

use crate::transcript::Format;

/// Relative path of a show's feed.
pub fn feed_path(show_id: &str) -> String {
    format!("{show_id}/feed.xml")
}

/// Relative path of one published transcript file.
pub fn transcript_path(show_id: &str, stem: &str, format: Format) -> String {
    format!("{show_id}/transcripts/{stem}.{}", format.extension())
}

/// Relative path of an episode's published JSON chapters file (SPEC.md §5.1).
pub fn chapters_path(show_id: &str, slug: &str) -> String {
    format!("{show_id}/chapters/{slug}.json")
}
