//! Edge: reads a site's records from disk: `config.toml`, each show folder, episode records and
//! their transcript files. All problems of a run are collected and returned together.

use crate::toml_file::SourceFile;
use std::path::{Path, PathBuf};

use rayon::iter::{IntoParallelRefIterator as _, ParallelIterator as _};

use super::{
    ChaptersRef, EpisodeRecord, MediaFile, Parsed, TranscriptRef, decode_utf8, media, parse_record,
    parse_show,
};
use crate::build::Published;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Label, Source};
use crate::model::{Draft, Episode, EpisodeTranscript, Show, ShowType};
use crate::transcript::{self, Format};

/// Transcript file extensions looked for beside an episode record, in order of preference.
const TRANSCRIPT_EXTENSIONS: [&str; 5] = ["vtt", "srt", "json", "txt", "html"];

/// The largest record file (`config.toml`, `show.toml`, an episode) read: 1 MiB. Show notes are
/// capped at 4000 bytes (SPEC.md §1.3), so a real record is a few kilobytes; the cap keeps a
/// stray large file from being read whole.
pub const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// A loaded site: its configuration, the folder paths are relative to, and its shows.
#[derive(Debug, Clone)]
pub struct Site {
    /// `config.toml`.
    pub config: Config,
    /// The folder holding `config.toml`; `feeds_dir` and `output_dir` are relative to it.
    pub root: PathBuf,
    /// The shows, sorted by id.
    pub shows: Vec<Show>,
    /// The local media files the records name (`enclosure.file`, alternate enclosures' `file`),
    /// which may lie outside `feeds_dir`: a build's inputs beside the records themselves.
    pub media_files: Vec<PathBuf>,
    /// The records held back as drafts, by show then slug: not in `shows`.
    pub drafts: Vec<Draft>,
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
    let bytes = read_record(path, &name).map_err(|d| vec![d])?;
    let text = decode_utf8(&name, &bytes).map_err(|d| vec![d])?;
    Config::parse(&name, text).map_err(|d| vec![d])
}

/// Reads the config and the shows named in `only` (all shows when empty). `published`: what the
/// output folder holds from earlier builds, for a build; then a transcript whose every published
/// file is current is not parsed ([`crate::build::transcript_outputs_current`]), and its episode holds
/// it unparsed. Without it, every transcript is parsed.
pub fn read_site(
    config_path: &Path,
    only: &[String],
    published: Option<&Published>,
) -> Result<Site, Vec<Diagnostic>> {
    let config = read_config(config_path)?;
    let root = config_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let feeds_dir = root.join(&config.feeds_dir);
    let ids = show_ids(&feeds_dir, only)?;
    let mut shows = Vec::new();
    let mut media_files = Vec::new();
    let mut drafts = Vec::new();
    let mut errs = Vec::new();
    let kept = published.map(|p| (p, config.build.transcript_formats.as_slice()));
    for id in ids {
        match read_show_and_media(&feeds_dir.join(&id), &id, &config, kept) {
            Ok(mut read) => {
                shows.push(read.show);
                media_files.append(&mut read.media);
                drafts.append(&mut read.drafts);
            }
            Err(mut e) => errs.append(&mut e),
        }
    }
    if errs.is_empty() {
        Ok(Site {
            config,
            root,
            shows,
            media_files,
            drafts,
        })
    } else {
        Err(errs)
    }
}

/// The show folders (those holding a `show.toml`) under `feeds_dir`, sorted; or the requested ones.
pub fn show_ids(feeds_dir: &Path, only: &[String]) -> Result<Vec<String>, Vec<Diagnostic>> {
    let name = feeds_dir.display().to_string();
    let entries = std::fs::read_dir(feeds_dir).map_err(|e| vec![io_error(&name, &e)])?;
    let mut ids: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join("show.toml").is_file())
        // Kept even when not UTF-8, so `read_show` reports the name instead of skipping it.
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    if only.is_empty() {
        return Ok(ids);
    }
    let unknown: Vec<Diagnostic> = only
        .iter()
        .filter(|id| !ids.contains(id))
        .map(|id| {
            Diagnostic::new(
                &crate::rules::records::RECORD_SHOW_UNKNOWN,
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

/// Reads one show folder: `show.toml`, `episodes/*.toml` and their transcripts. Drafts are left
/// out.
pub fn read_show(dir: &Path, id: &str, config: &Config) -> Result<Show, Vec<Diagnostic>> {
    read_show_and_media(dir, id, config, None).map(|read| read.show)
}

/// One show folder as read: the show, the local media files its records name, its drafts.
struct ReadShow {
    show: Show,
    media: Vec<PathBuf>,
    drafts: Vec<Draft>,
}

/// What a build published, with the transcript formats it publishes: what lets the reader leave
/// a transcript unparsed (see [`read_site`]).
type Kept<'a> = Option<(&'a Published, &'a [Format])>;

/// [`read_show`], with the local media files its records name and its drafts.
fn read_show_and_media(
    dir: &Path,
    id: &str,
    config: &Config,
    kept: Kept<'_>,
) -> Result<ReadShow, Vec<Diagnostic>> {
    let show_path = dir.join("show.toml");
    let name = show_path.display().to_string();
    if !is_safe_name(id) {
        return Err(vec![unsafe_name(
            &name,
            "show folder",
            id,
            &format!("{id}/feed.xml"),
        )]);
    }
    let bytes = read_record(&show_path, &name).map_err(|d| vec![d])?;
    let text = decode_utf8(&name, &bytes).map_err(|d| vec![d])?;
    let feed_url = config.public_url(&format!("{id}/feed.xml"));
    let mut errs = Vec::new();
    let show = parse_show(&SourceFile { name: &name, text }, id, &feed_url)
        .map_err(|mut e| errs.append(&mut e))
        .ok();

    let episodes_dir = dir.join("episodes");
    let mut records = Vec::new();
    let mut drafts = Vec::new();
    if episodes_dir.is_dir() {
        let (paths, files) = match list_folder(&episodes_dir) {
            Ok(listing) => listing,
            Err(e) => return Err(vec![io_error(&episodes_dir.display().to_string(), &e)]),
        };
        let show_info = show
            .as_ref()
            .map(|s| (s.show.language.as_str(), s.show.show_type));
        // Each record is read and parsed on its own (its transcripts and chapters with it), on
        // every core (`RAYON_NUM_THREADS`); the results come back in the folder's order. On one
        // core, on this thread: what a pool's thread allocates is freed here, into another
        // allocator arena, which costs peak memory (14 MB for 10,000 records).
        let read_one = |path: &PathBuf| read_episode(path, id, show_info, &files, kept);
        let read: Vec<_> = if rayon::current_num_threads() > 1 {
            paths.par_iter().map(read_one).collect()
        } else {
            paths.iter().map(read_one).collect()
        };
        for one in read {
            match one {
                Ok(Read::Episode(r)) => records.push(*r),
                Ok(Read::Draft(d)) => drafts.push(d),
                Err(mut e) => errs.append(&mut e),
            }
        }
    }
    match show {
        Some(mut record) if errs.is_empty() => {
            check_unique_guids(&records)?;
            let media = records
                .iter_mut()
                .flat_map(|r| std::mem::take(&mut r.media_files))
                .collect();
            record.show.episodes = records.into_iter().map(|r| r.episode).collect();
            // The show's measurement prefix, else the site's.
            if record.show.enclosure_prefix.is_none() {
                record.show.enclosure_prefix = config.build.enclosure_prefix.clone();
            }
            let default_limit = config.build.max_items.map(std::num::NonZeroUsize::get);
            record.show.show_tags.max_items = record.show.show_tags.max_items.or(default_limit);
            Ok(ReadShow {
                show: record.show,
                media,
                drafts,
            })
        }
        _ => Err(errs),
    }
}

/// The episodes folder: its `*.toml` paths, sorted, and the names of its regular files (following
/// symbolic links). One listing answers both "which records are there" and "which transcript
/// sits beside each", instead of a `stat` for each candidate name (five per episode). File names
/// that are not UTF-8 are left out of the second: no transcript name podfeed looks for is one.
fn list_folder(dir: &Path) -> std::io::Result<(Vec<PathBuf>, std::collections::BTreeSet<String>)> {
    let mut records = Vec::new();
    let mut files = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir)? {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "toml") {
            records.push(path.clone());
        }
        // The entry's type needs no `stat` on most file systems; a link is followed, as
        // `Path::is_file` does.
        let is_file = match entry.file_type() {
            Ok(t) if !t.is_symlink() => t.is_file(),
            _ => path.is_file(),
        };
        if is_file && let Ok(name) = entry.file_name().into_string() {
            files.insert(name);
        }
    }
    records.sort();
    Ok((records, files))
}

/// An episode read from its record, with where its guid is written (for a duplicate's message).
struct ReadEpisode {
    episode: Episode,
    /// The `guid` line, or the record's first line when the guid is derived.
    guid_at: Label,
    /// The local media files the record names.
    media_files: Vec<PathBuf>,
}

/// One episode record as read: an episode with its files, or a draft held back.
enum Read {
    Episode(Box<ReadEpisode>),
    Draft(Draft),
}

/// Reads one episode record and its transcripts (a draft's are not read). `show` is the show's
/// language and type, when `show.toml` could be read.
fn read_episode(
    path: &Path,
    show_id: &str,
    show: Option<(&str, ShowType)>,
    files: &std::collections::BTreeSet<String>,
    kept: Kept<'_>,
) -> Result<Read, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let show_language = show.map(|(l, _)| l);
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_safe_name(&slug) {
        return Err(vec![unsafe_name(
            &name,
            "episode file name",
            &slug,
            &format!("{show_id}/transcripts/{slug}.vtt"),
        )]);
    }
    let bytes = read_record(path, &name).map_err(|d| vec![d])?;
    let text = decode_utf8(&name, &bytes).map_err(|d| vec![d])?;
    let src = SourceFile { name: &name, text };
    let record = match parse_record(&src, show_id, &slug)? {
        Parsed::Episode(record) => record,
        Parsed::Draft(reason) => {
            return Ok(Read::Draft(Draft {
                show: show_id.to_owned(),
                episode: slug,
                reason,
            }));
        }
    };
    let EpisodeRecord {
        mut episode,
        transcripts,
        media,
        guid_offset,
        alternate_media,
        chapters,
    } = *record;
    let mut errs = Vec::new();
    // SPEC.md §1.2: in a serial show every item needs `itunes:episode`, which apps order by.
    if let Some((_, ShowType::Serial)) = show
        && episode.episode.is_none()
    {
        errs.push(
            src.error(
                &crate::rules::records::RECORD_SERIAL_EPISODE,
                0,
                "the show is serial (`type = \"serial\"` in show.toml) but this episode has no `episode` number",
            )
            .help("add `episode = N`: apps list a serial show's episodes by their numbers"),
        );
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    let media_files: Vec<PathBuf> = media
        .iter()
        .chain(alternate_media.iter().map(|(_, m)| m))
        .map(|m| dir.join(&m.file))
        .collect();
    if let Some(media) = media {
        let measured =
            measure_media(dir, &media, episode.duration.is_none(), &src).map_err(|d| vec![d])?;
        episode.enclosure.length = measured.length;
        // A `duration` written in the record wins over the measured one.
        episode.duration = episode.duration.or(measured.duration);
    }
    for (n, media) in alternate_media {
        match measure_media(dir, &media, false, &src) {
            Ok(measured) => {
                if let Some(alt) = episode.alternate_enclosures.get_mut(n) {
                    alt.length = Some(measured.length);
                }
            }
            Err(d) => errs.push(d),
        }
    }
    // Chapters (issue 12, item 1): checked against the duration, so after it is measured.
    let found = match chapters {
        Some(r) => Ok(Some(r)),
        None => super::chapters::beside(files, &slug, &name, dir).map_err(|d| vec![d]),
    };
    match found.and_then(|r| {
        r.map(|r| read_chapters(dir, &r, &src, episode.duration))
            .transpose()
    }) {
        Ok(c) => episode.chapters = c,
        Err(mut e) => errs.append(&mut e),
    }
    let refs = match transcripts {
        Some(refs) => refs,
        None => find_transcript(dir, files, &slug, &src)?
            .into_iter()
            .collect(),
    };
    let mut seen = std::collections::BTreeMap::new();
    for r in refs {
        let language = r
            .language
            .clone()
            .filter(|l| Some(l.as_str()) != show_language);
        // Checked before reading, so the message points at the second entry for the language.
        if let Some(first) = seen.insert(language.clone(), r.file.clone()) {
            errs.push(src.error(
                &crate::rules::records::RECORD_TRANSCRIPT_DUPLICATE,
                r.offset,
                format!(
                    "two transcripts in the same language ({}): {} after {first}; one transcript per language is published",
                    language.as_deref().or(show_language).unwrap_or("the show's language"),
                    r.file,
                ),
            ).help("give each transcript its own `language`, or list only one"));
            continue;
        }
        let (name, bytes) = match read_transcript(dir, &r, &src) {
            Ok(read) => read,
            Err(d) => {
                errs.push(d);
                continue;
            }
        };
        let mut t = EpisodeTranscript {
            language,
            source: r.file,
            source_sha256: crate::hash::Sha256::of(&bytes),
            transcript: None,
        };
        let current = match (kept, show_language) {
            (Some((published, formats)), Some(language)) => {
                let show = (show_id, language);
                crate::build::transcript_outputs_current(published, formats, show, &episode, &t)
            }
            _ => false,
        };
        if !current {
            match parse_transcript(&name, &bytes) {
                Ok(parsed) => t.transcript = Some(parsed),
                Err(d) => {
                    errs.push(d);
                    continue;
                }
            }
        }
        episode.transcripts.push(t);
    }
    if errs.is_empty() {
        Ok(Read::Episode(Box::new(ReadEpisode {
            episode,
            guid_at: src.location(guid_offset.unwrap_or(0)),
            media_files,
        })))
    } else {
        Err(errs)
    }
}

/// Whether a show folder or record file stem is safe to put in a URL as it is: ASCII letters,
/// digits, `-`, `_` and `.`, starting with a letter or digit. Anything else (`#`, `?`, `%`,
/// spaces) would change the URL's meaning or need encoding that apps do not all undo alike.
pub fn is_safe_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The error for a show folder or record file name that cannot go in a URL as it is.
fn unsafe_name(file: &str, what: &str, name: &str, example: &str) -> Diagnostic {
    Diagnostic::new(&crate::rules::records::RECORD_SLUG,
        format!(
            "the {what} {name:?} is used in published URLs (such as {example}); it may hold only ASCII letters, digits, `-`, `_` and `.`, and must start with a letter or digit"
        ),
    )
    .at(Label::point(file.to_owned(), 0))
    .help("rename it, for example with `-` in place of spaces and other signs")
}

/// The transcript beside a record with the same stem (`<slug>.vtt`, `<slug>.txt`…), if any.
/// `files` lists the regular files of `dir` ([`list_files`]).
fn find_transcript(
    dir: &Path,
    files: &std::collections::BTreeSet<String>,
    slug: &str,
    src: &SourceFile<'_>,
) -> Result<Option<TranscriptRef>, Vec<Diagnostic>> {
    let found = super::named_beside(files, slug, &TRANSCRIPT_EXTENSIONS);
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(TranscriptRef {
            file: one.clone(),
            language: None,
            offset: 0,
        })),
        // Located at the second file: the one that makes the choice ambiguous.
        [_, second, ..] => Err(vec![
            Diagnostic::new(
                &crate::rules::records::RECORD_TRANSCRIPT_AMBIGUOUS,
                format!(
                    "several transcript files share the name of episode {}: {}",
                    src.name,
                    found.join(", ")
                ),
            )
            .at(Label::point(dir.join(second).display().to_string(), 0))
            .help(format!(
                "list the ones to publish, with their language, under [[transcripts]] in {}",
                src.name
            )),
        ]),
    }
}

/// What is measured from an enclosure's local media file.
struct Measured {
    /// The file's size in bytes.
    length: u64,
    /// Its playing time in seconds, when asked for and its headers tell it.
    duration: Option<u64>,
}

/// Measures an enclosure's local media file: its size (a length also written in the record must
/// match it) and, when `want_duration`, its duration from the headers ([`media::duration_secs`]).
/// A file whose format is not recognised simply has no duration: nothing is reported, since it
/// may be a valid file of a kind not read here, and `itunes:duration` is optional.
fn measure_media(
    dir: &Path,
    media: &MediaFile,
    want_duration: bool,
    src: &SourceFile<'_>,
) -> Result<Measured, Diagnostic> {
    let path = dir.join(&media.file);
    let unreadable = |e: std::io::Error| {
        src.error(
            &crate::rules::records::RECORD_MEDIA_MISSING,
            media.offset,
            format!("media file {} cannot be read: {e}", path.display()),
        )
    };
    let size = std::fs::metadata(&path).map_err(unreadable)?.len();
    if let Some(stated) = media.stated_length
        && stated != size
    {
        return Err(src
            .error(
                &crate::rules::records::RECORD_MEDIA_LENGTH,
                media.offset,
                format!(
                    "`{}.length` is {stated} but {} is {size} bytes",
                    media.field,
                    path.display()
                ),
            )
            .help("leave `length` out to have it measured from the file"));
    }
    let duration = if want_duration {
        let file = std::fs::File::open(&path).map_err(unreadable)?;
        // Buffered: the header reads are small, and seeks past large boxes drop the buffer.
        media::duration_secs(&mut std::io::BufReader::new(file))
    } else {
        None
    };
    Ok(Measured {
        length: size,
        duration,
    })
}

/// Reads one transcript file named by a record: its path as shown in messages, and its bytes.
fn read_transcript(
    dir: &Path,
    r: &TranscriptRef,
    src: &SourceFile<'_>,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let path = dir.join(&r.file);
    let name = path.display().to_string();
    let limit = transcript::MAX_INPUT_BYTES as u64;
    let bytes = read_limited(&path, limit).map_err(|e| match e {
        Limited::Io(e) => src.error(
            &crate::rules::records::RECORD_TRANSCRIPT_MISSING,
            r.offset,
            format!("transcript {name} cannot be read: {e}"),
        ),
        Limited::TooLarge(size) => src
            .error(
                &crate::rules::records::RECORD_TRANSCRIPT_TOO_LARGE,
                r.offset,
                format!(
                    "transcript {name} is {size} bytes; transcripts over {limit} bytes (50 MB) are refused"
                ),
            )
            .help("a 3-hour episode's WebVTT is under 1 MB: is this the right file?"),
    })?;
    Ok((name, bytes))
}

/// Parses the transcript file `name` read as `bytes`, in the format its name says.
fn parse_transcript(name: &str, bytes: &[u8]) -> Result<transcript::Transcript, Diagnostic> {
    let text = decode_utf8(name, bytes)?;
    let format: Option<Format> = None;
    transcript::read(name, text.as_bytes(), format).map_err(|e| {
        Diagnostic::new(
            &crate::rules::records::RECORD_TRANSCRIPT_INVALID,
            format!("transcript is not valid: {}", e.message),
        )
        .at(Label::point(
            name.to_owned(),
            Source::new(text.to_owned()).offset_of(e.line, e.column.unwrap_or(1)),
        ))
    })
}

/// Reads, parses and checks one episode's chapters file (SPEC.md §5.1) against its `duration`.
fn read_chapters(
    dir: &Path,
    r: &ChaptersRef,
    src: &SourceFile<'_>,
    duration: Option<u64>,
) -> Result<crate::model::EpisodeChapters, Vec<Diagnostic>> {
    let path = dir.join(&r.file);
    let name = path.display().to_string();
    let limit = crate::chapters::MAX_INPUT_BYTES as u64;
    let bytes = read_limited(&path, limit).map_err(|e| {
        let message = match e {
            Limited::Io(e) => format!("chapters file {name} cannot be read: {e}"),
            Limited::TooLarge(size) => format!(
                "chapters file {name} is {size} bytes; chapters files over {limit} bytes (5 MiB) are refused"
            ),
        };
        vec![src.error(&crate::rules::records::RECORD_CHAPTERS_MISSING, r.offset, message)]
    })?;
    let text = decode_utf8(&name, &bytes).map_err(|d| vec![d])?;
    super::chapters::load(
        &name,
        text,
        r.file.clone(),
        crate::hash::Sha256::of(&bytes),
        duration,
    )
}

/// Two episodes with one guid would be one episode to every podcast app (SPEC.md §8.5). The
/// error is at the second record's guid.
fn check_unique_guids(records: &[ReadEpisode]) -> Result<(), Vec<Diagnostic>> {
    let mut by_guid = std::collections::BTreeMap::new();
    let mut errs = Vec::new();
    for r in records {
        let e = &r.episode;
        if let Some(other) = by_guid.insert(e.guid.as_str(), e.slug.as_str()) {
            errs.push(
                Diagnostic::new(
                    &crate::rules::records::RECORD_GUID_DUPLICATE,
                    format!(
                        "episodes {other:?} and {:?} have the same guid {:?}",
                        e.slug, e.guid
                    ),
                )
                .at(r.guid_at.clone())
                .episode(e.slug.clone())
                .help("a guid never changes once published: give the newer episode its own"),
            );
        }
    }
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

/// Why [`read_limited`] gave no bytes.
enum Limited {
    Io(std::io::Error),
    /// The file's size (at least), over the limit.
    TooLarge(u64),
}

/// Reads a file of at most `limit` bytes; a larger one is refused before it is read (by its
/// size) or as soon as it grows past the limit while being read.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Limited> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(Limited::Io)?;
    let size = file.metadata().map_err(Limited::Io)?.len();
    if size > limit {
        return Err(Limited::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Limited::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Limited::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a record file (config, show or episode), refusing one over [`MAX_RECORD_BYTES`].
fn read_record(path: &Path, name: &str) -> Result<Vec<u8>, Diagnostic> {
    read_limited(path, MAX_RECORD_BYTES).map_err(|e| match e {
        Limited::Io(e) => io_error(name, &e),
        Limited::TooLarge(size) => Diagnostic::new(
            &crate::rules::records::RECORD_TOO_LARGE,
            format!(
                "{name} is {size} bytes; records over {MAX_RECORD_BYTES} bytes (1 MiB) are refused"
            ),
        )
        .at(Label::point(name.to_owned(), 0)),
    })
}

fn io_error(name: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(&crate::rules::records::RECORD_IO, format!("{name}: {e}"))
        .at(Label::point(name.to_owned(), 0))
}
