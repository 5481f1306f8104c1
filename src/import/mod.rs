//! A published RSS feed → podfeed's records (issue 13): `show.toml` and one episode record per
//! item, as TOML text, with a warning for everything the records cannot carry.
//!
//! The feed is read by the validator's parser ([`crate::feed::parse_with_limits`], the same
//! limits, so hostile feeds are refused the same way). Two defects apps read past are read past
//! here too, each with an `record.import.lenient` warning: text before the XML declaration, and a
//! well-known prefix (`itunes:`…) used without its declaration. Pure: no disk, network or clock.

mod channel;
mod item;
pub mod slug;
mod tags;
mod unmapped;

use crate::diagnostic::{Diagnostic, Label};
use crate::feed::{self, Document, Limits, Ns};
use crate::rules::records as rules;

/// What an import produces: the records' text, and what could not be carried.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// `show.toml`.
    pub show: String,
    /// One record per imported item, sorted by slug (so by date).
    pub episodes: Vec<ImportedEpisode>,
    /// Warnings, located in [`Imported::text`] under the name the import was given.
    pub warnings: Vec<Diagnostic>,
    /// The text the warnings point into: the decoded feed, with the lenient repairs made.
    pub text: String,
}

/// One item as a record.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedEpisode {
    /// The record's file stem, `YYYY-MM-DD-title-words`.
    pub slug: String,
    /// The record's TOML text.
    pub record: String,
    /// The item's transcripts, to download (`--download`) in this order: one is kept per
    /// language, the show's language first.
    pub transcripts: Vec<TranscriptLink>,
    /// The item's `podcast:chapters` URL, to download (`--download`).
    pub chapters: Option<String>,
    /// The enclosure had no usable length (imported as 0): its URL, to measure.
    pub missing_length: Option<String>,
    /// The item has an `itunes:episode` number.
    pub numbered: bool,
}

/// A `podcast:transcript` of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptLink {
    /// Where the file is.
    pub url: String,
    /// Its declared MIME type.
    pub mime: String,
    /// Its declared language, if any (lower case).
    pub language: Option<String>,
    /// In the show's language (or no language said): kept as `<slug>.<ext>`.
    pub main: bool,
}

/// Where the feed came from, and what it is called in messages.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The name warnings are labelled with (a path or URL as the user gave it).
    pub name: &'a str,
    /// The URL the feed was published at, when known: the `podcast:guid` is derived from it when
    /// the feed has none (SPEC.md §4).
    pub url: Option<&'a str>,
}

/// Prefixes a lenient reader binds when a feed uses them undeclared, with their URIs.
const WELL_KNOWN: [(&str, &str); 6] = [
    ("itunes", feed::ns::ITUNES),
    ("podcast", feed::ns::PODCAST),
    ("content", feed::ns::CONTENT),
    ("atom", feed::ns::ATOM),
    ("googleplay", feed::ns::GOOGLEPLAY),
    ("spotify", feed::ns::SPOTIFY),
];

/// Imports feed `bytes`. `Err` holds the findings that stop it (the feed cannot be
/// read, or is not RSS); nothing is to be written then.
pub fn import(
    bytes: &[u8],
    source: Source<'_>,
    limits: Limits,
) -> Result<Imported, Vec<Diagnostic>> {
    let (doc, mut warnings) = read_leniently(bytes, source.name, limits)?;
    let Some(channel) = channel_of(&doc) else {
        let at = doc.root().map_or(0, |r| r.offset as usize);
        return Err(vec![
            Diagnostic::new(
                &rules::IMPORT_NOT_RSS,
                "the document is not an RSS feed: expected <rss> with a <channel>",
            )
            .at(Label::point(source.name, at)),
        ]);
    };
    let mut ctx = Ctx {
        doc: &doc,
        name: source.name,
        warnings: Vec::new(),
        unmapped: unmapped::Unmapped::default(),
    };
    let mut show = channel::show(&mut ctx, channel, source.url);
    let episodes = item::episodes(&mut ctx, channel, &show.language);
    let serial = show.table.get("type").and_then(toml::Value::as_str) == Some("serial");
    if serial && episodes.iter().any(|e| !e.numbered) {
        // A serial show's records need every episode's number (SPEC.md §1.2 itunes:type).
        show.table.remove("type");
        let at = ctx
            .doc
            .child(channel, &Ns::Itunes, "type")
            .unwrap_or(channel);
        let m = "the show is serial but some items have no <itunes:episode>: imported as episodic; number the episodes and set `type = \"serial\"`";
        ctx.warn(&rules::IMPORT_VALUE, at, m.into());
    }
    let show_text = toml::to_string(&show.table).unwrap_or_default();
    ctx.unmapped.report(&mut ctx.warnings, &doc, source.name);
    warnings.append(&mut ctx.warnings);
    crate::diagnostic::sort(&mut warnings);
    Ok(Imported {
        show: show_text,
        episodes,
        warnings,
        text: doc.into_text(),
    })
}

/// What the mappings share: the document, its name, the warnings so far and the elements left.
pub(crate) struct Ctx<'a> {
    doc: &'a Document,
    name: &'a str,
    warnings: Vec<Diagnostic>,
    unmapped: unmapped::Unmapped,
}

impl Ctx<'_> {
    /// Warns `rule` at element `id`'s span.
    fn warn(&mut self, rule: &'static crate::rule::Rule, id: usize, message: String) {
        let span = self.doc.get(id).map_or(0..0, |e| self.doc.span_of(e));
        self.warnings
            .push(Diagnostic::new(rule, message).at(Label::new(self.name, span)));
    }

    /// The trimmed text of child `ns:local` of `id`, when not empty.
    fn text(&self, id: usize, ns: &Ns, local: &str) -> Option<String> {
        self.doc
            .child_text(id, ns, local)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    }

    /// Attribute `attr` of child `ns:local` of `id`, trimmed, when not empty.
    fn attr(&self, id: usize, ns: &Ns, local: &str, attr: &str) -> Option<String> {
        self.doc
            .child(id, ns, local)
            .and_then(|c| self.doc.get(c))
            .and_then(|e| self.doc.attr_value(e, attr))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }
}

/// `<rss><channel>`: the channel's id.
fn channel_of(doc: &Document) -> Option<usize> {
    let root = doc.root()?;
    if !root.is(&Ns::None, "rss") {
        return None;
    }
    doc.child(0, &Ns::None, "channel")
}

/// Parses the feed, reading past the two defects apps tolerate. `Err` when it still is not
/// well-formed: the parser's findings, located.
fn read_leniently(
    bytes: &[u8],
    name: &str,
    limits: Limits,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    let mut owned;
    let mut input = bytes;
    let lead = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let decl_end = bytes[lead..]
        .starts_with(b"<?xml")
        .then(|| bytes[lead..].windows(2).position(|w| w == b"?>"))
        .flatten();
    if lead > 0
        && let Some(end) = decl_end
    {
        // The declaration moves to the front and the blank text after it: every line stays.
        let decl = &bytes[lead..lead + end + 2];
        owned = [decl, &bytes[..lead], &bytes[lead + end + 2..]].concat();
        input = &owned;
        warnings.push(
            Diagnostic::new(
                &rules::IMPORT_LENIENT,
                "blank text before the XML declaration: read past",
            )
            .at(Label::point(name, 0)),
        );
    }
    let mut doc = feed::parse_with_limits(input, limits);
    // Each round binds one undeclared prefix; there are only so many well-known ones.
    for _ in 0..WELL_KNOWN.len() {
        let Some((prefix, uri)) = unbound_well_known(&doc) else {
            break;
        };
        let Some(text) = declare(&doc.text, prefix, uri) else {
            break;
        };
        let at = doc.problems.last().map_or(0, |p| p.offset);
        warnings.push(
            Diagnostic::new(
                &rules::IMPORT_LENIENT,
                format!("prefix \"{prefix}:\" is used without its declaration: read as {uri}"),
            )
            .at(Label::point(name, at)),
        );
        owned = text.into_bytes();
        doc = feed::parse_with_limits(&owned, limits);
    }
    if doc.fatal {
        let profiles = crate::rule::Profiles::default();
        let errors =
            crate::rules::check_document(name, &doc, &profiles, chrono::DateTime::UNIX_EPOCH)
                .into_iter()
                .filter(|d| d.severity() == crate::diagnostic::Severity::Error)
                .collect();
        return Err(errors);
    }
    Ok((doc, warnings))
}

/// The well-known prefix whose missing declaration stopped the parser, if that is what did.
fn unbound_well_known(doc: &Document) -> Option<(&'static str, &'static str)> {
    if !doc.fatal {
        return None;
    }
    let message = &doc.problems.last()?.message;
    WELL_KNOWN
        .iter()
        .find(|(p, _)| message.starts_with(&format!("prefix \"{p}\" ")))
        .copied()
}

/// `text` with `xmlns:prefix="uri"` added to the `<rss` start tag (on its line, so every line
/// number after it stays).
fn declare(text: &str, prefix: &str, uri: &str) -> Option<String> {
    let at = text.find("<rss")? + "<rss".len();
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..at]);
    out.push_str(&format!(" xmlns:{prefix}=\"{uri}\""));
    out.push_str(&text[at..]);
    Some(out)
}

#[cfg(test)]
mod tests;
