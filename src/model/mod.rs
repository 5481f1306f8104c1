//! The validated model of a show and its episodes: one type per concept, used by the builder to
//! render and by the validator to compare. Built from records by [`crate::records`].

use chrono::{DateTime, Utc};
use url::Url;

use crate::transcript::Transcript;

mod media;
pub use media::{AlternateEnclosure, Image, Integrity, License, Location, Soundbite, Source, Txt};
mod chapters;

pub use chapters::EpisodeChapters;
pub mod show_tags;
pub mod value;

pub use show_tags::{
    Block, Chat, ContentLink, LiveItem, LiveStatus, RemoteItem, ShowTags, SocialInteract, Trailer,
    UpdateFrequency,
};
pub use value::{RecipientType, SplitTo, Value, ValueRecipient, ValueTimeSplit};

/// An episode record held back as a draft: marked `draft = true`, or without an `[enclosure]`
/// yet. It is neither checked nor published, and never stops a build (issue 17, item 2).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    /// Show id.
    pub show: String,
    /// Episode slug (the record's file name without `.toml`).
    pub episode: String,
    /// Why it is a draft.
    pub reason: DraftReason,
}

/// Why a record is a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftReason {
    /// The record says `draft = true`.
    Marked,
    /// The record has no `[enclosure]` yet.
    NoEnclosure,
}

impl DraftReason {
    /// Why, in a few words, for the warning that names the draft.
    pub fn describe(self) -> &'static str {
        match self {
            DraftReason::Marked => "draft = true",
            DraftReason::NoEnclosure => "no [enclosure] yet",
        }
    }
}

/// A show (a podcast): channel metadata and its episodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Show {
    /// Folder name under `feeds/`, used in output paths.
    pub id: String,
    /// Channel title.
    pub title: String,
    /// Channel description (plain text).
    pub description: String,
    /// The show's website.
    pub link: Url,
    /// ISO 639 language code, optionally with a region (`en`, `en-us`).
    pub language: String,
    /// `itunes:author`.
    pub author: String,
    /// `itunes:owner`.
    pub owner: Option<Owner>,
    /// Square artwork, 1400–3000 px (SPEC.md §1.2).
    pub image: Url,
    /// Apple categories, first one is the one Apple uses.
    pub categories: Vec<Category>,
    /// `itunes:explicit`.
    pub explicit: bool,
    /// `itunes:type`.
    pub show_type: ShowType,
    /// `copyright`.
    pub copyright: Option<String>,
    /// The public URL of the feed.
    pub feed_url: Url,
    /// `podcast:guid`: pinned in show.toml, or derived from the feed URL (SPEC.md §4).
    pub podcast_guid: uuid::Uuid,
    /// `podcast:locked`, with its optional owner e-mail.
    pub locked: Option<Locked>,
    /// `podcast:funding` links.
    pub funding: Vec<Funding>,
    /// `podcast:medium`, when the record gives one (the namespace's default is `podcast`).
    pub medium: Option<String>,
    /// `podcast:license`, with its optional `url`.
    pub license: Option<License>,
    /// `podcast:person` entries of the regular cast.
    pub persons: Vec<Person>,
    // --- Item and media tags, Apple's lifecycle tags (issue 12; model/media.rs) ---
    /// `podcast:location`s of the show.
    pub locations: Vec<Location>,
    /// `podcast:txt` records of the show (Apple's verification token among them).
    pub txt: Vec<Txt>,
    /// `podcast:image`s of the show.
    pub images: Vec<Image>,
    /// `itunes:title`: the show's title in Apple Podcasts, when not `title`.
    pub itunes_title: Option<String>,
    /// `itunes:block` `Yes`: Apple hides the show.
    pub itunes_block: bool,
    /// `itunes:complete` `Yes`: no more episodes will come.
    pub itunes_complete: bool,
    /// `itunes:new-feed-url`: where the feed moved (SPEC.md §1.2).
    pub new_feed_url: Option<Url>,
    /// Measurement prefix of every enclosure and alternate-enclosure source URL (show.toml,
    /// else config.toml's `[build]`); see [`crate::namespace::media::prefixed`].
    pub enclosure_prefix: Option<String>,
    // Show group (issue 12): show-level tags, value-for-value, item limit (model/show_tags.rs).
    /// The show group's tags: trailers, update frequency, podroll, publisher, blocks, social
    /// interaction, chat, podping, value blocks, and the item limit.
    pub show_tags: ShowTags,
    /// Episodes, in no particular order (see [`Show::published_episodes`]). Each boxed as the
    /// reader made it (an episode is 1,256 bytes): the list is not copied into place.
    pub episodes: Vec<Box<Episode>>,
}

impl Show {
    /// Episodes that are due at `now`, in the order the feed lists them: newest first for an
    /// episodic show, oldest first for a serial one (SPEC.md §1.2 `itunes:type`). Ties are broken
    /// by slug so the order is stable. Live records are not items (see [`Show::live_items`]);
    /// with [`ShowTags::max_items`] only the newest that many are listed, in the same order (so a
    /// serial show lists its last episodes, oldest of them first).
    pub fn published_episodes(&self, now: DateTime<Utc>) -> Vec<&Episode> {
        let mut due: Vec<&Episode> = self
            .episodes
            .iter()
            .map(Box::as_ref)
            .filter(|e| e.published <= now && e.live.is_none())
            .collect();
        let serial = self.show_type == ShowType::Serial;
        if let Some(n) = self.show_tags.max_items {
            due.sort_by(|a, b| {
                b.published
                    .cmp(&a.published)
                    .then_with(|| a.slug.cmp(&b.slug))
            });
            due.truncate(n);
        }
        due.sort_by(|a, b| {
            let by_date = if serial {
                a.published.cmp(&b.published)
            } else {
                b.published.cmp(&a.published)
            };
            by_date.then_with(|| a.slug.cmp(&b.slug))
        });
        due
    }

    /// The live records announced at `now` (`published` passed), by start time then slug.
    pub fn live_items(&self, now: DateTime<Utc>) -> Vec<&Episode> {
        let mut live: Vec<&Episode> = self
            .episodes
            .iter()
            .map(Box::as_ref)
            .filter(|e| e.published <= now && e.live.is_some())
            .collect();
        live.sort_by_key(|e| (e.live.as_ref().map(|l| l.start), e.slug.clone()));
        live
    }
}

/// `itunes:owner`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// `itunes:name`.
    pub name: String,
    /// `itunes:email`.
    pub email: String,
}

/// An Apple category with its optional subcategory (SPEC.md §6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// Top-level category, e.g. `Business`.
    pub name: String,
    /// Subcategory, e.g. `Entrepreneurship`.
    pub sub: Option<String>,
}

/// `itunes:type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShowType {
    /// Newest first (the default).
    #[default]
    Episodic,
    /// Oldest first; every episode needs a number.
    Serial,
}

impl ShowType {
    /// The value written in the feed.
    pub fn as_str(self) -> &'static str {
        match self {
            ShowType::Episodic => "episodic",
            ShowType::Serial => "serial",
        }
    }
}

/// `podcast:locked`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locked {
    /// `yes` when true.
    pub locked: bool,
    /// Optional owner e-mail.
    pub owner: Option<String>,
}

/// `podcast:funding`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// Where to give.
    pub url: Url,
    /// The link's label (≤128 characters).
    pub label: String,
}

/// `podcast:person`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The person's name.
    pub name: String,
    /// Role from the Podcast Taxonomy (default `host`).
    pub role: Option<String>,
    /// Group from the Podcast Taxonomy (default `cast`).
    pub group: Option<String>,
    /// Picture.
    pub img: Option<Url>,
    /// Web page.
    pub href: Option<Url>,
}

/// One episode.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Episode {
    /// File stem of the record, e.g. `2024-08-07-should-ai-be-open-source`.
    pub slug: String,
    /// Episode title.
    pub title: String,
    /// Publication time; the episode is held back while it is in the future.
    #[serde(with = "timestamp")]
    pub published: DateTime<Utc>,
    /// Show notes as HTML, as the feed carries them: a record's Markdown is rendered when the
    /// record is read, once (`description_format = "html"` keeps them as written).
    pub description: String,
    /// The item guid: given in the record, or derived from show and slug.
    pub guid: String,
    /// `itunes:season`.
    pub season: Option<u32>,
    /// `itunes:episode`.
    pub episode: Option<u32>,
    /// `itunes:episodeType`.
    pub episode_type: EpisodeType,
    /// `itunes:explicit`; the show's value when not set.
    pub explicit: Option<bool>,
    /// Duration in whole seconds.
    pub duration: Option<u64>,
    /// Episode artwork.
    pub image: Option<Url>,
    /// Episode web page.
    pub link: Option<Url>,
    /// The media file.
    pub enclosure: Enclosure,
    /// Transcripts, one per language.
    pub transcripts: Vec<EpisodeTranscript>,
    // --- Item and media tags, Apple's lifecycle tags (issue 12; model/media.rs) ---
    /// `podcast:person`s of the episode; when any, they replace the show's wholesale.
    pub persons: Vec<Person>,
    /// `podcast:funding` links of the episode.
    pub funding: Vec<Funding>,
    /// `podcast:season` `name` (written with the `season` number).
    pub season_name: Option<String>,
    /// `podcast:episode` `display` (written with the `episode` number).
    pub episode_display: Option<String>,
    /// `podcast:soundbite`s.
    pub soundbites: Vec<Soundbite>,
    /// `podcast:location`s of the episode.
    pub locations: Vec<Location>,
    /// `podcast:license` of the episode.
    pub license: Option<License>,
    /// `podcast:txt` records of the episode.
    pub txt: Vec<Txt>,
    /// `podcast:image`s of the episode.
    pub images: Vec<Image>,
    /// `podcast:alternateEnclosure`s.
    pub alternate_enclosures: Vec<AlternateEnclosure>,
    /// `itunes:title`: the episode's title in Apple Podcasts, when not `title`.
    pub itunes_title: Option<String>,
    /// `itunes:block` `Yes`: Apple hides the episode.
    pub itunes_block: bool,
    // Chapters (issue 12, item 1): the episode's chapters file, published as JSON chapters and
    // linked with `podcast:chapters` (SPEC.md §5.1).
    /// The episode's chapters, when it has a chapters file.
    pub chapters: Option<EpisodeChapters>,
    // Show group (issue 12): value-for-value, social interaction, chat and live items
    // (model/show_tags.rs, model/value.rs).
    /// `podcast:value` blocks of the episode (they replace the show's).
    pub value: Vec<Value>,
    /// `podcast:socialInteract`s of the episode.
    pub social_interact: Vec<SocialInteract>,
    /// `podcast:chat` of the episode.
    pub chat: Option<Chat>,
    /// Set when the record is a live stream: written as `podcast:liveItem`, not `<item>`.
    pub live: Option<LiveItem>,
    // Feed import (issue 13): what an imported feed said that a Markdown record would not.
    /// The guid is a permalink (`isPermaLink` left at its default, true), as published.
    pub guid_is_permalink: bool,
}

/// `itunes:episodeType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EpisodeType {
    /// A normal episode (the default).
    #[default]
    Full,
    /// A trailer.
    Trailer,
    /// Bonus content.
    Bonus,
}

impl EpisodeType {
    /// The value written in the feed.
    pub fn as_str(self) -> &'static str {
        match self {
            EpisodeType::Full => "full",
            EpisodeType::Trailer => "trailer",
            EpisodeType::Bonus => "bonus",
        }
    }
}

/// An episode's media file (RSS 2.0 `enclosure`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Enclosure {
    /// Absolute URL.
    pub url: Url,
    /// Size in bytes.
    pub length: u64,
    /// MIME type, e.g. `audio/mpeg`.
    pub mime: String,
}

/// One transcript of an episode, read from its source file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EpisodeTranscript {
    /// Language tag; `None` means the show's language.
    pub language: Option<String>,
    /// The source file's name, relative to the show folder (for messages and the manifest).
    pub source: String,
    /// sha256 of the source file's bytes: what the build hashes to tell whether the published
    /// files are still current (hashing the bytes, read anyway, is cheaper than serialising the
    /// parsed transcript, and says the same: the transcript is a function of them).
    pub source_sha256: crate::hash::Sha256,
    /// The transcript itself; `None` when it was not parsed because every file the build
    /// publishes from it is current (`build::transcript_outputs_current`). Not kept in the
    /// records' memo (`records::memo`): an episode taken from it holds `None`.
    #[serde(skip)]
    pub transcript: Option<Transcript>,
}

impl EpisodeTranscript {
    /// The file stem used for published files: `slug` for the show's language, `slug.LANG` otherwise.
    pub fn output_stem(&self, slug: &str) -> String {
        match &self.language {
            Some(lang) => format!("{slug}.{lang}"),
            None => slug.to_owned(),
        }
    }
}

/// A time held as seconds and nanoseconds since the epoch in a serde format (the records' memo):
/// read back without parsing text (chrono's own serde writes and parses RFC 3339 text).
mod timestamp {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize as _, Deserializer, Serialize as _, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        (t.timestamp(), t.timestamp_subsec_nanos()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let (secs, nanos) = <(i64, u32)>::deserialize(d)?;
        DateTime::from_timestamp(secs, nanos)
            .ok_or_else(|| serde::de::Error::custom("a time out of range"))
    }
}
