//! Word-level transcripts grouped into caption cues.
//!
//! A Podcast Index JSON transcript may give each word its own segment so players can highlight
//! the word being spoken (SPEC.md §3.1). Written one cue per segment, such a transcript would
//! flash a caption per word, so the WebVTT and SRT writers group its words into captions
//! (SPEC.md §3.3, §3.4). JSON output keeps the words as they are.
//!
//! **When a transcript is word-level.** It has at least [`MIN_SEGMENTS`] segments with text, at
//! least four in five of them are a single word, and the median segment lasts at most
//! [`MAX_MEDIAN_MS`] (times as resolved by [`super::resolve_times`], so missing ends count to
//! the next start). Caption files (WebVTT, SRT, Whisper, caption-sized JSON) have cues of a
//! phrase or a sentence lasting seconds: a file where four cues in five are lone words *and*
//! half of them last under a second is word timing, not captions. Both conditions are needed:
//! a caption file may have many one-word cues ("Yes.", "Right.") but they are then short
//! exceptions, and a file of long one-word cues is slow captions, which stay as they are.
//!
//! **How words are grouped.** Consecutive segments go into one cue while all of these hold:
//! - the speaker is the same (SPEC.md §3.3: a new cue when the speaker changes);
//! - the cue still fits `max_lines` lines of `max_line_chars` characters (2 × 65 for WebVTT,
//!   2 × 32 for SRT), counting an SRT `Name: ` prefix;
//! - the previous segment does not end a sentence (`.`, `!`, `?`, `…`);
//! - the pause since the previous segment's end is at most [`MAX_PAUSE_MS`];
//! - the cue would last at most [`MAX_CUE_MS`] (a common caption-guide ceiling).
//!
//! A cue runs from its first segment's start to its last segment's end, so the words keep
//! their own timing. Its words are wrapped into lines as even as possible. A segment too long
//! for a cue on its own (a phrase among the words) is cut as any other segment is.

use super::{Cue, CueOptions, Fill, Turn, balanced_break, is_sentence_end, segment_cues, wrap};
use crate::transcript::Segment;

/// Fewest segments with text for a transcript to count as word-level.
pub const MIN_SEGMENTS: usize = 4;

/// Longest median segment, in milliseconds, of a word-level transcript.
pub const MAX_MEDIAN_MS: u64 = 1_000;

/// Longest pause, in milliseconds, kept inside one cue.
pub const MAX_PAUSE_MS: u64 = 1_000;

/// Longest cue, in milliseconds, built from words.
pub const MAX_CUE_MS: u64 = 7_000;

/// How many following words decide whether a cue needs a speaker prefix (see [`Turn`]).
const LOOKAHEAD_WORDS: usize = 6;

/// Whether `segments`, resolved to `times`, are word-level (see the module documentation).
pub fn is_word_level(segments: &[Segment], times: &[(u64, u64)]) -> bool {
    let spoken: Vec<(usize, u64)> = segments
        .iter()
        .zip(times)
        .filter_map(|(s, &(start, end))| {
            let n = s.text.split_whitespace().count();
            (n > 0).then(|| (n, end.saturating_sub(start)))
        })
        .collect();
    if spoken.len() < MIN_SEGMENTS {
        return false;
    }
    let single = spoken.iter().filter(|(n, _)| *n == 1).count();
    if single * 5 < spoken.len() * 4 {
        return false;
    }
    let mut lengths: Vec<u64> = spoken.iter().map(|&(_, ms)| ms).collect();
    lengths.sort_unstable();
    lengths
        .get(lengths.len() / 2)
        .is_some_and(|&m| m <= MAX_MEDIAN_MS)
}

/// A cue being filled.
struct Open {
    start_ms: u64,
    end_ms: u64,
    speaker: Option<String>,
    prefixed: bool,
    words: Vec<String>,
    fill: Fill,
    sentence_ended: bool,
}

impl Open {
    /// Adds `words` if they all fit; otherwise leaves the cue unchanged and returns false.
    fn push(&mut self, words: &[String], opts: &CueOptions) -> bool {
        let mut trial = self.fill;
        if !words.iter().all(|w| trial.push(w.chars().count(), opts)) {
            return false;
        }
        self.fill = trial;
        self.words.extend(words.iter().cloned());
        self.sentence_ended = words.last().is_some_and(|w| is_sentence_end(w));
        true
    }

    fn into_cue(self, opts: &CueOptions) -> Cue {
        let widths: Vec<usize> = self.words.iter().map(|w| w.chars().count()).collect();
        let total = widths.iter().sum::<usize>() + widths.len().saturating_sub(1);
        let lines = if total <= opts.max_line_chars || self.words.len() < 2 {
            vec![self.words.join(" ")]
        } else if opts.max_lines == 2 {
            // The words fit two lines (checked by `push`), so the balanced break fits too.
            let (first, second) = self.words.split_at(balanced_break(&widths));
            vec![first.join(" "), second.join(" ")]
        } else {
            wrap(self.words, self.prefixed, opts).lines
        };
        Cue {
            start_ms: self.start_ms,
            end_ms: self.end_ms,
            speaker: self.speaker,
            prefixed: self.prefixed,
            lines,
        }
    }
}

/// Groups word-level `segments`, resolved to `times`, into caption cues.
pub fn group(segments: &[Segment], times: &[(u64, u64)], opts: &CueOptions) -> Vec<Cue> {
    let mut cues = Vec::new();
    let mut open: Option<Open> = None;
    let mut cursor = 0u64;
    let mut last_speaker: Option<String> = None;
    for (i, (seg, &(start, end))) in segments.iter().zip(times).enumerate() {
        let words: Vec<String> = seg.text.split_whitespace().map(str::to_owned).collect();
        if words.is_empty() {
            continue;
        }
        let speaker = seg.speaker_name();
        if let Some(cue) = &mut open {
            let joins = cue.speaker == speaker
                && !cue.sentence_ended
                && start.saturating_sub(cue.end_ms) <= MAX_PAUSE_MS
                && end.saturating_sub(cue.start_ms) <= MAX_CUE_MS
                && end > cue.end_ms
                && cue.push(&words, opts);
            if joins {
                cue.end_ms = end;
                continue;
            }
        }
        if let Some(done) = open.take() {
            cursor = done.end_ms;
            last_speaker = done.speaker.clone();
            cues.push(done.into_cue(opts));
        }
        // The words from here on decide whether the text could read as a speaker prefix.
        let tail: Vec<&str> = segments[i..]
            .iter()
            .flat_map(|s| s.text.split_whitespace())
            .take(LOOKAHEAD_WORDS)
            .collect();
        let turn = Turn {
            speaker: speaker.as_deref(),
            last_speaker: last_speaker.as_deref(),
        };
        let prefix = turn.prefix_at(&tail, 0, opts);
        let mut first = words.clone();
        if let (Some(mark), Some(w)) = (&prefix, first.first_mut()) {
            *w = format!("{mark}{w}");
        }
        let start = start.max(cursor);
        let mut cue = Open {
            start_ms: start,
            end_ms: end.max(start.saturating_add(1)),
            speaker: speaker.clone(),
            prefixed: prefix.is_some(),
            words: Vec::new(),
            fill: Fill::EMPTY,
            sentence_ended: false,
        };
        if cue.push(&first, opts) {
            open = Some(cue);
        } else {
            // A phrase too long for one cue: cut it like any other segment.
            cursor = segment_cues(
                seg,
                (start, end),
                cursor,
                last_speaker.as_deref(),
                opts,
                &mut cues,
            );
            last_speaker = speaker;
        }
    }
    if let Some(done) = open {
        cues.push(done.into_cue(opts));
    }
    cues
}
