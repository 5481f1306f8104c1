//! The one matching step between a published feed and the records: each published item is
//! paired with the record it publishes (same guid, else same enclosure URL), once. The
//! comparison ([`super::compare`]), the episode label of every finding and the link targets of
//! `podfeed validate` all read the resulting [`Matched`], so an item has one record wherever it
//! is named. Pure.
//!
//! The lookups go through maps built once, so matching a feed of any size costs one lookup per
//! item and per due record: a feed whose 20,000 guids all drifted is matched in linear time.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::PublishedItem;
use crate::model::{Episode, Show};

/// How a published item was paired with its record. A guid pairing is the stronger one
/// (`Guid > Enclosure`): it wins when two items publish one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum By {
    /// The item's guid is no record's, but its enclosure URL is this record's: the guid changed.
    Enclosure,
    /// The item's guid is the record's.
    Guid,
}

/// Published items matched to records.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched<'a> {
    /// For each published item, in feed order (the order of `Published::items`): the record it
    /// publishes and how they were paired; `None` when no record has its guid or enclosure URL.
    pub items: Vec<Option<(&'a Episode, By)>>,
    /// The records due at the time of the check, in the order the feed should list them
    /// ([`Show::published_episodes`]), each with the index of the item that publishes it and
    /// how they were paired; `None` when no item does.
    pub due: Vec<(&'a Episode, Option<(usize, By)>)>,
}

impl<'a> Matched<'a> {
    /// Matches the published `items` with the records of `show`; records due at `now` are the
    /// ones the feed should hold.
    ///
    /// An item takes the first record (in record order) with its guid, else the first with its
    /// enclosure URL; an item whose guid is one record's is that record's only, whatever its
    /// enclosure URL. When several items publish one record, the record's item is the last one
    /// paired by guid, else the last one paired by enclosure URL.
    pub fn new(show: &'a Show, items: &[PublishedItem], now: DateTime<Utc>) -> Self {
        let records = Records::new(show);
        let items: Vec<Option<(&Episode, By)>> = items.iter().map(|i| records.of(i)).collect();
        // Keyed by guid, which names one record (the records loader rejects duplicates).
        let mut item_of: HashMap<&str, (usize, By)> = HashMap::new();
        for (n, (episode, by)) in items
            .iter()
            .enumerate()
            .filter_map(|(n, p)| Some((n, (*p)?)))
        {
            item_of
                .entry(episode.guid.as_str())
                .and_modify(|seen| {
                    if by >= seen.1 {
                        *seen = (n, by);
                    }
                })
                .or_insert((n, by));
        }
        let due = show
            .published_episodes(now)
            .into_iter()
            .map(|e| (e, item_of.get(e.guid.as_str()).copied()))
            .collect();
        Matched { items, due }
    }

    /// The slug of the record that item `n` publishes.
    pub fn slug(&self, n: usize) -> Option<&'a str> {
        let (episode, _) = self.items.get(n).copied().flatten()?;
        Some(episode.slug.as_str())
    }

    /// The indexes of the items that publish no record, in feed order.
    pub fn unmatched_items(&self) -> impl Iterator<Item = usize> + '_ {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_none())
            .map(|(n, _)| n)
    }

    /// The due records that no item publishes, in feed order.
    pub fn missing(&self) -> impl Iterator<Item = &'a Episode> + '_ {
        self.due
            .iter()
            .filter(|(_, item)| item.is_none())
            .map(|(e, _)| *e)
    }
}

/// The records by guid and by enclosure URL.
struct Records<'a> {
    by_guid: HashMap<&'a str, &'a Episode>,
    /// Keyed by the URL as published: behind the show's measurement prefix, if any.
    by_enclosure: HashMap<String, &'a Episode>,
}

impl<'a> Records<'a> {
    fn new(show: &'a Show) -> Self {
        // Episodes are in no particular order; the first record wins a (bad) duplicate, as a
        // search in record order would.
        let mut by_guid = HashMap::new();
        let mut by_enclosure = HashMap::new();
        for e in show.episodes.iter().map(Box::as_ref) {
            by_guid.entry(e.guid.as_str()).or_insert(e);
            by_enclosure
                .entry(crate::render::item_tags::published_url(
                    show,
                    &e.enclosure.url,
                ))
                .or_insert(e);
        }
        Records {
            by_guid,
            by_enclosure,
        }
    }

    /// The record that `item` publishes, and how.
    fn of(&self, item: &PublishedItem) -> Option<(&'a Episode, By)> {
        let by_guid = item.guid.as_deref().and_then(|g| self.by_guid.get(g));
        if let Some(e) = by_guid {
            return Some((*e, By::Guid));
        }
        let (url, _, _) = item.enclosure.as_ref()?;
        let e = self.by_enclosure.get(url.as_str())?;
        Some((*e, By::Enclosure))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::tests::{show, utc};

    /// An item with `guid` whose enclosure is `https://p.example/{mp3}.mp3`.
    fn item(guid: &str, mp3: &str) -> PublishedItem {
        PublishedItem {
            guid: Some(guid.to_owned()),
            enclosure: Some((
                format!("https://p.example/{mp3}.mp3"),
                String::new(),
                String::new(),
            )),
            ..PublishedItem::default()
        }
    }

    /// Each item's (slug, how) and each due record's (slug, item index, how).
    type Summary<'s> = (
        Vec<Option<(&'s str, By)>>,
        Vec<(&'s str, Option<(usize, By)>)>,
    );

    fn summary<'s>(m: &Matched<'s>) -> Summary<'s> {
        (
            m.items
                .iter()
                .map(|p| p.map(|(e, by)| (e.slug.as_str(), by)))
                .collect(),
            m.due.iter().map(|(e, i)| (e.slug.as_str(), *i)).collect(),
        )
    }

    fn now() -> DateTime<Utc> {
        utc("2024-03-02T00:00:00Z")
    }

    #[test]
    fn items_are_matched_by_guid() {
        let show = show();
        let (one, two) = (&show.episodes[0].guid, &show.episodes[1].guid);
        // Enclosure URLs swapped: the guid decides.
        let m = Matched::new(&show, &[item(two, "one"), item(one, "two")], now());
        assert_eq!(
            summary(&m),
            (
                vec![Some(("two", By::Guid)), Some(("one", By::Guid))],
                vec![("two", Some((0, By::Guid))), ("one", Some((1, By::Guid)))]
            )
        );
        assert_eq!(
            (m.slug(0), m.slug(1), m.slug(2)),
            (Some("two"), Some("one"), None)
        );
        assert_eq!(m.unmatched_items().count(), 0);
        assert_eq!(m.missing().count(), 0);
    }

    #[test]
    fn an_item_with_another_guid_is_matched_by_its_enclosure_url() {
        let show = show();
        let m = Matched::new(
            &show,
            &[item("drifted", "one"), item("stranger", "x")],
            now(),
        );
        assert_eq!(
            summary(&m),
            (
                vec![Some(("one", By::Enclosure)), None],
                vec![("two", None), ("one", Some((0, By::Enclosure)))]
            )
        );
        assert_eq!(m.unmatched_items().collect::<Vec<_>>(), [1]);
        let missing: Vec<&str> = m.missing().map(|e| e.slug.as_str()).collect();
        assert_eq!(missing, ["two"]);
    }

    #[test]
    fn an_enclosure_behind_the_measurement_prefix_is_matched() {
        let mut show = show();
        show.enclosure_prefix = Some("https://op3.dev/e/".to_owned());
        let mut prefixed = item("drifted", "one");
        if let Some((url, _, _)) = prefixed.enclosure.as_mut() {
            *url = url.replace("https://", "https://op3.dev/e/");
        }
        let m = Matched::new(&show, &[prefixed, item("stranger", "two")], now());
        assert_eq!(summary(&m).0, vec![Some(("one", By::Enclosure)), None]);
    }

    #[test]
    fn a_guid_match_is_kept_over_another_records_enclosure_url() {
        let show = show();
        let one = &show.episodes[0].guid;
        // One's guid with two's enclosure: the item is one's (its enclosure changed), and two is
        // not published.
        let m = Matched::new(&show, &[item(one, "two")], now());
        assert_eq!(
            summary(&m),
            (
                vec![Some(("one", By::Guid))],
                vec![("two", None), ("one", Some((0, By::Guid)))]
            )
        );
    }

    #[test]
    fn a_record_published_twice_takes_its_guid_item_else_the_last_one() {
        let show = show();
        let one = &show.episodes[0].guid;
        let items = [item("old", "one"), item(one, "one"), item(one, "x")];
        let m = Matched::new(&show, &items, now());
        assert_eq!(
            summary(&m).0,
            [
                Some(("one", By::Enclosure)),
                Some(("one", By::Guid)),
                Some(("one", By::Guid))
            ]
        );
        assert_eq!(
            m.due[1].1,
            Some((2, By::Guid)),
            "the last item with the guid"
        );
        let items = [item("a", "one"), item("b", "one")];
        let m = Matched::new(&show, &items, now());
        assert_eq!(
            m.due[1].1,
            Some((1, By::Enclosure)),
            "the last by enclosure"
        );
    }

    #[test]
    fn duplicate_records_give_the_item_to_the_first() {
        let mut show = show();
        let mut copy = show.episodes[0].clone();
        copy.slug = "one-again".into();
        copy.guid = "another".into();
        show.episodes.push(copy);
        let m = Matched::new(&show, &[item("drifted", "one")], now());
        assert_eq!(summary(&m).0, [Some(("one", By::Enclosure))]);
        let missing: Vec<&str> = m.missing().map(|e| e.slug.as_str()).collect();
        assert_eq!(missing, ["two", "one-again"]);
    }

    #[test]
    fn records_not_yet_due_are_matched_but_not_listed_as_due() {
        let show = show();
        let one = &show.episodes[0].guid;
        let m = Matched::new(&show, &[item(one, "one")], utc("2024-01-15T00:00:00Z"));
        assert_eq!(
            summary(&m),
            (
                vec![Some(("one", By::Guid))],
                vec![("one", Some((0, By::Guid)))]
            )
        );
        let m = Matched::new(&show, &[item("x", "two")], utc("2024-01-15T00:00:00Z"));
        assert_eq!(summary(&m).0, [Some(("two", By::Enclosure))]);
        assert_eq!(
            m.unmatched_items().count(),
            0,
            "a future record is not extra"
        );
    }
}
