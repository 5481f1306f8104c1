//! The reader's side of the records' memo ([`crate::records::memo`]): what a build knows before
//! it reads ([`Known`]), the memo loaded and saved beside the config, an episode taken from it
//! when its sources hold ([`recall`]), and what each show was read from, for the next memo.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Read, slug_of};
use crate::build::Published;
use crate::model::{Episode, Show, ShowType};
use crate::records::memo::{
    self, Entry, Memo, Memoised, Packed, ShowContext, ShowMemo, Sources, Stamp, Stamps,
};
use crate::transcript::Format;

/// What a build knows before it reads the records, which lets the reader skip work.
pub struct Known<'a> {
    /// What earlier builds published: a transcript whose every published file is current is not
    /// parsed ([`crate::build::transcript_outputs_current`]), and its episode holds it unparsed.
    pub published: &'a Published,
    /// The records as an earlier build read them ([`load_memo`]): an episode none of whose files
    /// changed is taken from it.
    pub memo: Memo,
    /// The files' stamps as this build saw them before reading (the fingerprint's walk); a file
    /// the walk did not see is looked at when needed.
    pub stamps: Option<&'a dyn Stamps>,
    /// When the reading began, in seconds since the epoch: a file modified shortly before is not
    /// memoised ([`memo::SETTLE_SECS`]).
    pub started: i64,
}

/// Reads the records' memo of the site whose config is at `config_path`; an empty memo when there
/// is none, it cannot be read (it is a cache), or another binary wrote it.
pub fn load_memo(config_path: &Path) -> Memo {
    let Some(identity) = binary_identity() else {
        return Memo::default();
    };
    std::fs::read(memo_path(config_path))
        .map_or_else(|_| Memo::default(), |b| Memo::decode(&b, &identity))
}

/// The identity of this binary for the memo: its version and the executable's stamp, so that a
/// memo is read only by the binary that wrote it (its encoding names no field, and a rebuilt
/// binary of the same version may hold other types); `None` when the executable cannot be
/// looked at.
pub(super) fn binary_identity() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let s = stamp(&std::fs::metadata(exe).ok()?);
    Some(format!(
        "podfeed {} ({} {}.{} {})",
        env!("CARGO_PKG_VERSION"),
        s.len,
        s.mtime,
        s.mtime_nsec,
        s.ino
    ))
}

/// Saves the records' memo `bytes` ([`super::Site::memo`]) beside `config_path`: written whole to a
/// temporary file, then renamed into place. The temporary files a killed build left there are
/// removed first.
pub fn save_memo(config_path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let path = memo_path(config_path);
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(dir)?.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(TMP_PREFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

/// The start of the name of a memo being written.
const TMP_PREFIX: &str = ".records-";

fn memo_path(config_path: &Path) -> PathBuf {
    config_path
        .parent()
        .unwrap_or(Path::new(""))
        .join(memo::MEMO_PATH)
}

/// The memo of the shows just read (`read_from`, in the order of `shows`) and of the shows
/// `kept` from the last one. Each entry is packed on its own, on every core; one that cannot be
/// (a path that is not UTF-8) is left out, and its record read again next time. `None` when no
/// entry could be (a site whose folder's path is not UTF-8): no memo rather than one that holds
/// nothing.
pub(super) fn encode_memo(
    shows: &[Show],
    read_from: Vec<ReadFrom>,
    kept: Memo,
    identity: &str,
) -> Option<Vec<u8>> {
    let mut left_out = 0;
    let mut out: Vec<ShowMemo> = shows
        .iter()
        .zip(read_from)
        .map(|(show, from)| {
            let episodes: Vec<_> = show
                .episodes
                .iter()
                .zip(from.episodes)
                .filter_map(|(episode, from)| Some((episode, from?)))
                .collect();
            let episodes = episodes
                .into_par_iter()
                .map(|(episode, (sources, guid_offset, media_files))| {
                    let read = Memoised::Episode {
                        episode,
                        guid_offset,
                        media_files,
                    };
                    (episode.slug.clone(), Packed::of(&Entry { sources, read }))
                })
                .collect::<Vec<_>>();
            let drafts = from.drafts.into_iter().map(|(slug, sources, reason)| {
                let read = Memoised::<&Episode>::Draft(reason);
                (slug, Packed::of(&Entry { sources, read }))
            });
            let entries: Vec<_> = episodes.into_iter().chain(drafts).collect();
            left_out += entries
                .iter()
                .filter(|(_, packed)| packed.is_none())
                .count();
            ShowMemo {
                id: show.id.clone(),
                context: from.context,
                entries: entries
                    .into_iter()
                    .filter_map(|(slug, packed)| Some((slug, packed?)))
                    .collect(),
            }
        })
        .collect();
    out.extend(kept.into_shows());
    if left_out > 0 && out.iter().all(|show| show.entries.is_empty()) {
        return None;
    }
    memo::encode(&out, identity)
}

/// What a show's episodes were read from, for the memo: the show's context, and for each
/// episode (in the show's order) and each draft, its sources when it may be memoised.
pub(super) struct ReadFrom {
    pub(super) context: ShowContext,
    /// Sources, `guid` line offset, local media files.
    pub(super) episodes: Vec<Option<(Sources, usize, Vec<PathBuf>)>>,
    /// Slug, sources, reason.
    pub(super) drafts: Vec<(String, Sources, crate::model::DraftReason)>,
    /// Whether the memo changes: an episode read from its files was memoised, or an entry of the
    /// last memo was not used.
    pub(super) changed: bool,
}

/// What the reading of every record of a build shares; nothing for another command.
#[derive(Default)]
pub(super) struct Reading<'a> {
    /// What a build published, with the transcript formats it publishes: what lets the reader
    /// leave a transcript unparsed (see [`Known::published`]).
    pub(super) kept: Option<(&'a Published, &'a [Format])>,
    /// [`Known::stamps`].
    pub(super) stamps: Option<&'a dyn Stamps>,
    /// [`Known::started`]; `None`: nothing is memoised.
    pub(super) started: Option<i64>,
}

impl Reading<'_> {
    /// The stamp of the file at `path`: as the walk saw it, else as it is now.
    pub(super) fn stamp_of(&self, path: &Path) -> Option<Stamp> {
        self.stamps
            .and_then(|s| s.stamp(path))
            .or_else(|| std::fs::metadata(path).ok().map(|m| stamp(&m)))
    }

    /// What an episode read from `files` (beside the record `slug` among `names`) was read from,
    /// when it may be memoised: in a build, its files settled.
    pub(super) fn sources(
        &self,
        files: Vec<(PathBuf, Stamp)>,
        names: &std::collections::BTreeSet<String>,
        slug: &str,
    ) -> Option<Sources> {
        let sources = Sources {
            files,
            beside: memo::beside(names, slug).cloned().collect(),
        };
        sources.settled(self.started?).then_some(sources)
    }
}

/// A file's stamp from its metadata (the fingerprint's listing makes its stamps with it too).
pub fn stamp(meta: &std::fs::Metadata) -> Stamp {
    use std::os::unix::fs::MetadataExt as _;
    Stamp {
        len: meta.len(),
        mtime: meta.mtime(),
        mtime_nsec: meta.mtime_nsec(),
        ino: meta.ino(),
    }
}

/// The record at `path` as the memo's `entry` holds it, when none of its sources changed (`files`:
/// the names in its folder) and, for an episode, every transcript's published files are current
/// (its transcripts are not in the memo). Otherwise it must be read: the entry is given back when
/// its sources held (it may prove to be what the reading gives).
pub(super) fn recall(
    entry: Entry,
    path: &Path,
    show_id: &str,
    show: Option<(&str, ShowType)>,
    files: &std::collections::BTreeSet<String>,
    reading: &Reading<'_>,
) -> Result<Read, Option<Entry>> {
    let slug = slug_of(path).ok_or(None)?;
    if !entry
        .sources
        .hold(memo::beside(files, slug), |p| reading.stamp_of(p))
    {
        return Err(None);
    }
    if let Memoised::Episode { episode, .. } = &entry.read {
        let current = match (reading.kept, show) {
            (Some((published, formats)), Some((language, _))) => {
                episode.transcripts.iter().all(|t| {
                    let show = (show_id, language);
                    crate::build::transcript_outputs_current(published, formats, show, episode, t)
                })
            }
            _ => false,
        };
        if !current {
            return Err(Some(entry));
        }
    }
    Ok(Read {
        slug: slug.to_owned(),
        read: entry.read,
        sources: Some(entry.sources),
        same_as_memo: true,
    })
}
