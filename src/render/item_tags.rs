//! The item and media tags of a feed (SPEC.md §5.2) and Apple's lifecycle tags (§1.2, §1.3):
//! `podcast:` location, license, txt, image, person and funding of an episode, season, episode,
//! soundbite and alternateEnclosure; `itunes:` title, block, complete and new-feed-url; the RSS
//! `<image>`; and the measurement prefix of enclosure URLs.

use std::collections::BTreeMap;

use rss::extension::itunes::ITunesChannelExtension;
use rss::extension::{Extension, ExtensionMap};

use super::feed::element;
use crate::model::{AlternateEnclosure, Episode, Image, License, Location, Person, Show, Txt};
use crate::namespace::media::prefixed;

/// Extension elements by name, as the `rss` crate keeps one namespace's.
pub(super) type Tags = BTreeMap<String, Vec<Extension>>;

fn add(tags: &mut Tags, name: &str, e: Extension) {
    tags.entry(name.to_owned()).or_default().push(e);
}

/// Attributes that are set, in the given order.
fn attrs<'a>(list: &[(&'a str, Option<&'a str>)]) -> Vec<(&'a str, &'a str)> {
    list.iter()
        .filter_map(|(k, v)| v.map(|v| (*k, v)))
        .collect()
}

/// The show's `podcast:` license, locations, txt records and images.
pub(super) fn channel(show: &Show, podcast: &mut Tags) {
    common(
        show.license.as_ref(),
        &show.locations,
        &show.txt,
        &show.images,
        podcast,
    );
}

/// Apple's lifecycle tags of the channel; `itunes:title` has no field in the `rss` crate's
/// extension, so it goes into `extensions` under the `itunes` prefix.
pub(super) fn apple_channel(
    show: &Show,
    itunes: &mut ITunesChannelExtension,
    ext: &mut ExtensionMap,
) {
    itunes.block = show.itunes_block.then(|| "Yes".to_owned());
    itunes.complete = show.itunes_complete.then(|| "Yes".to_owned());
    itunes.new_feed_url = show.new_feed_url.as_ref().map(ToString::to_string);
    if let Some(t) = &show.itunes_title {
        let mut tags = Tags::new();
        add(&mut tags, "title", element("itunes:title", Some(t), &[]));
        ext.insert("itunes".into(), tags);
    }
}

/// The RSS 2.0 `<image>`: the show's artwork, with the channel's title and link, as RSS asks
/// (SPEC.md §1.2). Written for every show (every show has artwork), so readers that know only
/// RSS show it too.
pub(super) fn rss_image(show: &Show) -> rss::Image {
    rss::Image {
        url: show.image.to_string(),
        title: show.title.clone(),
        link: show.link.to_string(),
        ..Default::default()
    }
}

/// The URL of `url` as published: behind the show's measurement prefix when it has one and the
/// URL is http(s) (a magnet or ipfs URI cannot be redirected).
pub fn published_url(show: &Show, url: &url::Url) -> String {
    let prefix = show
        .enclosure_prefix
        .as_deref()
        .filter(|_| matches!(url.scheme(), "http" | "https"));
    prefixed(url.as_str(), prefix)
}

/// The episode's `podcast:` tags of this group, and its `itunes:title` (into `itunes_tags`).
pub(super) fn item(show: &Show, e: &Episode, podcast: &mut Tags, itunes_tags: &mut Tags) {
    for p in &e.persons {
        add(podcast, "person", person(p));
    }
    for f in &e.funding {
        add(
            podcast,
            "funding",
            element(
                "podcast:funding",
                Some(&f.label),
                &[("url", f.url.as_str())],
            ),
        );
    }
    if let Some(n) = e.season {
        let a = attrs(&[("name", e.season_name.as_deref())]);
        add(
            podcast,
            "season",
            element("podcast:season", Some(&n.to_string()), &a),
        );
    }
    if let Some(n) = e.episode {
        let a = attrs(&[("display", e.episode_display.as_deref())]);
        add(
            podcast,
            "episode",
            element("podcast:episode", Some(&n.to_string()), &a),
        );
    }
    for s in &e.soundbites {
        let (start, duration) = (s.start.to_string(), s.duration.to_string());
        let a = [
            ("startTime", start.as_str()),
            ("duration", duration.as_str()),
        ];
        add(
            podcast,
            "soundbite",
            element("podcast:soundbite", s.title.as_deref(), &a),
        );
    }
    common(e.license.as_ref(), &e.locations, &e.txt, &e.images, podcast);
    for a in &e.alternate_enclosures {
        add(podcast, "alternateEnclosure", alternate(show, a));
    }
    if let Some(t) = &e.itunes_title {
        add(itunes_tags, "title", element("itunes:title", Some(t), &[]));
    }
}

/// A `podcast:person` (channel or item).
pub(super) fn person(p: &Person) -> Extension {
    let (img, href) = (
        p.img.as_ref().map(|u| u.as_str()),
        p.href.as_ref().map(|u| u.as_str()),
    );
    let a = attrs(&[
        ("role", p.role.as_deref()),
        ("group", p.group.as_deref()),
        ("img", img),
        ("href", href),
    ]);
    element("podcast:person", Some(&p.name), &a)
}

/// The tags the channel and items share.
fn common(
    license: Option<&License>,
    locations: &[Location],
    txt: &[Txt],
    images: &[Image],
    podcast: &mut Tags,
) {
    if let Some(l) = license {
        let a = attrs(&[("url", l.url.as_ref().map(|u| u.as_str()))]);
        add(
            podcast,
            "license",
            element("podcast:license", Some(&l.identifier), &a),
        );
    }
    for l in locations {
        let a = attrs(&[
            ("rel", l.rel.as_deref()),
            ("geo", l.geo.as_deref()),
            ("osm", l.osm.as_deref()),
            ("country", l.country.as_deref()),
        ]);
        add(
            podcast,
            "location",
            element("podcast:location", Some(&l.name), &a),
        );
    }
    for t in txt {
        let a = attrs(&[("purpose", t.purpose.as_deref())]);
        add(podcast, "txt", element("podcast:txt", Some(&t.text), &a));
    }
    for i in images {
        let (w, h) = (
            i.width.map(|n| n.to_string()),
            i.height.map(|n| n.to_string()),
        );
        let a = attrs(&[
            ("href", Some(i.href.as_str())),
            ("alt", i.alt.as_deref()),
            ("aspect-ratio", i.aspect_ratio.as_deref()),
            ("width", w.as_deref()),
            ("height", h.as_deref()),
            ("type", i.mime.as_deref()),
            ("purpose", i.purpose.as_deref()),
        ]);
        add(podcast, "image", element("podcast:image", None, &a));
    }
}

/// A `podcast:alternateEnclosure` with its `podcast:source`s and `podcast:integrity`.
fn alternate(show: &Show, a: &AlternateEnclosure) -> Extension {
    let length = a.length.map(|n| n.to_string());
    let bitrate = a.bitrate.map(|n| n.to_string());
    let height = a.height.map(|n| n.to_string());
    let list = attrs(&[
        ("type", Some(a.mime.as_str())),
        ("length", length.as_deref()),
        ("bitrate", bitrate.as_deref()),
        ("height", height.as_deref()),
        ("lang", a.lang.as_deref()),
        ("title", a.title.as_deref()),
        ("rel", a.rel.as_deref()),
        ("codecs", a.codecs.as_deref()),
        ("default", a.default.then_some("true")),
    ]);
    let mut out = element("podcast:alternateEnclosure", None, &list);
    for s in &a.sources {
        let uri = published_url(show, &s.uri);
        let list = attrs(&[
            ("uri", Some(uri.as_str())),
            ("contentType", s.content_type.as_deref()),
        ]);
        add(
            &mut out.children,
            "source",
            element("podcast:source", None, &list),
        );
    }
    if let Some(i) = &a.integrity {
        let list = [("type", i.kind.as_str()), ("value", i.value.as_str())];
        add(
            &mut out.children,
            "integrity",
            element("podcast:integrity", None, &list),
        );
    }
    out
}
