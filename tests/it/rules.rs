//! Table-driven rule tests: a minimal valid feed (SPEC.md) gives no findings under any
//! profile, and one mutation per rule makes exactly that rule fire.

use chrono::{TimeZone, Utc};
use podfeed::rules::{Profile, Profiles, check_feed};

const MINIMAL: &str = include_str!("../fixtures/feeds/minimal.xml");

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
        "channel.atom-self.missing",
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
    ("date.too-old", "Sat, 07 Sep 2024", "Thu, 07 Sep 1989"),
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
        "podcast.transcript.legacy-type",
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
    // XML and namespaces
    (
        "xml.encoding.not-utf8",
        "encoding=\"UTF-8\"",
        "encoding=\"ISO-8859-1\"",
    ),
    (
        "xml.encoding.unknown",
        "encoding=\"UTF-8\"",
        "encoding=\"x-klingon\"",
    ),
    (
        "xml.doctype",
        "encoding=\"UTF-8\"?>",
        "encoding=\"UTF-8\"?>\n<!DOCTYPE rss>",
    ),
    (
        "ns.variant",
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"",
        "xmlns:content=\"https://purl.org/rss/1.0/modules/content\"",
    ),
    ("rss.root", "rss", "feed"),
    (
        "rss.channel.count",
        "</channel>",
        "</channel>\n  <channel><title>Again</title></channel>",
    ),
    // Channel
    (
        "channel.link.missing",
        "<link>https://example.org/show/</link>",
        "",
    ),
    (
        "channel.description.missing",
        "<description>A show about podcast feeds.</description>",
        "",
    ),
    ("channel.language.missing", "<language>en</language>", ""),
    (
        "channel.image.child",
        "<language>en</language>",
        "<language>en</language><image><url>https://example.org/show/i.png</url><title>Feed Notes</title></image>",
    ),
    (
        "channel.image.size",
        "<language>en</language>",
        "<language>en</language><image><url>https://example.org/show/i.png</url><title>Feed Notes</title><link>https://example.org/show/</link><width>500</width></image>",
    ),
    (
        "channel.atom-self.type",
        "type=\"application/rss+xml\"",
        "type=\"text/xml\"",
    ),
    (
        "spotify.limit.recent-count",
        "<language>en</language>",
        "<language>en</language><spotify:limit xmlns:spotify=\"http://www.spotify.com/ns/rss\" recentCount=\"many\"/>",
    ),
    (
        "url.invalid",
        "<link>https://example.org/show/</link>",
        "<link>/show/</link>",
    ),
    (
        "contact.email.invalid",
        "<language>en</language>",
        "<language>en</language><managingEditor>Ana Example</managingEditor>",
    ),
    (
        "contact.email.format",
        "<language>en</language>",
        "<language>en</language><managingEditor>Ana Example, ana@example.org</managingEditor>",
    ),
    // Items
    (
        "item.title-or-description",
        "<title>First episode</title>\n      <description>We start.</description>",
        "",
    ),
    ("item.title.missing", "<title>First episode</title>", ""),
    (
        "item.enclosure.url",
        "url=\"https://example.org/show/ep1.mp3\"",
        "url=\"ep1.mp3\"",
    ),
    (
        "item.enclosure.type",
        "type=\"audio/mpeg\"",
        "type=\"mpeg\"",
    ),
    (
        "item.enclosure.apple-type",
        "type=\"audio/mpeg\"",
        "type=\"audio/ogg\"",
    ),
    (
        "item.enclosure.count",
        "type=\"audio/mpeg\"/>",
        "type=\"audio/mpeg\"/><enclosure url=\"https://example.org/show/ep1b.mp3\" length=\"1\" type=\"audio/mpeg\"/>",
    ),
    (
        "item.enclosure.duplicate-url",
        "</item>",
        "</item>\n    <item><title>Again</title><enclosure url=\"https://example.org/show/ep1.mp3\" length=\"1234567\" type=\"audio/mpeg\"/><guid isPermaLink=\"false\">feed-notes-ep2</guid></item>",
    ),
    (
        "item.guid.duplicate",
        "</item>",
        "</item>\n    <item><title>Again</title><enclosure url=\"https://example.org/show/ep2.mp3\" length=\"1234567\" type=\"audio/mpeg\"/><guid isPermaLink=\"false\">feed-notes-ep1</guid></item>",
    ),
    (
        "item.guid.missing",
        "<guid isPermaLink=\"false\">feed-notes-ep1</guid>",
        "",
    ),
    ("item.guid.weak", "feed-notes-ep1", "42"),
    (
        "item.pubdate.missing",
        "<pubDate>Sat, 07 Sep 2024 09:42:31 GMT</pubDate>",
        "",
    ),
    (
        "item.source.url",
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><source>Other show</source>",
    ),
    // itunes
    (
        "channel.itunes.image.missing",
        "<itunes:image href=\"https://example.org/show/art.jpg\"/>",
        "",
    ),
    (
        "itunes.image.href",
        "<itunes:image href=",
        "<itunes:image url=",
    ),
    ("itunes.image.extension", "art.jpg", "art.gif"),
    (
        "channel.itunes.category.missing",
        "<itunes:category text=\"Technology\"/>",
        "",
    ),
    (
        "channel.itunes.explicit.missing",
        "<itunes:explicit>false</itunes:explicit>\n    <itunes:author>",
        "<itunes:author>",
    ),
    (
        "itunes.explicit.invalid",
        "<itunes:explicit>false</itunes:explicit>\n    <itunes:author>",
        "<itunes:explicit>maybe</itunes:explicit>\n    <itunes:author>",
    ),
    (
        "channel.itunes.author.missing",
        "<itunes:author>Ana Example</itunes:author>",
        "",
    ),
    (
        "channel.itunes.owner.missing",
        "<itunes:email>ana@example.org</itunes:email>",
        "",
    ),
    (
        "ns.miscased",
        "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"",
        "xmlns:itunes=\"http://www.itunes.com/DTDs/Podcast-1.0.dtd\"",
    ),
    (
        "itunes.owner.email.missing",
        "<itunes:email>ana@example.org</itunes:email>",
        "",
    ),
    (
        "itunes.explicit.invalid",
        "<itunes:explicit>false</itunes:explicit>",
        "<itunes:explicit> false </itunes:explicit>",
    ),
    (
        "itunes.type.invalid",
        "<language>en</language>",
        "<language>en</language><itunes:type>weekly</itunes:type>",
    ),
    (
        "itunes.type.serial-episode",
        "<language>en</language>",
        "<language>en</language><itunes:type>serial</itunes:type>",
    ),
    (
        "itunes.episode-type.invalid",
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><itunes:episodeType>teaser</itunes:episodeType>",
    ),
    (
        "itunes.number.invalid",
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><itunes:episode>0</itunes:episode>",
    ),
    (
        "itunes.duration.suspicious",
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>0</itunes:duration>",
    ),
    (
        "item.itunes.duration.missing",
        "<itunes:duration>1804</itunes:duration>",
        "",
    ),
    (
        "itunes.yes-only",
        "<language>en</language>",
        "<language>en</language><itunes:block>true</itunes:block>",
    ),
    (
        "itunes.keywords.separator",
        "<language>en</language>",
        "<language>en</language><itunes:keywords>feeds rss podcasts</itunes:keywords>",
    ),
    (
        "itunes.element.placement",
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><itunes:category text=\"Technology\"/>",
    ),
    (
        "itunes.element.duplicate",
        "<itunes:author>Ana Example</itunes:author>",
        "<itunes:author>Ana Example</itunes:author><itunes:author>Ana</itunes:author>",
    ),
    // podcast
    (
        "podcast.element.unknown",
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:frobnicate>x</podcast:frobnicate>",
    ),
    (
        "podcast.element.duplicate",
        "<language>en</language>",
        "<language>en</language><podcast:locked>no</podcast:locked><podcast:locked>no</podcast:locked>",
    ),
    (
        "podcast.attr.missing",
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:chapters type=\"application/json+chapters\"/>",
    ),
    (
        "podcast.attr.invalid",
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:alternateEnclosure type=\"audio/mpeg\" default=\"maybe\"/>",
    ),
    (
        "podcast.value.invalid",
        "<language>en</language>",
        "<language>en</language><podcast:locked>perhaps</podcast:locked>",
    ),
    (
        "podcast.url.invalid",
        "<language>en</language>",
        "<language>en</language><podcast:funding url=\"give\">Support us</podcast:funding>",
    ),
    (
        "podcast.images.deprecated",
        "<language>en</language>",
        "<language>en</language><podcast:images srcset=\"https://example.org/show/a.jpg 1500w\"/>",
    ),
    (
        "podcast.guid.missing",
        "<podcast:guid>0495cb90-b9d0-50ba-b94b-a40da5f73898</podcast:guid>",
        "",
    ),
    (
        "podcast.transcript.type",
        "type=\"text/plain\"",
        "type=\"text/markdown\"",
    ),
    // Dates
    ("date.two-digit-year", "Sat, 07 Sep 2024", "Sat, 07 Sep 24"),
    ("date.military-zone", "09:42:31 GMT", "09:42:31 M"),
    (
        "date.iso8601.invalid",
        "<language>en</language>",
        "<language>en</language><podcast:liveItem status=\"pending\" start=\"tomorrow\"><title>Live</title></podcast:liveItem>",
    ),
    // Text
    (
        "text.script",
        "We start.",
        "We start.&lt;script&gt;alert(1)&lt;/script&gt;",
    ),
    (
        "text.control-chars",
        "<title>First episode</title>",
        "<title>First\u{1}episode</title>",
    ),
    (
        "text.empty",
        "<title>First episode</title>",
        "<title></title>",
    ),
    (
        "text.style",
        "We start.",
        "&lt;p style=\"position:fixed\"&gt;We start.&lt;/p&gt;",
    ),
    (
        "text.relative-url",
        "We start.",
        "&lt;a href=\"/ep1\"&gt;We start.&lt;/a&gt;",
    ),
];

/// Mutations too long or too binary for the table: (rule, mutated feed bytes).
fn generated() -> Vec<(&'static str, Vec<u8>)> {
    let with = |from: &str, to: &str| MINIMAL.replace(from, to).into_bytes();
    let long_title = format!("<title>{}</title>", "Feed notes ".repeat(30));
    let long_description = format!("<description>{}</description>", "We start. ".repeat(420));
    let long_funding = format!(
        "<language>en</language><podcast:funding url=\"https://example.org/give\">{}</podcast:funding>",
        "x".repeat(200)
    );
    let deep = format!("{}We start.{}", "<b>".repeat(200), "</b>".repeat(200));
    vec![
        (
            "text.too-long",
            with("<title>First episode</title>", &long_title),
        ),
        (
            "text.description.too-long",
            with("<description>We start.</description>", &long_description),
        ),
        (
            "podcast.value.too-long",
            with("<language>en</language>", &long_funding),
        ),
        ("xml.limits", with("We start.", &deep)),
        (
            "xml.encoding.invalid",
            MINIMAL
                .replace("We start.", "We \u{0}start.")
                .into_bytes()
                .into_iter()
                .map(|b| if b == 0 { 0xFF } else { b })
                .collect(),
        ),
    ]
}

/// Every mutation as (rule, mutated feed bytes).
fn mutations() -> Vec<(&'static str, Vec<u8>)> {
    let mut all: Vec<(&'static str, Vec<u8>)> = MUTATIONS
        .iter()
        .map(|(rule, from, to)| {
            assert!(MINIMAL.contains(from), "{rule}: fixture lacks {from:?}");
            (*rule, MINIMAL.replace(from, to).into_bytes())
        })
        .collect();
    all.extend(generated());
    all
}

#[test]
fn each_mutation_fires_its_rule() {
    let now = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("valid date");
    let mut failures = Vec::new();
    for (rule, bytes) in mutations() {
        let got: Vec<&str> = check_feed("feed.xml", &bytes, &Profiles::all(), now)
            .into_iter()
            .map(|d| d.rule.id)
            .collect();
        if !got.contains(&rule) {
            failures.push(format!("{rule}: got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn every_rule_in_the_registry_has_a_failing_mutation() {
    // Every feed rule can fire on an <rss> document, so none is exempt.
    let covered: Vec<&str> = mutations().into_iter().map(|(r, _)| r).collect();
    let missing: Vec<&str> = podfeed::rules::feed_rules()
        .map(|r| r.id)
        .filter(|id| !covered.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a failing mutation: {missing:?}"
    );
}
