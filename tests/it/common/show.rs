//! A generated site for cron tests and the build benchmark: one show with many episodes, each
//! with a WebVTT transcript, built for every published transcript format.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The show's id (its folder under `feeds/` and under the output folder).
pub const SHOW: &str = "bench-show";

/// Writes `config.toml` and `feeds/bench-show/` into `root`: `episodes` episodes, one an hour from
/// 2024-01-01T00:00:00Z (day 19,723 of the Unix epoch), each with a transcript of `cues` cues
/// (none when `cues` is 0). Returns the episodes folder.
pub fn write_site(root: &Path, episodes: usize, cues: usize) -> std::io::Result<PathBuf> {
    write_site_with_notes(root, episodes, cues, 0)
}

/// [`write_site`] with show notes of about `notes` bytes per episode (a larger feed).
pub fn write_site_with_notes(
    root: &Path,
    episodes: usize,
    cues: usize,
    notes: usize,
) -> std::io::Result<PathBuf> {
    fs::write(
        root.join("config.toml"),
        "base_url = \"https://podcasts.example.com\"\n\
         feeds_dir = \"feeds\"\n\
         output_dir = \"public\"\n\n\
         [build]\n\
         transcript_formats = [\"vtt\", \"srt\", \"json\", \"html\", \"txt\"]\n",
    )?;
    let show = root.join("feeds").join(SHOW);
    let dir = show.join("episodes");
    fs::create_dir_all(&dir)?;
    fs::write(
        show.join("show.toml"),
        "title = \"Bench Show\"\n\
         description = \"A generated show for tests and benchmarks.\"\n\
         link = \"https://podcasts.example.com\"\n\
         language = \"en\"\n\
         author = \"Bench Author\"\n\
         owner = { name = \"Bench Author\", email = \"bench@example.com\" }\n\
         image = \"https://podcasts.example.com/bench-show/cover.jpg\"\n\
         categories = [\"Technology\"]\n\
         explicit = false\n\
         type = \"episodic\"\n",
    )?;
    for i in 0..episodes {
        write_episode(&dir, i, "", cues, notes)?;
    }
    Ok(dir)
}

/// The slug of episode `i`.
pub fn slug(i: usize) -> String {
    format!("ep-{i:05}")
}

/// Writes (or rewrites) episode `i`'s record and transcript (none when `cues` is 0); `variant` is added to its title and
/// to every cue, so a different variant changes both; `notes` pads the show notes to about that
/// many bytes.
pub fn write_episode(
    dir: &Path,
    i: usize,
    variant: &str,
    cues: usize,
    notes: usize,
) -> std::io::Result<()> {
    let padding = "More about the subject of this episode. ".repeat(notes / 40);
    let hours = i64::try_from(i).unwrap_or(i64::MAX);
    let published = (chrono::DateTime::UNIX_EPOCH
        + chrono::Duration::days(19_723)
        + chrono::Duration::hours(hours))
    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let slug = slug(i);
    fs::write(
        dir.join(format!("{slug}.toml")),
        format!(
            "title = \"Episode {i}{variant}\"\n\
             published = {published}\n\
             duration = {dur}\n\
             description = \"\"\"Show notes for *episode {i}*. {padding}\"\"\"\n\n\
             [enclosure]\n\
             url = \"https://podcasts.example.com/bench-show/media/{slug}.mp3\"\n\
             length = {len}\n\
             type = \"audio/mpeg\"\n",
            dur = cues * 5 + 5,
            len = 1_000_000 + i,
        ),
    )?;
    if cues == 0 {
        return Ok(());
    }
    fs::write(
        dir.join(format!("{slug}.vtt")),
        transcript(i, variant, cues),
    )
}

/// A WebVTT transcript of `cues` five-second cues with two speakers.
pub fn transcript(i: usize, variant: &str, cues: usize) -> String {
    let mut s = String::from("WEBVTT\n\n");
    for c in 0..cues {
        let (start, end) = (c * 5, c * 5 + 5);
        let who = if c % 2 == 0 { "Host" } else { "Guest" };
        let _ = write!(
            s,
            "{:02}:{:02}.000 --> {:02}:{:02}.000\n<v {who}>Episode {i}{variant}, line {c}: \
             a sentence of ordinary length about the subject.\n\n",
            start / 60,
            start % 60,
            end / 60,
            end % 60
        );
    }
    s
}
