//! The validator's rules: one family per file, each rule a `pub static` [`Rule`] with a stable
//! id, a severity and a profile, listed in one registry ([`all`]) that `podfeed explain` prints.
//! The registry also holds the rules the tool's other checks emit (records, links, fetch,
//! compare), so every id a user can see is explained. A finding is made from the rule itself
//! ([`Diagnostic::new`]), which gives it its severity: an id that is not a rule, or a severity
//! other than the rule's, cannot be written.
//!
//! Entry points: [`check_feed`] (bytes → diagnostics; the builder calls it on the feed it
//! rendered) and [`check_document`] (an already parsed [`Document`]).

mod aliases;
pub mod channel;
pub mod chapters;
pub mod compare;
pub mod contact;
mod context;
pub mod dates;
pub mod explain;
pub mod item;
pub mod itunes;
pub mod links;
pub mod podcast;
pub mod podcast_media;
pub mod podcast_show;
pub mod records;
pub mod rfc822;
pub mod rss_optional;
pub mod text;
pub mod urls;
pub mod value;
pub mod xml;

use chrono::{DateTime, Utc};

pub use crate::rule::{Family, Profile, Profiles, Rule};
pub use aliases::{RENAMED, renamed};
pub use context::{Check, Ctx, MAX_FINDINGS_PER_RULE, item_key};

use crate::diagnostic::{Diagnostic, Severity};
use crate::feed::{self, Document};

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
        .chain(rss_optional::RULES)
        .chain(item::RULES)
        .chain(itunes::RULES)
        .chain(podcast::RULES)
        .chain(podcast_media::RULES)
        .chain(chapters::RULES)
        .chain(podcast_show::RULES)
        .chain(value::RULES)
        .chain(dates::RULES)
        .chain(text::RULES)
        .chain(contact::RULES)
        .chain(urls::RULES)
        .chain(records::RULES)
        .chain(links::RULES)
        .chain(compare::RULES)
        .copied()
}

/// The feed validator's rules: those a profile turns on.
pub fn feed_rules() -> impl Iterator<Item = &'static Rule> {
    all().filter(|r| r.family.profile().is_some())
}

/// The rule with id `id` (its current id; see [`renamed`] for the old ones).
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
    validate_bytes(name, bytes, profiles, now).diagnostics
}

/// A validated feed: its decoded text (for showing source lines) and the diagnostics.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The feed decoded to UTF-8; diagnostic positions point into it.
    pub text: String,
    /// The findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Like [`check_feed`], but also returns the decoded text, which the human report needs. Each
/// item is checked as it is read and then dropped ([`feed::stream`]): memory follows the
/// largest item, not the number of items. A large feed's items are checked on a second thread
/// while the next ones are read ([`feed::stream_parallel`]).
pub fn validate_bytes(
    name: &str,
    bytes: &[u8],
    profiles: &Profiles,
    now: DateTime<Utc>,
) -> Checked {
    let mut check = Check::new(name, profiles, now);
    let limits = feed::Limits::default();
    let doc = if feed::worth_two_threads(bytes.len()) {
        feed::stream_parallel(bytes, limits, &mut check)
    } else {
        feed::stream(bytes, limits, &mut check)
    };
    checked(check, doc)
}

/// [`validate_bytes`] of bytes it may keep: a UTF-8 feed becomes the checked text without a copy
/// ([`feed::decode::decode_owned`]), and comes back as [`Checked::text`].
pub fn validate_owned(
    name: &str,
    bytes: Vec<u8>,
    profiles: &Profiles,
    now: DateTime<Utc>,
) -> Checked {
    let mut check = Check::new(name, profiles, now);
    let limits = feed::Limits::default();
    let doc = if feed::worth_two_threads(bytes.len()) {
        feed::stream_owned_parallel(bytes, limits, &mut check)
    } else {
        feed::stream_owned(bytes, limits, &mut check)
    };
    checked(check, doc)
}

/// The findings of a validation, with the text they point into.
fn checked(check: Check<'_>, doc: Document) -> Checked {
    let diagnostics = check.conclude(&doc);
    Checked {
        text: doc.into_text(),
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
    let mut check = Check::new(name, profiles, now);
    if !doc.fatal
        && let Some(ch) = context::channel_of(doc)
    {
        for item in doc.children_named(ch, &feed::Ns::None, "item") {
            check.item(doc, item);
        }
    }
    check.conclude(doc)
}

impl Check<'_> {
    /// The pass of item `item` of `doc`: every family's rules on it.
    pub fn item(&mut self, doc: &Document, item: feed::ElementId) {
        families(&mut self.item_pass(doc, item));
    }

    /// The channel's pass over `doc` (the rest of the document once the items are checked),
    /// then the findings of every pass, sorted. When the XML was not well-formed only the parse
    /// problems are reported (the tree is partial).
    pub fn conclude(mut self, doc: &Document) -> Vec<Diagnostic> {
        if doc.fatal {
            self.forget();
            xml::check(&mut self.channel_pass(doc));
        } else {
            families(&mut self.channel_pass(doc));
        }
        let serial = context::channel_of(doc).is_some_and(|ch| itunes::is_serial(doc, ch));
        self.settle(serial);
        self.finish(doc)
    }
}

/// A streaming parse hands each item to the check as it closes.
impl feed::ItemSink for Check<'_> {
    fn item(&mut self, doc: &Document, item: feed::ElementId) {
        self.streaming();
        Check::item(self, doc, item);
    }
}

/// Every family, in one pass: each runs what concerns the pass (an item, or the channel).
fn families(ctx: &mut Ctx<'_>) {
    xml::check(ctx);
    channel::check(ctx);
    rss_optional::check(ctx);
    item::check(ctx);
    itunes::check(ctx);
    podcast::check(ctx);
    podcast_media::check(ctx);
    chapters::check(ctx);
    podcast_show::check(ctx);
    value::check(ctx);
    dates::check(ctx);
    text::check(ctx);
    contact::check(ctx);
    urls::check(ctx);
}

/// A rule's example on the minimal feed (`tests/fixtures/feeds/minimal.xml`): (rule, text of the
/// feed, the wrong text that replaces it and makes the rule fire). The tests check each one
/// fires; `podfeed explain` shows the pair as a wrong and a right example.
pub(crate) type Mutation = (&'static Rule, &'static str, &'static str);

/// Every family's mutations of the minimal feed.
const MUTATION_TABLES: &[&[Mutation]] = &[
    xml::MUTATIONS,
    channel::MUTATIONS,
    rss_optional::MUTATIONS,
    item::MUTATIONS,
    itunes::MUTATIONS,
    podcast::MUTATIONS,
    podcast_media::MUTATIONS,
    chapters::MUTATIONS,
    podcast_show::MUTATIONS,
    value::MUTATIONS,
    dates::MUTATIONS,
    text::MUTATIONS,
    contact::MUTATIONS,
    urls::MUTATIONS,
];

/// Examples of the rules whose failing mutations are too long or too binary for the tables
/// (each family's `generated()`, which the registry test runs): (rule, wrong, right), shortened
/// with `…` where the real text would fill a screen.
const ILLUSTRATED: &[(&Rule, &str, &str)] = &[
    (
        &xml::XML_ENCODING_INVALID,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?> … <title>Caf\\xE9</title>   (the byte E9: é in Latin-1, not UTF-8)",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?> … <title>Café</title>   (é as the UTF-8 bytes C3 A9)",
    ),
    (
        &xml::XML_LIMITS,
        "<description><b><b><b> … 200 levels deep … </b></b></b></description>",
        "<description>We start.</description>",
    ),
    (
        &podcast::PODCAST_VALUE_TOO_LONG,
        "<podcast:funding url=\"https://example.org/give\">Support the show by … (200 characters)</podcast:funding>",
        "<podcast:funding url=\"https://example.org/give\">Support the show</podcast:funding>",
    ),
    (
        &chapters::PODCAST_CHAPTERS_SHARED,
        "<item> … <podcast:chapters url=\"https://example.org/ep1.chapters.json\" …/> </item>\n<item> … <podcast:chapters url=\"https://example.org/ep1.chapters.json\" …/> </item>",
        "<item> … <podcast:chapters url=\"https://example.org/ep1.chapters.json\" …/> </item>\n<item> … <podcast:chapters url=\"https://example.org/ep2.chapters.json\" …/> </item>",
    ),
    (
        &text::TEXT_TOO_LONG,
        "<title>Feed notes Feed notes Feed notes … (330 characters)</title>",
        "<title>First episode</title>",
    ),
    (
        &text::TEXT_DESCRIPTION_TOO_LONG,
        "<description>We start. We start. We start. … (4,200 bytes)</description>",
        "<description>We start.</description>",
    ),
    (
        &text::TEXT_LEGACY_TOO_LONG,
        "<itunes:subtitle>Feed notes Feed notes … (330 characters)</itunes:subtitle>",
        "<itunes:subtitle>Feed notes, episode one</itunes:subtitle>",
    ),
];

/// The first example of `rule` as (wrong, right) snippets of a feed, when it has one.
fn example(rule: &Rule) -> Option<(&'static str, &'static str)> {
    MUTATION_TABLES
        .iter()
        .flat_map(|t| t.iter())
        .find(|(r, _, _)| r.id == rule.id)
        .map(|&(_, right, wrong)| (wrong, right))
        .or_else(|| {
            ILLUSTRATED
                .iter()
                .find(|(r, _, _)| r.id == rule.id)
                .map(|&(_, wrong, right)| (wrong, right))
        })
}

/// The feed rules' fixture: a minimal valid feed (SPEC.md) and helpers to mutate it. Each
/// family keeps its mutations beside its rules (`MUTATIONS`, and `generated()` for the long ones).
#[cfg(test)]
mod fixture {
    use chrono::{DateTime, TimeZone, Utc};

    use super::{Mutation, Profiles, Rule, check_feed};

    /// A feed with no finding under any profile.
    pub const MINIMAL: &str = include_str!("../../tests/fixtures/feeds/minimal.xml");

    /// The clock the fixture is checked at.
    pub fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .expect("valid date")
    }

    /// [`MINIMAL`] with `from` replaced by `to`.
    pub fn with(from: &str, to: &str) -> Vec<u8> {
        MINIMAL.replace(from, to).into_bytes()
    }

    /// Each mutation as (rule, mutated feed bytes); the text it replaces must be in the fixture.
    pub fn mutated(mutations: &[Mutation]) -> Vec<(&'static Rule, Vec<u8>)> {
        mutations
            .iter()
            .map(|&(rule, from, to)| {
                assert!(MINIMAL.contains(from), "{rule}: fixture lacks {from:?}");
                (rule, with(from, to))
            })
            .collect()
    }

    /// Every family's mutations.
    pub fn all() -> Vec<(&'static Rule, Vec<u8>)> {
        let mut out: Vec<_> = super::MUTATION_TABLES
            .iter()
            .flat_map(|t| mutated(t))
            .collect();
        out.extend(super::xml::generated());
        out.extend(super::podcast::generated());
        out.extend(super::chapters::generated());
        out.extend(super::text::generated());
        out
    }

    /// Checks that each mutated feed gives a finding of its rule (among others).
    pub fn assert_each_fires(cases: &[(&'static Rule, Vec<u8>)]) {
        let mut failures = Vec::new();
        for (rule, bytes) in cases {
            let got: Vec<&str> = check_feed("feed.xml", bytes, &Profiles::all(), now())
                .into_iter()
                .map(|d| d.rule.id)
                .collect();
            if !got.contains(&rule.id) {
                failures.push(format!("{rule}: got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }
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

    #[test]
    fn minimal_feed_is_clean_under_every_profile() {
        for p in Profile::ALL {
            let d = check_feed(
                "minimal.xml",
                fixture::MINIMAL.as_bytes(),
                &Profiles::only(&[p]),
                fixture::now(),
            );
            assert!(d.is_empty(), "{p}: {d:#?}");
        }
    }

    /// The fixture with its item written three times (so paths carry `item[n]` and the
    /// checks across items have something to find), and a channel element among them.
    fn three_items(feed: &[u8]) -> Vec<u8> {
        let text = String::from_utf8_lossy(feed);
        let (Some(start), Some(end)) = (text.find("<item>"), text.rfind("</item>")) else {
            return feed.to_vec();
        };
        let item = &text[start..end + "</item>".len()];
        let second = item.replace("ep1", "ep2");
        // A channel element between two items: the channel the items see changes mid-feed.
        format!(
            "{}{item}\n{second}\n<copyright>CC BY</copyright>{item}{}",
            &text[..start],
            &text[end + 7..]
        )
        .into_bytes()
    }

    #[test]
    fn checking_items_as_they_are_read_finds_what_checking_the_whole_tree_finds() {
        let cases = fixture::all();
        assert!(cases.len() > 100, "{} cases", cases.len());
        for (rule, bytes) in cases {
            for feed in [bytes.clone(), three_items(&bytes)] {
                let streamed = check_feed("feed.xml", &feed, &Profiles::all(), fixture::now());
                let doc = feed::parse(&feed);
                let whole = check_document("feed.xml", &doc, &Profiles::all(), fixture::now());
                assert_eq!(
                    streamed,
                    whole,
                    "{rule}: {}",
                    String::from_utf8_lossy(&feed)
                );
                // The same with the items checked on a second thread.
                let mut check = Check::new("feed.xml", &Profiles::all(), fixture::now());
                let doc = feed::stream_parallel(&feed, feed::Limits::default(), &mut check);
                assert_eq!(check.conclude(&doc), whole, "{rule} on two threads");
            }
        }
    }

    #[test]
    fn a_type_written_after_the_items_still_decides_what_a_serial_show_asks() {
        let serial = fixture::with(
            "  </channel>",
            "  <itunes:type>serial</itunes:type>\n  </channel>",
        );
        let got = check_feed("feed.xml", &serial, &Profiles::all(), fixture::now());
        let found: Vec<&str> = got.iter().map(|d| d.rule.id).collect();
        assert!(
            found.contains(&itunes::ITUNES_TYPE_SERIAL_EPISODE.id),
            "{found:?}"
        );
        let episodic = fixture::with(
            "  </channel>",
            "  <itunes:type>episodic</itunes:type>\n  </channel>",
        );
        let got = check_feed("feed.xml", &episodic, &Profiles::all(), fixture::now());
        assert!(got.is_empty(), "{got:#?}");
    }

    /// The findings on a feed of `n` items with neither `itunes:duration` nor `itunes:episode`;
    /// `serial`: the channel says `serial` after the items.
    fn bare_items(n: usize, serial: bool) -> Vec<Diagnostic> {
        let mut s = String::from(
            "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel>",
        );
        for i in 0..n {
            s.push_str(&format!(
                "<item><title>E{i}</title><guid isPermaLink=\"false\">g{i}</guid></item>\n"
            ));
        }
        if serial {
            s.push_str("<itunes:type>serial</itunes:type>");
        }
        s.push_str("</channel></rss>");
        check_feed("feed.xml", s.as_bytes(), &Profiles::all(), fixture::now())
    }

    /// The findings of `rule` among `found`.
    fn of<'d>(found: &'d [Diagnostic], rule: &Rule) -> Vec<&'d Diagnostic> {
        found.iter().filter(|d| d.rule.id == rule.id).collect()
    }

    #[test]
    fn a_rule_broken_in_every_item_lists_its_first_findings_and_counts_the_rest() {
        let n = context::MAX_FINDINGS_PER_RULE + 50;
        let found = bare_items(n, true);
        for rule in [
            &itunes::ITEM_ITUNES_DURATION_MISSING,
            &itunes::ITUNES_TYPE_SERIAL_EPISODE,
        ] {
            let got = of(&found, rule);
            assert_eq!(got.len(), context::MAX_FINDINGS_PER_RULE + 1, "{}", rule.id);
            // One of them is the count, at the first item not listed.
            let counts: Vec<_> = got
                .iter()
                .filter(|d| d.message.contains("more findings"))
                .collect();
            assert_eq!(counts.len(), 1, "{}", rule.id);
            assert!(
                counts[0]
                    .message
                    .starts_with("50 more findings of this rule"),
                "{}",
                counts[0].message
            );
            let first_not_listed =
                format!("/rss/channel/item[{}]", context::MAX_FINDINGS_PER_RULE + 1);
            assert_eq!(counts[0].path.as_deref(), Some(first_not_listed.as_str()));
        }
        // Not serial: the findings that waited on the type go, and their count with them.
        let found = bare_items(n, false);
        assert!(of(&found, &itunes::ITUNES_TYPE_SERIAL_EPISODE).is_empty());
        assert_eq!(
            of(&found, &itunes::ITEM_ITUNES_DURATION_MISSING).len(),
            context::MAX_FINDINGS_PER_RULE + 1
        );
        // Under the limit, every finding is listed.
        let found = bare_items(context::MAX_FINDINGS_PER_RULE, false);
        let got = of(&found, &itunes::ITEM_ITUNES_DURATION_MISSING);
        assert_eq!(got.len(), context::MAX_FINDINGS_PER_RULE);
        assert!(got.iter().all(|d| !d.message.contains("more findings")));
    }

    #[test]
    fn each_mutation_fires_its_rule() {
        fixture::assert_each_fires(&fixture::all());
    }

    #[test]
    fn every_rule_in_the_registry_has_a_failing_mutation() {
        // Every feed rule can fire on an <rss> document, so none is exempt.
        let covered: Vec<&Rule> = fixture::all().into_iter().map(|(r, _)| r).collect();
        let missing: Vec<&str> = feed_rules()
            .filter(|r| !covered.contains(r))
            .map(|r| r.id)
            .collect();
        assert!(
            missing.is_empty(),
            "rules without a failing mutation: {missing:?}"
        );
    }

    #[test]
    fn every_feed_rule_has_a_wrong_and_a_right_example_for_explain() {
        let missing: Vec<&str> = feed_rules()
            .filter(|r| example(r).is_none())
            .map(|r| r.id)
            .collect();
        assert!(missing.is_empty(), "rules without an example: {missing:?}");
        // An illustrated rule is one whose mutation is generated, not a table's: no rule twice.
        for (r, _, _) in ILLUSTRATED {
            assert!(
                MUTATION_TABLES
                    .iter()
                    .flat_map(|t| t.iter())
                    .all(|(m, _, _)| m.id != r.id),
                "{} has a table mutation and an illustration",
                r.id
            );
        }
    }
}
