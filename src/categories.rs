//! Apple Podcasts categories (SPEC.md §6): the current list and the obsolete pre-2019 names.

/// Top-level categories and their subcategories, as exact `text` values.
pub const CATEGORIES: &[(&str, &[&str])] = &[
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

/// The pre-2019 Apple taxonomy, now obsolete (SPEC.md §6, from feedvalidator's list).
pub const OBSOLETE: &[(&str, &[&str])] = &[
    (
        "Arts",
        &[
            "Design",
            "Fashion & Beauty",
            "Food",
            "Literature",
            "Performing Arts",
            "Visual Arts",
        ],
    ),
    (
        "Business",
        &[
            "Business News",
            "Careers",
            "Investing",
            "Management & Marketing",
            "Shopping",
        ],
    ),
    ("Comedy", &[]),
    (
        "Education",
        &[
            "Education Technology",
            "Higher Education",
            "K-12",
            "Language Courses",
            "Training",
        ],
    ),
    (
        "Games & Hobbies",
        &[
            "Automotive",
            "Aviation",
            "Hobbies",
            "Other Games",
            "Video Games",
        ],
    ),
    (
        "Government & Organizations",
        &["Local", "National", "Non-Profit", "Regional"],
    ),
    (
        "Health",
        &[
            "Alternative Health",
            "Fitness & Nutrition",
            "Self-Help",
            "Sexuality",
        ],
    ),
    ("Kids & Family", &[]),
    ("Music", &[]),
    ("News & Politics", &[]),
    (
        "Religion & Spirituality",
        &[
            "Buddhism",
            "Christianity",
            "Hinduism",
            "Islam",
            "Judaism",
            "Other",
            "Spirituality",
        ],
    ),
    (
        "Science & Medicine",
        &["Medicine", "Natural Sciences", "Social Sciences"],
    ),
    (
        "Society & Culture",
        &[
            "History",
            "Personal Journals",
            "Philosophy",
            "Places & Travel",
        ],
    ),
    (
        "Sports & Recreation",
        &[
            "Amateur",
            "College & High School",
            "Outdoor",
            "Professional",
        ],
    ),
    (
        "Technology",
        &["Gadgets", "Tech News", "Podcasting", "Software How-To"],
    ),
    ("TV & Film", &[]),
];

/// The subcategories of a current top-level category.
pub fn subcategories(top: &str) -> Option<&'static [&'static str]> {
    CATEGORIES.iter().find(|(t, _)| *t == top).map(|(_, s)| *s)
}

/// True when `top` (and `sub`, when given) names an entry of the obsolete taxonomy.
pub fn is_obsolete(top: &str, sub: Option<&str>) -> bool {
    OBSOLETE
        .iter()
        .find(|(t, _)| *t == top)
        .is_some_and(|(_, subs)| sub.is_none_or(|s| subs.contains(&s)))
}

/// The current top-level category that lists `sub`, if any (to suggest where a subcategory belongs).
pub fn parent_of(sub: &str) -> Option<&'static str> {
    CATEGORIES
        .iter()
        .find(|(_, subs)| subs.contains(&sub))
        .map(|(top, _)| *top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_19_categories_and_91_subcategories() {
        assert_eq!(CATEGORIES.len(), 19);
        assert_eq!(CATEGORIES.iter().map(|(_, s)| s.len()).sum::<usize>(), 91);
    }
}
