//! The checks of a chapters file (SPEC.md §5.1): a version; start times ascending, not negative
//! and inside the episode when its duration is known; end times after their start; absolute
//! http(s) links and art; a location with a name and a `geo:` URI. Every problem is returned, each
//! at the line of its chapter.

use super::{Chapter, Parsed};

/// What a [`Problem`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The version is empty, or there is no chapter.
    Version,
    /// A start or end time: negative, backwards, past the episode's end, or an end not after its
    /// start.
    Times,
    /// An `img` or `url` that is not an absolute http(s) URL.
    Url,
    /// A location without a name, or whose `geo` is not a `geo:` URI.
    Location,
}

/// One problem of a chapters file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem.
    pub check: Check,
    /// 1-based line of the chapter (1 for the file's own fields).
    pub line: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

/// Every problem of `parsed`, in the order of the chapters. `duration` is the episode's length in
/// seconds, when known: every chapter must start before it and end by it.
pub fn check(parsed: &Parsed, duration: Option<f64>) -> Vec<Problem> {
    let Parsed { chapters, lines } = parsed;
    let mut out = Vec::new();
    if chapters.version.trim().is_empty() {
        out.push(problem(
            Check::Version,
            1,
            "the chapters file has an empty \"version\"; expected \"1.2.0\"".into(),
        ));
    }
    if chapters.chapters.is_empty() {
        out.push(problem(
            Check::Version,
            1,
            "the chapters file has no chapter; expected at least one".into(),
        ));
    }
    let mut previous: Option<f64> = None;
    for (i, c) in chapters.chapters.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let mut push = |check, message: String| out.push(problem(check, line, message));
        let n = i + 1;
        for message in times(c, n, previous, duration) {
            push(Check::Times, message);
        }
        for (key, v) in [("img", &c.img), ("url", &c.url)] {
            if let Some(v) = v.as_deref()
                && !is_http_url(v)
            {
                push(
                    Check::Url,
                    format!("chapter {n}: \"{key}\" is {v:?}; expected an absolute http(s) URL"),
                );
            }
        }
        if let Some(l) = &c.location {
            if l.name.trim().is_empty() {
                push(
                    Check::Location,
                    format!(
                        "chapter {n}: the location has an empty \"name\"; expected a place name"
                    ),
                );
            }
            if !is_geo_uri(&l.geo) {
                push(
                    Check::Location,
                    format!(
                        "chapter {n}: location \"geo\" is {:?}; expected a geo: URI such as \"geo:30.2672,-97.7431\"",
                        l.geo
                    ),
                );
            }
        }
        previous = Some(c.start_time);
    }
    out
}

/// The time problems of chapter `n` (1-based), given the previous chapter's start.
fn times(c: &Chapter, n: usize, previous: Option<f64>, duration: Option<f64>) -> Vec<String> {
    let mut out = Vec::new();
    let start = c.start_time;
    if !(start.is_finite() && start >= 0.0) {
        out.push(format!(
            "chapter {n}: \"startTime\" is {start}; expected seconds from the start (0 or more)"
        ));
    }
    if let Some(p) = previous.filter(|&p| start <= p) {
        out.push(format!(
            "chapter {n} starts at {} but the chapter before it at {}; expected start times in ascending order",
            clock(start),
            clock(p)
        ));
    }
    if let Some(d) = duration.filter(|&d| start >= d) {
        out.push(format!(
            "chapter {n} starts at {}, past the episode's end ({}); expected a start inside the episode",
            clock(start),
            clock(d)
        ));
    }
    if let Some(end) = c.end_time {
        if end <= start {
            out.push(format!(
                "chapter {n} ends at {} but starts at {}; expected \"endTime\" after \"startTime\"",
                clock(end),
                clock(start)
            ));
        } else if let Some(d) = duration.filter(|&d| end > d) {
            out.push(format!(
                "chapter {n} ends at {}, past the episode's end ({}); expected an end inside the episode",
                clock(end),
                clock(d)
            ));
        }
    }
    out
}

fn problem(check: Check, line: usize, message: String) -> Problem {
    Problem {
        check,
        line,
        message,
    }
}

/// Seconds as `H:MM:SS` (with a fraction when not whole), for messages; other values as written.
fn clock(seconds: f64) -> String {
    if !(seconds.is_finite() && seconds >= 0.0) {
        return seconds.to_string();
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = seconds.trunc() as u64;
    let frac = seconds.fract();
    let (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60);
    if frac == 0.0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{h}:{m:02}:{:06.3}", s as f64 + frac)
    }
}

/// An absolute `http:` or `https:` URL.
pub(crate) fn is_http_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
}

/// An RFC 5870 `geo:` URI's start: `geo:` then a latitude and a longitude (an optional altitude
/// and parameters after them are not checked).
fn is_geo_uri(s: &str) -> bool {
    let Some(rest) = s.trim().strip_prefix("geo:") else {
        return false;
    };
    let coords = rest.split(';').next().unwrap_or_default();
    let mut parts = coords.split(',').map(|p| p.trim().parse::<f64>());
    matches!(
        (parts.next(), parts.next()),
        (Some(Ok(lat)), Some(Ok(lon))) if lat.abs() <= 90.0 && lon.abs() <= 180.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapters::{Location, json, lines};

    #[test]
    fn times_backwards_past_the_end_and_end_before_start_are_all_reported_at_their_lines() {
        let p = lines::read("00:00 Intro\n02:00 Two\n\n01:00 Back\n08:00 Late\n").expect("reads");
        let found = check(&p, Some(425.0));
        let at: Vec<(Check, usize)> = found.iter().map(|p| (p.check, p.line)).collect();
        assert_eq!(at, [(Check::Times, 4), (Check::Times, 5)]);
        assert!(found[0].message.contains("ascending"), "{found:?}");
        assert!(
            found[1]
                .message
                .contains("past the episode's end (0:07:05)"),
            "{found:?}"
        );
        assert!(check(&p, None).len() == 1, "no duration, no end to pass");
    }

    #[test]
    fn urls_locations_versions_and_end_times_are_checked() {
        let text = r#"{"version": "",
"chapters": [
 {"startTime": 0, "img": "art.jpg", "url": "ftp://x.example/a"},
 {"startTime": 5, "endTime": 5, "location": {"name": " ", "geo": "30.2,97.7"}},
 {"startTime": 6, "endTime": 9, "location": {"name": "Austin", "geo": "geo:30.2672,-97.7431;u=35"}}
]}"#;
        let p = json::read(text).expect("reads");
        let got: Vec<(Check, usize)> = check(&p, Some(8.0))
            .iter()
            .map(|p| (p.check, p.line))
            .collect();
        assert_eq!(
            got,
            [
                (Check::Version, 1),
                (Check::Url, 3),
                (Check::Url, 3),
                (Check::Times, 4),
                (Check::Location, 4),
                (Check::Location, 4),
                (Check::Times, 5),
            ]
        );
        let good = Location {
            name: "Austin".into(),
            geo: "geo:30.2672,-97.7431".into(),
            osm: Some("R113314".into()),
        };
        assert!(is_geo_uri(&good.geo));
        assert!(!is_geo_uri("geo:91,0"));
    }
}
