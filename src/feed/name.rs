//! Element and attribute names without an allocation each: the names podcast feeds use over and
//! over (`item`, `title`, `enclosure`, `itunes`, …) are shared static strings; only names
//! outside that list are copied.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

/// A local name or prefix as written in the feed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(Cow<'static, str>);

/// Names and prefixes common in podcast feeds: `KNOWN` lists them and `known` finds one with
/// a `match`, which the compiler turns into a switch on the length and a comparison or two (a
/// binary search over the list compared up to seven strings per name: 7 % of validation's time,
/// BENCHMARKS.md).
macro_rules! known_names {
    ($($n:literal),* $(,)?) => {
        /// Names and prefixes common in podcast feeds, sorted by byte value.
        #[cfg(test)]
        const KNOWN: &[&str] = &[$($n),*];

        /// The shared copy of `s` when it is one of the common names.
        fn known(s: &str) -> Option<&'static str> {
            match s {
                $($n => Some($n),)*
                _ => None,
            }
        }
    };
}

known_names!(
    "alternateEnclosure",
    "atom",
    "author",
    "block",
    "category",
    "channel",
    "chapters",
    "chat",
    "cloud",
    "comments",
    "complete",
    "content",
    "contentLink",
    "copyright",
    "day",
    "default",
    "description",
    "docs",
    "duration",
    "email",
    "enclosure",
    "encoded",
    "end",
    "episode",
    "episodeType",
    "explicit",
    "funding",
    "generator",
    "googleplay",
    "guid",
    "height",
    "hour",
    "href",
    "image",
    "images",
    "integrity",
    "isPermaLink",
    "itunes",
    "keywords",
    "lang",
    "language",
    "lastBuildDate",
    "length",
    "license",
    "link",
    "liveItem",
    "location",
    "locked",
    "managingEditor",
    "media",
    "medium",
    "name",
    "new-feed-url",
    "owner",
    "person",
    "podcast",
    "podroll",
    "pubDate",
    "publisher",
    "rating",
    "rel",
    "remoteItem",
    "role",
    "rss",
    "season",
    "skipDays",
    "skipHours",
    "socialInteract",
    "soundbite",
    "source",
    "spotify",
    "start",
    "status",
    "subtitle",
    "summary",
    "text",
    "textInput",
    "title",
    "trailer",
    "transcript",
    "ttl",
    "txt",
    "type",
    "updateFrequency",
    "url",
    "value",
    "valueRecipient",
    "valueTimeSplit",
    "version",
    "webMaster",
    "width",
    "xml",
);

impl Name {
    /// The name `s`, shared when it is a common one.
    pub fn new(s: &str) -> Self {
        match known(s) {
            Some(k) => Name(Cow::Borrowed(k)),
            None => Name(Cow::Owned(s.to_owned())),
        }
    }

    /// The name as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_are_sorted_and_shared() {
        assert!(KNOWN.windows(2).all(|w| w[0] < w[1]), "KNOWN is not sorted");
        assert!(KNOWN.iter().all(|k| known(k) == Some(*k)));
        assert!(matches!(Name::new("enclosure").0, Cow::Borrowed(_)));
        let odd = Name::new("scriptingNews");
        assert!(matches!(odd.0, Cow::Owned(_)));
        assert_eq!(odd, "scriptingNews");
    }
}
