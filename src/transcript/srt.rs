//! SubRip (SRT) reader and writer (SPEC.md §3.3).
//!
//! Blocks separated by blank lines: a sequence number, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, text lines.
//! Speakers are written as a `Name: ` prefix at the start of each speaker's turn; on reading, a
//! prefix sets the speaker for that cue and the cues after it until the next prefix. A cue of
//! nobody in particular after a named speaker starts with a dash, `- ` (the subtitle convention
//! for a change of speaker, `cues::UNNAMED_TURN`): on reading, a dash after a named speaker
//! ends that speaker's turn.

use super::cues::{self, CueOptions};
use super::lines::{Line, blocks, parse_timing};
use super::markup::{normalize_ws, strip_tags};
use super::speaker::speaker_label;
use super::time::{format_clock, parse_clock};
use super::{ReadError, Segment, Transcript, WriteOptions};

const TIMING: &str = "a timing line \"HH:MM:SS,mmm --> HH:MM:SS,mmm\"";

/// Reads SRT text.
pub fn read(text: &str) -> Result<Transcript, ReadError> {
    let mut segments: Vec<Segment> = Vec::new();
    let mut speaker: Option<String> = None;
    for block in blocks(text) {
        let mut lines = block.iter();
        let Some(first) = lines.next() else { continue };
        if first.text.trim().parse::<u64>().is_err() {
            return Err(ReadError::expected(first.no, "a cue number", first.text));
        }
        let Some(&timing) = lines.next() else {
            return Err(ReadError::new(
                first.no + 1,
                format!("expected {TIMING} after the cue number"),
            ));
        };
        let (start_ms, end_ms) = parse_timing(timing, TIMING, |s| parse_clock(s, &[',', '.']))?;
        check_order(&segments, start_ms, timing)?;
        let raw: Vec<&str> = lines.map(|l: &Line<'_>| l.text).collect();
        let mut body = normalize_ws(&strip_tags(&raw.join(" ")));
        if let Some((name, rest)) = speaker_label(&body) {
            speaker = super::normalize_speaker(name);
            body = rest.to_owned();
        } else if let Some(rest) = body
            .strip_prefix(cues::UNNAMED_TURN)
            .filter(|_| speaker.is_some())
        {
            speaker = None;
            body = rest.to_owned();
        }
        segments.push(Segment {
            start_ms,
            end_ms: Some(end_ms),
            speaker: speaker.clone(),
            text: body,
        });
    }
    Ok(Transcript {
        language: None,
        segments,
    })
}

/// Cue start times must not go backwards.
pub(crate) fn check_order(
    segments: &[Segment],
    start: u64,
    line: Line<'_>,
) -> Result<(), ReadError> {
    match segments.last() {
        Some(prev) if start < prev.start_ms => Err(ReadError::new(
            line.no,
            format!(
                "time goes backwards: this cue starts at {}, before the previous cue's {}",
                format_clock(start, '.'),
                format_clock(prev.start_ms, '.')
            ),
        )),
        _ => Ok(()),
    }
}

/// Writes SRT: numbered cues from 1, 2 lines of ≤ 32 characters where words allow.
pub fn write(t: &Transcript, opts: &WriteOptions) -> String {
    let mut out = String::new();
    for (n, cue) in cues::build(t, &CueOptions::srt(opts.duration_ms))
        .iter()
        .enumerate()
    {
        out.push_str(&format!(
            "{}\n{} --> {}\n",
            n + 1,
            format_clock(cue.start_ms, ','),
            format_clock(cue.end_ms, ',')
        ));
        for line in &cue.lines {
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cues_and_carries_the_speaker() {
        let t = read("1\n00:00:00,179 --> 00:00:02,399\nTravis: When you first get\nstarted.\n\n2\n00:00:02,400 --> 00:00:04,799\nalmost there\n").expect("valid");
        assert_eq!(t.segments.len(), 2);
        assert_eq!(t.segments[0].speaker.as_deref(), Some("Travis"));
        assert_eq!(t.segments[0].text, "When you first get started.");
        assert_eq!(
            (t.segments[1].start_ms, t.segments[1].end_ms),
            (2_400, Some(4_799))
        );
        assert_eq!(t.segments[1].speaker.as_deref(), Some("Travis"));
    }

    #[test]
    fn rejects_end_before_start_with_line() {
        let e =
            read("1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n00:00:05,000 --> 00:00:04,000\nb\n")
                .expect_err("bad");
        assert_eq!(e.line, 6, "{e}");
    }

    #[test]
    fn rejects_a_vtt_file() {
        let e = read("WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n").expect_err("not srt");
        assert_eq!(e.line, 1);
        assert!(e.message.contains("cue number"), "{e}");
    }
}
