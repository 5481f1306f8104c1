//! The XML reader: quick-xml events → [`Document`], with namespace scopes, limits and
//! positioned problems instead of panics.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use quick_xml::Reader;
use quick_xml::escape::{EscapeError, unescape};
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::decode::decode;
use super::ns::{self, Ns};
use super::parallel::Forward;
use super::{Attribute, Document, Element, ElementId, Marks, Name, Problem, Run, TextSpan, at32};
use crate::diagnostic::Severity;

/// Bounds on hostile input.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest accepted feed, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted element nesting.
    pub max_depth: usize,
    /// Most elements accepted.
    pub max_elements: usize,
    /// Most elements directly in an `<rss>` feed's `<channel>`, besides its items. Each item's
    /// rules look at the channel's elements, so without a bound a feed of many channel elements
    /// and many items would take time in their product. Real feeds have a few dozen (45 at most
    /// in this project's corpus of real feeds).
    pub max_channel_elements: usize,
    /// In a streaming parse, the most elements held at once: the channel's, with everything in
    /// them, and the open item's. An item of a million elements is refused, not held (a real
    /// item has tens, a few hundred with many persons or chapters).
    pub max_held_elements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 128 * 1024 * 1024,
            max_depth: 128,
            max_elements: 4_000_000,
            max_channel_elements: 1_000,
            max_held_elements: 100_000,
        }
    }
}

/// Parses feed bytes with the default [`Limits`].
pub fn parse(bytes: &[u8]) -> Document {
    parse_with_limits(bytes, Limits::default())
}

/// Parses feed bytes. Never panics: malformed input yields a document with `fatal` set and one
/// `xml.*` problem at the place the reader stopped.
pub fn parse_with_limits(bytes: &[u8], limits: Limits) -> Document {
    if bytes.len() > limits.max_bytes {
        return too_large(bytes.len(), limits);
    }
    build(decode(bytes), limits, None)
}

/// [`parse_with_limits`] of bytes it may keep: a UTF-8 feed becomes the document's text without
/// a copy, so a large feed is not held twice while it is parsed.
pub fn parse_owned(bytes: Vec<u8>, limits: Limits) -> Document {
    if bytes.len() > limits.max_bytes {
        return too_large(bytes.len(), limits);
    }
    build(super::decode::decode_owned(bytes), limits, None)
}

/// What a streaming parse hands each item to, as the item closes.
///
/// The items of the channel (each `<item>` directly inside the first `<channel>` of an `<rss>`
/// root) are not kept: when one closes, the sink sees the document as read so far, that is the
/// channel's elements before the item (the channel's `children` list them, the item last) and
/// the item with everything in it, and then the item's elements are dropped. The item's `nth` is
/// its position among the items; its `same_named` is `u32::MAX`, as the count of items is not
/// known yet. The document that [`stream`] returns holds everything else. Memory follows the
/// largest item, not the number of items.
pub trait ItemSink {
    /// Item `item` of `doc` has closed.
    fn item(&mut self, doc: &Document, item: ElementId);
}

/// Where a streaming parse hands each item as it closes.
pub(super) enum Sink<'s> {
    /// A sink that looks at the item.
    Looks(&'s mut dyn ItemSink),
    /// The forwarder to the checking thread ([`super::parallel`]), which moves the item's
    /// entries out of the document rather than copy them, as they are dropped next anyway.
    Forward(&'s mut Forward),
}

/// Parses feed bytes like [`parse_with_limits`], handing each of the channel's items to `sink`
/// as it closes instead of keeping it (see [`ItemSink`]). When the XML turns out not to be
/// well-formed, the sink has seen the items before the error: the document's `fatal` says so.
pub fn stream(bytes: &[u8], limits: Limits, sink: &mut dyn ItemSink) -> Document {
    if bytes.len() > limits.max_bytes {
        return too_large(bytes.len(), limits);
    }
    build(decode(bytes), limits, Some(Sink::Looks(sink)))
}

/// [`stream`] of bytes it may keep, like [`parse_owned`].
pub fn stream_owned(bytes: Vec<u8>, limits: Limits, sink: &mut dyn ItemSink) -> Document {
    if bytes.len() > limits.max_bytes {
        return too_large(bytes.len(), limits);
    }
    build(
        super::decode::decode_owned(bytes),
        limits,
        Some(Sink::Looks(sink)),
    )
}

/// The document of a feed over the size limit: one fatal problem, nothing parsed.
pub(super) fn too_large(len: usize, limits: Limits) -> Document {
    let mut doc = empty(String::new(), "UTF-8");
    doc.fatal = true;
    doc.problems.push(problem(
        "xml.limits",
        Severity::Error,
        format!(
            "the feed is {len} bytes; at most {} bytes are read",
            limits.max_bytes
        ),
        0,
    ));
    doc
}

/// The document of decoded feed text: the encoding's problems, then the parse.
pub(super) fn build(
    decoded: super::decode::Decoded,
    limits: Limits,
    sink: Option<Sink<'_>>,
) -> Document {
    // Offsets are stored in 32 bits: a text of 4 GiB or more (whatever the limit says, and
    // decoding may make a text longer than its bytes) is refused like an oversized feed.
    if u32::try_from(decoded.text.len()).is_err() {
        return too_large(decoded.text.len(), limits);
    }
    let mut doc = empty(decoded.text, decoded.encoding);
    if decoded.unknown_label {
        doc.problems.push(problem(
            "xml.encoding.unknown",
            Severity::Error,
            format!(
                "the XML declaration names encoding \"{}\", which is not known; read as UTF-8",
                decoded.declared.as_deref().unwrap_or_default()
            ),
            0,
        ));
    }
    if let Some(at) = decoded.malformed_at {
        doc.problems.push(problem(
            "xml.encoding.invalid",
            Severity::Error,
            format!("bytes that are not valid {}", decoded.encoding),
            at,
        ));
    }
    if decoded.encoding != "UTF-8" {
        doc.problems.push(problem(
            "xml.encoding.not-utf8",
            Severity::Warning,
            format!(
                "the feed is encoded as {}; expected UTF-8",
                decoded.encoding
            ),
            0,
        ));
    }
    let text = Arc::clone(&doc.text);
    Builder::new(&mut doc, limits, sink).run(&text);
    drop(text);
    doc
}

fn empty(text: String, encoding: &'static str) -> Document {
    Document {
        text: Arc::new(text),
        elements: Vec::new(),
        arena: String::new(),
        attributes: Vec::new(),
        child_ids: Vec::new(),
        channel_children: Vec::new(),
        item_marks: Marks::default(),
        problems: Vec::new(),
        fatal: false,
        encoding,
        doctype: None,
    }
}

fn problem(rule: &'static str, severity: Severity, message: String, offset: usize) -> Problem {
    Problem {
        rule,
        severity,
        message,
        offset,
    }
}

/// The namespace declarations in scope: for each prefix (`""` for the default namespace) a
/// stack of namespaces, resolved once per declaration, innermost last. A lookup is one hash
/// probe however many declarations are in scope (a hostile feed may declare tens of
/// thousands), and closing an element pops what it declared.
#[derive(Default)]
struct Scopes {
    by_prefix: foldhash::HashMap<String, Vec<Bound>>,
    /// Prefixes in declaration order, so the innermost declarations can be undone.
    declared: Vec<String>,
    /// The prefixes of up to eight bytes looked up since the declarations in scope last changed,
    /// each as its [`Head`] with what it is bound to: a feed uses a handful, found here by
    /// comparing two numbers rather than by hashing (at most [`RECENT`]).
    recent: Vec<(Head, Option<Bound>)>,
}

/// A prefix's length and first eight bytes: the whole prefix when it is that short, as nearly
/// every prefix is (`itunes`, `podcast`, `atom`, `content`, the empty one); longer ones are
/// looked up by hash every time.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Head(usize, u64);

impl Head {
    fn of(s: &str) -> Self {
        let mut head = [0u8; 8];
        let n = s.len().min(8);
        head[..n].copy_from_slice(&s.as_bytes()[..n]);
        Head(s.len(), u64::from_le_bytes(head))
    }
}

/// The most prefixes [`Scopes`] remembers between changes of scope.
const RECENT: usize = 16;

impl Scopes {
    fn push(&mut self, prefix: String, ns: Ns) {
        let shown = matches!(ns, Ns::Other(_)).then(|| Arc::from(prefix.as_str()));
        let bound = Bound { ns, prefix: shown };
        self.by_prefix
            .entry(prefix.clone())
            .or_default()
            .push(bound);
        self.declared.push(prefix);
        self.recent.clear();
    }

    /// Undoes the last `n` declarations.
    fn pop(&mut self, n: usize) {
        if n > 0 {
            self.recent.clear();
        }
        for _ in 0..n {
            let Some(prefix) = self.declared.pop() else {
                return;
            };
            if let Some(stack) = self.by_prefix.get_mut(&prefix) {
                stack.pop();
                if stack.is_empty() {
                    self.by_prefix.remove(&prefix);
                }
            }
        }
    }

    fn lookup(&mut self, prefix: &str) -> Option<&Bound> {
        if prefix.len() > 8 {
            return self.by_prefix.get(prefix).and_then(|s| s.last());
        }
        let head = Head::of(prefix);
        let at = match self.recent.iter().position(|(h, _)| *h == head) {
            Some(at) => at,
            None => {
                let bound = self.by_prefix.get(prefix).and_then(|s| s.last()).cloned();
                if self.recent.len() == RECENT {
                    self.recent.clear();
                }
                self.recent.push((head, bound));
                self.recent.len() - 1
            }
        };
        self.recent.get(at).and_then(|(_, b)| b.as_ref())
    }
}

/// What a prefix is bound to: the namespace, and the prefix itself when the namespace is one
/// podfeed does not know (elements keep it to be shown as written).
#[derive(Clone)]
struct Bound {
    ns: Ns,
    prefix: Option<Arc<str>>,
}

/// An element being built: how many declarations it added and where its text is so far.
struct Open {
    id: ElementId,
    added: usize,
    /// The element's only run of text so far, as a range of the source.
    first: Option<(usize, usize)>,
    /// The text was copied to the depth's scratch buffer (several runs or a reference).
    spilled: bool,
    /// An item handed to the sink when it closes, and the document's lists' lengths when it
    /// opened.
    streamed: Option<Marks>,
}

/// Names up to this many are compared pairwise, more through a hash: an element's children when
/// they are numbered ([`number`]), a start tag's attributes when duplicates are looked for
/// ([`repeated`]).
const PAIRWISE_MAX: usize = 24;

struct Builder<'d, 's> {
    doc: &'d mut Document,
    limits: Limits,
    /// Where the channel's items go as they close (a streaming parse), and the channel's id.
    sink: Option<Sink<'s>>,
    channel: Option<ElementId>,
    /// Items handed to the sink so far.
    streamed: u32,
    /// The channel's children and the item's id given to the sink with the last item: the
    /// channel's list is written again only when they change.
    handed: Option<(usize, ElementId)>,
    /// Elements read directly in the channel, besides its items.
    channel_elements: usize,
    /// Elements opened so far (the items' are dropped, but count against the limit).
    opened: usize,
    /// Open elements.
    stack: Vec<Open>,
    /// Namespace declarations in scope; each open element remembers how many it added.
    scopes: Scopes,
    /// One reusable buffer per depth for text pieced together from several runs.
    scratch: Vec<String>,
    /// Variant URIs already warned about.
    warned_variants: Vec<String>,
    /// The attributes of the start tag being read, each with its prefix (resolved once the whole
    /// tag is read), moved into the document's list then (a `Vec` per element would reserve room
    /// for four).
    attrs: Vec<(Attribute, Option<Name>)>,
    /// One buffer per depth for the children of the element open there, moved into the
    /// document's list when it closes.
    children: Vec<Vec<ElementId>>,
    /// Where the attribute names of the start tag being read are in the text.
    keys: Vec<(usize, usize)>,
}

impl<'d, 's> Builder<'d, 's> {
    fn new(doc: &'d mut Document, limits: Limits, sink: Option<Sink<'s>>) -> Self {
        Builder {
            doc,
            limits,
            sink,
            channel: None,
            streamed: 0,
            handed: None,
            channel_elements: 0,
            opened: 0,
            stack: Vec::new(),
            scopes: Scopes::default(),
            scratch: Vec::new(),
            warned_variants: Vec::new(),
            attrs: Vec::new(),
            children: Vec::new(),
            keys: Vec::new(),
        }
    }

    fn fail(&mut self, rule: &'static str, message: String, offset: usize) {
        self.doc.fatal = true;
        self.doc
            .problems
            .push(problem(rule, Severity::Error, message, offset));
    }

    /// Reads `text` into the document, then gives every element still open (when the reader
    /// stopped early) the children it had.
    fn run(mut self, text: &str) {
        self.read(text);
        while let Some(open) = self.stack.pop() {
            self.adopt(open.id, self.stack.len() + 1);
        }
    }

    /// Moves the children gathered at `depth` into the document's list, as element `id`'s run.
    fn adopt(&mut self, id: ElementId, depth: usize) {
        let Some(buf) = self.children.get_mut(depth - 1) else {
            return;
        };
        if let Some(e) = self.doc.elements.get_mut(id) {
            let start = self.doc.child_ids.len();
            self.doc.child_ids.extend_from_slice(buf);
            e.children = Run::since(&self.doc.child_ids, start);
        }
        buf.clear();
    }

    fn read(&mut self, text: &str) {
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        let mut seen_root = false;
        loop {
            let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = usize::try_from(reader.error_position()).unwrap_or(0);
                    self.fail("xml.malformed", format!("not well-formed XML: {e}"), at);
                    return;
                }
            };
            let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            match event {
                Event::Start(start) | Event::Empty(start) if self.stack.is_empty() && seen_root => {
                    let _ = start;
                    self.fail(
                        "xml.malformed",
                        "a second root element; an XML document has exactly one".into(),
                        before,
                    );
                    return;
                }
                Event::Start(start) => {
                    seen_root = true;
                    if !self.open(text, &start, before..after) {
                        return;
                    }
                }
                Event::Empty(start) => {
                    seen_root = true;
                    if !self.open(text, &start, before..after) {
                        return;
                    }
                    self.close(after);
                }
                Event::End(_) => self.close(after),
                Event::Text(t) => {
                    if self.stack.is_empty() {
                        if !String::from_utf8_lossy(&t).trim().is_empty() {
                            self.fail(
                                "xml.malformed",
                                "text outside the root element".into(),
                                before,
                            );
                            return;
                        }
                    } else {
                        self.push_run(text, &t, false);
                    }
                }
                Event::CData(t) => self.push_run(text, &t, true),
                Event::GeneralRef(r) => {
                    if !self.reference(text, &r, before) {
                        return;
                    }
                }
                Event::DocType(_) => self.doc.doctype = Some(before),
                Event::Decl(_)
                    if !text
                        .get(..before)
                        .unwrap_or_default()
                        .trim_start_matches('\u{feff}')
                        .is_empty() =>
                {
                    self.doc.problems.push(problem(
                        "xml.declaration.position",
                        Severity::Error,
                        "the XML declaration is not at the start of the file; expected nothing \
                         before <?xml, not even a blank line"
                            .into(),
                        before,
                    ));
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Eof => {
                    self.end_of_document(text, seen_root);
                    return;
                }
            }
        }
    }

    /// Adds the character an entity or character reference stands for; false (after a fatal
    /// problem) when it stands for none.
    fn reference(&mut self, text: &str, r: &BytesRef<'_>, before: usize) -> bool {
        // XML 1.0 §4.6: the five predefined entities, matched on the bytes (show notes hold
        // tens of them each; the name is made text only for a message).
        let bytes: &[u8] = r;
        let resolved = match bytes {
            _ if r.is_char_ref() => r.resolve_char_ref().ok().flatten(),
            b"lt" => Some('<'),
            b"gt" => Some('>'),
            b"amp" => Some('&'),
            b"quot" => Some('"'),
            b"apos" => Some('\''),
            _ => None,
        };
        let name = || source_str(text, r);
        match resolved {
            Some(c) => {
                let mut buf = [0u8; 4];
                self.push_copy(text, c.encode_utf8(&mut buf));
                true
            }
            None if r.is_char_ref() => {
                let message = format!("invalid character reference &{};", name());
                self.fail("xml.malformed", message, before);
                false
            }
            None => {
                let message = format!(
                    "undefined entity &{}; (XML defines only &amp; &lt; &gt; &quot; &apos;; use a character reference such as &#160;)",
                    name()
                );
                self.fail("xml.entity.undefined", message, before);
                false
            }
        }
    }

    /// At the end of the text: an element still open, or no root at all, is fatal.
    fn end_of_document(&mut self, text: &str, seen_root: bool) {
        if let Some(open) = self.stack.last() {
            let name = self
                .doc
                .get(open.id)
                .map(Element::display_name)
                .unwrap_or_default();
            self.fail(
                "xml.malformed",
                format!("the document ends before <{name}> is closed"),
                text.len(),
            );
        } else if !seen_root {
            self.fail("xml.malformed", "no root element".into(), text.len());
        }
    }

    /// Adds a run of literal text or CDATA read from `source`. The reader hands out slices of
    /// the source, so the run is kept as a range; anything else is copied.
    fn push_run(&mut self, source: &str, run: &[u8], cdata: bool) {
        if let Some(open) = self.stack.last()
            && let Some(e) = self.doc.elements.get_mut(open.id)
        {
            e.cdata |= cdata;
        }
        // XML 1.0 §2.11: a parser hands applications `\n` for every `\r\n` and lone `\r`, so
        // lengths and comparisons see what an application sees. Such runs are copied.
        if run.contains(&b'\r') {
            self.push_copy(source, &normalize_line_ends(&String::from_utf8_lossy(run)));
            return;
        }
        let Some((start, end)) = source_range(source, run) else {
            self.push_copy(source, &String::from_utf8_lossy(run));
            return;
        };
        match self.stack.last_mut() {
            Some(open) if !open.spilled && open.first.is_none() => {
                open.first = Some((start, end));
            }
            Some(_) => self.push_copy(source, source.get(start..end).unwrap_or_default()),
            None => {}
        }
    }

    /// Appends `s` to the innermost open element's text, moving that text to the depth's
    /// scratch buffer first if it was still a range of the source.
    fn push_copy(&mut self, source: &str, s: &str) {
        let depth = self.stack.len();
        let Some(open) = self.stack.last_mut() else {
            return;
        };
        if self.scratch.len() < depth {
            self.scratch.resize_with(depth, String::new);
        }
        let Some(buf) = self.scratch.get_mut(depth - 1) else {
            return;
        };
        if !open.spilled {
            open.spilled = true;
            buf.clear();
            if let Some((a, b)) = open.first.take() {
                buf.push_str(source.get(a..b).unwrap_or_default());
            }
        }
        buf.push_str(s);
    }

    /// Opens an element whose start tag is at `tag` of `text`; false when parsing must stop.
    fn open(&mut self, text: &str, start: &BytesStart<'_>, tag_span: Range<usize>) -> bool {
        let offset = tag_span.start;
        if !self.within_limits(offset) {
            return false;
        }
        let before = self.doc.marks();
        let Some(added) = self.attributes(text, start, offset) else {
            return false;
        };
        let qname = start.name();
        let name = source_str(text, qname.as_ref());
        let (prefix, local) = split_name(&name);
        let (ns, shown) = match self.scopes.lookup(prefix.unwrap_or("")) {
            Some(b) => (b.ns.clone(), b.prefix.clone().filter(|_| prefix.is_some())),
            None if prefix == Some("xml") => (Ns::Xml, None),
            None if prefix.is_some() => {
                self.fail(
                    "xml.malformed",
                    format!(
                        "prefix \"{}\" of <{name}> is not bound to a namespace",
                        prefix.unwrap_or_default()
                    ),
                    offset,
                );
                return false;
            }
            None => (Ns::None, None),
        };
        for (a, p) in &mut self.attrs {
            a.ns = match p.as_deref() {
                None => Ns::None,
                Some("xml") => Ns::Xml,
                Some(p) => match self.scopes.lookup(p) {
                    Some(b) => b.ns.clone(),
                    None => Ns::Other(Arc::new(format!("unbound:{p}"))),
                },
            };
        }
        let id = self.doc.elements.len();
        let parent = self.stack.last().map(|o| o.id);
        let first_attr = self.doc.attributes.len();
        self.doc
            .attributes
            .extend(self.attrs.drain(..).map(|(a, _)| a));
        self.doc.elements.push(Element {
            ns,
            local: Name::new(local),
            prefix: shown,
            attrs: Run::since(&self.doc.attributes, first_attr),
            children: Run::default(),
            parent,
            text: TextSpan::default(),
            cdata: false,
            dropped_children: false,
            offset: at32(offset),
            tag_end: at32(tag_span.end),
            end: at32(tag_span.end),
            nth: 1,
            same_named: 1,
        });
        let depth = self.stack.len();
        if depth > 0 {
            if self.children.len() < depth {
                self.children.resize_with(depth, Vec::new);
            }
            if let Some(siblings) = self.children.get_mut(depth - 1) {
                siblings.push(id);
            }
        }
        let streamed = self
            .streams(id)
            .then(|| self.list_channel(id, depth, before));
        if self.channel_elements > self.limits.max_channel_elements {
            self.fail(
                "xml.limits",
                format!(
                    "more than {} elements in <channel> besides its items",
                    self.limits.max_channel_elements
                ),
                offset,
            );
            return false;
        }
        self.stack.push(Open {
            id,
            added,
            first: None,
            spilled: false,
            streamed,
        });
        self.opened += 1;
        true
    }

    /// Whether element `id`, just opened, is an item to hand to the sink; notes the channel
    /// whose items those are (the first `<channel>` of an `<rss>` root) and counts its other
    /// elements.
    fn streams(&mut self, id: ElementId) -> bool {
        let elements = &self.doc.elements;
        let Some(e) = elements.get(id) else {
            return false;
        };
        match (self.channel, e.parent) {
            (None, Some(0)) if e.is(&Ns::None, "channel") => {
                if elements.first().is_some_and(|r| r.is(&Ns::None, "rss")) {
                    self.channel = Some(id);
                }
                false
            }
            (Some(ch), Some(p)) if p == ch => {
                let item = e.is(&Ns::None, "item");
                self.channel_elements += usize::from(!item);
                item && self.sink.is_some()
            }
            _ => false,
        }
    }

    /// At the open of item `id`, whose channel is open at `depth` (`before`: the document's
    /// lists' lengths before its start tag was read): lists the channel's children so far, the
    /// item last, as the channel's children (the sink sees them so), and notes where the item's
    /// additions to the document begin. The list is written again only when a channel element
    /// came since the last item, in place (`Document::channel_children`).
    fn list_channel(&mut self, id: ElementId, depth: usize, before: Marks) -> Marks {
        let siblings = depth.checked_sub(1).and_then(|d| self.children.get(d));
        if let (Some(ch), Some(siblings)) = (self.channel, siblings) {
            let now = (siblings.len(), id);
            if self.handed != Some(now) {
                let list = &mut self.doc.channel_children;
                list.clear();
                list.extend_from_slice(siblings);
                let run = Run {
                    start: Run::CHANNEL,
                    len: at32(list.len()),
                };
                if let Some(c) = self.doc.elements.get_mut(ch) {
                    c.children = run;
                }
                self.handed = Some(now);
            }
        }
        // The item goes too, with its attributes and the texts they copied to the arena.
        let marks = Marks {
            elements: id,
            ..before
        };
        self.doc.item_marks = marks;
        marks
    }

    /// Hands the item `id`, just closed at `depth`, to the sink, then drops its elements and
    /// what it added to the document's lists (`marks`: their lengths when it opened).
    fn hand_over(&mut self, id: ElementId, depth: usize, marks: Marks) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        self.streamed += 1;
        if let Some(e) = self.doc.elements.get_mut(id) {
            e.nth = self.streamed;
            e.same_named = u32::MAX;
        }
        let siblings = depth.checked_sub(2).and_then(|d| self.children.get_mut(d));
        if let (Some(ch), Some(siblings)) = (self.channel, siblings) {
            if let Some(c) = self.doc.elements.get_mut(ch) {
                c.dropped_children = true;
            }
            match sink {
                Sink::Looks(sink) => sink.item(self.doc, id),
                Sink::Forward(forward) => forward.take(self.doc, id),
            }
            siblings.pop();
        }
        self.doc.truncate(marks);
    }

    /// Whether one more element, opened at `offset`, stays within the depth and count limits.
    fn within_limits(&mut self, offset: usize) -> bool {
        if self.stack.len() >= self.limits.max_depth {
            self.fail(
                "xml.limits",
                format!("elements nested more than {} deep", self.limits.max_depth),
                offset,
            );
            return false;
        }
        if self.opened >= self.limits.max_elements {
            self.fail(
                "xml.limits",
                format!("more than {} elements", self.limits.max_elements),
                offset,
            );
            return false;
        }
        if self.sink.is_some() && self.doc.elements.len() >= self.limits.max_held_elements {
            self.fail(
                "xml.limits",
                format!(
                    "more than {} elements in one item, or in the channel besides its items",
                    self.limits.max_held_elements
                ),
                offset,
            );
            return false;
        }
        true
    }

    /// Reads the attributes of the start tag at `offset` into `self.attrs`; how many namespace declarations it
    /// made; `None` (after a fatal problem) when one is malformed. Declarations are bound first
    /// so they apply to this element and its attributes; other attributes come back with their
    /// prefix, their namespace still to be looked up.
    fn attributes(&mut self, text: &str, start: &BytesStart<'_>, offset: usize) -> Option<usize> {
        let tag = text.get(offset..).unwrap_or_default();
        let mut added = 0;
        self.attrs.clear();
        self.keys.clear();
        let mut cursor = 1 + start.name().as_ref().len();
        // Duplicates are found here (quick-xml's own check searches all the earlier names for
        // each, so a tag of many attributes took their square).
        let mut many = None;
        for attr in start.attributes().with_checks(false) {
            let attr = match attr {
                Ok(a) => a,
                Err(e) => {
                    self.fail("xml.malformed", format!("bad attribute: {e}"), offset);
                    return None;
                }
            };
            let key = source_str(text, attr.key.as_ref());
            // The reader hands out slices of the source, so the key's place is known; a
            // search is the fallback.
            let at = source_range(text, attr.key.as_ref())
                .and_then(|(a, _)| a.checked_sub(offset))
                .or_else(|| find_key(tag, &key, cursor))
                .unwrap_or(cursor);
            cursor = at + key.len();
            if let Some((a, b)) = source_range(text, attr.key.as_ref())
                && repeated(&mut self.keys, &mut many, text, (a, b))
            {
                self.fail(
                    "xml.malformed",
                    format!("attribute {key} appears twice in one start tag; expected it once"),
                    a,
                );
                return None;
            }
            let end = source_range(text, &attr.value).map_or(offset + cursor, |(_, e)| e + 1);
            let raw_value = source_str(text, &attr.value);
            let value = match unescape(&raw_value) {
                Ok(v) => normalize_attr(v),
                Err(EscapeError::UnrecognizedEntity(_, name)) => {
                    self.fail(
                        "xml.entity.undefined",
                        format!("undefined entity &{name}; in attribute {key}"),
                        offset + at,
                    );
                    return None;
                }
                Err(e) => {
                    self.fail(
                        "xml.malformed",
                        format!("bad attribute value of {key}: {e}"),
                        offset + at,
                    );
                    return None;
                }
            };
            if key == "xmlns" {
                self.bind(String::new(), value.into_owned(), offset + at);
                added += 1;
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                self.bind(prefix.to_owned(), value.into_owned(), offset + at);
                added += 1;
            } else {
                let (aprefix, alocal) = split_name(&key);
                let value = self.keep(text, &value);
                let attribute = Attribute {
                    ns: Ns::None,
                    local: Name::new(alocal),
                    value,
                    offset: at32(offset + at),
                    end: at32(end),
                };
                self.attrs.push((attribute, aprefix.map(Name::new)));
            }
        }
        Some(added)
    }

    /// Where `value` is kept: the source's own bytes when it is a slice of them (a value written
    /// without references or line breaks), else a copy in the arena.
    fn keep(&mut self, text: &str, value: &str) -> TextSpan {
        match source_range(text, value.as_bytes()) {
            Some((start, end)) => TextSpan::source(start, end),
            None => TextSpan::appended(&mut self.doc.arena, value),
        }
    }

    /// Closes the innermost open element, whose end tag ends at byte `end`.
    fn close(&mut self, end: usize) {
        let depth = self.stack.len();
        let Some(open) = self.stack.pop() else { return };
        self.scopes.pop(open.added);
        let span = match (open.spilled, open.first) {
            (true, _) => match self.scratch.get_mut(depth - 1) {
                Some(buf) => {
                    let span = TextSpan::appended(&mut self.doc.arena, buf);
                    buf.clear();
                    span
                }
                None => TextSpan::appended(&mut self.doc.arena, ""),
            },
            (false, Some((start, end))) => TextSpan::source(start, end),
            (false, None) => TextSpan::default(),
        };
        let Some(e) = self.doc.elements.get_mut(open.id) else {
            return;
        };
        e.text = span;
        e.end = at32(end).max(e.tag_end);
        if let Some(children) = self.children.get(depth - 1) {
            number(&mut self.doc.elements, children);
        }
        self.adopt(open.id, depth);
        if let Some(mark) = open.streamed {
            self.hand_over(open.id, depth, mark);
        }
    }

    fn bind(&mut self, prefix: String, uri: String, offset: usize) {
        let resolved = ns::resolve(&uri);
        if resolved.variant && !self.warned_variants.contains(&uri) {
            self.warned_variants.push(uri.clone());
            let exact = match resolved.ns {
                Ns::Content => ns::CONTENT,
                Ns::Atom => ns::ATOM,
                Ns::Spotify => ns::SPOTIFY,
                _ => ns::GOOGLEPLAY,
            };
            self.doc.problems.push(problem(
                "ns.variant",
                Severity::Warning,
                format!("namespace URI \"{uri}\" is a variant; expected \"{exact}\""),
                offset,
            ));
        }
        let mut ns = resolved.ns;
        if let Some((meant, exact)) = ns::miscased(&uri) {
            // Reported, then read as the namespace it plainly means so its elements are checked.
            self.doc.problems.push(problem(
                "ns.miscased",
                Severity::Error,
                format!(
                    "namespace URI \"{uri}\" differs from \"{exact}\" only in letter case; namespace URIs are compared exactly, so readers ignore these elements"
                ),
                offset,
            ));
            ns = meant;
        }
        self.scopes.push(prefix, ns);
    }
}

/// Numbers same-named `children` (1-based `nth`, and `same_named`) now that all are known.
/// Pairwise name comparisons for the few children of most elements, a hash map for the many
/// items of a channel: never quadratic in the number of items.
fn number(elements: &mut [Element], children: &[ElementId]) {
    if children.len() <= PAIRWISE_MAX {
        // Few children (an item's): compare pairwise, without allocating.
        let mut counts = [(1usize, 1usize); PAIRWISE_MAX];
        for (i, &c) in children.iter().enumerate() {
            let Some(e) = elements.get(c) else { continue };
            for (j, &d) in children.iter().enumerate() {
                if j != i && elements.get(d).is_some_and(|o| same_name(o, e)) {
                    counts[i].1 += 1;
                    if j < i {
                        counts[i].0 += 1;
                    }
                }
            }
        }
        for (&c, &(nth, total)) in children.iter().zip(&counts) {
            if let Some(e) = elements.get_mut(c) {
                e.nth = at32(nth);
                e.same_named = at32(total);
            }
        }
        return;
    }
    let (nth, total) = {
        let shared: &[Element] = elements;
        let keys: Vec<Option<(&Ns, &str)>> = children
            .iter()
            .map(|&c| shared.get(c).map(|e| (&e.ns, e.local.as_str())))
            .collect();
        let mut counts: foldhash::HashMap<Option<(&Ns, &str)>, usize> =
            foldhash::HashMap::default();
        let nth: Vec<usize> = keys
            .iter()
            .map(|k| {
                let n = counts.entry(*k).or_insert(0);
                *n += 1;
                *n
            })
            .collect();
        let total: Vec<usize> = keys
            .iter()
            .map(|k| counts.get(k).copied().unwrap_or(1))
            .collect();
        (nth, total)
    };
    for ((&c, n), t) in children.iter().zip(nth).zip(total) {
        if let Some(e) = elements.get_mut(c) {
            e.nth = at32(n);
            e.same_named = at32(t);
        }
    }
}

/// Whether the attribute name at `key` (a range of `text`) came earlier in the start tag, whose
/// names so far are `keys` (XML 1.0 §3.1: "No attribute name may appear more than once in the
/// same start-tag"); notes it. Names are compared as written, as quick-xml did. A few are
/// compared one by one; past [`PAIRWISE_MAX`] (only a hostile feed has that many) they go into
/// a hash set, `many`, so a tag's time stays linear in its attributes.
fn repeated<'t>(
    keys: &mut Vec<(usize, usize)>,
    many: &mut Option<foldhash::HashSet<&'t str>>,
    text: &'t str,
    key: (usize, usize),
) -> bool {
    let name = |(a, b): (usize, usize)| text.get(a..b).unwrap_or_default();
    if let Some(set) = many {
        return !set.insert(name(key));
    }
    if keys.iter().any(|&k| name(k) == name(key)) {
        return true;
    }
    keys.push(key);
    if keys.len() > PAIRWISE_MAX {
        *many = Some(keys.iter().map(|&k| name(k)).collect());
    }
    false
}

/// Whether two elements have the same namespace and local name: the length first, so most
/// pairs differ without comparing bytes.
fn same_name(a: &Element, b: &Element) -> bool {
    a.local.len() == b.local.len() && a.ns == b.ns && a.local == b.local
}

/// Where `part` lies in `source`, when the reader handed out a slice of it.
fn source_range(source: &str, part: &[u8]) -> Option<(usize, usize)> {
    let start = (part.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
    let end = start.checked_add(part.len())?;
    (end <= source.len() && source.is_char_boundary(start) && source.is_char_boundary(end))
        .then_some((start, end))
}

/// `part` as text: borrowed from the already decoded `source` without checking the UTF-8
/// again when it is a slice of it, else decoded.
fn source_str<'s>(source: &'s str, part: &'s [u8]) -> Cow<'s, str> {
    match source_range(source, part).and_then(|(a, b)| source.get(a..b)) {
        Some(s) => Cow::Borrowed(s),
        None => String::from_utf8_lossy(part),
    }
}

/// A qualified name's prefix and local part. Names are a few bytes: a plain loop finds the colon
/// with less set-up than `str::split_once`'s searcher.
fn split_name(name: &str) -> (Option<&str>, &str) {
    match name.bytes().position(|b| b == b':') {
        Some(at) => (name.get(..at), name.get(at + 1..).unwrap_or_default()),
        None => (None, name),
    }
}

/// Attribute-value normalisation (XML 1.0 §3.3.3): literal tabs and newlines become spaces.
fn normalize_attr(v: Cow<'_, str>) -> Cow<'_, str> {
    if memchr::memchr3(b'\t', b'\n', b'\r', v.as_bytes()).is_some() {
        Cow::Owned(normalize_line_ends(&v).replace(['\t', '\n'], " "))
    } else {
        v
    }
}

/// Line ends as XML 1.0 §2.11 hands them to applications: `\r\n` and a lone `\r` become `\n`.
fn normalize_line_ends(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Finds attribute `key` in a raw start tag at or after `from`, preceded by whitespace and
/// followed by `=`.
fn find_key(tag: &str, key: &str, from: usize) -> Option<usize> {
    let mut start = from;
    while let Some(rel) = tag.get(start..)?.find(key) {
        let at = start + rel;
        let before_ok = tag[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let after_ok = tag[at + key.len()..].trim_start().starts_with('=');
        if before_ok && after_ok {
            return Some(at);
        }
        start = at + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    /// Records what a streaming parse hands over: each item's guid and path, and the most
    /// elements the document held at any item.
    #[derive(Default)]
    struct Seen {
        guids: Vec<String>,
        paths: Vec<String>,
        most_elements: usize,
        /// The most attributes, child ids, arena bytes and channel children held at any item.
        most_held: (usize, usize, usize, usize),
    }

    impl ItemSink for Seen {
        fn item(&mut self, doc: &Document, item: ElementId) {
            let guid = doc.child_text(item, &Ns::None, "guid").unwrap_or_default();
            self.guids.push(guid.to_owned());
            self.paths.push(doc.path(item));
            self.most_elements = self.most_elements.max(doc.elements.len());
            let (a, c, t, l) = self.most_held;
            self.most_held = (
                a.max(doc.attributes.len()),
                c.max(doc.child_ids.len()),
                t.max(doc.arena.len()),
                l.max(doc.channel_children.len()),
            );
        }
    }

    fn feed_of(items: usize) -> String {
        let mut s = String::from("<rss version=\"2.0\"><channel><title>T</title>");
        for n in 1..=items {
            s.push_str(&format!(
                "<item><title>E&amp;{n}</title><guid>g{n}</guid><enclosure url=\"u{n}\"/></item>\n"
            ));
        }
        s + "<link>https://h.example/</link></channel></rss>"
    }

    #[test]
    fn channel_elements_between_items_leave_nothing_behind() {
        // A channel element with a child of its own after each item: the channel's list of
        // children changes at every item, and the lists held grow with the channel's elements,
        // not with their square.
        let n = 200;
        let mut feed = String::from("<rss version=\"2.0\"><channel><title>T</title>");
        for i in 1..=n {
            feed.push_str(&format!("<item><guid>g{i}</guid></item><a><b/></a>"));
        }
        feed.push_str("</channel></rss>");
        let mut seen = Seen::default();
        let doc = stream(feed.as_bytes(), Limits::default(), &mut seen);
        assert!(!doc.fatal, "{:?}", doc.problems);
        assert_eq!(seen.guids.len(), n);
        let (_, child_ids, _, channel) = seen.most_held;
        // Each <a>'s one child, the item's guid; the title, the <a>s and the item.
        assert_eq!((child_ids, channel), (n - 1 + 1, 1 + (n - 1) + 1));
    }

    #[test]
    fn a_streaming_parse_holds_one_item_at_a_time_and_keeps_the_rest() {
        let mut seen = Seen::default();
        let doc = stream(feed_of(1000).as_bytes(), Limits::default(), &mut seen);
        assert!(!doc.fatal, "{:?}", doc.problems);
        assert_eq!(seen.guids.len(), 1000);
        assert_eq!(seen.guids[999], "g1000");
        assert_eq!(seen.paths[1], "/rss/channel/item[2]");
        // rss, channel, title, and one item with its three children.
        assert_eq!(seen.most_elements, 7);
        // The rss version and one enclosure's url; the item's three children; one title with a
        // reference ("E&1000"); the channel's list (title, item).
        assert_eq!(seen.most_held, (2, 3, 6, 2));
        // What stays: the channel with its title and the link after the items, no item.
        let ch = doc.child(0, &Ns::None, "channel").expect("channel");
        let kept: Vec<String> = doc
            .children(&doc.elements[ch])
            .iter()
            .map(|&c| doc.path(c))
            .collect();
        assert_eq!(kept, ["/rss/channel/title", "/rss/channel/link"]);
        assert_eq!(
            doc.child_text(ch, &Ns::None, "link"),
            Some("https://h.example/")
        );
        // The arena's text of the items (each title has a reference, so it is a copy) went with
        // them; what stays is the channel's own text, the line break after each item.
        assert_eq!(doc.arena.len(), 1000);
        assert!(doc.arena.chars().all(|c| c == '\n'));
    }

    #[test]
    fn only_the_items_of_an_rss_channel_are_streamed_and_they_count_against_the_limit() {
        let mut seen = Seen::default();
        let other = "<feed><channel><item><guid>a</guid></item></channel></feed>";
        let doc = stream(other.as_bytes(), Limits::default(), &mut seen);
        assert!(seen.guids.is_empty());
        assert_eq!(doc.elements.len(), 4);
        let limits = Limits {
            max_elements: 500,
            ..Limits::default()
        };
        let doc = stream(feed_of(1000).as_bytes(), limits, &mut Seen::default());
        assert!(doc.fatal);
        assert_eq!(doc.problems[0].rule, "xml.limits");
    }

    #[test]
    fn a_streaming_parse_refuses_an_item_too_large_to_hold_but_not_many_items() {
        let limits = Limits::default();
        let giant = format!(
            "<rss version=\"2.0\"><channel><item>{}</item></channel></rss>",
            "<a/>".repeat(limits.max_held_elements)
        );
        let doc = stream(giant.as_bytes(), limits, &mut Seen::default());
        assert!(doc.fatal);
        assert!(
            doc.problems[0].message.contains("elements in one item"),
            "{}",
            doc.problems[0].message
        );
        // The same elements spread over items are read.
        let spread = feed_of(limits.max_held_elements / 2);
        let mut seen = Seen::default();
        let doc = stream(spread.as_bytes(), limits, &mut seen);
        assert!(!doc.fatal, "{:?}", doc.problems.first());
        assert_eq!(seen.guids.len(), limits.max_held_elements / 2);
    }

    #[test]
    fn a_channel_of_too_many_elements_besides_its_items_is_refused_streamed_or_not() {
        let limits = Limits::default();
        let channel = |elements: usize| {
            let mut s = String::from("<rss version=\"2.0\"><channel>");
            for n in 0..elements {
                s.push_str(&format!(
                    "<category>c{n}</category><item><guid>g{n}</guid></item>"
                ));
            }
            s + "</channel></rss>"
        };
        let at_limit = channel(limits.max_channel_elements);
        assert!(!parse(at_limit.as_bytes()).fatal);
        let mut seen = Seen::default();
        assert!(!stream(at_limit.as_bytes(), limits, &mut seen).fatal);
        assert_eq!(seen.guids.len(), limits.max_channel_elements);
        let over = channel(limits.max_channel_elements + 1);
        for doc in [
            parse(over.as_bytes()),
            stream(over.as_bytes(), limits, &mut Seen::default()),
        ] {
            assert!(doc.fatal);
            assert_eq!(doc.problems[0].rule, "xml.limits");
            assert!(
                doc.problems[0]
                    .message
                    .contains("elements in <channel> besides its items"),
                "{}",
                doc.problems[0].message
            );
        }
    }

    /// 1-based line and column of `offset` in the document's text.
    fn line_col(doc: &Document, offset: usize) -> (usize, usize) {
        let at = Source::new(doc.text.to_string()).locate(&(offset..offset));
        (at.line, at.column)
    }

    #[test]
    fn keeps_positions_of_elements_and_attributes() {
        let doc = parse(b"<rss version=\"2.0\">\n  <channel>\n    <enclosure url='x' length=\"1\"/>\n  </channel>\n</rss>");
        assert!(!doc.fatal, "{:?}", doc.problems);
        let enc = &doc.elements[2];
        assert_eq!(enc.local, "enclosure");
        assert_eq!(line_col(&doc, enc.offset as usize), (3, 5));
        let length = doc.attr(enc, "length").expect("length");
        assert_eq!(line_col(&doc, length.offset as usize), (3, 24));
        assert_eq!(doc.path(2), "/rss/channel/enclosure");
        // Spans: the attribute up to its closing quote, the empty element's whole tag.
        assert_eq!(&doc.text[length.span()], "length=\"1\"");
        assert_eq!(
            &doc.text[doc.span_of(enc)],
            "<enclosure url='x' length=\"1\"/>"
        );
        // An element holding others is pointed at by its start tag.
        assert_eq!(&doc.text[doc.span_of(&doc.elements[1])], "<channel>");
    }

    #[test]
    fn a_leaf_element_spans_its_value_and_end_tag() {
        let doc = parse(b"<rss><title>A &amp; B</title><x a=\"1&gt;\" b='2'/></rss>");
        let title = &doc.elements[1];
        assert_eq!(&doc.text[doc.span_of(title)], "<title>A &amp; B</title>");
        let x = &doc.elements[2];
        let b = doc.attr(x, "b").expect("b");
        assert_eq!(&doc.text[b.span()], "b='2'");
        assert_eq!(
            &doc.text[doc.attr(x, "a").expect("a").span()],
            "a=\"1&gt;\""
        );
    }

    #[test]
    fn line_ends_reach_the_rules_as_xml_hands_them_over() {
        let doc = parse(
            b"<rss><a>one\r\ntwo\rthree</a><b><![CDATA[x\r\ny]]></b><c v=\"1\r\n2\"/><d>&#13;</d></rss>",
        );
        assert!(!doc.fatal, "{:?}", doc.problems);
        let text = |i: usize| doc.text_of(&doc.elements[i]).to_owned();
        assert_eq!(text(1), "one\ntwo\nthree");
        assert_eq!(text(2), "x\ny");
        assert_eq!(doc.attr_value(&doc.elements[3], "v"), Some("1 2"));
        // A character reference is a character, not a line end of the file: it stays.
        assert_eq!(text(4), "\r");
    }

    #[test]
    fn resolves_namespaces_by_uri_not_prefix() {
        let doc = parse(
            b"<rss xmlns:i=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><i:explicit>false</i:explicit></rss>",
        );
        assert_eq!(doc.elements[1].ns, Ns::Itunes);
        assert_eq!(doc.elements[1].display_name(), "itunes:explicit");
    }

    #[test]
    fn reports_a_mismatched_end_tag_at_its_position() {
        let doc = parse(b"<rss>\n<channel>\n</chanel>\n</rss>");
        assert!(doc.fatal);
        let p = &doc.problems[0];
        assert_eq!(p.rule, "xml.malformed");
        assert_eq!(line_col(&doc, p.offset).0, 3);
    }

    #[test]
    fn an_attribute_written_twice_is_fatal_at_its_second_place() {
        // A few attributes (compared pairwise), a prefixed one, and many (through a set).
        let many: String = (0..40).map(|n| format!(" a{n}=\"{n}\"")).collect();
        for (tag, second) in [
            ("<rss version=\"2.0\" x=\"1\" version=\"2.0\">", 25),
            ("<rss xmlns:p=\"urn:p\" p:x=\"1\" p:x=\"2\">", 29),
            (&format!("<rss{many} a7=\"again\">"), 4 + many.len() + 1),
        ] {
            let doc = parse(format!("{tag}</rss>").as_bytes());
            assert!(doc.fatal, "{tag}");
            let p = &doc.problems[0];
            assert_eq!((p.rule, p.offset), ("xml.malformed", second), "{tag}");
            assert!(p.message.contains("appears twice"), "{}", p.message);
        }
        let distinct = parse(format!("<rss{many} p=\"1\" q=\"2\"></rss>").as_bytes());
        assert!(!distinct.fatal, "{:?}", distinct.problems);
        // The reader stops at the second name: what follows it in the tag is not read.
        let stopped = parse(
            b"<rss v=\"1\" v=\"2\" xmlns:i=\"http://www.itunes.com/DTDs/Podcast-1.0.dtd\"></rss>",
        );
        let rules: Vec<&str> = stopped.problems.iter().map(|p| p.rule).collect();
        assert_eq!(rules, ["xml.malformed"]);
    }

    #[test]
    fn reports_an_undefined_entity_at_its_position() {
        let doc = parse(b"<rss>\n<title>caf&eacute;</title></rss>");
        assert!(doc.fatal);
        let p = &doc.problems[0];
        assert_eq!(p.rule, "xml.entity.undefined");
        assert_eq!(line_col(&doc, p.offset), (2, 11));
        assert!(
            p.message.starts_with("undefined entity &eacute;"),
            "{}",
            p.message
        );
        let bad = parse(b"<rss><title>&#xD800;</title></rss>");
        assert!(bad.fatal);
        assert_eq!(bad.problems[0].rule, "xml.malformed");
        assert_eq!(
            bad.problems[0].message,
            "invalid character reference &#xD800;"
        );
    }

    #[test]
    fn resolves_predefined_and_character_references() {
        let doc = parse(b"<a>A &amp; B &#233; &#x41;<![CDATA[<b>]]></a>");
        assert_eq!(doc.text_of(&doc.elements[0]), "A & B \u{e9} A<b>");
        assert!(doc.elements[0].cdata);
        // XML 1.0 §4.6: the five predefined entities, and no other.
        let doc = parse(b"<a>&lt;&gt;&amp;&quot;&apos;</a>");
        assert_eq!(doc.text_of(&doc.elements[0]), "<>&\"'");
        assert!(parse(b"<a>&LT;</a>").fatal);
    }

    #[test]
    fn never_expands_a_dtd_entity() {
        let doc =
            parse(b"<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss>&x;</rss>");
        assert!(doc.fatal);
        assert_eq!(doc.problems[0].rule, "xml.entity.undefined");
        assert!(doc.doctype.is_some());
    }

    #[test]
    fn bounds_nesting_depth() {
        let deep = "<a>".repeat(10_000);
        let doc = parse(deep.as_bytes());
        assert!(doc.fatal);
        assert_eq!(doc.problems[0].rule, "xml.limits");
    }

    #[test]
    fn reports_an_unclosed_document() {
        let doc = parse(b"<rss><channel>");
        assert!(doc.fatal);
        assert!(doc.problems[0].message.contains("<channel>"));
    }

    #[test]
    fn an_inner_declaration_shadows_until_its_element_closes() {
        let doc = parse(
            b"<rss xmlns:i=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">\
              <a xmlns:i=\"urn:other\" xmlns=\"urn:default\"><i:x/><y/></a><i:x/><y/></rss>",
        );
        assert!(!doc.fatal, "{:?}", doc.problems);
        let ns: Vec<&Ns> = doc.elements.iter().map(|e| &e.ns).collect();
        assert_eq!(
            ns,
            [
                &Ns::None,
                &Ns::Other(Arc::new("urn:default".to_owned())),
                &Ns::Other(Arc::new("urn:other".to_owned())),
                &Ns::Other(Arc::new("urn:default".to_owned())),
                &Ns::Itunes,
                &Ns::None,
            ]
        );
    }

    #[test]
    fn long_prefixes_alike_in_their_first_eight_bytes_stay_apart() {
        let doc = parse(
            b"<rss xmlns:longprefixa=\"urn:a\" xmlns:longprefixb=\"urn:b\">\
              <longprefixa:x/><longprefixb:x/><longprefixa:x/></rss>",
        );
        assert!(!doc.fatal, "{:?}", doc.problems);
        let uris: Vec<String> = doc.elements[1..]
            .iter()
            .map(|e| match &e.ns {
                Ns::Other(uri) => uri.to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(uris, ["urn:a", "urn:b", "urn:a"]);
    }

    #[test]
    fn many_declarations_in_scope_are_read_without_a_scan_per_element() {
        // 50k declarations on the root and 200k elements under it (about 2.5 MB), in one
        // element of the channel (the channel itself takes at most 1,000). Looking each
        // element's prefix up through every declaration in scope took minutes; this completes.
        let decls: String = (0..50_000)
            .map(|i| format!(" xmlns:p{i}=\"urn:x:{i}\""))
            .collect();
        let feed = format!(
            "<rss version=\"2.0\"{decls}><channel><p1:b>{}</p1:b></channel></rss>",
            "<p1:a/>".repeat(200_000)
        );
        let doc = parse(feed.as_bytes());
        assert!(!doc.fatal, "{:?}", doc.problems.first());
        assert_eq!(doc.elements.len(), 200_003);
        assert_eq!(
            doc.elements[3].ns,
            Ns::Other(Arc::new("urn:x:1".to_owned()))
        );
    }

    #[test]
    fn columns_on_long_lines_match_a_count_from_the_line_start() {
        // Lines longer and shorter than the index's mark spacing, multi-byte characters across
        // marks: every offset's column equals a count of characters from its line's start.
        let mut feed = String::from("<rss>");
        for n in [10, 5000, 3, 9000, 0, 20000] {
            feed.push_str(&"<a>é€</a>".repeat(n));
            feed.push('\n');
        }
        feed.push_str("</rss>");
        let doc = parse(feed.as_bytes());
        assert!(!doc.fatal, "{:?}", doc.problems.first());
        let source = Source::new(doc.text.to_string());
        let (mut line, mut line_start) = (1, 0);
        for (offset, c) in doc.text.char_indices().step_by(7) {
            while let Some(nl) = doc.text[line_start..offset].find('\n') {
                line += 1;
                line_start += nl + 1;
            }
            let column = doc.text[line_start..offset].chars().count() + 1;
            let at = source.locate(&(offset..offset + c.len_utf8()));
            assert_eq!((at.line, at.column), (line, column), "at {offset}");
        }
    }

    #[test]
    fn warns_about_a_namespace_variant() {
        let doc = parse(b"<rss xmlns:atom=\"https://www.w3.org/2005/Atom\"><atom:link/></rss>");
        assert_eq!(doc.elements[1].ns, Ns::Atom);
        assert_eq!(doc.problems[0].rule, "ns.variant");
    }
}
