//! The baseline `podfeed build` is measured against (issue 15): the bare `rss` crate writing the
//! feed of a show from one JSON file of its episodes, with no records, checks or manifest.
//!
//! ```sh
//! PODFEED_BENCH_GENERATE=/tmp/site PODFEED_BENCH_EPISODES=10000 cargo bench --bench build
//! cargo run --release --example rss_baseline -- /tmp/site/episodes.json /tmp/feed.xml
//! ```
//!
//! The JSON is what the bench generator writes beside the records (`benches/build.rs`): the
//! channel's fields and, per episode, what its item carries. The items are written newest first,
//! with the same elements podfeed writes for these records (description and `content:encoded`,
//! enclosure, guid, date, `itunes:duration`, `itunes:explicit`, `itunes:episodeType`), so both
//! programs write feeds of about the same size.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write as _};

use rss::extension::itunes::{
    ITunesCategory, ITunesChannelExtension, ITunesItemExtension, ITunesOwner,
};
use rss::{Channel, Enclosure, Guid, Image, Item};
use serde::Deserialize;

/// The show, as the generator writes it.
#[derive(Deserialize)]
struct Show {
    title: String,
    link: String,
    description: String,
    language: String,
    author: String,
    owner: Owner,
    image: String,
    category: String,
    episodes: Vec<Episode>,
}

/// The show's owner.
#[derive(Deserialize)]
struct Owner {
    name: String,
    email: String,
}

/// One episode.
#[derive(Deserialize)]
struct Episode {
    title: String,
    description: String,
    #[serde(rename = "pubDate")]
    pub_date: String,
    guid: String,
    enclosure: Media,
    duration: u64,
}

/// An episode's enclosure.
#[derive(Deserialize)]
struct Media {
    url: String,
    length: u64,
    #[serde(rename = "type")]
    mime_type: String,
}

fn item(e: Episode) -> Item {
    let itunes = ITunesItemExtension {
        duration: Some(e.duration.to_string()),
        explicit: Some("false".into()),
        episode_type: Some("full".into()),
        ..Default::default()
    };
    Item {
        title: Some(e.title),
        content: Some(e.description.clone()),
        description: Some(e.description),
        enclosure: Some(Enclosure {
            url: e.enclosure.url,
            length: e.enclosure.length.to_string(),
            mime_type: e.enclosure.mime_type,
        }),
        guid: Some(Guid {
            value: e.guid,
            permalink: false,
        }),
        pub_date: Some(e.pub_date),
        itunes_ext: Some(itunes),
        ..Default::default()
    }
}

fn channel(show: Show) -> Channel {
    let namespaces = BTreeMap::from([
        (
            "itunes".to_owned(),
            "http://www.itunes.com/dtds/podcast-1.0.dtd".to_owned(),
        ),
        (
            "content".to_owned(),
            "http://purl.org/rss/1.0/modules/content/".to_owned(),
        ),
    ]);
    let itunes = ITunesChannelExtension {
        author: Some(show.author),
        categories: vec![ITunesCategory {
            text: show.category,
            subcategory: None,
        }],
        image: Some(show.image.clone()),
        explicit: Some("false".into()),
        owner: Some(ITunesOwner {
            name: Some(show.owner.name),
            email: Some(show.owner.email),
        }),
        ..Default::default()
    };
    let mut items: Vec<Item> = show.episodes.into_iter().map(item).collect();
    items.reverse();
    Channel {
        image: Some(Image {
            url: show.image,
            title: show.title.clone(),
            link: show.link.clone(),
            ..Default::default()
        }),
        title: show.title,
        link: show.link,
        description: show.description,
        language: Some(show.language),
        generator: Some("rss_baseline".into()),
        itunes_ext: Some(itunes),
        namespaces,
        items,
        ..Default::default()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err("usage: rss_baseline EPISODES.json FEED.xml".into());
    };
    let show: Show = serde_json::from_slice(&std::fs::read(input)?)?;
    let mut out = BufWriter::new(std::fs::File::create(output)?);
    channel(show).pretty_write_to(&mut out, b' ', 2)?;
    out.flush()?;
    Ok(())
}
