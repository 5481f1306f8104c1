//! What a published item is called in a report. The rules know only the feed, so they name an
//! item by its guid, else its title (its *key*); with the records at hand the item is named by
//! the slug of the record it publishes (its *label*), the name the podcaster uses. Which record
//! an item publishes comes from the one match of the feed with the records ([`Matched`]); the
//! rules' findings are renamed from key to label once. Every finding about one episode then
//! carries one name, whichever check made it.

use std::collections::HashMap;

use crate::compare::Matched;
use crate::diagnostic::Diagnostic;
use crate::feed::Document;
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

/// Each item's label in feed order: the slug of the record it publishes (from the one match of
/// the feed with the records), else its key. `keys` are the items' keys in feed order.
pub fn labels(matched: &Matched<'_>, keys: &[Option<String>]) -> Vec<Option<String>> {
    keys.iter()
        .enumerate()
        .map(|(n, key)| matched.slug(n).map(str::to_owned).or_else(|| key.clone()))
        .collect()
}

/// Renames each finding's episode from an item's key to its label: the mapping is built once,
/// so renaming costs one lookup per finding.
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
        let source = crate::toml_file::SourceFile {
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
            let source = crate::toml_file::SourceFile {
                name: "e.toml",
                text: &text,
            };
            let parsed = crate::records::parse_episode(&source, "s", slug).expect("episode");
            show.episodes.push(Box::new(parsed.episode));
        }
        let item = |guid: &str, mp3: &str| crate::compare::PublishedItem {
            guid: Some(guid.to_owned()),
            enclosure: Some((
                format!("https://p.example/{mp3}.mp3"),
                String::new(),
                String::new(),
            )),
            ..crate::compare::PublishedItem::default()
        };
        let two_guid = show.episodes[1].guid.clone();
        let items = [
            item(&two_guid, "elsewhere"),
            item("drifted", "one"),
            item("stranger", "stranger"),
        ];
        let now = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z")
            .expect("date")
            .with_timezone(&chrono::Utc);
        let matched = Matched::new(&show, &items, now);
        let keys = [
            Some("k1".to_owned()),
            Some("k2".to_owned()),
            Some("k3".to_owned()),
        ];
        assert_eq!(
            labels(&matched, &keys),
            [
                Some("two".to_owned()),
                Some("one".to_owned()),
                Some("k3".to_owned())
            ]
        );
    }
}
