//! Apple's lifecycle tags and the `podcast:` namespace's tags → record keys, as data: each
//! [`Tag`] names the element (a path below its parent), the key it becomes and how each
//! attribute or the text becomes a value (README "Records"; SPEC.md §4, §5.1, §5.2). A row that
//! lacks a value its key needs, or a value that does not read as its kind, is left out with a
//! `record.import.value` warning naming the element.

use toml::{Table, Value};

use super::Ctx;
use crate::feed::Ns;
use crate::rules::records as rules;

/// How a text becomes a TOML value.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    /// The text, trimmed.
    Str,
    /// A whole number.
    Int,
    /// A number: whole when it is, else decimal.
    Num,
    /// `true` or `false`.
    Bool,
    /// `yes`/`true` (any case) is true, anything else false (`itunes:block`, `podcast:block`).
    Yes,
    /// An RFC 3339 date-time or date.
    Date,
    /// An RFC 2822 date (`pubdate` of `podcast:trailer`), written as a TOML date-time.
    Rfc2822,
}

/// Where a value is read from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Source {
    /// The element's text.
    Text,
    /// One of its attributes.
    Attr(&'static str),
}

/// One value of a row.
#[derive(Debug)]
pub(super) struct Field {
    from: Source,
    key: &'static str,
    kind: Kind,
    /// The record cannot take the row without it.
    needed: bool,
    /// The grammar the records hold the value to.
    check: Check,
}

/// A value's grammar, as the records check it (`crate::namespace`): a value that fails it
/// leaves its row out, so the records always load.
#[derive(Debug, Clone, Copy)]
pub(super) enum Check {
    /// Any text.
    Any,
    /// At most this many characters.
    Max(usize),
    /// A service slug (`podcast:block id`).
    Service,
    /// A social protocol (`podcast:socialInteract protocol`).
    Social,
    /// A chat protocol (`podcast:chat protocol`).
    Chat,
    /// A location's `rel`.
    Rel,
    /// A `geo:` URI.
    Geo,
    /// A UUID (`feedGuid`).
    Guid,
}

impl Field {
    /// The field, held to `check`.
    const fn held(self, check: Check) -> Field {
        Field { check, ..self }
    }
}

/// `Err` says why `raw` fails `check`.
fn check(raw: &str, check: Check) -> Result<(), String> {
    use crate::namespace::{location, show_tags, slugs};
    match check {
        Check::Any => Ok(()),
        Check::Max(n) => crate::namespace::media::at_most(raw, n).map(|_| ()),
        Check::Service => slugs::service_slug(raw).map(|_| ()),
        Check::Social => slugs::social_protocol(raw).map(|_| ()),
        Check::Chat => slugs::one_of("chat protocol", slugs::CHAT_PROTOCOLS, raw).map(|_| ()),
        Check::Rel => location::rel(raw).map(|_| ()),
        Check::Geo => location::geo(raw).map(|_| ()),
        Check::Guid => show_tags::feed_guid(raw).map(|_| ()),
    }
}

/// A needed field.
const fn need(from: Source, key: &'static str, kind: Kind) -> Field {
    Field {
        from,
        key,
        kind,
        needed: true,
        check: Check::Any,
    }
}

/// An optional field.
const fn opt(from: Source, key: &'static str, kind: Kind) -> Field {
    Field {
        from,
        key,
        kind,
        needed: false,
        check: Check::Any,
    }
}

/// Where a tag's values go in its parent's table.
#[derive(Debug)]
pub(super) enum Shape {
    /// Keys of the parent itself (the first element only).
    Flat,
    /// One table under this key (the first element only).
    One(&'static str),
    /// An array of tables under this key, one per element.
    Many(&'static str),
}

/// A tag and the key it becomes.
#[derive(Debug)]
pub(super) struct Tag {
    /// The element's path below the parent (the last step may repeat); empty: the parent itself.
    path: &'static [(Ns, &'static str)],
    shape: Shape,
    fields: &'static [Field],
    /// Tags inside the element, into the row's table.
    nested: &'static [Tag],
}

use Kind::{Bool, Date, Int, Num, Rfc2822, Str, Yes};
use Source::{Attr, Text};

const P: Ns = Ns::Podcast;

/// `podcast:remoteItem`'s attributes (SPEC.md §5.2 remoteItem).
const REMOTE_ITEM: &[Field] = &[
    need(Attr("feedGuid"), "feed_guid", Str).held(Check::Guid),
    opt(Attr("feedUrl"), "feed_url", Str),
    opt(Attr("itemGuid"), "item_guid", Str),
    opt(Attr("medium"), "medium", Str),
    opt(Attr("title"), "title", Str),
];

/// `podcast:valueRecipient`s of a value block or a time split.
const RECIPIENTS: Tag = Tag {
    path: &[(P, "valueRecipient")],
    shape: Shape::Many("recipients"),
    fields: &[
        opt(Attr("name"), "name", Str),
        need(Attr("type"), "type", Str),
        need(Attr("address"), "address", Str),
        need(Attr("split"), "split", Int),
        opt(Attr("customKey"), "custom_key", Str),
        opt(Attr("customValue"), "custom_value", Str),
        opt(Attr("fee"), "fee", Bool),
    ],
    nested: &[],
};

/// `podcast:value` with its recipients and time splits (SPEC.md §5.2 value).
const VALUE: Tag = Tag {
    path: &[(P, "value")],
    shape: Shape::Many("value"),
    fields: &[
        need(Attr("type"), "type", Str),
        need(Attr("method"), "method", Str),
        opt(Attr("suggested"), "suggested", Str),
    ],
    nested: &[
        RECIPIENTS,
        Tag {
            path: &[(P, "valueTimeSplit")],
            shape: Shape::Many("time_splits"),
            fields: &[
                need(Attr("startTime"), "start", Num),
                need(Attr("duration"), "duration", Num),
                opt(Attr("remoteStartTime"), "remote_start", Num),
                opt(Attr("remotePercentage"), "remote_percentage", Int),
            ],
            nested: &[
                Tag {
                    path: &[(P, "remoteItem")],
                    shape: Shape::One("remote_item"),
                    fields: REMOTE_ITEM,
                    nested: &[],
                },
                RECIPIENTS,
            ],
        },
    ],
};

/// Tags of both the channel and an item.
const LICENSE: Tag = Tag {
    path: &[(P, "license")],
    shape: Shape::Flat,
    fields: &[
        need(Text, "license", Str).held(Check::Max(128)),
        opt(Attr("url"), "license_url", Str),
    ],
    nested: &[],
};
const LOCATIONS: Tag = Tag {
    path: &[(P, "location")],
    shape: Shape::Many("locations"),
    fields: &[
        need(Text, "name", Str).held(Check::Max(128)),
        opt(Attr("rel"), "rel", Str).held(Check::Rel),
        opt(Attr("geo"), "geo", Str).held(Check::Geo),
        opt(Attr("osm"), "osm", Str),
        opt(Attr("country"), "country", Str),
    ],
    nested: &[],
};
const TXT: Tag = Tag {
    path: &[(P, "txt")],
    shape: Shape::Many("txt"),
    fields: &[
        need(Text, "text", Str).held(Check::Max(4000)),
        opt(Attr("purpose"), "purpose", Str).held(Check::Max(128)),
    ],
    nested: &[],
};
const IMAGES: Tag = Tag {
    path: &[(P, "image")],
    shape: Shape::Many("images"),
    fields: &[
        need(Attr("href"), "href", Str),
        opt(Attr("alt"), "alt", Str),
        opt(Attr("aspect-ratio"), "aspect_ratio", Str),
        opt(Attr("width"), "width", Int),
        opt(Attr("height"), "height", Int),
        opt(Attr("type"), "type", Str),
        opt(Attr("purpose"), "purpose", Str),
    ],
    nested: &[],
};
const SOCIAL: Tag = Tag {
    path: &[(P, "socialInteract")],
    shape: Shape::Many("social_interact"),
    fields: &[
        need(Attr("protocol"), "protocol", Str).held(Check::Social),
        opt(Attr("uri"), "uri", Str),
        opt(Attr("accountId"), "account_id", Str),
        opt(Attr("accountUrl"), "account_url", Str),
        opt(Attr("priority"), "priority", Int),
    ],
    nested: &[],
};
const CHAT: Tag = Tag {
    path: &[(P, "chat")],
    shape: Shape::One("chat"),
    fields: &[
        need(Attr("server"), "server", Str),
        need(Attr("protocol"), "protocol", Str).held(Check::Chat),
        opt(Attr("accountId"), "account_id", Str),
        opt(Attr("space"), "space", Str),
    ],
    nested: &[],
};
/// A tag whose text is one key of its parent.
macro_rules! text_key {
    ($ns:expr, $local:literal, $key:literal, $kind:expr) => {
        Tag {
            path: &[($ns, $local)],
            shape: Shape::Flat,
            fields: &[need(Text, $key, $kind)],
            nested: &[],
        }
    };
}

/// `<itunes:title>` and `<itunes:block>`, of the channel and of an item.
const ITUNES_TITLE: Tag = text_key!(Ns::Itunes, "title", "itunes_title", Str);
const ITUNES_BLOCK: Tag = text_key!(Ns::Itunes, "block", "itunes_block", Yes);

/// The channel's tags the show record carries this way (the others: `channel.rs`).
pub(super) const CHANNEL: &[Tag] = &[
    ITUNES_TITLE,
    ITUNES_BLOCK,
    text_key!(Ns::Itunes, "complete", "itunes_complete", Yes),
    text_key!(Ns::Itunes, "new-feed-url", "new_feed_url", Str),
    LICENSE,
    LOCATIONS,
    TXT,
    IMAGES,
    Tag {
        path: &[(P, "trailer")],
        shape: Shape::Many("trailers"),
        fields: &[
            need(Text, "title", Str).held(Check::Max(128)),
            need(Attr("url"), "url", Str),
            need(Attr("pubdate"), "pubdate", Rfc2822),
            opt(Attr("length"), "length", Int),
            opt(Attr("type"), "type", Str),
            opt(Attr("season"), "season", Int),
        ],
        nested: &[],
    },
    Tag {
        path: &[(P, "updateFrequency")],
        shape: Shape::One("update_frequency"),
        fields: &[
            need(Text, "text", Str),
            opt(Attr("rrule"), "rrule", Str),
            opt(Attr("dtstart"), "dtstart", Date),
            opt(Attr("complete"), "complete", Bool),
        ],
        nested: &[],
    },
    Tag {
        path: &[(P, "podroll"), (P, "remoteItem")],
        shape: Shape::Many("podroll"),
        fields: REMOTE_ITEM,
        nested: &[],
    },
    Tag {
        path: &[(P, "publisher"), (P, "remoteItem")],
        shape: Shape::One("publisher"),
        fields: &[
            need(Attr("feedGuid"), "feed_guid", Str).held(Check::Guid),
            opt(Attr("feedUrl"), "feed_url", Str),
            opt(Attr("title"), "title", Str),
        ],
        nested: &[],
    },
    Tag {
        path: &[(P, "block")],
        shape: Shape::Many("blocks"),
        fields: &[
            need(Text, "blocked", Yes),
            opt(Attr("id"), "service", Str).held(Check::Service),
        ],
        nested: &[],
    },
    SOCIAL,
    CHAT,
    Tag {
        path: &[(P, "podping")],
        shape: Shape::Flat,
        fields: &[need(Attr("usesPodping"), "podping", Bool)],
        nested: &[],
    },
    VALUE,
];

/// An item's tags the episode record carries this way (the others: `item.rs`).
pub(super) const ITEM: &[Tag] = &[
    ITUNES_TITLE,
    ITUNES_BLOCK,
    Tag {
        path: &[(P, "season")],
        shape: Shape::Flat,
        fields: &[opt(Attr("name"), "season_name", Str).held(Check::Max(128))],
        nested: &[],
    },
    Tag {
        path: &[(P, "episode")],
        shape: Shape::Flat,
        fields: &[opt(Attr("display"), "episode_display", Str).held(Check::Max(32))],
        nested: &[],
    },
    LICENSE,
    LOCATIONS,
    TXT,
    IMAGES,
    Tag {
        path: &[(P, "soundbite")],
        shape: Shape::Many("soundbites"),
        fields: &[
            need(Attr("startTime"), "start", Num),
            need(Attr("duration"), "duration", Num),
            opt(Text, "title", Str).held(Check::Max(128)),
        ],
        nested: &[],
    },
    Tag {
        path: &[(P, "alternateEnclosure")],
        shape: Shape::Many("alternate_enclosures"),
        fields: &[
            need(Attr("type"), "type", Str),
            opt(Attr("length"), "length", Int),
            opt(Attr("bitrate"), "bitrate", Num),
            opt(Attr("height"), "height", Int),
            opt(Attr("lang"), "lang", Str),
            opt(Attr("title"), "title", Str).held(Check::Max(32)),
            opt(Attr("rel"), "rel", Str).held(Check::Max(32)),
            opt(Attr("codecs"), "codecs", Str),
            opt(Attr("default"), "default", Bool),
        ],
        nested: &[
            Tag {
                path: &[(P, "source")],
                shape: Shape::Many("sources"),
                fields: &[
                    need(Attr("uri"), "uri", Str),
                    opt(Attr("contentType"), "content_type", Str),
                ],
                nested: &[],
            },
            Tag {
                path: &[(P, "integrity")],
                shape: Shape::One("integrity"),
                fields: &[
                    need(Attr("type"), "type", Str),
                    need(Attr("value"), "value", Str),
                ],
                nested: &[],
            },
        ],
    },
    VALUE,
    SOCIAL,
    CHAT,
];

/// `podcast:liveItem`'s own attributes and content links → `[live]` (SPEC.md §5.2 liveItem).
pub(super) const LIVE: &[Tag] = &[Tag {
    path: &[],
    shape: Shape::One("live"),
    fields: &[
        need(Attr("status"), "status", Str),
        need(Attr("start"), "start", Date),
        opt(Attr("end"), "end", Date),
    ],
    nested: &[Tag {
        path: &[(P, "contentLink")],
        shape: Shape::Many("links"),
        fields: &[need(Attr("href"), "href", Str), need(Text, "label", Str)],
        nested: &[],
    }],
}];

/// Adds the keys of `tags` found below element `parent` to `table`.
pub(super) fn apply(ctx: &mut Ctx<'_>, parent: usize, tags: &[Tag], table: &mut Table) {
    for tag in tags {
        let found = elements(ctx, parent, tag.path);
        match tag.shape {
            Shape::Flat => {
                if let Some(&e) = found.first() {
                    row(ctx, e, tag, table);
                }
            }
            Shape::One(key) => {
                let mut t = Table::new();
                if let Some(&e) = found.first()
                    && row(ctx, e, tag, &mut t)
                {
                    table.insert(key.into(), Value::Table(t));
                }
            }
            Shape::Many(key) => {
                let mut rows = Vec::new();
                for e in found {
                    let mut t = Table::new();
                    if row(ctx, e, tag, &mut t) {
                        rows.push(Value::Table(t));
                    }
                }
                if !rows.is_empty() {
                    table.insert(key.into(), Value::Array(rows));
                }
            }
        }
    }
}

/// The elements at `path` below `parent`: the first of each step, every one of the last.
fn elements(ctx: &Ctx<'_>, parent: usize, path: &[(Ns, &str)]) -> Vec<usize> {
    let Some(((ns, local), steps)) = path.split_last() else {
        return vec![parent];
    };
    let mut at = parent;
    for (n, l) in steps {
        match ctx.doc.child(at, n, l) {
            Some(c) => at = c,
            None => return Vec::new(),
        }
    }
    ctx.doc.children_named(at, ns, local).collect()
}

/// Fills `out` from element `id`; false (with a warning, `out` untouched) when a needed value is
/// missing or unreadable.
fn row(ctx: &mut Ctx<'_>, id: usize, tag: &Tag, out: &mut Table) -> bool {
    let mut t = Table::new();
    for f in tag.fields {
        let raw = raw(ctx, id, f.from);
        let value = raw.as_deref().map(|r| {
            check(r, f.check)?;
            convert(r, f.kind).ok_or_else(|| format!("expected a {}", noun(f.kind)))
        });
        let why = match (value, &raw) {
            (Some(Ok(v)), _) => {
                t.insert(f.key.into(), v);
                continue;
            }
            (None, _) if !f.needed => continue,
            (Some(Err(why)), Some(r)) => format!("{r:?}: {why}"),
            _ => format!("missing, and `{}` needs it", f.key),
        };
        let name = ctx
            .doc
            .get(id)
            .map(|e| e.display_name())
            .unwrap_or_default();
        let what = match f.from {
            Text => "its text".to_owned(),
            Attr(a) => format!("`{a}`"),
        };
        let m = format!("<{name}> {what} {why}: not imported");
        ctx.warn(&rules::IMPORT_VALUE, id, m);
        return false;
    }
    for nested in tag.nested {
        apply(ctx, id, std::slice::from_ref(nested), &mut t);
    }
    out.extend(t);
    true
}

/// The trimmed text or attribute, when not empty.
fn raw(ctx: &Ctx<'_>, id: usize, from: Source) -> Option<String> {
    let e = ctx.doc.get(id)?;
    let s = match from {
        Text => ctx.doc.text_of(e),
        Attr(a) => ctx.doc.attr_value(e, a)?,
    };
    Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// What a kind is called in a warning.
fn noun(kind: Kind) -> &'static str {
    match kind {
        Str | Yes => "text",
        Int => "whole number",
        Num => "number",
        Bool => "boolean (true or false)",
        Date => "RFC 3339 date",
        Rfc2822 => "RFC 2822 date",
    }
}

/// `raw` as a value of `kind`, when it reads as one.
fn convert(raw: &str, kind: Kind) -> Option<Value> {
    match kind {
        Str => Some(Value::String(raw.to_owned())),
        Int => raw.parse().ok().map(Value::Integer),
        Num => raw.parse().ok().map(Value::Integer).or_else(|| {
            raw.parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(Value::Float)
        }),
        Bool => match raw.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Boolean(true)),
            "false" => Some(Value::Boolean(false)),
            _ => None,
        },
        Yes => Some(Value::Boolean(super::channel::is_yes(raw))),
        Date => raw.parse().ok().map(Value::Datetime),
        Rfc2822 => crate::rules::rfc822::parse(raw)
            .ok()
            .map(|d| d.date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .and_then(|s| s.parse().ok())
            .map(Value::Datetime),
    }
}

/// The elements [`CHANNEL`] or [`ITEM`] read, for the not-imported report.
pub(super) fn carried(tags: &[Tag]) -> impl Iterator<Item = (Ns, &'static str)> + '_ {
    tags.iter()
        .filter_map(|t| t.path.first().map(|(ns, l)| (ns.clone(), *l)))
}
