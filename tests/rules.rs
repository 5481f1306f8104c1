//! Table-driven rule tests: a minimal valid feed (SPEC.md) gives no findings under any
//! profile, and one mutation per rule makes exactly that rule fire.

use chrono::{TimeZone, Utc};
use podfeed::rules::{Profile, Profiles, check_feed};

const MINIMAL: &str = include_str!("fixtures/feeds/minimal.xml");

fn rules_of(xml: &str) -> Vec<&'static str> {
    let now = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("valid date");
    check_feed("feed.xml", xml.as_bytes(), &Profiles::all(), now)
        .into_iter()
        .map(|d| d.rule)
        .collect()
}

#[test]
fn minimal_feed_is_clean_under_every_profile() {
    let now = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("valid date");
    for p in Profile::ALL {
        let d = check_feed(
            "minimal.xml",
            MINIMAL.as_bytes(),
            &Profiles::only(&[p]),
            now,
        );
        assert!(d.is_empty(), "{p}: {d:#?}");
    }
}

/// (rule, text to replace in the minimal feed, replacement).
const MUTATIONS: &[(&str, &str, &str)] = &[
    ("xml.malformed", "</channel>", "</chanel>"),
    ("xml.entity.undefined", "We start.", "We&nbsp;start."),
    ("rss.version", "version=\"2.0\"", "version=\"0.92\""),
    ("channel.title.missing", "<title>Feed Notes</title>", ""),
    (
        "channel.language.invalid",
        "<language>en</language>",
        "<language>English</language>",
    ),
    (
        "rss.element.unknown",
        "<language>en</language>",
        "<language>en</language><pubdate>x</pubdate>",
    ),
    (
        "rss.element.duplicate",
        "<link>https://example.org/show/</link>",
        "<link>https://example.org/show/</link><link>https://example.org/</link>",
    ),
    (
        "channel.atom_self.missing",
        "rel=\"self\"",
        "rel=\"alternate\"",
    ),
    (
        "item.enclosure.length",
        "length=\"1234567\"",
        "length=\"12 MB\"",
    ),
    (
        "item.enclosure.missing",
        "<enclosure url=\"https://example.org/show/ep1.mp3\" length=\"1234567\" type=\"audio/mpeg\"/>",
        "",
    ),
    (
        "item.guid.permalink",
        "<guid isPermaLink=\"false\">",
        "<guid>",
    ),
    (
        "date.invalid",
        "Sat, 07 Sep 2024 09:42:31 GMT",
        "2024-09-07T09:42:31Z",
    ),
    ("date.weekday", "Sat, 07 Sep 2024", "Wed, 07 Sep 2024"),
    ("date.future", "Sat, 07 Sep 2024", "Tue, 07 Sep 2027"),
    ("date.too_old", "Sat, 07 Sep 2024", "Thu, 07 Sep 1989"),
    (
        "itunes.duration.invalid",
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>30 min</itunes:duration>",
    ),
    (
        "itunes.explicit.legacy",
        "<itunes:explicit>false</itunes:explicit>\n      <podcast",
        "<itunes:explicit>clean</itunes:explicit>\n      <podcast",
    ),
    (
        "itunes.category.invalid",
        "text=\"Technology\"",
        "text=\"Documentary\"",
    ),
    (
        "itunes.category.obsolete",
        "text=\"Technology\"",
        "text=\"Games &amp; Hobbies\"",
    ),
    (
        "text.html",
        "<title>First episode</title>",
        "<title>First &lt;b&gt;episode&lt;/b&gt;</title>",
    ),
    (
        "podcast.guid.mismatch",
        "0495cb90-b9d0-50ba-b94b-a40da5f73898",
        "917393e3-1b1e-5cef-ace4-edaa54e1f810",
    ),
    (
        "podcast.guid.invalid",
        "0495cb90-b9d0-50ba-b94b-a40da5f73898",
        "not-a-uuid",
    ),
    (
        "podcast.transcript.legacy_type",
        "type=\"application/x-subrip\"",
        "type=\"application/srt\"",
    ),
    (
        "podcast.transcript.captions",
        "type=\"text/plain\"",
        "type=\"text/plain\" rel=\"captions\"",
    ),
    (
        "podcast.url.http",
        "https://example.org/show/ep1.json",
        "http://example.org/show/ep1.json",
    ),
    (
        "podcast.element.placement",
        "<itunes:explicit>false</itunes:explicit>\n    <itunes:author>",
        "<itunes:explicit>false</itunes:explicit>\n    <podcast:transcript url=\"https://x.org/a.vtt\" type=\"text/vtt\"/><itunes:author>",
    ),
];

#[test]
fn each_mutation_fires_its_rule() {
    for (rule, from, to) in MUTATIONS {
        assert!(MINIMAL.contains(from), "{rule}: fixture lacks {from:?}");
        let mutated = MINIMAL.replacen(from, to, 1);
        let got = rules_of(&mutated);
        assert!(got.contains(rule), "{rule}: got {got:?}");
    }
}
