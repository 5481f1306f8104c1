//! `podfeed validate --feed ID` checks every link of the served feed: the enclosure, the artwork
//! and each transcript, each fault named by its rule id, with the episode's slug and the feed
//! position of the element that links it.

use crate::common::example::{self, EPISODE, Example};
use crate::common::server::{Fault, Site};

/// Builds the example, serves it changed by `serve`, validates it with link checks; returns the
/// exit code and the findings about links.
fn validate_with(serve: impl FnOnce(Site) -> Site) -> (i32, Vec<serde_json::Value>) {
    validate_feed_with(serve).0
}

/// As [`validate_with`], also returning the built feed's text.
fn validate_feed_with(serve: impl FnOnce(Site) -> Site) -> ((i32, Vec<serde_json::Value>), String) {
    let mut ex = Example::new("");
    ex.build();
    let feed = ex.feed();
    let _server = ex.serve(serve(ex.site()));
    let out = ex.validate(&["--format", "json"]);
    let report = example::report(&out);
    let links = example::diagnostics(&report)
        .iter()
        .filter(|d| {
            let rule = d["rule"].as_str().unwrap_or_default();
            rule.starts_with("link.")
        })
        .cloned()
        .collect();
    ((out.status.code().expect("exit code"), links), feed)
}

fn rules(found: &[serde_json::Value]) -> Vec<&str> {
    found
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or_default())
        .collect()
}

#[test]
fn an_enclosure_host_refusing_head_is_an_error_at_the_enclosure() {
    let ((code, found), feed) =
        validate_feed_with(|s| s.fault(example::MEDIA, Fault::HeadNotAllowed));
    let enclosure_line = feed
        .lines()
        .position(|l| l.trim_start().starts_with("<enclosure"))
        .expect("an enclosure")
        + 1;
    assert_eq!(rules(&found), ["link.enclosure.head"]);
    assert_eq!(found[0]["episode"], EPISODE);
    assert_eq!(found[0]["path"], "/rss/channel/item/enclosure");
    assert_eq!(found[0]["line"], enclosure_line, "{}", found[0]);
    assert_eq!(code, 1);
}

#[test]
fn an_enclosure_host_without_ranges_is_an_error() {
    let (code, found) = validate_with(|s| s.fault(example::MEDIA, Fault::NoRange));
    assert_eq!(rules(&found), ["link.enclosure.range"]);
    assert_eq!(code, 1);
}

#[test]
fn a_served_length_other_than_the_feeds_is_a_warning() {
    let (code, found) = validate_with(|s| s.fault(example::MEDIA, Fault::WrongLength(999)));
    assert_eq!(rules(&found), ["link.enclosure.length"]);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("999"),
        "{}",
        found[0]
    );
    assert_eq!(code, 0);
}

#[test]
fn a_served_type_other_than_the_feeds_is_a_warning() {
    let (code, found) = validate_with(|s| s.fault(example::MEDIA, Fault::WrongType("video/mp4")));
    assert_eq!(rules(&found), ["link.enclosure.type"]);
    assert_eq!(code, 0);
}

#[test]
fn a_missing_transcript_is_a_status_error() {
    let (code, found) = validate_with(|s| s.fault(&example::transcript("vtt"), Fault::NotFound));
    assert_eq!(rules(&found), ["link.status"]);
    assert_eq!(found[0]["episode"], EPISODE);
    assert_eq!(found[0]["path"], "/rss/channel/item/podcast:transcript[1]");
    assert_eq!(code, 1);
}

#[test]
fn an_srt_file_served_as_the_webvtt_transcript_does_not_parse() {
    let (code, found) = validate_with(|s| {
        let srt = s
            .body(&example::transcript("srt"))
            .expect("built srt")
            .to_vec();
        s.file(&example::transcript("vtt"), srt, "text/vtt")
    });
    assert_eq!(rules(&found), ["link.transcript.parse"]);
    assert_eq!(code, 1);
}

#[test]
fn a_served_transcript_with_other_words_differs_from_the_records() {
    let (code, found) = validate_with(|s| {
        let vtt = String::from_utf8_lossy(s.body(&example::transcript("vtt")).expect("built vtt"))
            .replacen("Zuckerberg", "Somebody", 1);
        s.file(&example::transcript("vtt"), vtt, "text/vtt")
    });
    assert_eq!(rules(&found), ["link.transcript.differs"]);
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("Somebody") && message.contains("Zuckerberg"),
        "{message}"
    );
    assert_eq!(code, 0);
}

#[test]
fn artwork_of_1000_pixels_is_too_small() {
    let (code, found) =
        validate_with(|s| s.file(example::COVER, example::png(1000, 1000), "image/png"));
    assert_eq!(rules(&found), ["link.artwork.size"]);
    assert_eq!(found[0]["path"], "/rss/channel/itunes:image");
    assert!(found[0].get("episode").is_none(), "{}", found[0]);
    assert_eq!(code, 1);
}

/// A feed at a public name (reached through the test server acting as an HTTP proxy, so nothing
/// leaves this machine) linking one enclosure at a public name and one at 127.0.0.1.
#[test]
fn a_public_feed_s_links_to_private_addresses_are_reported_not_requested() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let local = format!("http://{}", listener.local_addr().expect("address"));
    let item = |n: u32, url: &str| {
        format!(
            "<item><title>E{n}</title><guid isPermaLink=\"false\">g-{n}</guid>\
             <enclosure url=\"{url}\" length=\"{}\" type=\"audio/mpeg\"/></item>",
            example::MEDIA_LEN
        )
    };
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
         <link>https://feeds.example.com/</link><description>D</description>{}{}</channel></rss>",
        item(1, "http://media.example.com/public.mp3"),
        item(2, &format!("{local}/private.mp3"))
    );
    let site = Site::new()
        .file("/feed.xml", feed, "application/rss+xml")
        .file(
            "/public.mp3",
            example::mp3(example::MEDIA_LEN),
            "audio/mpeg",
        )
        .file(
            "/private.mp3",
            example::mp3(example::MEDIA_LEN),
            "audio/mpeg",
        );
    let server = {
        let _guard = runtime.enter();
        site.start_on(listener)
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let out = assert_cmd::Command::cargo_bin("podfeed")
        .expect("binary")
        .current_dir(dir.path())
        .env("http_proxy", &local)
        .env("HTTP_PROXY", &local)
        .env_remove("no_proxy")
        .env_remove("NO_PROXY")
        .env_remove("all_proxy")
        .env_remove("ALL_PROXY")
        .args([
            "validate",
            "http://feeds.example.com/feed.xml",
            "--format",
            "json",
        ])
        .output()
        .expect("run podfeed");
    let err = String::from_utf8_lossy(&out.stderr);
    let report = example::report(&out);
    let private: Vec<&serde_json::Value> = example::diagnostics(&report)
        .iter()
        .filter(|d| d["rule"] == "link.private")
        .collect();
    assert_eq!(private.len(), 1, "{report}\n{err}");
    assert_eq!(private[0]["severity"], "error");
    assert_eq!(private[0]["episode"], "g-2");
    assert_eq!(
        server.hits("/private.mp3"),
        0,
        "a private address was requested"
    );
    assert!(
        server.hits("/public.mp3") > 0,
        "the public link was not checked"
    );
    assert_eq!(out.status.code(), Some(1), "{err}");
}

#[test]
fn the_chapters_file_is_fetched_and_a_missing_one_is_found_at_its_tag() {
    let mut ex = Example::new("");
    ex.build();
    let feed = ex.feed();
    let url = feed
        .split("<podcast:chapters ")
        .nth(1)
        .and_then(|tag| tag.split("url=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("the example links its chapters");
    let path = url::Url::parse(url).expect("a URL").path().to_owned();
    // Served as built, the chapters file passes.
    let _server = ex.serve(ex.site());
    let out = ex.validate(&["--format", "json"]);
    let report = example::report(&out);
    assert!(
        !example::diagnostics(&report)
            .iter()
            .any(|d| d["rule"].as_str().unwrap_or_default().starts_with("link.")),
        "{report}"
    );
    drop(_server);
    let (code, found) = validate_with(|s| s.fault(&path, Fault::NotFound));
    assert_eq!(rules(&found), ["link.status"]);
    assert_eq!(found[0]["path"], "/rss/channel/item/podcast:chapters");
    assert_eq!(found[0]["episode"], EPISODE);
    assert_eq!(code, 1);
}
