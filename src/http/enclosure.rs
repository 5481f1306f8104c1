//! Enclosure checks (SPEC.md §0 and §1.3, Apple partner FAQ): the media host must answer `HEAD`
//! and byte-range requests, and what it serves must match the declared `length` and `type`.

use reqwest::header::{CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, HeaderMap, HeaderValue, RANGE};
use reqwest::{Method, StatusCode};
use url::Url;

use super::link_request;
use super::links::LinkOptions;
use super::outcome::{self, header};
use crate::diagnostic::Diagnostic;
use crate::mime;

/// What the server says about the file.
#[derive(Default)]
struct Served {
    length: Option<u64>,
    mime: Option<String>,
}

/// Checks the enclosure at `url` declared as `length` bytes of `declared_mime`.
pub(crate) async fn check(
    client: &reqwest::Client,
    url: &Url,
    length: u64,
    declared_mime: &str,
    opts: &LinkOptions,
    out: &mut Vec<Diagnostic>,
) {
    let noun = "enclosure";
    let none = HeaderMap::new();
    let head = match link_request::send(client, Method::HEAD, url, &none, opts, noun).await {
        Ok(r) => r,
        Err(d) => return out.push(d),
    };
    let mut served = Served::default();
    let head_refused = matches!(
        head.status(),
        StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_IMPLEMENTED
    );
    if head_refused {
        // SPEC.md §0: Apple requires the media host to answer HEAD.
        out.push(
            Diagnostic::new(
                &crate::rules::links::LINK_ENCLOSURE_HEAD,
                format!("{noun} {}: HEAD answered {}", url.as_str(), head.status()),
            )
            .help("Apple Podcasts requires the media host to answer HEAD requests"),
        );
    } else if !head.status().is_success() {
        out.push(outcome::status(noun, url, head.status()));
        return;
    } else {
        // DESIGN.md pitfalls: `content_length()` is the body's, 0 for HEAD; read the header.
        served.length = header(&head, CONTENT_LENGTH).and_then(|v| v.parse().ok());
        served.mime = header(&head, CONTENT_TYPE);
    }
    drop(head);

    let mut ranged = HeaderMap::new();
    ranged.insert(RANGE, HeaderValue::from_static("bytes=0-1"));
    match link_request::send(client, Method::GET, url, &ranged, opts, noun).await {
        Err(d) => out.push(d),
        Ok(r) => {
            let status = r.status();
            if status == StatusCode::PARTIAL_CONTENT {
                served.length = served
                    .length
                    .or_else(|| header(&r, CONTENT_RANGE).and_then(|v| total_of_content_range(&v)));
            } else if status.is_success() {
                // SPEC.md §0: Apple requires byte-range support for media.
                out.push(
                    Diagnostic::new(&crate::rules::links::LINK_ENCLOSURE_RANGE,
                        format!(
                            "{noun} {}: a byte-range request (Range: bytes=0-1) was answered {status}, not 206 Partial Content",
                            url.as_str()
                        ),
                    )
                    .help("Apple Podcasts requires the media host to support byte-range requests"),
                );
                served.length = served
                    .length
                    .or_else(|| header(&r, CONTENT_LENGTH).and_then(|v| v.parse().ok()));
            } else if head_refused {
                out.push(outcome::status(noun, url, status));
                return;
            } else {
                out.push(Diagnostic::new(
                    &crate::rules::links::LINK_ENCLOSURE_RANGE,
                    format!(
                        "{noun} {}: a byte-range request (Range: bytes=0-1) was answered {status}",
                        url.as_str()
                    ),
                ));
            }
            if served.mime.is_none() && status.is_success() {
                served.mime = header(&r, CONTENT_TYPE);
            }
            // Dropping the response unread closes the connection of a 200 for a whole file.
        }
    }
    compare(url, length, declared_mime, &served, out);
}

/// `link.enclosure.length` and `link.enclosure.type`: the feed against the server.
fn compare(
    url: &Url,
    length: u64,
    declared_mime: &str,
    served: &Served,
    out: &mut Vec<Diagnostic>,
) {
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
        compare(&url, 0, "Audio/MPEG", &served, &mut out);
        assert!(out.is_empty(), "{out:?}");
        compare(&url, 11, "audio/x-m4a", &served, &mut out);
        let rules: Vec<_> = out.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["link.enclosure.length", "link.enclosure.type"]);
    }
}
