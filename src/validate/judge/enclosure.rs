//! Enclosure findings (SPEC.md §0 and §1.3, Apple partner FAQ): the media host must answer `HEAD`
//! and byte-range requests, and what it serves must match the declared `length` and `type`.

use url::Url;

use super::failure;
use super::result::{Exchange, LinkResult, Response};
use crate::diagnostic::Diagnostic;
use crate::mime;

const NOUN: &str = "enclosure";

/// What the server says about the file.
#[derive(Default)]
struct Served {
    length: Option<u64>,
    mime: Option<String>,
}

/// The enclosure at `url` declared as `length` bytes of `declared_mime`.
#[derive(Clone, Copy)]
pub(super) struct Declared<'a> {
    pub(super) url: &'a Url,
    pub(super) length: u64,
    pub(super) mime: &'a str,
}

/// Whether a HEAD that answered `head` was refused (405, 501): Apple requires HEAD.
fn head_refused(head: &Response) -> bool {
    matches!(head.status.code, 405 | 501)
}

/// Whether the byte-range `GET` is worth sending after `head`: not when the HEAD request failed
/// or answered an error other than refusing HEAD, which already says the link is broken.
pub fn needs_range_request(head: &Exchange) -> bool {
    head.as_ref()
        .is_ok_and(|h| h.status.is_success() || head_refused(h))
}

/// The findings about an enclosure from its HEAD and byte-range answers.
pub(super) fn judge(declared: Declared<'_>, result: &LinkResult, out: &mut Vec<Diagnostic>) {
    let url = declared.url;
    let head = match &result.head {
        None => return,
        Some(Err(f)) => return out.push(failure::failure(NOUN, url, f)),
        Some(Ok(h)) => h,
    };
    let mut served = Served::default();
    let refused = head_refused(head);
    if refused {
        // SPEC.md §0: Apple requires the media host to answer HEAD.
        out.push(
            Diagnostic::new(
                &crate::rules::links::LINK_ENCLOSURE_HEAD,
                format!("{NOUN} {}: HEAD answered {}", url.as_str(), head.status),
            )
            .help("Apple Podcasts requires the media host to answer HEAD requests"),
        );
    } else if !head.status.is_success() {
        return out.push(failure::status(NOUN, url, head.status));
    } else {
        // DESIGN.md pitfalls: a HEAD's body is empty; the length is the header's.
        served.length = head
            .headers
            .content_length
            .as_deref()
            .and_then(|v| v.parse().ok());
        served.mime.clone_from(&head.headers.content_type);
    }
    match &result.get {
        None => {}
        Some(Err(f)) => out.push(failure::failure(NOUN, url, f)),
        Some(Ok(r)) if !ranged(url, r, refused, &mut served, out) => return,
        Some(Ok(_)) => {}
    }
    compare(declared, &served, out);
}

/// Reads the answer `r` to `Range: bytes=0-1` into `served` and reports a host without range
/// support. False when the check ends here (HEAD refused and the GET failed too).
fn ranged(
    url: &Url,
    r: &Response,
    head_refused: bool,
    served: &mut Served,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let status = r.status;
    let header_length = || r.headers.content_length.as_deref()?.parse().ok();
    if status.code == 206 {
        served.length = served.length.or_else(|| {
            r.headers
                .content_range
                .as_deref()
                .and_then(total_of_content_range)
        });
    } else if status.is_success() {
        // SPEC.md §0: Apple requires byte-range support for media.
        out.push(
            Diagnostic::new(&crate::rules::links::LINK_ENCLOSURE_RANGE,
                format!(
                    "{NOUN} {}: a byte-range request (Range: bytes=0-1) was answered {status}, not 206 Partial Content",
                    url.as_str()
                ),
            )
            .help("Apple Podcasts requires the media host to support byte-range requests"),
        );
        served.length = served.length.or_else(header_length);
    } else if head_refused {
        out.push(failure::status(NOUN, url, status));
        return false;
    } else {
        out.push(Diagnostic::new(
            &crate::rules::links::LINK_ENCLOSURE_RANGE,
            format!(
                "{NOUN} {}: a byte-range request (Range: bytes=0-1) was answered {status}",
                url.as_str()
            ),
        ));
    }
    if served.mime.is_none() && status.is_success() {
        served.mime.clone_from(&r.headers.content_type);
    }
    true
}

/// `link.enclosure.length` and `link.enclosure.type`: the feed against the server.
fn compare(declared: Declared<'_>, served: &Served, out: &mut Vec<Diagnostic>) {
    let Declared {
        url,
        length,
        mime: declared_mime,
    } = declared;
    // RSS 2.0 allows length 0 for "unknown": nothing to compare (SPEC.md §1.3).
    if let Some(actual) = served.length.filter(|&n| length != 0 && n != length) {
        out.push(
            Diagnostic::new(
                &crate::rules::links::LINK_ENCLOSURE_LENGTH,
                format!(
                    "enclosure {}: the feed says {length} bytes, the server {actual}",
                    url.as_str()
                ),
            )
            .help(format!("set the enclosure length to {actual}")),
        );
    }
    if let Some(actual) = &served.mime {
        let (want, got) = (mime::essence(declared_mime), mime::essence(actual));
        if want != got {
            out.push(
                Diagnostic::new(
                    &crate::rules::links::LINK_ENCLOSURE_TYPE,
                    format!(
                        "enclosure {}: the feed says type {want}, the server sends {got}",
                        url.as_str()
                    ),
                )
                .help("make the enclosure type and the server's Content-Type agree"),
            );
        }
    }
}

/// The complete length in `Content-Range: bytes 0-1/12345`; `*` (unknown) is `None`.
fn total_of_content_range(value: &str) -> Option<u64> {
    value.rsplit_once('/')?.1.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range_gives_the_total_length() {
        assert_eq!(total_of_content_range("bytes 0-1/6800000"), Some(6_800_000));
        assert_eq!(total_of_content_range("bytes 0-1/*"), None);
        assert_eq!(total_of_content_range("garbage"), None);
    }

    #[test]
    fn length_zero_is_unknown_and_types_compare_by_essence() {
        let url = Url::parse("https://h/e.mp3").expect("url");
        let served = Served {
            length: Some(10),
            mime: Some("audio/mpeg; charset=binary".into()),
        };
        let mut out = Vec::new();
        let declared = |length, mime| Declared {
            url: &url,
            length,
            mime,
        };
        compare(declared(0, "Audio/MPEG"), &served, &mut out);
        assert!(out.is_empty(), "{out:?}");
        compare(declared(11, "audio/x-m4a"), &served, &mut out);
        let rules: Vec<_> = out.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["link.enclosure.length", "link.enclosure.type"]);
    }
}
