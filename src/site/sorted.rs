//! Lookups in a sorted map with keys that come in ascending order.

/// The entries of a sorted map or set (`(key, value)` in key order), looked up with keys in
/// ascending order by walking them once: each lookup goes on from where the last one stopped,
/// instead of descending a tree with a string comparison per level.
pub(super) struct Sorted<'a, V, I: Iterator<Item = (&'a String, V)>> {
    rest: std::iter::Peekable<I>,
}

impl<'a, V: Copy, I: Iterator<Item = (&'a String, V)>> Sorted<'a, V, I> {
    pub(super) fn new(entries: I) -> Self {
        Sorted {
            rest: entries.peekable(),
        }
    }

    /// The value of `key`; `key` must not be less than the key of the call before.
    pub(super) fn get(&mut self, key: &str) -> Option<V> {
        while self.rest.next_if(|(k, _)| k.as_str() < key).is_some() {}
        self.rest
            .peek()
            .filter(|(k, _)| k.as_str() == key)
            .map(|(_, v)| *v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn sorted_lookups_in_ascending_order_find_what_a_map_lookup_finds() {
        let map: BTreeMap<String, u32> = ["a/1", "a/2", "a/3", "b/1"]
            .iter()
            .zip(1..)
            .map(|(k, v)| ((*k).to_owned(), v))
            .collect();
        let mut sorted = Sorted::new(map.iter());
        let asked = ["a/0", "a/2", "a/2", "a/25", "a/3", "b/1", "c"];
        let found: Vec<Option<u32>> = asked.iter().map(|k| sorted.get(k).copied()).collect();
        let expected: Vec<Option<u32>> = asked.iter().map(|k| map.get(*k).copied()).collect();
        assert_eq!(found, expected);
        assert_eq!(
            found,
            [None, Some(2), Some(2), None, Some(3), Some(4), None]
        );
    }
}
