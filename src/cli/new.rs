//! `podfeed new episode --feed ID "Title"`: writes `feeds/ID/episodes/<date>-<title words>.toml`
//! (the slug as `import` makes it, [`crate::import::slug`]) dated now, with the next episode
//! number, the season and media folder of the show's latest episode, and an `[enclosure]` left to
//! fill in: until then the build holds the record back as a draft. Never overwrites a record.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::NewEpisodeArgs;
use crate::exit::Exit;
use crate::records::read::read_config;

/// What the show's records so far suggest for the next episode.
#[derive(Debug, Default, PartialEq, Eq)]
struct Defaults {
    /// The highest `episode` number written so far.
    last_number: u64,
    /// The latest episode's `season`.
    season: Option<i64>,
    /// The folder of the latest episode's media URL (ending in `/`).
    media_folder: Option<String>,
}

/// Writes the new record, or nothing (exit 2) when the show is unknown or the record exists.
pub fn run(args: &NewEpisodeArgs, now: DateTime<Utc>) -> anyhow::Result<Exit> {
    let config = match read_config(&args.config) {
        Ok(c) => c,
        Err(diagnostics) => {
            let styled = super::ColorArg::default().stderr();
            eprint!("{}", super::render_diagnostics(&diagnostics, styled));
            return Ok(Exit::Usage);
        }
    };
    let root = args.config.parent().unwrap_or(Path::new(""));
    let show_dir = root.join(&config.feeds_dir).join(&args.feed);
    if !show_dir.join("show.toml").is_file() {
        eprintln!(
            "error: no show {:?}: {} does not exist",
            args.feed,
            show_dir.join("show.toml").display()
        );
        return Ok(Exit::Usage);
    }
    let episodes = show_dir.join("episodes");
    let slug = crate::import::slug::slug(now.date_naive(), &args.title);
    let path = episodes.join(format!("{slug}.toml"));
    if path.exists() {
        eprintln!(
            "error: {} already exists; nothing was written (give the episode another title, or edit that record)",
            path.display()
        );
        return Ok(Exit::Usage);
    }
    let defaults = defaults(&records(&episodes));
    std::fs::create_dir_all(&episodes)?;
    crate::site::write_atomic(&path, record(&args.title, now, &slug, &defaults).as_bytes())?;
    super::write_stdout(&format!(
        "created {}: a draft until its [enclosure] is filled in\n",
        path.display()
    ))?;
    Ok(Exit::Ok)
}

/// The show's records that read as TOML (a broken one is the build's to report).
fn records(episodes: &Path) -> Vec<toml::Table> {
    let Ok(entries) = std::fs::read_dir(episodes) else {
        return Vec::new();
    };
    let paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|t| t.parse::<toml::Table>().ok())
        .collect()
}

/// The next episode's defaults from the records so far.
fn defaults(records: &[toml::Table]) -> Defaults {
    let last_number = records
        .iter()
        .filter_map(|r| r.get("episode").and_then(toml::Value::as_integer))
        .filter_map(|n| u64::try_from(n).ok())
        .max()
        .unwrap_or(0);
    let latest = records
        .iter()
        .filter_map(|r| Some((r.get("published")?.as_datetime()?.to_string(), r)))
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, r)| r);
    let season = latest.and_then(|r| r.get("season")?.as_integer());
    let media_folder = latest
        .and_then(|r| r.get("enclosure")?.get("url")?.as_str())
        .and_then(|u| u.rsplit_once('/'))
        .map(|(folder, _)| format!("{folder}/"));
    Defaults {
        last_number,
        season,
        media_folder,
    }
}

/// The new record's text.
fn record(title: &str, now: DateTime<Utc>, slug: &str, d: &Defaults) -> String {
    let quoted = toml::Value::String(title.to_owned()).to_string();
    let season = d
        .season
        .map(|s| format!("season = {s}\n"))
        .unwrap_or_default();
    let folder = d
        .media_folder
        .as_deref()
        .unwrap_or("https://podcasts.example.com/media/");
    format!(
        "title = {quoted}\n\
         # When it is published (RFC 3339 with a zone); a time in the future holds it back until then.\n\
         published = {published}\n\
         # Show notes in Markdown.\n\
         description = \"\"\n\
         {season}episode = {number}\n\
         # duration = \"0:00\"   # the media's length, H:MM:SS\n\n\
         # The media file. Until it is filled in, the build holds this record back as a draft.\n\
         # [enclosure]\n\
         # url = \"{folder}{slug}.mp3\"\n\
         # length = 0        # bytes (or `file = \"…\"`, a local copy to measure)\n\
         # type = \"audio/mpeg\"\n\n\
         # A transcript is {slug}.vtt (or .srt, .json, .txt, .html) beside this file.\n",
        published = now.format("%Y-%m-%dT%H:%M:%SZ"),
        number = d.last_number + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_number_follows_the_highest_and_the_latest_gives_season_and_folder() {
        let records: Vec<toml::Table> = [
            "episode = 7\npublished = 2024-01-01T00:00:00Z\nseason = 1\n[enclosure]\nurl = \"https://a.example/old/x.mp3\"",
            "episode = 3\npublished = 2024-06-01T00:00:00Z\nseason = 2\n[enclosure]\nurl = \"https://a.example/m/y.mp3\"",
            "title = \"no number\"",
        ]
        .iter()
        .map(|t| t.parse().expect("toml"))
        .collect();
        let d = defaults(&records);
        assert_eq!(
            d,
            Defaults {
                last_number: 7,
                season: Some(2),
                media_folder: Some("https://a.example/m/".to_owned()),
            }
        );
        assert_eq!(defaults(&[]).last_number, 0);
    }
}
