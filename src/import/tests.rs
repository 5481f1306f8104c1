//! The import's round trip: records that parse back to the feed's values.

use super::*;
use crate::records::{parse_episode, parse_show};
use crate::toml_file::SourceFile;

const FEED: &str = r#"
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Old Show</title>
  <link>https://old.example/</link>
  <description>About &lt;b&gt;it&lt;/b&gt;</description>
  <language>en-US</language>
  <copyright>© 2024</copyright>
  <itunes:author>Ana</itunes:author>
  <itunes:owner><itunes:name>Ana</itunes:name><itunes:email>ana@old.example</itunes:email></itunes:owner>
  <itunes:image href="https://old.example/cover.jpg"/>
  <itunes:category text="Technology"/>
  <itunes:category text="Business"><itunes:category text="Entrepreneurship"/></itunes:category>
  <itunes:explicit>yes</itunes:explicit>
  <itunes:type>serial</itunes:type>
  <podcast:locked>yes</podcast:locked>
  <podcast:funding url="https://old.example/give">Give</podcast:funding>
  <podcast:person role="Host" img="https://old.example/ana.jpg">Ana</podcast:person>
  <podcast:license>CC-BY-4.0</podcast:license>
  <podcast:medium>music</podcast:medium>
  <podcast:podroll><podcast:remoteItem feedGuid="x"/></podcast:podroll>
  <item>
    <title>Crème brûlée</title>
    <guid>https://old.example/ep/1</guid>
    <pubDate>Wed, 07 Aug 2024 09:00:00 -0500</pubDate>
    <enclosure url="https://old.example/1.mp3" length="123" type="audio/mpeg"/>
    <content:encoded><![CDATA[<p>Notes with <b>HTML</b> *not markdown*</p>]]></content:encoded>
    <itunes:duration>1:02:03</itunes:duration>
    <itunes:season>2</itunes:season>
    <itunes:episode>3</itunes:episode>
    <itunes:episodeType>bonus</itunes:episodeType>
    <itunes:explicit>false</itunes:explicit>
    <itunes:image href="https://old.example/1.jpg"/>
    <link>https://old.example/1</link>
    <podcast:transcript url="https://old.example/1.srt" type="application/x-subrip"/>
    <podcast:transcript url="https://old.example/1.vtt" type="text/vtt" language="en"/>
    <podcast:chapters url="https://old.example/1.json" type="application/json+chapters"/><itunes:keywords>one, two</itunes:keywords>
  </item>
  <item>
    <title>Second</title>
    <guid isPermaLink="false">abc-2</guid>
    <pubDate>Thu, 08 Aug 2024 10:00:00 GMT</pubDate>
    <enclosure url="https://old.example/2.mp3" type="audio/mpeg"/>
    <itunes:episode>4</itunes:episode>
    <podcast:chapters url="https://old.example/2.json" type="application/json+chapters"/>
  </item>
  <item>
    <title>Copy</title>
    <guid isPermaLink="false">abc-2</guid>
    <pubDate>Fri, 09 Aug 2024 10:00:00 GMT</pubDate>
    <enclosure url="https://old.example/3.mp3" length="5" type="audio/mpeg"/>
  </item>
</channel>
</rss>"#;

fn imported(text: &str) -> Result<Imported, Vec<Diagnostic>> {
    import(
        text.as_bytes(),
        Source {
            name: "feed.xml",
            url: Some("https://old.example/feed.xml"),
        },
        Limits::default(),
    )
}

fn ids(ds: &[Diagnostic]) -> Vec<&'static str> {
    ds.iter().map(|d| d.rule.id).collect()
}

#[test]
fn the_show_parses_back_to_the_feeds_values() {
    let got = imported(FEED).unwrap();
    let url = url::Url::parse("https://new.example/show/feed.xml").unwrap();
    let src = SourceFile {
        name: "show.toml",
        text: &got.show,
    };
    let show = parse_show(&src, "show", &url)
        .map_err(|e| format!("{e:?}\n{}", got.show))
        .unwrap()
        .show;
    assert_eq!(show.title, "Old Show");
    assert_eq!(show.description, "About <b>it</b>");
    assert_eq!(show.language, "en-us");
    assert_eq!(show.author, "Ana");
    assert_eq!(show.owner.unwrap().email, "ana@old.example");
    assert_eq!(show.image.as_str(), "https://old.example/cover.jpg");
    assert_eq!(show.categories.len(), 2);
    assert_eq!(show.categories[1].sub.as_deref(), Some("Entrepreneurship"));
    assert!(show.explicit);
    assert_eq!(show.show_type.as_str(), "serial");
    assert_eq!(show.copyright.as_deref(), Some("© 2024"));
    assert!(show.locked.unwrap().locked);
    assert_eq!(show.funding[0].label, "Give");
    assert_eq!(show.persons[0].role.as_deref(), Some("Host"));
    assert_eq!(
        show.license.as_ref().map(|l| l.identifier.as_str()),
        Some("CC-BY-4.0")
    );
    assert_eq!(show.medium.as_deref(), Some("music"));
    // Pinned: the old feed URL's guid, not the new one's.
    assert_eq!(
        show.podcast_guid,
        crate::guid::podcast_guid("https://old.example/feed.xml")
    );
}

#[test]
fn episodes_parse_back_with_guids_dates_and_html_notes_as_published() {
    let got = imported(FEED).unwrap();
    let slugs: Vec<_> = got.episodes.iter().map(|e| e.slug.as_str()).collect();
    assert_eq!(slugs, ["2024-08-07-creme-brulee", "2024-08-08-second"]);
    let parse = |i: usize| {
        let e = &got.episodes[i];
        let src = SourceFile {
            name: "ep.toml",
            text: &e.record,
        };
        parse_episode(&src, "show", &e.slug)
            .map_err(|d| format!("{d:?}\n{}", e.record))
            .unwrap()
            .episode
    };
    let first = parse(0);
    assert_eq!(first.guid, "https://old.example/ep/1");
    assert!(first.guid_is_permalink);
    assert_eq!(first.published.to_rfc3339(), "2024-08-07T14:00:00+00:00");
    assert!(
        got.episodes[0].record.contains("2024-08-07T09:00:00-05:00"),
        "{}",
        got.episodes[0].record
    );
    assert_eq!(
        first.description,
        "<p>Notes with <b>HTML</b> *not markdown*</p>"
    );
    assert_eq!(first.duration, Some(3723));
    assert_eq!((first.season, first.episode), (Some(2), Some(3)));
    assert_eq!(first.episode_type.as_str(), "bonus");
    assert_eq!(first.explicit, Some(false));
    assert_eq!(first.image.unwrap().as_str(), "https://old.example/1.jpg");
    assert_eq!(first.link.unwrap().as_str(), "https://old.example/1");
    assert_eq!(
        (first.enclosure.length, first.enclosure.mime.as_str()),
        (123, "audio/mpeg")
    );
    // The timed format in the show's language comes first.
    assert_eq!(
        got.episodes[0].transcripts[0].url,
        "https://old.example/1.vtt"
    );
    let second = parse(1);
    assert_eq!(second.guid, "abc-2");
    assert!(!second.guid_is_permalink);
    assert_eq!(second.enclosure.length, 0);
    assert_eq!(
        got.episodes[1].missing_length.as_deref(),
        Some("https://old.example/2.mp3")
    );
}

#[test]
fn what_is_not_carried_is_named_once_per_kind_with_its_count() {
    let got = imported(FEED).unwrap();
    let messages: Vec<_> = got.warnings.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.contains(&"1 item has <itunes:keywords>: not imported"),
        "{messages:?}"
    );
    // Chapters are carried now (their URL, downloaded with --download), and a podroll whose
    // remote item has no UUID is named as a value the records refuse.
    assert_eq!(
        got.episodes.iter().filter(|e| e.chapters.is_some()).count(),
        2
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("<podcast:remoteItem> `feedGuid` \"x\"")
                && m.ends_with("not imported")),
        "{messages:?}"
    );
    let rules = ids(&got.warnings);
    assert!(rules.contains(&"record.import.guid-duplicate"), "{rules:?}");
    assert!(
        rules.contains(&"record.import.enclosure-length"),
        "{rules:?}"
    );
    // Every warning names its place.
    assert!(got.warnings.iter().all(|d| d.label().is_some()));
    let dup = got
        .warnings
        .iter()
        .find(|d| d.rule.id == "record.import.guid-duplicate")
        .unwrap();
    assert_eq!(dup.located_in(&got.text).unwrap().line, 48);
}

#[test]
fn a_serial_show_with_unnumbered_episodes_is_imported_as_episodic_with_a_warning() {
    let got = imported(&FEED.replace("<itunes:episode>4</itunes:episode>", "")).unwrap();
    assert!(!got.show.contains("serial"), "{}", got.show);
    assert!(
        got.warnings
            .iter()
            .any(|d| d.message.contains("imported as episodic"))
    );
}

#[test]
fn a_blank_line_before_the_declaration_and_an_undeclared_itunes_prefix_are_read_past() {
    // FEED starts with a newline and uses itunes: without declaring it.
    let got = imported(FEED).unwrap();
    let lenient: Vec<_> = got
        .warnings
        .iter()
        .filter(|d| d.rule.id == "record.import.lenient")
        .collect();
    assert_eq!(lenient.len(), 2, "{lenient:?}");
    assert!(lenient.iter().any(|d| d.message.contains("\"itunes:\"")));
    // The strict parser refuses the same feed.
    assert!(crate::feed::parse(FEED.trim_start().as_bytes()).fatal);
}

#[test]
fn not_rss_and_broken_xml_are_refused_with_a_located_finding() {
    let errs = imported("<html><body/></html>").unwrap_err();
    assert_eq!(ids(&errs), ["record.import.not-rss"]);
    let errs = imported("<rss><channel><title>x</channel></rss>").unwrap_err();
    assert_eq!(ids(&errs), ["xml.malformed"]);
    assert!(errs[0].label().is_some());
    let bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><rss><channel><title>&b;</title></channel></rss>";
    assert_eq!(ids(&imported(bomb).unwrap_err()), ["xml.entity.undefined"]);
    let small = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    let errs = import(
        FEED.as_bytes(),
        Source {
            name: "f",
            url: None,
        },
        small,
    )
    .unwrap_err();
    assert_eq!(ids(&errs), ["xml.limits"]);
}

#[test]
fn a_feed_without_guid_pins_the_guid_of_its_self_link_and_placeholders_are_named() {
    let feed = r#"<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
<atom:link rel="self" href="https://host.example/rss"/>
<item><title>A</title><pubDate>Wed, 07 Aug 2024 09:00:00 GMT</pubDate><enclosure url="https://h.example/a.mp3" length="1" type="audio/mpeg"/></item>
</channel></rss>"#;
    let got = import(
        feed.as_bytes(),
        Source {
            name: "f",
            url: None,
        },
        Limits::default(),
    )
    .unwrap();
    let url = url::Url::parse("https://new.example/s/feed.xml").unwrap();
    let show = parse_show(
        &SourceFile {
            name: "show.toml",
            text: &got.show,
        },
        "s",
        &url,
    )
    .unwrap()
    .show;
    assert_eq!(
        show.podcast_guid,
        crate::guid::podcast_guid("https://host.example/rss")
    );
    let placeholders = got
        .warnings
        .iter()
        .filter(|d| d.rule.id == "record.import.value")
        .count();
    assert!(placeholders >= 4, "{:?}", got.warnings);
    // No guid: the enclosure URL, which apps tell the item by.
    let ep = parse_episode(
        &SourceFile {
            name: "e",
            text: &got.episodes[0].record,
        },
        "s",
        "x",
    )
    .unwrap();
    assert_eq!(ep.episode.guid, "https://h.example/a.mp3");
}
