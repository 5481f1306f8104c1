//! The item and media keys of show.toml and episode records, and Apple's lifecycle keys
//! (issue 12): locations, licence, txt, images, soundbites, alternate enclosures, episode
//! persons and funding, season name and episode display, `itunes_*`, `new_feed_url`,
//! `enclosure_prefix`. Values are checked by the grammars of [`crate::namespace`], the same
//! functions the validator's rules call; every problem is located in the record.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use super::show::{RawPerson, check_funding, check_person, person};
use super::{MediaFile, keep, values};
use crate::diagnostic::Diagnostic;
use crate::model::{
    AlternateEnclosure, Funding, Image, Integrity, License, Location, Person, Soundbite, Source,
    Txt,
};
use crate::namespace::{image, license, location, media};
use crate::rule::Rule;
use crate::rules::records as r;
use crate::toml_file::SourceFile;

/// `[[locations]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLocation {
    name: Spanned<String>,
    rel: Option<Spanned<String>>,
    geo: Option<Spanned<String>>,
    osm: Option<Spanned<String>>,
    country: Option<Spanned<String>>,
}

/// `[[txt]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTxt {
    text: Spanned<String>,
    purpose: Option<Spanned<String>>,
}

/// `[[images]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawImage {
    href: Spanned<String>,
    alt: Option<String>,
    aspect_ratio: Option<Spanned<String>>,
    width: Option<u32>,
    height: Option<u32>,
    #[serde(rename = "type")]
    mime: Option<Spanned<String>>,
    purpose: Option<Spanned<String>>,
}

/// `[[soundbites]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSoundbite {
    start: Spanned<f64>,
    duration: Spanned<f64>,
    title: Option<Spanned<String>>,
}

/// `[[alternate_enclosures]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAlternate {
    #[serde(rename = "type")]
    mime: Spanned<String>,
    length: Option<u64>,
    file: Option<Spanned<String>>,
    bitrate: Option<f64>,
    height: Option<u32>,
    lang: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    rel: Option<Spanned<String>>,
    codecs: Option<String>,
    #[serde(default)]
    default: bool,
    #[serde(default)]
    sources: Vec<RawSource>,
    integrity: Option<RawIntegrity>,
}

/// `sources = [{ uri, content_type }]` of an alternate enclosure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSource {
    uri: Spanned<String>,
    content_type: Option<Spanned<String>>,
}

/// `integrity = { type, value }` of an alternate enclosure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIntegrity {
    #[serde(rename = "type")]
    kind: Spanned<String>,
    value: String,
}

/// This group's keys of show.toml, moved out of the raw show.
#[derive(Debug)]
pub(super) struct RawShowTags {
    pub license: Option<Spanned<String>>,
    pub license_url: Option<Spanned<String>>,
    pub locations: Vec<RawLocation>,
    pub txt: Vec<RawTxt>,
    pub images: Vec<RawImage>,
    pub itunes_title: Option<Spanned<String>>,
    pub itunes_block: bool,
    pub itunes_complete: bool,
    pub new_feed_url: Option<Spanned<String>>,
    pub enclosure_prefix: Option<Spanned<String>>,
}

/// This group's values of a show.
#[derive(Debug, Default)]
pub(super) struct ShowTags {
    pub license: Option<License>,
    pub locations: Vec<Location>,
    pub txt: Vec<Txt>,
    pub images: Vec<Image>,
    pub itunes_title: Option<String>,
    pub itunes_block: bool,
    pub itunes_complete: bool,
    pub new_feed_url: Option<Url>,
    pub enclosure_prefix: Option<String>,
}

/// Checks and converts the show's keys of this group; problems go to `errs`.
pub(super) fn show_tags(
    src: &SourceFile<'_>,
    raw: RawShowTags,
    errs: &mut Vec<Diagnostic>,
) -> ShowTags {
    let itunes_title = raw.itunes_title.map(|t| {
        errs.extend(values::short_text(src, "itunes_title", t.span(), t.get_ref().trim()).err());
        t.into_inner().trim().to_owned()
    });
    let new_feed_url = raw
        .new_feed_url
        .and_then(|u| keep(errs, values::absolute_url(src, "new_feed_url", &u)));
    let enclosure_prefix = raw
        .enclosure_prefix
        .and_then(|p| enclosure_prefix(src, &p).map_err(|d| errs.push(d)).ok());
    ShowTags {
        license: license_of(src, raw.license, raw.license_url, errs),
        locations: locations(src, raw.locations, errs),
        txt: txts(src, raw.txt, errs),
        images: images(src, raw.images, errs),
        itunes_title,
        itunes_block: raw.itunes_block,
        itunes_complete: raw.itunes_complete,
        new_feed_url,
        enclosure_prefix,
    }
}

/// `enclosure_prefix` (show.toml, or `[build]` of config.toml, which passes its own text).
pub(super) fn enclosure_prefix(
    src: &SourceFile<'_>,
    p: &Spanned<String>,
) -> Result<String, Diagnostic> {
    media::enclosure_prefix(p.get_ref())
        .map(str::to_owned)
        .map_err(|e| {
            bad(
                src,
                &r::RECORD_ENCLOSURE_PREFIX,
                p.span(),
                "enclosure_prefix",
                &e,
            )
        })
}

/// This group's keys of an episode record, moved out of the raw episode.
#[derive(Debug)]
pub(super) struct RawEpisodeTags {
    pub persons: Vec<RawPerson>,
    pub funding: Vec<Spanned<Funding>>,
    pub season_name: Option<Spanned<String>>,
    pub episode_display: Option<Spanned<String>>,
    pub soundbites: Vec<Spanned<RawSoundbite>>,
    pub locations: Vec<RawLocation>,
    pub license: Option<Spanned<String>>,
    pub license_url: Option<Spanned<String>>,
    pub txt: Vec<RawTxt>,
    pub images: Vec<RawImage>,
    pub alternate_enclosures: Vec<Spanned<RawAlternate>>,
    pub itunes_title: Option<Spanned<String>>,
    pub itunes_block: bool,
}

/// This group's values of an episode, and the local files of its alternate enclosures to
/// measure: (index in `alternate_enclosures`, file).
#[derive(Debug, Default)]
pub(super) struct EpisodeTags {
    pub persons: Vec<Person>,
    pub funding: Vec<Funding>,
    pub season_name: Option<String>,
    pub episode_display: Option<String>,
    pub soundbites: Vec<Soundbite>,
    pub locations: Vec<Location>,
    pub license: Option<License>,
    pub txt: Vec<Txt>,
    pub images: Vec<Image>,
    pub alternate_enclosures: Vec<AlternateEnclosure>,
    pub alternate_media: Vec<(usize, MediaFile)>,
    pub itunes_title: Option<String>,
    pub itunes_block: bool,
}

/// What an episode's other keys tell this group: `season` and `episode` are set, the duration.
#[derive(Debug, Clone, Copy)]
pub(super) struct EpisodeFacts {
    pub season: bool,
    pub episode: bool,
    pub duration: Option<u64>,
}

/// Checks and converts an episode's keys of this group; problems go to `errs`.
pub(super) fn episode_tags(
    src: &SourceFile<'_>,
    raw: RawEpisodeTags,
    facts: EpisodeFacts,
    errs: &mut Vec<Diagnostic>,
) -> EpisodeTags {
    for p in &raw.persons {
        errs.extend(check_person(src, p));
    }
    errs.extend(check_funding(src, &raw.funding));
    let season_name = numbered_label(
        src,
        raw.season_name,
        ("season_name", "season", facts.season, media::MAX_LABEL),
        errs,
    );
    let episode_display = numbered_label(
        src,
        raw.episode_display,
        (
            "episode_display",
            "episode",
            facts.episode,
            media::MAX_SHORT,
        ),
        errs,
    );
    let itunes_title = raw.itunes_title.map(|t| {
        errs.extend(values::short_text(src, "itunes_title", t.span(), t.get_ref().trim()).err());
        t.into_inner().trim().to_owned()
    });
    let (alternate_enclosures, alternate_media) = alternates(src, raw.alternate_enclosures, errs);
    EpisodeTags {
        persons: raw.persons.into_iter().map(person).collect(),
        funding: raw.funding.into_iter().map(Spanned::into_inner).collect(),
        season_name,
        episode_display,
        soundbites: soundbites(src, raw.soundbites, facts.duration, errs),
        locations: locations(src, raw.locations, errs),
        license: license_of(src, raw.license, raw.license_url, errs),
        txt: txts(src, raw.txt, errs),
        images: images(src, raw.images, errs),
        alternate_enclosures,
        alternate_media,
        itunes_title,
        itunes_block: raw.itunes_block,
    }
}

/// A diagnostic of `rule` at `at`: "`field`: expected …".
fn bad(
    src: &SourceFile<'_>,
    rule: &'static Rule,
    at: Range<usize>,
    field: &str,
    expected: &str,
) -> Diagnostic {
    src.error(rule, at, format!("`{field}`: expected {expected}"))
}

/// `season_name` / `episode_display`: needs its number (`what`: key, number key, number given,
/// cap).
fn numbered_label(
    src: &SourceFile<'_>,
    v: Option<Spanned<String>>,
    (key, number, given, max): (&str, &str, bool, usize),
    errs: &mut Vec<Diagnostic>,
) -> Option<String> {
    let v = v?;
    if !given {
        errs.push(src.error(
            &r::RECORD_FIELD_MISSING,
            v.span(),
            format!("`{key}` needs `{number}`: podcast:{number} carries the number it names"),
        ));
    }
    if let Err(e) = media::at_most(v.get_ref().trim(), max) {
        errs.push(bad(src, &r::RECORD_FIELD_TOO_LONG, v.span(), key, &e));
    }
    Some(v.into_inner().trim().to_owned())
}

fn license_of(
    src: &SourceFile<'_>,
    id: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    errs: &mut Vec<Diagnostic>,
) -> Option<License> {
    let url = url.and_then(|u| keep(errs, values::absolute_url(src, "license_url", &u)));
    let Some(id) = id else {
        if url.is_some() {
            errs.push(src.error(
                &r::RECORD_FIELD_MISSING,
                0,
                "`license_url` needs `license`, the licence's identifier",
            ));
        }
        return None;
    };
    match license::license(id.get_ref(), url.is_some()) {
        Ok(known) => Some(License {
            identifier: known.map_or_else(|| id.get_ref().trim().to_owned(), str::to_owned),
            url,
        }),
        Err(e) => {
            errs.push(bad(src, &r::RECORD_LICENSE, id.span(), "license", &e));
            None
        }
    }
}

fn locations(
    src: &SourceFile<'_>,
    raw: Vec<RawLocation>,
    errs: &mut Vec<Diagnostic>,
) -> Vec<Location> {
    let mut out = Vec::new();
    for l in raw {
        let rule = &r::RECORD_LOCATION;
        let mut check =
            |field: &str, v: &Option<Spanned<String>>, f: fn(&str) -> Result<String, String>| {
                v.as_ref().and_then(|v| {
                    f(v.get_ref())
                        .map_err(|e| errs.push(bad(src, rule, v.span(), field, &e)))
                        .ok()
                })
            };
        let rel = check("rel", &l.rel, |s| location::rel(s).map(str::to_owned));
        let geo = check("geo", &l.geo, |s| location::geo(s).map(|_| s.to_owned()));
        let osm = check("osm", &l.osm, |s| location::osm(s).map(|_| s.to_owned()));
        let country = check("country", &l.country, location::country);
        if let Err(e) = location::name(l.name.get_ref()) {
            errs.push(bad(src, rule, l.name.span(), "name", &e));
        }
        out.push(Location {
            name: l.name.into_inner().trim().to_owned(),
            rel,
            geo,
            osm,
            country,
        });
    }
    out
}

fn txts(src: &SourceFile<'_>, raw: Vec<RawTxt>, errs: &mut Vec<Diagnostic>) -> Vec<Txt> {
    let mut out = Vec::new();
    for t in raw {
        let text = t.text.get_ref().trim();
        let mut check = |field: &str, at: Range<usize>, r: Result<(), String>| {
            if let Err(e) = r {
                errs.push(bad(src, &r::RECORD_TXT, at, field, &e));
            }
        };
        check(
            "text",
            t.text.span(),
            media::at_most(text, media::MAX_TXT).map(drop),
        );
        if let Some(p) = &t.purpose {
            check(
                "purpose",
                p.span(),
                media::at_most(p.get_ref(), media::MAX_LABEL).map(drop),
            );
            if p.get_ref() == media::AI_CONTENT {
                check("text", t.text.span(), media::ai_content(text).map(drop));
            }
        }
        out.push(Txt {
            text: text.to_owned(),
            purpose: t.purpose.map(Spanned::into_inner),
        });
    }
    out
}

fn images(src: &SourceFile<'_>, raw: Vec<RawImage>, errs: &mut Vec<Diagnostic>) -> Vec<Image> {
    let mut out = Vec::new();
    for i in raw {
        let href = keep(errs, values::absolute_url(src, "images.href", &i.href));
        if let Some(a) = &i.aspect_ratio
            && let Err(e) = image::aspect_ratio(a.get_ref())
        {
            errs.push(bad(src, &r::RECORD_IMAGE, a.span(), "aspect_ratio", &e));
        }
        if let Some(p) = &i.purpose
            && let Err(e) = image::purpose(p.get_ref())
        {
            errs.push(bad(src, &r::RECORD_IMAGE, p.span(), "purpose", &e));
        }
        if let Some(m) = i
            .mime
            .as_ref()
            .filter(|m| !crate::mime::is_mime(m.get_ref()))
        {
            errs.push(bad(
                src,
                &r::RECORD_MIME,
                m.span(),
                "images.type",
                "a MIME type such as \"image/webp\"",
            ));
        }
        out.extend(href.map(|href| Image {
            href,
            alt: i.alt.map(|a| a.trim().to_owned()),
            aspect_ratio: i.aspect_ratio.map(|a| a.into_inner().trim().to_owned()),
            width: i.width,
            height: i.height,
            mime: i.mime.map(Spanned::into_inner),
            purpose: i.purpose.map(Spanned::into_inner),
        }));
    }
    out
}

fn soundbites(
    src: &SourceFile<'_>,
    raw: Vec<Spanned<RawSoundbite>>,
    duration: Option<u64>,
    errs: &mut Vec<Diagnostic>,
) -> Vec<Soundbite> {
    let mut out = Vec::new();
    for s in raw {
        let at = s.span();
        let s = s.into_inner();
        let (start, length) = (*s.start.get_ref(), *s.duration.get_ref());
        let problem = if !(start.is_finite() && start >= 0.0) {
            Some((
                s.start.span(),
                "start",
                "a number of seconds ≥ 0".to_owned(),
            ))
        } else if !(length.is_finite() && length > 0.0) {
            Some((
                s.duration.span(),
                "duration",
                "a number of seconds > 0".to_owned(),
            ))
        } else {
            duration.filter(|&d| start + length > d as f64).map(|d| {
                (
                    at,
                    "soundbites",
                    format!(
                        "a soundbite within the episode's {d} seconds; it ends at {}",
                        start + length
                    ),
                )
            })
        };
        if let Some((at, field, e)) = problem {
            errs.push(bad(src, &r::RECORD_SOUNDBITE, at, field, &e));
        }
        if let Some(t) = &s.title
            && let Err(e) = media::at_most(t.get_ref().trim(), media::MAX_LABEL)
        {
            errs.push(bad(src, &r::RECORD_FIELD_TOO_LONG, t.span(), "title", &e));
        }
        out.push(Soundbite {
            start,
            duration: length,
            title: s
                .title
                .map(|t| t.into_inner().trim().to_owned())
                .filter(|t| !t.is_empty()),
        });
    }
    out
}

fn alternates(
    src: &SourceFile<'_>,
    raw: Vec<Spanned<RawAlternate>>,
    errs: &mut Vec<Diagnostic>,
) -> (Vec<AlternateEnclosure>, Vec<(usize, MediaFile)>) {
    let mut out = Vec::new();
    let mut files = Vec::new();
    let defaults = raw.iter().filter(|a| a.get_ref().default).count();
    if defaults > 1 {
        let at = raw
            .iter()
            .rfind(|a| a.get_ref().default)
            .map(Spanned::span)
            .unwrap_or_default();
        errs.push(bad(
            src,
            &r::RECORD_ALTERNATE_ENCLOSURE,
            at,
            "default",
            "at most one alternate enclosure marked `default`",
        ));
    }
    for (n, a) in raw.into_iter().enumerate() {
        let at = a.span();
        let a = a.into_inner();
        if let Some(f) = &a.file {
            files.push((
                n,
                MediaFile {
                    file: f.get_ref().clone(),
                    stated_length: a.length,
                    offset: f.span().start,
                    field: format!("alternate_enclosures[{n}]"),
                },
            ));
        }
        out.extend(alternate(src, a, at, errs));
    }
    (out, files)
}

fn alternate(
    src: &SourceFile<'_>,
    a: RawAlternate,
    at: Range<usize>,
    errs: &mut Vec<Diagnostic>,
) -> Option<AlternateEnclosure> {
    let rule = &r::RECORD_ALTERNATE_ENCLOSURE;
    if !crate::mime::is_mime(a.mime.get_ref()) {
        errs.push(bad(
            src,
            &r::RECORD_MIME,
            a.mime.span(),
            "type",
            "a MIME type such as \"audio/opus\"",
        ));
    }
    if a.sources.is_empty() {
        errs.push(bad(
            src,
            rule,
            at.clone(),
            "sources",
            "at least one source: sources = [{ uri = \"https://…\" }]",
        ));
    }
    for (field, v) in [("title", &a.title), ("rel", &a.rel)] {
        if let Some(v) = v
            && let Err(e) = media::at_most(v.get_ref(), media::MAX_SHORT)
        {
            errs.push(bad(src, rule, v.span(), field, &e));
        }
    }
    if let Some(b) = a.bitrate.filter(|b| !(b.is_finite() && *b > 0.0)) {
        errs.push(bad(
            src,
            rule,
            at.clone(),
            "bitrate",
            &format!("bits per second > 0, found {b}"),
        ));
    }
    let lang = a
        .lang
        .as_ref()
        .and_then(|l| keep(errs, values::language(src, "lang", l)));
    let integrity = a
        .integrity
        .and_then(|i| match media::integrity(i.kind.get_ref(), &i.value) {
            Ok(()) => Some(Integrity {
                kind: i.kind.into_inner(),
                value: i.value,
            }),
            Err(e) => {
                errs.push(bad(src, rule, i.kind.span(), "integrity", &e));
                None
            }
        });
    let mut sources = Vec::new();
    for s in a.sources {
        match Url::parse(s.uri.get_ref().trim()) {
            Ok(uri) => sources.push(Source {
                uri,
                content_type: s.content_type.map(Spanned::into_inner),
            }),
            Err(e) => errs.push(bad(
                src,
                rule,
                s.uri.span(),
                "uri",
                &format!(
                    "an absolute URI (https:, magnet:, ipfs:…), found {:?} ({e})",
                    s.uri.get_ref()
                ),
            )),
        }
    }
    Some(AlternateEnclosure {
        mime: a.mime.into_inner(),
        length: a.length,
        bitrate: a.bitrate,
        height: a.height,
        lang,
        title: a.title.map(Spanned::into_inner),
        rel: a.rel.map(Spanned::into_inner),
        codecs: a.codecs,
        default: a.default,
        sources,
        integrity,
    })
}
