//! `podfeed import FEED` end to end: every real feed of the shared corpus imported, built and
//! compared item by item with the original (a table of the results is printed); importing again
//! with `--force` touches nothing, a newer feed adds only its new episode; hostile and non-RSS
//! documents write nothing; a feed and its transcript served over HTTP with `--download`.

#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use podfeed::rules::{Profiles, check_feed};

use crate::common::server::Site;
use crate::common::site::{NOW, podfeed, stderr};

const BASE: &str = "https://new.example/shows";

/// An empty site whose feeds are published under [`BASE`].
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("config.toml"),
        format!("base_url = \"{BASE}\"\n"),
    )
    .unwrap();
    dir
}

fn import(site: &Path, feed: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    podfeed(site)
        .arg("import")
        .arg(feed)
        .args(["--feed", "show"])
        .args(extra)
        .assert()
}

fn show_dir(site: &Path) -> PathBuf {
    site.join("feeds/show")
}

/// What a comparison looks at in one item.
#[derive(Debug, PartialEq)]
struct Item {
    guid: String,
    date: Option<DateTime<Utc>>,
    enclosure: (String, String, String),
    duration: Option<u64>,
    season: Option<String>,
    episode: Option<String>,
}

/// The items of a feed, read with the `rss` crate (not podfeed's reader).
fn items(channel: &rss::Channel) -> Vec<Item> {
    channel
        .items()
        .iter()
        .map(|i| {
            let it = i.itunes_ext();
            Item {
                guid: i
                    .guid()
                    .map(|g| g.value().trim().to_owned())
                    .unwrap_or_default(),
                date: i
                    .pub_date()
                    .and_then(|d| podfeed::rules::rfc822::parse(d).ok())
                    .map(|d| d.date.with_timezone(&Utc)),
                enclosure: i
                    .enclosure()
                    .map(|e| {
                        (
                            e.url().trim().to_owned(),
                            e.length().trim().to_owned(),
                            e.mime_type().trim().to_owned(),
                        )
                    })
                    .unwrap_or_default(),
                duration: it
                    .and_then(|x| x.duration())
                    .and_then(|d| podfeed::records::parse_clock(d.split('.').next().unwrap_or(d))),
                season: it.and_then(|x| x.season()).map(|s| s.trim().to_owned()),
                episode: it.and_then(|x| x.episode()).map(|s| s.trim().to_owned()),
            }
        })
        .collect()
}

/// The `podcast:guid` of a channel.
fn podcast_guid(channel: &rss::Channel) -> Option<String> {
    let ext = channel.extensions().get("podcast")?.get("guid")?.first()?;
    ext.value().map(|v| v.trim().to_owned())
}

/// The error rules a feed breaks.
fn errors(name: &str, bytes: &[u8]) -> BTreeSet<&'static str> {
    let now = NOW.parse::<DateTime<Utc>>().unwrap();
    check_feed(name, bytes, &Profiles::default(), now)
        .into_iter()
        .filter(|d| d.severity() == podfeed::diagnostic::Severity::Error)
        .map(|d| d.rule.id)
        .collect()
}

/// Imports, builds and compares one corpus feed; returns its table row.
fn round_trip(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let original = fs::read(path).unwrap();
    let before = errors(&name, &original);
    let site = site();
    let out = podfeed(site.path())
        .arg("import")
        .arg(path)
        .args(["--feed", "show"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let warnings = err.lines().filter(|l| l.starts_with("warning[")).count();
    if out.status.code() == Some(2) {
        // Refused cleanly: a located finding, nothing written.
        assert!(err.contains(" --> "), "{name}: {err}");
        assert!(!site.path().join("feeds").exists(), "{name}");
        return format!("{name:<40} refused ({} error rules before)", before.len());
    }
    assert_eq!(out.status.code(), Some(0), "{name}: {err}");
    let build = podfeed(site.path()).arg("build").output().unwrap();
    assert!(
        build.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&build.stderr)
    );
    let built = fs::read(site.path().join("public/show/feed.xml")).unwrap();
    let after = errors("feed.xml", &built);
    let new: Vec<_> = after.difference(&before).collect();
    assert!(
        new.is_empty(),
        "{name}: errors the original did not have: {new:?}"
    );
    let new_channel = rss::Channel::read_from(&built[..]).unwrap();
    let got = items(&new_channel);
    let now = NOW.parse::<DateTime<Utc>>().unwrap();
    let mut seen = BTreeSet::new();
    let mut compared = 0;
    if let Ok(old_channel) = rss::Channel::read_from(&original[..]) {
        // A guid that is not a UUID version 5 cannot be pinned: the import says so.
        let v5 = |g: &String| uuid::Uuid::parse_str(g).is_ok_and(|u| u.get_version_num() == 5);
        if let Some(g) = podcast_guid(&old_channel).filter(v5) {
            assert_eq!(podcast_guid(&new_channel), Some(g), "{name}");
        }
        for item in items(&old_channel) {
            // Not imported, each with a warning: no date, no enclosure, a repeated guid; and
            // an episode dated after the build's clock is held back by the build.
            let due = item.date.is_some_and(|d| d <= now);
            if !due || item.enclosure.0.is_empty() || !seen.insert(item.guid.clone()) {
                continue;
            }
            let guid = if item.guid.is_empty() {
                &item.enclosure.0
            } else {
                &item.guid
            };
            let mine = got.iter().find(|i| &i.guid == guid);
            let mine = mine.unwrap_or_else(|| panic!("{name}: item {guid:?} missing"));
            assert_eq!(mine.date, item.date, "{name} {guid}");
            assert_eq!(mine.enclosure.0, item.enclosure.0, "{name} {guid}");
            if item.enclosure.1.parse::<u64>().is_ok_and(|n| n > 0) {
                assert_eq!(mine.enclosure.1, item.enclosure.1, "{name} {guid}");
            }
            if podfeed::mime::is_mime(&item.enclosure.2) {
                assert_eq!(mine.enclosure.2, item.enclosure.2, "{name} {guid}");
            }
            if item.duration.is_some() {
                assert_eq!(mine.duration, item.duration, "{name} {guid}");
            }
            for (a, b) in [(&mine.season, &item.season), (&mine.episode, &item.episode)] {
                if b.as_deref()
                    .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n > 0))
                {
                    assert_eq!(a, b, "{name} {guid}");
                }
            }
            compared += 1;
        }
    }
    format!(
        "{name:<40} {:>5} items {compared:>5} compared {warnings:>3} warnings {:>2} error rules before {:>2} after",
        got.len(),
        before.len(),
        after.len()
    )
}

#[test]
fn every_real_feed_imports_builds_and_keeps_its_items() {
    let Some(files) = crate::common::fixtures::real_feeds() else {
        return;
    };
    let rows: Vec<String> = files.iter().map(|p| round_trip(p)).collect();
    eprintln!("{}", rows.join("\n"));
    assert!(rows.iter().filter(|r| !r.contains("refused")).count() >= rows.len() / 2);
}

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel>
  <title>Moving Show</title>
  <link>https://old.example/</link>
  <description>About it</description>
  <language>en</language>
  <itunes:author>Ana</itunes:author>
  <itunes:image href="https://old.example/cover.jpg"/>
  <itunes:category text="Technology"/>
  <podcast:guid>917393e3-1b1e-5cef-ace4-edaa54e1f810</podcast:guid>
  NEWER
  <item>
    <title>First</title>
    <guid isPermaLink="false">ep-1</guid>
    <pubDate>Wed, 07 Aug 2024 09:00:00 +0200</pubDate>
    <enclosure url="https://old.example/1.mp3" length="1000" type="audio/mpeg"/>
    TRANSCRIPT
  </item>
</channel>
</rss>
"#;

const NEWER: &str = r#"<item>
    <title>Second</title>
    <guid isPermaLink="false">ep-2</guid>
    <pubDate>Thu, 08 Aug 2024 09:00:00 +0200</pubDate>
    <enclosure url="https://old.example/2.mp3" length="2000" type="audio/mpeg"/>
  </item>"#;

fn feed(newer: bool, transcript: &str) -> String {
    FEED.replace("NEWER", if newer { NEWER } else { "" })
        .replace("TRANSCRIPT", transcript)
}

/// Every file of the show with its modification time.
fn mtimes(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    let mut out = Vec::new();
    for sub in [dir.to_path_buf(), dir.join("episodes")] {
        for e in fs::read_dir(&sub).unwrap().filter_map(Result::ok) {
            if e.path().is_file() {
                out.push((e.path(), e.metadata().unwrap().modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn importing_again_touches_nothing_and_a_newer_feed_adds_only_its_new_episode() {
    let site = site();
    let file = site.path().join("old.xml");
    fs::write(&file, feed(false, "")).unwrap();
    let f = file.to_str().unwrap();
    import(site.path(), f, &[]).success();
    let first = mtimes(&show_dir(site.path()));
    assert_eq!(first.len(), 2, "{first:?}");
    // Without --force an existing show is refused, untouched.
    let refused = import(site.path(), f, &[]).code(2);
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    std::thread::sleep(std::time::Duration::from_millis(20));
    import(site.path(), f, &["--force"]).success();
    assert_eq!(mtimes(&show_dir(site.path())), first);
    fs::write(&file, feed(true, "")).unwrap();
    import(site.path(), f, &["--force"]).success();
    let second = mtimes(&show_dir(site.path()));
    let added: Vec<_> = second.iter().filter(|x| !first.contains(x)).collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(
        added[0].0.ends_with("episodes/2024-08-08-second.toml"),
        "{added:?}"
    );
    // The pinned guid and the item's guid survive the build.
    podfeed(site.path()).arg("build").assert().success();
    let built = fs::read_to_string(site.path().join("public/show/feed.xml")).unwrap();
    assert!(built.contains("<podcast:guid>917393e3-1b1e-5cef-ace4-edaa54e1f810</podcast:guid>"));
    assert!(
        built.contains("<guid isPermaLink=\"false\">ep-1</guid>"),
        "{built}"
    );
}

#[test]
fn hostile_huge_and_non_rss_documents_write_nothing() {
    let site = site();
    let cases = [
        ("bomb.xml", "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]><rss><channel><title>&b;</title></channel></rss>".to_owned()),
        ("page.xml", "<?xml version=\"1.0\"?><html><body>not a feed</body></html>".to_owned()),
        ("huge.xml", format!("<?xml version=\"1.0\"?><rss><channel><title>{}</title></channel></rss>", "x".repeat(2_000))),
    ];
    fs::write(
        site.path().join("config.toml"),
        format!("base_url = \"{BASE}\"\n[validate]\nmax_feed_bytes = 1000\n"),
    )
    .unwrap();
    for (name, text) in cases {
        let file = site.path().join(name);
        fs::write(&file, text).unwrap();
        let a = import(site.path(), file.to_str().unwrap(), &[]).code(2);
        assert!(
            stderr(&a).contains("nothing imported"),
            "{name}: {}",
            stderr(&a)
        );
        assert!(!site.path().join("feeds").exists(), "{name}");
    }
}

#[test]
fn a_served_feed_is_imported_with_its_transcript_and_measured_lengths() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ana>Hello there.\n";
    let link = format!("<podcast:transcript url=\"{base}/1.vtt\" type=\"text/vtt\"/>");
    let text = feed(false, &link)
        .replace("https://old.example/1.mp3", &format!("{base}/1.mp3"))
        .replace(" length=\"1000\"", "");
    let server = rt.block_on(async {
        Site::new()
            .file("/feed.xml", text, "application/rss+xml")
            .file("/1.vtt", vtt, "text/vtt")
            .file("/1.mp3", vec![0u8; 4321], "audio/mpeg")
            .start_on(listener)
    });
    let site = site();
    let url = server.url("/feed.xml").to_string();
    let a = import(site.path(), &url, &["--download"]).success();
    let episodes = show_dir(site.path()).join("episodes");
    let stored = fs::read_to_string(episodes.join("2024-08-07-first.vtt")).unwrap();
    assert_eq!(stored, vtt);
    let record = fs::read_to_string(episodes.join("2024-08-07-first.toml")).unwrap();
    assert!(record.contains("length = 4321"), "{record}\n{}", stderr(&a));
    assert!(
        !stderr(&a).contains("record.import.enclosure-length"),
        "{}",
        stderr(&a)
    );
    // Media files are never downloaded: the HEAD (and a range) only.
    assert!(server.hits_by("HEAD", "/1.mp3") > 0);
    assert!(!episodes.join("2024-08-07-first.mp3").exists());
    podfeed(site.path()).arg("build").assert().success();
    let built = fs::read_to_string(site.path().join("public/show/feed.xml")).unwrap();
    assert!(
        built.contains("transcripts/2024-08-07-first.vtt"),
        "{built}"
    );
}

#[test]
fn the_every_tag_show_publishes_an_imported_guid_and_html_notes_as_recorded() {
    let (_dir, feed) = super::every_tag::built();
    let channel = rss::Channel::read_from(feed.as_bytes()).unwrap();
    let item = channel
        .items()
        .iter()
        .find(|i| i.title() == Some("Moved In"))
        .unwrap();
    let guid = item.guid().unwrap();
    assert_eq!(
        guid.value(),
        "https://every-tag.example.com/episodes/moved-in"
    );
    assert!(guid.is_permalink());
    let html = "<p>Notes kept as <b>HTML</b>: *stars* stay stars.</p>";
    assert_eq!(item.description(), Some(html));
    assert_eq!(item.content(), Some(html));
    // The other episode's guid is not a permalink, and its Markdown notes become HTML.
    let first = channel
        .items()
        .iter()
        .find(|i| i.title() == Some("First Light"))
        .unwrap();
    assert!(!first.guid().unwrap().is_permalink());
    assert_eq!(
        first.description(),
        Some("<p>The first episode: what the show is about.</p>")
    );
    assert_eq!(item.pub_date(), Some("Sat, 04 Jan 2025 08:30:00 +0000"));
}

/// The every-tag show's feed, imported as a new show (a file, `--download` from a local server
/// serving what the build published) and built again, comes back line by line: every element
/// and attribute of the original, `podcast:` and `itunes:` alike, with the same values.
#[test]
fn the_every_tag_feed_round_trips_through_an_import_and_a_build() {
    use super::every_tag;
    const PUBLIC: &str = "https://podcasts.example.com/every-tag/";
    let (built, original) = every_tag::built();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let public = built.path().join("public").join(every_tag::SHOW);
    let server = rt.block_on(async { Site::new().tree(&public).unwrap().start().await });
    // The feed's own published transcripts and chapters are fetched from the local server.
    let served = ["transcripts/", "chapters/"]
        .iter()
        .fold(original.clone(), |f, dir| {
            f.replace(
                &format!("{PUBLIC}{dir}"),
                server.url(&format!("/{dir}")).as_str(),
            )
        });
    // The new site publishes under the same base URL and pings the same hub; it has no
    // enclosure prefix, because the feed's enclosure URLs already carry the old show's.
    let site = tempfile::tempdir().unwrap();
    fs::write(
        site.path().join("config.toml"),
        "base_url = \"https://podcasts.example.com\"\n[notify]\nwebsub_hub = \"http://127.0.0.1:9/websub\"\n",
    )
    .unwrap();
    let file = site.path().join("old-feed.xml");
    fs::write(&file, served).unwrap();
    let a = podfeed(site.path())
        .arg("import")
        .arg(&file)
        .args(["--feed", "copy", "--download"])
        .assert()
        .success();
    assert!(!stderr(&a).contains("not imported"), "{}", stderr(&a));
    let episodes = site.path().join("feeds/copy/episodes");
    assert!(episodes.join("2025-01-06-first-light.vtt").is_file());
    assert!(
        episodes
            .join("2025-01-06-first-light.chapters.json")
            .is_file()
    );
    podfeed(site.path())
        .env("PODFEED_NOW", every_tag::NOW)
        .arg("build")
        .assert()
        .success();
    let copy = fs::read_to_string(site.path().join("public/copy/feed.xml")).unwrap();
    // What must differ: the new show's own public URLs (its self link, and the transcripts and
    // chapters it republishes) are under copy/ instead of every-tag/. The new-feed-url, which
    // names every-tag/ too, is a value of the records and stays as it is.
    let self_link = "https://podcasts.example.com/copy/feed.xml\" rel=\"self\"";
    let copy = ["transcripts/", "chapters/"]
        .iter()
        .fold(copy, |f, dir| {
            f.replace(
                &format!("https://podcasts.example.com/copy/{dir}"),
                &format!("{PUBLIC}{dir}"),
            )
        })
        .replace(self_link, &self_link.replace("/copy/", "/every-tag/"));
    let lines = |s: &str| s.lines().map(str::to_owned).collect::<Vec<_>>();
    let (want, got) = (lines(&original), lines(&copy));
    let lost: Vec<&String> = want.iter().filter(|l| !got.contains(l)).collect();
    let added: Vec<&String> = got.iter().filter(|l| !want.contains(l)).collect();
    assert!(
        lost.is_empty() && added.is_empty(),
        "lost: {lost:#?}\nadded: {added:#?}"
    );
    assert_eq!(want, got, "the same lines in the same order");
    for prefix in ["<podcast:", "<itunes:"] {
        let count = |s: &str| s.matches(prefix).count();
        assert!(count(&original) > 10, "{prefix}");
        assert_eq!(count(&original), count(&copy), "{prefix}");
    }
}
