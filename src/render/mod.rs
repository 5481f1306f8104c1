//! Model → published files: the feed XML, every transcript in every published format, and each
//! episode's JSON chapters.
//! Pure: the result is an [`Output`], a set of relative paths and bytes, written by [`crate::site`].

use std::collections::BTreeMap;

/// A set of files to publish, keyed by path relative to the output folder (`/`-separated,
/// e.g. `good-tech-companies/feed.xml`). A `BTreeMap` so iteration order, and so every byte
/// derived from it, is deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Relative path → file content.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    /// Adds one file, replacing any earlier one at the same path.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// Whether `path` is a feed: feeds are written after the files they link to.
    pub fn is_feed(path: &str) -> bool {
        path.rsplit('/').next() == Some("feed.xml")
    }
}

mod chapters;
pub mod feed;
pub mod item_tags;
mod path;
mod show_tags;
pub mod stylesheet;
mod xml;

pub use chapters::render_chapters;
pub use path::{chapters_path, feed_path, transcript_path};

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::model::{Episode, EpisodeTranscript, Show};
use crate::transcript::{self, Format, WriteOptions};

/// Renders transcript `t` of `episode` in one format, from `parsed`, its parsed text. Pure; the
/// last cue ends at the episode's duration when it is known.
pub fn render_transcript(
    episode: &Episode,
    t: &EpisodeTranscript,
    parsed: &transcript::Transcript,
    format: Format,
) -> String {
    let opts = WriteOptions {
        duration_ms: episode.duration.map(|s| s.saturating_mul(1000)),
    };
    let mut transcript = parsed.clone();
    if transcript.language.is_none() {
        transcript.language.clone_from(&t.language);
    }
    transcript::write(&transcript, format, &opts)
}

/// A show's feed for the episodes due at `now`, complete but for its `lastBuildDate`: ask it
/// for its [`input_hash`](feed::Feed::input_hash), choose the date, then
/// [`write`](feed::Feed::write) it.
pub fn show_feed(show: &Show, config: &Config, now: DateTime<Utc>) -> feed::Feed {
    let episodes = show.published_episodes(now);
    let live = show.live_items(now);
    feed::Feed::new(
        show,
        &feed::FeedInput {
            episodes: &episodes,
            config,
            live: &live,
        },
    )
}

/// Renders a show's feed for the episodes due at `now`, with `last_build` as `lastBuildDate`.
pub fn render_show_feed(
    show: &Show,
    config: &Config,
    now: DateTime<Utc>,
    last_build: DateTime<Utc>,
) -> String {
    show_feed(show, config, now).write(last_build)
}
