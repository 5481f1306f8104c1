//! What a rule is: its id, severity, family and explanation ([`Rule`]), the severities
//! ([`Severity`]) and the profiles that select feed rules ([`Profile`]). The rules themselves live
//! in [`crate::rules`], one family per file; a finding is a [`crate::diagnostic::Diagnostic`] made
//! from one of them. This module depends on nothing else in the crate, so both can use it.

mod profile;

pub use profile::{Family, Profile, Profiles};

use serde::Serialize;

/// How serious a finding is. Ordered so that `Error` is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Should be fixed; never fails a run.
    Warning,
    /// Must be fixed: validation fails, a build is refused.
    Error,
}

impl Severity {
    /// The lower-case word used in human and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's description: what `podfeed explain RULE` prints. Each rule is a `static`; two
/// rules are the same when their ids are (ids are unique, a test checks it), and a rule
/// serializes, displays and compares with a string as its id.
#[derive(Clone, Copy)]
pub struct Rule {
    /// Stable id: dot-separated, kebab-case words, e.g. `item.enclosure.length`.
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

impl Rule {
    /// The rule's id.
    pub fn id(&self) -> &'static str {
        self.id
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rule({:?})", self.id)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

impl std::hash::Hash for Rule {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

impl PartialOrd for Rule {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rule {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.id.cmp(other.id)
    }
}

/// A rule equals its id, also through references: `d.rule == "item.enclosure.length"`.
impl PartialEq<str> for Rule {
    fn eq(&self, other: &str) -> bool {
        self.id == other
    }
}

/// JSON and other reports show a rule as its id.
impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id)
    }
}
