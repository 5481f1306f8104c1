//! Chapters: the Podcast Index JSON chapters file (SPEC.md §5.1), its model, readers, writers and
//! checks.
//!
//! Pure, like [`crate::transcript`]: text in, [`Chapters`] or text out. Two formats are read and
//! written: the JSON chapters file ([`json`]) that `<podcast:chapters>` links, and simple lines
//! ([`lines`], Podlove Simple Chapters style: `00:01:30.500 Title <https://…>`), which are easy to
//! write by hand. [`check`] finds every problem of a file at once, each at its line.

use serde::{Deserialize, Serialize};

pub use crate::transcript::ReadError;

mod check;
pub mod json;
pub mod lines;

pub use check::{Check, Problem, check};

/// The version written in every JSON chapters file (SPEC.md §5.1: "Version 1.2", examples use
/// `"1.2.0"`).
pub const VERSION: &str = "1.2.0";

/// The largest chapters file accepted: 5 MiB. A three-hour episode with a chapter a minute is
/// under 50 KB; the cap keeps a stray large file from being read whole.
pub const MAX_INPUT_BYTES: usize = 5 * 1024 * 1024;

/// The MIME type of a JSON chapters file, for `<podcast:chapters type>` (SPEC.md §5.1).
pub const MIME: &str = "application/json+chapters";

/// A chapters file (SPEC.md §5.1): the version, the chapters, and optional information about
/// the episode.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Chapters {
    /// The format's version (required), e.g. `1.2.0`.
    pub version: String,
    /// The chapters, by ascending start time.
    pub chapters: Vec<Chapter>,
    /// The episode's author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The episode's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The show's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub podcast_name: Option<String>,
    /// A description of the episode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The name of the media file the chapters belong to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// Whether apps should draw a route between the chapters' locations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waypoints: Option<bool>,
}

/// One chapter (SPEC.md §5.1); only the start time is required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Chapter {
    /// Start, in seconds from the start of the episode.
    #[serde(serialize_with = "json::seconds")]
    pub start_time: f64,
    /// The chapter's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Chapter art (an absolute http(s) URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub img: Option<String>,
    /// A web page about the chapter's topic (an absolute http(s) URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `false`: a "silent" chapter, not shown in the table of contents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toc: Option<bool>,
    /// End, in seconds.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "json::optional_seconds"
    )]
    pub end_time: Option<f64>,
    /// Where the chapter is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// A chapter's location (SPEC.md §5.1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// A name for the place (required).
    pub name: String,
    /// An RFC 5870 `geo:` URI (required), e.g. `geo:30.2672,97.7431`.
    pub geo: String,
    /// An OpenStreetMap object: type letter and id, e.g. `R113314`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub osm: Option<String>,
}

/// A chapters file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The Podcast Index JSON chapters file (SPEC.md §5.1).
    Json,
    /// Simple lines: `HH:MM:SS(.mmm) Title <url>` (Podlove Simple Chapters style).
    Lines,
}

impl Format {
    /// Parses a command-line name: `json`, or `txt` (also `lines`) for simple lines.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "txt" | "lines" => Some(Format::Lines),
            _ => None,
        }
    }

    /// The format of a file: `.json` is JSON, anything else simple lines unless its first
    /// non-blank character is `{`.
    pub fn detect(file_name: &str, text: &str) -> Format {
        let json_name = file_name.to_ascii_lowercase().ends_with(".json");
        if json_name || text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Lines
        }
    }
}

/// A chapters file as read: the chapters, and the 1-based line each chapter starts at (for
/// [`check`]'s messages).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The chapters.
    pub chapters: Chapters,
    /// The line of each chapter, in the order of `chapters.chapters`.
    pub lines: Vec<usize>,
}

/// Reads a chapters file, in `format` or the one [`Format::detect`] tells.
pub fn read(file_name: &str, bytes: &[u8], format: Option<Format>) -> Result<Parsed, ReadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::new(
            1,
            format!(
                "the file is {} bytes; chapters files over {MAX_INPUT_BYTES} bytes (5 MiB) are refused",
                bytes.len()
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
        let line = good.matches('\n').count() + 1;
        ReadError::new(
            line,
            "expected UTF-8 text, found a byte sequence that is not UTF-8",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format.unwrap_or_else(|| Format::detect(file_name, text)) {
        Format::Json => json::read(text),
        Format::Lines => lines::read(text),
    }
}

/// Writes `chapters` in `format`.
pub fn write(chapters: &Chapters, format: Format) -> String {
    match format {
        Format::Json => json::write(chapters),
        Format::Lines => lines::write(chapters),
    }
}
