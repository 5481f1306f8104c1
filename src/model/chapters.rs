//! An episode's chapters, as the model carries them (SPEC.md §5.1): the parsed chapters and what
//! the build needs to tell whether the published file is still current.

use crate::chapters::Chapters;

/// An episode's chapters, read from its chapters file (JSON chapters or simple lines).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EpisodeChapters {
    /// The source file's name, relative to the episodes folder (for messages and the hash).
    pub source: String,
    /// sha256 of the source file's bytes: the published JSON is a function of them.
    pub source_sha256: crate::hash::Sha256,
    /// The chapters, checked when the records were read. Kept in the records' memo as their
    /// JSON chapters text ([`crate::chapters::json::as_text`]): their serde attributes are the
    /// JSON format's.
    #[serde(with = "crate::chapters::json::as_text")]
    pub chapters: Chapters,
}
