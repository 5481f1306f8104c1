//! Value rules of value-for-value (SPEC.md §5.2; the tags' docs `docs/tags/value.md`,
//! `value-recipient.md`, `value-time-split.md`): recipients, splits, addresses and time
//! splits. Placement and required attributes are `rules/podcast.rs`'s.

use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Warning};
use crate::diagnostic::clip;
use crate::feed::{ElementId, Ns};
use crate::namespace::value as grammar;

/// `podcast.value.recipients`: a value block without a recipient.
pub static VALUE_RECIPIENTS: Rule = rule(
    "podcast.value.recipients",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:value, podcast:valueRecipient)",
    "a value block without a recipient",
    "podcast:value names who is paid with one or more podcast:valueRecipient children; without one an app has no one to pay.",
);

/// `podcast.value.splits`: every split of a value block is 0.
pub static VALUE_SPLITS: Rule = rule(
    "podcast.value.splits",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:valueRecipient split)",
    "every split of a value block is 0",
    "A payment is divided by the recipients' split shares (docs/tags/value-recipient.md); when every share is 0 nothing can be divided.",
);

/// `podcast.value-recipient.address`: an address that does not fit the recipient's type.
pub static RECIPIENT_ADDRESS: Rule = rule(
    "podcast.value-recipient.address",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:valueRecipient)",
    "an address that does not fit the recipient's type",
    "A type=\"node\" recipient's address is the Lightning node's public key: 66 hex digits, a compressed key starting 02 or 03. A type=\"lnaddress\" recipient's address is a Lightning address, name@domain. Payments to another string fail.",
);

/// `podcast.value-time-split.content`: a time split without one remoteItem or recipients.
pub static TIME_SPLIT_CONTENT: Rule = rule(
    "podcast.value-time-split.content",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:valueTimeSplit)",
    "a time split without one remoteItem or recipients",
    "podcast:valueTimeSplit holds \"a single podcast:remoteItem element OR one or more podcast:valueRecipient elements\" (docs/tags/value-time-split.md): not both, not neither, not two remote items.",
);

/// `podcast.value-time-split.percentage`: remotePercentage outside 0–100.
pub static TIME_SPLIT_PERCENTAGE: Rule = rule(
    "podcast.value-time-split.percentage",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:valueTimeSplit remotePercentage)",
    "remotePercentage outside 0–100",
    "remotePercentage is a percentage; the tag's doc has apps read a value below 0 as 0 and above 100 as 100, so the feed still works, but not as written.",
);

/// `podcast.value-time-split.beyond`: a time split that starts after the episode's end.
pub static TIME_SPLIT_BEYOND: Rule = rule(
    "podcast.value-time-split.beyond",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:valueTimeSplit), §8.2",
    "a time split that starts after the episode's end",
    "A time split is a stretch of the item's enclosure from startTime; one starting at or after the item's itunes:duration is never played (a wrong unit, or a split meant for another episode). A split that starts inside and runs past the end is fine: it ends with the episode.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &VALUE_RECIPIENTS,
    &VALUE_SPLITS,
    &RECIPIENT_ADDRESS,
    &TIME_SPLIT_CONTENT,
    &TIME_SPLIT_PERCENTAGE,
    &TIME_SPLIT_BEYOND,
];

/// Runs the family over every `podcast:value`, `valueRecipient` and `valueTimeSplit`.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    for (id, name) in super::podcast_show::podcast_elements(ctx) {
        match name {
            "value" => {
                if doc.child(id, &Ns::Podcast, "valueRecipient").is_none() {
                    ctx.emit(
                        &VALUE_RECIPIENTS,
                        id,
                        "<podcast:value> has no <podcast:valueRecipient>; expected at least one"
                            .into(),
                    );
                }
                splits(ctx, id);
            }
            "valueRecipient" => address(ctx, id),
            "valueTimeSplit" => time_split(ctx, id),
            _ => {}
        }
    }
}

/// Every share of the recipients directly under `id` is 0 (splits that are not whole numbers
/// are the structure rules' finding).
fn splits(ctx: &mut Ctx<'_>, id: ElementId) {
    let doc = ctx.doc;
    let shares: Option<Vec<u64>> = doc
        .children_named(id, &Ns::Podcast, "valueRecipient")
        .map(|r| {
            doc.get(r)
                .and_then(|e| doc.attr_value(e, "split"))
                .and_then(|s| grammar::split(s).ok())
        })
        .collect();
    if let Some(shares) = shares.filter(|s| !s.is_empty())
        && let Err(why) = grammar::splits(&shares)
    {
        let name = doc.get(id).map(|e| e.display_name()).unwrap_or_default();
        ctx.emit(&VALUE_SPLITS, id, format!("<{name}>: {why}"));
    }
}

fn address(ctx: &mut Ctx<'_>, id: ElementId) {
    let Some(e) = ctx.el(id) else { return };
    let (Some(kind), Some(addr)) = (
        ctx.doc.attr_value(e, "type"),
        ctx.doc.attr_value(e, "address"),
    ) else {
        return;
    };
    let Ok(kind) = grammar::recipient_type(&kind.trim().to_ascii_lowercase()) else {
        return;
    };
    if let Err(why) = grammar::address(kind, addr) {
        ctx.emit_attr(
            &RECIPIENT_ADDRESS,
            id,
            "address",
            format!(
                "<podcast:valueRecipient type=\"{}\" address=\"{}\">; {why}",
                kind.as_str(),
                clip(addr)
            ),
        );
    }
}

fn time_split(ctx: &mut Ctx<'_>, id: ElementId) {
    let doc = ctx.doc;
    let remote = doc.children_named(id, &Ns::Podcast, "remoteItem").count();
    let recipients = doc
        .children_named(id, &Ns::Podcast, "valueRecipient")
        .count();
    if !matches!((remote, recipients), (1, 0) | (0, 1..)) {
        ctx.emit(
            &TIME_SPLIT_CONTENT,
            id,
            format!("<podcast:valueTimeSplit> has {remote} remoteItem(s) and {recipients} valueRecipient(s); expected one remoteItem or one or more valueRecipients"),
        );
    }
    splits(ctx, id);
    let Some(e) = ctx.el(id) else { return };
    if let Some(p) = doc.attr_value(e, "remotePercentage")
        && p.trim().parse::<f64>().is_ok()
        && let Err(why) = grammar::percentage(p)
    {
        ctx.emit_attr(
            &TIME_SPLIT_PERCENTAGE,
            id,
            "remotePercentage",
            format!(
                "remotePercentage=\"{}\"; {why}; apps will clamp it",
                clip(p)
            ),
        );
    }
    let Some(Ok(start)) = doc.attr_value(e, "startTime").map(grammar::seconds) else {
        return;
    };
    if let Some(length) = episode_seconds(ctx, id)
        && let Err(why) = grammar::within(start, length)
    {
        ctx.emit(
            &TIME_SPLIT_BEYOND,
            id,
            format!("<podcast:valueTimeSplit>: {why} (itunes:duration)"),
        );
    }
}

/// The `itunes:duration` of the item a time split is in, in seconds, when it is valid.
fn episode_seconds(ctx: &Ctx<'_>, split: ElementId) -> Option<f64> {
    let doc = ctx.doc;
    let value = doc.get(split)?.parent?;
    let item = doc.get(value)?.parent?;
    let v = doc.child_text(item, &Ns::Itunes, "duration")?;
    if !super::itunes::is_duration(v) {
        return None;
    }
    let seconds = v.split(':').try_fold(0u64, |acc, p| {
        acc.checked_mul(60)?.checked_add(p.parse().ok()?)
    })?;
    Some(seconds as f64)
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (
        &VALUE_RECIPIENTS,
        "<language>en</language>",
        "<language>en</language><podcast:value type=\"lightning\" method=\"keysend\"></podcast:value>",
    ),
    (
        &VALUE_SPLITS,
        "<language>en</language>",
        "<language>en</language><podcast:value type=\"lightning\" method=\"lnaddress\"><podcast:valueRecipient type=\"lnaddress\" address=\"ana@example.org\" split=\"0\"/></podcast:value>",
    ),
    (
        &RECIPIENT_ADDRESS,
        "<language>en</language>",
        "<language>en</language><podcast:value type=\"lightning\" method=\"keysend\"><podcast:valueRecipient type=\"node\" address=\"ana@example.org\" split=\"1\"/></podcast:value>",
    ),
    (
        &TIME_SPLIT_CONTENT,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:value type=\"lightning\" method=\"lnaddress\"><podcast:valueRecipient type=\"lnaddress\" address=\"ana@example.org\" split=\"1\"/><podcast:valueTimeSplit startTime=\"60\" duration=\"30\"/></podcast:value>",
    ),
    (
        &TIME_SPLIT_PERCENTAGE,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:value type=\"lightning\" method=\"lnaddress\"><podcast:valueRecipient type=\"lnaddress\" address=\"ana@example.org\" split=\"1\"/><podcast:valueTimeSplit startTime=\"60\" duration=\"30\" remotePercentage=\"150\"><podcast:remoteItem feedGuid=\"a94f5cc9-8c58-55fc-91fe-a324087a655b\"/></podcast:valueTimeSplit></podcast:value>",
    ),
    (
        &TIME_SPLIT_BEYOND,
        "<itunes:duration>1804</itunes:duration>",
        "<itunes:duration>1804</itunes:duration><podcast:value type=\"lightning\" method=\"lnaddress\"><podcast:valueRecipient type=\"lnaddress\" address=\"ana@example.org\" split=\"1\"/><podcast:valueTimeSplit startTime=\"1900\" duration=\"30\"><podcast:remoteItem feedGuid=\"a94f5cc9-8c58-55fc-91fe-a324087a655b\"/></podcast:valueTimeSplit></podcast:value>",
    ),
];

#[cfg(test)]
mod tests {
    use super::super::check_feed;
    use super::super::fixture::{now, with};
    use crate::rule::Profiles;

    #[test]
    fn the_tag_docs_examples_give_no_finding() {
        let block = "<itunes:duration>1804</itunes:duration><podcast:value type=\"lightning\" method=\"keysend\">\
            <podcast:valueRecipient name=\"Alice (Podcaster)\" type=\"node\" address=\"02d5c1bf8b940dc9cadca86d1b0a3c37fbe39cee4c7e839e33bef9174531d27f52\" split=\"95\" />\
            <podcast:valueRecipient name=\"Hosting Provider\" type=\"node\" address=\"03ae9f91a0cb8ff43840e3c322c4c61f019d8c1c3cea15a25cfc425ac605e61a4a\" split=\"5\" fee=\"true\" />\
            <podcast:valueTimeSplit startTime=\"60\" duration=\"237\" remotePercentage=\"95\">\
            <podcast:remoteItem itemGuid=\"https://podcastindex.org/podcast/4148683#1\" feedGuid=\"a94f5cc9-8c58-55fc-91fe-a324087a655b\" medium=\"music\" /></podcast:valueTimeSplit>\
            <podcast:valueTimeSplit startTime=\"367\" duration=\"246\">\
            <podcast:valueRecipient name=\"Alice (Podcaster)\" type=\"node\" address=\"02d5c1bf8b940dc9cadca86d1b0a3c37fbe39cee4c7e839e33bef9174531d27f52\" split=\"85\" />\
            <podcast:valueRecipient name=\"Jimbob (Guest)\" type=\"node\" address=\"02dd306e68c46681aa21d88a436fb35355a8579dd30201581cefa17cb179fc4c15\" split=\"10\" /></podcast:valueTimeSplit>\
            </podcast:value>";
        let bytes = with("<itunes:duration>1804</itunes:duration>", block);
        let got: Vec<_> = check_feed("feed.xml", &bytes, &Profiles::all(), now())
            .into_iter()
            .map(|d| d.rule.id)
            .collect();
        assert!(got.is_empty(), "{got:?}");
    }
}
