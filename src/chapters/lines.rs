//! Simple chapter lines, in the style of Podlove Simple Chapters: one chapter a line, its start
//! time, its title, and optionally a link in angle brackets.
//!
//! ```text
//! # comments and blank lines are skipped
//! 00:00:00 Intro
//! 00:01:30.500 The main topic <https://example.org/notes>
//! 12:34 A time without hours
//! ```
//!
//! Times are `HH:MM:SS`, `H:MM:SS` or `MM:SS`, each with optional milliseconds (`.5`, `.500`).
//! The form carries the start, title and link only: written from JSON chapters, the other fields
//! (art, end times, locations, hidden chapters' `toc`) are left out.

use super::{Chapter, Chapters, Parsed, ReadError, VERSION};

/// What a chapter line looks like, for error messages.
const EXPECTED: &str = "a chapter line \"HH:MM:SS(.mmm) Title <https://…>\" or \"MM:SS Title\"";

/// Reads simple chapter lines; the first line that is not one is an error naming its number.
pub fn read(text: &str) -> Result<Parsed, ReadError> {
    let mut chapters = Vec::new();
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        chapters.push(chapter(line).map_err(|what| ReadError::expected(i + 1, what, line))?);
        lines.push(i + 1);
    }
    Ok(Parsed {
        chapters: Chapters {
            version: VERSION.to_owned(),
            chapters,
            ..Chapters::default()
        },
        lines,
    })
}

/// One chapter line (trimmed, not blank), or what was expected.
fn chapter(line: &str) -> Result<Chapter, &'static str> {
    let (time, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let start_ms = parse_time(time).ok_or(EXPECTED)?;
    let rest = rest.trim();
    let (title, url) = match rest.strip_suffix('>').and_then(|r| r.rsplit_once('<')) {
        Some((title, url)) if !url.trim().is_empty() && !url.contains(char::is_whitespace) => {
            (title.trim(), Some(url.to_owned()))
        }
        Some(_) => return Err("a link as <https://…> at the end of the line"),
        None => (rest, None),
    };
    #[allow(clippy::cast_precision_loss)]
    Ok(Chapter {
        start_time: start_ms as f64 / 1000.0,
        title: (!title.is_empty()).then(|| title.to_owned()),
        url,
        ..Chapter::default()
    })
}

/// `HH:MM:SS(.mmm)`, `H:MM:SS`, `MM:SS(.mmm)` → milliseconds.
fn parse_time(s: &str) -> Option<u64> {
    let (clock, frac) = s.split_once('.').unwrap_or((s, ""));
    let ms = match frac.len() {
        0 if !s.ends_with('.') => 0,
        1..=3 if frac.bytes().all(|b| b.is_ascii_digit()) => {
            frac.parse::<u64>().ok()? * 10u64.pow(3 - frac.len() as u32)
        }
        _ => return None,
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let num = |p: &str| {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u64>().ok())
            .flatten()
    };
    let (h, m, sec) = match parts.as_slice() {
        [m, sec] => (0, num(m)?, num(sec)?),
        [h, m, sec] if m.len() == 2 => (num(h)?, num(m)?, num(sec)?),
        _ => return None,
    };
    (sec < 60 && (parts.len() == 2 || m < 60)).then_some(((h * 60 + m) * 60 + sec) * 1000 + ms)
}

/// Writes `chapters` as simple lines: `HH:MM:SS` (with `.mmm` when not whole), the title, the
/// link in angle brackets.
pub fn write(chapters: &Chapters) -> String {
    let mut out = String::new();
    for c in &chapters.chapters {
        out.push_str(&format_time(c.start_time));
        if let Some(title) = &c.title {
            out.push(' ');
            // A title is one line: a newline inside would start another chapter.
            out.push_str(&title.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        if let Some(url) = &c.url {
            out.push_str(" <");
            out.push_str(url);
            out.push('>');
        }
        out.push('\n');
    }
    out
}

/// Seconds → `HH:MM:SS`, or `HH:MM:SS.mmm` when not a whole second.
fn format_time(seconds: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let ms = (seconds.max(0.0) * 1000.0).round() as u64;
    let (h, m, s, rest) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if rest == 0 {
        format!("{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}.{rest:03}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hours_minutes_milliseconds_links_and_skips_comments() {
        let p = read("# chapters\n\n00:00:00 Intro\n01:30.5 Topic <https://example.org/a>\n1:02:03.250 Late\n  12:34   Spaced   title  \n").expect("reads");
        let got: Vec<(f64, Option<&str>, Option<&str>)> = p
            .chapters
            .chapters
            .iter()
            .map(|c| (c.start_time, c.title.as_deref(), c.url.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (0.0, Some("Intro"), None),
                (90.5, Some("Topic"), Some("https://example.org/a")),
                (3723.25, Some("Late"), None),
                (754.0, Some("Spaced   title"), None),
            ]
        );
        assert_eq!(p.lines, [3, 4, 5, 6]);
        assert_eq!(p.chapters.version, VERSION);
    }

    #[test]
    fn a_bad_line_names_its_number_and_what_was_expected() {
        for (text, line) in [
            ("00:00 Intro\nsoon Topic\n", 2),
            ("00:00 Intro\n\n00:61 Topic\n", 3),
            ("1:2:3 Topic\n", 1),
            ("00:10.1234 Topic\n", 1),
            ("00:10 Topic <not a link>\n", 1),
        ] {
            let e = read(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.message.starts_with("expected "), "{e}");
        }
    }

    #[test]
    fn writes_what_it_reads() {
        let text = "00:00:00 Intro\n00:01:30.500 Topic <https://example.org/a>\n01:02:03 Late\n";
        let p = read(text).expect("reads");
        assert_eq!(write(&p.chapters), text);
    }
}
