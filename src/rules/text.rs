//! Text rules: Apple's length limits, HTML where plain text is expected, scripts in HTML, and
//! control characters (SPEC.md §0, §1.2, §1.3, §8.5).

use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Warning};
use crate::feed::{Element, ElementId, Ns};

/// The text family's rules.
pub(super) const RULES: &[Rule] = &[
    rule(
        "text.too_long",
        Error,
        Profile::Apple,
        "SPEC.md §0, §8.5",
        "a value longer than 255 characters",
        "Apple caps tag values at 255 characters unless stated otherwise (titles, author, subtitle, keywords).",
    ),
    rule(
        "text.description.too_long",
        Error,
        Profile::Apple,
        "SPEC.md §1.2, §1.3, §8.5",
        "a description longer than 4000 bytes",
        "Apple caps <description> and <itunes:summary> at 4000 bytes of UTF-8, markup included.",
    ),
    rule(
        "text.html",
        Warning,
        Profile::Rss,
        "SPEC.md §1.2, §1.3",
        "HTML markup in a plain-text field",
        "Titles, authors and names are plain text: apps show tags such as <b> literally. Put markup only in descriptions.",
    ),
    rule(
        "text.script",
        Warning,
        Profile::Rss,
        "SPEC.md §1.3",
        "script, iframe, object or event handlers in HTML",
        "Podcast apps strip active content from show notes, and some reject feeds with it; Apple renders only <p> <ol> <ul> <li> <a>.",
    ),
    rule(
        "text.control_chars",
        Error,
        Profile::Rss,
        "XML 1.0 §2.2; SPEC.md §0",
        "control characters in text",
        "Characters U+0000–U+001F other than tab, newline and carriage return are not allowed in XML 1.0 text and break many parsers.",
    ),
    rule(
        "text.empty",
        Warning,
        Profile::Rss,
        "SPEC.md §1.2, §1.3",
        "an empty title, link or description",
        "An element that is present but empty shows nothing; fill it in or remove it.",
    ),
];

const PLAIN: &[(&Ns, &str)] = &[
    (&Ns::None, "title"),
    (&Ns::None, "category"),
    (&Ns::Itunes, "summary"),
    (&Ns::Itunes, "title"),
    (&Ns::Itunes, "author"),
    (&Ns::Itunes, "subtitle"),
    (&Ns::Itunes, "name"),
    (&Ns::Itunes, "keywords"),
];
const SHORT: &[(&Ns, &str)] = &[
    (&Ns::None, "title"),
    (&Ns::Itunes, "title"),
    (&Ns::Itunes, "author"),
    (&Ns::Itunes, "subtitle"),
    (&Ns::Itunes, "keywords"),
];
const LONG: &[(&Ns, &str)] = &[(&Ns::None, "description"), (&Ns::Itunes, "summary")];
const HTML: &[(&Ns, &str)] = &[
    (&Ns::None, "description"),
    (&Ns::Content, "encoded"),
    (&Ns::Itunes, "summary"),
];

/// Runs the text family over the channel, its items and their direct children.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let Some(ch) = ctx.channel else { return };
    let mut parents = vec![ch];
    parents.extend(ctx.items.iter().copied());
    if let Some(o) = ctx.doc.child(ch, &Ns::Itunes, "owner") {
        parents.push(o);
    }
    for p in parents {
        let children = ctx.el(p).map(|e| e.children.clone()).unwrap_or_default();
        for c in children {
            if let Some(e) = ctx.el(c) {
                element(ctx, c, e);
            }
        }
    }
}

fn element(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    let is = |list: &[(&Ns, &str)]| list.iter().any(|(ns, l)| e.is(ns, l));
    let name = e.display_name();
    let text = e.text.trim();
    if let Some(bad) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r') && (*c as u32) < 0x20)
    {
        ctx.emit(
            "text.control_chars",
            id,
            format!(
                "<{name}> contains control character U+{:04X}; expected printable text",
                bad as u32
            ),
        );
    }
    if is(SHORT) && text.chars().count() > 255 {
        ctx.emit(
            "text.too_long",
            id,
            format!(
                "<{name}> is {} characters long; expected at most 255",
                text.chars().count()
            ),
        );
    }
    if is(LONG) && text.len() > 4000 {
        ctx.emit(
            "text.description.too_long",
            id,
            format!(
                "<{name}> is {} bytes long; expected at most 4000",
                text.len()
            ),
        );
    }
    if is(PLAIN) && looks_like_html(text) {
        ctx.emit(
            "text.html",
            id,
            format!("<{name}> contains HTML markup; expected plain text"),
        );
    }
    if is(HTML)
        && let Some(what) = active_content(text)
    {
        ctx.emit(
            "text.script",
            id,
            format!("<{name}> contains {what}; expected plain HTML without active content"),
        );
    }
    if text.is_empty()
        && e.children.is_empty()
        && e.ns == Ns::None
        && matches!(e.local.as_str(), "title" | "link" | "description")
    {
        ctx.emit(
            "text.empty",
            id,
            format!("<{name}> is empty; expected a value"),
        );
    }
}

/// True when the text contains something that looks like an HTML tag or entity.
pub(super) fn looks_like_html(t: &str) -> bool {
    const TAGS: &[&str] = &[
        "a", "b", "i", "p", "br", "em", "strong", "span", "div", "img", "u", "ul", "li", "font",
        "h1", "h2", "blink", "script",
    ];
    let lower = t.to_ascii_lowercase();
    lower.match_indices('<').any(|(i, _)| {
        let rest = &lower[i + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let after = rest[name.len()..].chars().next();
        TAGS.contains(&name.as_str()) && matches!(after, Some('>' | ' ' | '/'))
    })
}

/// The first kind of active content found in HTML text.
fn active_content(t: &str) -> Option<&'static str> {
    let lower = t.to_ascii_lowercase();
    for (needle, what) in [
        ("<script", "a <script> element"),
        ("<iframe", "an <iframe>"),
        ("<object", "an <object>"),
        ("<embed", "an <embed>"),
        ("<meta", "a <meta> element"),
        ("javascript:", "a javascript: URL"),
    ] {
        if lower.contains(needle) {
            return Some(what);
        }
    }
    let has_handler = lower.match_indices(" on").any(|(i, _)| {
        let rest = &lower[i + 3..];
        let n = rest.chars().take_while(char::is_ascii_alphabetic).count();
        n >= 3
            && rest[n..].trim_start().starts_with('=')
            && lower[..i].rfind('<') > lower[..i].rfind('>')
    });
    has_handler.then_some("an event-handler attribute")
}
