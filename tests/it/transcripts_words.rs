//! Word-level transcripts (a segment per word, SPEC.md §3.1) written as WebVTT and SRT become
//! readable captions: words grouped into cues of at most two lines, split at speaker changes,
//! sentence ends and long pauses, each cue timed from its first word's start to its last
//! word's end; JSON keeps the words as they are, and caption files keep their cues.

use crate::common::fixtures;
use crate::common::webvtt;

use fixtures::{corpus, words};
use podfeed::transcript::{self, Format, Segment, Transcript, WriteOptions};
use webvtt::assert_strict_vtt;

/// Writes `t` as `format` and reads it back (VTT through the strict check).
fn captions(t: &Transcript, format: Format) -> Transcript {
    let out = transcript::write(t, format, &WriteOptions::default());
    match format {
        Format::Vtt => assert_strict_vtt(&out),
        _ => transcript::read(&format!("w.{}", format.extension()), out.as_bytes(), None)
            .unwrap_or_else(|e| panic!("{e}\n{out}")),
    }
}

/// Each cue covers consecutive words of `words_of`, starts at its first word's start, ends at
/// its last word's end, and has the words' speaker; every word is in one cue, in order.
fn assert_cues_are_word_groups(words_of: &Transcript, cues: &Transcript) {
    assert_eq!(words(cues), words(words_of), "every word, in order");
    let mut next = 0;
    for cue in &cues.segments {
        let n = cue.text.split_whitespace().count();
        let group = &words_of.segments[next..next + n];
        next += n;
        let (first, last) = (&group[0], &group[n - 1]);
        assert_eq!(cue.start_ms, first.start_ms, "{cue:?}");
        assert_eq!(cue.end_ms, last.end_ms, "{cue:?}");
        assert!(
            group.iter().all(|w| w.speaker == cue.speaker),
            "one speaker per cue: {cue:?}"
        );
    }
}

fn word(start_ms: u64, end_ms: u64, speaker: &str, text: &str) -> Segment {
    Segment {
        start_ms,
        end_ms: Some(end_ms),
        speaker: Some(speaker.to_owned()),
        text: text.to_owned(),
    }
}

/// Words of `text` spoken by `speaker` from `at`, 300 ms each with 50 ms between them.
fn say(at: &mut u64, speaker: &str, text: &str) -> Vec<Segment> {
    text.split(' ')
        .map(|w| {
            let s = word(*at, *at + 300, speaker, w);
            *at += 350;
            s
        })
        .collect()
}

fn texts(t: &Transcript) -> Vec<(Option<&str>, &str)> {
    t.segments
        .iter()
        .map(|s| (s.speaker.as_deref(), s.text.as_str()))
        .collect()
}

#[test]
fn corpus_word_level_json_becomes_captions_in_vtt_and_srt() {
    let Some(dir) = corpus() else { return };
    let src = std::fs::read(dir.join("podcastindex-example.json")).expect("corpus file");
    let json = transcript::read("a.json", &src, None).expect("json");
    assert!(json.segments.iter().all(|s| !s.text.contains(' ')));
    for format in [Format::Vtt, Format::Srt] {
        let cues = captions(&json, format);
        assert_cues_are_word_groups(&json, &cues);
        assert_eq!(
            texts(&cues),
            [
                (Some("Darth Vader"), "I am your father."),
                (Some("Luke"), "Nooooo")
            ],
            "{format}: {} words",
            json.segments.len()
        );
    }
    // JSON keeps the words as they are.
    let again = transcript::write(&json, Format::Json, &WriteOptions::default());
    let back = transcript::read("b.json", again.as_bytes(), None).expect("json again");
    assert_eq!(back, json);
}

#[test]
fn two_speakers_and_a_long_pause_split_the_captions() {
    let mut at = 0;
    let mut segs = say(&mut at, "Ana", "so this is how we start the show today");
    at += 2_500; // a pause of 2.55 s
    segs.extend(say(&mut at, "Ana", "and then we go on"));
    at += 200;
    segs.extend(say(&mut at, "Ravi", "thanks for having me"));
    let t = Transcript {
        language: None,
        segments: segs,
    };
    for format in [Format::Vtt, Format::Srt] {
        let cues = captions(&t, format);
        assert_cues_are_word_groups(&t, &cues);
        assert_eq!(
            texts(&cues),
            [
                (Some("Ana"), "so this is how we start the show today"),
                (Some("Ana"), "and then we go on"),
                (Some("Ravi"), "thanks for having me"),
            ],
            "{format}"
        );
    }
    // A short pause does not split: the same words without it are one cue for Ana.
    let mut at = 0;
    let mut segs = say(&mut at, "Ana", "so this is how we start");
    at += 600;
    segs.extend(say(&mut at, "Ana", "the show today"));
    let t = Transcript {
        language: None,
        segments: segs,
    };
    let cues = captions(&t, Format::Vtt);
    assert_eq!(
        texts(&cues),
        [(Some("Ana"), "so this is how we start the show today")]
    );
}

#[test]
fn long_word_level_speech_fills_cues_within_the_line_limits() {
    let sentence = "we talk about feeds and the tags that players read when they load an episode, \
                    and why a transcript helps everyone who listens.";
    let mut at = 0;
    let mut segs = Vec::new();
    for _ in 0..6 {
        segs.extend(say(&mut at, "Ana", sentence));
    }
    let t = Transcript {
        language: None,
        segments: segs,
    };
    for (format, limit) in [(Format::Vtt, 65), (Format::Srt, 32)] {
        let out = transcript::write(&t, format, &WriteOptions::default());
        let cues = captions(&t, format);
        assert_cues_are_word_groups(&t, &cues);
        assert!(
            cues.segments.len() * 4 < t.segments.len(),
            "{format}: {} cues for {} words",
            cues.segments.len(),
            t.segments.len()
        );
        for c in &cues.segments {
            assert!(c.end_ms.unwrap_or(0) - c.start_ms <= 7_000, "{c:?}");
        }
        // Every text line within the limit, at most two lines a cue.
        for block in out.split("\n\n").filter(|b| b.contains("-->")) {
            let lines: Vec<&str> = block
                .lines()
                .skip_while(|l| !l.contains("-->"))
                .skip(1)
                .collect();
            assert!(lines.len() <= 2, "{block}");
            for l in lines {
                let l = l.strip_prefix("<v Ana>").unwrap_or(l);
                assert!(l.chars().count() <= limit, "{format}: {l:?}");
            }
        }
        // Sentence ends close a cue.
        assert!(
            cues.segments
                .iter()
                .filter(|c| c.text.ends_with("listens."))
                .count()
                == 6,
            "{format}"
        );
    }
}

#[test]
fn slow_one_word_captions_stay_one_cue_each() {
    // One word a cue, but each shown for two seconds: captions, not word timing.
    let t = Transcript {
        language: None,
        segments: ["Yes.", "No.", "Maybe.", "Never.", "Always."]
            .iter()
            .enumerate()
            .map(|(i, w)| word(i as u64 * 2_000, i as u64 * 2_000 + 1_900, "Ana", w))
            .collect(),
    };
    for format in [Format::Vtt, Format::Srt] {
        assert_eq!(captions(&t, format), t, "{format}");
    }
    // Phrases of a few words, even short ones, are captions too.
    let t = Transcript {
        language: None,
        segments: ["Yes it is.", "No.", "Maybe not.", "Never again.", "Always."]
            .iter()
            .enumerate()
            .map(|(i, w)| word(i as u64 * 700, i as u64 * 700 + 600, "Ana", w))
            .collect(),
    };
    assert_eq!(captions(&t, Format::Vtt), t);
}

#[test]
fn whisper_word_timestamps_put_cue_boundaries_on_word_times() {
    let src = std::fs::read(fixtures::fixture("whisper-words.json")).expect("fixture");
    let t = transcript::read("w.json", &src, None).expect("whisper json");
    assert_eq!(t.segments.len(), 59, "one segment per word");
    assert_eq!(
        (t.segments[0].start_ms, t.segments[0].end_ms),
        (500, Some(820))
    );
    for format in [Format::Vtt, Format::Srt] {
        let cues = captions(&t, format);
        assert_cues_are_word_groups(&t, &cues);
        for c in &cues.segments {
            assert!(c.end_ms.unwrap_or(0) - c.start_ms <= 7_000, "{c:?}");
        }
        // The pause of 3 s before "Today" ends a cue; sentence ends end cues.
        assert!(
            cues.segments
                .iter()
                .any(|c| c.text == "Today we look at captions."),
            "{format}: {cues:?}"
        );
        // A half-minute segment is cut where its speech pauses (19.61 s to 22.11 s), not
        // spread over the pause by text length.
        let ends: Vec<u64> = cues.segments.iter().filter_map(|c| c.end_ms).collect();
        let starts: Vec<u64> = cues.segments.iter().map(|c| c.start_ms).collect();
        assert!(
            ends.contains(&19_610) && starts.contains(&22_110),
            "{format}: {cues:?}"
        );
    }
}

#[test]
fn whisper_words_written_as_prose_are_phrases_not_a_word_a_line() {
    let src = std::fs::read(fixtures::fixture("whisper-words.json")).expect("fixture");
    let t = transcript::read("w.json", &src, None).expect("whisper json");
    let txt = transcript::write(&t, Format::Text, &WriteOptions::default());
    let paras: Vec<&str> = txt.split("\n\n").map(str::trim).collect();
    assert_eq!(
        paras.get(..3).unwrap_or_default(),
        [
            "Welcome back to the show, where we talk about podcast feeds and the tags that players read.",
            "Today we look at captions.",
            "Word timestamps help."
        ]
    );
    assert!(paras.len() <= 6, "{txt}");
    let back = transcript::read("w.txt", txt.as_bytes(), None).expect("text");
    assert_eq!(words(&back), words(&t), "every word, in order");
    let html = transcript::write(&t, Format::Html, &WriteOptions::default());
    assert_eq!(html.matches("<p>").count(), 6, "{html}");
    assert!(
        html.starts_with("<time>0:00</time>\n<p>Welcome back"),
        "{html}"
    );
    let back = transcript::read("w.html", html.as_bytes(), None).expect("html");
    assert_eq!(words(&back), words(&t), "every word, in order");
}
