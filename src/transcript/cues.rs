//! Caption cues for WebVTT and SRT: long segments cut into cues a viewer can read.
//!
//! **A segment that already is a caption stays one cue.** When a segment has an explicit end
//! time (it came from WebVTT, SRT, Whisper or JSON with end times) and its text, with any
//! `Name: ` prefix, fits [`KEPT_CUE_LINES`] lines of [`KEPT_CUE_LINE_CHARS`] characters (the
//! WebVTT display limit, SPEC.md §3.4), it is written as exactly one cue with its own start and
//! end, wrapped into at most two lines as even as possible. So SRT → VTT → SRT and
//! VTT → JSON → VTT keep every cue's text and timing to the millisecond. In SRT such a cue
//! may have lines over 32 characters: SPEC.md §3.3 makes 32 a recommendation (a warning only,
//! since the namespace's own example SRT exceeds it), and re-timing someone's captions by
//! guesswork would be worse than a long line. No limit on the cue's duration applies: a short
//! text shown for long is easy to read, and cutting it would only invent times.
//!
//! **Other segments are cut** (page paragraphs without end times, Whisper segments of a minute,
//! anything longer than two 65-character lines). Such a segment is cut at sentence ends first,
//! then at clause ends (`,` `;` `:` dashes), then between words; each cue has at most `max_lines` lines of at most `max_line_chars` characters
//! (SPEC.md §3.3: 2 × 32 for SRT; §3.4: 65 for WebVTT), except that a single longer word stays
//! whole on its own line. A segment with an end time shares it among its cues in proportion to
//! their length in characters. A segment known only by its start is timed as speech (`spoken`):
//! its cues are cut to be read in under 7 s and follow each other at [`CHARS_PER_SECOND`] from
//! its start, faster up to a reading limit when the next segment comes sooner, with silence
//! after them when it comes later. The words of the cues, in order, are exactly the segment's
//! words.
//!
//! **Word-level transcripts are grouped.** A JSON transcript may have a segment per word
//! (SPEC.md §3.1, for word highlighting; Whisper's word timestamps are read so too). When at least four segments in five are single words
//! and the median segment lasts at most a second, consecutive words of one speaker are grouped
//! into cues of the same line limits, breaking at sentence ends, speaker changes and pauses over
//! a second; each cue runs from its first word's start to its last word's end. A caption file
//! never meets that test, so its cues stay as above. The rule and its reasons: the `word_level` module.

mod word_level;

use super::{Segment, Transcript};

/// Assumed speaking rate when a segment's end is unknown: about 15 characters a second
/// (roughly 160 words a minute, a common rate for podcast speech).
pub const CHARS_PER_SECOND: u64 = 15;

/// What starts an SRT cue whose speaker is not named when the cue before it had a named one:
/// a dash, the subtitle convention for a change of speaker (see `Turn::prefix_at`).
pub const UNNAMED_TURN: &str = "- ";

/// Most characters on a line of a segment kept as one cue: WebVTT's display limit (SPEC.md §3.4).
pub const KEPT_CUE_LINE_CHARS: usize = 65;

/// Most lines of a segment kept as one cue (SPEC.md §3.3, §3.4: two lines per cue).
pub const KEPT_CUE_LINES: usize = 2;

/// The shortest time given to a segment whose end is estimated.
const MIN_ESTIMATE_MS: u64 = 1_000;

/// Caption guidelines (BBC, Netflix, DCMP) keep a caption on screen 1–7 s, at a reading rate of
/// at most about 17–20 characters a second (issue 18).
const MIN_CUE_MS: u64 = 1_000;
/// See [`MIN_CUE_MS`].
const MAX_CUE_MS: u64 = 7_000;
/// The fastest reading rate a cue is timed at, in characters a second. See [`MIN_CUE_MS`].
const MAX_READING_CPS: u64 = 20;
/// Longest line of a cue cut from a segment known only by its start: two such lines (104
/// characters) are read in under [`MAX_CUE_MS`] at [`CHARS_PER_SECOND`].
const SPOKEN_LINE_CHARS: usize = 52;

/// How to cut cues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueOptions {
    /// Longest line, in characters, where words allow.
    pub max_line_chars: usize,
    /// Most lines in one cue.
    pub max_lines: usize,
    /// End of the last segment when it has none (the episode's duration).
    pub duration_ms: Option<u64>,
    /// Put `Name: ` in the text of the first cue of each speaker's turn (SRT, SPEC.md §3.3); the
    /// prefix counts towards the line length.
    pub speaker_prefix: bool,
}

impl CueOptions {
    /// WebVTT: 2 lines of at most 65 characters (SPEC.md §3.4); speakers go in `<v>` spans.
    pub fn vtt(duration_ms: Option<u64>) -> CueOptions {
        CueOptions {
            max_line_chars: 65,
            max_lines: 2,
            duration_ms,
            speaker_prefix: false,
        }
    }

    /// SRT: 2 lines of at most 32 characters, `Name: ` prefixes (SPEC.md §3.3).
    pub fn srt(duration_ms: Option<u64>) -> CueOptions {
        CueOptions {
            max_line_chars: 32,
            max_lines: 2,
            duration_ms,
            speaker_prefix: true,
        }
    }
}

/// One caption cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Start in milliseconds.
    pub start_ms: u64,
    /// End in milliseconds, always after the start.
    pub end_ms: u64,
    /// The speaker of the segment this cue comes from.
    pub speaker: Option<String>,
    /// Whether the first line starts with `Name: `, or [`UNNAMED_TURN`] when the cue has no
    /// speaker (only with [`CueOptions::speaker_prefix`]).
    pub prefixed: bool,
    /// The display lines (plain text, not escaped).
    pub lines: Vec<String>,
}

impl Cue {
    /// The cue's words without any speaker prefix, joined by single spaces.
    pub fn text(&self) -> String {
        let joined = self.lines.join(" ");
        match (&self.speaker, self.prefixed) {
            (Some(name), true) => joined
                .strip_prefix(name.as_str())
                .and_then(|r| r.strip_prefix(": "))
                .map_or(joined.clone(), str::to_owned),
            (None, true) => joined
                .strip_prefix(UNNAMED_TURN)
                .map_or(joined.clone(), str::to_owned),
            _ => joined,
        }
    }
}

/// Estimated speaking time of `text`, at [`CHARS_PER_SECOND`].
pub fn estimate_ms(text: &str) -> u64 {
    let chars = text.chars().count() as u64;
    (chars.saturating_mul(1000) / CHARS_PER_SECOND).max(MIN_ESTIMATE_MS)
}

/// Each segment's `(start, end)` such that end > start and no segment overlaps the next.
///
/// A missing end is the next segment's start; the last segment's is `duration_ms`, or an
/// estimate from [`CHARS_PER_SECOND`]. An end past the next start is cut back to it. A segment
/// that would end at or before its start (two segments starting together, text without timing)
/// gets an estimated length, and later segments move after it.
pub fn resolve_times(segments: &[Segment], duration_ms: Option<u64>) -> Vec<(u64, u64)> {
    let mut out = Vec::with_capacity(segments.len());
    let mut cursor = 0u64;
    for (i, seg) in segments.iter().enumerate() {
        let start = seg.start_ms.max(cursor);
        let next_start = segments.get(i + 1).map(|n| n.start_ms);
        let mut end = match (seg.end_ms, next_start) {
            (Some(end), _) => end,
            (None, Some(next)) => next,
            (None, None) => {
                duration_ms.unwrap_or_else(|| start.saturating_add(estimate_ms(&seg.text)))
            }
        };
        if let Some(next) = next_start.filter(|&n| n > start) {
            end = end.min(next);
        }
        if end <= start {
            end = start.saturating_add(estimate_ms(&seg.text));
        }
        out.push((start, end));
        cursor = end;
    }
    out
}

/// Cuts a transcript into cues: word-level transcripts are grouped into captions (see
/// `word_level`), any other transcript is cut segment by segment.
pub fn build(t: &Transcript, opts: &CueOptions) -> Vec<Cue> {
    let times = resolve_times(&t.segments, opts.duration_ms);
    if word_level::is_word_level(&t.segments, &times) {
        return word_level::group(&t.segments, &times, opts);
    }
    let mut cues = Vec::new();
    let mut cursor = 0u64;
    let mut last_speaker: Option<String> = None;
    for (seg, &time) in t.segments.iter().zip(&times) {
        if seg.text.split_whitespace().next().is_none() {
            continue;
        }
        cursor = segment_cues(seg, time, cursor, last_speaker.as_deref(), opts, &mut cues);
        last_speaker = seg.speaker_name();
    }
    cues
}

/// A word-level transcript as phrases, for the writers of prose (plain text, HTML), which would
/// otherwise write a paragraph per word: its words grouped as for WebVTT captions, one segment
/// per cue, each with its own start and end. `None` when `t` is not word-level.
pub fn phrases(t: &Transcript) -> Option<Transcript> {
    let times = resolve_times(&t.segments, None);
    if !word_level::is_word_level(&t.segments, &times) {
        return None;
    }
    let segments = word_level::group(&t.segments, &times, &CueOptions::vtt(None))
        .into_iter()
        .map(|c| Segment {
            start_ms: c.start_ms,
            end_ms: Some(c.end_ms),
            text: c.text(),
            speaker: c.speaker,
        })
        .collect();
    Some(Transcript {
        language: t.language.clone(),
        segments,
    })
}

/// Appends the cues of one segment, resolved to `(start, end)`, starting no earlier than
/// `cursor`; `last_speaker` spoke the segment before. Returns the end of the last cue.
fn segment_cues(
    seg: &Segment,
    (start, end): (u64, u64),
    cursor: u64,
    last_speaker: Option<&str>,
    opts: &CueOptions,
    cues: &mut Vec<Cue>,
) -> u64 {
    let words: Vec<&str> = seg.text.split_whitespace().collect();
    // Normalised so a name can neither break a cue nor end a voice span.
    let speaker_name = seg.speaker_name();
    let speaker = speaker_name.as_deref();
    let turn = Turn {
        speaker,
        last_speaker,
    };
    let chunks = match seg.end_ms {
        Some(_) => match whole_cue(&words, turn, opts) {
            Some(one) => vec![one],
            None => chunk(&words, turn, opts),
        },
        // Spoken from its start: cues short enough to read in under 7 s at the speaking rate.
        None => chunk(
            &words,
            turn,
            &CueOptions {
                max_line_chars: opts.max_line_chars.min(SPOKEN_LINE_CHARS),
                ..*opts
            },
        ),
    };
    let start = start.max(cursor);
    let end = end.max(start.saturating_add(chunks.len() as u64));
    let widths: Vec<u64> = chunks.iter().map(|c| c.width as u64 + 1).collect();
    let bounds = if seg.end_ms.is_some() {
        spread(start, end, &widths)
    } else {
        spoken(start, end, &widths)
    };
    for (c, pair) in chunks.into_iter().zip(bounds.windows(2)) {
        if let [a, b] = *pair {
            cues.push(Cue {
                start_ms: a,
                end_ms: b,
                speaker: speaker.map(str::to_owned),
                prefixed: c.prefixed,
                lines: c.lines,
            });
        }
    }
    end
}

/// The cue boundaries of a segment known only by its start (issue 18): it is spoken from `start`
/// at [`CHARS_PER_SECOND`], each cue shown 1–7 s ([`MIN_CUE_MS`], [`MAX_CUE_MS`]) as its
/// `widths` (characters) allow, and then there is silence: a long gap before `limit` (the next
/// segment's start) is no reason to keep a caption on screen. When `limit` comes sooner, the
/// rate rises to fit, up to [`MAX_READING_CPS`]; past that the cues keep that rate and run past
/// `limit` (the next segment's cues then start after them).
fn spoken(start: u64, limit: u64, widths: &[u64]) -> Vec<u64> {
    let natural: Vec<u64> = widths
        .iter()
        .map(|w| (w * 1000 / CHARS_PER_SECOND).clamp(MIN_CUE_MS, MAX_CUE_MS))
        .collect();
    let fastest: Vec<u64> = widths
        .iter()
        .zip(&natural)
        .map(|(w, n)| (w * 1000).div_ceil(MAX_READING_CPS).clamp(1, *n))
        .collect();
    let window = limit.saturating_sub(start);
    let (sum_natural, sum_fastest) = (natural.iter().sum::<u64>(), fastest.iter().sum::<u64>());
    let durations: Vec<u64> = if sum_natural <= window {
        natural
    } else if sum_fastest <= window {
        // Between the two rates: each cue gives up the same share of its slack.
        let slack = u128::from(sum_natural - sum_fastest).max(1);
        let room = u128::from(window - sum_fastest);
        natural
            .iter()
            .zip(&fastest)
            .map(|(n, f)| f + u64::try_from(u128::from(n - f) * room / slack).unwrap_or(0))
            .collect()
    } else {
        fastest
    };
    let fitted = sum_natural > window && sum_fastest <= window;
    let mut bounds = Vec::with_capacity(durations.len() + 1);
    bounds.push(start);
    for d in durations {
        let prev = bounds.last().copied().unwrap_or(start);
        bounds.push(prev + d.max(1));
    }
    // Fitted to the window: the last cue ends at `limit` exactly, whatever the rounding.
    if fitted && let Some(last) = bounds.last_mut() {
        *last = (*last).max(limit);
    }
    bounds
}

/// Boundaries `start = b0 < b1 < … < bn = end`, spaced by `weights`. Needs `end - start ≥ n`.
fn spread(start: u64, end: u64, weights: &[u64]) -> Vec<u64> {
    let n = weights.len() as u64;
    let span = u128::from(end - start);
    let total = u128::from(weights.iter().sum::<u64>().max(1));
    let mut bounds = Vec::with_capacity(weights.len() + 1);
    bounds.push(start);
    let mut cum = 0u128;
    for (k, w) in weights.iter().enumerate() {
        cum += u128::from(*w);
        let k = k as u64 + 1;
        let ideal = start + u64::try_from(span * cum / total).unwrap_or(end - start);
        let prev = bounds.last().copied().unwrap_or(start);
        // At least 1 ms per cue, and room left for the cues after this one.
        let b = ideal.max(prev + 1).min(end - (n - k));
        bounds.push(b);
    }
    bounds
}

/// A cue's worth of words, wrapped.
struct Chunk {
    lines: Vec<String>,
    width: usize,
    prefixed: bool,
}

/// Line-fill state: how many lines and how long the last one is.
#[derive(Clone, Copy)]
struct Fill {
    lines: usize,
    last: usize,
}

impl Fill {
    const EMPTY: Fill = Fill { lines: 0, last: 0 };

    /// Characters used so far, counting full lines as full.
    fn chars(self, opts: &CueOptions) -> usize {
        self.lines.saturating_sub(1) * opts.max_line_chars + self.last
    }

    /// Adds a word of `w` characters; false when it needs a line beyond `max_lines`.
    fn push(&mut self, w: usize, opts: &CueOptions) -> bool {
        if self.lines == 0 {
            *self = Fill { lines: 1, last: w };
        } else if self.last + 1 + w <= opts.max_line_chars {
            self.last += 1 + w;
        } else if self.lines < opts.max_lines {
            *self = Fill {
                lines: self.lines + 1,
                last: w,
            };
        } else {
            return false;
        }
        true
    }
}

fn is_sentence_end(word: &str) -> bool {
    let w = word.trim_end_matches(['"', '\'', ')', ']', '\u{201d}', '\u{2019}']);
    w.ends_with(['.', '!', '?', '\u{2026}'])
}

fn is_clause_end(word: &str) -> bool {
    word.ends_with([',', ';', ':', '\u{2014}', '\u{2013}']) || matches!(word, "-" | "--")
}

/// Splits `words` into units that each fit a cue where possible: whole sentences, else
/// clauses, else single words. Returns index ranges.
fn units(words: &[&str], opts: &CueOptions) -> Vec<std::ops::Range<usize>> {
    let fits = |r: &std::ops::Range<usize>| {
        let mut f = Fill::EMPTY;
        words[r.clone()]
            .iter()
            .all(|w| f.push(w.chars().count(), opts))
    };
    let split = |r: std::ops::Range<usize>, at: fn(&str) -> bool| {
        let mut parts = Vec::new();
        let mut from = r.start;
        for i in r.clone() {
            if at(words[i]) || i + 1 == r.end {
                parts.push(from..i + 1);
                from = i + 1;
            }
        }
        parts
    };
    let mut out = Vec::new();
    for sentence in split(0..words.len(), is_sentence_end) {
        if fits(&sentence) {
            out.push(sentence);
            continue;
        }
        for clause in split(sentence, is_clause_end) {
            if fits(&clause) {
                out.push(clause);
            } else {
                out.extend(clause.map(|i| i..i + 1));
            }
        }
    }
    out
}

/// Who speaks a segment, and who spoke the one before it.
#[derive(Clone, Copy)]
struct Turn<'a> {
    speaker: Option<&'a str>,
    last_speaker: Option<&'a str>,
}

impl Turn<'_> {
    /// The prefix, if any, that starts the text of a cue beginning at word `i` (SRT only,
    /// SPEC.md §3.3):
    /// - `Name: ` at a change of speaker, and whenever the text itself would read as a prefix or
    ///   as a change mark (so a reader does not mistake the words for a speaker);
    /// - [`UNNAMED_TURN`] when nobody is named after a named speaker (SPEC.md §3.3 names a
    ///   speaker at each change, but has no mark for "nobody"). SRT readers carry a name
    ///   to the cues after it, so the change must be marked; a leading dash is the common
    ///   subtitle mark for a change of speaker, which every player shows as it is, and unlike
    ///   a label such as `[unknown]` it invents no name that a reader would take for a speaker.
    fn prefix_at(self, words: &[&str], i: usize, opts: &CueOptions) -> Option<String> {
        if !opts.speaker_prefix {
            return None;
        }
        let Some(name) = self.speaker else {
            return (i == 0 && self.last_speaker.is_some()).then(|| UNNAMED_TURN.to_owned());
        };
        let changed = i == 0 && self.last_speaker != Some(name);
        let tail = words
            .get(i..(i + 6).min(words.len()))
            .unwrap_or_default()
            .join(" ");
        let looks_marked =
            super::speaker::speaker_label(&tail).is_some() || tail.starts_with(UNNAMED_TURN);
        (changed || looks_marked).then(|| format!("{name}: "))
    }
}

/// The segment as one cue, when it fits [`KEPT_CUE_LINES`] lines of [`KEPT_CUE_LINE_CHARS`]
/// characters (see the module documentation).
fn whole_cue(words: &[&str], turn: Turn<'_>, opts: &CueOptions) -> Option<Chunk> {
    let prefix = turn.prefix_at(words, 0, opts);
    let mut words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    if let (Some(mark), Some(first)) = (&prefix, words.first_mut()) {
        *first = format!("{mark}{first}");
    }
    let widths: Vec<usize> = words.iter().map(|w| w.chars().count()).collect();
    let kept = CueOptions {
        max_line_chars: KEPT_CUE_LINE_CHARS,
        max_lines: KEPT_CUE_LINES,
        ..*opts
    };
    let mut fill = Fill::EMPTY;
    if !widths.iter().all(|&w| fill.push(w, &kept)) {
        return None;
    }
    let total = widths.iter().sum::<usize>() + widths.len().saturating_sub(1);
    let lines = if total <= opts.max_line_chars || words.len() < 2 {
        vec![words.join(" ")]
    } else {
        let (first, second) = words.split_at(balanced_break(&widths));
        vec![first.join(" "), second.join(" ")]
    };
    Some(Chunk {
        lines,
        width: total + 1,
        prefixed: prefix.is_some(),
    })
}

/// Where to break words of `widths` into two lines so that the longer line is as short as
/// possible; on a tie, the earlier break (a shorter first line, as subtitle guides prefer).
/// Returns the index of the first word of the second line, in `1..widths.len()`.
fn balanced_break(widths: &[usize]) -> usize {
    let total = widths.iter().sum::<usize>() + widths.len().saturating_sub(1);
    let mut best = (usize::MAX, 1);
    let mut first = 0;
    for (k, w) in widths
        .iter()
        .enumerate()
        .take(widths.len().saturating_sub(1))
    {
        first += w + usize::from(k > 0);
        // The second line loses the space that joined it to the first.
        let longer = first.max(total - first - 1);
        if longer < best.0 {
            best = (longer, k + 1);
        }
    }
    best.1
}

/// Packs a segment's words into cue-sized chunks.
fn chunk(words: &[&str], turn: Turn<'_>, opts: &CueOptions) -> Vec<Chunk> {
    let width = |w: &str| w.chars().count();

    let mut chunks = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let mut fill = Fill::EMPTY;
    let mut prefixed = false;
    let mut finish = |cur: &mut Vec<String>, fill: &mut Fill, prefixed: bool| {
        if !cur.is_empty() {
            chunks.push(wrap(std::mem::take(cur), prefixed, opts));
        }
        *fill = Fill::EMPTY;
    };
    for unit in units(words, opts) {
        let mut trial = fill;
        let unit_fits = !cur.is_empty() && unit.clone().all(|i| trial.push(width(words[i]), opts));
        if unit_fits {
            fill = trial;
            cur.extend(unit.map(|i| words[i].to_owned()));
            continue;
        }
        // The unit does not fit what is left of this cue. When the cue is at least half full,
        // end it here, at a sentence or clause boundary; otherwise fill it word by word rather
        // than leave a short cue. Then continue word by word (a prefix may make a unit overflow).
        if fill.chars(opts) * 2 >= opts.max_line_chars * opts.max_lines {
            finish(&mut cur, &mut fill, prefixed);
        }
        for i in unit {
            let mut trial = fill;
            if cur.is_empty() || !trial.push(width(words[i]), opts) {
                finish(&mut cur, &mut fill, prefixed);
                let first = match turn.prefix_at(words, i, opts) {
                    Some(mark) => format!("{mark}{}", words[i]),
                    None => words[i].to_owned(),
                };
                prefixed = first.len() != words[i].len();
                fill.push(width(&first), opts);
                cur.push(first);
            } else {
                fill = trial;
                cur.push(words[i].to_owned());
            }
        }
    }
    finish(&mut cur, &mut fill, prefixed);
    chunks
}

/// Greedy line wrap of one cue's words; `width` is the cue's characters.
fn wrap(words: Vec<String>, prefixed: bool, opts: &CueOptions) -> Chunk {
    let mut lines: Vec<String> = Vec::new();
    let mut width = 0;
    for w in words {
        let n = w.chars().count();
        width += n + 1;
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + n <= opts.max_line_chars => {
                line.push(' ');
                line.push_str(&w);
            }
            _ => lines.push(w),
        }
    }
    Chunk {
        lines,
        width,
        prefixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(start: u64, end: Option<u64>, text: &str) -> Segment {
        Segment {
            start_ms: start,
            end_ms: end,
            speaker: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn missing_end_is_next_start_and_last_is_duration() {
        let segs = [seg(0, None, "a b"), seg(5_000, None, "c d")];
        assert_eq!(
            resolve_times(&segs, Some(9_000)),
            vec![(0, 5_000), (5_000, 9_000)]
        );
    }

    #[test]
    fn unknown_last_end_is_estimated_from_speaking_rate() {
        let text = "x".repeat(150);
        let segs = [seg(1_000, None, &text)];
        assert_eq!(resolve_times(&segs, None), vec![(1_000, 11_000)]);
    }

    #[test]
    fn untimed_segments_follow_each_other() {
        let segs = [seg(0, None, "one"), seg(0, None, "two")];
        let t = resolve_times(&segs, None);
        assert!(
            t[0].1 <= t[1].0 && t[0].0 < t[0].1 && t[1].0 < t[1].1,
            "{t:?}"
        );
    }

    #[test]
    fn long_segment_splits_at_sentences_and_keeps_words() {
        let text = "This is the first sentence of a long paragraph, which goes on. And here is another one that is long enough to need its own cue, surely. Short.";
        let t = Transcript {
            language: None,
            segments: vec![seg(0, Some(10_000), text)],
        };
        let cues = build(&t, &CueOptions::srt(None));
        assert!(cues.len() > 2);
        let joined: Vec<String> = cues.iter().map(Cue::text).collect();
        assert_eq!(joined.join(" "), text);
        for c in &cues {
            assert!(
                c.lines.len() <= 2 && c.lines.iter().all(|l| l.chars().count() <= 32),
                "{c:?}"
            );
            assert!(c.end_ms > c.start_ms);
        }
        assert_eq!(cues[0].start_ms, 0);
        assert_eq!(cues.last().map(|c| c.end_ms), Some(10_000));
        assert!(cues.windows(2).all(|w| w[0].end_ms <= w[1].start_ms));
    }

    #[test]
    fn a_word_longer_than_a_line_stays_whole() {
        let long = "x".repeat(80);
        let t = Transcript {
            language: None,
            segments: vec![seg(0, Some(1_000), &format!("a {long} b"))],
        };
        let cues = build(&t, &CueOptions::vtt(None));
        assert!(cues.iter().any(|c| c.lines.contains(&long)));
    }

    #[test]
    fn a_timed_caption_stays_one_cue_in_srt_with_balanced_lines() {
        // 61 characters: over SRT's 32 on one line, within two 65-character lines.
        let text = "going to make a handful of rookie mistakes, but that is fine";
        let t = Transcript {
            language: None,
            segments: vec![seg(4_801, Some(7_980), text)],
        };
        let cues = build(&t, &CueOptions::srt(None));
        assert_eq!(cues.len(), 1, "{cues:?}");
        assert_eq!((cues[0].start_ms, cues[0].end_ms), (4_801, 7_980));
        assert_eq!(
            cues[0].lines,
            [
                "going to make a handful of",
                "rookie mistakes, but that is fine"
            ]
        );
        assert_eq!(cues[0].text(), text);
    }

    #[test]
    fn a_timed_caption_that_fits_one_line_stays_on_one() {
        let text = "going to make a handful of rookie mistakes, but that is fine";
        let t = Transcript {
            language: None,
            segments: vec![seg(0, Some(3_000), text)],
        };
        let cues = build(&t, &CueOptions::vtt(None));
        assert_eq!(cues.len(), 1);
        assert_eq!(cues[0].lines, [text]);
    }

    #[test]
    fn the_speaker_prefix_counts_towards_the_kept_cue() {
        // Two lines of two 30-character words; "Darth Vader: " pushes a word to a third line.
        let words = ["abcdefghijklmnopqrstuvwxyzabcd"; 4].join(" ");
        let mut s = seg(0, Some(5_000), &words);
        s.speaker = Some("Darth Vader".into());
        let t = Transcript {
            language: None,
            segments: vec![s],
        };
        assert_eq!(build(&t, &CueOptions::vtt(None)).len(), 1);
        assert!(build(&t, &CueOptions::srt(None)).len() > 1);
    }

    #[test]
    fn untimed_or_long_segments_are_still_cut() {
        let short = "going to make a handful of rookie mistakes, but that is fine";
        let untimed = Transcript {
            language: None,
            segments: vec![seg(0, None, short)],
        };
        assert!(build(&untimed, &CueOptions::srt(Some(9_000))).len() > 1);
        let long = [short; 3].join(" ");
        let timed = Transcript {
            language: None,
            segments: vec![seg(0, Some(9_000), &long)],
        };
        let cues = build(&timed, &CueOptions::vtt(None));
        assert!(cues.len() > 1);
        assert!(
            cues.iter()
                .all(|c| c.lines.iter().all(|l| l.chars().count() <= 65))
        );
    }

    #[test]
    fn balanced_break_minimises_the_longer_line() {
        assert_eq!(balanced_break(&[1, 1, 1, 1]), 2);
        assert_eq!(balanced_break(&[10, 1, 1]), 1);
        assert_eq!(balanced_break(&[1, 1, 10]), 2);
        assert_eq!(balanced_break(&[3, 3, 3]), 1);
    }

    #[test]
    fn srt_prefix_only_at_speaker_change() {
        let mut a = seg(0, Some(1_000), "hello");
        a.speaker = Some("Ana".into());
        let mut b = seg(1_000, Some(2_000), "again");
        b.speaker = Some("Ana".into());
        let mut c = seg(2_000, Some(3_000), "hi");
        c.speaker = Some("Ravi".into());
        let t = Transcript {
            language: None,
            segments: vec![a, b, c],
        };
        let cues = build(&t, &CueOptions::srt(None));
        let firsts: Vec<&str> = cues.iter().map(|c| c.lines[0].as_str()).collect();
        assert_eq!(firsts, ["Ana: hello", "again", "Ravi: hi"]);
    }
}
