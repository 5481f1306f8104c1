//! Transcripts: one model, one reader and one writer per format (SPEC.md §3).
//!
//! Everything here is pure: bytes or text in, a [`Transcript`] or text out. Times are whole
//! milliseconds, which every format we read or write can represent exactly.
//!
//! [`read`] picks the reader from the file name and the content (or the format given);
//! [`write()`] renders one of the published formats. Captions (WebVTT, SRT) are cut into
//! readable cues by [`cues`].

use serde::Serialize;

pub mod cues;
mod error;
pub mod html;
pub mod json;
mod lines;
mod markup;
pub mod page;
pub mod speaker;
pub mod srt;
pub mod text;
pub mod time;
pub mod vtt;

pub use error::ReadError;

/// The largest transcript accepted: 50 MB. A 3-hour episode's WebVTT is under 1 MB; the cap
/// keeps hostile input from exhausting memory.
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;

/// Options for [`write()`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// The episode's duration: the end of the last segment when it has none.
    pub duration_ms: Option<u64>,
}

/// Reads a transcript file.
///
/// With `format` `None`, the format comes from the extension and the content: `.vtt`, `.srt`,
/// `.html`/`.htm`; `.json` is Podcast Index JSON when its `segments` have `startTime`/`body` and
/// Whisper when they have `start`/`end`/`text`; `.txt` is the transcript page when it has
/// `Starting point is` lines, else plain text. Other names are judged by content alone. A wrong
/// guess fails with the line where the content stopped matching.
pub fn read(
    file_name: &str,
    bytes: &[u8],
    format: Option<Format>,
) -> Result<Transcript, ReadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::new(
            1,
            format!(
                "the file is {} bytes; transcripts over {MAX_INPUT_BYTES} bytes (50 MB) are refused",
                bytes.len()
            ),
        ));
    }
    let text = decode_utf8(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = match format {
        Some(f) => f,
        None => detect(file_name, text)?,
    };
    match format {
        Format::Page => page::parse(text).map(|p| p.transcript),
        Format::Vtt => vtt::read(text),
        Format::Srt => srt::read(text),
        Format::Html => html::read(text),
        Format::Text => Ok(text::read(text)),
        Format::Json => json::read_pi(text, json::parse_value(text)?),
        Format::Whisper => json::read_whisper(text, json::parse_value(text)?),
    }
}

/// UTF-8 text of `bytes`, or an error at the line and column of the first invalid byte.
fn decode_utf8(bytes: &[u8]) -> Result<&str, ReadError> {
    std::str::from_utf8(bytes).map_err(|e| {
        // The bytes before the bad one are valid UTF-8 by definition.
        let good = bytes
            .get(..e.valid_up_to())
            .and_then(|g| std::str::from_utf8(g).ok())
            .unwrap_or_default();
        let (line, column) = error::line_col(good, good.len());
        ReadError::new(
            line,
            "expected UTF-8 text, found a byte sequence that is not UTF-8",
        )
        .at_column(column)
    })
}

/// Which format `text` (named `file_name`) is.
fn detect(file_name: &str, text: &str) -> Result<Format, ReadError> {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let is_page = || {
        text.lines()
            .any(|l| l.trim_start().starts_with(page::STARTING_POINT))
    };
    let json_kind = || {
        let value = json::parse_value(text)?;
        json::detect(&value).ok_or_else(|| {
            ReadError::new(1, "expected a JSON transcript: \"segments\" of {\"startTime\", \"body\"} (Podcast Index) or {\"start\", \"end\", \"text\"} (Whisper)")
        })
    };
    Ok(match ext.as_str() {
        "vtt" => Format::Vtt,
        "srt" => Format::Srt,
        "html" | "htm" => Format::Html,
        "json" => json_kind()?,
        "txt" | "text" if is_page() => Format::Page,
        "txt" | "text" => Format::Text,
        _ => {
            let start = text.trim_start();
            let first = start.lines().next().unwrap_or("").trim();
            if start.starts_with("WEBVTT") {
                Format::Vtt
            } else if start.starts_with('{') {
                json_kind()?
            } else if first.parse::<u64>().is_ok()
                && start.lines().nth(1).is_some_and(|l| l.contains("-->"))
            {
                Format::Srt
            } else if ["<cite", "<p", "<time"]
                .iter()
                .any(|t| start.to_ascii_lowercase().starts_with(t))
            {
                Format::Html
            } else if is_page() {
                Format::Page
            } else {
                Format::Text
            }
        }
    })
}

/// Renders `t` in `format`. [`Format::Page`] and [`Format::Whisper`] are input formats only:
/// they are written as plain text and Podcast Index JSON.
pub fn write(t: &Transcript, format: Format, opts: &WriteOptions) -> String {
    match format {
        Format::Vtt => vtt::write(t, opts),
        Format::Srt => srt::write(t, opts),
        Format::Json | Format::Whisper => json::write(t, opts),
        Format::Html => html::write(t, opts),
        Format::Text | Format::Page => text::write(t, opts),
    }
}

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

/// A speaker name as every reader and writer keeps it: `-->`, `<`, `>` and control characters
/// removed, each run of whitespace (newlines included) one space, the ends trimmed; `None` when
/// nothing is left. A name written in a WebVTT `<v Name>` span or an SRT `Name: ` prefix can
/// then neither end the span, start a new cue nor look like a timing line (SPEC.md §3.3, §3.4).
pub fn normalize_speaker(name: &str) -> Option<String> {
    let clean = |c: char| c == '<' || c == '>' || c.is_control();
    let name = if name.contains("-->") || name.contains(clean) {
        std::borrow::Cow::Owned(
            name.replace("-->", " ")
                .chars()
                .map(|c| if clean(c) { ' ' } else { c })
                .collect::<String>(),
        )
    } else {
        std::borrow::Cow::Borrowed(name)
    };
    let mut out = markup::normalize_ws(&name);
    // A name ending in `--` would close WebVTT's `<v NAME>` as `-->`, a cue timing arrow.
    if out.ends_with("--") {
        out = out.trim_end_matches('-').trim_end().to_owned();
    }
    (!out.is_empty()).then_some(out)
}

impl Segment {
    /// The speaker's name, normalised by [`normalize_speaker`].
    pub fn speaker_name(&self) -> Option<String> {
        self.speaker.as_deref().and_then(normalize_speaker)
    }
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
    #[serde(rename = "txt", alias = "text")]
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
