//! Validation throughput: `rules::validate_bytes` with every profile on a generated
//! 10,000-episode feed (about 16 MB), against a bare quick-xml event scan of the same bytes in
//! the same run, plus peak memory (VmHWM). Run with `cargo bench --bench validate`.
//!
//! The same feed imported as records (`podfeed::import::import`, issue 13: target under 2 s,
//! memory a small multiple of the feed): `PODFEED_BENCH_ONLY=import cargo bench --bench validate`
//! runs that case alone, so VmHWM is the import's own peak; `PODFEED_BENCH_ONLY=validate` runs
//! validation alone (for a profiler), and `PODFEED_BENCH_FEED=PATH` also writes the feed there
//! (`PODFEED_BENCH_ONLY=write`: that and nothing else). One run on a shared 2-core machine:
//! 10,000 records from the 18.8 MB feed in 248 ms (best of 3), VmHWM 159 MB (21 MB before the
//! import: the feed's bytes, its decoded text and element tree, and the records' text).

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use podfeed::rules::{Profiles, validate_bytes};
use quick_xml::Reader;
use quick_xml::events::Event;

/// Episodes in the generated feed; `PODFEED_BENCH_EPISODES` sets another number (a small feed
/// for `valgrind --tool=callgrind`, whose instruction counts do not depend on the machine's load).
fn episodes() -> usize {
    std::env::var("PODFEED_BENCH_EPISODES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000)
}
const RUNS: usize = 3;

/// A deterministic feed: episode n has HTML show notes with & < > and non-ASCII text, an
/// enclosure, guid, pubDate, itunes tags and 2–5 transcripts.
fn feed() -> String {
    let mut s = String::with_capacity(17 << 20);
    s.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Bench Notes</title>
    <link>https://example.org/show/</link>
    <description>A show about podcast feeds.</description>
    <language>en</language>
    <atom:link href="https://example.org/show/feed.xml" rel="self" type="application/rss+xml"/>
    <itunes:image href="https://example.org/show/art.jpg"/>
    <itunes:category text="Technology"/>
    <itunes:explicit>false</itunes:explicit>
    <itunes:author>Ana Example</itunes:author>
    <itunes:owner><itunes:name>Ana Example</itunes:name><itunes:email>ana@example.org</itunes:email></itunes:owner>
    <podcast:guid>0495cb90-b9d0-50ba-b94b-a40da5f73898</podcast:guid>
"#);
    let base = Utc
        .with_ymd_and_hms(2015, 1, 6, 9, 0, 0)
        .single()
        .expect("valid date");
    let formats = [
        ("vtt", "text/vtt"),
        ("srt", "application/x-subrip"),
        ("json", "application/json"),
        ("html", "text/html"),
        ("txt", "text/plain"),
    ];
    for n in 1..=episodes() {
        // Half an hour apart: 100,000 episodes end in 2020, none in the future.
        let date = (base + chrono::Duration::minutes(30 * n as i64)).to_rfc2822();
        let date = date.replace("+0000", "GMT");
        s.push_str(&format!(
            "    <item>\n      <title>Episode {n}: Crème brûlée &amp; the naïve café</title>\n      <description><![CDATA[<p>In episode {n} we talk about A & B, 3 < 4 and 5 > 2 — with Zoë, Łukasz and 李雷.</p>"
        ));
        for p in 0..7 {
            s.push_str(&format!(
                "<p>Paragraph {p}: <a href=\"https://example.org/show/{n}/{p}\">notes &amp; links</a>, naïve façade, Straße, ½ & ¾ &lt;tags&gt;.</p>"
            ));
        }
        s.push_str(&format!(
            "]]></description>\n      <enclosure url=\"https://example.org/show/ep{n}.mp3\" length=\"{}\" type=\"audio/mpeg\"/>\n      <guid isPermaLink=\"false\">bench-notes-episode-{n}</guid>\n      <pubDate>{date}</pubDate>\n      <itunes:duration>{}</itunes:duration>\n      <itunes:episode>{n}</itunes:episode>\n      <itunes:episodeType>full</itunes:episodeType>\n      <itunes:explicit>false</itunes:explicit>\n",
            10_000_000 + n * 7,
            600 + n % 3000
        ));
        for (ext, ty) in formats.iter().take(2 + n % 4) {
            s.push_str(&format!(
                "      <podcast:transcript url=\"https://example.org/show/ep{n}.{ext}\" type=\"{ty}\"/>\n"
            ));
        }
        s.push_str("    </item>\n");
    }
    s.push_str("  </channel>\n</rss>\n");
    s
}

fn scan(bytes: &[u8]) -> usize {
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut events = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => events += 1,
        }
        buf.clear();
    }
    events
}

fn best(mut f: impl FnMut()) -> Duration {
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn vm_hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// Imports the feed as records, timed (best of [`RUNS`]).
fn bench_import(bytes: &[u8], mb: f64) {
    let source = podfeed::import::Source {
        name: "bench.xml",
        url: None,
    };
    let limits = podfeed::feed::Limits::default();
    let mut episodes = 0;
    let t = best(|| {
        let got = podfeed::import::import(black_box(bytes), source, limits).expect("imports");
        episodes = black_box(got.episodes.len());
    });
    println!(
        "import as records: {:>8.1} ms  {:>7.1} MB/s  ({episodes} records); peak memory (VmHWM): {}",
        t.as_secs_f64() * 1e3,
        mb / t.as_secs_f64(),
        vm_hwm()
    );
}

fn main() {
    let xml = feed();
    let bytes = xml.into_bytes();
    let mb = bytes.len() as f64 / 1e6;
    if std::env::var("PODFEED_BENCH_ONLY").as_deref() == Ok("import") {
        println!(
            "feed: {} episodes, {mb:.1} MB; VmHWM with the feed built: {}",
            episodes(),
            vm_hwm()
        );
        bench_import(&bytes, mb);
        return;
    }
    let now = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("valid date");
    let profiles = Profiles::all();
    if let Ok(path) = std::env::var("PODFEED_BENCH_FEED") {
        // The feed as a file, for whole-process runs (`podfeed validate FILE`, hyperfine, perf).
        std::fs::write(&path, &bytes).expect("write the feed");
    }
    if std::env::var("PODFEED_BENCH_ONLY").as_deref() == Ok("write") {
        // Only the file above (scripts/bench-scaling).
        return;
    }
    if std::env::var("PODFEED_BENCH_ONLY").as_deref() == Ok("validate") {
        // Validation alone, for a profiler: no scan, no import.
        let t = best(|| {
            black_box(validate_bytes(
                "bench.xml",
                black_box(&bytes),
                &profiles,
                now,
            ));
        });
        println!(
            "validate_bytes (all profiles): {:>8.1} ms; peak memory (VmHWM): {}",
            t.as_secs_f64() * 1e3,
            vm_hwm()
        );
        return;
    }
    let checked = validate_bytes("bench.xml", &bytes, &profiles, now);
    println!(
        "feed: {} episodes, {mb:.1} MB, {} findings",
        episodes(),
        checked.diagnostics.len()
    );
    for d in checked.diagnostics.iter().take(5) {
        println!("  finding: {} {}", d.rule, d.message);
    }
    drop(checked);
    let mut events = 0;
    let t_scan = best(|| events = black_box(scan(black_box(&bytes))));
    let t_val = best(|| {
        black_box(validate_bytes(
            "bench.xml",
            black_box(&bytes),
            &profiles,
            now,
        ));
    });
    // The parse alone (the document the rules read), to split the validator's time.
    let t_parse = best(|| {
        black_box(podfeed::feed::parse(black_box(&bytes)));
    });
    let rate = |t: Duration| mb / t.as_secs_f64();
    println!(
        "bare quick-xml scan: {:>8.1} ms  {:>7.1} MB/s  ({events} events)",
        t_scan.as_secs_f64() * 1e3,
        rate(t_scan)
    );
    println!(
        "validate_bytes (all profiles): {:>8.1} ms  {:>7.1} MB/s",
        t_val.as_secs_f64() * 1e3,
        rate(t_val)
    );
    println!(
        "  of which parsing:            {:>8.1} ms  ({:.1}x the bare scan)",
        t_parse.as_secs_f64() * 1e3,
        t_parse.as_secs_f64() / t_scan.as_secs_f64()
    );
    println!(
        "ratio: validation takes {:.1}x the bare scan; peak memory (VmHWM): {}",
        t_val.as_secs_f64() / t_scan.as_secs_f64(),
        vm_hwm()
    );
    bench_import(&bytes, mb);
}
