//! Property: caption-sized segments (timed, at most two 65-character lines) written as WebVTT,
//! SRT or JSON read back unchanged: same cues, text, speakers and times to the millisecond.
//! (Speaker names are normalised on writing, see `transcripts_speakers.rs`; these are already.)

use podfeed::transcript::{self, Format, Segment, Transcript, WriteOptions};
use proptest::prelude::*;

/// Words a reader cannot mistake for markup or a speaker prefix in `format`.
fn word(markup_chars: bool) -> impl Strategy<Value = String> {
    let tail = if markup_chars {
        "[a-z&<>'\"]{0,7}"
    } else {
        "[a-z']{0,7}"
    };
    (
        "[a-z]",
        tail,
        prop::sample::select(vec!["", "", ",", ".", "?", ":"]),
    )
        .prop_map(|(a, b, p)| format!("{a}{b}{p}"))
}

/// Segments of 1–10 words of at most 9 characters (under 112 characters with a speaker
/// prefix: one cue in every format, beyond SRT's 32-character lines), in order, with gaps and
/// exact ends.
fn segments(
    markup_chars: bool,
    speakers: Vec<Option<&'static str>>,
) -> impl Strategy<Value = Vec<Segment>> {
    prop::collection::vec(
        (
            prop::collection::vec(word(markup_chars), 1..=10),
            0u64..5_000,
            1u64..20_000,
            prop::sample::select(speakers),
        ),
        1..20,
    )
    .prop_map(|items| {
        let mut at = 0;
        items
            .into_iter()
            .map(|(words, gap, len, speaker)| {
                let start = at + gap;
                at = start + len;
                Segment {
                    start_ms: start,
                    end_ms: Some(at),
                    speaker: speaker.map(str::to_owned),
                    text: words.join(" "),
                }
            })
            .collect()
    })
}

fn round_trip(segments: Vec<Segment>, format: Format) -> Result<(), TestCaseError> {
    let t = Transcript {
        language: None,
        segments,
    };
    let out = transcript::write(&t, format, &WriteOptions::default());
    let back = transcript::read(&format!("x.{}", format.extension()), out.as_bytes(), None)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{out}")))?;
    prop_assert_eq!(back, t, "{}", out);
    Ok(())
}

proptest! {
    #[test]
    fn vtt_round_trips(segs in segments(true, vec![None, Some("Ana"), Some("Darth Vader"), Some("Q&A \"Host\" it's")])) {
        round_trip(segs, Format::Vtt)?;
    }

    #[test]
    fn json_round_trips(segs in segments(true, vec![None, Some("Ana"), Some("Q&A \"Host\" it's")])) {
        round_trip(segs, Format::Json)?;
    }

    #[test]
    fn srt_round_trips_with_speakers(segs in segments(false, vec![Some("Ana"), Some("Darth Vader"), Some("Ravi")])) {
        round_trip(segs, Format::Srt)?;
    }

    #[test]
    fn srt_round_trips_without_speakers(segs in segments(false, vec![None])) {
        round_trip(segs, Format::Srt)?;
    }

    // "Nobody" after a named speaker is marked with a dash (`cues::UNNAMED_TURN`).
    #[test]
    fn srt_round_trips_with_named_and_unnamed_speakers(segs in segments(false, vec![None, Some("Ana"), Some("Ravi")])) {
        round_trip(segs, Format::Srt)?;
    }
}
