//! The item and media tags of the `podcast:` namespace (SPEC.md §5.2): locations, licences,
//! txt records, images, soundbites and alternate enclosures. Values arrive checked by
//! [`crate::records`] through the grammars of [`crate::namespace`].

use url::Url;

/// `podcast:location`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// The display name (the node value).
    pub name: String,
    /// `rel`: `subject` (what the content is about) or `creator` (where it was made).
    pub rel: Option<String>,
    /// `geo`: an RFC 5870 `geo:` URI.
    pub geo: Option<String>,
    /// `osm`: an OpenStreetMap object, e.g. `R113314`.
    pub osm: Option<String>,
    /// `country`: ISO 3166-1 alpha-2, upper-case.
    pub country: Option<String>,
}

/// `podcast:license`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct License {
    /// A well-known identifier (`CC-BY-4.0`) or a custom licence's short name.
    pub identifier: String,
    /// The licence's text; required for a custom licence.
    pub url: Option<Url>,
}

/// `podcast:txt`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Txt {
    /// The text (≤ 4000 characters).
    pub text: String,
    /// `purpose`, e.g. `applepodcastsverify`, `verify`, `ai-content`.
    pub purpose: Option<String>,
}

/// `podcast:image`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Image {
    /// `href`.
    pub href: Url,
    /// `alt`: the accessibility text.
    pub alt: Option<String>,
    /// `aspect-ratio`, CSS form (`1/1`, `16/9`).
    pub aspect_ratio: Option<String>,
    /// `width` in pixels.
    pub width: Option<u32>,
    /// `height` in pixels.
    pub height: Option<u32>,
    /// `type`: MIME type.
    pub mime: Option<String>,
    /// `purpose`: space-separated tokens (`artwork social`).
    pub purpose: Option<String>,
}

/// `podcast:soundbite`: a part of the episode's enclosure.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Soundbite {
    /// `startTime`, seconds.
    pub start: f64,
    /// `duration`, seconds.
    pub duration: f64,
    /// The title (the node value; may be empty).
    pub title: Option<String>,
}

/// `podcast:alternateEnclosure`: another version of the episode's media.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AlternateEnclosure {
    /// `type`: MIME type.
    pub mime: String,
    /// `length` in bytes (given, or measured from a local file).
    pub length: Option<u64>,
    /// `bitrate`, bits per second.
    pub bitrate: Option<f64>,
    /// `height` in pixels (video).
    pub height: Option<u32>,
    /// `lang`: BCP 47 language tag.
    pub lang: Option<String>,
    /// `title` (≤ 32 characters).
    pub title: Option<String>,
    /// `rel` (≤ 32 characters): a group of alternatives.
    pub rel: Option<String>,
    /// `codecs`: RFC 6381 string.
    pub codecs: Option<String>,
    /// `default`: the same media as the enclosure, preferred.
    pub default: bool,
    /// `podcast:source` children, at least one.
    pub sources: Vec<Source>,
    /// `podcast:integrity` child.
    pub integrity: Option<Integrity>,
}

/// `podcast:source`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// `uri`: https, a magnet link, ipfs…
    pub uri: Url,
    /// `contentType`: the file's MIME type when the transport differs (a torrent).
    pub content_type: Option<String>,
}

/// `podcast:integrity`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Integrity {
    /// `type`: `sri` or `pgp-signature`.
    pub kind: String,
    /// `value`.
    pub value: String,
}
