//! Speaker prefixes in caption text (`Name: words`): recognised when SRT is read, and looked for
//! when cues are cut, so a name is never split from its words.

/// The longest speaker name taken from a `Name: ` prefix.
const MAX_NAME_CHARS: usize = 40;
/// The most words in a speaker name (`Darth Vader`, `Dr. Jane Q. Public`).
const MAX_NAME_WORDS: usize = 4;

/// If `text` starts with a speaker prefix `Name: `, returns the name and the text after it.
///
/// A name is 1–4 words of at most 40 characters, each word starting with an upper-case letter
/// or digit and made of letters, digits, `.`, `'`, `-`. This keeps `Travis: Now…` and rejects
/// `so here's the thing: …` or a time like `10:30`.
pub fn speaker_label(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    let (name, rest) = (&text[..colon], &text[colon + 1..]);
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let words: Vec<&str> = name.split(' ').collect();
    let word_ok = |w: &&str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            && w.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '\'' | '-' | '\u{2019}'))
    };
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && words.len() <= MAX_NAME_WORDS
        && words.iter().all(word_ok)
        && !name.chars().all(|c| c.is_ascii_digit());
    ok.then(|| (name, rest.trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_label_is_conservative() {
        assert_eq!(
            speaker_label("Darth Vader: I am"),
            Some(("Darth Vader", "I am"))
        );
        assert_eq!(speaker_label("so here's the thing: x"), None);
        assert_eq!(speaker_label("10:30 is late"), None);
        assert_eq!(speaker_label("Note:x"), None);
    }
}
