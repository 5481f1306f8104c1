//! `podfeed build` end to end: the shipped example, determinism, escaping, and every kind of bad
//! record (exit code 2, the file and line named, nothing written).

#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use crate::common::site;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use podfeed::transcript::{self, Format};
use site::{built_channel, built_feed, edit, example_site, podfeed, snapshot};

#[test]
fn the_example_feed_links_five_transcripts_that_exist_and_parse() {
    let site = example_site();
    podfeed(site.path()).arg("build").assert().success();
    let feed_bytes = built_feed(site.path());

    // First reader: the rss crate.
    let channel = rss::Channel::read_from(&feed_bytes[..]).unwrap();
    assert_eq!(channel.items.len(), 1);
    let item = &channel.items[0];
    let links = &item.extensions["podcast"]["transcript"];
    assert_eq!(links.len(), 5);

    // Second reader: quick-xml events, independently.
    let mut reader = quick_xml::Reader::from_reader(&feed_bytes[..]);
    let mut buf = Vec::new();
    let mut transcript_tags = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).unwrap() {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.name().as_ref() == b"podcast:transcript" =>
            {
                let attrs: BTreeMap<String, String> = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                            a.decoded_and_normalized_value(
                                quick_xml::XmlVersion::Explicit1_0,
                                reader.decoder(),
                            )
                            .unwrap()
                            .into_owned(),
                        )
                    })
                    .collect();
                transcript_tags.push(attrs);
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(transcript_tags.len(), 5);

    let base = "https://podcasts.example.com/";
    let mut types = Vec::new();
    for tag in &transcript_tags {
        let url = &tag["url"];
        let rel = url
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{url} is not under {base}"));
        let path = site.path().join("public").join(rel);
        let bytes = fs::read(&path)
            .unwrap_or_else(|e| panic!("{} linked but not written: {e}", path.display()));
        let declared = match tag["type"].as_str() {
            "text/vtt" => Format::Vtt,
            "application/x-subrip" => Format::Srt,
            "application/json" => Format::Json,
            "text/html" => Format::Html,
            "text/plain" => Format::Text,
            other => panic!("unexpected transcript type {other}"),
        };
        let t = transcript::read(rel, &bytes, Some(declared))
            .unwrap_or_else(|e| panic!("{rel} does not parse as {declared}: {e}"));
        assert!(
            t.segments.len() > 5,
            "{rel} has {} segments",
            t.segments.len()
        );
        assert_eq!(tag["language"], "en");
        assert_eq!(
            tag.get("rel").map(String::as_str),
            declared.is_captions().then_some("captions"),
            "{rel}"
        );
        types.push(tag["type"].clone());
    }
    types.sort();
    assert_eq!(
        types,
        [
            "application/json",
            "application/x-subrip",
            "text/html",
            "text/plain",
            "text/vtt"
        ]
    );
}

#[test]
fn building_twice_gives_identical_bytes() {
    let site = example_site();
    podfeed(site.path()).arg("build").assert().success();
    let first = snapshot(&site.path().join("public"));
    // A later clock must not change anything when the records did not change.
    podfeed(site.path())
        .env("PODFEED_NOW", "2026-06-01T00:00:00Z")
        .arg("build")
        .assert()
        .success();
    assert_eq!(first, snapshot(&site.path().join("public")));
    // And a build into a fresh folder with SOURCE_DATE_EPOCH is reproducible across folders.
    let other = example_site();
    for dir in [site.path(), other.path()] {
        let _ = fs::remove_dir_all(dir.join("public"));
        podfeed(dir)
            .env("SOURCE_DATE_EPOCH", "1723021200")
            .arg("build")
            .assert()
            .success();
    }
    // The fingerprint holds each folder's own file metadata (inodes, times): equal in neither
    // by design. Every published file and the manifest must be the same.
    let published = |dir: &Path| {
        let mut files = snapshot(&dir.join("public"));
        assert!(
            files
                .remove(Path::new(podfeed::site::FINGERPRINT_FILE))
                .is_some()
        );
        files
    };
    assert_eq!(published(site.path()), published(other.path()));
}

#[test]
fn an_episode_dated_in_the_future_is_held_back_until_due() {
    let site = example_site();
    podfeed(site.path())
        .env("PODFEED_NOW", "2024-08-01T00:00:00Z")
        .arg("build")
        .assert()
        .success();
    let feed = String::from_utf8(built_feed(site.path())).unwrap();
    assert!(!feed.contains("<item>"), "{feed}");
    podfeed(site.path())
        .env("PODFEED_NOW", "2024-08-07T09:00:00Z")
        .arg("build")
        .assert()
        .success();
    let feed = String::from_utf8(built_feed(site.path())).unwrap();
    assert!(feed.contains("<item>"));
}

const EPISODE: &str = "feeds/good-tech-companies/episodes/2024-08-07-should-ai-be-open-source.toml";
const SHOW: &str = "feeds/good-tech-companies/show.toml";

/// Builds, which must fail with exit code 2; returns standard error.
fn failed_build(dir: &Path) -> String {
    site::stderr(&podfeed(dir).arg("build").assert().code(2))
}

/// Edits one record, builds, and checks: exit 2, the message names the file and line, and
/// nothing under public/ changed.
fn assert_rejected(file: &str, change: impl Fn(&str) -> String, line: usize, expected: &str) {
    let site = example_site();
    podfeed(site.path()).arg("build").assert().success();
    let before = snapshot(&site.path().join("public"));
    edit(&site.path().join(file), |text| {
        let edited = change(text);
        assert_ne!(text, edited, "the edit changed nothing");
        edited
    });
    let stderr = failed_build(site.path());
    let place = format!("{file}:{line}:");
    assert!(stderr.contains(&place), "expected {place} in:\n{stderr}");
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in:\n{stderr}"
    );
    assert_eq!(
        before,
        snapshot(&site.path().join("public")),
        "public/ changed"
    );
}

#[test]
fn missing_required_field_is_rejected() {
    assert_rejected(
        SHOW,
        |t| t.replace("author = \"HackerNoon\"\n", ""),
        1,
        "missing field `author`",
    );
}

#[test]
fn unknown_field_is_rejected() {
    assert_rejected(
        SHOW,
        |t| t.replace("explicit = false", "explicit = false\nexplcit = true"),
        10,
        "unknown field `explcit`",
    );
}

#[test]
fn bad_date_is_rejected() {
    assert_rejected(
        EPISODE,
        |t| t.replace("2024-08-07T09:00:00Z", "2024-08-07T09:00:00"),
        2,
        "with a zone",
    );
}

#[test]
fn category_not_in_apples_list_is_rejected() {
    assert_rejected(
        SHOW,
        |t| t.replace("\"Technology\"", "\"Tech\""),
        8,
        "not an Apple Podcasts category",
    );
}

#[test]
fn subcategory_under_the_wrong_parent_is_rejected() {
    assert_rejected(
        SHOW,
        |t| t.replace("Business > Entrepreneurship", "Arts > Entrepreneurship"),
        8,
        "not a subcategory of \"Arts\"",
    );
}

#[test]
fn bad_language_code_is_rejected() {
    assert_rejected(
        SHOW,
        |t| t.replace("language = \"en\"", "language = \"English\""),
        4,
        "ISO 639",
    );
}

#[test]
fn relative_url_is_rejected() {
    assert_rejected(
        SHOW,
        |t| {
            t.replace(
                "https://podcasts.example.com/good-tech-companies/cover.jpg",
                "cover.jpg",
            )
        },
        7,
        "absolute URL",
    );
}

#[test]
fn bad_duration_is_rejected() {
    assert_rejected(
        EPISODE,
        |t| t.replace("\"7:05\"", "\"seven minutes\""),
        3,
        "`duration` must be",
    );
}

#[test]
fn missing_transcript_file_is_rejected() {
    assert_rejected(
        EPISODE,
        |t| format!("{t}\n[[transcripts]]\nfile = \"nowhere.vtt\"\n"),
        17,
        "nowhere.vtt cannot be read",
    );
}

#[test]
fn non_utf8_record_is_rejected() {
    let site = example_site();
    let before = snapshot(&site.path().join("public"));
    let path = site.path().join(EPISODE);
    let mut bytes = fs::read(&path).unwrap();
    let at = bytes.windows(6).position(|w| w == b"length").unwrap();
    bytes.splice(at..at, [0xff, b' ']);
    fs::write(&path, bytes).unwrap();
    let stderr = failed_build(site.path());
    assert!(stderr.contains(&format!("{EPISODE}:10:1")), "{stderr}");
    assert!(stderr.contains("not UTF-8"), "{stderr}");
    assert_eq!(before, snapshot(&site.path().join("public")));
}

#[test]
fn all_problems_of_a_run_are_reported_together() {
    let site = example_site();
    edit(&site.path().join(SHOW), |t| {
        t.replace("\"en\"", "\"xx-\"")
            .replace("\"Technology\"", "\"Tech\"")
    });
    edit(&site.path().join(EPISODE), |t| {
        t.replace("\"7:05\"", "\"7:5\"")
    });
    let stderr = failed_build(site.path());
    for needle in [
        format!("{SHOW}:4:"),
        format!("{SHOW}:8:"),
        format!("{EPISODE}:3:"),
    ] {
        assert!(stderr.contains(&needle), "expected {needle} in:\n{stderr}");
    }
    assert!(!site.path().join("public").exists());
}

#[test]
fn hard_characters_round_trip_through_the_feed() {
    let site = example_site();
    let tricky_title = r#"Q&A: <script> "quotes" 'apostrophes' ]]> café 東京 🎙️"#;
    let tricky_notes =
        "Notes with ]]> inside, & ampersands, <b>raw html</b> <!-- keep ]]> -->, naïve 🎧";
    let ep = site.path().join(EPISODE);
    let text = fs::read_to_string(&ep).unwrap();
    let title_line = text.lines().next().unwrap().to_owned();
    let mut text = text.replacen(
        &title_line,
        &format!("title = {}", toml_string(tricky_title)),
        1,
    );
    text = text.replace(
        "[enclosure]\nurl = \"https://podcasts.example.com/good-tech-companies/media/should-ai-be-open-source.mp3\"",
        "[enclosure]\nurl = \"https://podcasts.example.com/good-tech-companies/media/a.mp3?x=1&y=\\\"2\\\"\"",
    );
    let desc_start = text.find("description = \"\"\"").unwrap();
    let desc_end = text[desc_start + 17..].find("\"\"\"").unwrap() + desc_start + 20;
    text.replace_range(
        desc_start..desc_end,
        &format!("description = {}", toml_string(tricky_notes)),
    );
    fs::write(&ep, text).unwrap();

    podfeed(site.path()).arg("build").assert().success();
    let channel = built_channel(site.path());
    let item = &channel.items[0];
    assert_eq!(item.title.as_deref(), Some(tricky_title));
    let description = item.description.as_deref().unwrap();
    // Markdown text is HTML-escaped; raw HTML passes through, so the CDATA section must be split
    // around its `]]>` and still read back whole.
    assert!(description.contains("]]&gt; inside"), "{description}");
    assert!(description.contains("<!-- keep ]]> -->"), "{description}");
    assert!(
        item.content
            .as_deref()
            .unwrap()
            .contains("<!-- keep ]]> -->")
    );
    assert!(description.contains("naïve 🎧"), "{description}");
    assert!(description.contains("<b>raw html</b>"), "{description}");
    assert_eq!(
        item.enclosure.as_ref().unwrap().url,
        "https://podcasts.example.com/good-tech-companies/media/a.mp3?x=1&y=%222%22"
    );
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

#[test]
fn an_enclosure_length_is_measured_from_a_local_media_file() {
    let site = example_site();
    edit(&site.path().join(EPISODE), |t| {
        t.replace(
            "length = 6800000\ntype = \"audio/mpeg\"\n",
            "file = \"media/episode.mp3\"\n",
        )
    });
    let media = site.path().join("feeds/good-tech-companies/episodes/media");
    fs::create_dir_all(&media).unwrap();
    fs::write(media.join("episode.mp3"), vec![0u8; 12_345]).unwrap();
    podfeed(site.path()).arg("build").assert().success();
    let channel = built_channel(site.path());
    let enclosure = channel.items[0].enclosure.clone().unwrap();
    assert_eq!(
        (enclosure.length.as_str(), enclosure.mime_type.as_str()),
        ("12345", "audio/mpeg")
    );
}

#[test]
fn a_stated_length_that_disagrees_with_the_media_file_is_rejected() {
    let site = example_site();
    fs::write(
        site.path()
            .join("feeds/good-tech-companies/episodes/episode.mp3"),
        [0u8; 100],
    )
    .unwrap();
    edit(&site.path().join(EPISODE), |t| {
        t.replace(
            "length = 6800000\n",
            "length = 6800000\nfile = \"episode.mp3\"\n",
        )
    });
    let stderr = failed_build(site.path());
    assert!(stderr.contains(&format!("{EPISODE}:11:")), "{stderr}");
    assert!(stderr.contains("is 100 bytes"), "{stderr}");
    assert!(!site.path().join("public").exists());
}

#[test]
fn a_missing_media_file_is_rejected() {
    assert_rejected(
        EPISODE,
        |t| t.replace("length = 6800000\n", "file = \"nowhere.mp3\"\n"),
        10,
        "media file",
    );
}

#[test]
fn a_duration_beyond_a_thousand_hours_is_rejected() {
    assert_rejected(
        EPISODE,
        |t| t.replace("\"7:05\"", "18446744073709552"),
        3,
        "expected at most 3600000 seconds",
    );
}

/// Adds a second episode beside the example's one, a week later, with `extra` lines.
fn add_second_episode(site: &Path, extra: &str) {
    let dir = site.join("feeds/good-tech-companies/episodes");
    fs::write(
        dir.join("2024-08-14-second.toml"),
        format!(
            "title = \"The second episode\"\n\
             published = 2024-08-14T09:00:00Z\n\
             {extra}\
             [enclosure]\n\
             url = \"https://podcasts.example.com/good-tech-companies/media/second.mp3\"\n\
             length = 1000\n\
             type = \"audio/mpeg\"\n"
        ),
    )
    .unwrap();
}

#[test]
fn a_serial_show_lists_episode_one_first() {
    let site = example_site();
    let show = site.path().join(SHOW);
    edit(&show, |t| {
        t.replace("type = \"episodic\"", "type = \"serial\"")
    });
    edit(&site.path().join(EPISODE), |t| {
        t.replace(
            "duration = \"7:05\"\n",
            "duration = \"7:05\"\nepisode = 1\n",
        )
    });
    add_second_episode(site.path(), "episode = 2\n");
    podfeed(site.path()).arg("build").assert().success();
    let channel = built_channel(site.path());
    let numbers: Vec<_> = channel
        .items
        .iter()
        .map(|i| i.itunes_ext.as_ref().unwrap().episode.clone().unwrap())
        .collect();
    assert_eq!(numbers, ["1", "2"]);
    // The channel's date is still the newest episode's.
    assert_eq!(
        channel.pub_date.as_deref(),
        Some("Wed, 14 Aug 2024 09:00:00 +0000")
    );

    // The same records as an episodic show: newest first.
    edit(&show, |t| {
        t.replace("type = \"serial\"", "type = \"episodic\"")
    });
    podfeed(site.path()).arg("build").assert().success();
    let channel = built_channel(site.path());
    assert_eq!(
        channel.items[0].title.as_deref(),
        Some("The second episode")
    );
}

/// Builds and expects exit 2 with every needle in stderr and nothing published.
fn assert_build_fails(site: &Path, needles: &[&str]) {
    let stderr = failed_build(site);
    for needle in needles {
        assert!(stderr.contains(needle), "expected {needle:?} in:\n{stderr}");
    }
    assert!(!site.join("public").exists(), "public/ was written");
}

#[test]
fn an_episode_file_name_that_would_break_urls_is_rejected() {
    for bad in ["ep#1", "ep?1", "ep%201", "ep 1", ".hidden"] {
        let site = example_site();
        let episodes = site.path().join("feeds/good-tech-companies/episodes");
        let from = site.path().join(EPISODE);
        let renamed = episodes.join(format!("{bad}.toml"));
        fs::rename(&from, &renamed).unwrap();
        fs::rename(
            from.with_extension("txt"),
            renamed.with_file_name(format!("{bad}.txt")),
        )
        .unwrap();
        assert_build_fails(
            site.path(),
            &[
                &format!("feeds/good-tech-companies/episodes/{bad}.toml:1:1"),
                "record.slug",
                "only ASCII letters, digits, `-`, `_` and `.`",
            ],
        );
    }
}

#[test]
fn a_show_folder_name_that_would_break_urls_is_rejected() {
    let site = example_site();
    let feeds = site.path().join("feeds");
    fs::rename(
        feeds.join("good-tech-companies"),
        feeds.join("good tech#companies"),
    )
    .unwrap();
    assert_build_fails(
        site.path(),
        &[
            "feeds/good tech#companies/show.toml:1:1",
            "record.slug",
            "show folder",
        ],
    );
}

#[test]
fn a_duplicate_guid_points_at_the_second_records_guid() {
    let site = example_site();
    edit(&site.path().join(EPISODE), |t| {
        t.replace(
            "duration = \"7:05\"\n",
            "duration = \"7:05\"\nguid = \"ep-1\"\n",
        )
    });
    add_second_episode(site.path(), "guid = \"ep-1\"\n");
    assert_build_fails(
        site.path(),
        &[
            "feeds/good-tech-companies/episodes/2024-08-14-second.toml:3:8",
            "record.guid.duplicate",
        ],
    );
}

#[test]
fn a_second_transcript_in_one_language_points_at_its_entry() {
    let site = example_site();
    edit(&site.path().join(EPISODE), |text| {
        format!(
            "{text}\n[[transcripts]]\nfile = \"2024-08-07-should-ai-be-open-source.txt\"\n\n\
             [[transcripts]]\nfile = \"2024-08-07-should-ai-be-open-source.txt\"\nlanguage = \"en\"\n"
        )
    });
    assert_build_fails(
        site.path(),
        &[&format!("{EPISODE}:20:8"), "record.transcript.duplicate"],
    );
}

#[test]
fn ambiguous_transcripts_point_at_the_second_file() {
    let site = example_site();
    let vtt = site
        .path()
        .join("feeds/good-tech-companies/episodes/2024-08-07-should-ai-be-open-source.vtt");
    fs::write(&vtt, "WEBVTT\n\n00:00.000 --> 00:01.000\nHi.\n").unwrap();
    assert_build_fails(
        site.path(),
        &[
            "feeds/good-tech-companies/episodes/2024-08-07-should-ai-be-open-source.txt:1:1",
            "record.transcript.ambiguous",
            "[[transcripts]]",
        ],
    );
}

#[test]
fn a_transcript_over_50_mb_is_refused_by_its_size() {
    let site = example_site();
    let txt = site
        .path()
        .join("feeds/good-tech-companies/episodes/2024-08-07-should-ai-be-open-source.txt");
    // A sparse file: its size says 50 MB + 1 without writing them.
    let file = fs::OpenOptions::new().write(true).open(&txt).unwrap();
    file.set_len(transcript::MAX_INPUT_BYTES as u64 + 1)
        .unwrap();
    drop(file);
    edit(&site.path().join(EPISODE), |text| {
        format!("{text}\n[[transcripts]]\nfile = \"2024-08-07-should-ai-be-open-source.txt\"\n")
    });
    assert_build_fails(
        site.path(),
        &[
            &format!("{EPISODE}:17:8"),
            "record.transcript.too-large",
            "52428801 bytes",
        ],
    );
}

#[test]
fn a_serial_show_needs_every_episode_numbered() {
    let site = example_site();
    edit(&site.path().join(SHOW), |t| {
        t.replace("type = \"episodic\"", "type = \"serial\"")
    });
    assert_build_fails(
        site.path(),
        &[
            &format!("{EPISODE}:1:1"),
            "record.serial.episode",
            "`episode = N`",
        ],
    );
}

#[test]
fn an_episode_title_over_255_characters_is_rejected_at_its_line() {
    let long = "é".repeat(256);
    assert_rejected(
        EPISODE,
        |t| {
            let first = t.lines().next().unwrap().to_owned();
            t.replacen(&first, &format!("title = \"{long}\""), 1)
        },
        1,
        "`title` is 256 characters long; expected at most 255",
    );
}

#[test]
fn show_notes_over_4000_bytes_of_html_are_rejected_at_their_line() {
    // 3,990 bytes of Markdown, more than 4,000 once rendered (`&` becomes `&amp;`, `<p>` added).
    let notes = "Q&A ".repeat(997);
    assert_rejected(
        EPISODE,
        |t| {
            let start = t.find("description = \"\"\"").unwrap();
            let end = t[start + 17..].find("\"\"\"").unwrap() + start + 20;
            let mut t = t.to_owned();
            t.replace_range(start..end, &format!("description = \"{notes}\""));
            t
        },
        4,
        "once rendered as HTML; expected at most 4000",
    );
}

#[test]
fn an_enclosure_type_that_is_not_a_mime_type_is_rejected() {
    assert_rejected(
        EPISODE,
        |t| t.replace("type = \"audio/mpeg\"", "type = \"audio/mpeg/x\""),
        11,
        "must be a MIME type",
    );
}

#[test]
fn show_description_and_author_over_apples_limits_are_rejected() {
    assert_rejected(
        SHOW,
        |t| {
            t.replace(
                "description = \"Stories",
                &format!("description = \"{} Stories", "x".repeat(4000)),
            )
        },
        2,
        "`description` is 4096 bytes long; expected at most 4000",
    );
    assert_rejected(
        SHOW,
        |t| {
            t.replace(
                "author = \"HackerNoon\"",
                &format!("author = \"{}\"", "A".repeat(300)),
            )
        },
        5,
        "`author` is 300 characters long",
    );
}

#[test]
fn a_person_role_or_group_outside_the_podcast_taxonomy_is_rejected() {
    assert_rejected(
        SHOW,
        |t| format!("{t}\n[[persons]]\nname = \"Ana\"\nrole = \"Hostess\"\n"),
        15,
        "\"Hostess\" is not a role of the Podcast Taxonomy",
    );
    assert_rejected(
        SHOW,
        |t| format!("{t}\n[[persons]]\nname = \"Ana\"\nrole = \"Guest\"\ngroup = \"Crew\"\n"),
        16,
        "\"Crew\" is not a group of the Podcast Taxonomy",
    );
    assert_rejected(
        SHOW,
        |t| format!("{t}\n[[persons]]\nname = \"Ana\"\nrole = \"Composer\"\ngroup = \"cast\"\n"),
        15,
        "\"Composer\" is not a role of \"cast\"",
    );
    // Any case is accepted, and the feed then passes the builder's self-check.
    let site = example_site();
    edit(&site.path().join(SHOW), |text| {
        format!("{text}\n[[persons]]\nname = \"Ana\"\nrole = \"co-host\"\ngroup = \"CAST\"\n")
    });
    podfeed(site.path()).arg("build").assert().success();
}

#[test]
fn an_input_only_or_repeated_transcript_format_in_config_is_rejected() {
    assert_rejected(
        "config.toml",
        |t| {
            t.replace(
                "\"html\", \"txt\"]",
                "\"html\", \"txt\", \"whisper\", \"page\"]",
            )
        },
        11,
        "`transcript_formats` lists \"whisper\"",
    );
    assert_rejected(
        "config.toml",
        |t| t.replace("\"html\", \"txt\"]", "\"html\", \"txt\", \"vtt\"]"),
        11,
        "\"vtt\" twice",
    );
}
