//! WebVTT reader and writer (SPEC.md §3.4).
//!
//! Reading: the `WEBVTT` header, cues with optional identifiers, `<v Speaker>` voice spans
//! (also `<v.class Name>`), other tags stripped, character references decoded, NOTE / STYLE /
//! REGION blocks skipped, hours optional. Each cue becomes one segment with its exact times.
//! Writing: cues of at most 2 lines of ≤ 65 characters where words allow, `<v Name>` on every
//! cue that has a speaker.

use super::cues::{self, CueOptions};
use super::lines::{blocks, parse_timing};
use super::markup::{decode_entities, escape, normalize_ws, strip_tags};
use super::srt::check_order;
use super::time::{format_clock, parse_clock};
use super::{ReadError, Segment, Transcript, WriteOptions};

const TIMING: &str = "a timing line \"HH:MM:SS.mmm --> HH:MM:SS.mmm\"";

/// Reads WebVTT text.
pub fn read(text: &str) -> Result<Transcript, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.split('\n').next().unwrap_or("").trim_end_matches('\r');
    let header_ok = first
        .strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    if !header_ok {
        return Err(ReadError::expected(1, "the header \"WEBVTT\"", first));
    }
    let mut segments: Vec<Segment> = Vec::new();
    // The first block is the header (and any header lines).
    for block in blocks(text).into_iter().skip(1) {
        let Some(first) = block.first() else { continue };
        let kind = first.text.split([' ', '\t']).next().unwrap_or("");
        if matches!(kind, "NOTE" | "STYLE" | "REGION") && !first.text.contains("-->") {
            continue;
        }
        let timing_at = usize::from(!first.text.contains("-->"));
        let Some(&timing) = block.get(timing_at) else {
            return Err(ReadError::new(
                first.no + 1,
                format!("expected {TIMING} after the cue identifier"),
            ));
        };
        if !timing.text.contains("-->") {
            return Err(ReadError::expected(timing.no, TIMING, timing.text));
        }
        let (start_ms, end_ms) = parse_timing(timing, TIMING, |s| parse_clock(s, &['.']))?;
        check_order(&segments, start_ms, timing)?;
        let payload: Vec<&str> = block.iter().skip(timing_at + 1).map(|l| l.text).collect();
        if let Some(bad) = block
            .iter()
            .skip(timing_at + 1)
            .find(|l| l.text.contains("-->"))
        {
            return Err(ReadError::expected(
                bad.no,
                "cue text (a blank line must end each cue)",
                bad.text,
            ));
        }
        let (speaker, text) = payload_text(&payload.join("\n"));
        segments.push(Segment {
            start_ms,
            end_ms: Some(end_ms),
            speaker,
            text,
        });
    }
    Ok(Transcript {
        language: None,
        segments,
    })
}

/// The speaker of the cue's first voice span, and its plain text.
fn payload_text(payload: &str) -> (Option<String>, String) {
    let speaker = payload.find("<v").and_then(|at| {
        let tag = &payload[at + 2..];
        let end = tag.find('>')?;
        let tag = &tag[..end];
        // `<v Name>` or `<v.class.other Name>`: the annotation follows the first whitespace.
        if !(tag.starts_with([' ', '\t', '.'])) {
            return None;
        }
        let name = tag.split_once([' ', '\t']).map(|(_, n)| n.trim())?;
        super::normalize_speaker(&decode_entities(name))
    });
    let text = normalize_ws(&decode_entities(&strip_tags(payload)));
    (speaker, text)
}

/// Writes WebVTT.
pub fn write(t: &Transcript, opts: &WriteOptions) -> String {
    let mut out = String::from("WEBVTT\n");
    for cue in cues::build(t, &CueOptions::vtt(opts.duration_ms)) {
        out.push_str(&format!(
            "\n{} --> {}\n",
            format_clock(cue.start_ms, '.'),
            format_clock(cue.end_ms, '.')
        ));
        for (i, line) in cue.lines.iter().enumerate() {
            // A voice annotation ends at `>`; escaping keeps the name inside it.
            if let (0, Some(name)) = (i, &cue.speaker) {
                out.push_str(&format!("<v {}>", escape(name, false)));
            }
            out.push_str(&escape(line, false));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_voices_notes_and_entities() {
        let src = "WEBVTT - demo\n\nNOTE a comment\nspanning lines\n\nSTYLE\n::cue { color: red }\n\nintro\n00:01.000 --> 00:02.500 align:start\n<v.loud Ana Maria>Q&amp;A <i>time</i></v>\n\n01:00:00.000 --> 01:00:01.000\nplain\n";
        let t = read(src).expect("valid");
        assert_eq!(t.segments.len(), 2);
        assert_eq!(t.segments[0].speaker.as_deref(), Some("Ana Maria"));
        assert_eq!(t.segments[0].text, "Q&A time");
        assert_eq!(
            (t.segments[0].start_ms, t.segments[0].end_ms),
            (1_000, Some(2_500))
        );
        assert_eq!(t.segments[1].start_ms, 3_600_000);
        assert_eq!(t.segments[1].speaker, None);
    }

    #[test]
    fn missing_header_is_line_one() {
        let e = read("1\n00:00:01,000 --> 00:00:02,000\nhi\n").expect_err("srt is not vtt");
        assert_eq!(e.line, 1);
    }

    #[test]
    fn bad_timing_names_line_and_column() {
        let e = read(
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na\n\nid\n00:00:03.000 --> 00:00:0x.000\nb\n",
        )
        .expect_err("bad");
        assert_eq!((e.line, e.column), (7, Some(18)), "{e}");
    }

    #[test]
    fn writes_voice_spans_and_escapes() {
        let t = Transcript {
            language: None,
            segments: vec![Segment {
                start_ms: 0,
                end_ms: Some(2_400),
                speaker: Some("Ana".into()),
                text: "Q&A <now>".into(),
            }],
        };
        assert_eq!(
            write(&t, &WriteOptions::default()),
            "WEBVTT\n\n00:00:00.000 --> 00:00:02.400\n<v Ana>Q&amp;A &lt;now&gt;\n"
        );
    }
}
