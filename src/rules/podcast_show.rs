//! Value rules of the show-level `podcast:` tags (SPEC.md §5.2): the recurrence rule of
//! `podcast:updateFrequency`, `podcast:remoteItem feedGuid`, `podcast:podroll`,
//! `podcast:publisher`, `podcast:block id` and `podcast:liveItem`. Placement, cardinality and
//! required attributes are `rules/podcast.rs`'s; the ISO 8601 and RFC 2822 dates are
//! `rules/dates.rs`'s.

use super::{Ctx, Profile, Rule, rule};
use crate::diagnostic::Severity::{Error, Warning};
use crate::diagnostic::clip;
use crate::feed::{ElementId, Ns};
use crate::namespace::{rrule, show_tags, slugs};

/// `podcast.update-frequency.rrule`: the recurrence rule is not RFC 5545's.
pub static UPDATE_FREQUENCY_RRULE: Rule = rule(
    "podcast.update-frequency.rrule",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:updateFrequency); RFC 5545 §3.3.10",
    "the recurrence rule of podcast:updateFrequency is not RFC 5545's",
    "rrule is \"a recurrence rule as defined in iCalendar RFC 5545 Section 3.3.10\" (docs/tags/update-frequency.md): parts NAME=VALUE separated by ';', FREQ required, each part at most once, COUNT and UNTIL not together, every value in its range. Apps that read the schedule cannot read a broken rule.",
);

/// `podcast.update-frequency.dtstart`: dtstart is missing with COUNT, or not written like UNTIL.
pub static UPDATE_FREQUENCY_DTSTART: Rule = rule(
    "podcast.update-frequency.dtstart",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:updateFrequency)",
    "dtstart is missing with COUNT, or not written like UNTIL",
    "\"If the rrule contains a value for COUNT, then this attribute is required. If the rrule contains a value for UNTIL, then the value of this attribute must be formatted to the same date/datetime standard\" (docs/tags/update-frequency.md).",
);

/// `podcast.remote-item.feed-guid`: a remoteItem's feedGuid is not a UUID.
pub static REMOTE_ITEM_FEED_GUID: Rule = rule(
    "podcast.remote-item.feed-guid",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §4, §5.2 (podcast:remoteItem)",
    "a remoteItem's feedGuid is not a UUID",
    "feedGuid is the podcast:guid of the feed pointed at, a UUID; apps look the feed up by it, so a URL or a name there finds nothing.",
);

/// `podcast.remote-item.medium`: a remoteItem's medium the namespace does not define.
pub static REMOTE_ITEM_MEDIUM: Rule = rule(
    "podcast.remote-item.medium",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:remoteItem, podcast:medium)",
    "a remoteItem's medium the namespace does not define",
    "medium says what kind of feed the remote item points at, with the values of podcast:medium (podcast, music, video, film, audiobook, newsletter, blog, publisher, course, their list forms, mixed).",
);

/// `podcast.podroll.empty`: a podroll without a remoteItem.
pub static PODROLL_EMPTY: Rule = rule(
    "podcast.podroll.empty",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:podroll)",
    "a podroll without a remoteItem",
    "podcast:podroll holds one or more podcast:remoteItem elements, the shows recommended; an empty one recommends nothing.",
);

/// `podcast.publisher.remote-item`: publisher is not one remoteItem with medium="publisher".
pub static PUBLISHER_REMOTE_ITEM: Rule = rule(
    "podcast.publisher.remote-item",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:publisher)",
    "podcast:publisher is not one remoteItem with medium=\"publisher\"",
    "podcast:publisher holds exactly one podcast:remoteItem, with medium=\"publisher\", pointing at the publisher's feed (docs/tags/publisher.md).",
);

/// `podcast.block.service`: a block's id is not in the namespace's service list.
pub static BLOCK_SERVICE: Rule = rule(
    "podcast.block.service",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:block; serviceslugs.txt)",
    "a block's id is not in the namespace's service list",
    "id is \"a single entry from the service slug list\" (serviceslugs.txt: apple, spotify, google, amazon …). A service not on the list does not know its slug, so the block may not reach it; the list grows, hence a warning.",
);

/// `podcast.live-item.content-link`: a liveItem without a contentLink.
pub static LIVE_ITEM_CONTENT_LINK: Rule = rule(
    "podcast.live-item.content-link",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:liveItem, podcast:contentLink)",
    "a liveItem without a contentLink",
    "A podcast:liveItem \"must include\" a podcast:contentLink: where listeners can follow the stream outside the app.",
);

/// `podcast.live-item.end`: a liveItem that ends before it starts.
pub static LIVE_ITEM_END: Rule = rule(
    "podcast.live-item.end",
    Error,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:liveItem)",
    "a liveItem that ends before it starts",
    "end is the time the stream is planned to end, after start; an end at or before the start makes the item's schedule meaningless.",
);

/// `podcast.live-item.media`: a liveItem with neither an alternateEnclosure nor an enclosure.
pub static LIVE_ITEM_MEDIA: Rule = rule(
    "podcast.live-item.media",
    Warning,
    Profile::PodcastIndex,
    "SPEC.md §5.2 (podcast:liveItem; docs/tags/live-item.md)",
    "a liveItem with neither an alternateEnclosure nor an enclosure",
    "The liveItem doc asks for the stream in a podcast:alternateEnclosure and a fallback <enclosure> for apps that do not read alternate enclosures; with neither, an app has nothing to play.",
);

/// This family's rules, in the order `podfeed explain` lists them.
pub(super) static RULES: &[&Rule] = &[
    &UPDATE_FREQUENCY_RRULE,
    &UPDATE_FREQUENCY_DTSTART,
    &REMOTE_ITEM_FEED_GUID,
    &REMOTE_ITEM_MEDIUM,
    &PODROLL_EMPTY,
    &PUBLISHER_REMOTE_ITEM,
    &BLOCK_SERVICE,
    &LIVE_ITEM_CONTENT_LINK,
    &LIVE_ITEM_END,
    &LIVE_ITEM_MEDIA,
];

/// Runs the family over the `podcast:` elements it knows.
pub(super) fn check(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    for (id, name) in podcast_elements(ctx) {
        match name {
            "updateFrequency" => update_frequency(ctx, id),
            "remoteItem" => remote_item(ctx, id),
            "podroll" if doc.child(id, &Ns::Podcast, "remoteItem").is_none() => ctx.emit(
                &PODROLL_EMPTY,
                id,
                "<podcast:podroll> has no <podcast:remoteItem>; expected one per show recommended"
                    .into(),
            ),
            "publisher" => publisher(ctx, id),
            "block" => block(ctx, id),
            "liveItem" => live_item(ctx, id),
            _ => {}
        }
    }
}

/// The pass's `podcast:` elements with their local names, in document order.
pub(super) fn podcast_elements<'a>(
    ctx: &Ctx<'a>,
) -> impl Iterator<Item = (ElementId, &'a str)> + use<'a> {
    ctx.walk()
        .filter(|(_, e)| e.ns == Ns::Podcast)
        .map(|(id, e)| (id, e.local.as_str()))
}

fn update_frequency(ctx: &mut Ctx<'_>, id: ElementId) {
    let Some(e) = ctx.el(id) else { return };
    let Some(value) = ctx.doc.attr_value(e, "rrule") else {
        return;
    };
    let parsed = match rrule::rrule(value) {
        Ok(p) => p,
        Err(why) => {
            ctx.emit_attr(
                &UPDATE_FREQUENCY_RRULE,
                id,
                "rrule",
                format!("rrule=\"{v}\": {why}", v = clip(value)),
            );
            return;
        }
    };
    let dtstart = ctx.doc.attr_value(e, "dtstart");
    // A dtstart that is not ISO 8601 at all is the date family's finding.
    if dtstart.is_some_and(|d| rrule::dtstart(d).is_err()) {
        return;
    }
    if let Err(why) = rrule::with_dtstart(&parsed, dtstart) {
        let attr = if dtstart.is_some() {
            "dtstart"
        } else {
            "rrule"
        };
        ctx.emit_attr(&UPDATE_FREQUENCY_DTSTART, id, attr, why);
    }
}

fn remote_item(ctx: &mut Ctx<'_>, id: ElementId) {
    if let Some(m) = ctx.el(id).and_then(|e| ctx.doc.attr_value(e, "medium"))
        && !crate::medium::MEDIUMS.contains(&m.trim())
    {
        ctx.emit_attr(
            &REMOTE_ITEM_MEDIUM,
            id,
            "medium",
            format!(
                "<podcast:remoteItem medium=\"{}\">; expected one of {}",
                clip(m),
                crate::medium::MEDIUMS.join(", ")
            ),
        );
    }
    let Some(v) = ctx.el(id).and_then(|e| ctx.doc.attr_value(e, "feedGuid")) else {
        return;
    };
    if let Err(why) = show_tags::feed_guid(v) {
        ctx.emit_attr(
            &REMOTE_ITEM_FEED_GUID,
            id,
            "feedGuid",
            format!("<podcast:remoteItem feedGuid=\"{}\">; {why}", clip(v)),
        );
    }
}

fn publisher(ctx: &mut Ctx<'_>, id: ElementId) {
    let doc = ctx.doc;
    let items: Vec<ElementId> = doc.children_named(id, &Ns::Podcast, "remoteItem").collect();
    let medium = items
        .first()
        .and_then(|&i| doc.get(i))
        .and_then(|e| doc.attr_value(e, "medium"));
    let problem = match (items.len(), medium) {
        (1, Some("publisher")) => return,
        (0, _) => "has no <podcast:remoteItem>".to_owned(),
        (1, m) => format!(
            "has a remoteItem with medium {}",
            m.map_or_else(|| "absent".to_owned(), |m| format!("\"{}\"", clip(m)))
        ),
        (n, _) => format!("has {n} remoteItems"),
    };
    ctx.emit(
        &PUBLISHER_REMOTE_ITEM,
        id,
        format!("<podcast:publisher> {problem}; expected exactly one <podcast:remoteItem medium=\"publisher\">"),
    );
}

fn block(ctx: &mut Ctx<'_>, id: ElementId) {
    let Some(v) = ctx.el(id).and_then(|e| ctx.doc.attr_value(e, "id")) else {
        return;
    };
    if let Err(why) = slugs::service_slug(v) {
        ctx.emit_attr(
            &BLOCK_SERVICE,
            id,
            "id",
            format!("<podcast:block id=\"{}\">; {why}", clip(v)),
        );
    }
}

fn live_item(ctx: &mut Ctx<'_>, id: ElementId) {
    if ctx.doc.child(id, &Ns::Podcast, "contentLink").is_none() {
        ctx.emit(
            &LIVE_ITEM_CONTENT_LINK,
            id,
            "<podcast:liveItem> has no <podcast:contentLink>; expected at least one".into(),
        );
    }
    if ctx
        .doc
        .child(id, &Ns::Podcast, "alternateEnclosure")
        .is_none()
        && ctx.doc.child(id, &Ns::None, "enclosure").is_none()
    {
        ctx.emit(&LIVE_ITEM_MEDIA, id, "<podcast:liveItem> has neither <podcast:alternateEnclosure> nor <enclosure>; expected the stream in one (both, ideally)".into());
    }
    let Some(e) = ctx.el(id) else { return };
    if let (Some(start), Some(end)) = (ctx.doc.attr_value(e, "start"), ctx.doc.attr_value(e, "end"))
        && show_tags::live_time(start).is_ok()
        && show_tags::live_time(end).is_ok()
        && let Err(why) = show_tags::live_span(start, end)
    {
        ctx.emit_attr(
            &LIVE_ITEM_END,
            id,
            "end",
            format!("<podcast:liveItem>: {why}; expected the end after the start"),
        );
    }
}

/// Mutations of the minimal feed (`tests/fixtures/feeds/minimal.xml`) that make this family's
/// rules fire: (rule, text to replace, replacement).
pub(super) const MUTATIONS: &[super::Mutation] = &[
    (
        &LIVE_ITEM_MEDIA,
        "<language>en</language>",
        "<language>en</language><podcast:liveItem status=\"pending\" start=\"2025-01-20T18:00:00Z\"><title>Live</title><podcast:contentLink href=\"https://example.org/live\">Live</podcast:contentLink></podcast:liveItem>",
    ),
    (
        &UPDATE_FREQUENCY_RRULE,
        "<language>en</language>",
        "<language>en</language><podcast:updateFrequency rrule=\"FREQ=FORTNIGHTLY\">Fortnightly</podcast:updateFrequency>",
    ),
    (
        &UPDATE_FREQUENCY_DTSTART,
        "<language>en</language>",
        "<language>en</language><podcast:updateFrequency rrule=\"FREQ=WEEKLY;COUNT=10\">Ten weeks</podcast:updateFrequency>",
    ),
    (
        &REMOTE_ITEM_FEED_GUID,
        "<language>en</language>",
        "<language>en</language><podcast:podroll><podcast:remoteItem feedGuid=\"https://example.org/feed.xml\"/></podcast:podroll>",
    ),
    (
        &REMOTE_ITEM_MEDIUM,
        "<language>en</language>",
        "<language>en</language><podcast:podroll><podcast:remoteItem feedGuid=\"917393e3-1b1e-5cef-ace4-edaa54e1f810\" medium=\"radio\"/></podcast:podroll>",
    ),
    (
        &PODROLL_EMPTY,
        "<language>en</language>",
        "<language>en</language><podcast:podroll></podcast:podroll>",
    ),
    (
        &PUBLISHER_REMOTE_ITEM,
        "<language>en</language>",
        "<language>en</language><podcast:publisher><podcast:remoteItem feedGuid=\"003af0a0-6a45-55cf-b765-68e3d349551a\"/></podcast:publisher>",
    ),
    (
        &BLOCK_SERVICE,
        "<language>en</language>",
        "<language>en</language><podcast:block id=\"itunes\">yes</podcast:block>",
    ),
    (
        &LIVE_ITEM_CONTENT_LINK,
        "<language>en</language>",
        "<language>en</language><podcast:liveItem status=\"live\" start=\"2025-01-20T18:00:00Z\"><title>Live</title></podcast:liveItem>",
    ),
    (
        &LIVE_ITEM_END,
        "<language>en</language>",
        "<language>en</language><podcast:liveItem status=\"ended\" start=\"2025-01-20T18:00:00Z\" end=\"2025-01-20T17:00:00Z\"><title>Live</title><podcast:contentLink href=\"https://example.org/live\">Live</podcast:contentLink></podcast:liveItem>",
    ),
];

#[cfg(test)]
mod tests {
    use super::super::check_feed;
    use super::super::fixture::{now, with};
    use crate::rule::Profiles;

    fn rules_of(from: &str, to: &str) -> Vec<&'static str> {
        check_feed("feed.xml", &with(from, to), &Profiles::all(), now())
            .into_iter()
            .map(|d| d.rule.id)
            .collect()
    }

    #[test]
    fn the_tag_docs_examples_give_no_finding() {
        for tag in [
            "<podcast:updateFrequency rrule=\"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=10\" dtstart=\"2023-08-28T00:00:00.000Z\">Every other Monday</podcast:updateFrequency>",
            "<podcast:updateFrequency rrule=\"FREQ=WEEKLY;UNTIL=2023-12-31T00:00:00.000Z;BYDAY=MO\">Every Monday until Dec 31, 2023</podcast:updateFrequency>",
            "<podcast:updateFrequency complete=\"true\">That's all folks!</podcast:updateFrequency>",
            "<podcast:publisher><podcast:remoteItem feedGuid=\"003af0a0-6a45-55cf-b765-68e3d349551a\" feedUrl=\"https://example.com/feed/publisher\" medium=\"publisher\"/></podcast:publisher>",
            "<podcast:block id=\"spotify\">no</podcast:block>",
            "<podcast:liveItem status=\"live\" start=\"2021-09-26T07:30:00.000-0600\" end=\"2021-09-26T09:30:00.000-0600\"><title>Live</title><podcast:contentLink href=\"https://example.com/youtube\">YouTube!</podcast:contentLink><enclosure url=\"https://example.com/pcast/myliveepisode.mp3\" type=\"audio/mpeg\" length=\"312\"/></podcast:liveItem>",
        ] {
            let got = rules_of(
                "<language>en</language>",
                &format!("<language>en</language>{tag}"),
            );
            assert!(got.is_empty(), "{tag}: {got:?}");
        }
    }

    #[test]
    fn attribute_grammars_of_the_tag_docs_hold() {
        let channel = |tag: &str| {
            rules_of(
                "<language>en</language>",
                &format!("<language>en</language>{tag}"),
            )
        };
        let item = |tag: &str| rules_of("</item>", &format!("{tag}</item>"));
        // The docs' own examples are clean.
        for got in [
            channel("<podcast:locked owner=\"podcastowner@example.com\">yes</podcast:locked>"),
            channel(
                "<podcast:chat server=\"irc.zeronode.net\" protocol=\"irc\" accountId=\"@jsmith\" space=\"#podcastindex\"/>",
            ),
            channel(
                "<podcast:trailer pubdate=\"Thu, 01 Apr 2021 08:00:00 EST\" url=\"https://example.org/trailers/t1.mp3\" length=\"12345678\" type=\"audio/mp3\">Coming April 1st, 2021</podcast:trailer>",
            ),
            channel(
                "<podcast:podroll><podcast:remoteItem feedGuid=\"917393e3-1b1e-5cef-ace4-edaa54e1f810\" feedUrl=\"https://feeds.example.org/podroll.xml\"/></podcast:podroll>",
            ),
            item(
                "<podcast:socialInteract protocol=\"activitypub\" uri=\"https://podcastindex.social/web/@dave/108013847520053258\" accountId=\"@dave\" accountUrl=\"https://podcastindex.social/web/@dave\"/>",
            ),
            item(
                "<podcast:socialInteract protocol=\"atproto\" uri=\"at://did:plc:abc/app.bsky.feed.post/3k\"/>",
            ),
            item(
                "<podcast:transcript url=\"https://example.org/show/ep1.es.vtt\" type=\"text/vtt\" language=\"es-419\"/>",
            ),
        ] {
            assert!(got.is_empty(), "{got:?}");
        }
        // Each wrong value is found, by the rule that names what was expected.
        for (got, want) in [
            (
                channel("<podcast:locked owner=\"Ana Example\">yes</podcast:locked>"),
                "podcast.attr.invalid",
            ),
            (
                channel("<podcast:chat server=\"https://irc.zeronode.net/\" protocol=\"irc\"/>"),
                "podcast.attr.invalid",
            ),
            (
                channel(
                    "<podcast:trailer pubdate=\"Thu, 01 Apr 2021 08:00:00 EST\" url=\"trailer.mp3\">T</podcast:trailer>",
                ),
                "podcast.url.invalid",
            ),
            (
                channel(
                    "<podcast:trailer pubdate=\"Thu, 01 Apr 2021 08:00:00 EST\" url=\"https://example.org/t.mp3\" type=\"mp3\">T</podcast:trailer>",
                ),
                "podcast.attr.invalid",
            ),
            (
                channel(
                    "<podcast:podroll><podcast:remoteItem feedGuid=\"917393e3-1b1e-5cef-ace4-edaa54e1f810\" feedUrl=\"feeds/podroll.xml\"/></podcast:podroll>",
                ),
                "podcast.url.invalid",
            ),
            (
                item("<podcast:socialInteract protocol=\"activitypub\" uri=\"@dave/1080\"/>"),
                "podcast.url.invalid",
            ),
            (
                item(
                    "<podcast:socialInteract protocol=\"activitypub\" uri=\"https://example.social/1\" accountUrl=\"@dave\"/>",
                ),
                "podcast.url.invalid",
            ),
            (
                item(
                    "<podcast:transcript url=\"https://example.org/show/ep1.es.vtt\" type=\"text/vtt\" language=\"Spanish (Latin America)\"/>",
                ),
                "podcast.attr.invalid",
            ),
        ] {
            assert_eq!(got, [want]);
        }
    }

    #[test]
    fn the_item_rules_run_inside_a_live_item() {
        let live = |inner: &str| {
            rules_of(
                "<language>en</language>",
                &format!(
                    "<language>en</language><podcast:liveItem status=\"live\" start=\"2025-01-20T18:00:00Z\"><podcast:contentLink href=\"https://example.org/live\">Live</podcast:contentLink>{inner}</podcast:liveItem>"
                ),
            )
        };
        let media =
            "<enclosure url=\"https://example.org/live.mp3\" length=\"0\" type=\"audio/mpeg\"/>";
        assert!(live(&format!("<title>Live</title>{media}")).is_empty());
        let bad_length = media.replace("\"0\"", "\"unknown\"");
        for (inner, want) in [
            (
                format!("<title>Live</title>{bad_length}"),
                "item.enclosure.length",
            ),
            (
                format!("<title>Live</title>{media}<pubdate>x</pubdate>"),
                "rss.element.unknown",
            ),
            (
                format!("<title>Live</title>{media}<guid>live-1</guid>"),
                "item.guid.permalink",
            ),
            (media.to_owned(), "item.title-or-description"),
            // Apple's enclosure types are for items: Apple does not read liveItems.
            (
                format!(
                    "<title>Live</title>{}<pubdate>x</pubdate>",
                    media.replace("audio/mpeg", "application/x-mpegURL")
                ),
                "rss.element.unknown",
            ),
        ] {
            assert_eq!(live(&inner), [want], "{inner}");
        }
    }
}
