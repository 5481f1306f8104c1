//! Feed bytes → a parsed document that keeps the position of every element and attribute.
//!
//! [`parse`] decodes the bytes ([`decode`]), reads them with quick-xml and builds a flat tree of
//! [`Element`]s whose names are resolved to namespaces by URI ([`ns`]). Positions are byte offsets
//! into the decoded text ([`crate::diagnostic::Sources`] turns them into lines and columns).
//! Entities are never expanded beyond XML's five and character references, and a DTD is kept
//! as an opaque string: no external resource is ever read.

mod cores;
pub mod decode;
mod name;
pub mod ns;
mod parallel;
mod parse;

pub use name::Name;
pub use ns::Ns;
pub use parallel::{stream_owned_parallel, stream_parallel, worth_two_threads};
pub use parse::{ItemSink, Limits, parse, parse_owned, parse_with_limits, stream, stream_owned};

use crate::diagnostic::Severity;

/// Index of an element in [`Document::elements`].
pub type ElementId = usize;

/// One attribute of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// Namespace (unprefixed attributes have [`Ns::None`]).
    pub ns: Ns,
    /// Local name.
    pub local: Name,
    /// Where the value (entities and character references resolved, whitespace normalised) is
    /// kept; read it with [`Document::value`].
    value: TextSpan,
    /// Byte offset of the attribute's name in the decoded text.
    pub offset: u32,
    /// Byte offset just after the value's closing quote.
    pub end: u32,
}

impl Attribute {
    /// The bytes of `name="value"` in the decoded text.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.offset as usize..self.end.max(self.offset) as usize
    }
}

/// One element with its attributes, text and children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Namespace, matched by URI.
    pub ns: Ns,
    /// Local name.
    pub local: Name,
    /// The prefix as written, kept for an element of a namespace podfeed does not know (one it
    /// knows is shown with its conventional prefix, [`Ns::prefix`]).
    pub prefix: Option<std::sync::Arc<str>>,
    /// Attributes in document order (namespace declarations excluded), a run of
    /// [`Document::attrs`]' list: elements hold no allocation of their own, so building,
    /// copying and dropping one is cheap (BENCHMARKS.md, "Both threads cheaper, and the file
    /// read in halves").
    attrs: Run,
    /// Child elements in document order, a run of [`Document::children`]' list (for the channel
    /// of a streaming parse, while it is read, of the channel's own list: [`Run::CHANNEL`]).
    children: Run,
    /// The parent element; `None` for the root.
    pub parent: Option<ElementId>,
    /// Where the concatenated character data directly inside this element (text and CDATA)
    /// is kept; read it with [`Document::text_of`].
    text: TextSpan,
    /// True when some of the text came from a CDATA section.
    pub cdata: bool,
    /// True when child elements were handed to a sink and dropped (a streamed channel's
    /// items): the element held elements, though `children` no longer lists them.
    pub dropped_children: bool,
    /// Byte offset of the start tag's `<` in the decoded text (offsets are 32-bit: the parser
    /// refuses a text of 4 GiB or more).
    pub offset: u32,
    /// Byte offset just after the start tag's `>`.
    pub tag_end: u32,
    /// Byte offset just after the end tag's `>` (the start tag's, for an empty element).
    pub end: u32,
    /// 1-based position among the parent's children of the same name.
    pub nth: u32,
    /// How many children of the parent have this element's name.
    pub same_named: u32,
}

impl Element {
    /// True when the element is `local` in namespace `ns`.
    pub fn is(&self, ns: &Ns, local: &str) -> bool {
        self.ns == *ns && self.local == local
    }

    /// Whether the element holds child elements (listed in its document, or dropped: see
    /// [`Element::dropped_children`]).
    pub fn has_children(&self) -> bool {
        self.children.len > 0 || self.dropped_children
    }

    /// [`Element::display_name`] without building a string, for use in `format!`.
    pub fn display(&self) -> DisplayName<'_> {
        DisplayName(self)
    }

    /// The element's name as shown to users: the conventional prefix of a known namespace, or
    /// the prefix as written.
    pub fn display_name(&self) -> String {
        match self.ns.prefix().or(self.prefix.as_deref()) {
            Some(p) if self.ns != Ns::None => format!("{p}:{}", self.local),
            _ => self.local.to_string(),
        }
    }
}

/// An element's name as shown to users; see [`Element::display`].
#[derive(Debug, Clone, Copy)]
pub struct DisplayName<'a>(&'a Element);

impl std::fmt::Display for DisplayName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = self.0;
        match e.ns.prefix().or(e.prefix.as_deref()) {
            Some(p) if e.ns != Ns::None => write!(f, "{p}:{}", e.local),
            _ => f.write_str(&e.local),
        }
    }
}

/// Where an element's text or an attribute's value lives: a slice of the decoded source when it
/// is one run as written (the common case, which needs no copy), else a slice of the document's
/// arena, where text pieced together from several runs, references or normalised whitespace is
/// kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct TextSpan {
    in_arena: bool,
    start: u32,
    end: u32,
}

impl TextSpan {
    /// Bytes `start..end` of the decoded text (under 4 GiB: the parser refuses a longer one).
    fn source(start: usize, end: usize) -> Self {
        TextSpan {
            in_arena: false,
            start: at32(start),
            end: at32(end),
        }
    }

    /// `s`, appended to `arena`.
    fn appended(arena: &mut String, s: &str) -> Self {
        let start = arena.len();
        arena.push_str(s);
        TextSpan {
            in_arena: true,
            start: at32(start),
            end: at32(arena.len()),
        }
    }
}

/// A run of one of the document's lists (attributes, child ids): `len` entries from `start`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Run {
    start: u32,
    len: u32,
}

impl Run {
    /// The `start` of the run that is the whole of [`Document::channel_children`]: the children
    /// of a streamed channel change as its items come and go, so they are kept apart from the
    /// other elements' (whose runs never change once the element has closed).
    const CHANNEL: u32 = u32::MAX;

    /// The run of the entries `list` gained since it was `start` long.
    fn since<T>(list: &[T], start: usize) -> Self {
        Run {
            start: at32(start),
            len: at32(list.len().saturating_sub(start)),
        }
    }

    fn of<T>(self, list: &[T]) -> &[T] {
        let start = self.start as usize;
        list.get(start..start + self.len as usize)
            .unwrap_or_default()
    }
}

/// The lengths of a document's lists at one moment, where what was added since begins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Marks {
    elements: usize,
    attributes: usize,
    child_ids: usize,
    arena: usize,
}

/// A byte offset or count as the document stores it. The text is under 4 GiB (the parser refuses
/// a longer one) and the arena no longer than the text, so nothing is ever clamped.
fn at32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Something the parser noticed: fatal (the XML is not well-formed) or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Rule id, e.g. `xml.malformed`.
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What was found and expected.
    pub message: String,
    /// Byte offset in the decoded text.
    pub offset: usize,
}

/// A parsed feed.
#[derive(Debug, Clone)]
pub struct Document {
    /// The decoded text; every offset points into it. Shared with the reader while the document
    /// is built, so an [`ItemSink`] can read the document half-built.
    pub text: std::sync::Arc<String>,
    /// All elements; the root is `elements[0]` when there is one.
    pub elements: Vec<Element>,
    /// Problems found while decoding and parsing.
    pub problems: Vec<Problem>,
    /// True when the XML was not well-formed: the tree is partial and rules should not run.
    pub fatal: bool,
    /// The encoding the text was decoded from.
    pub encoding: &'static str,
    /// Whether the document had a DOCTYPE (which is never expanded).
    pub doctype: Option<usize>,
    /// Element texts that are not one slice of `text` (see [`TextSpan`]).
    arena: String,
    /// The attributes of all elements, each element's a run ([`Element::attrs`]).
    attributes: Vec<Attribute>,
    /// The child ids of all elements, each element's a run ([`Element::children`]).
    child_ids: Vec<ElementId>,
    /// In a streaming parse, the children of the channel read so far, the item being handed over
    /// last ([`Run::CHANNEL`]).
    channel_children: Vec<ElementId>,
    /// In a streaming parse, where the open item's additions to the lists begin: what is
    /// dropped once the item is handed over.
    item_marks: Marks,
}

impl Document {
    /// The decoded text, given up by the document (without a copy once parsing is over).
    pub fn into_text(self) -> String {
        std::sync::Arc::try_unwrap(self.text).unwrap_or_else(|shared| shared.as_str().to_owned())
    }

    /// The lengths of the document's lists now.
    fn marks(&self) -> Marks {
        Marks {
            elements: self.elements.len(),
            attributes: self.attributes.len(),
            child_ids: self.child_ids.len(),
            arena: self.arena.len(),
        }
    }

    /// Drops what the lists gained since `marks`.
    fn truncate(&mut self, marks: Marks) {
        self.elements.truncate(marks.elements);
        self.attributes.truncate(marks.attributes);
        self.child_ids.truncate(marks.child_ids);
        self.arena.truncate(marks.arena);
    }

    /// The root element, if any.
    pub fn root(&self) -> Option<&Element> {
        self.elements.first()
    }

    /// How many `<channel>` elements the root holds.
    pub fn rss_channels(&self) -> usize {
        self.children_named(0, &Ns::None, "channel").count()
    }

    /// The element with id `id`.
    pub fn get(&self, id: ElementId) -> Option<&Element> {
        self.elements.get(id)
    }

    /// The attributes of `e`, an element of this document, in document order (namespace
    /// declarations excluded).
    pub fn attrs(&self, e: &Element) -> &[Attribute] {
        e.attrs.of(&self.attributes)
    }

    /// The unprefixed attribute `name` of `e`, an element of this document.
    pub fn attr(&self, e: &Element, name: &str) -> Option<&Attribute> {
        self.attrs(e)
            .iter()
            .find(|a| a.ns == Ns::None && a.local == name)
    }

    /// The child elements of `e`, an element of this document, in document order.
    pub fn children(&self, e: &Element) -> &[ElementId] {
        if e.children.start == Run::CHANNEL {
            let len = e.children.len as usize;
            return self.channel_children.get(..len).unwrap_or_default();
        }
        e.children.of(&self.child_ids)
    }

    /// Children of `id` that are `ns:local`.
    pub fn children_named<'a>(
        &'a self,
        id: ElementId,
        ns: &'a Ns,
        local: &'a str,
    ) -> impl Iterator<Item = ElementId> + 'a {
        self.elements
            .get(id)
            .map(|e| self.children(e))
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(move |&c| self.elements.get(c).is_some_and(|e| e.is(ns, local)))
    }

    /// The first child of `id` that is `ns:local`.
    pub fn child(&self, id: ElementId, ns: &Ns, local: &str) -> Option<ElementId> {
        self.children_named(id, ns, local).next()
    }

    /// The trimmed text of the first child `ns:local` of `id`.
    pub fn child_text(&self, id: ElementId, ns: &Ns, local: &str) -> Option<&str> {
        self.child(id, ns, local)
            .and_then(|c| self.get(c))
            .map(|e| self.text_of(e).trim())
    }

    /// The value of attribute `a` of an element of this document.
    pub fn value(&self, a: &Attribute) -> &str {
        self.span_text(a.value)
    }

    /// The value of the unprefixed attribute `name` of `e`.
    pub fn attr_value(&self, e: &Element, name: &str) -> Option<&str> {
        self.attr(e, name).map(|a| self.value(a))
    }

    fn span_text(&self, span: TextSpan) -> &str {
        let TextSpan {
            in_arena,
            start,
            end,
        } = span;
        let from = if in_arena { &self.arena } else { &self.text };
        from.get(start as usize..end as usize).unwrap_or_default()
    }

    /// The concatenated character data directly inside `e` (text and CDATA, with references
    /// resolved), untrimmed. `e` must be an element of this document.
    pub fn text_of(&self, e: &Element) -> &str {
        self.span_text(e.text)
    }

    /// The bytes a finding about element `e` points at: the whole element when it holds no
    /// other element (its value is part of it), else its start tag.
    pub fn span_of(&self, e: &Element) -> std::ops::Range<usize> {
        let end = if !e.has_children() { e.end } else { e.tag_end };
        e.offset as usize..end.max(e.offset) as usize
    }

    /// An XPath-like path, e.g. `/rss/channel/item[3]/enclosure`. An index is shown when the
    /// parent has more than one child of that name.
    pub fn path(&self, id: ElementId) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(id);
        while let Some(i) = cur {
            let Some(e) = self.get(i) else { break };
            let name = e.display_name();
            let part = if e.same_named > 1 {
                format!("{name}[{}]", e.nth)
            } else {
                name
            };
            parts.push(part);
            cur = e.parent;
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    }
}

/// The path [`Document::path`] gives an element of a streamed item (see [`ItemSink`]), written
/// as it reads once the whole feed is known: `item[1]` is `item` when the channel had one item,
/// and the channel is `channel[1]` when the root has more than one.
pub fn settle_path(path: &mut String, items: u32, channels: usize) {
    if !path.starts_with("/rss/channel/item[") {
        return;
    }
    if items == 1 {
        *path = path.replacen("/rss/channel/item[1]", "/rss/channel/item", 1);
    }
    if channels > 1 {
        *path = path.replacen("/rss/channel/", "/rss/channel[1]/", 1);
    }
}

#[cfg(test)]
mod tests {
    /// A parsed document is mostly these two types, one per element and attribute held
    /// (BENCHMARKS.md): every element of a feed in a whole-tree parse (import), the channel's
    /// and one item's in a streaming one (validate, the build's self-check). Eight bytes more per
    /// element cost about 1 MB per 10,000 episodes of a whole tree; this test says so before
    /// the benchmark does.
    #[test]
    fn elements_and_attributes_stay_small() {
        assert!(std::mem::size_of::<super::Element>() <= 128);
        assert!(std::mem::size_of::<super::Attribute>() <= 64);
    }
}
