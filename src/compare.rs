//! A published feed compared with the local records (issue: "is the feed the world sees the feed I
//! meant to publish?"). Pure: the published feed arrives as a [`Published`] summary, the records as
//! the model, and the clock's value is passed in.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::model::Show;
use crate::render;
use crate::transcript::Format;

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

/// What to compare against.
pub struct Local<'a> {
    /// The show as the records describe it.
    pub show: &'a Show,
    /// Transcript formats the build publishes.
    pub formats: &'a [Format],
    /// Public URL of a path under the output folder.
    pub public_url: &'a dyn Fn(&str) -> url::Url,
    /// The newest modification time of the show's records, when known.
    pub records_modified: Option<DateTime<Utc>>,
}

/// Compares `published` with the records at `now`.
pub fn compare(published: &Published, local: &Local<'_>, now: DateTime<Utc>) -> Vec<Diagnostic> {
    let show = local.show;
    let mut out = Vec::new();
    let at_channel = |d: Diagnostic| match &published.channel_location {
        Some(l) => d.at(l.clone()),
        None => d,
    };

    let expected_guid = show.podcast_guid.to_string();
    if let Some(guid) = &published.podcast_guid
        && !guid.eq_ignore_ascii_case(&expected_guid)
    {
        out.push(at_channel(
                Diagnostic::new(&crate::rules::compare::COMPARE_PODCAST_GUID_CHANGED,
                    format!("the published podcast:guid is {guid} but the records give {expected_guid}"),
                )
                .help("a show's podcast:guid must never change: pin the published value as `guid` in show.toml (SPEC.md §4)"),
            ));
    }

    let by_guid: BTreeMap<&str, &PublishedItem> = published
        .items
        .iter()
        .filter_map(|i| i.guid.as_deref().map(|g| (g, i)))
        .collect();
    let by_enclosure: BTreeMap<&str, &PublishedItem> = published
        .items
        .iter()
        .filter_map(|i| i.enclosure.as_ref().map(|(u, _, _)| (u.as_str(), i)))
        .collect();

    let due = show.published_episodes(now);
    let mut stale = 0;
    for episode in &due {
        let Some(item) = by_guid.get(episode.guid.as_str()) else {
            if let Some(item) = by_enclosure.get(episode.enclosure.url.as_str()) {
                let mut d = Diagnostic::new(&crate::rules::compare::COMPARE_GUID_CHANGED,
                    format!(
                        "episode {:?} is published with guid {:?} but the records give {:?}, for the same enclosure URL",
                        episode.title,
                        item.guid.as_deref().unwrap_or(""),
                        episode.guid
                    ),
                )
                .episode(&episode.slug)
                .help("apps would show the episode twice: keep the published guid (set `guid` in the record)");
                if let Some(l) = &item.location {
                    d = d.at(l.clone());
                }
                out.push(d);
            } else {
                out.push(at_channel(
                    Diagnostic::new(
                        &crate::rules::compare::COMPARE_EPISODE_MISSING,
                        format!(
                            "episode {:?} (guid {}) is due since {} but not in the published feed",
                            episode.title,
                            episode.guid,
                            episode.published.to_rfc3339()
                        ),
                    )
                    .episode(&episode.slug),
                ));
                if published.last_build.is_none_or(|b| episode.published > b) {
                    stale += 1;
                }
            }
            continue;
        };
        let changes = changed_fields(item, episode, local);
        if !changes.is_empty()
            && local
                .records_modified
                .zip(published.last_build)
                .is_some_and(|(m, b)| m > b)
        {
            stale += 1;
        }
        for (field, was, now) in changes {
            let mut d = Diagnostic::new(
                &crate::rules::compare::COMPARE_EPISODE_CHANGED,
                format!("{field} differs: published {was:?}, records {now:?}"),
            )
            .episode(&episode.slug);
            if let Some(l) = &item.location {
                d = d.at(l.clone());
            }
            out.push(d);
        }
    }

    // Built once: a lookup per published item keeps the comparison linear in the feed's size.
    let local_guids: HashSet<&str> = show.episodes.iter().map(|e| e.guid.as_str()).collect();
    let local_enclosures: HashSet<&str> = show
        .episodes
        .iter()
        .map(|e| e.enclosure.url.as_str())
        .collect();
    for item in &published.items {
        let known = item
            .guid
            .as_deref()
            .is_some_and(|g| local_guids.contains(g))
            || item
                .enclosure
                .as_ref()
                .is_some_and(|(u, _, _)| local_enclosures.contains(u.as_str()));
        if !known {
            let mut d = Diagnostic::new(
                &crate::rules::compare::COMPARE_EPISODE_EXTRA,
                format!(
                    "the published feed has episode {:?} (guid {:?}) that the records do not",
                    item.title.as_deref().unwrap_or(""),
                    item.guid.as_deref().unwrap_or("")
                ),
            );
            if let Some(l) = &item.location {
                d = d.at(l.clone());
            }
            // No record names it, so it is named as the rules name items: guid, else title.
            if let Some(name) = [&item.guid, &item.title]
                .into_iter()
                .flatten()
                .find(|s| !s.trim().is_empty())
            {
                d = d.episode(name.trim());
            }
            out.push(d);
        }
    }

    if stale > 0 {
        out.push(at_channel(
            Diagnostic::new(&crate::rules::compare::COMPARE_FEED_STALE,
                format!(
                    "the published feed is older than the records: {stale} episode(s) are missing or out of date{}",
                    published.last_build.map(|b| format!(" (lastBuildDate {})", b.to_rfc3339())).unwrap_or_default()
                ),
            )
            .help("a build or an upload did not happen: run `podfeed build` and publish the output"),
        ));
    }
    out.sort_by(|a, b| {
        a.episode
            .cmp(&b.episode)
            .then_with(|| b.severity.cmp(&a.severity))
            .then_with(|| a.rule.cmp(b.rule))
            .then_with(|| a.message.cmp(&b.message))
    });
    debug_assert!(out.iter().all(|d| d.severity != Severity::Info));
    out
}

/// The fields of a published item that differ from the episode: (field, published, records).
fn changed_fields(
    item: &PublishedItem,
    episode: &crate::model::Episode,
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
    check("enclosure url", url, episode.enclosure.url.to_string());
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
    let mut expected: Vec<(String, String)> = episode
        .transcripts
        .iter()
        .flat_map(|t| {
            let stem = t.output_stem(&episode.slug);
            local.formats.iter().map(move |&f| {
                let path = render::transcript_path(&local.show.id, &stem, f);
                ((local.public_url)(&path).to_string(), f.mime().to_owned())
            })
        })
        .collect();
    expected.sort();
    let fmt = |v: &[(String, String)]| {
        v.iter()
            .map(|(u, t)| format!("{u} ({t})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if expected != item.transcripts {
        out.push(("transcript links", fmt(&item.transcripts), fmt(&expected)));
    }
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
    use crate::records::{SourceFile, parse_episode, parse_show};

    fn show() -> Show {
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
            show.episodes.push(
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
            );
        }
        show
    }

    fn published_from(show: &Show) -> Published {
        Published {
            podcast_guid: Some(show.podcast_guid.to_string()),
            last_build: Some(
                DateTime::parse_from_rfc3339("2024-03-01T00:00:00Z")
                    .unwrap()
                    .with_timezone(&Utc),
            ),
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

    fn rules(published: &Published, show: &Show) -> Vec<&'static str> {
        let public_url = |p: &str| {
            url::Url::parse("https://p.example/")
                .unwrap()
                .join(p)
                .unwrap()
        };
        let local = Local {
            show,
            formats: &[],
            public_url: &public_url,
            records_modified: None,
        };
        let now = DateTime::parse_from_rfc3339("2024-03-02T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        compare(published, &local, now)
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
    fn an_episode_due_after_the_last_build_makes_the_feed_stale() {
        let show = show();
        let mut p = published_from(&show);
        p.items.remove(1);
        p.last_build = Some(
            DateTime::parse_from_rfc3339("2024-01-15T00:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        );
        assert_eq!(
            rules(&p, &show),
            ["compare.feed.stale", "compare.episode.missing"]
        );
    }
}
