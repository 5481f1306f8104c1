//! Edge: reads a site's records from disk: `config.toml`, each show folder, episode records and
//! their transcript files. All problems of a run are collected and returned together.

use crate::toml_file::SourceFile;
use std::path::{Path, PathBuf};

use rayon::iter::{IntoParallelIterator as _, ParallelIterator as _};

mod recall;

pub use recall::{Known, load_memo, save_memo, stamp};
use recall::{ReadFrom, Reading, binary_identity, encode_memo, recall};

use super::memo::{Memo, Memoised, Packed, ShowContext, Sources, Stamp};
use super::{
    ChaptersRef, EpisodeRecord, MediaFile, Parsed, TranscriptRef, decode_utf8, media, parse_record,
    parse_show,
};
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
    /// The records' memo for the next build ([`crate::records::memo`]), when a build read them ([`Known`]) and
    /// it differs from the one it was given: to be saved ([`save_memo`]).
    pub memo: Option<Vec<u8>>,
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
    let (bytes, _) = read_record(path, &name).map_err(|d| vec![d])?;
    let text = decode_utf8(&name, &bytes).map_err(|d| vec![d])?;
    Config::parse(&name, text).map_err(|d| vec![d])
}

/// Reads the config and the shows named in `only` (all shows when empty). `known`: what a build
/// knows before reading ([`Known`]); without it, every record is read and every transcript
/// parsed, and no memo is made.
pub fn read_site(
    config_path: &Path,
    only: &[String],
    known: Option<Known<'_>>,
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
    let (mut memo, reading) = match known {
        Some(k) => (
            Some(k.memo),
            Reading {
                kept: Some((k.published, config.build.transcript_formats.as_slice())),
                stamps: k.stamps,
                started: Some(k.started),
            },
        ),
        None => (None, Reading::default()),
    };
    let mut read_from = Vec::new();
    let mut changed = false;
    for id in ids {
        match read_show_and_media(&feeds_dir.join(&id), &id, &config, &reading, memo.as_mut()) {
            Ok(mut read) => {
                shows.push(read.show);
                media_files.append(&mut read.media);
                drafts.append(&mut read.drafts);
                changed |= read.read_from.changed;
                read_from.push(read.read_from);
            }
            Err(mut e) => errs.append(&mut e),
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    // The shows not read (`only`) keep their entries; with every show read, a show's entries
    // left over are those of a show removed.
    let memo = memo
        .filter(|left| changed || (only.is_empty() && !left.is_empty()))
        .zip(binary_identity())
        .and_then(|(left, identity)| {
            let kept = if only.is_empty() {
                Memo::default()
            } else {
                left
            };
            encode_memo(&shows, read_from, kept, &identity)
        });
    Ok(Site {
        config,
        root,
        shows,
        media_files,
        drafts,
        memo,
    })
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
    read_show_and_media(dir, id, config, &Reading::default(), None).map(|read| read.show)
}

/// One show folder as read: the show, the local media files its records name, its drafts, and
/// what its episodes were read from.
struct ReadShow {
    show: Show,
    media: Vec<PathBuf>,
    drafts: Vec<Draft>,
    read_from: ReadFrom,
}

/// [`read_show`], with the local media files its records name, its drafts, and what they were
/// read from; episodes taken from `memo` when their sources hold.
fn read_show_and_media(
    dir: &Path,
    id: &str,
    config: &Config,
    reading: &Reading<'_>,
    memo: Option<&mut Memo>,
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
    let (bytes, _) = read_record(&show_path, &name).map_err(|d| vec![d])?;
    let text = decode_utf8(&name, &bytes).map_err(|d| vec![d])?;
    let feed_url = config.public_url(&format!("{id}/feed.xml"));
    let mut errs = Vec::new();
    let show = parse_show(&SourceFile { name: &name, text }, id, &feed_url)
        .map_err(|mut e| errs.append(&mut e))
        .ok();

    let episodes_dir = dir.join("episodes");
    let context = show.as_ref().map(|s| ShowContext {
        language: s.show.language.clone(),
        show_type: s.show.show_type,
    });
    let mut entries = match (memo, &context) {
        (Some(memo), Some(context)) => memo.take_show(id, context),
        _ => std::collections::BTreeMap::new(),
    };
    let memoised = entries.len();
    let mut records = Vec::new();
    let mut drafts = Vec::new();
    // What the episodes were read from (the context is set once the show is known to be read).
    let (mut memo_episodes, mut memo_drafts, mut changed) = (Vec::new(), Vec::new(), false);
    if episodes_dir.is_dir() {
        let (paths, files) = match list_folder(&episodes_dir) {
            Ok(listing) => listing,
            Err(e) => return Err(vec![io_error(&episodes_dir.display().to_string(), &e)]),
        };
        let show_info = context.as_ref().map(|c| (c.language.as_str(), c.show_type));
        // Each record with its memo's entry, if any.
        let work: Vec<(PathBuf, Option<Packed>)> = paths
            .into_iter()
            .map(|path| {
                let entry = slug_of(&path).and_then(|slug| entries.remove(slug));
                (path, entry)
            })
            .collect();
        // Each record is read and parsed on its own (its transcripts and chapters with it), on
        // every core (`RAYON_NUM_THREADS`); the results come back in the folder's order. On one
        // core, on this thread: what a pool's thread allocates is freed here, into another
        // allocator arena, which costs peak memory (14 MB for 10,000 records).
        // A memo's entry is decoded here, on the pool too; one that does not decode is none.
        let read_one = |(path, entry): (PathBuf, Option<Packed>)| {
            let entry = entry.and_then(|packed| packed.open());
            let held = match entry.map(|e| recall(e, &path, id, show_info, &files, reading)) {
                Some(Ok(read)) => return Ok(read),
                Some(Err(held)) => held,
                None => None,
            };
            let mut read = read_episode(&path, id, show_info, &files, reading)?;
            // Read again only to parse a transcript (its files are to be rendered), and found as
            // the memo holds it: the memo does not change.
            read.same_as_memo = held.is_some_and(|old| {
                read.sources.as_ref() == Some(&old.sources) && read.read.same_as(&old.read)
            });
            Ok(read)
        };
        let read: Vec<_> = if rayon::current_num_threads() > 1 {
            work.into_par_iter().map(read_one).collect()
        } else {
            work.into_iter().map(read_one).collect()
        };
        // The lists at their size at once (grown one push at a time they were copied at each
        // doubling: 1.9 % of a build of 10,000 records from scratch, when they held episodes).
        records.reserve(read.len());
        memo_episodes.reserve(read.len());
        let mut same = 0;
        for one in read {
            match one {
                Ok(r) => {
                    same += usize::from(r.same_as_memo);
                    changed |= !r.same_as_memo && r.sources.is_some();
                    match r.read {
                        Memoised::Episode {
                            episode,
                            guid_offset,
                            media_files,
                        } => {
                            let from = r.sources.map(|s| (s, guid_offset, media_files.clone()));
                            memo_episodes.push(from);
                            records.push(ReadEpisode {
                                episode,
                                guid_offset,
                                media_files,
                            });
                        }
                        Memoised::Draft(reason) => {
                            if let Some(sources) = r.sources {
                                memo_drafts.push((r.slug.clone(), sources, reason));
                            }
                            drafts.push(Draft {
                                show: id.to_owned(),
                                episode: r.slug,
                                reason,
                            });
                        }
                    }
                }
                Err(mut e) => errs.append(&mut e),
            }
        }
        changed |= same < memoised;
    } else {
        changed |= memoised > 0;
    }
    match (show, context) {
        (Some(mut record), Some(context)) if errs.is_empty() => {
            check_unique_guids(&episodes_dir, &records)?;
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
                read_from: ReadFrom {
                    context,
                    episodes: memo_episodes,
                    drafts: memo_drafts,
                    changed,
                },
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
    /// Boxed as read, and moved so into the show's list.
    episode: Box<Episode>,
    /// The byte offset of the `guid` line in the record; 0 when the guid is derived.
    guid_offset: usize,
    /// The local media files the record names.
    media_files: Vec<PathBuf>,
}

/// One episode record as read: an episode or a draft, with what it was read from when it may be
/// memoised.
struct Read {
    /// The record's slug.
    slug: String,
    /// The episode, or the draft's reason.
    read: Memoised<Box<Episode>>,
    sources: Option<Sources>,
    /// Its memo entry is as it was: taken from the memo, or read again to the same.
    same_as_memo: bool,
}

/// The slug of the record at `path`: its file name without `.toml`.
fn slug_of(path: &Path) -> Option<&str> {
    path.file_stem().and_then(|s| s.to_str())
}

/// Reads one episode record and its transcripts (a draft's are not read). `show` is the show's
/// language and type, when `show.toml` could be read.
fn read_episode(
    path: &Path,
    show_id: &str,
    show: Option<(&str, ShowType)>,
    files: &std::collections::BTreeSet<String>,
    reading: &Reading<'_>,
) -> Result<Read, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let show_language = show.map(|(l, _)| l);
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let kept = reading.kept;
    if !is_safe_name(&slug) {
        return Err(vec![unsafe_name(
            &name,
            "episode file name",
            &slug,
            &format!("{show_id}/transcripts/{slug}.vtt"),
        )]);
    }
    let (bytes, record_stamp) = read_record(path, &name).map_err(|d| vec![d])?;
    // Every file read or measured for the episode, with its stamp when read: for the memo.
    let mut read_from = vec![(path.to_path_buf(), record_stamp)];
    let text = decode_utf8(&name, &bytes).map_err(|d| vec![d])?;
    let src = SourceFile { name: &name, text };
    let record = match parse_record(&src, show_id, &slug)? {
        Parsed::Episode(record) => record,
        Parsed::Draft(reason) => {
            return Ok(Read {
                sources: reading.sources(read_from, files, &slug),
                slug,
                read: Memoised::Draft(reason),
                same_as_memo: false,
            });
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
        read_from.push((dir.join(&media.file), measured.stamp));
        episode.enclosure.length = measured.length;
        // A `duration` written in the record wins over the measured one.
        episode.duration = episode.duration.or(measured.duration);
    }
    for (n, media) in alternate_media {
        match measure_media(dir, &media, false, &src) {
            Ok(measured) => {
                read_from.push((dir.join(&media.file), measured.stamp));
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
        Ok(Some((chapters, from))) => {
            read_from.push(from);
            episode.chapters = Some(chapters);
        }
        Ok(None) => {}
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
        let (name, bytes, stamp) = match read_transcript(dir, &r, &src) {
            Ok(read) => read,
            Err(d) => {
                errs.push(d);
                continue;
            }
        };
        read_from.push((dir.join(&r.file), stamp));
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
        Ok(Read {
            sources: reading.sources(read_from, files, &slug),
            slug,
            read: Memoised::Episode {
                episode: Box::new(episode),
                guid_offset: guid_offset.unwrap_or(0),
                media_files,
            },
            same_as_memo: false,
        })
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
    /// The file's stamp when measured.
    stamp: Stamp,
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
    let meta = std::fs::metadata(&path).map_err(unreadable)?;
    let size = meta.len();
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
        stamp: stamp(&meta),
        length: size,
        duration,
    })
}

/// Reads one transcript file named by a record: its path as shown in messages, its bytes and
/// its stamp.
fn read_transcript(
    dir: &Path,
    r: &TranscriptRef,
    src: &SourceFile<'_>,
) -> Result<(String, Vec<u8>, Stamp), Diagnostic> {
    let path = dir.join(&r.file);
    let name = path.display().to_string();
    let limit = transcript::MAX_INPUT_BYTES as u64;
    let (bytes, stamp) = read_limited(&path, limit).map_err(|e| match e {
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
    Ok((name, bytes, stamp))
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

/// Reads, parses and checks one episode's chapters file (SPEC.md §5.1) against its `duration`;
/// with its path and stamp.
fn read_chapters(
    dir: &Path,
    r: &ChaptersRef,
    src: &SourceFile<'_>,
    duration: Option<u64>,
) -> Result<(crate::model::EpisodeChapters, (PathBuf, Stamp)), Vec<Diagnostic>> {
    let path = dir.join(&r.file);
    let name = path.display().to_string();
    let limit = crate::chapters::MAX_INPUT_BYTES as u64;
    let (bytes, stamp) = read_limited(&path, limit).map_err(|e| {
        let message = match e {
            Limited::Io(e) => format!("chapters file {name} cannot be read: {e}"),
            Limited::TooLarge(size) => format!(
                "chapters file {name} is {size} bytes; chapters files over {limit} bytes (5 MiB) are refused"
            ),
        };
        vec![src.error(&crate::rules::records::RECORD_CHAPTERS_MISSING, r.offset, message)]
    })?;
    let text = decode_utf8(&name, &bytes).map_err(|d| vec![d])?;
    let chapters = super::chapters::load(
        &name,
        text,
        r.file.clone(),
        crate::hash::Sha256::of(&bytes),
        duration,
    )?;
    Ok((chapters, (path, stamp)))
}

/// Two episodes with one guid would be one episode to every podcast app (SPEC.md §8.5). The
/// error is at the second record's guid (`dir`: the records' folder).
fn check_unique_guids(dir: &Path, records: &[ReadEpisode]) -> Result<(), Vec<Diagnostic>> {
    // Hashed, not ordered: a message names the records in the folder's order whatever the map.
    let mut by_guid =
        foldhash::HashMap::with_capacity_and_hasher(records.len(), Default::default());
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
                .at(Label::point(
                    dir.join(format!("{}.toml", e.slug)).display().to_string(),
                    r.guid_offset,
                ))
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

/// Reads a file of at most `limit` bytes, with its stamp before the read; a larger one is refused
/// before it is read (by its size) or as soon as it grows past the limit while being read.
fn read_limited(path: &Path, limit: u64) -> Result<(Vec<u8>, Stamp), Limited> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(Limited::Io)?;
    let meta = file.metadata().map_err(Limited::Io)?;
    let size = meta.len();
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
    Ok((bytes, stamp(&meta)))
}

/// Reads a record file (config, show or episode), refusing one over [`MAX_RECORD_BYTES`].
fn read_record(path: &Path, name: &str) -> Result<(Vec<u8>, Stamp), Diagnostic> {
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
