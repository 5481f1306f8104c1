//! The no-change fast path (issue 15): once a build has published everything, the next one
//! compares the files' metadata with the fingerprint it left and, when nothing changed, says so
//! without reading a record. Each way a build's result can change must still be seen: a record
//! edited or added, an output deleted by hand, a media file outside the records' folder replaced,
//! the configuration, `SOURCE_DATE_EPOCH`, and a scheduled episode coming due. A rebuild after
//! one change publishes, byte for byte, what a build from scratch of the same records publishes.

use std::fs;
use std::path::Path;

use super::common::cron_site::{self, LATE, podfeed as podfeed_at};
use super::common::show;
use super::common::site::{
    EPISODE, SHOW, assert_same_published, edit, episodes, example_site, podfeed, published,
};

/// Builds `site` at `now`; its summary line.
fn build_at(site: &Path, now: &str) -> String {
    let out = podfeed(site)
        .env("PODFEED_NOW", now)
        .arg("build")
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8 summary")
}

const NOW: &str = "2026-01-01T00:00:00Z";

fn feed(site: &Path) -> String {
    fs::read_to_string(site.join("public").join(SHOW).join("feed.xml")).expect("feed")
}

#[test]
fn an_unchanged_site_is_answered_from_the_fingerprint_with_the_same_summary() {
    let site = example_site();
    build_at(site.path(), NOW);
    let second = build_at(site.path(), NOW);
    let third = build_at(site.path(), NOW);
    assert!(second.starts_with("nothing changed ("), "{second}");
    assert_eq!(second, third, "the fast path says what a full build said");

    // No record is read: one overwritten in place with as many bytes of nonsense and its old
    // modification time put back (the documented limit of a metadata fingerprint, as with make)
    // goes unseen, where a build that read it would stop at its first line.
    let record = episodes(site.path()).join(format!("{EPISODE}.toml"));
    let meta = fs::metadata(&record).unwrap();
    let file = fs::OpenOptions::new().write(true).open(&record).unwrap();
    std::io::Write::write_all(&mut &file, &vec![b'#'; meta.len() as usize - 1]).unwrap();
    file.set_modified(meta.modified().unwrap()).unwrap();
    drop(file);
    assert_eq!(build_at(site.path(), NOW), second);
}

#[test]
fn every_kind_of_change_is_still_seen() {
    let site = example_site();
    let dir = site.path();
    build_at(dir, NOW);
    let record = episodes(dir).join(format!("{EPISODE}.toml"));

    // A record edited (its size changes).
    edit(&record, |t| {
        t.replace("Open Letter Explained", "Open Letter, Explained")
    });
    assert!(build_at(dir, NOW).contains("files written"));
    assert!(feed(dir).contains("Open Letter, Explained"));

    // A new record beside it.
    fs::write(
        episodes(dir).join("2024-08-14-second.toml"),
        "title = \"The second episode\"\npublished = 2024-08-14T09:00:00Z\n\
         [enclosure]\nurl = \"https://podcasts.example.com/good-tech-companies/media/second.mp3\"\n\
         length = 1000\ntype = \"audio/mpeg\"\n",
    )
    .unwrap();
    build_at(dir, NOW);
    assert!(feed(dir).contains("The second episode"));

    // An output deleted by hand comes back.
    let vtt = dir
        .join("public")
        .join(SHOW)
        .join(format!("transcripts/{EPISODE}.vtt"));
    fs::remove_file(&vtt).unwrap();
    assert!(build_at(dir, NOW).contains("1 files written"));
    assert!(vtt.is_file());

    // The configuration.
    edit(&dir.join("config.toml"), |t| {
        t.replace("\"vtt\", \"srt\", ", "\"vtt\", ")
    });
    build_at(dir, NOW);
    assert!(!feed(dir).contains("application/x-subrip"));

    // SOURCE_DATE_EPOCH decides lastBuildDate.
    let out = podfeed(dir)
        .env("PODFEED_NOW", NOW)
        .env("SOURCE_DATE_EPOCH", "1723021200")
        .arg("build")
        .assert()
        .success();
    let summary = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(summary.contains("files written"), "{summary}");
}

#[test]
fn a_media_file_outside_the_records_folder_is_watched_too() {
    let site = example_site();
    let dir = site.path();
    let media = dir.join("media-store");
    fs::create_dir_all(&media).unwrap();
    fs::write(media.join("ep.mp3"), vec![0u8; 1000]).unwrap();
    let record = episodes(dir).join(format!("{EPISODE}.toml"));
    edit(&record, |t| {
        t.replace(
            "length = 6800000\n",
            "file = \"../../../media-store/ep.mp3\"\n",
        )
    });
    // The example's chapters run past the end of such a short file: they go.
    fs::remove_file(episodes(dir).join(format!("{EPISODE}.chapters.txt"))).unwrap();
    build_at(dir, NOW);
    assert!(feed(dir).contains("length=\"1000\""));
    assert!(build_at(dir, NOW).starts_with("nothing changed"));
    fs::write(media.join("ep.mp3"), vec![0u8; 2000]).unwrap();
    build_at(dir, NOW);
    assert!(
        feed(dir).contains("length=\"2000\""),
        "the new length is published"
    );
}

#[test]
fn a_scheduled_episode_ends_the_fast_path_when_it_comes_due() {
    let site = example_site();
    let dir = site.path();
    fs::write(
        episodes(dir).join("2026-02-01-later.toml"),
        "title = \"Later\"\npublished = 2026-02-01T09:00:00Z\n\
         [enclosure]\nurl = \"https://podcasts.example.com/good-tech-companies/media/later.mp3\"\n\
         length = 1000\ntype = \"audio/mpeg\"\n",
    )
    .unwrap();
    let first = build_at(dir, NOW);
    assert!(first.contains("1 episode(s) scheduled"), "{first}");
    let still = build_at(dir, "2026-01-15T00:00:00Z");
    assert!(still.starts_with("nothing changed"), "{still}");
    assert!(
        still.contains("next due 2026-02-01"),
        "the held-back episode is still named"
    );
    build_at(dir, "2026-02-02T00:00:00Z");
    assert!(feed(dir).contains("<title>Later</title>"));
}

/// Enough records that they are read in several runs at once (more than two runs' minimum).
const MANY: usize = 600;

#[test]
fn a_rebuild_after_one_change_publishes_what_a_build_from_scratch_publishes() {
    let (site, eps) = cron_site::site(MANY, 1);
    let dir = site.path();
    podfeed_at(dir, LATE).arg("build").assert().success();
    show::write_episode(&eps, MANY / 2, " (changed)", 1, 0).expect("change one episode");
    podfeed_at(dir, LATE).arg("build").assert().success();
    let rebuilt = published(dir);

    let (fresh, fresh_eps) = cron_site::site(MANY, 1);
    show::write_episode(&fresh_eps, MANY / 2, " (changed)", 1, 0).expect("the same change");
    podfeed_at(fresh.path(), LATE)
        .arg("build")
        .assert()
        .success();
    assert_same_published(&rebuilt, &published(fresh.path()), "one episode changed");
    let feed = String::from_utf8_lossy(&rebuilt[Path::new(show::SHOW).join("feed.xml").as_path()])
        .into_owned();
    assert!(feed.contains(&format!("Episode {} (changed)", MANY / 2)));
    // Newest first, every episode once, whichever thread read its record.
    let titles: Vec<&str> = feed
        .match_indices("<item>\n      <title>Episode ")
        .map(|(at, m)| {
            let rest = &feed[at + m.len()..];
            &rest[..rest.find(['<', ' ']).unwrap_or(0)]
        })
        .collect();
    let expected: Vec<String> = (0..MANY).rev().map(|i| i.to_string()).collect();
    assert_eq!(titles, expected);
}

#[test]
fn a_bad_record_among_many_is_named_and_nothing_is_written() {
    let (site, eps) = cron_site::site(MANY, 0);
    let dir = site.path();
    let bad = eps.join(format!("{}.toml", show::slug(MANY - 3)));
    edit(&bad, |t| t.replace("length = ", "length = \"many\" # "));
    let out = podfeed_at(dir, LATE).arg("build").assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&format!("{}.toml", show::slug(MANY - 3))),
        "{stderr}"
    );
    assert!(!dir.join("public").exists(), "nothing written");
}

#[test]
fn a_rebuild_renders_a_transcript_file_deleted_by_hand_and_reads_a_changed_transcript() {
    let (site, eps) = cron_site::site(20, 2);
    let dir = site.path();
    podfeed_at(dir, LATE).arg("build").assert().success();
    let before = published(dir);
    let out = |slug: &str, ext: &str| {
        dir.join("public")
            .join(show::SHOW)
            .join("transcripts")
            .join(format!("{slug}.{ext}"))
    };
    // A rebuild that keeps every other transcript (unparsed) renders the deleted one again.
    let deleted = out(&show::slug(3), "srt");
    fs::remove_file(&deleted).expect("delete a published transcript");
    show::write_episode(&eps, 7, " (changed)", 2, 0).expect("change another episode");
    podfeed_at(dir, LATE).arg("build").assert().success();
    let rel = deleted
        .strip_prefix(dir.join("public"))
        .expect("under public");
    assert_eq!(
        fs::read(&deleted).expect("rendered again"),
        before[rel],
        "the same bytes as first published"
    );
    assert!(
        fs::read_to_string(out(&show::slug(7), "vtt"))
            .expect("the changed episode's transcript")
            .contains("Episode 7 (changed)")
    );
    // A transcript source broken after it was published is read, and refused, not kept.
    let broken = eps.join(format!("{}.vtt", show::slug(5)));
    fs::write(&broken, "not a transcript\n").expect("break a transcript");
    let failed = podfeed_at(dir, LATE).arg("build").assert().code(2);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert!(stderr.contains("record.transcript.invalid"), "{stderr}");
    assert!(
        stderr.contains(&format!("{}.vtt", show::slug(5))),
        "{stderr}"
    );
}
