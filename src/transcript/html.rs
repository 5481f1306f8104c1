//! HTML transcripts: the `<cite>` / `<time>` / `<p>` convention of SPEC.md §3.2.
//!
//! Writing: for each passage, `<cite>Name:</cite>` when it has a speaker, `<time>M:SS</time>`,
//! `<p>text</p>`; consecutive segments of one speaker form one passage. Text is escaped. A
//! word-level transcript is first grouped into phrases (`cues::phrases`), so that it is not a
//! passage per word.
//! Reading: a `<cite>` sets the speaker for the passages after it, a `<time>` the start of the
//! next `<p>`; a `<p>` without one starts where the previous passage did. Other markup is ignored.

use super::error::line_col;
use super::markup::{decode_entities, escape, normalize_ws, strip_tags};
use super::time::{format_short, parse_hms};
use super::{ReadError, Segment, Transcript, WriteOptions};

/// Writes the HTML fragment.
pub fn write(t: &Transcript, _opts: &WriteOptions) -> String {
    let phrases = super::cues::phrases(t);
    let t = phrases.as_ref().unwrap_or(t);
    let mut out = String::new();
    let mut i = 0;
    while let Some(seg) = t.segments.get(i) {
        // A passage: this segment and the following ones by the same (known) speaker.
        let speaker = seg.speaker_name();
        let mut text = seg.text.clone();
        let mut j = i + 1;
        while let Some(next) = t
            .segments
            .get(j)
            .filter(|n| speaker.is_some() && n.speaker_name() == speaker)
        {
            text.push(' ');
            text.push_str(&next.text);
            j += 1;
        }
        if let Some(name) = &speaker {
            out.push_str(&format!("<cite>{}:</cite>\n", escape(name, true)));
        }
        out.push_str(&format!(
            "<time>{}</time>\n<p>{}</p>\n",
            format_short(seg.start_ms),
            escape(&normalize_ws(&text), true)
        ));
        i = j;
    }
    out
}

/// Reads an HTML transcript.
pub fn read(text: &str) -> Result<Transcript, ReadError> {
    let mut segments: Vec<Segment> = Vec::new();
    let mut speaker: Option<String> = None;
    let mut time: Option<u64> = None;
    let lower = text.to_ascii_lowercase();
    let mut pos = 0;
    while let Some(lt) = lower.get(pos..).and_then(|s| s.find('<')) {
        let at = pos + lt;
        let rest = lower.get(at..).unwrap_or("");
        let Some(name) = ["<cite", "<time", "<p"].into_iter().find(|n| {
            rest.starts_with(n) && rest[n.len()..].starts_with(['>', ' ', '\t', '\n', '\r'])
        }) else {
            pos = at + 1;
            continue;
        };
        let (open_end, close_at) = element_bounds(text, &lower, at, name)?;
        let close = format!("</{}>", &name[1..]);
        let inner = normalize_ws(&decode_entities(&strip_tags(
            text.get(open_end..close_at).unwrap_or(""),
        )));
        match name {
            "<cite" => speaker = super::normalize_speaker(inner.trim_end_matches(':')),
            "<time" => {
                let t = parse_hms(&inner, true).ok_or_else(|| {
                    let (l, c) = line_col(text, open_end);
                    ReadError::expected(l, "a time \"M:SS\" or \"H:MM:SS\"", &inner).at_column(c)
                })?;
                time = Some(t);
            }
            _ => {
                let start_ms = time
                    .take()
                    .or(segments.last().map(|s| s.start_ms))
                    .unwrap_or(0);
                if let Some(prev) = segments.last().filter(|p| p.start_ms > start_ms) {
                    let (l, _) = line_col(text, at);
                    return Err(ReadError::new(
                        l,
                        format!(
                            "time goes backwards: {} is before the previous passage's {}",
                            format_short(start_ms),
                            format_short(prev.start_ms)
                        ),
                    ));
                }
                if !inner.is_empty() {
                    segments.push(Segment {
                        start_ms,
                        end_ms: None,
                        speaker: speaker.clone(),
                        text: inner,
                    });
                }
            }
        }
        pos = close_at + close.len();
    }
    if segments.is_empty() {
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(ReadError::expected(
            1,
            "HTML passages \"<p>…</p>\" (SPEC.md §3.2)",
            first,
        ));
    }
    Ok(Transcript {
        language: None,
        segments,
    })
}

/// Where the content of the element `name` (e.g. `<p`) whose start tag is at byte `at` begins
/// and ends; `lower` is `text` in ASCII lower case (same offsets).
fn element_bounds(
    text: &str,
    lower: &str,
    at: usize,
    name: &str,
) -> Result<(usize, usize), ReadError> {
    let rest = lower.get(at..).unwrap_or("");
    let open_end = rest.find('>').map(|o| at + o + 1).ok_or_else(|| {
        let (l, c) = line_col(text, at);
        ReadError::expected(l, "a closing \">\"", &text[at..]).at_column(c)
    })?;
    let close = format!("</{}>", &name[1..]);
    let close_at = lower
        .get(open_end..)
        .and_then(|s| s.find(&close))
        .map(|o| open_end + o);
    let Some(close_at) = close_at else {
        let (l, c) = line_col(text, at);
        return Err(ReadError::expected(
            l,
            &format!("{close} to close this element"),
            text.get(at..).unwrap_or(""),
        )
        .at_column(c));
    };
    Ok((open_end, close_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_convention() {
        let t = read("<cite>Ana:</cite>\n<time>0:00</time>\n<p>It&#39;s <b>on</b>.</p>\n<cite>Ravi:</cite>\n<time>1:02:07</time>\n<p>Thanks</p>").expect("valid");
        assert_eq!(t.segments.len(), 2);
        assert_eq!(t.segments[0].text, "It's on.");
        assert_eq!(t.segments[1].speaker.as_deref(), Some("Ravi"));
        assert_eq!(t.segments[1].start_ms, 3_727_000);
    }

    #[test]
    fn writes_and_reads_back() {
        let t = Transcript {
            language: None,
            segments: vec![
                Segment {
                    start_ms: 0,
                    end_ms: None,
                    speaker: Some("A&B".into()),
                    text: "x < y".into(),
                },
                Segment {
                    start_ms: 61_000,
                    end_ms: None,
                    speaker: None,
                    text: "z".into(),
                },
            ],
        };
        let html = write(&t, &WriteOptions::default());
        assert!(
            html.starts_with("<cite>A&amp;B:</cite>\n<time>0:00</time>\n<p>x &lt; y</p>"),
            "{html}"
        );
        assert_eq!(read(&html).expect("valid").segments[1].start_ms, 61_000);
    }

    #[test]
    fn bad_time_names_its_line() {
        let e = read("<time>0:00</time>\n<p>a</p>\n<time>soon</time>\n<p>b</p>").expect_err("bad");
        assert_eq!(e.line, 3);
    }

    #[test]
    fn unclosed_p_is_an_error() {
        let e = read("<p>a</p>\n\n<p>never closed").expect_err("bad");
        assert_eq!(e.line, 3);
    }
}
