//! MIME essence: the `type/subtype` part of a Content-Type, lower-cased (DESIGN.md pitfalls:
//! `text/vtt; charset=utf-8` is `text/vtt`).

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
