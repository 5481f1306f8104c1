//! Podcast Index JSON transcripts (SPEC.md §3.1) and Whisper's JSON output.
//!
//! Whisper run with word timestamps gives each segment `words`, each `{"word", "start", "end"}`
//! (whisperX adds a `speaker`). When every word of a segment has both times and no word starts
//! before the one before it, the segment is read as one segment per word: the model then holds a word-level transcript (as Podcast Index JSON may, SPEC.md §3.1),
//! and the caption writers group its words into cues whose boundaries fall on the words' own
//! times (`cues::word_level`). A segment whose words lack a time is read as one segment, as
//! without words.
//!
//! serde_json reports syntax errors with a line and column. It keeps no positions for values,
//! so a bad segment is located by finding its key (`"startTime"` / `"start"`) in the text: a
//! key inside a string value is always written `\"startTime\"`, so the search cannot be fooled
//! by the words.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::cues::resolve_times;
use super::error::line_col;
use super::time::{ms_to_seconds, seconds_to_ms};
use super::{Format, ReadError, Segment, Transcript, WriteOptions};

/// Which JSON transcript `value` is: `segments` with `startTime`/`body` is Podcast Index JSON,
/// with `start`/`end`/`text` Whisper. `None` when neither.
pub fn detect(value: &Value) -> Option<Format> {
    let first = value.get("segments")?.as_array()?.first();
    match first {
        // An empty transcript: Podcast Index JSON if it says its version.
        None => value.get("version").map(|_| Format::Json),
        Some(seg) if seg.get("startTime").is_some() && seg.get("body").is_some() => {
            Some(Format::Json)
        }
        Some(seg) if seg.get("start").is_some() && seg.get("text").is_some() => {
            Some(Format::Whisper)
        }
        Some(_) => None,
    }
}

/// Parses JSON text, mapping syntax errors to a line and column.
pub fn parse_value(text: &str) -> Result<Value, ReadError> {
    serde_json::from_str(text).map_err(|e| {
        ReadError::new(e.line(), format!("expected valid JSON: {e}")).at_column(e.column())
    })
}

#[derive(Deserialize)]
struct PiSegment {
    speaker: Option<String>,
    #[serde(rename = "startTime")]
    start: f64,
    #[serde(rename = "endTime")]
    end: Option<f64>,
    body: String,
}

#[derive(Deserialize)]
struct WhisperSegment {
    start: f64,
    end: f64,
    text: String,
    /// whisperX and diarisation tools add this.
    speaker: Option<String>,
    /// Word timestamps (`--word_timestamps True`), when present.
    #[serde(default)]
    words: Vec<WhisperWord>,
}

/// One of Whisper's word timestamps; whisperX leaves out the times of words it cannot align.
#[derive(Deserialize)]
struct WhisperWord {
    word: String,
    start: Option<f64>,
    end: Option<f64>,
    speaker: Option<String>,
}

/// Reads Podcast Index JSON from its parsed value; `text` locates errors.
pub fn read_pi(text: &str, value: Value) -> Result<Transcript, ReadError> {
    let raw = segments_array(
        text,
        value,
        "Podcast Index JSON: an object with \"segments\" of {\"startTime\", \"body\"}",
    )?;
    let mut segments = Vec::with_capacity(raw.len());
    let locator = Locator {
        text,
        key: "\"startTime\"",
    };
    for (i, v) in raw.into_iter().enumerate() {
        let err = |m: String| ReadError::new(locator.line_of(i), format!("segment {}: {m}", i + 1));
        let s: PiSegment = serde_json::from_value(v).map_err(|e| {
            err(format!(
                "expected numeric \"startTime\" and string \"body\": {e}"
            ))
        })?;
        // A trailing newline marks a paragraph break (SPEC.md §3.1); the model has no markup.
        let body = s.body.trim_end_matches('\n').to_owned();
        let seg = timed(s.start, s.end, s.speaker, body, &segments).map_err(err)?;
        segments.push(seg);
    }
    Ok(Transcript {
        language: None,
        segments,
    })
}

/// Reads Whisper JSON from its parsed value; `text` locates errors.
pub fn read_whisper(text: &str, value: Value) -> Result<Transcript, ReadError> {
    let language = value
        .get("language")
        .and_then(Value::as_str)
        .filter(|l| l.len() <= 3 && l.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_owned);
    let raw = segments_array(
        text,
        value,
        "Whisper JSON: an object with \"segments\" of {\"start\", \"end\", \"text\"}",
    )?;
    let mut segments = Vec::with_capacity(raw.len());
    let locator = Locator {
        text,
        key: "\"start\"",
    };
    for (i, v) in raw.into_iter().enumerate() {
        let err = |m: String| ReadError::new(locator.line_of(i), format!("segment {}: {m}", i + 1));
        let s: WhisperSegment = serde_json::from_value(v).map_err(|e| {
            err(format!(
                "expected numeric \"start\"/\"end\" and string \"text\": {e}"
            ))
        })?;
        if let Some(words) = word_segments(&s.words, s.speaker.as_deref(), &segments) {
            segments.extend(words);
            continue;
        }
        let words = s.text.trim().to_owned();
        let seg = timed(s.start, Some(s.end), s.speaker, words, &segments).map_err(err)?;
        segments.push(seg);
    }
    Ok(Transcript { language, segments })
}

/// One segment per word of a Whisper segment, when every word has a start and an end and none
/// starts before the word (or segment) before it; `None` otherwise, and for a segment without
/// words. A word's speaker is its own, else the segment's. A word of zero length lasts 1 ms, so
/// that it keeps its place.
fn word_segments(
    words: &[WhisperWord],
    speaker: Option<&str>,
    before: &[Segment],
) -> Option<Vec<Segment>> {
    let mut out: Vec<Segment> = Vec::with_capacity(words.len());
    for w in words {
        let text = w.word.trim();
        if text.is_empty() {
            continue;
        }
        let (start, end) = (w.start?, w.end?);
        let prev = out.last().or(before.last()).map(std::slice::from_ref);
        let mut seg = timed(
            start,
            Some(end),
            None,
            text.to_owned(),
            prev.unwrap_or_default(),
        )
        .ok()?;
        seg.end_ms = seg.end_ms.map(|e| e.max(seg.start_ms + 1));
        seg.speaker = w
            .speaker
            .as_deref()
            .or(speaker)
            .and_then(super::normalize_speaker);
        out.push(seg);
    }
    (!out.is_empty()).then_some(out)
}

fn segments_array(text: &str, value: Value, what: &str) -> Result<Vec<Value>, ReadError> {
    match value {
        Value::Object(mut map) => match map.remove("segments") {
            Some(Value::Array(a)) => Ok(a),
            _ => {
                let (line, _) = text
                    .find("\"segments\"")
                    .map_or((1, 1), |o| line_col(text, o));
                Err(ReadError::new(line, format!("expected {what}")))
            }
        },
        _ => Err(ReadError::new(1, format!("expected {what}"))),
    }
}

/// Checks and converts one segment's times; the error is a message without position.
fn timed(
    start: f64,
    end: Option<f64>,
    speaker: Option<String>,
    text: String,
    before: &[Segment],
) -> Result<Segment, String> {
    let start_ms = seconds_to_ms(start)
        .ok_or_else(|| format!("expected a start time ≥ 0 seconds, found {start}"))?;
    let end_ms = match end {
        None => None,
        Some(e) => {
            let ms = seconds_to_ms(e)
                .ok_or_else(|| format!("expected an end time ≥ 0 seconds, found {e}"))?;
            if ms < start_ms {
                return Err(format!("the end time {e} is before the start time {start}"));
            }
            Some(ms)
        }
    };
    if let Some(prev) = before.last().filter(|p| p.start_ms > start_ms) {
        return Err(format!(
            "time goes backwards: starts at {start} s, before the previous segment's {} s",
            ms_to_seconds(prev.start_ms)
        ));
    }
    Ok(Segment {
        start_ms,
        end_ms,
        speaker: speaker.as_deref().and_then(super::normalize_speaker),
        text,
    })
}

/// Finds the line of the n-th segment by the n-th occurrence of its key, scanning forward only
/// and only when an error needs it.
struct Locator<'a> {
    text: &'a str,
    key: &'a str,
}

impl Locator<'_> {
    fn line_of(&self, i: usize) -> usize {
        let mut from = 0;
        for _ in 0..i {
            match self.text.get(from..).and_then(|t| t.find(self.key)) {
                Some(o) => from += o + self.key.len(),
                None => return 1,
            }
        }
        self.text
            .get(from..)
            .and_then(|t| t.find(self.key))
            .map_or(1, |o| line_col(self.text, from + o).0)
    }
}

#[derive(Serialize)]
struct PiOut<'a> {
    version: &'static str,
    segments: Vec<PiSegOut<'a>>,
}

#[derive(Serialize)]
struct PiSegOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<String>,
    #[serde(rename = "startTime")]
    start: f64,
    #[serde(rename = "endTime")]
    end: f64,
    body: &'a str,
}

/// Writes Podcast Index JSON, version `1.0.0`, one entry per segment. End times are always
/// written: when a segment has none, it is the next start (or the duration, or an estimate), as
/// for captions.
pub fn write(t: &Transcript, opts: &WriteOptions) -> String {
    let times = resolve_times(&t.segments, opts.duration_ms);
    let segments = t
        .segments
        .iter()
        .zip(times)
        .map(|(s, (start, end))| PiSegOut {
            speaker: s.speaker_name(),
            start: ms_to_seconds(start),
            end: ms_to_seconds(end),
            body: &s.text,
        })
        .collect();
    let doc = PiOut {
        version: "1.0.0",
        segments,
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Transcript, ReadError> {
        let v = parse_value(text)?;
        match detect(&v) {
            Some(Format::Whisper) => read_whisper(text, v),
            _ => read_pi(text, v),
        }
    }

    #[test]
    fn reads_podcast_index_json() {
        let t = read(r#"{"version":"1.0.0","segments":[{"speaker":"Ana","startTime":0.5,"endTime":2.4,"body":"Hi.\n"},{"startTime":3,"body":"x"}]}"#).expect("valid");
        assert_eq!(
            t.segments[0],
            Segment {
                start_ms: 500,
                end_ms: Some(2_400),
                speaker: Some("Ana".into()),
                text: "Hi.".into()
            }
        );
        assert_eq!(
            (t.segments[1].end_ms, t.segments[1].speaker.as_ref()),
            (None, None)
        );
    }

    #[test]
    fn reads_whisper_json() {
        let t = read(r#"{"text":" a b","segments":[{"id":0,"start":0.0,"end":1.52,"text":" a b"}],"language":"en"}"#).expect("valid");
        assert_eq!(t.language.as_deref(), Some("en"));
        assert_eq!(t.segments[0].text, "a b");
        assert_eq!(t.segments[0].end_ms, Some(1_520));
    }

    #[test]
    fn whisper_words_become_segments_with_their_own_times() {
        let t = read(r#"{"segments":[{"start":0.0,"end":2.0,"text":" Hi there.","speaker":"A","words":[{"word":" Hi","start":0.1,"end":0.4},{"word":" there.","start":0.5,"end":0.5,"speaker":"B"}]}]}"#).expect("valid");
        let got: Vec<_> = t
            .segments
            .iter()
            .map(|s| (s.start_ms, s.end_ms, s.speaker.as_deref(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (100, Some(400), Some("A"), "Hi"),
                (500, Some(501), Some("B"), "there.")
            ]
        );
    }

    #[test]
    fn whisper_words_without_times_leave_the_segment_whole() {
        let t = read(r#"{"segments":[{"start":0.0,"end":2.0,"text":" In 2024 we","words":[{"word":" In","start":0.1,"end":0.3},{"word":" 2024"},{"word":" we","start":1.0,"end":1.2}]}]}"#).expect("valid");
        assert_eq!(t.segments.len(), 1);
        assert_eq!(
            (t.segments[0].end_ms, t.segments[0].text.as_str()),
            (Some(2_000), "In 2024 we")
        );
    }

    #[test]
    fn end_before_start_names_the_segment_line() {
        let e = read("{\"segments\": [\n{\"startTime\": 1, \"endTime\": 2, \"body\": \"a\"},\n{\"startTime\": 5, \"endTime\": 4, \"body\": \"b\"}\n]}").expect_err("bad");
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let e = read("{\n  \"segments\": [,]\n}").expect_err("bad json");
        assert_eq!(e.line, 2, "{e}");
        assert!(e.column.is_some());
    }
}
