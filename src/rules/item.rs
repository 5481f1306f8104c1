//! `<item>` rules: required elements, enclosures and guids (SPEC.md §1.3, §8.5).

use std::collections::HashMap;

use super::quote::clip;
use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Warning};
use crate::feed::{ElementId, Ns};

/// The item family's rules.
pub(super) const RULES: &[Rule] = &[
    rule(
        "item.title_or_description",
        Error,
        Profile::Rss,
        "SPEC.md §1.3",
        "an item with neither <title> nor <description>",
        "RSS 2.0 requires each item to have at least a <title> or a <description>.",
    ),
    rule(
        "item.title.missing",
        Error,
        Profile::Apple,
        "SPEC.md §1.3",
        "an item without <title>",
        "Apple requires a <title> for every episode.",
    ),
    rule(
        "item.enclosure.missing",
        Error,
        Profile::Apple,
        "SPEC.md §1.3",
        "an item without <enclosure>",
        "An episode is its <enclosure url length type>: Apple (and every podcast app) skips items without one.",
    ),
    rule(
        "item.enclosure.url",
        Error,
        Profile::Rss,
        "SPEC.md §1.3, §8.5",
        "<enclosure> without an absolute url",
        "<enclosure> must have a url attribute with an absolute http(s) URL of the media file.",
    ),
    rule(
        "item.enclosure.length",
        Error,
        Profile::Rss,
        "SPEC.md §1.3, §8.5",
        "<enclosure> length is missing or not a whole number of bytes",
        "<enclosure length> is the file size in bytes: an integer ≥ 0, with 0 when unknown.",
    ),
    rule(
        "item.enclosure.type",
        Error,
        Profile::Rss,
        "SPEC.md §1.3, §8.5",
        "<enclosure> type is missing or not a MIME type",
        "<enclosure type> is the media's MIME type, e.g. audio/mpeg.",
    ),
    rule(
        "item.enclosure.apple_type",
        Warning,
        Profile::Apple,
        "SPEC.md §1.3",
        "an enclosure type Apple does not list",
        "Apple lists audio/x-m4a, audio/mpeg, video/quicktime, video/mp4, video/x-m4v and application/pdf. Other types may not play in Apple Podcasts.",
    ),
    rule(
        "item.enclosure.count",
        Warning,
        Profile::Rss,
        "SPEC.md §1.3, §8.5",
        "more than one <enclosure> in an item",
        "The RSS profile says an item should not have more than one enclosure; apps use only one. Offer other formats with <podcast:alternateEnclosure>.",
    ),
    rule(
        "item.enclosure.duplicate_url",
        Warning,
        Profile::Rss,
        "SPEC.md §1.3, §8.5",
        "two items share an enclosure URL",
        "Each episode needs its own stable enclosure URL: Apple ignores reused URLs and falls back to them when a guid is missing.",
    ),
    rule(
        "item.guid.missing",
        Warning,
        Profile::Rss,
        "SPEC.md §1.3, §8.5",
        "an item without <guid>",
        "Apps identify episodes by <guid>; without one they guess from the enclosure URL and show duplicates when it changes.",
    ),
    rule(
        "item.guid.duplicate",
        Error,
        Profile::Rss,
        "SPEC.md §8.5",
        "two items share a <guid>",
        "A guid is unique per feed: apps treat items with the same guid as one episode and hide the others.",
    ),
    rule(
        "item.guid.permalink",
        Error,
        Profile::Rss,
        "SPEC.md §8.5",
        "a guid that is a permalink (the default) but not a URL, or a bad isPermaLink",
        "isPermaLink defaults to true, which claims the guid is a URL. Write isPermaLink=\"false\" for guids that are not http(s) URLs; the attribute's value is true or false.",
    ),
    rule(
        "item.pubdate.missing",
        Warning,
        Profile::Apple,
        "SPEC.md §1.3",
        "an item without <pubDate>",
        "Apple recommends a <pubDate> per episode; apps sort by it.",
    ),
    rule(
        "item.guid.weak",
        Warning,
        Profile::Rss,
        "SPEC.md §1.3",
        "a guid that is only a small number",
        "A guid must stay unique forever, across every feed an app reads. A bare number such as 42 or 123456 collides with other shows' guids and with a restarted counter; use a UUID or the episode's URL.",
    ),
    rule(
        "item.source.url",
        Error,
        Profile::Rss,
        "SPEC.md §1.3 (RSS 2.0)",
        "<source> without a url attribute",
        "<source> names the feed an item came from; RSS 2.0 requires its url attribute, e.g. <source url=\"https://example.org/feed.xml\">Other show</source>.",
    ),
];

const APPLE_TYPES: &[&str] = &[
    "audio/x-m4a",
    "audio/mpeg",
    "video/quicktime",
    "video/mp4",
    "video/x-m4v",
    "application/pdf",
];

/// Runs the item family.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let mut guids: HashMap<String, usize> = HashMap::new();
    let mut urls: HashMap<String, usize> = HashMap::new();
    for (n, &item) in ctx.items.clone().iter().enumerate() {
        let n = n + 1;
        check_item(ctx, item);
        let doc = ctx.doc;
        if let Some(g) = doc.child(item, &Ns::None, "guid") {
            let v = doc
                .get(g)
                .map(|e| doc.text_of(e).trim().to_owned())
                .unwrap_or_default();
            if !v.is_empty() {
                if let Some(first) = guids.get(&v) {
                    ctx.emit(
                        "item.guid.duplicate",
                        g,
                        format!(
                            "guid \"{v}\" is also the guid of item {first}; expected a unique guid",
                            v = clip(&v)
                        ),
                    );
                } else {
                    guids.insert(v, n);
                }
            }
        }
        if let Some(enc) = doc.child(item, &Ns::None, "enclosure")
            && let Some(url) = doc.get(enc).and_then(|e| e.attr_value("url"))
            && !url.is_empty()
        {
            if let Some(first) = urls.get(url) {
                ctx.emit_attr("item.enclosure.duplicate_url", enc, "url", format!("enclosure URL {url} is also used by item {first}; expected one URL per episode", url = clip(url)));
            } else {
                urls.insert(url.to_owned(), n);
            }
        }
    }
}

fn check_item(ctx: &mut Ctx<'_>, item: ElementId) {
    let doc = ctx.doc;
    let title = doc.child(item, &Ns::None, "title");
    if title.is_none() {
        if doc.child(item, &Ns::None, "description").is_none() {
            ctx.emit(
                "item.title_or_description",
                item,
                "<item> has neither <title> nor <description>; expected at least one".into(),
            );
        }
        ctx.emit(
            "item.title.missing",
            item,
            "<item> has no <title>; expected one".into(),
        );
    }
    let enclosures: Vec<ElementId> = doc.children_named(item, &Ns::None, "enclosure").collect();
    match enclosures.as_slice() {
        [] => ctx.emit(
            "item.enclosure.missing",
            item,
            "<item> has no <enclosure>; expected the episode's media file".into(),
        ),
        [first, rest @ ..] => {
            enclosure(ctx, *first);
            if let Some(&second) = rest.first() {
                ctx.emit(
                    "item.enclosure.count",
                    second,
                    format!("{} enclosures in one item; expected one", enclosures.len()),
                );
            }
        }
    }
    match doc.child(item, &Ns::None, "guid") {
        None => ctx.emit(
            "item.guid.missing",
            item,
            "<item> has no <guid>; expected a permanent unique id".into(),
        ),
        Some(g) => guid(ctx, g),
    }
    for s in doc.children_named(item, &Ns::None, "source") {
        if ctx.el(s).and_then(|e| e.attr_value("url")).is_none() {
            ctx.emit(
                "item.source.url",
                s,
                "<source> has no url attribute; expected the URL of the feed the item came from"
                    .into(),
            );
        }
    }
    if doc.child(item, &Ns::None, "pubDate").is_none() {
        ctx.emit(
            "item.pubdate.missing",
            item,
            "<item> has no <pubDate>; expected the publication date".into(),
        );
    }
}

fn enclosure(ctx: &mut Ctx<'_>, enc: ElementId) {
    let Some(e) = ctx.el(enc) else { return };
    match e.attr_value("url").map(str::trim) {
        None | Some("") => ctx.emit(
            "item.enclosure.url",
            enc,
            "<enclosure> has no url; expected the media file's absolute URL".into(),
        ),
        Some(u) if url::Url::parse(u).is_err() => ctx.emit_attr(
            "item.enclosure.url",
            enc,
            "url",
            format!("enclosure url \"{u}\" is not an absolute URL"),
        ),
        Some(_) => {}
    }
    match e.attr_value("length").map(str::trim) {
        None => ctx.emit(
            "item.enclosure.length",
            enc,
            "<enclosure> has no length; expected the file size in bytes (0 if unknown)".into(),
        ),
        Some(l) if l.parse::<u64>().is_err() => ctx.emit_attr(
            "item.enclosure.length",
            enc,
            "length",
            format!("enclosure length \"{l}\"; expected a whole number of bytes (0 if unknown)"),
        ),
        Some(_) => {}
    }
    match e.attr_value("type").map(str::trim) {
        None => ctx.emit(
            "item.enclosure.type",
            enc,
            "<enclosure> has no type; expected a MIME type such as audio/mpeg".into(),
        ),
        Some(t) if !crate::mime::is_mime(t) => ctx.emit_attr(
            "item.enclosure.type",
            enc,
            "type",
            format!(
                "enclosure type \"{t}\" is not a MIME type; expected e.g. audio/mpeg",
                t = clip(t)
            ),
        ),
        Some(t) if !APPLE_TYPES.contains(&t) => ctx.emit_attr(
            "item.enclosure.apple_type",
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
        ctx.emit(
            "item.guid.weak",
            g,
            format!("guid \"{value}\" is a bare number; expected a globally unique id such as a UUID or the episode's URL", value = clip(value)),
        );
    }
    let permalink = match e.attr_value("isPermaLink") {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => {
            ctx.emit_attr(
                "item.guid.permalink",
                g,
                "isPermaLink",
                format!("isPermaLink=\"{other}\"; expected true or false"),
            );
            return;
        }
    };
    let is_url = url::Url::parse(value).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    if permalink && !is_url {
        ctx.emit("item.guid.permalink", g, format!("guid \"{value}\" is a permalink (isPermaLink defaults to true) but not an http(s) URL; expected isPermaLink=\"false\"", value = clip(value)));
    }
}
