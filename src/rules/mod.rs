//! The validator's rules: one family per file, each rule with a stable id, a severity and a
//! profile, listed in one registry ([`all`]) that `podfeed explain` prints. The registry also
//! holds the rules the tool's other checks emit (records, links, fetch, compare), so every id a
//! user can see is explained; tests/rule_ids.rs keeps it in step with the source.
//!
//! Entry points: [`check_feed`] (bytes → diagnostics; the builder calls it on the feed it
//! rendered) and [`check_document`] (an already parsed [`Document`]).

mod channel;
mod compare;
mod contact;
mod context;
mod dates;
pub mod explain;
mod item;
mod itunes;
mod links;
mod podcast;
mod profile;
mod quote;
mod records;
pub mod rfc822;
mod text;
mod urls;
mod xml;

use chrono::{DateTime, Utc};

pub use context::{Ctx, item_key};
pub use profile::{Family, Profile, Profiles};

use crate::diagnostic::{Diagnostic, Severity};
use crate::feed::{self, Document};

/// A rule's description: what `podfeed explain RULE` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable dotted id, e.g. `item.enclosure.length`.
    pub id: &'static str,
    /// Severity of every diagnostic the rule gives.
    pub severity: Severity,
    /// The check that gives the rule; for a feed rule, the profile whose selection turns it on.
    pub family: Family,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Why, and what to do about it.
    pub explanation: &'static str,
    /// Where the rule comes from, e.g. `SPEC.md §8.1`.
    pub spec: &'static str,
}

/// Shorthand for a feed [`Rule`] in the family tables.
const fn rule(
    id: &'static str,
    severity: Severity,
    profile: Profile,
    spec: &'static str,
    summary: &'static str,
    explanation: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        family: Family::Feed(profile),
        summary,
        explanation,
        spec,
    }
}

/// Every rule the tool emits, grouped by family, in a stable order: the feed rules first.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    xml::RULES
        .iter()
        .chain(channel::RULES)
        .chain(item::RULES)
        .chain(itunes::RULES)
        .chain(podcast::RULES)
        .chain(dates::RULES)
        .chain(text::RULES)
        .chain(contact::RULES)
        .chain(urls::RULES)
        .chain(records::RULES)
        .chain(links::RULES)
        .chain(compare::RULES)
}

/// The feed validator's rules: those a profile turns on.
pub fn feed_rules() -> impl Iterator<Item = &'static Rule> {
    all().filter(|r| r.family.profile().is_some())
}

/// The rule with id `id`.
pub fn find(id: &str) -> Option<&'static Rule> {
    all().find(|r| r.id == id)
}

/// Validates feed bytes: parses them and runs the rules of the selected profiles.
///
/// `name` is the file name or URL shown in locations; `now` is the clock, used for dates in the
/// future. The result is sorted by position, then rule id. Never panics on any input.
pub fn check_feed(
    name: &str,
    bytes: &[u8],
    profiles: &Profiles,
    now: DateTime<Utc>,
) -> Vec<Diagnostic> {
    let doc = feed::parse(bytes);
    check_document(name, &doc, profiles, now)
}

/// A validated feed: its decoded text (for showing source lines) and the diagnostics.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The feed decoded to UTF-8; diagnostic positions point into it.
    pub text: String,
    /// The findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Like [`check_feed`], but also returns the decoded text, which the human report needs.
pub fn validate_bytes(
    name: &str,
    bytes: &[u8],
    profiles: &Profiles,
    now: DateTime<Utc>,
) -> Checked {
    let doc = feed::parse(bytes);
    let diagnostics = check_document(name, &doc, profiles, now);
    Checked {
        text: doc.text,
        diagnostics,
    }
}

/// Runs the rules on a parsed document. When the XML was not well-formed only the parse
/// problems are reported (the tree is partial).
pub fn check_document(
    name: &str,
    doc: &Document,
    profiles: &Profiles,
    now: DateTime<Utc>,
) -> Vec<Diagnostic> {
    let mut ctx = Ctx::new(name, doc, profiles, now);
    xml::check(&mut ctx);
    if !doc.fatal {
        channel::check(&mut ctx);
        item::check(&mut ctx);
        itunes::check(&mut ctx);
        podcast::check(&mut ctx);
        dates::check(&mut ctx);
        text::check(&mut ctx);
        contact::check(&mut ctx);
        urls::check(&mut ctx);
    }
    ctx.finish()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn rule_ids_are_unique_dotted_and_explained() {
        let mut seen = HashSet::new();
        for r in all() {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            assert!(r.id.contains('.'), "{} is not dotted", r.id);
            let prefix = r.id.split('.').next().unwrap_or_default();
            let family_prefix = match r.family {
                Family::Feed(_) => None,
                Family::Records => Some("record"),
                Family::Links => Some("link"),
                Family::Fetch => Some("fetch"),
                Family::Compare => Some("compare"),
            };
            if let Some(want) = family_prefix {
                assert_eq!(prefix, want, "{} is in the wrong family", r.id);
            } else {
                assert!(
                    !["record", "link", "fetch", "compare"].contains(&prefix),
                    "{} is a feed rule with another family's prefix",
                    r.id
                );
            }
            assert!(
                ["SPEC.md", "DESIGN.md", "XML"]
                    .iter()
                    .any(|s| r.spec.contains(s)),
                "{} cites no source",
                r.id
            );
            assert!(
                !r.summary.is_empty() && !r.explanation.is_empty(),
                "{}",
                r.id
            );
        }
    }
}
