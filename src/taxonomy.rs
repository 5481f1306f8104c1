//! The Podcast Taxonomy: the groups and roles a `podcast:person` may have (SPEC.md §5.2), compared
//! case-insensitively. The names are the Podcast Index's `taxonomy-en.json`.

/// Each group with its roles.
pub const GROUPS: &[(&str, &[&str])] = &[
    (
        "Creative Direction",
        &[
            "Director",
            "Assistant Director",
            "Executive Producer",
            "Senior Producer",
            "Producer",
            "Associate Producer",
            "Development Producer",
            "Creative Director",
        ],
    ),
    (
        "Cast",
        &[
            "Host",
            "Co-Host",
            "Guest Host",
            "Guest",
            "Voice Actor",
            "Narrator",
            "Announcer",
            "Reporter",
        ],
    ),
    (
        "Writing",
        &[
            "Author",
            "Editorial Director",
            "Co-Writer",
            "Writer",
            "Songwriter",
            "Guest Writer",
            "Story Editor",
            "Managing Editor",
            "Script Editor",
            "Script Coordinator",
            "Researcher",
            "Editor",
            "Fact Checker",
            "Translator",
            "Transcriber",
            "Logger",
        ],
    ),
    (
        "Audio Production",
        &[
            "Studio Coordinator",
            "Technical Director",
            "Technical Manager",
            "Audio Engineer",
            "Remote Recording Engineer",
            "Post Production Engineer",
        ],
    ),
    (
        "Audio Post-Production",
        &[
            "Audio Editor",
            "Sound Designer",
            "Foley Artist",
            "Composer",
            "Theme Music",
            "Music Production",
            "Music Contributor",
        ],
    ),
    (
        "Administration",
        &[
            "Production Coordinator",
            "Booking Coordinator",
            "Production Assistant",
            "Content Manager",
            "Marketing Manager",
            "Sales Representative",
            "Sales Manager",
        ],
    ),
    ("Visuals", &["Graphic Designer", "Cover Art Designer"]),
    ("Community", &["Social Media Manager"]),
    ("Misc.", &["Consultant", "Intern"]),
    (
        "Video Production",
        &[
            "Camera Operator",
            "Lighting Designer",
            "Camera Grip",
            "Assistant Camera",
        ],
    ),
    ("Video Post-Production", &["Editor", "Assistant Editor"]),
];

/// The group's roles, when `group` names one (any case).
pub fn roles_of(group: &str) -> Option<&'static [&'static str]> {
    GROUPS
        .iter()
        .find(|(g, _)| g.eq_ignore_ascii_case(group.trim()))
        .map(|(_, roles)| *roles)
}

/// Whether `role` is a role of some group (any case).
pub fn is_role(role: &str) -> bool {
    GROUPS
        .iter()
        .any(|(_, roles)| roles.iter().any(|r| r.eq_ignore_ascii_case(role.trim())))
}

/// The group names, for messages.
pub fn group_names() -> Vec<&'static str> {
    GROUPS.iter().map(|(g, _)| *g).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_in_any_case() {
        assert!(is_role("host") && is_role("Co-Host") && is_role("fact checker"));
        assert!(!is_role("hostess"));
        assert!(roles_of("cast").is_some_and(|r| r.contains(&"Guest")));
        assert!(roles_of("audio post-production").is_some());
        assert!(roles_of("crew").is_none());
    }
}
