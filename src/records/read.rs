//! Edge: reads a site's records from disk: `config.toml`, each show folder, episode records and
//! their transcript files. All problems of a run are collected and returned together.

use std::path::{Path, PathBuf};

use super::{
    EpisodeRecord, MediaFile, SourceFile, TranscriptRef, decode_utf8, parse_episode, parse_show,
};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};
use crate::model::{EpisodeTranscript, Show};
use crate::transcript::{self, Format};

/// Transcript file extensions looked for beside an episode record, in order of preference.
const TRANSCRIPT_EXTENSIONS: [&str; 5] = ["vtt", "srt", "json", "txt", "html"];

/// A loaded site: its configuration, the folder paths are relative to, and its shows.
#[derive(Debug, Clone)]
pub struct Site {
    /// `config.toml`.
    pub config: Config,
    /// The folder holding `config.toml`; `feeds_dir` and `output_dir` are relative to it.
    pub root: PathBuf,
    /// The shows, sorted by id.
    pub shows: Vec<Show>,
}

impl Site {
    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.output_dir)
    }
}

/// Reads `config.toml` at `path`.
pub fn read_config(path: &Path) -> Result<Config, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| vec![io_error(&name, &e)])?;
    let text = decode_utf8(&name, &bytes).map_err(|d| vec![d])?;
    Config::parse(&name, text).map_err(|d| vec![d])
}

/// Reads the config and the shows named in `only` (all shows when empty).
pub fn read_site(config_path: &Path, only: &[String]) -> Result<Site, Vec<Diagnostic>> {
    let config = read_config(config_path)?;
    let root = config_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let feeds_dir = root.join(&config.feeds_dir);
    let ids = show_ids(&feeds_dir, only)?;
    let mut shows = Vec::new();
    let mut errs = Vec::new();
    for id in ids {
        match read_show(&feeds_dir.join(&id), &id, &config) {
            Ok(show) => shows.push(show),
            Err(mut e) => errs.append(&mut e),
        }
    }
    if errs.is_empty() {
        Ok(Site {
            config,
            root,
            shows,
        })
    } else {
        Err(errs)
    }
}

/// The show folders (those holding a `show.toml`) under `feeds_dir`, sorted; or the requested ones.
fn show_ids(feeds_dir: &Path, only: &[String]) -> Result<Vec<String>, Vec<Diagnostic>> {
    let name = feeds_dir.display().to_string();
    let entries = std::fs::read_dir(feeds_dir).map_err(|e| vec![io_error(&name, &e)])?;
    let mut ids: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join("show.toml").is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    ids.sort();
    if only.is_empty() {
        return Ok(ids);
    }
    let unknown: Vec<Diagnostic> = only
        .iter()
        .filter(|id| !ids.contains(id))
        .map(|id| {
            Diagnostic::error(
                "record.show.unknown",
                format!("no show {id:?} in {name} (no {name}/{id}/show.toml)"),
            )
            .help(format!("shows found: {}", ids.join(", ")))
        })
        .collect();
    if unknown.is_empty() {
        Ok(only.to_vec())
    } else {
        Err(unknown)
    }
}

/// Reads one show folder: `show.toml`, `episodes/*.toml` and their transcripts.
pub fn read_show(dir: &Path, id: &str, config: &Config) -> Result<Show, Vec<Diagnostic>> {
    let show_path = dir.join("show.toml");
    let name = show_path.display().to_string();
    let bytes = std::fs::read(&show_path).map_err(|e| vec![io_error(&name, &e)])?;
    let text = decode_utf8(&name, &bytes).map_err(|d| vec![d])?;
    let feed_url = config.public_url(&format!("{id}/feed.xml"));
    let mut errs = Vec::new();
    let show = parse_show(&SourceFile { name: &name, text }, id, &feed_url)
        .map_err(|mut e| errs.append(&mut e))
        .ok();

    let episodes_dir = dir.join("episodes");
    let mut records = Vec::new();
    if episodes_dir.is_dir() {
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(&episodes_dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect(),
            Err(e) => return Err(vec![io_error(&episodes_dir.display().to_string(), &e)]),
        };
        paths.sort();
        for path in paths {
            match read_episode(&path, id, show.as_ref().map(|s| s.show.language.as_str())) {
                Ok(r) => records.push(r),
                Err(mut e) => errs.append(&mut e),
            }
        }
    }
    match show {
        Some(mut record) if errs.is_empty() => {
            record.show.episodes = records;
            check_unique_guids(&record.show)?;
            Ok(record.show)
        }
        _ => Err(errs),
    }
}

/// Reads one episode record and its transcripts.
fn read_episode(
    path: &Path,
    show_id: &str,
    show_language: Option<&str>,
) -> Result<crate::model::Episode, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| vec![io_error(&name, &e)])?;
    let text = decode_utf8(&name, &bytes).map_err(|d| vec![d])?;
    let src = SourceFile { name: &name, text };
    let EpisodeRecord {
        mut episode,
        transcripts,
        media,
    } = parse_episode(&src, show_id, &slug)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    if let Some(media) = media {
        episode.enclosure.length = measure_media(dir, &media, &src).map_err(|d| vec![d])?;
    }
    let refs = match transcripts {
        Some(refs) => refs,
        None => find_transcript(dir, &slug, &src)?.into_iter().collect(),
    };
    let mut errs = Vec::new();
    for r in refs {
        match read_transcript(dir, &r, &src) {
            Ok(t) => {
                let language = r.language.filter(|l| Some(l.as_str()) != show_language);
                episode.transcripts.push(EpisodeTranscript {
                    language,
                    source: r.file,
                    transcript: t,
                });
            }
            Err(d) => errs.push(d),
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for t in &episode.transcripts {
        if !seen.insert(t.language.clone()) {
            errs.push(src.error(
                "record.transcript.duplicate",
                0,
                format!(
                    "two transcripts in the same language ({}): one per language is published",
                    t.language.as_deref().or(show_language).unwrap_or("show language")
                ),
            ));
        }
    }
    if errs.is_empty() {
        Ok(episode)
    } else {
        Err(errs)
    }
}

/// The transcript beside a record with the same stem (`<slug>.vtt`, `<slug>.txt`…), if any.
fn find_transcript(
    dir: &Path,
    slug: &str,
    src: &SourceFile<'_>,
) -> Result<Option<TranscriptRef>, Vec<Diagnostic>> {
    let found: Vec<String> = TRANSCRIPT_EXTENSIONS
        .iter()
        .map(|ext| format!("{slug}.{ext}"))
        .filter(|f| dir.join(f).is_file())
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(TranscriptRef {
            file: one.clone(),
            language: None,
            offset: 0,
        })),
        many => Err(vec![
            src.error(
                "record.transcript.ambiguous",
                0,
                format!(
                    "several transcript files share this episode's name: {}",
                    many.join(", ")
                ),
            )
            .help("list the ones to publish, with their language, under [[transcripts]]"),
        ]),
    }
}

/// The size of an enclosure's local media file; a length also written in the record must match it.
fn measure_media(dir: &Path, media: &MediaFile, src: &SourceFile<'_>) -> Result<u64, Diagnostic> {
    let path = dir.join(&media.file);
    let size = std::fs::metadata(&path)
        .map_err(|e| {
            src.error(
                "record.media.missing",
                media.offset,
                format!("media file {} cannot be read: {e}", path.display()),
            )
        })?
        .len();
    match media.stated_length {
        Some(stated) if stated != size => Err(src
            .error(
                "record.media.length",
                media.offset,
                format!(
                    "`enclosure.length` is {stated} but {} is {size} bytes",
                    path.display()
                ),
            )
            .help("leave `length` out to have it measured from the file")),
        _ => Ok(size),
    }
}

/// Reads and parses one transcript file named by a record.
fn read_transcript(
    dir: &Path,
    r: &TranscriptRef,
    src: &SourceFile<'_>,
) -> Result<transcript::Transcript, Diagnostic> {
    let path = dir.join(&r.file);
    let name = path.display().to_string();
    let bytes = std::fs::read(&path).map_err(|e| {
        src.error(
            "record.transcript.missing",
            r.offset,
            format!("transcript {name} cannot be read: {e}"),
        )
    })?;
    let text = decode_utf8(&name, &bytes)?;
    let format: Option<Format> = None;
    transcript::read(&name, text.as_bytes(), format).map_err(|e| {
        Diagnostic::error(
            "record.transcript.invalid",
            format!("transcript is not valid: {}", e.message),
        )
        .at(Location {
            file: name.clone(),
            line: e.line,
            column: e.column.unwrap_or(1),
        })
    })
}

/// Two episodes with one guid would be one episode to every podcast app (SPEC.md §8.5).
fn check_unique_guids(show: &Show) -> Result<(), Vec<Diagnostic>> {
    let mut by_guid = std::collections::BTreeMap::new();
    let mut errs = Vec::new();
    for e in &show.episodes {
        if let Some(other) = by_guid.insert(e.guid.as_str(), e.slug.as_str()) {
            errs.push(
                Diagnostic::error(
                    "record.guid.duplicate",
                    format!(
                        "episodes {other:?} and {:?} have the same guid {:?}",
                        e.slug, e.guid
                    ),
                )
                .episode(e.slug.clone()),
            );
        }
    }
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

fn io_error(name: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("record.io", format!("{name}: {e}")).at(Location {
        file: name.to_owned(),
        line: 1,
        column: 1,
    })
}
