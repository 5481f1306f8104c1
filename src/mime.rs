//! MIME types: the syntax check shared by the records loader and the validator's rules (so a
//! record the loader accepts is never refused by the builder's self-check), and the essence used
//! to compare Content-Type headers (DESIGN.md pitfalls: `text/vtt; charset=utf-8` is `text/vtt`).

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

/// The essence of a Content-Type value: parameters dropped, trimmed, lower-cased.
pub fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Content types a feed may be served with: RSS is XML, and podcast apps accept any of these.
pub const FEED_TYPES: [&str; 3] = ["application/rss+xml", "application/xml", "text/xml"];

/// Whether a feed served with this Content-Type is served as XML.
pub fn is_feed_type(content_type: &str) -> bool {
    let e = essence(content_type);
    FEED_TYPES.contains(&e.as_str())
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

    #[test]
    fn essence_drops_parameters_and_case() {
        assert_eq!(essence("Text/VTT; charset=utf-8"), "text/vtt");
        assert_eq!(essence("  audio/mpeg "), "audio/mpeg");
        assert_eq!(essence(""), "");
    }

    #[test]
    fn feed_types_accept_xml_and_refuse_html() {
        assert!(is_feed_type("application/rss+xml; charset=UTF-8"));
        assert!(is_feed_type("text/xml"));
        assert!(!is_feed_type("text/html; charset=utf-8"));
    }
}
