//! Captions timed from speech, not from gaps (issue 18): a transcript page gives only each
//! paragraph's start, so a paragraph is spoken from there at about 15 characters a second, each
//! cue is shown 1–7 s, and a long silence after a paragraph stays silent instead of stretching
//! its last cues over minutes.

use podfeed::transcript;
use podfeed::transcript::cues::{self, CueOptions};

use super::common::fixtures::words;

/// A sentence of `n` words, ending with a full stop.
fn sentence(seed: usize, n: usize) -> String {
    const WORDS: [&str; 12] = [
        "podcast",
        "listeners",
        "hear",
        "the",
        "story",
        "of",
        "a",
        "city",
        "that",
        "never",
        "sleeps",
        "tonight",
    ];
    let words: Vec<&str> = (0..n)
        .map(|i| WORDS[(seed * 7 + i * 5) % WORDS.len()])
        .collect();
    format!("{}.", words.join(" "))
}

/// A one-hour transcript page: paragraphs 45 s apart, some followed by long silences (music,
/// an interview played elsewhere, the credits), some crowded (more text than 20 characters a
/// second can show before the next one starts).
fn one_hour_page() -> (String, Vec<u64>) {
    let mut page = String::from(
        "Night Shift - The Long Night\n\nEpisode Date: March 3, 2025\n\nA generated page.\n\nTranscript\n",
    );
    let mut starts = Vec::new();
    let mut t = 0u64;
    for p in 0..40 {
        let (text, gap) = match p % 8 {
            3 => (sentence(p, 20), 600), // a short paragraph, then ten minutes
            5 => (sentence(p, 120), 10), // crowded
            _ => (
                (0..6)
                    .map(|s| sentence(p + s, 14))
                    .collect::<Vec<_>>()
                    .join(" "),
                45,
            ),
        };
        starts.push(t * 1000);
        page.push_str(&format!(
            "Starting point is {:02}:{:02}:{:02}\n{text}\n",
            t / 3600,
            t / 60 % 60,
            t % 60
        ));
        t += gap;
    }
    (page, starts)
}

#[test]
fn cues_of_a_page_with_long_gaps_are_timed_by_speech() {
    let (page, starts) = one_hour_page();
    let t = transcript::read("night.txt", page.as_bytes(), None).expect("the page reads");
    assert_eq!(t.segments.len(), starts.len());
    for opts in [
        CueOptions::vtt(Some(3_600_000)),
        CueOptions::srt(Some(3_600_000)),
    ] {
        let built = cues::build(&t, &opts);
        // Every word, in order.
        let cue_words: Vec<String> = built
            .iter()
            .flat_map(|c| {
                c.text()
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(cue_words, words(&t));
        let mut paragraph = 0;
        let mut left = t.segments[0].text.split_whitespace().count();
        for c in &built {
            let duration = c.end_ms - c.start_ms;
            let text = c.text();
            let chars = text.chars().count() as u64;
            if text.split_whitespace().count() > 1 {
                assert!(duration <= 7_000, "{duration} ms: {text:?}");
            }
            assert!(
                chars * 1000 <= 20 * duration + 20,
                "{chars} characters in {duration} ms: {text:?}"
            );
            // No cue starts before its paragraph's timestamp.
            assert!(
                c.start_ms >= starts[paragraph],
                "{c:?} before {}",
                starts[paragraph]
            );
            left -= text.split_whitespace().count();
            if left == 0 && paragraph + 1 < t.segments.len() {
                paragraph += 1;
                left = t.segments[paragraph].text.split_whitespace().count();
            }
        }
        // A silence stays silent: no cue reaches into the ten minutes after a short paragraph.
        for (i, s) in starts.iter().enumerate().filter(|(i, _)| i % 8 == 3) {
            let next = starts.get(i + 1).copied().unwrap_or(3_600_000);
            let last_end = built
                .iter()
                .filter(|c| c.start_ms >= *s && c.start_ms < next)
                .map(|c| c.end_ms)
                .max()
                .expect("the paragraph has cues");
            assert!(last_end < s + 60_000, "cues until {last_end} after {s}");
        }
    }
}
