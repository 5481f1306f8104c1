//! The core of `podfeed validate`: one published feed's bytes in, its findings and the links
//! worth fetching out. Pure: no network, disk or clock (`now` is passed in); fetching the feed,
//! checking the links and printing are the command's job (`cli/validate/`).
//!
//! The steps, in order:
//!
//! 1. parse the bytes ([`crate::feed::stream`]); as each item is read, run the rules of the
//!    selected profiles on it ([`crate::rules::Check`]) and keep what the next steps need of it
//!    (its key, its summary and links), then drop it; the channel's rules run at the end;
//! 2. with the show's records, match the feed's items with them once ([`compare::Matched`]);
//!    from that match, name each item by its record's slug ([`episodes`]), so one episode has
//!    one name in the whole report, and compare the feed with the records ([`crate::compare`]);
//! 3. list the links to check ([`published::channel_links`], and each item's as it was read,
//!    [`published::item_links`]), named as in step 2, each local
//!    transcript attached as the one the feed should serve ([`expected`]).
//!
//! The supporting modules: [`links`] holds the link targets as values, [`published`] reads the
//! parsed feed as the comparison and the link checks need it, [`judge`] turns what the edge saw
//! at each link into findings, and [`transcript_match`] is its transcript comparison.

pub mod episodes;
pub mod expected;
pub mod judge;
pub mod links;
pub mod published;
pub mod transcript_match;

use chrono::{DateTime, Utc};

use crate::compare::{self, Matched};
use crate::diagnostic::Diagnostic;
use crate::feed::{self, Document};
use crate::rules::{self, Profiles};
use links::LinkTarget;

/// The local side of a check: a show's records and the config that builds its feed.
pub use crate::compare::Local as Records;

/// What a feed is checked with.
pub struct Options<'a> {
    /// The profiles whose rules run.
    pub profiles: &'a Profiles,
    /// The clock's value.
    pub now: DateTime<Utc>,
    /// The records to compare with, when the show is known.
    pub records: Option<Records<'a>>,
    /// Whether to list the feed's links for checking (`--no-links` turns it off).
    pub links: bool,
    /// Whether a second core is free for this check: a large feed's items are then checked on
    /// a second thread while the next ones are read ([`feed::stream_owned_parallel`]).
    pub spare_core: bool,
}

/// A feed checked, before its links are fetched.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The feed decoded to UTF-8; diagnostic positions point into it.
    pub text: String,
    /// The rules' and the comparison's findings, items named by slug where a record matches.
    pub diagnostics: Vec<Diagnostic>,
    /// The links to check, named the same way; empty when links are off or the XML is broken.
    pub links: Vec<LinkTarget>,
    /// How many items the feed has (0 when the XML is broken before the first).
    pub items: usize,
}

/// Checks the feed `bytes`, shown in locations as `name`.
pub fn check(name: &str, bytes: Vec<u8>, opts: &Options<'_>) -> Checked {
    // A UTF-8 feed's bytes become the document's text: the feed is not held twice. The caller
    // read at most `max_feed_bytes` (config.toml), which is the size limit here: the parser's
    // own default would refuse a feed the user allowed. Depth and element counts still apply.
    let limits = feed::Limits {
        max_bytes: usize::MAX,
        ..feed::Limits::default()
    };
    let mut read = Reading {
        rules: rules::Check::new(name, opts.profiles, opts.now),
        name,
        summarize: opts.records.is_some(),
        links: opts.links,
        items: Items::default(),
    };
    let doc = if opts.spare_core && feed::worth_two_threads(bytes.len()) {
        feed::stream_owned_parallel(bytes, limits, &mut read)
    } else {
        feed::stream_owned(bytes, limits, &mut read)
    };
    let Reading {
        rules, mut items, ..
    } = read;
    let mut diagnostics = rules.conclude(&doc);
    // A broken feed keeps the item it was reading when the reader stopped.
    items.keys.extend(episodes::keys(&doc));
    let labels = match (&opts.records, doc.fatal) {
        (Some(records), false) => {
            let published = published::summarize_channel(&doc, name, items.summaries);
            let matched = Matched::new(records.show, &published.items, opts.now);
            let labels = episodes::labels(&matched, &items.keys);
            // The rules' findings only: the comparison names its findings from the match already.
            episodes::rename(&mut diagnostics, &items.keys, &labels);
            diagnostics.extend(compare::compare(&published, &matched, records));
            labels
        }
        _ => items.keys,
    };
    let links = if opts.links && !doc.fatal {
        let mut targets = published::channel_links(&doc, name);
        let count = u32::try_from(labels.len()).unwrap_or(u32::MAX);
        for (n, mut target) in items.links {
            target.episode = labels.get(n).cloned().flatten();
            if let Some(path) = &mut target.path {
                feed::settle_path(path, count, doc.rss_channels());
            }
            targets.push(target);
        }
        if let Some(records) = &opts.records {
            expected::attach(&mut targets, records.show, records.config);
        }
        targets
    } else {
        Vec::new()
    };
    Checked {
        items: labels.len(),
        text: doc.into_text(),
        diagnostics,
        links,
    }
}

/// What is kept of the items as they are read, in feed order.
#[derive(Default)]
struct Items {
    /// Each item's key ([`rules::item_key`]).
    keys: Vec<Option<String>>,
    /// Each item's summary, when the feed is compared with records.
    summaries: Vec<compare::PublishedItem>,
    /// The items' links, each with its item's index, not named yet.
    links: Vec<(usize, LinkTarget)>,
}

/// A feed being read: the rules' check and what is kept of each item.
struct Reading<'a> {
    rules: rules::Check<'a>,
    name: &'a str,
    summarize: bool,
    links: bool,
    items: Items,
}

impl feed::ItemSink for Reading<'_> {
    fn item(&mut self, doc: &Document, item: feed::ElementId) {
        feed::ItemSink::item(&mut self.rules, doc, item);
        let n = self.items.keys.len();
        self.items.keys.push(rules::item_key(doc, item));
        if self.summarize {
            let summary = published::summarize_item(doc, self.name, item);
            self.items.summaries.push(summary);
        }
        if self.links {
            let mut targets = Vec::new();
            published::item_links(doc, self.name, item, &mut targets);
            self.items.links.extend(targets.into_iter().map(|t| (n, t)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = r#"<rss version="2.0"><channel><title>S</title>
<item><title>One</title><guid>g-1</guid>
<enclosure url="https://h.example/1.mp3" length="42" type="audio/mpeg"/></item>
</channel></rss>"#;

    fn options(profiles: &Profiles, links: bool) -> Options<'_> {
        Options {
            profiles,
            now: DateTime::<Utc>::UNIX_EPOCH,
            records: None,
            links,
            spare_core: false,
        }
    }

    #[test]
    fn without_records_items_are_named_by_guid_and_links_are_listed() {
        let profiles = Profiles::default();
        let checked = check("f.xml", FEED.as_bytes().to_vec(), &options(&profiles, true));
        assert_eq!(checked.text, FEED);
        let links: Vec<(&str, Option<&str>)> = checked
            .links
            .iter()
            .map(|t| (t.url.as_str(), t.episode.as_deref()))
            .collect();
        assert_eq!(links, [("https://h.example/1.mp3", Some("g-1"))]);
        assert!(
            checked
                .diagnostics
                .iter()
                .filter_map(|d| d.episode.as_deref())
                .all(|e| e == "g-1"),
            "{:?}",
            checked.diagnostics
        );
    }

    /// A show whose one episode, `first`, has the feed item's enclosure URL but another guid.
    fn show_with_first() -> crate::model::Show {
        use crate::records::{parse_episode, parse_show};
        use crate::toml_file::SourceFile;
        let url = url::Url::parse("https://h.example/s/feed.xml").expect("url");
        let text = "title = \"S\"\ndescription = \"D\"\nlink = \"https://h.example\"\n\
                    language = \"en\"\nauthor = \"A\"\nimage = \"https://h.example/c.jpg\"\n\
                    categories = [\"Technology\"]\n";
        let source = SourceFile {
            name: "show.toml",
            text,
        };
        let mut show = parse_show(&source, "s", &url).expect("show").show;
        let text = "title = \"One\"\npublished = 1970-01-01T00:00:00Z\n[enclosure]\n\
                    url = \"https://h.example/1.mp3\"\nlength = 42\ntype = \"audio/mpeg\"\n";
        let source = SourceFile {
            name: "first.toml",
            text,
        };
        let episode = parse_episode(&source, "s", "first").expect("episode");
        show.episodes.push(Box::new(episode.episode));
        show
    }

    #[test]
    fn with_records_every_finding_and_link_of_a_matched_item_is_named_by_its_slug() {
        let profiles = Profiles::default();
        let show = show_with_first();
        let config =
            crate::config::Config::parse("config.toml", "base_url = \"https://h.example/\"")
                .expect("config");
        let mut opts = options(&profiles, true);
        opts.records = Some(Records {
            show: &show,
            config: &config,
            modified: None,
        });
        let checked = check("f.xml", FEED.as_bytes().to_vec(), &opts);
        let named: Vec<(&str, Option<&str>)> = checked
            .diagnostics
            .iter()
            .map(|d| (d.rule.id, d.episode.as_deref()))
            .filter(|(_, e)| e.is_some())
            .collect();
        // The guid drifted ("g-1" is not the record's): matched by enclosure URL, so the
        // comparison says so and every finding about the item, the rules' included, says
        // `first`.
        assert!(
            named.contains(&("compare.guid.changed", Some("first"))),
            "{named:?}"
        );
        assert!(
            named.iter().any(|(r, _)| !r.starts_with("compare.")),
            "{named:?}"
        );
        assert!(named.iter().all(|(_, e)| *e == Some("first")), "{named:?}");
        let links: Vec<Option<&str>> = checked.links.iter().map(|t| t.episode.as_deref()).collect();
        assert_eq!(links, [Some("first")]);
    }

    #[test]
    fn no_links_are_listed_when_turned_off_or_when_the_xml_is_broken() {
        let profiles = Profiles::default();
        let off = check(
            "f.xml",
            FEED.as_bytes().to_vec(),
            &options(&profiles, false),
        );
        assert!(off.links.is_empty());
        let broken = FEED.replace("</channel>", "");
        let broken = check("f.xml", broken.into_bytes(), &options(&profiles, true));
        assert!(broken.links.is_empty());
        assert!(
            broken
                .diagnostics
                .iter()
                .any(|d| d.rule.id.starts_with("xml.")),
            "{:?}",
            broken.diagnostics
        );
    }
}
