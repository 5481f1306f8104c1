//! `podcast:chapters` (SPEC.md §5.1): the value of its `type` attribute.

/// The type the tag's doc prefers for JSON chapters.
pub const JSON_CHAPTERS: &str = crate::chapters::MIME;

/// What a `<podcast:chapters type>` value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChaptersType {
    /// `application/json+chapters`, the type the tag's doc names.
    JsonChapters,
    /// Another MIME type (plain `application/json` is the common one).
    Other,
}

/// Parses a `<podcast:chapters type>` value: a MIME type ("Mime type of file - JSON preferred,
/// 'application/json+chapters'", docs/tags/chapters.md), compared without parameters and case.
pub fn chapters_type(s: &str) -> Result<ChaptersType, String> {
    let s = s.trim();
    if !crate::mime::is_mime(s) {
        return Err(format!(
            "a MIME type, preferably {JSON_CHAPTERS}; found {:?}",
            crate::diagnostic::clip(s)
        ));
    }
    let essence = s.split(';').next().unwrap_or_default().trim();
    Ok(if essence.eq_ignore_ascii_case(JSON_CHAPTERS) {
        ChaptersType::JsonChapters
    } else {
        ChaptersType::Other
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_is_a_mime_type_json_chapters_preferred() {
        assert_eq!(
            chapters_type("application/json+chapters"),
            Ok(ChaptersType::JsonChapters)
        );
        assert_eq!(
            chapters_type("Application/JSON+Chapters; charset=utf-8"),
            Ok(ChaptersType::JsonChapters)
        );
        assert_eq!(chapters_type("application/json"), Ok(ChaptersType::Other));
        assert!(
            chapters_type("json")
                .unwrap_err()
                .starts_with("a MIME type")
        );
    }
}
