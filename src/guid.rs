//! `podcast:guid`: the show's permanent id, a UUIDv5 of its feed URL (SPEC.md §4).

/// The Podcast Index's UUIDv5 namespace for `podcast:guid` (SPEC.md §4).
pub const PODCAST_GUID_NAMESPACE: uuid::Uuid = uuid::uuid!("ead4c236-bf58-58c6-a2c6-a6b28d128cb6");

/// The `podcast:guid` a feed URL gives: UUIDv5 of the URL without its scheme and trailing slashes;
/// nothing else is normalised (SPEC.md §4).
pub fn podcast_guid(feed_url: &str) -> uuid::Uuid {
    let name = feed_url
        .split_once("://")
        .map_or(feed_url, |(_, rest)| rest);
    uuid::Uuid::new_v5(
        &PODCAST_GUID_NAMESPACE,
        name.trim_end_matches('/').as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_the_worked_examples_of_spec_4() {
        let cases = [
            (
                "https://mp3s.nashownotes.com/pc20rss.xml",
                "917393e3-1b1e-5cef-ace4-edaa54e1f810",
            ),
            (
                "https://podnews.net/rss",
                "9b024349-ccf0-5f69-a609-6b82873eab3c",
            ),
            (
                "http://example.com/feed/",
                "4136005d-a5b9-534d-b32a-e88894e1ae4a",
            ),
            (
                "https://feeds.podcastindex.org/pc20.xml",
                "d5a1ae35-5e8b-599a-943b-95609562016d",
            ),
        ];
        for (url, guid) in cases {
            assert_eq!(podcast_guid(url).to_string(), guid, "{url}");
        }
        let unstripped = uuid::Uuid::new_v5(
            &PODCAST_GUID_NAMESPACE,
            b"https://mp3s.nashownotes.com/pc20rss.xml",
        );
        assert_eq!(
            unstripped.to_string(),
            "7c0d75c5-0f82-5811-acf9-217174ec78ad"
        );
    }
}
