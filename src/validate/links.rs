//! The links of a published feed as values: what each one should be ([`LinkTarget`],
//! [`LinkKind`]) and what a transcript comparison can find wrong ([`TranscriptIssue`]).
//!
//! Pure data: [`super::published`] lists them from a parsed feed (the channel's, and each item's
//! as it is read), the edge (`crate::http`) fetches them, and [`super::judge`] turns what it saw
//! into findings. Kept here, in the core, so that listing what to check needs nothing from the
//! network side.

use url::Url;

use crate::diagnostic::Label;

/// What a link points at, and what the feed says about it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkKind {
    /// An episode's `<enclosure>` with its declared `length` (bytes, 0 if unknown) and `type`.
    Enclosure {
        /// Declared byte length; 0 means unknown (RSS 2.0) and is not compared.
        length: u64,
        /// Declared MIME type.
        mime: String,
    },
    /// Show or episode artwork (`itunes:image`).
    Artwork,
    /// A `podcast:transcript` with its declared `type`.
    Transcript {
        /// Declared MIME type.
        mime: String,
        /// The transcript the feed should serve (e.g. the local one rendered in this format),
        /// compared with the served one by [`super::judge`].
        expected: Option<String>,
    },
    /// A `podcast:chapters` JSON file, with the episode's `itunes:duration` in whole seconds
    /// when the feed gives it so (chapters start inside it).
    Chapters {
        /// The episode's length in seconds, when known.
        duration: Option<u64>,
    },
    /// An image apps show but Apple's artwork rules do not cover (`podcast:image`, a person's
    /// `img`): it must be served.
    Image,
}

impl LinkKind {
    /// The word used in messages.
    pub(crate) fn noun(&self) -> &'static str {
        match self {
            LinkKind::Enclosure { .. } => "enclosure",
            LinkKind::Artwork => "artwork",
            LinkKind::Transcript { .. } => "transcript",
            LinkKind::Chapters { .. } => "chapters file",
            LinkKind::Image => "image",
        }
    }
}

/// One place in a feed that links a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    /// The linked URL.
    pub url: Url,
    /// What it should be.
    pub kind: LinkKind,
    /// The episode that links it, if any.
    pub episode: Option<String>,
    /// Where in the feed it is linked.
    pub location: Option<Label>,
    /// The element path, e.g. `/rss/channel/item[3]/enclosure`.
    pub path: Option<String>,
}

/// What a transcript check found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TranscriptIssue {
    /// The body is not a transcript of its declared type (`link.transcript.parse`).
    Unreadable(String),
    /// It reads, but differs from the expected transcript (`link.transcript.differs`).
    Differs(String),
}
