//! Model → `feed.xml`: RSS 2.0 with the `itunes:`, `podcast:`, `content:` and `atom:` namespaces,
//! written with the `rss` crate (SPEC.md §1, §2, §4, §7).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rss::extension::itunes::{
    ITunesCategory, ITunesChannelExtension, ITunesItemExtension, ITunesOwner,
};
use rss::extension::{Extension, ExtensionMap};
use url::Url;

use crate::model::{Episode, Show};
use crate::transcript::Format;

/// Namespace URIs to declare (SPEC.md §7).
pub const NAMESPACES: [(&str, &str); 4] = [
    ("atom", "http://www.w3.org/2005/Atom"),
    ("content", "http://purl.org/rss/1.0/modules/content/"),
    ("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
    ("podcast", "https://podcastindex.org/namespace/1.0"),
];

/// What the feed needs beyond the show itself.
#[derive(Clone)]
pub struct FeedInput<'a> {
    /// The episodes to list, in feed order (already filtered to those that are due).
    pub episodes: &'a [&'a Episode],
    /// Transcript formats to link for every transcript.
    pub formats: &'a [Format],
    /// Public URL of each episode's transcript files: `(slug-or-stem, format) → URL`.
    pub transcript_url: &'a dyn Fn(&str, Format) -> Url,
    /// `lastBuildDate`.
    pub last_build: DateTime<Utc>,
}

/// Renders the feed of `show` as UTF-8 XML.
pub fn render_feed(show: &Show, input: &FeedInput<'_>) -> String {
    let channel = channel(show, input);
    let compact = channel.write_to(Vec::new()).unwrap_or_default();
    let mut out =
        indent(&compact).unwrap_or_else(|_| String::from_utf8_lossy(&compact).into_owned());
    out.push('\n');
    out
}

/// Re-indents the `rss` crate's compact output, two spaces a level, and writes elements without
/// content as `<tag/>` (the crate writes `<tag></tag>` for extension elements). The compact output
/// has no whitespace between tags, so every text event is content: text, entity references and
/// CDATA are written back as they were read, on the line of the element that holds them.
fn indent(xml: &[u8]) -> Result<String, quick_xml::Error> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new(Vec::new());
    let mut open: Option<quick_xml::events::BytesStart<'static>> = None;
    let mut depth = 0usize;
    // Whether the element being written holds text, so its end tag stays on its line.
    let mut inline = false;
    let newline = |w: &mut quick_xml::Writer<Vec<u8>>, depth: usize| {
        let out = w.get_mut();
        if !out.is_empty() {
            out.push(b'\n');
            out.extend(std::iter::repeat_n(b' ', depth * 2));
        }
    };
    loop {
        let event = reader.read_event()?;
        if let Some(start) = open.take() {
            newline(&mut writer, depth);
            if matches!(event, Event::End(_)) {
                writer.write_event(Event::Empty(start))?;
                continue;
            }
            writer.write_event(Event::Start(start))?;
            depth += 1;
            inline = false;
        }
        match event {
            Event::Start(start) => open = Some(start.into_owned()),
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if !inline {
                    newline(&mut writer, depth);
                }
                writer.write_event(Event::End(end))?;
                inline = false;
            }
            Event::Text(_) | Event::GeneralRef(_) | Event::CData(_) => {
                writer.write_event(event)?;
                inline = true;
            }
            Event::Eof => break,
            other => {
                newline(&mut writer, depth);
                writer.write_event(other)?;
            }
        }
    }
    Ok(String::from_utf8_lossy(&writer.into_inner()).into_owned())
}

fn channel(show: &Show, input: &FeedInput<'_>) -> rss::Channel {
    let mut extensions = ExtensionMap::default();
    let atom = vec![element(
        "atom:link",
        None,
        &[
            ("href", show.feed_url.as_str()),
            ("rel", "self"),
            ("type", "application/rss+xml"),
        ],
    )];
    extensions.insert("atom".into(), BTreeMap::from([("link".into(), atom)]));

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
    if let Some(l) = &show.license {
        add("license", element("podcast:license", Some(l), &[]));
    }
    for p in &show.persons {
        let mut attrs = Vec::new();
        if let Some(r) = &p.role {
            attrs.push(("role", r.as_str()));
        }
        if let Some(g) = &p.group {
            attrs.push(("group", g.as_str()));
        }
        if let Some(i) = &p.img {
            attrs.push(("img", i.as_str()));
        }
        if let Some(h) = &p.href {
            attrs.push(("href", h.as_str()));
        }
        add("person", element("podcast:person", Some(&p.name), &attrs));
    }
    extensions.insert("podcast".into(), podcast);

    let itunes = ITunesChannelExtension {
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
    };

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
        last_build_date: Some(rfc2822(input.last_build)),
        generator: Some("podfeed".to_owned()),
        namespaces: NAMESPACES
            .iter()
            .map(|(p, u)| ((*p).to_owned(), (*u).to_owned()))
            .collect(),
        extensions,
        itunes_ext: Some(itunes),
        items: input
            .episodes
            .iter()
            .map(|e| item(show, e, input))
            .collect(),
        ..Default::default()
    }
}

fn item(show: &Show, e: &Episode, input: &FeedInput<'_>) -> rss::Item {
    let html = markdown_to_html(&e.description);
    let mut transcripts = Vec::new();
    for t in &e.transcripts {
        let stem = t.output_stem(&e.slug);
        let language = t.language.as_deref().unwrap_or(&show.language);
        for &format in input.formats {
            let url = (input.transcript_url)(&stem, format);
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
    let mut extensions = ExtensionMap::default();
    if !transcripts.is_empty() {
        extensions.insert(
            "podcast".into(),
            BTreeMap::from([("transcript".to_owned(), transcripts)]),
        );
    }
    let itunes = ITunesItemExtension {
        duration: e.duration.map(|d| d.to_string()),
        explicit: Some(e.explicit.unwrap_or(show.explicit).to_string()),
        episode: e.episode.map(|n| n.to_string()),
        season: e.season.map(|n| n.to_string()),
        episode_type: Some(e.episode_type.as_str().to_owned()),
        image: e.image.as_ref().map(ToString::to_string),
        ..Default::default()
    };
    rss::Item {
        title: Some(e.title.clone()),
        link: e.link.as_ref().map(ToString::to_string),
        description: Some(html.clone()),
        enclosure: Some(rss::Enclosure {
            url: e.enclosure.url.to_string(),
            length: e.enclosure.length.to_string(),
            mime_type: e.enclosure.mime.clone(),
        }),
        guid: Some(rss::Guid {
            value: e.guid.clone(),
            permalink: false,
        }),
        pub_date: Some(rfc2822(e.published)),
        content: Some(html),
        extensions,
        itunes_ext: Some(itunes),
        ..Default::default()
    }
}

/// An extension element with attributes (kept sorted by the `rss` crate's map).
fn element(name: &str, value: Option<&str>, attrs: &[(&str, &str)]) -> Extension {
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
pub fn rfc2822(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S +0000").to_string()
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
    fn markdown_becomes_html() {
        assert_eq!(
            markdown_to_html("Hello *world* & [link](https://x.example)"),
            "<p>Hello <em>world</em> &amp; <a href=\"https://x.example\">link</a></p>"
        );
    }
}
