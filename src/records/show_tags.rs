//! Record keys of the show-level `podcast:` tags (SPEC.md §5.2): `trailers`, `update_frequency`,
//! `podroll`, `publisher`, `blocks`, `social_interact`, `chat`, `podping`, `max_items`, and an
//! episode's `[live]` table. Raw serde shapes, and their checks through the grammars of
//! [`crate::namespace`].

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::values;
use crate::diagnostic::Diagnostic;
use crate::model::{
    Block, Chat, ContentLink, LiveItem, LiveStatus, RemoteItem, ShowTags, SocialInteract, Trailer,
    UpdateFrequency,
};
use crate::namespace::{rrule, show_tags, slugs};
use crate::rules::records as r;
use crate::toml_file::SourceFile;

/// The longest trailer title, update-frequency text and remote title (SPEC.md §5.2).
const MAX_LABEL_CHARS: usize = 128;

/// `[[trailers]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTrailer {
    title: Spanned<String>,
    url: Spanned<String>,
    pubdate: Spanned<Datetime>,
    length: Option<u64>,
    #[serde(rename = "type")]
    mime: Option<Spanned<String>>,
    season: Option<Spanned<u32>>,
}

/// `[update_frequency]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUpdateFrequency {
    text: Spanned<String>,
    #[serde(default)]
    complete: bool,
    dtstart: Option<Spanned<Datetime>>,
    rrule: Option<Spanned<String>>,
}

/// `[[podroll]]`, `publisher`, and a time split's `remote_item`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRemoteItem {
    feed_guid: Spanned<String>,
    feed_url: Option<Spanned<String>>,
    item_guid: Option<String>,
    medium: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
}

/// `[[blocks]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBlock {
    blocked: bool,
    service: Option<Spanned<String>>,
}

/// `[[social_interact]]` (show and episode).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSocial {
    protocol: Spanned<String>,
    uri: Option<String>,
    account_id: Option<String>,
    account_url: Option<Spanned<String>>,
    priority: Option<u32>,
}

/// `chat` (show and episode).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChat {
    server: Spanned<String>,
    protocol: Spanned<String>,
    account_id: Option<String>,
    space: Option<String>,
}

/// An episode's `[live]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLive {
    status: LiveStatus,
    start: Spanned<Datetime>,
    end: Option<Spanned<Datetime>>,
    #[serde(default)]
    links: Vec<RawLink>,
}

/// `[[live.links]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    href: Spanned<String>,
    label: Spanned<String>,
}

/// The show group's raw keys of `show.toml`, moved out of the raw show.
pub(super) struct RawShowTags {
    pub trailers: Vec<RawTrailer>,
    pub update_frequency: Option<RawUpdateFrequency>,
    pub podroll: Option<Spanned<Vec<RawRemoteItem>>>,
    pub publisher: Option<RawRemoteItem>,
    pub blocks: Vec<RawBlock>,
    pub social_interact: Vec<RawSocial>,
    pub chat: Option<RawChat>,
    pub podping: bool,
    pub value: Vec<super::value::RawValue>,
    pub max_items: Option<Spanned<usize>>,
}

/// Checks and converts the show group's keys; every problem goes to `errs`.
pub(super) fn show_tags(
    src: &SourceFile<'_>,
    raw: RawShowTags,
    errs: &mut Vec<Diagnostic>,
) -> ShowTags {
    let podroll = match &raw.podroll {
        Some(list) if list.get_ref().is_empty() => {
            errs.push(src.error(
                &r::RECORD_REMOTE_ITEM,
                list.span(),
                "`podroll` is empty; expected at least one show, or leave the key out",
            ));
            Vec::new()
        }
        Some(list) => list
            .get_ref()
            .iter()
            .filter_map(|i| remote_item(src, i, errs))
            .collect(),
        None => Vec::new(),
    };
    if let Some(n) = raw.max_items.as_ref().filter(|n| *n.get_ref() == 0) {
        errs.push(src.error(
            &r::RECORD_NUMBER,
            n.span(),
            "`max_items` must be at least 1; leave it out to list every episode",
        ));
    }
    ShowTags {
        trailers: raw
            .trailers
            .iter()
            .filter_map(|t| trailer(src, t, errs))
            .collect(),
        update_frequency: raw
            .update_frequency
            .as_ref()
            .and_then(|u| update_frequency(src, u, errs)),
        podroll,
        publisher: raw
            .publisher
            .as_ref()
            .and_then(|p| remote_item(src, p, errs)),
        blocks: raw
            .blocks
            .iter()
            .filter_map(|b| block(src, b, errs))
            .collect(),
        social_interact: social(src, &raw.social_interact, errs),
        chat: raw.chat.as_ref().and_then(|c| chat(src, c, errs)),
        podping: raw.podping,
        value: super::value::values(src, &raw.value, None, errs),
        max_items: raw.max_items.map(Spanned::into_inner),
    }
}

/// Text of 1 to 128 characters, trimmed.
fn label(
    src: &SourceFile<'_>,
    field: &str,
    v: &Spanned<String>,
    errs: &mut Vec<Diagnostic>,
) -> String {
    let t = v.get_ref().trim();
    let n = t.chars().count();
    if n == 0 || n > MAX_LABEL_CHARS {
        let rule = if n == 0 {
            &r::RECORD_FIELD_EMPTY
        } else {
            &r::RECORD_FIELD_TOO_LONG
        };
        errs.push(src.error(
            rule,
            v.span(),
            format!("`{field}` is {n} characters long; expected 1 to {MAX_LABEL_CHARS}"),
        ));
    }
    t.to_owned()
}

fn url(
    src: &SourceFile<'_>,
    field: &str,
    v: &Spanned<String>,
    errs: &mut Vec<Diagnostic>,
) -> Option<url::Url> {
    values::absolute_url(src, field, v)
        .map_err(|d| errs.push(d))
        .ok()
}

fn trailer(src: &SourceFile<'_>, t: &RawTrailer, errs: &mut Vec<Diagnostic>) -> Option<Trailer> {
    let title = label(src, "trailers.title", &t.title, errs);
    let url = url(src, "trailers.url", &t.url, errs);
    let pubdate = values::datetime(src, "trailers.pubdate", &t.pubdate)
        .map_err(|d| errs.push(d))
        .ok();
    if let Some(m) = t
        .mime
        .as_ref()
        .filter(|m| !crate::mime::is_mime(m.get_ref()))
    {
        errs.push(src.error(
            &r::RECORD_MIME,
            m.span(),
            format!(
                "`trailers.type` must be a MIME type such as \"audio/mpeg\", found {:?}",
                m.get_ref()
            ),
        ));
    }
    if let Some(s) = t.season.as_ref().filter(|s| *s.get_ref() == 0) {
        errs.push(src.error(
            &r::RECORD_NUMBER,
            s.span(),
            "`trailers.season` must be a positive whole number, found 0",
        ));
    }
    Some(Trailer {
        title,
        url: url?,
        pubdate: pubdate?,
        length: t.length,
        mime: t.mime.as_ref().map(|m| m.get_ref().clone()),
        season: t.season.as_ref().map(|s| *s.get_ref()),
    })
}

fn update_frequency(
    src: &SourceFile<'_>,
    u: &RawUpdateFrequency,
    errs: &mut Vec<Diagnostic>,
) -> Option<UpdateFrequency> {
    let text = label(src, "update_frequency.text", &u.text, errs);
    let before = errs.len();
    let dtstart = u.dtstart.as_ref().and_then(|d| {
        let written = d.get_ref().to_string();
        let complete = d.get_ref().time.is_none() || d.get_ref().offset.is_some();
        match rrule::dtstart(&written) {
            Ok(_) if complete && d.get_ref().date.is_some() => Some(written),
            _ => {
                errs.push(src.error(
                    &r::RECORD_UPDATE_FREQUENCY,
                    d.span(),
                    format!("`update_frequency.dtstart` must be a date (2025-01-06) or a date-time with a zone (2025-01-06T08:00:00Z), found {written}"),
                ));
                None
            }
        }
    });
    if let Some(rule) = &u.rrule {
        let checked =
            rrule::rrule(rule.get_ref()).and_then(|p| rrule::with_dtstart(&p, dtstart.as_deref()));
        if let Err(e) = checked {
            errs.push(src.error(
                &r::RECORD_UPDATE_FREQUENCY,
                rule.span(),
                format!("`update_frequency.rrule`: {e}"),
            ));
        }
    }
    (errs.len() == before).then(|| UpdateFrequency {
        text,
        complete: u.complete,
        dtstart,
        rrule: u.rrule.as_ref().map(|r| r.get_ref().trim().to_owned()),
    })
}

/// A remote item: `feed_guid` a UUID, `feed_url` absolute, `medium` one of the namespace's.
pub(super) fn remote_item(
    src: &SourceFile<'_>,
    i: &RawRemoteItem,
    errs: &mut Vec<Diagnostic>,
) -> Option<RemoteItem> {
    let guid = show_tags::feed_guid(i.feed_guid.get_ref())
        .map_err(|e| {
            errs.push(src.error(
                &r::RECORD_REMOTE_ITEM,
                i.feed_guid.span(),
                format!("`feed_guid` {:?}: {e}", i.feed_guid.get_ref()),
            ))
        })
        .ok();
    let feed_url = i.feed_url.as_ref().map(|u| url(src, "feed_url", u, errs));
    if let Some(m) = i
        .medium
        .as_ref()
        .filter(|m| !crate::medium::MEDIUMS.contains(&m.get_ref().as_str()))
    {
        errs.push(src.error(
            &r::RECORD_REMOTE_ITEM,
            m.span(),
            format!(
                "`medium` {:?} is not one of {}",
                m.get_ref(),
                crate::medium::MEDIUMS.join(", ")
            ),
        ));
    }
    let title = i.title.as_ref().map(|t| label(src, "title", t, errs));
    Some(RemoteItem {
        feed_guid: guid?,
        feed_url: match feed_url {
            Some(u) => Some(u?),
            None => None,
        },
        item_guid: i.item_guid.clone(),
        medium: i.medium.as_ref().map(|m| m.get_ref().clone()),
        title,
    })
}

fn block(src: &SourceFile<'_>, b: &RawBlock, errs: &mut Vec<Diagnostic>) -> Option<Block> {
    let service = match &b.service {
        Some(s) => match slugs::service_slug(s.get_ref()) {
            Ok(slug) => Some(slug.to_owned()),
            Err(e) => {
                errs.push(src.error(
                    &r::RECORD_SERVICE,
                    s.span(),
                    format!("`blocks.service` {:?}: {e}", s.get_ref()),
                ));
                return None;
            }
        },
        None => None,
    };
    Some(Block {
        blocked: b.blocked,
        service,
    })
}

/// `[[social_interact]]` entries: protocol from the namespace's list, `uri` unless disabled.
pub(super) fn social(
    src: &SourceFile<'_>,
    list: &[RawSocial],
    errs: &mut Vec<Diagnostic>,
) -> Vec<SocialInteract> {
    let mut out = Vec::new();
    for s in list {
        let protocol = match slugs::social_protocol(s.protocol.get_ref()) {
            Ok(p) => p,
            Err(e) => {
                errs.push(src.error(
                    &r::RECORD_PROTOCOL,
                    s.protocol.span(),
                    format!("`social_interact.protocol` {:?}: {e}", s.protocol.get_ref()),
                ));
                continue;
            }
        };
        if protocol != "disabled" && s.uri.as_deref().is_none_or(|u| u.trim().is_empty()) {
            errs.push(src.error(&r::RECORD_PROTOCOL, s.protocol.span(), format!("`social_interact` with protocol {protocol:?} needs `uri`: the post where comments are")));
            continue;
        }
        let account_url = match &s.account_url {
            Some(u) => match url(src, "social_interact.account_url", u, errs) {
                Some(u) => Some(u),
                None => continue,
            },
            None => None,
        };
        out.push(SocialInteract {
            protocol: protocol.to_owned(),
            uri: s.uri.clone(),
            account_id: s.account_id.clone(),
            account_url,
            priority: s.priority,
        });
    }
    out
}

/// `chat`: a server and a protocol from the namespace's list.
pub(super) fn chat(src: &SourceFile<'_>, c: &RawChat, errs: &mut Vec<Diagnostic>) -> Option<Chat> {
    if c.server.get_ref().trim().is_empty() {
        errs.push(src.error(
            &r::RECORD_FIELD_EMPTY,
            c.server.span(),
            "`chat.server` must not be empty",
        ));
    }
    let protocol = slugs::chat_protocol(c.protocol.get_ref())
        .map_err(|e| {
            errs.push(src.error(
                &r::RECORD_PROTOCOL,
                c.protocol.span(),
                format!("`chat.protocol` {:?}: {e}", c.protocol.get_ref()),
            ))
        })
        .ok()?;
    Some(Chat {
        server: c.server.get_ref().trim().to_owned(),
        protocol: protocol.to_owned(),
        account_id: c.account_id.clone(),
        space: c.space.clone(),
    })
}

/// An episode's `[live]`: start and end with zones, the end after the start, and at least one
/// content link.
pub(super) fn live(
    src: &SourceFile<'_>,
    l: &Spanned<RawLive>,
    errs: &mut Vec<Diagnostic>,
) -> Option<LiveItem> {
    let raw = l.get_ref();
    let time = |v: &Spanned<Datetime>, errs: &mut Vec<Diagnostic>| {
        let ok = v.get_ref().time.is_some() && v.get_ref().offset.is_some();
        match show_tags::live_time(&v.get_ref().to_string()) {
            Ok(t) if ok => Some(t),
            _ => {
                errs.push(src.error(&r::RECORD_LIVE, v.span(), format!("a live time must be a date-time with a zone, such as 2025-01-06T08:00:00Z, found {}", v.get_ref())));
                None
            }
        }
    };
    let start = time(&raw.start, errs);
    let end = raw.end.as_ref().map(|e| time(e, errs));
    if let (Some(s), Some(Some(e)), Some(at)) = (start, end, raw.end.as_ref())
        && e <= s
    {
        errs.push(src.error(
            &r::RECORD_LIVE,
            at.span(),
            "`live.end` must be after `live.start`",
        ));
    }
    if raw.links.is_empty() {
        errs.push(src.error(&r::RECORD_LIVE, l.span(), "`[live]` needs at least one `[[live.links]]` (href, label): a podcast:liveItem must include podcast:contentLink"));
    }
    let mut links = Vec::new();
    for link in &raw.links {
        let label = link.label.get_ref().trim().to_owned();
        if label.is_empty() {
            errs.push(src.error(
                &r::RECORD_FIELD_EMPTY,
                link.label.span(),
                "`live.links.label` must not be empty",
            ));
        }
        if let Some(href) = url(src, "live.links.href", &link.href, errs) {
            links.push(ContentLink { href, label });
        }
    }
    Some(LiveItem {
        status: raw.status,
        start: start?,
        end: match end {
            Some(e) => Some(e?),
            None => None,
        },
        links,
    })
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;
    use crate::records::{parse_episode, parse_show};
    use crate::toml_file::SourceFile;

    const SHOW: &str = "title = \"S\"\ndescription = \"D\"\nlink = \"https://h.example\"\n\
        language = \"en\"\nauthor = \"A\"\nimage = \"https://h.example/c.jpg\"\n\
        categories = [\"Technology\"]\n";

    const EPISODE: &str = "title = \"E\"\npublished = 2025-01-06T08:00:00Z\nduration = 600\n";

    fn show(extra: &str) -> Result<crate::model::Show, Vec<Diagnostic>> {
        let text = format!("{SHOW}{extra}");
        let url = url::Url::parse("https://h.example/s/feed.xml").expect("url");
        parse_show(
            &SourceFile {
                name: "show.toml",
                text: &text,
            },
            "s",
            &url,
        )
        .map(|r| r.show)
    }

    fn episode(extra: &str) -> Result<crate::model::Episode, Vec<Diagnostic>> {
        let text = format!("{EPISODE}{extra}");
        parse_episode(
            &SourceFile {
                name: "e.toml",
                text: &text,
            },
            "s",
            "e",
        )
        .map(|r| r.episode)
    }

    /// (rule id, line) of each error, in order.
    fn located(extra: &str, errs: &[Diagnostic], base: &str) -> Vec<(&'static str, usize)> {
        let text = format!("{base}{extra}");
        errs.iter()
            .map(|d| (d.rule.id, d.located_in(&text).map_or(0, |l| l.line)))
            .collect()
    }

    #[test]
    fn show_keys_are_read() {
        let s = show(
            "podping = true\nmax_items = 3\nblocks = [{ blocked = true, service = \"Apple\" }]\n\
             [update_frequency]\ntext = \"Weekly\"\nrrule = \"FREQ=WEEKLY;COUNT=4\"\ndtstart = 2025-01-06\n",
        )
        .expect("valid");
        assert!(s.show_tags.podping);
        assert_eq!(s.show_tags.max_items, Some(3));
        assert_eq!(s.show_tags.blocks[0].service.as_deref(), Some("apple"));
        let u = s.show_tags.update_frequency.expect("update frequency");
        assert_eq!(u.dtstart.as_deref(), Some("2025-01-06"));
    }

    #[test]
    fn every_bad_show_value_is_reported_at_its_line() {
        let extra = "max_items = 0\n\
            blocks = [{ blocked = true, service = \"itunes\" }]\n\
            chat = { server = \"irc.example\", protocol = \"slack\" }\n\
            podroll = []\n\
            [update_frequency]\ntext = \"Weekly\"\nrrule = \"FREQ=WEEKLY;COUNT=4\"\n\
            [[trailers]]\ntitle = \"\"\nurl = \"trailer.mp3\"\npubdate = 2025-01-06T08:00:00\n\
            [[social_interact]]\nprotocol = \"activitypub\"\n\
            [publisher]\nfeed_guid = \"https://h.example/publisher.xml\"\n";
        let errs = show(extra).expect_err("invalid");
        assert_eq!(
            located(extra, &errs, SHOW),
            [
                ("record.remote-item", 11),
                ("record.number", 8),
                ("record.field.empty", 16),
                ("record.url", 17),
                ("record.date", 18),
                ("record.update-frequency", 14),
                ("record.remote-item", 22),
                ("record.service", 9),
                ("record.protocol", 20),
                ("record.protocol", 10),
            ],
            "{errs:#?}"
        );
    }

    #[test]
    fn a_live_record_needs_content_links_and_an_end_after_its_start() {
        let extra = "[enclosure]\nurl = \"https://h.example/live.mp3\"\ntype = \"audio/mpeg\"\n\
            [live]\nstatus = \"live\"\nstart = 2025-01-06T09:00:00Z\nend = 2025-01-06T08:00:00Z\n";
        let errs = episode(extra).expect_err("invalid");
        assert_eq!(
            located(extra, &errs, EPISODE),
            [("record.live", 10), ("record.live", 7)],
            "{errs:#?}"
        );
        let good = extra.replace("end = 2025-01-06T08:00:00Z", "end = 2025-01-06T10:00:00Z")
            + "[[live.links]]\nhref = \"https://h.example/watch\"\nlabel = \"Watch\"\n";
        let e = episode(&good).expect("valid");
        let live = e.live.expect("live");
        assert_eq!((live.links.len(), e.enclosure.length), (1, 0));
    }

    #[test]
    fn max_items_lists_the_newest_due_episodes_and_live_records_are_not_items() {
        let now = chrono::DateTime::parse_from_rfc3339("2025-02-01T00:00:00Z")
            .expect("date")
            .to_utc();
        for (kind, order) in [("episodic", ["d", "c"]), ("serial", ["c", "d"])] {
            let mut s = show(&format!("max_items = 2\ntype = \"{kind}\"\n")).expect("valid");
            for (n, (slug, day)) in [("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 9)]
                .iter()
                .enumerate()
            {
                let text = format!(
                    "title = \"{slug}\"\npublished = 2025-01-0{day}T08:00:00Z\nepisode = {}\n\
                     [enclosure]\nurl = \"https://h.example/{slug}.mp3\"\nlength = 1\ntype = \"audio/mpeg\"\n",
                    n + 1
                );
                let live = "[live]\nstatus = \"ended\"\nstart = 2025-01-09T08:00:00Z\n\
                            [[live.links]]\nhref = \"https://h.example/live\"\nlabel = \"Live\"\n";
                let text = if *slug == "e" {
                    format!("{text}{live}")
                } else {
                    text
                };
                let e = parse_episode(
                    &SourceFile {
                        name: "e.toml",
                        text: &text,
                    },
                    "s",
                    slug,
                )
                .expect("valid episode");
                s.episodes.push(Box::new(e.episode));
            }
            let listed: Vec<&str> = s
                .published_episodes(now)
                .iter()
                .map(|e| e.slug.as_str())
                .collect();
            assert_eq!(listed, order, "{kind}");
            let live: Vec<&str> = s.live_items(now).iter().map(|e| e.slug.as_str()).collect();
            assert_eq!(live, ["e"], "{kind}");
        }
    }
}
