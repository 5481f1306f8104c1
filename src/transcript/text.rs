//! Plain text transcripts: one paragraph per segment, no timing.

use super::markup::normalize_ws;
use super::{Segment, Transcript, WriteOptions};

/// Reads paragraphs (separated by blank lines) as segments starting at 0, without end or speaker.
pub fn read(text: &str) -> Transcript {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut segments = Vec::new();
    let mut para = String::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !para.trim().is_empty() {
                segments.push(Segment {
                    text: normalize_ws(&para),
                    ..Segment::default()
                });
            }
            para.clear();
        } else {
            para.push(' ');
            para.push_str(line);
        }
    }
    Transcript {
        language: None,
        segments,
    }
}

/// Writes one paragraph per passage, blank lines between; a passage is a run of segments by the
/// same known speaker, opened with `Name: `. A word-level transcript is first grouped into
/// phrases (`cues::phrases`), so that it is not a paragraph per word.
pub fn write(t: &Transcript, _opts: &WriteOptions) -> String {
    let phrases = super::cues::phrases(t);
    let t = phrases.as_ref().unwrap_or(t);
    let mut paras: Vec<String> = Vec::new();
    let mut last: Option<String> = None;
    for seg in &t.segments {
        let speaker = seg.speaker_name();
        match paras.last_mut() {
            Some(p) if speaker.is_some() && speaker == last => {
                p.push(' ');
                p.push_str(&seg.text);
            }
            _ => paras.push(match &speaker {
                Some(name) => format!("{name}: {}", seg.text),
                None => seg.text.clone(),
            }),
        }
        last = speaker;
    }
    let mut out = paras.join("\n\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_become_segments() {
        let t = read("one\ntwo\n\n\n three \n");
        let texts: Vec<&str> = t.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["one two", "three"]);
    }

    #[test]
    fn a_speaker_run_is_one_paragraph() {
        let seg = |sp: &str, t: &str| Segment {
            speaker: Some(sp.into()),
            text: t.into(),
            ..Segment::default()
        };
        let t = Transcript {
            language: None,
            segments: vec![seg("A", "x."), seg("A", "y."), seg("B", "z.")],
        };
        assert_eq!(write(&t, &WriteOptions::default()), "A: x. y.\n\nB: z.\n");
    }
}
