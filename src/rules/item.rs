//! `<item>` rules: required elements, enclosures and guids (SPEC.md §1.3, §8.5).

use crate::namespace::uri;

use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Warning};
use crate::diagnostic::clip;
use crate::feed::{ElementId, Ns};

/// `item.title-or-description`: an item with neither `<title>` nor `<description>`.
pub static ITEM_TITLE_OR_DESCRIPTION: Rule = rule(
    "item.title-or-description",
    Error,
    Profile::Rss,
    "SPEC.md §1.3",
    "an item with neither <title> nor <description>",
    "RSS 2.0 requires each item to have at least a <title> or a <description>.",
);

/// `item.title.missing`: an item without `<title>`.
pub static ITEM_TITLE_MISSING: Rule = rule(
    "item.title.missing",
    Error,
    Profile::Apple,
    "SPEC.md §1.3",
    "an item without <title>",
    "Apple requires a <title> for every episode.",
);

/// `item.enclosure.missing`: an item without `<enclosure>`.
pub static ITEM_ENCLOSURE_MISSING: Rule = rule(
    "item.enclosure.missing",
    Error,
    Profile::Apple,
    "SPEC.md §1.3",
    "an item without <enclosure>",
    "An episode is its <enclosure url length type>: Apple (and every podcast app) skips items without one.",
);

/// `item.enclosure.url`: `<enclosure>` without an absolute url.
pub static ITEM_ENCLOSURE_URL: Rule = rule(
    "item.enclosure.url",
    Error,
    Profile::Rss,
    "SPEC.md §1.3, §8.5",
    "<enclosure> without an absolute url",
    "<enclosure> must have a url attribute with an absolute http(s) URL of the media file.",
);

/// `item.enclosure.length`: `<enclosure>` length is missing or not a whole number of bytes.
pub static ITEM_ENCLOSURE_LENGTH: Rule = rule(
    "item.enclosure.length",
    Error,
    Profile::Rss,
    "SPEC.md §1.3, §8.5",
    "<enclosure> length is missing or not a whole number of bytes",
    "<enclosure length> is the file size in bytes: an integer ≥ 0, with 0 when unknown.",
);

/// `item.enclosure.type`: `<enclosure>` type is missing or not a MIME type.
pub static ITEM_ENCLOSURE_TYPE: Rule = rule(
    "item.enclosure.type",
    Error,
    Profile::Rss,
    "SPEC.md §1.3, §8.5",
    "<enclosure> type is missing or not a MIME type",
    "<enclosure type> is the media's MIME type, e.g. audio/mpeg.",
);

/// `item.enclosure.apple-type`: an enclosure type Apple does not list.
pub static ITEM_ENCLOSURE_APPLE_TYPE: Rule = rule(
    "item.enclosure.apple-type",
    Warning,
    Profile::Apple,
    "SPEC.md §1.3",
    "an enclosure type Apple does not list",
    "Apple lists audio/x-m4a, audio/mpeg, video/quicktime, video/mp4, video/x-m4v and application/pdf. Other types may not play in Apple Podcasts.",
);

/// `item.enclosure.count`: more than one `<enclosure>` in an item.
pub static ITEM_ENCLOSURE_COUNT: Rule = rule(
    "item.enclosure.count",
    Warning,
    Profile::Rss,
    "SPEC.md §1.3, §8.5",
    "more than one <enclosure> in an item",
    "The RSS profile says an item should not have more than one enclosure; apps use only one. Offer other formats with <podcast:alternateEnclosure>.",
);

/// `item.enclosure.duplicate-url`: two items share an enclosure URL.
pub static ITEM_ENCLOSURE_DUPLICATE_URL: Rule = rule(
    "item.enclosure.duplicate-url",
    Warning,
    Profile::Rss,
    "SPEC.md §1.3, §8.5",
    "two items share an enclosure URL",
    "Each episode needs its own stable enclosure URL: Apple ignores reused URLs and falls back to them when a guid is missing.",
);

/// `item.guid.missing`: an item without `<guid>`.
pub static ITEM_GUID_MISSING: Rule = rule(
    "item.guid.missing",
    Warning,
    Profile::Rss,
    "SPEC.md §1.3, §8.5",
    "an item without <guid>",
    "Apps identify episodes by <guid>; without one they guess from the enclosure URL and show duplicates when it changes.",
);

/// `item.guid.duplicate`: two items share a `<guid>`.
pub static ITEM_GUID_DUPLICATE: Rule = rule(
    "item.guid.duplicate",
    Error,
    Profile::Rss,
    "SPEC.md §8.5",
    "two items share a <guid>",
    "A guid is unique per feed: apps treat items with the same guid as one episode and hide the others.",
);

/// `item.guid.permalink`: a guid that is a permalink (the default) but not a URL, or a bad isPermaLink.
pub static ITEM_GUID_PERMALINK: Rule = rule(
    "item.guid.permalink",
    Error,
    Profile::Rss,
    "SPEC.md §8.5",
    "a guid that is a permalink (the default) but not a URL, or a bad isPermaLink",
    "isPermaLink defaults to true, which claims the guid is a URL. Write isPermaLink=\"false\" for guids that are not http(s) URLs; the attribute's value is true or false.",
);

/// `item.pubdate.missing`: an item without `<pubDate>`.
pub static ITEM_PUBDATE_MISSING: Rule = rule(
    "item.pubdate.missing",
    Warning,
    Profile::Apple,
    "SPEC.md §1.3",
    "an item without <pubDate>",
    "Apple recommends a <pubDate> per episode; apps sort by it.",
);

/// `item.guid.weak`: a guid that is only a small number.
pub static ITEM_GUID_WEAK: Rule = rule(
    "item.guid.weak",
    Warning,
    Profile::Rss,
    "SPEC.md §1.3",
    "a guid that is only a small number",
    "A guid must stay unique forever, across every feed an app reads. A bare number such as 42 or 123456 collides with other shows' guids and with a restarted counter; use a UUID or the episode's URL.",
);

/// `item.source.url`: `<source>` without a url attribute.
pub static ITEM_SOURCE_URL: Rule = rule(
    "item.source.url",
    Error,
    Profile::Rss,
    "SPEC.md §1.3 (RSS 2.0)",
    "<source> without a url attribute",
    "<source> names the feed an item came from; RSS 2.0 requires its url attribute, e.g. <source url=\"https://example.org/feed.xml\">Other show</source>.",
);

/// `item.guid.attribute`: a guid attribute spelled other than `isPermaLink`.
pub static ITEM_GUID_ATTRIBUTE: Rule = rule(
    "item.guid.attribute",
    Warning,
    Profile::Rss,
    "SPEC.md §1.3 (RSS 2.0 <guid isPermaLink>)",
    "a guid attribute spelled other than isPermaLink",
    "XML names are case-sensitive: <guid isPermalink=\"false\"> is not the isPermaLink attribute, so readers take the default, true, and treat the guid as a permalink URL. Spell it isPermaLink.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &ITEM_TITLE_OR_DESCRIPTION,
    &ITEM_TITLE_MISSING,
    &ITEM_ENCLOSURE_MISSING,
    &ITEM_ENCLOSURE_URL,
    &ITEM_ENCLOSURE_LENGTH,
    &ITEM_ENCLOSURE_TYPE,
    &ITEM_ENCLOSURE_APPLE_TYPE,
    &ITEM_ENCLOSURE_COUNT,
    &ITEM_ENCLOSURE_DUPLICATE_URL,
    &ITEM_GUID_MISSING,
    &ITEM_GUID_DUPLICATE,
    &ITEM_GUID_PERMALINK,
    &ITEM_GUID_ATTRIBUTE,
    &ITEM_PUBDATE_MISSING,
    &ITEM_GUID_WEAK,
    &ITEM_SOURCE_URL,
];

const APPLE_TYPES: &[&str] = &[
    "audio/x-m4a",
    "audio/mpeg",
    "video/quicktime",
    "video/mp4",
    "video/x-m4v",
    "application/pdf",
];

/// Runs the item family: the pass's item, and in the channel's pass the item rules that apply
/// to a `podcast:liveItem`. Duplicate guids and enclosure URLs are found by their hashes, kept
/// across the items' passes.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    if ctx.in_channel_pass() {
        live_items(ctx);
    }
    if let Some(item) = ctx.item {
        check_item(ctx, item);
        let doc = ctx.doc;
        // The item's number among the channel's items.
        let n = doc.get(item).map_or(0, |e| e.nth as usize);
        if let Some(g) = doc.child(item, &Ns::None, "guid") {
            let v = doc
                .get(g)
                .map(|e| doc.text_of(e).trim())
                .unwrap_or_default();
            let key = ctx.seen().key(v);
            match ctx.seen().guids.get(&key).copied() {
                _ if v.is_empty() => {}
                Some(first) => ctx.emit(
                    &ITEM_GUID_DUPLICATE,
                    g,
                    format!(
                        "guid \"{v}\" is also the guid of item {first}; expected a unique guid",
                        v = clip(v)
                    ),
                ),
                None => {
                    ctx.seen().guids.insert(key, n);
                }
            }
        }
        if let Some(enc) = doc.child(item, &Ns::None, "enclosure")
            && let Some(url) = doc.get(enc).and_then(|e| doc.attr_value(e, "url"))
            && !url.is_empty()
        {
            let key = ctx.seen().key(url);
            if let Some(first) = ctx.seen().enclosures.get(&key).copied() {
                ctx.emit_attr(&ITEM_ENCLOSURE_DUPLICATE_URL, enc, "url", format!("enclosure URL {url} is also used by item {first}; expected one URL per episode", url = clip(url)));
            } else {
                ctx.seen().enclosures.insert(key, n);
            }
        }
    }
}

/// A `podcast:liveItem` holds an item's elements (SPEC.md §5.2): those it has are checked as in
/// an item. What an item must have is not asked of it: it has `start` for a date, and
/// `podcast.live-item.media` asks for its media.
fn live_items(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    let Some(ch) = ctx.channel_pass() else { return };
    for live in doc.children_named(ch, &Ns::Podcast, "liveItem") {
        super::channel::vocabulary(ctx, live, super::channel::ITEM_ELEMENTS);
        if doc.child(live, &Ns::None, "title").is_none()
            && doc.child(live, &Ns::None, "description").is_none()
        {
            ctx.emit(
                &ITEM_TITLE_OR_DESCRIPTION,
                live,
                "<podcast:liveItem> has neither <title> nor <description>; expected at least one"
                    .into(),
            );
        }
        if let Some(enc) = doc.child(live, &Ns::None, "enclosure") {
            enclosure(ctx, enc);
        }
        if let Some(g) = doc.child(live, &Ns::None, "guid") {
            guid(ctx, g);
        }
    }
}

fn check_item(ctx: &mut Ctx<'_>, item: ElementId) {
    let doc = ctx.doc;
    let title = doc.child(item, &Ns::None, "title");
    if title.is_none() {
        if doc.child(item, &Ns::None, "description").is_none() {
            ctx.emit(
                &ITEM_TITLE_OR_DESCRIPTION,
                item,
                "<item> has neither <title> nor <description>; expected at least one".into(),
            );
        }
        ctx.emit(
            &ITEM_TITLE_MISSING,
            item,
            "<item> has no <title>; expected one".into(),
        );
    }
    let enclosures: Vec<ElementId> = doc.children_named(item, &Ns::None, "enclosure").collect();
    match enclosures.as_slice() {
        [] => ctx.emit(
            &ITEM_ENCLOSURE_MISSING,
            item,
            "<item> has no <enclosure>; expected the episode's media file".into(),
        ),
        [first, rest @ ..] => {
            enclosure(ctx, *first);
            if let Some(&second) = rest.first() {
                ctx.emit(
                    &ITEM_ENCLOSURE_COUNT,
                    second,
                    format!("{} enclosures in one item; expected one", enclosures.len()),
                );
            }
        }
    }
    match doc.child(item, &Ns::None, "guid") {
        None => ctx.emit(
            &ITEM_GUID_MISSING,
            item,
            "<item> has no <guid>; expected a permanent unique id".into(),
        ),
        Some(g) => guid(ctx, g),
    }
    for s in doc.children_named(item, &Ns::None, "source") {
        if ctx.el(s).and_then(|e| doc.attr_value(e, "url")).is_none() {
            ctx.emit(
                &ITEM_SOURCE_URL,
                s,
                "<source> has no url attribute; expected the URL of the feed the item came from"
                    .into(),
            );
        }
    }
    if doc.child(item, &Ns::None, "pubDate").is_none() {
        ctx.emit(
            &ITEM_PUBDATE_MISSING,
            item,
            "<item> has no <pubDate>; expected the publication date".into(),
        );
    }
}

fn enclosure(ctx: &mut Ctx<'_>, enc: ElementId) {
    let Some(e) = ctx.el(enc) else { return };
    let in_live_item = e
        .parent
        .and_then(|p| ctx.el(p))
        .is_some_and(|p| p.is(&Ns::Podcast, "liveItem"));
    match ctx.doc.attr_value(e, "url").map(str::trim) {
        None | Some("") => ctx.emit(
            &ITEM_ENCLOSURE_URL,
            enc,
            "<enclosure> has no url; expected the media file's absolute URL".into(),
        ),
        Some(u) if !uri::is_absolute(u) => ctx.emit_attr(
            &ITEM_ENCLOSURE_URL,
            enc,
            "url",
            format!("enclosure url \"{u}\" is not an absolute URL"),
        ),
        Some(_) => {}
    }
    match ctx.doc.attr_value(e, "length").map(str::trim) {
        None => ctx.emit(
            &ITEM_ENCLOSURE_LENGTH,
            enc,
            "<enclosure> has no length; expected the file size in bytes (0 if unknown)".into(),
        ),
        Some(l) if l.parse::<u64>().is_err() => ctx.emit_attr(
            &ITEM_ENCLOSURE_LENGTH,
            enc,
            "length",
            format!("enclosure length \"{l}\"; expected a whole number of bytes (0 if unknown)"),
        ),
        Some(_) => {}
    }
    match ctx.doc.attr_value(e, "type").map(str::trim) {
        None => ctx.emit(
            &ITEM_ENCLOSURE_TYPE,
            enc,
            "<enclosure> has no type; expected a MIME type such as audio/mpeg".into(),
        ),
        Some(t) if !crate::mime::is_mime(t) => ctx.emit_attr(
            &ITEM_ENCLOSURE_TYPE,
            enc,
            "type",
            format!(
                "enclosure type \"{t}\" is not a MIME type; expected e.g. audio/mpeg",
                t = clip(t)
            ),
        ),
        // Apple does not read podcast:liveItem: its list applies to items only.
        Some(t) if !APPLE_TYPES.contains(&t) && !in_live_item => ctx.emit_attr(
            &ITEM_ENCLOSURE_APPLE_TYPE,
            enc,
            "type",
            format!(
                "enclosure type \"{t}\"; Apple lists {}",
                APPLE_TYPES.join(", "),
                t = clip(t)
            ),
        ),
        Some(_) => {}
    }
}

fn guid(ctx: &mut Ctx<'_>, g: ElementId) {
    let Some(e) = ctx.el(g) else { return };
    let value = ctx.doc.text_of(e).trim();
    // SPEC.md §1.3: a guid is unique across feeds; a counter below a million is not.
    if !value.is_empty() && value.len() <= 6 && value.chars().all(|c| c.is_ascii_digit()) {
        ctx.emit(&ITEM_GUID_WEAK,
            g,
            format!("guid \"{value}\" is a bare number; expected a globally unique id such as a UUID or the episode's URL", value = clip(value)),
        );
    }
    for a in ctx.doc.attrs(e) {
        let name: &str = &a.local;
        if a.ns == Ns::None && name != "isPermaLink" && name.eq_ignore_ascii_case("isPermaLink") {
            ctx.emit_attr(
                &ITEM_GUID_ATTRIBUTE,
                g,
                name,
                format!(
                    "<guid {name}=\"…\"> is not the isPermaLink attribute (names are case-sensitive), so the guid counts as a permalink; expected isPermaLink"
                ),
            );
        }
    }
    let permalink = match ctx.doc.attr_value(e, "isPermaLink") {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => {
            ctx.emit_attr(
                &ITEM_GUID_PERMALINK,
                g,
                "isPermaLink",
                format!("isPermaLink=\"{other}\"; expected true or false"),
            );
            return;
        }
    };
    let is_url = uri::absolute(value).is_some_and(|u| u.is_web());
    if permalink && !is_url {
        ctx.emit(&ITEM_GUID_PERMALINK, g, format!("guid \"{value}\" is a permalink (isPermaLink defaults to true) but not an http(s) URL; expected isPermaLink=\"false\"", value = clip(value)));
    }
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (
        &ITEM_GUID_ATTRIBUTE,
        "<guid isPermaLink=\"false\">",
        "<guid isPermalink=\"false\">",
    ),
    (
        &ITEM_ENCLOSURE_LENGTH,
        "length=\"1234567\"",
        "length=\"12 MB\"",
    ),
    (
        &ITEM_ENCLOSURE_MISSING,
        "<enclosure url=\"https://example.org/show/ep1.mp3\" length=\"1234567\" type=\"audio/mpeg\"/>",
        "",
    ),
    (
        &ITEM_GUID_PERMALINK,
        "<guid isPermaLink=\"false\">",
        "<guid>",
    ),
    (
        &ITEM_TITLE_OR_DESCRIPTION,
        "<title>First episode</title>\n      <description>We start.</description>",
        "",
    ),
    (&ITEM_TITLE_MISSING, "<title>First episode</title>", ""),
    (
        &ITEM_ENCLOSURE_URL,
        "url=\"https://example.org/show/ep1.mp3\"",
        "url=\"ep1.mp3\"",
    ),
    (&ITEM_ENCLOSURE_TYPE, "type=\"audio/mpeg\"", "type=\"mpeg\""),
    (
        &ITEM_ENCLOSURE_APPLE_TYPE,
        "type=\"audio/mpeg\"",
        "type=\"audio/ogg\"",
    ),
    (
        &ITEM_ENCLOSURE_COUNT,
        "type=\"audio/mpeg\"/>",
        "type=\"audio/mpeg\"/><enclosure url=\"https://example.org/show/ep1b.mp3\" length=\"1\" type=\"audio/mpeg\"/>",
    ),
    (
        &ITEM_ENCLOSURE_DUPLICATE_URL,
        "</item>",
        "</item>\n    <item><title>Again</title><enclosure url=\"https://example.org/show/ep1.mp3\" length=\"1234567\" type=\"audio/mpeg\"/><guid isPermaLink=\"false\">feed-notes-ep2</guid></item>",
    ),
    (
        &ITEM_GUID_DUPLICATE,
        "</item>",
        "</item>\n    <item><title>Again</title><enclosure url=\"https://example.org/show/ep2.mp3\" length=\"1234567\" type=\"audio/mpeg\"/><guid isPermaLink=\"false\">feed-notes-ep1</guid></item>",
    ),
    (
        &ITEM_GUID_MISSING,
        "<guid isPermaLink=\"false\">feed-notes-ep1</guid>",
        "",
    ),
    (&ITEM_GUID_WEAK, "feed-notes-ep1", "42"),
    (
        &ITEM_PUBDATE_MISSING,
        "<pubDate>Sat, 07 Sep 2024 09:42:31 GMT</pubDate>",
        "",
    ),
    (
        &ITEM_SOURCE_URL,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><source>Other show</source>",
    ),
];
