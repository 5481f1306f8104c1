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

/// `compare.podcast-guid.changed`: the published podcast:guid differs from the records'.
pub static COMPARE_PODCAST_GUID_CHANGED: Rule = compare(
    "compare.podcast-guid.changed",
    Error,
    "SPEC.md §4",
    "the published podcast:guid differs from the records'",
    "A show's podcast:guid must never change: apps and indexes use it to follow the show across hosts. Pin the published value as `guid` in show.toml.",
);

/// `compare.guid.changed`: an episode was published with another guid.
pub static COMPARE_GUID_CHANGED: Rule = compare(
    "compare.guid.changed",
    Error,
    "SPEC.md §1.3 (`guid`: must never change)",
    "an episode was published with another guid",
    "An item with the episode's enclosure URL is published under a different guid than the records give. When the guid changes, apps show the episode twice; keep the published guid by setting `guid` in the record.",
);

/// `compare.episode.missing`: an episode that is due is not in the published feed.
pub static COMPARE_EPISODE_MISSING: Rule = compare(
    "compare.episode.missing",
    Error,
    "DESIGN.md \"What it is\" (is the published feed the one meant)",
    "an episode that is due is not in the published feed",
    "The records hold an episode whose publication time has passed, but the published feed has no item with its guid or enclosure URL: a build or an upload did not happen.",
);

/// `compare.episode.changed`: a published episode differs from its record.
pub static COMPARE_EPISODE_CHANGED: Rule = compare(
    "compare.episode.changed",
    Warning,
    "DESIGN.md \"What it is\" (is the published feed the one meant)",
    "a published episode differs from its record",
    "A field of a published item (title, enclosure, duration, …) differs from what the records now give. Build and publish again if the change is meant to be seen.",
);

/// `compare.episode.extra`: the published feed has an episode the records do not.
pub static COMPARE_EPISODE_EXTRA: Rule = compare(
    "compare.episode.extra",
    Warning,
    "DESIGN.md \"What it is\" (is the published feed the one meant)",
    "the published feed has an episode the records do not",
    "An item in the published feed matches no record by guid or enclosure URL: a record was deleted or renamed, or another tool wrote the feed.",
);

/// `compare.feed.stale`: the published feed is older than the records.
pub static COMPARE_FEED_STALE: Rule = compare(
    "compare.feed.stale",
    Error,
    "DESIGN.md \"What it is\" (is the published feed the one meant)",
    "the published feed is older than the records",
    "Episodes are missing from, or out of date in, the published feed although the records changed after its lastBuildDate: run `podfeed build` and publish the output.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &COMPARE_PODCAST_GUID_CHANGED,
    &COMPARE_GUID_CHANGED,
    &COMPARE_EPISODE_MISSING,
    &COMPARE_EPISODE_CHANGED,
    &COMPARE_EPISODE_EXTRA,
    &COMPARE_FEED_STALE,
];
