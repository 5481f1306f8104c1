//! Several transcript languages per episode: a record listing an English and a Spanish
//! transcript publishes both in every format, each linked with its own `language` (SPEC.md §2).

#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use crate::common::fixtures;
use crate::common::site;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use fixtures::{fixture, words};
use podfeed::transcript::{self, Format, Transcript};
use site::{EPISODE as SLUG, SHOW, built_channel, episodes, example_site, podfeed, stderr};

const SPANISH: &str = "should-ai-be-open-source.es.vtt";
const BASE: &str = "https://podcasts.example.com/";

/// Adds the Spanish transcript beside the example episode and lists both in its record.
fn add_spanish(site: &Path, english_language: Option<&str>, spanish_language: &str) {
    let dir = episodes(site);
    fs::copy(fixture(SPANISH), dir.join(SPANISH)).unwrap();
    let record = dir.join(format!("{SLUG}.toml"));
    let mut text = fs::read_to_string(&record).unwrap();
    text.push_str(&format!("\n[[transcripts]]\nfile = \"{SLUG}.txt\"\n"));
    if let Some(l) = english_language {
        text.push_str(&format!("language = \"{l}\"\n"));
    }
    text.push_str(&format!(
        "\n[[transcripts]]\nfile = \"{SPANISH}\"\nlanguage = \"{spanish_language}\"\n"
    ));
    fs::write(record, text).unwrap();
}

fn read_source(site: &Path, file: &str) -> Transcript {
    let bytes = fs::read(episodes(site).join(file)).unwrap();
    transcript::read(file, &bytes, None).unwrap()
}

#[test]
fn english_and_spanish_transcripts_are_each_published_in_five_formats() {
    let site = example_site();
    // "en" is the show's language: it is the show's transcript, published without a suffix.
    add_spanish(site.path(), Some("en"), "es");
    podfeed(site.path()).arg("build").assert().success();

    let channel = built_channel(site.path());
    let links = &channel.items[0].extensions["podcast"]["transcript"];
    assert_eq!(links.len(), 10, "5 formats × 2 languages");

    let english = words(&read_source(site.path(), &format!("{SLUG}.txt")));
    let spanish = words(&read_source(site.path(), SPANISH));
    let mut seen = BTreeSet::new();
    for link in links {
        let a = &link.attrs;
        let url = &a["url"];
        let format = Format::PUBLISHED
            .into_iter()
            .find(|f| f.mime() == a["type"])
            .unwrap_or_else(|| panic!("unexpected type {}", a["type"]));
        let language = a["language"].as_str();
        let expected_url = match language {
            "en" => format!("{BASE}{SHOW}/transcripts/{SLUG}.{}", format.extension()),
            "es" => format!("{BASE}{SHOW}/transcripts/{SLUG}.es.{}", format.extension()),
            other => panic!("unexpected language {other}"),
        };
        assert_eq!(url, &expected_url);
        assert_eq!(
            a.get("rel").map(String::as_str),
            format.is_captions().then_some("captions"),
            "{url}"
        );
        assert!(seen.insert((language.to_owned(), format)), "{url} twice");

        let rel = url.strip_prefix(BASE).unwrap();
        let bytes = fs::read(site.path().join("public").join(rel))
            .unwrap_or_else(|e| panic!("{rel} linked but not written: {e}"));
        let t = transcript::read(rel, &bytes, Some(format))
            .unwrap_or_else(|e| panic!("{rel} does not parse as {format}: {e}"));
        let expected = if language == "es" { &spanish } else { &english };
        assert_eq!(
            &words(&t),
            expected,
            "{rel} has the words of its own language"
        );
    }
    assert_eq!(seen.len(), 10);

    // Exactly the linked files were written: no stray language, no missing one.
    let mut written: Vec<String> =
        fs::read_dir(site.path().join("public").join(SHOW).join("transcripts"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
    written.sort();
    let mut linked: Vec<String> = links
        .iter()
        .map(|l| l.attrs["url"].rsplit('/').next().unwrap().to_owned())
        .collect();
    linked.sort();
    assert_eq!(written, linked);
}

#[test]
fn a_transcript_without_language_is_the_shows_and_the_build_is_repeatable() {
    let site = example_site();
    add_spanish(site.path(), None, "es");
    podfeed(site.path()).arg("build").assert().success();
    let feed_path = site.path().join("public").join(SHOW).join("feed.xml");
    let first = fs::read(&feed_path).unwrap();
    let channel = rss::Channel::read_from(&first[..]).unwrap();
    let languages: Vec<&str> = channel.items[0].extensions["podcast"]["transcript"]
        .iter()
        .map(|l| l.attrs["language"].as_str())
        .collect();
    assert_eq!(languages.iter().filter(|l| **l == "en").count(), 5);
    assert_eq!(languages.iter().filter(|l| **l == "es").count(), 5);
    // Same records, same bytes.
    podfeed(site.path()).arg("build").assert().success();
    assert_eq!(fs::read(&feed_path).unwrap(), first);
}

#[test]
fn two_transcripts_in_the_shows_language_are_refused() {
    let site = example_site();
    // Without a language and "en": both are the show's English transcript.
    add_spanish(site.path(), None, "en");
    let a = podfeed(site.path()).arg("build").assert().code(2);
    let err = stderr(&a);
    assert!(err.contains(&format!("{SLUG}.toml")), "{err}");
    assert!(err.contains("same language"), "{err}");
    assert!(
        !site
            .path()
            .join("public")
            .join(SHOW)
            .join("feed.xml")
            .exists()
    );
}
