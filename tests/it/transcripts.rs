//! Transcript readers and writers on real files and fixtures: every reader, malformed input
//! with its line, captions that a strict WebVTT check and other parsers accept (both the
//! converter's output and what `podfeed build` publishes for the shipped example), round trips
//! that keep every cue, and conversions that lose no word.

use crate::common::fixtures;
use crate::common::site;
use crate::common::webvtt;

use std::path::PathBuf;

use fixtures::{corpus, fixture, words};
use podfeed::transcript::{self, Format, ReadError, Segment, Transcript, WriteOptions, page};
use webvtt::{assert_strict_vtt, check_webvtt};

fn read_fixture(name: &str) -> Result<Transcript, ReadError> {
    let bytes = std::fs::read(fixture(name)).expect("fixture exists");
    transcript::read(name, &bytes, None)
}

const PAGE: &str = "page-should-ai-be-open-source.txt";

fn page_transcript() -> Transcript {
    read_fixture(PAGE).expect("the example page reads")
}

// ---------------------------------------------------------------- the page

#[test]
fn example_page_parses_title_date_and_nine_paragraphs() {
    let text = std::fs::read_to_string(fixture(PAGE)).expect("fixture");
    let p = page::parse(&text).expect("valid page");
    assert_eq!(p.show.as_deref(), Some("The Good Tech Companies"));
    assert_eq!(
        p.title,
        "Should AI be Open-source? Mark Zuckerberg\u{2019}s Open Letter Explained"
    );
    assert_eq!(p.date.to_string(), "2024-08-07");
    assert!(
        p.description
            .starts_with("This story was originally published on HackerNoon")
    );
    let starts: Vec<u64> = p
        .transcript
        .segments
        .iter()
        .map(|s| s.start_ms / 1000)
        .collect();
    assert_eq!(starts, [0, 42, 85, 153, 204, 255, 300, 350, 395]);
    assert!(
        p.transcript.segments[1]
            .text
            .starts_with("and was more affordable.")
    );
    let last = p.transcript.segments.last().expect("segments");
    assert!(
        last.text
            .ends_with("Visit HackerNoon.com to read, write, learn and publish."),
        "{}",
        last.text
    );
    assert!(
        !words(&p.transcript).iter().any(|w| w == "comments"),
        "the comment box is not speech"
    );
}

#[test]
fn example_page_keeps_every_word_of_every_paragraph() {
    // Independent of the parser: the words after "Starting point is HH:MM:SS" on each line.
    let text = std::fs::read_to_string(fixture(PAGE)).expect("fixture");
    let expected: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with("Starting point is "))
        .flat_map(|l| {
            l.split_whitespace()
                .skip(4)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(words(&page_transcript()), expected);
}

#[test]
fn page_with_hours_crlf_and_text_on_next_lines() {
    let p = page::parse(&std::fs::read_to_string(fixture("page-hours-crlf.txt")).expect("fixture"))
        .expect("valid");
    assert_eq!(p.title, "Part 2: The Return");
    assert_eq!(
        p.description,
        "Two hours of talk.\nSecond line of the description."
    );
    let got: Vec<(u64, &str)> = p
        .transcript
        .segments
        .iter()
        .map(|s| (s.start_ms, s.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (0, "Welcome to the show. We begin"),
            (
                3_598_000,
                "in the middle of a sentence, which continues here."
            ),
            (3_723_000, "And the end.")
        ]
    );
}

// ---------------------------------------------------------------- readers on fixtures

/// Each segment of `t` as (start, end, speaker, text), the way the reader tests compare them.
fn cues(t: &Transcript) -> Vec<(u64, Option<u64>, Option<&str>, &str)> {
    t.segments
        .iter()
        .map(|s| (s.start_ms, s.end_ms, s.speaker.as_deref(), s.text.as_str()))
        .collect()
}

#[test]
fn vtt_fixture_reads_ids_voices_and_entities() {
    let t = read_fixture("voices.vtt").expect("valid");
    let got = cues(&t);
    assert_eq!(
        got,
        [
            (
                0,
                Some(2_400),
                Some("Ana"),
                "Welcome back to Q&A, the show about feeds."
            ),
            (2_400, Some(4_100), Some("Ana"), "Today: feed validation."),
            (4_300, Some(5_000), Some("Ravi Shah"), "Thanks <3"),
            (3_600_000, Some(3_601_500), None, "No voice here."),
        ]
    );
}

#[test]
fn srt_fixture_reads_speaker_prefixes() {
    let t = read_fixture("speakers.srt").expect("valid");
    let got: Vec<(Option<&str>, &str)> = t
        .segments
        .iter()
        .map(|s| (s.speaker.as_deref(), s.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("Ana"), "Welcome back to the show."),
            (Some("Ana"), "Today we talk feeds."),
            (Some("Ravi Shah"), "Thanks")
        ]
    );
}

#[test]
fn whisper_fixture_is_detected_and_read() {
    let t = read_fixture("whisper.json").expect("valid");
    assert_eq!(t.language.as_deref(), Some("en"));
    assert_eq!(
        t.segments[1],
        Segment {
            start_ms: 1_520,
            end_ms: Some(3_000),
            speaker: None,
            text: "General Kenobi.".into()
        }
    );
}

#[test]
fn html_fixture_reads_speakers_times_and_entities() {
    let t = read_fixture("speakers.html").expect("valid");
    let got = cues(&t);
    assert_eq!(
        got,
        [
            (
                0,
                None,
                Some("Ana"),
                "Welcome back to the show. Today we talk about feed validation & transcripts, and why every app reads them differently."
            ),
            (
                67_000,
                None,
                Some("Ravi Shah"),
                "Thanks for having me. It's good to be back."
            ),
            (
                3_690_000,
                None,
                Some("Ravi Shah"),
                "An hour later, and still Ravi."
            ),
        ]
    );
}

#[test]
fn podcast_index_json_fixture_reads_speakers_and_optional_ends() {
    let t = read_fixture("speakers.json").expect("valid");
    let got = cues(&t);
    assert_eq!(
        got,
        [
            (0, Some(2_400), Some("Ana"), "Welcome back to the show."),
            (2_400, Some(4_100), Some("Ana"), "Today: feed validation."),
            (4_300, Some(5_000), Some("Ravi"), "Thanks"),
            (5_250, None, None, "No speaker, no end."),
        ]
    );
}

#[test]
fn plain_text_fixture_is_one_untimed_segment_per_paragraph() {
    let t = read_fixture("plain.txt").expect("valid");
    let texts: Vec<&str> = t.segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Welcome back to the show. Today we talk about feeds.",
            "Thanks for having me."
        ]
    );
    assert!(
        t.segments
            .iter()
            .all(|s| s.end_ms.is_none() && s.speaker.is_none())
    );
}

#[test]
fn malformed_fixtures_report_their_line() {
    let cases: &[(&str, usize, &str)] = &[
        ("bad-timestamp.vtt", 9, "end time"),
        ("backwards.vtt", 6, "backwards"),
        ("end-before-start.srt", 6, "before the start"),
        ("not-utf8.srt", 7, "UTF-8"),
        ("end-before-start.json", 5, "before the start"),
        ("bad-start.json", 4, "startTime"),
        ("page-backwards.txt", 9, "backwards"),
        ("bad-time.html", 5, "M:SS"),
    ];
    for (name, line, what) in cases {
        let e = read_fixture(name).expect_err(name);
        assert_eq!(e.line, *line, "{name}: {e}");
        assert!(e.to_string().contains(what), "{name}: {e}");
    }
}

#[test]
fn not_utf8_names_the_column_too() {
    let e = read_fixture("not-utf8.srt").expect_err("bad bytes");
    assert_eq!(e.column, Some(4), "{e}");
}

#[test]
fn a_wrong_guess_is_an_error_not_garbage() {
    let srt = std::fs::read(fixture("speakers.srt")).expect("fixture");
    let e = transcript::read("speakers.vtt", &srt, None).expect_err("SRT named .vtt");
    assert_eq!(e.line, 1);
    let vtt = std::fs::read(fixture("voices.vtt")).expect("fixture");
    assert!(transcript::read("x.json", &vtt, None).is_err());
    assert!(transcript::read("x", &vtt, Some(Format::Srt)).is_err());
    assert!(transcript::read("x.html", &vtt, None).is_err());
    // A JSON document that is not a transcript.
    assert!(transcript::read("x.json", br#"{"chapters": []}"#, None).is_err());
}

#[test]
fn content_decides_when_the_name_does_not() {
    let vtt = std::fs::read(fixture("voices.vtt")).expect("fixture");
    assert_eq!(
        transcript::read("captions", &vtt, None)
            .expect("vtt")
            .segments
            .len(),
        4
    );
    let srt = std::fs::read(fixture("speakers.srt")).expect("fixture");
    assert_eq!(
        transcript::read("captions", &srt, None)
            .expect("srt")
            .segments
            .len(),
        3
    );
    let page = std::fs::read(fixture(PAGE)).expect("fixture");
    assert_eq!(
        transcript::read("page.txt", &page, None)
            .expect("page")
            .segments
            .len(),
        9
    );
    let plain = transcript::read("notes.txt", b"Just words.\n\nMore words.\n", None).expect("text");
    assert_eq!(plain.segments.len(), 2);
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let big = vec![b'a'; transcript::MAX_INPUT_BYTES + 1];
    let e = transcript::read("big.txt", &big, None).expect_err("too big");
    assert!(e.message.contains("50 MB"), "{e}");
}

// ---------------------------------------------------------------- corpus

#[test]
fn corpus_files_read() {
    let Some(dir) = corpus() else { return };
    let read = |name: &str| {
        let bytes = std::fs::read(dir.join(name)).expect("corpus file");
        transcript::read(name, &bytes, None).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let vtt = read("podcastindex-example.vtt");
    assert_eq!(vtt.segments[0].speaker.as_deref(), Some("Sarah"));
    assert_eq!(
        vtt.segments[0].text,
        "In today's episode, you'll learn whether or not you"
    );
    assert_eq!(
        vtt.segments[2].text,
        "include in one? Welcome to Podcasting Q&A, where you learn"
    );
    assert!(
        vtt.segments
            .iter()
            .any(|s| s.speaker.as_deref() == Some("Gillian"))
    );

    let srt = read("podcastindex-example.srt");
    assert_eq!(
        (srt.segments[0].start_ms, srt.segments[0].end_ms),
        (179, Some(2_399))
    );
    assert_eq!(srt.segments[0].speaker.as_deref(), Some("Travis"));
    let speakers: std::collections::BTreeSet<_> = srt
        .segments
        .iter()
        .filter_map(|s| s.speaker.as_deref())
        .collect();
    assert_eq!(
        speakers.into_iter().collect::<Vec<_>>(),
        ["Gilon", "Sarah", "Travis"]
    );

    let json = read("podcastindex-example.json");
    let texts: Vec<&str> = json.segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["I", "am", "your", "father.", "Nooooo"]);
    assert_eq!(json.segments[4].speaker.as_deref(), Some("Luke"));

    let html = read("podcastindex-example.html");
    assert_eq!(html.segments[0].speaker.as_deref(), Some("Travis"));
    assert!(
        html.segments[0]
            .text
            .contains("it's almost guaranteed that you're going")
    );
    // The HTML and the SRT are the same episode: the HTML has the same words.
    let norm = |t: &Transcript| words(t).join(" ").replace(" ,", ",");
    assert!(norm(&html).starts_with(&norm(&srt)[..200]));
}

#[test]
fn corpus_vtt_to_json_to_vtt_keeps_every_cue() {
    let Some(dir) = corpus() else { return };
    let src = std::fs::read(dir.join("podcastindex-example.vtt")).expect("corpus file");
    let original = transcript::read("a.vtt", &src, None).expect("vtt");
    let json = transcript::write(&original, Format::Json, &WriteOptions::default());
    let via_json = transcript::read("a.json", json.as_bytes(), None).expect("json");
    let vtt = transcript::write(&via_json, Format::Vtt, &WriteOptions::default());
    let back = transcript::read("b.vtt", vtt.as_bytes(), None).expect("vtt again");
    assert_eq!(back, original);
}

/// SRT → VTT → SRT: every cue comes back with the same text, speaker and times (to the ms),
/// and each step reads back equal to the source (`cues.rs`: a timed caption stays one cue).
fn assert_srt_vtt_srt_exact(name: &str, src: &[u8]) {
    let original = transcript::read("a.srt", src, None).unwrap_or_else(|e| panic!("{name}: {e}"));
    let vtt = transcript::write(&original, Format::Vtt, &WriteOptions::default());
    assert_eq!(check_webvtt(&vtt), Vec::<String>::new(), "{name}");
    let via_vtt = transcript::read("a.vtt", vtt.as_bytes(), None).expect("vtt");
    assert_eq!(via_vtt, original, "{name}: SRT -> VTT");
    let srt = transcript::write(&via_vtt, Format::Srt, &WriteOptions::default());
    let back = transcript::read("b.srt", srt.as_bytes(), None).expect("srt again");
    assert_eq!(
        back.segments.len(),
        original.segments.len(),
        "{name}: cue count"
    );
    for (b, o) in back.segments.iter().zip(&original.segments) {
        assert_eq!(b, o, "{name}");
    }
    // srtlib, as a second opinion, sees the same cue numbers and times.
    let subs = srtlib::Subtitles::parse_from_str(srt.clone())
        .expect("srtlib accepts our SRT")
        .to_vec();
    let ms = |t: &srtlib::Timestamp| {
        let (h, m, s, ms) = t.get();
        ((u64::from(h) * 60 + u64::from(m)) * 60 + u64::from(s)) * 1000 + u64::from(ms)
    };
    assert_eq!(subs.len(), original.segments.len(), "{name}");
    for (i, (sub, seg)) in subs.iter().zip(&original.segments).enumerate() {
        assert_eq!(sub.num, i + 1);
        assert_eq!(
            (ms(&sub.start_time), Some(ms(&sub.end_time))),
            (seg.start_ms, seg.end_ms)
        );
    }
}

#[test]
fn corpus_srt_to_vtt_to_srt_keeps_every_cue() {
    let Some(dir) = corpus() else { return };
    let src = std::fs::read(dir.join("podcastindex-example.srt")).expect("corpus file");
    // The corpus file has lines over 32 characters; its cues still come back whole.
    let text = String::from_utf8_lossy(&src);
    assert!(text.lines().any(|l| l.chars().count() > 32));
    assert_srt_vtt_srt_exact("podcastindex-example.srt", &src);
}

#[test]
fn fixture_srt_to_vtt_to_srt_keeps_every_cue() {
    for name in ["long-lines.srt", "speakers.srt"] {
        let src = std::fs::read(fixture(name)).expect("fixture");
        assert_srt_vtt_srt_exact(name, &src);
    }
    // The speaker who says "Note: …" is still the speaker, not "Note".
    let t = read_fixture("long-lines.srt").expect("valid");
    assert_eq!(t.segments[3].speaker.as_deref(), Some("Sarah"));
    assert_eq!(
        t.segments[3].text,
        "Note: it reads like a label but Sarah is the speaker."
    );
    assert_eq!(t.segments[5].speaker.as_deref(), Some("Gillian"));
}

#[test]
fn fixture_vtt_to_json_to_vtt_keeps_every_cue() {
    let original = read_fixture("voices.vtt").expect("valid");
    let json = transcript::write(&original, Format::Json, &WriteOptions::default());
    let via_json = transcript::read("a.json", json.as_bytes(), None).expect("json");
    let vtt = transcript::write(&via_json, Format::Vtt, &WriteOptions::default());
    assert_eq!(check_webvtt(&vtt), Vec::<String>::new());
    let back = transcript::read("b.vtt", vtt.as_bytes(), None).expect("vtt again");
    assert_eq!(back, original);
}

// ---------------------------------------------------------------- writers

#[test]
fn vtt_from_the_page_passes_a_strict_check_and_another_parser() {
    let t = page_transcript();
    let vtt = transcript::write(
        &t,
        Format::Vtt,
        &WriteOptions {
            duration_ms: Some(440_000),
        },
    );
    let ours = assert_strict_vtt(&vtt);
    // Within the episode's 440 s; the last paragraph is spoken from its start, then silence.
    let last_end = ours.segments.last().and_then(|s| s.end_ms).expect("an end");
    assert!(last_end <= 440_000, "{last_end}");
}

#[test]
fn the_checker_catches_what_it_should() {
    assert!(!check_webvtt("WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nx\n").is_empty());
    assert!(!check_webvtt("WEBVTT\n\n00:00:00,000 --> 00:00:01,000\nx\n").is_empty());
    assert!(!check_webvtt("WEBVTT\n\n0:00:00.000 --> 00:00:01.000\nx\n").is_empty());
    assert!(
        !check_webvtt("WEBVTT\n\n00:05.000 --> 00:06.000\nx\n\n00:01.000 --> 00:02.000\ny\n")
            .is_empty()
    );
    assert!(!check_webvtt("00:00.000 --> 00:01.000\nx\n").is_empty());
    assert!(check_webvtt("WEBVTT\n\n00:00.000 --> 00:01.000\nx\n").is_empty());
}

/// Lines of every cue (payload lines of SRT or WebVTT blocks, markup removed).
fn cue_lines(text: &str, skip_header: bool) -> Vec<Vec<String>> {
    text.split("\n\n")
        .skip(usize::from(skip_header))
        .filter(|b| !b.trim().is_empty())
        .map(|b| {
            let lines: Vec<&str> = b.lines().collect();
            let at = lines
                .iter()
                .position(|l| l.contains("-->"))
                .map_or(0, |p| p + 1);
            lines[at..]
                .iter()
                .map(|l| {
                    l.strip_prefix('<')
                        .and_then(|r| r.split_once('>'))
                        .map_or(*l, |(_, r)| r)
                        .replace("&amp;", "&")
                })
                .collect()
        })
        .collect()
}

/// Every cue of `text` has one or two lines of at most `max` characters (a line may be longer
/// only when it is one word).
fn assert_cues_fit(text: &str, skip_header: bool, max: usize) {
    for lines in cue_lines(text, skip_header) {
        assert!((1..=2).contains(&lines.len()), "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() <= max || !l.contains(' '))
        );
    }
}

#[test]
fn caption_lines_respect_the_limits_where_words_allow() {
    let t = page_transcript();
    for (format, max) in [(Format::Srt, 32), (Format::Vtt, 65)] {
        let out = transcript::write(&t, format, &WriteOptions::default());
        let cues = cue_lines(&out, format == Format::Vtt);
        assert!(cues.len() > 9, "{format}: the long paragraphs are cut");
        for lines in &cues {
            assert!((1..=2).contains(&lines.len()), "{format}: {lines:?}");
            for l in lines {
                let n = l.chars().count();
                assert!(n <= max || !l.contains(' '), "{format}: {n} chars: {l:?}");
            }
        }
    }
}

#[test]
fn srt_from_the_page_parses_with_srtlib() {
    let srt = transcript::write(&page_transcript(), Format::Srt, &WriteOptions::default());
    let subs = srtlib::Subtitles::parse_from_str(srt.clone())
        .expect("srtlib accepts our SRT")
        .to_vec();
    let ours = transcript::read("p.srt", srt.as_bytes(), None).expect("we read it back");
    assert_eq!(subs.len(), ours.segments.len());
    for (i, (sub, seg)) in subs.iter().zip(&ours.segments).enumerate() {
        assert_eq!(sub.num, i + 1);
        let (h, m, s, ms) = sub.start_time.get();
        let start = ((u64::from(h) * 60 + u64::from(m)) * 60 + u64::from(s)) * 1000 + u64::from(ms);
        assert_eq!(start, seg.start_ms);
        assert!(sub.end_time > sub.start_time);
    }
}

#[test]
fn the_page_in_every_format_and_back_to_json_loses_no_word() {
    let t = page_transcript();
    let expected = words(&t);
    for format in Format::PUBLISHED {
        let out = transcript::write(&t, format, &WriteOptions::default());
        let back = transcript::read(
            &format!("x.{}", format.extension()),
            out.as_bytes(),
            Some(format),
        )
        .unwrap_or_else(|e| panic!("{format}: {e}"));
        assert_eq!(words(&back), expected, "{format}");
        // And on to Podcast Index JSON, the form apps index.
        let json = transcript::write(&back, Format::Json, &WriteOptions::default());
        let from_json = transcript::read("x.json", json.as_bytes(), Some(Format::Json))
            .unwrap_or_else(|e| panic!("{format} -> json: {e}"));
        assert_eq!(words(&from_json), expected, "{format} -> json");
    }
}

// ---------------------------------------------------------------- what `podfeed build` publishes

/// Builds a copy of the shipped example site and returns it with the published transcripts'
/// folder.
fn built_example() -> (tempfile::TempDir, PathBuf) {
    let site = site::example_site();
    site::podfeed(site.path()).arg("build").assert().success();
    let dir = site.path().join("public/good-tech-companies/transcripts");
    (site, dir)
}

const EXAMPLE_SLUG: &str = site::EPISODE;
/// The example episode's `duration = "7:05"`.
const EXAMPLE_DURATION_MS: u64 = 425_000;

#[test]
fn the_published_example_vtt_passes_the_strict_check_and_webvtt_parser() {
    let (_site, dir) = built_example();
    let vtt = std::fs::read_to_string(dir.join(format!("{EXAMPLE_SLUG}.vtt"))).expect("published");
    let ours = assert_strict_vtt(&vtt);
    assert_eq!(words(&ours), words(&page_transcript()));
    assert_eq!(
        ours.segments.last().and_then(|s| s.end_ms),
        Some(EXAMPLE_DURATION_MS)
    );
    assert_cues_fit(&vtt, true, 65);
}

#[test]
fn the_published_example_srt_passes_srtlib_and_our_reader() {
    let (_site, dir) = built_example();
    let srt = std::fs::read_to_string(dir.join(format!("{EXAMPLE_SLUG}.srt"))).expect("published");
    let subs = srtlib::Subtitles::parse_from_str(srt.clone())
        .expect("srtlib accepts the published file")
        .to_vec();
    let ours = transcript::read("p.srt", srt.as_bytes(), None).expect("we read it back");
    assert_eq!(subs.len(), ours.segments.len());
    let ms = |t: &srtlib::Timestamp| {
        let (h, m, s, ms) = t.get();
        ((u64::from(h) * 60 + u64::from(m)) * 60 + u64::from(s)) * 1000 + u64::from(ms)
    };
    let mut last_end = 0;
    for (i, (sub, seg)) in subs.iter().zip(&ours.segments).enumerate() {
        assert_eq!(sub.num, i + 1, "numbered from 1 without gaps");
        assert_eq!(
            (ms(&sub.start_time), Some(ms(&sub.end_time))),
            (seg.start_ms, seg.end_ms)
        );
        assert!(ms(&sub.end_time) > ms(&sub.start_time));
        assert!(ms(&sub.start_time) >= last_end, "cues overlap at {}", i + 1);
        last_end = ms(&sub.end_time);
    }
    assert_eq!(last_end, EXAMPLE_DURATION_MS);
    assert_eq!(words(&ours), words(&page_transcript()));
    // Page paragraphs have no end times: they are cut to SRT's 2 × 32 (SPEC.md §3.3).
    assert_cues_fit(&srt, false, 32);
}

#[test]
fn the_published_example_json_html_and_text_keep_every_word() {
    let (_site, dir) = built_example();
    for format in [Format::Json, Format::Html, Format::Text] {
        let name = format!("{EXAMPLE_SLUG}.{}", format.extension());
        let bytes = std::fs::read(dir.join(&name)).expect("published");
        let t =
            transcript::read(&name, &bytes, Some(format)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(words(&t), words(&page_transcript()), "{name}");
    }
}

#[test]
fn cues_never_overlap_and_cover_each_paragraph() {
    let t = page_transcript();
    let srt = transcript::write(
        &t,
        Format::Srt,
        &WriteOptions {
            duration_ms: Some(440_000),
        },
    );
    let cues = transcript::read("p.srt", srt.as_bytes(), None)
        .expect("srt")
        .segments;
    for w in cues.windows(2) {
        assert!(w[0].end_ms <= Some(w[1].start_ms), "{w:?}");
    }
    // Every paragraph's start is a cue start. A paragraph is spoken from its start (issue 18):
    // the last one's cues end within the episode, then there is silence, not a stretched cue.
    for p in &t.segments {
        assert!(
            cues.iter().any(|c| c.start_ms == p.start_ms),
            "no cue starts at {}",
            p.start_ms
        );
    }
    let last_end = cues.last().and_then(|c| c.end_ms).expect("an end");
    let last_start = t.segments.last().map(|s| s.start_ms).expect("a paragraph");
    assert!(last_start < last_end && last_end <= 440_000, "{last_end}");
}

#[test]
fn html_and_json_carry_speakers() {
    let t = read_fixture("voices.vtt").expect("valid");
    let html = transcript::write(&t, Format::Html, &WriteOptions::default());
    assert!(html.starts_with("<cite>Ana:</cite>\n<time>0:00</time>\n<p>Welcome back to Q&amp;A, the show about feeds. Today: feed validation.</p>\n<cite>Ravi Shah:</cite>\n<time>0:04</time>"), "{html}");
    assert!(html.contains("<time>1:00:00</time>"));
    let json: serde_json::Value = serde_json::from_str(&transcript::write(
        &t,
        Format::Json,
        &WriteOptions::default(),
    ))
    .expect("json");
    assert_eq!(json["version"], "1.0.0");
    assert_eq!(json["segments"][2]["speaker"], "Ravi Shah");
    assert_eq!(json["segments"][2]["startTime"], 4.3);
    assert!(json["segments"][3].get("speaker").is_none());
    let srt = transcript::write(&t, Format::Srt, &WriteOptions::default());
    assert!(
        srt.starts_with(
            "1\n00:00:00,000 --> 00:00:02,400\nAna: Welcome back to Q&A,\nthe show about feeds.\n"
        ),
        "{srt}"
    );
    // "Today: …" would read as a speaker called Today: the writer names the real one.
    assert!(srt.contains("\nAna: Today: feed validation.\n"), "{srt}");
}
