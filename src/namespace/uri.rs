//! Absolute URLs as the WHATWG URL parser (the `url` crate) reads them, with a fast path for the
//! shape nearly every URL in a feed has (`https://host.example/path`), which is decided without
//! building a [`url::Url`]: the validator reads tens of thousands of URLs per feed, and the full
//! parse was a tenth of its time (BENCHMARKS.md). The answer is the parser's in every case; a
//! test compares the two on generated URLs.

use std::borrow::Cow;

/// What the URL parser makes of an absolute URL: its scheme (lower-case) and whether it has a
/// host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absolute {
    /// The scheme, lower-case, e.g. `https`.
    pub scheme: Cow<'static, str>,
    /// True when the URL has a host (every valid http(s) URL has one).
    pub has_host: bool,
}

impl Absolute {
    /// True for an `http` or `https` URL.
    pub fn is_web(&self) -> bool {
        matches!(self.scheme.as_ref(), "http" | "https")
    }
}

/// `v` as an absolute URL, or `None` when the URL parser refuses it.
pub fn absolute(v: &str) -> Option<Absolute> {
    if let Some(scheme) = plain_web(v) {
        return Some(Absolute {
            scheme: Cow::Borrowed(scheme),
            has_host: true,
        });
    }
    // A URL without a colon has no scheme, and the parser refuses it without a base: a guid
    // such as a UUID is answered here, not by the parser (which took about 700 instructions to
    // say so, once per item).
    memchr::memchr(b':', v.as_bytes())?;
    let u = url::Url::parse(v).ok()?;
    Some(Absolute {
        scheme: Cow::Owned(u.scheme().to_owned()),
        has_host: u.host().is_some(),
    })
}

/// True when the URL parser accepts `v`.
pub fn is_absolute(v: &str) -> bool {
    absolute(v).is_some()
}

/// The scheme of `v` when it is `http://` or `https://` followed by a plain host name: ASCII
/// letters, digits, dots and hyphens, no `xn--` label (which IDNA would check), a last label
/// starting with a letter (so it is not read as an IPv4 address), then nothing or `/`, `?`, `#`.
/// Such a URL always parses (what follows the host is percent-encoded, never refused). Anything
/// else is `None`, and [`absolute`] asks the parser.
fn plain_web(v: &str) -> Option<&'static str> {
    let (scheme, rest) = if let Some(r) = v.strip_prefix("https://") {
        ("https", r)
    } else {
        ("http", v.strip_prefix("http://")?)
    };
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let host = rest.get(..end)?;
    let plain = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    let last = host.strip_suffix('.').unwrap_or(host).rsplit('.').next()?;
    let named = last.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
    let idna = host
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"xn--"));
    (plain && named && !idna).then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parser(v: &str) -> Option<Absolute> {
        url::Url::parse(v).ok().map(|u| Absolute {
            scheme: Cow::Owned(u.scheme().to_owned()),
            has_host: u.host().is_some(),
        })
    }

    #[test]
    fn the_fast_path_takes_the_common_shape() {
        for v in [
            "https://example.org/show/ep1.mp3",
            "http://cdn.example.com",
            "https://a-b.example.org?x=1",
            "https://example.org#top",
            "https://Example.ORG./x",
        ] {
            assert!(plain_web(v).is_some(), "{v}");
        }
        for v in [
            "https://1.2.3.4/x",
            "https://0x7f/x",
            "https://xn--caf-dma.example/",
            "https://user@example.org/",
            "https://example.org:8080/",
            "https://[::1]/",
            "https:/example.org",
            "https://",
            " https://example.org",
            "ftp://example.org",
        ] {
            assert!(plain_web(v).is_none(), "{v}");
        }
    }

    #[test]
    fn refused_and_odd_urls_get_the_parsers_answer() {
        for v in [
            "https://1.2.3.999/",
            "https://exa mple.org/",
            "https://",
            "relative/path",
            "0495cb90-b9d0-50ba-b94b-a40da5f73898",
            "",
            " \t",
            "mailto:ana@example.org",
            "https://xn--a.example/",
            "urn:uuid:0495cb90-b9d0-50ba-b94b-a40da5f73898",
        ] {
            assert_eq!(absolute(v), parser(v), "{v}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_url_parser(
            scheme in prop::sample::select(vec!["http://", "https://", "HTTPS://", "ftp://", "", "https:/", "urn", "\t"]),
            host in "[a-zA-Z0-9.\\-_ :@\\[\\]%]{0,16}",
            tail in prop::sample::select(vec!["", "/", "/a b", "?q=1", "#f", "\\x", ":80/"]),
        ) {
            let v = format!("{scheme}{host}{tail}");
            prop_assert_eq!(absolute(&v), parser(&v), "{}", v);
        }
    }
}
