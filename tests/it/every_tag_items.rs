//! The every-tag show's item and media tags and Apple's lifecycle tags, read back from the built
//! feed with the `rss` crate (and quick-xml for `itunes:title`, which the `rss` crate does not
//! keep; the fixture's titles hold no entities, so their bytes are their text) and compared with the records' values, attribute by attribute.

use std::collections::BTreeMap;
use std::fs;

use rss::extension::Extension;

use super::common::site::root;
use super::every_tag::built;

/// A record file of the fixture, as TOML.
fn record(path: &str) -> toml::Table {
    let text =
        fs::read_to_string(root().join("tests/fixtures/every-tag").join(path)).expect("fixture");
    text.parse().expect("fixture parses")
}

fn s<'a>(t: &'a toml::Table, key: &str) -> &'a str {
    t[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is a string"))
}

fn list<'a>(t: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    t[key]
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_table().expect("table"))
        .collect()
}

/// The `podcast:` elements named `name` of an extension map.
fn podcast<'a>(map: &'a rss::extension::ExtensionMap, name: &str) -> &'a [Extension] {
    map.get("podcast")
        .and_then(|m| m.get(name))
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn attr<'a>(e: &'a Extension, name: &str) -> Option<&'a str> {
    e.attrs.get(name).map(String::as_str)
}

/// Each `(toml key, attribute)` of `table` equals the element's attribute.
fn same_attrs(table: &toml::Table, e: &Extension, pairs: &[(&str, &str)]) {
    for (key, a) in pairs {
        let want = table.get(*key).map(|v| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        assert_eq!(want.as_deref(), attr(e, a), "{key} → {a} of {e:?}");
    }
}

fn locations_and_txt(r: &toml::Table, map: &rss::extension::ExtensionMap) {
    let locations = list(r, "locations");
    let written = podcast(map, "location");
    assert_eq!(locations.len(), written.len());
    for (l, e) in locations.iter().zip(written) {
        assert_eq!(e.value.as_deref(), Some(s(l, "name")));
        same_attrs(
            l,
            e,
            &[
                ("rel", "rel"),
                ("geo", "geo"),
                ("osm", "osm"),
                ("country", "country"),
            ],
        );
    }
    let txt = list(r, "txt");
    let written = podcast(map, "txt");
    assert_eq!(txt.len(), written.len());
    for (t, e) in txt.iter().zip(written) {
        assert_eq!(e.value.as_deref(), Some(s(t, "text")));
        same_attrs(t, e, &[("purpose", "purpose")]);
    }
    let images = list(r, "images");
    let written = podcast(map, "image");
    assert_eq!(images.len(), written.len());
    for (i, e) in images.iter().zip(written) {
        let pairs = [
            ("href", "href"),
            ("alt", "alt"),
            ("aspect_ratio", "aspect-ratio"),
            ("width", "width"),
            ("height", "height"),
            ("type", "type"),
            ("purpose", "purpose"),
        ];
        same_attrs(i, e, &pairs);
    }
    let license = &podcast(map, "license")[0];
    assert_eq!(license.value.as_deref(), Some(s(r, "license")));
    assert_eq!(attr(license, "url"), Some(s(r, "license_url")));
}

/// The `itunes:title` texts of the feed, in document order (channel first).
fn itunes_titles(feed: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(feed);
    let mut out = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event().expect("well-formed") {
            quick_xml::events::Event::Start(e) => inside = e.name().as_ref() == b"itunes:title",
            quick_xml::events::Event::Text(t) if inside => {
                out.push(String::from_utf8_lossy(&t).into_owned())
            }
            quick_xml::events::Event::End(_) => inside = false,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn show_tags_read_back_as_the_records_give_them() {
    let (_dir, feed) = built();
    let channel = rss::Channel::read_from(feed.as_bytes()).expect("rss reads the feed");
    let show = record("feeds/every-tag/show.toml");
    locations_and_txt(&show, &channel.extensions);
    let itunes = channel.itunes_ext.as_ref().expect("itunes");
    assert_eq!(itunes.block.as_deref(), Some("Yes"));
    assert_eq!(itunes.complete.as_deref(), Some("Yes"));
    assert_eq!(
        itunes.new_feed_url.as_deref(),
        Some(s(&show, "new_feed_url"))
    );
    let image = channel.image.as_ref().expect("RSS image");
    assert_eq!(
        (image.url.as_str(), image.title.as_str()),
        (s(&show, "image"), s(&show, "title"))
    );
    assert_eq!(image.link, channel.link);
    let titles = itunes_titles(&feed);
    assert_eq!(
        titles.first().map(String::as_str),
        Some(s(&show, "itunes_title"))
    );
}

#[test]
fn episode_tags_read_back_as_the_records_give_them() {
    let (_dir, feed) = built();
    let channel = rss::Channel::read_from(feed.as_bytes()).expect("rss reads the feed");
    let ep = record("feeds/every-tag/episodes/2025-01-06-first-light.toml");
    let item = &channel.items[0];
    let map = &item.extensions;
    locations_and_txt(&ep, map);
    let season = &podcast(map, "season")[0];
    assert_eq!(
        (season.value.clone(), attr(season, "name")),
        (Some(ep["season"].to_string()), Some(s(&ep, "season_name")))
    );
    let number = &podcast(map, "episode")[0];
    assert_eq!(
        (number.value.clone(), attr(number, "display")),
        (
            Some(ep["episode"].to_string()),
            Some(s(&ep, "episode_display"))
        )
    );
    for (p, e) in list(&ep, "persons").iter().zip(podcast(map, "person")) {
        assert_eq!(e.value.as_deref(), Some(s(p, "name")));
        same_attrs(
            p,
            e,
            &[
                ("role", "role"),
                ("group", "group"),
                ("img", "img"),
                ("href", "href"),
            ],
        );
    }
    for (f, e) in list(&ep, "funding").iter().zip(podcast(map, "funding")) {
        assert_eq!(e.value.as_deref(), Some(s(f, "label")));
        same_attrs(f, e, &[("url", "url")]);
    }
    let soundbites = list(&ep, "soundbites");
    assert_eq!(soundbites.len(), podcast(map, "soundbite").len());
    for (b, e) in soundbites.iter().zip(podcast(map, "soundbite")) {
        let secs = |a| attr(e, a).and_then(|v| v.parse::<f64>().ok());
        assert_eq!(secs("startTime"), b["start"].as_float());
        assert_eq!(secs("duration"), b["duration"].as_float());
        assert_eq!(
            e.value.as_deref().filter(|v| !v.is_empty()),
            b.get("title").and_then(|t| t.as_str())
        );
    }
    let itunes = item.itunes_ext.as_ref().expect("itunes");
    assert_eq!(itunes.block.as_deref(), Some("Yes"));
    assert_eq!(
        itunes_titles(&feed).get(1).map(String::as_str),
        Some(s(&ep, "itunes_title"))
    );
    alternates(&ep, podcast(map, "alternateEnclosure"));
    let prefix = s(&record("feeds/every-tag/show.toml"), "enclosure_prefix").to_owned();
    let url = s(ep["enclosure"].as_table().expect("table"), "url");
    let want = format!("{prefix}{}", url.trim_start_matches("https://"));
    assert_eq!(
        item.enclosure.as_ref().map(|e| e.url.as_str()),
        Some(want.as_str())
    );
}

fn alternates(ep: &toml::Table, written: &[Extension]) {
    let prefix = s(&record("feeds/every-tag/show.toml"), "enclosure_prefix").to_owned();
    let alternates = list(ep, "alternate_enclosures");
    assert_eq!(alternates.len(), written.len());
    for (a, e) in alternates.iter().zip(written) {
        let pairs = [
            ("type", "type"),
            ("bitrate", "bitrate"),
            ("height", "height"),
            ("lang", "lang"),
            ("title", "title"),
            ("rel", "rel"),
            ("codecs", "codecs"),
            ("default", "default"),
        ];
        same_attrs(a, e, &pairs);
        // The length is the record's, or the local file's size.
        let length = match (a.get("length"), a.get("file")) {
            (Some(n), _) => n.to_string(),
            (None, Some(f)) => {
                let path = root()
                    .join("tests/fixtures/every-tag/feeds/every-tag/episodes")
                    .join(f.as_str().expect("file"));
                fs::metadata(path).expect("media file").len().to_string()
            }
            (None, None) => String::new(),
        };
        assert_eq!(attr(e, "length"), Some(length.as_str()));
        let sources: BTreeMap<String, Option<String>> = e.children["source"]
            .iter()
            .map(|s| {
                (
                    attr(s, "uri").expect("uri").to_owned(),
                    attr(s, "contentType").map(str::to_owned),
                )
            })
            .collect();
        for src in a["sources"].as_array().expect("sources") {
            let src = src.as_table().expect("table");
            let uri = s(src, "uri");
            let published = match uri.strip_prefix("https://") {
                Some(rest) => format!("{prefix}{rest}"),
                None => uri.to_owned(),
            };
            assert_eq!(
                sources.get(&published),
                Some(
                    &src.get("content_type")
                        .and_then(|c| c.as_str())
                        .map(str::to_owned)
                ),
                "{published}"
            );
        }
        if let Some(i) = a.get("integrity").and_then(|i| i.as_table()) {
            let written = &e.children["integrity"][0];
            same_attrs(i, written, &[("type", "type"), ("value", "value")]);
        }
    }
}
