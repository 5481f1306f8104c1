//! Model → `feed.xml`: RSS 2.0 with the `itunes:`, `podcast:`, `content:` and `atom:` namespaces
//! (SPEC.md §1, §2, §4, §7). The feed is an [`rss::Channel`], written by `render::xml`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rayon::iter::{IntoParallelRefIterator as _, ParallelIterator as _};
use rss::extension::itunes::{
    ITunesCategory, ITunesChannelExtension, ITunesItemExtension, ITunesOwner,
};
use rss::extension::{Extension, ExtensionMap};

use super::item_tags;
use super::path::transcript_path;
use crate::config::Config;
use crate::model::{Episode, Show};

/// Namespace URIs to declare (SPEC.md §7).
pub const NAMESPACES: [(&str, &str); 4] = [
    ("atom", "http://www.w3.org/2005/Atom"),
    ("content", "http://purl.org/rss/1.0/modules/content/"),
    ("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
    ("podcast", "https://podcastindex.org/namespace/1.0"),
];

/// What the feed needs beyond the show itself.
#[derive(Clone, Copy)]
pub struct FeedInput<'a> {
    /// The episodes to list, in feed order (already filtered to those that are due).
    pub episodes: &'a [&'a Episode],
    /// The site configuration: the transcript formats to link and the public base URL.
    pub config: &'a Config,
    /// The live records to write as `podcast:liveItem` (show group, issue 12).
    pub live: &'a [&'a Episode],
}

/// A feed written but for its `lastBuildDate`, which the caller chooses knowing
/// [`Feed::input_hash`] (the build keeps the previous date while the hash stays the same).
///
/// The XML is written once, with a placeholder where the date goes; [`Feed::write`] puts the
/// date in its place.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The feed's XML, with [`DATE_PLACEHOLDER`] as the `lastBuildDate`'s text.
    xml: String,
    /// Where the placeholder starts in `xml`.
    date_at: usize,
}

/// The text written in `lastBuildDate` until the date is chosen: ASCII, so the date replaces it
/// on a character boundary, and as long as the date ([`rfc2822`] of a four-digit year), so the
/// date takes its place without moving the rest of the feed.
const DATE_PLACEHOLDER: &str = "LAST-BUILD-DATE-LAST-BUILD-DATE";

impl Feed {
    /// The feed of `show` for `input`.
    pub fn new(show: &Show, input: &FeedInput<'_>) -> Feed {
        let mut channel = channel(show, input);
        channel.last_build_date = Some(DATE_PLACEHOLDER.to_owned());
        // Each item is built and written on its own, on every core (rayon: `RAYON_NUM_THREADS`),
        // into its own text, then joined in order: what crosses threads is one string per item.
        let items: Vec<String> = input
            .episodes
            .par_iter()
            .map_init(Vec::new, |scratch, e| {
                super::xml::item(&item(show, e, input), scratch)
            })
            .collect();
        let pi = input
            .config
            .build
            .stylesheet
            .then_some(super::stylesheet::STYLESHEET_PI);
        let xml = super::xml::write(&channel, pi, &items);
        // The first `<lastBuildDate>` is the channel's: the elements written before it (the
        // channel's title, link, description, language, copyright and pubDate) hold escaped text,
        // in which no `<` is left.
        let tag = "<lastBuildDate>";
        let date_at = xml.find(tag).map_or(xml.len(), |at| at + tag.len());
        debug_assert!(xml[date_at..].starts_with(DATE_PLACEHOLDER));
        Feed { xml, date_at }
    }

    /// A hash of everything the feed is written from except its `lastBuildDate`, and of the
    /// podfeed version that writes it: the sha256 of the feed's bytes with the date's placeholder.
    /// Equal hashes give equal feeds for equal dates.
    pub fn input_hash(&self) -> crate::hash::Sha256 {
        crate::hash::input_hash(&[env!("CARGO_PKG_VERSION").as_bytes(), self.xml.as_bytes()])
    }

    /// The feed as UTF-8 XML with `last_build` as its `lastBuildDate`.
    pub fn write(mut self, last_build: DateTime<Utc>) -> String {
        let at = self.date_at;
        if self.xml[at..].starts_with(DATE_PLACEHOLDER) {
            self.xml
                .replace_range(at..at + DATE_PLACEHOLDER.len(), &rfc2822(last_build));
        }
        self.xml
    }
}

/// Renders the feed of `show` as UTF-8 XML, with `last_build` as `lastBuildDate`.
pub fn render_feed(show: &Show, input: &FeedInput<'_>, last_build: DateTime<Utc>) -> String {
    Feed::new(show, input).write(last_build)
}

/// The channel of `show`, without `lastBuildDate` (chosen later, see [`Feed`]) and without its
/// items (written apart, see [`Feed::new`]).
fn channel(show: &Show, input: &FeedInput<'_>) -> rss::Channel {
    let mut extensions = ExtensionMap::default();
    let mut atom = vec![element(
        "atom:link",
        None,
        &[
            ("href", show.feed_url.as_str()),
            ("rel", "self"),
            ("type", "application/rss+xml"),
        ],
    )];
    atom.extend(super::show_tags::hub_link(input.config));
    extensions.insert("atom".into(), BTreeMap::from([("link".into(), atom)]));
    let mut podcast = podcast_channel(show);
    item_tags::channel(show, &mut podcast);
    super::show_tags::channel(show, &mut podcast);
    let live: Vec<Extension> = input
        .live
        .iter()
        .filter_map(|e| super::show_tags::live_item(e))
        .collect();
    if !live.is_empty() {
        podcast.insert("liveItem".into(), live);
    }
    extensions.insert("podcast".into(), podcast);
    let mut itunes = itunes_channel(show);
    item_tags::apple_channel(show, &mut itunes, &mut extensions);
    rss::Channel {
        title: show.title.clone(),
        link: show.link.to_string(),
        description: show.description.clone(),
        language: Some(show.language.clone()),
        copyright: show.copyright.clone(),
        // The newest episode's date, whichever end of the list it is at (serial shows list
        // oldest first).
        pub_date: input
            .episodes
            .iter()
            .map(|e| e.published)
            .max()
            .map(rfc2822),
        generator: Some("podfeed".to_owned()),
        image: Some(item_tags::rss_image(show)),
        namespaces: NAMESPACES
            .iter()
            .map(|(p, u)| ((*p).to_owned(), (*u).to_owned()))
            .collect(),
        extensions,
        itunes_ext: Some(itunes),
        ..Default::default()
    }
}

/// The channel's `podcast:` elements, by name.
fn podcast_channel(show: &Show) -> BTreeMap<String, Vec<Extension>> {
    let mut podcast: BTreeMap<String, Vec<Extension>> = BTreeMap::new();
    let mut add = |name: &str, e: Extension| podcast.entry(name.to_owned()).or_default().push(e);
    add(
        "guid",
        element("podcast:guid", Some(&show.podcast_guid.to_string()), &[]),
    );
    if let Some(l) = &show.locked {
        let value = if l.locked { "yes" } else { "no" };
        let attrs: Vec<(&str, &str)> = l.owner.iter().map(|o| ("owner", o.as_str())).collect();
        add("locked", element("podcast:locked", Some(value), &attrs));
    }
    for f in &show.funding {
        add(
            "funding",
            element(
                "podcast:funding",
                Some(&f.label),
                &[("url", f.url.as_str())],
            ),
        );
    }
    if let Some(m) = &show.medium {
        add("medium", element("podcast:medium", Some(m), &[]));
    }
    for p in &show.persons {
        add("person", item_tags::person(p));
    }
    podcast
}

/// The channel's `itunes:` elements.
fn itunes_channel(show: &Show) -> ITunesChannelExtension {
    ITunesChannelExtension {
        author: Some(show.author.clone()),
        categories: show
            .categories
            .iter()
            .map(|c| ITunesCategory {
                text: c.name.clone(),
                subcategory: c.sub.as_ref().map(|s| {
                    Box::new(ITunesCategory {
                        text: s.clone(),
                        subcategory: None,
                    })
                }),
            })
            .collect(),
        image: Some(show.image.to_string()),
        explicit: Some(show.explicit.to_string()),
        owner: show.owner.as_ref().map(|o| ITunesOwner {
            name: Some(o.name.clone()),
            email: Some(o.email.clone()),
        }),
        r#type: Some(show.show_type.as_str().to_owned()),
        ..Default::default()
    }
}

fn item(show: &Show, e: &Episode, input: &FeedInput<'_>) -> rss::Item {
    let mut transcripts = Vec::new();
    for t in &e.transcripts {
        let stem = t.output_stem(&e.slug);
        let language = t.language.as_deref().unwrap_or(&show.language);
        for &format in &input.config.build.transcript_formats {
            let url = input
                .config
                .public_url(&transcript_path(&show.id, &stem, format));
            let mut attrs = vec![
                ("url", url.as_str()),
                ("type", format.mime()),
                ("language", language),
            ];
            if format.is_captions() {
                attrs.push(("rel", "captions"));
            }
            transcripts.push(element("podcast:transcript", None, &attrs));
        }
    }
    let mut podcast = item_tags::Tags::new();
    if !transcripts.is_empty() {
        podcast.insert("transcript".to_owned(), transcripts);
    }
    if let Some(c) = super::chapters::link(show, &e.slug, e.chapters.as_ref(), input.config) {
        podcast.insert("chapters".to_owned(), vec![c]);
    }
    super::show_tags::shared(&e.social_interact, e.chat.as_ref(), &e.value, &mut podcast);
    let mut itunes_tags = item_tags::Tags::new();
    item_tags::item(show, e, &mut podcast, &mut itunes_tags);
    let mut extensions = ExtensionMap::default();
    for (prefix, tags) in [("podcast", podcast), ("itunes", itunes_tags)] {
        if !tags.is_empty() {
            extensions.insert(prefix.into(), tags);
        }
    }
    let itunes = ITunesItemExtension {
        duration: e.duration.map(|d| d.to_string()),
        explicit: Some(e.explicit.unwrap_or(show.explicit).to_string()),
        episode: e.episode.map(|n| n.to_string()),
        season: e.season.map(|n| n.to_string()),
        episode_type: Some(e.episode_type.as_str().to_owned()),
        image: e.image.as_ref().map(ToString::to_string),
        block: e.itunes_block.then(|| "Yes".to_owned()),
        ..Default::default()
    };
    rss::Item {
        title: Some(e.title.clone()),
        link: e.link.as_ref().map(ToString::to_string),
        description: Some(e.description.clone()),
        enclosure: Some(rss::Enclosure {
            url: item_tags::published_url(show, &e.enclosure.url),
            length: e.enclosure.length.to_string(),
            mime_type: e.enclosure.mime.clone(),
        }),
        guid: Some(rss::Guid {
            value: e.guid.clone(),
            permalink: e.guid_is_permalink,
        }),
        pub_date: Some(rfc2822(e.published)),
        content: Some(e.description.clone()),
        extensions,
        itunes_ext: Some(itunes),
        ..Default::default()
    }
}

/// An extension element with attributes (kept sorted by the `rss` crate's map).
pub(super) fn element(name: &str, value: Option<&str>, attrs: &[(&str, &str)]) -> Extension {
    Extension {
        name: name.to_owned(),
        value: value.map(str::to_owned),
        attrs: attrs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        children: BTreeMap::new(),
    }
}

/// RFC 2822 date as SPEC.md §8.1 asks us to generate: `Wed, 07 Aug 2024 09:00:00 +0000`.
/// Written field by field: chrono's `format` parses its pattern again at every call, once per
/// item of a feed (BENCHMARKS.md, "Items written through one buffer per task, and dates without
/// a pattern").
pub fn rfc2822(t: DateTime<Utc>) -> String {
    use chrono::{Datelike as _, Timelike as _};
    // chrono's own names: a weekday shows as `Mon`, a month's name starts with its abbreviation.
    let month = u8::try_from(t.month())
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .and_then(|m| m.name().get(..3));
    match month {
        // A leap second (a nanosecond count past a whole second) is chrono's to write, as `:60`.
        Some(month) if (0..=9999).contains(&t.year()) && t.nanosecond() < 1_000_000_000 => {
            format!(
                "{}, {:02} {month} {:04} {:02}:{:02}:{:02} +0000",
                t.weekday(),
                t.day(),
                t.year(),
                t.hour(),
                t.minute(),
                t.second()
            )
        }
        // A year of five digits or before year 0: chrono writes it with its sign.
        _ => t.format("%a, %d %b %Y %H:%M:%S +0000").to_string(),
    }
}

/// Show notes: Markdown rendered to HTML (raw HTML in the notes is passed through as written).
pub fn markdown_to_html(md: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(md, pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    html.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc2822_with_english_names_and_four_digit_years() {
        let t = DateTime::parse_from_rfc3339("2024-08-07T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(rfc2822(t), "Wed, 07 Aug 2024 09:00:00 +0000");
    }

    #[test]
    fn the_date_placeholder_is_as_long_as_a_date() {
        let t = DateTime::from_timestamp(0, 0).unwrap();
        assert_eq!(DATE_PLACEHOLDER.len(), rfc2822(t).len());
    }

    #[test]
    fn dates_written_field_by_field_read_as_the_pattern_writes_them() {
        // Every weekday, month, day and time of day over four centuries, leap years too, and
        // the years chrono writes with a sign.
        let pattern = |t: DateTime<Utc>| t.format("%a, %d %b %Y %H:%M:%S +0000").to_string();
        let mut secs = -2_208_988_800_i64; // 1900-01-01
        while secs < 7_258_118_400 {
            // 2200-01-01
            let t = DateTime::from_timestamp(secs, 0).unwrap();
            assert_eq!(rfc2822(t), pattern(t));
            secs += 3_907_801; // about 45 days, and a prime: every hour and weekday comes round
        }
        for year in [0, 9999, 10_000, -1] {
            let t = chrono::NaiveDate::from_ymd_opt(year, 2, 29)
                .or_else(|| chrono::NaiveDate::from_ymd_opt(year, 3, 1))
                .unwrap()
                .and_hms_opt(23, 59, 59)
                .unwrap()
                .and_utc();
            assert_eq!(rfc2822(t), pattern(t));
        }
        // A record may hold a leap second (TOML and RFC 3339 allow second 60).
        let leap = DateTime::parse_from_rfc3339("2016-12-31T23:59:60Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(rfc2822(leap), "Sat, 31 Dec 2016 23:59:60 +0000");
        assert_eq!(rfc2822(leap), pattern(leap));
    }

    #[test]
    fn markdown_becomes_html() {
        assert_eq!(
            markdown_to_html("Hello *world* & [link](https://x.example)"),
            "<p>Hello <em>world</em> &amp; <a href=\"https://x.example\">link</a></p>"
        );
    }
}
