//! Namespaces known to podcast feeds, matched by URI, never by prefix (SPEC.md §7).

/// A namespace an element or attribute belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ns {
    /// No namespace: RSS 2.0's own elements.
    None,
    /// `http://www.itunes.com/dtds/podcast-1.0.dtd`.
    Itunes,
    /// `https://podcastindex.org/namespace/1.0` (and the old GitHub URI).
    Podcast,
    /// `http://purl.org/rss/1.0/modules/content/`.
    Content,
    /// `http://www.w3.org/2005/Atom`.
    Atom,
    /// `http://www.spotify.com/ns/rss`.
    Spotify,
    /// `http://www.google.com/schemas/play-podcasts/1.0`.
    GooglePlay,
    /// `http://www.w3.org/XML/1998/namespace` (`xml:lang`, `xml:base`).
    Xml,
    /// Any other namespace, by URI: shared by the elements of one declaration, and behind one
    /// thin pointer so that `Ns` stays 16 bytes (an element and each attribute carry one).
    Other(std::sync::Arc<String>),
}

/// The URI the generator emits for each known namespace (SPEC.md §7).
pub const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";
/// Podcast Index namespace URI.
pub const PODCAST: &str = "https://podcastindex.org/namespace/1.0";
/// The old GitHub URI of the Podcast Index namespace: the same namespace (SPEC.md §7).
pub const PODCAST_GITHUB: &str =
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md";
/// RSS content module URI.
pub const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
/// Atom URI.
pub const ATOM: &str = "http://www.w3.org/2005/Atom";
/// Spotify URI.
pub const SPOTIFY: &str = "http://www.spotify.com/ns/rss";
/// Google Play URI (legacy).
pub const GOOGLEPLAY: &str = "http://www.google.com/schemas/play-podcasts/1.0";
/// The XML namespace, bound to `xml:` without a declaration.
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// How a URI was recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The namespace.
    pub ns: Ns,
    /// True when the URI is an accepted variant (http/https, trailing slash) of the exact one.
    pub variant: bool,
}

/// Maps a namespace URI to a known namespace. Accepts http/https and trailing-slash variants of
/// content, atom, spotify and googleplay, marking them as variants (SPEC.md §7).
pub fn resolve(uri: &str) -> Resolved {
    let exact = |ns| Resolved { ns, variant: false };
    match uri {
        "" => return exact(Ns::None),
        ITUNES => return exact(Ns::Itunes),
        PODCAST | PODCAST_GITHUB => return exact(Ns::Podcast),
        CONTENT => return exact(Ns::Content),
        ATOM => return exact(Ns::Atom),
        SPOTIFY => return exact(Ns::Spotify),
        GOOGLEPLAY => return exact(Ns::GooglePlay),
        XML => return exact(Ns::Xml),
        _ => {}
    }
    let bare = strip_variant(uri);
    let candidates = [
        (CONTENT, Ns::Content),
        (ATOM, Ns::Atom),
        (SPOTIFY, Ns::Spotify),
        (GOOGLEPLAY, Ns::GooglePlay),
    ];
    for (known, ns) in candidates {
        if strip_variant(known) == bare {
            return Resolved { ns, variant: true };
        }
    }
    exact(Ns::Other(std::sync::Arc::new(uri.to_owned())))
}

/// The known namespace, and its exact URI, that `uri` names but for letter case, e.g.
/// `http://www.itunes.com/DTDs/Podcast-1.0.dtd`. Namespace URIs are compared exactly, so such a
/// URI is another namespace to XML; it is plainly meant as the known one (SPEC.md §7).
pub fn miscased(uri: &str) -> Option<(Ns, &'static str)> {
    if !matches!(resolve(uri).ns, Ns::Other(_)) {
        return None;
    }
    [
        (ITUNES, Ns::Itunes),
        (PODCAST, Ns::Podcast),
        (CONTENT, Ns::Content),
        (ATOM, Ns::Atom),
        (SPOTIFY, Ns::Spotify),
        (GOOGLEPLAY, Ns::GooglePlay),
    ]
    .into_iter()
    .find(|(known, _)| known.eq_ignore_ascii_case(uri))
    .map(|(known, ns)| (ns, known))
}

fn strip_variant(uri: &str) -> &str {
    let rest = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))
        .unwrap_or(uri);
    rest.trim_end_matches('/')
}

impl Ns {
    /// The conventional prefix, used in paths and messages.
    pub fn prefix(&self) -> Option<&str> {
        match self {
            Ns::None | Ns::Other(_) => None,
            Ns::Itunes => Some("itunes"),
            Ns::Podcast => Some("podcast"),
            Ns::Content => Some("content"),
            Ns::Atom => Some("atom"),
            Ns::Spotify => Some("spotify"),
            Ns::GooglePlay => Some("googleplay"),
            Ns::Xml => Some("xml"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_namespace_a_miscased_uri_means() {
        assert_eq!(
            miscased("http://www.itunes.com/DTDs/Podcast-1.0.dtd"),
            Some((Ns::Itunes, ITUNES))
        );
        assert_eq!(miscased(ITUNES), None);
        assert_eq!(miscased("http://example.org/ns"), None);
    }

    #[test]
    fn matches_by_uri_and_flags_variants() {
        assert_eq!(resolve(ITUNES).ns, Ns::Itunes);
        assert_eq!(
            resolve(PODCAST_GITHUB),
            Resolved {
                ns: Ns::Podcast,
                variant: false
            }
        );
        let atom = resolve("https://www.w3.org/2005/Atom/");
        assert_eq!(
            atom,
            Resolved {
                ns: Ns::Atom,
                variant: true
            }
        );
        assert_eq!(
            resolve("http://purl.org/rss/1.0/modules/content").ns,
            Ns::Content
        );
        // itunes is case-sensitive and has no accepted variants
        assert!(matches!(
            resolve("http://www.itunes.com/DTDs/Podcast-1.0.dtd").ns,
            Ns::Other(_)
        ));
    }
}
