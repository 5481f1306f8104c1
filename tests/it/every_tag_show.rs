//! The show group's keys of the every-tag show (issue 12: trailers, update frequency, podroll,
//! publisher, blocks, social interaction, chat, podping, value blocks, live items, the WebSub hub
//! link, the item limit), read back from the built feed by two independent readers (quick-xml
//! events into a tree, and the `rss` crate's extension map) and compared with the records as
//! TOML, attribute by attribute.

use std::collections::BTreeMap;
use std::fs;

use quick_xml::events::Event;

use super::common::site::root;
use super::every_tag::built;

/// An element read back: name, attributes, text (entities resolved) and children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    /// The children named `name`.
    fn all(&self, name: &str) -> Vec<&Node> {
        self.children.iter().filter(|c| c.name == name).collect()
    }

    /// The one child named `name`.
    fn one(&self, name: &str) -> &Node {
        let found = self.all(name);
        assert_eq!(found.len(), 1, "one <{name}> in <{}>", self.name);
        found[0]
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
}

fn start(e: &quick_xml::events::BytesStart<'_>) -> Node {
    let attrs = e
        .attributes()
        .map(|a| {
            let a = a.expect("attribute");
            let key = String::from_utf8(a.key.as_ref().to_vec()).expect("utf-8");
            let raw = String::from_utf8(a.value.to_vec()).expect("utf-8");
            let value = quick_xml::escape::unescape(&raw)
                .expect("entities")
                .into_owned();
            (key, value)
        })
        .collect();
    Node {
        name: String::from_utf8(e.name().as_ref().to_vec()).expect("utf-8"),
        attrs,
        ..Node::default()
    }
}

/// The feed as a tree of [`Node`]s: the `<rss>` element.
fn tree(feed: &str) -> Node {
    let mut reader = quick_xml::Reader::from_str(feed);
    let mut stack = vec![Node::default()];
    let mut raw_text = vec![String::new()];
    loop {
        match reader.read_event().expect("well-formed feed") {
            Event::Start(e) => {
                stack.push(start(&e));
                raw_text.push(String::new());
            }
            Event::Empty(e) => stack.last_mut().expect("parent").children.push(start(&e)),
            Event::Text(t) => raw_text
                .last_mut()
                .expect("open")
                .push_str(std::str::from_utf8(&t).expect("utf-8")),
            Event::CData(t) => {
                raw_text
                    .last_mut()
                    .expect("open")
                    .push_str(&quick_xml::escape::escape(
                        std::str::from_utf8(&t).expect("utf-8"),
                    ))
            }
            Event::GeneralRef(r) => {
                let name = std::str::from_utf8(&r).expect("utf-8");
                raw_text
                    .last_mut()
                    .expect("open")
                    .push_str(&format!("&{name};"));
            }
            Event::End(_) => {
                let mut node = stack.pop().expect("open element");
                let raw = raw_text.pop().expect("open text");
                node.text = quick_xml::escape::unescape(raw.trim())
                    .expect("entities")
                    .into_owned();
                stack.last_mut().expect("parent").children.push(node);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    stack
        .pop()
        .expect("document")
        .children
        .pop()
        .expect("<rss>")
}

/// A record file of the fixture, as TOML.
fn record(rel: &str) -> toml::Value {
    let path = root().join("tests/fixtures/every-tag").join(rel);
    toml::from_str(&fs::read_to_string(&path).expect("fixture record")).expect("TOML")
}

fn show() -> toml::Value {
    record("feeds/every-tag/show.toml")
}

/// The value of TOML key `key` of `table` as the feed writes it (strings as they are).
fn text(table: &toml::Value, key: &str) -> Option<String> {
    table.get(key).map(|v| match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) => d.to_string(),
        other => other.to_string(),
    })
}

/// Asserts that `node`'s attributes are the TOML `table`'s `keys` (record key, attribute).
fn same_attrs(node: &Node, table: &toml::Value, keys: &[(&str, &str)]) {
    for (key, attr) in keys {
        assert_eq!(
            node.attr(attr).map(str::to_owned),
            text(table, key),
            "<{}> {attr} vs record key {key}",
            node.name
        );
    }
}

fn channel(feed: &str) -> Node {
    let mut rss = tree(feed);
    rss.children.remove(0)
}

#[test]
fn trailers_update_frequency_blocks_and_podping_read_back_as_the_records() {
    let (_dir, feed) = built();
    let ch = channel(&feed);
    let show = show();
    let trailer = ch.one("podcast:trailer");
    let t = &show["trailers"][0];
    assert_eq!(Some(trailer.text.clone()), text(t, "title"));
    same_attrs(
        trailer,
        t,
        &[
            ("url", "url"),
            ("length", "length"),
            ("type", "type"),
            ("season", "season"),
        ],
    );
    // RFC 2822, under the lower-case attribute name.
    assert_eq!(
        trailer.attr("pubdate"),
        Some("Mon, 30 Dec 2024 08:00:00 +0000")
    );
    assert_eq!(text(t, "pubdate").as_deref(), Some("2024-12-30T08:00:00Z"));

    let u = ch.one("podcast:updateFrequency");
    let uf = &show["update_frequency"];
    assert_eq!(Some(u.text.clone()), text(uf, "text"));
    same_attrs(u, uf, &[("rrule", "rrule"), ("dtstart", "dtstart")]);
    // `complete = false` is the default, left unwritten.
    assert_eq!(
        (u.attr("complete"), text(uf, "complete").as_deref()),
        (None, Some("false"))
    );

    let blocks: Vec<(String, Option<&str>)> = ch
        .all("podcast:block")
        .iter()
        .map(|b| (b.text.clone(), b.attr("id")))
        .collect();
    let records: Vec<(String, Option<&str>)> = show["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .map(|b| {
            let blocked = b["blocked"].as_bool().expect("bool");
            (
                (if blocked { "yes" } else { "no" }).to_owned(),
                b.get("service").and_then(|s| s.as_str()),
            )
        })
        .collect();
    assert_eq!(blocks, records);

    assert_eq!(show["podping"].as_bool(), Some(true));
    assert_eq!(ch.one("podcast:podping").attr("usesPodping"), Some("true"));

    // The rss crate reads the same channel elements.
    let read = rss::Channel::read_from(feed.as_bytes()).expect("rss crate reads the feed");
    let podcast = &read.extensions["podcast"];
    assert_eq!(
        podcast["trailer"][0].attrs["pubdate"],
        "Mon, 30 Dec 2024 08:00:00 +0000"
    );
    assert_eq!(
        podcast["updateFrequency"][0].value.as_deref(),
        text(uf, "text").as_deref()
    );
    assert_eq!(podcast["block"].len(), 2);
}

#[test]
fn podroll_publisher_social_and_chat_read_back_as_the_records() {
    let (_dir, feed) = built();
    let ch = channel(&feed);
    let show = show();
    let remote = [
        ("feed_guid", "feedGuid"),
        ("feed_url", "feedUrl"),
        ("item_guid", "itemGuid"),
        ("medium", "medium"),
        ("title", "title"),
    ];
    let items = ch.one("podcast:podroll").all("podcast:remoteItem");
    let records = show["podroll"].as_array().expect("podroll");
    assert_eq!(items.len(), records.len());
    for (item, r) in items.iter().zip(records) {
        same_attrs(item, r, &remote);
    }
    let publisher = ch.one("podcast:publisher").one("podcast:remoteItem");
    same_attrs(publisher, &show["publisher"], &remote[..2]);
    assert_eq!(publisher.attr("medium"), Some("publisher"));
    assert_eq!(publisher.attr("title"), show["publisher"]["title"].as_str());

    let social = ch.one("podcast:socialInteract");
    same_attrs(
        social,
        &show["social_interact"][0],
        &[
            ("protocol", "protocol"),
            ("uri", "uri"),
            ("account_id", "accountId"),
            ("account_url", "accountUrl"),
            ("priority", "priority"),
        ],
    );
    let chat = [
        ("server", "server"),
        ("protocol", "protocol"),
        ("account_id", "accountId"),
        ("space", "space"),
    ];
    same_attrs(ch.one("podcast:chat"), &show["chat"], &chat);

    // The hub of config.toml, beside the self link.
    let config = record("config.toml");
    let links = ch.all("atom:link");
    let hub: Vec<_> = links
        .iter()
        .filter(|l| l.attr("rel") == Some("hub"))
        .collect();
    assert_eq!(hub.len(), 1);
    assert_eq!(hub[0].attr("href"), config["notify"]["websub_hub"].as_str());
}

/// The recipients' attributes, record key → attribute.
const RECIPIENT: &[(&str, &str)] = &[
    ("name", "name"),
    ("type", "type"),
    ("address", "address"),
    ("split", "split"),
    ("custom_key", "customKey"),
    ("custom_value", "customValue"),
    ("fee", "fee"),
];

fn same_value_block(node: &Node, table: &toml::Value) {
    same_attrs(
        node,
        table,
        &[
            ("type", "type"),
            ("method", "method"),
            ("suggested", "suggested"),
        ],
    );
    let recipients = node.all("podcast:valueRecipient");
    let records = table["recipients"].as_array().expect("recipients");
    assert_eq!(recipients.len(), records.len());
    for (r, t) in recipients.iter().zip(records) {
        same_attrs(r, t, RECIPIENT);
    }
    let splits = node.all("podcast:valueTimeSplit");
    let records = table
        .get("time_splits")
        .and_then(|t| t.as_array())
        .cloned()
        .unwrap_or_default();
    assert_eq!(splits.len(), records.len());
    for (s, t) in splits.iter().zip(&records) {
        let seconds = |key: &str| {
            t.get(key).map(|v| {
                v.as_float()
                    .or(v.as_integer().map(|i| i as f64))
                    .expect("number")
            })
        };
        for (key, attr) in [
            ("start", "startTime"),
            ("duration", "duration"),
            ("remote_start", "remoteStartTime"),
        ] {
            let written = s.attr(attr).map(|v| v.parse::<f64>().expect("a number"));
            assert_eq!(written, seconds(key), "{attr}");
        }
        same_attrs(s, t, &[("remote_percentage", "remotePercentage")]);
        match t.get("remote_item") {
            Some(item) => same_attrs(
                s.one("podcast:remoteItem"),
                item,
                &[
                    ("feed_guid", "feedGuid"),
                    ("item_guid", "itemGuid"),
                    ("medium", "medium"),
                ],
            ),
            None => {
                let inner = s.all("podcast:valueRecipient");
                let records = t["recipients"].as_array().expect("recipients");
                assert_eq!(inner.len(), records.len());
                for (r, rt) in inner.iter().zip(records) {
                    same_attrs(r, rt, RECIPIENT);
                }
            }
        }
    }
}

#[test]
fn value_blocks_of_show_and_episode_read_back_as_the_records() {
    let (_dir, feed) = built();
    let ch = channel(&feed);
    same_value_block(ch.one("podcast:value"), &show()["value"][0]);
    let episode = record("feeds/every-tag/episodes/2025-01-02-value-for-value.toml");
    let title = episode["title"].as_str().expect("title");
    let item = ch
        .all("item")
        .into_iter()
        .find(|i| i.one("title").text == title)
        .expect("the value episode's item");
    same_value_block(item.one("podcast:value"), &episode["value"][0]);
    same_attrs(
        item.one("podcast:chat"),
        &episode["chat"],
        &[
            ("server", "server"),
            ("protocol", "protocol"),
            ("space", "space"),
        ],
    );
    assert_eq!(
        item.one("podcast:socialInteract").attr("protocol"),
        Some("disabled")
    );
}

#[test]
fn a_live_record_is_a_live_item_with_its_content_links_and_no_item() {
    let (_dir, feed) = built();
    let ch = channel(&feed);
    let rec = record("feeds/every-tag/episodes/2025-01-20-live-launch.toml");
    let live = ch.one("podcast:liveItem");
    assert_eq!(live.attr("status"), rec["live"]["status"].as_str());
    for key in ["start", "end"] {
        let written =
            chrono::DateTime::parse_from_rfc3339(live.attr(key).expect("time")).expect("ISO 8601");
        let recorded =
            chrono::DateTime::parse_from_rfc3339(&text(&rec["live"], key).expect("time"))
                .expect("RFC 3339");
        assert_eq!(written, recorded, "{key}");
    }
    assert_eq!(Some(live.one("title").text.clone()), text(&rec, "title"));
    assert_eq!(
        live.one("description").text,
        format!("<p>{}</p>", rec["description"].as_str().expect("text"))
    );
    let enclosure = live.one("enclosure");
    same_attrs(
        enclosure,
        &rec["enclosure"],
        &[("url", "url"), ("type", "type")],
    );
    // A stream has no size: the record gives none, the feed says 0.
    assert_eq!(enclosure.attr("length"), Some("0"));
    let links: Vec<(Option<&str>, &str)> = live
        .all("podcast:contentLink")
        .iter()
        .map(|l| (l.attr("href"), l.text.as_str()))
        .collect();
    let records: Vec<(Option<&str>, &str)> = rec["live"]["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| (l["href"].as_str(), l["label"].as_str().expect("label")))
        .collect();
    assert_eq!(links, records);
    same_attrs(
        live.one("podcast:chat"),
        &rec["chat"],
        &[
            ("server", "server"),
            ("protocol", "protocol"),
            ("space", "space"),
        ],
    );
    same_attrs(
        live.one("podcast:socialInteract"),
        &rec["social_interact"][0],
        &[
            ("protocol", "protocol"),
            ("uri", "uri"),
            ("priority", "priority"),
        ],
    );
    assert!(
        ch.all("item")
            .iter()
            .all(|i| i.one("title").text != live.one("title").text),
        "a live record is not an <item>"
    );
}
