//! A parsed published feed seen two ways by `podfeed validate`: as the [`Published`] summary that
//! [`crate::compare`] holds against the records, and as the [`LinkTarget`]s that
//! [`crate::http::check_links`] fetches. Pure: a [`Document`] in, values out; every location is
//! the start tag of the element concerned (DESIGN.md "Command line"), in the file named `name`.

use chrono::{DateTime, Utc};

use crate::compare::{Published, PublishedItem};
use crate::diagnostic::Label;
use crate::feed::{Document, ElementId, Ns};
use crate::rules::rfc822;
use crate::validate::links::{LinkKind, LinkTarget};

/// The `<channel>` of an `<rss>` document, if there is one.
fn channel(doc: &Document) -> Option<ElementId> {
    doc.root().filter(|r| r.is(&Ns::None, "rss"))?;
    doc.child(0, &Ns::None, "channel")
}

/// The channel's `<item>`s in document order.
fn items(doc: &Document, channel: ElementId) -> Vec<ElementId> {
    doc.children_named(channel, &Ns::None, "item").collect()
}

/// The `<item>`s of an RSS document in order.
pub fn item_ids(doc: &Document) -> Vec<ElementId> {
    channel(doc).map(|ch| items(doc, ch)).unwrap_or_default()
}

/// Where element `id` is, in file `name` (see [`Document::span_of`]).
fn location(doc: &Document, name: &str, id: ElementId) -> Option<Label> {
    let el = doc.get(id)?;
    Some(Label::new(name, doc.span_of(el)))
}

/// A feed date read leniently: RFC 822 with the leniencies of SPEC.md §8.1, else RFC 3339 (a
/// common mistake that still names an instant). `None` when it names none.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    rfc822::parse(text)
        .map(|d| d.date.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|d| d.with_timezone(&Utc))
        })
}

/// The summary that the comparison needs of `doc`'s channel, with `items` summarized before (by
/// [`summarize_item`], as each was read). A document without `<rss><channel>` gives an empty
/// summary (the rules report why).
pub fn summarize_channel(doc: &Document, name: &str, items: Vec<PublishedItem>) -> Published {
    let Some(ch) = channel(doc) else {
        return Published::default();
    };
    let text = |id, ns: &Ns, local| doc.child_text(id, ns, local).map(str::to_owned);
    let last_build = doc
        .child_text(ch, &Ns::None, "lastBuildDate")
        .or_else(|| doc.child_text(ch, &Ns::None, "pubDate"))
        .and_then(parse_date);
    Published {
        podcast_guid: text(ch, &Ns::Podcast, "guid"),
        last_build,
        channel_location: location(doc, name, ch),
        items,
    }
}

/// The summary of item `i` of `doc`.
pub fn summarize_item(doc: &Document, name: &str, i: ElementId) -> PublishedItem {
    let text = |id, ns: &Ns, local| doc.child_text(id, ns, local).map(str::to_owned);
    let enclosure = doc
        .child(i, &Ns::None, "enclosure")
        .and_then(|e| doc.get(e))
        .map(|e| {
            let attr = |n| doc.attr_value(e, n).unwrap_or_default().trim().to_owned();
            (attr("url"), attr("length"), attr("type"))
        });
    let mut transcripts: Vec<(String, String)> = doc
        .children_named(i, &Ns::Podcast, "transcript")
        .filter_map(|t| doc.get(t))
        .map(|t| {
            let attr = |n| doc.attr_value(t, n).unwrap_or_default().trim().to_owned();
            (attr("url"), attr("type"))
        })
        .collect();
    transcripts.sort();
    PublishedItem {
        guid: text(i, &Ns::None, "guid"),
        title: text(i, &Ns::None, "title"),
        published: doc.child_text(i, &Ns::None, "pubDate").and_then(parse_date),
        enclosure,
        duration: text(i, &Ns::Itunes, "duration"),
        transcripts,
        location: location(doc, name, i),
    }
}

/// The links of `doc`'s channel itself worth fetching: its `itunes:image` and its `podcast:`
/// links. URLs that do not parse are left to the rules (`url.*`), which report them.
pub fn channel_links(doc: &Document, name: &str) -> Vec<LinkTarget> {
    let mut out = Vec::new();
    let Some(ch) = channel(doc) else {
        return out;
    };
    let mut push = pusher(doc, name, &mut out);
    if let Some((id, href)) = image(doc, ch) {
        push(id, href, LinkKind::Artwork);
    }
    namespace_links(doc, ch, &mut push);
    drop(push);
    out
}

/// The links of item `item` of `doc` worth fetching, added to `out`: its enclosure,
/// transcripts, `itunes:image` and `podcast:` links, with no episode named yet (the caller names
/// them once the items are matched with records, see [`super::episodes`]).
pub fn item_links(doc: &Document, name: &str, item: ElementId, out: &mut Vec<LinkTarget>) {
    let mut push = pusher(doc, name, out);
    if let Some(id) = doc.child(item, &Ns::None, "enclosure")
        && let Some(e) = doc.get(id)
    {
        let kind = LinkKind::Enclosure {
            // RSS 2.0 gives length in bytes; an unreadable one is the rules' finding, and 0
            // means "not compared" here.
            length: doc
                .attr_value(e, "length")
                .and_then(|l| l.trim().parse().ok())
                .unwrap_or(0),
            mime: doc
                .attr_value(e, "type")
                .unwrap_or_default()
                .trim()
                .to_owned(),
        };
        push(id, doc.attr_value(e, "url"), kind);
    }
    if let Some((id, href)) = image(doc, item) {
        push(id, href, LinkKind::Artwork);
    }
    for id in doc.children_named(item, &Ns::Podcast, "transcript") {
        let Some(t) = doc.get(id) else { continue };
        let kind = LinkKind::Transcript {
            mime: doc
                .attr_value(t, "type")
                .unwrap_or_default()
                .trim()
                .to_owned(),
            expected: None,
        };
        push(id, doc.attr_value(t, "url"), kind);
    }
    namespace_links(doc, item, &mut push);
}

/// The `itunes:image` of `parent` and its href.
fn image(doc: &Document, parent: ElementId) -> Option<(ElementId, Option<&str>)> {
    let id = doc.child(parent, &Ns::Itunes, "image")?;
    Some((id, doc.attr_value(doc.get(id)?, "href")))
}

/// What adds a link of element `id` to `out`, when its URL is an http(s) URL.
fn pusher<'a>(
    doc: &'a Document,
    name: &'a str,
    out: &'a mut Vec<LinkTarget>,
) -> impl FnMut(ElementId, Option<&str>, LinkKind) + 'a {
    move |id, url, kind| {
        let Some(url) = url.and_then(|u| url::Url::parse(u.trim()).ok()) else {
            return;
        };
        if !matches!(url.scheme(), "http" | "https") {
            return;
        }
        out.push(LinkTarget {
            url,
            kind,
            episode: None,
            location: location(doc, name, id),
            path: Some(doc.path(id)),
        });
    }
}

/// The `podcast:` links of a channel or item that are fetched like the others (issue 14): its
/// chapters file (with the item's `itunes:duration` in whole seconds), `podcast:image`s,
/// people's `img` and the alternate enclosures' http(s) sources (their declared type and length).
fn namespace_links(
    doc: &Document,
    parent: ElementId,
    push: &mut impl FnMut(ElementId, Option<&str>, LinkKind),
) {
    let attr = |id: ElementId, name: &str| doc.get(id).and_then(|e| doc.attr_value(e, name));
    if let Some(id) = doc.child(parent, &Ns::Podcast, "chapters") {
        let duration = doc
            .child_text(parent, &Ns::Itunes, "duration")
            .and_then(|d| d.parse().ok());
        push(id, attr(id, "url"), LinkKind::Chapters { duration });
    }
    for id in doc.children_named(parent, &Ns::Podcast, "image") {
        push(id, attr(id, "href"), LinkKind::Image);
    }
    for id in doc.children_named(parent, &Ns::Podcast, "person") {
        push(id, attr(id, "img"), LinkKind::Image);
    }
    for alt in doc.children_named(parent, &Ns::Podcast, "alternateEnclosure") {
        let kind = LinkKind::Enclosure {
            length: attr(alt, "length")
                .and_then(|l| l.trim().parse().ok())
                .unwrap_or(0),
            mime: attr(alt, "type").unwrap_or_default().trim().to_owned(),
        };
        for src in doc.children_named(alt, &Ns::Podcast, "source") {
            push(src, attr(src, "uri"), kind.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed;

    /// The summary of a whole parsed feed, put together as `validate::check` does while
    /// streaming: each item summarized, then the channel.
    fn summarize(doc: &Document, name: &str) -> Published {
        let items = item_ids(doc)
            .into_iter()
            .map(|i| summarize_item(doc, name, i))
            .collect();
        summarize_channel(doc, name, items)
    }

    /// Every link of a whole parsed feed, the channel's then each item's, the items named by
    /// `labels` in order, as `validate::check` names them.
    fn link_targets(doc: &Document, name: &str, labels: &[Option<String>]) -> Vec<LinkTarget> {
        let mut out = channel_links(doc, name);
        for (n, item) in item_ids(doc).into_iter().enumerate() {
            let mut targets = Vec::new();
            item_links(doc, name, item, &mut targets);
            for mut t in targets {
                t.episode = labels.get(n).cloned().flatten();
                out.push(t);
            }
        }
        out
    }

    const FEED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel>
<title>S</title>
<lastBuildDate>Thu, 01 Jan 2026 00:00:00 +0000</lastBuildDate>
<podcast:guid>92bc19ce-e8f5-5a24-8343-b6105eb628e2</podcast:guid>
<itunes:image href="https://h.example/cover.jpg"/>
<item>
<title>One</title>
<guid isPermaLink="false"> g-1 </guid>
<pubDate>Wed, 7 Aug 24 09:00:00 GMT</pubDate>
<enclosure url="https://h.example/1.mp3" length="42" type="audio/mpeg"/>
<itunes:duration>7:05</itunes:duration>
<itunes:image href="https://h.example/1.jpg"/>
<podcast:transcript url="https://h.example/1.vtt" type="text/vtt"/>
<podcast:transcript url="https://h.example/1.srt" type="application/x-subrip"/>
</item>
<item>
<title>Two</title>
<enclosure url="ftp://h.example/2.mp3" length="many" type="audio/mpeg"/>
</item>
</channel>
</rss>"#;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("test date")
            .with_timezone(&Utc)
    }

    #[test]
    fn summarizes_channel_and_items_with_start_tag_locations() {
        let doc = feed::parse(FEED.as_bytes());
        let p = summarize(&doc, "feed.xml");
        assert_eq!(
            p.podcast_guid.as_deref(),
            Some("92bc19ce-e8f5-5a24-8343-b6105eb628e2")
        );
        assert_eq!(p.last_build, Some(utc("2026-01-01T00:00:00Z")));
        let source = crate::diagnostic::Source::new(FEED.to_owned());
        let line = |l: &Label| source.locate(&l.span).line;
        assert_eq!(p.channel_location.as_ref().map(line), Some(3));
        assert_eq!(p.items.len(), 2);
        let one = &p.items[0];
        assert_eq!(one.guid.as_deref(), Some("g-1"));
        assert_eq!(one.published, Some(utc("2024-08-07T09:00:00Z")));
        assert_eq!(
            one.enclosure,
            Some((
                "https://h.example/1.mp3".into(),
                "42".into(),
                "audio/mpeg".into()
            ))
        );
        assert_eq!(one.duration.as_deref(), Some("7:05"));
        // Sorted by URL, whatever the feed order.
        assert_eq!(
            one.transcripts,
            [
                (
                    "https://h.example/1.srt".to_owned(),
                    "application/x-subrip".to_owned()
                ),
                ("https://h.example/1.vtt".to_owned(), "text/vtt".to_owned()),
            ]
        );
        let loc = one.location.as_ref().expect("item location");
        let at = source.locate(&loc.span);
        assert_eq!((loc.file.as_str(), at.line, at.column), ("feed.xml", 8, 1));
        assert_eq!(&FEED[loc.span.clone()], "<item>", "an item's start tag");
        assert_eq!(p.items[1].guid, None);
        assert_eq!(p.items[1].published, None);
    }

    #[test]
    fn lists_artwork_enclosures_and_transcripts_with_paths_and_episodes() {
        let doc = feed::parse(FEED.as_bytes());
        let labels = [Some("ep0".to_owned()), Some("ep1".to_owned())];
        let targets = link_targets(&doc, "feed.xml", &labels);
        let got: Vec<(&str, &str, Option<&str>, String)> = targets
            .iter()
            .map(|t| {
                (
                    t.url.as_str(),
                    t.kind.noun(),
                    t.episode.as_deref(),
                    t.path.clone().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "https://h.example/cover.jpg",
                    "artwork",
                    None,
                    "/rss/channel/itunes:image".to_owned()
                ),
                (
                    "https://h.example/1.mp3",
                    "enclosure",
                    Some("ep0"),
                    "/rss/channel/item[1]/enclosure".to_owned()
                ),
                (
                    "https://h.example/1.jpg",
                    "artwork",
                    Some("ep0"),
                    "/rss/channel/item[1]/itunes:image".to_owned()
                ),
                (
                    "https://h.example/1.vtt",
                    "transcript",
                    Some("ep0"),
                    "/rss/channel/item[1]/podcast:transcript[1]".to_owned()
                ),
                (
                    "https://h.example/1.srt",
                    "transcript",
                    Some("ep0"),
                    "/rss/channel/item[1]/podcast:transcript[2]".to_owned()
                ),
            ]
        );
        assert_eq!(
            targets[1].kind,
            LinkKind::Enclosure {
                length: 42,
                mime: "audio/mpeg".into()
            }
        );
    }

    #[test]
    fn a_document_that_is_not_rss_gives_nothing() {
        let doc = feed::parse(b"<feed><entry/></feed>");
        assert_eq!(summarize(&doc, "x"), Published::default());
        assert!(link_targets(&doc, "x", &[]).is_empty());
        let doc = feed::parse(b"\xff\xfe garbage <<<");
        assert!(link_targets(&doc, "x", &[]).is_empty());
    }

    #[test]
    fn namespace_links_are_listed_with_what_they_should_be() {
        let doc = feed::parse(br#"<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel>
<podcast:image href="https://h.example/wide.webp"/>
<podcast:person img="https://h.example/ana.jpg">Ana</podcast:person>
<item><itunes:duration>1804</itunes:duration>
<podcast:chapters url="https://h.example/1.json" type="application/json+chapters"/>
<podcast:alternateEnclosure type="audio/opus" length="99"><podcast:source uri="https://h.example/1.opus"/><podcast:source uri="ipfs://QmX"/></podcast:alternateEnclosure>
</item></channel></rss>"#);
        let got: Vec<(String, LinkKind)> = link_targets(&doc, "x", &[])
            .into_iter()
            .map(|t| (t.url.to_string(), t.kind))
            .collect();
        let opus = LinkKind::Enclosure {
            length: 99,
            mime: "audio/opus".into(),
        };
        // Only http(s) sources are fetched.
        assert_eq!(
            got,
            [
                ("https://h.example/wide.webp".into(), LinkKind::Image),
                ("https://h.example/ana.jpg".into(), LinkKind::Image),
                (
                    "https://h.example/1.json".into(),
                    LinkKind::Chapters {
                        duration: Some(1804)
                    }
                ),
                ("https://h.example/1.opus".into(), opus),
            ]
        );
    }
}
