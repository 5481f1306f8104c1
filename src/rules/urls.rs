//! URL rules for RSS and itunes elements: absolute URLs where a URL is expected (SPEC.md §1.2,
//! §1.3). `podcast:` URLs are checked by the podcast family.

use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Warning};
use crate::diagnostic::clip;
use crate::feed::{ElementId, Ns};
use crate::namespace::uri;

/// `url.invalid`: a link that is not an absolute URL.
pub static URL_INVALID: Rule = rule(
    "url.invalid",
    Error,
    Profile::Rss,
    "SPEC.md §1.2, §1.3",
    "a link that is not an absolute URL",
    "<link>, <docs>, <comments>, <source url>, <image><url>, <itunes:image href>, <atom:link href> and <itunes:new-feed-url> hold absolute URLs with a scheme, e.g. https://example.org/show.",
);

/// `url.http`: artwork or media linked over plain http.
pub static URL_HTTP: Rule = rule(
    "url.http",
    Warning,
    Profile::Apple,
    "SPEC.md §0; DESIGN.md \"Pitfalls\"",
    "artwork or media linked over plain http",
    "Apple recommends https for artwork and media, and apps on https pages refuse mixed content. The URL's scheme says it without fetching anything, so this is checked with or without link checks. A warning, not an error: previews served from 127.0.0.1 use http. (podcast: tags need https: podcast.url.http.)",
);

/// `url.scheme`: a link whose scheme is not a registered URI scheme.
pub static URL_SCHEME: Rule = rule(
    "url.scheme",
    Warning,
    Profile::Rss,
    "SPEC.md §1.2, §1.3 (RSS 2.0 URLs; IANA URI schemes)",
    "a link whose scheme is not a registered URI scheme",
    "<link>, <docs>, <comments>, <source url>, the <image>'s <url> and <link> and <itunes:new-feed-url> are URLs readers open: http or https, or another scheme registered with IANA (ftp, mailto…). An unregistered scheme (feed:, a typo such as htps:) opens nowhere, and javascript: runs code in the reader.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[&URL_INVALID, &URL_HTTP, &URL_SCHEME];

/// Runs the URL family.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    let channel = ctx.channel_pass();
    let mut texts: Vec<ElementId> = Vec::new();
    let mut hrefs: Vec<ElementId> = Vec::new();
    if let Some(ch) = channel {
        texts.extend(doc.child(ch, &Ns::None, "link"));
        texts.extend(doc.child(ch, &Ns::Itunes, "new-feed-url"));
        texts.extend(doc.child(ch, &Ns::None, "docs"));
        if let Some(img) = doc.child(ch, &Ns::None, "image") {
            texts.extend(doc.child(img, &Ns::None, "url"));
            texts.extend(doc.child(img, &Ns::None, "link"));
        }
        if let Some(input) = doc.child(ch, &Ns::None, "textInput") {
            texts.extend(doc.child(input, &Ns::None, "link"));
        }
        hrefs.extend(doc.children_named(ch, &Ns::Itunes, "image"));
        hrefs.extend(doc.children_named(ch, &Ns::Atom, "link"));
    }
    if let Some(item) = ctx.item {
        texts.extend(doc.child(item, &Ns::None, "link"));
        texts.extend(doc.child(item, &Ns::None, "comments"));
        for s in doc.children_named(item, &Ns::None, "source") {
            if let Some(v) = doc.get(s).and_then(|e| doc.attr_value(e, "url"))
                && !is_absolute(v.trim())
            {
                ctx.emit_attr(&URL_INVALID, s, "url", format!("<source url=\"{v}\"> is not an absolute URL; expected the feed's URL, e.g. https://example.org/feed.xml", v = clip(v)));
            }
            if let Some(v) = doc.get(s).and_then(|e| doc.attr_value(e, "url"))
                && !is_web(v.trim())
            {
                ctx.emit_attr(&URL_SCHEME, s, "url", format!("<source url=\"{v}\"> does not have a registered URL scheme; expected the feed's URL, e.g. https://example.org/feed.xml", v = clip(v)));
            }
        }
        hrefs.extend(doc.children_named(item, &Ns::Itunes, "image"));
    }
    for el in texts {
        let v = doc
            .get(el)
            .map(|e| doc.text_of(e).trim())
            .unwrap_or_default();
        if !v.is_empty() && !is_absolute(v) {
            let name = doc.get(el).map(|e| e.display_name()).unwrap_or_default();
            ctx.emit(&URL_INVALID, el, format!("<{name}>{v}</{name}> is not an absolute URL; expected e.g. https://example.org/", v = clip(v)));
        } else if !is_web(v) {
            let name = doc.get(el).map(|e| e.display_name()).unwrap_or_default();
            ctx.emit(&URL_SCHEME, el, format!("<{name}>{v}</{name}> does not have a registered URL scheme; expected e.g. https://example.org/", v = clip(v)));
        }
    }
    plain_http(ctx, channel);
    for el in hrefs {
        if let Some(v) = doc.get(el).and_then(|e| doc.attr_value(e, "href"))
            && !v.trim().is_empty()
            && !is_absolute(v.trim())
        {
            let name = doc.get(el).map(|e| e.display_name()).unwrap_or_default();
            ctx.emit_attr(&URL_INVALID, el, "href", format!("<{name} href=\"{v}\"> is not an absolute URL; expected e.g. https://example.org/art.jpg", v = clip(v)));
        }
    }
}

/// Artwork and media over plain http: `<itunes:image href>`, `<image><url>`, `<enclosure url>`.
fn plain_http(ctx: &mut Ctx<'_>, channel: Option<ElementId>) {
    let doc = ctx.doc;
    let mut attrs: Vec<(ElementId, &str)> = Vec::new();
    if let Some(ch) = channel {
        attrs.extend(
            doc.children_named(ch, &Ns::Itunes, "image")
                .map(|e| (e, "href")),
        );
    }
    if let Some(item) = ctx.item {
        attrs.extend(
            doc.children_named(item, &Ns::Itunes, "image")
                .map(|e| (e, "href")),
        );
        attrs.extend(
            doc.children_named(item, &Ns::None, "enclosure")
                .map(|e| (e, "url")),
        );
    }
    let http = |v: &str| {
        v.trim()
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
    };
    for (el, attr) in attrs {
        if let Some(v) = doc.get(el).and_then(|e| doc.attr_value(e, attr))
            && http(v)
        {
            let name = doc.get(el).map(|e| e.display_name()).unwrap_or_default();
            ctx.emit_attr(
                &URL_HTTP,
                el,
                attr,
                format!(
                    "<{name} {attr}=\"{v}\"> uses plain http; expected https",
                    v = clip(v)
                ),
            );
        }
    }
    if let Some(url) = channel
        .and_then(|ch| doc.child(ch, &Ns::None, "image"))
        .and_then(|i| doc.child(i, &Ns::None, "url"))
    {
        let v = doc
            .get(url)
            .map(|e| doc.text_of(e).trim())
            .unwrap_or_default();
        if http(v) {
            ctx.emit(
                &URL_HTTP,
                url,
                format!(
                    "<image><url>{v}</url> uses plain http; expected https",
                    v = clip(v)
                ),
            );
        }
    }
}

/// Permanent URI schemes of the IANA registry that a link in a feed may use (`javascript` is
/// left out on purpose: it runs code).
const SCHEMES: &[&str] = &[
    "http", "https", "ftp", "mailto", "news", "nntp", "tel", "urn", "tag", "data", "file",
    "gopher", "ldap", "rtsp", "sip", "sips", "xmpp",
];

/// An absolute URL with a scheme of [`SCHEMES`] (or nothing to judge: empty or not absolute,
/// which is `url.invalid`'s finding).
fn is_web(v: &str) -> bool {
    v.is_empty()
        || !is_absolute(v)
        || uri::absolute(v).is_some_and(|u| SCHEMES.contains(&u.scheme.as_ref()))
}

/// An absolute URL with a scheme and, for http(s), a host.
pub(super) fn is_absolute(v: &str) -> bool {
    uri::absolute(v).is_some_and(|u| !u.is_web() || u.has_host)
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (
        &URL_SCHEME,
        "<link>https://example.org/show/</link>",
        "<link>javascript:alert('show')</link>",
    ),
    (
        &URL_INVALID,
        "<link>https://example.org/show/</link>",
        "<link>/show/</link>",
    ),
    (
        &URL_HTTP,
        "<itunes:image href=\"https://",
        "<itunes:image href=\"http://",
    ),
];
