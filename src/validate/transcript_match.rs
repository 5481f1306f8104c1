//! Does a served transcript read as its declared type, and does it say what the local records
//! say? The transcript comparison of the link judge ([`super::judge`]). Pure: bytes and text in,
//! a verdict out.
//!
//! Both sides are read with the same reader (the one for the declared MIME type, SPEC.md §2) and
//! compared as words, so line wrapping, cue splitting and spacing do not count as differences.

use crate::transcript::{self, Format, Transcript};
use crate::validate::links::TranscriptIssue;

/// The reader for a `podcast:transcript@type`; `None` for a type no reader knows (the format is
/// then guessed from the content).
pub fn format_for_mime(mime: &str) -> Option<Format> {
    Some(match crate::mime::essence(mime).as_str() {
        "text/vtt" => Format::Vtt,
        "application/x-subrip" | "application/srt" | "text/srt" => Format::Srt,
        "application/json" => Format::Json,
        "text/html" => Format::Html,
        "text/plain" => Format::Text,
        _ => return None,
    })
}

/// The transcript's words, in order: speaker labels left out, whitespace normalised.
pub fn words(t: &Transcript) -> Vec<&str> {
    t.segments
        .iter()
        .flat_map(|s| s.text.split_whitespace())
        .collect()
}

/// Checks a served transcript `body` declared as `mime` against `expected`, the local transcript
/// rendered in the same format (when there are records).
pub fn check(mime: &str, body: &[u8], expected: Option<&str>) -> Result<(), TranscriptIssue> {
    let format = format_for_mime(mime);
    let served = transcript::read("transcript", body, format).map_err(|e| {
        let at = match e.column {
            Some(c) => format!("line {}, column {c}", e.line),
            None => format!("line {}", e.line),
        };
        TranscriptIssue::Unreadable(format!("{at}: {}", without_body_text(&e.message)))
    })?;
    let Some(expected) = expected else {
        return Ok(());
    };
    // The local side was rendered by us in this format; if it does not read back, there is
    // nothing fair to compare with, and the builder's own tests own that bug.
    let Ok(local) = transcript::read("transcript", expected.as_bytes(), format) else {
        return Ok(());
    };
    let (got, want) = (words(&served), words(&local));
    match first_difference(&got, &want) {
        None => Ok(()),
        Some(i) => Err(TranscriptIssue::Differs(describe(&got, &want, i))),
    }
}

/// A reader's message about a served `body`, without the body's own text: the `, found "…"`
/// tail of an "expected …" message is cut, and any other quoted value the reader found (`found
/// "…"`, or a JSON type error's `string "…"`) becomes `"…"`; the quoted names of what was
/// expected stay. A remote body is the server's, not
/// ours to copy into a report that may be published (a CI log); the line, column and what was
/// expected are enough to find the problem.
fn without_body_text(message: &str) -> String {
    let message = message
        .split_once(", found \"")
        .map_or(message, |(head, _)| head);
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find('"') {
        let (before, after) = rest.split_at(open + 1);
        let Some(close) = after.find('"') else {
            // An unclosed quote: what follows may be the body's, cut short.
            out.push_str(before);
            out.push('…');
            return out;
        };
        let inner = &after[..close];
        out.push_str(before);
        // serde_json names an unexpected value as `invalid type: string "…"` (or `value:`).
        let quotes_body = ["found \"", "type: string \"", "value: string \""]
            .iter()
            .any(|p| before.ends_with(p));
        out.push_str(if quotes_body && !inner.is_empty() {
            "…"
        } else {
            inner
        });
        out.push('"');
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Index of the first word that differs, or `None` when the lists are equal.
fn first_difference(got: &[&str], want: &[&str]) -> Option<usize> {
    if got == want {
        return None;
    }
    Some(
        got.iter()
            .zip(want)
            .position(|(a, b)| a != b)
            .unwrap_or(got.len().min(want.len())),
    )
}

/// "word N: served "…", local "…"" with a few words of context, plus the word counts.
fn describe(got: &[&str], want: &[&str], i: usize) -> String {
    let around = |w: &[&str]| {
        let from = i.saturating_sub(3);
        let to = (i + 4).min(w.len());
        w.get(from..to).map(|s| s.join(" ")).unwrap_or_default()
    };
    format!(
        "from word {}: served \"{}\", local \"{}\" ({} words served, {} local)",
        i + 1,
        around(got),
        around(want),
        got.len(),
        want.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const VTT: &str = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Ann>Hello there,\nworld.\n\n00:00:02.000 --> 00:00:04.000\nSecond cue.\n";
    const SRT: &str = "1\n00:00:00,000 --> 00:00:02,000\nHello there, world.\n";

    #[test]
    fn maps_declared_types_to_readers() {
        assert_eq!(
            format_for_mime("text/vtt; charset=utf-8"),
            Some(Format::Vtt)
        );
        assert_eq!(format_for_mime("application/x-subrip"), Some(Format::Srt));
        assert_eq!(format_for_mime("application/json"), Some(Format::Json));
        assert_eq!(format_for_mime("text/plain"), Some(Format::Text));
        assert_eq!(format_for_mime("audio/mpeg"), None);
    }

    #[test]
    fn a_transcript_that_matches_its_type_and_the_records_passes() {
        let rewrapped = VTT.replace("Hello there,\nworld.", "Hello   there, world.");
        assert_eq!(check("text/vtt", rewrapped.as_bytes(), Some(VTT)), Ok(()));
        assert_eq!(check("text/vtt", VTT.as_bytes(), None), Ok(()));
    }

    #[test]
    fn srt_served_as_vtt_does_not_read() {
        let got = check("text/vtt", SRT.as_bytes(), None);
        assert!(
            matches!(&got, Err(TranscriptIssue::Unreadable(m)) if m.starts_with("line 1")),
            "{got:?}"
        );
    }

    #[test]
    fn a_changed_word_is_named_with_its_position() {
        let served = VTT.replace("Second", "Third");
        let got = check("text/vtt", served.as_bytes(), Some(VTT));
        let Err(TranscriptIssue::Differs(how)) = got else {
            panic!("expected a difference, got {got:?}");
        };
        assert!(how.starts_with("from word 4:"), "{how}");
        assert!(
            how.contains("Third cue.") && how.contains("Second cue."),
            "{how}"
        );
    }

    #[test]
    fn a_shorter_transcript_differs_at_its_end() {
        assert_eq!(first_difference(&["a", "b"], &["a", "b", "c"]), Some(2));
        assert_eq!(first_difference(&["a"], &["a"]), None);
    }

    #[test]
    fn a_served_body_that_does_not_read_is_described_without_its_text() {
        let bodies: [(&str, &[u8]); 3] = [
            ("text/vtt", b"SECRET-TOKEN-123 \"quoted\"\n\n00:00:00.000 --> 00:00:01.000\nx\n"),
            ("text/vtt", b"WEBVTT\n\nSECRET-TOKEN-123\nno timing here\n"),
            (
                "application/json",
                br#"{"version":"1.0.0","segments":[{"startTime":"SECRET-TOKEN-123","endTime":1,"body":"x"}]}"#,
            ),
        ];
        for (mime, body) in bodies {
            let got = check(mime, body, None);
            let Err(TranscriptIssue::Unreadable(why)) = &got else {
                panic!("expected an unreadable transcript, got {got:?}");
            };
            assert!(!why.contains("SECRET"), "{why}");
            assert!(why.starts_with("line "), "{why}");
            assert!(why.contains("expected"), "{why}");
        }
    }
}
