//! `podfeed build` with an episode whose record names a local media file and no `duration`:
//! the duration is measured from the file's headers (MP3 and M4A, generated here) and published
//! as `itunes:duration`; a `duration` in the record wins; a file not understood gives none.

#![expect(
    clippy::unwrap_used,
    reason = "a failed setup step should stop the test loudly"
)]

use crate::common::site;

use std::fs;
use std::path::Path;

use site::{EPISODE, built_channel, edit, episodes, example_site, podfeed};

/// The example episode's record, with its enclosure pointing at `media/<name>` and, when
/// `duration` is `None`, no `duration` line. The episode's chapters go: they run to 6:50, past
/// the end of these short files, which the build would rightly refuse.
fn use_media_file(site: &Path, name: &str, bytes: &[u8], duration: Option<&str>) {
    let dir = episodes(site);
    fs::remove_file(dir.join(format!("{EPISODE}.chapters.txt"))).unwrap();
    fs::create_dir_all(dir.join("media")).unwrap();
    fs::write(dir.join("media").join(name), bytes).unwrap();
    edit(&dir.join(format!("{EPISODE}.toml")), |t| {
        assert!(t.contains("duration = \"7:05\"\n") && t.contains("length = 6800000\n"));
        let t = t.replace(
            "duration = \"7:05\"\n",
            &duration.map_or(String::new(), |d| format!("duration = {d}\n")),
        );
        t.replace(
            "length = 6800000\ntype = \"audio/mpeg\"\n",
            &format!("file = \"media/{name}\"\n"),
        )
    });
}

/// Builds the site and returns the one episode's `itunes:duration`, if any.
fn built_duration(site: &Path) -> Option<String> {
    podfeed(site).arg("build").assert().success();
    let channel = built_channel(site);
    let item = channel.items.first().unwrap();
    item.itunes_ext().and_then(|e| e.duration.clone())
}

/// An MPEG-1 layer 3 frame header: 128 kbit/s, 44.1 kHz, joint stereo, no padding, so every
/// frame is 144 * 128000 / 44100 = 417 bytes and decodes to 1152 samples.
const FRAME: [u8; 4] = [0xFF, 0xFB, 0x90, 0x44];
const FRAME_LEN: usize = 417;

/// `n` silent constant-bitrate frames.
fn frames(n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n * FRAME_LEN);
    for _ in 0..n {
        let start = out.len();
        out.extend_from_slice(&FRAME);
        out.resize(start + FRAME_LEN, 0);
    }
    out
}

/// An ID3v2.4 tag with a body of `len` bytes (below 128: one syncsafe byte suffices).
fn id3v2(len: u8) -> Vec<u8> {
    let mut tag = b"ID3\x04\x00\x00\x00\x00\x00".to_vec();
    tag.push(len);
    tag.resize(10 + usize::from(len), 0);
    tag
}

/// An MP3 whose first frame carries a Xing header (LAME's layout: after the 32 bytes of
/// MPEG-1 stereo side information) stating `count` frames, followed by a few real frames.
fn xing_mp3(count: u32) -> Vec<u8> {
    let mut file = id3v2(100);
    let mut first = frames(1);
    first[4 + 32..4 + 36].copy_from_slice(b"Xing");
    first[4 + 36..4 + 40].copy_from_slice(&1u32.to_be_bytes()); // flags: frame count present
    first[4 + 40..4 + 44].copy_from_slice(&count.to_be_bytes());
    file.extend(first);
    file.extend(frames(10));
    file
}

/// One ISO BMFF box.
fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut b = u32::try_from(8 + body.len())
        .unwrap()
        .to_be_bytes()
        .to_vec();
    b.extend_from_slice(kind);
    b.extend_from_slice(body);
    b
}

/// A minimal M4A: `ftyp`, an `mdat` of `mdat_len` bytes, then `moov` holding a version 0 `mvhd`
/// with the given timescale and duration (the layout of ISO/IEC 14496-12 §8.2.2).
fn m4a(timescale: u32, duration: u32, mdat_len: usize) -> Vec<u8> {
    let mut file = mp4_box(b"ftyp", b"M4A \0\0\0\0M4A isom");
    file.extend(mp4_box(b"mdat", &vec![0u8; mdat_len]));
    let mut mvhd = vec![0u8; 100];
    mvhd[12..16].copy_from_slice(&timescale.to_be_bytes());
    mvhd[16..20].copy_from_slice(&duration.to_be_bytes());
    let udta = mp4_box(b"udta", b"");
    let mut moov_body = udta;
    moov_body.extend(mp4_box(b"mvhd", &mvhd));
    file.extend(mp4_box(b"moov", &moov_body));
    file
}

#[test]
fn an_mp3_with_a_xing_header_gets_its_duration_from_the_frame_count() {
    let site = example_site();
    // 3445 frames * 1152 samples / 44100 Hz = 89.99 s, published as 90.
    use_media_file(site.path(), "episode.mp3", &xing_mp3(3445), None);
    assert_eq!(built_duration(site.path()).as_deref(), Some("90"));
}

#[test]
fn a_constant_bitrate_mp3_gets_its_duration_from_its_size() {
    let site = example_site();
    // 2000 frames of 417 bytes at 128 kbit/s: 834000 * 8 / 128000 = 52.1 s.
    let mut file = id3v2(50);
    file.extend(frames(2000));
    use_media_file(site.path(), "episode.mp3", &file, None);
    assert_eq!(built_duration(site.path()).as_deref(), Some("52"));
}

#[test]
fn an_m4a_gets_its_duration_from_mvhd_even_after_the_media_data() {
    let site = example_site();
    // 1:02:03 at a 44.1 kHz timescale; `moov` after 3 MB of media data is found by seeking.
    use_media_file(
        site.path(),
        "episode.m4a",
        &m4a(44_100, 3723 * 44_100, 3 << 20),
        None,
    );
    assert_eq!(built_duration(site.path()).as_deref(), Some("3723"));
}

#[test]
fn a_duration_in_the_record_wins_over_the_file() {
    let site = example_site();
    use_media_file(
        site.path(),
        "episode.mp3",
        &xing_mp3(3445),
        Some("\"7:05\""),
    );
    assert_eq!(built_duration(site.path()).as_deref(), Some("425"));
}

#[test]
fn a_file_that_is_not_understood_gives_no_duration_and_no_error() {
    let site = example_site();
    let garbage: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
    use_media_file(site.path(), "episode.mp3", &garbage, None);
    let out = podfeed(site.path()).arg("build").assert().success();
    assert!(out.get_output().stderr.is_empty());
    let channel = built_channel(site.path());
    let item = &channel.items[0];
    assert_eq!(item.itunes_ext().and_then(|e| e.duration.clone()), None);
    // The length is still measured.
    assert_eq!(item.enclosure.as_ref().unwrap().length, "50000");
}
