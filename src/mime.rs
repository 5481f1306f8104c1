//! MIME type syntax, shared by the records loader and anything else that needs it.
//!
//! The validator's rules (src/rules/item.rs) hold their own private copy of this check; both
//! follow RFC 6838 so a record the loader accepts is never refused by the builder's self-check.

/// Whether `t` is a MIME type: `type/subtype` of RFC 6838 token characters, optionally followed
/// by `;` parameters (`audio/mpeg`, `audio/mp4; codecs=mp4a.40.2`). SPEC.md §8.5: an enclosure's
/// `type` is a MIME type.
pub fn is_mime(t: &str) -> bool {
    let essence = t.split(';').next().unwrap_or_default().trim();
    let token = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c))
    };
    matches!(essence.split_once('/'), Some((a, b)) if token(a) && token(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_types_with_parameters_and_refuses_the_rest() {
        for good in [
            "audio/mpeg",
            "audio/x-m4a",
            "video/mp4; codecs=avc1",
            "application/rss+xml",
        ] {
            assert!(is_mime(good), "{good}");
        }
        for bad in [
            "audio",
            "audio/",
            "/mpeg",
            "audio/mp 3",
            "audio/mpeg/x",
            "aúdio/mpeg",
            "audio/(mp3)",
        ] {
            assert!(!is_mime(bad), "{bad}");
        }
    }
}
