//! `podfeed import` end to end, in a copy of the shipped example site: a page becomes a record and
//! its transcript, existing files are never overwritten without `--force`, a bad page writes
//! nothing, and the imported episode is a draft until its enclosure is filled in.

#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use crate::common::fixtures;
use crate::common::site;

use std::fs;
use std::path::{Path, PathBuf};

use fixtures::{fixture, words};
use podfeed::transcript::{self, Format};
use site::{
    SHOW, built_channel, edit, episodes, example_site, podfeed, root, snapshot, stderr, stdout,
};

const PAGE: &str = "good-tech-companies-2024-09-03-feeds-that-stay-valid.txt";
const SLUG: &str = "2024-09-03-feeds-that-stay-valid";
/// The page's title, which the imported record takes.
const TITLE: &str = "Feeds That Stay Valid: Notes From a Year of Publishing";
/// The enclosure a podcaster adds to the imported record.
const ENCLOSURE: &str = "\n[enclosure]\nurl = \"https://podcasts.example.com/good-tech-companies/media/feeds.mp3\"\nlength = 4200000\ntype = \"audio/mpeg\"\n";

fn import(site: &Path, page: &Path, force: bool) -> assert_cmd::assert::Assert {
    let mut cmd = podfeed(site);
    cmd.arg("import").arg(page).args(["--feed", SHOW]);
    if force {
        cmd.arg("--force");
    }
    cmd.assert()
}

fn record(site: &Path, slug: &str) -> toml::Table {
    fs::read_to_string(episodes(site).join(format!("{slug}.toml")))
        .unwrap()
        .parse()
        .unwrap()
}

/// The imported episode's file with extension `ext` (its record or its transcript).
fn imported(site: &Path, ext: &str) -> PathBuf {
    episodes(site).join(format!("{SLUG}.{ext}"))
}

/// What every import of [`PAGE`] writes: the transcript is the page itself, and the record has
/// the page's title. Returns the record.
fn assert_page_imported(site: &Path) -> toml::Table {
    assert_eq!(
        fs::read(imported(site, "txt")).unwrap(),
        fs::read(fixture(PAGE)).unwrap()
    );
    let r = record(site, SLUG);
    assert_eq!(r["title"].as_str(), Some(TITLE));
    r
}

#[test]
fn a_page_becomes_a_record_and_its_transcript() {
    let site = example_site();
    let a = import(site.path(), &fixture(PAGE), false).success();
    let out = stdout(&a);
    let (toml_path, txt_path) = (imported(site.path(), "toml"), imported(site.path(), "txt"));
    for p in [&toml_path, &txt_path] {
        assert!(
            out.contains(&format!(
                "created {}",
                p.strip_prefix(site.path()).unwrap().display()
            )),
            "{out}"
        );
    }
    assert!(out.contains("[enclosure]"), "tells what to fill in: {out}");

    // The transcript is the page itself; the record has the page's title, date, description.
    let r = assert_page_imported(site.path());
    assert_eq!(r["published"].to_string(), "2024-09-03T00:00:00Z");
    assert!(
        r["description"]
            .as_str()
            .unwrap()
            .starts_with("A short episode about keeping a podcast feed valid")
    );
    // An explicit guid, a UUID, the same on every import of the same page into the same show.
    let guid = r["guid"].as_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&guid).is_ok(), "{guid}");
    let again = example_site();
    import(again.path(), &fixture(PAGE), false).success();
    assert_eq!(record(again.path(), SLUG)["guid"].as_str(), Some(&*guid));
    // Nothing else in the show changed.
    let mut before = snapshot(&root().join("feeds"));
    let mut after = snapshot(&site.path().join("feeds"));
    for slug in [SLUG] {
        for ext in ["toml", "txt"] {
            let rel = PathBuf::from(SHOW)
                .join("episodes")
                .join(format!("{slug}.{ext}"));
            assert!(after.remove(&rel).is_some());
            before.remove(&rel);
        }
    }
    assert_eq!(before, after);
}

#[test]
fn existing_files_are_not_overwritten_without_force() {
    let site = example_site();
    import(site.path(), &fixture(PAGE), false).success();
    let (toml_path, txt_path) = (imported(site.path(), "toml"), imported(site.path(), "txt"));
    // The podcaster fills in the record; a second import must not lose it.
    edit(&toml_path, |t| format!("{t}{ENCLOSURE}"));
    let before = snapshot(&site.path().join("feeds"));

    let a = import(site.path(), &fixture(PAGE), false).code(2);
    let err = stderr(&a);
    assert!(err.contains(&format!("{SLUG}.toml")), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(snapshot(&site.path().join("feeds")), before);

    // Only the transcript left behind: still refused, still nothing written.
    fs::remove_file(&toml_path).unwrap();
    let before = snapshot(&site.path().join("feeds"));
    let a = import(site.path(), &fixture(PAGE), false).code(2);
    assert!(
        stderr(&a).contains(&format!("{SLUG}.txt")),
        "{}",
        stderr(&a)
    );
    assert_eq!(snapshot(&site.path().join("feeds")), before);
    assert!(!toml_path.exists() && txt_path.exists());
}

#[test]
fn force_overwrites_and_keeps_the_guid_and_enclosure() {
    let site = example_site();
    import(site.path(), &fixture(PAGE), false).success();
    let (toml_path, txt_path) = (imported(site.path(), "toml"), imported(site.path(), "txt"));
    fs::write(
        &toml_path,
        format!(
            "title = \"An old title\"\npublished = 2024-09-03T07:30:00Z\n\
             guid = \"feeds-that-stay-valid-1\"\nseason = 2\n{ENCLOSURE}"
        ),
    )
    .unwrap();
    fs::write(&txt_path, "an old transcript").unwrap();

    let a = import(site.path(), &fixture(PAGE), true).success();
    let out = stdout(&a);
    assert!(out.contains("overwrote"), "{out}");
    let r = assert_page_imported(site.path());
    // What the page does not know is kept: the guid (the episode's identity), the enclosure,
    // the season, and the time of day on the same date.
    assert_eq!(r["guid"].as_str(), Some("feeds-that-stay-valid-1"));
    assert_eq!(r["enclosure"]["length"].as_integer(), Some(4_200_000));
    assert_eq!(r["season"].as_integer(), Some(2));
    assert_eq!(r["published"].to_string(), "2024-09-03T07:30:00Z");
    // And the refreshed record still builds.
    podfeed(site.path()).arg("build").assert().success();
}

#[test]
fn the_shared_example_page_maps_to_the_shipped_episode() {
    let page = root()
        .join("../shared/examples/good-tech-companies-2024-08-07-should-ai-be-open-source.txt");
    if !page.is_file() {
        eprintln!("skipped: ../shared/examples not found");
        return;
    }
    let site = example_site();
    let slug = "2024-08-07-should-ai-be-open-source";
    let shipped = record(site.path(), slug);
    // The shipped episode came from this page: importing it again is refused…
    let a = import(site.path(), &page, false).code(2);
    assert!(
        stderr(&a).contains(&format!("{slug}.toml")),
        "{}",
        stderr(&a)
    );
    // …and with --force the episode keeps the guid it was published with.
    podfeed(site.path()).arg("build").assert().success();
    let published_guid = built_channel(site.path()).items[0]
        .guid
        .clone()
        .unwrap()
        .value;
    import(site.path(), &page, true).success();
    let r = record(site.path(), slug);
    assert_eq!(r["guid"].as_str(), Some(published_guid.as_str()));
    assert_eq!(r["enclosure"], shipped["enclosure"]);
    assert_eq!(r["title"], shipped["title"]);
}

#[test]
fn a_bad_page_names_file_and_line_and_writes_nothing() {
    for (name, line) in [("page-bad-time.txt", 9), ("page-no-paragraphs.txt", 9)] {
        let site = example_site();
        let before = snapshot(site.path());
        // With a good page beside it: one bad page stops the whole import.
        let a = podfeed(site.path())
            .arg("import")
            .arg(fixture(PAGE))
            .arg(fixture(name))
            .args(["--feed", SHOW])
            .assert()
            .code(2);
        let err = stderr(&a);
        assert!(err.contains(&format!("{name}:{line}")), "{name}: {err}");
        assert!(
            err.contains("Starting point is") || err.contains("HH:MM:SS"),
            "{err}"
        );
        assert_eq!(snapshot(site.path()), before, "{name}: nothing written");
    }
}

#[test]
fn an_unknown_show_is_a_usage_error() {
    let site = example_site();
    let before = snapshot(site.path());
    let a = podfeed(site.path())
        .arg("import")
        .arg(fixture(PAGE))
        .args(["--feed", "no-such-show"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("no-such-show"), "{}", stderr(&a));
    assert_eq!(snapshot(site.path()), before);
}

#[test]
fn the_imported_episode_builds_once_its_enclosure_is_filled_in() {
    let site = example_site();
    import(site.path(), &fixture(PAGE), false).success();
    let toml_path = imported(site.path(), "toml");

    // Without an enclosure the record is a draft (issue 17): the build publishes the rest and
    // names the draft in one warning; the episode is not in the feed yet.
    let a = podfeed(site.path()).arg("build").assert().success();
    let warning = stderr(&a);
    assert!(
        warning.starts_with("warning: draft") && warning.contains(&format!("{SLUG}.toml")),
        "{warning}"
    );
    assert_eq!(warning.lines().count(), 1, "{warning}");
    assert!(
        !built_channel(site.path())
            .items
            .iter()
            .any(|i| i.title.as_deref() == Some(TITLE)),
        "a draft is not published"
    );

    edit(&toml_path, |t| format!("{t}{ENCLOSURE}"));
    podfeed(site.path()).arg("build").assert().success();

    let channel = built_channel(site.path());
    let item = channel
        .items
        .iter()
        .find(|i| i.title.as_deref() == Some(TITLE))
        .expect("the imported episode is in the feed");
    assert_eq!(
        item.guid.as_ref().map(|g| g.value.clone()),
        record(site.path(), SLUG)["guid"]
            .as_str()
            .map(str::to_owned)
    );
    assert_eq!(
        item.enclosure.as_ref().map(|e| e.length.as_str()),
        Some("4200000")
    );

    let links: Vec<_> = item.extensions["podcast"]["transcript"]
        .iter()
        .map(|e| e.attrs.clone())
        .collect();
    assert_eq!(links.len(), 5, "{links:?}");
    let page = transcript::read(PAGE, &fs::read(fixture(PAGE)).unwrap(), None).unwrap();
    for link in &links {
        let rel = link["url"]
            .strip_prefix("https://podcasts.example.com/")
            .unwrap();
        assert!(
            rel.starts_with(&format!("{SHOW}/transcripts/{SLUG}.")),
            "{rel}"
        );
        let format = Format::from_name(rel.rsplit('.').next().unwrap()).unwrap();
        assert_eq!(link["type"], format.mime());
        let bytes = fs::read(site.path().join("public").join(rel)).unwrap();
        let t =
            transcript::read(rel, &bytes, Some(format)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(words(&t), words(&page), "{rel} keeps every word");
    }
}
