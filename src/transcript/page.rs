//! The transcript page: how transcripts arrive for import.
//!
//! ```text
//! <Show> - <Episode title>
//!
//! Episode Date: August 7, 2024
//!
//! <description>
//!
//! Transcript
//! Discussion (0)
//! Starting point is 00:00:00 <text…>
//! Starting point is 00:00:42 <text…>
//!
//! There aren't comments yet for this episode. Click on any sentence in the transcript to leave a comment.
//! ```
//!
//! A paragraph's text may follow its timestamp on the same line or on the next lines, and may
//! start mid-sentence: each paragraph's words are kept exactly as written, in order. What follows
//! the last paragraph after a blank line (the page's comment box) is not speech.

use chrono::NaiveDate;

use super::markup::normalize_ws;
use super::time::parse_hms;
use super::{ReadError, Segment, Transcript};

/// The marker that opens each timed paragraph.
pub const STARTING_POINT: &str = "Starting point is ";

/// A parsed transcript page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The show's name: the title line before its first ` - `, when it has one.
    pub show: Option<String>,
    /// The episode title (the whole title line when it has no ` - `).
    pub title: String,
    /// The `Episode Date:` line's date.
    pub date: NaiveDate,
    /// The description paragraph(s) between the date and `Transcript`, blank lines kept.
    pub description: String,
    /// One segment per `Starting point is` paragraph, without end times (the page gives none).
    pub transcript: Transcript,
}

/// Lines that belong to the page around the transcript, never to speech.
fn is_page_chrome(line: &str) -> bool {
    let l = line.trim();
    l.starts_with("There aren't comments yet")
        || l.starts_with("There aren\u{2019}t comments yet")
        || l.starts_with("Click on any sentence in the transcript")
        || (l.starts_with("Discussion (") && l.ends_with(')'))
}

/// Parses a transcript page. Errors name the 1-based line and what was expected there.
pub fn parse(text: &str) -> Result<Page, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut i = skip_blank(&lines, 0);

    let title_line = lines.get(i).map_or("", |l| l.trim());
    if title_line.is_empty() || title_line.starts_with(STARTING_POINT) {
        return Err(ReadError::expected(
            i + 1,
            "a title line \"<Show> - <Episode title>\"",
            title_line,
        ));
    }
    let (show, title) = match title_line.split_once(" - ") {
        Some((show, title)) if !show.trim().is_empty() && !title.trim().is_empty() => {
            (Some(show.trim().to_owned()), title.trim().to_owned())
        }
        _ => (None, title_line.to_owned()),
    };

    i = skip_blank(&lines, i + 1);
    let date_line = lines.get(i).map_or("", |l| l.trim());
    let date = date_line
        .strip_prefix("Episode Date:")
        .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%B %d, %Y").ok())
        .ok_or_else(|| {
            ReadError::expected(i + 1, "\"Episode Date: <Month> <day>, <year>\"", date_line)
        })?;

    // The description runs to the `Transcript` line.
    let desc_start = i + 1;
    let transcript_at = (desc_start..lines.len())
        .find(|&j| lines.get(j).is_some_and(|l| l.trim() == "Transcript"))
        .ok_or_else(|| {
            ReadError::new(
                lines.len(),
                "expected a \"Transcript\" line after the description",
            )
        })?;
    let description = lines
        .get(desc_start..transcript_at)
        .unwrap_or_default()
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned();

    let segments = parse_paragraphs(&lines, transcript_at + 1)?;
    Ok(Page {
        show,
        title,
        date,
        description,
        transcript: Transcript {
            language: None,
            segments,
        },
    })
}

fn skip_blank(lines: &[&str], mut i: usize) -> usize {
    while lines.get(i).is_some_and(|l| l.trim().is_empty()) {
        i += 1;
    }
    i
}

/// The `Starting point is` paragraphs from line index `from` on.
fn parse_paragraphs(lines: &[&str], from: usize) -> Result<Vec<Segment>, ReadError> {
    let body = lines.get(from..).unwrap_or_default();
    let last_marker = body
        .iter()
        .rposition(|l| l.trim_start().starts_with(STARTING_POINT));
    let Some(last_marker) = last_marker else {
        let (n, found) = body
            .iter()
            .enumerate()
            .find(|(_, l)| !l.trim().is_empty() && !is_page_chrome(l))
            .map_or((from + 1, ""), |(n, l)| (from + n + 1, *l));
        return Err(ReadError::expected(
            n,
            "a paragraph \"Starting point is HH:MM:SS …\"",
            found,
        ));
    };

    let mut segments: Vec<Segment> = Vec::new();
    let mut text = String::new();
    for (n, raw) in body.iter().enumerate() {
        let line_no = from + n + 1;
        let line = raw.trim();
        if let Some(rest) = line.strip_prefix(STARTING_POINT.trim_end()) {
            close(&mut segments, &mut text);
            let rest = rest.trim_start();
            let stamp_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (stamp, words) = rest.split_at(stamp_len);
            let start_ms = parse_hms(stamp, false).ok_or_else(|| {
                ReadError::expected(
                    line_no,
                    "a time \"HH:MM:SS\" after \"Starting point is\"",
                    stamp,
                )
                .at_column(raw.len() - raw.trim_start().len() + STARTING_POINT.len() + 1)
            })?;
            if let Some(prev) = segments.last().filter(|p| p.start_ms > start_ms) {
                return Err(ReadError::new(
                    line_no,
                    format!(
                        "time goes backwards: {stamp} is before the previous paragraph's {}",
                        super::time::format_short(prev.start_ms)
                    ),
                ));
            }
            segments.push(Segment {
                start_ms,
                ..Segment::default()
            });
            text.push_str(words);
        } else if segments.is_empty() || is_page_chrome(line) {
            // Before the first paragraph: `Discussion (0)` and the like.
            continue;
        } else if n > last_marker && line.is_empty() && !text.trim().is_empty() {
            // A blank line after the last paragraph's text: the rest is the page's comment box.
            break;
        } else {
            text.push(' ');
            text.push_str(line);
        }
    }
    close(&mut segments, &mut text);
    Ok(segments)
}

/// Moves the collected text into the last segment.
fn close(segments: &mut [Segment], text: &mut String) {
    if let Some(last) = segments.last_mut() {
        last.text = normalize_ws(text);
    }
    text.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "My Show - Ep: One - Two\n\nEpisode Date: August 7, 2024\n\nAbout it.\n\nTranscript\nDiscussion (0)\nStarting point is 00:00:00 Hello there,\nStarting point is 00:00:42\nworld and\nmore.\nStarting point is 01:02:03 The end.\n\nThere aren't comments yet for this episode. Click on any sentence in the transcript to leave a comment.";

    #[test]
    fn parses_title_date_description_and_paragraphs() {
        let p = parse(PAGE).expect("valid page");
        assert_eq!(p.show.as_deref(), Some("My Show"));
        assert_eq!(p.title, "Ep: One - Two");
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2024, 8, 7).expect("date"));
        assert_eq!(p.description, "About it.");
        let s = &p.transcript.segments;
        assert_eq!(s.len(), 3);
        assert_eq!((s[0].start_ms, s[0].text.as_str()), (0, "Hello there,"));
        assert_eq!(
            (s[1].start_ms, s[1].text.as_str()),
            (42_000, "world and more.")
        );
        assert_eq!((s[2].start_ms, s[2].text.as_str()), (3_723_000, "The end."));
    }

    #[test]
    fn reports_bad_timestamp_line() {
        let bad = PAGE.replace("00:00:42", "00:0x:42");
        let e = parse(&bad).expect_err("bad time");
        assert_eq!(e.line, 10, "{e}");
    }

    #[test]
    fn reports_time_going_backwards() {
        let bad = PAGE.replace("01:02:03", "00:00:01");
        let e = parse(&bad).expect_err("backwards");
        assert_eq!(e.line, 13, "{e}");
        assert!(e.message.contains("backwards"), "{e}");
    }

    #[test]
    fn reports_missing_date() {
        let e = parse("Show - T\n\nDate: x\n").expect_err("no date");
        assert_eq!(e.line, 3);
    }
}
