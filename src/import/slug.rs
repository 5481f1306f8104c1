//! Episode slugs: `YYYY-MM-DD-title-words`, ASCII, lower-case, bounded, unique.

use std::collections::HashSet;

/// The longest title part of a slug, in bytes (cut at a word boundary).
const MAX_WORDS_BYTES: usize = 60;

/// The slug of an episode published on `date` titled `title` (not yet made unique).
pub fn slug(date: chrono::NaiveDate, title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut words = String::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if words.len() + word.len() + 1 > MAX_WORDS_BYTES {
            if words.is_empty() {
                words.push_str(&word[..MAX_WORDS_BYTES]);
            }
            break;
        }
        if !words.is_empty() {
            words.push('-');
        }
        words.push_str(word);
    }
    if words.is_empty() {
        words.push_str("episode");
    }
    format!("{}-{words}", date.format("%Y-%m-%d"))
}

/// Hands out unique slugs: a repeat gets `-2`, `-3`… in the order asked.
#[derive(Debug, Default)]
pub struct Slugs {
    taken: HashSet<String>,
}

impl Slugs {
    /// The next unique slug for `date` and `title`.
    pub fn next(&mut self, date: chrono::NaiveDate, title: &str) -> String {
        let base = slug(date, title);
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2024, 8, 7).unwrap()
    }

    #[test]
    fn slugs_are_ascii_lower_case_words_after_the_date() {
        assert_eq!(
            slug(day(), "Crème brûlée & the Naïve Café: #12!"),
            "2024-08-07-creme-brulee-the-naive-cafe-12"
        );
        assert_eq!(slug(day(), "李雷"), "2024-08-07-li-lei");
        assert_eq!(slug(day(), "???"), "2024-08-07-episode");
        let long = slug(day(), &"word ".repeat(40));
        assert!(long.len() <= 11 + MAX_WORDS_BYTES, "{long}");
        assert!(long.ends_with("-word"), "{long}");
        assert!(slug(day(), &"x".repeat(200)).len() <= 11 + MAX_WORDS_BYTES);
    }

    #[test]
    fn a_repeat_gets_a_suffix() {
        let mut s = Slugs::default();
        assert_eq!(s.next(day(), "Same"), "2024-08-07-same");
        assert_eq!(s.next(day(), "Same"), "2024-08-07-same-2");
        assert_eq!(s.next(day(), "same!"), "2024-08-07-same-3");
    }
}
