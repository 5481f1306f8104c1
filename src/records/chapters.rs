//! An episode's chapters file (SPEC.md §5.1): found beside the record by its stem
//! (`<slug>.chapters.json` or `<slug>.chapters.txt`) or named in it (`chapters = "file"`),
//! parsed and checked when the records load. Pure: [`read`](super::read) reads the bytes.
//!
//! Every problem of the file is reported at once, each at its line in the chapters file: times
//! backwards or past the episode's end, end times before their start, links that are not
//! absolute http(s) URLs; a file that does not parse stops at its first problem.

use crate::chapters::{self, Check};
use crate::diagnostic::{Diagnostic, Label, Source};
use crate::model::EpisodeChapters;
use crate::rules::records::{
    RECORD_CHAPTERS_AMBIGUOUS, RECORD_CHAPTERS_INVALID, RECORD_CHAPTERS_TIMES,
    RECORD_CHAPTERS_VALUE,
};

/// The names a chapters file beside a record may have, after `<slug>.`, in order of preference.
pub const SUFFIXES: [&str; 2] = ["chapters.json", "chapters.txt"];

/// A chapters file named by an episode record, or found beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChaptersRef {
    /// File name relative to the record's folder.
    pub file: String,
    /// Byte offset in the record where it is named (0 when found by the stem).
    pub offset: usize,
}

/// The chapters file beside the record `record` of `slug`, if one: `files` are the names in its
/// folder `dir`.
pub fn beside(
    files: &std::collections::BTreeSet<String>,
    slug: &str,
    record: &str,
    dir: &std::path::Path,
) -> Result<Option<ChaptersRef>, Diagnostic> {
    let found = super::named_beside(files, slug, &SUFFIXES);
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(ChaptersRef {
            file: one.clone(),
            offset: 0,
        })),
        [_, second, ..] => Err(Diagnostic::new(
            &RECORD_CHAPTERS_AMBIGUOUS,
            format!(
                "two chapters files share the name of episode {record}: {}",
                found.join(", ")
            ),
        )
        .at(Label::point(dir.join(second).display().to_string(), 0))
        .help(format!(
            "keep one, or name the one to publish with `chapters = \"…\"` in {record}"
        ))),
    }
}

/// Parses and checks the chapters file `name` (its `text`, whose bytes hash to `sha256`);
/// `duration` is the episode's, in seconds, when known. `source` is the name kept in the model.
pub fn load(
    name: &str,
    text: &str,
    source: String,
    sha256: crate::hash::Sha256,
    duration: Option<u64>,
) -> Result<EpisodeChapters, Vec<Diagnostic>> {
    let index = Source::new(text.to_owned());
    let at = |line: usize, column: usize| Label::point(name, index.offset_of(line, column));
    let parsed = chapters::read(name, text.as_bytes(), None).map_err(|e| {
        vec![
            Diagnostic::new(
                &RECORD_CHAPTERS_INVALID,
                format!("chapters file is not valid: {}", e.message),
            )
            .at(at(e.line, e.column.unwrap_or(1))),
        ]
    })?;
    #[allow(clippy::cast_precision_loss)]
    let problems = chapters::check(&parsed, duration.map(|d| d as f64));
    if !problems.is_empty() {
        return Err(problems
            .into_iter()
            .map(|p| {
                let rule = match p.check {
                    Check::Times => &RECORD_CHAPTERS_TIMES,
                    Check::Version | Check::Url | Check::Location => &RECORD_CHAPTERS_VALUE,
                };
                Diagnostic::new(rule, p.message).at(at(p.line, 1))
            })
            .collect());
    }
    Ok(EpisodeChapters {
        source,
        source_sha256: sha256,
        chapters: parsed.chapters,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_located_in_the_chapters_file() {
        let text = "00:00 Intro\n03:00 Two <art.jpg>\n02:00 Back\n";
        let errs = load(
            "ep.chapters.txt",
            text,
            "ep.chapters.txt".into(),
            crate::hash::Sha256::of(b""),
            Some(150),
        )
        .unwrap_err();
        let got: Vec<(&str, usize)> = errs
            .iter()
            .map(|d| (d.rule.id, d.located_in(text).expect("located").line))
            .collect();
        assert_eq!(
            got,
            [
                ("record.chapters.times", 2),
                ("record.chapters.value", 2),
                ("record.chapters.times", 3),
            ]
        );
        let errs = load(
            "ep.chapters.json",
            "{\n\"version\": 1}",
            String::new(),
            crate::hash::Sha256::of(b""),
            None,
        )
        .unwrap_err();
        assert_eq!(errs[0].rule.id, "record.chapters.invalid");
        assert_eq!(
            errs[0]
                .located_in("{\n\"version\": 1}")
                .expect("located")
                .line,
            2
        );
    }

    #[test]
    fn two_files_beside_one_record_are_ambiguous() {
        let files = ["ep.chapters.json", "ep.chapters.txt", "ep.toml"]
            .map(String::from)
            .into_iter()
            .collect();
        let d = beside(&files, "ep", "ep.toml", std::path::Path::new("dir")).unwrap_err();
        assert_eq!(d.rule.id, "record.chapters.ambiguous");
        assert_eq!(d.label().expect("label").file, "dir/ep.chapters.txt");
        let one = ["ep.chapters.txt".to_owned()].into_iter().collect();
        assert_eq!(
            beside(&one, "ep", "ep.toml", std::path::Path::new("dir")).expect("one"),
            Some(ChaptersRef {
                file: "ep.chapters.txt".into(),
                offset: 0
            })
        );
    }
}
