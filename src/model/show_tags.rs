//! Show-level `podcast:` tags (SPEC.md §5.2): trailers, update frequency, podroll, publisher,
//! block, social interaction, chat, podping, and live items.

use chrono::{DateTime, FixedOffset, Utc};
use url::Url;

use crate::model::Value;
pub use crate::namespace::show_tags::LiveStatus;

/// The show group's channel tags and item limit, one field of [`crate::model::Show`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShowTags {
    /// `podcast:trailer`s.
    pub trailers: Vec<Trailer>,
    /// `podcast:updateFrequency`.
    pub update_frequency: Option<UpdateFrequency>,
    /// `podcast:podroll`: the shows this one recommends.
    pub podroll: Vec<RemoteItem>,
    /// `podcast:publisher`: the publisher's feed (written with `medium="publisher"`).
    pub publisher: Option<RemoteItem>,
    /// `podcast:block`s.
    pub blocks: Vec<Block>,
    /// `podcast:socialInteract`s of the show.
    pub social_interact: Vec<SocialInteract>,
    /// `podcast:chat` of the show.
    pub chat: Option<Chat>,
    /// `podcast:podping usesPodping="true"`.
    pub podping: bool,
    /// `podcast:value` blocks of the show.
    pub value: Vec<Value>,
    /// At most this many episodes are listed: the newest that are due.
    pub max_items: Option<usize>,
}

/// `podcast:trailer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trailer {
    /// The node: the trailer's title (≤128 characters).
    pub title: String,
    /// `url`: the media file.
    pub url: Url,
    /// `pubdate` (written RFC 2822, the attribute name lower-case).
    pub pubdate: DateTime<Utc>,
    /// `length` in bytes.
    pub length: Option<u64>,
    /// `type`, a MIME type.
    pub mime: Option<String>,
    /// `season` it is the trailer of.
    pub season: Option<u32>,
}

/// `podcast:updateFrequency`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateFrequency {
    /// The node: the schedule in words (≤128 characters).
    pub text: String,
    /// `complete`: no more episodes will come.
    pub complete: bool,
    /// `dtstart`, ISO 8601, as written.
    pub dtstart: Option<String>,
    /// `rrule`, an RFC 5545 recurrence rule, as written.
    pub rrule: Option<String>,
}

/// `podcast:remoteItem`: a pointer to another feed or one of its items.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RemoteItem {
    /// `feedGuid`: the other feed's `podcast:guid`.
    pub feed_guid: uuid::Uuid,
    /// `feedUrl`.
    pub feed_url: Option<Url>,
    /// `itemGuid`: the other item's `<guid>`.
    pub item_guid: Option<String>,
    /// `medium`, when not `podcast`.
    pub medium: Option<String>,
    /// `title`.
    pub title: Option<String>,
}

/// `podcast:block`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// `yes` when true.
    pub blocked: bool,
    /// `id`: the service it is about (a slug of the namespace's list); every service when absent.
    pub service: Option<String>,
}

/// `podcast:socialInteract`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SocialInteract {
    /// `protocol`, from the namespace's list.
    pub protocol: String,
    /// `uri`: the root post of the comments (absent only with `disabled`).
    pub uri: Option<String>,
    /// `accountId`.
    pub account_id: Option<String>,
    /// `accountUrl`.
    pub account_url: Option<Url>,
    /// `priority`: lower comes first.
    pub priority: Option<u32>,
}

/// `podcast:chat`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Chat {
    /// `server`, e.g. `irc.zeronode.net`.
    pub server: String,
    /// `protocol`, from the namespace's list.
    pub protocol: String,
    /// `accountId`.
    pub account_id: Option<String>,
    /// `space`: the room or channel.
    pub space: Option<String>,
}

/// `podcast:liveItem`: an episode record that is a live stream. Its item children (title,
/// guid, enclosure: the stream, description) come from the episode.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LiveItem {
    /// `status`.
    pub status: LiveStatus,
    /// `start`.
    pub start: DateTime<FixedOffset>,
    /// `end`.
    pub end: Option<DateTime<FixedOffset>>,
    /// `podcast:contentLink`s: where to watch or listen besides the stream (at least one).
    pub links: Vec<ContentLink>,
}

/// `podcast:contentLink`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ContentLink {
    /// `href`.
    pub href: Url,
    /// The node: the link's label.
    pub label: String,
}
