//! Quoting a feed's text in a message: at most [`MAX_CHARS`] characters, so that a finding on
//! a huge value (a megabyte of `<language>`) stays one readable line and the report stays
//! proportional to the number of findings, not to the size of the feed.

use std::borrow::Cow;

/// The most characters of a value a message quotes.
pub(super) const MAX_CHARS: usize = 60;

/// `v`, or its first [`MAX_CHARS`] characters followed by `…` when it is longer.
pub(super) fn clip(v: &str) -> Cow<'_, str> {
    match v.char_indices().nth(MAX_CHARS) {
        None => Cow::Borrowed(v),
        Some((end, _)) => Cow::Owned(format!("{}…", &v[..end])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_short_values_and_cuts_long_ones_on_a_character_boundary() {
        assert_eq!(clip("en-us"), "en-us");
        let exact = "é".repeat(MAX_CHARS);
        assert_eq!(clip(&exact), exact);
        let long = "é".repeat(10_000);
        let shown = clip(&long);
        assert_eq!(shown.chars().count(), MAX_CHARS + 1);
        assert!(shown.ends_with('…'));
    }
}
