//! Apple Podcasts categories (SPEC.md §6): 19 top-level categories, 91 subcategories.

/// Every top-level category with its subcategories, exact and case-sensitive.
pub const APPLE: &[(&str, &[&str])] = &[
    (
        "Arts",
        &[
            "Books",
            "Design",
            "Fashion & Beauty",
            "Food",
            "Performing Arts",
            "Visual Arts",
        ],
    ),
    (
        "Business",
        &[
            "Careers",
            "Entrepreneurship",
            "Investing",
            "Management",
            "Marketing",
            "Non-Profit",
        ],
    ),
    ("Comedy", &["Comedy Interviews", "Improv", "Stand-Up"]),
    (
        "Education",
        &["Courses", "How To", "Language Learning", "Self-Improvement"],
    ),
    ("Fiction", &["Comedy Fiction", "Drama", "Science Fiction"]),
    ("Government", &[]),
    ("History", &[]),
    (
        "Health & Fitness",
        &[
            "Alternative Health",
            "Fitness",
            "Medicine",
            "Mental Health",
            "Nutrition",
            "Sexuality",
        ],
    ),
    (
        "Kids & Family",
        &[
            "Education for Kids",
            "Parenting",
            "Pets & Animals",
            "Stories for Kids",
        ],
    ),
    (
        "Leisure",
        &[
            "Animation & Manga",
            "Automotive",
            "Aviation",
            "Crafts",
            "Games",
            "Hobbies",
            "Home & Garden",
            "Video Games",
        ],
    ),
    (
        "Music",
        &["Music Commentary", "Music History", "Music Interviews"],
    ),
    (
        "News",
        &[
            "Business News",
            "Daily News",
            "Entertainment News",
            "News Commentary",
            "Politics",
            "Sports News",
            "Tech News",
        ],
    ),
    (
        "Religion & Spirituality",
        &[
            "Buddhism",
            "Christianity",
            "Hinduism",
            "Islam",
            "Judaism",
            "Religion",
            "Spirituality",
        ],
    ),
    (
        "Science",
        &[
            "Astronomy",
            "Chemistry",
            "Earth Sciences",
            "Life Sciences",
            "Mathematics",
            "Natural Sciences",
            "Nature",
            "Physics",
            "Social Sciences",
        ],
    ),
    (
        "Society & Culture",
        &[
            "Documentary",
            "Personal Journals",
            "Philosophy",
            "Places & Travel",
            "Relationships",
        ],
    ),
    (
        "Sports",
        &[
            "Baseball",
            "Basketball",
            "Cricket",
            "Fantasy Sports",
            "Football",
            "Golf",
            "Hockey",
            "Rugby",
            "Running",
            "Soccer",
            "Swimming",
            "Tennis",
            "Volleyball",
            "Wilderness",
            "Wrestling",
        ],
    ),
    ("Technology", &[]),
    ("True Crime", &[]),
    (
        "TV & Film",
        &[
            "After Shows",
            "Film History",
            "Film Interviews",
            "Film Reviews",
            "TV Reviews",
        ],
    ),
];

/// Pre-2019 names Apple no longer lists (SPEC.md §6): a warning, not an error.
pub const OBSOLETE: &[&str] = &[
    "Games & Hobbies",
    "Science & Medicine",
    "Sports & Recreation",
    "News & Politics",
    "Government & Organizations",
    "Health",
    "Podcasting",
];

/// The subcategories of a top-level category, or `None` when `name` is not one.
pub fn subcategories(name: &str) -> Option<&'static [&'static str]> {
    APPLE
        .iter()
        .find(|(top, _)| *top == name)
        .map(|(_, subs)| *subs)
}

/// The top-level category that lists `sub`, if any (to suggest a fix for a misplaced subcategory).
pub fn parent_of(sub: &str) -> Option<&'static str> {
    APPLE
        .iter()
        .find(|(_, subs)| subs.contains(&sub))
        .map(|(top, _)| *top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_spec() {
        assert_eq!(APPLE.len(), 19);
        assert_eq!(APPLE.iter().map(|(_, s)| s.len()).sum::<usize>(), 91);
    }

    #[test]
    fn finds_parents_and_children() {
        assert_eq!(parent_of("Entrepreneurship"), Some("Business"));
        assert!(subcategories("Technology").is_some_and(<[_]>::is_empty));
        assert_eq!(subcategories("Tech"), None);
    }
}
