//! The other item and media values (SPEC.md §5.2): soundbite times, `podcast:txt`'s
//! `ai-content`, `podcast:integrity`, the length caps of labels, and the measurement prefix
//! applied to enclosure URLs.

/// `podcast:soundbite` durations the namespace recommends, in seconds ("recommended between 15
/// and 120 seconds", `docs/tags/soundbite.md`).
pub const SOUNDBITE_SECONDS: std::ops::RangeInclusive<f64> = 15.0..=120.0;

/// Caps in characters: labels of 128 (soundbite title, season name, txt purpose), 32 (episode
/// display, alternate enclosure title and rel) and 4000 (txt).
pub const MAX_LABEL: usize = 128;
/// See [`MAX_LABEL`].
pub const MAX_SHORT: usize = 32;
/// See [`MAX_LABEL`].
pub const MAX_TXT: usize = 4000;

/// Seconds as a decimal number ≥ 0 (`73.0`, `1234.5`).
pub fn seconds(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let ok = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    ok.then(|| t.parse::<f64>().ok())
        .flatten()
        .filter(|f| f.is_finite())
        .ok_or_else(|| format!("a decimal number of seconds such as \"73.5\", found {s:?}"))
}

/// Text of at most `max` characters.
pub fn at_most(s: &str, max: usize) -> Result<&str, String> {
    let n = s.chars().count();
    if n > max {
        return Err(format!("at most {max} characters, found {n}"));
    }
    Ok(s)
}

/// The `purpose` of a `podcast:txt` whose text says whether AI-generated content was used.
pub const AI_CONTENT: &str = "ai-content";

/// The text of `podcast:txt purpose="ai-content"`: `true` or `false`, like `itunes:explicit`
/// (SPEC.md §8.3).
pub fn ai_content(s: &str) -> Result<bool, String> {
    match s.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(format!(
            "\"true\" or \"false\" for purpose=\"ai-content\", found {other:?}"
        )),
    }
}

/// `podcast:integrity` types.
pub const INTEGRITY_TYPES: &[&str] = &["sri", "pgp-signature"];

/// A `podcast:integrity` value for `kind`: an SRI string (`sha256-`, `sha384-` or `sha512-` and
/// base64, W3C Subresource Integrity §3.5) or a base64 PGP signature.
pub fn integrity(kind: &str, value: &str) -> Result<(), String> {
    let base64 = |s: &str| {
        !s.is_empty()
            && s.trim_end_matches('=')
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
    };
    match kind {
        "sri" => {
            let ok = value.split_ascii_whitespace().all(|h| {
                h.split_once('-').is_some_and(|(alg, rest)| {
                    ["sha256", "sha384", "sha512"].contains(&alg)
                        && base64(rest.split('?').next().unwrap_or_default())
                })
            });
            if ok && !value.trim().is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "an SRI hash such as \"sha384-<base64>\", found {value:?}"
                ))
            }
        }
        "pgp-signature" => {
            let compact: String = value.split_ascii_whitespace().collect();
            if base64(&compact) {
                Ok(())
            } else {
                Err("a base64 PGP signature".to_owned())
            }
        }
        other => Err(format!(
            "an integrity type sri or pgp-signature, found {other:?}"
        )),
    }
}

/// A measurement prefix (OP3, Podtrac and the like): an absolute http(s) URL ending in `/`.
pub fn enclosure_prefix(s: &str) -> Result<&str, String> {
    let ok = (s.starts_with("https://") || s.starts_with("http://"))
        && s.ends_with('/')
        && super::uri::absolute(s).is_some_and(|u| u.has_host);
    if ok {
        Ok(s)
    } else {
        Err(format!(
            "a prefix URL ending in \"/\" such as \"https://op3.dev/e/\", found {s:?}"
        ))
    }
}

/// `url` as published behind `prefix`: the prefix, then the URL without its `https://` (an
/// `http://` URL keeps its scheme). This is how OP3 composes (<https://op3.dev/setup>: "including
/// the full protocol after the prefix is only necessary when the target is http") and how prefix
/// chains are written (a second prefix without its scheme, then the URL:
/// `https://op3.dev/e/dts.podtrac.com/redirect.mp3/example.com/ep.mp3`).
pub fn prefixed(url: &str, prefix: Option<&str>) -> String {
    match prefix {
        Some(p) => format!("{p}{}", url.strip_prefix("https://").unwrap_or(url)),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(seconds("73.5"), Ok(73.5));
        assert!(seconds("-1").is_err() && seconds("1e3").is_err() && seconds("").is_err());
        assert_eq!(ai_content("true"), Ok(true));
        assert!(ai_content("yes").is_err());
        assert!(
            integrity(
                "sri",
                "sha384-ExVqijgYHm15PqQqdXfW95x+Rs6C+d6E/ICxyQOeFevnxNLR/wtJNrNYTjIysUBo"
            )
            .is_ok()
        );
        assert!(integrity("sri", "md5-abc").is_err());
        assert!(integrity("pgp-signature", "iQEzBAEBCAAd\nFiEE==").is_ok());
        assert!(integrity("pgp-signature", "not base64!").is_err());
        assert!(at_most("abc", 2).is_err());
    }

    #[test]
    fn prefixes_compose_like_the_measurement_services_say() {
        let p = Some("https://op3.dev/e/dts.podtrac.com/redirect.mp3/");
        assert_eq!(
            prefixed("https://example.com/ep.mp3", p),
            "https://op3.dev/e/dts.podtrac.com/redirect.mp3/example.com/ep.mp3"
        );
        assert_eq!(
            prefixed("http://example.com/ep.mp3", Some("https://op3.dev/e/")),
            "https://op3.dev/e/http://example.com/ep.mp3"
        );
        assert_eq!(prefixed("https://a.example/x", None), "https://a.example/x");
        assert!(enclosure_prefix("https://op3.dev/e/").is_ok());
        assert!(enclosure_prefix("https://op3.dev/e").is_err());
        assert!(enclosure_prefix("op3.dev/e/").is_err());
    }
}
