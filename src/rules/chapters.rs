//! `podcast:chapters` value rules (SPEC.md §5.1; the namespace's docs/tags/chapters.md): the
//! `type` is a MIME type, preferably `application/json+chapters`, and each episode links its own
//! chapters file. Placement, the one-per-item count, the required `url` and `type` and the https
//! `url` are the structure checks of [`super::podcast`].

use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Info};
use crate::diagnostic::clip;
use crate::feed::Ns;
use crate::namespace::chapters::{ChaptersType, JSON_CHAPTERS, chapters_type};

/// `podcast.chapters.type`: a `podcast:chapters` type that is not a MIME type.
pub static PODCAST_CHAPTERS_TYPE: Rule = rule(
    "podcast.chapters.type",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.1; podcast-namespace docs/tags/chapters.md",
    "a podcast:chapters type that is not a MIME type",
    "The tag's `type` (required) is the MIME type of the chapters file, which tells apps how to read it: \"application/json+chapters\" for the JSON chapters format.",
);

/// `podcast.chapters.preferred-type`: a `podcast:chapters` type other than the preferred one.
pub static PODCAST_CHAPTERS_PREFERRED_TYPE: Rule = rule(
    "podcast.chapters.preferred-type",
    Info,
    Profile::PodcastIndex,
    "SPEC.md §5.1; podcast-namespace docs/tags/chapters.md (\"JSON prefered, 'application/json+chapters'\")",
    "a podcast:chapters type other than application/json+chapters",
    "The namespace prefers JSON chapters typed \"application/json+chapters\". Plain \"application/json\" is common and apps read it, so this is advice: the specific type says the file is chapters, not just any JSON.",
);

/// `podcast.chapters.shared`: two items link the same chapters file.
pub static PODCAST_CHAPTERS_SHARED: Rule = rule(
    "podcast.chapters.shared",
    Info,
    Profile::PodcastIndex,
    "SPEC.md §5.1 (podcast:chapters: one per item, the chapters of that episode)",
    "two items link the same chapters file",
    "A chapters file holds the start times of one episode's topics; two episodes sharing one usually means a copied item kept the other episode's link, and apps would show that episode's chapters. A re-run of the same audio may share it rightly.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &PODCAST_CHAPTERS_TYPE,
    &PODCAST_CHAPTERS_PREFERRED_TYPE,
    &PODCAST_CHAPTERS_SHARED,
];

/// Runs the chapters family over every `podcast:chapters` of the document.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    for (id, e) in ctx.walk() {
        if !e.is(&Ns::Podcast, "chapters") {
            continue;
        }
        if let Some(t) = doc.attr_value(e, "type") {
            match chapters_type(t) {
                Err(expected) => ctx.emit_attr(
                    &PODCAST_CHAPTERS_TYPE,
                    id,
                    "type",
                    format!(
                        "<podcast:chapters type=\"{}\">; expected {expected}",
                        clip(t)
                    ),
                ),
                Ok(ChaptersType::Other) => ctx.emit_attr(
                    &PODCAST_CHAPTERS_PREFERRED_TYPE,
                    id,
                    "type",
                    format!(
                        "<podcast:chapters type=\"{}\">; the namespace prefers {JSON_CHAPTERS}",
                        clip(t)
                    ),
                ),
                Ok(ChaptersType::JsonChapters) => {}
            }
        }
        if let Some(url) = doc
            .attr_value(e, "url")
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            let key = ctx.seen().key(url);
            if let Some(first) = ctx.seen().chapters.get(&key) {
                let other = first.clone().unwrap_or_else(|| "another item".into());
                ctx.emit_attr(
                    &PODCAST_CHAPTERS_SHARED,
                    id,
                    "url",
                    format!(
                        "<podcast:chapters url=\"{}\"> is also the chapters of {other}; expected each episode's own chapters file",
                        clip(url)
                    ),
                );
            } else {
                let episode = ctx.episode_of(id);
                ctx.seen().chapters.insert(key, episode);
            }
        }
    }
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (
        &PODCAST_CHAPTERS_TYPE,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:chapters url=\"https://example.org/show/ep1.chapters.json\" type=\"json\"/>",
    ),
    (
        &PODCAST_CHAPTERS_PREFERRED_TYPE,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:chapters url=\"https://example.org/show/ep1.chapters.json\" type=\"application/json\"/>",
    ),
];

/// Mutations too long for the table: (rule, mutated feed bytes).
#[cfg(test)]
pub(super) fn generated() -> Vec<(&'static Rule, Vec<u8>)> {
    let link = "<podcast:chapters url=\"https://example.org/show/ep1.chapters.json\" type=\"application/json+chapters\"/>";
    let feed = super::fixture::MINIMAL.replace(
        "<itunes:duration>1804</itunes:duration>",
        &format!("<itunes:duration>1804</itunes:duration>{link}"),
    );
    // A second item, copied from the first with its own guid and enclosure but the same chapters.
    let item_start = feed.find("<item>").unwrap_or_default();
    let item_end = feed
        .find("</item>")
        .map_or(feed.len(), |i| i + "</item>".len());
    let copy = feed[item_start..item_end]
        .replace("ep1.mp3", "ep2.mp3")
        .replace("feed-notes-ep1", "feed-notes-ep2");
    let mut shared = feed.clone();
    shared.insert_str(item_end, &copy);
    vec![(&PODCAST_CHAPTERS_SHARED, shared.into_bytes())]
}

#[cfg(test)]
mod tests {
    use super::super::{Profiles, check_feed, fixture};

    #[test]
    fn one_chapters_link_with_the_preferred_type_is_clean() {
        let feed = fixture::with(
            "<itunes:duration>1804</itunes:duration>",
            "<itunes:duration>1804</itunes:duration><podcast:chapters url=\"https://example.org/show/ep1.chapters.json\" type=\"application/json+chapters\"/>",
        );
        let found = check_feed("feed.xml", &feed, &Profiles::all(), fixture::now());
        assert!(found.is_empty(), "{found:#?}");
    }
}
