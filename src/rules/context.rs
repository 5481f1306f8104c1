//! The state rules share while checking one document: the selection of profiles, the clock,
//! quick access to channel and items, and the collected diagnostics.

use std::ops::Range;

use chrono::{DateTime, Utc};

use super::{Profiles, Rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::feed::{Document, Element, ElementId, Ns};

/// What the rules of one run share.
pub struct Ctx<'a> {
    /// The document being checked.
    pub doc: &'a Document,
    /// The clock, read once by the caller.
    pub now: DateTime<Utc>,
    /// The `<channel>` element, when there is one under `<rss>`.
    pub channel: Option<ElementId>,
    /// The `<item>` children of the channel, in order.
    pub items: Vec<ElementId>,
    file: &'a str,
    profiles: Profiles,
    out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    /// Prepares a run over `doc`, shown as `file`.
    pub fn new(file: &'a str, doc: &'a Document, profiles: &Profiles, now: DateTime<Utc>) -> Self {
        let channel = doc
            .root()
            .filter(|r| r.is(&Ns::None, "rss"))
            .and_then(|_| doc.child(0, &Ns::None, "channel"));
        let items: Vec<ElementId> = channel
            .map(|c| doc.children_named(c, &Ns::None, "item").collect())
            .unwrap_or_default();
        Ctx {
            doc,
            now,
            channel,
            items,
            file,
            profiles: *profiles,
            out: Vec::new(),
        }
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
        if !rule.family.profile().is_some_and(|p| self.profiles.has(p)) {
            return;
        }
        let mut d = Diagnostic::new(rule, message)
            .at(Label::new(self.file, span))
            .help(format!("run `podfeed explain {rule}`"));
        if self.doc.get(el).is_some() {
            d = d.path(self.doc.path(el));
            if let Some(ep) = self.episode_of(el) {
                d = d.episode(ep);
            }
        }
        self.out.push(d);
    }

    /// Reports rule `rule` at element `el`: the whole element when it holds no other element
    /// (so its value is underlined), else its start tag.
    pub fn emit(&mut self, rule: &'static Rule, el: ElementId, message: String) {
        let span = self.el(el).map_or(0..0, |e| self.doc.span_of(e));
        self.emit_span(rule, el, span, message);
    }

    /// Reports rule `rule` at attribute `attr` of `el`, `name="value"` (or at `el` when it has
    /// no such attribute).
    pub fn emit_attr(&mut self, rule: &'static Rule, el: ElementId, attr: &str, message: String) {
        let span = self.el(el).map_or(0..0, |e| {
            e.attr(attr)
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
            if self.items.binary_search(&i).is_ok() {
                return item_key(self.doc, i);
            }
            cur = e.parent;
        }
        None
    }

    /// The diagnostics, in [`crate::diagnostic::sort`] order.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        crate::diagnostic::sort(&mut self.out);
        self.out
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
