//! Timestamps: parsing the forms the formats use and writing `HH:MM:SS.mmm` / `HH:MM:SS,mmm`.

/// Milliseconds in an hour, minute, second.
const HOUR: u64 = 3_600_000;
const MINUTE: u64 = 60_000;
const SECOND: u64 = 1_000;

/// Parses `[h…:]mm:ss<sep>mmm` (SPEC.md §3.3, §3.4): minutes and seconds two digits 00–59,
/// exactly three digits of milliseconds after `sep` (`.` for WebVTT, `,` for SRT; `seps` lists the
/// separators accepted). Hours are optional and may have any number of digits (the WebVTT rule of
/// at least two is relaxed on reading: `0:00:01.000` is common and unambiguous).
pub fn parse_clock(s: &str, seps: &[char]) -> Option<u64> {
    let (hms, ms) = s.rsplit_once(|c| seps.contains(&c))?;
    if ms.len() != 3 || !all_digits(ms) {
        return None;
    }
    let ms: u64 = ms.parse().ok()?;
    let hms = parse_hms(hms, false)?;
    hms.checked_add(ms)
}

/// Parses `[h…:]mm:ss` into milliseconds. With `loose_minutes`, minutes may have one digit when
/// there are no hours (`0:53`, the HTML convention of SPEC.md §3.2).
pub fn parse_hms(s: &str, loose_minutes: bool) -> Option<u64> {
    let parts: Vec<&str> = s.split(':').collect();
    let (h, m, sec) = match parts.as_slice() {
        [m, sec] => ("0", *m, *sec),
        [h, m, sec] => (*h, *m, *sec),
        _ => return None,
    };
    let minute_ok = m.len() == 2 || (loose_minutes && parts.len() == 2 && !m.is_empty());
    if h.is_empty() || h.len() > 9 || !all_digits(h) || !minute_ok || !all_digits(m) {
        return None;
    }
    if sec.len() != 2 || !all_digits(sec) {
        return None;
    }
    let (h, m, sec): (u64, u64, u64) = (h.parse().ok()?, m.parse().ok()?, sec.parse().ok()?);
    // Minutes may exceed 59 only when they are the largest unit (`75:00` in HTML); seconds never.
    if sec > 59 || (parts.len() == 3 && m > 59) || m > 9_999 {
        return None;
    }
    Some(h * HOUR + m * MINUTE + sec * SECOND)
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Writes `HH:MM:SS<sep>mmm`, hours at least two digits (SPEC.md §3.3, §3.4).
pub fn format_clock(ms: u64, sep: char) -> String {
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / HOUR,
        ms % HOUR / MINUTE,
        ms % MINUTE / SECOND,
        ms % SECOND
    )
}

/// Writes `M:SS`, or `H:MM:SS` from an hour on (the HTML convention, SPEC.md §3.2).
pub fn format_short(ms: u64) -> String {
    let (h, m, s) = (ms / HOUR, ms % HOUR / MINUTE, ms % MINUTE / SECOND);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Seconds as a JSON number → whole milliseconds (rounded). `None` for negative, NaN or huge values.
pub fn seconds_to_ms(secs: f64) -> Option<u64> {
    // About 3 million years: far beyond any episode, well inside u64 and f64's exact integers.
    const MAX_SECONDS: f64 = 1e14;
    if !secs.is_finite() || !(0.0..MAX_SECONDS).contains(&secs) {
        return None;
    }
    let ms = (secs * 1000.0).round();
    // The range check above keeps `ms` a non-negative integer below 2^53, so the cast is exact.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "range checked above"
    )]
    Some(ms as u64)
}

/// Whole milliseconds → seconds for JSON (exact to the millisecond when read back).
pub fn ms_to_seconds(ms: u64) -> f64 {
    #[expect(
        clippy::cast_precision_loss,
        reason = "episode times are far below 2^53 ms"
    )]
    let ms = ms as f64;
    ms / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_vtt_times_with_and_without_hours() {
        assert_eq!(parse_clock("01:02:03.004", &['.']), Some(3_723_004));
        assert_eq!(parse_clock("02:03.004", &['.']), Some(123_004));
        assert_eq!(parse_clock("100:00:00.000", &['.']), Some(360_000_000));
    }

    #[test]
    fn rejects_bad_times() {
        for bad in [
            "00:60.000",
            "00:00:00.00",
            "00:00,000",
            "0:0:00.000",
            "aa:00.000",
            "00:00:61.000",
            "",
        ] {
            assert_eq!(parse_clock(bad, &['.']), None, "{bad}");
        }
    }

    #[test]
    fn formats_both_separators() {
        assert_eq!(format_clock(3_723_004, '.'), "01:02:03.004");
        assert_eq!(format_clock(3_723_004, ','), "01:02:03,004");
        assert_eq!(format_short(53_000), "0:53");
        assert_eq!(format_short(3_723_004), "1:02:03");
    }

    #[test]
    fn seconds_round_trip_to_the_millisecond() {
        for ms in [0, 1, 999, 2_400, 10_799_999, 123_456_789] {
            assert_eq!(seconds_to_ms(ms_to_seconds(ms)), Some(ms));
        }
        assert_eq!(seconds_to_ms(-1.0), None);
        assert_eq!(seconds_to_ms(f64::NAN), None);
    }
}
