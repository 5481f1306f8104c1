//! `podcast:medium` values (SPEC.md §5.2), shared by the records loader and the validator.

/// Every value the namespace defines: the single mediums, their list forms (suffix `L`, for feeds
/// that hold only `podcast:remoteItem`s) and `mixed`.
pub const MEDIUMS: &[&str] = &[
    "podcast",
    "music",
    "video",
    "film",
    "audiobook",
    "newsletter",
    "blog",
    "publisher",
    "course",
    "podcastL",
    "musicL",
    "videoL",
    "filmL",
    "audiobookL",
    "newsletterL",
    "blogL",
    "publisherL",
    "courseL",
    "mixed",
];

/// Whether `medium` is a list medium: a feed of `podcast:remoteItem`s, not of episodes.
pub fn is_list(medium: &str) -> bool {
    medium == "mixed" || medium.ends_with('L')
}

/// The single mediums: what a show of episodes may declare.
pub fn single() -> impl Iterator<Item = &'static str> {
    MEDIUMS.iter().copied().filter(|m| !is_list(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nine_single_mediums_each_with_a_list_form() {
        let singles: Vec<_> = single().collect();
        assert_eq!(singles.len(), 9);
        for m in singles {
            assert!(MEDIUMS.contains(&format!("{m}L").as_str()), "{m}");
        }
    }
}
