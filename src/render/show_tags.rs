//! The show group's tags as `rss` extension elements (SPEC.md §5.2): trailers, update
//! frequency, podroll, publisher, block, social interaction, chat, podping, value blocks, live
//! items, and the WebSub hub link (`atom:link rel="hub"`).

use std::collections::BTreeMap;

use rss::extension::Extension;

use super::feed::{element, rfc2822};
use crate::model::{
    Chat, Episode, RemoteItem, Show, SocialInteract, SplitTo, Value, ValueRecipient,
};

/// Extension elements by name, as the `rss` crate keeps them.
type Tags = BTreeMap<String, Vec<Extension>>;

fn add(map: &mut Tags, key: &str, e: Extension) {
    map.entry(key.to_owned()).or_default().push(e);
}

/// `e` with `children` under their element names.
fn with_children(mut e: Extension, children: Vec<Extension>) -> Extension {
    for c in children {
        add(&mut e.children, &c.name.clone(), c);
    }
    e
}

/// The show group's channel-level `podcast:` elements, added to `podcast` (keyed by local name).
pub fn channel(show: &Show, podcast: &mut Tags) {
    let show = &show.show_tags;
    for t in &show.trailers {
        let pubdate = rfc2822(t.pubdate);
        let (length, season) = (
            t.length.map(|n| n.to_string()),
            t.season.map(|n| n.to_string()),
        );
        let mut attrs = vec![("url", t.url.as_str()), ("pubdate", pubdate.as_str())];
        attrs.extend(length.as_deref().map(|l| ("length", l)));
        attrs.extend(t.mime.as_deref().map(|m| ("type", m)));
        attrs.extend(season.as_deref().map(|s| ("season", s)));
        add(
            podcast,
            "trailer",
            element("podcast:trailer", Some(&t.title), &attrs),
        );
    }
    if let Some(u) = &show.update_frequency {
        let mut attrs = Vec::new();
        if u.complete {
            attrs.push(("complete", "true"));
        }
        attrs.extend(u.dtstart.as_deref().map(|d| ("dtstart", d)));
        attrs.extend(u.rrule.as_deref().map(|r| ("rrule", r)));
        add(
            podcast,
            "updateFrequency",
            element("podcast:updateFrequency", Some(&u.text), &attrs),
        );
    }
    if !show.podroll.is_empty() {
        let items = show.podroll.iter().map(|i| remote_item(i, None)).collect();
        add(
            podcast,
            "podroll",
            with_children(element("podcast:podroll", None, &[]), items),
        );
    }
    if let Some(p) = &show.publisher {
        let item = remote_item(p, Some("publisher"));
        add(
            podcast,
            "publisher",
            with_children(element("podcast:publisher", None, &[]), vec![item]),
        );
    }
    for b in &show.blocks {
        let attrs: Vec<(&str, &str)> = b.service.iter().map(|s| ("id", s.as_str())).collect();
        add(
            podcast,
            "block",
            element(
                "podcast:block",
                Some(if b.blocked { "yes" } else { "no" }),
                &attrs,
            ),
        );
    }
    if show.podping {
        add(
            podcast,
            "podping",
            element("podcast:podping", None, &[("usesPodping", "true")]),
        );
    }
    shared(
        &show.social_interact,
        show.chat.as_ref(),
        &show.value,
        podcast,
    );
}

/// The tags a channel, an item and a live item share: social interaction, chat, value blocks.
pub fn shared(social: &[SocialInteract], chat: Option<&Chat>, value: &[Value], podcast: &mut Tags) {
    for s in social {
        let priority = s.priority.map(|p| p.to_string());
        let mut attrs = vec![("protocol", s.protocol.as_str())];
        attrs.extend(s.uri.as_deref().map(|u| ("uri", u)));
        attrs.extend(s.account_id.as_deref().map(|a| ("accountId", a)));
        attrs.extend(s.account_url.as_ref().map(|u| ("accountUrl", u.as_str())));
        attrs.extend(priority.as_deref().map(|p| ("priority", p)));
        add(
            podcast,
            "socialInteract",
            element("podcast:socialInteract", None, &attrs),
        );
    }
    if let Some(c) = chat {
        let mut attrs = vec![
            ("server", c.server.as_str()),
            ("protocol", c.protocol.as_str()),
        ];
        attrs.extend(c.account_id.as_deref().map(|a| ("accountId", a)));
        attrs.extend(c.space.as_deref().map(|s| ("space", s)));
        add(podcast, "chat", element("podcast:chat", None, &attrs));
    }
    for v in value {
        add(podcast, "value", value_block(v));
    }
}

fn value_block(v: &Value) -> Extension {
    let mut attrs = vec![("type", v.kind.as_str()), ("method", v.method.as_str())];
    attrs.extend(v.suggested.as_deref().map(|s| ("suggested", s)));
    let mut children: Vec<Extension> = v.recipients.iter().map(recipient).collect();
    for t in &v.time_splits {
        let (start, duration) = (t.start.to_string(), t.duration.to_string());
        let remote_start = t.remote_start.map(|s| s.to_string());
        let percentage = t.remote_percentage.map(|p| p.to_string());
        let mut attrs = vec![
            ("startTime", start.as_str()),
            ("duration", duration.as_str()),
        ];
        attrs.extend(remote_start.as_deref().map(|s| ("remoteStartTime", s)));
        attrs.extend(percentage.as_deref().map(|p| ("remotePercentage", p)));
        let inner = match &t.to {
            SplitTo::Remote(item) => vec![remote_item(item, None)],
            SplitTo::Recipients(list) => list.iter().map(recipient).collect(),
        };
        children.push(with_children(
            element("podcast:valueTimeSplit", None, &attrs),
            inner,
        ));
    }
    with_children(element("podcast:value", None, &attrs), children)
}

fn recipient(r: &ValueRecipient) -> Extension {
    let split = r.split.to_string();
    let mut attrs = Vec::new();
    attrs.extend(r.name.as_deref().map(|n| ("name", n)));
    attrs.push(("type", r.kind.as_str()));
    attrs.push(("address", r.address.as_str()));
    attrs.push(("split", split.as_str()));
    attrs.extend(r.custom_key.as_deref().map(|k| ("customKey", k)));
    attrs.extend(r.custom_value.as_deref().map(|v| ("customValue", v)));
    if r.fee {
        attrs.push(("fee", "true"));
    }
    element("podcast:valueRecipient", None, &attrs)
}

/// `podcast:remoteItem`; `medium` overrides the item's own (the publisher's is `publisher`).
fn remote_item(i: &RemoteItem, medium: Option<&str>) -> Extension {
    let guid = i.feed_guid.to_string();
    let mut attrs = vec![("feedGuid", guid.as_str())];
    attrs.extend(i.feed_url.as_ref().map(|u| ("feedUrl", u.as_str())));
    attrs.extend(i.item_guid.as_deref().map(|g| ("itemGuid", g)));
    attrs.extend(medium.or(i.medium.as_deref()).map(|m| ("medium", m)));
    attrs.extend(i.title.as_deref().map(|t| ("title", t)));
    element("podcast:remoteItem", None, &attrs)
}

/// `podcast:liveItem` of a live record: its status and times, and the children of an item
/// (title, description, link, the stream as the enclosure, guid, pubDate), its content links
/// and its social, chat and value tags.
pub fn live_item(e: &Episode) -> Option<Extension> {
    let live = e.live.as_ref()?;
    let start = live.start.to_rfc3339();
    let end = live.end.map(|t| t.to_rfc3339());
    let mut attrs = vec![("status", live.status.as_str()), ("start", start.as_str())];
    attrs.extend(end.as_deref().map(|t| ("end", t)));
    let length = e.enclosure.length.to_string();
    let mut children = vec![
        element("title", Some(&e.title), &[]),
        element("description", Some(&e.description), &[]),
        element(
            "enclosure",
            None,
            &[
                ("url", e.enclosure.url.as_str()),
                ("length", &length),
                ("type", &e.enclosure.mime),
            ],
        ),
        element("guid", Some(&e.guid), &[("isPermaLink", "false")]),
        element("pubDate", Some(&rfc2822(e.published)), &[]),
    ];
    children.extend(
        e.link
            .as_ref()
            .map(|l| element("link", Some(l.as_str()), &[])),
    );
    children.extend(live.links.iter().map(|l| {
        element(
            "podcast:contentLink",
            Some(&l.label),
            &[("href", l.href.as_str())],
        )
    }));
    let mut podcast = Tags::new();
    shared(&e.social_interact, e.chat.as_ref(), &e.value, &mut podcast);
    children.extend(podcast.into_values().flatten());
    Some(with_children(
        element("podcast:liveItem", None, &attrs),
        children,
    ))
}

/// `atom:link rel="hub"` when a WebSub hub is configured: subscribers learn where to
/// subscribe for pushes (the hub the build notifies).
pub fn hub_link(config: &crate::config::Config) -> Option<Extension> {
    let hub = config.notify.websub_hub.as_ref()?;
    Some(element(
        "atom:link",
        None,
        &[("href", hub.as_str()), ("rel", "hub")],
    ))
}
