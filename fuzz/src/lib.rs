//! What each fuzz target does with its input, in one place: the targets in `fuzz_targets/` call
//! these functions under libFuzzer, and the integration test `fuzz_regressions` (stable Rust, no
//! libFuzzer) includes this file to replay the saved corpus and every input that once failed.
//!
//! Each function takes arbitrary bytes and drives one reader of podfeed's pure core the way the
//! commands do, then renders what came out. A panic, a hang or a huge allocation is a finding.
//! The first byte of an input chooses a variant where a target has several (a format, a file
//! kind); the rest is the file.

use chrono::{DateTime, TimeZone, Utc};
use podfeed::diagnostic::{Diagnostic, Sources};
use podfeed::rule::{Profile, Profiles};
use podfeed::toml_file::SourceFile;
use podfeed::{chapters, import, records, report, rules, transcript, validate};

/// What a target does with one input.
pub type Target = fn(&[u8]);

/// Every target: its name (the folder of its corpus) and its function.
pub const TARGETS: [(&str, Target); 5] = [
    ("feed", feed),
    ("transcript", transcript),
    ("records", records),
    ("chapters", chapters),
    ("import", import),
];

/// The clock of every check: fixed, so a finding replays the same way.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Renders `diagnostics` about the text `text` of `name` as both reports.
fn render(name: &str, text: &str, diagnostics: &[Diagnostic]) {
    let mut sources = Sources::new();
    sources.insert(name, text.to_owned());
    let human = report::human::render(&sources, diagnostics, true);
    let target = report::TargetReport {
        target: name,
        status: report::Status::Checked,
        source: Some(text),
        diagnostics,
        error: None,
    };
    let mut json = Vec::new();
    // A Vec takes every write: an error here is a bug for the fuzzer to find.
    report::json::write_lines(&[target], &mut json).expect("JSON written to memory");
    std::hint::black_box((human, json));
}

/// Splits off the selector byte: `(selector, file bytes)`.
fn split(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((first, rest)) => (*first, rest),
        None => (0, data),
    }
}

/// Feed bytes → parse → the rules of every profile, each alone and all together → the human
/// and JSON reports; then the validator's whole check with links listed.
pub fn feed(data: &[u8]) {
    let name = "feed.xml";
    let mut sets: Vec<Profiles> = Profile::ALL.iter().map(|p| Profiles::only(&[*p])).collect();
    sets.push(Profiles::all());
    for profiles in &sets {
        let checked = rules::validate_bytes(name, data, profiles, now());
        render(name, &checked.text, &checked.diagnostics);
    }
    let opts = validate::Options {
        profiles: &Profiles::all(),
        now: now(),
        records: None,
        links: true,
        spare_core: true,
    };
    let checked = validate::check(name, data.to_vec(), &opts);
    std::hint::black_box(checked.links);
}

/// A transcript in the format the selector names (or guessed from the content and a name),
/// then written in every published format.
pub fn transcript(data: &[u8]) {
    use transcript::Format;
    let formats = [
        None,
        Some(Format::Page),
        Some(Format::Vtt),
        Some(Format::Srt),
        Some(Format::Json),
        Some(Format::Whisper),
        Some(Format::Html),
        Some(Format::Text),
    ];
    let names = ["t.txt", "t.vtt", "t.srt", "t.json", "t.html", "t"];
    let (selector, bytes) = split(data);
    let format = formats[usize::from(selector) % formats.len()];
    let name = names[usize::from(selector / 8) % names.len()];
    let Ok(t) = transcript::read(name, bytes, format) else {
        return;
    };
    let last_end = t.segments.iter().filter_map(|s| s.end_ms).max();
    for duration_ms in [None, last_end] {
        let opts = transcript::WriteOptions { duration_ms };
        for out in Format::PUBLISHED {
            std::hint::black_box(transcript::write(&t, out, &opts));
        }
    }
}

/// A show record (even selector) or an episode record (odd), parsed as the build does; the
/// errors rendered as the build reports them.
pub fn records(data: &[u8]) {
    let (selector, bytes) = split(data);
    let name = if selector % 2 == 0 {
        "feeds/show/show.toml"
    } else {
        "feeds/show/episodes/ep.toml"
    };
    let text = match records::decode_utf8(name, bytes) {
        Ok(text) => text,
        Err(d) => return render(name, &String::from_utf8_lossy(bytes), &[d]),
    };
    let src = SourceFile { name, text };
    let errors = if selector % 2 == 0 {
        let Ok(feed_url) = url::Url::parse("https://example.com/show/feed.xml") else {
            return;
        };
        records::parse_show(&src, "show", &feed_url).err()
    } else {
        records::parse_episode(&src, "show", "ep").err()
    };
    if let Some(errors) = errors {
        render(name, text, &errors);
    }
}

/// A chapters file, in the format the selector names or the one detected, then checked against
/// a duration and written in both formats.
pub fn chapters(data: &[u8]) {
    use chapters::Format;
    let formats = [None, Some(Format::Json), Some(Format::Lines)];
    let (selector, bytes) = split(data);
    let format = formats[usize::from(selector) % formats.len()];
    let name = if selector & 0x80 == 0 {
        "ep.chapters.json"
    } else {
        "ep.chapters.txt"
    };
    let Ok(parsed) = chapters::read(name, bytes, format) else {
        return;
    };
    for duration in [None, Some(0.0), Some(3600.0)] {
        std::hint::black_box(chapters::check(&parsed, duration));
    }
    for out in [Format::Json, Format::Lines] {
        std::hint::black_box(chapters::write(&parsed.chapters, out));
    }
}

/// A published feed imported into records; the records it writes are loaded back as the build
/// would load them.
pub fn import(data: &[u8]) {
    let source = import::Source {
        name: "feed.xml",
        url: Some("https://example.com/feed.xml"),
    };
    let imported = match import::import(data, source, podfeed::feed::Limits::default()) {
        Ok(imported) => imported,
        Err(errors) => {
            let text = String::from_utf8_lossy(data);
            return render("feed.xml", &text, &errors);
        }
    };
    let Ok(feed_url) = url::Url::parse("https://example.com/show/feed.xml") else {
        return;
    };
    let show = SourceFile {
        name: "show.toml",
        text: &imported.show,
    };
    std::hint::black_box(records::parse_show(&show, "show", &feed_url).is_ok());
    for episode in &imported.episodes {
        let src = SourceFile {
            name: "ep.toml",
            text: &episode.record,
        };
        std::hint::black_box(records::parse_episode(&src, "show", &episode.slug).is_ok());
    }
}
