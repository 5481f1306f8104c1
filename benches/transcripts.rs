//! Converts a generated 3-hour transcript to every published format.
//!
//! Prints the time of each conversion as a ratio to a baseline measured in the same run (parsing
//! the input page), and the peak resident memory (VmHWM). Run: `cargo bench --bench transcripts`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use podfeed::transcript::{self, Format, WriteOptions, page};

/// Three hours, one paragraph every 40 seconds, as the transcript pages have.
const HOURS: u64 = 3;
const PARAGRAPH_SECONDS: u64 = 40;
/// Runs per measurement; the fastest is reported (the least disturbed by other work).
const RUNS: usize = 7;

const WORDS: &[&str] = &[
    "open",
    "source",
    "model",
    "developers",
    "the",
    "and",
    "a",
    "of",
    "to",
    "in",
    "is",
    "that",
    "it",
    "for",
    "companies",
    "Zuckerberg",
    "letter",
    "technology",
    "community",
    "build",
    "ecosystem",
    "training",
    "data",
    "security",
    "cloud",
    "infrastructure",
    "advantage",
    "government",
];

/// A deterministic page text (a linear congruential generator picks words and punctuation).
fn generate_page() -> String {
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    let mut out = String::from(
        "Bench Show - Three Hours of Talk\n\nEpisode Date: August 7, 2024\n\nA long one.\n\nTranscript\nDiscussion (0)\n",
    );
    let paragraphs = HOURS * 3600 / PARAGRAPH_SECONDS;
    for p in 0..paragraphs {
        let t = p * PARAGRAPH_SECONDS;
        out.push_str(&format!(
            "Starting point is {:02}:{:02}:{:02}",
            t / 3600,
            t % 3600 / 60,
            t % 60
        ));
        // About 15 characters a second of speech.
        let mut chars = 0;
        while chars < PARAGRAPH_SECONDS * 15 {
            let w = WORDS[next() % WORDS.len()];
            out.push(' ');
            out.push_str(w);
            chars += w.len() as u64 + 1;
            match next() % 12 {
                0 => out.push('.'),
                1 => out.push(','),
                _ => {}
            }
        }
        out.push('\n');
    }
    out.push_str("\nThere aren't comments yet for this episode. Click on any sentence in the transcript to leave a comment.");
    out
}

fn best_of<T>(mut f: impl FnMut() -> T) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let text = generate_page();
    let baseline = best_of(|| page::parse(&text).map(|p| p.transcript.segments.len()));
    let t = page::parse(&text)
        .expect("the generated page parses")
        .transcript;
    let opts = WriteOptions {
        duration_ms: Some(HOURS * 3_600_000),
    };
    println!(
        "input: {} paragraphs, {} KiB of page text, {HOURS} h",
        t.segments.len(),
        text.len() / 1024
    );
    println!(
        "baseline (parse the page): {:>8.3} ms",
        baseline.as_secs_f64() * 1e3
    );
    for format in Format::PUBLISHED {
        let out = transcript::write(&t, format, &opts);
        let took = best_of(|| transcript::write(&t, format, &opts).len());
        let back = best_of(|| {
            transcript::read("x", out.as_bytes(), Some(format)).map(|r| r.segments.len())
        });
        println!(
            "{:>4}: write {:>8.3} ms ({:>5.2}x baseline), {:>5} KiB; read back {:>8.3} ms ({:>5.2}x)",
            format.to_string(),
            took.as_secs_f64() * 1e3,
            took.as_secs_f64() / baseline.as_secs_f64(),
            out.len() / 1024,
            back.as_secs_f64() * 1e3,
            back.as_secs_f64() / baseline.as_secs_f64(),
        );
    }
    // Timed caption cues (the published SRT read back): each is kept as one cue (cues.rs).
    let srt = transcript::write(&t, Format::Srt, &opts);
    let cues =
        transcript::read("x.srt", srt.as_bytes(), Some(Format::Srt)).expect("our SRT reads back");
    println!(
        "input: the SRT above read back, {} timed cues",
        cues.segments.len()
    );
    for format in Format::PUBLISHED {
        let out = transcript::write(&cues, format, &opts);
        let took = best_of(|| transcript::write(&cues, format, &opts).len());
        println!(
            "{:>4}: write {:>8.3} ms ({:>5.2}x baseline), {:>5} KiB",
            format.to_string(),
            took.as_secs_f64() * 1e3,
            took.as_secs_f64() / baseline.as_secs_f64(),
            out.len() / 1024,
        );
    }
    match peak_rss_kib() {
        Some(kib) => println!("peak memory (VmHWM): {} KiB", kib),
        None => println!("peak memory: unknown (no /proc/self/status)"),
    }
}
