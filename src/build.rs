//! The build as a list of steps: records (already loaded) → rendered output → self-check.
//!
//! Pure: the clock's value, `SOURCE_DATE_EPOCH` and the previously published feeds are passed in,
//! so the same inputs always give the same bytes.

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Show;
use crate::render::{self, Output};

/// What a build needs besides the shows.
pub struct BuildInput<'a> {
    /// The site configuration.
    pub config: &'a Config,
    /// The current time: episodes published after it are held back.
    pub now: DateTime<Utc>,
    /// `SOURCE_DATE_EPOCH`: when set, the `lastBuildDate` of every feed.
    pub source_date_epoch: Option<DateTime<Utc>>,
    /// The currently published feed at a relative path, if any (read by the caller).
    pub previous: &'a dyn Fn(&str) -> Option<Vec<u8>>,
    /// Whether the file at a relative path was rendered from inputs with this hash and is still
    /// published unchanged (the manifest's answer): then it is kept, not rendered again.
    pub fresh: &'a dyn Fn(&str, &str) -> bool,
}

/// An episode not yet due.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HeldBack {
    /// Show id.
    pub show: String,
    /// Episode slug.
    pub episode: String,
    /// When it becomes due.
    pub published: DateTime<Utc>,
}

/// The result of a build, before it is written.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// Every file rendered, to publish.
    pub output: Output,
    /// Output path → hash of what it was rendered from, for the manifest.
    pub inputs: std::collections::BTreeMap<String, String>,
    /// Paths not rendered because they are already published from the same inputs.
    pub kept: std::collections::BTreeSet<String>,
    /// Episodes held back because their time has not come, soonest first.
    pub held_back: Vec<HeldBack>,
}

impl Built {
    /// When the next held-back episode is due, if any.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.held_back.first().map(|h| h.published)
    }
}

/// Renders every show: transcripts, then the feed.
pub fn build(shows: &[Show], input: &BuildInput<'_>) -> Built {
    let mut built = Built::default();
    for show in shows {
        transcripts(show, input, &mut built);
        let feed = feed_with_stable_date(show, input);
        built.output.insert(render::feed_path(&show.id), feed);
        built.held_back.extend(
            show.episodes
                .iter()
                .filter(|e| e.published > input.now)
                .map(|e| HeldBack {
                    show: show.id.clone(),
                    episode: e.slug.clone(),
                    published: e.published,
                }),
        );
    }
    built.held_back.sort_by(|a, b| {
        a.published
            .cmp(&b.published)
            .then_with(|| a.episode.cmp(&b.episode))
    });
    built
}

/// Renders every transcript file of the due episodes, except those already published from the
/// same inputs (transcript, language, format, duration).
fn transcripts(show: &Show, input: &BuildInput<'_>, built: &mut Built) {
    for episode in show.published_episodes(input.now) {
        for t in &episode.transcripts {
            let stem = t.output_stem(&episode.slug);
            let model = serde_json::to_vec(&t.transcript).unwrap_or_default();
            for &format in &input.config.build.transcript_formats {
                let path = render::transcript_path(&show.id, &stem, format);
                let hash = crate::site::input_hash(&[
                    &model,
                    t.language.as_deref().unwrap_or(&show.language).as_bytes(),
                    format.extension().as_bytes(),
                    &episode.duration.unwrap_or(0).to_le_bytes(),
                ]);
                if (input.fresh)(&path, &hash) {
                    built.kept.insert(path.clone());
                } else {
                    built
                        .output
                        .insert(path.clone(), render::render_transcript(episode, t, format));
                }
                built.inputs.insert(path, hash);
            }
        }
    }
}

/// The feed with a `lastBuildDate` that changes only when the content does: the previous feed's
/// date is kept when everything else is identical; otherwise it is `SOURCE_DATE_EPOCH` or now.
fn feed_with_stable_date(show: &Show, input: &BuildInput<'_>) -> String {
    if let Some(epoch) = input.source_date_epoch {
        return render::render_show_feed(show, input.config, input.now, epoch);
    }
    let previous = (input.previous)(&render::feed_path(&show.id));
    if let Some(prev_date) = previous.as_deref().and_then(last_build_date) {
        let again = render::render_show_feed(show, input.config, input.now, prev_date);
        if previous.as_deref() == Some(again.as_bytes()) {
            return again;
        }
    }
    render::render_show_feed(show, input.config, input.now, input.now)
}

/// The channel's `lastBuildDate` in a feed that podfeed wrote.
fn last_build_date(feed: &[u8]) -> Option<DateTime<Utc>> {
    let text = std::str::from_utf8(feed).ok()?;
    let start = text.find("<lastBuildDate>")? + "<lastBuildDate>".len();
    let end = start + text[start..].find("</lastBuildDate>")?;
    DateTime::parse_from_rfc2822(&text[start..end])
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The builder's self-check: the validator's rules, every profile, on each rendered feed.
/// Returns each feed's path with its diagnostics (empty for a clean feed).
pub fn self_check(built: &Built, now: DateTime<Utc>) -> Vec<(String, Vec<Diagnostic>)> {
    let profiles = crate::rules::Profiles::all();
    built
        .output
        .files
        .iter()
        .filter(|(path, _)| Output::is_feed(path))
        .map(|(path, bytes)| {
            (
                path.clone(),
                crate::rules::check_feed(path, bytes, &profiles, now),
            )
        })
        .collect()
}
