//! Checks of single values shared by the show and episode records.

use std::ops::Range;
use toml::Spanned;
use url::Url;

use crate::diagnostic::Diagnostic;
use crate::toml_file::SourceFile;

/// An absolute `http(s)` URL, or an error at the value.
pub fn absolute_url(
    src: &SourceFile<'_>,
    field: &str,
    v: &Spanned<String>,
) -> Result<Url, Diagnostic> {
    let at = v.span();
    match Url::parse(v.get_ref().trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(u),
        Ok(u) => Err(src.error(
            &crate::rules::records::RECORD_URL,
            at,
            format!("`{field}` must be an http or https URL, found scheme `{}`", u.scheme()),
        )),
        Err(url::ParseError::RelativeUrlWithoutBase) => Err(src
            .error(
                &crate::rules::records::RECORD_URL,
                at,
                format!(
                    "`{field}` must be an absolute URL such as https://example.com/…, found the relative {:?}",
                    v.get_ref()
                ),
            )
            .help("podcast apps fetch these URLs directly, so they need scheme and host")),
        Err(e) => Err(src.error(
            &crate::rules::records::RECORD_URL,
            at,
            format!("`{field}` is not a valid URL ({e}): {:?}", v.get_ref()),
        )),
    }
}

/// An ISO 639 language code with an optional region (`en`, `en-us`, `pt-BR`), as Apple asks
/// (SPEC.md §1.2 `language`). Returned lower-case.
pub fn language(
    src: &SourceFile<'_>,
    field: &str,
    v: &Spanned<String>,
) -> Result<String, Diagnostic> {
    let s = v.get_ref();
    if is_language_code(s) {
        Ok(s.to_ascii_lowercase())
    } else {
        Err(src
            .error(
                &crate::rules::records::RECORD_LANGUAGE,
                v.span(),
                format!("`{field}` must be an ISO 639 language code such as \"en\" or \"en-us\", found {s:?}"),
            )
            .help("Apple rejects feeds with an invalid language code"))
    }
}

/// True for an ISO 639 code with optional region parts (the grammar the `language` key is checked with).
pub fn is_language_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let lang = parts.next().unwrap_or_default();
    let region_ok =
        parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic()) && region_ok
}

/// Apple's cap on titles, author and other short text, in characters (SPEC.md §1.2, §8.5).
pub const MAX_SHORT_CHARS: usize = 255;
/// Apple's cap on a show's description and an episode's show notes, in UTF-8 bytes, markup
/// included (SPEC.md §1.2, §1.3, §8.5).
pub const MAX_DESCRIPTION_BYTES: usize = 4000;

/// An error when `value` (as it will be published) is over [`MAX_SHORT_CHARS`] characters.
pub fn short_text(
    src: &SourceFile<'_>,
    field: &str,
    at: Range<usize>,
    value: &str,
) -> Result<(), Diagnostic> {
    let n = value.chars().count();
    if n <= MAX_SHORT_CHARS {
        return Ok(());
    }
    Err(src
        .error(
            &crate::rules::records::RECORD_FIELD_TOO_LONG,
            at,
            format!("`{field}` is {n} characters long; expected at most {MAX_SHORT_CHARS}"),
        )
        .help("Apple Podcasts refuses longer values (SPEC.md §8.5)"))
}

/// An error when `published` (the text as the feed carries it) is over [`MAX_DESCRIPTION_BYTES`].
pub fn long_text(
    src: &SourceFile<'_>,
    field: &str,
    at: Range<usize>,
    published: &str,
    what: &str,
) -> Result<(), Diagnostic> {
    let n = published.len();
    if n <= MAX_DESCRIPTION_BYTES {
        return Ok(());
    }
    Err(src
        .error(
            &crate::rules::records::RECORD_FIELD_TOO_LONG,
            at,
            format!("`{field}` is {n} bytes {what}; expected at most {MAX_DESCRIPTION_BYTES}"),
        )
        .help("Apple Podcasts caps descriptions at 4000 bytes of UTF-8, markup included (SPEC.md §1.3)"))
}

/// A duration in whole seconds: an integer, or `"H:MM:SS"` / `"M:SS"` (SPEC.md §8.2).
pub fn duration(src: &SourceFile<'_>, v: &Spanned<toml::Value>) -> Result<u64, Diagnostic> {
    let bad = |found: String| {
        src.error(
            &crate::rules::records::RECORD_DURATION,
            v.span(),
            format!(
                "`duration` must be whole seconds (425) or \"H:MM:SS\" / \"M:SS\", found {found}"
            ),
        )
    };
    let seconds = match v.get_ref() {
        toml::Value::Integer(n) => u64::try_from(*n).map_err(|_| bad(n.to_string()))?,
        toml::Value::String(s) => parse_clock(s).ok_or_else(|| bad(format!("{s:?}")))?,
        other => return Err(bad(other.to_string())),
    };
    if seconds > MAX_DURATION_SECS {
        return Err(src
            .error(
                &crate::rules::records::RECORD_DURATION,
                v.span(),
                format!(
                    "`duration` is {seconds} seconds (over {} hours); expected at most {MAX_DURATION_SECS} seconds",
                    seconds / 3600
                ),
            )
            .help("write the episode's length in seconds, such as 425, or as \"H:MM:SS\""));
    }
    Ok(seconds)
}

/// The longest duration accepted: 1,000 hours. No episode is longer, and the bound keeps
/// millisecond arithmetic on durations far from overflow.
pub const MAX_DURATION_SECS: u64 = 1_000 * 3600;

/// Parses `SS`, `M:SS` or `H:MM:SS` into seconds; minutes and seconds after a colon are 00–59.
pub fn parse_clock(s: &str) -> Option<u64> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    if parts.is_empty()
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut total: u64 = 0;
    for (i, p) in parts.iter().enumerate() {
        let n: u64 = p.parse().ok()?;
        if i > 0 && (n > 59 || p.len() != 2) {
            return None;
        }
        total = total.checked_mul(60)?.checked_add(n)?;
    }
    Some(total)
}

/// An RFC 3339 date-time with an offset, as a UTC time.
pub fn datetime(
    src: &SourceFile<'_>,
    field: &str,
    v: &Spanned<toml::value::Datetime>,
) -> Result<chrono::DateTime<chrono::Utc>, Diagnostic> {
    let dt = v.get_ref();
    let text = dt.to_string();
    if dt.date.is_none() || dt.time.is_none() || dt.offset.is_none() {
        return Err(src
            .error(
                &crate::rules::records::RECORD_DATE,
                v.span(),
                format!("`{field}` must be a date and time with a zone, such as 2024-08-07T09:00:00Z, found {text}"),
            )
            .help("without a zone the publication time would depend on the machine that builds"));
    }
    chrono::DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| {
            src.error(
                &crate::rules::records::RECORD_DATE,
                v.span(),
                format!("`{field}` {text} is not a valid date: {e}"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_durations() {
        assert_eq!(parse_clock("425"), Some(425));
        assert_eq!(parse_clock("7:05"), Some(425));
        assert_eq!(parse_clock("1:02:03"), Some(3723));
        assert_eq!(parse_clock("7:5"), None);
        assert_eq!(parse_clock("7:65"), None);
        assert_eq!(parse_clock("12:30:00:00"), None);
        assert_eq!(parse_clock("abc"), None);
        assert_eq!(parse_clock(""), None);
    }

    fn dur(text: &str) -> Result<u64, Diagnostic> {
        #[derive(serde::Deserialize)]
        struct T {
            duration: Spanned<toml::Value>,
        }
        let t: T = toml::from_str(text).expect("test input parses");
        duration(
            &SourceFile {
                name: "ep.toml",
                text,
            },
            &t.duration,
        )
    }

    #[test]
    fn durations_are_bounded_to_a_thousand_hours() {
        assert_eq!(dur("duration = 3600000").ok(), Some(3_600_000));
        assert_eq!(dur("duration = \"1000:00:00\"").ok(), Some(3_600_000));
        for too_long in [
            "duration = 3600001",
            "duration = 18446744073709552",
            "duration = \"99999999:00:00\"",
        ] {
            let d = dur(too_long).expect_err(too_long);
            assert_eq!(d.rule, "record.duration");
            assert!(
                d.message.contains("at most 3600000 seconds"),
                "{}",
                d.message
            );
            let at = d.located_in(too_long).expect("located");
            // From the value's first character to its last.
            assert_eq!(
                (at.column, at.end_column),
                (12, too_long.chars().count() + 1)
            );
        }
    }
}
