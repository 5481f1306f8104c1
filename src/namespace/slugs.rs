//! Lists of names the namespace keeps as text files in its repository, embedded as data:
//! service slugs (`podcast:block id`), social protocols (`podcast:socialInteract protocol`) and
//! chat protocols (`podcast:chat protocol`) (SPEC.md §5.2).

/// The service slugs of `serviceslugs.txt` in the Podcast Index namespace repository
/// (Podcastindex-org/podcast-namespace, `serviceslugs.txt`), in its order.
pub const SERVICE_SLUGS: &[&str] = &[
    "acast",
    "amazon",
    "anchor",
    "apple",
    "audioboom",
    "backtracks",
    "bitcoin",
    "blubrry",
    "buzzsprout",
    "captivate",
    "castos",
    "fireside",
    "google",
    "hypercatcher",
    "libsyn",
    "mastodon",
    "megafono",
    "megaphone",
    "omnystudio",
    "overcast",
    "paypal",
    "pinecast",
    "podbean",
    "podcastaddict",
    "podcastindex",
    "podcasts.com",
    "podchaser",
    "podfriend",
    "podiant",
    "podigee",
    "podnews",
    "podomatic",
    "podserve",
    "podverse",
    "redcircle",
    "relayfm",
    "resonate",
    "rss.com",
    "shoutengine",
    "simplecast",
    "slack",
    "soundcloud",
    "spotify",
    "spreaker",
    "transistor",
    "twitter",
    "whooshkaa",
    "zencast",
];

/// The protocols of `socialprotocols.txt` (Podcastindex-org/podcast-namespace). SPEC.md §5.2
/// names `atproto` where one version of the file names `bluesky`: both are accepted, so no
/// feed written to either version is flagged.
pub const SOCIAL_PROTOCOLS: &[&str] = &[
    "disabled",
    "activitypub",
    "twitter",
    "lightning",
    "atproto",
    "bluesky",
    "hive",
    "matrix",
    "nostr",
];

/// The protocols of `docs/chatprotocols.txt` (Podcastindex-org/podcast-namespace).
pub const CHAT_PROTOCOLS: &[&str] = &["irc", "xmpp", "nostr", "matrix"];

/// `s` when it is one of `list` (compared in any case), else what was expected.
pub fn one_of(what: &str, list: &'static [&'static str], s: &str) -> Result<&'static str, String> {
    list.iter()
        .find(|x| x.eq_ignore_ascii_case(s.trim()))
        .copied()
        .ok_or_else(|| {
            format!(
                "expected a {what} of the namespace's list: {}",
                list.join(", ")
            )
        })
}

/// A service slug of [`SERVICE_SLUGS`].
pub fn service_slug(s: &str) -> Result<&'static str, String> {
    one_of("service", SERVICE_SLUGS, s)
}

/// A protocol of [`SOCIAL_PROTOCOLS`].
pub fn social_protocol(s: &str) -> Result<&'static str, String> {
    one_of("social protocol", SOCIAL_PROTOCOLS, s)
}

/// A protocol of [`CHAT_PROTOCOLS`].
pub fn chat_protocol(s: &str) -> Result<&'static str, String> {
    one_of("chat protocol", CHAT_PROTOCOLS, s)
}

/// A `podcast:chat` server: a fully qualified host name (`docs/tags/chat.md`: "the fqdn of a
/// chat server"), dotted labels of letters, digits and `-`, with an optional `:port`.
pub fn chat_server(s: &str) -> Result<(), String> {
    let (host, port) = s.trim().rsplit_once(':').unwrap_or((s.trim(), ""));
    let port_ok = port.is_empty() && !s.contains(':') || port.parse::<u16>().is_ok_and(|p| p > 0);
    let labels: Vec<&str> = host.split('.').collect();
    let host_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if host_ok && port_ok {
        Ok(())
    } else {
        Err("expected a host name such as irc.zeronode.net (no scheme or path)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_server_is_a_host_name() {
        assert_eq!(chat_server("irc.zeronode.net"), Ok(()));
        assert_eq!(chat_server("irc.libera.chat:6697"), Ok(()));
        for bad in [
            "https://irc.zeronode.net",
            "localhost",
            "irc.zeronode.net/",
            "a..b",
            "irc.example.org:0",
            "",
        ] {
            assert!(chat_server(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_and_protocols_are_found_in_any_case() {
        assert_eq!(service_slug("Apple"), Ok("apple"));
        assert_eq!(service_slug("rss.com"), Ok("rss.com"));
        assert!(service_slug("itunes").unwrap_err().contains("apple, "));
        assert!(!service_slug("itunes").unwrap_err().contains("itunes"));
        assert_eq!(social_protocol("activitypub"), Ok("activitypub"));
        assert!(social_protocol("myspace").is_err());
        assert_eq!(chat_protocol("IRC"), Ok("irc"));
        assert!(chat_protocol("slack").is_err());
    }
}
