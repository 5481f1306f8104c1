//! Value rules of the `podcast:` item and media tags (SPEC.md §5.2): location, license, txt,
//! image, alternateEnclosure with source and integrity, soundbite, season, episode and person.
//! The values are read by the grammars of [`crate::namespace`], the functions the records
//! loader also calls; `rules::podcast` checks the tags' structure (parents, required
//! attributes, numbers).

use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Warning};
use crate::diagnostic::clip;
use crate::feed::{Element, ElementId, Ns};
use crate::namespace::{image, license, location, media};

/// `podcast.location.value`: a location's geo, osm or country cannot be read.
pub static PODCAST_LOCATION_VALUE: Rule = rule(
    "podcast.location.value",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:location; docs/tags/location.md)",
    "a location's geo, osm or country cannot be read",
    "geo is an RFC 5870 geo URI (\"geo:30.2672,-97.7431\"), osm an OpenStreetMap type initial N, W or R and a number (\"R113314\"), country an ISO 3166-1 alpha-2 code (\"US\").",
);

/// `podcast.location.recommended`: a location without geo, osm or country.
pub static PODCAST_LOCATION_RECOMMENDED: Rule = rule(
    "podcast.location.recommended",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:location; docs/tags/location.md)",
    "a location without geo, osm or country",
    "The tag's doc marks geo, osm and country recommended (\"the location tag works best when all elements are populated\"); the name alone is only a display string.",
);

/// `podcast.license.url`: a custom licence without a url.
pub static PODCAST_LICENSE_URL: Rule = rule(
    "podcast.license.url",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:license; docs/examples/license/licenses.json)",
    "a custom licence without a url",
    "url is optional only for the well-known licences of the namespace's list (ARR, CC-BY-4.0, CC-BY-NC-4.0, CC-BY-NC-ND-4.0, POD-V4V-1.0); for a custom licence it is required.",
);

/// `podcast.txt.ai-content`: a podcast:txt purpose="ai-content" that is not true or false.
pub static PODCAST_TXT_AI_CONTENT: Rule = rule(
    "podcast.txt.ai-content",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2, §8.3 (podcast:txt; docs/tags/txt.md)",
    "a podcast:txt purpose=\"ai-content\" that is not true or false",
    "With purpose=\"ai-content\" the text is a boolean, true or false, and works like itunes:explicit.",
);

/// `podcast.image.value`: a podcast:image aspect-ratio or type that cannot be read.
pub static PODCAST_IMAGE_VALUE: Rule = rule(
    "podcast.image.value",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:image; docs/tags/image.md)",
    "a podcast:image aspect-ratio or type that cannot be read",
    "aspect-ratio follows CSS (\"1/1\", \"16/9\"); type is a MIME type such as image/webp or video/mp4.",
);

/// `podcast.image.recommended`: a podcast:image without alt, aspect-ratio or width.
pub static PODCAST_IMAGE_RECOMMENDED: Rule = rule(
    "podcast.image.recommended",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:image; docs/tags/image.md)",
    "a podcast:image without alt, aspect-ratio or width",
    "The tag's doc marks alt (accessibility), aspect-ratio and width recommended: apps need them to choose and lay out an image.",
);

/// `podcast.image.purpose`: a podcast:image purpose longer than 128 characters.
pub static PODCAST_IMAGE_PURPOSE: Rule = rule(
    "podcast.image.purpose",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:image; docs/tags/image.md)",
    "a podcast:image purpose longer than 128 characters",
    "purpose is a set of space-separated tokens that \"should not exceed 128 characters\".",
);

/// `podcast.alternate-enclosure.source`: an alternate enclosure without a podcast:source.
pub static PODCAST_ALTERNATE_SOURCE: Rule = rule(
    "podcast.alternate-enclosure.source",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:alternateEnclosure; docs/tags/alternate-enclosure.md)",
    "an alternate enclosure without a podcast:source",
    "The node value of podcast:alternateEnclosure must be one or more podcast:source elements, each giving a URI of the media.",
);

/// `podcast.alternate-enclosure.value`: an alternate enclosure or source value that cannot be read.
pub static PODCAST_ALTERNATE_VALUE: Rule = rule(
    "podcast.alternate-enclosure.value",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:alternateEnclosure, podcast:source, podcast:integrity)",
    "an alternate enclosure or source value that cannot be read",
    "type and contentType are MIME types, a source's uri is an absolute URI, and an integrity value is an SRI hash (type=\"sri\") or a base64 PGP signature (type=\"pgp-signature\").",
);

/// `podcast.alternate-enclosure.recommended`: an alternate enclosure without length, or a long title or rel.
pub static PODCAST_ALTERNATE_RECOMMENDED: Rule = rule(
    "podcast.alternate-enclosure.recommended",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:alternateEnclosure; docs/tags/alternate-enclosure.md)",
    "an alternate enclosure without length, or a long title or rel",
    "length is recommended, and title and rel \"should be limited to 32 characters\".",
);

/// `podcast.soundbite.duration`: a soundbite shorter than 15 or longer than 120 seconds.
pub static PODCAST_SOUNDBITE_DURATION: Rule = rule(
    "podcast.soundbite.duration",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:soundbite; docs/tags/soundbite.md)",
    "a soundbite shorter than 15 or longer than 120 seconds",
    "The namespace recommends soundbites between 15 and 120 seconds long.",
);

/// `podcast.soundbite.range`: a soundbite that ends after the episode.
pub static PODCAST_SOUNDBITE_RANGE: Rule = rule(
    "podcast.soundbite.range",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:soundbite), §8.2",
    "a soundbite that ends after the episode",
    "A soundbite is a part of the item's enclosure, so startTime + duration falls within the itunes:duration the item gives.",
);

/// `podcast.label.too-long`: a season name or episode display longer than the namespace allows.
pub static PODCAST_LABEL_TOO_LONG: Rule = rule(
    "podcast.label.too-long",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:season name, podcast:episode display)",
    "a season name or episode display longer than the namespace allows",
    "\"Please do not exceed 128 characters\" for podcast:season name and 32 for podcast:episode display.",
);

/// `podcast.person.taxonomy`: a person's role or group not in the Podcast Taxonomy.
pub static PODCAST_PERSON_TAXONOMY: Rule = rule(
    "podcast.person.taxonomy",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:person; taxonomy-en.json)",
    "a person's role or group not in the Podcast Taxonomy",
    "role and group should be an official role and group of the Podcast Taxonomy (case-insensitive), a role of its group; apps map them to their display.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &PODCAST_LOCATION_VALUE,
    &PODCAST_LOCATION_RECOMMENDED,
    &PODCAST_LICENSE_URL,
    &PODCAST_TXT_AI_CONTENT,
    &PODCAST_IMAGE_VALUE,
    &PODCAST_IMAGE_RECOMMENDED,
    &PODCAST_IMAGE_PURPOSE,
    &PODCAST_ALTERNATE_SOURCE,
    &PODCAST_ALTERNATE_VALUE,
    &PODCAST_ALTERNATE_RECOMMENDED,
    &PODCAST_SOUNDBITE_DURATION,
    &PODCAST_SOUNDBITE_RANGE,
    &PODCAST_LABEL_TOO_LONG,
    &PODCAST_PERSON_TAXONOMY,
];

/// Runs the family over every `podcast:` element of the pass.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    for (id, e) in ctx.walk() {
        if e.ns != Ns::Podcast {
            continue;
        }
        match e.local.as_str() {
            "location" => location_tag(ctx, id, e),
            "license" => license_tag(ctx, id, e),
            "txt" => txt(ctx, id, e),
            "image" => image_tag(ctx, id, e),
            "alternateEnclosure" => alternate(ctx, id, e),
            "source" | "integrity" => source_or_integrity(ctx, id, e),
            "soundbite" => soundbite(ctx, id, e),
            "season" => label(ctx, id, e, "name", media::MAX_LABEL),
            "episode" => label(ctx, id, e, "display", media::MAX_SHORT),
            "person" => person(ctx, id, e),
            _ => {}
        }
    }
}

fn location_tag(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    type Grammar = fn(&str) -> Result<(), String>;
    let grammars: [(&str, Grammar); 3] = [
        ("geo", |s| location::geo(s).map(drop)),
        ("osm", |s| location::osm(s).map(drop)),
        ("country", |s| location::country(s).map(drop)),
    ];
    let mut missing = Vec::new();
    for (attr, grammar) in grammars {
        match ctx.doc.attr_value(e, attr) {
            None => missing.push(attr),
            Some(v) => {
                if let Err(want) = grammar(v.trim()) {
                    ctx.emit_attr(
                        &PODCAST_LOCATION_VALUE,
                        id,
                        attr,
                        format!("<podcast:location {attr}=\"{}\">; expected {want}", clip(v)),
                    );
                }
            }
        }
    }
    if !missing.is_empty() {
        ctx.emit(&PODCAST_LOCATION_RECOMMENDED, id, format!("<podcast:location> has no {}; expected geo, osm and country, which the namespace recommends", missing.join(", ")));
    }
}

fn license_tag(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    let v = ctx.doc.text_of(e).trim();
    // An empty identifier is the structure rules' finding (podcast.value.invalid).
    if !v.is_empty() && ctx.doc.attr(e, "url").is_none() && license::known(v).is_none() {
        ctx.emit(&PODCAST_LICENSE_URL, id, format!("<podcast:license>{}</podcast:license> is not a well-known licence and has no url; expected url=\"…\" with the licence's text", clip(v)));
    }
}

fn txt(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    if ctx.doc.attr_value(e, "purpose").map(str::trim) == Some(media::AI_CONTENT)
        && let Err(want) = media::ai_content(ctx.doc.text_of(e))
    {
        ctx.emit(
            &PODCAST_TXT_AI_CONTENT,
            id,
            format!("<podcast:txt purpose=\"ai-content\">; expected {want}"),
        );
    }
}

fn image_tag(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    if let Some(v) = ctx.doc.attr_value(e, "aspect-ratio")
        && let Err(want) = image::aspect_ratio(v)
    {
        ctx.emit_attr(
            &PODCAST_IMAGE_VALUE,
            id,
            "aspect-ratio",
            format!(
                "<podcast:image aspect-ratio=\"{}\">; expected {want}",
                clip(v)
            ),
        );
    }
    if let Some(v) = ctx
        .doc
        .attr_value(e, "type")
        .filter(|t| !crate::mime::is_mime(t.trim()))
    {
        ctx.emit_attr(
            &PODCAST_IMAGE_VALUE,
            id,
            "type",
            format!(
                "<podcast:image type=\"{}\">; expected a MIME type such as image/webp",
                clip(v)
            ),
        );
    }
    if let Some(v) = ctx.doc.attr_value(e, "purpose")
        && let Err(want) = media::at_most(v, image::MAX_PURPOSE_CHARS)
    {
        ctx.emit_attr(
            &PODCAST_IMAGE_PURPOSE,
            id,
            "purpose",
            format!("<podcast:image purpose> is too long; expected {want}"),
        );
    }
    let missing: Vec<&str> = ["alt", "aspect-ratio", "width"]
        .into_iter()
        .filter(|a| ctx.doc.attr(e, a).is_none())
        .collect();
    if !missing.is_empty() {
        ctx.emit(&PODCAST_IMAGE_RECOMMENDED, id, format!("<podcast:image> has no {}; expected alt, aspect-ratio and width, which the namespace recommends", missing.join(", ")));
    }
}

fn alternate(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    if ctx
        .doc
        .children_named(id, &Ns::Podcast, "source")
        .next()
        .is_none()
    {
        ctx.emit(
            &PODCAST_ALTERNATE_SOURCE,
            id,
            "<podcast:alternateEnclosure> has no <podcast:source>; expected one or more".into(),
        );
    }
    if let Some(v) = ctx
        .doc
        .attr_value(e, "type")
        .filter(|t| !crate::mime::is_mime(t.trim()))
    {
        ctx.emit_attr(
            &PODCAST_ALTERNATE_VALUE,
            id,
            "type",
            format!(
                "<podcast:alternateEnclosure type=\"{}\">; expected a MIME type",
                clip(v)
            ),
        );
    }
    if ctx.doc.attr(e, "length").is_none() {
        ctx.emit(&PODCAST_ALTERNATE_RECOMMENDED, id, "<podcast:alternateEnclosure> has no length; expected the file's size in bytes, which the namespace recommends".into());
    }
    for attr in ["title", "rel"] {
        if let Some(v) = ctx.doc.attr_value(e, attr)
            && let Err(want) = media::at_most(v, media::MAX_SHORT)
        {
            ctx.emit_attr(
                &PODCAST_ALTERNATE_RECOMMENDED,
                id,
                attr,
                format!("<podcast:alternateEnclosure {attr}> is too long; expected {want}"),
            );
        }
    }
}

fn source_or_integrity(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    let (attr, problem) = if e.local.as_str() == "source" {
        let uri = ctx.doc.attr_value(e, "uri").map(str::trim);
        let content_type = ctx
            .doc
            .attr_value(e, "contentType")
            .filter(|t| !crate::mime::is_mime(t.trim()));
        match (uri, content_type) {
            (Some(u), _) if !crate::namespace::uri::is_absolute(u) => (
                "uri",
                format!(
                    "<podcast:source uri=\"{}\">; expected an absolute URI",
                    clip(u)
                ),
            ),
            (_, Some(t)) => (
                "contentType",
                format!(
                    "<podcast:source contentType=\"{}\">; expected a MIME type",
                    clip(t)
                ),
            ),
            _ => return,
        }
    } else {
        let (Some(kind), Some(value)) = (
            ctx.doc.attr_value(e, "type"),
            ctx.doc.attr_value(e, "value"),
        ) else {
            return;
        };
        // A type other than sri or pgp-signature is the structure rules' finding.
        match media::integrity(kind.trim(), value) {
            Err(want) if media::INTEGRITY_TYPES.contains(&kind.trim()) => (
                "value",
                format!(
                    "<podcast:integrity type=\"{}\"> value; expected {want}",
                    clip(kind)
                ),
            ),
            _ => return,
        }
    };
    ctx.emit_attr(&PODCAST_ALTERNATE_VALUE, id, attr, problem);
}

fn soundbite(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    // Values that are not numbers are the structure rules' finding (podcast.attr.invalid).
    let read = |a: &str| {
        ctx.doc
            .attr_value(e, a)
            .and_then(|v| media::seconds(v).ok())
    };
    let (Some(start), Some(length)) = (read("startTime"), read("duration")) else {
        return;
    };
    if !media::SOUNDBITE_SECONDS.contains(&length) {
        ctx.emit_attr(&PODCAST_SOUNDBITE_DURATION, id, "duration", format!("a soundbite of {length} seconds; expected 15 to 120 seconds, as the namespace recommends"));
    }
    let doc = ctx.doc;
    let total = e
        .parent
        .and_then(|p| doc.child(p, &Ns::Itunes, "duration"))
        .and_then(|d| ctx.el(d))
        // Integer seconds only; a clock form leaves the range unchecked rather than guessed.
        .and_then(|d| doc.text_of(d).trim().parse::<u64>().ok());
    if let Some(total) = total
        && start + length > total as f64
    {
        ctx.emit(&PODCAST_SOUNDBITE_RANGE, id, format!("the soundbite ends at {} seconds, after the episode's itunes:duration of {total}; expected it within the enclosure", start + length));
    }
}

fn label(ctx: &mut Ctx<'_>, id: ElementId, e: &Element, attr: &str, max: usize) {
    if let Some(v) = ctx.doc.attr_value(e, attr)
        && let Err(want) = media::at_most(v, max)
    {
        let name = e.local.as_str();
        ctx.emit_attr(
            &PODCAST_LABEL_TOO_LONG,
            id,
            attr,
            format!("<podcast:{name} {attr}> is too long; expected {want}"),
        );
    }
}

fn person(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    let group = ctx.doc.attr_value(e, "group").map(str::trim);
    let roles = match group {
        Some(g) => match crate::taxonomy::roles_of(g) {
            Some(roles) => Some(roles),
            None => {
                ctx.emit_attr(&PODCAST_PERSON_TAXONOMY, id, "group", format!("<podcast:person group=\"{}\">; expected a group of the Podcast Taxonomy: {}", clip(g), crate::taxonomy::group_names().join(", ")));
                return;
            }
        },
        None => None,
    };
    if let Some(r) = ctx.doc.attr_value(e, "role").map(str::trim) {
        let fits = match roles {
            Some(roles) => roles.iter().any(|x| x.eq_ignore_ascii_case(r)),
            None => crate::taxonomy::is_role(r),
        };
        if !fits {
            ctx.emit_attr(
                &PODCAST_PERSON_TAXONOMY,
                id,
                "role",
                format!(
                    "<podcast:person role=\"{}\">; expected a role of the Podcast Taxonomy{}",
                    clip(r),
                    group.map(|g| format!(" in group {g}")).unwrap_or_default()
                ),
            );
        }
    }
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (
        &PODCAST_LOCATION_VALUE,
        "<language>en</language>",
        "<language>en</language><podcast:location geo=\"30.2,97.7\" osm=\"R1\" country=\"US\">Austin</podcast:location>",
    ),
    (
        &PODCAST_LOCATION_RECOMMENDED,
        "<language>en</language>",
        "<language>en</language><podcast:location geo=\"geo:30.2,-97.7\">Austin</podcast:location>",
    ),
    (
        &PODCAST_LICENSE_URL,
        "<language>en</language>",
        "<language>en</language><podcast:license>my-licence</podcast:license>",
    ),
    (
        &PODCAST_TXT_AI_CONTENT,
        "<language>en</language>",
        "<language>en</language><podcast:txt purpose=\"ai-content\">yes</podcast:txt>",
    ),
    (
        &PODCAST_IMAGE_VALUE,
        "<language>en</language>",
        "<language>en</language><podcast:image href=\"https://example.org/a.jpg\" alt=\"Art\" width=\"1400\" aspect-ratio=\"16:9\"/>",
    ),
    (
        &PODCAST_IMAGE_RECOMMENDED,
        "<language>en</language>",
        "<language>en</language><podcast:image href=\"https://example.org/a.jpg\"/>",
    ),
    (
        &PODCAST_IMAGE_PURPOSE,
        "<language>en</language>",
        "<language>en</language><podcast:image href=\"https://example.org/a.jpg\" alt=\"Art\" width=\"1400\" aspect-ratio=\"1/1\" purpose=\"artwork social canvas banner publisher circular poster artwork social canvas banner publisher circular poster artwork social canvas banner\"/>",
    ),
    (
        &PODCAST_ALTERNATE_SOURCE,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:alternateEnclosure type=\"audio/opus\" length=\"1\"></podcast:alternateEnclosure>",
    ),
    (
        &PODCAST_ALTERNATE_VALUE,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:alternateEnclosure type=\"audio/opus\" length=\"1\"><podcast:source uri=\"https://example.org/a.opus\"/><podcast:integrity type=\"sri\" value=\"md5-x\"/></podcast:alternateEnclosure>",
    ),
    (
        &PODCAST_ALTERNATE_RECOMMENDED,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:alternateEnclosure type=\"audio/opus\"><podcast:source uri=\"https://example.org/a.opus\"/></podcast:alternateEnclosure>",
    ),
    (
        &PODCAST_SOUNDBITE_DURATION,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:soundbite startTime=\"10\" duration=\"5\"/>",
    ),
    (
        &PODCAST_SOUNDBITE_RANGE,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:soundbite startTime=\"1800\" duration=\"30\"/>",
    ),
    (
        &PODCAST_LABEL_TOO_LONG,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:episode display=\"The very special episode number one\">1</podcast:episode>",
    ),
    (
        &PODCAST_PERSON_TAXONOMY,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:person role=\"wizard\">Ana</podcast:person>",
    ),
];
