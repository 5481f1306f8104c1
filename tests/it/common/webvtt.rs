//! A strict WebVTT check (SPEC.md §3.4) of our own, with the webvtt-parser crate as a second
//! opinion, shared by the transcript tests.

use podfeed::transcript::{self, Transcript};

/// A strict WebVTT check (SPEC.md §3.4); returns the problems found.
pub fn check_webvtt(vtt: &str) -> Vec<String> {
    fn time(s: &str) -> Option<u64> {
        let (hms, ms) = s.split_once('.')?;
        if ms.len() != 3 || !ms.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let parts: Vec<&str> = hms.split(':').collect();
        let (h, m, sec) = match parts.as_slice() {
            [m, s] => ("0", *m, *s),
            [h, m, s] if h.len() >= 2 => (*h, *m, *s),
            _ => return None,
        };
        let two = |x: &str| x.len() == 2 && x.bytes().all(|b| b.is_ascii_digit());
        if !two(m) || !two(sec) || !h.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (h, m, sec): (u64, u64, u64) = (h.parse().ok()?, m.parse().ok()?, sec.parse().ok()?);
        let ms: u64 = ms.parse().ok()?;
        (m < 60 && sec < 60).then_some(((h * 60 + m) * 60 + sec) * 1000 + ms)
    }
    let mut problems = Vec::new();
    let mut blocks = vtt.split("\n\n");
    let header = blocks.next().unwrap_or("");
    if !(header == "WEBVTT" || header.starts_with("WEBVTT ") || header.starts_with("WEBVTT\n")) {
        problems.push(format!("header: {header:?}"));
    }
    let mut last_start = 0;
    for block in blocks.filter(|b| !b.trim().is_empty()) {
        let lines: Vec<&str> = block.trim_end_matches('\n').split('\n').collect();
        let Some(timing) = lines.iter().position(|l| l.contains("-->")) else {
            problems.push(format!("no timing line in {block:?}"));
            continue;
        };
        let parts: Vec<&str> = lines[timing].split(" --> ").collect();
        let (Some(start), Some(end)) = (
            parts.first().and_then(|s| time(s)),
            parts.get(1).and_then(|s| time(s)),
        ) else {
            problems.push(format!("bad timing {:?}", lines[timing]));
            continue;
        };
        if end <= start {
            problems.push(format!("end not after start: {:?}", lines[timing]));
        }
        if start < last_start {
            problems.push(format!("start goes backwards: {:?}", lines[timing]));
        }
        last_start = start;
        let payload = &lines[timing + 1..];
        if payload.is_empty()
            || payload
                .iter()
                .any(|l| l.trim().is_empty() || l.contains("-->"))
        {
            problems.push(format!("bad payload {payload:?}"));
        }
    }
    problems
}

/// Checks `vtt` with the strict checker and, for a second opinion, the webvtt-parser crate,
/// which must read the same cues and times as our reader; returns what our reader read.
pub fn assert_strict_vtt(vtt: &str) -> Transcript {
    assert_eq!(check_webvtt(vtt), Vec::<String>::new());
    let parsed = webvtt_parser::Vtt::parse(vtt).expect("webvtt-parser accepts the WebVTT");
    let ours = transcript::read("p.vtt", vtt.as_bytes(), None).expect("we read it back");
    assert_eq!(parsed.cues.len(), ours.segments.len());
    for (c, s) in parsed.cues.iter().zip(&ours.segments) {
        assert_eq!(
            (c.start.as_milliseconds(), Some(c.end.as_milliseconds())),
            (s.start_ms, s.end_ms)
        );
    }
    ours
}
