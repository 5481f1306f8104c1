//! Line-oriented input shared by the WebVTT and SRT readers: numbered lines and blank-line blocks.

/// One input line: 1-based number and text without its line ending.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based line number.
    pub no: usize,
    /// The text, without `\n` / `\r\n`.
    pub text: &'a str,
}

/// Splits `text` into blocks of non-blank lines separated by blank (whitespace-only) lines.
pub fn blocks(text: &str) -> Vec<Vec<Line<'_>>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(Line {
                no: i + 1,
                text: line,
            });
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Parses `START --> END [settings]` with `parse` for each time; errors point at the column of
/// the bad part. `what` names the expected form for messages.
pub fn parse_timing(
    line: Line<'_>,
    what: &str,
    parse: impl Fn(&str) -> Option<u64>,
) -> Result<(u64, u64), super::ReadError> {
    let err = || super::ReadError::expected(line.no, what, line.text);
    let (left, right) = line.text.split_once("-->").ok_or_else(err)?;
    let start_text = left.trim();
    // A slice of the line even when empty (`00:01.000 -->` with nothing after), so its column
    // is where the end time should be.
    let right = right.trim_start();
    let end_text = &right[..right.find(char::is_whitespace).unwrap_or(right.len())];
    let col_of = |part: &str| {
        let off = (part.as_ptr() as usize).saturating_sub(line.text.as_ptr() as usize);
        line.text.get(..off).map_or(1, |s| s.chars().count() + 1)
    };
    let start = parse(start_text).ok_or_else(|| {
        super::ReadError::expected(line.no, &format!("a start time in {what}"), start_text)
            .at_column(col_of(start_text))
    })?;
    let end = parse(end_text).ok_or_else(|| {
        super::ReadError::expected(line.no, &format!("an end time in {what}"), end_text)
            .at_column(col_of(end_text))
    })?;
    if end < start {
        return Err(super::ReadError::new(
            line.no,
            format!("the end time {end_text} is before the start time {start_text}"),
        )
        .at_column(col_of(end_text)));
    }
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(s: &str) -> Option<u64> {
        super::super::time::parse_clock(s, &['.'])
    }

    #[test]
    fn a_timing_line_without_an_end_names_the_column_after_the_arrow() {
        for (text, column) in [("00:01.000 -->", 14), ("00:01.000 -->   ", 17)] {
            let line = Line { no: 3, text };
            let e = parse_timing(line, "a timing line", clock).expect_err(text);
            assert_eq!((e.line, e.column), (3, Some(column)), "{text:?}: {e}");
            assert!(e.message.contains("an end time"), "{e}");
        }
    }

    #[test]
    fn a_good_timing_line_parses() {
        let line = Line {
            no: 1,
            text: "00:01.000 --> 00:02.500 align:start",
        };
        assert_eq!(parse_timing(line, "t", clock).ok(), Some((1_000, 2_500)));
    }
}
