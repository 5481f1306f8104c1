//! Transcripts: one model, one reader and one writer per format (SPEC.md §3).
//!
//! Everything here is pure: bytes or text in, a [`Transcript`] or text out. Times are whole
//! milliseconds, which every format we read or write can represent exactly.

use serde::Serialize;

/// A transcript: ordered segments and, when known, the language they are in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Transcript {
    /// BCP 47 language tag (`en`, `es`), when known.
    pub language: Option<String>,
    /// Segments in order of start time.
    pub segments: Vec<Segment>,
}

/// One piece of speech.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Start, in milliseconds from the start of the episode.
    pub start_ms: u64,
    /// End, in milliseconds, when the source gives one.
    pub end_ms: Option<u64>,
    /// Who is speaking, when known.
    pub speaker: Option<String>,
    /// The words, as plain text (no markup).
    pub text: String,
}

/// A transcript file format.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The transcript page: title, `Episode Date:`, description, `Starting point is HH:MM:SS` paragraphs.
    Page,
    /// WebVTT (SPEC.md §3.4).
    Vtt,
    /// SubRip (SPEC.md §3.3).
    Srt,
    /// Podcast Index JSON (SPEC.md §3.1).
    Json,
    /// Whisper's JSON output (`segments` with `start`/`end`/`text`).
    Whisper,
    /// HTML fragment with `<cite>`, `<time>`, `<p>` (SPEC.md §3.2).
    Html,
    /// Plain text, no timing.
    Text,
}

impl Format {
    /// The formats a feed can publish, in the order they are linked.
    pub const PUBLISHED: [Format; 5] = [
        Format::Vtt,
        Format::Srt,
        Format::Json,
        Format::Html,
        Format::Text,
    ];

    /// The MIME type for `podcast:transcript@type` (SPEC.md §2).
    pub fn mime(self) -> &'static str {
        match self {
            Format::Vtt => "text/vtt",
            Format::Srt => "application/x-subrip",
            Format::Json | Format::Whisper => "application/json",
            Format::Html => "text/html",
            Format::Text | Format::Page => "text/plain",
        }
    }

    /// The file extension used when publishing (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::Json | Format::Whisper => "json",
            Format::Html => "html",
            Format::Text | Format::Page => "txt",
        }
    }

    /// Whether the format carries timecodes, so it may be linked with `rel="captions"` (SPEC.md §2).
    pub fn is_captions(self) -> bool {
        matches!(self, Format::Vtt | Format::Srt)
    }

    /// Parses the name used on the command line and in config (`vtt`, `srt`, `json`, `html`, `txt`).
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "vtt" | "webvtt" => Format::Vtt,
            "srt" | "subrip" => Format::Srt,
            "json" => Format::Json,
            "whisper" => Format::Whisper,
            "html" | "htm" => Format::Html,
            "txt" | "text" => Format::Text,
            "page" => Format::Page,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Page => "page",
            Format::Whisper => "whisper",
            Format::Text => "txt",
            other => other.extension(),
        })
    }
}
