//! The Podcast Index JSON chapters file (SPEC.md §5.1): read with serde (an error names the line
//! and column and what was expected), written with two-space indentation and a final newline,
//! keys in the order of the spec's description, so the same chapters give the same bytes.

use serde::Serializer;

use super::{Chapters, Parsed, ReadError};

/// Reads a JSON chapters file.
pub fn read(text: &str) -> Result<Parsed, ReadError> {
    let chapters: Chapters = serde_json::from_str(text).map_err(|e| {
        // serde_json ends its message with " at line L column C", given apart here.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        ReadError::new(
            e.line(),
            format!("expected a JSON chapters file ({{\"version\": \"1.2.0\", \"chapters\": [{{\"startTime\": 0, …}}]}}): {message}"),
        )
        .at_column(e.column())
    })?;
    let mut lines = start_lines(text);
    // The scan finds one `startTime` key per chapter (serde required each); should a key be
    // missed, the file's first line stands in.
    lines.resize(chapters.chapters.len(), 1);
    Ok(Parsed { chapters, lines })
}

/// Writes `chapters` as JSON: two-space indentation, a final newline, whole seconds as integers.
pub fn write(chapters: &Chapters) -> String {
    // Serialising plain data to a String cannot fail.
    let mut out = serde_json::to_string_pretty(chapters).unwrap_or_default();
    out.push('\n');
    out
}

/// Writes seconds as an integer when whole (`0`, `95`), else as the shortest decimal that reads
/// back to the same number (`95.5`).
pub(super) fn seconds<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    // 2^53: every whole number below it is exact in an f64 and an i64.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if v.fract() == 0.0 && v.abs() < EXACT && !(*v == 0.0 && v.is_sign_negative()) {
        #[allow(clippy::cast_possible_truncation)]
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

/// [`seconds`] for an optional value (only called when it is present).
pub(super) fn optional_seconds<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => seconds(v, s),
        None => s.serialize_none(),
    }
}

/// Chapters held in another serde format as their JSON text (the records' memo, postcard):
/// their attributes (fields left out when empty, whole seconds as integers) are the JSON
/// format's, which a format without field names cannot read back. The text is compact JSON, and
/// reads back to the same chapters (seconds as the shortest decimal that reads back exactly).
pub mod as_text {
    use serde::{Deserialize as _, Deserializer, Serializer};

    use super::Chapters;

    /// Writes `chapters` as their JSON text.
    pub fn serialize<S: Serializer>(chapters: &Chapters, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&serde_json::to_string(chapters).map_err(serde::ser::Error::custom)?)
    }

    /// Reads chapters back from their JSON text.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Chapters, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

/// The 1-based line of every `"startTime"` key in `text`, in order: a small scan of the JSON's
/// strings (escapes included), keeping a string that is followed by `:`.
fn start_lines(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut line, mut i) = (1, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'"' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    } else if bytes[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                let key = &text[start..i.min(bytes.len())];
                let rest = text.get(i + 1..).unwrap_or("").trim_start();
                if key == "startTime" && rest.starts_with(':') {
                    out.push(line);
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapters::{Chapter, Location};

    #[test]
    fn reads_the_spec_example_and_knows_each_chapter_line() {
        let text = "{ \"version\": \"1.2.0\",\n  \"chapters\": [ { \"startTime\": 0, \"title\": \"Intro\" },\n    { \"startTime\": 95.5, \"title\": \"Main \\\"startTime\\\"\", \"url\": \"https://example.org/notes\" },\n    { \"startTime\": 300, \"img\": \"https://example.org/art.jpg\", \"toc\": false } ] }";
        let p = read(text).expect("reads");
        assert_eq!(p.lines, [2, 3, 4]);
        assert_eq!(p.chapters.version, "1.2.0");
        assert_eq!(p.chapters.chapters[1].start_time, 95.5);
        assert_eq!(
            p.chapters.chapters[1].title.as_deref(),
            Some("Main \"startTime\"")
        );
        assert_eq!(p.chapters.chapters[2].toc, Some(false));
    }

    #[test]
    fn bad_json_names_line_column_and_what_was_expected() {
        let e = read("{\"version\": \"1.2.0\",\n\"chapters\": [{\"startTime\": \"ten\"}]}")
            .unwrap_err();
        assert_eq!((e.line, e.column), (2, Some(32)));
        assert!(e.message.contains("expected a JSON chapters file"), "{e}");
        assert!(e.message.contains("expected f64"), "{e}");
        assert!(!e.message.contains(" at line "), "{e}");
        let e =
            read("{\"version\": \"1.2.0\", \"chapters\": [{\"startTime\": 1, \"titel\": \"x\"}]}")
                .unwrap_err();
        assert!(e.message.contains("unknown field `titel`"), "{e}");
        let e = read("{\"chapters\": []}").unwrap_err();
        assert!(e.message.contains("missing field `version`"), "{e}");
    }

    #[test]
    fn writes_whole_seconds_as_integers_and_every_field_in_order() {
        let c = Chapters {
            version: "1.2.0".into(),
            chapters: vec![Chapter {
                start_time: 0.0,
                title: Some("Intro".into()),
                end_time: Some(12.25),
                location: Some(Location {
                    name: "Austin".into(),
                    geo: "geo:30.2672,97.7431".into(),
                    osm: None,
                }),
                ..Chapter::default()
            }],
            waypoints: Some(true),
            ..Chapters::default()
        };
        let out = write(&c);
        assert_eq!(
            out,
            "{\n  \"version\": \"1.2.0\",\n  \"chapters\": [\n    {\n      \"startTime\": 0,\n      \"title\": \"Intro\",\n      \"endTime\": 12.25,\n      \"location\": {\n        \"name\": \"Austin\",\n        \"geo\": \"geo:30.2672,97.7431\"\n      }\n    }\n  ],\n  \"waypoints\": true\n}\n"
        );
        assert_eq!(read(&out).expect("reads back").chapters, c);
    }

    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of("\\PC{0,12}")
    }

    fn seconds() -> impl Strategy<Value = f64> {
        prop_oneof![(0u32..100_000).prop_map(f64::from), 0.0f64..1e7]
    }

    fn chapter() -> impl Strategy<Value = Chapter> {
        let location = proptest::option::of(
            ("\\PC{0,8}", "\\PC{0,8}", text()).prop_map(|(name, geo, osm)| Location {
                name,
                geo,
                osm,
            }),
        );
        (
            (seconds(), text(), text(), text()),
            (
                proptest::option::of(any::<bool>()),
                proptest::option::of(seconds()),
                location,
            ),
        )
            .prop_map(
                |((start_time, title, img, url), (toc, end_time, location))| Chapter {
                    start_time,
                    title,
                    img,
                    url,
                    toc,
                    end_time,
                    location,
                },
            )
    }

    proptest! {
        #[test]
        fn json_write_then_read_is_the_identity(
            version in "\\PC{0,8}",
            chapters in proptest::collection::vec(chapter(), 0..6),
            meta in (text(), text(), text(), text(), text(), proptest::option::of(any::<bool>())),
        ) {
            let (author, title, podcast_name, description, file_name, waypoints) = meta;
            let c = Chapters { version, chapters, author, title, podcast_name, description, file_name, waypoints };
            let back = read(&write(&c)).expect("reads back");
            prop_assert_eq!(back.chapters, c);
        }
    }
}
