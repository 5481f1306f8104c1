//! `podcast:` namespace rules (SPEC.md §2, §4, §5): placement, cardinality, required attributes,
//! allowed values, https URLs, `podcast:guid` and `podcast:transcript`.

use super::channel::self_href;
use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Info, Warning};
use crate::diagnostic::clip;
use crate::feed::{Element, ElementId, Ns};
use crate::mime::is_mime;
use crate::namespace::uri;

/// `podcast.element.unknown`: a podcast: element the namespace does not define.
pub static PODCAST_ELEMENT_UNKNOWN: Rule = rule(
    "podcast.element.unknown",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2",
    "a podcast: element the namespace does not define",
    "The element is not one of the Podcast Index namespace's tags (or is misspelt); apps ignore it.",
);

/// `podcast.element.placement`: a podcast: element under the wrong parent.
pub static PODCAST_ELEMENT_PLACEMENT: Rule = rule(
    "podcast.element.placement",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §2, §4, §5.2",
    "a podcast: element under the wrong parent",
    "Each podcast: tag has defined parents, e.g. podcast:transcript in <item>, podcast:guid in <channel>.",
);

/// `podcast.element.duplicate`: a podcast: element allowed once appears twice.
pub static PODCAST_ELEMENT_DUPLICATE: Rule = rule(
    "podcast.element.duplicate",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §4, §5.2",
    "a podcast: element allowed once appears twice",
    "Tags such as podcast:guid, podcast:locked, podcast:medium or podcast:chapters may appear once per parent.",
);

/// `podcast.attr.missing`: a required attribute of a podcast: tag is missing.
pub static PODCAST_ATTR_MISSING: Rule = rule(
    "podcast.attr.missing",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §0, §2, §5.2",
    "a required attribute of a podcast: tag is missing",
    "Every attribute of a podcast: tag is required unless the namespace marks it optional.",
);

/// `podcast.attr.invalid`: an attribute value the namespace does not allow.
pub static PODCAST_ATTR_INVALID: Rule = rule(
    "podcast.attr.invalid",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2",
    "an attribute value the namespace does not allow",
    "The attribute has a fixed set of values or a format (integer, decimal, URL, MIME type).",
);

/// `podcast.value.invalid`: a podcast: element's text is not an allowed value.
pub static PODCAST_VALUE_INVALID: Rule = rule(
    "podcast.value.invalid",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2, §8.3",
    "a podcast: element's text is not an allowed value",
    "Some tags have a fixed set of node values (podcast:locked yes/no, podcast:medium …) or a number.",
);

/// `podcast.value.too-long`: a podcast: element's text is longer than the namespace allows.
pub static PODCAST_VALUE_TOO_LONG: Rule = rule(
    "podcast.value.too-long",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2",
    "a podcast: element's text is longer than the namespace allows",
    "Labels and names are capped (usually 128 characters; podcast:txt 4000).",
);

/// `podcast.url.http`: a podcast: URL that uses plain http.
pub static PODCAST_URL_HTTP: Rule = rule(
    "podcast.url.http",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §0, §2",
    "a podcast: URL that uses plain http",
    "URLs of podcast: tags that point at hypertext resources must use https:.",
);

/// `podcast.url.invalid`: a podcast: URL attribute that is not an absolute URL.
pub static PODCAST_URL_INVALID: Rule = rule(
    "podcast.url.invalid",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2",
    "a podcast: URL attribute that is not an absolute URL",
    "URL attributes hold absolute URLs.",
);

/// `podcast.images.deprecated`: the deprecated podcast:images.
pub static PODCAST_IMAGES_DEPRECATED: Rule = rule(
    "podcast.images.deprecated",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2",
    "the deprecated podcast:images",
    "podcast:images was replaced by one podcast:image per size.",
);

/// `podcast.guid.invalid`: podcast:guid is not a UUID version 5.
pub static PODCAST_GUID_INVALID: Rule = rule(
    "podcast.guid.invalid",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §4",
    "podcast:guid is not a UUID version 5",
    "podcast:guid is a UUIDv5 (36 characters, 8-4-4-4-12 hex) made from the feed URL without scheme and trailing slashes, namespace ead4c236-bf58-58c6-a2c6-a6b28d128cb6.",
);

/// `podcast.guid.mismatch`: podcast:guid is not the one the self link's URL gives.
pub static PODCAST_GUID_MISMATCH: Rule = rule(
    "podcast.guid.mismatch",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §4",
    "podcast:guid is not the one the self link's URL gives",
    "The guid is computed once from the feed URL and then kept when the feed moves, so a mismatch is fine after a move; otherwise it is a mistake.",
);

/// `podcast.guid.missing`: the channel has no podcast:guid.
pub static PODCAST_GUID_MISSING: Rule = rule(
    "podcast.guid.missing",
    Info,
    Profile::PodcastIndex,
    "SPEC.md §1.2, §4",
    "the channel has no podcast:guid",
    "The Podcast Index marks podcast:guid optional, but it identifies a show across moves; podfeed always emits it.",
);

/// `podcast.transcript.type`: a transcript type the namespace does not name.
pub static PODCAST_TRANSCRIPT_TYPE: Rule = rule(
    "podcast.transcript.type",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §2",
    "a transcript type the namespace does not name",
    "podcast:transcript type is one of text/plain, text/html, text/vtt, application/json, application/x-subrip.",
);

/// `podcast.transcript.legacy-type`: a legacy SRT transcript type.
pub static PODCAST_TRANSCRIPT_LEGACY_TYPE: Rule = rule(
    "podcast.transcript.legacy-type",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §2, Appendix C.1",
    "a legacy SRT transcript type",
    "application/srt and text/srt were replaced by application/x-subrip in 2022.",
);

/// `podcast.transcript.captions`: rel="captions" on a transcript format without timecodes.
pub static PODCAST_TRANSCRIPT_CAPTIONS: Rule = rule(
    "podcast.transcript.captions",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §2",
    "rel=\"captions\" on a transcript format without timecodes",
    "Captions need timecodes; text/plain and HTML transcripts have none (or few). Put rel=\"captions\" on VTT or SRT.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &PODCAST_ELEMENT_UNKNOWN,
    &PODCAST_ELEMENT_PLACEMENT,
    &PODCAST_ELEMENT_DUPLICATE,
    &PODCAST_ATTR_MISSING,
    &PODCAST_ATTR_INVALID,
    &PODCAST_VALUE_INVALID,
    &PODCAST_VALUE_TOO_LONG,
    &PODCAST_URL_HTTP,
    &PODCAST_URL_INVALID,
    &PODCAST_IMAGES_DEPRECATED,
    &PODCAST_GUID_INVALID,
    &PODCAST_GUID_MISMATCH,
    &PODCAST_GUID_MISSING,
    &PODCAST_TRANSCRIPT_TYPE,
    &PODCAST_TRANSCRIPT_LEGACY_TYPE,
    &PODCAST_TRANSCRIPT_CAPTIONS,
];

/// What the text of a tag may be.
#[derive(Clone, Copy)]
enum Node {
    /// Anything (children, or ignored text).
    Any,
    /// Free text up to this many characters.
    Max(usize),
    /// Non-empty text up to this many characters.
    Required(usize),
    /// One of these (case-insensitive).
    OneOf(&'static [&'static str]),
    /// An integer.
    Integer,
    /// A decimal number.
    Decimal,
}

/// A tag's definition: name, parents, once-only, required attributes, URL attributes that must
/// be https, enumerated attributes and the node value.
struct Tag {
    name: &'static str,
    parents: &'static [&'static str],
    once: bool,
    required: &'static [&'static str],
    urls: &'static [&'static str],
    enums: &'static [(&'static str, &'static [&'static str])],
    node: Node,
}

const YES_NO: &[&str] = &["yes", "no"];
const BOOL: &[&str] = &["true", "false"];
const C: &[&str] = &["channel"];
const CIL: &[&str] = &["channel", "item", "liveItem"];
const IL: &[&str] = &["item", "liveItem"];

#[rustfmt::skip]
const TAGS: &[Tag] = &[
    Tag { name: "guid", parents: C, once: true, required: &[], urls: &[], enums: &[], node: Node::Any },
    Tag { name: "transcript", parents: IL, once: false, required: &["url", "type"], urls: &["url"], enums: &[("rel", &["captions"])], node: Node::Any },
    Tag { name: "chapters", parents: IL, once: true, required: &["url", "type"], urls: &["url"], enums: &[], node: Node::Any },
    Tag { name: "locked", parents: C, once: true, required: &[], urls: &[], enums: &[], node: Node::OneOf(YES_NO) },
    Tag { name: "funding", parents: CIL, once: false, required: &["url"], urls: &["url"], enums: &[], node: Node::Max(128) },
    Tag { name: "person", parents: CIL, once: false, required: &[], urls: &["img", "href"], enums: &[], node: Node::Required(128) },
    Tag { name: "season", parents: IL, once: true, required: &[], urls: &[], enums: &[], node: Node::Integer },
    Tag { name: "episode", parents: IL, once: true, required: &[], urls: &[], enums: &[], node: Node::Decimal },
    Tag { name: "medium", parents: C, once: true, required: &[], urls: &[], enums: &[], node: Node::OneOf(crate::medium::MEDIUMS) },
    Tag { name: "license", parents: CIL, once: true, required: &[], urls: &["url"], enums: &[], node: Node::Required(128) },
    Tag { name: "images", parents: CIL, once: true, required: &["srcset"], urls: &[], enums: &[], node: Node::Any },
    Tag { name: "image", parents: CIL, once: false, required: &["href"], urls: &["href"], enums: &[], node: Node::Any },
    Tag { name: "alternateEnclosure", parents: IL, once: false, required: &["type"], urls: &[], enums: &[("default", BOOL)], node: Node::Any },
    Tag { name: "source", parents: &["alternateEnclosure"], once: false, required: &["uri"], urls: &[], enums: &[], node: Node::Any },
    Tag { name: "integrity", parents: &["alternateEnclosure"], once: true, required: &["type", "value"], urls: &[], enums: &[("type", &["sri", "pgp-signature"])], node: Node::Any },
    Tag { name: "txt", parents: CIL, once: false, required: &[], urls: &[], enums: &[], node: Node::Max(4000) },
    Tag { name: "updateFrequency", parents: C, once: true, required: &[], urls: &[], enums: &[("complete", BOOL)], node: Node::Max(128) },
    Tag { name: "podroll", parents: C, once: true, required: &[], urls: &[], enums: &[], node: Node::Any },
    Tag { name: "remoteItem", parents: &["channel", "podroll", "valueTimeSplit", "publisher"], once: false, required: &["feedGuid"], urls: &[], enums: &[], node: Node::Any },
    Tag { name: "trailer", parents: C, once: false, required: &["url", "pubdate"], urls: &[], enums: &[], node: Node::Required(128) },
    Tag { name: "soundbite", parents: IL, once: false, required: &["startTime", "duration"], urls: &[], enums: &[], node: Node::Max(128) },
    Tag { name: "location", parents: CIL, once: false, required: &[], urls: &[], enums: &[("rel", &["subject", "creator"])], node: Node::Required(128) },
    Tag { name: "block", parents: C, once: false, required: &[], urls: &[], enums: &[], node: Node::OneOf(YES_NO) },
    Tag { name: "value", parents: CIL, once: false, required: &["type", "method"], urls: &[], enums: &[], node: Node::Any },
    Tag { name: "valueRecipient", parents: &["value", "valueTimeSplit"], once: false, required: &["type", "address", "split"], urls: &[], enums: &[("type", &["node", "lnaddress"]), ("fee", BOOL)], node: Node::Any },
    Tag { name: "valueTimeSplit", parents: &["value"], once: false, required: &["startTime", "duration"], urls: &[], enums: &[], node: Node::Any },
    Tag { name: "liveItem", parents: C, once: false, required: &["status", "start"], urls: &[], enums: &[("status", &["pending", "live", "ended"])], node: Node::Any },
    Tag { name: "contentLink", parents: IL, once: false, required: &["href"], urls: &[], enums: &[], node: Node::Any },
    Tag { name: "socialInteract", parents: CIL, once: false, required: &["protocol"], urls: &[], enums: &[("protocol", crate::namespace::slugs::SOCIAL_PROTOCOLS)], node: Node::Any },
    Tag { name: "chat", parents: CIL, once: true, required: &["server", "protocol"], urls: &[], enums: &[("protocol", crate::namespace::slugs::CHAT_PROTOCOLS)], node: Node::Any },
    Tag { name: "publisher", parents: C, once: true, required: &[], urls: &[], enums: &[], node: Node::Any },
    Tag { name: "podping", parents: C, once: true, required: &["usesPodping"], urls: &[], enums: &[("usesPodping", &["true"])], node: Node::Any },
];

/// Integer or decimal attributes, checked wherever they appear.
const INTEGER_ATTRS: &[(&str, &str)] = &[
    ("valueRecipient", "split"),
    ("alternateEnclosure", "length"),
    ("alternateEnclosure", "height"),
    ("image", "width"),
    ("image", "height"),
    ("trailer", "length"),
    ("trailer", "season"),
    ("socialInteract", "priority"),
];
const DECIMAL_ATTRS: &[(&str, &str)] = &[
    ("soundbite", "startTime"),
    ("soundbite", "duration"),
    ("valueTimeSplit", "startTime"),
    ("valueTimeSplit", "duration"),
    ("value", "suggested"),
    ("alternateEnclosure", "bitrate"),
];

/// The grammar of an attribute value checked by [`attribute_values`].
#[derive(Clone, Copy)]
enum Grammar {
    /// An absolute URL of any scheme (a media file or a feed, not a page: `http:` is allowed).
    Url,
    /// A BCP 47 language tag.
    Language,
    /// An e-mail address.
    Email,
    /// A host name.
    Host,
    /// A MIME type.
    Mime,
    /// An absolute URI, `at://` included (a post of any social protocol).
    PostUri,
}

/// Attribute values with a grammar of their own (each tag's doc, SPEC.md §5.2): (tag, attribute,
/// grammar).
const VALUE_ATTRS: &[(&str, &str, Grammar)] = &[
    ("remoteItem", "feedUrl", Grammar::Url),
    ("trailer", "url", Grammar::Url),
    ("trailer", "type", Grammar::Mime),
    ("socialInteract", "accountUrl", Grammar::Url),
    ("socialInteract", "uri", Grammar::PostUri),
    ("transcript", "language", Grammar::Language),
    ("locked", "owner", Grammar::Email),
    ("chat", "server", Grammar::Host),
];

/// The SRT types that were replaced by `application/x-subrip` (SPEC.md §2).
const TRANSCRIPT_TYPES: &[&str] = &[
    "text/plain",
    "text/html",
    "text/vtt",
    "application/json",
    "application/x-subrip",
];

/// Runs the podcast family over every `podcast:` element of the pass.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    for (id, e) in ctx.walk() {
        if e.ns == Ns::Podcast {
            tag(ctx, id, e);
        }
    }
    if let Some(ch) = ctx.channel_pass()
        && doc.child(ch, &Ns::Podcast, "guid").is_none()
    {
        ctx.emit(
            &PODCAST_GUID_MISSING,
            ch,
            "<channel> has no <podcast:guid>; expected the show's UUIDv5".into(),
        );
    }
}

fn parent_key(ctx: &Ctx<'_>, e: &Element) -> Option<&'static str> {
    let p = ctx.el(e.parent?)?;
    match (&p.ns, p.local.as_str()) {
        (Ns::None, "channel") => Some("channel"),
        (Ns::None, "item") => Some("item"),
        (Ns::Podcast, "liveItem") => Some("liveItem"),
        (Ns::Podcast, "podroll") => Some("podroll"),
        (Ns::Podcast, "publisher") => Some("publisher"),
        (Ns::Podcast, "valueTimeSplit") => Some("valueTimeSplit"),
        (Ns::Podcast, "alternateEnclosure") => Some("alternateEnclosure"),
        (Ns::Podcast, "value") => Some("value"),
        _ => None,
    }
}

fn tag(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    let name = e.local.as_str();
    let Some(def) = TAGS.iter().find(|t| t.name == name) else {
        ctx.emit(
            &PODCAST_ELEMENT_UNKNOWN,
            id,
            format!(
                "<podcast:{name}> is not a Podcast Index tag; expected one of the namespace's tags"
            ),
        );
        return;
    };
    let parent = parent_key(ctx, e);
    if !parent.is_some_and(|p| def.parents.contains(&p)) {
        let pname = e
            .parent
            .and_then(|p| ctx.el(p))
            .map(Element::display_name)
            .unwrap_or_default();
        ctx.emit(
            &PODCAST_ELEMENT_PLACEMENT,
            id,
            format!(
                "<podcast:{name}> inside <{pname}>; expected it in {}",
                def.parents.join(" or ")
            ),
        );
        return;
    }
    if def.once && e.nth == 2 {
        ctx.emit(
            &PODCAST_ELEMENT_DUPLICATE,
            id,
            format!("a second <podcast:{name}> in the same parent; expected at most one"),
        );
    }
    for &a in def.required {
        let exempt = name == "socialInteract" && a == "uri";
        if ctx.doc.attr(e, a).is_none() && !exempt {
            ctx.emit(
                &PODCAST_ATTR_MISSING,
                id,
                format!("<podcast:{name}> has no {a} attribute; expected one"),
            );
        }
    }
    if name == "socialInteract"
        && ctx.doc.attr(e, "uri").is_none()
        && ctx.doc.attr_value(e, "protocol") != Some("disabled")
    {
        ctx.emit(&PODCAST_ATTR_MISSING, id, "<podcast:socialInteract> has no uri attribute; expected one unless protocol=\"disabled\"".into());
    }
    for &(a, allowed) in def.enums {
        if let Some(v) = ctx.doc.attr_value(e, a)
            && !allowed.iter().any(|x| x.eq_ignore_ascii_case(v.trim()))
        {
            ctx.emit_attr(
                &PODCAST_ATTR_INVALID,
                id,
                a,
                format!(
                    "<podcast:{name} {a}=\"{v}\">; expected one of {}",
                    allowed.join(", "),
                    v = clip(v)
                ),
            );
        }
    }
    numbers(ctx, id, e);
    attribute_values(ctx, id, e);
    for &a in def.urls {
        if let Some(v) = ctx.doc.attr_value(e, a) {
            url(ctx, id, name, a, v.trim());
        }
    }
    node(ctx, id, e, def.node);
    match name {
        "guid" => guid(ctx, id, ctx.doc.text_of(e).trim()),
        "transcript" => transcript(ctx, id, e),
        "images" => ctx.emit(
            &PODCAST_IMAGES_DEPRECATED,
            id,
            "<podcast:images> is deprecated; expected one <podcast:image> per size".into(),
        ),
        _ => {}
    }
}

fn numbers(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    let name = e.local.as_str();
    for &(t, a) in INTEGER_ATTRS {
        if t == name
            && let Some(v) = ctx.doc.attr_value(e, a)
            && v.trim().parse::<u64>().is_err()
        {
            ctx.emit_attr(
                &PODCAST_ATTR_INVALID,
                id,
                a,
                format!(
                    "<podcast:{name} {a}=\"{v}\">; expected a whole number",
                    v = clip(v)
                ),
            );
        }
    }
    for &(t, a) in DECIMAL_ATTRS {
        if t == name
            && let Some(v) = ctx.doc.attr_value(e, a)
            && !v
                .trim()
                .parse::<f64>()
                .is_ok_and(|f| f.is_finite() && f >= 0.0)
        {
            ctx.emit_attr(
                &PODCAST_ATTR_INVALID,
                id,
                a,
                format!(
                    "<podcast:{name} {a}=\"{v}\">; expected a decimal number of seconds",
                    v = clip(v)
                ),
            );
        }
    }
}

/// The values of [`VALUE_ATTRS`] on `e`.
fn attribute_values(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    let name = e.local.as_str();
    for &(t, a, grammar) in VALUE_ATTRS {
        let Some(v) = ctx.doc.attr_value(e, a).filter(|_| t == name) else {
            continue;
        };
        let v = v.trim();
        let (ok, want) = match grammar {
            Grammar::Url => (uri::is_absolute(v), "an absolute URL"),
            Grammar::PostUri => (
                uri::is_absolute(v) || v.starts_with("at://"),
                "an absolute URI of the root post",
            ),
            Grammar::Language => (
                super::channel::is_language(v),
                "a BCP 47 language tag such as en or pt-BR",
            ),
            Grammar::Email => (super::contact::is_address(v), "an e-mail address"),
            Grammar::Host => (
                crate::namespace::slugs::chat_server(v).is_ok(),
                "a host name such as irc.zeronode.net (no scheme or path)",
            ),
            Grammar::Mime => (is_mime(v), "a MIME type such as audio/mpeg"),
        };
        if !ok {
            let rule = match grammar {
                Grammar::Url | Grammar::PostUri => &PODCAST_URL_INVALID,
                _ => &PODCAST_ATTR_INVALID,
            };
            ctx.emit_attr(
                rule,
                id,
                a,
                format!("<podcast:{name} {a}=\"{v}\">; expected {want}", v = clip(v)),
            );
        }
    }
}

fn url(ctx: &mut Ctx<'_>, id: ElementId, name: &str, attr: &str, v: &str) {
    match uri::absolute(v) {
        None => ctx.emit_attr(
            &PODCAST_URL_INVALID,
            id,
            attr,
            format!(
                "<podcast:{name} {attr}=\"{v}\"> is not an absolute URL",
                v = clip(v)
            ),
        ),
        Some(u) if u.scheme == "http" => ctx.emit_attr(
            &PODCAST_URL_HTTP,
            id,
            attr,
            format!(
                "<podcast:{name} {attr}=\"{v}\"> uses http; expected https",
                v = clip(v)
            ),
        ),
        Some(_) => {}
    }
}

fn node(ctx: &mut Ctx<'_>, id: ElementId, e: &Element, kind: Node) {
    let name = e.local.as_str();
    let v = ctx.doc.text_of(e).trim();
    let (ok, expected, rule) = match kind {
        Node::Any => return,
        Node::Max(n) => (
            v.chars().count() <= n,
            format!("at most {n} characters"),
            &PODCAST_VALUE_TOO_LONG,
        ),
        Node::Required(_) if v.is_empty() => (
            false,
            "a non-empty value".to_owned(),
            &PODCAST_VALUE_INVALID,
        ),
        Node::Required(n) => (
            v.chars().count() <= n,
            format!("at most {n} characters"),
            &PODCAST_VALUE_TOO_LONG,
        ),
        Node::OneOf(list) => (
            list.iter().any(|x| x.eq_ignore_ascii_case(v)),
            format!("one of {}", list.join(", ")),
            &PODCAST_VALUE_INVALID,
        ),
        Node::Integer => (
            v.parse::<i64>().is_ok(),
            "an integer".to_owned(),
            &PODCAST_VALUE_INVALID,
        ),
        Node::Decimal => (
            v.parse::<f64>().is_ok_and(f64::is_finite),
            "a number".to_owned(),
            &PODCAST_VALUE_INVALID,
        ),
    };
    if !ok {
        ctx.emit(
            rule,
            id,
            format!(
                "<podcast:{name}>{shown}</podcast:{name}>; expected {expected}",
                shown = clip(v)
            ),
        );
    }
}

fn guid(ctx: &mut Ctx<'_>, id: ElementId, v: &str) {
    let parsed = (v.len() == 36)
        .then(|| uuid::Uuid::try_parse(v).ok())
        .flatten();
    match parsed {
        Some(u) if u.get_version_num() == 5 => {
            if let Some(href) = self_href(ctx) {
                let expected = crate::guid::podcast_guid(href.trim());
                if expected != u {
                    ctx.emit(&PODCAST_GUID_MISMATCH, id, format!("podcast:guid {v} is not the UUIDv5 of the self link {href}, which is {expected}; fine if the feed moved, otherwise a mistake", v = clip(v), href = clip(href)));
                }
            }
        }
        Some(u) => ctx.emit(
            &PODCAST_GUID_INVALID,
            id,
            format!(
                "podcast:guid {v} is a version {} UUID; expected version 5",
                u.get_version_num(),
                v = clip(v)
            ),
        ),
        None => ctx.emit(
            &PODCAST_GUID_INVALID,
            id,
            format!(
                "podcast:guid \"{v}\" is not a UUID; expected 8-4-4-4-12 hex digits",
                v = clip(v)
            ),
        ),
    }
}

fn transcript(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    let Some(t) = ctx.doc.attr_value(e, "type").map(str::trim) else {
        return;
    };
    let essence = t
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence == "application/srt" || essence == "text/srt" {
        ctx.emit_attr(
            &PODCAST_TRANSCRIPT_LEGACY_TYPE,
            id,
            "type",
            format!(
                "transcript type \"{t}\" is the old SRT type; expected application/x-subrip",
                t = clip(t)
            ),
        );
    } else if !TRANSCRIPT_TYPES.contains(&essence.as_str()) {
        let why = if is_mime(t) {
            "is not a transcript type of the namespace"
        } else {
            "is not a MIME type"
        };
        ctx.emit_attr(
            &PODCAST_TRANSCRIPT_TYPE,
            id,
            "type",
            format!(
                "transcript type \"{t}\" {why}; expected {}",
                TRANSCRIPT_TYPES.join(", "),
                t = clip(t)
            ),
        );
    }
    if ctx.doc.attr_value(e, "rel") == Some("captions")
        && (essence == "text/plain" || essence == "text/html")
    {
        ctx.emit_attr(&PODCAST_TRANSCRIPT_CAPTIONS, id, "rel", format!("rel=\"captions\" on a {essence} transcript, which has no timecodes; expected it only on VTT or SRT"));
    }
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (
        &PODCAST_GUID_MISMATCH,
        "0495cb90-b9d0-50ba-b94b-a40da5f73898",
        "917393e3-1b1e-5cef-ace4-edaa54e1f810",
    ),
    (
        &PODCAST_GUID_INVALID,
        "0495cb90-b9d0-50ba-b94b-a40da5f73898",
        "not-a-uuid",
    ),
    (
        &PODCAST_TRANSCRIPT_LEGACY_TYPE,
        "type=\"application/x-subrip\"",
        "type=\"application/srt\"",
    ),
    (
        &PODCAST_TRANSCRIPT_CAPTIONS,
        "type=\"text/plain\"",
        "type=\"text/plain\" rel=\"captions\"",
    ),
    (
        &PODCAST_URL_HTTP,
        "https://example.org/show/ep1.json",
        "http://example.org/show/ep1.json",
    ),
    (
        &PODCAST_ELEMENT_PLACEMENT,
        "<itunes:explicit>false</itunes:explicit>\n    <itunes:author>",
        "<itunes:explicit>false</itunes:explicit>\n    <podcast:transcript url=\"https://x.org/a.vtt\" type=\"text/vtt\"/><itunes:author>",
    ),
    (
        &PODCAST_ELEMENT_UNKNOWN,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:frobnicate>x</podcast:frobnicate>",
    ),
    (
        &PODCAST_ELEMENT_DUPLICATE,
        "<language>en</language>",
        "<language>en</language><podcast:locked>no</podcast:locked><podcast:locked>no</podcast:locked>",
    ),
    (
        &PODCAST_ATTR_MISSING,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:chapters type=\"application/json+chapters\"/>",
    ),
    (
        &PODCAST_ATTR_INVALID,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:alternateEnclosure type=\"audio/mpeg\" default=\"maybe\"/>",
    ),
    (
        &PODCAST_VALUE_INVALID,
        "<language>en</language>",
        "<language>en</language><podcast:locked>perhaps</podcast:locked>",
    ),
    (
        &PODCAST_URL_INVALID,
        "<language>en</language>",
        "<language>en</language><podcast:funding url=\"give\">Support us</podcast:funding>",
    ),
    (
        &PODCAST_IMAGES_DEPRECATED,
        "<language>en</language>",
        "<language>en</language><podcast:images srcset=\"https://example.org/show/a.jpg 1500w\"/>",
    ),
    (
        &PODCAST_GUID_MISSING,
        "<podcast:guid>0495cb90-b9d0-50ba-b94b-a40da5f73898</podcast:guid>",
        "",
    ),
    (
        &PODCAST_TRANSCRIPT_TYPE,
        "type=\"text/plain\"",
        "type=\"text/markdown\"",
    ),
];

/// Mutations too long for the table: (rule, mutated feed bytes).
#[cfg(test)]
pub(super) fn generated() -> Vec<(&'static Rule, Vec<u8>)> {
    let long_funding = format!(
        "<language>en</language><podcast:funding url=\"https://example.org/give\">{}</podcast:funding>",
        "x".repeat(200)
    );
    vec![(
        &PODCAST_VALUE_TOO_LONG,
        super::fixture::with("<language>en</language>", &long_funding),
    )]
}
