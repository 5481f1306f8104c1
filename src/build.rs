//! The build as a list of steps: records (already loaded) → rendered output → self-check.
//!
//! Pure: the clock's value, `SOURCE_DATE_EPOCH` and the previously published feeds are passed in,
//! so the same inputs always give the same bytes.
//!
//! A rebuild from cron skips what it can prove unchanged, with answers the caller (the edge that
//! holds the manifest) passes in, so the output is byte for byte what a full build would give:
//!
//! - a transcript file whose inputs ([`transcript_input_hash`]: the source file's bytes, its
//!   language, the format, the duration) were rendered by this podfeed version and are still
//!   published is kept, not rendered (`BuildInput::fresh`);
//! - the feed is rendered once; the previous `lastBuildDate` is kept when nothing else changed;
//! - [`self_check`] skips a feed whose exact bytes passed it before (`passed`).
//!
//! Records are still read and transcripts still parsed on every run: the model holds parsed
//! transcripts only, which keeps it simple for its other users (`validate` renders them too); the
//! parse is under a tenth of a no-change rebuild (benches/build.rs).

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{Episode, EpisodeTranscript, Show};
use crate::render::{self, Output};
use crate::transcript::Format;

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
/// same inputs (see [`transcript_input_hash`]).
fn transcripts(show: &Show, input: &BuildInput<'_>, built: &mut Built) {
    for episode in show.published_episodes(input.now) {
        for t in &episode.transcripts {
            let stem = t.output_stem(&episode.slug);
            for &format in &input.config.build.transcript_formats {
                let path = render::transcript_path(&show.id, &stem, format);
                let hash = transcript_input_hash(show, episode, t, format);
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

/// The hash of everything one published transcript file is rendered from: the source file's
/// bytes (the parsed transcript is a function of them and of the file name, which picks the
/// reader), its language, the format, and the episode's duration (the last cue's end). The podfeed
/// version that rendered it is checked apart, by the manifest.
pub fn transcript_input_hash(
    show: &Show,
    episode: &Episode,
    t: &EpisodeTranscript,
    format: Format,
) -> String {
    crate::hash::input_hash(&[
        &t.source_sha256,
        t.source.as_bytes(),
        t.language.as_deref().unwrap_or(&show.language).as_bytes(),
        format.extension().as_bytes(),
        &episode.duration.unwrap_or(0).to_le_bytes(),
    ])
}

/// The feed with a `lastBuildDate` that changes only when the content does: the previous feed's
/// date is kept when everything else is identical; otherwise it is `SOURCE_DATE_EPOCH` or now.
///
/// Rendered once: the date is written in one place, the channel's `lastBuildDate`, ahead of any
/// text from the records (the channel's title and description before it are escaped text), so the
/// feed rendered with the previous date is the feed rendered with `now` with that one span
/// replaced. When the previous date is written exactly as the renderer writes dates, that spliced
/// feed equals the previous one iff rendering with the previous date would give it.
fn feed_with_stable_date(show: &Show, input: &BuildInput<'_>) -> String {
    if let Some(epoch) = input.source_date_epoch {
        return render::render_show_feed(show, input.config, input.now, epoch);
    }
    let rendered = render::render_show_feed(show, input.config, input.now, input.now);
    let previous = (input.previous)(&render::feed_path(&show.id));
    if let Some(previous) = previous.as_deref()
        && let Some(kept) = with_date_of(&rendered, previous)
        && kept.len() == previous.len()
        && kept.as_bytes() == previous
    {
        return kept;
    }
    rendered
}

/// `rendered` with its `lastBuildDate` replaced by `previous`'s, when `previous` has one written
/// as the renderer writes dates.
fn with_date_of(rendered: &str, previous: &[u8]) -> Option<String> {
    let previous = std::str::from_utf8(previous).ok()?;
    let old = &previous[last_build_date_span(previous)?];
    let date = DateTime::parse_from_rfc2822(old).ok()?.with_timezone(&Utc);
    if render::feed::rfc2822(date) != old {
        return None;
    }
    let span = last_build_date_span(rendered)?;
    let mut out = String::with_capacity(rendered.len() + old.len());
    out.push_str(rendered.get(..span.start)?);
    out.push_str(old);
    out.push_str(rendered.get(span.end..)?);
    Some(out)
}

/// Where the channel's `lastBuildDate` text is in a feed that podfeed wrote (the first one).
fn last_build_date_span(feed: &str) -> Option<std::ops::Range<usize>> {
    const OPEN: &str = "<lastBuildDate>";
    let start = feed.find(OPEN)? + OPEN.len();
    let end = start + feed.get(start..)?.find("</lastBuildDate>")?;
    Some(start..end)
}

/// The builder's self-check: the validator's rules, every profile, on each rendered feed.
/// Returns each feed's path with its diagnostics (empty for a clean feed). A feed for which
/// `passed(path, bytes)` answers true (the caller knows these exact bytes passed this same check
/// before: `site::Manifest::passed_self_check`) is not
/// checked again, and comes back with no diagnostics.
pub fn self_check(
    built: &Built,
    now: DateTime<Utc>,
    passed: &dyn Fn(&str, &[u8]) -> bool,
) -> Vec<(String, Vec<Diagnostic>)> {
    let profiles = crate::rules::Profiles::all();
    built
        .output
        .files
        .iter()
        .filter(|(path, _)| Output::is_feed(path))
        .map(|(path, bytes)| {
            let diagnostics = if passed(path, bytes) {
                Vec::new()
            } else {
                crate::rules::check_feed(path, bytes, &profiles, now)
            };
            (path.clone(), diagnostics)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_known_to_have_passed_is_not_checked_again() {
        let now = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .expect("date")
            .with_timezone(&Utc);
        let mut built = Built::default();
        built
            .output
            .insert("bad/feed.xml", "<rss version=\"2.0\"><channel>");
        built.output.insert("bad/transcripts/a.vtt", "WEBVTT\n");
        let checked = self_check(&built, now, &|_, _| false);
        assert_eq!(checked.len(), 1, "feeds only: {checked:?}");
        assert!(!checked[0].1.is_empty(), "a broken feed has findings");
        let skipped = self_check(&built, now, &|p, b| {
            p == "bad/feed.xml" && b.starts_with(b"<rss")
        });
        assert_eq!(skipped, [("bad/feed.xml".to_owned(), Vec::new())]);
    }

    #[test]
    fn the_previous_date_is_spliced_only_when_written_as_podfeed_writes_it() {
        let rendered = "<rss><channel><title>t</title>\
            <lastBuildDate>Tue, 01 Jan 2030 00:00:00 +0000</lastBuildDate><item/></channel></rss>";
        let previous = rendered.replace("Tue, 01 Jan 2030", "Mon, 31 Dec 2029");
        assert_eq!(
            with_date_of(rendered, previous.as_bytes()).as_deref(),
            Some(previous.as_str())
        );
        // The same instant written otherwise: rendering with it would not give these bytes.
        let by_hand = rendered.replace(
            "Tue, 01 Jan 2030 00:00:00 +0000",
            "Tue, 1 Jan 2030 00:00:00 GMT",
        );
        assert_eq!(with_date_of(rendered, by_hand.as_bytes()), None);
        assert_eq!(with_date_of(rendered, b"<rss/>"), None);
        assert_eq!(with_date_of(rendered, b"\xff<lastBuildDate>"), None);
    }
}
