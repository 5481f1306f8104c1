//! A generated directory of podcast feeds for the tests of many feeds (`validate --list`, the
//! history): numbered feeds, a server for them, and the list file naming them.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the helper"
)]

use std::path::{Path, PathBuf};

use crate::common::server::{Server, Site};

/// A small feed without errors, numbered.
pub fn feed(i: usize) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel>
<title>Show {i}</title>
<link>https://show{i}.example/</link>
<description>Show number {i}.</description>
<language>en</language>
<itunes:author>Host {i}</itunes:author>
<itunes:image href="https://show{i}.example/art.jpg"/>
<itunes:category text="Technology"/>
<itunes:explicit>false</itunes:explicit>
<item>
<title>Episode one of show {i}</title>
<guid isPermaLink="false">show-{i}-ep-1</guid>
<pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate>
<enclosure url="https://cdn.example/{i}/1.mp3" length="1000" type="audio/mpeg"/>
</item>
</channel>
</rss>
"#
    )
}

/// Starts `site` on a runtime of its own (kept alive by the caller).
pub fn start(site: Site) -> (tokio::runtime::Runtime, Server) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(site.start());
    (runtime, server)
}

/// Writes `lines` as a list file (with a comment and a blank line) in `dir`.
pub fn list(dir: &Path, lines: &[String]) -> PathBuf {
    let path = dir.join("feeds.txt");
    let text = format!("# generated directory\n\n{}\n", lines.join("\n"));
    std::fs::write(&path, text).expect("write list");
    path
}
