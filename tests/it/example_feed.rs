//! The shipped example's feed, pinned byte for byte: a change to what the builder writes shows
//! up here as a reviewed snapshot diff.

use super::common::site::{EPISODE, NOW, SHOW, example_site, podfeed};

#[test]
fn the_example_feed_is_the_reviewed_one() {
    let site = example_site();
    podfeed(site.path())
        .env("PODFEED_NOW", NOW)
        .arg("build")
        .assert()
        .success();
    let feed = std::fs::read_to_string(site.path().join("public").join(SHOW).join("feed.xml"))
        .expect("feed written");
    assert!(
        feed.contains(EPISODE),
        "the episode's transcripts are linked"
    );
    insta::assert_snapshot!(feed);
}
