//! `podcast:updateFrequency` values (SPEC.md §5.2; the tag's doc, `docs/tags/update-frequency.md`):
//! the recurrence rule (RFC 5545 §3.3.10) and `dtstart` (ISO 8601 date or date-time).
//!
//! Only the syntax is checked (the feed states a schedule; nothing here expands it), so a small
//! parser of the RRULE grammar does the work of a recurrence crate without its time-zone database.

use crate::diagnostic::clip;

/// What a valid rule says that the other attributes depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rrule {
    /// `FREQ`, upper-case.
    pub freq: String,
    /// `COUNT`, when given (then `dtstart` is required).
    pub count: Option<u64>,
    /// `UNTIL` as written, when given (then `dtstart` is written the same way).
    pub until: Option<String>,
}

/// The longest rule read: real rules are a few dozen bytes, and a message quotes its parts.
const MAX_RULE_BYTES: usize = 500;

const FREQS: &[&str] = &[
    "SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY",
];
const WEEKDAYS: &[&str] = &["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// A numeric rule part: name, smallest and largest magnitude, and whether a sign is allowed.
const NUMBER_LISTS: &[(&str, u32, u32, bool)] = &[
    ("BYSECOND", 0, 60, false),
    ("BYMINUTE", 0, 59, false),
    ("BYHOUR", 0, 23, false),
    ("BYMONTHDAY", 1, 31, true),
    ("BYYEARDAY", 1, 366, true),
    ("BYWEEKNO", 1, 53, true),
    ("BYMONTH", 1, 12, false),
    ("BYSETPOS", 1, 366, true),
];

/// Parses an RFC 5545 recurrence rule such as `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO`: `FREQ` once
/// and required, each part at most once, `COUNT` and `UNTIL` not together, every value in its
/// range. Names are compared in any case.
pub fn rrule(s: &str) -> Result<Rrule, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("an empty recurrence rule; expected one such as FREQ=WEEKLY".into());
    }
    if s.len() > MAX_RULE_BYTES {
        return Err(format!(
            "a rule of {} bytes; expected a short rule such as FREQ=WEEKLY (at most {MAX_RULE_BYTES} bytes)",
            s.len()
        ));
    }
    if s.to_ascii_uppercase().starts_with("RRULE:") {
        return Err(
            "the rule starts with \"RRULE:\"; expected only its parts, such as FREQ=WEEKLY".into(),
        );
    }
    let mut seen: Vec<String> = Vec::new();
    let mut rule = Rrule {
        freq: String::new(),
        count: None,
        until: None,
    };
    for part in s.split(';') {
        let Some((name, value)) = part.split_once('=') else {
            return Err(format!("\"{}\" is not NAME=VALUE", clip(part)));
        };
        let name = name.trim().to_ascii_uppercase();
        let value = value.trim();
        if seen.contains(&name) {
            return Err(format!(
                "{name} appears twice; expected each part at most once"
            ));
        }
        seen.push(name.clone());
        part_value(&name, value, &mut rule)?;
    }
    if rule.freq.is_empty() {
        return Err("no FREQ; expected FREQ=DAILY, WEEKLY, MONTHLY, YEARLY …".into());
    }
    if rule.count.is_some() && rule.until.is_some() {
        return Err("both COUNT and UNTIL; RFC 5545 allows one or the other".into());
    }
    Ok(rule)
}

fn part_value(name: &str, value: &str, rule: &mut Rrule) -> Result<(), String> {
    let upper = value.to_ascii_uppercase();
    match name {
        "FREQ" if FREQS.contains(&upper.as_str()) => rule.freq = upper,
        "FREQ" => {
            return Err(format!(
                "FREQ={value}; expected one of {}",
                FREQS.join(", ")
            ));
        }
        "COUNT" | "INTERVAL" => {
            let n = positive(value)
                .ok_or_else(|| format!("{name}={value}; expected a whole number of at least 1"))?;
            if name == "COUNT" {
                rule.count = Some(n);
            }
        }
        "UNTIL" => {
            until(value)?;
            rule.until = Some(value.to_owned());
        }
        "WKST" if WEEKDAYS.contains(&upper.as_str()) => {}
        "WKST" => {
            return Err(format!(
                "WKST={value}; expected one of {}",
                WEEKDAYS.join(", ")
            ));
        }
        "BYDAY" => {
            for d in upper.split(',') {
                weekday_num(d).ok_or_else(|| format!("BYDAY value {d:?}; expected a weekday (MO … SU), optionally after a week number such as +1 or -2"))?;
            }
        }
        _ => {
            let Some(&(_, lo, hi, signed)) = NUMBER_LISTS.iter().find(|(n, ..)| *n == name) else {
                return Err(format!(
                    "{name} is not a part of a recurrence rule (RFC 5545 §3.3.10)"
                ));
            };
            for v in value.split(',') {
                if !in_range(v, lo, hi, signed) {
                    let sign = if signed { "±" } else { "" };
                    return Err(format!(
                        "{name} value \"{}\"; expected {sign}{lo} to {hi}",
                        clip(v)
                    ));
                }
            }
        }
    }
    Ok(())
}

fn positive(v: &str) -> Option<u64> {
    v.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| v.parse::<u64>().ok())
        .flatten()
        .filter(|n| *n >= 1)
}

fn in_range(v: &str, lo: u32, hi: u32, signed: bool) -> bool {
    let digits = match v.strip_prefix(['+', '-']) {
        Some(d) if signed => d,
        Some(_) => return false,
        None => v,
    };
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n))
}

/// `[+|-][1-53]WEEKDAY`.
fn weekday_num(d: &str) -> Option<()> {
    let day = d.get(d.len().checked_sub(2)?..)?;
    let num = &d[..d.len() - 2];
    (WEEKDAYS.contains(&day) && (num.is_empty() || in_range(num, 1, 53, true))).then_some(())
}

/// `UNTIL`: RFC 5545's `19970714` / `19970714T123000Z`, or ISO 8601 as the tag's own example
/// writes it (`2023-12-31T00:00:00.000Z`).
fn until(v: &str) -> Result<(), String> {
    let basic = |s: &str| s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match v.split_once('T') {
        None => basic(v) || dtstart(v).is_ok(),
        Some((d, t)) if basic(d) => {
            let t = t.strip_suffix('Z').unwrap_or(t);
            t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit())
        }
        Some(_) => dtstart(v).is_ok(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "UNTIL={v}; expected a date or date-time such as 20231231T000000Z or 2023-12-31T00:00:00Z"
        ))
    }
}

/// Whether an ISO 8601 value is a date alone (`2025-01-01`) or a date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`.
    DateTime,
}

/// `dtstart`: an ISO 8601 date, or a date-time with a zone (the tag's examples write
/// `2023-08-28T00:00:00.000Z`).
pub fn dtstart(v: &str) -> Result<DateKind, String> {
    let v = v.trim();
    if chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok() {
        return Ok(DateKind::Date);
    }
    if chrono::DateTime::parse_from_rfc3339(v).is_ok() {
        return Ok(DateKind::DateTime);
    }
    Err(format!(
        "\"{}\" is not an ISO 8601 date (2025-01-06) or date-time with a zone (2025-01-06T08:00:00Z)",
        clip(v)
    ))
}

/// The attributes together: `dtstart` is required when the rule has `COUNT`, and written as a
/// date or a date-time like `UNTIL` (the tag's doc).
pub fn with_dtstart(rule: &Rrule, dtstart_value: Option<&str>) -> Result<(), String> {
    let Some(start) = dtstart_value else {
        return match rule.count {
            Some(n) => Err(format!(
                "the rule has COUNT={n}, so dtstart is required: the count starts there"
            )),
            None => Ok(()),
        };
    };
    let kind = dtstart(start)?;
    if let Some(u) = &rule.until {
        let until_is_date = !u.contains('T');
        if until_is_date != (kind == DateKind::Date) {
            return Err(format!(
                "UNTIL={u} and dtstart {start:?} are written differently; the tag's doc asks for the same form (both dates or both date-times)"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_docs_examples_are_valid() {
        for r in [
            "FREQ=DAILY",
            "FREQ=WEEKLY;INTERVAL=2",
            "FREQ=DAILY;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR",
            "FREQ=WEEKLY;BYDAY=FR;BYMONTHDAY=13",
            "FREQ=YEARLY;BYDAY=+4TH;BYMONTH=11",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=10",
            "FREQ=WEEKLY;UNTIL=2023-12-31T00:00:00.000Z;BYDAY=MO",
            "freq=monthly;until=20231231;wkst=su;bysetpos=-1",
        ] {
            assert!(rrule(r).is_ok(), "{r}: {:?}", rrule(r));
        }
        assert_eq!(rrule("FREQ=WEEKLY;COUNT=10").unwrap().count, Some(10));
    }

    #[test]
    fn broken_rules_say_what_was_expected() {
        for (r, says) in [
            ("", "empty"),
            ("INTERVAL=2", "no FREQ"),
            ("FREQ=FORTNIGHTLY", "expected one of SECONDLY"),
            ("FREQ=DAILY;FREQ=WEEKLY", "twice"),
            ("FREQ=DAILY;COUNT=3;UNTIL=20240101", "both COUNT and UNTIL"),
            ("FREQ=DAILY;INTERVAL=0", "at least 1"),
            ("FREQ=WEEKLY;BYDAY=MONDAY", "BYDAY"),
            ("FREQ=WEEKLY;BYDAY=+54MO", "BYDAY"),
            ("FREQ=YEARLY;BYMONTH=13", "1 to 12"),
            ("FREQ=YEARLY;BYHOUR=-1", "0 to 23"),
            ("FREQ=DAILY;UNTIL=tomorrow", "UNTIL"),
            ("FREQ=DAILY;EVERY=2", "not a part"),
            ("RRULE:FREQ=DAILY", "RRULE:"),
            ("FREQ", "NAME=VALUE"),
        ] {
            let e = rrule(r).expect_err(r);
            assert!(e.contains(says), "{r}: {e}");
        }
    }

    #[test]
    fn dtstart_is_required_with_count_and_written_like_until() {
        let count = rrule("FREQ=WEEKLY;COUNT=10").unwrap();
        assert!(
            with_dtstart(&count, None)
                .unwrap_err()
                .contains("dtstart is required")
        );
        assert!(with_dtstart(&count, Some("2023-08-28T00:00:00.000Z")).is_ok());
        assert!(with_dtstart(&count, Some("next monday")).is_err());
        let until = rrule("FREQ=WEEKLY;UNTIL=20231231").unwrap();
        assert!(with_dtstart(&until, Some("2023-01-02")).is_ok());
        assert!(
            with_dtstart(&until, Some("2023-01-02T00:00:00Z"))
                .unwrap_err()
                .contains("same form")
        );
        assert!(with_dtstart(&rrule("FREQ=DAILY").unwrap(), None).is_ok());
    }
}
