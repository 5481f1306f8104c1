//! Bytes → text: detects the encoding from a BOM or the XML declaration and decodes with
//! encoding_rs. Positions reported later are positions in the decoded text.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// The decoded text of a feed and what was learnt about its encoding.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The feed as UTF-8 text (BOM removed).
    pub text: String,
    /// The encoding's canonical name, e.g. `UTF-8`, `windows-1252`.
    pub encoding: &'static str,
    /// The label the XML declaration named, when it named one.
    pub declared: Option<String>,
    /// Byte offset in `text` just after the first malformed sequence, when the bytes were not
    /// valid in the encoding (they were replaced by U+FFFD).
    pub malformed_at: Option<usize>,
    /// The declared label was not an encoding encoding_rs knows (UTF-8 was assumed).
    pub unknown_label: bool,
}

/// Decodes feed bytes. A BOM wins over the declaration, as XML 1.0 Appendix F says.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (bom, bom_len) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (Some(enc), len),
        None => (None, 0),
    };
    let body = bytes.get(bom_len..).unwrap_or_default();
    let declared = declared_label(bom, body);
    let mut unknown_label = false;
    let encoding = match (bom, &declared) {
        (Some(enc), _) => enc,
        (None, Some(label)) => match Encoding::for_label(label.as_bytes()) {
            // A document without a BOM that claims UTF-16 but reads as ASCII is really 8-bit.
            Some(enc) if enc == UTF_16LE || enc == UTF_16BE => UTF_8,
            Some(enc) => enc,
            None => {
                unknown_label = true;
                UTF_8
            }
        },
        (None, None) => UTF_8,
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let malformed_at = if had_errors {
        text.find('\u{FFFD}')
    } else {
        None
    };
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        declared,
        malformed_at,
        unknown_label,
    }
}

/// Decodes feed bytes it may keep: a UTF-8 feed without a byte order mark (most feeds) becomes
/// its text without a copy, so a large feed is not held twice; any other goes through [`decode`].
pub fn decode_owned(bytes: Vec<u8>) -> Decoded {
    if kept_as_text(&bytes) {
        let declared = declared_label(None, &bytes);
        return match String::from_utf8(bytes) {
            Ok(text) => Decoded {
                text,
                encoding: UTF_8.name(),
                declared,
                malformed_at: None,
                unknown_label: false,
            },
            Err(e) => decode(e.as_bytes()),
        };
    }
    decode(&bytes)
}

/// Whether [`decode_owned`] keeps `bytes` as they are for the text when they are valid UTF-8:
/// no byte order mark, and UTF-8 declared or nothing. (Bytes that are not valid UTF-8 then give
/// a text with replacement characters, and an `xml.encoding.invalid` error.)
pub fn kept_as_text(bytes: &[u8]) -> bool {
    Encoding::for_bom(bytes).is_none()
        && declared_label(None, bytes)
            .as_deref()
            .is_none_or(|l| Encoding::for_label(l.as_bytes()) == Some(UTF_8))
}

/// Reads `encoding="…"` from an XML declaration at the start of `body`.
fn declared_label(bom: Option<&'static Encoding>, body: &[u8]) -> Option<String> {
    // The declaration is ASCII; for UTF-16 take every other byte of the first 200.
    let head: Vec<u8> = match bom {
        Some(enc) if enc == UTF_16LE => body.iter().step_by(2).take(200).copied().collect(),
        Some(enc) if enc == UTF_16BE => body.iter().skip(1).step_by(2).take(200).copied().collect(),
        _ => body.iter().take(200).copied().collect(),
    };
    let head = String::from_utf8_lossy(&head);
    let decl = head.strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    let end = rest.find(quote)?;
    Some(rest[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let cases: [&[u8]; 5] = [
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>caf\xc3\xa9</a>",
            b"<a>no declaration</a>",
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>",
            b"<?xml version=\"1.0\"?><a>bad \xff byte</a>",
            b"\xef\xbb\xbf<a>with a BOM</a>",
        ];
        for bytes in cases {
            let (a, b) = (decode(bytes), decode_owned(bytes.to_vec()));
            assert_eq!(
                (
                    a.text,
                    a.encoding,
                    a.declared,
                    a.malformed_at,
                    a.unknown_label
                ),
                (
                    b.text,
                    b.encoding,
                    b.declared,
                    b.malformed_at,
                    b.unknown_label
                ),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn reads_latin1_declared_in_the_prolog() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>";
        let d = decode(bytes);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("café"));
        assert_eq!(d.malformed_at, None);
    }

    #[test]
    fn reads_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>é</a>".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes);
        assert_eq!(d.encoding, "UTF-16LE");
        assert!(d.text.starts_with("<?xml"));
        assert!(d.text.contains("<a>é</a>"));
    }

    #[test]
    fn flags_bytes_invalid_in_utf8() {
        let d = decode(b"<a>caf\xe9</a>");
        assert_eq!(d.malformed_at, Some(6));
    }

    #[test]
    fn flags_an_unknown_label() {
        let d = decode(b"<?xml version='1.0' encoding='klingon'?><a/>");
        assert!(d.unknown_label);
        assert_eq!(d.declared.as_deref(), Some("klingon"));
    }
}
