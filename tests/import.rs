//! `podfeed import` end to end, in a copy of the shipped example site: a page becomes a record and
//! its transcript, existing files are never overwritten without `--force`, a bad page writes
//! nothing, and the imported episode builds once its enclosure is filled in.

#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use podfeed::transcript::{self, Format};

const SHOW: &str = "good-tech-companies";
const PAGE: &str = "good-tech-companies-2024-09-03-feeds-that-stay-valid.txt";
const SLUG: &str = "2024-09-03-feeds-that-stay-valid";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/transcripts")
        .join(name)
}

/// A copy of the repository's config.toml and feeds/ in a temporary folder.
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(root.join("config.toml"), dir.path().join("config.toml")).unwrap();
    copy_dir(&root.join("feeds"), &dir.path().join("feeds"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                files.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    let mut files = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut files);
    }
    files
}

fn podfeed(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("podfeed").unwrap();
    cmd.current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("PODFEED_NOW", "2026-01-01T00:00:00Z");
    cmd
}

fn episodes(site: &Path) -> PathBuf {
    site.join("feeds").join(SHOW).join("episodes")
}

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

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

#[test]
fn a_page_becomes_a_record_and_its_transcript() {
    let site = example_site();
    let a = import(site.path(), &fixture(PAGE), false).success();
    let out = stdout(&a);
    let toml_path = episodes(site.path()).join(format!("{SLUG}.toml"));
    let txt_path = episodes(site.path()).join(format!("{SLUG}.txt"));
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
    assert_eq!(
        fs::read(&txt_path).unwrap(),
        fs::read(fixture(PAGE)).unwrap()
    );
    let r = record(site.path(), SLUG);
    assert_eq!(
        r["title"].as_str(),
        Some("Feeds That Stay Valid: Notes From a Year of Publishing")
    );
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
    let mut before = snapshot(&Path::new(env!("CARGO_MANIFEST_DIR")).join("feeds"));
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
    let toml_path = episodes(site.path()).join(format!("{SLUG}.toml"));
    let txt_path = episodes(site.path()).join(format!("{SLUG}.txt"));
    // The podcaster fills in the record; a second import must not lose it.
    let mut edited = fs::read_to_string(&toml_path).unwrap();
    edited.push_str(
        "\n[enclosure]\nurl = \"https://podcasts.example.com/good-tech-companies/media/feeds.mp3\"\nlength = 4200000\ntype = \"audio/mpeg\"\n",
    );
    fs::write(&toml_path, &edited).unwrap();
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
    let toml_path = episodes(site.path()).join(format!("{SLUG}.toml"));
    let txt_path = episodes(site.path()).join(format!("{SLUG}.txt"));
    fs::write(
        &toml_path,
        "title = \"An old title\"\npublished = 2024-09-03T07:30:00Z\nguid = \"feeds-that-stay-valid-1\"\nseason = 2\n\n[enclosure]\nurl = \"https://podcasts.example.com/good-tech-companies/media/feeds.mp3\"\nlength = 4200000\ntype = \"audio/mpeg\"\n",
    )
    .unwrap();
    fs::write(&txt_path, "an old transcript").unwrap();

    let a = import(site.path(), &fixture(PAGE), true).success();
    let out = stdout(&a);
    assert!(out.contains("overwrote"), "{out}");
    assert_eq!(
        fs::read(&txt_path).unwrap(),
        fs::read(fixture(PAGE)).unwrap()
    );
    let r = record(site.path(), SLUG);
    assert_eq!(
        r["title"].as_str(),
        Some("Feeds That Stay Valid: Notes From a Year of Publishing")
    );
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
    let page = Path::new(env!("CARGO_MANIFEST_DIR"))
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
    let feed = fs::read_to_string(site.path().join("public").join(SHOW).join("feed.xml")).unwrap();
    let published_guid = rss::Channel::read_from(feed.as_bytes()).unwrap().items[0]
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
    let toml_path = episodes(site.path()).join(format!("{SLUG}.toml"));

    // Without an enclosure the build refuses, naming the record.
    let a = podfeed(site.path()).arg("build").assert().code(2);
    assert!(
        stderr(&a).contains(&format!("{SLUG}.toml")),
        "{}",
        stderr(&a)
    );

    let mut text = fs::read_to_string(&toml_path).unwrap();
    text.push_str(
        "\n[enclosure]\nurl = \"https://podcasts.example.com/good-tech-companies/media/feeds.mp3\"\nlength = 4200000\ntype = \"audio/mpeg\"\n",
    );
    fs::write(&toml_path, text).unwrap();
    podfeed(site.path()).arg("build").assert().success();

    let feed = fs::read(site.path().join("public").join(SHOW).join("feed.xml")).unwrap();
    let channel = rss::Channel::read_from(&feed[..]).unwrap();
    let title = "Feeds That Stay Valid: Notes From a Year of Publishing";
    let item = channel
        .items
        .iter()
        .find(|i| i.title.as_deref() == Some(title))
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
    let words = |t: &transcript::Transcript| {
        t.segments
            .iter()
            .flat_map(|s| {
                s.text
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
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
