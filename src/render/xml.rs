//! A feed's channel → indented XML, in one pass.
//!
//! Writes the parts of an [`rss::Channel`] that podfeed fills, in the `rss` crate's element order,
//! through quick-xml's indenting writer (the writer the `rss` crate uses underneath): two spaces a
//! level, text on the line of its element, and an element with neither text nor children written
//! as `<tag/>`. The `rss` crate's own writer is compact, and its indenting mode writes an empty
//! element as an open and a close tag on two lines; writing here spares a second pass over the
//! XML to re-indent it. The tests read the output back with the `rss` crate: what it reads is the
//! channel written, so no field podfeed fills is left out.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesCData, BytesDecl, BytesEnd, BytesPI, BytesStart, BytesText, Event};
use rss::extension::Extension;
use rss::extension::itunes::{ITunesCategory, ITunesChannelExtension, ITunesItemExtension};

type Xml = Writer<Vec<u8>>;

/// The room [`write`] leaves for everything but the items.
const CHANNEL_ROOM: usize = 16 * 1024;

/// `channel` as an RSS document: the XML declaration, the processing instruction `pi` when
/// given (the stylesheet's link), `<rss>` with the channel's namespaces, the channel with its
/// `items` (each already written by [`item`]; the channel's own `items` are left out), and a
/// final newline.
pub fn write(channel: &rss::Channel, pi: Option<&str>, items: &[String]) -> String {
    // The items' size and room for the channel's own elements (a few kilobytes, a long
    // description and summary included), so that the buffer is not grown, and the feed copied
    // whole into fresh memory, when the last bytes are written.
    let guess = CHANNEL_ROOM + items.iter().map(String::len).sum::<usize>();
    let mut xml = Writer::new_with_indent(Vec::with_capacity(guess), b' ', 2);
    // Writing into a `Vec` cannot fail.
    let _ = document(&mut xml, channel, pi, items);
    let mut bytes = xml.into_inner();
    bytes.push(b'\n');
    utf8(bytes)
}

/// One `<item>` as [`write`] places it in a channel: from the line break before its start tag to
/// its end tag, indented for its depth. Items are written apart (on several threads) and joined.
/// `scratch` is where it is written first (empty, and left empty; kept from one item to the
/// next): the item is then copied out at its size, so the feed's items take their own size in
/// memory, not a buffer's each (BENCHMARKS.md, "Items written through one buffer per task, and
/// dates without a pattern").
pub fn item(item: &rss::Item, scratch: &mut Vec<u8>) -> String {
    let mut xml = Writer::new_with_indent(std::mem::take(scratch), b' ', 2);
    // The two open elements give the item its indentation; their tags are not copied out.
    let _ = xml.write_event(Event::Start(BytesStart::new("rss")));
    let _ = xml.write_event(Event::Start(BytesStart::new("channel")));
    let opened = xml.get_ref().len();
    let _ = item_element(&mut xml, item);
    let mut bytes = xml.into_inner();
    // Valid UTF-8 (see [`utf8`]): copied as it is.
    let written = String::from_utf8_lossy(bytes.get(opened..).unwrap_or_default()).into_owned();
    bytes.clear();
    *scratch = bytes;
    written
}

/// The writer's bytes as text. Every byte written comes from a `&str`, escaped with ASCII
/// entities: valid UTF-8.
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn document(
    xml: &mut Xml,
    channel: &rss::Channel,
    pi: Option<&str>,
    items: &[String],
) -> io::Result<()> {
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    if let Some(pi) = pi {
        xml.write_event(Event::PI(BytesPI::new(pi)))?;
    }
    let mut rss = BytesStart::new("rss");
    rss.push_attribute(("version", "2.0"));
    for (prefix, uri) in &channel.namespaces {
        rss.push_attribute((format!("xmlns:{prefix}").as_str(), uri.as_str()));
    }
    xml.write_event(Event::Start(rss))?;
    channel_element(xml, channel, items)?;
    xml.write_event(Event::End(BytesEnd::new("rss")))
}

fn channel_element(xml: &mut Xml, c: &rss::Channel, items: &[String]) -> io::Result<()> {
    xml.write_event(Event::Start(BytesStart::new("channel")))?;
    text(xml, "title", &c.title)?;
    text(xml, "link", &c.link)?;
    text(xml, "description", &c.description)?;
    optional(xml, "language", &c.language)?;
    optional(xml, "copyright", &c.copyright)?;
    optional(xml, "pubDate", &c.pub_date)?;
    optional(xml, "lastBuildDate", &c.last_build_date)?;
    optional(xml, "generator", &c.generator)?;
    if let Some(image) = &c.image {
        xml.write_event(Event::Start(BytesStart::new("image")))?;
        text(xml, "url", &image.url)?;
        text(xml, "title", &image.title)?;
        text(xml, "link", &image.link)?;
        xml.write_event(Event::End(BytesEnd::new("image")))?;
    }
    extensions(xml, &c.extensions)?;
    if let Some(itunes) = &c.itunes_ext {
        itunes_channel(xml, itunes)?;
    }
    for item in items {
        xml.get_mut().extend_from_slice(item.as_bytes());
    }
    xml.write_event(Event::End(BytesEnd::new("channel")))
}

fn item_element(xml: &mut Xml, item: &rss::Item) -> io::Result<()> {
    xml.write_event(Event::Start(BytesStart::new("item")))?;
    optional(xml, "title", &item.title)?;
    optional(xml, "link", &item.link)?;
    if let Some(description) = &item.description {
        cdata(xml, "description", description)?;
    }
    if let Some(e) = &item.enclosure {
        let mut enclosure = BytesStart::new("enclosure");
        enclosure.push_attribute(("url", e.url.as_str()));
        enclosure.push_attribute(("length", e.length.as_str()));
        enclosure.push_attribute(("type", e.mime_type.as_str()));
        xml.write_event(Event::Empty(enclosure))?;
    }
    if let Some(guid) = &item.guid {
        let mut start = BytesStart::new("guid");
        if !guid.permalink {
            start.push_attribute(("isPermaLink", "false"));
        }
        element(xml, start, Some(&guid.value))?;
    }
    optional(xml, "pubDate", &item.pub_date)?;
    if let Some(content) = &item.content {
        cdata(xml, "content:encoded", content)?;
    }
    extensions(xml, &item.extensions)?;
    if let Some(itunes) = &item.itunes_ext {
        itunes_item(xml, itunes)?;
    }
    xml.write_event(Event::End(BytesEnd::new("item")))
}

fn itunes_channel(xml: &mut Xml, i: &ITunesChannelExtension) -> io::Result<()> {
    optional(xml, "itunes:author", &i.author)?;
    for category in &i.categories {
        itunes_category(xml, category)?;
    }
    optional_href(xml, "itunes:image", &i.image)?;
    optional(xml, "itunes:explicit", &i.explicit)?;
    if let Some(owner) = &i.owner {
        xml.write_event(Event::Start(BytesStart::new("itunes:owner")))?;
        optional(xml, "itunes:name", &owner.name)?;
        optional(xml, "itunes:email", &owner.email)?;
        xml.write_event(Event::End(BytesEnd::new("itunes:owner")))?;
    }
    optional(xml, "itunes:type", &i.r#type)?;
    // Apple's lifecycle tags (issue 12).
    optional(xml, "itunes:block", &i.block)?;
    optional(xml, "itunes:complete", &i.complete)?;
    optional(xml, "itunes:new-feed-url", &i.new_feed_url)
}

fn itunes_category(xml: &mut Xml, category: &ITunesCategory) -> io::Result<()> {
    let mut start = BytesStart::new("itunes:category");
    start.push_attribute(("text", category.text.as_str()));
    match &category.subcategory {
        None => xml.write_event(Event::Empty(start)),
        Some(sub) => {
            xml.write_event(Event::Start(start))?;
            itunes_category(xml, sub)?;
            xml.write_event(Event::End(BytesEnd::new("itunes:category")))
        }
    }
}

fn itunes_item(xml: &mut Xml, i: &ITunesItemExtension) -> io::Result<()> {
    optional_href(xml, "itunes:image", &i.image)?;
    optional(xml, "itunes:duration", &i.duration)?;
    optional(xml, "itunes:explicit", &i.explicit)?;
    optional(xml, "itunes:episode", &i.episode)?;
    optional(xml, "itunes:season", &i.season)?;
    optional(xml, "itunes:episodeType", &i.episode_type)?;
    optional(xml, "itunes:block", &i.block)
}

/// Every extension element, by prefix, then by name (the maps' order).
fn extensions(xml: &mut Xml, map: &rss::extension::ExtensionMap) -> io::Result<()> {
    for by_name in map.values() {
        for e in by_name.values().flatten() {
            extension(xml, e)?;
        }
    }
    Ok(())
}

fn extension(xml: &mut Xml, e: &Extension) -> io::Result<()> {
    let mut start = BytesStart::new(e.name.as_str());
    start.extend_attributes(e.attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if e.children.is_empty() {
        return element(xml, start, e.value.as_deref());
    }
    xml.write_event(Event::Start(start))?;
    if let Some(value) = e.value.as_deref().filter(|v| !v.is_empty()) {
        xml.write_event(Event::Text(BytesText::new(value)))?;
    }
    for child in e.children.values().flatten() {
        extension(xml, child)?;
    }
    xml.write_event(Event::End(BytesEnd::new(e.name.as_str())))
}

/// `<name>text</name>`, or `<name/>` when `text` is empty.
fn text(xml: &mut Xml, name: &str, text: &str) -> io::Result<()> {
    element(xml, BytesStart::new(name), Some(text))
}

fn optional(xml: &mut Xml, name: &str, value: &Option<String>) -> io::Result<()> {
    match value {
        Some(v) => text(xml, name, v),
        None => Ok(()),
    }
}

/// `<name href="…"/>` when there is a value.
fn optional_href(xml: &mut Xml, name: &str, href: &Option<String>) -> io::Result<()> {
    if let Some(href) = href {
        let mut start = BytesStart::new(name);
        start.push_attribute(("href", href.as_str()));
        xml.write_event(Event::Empty(start))?;
    }
    Ok(())
}

/// `start`, its text and its end tag on one line; `<tag …/>` when there is no text.
fn element(xml: &mut Xml, start: BytesStart<'_>, text: Option<&str>) -> io::Result<()> {
    let Some(text) = text.filter(|t| !t.is_empty()) else {
        return xml.write_event(Event::Empty(start));
    };
    let end = start.to_end().into_owned();
    xml.write_event(Event::Start(start))?;
    xml.write_event(Event::Text(BytesText::new(text)))?;
    xml.write_event(Event::End(end))
}

/// `<name><![CDATA[…]]></name>`, the text split into several sections where it holds `]]>`.
fn cdata(xml: &mut Xml, name: &str, text: &str) -> io::Result<()> {
    xml.write_event(Event::Start(BytesStart::new(name)))?;
    for section in BytesCData::escaped(text) {
        xml.write_event(Event::CData(section))?;
    }
    xml.write_event(Event::End(BytesEnd::new(name)))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use rss::extension::itunes::ITunesOwner;

    use super::*;
    use crate::render::feed::element as ext;

    /// `channel` written with its items, as the feed is.
    fn written(channel: &rss::Channel) -> String {
        let mut scratch = Vec::new();
        let items: Vec<String> = channel
            .items
            .iter()
            .map(|i| item(i, &mut scratch))
            .collect();
        write(channel, None, &items)
    }

    /// A channel with every field podfeed fills, and values that need escaping.
    fn channel() -> rss::Channel {
        let transcript = ext(
            "podcast:transcript",
            None,
            &[("url", "https://h.example/a?b=1&c=2")],
        );
        let item = rss::Item {
            title: Some("Tom & Jerry <live>".into()),
            link: Some("https://h.example/ep".into()),
            description: Some("<p>a ]]> b</p>".into()),
            enclosure: Some(rss::Enclosure {
                url: "https://h.example/a.mp3".into(),
                length: "123".into(),
                mime_type: "audio/mpeg".into(),
            }),
            guid: Some(rss::Guid {
                value: "g-1".into(),
                permalink: false,
            }),
            pub_date: Some("Wed, 07 Aug 2024 09:00:00 +0000".into()),
            content: Some("<p>a ]]> b</p>".into()),
            extensions: BTreeMap::from([(
                "podcast".to_owned(),
                BTreeMap::from([("transcript".to_owned(), vec![transcript])]),
            )]),
            itunes_ext: Some(ITunesItemExtension {
                image: Some("https://h.example/e.jpg".into()),
                duration: Some("60".into()),
                explicit: Some("false".into()),
                episode: Some("1".into()),
                season: Some("2".into()),
                episode_type: Some("full".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let atom = ext("atom:link", None, &[("href", "https://h.example/f.xml")]);
        let guid = ext("podcast:guid", Some("abc"), &[]);
        rss::Channel {
            title: "Show \"quoted\"".into(),
            link: "https://h.example/".into(),
            description: "About 'it'".into(),
            language: Some("en".into()),
            copyright: Some("© 2024".into()),
            pub_date: Some("Wed, 07 Aug 2024 09:00:00 +0000".into()),
            last_build_date: Some("Thu, 08 Aug 2024 09:00:00 +0000".into()),
            generator: Some("podfeed".into()),
            namespaces: super::super::feed::NAMESPACES
                .iter()
                .map(|(p, u)| ((*p).to_owned(), (*u).to_owned()))
                .collect(),
            extensions: BTreeMap::from([
                (
                    "atom".to_owned(),
                    BTreeMap::from([("link".to_owned(), vec![atom])]),
                ),
                (
                    "podcast".to_owned(),
                    BTreeMap::from([("guid".to_owned(), vec![guid])]),
                ),
            ]),
            itunes_ext: Some(ITunesChannelExtension {
                author: Some("A & B".into()),
                categories: vec![
                    ITunesCategory {
                        text: "Technology".into(),
                        subcategory: None,
                    },
                    ITunesCategory {
                        text: "Society & Culture".into(),
                        subcategory: Some(Box::new(ITunesCategory {
                            text: "Documentary".into(),
                            subcategory: None,
                        })),
                    },
                ],
                image: Some("https://h.example/s.jpg".into()),
                explicit: Some("false".into()),
                owner: Some(ITunesOwner {
                    name: Some("O".into()),
                    email: Some("o@h.example".into()),
                }),
                r#type: Some("episodic".into()),
                ..Default::default()
            }),
            items: vec![item],
            ..Default::default()
        }
    }

    #[test]
    fn what_is_written_reads_back_as_the_channel() {
        let written = written(&channel());
        let read = rss::Channel::read_from(written.as_bytes()).expect("parse");
        assert_eq!(read, channel(), "{written}");
    }

    #[test]
    fn elements_are_indented_and_empty_ones_closed_in_place() {
        let written = written(&channel());
        let lines: Vec<&str> = written.lines().collect();
        assert_eq!(lines[0], r#"<?xml version="1.0" encoding="utf-8"?>"#);
        assert!(
            lines[1].starts_with(r#"<rss version="2.0" xmlns:atom="#),
            "{written}"
        );
        assert_eq!(lines[2], "  <channel>");
        assert_eq!(lines[3], "    <title>Show &quot;quoted&quot;</title>");
        for line in [
            r#"    <atom:link href="https://h.example/f.xml"/>"#,
            r#"    <itunes:category text="Technology"/>"#,
            r#"    <itunes:category text="Society &amp; Culture">"#,
            r#"      <itunes:category text="Documentary"/>"#,
            "      <itunes:name>O</itunes:name>",
            "      <description><![CDATA[<p>a ]]]]><![CDATA[> b</p>]]></description>",
            r#"      <podcast:transcript url="https://h.example/a?b=1&amp;c=2"/>"#,
            r#"      <itunes:image href="https://h.example/e.jpg"/>"#,
            "  </channel>",
        ] {
            assert!(lines.contains(&line), "{line:?} in:\n{written}");
        }
        assert!(written.ends_with("</rss>\n"), "{written}");
    }
}
