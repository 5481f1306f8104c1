//! Text rules: Apple's length limits, HTML where plain text is expected, scripts in HTML, and
//! control characters (SPEC.md §0, §1.2, §1.3, §8.5).

use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Warning};
use std::borrow::Cow;

use crate::feed::{DisplayName, Element, ElementId, Ns};

/// `text.too-long`: a value longer than 255 characters.
pub static TEXT_TOO_LONG: Rule = rule(
    "text.too-long",
    Error,
    Profile::Apple,
    "SPEC.md §0, §8.5",
    "a value longer than 255 characters",
    "Apple caps tag values at 255 characters unless stated otherwise (titles, author). Lengths are counted as XML hands the text to apps: a CR LF line end is one character.",
);

/// `text.description.too-long`: a description longer than 4000 bytes.
pub static TEXT_DESCRIPTION_TOO_LONG: Rule = rule(
    "text.description.too-long",
    Error,
    Profile::Apple,
    "SPEC.md §1.2, §1.3, §8.5",
    "a description longer than 4000 bytes",
    "Apple caps <description> at 4000 bytes of UTF-8, markup included. Bytes are counted as XML hands the text to apps: a CR LF line end is one byte.",
);

/// `text.legacy.too-long`: a legacy itunes field longer than its old limit.
pub static TEXT_LEGACY_TOO_LONG: Rule = rule(
    "text.legacy.too-long",
    Warning,
    Profile::Apple,
    "SPEC.md §1.2 (itunes:summary, itunes:subtitle, itunes:keywords)",
    "a legacy itunes field longer than its old limit",
    "Apple's guide dropped <itunes:summary>, <itunes:subtitle> and <itunes:keywords>; apps that still read them cut <itunes:summary> at 4000 characters and the other two at 255. Apple no longer reads them, so a longer one fails nothing: it is cut where it is shown.",
);

/// `text.html`: HTML markup in a plain-text field.
pub static TEXT_HTML: Rule = rule(
    "text.html",
    Warning,
    Profile::Rss,
    "SPEC.md §1.2, §1.3",
    "HTML markup in a plain-text field",
    "Titles, authors and names are plain text: apps show tags such as <b> literally. Put markup only in descriptions.",
);

/// `text.script`: script, iframe, object or event handlers in HTML.
pub static TEXT_SCRIPT: Rule = rule(
    "text.script",
    Warning,
    Profile::Rss,
    "SPEC.md §1.3",
    "script, iframe, object or event handlers in HTML",
    "Podcast apps strip active content from show notes, and some reject feeds with it; Apple renders only <p> <ol> <ul> <li> <a>.",
);

/// `text.control-chars`: control characters in text.
pub static TEXT_CONTROL_CHARS: Rule = rule(
    "text.control-chars",
    Error,
    Profile::Rss,
    "XML 1.0 §2.2; SPEC.md §0",
    "control characters in text",
    "Characters U+0000–U+001F other than tab, newline and carriage return are not allowed in XML 1.0 text and break many parsers.",
);

/// `text.empty`: an empty title, link, description, category or image URL.
pub static TEXT_EMPTY: Rule = rule(
    "text.empty",
    Warning,
    Profile::Rss,
    "SPEC.md §1.2, §1.3",
    "an empty title, link, description, category or image URL",
    "An element that is present but empty shows nothing; fill it in or remove it.",
);

/// `text.style`: a style attribute that positions, hides or loads content in show notes.
pub static TEXT_STYLE: Rule = rule(
    "text.style",
    Warning,
    Profile::Rss,
    "SPEC.md §1.3",
    "a style attribute that positions, hides or loads content in show notes",
    "Style attributes with position, display, z-index, url(), expression() or behavior can cover an app's screen, hide text or load trackers; podcast apps strip them. Use plain <p> <a> <ul> <li> markup.",
);

/// `text.relative-url`: a relative link or image in show notes.
pub static TEXT_RELATIVE_URL: Rule = rule(
    "text.relative-url",
    Warning,
    Profile::Rss,
    "SPEC.md §1.3",
    "a relative link or image in show notes",
    "Show notes are read inside podcast apps, which have no base URL: href=\"/ep1\" or src=\"img.png\" lead nowhere. Write absolute URLs such as https://example.org/ep1.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &TEXT_TOO_LONG,
    &TEXT_DESCRIPTION_TOO_LONG,
    &TEXT_LEGACY_TOO_LONG,
    &TEXT_HTML,
    &TEXT_SCRIPT,
    &TEXT_CONTROL_CHARS,
    &TEXT_EMPTY,
    &TEXT_STYLE,
    &TEXT_RELATIVE_URL,
];

/// What a text field holds, by element (SPEC.md §1.2, §1.3): plain text (no markup), Apple's
/// 255-character cap (`short`), the 4000-byte cap (`long`), HTML show notes (`html`), and for the
/// fields Apple's guide dropped the character limit apps that read them still apply (`legacy`).
#[derive(Debug, Clone, Copy, Default)]
struct Kind {
    plain: bool,
    short: bool,
    long: bool,
    html: bool,
    legacy: Option<usize>,
}

/// The [`Kind`] of `e`'s text outside `<image>` and `<textInput>`. One `match` per element: this
/// runs on every element of the feed.
fn kind(e: &Element) -> Kind {
    let plain = Kind {
        plain: true,
        ..Kind::default()
    };
    let capped = Kind {
        short: true,
        ..plain
    };
    match (&e.ns, e.local.as_str()) {
        (Ns::None, "title") | (Ns::Itunes, "title" | "author") => capped,
        (Ns::None, "category" | "author" | "source" | "managingEditor" | "webMaster")
        | (Ns::Itunes, "name") => plain,
        (Ns::Itunes, "subtitle" | "keywords") => Kind {
            legacy: Some(255),
            ..plain
        },
        // `itunes:summary` holds HTML in Apple's own sample feed.
        (Ns::Itunes, "summary") => Kind {
            html: true,
            legacy: Some(4000),
            ..Kind::default()
        },
        (Ns::None, "description") => Kind {
            long: true,
            html: true,
            ..Kind::default()
        },
        (Ns::Content, "encoded") => Kind {
            html: true,
            ..Kind::default()
        },
        _ => Kind::default(),
    }
}

/// Runs the text family over the channel, its items and their direct children.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let mut parents: Vec<ElementId> = ctx.item.into_iter().collect();
    if let Some(ch) = ctx.channel_pass() {
        parents.push(ch);
        if let Some(o) = ctx.doc.child(ch, &Ns::Itunes, "owner") {
            parents.push(o);
        }
        // The RSS <image> and <textInput> hold plain-text titles and descriptions (SPEC.md §1.2).
        let boxes = [
            ctx.doc.child(ch, &Ns::None, "image"),
            ctx.doc.child(ch, &Ns::None, "textInput"),
        ];
        parents.extend(boxes.into_iter().flatten());
    }
    for p in parents {
        let doc = ctx.doc;
        for &c in doc.get(p).map(|e| doc.children(e)).unwrap_or_default() {
            if let Some(e) = doc.get(c) {
                element(ctx, c, e);
            }
        }
    }
}

fn element(ctx: &mut Ctx<'_>, id: ElementId, e: &Element) {
    // Inside <image> and <textInput>, <description> is plain text too (SPEC.md §1.2).
    let in_box = e
        .parent
        .and_then(|p| ctx.el(p))
        .is_some_and(|p| p.ns == Ns::None && matches!(p.local.as_str(), "image" | "textInput"));
    let k = kind(e);
    let plain = k.plain || (in_box && e.is(&Ns::None, "description"));
    // Inside a box only plainness applies (its title and description are the box's own).
    let k = if in_box { Kind::default() } else { k };
    let (short, long, html) = (k.short, k.long, k.html);
    // Shown only in messages: formatted when one is written.
    let name = e.display();
    let text = ctx.doc.text_of(e).trim();
    // Characters below U+0020 are single bytes in UTF-8 and never part of a longer sequence.
    if let Some(bad) = control_char(text) {
        ctx.emit(
            &TEXT_CONTROL_CHARS,
            id,
            format!(
                "<{name}> contains control character U+{:04X}; expected printable text",
                u32::from(bad)
            ),
        );
    }
    lengths(ctx, id, name, text, (short, long));
    if let Some(limit) = k.legacy
        && text.chars().count() > limit
    {
        ctx.emit(
            &TEXT_LEGACY_TOO_LONG,
            id,
            format!(
                "<{name}> is {} characters long; apps that still read it show at most {limit}",
                text.chars().count()
            ),
        );
    }
    if plain
        && !e.has_children()
        && !plain_as_written(&ctx.doc.text, e)
        && let Some(what) = markup_in(&plain_view(&ctx.doc.text, e))
    {
        ctx.emit(&TEXT_HTML,
            id,
            format!(
                "<{name}> contains {what}; expected plain text (write a literal & as &#x26; and < as &#x3C;)"
            ),
        );
    }
    if html {
        html_content(ctx, id, name, text);
    }
    if text.is_empty()
        && !e.has_children()
        && e.ns == Ns::None
        && matches!(
            e.local.as_str(),
            "title" | "link" | "description" | "category" | "url" | "ttl"
        )
    {
        ctx.emit(
            &TEXT_EMPTY,
            id,
            format!("<{name}> is empty; expected a value"),
        );
    }
}

/// Apple's limits: 255 characters for the `short` fields, 4000 bytes for the `long` ones
/// (SPEC.md §8.5).
fn lengths(
    ctx: &mut Ctx<'_>,
    id: ElementId,
    name: DisplayName<'_>,
    text: &str,
    (short, long): (bool, bool),
) {
    if short && text.chars().count() > 255 {
        ctx.emit(
            &TEXT_TOO_LONG,
            id,
            format!(
                "<{name}> is {} characters long; expected at most 255",
                text.chars().count()
            ),
        );
    }
    if long && text.len() > 4000 {
        ctx.emit(
            &TEXT_DESCRIPTION_TOO_LONG,
            id,
            format!(
                "<{name}> is {} bytes long; expected at most 4000",
                text.len()
            ),
        );
    }
}

/// HTML fields: no active content, no risky style, no relative link.
fn html_content(ctx: &mut Ctx<'_>, id: ElementId, name: DisplayName<'_>, text: &str) {
    // The tags' attributes are read once, for the three checks.
    let found = Attributes::of(text);
    if let Some(what) = active_content(text, found.handler) {
        ctx.emit(
            &TEXT_SCRIPT,
            id,
            format!("<{name}> contains {what}; expected plain HTML without active content"),
        );
    }
    if found.styled {
        ctx.emit(&TEXT_STYLE,
            id,
            format!("<{name}> has a style attribute with positioning, display or url(); expected plain markup without style"),
        );
    }
    if let Some(r) = found.relative {
        ctx.emit(&TEXT_RELATIVE_URL,
            id,
            format!("<{name}> links to the relative URL \"{r}\"; expected an absolute URL such as https://example.org/…"),
        );
    }
}

/// The first byte below U+0020 other than tab, newline and carriage return. Such characters
/// are single bytes in UTF-8, never part of a longer sequence. Blocks are tested without an
/// early exit (which the compiler vectorises) before the exact search.
fn control_char(text: &str) -> Option<u8> {
    let bad = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    let any_bad = text
        .as_bytes()
        .chunks(64)
        .any(|block| block.iter().fold(false, |acc, &b| acc | bad(b)));
    if any_bad {
        text.bytes().find(|&b| bad(b))
    } else {
        None
    }
}

/// HTML entity names that commonly end up double-escaped in titles; `&name` without a `;` is
/// only taken for an entity when the name is one of these (so "AT&T" stays plain text).
const ENTITY_NAMES: &[&str] = &[
    "amp", "lt", "gt", "quot", "apos", "nbsp", "copy", "reg", "trade", "hellip", "mdash", "ndash",
    "lsquo", "rsquo", "ldquo", "rdquo", "laquo", "raquo", "bull", "middot", "eacute", "egrave",
    "aacute", "agrave", "iacute", "oacute", "uacute", "ntilde", "ccedil", "auml", "ouml", "uuml",
    "szlig", "euro", "pound", "yen", "cent", "deg", "times", "divide", "alpha", "beta", "gamma",
    "delta", "pi", "sigma", "omega",
];

/// The character data of plain-text element `e` of `src`, read from the source with XML's
/// escapes undone, except that `&#x26;` and `&#x3C;` (the RSS Best Practices way of writing a
/// literal `&` or `<`, SPEC.md §8.4) become `_`: they can never be read as markup. Every other
/// spelling (`&amp;`, `&#38;`, CDATA) is ambiguous, so the view keeps the character.
fn plain_view(src: &str, e: &Element) -> String {
    // An empty element's start tag ends where the element does.
    if e.tag_end >= e.end {
        return String::new();
    }
    let Some(mut rest) = src.get(e.tag_end as usize..) else {
        return String::new();
    };
    let mut out = String::new();
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            out.push_str(&literal_hex(&after[..end]));
            rest = after.get(end + 3..).unwrap_or_default();
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
        } else if c == '<' {
            break;
        } else if c == '&' {
            let end = rest.find(';').unwrap_or(rest.len());
            let name = &rest[1..end];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                        .map(|c| if matches!(c, '&' | '<' | '>') { '_' } else { c })
                }
                _ => name
                    .strip_prefix('#')
                    .and_then(|d| d.parse::<u32>().ok())
                    .and_then(char::from_u32),
            };
            out.extend(ch);
            rest = rest.get(end + 1..).unwrap_or_default();
        } else {
            // The run up to the next reference or tag, whole.
            let run = memchr::memchr2(b'&', b'<', rest.as_bytes()).unwrap_or(rest.len());
            out.push_str(&rest[..run]);
            rest = &rest[run..];
        }
    }
    out
}

/// Whether element `e` of `src` holds text written without `&` or `<` (no reference, CDATA,
/// comment or markup): its [`plain_view`] is then its text, in which [`markup_in`] finds
/// nothing, so neither needs to run (most titles and names).
fn plain_as_written(src: &str, e: &Element) -> bool {
    let inner = src
        .get(e.tag_end as usize..e.end as usize)
        .unwrap_or_default();
    let content = inner.rfind("</").map_or(inner, |end| &inner[..end]);
    memchr::memchr2(b'&', b'<', content.as_bytes()).is_none()
}

/// Inside CDATA the recommended hex spellings are written out; they mean a literal character.
fn literal_hex(s: &str) -> String {
    let mut out = s.to_owned();
    for r in ["&#x26;", "&#x3C;", "&#x3c;", "&#x3E;", "&#x3e;"] {
        out = out.replace(r, "_");
    }
    out
}

/// What in a plain-text value would be read as HTML: a tag or an entity reference.
fn markup_in(view: &str) -> Option<&'static str> {
    let bytes = view.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied();
        match b {
            b'<' if next.is_some_and(|n| n.is_ascii_alphabetic() || n == b'/' || n == b'!') => {
                return Some("HTML markup");
            }
            b'&' if next == Some(b'#') => return Some("an HTML character reference"),
            b'&' => {
                let rest = &view[i + 1..];
                let n = rest.chars().take_while(char::is_ascii_alphanumeric).count();
                let name = &rest[..n];
                let terminated = rest[n..].starts_with(';');
                if n > 0
                    && ((terminated && name.chars().all(|c| c.is_ascii_alphabetic()))
                        || ENTITY_NAMES.contains(&name))
                {
                    return Some("an HTML entity");
                }
            }
            _ => {}
        }
    }
    None
}

/// The first kind of active content found in HTML text, `handler` telling whether one of its
/// tags has an event-handler attribute.
fn active_content(t: &str, handler: bool) -> Option<&'static str> {
    const ACTIVE: &[(&str, &str)] = &[
        ("script", "a <script> element"),
        ("iframe", "an <iframe>"),
        ("object", "an <object>"),
        ("embed", "an <embed>"),
        ("meta", "a <meta> element"),
        ("?import", "an <?import> instruction"),
    ];
    let bytes = t.as_bytes();
    // Only the bytes after each '<' are compared: one pass over the text.
    for i in memchr::memchr_iter(b'<', bytes) {
        let rest = bytes.get(i + 1..).unwrap_or_default();
        for (name, what) in ACTIVE {
            let n = name.len();
            // A whole tag name only: <scriptingNews> is not a script.
            if rest
                .get(..n)
                .is_some_and(|w| w.eq_ignore_ascii_case(name.as_bytes()))
                && rest.get(n).is_none_or(|c| !c.is_ascii_alphanumeric())
            {
                return Some(what);
            }
        }
    }
    let javascript = memchr::memchr_iter(b':', bytes).any(|i| {
        i >= 10
            && bytes
                .get(i - 10..i)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"javascript"))
    });
    if javascript {
        return Some("a javascript: URL");
    }
    handler.then_some("an event-handler attribute")
}

/// CSS that can take over the app's screen, hide text or fetch a resource.
const RISKY_CSS: &[&str] = &[
    "position",
    "display",
    "z-index",
    "url(",
    "expression",
    "behavior",
    "-moz-binding",
    "@import",
];

/// What the attributes of an HTML fragment's start tags hold that the rules look for.
#[derive(Debug, Default, PartialEq)]
struct Attributes<'a> {
    /// An event handler (`onclick`, `onload`, …).
    handler: bool,
    /// A style attribute with CSS that can take over the screen or fetch a resource.
    styled: bool,
    /// The first `href` or `src` that is a relative URL.
    relative: Option<&'a str>,
}

impl<'a> Attributes<'a> {
    fn of(html: &'a str) -> Self {
        let mut found = Attributes::default();
        if memchr::memchr(b'<', html.as_bytes()).is_none() {
            return found;
        }
        for (n, v) in TagAttrs::new(html) {
            if n.len() > 4 && n.starts_with("on") && n[2..].bytes().all(|c| c.is_ascii_alphabetic())
            {
                found.handler = true;
            }
            if n == "style" {
                let lv = v.to_ascii_lowercase();
                found.styled |= RISKY_CSS.iter().any(|c| lv.contains(c));
            }
            if matches!(n.as_ref(), "href" | "src")
                && found.relative.is_none()
                && is_relative(v.trim())
            {
                found.relative = Some(v.trim());
            }
        }
        found
    }
}

/// A reference that needs a base URL: not empty, not a fragment, without a scheme.
fn is_relative(v: &str) -> bool {
    if v.is_empty() || v.starts_with('#') {
        return false;
    }
    let scheme = v.split_once(':').map(|(s, _)| s).filter(|s| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    scheme.is_none()
}

/// An attribute of an HTML start tag: lower-cased name, value as written.
type TagAttr<'a> = (Cow<'a, str>, &'a str);

/// Lower-cases ASCII letters, copying only when there is one to change.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// The attributes of the start tags of an HTML fragment, in order: lower-cased name and
/// value. A tolerant scanner, enough to find attributes; not an HTML parser.
struct TagAttrs<'a> {
    /// What is left to read.
    rest: &'a str,
    /// Whether `rest` is inside a start tag, after its name.
    in_tag: bool,
}

impl<'a> TagAttrs<'a> {
    fn new(html: &'a str) -> Self {
        TagAttrs {
            rest: html,
            in_tag: false,
        }
    }
}

impl<'a> Iterator for TagAttrs<'a> {
    type Item = TagAttr<'a>;

    fn next(&mut self) -> Option<TagAttr<'a>> {
        loop {
            if !self.in_tag {
                let i = memchr::memchr(b'<', self.rest.as_bytes())?;
                let rest = &self.rest[i + 1..];
                let n = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
                self.rest = &rest[n..];
                self.in_tag = n > 0;
                continue;
            }
            let rest = self
                .rest
                .trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            let Some(c) = rest.chars().next() else {
                self.rest = rest;
                self.in_tag = false;
                continue;
            };
            if c == '>' || c == '<' {
                self.rest = rest;
                self.in_tag = false;
                continue;
            }
            let n = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '<' | '/'))
                .unwrap_or(rest.len())
                .max(c.len_utf8());
            let key = lower(&rest[..n]);
            let mut rest = rest[n..].trim_start();
            let mut value = "";
            if let Some(after) = rest.strip_prefix('=') {
                let after = after.trim_start();
                match after.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let body = &after[1..];
                        let end = body.find(q).unwrap_or(body.len());
                        value = &body[..end];
                        rest = body.get(end + 1..).unwrap_or_default();
                    }
                    _ => {
                        let end = after
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .unwrap_or(after.len());
                        value = &after[..end];
                        rest = &after[end..];
                    }
                }
            }
            self.rest = rest;
            return Some((key, value));
        }
    }
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (
        &TEXT_HTML,
        "<title>First episode</title>",
        "<title>First &lt;b&gt;episode&lt;/b&gt;</title>",
    ),
    (
        &TEXT_SCRIPT,
        "We start.",
        "We start.&lt;script&gt;alert(1)&lt;/script&gt;",
    ),
    (
        &TEXT_CONTROL_CHARS,
        "<title>First episode</title>",
        "<title>First\u{1}episode</title>",
    ),
    (
        &TEXT_EMPTY,
        "<title>First episode</title>",
        "<title></title>",
    ),
    (
        &TEXT_STYLE,
        "We start.",
        "&lt;p style=\"position:fixed\"&gt;We start.&lt;/p&gt;",
    ),
    (
        &TEXT_RELATIVE_URL,
        "We start.",
        "&lt;a href=\"/ep1\"&gt;We start.&lt;/a&gt;",
    ),
];

/// Mutations too long for the table: (rule, mutated feed bytes).
#[cfg(test)]
pub(super) fn generated() -> Vec<(&'static Rule, Vec<u8>)> {
    use super::fixture::with;
    let long_title = format!("<title>{}</title>", "Feed notes ".repeat(30));
    let long_description = format!("<description>{}</description>", "We start. ".repeat(420));
    let long_subtitle = format!(
        "<description>We start.</description><itunes:subtitle>{}</itunes:subtitle>",
        "Feed notes ".repeat(30)
    );
    vec![
        (
            &TEXT_TOO_LONG,
            with("<title>First episode</title>", &long_title),
        ),
        (
            &TEXT_DESCRIPTION_TOO_LONG,
            with("<description>We start.</description>", &long_description),
        ),
        (
            &TEXT_LEGACY_TOO_LONG,
            with("<description>We start.</description>", &long_subtitle),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tags_attributes_are_read_in_one_pass() {
        let html = r#"<p class=x>Hi <a HREF="/ep1" onClick='go()'>one</a><img src=https://h.example/a.png style="Position: fixed"><br/>"#;
        let names: Vec<String> = TagAttrs::new(html).map(|(n, _)| n.into_owned()).collect();
        assert_eq!(names, ["class", "href", "onclick", "src", "style"]);
        let found = Attributes::of(html);
        assert_eq!(
            found,
            Attributes {
                handler: true,
                styled: true,
                relative: Some("/ep1"),
            }
        );
        assert_eq!(Attributes::of("3 > 2, no tags"), Attributes::default());
        assert_eq!(
            Attributes::of("<a href=\"#top\" onto=\"x\">"),
            Attributes::default(),
            "a fragment is not relative, and a name must be longer than on plus a letter or two"
        );
    }

    #[test]
    fn the_plain_view_undoes_escapes_but_keeps_the_recommended_spellings_apart() {
        let src = concat!(
            "<t a=\">\">One &amp;lt;b&amp;gt; two</t>",
            "<t>A &#x26; B &#x3C;c&#62;</t>",
            "<t><![CDATA[x &#x26; <i>y</i>]]> and <!-- <b> --> z</t>",
            "<t/><t></t>",
        );
        let doc = crate::feed::parse(format!("<r>{src}</r>").as_bytes());
        let views: Vec<String> = doc.elements[1..]
            .iter()
            .map(|e| plain_view(&doc.text, e))
            .collect();
        assert_eq!(
            views,
            [
                "One &lt;b&gt; two",
                "A _ B _c>",
                "x _ <i>y</i> and  z",
                "",
                ""
            ]
        );
        let found: Vec<Option<&str>> = views.iter().map(|v| markup_in(v)).collect();
        assert_eq!(
            found,
            [
                Some("an HTML entity"),
                None,
                Some("HTML markup"),
                None,
                None
            ]
        );
    }

    #[test]
    fn text_written_plainly_needs_no_view() {
        let src = "<t>Plain text</t><t>A &amp; B</t><t><![CDATA[x]]></t><t/><t>a > b</t>";
        let doc = crate::feed::parse(format!("<r>{src}</r>").as_bytes());
        let plain: Vec<bool> = doc.elements[1..]
            .iter()
            .map(|e| plain_as_written(&doc.text, e))
            .collect();
        assert_eq!(plain, [true, false, false, true, true]);
    }
}
