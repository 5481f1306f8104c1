//! Small text helpers shared by the readers and writers: entities, tags, whitespace.

/// Collapses every run of whitespace to one space and trims the ends.
pub fn normalize_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Escapes `&`, `<`, `>` (WebVTT payloads, SPEC.md §3.4) and, with `quotes`, `"` and `'` (HTML,
/// SPEC.md §3.2 uses `&#39;`).
pub fn escape(s: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Decodes the character references WebVTT and HTML transcripts use: the named ones
/// (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` `&lrm;` `&rlm;`) and numeric ones
/// (`&#39;`, `&#x27;`). Anything else is left as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // A reference is short; looking at most 12 bytes ahead keeps this linear.
        let semi = after.bytes().take(12).position(|b| b == b';');
        let decoded = semi.and_then(|semi| decode_one(&after[..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_one(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

/// Removes markup tags: `<` followed by a letter, `/` or a digit (WebVTT timestamps such as
/// `<00:00:01.000>`), up to the next `>`. A lone `<` in text (`a < b`) is kept.
pub fn strip_tags(s: &str) -> String {
    if !s.contains('<') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '/');
        if !is_tag {
            out.push('<');
            rest = after;
            continue;
        }
        match after.find('>') {
            Some(gt) => rest = &after[gt + 1..],
            // No `>` anywhere after: no later `<` can open a tag either, so the rest is text.
            // Stopping here keeps this linear (searching again from each `<` was quadratic).
            None => {
                out.push('<');
                out.push_str(after);
                return out;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_named_and_numeric_references() {
        assert_eq!(
            decode_entities("Q&amp;A it&#39;s &#x27;x&#x27; &bogus; & done"),
            "Q&A it's 'x' &bogus; & done"
        );
    }

    #[test]
    fn strips_tags_but_keeps_a_lone_less_than() {
        assert_eq!(strip_tags("<i>a</i> < b <00:00:01.000>c"), "a < b c");
    }

    #[test]
    fn an_unclosed_tag_leaves_the_rest_as_text_even_when_huge() {
        assert_eq!(strip_tags("x <b>y</b> <a z < q"), "x y <a z < q");
        // 1 MB of `<a` without any `>`: was quadratic (minutes), must now finish at once.
        let input = "<a".repeat(500_000);
        assert_eq!(strip_tags(&input), input);
        let input = format!("{}<i>tail</i>", "<a ".repeat(333_333));
        let out = strip_tags(&input);
        assert!(
            out.starts_with("tail"),
            "the first `<a` runs to the `>` of <i>"
        );
    }

    #[test]
    fn escapes_round_trip_through_decode() {
        let s = "Tom & Jerry <say> \"hi\" it's";
        assert_eq!(decode_entities(&escape(s, true)), s);
    }
}
