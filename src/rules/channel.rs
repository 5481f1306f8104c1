//! The `<rss>` root and the RSS 2.0 elements of `<channel>` (SPEC.md §1.1, §1.2, §8.4), and the
//! RSS vocabulary check shared with items (elements RSS 2.0 does not define must be in a
//! namespace, SPEC.md §0).

use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Warning};
use crate::diagnostic::clip;
use crate::feed::{ElementId, Ns};

/// `rss.root`: the root element is not `<rss>`.
pub static RSS_ROOT: Rule = rule(
    "rss.root",
    Error,
    Profile::Rss,
    "SPEC.md §1.1",
    "the root element is not <rss>",
    "An RSS 2.0 podcast feed is an <rss> element holding one <channel>. Atom or RDF documents are not podcast feeds.",
);

/// `rss.version`: `<rss>` lacks version="2.0".
pub static RSS_VERSION: Rule = rule(
    "rss.version",
    Error,
    Profile::Rss,
    "SPEC.md §1.1",
    "<rss> lacks version=\"2.0\"",
    "The <rss> element must carry the attribute version=\"2.0\".",
);

/// `rss.channel.count`: `<rss>` does not hold exactly one `<channel>`.
pub static RSS_CHANNEL_COUNT: Rule = rule(
    "rss.channel.count",
    Error,
    Profile::Rss,
    "SPEC.md §1.1",
    "<rss> does not hold exactly one <channel>",
    "RSS 2.0 allows exactly one <channel> child of <rss>; everything else in the feed lives inside it.",
);

/// `channel.title.missing`: the channel has no `<title>`.
pub static CHANNEL_TITLE_MISSING: Rule = rule(
    "channel.title.missing",
    Error,
    Profile::Rss,
    "SPEC.md §1.2",
    "the channel has no <title>",
    "RSS 2.0 requires the channel's <title>; Apple and Spotify use it as the show's name.",
);

/// `channel.link.missing`: the channel has no `<link>`.
pub static CHANNEL_LINK_MISSING: Rule = rule(
    "channel.link.missing",
    Error,
    Profile::Rss,
    "SPEC.md §1.2",
    "the channel has no <link>",
    "RSS 2.0 requires the channel's <link>: the URL of the show's website.",
);

/// `channel.description.missing`: the channel has no `<description>`.
pub static CHANNEL_DESCRIPTION_MISSING: Rule = rule(
    "channel.description.missing",
    Error,
    Profile::Rss,
    "SPEC.md §1.2",
    "the channel has no <description>",
    "RSS 2.0 and Apple require the channel's <description>, the show's summary.",
);

/// `channel.language.missing`: the channel has no `<language>`.
pub static CHANNEL_LANGUAGE_MISSING: Rule = rule(
    "channel.language.missing",
    Error,
    Profile::Apple,
    "SPEC.md §1.2",
    "the channel has no <language>",
    "Apple requires <language> with an ISO 639 code such as en or en-us; it is also the default language of transcripts.",
);

/// `channel.language.invalid`: `<language>` is not an ISO 639 code.
pub static CHANNEL_LANGUAGE_INVALID: Rule = rule(
    "channel.language.invalid",
    Error,
    Profile::Rss,
    "SPEC.md §1.2",
    "<language> is not an ISO 639 code",
    "<language> holds a two-letter ISO 639 code with an optional region, e.g. en, fr, en-us. Apple rejects other values.",
);

/// `rss.element.duplicate`: an RSS element that may appear once appears twice.
pub static RSS_ELEMENT_DUPLICATE: Rule = rule(
    "rss.element.duplicate",
    Error,
    Profile::Rss,
    "SPEC.md §1.2, §1.3 (RSS 2.0)",
    "an RSS element that may appear once appears twice",
    "Elements such as <title>, <link>, <description>, <pubDate> or <guid> may appear at most once in a channel or item. Readers keep either the first or the last one.",
);

/// `rss.element.unknown`: an element RSS 2.0 does not define, outside any namespace.
pub static RSS_ELEMENT_UNKNOWN: Rule = rule(
    "rss.element.unknown",
    Error,
    Profile::Rss,
    "SPEC.md §0 (RSS 2.0 'Extending RSS')",
    "an element RSS 2.0 does not define, outside any namespace",
    "RSS 2.0 only allows elements it defines unless they live in a namespace. A misspelt name (<pubdate>, <Title>) or an unprefixed itunes element is ignored by readers.",
);

/// `channel.image.child`: `<image>` lacks `<url>`, `<title>` or `<link>`.
pub static CHANNEL_IMAGE_CHILD: Rule = rule(
    "channel.image.child",
    Error,
    Profile::Rss,
    "SPEC.md §1.2",
    "<image> lacks <url>, <title> or <link>",
    "The RSS <image> needs <url>, <title> and <link> children. (Apple artwork is <itunes:image href>, not this.)",
);

/// `channel.image.size`: `<image>` width above 144 or height above 400.
pub static CHANNEL_IMAGE_SIZE: Rule = rule(
    "channel.image.size",
    Error,
    Profile::Rss,
    "SPEC.md §1.2",
    "<image> width above 144 or height above 400",
    "RSS 2.0 limits <image> <width> to 144 and <height> to 400 pixels, as positive integers.",
);

/// `channel.image.mismatch`: the `<image>`'s title or link differs from the channel's.
pub static CHANNEL_IMAGE_MISMATCH: Rule = rule(
    "channel.image.mismatch",
    Warning,
    Profile::Rss,
    "SPEC.md §1.2 (RSS 2.0 <image>)",
    "the <image>'s title or link differs from the channel's",
    "RSS 2.0 says that in practice the <image>'s <title> and <link> have the same value as the channel's <title> and <link>: the image stands for the channel and links to its site.",
);

/// `channel.image.format`: the `<image>` url names a file other than GIF, JPEG or PNG.
pub static CHANNEL_IMAGE_FORMAT: Rule = rule(
    "channel.image.format",
    Warning,
    Profile::Rss,
    "SPEC.md §1.2 (RSS 2.0 <image>: a GIF, JPEG or PNG)",
    "the <image> url names a file other than GIF, JPEG or PNG",
    "The RSS <image> <url> is the URL of a GIF, JPEG or PNG image. The check reads the file name's extension (.gif, .jpg, .jpeg, .png); a URL without one is not judged.",
);

/// `channel.atom-self.missing`: no `<atom:link rel="self">`.
pub static CHANNEL_ATOM_SELF_MISSING: Rule = rule(
    "channel.atom-self.missing",
    Warning,
    Profile::Rss,
    "SPEC.md §8.4",
    "no <atom:link rel=\"self\">",
    "The RSS Best Practices Profile asks a feed to name its own URL with <atom:link href=\"FEED_URL\" rel=\"self\" type=\"application/rss+xml\"/> in the channel.",
);

/// `channel.atom-self.type`: the self link's type is not application/rss+xml.
pub static CHANNEL_ATOM_SELF_TYPE: Rule = rule(
    "channel.atom-self.type",
    Warning,
    Profile::Rss,
    "SPEC.md §8.4",
    "the self link's type is not application/rss+xml",
    "The self link should carry type=\"application/rss+xml\".",
);

/// `spotify.limit.recent-count`: spotify:limit recentCount is not a non-negative integer.
pub static SPOTIFY_LIMIT_RECENT_COUNT: Rule = rule(
    "spotify.limit.recent-count",
    Warning,
    Profile::Spotify,
    "SPEC.md §1.2, Appendix B",
    "spotify:limit recentCount is not a non-negative integer",
    "<spotify:limit recentCount=\"N\"/> tells Spotify how many recent episodes to show; N is an integer ≥ 0.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &RSS_ROOT,
    &RSS_VERSION,
    &RSS_CHANNEL_COUNT,
    &CHANNEL_TITLE_MISSING,
    &CHANNEL_LINK_MISSING,
    &CHANNEL_DESCRIPTION_MISSING,
    &CHANNEL_LANGUAGE_MISSING,
    &CHANNEL_LANGUAGE_INVALID,
    &RSS_ELEMENT_DUPLICATE,
    &RSS_ELEMENT_UNKNOWN,
    &CHANNEL_IMAGE_CHILD,
    &CHANNEL_IMAGE_SIZE,
    &CHANNEL_IMAGE_MISMATCH,
    &CHANNEL_IMAGE_FORMAT,
    &CHANNEL_ATOM_SELF_MISSING,
    &CHANNEL_ATOM_SELF_TYPE,
    &SPOTIFY_LIMIT_RECENT_COUNT,
];

/// RSS 2.0 channel elements (SPEC.md §1.2) and whether each may appear only once.
const CHANNEL_ELEMENTS: &[(&str, bool)] = &[
    ("title", true),
    ("link", true),
    ("description", true),
    ("language", true),
    ("copyright", true),
    ("managingEditor", true),
    ("webMaster", true),
    ("pubDate", true),
    ("lastBuildDate", true),
    ("category", false),
    ("generator", true),
    ("docs", true),
    ("cloud", true),
    ("ttl", true),
    ("image", true),
    ("rating", true),
    ("textInput", true),
    ("skipHours", true),
    ("skipDays", true),
    ("item", false),
];

/// RSS 2.0 item elements (SPEC.md §1.3) and whether each may appear only once. A second
/// enclosure has its own rule (`item.enclosure.count`).
pub(super) const ITEM_ELEMENTS: &[(&str, bool)] = &[
    ("title", true),
    ("link", true),
    ("description", true),
    ("author", true),
    ("category", false),
    ("comments", true),
    ("enclosure", false),
    ("guid", true),
    ("pubDate", true),
    ("source", true),
];

/// The children of the RSS `<image>` (SPEC.md §1.2); each may appear once.
const IMAGE_ELEMENTS: &[(&str, bool)] = &[
    ("url", true),
    ("title", true),
    ("link", true),
    ("width", true),
    ("height", true),
    ("description", true),
];

/// Runs the channel family: the root and the channel in the channel's pass, and in every pass
/// the items' vocabularies and the unnamespaced elements inside extensions.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    in_extensions(ctx);
    if let Some(item) = ctx.item {
        vocabulary(ctx, item, ITEM_ELEMENTS);
    }
    if ctx.in_channel_pass() {
        channel(ctx);
    }
}

fn channel(ctx: &mut Ctx<'_>) {
    if !rss_root(ctx) {
        return;
    }
    let doc = ctx.doc;
    let Some(ch) = ctx.channel else { return };
    for (name, rule) in [
        ("title", &CHANNEL_TITLE_MISSING),
        ("link", &CHANNEL_LINK_MISSING),
        ("description", &CHANNEL_DESCRIPTION_MISSING),
        ("language", &CHANNEL_LANGUAGE_MISSING),
    ] {
        if doc.child(ch, &Ns::None, name).is_none() {
            ctx.emit(rule, ch, format!("<channel> has no <{name}>; expected one"));
        }
    }
    if let Some(lang) = doc.child(ch, &Ns::None, "language") {
        let v = ctx
            .el(lang)
            .map(|e| ctx.doc.text_of(e).trim())
            .unwrap_or_default();
        if !is_language(v) {
            ctx.emit(
                &CHANNEL_LANGUAGE_INVALID,
                lang,
                format!(
                    "<language>{v}</language>; expected an ISO 639 code such as en or en-us",
                    v = clip(v)
                ),
            );
        }
    }
    vocabulary(ctx, ch, CHANNEL_ELEMENTS);
    if let Some(img) = doc.child(ch, &Ns::None, "image") {
        vocabulary(ctx, img, IMAGE_ELEMENTS);
    }
    image(ctx, ch);
    self_link(ctx, ch);
    spotify_limit(ctx, ch);
}

/// `<rss version="2.0">` with exactly one `<channel>`; false when the root is not `<rss>`.
fn rss_root(ctx: &mut Ctx<'_>) -> bool {
    let doc = ctx.doc;
    let Some(root) = doc.root() else { return false };
    if !root.is(&Ns::None, "rss") {
        ctx.emit(
            &RSS_ROOT,
            0,
            format!(
                "root element <{}>; expected <rss version=\"2.0\">",
                root.display_name()
            ),
        );
        return false;
    }
    match doc.attr_value(root, "version") {
        Some("2.0") => {}
        Some(v) => ctx.emit_attr(
            &RSS_VERSION,
            0,
            "version",
            format!(
                "<rss version=\"{v}\">; expected version=\"2.0\"",
                v = clip(v)
            ),
        ),
        None => ctx.emit(
            &RSS_VERSION,
            0,
            "<rss> without a version attribute; expected version=\"2.0\"".into(),
        ),
    }
    let channels: Vec<ElementId> = doc.children_named(0, &Ns::None, "channel").collect();
    if channels.len() != 1 {
        let at = channels.get(1).copied().unwrap_or(0);
        ctx.emit(
            &RSS_CHANNEL_COUNT,
            at,
            format!(
                "{} <channel> elements in <rss>; expected exactly one",
                channels.len()
            ),
        );
    }
    true
}

/// Spotify's `<spotify:limit recentCount>` is a count (SPEC.md Appendix B).
fn spotify_limit(ctx: &mut Ctx<'_>, ch: ElementId) {
    let doc = ctx.doc;
    if let Some(limit) = doc.child(ch, &Ns::Spotify, "limit") {
        let v = ctx.el(limit).and_then(|e| doc.attr_value(e, "recentCount"));
        if v.is_none_or(|v| v.trim().parse::<u64>().is_err()) {
            ctx.emit_attr(
                &SPOTIFY_LIMIT_RECENT_COUNT,
                limit,
                "recentCount",
                format!(
                    "recentCount=\"{}\"; expected a non-negative integer",
                    v.unwrap_or_default()
                ),
            );
        }
    }
}

/// ISO 639 two- or three-letter code with optional subtags (SPEC.md §1.2).
pub(super) fn is_language(v: &str) -> bool {
    let mut parts = v.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Unknown unprefixed elements and duplicates of once-only elements under `parent`.
pub(super) fn vocabulary(ctx: &mut Ctx<'_>, parent: ElementId, known: &[(&str, bool)]) {
    let doc = ctx.doc;
    let Some(p) = ctx.el(parent) else { return };
    let pname = p.local.clone();
    for &c in doc.children(p) {
        let Some(e) = doc.get(c) else { continue };
        // content:encoded holds the item's full show notes: a second one is ambiguous.
        if e.is(&Ns::Content, "encoded") && e.nth == 2 {
            ctx.emit(
                &RSS_ELEMENT_DUPLICATE,
                c,
                format!("a second <content:encoded> in <{pname}>; expected at most one"),
            );
        }
        if e.ns != Ns::None {
            continue;
        }
        match known.iter().find(|(n, _)| e.local == *n) {
            None => ctx.emit(&RSS_ELEMENT_UNKNOWN, c, format!("<{}> in <{pname}> is not an RSS 2.0 element; expected RSS's own elements or namespaced extensions", e.local)),
            Some((_, true)) if e.nth == 2 => ctx.emit(&RSS_ELEMENT_DUPLICATE, c, format!("a second <{}> in <{pname}>; expected at most one", e.local)),
            Some(_) => {}
        }
    }
}

/// Elements in no namespace inside an extension element (`<media:group><title>`): RSS 2.0's
/// elements live in channel, item and image, so these are defined nowhere. The children of
/// `podcast:liveItem` are RSS item elements, by the tag's definition.
fn in_extensions(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    if !doc.root().is_some_and(|r| r.is(&Ns::None, "rss")) {
        return;
    }
    for (id, e) in ctx.walk() {
        let Some(p) = e.parent.and_then(|p| doc.get(p)) else {
            continue;
        };
        if e.ns == Ns::None && p.ns != Ns::None && !p.is(&Ns::Podcast, "liveItem") {
            ctx.emit(
                &RSS_ELEMENT_UNKNOWN,
                id,
                format!(
                    "<{}> in <{}> is in no namespace; expected an element of the extension's namespace",
                    e.local,
                    p.display_name()
                ),
            );
        }
    }
}

fn image(ctx: &mut Ctx<'_>, ch: ElementId) {
    let doc = ctx.doc;
    let Some(img) = doc.child(ch, &Ns::None, "image") else {
        return;
    };
    for name in ["url", "title", "link"] {
        if doc.child(img, &Ns::None, name).is_none() {
            ctx.emit(
                &CHANNEL_IMAGE_CHILD,
                img,
                format!("<image> has no <{name}>; expected <url>, <title> and <link>"),
            );
        }
    }
    image_matches(ctx, ch, img);
    for (name, max) in [("width", 144u64), ("height", 400)] {
        if let Some(el) = doc.child(img, &Ns::None, name) {
            let v = ctx
                .el(el)
                .map(|e| ctx.doc.text_of(e).trim())
                .unwrap_or_default();
            match v.parse::<u64>() {
                Ok(n) if n > 0 && n <= max => {}
                _ => ctx.emit(
                    &CHANNEL_IMAGE_SIZE,
                    el,
                    format!(
                        "<{name}>{v}</{name}>; expected a whole number from 1 to {max}",
                        v = clip(v)
                    ),
                ),
            }
        }
    }
}

/// The `<image>`'s title and link against the channel's, and its url's file type.
fn image_matches(ctx: &mut Ctx<'_>, ch: ElementId, img: ElementId) {
    let doc = ctx.doc;
    for name in ["title", "link"] {
        let (Some(own), Some(channel)) = (
            doc.child(img, &Ns::None, name),
            doc.child_text(ch, &Ns::None, name),
        ) else {
            continue;
        };
        let v = ctx
            .el(own)
            .map(|e| doc.text_of(e).trim())
            .unwrap_or_default();
        let same = if name == "link" {
            v.trim_end_matches('/') == channel.trim_end_matches('/')
        } else {
            v == channel
        };
        if !same {
            ctx.emit(
                &CHANNEL_IMAGE_MISMATCH,
                own,
                format!(
                    "<image> <{name}>{v}</{name}> differs from the channel's <{name}>{c}</{name}>; expected the same value",
                    v = clip(v),
                    c = clip(channel.trim())
                ),
            );
        }
    }
    let Some(url) = doc.child(img, &Ns::None, "url") else {
        return;
    };
    let v = ctx
        .el(url)
        .map(|e| doc.text_of(e).trim())
        .unwrap_or_default();
    let file = v
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .unwrap_or_default();
    if let Some((_, ext)) = file.rsplit_once('.')
        && !["gif", "jpg", "jpeg", "png"]
            .iter()
            .any(|x| ext.eq_ignore_ascii_case(x))
    {
        ctx.emit(
            &CHANNEL_IMAGE_FORMAT,
            url,
            format!(
                "<image> <url>{v}</url> is a .{ext} file; expected a GIF, JPEG or PNG image",
                v = clip(v),
                ext = clip(ext)
            ),
        );
    }
}

fn self_link(ctx: &mut Ctx<'_>, ch: ElementId) {
    let doc = ctx.doc;
    let own = doc
        .children_named(ch, &Ns::Atom, "link")
        .find(|&l| doc.get(l).and_then(|e| doc.attr_value(e, "rel")) == Some("self"));
    match own {
        None => ctx.emit(
            &CHANNEL_ATOM_SELF_MISSING,
            ch,
            "<channel> has no <atom:link rel=\"self\">; expected one naming the feed's URL".into(),
        ),
        Some(l) => {
            let t = ctx.el(l).and_then(|e| doc.attr_value(e, "type"));
            if t != Some("application/rss+xml") {
                ctx.emit_attr(
                    &CHANNEL_ATOM_SELF_TYPE,
                    l,
                    "type",
                    format!(
                        "self link type \"{}\"; expected \"application/rss+xml\"",
                        t.unwrap_or_default()
                    ),
                );
            }
        }
    }
}

/// The href of the channel's self link, when there is one.
pub(super) fn self_href<'a>(ctx: &Ctx<'a>) -> Option<&'a str> {
    let doc = ctx.doc;
    let ch = ctx.channel?;
    doc.children_named(ch, &Ns::Atom, "link")
        .filter_map(|l| doc.get(l))
        .find(|e| doc.attr_value(e, "rel") == Some("self"))
        .and_then(|e| doc.attr_value(e, "href"))
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (&RSS_VERSION, "version=\"2.0\"", "version=\"0.92\""),
    (&CHANNEL_TITLE_MISSING, "<title>Feed Notes</title>", ""),
    (
        &CHANNEL_LANGUAGE_INVALID,
        "<language>en</language>",
        "<language>English</language>",
    ),
    (
        &RSS_ELEMENT_UNKNOWN,
        "<language>en</language>",
        "<language>en</language><pubdate>x</pubdate>",
    ),
    (
        &RSS_ELEMENT_DUPLICATE,
        "<link>https://example.org/show/</link>",
        "<link>https://example.org/show/</link><link>https://example.org/</link>",
    ),
    (
        &CHANNEL_ATOM_SELF_MISSING,
        "<atom:link href=\"https://example.org/show/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>",
        "",
    ),
    (&RSS_ROOT, "rss", "feed"),
    (
        &RSS_CHANNEL_COUNT,
        "</channel>",
        "</channel>\n  <channel><title>Again</title></channel>",
    ),
    (
        &CHANNEL_LINK_MISSING,
        "<link>https://example.org/show/</link>",
        "",
    ),
    (
        &CHANNEL_DESCRIPTION_MISSING,
        "<description>A show about podcast feeds.</description>",
        "",
    ),
    (&CHANNEL_LANGUAGE_MISSING, "<language>en</language>", ""),
    (
        &CHANNEL_IMAGE_CHILD,
        "<language>en</language>",
        "<language>en</language><image><url>https://example.org/show/i.png</url><title>Feed Notes</title></image>",
    ),
    (
        &CHANNEL_IMAGE_SIZE,
        "<language>en</language>",
        "<language>en</language><image><url>https://example.org/show/i.png</url><title>Feed Notes</title><link>https://example.org/show/</link><width>500</width></image>",
    ),
    (
        &CHANNEL_IMAGE_MISMATCH,
        "<language>en</language>",
        "<language>en</language><image><url>https://example.org/show/i.png</url><title>Another show</title><link>https://example.org/show/</link></image>",
    ),
    (
        &CHANNEL_IMAGE_FORMAT,
        "<language>en</language>",
        "<language>en</language><image><url>https://example.org/show/i.tiff</url><title>Feed Notes</title><link>https://example.org/show/</link></image>",
    ),
    (
        &CHANNEL_ATOM_SELF_TYPE,
        "type=\"application/rss+xml\"",
        "type=\"text/xml\"",
    ),
    (
        &SPOTIFY_LIMIT_RECENT_COUNT,
        "<language>en</language>",
        "<language>en</language><spotify:limit xmlns:spotify=\"http://www.spotify.com/ns/rss\" recentCount=\"many\"/>",
    ),
];
