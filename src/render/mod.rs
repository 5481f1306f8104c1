//! Model → published files: the feed XML and every transcript in every published format.
//! Pure: the result is an [`Output`], a set of relative paths and bytes, written by [`crate::site`].

use std::collections::BTreeMap;

/// A set of files to publish, keyed by path relative to the output folder (`/`-separated,
/// e.g. `good-tech-companies/feed.xml`). A `BTreeMap` so iteration order, and so every byte
/// derived from it, is deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Relative path → file content.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    /// Adds one file, replacing any earlier one at the same path.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// Whether `path` is a feed: feeds are written after the files they link to.
    pub fn is_feed(path: &str) -> bool {
        path.rsplit('/').next() == Some("feed.xml")
    }
}
