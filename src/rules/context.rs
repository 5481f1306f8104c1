//! The state of one check of one feed, and the view of it each pass of the rules gets.
//!
//! A feed is checked in passes: one per item, as the item is read (a streaming parse drops the
//! item's elements afterwards, see [`crate::feed::ItemSink`]), then one over everything else,
//! the channel's own elements. [`Check`] is what lasts across the passes: the findings, what the
//! checks across items remember of earlier items (hashes, not text), and findings that wait on
//! the channel. [`Ctx`] is one pass's view: the document, the items it covers and the elements
//! it may walk.

use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Profiles, Rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::feed::{Document, Element, ElementId, Ns};

/// What the checks across items remember of the items before: a hash of each value (the text
/// itself may be gone) and the number or name of the first item that had it.
#[derive(Default)]
pub(super) struct Seen {
    hasher: foldhash::quality::RandomState,
    /// Item guids → the item's 1-based number.
    pub guids: foldhash::HashMap<u64, usize>,
    /// Enclosure URLs → the item's 1-based number.
    pub enclosures: foldhash::HashMap<u64, usize>,
    /// Chapters URLs → the episode that had it first.
    pub chapters: foldhash::HashMap<u64, Option<String>>,
    /// The channel's `itunes:type` text, and the number of the channel's children it was read
    /// at: read again only when a channel element was added since.
    channel_type: Option<(usize, Option<String>)>,
}

impl Seen {
    /// The key of `value` in the maps. A collision of two 64-bit hashes with a per-process
    /// random seed is too unlikely to matter, and cannot be aimed at from a feed.
    pub fn key(&self, value: &str) -> u64 {
        self.hasher.hash_one(value)
    }
}

/// A finding of an item pass that holds only if the channel, read in full, says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unless {
    /// Holds when the channel's `itunes:type` is `serial`.
    NotSerial,
}

/// The most findings of one rule listed for one feed. A feed that breaks a rule in each of a
/// million items gets the first ten thousand and one finding counting the rest, not a million
/// findings (each about a kilobyte in memory and a few lines in the report). A show of up to
/// 10,000 episodes never loses a finding.
pub const MAX_FINDINGS_PER_RULE: usize = 10_000;

/// What the passes collect.
#[derive(Default)]
struct Collected {
    out: Vec<Diagnostic>,
    seen: Seen,
    waiting: Vec<(Unless, Diagnostic)>,
    /// Findings so far, by rule id (listed or not).
    found: foldhash::HashMap<&'static str, usize>,
    /// Per rule past [`MAX_FINDINGS_PER_RULE`]: the first finding not listed, how many were
    /// not, and the condition its findings wait on, if they do.
    omitted: foldhash::HashMap<&'static str, (Diagnostic, usize, Option<Unless>)>,
}

/// Whether a finding is listed.
enum Listed {
    Yes,
    /// The first one past the limit: kept to say where the unlisted ones start.
    FirstNot,
    /// Counted only.
    No,
}

impl Collected {
    /// Counts a finding of `rule` and says whether it is listed.
    fn count(&mut self, rule: &'static Rule) -> Listed {
        let n = self.found.entry(rule.id).or_insert(0);
        *n += 1;
        match (*n).cmp(&(MAX_FINDINGS_PER_RULE + 1)) {
            std::cmp::Ordering::Less => Listed::Yes,
            std::cmp::Ordering::Equal => Listed::FirstNot,
            std::cmp::Ordering::Greater => {
                if let Some(o) = self.omitted.get_mut(rule.id) {
                    o.1 += 1;
                }
                Listed::No
            }
        }
    }

    /// Keeps finding `d`, counted as `listed`: in the list (or among those waiting on
    /// `unless`), or as the first one not listed.
    fn put(&mut self, d: Diagnostic, listed: Listed, unless: Option<Unless>) {
        match (listed, unless) {
            (Listed::Yes, Some(u)) => self.waiting.push((u, d)),
            (Listed::Yes, None) => self.out.push(d),
            (Listed::FirstNot, _) => {
                self.omitted.insert(d.rule.id, (d, 1, unless));
            }
            (Listed::No, _) => {}
        }
    }
}

/// One check of one feed: the settings and what the passes collect.
pub struct Check<'f> {
    file: &'f str,
    profiles: Profiles,
    now: DateTime<Utc>,
    collected: Collected,
    /// Items checked in item passes.
    items: u32,
    /// Whether the items came from a streaming parse (their paths are settled at the end).
    streamed: bool,
}

impl<'f> Check<'f> {
    /// A check of the feed shown as `file`, under `profiles`, at time `now`.
    pub fn new(file: &'f str, profiles: &Profiles, now: DateTime<Utc>) -> Self {
        Check {
            file,
            profiles: *profiles,
            now,
            collected: Collected::default(),
            items: 0,
            streamed: false,
        }
    }

    /// The pass of item `item` of `doc`.
    pub(super) fn item_pass<'a>(&'a mut self, doc: &'a Document, item: ElementId) -> Ctx<'a> {
        self.items += 1;
        let end = subtree_end(doc, item);
        let channel = doc.get(item).and_then(|e| e.parent);
        self.ctx(doc, channel, Some(item), Scope::Item(item..end))
    }

    /// The pass over what is not in an item of `doc`'s channel.
    pub(super) fn channel_pass<'a>(&'a mut self, doc: &'a Document) -> Ctx<'a> {
        let channel = channel_of(doc);
        let skip: Vec<Range<ElementId>> = channel
            .into_iter()
            .flat_map(|ch| doc.children_named(ch, &Ns::None, "item"))
            .map(|i| i..subtree_end(doc, i))
            .collect();
        self.ctx(doc, channel, None, Scope::Channel(skip.into()))
    }

    fn ctx<'a>(
        &'a mut self,
        doc: &'a Document,
        channel: Option<ElementId>,
        item: Option<ElementId>,
        scope: Scope,
    ) -> Ctx<'a> {
        Ctx {
            doc,
            now: self.now,
            channel,
            item,
            scope,
            file: self.file,
            profiles: self.profiles,
            collected: &mut self.collected,
            item_key: std::cell::OnceCell::new(),
        }
    }

    /// Notes that the items came from a streaming parse.
    pub(super) fn streaming(&mut self) {
        self.streamed = true;
    }

    /// Drops every finding so far: the XML turned out not to be well-formed, and only why is
    /// reported.
    pub(super) fn forget(&mut self) {
        self.collected = Collected {
            seen: std::mem::take(&mut self.collected.seen),
            ..Collected::default()
        };
    }

    /// The findings that waited on the channel, now that its `itunes:type` is known.
    pub(super) fn settle(&mut self, serial: bool) {
        let holds = |unless: Unless| match unless {
            Unless::NotSerial => serial,
        };
        for (unless, d) in std::mem::take(&mut self.collected.waiting) {
            if holds(unless) {
                self.collected.out.push(d);
            }
        }
        self.collected
            .omitted
            .retain(|_, (_, _, unless)| unless.is_none_or(holds));
    }

    /// The diagnostics, in [`crate::diagnostic::sort`] order. `doc` is the document the channel
    /// pass saw: after a streaming parse, the items' paths are written as [`Document::path`]
    /// gives them once the whole feed is known.
    pub fn finish(self, doc: &Document) -> Vec<Diagnostic> {
        let mut out = self.collected.out;
        for (_, (mut d, n, _)) in self.collected.omitted {
            d.message = format!(
                "{n} more findings of this rule in this feed, from here on, are not listed (at most {MAX_FINDINGS_PER_RULE} of one rule are); the first: {}",
                d.message
            );
            out.push(d);
        }
        if self.streamed {
            let channels = doc.rss_channels();
            for d in &mut out {
                if let Some(path) = &mut d.path {
                    crate::feed::settle_path(path, self.items, channels);
                }
            }
        }
        crate::diagnostic::sort(&mut out);
        out
    }
}

/// The elements a pass may walk: an item's, or all but the items'.
#[derive(Clone)]
enum Scope {
    /// The ids of an item and everything in it.
    Item(Range<ElementId>),
    /// All ids but these ranges (the items still in the document), in order.
    Channel(Arc<[Range<ElementId>]>),
}

/// The channel of an `<rss>` document.
pub(super) fn channel_of(doc: &Document) -> Option<ElementId> {
    doc.root()
        .filter(|r| r.is(&Ns::None, "rss"))
        .and_then(|_| doc.child(0, &Ns::None, "channel"))
}

/// The id after the last element inside `id` (elements are stored in document order).
fn subtree_end(doc: &Document, id: ElementId) -> ElementId {
    let Some(end) = doc.get(id).map(|e| e.end) else {
        return id;
    };
    let after = doc.elements.get(id + 1..).unwrap_or_default();
    id + 1 + after.iter().take_while(|e| e.offset < end).count()
}

/// One pass of the rules: the document, the items it covers and where findings go.
pub struct Ctx<'a> {
    /// The document being checked.
    pub doc: &'a Document,
    /// The clock, read once by the caller.
    pub now: DateTime<Utc>,
    /// The `<channel>` element, when there is one under `<rss>`.
    pub channel: Option<ElementId>,
    /// The `<item>` this pass checks: one in an item's pass, none in the channel's.
    pub item: Option<ElementId>,
    scope: Scope,
    file: &'a str,
    profiles: Profiles,
    collected: &'a mut Collected,
    /// The key of the pass's item, once a finding needed it: an item of many elements with a
    /// finding on each would otherwise look its guid up among them each time.
    item_key: std::cell::OnceCell<Option<String>>,
}

impl<'a> Ctx<'a> {
    /// Whether this is the channel's pass, where the rules on the channel's own elements run.
    pub fn in_channel_pass(&self) -> bool {
        matches!(self.scope, Scope::Channel(_))
    }

    /// The channel, in the channel's pass only.
    pub fn channel_pass(&self) -> Option<ElementId> {
        self.channel.filter(|_| self.in_channel_pass())
    }

    /// The elements of this pass, with their ids, in document order: an item's pass walks the
    /// item, the channel's pass everything else.
    pub fn walk(&self) -> Walk<'a> {
        Walk {
            doc: self.doc,
            scope: self.scope.clone(),
            next: match &self.scope {
                Scope::Item(r) => r.start,
                Scope::Channel(_) => 0,
            },
            skip: 0,
        }
    }

    /// The text of the channel's `itunes:type` as read so far (`None` without one). Items ask
    /// it one after another; it is looked up among the channel's elements only when they
    /// changed since the last item, so the time does not grow with items × channel elements.
    pub(super) fn channel_type(&mut self) -> Option<String> {
        let ch = self.channel?;
        let children = self.doc.children(self.doc.get(ch)?).len();
        let seen = &mut self.collected.seen;
        match &seen.channel_type {
            Some((n, text)) if *n == children => text.clone(),
            _ => {
                let text = self
                    .doc
                    .child_text(ch, &Ns::Itunes, "type")
                    .map(str::to_owned);
                seen.channel_type = Some((children, text.clone()));
                text
            }
        }
    }

    /// What the checks across items remember.
    pub(super) fn seen(&mut self) -> &mut Seen {
        &mut self.collected.seen
    }

    /// The element `id` (every id handed out by the document is valid).
    pub fn el(&self, id: ElementId) -> Option<&'a Element> {
        self.doc.get(id)
    }

    /// Reports rule `rule` at byte `offset` (a point), concerning element `el`.
    pub fn emit_at(&mut self, rule: &'static Rule, el: ElementId, offset: usize, message: String) {
        self.emit_span(rule, el, offset..offset, message);
    }

    /// Reports rule `rule` over the bytes `span`, concerning element `el`. Nothing is reported
    /// when the rule's profile is not selected (or it is no feed rule).
    pub fn emit_span(
        &mut self,
        rule: &'static Rule,
        el: ElementId,
        span: Range<usize>,
        message: String,
    ) {
        self.keep(rule, el, span, message, None);
    }

    /// Counts a finding, and makes and keeps it when it is listed (or the first not listed).
    fn keep(
        &mut self,
        rule: &'static Rule,
        el: ElementId,
        span: Range<usize>,
        message: String,
        unless: Option<Unless>,
    ) {
        if !self.selected(rule) {
            return;
        }
        let listed = self.collected.count(rule);
        if matches!(listed, Listed::No) {
            return;
        }
        let d = self.finding(rule, el, span, message);
        self.collected.put(d, listed, unless);
    }

    /// Whether `rule` is a feed rule of a selected profile.
    fn selected(&self, rule: &'static Rule) -> bool {
        rule.family.profile().is_some_and(|p| self.profiles.has(p))
    }

    fn finding(
        &self,
        rule: &'static Rule,
        el: ElementId,
        span: Range<usize>,
        message: String,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(rule, message)
            .at(Label::new(self.file, span))
            .help(format!("run `podfeed explain {rule}`"));
        if self.doc.get(el).is_some() {
            d = d.path(self.doc.path(el));
            if let Some(ep) = self.episode_of(el) {
                d = d.episode(ep);
            }
        }
        d
    }

    /// Reports rule `rule` at element `el`: the whole element when it holds no other element
    /// (so its value is underlined), else its start tag.
    pub fn emit(&mut self, rule: &'static Rule, el: ElementId, message: String) {
        let span = self.el(el).map_or(0..0, |e| self.doc.span_of(e));
        self.emit_span(rule, el, span, message);
    }

    /// [`Ctx::emit`], kept until the channel is known, and dropped `unless` it says so.
    pub(super) fn emit_unless(
        &mut self,
        unless: Unless,
        rule: &'static Rule,
        el: ElementId,
        message: String,
    ) {
        let span = self.el(el).map_or(0..0, |e| self.doc.span_of(e));
        self.keep(rule, el, span, message, Some(unless));
    }

    /// Reports rule `rule` at attribute `attr` of `el`, `name="value"` (or at `el` when it has
    /// no such attribute).
    pub fn emit_attr(&mut self, rule: &'static Rule, el: ElementId, attr: &str, message: String) {
        let span = self.el(el).map_or(0..0, |e| {
            self.doc
                .attr(e, attr)
                .map_or_else(|| self.doc.span_of(e), |a| a.span())
        });
        self.emit_span(rule, el, span, message);
    }

    /// The episode an element belongs to: its item's [`item_key`], found when a finding needs
    /// it (most items have none, so nothing is kept per item).
    pub fn episode_of(&self, el: ElementId) -> Option<String> {
        let mut cur = Some(el);
        while let Some(i) = cur {
            let e = self.doc.get(i)?;
            if self.item == Some(i) {
                return self.item_key.get_or_init(|| item_key(self.doc, i)).clone();
            }
            cur = e.parent;
        }
        None
    }
}

/// The elements of a pass; see [`Ctx::walk`].
pub struct Walk<'a> {
    doc: &'a Document,
    scope: Scope,
    next: ElementId,
    /// The first range of `Scope::Channel` not yet passed.
    skip: usize,
}

impl<'a> Iterator for Walk<'a> {
    type Item = (ElementId, &'a Element);

    fn next(&mut self) -> Option<Self::Item> {
        match &self.scope {
            Scope::Item(r) if self.next >= r.end => return None,
            Scope::Item(_) => {}
            Scope::Channel(skip) => {
                while let Some(r) = skip.get(self.skip)
                    && self.next >= r.start
                {
                    self.next = self.next.max(r.end);
                    self.skip += 1;
                }
            }
        }
        let id = self.next;
        let e = self.doc.get(id)?;
        self.next += 1;
        Some((id, e))
    }
}

/// An item's name in diagnostics: its guid, else its title (empty ones do not count). The rules
/// name every finding about an item this way; `podfeed validate` uses the same name to find
/// those findings again when it renames items by their records' slugs.
pub fn item_key(doc: &Document, item: ElementId) -> Option<String> {
    let text = |local| {
        doc.child_text(item, &Ns::None, local)
            .filter(|s| !s.is_empty())
    };
    text("guid").or_else(|| text("title")).map(str::to_owned)
}
