//! The build as a list of steps: records (already loaded) → rendered output → self-check.
//!
//! Pure: the clock's value, `SOURCE_DATE_EPOCH` and what was published before ([`Published`], the
//! manifest's answers as plain data) are passed in, so the same inputs always give the same bytes.
//!
//! A rebuild from cron skips what it can prove unchanged, with those answers, so the output is
//! byte for byte what a full build would give:
//!
//! - a transcript file whose inputs ([`transcript_input_hash`]: the source file's bytes, its
//!   language, the format, the duration) were rendered by this podfeed version and are still
//!   published is kept, not rendered ([`Published::inputs`]);
//! - the feed's `lastBuildDate` is chosen before it is written, from its input hash
//!   ([`Feed::input_hash`](crate::render::feed::Feed::input_hash): everything the feed is written
//!   from but that date, and the podfeed version): when the feed still published was written from
//!   the same hash, its date is kept ([`Published::last_build`]), so the feed comes out with the
//!   very bytes published and nothing is rewritten; otherwise the date is `SOURCE_DATE_EPOCH` or
//!   now. Then the feed is written, once;
//! - [`self_check`] skips a feed whose exact bytes passed it before ([`Published::self_checked`]).
//!
//! "Still published" is the manifest's word checked against the disk by size (a `stat`, no read):
//! a file edited by hand to another size is rendered again, and a feed so edited gets a new date.
//!
//! Records are read on every run that is not a no-change rebuild; a transcript is parsed only
//! when one of its files is to be rendered (the reader asks [`transcript_outputs_current`] with
//! the same answers), so a rebuild holds no cues of the episodes it keeps.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rayon::iter::{IntoParallelIterator as _, ParallelIterator as _};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::hash::Sha256;
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
    /// What the output folder holds from earlier builds (empty for a first build).
    pub published: &'a Published,
}

/// What earlier builds published that lets this one skip work: the manifest's answers, filled by
/// the edge (`site::Manifest::published`). Each map holds only files that this podfeed version
/// published and that are still on disk as it published them; anything missing is rendered (and
/// checked) again, so an empty `Published` gives a full build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Published {
    /// Output path → the hash of the inputs it was rendered from.
    pub inputs: BTreeMap<String, Sha256>,
    /// Feed path → the `lastBuildDate` it was published with (for feeds in `inputs`).
    pub last_build: BTreeMap<String, DateTime<Utc>>,
    /// Feed path → the bytes that passed this version's [`self_check`] before they were published.
    pub self_checked: BTreeMap<String, Digest>,
}

/// A file's content, as far as comparing it needs: its size, then its sha256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// Length in bytes.
    pub size: u64,
    /// sha256 of the content.
    pub sha256: Sha256,
}

impl Digest {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest {
            size: bytes.len() as u64,
            sha256: Sha256::of(bytes),
        }
    }

    /// Whether `bytes` have this digest (the size first, so most differences cost no hashing).
    pub fn matches(&self, bytes: &[u8]) -> bool {
        self.size == bytes.len() as u64 && self.sha256 == Sha256::of(bytes)
    }
}

/// An episode not yet due.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    pub inputs: BTreeMap<String, Sha256>,
    /// Feed path → the `lastBuildDate` it was written with, for the manifest.
    pub last_build: BTreeMap<String, DateTime<Utc>>,
    /// Paths not rendered because they are already published from the same inputs.
    pub kept: BTreeSet<String>,
    /// Episodes held back because their time has not come, soonest first.
    pub held_back: Vec<HeldBack>,
    /// Records held back as drafts (issue 17, item 2), by show then slug. They are not in the
    /// shows built (the records loader keeps them out); the build's summary names them.
    pub drafts: Vec<crate::model::Draft>,
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
        chapters(show, input, &mut built);
        feed(show, input, &mut built);
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
/// same inputs (see [`transcript_input_hash`]). A transcript the reader left unparsed has all its
/// files so published ([`transcript_outputs_current`], the same test on the same answers).
fn transcripts(show: &Show, input: &BuildInput<'_>, built: &mut Built) {
    let mut to_render = Vec::new();
    for episode in show.published_episodes(input.now) {
        for t in &episode.transcripts {
            for &format in &input.config.build.transcript_formats {
                let path = transcript_file_path(&show.id, episode, t, format);
                let published = input.published.inputs.get(&path);
                let hash = match (&t.transcript, published) {
                    // Left unparsed because this very hash was found published: not recomputed.
                    (None, Some(&hash)) => hash,
                    _ => transcript_input_hash(&show.language, episode, t, format),
                };
                match &t.transcript {
                    Some(parsed) if published != Some(&hash) => {
                        to_render.push((path.clone(), episode, t, parsed, format));
                    }
                    _ => {
                        built.kept.insert(path.clone());
                    }
                }
                built.inputs.insert(path, hash);
            }
        }
    }
    // Rendered on every core (rayon: `RAYON_NUM_THREADS`), in order.
    let rendered: Vec<(String, String)> = to_render
        .into_par_iter()
        .map(|(path, episode, t, parsed, format)| {
            let text = render::render_transcript(episode, t, parsed, format);
            (path, text)
        })
        .collect();
    for (path, text) in rendered {
        built.output.insert(path, text);
    }
}

/// Whether every file published from transcript `t` of `episode` (in show `show_id` of
/// language `show_language`), one per format of `formats`, is on disk as rendered from its
/// present inputs: then the build keeps them all, and the reader need not parse the transcript.
/// With no formats to publish, nothing is current: the transcript is still parsed, so a broken
/// one is reported as before.
pub fn transcript_outputs_current(
    published: &Published,
    formats: &[Format],
    (show_id, show_language): (&str, &str),
    episode: &Episode,
    t: &EpisodeTranscript,
) -> bool {
    !formats.is_empty()
        && formats.iter().all(|&format| {
            let path = transcript_file_path(show_id, episode, t, format);
            published.inputs.get(&path)
                == Some(&transcript_input_hash(show_language, episode, t, format))
        })
}

/// Where transcript `t` of `episode` is published in `format`.
fn transcript_file_path(
    show_id: &str,
    episode: &Episode,
    t: &EpisodeTranscript,
    format: Format,
) -> String {
    render::transcript_path(show_id, &t.output_stem(&episode.slug), format)
}

/// The hash of everything one published transcript file is rendered from: the source file's
/// bytes (the parsed transcript is a function of them and of the file name, which picks the
/// reader), its language (`show_language` when it has none), the format, and the episode's
/// duration (the last cue's end). The podfeed version that rendered it is checked apart, by the
/// manifest.
pub fn transcript_input_hash(
    show_language: &str,
    episode: &Episode,
    t: &EpisodeTranscript,
    format: Format,
) -> Sha256 {
    crate::hash::input_hash(&[
        t.source_sha256.as_bytes(),
        t.source.as_bytes(),
        t.language.as_deref().unwrap_or(show_language).as_bytes(),
        format.extension().as_bytes(),
        &episode.duration.unwrap_or(0).to_le_bytes(),
    ])
}

/// Renders the JSON chapters file of every due episode that has chapters, except those already
/// published from the same source bytes (SPEC.md §5.1; issue 12, item 1).
fn chapters(show: &Show, input: &BuildInput<'_>, built: &mut Built) {
    for episode in show.published_episodes(input.now) {
        let Some(c) = &episode.chapters else { continue };
        let path = render::chapters_path(&show.id, &episode.slug);
        let hash = crate::hash::input_hash(&[
            c.source_sha256.as_bytes(),
            c.source.as_bytes(),
            b"chapters",
        ]);
        if input.published.inputs.get(&path) == Some(&hash) {
            built.kept.insert(path.clone());
        } else {
            built
                .output
                .insert(path.clone(), render::render_chapters(c));
        }
        built.inputs.insert(path, hash);
    }
}

/// Renders the feed of `show` once, with a `lastBuildDate` chosen first by [`last_build_date`].
fn feed(show: &Show, input: &BuildInput<'_>, built: &mut Built) {
    let path = render::feed_path(&show.id);
    let feed = render::show_feed(show, input.config, input.now);
    let hash = feed.input_hash();
    let date = last_build_date(&path, hash, input);
    built.output.insert(path.clone(), feed.write(date));
    built.inputs.insert(path.clone(), hash);
    built.last_build.insert(path, date);
    if input.config.build.stylesheet {
        stylesheet(show, input, built);
    }
}

/// The show's feed stylesheet (issue 17), unless the same one is published already.
fn stylesheet(show: &Show, input: &BuildInput<'_>, built: &mut Built) {
    let xsl = render::stylesheet::XSL;
    let path = render::stylesheet::stylesheet_path(&show.id);
    let hash = crate::hash::input_hash(&[env!("CARGO_PKG_VERSION").as_bytes(), xsl.as_bytes()]);
    if input.published.inputs.get(&path) == Some(&hash) {
        built.kept.insert(path.clone());
    } else {
        built.output.insert(path.clone(), xsl);
    }
    built.inputs.insert(path, hash);
}

/// The `lastBuildDate` of the feed at `path` rendered from inputs with `hash`: that of the feed
/// still published when it was rendered from the same inputs (so the feed is unchanged), else
/// `SOURCE_DATE_EPOCH` when set, else now. `SOURCE_DATE_EPOCH` wins over a kept date: it asks for
/// that date in every feed.
fn last_build_date(path: &str, hash: Sha256, input: &BuildInput<'_>) -> DateTime<Utc> {
    if let Some(epoch) = input.source_date_epoch {
        return epoch;
    }
    let published = input.published;
    match (published.inputs.get(path), published.last_build.get(path)) {
        (Some(&h), Some(&date)) if h == hash => date,
        _ => input.now,
    }
}

/// The builder's self-check: the validator's rules, every profile, on each rendered feed.
/// Returns each feed's path with its diagnostics (empty for a clean feed). A feed whose exact
/// bytes passed this same check before (`passed`: [`Published::self_checked`]) is not checked
/// again, and comes back with no diagnostics.
///
/// A rendered feed (UTF-8, declared so, within the size limit) is handed to the check and taken
/// back as the checked text, the same bytes, rather than copied for it: 6.4 MB of fresh memory
/// less for 10,000 items (BENCHMARKS.md, "The rendered feed copied less"). Its bytes would differ
/// from that text only if they were not valid UTF-8: then the check reports an error, the feed is
/// refused, and what stays for the report is the text with replacement characters, as the report
/// shows it anyway. Any other feed is checked from a copy.
pub fn self_check(
    built: &mut Built,
    now: DateTime<Utc>,
    passed: &BTreeMap<String, Digest>,
) -> Vec<(String, Vec<Diagnostic>)> {
    let profiles = crate::rules::Profiles::all();
    built
        .output
        .files
        .iter_mut()
        .filter(|(path, _)| Output::is_feed(path))
        .map(|(path, bytes)| {
            let diagnostics = if passed.get(path).is_some_and(|d| d.matches(bytes)) {
                Vec::new()
            } else if crate::feed::decode::kept_as_text(bytes)
                && bytes.len() <= crate::feed::Limits::default().max_bytes
            {
                let checked =
                    crate::rules::validate_owned(path, std::mem::take(bytes), &profiles, now);
                *bytes = checked.text.into_bytes();
                checked.diagnostics
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

    /// A stand-in input hash, named.
    fn h(name: &str) -> Sha256 {
        crate::hash::input_hash(&[name.as_bytes()])
    }

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339)
            .expect("date")
            .with_timezone(&Utc)
    }

    #[test]
    fn a_feed_known_to_have_passed_is_not_checked_again() {
        let now = at("2026-01-01T00:00:00Z");
        let mut built = Built::default();
        let broken = "<rss version=\"2.0\"><channel>";
        built.output.insert("bad/feed.xml", broken);
        built.output.insert("bad/transcripts/a.vtt", "WEBVTT\n");
        let checked = self_check(&mut built, now, &BTreeMap::new());
        assert_eq!(checked.len(), 1, "feeds only: {checked:?}");
        assert!(!checked[0].1.is_empty(), "a broken feed has findings");
        let other = BTreeMap::from([("bad/feed.xml".to_owned(), Digest::of(b"<rss/>"))]);
        assert!(
            !self_check(&mut built, now, &other)[0].1.is_empty(),
            "other bytes"
        );
        let passed = BTreeMap::from([("bad/feed.xml".to_owned(), Digest::of(broken.as_bytes()))]);
        let skipped = self_check(&mut built, now, &passed);
        assert_eq!(skipped, [("bad/feed.xml".to_owned(), Vec::new())]);
    }

    #[test]
    fn the_self_check_leaves_a_feed_as_rendered_whatever_its_encoding() {
        let now = at("2026-01-01T00:00:00Z");
        let mut built = Built::default();
        let utf8 = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>\
                    <title>Caf\u{e9} \u{1f399}</title></channel></rss>\n";
        let mut latin1 =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Caf"
                .to_vec();
        latin1.extend_from_slice(b"\xe9</title></channel></rss>");
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice(utf8.as_bytes());
        built.output.insert("a/feed.xml", utf8);
        built.output.insert("b/feed.xml", latin1.clone());
        built.output.insert("c/feed.xml", bom.clone());
        let checked = self_check(&mut built, now, &BTreeMap::new());
        assert_eq!(checked.len(), 3);
        let files = &built.output.files;
        assert_eq!(files["a/feed.xml"], utf8.as_bytes());
        assert_eq!(files["b/feed.xml"], latin1, "not re-encoded as UTF-8");
        assert_eq!(files["c/feed.xml"], bom, "the byte order mark kept");
        // Bytes that are not the UTF-8 they declare: an error, so the feed is refused.
        let mut broken = Built::default();
        broken.output.insert(
            "d/feed.xml",
            b"<rss version=\"2.0\"><channel>\xff</channel></rss>".to_vec(),
        );
        let checked = self_check(&mut broken, now, &BTreeMap::new());
        assert!(
            checked[0].1.iter().any(|d| d.rule == "xml.encoding.invalid"
                && d.severity() == crate::diagnostic::Severity::Error),
            "{checked:?}"
        );
    }

    #[test]
    fn the_previous_date_is_kept_only_for_the_same_inputs() {
        let config = Config::parse("config.toml", "base_url = \"https://h.example\"").expect("cfg");
        let (now, before) = (at("2030-01-02T00:00:00Z"), at("2030-01-01T00:00:00Z"));
        let published = Published {
            inputs: BTreeMap::from([("s/feed.xml".to_owned(), h("h1"))]),
            last_build: BTreeMap::from([("s/feed.xml".to_owned(), before)]),
            self_checked: BTreeMap::new(),
        };
        let mut input = BuildInput {
            config: &config,
            now,
            source_date_epoch: None,
            published: &published,
        };
        assert_eq!(last_build_date("s/feed.xml", h("h1"), &input), before);
        assert_eq!(last_build_date("s/feed.xml", h("h2"), &input), now);
        assert_eq!(last_build_date("t/feed.xml", h("h1"), &input), now);
        let epoch = at("2024-08-07T09:00:00Z");
        input.source_date_epoch = Some(epoch);
        assert_eq!(last_build_date("s/feed.xml", h("h1"), &input), epoch);
        // An input hash without a recorded date (a manifest of an older version): now.
        let no_date = Published {
            last_build: BTreeMap::new(),
            ..published.clone()
        };
        input.source_date_epoch = None;
        input.published = &no_date;
        assert_eq!(last_build_date("s/feed.xml", h("h1"), &input), now);
    }
}
