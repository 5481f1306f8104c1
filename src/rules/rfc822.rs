//! A lenient RFC 822 date parser with the leniencies and warnings of SPEC.md §8.1.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Weekday};

/// A parsed date and the tolerated deviations it had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rfc822 {
    /// The instant.
    pub date: DateTime<FixedOffset>,
    /// The year was written with two digits.
    pub two_digit_year: bool,
    /// The zone was a single military letter.
    pub military_zone: bool,
    /// The day of week did not match the date (the written name).
    pub wrong_weekday: Option<String>,
    /// What some readers cannot read, or RFC 822 §5.1 does not allow: a weekday without its
    /// comma, no space after it, a comment, the zone written `UTC` (not one of RFC 822's names).
    pub deviations: Vec<&'static str>,
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Parses `[Wdy,] D[D] Mon YY[YY] HH:MM[:SS] ZONE`. Errors say what was expected.
pub fn parse(s: &str) -> Result<Rfc822, String> {
    let mut deviations = Vec::new();
    // RFC 822 §3.4.3 allows comments in parentheses anywhere; few readers do.
    let uncommented = without_comments(s)?;
    if uncommented.len() != s.len() {
        deviations.push("a comment in parentheses");
    }
    // Tokens need no space between them in RFC 822, but many readers split on spaces.
    // A comment's place may leave a space before the comma: "Thu (day), 16 Feb". The usual
    // date, written as the RFC shows it, is read without a copy.
    let uncommented = if uncommented.contains(" ,") {
        Cow::Owned(uncommented.replace(" ,", ","))
    } else {
        uncommented
    };
    let spaced = match uncommented.split_once(',') {
        Some((day, rest)) if !rest.starts_with(char::is_whitespace) => {
            deviations.push("no space after the comma");
            Cow::Owned(format!("{day}, {rest}"))
        }
        _ => uncommented,
    };
    // A weekday and the five words of the date, at most; a seventh word only has to be seen.
    let mut words = [""; 7];
    let count = words
        .iter_mut()
        .zip(spaced.split_whitespace())
        .map(|(slot, word)| *slot = word)
        .count();
    let mut tokens = words.get(..count).unwrap_or_default();
    let mut weekday = None;
    if let Some(first) = tokens.first() {
        let name = first.trim_end_matches(',');
        if name.chars().all(|c| c.is_ascii_alphabetic()) && !name.is_empty() {
            let day = DAYS
                .iter()
                .position(|d| d.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    format!("\"{name}\" is not an English day abbreviation (Mon … Sun)")
                })?;
            weekday = Some((day, name));
            if !first.ends_with(',') {
                deviations.push("no comma after the day of the week");
            }
            tokens = tokens.get(1..).unwrap_or_default();
        }
    }
    let [day, month, year, time, zone] = tokens else {
        return Err("expected \"Wdy, DD Mon YYYY HH:MM:SS +0000\"".into());
    };
    let day: u32 =
        number(day, 1, 2).ok_or_else(|| format!("day \"{day}\" is not a 1- or 2-digit number"))?;
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month))
        .ok_or_else(|| format!("\"{month}\" is not an English month abbreviation (Jan … Dec)"))?;
    let (year, two_digit_year) = match year.len() {
        2 => {
            let y: i32 = number(year, 2, 2).ok_or("year is not a number")?;
            (if y < 50 { 2000 + y } else { 1900 + y }, true)
        }
        4 => (number(year, 4, 4).ok_or("year is not a number")?, false),
        _ => return Err(format!("year \"{year}\" has neither 2 nor 4 digits")),
    };
    let time =
        parse_time(time).ok_or_else(|| format!("time \"{time}\" is not HH:MM or HH:MM:SS"))?;
    let (offset, military_zone) = parse_zone(zone)
        .ok_or_else(|| format!("zone \"{zone}\" is not GMT, UT, a US zone or ±HHMM"))?;
    if zone.eq_ignore_ascii_case("UTC") {
        deviations.push("the zone written UTC (RFC 822 names it UT or GMT)");
    }
    let month = u32::try_from(month).unwrap_or(0) + 1;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or("no such calendar day")?;
    let tz = FixedOffset::east_opt(offset).ok_or("zone offset out of range")?;
    let date = tz
        .from_local_datetime(&date.and_time(time))
        .single()
        .ok_or("no such instant")?;
    let wrong_weekday = weekday.and_then(|(d, name)| {
        let actual = date.weekday().num_days_from_monday() as usize;
        (actual != d).then(|| name.to_owned())
    });
    Ok(Rfc822 {
        date,
        two_digit_year,
        military_zone,
        wrong_weekday,
        deviations,
    })
}

/// `s` without its parenthesized comments (which may nest, and in which `\` quotes the next
/// character: RFC 822 §3.4.1, §3.4.3), or why they do not close. A comment separates words like
/// a space does; white space is then collapsed.
fn without_comments(s: &str) -> Result<Cow<'_, str>, String> {
    if !s.contains('(') {
        return Ok(Cow::Borrowed(s));
    }
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    let mut quoted = false;
    for c in s.chars() {
        match c {
            _ if quoted => quoted = false,
            '\\' if depth > 0 => quoted = true,
            '(' => depth += 1,
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(' ');
                }
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if depth == 0 {
        Ok(Cow::Owned(
            out.split_whitespace().collect::<Vec<_>>().join(" "),
        ))
    } else {
        Err("a comment in parentheses is not closed".into())
    }
}

fn number<T: std::str::FromStr>(s: &str, min: usize, max: usize) -> Option<T> {
    ((min..=max).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    // Split without a list: every item's date comes here.
    let mut parts = s.split(':');
    let n = |p: Option<&str>| p.and_then(|p| number::<u32>(p, 2, 2));
    let (h, m) = (n(parts.next())?, n(parts.next())?);
    let sec = match parts.next() {
        Some(sec) => n(Some(sec))?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(h, m, sec)
}

/// Offset in seconds east of UTC, and whether it was a military letter.
fn parse_zone(z: &str) -> Option<(i32, bool)> {
    let hours = |h: i32| Some((h * 3600, false));
    // A name is at most three letters: upper-cased on the stack, not in a new string.
    let mut upper = [0u8; 3];
    let name = match z.as_bytes() {
        b if b.len() <= upper.len() && b.iter().all(u8::is_ascii_alphabetic) => {
            let upper = upper.get_mut(..b.len())?;
            upper.copy_from_slice(b);
            upper.make_ascii_uppercase();
            std::str::from_utf8(upper).ok()?
        }
        _ => "",
    };
    match name {
        "UT" | "GMT" | "Z" | "UTC" => hours(0),
        "EST" => hours(-5),
        "EDT" => hours(-4),
        "CST" => hours(-6),
        "CDT" => hours(-5),
        "MST" => hours(-7),
        "MDT" => hours(-6),
        "PST" => hours(-8),
        "PDT" => hours(-7),
        m if m.len() == 1 && m.chars().all(|c| c.is_ascii_alphabetic() && c != 'J') => {
            // RFC 1123 notes the signs were defined backwards; the offset is not trusted.
            Some((0, true))
        }
        _ => {
            let (sign, digits) = match z.as_bytes().first()? {
                b'+' => (1, &z[1..]),
                b'-' => (-1, &z[1..]),
                _ => return None,
            };
            let hh: i32 = number(digits.get(..2)?, 2, 2)?;
            let mm: i32 = number(digits.get(2..)?, 2, 2)?;
            (mm < 60).then_some((sign * (hh * 3600 + mm * 60), false))
        }
    }
}

/// True when the weekday is one `chrono` can name (used in messages).
pub fn weekday_name(w: Weekday) -> &'static str {
    DAYS[w.num_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_generated_form() {
        let d = parse("Sat, 07 Sep 2002 09:42:31 GMT").expect("valid");
        assert_eq!(d.date.to_rfc3339(), "2002-09-07T09:42:31+00:00");
        assert!(!d.two_digit_year && !d.military_zone && d.wrong_weekday.is_none());
        assert!(d.deviations.is_empty());
    }

    #[test]
    fn reads_what_readers_accept_and_says_how_it_departs_from_rfc_822() {
        let d = parse("Sat 07 Sep 2002 09:42:31 UTC").expect("readable");
        assert_eq!(d.date.to_rfc3339(), "2002-09-07T09:42:31+00:00");
        assert_eq!(d.deviations.len(), 2, "{:?}", d.deviations);
        assert!(
            parse("07 Sep 2002 09:42:31 GMT")
                .expect("valid")
                .deviations
                .is_empty()
        );
        let d = parse("Sat,29 Jul 2006 00:03:02 +0000").expect("readable");
        assert_eq!(d.deviations, ["no space after the comma"]);
        let d = parse("Thu (oh), 16(th) Feb(ruary) 2006 01:39 +0000 (GMT)").expect("readable");
        assert_eq!(d.date.to_rfc3339(), "2006-02-16T01:39:00+00:00");
        assert_eq!(d.deviations, ["a comment in parentheses"]);
        assert!(parse("Thu (oh, 16 Feb 2006 01:39 +0000").is_err());
        // Comments nest, a backslash quotes a parenthesis, and a comment separates words.
        let d = parse(
            r"Thu, 09 (nested (comment) Mar)Feb(escaped comment\) 2005) 2006()23:59:45 +0000",
        )
        .expect("readable");
        assert_eq!(d.date.to_rfc3339(), "2006-02-09T23:59:45+00:00");
    }

    #[test]
    fn is_lenient_as_spec_8_1_says() {
        assert!(parse("7 Sep 02 09:42 +0130").expect("valid").two_digit_year);
        assert!(
            parse("Sat, 07 Sep 2002 09:42:31 A")
                .expect("valid")
                .military_zone
        );
        // Apple's own example: 15 Jun 2019 was a Saturday.
        assert_eq!(
            parse("Wed, 15 Jun 2019 19:00:00 GMT")
                .expect("valid")
                .wrong_weekday
                .as_deref(),
            Some("Wed")
        );
        assert!(parse("Sat, 07 Sep 2002 09:42:31 EDT").is_ok());
    }

    #[test]
    fn rejects_iso_and_localized_dates() {
        assert!(parse("2002-10-02T08:00:00-05:00").is_err());
        assert!(parse("Sa, 07 Sep 2002 09:42:31 GMT").is_err());
        assert!(parse("Sat, 07 Sept 2002 09:42:31 GMT").is_err());
        assert!(parse("Sat, 31 Feb 2002 09:42:31 GMT").is_err());
    }

    #[test]
    fn a_word_too_many_or_too_few_is_not_a_date() {
        assert!(parse("Sat, 07 Sep 2002 09:42:31 GMT").is_ok());
        for s in [
            "Sat, 07 Sep 2002 09:42:31 GMT extra",
            "Sat, 07 Sep 2002 09:42:31 GMT one two three",
            "07 Sep 2002 09:42:31 GMT extra",
            "Sat, 07 Sep 2002 09:42:31",
            "",
        ] {
            assert!(parse(s).is_err(), "{s:?}");
        }
    }
}
