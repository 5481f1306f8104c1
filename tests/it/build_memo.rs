//! The records' memo (issue 15): a build keeps what it read from each record in
//! `.podfeed-cache/records` beside `config.toml`, and the next build takes an episode from it when
//! none of the files it was read from changed. It must never change what is published: after each
//! kind of change, a rebuild publishes, byte for byte, what a build from scratch of the same
//! records publishes. The memo is a cache: one that is damaged, or of another version, is read
//! as empty; it is never written into the published folder, nor by a dry run.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::common::site::{
    EPISODE, SHOW, assert_same_published, copy_dir, edit, episodes, example_site, podfeed,
    published, snapshot,
};

const MEMO: &str = ".podfeed-cache/records";

/// Builds the site in `dir`; its summary.
fn build(dir: &Path) -> String {
    let out = podfeed(dir).arg("build").assert().success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

/// Sets the modification time of `path` (a file, or every file under a folder) an hour back:
/// a file edited that long before a build is memoised (one modified within a moment of the
/// reading is not). Each call sets another time, so a file edited in place gets a new stamp.
fn age(path: &Path) {
    let when = SystemTime::now() - Duration::from_secs(3600);
    if path.is_dir() {
        for entry in fs::read_dir(path).expect("list folder") {
            age(&entry.expect("entry").path());
        }
    } else {
        let file = fs::File::options().write(true).open(path).expect("open");
        file.set_modified(when).expect("set the modification time");
    }
}

/// [`edit`], then [`age`]: an edit made a while before the next build, so it is memoised.
fn edit_aged(path: &Path, f: impl FnOnce(&str) -> String) {
    edit(path, f);
    age(path);
}

/// What a build from scratch of the records of `dir` (a copy without output or memo) publishes.
fn from_scratch(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let fresh = tempfile::tempdir().expect("tempdir");
    fs::copy(dir.join("config.toml"), fresh.path().join("config.toml")).expect("copy config");
    copy_dir(&dir.join("feeds"), &fresh.path().join("feeds"));
    build(fresh.path());
    published(fresh.path())
}

/// Rebuilds `dir` and checks it publishes what a build from scratch does; the example show's
/// feed.
fn rebuild_as_from_scratch(dir: &Path, what: &str) -> String {
    build(dir);
    let rebuilt = published(dir);
    assert_same_published(&rebuilt, &from_scratch(dir), &format!("after {what}"));
    String::from_utf8_lossy(&rebuilt[&Path::new(SHOW).join("feed.xml")]).into_owned()
}

/// The example site with two more episodes, the second with a WebVTT transcript beside it,
/// every file an hour old.
fn site() -> tempfile::TempDir {
    let site = example_site();
    let eps = episodes(site.path());
    for (slug, day) in [("second", 14), ("third", 21)] {
        fs::write(
            eps.join(format!("{slug}.toml")),
            format!(
                "title = \"The {slug} episode\"\npublished = 2024-08-{day}T09:00:00Z\n\
                 [enclosure]\nurl = \"https://podcasts.example.com/{slug}.mp3\"\n\
                 length = 1000\ntype = \"audio/mpeg\"\n"
            ),
        )
        .expect("write record");
    }
    fs::write(
        eps.join("third.vtt"),
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello from the third.\n",
    )
    .expect("write transcript");
    age(&site.path().join("feeds"));
    site
}

#[test]
fn unchanged_records_are_taken_from_the_memo_kept_beside_the_config() {
    let site = site();
    let dir = site.path();
    build(dir);
    assert!(dir.join(MEMO).is_file(), "the memo is beside config.toml");
    assert!(
        !snapshot(&dir.join("public"))
            .keys()
            .any(|p| p.to_string_lossy().contains("records")),
        "nothing of it in the published folder"
    );

    // The example record overwritten in place with as many bytes of nonsense and its
    // modification time put back (the limit of a stamp, as with make): a build that read it
    // would stop at its first line; one that takes it from the memo publishes it as before.
    let record = episodes(dir).join(format!("{EPISODE}.toml"));
    let meta = fs::metadata(&record).expect("record");
    let file = fs::OpenOptions::new()
        .write(true)
        .open(&record)
        .expect("open");
    std::io::Write::write_all(&mut &file, &vec![b'#'; meta.len() as usize - 1]).expect("write");
    file.set_modified(meta.modified().expect("mtime"))
        .expect("mtime back");
    drop(file);
    // Another record changed, so the build does not stop at the fingerprint.
    let second = episodes(dir).join("second.toml");
    edit_aged(&second, |t| t.replace("The second", "The 2nd"));
    build(dir);
    let feed = fs::read_to_string(dir.join("public").join(SHOW).join("feed.xml")).expect("feed");
    assert!(
        feed.contains("The 2nd episode"),
        "the changed record is read"
    );
    assert!(feed.contains("Open Letter Explained"), "the other is kept");
}

#[test]
fn after_every_kind_of_change_a_rebuild_publishes_what_a_build_from_scratch_does() {
    let site = site();
    let dir = site.path();
    let eps = episodes(dir);
    build(dir);

    // A record edited in place, keeping its size.
    let second = eps.join("second.toml");
    edit_aged(&second, |t| t.replace("The second", "The 2ND!"));
    let feed = rebuild_as_from_scratch(dir, "a record edited");
    assert!(feed.contains("The 2ND! episode"));

    // A transcript edited: its published files change.
    let vtt = eps.join("third.vtt");
    edit_aged(&vtt, |t| t.replace("Hello", "Howdy"));
    rebuild_as_from_scratch(dir, "a transcript edited");
    let published = dir.join("public").join(SHOW).join("transcripts");
    assert!(
        fs::read_to_string(published.join("third.vtt"))
            .expect("published transcript")
            .contains("Howdy")
    );

    // A transcript put beside a record that had none: found by its name.
    let srt = eps.join("second.srt");
    fs::write(&srt, "1\n00:00:00,000 --> 00:00:01,000\nNew words.\n").expect("write");
    age(&srt);
    let feed = rebuild_as_from_scratch(dir, "a transcript added beside a record");
    assert!(feed.contains("transcripts/second.vtt"), "{feed}");

    // A chapters file edited.
    let chapters = eps.join(format!("{EPISODE}.chapters.txt"));
    edit_aged(&chapters, |t| {
        t.replace("AI and the rise of Linux", "AI and Linux")
    });
    rebuild_as_from_scratch(dir, "a chapters file edited");

    // The show's type changed: every record is read again (a serial show needs numbers).
    let show = dir.join("feeds").join(SHOW).join("show.toml");
    edit_aged(&show, |t| {
        t.replace("type = \"episodic\"", "type = \"serial\"")
    });
    let out = podfeed(dir).arg("build").assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("record.serial.episode"), "{stderr}");
    edit_aged(&show, |t| {
        t.replace("type = \"serial\"", "type = \"episodic\"")
    });

    // A record removed.
    fs::remove_file(eps.join("third.toml")).expect("remove record");
    let feed = rebuild_as_from_scratch(dir, "a record removed");
    assert!(!feed.contains("The third episode"));
}

#[test]
fn a_record_rewritten_just_after_it_was_read_is_read_again() {
    // Every file fresh: written within a moment of the build, as by a script.
    let site = example_site();
    let dir = site.path();
    let record = episodes(dir).join(format!("{EPISODE}.toml"));
    let file = fs::OpenOptions::new()
        .write(true)
        .open(&record)
        .expect("open");
    file.set_modified(SystemTime::now()).expect("modified now");
    drop(file);
    build(dir);
    // The record rewritten in place with as many bytes and the same modification time, as a
    // second write within the file system's timestamp granularity leaves it; another file
    // changed so the build reads records.
    let meta = fs::metadata(&record).expect("record");
    edit_aged(&record, |t| {
        t.replace("Open Letter Explained", "Open Letter Explaind!")
    });
    let file = fs::OpenOptions::new()
        .write(true)
        .open(&record)
        .expect("open");
    file.set_modified(meta.modified().expect("mtime"))
        .expect("mtime back");
    drop(file);
    assert_eq!(fs::metadata(&record).expect("record").len(), meta.len());
    let show = dir.join("feeds").join(SHOW).join("show.toml");
    edit(&show, |t| format!("{t}\n# touched\n"));
    build(dir);
    let feed = fs::read_to_string(dir.join("public").join(SHOW).join("feed.xml")).expect("feed");
    assert!(
        feed.contains("Open Letter Explaind!"),
        "not served from the memo"
    );
}

#[test]
fn a_damaged_memo_is_read_as_empty_and_a_dry_run_writes_none() {
    let site = site();
    let dir = site.path();
    podfeed(dir).args(["build", "--dry-run"]).assert().success();
    assert!(!dir.join(MEMO).exists(), "a dry run writes no memo");

    build(dir);
    let good = fs::read(dir.join(MEMO)).expect("memo");
    let before = published(dir);
    for damaged in [b"nonsense".to_vec(), good[..good.len() / 2].to_vec()] {
        fs::write(dir.join(MEMO), &damaged).expect("damage the memo");
        // A record changed, so the build reads records.
        let second = episodes(dir).join("second.toml");
        edit(&second, |t| t.to_owned() + "\n");
        age(&second);
        build(dir);
        assert_eq!(published(dir), from_scratch(dir));
        assert_eq!(published(dir).len(), before.len());
        let rewritten = fs::read(dir.join(MEMO)).expect("memo written again");
        assert!(rewritten.starts_with(b"podfeed records memo"));
        assert_ne!(rewritten, damaged, "written again");
        assert!(rewritten.len() > good.len() * 9 / 10, "with every record");
    }
}

#[test]
fn every_tag_an_episode_can_hold_is_kept_by_the_memo() {
    use podfeed::model::Episode;
    use podfeed::records::memo::{
        self, Entry, Memo, Memoised, Packed, ShowContext, ShowMemo, Sources,
    };
    let fixture = super::common::site::root().join("tests/fixtures/every-tag");
    let site = podfeed::records::read::read_site(&fixture.join("config.toml"), &[], None)
        .expect("the every-tag site reads");
    let show = &site.shows[0];
    let context = ShowContext {
        language: show.language.clone(),
        show_type: show.show_type,
    };
    let entries = show
        .episodes
        .iter()
        .map(|episode| {
            let read = Memoised::Episode {
                episode,
                guid_offset: 0,
                media_files: Vec::new(),
            };
            let sources = Sources {
                files: Vec::new(),
                beside: Vec::new(),
            };
            let packed = Packed::of(&Entry { sources, read }).expect("packed");
            (episode.slug.clone(), packed)
        })
        .collect();
    let written = memo::encode(
        &[ShowMemo {
            id: show.id.clone(),
            context: context.clone(),
            entries,
        }],
        "this binary",
    )
    .expect("encoded");
    let mut read = Memo::decode(&written, "this binary").take_show(&show.id, &context);
    assert_eq!(read.len(), show.episodes.len());
    for episode in &show.episodes {
        let Some(Entry {
            read: Memoised::Episode { episode: back, .. },
            ..
        }) = read.remove(&episode.slug).and_then(|packed| packed.open())
        else {
            panic!("{} not in the memo", episode.slug);
        };
        // The memo keeps no parsed transcript: the rest is as read.
        let mut expected: Episode = (**episode).clone();
        for t in &mut expected.transcripts {
            t.transcript = None;
        }
        assert_eq!(*back, expected, "{}", episode.slug);
    }
    assert!(
        show.episodes
            .iter()
            .any(|e| e.chapters.is_some() && e.live.is_none()),
        "the fixture has chapters"
    );

    // And through the binary: one record changed, the others (media, chapters, a transcript,
    // value, a live item) taken from the memo, the same bytes as a build from scratch.
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture, dir.path());
    age(&dir.path().join("feeds"));
    build(dir.path());
    let record = dir
        .path()
        .join("feeds/every-tag/episodes/2025-01-02-value-for-value.toml");
    edit(&record, |t| t.to_owned() + "\n");
    build(dir.path());
    assert_eq!(published(dir.path()), from_scratch(dir.path()));
}

#[test]
fn a_build_that_finds_every_record_as_memoised_leaves_the_memo_alone() {
    use std::os::unix::fs::MetadataExt as _;
    let site = site();
    let dir = site.path();
    // A scheduled episode with a transcript: its published files are not rendered until it is
    // due, so it is read again (to parse the transcript) by every build, and found the same.
    let eps = episodes(dir);
    fs::write(
        eps.join("later.toml"),
        "title = \"Later\"\npublished = 2030-01-01T09:00:00Z\n[enclosure]\n\
         url = \"https://podcasts.example.com/later.mp3\"\nlength = 1000\ntype = \"audio/mpeg\"\n",
    )
    .expect("write record");
    fs::write(
        eps.join("later.vtt"),
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nSoon.\n",
    )
    .expect("write transcript");
    age(&eps);
    build(dir);
    let inode = || fs::metadata(dir.join(MEMO)).expect("memo").ino();
    let first = inode();
    // Something besides the records changed, so the build reads them.
    let show = dir.join("feeds").join(SHOW).join("show.toml");
    edit_aged(&show, |t| format!("{t}\n# touched\n"));
    build(dir);
    assert_eq!(inode(), first, "the memo was not written again");
}

#[test]
fn a_site_whose_path_is_not_utf8_builds_without_a_memo() {
    use std::os::unix::ffi::OsStrExt as _;
    let parent = tempfile::tempdir().expect("tempdir");
    let dir = parent
        .path()
        .join(std::ffi::OsStr::from_bytes(b"site-\xff"));
    fs::create_dir(&dir).expect("create folder");
    fs::copy(
        super::common::site::root().join("config.toml"),
        dir.join("config.toml"),
    )
    .expect("copy config");
    copy_dir(
        &super::common::site::root().join("feeds"),
        &dir.join("feeds"),
    );
    age(&dir.join("feeds"));
    podfeed(parent.path())
        .arg("build")
        .arg("--config")
        .arg(dir.join("config.toml"))
        .assert()
        .success();
    assert!(dir.join("public").join(SHOW).join("feed.xml").is_file());
    assert!(
        !dir.join(MEMO).exists(),
        "no memo rather than one that holds nothing"
    );
}

#[test]
fn a_build_that_waited_for_the_lock_reads_what_changed_meanwhile() {
    let site = site();
    let dir = site.path();
    build(dir);
    let public = dir.join("public");
    // Something changed, so the next build reads the records (each from the memo), then waits.
    let show = dir.join("feeds").join(SHOW).join("show.toml");
    edit(&show, |t| format!("{t}\n# touched\n"));
    let lock = podfeed::site::Lock::acquire(&public, None).expect("take the lock");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("podfeed"))
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("PODFEED_NOW", super::common::site::NOW)
        .args(["build", "--wait", "60"])
        .spawn()
        .expect("start the build");
    std::thread::sleep(Duration::from_millis(1500));
    // While it waits: a record edited, and another build's manifest in place.
    let second = episodes(dir).join("second.toml");
    edit_aged(&second, |t| t.replace("The second", "The 2nd"));
    let manifest = public.join(podfeed::site::MANIFEST_FILE);
    let bytes = fs::read(&manifest).expect("manifest");
    fs::remove_file(&manifest).expect("remove manifest");
    fs::write(&manifest, bytes).expect("write manifest");
    drop(lock);
    let out = child.wait_with_output().expect("the build ends");
    assert!(out.status.success());
    let feed = fs::read_to_string(public.join(SHOW).join("feed.xml")).expect("feed");
    assert!(feed.contains("The 2nd episode"), "the record as it is now");
}

#[test]
fn a_site_published_from_its_own_folder_keeps_no_memo() {
    // The output folder holds the config: a memo beside it would be published with the feeds.
    let site = site();
    let dir = site.path();
    podfeed(dir)
        .args(["build", "--out", "."])
        .assert()
        .success();
    assert!(dir.join(SHOW).join("feed.xml").is_file(), "published");
    assert!(!dir.join(".podfeed-cache").exists(), "no memo to publish");
}

#[test]
fn a_memo_left_half_written_by_a_killed_build_is_cleared_by_the_next() {
    let site = site();
    let dir = site.path();
    build(dir);
    let left = dir.join(".podfeed-cache/.records-Ab12Cd");
    fs::write(&left, b"half a memo").expect("a leftover");
    // A record changed, so the build writes the memo.
    let second = episodes(dir).join("second.toml");
    edit_aged(&second, |t| t.replace("The second", "The 2nd"));
    build(dir);
    assert!(!left.exists(), "the leftover is gone");
    assert!(dir.join(MEMO).is_file());
}
