//! `podcast:image` values (SPEC.md §5.2; the namespace's `docs/tags/image.md`): `aspect-ratio`
//! in CSS `<ratio>` syntax and `purpose` as space-separated tokens.

/// The longest `purpose`, in characters.
pub const MAX_PURPOSE_CHARS: usize = 128;

/// `aspect-ratio`: CSS `<ratio>`, a positive number optionally followed by `/` and another
/// (`1/1`, `16 / 9`, `4`). Gives width over height.
pub fn aspect_ratio(s: &str) -> Result<f64, String> {
    let expected = || format!("an aspect ratio such as \"1/1\" or \"16/9\", found {s:?}");
    let positive = |p: &str| {
        let p = p.trim();
        let ok = !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        ok.then(|| p.parse::<f64>().ok())
            .flatten()
            .filter(|f| f.is_finite() && *f > 0.0)
    };
    let (w, h) = s.split_once('/').unwrap_or((s, "1"));
    match (positive(w), positive(h)) {
        (Some(w), Some(h)) => Ok(w / h),
        _ => Err(expected()),
    }
}

/// `purpose`: space-separated tokens, at most [`MAX_PURPOSE_CHARS`] characters in all.
pub fn purpose(s: &str) -> Result<Vec<&str>, String> {
    let n = s.chars().count();
    if n > MAX_PURPOSE_CHARS {
        return Err(format!(
            "a purpose of at most {MAX_PURPOSE_CHARS} characters, found {n}"
        ));
    }
    let tokens: Vec<&str> = s.split_ascii_whitespace().collect();
    if tokens.is_empty() {
        return Err("a purpose of one or more space-separated tokens such as \"artwork social\", found none".to_owned());
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_and_purposes() {
        assert_eq!(aspect_ratio("16/9"), Ok(16.0 / 9.0));
        assert_eq!(aspect_ratio("1 / 1"), Ok(1.0));
        assert_eq!(aspect_ratio("4"), Ok(4.0));
        for bad in ["", "16:9", "0/1", "1/0", "-1/1", "a/b", "auto"] {
            assert!(aspect_ratio(bad).is_err(), "{bad}");
        }
        assert_eq!(purpose("artwork  social"), Ok(vec!["artwork", "social"]));
        assert!(purpose(" ").is_err() && purpose(&"x".repeat(129)).is_err());
    }
}
