//! Speaker names from any source (JSON, a hand-written record) are normalised, so written WebVTT
//! and SRT always read back, with the speaker as the normalised name.

use assert_cmd::Command;
use podfeed::transcript::{self, Format, Segment, Transcript, WriteOptions, normalize_speaker};
use proptest::prelude::*;

fn one(speaker: &str, text: &str) -> Transcript {
    Transcript {
        language: None,
        segments: vec![Segment {
            start_ms: 1_000,
            end_ms: Some(3_000),
            speaker: Some(speaker.to_owned()),
            text: text.to_owned(),
        }],
    }
}

fn write_read(t: &Transcript, format: Format) -> Result<Transcript, transcript::ReadError> {
    let written = transcript::write(t, format, &WriteOptions::default());
    transcript::read(
        &format!("x.{}", format.extension()),
        written.as_bytes(),
        Some(format),
    )
}

#[test]
fn a_speaker_with_blank_lines_and_a_header_still_makes_readable_vtt() {
    let t = one("Ana\n\nWEBVTT", "Hello there.");
    let back = write_read(&t, Format::Vtt).expect("reads back");
    assert_eq!(back.segments.len(), 1);
    assert_eq!(back.segments[0].speaker.as_deref(), Some("Ana WEBVTT"));
    assert_eq!(back.segments[0].text, "Hello there.");
}

#[test]
fn an_arrow_in_a_speaker_does_not_break_srt_or_vtt() {
    let t = one("Ana --> Bo", "Hello there.");
    for format in [Format::Srt, Format::Vtt] {
        let back = write_read(&t, format).unwrap_or_else(|e| panic!("{format}: {e}"));
        assert_eq!(back.segments.len(), 1, "{format}");
        assert_eq!(
            back.segments[0].speaker.as_deref(),
            Some("Ana Bo"),
            "{format}"
        );
        assert_eq!(back.segments[0].text, "Hello there.", "{format}");
    }
    let t = one("<b>Ana</b>", "Hi.");
    let back = write_read(&t, Format::Vtt).expect("reads back");
    assert_eq!(back.segments[0].speaker.as_deref(), Some("b Ana /b"));
}

#[test]
fn speakers_read_from_json_are_normalised() {
    let json = r#"{"version":"1.0.0","segments":[{"speaker":"  Ana\n\tMaria <x> ","startTime":0,"endTime":1,"body":"Hi."},{"speaker":"<>","startTime":1,"endTime":2,"body":"Yo."}]}"#;
    let t = transcript::read("t.json", json.as_bytes(), None).expect("valid");
    assert_eq!(t.segments[0].speaker.as_deref(), Some("Ana Maria x"));
    assert_eq!(t.segments[1].speaker, None);
}

#[test]
fn the_transcript_command_writes_vtt_that_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.json");
    std::fs::write(
        &input,
        r#"{"version":"1.0.0","segments":[{"speaker":"Ana\n\nWEBVTT\n\n00:00.000 --> 00:01.000","startTime":0,"endTime":2,"body":"Hello."}]}"#,
    )
    .expect("write");
    let out = Command::cargo_bin("podfeed")
        .expect("binary")
        .args(["transcript", "--to", "vtt"])
        .arg(&input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let t = transcript::read("out.vtt", &out, Some(Format::Vtt)).expect("the output reads back");
    assert_eq!(t.segments.len(), 1);
    assert_eq!(
        t.segments[0].speaker.as_deref(),
        Some("Ana WEBVTT 00:00.000 00:01.000")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_speaker_round_trips_through_vtt_and_srt(speaker in any::<String>(), ws in "[ \n\t\r]{0,3}") {
        let speaker = format!("{ws}{speaker}{ws}");
        let t = one(&speaker, "Hello there.");
        let expected = normalize_speaker(&speaker);

        let vtt = write_read(&t, Format::Vtt);
        prop_assert!(vtt.is_ok(), "VTT does not read back: {:?}", vtt.err());
        let vtt = vtt.unwrap_or_default();
        prop_assert_eq!(vtt.segments.len(), 1);
        prop_assert_eq!(&vtt.segments[0].speaker, &expected);
        prop_assert_eq!(&vtt.segments[0].text, "Hello there.");

        let srt = write_read(&t, Format::Srt);
        prop_assert!(srt.is_ok(), "SRT does not read back: {:?}", srt.err());
        let srt = srt.unwrap_or_default();
        prop_assert_eq!(srt.segments.len(), 1);
        // SRT marks a speaker only with a `Name: ` prefix, and readers take a prefix only for
        // names that look like one (SPEC.md §3.3); those read back exactly.
        if let Some(name) = &expected {
            let line = format!("{name}: Hello");
            if transcript::speaker::speaker_label(&line) == Some((name.as_str(), "Hello")) {
                prop_assert_eq!(srt.segments[0].speaker.as_deref(), Some(name.as_str()));
                prop_assert_eq!(&srt.segments[0].text, "Hello there.");
            }
        } else {
            prop_assert_eq!(&srt.segments[0].speaker, &None);
            prop_assert_eq!(&srt.segments[0].text, "Hello there.");
        }
    }

    #[test]
    fn normalised_names_are_stable_and_safe(speaker in any::<String>()) {
        if let Some(n) = normalize_speaker(&speaker) {
            prop_assert_eq!(normalize_speaker(&n), Some(n.clone()));
            prop_assert!(!n.contains("-->") && !n.contains(['<', '>', '\n', '\r']));
            prop_assert_eq!(n.trim(), n.as_str());
        }
    }
}

fn timed(start_ms: u64, end_ms: Option<u64>, speaker: Option<&str>, text: &str) -> Segment {
    Segment {
        start_ms,
        end_ms,
        speaker: speaker.map(str::to_owned),
        text: text.to_owned(),
    }
}

#[test]
fn srt_marks_nobody_after_a_named_speaker_with_a_dash() {
    let t = Transcript {
        language: None,
        segments: vec![
            timed(0, Some(1_500), Some("Ana"), "Welcome back."),
            timed(1_500, Some(3_000), None, "Applause."),
            timed(3_000, Some(4_000), None, "More applause."),
            timed(4_000, Some(5_000), Some("Ana"), "Thanks."),
        ],
    };
    let out = transcript::write(&t, Format::Srt, &WriteOptions::default());
    let texts: Vec<&str> = out.split("\n\n").filter_map(|b| b.lines().nth(2)).collect();
    assert_eq!(
        texts,
        [
            "Ana: Welcome back.",
            "- Applause.",
            "More applause.",
            "Ana: Thanks."
        ]
    );
    assert_eq!(write_read(&t, Format::Srt).expect("reads back"), t);
}

#[test]
fn a_dash_in_the_words_is_not_taken_for_a_change_of_speaker() {
    let t = Transcript {
        language: None,
        segments: vec![
            timed(0, Some(1_500), Some("Ana"), "Welcome back."),
            timed(1_500, Some(3_000), Some("Ana"), "- as I said -"),
            timed(3_000, Some(4_000), None, "- quoted."),
        ],
    };
    let out = transcript::write(&t, Format::Srt, &WriteOptions::default());
    assert!(out.contains("Ana: - as I said -"), "{out}");
    assert!(out.contains("- - quoted."), "{out}");
    assert_eq!(write_read(&t, Format::Srt).expect("reads back"), t);
}

#[test]
fn a_change_of_speaker_starts_a_new_cue_in_spoken_paragraphs() {
    // Paragraphs known only by their start, the next speaker close behind: the cues still
    // change speaker where the paragraph does.
    let t = Transcript {
        language: None,
        segments: vec![
            timed(
                0,
                None,
                Some("Ana"),
                "So here we are again, with the same question as before.",
            ),
            timed(1_000, None, Some("Ravi"), "Yes, and the same answer."),
            timed(1_200, None, Some("Ana"), "Fine."),
        ],
    };
    for format in [Format::Vtt, Format::Srt] {
        let back = write_read(&t, format).unwrap_or_else(|e| panic!("{format}: {e}"));
        let turns: Vec<(Option<&str>, &str)> = back
            .segments
            .iter()
            .map(|s| (s.speaker.as_deref(), s.text.as_str()))
            .collect();
        assert_eq!(
            turns,
            [
                (
                    Some("Ana"),
                    "So here we are again, with the same question as before."
                ),
                (Some("Ravi"), "Yes, and the same answer."),
                (Some("Ana"), "Fine.")
            ],
            "{format}"
        );
    }
}
