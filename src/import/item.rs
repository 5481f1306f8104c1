//! `<item>` → an episode record: every value an episode record can hold (README "Records").

use std::collections::HashSet;

use toml::{Table, Value};

use super::channel::{is_url, is_yes};
use super::{Ctx, ImportedEpisode, TranscriptLink};
use crate::feed::Ns;
use crate::rules::records as rules;

/// Child elements of `<item>` an episode record carries.
pub(super) const CARRIED: &[(Ns, &str)] = &[
    (Ns::None, "title"),
    (Ns::None, "link"),
    (Ns::None, "description"),
    (Ns::None, "guid"),
    (Ns::None, "pubDate"),
    (Ns::None, "enclosure"),
    (Ns::Content, "encoded"),
    (Ns::Itunes, "title"),
    (Ns::Itunes, "summary"),
    (Ns::Itunes, "duration"),
    (Ns::Itunes, "season"),
    (Ns::Itunes, "episode"),
    (Ns::Itunes, "episodeType"),
    (Ns::Itunes, "explicit"),
    (Ns::Itunes, "image"),
    (Ns::Podcast, "transcript"),
    (Ns::Podcast, "chapters"),
    (Ns::Podcast, "person"),
    (Ns::Podcast, "funding"),
    (Ns::Podcast, "contentLink"),
];

/// An item on its way to a record: its date decides its place and its slug.
/// Its record is text already: a feed's records are never all alive as tables at once.
struct Draft {
    date: chrono::DateTime<chrono::FixedOffset>,
    title: String,
    record: String,
    numbered: bool,
    transcripts: Vec<TranscriptLink>,
    chapters: Option<String>,
    missing_length: Option<String>,
}

/// Every importable item (and `podcast:liveItem`) of channel `ch`, as records sorted by slug
/// (date first).
pub(super) fn episodes(ctx: &mut Ctx<'_>, ch: usize, language: &str) -> Vec<ImportedEpisode> {
    let mut items: Vec<(usize, bool)> = ctx
        .doc
        .children_named(ch, &Ns::None, "item")
        .map(|id| (id, false))
        .collect();
    items.extend(
        ctx.doc
            .children_named(ch, &Ns::Podcast, "liveItem")
            .map(|id| (id, true)),
    );
    let carried: Vec<(Ns, &str)> = CARRIED
        .iter()
        .cloned()
        .chain(super::tags::carried(super::tags::ITEM))
        .collect();
    let mut guids = HashSet::new();
    let mut drafts = Vec::new();
    for (it, live) in items {
        ctx.unmapped.scan(ctx.doc, it, &carried);
        let guid = guid(ctx, it);
        if let Some((g, _)) = &guid
            && !guids.insert(g.clone())
        {
            let m =
                format!("another item before this one has guid {g:?}: this one is not imported");
            ctx.warn(&rules::IMPORT_GUID_DUPLICATE, it, m);
            continue;
        }
        if let Some(d) = draft(ctx, (it, live), guid, language) {
            drafts.push(d);
        }
    }
    // Suffixes go by date, then feed order, so a newer feed with one more item keeps the slugs.
    drafts.sort_by_key(|d| d.date);
    let mut names = super::slug::Slugs::default();
    let mut out: Vec<ImportedEpisode> = drafts
        .into_iter()
        .map(|d| {
            let slug = names.next(d.date.date_naive(), &d.title);
            ImportedEpisode {
                numbered: d.numbered,
                slug,
                record: d.record,
                transcripts: d.transcripts,
                chapters: d.chapters,
                missing_length: d.missing_length,
            }
        })
        .collect();
    out.sort_by(|a, b| a.slug.cmp(&b.slug));
    out
}

/// The item's guid as published, and whether it is a permalink (the default).
fn guid(ctx: &Ctx<'_>, it: usize) -> Option<(String, bool)> {
    let g = ctx.doc.child(it, &Ns::None, "guid")?;
    let e = ctx.doc.get(g)?;
    let value = ctx.doc.text_of(e).trim();
    if value.is_empty() {
        return None;
    }
    let permalink = ctx
        .doc
        .attr_value(e, "isPermaLink")
        .is_none_or(|v| !v.trim().eq_ignore_ascii_case("false"));
    Some((value.to_owned(), permalink))
}

/// One item's record (`live`: a `podcast:liveItem`), or `None` (with a warning) when it lacks
/// what a record must have.
fn draft(
    ctx: &mut Ctx<'_>,
    (it, live): (usize, bool),
    guid: Option<(String, bool)>,
    language: &str,
) -> Option<Draft> {
    let Some(date) = published(ctx, it) else {
        let m = "the item has no readable <pubDate>: not imported (a record needs its date)";
        ctx.warn(&rules::IMPORT_VALUE, it, m.into());
        return None;
    };
    let Some((enclosure, missing_length)) = enclosure(ctx, it, live) else {
        let m = "the item has no <enclosure> with an absolute url: not imported";
        ctx.warn(&rules::IMPORT_VALUE, it, m.into());
        return None;
    };
    let mut t = Table::new();
    let title = ctx
        .text(it, &Ns::None, "title")
        .or_else(|| ctx.text(it, &Ns::Itunes, "title"))
        .unwrap_or_else(|| {
            ctx.warn(
                &rules::IMPORT_VALUE,
                it,
                "the item has no title: wrote \"Untitled\"".into(),
            );
            "Untitled".to_owned()
        });
    t.insert("title".into(), Value::String(title.clone()));
    let stamp = date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    if let Ok(dt) = stamp.parse::<toml::value::Datetime>() {
        t.insert("published".into(), Value::Datetime(dt));
    }
    match guid {
        Some((g, permalink)) => {
            t.insert("guid".into(), Value::String(g));
            if permalink {
                t.insert("guid_is_permalink".into(), Value::Boolean(true));
            }
        }
        None => {
            // Apps tell such items apart by their enclosure URL: keep that identity.
            if let Some(Value::String(url)) = enclosure.get("url") {
                t.insert("guid".into(), Value::String(url.clone()));
            }
            let m = "the item has no guid: its enclosure URL, which apps use instead, is its guid";
            ctx.warn(&rules::IMPORT_VALUE, it, m.into());
        }
    }
    t.insert("enclosure".into(), Value::Table(enclosure));
    notes(ctx, it, &mut t);
    itunes(ctx, it, &mut t);
    if let Some(link) = ctx.text(it, &Ns::None, "link").filter(|l| is_url(l)) {
        t.insert("link".into(), Value::String(link));
    }
    namespace(ctx, it, &mut t);
    if live {
        super::tags::apply(ctx, it, super::tags::LIVE, &mut t);
    }
    Some(Draft {
        date,
        title,
        numbered: t.contains_key("episode"),
        record: toml::to_string(&t).unwrap_or_default(),
        transcripts: transcripts(ctx, it, language),
        chapters: ctx
            .attr(it, &Ns::Podcast, "chapters", "url")
            .filter(|u| is_url(u)),
        missing_length,
    })
}

/// The item's `podcast:` tags: persons, funding, and the ones [`super::tags::ITEM`] maps.
fn namespace(ctx: &mut Ctx<'_>, it: usize, t: &mut Table) {
    let persons = persons(ctx, it);
    if !persons.is_empty() {
        t.insert("persons".into(), Value::Array(persons));
    }
    let funding = super::channel::funding(ctx, it);
    if !funding.is_empty() {
        t.insert("funding".into(), Value::Array(funding));
    }
    super::tags::apply(ctx, it, super::tags::ITEM, t);
    // A season's name and an episode's display text need their number (README "Records").
    for (named, number) in [("season_name", "season"), ("episode_display", "episode")] {
        if t.contains_key(named) && !t.contains_key(number) {
            t.remove(named);
            let at = ctx.doc.child(it, &Ns::Podcast, number).unwrap_or(it);
            let m =
                format!("<podcast:{number}> has no whole number: its `{named}` is not imported");
            ctx.warn(&rules::IMPORT_VALUE, at, m);
        }
    }
}

/// `pubDate`, with its own zone.
fn published(ctx: &Ctx<'_>, it: usize) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let text = ctx.text(it, &Ns::None, "pubDate")?;
    crate::rules::rfc822::parse(&text)
        .map(|d| d.date)
        .ok()
        .or_else(|| chrono::DateTime::parse_from_rfc2822(&text).ok())
}

/// `[enclosure]`, and the URL to measure when the length is missing (a live stream has none).
fn enclosure(ctx: &mut Ctx<'_>, it: usize, live: bool) -> Option<(Table, Option<String>)> {
    let id = ctx.doc.child(it, &Ns::None, "enclosure")?;
    let e = ctx.doc.get(id)?;
    let url = ctx
        .doc
        .attr_value(e, "url")
        .map(str::trim)
        .filter(|u| is_url(u))?
        .to_owned();
    let mut t = Table::new();
    let length = ctx
        .doc
        .attr_value(e, "length")
        .and_then(|l| l.trim().parse::<i64>().ok())
        .filter(|l| *l > 0);
    let mime = ctx
        .doc
        .attr_value(e, "type")
        .map(str::trim)
        .filter(|m| crate::mime::is_mime(m))
        .map(str::to_owned);
    let missing = if length.is_none() && !live {
        let m = format!(
            "the enclosure {url} has no length: imported as 0; Apple wants the media file's real size in bytes"
        );
        ctx.warn(&rules::IMPORT_ENCLOSURE_LENGTH, id, m);
        Some(url.clone())
    } else {
        None
    };
    t.insert("url".into(), Value::String(url));
    t.insert("length".into(), Value::Integer(length.unwrap_or(0)));
    match mime {
        Some(m) => {
            t.insert("type".into(), Value::String(m));
        }
        None => {
            ctx.warn(
                &rules::IMPORT_VALUE,
                id,
                "the enclosure has no MIME type: wrote \"audio/mpeg\"; check it".into(),
            );
            t.insert("type".into(), Value::String("audio/mpeg".into()));
        }
    }
    Some((t, missing))
}

/// `description` as HTML: `content:encoded`, else `description`, else `itunes:summary`.
fn notes(ctx: &Ctx<'_>, it: usize, t: &mut Table) {
    let notes = ctx
        .text(it, &Ns::Content, "encoded")
        .or_else(|| ctx.text(it, &Ns::None, "description"))
        .or_else(|| ctx.text(it, &Ns::Itunes, "summary"));
    if let Some(n) = notes {
        t.insert("description".into(), Value::String(n));
        t.insert("description_format".into(), Value::String("html".into()));
    }
}

/// `duration`, `season`, `episode`, `type`, `explicit`, `image`.
fn itunes(ctx: &mut Ctx<'_>, it: usize, t: &mut Table) {
    if let Some(d) = ctx.text(it, &Ns::Itunes, "duration") {
        let whole = d.split_once('.').map_or(d.as_str(), |(w, _)| w);
        match crate::records::parse_clock(whole).or_else(|| lenient_clock(whole)) {
            Some(s) if s <= crate::records::MAX_DURATION_SECS => {
                t.insert(
                    "duration".into(),
                    Value::Integer(i64::try_from(s).unwrap_or(0)),
                );
            }
            _ => {
                let at = ctx.doc.child(it, &Ns::Itunes, "duration").unwrap_or(it);
                ctx.warn(
                    &rules::IMPORT_VALUE,
                    at,
                    format!("<itunes:duration> {d:?} is not a duration: not imported"),
                );
            }
        }
    }
    for key in ["season", "episode"] {
        let n = ctx
            .text(it, &Ns::Itunes, key)
            .or_else(|| ctx.text(it, &Ns::Podcast, key));
        if let Some(n) = n {
            match n.parse::<u32>() {
                Ok(n) if n > 0 => {
                    t.insert(key.into(), Value::Integer(i64::from(n)));
                }
                _ => {
                    let at = ctx.doc.child(it, &Ns::Itunes, key).unwrap_or(it);
                    ctx.warn(
                        &rules::IMPORT_VALUE,
                        at,
                        format!("<itunes:{key}> {n:?} is not a positive number: not imported"),
                    );
                }
            }
        }
    }
    if let Some(kind) = ctx.text(it, &Ns::Itunes, "episodeType") {
        let k = kind.to_ascii_lowercase();
        if matches!(k.as_str(), "trailer" | "bonus") {
            t.insert("type".into(), Value::String(k));
        }
    }
    if let Some(e) = ctx.text(it, &Ns::Itunes, "explicit") {
        t.insert("explicit".into(), Value::Boolean(is_yes(&e)));
    }
    if let Some(img) = ctx
        .attr(it, &Ns::Itunes, "image", "href")
        .filter(|u| is_url(u))
    {
        t.insert("image".into(), Value::String(img));
    }
}

/// `M:SS`-like durations with unpadded parts (`1:2:3`), which apps read.
fn lenient_clock(s: &str) -> Option<u64> {
    let parts: Vec<u64> = s
        .split(':')
        .map(|p| p.trim().parse().ok())
        .collect::<Option<_>>()?;
    if parts.is_empty() || parts.len() > 3 || parts.iter().skip(1).any(|p| *p > 59) {
        return None;
    }
    Some(parts.iter().fold(0, |acc, p| acc * 60 + p))
}

/// The item's transcripts, in the order to try them: the show's language first (a link that
/// names none is in it), then the other languages, each with the formats with timecodes first.
fn transcripts(ctx: &Ctx<'_>, it: usize, language: &str) -> Vec<TranscriptLink> {
    let primary = |l: &str| l.split('-').next().unwrap_or(l).to_owned();
    let show = primary(language);
    let mut out: Vec<TranscriptLink> = ctx
        .doc
        .children_named(it, &Ns::Podcast, "transcript")
        .filter_map(|id| ctx.doc.get(id))
        .filter_map(|e| {
            let lang = ctx
                .doc
                .attr_value(e, "language")
                .map(|l| l.trim().to_ascii_lowercase())
                .filter(|l| !l.is_empty());
            Some(TranscriptLink {
                url: ctx
                    .doc
                    .attr_value(e, "url")
                    .map(str::trim)
                    .filter(|u| is_url(u))?
                    .to_owned(),
                mime: ctx
                    .doc
                    .attr_value(e, "type")
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase(),
                main: lang.as_deref().is_none_or(|l| primary(l) == show),
                language: lang,
            })
        })
        .collect();
    let rank = |t: &TranscriptLink| {
        let format = TRANSCRIPT_TYPES
            .iter()
            .position(|m| *m == t.mime)
            .unwrap_or(TRANSCRIPT_TYPES.len());
        let lang = if t.main { None } else { t.language.clone() };
        (!t.main, lang, format)
    };
    out.sort_by_key(rank);
    out
}

/// Transcript types, the ones with timecodes first: the order a transcript is chosen in.
const TRANSCRIPT_TYPES: [&str; 6] = [
    "text/vtt",
    "application/x-subrip",
    "application/srt",
    "application/json",
    "text/html",
    "text/plain",
];

/// `podcast:person` children of `parent`, as `persons` rows the records accept.
pub(super) fn persons(ctx: &mut Ctx<'_>, parent: usize) -> Vec<Value> {
    let ids: Vec<usize> = ctx
        .doc
        .children_named(parent, &Ns::Podcast, "person")
        .collect();
    let mut out = Vec::new();
    for id in ids {
        let Some(e) = ctx.doc.get(id) else { continue };
        let name = ctx.doc.text_of(e).trim().to_owned();
        let role = ctx.doc.attr_value(e, "role").map(|r| r.trim().to_owned());
        let group = ctx
            .doc
            .attr_value(e, "group")
            .map(|g| g.trim().to_ascii_lowercase());
        let group_roles = group.as_deref().map(crate::taxonomy::roles_of);
        let role_ok = match (&role, group_roles) {
            (_, Some(None)) => false,
            (Some(r), Some(Some(roles))) => roles.iter().any(|x| x.eq_ignore_ascii_case(r)),
            (Some(r), None) => crate::taxonomy::is_role(r),
            (None, _) => true,
        };
        let n = name.chars().count();
        if !role_ok || n == 0 || n > 128 {
            let m = format!(
                "<podcast:person> {name:?}: a name of 1–128 characters and a role and group of the Podcast Taxonomy are needed: not imported"
            );
            ctx.warn(&rules::IMPORT_VALUE, id, m);
            continue;
        }
        let mut row = Table::new();
        row.insert("name".into(), Value::String(name));
        for (k, v) in [("role", role), ("group", group)] {
            if let Some(v) = v {
                row.insert(k.into(), Value::String(v));
            }
        }
        for k in ["img", "href"] {
            if let Some(u) = ctx
                .doc
                .attr_value(e, k)
                .map(str::trim)
                .filter(|u| is_url(u))
            {
                row.insert(k.into(), Value::String(u.to_owned()));
            }
        }
        out.push(Value::Table(row));
    }
    out
}
