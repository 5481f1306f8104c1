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
    published
        .items
        .iter()
        .zip(keys)
        .map(|(item, key)| slug_of(show, item).or_else(|| key.clone()))
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

/// The slug of the record that `item` publishes: same guid, else same enclosure URL.
fn slug_of(show: &Show, item: &PublishedItem) -> Option<String> {
    let by_guid = item
        .guid
        .as_deref()
        .and_then(|g| show.episodes.iter().find(|e| e.guid == g));
    let by_enclosure = || {
        item.enclosure
            .as_ref()
            .and_then(|(u, _, _)| show.episodes.iter().find(|e| e.enclosure.url.as_str() == u))
    };
    by_guid.or_else(by_enclosure).map(|e| e.slug.clone())
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
            Diagnostic::warning("date.weekday", "m").episode("g-1"),
            Diagnostic::warning("date.weekday", "m").episode("Two"),
            Diagnostic::warning("date.weekday", "m").episode("elsewhere"),
            Diagnostic::warning("date.weekday", "m"),
        ];
        rename(&mut found, &keys, &labels);
        let names: Vec<Option<&str>> = found.iter().map(|d| d.episode.as_deref()).collect();
        assert_eq!(names, [Some("first"), Some("Two"), Some("elsewhere"), None]);
    }
}
