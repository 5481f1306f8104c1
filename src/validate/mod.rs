//! The core of `podfeed validate`: one published feed's bytes in, its findings and the links
//! worth fetching out. Pure: no network, disk or clock (`now` is passed in); fetching the feed,
//! checking the links and printing are the command's job (`cli/validate/`).
//!
//! The steps, in order:
//!
//! 1. parse the bytes ([`crate::feed::parse`]);
//! 2. run the rules of the selected profiles ([`crate::rules::check_document`]);
//! 3. with the show's records, compare the feed with them ([`crate::compare`]) and name each item
//!    by its record's slug ([`episodes`]), so one episode has one name in the whole report;
//! 4. list the links to check ([`published::link_targets`]), each local transcript attached as
//!    the one the feed should serve ([`expected`]).
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

use crate::compare;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::feed::{self, Document};
use crate::model::Show;
use crate::rules::{self, Profiles};
use links::LinkTarget;

/// The local side of a check: a show's records and the config that builds its feed.
#[derive(Clone, Copy)]
pub struct Records<'a> {
    /// The show as its records describe it.
    pub show: &'a Show,
    /// The site config: the transcript formats and public URLs the build uses.
    pub config: &'a Config,
    /// The newest modification time of the show's records, when known.
    pub modified: Option<DateTime<Utc>>,
}

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
}

/// Checks the feed `bytes`, shown in locations as `name`.
pub fn check(name: &str, bytes: Vec<u8>, opts: &Options<'_>) -> Checked {
    let doc = feed::parse(&bytes);
    // The document holds its own decoded text: the raw bytes are not needed again.
    drop(bytes);
    let mut diagnostics = rules::check_document(name, &doc, opts.profiles, opts.now);
    let labels = compare_with_records(name, &doc, opts, &mut diagnostics);
    let links = if opts.links && !doc.fatal {
        let mut targets =
            published::link_targets(&doc, name, &|n| labels.get(n).cloned().flatten());
        if let Some(records) = &opts.records {
            expected::attach(&mut targets, records.show, records.config);
        }
        targets
    } else {
        Vec::new()
    };
    Checked {
        text: doc.text,
        diagnostics,
        links,
    }
}

/// Compares the feed with the records (when there are records and the XML is whole) and gives
/// every item's label (see [`episodes::labels`]); findings already in `diagnostics` are
/// renamed to match.
fn compare_with_records(
    name: &str,
    doc: &Document,
    opts: &Options<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Option<String>> {
    let keys = episodes::keys(doc);
    let (Some(records), false) = (&opts.records, doc.fatal) else {
        return keys;
    };
    let published = published::summarize(doc, name);
    let public_url = |p: &str| records.config.public_url(p);
    let local = compare::Local {
        show: records.show,
        formats: &records.config.build.transcript_formats,
        public_url: &public_url,
        records_modified: records.modified,
    };
    diagnostics.extend(compare::compare(&published, &local, opts.now));
    let labels = episodes::labels(records.show, &published, &keys);
    episodes::rename(diagnostics, &keys, &labels);
    labels
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
                .any(|d| d.rule.starts_with("xml.")),
            "{:?}",
            broken.diagnostics
        );
    }
}
