//! The registry entries of the rules that compare a published feed with the local records
//! (`podfeed validate --feed ID` or `--records DIR`). The comparison lives in `src/compare.rs`.

use super::{Family, Rule};
use crate::diagnostic::Severity::{self, Error, Warning};

/// Shorthand for a compare rule.
const fn compare(
    id: &'static str,
    severity: Severity,
    spec: &'static str,
    summary: &'static str,
    explanation: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        family: Family::Compare,
        summary,
        explanation,
        spec,
    }
}

/// The compare family's rules.
pub(super) const RULES: &[Rule] = &[
    compare(
        "compare.podcast-guid.changed",
        Error,
        "SPEC.md §4",
        "the published podcast:guid differs from the records'",
        "A show's podcast:guid must never change: apps and indexes use it to follow the show across hosts. Pin the published value as `guid` in show.toml.",
    ),
    compare(
        "compare.guid.changed",
        Error,
        "SPEC.md §1.3 (`guid`: must never change)",
        "an episode was published with another guid",
        "An item with the episode's enclosure URL is published under a different guid than the records give. When the guid changes, apps show the episode twice; keep the published guid by setting `guid` in the record.",
    ),
    compare(
        "compare.episode.missing",
        Error,
        "DESIGN.md \"What it is\" (is the published feed the one meant)",
        "an episode that is due is not in the published feed",
        "The records hold an episode whose publication time has passed, but the published feed has no item with its guid or enclosure URL: a build or an upload did not happen.",
    ),
    compare(
        "compare.episode.changed",
        Warning,
        "DESIGN.md \"What it is\" (is the published feed the one meant)",
        "a published episode differs from its record",
        "A field of a published item (title, enclosure, duration, …) differs from what the records now give. Build and publish again if the change is meant to be seen.",
    ),
    compare(
        "compare.episode.extra",
        Warning,
        "DESIGN.md \"What it is\" (is the published feed the one meant)",
        "the published feed has an episode the records do not",
        "An item in the published feed matches no record by guid or enclosure URL: a record was deleted or renamed, or another tool wrote the feed.",
    ),
    compare(
        "compare.feed.stale",
        Error,
        "DESIGN.md \"What it is\" (is the published feed the one meant)",
        "the published feed is older than the records",
        "Episodes are missing from, or out of date in, the published feed although the records changed after its lastBuildDate: run `podfeed build` and publish the output.",
    ),
];
