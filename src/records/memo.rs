//! The records' memo (issue 15: a change to one record re-reads only what changed): what a build
//! read from each episode record, kept beside the site for the next build, which takes an
//! episode from it instead of reading and parsing its files again when none of them changed.
//!
//! An entry is the episode as it was read (its transcripts unparsed: the model does not keep
//! them) with what it was read from ([`Sources`]): the stamp (size, modification time, inode) of
//! every file read or measured for it, and the names beside the record that start with its slug
//! (a transcript or chapters file put beside it changes them). An entry is used only when all of
//! them are as they were, when the show's language and type (which the reading depends on) are
//! too, and when the memo was written by this very binary (its identity: the version and the
//! executable's stamp; the encoding is not self-describing, so a memo written by a binary with
//! other types must not be read); a transcript whose published files are not all current must be
//! parsed, so its episode is read again.
//!
//! What a stamp cannot see is a file rewritten with the same size, inode and modification time:
//! the fingerprint's limit (`site::fingerprint`). Two writes within the file system's timestamp
//! granularity are such a case, so a file modified less than [`SETTLE_SECS`] before the build
//! began reading is not memoised: its episode is read again next time.
//!
//! The memo is a cache: a memo that cannot be read, or of another version, is an empty one. It is
//! kept beside `config.toml` ([`MEMO_PATH`]), never in the output folder, which is published:
//! it holds the records of episodes not yet due.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{DraftReason, Episode, ShowType};

/// The memo's file, relative to the folder of `config.toml`.
pub const MEMO_PATH: &str = ".podfeed-cache/records";

/// The first line of the memo's file; postcard's encoding follows, starting with the identity of
/// the binary that wrote it. Version 2: each entry packed on its own ([`Packed`]).
const HEADER: &[u8] = b"podfeed records memo 2\n";

/// A file modified less than this many seconds before a build began reading is not memoised.
pub const SETTLE_SECS: i64 = 2;

/// What a file's metadata says of its contents: size, modification time, inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Size in bytes.
    pub len: u64,
    /// Modification time: seconds since the epoch.
    pub mtime: i64,
    /// Modification time: nanoseconds within the second.
    pub mtime_nsec: i64,
    /// Inode number.
    pub ino: u64,
}

/// The stamps of the files a build saw before reading (the fingerprint's walk), by path.
pub trait Stamps: Sync {
    /// The stamp of the file at `path`, if the walk saw it.
    fn stamp(&self, path: &Path) -> Option<Stamp>;
}

/// What one episode record was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sources {
    /// Every file read or measured for it (the record, transcripts, chapters, media), with its
    /// stamp when read.
    pub files: Vec<(PathBuf, Stamp)>,
    /// The names in the record's folder that start with `<slug>.`, sorted: where a transcript
    /// or chapters file found by its name comes from.
    pub beside: Vec<String>,
}

impl Sources {
    /// Whether every file is as it was (`stamp_of` gives a file's stamp now) and the names
    /// beside the record (`beside`, from [`beside`]) are the same.
    pub fn hold<'a>(
        &self,
        beside: impl Iterator<Item = &'a String>,
        stamp_of: impl Fn(&Path) -> Option<Stamp>,
    ) -> bool {
        self.beside.iter().eq(beside)
            && self
                .files
                .iter()
                .all(|(path, stamp)| stamp_of(path) == Some(*stamp))
    }

    /// Whether every file was last modified at least [`SETTLE_SECS`] before `started` (seconds
    /// since the epoch, when the build began reading): only then may the episode be memoised.
    pub fn settled(&self, started: i64) -> bool {
        self.files
            .iter()
            .all(|(_, s)| s.mtime.saturating_add(SETTLE_SECS) < started)
    }
}

/// The names among `files` (a folder's names) that start with `<slug>.`, in order.
pub fn beside<'a>(files: &'a BTreeSet<String>, slug: &str) -> impl Iterator<Item = &'a String> {
    let prefix = format!("{slug}.");
    files
        .range(prefix.clone()..)
        .take_while(move |name| name.starts_with(&prefix))
}

/// One record as the memo holds it: an episode (`E` is a boxed [`Episode`] when read back, a
/// reference when written: the same encoding) or a draft.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Memoised<E> {
    /// An episode, with the offset of its `guid` line in the record (0 when derived) and the
    /// local media files the record names.
    Episode {
        /// The episode (its transcripts unparsed).
        episode: E,
        /// The byte offset of the `guid` line, for a duplicate's message.
        guid_offset: usize,
        /// The local media files the record names.
        media_files: Vec<PathBuf>,
    },
    /// A draft, held back for this reason.
    Draft(DraftReason),
}

impl<E: std::ops::Deref<Target = Episode>> Memoised<E> {
    /// The same record, borrowing its episode.
    pub fn as_ref(&self) -> Memoised<&Episode> {
        match self {
            Memoised::Episode {
                episode,
                guid_offset,
                media_files,
            } => Memoised::Episode {
                episode,
                guid_offset: *guid_offset,
                media_files: media_files.clone(),
            },
            Memoised::Draft(reason) => Memoised::Draft(*reason),
        }
    }

    /// Whether `self` and `other` hold the same record as the memo keeps it (compared in its
    /// encoding: a parsed transcript, which the memo does not keep, aside).
    pub fn same_as<F: std::ops::Deref<Target = Episode>>(&self, other: &Memoised<F>) -> bool {
        let mine = postcard::to_stdvec(&self.as_ref()).ok();
        mine.is_some() && mine == postcard::to_stdvec(&other.as_ref()).ok()
    }
}

/// One record's entry: what it was read from, and what it gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry<E = Box<Episode>> {
    /// What it was read from.
    pub sources: Sources,
    /// What it gave.
    pub read: Memoised<E>,
}

/// What the reading of a show's episodes depends on besides their files: the show's language
/// and type, from `show.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShowContext {
    /// The show's language.
    pub language: String,
    /// The show's type.
    pub show_type: ShowType,
}

/// One entry as written in the memo: its own postcard encoding, decoded only when the reader
/// uses it ([`Packed::open`]). A build decodes the entries on every core, each with the reading
/// of its record (the memo of 10,000 episodes took 24 ms to decode whole on one thread, before
/// the reading could start: BENCHMARKS.md, "The memo's entries decoded where they are used"),
/// and writes the entries it kept again without decoding them.
#[derive(Debug)]
pub struct Packed(Box<[u8]>);

impl Packed {
    /// `entry`, encoded; `None` when it cannot be (a path that is not UTF-8).
    pub fn of<E: Serialize>(entry: &Entry<E>) -> Option<Packed> {
        postcard::to_stdvec(entry)
            .ok()
            .map(|bytes| Packed(bytes.into()))
    }

    /// The entry; `None` when its bytes are not one (the memo is a cache: the record is read).
    pub fn open(&self) -> Option<Entry> {
        postcard::from_bytes(&self.0).ok()
    }
}

impl Serialize for Packed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

/// One show's entries, by record slug, in the folder's order.
#[derive(Debug, Serialize)]
pub struct ShowMemo {
    /// The show's id (its folder's name).
    pub id: String,
    /// What the entries were read with.
    pub context: ShowContext,
    /// The entries, by slug, in the folder's order.
    pub entries: Vec<(String, Packed)>,
}

/// The memo as written: the identity of the binary that wrote it, then each show's entries (read
/// back in two steps, the identity first, so a memo of another binary is not decoded).
#[derive(Debug, Serialize)]
struct FileOut<'a> {
    identity: &'a str,
    shows: &'a [ShowMemo],
}

/// A show's entries as read from the memo's bytes, borrowing them.
#[derive(Deserialize)]
struct ShowIn<'a> {
    id: String,
    context: ShowContext,
    #[serde(borrow)]
    entries: Vec<(&'a str, &'a [u8])>,
}

/// A memo read back: each show's context and entries, by show id then slug.
#[derive(Debug, Default)]
pub struct Memo {
    shows: BTreeMap<String, (ShowContext, BTreeMap<String, Packed>)>,
}

impl Memo {
    /// Reads a memo's bytes; an empty memo when they are not one that the binary of `identity`
    /// (this one) wrote. The entries stay packed.
    pub fn decode(bytes: &[u8], identity: &str) -> Memo {
        let Some(body) = bytes.strip_prefix(HEADER) else {
            return Memo::default();
        };
        match postcard::take_from_bytes::<&str>(body) {
            Ok((written_by, rest)) if written_by == identity => {
                match postcard::from_bytes::<Vec<ShowIn<'_>>>(rest) {
                    Ok(shows) => Memo {
                        shows: shows
                            .into_iter()
                            .map(|s| {
                                let entries = s
                                    .entries
                                    .into_iter()
                                    .map(|(slug, entry)| (slug.to_owned(), Packed(entry.into())))
                                    .collect();
                                (s.id, (s.context, entries))
                            })
                            .collect(),
                    },
                    Err(_) => Memo::default(),
                }
            }
            _ => Memo::default(),
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.shows.values().map(|(_, entries)| entries.len()).sum()
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every show's entries, still packed: to be written again.
    pub fn into_shows(self) -> impl Iterator<Item = ShowMemo> {
        self.shows
            .into_iter()
            .map(|(id, (context, entries))| ShowMemo {
                id,
                context,
                entries: entries.into_iter().collect(),
            })
    }

    /// Takes out the entries of show `id` if they were read with `context`; none otherwise.
    pub fn take_show(&mut self, id: &str, context: &ShowContext) -> BTreeMap<String, Packed> {
        match self.shows.remove(id) {
            Some((was, entries)) if was == *context => entries,
            _ => BTreeMap::new(),
        }
    }
}

/// Writes a memo of `shows` by the binary of `identity`; `None` only if postcard refused it, which
/// it does not for these parts (text, numbers, and entries already packed).
pub fn encode(shows: &[ShowMemo], identity: &str) -> Option<Vec<u8>> {
    let file = FileOut { identity, shows };
    let mut bytes = HEADER.to_vec();
    bytes.extend_from_slice(&postcard::to_stdvec(&file).ok()?);
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(len: u64, mtime: i64) -> Stamp {
        Stamp {
            len,
            mtime,
            mtime_nsec: 5,
            ino: 7,
        }
    }

    fn sources() -> Sources {
        Sources {
            files: vec![
                (PathBuf::from("e/a.toml"), stamp(10, 100)),
                (PathBuf::from("e/a.vtt"), stamp(20, 100)),
            ],
            beside: vec!["a.toml".into(), "a.vtt".into()],
        }
    }

    #[test]
    fn sources_hold_only_while_every_file_and_name_is_as_it_was() {
        let s = sources();
        let names: BTreeSet<String> = ["a.toml", "a.vtt", "ab.toml", "b.toml"]
            .into_iter()
            .map(String::from)
            .collect();
        let same = |p: &Path| s.files.iter().find(|(q, _)| q == p).map(|(_, st)| *st);
        assert!(s.hold(beside(&names, "a"), same));
        // A file grown, gone, or a new file named after the record.
        let grown = |p: &Path| {
            same(p).map(|st| Stamp {
                len: st.len + 1,
                ..st
            })
        };
        assert!(!s.hold(beside(&names, "a"), grown));
        assert!(!s.hold(beside(&names, "a"), |_| None));
        let mut more = names.clone();
        more.insert("a.srt".into());
        assert!(!s.hold(beside(&more, "a"), same));
        // `ab.toml` is another record's, not one beside `a`.
        assert_eq!(beside(&names, "a").collect::<Vec<_>>(), ["a.toml", "a.vtt"]);
    }

    #[test]
    fn a_file_modified_just_before_the_reading_is_not_settled() {
        let s = sources();
        assert!(s.settled(100 + SETTLE_SECS + 1));
        assert!(!s.settled(100 + SETTLE_SECS));
        assert!(!s.settled(100));
    }

    #[test]
    fn a_memo_of_another_binary_or_format_reads_as_empty() {
        let entry = Entry {
            sources: sources(),
            read: Memoised::<&Episode>::Draft(DraftReason::Marked),
        };
        let memo = ShowMemo {
            id: "show".into(),
            context: ShowContext {
                language: "en".into(),
                show_type: ShowType::Episodic,
            },
            entries: vec![("a".into(), Packed::of(&entry).unwrap())],
        };
        let bytes = encode(std::slice::from_ref(&memo), "podfeed 1 (42)").unwrap();
        let mut read = Memo::decode(&bytes, "podfeed 1 (42)");
        assert_eq!(read.len(), 1);
        let other = ShowContext {
            language: "fr".into(),
            ..memo.context.clone()
        };
        assert!(
            read.take_show("show", &other).is_empty(),
            "another language"
        );
        let mut read = Memo::decode(&bytes, "podfeed 1 (42)");
        let entries = read.take_show("show", &memo.context);
        let opened = entries["a"].open().expect("the entry decodes");
        assert_eq!(opened.sources, sources());
        assert!(matches!(opened.read, Memoised::Draft(DraftReason::Marked)));
        // An entry's bytes that are not one read as none: its record is read again.
        assert_eq!(Packed(Box::new([0xff; 3])).open().map(|e| e.sources), None);
        assert!(read.is_empty());

        assert!(
            Memo::decode(&bytes, "podfeed 1 (43)").is_empty(),
            "another binary"
        );
        let cut = &bytes[..bytes.len() - 3];
        assert!(Memo::decode(cut, "podfeed 1 (42)").is_empty(), "cut short");
        assert!(
            Memo::decode(b"{}", "podfeed 1 (42)").is_empty(),
            "not a memo"
        );
    }
}
