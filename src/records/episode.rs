//! `feeds/<id>/episodes/<slug>.toml`: one episode.

use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

use super::show::RawPerson;
use super::tags::{
    EpisodeFacts, RawAlternate, RawEpisodeTags, RawImage, RawLocation, RawSoundbite, RawTxt,
};
use super::{keep, tags, values};
use crate::diagnostic::Diagnostic;
use crate::model::{DraftReason, Enclosure, Episode, EpisodeType, Funding};
use crate::toml_file::SourceFile;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEpisode {
    title: Spanned<String>,
    published: Spanned<toml::value::Datetime>,
    description: Option<Spanned<String>>,
    guid: Option<Spanned<String>>,
    season: Option<Spanned<u32>>,
    episode: Option<Spanned<u32>>,
    #[serde(rename = "type", default)]
    episode_type: EpisodeType,
    explicit: Option<bool>,
    duration: Option<Spanned<toml::Value>>,
    image: Option<Spanned<String>>,
    link: Option<Spanned<String>>,
    enclosure: Option<Spanned<RawEnclosure>>,
    // Drafts (issue 17, item 2): held back, not checked, until this is removed.
    #[serde(default)]
    draft: bool,
    transcripts: Option<Vec<RawTranscript>>,
    // --- Item and media tags, Apple's lifecycle tags (issue 12; records/tags.rs) ---
    #[serde(default)]
    persons: Vec<RawPerson>,
    #[serde(default)]
    funding: Vec<Spanned<Funding>>,
    season_name: Option<Spanned<String>>,
    episode_display: Option<Spanned<String>>,
    #[serde(default)]
    soundbites: Vec<Spanned<RawSoundbite>>,
    #[serde(default)]
    locations: Vec<RawLocation>,
    license: Option<Spanned<String>>,
    license_url: Option<Spanned<String>>,
    #[serde(default)]
    txt: Vec<RawTxt>,
    #[serde(default)]
    images: Vec<RawImage>,
    #[serde(default)]
    alternate_enclosures: Vec<Spanned<RawAlternate>>,
    itunes_title: Option<Spanned<String>>,
    #[serde(default)]
    itunes_block: bool,
    // Chapters (issue 12, item 1): the chapters file, when not `<slug>.chapters.json|txt`.
    chapters: Option<Spanned<String>>,
    // Show group (issue 12): value-for-value, social interaction, chat, live items
    // (records/value.rs, records/show_tags.rs).
    #[serde(default)]
    value: Vec<super::value::RawValue>,
    #[serde(default)]
    social_interact: Vec<super::show_tags::RawSocial>,
    chat: Option<super::show_tags::RawChat>,
    live: Option<Spanned<super::show_tags::RawLive>>,
    // Feed import (issue 13): what an imported feed says that Markdown records could not.
    #[serde(default)]
    guid_is_permalink: bool,
    description_format: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnclosure {
    url: Spanned<String>,
    length: Option<u64>,
    #[serde(rename = "type")]
    mime: Option<Spanned<String>>,
    file: Option<Spanned<String>>,
}

/// Media types by file extension, for an enclosure given as a local `file` without a `type`
/// (Apple's formats, SPEC.md §1.3).
const MEDIA_TYPES: [(&str, &str); 6] = [
    ("mp3", "audio/mpeg"),
    ("m4a", "audio/x-m4a"),
    ("mp4", "video/mp4"),
    ("m4v", "video/x-m4v"),
    ("mov", "video/quicktime"),
    ("pdf", "application/pdf"),
];

/// A local media file named by `enclosure.file`, whose size the loader measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// Path relative to the record's folder.
    pub file: String,
    /// The length the record states, if any (it must then match the file).
    pub stated_length: Option<u64>,
    /// Byte offset of `file` in the record (for diagnostics).
    pub offset: usize,
    /// The record's key it is named by (`enclosure`, `alternate_enclosures[0]`), for messages.
    pub field: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTranscript {
    file: Spanned<String>,
    language: Option<Spanned<String>>,
}

/// A transcript file named by an episode record (or found beside it by its stem).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptRef {
    /// File name relative to the record's folder.
    pub file: String,
    /// Language, lower-case, when the record gives one.
    pub language: Option<String>,
    /// Byte offset in the record where the reference is written (for diagnostics).
    pub offset: usize,
}

/// An episode as read from its record; its transcripts are still files to read.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeRecord {
    /// The episode, with `transcripts` empty.
    pub episode: Episode,
    /// The transcripts listed in the record; `None` means "find the file by the episode's stem".
    pub transcripts: Option<Vec<TranscriptRef>>,
    /// The local media file the enclosure's length is measured from, if the record names one.
    pub media: Option<MediaFile>,
    /// Byte offset of `guid` in the record, when the record gives one (for diagnostics).
    pub guid_offset: Option<usize>,
    /// Local files of alternate enclosures to measure: (index in the episode's
    /// `alternate_enclosures`, file).
    pub alternate_media: Vec<(usize, MediaFile)>,
    /// The chapters file named in the record; `None` means "find it by the episode's stem".
    pub chapters: Option<super::chapters::ChaptersRef>,
}

/// A namespace for item guids derived from show id and slug: stable, never from order or time.
const ITEM_GUID_NAMESPACE: uuid::Uuid = uuid::uuid!("5b0e1f6a-3c55-5d0e-9a43-4f1e2c7d8b90");

/// The default item guid of episode `slug` of show `show_id`.
pub fn default_guid(show_id: &str, slug: &str) -> String {
    uuid::Uuid::new_v5(&ITEM_GUID_NAMESPACE, format!("{show_id}/{slug}").as_bytes()).to_string()
}

/// A record as the build reads it: an episode to publish, or a draft to hold back.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// A complete record.
    Episode(Box<EpisodeRecord>),
    /// A draft (`draft = true`, or no `[enclosure]` yet): held back, its values not checked.
    Draft(DraftReason),
}

/// Parses the record of episode `slug` of show `show_id` as the build does: a draft is told
/// apart (once its TOML reads) before its values are checked, so it never stops a build.
pub fn parse_record(
    src: &SourceFile<'_>,
    show_id: &str,
    slug: &str,
) -> Result<Parsed, Vec<Diagnostic>> {
    let raw: RawEpisode = src.deserialize().map_err(|d| vec![d])?;
    if raw.draft {
        return Ok(Parsed::Draft(DraftReason::Marked));
    }
    if raw.enclosure.is_none() {
        return Ok(Parsed::Draft(DraftReason::NoEnclosure));
    }
    episode_of(src, raw, show_id, slug).map(|r| Parsed::Episode(Box::new(r)))
}

/// Parses the record of episode `slug` of show `show_id` as a complete episode: `draft` is
/// ignored and a missing `[enclosure]` is an error.
pub fn parse_episode(
    src: &SourceFile<'_>,
    show_id: &str,
    slug: &str,
) -> Result<EpisodeRecord, Vec<Diagnostic>> {
    let raw: RawEpisode = src.deserialize().map_err(|d| vec![d])?;
    episode_of(src, raw, show_id, slug)
}

/// The episode of a deserialized record, every value checked.
fn episode_of(
    src: &SourceFile<'_>,
    mut raw: RawEpisode,
    show_id: &str,
    slug: &str,
) -> Result<EpisodeRecord, Vec<Diagnostic>> {
    let Some(raw_enclosure) = raw.enclosure.take() else {
        return Err(vec![src.error(
            &crate::rules::records::RECORD_FIELD_MISSING,
            0,
            "missing `[enclosure]`: the media file's `url` and `length` (or `file`)",
        )]);
    };
    let mut errs = Vec::new();

    let published = keep(
        &mut errs,
        values::datetime(src, "published", &raw.published),
    );
    let enclosure_url = keep(
        &mut errs,
        values::absolute_url(src, "enclosure.url", &raw_enclosure.get_ref().url),
    );
    let image = raw
        .image
        .as_ref()
        .map(|v| keep(&mut errs, values::absolute_url(src, "image", v)));
    let link = raw
        .link
        .as_ref()
        .map(|v| keep(&mut errs, values::absolute_url(src, "link", v)));
    let duration = raw
        .duration
        .as_ref()
        .map(|v| keep(&mut errs, values::duration(src, v)));
    let transcripts = raw.transcripts.as_ref().map(|list| {
        list.iter()
            .map(|t| TranscriptRef {
                file: t.file.get_ref().clone(),
                language: t
                    .language
                    .as_ref()
                    .and_then(|l| keep(&mut errs, values::language(src, "language", l))),
                offset: t.file.span().start,
            })
            .collect::<Vec<_>>()
    });
    if raw.title.get_ref().trim().is_empty() {
        errs.push(src.error(
            &crate::rules::records::RECORD_FIELD_EMPTY,
            raw.title.span(),
            "`title` must not be empty",
        ));
    }
    keep(
        &mut errs,
        values::short_text(src, "title", raw.title.span(), raw.title.get_ref().trim()),
    );
    let description = raw
        .description
        .as_ref()
        .map_or("", |d| d.get_ref().trim())
        .to_owned();
    let description_html = keep(&mut errs, description_format(src, &raw.description_format));
    // The feed carries the notes as HTML: Markdown is rendered here, once, and Apple's cap
    // applies to the HTML.
    let description = if description_html == Some(true) {
        description
    } else {
        crate::render::feed::markdown_to_html(&description)
    };
    if let Some(d) = &raw.description {
        keep(
            &mut errs,
            values::long_text(
                src,
                "description",
                d.span(),
                &description,
                "once rendered as HTML",
            ),
        );
    }
    for (field, v) in [("season", &raw.season), ("episode", &raw.episode)] {
        if let Some(n) = v.as_ref().filter(|n| *n.get_ref() == 0) {
            errs.push(src.error(
                &crate::rules::records::RECORD_NUMBER,
                n.span(),
                format!("`{field}` must be a positive whole number, found 0"),
            ));
        }
    }
    let enclosure_at = raw_enclosure.span();
    let enclosure = raw_enclosure.into_inner();
    let mime = keep(
        &mut errs,
        enclosure_type(src, &enclosure, enclosure_at.clone()),
    );
    // Show group (issue 12): a live record's enclosure is its stream, which has no length.
    let value = super::value::values(src, &raw.value, duration.flatten(), &mut errs);
    let social_interact = super::show_tags::social(src, &raw.social_interact, &mut errs);
    let chat = raw
        .chat
        .as_ref()
        .and_then(|c| super::show_tags::chat(src, c, &mut errs));
    let live = raw
        .live
        .as_ref()
        .and_then(|l| super::show_tags::live(src, l, &mut errs));
    if enclosure.length.is_none() && enclosure.file.is_none() && raw.live.is_none() {
        errs.push(
            src.error(
                &crate::rules::records::RECORD_FIELD_MISSING,
                enclosure_at,
                "`[enclosure]` needs `length` (the file size in bytes) or `file` (a local copy to measure)",
            ),
        );
    }
    let media = enclosure.file.as_ref().map(|f| MediaFile {
        file: f.get_ref().clone(),
        stated_length: enclosure.length,
        offset: f.span().start,
        field: "enclosure".to_owned(),
    });
    if let Some(g) = raw.guid.as_ref().filter(|g| g.get_ref().trim().is_empty()) {
        errs.push(src.error(
            &crate::rules::records::RECORD_FIELD_EMPTY,
            g.span(),
            "`guid` must not be empty; leave it out to derive one",
        ));
    }

    let facts = EpisodeFacts {
        season: raw.season.is_some(),
        episode: raw.episode.is_some(),
        duration: duration.flatten(),
    };
    let tags = tags::episode_tags(
        src,
        RawEpisodeTags {
            persons: raw.persons,
            funding: raw.funding,
            season_name: raw.season_name,
            episode_display: raw.episode_display,
            soundbites: raw.soundbites,
            locations: raw.locations,
            license: raw.license,
            license_url: raw.license_url,
            txt: raw.txt,
            images: raw.images,
            alternate_enclosures: raw.alternate_enclosures,
            itunes_title: raw.itunes_title,
            itunes_block: raw.itunes_block,
        },
        facts,
        &mut errs,
    );
    if let Some(c) = raw
        .chapters
        .as_ref()
        .filter(|c| c.get_ref().trim().is_empty())
    {
        errs.push(src.error(
            &crate::rules::records::RECORD_FIELD_EMPTY,
            c.span(),
            "`chapters` must not be empty; leave it out to use `<slug>.chapters.json` or `<slug>.chapters.txt` beside the record",
        ));
    }

    let (Some(published), Some(url), Some(mime), Some(image), Some(link), Some(duration)) = (
        published,
        enclosure_url,
        mime,
        image.transpose_none(),
        link.transpose_none(),
        duration.transpose_none(),
    ) else {
        return Err(errs);
    };
    if !errs.is_empty() {
        return Err(errs);
    }
    let guid_offset = raw.guid.as_ref().map(|g| g.span().start);
    let chapters = raw.chapters.map(|c| super::chapters::ChaptersRef {
        offset: c.span().start,
        file: c.into_inner(),
    });
    Ok(EpisodeRecord {
        guid_offset,
        chapters,
        episode: Episode {
            slug: slug.to_owned(),
            title: raw.title.into_inner().trim().to_owned(),
            published,
            description,
            guid: raw.guid.map_or_else(
                || default_guid(show_id, slug),
                |g| g.into_inner().trim().to_owned(),
            ),
            season: raw.season.map(Spanned::into_inner),
            episode: raw.episode.map(Spanned::into_inner),
            episode_type: raw.episode_type,
            explicit: raw.explicit,
            duration,
            image,
            link,
            enclosure: Enclosure {
                url,
                length: enclosure.length.unwrap_or(0),
                mime,
            },
            transcripts: Vec::new(),
            persons: tags.persons,
            funding: tags.funding,
            season_name: tags.season_name,
            episode_display: tags.episode_display,
            soundbites: tags.soundbites,
            locations: tags.locations,
            license: tags.license,
            txt: tags.txt,
            images: tags.images,
            alternate_enclosures: tags.alternate_enclosures,
            itunes_title: tags.itunes_title,
            itunes_block: tags.itunes_block,
            chapters: None,
            value,
            social_interact,
            chat,
            live,
            guid_is_permalink: raw.guid_is_permalink,
        },
        transcripts,
        media,
        alternate_media: tags.alternate_media,
    })
}

/// `description_format`: `"markdown"` (the default) or `"html"` (notes published as written,
/// as an imported feed had them). `Ok(true)` for HTML.
fn description_format(
    src: &SourceFile<'_>,
    v: &Option<Spanned<String>>,
) -> Result<bool, Diagnostic> {
    match v.as_ref().map(|v| (v, v.get_ref().as_str())) {
        None | Some((_, "markdown")) => Ok(false),
        Some((_, "html")) => Ok(true),
        Some((v, other)) => Err(src.error(
            &crate::rules::records::RECORD_DESCRIPTION_FORMAT,
            v.span(),
            format!("`description_format` must be \"markdown\" or \"html\", found {other:?}"),
        )),
    }
}

/// The enclosure's MIME type: as written, or told from the extension of `file` (else `url`).
fn enclosure_type(
    src: &SourceFile<'_>,
    e: &RawEnclosure,
    at: Range<usize>,
) -> Result<String, Diagnostic> {
    if let Some(mime) = &e.mime {
        let m = mime.get_ref();
        if !crate::mime::is_mime(m) {
            return Err(src.error(
                &crate::rules::records::RECORD_MIME,
                mime.span(),
                format!("`enclosure.type` must be a MIME type such as \"audio/mpeg\", found {m:?}"),
            ));
        }
        return Ok(m.clone());
    }
    let name = e.file.as_ref().unwrap_or(&e.url).get_ref();
    let ext = name
        .rsplit_once('.')
        .map(|(_, x)| x.to_ascii_lowercase())
        .unwrap_or_default();
    MEDIA_TYPES
        .iter()
        .find(|(x, _)| *x == ext)
        .map(|(_, m)| (*m).to_owned())
        .ok_or_else(|| {
            src.error(
                &crate::rules::records::RECORD_FIELD_MISSING,
                at,
                format!("`[enclosure]` needs `type`: the media type of {name:?} cannot be told from its extension"),
            )
        })
}

/// `Option<Option<T>>` where the inner `None` means "invalid" → `Some(Option<T>)` when valid.
trait TransposeNone<T> {
    fn transpose_none(self) -> Option<Option<T>>;
}

impl<T> TransposeNone<T> for Option<Option<T>> {
    fn transpose_none(self) -> Option<Option<T>> {
        match self {
            None => Some(None),
            Some(Some(v)) => Some(Some(v)),
            Some(None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = "Episode"
published = 2024-08-07T09:00:00Z
description = "Notes"
duration = "7:05"

[enclosure]
url = "https://example.com/ep.mp3"
length = 6800000
type = "audio/mpeg"
"#;

    fn parse(text: &str) -> Result<EpisodeRecord, Vec<Diagnostic>> {
        parse_episode(
            &SourceFile {
                name: "ep.toml",
                text,
            },
            "show",
            "ep",
        )
    }

    #[test]
    fn reads_a_good_episode_with_a_stable_guid() {
        let r = parse(GOOD).unwrap();
        assert_eq!(r.episode.duration, Some(425));
        assert_eq!(r.episode.guid, default_guid("show", "ep"));
        assert_eq!(r.episode.guid, parse(GOOD).unwrap().episode.guid);
        assert_ne!(default_guid("show", "ep"), default_guid("show", "ep2"));
        assert!(r.transcripts.is_none());
    }

    #[test]
    fn a_date_without_zone_is_an_error_at_its_line() {
        let text = GOOD.replace("09:00:00Z", "09:00:00");
        let errs = parse(&text).unwrap_err();
        assert_eq!(errs[0].rule, "record.date");
        let at = errs[0].located_in(&text).unwrap();
        assert_eq!(at.line, 3);
        // The whole value is underlined.
        let span = errs[0].label().unwrap().span.clone();
        let value = &text[span];
        assert!(
            value.starts_with("20") && value.ends_with("09:00:00"),
            "{value}"
        );
    }

    #[test]
    fn bad_duration_and_relative_enclosure_are_both_reported() {
        let errs = parse(
            &GOOD
                .replace("\"7:05\"", "\"12 minutes\"")
                .replace("https://example.com/ep.mp3", "ep.mp3"),
        )
        .unwrap_err();
        let rules: Vec<_> = errs.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["record.url", "record.duration"]);
    }

    #[test]
    fn enclosure_type_is_told_from_the_file_extension() {
        let text = GOOD.replace(
            "length = 6800000\ntype = \"audio/mpeg\"\n",
            "file = \"media/ep.m4a\"\n",
        );
        let r = parse(&text).unwrap();
        assert_eq!(r.episode.enclosure.mime, "audio/x-m4a");
        let media = r.media.unwrap();
        assert_eq!(
            (media.file.as_str(), media.stated_length),
            ("media/ep.m4a", None)
        );
    }

    #[test]
    fn enclosure_needs_a_length_or_a_file_and_a_type_it_can_tell() {
        let errs = parse(&GOOD.replace("length = 6800000\n", "")).unwrap_err();
        assert_eq!(errs[0].rule, "record.field.missing");
        assert!(errs[0].message.contains("`length`"), "{errs:?}");
        let errs = parse(
            &GOOD
                .replace("ep.mp3", "ep.bin")
                .replace("type = \"audio/mpeg\"\n", ""),
        )
        .unwrap_err();
        assert!(errs[0].message.contains("needs `type`"), "{errs:?}");
    }

    #[test]
    fn a_draft_is_told_apart_before_its_values_are_checked() {
        let src = |text| SourceFile {
            name: "ep.toml",
            text,
        };
        // Marked: its values are not checked (the duration is not one yet).
        let marked = GOOD
            .replace("\"7:05\"", "\"soon\"")
            .replace("[enclosure]", "draft = true\n[enclosure]");
        assert_eq!(
            parse_record(&src(&marked), "show", "ep"),
            Ok(Parsed::Draft(DraftReason::Marked))
        );
        let bare = "title = \"Later\"\npublished = 2024-08-07T09:00:00Z\n";
        assert_eq!(
            parse_record(&src(bare), "show", "ep"),
            Ok(Parsed::Draft(DraftReason::NoEnclosure))
        );
        // As a complete episode, the missing enclosure is an error at the record.
        let errs = parse(bare).unwrap_err();
        assert_eq!(errs[0].rule, "record.field.missing");
        assert!(matches!(
            parse_record(&src(GOOD), "show", "ep"),
            Ok(Parsed::Episode(_))
        ));
        // `draft = false` is a finished record.
        let finished = GOOD.replace("[enclosure]", "draft = false\n[enclosure]");
        assert!(matches!(
            parse_record(&src(&finished), "show", "ep"),
            Ok(Parsed::Episode(_))
        ));
    }

    #[test]
    fn html_notes_are_kept_as_written_and_another_format_is_an_error() {
        let html = GOOD.replace(
            "description = \"Notes\"",
            "description = \"<p>*a*</p>\"\ndescription_format = \"html\"\nguid_is_permalink = true",
        );
        let e = parse(&html).unwrap().episode;
        assert_eq!(e.description, "<p>*a*</p>", "as written");
        assert!(e.guid_is_permalink);
        let markdown = GOOD.replace("description = \"Notes\"", "description = \"*a*\"");
        assert_eq!(
            parse(&markdown).unwrap().episode.description,
            "<p><em>a</em></p>",
            "rendered once, when read"
        );
        let errs = parse(&html.replace("\"html\"", "\"rst\"")).unwrap_err();
        assert_eq!(errs[0].rule, "record.description-format");
    }
}
