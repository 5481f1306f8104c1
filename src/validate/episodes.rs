//! What a published item is called in a report. The rules know only the feed, so they name an
//! item by its guid, else its title (its *key*); with the records at hand the item is named by
//! the slug of the record it publishes (its *label*), the name the podcaster uses. Every finding
//! about one episode then carries one name, whichever check made it.

use std::collections::HashMap;

use crate::compare::{Published, PublishedItem};
use crate::diagnostic::Diagnostic;
use crate::feed::Document;
use crate::model::Show;
use crate::rules;

use super::published;

/// Each item's key in feed order: its guid, else its title, as the rules name it
/// ([`rules::item_key`]).
pub fn keys(doc: &Document) -> Vec<Option<String>> {
    published::item_ids(doc)
        .into_iter()
        .map(|i| rules::item_key(doc, i))
        .collect()
}

/// Each item's label in feed order: the slug of its record, else its key. `keys` are the items'
/// keys in the same order as `published.items`.
pub fn labels(show: &Show, published: &Published, keys: &[Option<String>]) -> Vec<Option<String>> {
    let records = Slugs::new(show);
    published
        .items
        .iter()
        .zip(keys)
        .map(|(item, key)| records.of(item).or_else(|| key.clone()))
        .collect()
}

/// Renames each finding's episode from an item's key to its label.
pub fn rename(diagnostics: &mut [Diagnostic], keys: &[Option<String>], labels: &[Option<String>]) {
    let rename: HashMap<&str, &str> = keys
        .iter()
        .zip(labels)
        .filter_map(|(k, l)| Some((k.as_deref()?, l.as_deref()?)))
        .collect();
    for d in diagnostics.iter_mut() {
        if let Some(slug) = d.episode.as_deref().and_then(|e| rename.get(e)) {
            d.episode = Some((*slug).to_owned());
        }
    }
}

/// The records' slugs by guid and by enclosure URL, built once so that naming every item of a
/// feed costs one lookup each.
struct Slugs<'a> {
    by_guid: HashMap<&'a str, &'a str>,
    by_enclosure: HashMap<&'a str, &'a str>,
}

impl<'a> Slugs<'a> {
    fn new(show: &'a Show) -> Self {
        // Episodes are in no particular order; the first record wins a (bad) duplicate, as a
        // search in record order would.
        let mut by_guid = HashMap::new();
        let mut by_enclosure = HashMap::new();
        for e in &show.episodes {
            by_guid.entry(e.guid.as_str()).or_insert(e.slug.as_str());
            by_enclosure
                .entry(e.enclosure.url.as_str())
                .or_insert(e.slug.as_str());
        }
        Slugs {
            by_guid,
            by_enclosure,
        }
    }

    /// The slug of the record that `item` publishes: same guid, else same enclosure URL.
    fn of(&self, item: &PublishedItem) -> Option<String> {
        let by_guid = item.guid.as_deref().and_then(|g| self.by_guid.get(g));
        let by_enclosure = || {
            item.enclosure
                .as_ref()
                .and_then(|(u, _, _)| self.by_enclosure.get(u.as_str()))
        };
        by_guid.or_else(by_enclosure).map(|s| (*s).to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed;

    #[test]
    fn keys_are_the_guid_else_the_title_in_feed_order() {
        let doc = feed::parse(
            b"<rss><channel><item><title>One</title><guid> g-1 </guid></item>\
              <item><guid></guid><title>Two</title></item><item/></channel></rss>",
        );
        assert_eq!(
            keys(&doc),
            [Some("g-1".to_owned()), Some("Two".to_owned()), None]
        );
    }

    #[test]
    fn findings_named_by_key_are_renamed_to_the_label() {
        let keys = [Some("g-1".to_owned()), Some("Two".to_owned()), None];
        let labels = [Some("first".to_owned()), Some("Two".to_owned()), None];
        let mut found = [
            Diagnostic::new(&crate::rules::dates::DATE_WEEKDAY, "m").episode("g-1"),
            Diagnostic::new(&crate::rules::dates::DATE_WEEKDAY, "m").episode("Two"),
            Diagnostic::new(&crate::rules::dates::DATE_WEEKDAY, "m").episode("elsewhere"),
            Diagnostic::new(&crate::rules::dates::DATE_WEEKDAY, "m"),
        ];
        rename(&mut found, &keys, &labels);
        let names: Vec<Option<&str>> = found.iter().map(|d| d.episode.as_deref()).collect();
        assert_eq!(names, [Some("first"), Some("Two"), Some("elsewhere"), None]);
    }

    #[test]
    fn items_are_labelled_by_the_record_with_their_guid_else_their_enclosure() {
        let url = url::Url::parse("https://p.example/s/feed.xml").expect("url");
        let text = "title = \"S\"\ndescription = \"D\"\nlink = \"https://p.example\"\n\
                    language = \"en\"\nauthor = \"A\"\nimage = \"https://p.example/c.jpg\"\n\
                    categories = [\"Technology\"]\n";
        let source = crate::records::SourceFile {
            name: "show.toml",
            text,
        };
        let mut show = crate::records::parse_show(&source, "s", &url)
            .expect("show")
            .show;
        for slug in ["one", "two"] {
            let text = format!(
                "title = \"{slug}\"\npublished = 2024-01-01T00:00:00Z\n[enclosure]\n\
                 url = \"https://p.example/{slug}.mp3\"\nlength = 10\ntype = \"audio/mpeg\"\n"
            );
            let source = crate::records::SourceFile {
                name: "e.toml",
                text: &text,
            };
            let parsed = crate::records::parse_episode(&source, "s", slug).expect("episode");
            show.episodes.push(parsed.episode);
        }
        let item = |guid: &str, mp3: &str| PublishedItem {
            guid: Some(guid.to_owned()),
            enclosure: Some((
                format!("https://p.example/{mp3}.mp3"),
                String::new(),
                String::new(),
            )),
            ..PublishedItem::default()
        };
        let two_guid = show.episodes[1].guid.clone();
        let published = Published {
            items: vec![
                item(&two_guid, "elsewhere"),
                item("drifted", "one"),
                item("stranger", "stranger"),
            ],
            ..Published::default()
        };
        let keys = [
            Some("k1".to_owned()),
            Some("k2".to_owned()),
            Some("k3".to_owned()),
        ];
        assert_eq!(
            labels(&show, &published, &keys),
            [
                Some("two".to_owned()),
                Some("one".to_owned()),
                Some("k3".to_owned())
            ]
        );
    }
}
