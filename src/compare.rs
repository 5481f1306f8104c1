//! A published feed compared with the local records (issue: "is the feed the world sees the feed I
//! meant to publish?"). Pure: the published feed arrives as a [`Published`] summary, the records as
//! the model, and the two are matched once ([`Matched`], given the clock's value) before they are
//! compared. One small function per finding: a changed `podcast:guid`, an episode published
//! under another guid, missing, changed or extra episodes, and a stale feed.

mod matching;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::model::{Episode, Show};
use crate::render;

pub use matching::{By, Matched};

/// What the comparison needs of a published feed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Published {
    /// The channel's `podcast:guid`, if any.
    pub podcast_guid: Option<String>,
    /// The channel's `lastBuildDate` (or `pubDate` when there is none), parsed.
    pub last_build: Option<DateTime<Utc>>,
    /// Where the channel starts, for channel-level diagnostics.
    pub channel_location: Option<Label>,
    /// The items in feed order.
    pub items: Vec<PublishedItem>,
}

/// What the comparison needs of one published item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PublishedItem {
    /// `guid` text.
    pub guid: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `pubDate`, parsed.
    pub published: Option<DateTime<Utc>>,
    /// `enclosure` url, length and type, as written.
    pub enclosure: Option<(String, String, String)>,
    /// `itunes:duration` as written.
    pub duration: Option<String>,
    /// `podcast:transcript` (url, type) pairs, sorted.
    pub transcripts: Vec<(String, String)>,
    /// Where the item starts.
    pub location: Option<Label>,
}

/// What to compare against: a show's records and the config that builds its feed (plain values;
/// `podfeed validate` knows it as `validate::Records`).
#[derive(Clone, Copy)]
pub struct Local<'a> {
    /// The show as its records describe it.
    pub show: &'a Show,
    /// The site config: the transcript formats the build publishes and their public URLs.
    pub config: &'a Config,
    /// The newest modification time of the show's records, when known.
    pub modified: Option<DateTime<Utc>>,
}

/// Compares `published` with the records, through `matched`: the match of `published.items`
/// with `local.show`'s records ([`Matched::new`]; its item indexes point into those items), which
/// also chose the records that are due.
pub fn compare(published: &Published, matched: &Matched<'_>, local: &Local<'_>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = podcast_guid_changed(published, local.show)
        .into_iter()
        .collect();
    let mut out_of_date = 0;
    for &(episode, item) in &matched.due {
        match item {
            Some((n, By::Guid)) => {
                let changes = episode_changed(&published.items[n], episode, local);
                out_of_date += usize::from(!changes.is_empty());
                out.extend(changes);
            }
            Some((n, By::Enclosure)) => out.push(guid_changed(&published.items[n], episode)),
            None => out.push(episode_missing(published, episode)),
        }
    }
    out.extend(extra_items(published, matched));
    out.extend(stale(published, matched, local, out_of_date));
    crate::diagnostic::sort(&mut out);
    debug_assert!(out.iter().all(|d| d.severity() != Severity::Info));
    out
}

/// `d` placed at `location`, when there is one.
fn located(d: Diagnostic, location: Option<&Label>) -> Diagnostic {
    match location {
        Some(l) => d.at(l.clone()),
        None => d,
    }
}

/// `compare.podcast-guid.changed`: the channel's `podcast:guid` is not the records'.
fn podcast_guid_changed(published: &Published, show: &Show) -> Option<Diagnostic> {
    let expected = show.podcast_guid.to_string();
    let guid = published.podcast_guid.as_ref()?;
    if guid.eq_ignore_ascii_case(&expected) {
        return None;
    }
    let d = Diagnostic::new(&crate::rules::compare::COMPARE_PODCAST_GUID_CHANGED,
        format!("the published podcast:guid is {guid} but the records give {expected}"),
    )
    .help("a show's podcast:guid must never change: pin the published value as `guid` in show.toml (SPEC.md §4)");
    Some(located(d, published.channel_location.as_ref()))
}

/// `compare.guid.changed`: `item` publishes `episode` (same enclosure URL) under another guid.
fn guid_changed(item: &PublishedItem, episode: &Episode) -> Diagnostic {
    let d = Diagnostic::new(&crate::rules::compare::COMPARE_GUID_CHANGED,
        format!(
            "episode {:?} is published with guid {:?} but the records give {:?}, for the same enclosure URL",
            episode.title,
            item.guid.as_deref().unwrap_or(""),
            episode.guid
        ),
    )
    .episode(&episode.slug)
    .help("apps would show the episode twice: keep the published guid (set `guid` in the record)");
    located(d, item.location.as_ref())
}

/// `compare.episode.missing`: no item publishes the due `episode`.
fn episode_missing(published: &Published, episode: &Episode) -> Diagnostic {
    let d = Diagnostic::new(
        &crate::rules::compare::COMPARE_EPISODE_MISSING,
        format!(
            "episode {:?} (guid {}) is due since {} but not in the published feed",
            episode.title,
            episode.guid,
            episode.published.to_rfc3339()
        ),
    )
    .episode(&episode.slug);
    located(d, published.channel_location.as_ref())
}

/// `compare.episode.changed`: one finding per field of `item` that differs from `episode`.
fn episode_changed(item: &PublishedItem, episode: &Episode, local: &Local<'_>) -> Vec<Diagnostic> {
    changed_fields(item, episode, local)
        .into_iter()
        .map(|(field, was, now)| {
            let d = Diagnostic::new(
                &crate::rules::compare::COMPARE_EPISODE_CHANGED,
                format!("{field} differs: published {was:?}, records {now:?}"),
            )
            .episode(&episode.slug);
            located(d, item.location.as_ref())
        })
        .collect()
}

/// `compare.episode.extra`: the items that publish no record.
fn extra_items<'m>(
    published: &'m Published,
    matched: &'m Matched<'_>,
) -> impl Iterator<Item = Diagnostic> + 'm {
    matched.unmatched_items().map(|n| {
        let item = &published.items[n];
        let d = Diagnostic::new(
            &crate::rules::compare::COMPARE_EPISODE_EXTRA,
            format!(
                "the published feed has episode {:?} (guid {:?}) that the records do not",
                item.title.as_deref().unwrap_or(""),
                item.guid.as_deref().unwrap_or("")
            ),
        );
        let d = located(d, item.location.as_ref());
        // No record names it, so it is named as the rules name items: guid, else title.
        match [&item.guid, &item.title]
            .into_iter()
            .flatten()
            .find(|s| !s.trim().is_empty())
        {
            Some(name) => d.episode(name.trim()),
            None => d,
        }
    })
}

/// `compare.feed.stale`: the feed is older than the records. Counted are the missing episodes
/// due after the last build (or all of them, without a build date) and, when the records changed
/// after the last build, the `out_of_date` episodes whose published fields differ.
fn stale(
    published: &Published,
    matched: &Matched<'_>,
    local: &Local<'_>,
    out_of_date: usize,
) -> Option<Diagnostic> {
    let last_build = published.last_build;
    let missing = matched
        .missing()
        .filter(|e| last_build.is_none_or(|b| e.published > b))
        .count();
    let records_newer = local.modified.zip(last_build).is_some_and(|(m, b)| m > b);
    let stale = missing + if records_newer { out_of_date } else { 0 };
    if stale == 0 {
        return None;
    }
    let d = Diagnostic::new(&crate::rules::compare::COMPARE_FEED_STALE,
        format!(
            "the published feed is older than the records: {stale} episode(s) are missing or out of date{}",
            last_build.map(|b| format!(" (lastBuildDate {})", b.to_rfc3339())).unwrap_or_default()
        ),
    )
    .help("a build or an upload did not happen: run `podfeed build` and publish the output");
    Some(located(d, published.channel_location.as_ref()))
}

/// The fields of a published item that differ from the episode: (field, published, records).
fn changed_fields(
    item: &PublishedItem,
    episode: &Episode,
    local: &Local<'_>,
) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    let mut check = |field, was: Option<String>, now: String| {
        let was = was.unwrap_or_default();
        if was.trim() != now {
            out.push((field, was, now));
        }
    };
    check("title", item.title.clone(), episode.title.clone());
    check(
        "pubDate",
        item.published.map(|t| t.to_rfc3339()),
        episode.published.to_rfc3339(),
    );
    let (url, length, mime) = item.enclosure.clone().unzip3();
    check(
        "enclosure url",
        url,
        render::item_tags::published_url(local.show, &episode.enclosure.url),
    );
    check(
        "enclosure length",
        length,
        episode.enclosure.length.to_string(),
    );
    check("enclosure type", mime, episode.enclosure.mime.clone());
    if let Some(d) = episode.duration {
        let was = item
            .duration
            .as_deref()
            .and_then(crate::records::parse_clock)
            .map(|s| s.to_string());
        check(
            "itunes:duration",
            was.or_else(|| item.duration.clone()),
            d.to_string(),
        );
    }
    let expected = transcript_links(episode, local);
    if expected != item.transcripts {
        let fmt = |v: &[(String, String)]| {
            v.iter()
                .map(|(u, t)| format!("{u} ({t})"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(("transcript links", fmt(&item.transcripts), fmt(&expected)));
    }
    out
}

/// The `podcast:transcript` (url, type) pairs the build writes for `episode`, sorted.
fn transcript_links(episode: &Episode, local: &Local<'_>) -> Vec<(String, String)> {
    let formats = &local.config.build.transcript_formats;
    let mut out: Vec<(String, String)> = episode
        .transcripts
        .iter()
        .flat_map(|t| {
            let stem = t.output_stem(&episode.slug);
            formats.iter().map(move |&f| {
                let path = render::transcript_path(&local.show.id, &stem, f);
                (
                    local.config.public_url(&path).to_string(),
                    f.mime().to_owned(),
                )
            })
        })
        .collect();
    out.sort();
    out
}

trait Unzip3 {
    fn unzip3(self) -> (Option<String>, Option<String>, Option<String>);
}

impl Unzip3 for Option<(String, String, String)> {
    fn unzip3(self) -> (Option<String>, Option<String>, Option<String>) {
        match self {
            Some((a, b, c)) => (Some(a), Some(b), Some(c)),
            None => (None, None, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{parse_episode, parse_show};
    use crate::toml_file::SourceFile;

    /// A show with episodes `one` (due 2024-01-01) and `two` (due 2024-02-01).
    pub(super) fn show() -> Show {
        let url = url::Url::parse("https://p.example/s/feed.xml").unwrap();
        let text = "title = \"S\"\ndescription = \"D\"\nlink = \"https://p.example\"\nlanguage = \"en\"\n\
                    author = \"A\"\nimage = \"https://p.example/c.jpg\"\ncategories = [\"Technology\"]\n";
        let mut show = parse_show(
            &SourceFile {
                name: "show.toml",
                text,
            },
            "s",
            &url,
        )
        .unwrap()
        .show;
        for (slug, date) in [
            ("one", "2024-01-01T00:00:00Z"),
            ("two", "2024-02-01T00:00:00Z"),
        ] {
            let text = format!(
                "title = \"{slug}\"\npublished = {date}\nduration = 60\n[enclosure]\nurl = \"https://p.example/{slug}.mp3\"\nlength = 10\ntype = \"audio/mpeg\"\n"
            );
            show.episodes.push(Box::new(
                parse_episode(
                    &SourceFile {
                        name: "e.toml",
                        text: &text,
                    },
                    "s",
                    slug,
                )
                .unwrap()
                .episode,
            ));
        }
        show
    }

    /// The instant `s` (RFC 3339).
    pub(super) fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn published_from(show: &Show) -> Published {
        Published {
            podcast_guid: Some(show.podcast_guid.to_string()),
            last_build: Some(utc("2024-03-01T00:00:00Z")),
            channel_location: None,
            items: show
                .episodes
                .iter()
                .map(|e| PublishedItem {
                    guid: Some(e.guid.clone()),
                    title: Some(e.title.clone()),
                    published: Some(e.published),
                    enclosure: Some((
                        e.enclosure.url.to_string(),
                        e.enclosure.length.to_string(),
                        e.enclosure.mime.clone(),
                    )),
                    duration: e.duration.map(|d| d.to_string()),
                    transcripts: Vec::new(),
                    location: None,
                })
                .collect(),
        }
    }

    fn config() -> Config {
        Config::parse("config.toml", "base_url = \"https://p.example/\"").unwrap()
    }

    fn rules(published: &Published, show: &Show) -> Vec<&'static str> {
        let config = config();
        let local = Local {
            show,
            config: &config,
            modified: None,
        };
        let matched = Matched::new(show, &published.items, utc("2024-03-02T00:00:00Z"));
        compare(published, &matched, &local)
            .iter()
            .map(|d| d.rule.id)
            .collect()
    }

    #[test]
    fn identical_feed_has_no_findings() {
        let show = show();
        assert!(rules(&published_from(&show), &show).is_empty());
    }

    #[test]
    fn missing_extra_changed_and_guid_drift_are_named() {
        let show = show();
        let mut p = published_from(&show);
        p.items[0].title = Some("renamed".into());
        p.items[1].guid = Some("drifted".into());
        assert_eq!(
            rules(&p, &show),
            ["compare.episode.changed", "compare.guid.changed"]
        );

        let mut p = published_from(&show);
        p.items.remove(1);
        p.items.push(PublishedItem {
            guid: Some("zzz".into()),
            ..PublishedItem::default()
        });
        // Sorted by episode: the record's slug "two", then the extra item's guid "zzz".
        assert_eq!(
            rules(&p, &show),
            ["compare.episode.missing", "compare.episode.extra"]
        );

        let mut p = published_from(&show);
        p.podcast_guid = Some("917393e3-1b1e-5cef-ace4-edaa54e1f810".into());
        assert_eq!(rules(&p, &show), ["compare.podcast-guid.changed"]);
    }

    #[test]
    fn an_item_with_one_records_guid_and_anothers_enclosure_is_the_first_ones() {
        let show = show();
        let mut p = published_from(&show);
        // Item 0 (episode one) now carries two's enclosure URL, and two's item is gone: one
        // changed, two is missing (not "published under one's guid").
        p.items[0].enclosure = p.items[1].enclosure.take();
        p.items.truncate(1);
        let config = config();
        let local = Local {
            show: &show,
            config: &config,
            modified: None,
        };
        let matched = Matched::new(&show, &p.items, utc("2024-03-02T00:00:00Z"));
        let found = compare(&p, &matched, &local);
        let found: Vec<(&str, Option<&str>, &str)> = found
            .iter()
            .map(|d| (d.rule.id, d.episode.as_deref(), d.message.as_str()))
            .collect();
        let missing = format!(
            "episode \"two\" (guid {}) is due since 2024-02-01T00:00:00+00:00 but not in the published feed",
            show.episodes[1].guid
        );
        assert_eq!(
            found,
            [
                (
                    "compare.episode.changed",
                    Some("one"),
                    "enclosure url differs: published \"https://p.example/two.mp3\", records \"https://p.example/one.mp3\""
                ),
                ("compare.episode.missing", Some("two"), missing.as_str()),
            ]
        );
    }

    #[test]
    fn twenty_thousand_drifted_guids_are_each_one_guid_change() {
        let mut show = show();
        let proto = show.episodes[0].clone();
        show.episodes = (0..20_000)
            .map(|n| {
                let mut e = proto.clone();
                e.slug = format!("e{n}");
                e.guid = format!("g{n}");
                e.enclosure.url = url::Url::parse(&format!("https://p.example/{n}.mp3")).unwrap();
                e
            })
            .collect();
        let mut p = published_from(&show);
        for (n, item) in p.items.iter_mut().enumerate() {
            item.guid = Some(format!("drifted-{n}"));
        }
        // Maps built once keep this linear: a scan of the records per item would be 400 million
        // comparisons.
        let found = rules(&p, &show);
        assert_eq!(found.len(), 20_000);
        assert!(found.iter().all(|r| *r == "compare.guid.changed"));
    }

    #[test]
    fn an_episode_due_after_the_last_build_makes_the_feed_stale() {
        let show = show();
        let mut p = published_from(&show);
        p.items.remove(1);
        p.last_build = Some(utc("2024-01-15T00:00:00Z"));
        assert_eq!(
            rules(&p, &show),
            ["compare.feed.stale", "compare.episode.missing"]
        );
    }
}
